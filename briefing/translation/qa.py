"""Quality checks on English for one segment: pure functions returning short flags.

Flags point an editor at drafts worth a look; they never block a build. Codes:
``repetition-loop``, ``cjk-left``, ``number-mismatch``, ``length-ratio``, ``glossary-miss``,
``name-form`` (a glossary name spelt with other hyphens, case or word order),
``credit-in-english`` (a caption's photo credit, printed apart, repeated in its English) and
``placeholder-left`` (a glossary placeholder such as XQ1 left in the English). Codes the machine
run records with the draft in the memory, because only the run can know them (`RUN_CODES`):
``truncated``, ``split-clauses``, ``placeholder``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Mapping

from briefing.translation.glossary import Glossary, missing_names, placeholder_left, wrong_name_forms
from briefing.model import Article, Kind, Paragraph, Translation

REPETITION = "repetition-loop"
CJK_LEFT = "cjk-left"
NUMBER_MISMATCH = "number-mismatch"
LENGTH_RATIO = "length-ratio"
GLOSSARY_MISS = "glossary-miss"
NAME_FORM = "name-form"
CREDIT_IN_ENGLISH = "credit-in-english"
PLACEHOLDER_LEFT = "placeholder-left"
TRUNCATED = "truncated"
SPLIT = "split-clauses"
PLACEHOLDER = "placeholder"
RUN_CODES = {
    TRUNCATED: "the model stopped at its decoding cap: the end of the sentence may be missing",
    SPLIT: "too long for the model: translated clause by clause (at ，；：) and joined; check the joins",
    PLACEHOLDER: "the model lost, duplicated or invented a glossary placeholder; translated again "
                 "without name protection: check the names",
}
CODES = (REPETITION, CJK_LEFT, NUMBER_MISMATCH, LENGTH_RATIO, GLOSSARY_MISS, NAME_FORM,
         CREDIT_IN_ENGLISH, PLACEHOLDER_LEFT, *RUN_CODES)


@dataclass(frozen=True)
class Flag:
    code: str  # one of CODES
    message: str  # short, for editors


# ---------------------------------------------------------------- repetition

_REPEAT = re.compile(r"(\S.{0,39}?)(?:\s*\1){3,}", re.DOTALL)


def find_repetition(en: str) -> str | None:
    """A unit of text repeated four or more times in a row (a decoder loop), if any."""
    if not _may_repeat(en):
        return None
    for m in _REPEAT.finditer(en):
        if re.search(r"[^\W\d_]", m.group(1)):  # "1,000,000,000" is not a loop
            return m.group(1).strip()
    return None


def _may_repeat(en: str) -> bool:
    """False only when `_REPEAT` cannot match: a fast screen, as the regex tries every unit
    length at every position (~300 µs for a 160-character sentence; this takes ~60 µs).

    A unit u repeated four times with spaces between leaves v = u without spaces four times in a
    row once all spaces are removed, so some run of 3·|v| characters equals the run |v| further
    on. For each period p ≤ 40 the text, as one big integer, is XORed with itself shifted by p
    characters: equal characters give zero bytes, and such a run is 3·p zero characters.
    """
    text = "".join(en.split())
    width = 1 if text.isascii() else 4  # bytes per character (fixed: ASCII or UTF-32)
    data = text.encode("ascii") if width == 1 else text.encode("utf-32-le")
    size = len(data)
    whole = int.from_bytes(data, "little")
    zeros = _ZEROS[width]
    for period in range(1, min(40, size // (4 * width)) + 1):
        shift = period * width
        # searched below size - shift only: the top `shift` bytes are the text's own
        if (whole ^ (whole >> (8 * shift))).to_bytes(size, "little").find(zeros[:3 * shift], 0, size - shift) >= 0:
            return True
    return False


_ZEROS = {w: b"\0" * (3 * 40 * w) for w in (1, 4)}  # the longest run _may_repeat looks for


# ---------------------------------------------------------------- CJK left

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e"
                  r"\U00020000-\U0002fa1f]")


def find_cjk(en: str) -> list[str]:
    """Chinese characters and full-width punctuation left in English, in order, each once."""
    return list(dict.fromkeys(_CJK.findall(en)))


# ---------------------------------------------------------------- numbers

_ZH_UNITS = {"万亿": 1e12, "萬億": 1e12, "亿": 1e8, "億": 1e8, "万": 1e4, "萬": 1e4,
             "千": 1e3, "百": 1e2}
# digits glued to Latin letters are names, not quantities (H20, A100, DeepSeek-V3, GPT-4o),
# unless a unit or date follows: "CNBC28日" is the 28th
_ZH_NUMBER = re.compile(r"(?<![0-9.])(\d+(?:,\d{3})*(?:\.\d+)?)(?![A-Za-z])"
                        r"\s*(万亿|萬億|亿|億|万|萬|千(?![克米瓦])|百(?!分))?\s*([%％])?")
_ZH_COUNTS = re.compile(r"\s*[年月日号號%％万亿億萬]")
_EN_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
              "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
_EN_NUMBER = re.compile(r"(?<![A-Za-z0-9.])(\d+(?:,\d{3})*(?:\.\d+)?)(?:[\s-]*(thousand|million|"
                        r"billion|trillion|mn|bn|tn|k|m|b)\b)?(?:st|nd|rd|th)?(?![A-Za-z])", re.IGNORECASE)
_WORDS: dict[str, float] = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_WORDS.update({"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
               "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "dozen": 12, "hundred": 100,
               "half": 0.5, "once": 1, "twice": 2, "thirty": 30, "forty": 40, "fifty": 50})
_MONTHS = ("january february march april may june july august september october november "
           "december").split()


def _value(digits: str) -> float:
    return float(digits.replace(",", ""))


def source_numbers(source: str) -> list[tuple[str, float]]:
    """(as printed, value) for every number in Chinese text; 5000亿 → 5e11, 1万亿 → 1e12."""
    return _printed_values(_source_matches(source))


def _printed_values(matches: list[re.Match[str]]) -> list[tuple[str, float]]:
    return [(m.group(0).strip(), _value(m.group(1)) * _ZH_UNITS.get(m.group(2) or "", 1))
            for m in matches]


_NAME_END = re.compile(r"[A-Za-z]-?$")


def _glued(text: str, start: int) -> bool:
    """The number at `start` is part of a name: "H20", "GPT-4", "H-1B"."""
    return bool(_NAME_END.search(text, max(0, start - 2), start))


def _source_matches(source: str) -> list[re.Match[str]]:
    return [m for m in _ZH_NUMBER.finditer(source)
            if not _glued(source, m.start()) or _ZH_COUNTS.match(source, m.end(1))]


def english_numbers(en: str) -> list[tuple[str, float]]:
    """(as printed, value) for every number in English; "$500 billion" → 5e11."""
    out = [(m.group(0), _value(m.group(1)) * _EN_SCALES.get((m.group(2) or "").lower(), 1))
           for m in _EN_NUMBER.finditer(en) if not _glued(en, m.start())]
    words = _LOWER_WORD.findall(en.lower())
    out += [(w, float(_WORDS[w])) for w in words if w in _WORDS]
    out += [(w, _MONTH_NUMBER[w]) for w in words if w in _MONTH_NUMBER]
    return out


_LOWER_WORD = re.compile(r"[a-z]+")
_DIGIT = re.compile(r"\d")  # what _ZH_NUMBER and an extra English number start from (any script's digits)
_MONTH_NUMBER = {m: float(i) for i, m in enumerate(_MONTHS, start=1)}


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def number_differences(source: str, en: str) -> tuple[list[str], list[str]]:
    """Numbers of the source missing from the English, and numbers of the English not in the source."""
    if _DIGIT.search(source) is None and _DIGIT.search(en) is None:
        return [], []  # a source number has digits, and so has an English one that can be extra
    return _compare_numbers(source, en)


def _compare_numbers(source: str, en: str) -> tuple[list[str], list[str]]:
    matches = _source_matches(source)
    src, eng = _printed_values(matches), english_numbers(en)
    src_values = [v for _, v in src]
    eng_values = [v for _, v in eng]
    # a digit-only English number may also render a source number's bare digits ("17" of "17万")
    raw_src = [_value(m.group(1)) for m in matches]
    missing = [text for text, v in src if not any(_same(v, e) for e in eng_values)]
    extra = [text for text, v in eng if re.match(r"\d", text)
             and not any(_same(v, s) for s in src_values + raw_src)]
    return list(dict.fromkeys(missing)), list(dict.fromkeys(extra))


# ---------------------------------------------------------------- length

MIN_SOURCE_CHARS = 12  # shorter segments (headings, names) vary too much to judge
LOW_RATIO, HIGH_RATIO = 0.9, 7.0  # English chars per source char; zh→en is usually 2–4


def length_ratio(source: str, en: str) -> float | None:
    """English characters per source character, or None when the source is too short to judge."""
    src = len(re.sub(r"\s", "", source))
    if src < MIN_SOURCE_CHARS:
        return None
    return len(en.strip()) / src


# ---------------------------------------------------------------- all checks

def check_segment(source: str, en: str, glossary: Glossary | None = None,
                  hans: str = "") -> tuple[Flag, ...]:
    """Every QA flag for one segment's English (`hans`: the source in Simplified, if different)."""
    flags: list[Flag] = []
    loop = find_repetition(en)
    if loop:
        flags.append(Flag(REPETITION, f"'{loop[:30]}' repeats four or more times"))
    cjk = find_cjk(en)
    if cjk:
        flags.append(Flag(CJK_LEFT, f"Chinese left in the English: {''.join(cjk[:10])}"))
    missing, extra = number_differences(source, en)
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"not in English: {', '.join(missing[:5])}")
        if extra:
            parts.append(f"not in source: {', '.join(extra[:5])}")
        flags.append(Flag(NUMBER_MISMATCH, "; ".join(parts)))
    ratio = length_ratio(source, en)
    if ratio is not None and not LOW_RATIO <= ratio <= HIGH_RATIO:
        flags.append(Flag(LENGTH_RATIO, f"English is {ratio:.1f}× the source length "
                                        f"(usual {LOW_RATIO}–{HIGH_RATIO})"))
    if placeholder_left(en):
        flags.append(Flag(PLACEHOLDER_LEFT, "a glossary placeholder (XQ…) is left in the English"))
    if glossary is not None:
        names = missing_names([source, hans] if hans and hans != source else [source], en, glossary)
        if names:
            flags.append(Flag(GLOSSARY_MISS, "missing approved English: "
                                             + ", ".join(e.en for e in names)))
        flags += name_form_flags(source, en, glossary, hans)
    return tuple(flags)


