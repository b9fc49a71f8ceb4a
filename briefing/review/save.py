"""What a save does: from an editor's request and the memory as it is, the entry to store, or
why nothing is stored. Pure: `session` reads the memory and writes the entry (under the lock,
with the version check of `memory.save_segment`).

Statuses (README, 'Translation memory'). *Accept* keeps the English as it is: a machine draft
becomes `reviewed`; English already checked by an editor stays as it is (nothing is written),
unless it is stale, when it is confirmed for the new original with its status. *Save* stores
the editor's text: a correction of a machine draft (or of a reviewed one) is `edited`, text
written where there was none is `editor`, and an editor's own text corrected stays `editor`.
Text that equals what is shown is an accept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Mapping

from briefing.model import Article, Segment, Status, Translation
from briefing.translation.memory import Entry, entry_for, resolve

MAX_ENGLISH = 4000  # characters: a sentence's English is far shorter; a paste gone wrong is refused
MAX_NAME = 100  # characters of an editor's name
ACTIONS = ("accept", "save")
EDITOR_ENGINE = "editor"  # the engine of English an editor wrote (as worksheet imports record it)

_SPACE = re.compile(r"\s+")
# text direction overrides: invisible, and they make text read otherwise than it is stored
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class Refused(Exception):
    """A save that cannot be done as asked; `str()` is the message the editor sees."""

    def __init__(self, message: str, *, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class SaveRequest:
    """What the page sends: the segment, what the editor saw (its original's hash and the
    segment's version), the action and the English."""

    slug: str
    segment_id: str
    action: str
    english: str
    version: str
    source_hash: str


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise Refused(f"'{key}' must be text", status=400)
    return value


def parse_request(data: Any) -> SaveRequest:
    """A `SaveRequest` from the page's JSON; `Refused` (400) for a malformed one."""
    if not isinstance(data, dict):
        raise Refused("a save is a JSON object", status=400)
    request = SaveRequest(slug=_text(data, "slug"), segment_id=_text(data, "id"),
                          action=_text(data, "action"), english=_text(data, "english"),
                          version=_text(data, "version"), source_hash=_text(data, "source_hash"))
    if request.action not in ACTIONS:
        raise Refused(f"unknown action '{request.action}'; one of {', '.join(ACTIONS)}", status=400)
    if not request.segment_id or not request.version:
        raise Refused("a save needs the segment's 'id' and the 'version' the editor saw", status=400)
    return request


def clean_english(text: str) -> str:
    """The English as stored: one line (line breaks and runs of spaces become one space), no
    control characters; `Refused` when nothing is left or it is far too long."""
    bad = sorted({f"U+{ord(c):04X}" for c in text
                  if (unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") and not c.isspace())
                  or c in _BIDI_CONTROLS})
    if bad:
        raise Refused(f"the English holds invisible control characters ({', '.join(bad[:5])}); "
                      "retype the text or paste it as plain text")
    cleaned = _SPACE.sub(" ", text).strip()
    if not cleaned:
        raise Refused("the English is empty: write the translation, or mark the sentence for later (L)")
    if len(cleaned) > MAX_ENGLISH:
        raise Refused(f"the English is {len(cleaned):,} characters long (at most {MAX_ENGLISH:,} for one "
                      "sentence): was more than this sentence pasted?")
    return cleaned


def clean_name(name: str) -> str:
    """An editor's name as recorded: one line of printable text."""
    cleaned = _SPACE.sub(" ", "".join(c for c in name if c.isprintable() or c.isspace())).strip()
    return cleaned[:MAX_NAME]


@dataclass(frozen=True)
class Planned:
    """What to store (None: nothing, the English is already checked) and what to tell the editor."""

    entry: Entry | None
    message: str


def edit_status(shown: Translation | None) -> Status:
    """The status of an editor's changed text, by what it replaces."""
    if shown is None or shown.status is Status.EDITOR:
        return Status.EDITOR
    return Status.EDITED  # a machine draft, or a reviewed or edited one, corrected


def plan_save(article: Article, entries: list[Entry], request: SaveRequest, who: str,
              when: str) -> Planned:
    """The entry a save stores, stamped `when` (`memory.now_stamp()`: the time, with its offset).
    `Refused` for a sentence that is gone, an accept with nothing to accept, or unusable English.
    The version is checked where the entry is written."""
    segment = next((s for s in article.segments() if s.id == request.segment_id), None)
    if segment is None:
        raise Refused(f"{article.slug} has no sentence {request.segment_id} any more (the article "
                      "changed); reload the page", status=409)
    shown = resolve(article, entries).get(segment.id)
    if request.action == "accept" or (shown is not None and shown.en == clean_english(request.english)):
        return _accept(segment, shown, who, when)
    english = clean_english(request.english)
    status = edit_status(shown)
    engine, model = _engine_of(shown, status)
    entry = entry_for(segment, english, status, engine, model, when, by=who)
    return Planned(entry, f"Saved as {status.value}.")


def _engine_of(shown: Translation | None, status: Status) -> tuple[str, str]:
    """A correction keeps the engine and model of the draft it started from (the page says
    'Machine draft corrected by an editor (engine, model)'); an editor's own text has none."""
    if status is Status.EDITOR or shown is None:
        return EDITOR_ENGINE, ""
    return shown.engine, shown.model


def _accept(segment: Segment, shown: Translation | None, who: str, when: str) -> Planned:
    if shown is None:
        raise Refused("there is no English to accept: write it (E), or mark the sentence for later (L)")
    if shown.status.is_human and not shown.stale:
        return Planned(None, f"Already checked ({shown.status.value}); nothing to save.")
    status = Status.REVIEWED if shown.status is Status.MACHINE else shown.status
    engine, model = (shown.engine, shown.model) if status is not Status.EDITOR else (EDITOR_ENGINE, "")
    entry = entry_for(segment, shown.en, status, engine, model, when, by=who)
    if shown.stale:
        return Planned(entry, f"Accepted for the changed original ({status.value}).")
    return Planned(entry, "Accepted as reviewed.")
