"""Word gloss data for an article page: its words, their pinyin and senses (built offline).

Each article gets one JSON asset, ``gloss/<slug>.json``, holding only the words its own text
uses; docs/assets/gloss.js fetches it when the reader turns the gloss on, wraps the words of the
original column and shows a popup. Format (version 1)::

    {"v": 1,
     "s": {"p1-s1": [[2, -1, 3, ...], [2, -1, 3, ...]], "title": [[...]], ...},
     "w": {"银行": {"p": "yín háng", "d": [["yín háng", ["bank", ...]]], "g": 0}, "銀行": "银行"},
     "g": [{"en": "Nvidia", "note": "...", "type": "org"}]}

- ``s``: per sentence anchor, the Simplified then the Traditional text cut into runs of code
  points: n > 0 is a word of n characters (a key of ``w``), n < 0 is n characters not glossed
  (punctuation, digits, Latin). One list only: the Traditional cuts are the same.
- ``w``: per word as written, its reading (``p``, pypinyin, phrase-aware), its CC-CEDICT
  entries (``d``: [reading, [sense, ...]], the reading pypinyin gives first), ``c`` when those
  are the entries of the Simplified word the page has in its place (輝達 → 英伟达: CC-CEDICT
  lacks the Taiwan name), and ``g``, the index of its briefing glossary entry; a string is
  another key with the same entry.
- ``g``: the glossary entries the page's words name: approved English, note, type.

Words are cut with jieba's algorithm and dictionary (rjieba, its Rust port: 25× faster than the
Python package on the same text, which keeps gloss data a small part of the build), fed every
glossary spelling in both scripts as the search dictionary is. A word neither in CC-CEDICT nor
the glossary is split into the longest dictionary words it contains. The Traditional text is cut
at the Simplified text's boundaries when both have the same length (OpenCC converts character
for character there), so both scripts show the same words with the same reading; otherwise it is
cut on its own.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Sequence

from briefing.curation.entities import search_forms
from briefing.model import Article, Segment
from briefing.render.article_links import gloss_path
from briefing.render.cedict import Cedict, Reading, numbered_to_marks
from briefing.sources.script import to_hans
from briefing.translation.glossary import Glossary

GLOSS_VERSION = 1
MAX_READINGS = 4
MAX_SENSES = 8
MAX_SENSE_CHARS = 120

_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+$")
_NUMBERED = re.compile(r"\[([A-Za-z:]+[1-5](?: [A-Za-z:]+[1-5]?)*)\]")
_PAIR = re.compile(r"([^\s,;:()\[\]|]+)\|([^\s,;:()\[\]|]+)")


def is_chinese_word(token: str) -> bool:
    """Han characters only: what the gloss explains (not punctuation, digits or Latin)."""
    return bool(_HAN.match(token))


# ---------------------------------------------------------------- cutting text into words

class Segmenter:
    """jieba's segmentation (rjieba) with the glossary's Chinese spellings as whole words."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        import rjieba  # type: ignore[import-not-found]  # only when gloss data is built
        self._jieba = rjieba.Jieba()
        for w in words:
            self._jieba.add_word(w, None, None)  # no frequency: jieba picks one that keeps it whole

    def cut(self, text: str) -> list[str]:
        """Words and the runs between them, in order; they join back to `text`."""
        return list(self._jieba.cut(text, True))


def glossary_words(glossary: Glossary | None) -> dict[str, int]:
    """Every Chinese spelling of every entry, in both scripts → the entry's index."""
    owner: dict[str, int] = {}
    for i, entry in enumerate(glossary.entries if glossary is not None else ()):
        for form in search_forms(entry):
            if is_chinese_word(form):
                owner.setdefault(form, i)  # a spelling two entries share stays with the first
    return owner


def split_unknown(word: str, known: "Known") -> list[str]:
    """`word` when the dictionary or glossary knows it, else its longest known pieces, left to right."""
    if known(word):
        return [word]
    pieces, i = [], 0
    while i < len(word):
        for j in range(len(word), i, -1):
            if j - i == 1 or known(word[i:j]):
                pieces.append(word[i:j])
                i = j
                break
    return pieces


