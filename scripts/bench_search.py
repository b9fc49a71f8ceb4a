#!/usr/bin/env python3
"""Search benchmark: Pagefind (the site's search) against Material's lunr search, same run.

Builds one synthetic briefing (briefing/testing/synthetic.py, 1,000 articles by default) twice:
  new   `briefing build` (Pagefind indexes the generated pages in the background), timed against
        `briefing build --no-search` and bare `mkdocs build` (interleaved, 3 times): what
        indexing adds, over the bare MkDocs build; and the least it could add on this machine:
        Pagefind's CPU-seconds (its runs alone) against the core-seconds the build without
        search leaves idle, (CPU - idle) / cores, however the runs were scheduled
  old   the same docs with Material's search plugin on, configured as the site had it
        (jieba segmentation, the same separator and pipeline) and Material's own search box
Then, in headless Chromium, each site served under a sub-path on 127.0.0.1, for each query in a
fresh browser context (cold cache), 3 times interleaved (the median run is reported): open the home page, wait for `load`, click the search box,
type the query, and measure (in the page) the time from the click until the first result is in
the drawer, and the bytes of
every search request (Material: search_index.json, its worker; Pagefind: pagefind/*,
assets/search.js) until then and once the first batch of results has settled.
Bytes are as the local server sends them (uncompressed; Pagefind's index files are gzip
already); `*_gzip_kb` gives what a gzip-serving host (GitHub Pages) would send.

And ours against Pagefind's own UI (pagefind-ui.js from the same bundles, mounted on a copy of the
same site's home page in place of our search script), interleaved: from the start of navigation, through load and typing the query, to
the first result in the document, and the search bytes (target: ≤ 1.2× Pagefind's UI, ≤ 300 KB).

    scripts/bench_search.py [--articles 1000] [--repeats 3] [--table] [--ui-only SITE]
Prints one JSON object (or, with --table, a Markdown table too, on stderr).
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
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

# Simplified, Traditional (晶片 is the Taiwan word for 芯片: it comes from the paragraphs of the
# Traditional seeds), English (export, the English of 出口管制: in the editor English that
# briefing.testing.synthetic gives the seed sentences; until this session the English was a placeholder
# holding "synthetic" about 100 times a page, which made an English query score every location
# of every page).
QUERIES = {"simplified": "出口管制", "traditional": "晶片", "english": "export"}
TARGET_KB_MAX = 300
TARGET_SPEEDUP_MIN = 10
TARGET_INDEX_RATIO_MAX = 0.25
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
RESULT = ".md-search-result__list a"
# In the page: the milliseconds from the click on the search box until the first element
# matching the selector is in the document (window.__bfFirstResult, set once).
FIRST_RESULT_CLOCK = """selector => {
  let start = null;
  document.addEventListener("pointerdown", () => { if (start === null) start = performance.now(); }, true);
  const seen = () => {
    if (start !== null && window.__bfFirstResult === undefined && document.querySelector(selector)) {
      window.__bfFirstResult = performance.now() - start;
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
}"""
SEARCH_URL = re.compile(r"/pagefind/|/assets/search\.js|/search/search_index\.json|/workers/search\.|"
                        r"/search/(?:text|terms|query-map)")
TARGET_UI_RATIO_MAX = 1.2  # ours / Pagefind's own UI, from navigation to the first result
# In the page, installed before it loads: the milliseconds from the start of navigation until the
# first element matching the selector is in the document while the search box holds the query.
FROM_NAVIGATION_CLOCK = """([result, box]) => {
  const seen = () => {
    const input = document.querySelector(box);
    if (window.__bfFirstResult === undefined && input && input.value && document.querySelector(result)) {
      window.__bfFirstResult = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
}"""
# Pagefind's own UI (pagefind-ui.js, shipped in each bundle), on the same site: the home page as
# built, its search script (assets/search.js) replaced by Pagefind's UI mounted at the top of the
# page on the bundle the query needs, as Pagefind's documentation sets it up.
PAGEFIND_UI_MOUNT = """<link href="pagefind/{bundle}/pagefind-ui.css" rel="stylesheet">
<script src="pagefind/{bundle}/pagefind-ui.js"></script>
<div id="bf-pagefind-ui"></div>
<script>window.addEventListener("DOMContentLoaded", () => {{
  new PagefindUI({{ element: "#bf-pagefind-ui", bundlePath: new URL("pagefind/{bundle}/", document.baseURI).pathname, showImages: false }});
}});</script>
"""


def pagefind_ui_page(home: str, bundle: str) -> str:
    """The built home page with Pagefind's UI in place of ours."""
    home = re.sub(r'<script src="assets/search\.js[^"]*"></script>', "", home)
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + PAGEFIND_UI_MOUNT.format(bundle=bundle), home, count=1)


UI_BOX, UI_RESULT = ".pagefind-ui__search-input", ".pagefind-ui__result-link"
OUR_BOX = "input.md-search__input"

# The search plugin as mkdocs.yml had it before Pagefind (see git history of mkdocs.yml).
OLD_PLUGINS = """plugins:
  - search:
      separator: '[\\s\\u200b\\-_,:;!?=\\[\\]()"`/，。、：；！？「」『』“”‘’（）《》〈〉·…—]+|\\.(?!\\d)|&[lg]t;|(?!\\b)(?=[A-Z][a-z])'
      pipeline: [stopWordFilter]
"""


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _run(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a command."""
    t, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"bench_search: {' '.join(cmd)} failed in {cwd}:\n{proc.stderr[-3000:]}")
    return time.perf_counter() - t, _children_cpu() - cpu


def material_search_config(proj: Path) -> Path:
    """mkdocs-material-search.yml: the project's config with Material's search plugin and
    Material's own search box (a theme folder without our search partials or search.js)."""
    old_theme = proj / "overrides-material-search"
    shutil.copytree(proj / "overrides", old_theme, ignore=shutil.ignore_patterns("partials", "__pycache__"))
    text = (proj / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"^plugins:.*?$", lambda m: OLD_PLUGINS.rstrip("\n"), text, count=1, flags=re.M)
    text = text.replace("custom_dir: overrides", "custom_dir: overrides-material-search")
    text = text.replace("  - assets/search.js\n", "")
    text = text.replace("site_dir: site", "site_dir: site-material-search")
    path = proj / "mkdocs-material-search.yml"
    path.write_text(text, encoding="utf-8")
    return path


def build_both(pristine: Path, work: Path, repeats: int = 3) -> tuple[Path, dict]:
    """What indexing adds to the build, as the target names it: `briefing build` against
    `briefing build --no-search` from fresh copies, over bare `mkdocs build` of the same docs;
    interleaved `repeats` times. Then the old variant (Material's search) once. Returns the
    project of the last full build (its site is browsed) and the numbers."""
    from briefing.testing.synthetic import fresh_copy
    full, plain, bare, bare_cpu, pagefind, after, idle = [], [], [], [], [], [], []
    for r in range(repeats):
        proj = fresh_copy(pristine, work / "without-search")
        wall, cpu = _run([str(BIN / "briefing"), "build", "--no-search"], proj)
        plain.append(wall)
        idle.append(CORES * wall - cpu)  # core-seconds the build leaves unused
        mk, mk_cpu = _run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file",
                           "mkdocs.generated.yml", "--site-dir", str(proj / "site-bare")], proj)
        bare.append(mk)
        bare_cpu.append(mk_cpu)
        proj = fresh_copy(pristine, work / "with-search")
        t = time.perf_counter()
        proc = subprocess.run([str(BIN / "briefing"), "build"], cwd=proj, env=ENV, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"bench_search: briefing build failed in {proj}:\n{proc.stderr[-3000:]}")
        full.append(time.perf_counter() - t)
        timings = dict(re.findall(r"(\w+) ([\d.]+)s\b", proc.stdout.strip().splitlines()[-1]))
        pagefind.append(float(timings.get("search", "nan")))
        after.append(float(timings.get("search_after_mkdocs", "nan")))
        print(f"bench_search: repeat {r + 1}/{repeats}: build {full[-1]:.1f} s, without search "
              f"{plain[-1]:.1f} s, bare mkdocs {mk:.1f} s", file=sys.stderr)
    added = [(f - p) / m for f, p, m in zip(full, plain, bare)]
    share = [(f - p) / p for f, p in zip(full, plain)]  # for information: of the build itself
    med = statistics.median
    try:
        import jieba  # noqa: F401  (the old search segmented Chinese with it)
    except ImportError:
        raise SystemExit("bench_search: jieba is needed for the Material-search variant: "
                         "run scripts/setup.sh test") from None
    old, _ = _run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--config-file",
                str(material_search_config(proj))], proj)
    index = proj / "site-material-search" / "search" / "search_index.json"
    # wall time is what the target names. The old search's own cost is its build minus the bare build.
    mk = med(bare)
    need = pagefind_cpu(proj)
    floor = max(0.0, (need - med(idle)) / CORES)
    return proj, {
        "mkdocs_build_s": round(mk, 2), "mkdocs_build_runs_s": [round(x, 2) for x in bare],
        "mkdocs_build_cpu_s": round(med(bare_cpu), 2),
        "build_s": round(med(full), 2), "build_runs_s": [round(x, 2) for x in full],
        "build_without_search_s": round(med(plain), 2),
        "build_without_search_runs_s": [round(x, 2) for x in plain],
        "pagefind_index_s": round(med(pagefind), 2),
        "search_wait_after_mkdocs_s": round(med(after), 2),
        "index_over_build_ratio": round(med(added), 3),
        "index_over_build_ratio_runs": [round(x, 3) for x in added],
        "target_index_over_build_ratio_max": TARGET_INDEX_RATIO_MAX,
        "index_over_build_without_search_ratio": round(med(share), 3),
        "index_over_build_without_search_ratio_runs": [round(x, 3) for x in share],
        "material_build_s": round(old, 2),
        "material_search_cost_s": round(old - mk, 2),
        "pagefind_added_over_material_search_cost": round((med(full) - med(plain)) / max(old - mk, 1e-9), 3),
        "material_index_mb": round(index.stat().st_size / 1e6, 1),
        "cores": CORES, "pagefind_cpu_s": round(need, 2),
        "build_without_search_idle_core_s": round(med(idle), 2),
        "index_floor_s": round(floor, 2), "index_floor_over_mkdocs_ratio": round(floor / mk, 3)}


