"""Wording shared by the site and the PDF: dates as precise as known, English list labels,
and whether a photo credit still needs printing beside the English."""

from __future__ import annotations

import re
from typing import Mapping

from briefing.model import Article, Paragraph, Script, Translation
from briefing.sources.script import Conversion
from briefing.translation.qa import credit_names, find_credit

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_ZH_NUMERALS = "一二三四五六七八九十"
LANG = {"hans": "zh-Hans", "hant": "zh-Hant"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def format_date(iso: str, precision: str) -> str:
    """A date as precise as it is known: '18 September 2025', 'January 2025', '2025', 'date unknown'."""
    parts = iso.split("-") if iso else []
    try:
        if precision == "day" and len(parts) == 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if precision in ("day", "month") and len(parts) >= 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if parts:
            return parts[0]
    except (ValueError, IndexError):
        return iso
    return "date unknown"


def other_script_note(original: Script, conversion: Conversion) -> str:
    """How the other script's view was made, for the reader: 'Traditional, converted character by …'."""
    other = "Traditional" if original == "hans" else "Simplified"
    return f"{other}, {conversion.label}"


def english_label(label: str) -> str:
    """'一、' → '1.', '（二）' → '(2)'; labels already in digits are kept."""
    core = label.strip("、.．（）() ")
    if core and all(c in _ZH_NUMERALS for c in core):
        n = _ZH_NUMERALS.index(core[-1]) + 1 + (10 if len(core) == 2 and core[0] == "十" else 0)
        return f"({n})" if label.startswith(("（", "(")) else f"{n}."
    if label == "简介" or label == "簡介":
        return "Summary"
    return label


def credit_in_english(p: Paragraph, translations: Mapping[str, Translation]) -> bool:
    """True when the caption's English already carries its credit ("… (Reuters)"), so it is not
    printed twice; "Reuters reported …" in the running text is not a credit. QA flags such English
    (`credit-in-english`) so that editors remove it."""
    english = " ".join(t.en for t in (translations.get(s.id) for s in p.segments) if t)
    return find_credit(english, credit_names(p.credit)) is not None


def english_title(article: Article, translations: Mapping[str, Translation]) -> str:
    """The article's current English title; '' when pending or stale (never old English as new)."""
    tr = translations.get(article.title.id)
    return tr.en if tr is not None and not tr.stale else ""


def lang_attr(text: str, script: str) -> str:
    """' lang="zh-Hans"' (or zh-Hant) when `text` contains Chinese, else '': Latin credits and
    names inside an English column stay English, Chinese ones get the right CJK font."""
    return f' lang="{LANG[script]}"' if _CJK.search(text) else ""
