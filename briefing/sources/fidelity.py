"""Round-trip fidelity of script conversion: which characters a trip to the other script and back changes.

Simplified → Traditional → Simplified must give the text back exactly. Traditional → Simplified →
Traditional may only change a character that Simplified merges with another (裡/裏 → 里 → 裡,
乾/幹 → 干 → 幹): both spellings have the same Simplified form. Any other change (a word swapped,
a name altered, 鉅 → 巨) is a fault.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from briefing.model import Script
from briefing.sources.script import Conversion, detect_script


@dataclass(frozen=True)
class Change:
    """One place where the round trip differs from the original."""

    offset: int  # character offset in the original
    before: str  # original characters
    after: str  # after the round trip
    kind: str  # "merge", "mixed" or "fault" (see KINDS)
    context: str  # the original around the change, for a reader

    @property
    def fault(self) -> bool:
        return self.kind == "fault"

    def __str__(self) -> str:
        return f"@{self.offset} {self.before}→{self.after} [{self.kind}] …{self.context}…"


KINDS = {
    "merge": "Traditional spellings Simplified writes alike (裡/裏 → 里, 計畫/計劃 → 计划): allowed",
    "mixed": "the original already had this in the other script (佈 in a Simplified text): allowed",
    "fault": "a character, word or name the conversion altered",
}


def round_trip(text: str, script: Script, conversion: Conversion) -> str:
    """`text` converted to the other script and back."""
    if script == "hans":
        return conversion.to_hans(conversion.to_hant(text))
    return conversion.to_hant(conversion.to_hans(text))


def round_trip_changes(text: str, script: Script, conversion: Conversion, context: int = 6) -> list[Change]:
    """Every change a round trip makes to `text`, each classed by KINDS."""
    back = round_trip(text, script, conversion)
    if back == text:
        return []
    # where Simplified writes the before and after alike, the change is a merge; compared in
    # context, so a phrase (計畫 → 计划 → 計劃) is judged as a whole
    chars = conversion.characters()  # vocabulary conversion would make 資料 and 數據 "alike"
    simp, simp_back = chars.to_hans(text), chars.to_hans(back)
    aligned = len(simp) == len(text) and len(simp_back) == len(back)
    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, text, back, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        before, after = text[i1:i2], back[j1:j2]
        if op == "replace" and len(before) == len(after):  # report character by character
            pieces = [(i1 + k, j1 + k, b, a) for k, (b, a) in enumerate(zip(before, after)) if b != a]
        else:
            pieces = [(i1, j1, before, after)]
        for i, j, b, a in pieces:
            ctx = text[max(0, i - context):i + len(b) + context].replace("\n", " ")
            changes.append(Change(i, b, a, _kind(script, chars, b, a, i, j, simp, simp_back, aligned), ctx))
    return changes


def _kind(script: Script, conversion: Conversion, before: str, after: str, i: int, j: int,
          simp: str, simp_back: str, aligned: bool) -> str:
    if script == "hans":
        return "mixed" if conversion.to_hans(before) != before else "fault"
    if aligned:
        same = simp[i:i + len(before)] == simp_back[j:j + len(after)]
    else:
        same = conversion.to_hans(before) == conversion.to_hans(after)
    return "merge" if same else "fault"


@dataclass(frozen=True)
class TextCheck:
    """The round trip of one whole text: its script, its Chinese characters, what changed."""

    name: str
    script: Script
    chinese: int
    changes: tuple[Change, ...]

    @property
    def faults(self) -> int:
        return sum(c.fault for c in self.changes)

    def summary(self) -> str:
        trip = "hans→hant→hans" if self.script == "hans" else "hant→hans→hant"
        counts = ", ".join(f"{sum(c.kind == k for c in self.changes)} {k}" for k in KINDS)
        return (f"{self.name}: {trip}: {sum(len(c.before) for c in self.changes)} of {self.chinese} "
                f"Chinese characters changed ({counts})")


def check_text(name: str, text: str, conversion: Conversion) -> TextCheck:
    """The round trip of `text` in the script it is written in (detected), every change classed."""
    script = detect_script(text)
    chinese = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    return TextCheck(name, script, chinese, tuple(round_trip_changes(text, script, conversion)))
