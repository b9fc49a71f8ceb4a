"""The cleaning report: every line the cleaner removed from a seed, and the rule that removed it;
for a seed that `briefing add` read from a web page, also how the page was read (its extraction
record, `NNN_<slug>.extraction.md` beside the seed), so an editor reviews one file."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

from briefing.input_files import read_input
from briefing.model import Article, ArticleMeta
from briefing.io import write_if_changed

_META_FIELDS = frozenset(f.name for f in fields(ArticleMeta))
MAX_RECORD_BYTES = 1024 * 1024  # an extraction record lists a page's blocks: far below a seed's bound


def record_path(seeds_dir: Path, article: Article) -> Path:
    """Where `briefing add` keeps the extraction record of an article's seed."""
    return seeds_dir / (Path(article.meta.source_file).stem + ".extraction.md")


def cleaning_report(article: Article, extraction: str = "") -> str:
    """Markdown listing each removed line with its line number and rule; `extraction`: the seed's
    extraction record (how its web page was read), appended with its headings one level down."""
    counts: dict[str, int] = {}
    for r in article.removed:
        counts[r.rule] = counts.get(r.rule, 0) + 1
    lines = [f"# Cleaning report: {article.meta.source_file}", "",
             f"Article `{article.slug}`: {len(article.paragraphs)} paragraphs, "
             f"{len(article.segments())} segments (title included), "
             f"{len(article.removed)} removals.", ""]
    lines += _metadata_section(article)
    unsure = [r for r in article.removed if r.unsure]
    if unsure:
        lines += [f"**{len(unsure)} removal(s) the cleaner is unsure of** (marked ⚠ below): they read like "
                  "running text but stand outside the article body it found. If one is article text, "
                  "check the page it came from; to keep it, fix the seed (e.g. delete the chrome between "
                  "it and the body).", ""]
    if counts:
        lines += ["| rule | count |", "|---|---|"]
        lines += [f"| {rule} | {n} |" for rule, n in sorted(counts.items())]
        lines += ["", "| line | rule | removed text |", "|---|---|---|"]
        for r in article.removed:
            text = r.text.replace("|", "\\|")
            rule = f"⚠ {r.rule} (unsure)" if r.unsure else r.rule
            lines.append(f"| {r.line} | {rule} | {text} |")
    else:
        lines.append("Nothing was removed.")
    if extraction:
        lines += ["", "## Before cleaning: how the web page was read", "",
                  f"`briefing add` wrote the seed from a web page; its extraction record "
                  f"(`{Path(article.meta.source_file).stem}.extraction.md` beside the seed) follows.", ""]
        lines += [re.sub(r"^(#+) ", r"#\1# ", line) for line in extraction.strip().splitlines()]
    return "\n".join(lines) + "\n"


def _metadata_section(article: Article) -> list[str]:
    """What the cleaner found in the text, how, and whether the editor's YAML overrides it."""
    m = article.meta
    out = []
    if m.title_source == "provisional":
        out += [f"**Provisional headline** (from the lead sentence; the text has none): "
                f"{article.title.source} — set `title_zh` in `{m.source_file[:-4]}.yml`.", ""]
    if not m.found:
        return out
    out += ["## Metadata found in the text", "", "| field | value | how | used |", "|---|---|---|---|"]
    for f in m.found:
        target = f.field if f.field != "title" else "title_zh"
        if target in m.given:
            used = "no: the editor's YAML sets it"
        elif f.field in ("column", "credit"):
            used = "noted"
        else:
            current = getattr(m, target) if target in _META_FIELDS else ""
            used = "yes" if f.value in (current or "", article.title.source) else "no (another was found first)"
        value = f.value.replace("|", "\\|")
        out.append(f"| {f.field} | {value} | {f.how} | {used} |")
    return out + [""]


def write_cleaning_reports(reports_dir: Path, articles: tuple[Article, ...],
                           seeds_dir: Path | None = None) -> list[Path]:
    """Write one report per article (only when changed), with the seed's extraction record when
    `seeds_dir` holds one; returns the paths."""
    paths = []
    for article in articles:
        path = reports_dir / report_name(article)
        write_if_changed(path, report_text(article, seeds_dir), durable=False)  # remade from the seed by every build
        paths.append(path)
    return paths


def report_name(article: Article) -> str:
    """An article's report's file name in the reports folder."""
    return f"{article.slug}.md"


def report_text(article: Article, seeds_dir: Path | None = None) -> str:
    """An article's cleaning report, with the seed's extraction record when `seeds_dir` holds one."""
    return cleaning_report(article, _record(seeds_dir, article) if seeds_dir is not None else "")


def _record(seeds_dir: Path, article: Article) -> str:
    """The extraction record beside an article's seed, '' when there is none."""
    try:
        raw = read_input(record_path(seeds_dir, article), what="extraction record", limit=MAX_RECORD_BYTES)
    except FileNotFoundError:
        return ""
    return raw.decode("utf-8", errors="replace")
