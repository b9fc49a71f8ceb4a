"""The site's navigation (pure): articles grouped by month, newest first.

A flat list of a thousand articles is unusable and, rendered into every page, makes the build
quadratic. Grouped by month (Material's `navigation.prune` then renders only the open month),
each page carries the top level, the month list and its own month's articles.
`briefing build` writes the nav into the renderer configuration it generates
(publish/site_config.py), unless mkdocs.yml sets its own `nav`. Each article's entry carries
its page's nav label, so a renderer that does not read titles from pages labels them alike.
"""

from __future__ import annotations

import json
from typing import Iterable, Mapping, Union

from briefing.model import Article
from briefing.render.core import ARTICLE_URL
from briefing.render.labels import MONTHS

NavItem = Union[str, dict[str, "list[NavItem] | str"]]
UNKNOWN_DATE = "Date unknown"
# Under docs/ (and so site/): one month's articles by their Chinese titles, in both scripts, for
# the interface in Chinese (docs/assets/i18n.js labels the nav's links with them): an article
# page's nav lists its own month's articles, so a page fetches that month's file only.
NAV_TITLES = "i18n/titles/{key}.json"
# At most this many article links in one nav section: a busy month is split into date ranges,
# so a page's nav stays the same size however large the briefing grows.
MAX_LINKS = 40
# A large briefing's page per month (render/article_lists.py), by the month's key: "2025-09",
# "2025" (month unknown) or "undated".
MONTH_PATH = "months/{key}/index.md"
MONTH_URL = "months/{key}/"


def month_key(article: Article) -> tuple[int, int]:
    """(year, month) of publication; month 0 when only the year is known, (0, 0) when unknown."""
    parts = article.meta.published.split("-") if article.meta.published else []
    try:
        year = int(parts[0]) if parts else 0
        month = int(parts[1]) if len(parts) > 1 and article.meta.precision in ("day", "month") else 0
    except ValueError:
        return (0, 0)
    return (year, month if 1 <= month <= 12 else 0)


def month_label(key: tuple[int, int]) -> str:
    """'September 2025', '2025 (month unknown)' or 'Date unknown'."""
    year, month = key
    if not year:
        return UNKNOWN_DATE
    return f"{MONTHS[month - 1]} {year}" if month else f"{year} (month unknown)"


def month_page_key(key: tuple[int, int]) -> str:
    """The file name of a month's page: '2025-09', '2025' (month unknown) or 'undated'."""
    year, month = key
    return f"{year:04d}-{month:02d}" if month else (f"{year:04d}" if year else "undated")


def month_groups(articles: Iterable[Article]) -> list[tuple[tuple[int, int], list[Article]]]:
    """(month key, articles) with months newest first (year-only after that year's months,
    unknown last); inside a month the articles keep the order they were given in."""
    groups: dict[tuple[int, int], list[Article]] = {}
    for a in articles:
        groups.setdefault(month_key(a), []).append(a)
    return [(key, groups[key]) for key in sorted(groups, key=lambda k: (k != (0, 0), k), reverse=True)]


def group_by_month(articles: Iterable[Article]) -> list[tuple[str, list[Article]]]:
    """Months as in month_groups; within a month, newest first, then by slug (the nav's
    date-range sections of a busy month need the days in order)."""
    return [(month_label(key), members) for key, members in _newest_first(articles)]


def _newest_first(articles: Iterable[Article]) -> list[tuple[tuple[int, int], list[Article]]]:
    out = []
    for key, members in month_groups(articles):
        members = sorted(members, key=lambda a: a.slug)
        members.sort(key=lambda a: a.meta.published, reverse=True)  # stable: slug order kept on ties
        out.append((key, members))
    return out


def make_nav(articles: Iterable[Article], generated: Iterable[str], hand_written: Iterable[str],
             article_path: str = "articles/{slug}/index.md", labels: Mapping[str, str] | None = None,
             single: Iterable[str] = ("index.md", "timeline/index.md", "glossary/index.md")) -> list[NavItem]:
    """Home, the curated pages (`single`, when generated), articles by month, then the
    hand-written pages (paths under docs/);
    `labels`: the nav label of a page by its path (an article without one is listed by path,
    and the renderer takes its title from the page).
    A month's page, when generated (a large briefing), is its section's first entry: a pruned
    section links its first page, so every page's link to the month stays the same when an
    article is added (publish/incremental.py then redoes that month's pages only)."""
    generated = set(generated)
    # titles of single pages come from the pages themselves, as in MkDocs' own nav
    nav: list[NavItem] = [_entry(p, labels or {}) for p in single if p in generated]
    months = []
    for key, members in _newest_first(articles):
        month_page = MONTH_PATH.format(key=month_page_key(key))
        head = [_entry(month_page, labels or {})] if month_page in generated else []
        months.append({month_label(key): head + _section(members, article_path, labels or {})})
    if months:
        nav.append({"Articles": months})  # type: ignore[dict-item]
    nav.extend(sorted(p for p in hand_written if p not in generated and p != "index.md"))
    return nav


def _entry(path: str, labels: Mapping[str, str]) -> NavItem:
    label = labels.get(path)
    return {label: path} if label else path


def _section(members: list[Article], article_path: str, labels: Mapping[str, str]) -> list[NavItem]:
    """A month's links, or date-range sub-sections of at most MAX_LINKS links each."""
    paths: list[NavItem] = [_entry(article_path.format(slug=a.slug), labels) for a in members]
    if len(members) <= MAX_LINKS:
        return list(paths)
    out: list[NavItem] = []
    seen: dict[str, int] = {}
    for i in range(0, len(members), MAX_LINKS):
        label = _range_label(members[i:i + MAX_LINKS], i, len(members))
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:  # many articles on one day: keep section titles distinct
            label += f" ({seen[label]})"
        out.append({label: paths[i:i + MAX_LINKS]})
    return out


def _range_label(chunk: list[Article], start: int, total: int) -> str:
    """'22–30 September' (the chunk is newest first; the label reads earliest to latest) when
    the days are known, else 'Articles 41–80 of 95'."""
    days = [a.meta.published[8:10] for a in (chunk[-1], chunk[0]) if a.meta.precision == "day"]
    if len(days) == 2:
        first, last = (int(d) for d in days)
        month = MONTHS[int(chunk[0].meta.published[5:7]) - 1]
        return f"{first}–{last} {month}" if first != last else f"{first} {month}"
    return f"Articles {start + 1}–{start + len(chunk)} of {total}"


def nav_titles_path(article: Article) -> str:
    """The file (under docs/) of the Chinese titles of the article's month: i18n/titles/2025-09.json
    (month 00: only the year known; 0000-00: date unknown)."""
    year, month = month_key(article)
    return NAV_TITLES.format(key=f"{year:04d}-{month:02d}")


def nav_title_files(articles: Iterable[Article]) -> dict[str, str]:
    """For each month, its file: {"articles/<slug>/": [Simplified title, Traditional title]}."""
    months: dict[str, dict[str, list[str]]] = {}
    for a in articles:
        months.setdefault(nav_titles_path(a), {})[ARTICLE_URL.format(slug=a.slug)] = [a.title.hans, a.title.hant]
    return {path: json.dumps(titles, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
            for path, titles in months.items()}