def pagefind_cpu(proj: Path) -> float:
    """CPU seconds Pagefind needs to index the project's index source (its bundles one after
    another, alone on the machine). With the idle core-seconds of the build without search, this
    bounds what indexing can add to the build, however its runs are scheduled: if they filled
    every idle moment, the rest, (CPU − idle) / cores, still has to come on top."""
    from briefing.config import load_project
    from briefing.publish.search import BUNDLES, bundle_command
    source = load_project(proj).search_source_dir
    total = 0.0
    with tempfile.TemporaryDirectory(prefix="briefing-bench-pagefind-") as out:
        for bundle in BUNDLES:
            total += _run(bundle_command(source, bundle, Path(out) / bundle.name), proj)[1]
    return total


def _gzip_size(site: Path, url: str, prefix: str) -> int:
    path = url.split("?", 1)[0].split(prefix, 1)[-1]
    f = site / path
    if not f.is_file():
        return 0
    data = f.read_bytes()
    return len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, 6))


def measure(browser, base: str, site: Path, query: str, timeout_s: float = 120) -> dict:  # noqa: ANN001
    """One cold search: seconds to the first result, search bytes then and once settled."""
    from briefing.testing.browser import PREFIX, visit
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    sizes: dict[str, int] = {}

    def finished(req) -> None:  # noqa: ANN001
        if SEARCH_URL.search(req.url):
            s = req.sizes()
            sizes[req.url] = s["responseBodySize"] + s["responseHeadersSize"]
    page.on("requestfinished", finished)
    try:
        visit(page, base)
        # timed in the page, from the click to the first result link in the DOM: Playwright's
        # own waiting polls at 0, 20, 100, 100, then every 500 ms, which put half a second on
        # some runs of a search that answers in about 0.5 s
        page.evaluate(FIRST_RESULT_CLOCK, RESULT)
        box = page.locator("input.md-search__input")
        box.click()
        box.fill(query)
        box.press("End")  # Material reacts to key events, not to fill() alone
        first = page.wait_for_function("window.__bfFirstResult", polling="raf",
                                       timeout=timeout_s * 1000).json_value() / 1000
        at_first = sum(sizes.values())
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        count = page.locator(RESULT).count()
        urls = list(sizes)
        return {"first_result_s": round(first, 3), "kb_at_first_result": round(at_first / 1024, 1),
                "kb_settled": round(sum(sizes.values()) / 1024, 1),
                "gzip_kb_settled": round(sum(_gzip_size(site, u, PREFIX) for u in urls) / 1024, 1),
                "requests": len(urls), "result_links": count}
    finally:
        ctx.close()


