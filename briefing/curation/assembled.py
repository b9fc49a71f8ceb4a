"""The whole briefing in memory: its articles, their English and the curated layer.

It stands above the model (articles, segments, translations: model.py) and the curated layer
(curation/curated.py) that it joins; publish/assemble.py makes it, render/ reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from briefing.curation.curated import Curated
from briefing.model import Article, Segment, Translation
from briefing.sources.script import Conversion


@dataclass(frozen=True)
class Briefing:
    """Everything the renderer needs, validated, in memory."""

    title_en: str
    title_zh: str
    articles: tuple[Article, ...]
    translations: Mapping[str, Translation] = field(default_factory=dict)  # by segment id
    curated: Curated | None = None  # when the curated layer is present (publish/assemble.py attaches it)
    # how the other script is made: the project's (sources/names.py project_conversion, which
    # publish/assemble.py gives); plain character conversion without names for a briefing made by hand
    conversion: Conversion = field(default_factory=Conversion)

    def translation(self, segment: Segment) -> Translation | None:
        return self.translations.get(segment.id)
