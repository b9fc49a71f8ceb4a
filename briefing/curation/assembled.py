"""The whole briefing in memory: its articles, their English and the curated layer.

It stands above the model (articles, segments, translations: model.py) and the curated layer
(curation/curated.py) that it joins; publish/assemble.py makes it, render/ reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from briefing.curation.curated import Curated
from briefing.model import Article, Segment, Translation


@dataclass(frozen=True)
class Briefing:
    """Everything the renderer needs, validated, in memory."""

    title_en: str
    title_zh: str
    articles: tuple[Article, ...]
    translations: Mapping[str, Translation] = field(default_factory=dict)  # by segment id
    curated: Curated | None = None  # when the curated layer is present (publish/assemble.py attaches it)

    def translation(self, segment: Segment) -> Translation | None:
        return self.translations.get(segment.id)
