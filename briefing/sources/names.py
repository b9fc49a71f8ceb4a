"""The project's script conversion: its setting (briefing.yml) and the glossary's names.

Only the Chinese spellings are read here; the glossary itself (English, types, clashes) is
loaded and checked by briefing.translation.glossary, which reports a broken entry with its line.
Sources sit below translation, so this reader looks at the same file without importing it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from briefing.config import Project
from briefing.editor_yaml import read_yaml
from briefing.sources.script import Conversion, NamePair, pair_forms

_FIELDS = ("zh-Hans", "zh-Hant", "zh-other")


def _forms(value: object) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str) and v.strip()]
    return []


def name_pairs(data: object, setting: str) -> tuple[NamePair, ...]:
    """(Simplified, Traditional) pairs of every Chinese name in parsed glossary data."""
    entries = data.get("entries") if isinstance(data, dict) else None
    pairs: dict[NamePair, None] = {}
    for raw in entries if isinstance(entries, list) else []:
        if isinstance(raw, dict):
            hans, hant, other = (_forms(raw.get(k)) for k in _FIELDS)
            pairs.update(dict.fromkeys(pair_forms(hans, hant, other, setting)))
    return tuple(pairs)


@lru_cache(maxsize=8)
def _read(path: Path, mtime_ns: int, setting: str) -> Conversion:
    return Conversion(setting, name_pairs(read_yaml(path, what="glossary"), setting))


def project_conversion(project: Project) -> Conversion:
    """The conversion a project asks for, keeping the names its glossary lists."""
    path = project.glossary_file
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return Conversion(project.script_conversion)
    return _read(path, mtime, project.script_conversion)
