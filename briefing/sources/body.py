"""Finding the article body among a scraped page's lines (pure).

Each line gets a class from its own features (length, CJK share, punctuation inside and at the
end, density of Chinese function words, chrome lexicon, related-article markers). The body is
then the run of lines with the largest score — prose counts for it, short lines, menu items and
chrome count against — so a heading or a code line between paragraphs stays in while a site menu,
a headline list or a WeChat footer falls out: jusText's smoothing by neighbours, as one sum.

Position then bounds it:
- a page header (a dateline or byline line, found by the caller) weighs `BOUNDARY_WEIGHT`: a site
  notice or a teaser printed above the headline and its dateline cannot pull the body's start up
  past them, nor can a second article's header join the next article to this one;
- a "next article" marker (阅读下一篇, 继续滑动看下一个), like the readers' comments, closes the page
  once running text has come before it: what follows is another page;
- pleas to the reader at the end (subscribe, follow, like, share) are trimmed off the body's tail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Collection

from briefing.sources.lexicon import (BOILERPLATE_PHRASES, CHROME_PHRASES, CHROME_WORDS, COMMENT_MARKERS,
                                      CREDIT_KEYS, FUNCTION_CHARS, LANGUAGE_WORDS, NEXT_MARKERS, PLEA_ACTIONS,
                                      PLEA_ADDRESS, PLEA_FOLLOW, PLEA_OWN, RELATED_MARKERS, SURNAMES)

PROSE, SENTENCE, SHORT, CHROME, RELATED, CODE = "prose", "sentence", "short", "chrome", "related", "code"
_TERMINAL = "。！？!?…”」』）)"
_INNER_PUNCT = "，、；：,;"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_INNER_PUNCT_CHAR = re.compile(f"[{re.escape(_INNER_PUNCT)}]")
_FUNCTION_CHAR = re.compile(f"[{re.escape(''.join(sorted(FUNCTION_CHARS)))}]")
_UI_PUNCT = frozenset("，。：；、！？…·•×—_|｜/／~～-:,.")
PHRASE_LINE_MAX = 40  # a lexicon phrase marks a line only when the line is this short
_WEIGHT = {SENTENCE: 2, SHORT: -8, CHROME: -50, RELATED: -300, CODE: 0}
_ISOLATED_SHORT = -2
_ISOLATED_CHROME = -10
# A dateline or byline between two stretches of prose: the body may span it only when the prose on
# both sides outweighs this (a lead of a few lines above a dateline is a notice or a teaser; 300
# characters of running text above one is the article).
BOUNDARY_WEIGHT = -300
TIMELINE_MIN = 3  # datelines heading this many paragraphs are a timeline's headings, not a page header
BOUNDARY_PROSE_MAX = 60  # a dateline or byline this short bounds the body even when it reads as prose
HEADER_REACH = 6  # lines below a page's first dateline or byline where its text begins
CLOSING_WEIGHT = 20  # for an editor's credit or a source note after the text: the text reaches it
PRECEDING_PROSE_FOR_MARKER = 2  # prose lines a next-article or comments marker needs above it to close the page
PLEA_LINE_MAX = 120  # a plea to the reader is one short paragraph
CODE_CJK_SHARE = 0.3  # a line of code holds at most this share of Chinese characters (in strings, comments)
BROKEN_LINE_MIN = 10  # characters of a paragraph's first line broken off at a comma (see _wrapped_start)
WRAP_MIN = 30  # characters: a shorter line that stops mid-sentence is a heading or a link, not a wrap
WRAP_LINES, WRAP_SLACK = 2, 2  # a page is hard-wrapped when 2 paragraphs wrap at one width (± 2)



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


# "© 2024 某某日報", "Copyright 2003-2024": a copyright line, whatever else it names
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|copyright\b|(?<!\d)(?:19|20)\d\d\s*[-–—~]\s*(?:19|20)\d\d(?!\d).{0,40}"
                        r"(?:版权|版權|公司|有限|Ltd|Inc|Corp|Group|集团|集團)", re.I)
# "返回某某网首页>>", "点击进入专题 »": a link, marked by the arrow a site puts after it
_LINK_ARROW = re.compile(r"(?:>>|»|＞＞|›››|→)\s*$")
# "上一篇：标题 下一篇：标题": links to the articles before and after this one
_PREV_NEXT_KEY = r"(?:上一篇|下一篇|上一則|下一則|上一条|下一条|上一條|下一條|上篇|下篇|前一篇|後一篇|后一篇|Previous|Next)"
_PREV_NEXT = re.compile(r"^(?:" + _PREV_NEXT_KEY + r"\s*[:：>›»]|[【\[]\s*" + _PREV_NEXT_KEY + r"\s*[】\]])")
# "【上一篇】", "下一則：" alone on a line: the link's headline is printed on the next line
_PREV_NEXT_LABEL = re.compile(r"^[【\[]?\s*" + _PREV_NEXT_KEY + r"\s*[】\]]?\s*[:：>›»]?$")
# "图片均来自网络", "图片来源：某某", "題圖來自某某": where a piece's pictures come from
_IMAGE_SOURCE = re.compile(r"^[（(]?(?:图片|圖片|图|圖|配图|配圖|题图|題圖|首图|首圖|封面)(?:均|皆|全部)?"
                           r"(?:来自|來自|来源|來源|取自|源自|由)")
# "3小时前", "刚刚", "昨天 18:02": the age of a comment or a list item, never article text
_AGE = re.compile(r"^(?:\d+\s*(?:秒|分钟|分鐘|小时|小時|个小时|個小時|天|日|周|週|个月|個月|年)前|刚刚|剛剛|"
                  r"(?:昨天|前天|今天)\s*\d{1,2}:\d{2})$")


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
    if len(s) <= 80 and _COPYRIGHT.search(line):
        return "copyright"
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
    if len(s) <= 40 and related_link(line):
        return "related-link"
    if menu_line(line):
        return "menu-line"
    if len(s) <= 30 and _POINTER_LINK.match(line):
        return "link-pointer"
    if len(s) <= 30 and _LINK_ARROW.search(line) or len(s) <= 80 and _PREV_NEXT.match(line.strip()):
        return "link-line"
    if _AGE.match(s):
        return "timestamp"
    if len(s) <= 40 and _IMAGE_SOURCE.match(s):
        return "image-credit"
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


def related_link(line: str) -> bool:
    """A related-article marker and a headline on one line ("更多新聞：標題", "延伸閱讀：標題")."""
    m = _LABELLED.match(line.strip())
    return m is not None and _marker(m.group(1), _RELATED_HEADS)


_LABELLED = re.compile(r"^([^:：]{2,12})[:：]\s*(\S.*)$")


def related_marker(line: str) -> bool:
    """True for a heading that opens a list of other articles (相关阅读, 延伸閱讀, 大家都在看 …)
    or the readers' comments (网友评论, 精选留言 …)."""
    return _marker(line, _RELATED_HEADS) or comment_marker(line)


