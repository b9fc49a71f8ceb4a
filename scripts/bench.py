#!/usr/bin/env python3
"""Benchmarks (`make bench`): prints one JSON object with numbers, ratios and targets.

Every ratio compares two measurements taken in this same run on this machine, so a noisy or
slow machine moves both sides. Stages:
  generation   `briefing build --no-mkdocs` vs a bare `mkdocs build` of the same docs (≤ 20 % overhead)
  noop         a second generation with nothing changed (≤ 0.5 s, no file rewritten)
  scale        full builds of synthetic 1,000- and 2,000-article briefings (time, peak RSS)
  pdf          the sample briefing's PDF (≤ 15 s)
  translate    scripts/bench_translate.py (the MT path vs raw CTranslate2, ≥ 0.95)

    scripts/bench.py [--only generation,noop,scale,pdf,translate] [--sizes 1000,2000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


# Runs one command and prints the largest resident set of it and its descendants: this
# process's own RUSAGE_CHILDREN would also hold every earlier stage's peak (e.g. the PDF's).
_PEAK = ("import resource, subprocess, sys\n"
         "code = subprocess.call(sys.argv[1:])\n"
         "print('PEAK_RSS_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
         "sys.exit(code)\n")


def run(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """(wall seconds, peak RSS in MB of the largest process among the command and its children)."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _PEAK, *cmd], cwd=cwd, env=ENV,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed in {cwd}:\n{proc.stderr[-3000:]}")
    peak = [int(ln.split()[1]) for ln in proc.stderr.splitlines() if ln.startswith("PEAK_RSS_KB ")]
    return elapsed, (peak[-1] if peak else 0) // 1024


def copy_project(dest: Path) -> Path:
    ignore = shutil.ignore_patterns(".venv", ".git", "site", "build", "__pycache__", ".pytest_cache")
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


def snapshot(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def bench_generation(work: Path) -> dict:
    proj = copy_project(work / "gen")
    briefing = str(BIN / "briefing")
    gen, _ = run([briefing, "build", "--no-mkdocs"], proj)
    mk, _ = run([str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", str(work / "bare-site")], proj)
    before = snapshot(proj / "docs")
    noop, _ = run([briefing, "build", "--no-mkdocs"], proj)
    rewritten = [p for p, m in snapshot(proj / "docs").items() if before.get(p) != m]
    return {
        "generation_s": round(gen, 3), "bare_mkdocs_s": round(mk, 3),
        "generation_overhead_ratio": round(gen / mk, 3), "target_overhead_ratio_max": 0.20,
        "noop_generation_s": round(noop, 3), "target_noop_s_max": 0.5,
        "noop_files_rewritten": len(rewritten),
    }


def bench_scale(work: Path, sizes: list[int]) -> dict:
    sys.path.insert(0, str(ROOT / "scripts"))
    from make_synthetic import make_project  # type: ignore[import-not-found]
    out: dict = {}
    for n in sizes:
        proj = make_project(n, work / f"synthetic-{n}")
        seconds, rss = run([str(BIN / "briefing"), "build"], proj)
        out[f"build_{n}_s"] = round(seconds, 2)
        out[f"build_{n}_peak_rss_mb"] = rss
        search = proj / "site" / "search" / "search_index.json"
        if search.exists():
            out[f"search_index_{n}_kb_per_article"] = round(search.stat().st_size / 1024 / n, 1)
        shutil.rmtree(proj)
    if 1000 in sizes:
        out["target_1000_s_max"] = 60
        out["target_1000_rss_mb_max"] = 1024
    if 1000 in sizes and 2000 in sizes:
        out["ratio_2000_over_1000"] = round(out["build_2000_s"] / out["build_1000_s"], 3)
        out["target_ratio_max"] = 2.2
    return out


def bench_pdf(work: Path) -> dict:
    proj = copy_project(work / "pdf")
    seconds, rss = run([str(BIN / "briefing"), "pdf", "-o", str(work / "briefing.pdf")], proj)
    return {"pdf_s": round(seconds, 2), "pdf_peak_rss_mb": rss, "target_pdf_s_max": 15}


def bench_translate() -> dict:
    script = ROOT / "scripts" / "bench_translate.py"
    proc = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=ENV, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": proc.stderr[-2000:]}
    return json.loads(proc.stdout)  # the script prints one (indented) JSON object


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="generation,scale,pdf,translate")
    ap.add_argument("--sizes", default="1000,2000")
    args = ap.parse_args()
    only = set(args.only.split(","))
    result: dict = {"machine": {"cpus": os.cpu_count()}}
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        work = Path(tmp)
        if "generation" in only or "noop" in only:
            result["generation"] = bench_generation(work)
        if "pdf" in only:
            result["pdf"] = bench_pdf(work)
        if "translate" in only:
            result["translate"] = bench_translate()
        if "scale" in only:
            result["scale"] = bench_scale(work, [int(s) for s in args.sizes.split(",") if s])
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
