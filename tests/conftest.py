"""Shared test set-up: an isolated argostranslate home, the generated zh→en model, the fake engine
in place of Argos, the sample site built once and served, Chromium, the sample's PDF.
Helpers that are not fixtures are in tests/support.py."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Callable, TypeVar, cast

import pytest

T = TypeVar("T")

# skip_policy: a skip fails the run unless CI lacks what it needs; pytester: tests of that policy;
# scheduling: how `make test` spreads the files over its xdist workers
pytest_plugins = ["skip_policy", "pytester", "scheduling"]

# argostranslate.settings reads these once, at import, and creates the folders: point them at a
# throw-away place before anything imports it, so tests never touch ~/.local/share.
_ARGOS_HOME = Path(tempfile.mkdtemp(prefix="briefing-argos-"))
atexit.register(shutil.rmtree, _ARGOS_HOME, ignore_errors=True)  # each run left one in /tmp
for _var, _sub in (("ARGOS_PACKAGES_DIR", "packages"), ("XDG_DATA_HOME", "data"),
                   ("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config")):
    os.environ[_var] = str(_ARGOS_HOME / _sub)


@pytest.fixture(scope="session")
def argos_model(tmp_path_factory: pytest.TempPathFactory):
    """The stand-in model (briefing/testing/standin_model.py), built once and installed via
    install_from_path."""
    from briefing.testing.standin_model import build_argosmodel
    from briefing.translation.models import install_from_file

    return install_from_file(build_argosmodel(tmp_path_factory.mktemp("argosmodel")))


@pytest.fixture(scope="session")
def standin_variant(tmp_path_factory: pytest.TempPathFactory):
    """`variant -> ModelInfo` of a stand-in that mangles/drops/duplicates/invents placeholders
    (not installed: used through ArgosEngine(info) directly), each built once."""
    from briefing.testing.standin_model import build_package
    from briefing.translation.models import ModelInfo

    built: dict[str, ModelInfo] = {}

    def get(variant: str) -> ModelInfo:
        if variant not in built:
            root = build_package(tmp_path_factory.mktemp(f"standin-{variant}"), variant=variant)
            built[variant] = ModelInfo(name=root.name, version="0.1", path=root)
        return built[variant]

    return get


@pytest.fixture
def fake_engine(monkeypatch):
    """`briefing translate` runs the deterministic FakeEngine (tests/support.py) in place of Argos."""
    import briefing.translation.engines.ct2 as ct2
    from support import FakeEngine

    monkeypatch.setattr(ct2, "ArgosEngine", lambda *a, **k: FakeEngine())


# ---------------------------------------------------------------- the built sample, in Chromium

def made_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> T:
    """`make(folder)` run once for the whole run, in a new folder: under pytest-xdist (`make test`
    runs `pytest -n 2`) the first worker to ask makes it in the run's temporary folder, which
    every worker shares, while the others wait on a file lock, then read what it returned
    (pickled). Whatever `make` returns must pickle; what it writes under `folder` is read only."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        folder = tmp_path_factory.mktemp(name)
        _made[name] = (folder, None)
        return make(folder)
    import pickle

    from filelock import FileLock

    run = tmp_path_factory.getbasetemp().parent  # this run's folder, the workers' basetemps in it
    folder, made = run / name, run / f"{name}.pickle"
    with FileLock(str(run / f"{name}.lock")):
        if not made.exists():
            shutil.rmtree(folder, ignore_errors=True)  # a worker whose `make` failed left it
            folder.mkdir()
            made.write_bytes(pickle.dumps(make(folder)))
        _made[name] = (folder, run / f"{name}.lock")
        return cast(T, pickle.loads(made.read_bytes()))


# made_once's folders in this process: name -> (folder, its lock under xdist)
_made: dict[str, tuple[Path, Path | None]] = {}

# Session fixtures whose folder is deleted as soon as the last test using them is done (fixture
# name -> its made_once name), so that the run's end does not wait for it: pytest deletes the run
# folder three runs later, serially at the end of that run (the 1,000-article site: ~20,000 files,
# ~240 MB, 7 s of rm -rf on a busy machine). Under xdist the files using one run on one worker,
# one after the other (scheduling.py's SAME_WORKER), so this happens mid-run, beside the other
# worker's tests.
DROP_WHEN_DONE = {"synthetic_1000": "synthetic-1000"}