def comment_marker(line: str) -> bool:
    """True for a heading that opens the readers' comments."""
    return _marker(line, _COMMENT_HEADS) or bool(_COMMENT_COUNT.fullmatch(squash(line)))


def next_marker(line: str) -> bool:
    """True for a line that says another article follows ("阅读下一篇", "继续滑动看下一个")."""
    return squash(line).strip("-—_·•>›»：:。.…▼↓") in _NEXT


_NEXT = frozenset(m.replace(" ", "") for m in NEXT_MARKERS)
# "37条评论", "评论(3)", "跟帖232", "留言 12": how many comments follow
_COMMENT_COUNT = re.compile(r"\d+(?:条评论|條評論|則留言|则留言|条留言|條留言)|(?:评论|評論|留言|跟帖|跟贴|回應|回应)[(（]?\d+[)）]?")
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
    rule = lexicon_rule(line)
    if rule and not (rule == "chrome-phrase" and _full_sentence(line) and not plea(line)):
        return CHROME  # (a full sentence that mentions a widget's word, "请市民扫码查询。", is text)
    if is_prose(line):
        return PROSE
    if code_line(line):
        return CODE  # a program's line between paragraphs: neither for nor against the body
    s = squash(line)
    # a short line ending like a statement; a short question is more often a headline
    if s and (s[-1] == "。" or s[-2:] in ("。」", "。”", "。』", "。）", "。)")) and _CJK.search(s):
        return SENTENCE
    return SENTENCE if _note(s) else SHORT


