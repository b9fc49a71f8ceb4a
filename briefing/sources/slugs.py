"""Slugs a reader can use (pure): from the headline in pinyin, or from an English title the
editor gives; short, lower case, never the numbers of a page's address."""

from __future__ import annotations

import re
import unicodedata

SLUG_WORDS = 5  # at most this many words (a Chinese word's syllables written together)
SLUG_CHARS = 48  # and at most this many characters
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# what a headline holds that is no part of its words: a column label, quotes, brackets
_LABEL = re.compile(r"^\s*[【\[〔][^】\]〕]{1,12}[】\]〕]\s*")


def slug_from_title(title: str) -> str:
    """'最强“中国芯”本月商用' → 'zuiqiang-zhongguo-xin-benyue-shangyong'; 'Huawei's 5G chip' → 'huaweis-5g-chip'.
    Empty when the title has no letters, digits or Chinese characters."""
    title = _LABEL.sub("", title) or title
    words: list[str] = []
    for run in re.findall(r"[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9'’]+", unicodedata.normalize("NFKC", title)):
        if _CJK.match(run):  # a word's syllables together, words apart: zhongguo-xinpian
            import rjieba
            from pypinyin import Style, lazy_pinyin

            from briefing.sources.script import Conversion  # characters only: the headline's own words
            words += ["".join(lazy_pinyin(w, style=Style.NORMAL, errors="ignore"))
                      for w in rjieba.cut(Conversion().to_hans(run))]
        else:
            words.append(run.replace("'", "").replace("’", "").lower())
    words = [w for w in (re.sub(r"[^a-z0-9]", "", w.lower()) for w in words) if w]
    slug = ""
    for word in words[:SLUG_WORDS]:
        if len(slug) + len(word) + 1 > SLUG_CHARS and slug:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def unique_slug(slug: str, taken: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3` … the first that is not taken."""
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
