"""ASCII punctuation in curated Chinese text: "美元,英伟达" where Chinese writes "美元，英伟达".

Editors often type Chinese on an English keyboard layout, or paste from a source that lost its
full-width marks; the page then shows a narrow comma between two square characters and a
Chinese reader sees it at once. Pure functions; `briefing.curation.curated` turns each finding
into a curation warning with the file and line (fatal under `--strict`).

A mark is flagged when Chinese stands on at least one side of it (spaces and line breaks
skipped) and the other side is Chinese, a Latin letter or digit, an opening quote, or the end
of the text; a mark between two Latin letters or digits ("V3,R1", "10:30", "1,000") belongs to
the Latin and is left alone, as is a colon opening an address ("https://").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# the ASCII marks looked for, each with the full-width mark Chinese text uses instead
FULL_WIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
NAMES = {",": "comma", ":": "colon", ";": "semicolon", "?": "question mark", "!": "exclamation mark"}
# Chinese: Han characters, and the closing/opening CJK marks that stand where a character would
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CLOSING = "”’」』）》〉】"
_OPENING = "“‘「『（《〈【"
_CHINESE = re.compile(f"[{_HAN}{_CLOSING}{_OPENING}]")
_LATIN = re.compile(r"[A-Za-z0-9]")
_MARK = re.compile("[" + re.escape("".join(FULL_WIDTH)) + "]")
CONTEXT = 4  # characters shown on each side of a finding


@dataclass(frozen=True)
class Finding:
    """One ASCII mark in Chinese text: where (index into the text), which, and around it."""

    index: int
    mark: str
    context: str  # the text around it, on one line ('…' where it is cut)

    @property
    def replacement(self) -> str:
        return FULL_WIDTH[self.mark]


def _neighbour(text: str, i: int, step: int) -> str:
    """The nearest character to `text[i]` in direction `step` that is not whitespace ('' at an end)."""
    j = i + step
    while 0 <= j < len(text) and text[j].isspace():
        j += step
    return text[j] if 0 <= j < len(text) else ""


def ascii_punctuation(text: str) -> list[Finding]:
    """Every ASCII , : ; ? ! that stands in Chinese text (see the module's rule), in order."""
    found = []
    for m in _MARK.finditer(text):
        i, mark = m.start(), m.group(0)
        before, after = _neighbour(text, i, -1), _neighbour(text, i, 1)
        if mark == ":" and text[i + 1:i + 3] == "//":
            continue  # an address
        before_zh, after_zh = bool(_CHINESE.match(before)), bool(_CHINESE.match(after))
        if not (before_zh or after_zh):
            continue  # Latin on both sides (or an end): it belongs to the Latin
        if before_zh and not (after_zh or after == "" or _LATIN.match(after)):
            continue  # e.g. '中国,"' — something else follows; not ours to judge
        if after_zh and not (before_zh or _LATIN.match(before)):
            continue
        start, end = max(0, i - CONTEXT), i + CONTEXT + 1
        context = (("…" if start else "") + " ".join(text[start:end].split())
                   + ("…" if end < len(text.rstrip()) else ""))
        found.append(Finding(i, mark, context))
    return found


def describe(findings: list[Finding]) -> str:
    """'ASCII comma ',' ×3 (…之间,记录…), colon ':' (…反应:特朗…) in Chinese text; write ，：'
    for the findings of one line."""
    by_mark: dict[str, list[Finding]] = {}
    for f in findings:
        by_mark.setdefault(f.mark, []).append(f)
    parts = []
    for mark, group in by_mark.items():
        count = f" ×{len(group)}" if len(group) > 1 else ""
        parts.append(f"{NAMES[mark]} '{mark}'{count} ({group[0].context})")
    return (f"ASCII {', '.join(parts)} in Chinese text; write the full-width "
            + " ".join(FULL_WIDTH[m] for m in by_mark))
