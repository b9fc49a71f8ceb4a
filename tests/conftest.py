"""Shared test set-up: an isolated argostranslate home, and the generated zh→en model."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# argostranslate.settings reads these once, at import, and creates the folders: point them at a
# throw-away place before anything imports it, so tests never touch ~/.local/share.
_ARGOS_HOME = Path(tempfile.mkdtemp(prefix="briefing-argos-"))
atexit.register(shutil.rmtree, _ARGOS_HOME, ignore_errors=True)  # each run left one in /tmp
for _var, _sub in (("ARGOS_PACKAGES_DIR", "packages"), ("XDG_DATA_HOME", "data"),
                   ("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config")):
    os.environ[_var] = str(_ARGOS_HOME / _sub)


@pytest.fixture(scope="session")
def argos_model(tmp_path_factory: pytest.TempPathFactory):
    """The stand-in model (tests/mt_model.py), built once and installed via install_from_path."""
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


@pytest.fixture(scope="session")
def standin_variant(tmp_path_factory: pytest.TempPathFactory):
    """`variant -> ModelInfo` of a stand-in that mangles/drops/duplicates/invents placeholders
    (not installed: used through ArgosEngine(info) directly), each built once."""
    from briefing.translation.models import ModelInfo

    from mt_model import build_package

    built: dict[str, ModelInfo] = {}

    def get(variant: str) -> ModelInfo:
        if variant not in built:
            root = build_package(tmp_path_factory.mktemp(f"standin-{variant}"), variant=variant)
            built[variant] = ModelInfo(name=root.name, version="0.1", path=root)
        return built[variant]

    return get
