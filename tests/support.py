"""What the tests share: the fake translation engine, the project factory, made-up articles,
the sample site's Pagefind records and the PDF's text. Test modules import from here (tests/ is
on sys.path: pytest puts a rootdir test folder without __init__.py there), never from each other;
shared fixtures are in conftest.py. What the benchmarks also need (synthetic projects, the stand-in
model, the browser helpers) is in `briefing.testing`."""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pytest

from briefing.sources.script import Conversion
from briefing.model import Article, ArticleMeta, Kind, Paragraph, Segment
from briefing.render.print_doc import SCRIPT_NAME
from briefing.sources.articles import build_article
from briefing.sources.clean import Cleaned
from briefing.translation.engines.base import Engine

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "build" / "screenshots"

# The sample project's inputs: what its editors write, never what `briefing build` generates
# (docs/ holds both: only the hand-written pages and assets are named). Names the repository
# lacks (a briefing.yml) are skipped.
SAMPLE = ("seeds", "translations", "curation", "overrides", "mkdocs.yml", "briefing.yml",
          "docs/about.md", "docs/method.md", "docs/assets")


def make_project(dest: Path, *, sample: Iterable[str] = (), seeds: Mapping[str, str | bytes] | None = None,
                 files: Mapping[str, str | bytes] | None = None) -> Path:
    """A project folder at `dest`: the named inputs of the repository's sample project (`SAMPLE`
    for all of them), then each of `seeds` written into seeds/ and each of `files` at its path
    (text as UTF-8); docs/ always exists. Returns `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in sample:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    for folder, written in (("seeds", seeds or {}), (".", files or {})):
        for name, data in written.items():
            path = dest / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    (dest / "docs").mkdir(exist_ok=True)
    return dest


class FakeEngine(Engine):
    """A deterministic translation engine: keeps the Latin words and numbers of its input (so
    glossary placeholders survive), records each batch, and can fail after some batches."""

    engine = "fake"

    def __init__(self, model: str = "fake 1.0", fail_after: int | None = None) -> None:
        self.model = model
        self.fail_after = fail_after
        self.calls: list[list[str]] = []

    def translate(self, sentences: Sequence[str]) -> list[str]:
        if self.fail_after is not None and len(self.calls) >= self.fail_after:
            raise RuntimeError("fake engine: simulated failure")
        self.calls.append(list(sentences))
        return [" ".join(["EN"] + re.findall(r"[A-Za-z0-9.%]+", s)) for s in sentences]


def article_from_text(text: str, slug: str = "demo") -> Article:
    """An article built from a seed's text, with no metadata but its slug."""
    return build_article(text, ArticleMeta(slug=slug, source_file=f"000_{slug}.txt", title_zh=""), conversion=Conversion())


def _seg(slug: str, anchor: str, hans: str, hant: str) -> Segment:
    return Segment(id=f"{slug}/{anchor}", source=hans, hans=hans, hant=hant)


def demo_article(slug: str = "demo", script: str = "hans") -> Article:
    """A small article with one paragraph of each kind, markup in its text and metadata."""
    t = _seg(slug, "title", "芯片出口管制", "晶片出口管制")
    paras = (
        Paragraph(1, Kind.HEADING, (_seg(slug, "p1-s1", "背景", "背景"),), label="一、"),
        Paragraph(2, Kind.TEXT, (
            _seg(slug, "p2-s1", "软件<script>alert(1)</script>很重要。", "軟體<script>alert(1)</script>很重要。"),
            _seg(slug, "p2-s2", "价格是 *5* 美元 & {{ price }} #1 _x_。", "價格是 *5* 美元 & {{ price }} #1 _x_。"),
        )),
        Paragraph(3, Kind.ITEM, (_seg(slug, "p3-s1", "第一点。", "第一點。"),), label="1."),
        Paragraph(4, Kind.CAPTION, (_seg(slug, "p4-s1", "图为会议现场", "圖為會議現場"),),
                  credit="(Andy Wong/美联社)"),
    )
    meta = ArticleMeta(slug=slug, source_file=f"000_{slug}.txt", title_zh=t.source, outlet="Example <News>",
                       author="陆一", published="2025-01", precision="month", url="https://example.com/a?b=1&c=2")
    return Article(meta=meta, script=script, title=t, paragraphs=paras)  # type: ignore[arg-type]


# ---------------------------------------------------------------- cleaning made-up pages

def page(*lines: str) -> str:
    """A scraped page's text: one line per block, blank lines between."""
    return "\n\n".join(lines)


def found(cleaned: Cleaned) -> dict[str, str]:
    """The first value the cleaner found for each metadata field."""
    out: dict[str, str] = {}
    for f in cleaned.found:
        out.setdefault(f.field, f.value)
    return out


