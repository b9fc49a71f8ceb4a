"""The briefing's model: frozen dataclasses, no I/O.

Ids. Every paragraph of an article has a 1-based index `p` in reading order (headings, captions
and list items count as paragraphs); every sentence in it a 1-based index `s`. A segment's
*anchor* is ``p{p}-s{s}`` (the HTML id on the article page); its *id* is ``{slug}/p{p}-s{s}``,
used by the translation memory and by curated citations. The title is the segment ``{slug}/title``.
Ids are positional, so they survive rebuilds while the text before them is unchanged; the
translation memory is keyed by the hash of the normalised source, so an edit never silently
reuses old English.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Literal

Script = Literal["hans", "hant"]
DatePrecision = Literal["day", "month", "year", "unknown"]


class Kind(str, Enum):
    """What a paragraph is; rendering differs, alignment does not."""

    TEXT = "text"
    HEADING = "heading"
    ITEM = "item"  # a numbered list item ("1." / "（一）"), label kept apart
    CAPTION = "caption"  # a photo caption; agency credit kept apart
    LEAD = "lead"  # an editor's standfirst ("简介:") printed before the body


class Status(str, Enum):
    """Where an English string came from. Human statuses always win over `machine`."""

    MACHINE = "machine"
    EDITED = "edited"  # a machine draft an editor corrected
    REVIEWED = "reviewed"  # a machine draft an editor checked and accepted
    EDITOR = "editor"  # written by an editor from scratch

    @property
    def is_human(self) -> bool:
        return self is not Status.MACHINE


_SPACE = re.compile(r"\s+")


def normalise_source(text: str) -> str:
    """The form of a source segment that is hashed: NFKC, whitespace folded."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


@lru_cache(maxsize=1 << 14)  # a build hashes each sentence twice: its memory entry's source, then the segment
def source_hash(text: str) -> str:
    """Stable 16-hex-digit key of a source segment, independent of whitespace and width."""
    return hashlib.sha256(normalise_source(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Segment:
    """One sentence (or title, heading, caption) in the original and both scripts."""

    id: str  # "{slug}/p{p}-s{s}" or "{slug}/title"
    source: str  # as in the seed, after cleaning: authoritative
    hans: str  # Simplified
    hant: str  # Traditional

    @property
    def anchor(self) -> str:
        return self.id.split("/", 1)[1]

    @property
    def slug(self) -> str:
        return self.id.split("/", 1)[0]

    @property
    def hash(self) -> str:
        return source_hash(self.source)


@dataclass(frozen=True)
class Paragraph:
    index: int  # 1-based, reading order
    kind: Kind
    segments: tuple[Segment, ...]
    label: str = ""  # list/heading number as printed, e.g. "1." or "一、"
    credit: str = ""  # caption credit as printed, e.g. "(Reuters)"


@dataclass(frozen=True)
class Removal:
    """A line the cleaner removed, and why: nothing is dropped silently."""

    line: int  # 1-based line number in the seed file
    text: str
    rule: str  # short rule name, e.g. "site-chrome", "byline", "pinyin-gloss"
    unsure: bool = False  # the method is not sure this was not article text: an editor should look


@dataclass(frozen=True)
class Found:
    """A metadata value found in a seed's text, and how it was found."""

    field: str  # title, author, outlet, published, published_time, column, credit
    value: str
    how: str  # e.g. "line 3: byline"
    line: int = 0


@dataclass(frozen=True)
class ArticleMeta:
    """What an editor knows about an article (seeds/NNN_*.yml)."""

    slug: str
    source_file: str  # seed file name, e.g. "000_bc69582f40be15b3.txt"
    title_zh: str = ""
    outlet: str = ""
    author: str = ""
    published: str = ""  # ISO "2025-09-18", "2025-01", "2025" or ""
    precision: DatePrecision = "unknown"
    url: str = ""
    notes: str = ""
    title_source: str = "text"  # "text": printed; "editor": supplied by an editor; "provisional": from the lead
    published_time: str = ""  # "14:41" when printed
    given: frozenset[str] = frozenset()  # fields the editor's YAML sets (they win over found values)
    found: tuple[Found, ...] = ()  # values found in the text, with how


@dataclass(frozen=True)
class Article:
    meta: ArticleMeta
    script: Script  # the original's script
    title: Segment
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Removal, ...] = ()

    @property
    def slug(self) -> str:
        return self.meta.slug

    def segments(self) -> tuple[Segment, ...]:
        """Title first, then every sentence in reading order."""
        return (self.title,) + tuple(s for p in self.paragraphs for s in p.segments)


@dataclass(frozen=True)
class Translation:
    """English for one segment, with provenance."""

    en: str
    status: Status
    engine: str  # "editor", "argos", ...
    model: str = ""  # e.g. "translate-zh_en 1.9"
    date: str = ""  # ISO date the text was produced
    source_hash: str = ""  # hash of the source it translates
    stale: bool = False  # the source changed since; shown, flagged, never silently reused
    flags: tuple[str, ...] = ()  # QA flags, e.g. "cjk-left", "number-mismatch"
