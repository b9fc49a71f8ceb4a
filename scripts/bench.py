#!/usr/bin/env python3
"""Benchmarks (`make bench`): one JSON object on stdout, a table of targets on stderr.

Targets are ratios of two measurements taken in this same run, interleaved (every repeat runs
every variant), reported as the median with its spread (min, max): a loaded or slow machine moves
both sides of a ratio. Absolute times are printed for information only.

Each benchmark is one function registered with @benchmark(NAME); it returns a dict that lands
under NAME in the JSON, and may list targets with `target(...)`. To add one, write a function:

    @benchmark("search")
    def bench_search(ctx: Context) -> dict: ...

    scripts/bench.py [--only build,pdf,translate] [--sizes 1000,2000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass
class Context:
    """What every benchmark gets: a scratch folder and the run's settings."""

    work: Path
    sizes: list[int]
    repeats: int
    targets: list[dict] = field(default_factory=list)


BENCHMARKS: dict[str, Callable[[Context], dict]] = {}


def benchmark(name: str) -> Callable[[Callable[[Context], dict]], Callable[[Context], dict]]:
    """Register a benchmark under `name` (its key in the JSON and in --only)."""
    def register(func: Callable[[Context], dict]) -> Callable[[Context], dict]:
        BENCHMARKS[name] = func
        return func
    return register


def target(ctx: Context, name: str, stats: dict, *, max: float) -> dict:  # noqa: A002
    """Record a target on the median of `stats` (from `spread`); returns `stats` with the verdict."""
    ok = stats["median"] <= max
    ctx.targets.append({"name": name, "median": stats["median"], "min": stats["min"],
                        "max": stats["max"], "target_max": max, "ok": ok})
    return {**stats, "target_max": max, "ok": ok}


def spread(values: list[float], digits: int = 3) -> dict:
    """Median with min and max of repeated measurements."""
    return {"median": round(statistics.median(values), digits), "min": round(min(values), digits),
            "max": round(max(values), digits), "runs": len(values)}


# Runs one command and prints the largest resident set of it and its descendants: this
# process's own RUSAGE_CHILDREN would also hold every earlier stage's peak (e.g. the PDF's).
_PEAK = ("import resource, subprocess, sys\n"
         "code = subprocess.call(sys.argv[1:])\n"
         "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
         "print('PEAK_RSS_KB', used.ru_maxrss, file=sys.stderr)\n"
         "print('CPU_S', used.ru_utime + used.ru_stime, file=sys.stderr)\n"
         "sys.exit(code)\n")


@dataclass
class Run:
    seconds: float
    peak_rss_mb: int
    cpu_seconds: float  # user + system time of the command and all its descendants
    stdout: str
    stderr: str