def code_line(line: str) -> bool:
    """A line of a program ("import json", "client = redis.Redis()", "def parse():", "});"):
    hardly any Chinese, and a keyword opening it or the punctuation of code in it."""
    s = line.strip()
    if not s or len(s) > 200 or len(_CJK.findall(s)) > CODE_CJK_SHARE * len(s):
        return False
    return bool(_CODE_START.match(s)) or len(_CODE_MARKS.findall(s)) >= 2 or s.endswith((":", "{", ";"))


# how lines of code open (keywords of common languages, shell prompts, comments) and what they hold
_CODE_START = re.compile(r"(?:import|from|def|class|return|if|elif|else|for|while|try|except|finally|with|print|"
                         r"const|let|var|function|public|private|static|package|func|fn|use|async|await|"
                         r"#include|SELECT|INSERT|UPDATE|DELETE|CREATE|echo|sudo|pip|npm|git|cd|\$|>>>|//|/\*|#)\b")
_CODE_MARKS = re.compile(r"[(){}\[\];=]|->|=>|::")


def prev_next_label(line: str) -> bool:
    """A label alone on its line for the link to the previous or next article ("【上一篇】", "下一則")."""
    return bool(_PREV_NEXT_LABEL.match(line.strip()))


def photo_credit(line: str) -> re.Match[str] | None:
    """A photo credit closing a caption, in brackets ("（記者王小明攝）", "(Reuters)") or bare ("记者 林默 摄").
    "(文/图 张三)" credits the writer too: it closes a paragraph, not a caption."""
    return _CREDIT.search(line) or _CREDIT_BARE.search(line)


def caption_start(line: str) -> bool:
    """A line opening the way a photo's caption opens ("图为…", "▲…", "圖／…")."""
    return bool(_CAPTION_START.match(line))


_CREDIT = re.compile(
    r"\s*([(（](?![\d/:：.\s-]+(?:更新|更新時間|更新时间|updated)?\s*[)）])"
    r"(?!\s*(?:文\s*[/／]\s*[图圖]|[图圖]\s*[/／]\s*文)[\s:：])(?:Reuters|REUTERS|Getty(?: Images)?|AP|AFP|EPA|Bloomberg|Xinhua|新华社|中新社|"
    r"[^()（）]{0,40}(?:路透社|美联社|美聯社|法新社|新华社|新華社|资料图片|資料圖片|Getty|Reuters|/[^()（）]+|"
    r"路透|彭博|歐新社|欧新社|美聯社檔案照|資料照|资料照|翻攝|翻摄|示意圖|示意图|截圖|截图|取自\S{0,20}|"
    r"[圖图](?:／|/)[^()（）]{1,20}))[)）])\s*$")
# "列车驶入车站。 记者 林默 摄", "市民在河边散步。王小明 攝": a photographer's credit without brackets
_CREDIT_BARE = re.compile(r"(?<=[。！？!?\s])\s*((?:(?:记者|記者|通讯员|通訊員|特约记者|特約記者)\s*)?"
                          r"[\u3400-\u9fff]{2,4}(?:[\s、][\u3400-\u9fff]{2,4}){0,2}\s*(?:摄影|攝影|摄|攝))\s*$")
_CAPTION_START = re.compile(r"^(图为|圖為|图：|圖：|图:|圖:|▲|△|▼|↑|圖說|图说|圖／|图／)")


def _full_sentence(line: str) -> bool:
    """Running text, or one sentence of 20 characters or more, with two commas inside and a full stop."""
    s = squash(line)
    return is_prose(line) or (len(s) >= 20 and bool(_PARAGRAPH_END.search(s))
                              and len(_INNER_PUNCT_CHAR.findall(s)) >= 2)


def _note(s: str) -> bool:
    """A closing note in brackets that reads as a sentence ("（应受访者要求，文中人物为化名）"): part of
    the article, unlike a bracketed credit, whose rules take it before the body is looked at."""
    inner = s[1:-1]
    return (s[:1] in "（(" and s[-1:] in "）)" and len(_CJK.findall(inner)) >= 8
            and bool(_INNER_PUNCT_CHAR.search(inner) or _FUNCTION_CHAR.search(inner)))


@dataclass
class Body:
    """Where the body runs (first and last line number; 0, 0 when no prose was found), each
    line's class, and the lines that belong to a list of other articles, to the readers' comments
    or to the next article (line → 'related-list', 'comments' or 'next-article')."""

    start: int
    end: int
    classes: dict[int, str] = field(default_factory=dict)
    related: dict[int, str] = field(default_factory=dict)

    def inside(self, no: int) -> bool:
        return self.start == 0 or self.start <= no <= self.end


