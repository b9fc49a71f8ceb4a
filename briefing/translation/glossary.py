"""The glossary (curation/glossary.yml): names and terms with their approved English.

One file serves several readers: MT protection (names replaced by placeholders before the model
and by the approved English after it), the QA check "glossary-miss", and later the entity index.
Format::

    entries:
      - en: Nvidia                 # approved English (required)
        zh-Hans: 英伟达             # Simplified form (required unless zh-Hant is given)
        zh-Hant: 輝達               # Traditional form(s): a string or a list
        zh-other: [英偉達]           # further Chinese spellings (HK, older usage...)
        en-also: [NVIDIA]           # other English accepted by QA (optional)
        type: org                   # person | org | product | policy | place | term
        note: Taiwan usage 輝達; HK/mainland media also 英偉達   # for readers (published)
        editor-note: which seed writes which form            # for editors (never published)

Keys this module does not know are kept in `GlossaryEntry.extra`, so the file can grow new
fields without changing the loader.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from briefing.editor_yaml import line_of, load_text, read_text_file
from briefing.errors import InputError, ValidationError
from briefing.model import Script
from briefing.config import DEFAULT_SCRIPT_CONVERSION
from briefing.sources.script import Conversion, NamePair, pair_forms

TYPES = ("person", "org", "product", "policy", "place", "term")
_KNOWN = ("en", "zh-Hans", "zh-Hant", "zh-other", "en-also", "type", "note", "editor-note")
HINT = "see the format described at the top of curation/glossary.yml"


@dataclass(frozen=True)
class GlossaryEntry:
    """One name or term: every Chinese spelling and its approved English."""

    en: str
    hans: tuple[str, ...]
    hant: tuple[str, ...] = ()
    other: tuple[str, ...] = ()
    en_also: tuple[str, ...] = ()
    type: str = "term"
    note: str = ""  # for readers: published on the glossary page
    editor_note: str = ""  # for editors only: never published
    line: int = 0  # line of the entry in the glossary file, for messages
    extra: Mapping[str, Any] = field(default_factory=dict)
    setting: str = DEFAULT_SCRIPT_CONVERSION  # the project's script_conversion: how spellings pair

    @property
    def zh_forms(self) -> tuple[str, ...]:
        """Every Chinese spelling, longest first, without repeats."""
        seen = dict.fromkeys(self.hans + self.hant + self.other)
        return tuple(sorted(seen, key=len, reverse=True))

    @property
    def script_pairs(self) -> tuple[NamePair, ...]:
        """(Simplified, Traditional) for every Chinese spelling, as script conversion keeps them."""
        return pair_forms(self.hans, self.hant, self.other, self.setting)

    @property
    def match_forms(self) -> tuple[str, ...]:
        """Every Chinese spelling in both scripts, longest first: a name listed in one script
        is still found in a text written (or converted) in the other."""
        forms = dict.fromkeys(self.zh_forms)
        forms.update(dict.fromkeys(f for pair in self.script_pairs for f in pair))
        return tuple(sorted(forms, key=len, reverse=True))

    @property
    def en_forms(self) -> tuple[str, ...]:
        """English accepted by QA: the approved rendering first."""
        return (self.en,) + self.en_also


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...] = ()
    path: Path | None = None

    def entry_for(self, zh: str) -> GlossaryEntry | None:
        """The entry that owns the Chinese spelling `zh`."""
        for e in self.entries:
            if zh in e.zh_forms:
                return e
        return None

    def find(self, text: str) -> list[tuple[int, int, GlossaryEntry]]:
        """Non-overlapping (start, end, entry) matches in `text`, longest spelling first."""
        pattern = _pattern(self)
        if pattern is None:
            return []
        owners = _owners(self)
        return [(m.start(), m.end(), owners[m.group(0)]) for m in pattern.finditer(text)]

    def present(self, *texts: str) -> list[GlossaryEntry]:
        """Entries named in any of `texts`, in order of first appearance, each once."""
        found: dict[str, GlossaryEntry] = {}
        for text in texts:
            for _, _, e in self.find(text):
                found.setdefault(e.en, e)
        return list(found.values())


_PATTERNS: dict[int, tuple[Glossary, re.Pattern[str] | None, dict[str, GlossaryEntry]]] = {}


def _compiled(g: Glossary) -> tuple[re.Pattern[str] | None, dict[str, GlossaryEntry]]:
    cached = _PATTERNS.get(id(g))
    if cached is None or cached[0] is not g:
        owners = {zh: e for e in g.entries for zh in e.zh_forms}
        for e in g.entries:  # converted spellings after every listed one: a listed form keeps its owner
            for zh in e.match_forms:
                owners.setdefault(zh, e)
        forms = sorted(owners, key=len, reverse=True)  # longest first: 黄仁勋 before 黄
        pattern = re.compile("|".join(map(form_pattern, forms))) if forms else None
        cached = (g, pattern, owners)
        if len(_PATTERNS) > 32:  # glossaries are few; bound the cache anyway
            _PATTERNS.clear()
        _PATTERNS[id(g)] = cached
    return cached[1], cached[2]


def form_pattern(form: str) -> str:
    """A Latin-edged form ("V3", "OpenAI") must not match inside a longer Latin name
    ("DeepSeek-V3", "OpenAIs"); Chinese has no word boundaries, so CJK edges match anywhere."""
    body = re.escape(form)
    if re.match(r"[A-Za-z0-9]", form):
        body = r"(?<![A-Za-z0-9\-])" + body
    if re.search(r"[A-Za-z0-9]$", form):
        body += r"(?![A-Za-z0-9])"
    return body


def _pattern(g: Glossary) -> re.Pattern[str] | None:
    return _compiled(g)[0]


def _owners(g: Glossary) -> dict[str, GlossaryEntry]:
    return _compiled(g)[1]


# ---------------------------------------------------------------- loading

def _strings(value: object) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    return None


def parse_glossary(text: str, path: Path, setting: str = DEFAULT_SCRIPT_CONVERSION) -> Glossary:
    """Parse and validate glossary text; all problems are reported together, with lines.
    `setting`: the project's script_conversion, by which each entry pairs its spellings."""
    data = load_text(text, path, what="glossary is not valid YAML")
    if data is None:
        return Glossary((), path)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise InputError("glossary must be a mapping with a list 'entries'", path=path, line=1, hint=HINT)
    problems: list[str] = []
    entries: list[GlossaryEntry] = []
    for raw in data["entries"]:
        line = line_of(raw) or line_of(data, "entries")
        entry = _entry_from(raw, line, lambda msg, line=line: problems.append(f"{path}:{line}: {msg}"), setting)
        if entry is not None:
            entries.append(entry)
    problems += _clashes(entries, path)
    if problems:
        if len(problems) == 1:
            raise InputError(problems[0], hint=HINT)
        raise ValidationError(problems, summary=f"{path}: the glossary has problems", hint=HINT)
    return Glossary(tuple(entries), path)