def measure_from_navigation(browser, url: str, query: str, box: str, result: str,  # noqa: ANN001
                            timeout_s: float = 120) -> dict:
    """One cold visit, as a reader comes to search: from the start of navigation, through the
    page's load and typing the query, until the first result is in the document; and the
    search bytes (everything but the page itself and Material's own bundle) then and settled."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    sizes: dict[str, int] = {}

    def finished(req) -> None:  # noqa: ANN001
        if SEARCH_URL.search(req.url):
            try:
                s = req.sizes()
            except Exception:  # noqa: BLE001  the context closed meanwhile
                return
            sizes[req.url] = s["responseBodySize"] + s["responseHeadersSize"]
    page.on("requestfinished", finished)
    page.add_init_script(f"({FROM_NAVIGATION_CLOCK})({json.dumps([result, box])})")
    try:
        page.goto(url, wait_until="domcontentloaded")
        field = page.locator(box)
        field.wait_for(state="attached")
        if not field.is_visible():  # ours: a small screen hides the box behind the magnifier
            page.keyboard.press("/")
        field.fill(query)
        field.press("End")
        first = page.wait_for_function("window.__bfFirstResult", polling="raf",
                                       timeout=timeout_s * 1000).json_value() / 1000
        at_first = sum(sizes.values())
        page.wait_for_load_state("networkidle")
        return {"from_navigation_s": round(first, 3), "kb_at_first_result": round(at_first / 1024, 1),
                "kb_settled": round(sum(sizes.values()) / 1024, 1)}
    finally:
        ctx.close()


def browse_against_pagefind_ui(site: Path, repeats: int = 3) -> dict:
    """Ours against Pagefind's own UI on the same site, interleaved, each query `repeats` times
    cold: from navigation to the first result, and the bytes; the ratio of the medians."""
    from playwright.sync_api import sync_playwright
    from briefing.testing.browser import launch_chromium, serve_site
    home = (site / "index.html").read_text(encoding="utf-8")
    for bundle in ("zh", "en"):  # beside index.html, so its relative links hold
        (site / f"bench-pagefind-ui-{bundle}.html").write_text(pagefind_ui_page(home, bundle), encoding="utf-8")
    out: dict = {}
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            with serve_site(site) as base:
                for name, query in QUERIES.items():
                    bundle = "en" if name == "english" else "zh"
                    runs: dict[str, list[dict]] = {"ours": [], "pagefind_ui": []}
                    for _ in range(repeats):
                        runs["ours"].append(measure_from_navigation(browser, base, query, OUR_BOX, RESULT))
                        runs["pagefind_ui"].append(measure_from_navigation(
                            browser, f"{base}bench-pagefind-ui-{bundle}.html", query, UI_BOX, UI_RESULT))
                    row: dict = {"query": query}
                    for engine, engine_runs in runs.items():
                        ranked = sorted(engine_runs, key=lambda r: r["from_navigation_s"])
                        row[engine] = {**ranked[len(ranked) // 2],
                                       "runs_s": [r["from_navigation_s"] for r in engine_runs]}
                    row["ratio"] = round(row["ours"]["from_navigation_s"] / row["pagefind_ui"]["from_navigation_s"], 2)
                    out[name] = row
        finally:
            browser.close()
    return out


def _median_run(runs: list[dict]) -> dict:
    """The run with the median time to first result, with every run's time beside it."""
    ranked = sorted(runs, key=lambda r: r["first_result_s"])
    return {**ranked[len(ranked) // 2], "first_result_runs_s": [r["first_result_s"] for r in runs]}


def browse_both(proj: Path, repeats: int = 3) -> dict:
    from playwright.sync_api import sync_playwright
    from briefing.testing.browser import launch_chromium, serve_site
    out: dict = {}
    sites = {"material": proj / "site-material-search", "pagefind": proj / "site"}
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        try:
            for name, query in QUERIES.items():
                row: dict = {"query": query}
                runs: dict[str, list[dict]] = {engine: [] for engine in sites}
                for _ in range(repeats):  # interleaved: a busy moment hits both engines
                    for engine, site in sites.items():
                        with serve_site(site) as base:
                            runs[engine].append(measure(browser, base, site, query))
                for engine in sites:
                    row[engine] = _median_run(runs[engine])
                row["speedup"] = round(row["material"]["first_result_s"] / row["pagefind"]["first_result_s"], 1)
                out[name] = row
        finally:
            browser.close()
    return out


def bench_search(work: Path, articles: int = 1000, repeats: int = 3) -> dict:
    """The whole search benchmark in `work`; returns numbers, ratios and targets."""
    from briefing.testing.synthetic import make_project
    pristine = make_project(articles, work / f"search-{articles}")
    result: dict = {"articles": articles}
    proj, built = build_both(pristine, work, repeats)
    result.update(built)
    result["queries"] = browse_both(proj, repeats)
    result["against_pagefind_ui"] = browse_against_pagefind_ui(proj / "site", repeats)
    result["repeats"] = repeats
    q = result["queries"].values()
    result["target_kb_max"] = TARGET_KB_MAX
    result["target_speedup_min"] = TARGET_SPEEDUP_MIN
    result["met"] = {
        "kb": all(r["pagefind"]["kb_settled"] <= TARGET_KB_MAX for r in q),
        "speedup": all(r["speedup"] >= TARGET_SPEEDUP_MIN for r in q),
        "index_ratio": result["index_over_build_ratio"] <= TARGET_INDEX_RATIO_MAX,
        "ui_ratio": all(r["ratio"] <= TARGET_UI_RATIO_MAX for r in result["against_pagefind_ui"].values()),
        "ui_kb": all(r["ours"]["kb_settled"] <= TARGET_KB_MAX for r in result["against_pagefind_ui"].values()),
    }
    shutil.rmtree(proj, ignore_errors=True)
    return result


def table(result: dict) -> str:
    """The benchmark as a Markdown table."""
    lines = [f"{result['articles']} synthetic articles; Material index {result['material_index_mb']} MB; "
             f"median of {result['repeats']} cold runs per query and engine",
             "", "| query | engine | first result | KB at first result | KB settled (gzip host) | result links |",
             "|---|---|---|---|---|---|"]
    for name, row in result["queries"].items():
        for engine in ("material", "pagefind"):
            r = row[engine]
            lines.append(f"| {name} {row['query']} | {engine} | {r['first_result_s']:.2f} s | "
                         f"{r['kb_at_first_result']:.0f} | {r['kb_settled']:.0f} ({r['gzip_kb_settled']:.0f}) | "
                         f"{r['result_links']} |")
        lines.append(f"| | speed-up | **{row['speedup']}×** | | | |")
    lines += ["", f"`briefing build` {result['build_s']} s, with `--no-search` {result['build_without_search_s']} s "
              f"(Pagefind itself {result['pagefind_index_s']} s in the background; waited for after "
              f"MkDocs {result['search_wait_after_mkdocs_s']} s); bare mkdocs build {result['mkdocs_build_s']} s: "
              f"indexing adds **{result['index_over_build_ratio'] * 100:.0f} %** of a bare mkdocs build "
              f"(runs {result['index_over_build_ratio_runs']}; target ≤ {TARGET_INDEX_RATIO_MAX * 100:.0f} %), "
              f"or {result['index_over_build_without_search_ratio'] * 100:.0f} % of `briefing build --no-search` "
              f"(runs {result['index_over_build_without_search_ratio_runs']}; for information). "
              f"The build with Material's search took "
              f"{result['material_build_s']} s: its search cost {result['material_search_cost_s']} s; "
              f"what Pagefind adds is {result['pagefind_added_over_material_search_cost'] * 100:.0f} % of that.",
              "", f"The least indexing can add on this machine ({result['cores']} cores): Pagefind needs "
              f"{result['pagefind_cpu_s']} CPU-s (its runs alone); the build without search leaves "
              f"{result['build_without_search_idle_core_s']} core-s idle; so at best "
              f"{result['index_floor_s']} s = {result['index_floor_over_mkdocs_ratio'] * 100:.0f} % of a bare "
              f"mkdocs build, however the runs are scheduled.",
              f"targets met: {result['met']}"]
    lines += ["", "From navigation to the first result, against Pagefind's own UI on the same site "
              f"(target ≤ {TARGET_UI_RATIO_MAX}×, ≤ {TARGET_KB_MAX} KB):", "",
              "| query | ours | Pagefind UI | ratio | KB ours (UI) |", "|---|---|---|---|---|"]
    for name, row in result.get("against_pagefind_ui", {}).items():
        lines.append(f"| {name} {row['query']} | {row['ours']['from_navigation_s']:.2f} s | "
                     f"{row['pagefind_ui']['from_navigation_s']:.2f} s | **{row['ratio']}×** | "
                     f"{row['ours']['kb_settled']:.0f} ({row['pagefind_ui']['kb_settled']:.0f}) |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=3, help="interleaved runs of each (median reported)")
    ap.add_argument("--table", action="store_true", help="also print a Markdown table on stderr")
    ap.add_argument("--ui-only", metavar="SITE", type=Path,
                    help="only ours against Pagefind's own UI, on a site already built")
    args = ap.parse_args()
    if args.ui_only:
        print(json.dumps(browse_against_pagefind_ui(args.ui_only, args.repeats), indent=2, ensure_ascii=False))
        return
    with tempfile.TemporaryDirectory(prefix="briefing-bench-search-") as tmp:
        result = bench_search(Path(tmp), args.articles, args.repeats)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.table:
        print(table(result), file=sys.stderr)


if __name__ == "__main__":
    main()
