"""Where a briefing project keeps things, and its few settings (briefing.yml)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from briefing.editor_yaml import as_text, line_of, read_yaml, where
from briefing.errors import ConfigError
from briefing.urls import WEB_SCHEMES, url_problem

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
    "mt": "machine-translation settings (a mapping; see MTSettings)",
}
DEFAULT_TITLE = "Briefing"  # a project that sets no title of its own takes the curated overview's


@dataclass(frozen=True)
class MTSettings:
    """How `briefing translate` runs the model (briefing.yml `mt:`; CLI options override)."""

    beam_size: int = 4  # beam width; argostranslate uses 4
    batch_tokens: int = 2048  # padded source tokens per model call (CTranslate2 batch_type "tokens")
    batch_size: int = 64  # sentences per model call at most
    max_input_tokens: int = 200  # longer segments are split at clause punctuation (，；：)
    decoding_ratio: float = 2.5  # decoding cap per batch: ratio × longest input + decoding_extra
    decoding_extra: int = 10
    max_decoding_length: int = 512  # the cap never exceeds this
    device: str = "auto"  # auto (cuda when CTranslate2 sees a GPU), cpu or cuda
    compute_type: str = "auto"  # auto: int8 on CPU where supported; or any CTranslate2 type
    intra_threads: int = 0  # threads per model call (0: CTranslate2's default)
    inter_threads: int = 1  # model calls run in parallel

    def decoding_cap(self, longest_input: int) -> int:
        """Most tokens decoded for a batch whose longest input has `longest_input` tokens."""
        return max(1, min(self.max_decoding_length,
                          int(self.decoding_ratio * longest_input + self.decoding_extra)))


_MT_CHOICES = {"device": ("auto", "cpu", "cuda")}
_ZERO_OK = ("intra_threads", "decoding_extra")


def _number(value: Any, kind: type) -> int | float | None:
    """`value` (text, as briefing.yml is read, or a number) as an int or float; None if it is not one."""
    if isinstance(value, bool) or isinstance(value, (dict, list)) or value is None:
        return None
    try:
        return int(str(value).strip()) if kind is int else float(str(value).strip())
    except ValueError:
        return None


def parse_mt_settings(data: Any, path: Path | str = CONFIG_NAME,
                      line: int = 0) -> tuple[MTSettings, list[str]]:
    """MTSettings from briefing.yml's `mt:` mapping, and every problem found (with its line)."""
    if data is None:
        return MTSettings(), []
    if not isinstance(data, dict):
        return MTSettings(), [where(path, line, "mt")
                              + "must be a mapping of settings, e.g. 'mt: {beam_size: 4}'"]
    kinds: dict[str, type] = {f.name: type(f.default) for f in fields(MTSettings)}
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in data.items():
        kind = kinds.get(key)
        at = where(path, line_of(data, key) or line, f"mt.{key}")
        if kind is None:
            problems.append(at + f"unknown setting; known: {', '.join(kinds)}")
        elif kind is str:
            if not isinstance(value, str) or value not in _MT_CHOICES.get(key, (value,)):
                choices = _MT_CHOICES.get(key)
                problems.append(at + "must be " + (" or ".join(choices) if choices else "text"))
            else:
                values[key] = value
        else:
            number = _number(value, kind)
            if number is None or number < 0 or (number == 0 and key not in _ZERO_OK):
                problems.append(at + f"must be a positive {'whole ' if kind is int else ''}number")
            else:
                values[key] = number
    return replace(MTSettings(), **values), problems


@dataclass(frozen=True)
class Project:
    """A briefing project folder; the repository itself is the sample project."""

    root: Path
    title_en: str = DEFAULT_TITLE
    title_zh: str = "简报"
    site_url: str = ""
    script_conversion: str = DEFAULT_SCRIPT_CONVERSION
    mt: MTSettings = field(default_factory=MTSettings)

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
        """Names and terms: MT protection, QA, entity index."""
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

    @property
    def search_source_dir(self) -> Path:
        """What Pagefind indexes: one small HTML document per generated page. Generated."""
        return self.root / "build" / "search" / "source"

    @property
    def search_index_dir(self) -> Path:
        """Pagefind's output, linked into site/pagefind/ and kept: reused while its source is
        unchanged. Generated."""
        return self.root / "build" / "search" / "index"


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
    mt_line = line_of(data, "mt")
    mt, mt_problems = parse_mt_settings(data.pop("mt", None), path, mt_line)
    problems += mt_problems
    for key, value in data.items():
        if key not in _KNOWN:
            problems.append(where(path, line_of(data, key), str(key))
                            + f"unknown setting; known: {', '.join(sorted(_KNOWN))}")
        elif isinstance(value, (dict, list)):
            problems.append(where(path, line_of(data, key), key) + f"must be text ({_KNOWN[key]})")
        elif key == "script_conversion" and value is not None and as_text(value) not in SCRIPT_CONVERSIONS:
            problems.append(where(path, line_of(data, key), key)
                            + f"'{as_text(value)}' is not one of {', '.join(SCRIPT_CONVERSIONS)}")
        elif key == "site_url" and url_problem(as_text(value), schemes=WEB_SCHEMES, relative=False):
            problems.append(where(path, line_of(data, key), key)
                            + str(url_problem(as_text(value), schemes=WEB_SCHEMES, relative=False)))
    hint = "write each setting as one line of text, e.g. 'title_en: China AI briefing'"
    if mt_problems:
        hint += "; the mt: settings are described in README, 'Machine translation'"
    if len(problems) == 1:
        raise ConfigError(problems[0], hint=hint)
    if problems:
        raise ConfigError(f"{len(problems)} problems in the settings:\n"
                          + "\n".join(f"  - {p}" for p in problems), hint=hint)
    return Project(root=root, mt=mt, **{k: as_text(v) for k, v in data.items() if v is not None})