def removed_by_rule(cleaned: Cleaned) -> dict[str, str]:
    """Each line the cleaner removed, with the rule that removed it."""
    return {r.text: r.rule for r in cleaned.removed}


def kept(cleaned: Cleaned) -> str:
    """The text of every block the cleaner kept, joined."""
    return "".join(b.text for b in cleaned.blocks)


# ---------------------------------------------------------------- the built site

def fragments(site: Path, bundle: str) -> dict[str, dict[str, Any]]:
    """Pagefind's records of a built site's pages in one index (zh or en), by URL."""
    out = {}
    for path in (site / "pagefind" / bundle / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        record = json.loads(raw[raw.index(b"{"):])
        out[record["url"]] = record
    return out


# ---------------------------------------------------------------- in the browser (a Playwright page)

def search_done(page: Any) -> None:
    """Wait until the search box's results are all in: search.js clears the list's aria-busy."""
    page.locator("[data-bf-search-list][aria-busy=false]").wait_for(state="attached")


def search_for(page: Any, query: str) -> tuple[int, list[str]]:
    """Type `query` into the search box and wait for its answer: the count shown and the pages
    of the results listed first (their links without the #fragment)."""
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")
    page.locator(f'[data-bf-search-list][aria-busy=false][data-bf-query="{query}"]').wait_for(state="attached")
    meta = page.locator("#bf-search-meta").text_content().strip()
    count = 0 if meta.startswith("No") else int(meta.split()[0])
    first = page.locator(".md-search-result__item > a:first-child").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('#')[0])")
    return count, first


def animations_done(page: Any) -> None:
    """Wait until no CSS transition or animation is running (Material fades and slides its parts)."""
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


# A screenshot region whose grey levels vary less than this (standard deviation, 0–255) is one
# flat colour: nothing is drawn there. Text on its background measures 20–75 here, light or dark.
FLAT_STDDEV = 8.0

_RECT_JS = """selector => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const r = el.getBoundingClientRect();
  return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height,
          scrollX: scrollX, scrollY: scrollY, viewport: innerWidth,
          overflow: document.documentElement.scrollWidth - innerWidth};
}"""


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations on the page as shown now, one line each (rule: target and why)."""
    from axe_playwright_python.base import AXE_SCRIPT
    page.evaluate(AXE_SCRIPT)
    found: list[str] = page.evaluate("axe.run().then(r => r.violations.map(v => v.id + ': ' + "
                                     "v.nodes.map(n => n.target + ' ' + n.failureSummary).join(' | ')))")
    return found


def assert_screenshot_shows(page: Any, shot: Path, selector: str, *, full_page: bool = False) -> None:
    """The screenshot `shot` of `page` shows what it is about: it is not blank; the first element
    matching `selector` is visible, inside the shot, not cut off at either side, and drawn (its
    part of the picture is not one flat colour); and the page does not scroll sideways.
    `full_page`: the shot starts at the top of the document, else at the scrolled viewport."""
    from PIL import Image, ImageStat

    rect = page.evaluate(_RECT_JS, selector)
    assert rect is not None, f"{shot.name}: no {selector} on the page"
    assert page.locator(selector).first.is_visible(), f"{shot.name}: {selector} is hidden"
    assert rect["overflow"] <= 0, f"{shot.name}: the page scrolls sideways by {rect['overflow']}px"
    assert rect["x"] >= 0 and rect["x"] + rect["width"] <= rect["viewport"] + 0.5, \
        f"{shot.name}: {selector} is cut off at the side ({rect})"
    image = Image.open(shot).convert("L")
    whole = ImageStat.Stat(image).stddev[0]
    assert whole >= FLAT_STDDEV, f"{shot.name} is blank (grey level deviation {whole:.1f})"
    left, top = (0, 0) if full_page else (rect["scrollX"], rect["scrollY"])
    box = (max(0, round(rect["x"] - left)), max(0, round(rect["y"] - top)),
           min(image.width, round(rect["x"] - left + rect["width"])),
           min(image.height, round(rect["y"] - top + rect["height"])))
    assert box[2] > box[0] and box[3] > box[1], f"{shot.name}: {selector} is outside the picture ({rect})"
    drawn = ImageStat.Stat(image.crop(box)).stddev[0]
    assert drawn >= FLAT_STDDEV, f"{shot.name}: {selector} is one flat colour (deviation {drawn:.1f})"


# ---------------------------------------------------------------- the PDF's text

def require_pdf_tools() -> None:
    """Fail, saying what installs them, when poppler's tools or the Noto CJK fonts are missing
    (CI has them: scripts/system-deps.sh)."""
    for tool in ("pdffonts", "pdftotext", "fc-list"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: scripts/system-deps.sh installs it (as root)")
    families = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    for family, package in (("Noto Serif CJK SC", "fonts-noto-cjk"), ("Liberation Serif", "fonts-liberation2")):
        if family not in families:
            pytest.fail(f"{package} is missing: scripts/system-deps.sh installs it (as root)")


def pdf_text(path: Path) -> str:
    """A PDF's text without whitespace (CJK lines wrap anywhere: compare without it)."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return re.sub(r"\s+", "", text)


