"""The curated layer: overview, per-article notes and the timeline, loaded and validated.

Files (all under curation/; format in CURATION_SCHEMA / README): ``overview.yml``,
``articles/<slug>.yml`` and ``timeline.yml``; the glossary (``glossary.yml``) belongs to
`briefing.translation.glossary` and is loaded through it. Every problem names the file, the line, the key
(items counted from 1, e.g. ``events[3].date``) and what was expected.

Two kinds of problem:
- *errors* (bad YAML, unknown/missing keys, unknown or repeated segment ids, unknown slugs,
  impossible, imprecise or unsorted dates, glossary conflicts) always fail: they would publish
  broken links or wrong facts;
- *warnings* (counts outside the schema's ranges: summary sentences, claims, themes, events;
  an article without notes; a claim, theme or event whose English and Chinese differ in hedging,
  e.g. 可能 on one side and no may/could on the other; ASCII punctuation in Chinese text,
  "美元,英伟达", named at its own line: curation/punctuation.py) are printed, and fail the build
  only with ``--strict``.

YAML is read through ``yaml.compose`` so every value keeps its line, and scalars stay text
(an unquoted 2025-01-27 is not turned into a date object).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import yaml

from briefing.config import Project
from briefing.curation.hedges import hedge_mismatch
from briefing.curation.punctuation import Finding, ascii_punctuation, describe
from briefing.editor_yaml import BoundsError, compose_text, yaml_line, yaml_problem
from briefing.errors import BriefingError, InputError, ValidationError
from briefing.input_files import read_input
from briefing.translation.glossary import Glossary, load_glossary
from briefing.model import Article
from briefing.sources.sentences import split_sentences


SEVERITIES = ("error", "doubtful", "context")
PRECISIONS = ("day", "month", "year")
_DATE_FORMS = {"day": (r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD"), "month": (r"\d{4}-\d{2}", "YYYY-MM"),
               "year": (r"\d{4}", "YYYY")}
_SLUGLIKE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Theme:
    id: str
    title_en: str
    title_zh: str
    text_en: str
    text_zh: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Overview:
    title_en: str
    title_zh: str
    overview_en: str
    overview_zh: str
    themes: tuple[Theme, ...]


@dataclass(frozen=True)
class Claim:
    en: str
    zh: str
    cites: tuple[str, ...]  # segment ids of the article


@dataclass(frozen=True)
class SourceNotes:
    outlet_type: str
    author: str
    affiliation: str
    stance: str
    reliability: str


@dataclass(frozen=True)
class FactCheck:
    segment: str  # segment id
    severity: str  # error | doubtful | context
    note_en: str
    note_zh: str


@dataclass(frozen=True)
class ArticleNotes:
    slug: str
    summary_en: str
    summary_zh: str
    claims: tuple[Claim, ...]
    source: SourceNotes
    factchecks: tuple[FactCheck, ...] = ()


@dataclass(frozen=True)
class TimelineEvent:
    date: str  # ISO, as long as its precision
    precision: str  # day | month | year
    en: str
    zh: str
    cites: tuple[str, ...]
    resolved: str = ""  # how the editor resolved a relative date in the source


@dataclass(frozen=True)
class Curated:
    """Everything curated, validated against the loaded articles."""

    overview: Overview | None
    notes: Mapping[str, ArticleNotes]  # by article slug
    timeline: tuple[TimelineEvent, ...]
    glossary: Glossary = field(default_factory=Glossary)
    warnings: tuple[str, ...] = ()  # soft problems: fail only with --strict

    def factchecks_by_segment(self) -> dict[str, tuple[FactCheck, ...]]:
        """Fact-check flags keyed by the segment id they concern (for the sentence rows)."""
        out: dict[str, list[FactCheck]] = {}
        for notes in self.notes.values():
            for fc in notes.factchecks:
                out.setdefault(fc.segment, []).append(fc)
        return {k: tuple(v) for k, v in out.items()}


# ---------------------------------------------------------------- problem collection

class _Report:
    """Errors and warnings, each as 'file:line: key: message'."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, file: str, node: yaml.Node | int | None, key: str, msg: str) -> None:
        self.errors.append(_where(file, node, key) + msg)

    def warn(self, file: str, node: yaml.Node | int | None, key: str, msg: str) -> None:
        self.warnings.append(_where(file, node, key) + msg)


