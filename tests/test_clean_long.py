"""Cleaning a long seed does work in proportion to its length: generated seeds of N and 4N lines
(one hard-wrapped paragraph, paragraphs with bylines and menus between them, a page of short lines,
a huge menu above the article, many articles one after another, a menu printed again and again,
thousands of comments) are cleaned while the work is counted — the characters every regular
expression of the cleaner is handed, and the lines of Python each of its functions runs. Four
times the lines may cost at most a little over four times the work, in total and in every
function. (A paragraph searched again at every wrapped line made a 40,000-line seed take a minute;
a headline candidate's repeats were looked up across the whole page for every repeated line.)
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

import pytest

from briefing.sources import body, clean, metadata
from briefing.sources.clean import clean_text

LINEAR_SLACK = 1.15  # 4N lines may read at most 4 × 1.15 times what N lines read
STEP_SLACK = 1.3  # and each function may run at most 4 × 1.3 times the lines it ran on N
STEP_MIN = 1_000  # lines run on 4N below which a function's count is too small to judge
SMALL = 1_500  # lines of the seeds whose characters are counted
TRACED = 250  # lines of the seeds whose Python lines are counted (tracing is slow)
SOURCES = str(Path(clean.__file__).parent)

_WRAPPED = "市商务局近日发布夜间经济扶持办法对在指定街区经营到晚上十一点以后的商户按月给予水电费用补贴办法还提出夜市周边将增加公交夜班线路"


def _wrapped(n: int) -> str:
    """One paragraph hard-wrapped at 32 characters, under a headline."""
    text = _WRAPPED * 3
    return "\n".join(["夜间经济扶持办法出台", ""] + [text[i % 40: i % 40 + 32] for i in range(n)])


def _paragraphs(n: int) -> str:
    """Paragraphs with a menu line, a byline and a dateline between them, blank lines around each."""
    cycle = ["第{}段，市商务局近日发布夜间经济扶持办法，对在指定街区经营的商户按月给予补贴。", "首页", "记者 张三",
             "2024-06-03 09:15", "相关阅读", "夜市周边将增加公交夜班线路{}条"]
    return "\n\n".join(["夜间经济扶持办法出台"] + [cycle[i % len(cycle)].format(i) for i in range(n)])


def _short_lines(n: int) -> str:
    """A page of short lines (a huge menu or link list) with no paragraph at all."""
    return "\n".join(["夜间经济扶持办法出台"] + [f"栏目{i}" for i in range(n)])


_P = ["市商务局近日发布夜间经济扶持办法，对在指定街区经营到晚上十一点以后的商户，按月给予水电费用补贴。",
      "办法还提出，夜市周边将增加公交夜班线路和临时停车位，并由街道统一安排保洁和治安巡逻，减少对居民的影响。"]


def _menu_above(n: int) -> str:
    """A huge menu of headline-like links above the article."""
    return "\n\n".join([f"栏目{i} 新闻标题第{i}条" for i in range(n)] + ["夜间经济扶持办法出台", "2024-06-03 09:15"] + _P)


def _many_articles(n: int) -> str:
    """Articles one after another, each with its headline and dateline (a list page saved whole)."""
    return "\n\n".join(line for i in range(n // 4) for line in [f"夜间经济扶持办法出台{i}", f"2024-06-03 09:{i % 60:02d}", *_P])


def _repeated_menu(n: int) -> str:
    """The same three menu items printed again and again, then the article."""
    return "\n".join(["首页", "新闻", "财经"] * (n // 3) + ["夜间经济扶持办法出台", "2024-06-03"] + _P)


def _comments(n: int) -> str:
    """An article followed by thousands of readers' comments."""
    return "\n\n".join(["夜间经济扶持办法出台", "2024-06-03", *_P, "网友评论"]
                       + [f"网友{i}：这个政策很好，希望能坚持下去。" for i in range(n)])


class _Counting:
    """A compiled pattern that adds the length of every string it is handed to a shared count."""

    def __init__(self, pattern: re.Pattern[str], count: list[int]) -> None:
        self._pattern, self._count = pattern, count

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._pattern, name)
        if not callable(attr):
            return attr

        def counted(*args: Any, **kwargs: Any) -> Any:
            self._count[0] += sum(len(a) for a in args if isinstance(a, str))
            return attr(*args, **kwargs)
        return counted


def _characters_read(monkeypatch: pytest.MonkeyPatch, text: str) -> int:
    count = [0]
    modules: tuple[ModuleType, ...] = (body, clean, metadata)
    with monkeypatch.context() as patch:
        for module in modules:
            for name, value in vars(module).items():
                if isinstance(value, re.Pattern):
                    patch.setattr(module, name, _Counting(value, count))
        clean_text(text)
    return count[0]


@pytest.mark.parametrize("make", [_wrapped, _paragraphs, _short_lines, _menu_above],
                         ids=["wrapped", "paragraphs", "short-lines", "menu-above"])
def test_cleaning_reads_a_long_seed_in_proportion_to_its_length(monkeypatch: pytest.MonkeyPatch,
                                                                make: Callable[[int], str]) -> None:
    small = _characters_read(monkeypatch, make(SMALL))
    large = _characters_read(monkeypatch, make(4 * SMALL))
    assert small > 0  # the count sees the cleaner's patterns at work
    assert large <= 4 * LINEAR_SLACK * small, f"{SMALL} lines read {small:,} characters, {4 * SMALL} read {large:,}"


def test_a_long_wrapped_paragraph_is_joined_whole():
    text = _wrapped(4 * SMALL)
    cleaned = clean_text(text)
    expected = "".join(text.split("\n")[2:])
    assert max(len(b.text) for b in cleaned.blocks) == len(expected)


def _lines_run(text: str) -> Counter[tuple[str, int]]:
    """Lines of Python each function of the cleaning modules runs while cleaning `text`."""
    counts: Counter[tuple[str, int]] = Counter()

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            counts[(frame.f_code.co_filename, frame.f_code.co_firstlineno)] += 1
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename.startswith(SOURCES) else None

    sys.settrace(calls)
    try:
        clean_text(text)
    finally:
        sys.settrace(None)
    return counts


@pytest.mark.parametrize("make", [_wrapped, _paragraphs, _menu_above, _many_articles, _repeated_menu, _comments],
                         ids=["wrapped", "paragraphs", "menu-above", "many-articles", "repeated-menu", "comments"])
def test_no_step_of_cleaning_grows_faster_than_the_seed(make: Callable[[int], str]) -> None:
    small, large = _lines_run(make(TRACED)), _lines_run(make(4 * TRACED))
    assert sum(large.values()) <= 4 * LINEAR_SLACK * sum(small.values())
    steep = {f"{Path(path).name}:{line}": (small[(path, line)], n) for (path, line), n in large.items()
             if n >= STEP_MIN and n > 4 * STEP_SLACK * small[(path, line)]}
    assert not steep, f"functions (file:first line) whose work grows faster than the seed ({TRACED} → {4 * TRACED} lines): {steep}"
