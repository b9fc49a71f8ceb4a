"""Hedging words in curated Chinese/English pairs: a claim that hedges in one language only
("或已能媲美" beside "can match") says something stronger or weaker than its twin.

Pure functions; `briefing.curation.curated` turns a mismatch into a curation warning.
"""

from __future__ import annotations

import re

# 可能 but not 不可能 ("impossible" is certainty); 或 only where it is a modal adverb
# (或已/或将/或可…: "perhaps already / may"), not the conjunction "or" (购买或租用).
_ZH = re.compile(r"(?<!不)可能|或许|也许|或[已将可会难遭成需]|或(?=可能)|恐怕|恐将|似乎|大概|未必")
_EN = re.compile(r"\b(?:may|might|could(?!\s+not\b|n[’']t)|possibly|perhaps|probably|likely|potentially|"
                 r"appears? to|seems? to)\b", re.IGNORECASE)
# "could not confirm" is certainty, not a hedge; "May" the month: capitalised and next to a day or year
_MONTH = re.compile(r"\bMay\b(?=\s+\d)|(?<=\d\s)May\b")


def zh_hedges(text: str) -> list[str]:
    """Hedging words in Chinese text, in order (可能, 或许, 或 before 已/将/可…)."""
    return _ZH.findall(text)


def en_hedges(text: str) -> list[str]:
    """Hedging words in English text, in order, lower-cased; "May 2025" is not one."""
    return [m.group(0).lower() for m in _EN.finditer(_MONTH.sub(" ", text))]


def hedge_mismatch(en: str, zh: str) -> str:
    """'' when both sides hedge or neither does; otherwise what the one side says and the other lacks."""
    zh_found, en_found = zh_hedges(zh), en_hedges(en)
    if bool(zh_found) == bool(en_found):
        return ""
    if zh_found:
        return (f"the Chinese hedges ({'、'.join(dict.fromkeys(zh_found))}) but the English does "
                f"not; add may/might/could or drop the hedge in the Chinese")
    return (f"the English hedges ({', '.join(dict.fromkeys(en_found))}) but the Chinese does "
            f"not; add 可能/或许 or drop the hedge in the English")