def _where(file: str, node: yaml.Node | int | None, key: str) -> str:
    line = node if isinstance(node, int) else (node.start_mark.line + 1 if node is not None else 0)
    where = f"{file}:{line}: " if line else f"{file}: "  # a missing file has no line
    return where + (f"{key}: " if key else "")


def _join(key: str, sub: str | int) -> str:
    return f"{key}[{sub}]" if isinstance(sub, int) else (f"{key}.{sub}" if key else sub)


class _File:
    """Typed reads from one YAML document, reporting into a shared `_Report`."""

    def __init__(self, name: str, rep: _Report, source: str = "") -> None:
        self.name, self.rep = name, rep
        self.source = source  # the file's text: where a value's characters stand

    def chinese(self, node: yaml.Node | None, key: str) -> None:
        """Warn about ASCII punctuation in a Chinese value, once per line of the file it is on."""
        if not isinstance(node, yaml.ScalarNode) or not self.source:
            return
        raw = self.source[node.start_mark.index:node.end_mark.index]
        by_line: dict[int, list[Finding]] = {}
        for finding in ascii_punctuation(raw):
            line = node.start_mark.line + 1 + raw.count("\n", 0, finding.index)
            by_line.setdefault(line, []).append(finding)
        for line, found in by_line.items():
            self.warn(line, key, describe(found))

    def err(self, node: yaml.Node | int | None, key: str, msg: str) -> None:
        self.rep.error(self.name, node, key, msg)

    def warn(self, node: yaml.Node | int | None, key: str, msg: str) -> None:
        self.rep.warn(self.name, node, key, msg)

    def mapping(self, node: yaml.Node, key: str, required: Sequence[str],
                optional: Sequence[str] = ()) -> dict[str, yaml.Node] | None:
        allowed = list(required) + list(optional)
        if not isinstance(node, yaml.MappingNode):
            self.err(node, key, f"expected a mapping with keys {', '.join(allowed)}")
            return None
        out: dict[str, yaml.Node] = {}
        for k, v in node.value:
            name = k.value if isinstance(k, yaml.ScalarNode) else "?"
            if name in out:
                self.err(k, _join(key, name), f"key '{name}' appears twice; keep one")
            elif name not in allowed:
                self.err(k, _join(key, name), f"unknown key '{name}'; expected one of: "
                                              f"{', '.join(allowed)}")
            else:
                out[name] = v
        for name in required:
            if name not in out:
                self.err(node, key, f"missing required key '{name}'")
        return out

    def text(self, node: yaml.Node, key: str, *, empty_ok: bool = False) -> str:
        if not isinstance(node, yaml.ScalarNode):
            self.err(node, key, "expected text")
            return ""
        value = "" if node.tag.endswith(":null") else str(node.value).strip()
        if not value and not empty_ok:
            self.err(node, key, "expected text, found nothing" + (' (write "" if unknown)'
                                                                   if key.endswith("affiliation") else ""))
        return value

    def items(self, node: yaml.Node | None, key: str, what: str, *,
              minimum: int = 0) -> list[yaml.Node]:
        if node is None:
            return []
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
            items: list[yaml.Node] = []
        elif not isinstance(node, yaml.SequenceNode):
            self.err(node, key, f"expected a list of {what}")
            return []
        else:
            items = list(node.value)
        if len(items) < minimum:
            self.err(node, key, f"expected at least {minimum} {what}, found {len(items)}")
        return items

    def count(self, node: yaml.Node, key: str, n: int, lo: int, hi: int, what: str) -> None:
        if not lo <= n <= hi:
            self.warn(node, key, f"{n} {what}; expected {lo}–{hi}")


# ---------------------------------------------------------------- sentence counts

