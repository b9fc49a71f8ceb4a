"""MkDocs hook: make the markup Material's own templates print valid HTML (the Nu checker's errors).

Two spots in Material 9 that no template block reaches (base.html's body, nav-item.html's macro):
- `autocomplete="off"` on its checkbox toggles (drawer, search): not allowed on checkboxes. It is
  there so Firefox does not restore a toggle's state on reload. The same effect, valid: the toggles
  get a form owner (`form=` pointing at one empty form with autocomplete="off"); Firefox honours
  the form's setting. No element moves, so Material's `.md-toggle:checked ~ …` CSS still applies.
- `tabindex=""` on section labels in the navigation: an empty tabindex is invalid and browsers
  ignore it, so dropping it changes nothing but validity.
Each fix is an exact replacement; if Material's markup changes, `make audit` reports the errors again.
"""

from __future__ import annotations

import re

NO_STATE_FORM = '<form id="__bf-nostate" autocomplete="off" hidden></form>'
_TOGGLE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off">')
_EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*"[^>]*?) tabindex=""')


def fix_material_html(html: str) -> str:
    """The page with Material's invalid toggle and nav-label attributes made valid (same behaviour)."""
    html, toggles = _TOGGLE.subn(r'\1 form="__bf-nostate">', html)
    if toggles:
        html = re.sub(r"(<body[^>]*>)", r"\1" + NO_STATE_FORM, html, count=1)
    return _EMPTY_TABINDEX.sub(r"\1", html)


def on_post_page(output: str, **kwargs: object) -> str:  # MkDocs hook signature
    """Every page, fixed."""
    return fix_material_html(output)


def on_post_template(output_content: str, template_name: str, **kwargs: object) -> str:
    """404.html is a static template, not a page: fix it too."""
    return fix_material_html(output_content) if template_name.endswith(".html") else output_content
