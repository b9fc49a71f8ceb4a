"""What Pagefind indexes, made from the generated pages' structure (render/structure.py), not
from the built site and not from their HTML.

For each generated page that is searched this module makes:

- an *index document* (build/search/source/<page>/index.html): the page's searched texts
  (`Text`s whose part is not in `NOT_SEARCHED`) inside `data-pagefind-body`, each in an element
  with the id of the element that holds it on the page (a match links there), its title as
  Pagefind metadata, and its Chinese **once, normalised to Simplified character by character**.
  Both scripts are in every page (CSS shows one), but Pagefind's time grows with every word it
  indexes (at 1,000 articles, its Chinese and English runs take about the same CPU time); and
  the reader's query is normalised the same way in the browser (docs/assets/search.js, with the
  query map), so a query in either script finds text in either, and a character Simplified
  also keeps (著 in 著名) matches alike on both sides.
- the page's Chinese as shown, by anchor, a file per script (docs/search/text/<page>.hans.json
  and .hant.json), so a
  result quotes the sentence exactly as the page shows it in the reader's script, not the
  normalised text.

Each index document also carries the page's facets (render/structure.py `Facets`) as Pagefind
filters, sort keys and metadata: its kind (article, timeline, glossary, overview), an article's
outlet, month and the script it was published in (filters), its date (sort: newest first),
outlet and author (shown in a result, and searched as text: an outlet or author is findable);
and, at its end, the tokens of the regional vocabulary's words its Chinese holds (publish/
search_terms.py: a query word with counterparts is searched as its token).

Plus, for the site, the query map (docs/search/query-map.json: each Traditional character and
its Simplified form, as the index was normalised) and the regional vocabulary the briefing uses
(docs/search/terms.json).

Pure functions; publish/search.py writes the files and runs Pagefind.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from itertools import groupby
from typing import Iterable, Mapping

from collections import Counter

from briefing.publish.search_terms import TERMS_FILE, Vocabulary, page_tokens, terms_file
from briefing.render.pages import page_url
from briefing.render.structure import Facets, Page, Text
from briefing.sources.script import Conversion

SOURCE_PAGE = "index.html"
TEXT_DIR = "search/text"  # under docs/: copied into the site by MkDocs
QUERY_MAP = "search/query-map.json"
_TAGS = re.compile(r"<[^>]*>")


def page_path(rel: str) -> str:
    """Where the site serves the page of docs/`rel`: 'articles/x/index.md' → 'articles/x/', 'index.md' → ''."""
    return page_url(rel)


@dataclass(frozen=True)
class Normaliser:
    """Traditional character → Simplified (sources/script.py::hans_characters), with a regex
    matching any of them (built once: the workers that make article pages inherit it), and the
    briefing's conversion (which characters only Simplified writes, for the query map)."""

    to_hans: Mapping[str, str]
    traditional: re.Pattern[str]
    vocabulary: Vocabulary | None = None  # regional vocabulary (normalised), for the term filter
    conversion: Conversion = field(default_factory=Conversion)

    @classmethod
    def of(cls, to_hans: Mapping[str, str], vocabulary: Vocabulary | None = None,
           conversion: Conversion = Conversion()) -> Normaliser:
        # a character class: fast to scan
        return cls(to_hans, re.compile("[" + "".join(re.escape(c) for c in sorted(to_hans)) + "]"),
                   vocabulary, conversion)

    def normalise(self, text: str) -> str:
        """`text` with each Traditional character in its Simplified form (one for one)."""
        return self.traditional.sub(lambda m: self.to_hans[m.group(0)], text)


_LANG = {"zh": "zh-Hans", "en": "en"}  # the index's Chinese is all Simplified (normalised)


def outlet_name(outlet: str) -> str:
    """An outlet as a filter value: its name, without what an editor adds after it in
    brackets or after a comma or semicolon ("站搜网 (content aggregator…)" → "站搜网")."""
    return re.split(r"\s*[(（,，;；]", outlet, maxsplit=1)[0].strip()