class Known:
    """Whether a word has a dictionary or glossary entry (memoised: the same words recur)."""

    def __init__(self, cedict: Cedict, glossary: dict[str, int]) -> None:
        self._cedict, self._glossary = cedict, glossary

    @lru_cache(maxsize=None)  # noqa: B019 - one instance per build
    def __call__(self, word: str) -> bool:
        return word in self._glossary or word in self._cedict


def cut_words(tokens: Sequence[str], known: Known) -> list[tuple[str, bool]]:
    """(piece, glossed) in order: Chinese tokens split into known words, the rest as they are."""
    out: list[tuple[str, bool]] = []
    for tok in tokens:
        if is_chinese_word(tok):
            out += [(p, True) for p in split_unknown(tok, known)]
        elif tok:
            out.append((tok, False))
    return out


def run_lengths(pieces: Sequence[tuple[str, bool]]) -> list[int]:
    """The pieces as code-point run lengths: + a glossed word, − text between (merged)."""
    runs: list[int] = []
    for text, glossed in pieces:
        if glossed:
            runs.append(len(text))
        elif runs and runs[-1] < 0:
            runs[-1] -= len(text)
        else:
            runs.append(-len(text))
    return runs


def cut_at(text: str, pieces: Sequence[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """`text` cut at the same places as `pieces` (texts of the same length)."""
    out, i = [], 0
    for piece, glossed in pieces:
        out.append((text[i:i + len(piece)], glossed and is_chinese_word(text[i:i + len(piece)])))
        i += len(piece)
    return out


# ---------------------------------------------------------------- entries

@lru_cache(maxsize=None)
def reading(hans_word: str) -> tuple[str, str]:
    """(tone marks, tone numbers) of a Simplified word, phrase-aware: 银行 → 'yín háng'."""
    from pypinyin import Style, pinyin
    numbers = " ".join(s[0] for s in pinyin(hans_word, style=Style.TONE3, neutral_tone_with_five=True))
    return numbered_to_marks(numbers), numbers


def _sense_text(sense: str, script: str) -> str:
    """A CC-CEDICT sense for display: '個|个' in the page's script, '[ge4]' as 'gè'."""
    sense = _PAIR.sub(lambda m: m.group(1) if script == "hant" else m.group(2), sense)
    sense = _NUMBERED.sub(lambda m: f"[{numbered_to_marks(m.group(1))}]", sense)
    return sense if len(sense) <= MAX_SENSE_CHARS else sense[:MAX_SENSE_CHARS - 1] + "…"


def _same_reading(r: Reading, numbers: str) -> bool:
    return r.numbered.lower().replace("u:", "v") == numbers


def dictionary_senses(readings: Sequence[Reading], numbers: str, script: str) -> list[list[Any]]:
    """[[reading, [sense, ...]], ...]: entries with the word's own reading first, capped."""
    ordered = sorted(readings, key=lambda r: not _same_reading(r, numbers))
    merged: dict[str, list[str]] = {}
    for r in ordered:
        senses = merged.setdefault(r.pinyin, [])
        senses += [s for s in (_sense_text(x, script) for x in r.senses) if s not in senses]
    return [[p, s[:MAX_SENSES]] for p, s in list(merged.items())[:MAX_READINGS]]


@lru_cache(maxsize=None)
def reading_form(hant_word: str) -> str:
    """A Traditional word in Simplified characters, character by character (輝達 → 辉达, not the
    mainland name 英伟达): what its reading is taken from."""
    import opencc
    return _t2s().convert(hant_word)


@lru_cache(maxsize=1)
def _t2s() -> "opencc.OpenCC":  # type: ignore[name-defined]  # noqa: F821
    import opencc
    return opencc.OpenCC("t2s")


@dataclass
class GlossTables:
    """What entries are made from, shared by every article of a build."""

    cedict: Cedict
    glossary: Glossary | None
    owners: dict[str, int]  # Chinese spelling → glossary entry index
    segmenter: Segmenter
    known: Known
    _entries: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)

    def entry(self, word: str, script: str, counterpart: str = "") -> dict[str, Any]:
        """The entry of `word` as written in `script`. `counterpart` is the same word in the
        page's Simplified text (for a Traditional word): its glossary entry and senses are used
        when the word itself has none (輝達 and 英伟达 both name Nvidia)."""
        key = (word, script, counterpart)
        found = self._entries.get(key)
        if found is not None:
            return found
        marks, numbers = reading(word if script == "hans" else reading_form(word))
        readings = self.cedict.lookup(word, script)
        via = ""
        if not readings and counterpart and counterpart != word:
            readings, via = self.cedict.lookup(counterpart, "hans"), counterpart
        senses = dictionary_senses(readings, numbers, script)
        if senses and not via and _same_syllables(senses[0][0], marks):
            marks = senses[0][0]  # CC-CEDICT's own spelling: capitals for names (Bài dēng)
        found: dict[str, Any] = {"p": marks}
        if senses:
            found["d"] = senses
            if via:
                found["c"] = via  # the senses are those of this Simplified word
        owner = self.owners.get(word, self.owners.get(counterpart) if counterpart else None)
        if owner is not None:
            found["g"] = owner
        self._entries[key] = found
        return found


def _same_syllables(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def make_tables(cedict: Cedict, glossary: Glossary | None) -> GlossTables:
    """Segmenter and lookups for one build."""
    owners = glossary_words(glossary)
    return GlossTables(cedict, glossary, owners, Segmenter(owners), Known(cedict, owners))


def _segment_pieces(seg: Segment, tables: GlossTables) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]], bool]:
    hans = cut_words(tables.segmenter.cut(seg.hans), tables.known)
    if len(seg.hans) == len(seg.hant):
        return hans, cut_at(seg.hant, hans), True
    return hans, cut_words(tables.segmenter.cut(seg.hant), tables.known), False


