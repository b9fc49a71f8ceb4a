# The two set-up commands: `make site` builds the site into site/, `make test` runs the tests.
# Both create .venv and install what they need on a fresh machine.
export NO_MKDOCS_2_WARNING := 1
BRIEFING := .venv/bin/briefing

.PHONY: site test serve status translate pdf bench bench-extract audit clean

site:
	@scripts/setup.sh
	$(BRIEFING) build

# lint-imports: the stage layers and no cycles (contract in pyproject.toml); mypy: the package's
# types, strict (pyproject.toml's [tool.mypy]); pytest over TEST_WORKERS processes (pytest-xdist),
# each test file on one worker, the slowest first (tests/scheduling.py); `TEST_WORKERS=0`: one process.
# The package, tests and scripts are compiled once before the suite (__pycache__, git-ignored):
# the suite starts Python again and again (two workers, `briefing add` and `briefing build` in
# subprocesses), and without compiled modules each start compiles the package anew. During the
# suite no Python writes bytecode (PYTHONDONTWRITEBYTECODE=1): a .pyc being written while the
# extraction gate's ../shared/realset/score_html.py copies the project tree failed the copy
# ("No such file or directory: …/__pycache__/….pyc.<n>", a CI run of 4e9e7a2).
TEST_WORKERS ?= 2
test: export PYTHONDONTWRITEBYTECODE := 1
test:
	@scripts/setup.sh test
	@scripts/system-deps.sh
	.venv/bin/lint-imports
	.venv/bin/mypy briefing
	PYTHONDONTWRITEBYTECODE= .venv/bin/python -m compileall -q briefing tests scripts
	.venv/bin/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile

serve:
	@scripts/setup.sh
	$(BRIEFING) serve

status:
	@scripts/setup.sh
	$(BRIEFING) status

translate:
	@scripts/setup.sh
	$(BRIEFING) translate

# The PDFs: the whole briefing (site/briefing.pdf) and each article (site/pdf/<slug>.pdf), laid out
# into build/pdf/ (only those whose pages changed) and built into the site, which links them.
# Every later `make site` keeps them there while they still match their pages.
pdf:
	@scripts/setup.sh
	$(BRIEFING) build --pdf

# The outside judges on the built site and PDF, served under a sub-path as on GitHub Pages:
# axe-core, vnu, linkinator, Lighthouse (pinned in scripts/audit/, installed into build/audit-tools).
# Prints a table, writes build/audit/summary.json, fails when a target is missed. ~2 minutes.
audit:
	@$(MAKE) --no-print-directory site
	@$(MAKE) --no-print-directory pdf
	.venv/bin/python scripts/audit.py

# Benchmarks (scripts/bench.py): one JSON object with timings, peak RSS, ratios and targets.
bench:
	@scripts/setup.sh test
	.venv/bin/python scripts/bench.py

# Extraction: briefing and seven peer extractors side by side on the shared real pages and our
# fixture pages (chrome, clean pages, body, headlines, dates, authors, seconds per page). The peers
# live in their own venv (build/peers-venv, scripts/peers-venv.sh), never in .venv.
bench-extract:
	@scripts/setup.sh
	.venv/bin/python scripts/bench_extract.py

clean:
	rm -rf site build
