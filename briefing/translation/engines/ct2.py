"""CTranslate2 engines: an installed Argos package, or any CTranslate2 model folder.

Both feed SentencePiece pieces to `ctranslate2.Translator.translate_batch` directly (Argos's own
translate module imports stanza and torch and downloads sentence splitters). They differ only in
where the files are and which tokens frame a sentence:

* an Argos package: `model/` (CTranslate2), `sentencepiece.model`, `metadata.json` (which may
  name a `target_prefix`);
* a model folder as CTranslate2's converters write it (`model.bin`, `config.json`, and
  `shared_vocabulary.json` or `source_vocabulary.json` + `target_vocabulary.json`), with the
  tokenizer copied beside it (`ct2-transformers-converter ... --copy_files ...`):
  - OPUS-MT (Marian): `source.spm` and `target.spm`; the source ends with `</s>`;
  - NLLB: `sentencepiece.bpe.model`; the source is `zho_Hans` + pieces + `</s>`, the English
    starts with the target prefix `eng_Latn` (dropped from the draft);
  - M2M100: the same with `__zh__` / `__en__`;
  - anything else with one `sentencepiece.model` / `spm.model` for both sides.
  `</s>` is appended unless `config.json` says CTranslate2 adds it (`add_source_eos`, as the
  converters of native Marian and fairseq models set). Prefixes may also be set by hand
  (`mt.ctranslate2.source_prefix` / `target_prefix`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

from briefing.config import FolderSettings, MTSettings
from briefing.errors import BriefingError
from briefing.translation.engines.base import Draft, Engine, EngineError
from briefing.translation.models import ModelInfo, require_model

EOS = "</s>"
# (source language token, target language token) of multilingual families, tried in order
LANGUAGE_TOKENS = (("zho_Hans", "eng_Latn"), ("__zh__", "__en__"))
SHARED_SPM = ("sentencepiece.bpe.model", "sentencepiece.model", "spm.model", "source.spm")
CONVERT_HINT = ("convert it with e.g. 'ct2-transformers-converter --model Helsinki-NLP/opus-mt-zh-en "
                "--output_dir DIR --copy_files source.spm target.spm' (NLLB: --copy_files "
                "sentencepiece.bpe.model)")


def choose_device(requested: str) -> str:
    """"auto" is cuda when CTranslate2 sees a GPU, else cpu."""
    import ctranslate2

    if requested != "auto":
        return requested
    return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"


def choose_compute_type(device: str, requested: str) -> str:
    """"auto" is int8 on CPU where this CTranslate2 build supports it (int8_float16 on GPU):
    a float model is quantised at load, ~2-3x faster with a small quality cost."""
    import ctranslate2

    if requested != "auto":
        return requested
    supported = ctranslate2.get_supported_compute_types(device)
    wanted = "int8" if device == "cpu" else "int8_float16"
    return wanted if wanted in supported else "default"


@dataclass(frozen=True)
class Layout:
    """Where a CTranslate2 model's files are and how a sentence is framed for it."""

    model_dir: Path
    source_spm: Path
    target_spm: Path
    kind: str  # "argos", "opus-mt", "nllb", "m2m100", "sentencepiece"
    label: str  # provenance model label
    source_prefix: tuple[str, ...] = ()
    source_suffix: tuple[str, ...] = ()
    target_prefix: tuple[str, ...] = ()

    def describe(self) -> str:
        frame = " + ".join(([" ".join(self.source_prefix)] if self.source_prefix else []) + ["pieces"]
                           + ([" ".join(self.source_suffix)] if self.source_suffix else []))
        out = f"{self.kind}: {frame}"
        return out + (f"; English after {' '.join(self.target_prefix)}" if self.target_prefix else "")


def argos_layout(info: ModelInfo) -> Layout:
    """An installed Argos package (its metadata may name a target prefix)."""
    metadata = json.loads((info.path / "metadata.json").read_text(encoding="utf-8"))
    prefix = metadata.get("target_prefix") or ""
    spm = info.path / "sentencepiece.model"
    return Layout(info.path / "model", spm, spm, "argos", info.label,
                  target_prefix=(prefix,) if prefix else ())


