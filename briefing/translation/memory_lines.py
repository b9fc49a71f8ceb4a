"""Reading a memory file as briefing writes it, line by line: the fast path of `parse_tm`.

`dump_tm` writes one key per line, each value plain or in single quotes. Composing that with
YAML costs ~3 ms a file (a Python node per scalar); this reads the same subset with one regex
per line. It is deliberately narrow: a line outside the subset — a double-quoted or folded
value, a comment after a value, a tab, a null word, a value that could mean something other
than its text — makes it give up (None), and the file is read as YAML, which also reports any
problem with file and line. Inside the subset both readings give the same text
(tests/test_tm.py compares them on generated files).
"""

from __future__ import annotations

import re

from briefing.editor_yaml import LineDict

_KEYS = "id|hash|source|en|status|engine|model|date|by"
_ENTRY_LINE = re.compile(rf"(- |  )({_KEYS}): (.+)")
_TOP_LINE = re.compile(r"(article): (.+)|(entries):( \[\])?")
_QUOTED = re.compile(r"'((?:[^']|'')*)'")
# a plain scalar that YAML reads as its own text: no indicator first, no ': ' or ' #' inside,
# no ':' or space last (the rest — tabs, control and other non-printing characters — is
# refused by `isprintable`)
_PLAIN_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_NULL_WORDS = frozenset({"~", "null", "Null", "NULL"})


def scalar_text(value: str) -> str | None:
    """The text of a one-line value as YAML reads it, or None when it is outside the subset."""
    if not value.isprintable():
        return None
    if value[0] == "'":
        quoted = _QUOTED.fullmatch(value)
        return quoted.group(1).replace("''", "'") if quoted else None
    if (value[0] in _PLAIN_FIRST or value[-1] in ": " or ": " in value or " #" in value
            or value in _NULL_WORDS):
        return None
    return value


def read_as_written(text: str) -> LineDict | None:
    """{'article': slug, 'entries': [entry, ...]} of a memory file in the subset, else None."""
    if "\r" in text:
        return None
    data = LineDict()
    entries: list[LineDict] | None = None  # the open list, once "entries:" is read
    for line in text.split("\n"):
        if not line or line[0] == "#":
            continue
        if line[0] in "- ":
            if entries is None or not _add_entry_line(line, entries):
                return None
            continue
        top = _TOP_LINE.fullmatch(line)
        if top is None or "entries" in data:  # nothing at the top level after the entries
            return None
        if top.group(1):
            value = scalar_text(top.group(2))
            if value is None or "article" in data:
                return None
            data["article"] = value
        else:
            data["entries"] = []
            entries = None if top.group(4) else data["entries"]  # "entries: []" holds none
    return data if "entries" in data else None


def _add_entry_line(line: str, entries: list[LineDict]) -> bool:
    """Add one `- key: value` or `  key: value` line; False when it is outside the subset."""
    m = _ENTRY_LINE.fullmatch(line)
    if m is None:
        return False
    value = scalar_text(m.group(3))
    if value is None:
        return False
    if m.group(1) == "- ":
        entries.append(LineDict())
    elif not entries:
        return False
    entry, key = entries[-1], m.group(2)
    if key in entry:
        return False  # a key twice: YAML reports it
    entry[key] = value
    return True
