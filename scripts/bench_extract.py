#!/usr/bin/env python3
"""Extraction benchmark: briefing and the peer extractors side by side, from one run.

    .venv/bin/python scripts/bench_extract.py [--sets realset,fixtures] [--repeat 3] [--json FILE]

For each set of saved pages (realset: ../shared/realset/html; fixtures: tests/pages):
1. briefing, end to end: ../shared/realset/score_html.py (`briefing add` every page, `briefing
   build`, judge the published pages);
2. the peers (trafilatura, GNE, readability, newspaper4k, goose3, resiliparse, boilerpipe) on the
   same pages with the same checks: ../shared/realset/peers.py, run with the peers' own venv
   (build/peers-venv, made by scripts/peers-venv.sh; dev-only, never a dependency of briefing);
3. time per page, warm, median of --repeat runs: briefing's extraction (decode + extract_article)
   in this process, each peer in its venv (scripts/time_peers.py).
Prints one Markdown table per set (rows: measures; columns: briefing, then each peer) and the
per-page table peers.py prints; --json writes the numbers.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REALSET = ROOT.parent / "shared" / "realset"
SETS = {"realset": REALSET / "html", "fixtures": ROOT / "tests" / "pages"}
PEERS_VENV = ROOT / "build" / "peers-venv"
ROWS = [("chrome leaked", "chrome leaked"), ("clean pages (all body, no chrome)", "pages clean (all body, no chrome)"),
        ("body kept", "body kept"), ("headlines", "titles ok"), ("dates", "dates ok"), ("authors", "authors ok")]


def time_ours(html_dir: Path, spec: dict, repeat: int) -> dict[str, float]:
    """Median seconds per page of decode + extract_article, warm."""
    sys.path.insert(0, str(ROOT))
    from briefing.errors import InputError
    from briefing.sources.decode import decode_html
    from briefing.sources.html import extract_article
    out = {}
    for page in (f for f in spec if (html_dir / f).exists() and spec[f].get("expect") != "refused"):
        raw = (html_dir / page).read_bytes()

        def once() -> None:
            text, _ = decode_html(raw)
            try:
                extract_article(text, source=page)
            except InputError:
                pass
        once()
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            once()
            times.append(time.perf_counter() - start)
        out[page] = statistics.median(times)
    return out


def totals(peers_output: str) -> dict[str, dict[str, str]]:
    """peers.py's totals table as {row: {column: cell}}."""
    lines = peers_output.split("| totals |", 1)[1].splitlines()
    columns = [c.strip() for c in lines[0].strip("| ").split("|")]
    table: dict[str, dict[str, str]] = {}
    for line in lines[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("| ").split("|")]
        table[cells[0]] = dict(zip(columns, cells[1:]))
    return table


def bench_set(name: str, html_dir: Path, repeat: int) -> dict:
    import yaml
    spec_path = html_dir / "expected.yml"
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    ours = subprocess.run([sys.executable, str(REALSET / "score_html.py"), str(ROOT), str(html_dir), str(spec_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800)
    score = ours.stdout + ours.stderr
    peers_py = str(PEERS_VENV / "bin" / "python")
    with_ours = ROOT / "build" / f"bench-extract-{name}-ours.txt"
    with_ours.parent.mkdir(parents=True, exist_ok=True)
    with_ours.write_text(score, encoding="utf-8")
    peers = subprocess.run([peers_py, str(REALSET / "peers.py"), str(html_dir), str(spec_path), str(with_ours)],
                           cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if peers.returncode != 0 or "| totals |" not in peers.stdout:
        sys.exit(f"peers.py failed on {html_dir}:\n{peers.stdout[-2000:]}{peers.stderr[-2000:]}")
    timing = subprocess.run([peers_py, str(ROOT / "scripts" / "time_peers.py"), str(html_dir), str(spec_path), str(repeat)],
                            cwd=ROOT, capture_output=True, text=True, timeout=1800)
    peer_times = json.loads(timing.stdout.strip().splitlines()[-1]) if timing.returncode == 0 else {}
    times = {"briefing": time_ours(html_dir, spec, repeat), **peer_times}
    table = totals(peers.stdout)
    table["median s/page"] = {k: f"{statistics.median(v.values()):.3f}" for k, v in times.items() if v}
    refused = re.search(r"non-articles refused (\d+)/(\d+)", score)
    duplicate = re.search(r"duplicate refused (\w+)", score)
    return {"set": name, "pages": str(html_dir), "table": table, "per_page": peers.stdout.split("| totals |")[0],
            "score_html": score.strip().splitlines()[-1] if score.strip() else "",
            "refused": refused.group(0) if refused else "", "duplicate": duplicate.group(0) if duplicate else "",
            "times": times}


def markdown(result: dict) -> str:
    table = result["table"]
    columns = list(table["body kept"].keys())
    lines = [f"**{result['set']}** ({result['pages']}; {result['refused']}, {result['duplicate']} — briefing only)", "",
             "| | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    for label, key in ROWS + [("median s/page (warm)", "median s/page")]:
        row = table.get(key, {})
        lines.append(f"| {label} | " + " | ".join(row.get(c, "n/a") for c in columns) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="realset,fixtures")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not (REALSET / "peers.py").is_file():
        sys.exit(f"the shared real pages and scorers are missing: {REALSET}")
    if not (PEERS_VENV / "bin" / "python").exists():
        subprocess.run(["bash", str(ROOT / "scripts" / "peers-venv.sh"), str(PEERS_VENV)], check=True)
    results = [bench_set(name, SETS[name], args.repeat) for name in args.sets.split(",")]
    for result in results:
        print(markdown(result) + "\n")
        print(result["per_page"])
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