# ---------------------------------------------------------------- name forms

def name_form_flags(source: str, en: str, glossary: Glossary, hans: str = "") -> list[Flag]:
    """A glossary name of the source spelt otherwise in the English ("DeepSeek V3" for
    DeepSeek-V3, "Claude Sonnet 3.5" for Claude 3.5 Sonnet), even beside an accepted bare variant."""
    texts = [source, hans] if hans and hans != source else [source]
    wrong = wrong_name_forms(texts, en, glossary)
    if not wrong:
        return []
    return [Flag(NAME_FORM, "; ".join(f"'{text}' should be written {entry.en}"
                                      for text, entry in wrong))]


# ---------------------------------------------------------------- caption credits

_CREDIT_SPLIT = re.compile(r"\s*[/／|,，、;；]\s*")
_CJK_CHAR = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def credit_names(credit: str, glossary: Glossary | None = None) -> list[str]:
    """How a caption credit could read in English: its Latin parts as printed ("Andy Wong",
    "REUTERS") and the approved English of its Chinese parts (路透社 → Reuters)."""
    names: list[str] = []
    for part in _CREDIT_SPLIT.split(credit.strip("()（）[]【】 ")):
        if not part:
            continue
        if _CJK_CHAR.search(part):
            if glossary is not None:
                names += [form for _, _, e in glossary.find(part) for form in e.en_forms]
        else:
            names.append(part)
    return list(dict.fromkeys(names))


