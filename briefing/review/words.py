"""The word gloss of one sentence for the review screen: the site's gloss data, per word.

The site's article pages fetch `gloss/<slug>.json` and explain a word on demand; an editor
checking one sentence wants every word at once, so the sentence is cut with the same segmenter
and dictionary (`briefing.render.gloss`) and each word comes with its reading, its first
CC-CEDICT senses and its briefing glossary English.
"""

from __future__ import annotations

from typing import Any

from briefing.model import Script
from briefing.render.gloss import GlossTables, cut_sentence

SENSES_SHOWN = 3  # senses of the word's own reading; the screen is a reminder, not a dictionary


def sentence_words(text: str, script: Script, tables: GlossTables) -> list[dict[str, Any]]:
    """`text` as runs in order: {"t": text} between words, and for each glossed word
    {"t", "py" (reading), "senses", "en" (glossary English, when the glossary names it)}.
    The runs join back to `text`."""
    runs, _ = cut_sentence(text, tables)
    chars = list(text)
    out: list[dict[str, Any]] = []
    at = 0
    for n in runs:
        piece = "".join(chars[at:at + abs(n)])
        at += abs(n)
        if n < 0:
            out.append({"t": piece})
            continue
        counterpart = tables.counterpart(piece) if script == "hant" else ""
        entry = tables.entry(piece, script, counterpart)
        word: dict[str, Any] = {"t": piece, "py": entry["p"]}
        senses = entry.get("d") or []
        if senses:
            word["senses"] = list(senses[0][1][:SENSES_SHOWN])
        owner = entry.get("g")
        if owner is not None and tables.glossary is not None:
            word["en"] = tables.glossary.entries[owner].en
        out.append(word)
    if at < len(chars):  # never drop text the cut did not cover
        out.append({"t": "".join(chars[at:])})
    return out
