"""The cleaning report: every line the cleaner removed from a seed, and the rule that removed it."""

from __future__ import annotations

from pathlib import Path

from briefing.model import Article
from briefing.io import write_if_changed


def cleaning_report(article: Article) -> str:
    """Markdown listing each removed line with its line number and rule."""
    counts: dict[str, int] = {}
    for r in article.removed:
        counts[r.rule] = counts.get(r.rule, 0) + 1
    lines = [f"# Cleaning report: {article.meta.source_file}", "",
             f"Article `{article.slug}`: {len(article.paragraphs)} paragraphs, "
             f"{len(article.segments())} segments (title included), "
             f"{len(article.removed)} removals.", ""]
    if counts:
        lines += ["| rule | count |", "|---|---|"]
        lines += [f"| {rule} | {n} |" for rule, n in sorted(counts.items())]
        lines += ["", "| line | rule | removed text |", "|---|---|---|"]
        for r in article.removed:
            text = r.text.replace("|", "\\|")
            lines.append(f"| {r.line} | {r.rule} | {text} |")
    else:
        lines.append("Nothing was removed.")
    return "\n".join(lines) + "\n"


def write_cleaning_reports(reports_dir: Path, articles: tuple[Article, ...]) -> list[Path]:
    """Write one report per article (only when changed); returns the paths."""
    paths = []
    for article in articles:
        path = reports_dir / f"{article.slug}.md"
        text = cleaning_report(article)
        write_if_changed(path, text)
        paths.append(path)
    return paths