_EN_END = re.compile(r"[.!?][\"”’)]*(?=\s+[\"“(A-Z0-9]|\s*$)")
_ABBREV = re.compile(r"\b(?:U\.S|U\.K|e\.g|i\.e|Mr|Ms|Dr|St|vs|Inc|Co|Jan|Feb|Mar|Apr|Jun|"
                     r"Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$")


def count_sentences_en(text: str) -> int:
    """English sentences: ends at . ! ? before a capital or the end (not after U.S., e.g., Dr.)."""
    n, start = 0, 0
    for m in _EN_END.finditer(text):
        if _ABBREV.search(text[start:m.start() + 1]):
            continue
        n, start = n + 1, m.end()
    return n + (1 if text[start:].strip() else 0)


def count_sentences_zh(text: str) -> int:
    """Chinese sentences, cut as the article text is cut."""
    return len(split_sentences(text))


# ---------------------------------------------------------------- the three files

def _ids_of(articles: Sequence[Article]) -> dict[str, str]:
    return {s.id: a.slug for a in articles for s in a.segments()}


def _check_id(f: _File, node: yaml.Node, key: str, sid: str, ids: Mapping[str, str],
              only_slug: str | None) -> bool:
    if sid not in ids:
        slug = sid.split("/", 1)[0]
        hint = (f"an id of article {slug}, e.g. '{slug}/p1-s1' (list them with "
                f"'briefing tm export {slug}')" if slug in ids.values()
                else "an id '<slug>/p<paragraph>-s<sentence>' of a loaded article")
        f.err(node, key, f"unknown segment id '{sid}'; expected {hint}")
        return False
    if only_slug is not None and ids[sid] != only_slug:
        f.err(node, key, f"segment '{sid}' belongs to article {ids[sid]}; expected a segment "
                         f"of {only_slug} (this file's article)")
        return False
    return True


def _check_cites(f: _File, node: yaml.Node | None, key: str, ids: Mapping[str, str],
                 only_slug: str | None) -> tuple[str, ...]:
    out: list[str] = []
    for i, item in enumerate(f.items(node, key, "segment ids", minimum=1), start=1):
        k = _join(key, i)
        sid = f.text(item, k)
        if not sid:
            continue
        if sid in out:
            f.err(item, k, f"segment id '{sid}' is listed twice; remove one")
        elif _check_id(f, item, k, sid, ids, only_slug):
            out.append(sid)
    return tuple(out)


def _check_hedges(f: _File, node: yaml.Node, key: str, en: str, zh: str) -> None:
    """Warn when one language hedges (可能 / may) and its twin states the same as fact."""
    mismatch = hedge_mismatch(en, zh) if en and zh else ""
    if mismatch:
        f.warn(node, key, f"hedging differs: {mismatch}")


def _parse_overview(f: _File, root: yaml.Node, slugs: Sequence[str]) -> Overview | None:
    m = f.mapping(root, "", ["title_en", "title_zh", "overview_en", "overview_zh", "themes"])
    if m is None:
        return None
    texts = {k: f.text(m[k], k) for k in ("title_en", "title_zh", "overview_en", "overview_zh")
             if k in m}
    for k in ("title_zh", "overview_zh"):
        f.chinese(m.get(k), k)
    themes: list[Theme] = []
    seen: dict[str, int] = {}
    items = f.items(m.get("themes"), "themes", "themes", minimum=1)
    if m.get("themes") is not None and items:
        f.count(m["themes"], "themes", len(items), 3, 5, "themes")
    for i, node in enumerate(items, start=1):
        key = _join("themes", i)
        t = f.mapping(node, key, ["id", "title_en", "title_zh", "text_en", "text_zh", "articles"])
        if t is None:
            continue
        v = {k: f.text(t[k], _join(key, k)) for k in t if k != "articles"}
        for k in ("title_zh", "text_zh"):
            f.chinese(t.get(k), _join(key, k))
        tid = v.get("id", "")
        if tid and not _SLUGLIKE.match(tid):
            f.err(t["id"], _join(key, "id"), f"'{tid}' is not slug-like; expected lower-case "
                                              f"letters, digits and hyphens")
        elif tid in seen:
            f.err(t["id"], _join(key, "id"), f"theme id '{tid}' is already used at line "
                                              f"{seen[tid]}; expected unique ids")
        elif tid:
            seen[tid] = t["id"].start_mark.line + 1
        for lang, counter in (("en", count_sentences_en), ("zh", count_sentences_zh)):
            k = f"text_{lang}"
            if v.get(k):
                f.count(t[k], _join(key, k), counter(v[k]), 2, 4, "sentences")
        arts: list[str] = []
        for j, a in enumerate(f.items(t.get("articles"), _join(key, "articles"), "article slugs",
                                      minimum=1), start=1):
            slug = f.text(a, _join(_join(key, "articles"), j))
            if slug and slug not in slugs:
                f.err(a, _join(_join(key, "articles"), j), f"unknown article slug '{slug}'; "
                                                            f"expected one of: {', '.join(slugs)}")
            elif slug:
                arts.append(slug)
        _check_hedges(f, node, key, v.get("text_en", ""), v.get("text_zh", ""))
        if len(v) == 5:
            themes.append(Theme(articles=tuple(arts), **v))
    if len(texts) < 4:
        return None
    return Overview(themes=tuple(themes), **texts)