_MM = 72 / 25.4
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def _print_layout() -> tuple[list[float], float]:
    """Page margins (mm: top, right, bottom, left) and the Chinese column's share of the text
    width, from the print stylesheet itself, so the test follows the layout it checks."""
    css = (ROOT / "briefing" / "assets" / "print.css").read_text(encoding="utf-8")
    margins = re.search(r"@page\s*{[^}]*?margin:\s*([\d.]+)mm ([\d.]+)mm ([\d.]+)mm ([\d.]+)mm", css)
    share = re.search(r"table\.bitext \.c-zh\s*{\s*width:\s*([\d.]+)%", css)
    assert margins and share, "print.css no longer sets @page margins in mm or .c-zh width in %"
    return [float(m) for m in margins.groups()], float(share.group(1)) / 100


def original_column_text(path: Path) -> str:
    """The text of the original (left) column of every page, in reading order, without
    whitespace, running heads or repeated table heads: independent of where lines wrap or
    where the English column's lines fall (pdftotext's own order mixes the columns)."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    (top, right, bottom, left), share = _print_layout()
    parts: list[str] = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        width, height = float(page.group(1)), float(page.group(2))
        column_end = left * _MM + share * (width - (left + right) * _MM)
        words = []
        for m in _WORD.finditer(page.group(3)):
            x0, y0, x1, y1 = map(float, m.groups()[:4])
            if y1 <= top * _MM or y0 >= height - bottom * _MM or x1 > column_end + 0.5:
                continue  # a running head or foot, or the English column
            words.append(((y0 + y1) / 2, y1 - y0, x0, html.unescape(m.group(5))))
        lines: list[list[tuple[float, float, float, str]]] = []
        for w in sorted(words):  # one line: vertical centres closer than 40 % of the glyph height
            if lines and abs(w[0] - lines[-1][0][0]) < 0.4 * min(w[1], lines[-1][0][1]):
                lines[-1].append(w)
            else:
                lines.append([w])
        parts += [w[3] for line in lines for w in sorted(line, key=lambda w: w[2])]
    text = re.sub(r"\s+", "", "".join(parts))
    names = "|".join(SCRIPT_NAME.values())  # the table head repeated on every page:
    # "原文·简体", or for a converted column "原文简体→繁體（轉換）"
    return re.sub(f"原文(?:·|(?:{names})→)(?:{names})(?:（[^）]*）)?", "", text)



# ---------------------------------------------------------------- a project to review (briefing review)

REVIEW_ARTICLE = "merics-inference-open-source"  # the sample's shortest article (Traditional)
REVIEW_ENGINE, REVIEW_MODEL = "fixture", "test drafts"  # test data, never an engine's output


def review_project(dest: Path, *, pending: int = 2) -> Path:
    """The sample project at `dest`, with REVIEW_ARTICLE as an editor finds it after `briefing
    translate`: its English as machine drafts (every third one worse: articles dropped), its last
    `pending` segments without English, and its fourth segment's English written (by an editor)
    for an earlier original, so shown stale."""
    from dataclasses import replace

    from briefing.config import load_project
    from briefing.model import Status
    from briefing.sources.articles import load_articles
    from briefing.translation.memory import entry_for, read_tm, reading_order, resolve, tm_path, write_tm
    make_project(dest, sample=SAMPLE)
    project = load_project(dest)
    article = next(a for a in load_articles(project) if a.slug == REVIEW_ARTICLE)
    path = tm_path(project.tm_dir, REVIEW_ARTICLE)
    shown = resolve(article, read_tm(path))
    segments = article.segments()
    entries = []
    for i, seg in enumerate(segments[:len(segments) - pending]):
        en = shown[seg.id].en
        if i % 3 == 1:
            en = " ".join(w for w in en.split(" ") if w.lower() not in ("the", "a", "an"))
        entries.append(entry_for(seg, en, Status.MACHINE, REVIEW_ENGINE, REVIEW_MODEL, "2026-01-05"))
    stale = segments[3]
    earlier = replace(stale, source=stale.source[:-1] + "，据报道。")
    entries[3] = entry_for(earlier, shown[stale.id].en, Status.EDITOR, "editor", date="2025-12-01")
    write_tm(path, REVIEW_ARTICLE, entries, reading_order(article))
    return dest