def find_body(lines: list[tuple[int, str]], chrome: Collection[int] = (), structural: Collection[int] = (),
              boundaries: Collection[int] = (), closing: Collection[int] = (), notices: Collection[int] = (),
              signoffs: Collection[int] = ()) -> Body:
    """The body span of a page's (line number, text) pairs. `chrome`: lines other rules know as
    chrome (they count against the body); `structural`: numbered headings, list items, captions
    with a credit, standfirsts (they belong to the text around them and count for nothing);
    `boundaries`: datelines and bylines (a page's header: `BOUNDARY_WEIGHT` against spanning them);
    `closing`: editors' credits and source notes (after the text they close it: `CLOSING_WEIGHT`
    for reaching them, so the text's last short lines stay in); `notices`: copyright and
    disclaimer lines (after the text, they bound it as a header does); `signoffs`: paragraphs ending
    in the writer's sign-off (the text ends at the last of them: what follows inside the run is a
    notice, a promotion or other stories' teasers)."""
    filled = [(no, text) for no, text in lines if text.strip()]
    classes = {no: (CHROME if no in chrome and found != RELATED else found)
               for no, text in filled for found in (line_class(text),)}
    for group in _wrapped(filled, classes, set(boundaries) | set(structural)):
        if is_prose("".join(text for _, text in group)):
            classes.update((no, PROSE) for no, _ in group)
    boundaries = _page_headers(filled, classes, boundaries)
    related = _related_lines(filled, classes)
    if not any(cls == PROSE for cls in classes.values()):
        return Body(0, 0, classes, related)  # no running text at all: position tells nothing
    weights = _weights(filled, classes, set(structural), related, boundaries, set(closing), set(notices))
    start, end = _best_run(filled, weights)
    anchor = _after_header(filled, classes, boundaries)
    if anchor and start > anchor and any(classes[no] == RELATED for no, _ in filled if anchor < no < start):
        # the best run lies past a list of other articles or the comments that follow the page's
        # header: the article is what follows its header (a short one is still the article)
        stop = next(no for no, _ in filled if anchor < no and classes[no] == RELATED)
        anchored = _best_run([(no, t) for no, t in filled if no < stop], weights, anchor)
        start, end = anchored if anchored[0] else (start, end)
    start = _wrapped_start(filled, classes, start, set(chrome) | set(boundaries))
    end = max((no for no in signoffs if start <= no < end and classes.get(no) == PROSE), default=end)
    return Body(start, _trimmed_end(filled, classes, start, end, set(closing)), classes, related)


def _wrapped_start(filled: list[tuple[int, str]], classes: dict[int, str], start: int, taken: set[int]) -> int:
    """The body's first line, taking in the line printed right above it (no blank line between) when
    that line is the paragraph's beginning broken off mid-sentence: `BROKEN_LINE_MIN` characters or
    more, and the break falls at a comma ("…清理工作，" / "比如…。", "…连接" / "、删除…。").
    (A headline printed right above the text also stops short of a full stop, but never at a comma.)"""
    at = next((i for i, (no, _) in enumerate(filled) if no == start), 0)
    if not at or classes.get(start) not in (PROSE, SENTENCE):
        return start
    no, text = filled[at - 1]
    s, first = squash(text), squash(filled[at][1])[:1]
    if (no == start - 1 and no not in taken and classes[no] in (SHORT, SENTENCE) and len(s) >= BROKEN_LINE_MIN
            and (s[-1] in "，、；,;" or first in "，、；,;")):
        return no
    return start


