"""Simplified ⇄ Traditional conversion (OpenCC, phrase level) and script detection."""

from __future__ import annotations

from functools import lru_cache

import opencc

from briefing.model import Script

# s2twp/tw2sp convert phrases and Taiwan vocabulary (e.g. 软件→軟體); s2t/t2s are character level
# and are used only to *detect* the script, where vocabulary must not count.
_TO_HANT = "s2twp"
_TO_HANS = "tw2sp"


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_hant(text: str) -> str:
    """Simplified (or mixed) text in Traditional script, Taiwan phrasing."""
    return _converter(_TO_HANT).convert(text)


def to_hans(text: str) -> str:
    """Traditional (or mixed) text in Simplified script, mainland phrasing."""
    return _converter(_TO_HANS).convert(text)


def detect_script(text: str, sample: int = 4000) -> Script:
    """'hant' when more characters change under t2s than under s2t, else 'hans'."""
    text = text[:sample]  # a few thousand characters decide it; long texts need not be read whole
    to_s = _converter("t2s").convert(text)
    to_t = _converter("s2t").convert(text)
    trad = sum(a != b for a, b in zip(text, to_s))
    simp = sum(a != b for a, b in zip(text, to_t))
    return "hant" if trad > simp else "hans"


def both_scripts(text: str, script: Script) -> tuple[str, str]:
    """(hans, hant) for text written in `script`; the original is kept as is."""
    if script == "hans":
        return text, to_hant(text)
    return to_hans(text), text


def both_scripts_many(texts: list[str], script: Script) -> list[tuple[str, str]]:
    """`both_scripts` for many one-line texts in one OpenCC call (much faster than one each)."""
    if any("\n" in t for t in texts):
        return [both_scripts(t, script) for t in texts]
    converted = (to_hant if script == "hans" else to_hans)("\n".join(texts)).split("\n")
    if len(converted) != len(texts):  # defensive: fall back rather than misalign
        return [both_scripts(t, script) for t in texts]
    if script == "hans":
        return list(zip(texts, converted))
    return list(zip(converted, texts))
