"""The site's search index: Pagefind run over the built site (site/pagefind/).

Pagefind (`pagefind[extended]` on PyPI ships the binary; its extended build segments Chinese)
writes an index split into small chunks, so a reader's browser loads only the chunks a query
needs instead of the whole index (Material's lunr index is ~40 KB per article).

What is indexed: the generated pages only (article text in both scripts and English, titles,
summaries, the timeline, the glossary), because overrides/hooks.py wraps their content in
`data-pagefind-body`; the result title is the page title (overrides/main.html sets it as
Pagefind metadata). Reader controls, article metadata and QA flags are excluded below;
Material's navigation, header and footer never are inside the body.

`--force-language zh`: every page is indexed as Chinese, so the Chinese is segmented into words
(Pagefind's segmenter; it cannot take a user dictionary, so glossary names are found through
their segments) while English words still index as words.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import BuildError

BUNDLE_DIR = "pagefind"  # site/pagefind/, loaded by docs/assets/search.js
LANGUAGE = "zh"
EXCLUDE_SELECTORS = (".bf-controls", ".bf-meta", ".bf-qa")


@dataclass(frozen=True)
class SearchIndexReport:
    """What Pagefind indexed."""

    pages: int
    words: int
    seconds: float


def pagefind_command(site_dir: Path) -> list[str]:
    """The Pagefind command line that indexes `site_dir` into `site_dir/pagefind/`."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir),
           "--output-subdir", BUNDLE_DIR, "--force-language", LANGUAGE]
    for selector in EXCLUDE_SELECTORS:
        cmd += ["--exclude-selectors", selector]
    return cmd


def parse_report(output: str) -> tuple[int, int]:
    """(pages, words) from Pagefind's summary lines ('Indexed 11 pages', 'Indexed 5729 words')."""
    def count(what: str) -> int:
        m = re.search(rf"Indexed (\d+) {what}", output)
        return int(m.group(1)) if m else 0
    return count("pages?"), count("words?")


def index_site(site_dir: Path) -> SearchIndexReport:
    """Index the built site with Pagefind; a failure becomes a BuildError naming the site."""
    import time
    if not (site_dir / "index.html").is_file():
        raise BuildError("no built site to index for search", path=site_dir,
                         hint="run 'briefing build' (it runs mkdocs build first)")
    start = time.perf_counter()
    try:
        proc = subprocess.run(pagefind_command(site_dir), capture_output=True, text=True)
    except OSError as exc:
        raise BuildError(f"cannot run Pagefind: {exc}", path=site_dir,
                         hint="run scripts/setup.sh (it installs pagefind[extended])") from None
    if proc.returncode != 0:
        lines = [ln for ln in (proc.stderr + proc.stdout).splitlines() if ln.strip()]
        tail = "\n    ".join(lines[-10:]) or "(no output)"
        hint = ("run scripts/setup.sh (it installs pagefind[extended])"
                if "No module named pagefind" in proc.stderr else
                "see Pagefind's message above; the site itself was built")
        raise BuildError(f"Pagefind failed to index the site:\n    {tail}", path=site_dir, hint=hint)
    pages, words = parse_report(proc.stdout + proc.stderr)
    if pages == 0:
        raise BuildError("Pagefind indexed no pages", path=site_dir,
                         hint="the pages lack data-pagefind-body: is overrides/hooks.py in "
                              "mkdocs.yml's hooks?")
    return SearchIndexReport(pages, words, time.perf_counter() - start)