def read_vocabulary(folder: Path, side: str) -> list[str]:
    """Tokens of the model's `side` ("source"/"target") vocabulary, as the converters save it
    (JSON list, or one token a line in older versions); shared when there is one."""
    for name in ("shared_vocabulary", f"{side}_vocabulary"):
        path = folder / f"{name}.json"
        if path.is_file():
            return [str(t) for t in json.loads(path.read_text(encoding="utf-8"))]
        path = folder / f"{name}.txt"
        if path.is_file():
            return path.read_text(encoding="utf-8").splitlines()
    return []


def inspect_folder(path: Path, settings: FolderSettings | None = None) -> Layout:
    """The layout of a CTranslate2 model folder (see the module docstring), or an error naming
    the folder and what is missing."""
    settings = settings or FolderSettings()
    folder = Path(path).expanduser()
    if not folder.is_dir():
        raise EngineError("no such CTranslate2 model folder", path=folder,
                          hint="set mt.ctranslate2.path in briefing.yml (or --engine ctranslate2:PATH) "
                               "to the folder holding model.bin")
    if not (folder / "model.bin").is_file():
        raise EngineError("not a CTranslate2 model folder (no model.bin)", path=folder, hint=CONVERT_HINT)
    config: dict[str, Any] = {}
    if (folder / "config.json").is_file():
        try:
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        except ValueError as exc:
            raise EngineError(f"config.json is not JSON ({exc})", path=folder,
                              hint="convert the model again; the folder looks damaged") from None
    if (folder / "source.spm").is_file() and (folder / "target.spm").is_file():
        source, target, kind = folder / "source.spm", folder / "target.spm", "opus-mt"
    else:
        found = next((folder / n for n in SHARED_SPM if (folder / n).is_file()), None)
        if found is None:
            raise EngineError("no SentencePiece model in the folder (source.spm + target.spm, "
                              "sentencepiece.bpe.model or sentencepiece.model)", path=folder,
                              hint="copy the tokenizer files of the original model into the folder "
                                   "(the converter's --copy_files option)")
        source = target = found
        kind = "sentencepiece"
    source_vocab, target_vocab = set(read_vocabulary(folder, "source")), set(read_vocabulary(folder, "target"))
    source_prefix = (settings.source_prefix,) if settings.source_prefix else ()
    target_prefix = (settings.target_prefix,) if settings.target_prefix else ()
    if not source_prefix and not target_prefix:
        for src, tgt in LANGUAGE_TOKENS:
            if tgt in target_vocab:
                if src not in source_vocab:
                    raise EngineError(f"the model has the language token {tgt} but not {src}: "
                                      "it does not translate from Chinese", path=folder,
                                      hint="use a model that covers Chinese, or set "
                                           "mt.ctranslate2.source_prefix to its Chinese token")
                source_prefix, target_prefix = (src,), (tgt,)
                kind = "nllb" if src == "zho_Hans" else "m2m100"
                break
    for token, vocab, key in ((source_prefix, source_vocab, "source_prefix"),
                              (target_prefix, target_vocab, "target_prefix")):
        if token and vocab and token[0] not in vocab:
            raise EngineError(f"mt.ctranslate2.{key} '{token[0]}' is not in the model's vocabulary",
                              path=folder, hint="use a token listed in its *_vocabulary.json")
    suffix = () if config.get("add_source_eos") else (str(config.get("eos_token") or EOS),)
    return Layout(folder, source, target, kind, settings.name or folder.resolve().name,
                  source_prefix, suffix, target_prefix)