def _parse_notes(f: _File, root: yaml.Node, slug: str, ids: Mapping[str, str]) -> ArticleNotes | None:
    m = f.mapping(root, "", ["summary_en", "summary_zh", "claims", "source"], ["factchecks"])
    if m is None:
        return None
    v = {k: f.text(m[k], k) for k in ("summary_en", "summary_zh") if k in m}
    if v.get("summary_en"):
        f.count(m["summary_en"], "summary_en", count_sentences_en(v["summary_en"]), 3, 5, "sentences")
    if v.get("summary_zh"):
        f.count(m["summary_zh"], "summary_zh", count_sentences_zh(v["summary_zh"]), 3, 5, "sentences")
        f.chinese(m["summary_zh"], "summary_zh")
    claims: list[Claim] = []
    items = f.items(m.get("claims"), "claims", "claims", minimum=1)
    if items:
        f.count(m["claims"], "claims", len(items), 3, 6, "claims")
    for i, node in enumerate(items, start=1):
        key = _join("claims", i)
        c = f.mapping(node, key, ["en", "zh", "cites"])
        if c is not None:
            f.chinese(c.get("zh"), _join(key, "zh"))
            claims.append(Claim(en=f.text(c["en"], _join(key, "en")) if "en" in c else "",
                                zh=f.text(c["zh"], _join(key, "zh")) if "zh" in c else "",
                                cites=_check_cites(f, c.get("cites"), _join(key, "cites"), ids, slug)))
            _check_hedges(f, node, key, claims[-1].en, claims[-1].zh)
    source = None
    if "source" in m:
        keys = ["outlet_type", "author", "affiliation", "stance", "reliability"]
        s = f.mapping(m["source"], "source", keys)
        if s is not None:
            source = SourceNotes(**{k: f.text(s[k], _join("source", k), empty_ok=k == "affiliation")
                                    if k in s else "" for k in keys})
    checks: list[FactCheck] = []
    for i, node in enumerate(f.items(m.get("factchecks"), "factchecks", "fact-checks"), start=1):
        key = _join("factchecks", i)
        c = f.mapping(node, key, ["segment", "severity", "note_en", "note_zh"], ["editor_note"])
        if c is None:
            continue
        # editor_note: for editors only, never published (render/internal_refs.py)
        fv = {k: f.text(c[k], _join(key, k)) for k in c if k not in ("segment", "editor_note")}
        f.chinese(c.get("note_zh"), _join(key, "note_zh"))
        if fv.get("severity") and fv["severity"] not in SEVERITIES:
            f.err(c["severity"], _join(key, "severity"), f"unknown severity '{fv['severity']}'; "
                                                         f"expected one of: {', '.join(SEVERITIES)}")
        sid = f.text(c["segment"], _join(key, "segment")) if "segment" in c else ""
        if sid and _check_id(f, c["segment"], _join(key, "segment"), sid, ids, slug) and len(fv) == 3:
            checks.append(FactCheck(segment=sid, **fv))
    if len(v) < 2 or source is None:
        return None
    return ArticleNotes(slug=slug, claims=tuple(claims), source=source,
                        factchecks=tuple(checks), **v)


