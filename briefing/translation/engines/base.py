"""What every translation engine is: Chinese sentences in, English drafts out, one call per batch.

An engine has a provenance name (`engine`: "argos", "ctranslate2", "endpoint") and a model label
(`model`), stored with every draft it writes ("qwen2.5-7b-instruct via endpoint"), and translates
a list of sentences in one call. What differs between engines is said by its `Batching`: how
many sentences a call takes, whether they are sorted by length (a CTranslate2 model pads a batch
to its longest input) or kept in reading order (a chat model reads its neighbours as context),
how many calls may run at once, and whether glossary names go in as placeholders (XQ1, restored
afterwards) or as a list of approved names sent with the sentences.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from briefing.config import MTSettings
from briefing.errors import BriefingError


class Engine:
    """The base of every engine: it translates Chinese sentences to English, one call per batch.

    An engine sets `engine` and `model` and defines `translate`; it overrides what it does
    otherwise than these defaults: `translate_checked` (drafts with cut marks),
    `translate_sources` (sentences with their glossary names), `length` (model tokens instead of
    characters), `batching` (its own instead of CTranslate2-style from the settings), `describe`
    (where it runs); `usage` (requests, tokens) when it counts them, `stop` when a run may tell
    its calls in flight to give up."""

    engine: str  # provenance: "argos", "ctranslate2", "endpoint", "fake", ...
    model: str  # provenance: package name + version, folder name, served model name
    usage: Usage | None = None
    stop: threading.Event | None = None

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """English for each sentence, in order."""
        raise NotImplementedError

    def translate_checked(self, sentences: Sequence[str]) -> list[Draft]:
        """Drafts for each sentence, in order, with cut marks when the engine knows them."""
        return [Draft(text) for text in self.translate(sentences)]

    def translate_sources(self, sources: Sequence[Source]) -> list[Draft]:
        """Drafts for sentences given with their glossary names (the names unused here)."""
        return self.translate_checked([s.text for s in sources])

    def length(self, text: str) -> int:
        """Length of a text as the engine counts it (here: characters)."""
        return len(text)

    def batching(self, settings: MTSettings) -> Batching:
        """How a run cuts work into calls (here: CTranslate2-style, from `settings`)."""
        return Batching(size=settings.batch_size, budget=settings.batch_tokens,
                        max_input=settings.max_input_tokens)

    def describe(self) -> str:
        """Where the engine runs, e.g. "cpu, int8, beam 4" (empty when it does not say)."""
        return ""


@dataclass(frozen=True)
class Draft:
    """One model output: the English, whether decoding stopped at a cap instead of ending by
    itself, and why there is none (`failure`, with empty text) when the engine gave up on it."""

    text: str
    cut: bool = False
    failure: str = ""


@dataclass(frozen=True)
class Source:
    """One input of a call: the text, and the glossary names in it as (Chinese, approved English)."""

    text: str
    names: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Batching:
    """How the run cuts work into calls for one engine."""

    size: int  # inputs per call at most
    budget: int | None  # padded length per call (inputs × longest), in the engine's measure
    max_input: int  # a longer input is split at clause punctuation
    by_length: bool = True  # sort by length (less padding); False: reading order (context)
    concurrency: int = 1  # calls in flight at once
    protect_names: bool = True  # names as placeholders; False: sent as a list beside the text


@dataclass
class Usage:
    """What an engine that counts calls reports at the end of a run."""

    requests: int = 0
    retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    split: int = 0  # batches sent again in halves because the answer did not match them


class EngineError(BriefingError):
    """An engine cannot go on (endpoint unreachable, key refused, model folder unusable): one
    line naming the engine, what happened and what to do."""

    exit_code = 5

    def format(self) -> str:
        where = f"{self.path}: " if self.path is not None else ""
        return f"{where}{self.message}" + (f" → {self.hint}" if self.hint else "")


def label(engine: Engine) -> str:
    """How a draft's provenance reads: "qwen2.5-7b-instruct via endpoint"."""
    return f"{engine.model} via {engine.engine}" if engine.model else engine.engine


def batching_of(engine: Engine, settings: MTSettings, batch_size: int | None = None) -> Batching:
    """The engine's own batching, else CTranslate2-style batching from `settings`;
    `batch_size` (the command line's) overrides the inputs per call."""
    plan = engine.batching(settings)
    if batch_size:
        plan = replace(plan, size=batch_size)
    return plan


def run_engine(engine: Engine, sources: Sequence[Source]) -> list[Draft]:
    """Drafts for `sources`, with cut marks and names when the engine takes them."""
    return list(engine.translate_sources(sources))


def measure_of(engine: Engine) -> Callable[[str], int]:
    """Length of a text as the engine counts it: model tokens, else characters."""
    return engine.length


def describe_engine(engine: Engine) -> str:
    """Where the engine runs, e.g. "cpu, int8, beam 4" (empty when it does not say)."""
    return engine.describe()


def usage_of(engine: Engine) -> Usage | None:
    """Requests and tokens counted by the engine, if it counts them."""
    return engine.usage

