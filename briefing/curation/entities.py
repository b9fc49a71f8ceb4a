"""The entity index, from the glossary (pure).

A mention is found in either script: every segment is searched in its Simplified and its
Traditional form, for every Chinese spelling of the entry (as listed, plus its other-script
spelling as script conversion keeps it, since editors often list one form only) and for its
English names written in Latin letters inside the Chinese text ("DeepSeek", "OpenAI"), matched
as whole words. A segment's count
for an entry is the larger of its counts in the two scripts, so one name is never counted twice
because it is searched twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from briefing.translation.glossary import Glossary, GlossaryEntry, form_pattern
from briefing.model import Article

_LATIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .&'+-]*$")


@dataclass(frozen=True)
class Mention:
    segment: str  # segment id
    count: int


@dataclass(frozen=True)
class EntityMentions:
    """Where one glossary entry is named: per article, per segment, with counts."""

    entry: GlossaryEntry
    mentions: tuple[Mention, ...]  # reading order: articles in briefing order, then segments

    @property
    def total(self) -> int:
        return sum(m.count for m in self.mentions)

    def by_article(self) -> dict[str, tuple[Mention, ...]]:
        """Mentions grouped by article slug, in order."""
        out: dict[str, list[Mention]] = {}
        for m in self.mentions:
            out.setdefault(m.segment.split("/", 1)[0], []).append(m)
        return {k: tuple(v) for k, v in out.items()}


def search_forms(entry: GlossaryEntry) -> tuple[str, ...]:
    """Every spelling to look for: Chinese forms in both scripts, then Latin English names."""
    zh = list(entry.zh_forms) + list(entry.match_forms)  # as listed, then the other script's spelling
    latin = [e for e in entry.en_forms if _LATIN.match(e)]
    return tuple(dict.fromkeys(z for z in zh + latin if z))


def _matcher(entries: Sequence[GlossaryEntry]) -> tuple[re.Pattern[str] | None, dict[str, int]]:
    owner: dict[str, int] = {}
    for i, entry in enumerate(entries):
        for form in search_forms(entry):
            owner.setdefault(form, i)  # a form two entries share stays with the first (QA's job)
    if not owner:
        return None, owner
    forms = sorted(owner, key=len, reverse=True)  # longest first: 黄仁勋 before 黄
    # the same edges as name protection: "V3" is not counted inside "DeepSeek-V3"
    return re.compile("|".join(form_pattern(f) for f in forms)), owner


def _counts(pattern: re.Pattern[str], owner: dict[str, int], text: str) -> dict[int, int]:
    out: dict[int, int] = {}
    for m in pattern.finditer(text):
        i = owner[m.group(0)]
        out[i] = out.get(i, 0) + 1
    return out


def index_entities(glossary: Glossary, articles: Iterable[Article]) -> tuple[EntityMentions, ...]:
    """For every glossary entry (in glossary order), every segment naming it, with counts."""
    entries = glossary.entries
    pattern, owner = _matcher(entries)
    found: list[list[Mention]] = [[] for _ in entries]
    if pattern is not None:
        for article in articles:
            for seg in article.segments():
                hans, hant = _counts(pattern, owner, seg.hans), _counts(pattern, owner, seg.hant)
                for i in hans.keys() | hant.keys():
                    found[i].append(Mention(seg.id, max(hans.get(i, 0), hant.get(i, 0))))
    return tuple(EntityMentions(e, tuple(ms)) for e, ms in zip(entries, found))
