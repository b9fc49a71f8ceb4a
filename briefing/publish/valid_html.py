"""Material's own markup made valid HTML (the Nu checker's errors), after the renderer has run.

Two spots in Material 9 that no template block reaches (base.html's body, nav-item.html's macro):
- `autocomplete="off"` on its checkbox toggles (drawer, search): not allowed on checkboxes. It is
  there so Firefox does not restore a toggle's state on reload. The same effect, valid: the toggles
  get a form owner (`form=` pointing at one empty form with autocomplete="off"); Firefox honours
  the form's setting. No element moves, so Material's `.md-toggle:checked ~ …` CSS still applies.
- `tabindex=""` on section labels in the navigation: an empty tabindex is invalid and browsers
  ignore it, so dropping it changes nothing but validity.
Each fix is an exact replacement, applied to every HTML file of the built site whatever renderer
made it (this was an MkDocs hook; the build now runs no code inside the renderer). If the
theme's markup changes, `make audit` reports the errors again.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from briefing.io import write_text_atomic

NO_STATE_FORM = '<form id="__bf-nostate" autocomplete="off" hidden></form>'
_TOGGLE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off">')
_EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*"[^>]*?) tabindex=""')
_BODY = re.compile(r"(<body[^>]*>)")


def fix_material_html(html: str) -> str:
    """The page with Material's invalid toggle and nav-label attributes made valid (same behaviour)."""
    html, toggles = _TOGGLE.subn(r'\1 form="__bf-nostate">', html)
    if toggles:
        html = _BODY.sub(r"\1" + NO_STATE_FORM, html, count=1)
    return _EMPTY_TABINDEX.sub(r"\1", html) if 'tabindex=""' in html else html


def fix_site_html(site: Path, since: float = 0.0) -> int:
    """Fix every HTML file under `site` in place (written only when changed), or only those
    written at `since` (a time.time()) or later; how many changed."""
    changed = 0
    for folder, dirs, files in os.walk(site):
        dirs[:] = [d for d in dirs if d not in ("pagefind", "search", "gloss", "assets")]
        for name in files:
            if not name.endswith(".html"):
                continue
            path = Path(folder) / name
            if since and path.stat().st_mtime < since:
                continue  # not written by this build (a dirty one): fixed when it was
            text = path.read_text(encoding="utf-8")
            fixed = fix_material_html(text)
            if fixed != text:  # a new file, never written in place: it may be a hard link
                write_text_atomic(path, fixed, durable=False)  # to the last site's (incremental.py)
                changed += 1
    return changed
