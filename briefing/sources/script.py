"""Simplified ⇄ Traditional conversion (OpenCC) that keeps names, and script detection.

The other-script view shows the author's words in the other script: by default characters are
converted (with OpenCC's phrase tables only where one Simplified character stands for several
Traditional ones: 头发→頭髮, 发展→發展, 干净→乾淨), never vocabulary (资料 stays 資料, not 數據).
Regional vocabulary (软件→軟體) only when a briefing asks for it (`script_conversion` in
briefing.yml). Names listed in the glossary are kept as the glossary spells them in each script
(钜亨网 ⇄ 鉅亨網, 昇思 ⇄ 昇思, 埃里克 stays 埃里克), whatever OpenCC would make of them.

The conversion is a property of the project (its config and its glossary: sources/names.py
`project_conversion`), and it is passed, never installed: the articles are made with it
(`load_article(path, conversion)`), the assembled briefing holds it (`Briefing.conversion`), and
everything made from the briefing — pages, labels, curated text, gloss, search, the PDF — reads
it from there; translation takes it as an argument. No module holds a current conversion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Protocol, Sequence

import opencc

from briefing.config import DEFAULT_SCRIPT_CONVERSION, SCRIPT_CONVERSIONS
from briefing.model import Script

# setting → (Simplified→Traditional config, Traditional→Simplified config, character configs used
# to pair glossary forms). The *p configs also swap regional vocabulary.
_CONFIGS: dict[str, tuple[str, str, str, str]] = {
    "tw": ("s2tw", "tw2s", "s2tw", "tw2s"),
    "hk": ("s2hk", "hk2s", "s2hk", "hk2s"),
    "opencc": ("s2t", "t2s", "s2t", "t2s"),
    "tw-vocabulary": ("s2twp", "tw2sp", "s2tw", "tw2s"),
    "hk-vocabulary": ("s2hkp", "hk2sp", "s2hk", "hk2s"),
}

# One private-use character stands in for each protected name while OpenCC runs: it matches no
# dictionary entry, so no phrase reaches across a name's edge, and it passes through unchanged.
_HOLE = "\ue000"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")


class Converter(Protocol):
    """What we use of an OpenCC converter (the binding ships no types)."""

    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=None)
def _opencc(config: str) -> Converter:
    converter: Converter = opencc.OpenCC(config)
    return converter


NamePair = tuple[str, str]  # (Simplified, Traditional) spelling of one name

# Words OpenCC's phrase tables get wrong, found by the round trip over seeds and real articles
# (`briefing roundtrip`); kept like glossary names. Each: where it was seen.
OPENCC_FIXES: tuple[NamePair, ...] = (
    ("基于", "基於"),  # TSPhrases 於潛→於潜 (a county name) caught 基於潛在 → 基於潜在 (seed 004)
)


@dataclass(frozen=True)
class Conversion:
    """How the other script is made: an OpenCC standard, and names kept as spelled."""

    setting: str = DEFAULT_SCRIPT_CONVERSION
    names: tuple[NamePair, ...] = ()

    @property
    def vocabulary(self) -> bool:
        """True when regional vocabulary is converted too (words may differ from the author's)."""
        return self.setting.endswith("-vocabulary")

    @property
    def label(self) -> str:
        """What the reader is told about the converted column."""
        return SCRIPT_CONVERSIONS[self.setting]

    def characters(self) -> Conversion:
        """The same standard and names, converting characters only (no regional vocabulary)."""
        return Conversion(self.setting.removesuffix("-vocabulary"), self.names)

    def to_hant(self, text: str) -> str:
        """`text` in Traditional script; glossary names as the glossary spells them."""
        return _convert(text, _CONFIGS[self.setting][0], _name_table(self.names, "hant"))

    def to_hans(self, text: str) -> str:
        """`text` in Simplified script; glossary names as the glossary spells them."""
        return _convert(text, _CONFIGS[self.setting][1], _name_table(self.names, "hans"))

    def both(self, text: str, script: Script) -> tuple[str, str]:
        """(hans, hant) for text written in `script`; the original is kept as is."""
        if script == "hans":
            return text, self.to_hant(text)
        return self.to_hans(text), text

    def both_many(self, texts: list[str], script: Script) -> list[tuple[str, str]]:
        """`both` for many one-line texts in one OpenCC call (much faster than one each)."""
        if any("\n" in t for t in texts):
            return [self.both(t, script) for t in texts]
        convert = self.to_hant if script == "hans" else self.to_hans
        converted = convert("\n".join(texts)).split("\n")
        if len(converted) != len(texts):  # defensive: fall back rather than misalign
            return [self.both(t, script) for t in texts]
        if script == "hans":
            return list(zip(texts, converted))
        return list(zip(converted, texts))


@lru_cache(maxsize=64)
def _name_table(names: tuple[NamePair, ...], to: Script) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """Every spelling to keep → its form in script `to`; a form from the source side wins."""
    table: dict[str, str] = {}
    names = names + OPENCC_FIXES
    for hans, hant in names:
        source, target = (hans, hant) if to == "hant" else (hant, hans)
        if _CJK.search(source):
            table.setdefault(source, target)
    for hans, hant in names:  # a name already written in the target script stays as it is
        target = hant if to == "hant" else hans
        if _CJK.search(target):
            table.setdefault(target, target)
    if not table:
        return None, table
    forms = sorted(table, key=len, reverse=True)  # longest first: 埃里克·施密特 before 埃里克
    return re.compile("|".join(map(re.escape, forms))), table


def _convert(text: str, config: str, names: tuple[re.Pattern[str] | None, dict[str, str]]) -> str:
    pattern, table = names
    matches = list(pattern.finditer(text)) if pattern is not None else []
    if pattern is None or not matches:
        return _opencc(config).convert(text)
    if _HOLE not in text:
        pieces = _opencc(config).convert(pattern.sub(_HOLE, text)).split(_HOLE)
        if len(pieces) == len(matches) + 1:
            out = [pieces[0]]
            for m, piece in zip(matches, pieces[1:]):
                out += [table[m.group(0)], piece]
            return "".join(out)
    # the stand-in is in the text itself (or went missing): convert the pieces one by one
    out, pos = [], 0
    for m in matches:
        out += [_opencc(config).convert(text[pos:m.start()]), table[m.group(0)]]
        pos = m.end()
    return "".join(out) + _opencc(config).convert(text[pos:])


def pair_forms(hans: Iterable[str], hant: Iterable[str], other: Iterable[str] = (),
               setting: str = DEFAULT_SCRIPT_CONVERSION) -> tuple[NamePair, ...]:
    """(Simplified, Traditional) for every listed spelling of one name.

    A listed form is paired with a listed form of the other script whose characters it converts
    to (鉅亨網 with 钜亨网, though OpenCC makes 巨亨网 of 鉅亨網); a form with no listed partner is
    paired with its character conversion. `other` forms (regional usage) pair by their script.
    """
    to_t, to_s = _opencc(_CONFIGS[setting][2]), _opencc(_CONFIGS[setting][3])
    hans, hant = list(hans), list(hant)
    for form in other:
        (hant if to_s.convert(form) != form else hans).append(form)

    def partner(form: str, listed: list[str], convert: Converter, back: Converter) -> str:
        for cand in listed:
            if convert.convert(form) == cand or back.convert(cand) == form:
                return cand
        return convert.convert(form)

    pairs = [(s, partner(s, hant, to_t, to_s)) for s in hans]
    pairs += [(partner(t, hans, to_s, to_t), t) for t in hant]
    return tuple(dict.fromkeys(p for p in pairs if _CJK.search(p[0] + p[1])))


def detect_script(text: str, sample: int = 4000) -> Script:
    """'hant' when more characters change under t2s than under s2t, else 'hans'."""
    return detect_scripts([text], sample)[0]


def detect_scripts(texts: Sequence[str], sample: int = 4000) -> list[Script]:
    """`detect_script` of each text, with one OpenCC call a direction for them all (a call
    over many articles in a row keeps OpenCC's tables in the CPU's caches)."""
    texts = [text[:sample] for text in texts]  # a few thousand characters decide it
    trad = [_changed(t, c) for t, c in zip(texts, convert_lines(_opencc("t2s"), texts))]
    # s2t, three times the cost of t2s on Simplified text, only where t2s changed something:
    # with nothing Traditional (most Simplified text) no count of s2t's beats it
    unsure = [t for t, n in zip(texts, trad) if n]
    simp = iter([_changed(t, c) for t, c in zip(unsure, convert_lines(_opencc("s2t"), unsure))])
    return ["hant" if n and n > next(simp) else "hans" for n in trad]


def convert_lines(converter: Converter, texts: Sequence[str]) -> list[str]:
    """`converter.convert` of each text, in one call when none holds a line break: OpenCC's
    phrases never span one, so each line converts as it would alone."""
    if not texts:
        return []
    if not any("\n" in t for t in texts):
        converted = converter.convert("\n".join(texts)).split("\n")
        if len(converted) == len(texts):  # defensive: never misalign
            return converted
    return [converter.convert(t) for t in texts]


def _changed(text: str, converted: str) -> int:
    """How many characters differ, place by place (over the shorter length): for a few
    thousand characters ~5× faster than comparing them one by one in Python. Each string as
    UTF-32, its four byte lanes XORed as big integers and ORed: a zero byte is an equal place."""
    if text == converted:
        return 0
    n = min(len(text), len(converted))
    a, b = text[:n].encode("utf-32-le", "surrogatepass"), converted[:n].encode("utf-32-le", "surrogatepass")
    differs = 0
    for lane in range(4):
        differs |= int.from_bytes(a[lane::4], "little") ^ int.from_bytes(b[lane::4], "little")
    return n - differs.to_bytes(n, "little").count(0)


@lru_cache(maxsize=8)
def hans_characters(setting: str = DEFAULT_SCRIPT_CONVERSION) -> dict[str, str]:
    """Every character (CJK, basic plane) whose Simplified form differs → that form, one for
    one, by `setting`'s character standard (no phrases, no vocabulary, no names).

    Search indexes the Simplified text only; a query is brought to it with this map. Converting
    Traditional to Simplified character by character is nearly exact (many-to-one), unlike the
    other way (发 is 發 or 髮), which is why the index keeps Simplified."""
    chars = [chr(c) for r in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
             for c in range(r[0], r[1] + 1)]
    converted = _opencc(_CONFIGS[setting][3]).convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # OpenCC keeps one line per line; never misalign
        raise RuntimeError("OpenCC changed the number of lines of a one-character-per-line text")
    # one UTF-16 unit for one: the browser finds a match in the normalised text at the same place
    return {c: s for c, s in zip(chars, converted) if s != c and len(s) == 1 and ord(s) < 0x10000}
