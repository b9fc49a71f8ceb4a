"""MkDocs hooks for the briefing site.

- Navigation: the nav `briefing build` wrote to build/nav.json (articles grouped by month,
  newest first) becomes the site's nav, unless mkdocs.yml sets its own `nav`.
- Generated pages skip Markdown: their body is already HTML (briefing/render/ escapes all
  source text), so it goes into the page as is; Markdown would only re-parse it (a quarter of
  the build time at 300 articles) and hand it back unchanged. Hand-written pages (About) still
  go through Markdown. A page counts as generated when docs/.briefing-manifest.json lists it
  with the hash of its current text, so a hand-edited copy is not trusted.
- Search (Pagefind, briefing/publish/search.py) indexes build/search/source/, made from the
  generated pages; their content is also wrapped in `data-pagefind-body` here, so Pagefind run
  on the built site by hand indexes the same pages (not About/Method, nav or footer).
- Under `briefing serve` (BRIEFING_SERVE_ROOT set), docs/ is regenerated before each rebuild;
  the writer writes changed pages only, so the rebuild it triggers settles at once. After each
  rebuild the generated pages are indexed into the served site, so search works under serve too.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

from briefing.errors import BriefingError
from briefing.publish.build import NAV_FILE
from briefing.publish.writer import read_manifest

log = logging.getLogger("mkdocs.briefing")

_generated: dict[str, str] = {}  # src path → sha256 of the generated text, for this build
_html: dict[str, str] = {}  # src path → the page's HTML body, between on_page_markdown and on_page_content
_state = {"user_nav": False}  # whether mkdocs.yml itself sets `nav`


def _root(config) -> Path:  # noqa: ANN001 - MkDocs config
    return Path(config.config_file_path or ".").resolve().parent


def on_config(config, **kwargs):  # noqa: ANN001, ANN003 - MkDocs hook signature
    _state["user_nav"] = config.nav is not None
    return config


def on_pre_build(config, **kwargs):  # noqa: ANN001, ANN003
    root = os.environ.get("BRIEFING_SERVE_ROOT")
    if root:
        from briefing.config import load_project
        from briefing.publish.build import generate_docs
        try:
            generate_docs(load_project(root))
        except BriefingError as exc:  # keep serving the last good pages; say why
            log.error("briefing: %s", exc)
    if not _state["user_nav"]:
        config.nav = _read_nav(_root(config) / NAV_FILE)
    _generated.clear()
    _generated.update(_read_manifest(Path(config.docs_dir)))


def _read_nav(path: Path) -> list | None:
    try:
        nav = json.loads(path.read_text(encoding="utf-8")).get("nav")
    except FileNotFoundError:
        return None  # plain `mkdocs build` before any `briefing build`: MkDocs' own nav
    except (ValueError, AttributeError):
        log.warning("briefing: %s is damaged; run 'briefing build' to rewrite it", path)
        return None
    return nav if isinstance(nav, list) else None


def _read_manifest(docs: Path) -> dict[str, str]:
    """The writer's list of generated pages; none (every page through Markdown) when damaged."""
    try:
        return read_manifest(docs)
    except BriefingError as exc:
        log.warning("briefing: %s", exc)
        return {}


def on_page_markdown(markdown, page, config, files, **kwargs):  # noqa: ANN001, ANN003
    src = page.file.src_uri
    digest = _generated.get(src)
    if digest is None:
        return markdown
    text = page.file.content_string
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != digest:
        return markdown  # edited since it was generated: let Markdown handle it like any page
    _html[src] = markdown.rstrip("\n")  # as Markdown would hand it back
    return ""


def on_page_content(html, page, config, files, **kwargs):  # noqa: ANN001, ANN003
    body = _html.pop(page.file.src_uri, None)
    return html if body is None else f"<div data-pagefind-body>\n{body}\n</div>"


def on_post_build(config, **kwargs):  # noqa: ANN001, ANN003
    root = os.environ.get("BRIEFING_SERVE_ROOT")
    if not root:
        return  # `briefing build` runs Pagefind itself, alongside mkdocs build (and times it)
    from briefing.config import load_project
    from briefing.publish.search import index_source
    try:  # the pages generate_docs just wrote (in on_pre_build), into the served site
        report = index_source(load_project(root), Path(config.site_dir))
        log.info("briefing: search index: %d pages in %.1f s", report.pages, report.seconds)
    except BriefingError as exc:  # serve the pages anyway; search is what is missing
        log.error("briefing: search: %s", exc)
