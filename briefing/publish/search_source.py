"""What Pagefind indexes, made from the generated pages rather than from the built site.

Every page the build generates is already HTML (overrides/hooks.py puts it into the site as
is), so the search index can be built from it while MkDocs builds the site, instead of after.
For each generated page this module makes:

- an *index document* (build/search/source/<page>/index.html): the page's body inside
  `data-pagefind-body`, its title as Pagefind metadata, and its Chinese **once, normalised to
  Simplified character by character**. Both scripts are in every page (CSS shows one), but
  Pagefind's time grows with every word it indexes (at 1,000 articles, its Chinese and English
  runs take about the same CPU time); and the reader's query is normalised the same
  way in the browser (docs/assets/search.js, with the query map), so a query in either script
  finds text in either, and a character Simplified also keeps (著 in 著名) matches alike on
  both sides. Reader controls, article metadata (also on article cards) and QA flags are left
  out, and so are lists of links to articles (citations, a theme's sources, a glossary entry's
  mentions) and the labels of definition lists.
- the page's Chinese as shown, in both scripts, by anchor (docs/search/text/<page>.json), so a
  result quotes the sentence exactly as the page shows it in the reader's script, not the
  normalised text.

Plus one query map for the site (docs/search/query-map.json): each Traditional character and
its Simplified form, as the index was normalised.

Pure functions; publish/search.py writes the files and runs Pagefind.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Mapping

SOURCE_PAGE = "index.html"
# Pages not indexed: the month archives (render/article_lists.py) list article cards, whose
# titles are on the article pages themselves; indexed, they came first for any title's words.
NOT_INDEXED = ("months/",)
TEXT_DIR = "search/text"  # under docs/: copied into the site by MkDocs
QUERY_MAP = "search/query-map.json"

# The renderer writes Chinese as a pair of elements, Simplified then Traditional, each holding
# escaped text only (render/site_parts.py::zh_pair). Found with str.find, not a regex: a regex
# that starts with "<" tries every tag of ~30 MB of pages.
_HANS_OPEN = ' lang="zh-Hans" class="zh-hans">'
_HANT_OPEN = ' lang="zh-Hant" class="zh-hant">'
# Not indexed, each with a text every match holds (the pattern runs only on pages that hold it):
# - the reader controls (one line), the article's metadata list and QA flags; and, less for
#   Pagefind to parse, the empty permalink controls and the paragraph rows' ids (a match
#   belongs to its sentence's id, which follows);
# - lists of links to articles, which are navigation (the articles are found themselves) and
#   would make a glossary entry or a theme match the words of every article title it lists:
#   citations (timeline, home page), a theme's sources, a glossary entry's mentions;
# - an article card's metadata line (outlet, date, script, translation counts: left out of the
#   article pages too); and the labels of definition lists ("Type", "Note"), which are not text.
_LEFT_OUT = (('class="bf-controls"', re.compile(r'<div class="bf-controls"[^\n]*?</div>(?=\n)')),
             ('class="bf-meta"', re.compile(r'<dl class="bf-meta">.*?</dl>', re.S)),
             ('class="bf-qa"', re.compile(r'<span class="bf-qa"[^>]*>[^<]*</span>')),
             ('class="bf-pl"', re.compile(r'<a class="bf-pl" [^>]*></a>')),
             (' id="p', re.compile(r' id="p\d+"(?=[ >])')),
             ("bf-cites", re.compile(r'<span class="bf-cites">.*?</span>', re.S)),
             ("bf-theme-articles", re.compile(r'<p class="bf-theme-articles">.*?</p>', re.S)),
             ("bf-mentions", re.compile(r'<ul class="bf-mentions"[^>]*>.*?</ul>', re.S)),
             ("bf-card-meta", re.compile(r'<p class="bf-card-meta"[^>]*>.*?</p>', re.S)),
             ("<dt", re.compile(r"<dt[ >][^<]*</dt>")))
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_TITLE = re.compile(r'^title: (".*")$', re.M)
_TAGS = re.compile(r"<[^>]*>")


def page_parts(text: str) -> tuple[str, str] | None:
    """(title, body HTML) of a generated page, or None for a file that is not a page."""
    m = _FRONT_MATTER.match(text)
    if m is None:
        return None
    t = _TITLE.search(m.group(1))
    title = json.loads(t.group(1)) if t else ""  # the writer quotes titles as JSON strings
    return title, text[m.end():].strip("\n")


def page_path(rel: str) -> str:
    """Where MkDocs puts the page of docs/`rel` (directory URLs): 'articles/x.md' →
    'articles/x/', 'index.md' → ''."""
    stem = rel.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/"


@dataclass(frozen=True)
class HantText:
    """One Traditional element of a page: where it is, the anchor it follows, its text, and
    the Simplified text of the element just before it (its pair), if any."""

    start: int
    end: int
    owner: str
    hant: str
    hans: str | None


def hant_texts(body: str) -> list[HantText]:
    """The Traditional elements of a page body, in order."""
    out: list[HantText] = []
    pos = 0
    while (at := body.find(_HANT_OPEN, pos)) >= 0:
        start = body.rfind("<", 0, at)
        tag = body[start + 1:at]
        close = f"</{tag}>"
        text_end = body.find(close, at)
        if start < 0 or text_end < 0 or not tag.isalnum():
            pos = at + len(_HANT_OPEN)  # not an element the renderer wrote: leave it
            continue
        end = text_end + len(close)
        id_at = body.rfind(' id="', 0, start)
        owner = body[id_at + 5:body.find('"', id_at + 5)] if id_at >= 0 else ""
        hans = None
        if body.endswith("</span>", 0, start) or body.endswith("</p>", 0, start):
            hans_at = body.rfind(_HANS_OPEN, 0, start) + len(_HANS_OPEN)
            hans_text = body[hans_at:body.rfind("</", 0, start)]
            if hans_at >= len(_HANS_OPEN) and "<" not in hans_text:  # the element just before
                hans = _text(hans_text)
        out.append(HantText(start, end, owner, _text(body[at + len(_HANT_OPEN):text_end]), hans))
        pos = end
    return out


def _text(escaped: str) -> str:
    return html.unescape(escaped) if "&" in escaped else escaped


@dataclass(frozen=True)
class Normaliser:
    """Traditional character → Simplified (sources/script.py::hans_characters), with a regex
    matching any of them (built once: the workers that make article pages inherit it)."""

    to_hans: Mapping[str, str]
    traditional: re.Pattern[str]

    @classmethod
    def of(cls, to_hans: Mapping[str, str]) -> Normaliser:
        # a character class: fast to scan
        return cls(to_hans, re.compile("[" + "".join(re.escape(c) for c in sorted(to_hans)) + "]"))

    def normalise(self, text: str) -> str:
        """`text` with each Traditional character in its Simplified form (one for one)."""
        return self.traditional.sub(lambda m: self.to_hans[m.group(0)], text)


def index_document(title: str, body: str, hant: list[HantText], norm: Normaliser) -> str:
    """The HTML Pagefind indexes for one page: its Chinese once, normalised to Simplified
    (by `norm`), and its English; no reader furniture."""
    pieces, pos = [], 0
    for h in hant:
        pieces.append(body[pos:h.start])
        pos = h.end
    body = "".join(pieces) + body[pos:]
    for marker, pattern in _LEFT_OUT:
        if marker in body:
            body = pattern.sub("", body)
    body = body.replace("</dd>", "</dd> ")  # Pagefind runs one into the next: "policyUS controls"
    shown = html.escape(" ".join(_TAGS.sub("", title).split()))  # as main.html's `striptags`
    return (f'<!doctype html>\n<html lang="zh"><head><meta charset="utf-8"><title>{shown}</title>'
            f'<meta data-pagefind-meta="title[content]" content="{shown}"></head>\n'
            f'<body><div data-pagefind-body>\n{norm.normalise(body)}\n</div></body></html>\n')


ELEMENT_BREAK = "\n"  # between the texts of the elements under one anchor (search.js splits there)


def texts_by_anchor(hant: list[HantText]) -> dict[str, dict[str, str]]:
    """The page's Chinese as shown, {"hans": {anchor: text}, "hant": {anchor: text}}, each
    under the anchor it follows (the last element id before it, as Pagefind places a match):
    a sentence's own id, or an entry's. Several elements under one anchor (a card's title and
    its summary) are kept apart by ELEMENT_BREAK, so an excerpt never runs one into the next."""
    out: dict[str, dict[str, str]] = {"hans": {}, "hant": {}}
    for h in hant:
        for script, text in (("hans", h.hans), ("hant", h.hant)):
            if text is not None:
                before = out[script].get(h.owner)
                out[script][h.owner] = text if before is None else before + ELEMENT_BREAK + text
    return out


def query_map(to_hans: Mapping[str, str]) -> str:
    """docs/search/query-map.json: {"from": Traditional characters, "to": their Simplified
    forms, in the same order}: how search.js normalises a query as the index was."""
    return json.dumps({"from": "".join(to_hans), "to": "".join(to_hans.values())},
                      ensure_ascii=False, separators=(",", ":")) + "\n"


SearchFiles = tuple[dict[str, str], dict[str, str]]  # (index documents, files for docs/)


def page_search_files(rel: str, text: str, norm: Normaliser) -> SearchFiles:
    """The index document of generated page docs/`rel` (by its path under the index source)
    and its text by anchor (by its docs/ path); nothing for a file that is not a page, or for
    a page not indexed."""
    parts = page_parts(text) if rel.endswith(".md") and not rel.startswith(NOT_INDEXED) else None
    if parts is None:
        return {}, {}
    title, body = parts
    where = page_path(rel)
    hant = hant_texts(body)
    documents = {where + SOURCE_PAGE: index_document(title, body, hant, norm)}
    files = {}
    if hant:
        files[f"{TEXT_DIR}/{where.rstrip('/') or 'index'}.json"] = json.dumps(
            texts_by_anchor(hant), ensure_ascii=False, separators=(",", ":")) + "\n"
    return documents, files


def search_sources(pages: Mapping[str, str], norm: Normaliser,
                   done: Mapping[str, SearchFiles] | None = None) -> SearchFiles:
    """(index documents by path under the index source, files for docs/) for the generated
    pages: their index documents, their Chinese by anchor, and the query map. `done`: pages'
    search files already made (by docs/ path; the article pages, made in the workers)."""
    documents: dict[str, str] = {}
    files: dict[str, str] = {}
    for rel, text in pages.items():
        made = done.get(rel) if done is not None else None
        page_documents, page_files = made if made is not None else page_search_files(rel, text, norm)
        documents.update(page_documents)
        files.update(page_files)
    files[QUERY_MAP] = query_map(norm.to_hans)
    return documents, files
