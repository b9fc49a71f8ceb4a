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
from typing import Iterable

from briefing.render.structure import Page, Part

# (name, pattern): what each catches
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("sentence id", re.compile(r"(?<![\w-])(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?p\d+-s\d+(?![\w-])")),  # p6-s1
    ("seed file", re.compile(r"\b\d{3}_[0-9A-Za-z_-]+\.(?:txt|yml|yaml|html)\b")),  # 000_bc69.txt
    ("file name", re.compile(r"(?<![\w/.])[\w-]+(?:/[\w.-]+)*\.(?:ya?ml|py|json|md)\b")),  # glossary.yml
    ("project folder", re.compile(r"\b(?:seeds|curation|translations|build|docs)/")),  # seeds/…
    ("seed number", re.compile(r"(?<![\d.,:/-])0\d\d(?![\d.,%])")),  # 004 also writes …
    ("code", re.compile(r"\b(?:[a-z]+2[a-z]+p?|[a-z]+_[a-z_]+\(\))(?=[\s,.;:)]|$)")),  # t2s, to_hans()
)
# Parts whose text is furniture the renderer writes itself (column heads, labels): not editors'.
NOT_CHECKED = frozenset({Part.FURNITURE, Part.CONTROLS, Part.LABEL})


def slug_pattern(slugs: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for the briefing's article slugs (those with a hyphen: a one-word slug is a
    word), which a reader never sees as names."""
    words = sorted({s for s in slugs if "-" in s}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<![\w/#-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])")


def internal_references(text: str, slugs: re.Pattern[str] | None = None) -> list[tuple[str, str]]:
    """(kind, what) for each internal reference in `text`; `slugs`: `slug_pattern` of the
    briefing's articles."""
    found = [(kind, m.group(0)) for kind, pattern in PATTERNS for m in pattern.finditer(text)]
    if slugs is not None:
        found += [("article slug", m.group(0)) for m in slugs.finditer(text)]
    return found


def page_references(page: Page, slugs: re.Pattern[str] | None = None) -> list[str]:
    """Problems for a page whose reader-facing texts cite internal references (one a text)."""
    problems = []
    for t in page.texts:
        if t.part in NOT_CHECKED:
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
