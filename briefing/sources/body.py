"""Finding the article body among a scraped page's lines (pure).

Each line gets a class from its own features (length, CJK share, punctuation inside and at the
end, density of Chinese function words, chrome lexicon, related-article markers). The body is
then the run of lines with the largest score — prose counts for it, short lines, menu items and
chrome count against — so a heading or a code line between paragraphs stays in while a site menu,
a headline list or a WeChat footer falls out: jusText's smoothing by neighbours, as one sum.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Collection

from briefing.sources.lexicon import (BOILERPLATE_PHRASES, CHROME_PHRASES, CHROME_WORDS, COMMENT_MARKERS,
                                      CREDIT_KEYS, FUNCTION_CHARS, LANGUAGE_WORDS, RELATED_MARKERS, SURNAMES)

PROSE, SENTENCE, SHORT, CHROME, RELATED = "prose", "sentence", "short", "chrome", "related"
_TERMINAL = "。！？!?…”」』）)"
_INNER_PUNCT = "，、；：,;"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_INNER_PUNCT_CHAR = re.compile(f"[{re.escape(_INNER_PUNCT)}]")
_FUNCTION_CHAR = re.compile(f"[{re.escape(''.join(sorted(FUNCTION_CHARS)))}]")
_UI_PUNCT = frozenset("，。：；、！？…·•×—_|｜/／~～-:,.")
PHRASE_LINE_MAX = 40  # a lexicon phrase marks a line only when the line is this short
_WEIGHT = {SENTENCE: 2, SHORT: -8, CHROME: -50, RELATED: -300}
_ISOLATED_SHORT = -2
_ISOLATED_CHROME = -10



def squash(text: str) -> str:
    """The text without any whitespace (lengths and comparisons ignore spacing)."""
    return "".join(text.split())  # str.split's whitespace is regex \s: the same, 5× faster


def _any_of(phrases: Collection[str]) -> re.Pattern[str]:
    """One search for many literal phrases: the classifier runs on every line of every seed,
    and one alternation is far cheaper than a Python loop of `in` tests."""
    return re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True))))


_BOILERPLATE = _any_of(BOILERPLATE_PHRASES)
_CHROME_PHRASE = _any_of(CHROME_PHRASES)


_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|cn|tw|hk|net|org|ly)/\S*", re.I)
_CREDITS = re.compile(r"^(?:\s*(?:" + "|".join(sorted(CREDIT_KEYS, key=len, reverse=True))
                      + r")\s*[|｜:：/／丨]\s*[^\s|｜:：]{1,20}\s*)+$")
# "首页 > 时政 > 正文", "ETtoday新聞雲 > 地方": headlines almost never hold a ">"
_BREADCRUMB = re.compile(r"^[^>›»＞]{1,14}(?:\s*(?:>{1,2}|›|»|＞)\s*[^>›»＞]{1,14}){1,}$")
# "►台南新景點一次看", "▶ 更多報導": a pointer before a short line marks a link to another page
_POINTER_LINK = re.compile(r"^\s*[►▶➤➜→☞»]")
# "[on.cc 東網]", "【完】", "(END)": a sign-off closing the text, in brackets on its own line
_SIGN_OFF = re.compile(r"^[\[【(（]\s*(?:完|全文完|END|end|[\w.-]+\.(?:com|cc|hk|tw|cn|net|org)(?:\s+\S{1,8})?|"
                       r"\S{1,8}\s+[\w.-]+\.(?:com|cc|hk|tw|cn|net|org))\s*[\]】)）]$")


# "並不代表信報立場", "不代表本台观点": a disclaimer naming any outlet
# (with a word that points at the piece or the site: 本文, 作者, 以上, 本網 …)
_DISCLAIMER = re.compile(r"(?=.*(?:本文|作者|以上|本網|本网|本站|本台|文章|内容|內容))"
                         r".*(?:並不|并不|不)代表\S{0,8}?(?:立場|立场|觀點|观点|意見|意见)(?:[。）)]|$)")


def _disclaimer(s: str) -> bool:
    """`_DISCLAIMER` found in `s`; its look-ahead rescans the line from every position (~130 µs
    a line), so lines without the 代表 it needs are passed over first."""
    return "代表" in s and bool(_DISCLAIMER.search(s))


_SHORT_LINK = re.compile(r"\b(?:bit\.ly|goo\.gl|t\.co|tinyurl\.com|reurl\.cc|ppt\.cc|lihi\d?\.(?:cc|com)|"
                         r"is\.gd|ow\.ly|buff\.ly|shorturl\.at|t\.cn|url\.cn|dwz\.cn)/", re.I)


def strong_rule(line: str) -> str | None:
    """Boilerplate, promotions and credits that are never article text, whatever the line's shape."""
    return _strong_rule(line, squash(line))


