#!/usr/bin/env python3
"""Benchmark: `briefing translate`'s path vs raw ctranslate2 translate_batch, same run.

Both use one generated model (random weights, real Argos format, installed through
argostranslate), the same Translator object, the same sentences (every segment of the seeds,
names protected as the translate path sends them), the same beam size and decoding limit.
Wall and CPU time are both reported (CPU time is steadier on a busy machine).
The translate path is timed end to end (load and segment the seeds, read the memory, protect
names, batch, translate, restore, write the memory after every batch); the raw path is one
translate_batch call over all pre-tokenised sentences with CTranslate2's own length batching.
Model loading is outside both timings. Prints JSON; target ratio >= 0.95.

    .venv/bin/python scripts/bench_translate.py [--size base|small|tiny] [--beam 4] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SIZES = {  # encoder/decoder layers, model width, heads, feed-forward width
    "base": dict(layers=6, d_model=512, heads=8, ffn=2048),  # Argos/OPUS transformer-base shape
    "small": dict(layers=3, d_model=256, heads=4, ffn=1024),
    "tiny": dict(layers=1, d_model=32, heads=2, ffn=64),  # what the tests use
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-decoding-length", type=int, default=96)
    parser.add_argument("--threads", type=int, default=1,
                        help="CTranslate2 intra_threads for both paths (1: steadiest on a shared "
                             "machine; 0: CTranslate2's default)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each path; best is kept")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-translate-"))
    # argostranslate reads these at import: set them first
    os.environ["ARGOS_PACKAGES_DIR"] = str(work / "packages")
    for var in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[var] = str(work / "xdg")
    sys.path.insert(0, str(REPO / "tests"))
    try:
        print(json.dumps(run(work, args), indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, args: argparse.Namespace) -> dict:
    from mt_model import build_argosmodel

    from briefing.translation.models import install_from_file
    from briefing.sources.articles import load_articles
    from briefing.config import load_project
    from briefing.translation.glossary import load_glossary
    from briefing.translation.machine import ArgosEngine, plan_jobs, translate_project

    t0 = time.perf_counter()
    info = install_from_file(build_argosmodel(work, **SIZES[args.size]))
    build_s = time.perf_counter() - t0
    engine = ArgosEngine(info, beam_size=args.beam, max_decoding_length=args.max_decoding_length,
                         intra_threads=args.threads)

    project_root = work / "project"
    (project_root / "seeds").mkdir(parents=True)
    for path in (REPO / "seeds").iterdir():
        if path.suffix in (".txt", ".yml"):
            shutil.copy(path, project_root / "seeds")
    shutil.copytree(REPO / "curation", project_root / "curation")
    project = load_project(project_root)
    glossary = load_glossary(project.glossary_file)
    sentences = [j.protected.text for a in load_articles(project) for j in plan_jobs(a, [], glossary)]
    options = dict(beam_size=args.beam, max_batch_size=args.batch_size, replace_unknowns=True,
                   length_penalty=0.2, max_decoding_length=args.max_decoding_length)

    def raw() -> tuple[float, float]:
        start, cpu = time.perf_counter(), time.process_time()
        tokens = [engine.sp.encode(s, out_type=str) for s in sentences]
        results = engine.translator.translate_batch(tokens, **options)
        [engine.sp.decode(r.hypotheses[0]) for r in results]
        return time.perf_counter() - start, time.process_time() - cpu

    def path() -> tuple[float, float]:
        shutil.rmtree(project.tm_dir, ignore_errors=True)
        start, cpu = time.perf_counter(), time.process_time()
        report = translate_project(project, engine, batch_size=args.batch_size)
        elapsed = time.perf_counter() - start, time.process_time() - cpu
        assert report.translated + report.empty == len(sentences), report
        return elapsed

    raw()  # warm-up: first calls allocate
    raw_times, path_times = [], []
    for _ in range(args.repeat):  # interleaved, so drift hits both
        raw_times.append(raw())
        path_times.append(path())
    n = len(sentences)
    raw_rate, path_rate = n / min(t for t, _ in raw_times), n / min(t for t, _ in path_times)
    # CPU seconds (all threads) are steadier than wall time on a shared machine
    raw_cpu, path_cpu = min(c for _, c in raw_times), min(c for _, c in path_times)
    return {
        "model": {"size": args.size, **SIZES[args.size], "label": info.label,
                  "build_and_install_s": round(build_s, 2)},
        "sentences": n, "beam_size": args.beam, "batch_size": args.batch_size,
        "max_decoding_length": args.max_decoding_length, "repeat": args.repeat,
        "intra_threads": args.threads,
        "raw_translate_batch": {"seconds": [round(t, 3) for t, _ in raw_times],
                                "sentences_per_s": round(raw_rate, 2),
                                "sentences_per_cpu_s": round(n / raw_cpu, 2)},
        "briefing_translate": {"seconds": [round(t, 3) for t, _ in path_times],
                               "sentences_per_s": round(path_rate, 2),
                               "sentences_per_cpu_s": round(n / path_cpu, 2)},
        "ratio": round(path_rate / raw_rate, 3),
        "ratio_cpu": round(raw_cpu / path_cpu, 3),
        "target": 0.95,
    }


if __name__ == "__main__":
    main()
