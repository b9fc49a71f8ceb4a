"""`briefing add FILE.html|FILE.txt|URL`: a new seed (NNN_<slug>.txt, next free number), its raw
page kept beside it, and a prefilled NNN_<slug>.yml for the editor to review.

Everything is read, extracted and checked before anything is written: a failure leaves the
seeds folder as it was.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing.errors import InputError
from briefing.input_files import read_input
from briefing.urls import web_address
from briefing.io import write_bytes_atomic, write_text_atomic
from briefing.model import ArticleMeta
from briefing.sources.articles import build_article
from briefing.sources.decode import decode_page, sniff_type
from briefing.sources.duplicates import same_body, url_key
from briefing.sources.html import MIN_ARTICLE_CJK, extract_article, extraction_record
from briefing.sources.ingest import MAX_SEED_BYTES, decode_seed, default_slug_of, find_seeds, meta_path
from briefing.sources.script import Conversion
from briefing.sources.slugs import slug_from_title, unique_slug

_NUMBER = re.compile(r"^(\d{3,})_")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
# `add` cleans the text to check it and to find its headline; the other script is never shown
# or written here (the build makes it, by the project's conversion): characters only will do
_UNSHOWN = Conversion()


@dataclass
class Added:
    """What `add` wrote and what it found (field → (value, how))."""

    seed: Path
    meta: Path
    raw: Path | None
    slug: str
    found: dict[str, tuple[str, str]] = field(default_factory=dict)
    headline_provisional: bool = False
    removed: int = 0
    unsure: int = 0
    record: Path | None = None  # the extraction record of a web page
    notes: list[str] = field(default_factory=list)  # what the editor should check

    def describe(self) -> str:
        lines = [f"added {self.seed.name} (slug {self.slug})"]
        if self.raw is not None:
            lines.append(f"  raw page kept as {self.raw.name}")
        lines.append(f"  metadata for review: {self.meta.name}")
        if self.record is not None:
            lines.append(f"  how the page was read: {self.record.name} (every kept block and why)")
        lines += [f"  check: {note}" for note in self.notes]
        for name, (value, how) in self.found.items():
            lines.append(f"  {name:<15} {value}   [{how}]")
        if self.headline_provisional:
            lines.append("  headline        none printed: a provisional one from the lead sentence will be "
                         "shown until you set title_zh")
        lines.append(f"  cleaner removed {self.removed} line(s)" + (
            f", {self.unsure} of them unsure" if self.unsure else "")
            + f"; after `briefing build`, read build/reports/{self.slug}.md")
        return "\n".join(lines)


def add_article(seeds_dir: Path, source: str, force: bool = False, english_title: str = "",
                allow_private: bool = False) -> Added:
    """Add one article from a saved page, a text file or a URL to `seeds_dir`. A page that is no
    article, or an article already in `seeds_dir`, is refused unless `force`; an empty or
    near-empty article text always is."""
    existing = find_seeds(seeds_dir)
    if re.match(r"^https?://", source, re.I):
        from briefing.sources.fetch import download
        got = download(source, allow_private=allow_private)  # bounded; private addresses refused
        page, raw, url, kind = got.raw, got.raw, got.url, "html" if got.content_type != "text/plain" else "txt"
        charset, label, fetch_note = got.charset, source, got.note
    else:
        path = Path(source)
        if not os.path.lexists(path):
            raise InputError("no such file", path=path, hint="give a saved .html page, a .txt file or an http(s) URL")
        # named by the user, so anywhere; still a regular file, bounded (briefing.input_files)
        raw = read_input(path, what="page or text file", limit=8 * MAX_SEED_BYTES, confine=False,
                         too_large_hint="one file is one article: save the article's page alone")
        sniffed = sniff_type(raw)  # what the bytes are, whatever the name says
        if sniffed not in ("text/html", "text/plain"):
            raise InputError(f"not a web page or a text file but {sniffed}", path=path,
                             hint="give a saved .html page or a .txt file of the article")
        kind = "html" if sniffed == "text/html" or path.suffix.lower() in _HTML_SUFFIXES else "txt"
        page, url, charset, label, fetch_note = raw, "", "", str(path), ""
    extracted = None
    if kind == "html":
        decoded = decode_page(page, charset, source=label)  # checked by reading (sources/decode.py)
        text_html, encoding = decoded.text, decoded.encoding
        reading_notes = [n for n in (fetch_note, decoded.note) if n]
        extracted = extract_article(text_html, url, source=label, force=force)
        text, found = extracted.text, {k: (getattr(extracted, k), v) for k, v in extracted.how.items()
                                       if getattr(extracted, k)}
        extracted.notes[:0] = reading_notes  # how the bytes were read: first for the editor to check
        address = web_address(extracted.canonical) or url  # a page's own word, so only a web address
        if address:
            found.setdefault("url", (address, "the address it was downloaded from" if address == url
                                     else "the page's canonical address"))
    else:
        text, encoding = decode_seed(page, Path(label))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise InputError("file is empty", path=label)
        found = {"url": (url, "the address it was downloaded from")} if url else {}
    if len(text.encode("utf-8")) > MAX_SEED_BYTES:
        raise InputError(f"the article text from {label} is over 1 MB", hint="split it into separate articles")
    if not force:
        _refuse_duplicate(seeds_dir, existing, label, text, found.get("url", ("", ""))[0])
    number = _next_number(existing)
    # what the text cleaner makes of it, exactly as the build will (found values, removals)
    probe = build_article(text, _meta_from_found("article", f"{number}_article.txt", found), path=Path(label),
                          conversion=_UNSHOWN)
    body_cjk = sum(len(_CJK.findall(s.source)) for p in probe.paragraphs for s in p.segments)
    if body_cjk < MIN_ARTICLE_CJK:
        raise InputError(f"no article text in {label}: {body_cjk} Chinese characters are left after cleaning",
                         hint="check that it holds the article; nothing was written")
    headline = probe.title.source if probe.meta.title_source != "provisional" else ""
    slug = _unique_slug(slug_from_title(english_title) or slug_from_title(found.get("title", ("", ""))[0])
                        or slug_from_title(headline) or _slug_for(source, url), existing)
    seed = seeds_dir / f"{number}_{slug}.txt"
    meta = _meta_from_found(slug, seed.name, found)
    article = build_article(text, meta, path=seed, conversion=_UNSHOWN)
    for f in article.meta.found:
        if f.field in ("title", "author", "outlet", "published", "published_time") and f.field not in found:
            found[f.field] = (f.value, "in the text, " + f.how)
    raw_path = seeds_dir / f"{number}_{slug}.html" if kind == "html" else None
    record_path = seeds_dir / f"{number}_{slug}.extraction.md" if extracted is not None else None
    yml = _prefilled_yaml(seed.name, slug, label, encoding, found, extracted.notes if extracted else [])
    write_text_atomic(seed, text)
    if raw_path is not None:
        write_bytes_atomic(raw_path, raw)
    if record_path is not None and extracted is not None:
        write_text_atomic(record_path, extraction_record(extracted, label))
    write_text_atomic(meta_path(seed), yml)
    return Added(seed=seed, meta=meta_path(seed), raw=raw_path, slug=slug, found=found,
                 headline_provisional=article.meta.title_source == "provisional",
                 removed=len(article.removed), unsure=sum(1 for r in article.removed if r.unsure),
                 record=record_path, notes=extracted.notes if extracted else [])


def _refuse_duplicate(seeds_dir: Path, existing: list[Path], label: str, text: str, address: str) -> None:
    """InputError when the article is already a seed: the same address, or the same body."""
    key = url_key(address) if address else ""
    for seed in existing:
        yml = meta_path(seed)
        if key and yml.exists():
            meta = read_input(yml, what="metadata").decode("utf-8", errors="replace")
            m = re.search(r"^url:\s*[\"']?(\S+?)[\"']?\s*$", meta, re.M)
            if m and url_key(m.group(1)) == key:
                raise InputError(f"{label} is already in the briefing as {seed.name} (the same address: {address})",
                                 hint="nothing was written; to add it again anyway, use --force")
        try:
            old = read_input(seed, what="seed", limit=MAX_SEED_BYTES).decode("utf-8", errors="replace")
        except (OSError, InputError):
            continue  # an unreadable seed is reported by the build; it cannot be this article
        if same_body(text, old):
            raise InputError(f"{label} is already in the briefing as {seed.name} (the same article text)",
                             hint="nothing was written; to add it again anyway (e.g. another outlet's "
                                  "version you want side by side), use --force")


def _meta_from_found(slug: str, source_file: str, found: dict[str, tuple[str, str]]) -> ArticleMeta:
    values = {"title_zh": found.get("title", ("", ""))[0], "author": found.get("author", ("", ""))[0],
              "outlet": found.get("outlet", ("", ""))[0], "url": found.get("url", ("", ""))[0]}
    published = found.get("published", ("", ""))[0]
    given = frozenset(k for k, v in values.items() if v) | (frozenset({"published"}) if published else frozenset())
    return ArticleMeta(slug=slug, source_file=source_file, published=published,
                       precision="day" if published else "unknown", given=given,
                       title_zh=values["title_zh"], author=values["author"], outlet=values["outlet"],
                       url=values["url"])


def _prefilled_yaml(seed_name: str, slug: str, label: str, encoding: str,
                    found: dict[str, tuple[str, str]], notes: list[str]) -> str:
    """The editor's metadata file: values from the page's markup filled in; values the text
    cleaner finds by itself listed as comments (they are used unless a field here says otherwise)."""
    from_markup = {k: v for k, (v, how) in found.items() if not how.startswith("in the text")}
    data: dict[str, str] = {"slug": slug}
    for key, name in (("title", "title_zh"), ("author", "author"), ("outlet", "outlet"), ("url", "url")):
        if key in from_markup:
            data[name] = from_markup[key]
    if "published" in from_markup:
        data["published"], data["precision"] = from_markup["published"], "day"
        if "published_time" in from_markup:
            data["published_time"] = from_markup["published_time"]
    head = [f"# Editor metadata for {seed_name} (fields: see seeds/README.md).",
            f"# Prefilled by `briefing add` from {label} (decoded as {encoding}): review every field."]
    head += [f"# Check: {note}" for note in notes]
    head.append("# Found, and how:")
    head += [f"#   {k}: {v}   [{how}]" for k, (v, how) in found.items()]
    head.append("# Values found in the text itself are used unless a field below says otherwise.")
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000) if data else ""
    return "\n".join(head) + "\n" + body


def _slug_for(source: str, url: str) -> str:
    """The slug when no headline gives one: the file's name if it has words, else "article"
    (an address's numbers name nothing a reader knows)."""
    if url or re.match(r"^https?://", source, re.I):
        return "article"
    words = [w for w in re.split(r"[^a-z0-9]+", default_slug_of(Path(source)).lower()) if w and not w.isdigit()]
    return "-".join(words)[:48].strip("-") or "article"


def _unique_slug(slug: str, existing: list[Path]) -> str:
    taken = {default_slug_of(p) for p in existing}
    for p in existing:
        m = meta_path(p)
        if os.path.lexists(m):
            text = read_input(m, what="metadata").decode("utf-8", errors="replace")
            found = re.search(r"^slug:\s*[\"']?([a-z0-9-]+)", text, re.M)
            if found:
                taken.add(found.group(1))
    taken |= {_NUMBER.sub("", p.stem) for p in existing}
    return unique_slug(slug, taken)


def _next_number(existing: list[Path]) -> str:
    numbers = [int(m.group(1)) for p in existing if (m := _NUMBER.match(p.name))]
    return f"{(max(numbers) + 1) if numbers else 0:03d}"
