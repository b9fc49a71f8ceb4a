"""Where a briefing project keeps things, and its few settings (briefing.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing.editor_yaml import as_text, line_of, read_yaml, where
from briefing.errors import ConfigError

CONFIG_NAME = "briefing.yml"

# How the other script is made (briefing.sources.script): the reader sees this label. Character
# conversion is the default, so the converted column never puts words in the author's mouth.
SCRIPT_CONVERSIONS = {
    "tw": "converted character by character (Taiwan character standard)",
    "hk": "converted character by character (Hong Kong character standard)",
    "opencc": "converted character by character (OpenCC character standard)",
    "tw-vocabulary": "converted with Taiwan vocabulary: words may differ from the author's",
    "hk-vocabulary": "converted with Hong Kong vocabulary: words may differ from the author's",
}
DEFAULT_SCRIPT_CONVERSION = "tw"

_KNOWN = {
    "title_en": "the briefing's English title",
    "title_zh": "the briefing's Chinese title",
    "site_url": "the published site's URL (for PDF links back to the site)",
    "script_conversion": "how the other script is made: " + " | ".join(SCRIPT_CONVERSIONS),
}
DEFAULT_TITLE = "Briefing"  # a project that sets no title of its own takes the curated overview's


@dataclass(frozen=True)
class Project:
    """A briefing project folder; the repository itself is the sample project."""

    root: Path
    title_en: str = DEFAULT_TITLE
    title_zh: str = "简报"
    site_url: str = ""
    script_conversion: str = DEFAULT_SCRIPT_CONVERSION

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
    data = read_yaml(path, what="briefing.yml", cls=ConfigError) or {}
    if not isinstance(data, dict):
        raise ConfigError("expected a mapping of settings (key: value lines)", path=path, line=1,
                          hint=f"known settings: {', '.join(sorted(_KNOWN))}")
    problems = []
    for key, value in data.items():
        if key not in _KNOWN:
            problems.append(where(path, line_of(data, key), str(key))
                            + f"unknown setting; known: {', '.join(sorted(_KNOWN))}")
        elif isinstance(value, (dict, list)):
            problems.append(where(path, line_of(data, key), key) + f"must be text ({_KNOWN[key]})")
        elif key == "script_conversion" and value is not None and as_text(value) not in SCRIPT_CONVERSIONS:
            problems.append(where(path, line_of(data, key), key)
                            + f"'{as_text(value)}' is not one of {', '.join(SCRIPT_CONVERSIONS)}")
    hint = "write each setting as one line of text, e.g. 'title_en: China AI briefing'"
    if len(problems) == 1:
        raise ConfigError(problems[0], hint=hint)
    if problems:
        raise ConfigError(f"{len(problems)} problems in the settings:\n"
                          + "\n".join(f"  - {p}" for p in problems), hint=hint)
    return Project(root=root, **{k: as_text(v) for k, v in data.items() if v is not None})