def _facet_head(facets: Facets | None) -> str:
    """The <head> elements that give Pagefind a page's filters, sort key and metadata."""
    tags: list[tuple[str, str, str]] = []  # (attribute, key, value)
    if facets is not None:
        tags.append(("data-pagefind-filter", "kind", facets.kind))
        outlet = outlet_name(facets.outlet)
        if outlet:
            tags += [("data-pagefind-filter", "outlet", outlet), ("data-pagefind-meta", "outlet", outlet)]
        if facets.author:
            tags.append(("data-pagefind-meta", "author", facets.author))
        if facets.script:
            tags.append(("data-pagefind-filter", "script", facets.script))
        if facets.kind == "article":
            tags.append(("data-pagefind-filter", "month", facets.published[:7] or "undated"))
            if facets.published:
                tags.append(("data-pagefind-meta", "date", facets.published))
        # every page has a sort key (undated articles and the other pages the lowest): Pagefind
        # leaves a page without one out of a sorted search
        tags.append(("data-pagefind-sort", "date", facets.published or "0000"))
    return "".join(f'<meta {attr}="{key}[content]" content="{html.escape(value)}">'
                   for attr, key, value in tags)


def _byline(facets: Facets | None, norm: Normaliser) -> str:
    """An article's outlet and author as searched text (in both indexes: no lang)."""
    if facets is None or not (facets.outlet or facets.author):
        return ""
    text = " ".join(t for t in (facets.outlet, facets.author) if t)
    return f"<p>{html.escape(norm.normalise(text), quote=False)}</p>\n"


def terms_in(page: Page, norm: Normaliser) -> Counter[str]:
    """The regional vocabulary's words (normalised) that the page's searched Chinese holds,
    with how often."""
    found: Counter[str] = Counter()
    if norm.vocabulary is None:
        return found
    finder = norm.vocabulary.finder
    for t in page.texts:
        if t.lang == "zh" and t.searched:
            found.update(finder.words_in(norm.normalise(t.hans)))
    return found


def _tokens(terms: Counter[str], norm: Normaliser) -> str:
    """The vocabulary's tokens, last in the document (a match's place in the text is unchanged),
    in the Chinese index only."""
    if norm.vocabulary is None or not terms:
        return ""
    return f'<p lang="zh-Hans">{" ".join(page_tokens(terms, norm.vocabulary))}</p>\n'


def index_document(page: Page, norm: Normaliser, terms: Counter[str] | None = None) -> str:
    """The HTML Pagefind indexes for one page: its searched texts, the Chinese once, normalised
    to Simplified (by `norm`), in page order, each in an element of its language (each bundle
    leaves the other language's out), headings as headings (Pagefind weighs their words more).
    A text alone under its holder's id (a sentence) carries the id inside its language's
    element, so Pagefind keeps the sentence's text (search.js needs it) and a bundle that
    leaves the language out leaves the anchor out too; several texts under one id (a card, an
    entry) are wrapped in one element with that id, which both bundles keep."""
    lines = []
    searched = [t for t in page.texts if t.searched]
    for anchor, group in groupby(searched, key=lambda t: t.anchor):
        texts = list(group)
        ident = f' id="{html.escape(anchor)}"' if anchor else ""
        alone = len(texts) == 1
        pieces = []
        for t in texts:
            tag = f"h{t.level}" if t.level else "span"
            text = html.escape(_indexed(t, norm), quote=False)
            if alone and ident:
                text = f"<span{ident}>{text}</span>"
            pieces.append(f'<{tag} lang="{_LANG[t.lang]}">{text}</{tag}>')
        line = " ".join(pieces)
        lines.append(line if alone or not ident else f"<div{ident}>{line}</div>")
    shown = html.escape(" ".join(_TAGS.sub("", page.title).split()))  # as main.html's `striptags`
    return (f'<!doctype html>\n<html lang="zh"><head><meta charset="utf-8"><title>{shown}</title>'
            f'<meta data-pagefind-meta="title[content]" content="{shown}">'
            + _facet_head(page.facets) + '</head>\n'
            f'<body><div data-pagefind-body>\n' + "\n".join(lines) + "\n"
            + _byline(page.facets, norm) + _tokens(terms or Counter(), norm) + '</div></body></html>\n')


def _indexed(text: Text, norm: Normaliser) -> str:
    return norm.normalise(text.hans) if text.lang == "zh" else text.hans


