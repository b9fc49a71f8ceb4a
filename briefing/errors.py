"""One error hierarchy.

`BriefingError` and its subclasses are user mistakes or missing prerequisites: the CLI prints
their message (which names the file, line and what to do) and exits non-zero, no traceback.
Any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class BriefingError(Exception):
    """A problem the user can fix; `str()` is the whole message they see."""

    exit_code = 1

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint
        super().__init__(self.format())

    def format(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"\n  → {self.hint}"
        return text


class InputError(BriefingError):
    """A seed, metadata, curated or translation-memory file cannot be read or is invalid."""


class ConfigError(BriefingError):
    """The project's configuration is invalid."""


class ValidationError(BriefingError):
    """Several problems found at once; each is listed."""

    def __init__(self, problems: list[str], *, summary: str = "the briefing has problems",
                 hint: str | None = None, total: int | None = None) -> None:
        self.problems = list(problems)  # `total`: how many there are, when these are the first
        body = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{summary} ({total or len(self.problems)}):\n{body}", hint=hint)


class StrictError(ValidationError):
    """`--strict` found something it refuses to publish (e.g. untranslated segments)."""


class ModelMissingError(BriefingError):
    """No translation model is installed."""

    exit_code = 3


class BuildError(BriefingError):
    """An external step (mkdocs, WeasyPrint) failed."""


class LockedError(BriefingError):
    """Another briefing process holds the lock on the translation memory."""

    exit_code = 4
