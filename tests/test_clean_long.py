"""Cleaning a long seed does work in proportion to its length: generated seeds of N and 4N lines
(one hard-wrapped paragraph, paragraphs with menus and bylines between them, a page of short lines)
are cleaned while every regular expression of the cleaner counts the characters it is handed; four
times the lines may cost at most a little over four times the characters read. (A paragraph whose
end was searched again at every wrapped line made a 40,000-line seed take a minute.)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from briefing.sources import body, clean, metadata
from briefing.sources.clean import clean_text

LINEAR_SLACK = 1.15  # 4N lines may read at most 4 × 1.15 times what N lines read
SMALL = 2_500

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


@pytest.mark.parametrize("make", [_wrapped, _paragraphs, _short_lines], ids=["wrapped", "paragraphs", "short-lines"])
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
