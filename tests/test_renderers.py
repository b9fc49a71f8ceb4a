"""One build, either renderer: the sample built with MkDocs and with Zensical has the same pages,
each with the same main content, navigation and links (the themes' own markup around them differs).

Both are run by `briefing build` on the configuration it generates (mkdocs.generated.yml: the
project's mkdocs.yml plus the nav and the raw-pages Markdown extension); nothing of ours runs
inside either renderer but that extension."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing.config import load_project
from briefing.publish.build import build_site


@dataclass
class _Parts(HTMLParser):
    """Of one built page: its main content as (tag, attributes) and text tokens (whitespace
    folded), the primary navigation as (label, link), and the main content's links."""

    main: list[object] = field(default_factory=list)
    nav: list[tuple[str, str]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    _in_main: int = 0
    _in_nav: int = 0
    _href: str | None = None
    _label: list[str] = field(default_factory=list)
    _skipped: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "article" and "md-content__inner" in classes:
            self._in_main = 1
            return
        if tag == "nav" and "md-nav--primary" in classes:
            self._in_nav = 1
            return
        if self._in_nav:
            self._in_nav += tag == "nav"
            if tag == "a" and a.get("href") is not None:
                self._href, self._label = a["href"], []
        if self._in_main:
            if tag == "a" and a.get("id") == "__skip":
                self._skipped = True  # the theme's skip-link target: Zensical's template puts it here
                return
            self._in_main += tag not in _VOID
            self.main.append((tag, sorted((k, v or "") for k, v in attrs)))
            if tag == "a" and a.get("href") is not None:
                self.links.append(_norm(a["href"] or ""))

    def handle_endtag(self, tag: str) -> None:
        if self._in_nav:
            if tag == "a" and self._href is not None:
                self.nav.append((" ".join("".join(self._label).split()), _norm(self._href)))
                self._href = None
            self._in_nav -= tag == "nav"
        if self._skipped and tag == "a":
            self._skipped = False
            return
        if self._in_main and tag not in _VOID:
            self._in_main -= 1
            if self._in_main:
                self.main.append(f"/{tag}")

    def handle_data(self, data: str) -> None:
        if self._in_nav and self._href is not None:
            self._label.append(data)
        if self._in_main and data.split():
            self.main.append(" ".join(data.split()))


def _norm(href: str) -> str:
    """A relative link in one spelling ('./..' and '..' alike), fragment kept."""
    if not href:
        return "."  # this page, as "./" or "." is
    if "://" in href or href.startswith(("#", "mailto:")):
        return href
    path, hash_, fragment = href.partition("#")
    folded = posixpath.normpath(path) + ("/" if path.endswith("/") else "")
    return folded.replace("//", "/") + hash_ + fragment


_VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def page_parts(path: Path) -> _Parts:
    parts = _Parts()
    parts.feed(path.read_text(encoding="utf-8"))
    return parts


def _pages(site: Path) -> list[Path]:
    return sorted(p.relative_to(site) for p in site.rglob("index.html") if "pagefind" not in p.parts)


@pytest.mark.slow
def test_mkdocs_and_zensical_build_the_same_pages(sample_site, tmp_path, monkeypatch):
    project, _ = sample_site  # built with MkDocs, maybe the day before (a run across midnight)
    home = (project.site_dir / "index.html").read_text(encoding="utf-8")
    built = re.search(r'Updated <time datetime="(\d{4}-\d\d-\d\d)">', home)
    assert built, "the home page says when the sample was built"
    day = dt.datetime.fromisoformat(built.group(1)).replace(tzinfo=dt.timezone.utc)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(day.timestamp())))  # the same build day for both
    copy = tmp_path / "zensical"
    shutil.copytree(project.root, copy, ignore=shutil.ignore_patterns("site", ".cache"))
    build_site(load_project(copy), search=False, renderer="zensical")
    mkdocs_site, zensical_site = project.site_dir, copy / "site"
    assert _pages(mkdocs_site) == _pages(zensical_site)
    assert len(_pages(mkdocs_site)) >= 10  # home, 5 articles, timeline, glossary, about, method
    for rel in _pages(mkdocs_site):
        a, b = page_parts(mkdocs_site / rel), page_parts(zensical_site / rel)
        assert a.main and a.nav, rel
        assert a.links == b.links, rel
        assert a.nav == b.nav, rel
        assert a.main == b.main, rel
    # the interface language choice and its script, in both themes' headers
    for site in (mkdocs_site, zensical_site):
        page = (site / "articles/openai-proposal/index.html").read_text(encoding="utf-8")
        assert "data-bf-lang-choice" in page and "assets/i18n.js" in page, site
    # the generated nav, in both: an article's page lists its month's articles with their titles
    nav = dict((href, label) for label, href in page_parts(zensical_site / "articles/openai-proposal/index.html").nav)
    assert nav.get("./") == "OpenAI rushes out 15-page proposal aimed at DeepSeek to lock down China's AI", nav