class CTranslate2Engine(Engine):
    """A CTranslate2 model + SentencePiece, fed pieces directly (`Layout` frames them)."""

    engine = "ctranslate2"

    def __init__(self, layout: Layout, *, settings: MTSettings | None = None, **overrides: object) -> None:
        import ctranslate2
        import sentencepiece

        self.layout = layout
        self.model = layout.label
        self.settings = replace(settings or MTSettings(), **overrides)  # type: ignore[arg-type]
        self.device = choose_device(self.settings.device)
        self.compute_type = self.settings.compute_type
        try:  # asking for cuda without a usable GPU fails here, in either call
            self.compute_type = choose_compute_type(self.device, self.settings.compute_type)
            self.translator = ctranslate2.Translator(
                str(layout.model_dir), device=self.device, compute_type=self.compute_type,
                inter_threads=self.settings.inter_threads, intra_threads=self.settings.intra_threads)
        except (ValueError, RuntimeError) as exc:
            raise BriefingError(
                f"cannot load the model on {self.device} with compute type {self.compute_type}: {exc}",
                path=layout.model_dir, hint="try '--device cpu --compute-type auto' (or mt.device / "
                                            "mt.compute_type in briefing.yml)") from None
        self.sp = sentencepiece.SentencePieceProcessor(model_file=str(layout.source_spm))
        self.target_sp = self.sp if layout.target_spm == layout.source_spm else \
            sentencepiece.SentencePieceProcessor(model_file=str(layout.target_spm))
        self.target_prefix = list(layout.target_prefix) or None
        self._pieces: dict[str, list[str]] = {}

    @property
    def beam_size(self) -> int:
        return self.settings.beam_size

    def describe(self) -> str:
        return f"{self.device}, {self.compute_type}, beam {self.beam_size}"

    def encode(self, sentences: Sequence[str]) -> list[list[str]]:
        cache = self._pieces
        return [cache.pop(s) if s in cache else self.sp.encode(s, out_type=str) for s in sentences]

    def lengths(self, sentences: Sequence[str]) -> list[int]:
        """Token counts, for splitting and batching by length (pieces are kept for `translate`)."""
        for s in sentences:
            if s not in self._pieces:
                self._pieces[s] = self.sp.encode(s, out_type=str)
        return [len(self._pieces[s]) for s in sentences]

    def length(self, text: str) -> int:
        return self.lengths([text])[0]

    def decode(self, pieces: list[str]) -> str:
        prefix = self.target_prefix
        if prefix and pieces[:len(prefix)] == prefix:
            pieces = pieces[len(prefix):]
        text: str = self.target_sp.decode(pieces)
        return text.strip()

    def translate_checked(self, sentences: Sequence[str]) -> list[Draft]:
        """One `translate_batch` call for the list (callers batch by length), decoding at most
        `decoding_cap(longest input)` tokens; a draft that did not reach EOS is marked cut."""
        if not sentences:
            return []
        pieces = self.encode(sentences)
        head, tail = list(self.layout.source_prefix), list(self.layout.source_suffix)
        tokens = [head + p + tail for p in pieces] if head or tail else pieces
        limit = self.settings.max_input_tokens
        cap = self.settings.decoding_cap(min(limit, max(len(p) for p in pieces)))
        results = self.translator.translate_batch(
            tokens, beam_size=self.settings.beam_size, max_batch_size=self.settings.batch_tokens,
            batch_type="tokens", replace_unknowns=True, length_penalty=0.2,
            max_input_length=limit + len(head) + len(tail), max_decoding_length=cap,
            return_end_token=True,
            target_prefix=[self.target_prefix] * len(tokens) if self.target_prefix else None)
        drafts = []
        for source, result in zip(pieces, results):
            out = list(result.hypotheses[0])
            ended = bool(out) and out[-1] == EOS
            if ended:
                out.pop()
            drafts.append(Draft(self.decode(out), cut=not ended or len(source) > limit))
        return drafts

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """English for each sentence (see `translate_checked`)."""
        return [d.text for d in self.translate_checked(sentences)]


class ArgosEngine(CTranslate2Engine):
    """An installed Argos package's CTranslate2 model + SentencePiece model, used directly."""

    engine = "argos"

    def __init__(self, info: ModelInfo | None = None, *, settings: MTSettings | None = None,
                 **overrides: object) -> None:
        info = info or require_model()
        self.info = info
        super().__init__(argos_layout(info), settings=settings, **overrides)


def folder_engine(path: Path | str, settings: MTSettings) -> CTranslate2Engine:
    """The engine of a CTranslate2 model folder (layout found by `inspect_folder`)."""
    return CTranslate2Engine(inspect_folder(Path(path), settings.ctranslate2), settings=settings)
