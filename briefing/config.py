"""Where a briefing project keeps things, and its few settings (briefing.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from briefing.errors import ConfigError, yaml_error

CONFIG_NAME = "briefing.yml"

_KNOWN = {
    "title_en": "the briefing's English title",
    "title_zh": "the briefing's Chinese title",
    "site_url": "the published site's URL (for PDF links back to the site)",
}
DEFAULT_TITLE = "Briefing"  # a project that sets no title of its own takes the curated overview's


@dataclass(frozen=True)
class Project:
    """A briefing project folder; the repository itself is the sample project."""

    root: Path
    title_en: str = DEFAULT_TITLE
    title_zh: str = "简报"
    site_url: str = ""

    @property
    def seeds_dir(self) -> Path:
        """Seed articles (NNN_*.txt) and their editor metadata (NNN_*.yml)."""
        return self.root / "seeds"

    @property
    def tm_dir(self) -> Path:
        """The translation memory: one YAML file per article."""
        return self.root / "translations"

    @property
    def curation_dir(self) -> Path:
        """Curated YAML: overview, summaries, timeline, source notes."""
        return self.root / "curation"

    @property
    def glossary_file(self) -> Path:
        """Names and terms: MT protection, QA, search dictionary, entity index."""
        return self.curation_dir / "glossary.yml"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def mkdocs_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def reports_dir(self) -> Path:
        """Per-article cleaning reports (removed lines and rules). Generated."""
        return self.root / "build" / "reports"


def load_project(root: Path | str = ".") -> Project:
    """Read briefing.yml (optional) under `root`; every problem reported at once."""
    root = Path(root).resolve()
    path = root / CONFIG_NAME
    if not path.exists():
        return Project(root=root)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise yaml_error(exc, path, cls=ConfigError) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", path=path, hint="save briefing.yml as UTF-8") from None
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of settings", path=path)
    problems = []
    for key, value in data.items():
        if key not in _KNOWN:
            problems.append(f"unknown setting '{key}' (known: {', '.join(sorted(_KNOWN))})")
        elif not isinstance(value, str):
            problems.append(f"'{key}' must be text ({_KNOWN[key]})")
    if problems:
        raise ConfigError("; ".join(problems), path=path)
    return Project(root=root, **data)
