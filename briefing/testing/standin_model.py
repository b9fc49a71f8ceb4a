"""A stand-in zh→en Argos package, generated at test time in about a second, CPU only.

Real format: a CTranslate2 TransformerSpec plus a SentencePiece model, zipped with metadata.json
as an .argosmodel and installed through argostranslate. Unlike a random-weight model, it behaves
like a translation model where the translate path cares:

* it **stops by itself**: output length follows the input (one target piece per source piece,
  then EOS), so batching, per-batch decoding caps and early stopping are exercised;
* it **copies Latin words, numbers and placeholders** (`XQ1`) and maps every Chinese piece to an
  English piece, so drafts look like English (rough word-by-word glosses);
* **variants** really lose, mangle, duplicate or invent placeholders (`VARIANTS`), so tests of
  placeholder checks fail when the checks are switched off.

How the weights are built (by hand, no training):

The residual stream of width d has two parts: a *position* part (the first d/H dimensions) and
a *code* part (the rest). Every target piece j gets a random unit "code" vector C[j]; the
source embedding of piece i is C[map(i)], the code of the piece it translates to. Position
encodings are random unit vectors P[t], the same table in encoder and decoder; all embeddings
are unscaled. Every self-attention and feed-forward sublayer is (almost) zero, so with pre-norm
residuals each layer passes its input through; the encoder output is LayerNorm(C[map(i_t)] + P[t]).
In the first decoder layer, every cross-attention head has query = a·P (decoder position t) and
key = P (source position s), so step t attends sharply to source position t; heads 0..H-2 carry
slices of the code part as values. The output projection is β·C, so step t emits map(i_t).
The source gets `</s>` appended (`add_source_eos`, as CTranslate2's Marian converter sets for
OPUS-MT models) and map(`</s>`) = `</s>`: after n source pieces the decoder emits EOS.
Target embeddings are zero: the decoder ignores its own history, as a pure copy model can.

map(i): Latin, digit and placeholder pieces map to themselves; CJK punctuation to ASCII; other
Chinese pieces to the English piece that co-occurs with them most (Dice) over the sample
project's editor translations (seeds vs translations/*.yml), else to a fixed common word. The
SentencePiece model is trained on the seeds plus that English, with the placeholders and their
mangled spellings as user-defined pieces, so every form a variant emits decodes as text.

`build_argosmodel(..., random_weights=True)` keeps the old random-weight model (never stops
before the cap) for the tests where meaningless output is enough.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any, Iterable

import numpy as np

REPO = Path(__file__).resolve().parents[2]  # the repository: its sample seeds and editor English
SEEDS = REPO / "seeds"
MAX_POSITIONS = 1024
PLACEHOLDERS = [f"XQ{n}" for n in range(1, 10)]

# What each variant emits for placeholder XQn (a SentencePiece piece, "▁" = space).
VARIANTS: dict[str, dict[str, str]] = {
    "faithful": {p: p for p in PLACEHOLDERS},
    # forms a model produces that restore must accept: spaced, lower case, hyphenated, full-width
    # digit, plural/possessive s, split letters (XQ1..XQ5 each get one)
    "mangle": {"XQ1": "XQ▁1", "XQ2": "xq2", "XQ3": "XQ-3", "XQ4": "XQ４", "XQ5": "XQ5s",
               "XQ6": "X▁Q6", "XQ7": "xq▁7", "XQ8": "XQ-8", "XQ9": "XQ９"},
    "drop": {p: "▁the" for p in PLACEHOLDERS},  # the placeholder is lost
    "duplicate": {p: f"{p}▁{p}" for p in PLACEHOLDERS},  # emitted twice
    "invent": {p: f"XQ{int(p[2:]) + 4}" for p in PLACEHOLDERS[:5]},  # a number that was never sent
}
_EXTRA_PIECES = sorted({t for v in VARIANTS.values() for t in v.values()} - {"▁the"} | set(PLACEHOLDERS))
_PUNCT = {"，": ",", "。": ".", "、": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(",
          "）": ")", "“": '"', "”": '"', "‘": "'", "’": "'", "《": '"', "》": '"', "—": "-"}
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_FILLERS = ["▁the", "▁of", "▁and", "▁to", "▁in", "▁a", "▁is", "▁that", "▁for", "▁on"]


def seed_lines(seeds_dir: Path = SEEDS) -> list[str]:
    """Non-empty lines of every seed text."""
    lines = []
    for path in sorted(seeds_dir.glob("*.txt")):
        lines += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines


def editor_pairs(tm_dir: Path = REPO / "translations") -> list[tuple[str, str]]:
    """(Chinese, editor's English) of every human entry of the sample project's memory."""
    import yaml

    pairs = []
    for path in sorted(tm_dir.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        pairs += [(str(e["source"]), str(e["en"])) for e in data.get("entries") or []
                  if e.get("status") != "machine" and e.get("source")]
    return pairs


def train_sentencepiece(lines: Iterable[str], prefix: Path, vocab_size: int = 3000) -> Path:
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(lines)), model_prefix=str(prefix), vocab_size=vocab_size,
        character_coverage=1.0, model_type="unigram", hard_vocab_limit=False,
        user_defined_symbols=_EXTRA_PIECES, num_threads=2, minloglevel=2)
    return prefix.with_suffix(".model")


def lexical_map(sp: Any, pairs: list[tuple[str, str]], variant: str = "faithful") -> dict[str, str]:
    """Source piece → target piece, as described in the module docstring."""
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    known = set(vocab)
    english = {p for p in vocab if re.fullmatch(r"▁[A-Za-z][A-Za-z'\-]+", p)}  # whole words
    together: Counter[tuple[str, str]] = Counter()
    count: Counter[str] = Counter()
    for zh, en in pairs:
        src = set(sp.encode(zh, out_type=str))
        tgt = {p for p in sp.encode(en, out_type=str) if p in english}
        count.update(src | tgt)
        together.update((s, t) for s in src for t in tgt)
    # greedy by Dice, each English word taken by at most two pieces: 星际之门 is four pieces,
    # and four "Stargate"s in a row would read as a decoder loop
    best: dict[str, str] = {}
    used: Counter[str] = Counter()
    scored = sorted(((2 * n / (count[s] + count[t]), s, t) for (s, t), n in together.items()),
                    reverse=True)
    for dice, s, t in scored:
        if s not in best and used[t] < 2 and dice >= 0.1:
            best[s] = t
            used[t] += 1
    fillers = [f for f in _FILLERS if f in known] or ["<unk>"]
    out = {}
    for i, piece in enumerate(vocab):
        if piece in ("<unk>", "<s>", "</s>") or not _CJK.search(piece):
            out[piece] = piece
        elif piece.strip("▁") in _PUNCT and _PUNCT[piece.strip("▁")] in known:
            out[piece] = _PUNCT[piece.strip("▁")]
        elif piece in best:
            out[piece] = best[piece]
        else:
            out[piece] = fillers[i % len(fillers)]
    for placeholder, form in VARIANTS[variant].items():
        out[placeholder] = form if form in known else "<unk>"
    return out


def _unit_rows(rng: np.random.Generator, rows: int, dims: int) -> np.ndarray:
    """Random zero-mean unit vectors (LayerNorm then only rescales their sums)."""
    m = rng.standard_normal((rows, dims))
    m -= m.mean(axis=1, keepdims=True)
    unit: np.ndarray = (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)
    return unit


def _standin_weights(spec: Any, vocab: list[str], mapping: dict[str, str], *, d_model: int, heads: int,
                     ffn: int, rng: np.random.Generator) -> None:
    """Set every weight of `spec` so that decoding copies `mapping` position by position."""
    dh = d_model // heads
    dp, dc = dh, d_model - dh  # position part, code part
    index = {p: i for i, p in enumerate(vocab)}
    codes = np.zeros((len(vocab), d_model), np.float32)
    codes[:, dp:] = _unit_rows(rng, len(vocab), dc)
    positions = np.zeros((MAX_POSITIONS, d_model), np.float32)
    positions[:, :dp] = _unit_rows(rng, MAX_POSITIONS, dp)
    source = codes[[index[mapping[p]] for p in vocab]]
    tiny = 1e-4  # not exact zeros: int8 quantisation scales each row by its largest value

    def small(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * tiny).astype(np.float32)

    def fill(layer: Any, name: str, value: object) -> None:  # every weight not set below: identity-preserving near-zeros
        if value is not None:
            return
        leaf = name.split("/")[-1]
        if leaf == "gamma":
            setattr(layer, leaf, np.ones(d_model, np.float32))
        elif leaf == "beta":
            setattr(layer, leaf, np.zeros(d_model, np.float32))

    for side in (spec.encoder, spec.decoder):
        side.scale_embeddings = False
        side.position_encodings.encodings = positions
        for layer in side.layer:
            att = layer.self_attention
            att.linear[0].weight, att.linear[0].bias = small(3 * d_model, d_model), np.zeros(3 * d_model, np.float32)
            att.linear[1].weight, att.linear[1].bias = small(d_model, d_model), np.zeros(d_model, np.float32)
            layer.ffn.linear_0.weight, layer.ffn.linear_0.bias = small(ffn, d_model), np.zeros(ffn, np.float32)
            layer.ffn.linear_1.weight, layer.ffn.linear_1.bias = small(d_model, ffn), np.zeros(d_model, np.float32)
    spec.encoder.embeddings[0].weight = source
    spec.decoder.embeddings.weight = np.zeros((len(vocab), d_model), np.float32) + small(len(vocab), d_model)
    spec.decoder.projection.weight = codes * 3.0
    spec.decoder.projection.bias = np.zeros(len(vocab), np.float32)
    for n, layer in enumerate(spec.decoder.layer):
        cross = layer.attention
        query, keyvalue, out = small(d_model, d_model), small(2 * d_model, d_model), small(d_model, d_model)
        if n == 0:
            for h in range(heads):  # every head: query = 3·position, key = position
                query[h * dh:(h + 1) * dh, :dp] = 3.0 * np.eye(dp)
                keyvalue[h * dh:(h + 1) * dh, :dp] = np.eye(dp)
            for h in range(heads - 1):  # heads 0..H-2 carry the code part as values
                rows = slice(d_model + h * dh, d_model + (h + 1) * dh)
                keyvalue[rows, dp + h * dh:dp + (h + 1) * dh] = np.eye(dh)
            out[dp:, :dc] = np.eye(dc)  # concatenated values → code part of the stream
        cross.linear[0].weight, cross.linear[0].bias = query, np.zeros(d_model, np.float32)
        cross.linear[1].weight, cross.linear[1].bias = keyvalue, np.zeros(2 * d_model, np.float32)
        cross.linear[2].weight, cross.linear[2].bias = out, np.zeros(d_model, np.float32)
    spec._visit(fill)


def _random_weights(spec: Any, vocab_size: int, d_model: int, ffn: int, rng: np.random.Generator) -> None:
    """Fill every required weight of a TransformerSpec with noise (a model that never stops)."""
    def fill(layer: Any, name: str, value: object) -> None:
        if value is not None:
            return
        parts = name.split("/")
        leaf, owner = parts[-1], parts[-2]
        if leaf in ("gamma", "beta"):
            shape: tuple[int, ...] = (d_model,)
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


def build_ct2_model(out_dir: Path, vocabulary: list[str], mapping: dict[str, str] | None, *,
                    layers: int = 1, d_model: int = 192, heads: int = 3, ffn: int = 64,
                    seed: int = 0, add_source_eos: bool = True) -> Path:
    """Save a CTranslate2 model: the stand-in when `mapping` is given, else random weights."""
    from ctranslate2.specs import transformer_spec

    spec = transformer_spec.TransformerSpec.from_config(layers, heads)
    rng = np.random.default_rng(seed)
    if mapping is None:
        _random_weights(spec, len(vocabulary), d_model, ffn, rng)
    else:
        _standin_weights(spec, vocabulary, mapping, d_model=d_model, heads=heads, ffn=ffn, rng=rng)
        spec.config.add_source_eos = add_source_eos  # else the caller appends </s>
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization="float32")
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))
    return out_dir


def build_package(work: Path, *, version: str = "0.1", variant: str = "faithful",
                  random_weights: bool = False, vocab_size: int = 3000, **dims: Any) -> Path:
    """Write the package folder translate-zh_en-{version} under `work/build` and return it."""
    import sentencepiece as spm

    name = f"translate-zh_en-{version.replace('.', '_')}"
    root = work / "build" / name
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    pairs = editor_pairs()
    sp_path = train_sentencepiece(seed_lines() + [en for _, en in pairs], work / "build" / "sp", vocab_size)
    shutil.copy(sp_path, root / "sentencepiece.model")
    sp = spm.SentencePieceProcessor(model_file=str(sp_path))
    vocabulary = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    mapping = None if random_weights else lexical_map(sp, pairs, variant)
    build_ct2_model(root / "model", vocabulary, mapping, **dims)
    metadata = {"package_version": version, "argos_version": "1.0", "from_code": "zh",
                "from_name": "Chinese", "to_code": "en", "to_name": "English",
                "type": "translate", "links": [],
                "note": f"briefing test stand-in ({'random weights' if random_weights else variant})"}
    (root / "metadata.json").write_text(json.dumps(metadata, indent=2), encoding="utf-8")
    return root


def build_argosmodel(work: Path, **options: Any) -> Path:
    """Write translate-zh_en-{version}.argosmodel under `work` and return its path."""
    root = build_package(work, **options)
    target = work / f"{root.name}.argosmodel"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            archive.write(path, path.relative_to(root.parent).as_posix())
    return target


# Language tokens of the multilingual layouts: (source token, target token)
LANGUAGE_TOKENS = {"nllb": ("zho_Hans", "eng_Latn"), "m2m100": ("__zh__", "__en__")}


def build_ct2_folder(work: Path, package: Path, layout: str = "opus-mt") -> Path:
    """A plain CTranslate2 model folder as `ct2-transformers-converter --copy_files` writes one,
    made from the stand-in package at `package` (same SentencePiece model, same lexical map), so
    its drafts must equal the Argos package's when the engine frames sentences right:

    * "opus-mt": the package's model with `source.spm` + `target.spm` beside it and
      `add_source_eos` false in config.json (as for a converted Hugging Face Marian model): the
      engine must append `</s>` itself, or the stand-in never reaches EOS;
    * "nllb" / "m2m100": a model whose vocabulary also holds the language tokens (zho_Hans →
      eng_Latn, __zh__ → __en__), `sentencepiece.bpe.model`, no EOS added by CTranslate2: the
      engine must put the source token first, `</s>` last and force the target token first,
      or every draft is shifted by one piece.
    """
    import sentencepiece as spm

    root = work / f"standin-{layout}"
    if root.exists():
        shutil.rmtree(root)
    sp_path = package / "sentencepiece.model"
    if layout == "opus-mt":
        shutil.copytree(package / "model", root)
        config_path = root / "config.json"
        config = json.loads(config_path.read_text(encoding="utf-8"))
        config["add_source_eos"] = False
        config_path.write_text(json.dumps(config, indent=2), encoding="utf-8")
        shutil.copy(sp_path, root / "source.spm")
        shutil.copy(sp_path, root / "target.spm")
        return root
    source_token, target_token = LANGUAGE_TOKENS[layout]
    sp = spm.SentencePieceProcessor(model_file=str(sp_path))
    vocabulary = [sp.id_to_piece(i) for i in range(sp.get_piece_size())] + [source_token, target_token]
    mapping = lexical_map(sp, editor_pairs())
    mapping.update({source_token: target_token, target_token: target_token})
    build_ct2_model(root, vocabulary, mapping, add_source_eos=False)
    shutil.copy(sp_path, root / "sentencepiece.bpe.model")
    return root