def run(cmd: list[str], cwd: Path) -> Run:
    """Run a command to completion; wall seconds and the peak RSS of the largest process."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _PEAK, *cmd], cwd=cwd, env=ENV,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed in {cwd}:\n{proc.stderr[-3000:]}")
    peak = [int(ln.split()[1]) for ln in proc.stderr.splitlines() if ln.startswith("PEAK_RSS_KB ")]
    cpu = [float(ln.split()[1]) for ln in proc.stderr.splitlines() if ln.startswith("CPU_S ")]
    return Run(elapsed, (peak[-1] if peak else 0) // 1024, cpu[-1] if cpu else 0.0, proc.stdout, proc.stderr)


def copy_project(dest: Path) -> Path:
    ignore = shutil.ignore_patterns(".venv", ".git", "site", "build", "__pycache__", ".pytest_cache")
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


# ---------------------------------------------------------------- the site build at scale

def pagefind_command(site: Path) -> list[str]:
    from briefing.publish.search import pagefind_command as command
    return command(site)


@benchmark("build")
def bench_build(ctx: Context) -> dict:
    """Full `briefing build` of synthetic briefings vs bare `mkdocs build` + Pagefind over the
    built site, as one would add Pagefind to any MkDocs site (the same pages and content: our
    overhead; both sides index for search), the largest size over the smallest, a no-op build
    vs the full one, and the build after `briefing add` of one article vs the full one."""
    from briefing.testing.synthetic import fresh_copy, make_project
    pristine = {n: make_project(n, ctx.work / f"pristine-{n}") for n in ctx.sizes}
    full: dict[int, list[float]] = {n: [] for n in ctx.sizes}
    bare: dict[int, list[float]] = {n: [] for n in ctx.sizes}
    noop: dict[int, list[float]] = {n: [] for n in ctx.sizes}
    added: dict[int, list[float]] = {n: [] for n in ctx.sizes}
    full_cpu: dict[int, list[float]] = {n: [] for n in ctx.sizes}  # CPU seconds: what load moves less
    bare_cpu: dict[int, list[float]] = {n: [] for n in ctx.sizes}
    rss: dict[int, int] = {n: 0 for n in ctx.sizes}
    parts: dict[int, dict[str, list[float]]] = {n: {} for n in ctx.sizes}  # load, render, write, mkdocs
    for r in range(ctx.repeats):
        for n in (ctx.sizes if r % 2 == 0 else ctx.sizes[::-1]):  # alternate the order too
            proj = fresh_copy(pristine[n], ctx.work / f"run-{n}")
            built = run([str(BIN / "briefing"), "build"], proj)
            full[n].append(built.seconds)
            full_cpu[n].append(built.cpu_seconds)
            rss[n] = max(rss[n], built.peak_rss_mb)
            for part, secs in re.findall(r"(\w+) ([\d.]+)s\b", built.stdout.strip().splitlines()[-1]):
                parts[n].setdefault(part, []).append(float(secs))
            bare_site = ctx.work / f"bare-site-{n}"
            # the same configuration `briefing build` gave MkDocs: mkdocs.yml + nav + raw pages
            bare_runs = [run([str(BIN / "mkdocs"), "build", "--strict", "--quiet", "--config-file",
                              "mkdocs.generated.yml", "--site-dir", str(bare_site)], proj),
                         run(pagefind_command(bare_site), proj)]
            bare[n].append(sum(r.seconds for r in bare_runs))
            bare_cpu[n].append(sum(r.cpu_seconds for r in bare_runs))
            shutil.rmtree(bare_site, ignore_errors=True)
            again = run([str(BIN / "briefing"), "build"], proj)
            if "up to date" not in again.stderr:
                print(f"bench: the no-op build of {n} articles did not skip:\n{again.stderr[-800:]}",
                      file=sys.stderr)
            noop[n].append(again.seconds)
            added[n].append(build_after_add(proj, ctx.work / f"added-{n}.txt", seed=n + r).seconds)
            print(f"bench: build repeat {r + 1}/{ctx.repeats}, {n} articles: full {built.seconds:.1f} s, "
                  f"bare mkdocs {bare[n][-1]:.1f} s, no-op {again.seconds:.2f} s, "
                  f"after adding one article {added[n][-1]:.1f} s (CPU: full {full_cpu[n][-1]:.1f} s, "
                  f"bare {bare_cpu[n][-1]:.1f} s; load average {os.getloadavg()[0]:.1f})", file=sys.stderr)
    out: dict = {"absolute_s": {}, "peak_rss_mb": rss}
    for n in ctx.sizes:
        out["absolute_s"][n] = {"full": spread(full[n], 2), "bare_mkdocs": spread(bare[n], 2),
                                "noop": spread(noop[n], 2), "after_add": spread(added[n], 2),
                                "full_by_stage": {k: spread(v, 2) for k, v in parts[n].items()}}
        out["absolute_s"][n]["cpu"] = {"full": spread(full_cpu[n], 2), "bare_mkdocs": spread(bare_cpu[n], 2)}
        out[f"overhead_{n}_vs_bare_mkdocs"] = spread([f / b for f, b in zip(full[n], bare[n])])
        # information: the same ratio in CPU seconds (both sides' processes and their children)
        out[f"overhead_{n}_vs_bare_mkdocs_cpu"] = spread([f / b for f, b in zip(full_cpu[n], bare_cpu[n])])
        out[f"noop_{n}_vs_full"] = spread([z / f for z, f in zip(noop[n], full[n])])
        out[f"add_one_{n}_vs_full"] = spread([a / f for a, f in zip(added[n], full[n])])
    small, large = min(ctx.sizes), max(ctx.sizes)
    if 1000 in ctx.sizes:
        target(ctx, "build overhead vs bare mkdocs, 1,000 articles", out["overhead_1000_vs_bare_mkdocs"], max=1.3)
        target(ctx, "build after adding one article vs full build, 1,000 articles",
               out["add_one_1000_vs_full"], max=0.35)
    target(ctx, f"no-op build vs full build, {small} articles", out[f"noop_{small}_vs_full"], max=0.05)
    if large != small:
        key = f"scale_{large}_over_{small}"
        out[key] = spread([b / a for a, b in zip(full[small], full[large])])
        if (small, large) == (1000, 2000):
            target(ctx, "full build 2,000 / 1,000 articles", out[key], max=2.1)
    return out


def build_after_add(proj: Path, text_file: Path, seed: int) -> Run:
    """`briefing add` of one new article (text made from the sample's paragraphs, dated in a
    month the briefing already has, as an editor sets it on review), then the timed build."""
    import random
    from briefing.testing.synthetic import seed_paragraphs
    rng = random.Random(10_000 + seed)
    body = rng.sample(seed_paragraphs(), k=20)
    text_file.write_text(f"新增文章{seed}:" + body[0][:18].rstrip("，,。") + "\n\n" + "\n\n".join(body) + "\n",
                         encoding="utf-8")
    before = set((proj / "seeds").glob("*.yml"))
    run([str(BIN / "briefing"), "add", str(text_file)], proj)
    for yml in set((proj / "seeds").glob("*.yml")) - before:
        with yml.open("a", encoding="utf-8") as f:
            f.write('published: "2025-06-15"\nprecision: day\n')
    return run([str(BIN / "briefing"), "build"], proj)


# ---------------------------------------------------------------- the PDF

@benchmark("pdf")
def bench_pdf(ctx: Context) -> dict:
    """The sample briefing's PDF: seconds per page (information: pages differ in density)."""
    proj = copy_project(ctx.work / "pdf")
    per_page, seconds, pages, rss = [], [], 0, 0
    for _ in range(ctx.repeats):
        done = run([str(BIN / "briefing"), "pdf", "-o", str(ctx.work / "briefing.pdf")], proj)
        pages = int(re.search(r"\((\d+) pages", done.stdout).group(1))  # type: ignore[union-attr]
        seconds.append(done.seconds)
        per_page.append(done.seconds / pages)
        rss = max(rss, done.peak_rss_mb)
    return {"pages": pages, "seconds": spread(seconds, 2), "seconds_per_page": spread(per_page),
            "peak_rss_mb": rss}


