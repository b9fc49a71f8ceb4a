"""A Python-Markdown extension: generated pages go into the site as the HTML they already are.

Generated pages are raw HTML under their front matter (render/pages.py escapes all source
text); Markdown would only re-parse that HTML (a quarter of the build time at 300 articles) and
hand it back unchanged. This extension, listed in the renderer configuration `briefing build`
generates (publish/site_config.py), stores the body of a generated page whole as one raw
HTML block before Markdown parses any of it, wrapped in `data-pagefind-body`, so Pagefind
run on the built site by hand indexes the generated pages only (not About/Method, nav, footer).

A page counts as generated when the list of generated bodies (`pages`: a JSON file the build
writes, the sha256 of each generated page's body) holds the hash of its text, so a hand-edited
copy is not trusted and goes through Markdown like any page. MkDocs and Zensical both render
pages with Python-Markdown, so both read the same extension from the same configuration.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

# After whitespace normalising (30: it removes the stash's marker characters from the text, so a
# placeholder stored before it would be broken), before raw HTML blocks are parsed (20).
PRIORITY = 25


def body_hash(body: str) -> str:
    """The key of a generated page's body, as the renderer hands it over (front matter gone,
    surrounding blank lines not counted: renderers strip front matter differently)."""
    return hashlib.sha256(body.strip("\n").encode("utf-8")).hexdigest()


@lru_cache(maxsize=4)
def _read(path: str, mtime_ns: int) -> frozenset[str]:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return frozenset()  # no list (or a damaged one): every page goes through Markdown
    bodies = data.get("bodies") if isinstance(data, dict) else None
    return frozenset(b for b in bodies if isinstance(b, str)) if isinstance(bodies, list) else frozenset()


def generated_bodies(path: str) -> frozenset[str]:
    """The hashes listed in `path` (read once per version of the file: renderers make a
    Markdown instance, and so this extension, for every page)."""
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        return frozenset()
    return _read(path, mtime)


class _RawPage(Preprocessor):
    def __init__(self, md: Markdown, pages: str) -> None:
        super().__init__(md)
        self.pages = pages

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if not self.pages or body_hash(text) not in generated_bodies(self.pages):
            return lines
        html = f"<div data-pagefind-body>\n{text.rstrip(chr(10))}\n</div>"
        return [self.md.htmlStash.store(html)]


class RawPagesExtension(Extension):
    """Generated pages (listed by hash in the file `pages`) skip Markdown."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"pages": ["", "JSON file listing the sha256 of each generated page's body"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        md.preprocessors.register(_RawPage(md, str(self.getConfig("pages"))), "briefing_raw_pages", PRIORITY)


def makeExtension(**kwargs: Any) -> RawPagesExtension:  # noqa: N802 - Markdown's entry point
    """What Markdown calls for `briefing.publish.raw_pages` in `markdown_extensions`."""
    return RawPagesExtension(**kwargs)
