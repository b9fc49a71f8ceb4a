"""MkDocs hook: under `briefing serve`, regenerate docs/ before each rebuild.

Only active when BRIEFING_SERVE_ROOT is set (by `briefing serve`); `briefing build` has
already written docs/ itself. The writer writes changed pages only, so a rebuild it triggers
settles at once instead of looping.
"""

from __future__ import annotations

import logging
import os

log = logging.getLogger("mkdocs.briefing")


def on_pre_build(config, **kwargs):  # noqa: ANN001, ANN003 - MkDocs hook signature
    root = os.environ.get("BRIEFING_SERVE_ROOT")
    if not root:
        return
    from briefing.build import generate_docs
    from briefing.config import load_project
    from briefing.errors import BriefingError
    try:
        generate_docs(load_project(root))
    except BriefingError as exc:  # keep serving the last good pages; say why
        log.error("briefing: %s", exc)
