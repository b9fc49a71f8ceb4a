#!/usr/bin/env bash
# Create .venv and install briefing with everything it needs (idempotent; fast when up to date).
#   scripts/setup.sh          runtime only (enough for `make site`)
#   scripts/setup.sh test     plus test tools
set -euo pipefail
cd "$(dirname "$0")/.."
extra="${1:-}"
py="${PYTHON:-python3}"
stamp=".venv/.installed${extra:+-$extra}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($py --version)" >&2
  "$py" -m venv .venv
fi
if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ] && [ "$stamp" -nt scripts/setup.sh ]; then
  exit 0
fi
echo "setup: installing dependencies into .venv (first run takes a minute or two)" >&2
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
if [ "$extra" = "test" ]; then target=".[test]"; else target="."; fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e "$target" 2>&1 | grep -v "^WARNING: Location" || true
# argostranslate without its declared dependencies: they pull stanza -> torch (GBs) and spaCy,
# whose sentence splitters download models at run time and fail offline. We use only its
# package manager and run the model with CTranslate2 + SentencePiece ourselves.
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps "argostranslate==1.11.0" 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import briefing, mkdocs, material, opencc, pagefind, ctranslate2, sentencepiece, argostranslate.package, trafilatura, ahocorasick" \
  || { echo "setup: dependencies failed to import; see the pip output above" >&2; exit 1; }
touch "$stamp"
