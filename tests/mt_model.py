"""A tiny but real zh→en Argos package, generated at test time.

Real format (CTranslate2 Transformer + SentencePiece, zipped with metadata.json as an
.argosmodel), random weights: its output is meaningless, so tests assert structure, provenance,
caching and batching, never wording. Also used by scripts/bench_translate.py.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Iterable

import numpy as np

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def seed_lines(seeds_dir: Path = SEEDS) -> list[str]:
    """Non-empty lines of every seed text: the SentencePiece training corpus."""
    lines = []
    for path in sorted(seeds_dir.glob("*.txt")):
        lines += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines


def train_sentencepiece(lines: Iterable[str], prefix: Path, vocab_size: int = 2000) -> Path:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(lines)), model_prefix=str(prefix), vocab_size=vocab_size,
        character_coverage=1.0, model_type="unigram", hard_vocab_limit=False,
        num_threads=2, minloglevel=2)
    return prefix.with_suffix(".model")


def _random_weights(spec, vocab_size: int, d_model: int, ffn: int, rng: np.random.Generator) -> None:
    """Fill every required weight of a TransformerSpec; shapes follow CTranslate2's layout."""
    def fill(layer, name, value):
        if value is not None:
            return
        parts = name.split("/")
        leaf, owner = parts[-1], parts[-2]
        if leaf in ("gamma",):
            shape: tuple[int, ...] = (d_model,)
        elif leaf == "beta":
            shape = (d_model,)
        elif owner.startswith("embeddings") or owner == "projection":
            shape = (vocab_size, d_model)
        elif parts[-3] == "self_attention":
            shape = (3 * d_model, d_model) if owner == "linear_0" else (d_model, d_model)
        elif parts[-3] == "attention":
            shape = (2 * d_model, d_model) if owner == "linear_1" else (d_model, d_model)
        elif parts[-3] == "ffn":
            shape = (ffn, d_model) if owner == "linear_0" else (d_model, ffn)
        else:  # pragma: no cover - a new CTranslate2 weight we do not know
            raise AssertionError(f"unknown weight {name}")
        scale = 0.0 if leaf == "beta" else (1.0 if leaf == "gamma" else 0.2)
        array = np.ones(shape, np.float32) if leaf == "gamma" else \
            (rng.standard_normal(shape).astype(np.float32) * scale)
        setattr(layer, leaf, array)

    spec._visit(fill)


def build_ct2_model(out_dir: Path, vocabulary: list[str], *, layers: int = 1, d_model: int = 32,
                    heads: int = 2, ffn: int = 64, seed: int = 0) -> Path:
    from ctranslate2.specs import transformer_spec

    spec = transformer_spec.TransformerSpec.from_config(layers, heads)
    _random_weights(spec, len(vocabulary), d_model, ffn, np.random.default_rng(seed))
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization="float32")
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))
    return out_dir


def build_argosmodel(work: Path, *, version: str = "0.1", lines: list[str] | None = None,
                     vocab_size: int = 2000, **dims: int) -> Path:
    """Write translate-zh_en-{version}.argosmodel under `work` and return its path."""
    import sentencepiece as spm

    name = f"translate-zh_en-{version.replace('.', '_')}"
    root = work / "build" / name
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    sp_path = train_sentencepiece(lines if lines is not None else seed_lines(),
                                  work / "build" / "sp", vocab_size)
    shutil.copy(sp_path, root / "sentencepiece.model")
    sp = spm.SentencePieceProcessor(model_file=str(sp_path))
    vocabulary = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    build_ct2_model(root / "model", vocabulary, **dims)
    metadata = {"package_version": version, "argos_version": "1.0", "from_code": "zh",
                "from_name": "Chinese", "to_code": "en", "to_name": "English",
                "type": "translate", "links": []}
    (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    target = work / f"{name}.argosmodel"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            archive.write(path, path.relative_to(root.parent).as_posix())
    return target