@pytest.hookimpl(hookwrapper=True, trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    yield  # the item's fixtures are finalized (a module's server stopped) before this goes on
    if item.config.getoption("dist", "no") not in ("no", "loadfile"):
        return  # files spread over workers test by test: another may still be reading it
    for fixture, name in DROP_WHEN_DONE.items():
        if name not in _made or fixture not in item.fixturenames:
            continue
        if nextitem is not None and fixture in nextitem.fixturenames:
            continue
        items = item.session.items
        if any(fixture in later.fixturenames for later in items[items.index(item) + 1:]):
            continue  # another file uses it later in this process (one process: collection order)
        folder, lock = _made.pop(name)
        if lock is None:
            shutil.rmtree(folder, ignore_errors=True)
            continue
        from filelock import FileLock

        with FileLock(str(lock)):  # a worker that still asked (another --dist) would make it anew
            (lock.parent / f"{name}.pickle").unlink(missing_ok=True)
            shutil.rmtree(folder, ignore_errors=True)


def _build_sample(folder: Path) -> tuple[Path, Any]:
    from briefing.config import load_project
    from briefing.publish.build import build_site
    from support import SAMPLE, make_project

    project = load_project(make_project(folder, sample=SAMPLE))
    return project.root, build_site(project, strict=False)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory):
    """(project, build summary) of a copy of the sample project, built once for the whole run
    (by one worker of the run: `made_once`). Read it only: a test that changes a project makes its own."""
    from briefing.config import load_project

    root, summary = made_once(tmp_path_factory, "sample", _build_sample)
    return load_project(root), summary


def _build_synthetic_1000(folder: Path) -> Path:
    from briefing.config import load_project
    from briefing.publish.build import build_site
    from briefing.testing.synthetic import make_project as make_synthetic_project

    # shorter articles than the benchmark's (3–6 paragraphs): a quicker build, the same 1,000 pages
    project = load_project(make_synthetic_project(1000, folder / "p", paragraphs=(3, 6)))
    build_site(project)
    return project.root


@pytest.fixture(scope="session")
def synthetic_1000(tmp_path_factory: pytest.TempPathFactory):
    """A project of 1,000 synthetic articles (briefing.testing.synthetic, English in the memory),
    built once for the run (`made_once`; the files using it run on one worker: scheduling.py's
    SAME_WORKER): search and the home page at scale. Read it only."""
    from briefing.config import load_project

    return load_project(made_once(tmp_path_factory, "synthetic-1000", _build_synthetic_1000))


# Module scope for the server and Chromium: a thread left running would keep every later build
# in the run from forking its workers (publish/workers.py never forks a threaded process).
@pytest.fixture(scope="module")
def site_url(sample_site):
    """The built sample served under a sub-path, as on GitHub Pages."""
    from briefing.testing.browser import serve_site

    with serve_site(sample_site[0].site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium."""
    from playwright.sync_api import sync_playwright

    from briefing.testing.browser import launch_chromium

    with sync_playwright() as pw:
        b = launch_chromium(pw)
        yield b
        b.close()


# ---------------------------------------------------------------- the sample's PDF

@pytest.fixture(scope="session")
def built_pdf(tmp_path_factory: pytest.TempPathFactory):
    """`briefing pdf` of the sample project, laid out anew: (the PDF's path, what the command
    printed). It runs on a copy of the sample's inputs, since in the repository a `make pdf`
    leaves a current PDF in build/pdf/, which the command would copy instead of laying out."""
    from click.testing import CliRunner

    from briefing.cli import main
    from support import SAMPLE, make_project, require_pdf_tools

    require_pdf_tools()
    project = make_project(tmp_path_factory.mktemp("pdf-project"), sample=SAMPLE)
    out = tmp_path_factory.mktemp("pdf") / "briefing.pdf"
    result = CliRunner().invoke(main, ["pdf", "-p", str(project), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.output


# ---------------------------------------------------------------- briefing review

@pytest.fixture(scope="session")
def review_pristine(tmp_path_factory: pytest.TempPathFactory):
    """The sample with one article as machine drafts (support.review_project), made once: read only."""
    from support import review_project

    return review_project(tmp_path_factory.mktemp("review-pristine"))


@pytest.fixture
def review_copy(review_pristine, tmp_path):
    """A fresh copy of `review_pristine` for one test, loaded as a Project."""
    import shutil

    from briefing.config import load_project

    shutil.copytree(review_pristine, tmp_path / "review")
    return load_project(tmp_path / "review")
