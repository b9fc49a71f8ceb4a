"""Word gloss data for an article page: its words, their pinyin and senses (built offline).

Each article gets one JSON asset, ``gloss/<slug>.json``, holding only the words its own text
uses; docs/assets/gloss.js fetches it when the reader turns the gloss on, wraps the words of the
original column and shows a popup. Format (version 1)::

    {"v": 1,
     "s": {"p1-s1": [[2, -1, 3, ...], [2, -1, 3, ...]], "title": [[...]], ...},
     "w": {"银行": {"p": "yín háng", "d": [["yín háng", ["bank", ...]]]}, "銀行": "银行",
           "英伟达": {"p": "Yīng wěi dá", "d": [...], "g": 6}},
     "g": {"6": {"en": "Nvidia", "note": "...", "type": "org"}}}

- ``s``: per sentence anchor, the Simplified then the Traditional text cut into runs of code
  points: n > 0 is a word of n characters (a key of ``w``), n < 0 is n characters not glossed
  (punctuation, digits, Latin). One list only: the Traditional text is cut at the same places.
- ``w``: per word as written, its reading (``p``, pypinyin, phrase-aware), its CC-CEDICT
  entries (``d``: [reading, [sense, ...]], the reading pypinyin gives first, written "" when it
  is ``p``), ``c`` when those
  are the entries of the Simplified word the page has in its place (輝達 → 英伟达: CC-CEDICT
  lacks the Taiwan name), and ``g``, its briefing glossary entry (the entry's position in the
  glossary); a string is another key with the same entry. Entries do not depend on the page,
  so each is encoded once per build.
- ``g``: the glossary entries the page's words name, by position: approved English, note, type.

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
from itertools import accumulate, chain
from typing import Any, Iterable, Sequence

import opencc

from briefing.curation.entities import search_forms
from briefing.model import Article, Segment
from briefing.render.article_links import gloss_path
from briefing.render.cedict import Cedict, Reading, numbered_to_marks
from briefing.sources.script import Conversion, Converter
from briefing.translation.glossary import Glossary

GLOSS_VERSION = 1
MAX_READINGS = 3  # the word's own reading first, then at most two others
MAX_SENSES = (6, 3)  # senses of the word's own reading, of each other reading
MAX_SENSE_CHARS = 100

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
        import rjieba  # only when gloss data is built
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


def words_at(text: str, runs: Sequence[int]) -> list[str]:
    """The glossed words of `text` cut by `runs` (a text of the same length as the one cut)."""
    ends = list(accumulate(map(abs, runs)))
    return [text[end - n:end] for n, end in zip(runs, ends) if n > 0]


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
    """[[reading, [sense, ...]], ...]: the word's own reading first (a common word before a
    surname: 相 xiāng before Xiāng), then the others, capped."""
    ordered = sorted(readings, key=lambda r: (not _same_reading(r, numbers), r.numbered[:1].isupper()))
    merged: dict[str, list[str]] = {}
    for r in ordered:
        senses = merged.setdefault(r.pinyin, [])
        senses += [s for s in (_sense_text(x, script) for x in r.senses) if s not in senses]
    kept = list(merged.items())[:MAX_READINGS]
    return [[p, senses[:MAX_SENSES[0] if i == 0 else MAX_SENSES[1]]] for i, (p, senses) in enumerate(kept)]


@lru_cache(maxsize=None)
def reading_form(hant_word: str) -> str:
    """A Traditional word in Simplified characters, character by character (輝達 → 辉达, not the
    mainland name 英伟达): what its reading is taken from."""
    return _t2s().convert(hant_word)


@lru_cache(maxsize=1)
def _t2s() -> Converter:
    converter: Converter = opencc.OpenCC("t2s")
    return converter  # characters only: no vocabulary swaps


@dataclass
class GlossTables:
    """What entries are made from, shared by every article of a build."""

    cedict: Cedict
    glossary: Glossary | None
    owners: dict[str, int]  # Chinese spelling → glossary entry index
    segmenter: Segmenter
    known: Known
    conversion: Conversion  # the briefing's: a Traditional word's Simplified counterpart
    _entries: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    _json: dict[tuple[str, str, str], tuple[str, str, int | None]] = field(default_factory=dict)
    _runs: dict[str, tuple[int, ...]] = field(default_factory=dict)
    _words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _twins: dict[tuple[str, str, str], tuple[str, int | None]] = field(default_factory=dict)
    _counterparts: dict[str, str] = field(default_factory=dict)
    _hans_parts: dict[str, str] = field(default_factory=dict)  # word → `"word":entry`

    def pieces(self, token: str) -> tuple[tuple[int, ...], tuple[str, ...]]:
        """A token's runs (+ a known word's length, − other text) and its glossed words."""
        if token not in self._runs:
            if is_chinese_word(token):
                words = tuple(split_unknown(token, self.known))
                self._runs[token], self._words[token] = tuple(len(w) for w in words), words
            else:
                self._runs[token], self._words[token] = ((-len(token),) if token else ()), ()
        return self._runs[token], self._words[token]

    def part(self, word: str, script: str, counterpart: str = "") -> tuple[str, str, int | None]:
        """(`"word":entry` as JSON text, the entry's JSON, its glossary index): entries recur on
        many pages, so each is encoded once per build."""
        key = (word, script, counterpart)
        found = self._json.get(key)
        if found is None:
            entry = self.entry(word, script, counterpart)
            text = _dumps(entry)
            found = self._json[key] = (f"{_dumps(word)}:{text}", text, entry.get("g"))
        return found

    def twin_part(self, hant: str, hans: str) -> tuple[str, int | None]:
        """A Traditional word's part where the Simplified word `hans` stands at the same place
        on the page: a reference to it (`"銀行":"银行"`) when their entries are the same."""
        key = (hant, "twin", hans)
        found = self._twins.get(key)
        if found is None:
            part, text, owner = self.part(hant, "hant", hans)
            if text == self.part(hans, "hans")[1]:
                part = f"{_dumps(hant)}:{_dumps(hans)}"
            found = self._twins[key] = (part, owner)
        return found

    def counterpart(self, hant: str) -> str:
        """The Simplified word in a Traditional word's place (mainland vocabulary: 輝達 → 英伟达)."""
        found = self._counterparts.get(hant)
        if found is None:
            found = self._counterparts[hant] = self.conversion.to_hans(hant)
        return found

    def entry(self, word: str, script: str, counterpart: str = "") -> dict[str, Any]:
        """The entry of `word` as written in `script`. `counterpart` is the same word in the
        page's Simplified text (for a Traditional word): its glossary entry and senses are used
        when the word itself has none (輝達 and 英伟达 both name Nvidia)."""
        key = (word, script, counterpart)
        cached = self._entries.get(key)
        if cached is not None:
            return cached
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
            if senses[0][0] == marks:
                senses[0][0] = ""  # the word's own reading: not repeated (an eighth of the bytes)
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


def make_tables(cedict: Cedict, glossary: Glossary | None, conversion: Conversion) -> GlossTables:
    """Segmenter and lookups for one build (`conversion`: the briefing's)."""
    owners = glossary_words(glossary)
    return GlossTables(cedict, glossary, owners, Segmenter(owners), Known(cedict, owners), conversion)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def cut_sentence(text: str, tables: GlossTables) -> tuple[list[int], list[str]]:
    """(runs, glossed words) of one sentence: + a glossed word's length, − the length of text
    between glossed words (punctuation, digits, Latin)."""
    # the hot path of the gloss (a million tokens at 1,000 articles): C-level iteration only
    tokens = tables.segmenter.cut(text)
    for token in set(tokens).difference(tables._runs):
        tables.pieces(token)
    runs = list(chain.from_iterable(map(tables._runs.__getitem__, tokens)))
    words = list(chain.from_iterable(map(tables._words.__getitem__, tokens)))
    return runs, words


def gloss_article(article: Article, tables: GlossTables) -> str:
    """The article's gloss data as JSON text (see the module docstring for the format)."""
    cuts: dict[str, list[list[int]]] = {}
    hans_words: dict[str, None] = {}
    twins: dict[str, str] = {}  # Traditional word → the Simplified word at the same place
    own_cut: dict[str, None] = {}  # words of Traditional text cut on its own
    for seg in article.segments():
        runs, words = cut_sentence(seg.hans, tables)
        hans_words.update(dict.fromkeys(words))
        if seg.hant == seg.hans:
            cuts[seg.anchor] = [runs]
        elif len(seg.hans) == len(seg.hant):  # converted character for character: same cuts
            twins.update(zip(words_at(seg.hant, runs), words))
            cuts[seg.anchor] = [runs]
        else:
            hant_runs, hant_words = cut_sentence(seg.hant, tables)
            own_cut.update(dict.fromkeys(hant_words))
            cuts[seg.anchor] = [runs, hant_runs]
    for t in hans_words.keys() - tables._hans_parts.keys():
        part, _, owner = tables.part(t, "hans")
        tables._hans_parts[t] = part
    parts = list(map(tables._hans_parts.__getitem__, hans_words))  # C-level: ~600 words a page
    used = {tables.owners[w] for w in hans_words.keys() & tables.owners.keys()}
    for t, s in twins.items():
        if t not in hans_words:
            part, owner = tables.twin_part(t, s)
            parts.append(part)
            if owner is not None:
                used.add(owner)
    for t in own_cut:
        if t not in hans_words and t not in twins:
            part, _, owner = tables.part(t, "hant", tables.counterpart(t))
            parts.append(part)
            if owner is not None:
                used.add(owner)
    entries = tables.glossary.entries if tables.glossary is not None else ()
    glossary = {str(i): {"en": entries[i].en, "note": entries[i].note, "type": entries[i].type}
                for i in sorted(used)}
    return (f'{{"v":{GLOSS_VERSION},"s":{_dumps(cuts)},"w":{{{",".join(parts)}}},'
            f'"g":{_dumps(glossary)}}}\n')


def gloss_assets(articles: Iterable[Article], tables: GlossTables) -> dict[str, str]:
    """{docs/-relative path: JSON text}: one gloss asset per article."""
    return {gloss_path(a.slug): gloss_article(a, tables) for a in articles}
