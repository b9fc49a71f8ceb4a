#!/usr/bin/env python3
"""What a review save costs (`make bench`, stage review): prints one JSON object.

A synthetic N-article briefing (briefing.testing.synthetic: each article's memory file as
`briefing translate` writes it) is served by `briefing review --no-open`, started as a command
of its own, as an editor starts it. This process then plays the page: it asks for an article's
screen (not timed: that is reading, with the word gloss) and saves one of its sentences with new
English (timed: the request on loopback until its answer is read). Every save writes: each
holds English the memory has not seen. Sentences are drawn at random over all articles.

  save_ms          wall milliseconds of each save, request to answer (target: median ≤ 50)
  save_segment_ms  memory.save_segment alone in this process, on the same project (lock, read,
                   version check, atomic fsynced write of the article's file): the part of a
                   save that grows with the article, not with the briefing
  startup_s        `briefing review` from start to its printed address (reads every article
                   and its memory once, for the briefing's progress)

    scripts/bench_review.py [--articles 1000] [--saves 60]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SAVE_MS = 50.0


def start_review(project: Path) -> tuple[subprocess.Popen, float, int, str]:
    """`briefing review` on `project`: the process, its start-up seconds, port and token."""
    cmd = [str(Path(sys.executable).parent / "briefing"), "review", "--no-open", "-p", str(project)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env={**os.environ, "BRIEFING_EDITOR": "Benchmark"})
    assert proc.stdout is not None
    for line in proc.stdout:
        if "?token=" in line:
            url = line.strip()
            break
    else:
        raise SystemExit("bench_review: briefing review printed no address")
    startup = time.perf_counter() - start
    port = int(url.split(":")[2].split("/")[0])
    return proc, startup, port, url.split("token=")[1].split("#")[0]


class Page:
    """What the review page does, over one keep-alive connection."""

    def __init__(self, port: int, token: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"X-Review-Token": token, "Host": f"127.0.0.1:{port}",
                        "Content-Type": "application/json"}

    def call(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        self.conn.request(method, path, body=json.dumps(body) if body else None, headers=self.headers)
        r = self.conn.getresponse()
        return r.status, json.loads(r.read())


def bench(n: int, saves: int, work: Path) -> dict:
    from briefing.testing.synthetic import make_project
    project = make_project(n, work / "project")
    proc, startup, port, token = start_review(project)
    rng = random.Random(29)
    times: list[float] = []
    try:
        page = Page(port, token)
        status, overview = page.call("GET", "/api/overview")
        slugs = [a["slug"] for a in overview["articles"]]
        assert len(slugs) == n, (status, overview.get("problems"))
        for i in range(saves):
            slug = rng.choice(slugs)
            _, screen = page.call("GET", f"/api/article?slug={slug}")
            row = rng.choice(screen["segments"])
            body = {"slug": slug, "id": row["id"], "action": "save", "english": f"Benchmark English {i}.",
                    "version": row["version"], "source_hash": row["source_hash"]}
            t = time.perf_counter()
            status, answer = page.call("POST", "/api/save", body)
            times.append((time.perf_counter() - t) * 1000)
            assert status == 200 and answer["result"] == "saved", answer
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"articles": n, "saves": saves, "startup_s": round(startup, 2),
            "save_ms": times, "save_segment_ms": library_saves(project, saves, rng)}


def library_saves(root: Path, saves: int, rng: random.Random) -> list[float]:
    """memory.save_segment alone, on random sentences of the same project."""
    from briefing.config import load_project
    from briefing.model import Status
    from briefing.sources.articles import load_article
    from briefing.sources.ingest import find_seeds
    from briefing.sources.names import project_conversion
    from briefing.translation.memory import entry_for, read_tm, save_segment, segment_version, tm_path
    project = load_project(root)
    seeds = find_seeds(project.seeds_dir)
    conversion = project_conversion(project)
    times = []
    for i in range(saves):
        article = load_article(rng.choice(seeds), conversion)
        seg = rng.choice(article.segments())
        version = segment_version(seg, read_tm(tm_path(project.tm_dir, article.slug)))
        entry = entry_for(seg, f"Library English {i}.", Status.EDITOR, "editor", date="2026-01-01", by="Benchmark")
        t = time.perf_counter()
        assert save_segment(project.tm_dir, article, entry, version).saved
        times.append((time.perf_counter() - t) * 1000)
    return times


def summary(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"median": round(statistics.median(ordered), 1),
            "p95": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
            "min": round(ordered[0], 1), "max": round(ordered[-1], 1), "runs": len(ordered)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        out = bench(args.articles, args.saves, Path(tmp))
    result = {**out, "save_ms": summary(out["save_ms"]), "save_ms_runs": [round(x, 2) for x in out["save_ms"]],
              "save_segment_ms": summary(out["save_segment_ms"]), "target_save_ms_max": TARGET_SAVE_MS}
    print(json.dumps(result, indent=1))
    print(f"review save at {args.articles} articles: median {result['save_ms']['median']} ms, "
          f"p95 {result['save_ms']['p95']} ms (target median ≤ {TARGET_SAVE_MS:.0f} ms); "
          f"save_segment alone: median {result['save_segment_ms']['median']} ms; "
          f"start-up {out['startup_s']} s", file=sys.stderr)


if __name__ == "__main__":
    main()
