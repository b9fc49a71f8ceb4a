"""What must never reach a reader: the project's internal references in reader-facing text.

Editors write notes for two audiences. What readers see (glossary `note`, fact-check notes,
timeline resolutions, source notes, summaries) must not cite what only the project knows:
sentence ids (p6-s1), article slugs used as names (export-controls-race), seed numbers (004,
000_bc69…txt), file names and folders (seeds/…, glossary.yml), or code (t2s, to_hans()). Such
remarks go in the editor fields (`editor-note` in the glossary, `editor_note` elsewhere), which
are never published. `internal_references` finds them in a page's texts (render/structure.py),
for the build to refuse the page with where and what (publish/build.py).

The patterns are data, below; each with an example of what it catches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from briefing.render.structure import Page, Part

# (name, pattern): what each catches
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("sentence id", re.compile(r"(?<![\w-])(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?p\d+-s\d+(?![\w-])")),  # p6-s1
    ("seed file", re.compile(r"\b\d{3}_[0-9A-Za-z_-]+\.(?:txt|yml|yaml|html)\b")),  # 000_bc69.txt
    ("file name", re.compile(r"(?<![\w/.-])[A-Za-z0-9_-]+(?:/[A-Za-z0-9_.-]+)*\.(?:ya?ml|py|json|md)\b")),  # glossary.yml
    ("project folder", re.compile(r"\b(?:seeds|curation|translations|build|docs)/")),  # seeds/…
    ("seed number", re.compile(r"(?<![\d.,:/-])0\d\d(?![\d.,%])")),  # 004 also writes …
    ("code", re.compile(r"\b(?:[a-z]+2[a-z]+p?|[a-z]+_[a-z_]+\(\))(?=[\s,.;:)]|$)")),  # t2s, to_hans()
)
# What editors write for readers: running text (summaries, claims, notes, fact-checks, timeline
# events and resolutions, glossary entries), headings, and citation labels. Not the articles' own
# sentences and titles (the sources' words and their translations), their metadata (a source's
# address may hold /docs/), QA codes, or the renderer's furniture and controls.
CHECKED = frozenset({Part.TEXT, Part.HEADING, Part.CITATIONS})


_SLUG_SHAPE = re.compile(r"(?<![\w/#-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w-])")


@dataclass(frozen=True)
class Slugs:
    """The briefing's article slugs with a hyphen (a one-word slug is a word), which a reader
    never sees as names: found by their shape, then looked up (one pass over a text, whatever
    the number of articles)."""

    names: frozenset[str]

    def finditer(self, text: str) -> Iterator[str]:
        return (m.group(0) for m in _SLUG_SHAPE.finditer(text) if m.group(0) in self.names)


def slug_pattern(slugs: Iterable[str]) -> Slugs | None:
    """`Slugs` of the briefing's articles, None when none has a hyphen."""
    names = frozenset(s for s in slugs if "-" in s)
    return Slugs(names) if names else None


def internal_references(text: str, slugs: Slugs | None = None) -> list[tuple[str, str]]:
    """(kind, what) for each internal reference in `text`; `slugs`: `slug_pattern` of the
    briefing's articles."""
    found = [(kind, m.group(0)) for kind, pattern in PATTERNS for m in pattern.finditer(text)]
    if slugs is not None:
        found += [("article slug", slug) for slug in slugs.finditer(text)]
    return found


# All patterns in one, to look through a whole page at once: most pages have nothing to report.
_ANY = re.compile("|".join(f"(?:{p.pattern})" for _, p in PATTERNS))


def _texts(page: Page) -> list[str]:
    return [text for t in page.texts if t.part in CHECKED
            for text in ((t.hans, t.hant) if t.lang == "zh" else (t.hans,))]


def page_references(page: Page, slugs: Slugs | None = None) -> list[str]:
    """Problems for a page whose reader-facing texts cite internal references (one a text)."""
    whole = "\n".join(_texts(page))
    if not _ANY.search(whole) and (slugs is None or next(slugs.finditer(whole), None) is None):
        return []  # one pass over the page, the usual case
    problems = []
    for t in page.texts:
        if t.part not in CHECKED:
            continue
        for text in (t.hans, t.hant) if t.lang == "zh" else (t.hans,):
            refs = internal_references(text, slugs)
            if refs:
                kind, what = refs[0]
                where = f"#{t.anchor}" if t.anchor else ""
                problems.append(f"docs/{page.path}{where}: reader-facing text cites a {kind} ({what!r}): "
                                f"\"{text[:80]}\" — write it for readers, or move it to an editor note "
                                "(editor-note in the glossary, editor_note elsewhere), which is never published")
                break
    return problems
