#!/usr/bin/env python3
"""The site's outside judges on the BUILT site (site/), served under a sub-path as on GitHub Pages.

  axe-core    home, an article, timeline, glossary          target: 0 violations
  vnu         every HTML page in site/                       target: 0 errors
  linkinator  the whole site, recursively (our server only)  target: 0 broken links
  Lighthouse  home and an article, desktop and mobile        target: a11y, best practices, SEO >= 95
                                                             (performance reported)

The judges come from npm, pinned in scripts/audit/package-lock.json, installed into
build/audit-tools/ with `npm ci --ignore-scripts`: no install script runs, so nothing downloads a
browser, a chromedriver or a JDK. Debian's /usr/bin/chromium and /usr/bin/chromedriver are used.
Prints a table, writes build/audit/summary.json (+ each judge's raw report beside it) and exits
non-zero when a target is missed. Usage: .venv/bin/python scripts/audit.py [--site site]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "build" / "audit-tools"
OUT = ROOT / "build" / "audit"
PINS = ROOT / "scripts" / "audit"
PREFIX = "briefing"  # served at http://127.0.0.1:PORT/briefing/, like a GitHub Pages project site
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run"]
LH_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LH_TARGET = 95  # accessibility, best-practices, seo; performance is reported only
NO_DOWNLOADS = {"PUPPETEER_SKIP_DOWNLOAD": "1", "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD": "1",
                "CHROMEDRIVER_SKIP_DOWNLOAD": "true", "SE_OFFLINE": "true",
                "npm_config_update_notifier": "false"}


def log(msg: str) -> None:
    print(f"audit: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- tools

SYSTEM_NEEDS = {"npm": "npm", "node": "nodejs", "java": "default-jre-headless",
                CHROMIUM: "chromium", CHROMEDRIVER: "chromium-driver"}


def install_system_deps() -> None:
    """node/npm, Java, Chromium and its chromedriver from Debian: installed when run as root
    (as in CI), else named."""
    need = sorted({pkg for exe, pkg in SYSTEM_NEEDS.items() if not shutil.which(exe)})
    if not need:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        sys.exit(f"audit: missing {' '.join(need)}; install them with apt-get as root")
    log(f"installing {' '.join(need)} with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *need],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def install_tools() -> None:
    """npm ci of the pinned judges into build/audit-tools (skipped when the lockfile is unchanged)."""
    install_system_deps()
    lock = PINS / "package-lock.json"
    stamp = TOOLS / ".installed"
    if stamp.exists() and stamp.read_bytes() == lock.read_bytes():
        return
    log("installing the judges with npm into build/audit-tools (first run: ~30 s)")
    TOOLS.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(PINS / name, TOOLS / name)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                   cwd=TOOLS, env={**os.environ, **NO_DOWNLOADS}, check=True)
    stamp.write_bytes(lock.read_bytes())


def bin_path(name: str) -> str:
    return str(TOOLS / "node_modules" / ".bin" / name)


def run(cmd: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **NO_DOWNLOADS, "CHROME_PATH": CHROMIUM, **kw.pop("env", {})}
    return subprocess.run(cmd, env=env, text=True, capture_output=True, **kw)


# ---------------------------------------------------------------- server

class _PagesLike(http.server.SimpleHTTPRequestHandler):
    """Static files as GitHub Pages serves them: text gzip-compressed, cached for 10 minutes
    (Lighthouse's performance numbers would otherwise measure our test server, not the site)."""

    COMPRESS = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")

    def translate_path(self, path: str) -> str:
        # nothing outside the sub-path: a link that escapes it is broken on GitHub Pages too
        if not path.startswith(f"/{PREFIX}/"):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path(path)

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.suffix in self.COMPRESS and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def end_headers(self) -> None:
        if not self._headers_buffer or b"Cache-Control" not in b"".join(self._headers_buffer):
            self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve site/ at /briefing/ (and nothing at /) on a free port; yields the site's URL."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / PREFIX).symlink_to(site.resolve(), target_is_directory=True)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_PagesLike, directory=tmp))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/{PREFIX}/"
        finally:
            server.shutdown()
            server.server_close()


# ---------------------------------------------------------------- judges

def run_axe(urls: dict[str, str]) -> dict[str, Any]:
    """axe-core (WCAG rules and best practices, axe's defaults) on each page: violations per page."""
    report = OUT / "axe.json"
    report.unlink(missing_ok=True)
    opts = ",".join(f.lstrip("-") for f in CHROME_FLAGS)
    proc = run([bin_path("axe"), *urls.values(), "--chromedriver-path", CHROMEDRIVER,
                "--chrome-path", CHROMIUM, "--chrome-options", opts, "--no-reporter",
                "--save", report.name, "--dir", str(OUT)], timeout=240)
    if not report.exists():
        return {"error": (proc.stderr or proc.stdout).strip()[-800:]}
    results = json.loads(report.read_text())
    by_url = {r["url"]: r for r in results}
    pages = {}
    for name, url in urls.items():
        r = by_url.get(url)
        if r is None:
            pages[name] = {"violations": None, "rules": ["page not tested"]}
            continue
        rules = [f'{v["id"]} ({len(v["nodes"])}: {v["nodes"][0]["target"]})' for v in r["violations"]]
        pages[name] = {"violations": len(r["violations"]), "rules": rules}
    return {"pages": pages}


def run_vnu(site: Path) -> dict[str, Any]:
    """The Nu HTML Checker on every HTML file of the built site: errors (and warnings) per file."""
    jar = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    files = sorted(str(p) for p in site.rglob("*.html"))
    proc = run(["java", "-Xss2m", "-jar", str(jar), "--format", "json", "--exit-zero-always", *files],
               timeout=240)
    (OUT / "vnu.json").write_text(proc.stderr)
    try:
        messages = json.loads(proc.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        return {"error": proc.stderr.strip()[-800:]}
    pages: dict[str, dict[str, Any]] = {str(Path(f).relative_to(site)): {"errors": 0, "warnings": 0, "first": []}
                                        for f in files}
    for m in messages:
        page = pages.setdefault(str(Path(m.get("url", "?").removeprefix("file:")).relative_to(site.resolve()))
                                if m.get("url", "").startswith("file:") else m.get("url", "?"),
                                {"errors": 0, "warnings": 0, "first": []})
        kind = "errors" if m["type"] == "error" or m.get("subType") == "fatal" else "warnings"
        page[kind] += 1
        if kind == "errors" and len(page["first"]) < 3:
            page["first"].append(f'line {m.get("lastLine", "?")}: {m["message"]}')
    return {"pages": pages, "files": len(files)}


def run_linkinator(base: str) -> dict[str, Any]:
    """Every link, image, script and stylesheet reachable from the home page, on our server.
    Links off the site are listed but not fetched: the audit runs offline (CI has no internet)."""
    own = base.split(f"/{PREFIX}/")[0]
    proc = run([bin_path("linkinator"), base, "--recurse", "--format", "json", "--concurrency", "8",
                "--skip", f"^(?!{own})"], timeout=240)
    (OUT / "linkinator.json").write_text(proc.stdout)
    try:
        links = json.loads(proc.stdout)["links"]
    except (json.JSONDecodeError, KeyError):
        return {"error": (proc.stderr or proc.stdout).strip()[-800:]}
    broken = sorted({f'{link["url"]} (from {link.get("parent", "?")}, {link.get("status")})'
                     for link in links if link["state"] == "BROKEN"})
    checked = {link["url"] for link in links if link["state"] == "OK"}
    return {"checked": len(checked), "broken": len(broken), "broken_links": broken}


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"] or "")
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")


def check_fragments(site: Path) -> dict[str, Any]:
    """Links to a #fragment on our own pages must find that id (linkinator 6 checks pages only).
    The timeline, glossary and citations link to sentences (#p3-s2), so this matters here."""
    pages: dict[str, _Anchors] = {}
    for f in site.rglob("*.html"):
        parser = _Anchors()
        parser.feed(f.read_text(encoding="utf-8"))
        pages["/" + str(f.relative_to(site))] = parser
    missing, checked, external = [], 0, set()
    for path, parser in sorted(pages.items()):
        for href in parser.hrefs:
            url = urlsplit(urljoin("http://site" + path, href))
            if url.netloc != "site":
                external.add(href)
            if url.netloc != "site" or not url.fragment or url.fragment.startswith("__"):
                continue  # off-site, no fragment, or Material's own toggles (#__drawer…)
            target = url.path + ("index.html" if url.path.endswith("/") else "")
            checked += 1
            if target in pages and unquote(url.fragment) not in pages[target].ids:
                missing.append(f"{path}: {href}")
    return {"checked": checked, "missing": len(missing), "missing_links": missing[:20],
            "external_links": sorted(external)}


def run_lighthouse(name: str, url: str, form: str) -> dict[str, Any]:
    """One Lighthouse run (desktop preset or the default mobile emulation): category scores 0-100."""
    report = OUT / f"lighthouse-{name}-{form}.json"
    cmd = [bin_path("lighthouse"), url, "--quiet", "--output=json", f"--output-path={report}",
           "--only-categories=" + ",".join(LH_CATEGORIES), "--chrome-flags=" + " ".join(CHROME_FLAGS)]
    if form == "desktop":
        cmd.append("--preset=desktop")
    proc = run(cmd, timeout=180)
    if not report.exists():
        return {"error": (proc.stderr or proc.stdout).strip()[-800:]}
    lhr = json.loads(report.read_text())
    scores = {c: round(100 * (lhr["categories"][c]["score"] or 0)) for c in LH_CATEGORIES}
    failed = sorted(a["id"] for cat in ("accessibility", "best-practices", "seo")
                    for a in (lhr["audits"].get(ref["id"]) for ref in lhr["categories"][cat]["auditRefs"])
                    if a and a.get("score") is not None and a["score"] < 1
                    and a.get("scoreDisplayMode") not in ("manual", "informative", "notApplicable"))
    return {"scores": scores, "failed_audits": failed}


# ---------------------------------------------------------------- verdict

def misses(summary: dict[str, Any]) -> list[str]:
    """Every target not met, as one line each."""
    out = []
    for judge in ("axe", "vnu", "linkinator"):
        if "error" in summary[judge]:
            out.append(f"{judge} did not run: {summary[judge]['error']}")
    for page, r in summary["axe"].get("pages", {}).items():
        if r["violations"] != 0:
            out.append(f"axe {page}: {r['violations']} violations: {'; '.join(r['rules'])}")
    for page, r in summary["vnu"].get("pages", {}).items():
        if r["errors"]:
            out.append(f"vnu {page}: {r['errors']} errors: {'; '.join(r['first'])}")
    if summary["linkinator"].get("broken"):
        out.append("broken links: " + "; ".join(summary["linkinator"]["broken_links"][:10]))
    frag = summary["linkinator"].get("fragments", {})
    if frag.get("missing"):
        out.append("links to a missing #id: " + "; ".join(frag["missing_links"][:10]))
    for key, r in summary["lighthouse"].items():
        if "error" in r:
            out.append(f"lighthouse {key} did not run: {r['error']}")
            continue
        low = {c: s for c, s in r["scores"].items() if c != "performance" and s < LH_TARGET}
        if low:
            out.append(f"lighthouse {key}: {low} (failed audits: {', '.join(r['failed_audits'])})")
    return out


def print_table(summary: dict[str, Any]) -> None:
    axe = summary["axe"].get("pages", {})
    vnu = summary["vnu"].get("pages", {})
    print(f"\n{'judge':<12}{'page':<34}{'result':>40}")
    for page, r in axe.items():
        print(f"{'axe':<12}{page:<34}{str(r['violations']) + ' violations':>40}")
    errors = sum(r["errors"] for r in vnu.values())
    warnings = sum(r["warnings"] for r in vnu.values())
    print(f"{'vnu':<12}{str(len(vnu)) + ' HTML pages':<34}{f'{errors} errors, {warnings} warnings':>40}")
    lk = summary["linkinator"]
    print(f"{'linkinator':<12}{str(lk.get('checked', '?')) + ' URLs':<34}"
          f"{str(lk.get('broken', '?')) + ' broken, ' + str(lk.get('external_not_fetched', '?')) + ' external not fetched':>40}")
    frag = lk.get("fragments", {})
    print(f"{'fragments':<12}{str(frag.get('checked', '?')) + ' links to #ids':<34}{str(frag.get('missing', '?')) + ' missing':>40}")
    for key, r in summary["lighthouse"].items():
        s = r.get("scores", {})
        text = " ".join(f"{c[:4]} {s.get(c, '-')}" for c in LH_CATEGORIES) if s else "did not run"
        print(f"{'lighthouse':<12}{key:<34}{text:>40}")
    print(f"\ntook {summary['seconds']} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    args = ap.parse_args()
    site: Path = args.site
    if not (site / "index.html").exists():
        sys.exit(f"audit: no built site in {site}; run `make site` (and `make pdf`) first")
    start = time.monotonic()
    install_tools()
    OUT.mkdir(parents=True, exist_ok=True)
    article = sorted(p.parent.name for p in (site / "articles").glob("*/index.html"))[0]
    with serve(site) as base:
        pages = {"home": base, f"articles/{article}": f"{base}articles/{article}/",
                 "timeline": f"{base}timeline/", "glossary": f"{base}glossary/"}
        log("axe-core"); axe = run_axe(pages)
        log("vnu"); vnu = run_vnu(site)
        log("linkinator"); links = run_linkinator(base)
        links["fragments"] = check_fragments(site)
        links["external_not_fetched"] = len(links["fragments"].pop("external_links"))
        lighthouse = {}
        for name in ("home", f"articles/{article}"):
            for form in ("desktop", "mobile"):
                log(f"lighthouse {name} {form}")
                lighthouse[f"{name} {form}"] = run_lighthouse(name.replace("/", "-"), pages[name], form)
    summary = {"axe": axe, "vnu": vnu, "linkinator": links, "lighthouse": lighthouse,
               "seconds": round(time.monotonic() - start, 1)}
    missed = misses(summary)
    summary["targets_met"] = not missed
    summary["misses"] = missed
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    print_table(summary)
    for line in missed:
        print(f"MISSED: {line}")
    print("all targets met" if not missed else f"{len(missed)} target(s) missed; see build/audit/")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
