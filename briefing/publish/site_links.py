"""After a build, every link the generated pages write leads to something in site/.

The pages' structure lists their links (render/structure.py); when the pages are generated,
each relative link is resolved to the path it reaches in the site and the list is kept in
build/cache/site-links.json (so a build that generated nothing still checks). Once site/ is in
place — the renderer's pages, the search index, the gloss data, the feed, the PDFs put in from
build/pdf/ — each path must be there: a folder with its index.html, or the file itself. A link
that climbs out of the site, or to a file that is not there (a PDF a build did not put in, gloss
data that was not written), stops the build with the page and the link.

Links to other sites, mailto: links and links to an element of the same page are not files:
the generator checks the elements (render/pages.check_links), linkinator the rest (make audit).
"""

from __future__ import annotations

import json
from pathlib import Path
from posixpath import join, normpath
from typing import Mapping

from briefing.config import Project
from briefing.errors import BuildError
from briefing.io import write_if_changed
from briefing.render.pages import page_url
from briefing.render.structure import Page

LINKS_FILE = Path("build/cache/site-links.json")
OUTSIDE = "<outside the site>"
SHOWN = 20  # problems listed; the rest are counted


def site_path(here: str, href: str) -> str | None:
    """The path under site/ that the link `href` on the page served at `here` ('' for the home
    page, 'articles/x/' …) reaches: 'pdf/x.pdf', 'articles/y/' ('' for the home page);
    None for a link that is not to this site (another site, mailto:, an element on this page);
    OUTSIDE for one that climbs out of it."""
    target = href.split("#", 1)[0].split("?", 1)[0]
    if not target or "://" in target or target.startswith(("mailto:", "//")):
        return None
    if target.startswith("/"):
        return OUTSIDE  # from the host's root: wrong under a sub-path (GitHub Pages)
    joined = normpath(join(here or ".", target))
    if joined == ".." or joined.startswith("../"):
        return OUTSIDE
    if joined == ".":
        return ""
    return joined + "/" if target.endswith("/") else joined


def link_targets(pages: Mapping[str, Page]) -> dict[str, list[str]]:
    """{page URL: the site paths its links reach} for every generated page."""
    out: dict[str, list[str]] = {}
    for page in pages.values():
        here = page_url(page.path)
        found = {p for p in (site_path(here, href) for href in page.links) if p is not None}
        out[here] = sorted(found)
    return out


def write_link_record(project: Project, pages: Mapping[str, Page]) -> None:
    """Keep what the generated pages link, for the check after the site is in place."""
    text = json.dumps({"note": "Written by `briefing build`: what each generated page links "
                               "(briefing/publish/site_links.py).",
                       "links": link_targets(pages)}, ensure_ascii=False, indent=0, sort_keys=True)
    write_if_changed(project.root / LINKS_FILE, text + "\n")


def read_link_record(project: Project) -> dict[str, list[str]]:
    """The last generation's record ({} when there is none)."""
    try:
        data = json.loads((project.root / LINKS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    links = data.get("links") if isinstance(data, dict) else None
    return links if isinstance(links, dict) else {}


def linked_files(record: Mapping[str, list[str]], suffix: str) -> set[str]:
    """The site paths ending in `suffix` that some page links (e.g. '.pdf')."""
    return {p for targets in record.values() for p in targets if p.endswith(suffix)}


def missing_links(site: Path, record: Mapping[str, list[str]]) -> list[str]:
    """'page: link → what is missing' for every recorded link that site/ cannot serve."""
    problems = []
    there: dict[str, bool] = {}
    for here, targets in sorted(record.items()):
        for target in targets:
            if target == OUTSIDE:
                problems.append(f"{here or 'home page'}: a link out of the site (or from the host's root)")
                continue
            if target not in there:
                path = site / target
                there[target] = (path / "index.html").is_file() if target.endswith("/") or not target \
                    else path.is_file()
            if not there[target]:
                problems.append(f"{here or 'home page'}: links {target or 'the home page'}, "
                                f"which is not in {site.name}/")
    return problems


def check_site_links(project: Project, site: Path) -> None:
    """Raise, naming pages and links, when a generated page links what `site` does not hold."""
    problems = missing_links(site, read_link_record(project))
    if problems:
        shown = problems[:SHOWN] + ([f"… and {len(problems) - SHOWN} more"] if len(problems) > SHOWN else [])
        raise BuildError("the built site has links that lead nowhere:\n  - " + "\n  - ".join(shown),
                         hint="run the build again; if it persists, report it (a missing PDF: "
                              "`make pdf` lays the PDFs out)")