def _entry_from(raw: object, line: int, fail: Any, setting: str) -> GlossaryEntry | None:
    if not isinstance(raw, dict):
        fail("an entry must be a mapping with at least 'en' and 'zh-Hans' or 'zh-Hant'")
        return None
    en = raw.get("en")
    if not isinstance(en, str) or not en.strip():
        fail("entry lacks 'en' (the approved English)")
        return None
    lists = {}
    for key in ("zh-Hans", "zh-Hant", "zh-other", "en-also"):
        value = _strings(raw.get(key))
        if value is None:
            fail(f"'{key}' of {en} must be a string or a list of strings")
            return None
        lists[key] = value
    if not (lists["zh-Hans"] or lists["zh-Hant"]):
        fail(f"entry {en} has no Chinese form ('zh-Hans' or 'zh-Hant')")
        return None
    if isinstance(raw.get("note"), (dict, list)) or isinstance(raw.get("type"), (dict, list)):
        fail(f"'type' and 'note' of {en} must be text")
        return None
    kind = str(raw.get("type") or "term")
    if kind not in TYPES:
        fail(f"type '{kind}' of {en} is not one of {', '.join(TYPES)}")
        return None
    extra = {k: v for k, v in raw.items() if k not in _KNOWN}
    return GlossaryEntry(en=en.strip(), hans=lists["zh-Hans"], hant=lists["zh-Hant"],
                         other=lists["zh-other"], en_also=lists["en-also"], type=kind,
                         note=str(raw.get("note") or ""), editor_note=str(raw.get("editor-note") or ""),
                         line=line, extra=extra, setting=setting)