def _weights(filled: list[tuple[int, str]], classes: dict[int, str], structural: set[int],
             related: dict[int, str], boundaries: set[int], closing: set[int], notices: set[int]) -> dict[int, int]:
    """Each line's weight for or against the body (see the module's docstring)."""
    weights: dict[int, int] = {}
    shorts, prose_seen = 0, False
    for no, text in filled:
        cls = classes[no]
        weight = min(len(squash(text)), 300) if cls == PROSE else _WEIGHT[cls]
        shorts = shorts + 1 if cls in (SHORT, CHROME) and no not in structural else 0  # (code ends a run)
        if shorts in (1, 2):  # a heading or an inline ad between paragraphs; a run of them is a menu
            weight = _ISOLATED_SHORT if cls == SHORT else _ISOLATED_CHROME
        if cls in (SHORT, SENTENCE) and no in structural:
            weight = 1
        if no in related and cls != RELATED:
            weight = min(weight, _WEIGHT[SHORT])
        if no in closing and prose_seen and no not in related:
            weight, shorts = CLOSING_WEIGHT, 0
        if no in boundaries and (cls != PROSE or len(squash(text)) <= BOUNDARY_PROSE_MAX):
            weight = BOUNDARY_WEIGHT
        if prose_seen and cls == CHROME and (no in notices or strong_rule(text) == "copyright"):
            weight = BOUNDARY_WEIGHT  # a copyright notice after the text closes it (a disclaimer may sit inside)
        weights[no] = weight
        prose_seen = prose_seen or cls == PROSE
    return weights


def _best_run(filled: list[tuple[int, str]], weights: dict[int, int], start_at: int = 0) -> tuple[int, int]:
    """(first, last line) of the run of lines with the largest sum of weights; from `start_at`
    on, the best run that begins there. (0, 0) when no run sums above 0."""
    best, best_span, run, run_start = 0, (0, 0), -1, 0
    for no, _ in filled:
        if no < start_at:
            continue
        weight = weights[no]
        if run < 0 and not (start_at and run_start == start_at):
            run, run_start = weight, no
        else:
            run += weight
        if run > best or (run == best and run > 0 and run_start == best_span[0]):
            best, best_span = run, (run_start, no)  # (ties extend over trailing captions)
    return best_span


def _after_header(filled: list[tuple[int, str]], classes: dict[int, str], boundaries: set[int]) -> int:
    """The first line of running text after the page's header (its first dateline or byline, with
    prose within `HEADER_REACH` lines below it); 0 when there is none."""
    for i, (no, _) in enumerate(filled):
        if no in boundaries:
            return next((n for n, _ in filled[i + 1:i + 1 + HEADER_REACH] if classes[n] == PROSE), 0)
    return 0


def _page_headers(filled: list[tuple[int, str]], classes: dict[int, str],
                  boundaries: Collection[int]) -> set[int]:
    """The datelines and bylines that head the page, not the article's own sections: when
    `TIMELINE_MIN` or more of them each head a paragraph (a diary, a timeline, a live report by
    date), they are the text's headings and bound nothing."""
    after = {no: classes[nxt] for (no, _), (nxt, _) in zip(filled, filled[1:])}
    heading = {no for no in boundaries if after.get(no) == PROSE}
    return set(boundaries) - heading if len(heading) >= TIMELINE_MIN else set(boundaries)


def _wrapped(filled: list[tuple[int, str]], classes: dict[int, str],
             apart: set[int]) -> list[list[tuple[int, str]]]:
    """Hard-wrapped paragraphs: runs of adjacent lines (no blank between) where each but the last
    stops mid-sentence at the page's wrap width (`wrap_width`). Their lines are classed as a whole:
    a paragraph's first line, cut before its first full stop, is no headline."""
    width = wrap_width(filled)
    groups: list[list[tuple[int, str]]] = []
    run: list[tuple[int, str]] = []
    for no, text in filled:
        joins = (width and run and no == run[-1][0] + 1 and no not in apart and classes[no] not in (CHROME, RELATED)
                 and len(squash(run[-1][1])) >= width - WRAP_SLACK and runs_on(run[-1][1]))
        if joins:
            run.append((no, text))
            continue
        if len(run) > 1:
            groups.append(run)
        run = [(no, text)] if no not in apart and classes[no] not in (CHROME, RELATED) else []
    if len(run) > 1:
        groups.append(run)
    return groups


def wrap_width(filled: list[tuple[int, str]]) -> int:
    """The width a hard-wrapped page is cut at: the length (± `WRAP_SLACK`) of at least `WRAP_LINES`
    lines of `WRAP_MIN` characters or more that stop mid-sentence and run on into a line ending a
    paragraph (with 。). 0 when there is none: a page with one line per paragraph, whose long
    unended lines are headlines or links."""
    lengths = [len(squash(a)) for (n, a), (m, b) in zip(filled, filled[1:])
               if m == n + 1 and len(squash(a)) >= WRAP_MIN and runs_on(a) and _PARAGRAPH_END.search(squash(b))]
    best, width = 0, 0
    for w in set(lengths):
        n = sum(abs(x - w) <= WRAP_SLACK for x in lengths)
        if n > best or n == best and w > width:
            best, width = n, w
    return width if best >= WRAP_LINES else 0