def _strong_rule(line: str, s: str) -> str | None:
    """`strong_rule` of `line`, whose squashed form `s` the caller already has."""
    if len(s) <= 120 and (_BOILERPLATE.search(line) or _disclaimer(s)):
        return "boilerplate"
    if len(s) <= 100 and _SHORT_LINK.search(line):
        return "ad-link"  # a shortened link: book, course and app promotions
    if len(s) <= 60 and _CREDITS.match(line):
        return "credit-line"
    return None


def lexicon_rule(line: str) -> str | None:
    """The rule ('menu-item', 'chrome-phrase', 'link-line', 'breadcrumb', 'boilerplate',
    'credit-line', 'punctuation-only') when a line is site furniture by the lexicon or its shape."""
    s = squash(line)
    if not s:
        return None
    strong = _strong_rule(line, s)
    if strong:
        return strong
    if s in CHROME_WORDS or line.strip() in CHROME_WORDS or s.strip("-—·_ ") in CHROME_WORDS:
        return "menu-item"
    if len(s) <= PHRASE_LINE_MAX and (_CHROME_PHRASE.search(line) or _CHROME_PHRASE.search(s)):
        return "chrome-phrase"
    # every address holds a '.' or '://'; most lines hold neither and skip the scan
    urls = sum(map(len, _URL.findall(line))) if "." in line or "://" in line else 0
    if urls and urls >= 0.5 * len(s) and len(s) <= 200:
        return "link-line"
    if _BREADCRUMB.match(line.strip()):
        return "breadcrumb"
    if menu_line(line):
        return "menu-line"
    if len(s) <= 30 and _POINTER_LINK.match(line):
        return "link-pointer"
    if _SIGN_OFF.match(line.strip()):
        return "sign-off"
    if all(c in _UI_PUNCT for c in s):
        return "punctuation-only"  # "，" "：" "×": the residue of app widgets (not code like "});")
    return None


def menu_line(line: str) -> bool:
    """A site's navigation bar printed as one line: five or more short space-separated words
    ("首页 快讯 资本 汽车 科技 …"), three or more of which most are menu words, menu words
    joined by bars or slashes ("登录/注册"), or a language switcher."""
    if any(c in line for c in "，。！？；,!?;"):
        return False
    parts = [t for t in re.split(r"[\s/|｜丨·•]+", line) if t]
    if len(parts) >= 2 and all(t in CHROME_WORDS for t in parts):
        return True  # "登录/注册", "分享 | 收藏"
    if sum(any(w in t for w in LANGUAGE_WORDS) for t in parts) >= 2:
        return True  # a language switcher: "中文 (简体) 中文 (繁體)", "粵語 | 普通話"
    tokens = line.split()
    if len(tokens) < 3:
        return False
    if all(2 <= len(t) <= 3 and t[0] in SURNAMES for t in tokens):
        return False  # a line of personal names (a byline), not a menu
    menu_words = sum(t in CHROME_WORDS for t in tokens)
    if menu_words * 2 >= len(tokens):
        return True
    short = [t for t in tokens if len(t) <= 4 and all(_CJK.match(c) for c in t)]
    return len(tokens) >= 5 and len(short) >= 0.8 * len(tokens) and sum(map(len, tokens)) / len(tokens) <= 3.5


def related_marker(line: str) -> bool:
    """True for a heading that opens a list of other articles (相关阅读, 延伸閱讀, 大家都在看 …)
    or the readers' comments (网友评论, 精选留言 …)."""
    return _marker(line, _RELATED_HEADS) or comment_marker(line)


def comment_marker(line: str) -> bool:
    """True for a heading that opens the readers' comments."""
    return _marker(line, _COMMENT_HEADS) or bool(_COMMENT_COUNT.fullmatch(line.strip()))


_COMMENT_COUNT = re.compile(r"\d+\s*(条评论|條評論|則留言|则留言)")
MarkerHeads = tuple[tuple[str, int], ...]


def _heads(markers: tuple[str, ...]) -> MarkerHeads:
    """(marker without spaces, the longest line it may head) per marker, for `_marker`."""
    return tuple((m.replace(" ", ""), len(m) + 6) for m in markers)


_RELATED_HEADS, _COMMENT_HEADS = _heads(RELATED_MARKERS), _heads(COMMENT_MARKERS)
# a line longer than this heads no list (most lines: the marker test stops here)
_MARKER_LINE_MAX = max(limit for _, limit in _RELATED_HEADS + _COMMENT_HEADS)


def _marker(line: str, heads: MarkerHeads) -> bool:
    s = squash(line).rstrip(":：>›»】]」").lstrip("【[「")
    return len(s) <= _MARKER_LINE_MAX and any(s.startswith(m) and len(s) <= limit for m, limit in heads)