# ---------------------------------------------------------------- machine translation

@benchmark("translate")
def bench_translate(ctx: Context) -> dict:
    """scripts/bench_translate.py: the MT path vs raw CTranslate2; the endpoint engine's
    throughput at concurrency 4 vs 1 on the local test server."""
    script = ROOT / "scripts" / "bench_translate.py"
    proc = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=ENV, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": proc.stderr[-2000:]}
    out = json.loads(proc.stdout)  # the script prints one (indented) JSON object
    rounds = out["path_over_raw_per_round"]  # ratio ≥ 0.95 is time path / raw ≤ 1/0.95
    out["path_over_raw_wall"] = target(ctx, "briefing translate / raw translate_batch, wall",
                                       spread(rounds["wall"]), max=round(1 / 0.95, 3))
    out["path_over_raw_cpu"] = target(ctx, "briefing translate / raw translate_batch, CPU",
                                      spread(rounds["cpu"]), max=round(1 / 0.95, 3))
    endpoint = out["endpoint"]  # time at concurrency 4 over concurrency 1: ≥ 3x throughput is ≤ 1/3
    endpoint["four_over_one"] = target(
        ctx, f"endpoint: time with concurrency 4 / 1, {endpoint['segments']} segments",
        spread(endpoint["four_over_one_time_per_round"]), max=round(1 / endpoint["target_ratio_min"], 3))
    return out