ELEMENT_BREAK = "\n"  # between the texts under one anchor (search.js splits there)


def texts_by_anchor(page: Page) -> dict[str, dict[str, str]]:
    """The page's Chinese as shown, {"hans": {anchor: text}, "hant": {anchor: text}}, each
    under the id of the element that holds it ("" for none): several texts under one anchor
    (a card's title and its summary) are kept apart by ELEMENT_BREAK, so an excerpt never runs
    one into the next."""
    out: dict[str, dict[str, str]] = {"hans": {}, "hant": {}}
    for t in page.texts:
        if t.lang != "zh" or not t.searched:
            continue
        for script, text in (("hans", t.hans), ("hant", t.hant)):
            before = out[script].get(t.anchor)
            out[script][t.anchor] = text if before is None else before + ELEMENT_BREAK + text
    return out


def query_map(to_hans: Mapping[str, str], conversion: Conversion, occurring: set[str] | None = None) -> str:
    """docs/search/query-map.json: {"from": Traditional characters, "to": their Simplified
    forms, in the same order}: how search.js normalises a query as the index was; and
    "simplified": the characters only Simplified writes (开, not 深), by which search.js tells
    a query typed in Simplified (quoted in Simplified) from one the same in both scripts.
    `occurring`: the characters of the index; a character whose Simplified form is not among
    them cannot find anything, so it is left out (a third of the map at 1,000 articles)."""
    if occurring is not None:
        to_hans = {t: s for t, s in to_hans.items() if s in occurring}
    candidates = sorted(set(to_hans.values()) - set(to_hans))
    converted = conversion.to_hant("\n".join(candidates)).split("\n") if candidates else []
    simplified = "".join(c for c, t in zip(candidates, converted) if t != c)
    return json.dumps({"from": "".join(to_hans), "to": "".join(to_hans.values()), "simplified": simplified},
                      ensure_ascii=False, separators=(",", ":")) + "\n"


# (index documents, files for docs/, the regional vocabulary's words the pages hold)
SearchFiles = tuple[dict[str, str], dict[str, str], frozenset[str]]


def page_search_files(page: Page, norm: Normaliser) -> SearchFiles:
    """The index document of a generated page (by its path under the index source), its
    Chinese by anchor (by its docs/ path) and the vocabulary's words it holds; nothing for a
    page that is not searched."""
    if not page.searched:
        return {}, {}, frozenset()
    where = page_url(page.path)
    terms = terms_in(page, norm)
    documents = {where + SOURCE_PAGE: index_document(page, norm, terms)}
    files = {}
    shown = texts_by_anchor(page)
    if shown["hans"]:  # one file a script: a result is quoted in one
        for script, by_anchor in shown.items():
            files[f"{TEXT_DIR}/{where.rstrip('/') or 'index'}.{script}.json"] = json.dumps(
                by_anchor, ensure_ascii=False, separators=(",", ":")) + "\n"
    return documents, files, frozenset(terms)


def search_sources(pages: Iterable[Page], norm: Normaliser,
                   done: Mapping[str, SearchFiles] | None = None, characters: str = "") -> SearchFiles:
    """(index documents by path under the index source, files for docs/) for the generated
    pages: their index documents, their Chinese by anchor, the query map and the regional
    vocabulary the pages use. `done`: pages' search files already made (by docs/ path; the
    article pages, made and written in the workers, which give their terms alone and, as
    `characters`, the characters of their index documents)."""
    documents: dict[str, str] = {}
    files: dict[str, str] = {}
    present: set[str] = set()
    for page in pages:
        made = done.get(page.path) if done is not None else None
        page_documents, page_files, terms = made if made is not None else page_search_files(page, norm)
        documents.update(page_documents)
        files.update(page_files)
        present |= terms
    occurring: set[str] = set(characters)
    for document in documents.values():
        occurring.update(document)
    if norm.vocabulary is not None:
        files[TERMS_FILE] = terms_file(norm.vocabulary, present)
        # a query word of the vocabulary is normalised too, though it occurs nowhere (叢集 for 集群)
        occurring.update(*json.loads(files[TERMS_FILE])["c"])
    files[QUERY_MAP] = query_map(norm.to_hans, norm.conversion, occurring)
    return documents, files, frozenset(present)
