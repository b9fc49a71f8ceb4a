#!/usr/bin/env python3
"""The word gloss's cost (`make bench`, stage gloss): prints one JSON object.

  share    the gloss data's generation time (the build's 'gloss_in_annotate' timing: the gloss
           time of the worker processes over their number) over the whole
           `briefing build` (MkDocs included) of a synthetic N-article briefing (target ≤ 0.10)
  a/b      the same build with the gloss data left out (annotate.gloss_tables replaced by a stub in
           the measuring process only), wall and CPU seconds: what the gloss costs in all, its
           files' writing and MkDocs' copying of them included
  size     gzipped bytes of each article's gloss data: the synthetic articles and the sample
           project's real ones (target ≤ 60 KB per article page)

    scripts/bench_gloss.py [--articles 1000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
TARGET_SHARE = 0.10
TARGET_KB_GZ = 60
WITHOUT_GLOSS = ("import sys, briefing.publish.annotate as a\n"
                 "a.gloss_tables = lambda briefing: None\n"
                 "from briefing.cli import main\n"
                 "sys.argv = ['briefing', 'build']\n"
                 "main()\n")


def build(project: Path, *, gloss: bool) -> dict:
    """One full build: wall and CPU seconds (this command and its children), and its timings."""
    cmd = ([str(Path(sys.executable).parent / "briefing"), "build"] if gloss
           else [sys.executable, "-c", WITHOUT_GLOSS])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=project, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"bench_gloss: build failed in {project}:\n{proc.stderr[-3000:]}")
    timings = {k: float(v) for k, v in re.findall(r"(\w+) ([\d.]+)s", proc.stdout)}
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "timings": timings}


def gz_kb(folder: Path) -> list[float]:
    return sorted(len(gzip.compress(p.read_bytes(), 6)) / 1024 for p in folder.glob("*.json"))


def sample_sizes() -> dict[str, float]:
    """Gzipped KB of the gloss data of each article of the sample project (this repository)."""
    from briefing.config import load_project
    from briefing.publish.assemble import load_briefing
    from briefing.publish.build import gloss_files
    files = gloss_files(load_briefing(load_project(ROOT)))
    return {Path(k).stem: round(len(gzip.compress(v.encode("utf-8"), 6)) / 1024, 1) for k, v in files.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    args = ap.parse_args()
    from briefing.testing.synthetic import make_project
    n = args.articles
    with tempfile.TemporaryDirectory(prefix="briefing-bench-gloss-") as tmp:
        source = make_project(n, Path(tmp) / "source")
        with_dir, without_dir = Path(tmp) / "with", Path(tmp) / "without"
        shutil.copytree(source, with_dir)
        shutil.copytree(source, without_dir)
        without = build(without_dir, gloss=False)
        with_ = build(with_dir, gloss=True)
        sizes = gz_kb(with_dir / "site" / "gloss")
    gloss_s = with_["timings"].get("gloss_in_annotate", 0.0)  # made in workers: their time / workers
    total_s = with_["timings"].get("total", with_["wall_s"])
    samples = sample_sizes()
    print(json.dumps({
        "articles": n,
        "gloss_generation_s": gloss_s, "build_s": total_s,
        "gloss_share_of_build": round(gloss_s / total_s, 3), "target_share_max": TARGET_SHARE,
        "build_without_gloss_s": without["timings"].get("total", without["wall_s"]),
        "ab_extra_share_wall": round(1 - without["wall_s"] / with_["wall_s"], 3),
        "build_cpu_s": with_["cpu_s"], "build_without_gloss_cpu_s": without["cpu_s"],
        "ab_extra_share_cpu": round(1 - without["cpu_s"] / with_["cpu_s"], 3),
        "synthetic_kb_gz": {"max": round(sizes[-1], 1), "median": round(statistics.median(sizes), 1)}
        if sizes else {},
        "sample_kb_gz": samples, "target_kb_gz_max": TARGET_KB_GZ,
        "within_targets": gloss_s / total_s <= TARGET_SHARE
        and max([*sizes, *samples.values()], default=0) <= TARGET_KB_GZ,
    }, indent=2))


if __name__ == "__main__":
    main()