def _date_key(date: str, precision: str) -> tuple[int, ...]:
    return tuple(int(p) for p in date.split("-"))[: PRECISIONS[::-1].index(precision) + 1]


def _check_date(f: _File, node: yaml.Node, key: str, date: str, precision: str) -> bool:
    pattern, form = _DATE_FORMS[precision]
    if not re.fullmatch(pattern, date):
        f.err(node, key, f"'{date}' does not match precision '{precision}'; expected {form}")
        return False
    parts = [int(p) for p in date.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        f.err(node, key, f"'{date}' is not a real date; expected a valid {form}")
        return False
    return True


def _parse_timeline(f: _File, root: yaml.Node, ids: Mapping[str, str]) -> tuple[TimelineEvent, ...]:
    m = f.mapping(root, "", ["events"])
    if m is None or "events" not in m:
        return ()
    items = f.items(m["events"], "events", "events", minimum=1)
    if items and len(items) < 15:
        f.warn(m["events"], "events", f"{len(items)} events; expected at least 15")
    events: list[TimelineEvent] = []
    earlier: list[tuple[TimelineEvent, str, int]] = []
    for i, node in enumerate(items, start=1):
        key = _join("events", i)
        e = f.mapping(node, key, ["date", "precision", "en", "zh", "cites"], ["resolved", "editor_note"])
        if e is None:
            continue
        v = {k: f.text(e[k], _join(key, k)) for k in e if k not in ("cites", "editor_note")}
        f.chinese(e.get("zh"), _join(key, "zh"))
        precision, date = v.get("precision", ""), v.get("date", "")
        ok = False
        if precision and precision not in PRECISIONS:
            f.err(e["precision"], _join(key, "precision"), f"unknown precision '{precision}'; "
                                                           f"expected one of: {', '.join(PRECISIONS)}")
        elif precision and date:
            ok = _check_date(f, e["date"], _join(key, "date"), date, precision)
        cites = _check_cites(f, e.get("cites"), _join(key, "cites"), ids, None)
        if not ok or not {"date", "precision", "en", "zh"} <= v.keys():
            continue
        event = TimelineEvent(cites=cites, **v)
        _check_hedges(f, node, key, event.en, event.zh)
        for before, bkey, bline in reversed(earlier):
            # compare at the coarser precision: "2025-01" may stand before or after "2025-01-27"
            coarse = PRECISIONS[max(PRECISIONS.index(precision), PRECISIONS.index(before.precision))]
            if _date_key(date, coarse) < _date_key(before.date, coarse):
                f.err(e["date"], _join(key, "date"), f"{date} comes before {before.date} "
                                                     f"({bkey}, line {bline}); expected events "
                                                     f"sorted by date, earliest first")
                break
        earlier.append((event, key, e["date"].start_mark.line + 1))
        events.append(event)
    return tuple(events)


def _compose(f: _File, text: str, expected: str) -> yaml.Node | None:
    try:
        try:
            root = compose_text(text)  # scalars stay text, as in every editor file; bounded
        except BoundsError:
            raise
        except yaml.YAMLError as libyaml_error:  # report it in the pure-Python parser's words
            try:
                yaml.compose(text, Loader=yaml.SafeLoader)
            except RecursionError:  # nested too deep for it: libyaml's words then
                raise libyaml_error from None
            raise
    except yaml.YAMLError as exc:
        f.err(yaml_line(exc) or 0, "", f"not valid YAML: {yaml_problem(exc)}; "
                                                  f"fix the syntax at that line")
        return None
    if root is None:
        f.err(1, "", f"the file is empty; expected {expected}")
    return root


# ---------------------------------------------------------------- entry points

def curate(files: Mapping[str, str], articles: Sequence[Article], glossary: Glossary = Glossary(),
           *, folder: str = "curation") -> Curated:
    """Validate curated files given as {name under curation/: text} (pure); raise on errors."""
    rep = _Report()
    ids = _ids_of(articles)
    slugs = [a.slug for a in articles]

    def name(n: str) -> str:
        return f"{folder}/{n}"

    overview = None
    if "overview.yml" in files:
        f = _File(name("overview.yml"), rep, files["overview.yml"])
        root = _compose(f, files["overview.yml"], "title_en, title_zh, overview_en, overview_zh, themes")
        overview = _parse_overview(f, root, slugs) if root is not None else None
    else:
        rep.warn(name("overview.yml"), None, "", "missing; the home page has no overview")
    notes: dict[str, ArticleNotes] = {}
    for fname in sorted(n for n in files if n.startswith("articles/")):
        slug = fname[len("articles/"):].removesuffix(".yml")
        f = _File(name(fname), rep, files[fname])
        if slug not in slugs:
            f.err(1, "", f"no article has slug '{slug}'; expected a file named <slug>.yml for "
                         f"one of: {', '.join(slugs)}")
            continue
        root = _compose(f, files[fname], "summary_en, summary_zh, claims, source")
        parsed = _parse_notes(f, root, slug, ids) if root is not None else None
        if parsed is not None:
            notes[slug] = parsed
    for slug in slugs:
        if f"articles/{slug}.yml" not in files:
            rep.warn(name(f"articles/{slug}.yml"), None, "", "missing; the article page has no "
                                                           "summary, claims or source notes")
    timeline: tuple[TimelineEvent, ...] = ()
    if "timeline.yml" in files:
        f = _File(name("timeline.yml"), rep, files["timeline.yml"])
        root = _compose(f, files["timeline.yml"], "a mapping with a list 'events'")
        timeline = _parse_timeline(f, root, ids) if root is not None else ()
    else:
        rep.warn(name("timeline.yml"), None, "", "missing; there is no timeline page")
    if rep.errors:
        raise ValidationError(rep.errors, summary="the curated files have problems")
    return Curated(overview=overview, notes=notes, timeline=timeline, glossary=glossary,
                   warnings=tuple(rep.warnings))


def read_curation_files(folder: Path) -> dict[str, str]:
    """{name: text} of overview.yml, timeline.yml and articles/*.yml under `folder`."""
    out = {}
    problems: list[str] = []
    paths = [folder / "overview.yml", folder / "timeline.yml",
             *sorted((folder / "articles").glob("*.yml"))]
    for path in paths:
        if not os.path.lexists(path):
            continue
        try:  # a regular file inside the project, bounded (briefing.input_files)
            out[path.relative_to(folder).as_posix()] = read_input(path, what="curated file").decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(f"{path}: not UTF-8 (byte {exc.start}); save it as UTF-8")
        except InputError as exc:
            problems.append(str(exc))
    if problems:
        raise ValidationError(problems, summary="the curated files have problems")
    return out


def load_curated(project: Project, articles: Sequence[Article]) -> Curated | None:
    """The curated layer of `project`, validated; None when there is no curation/ folder."""
    folder = project.curation_dir
    if not folder.is_dir():
        return None
    problems: list[str] = []
    glossary = Glossary((), project.glossary_file)
    try:
        glossary = load_glossary(project.glossary_file, project.script_conversion)
    except ValidationError as exc:
        problems += exc.problems
    except BriefingError as exc:
        problems.append(str(exc))
    try:
        curated = curate(read_curation_files(folder), articles, glossary,
                         folder=_display(folder, project.root))
    except ValidationError as exc:
        raise ValidationError(problems + exc.problems,
                              summary="the curated files have problems") from None
    if problems:
        raise ValidationError(problems, summary="the glossary has problems")
    return curated


def _display(folder: Path, root: Path) -> str:
    try:
        return folder.relative_to(root).as_posix()
    except ValueError:
        return folder.as_posix()