def _clashes(entries: Iterable[GlossaryEntry], path: Path) -> list[str]:
    """A Chinese spelling may belong to one entry only: MT protection must know its English."""
    owner: dict[str, GlossaryEntry] = {}
    problems = []
    for e in entries:
        for zh in e.zh_forms:
            first = owner.get(zh)
            if first is None:
                owner[zh] = e
            elif first.en == e.en:
                problems.append(f"{path}:{e.line}: '{zh}' is listed twice for {e.en} "
                                f"(also line {first.line}); merge the two entries")
            else:
                problems.append(f"{path}:{e.line}: '{zh}' is {e.en} here but {first.en} at line "
                                f"{first.line}; a Chinese form may have one approved English")
    return problems


def load_glossary(path: Path, setting: str) -> Glossary:
    """Read the glossary file; a missing file is an empty glossary. `setting`: the project's
    script_conversion (Project.script_conversion)."""
    try:
        text = read_text_file(path, what="glossary")
    except FileNotFoundError:
        return Glossary((), path)
    return parse_glossary(text, path, setting)


# ---------------------------------------------------------------- MT protection

# Placeholders are plain ASCII so every SentencePiece vocabulary can spell them; NMT models
# copy such unknown Latin "words" through, but not always verbatim. Restoration accepts the
# forms models produce: spaces or a hyphen inside ("XQ 3", "X Q 3", "XQ-3"), any case ("xq3"),
# full-width letters or digits ("XQ３"), a plural/possessive s ("XQ3s", "XQ3's"). A placeholder
# glued to a preceding letter or digit ("XQ1XQ1") still counts, so a duplicate is seen.
PLACEHOLDER = "XQ{n}"
_PLACEHOLDER_RE = re.compile(
    r"(?<![A-Za-z])[XxＸｘ]\s?[QqＱｑ][\s\-_‐–.#]?\s?([0-9０-９]{1,3})(?![0-9０-９])"
    r"(?:('s|’s)|(s)\b)?")
_EXACT_RE = re.compile(r"\bXQ(\d{1,3})\b")
_LEFT_RE = re.compile(r"(?<![A-Za-z])[XxＸｘ]\s?[QqＱｑ][\s\-_‐–.#]?\s?[0-9０-９]")


@dataclass(frozen=True)
class Protected:
    """Source text with glossary names replaced by numbered placeholders."""

    text: str
    names: tuple[GlossaryEntry, ...] = ()  # placeholder n ↔ names[n-1]


def protect(text: str, glossary: Glossary) -> Protected:
    """Replace every glossary name with a placeholder (the same name, the same number)."""
    names: list[GlossaryEntry] = []
    out: list[str] = []
    pos = 0
    for start, end, entry in glossary.find(text):
        if entry not in names:
            names.append(entry)
        out.append(text[pos:start])
        out.append(f" {PLACEHOLDER.format(n=names.index(entry) + 1)} ")
        pos = end
    out.append(text[pos:])
    if not names:
        return Protected(text)
    return Protected(re.sub(r" {2,}", " ", "".join(out)).strip(), tuple(names))


def protect_original(source: str, script: Script, glossary: Glossary, conversion: Conversion) -> Protected:
    """Protect names in the author's own text, then give the model Simplified script.

    Names are found before any conversion, so a name in a Traditional article is protected
    whether or not its Simplified spelling is listed; the placeholders pass conversion unchanged.
    """
    protected = protect(source, glossary)
    if script == "hans":
        return protected
    return Protected(conversion.to_hans(protected.text), protected.names)


def restore(en: str, protected: Protected) -> str:
    """Put the approved English back where the model left the placeholders (any form it
    produced); a number that was never sent is left as it is, for `placeholder_problems`."""
    if not protected.names:
        return en

    def swap(m: re.Match[str]) -> str:
        n = int(m.group(1))
        if not 1 <= n <= len(protected.names):
            return m.group(0)
        suffix = "'s" if m.group(2) or m.group(3) else ""
        return protected.names[n - 1].en + suffix

    text = _PLACEHOLDER_RE.sub(swap, en)
    text = re.sub(r" {2,}", " ", text)
    return re.sub(r" ([,.;:!?)])", r"\1", text).strip()


def placeholder_problems(en: str, protected: Protected) -> list[str]:
    """How the model's output differs from the placeholders sent: each one lost, duplicated or
    invented, e.g. ["XQ2 lost", "XQ1 twice (sent once)"]; empty when every one came back."""
    sent = Counter(int(n) for n in _EXACT_RE.findall(protected.text))
    got = Counter(int(m.group(1)) for m in _PLACEHOLDER_RE.finditer(en))
    problems = []
    for n in sorted(sent | got):
        want, have = sent.get(n, 0), got.get(n, 0)
        if want and not have:
            problems.append(f"XQ{n} lost")
        elif not want:
            problems.append(f"XQ{n} invented")
        elif have != want:
            problems.append(f"XQ{n} {_times(have)} (sent {_times(want)})")
    return problems


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def placeholder_left(en: str) -> bool:
    """English still holds something that looks like a placeholder (XQ1, xq 2, ...)."""
    return bool(_LEFT_RE.search(en))


