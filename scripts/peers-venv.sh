#!/usr/bin/env bash
# The peer extractors' own venv, for scripts/bench_extract.py only (dev-only: never a dependency
# of briefing, never imported by it). Usage: scripts/peers-venv.sh [DIR] (default build/peers-venv).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-build/peers-venv}"
python3 -m venv "$dir"
"$dir/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
"$dir/bin/python" -m pip install -q --disable-pip-version-check gne trafilatura readability-lxml newspaper4k goose3 \
  resiliparse boilerpy3 jieba pyyaml opencc-python-reimplemented lxml_html_clean 2>&1 | grep -v "^WARNING: Location" || true
"$dir/bin/python" -c "import gne, trafilatura, readability, newspaper, goose3, resiliparse, boilerpy3, yaml"
