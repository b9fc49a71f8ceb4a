"""Reading seeds and their editor metadata from disk (the input edge of the pipeline)."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable

from charset_normalizer import from_bytes

from briefing.editor_yaml import as_text, date_problem, line_of, read_yaml, where
from briefing.errors import InputError, ValidationError
from briefing.input_files import read_input
from briefing.model import ArticleMeta
from briefing.sources.decode import MIN_JUDGED, READS_RIGHT, bom_codec, common_share
from briefing.urls import WEB_SCHEMES, url_problem

# A news article is < 100 KB; 1 MB is ~350,000 characters, a book. Above it the file is refused
# (by its size before it is read; at most 1 MB + 1 byte is ever read, whatever the size claims):
# a pasted site dump would otherwise cost minutes and a page no one can read.
MAX_SEED_BYTES = 1024 * 1024
_SEED_NAME = re.compile(r"^\d{3,}_[\w-]+\.txt$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = {"day": re.compile(r"^\d{4}-\d{2}-\d{2}$"), "month": re.compile(r"^\d{4}-\d{2}$"),
         "year": re.compile(r"^\d{4}$"), "unknown": re.compile(r"^$")}
# Encodings Chinese sources arrive in, most likely first; GB18030 is a superset of GBK/GB2312.
_FALLBACK_ENCODINGS = ("gb18030", "big5hkscs")


@dataclass(frozen=True)
class Seed:
    """A seed file's text, decoded, with how it was decoded."""

    path: Path
    text: str
    encoding: str


@dataclass(frozen=True)
class Corrections:
    """Editor-declared fixes to scraping damage, applied by the cleaner and reported."""

    replace: tuple[tuple[str, str], ...] = ()  # (find, replacement)
    captions: tuple[str, ...] = ()  # line prefixes that are photo captions
    strip: tuple[str, ...] = ()  # extra line prefixes that are site chrome


def find_seeds(seeds_dir: Path) -> list[Path]:
    """Seed files in reading order (by their numeric prefix)."""
    if seeds_dir.exists() and not seeds_dir.is_dir():
        raise InputError("a file is where the folder of seed articles is expected", path=seeds_dir,
                         hint=f"move or rename the file {seeds_dir.name}, then create the folder")
    if not seeds_dir.is_dir():
        raise InputError("seeds folder not found", path=seeds_dir,
                         hint="create it and put articles in it as NNN_name.txt")
    paths = [p for p in seeds_dir.glob("*.txt") if not p.name.startswith(".")]
    for path in paths:  # a name the file system holds as bytes that are not UTF-8 cannot be published
        try:
            path.name.encode("utf-8")
        except UnicodeEncodeError:
            shown = repr(os.fsencode(path.name))[2:-1]  # its bytes, as b'...' shows them
            raise InputError(f"a seed's file name is not UTF-8 text: {shown}", path=seeds_dir,
                             hint="rename the file with a UTF-8 name (e.g. 000_article.txt)") from None
    # numbered seeds (000_name.txt) in their order, then files dropped in without a number by name
    return sorted(paths, key=lambda p: (0, p.name) if _SEED_NAME.match(p.name) else (1, p.name))


def decode_seed(raw: bytes, path: Path) -> tuple[str, str]:
    """(text, encoding): a byte-order mark's (UTF-8, UTF-16, UTF-32), else UTF-8, else GB18030 or
    Big5, whichever reads as Chinese (sources/decode.py: Big5 bytes also decode as GBK, garbled);
    else an error."""
    unicode_codec = bom_codec(raw)
    if unicode_codec:
        try:
            return raw.decode(unicode_codec), "utf-8" if unicode_codec == "utf-8-sig" else unicode_codec
        except UnicodeDecodeError as exc:
            raise InputError(f"starts as {unicode_codec.upper()} text but is not (bad byte at offset "
                             f"{exc.start})", path=path, hint="re-save the file as UTF-8") from None
    if b"\x00" in raw[:4096]:
        raise InputError("looks like a binary file, not text", path=path,
                         hint="seeds must be plain-text articles (.txt)")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    readings = []
    for codec in _FALLBACK_ENCODINGS:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        share, count = common_share(text)
        readings.append((count >= MIN_JUDGED and share >= READS_RIGHT, share, text, codec))
    right = [r for r in readings if r[0]]
    if right:
        best = max(right, key=lambda r: r[1])
        return best[2], best[3]
    # too little Chinese to judge by reading: the likelier Chinese encoding by content
    guess = from_bytes(raw, cp_isolation=list(_FALLBACK_ENCODINGS)).best()
    if guess is not None and _cjk_ratio(str(guess)) > 0.2 and common_share(str(guess))[1] < MIN_JUDGED:
        return str(guess), guess.encoding
    raise InputError(f"not UTF-8 (bad byte at offset {utf8_error.start}) nor GB18030/Big5 Chinese text",
                     path=path, hint="re-save the file as UTF-8 (e.g. iconv -f ENCODING -t UTF-8)")


def _cjk_ratio(text: str) -> float:
    letters = [c for c in text if not c.isspace()]
    if not letters:
        return 0.0
    return sum("\u4e00" <= c <= "\u9fff" for c in letters) / len(letters)