def find_credit(en: str, names: Iterable[str]) -> str | None:
    """The credit as repeated in English: a name inside brackets ("(REUTERS)", "(Photo: Getty)")
    or after the sentence's last stop ("… chips. Reuters"); a name in the running text
    ("Reuters reported") is not a credit."""
    for name in names:
        word = r"(?<![A-Za-z0-9])" + re.escape(name) + r"(?![A-Za-z0-9])"
        bracketed = re.search(r"[(（\[][^()（）\[\]]*" + word + r"[^()（）\[\]]*[)）\]]", en, re.IGNORECASE)
        trailing = re.search(r"[.!?。:：—–-]\s*(?:photos?\s*:?\s*)?" + word + r"\W*$", en, re.IGNORECASE)
        m = bracketed or trailing
        if m:
            return m.group(0).lstrip(".!?。:：—–- ")
    return None


def credit_flags(p: Paragraph, translations: Mapping[str, Translation],
                 glossary: Glossary | None = None) -> dict[str, Flag]:
    """Flags by segment id for caption English that repeats the caption's credit, which the
    page already prints beside it."""
    if p.kind is not Kind.CAPTION or not p.credit:
        return {}
    names = credit_names(p.credit, glossary)
    out = {}
    for seg in p.segments:
        tr = translations.get(seg.id)
        found = find_credit(tr.en, names) if tr is not None else None
        if found:
            out[seg.id] = Flag(CREDIT_IN_ENGLISH, f"the credit {p.credit} is printed beside the "
                                                  f"caption; remove '{found}' from the English")
    return out