@benchmark("search")
def bench_search_stage(ctx: Context) -> dict:
    """scripts/bench_search.py: 1,000 articles, Pagefind vs Material's search in Chromium (one
    run: building the Material-search variant alone takes minutes)."""
    from bench_search import (TARGET_INDEX_RATIO_MAX, TARGET_KB_MAX, TARGET_SPEEDUP_MIN, TARGET_UI_RATIO_MAX,
                              bench_search)
    out = bench_search(ctx.work, 1000)
    rows = out["queries"].values()
    target(ctx, "search: Pagefind / Material time to first result, 1,000 articles",
           spread([r["pagefind"]["first_result_s"] / r["material"]["first_result_s"] for r in rows]),
           max=round(1 / TARGET_SPEEDUP_MIN, 3))
    target(ctx, "search: KB transferred (Pagefind, settled), 1,000 articles",
           spread([r["pagefind"]["kb_settled"] for r in rows], 1), max=TARGET_KB_MAX)
    target(ctx, "search: what indexing adds / bare mkdocs build, 1,000 articles",
           spread(out["index_over_build_ratio_runs"]), max=TARGET_INDEX_RATIO_MAX)
    ui = out["against_pagefind_ui"].values()
    target(ctx, "search: ours / Pagefind's own UI, navigation to first result, 1,000 articles",
           spread([r["ratio"] for r in ui], 2), max=TARGET_UI_RATIO_MAX)
    target(ctx, "search: KB transferred from navigation (ours, settled), 1,000 articles",
           spread([r["ours"]["kb_settled"] for r in ui], 1), max=TARGET_KB_MAX)
    return out


@benchmark("gloss")
def bench_gloss(ctx: Context) -> dict:
    """scripts/bench_gloss.py: the word gloss data's share of a full 1,000-article build (its own
    timing over the build's, one run: the build takes minutes) and its gzipped size per page."""
    script = ROOT / "scripts" / "bench_gloss.py"
    proc = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=ENV, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": proc.stderr[-2000:]}
    data = json.loads(proc.stdout)
    share = data["gloss_share_of_build"]
    target(ctx, "gloss share of a 1,000-article build", spread([share]), max=data["target_share_max"])
    sizes = [*data["sample_kb_gz"].values(), data["synthetic_kb_gz"].get("max", 0)]
    target(ctx, "gloss KB gzipped per article page", spread([max(sizes)], 1), max=data["target_kb_gz_max"])
    return data


@benchmark("review")
def bench_review(ctx: Context) -> dict:
    """scripts/bench_review.py: saving one segment through `briefing review` at 1,000 articles
    (request to answer on loopback, ms; an absolute target, as an editor waits on it)."""
    script = ROOT / "scripts" / "bench_review.py"
    proc = subprocess.run([sys.executable, str(script), "--articles", "1000"], cwd=ROOT, env=ENV,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return {"error": proc.stderr[-2000:]}
    data = json.loads(proc.stdout)
    target(ctx, "review: ms to save one segment, 1,000 articles", spread(data["save_ms_runs"], 1),
           max=data["target_save_ms_max"])
    return data


# ---------------------------------------------------------------- main

def print_targets(targets: list[dict]) -> None:
    if not targets:
        return
    width = max(len(t["name"]) for t in targets)
    print(f"\n{'target':<{width}}  median  (min–max)        max   verdict", file=sys.stderr)
    for t in targets:
        print(f"{t['name']:<{width}}  {t['median']:6.3f}  ({t['min']:.3f}–{t['max']:.3f})  "
              f"{t['target_max']:6.3f}   {'ok' if t['ok'] else 'MISSED'}", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default=",".join(BENCHMARKS),
                    help=f"comma-separated benchmarks (default all: {','.join(BENCHMARKS)})")
    ap.add_argument("--sizes", default="1000,2000", help="synthetic briefing sizes for 'build'")
    ap.add_argument("--repeats", type=int, default=3, help="interleaved repeats per measurement")
    args = ap.parse_args()
    chosen = [n for n in args.only.split(",") if n]
    unknown = [n for n in chosen if n not in BENCHMARKS]
    if unknown:
        ap.error(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    result: dict = {"machine": {"cpus": os.cpu_count(), "load_avg_1m_at_start": os.getloadavg()[0]}}
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        ctx = Context(work=Path(tmp), sizes=sorted(int(s) for s in args.sizes.split(",") if s),
                      repeats=max(1, args.repeats))
        for name in chosen:
            result[name] = BENCHMARKS[name](ctx)
        result["targets"] = ctx.targets
    print(json.dumps(result, indent=2))
    print_targets(ctx.targets)


if __name__ == "__main__":
    main()