def read_seed(path: Path) -> Seed:
    """Read and decode one seed, refusing empty, binary and oversized files, and anything but a
    regular file inside the project (briefing.input_files), with a clear message."""
    raw = read_input(path, what="seed", limit=MAX_SEED_BYTES,
                     too_large_hint="one seed is one article: split it into separate seed files")
    text, encoding = decode_seed(raw, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("file is empty", path=path, hint="delete it or paste the article text into it")
    return Seed(path=path, text=text, encoding=encoding)


def meta_path(seed_path: Path) -> Path:
    return seed_path.with_suffix(".yml")


def default_slug_of(seed_path: Path) -> str:
    """The slug when the editor gives none: the file name's letters and digits; for a name with
    none (e.g. 文章.txt), 'article-' and a short hash of the name."""
    slug = re.sub(r"[^a-z0-9]+", "-", seed_path.stem.lower()).strip("-")
    return slug or "article-" + hashlib.sha1(seed_path.name.encode("utf-8")).hexdigest()[:8]


def read_meta(seed_path: Path) -> tuple[ArticleMeta, Corrections]:
    """Editor metadata beside a seed (NNN_name.yml); absent → defaults from the file name."""
    path = meta_path(seed_path)
    default_slug = default_slug_of(seed_path)
    if not os.path.lexists(path):  # a link to nothing is reported, not taken for no file
        return ArticleMeta(slug=default_slug, source_file=seed_path.name), Corrections()
    data = read_yaml(path, what="metadata", hint="fix the YAML at that line; see seeds/README.md") or {}
    if not isinstance(data, dict):
        raise InputError("expected a mapping (key: value lines)", path=path, line=1)
    return _meta_from(data, path, default_slug, seed_path.name)


_META_KEYS = {f.name for f in fields(ArticleMeta)} - {"source_file", "given", "found"}
_CORRECTION_KEYS = {"corrections", "captions", "strip_lines"}


def _meta_from(data: dict[str, Any], path: Path, default_slug: str, source_file: str
               ) -> tuple[ArticleMeta, Corrections]:
    problems: list[str] = []

    def fail(key: str, msg: str) -> None:
        problems.append(where(path, line_of(data, key), key) + msg)

    for key in sorted(map(str, set(data) - _META_KEYS - _CORRECTION_KEYS)):
        fail(key, f"unknown key; known: {', '.join(sorted(_META_KEYS | _CORRECTION_KEYS))}")
    values = {}
    for k in sorted(_META_KEYS & set(data)):
        if isinstance(data[k], (dict, list)):
            fail(k, "must be text (one line), not a list or mapping")
        else:
            values[k] = as_text(data[k]).strip()
    values.setdefault("slug", default_slug)
    if not _SLUG.match(values["slug"]):
        fail("slug", f"'{values['slug']}' must be lower-case letters, digits and hyphens, e.g. deepseek-tops-charts")
    precision = values.setdefault("precision", "unknown" if not values.get("published") else "day")
    published = values.get("published", "")
    if precision not in _DATE:
        fail("precision", f"'{precision}' must be one of day, month, year, unknown")
    elif precision == "unknown":
        if published:
            fail("published", f"'{published}' is given but precision is 'unknown'; "
                              "write the precision (day, month or year) or leave published empty")
    else:
        problem = date_problem(published, precision)
        if problem:
            fail("published", f"{problem} (precision '{precision}')")
    url_error = url_problem(values.get("url", ""), schemes=WEB_SCHEMES, relative=False)
    if url_error:
        fail("url", url_error)
    if not re.match(r"^(\d{2}:\d{2})?$", values.get("published_time", "")):
        fail("published_time", f"'{values['published_time']}' must look like 14:05 (24-hour clock)")
    corrections = Corrections(
        replace=tuple(_pairs(data.get("corrections"), lambda m: fail("corrections", m))),
        captions=tuple(_strings(data.get("captions"), "captions", lambda m: fail("captions", m))),
        strip=tuple(_strings(data.get("strip_lines"), "strip_lines", lambda m: fail("strip_lines", m))))
    if len(problems) == 1:
        raise InputError(problems[0], hint="see seeds/README.md for the fields")
    if problems:
        raise ValidationError(problems, summary=f"{path}: the metadata has problems",
                              hint="see seeds/README.md for the fields")
    given = frozenset(k for k in _META_KEYS if k in data)
    return ArticleMeta(source_file=source_file, given=given, **values), corrections  # type: ignore[arg-type]


def _strings(value: object, key: str, fail: Callable[[str], None]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        fail("must be a list of non-empty text lines, e.g. ['图为', '资料图']")
        return []
    return value


def _pairs(value: object, fail: Callable[[str], None]) -> list[tuple[str, str]]:
    if value is None:
        return []
    if not isinstance(value, list):
        fail("must be a list of {find: TEXT, replace: TEXT, note: WHY}")
        return []
    ok = all(
        isinstance(v, dict) and isinstance(v.get("find"), str) and v["find"]
        and isinstance(v.get("replace") or "", str) for v in value)
    if not ok:
        fail("must be a list of {find: TEXT, replace: TEXT, note: WHY}; 'find' not empty")
        return []
    return [(v["find"], v["replace"] or "") for v in value]