_PARAGRAPH_END = re.compile(r"。[」”』）)]?$")


def runs_on(line: str) -> bool:
    """True when a line stops mid-sentence (a hard wrap), not after a full stop, a colon, or a full
    stop followed by a link glued to it ("…。返回某某网首页>>")."""
    s = squash(line)
    return bool(s) and s[-1] not in _TERMINAL + "：:" and glued_chrome(s) is None


def glued_chrome(text: str) -> tuple[int, str] | None:
    """(where it starts, what) of a link or widget glued after a paragraph's last sentence
    ("…。返回某某网首页>>", "…。更多新聞：標題"), else None."""
    m = _GLUED.search(text)
    return (m.start(1), m.group(1)) if m and lexicon_rule(m.group(1)) else None


_GLUED = re.compile(r"(?<=[。！？!?」”』])\s*([^。！？!?」”』]{2,40})$")


def _trimmed_end(filled: list[tuple[int, str]], classes: dict[int, str], start: int, end: int,
                 closing: set[int]) -> int:
    """The body's last line once the credits, pleas to the reader and chrome closing it are taken off."""
    inside = [(no, text) for no, text in filled if start <= no <= end]
    while len(inside) > 1 and (classes[inside[-1][0]] == CHROME or inside[-1][0] in closing or plea(inside[-1][1])):
        inside.pop()
    return inside[-1][0] if inside else end


def plea(line: str) -> bool:
    """A plea to the reader: a short line that asks for an action on the piece or the outlet
    (like, share, subscribe; follow or download its own account or app) and addresses the reader
    ("欢迎点赞、在看、转发", "訂閱電子報，每週精選好文不漏接！", "欢迎关注我们的公众号")."""
    s = squash(line)
    if not s or len(s) > PLEA_LINE_MAX:
        return False
    if not (_PLEA_ACTION.search(s) or _PLEA_FOLLOW.search(s) and _PLEA_OWN.search(s)):
        return False
    return bool(_PLEA_ADDRESS.search(s)) or s.endswith(("！", "!")) or len(s) <= 20


_PLEA_ACTION, _PLEA_FOLLOW, _PLEA_OWN = _any_of(PLEA_ACTIONS), _any_of(PLEA_FOLLOW), _any_of(PLEA_OWN)
_PLEA_ADDRESS = _any_of(PLEA_ADDRESS)


def _related_lines(filled: list[tuple[int, str]], classes: dict[int, str]) -> dict[int, str]:
    """Lines after a related-articles marker, up to the next real paragraph (a long one, or two
    full sentences in a row); after a comments or next-article marker, to the end of the page."""
    out: dict[int, str] = {}
    section = ""  # the open list's kind; comments and the next article run to the end
    prose_before = 0
    for i, (no, text) in enumerate(filled):
        if (section not in ("comments", "next-article") and prose_before >= PRECEDING_PROSE_FOR_MARKER
                and next_marker(text) and classes[no] != PROSE):
            section = "next-article"  # another article follows: the rest of the page is not this one
            classes[no] = RELATED
            out[no] = section
        elif classes[no] == RELATED:
            if section not in ("comments", "next-article"):
                # comments run to the end of the page, once the article has begun (a comment count
                # in the header above it opens nothing)
                comments = comment_marker(text) and prose_before >= PRECEDING_PROSE_FOR_MARKER
                section = "comments" if comments else "related-list"
            out[no] = section
        elif section == "related-list" and classes[no] == PROSE and (
                len(squash(text)) >= 60 or _running_text(filled, classes, i)):
            section = ""
        elif section:
            out[no] = section
        prose_before += classes[no] == PROSE and not section
    return out


def _running_text(filled: list[tuple[int, str]], classes: dict[int, str], i: int) -> bool:
    """True when line i and the next are both full sentences: running text, not a headline
    list with a one-line teaser under each headline."""
    pair = filled[i:i + 2]
    return len(pair) == 2 and all(classes[n] == PROSE and squash(t)[-1:] in "。！？」”" for n, t in pair)
