"""The extraction gate for web pages (in the manner of trafilatura's evaluation gate): on every
run, `briefing add` + `briefing build` on the shared real pages (../shared/realset/html) and on
this project's own fixture pages (tests/pages), judged from the published site by
../shared/realset/score_html.py, with floors so that a regression fails.

The real pages live beside the clone (../shared). Where they are missing the gate is skipped on
a developer's machine, but fails in CI (CI=true) or when BRIEFING_REALSET_REQUIRED=1: a gate
that silently stops measuring is no gate.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from skip_policy import NO_SHARED_SET, shared_set_required

ROOT = Path(__file__).resolve().parents[1]
REALSET = ROOT.parent / "shared" / "realset"
PAGES = ROOT / "tests" / "pages"

# Floors (the targets; clean pages: at least the best peer's count on the same pages,
# measured by scripts/bench_extract.py — GNE and boilerpipe 6/8 on the shared pages)
MAX_CHROME = 0.03
MIN_HEADLINES = 0.9
MIN_DATES = 0.9
MIN_AUTHORS = 0.75
MIN_CLEAN = {"realset": 7, "fixtures": 7}  # pages with every body marker kept and no chrome


def _run(html_dir: Path) -> subprocess.Popen[str]:
    scorer = REALSET / "score_html.py"
    return subprocess.Popen([sys.executable, str(scorer), str(ROOT), str(html_dir), str(html_dir / "expected.yml")],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "SCORE_MAX_CHROME": str(MAX_CHROME)})


@pytest.fixture(scope="module")
def scores() -> dict[str, str]:
    if not (REALSET / "score_html.py").is_file() or not (REALSET / "html" / "expected.yml").is_file():
        message = f"{NO_SHARED_SET}: missing ({REALSET}), the extraction gate cannot run"
        if shared_set_required():
            pytest.fail(message)
        pytest.skip(message)
    if not (ROOT / ".venv" / "bin" / "briefing").exists():
        pytest.fail("score_html.py needs the project's .venv (run `make site` or scripts/setup.sh first)")
    # both sets at once: each run mostly waits on its own `briefing add` and `briefing build`
    runs = {"realset": _run(REALSET / "html"), "fixtures": _run(PAGES)}
    return {name: run.communicate(timeout=1500)[0] for name, run in runs.items()}


def _summary(output: str) -> dict[str, tuple[int, int]]:
    last = output.strip().splitlines()[-1]
    numbers: dict[str, tuple[int, int]] = {}
    for key, pattern in (("added", r"added (\d+)/(\d+)"), ("chrome", r"chrome leaked (\d+)/(\d+)"),
                         ("body", r"body kept (\d+)/(\d+)"), ("headlines", r"headlines (\d+)/(\d+)"),
                         ("dates", r"dates (\d+)/(\d+)"), ("authors", r"authors (\d+)/(\d+)"),
                         ("refused", r"non-articles refused (\d+)/(\d+)")):
        m = re.search(pattern, last)
        assert m, f"score_html.py printed no {key} count:\n{output[-3000:]}"
        numbers[key] = (int(m.group(1)), int(m.group(2)))
    return numbers


def _clean_pages(output: str) -> int:
    clean = 0
    for line in output.splitlines():
        body = re.search(r"body (\d+)/(\d+)", line)
        chrome = re.search(r"chrome leaked (\d+)/", line)
        if "add ok" in line and body and chrome and body.group(1) == body.group(2) and chrome.group(1) == "0":
            clean += 1
    return clean


@pytest.mark.parametrize("name", ["realset", "fixtures"])
def test_extraction_gate(scores: dict[str, str], name: str) -> None:
    output = scores[name]
    assert "Traceback" not in output, output[-3000:]
    s = _summary(output)
    report = f"\n{output}"
    assert s["added"][0] == s["added"][1], "every article page is added" + report
    assert s["chrome"][0] <= MAX_CHROME * s["chrome"][1], "chrome leaked" + report
    assert s["body"][0] == s["body"][1], "body kept 100 %" + report
    assert s["headlines"][0] >= MIN_HEADLINES * s["headlines"][1], "headlines" + report
    assert s["dates"][0] >= MIN_DATES * s["dates"][1], "dates" + report
    assert s["authors"][0] >= MIN_AUTHORS * s["authors"][1], "authors (the writer, never the editor)" + report
    assert s["refused"][0] == s["refused"][1], "every non-article refused" + report
    assert "duplicate refused True" in output, "a re-added page is refused" + report
    assert _clean_pages(output) >= MIN_CLEAN[name], "clean pages (all body, no chrome)" + report