def missing_names(source_texts: Iterable[str], en: str, glossary: Glossary) -> list[GlossaryEntry]:
    """Entries named in the source whose approved English (or an accepted variant) is absent."""
    lowered = en.casefold()
    return [e for e in glossary.present(*source_texts)
            if not any(form.casefold() in lowered for form in e.en_forms)]


# ---------------------------------------------------------------- name forms (QA "name-form")

_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u00ad"  # ASCII, Unicode and soft hyphens
_LOOSE_SEP = f"[\\s{_DASHES}]*"
_TOKEN_SPLIT = re.compile(f"[\\s{_DASHES}]+")
_PART_EDGE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")


def _checkable(form: str) -> bool:
    """A proper-name spelling worth checking exactly: a digit, a capital after the first letter
    or several capitalised words ("o1", "DeepSeek", "Claude 3.5 Sonnet"). Plain words ("Meta",
    "Gala") and lower-case terms ("export controls", "export-control rules") vary legitimately."""
    if re.search(r"\d|.[A-Z]", form):
        return True
    return bool(re.search(r"[A-Z]", form)) and len(_TOKEN_SPLIT.split(form.strip())) > 1


def _accepted(forms: tuple[str, ...]) -> frozenset[str]:
    """Accepted spellings; a name starting with "The" is also right without it ("the Wall Street Journal")."""
    return frozenset(forms) | {f[4:] for f in forms if f.startswith("The ")}


def _loose_token(token: str) -> str:
    """'DeepSeek' → 'Deep[sep]*Seek': a space or hyphen may creep in where the case or the
    letter/digit class changes ("Deep Seek", "Open AI", "GPT 4o")."""
    return _LOOSE_SEP.join(re.escape(p) for p in _PART_EDGE.split(token) if p)


@functools.lru_cache(maxsize=512)
def _loose_pattern(forms: tuple[str, ...]) -> re.Pattern[str] | None:
    alternatives: set[str] = set()
    for form in {f[4:] if f.startswith("The ") else f for f in forms}:
        if not _checkable(form):
            continue
        tokens = [t for t in _TOKEN_SPLIT.split(form.strip()) if t]
        # words in another order are the same wrong name ("Claude Sonnet 3.5"); long titles keep theirs
        orders = itertools.permutations(tokens) if len(tokens) <= 4 else [tokens]
        alternatives.update(_LOOSE_SEP.join(map(_loose_token, order)) for order in orders)
    if not alternatives:
        return None
    body = "|".join(sorted(alternatives, key=len, reverse=True))
    return re.compile(f"(?<![A-Za-z0-9])(?:{body})(?![A-Za-z0-9])", re.IGNORECASE)


def wrong_name_forms(source_texts: Iterable[str], en: str,
                     glossary: Glossary) -> list[tuple[str, GlossaryEntry]]:
    """(as written, entry) for each glossary name of the source that the English spells with
    other hyphens, spaces, case or word order than the approved English or an accepted
    variant ("DeepSeek V3", "DeepSeek-v3", "Claude Sonnet 3.5"). A bare variant ("Claude")
    cannot hide a wrong full name: the longest loose match is judged."""
    out: list[tuple[str, GlossaryEntry]] = []
    for entry in glossary.present(*source_texts):
        pattern = _loose_pattern(entry.en_forms)
        if pattern is None:
            continue
        for m in pattern.finditer(en):
            text = m.group(0)
            if (text not in _accepted(entry.en_forms) and not _common_words(text, entry.en_forms)
                    and (text, entry) not in out):
                out.append((text, entry))
    return out


def _common_words(text: str, forms: tuple[str, ...]) -> bool:
    """The match spells a capitalised word of the name in lower case: a common word that
    happens to follow the name ("Hunyuan large model" for 混元大模型), not the name "Hunyuan-Large"."""
    capitalised = {t.casefold() for f in forms for t in _TOKEN_SPLIT.split(f) if t[:1].isupper()}
    return any(t.isalpha() and t.islower() and t in capitalised for t in _TOKEN_SPLIT.split(text))