def is_prose(line: str) -> bool:
    """A line that reads as running text: long enough, punctuated, with function words."""
    s = squash(line)
    n = len(s)
    cjk = sum(map(len, _CJK_RUN.findall(s)))  # runs, not characters: one match object per run
    end = s.rstrip("」』”\"’）)]") or s  # 「……。」 ends like a sentence too
    if cjk < 0.3 * n:  # English, code or a Latin-heavy tech line: prose when long, spaced, ended
        return n >= 40 and line.count(" ") >= 5 and end[-1] in '.!?。！？'
    if n < 20:
        return False
    # a full stop at the end, or commas enough for a sentence: a headline may hold one comma and
    # end in ？ or ！, rarely in 。
    inner = len(_INNER_PUNCT_CHAR.findall(s, 0, n - 1))
    sentence_like = end[-1] in "。.：:；;" or inner >= 2 or (inner == 1 and n >= 40)
    return sentence_like and (n >= 60 or len(_FUNCTION_CHAR.findall(s)) >= max(1, cjk // 50))


def line_class(line: str) -> str:
    """prose, sentence (short but ends like one), short, chrome or related (a list marker)."""
    if related_marker(line):
        return RELATED
    if lexicon_rule(line):
        return CHROME
    if is_prose(line):
        return PROSE
    s = squash(line)
    # a short line ending like a statement; a short question is more often a headline
    return SENTENCE if s and (s[-1] == "。" or s[-2:] in ("。」", "。”", "。』")) and _CJK.search(s) else SHORT


@dataclass
class Body:
    """Where the body runs (first and last line number; 0, 0 when no prose was found), each
    line's class, and the lines that belong to a related-articles list."""

    start: int
    end: int
    classes: dict[int, str] = field(default_factory=dict)
    related: set[int] = field(default_factory=set)

    def inside(self, no: int) -> bool:
        return self.start == 0 or self.start <= no <= self.end


def find_body(lines: list[tuple[int, str]], chrome: Collection[int] = (),
              structural: Collection[int] = ()) -> Body:
    """The body span of a page's (line number, text) pairs. `chrome`: lines other rules know as
    chrome (they count against the body); `structural`: numbered headings, list items, captions
    with a credit, standfirsts (they belong to the text around them and count for nothing)."""
    filled = [(no, text) for no, text in lines if text.strip()]
    classes = {no: (CHROME if no in chrome and line_class(text) != RELATED else line_class(text))
               for no, text in filled}
    related = _related_lines(filled, classes)
    if not any(cls == PROSE for cls in classes.values()):
        return Body(0, 0, classes, related)  # no running text at all: position tells nothing
    best, best_span, run, run_start, shorts = 0, (0, 0), -1, 0, 0
    for no, text in filled:
        cls = classes[no]
        weight = min(len(squash(text)), 300) if cls == PROSE else _WEIGHT[cls]
        shorts = shorts + 1 if cls in (SHORT, CHROME) and no not in structural else 0
        if shorts in (1, 2):  # a heading or an inline ad between paragraphs; a run of them is a menu
            weight = _ISOLATED_SHORT if cls == SHORT else _ISOLATED_CHROME
        if cls in (SHORT, SENTENCE) and no in structural:
            weight = 1
        if no in related and cls != RELATED:
            weight = min(weight, _WEIGHT[SHORT])
        if run < 0:
            run, run_start = weight, no
        else:
            run += weight
        if run > best or (run == best and run > 0 and run_start == best_span[0]):
            best, best_span = run, (run_start, no)  # (ties extend over trailing captions)
    return Body(best_span[0], best_span[1], classes, related)


def _related_lines(filled: list[tuple[int, str]], classes: dict[int, str]) -> set[int]:
    """Lines after a related-articles marker, up to the next real paragraph (a long one, or two
    full sentences in a row)."""
    out: set[int] = set()
    open_list = comments = False
    for i, (no, text) in enumerate(filled):
        if classes[no] == RELATED:
            open_list = True
            comments = comments or comment_marker(text)  # comments run to the end of the page
            out.add(no)
        elif open_list and not comments and classes[no] == PROSE and (
                len(squash(text)) >= 60 or _running_text(filled, classes, i)):
            open_list = False
        elif open_list:
            out.add(no)
    return out


def _running_text(filled: list[tuple[int, str]], classes: dict[int, str], i: int) -> bool:
    """True when line i and the next are both full sentences: running text, not a headline
    list with a one-line teaser under each headline."""
    pair = filled[i:i + 2]
    return len(pair) == 2 and all(classes[n] == PROSE and squash(t)[-1:] in "。！？」”" for n, t in pair)
