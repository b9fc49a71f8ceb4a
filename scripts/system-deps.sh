#!/usr/bin/env bash
# Debian packages the tests and the PDF need: Chromium (browser tests, screenshots),
# Noto CJK and Liberation fonts (PDF: Chinese, and English with its own quotes), poppler-utils (PDF checks). Installs them when run as root;
# otherwise says what is missing (the browser and PDF tests then fail, saying so: a skip would hide them).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium chromium-driver)
command -v fc-list >/dev/null || need+=(fontconfig)
# the list read whole first: `fc-list | grep -q` fails under pipefail when grep stops at the
# first match (fc-list dies of SIGPIPE), which made every run reinstall the fonts
fonts="$(fc-list : family 2>/dev/null || true)"
grep -qi "Noto Sans CJK" <<<"$fonts" || need+=(fonts-noto-cjk)
grep -qi "Liberation Serif" <<<"$fonts" || need+=(fonts-liberation2)
command -v pdftotext >/dev/null || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "system-deps: installing ${need[*]}" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "system-deps: missing ${need[*]} (install them with apt as root); the browser and PDF tests will fail" >&2
fi
