"""How `make test` spreads the suite over its workers (`pytest -n 2 --dist loadfile`, pytest-xdist).

Each test file runs whole on one worker, so that its module fixtures (a built site, a served
site, Chromium) are made once; files that share an expensive session fixture form one unit
(`SAME_WORKER`), so that it is built once, on one worker; and the slowest units are handed
out first (`SLOWEST_FIRST`), so that no worker is left with a long file while the other idles.
The order only changes how long the run takes, never what runs or what it finds. (xdist's own
`--dist loadgroup` marks would say the first, but xdist 3.8 cannot group under pytest 9.2.)
Loaded by tests/conftest.py (`pytest_plugins`); without xdist, or with another `--dist`, it does
nothing.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import pytest

# file name -> the unit it runs in, with the other files of that unit
SAME_WORKER = {
    # the 1,000-article site of conftest's `synthetic_1000`
    "test_search.py": "synthetic-1000",
    "test_home_browser.py": "synthetic-1000",
}

# units measured as the slowest (pytest --durations, 2 cores), slowest first; the rest follow in
# xdist's order (most tests first)
SLOWEST_FIRST = (
    "synthetic-1000", "test_gate_pages.py", "test_mt_standin.py", "test_engines_common.py",
    "test_pdf.py", "test_browser.py", "test_ui_language.py", "test_gate_texts.py",
    "test_search_regional.py", "test_review_browser.py", "test_browser_gloss.py", "test_stopping.py",
    "test_review.py", "test_pdf_store.py", "test_incremental.py",
)


def unit_of(nodeid: str) -> str:
    """The unit a test runs in: its file's name, or the unit that file shares (`SAME_WORKER`)."""
    path = nodeid.split("::", 1)[0]
    name = path.rsplit("/", 1)[-1]
    return SAME_WORKER.get(name, path)


def _rank(unit: str) -> int:
    name = unit.rsplit("/", 1)[-1]
    return SLOWEST_FIRST.index(name) if name in SLOWEST_FIRST else len(SLOWEST_FIRST)


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class FilesSlowestFirst(LoadFileScheduling):
        _ordered = False

        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid)

        def _assign_work_unit(self, node: Any) -> None:
            if not self._ordered:  # the queue is filled once every worker has collected
                self.workqueue = OrderedDict(sorted(self.workqueue.items(), key=lambda unit: _rank(unit[0])))
                self._ordered = True
            super()._assign_work_unit(node)

    return FilesSlowestFirst(config, log)
