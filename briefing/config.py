"""Where a briefing project keeps things, and its few settings (briefing.yml)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass, replace
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


ENGINES = ("argos", "ctranslate2", "endpoint")  # briefing.translation.engines makes each


@dataclass(frozen=True)
class FolderSettings:
    """A CTranslate2 model folder (briefing.yml `mt: ctranslate2:`): OPUS-MT, NLLB, M2M100 ..."""

    path: str = ""  # the folder (relative to the project); `--engine ctranslate2:PATH` overrides
    name: str = ""  # provenance label; default: the folder's name
    source_prefix: str = ""  # token before each source sentence; default: from the vocabulary (zho_Hans, __zh__)
    target_prefix: str = ""  # token the English starts with; default: from the vocabulary (eng_Latn, __en__)


@dataclass(frozen=True)
class EndpointSettings:
    """An OpenAI-compatible chat endpoint (briefing.yml `mt: endpoint:`). The key is never
    read from briefing.yml: only from the environment variable named by `api_key_env`."""

    base_url: str = ""  # e.g. http://localhost:8080/v1; BRIEFING_MT_BASE_URL overrides
    model: str = ""  # e.g. qwen2.5-7b-instruct; BRIEFING_MT_MODEL or --engine endpoint:MODEL override
    api_key_env: str = "BRIEFING_MT_API_KEY"  # the variable holding the key (none: no key sent)
    batch_size: int = 8  # sentences per request at most
    batch_chars: int = 2000  # characters of Chinese per request at most
    concurrency: int = 4  # requests in flight at once
    timeout: float = 180.0  # seconds to wait for an answer (a CPU-only server is slow)
    retries: int = 4  # more tries after a failed request (429, 5xx, timeout, unusable answer)
    backoff: float = 1.0  # first wait before a retry, doubled each time (a Retry-After wins)
    temperature: float = 0.0
    max_tokens: int = 0  # completion tokens per request; 0: from the request's length
    json_mode: bool = True  # ask for a JSON answer (response_format); off for servers that refuse it


@dataclass(frozen=True)
class MTSettings:
    """How `briefing translate` runs the model (briefing.yml `mt:`; CLI options override)."""

    engine: str = "argos"  # argos | ctranslate2 | endpoint (--engine overrides)
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
    ctranslate2: FolderSettings = field(default_factory=FolderSettings)
    endpoint: EndpointSettings = field(default_factory=EndpointSettings)

    def decoding_cap(self, longest_input: int) -> int:
        """Most tokens decoded for a batch whose longest input has `longest_input` tokens."""
        return max(1, min(self.max_decoding_length,
                          int(self.decoding_ratio * longest_input + self.decoding_extra)))


_MT_CHOICES = {"device": ("auto", "cpu", "cuda"), "engine": ENGINES}
_ZERO_OK = ("intra_threads", "decoding_extra", "temperature", "max_tokens", "retries", "backoff")
_BOOLEANS = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
_SECRETS = ("api_key", "key", "token", "api_token")


def _number(value: Any, kind: type) -> int | float | None:
    """`value` (text, as briefing.yml is read, or a number) as an int or float; None if it is not one."""
    if isinstance(value, bool) or isinstance(value, (dict, list)) or value is None:
        return None
    try:
        return int(str(value).strip()) if kind is int else float(str(value).strip())
    except ValueError:
        return None


def _parse_section(cls: Any, data: dict[str, Any], path: Path | str, prefix: str) -> tuple[Any, list[str]]:
    """An instance of the settings dataclass `cls` from a briefing.yml mapping; every problem
    is listed with its line, e.g. "briefing.yml:4: mt.beam_size: must be a positive whole number"."""
    defaults = cls()
    kinds: dict[str, Any] = {f.name: type(getattr(defaults, f.name)) for f in fields(cls)}
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in data.items():
        kind = kinds.get(key)
        at = where(path, line_of(data, key), f"{prefix}.{key}")
        if kind is None and prefix == "mt.endpoint" and key in _SECRETS:
            problems.append(at + "never write a key into briefing.yml (it is committed and published); "
                                 "put it in the environment variable named by mt.endpoint.api_key_env "
                                 "(default BRIEFING_MT_API_KEY)")
        elif kind is None:
            problems.append(at + f"unknown setting; known: {', '.join(kinds)}")
        elif is_dataclass(kind):
            if not isinstance(value, dict):
                problems.append(at + f"must be a mapping of settings; known: "
                                     f"{', '.join(f.name for f in fields(kind))}")
            else:
                values[key], more = _parse_section(kind, value, path, f"{prefix}.{key}")
                problems += more
        elif kind is bool:
            flag = _BOOLEANS.get(str(value).strip().lower()) if not isinstance(value, (dict, list)) else None
            if flag is None:
                problems.append(at + "must be true or false")
            else:
                values[key] = flag
        elif kind is str:
            choices = _MT_CHOICES.get(key) if prefix == "mt" else None
            if not isinstance(value, str) or (choices and value not in choices):
                problems.append(at + "must be " + (" or ".join(choices) if choices else "text"))
            else:
                values[key] = value
        else:
            number = _number(value, kind)
            if number is None or number < 0 or (number == 0 and key not in _ZERO_OK):
                problems.append(at + f"must be a {'' if key in _ZERO_OK else 'positive '}"
                                     f"{'whole ' if kind is int else ''}number")
            else:
                values[key] = number
    return replace(defaults, **values), problems


def parse_mt_settings(data: Any, path: Path | str = CONFIG_NAME,
                      line: int = 0) -> tuple[MTSettings, list[str]]:
    """MTSettings from briefing.yml's `mt:` mapping (with its `ctranslate2:` and `endpoint:`
    sections), and every problem found (with its line)."""
    if data is None:
        return MTSettings(), []
    if not isinstance(data, dict):
        return MTSettings(), [where(path, line, "mt")
                              + "must be a mapping of settings, e.g. 'mt: {beam_size: 4}'"]
    return _parse_section(MTSettings, data, path, "mt")


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
