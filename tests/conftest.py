"""Shared test set-up: an isolated argostranslate home, and the generated zh→en model."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# argostranslate.settings reads these once, at import, and creates the folders: point them at a
# throw-away place before anything imports it, so tests never touch ~/.local/share.
_ARGOS_HOME = Path(tempfile.mkdtemp(prefix="briefing-argos-"))
for _var, _sub in (("ARGOS_PACKAGES_DIR", "packages"), ("XDG_DATA_HOME", "data"),
                   ("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config")):
    os.environ[_var] = str(_ARGOS_HOME / _sub)


@pytest.fixture(scope="session")
def argos_model(tmp_path_factory: pytest.TempPathFactory):
    """A tiny real Argos package (random weights), built once and installed via install_from_path."""
    from briefing.translation.models import install_from_file

    from mt_model import build_argosmodel  # tests/ is on sys.path (rootdir conftest)

    return install_from_file(build_argosmodel(tmp_path_factory.mktemp("argosmodel")))


@pytest.fixture(autouse=True)
def _restore_script_conversion():
    """Loading a project installs its script conversion for the process; undo it after each test."""
    from briefing.sources.script import active_conversion, use_conversion

    before = active_conversion()
    yield
    use_conversion(before)