def gloss_article(article: Article, tables: GlossTables) -> dict[str, Any]:
    """The article's gloss data (see the module docstring for the format)."""
    cuts: dict[str, list[list[int]]] = {}
    words: dict[str, Any] = {}
    used: dict[int, int] = {}  # glossary index → index on this page

    def add(word: str, script: str, counterpart: str = "") -> None:
        if word in words:
            return
        entry = tables.entry(word, script, counterpart)
        if "g" in entry:
            entry = {**entry, "g": used.setdefault(entry["g"], len(used))}
        if counterpart in words and words[counterpart] == entry:
            words[word] = counterpart  # the same entry: say so instead of repeating it
        else:
            words[word] = entry

    for seg in article.segments():
        hans, hant, aligned = _segment_pieces(seg, tables)
        for piece, glossed in hans:
            if glossed:
                add(piece, "hans")
        for i, (piece, glossed) in enumerate(hant):
            if glossed:
                add(piece, "hant", hans[i][0] if aligned else to_hans(piece))
        runs = [run_lengths(hans)]
        hant_runs = run_lengths(hant)
        if hant_runs != runs[0]:
            runs.append(hant_runs)
        cuts[seg.anchor] = runs
    entries = tables.glossary.entries if tables.glossary is not None else ()
    glossary = [None] * len(used)
    for global_index, local in used.items():
        e = entries[global_index]
        glossary[local] = {"en": e.en, "note": e.note, "type": e.type}
    return {"v": GLOSS_VERSION, "s": cuts, "w": words, "g": glossary}


def gloss_json(data: dict[str, Any]) -> str:
    """Compact JSON text of an article's gloss data."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def gloss_assets(articles: Iterable[Article], tables: GlossTables) -> dict[str, str]:
    """{docs/-relative path: JSON text}: one gloss asset per article."""
    return {gloss_path(a.slug): gloss_json(gloss_article(a, tables)) for a in articles}