def run_flags(codes: Iterable[str]) -> tuple[Flag, ...]:
    """Flags the machine run stored with a draft (unknown codes are ignored)."""
    return tuple(Flag(c, RUN_CODES[c]) for c in dict.fromkeys(codes) if c in RUN_CODES)


def check_article(article: Article, translations: Mapping[str, Translation],
                  glossary: Glossary | None = None) -> dict[str, tuple[Flag, ...]]:
    """QA flags by segment id, for segments that have English and at least one flag."""
    credits: dict[str, Flag] = {}
    for p in article.paragraphs:
        credits.update(credit_flags(p, translations, glossary))
    out = {}
    for seg in article.segments():
        tr = translations.get(seg.id)
        if tr is None:
            continue
        flags = check_segment(seg.source, tr.en, glossary, seg.hans) + run_flags(tr.flags)
        if seg.id in credits:
            flags += (credits[seg.id],)
        if flags:
            out[seg.id] = flags
    return out


def flag_codes(article: Article, translations: Mapping[str, Translation],
               glossary: Glossary | None = None) -> dict[str, tuple[str, ...]]:
    """The QA codes by segment id of one article's flagged segments (small: they cross
    process boundaries when articles are checked in workers)."""
    return {seg_id: tuple(f.code for f in flags)
            for seg_id, flags in check_article(article, translations, glossary).items()}


def flagged(translations: Mapping[str, Translation],
            codes: Mapping[str, tuple[str, ...]]) -> dict[str, Translation]:
    """The translations of the segments in `codes`, each with its `flags` set to its codes."""
    return {seg_id: replace(translations[seg_id], flags=found) for seg_id, found in codes.items()}


def with_flag_codes(translations: Mapping[str, Translation],
                    codes: Mapping[str, tuple[str, ...]]) -> dict[str, Translation]:
    """`translations` with the `flags` of the segments in `codes` set to their codes."""
    return {**translations, **flagged(translations, codes)}


def flag_translations(articles: Iterable[Article], translations: Mapping[str, Translation],
                      glossary: Glossary | None = None) -> dict[str, Translation]:
    """`translations` with each one's `flags` set to its QA codes (for the page's marker)."""
    codes: dict[str, tuple[str, ...]] = {}
    for article in articles:
        codes.update(flag_codes(article, translations, glossary))
    return with_flag_codes(translations, codes)
