"""Which pages the renderer must redo: an incremental site build after a small change.

MkDocs can rebuild only the pages whose source is newer than their built page (`mkdocs build
--dirty`), but every page also shows the navigation, so a page whose source did not change must
still be redone when the part of the nav it shows did. With Material's `navigation.prune` and
`navigation.sections`, every page shows the *frame* of the nav — its top level, and each month
as its label and its first entry (a collapsed section links there) — and an article's page
also shows its own month in full. Every page also links the pages before and after it in the
nav's order from its head. So after an article is added to a month (what `briefing add` does),
the pages to redo are the new page, the pages the generator rewrote (home, the month's page,
...), the other pages of that month and the new page's neighbours; every other page is as it was.
A large briefing's month section starts with the month's page (render/nav.py), so its link stays
put when the newest article of the month is added; in a small briefing (no month pages) the
section's first entry is its newest article, so adding a newer one changes every page's link to
that month: the frame changed, the build is whole.

A dirty build is used only when nothing that shapes every page changed since the last build
with the same renderer: the frame of the nav, the generated configuration apart from its nav,
mkdocs.yml, the theme overrides, briefing's code and the renderer's and theme's versions; and
only when no page went away (a dirty build would leave its built page behind). Anything else
is a full build, as before. Zensical keeps its own cache (.cache/) and is always run whole.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from briefing.config import Project
from briefing.publish.cache import digest, read_record, write_record
from briefing.render.nav import NavItem

STATE_FILE = Path("build/site/renderer-state.json")


def _first_leaf(item: NavItem) -> str:
    if isinstance(item, str):
        return item
    for value in item.values():
        if isinstance(value, str):
            return value
        for child in value:
            return _first_leaf(child)
    return ""


def _collapsed(item: NavItem) -> Any:
    """An item as a page that is not inside it shows it: a page, or a section's label and the
    page its link goes to."""
    if isinstance(item, str):
        return item
    label, value = next(iter(item.items()))
    return [label, value if isinstance(value, str) else _first_leaf(item)]


def nav_frame(nav: list[NavItem]) -> Any:
    """What of the nav every page shows: the top level, a top-level section's children collapsed."""
    frame: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            label, value = next(iter(item.items()))
            frame.append([label, value if isinstance(value, str) else [_collapsed(c) for c in value]])
        else:
            frame.append(item)
    return frame


def section_views(nav: list[NavItem]) -> dict[str, str]:
    """Per page, a hash of what it shows of the nav beyond the frame: the pages before and after
    it in the nav's order (Material links them from every page's head), and, inside a
    second-level section (an article in its month), that section in full."""
    order = [path for item in nav for path in _leaves(item)]
    views: dict[str, str] = {}
    for i, path in enumerate(order):
        views[path] = json.dumps([order[i - 1] if i else "", order[i + 1] if i + 1 < len(order) else ""])
    for item in nav:
        if not isinstance(item, dict):
            continue
        value = next(iter(item.values()))
        for child in value if isinstance(value, list) else []:
            if not isinstance(child, dict):
                continue
            text = json.dumps(child, ensure_ascii=False, sort_keys=True)
            for path in _leaves(child):
                views[path] = views.get(path, "") + text
    return {path: digest(view)[:16] for path, view in views.items()}


def _leaves(item: NavItem) -> Iterable[str]:
    if isinstance(item, str):
        yield item
        return
    for value in item.values():
        if isinstance(value, str):
            yield value
        else:
            for child in value:
                yield from _leaves(child)


@dataclass
class Plan:
    """How the renderer runs this time."""

    dirty: bool
    touch: list[str] = field(default_factory=list)  # docs/ paths whose page must be redone too
    state: dict[str, Any] = field(default_factory=dict)  # recorded once the build succeeds
    why: str = ""  # why the build is whole (for the progress line)


def plan(project: Project, renderer: str, frame_inputs: str, nav: list[NavItem] | None,
         pages: Iterable[str]) -> Plan:
    """The plan for this build: dirty (with the pages to touch) when the last build's state
    allows it, else whole. `frame_inputs`: a fingerprint of everything that shapes every page
    besides the nav (the generated configuration without its nav, mkdocs.yml, the theme,
    code and versions)."""
    nav = nav or []
    frame = digest(frame_inputs, json.dumps(nav_frame(nav), ensure_ascii=False, sort_keys=True))
    views = section_views(nav)
    generated = sorted(pages)
    state = {"renderer": renderer, "frame": frame, "views": views, "pages": generated}
    before = read_record(project.root / STATE_FILE)
    if renderer != "mkdocs":  # (and it builds in place: no copy of the last site to start from)
        return Plan(False, state=state, why=f"{renderer} is always run whole")
    if not project.site_dir.is_dir() or not before:
        return Plan(False, state=state, why="no earlier build")
    if before.get("renderer") != renderer or before.get("frame") != frame:
        return Plan(False, state=state, why="something every page shows changed")
    if set(before.get("pages", [])) - set(generated):
        return Plan(False, state=state, why="a page went away")
    old = before.get("views", {})
    touch = [path for path, view in views.items() if path in old and old[path] != view]
    # a page the nav lists without a label is labelled with its title, which MkDocs knows only
    # of the pages it reads: those (the hand-written ones, a few) are always read
    touch += [item for item in nav if isinstance(item, str)]
    return Plan(True, touch, state)


def built_page(rel: str) -> str:
    """Where MkDocs writes the page of docs/`rel` (directory URLs): 'articles/x/index.md' →
    'articles/x/index.html', 'about.md' → 'about/index.html', 'index.md' → 'index.html'."""
    stem = rel[:-3] if rel.endswith(".md") else rel
    return stem + ".html" if stem == "index" or stem.endswith("/index") else stem + "/index.html"


def drop_built(site: Path, paths: Iterable[str]) -> None:
    """Remove these pages' built copies from `site` (the copy of the last site a dirty build
    starts from): MkDocs then makes them again. Their sources are left alone, so what the
    build's stamps saw of docs/ does not change."""
    for rel in paths:
        (site / built_page(rel)).unlink(missing_ok=True)


def link_copy(site: Path, staging: Path, ignore: tuple[str, ...] = ()) -> None:
    """`staging`: a copy of the folder `site` made of hard links to its files (a copy where links
    cannot be made), less the names matching `ignore`. The renderer then runs under
    publish/copy_on_write.py, so a file it writes becomes the copy's own and `site` stays as it
    was (it is still the site while the build runs, and stays it if the build fails)."""
    shutil.copytree(site, staging, ignore=shutil.ignore_patterns(*ignore), copy_function=_link)


def _link(src: str, dst: str) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst)


def record(project: Project, state: dict[str, Any]) -> None:
    """The state of the build that just succeeded."""
    write_record(project.root / STATE_FILE, state)


def forget(project: Project) -> None:
    """No state: the next build is whole (a failed or interrupted build)."""
    (project.root / STATE_FILE).unlink(missing_ok=True)
