"""Finding an article's metadata in its scraped text (pure): headline, author, outlet, date and
time, credit notes. Each value is recorded with how it was found; the lines it came from are
marked so the cleaner removes them with a rule of their own.

Only the page's edges are searched — the lines before the body, the first lines of the body and
the lines after it — so a date or a name inside a paragraph of the article is never taken. When
several lines give a field, the likelier kind of evidence wins (`RANK`: a keyed byline over a name
in a dateline, a publication date over an update date or one after the body).

The headline is chosen by structure, not by wording: among the heading-like lines above the body,
the one that shares the most of its words with the body, stands nearest the body (only datelines,
bylines and widgets between), and is printed twice by itself (a tab title and the headline) — not
as part of a block printed twice (a menu), nor in a run of headline-like lines (a link list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Collection, Iterable

from briefing.model import Found
from briefing.sources.body import (CHROME, PROSE, RELATED, SENTENCE, Body, caption_start, is_prose, lexicon_rule,
                                   photo_credit, related_marker,
                                   squash)
from briefing.sources.lexicon import (BIO_ENDINGS, COMPOUND_SURNAMES, EDITOR_KEYS, NON_AUTHORS, NOT_OUTLET_ENDINGS,
                                      OUTLET_ENDINGS, SECTION_ENDINGS, SURNAMES, WRITER_KEYS,
                                      WRITER_ROLE_SUFFIXES)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
TITLE_MAX = 90
META_LINE_MAX = 80  # a byline or dateline is short; longer lines are text

# Which finding of a field wins when several lines give one: the lower rank (ties: the first found).
RANK = {"keyed": 1, "lead": 1, "role": 2, "names": 2, "title": 2, "dateline": 3, "update": 4, "bio": 4,
        "after-body": 5}
# The headline's score (see `_title`): characters counted up to TITLE_LENGTH_CAP; up to
# TITLE_OVERLAP_WEIGHT for the share of its character pairs the body holds; TITLE_NEAR_BONUS for
# standing right above the body, less TITLE_NEAR_STEP per line of content in between; a bonus for a
# headline printed twice by itself, a penalty inside a run of headline-like lines (a link list).
TITLE_LENGTH_CAP = 30
TITLE_OVERLAP_WEIGHT = 40
TITLE_MIN_OVERLAP = 0.2  # a line sharing less with the body is a headline only right above it
TITLE_NEAR_BONUS, TITLE_NEAR_STEP = 16, 4
TITLE_REPEATED_BONUS = 15
ACCOUNT_NAME_LEN = (4, 12)  # characters of an account's name standing alone under the headline
TITLE_HEADER_BONUS = 20  # for heading the page's header (right above its first dateline or byline, or
# above a subtitle there): a headline printed again inside the text, or a caption, stands elsewhere
TITLE_HEADER_MIN_CJK = 6  # Chinese characters a line needs to head the header
TITLE_BELOW_HEADER_PENALTY = 25  # for standing below that header: an item of the text (a digest's items)
TITLE_LINK_LIST_PENALTY = 20
TITLE_SUBTITLE_PENALTY = 25  # a line right under another candidate (not the same headline again) is its subtitle
LINK_LIST_MIN_RUN = 3  # this many headline-like lines in a row are a list of links
LINK_LIST_LINE = (8, 40)  # characters of a line in such a list
SUFFIX_MAX = 16  # characters of a site or section name after a headline ("…-某某网", "… - 社會")
CHINA = timezone(timedelta(hours=8))  # mainland, Hong Kong, Macau and Taiwan all keep UTC+8

_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?"
    r"(?:\s*(?:[T\s]|星期.|週.|周.|[（(][^)）]{1,4}[)）])*\s*(?:(上午|下午|早上|晚上|凌晨|中午)\s*)?"
    r"(\d{1,2})\s*[:：時时点點]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?)?")
# "2025-03-05T02:30:00Z", "2025-03-05T10:30:00+08:00": a machine timestamp with its zone
_ZONED = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::\d\d(?:\.\d+)?)?\s*(Z|[+-]\d\d:?\d\d)")
# "民國113年5月12日", "113年5月12日": Taiwan's calendar (year 1 = 1912)
_ROC_DATE = re.compile(r"(?<![\d年])(?:民國|民国)?\s*(1[0-4]\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_UPDATE_WORDS = re.compile(r"(?:更新|最後更新|最后更新|修改|修訂|修订|Updated)\D{0,6}$", re.I)
_DATE_WORDS = re.compile(
    r"(发布时间|發布時間|發佈時間|发布日期|發布日期|更新时间|更新時間|最后更新|最後更新|发表时间|發表時間|"
    r"发表于|發表於|发布于|發佈於|發布於|时间|時間|日期|发布|發布|發佈|更新|出版|刊登|上载|上載|Published|Updated|Date)"
    r"\s*[:：]?", re.I)


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


# One writer: a Chinese name or pen name, a name in Latin letters ("Leo Zhang", "KEITH BRADSHER"),
# or a handle ("rust_walker"); "@handle" after it is dropped ("何卓文@hkwalker").
_ONE_NAME = (r"(?:[A-Z][\w.'-]*(?:[ ][A-Z][\w.'-]*){0,3}|[A-Za-z][A-Za-z0-9_.-]{2,30}|[\u3400-\u9fff·•]{2,8})"
             r"(?:@[\w.-]+)?")
# Several writers: joined by 、，,&＆ or spaces ("叨叨姐、胡一刀&李小飞刀", "阿澈 木子")
_WRITERS = _ONE_NAME + r"(?:\s*[、，,&＆]\s*" + _ONE_NAME + r"|[ ]+[\u3400-\u9fff·•]{2,6}(?:@[\w.-]+)?){0,5}"
_KEYED_AUTHOR = re.compile(
    r"(?:^|[\s|｜/／【〔（(，,》」』\]])(?:(?:" + _alternation(WRITER_KEYS) + r")\s*[:：|｜/／，]?\s*"
    r"|(?:文|By|by)\s*[:：|｜/／]\s*|By\s+)(" + _WRITERS + r")"
    r"(?=$|[\s/／｜|,，、()（）\]】〕]|\d)")
# "《城市观察》作者 周小雨": the column's name printed before the writer's key
_COLUMN_BEFORE_KEY = re.compile(r"^\s*[《〈]([^》〉]{1,16})[》〉]\s*(?:" + _alternation(WRITER_KEYS) + ")")
_EDITOR_KEY = re.compile(r"(?:" + _alternation(EDITOR_KEYS) + r")\s*[:：|｜/／]")
# "記者陳怡君／台南報導", "陳怡君／台南", "〔記者王小明／綜合報導〕": a name, a slash, where it was filed from
_NAME_PLACE = re.compile(
    r"^\s*[〔［\[【（(]?\s*(?P<key>(?:特派|實習|实习|駐\S{1,4})?(?:記者|记者|特派員|特派员))?\s*"
    r"(?P<author>[\u3400-\u9fff·]{2,4}(?:[、，,][\u3400-\u9fff·]{2,4}){0,3})\s*[／/]\s*"
    r"(?P<place>[\u3400-\u9fff]{2,6}?)(?P<filed>(?:即時|即时)?(?:報導|报道|報道|專電|专电|電|电|特稿|連線|连线))?"
    r"\s*[〕］\]】)）]?\s*$")
_OUTLET_ROLE = re.compile(  # 鉅亨網編輯林羿君, 中央社記者王小明
    r"^\s*[（(〔【]?\s*([\u3400-\u9fffA-Za-z0-9]{1,12}?(?:" + "|".join(map(re.escape, OUTLET_ENDINGS)) + r"))"
    r"\s*[／/|｜]?\s*(?:特约|特約|駐\S{1,4}|驻\S{1,4})?(?:编辑|編輯|记者|記者|撰稿人|评论员|評論員)\s*[|｜:：/／]?\s*"
    r"([\u3400-\u9fff]{2,3}(?:[、，,][\u3400-\u9fff]{2,3})*)"
    r"(?=$|[\s/／｜|,，、(（)）\]】〕\d]|[\u3400-\u9fff]{2,3}\d{1,2}日|[\u3400-\u9fff]{2}(?:報導|报道|電|电))")
_ABBR_ROLE = re.compile(  # "每经记者：张三 每经编辑：李四", "本报记者｜王五": an outlet's short name before the role
    r"^\s*[\u3400-\u9fffA-Za-z0-9]{1,6}?(?:记者|記者)\s*[:：|｜]\s*([\u3400-\u9fff]{2,4}(?:[、，,][\u3400-\u9fff]{2,3})*)"
    r"(?=$|\s+\S{1,6}(?:编辑|編輯|实习生|實習生)|[\s/／｜|,，、()（）])")
_CNA_DATELINE = re.compile(r"(?:記者|记者)([\u3400-\u9fff]{2,3})[\u3400-\u9fff]{2,4}\d{1,2}日(?:專?電|专?电)")
_SOURCE_NOTE = re.compile(
    r"^[（(【\[]?\s*(?:稿件来源|稿件來源|文章来源|文章來源|本文来源|本文來源|新闻来源|新聞來源|来源|來源|出处|出處|"
    r"转自|轉自|转载自|轉載自|原载|原載|原文刊于|原文刊於|Source)\s*[:：|｜]\s*([^）)】\]；;]{2,40}?)\s*[）)】\]]?\s*$",
    re.I)
_REPRINT = re.compile(
    r"本文(?:由|經|经|转载自|轉載自|原載於|原载于|原刊於|原刊于|来自|來自|摘自|选自|選自)\s*[「《“\"]?"
    r"\s*([^，,；;。」》”\"()（）]{2,30}?)\s*[」》”\"]?\s*(?:授權|授权|轉載|转载|刊登|提供|$|[，,；;。)）(（])")
# "（综合整理自某某、某某等）", "(编译自某某)": where a compiled piece was taken from
_COMPILED_FROM = re.compile(r"^[（(]\s*(?:综合|綜合)?(?:整理|编译|編譯|摘编|摘編|改编|改編)?自\s*([^）)]{2,40}?)\s*[）)]$")
_CREDIT_NOTE = re.compile(r"^[（(]?\s*([^，。;；]{2,40}?)\s*(?:獨家|独家)?(?:授權|授权)(?:刊登|轉載|转载|發表|发表)\s*[)）]?\s*$")
_ORIGINAL_TITLE = re.compile(r"^[（(【\[]?\s*(?:本文)?(?:原标题|原標題|原題|原题|原文标题|原文標題)\s*[:：]")
_KEY_CUT = re.compile(r"\s+(?=作者|编辑|編輯|记者|記者|责任编辑|責任編輯)")
_ACCOUNT = re.compile(r"^(?:微信公众号|微信公眾號|公众号|公眾號)\s*[:：]?\s*")
_WECHAT_BYLINE = re.compile(r"^\s*(?:原创|原創)(?:\s+|\s*[:：]\s*)(.{2,60})$")
# A field's key glued to the value before it on one header line ("…来源：某某网作者：张三"); the
# longer keys first, so "责任编辑：" stays whole
_FIELD_KEY = re.compile(r"(?:责任编辑|責任編輯|来源|來源|出处|出處|作者|记者|記者|编辑|編輯)\s*[:：]")
# "前天", "3小时前", "星期二": when WeChat printed the piece, relative to the day it was read
_RELATIVE_DAY = re.compile(r"前天|昨天|今天|刚刚|剛剛|\d+\s*(?:分钟|分鐘|小时|小時|天|周|週)前|星期.|周.|週.")
_DAY_FIRST = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?![\d.])")
_MONTH_FIRST = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?![\d/])")
_NAMES = r"[\u3400-\u9fff]{2,4}(?:[、，,\s]+[\u3400-\u9fff]{2,4}){0,3}"
_LEAD_BYLINES = (
    (re.compile(r"^\s*[〔［\[【（(]\s*(?:(?P<outlet>[\u3400-\u9fff]{2,6}?)\s*)?"
                r"(?:特派記者|特派记者|實習記者|实习记者|記者|记者|編譯|编译|駐\S{1,4}特派員|驻\S{1,4}特派员)\s*(?P<author>" + _NAMES
                + r")\s*[／/]\s*[^〕］\]】)）]{1,12}(?:報導|报道|報道)\s*[〕］\]】）)]\s*"),
     "byline at the start of the first paragraph"),
    # "（某某社記者王小明台北1日電）": an agency's dateline in brackets
    (re.compile(r"^\s*[（(]\s*(?P<outlet>[\u3400-\u9fff]{1,6}?社)(?:記者|记者|駐\S{1,6}?特派員)?(?P<author>[\u3400-\u9fff]{2,3})?"
                r"[\u3400-\u9fff]{0,6}?\d{1,2}日(?:綜合外電)?(?:專電|電)\s*[)）]\s*"),
     "news-agency dateline"),
    # "某某社北京3月1日电（记者张三）", "本报讯 ": an agency's or paper's dateline (then a bracket or a break)
    (re.compile(r"^\s*(?![据據])(?P<outlet>[\u3400-\u9fff]{1,6}?(?:社|网|網|报|報))[\u3400-\u9fff]{0,8}?"
                r"(?:\d{1,2}月\d{1,2}日)?(?:电|電|讯|訊)(?=[（(\s：:，,])\s*(?:[（(]\s*(?:记者|記者|通讯员|通訊員)\s*(?P<author>"
                + _NAMES + r")\s*[)）])?\s*"),
     "news-agency dateline"),
    (re.compile(r"^\s*【(?P<outlet>[\u3400-\u9fff]{2,8}?)(?:專訊|专讯|訊|讯)】\s*"), "outlet tag at the start"),
    # "央视网消息（新闻联播）：", "新浪科技讯 3月5日上午消息，", "中新网上海3月5日电（记者 张三）"
    (re.compile(r"^\s*(?![据據])(?P<outlet>[\u3400-\u9fffA-Za-z0-9]{1,10}?(?:"
                + "|".join(map(re.escape, OUTLET_ENDINGS)) + r"))\s*"
                r"(?:[\u3400-\u9fff]{0,6}?\d{1,2}月\d{1,2}日[上下]?午?)?\s*(?:消息|电|電|讯|訊)\s*"
                r"(?:[（(]\s*(?:(?:记者|記者|通讯员|通訊員)\s*(?P<author>" + _NAMES + r")|[^)）]{1,12})\s*[)）]|(?=[\s：:，,]))\s*"
                r"(?:\d{1,2}月\d{1,2}日\s*(?:[上下]午|晚间|晚間)?\s*消息)?\s*[：:，,]?\s*"),
     "outlet's news tag at the start"),
)
_TRAILING_CREDIT = re.compile(r"\s*[（(]\s*(?:編輯|编辑|責任編輯|责任编辑|责编|責編)\s*[:：]\s*[^)）]{1,20}[)）]\s*\d{0,8}\s*$")
_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|"
                      r"简介|簡介|摘要|导语|導語|编者按|編者按)")
_BAR = re.compile(r"\s*[|｜丨]\s*")
_TAG_PREFIX = re.compile(r"^[【\[]([^】\]]{1,8})[】\]]\s*")


@dataclass
class Metadata:
    """Values found in the text, the title's line, and the lines used (line → rule)."""

    title: str = ""
    title_line: int = 0
    found: list[Found] = field(default_factory=list)
    consumed: dict[int, str] = field(default_factory=dict)
    ranks: dict[str, int] = field(default_factory=dict)

    def value(self, name: str) -> str:
        return next((f.value for f in self.found if f.field == name), "")

    def add(self, name: str, value: str, how: str, line: int, rank: int = RANK["dateline"]) -> None:
        """Record a value; it replaces one found before only when its evidence ranks better (`RANK`).
        Credits accumulate."""
        value = " ".join(value.split()).strip(" ：:|｜/／,，、")
        if not value:
            return
        if name == "credit":
            if all(f.value != value for f in self.found if f.field == name):
                self.found.append(Found(name, value, how, line))
            return
        old = next((i for i, f in enumerate(self.found) if f.field == name), None)
        if old is None:
            self.found.append(Found(name, value, how, line))
        elif rank < self.ranks.get(name, RANK["dateline"]):
            self.found[old] = Found(name, value, how, line)
        else:
            return
        self.ranks[name] = rank

    def add_date(self, iso: str, time: str, how: str, line: int, rank: int) -> None:
        """A publication date and its time, which stand or fall together."""
        if self.value("published") and rank >= self.ranks.get("published", RANK["dateline"]):
            if self.value("published") == iso and time and not self.value("published_time"):
                self.add("published_time", time, how, line, rank)
            return
        self.found = [f for f in self.found if f.field != "published_time"]
        self.ranks.pop("published_time", None)
        self.add("published", iso, how, line, rank)
        if time:
            self.add("published_time", time, how, line, rank)


def is_name(token: str) -> bool:
    """A token that looks like a Chinese personal name: 2–4 characters after a common surname."""
    if not 2 <= len(token) <= 4 or not all(_CJK.match(c) for c in token):
        return False
    return token[0] in SURNAMES or token.startswith(COMPOUND_SURNAMES)


def names_line(line: str) -> list[str]:
    """The names when a short line is nothing but personal names ("张三 李四"), else []."""
    tokens = [t for t in re.split(r"[\s、，,/／]+", line.strip()) if t]
    if not 1 <= len(tokens) <= 4 or lexicon_rule(line):
        return []
    return tokens if all(is_name(t) for t in tokens) else []


def _iso(y: int, mo: int, d: int) -> str:
    """'YYYY-MM-DD', or '' when no such day exists (2025-02-30, 2025-13-01)."""
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return ""


def find_date(text: str) -> tuple[str, str, re.Match[str]] | None:
    """(ISO date, HH:MM or '', match) of the first valid date in `text`: a day that exists, a time
    of day that exists (else none is given), a zoned timestamp in UTC+8, Taiwan's calendar in AD."""
    for m in _ZONED.finditer(text):  # machine time with a zone: shown as the region's clock reads it
        zone = m.group(6)
        offset = timedelta(0) if zone == "Z" else (1 if zone[0] == "+" else -1) * timedelta(
            hours=int(zone[1:3]), minutes=int(zone[-2:]))
        try:
            y, mo, d, h, mi = (int(m.group(i)) for i in range(1, 6))
            when = datetime(y, mo, d, h, mi, tzinfo=timezone(offset)).astimezone(CHINA)
        except ValueError:
            continue
        return when.date().isoformat(), when.strftime("%H:%M"), m
    for m in _DATE.finditer(text):
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if not iso:
            continue
        time = ""
        if m.group(5):
            h, mi = int(m.group(5)), int(m.group(6))
            if m.group(4) in ("下午", "晚上") and h < 12:
                h += 12
            if h < 24 and mi < 60:
                time = f"{h:02d}:{mi:02d}"
        return iso, time, m
    for m in _ROC_DATE.finditer(text):
        iso = _iso(int(m.group(1)) + 1911, int(m.group(2)), int(m.group(3)))
        if iso:
            return iso, "", m
    for m in _DAY_FIRST.finditer(text):  # "01.03.2025" (DW and European styles)
        iso = _iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if iso:
            return iso, "", m
    for m in _MONTH_FIRST.finditer(text):  # "03/05/2025": American order (VOA, RFA); "25/03/2025" is day-first
        mo, d, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if mo > 12:
            mo, d = d, mo
        iso = _iso(y, mo, d)
        if iso:
            return iso, "", m
    return None


def title_parts(title: str) -> list[str]:
    """A browser tab's title split at its separators ("标题_栏目_某某网" → three parts)."""
    return [p.strip() for p in _TITLE_SEPARATOR.split(title) if p and p.strip()]


def split_title(line: str, furniture: Collection[str] = (), site_name: str = "",
                tab_title: bool = False) -> tuple[str, list[tuple[str, str]]]:
    """The headline of a title line without a column prefix or a name/outlet suffix
    ("国际 | 标题", "标题｜张三", "标题_新华网", "标题-某某网", "标题 - 社會 - 某某新聞網", "【独家】标题");
    the parts taken off, as (field, value) with field column, author or outlet. The one place that
    takes site and section names off a headline, for scraped text and web pages alike:
    - `furniture`: the page's other lines (squashed): a short suffix they print again (in a menu,
      the logo or the copyright line) is the site's or the section's name;
    - `site_name`: the site's own name when the caller knows it (og:site_name): a part equal to it,
      or held in it, is never the headline;
    - `tab_title`: the line is a browser tab's `<title>`, whose shape says it all: the short parts
      (`SUFFIX_MAX`) after its longest part are site and section names, kept only if one is long
      (a part before the headline stays: "国际 | 标题" may be the headline itself)."""
    if tab_title:
        return _split_tab_title(line, squash(site_name))
    if site_name:
        furniture = [*furniture, squash(site_name)]
    extra: list[tuple[str, str]] = []
    tag = _TAG_PREFIX.match(line)
    if tag and len(line) - tag.end() >= 6:
        extra.append(("column", tag.group(1)))
        line = line[tag.end():]
    parts = [p for p in _BAR.split(line) if p]
    if len(parts) < 2:
        # "标题_新浪科技_新浪网": a browser tab's title, the outlet and its parent after the headline
        suffixes: list[tuple[str, str]] = []
        cut = True
        while cut:
            cut = False
            for sep in _SUFFIX_SEPARATORS:
                head, found_sep, tail = line.rpartition(sep)
                t = squash(tail)
                if not found_sep or len(squash(head)) < 6 or not t or len(t) > SUFFIX_MAX:
                    continue
                if sep in ("-", "－") and not (_CJK_WORD.fullmatch(t) or _outlet_like(tail)):
                    continue  # "Mate20-5G", "COVID-19": a hyphen inside the headline
                if _outlet_like(tail) or _printed_elsewhere(t, squash(head), furniture):
                    suffixes.insert(0, ("outlet" if _outlet_like(tail) or len(t) > 4 else "column", tail.strip()))
                elif suffixes and len(t) <= 6:  # "标题 - 生活 - 某某网": the section before the outlet
                    suffixes.insert(0, ("column", tail.strip()))
                else:
                    continue
                line, cut = head.rstrip(" -_|｜–—·－"), True  # "标题--地方--某某网": both dashes go
                break
        return line.strip(), extra + suffixes
    longest = max(parts, key=lambda p: len(squash(p)))
    i = parts.index(longest)
    for j, p in enumerate(parts):
        if j == i:
            continue
        if len(squash(p)) > 12:
            return line.strip(), extra  # two long parts: not a headline with a label
        if j > i and is_name(squash(p)):
            extra.append(("author", squash(p)))
        elif _outlet_like(p):
            extra.append(("outlet", p.strip()))
        else:
            extra.append(("column", p.strip()))
    return longest.strip(), extra


def _split_tab_title(title: str, site: str) -> tuple[str, list[tuple[str, str]]]:
    """`split_title` of a browser tab's title (`site`: og:site_name, squashed, or '')."""
    parts = title_parts(title)
    if len(parts) < 2:
        return title.strip(), []
    longest = max(range(len(parts)), key=lambda i: len(squash(parts[i])))
    tail = parts[longest + 1:]
    if not tail and site and squash(parts[-1]) == site:
        longest, tail = len(parts) - 2, parts[-1:]
    if not tail or not all(len(squash(p)) <= SUFFIX_MAX or squash(p) == site for p in tail):
        return title.strip(), []
    head = title[: title.find(parts[longest]) + len(parts[longest])].strip()
    *sections, last = tail  # a tab title ends with the site's name, after the section's
    return head, [("column", p) for p in sections] + [("outlet", last)]


# what splits a browser tab's title into headline and site/section names
_TITLE_SEPARATOR = re.compile(r"\s+[-–—]+\s*|\s*[-–—]+\s+|\s*--+\s*|\s*_+\s*|\s*[|｜]\s*|\s+·\s+")
_SUFFIX_SEPARATORS = ("_", " - ", " – ", " — ", " | ", " · ", "-", "－")
_CJK_WORD = re.compile(r"[\u3400-\u9fff]{2,}")


def _printed_elsewhere(suffix: str, head: str, furniture: Collection[str]) -> bool:
    """True when the page prints `suffix` again outside the headline (a menu item, the logo, a
    copyright line): then it is the site's or a section's name, not part of the headline."""
    return any(suffix == f or suffix in f and head not in f and len(f) <= 60 for f in furniture)


def _outlet_like(text: str) -> bool:
    t = text.strip()
    return (3 <= len(t) <= 16 and t not in OUTLET_ENDINGS and t.endswith(OUTLET_ENDINGS)
            and not t.endswith(NOT_OUTLET_ENDINGS))


def find_metadata(lines: list[tuple[int, str]], body: Body, title_line: int | None = None) -> Metadata:
    """Headline, author, outlet, date/time and credits found at the edges of the body.
    `title_line`: where the editor's headline was found (0: not printed); None: find one."""
    meta = Metadata()
    filled = [(no, t) for no, t in lines if t.strip()]
    head = [(no, t) for no, t in filled if body.start and no < body.start]
    inside = [(no, t) for no, t in filled if body.start and body.start <= no <= body.end]
    edges = inside[:3] + inside[-2:]
    tail = [(no, t) for no, t in filled if body.start and no > body.end and no not in body.related]
    if not body.start:
        # no body found: only the first line that is not chrome may be a headline
        head = [(no, t) for no, t in filled if body.classes.get(no) not in (CHROME, RELATED)][:1]
    for no, text in head + edges + tail:
        if no not in meta.consumed and no != title_line:
            _byline(meta, no, text, in_body=(no, text) in edges, after_body=body.end > 0 and no > body.end)
    if title_line is None:
        _title(meta, head, tail, body, filled)
        if not meta.title:
            _title_opening_the_body(meta, lines, inside, body)
    else:
        meta.title_line = title_line
    _names_under_title(meta, filled)
    _names_under_dateline(meta, filled, body)
    _account_under_title(meta, filled, body)
    for no, text in tail[-12:] + inside[-2:] + head:  # (the text's last lines: a bio before its credits)
        _bio(meta, no, text)
    return meta


def closing_credit(line: str) -> bool:
    """An editor's credit or a source, reprint or syndication note: what closes an article's text
    ("责任编辑：韩冬", "编辑|某某", "【责任编辑：赵琪】", "本文来源：某某晚报", "（来源：某某报）")."""
    s = squash(line)
    if not s or len(s) > META_LINE_MAX or is_prose(line) and len(s) > 40:
        return False
    return bool(_EDITOR_KEY.search(line) or _SOURCE_NOTE.match(line) or _REPRINT.search(line)
                or _CREDIT_NOTE.match(line) or _COMPILED_FROM.match(line) or re.match(r"^(?:本文|文章|稿件)?(?:来源|來源)\s*[:：|｜]", line))


def header_line(line: str) -> bool:
    """True for a dateline or a byline: a page's header (or a sign-off), never the article's text."""
    probe = Metadata()
    _byline(probe, 0, line, in_body=False)
    return probe.consumed.get(0) in ("byline", "dateline")


def _byline(meta: Metadata, no: int, text: str, in_body: bool, after_body: bool = False) -> None:
    """Bylines, datelines, source and reprint notes: take their values, mark the line."""
    s = squash(text)
    if len(s) > META_LINE_MAX and not (len(s) <= 2 * META_LINE_MAX and _REPRINT.search(text)):
        return  # long lines are text, unless a reprint note with its photo credit
    rule = ""
    how = f"line {no}: "
    text = _unglue_keys(text)
    if _ORIGINAL_TITLE.match(text):
        meta.add("credit", text.strip("（）()【】[] "), how + "original-title note", no)
        meta.consumed[no] = "original-title"
        return
    m = _SOURCE_NOTE.match(text)
    if m:
        meta.add("outlet", _KEY_CUT.split(m.group(1))[0], how + "source note", no)
        rule = "source-note"
    m = _REPRINT.search(text)
    if m:
        meta.add("outlet", _ACCOUNT.sub("", m.group(1)), how + "reprint note (the original publisher)", no)
        meta.add("credit", text.strip("（）() "), how + "reprint note", no)
        rule = "reprint-note"
    elif _COMPILED_FROM.match(text):
        meta.add("credit", text.strip("（）() "), how + "compiled-from note", no)
        rule = "source-note"
    elif (m := _CREDIT_NOTE.match(text)) and len(s) <= 40:
        meta.add("credit", text.strip("（）() "), how + "syndication note", no)
        rule = "credit-note"
    if is_prose(text) and len(s) > 40 and not rule:
        return  # running text: a byline at its start is taken by lead_byline, never the whole line
    m = _WECHAT_BYLINE.match(text)
    if m and not rule:  # WeChat: "原创 作者 公众号名 2025年3月1日 08:30 浙江" (the account last before the date)
        date_in = find_date(m.group(1))
        before = m.group(1)[: date_in[2].start()] if date_in else m.group(1)
        tokens = [t for t in before.split() if not re.fullmatch(r"[\d:：]+", t) and not _RELATIVE_DAY.fullmatch(t)]
        if tokens:
            meta.add("outlet", tokens[-1], how + "account name in the byline", no)
            if len(tokens) > 1:
                meta.add("author", "、".join(_without_role(t) for t in tokens[:-1]), how + "byline", no, RANK["names"])
        rule = "byline"
    m = _OUTLET_ROLE.match(text)
    if m and not rule:
        meta.add("outlet", m.group(1), how + "byline (outlet before the reporter's role)", no)
        meta.add("author", m.group(2), how + "byline", no, RANK["role"])
        rule = "byline"
    tokens = text.split()
    if (not rule and 2 <= len(tokens) <= 4 and _outlet_like(tokens[0])
            and all(is_name(t) for t in tokens[1:])):  # "美国之音 李安然": the outlet, then its reporters
        meta.add("outlet", tokens[0], how + "byline (outlet, then names)", no)
        meta.add("author", "、".join(tokens[1:]), how + "byline", no, RANK["role"])
        rule = "byline"
    m = _ABBR_ROLE.match(text)
    if m and not rule:
        meta.add("author", _names_of(m.group(1)), how + "byline (reporter after the outlet's short name)", no,
                 RANK["role"])
        rule = "byline"
    m = _CNA_DATELINE.search(text)
    if m and not rule:
        meta.add("author", m.group(1), how + "news-agency dateline", no, RANK["keyed"])
        rule = "byline"
    if rule in ("", "source-note", "reprint-note") and (rule or not in_body):
        rule = _keyed_writer(meta, no, text, how) or rule
    m = _NAME_PLACE.match(text) if not rule and len(s) <= 30 else None
    if m and (m.group("key") or m.group("filed") or len(m.group("author")) == 3 and is_name(m.group("author"))
              and "／" in text):  # "房产/家居" is a menu item, "陳怡君／台南" a reporter
        meta.add("author", _names_of(m.group("author")), how + "byline (name／place)", no,
                 RANK["keyed"] if m.group("key") else RANK["names"])
        rule = "byline"
    date_found = find_date(text)
    if date_found and (rule or _date_line(text, date_found[2], 8 if in_body else 24)):
        kind = "byline" if rule else "dateline"
        updated = bool(_UPDATE_WORDS.search(text[: date_found[2].start()]))
        rank = RANK["after-body"] if after_body else RANK["update"] if updated else RANK["dateline"]
        meta.add_date(date_found[0], date_found[1], how + kind, no, rank)
        if not rule:
            _names_in_dateline(meta, no, _leftover(text, date_found[2]), how,
                               RANK["after-body"] if after_body else RANK["dateline"])
        rule = rule or "dateline"
    if rule:
        meta.consumed[no] = rule


def _unglue_keys(text: str) -> str:
    """A space before each field key glued to the previous field's value ("来源：某某网作者：张三"
    → "来源：某某网 作者：张三"), on a line that has two or more keyed fields."""
    keys = [m.start() for m in _FIELD_KEY.finditer(text)]
    if len(keys) < 2:
        return text
    for at in reversed(keys[1:]):
        if not text[at - 1].isspace():
            text = text[:at] + " " + text[at:]
    return text


def _without_role(name: str) -> str:
    """A writer's name without a role glued after it ("某某编译" → "某某")."""
    role = next((r for r in WRITER_ROLE_SUFFIXES if name.endswith(r) and len(name) > len(r) + 1), "")
    return name[: -len(role)] if role else name


def _keyed_writer(meta: Metadata, no: int, text: str, how: str) -> str:
    """'byline' when a writer's key names the author ("作者：", "文｜", "撰文：", "执笔/", "By"),
    never an editor's: the values after editors' keys are blanked before the search."""
    masked = _EDITOR_VALUE.sub(lambda m: " " * len(m.group(0)), text)
    m = _KEYED_AUTHOR.search(masked)
    if not m or _PHOTO_CREDIT.match(text, m.end(1) - 1):
        return ""  # "（記者王小明攝）", "记者 林默 摄": who took the photo, not who wrote
    names = _names_of(m.group(1), keyed=True)
    if not names:
        return ""
    meta.add("author", names, how + "byline", no, RANK["keyed"])
    column = _COLUMN_BEFORE_KEY.match(text)
    if column:
        meta.add("column", column.group(1), how + "column named in the byline", no)
    return "byline"


_PHOTO_CREDIT = re.compile(r"[攝摄]|.\s*(?:攝影|摄影|拍攝|拍摄|攝|摄|提供|供圖|供图)")
# "责任编辑：韩冬", "编辑｜苏青": an editor's key and its value, blanked before a writer is looked for
_EDITOR_VALUE = re.compile(_EDITOR_KEY.pattern + r"\s*\S+")
_HANDLE = re.compile(r"[a-z0-9][a-z0-9_.-]{2,30}|[A-Za-z][A-Za-z0-9]*[_\d][A-Za-z0-9_.-]*")


def _names_in_dateline(meta: Metadata, no: int, tokens: list[str], how: str, rank: int) -> None:
    """The author, outlet or handle printed beside a date ("KEITH BRADSHER 2025年3月1日",
    "2020-06-05 20:35 某某 某某某", "rust_walker 2024.05.12 11:26")."""
    latin = re.fullmatch(r"\s*((?:[A-Z][A-Za-z.'-]+\s+){1,3}[A-Z][A-Za-z.'-]+)\s*", " ".join(tokens))
    if latin:  # a correspondent's name in Latin letters
        meta.add("author", latin.group(1), how + "name in the dateline", no, rank)
        return
    names = [t for t in tokens if is_name(t)]
    pen = [t for t in tokens if re.fullmatch(r"[\u3400-\u9fff·]{2,5}", t) and not _outlet_like(t)
           and t not in NON_AUTHORS and not lexicon_rule(t)]
    for token in tokens:
        keyed = re.match(r"^(来源|來源|出处|出處|作者|记者|記者)[:：]\s*(.+)$", token)
        if keyed and keyed.group(1) in "来源來源出处出處":
            meta.add("outlet", keyed.group(2), how + "dateline", no, rank)
        elif keyed:
            meta.add("author", _names_of(keyed.group(2), keyed=True), how + "dateline", no, rank)
        elif _outlet_like(token):
            meta.add("outlet", token, how + "outlet in the dateline", no)
        elif _HANDLE.fullmatch(token) and not token.isdigit() and token.lower() not in NON_AUTHORS:
            meta.add("author", token, how + "handle in the dateline", no, rank)
    # several names on one line, pen names among them ("叨叨姐 胡一刀 李小飞刀"): all of them
    writers = pen if len(names) >= 2 else names
    if writers:
        meta.add("author", "、".join(writers), how + "name in the dateline", no, rank)


def _names_of(found: str, keyed: bool = False) -> str:
    """The writers named in a byline's value. Joined by 、，& they are all writers ("叨叨姐、胡一刀");
    spaced, one personal name beside other words is the writer ('财新 张三', '北京 王小明' → the
    name), while two or more names keep the pen names among them ("叨叨姐 胡一刀 李小飞刀"). A handle
    after @ and words that name no person (网络整理, an outlet's name) are dropped."""
    if not keyed:
        found = re.split(r"\d", found)[0]
    joined = bool(re.search(r"[、，,&＆]", found))
    if joined:
        tokens = re.split(r"\s*[、，,&＆]\s*", found)
    elif re.search(r"[A-Za-z]\s+[A-Za-z]", found):
        tokens = [found]  # "Leo Zhang": one name in Latin letters
    else:
        tokens = found.split()
    tokens = [re.sub(r"@[\w.-]*$", "", t).strip() for t in tokens]
    tokens = [t for t in tokens if t and t not in NON_AUTHORS and not _outlet_like(t)
              and not re.fullmatch(r"[\d\W_]+", t) and not related_marker(t)]  # ("作者最新文章": a list's heading)
    names = [t for t in tokens if is_name(t)]
    if not joined and len(names) == 1:
        return names[0]
    return "、".join(tokens)


_VIEWS = re.compile(r"(?:浏览量|瀏覽量|阅读量|閱讀量|阅读数|閱讀數|浏览|瀏覽|阅读|閱讀|点击|點擊|views?)\s*[:：(（]?\s*"
                    r"[\d,.]+\s*[kKwW万萬]?\s*[)）]?", re.I)


def _leftover(text: str, m: re.Match[str]) -> list[str]:
    rest = _DATE_WORDS.sub(" ", _VIEWS.sub(" ", text[: m.start()] + " " + text[m.end():]))
    return [t for t in re.split(r"[\s|｜/／·•]+", rest) if t]


def _date_line(text: str, m: re.Match[str], allowance: int) -> bool:
    """True when a line is a date and little else (a label, a weekday, a place, a view count,
    a name or an outlet: up to `allowance` characters)."""
    rest = _DATE_WORDS.sub("", _VIEWS.sub("", text[: m.start()] + text[m.end():]))
    return len(squash(rest)) <= allowance and not any(c in rest for c in "。，,；")


def lead_byline(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """A byline or dateline printed at the start of the first paragraph ("〔記者王小明／台北報導〕",
    "新华社北京3月1日电（记者张三）", "（中央社記者王小明台北1日電）", "【明報專訊】"): the prefix
    and its (field, value, how)."""
    for pattern, how in _LEAD_BYLINES:
        m = pattern.match(text)
        if m:
            fields = [(k, v, how) for k, v in m.groupdict().items() if v]
            fields = [(k, _names_of(v) if k == "author" else v, h) for k, v, h in fields]
            return m.group(0), fields
    return "", []


def trailing_credit(text: str) -> str:
    """An editor's credit closing the last paragraph ("（編輯：李四）1140301", "(责任编辑：王五)")."""
    m = _TRAILING_CREDIT.search(text)
    return m.group(0) if m and m.start() > 0 else ""


# ---- writers' names in brackets closing the text ----------------------------------------------------
# One reading for both paths: the scraped text's last paragraph (clean.py) and a web page's last
# blocks (page_meta.py), which adds its own filter (the names the page credits as editors). Named
# data, read by `closing_byline`:
#
# The bracket: after the last sentence's end ("…举行。（张三）") or as a line of its own; what it holds is
# short (CLOSING_INNER_MAX characters); its closing half may be lost where the page printed it in
# another element ("…。(文/图 张三").
CLOSING_INNER_MAX = 20
CREDIT_LINE_MAX = 40  # characters of a line that credits an editor (longer: text that mentions one)
_CLOSING_BRACKET = re.compile(r"(?:^|[。！？!?…”」』])\s*([（(]\s*([^（）()]{2,%d}?)\s*(?:[）)]|$))\s*$"
                              % CLOSING_INNER_MAX)
# A writer's key opening the bracket before the names, taken off: the writers' keys (lexicon.WRITER_KEYS:
# 作者, 记者, 撰文, 图文 …), a reporter's other role words, the one-character key 文 and writer-and-
# photographer keys ("文/图 ", "圖／文 "), a platform's "original" mark. A separator or a space follows
# it ("记者：", "文｜", "作者 "); a role word of two or more characters may also stand glued to the
# names ("记者赵一", "本报记者张三").
CLOSING_KEYS = tuple(sorted(set(WRITER_KEYS) | {"文", "通讯员", "通訊員", "实习记者", "實習記者", "特约撰稿人",
                                                "特約撰稿人", "特派员", "特派員", "原创", "原創"}, key=len, reverse=True))
_PAIRED_KEY = r"文\s*[/／]\s*[图圖]|[图圖]\s*[/／]\s*文"
_CLOSING_KEY = re.compile(r"^(?:" + _PAIRED_KEY + "|" + "|".join(map(re.escape, CLOSING_KEYS))
                          + r")(?:\s*[:：/／|｜︱丨]\s*|\s+)")
_CLOSING_ROLE_GLUED = re.compile(r"^(?:" + "|".join(re.escape(k) for k in CLOSING_KEYS if len(k) >= 2)
                                 + r")(?=[\u3400-\u9fff])")
# The names and where the story was filed from, the bylines of Taiwanese and Hong Kong papers
# ("王小明／台中報導", "記者王小明／台北報導", "王小明 陳大文／台北即時報導", "王小明／台北電").
_CLOSING_FILED = re.compile(
    r"^(?:(?:特派|實習|实习|駐\S{1,4})?(?:記者|记者|特派員|特派员))?\s*"
    r"(?P<names>[\u3400-\u9fff·]{2,4}(?:[、，,\s]+[\u3400-\u9fff·]{2,4}){0,3})\s*[／/]\s*"
    r"[\u3400-\u9fff]{2,6}?(?:即時|即时)?(?:報導|报道|報道|專電|专电|電|电|特稿|連線|连线)$")
# A bracket that credits no writer: a photographer ("张三摄", "摄影/李四"), a picture's source ("张三供图",
# "图片由某某提供"), an editor (lexicon.EDITOR_KEYS: "编辑：李四", "责编 王五"); a key with a colon left
# after the writer's key is taken off ("来源：某某日报"). An agency or outlet ("路透社") and words that
# name no person (lexicon.NON_AUTHORS) are no writer's name either.
_NOT_WRITER = re.compile(r"[摄攝]|供[图圖]|提供|" + "|".join(map(re.escape, EDITOR_KEYS)))
_KEY_LEFT = re.compile(r"[:：]")


@dataclass(frozen=True)
class ClosingByline:
    """Writers' names in brackets closing a paragraph: the bracket as printed (`cut`, to take out of
    the text), the names, and whether a writer's key or a filing place stood beside them (`shaped`:
    a byline's shape, not bare names)."""

    cut: str
    names: tuple[str, ...]
    shaped: bool


def closing_byline(text: str, editors: Collection[str] = (), shaped_only: bool = False) -> ClosingByline | None:
    """The writers' names in brackets closing `text` (a paragraph, or a line of its own), or None.

    Accepted: bare personal names ("…举行。（张三）", "…。(李四 王五)"), names after a writer's key
    ("（记者 赵一）", "（作者：张三）", "(文/图 李四 王五)", "（文／圖 陳志明）", "（本报记者张三）"), names and
    where the story was filed from ("（王小明／台中報導）", "（記者王小明／台北報導）", "（王小明／台北電）"),
    also with the closing bracket lost ("。(文/图 张三"). Refused (None): a photographer, a picture's
    source, an editor, a key left with a colon (`_NOT_WRITER`, `_KEY_LEFT`), an agency or outlet, words
    that are no personal name ("（完）", "（化名）", "（资料图）"), and the names in `editors` (the page's
    own editor credits). `shaped_only`: only a byline's shape (a key or a filing place), never bare
    names (where the bracket stands above an appended notice, a bare name may be anyone quoted)."""
    m = _CLOSING_BRACKET.search(text)
    if not m or _NOT_WRITER.search(m.group(2)):
        return None
    printed = m.group(2)
    inner = _CLOSING_KEY.sub("", printed) if _CLOSING_KEY.match(printed) else _CLOSING_ROLE_GLUED.sub("", printed)
    shaped = inner != printed
    filed = _CLOSING_FILED.match(inner)
    if filed:
        inner, shaped = filed.group("names"), True
    if _KEY_LEFT.search(inner) or (shaped_only and not shaped):
        return None
    names = tuple(n for n in names_line(inner)
                  if n not in NON_AUTHORS and not _outlet_like(n) and n not in editors)
    return ClosingByline(m.group(1), names, shaped) if names else None


def credited_editors(lines: Iterable[str]) -> set[str]:
    """The personal names the lines credit as editors ("责任编辑：吴佳怡", "【编辑：李四 王五】"), short
    lines only (a byline's length): what `closing_byline` must not take for writers."""
    editors: set[str] = set()
    for line in lines:
        if len(line) > CREDIT_LINE_MAX:
            continue
        for m in _EDITOR_KEY.finditer(line):
            value = re.split(r"[】\]）)]", line[m.end():])[0]
            editors.update(t for t in re.split(r"[\s、，,/／|｜]+", value) if is_name(t))
    return editors


def signoff(text: str) -> bool:
    """A paragraph that ends in its writer's sign-off: a key or where it was filed from beside the
    names in brackets ("…。（王小明／台中報導）", "…。(文/图 张三)"). Nothing of the article follows it."""
    found = closing_byline(text, shaped_only=True)
    return found is not None and squash(found.cut) != squash(text)


def site_name(line: str) -> bool:
    """A line that is an outlet's name or logo text ("美国之音", "端傳媒 Initium Media",
    "東網 on.cc"), not a headline."""
    tokens = line.split()
    if not tokens or len(squash(line)) > 24:
        return False
    if _outlet_like(line) or re.search(r"\b[\w-]+\.(?:com|cc|hk|tw|cn|net|org|sg)\b", line):
        return True
    return _outlet_like(tokens[0]) and all(re.fullmatch(r"[A-Za-z0-9.&'-]+", t) for t in tokens[1:])


def _logo(i: int, s: str, filled: list[tuple[int, str]], furnishing: list[str]) -> bool:
    """The site's name at the top of the page (`s`, the squashed line at index `i` of `filled`):
    one of its first lines, short, and either right above the navigation (a chrome line) or
    printed again, within a longer line, in the page's furnishing (`furnishing`: its chrome lines
    and the lines after the body, squashed: a breadcrumb, a copyright line, an app prompt)."""
    if len(s) > 16:
        return False
    if i <= 1 and i + 1 < len(filled) and lexicon_rule(filled[i + 1][1]) in ("menu-line", "menu-item"):
        return True
    return any(s in t and t != s for t in furnishing)


def _title(meta: Metadata, head: list[tuple[int, str]], tail: list[tuple[int, str]], body: Body,
           filled: list[tuple[int, str]]) -> None:
    """The headline: the likeliest heading-like line before the body. Scored by structure — how much
    of it the body repeats, how near the body it stands, printed twice by itself — and never a
    byline, date, name list, menu, link list, the site's name or a line the page's footer repeats."""
    furniture = _furniture(filled, body)

    def key(line: str) -> str:  # "标题 - 某某网" and "标题" are the same headline
        return squash(split_title(line, furniture)[0])

    keys = {no: key(t) for no, t in filled}
    index = {no: i for i, (no, _) in enumerate(filled)}
    furnishing = [squash(t) for no, t in filled if body.classes.get(no) == CHROME or no > body.end > 0]
    tail_texts = {keys[no] for no, _ in tail}
    # per head line: how many lines of content stand between it and the body, and whether a byline
    # stands above it
    content = [no not in meta.consumed and bool(_CJK.search(t)) and body.classes.get(no) not in (CHROME, RELATED)
               for no, t in head]
    between: list[int] = []
    after = 0
    for flag in reversed(content):
        between.append(after)
        after += flag
    between.reverse()
    byline_above: list[bool] = []
    seen = False
    for n, _ in head:
        byline_above.append(seen)
        seen = seen or meta.consumed.get(n) == "byline"
    header_top, below_header = _header_block(head, meta)
    alone = _printed_twice_alone([keys[no] for no, _ in filled])
    listed = _link_list(head, meta, body)
    body_pairs = _pairs("".join(t for no, t in filled if body.start <= no <= body.end))
    best: tuple[float, int, str] | None = None
    previous = (-2, "")  # the last candidate (head index, key): a candidate right under another is a subtitle
    for k, (no, line) in enumerate(head):
        s = squash(line)
        after = head[k + 1][0] if k + 1 < len(head) else 0
        # a headline that mentions a widget's word ("业主可扫码查账") right above its date or byline
        worded = (lexicon_rule(line) == "chrome-phrase" and len(s) >= 10
                  and meta.consumed.get(after) in ("dateline", "byline", "source-note"))
        if (no in meta.consumed or body.classes.get(no) == CHROME and not worded
                or body.classes.get(no) == RELATED or related_marker(line)
                or len(s) > TITLE_MAX or s.rstrip(".…").endswith(("。", ".", "：", ":", "，", ",", "；"))
                or s.endswith(".") and not s.endswith("...") or names_line(line)
                or len(_CJK.findall(s)) < 2 or find_date(line) and len(s) < 24):
            continue
        if len(s) < 4 and between[k]:
            continue
        if len(s) <= 24 and s.endswith(BIO_ENDINGS):
            continue  # an affiliation under a byline ("某研究所數據科學家")
        if site_name(line) or _logo(index[no], s, filled, furnishing):
            continue
        if caption_start(line) or photo_credit(line):
            continue  # a photo's caption ("▲…", "…（圖／記者某某攝）"), wherever it stands
        if "|" in line or "｜" in line:
            parts = [p for p in _BAR.split(line) if p]
            if all(len(squash(p)) <= 10 for p in parts):
                continue  # a site banner: "某某網｜某某基金會"
        overlap = _overlap(keys[no], body_pairs)
        if overlap < TITLE_MIN_OVERLAP and between[k] and k != header_top:
            continue  # shares almost nothing with the body and stands away from it: a menu or a banner
            # (unless it heads the page's header: a digest's headline shares little with its items)
        score = (min(len(s), TITLE_LENGTH_CAP) + TITLE_OVERLAP_WEIGHT * overlap
                 + max(0, TITLE_NEAR_BONUS - TITLE_NEAR_STEP * between[k]))
        score += TITLE_REPEATED_BONUS if keys[no] in alone else 0
        score += TITLE_HEADER_BONUS if k == header_top else 0
        score -= TITLE_BELOW_HEADER_PENALTY if k > below_header >= 0 else 0
        score -= TITLE_LINK_LIST_PENALTY if no in listed else 0
        score -= TITLE_SUBTITLE_PENALTY if previous[0] == k - 1 and previous[1] != keys[no] else 0
        previous = (k, keys[no]) if len(_CJK.findall(s)) >= 8 else (-2, "")  # under a headline-long line
        score -= 40 if keys[no] in tail_texts else 0
        # a headline stands above the byline, rarely below it
        score -= 25 if byline_above[k] else 0
        score += 0.01 * k  # on a tie, the one nearer the body
        if best is None or score > best[0]:
            best = (score, no, line)
    if best is None or best[0] <= 0:
        return  # only lines the page's footer repeats: no headline printed
    # the very same line printed twice: the first is the headline, the second its repeat
    best = (best[0], next(no for no, t in head if squash(t) == squash(best[2])), best[2])
    title = split_title(best[2], furniture)[0]
    # printed twice (a tab title above the page, the headline above the text): the lower one is
    # the headline whose byline follows it
    line_no = max((no for no, t in head if keys[no] == keys[best[1]] and no >= best[1]
                   and (no == best[1] or squash(t) != squash(best[2]))), default=best[1])
    meta.title, meta.title_line = title, line_no
    meta.found.append(Found("title", title, f"line {line_no}: headline before the body", line_no))
    for no, line in head:  # what stands beside it, in any of its printings ("标题_某某网" above "标题")
        if keys[no] == keys[best[1]]:
            for name, value in split_title(line, furniture)[1]:
                meta.add(name, value, f"line {no}: {'label' if name == 'column' else name} beside the headline",
                         no, RANK["title"])


def _header_block(head: list[tuple[int, str]], meta: Metadata) -> tuple[int, int]:
    """(index in `head` of the headline-like line heading the page's header, index of that header)
    or -1s: the first dateline or byline with a headline-like line right above it (or a headline
    and its subtitle: the upper one heads the block). A line standing below that header is an
    item of the text (a digest's "【来源】标题" items, a caption), not the page's headline."""
    def headline_like(i: int) -> bool:
        no, line = head[i]
        s = squash(line)
        return (no not in meta.consumed and len(_CJK.findall(s)) >= TITLE_HEADER_MIN_CJK and len(s) <= TITLE_MAX
                and not s.endswith(("。", "：", ":", "，", ",")) and not caption_start(line) and not photo_credit(line))

    for j, (no, _) in enumerate(head):
        if meta.consumed.get(no) in ("dateline", "byline") and j and headline_like(j - 1):
            # a headline and its subtitle; not the last of a list of links standing above the headline
            pair = j >= 2 and headline_like(j - 2) and not (j >= 3 and headline_like(j - 3))
            return (j - 2 if pair else j - 1), j
    return -1, -1


def _pairs(text: str) -> set[str]:
    """A text's words for comparing it with another: Chinese character pairs, Latin words."""
    s = squash(text).lower()
    cjk = {a + b for a, b in zip(s, s[1:]) if _CJK.match(a) and _CJK.match(b)}
    return cjk | set(re.findall(r"[a-z0-9]{2,}", s))


def _overlap(text: str, body_pairs: set[str]) -> float:
    """The share of a line's words the body holds (a headline's are mostly there; a menu's are not)."""
    own = _pairs(text)
    return len(own & body_pairs) / len(own) if own else 0.0


def _printed_twice_alone(keys: list[str]) -> set[str]:
    """Lines printed twice or more by themselves (a tab title and the headline), not as part of a
    block printed twice (a menu: its neighbours repeat beside it)."""
    positions: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        positions.setdefault(k, []).append(i)
    pairs: dict[tuple[str, str], int] = {}
    for pair in zip(keys, keys[1:]):
        pairs[pair] = pairs.get(pair, 0) + 1
    out = set()
    for k, at in positions.items():
        if len(at) < 2 or not k:
            continue
        if not any(i > 0 and pairs[(keys[i - 1], k)] > 1 or i + 1 < len(keys) and pairs[(k, keys[i + 1])] > 1
                   for i in at):
            out.add(k)
    return out


def _link_list(head: list[tuple[int, str]], meta: Metadata, body: Body) -> set[int]:
    """Lines in a run of `LINK_LIST_MIN_RUN` or more headline-like lines (mostly Chinese, of
    `LINK_LIST_LINE` characters, no full stop): a list of links to other articles."""
    out: set[int] = set()
    run: list[int] = []
    low, high = LINK_LIST_LINE
    for no, line in head + [(0, "")]:
        s = squash(line)
        like = (no and no not in meta.consumed and body.classes.get(no) not in (CHROME, RELATED, SENTENCE, PROSE)
                and low <= len(s) <= high and len(_CJK.findall(s)) >= 0.5 * len(s))
        if like:
            run.append(no)
            continue
        if len(run) >= LINK_LIST_MIN_RUN:
            out.update(run)
        run = []
    return out


def _furniture(filled: list[tuple[int, str]], body: Body) -> list[str]:
    """The page's lines outside the body (squashed): its menus, logo, footer and copyright, where a
    site or section name after the headline is printed again."""
    return [squash(t) for no, t in filled if not body.start or not body.start <= no <= body.end]


def _title_opening_the_body(meta: Metadata, lines: list[tuple[int, str]], inside: list[tuple[int, str]],
                            body: Body) -> None:
    """A headline long and punctuated enough to pass for prose ("甲，乙，丙") opens the body: take
    the first body line when it is set apart by a blank line, unended, and prose follows it."""
    if len(inside) < 2:
        return
    (no, line), (next_no, _) = inside[0], inside[1]
    s = squash(line)
    blank_after = any(n == no + 1 and not t.strip() for n, t in lines)
    if (blank_after and 6 <= len(s) <= 60 and "。" not in s and not s.endswith(("，", ",", "：", ":", "；", "、"))
            and body.classes.get(next_no) == PROSE and not _NUMBERED.match(line) and no not in meta.consumed):
        title, extra = split_title(line)
        meta.title, meta.title_line = title, no
        meta.found.append(Found("title", title, f"line {no}: headline opening the text", no))
        for name, value in extra:
            meta.add(name, value, f"line {no}: {name} beside the headline", no)


def _names_under_title(meta: Metadata, filled: list[tuple[int, str]]) -> None:
    """A line of personal names just under the headline is its byline."""
    if not meta.title_line:
        return
    after = [(no, t) for no, t in filled if no > meta.title_line][:3]
    for no, text in after:
        names = names_line(text)
        if names and any(n in NON_AUTHORS or n.endswith(SECTION_ENDINGS) for n in names):
            continue  # a label ("原创", "时政要闻"), not a name
        if names and no not in meta.consumed:
            meta.add("author", "、".join(names), f"line {no}: names under the headline", no, RANK["names"])
            meta.consumed[no] = "byline"
            return


def _names_under_dateline(meta: Metadata, filled: list[tuple[int, str]], body: Body) -> None:
    """A line of personal names alone right under the page's dateline, before the text ("2024年6月3日
    10:20 某某報" / "王小明"): the byline, when nothing else names the writer."""
    if any(f.field == "author" for f in meta.found) or not body.start:
        return
    header = [(no, t) for no, t in filled if no < body.start]
    for (no, text), (next_no, line) in zip(header, header[1:]):
        if meta.consumed.get(no) != "dateline" or next_no in meta.consumed:
            continue
        names = names_line(line)
        if names and not any(n in NON_AUTHORS or n.endswith(SECTION_ENDINGS) for n in names):
            meta.add("author", "、".join(names), f"line {next_no}: names under the dateline", next_no, RANK["names"])
            meta.consumed[next_no] = "byline"
            return


def _printed_again(line: str, filled: list[tuple[int, str]]) -> bool:
    """The page prints this line more than once (a section's name in its menu and above the text)."""
    s = squash(line)
    return sum(squash(t) == s for _, t in filled) > 1


# "发布时间：…", "10-08 12:00": a line giving when the piece was posted (a date without its year too)
_TIME_STAMP = re.compile(r"(?:发布|發佈|發布|发表|發表)(?:时间|時間|于|於)|(?<!\d)\d{1,2}:\d{2}(?!\d)")


def _account_under_title(meta: Metadata, filled: list[tuple[int, str]], body: Body) -> None:
    """A platform account's name alone between the headline and its dateline ("标题" / "某某说财经" /
    "发布时间：…"): the author (the account that wrote it), when nothing better names one; an
    outlet's name there ("某某日报") is the outlet. A section's label there ("社会", "时政要闻", a
    word the page's menu prints again) names nobody: an account's name is `ACCOUNT_NAME_LEN`
    characters, printed once."""
    if not meta.title_line or any(f.field == "author" for f in meta.found):
        return
    after = [(no, t) for no, t in filled if no > meta.title_line][:2]
    if len(after) < 2 or after[0][0] in meta.consumed or not (
            meta.consumed.get(after[1][0]) == "dateline" or _TIME_STAMP.search(after[1][1])):
        return
    no, line = after[0]
    s = squash(line)
    if (not ACCOUNT_NAME_LEN[0] <= len(s) <= ACCOUNT_NAME_LEN[1] or not _CJK.search(s) or lexicon_rule(line)
            or body.classes.get(no) in (CHROME, RELATED) or re.search(r"[\W_]", s) or find_date(line)
            or s.endswith(SECTION_ENDINGS) or _printed_again(line, filled)):
        return
    if _outlet_like(s):
        meta.add("outlet", s, f"line {no}: outlet's name between the headline and its dateline", no, RANK["bio"])
    else:
        meta.add("author", s, f"line {no}: account name between the headline and its dateline", no, RANK["bio"])
    meta.consumed[no] = "byline"


def _bio(meta: Metadata, no: int, text: str) -> None:
    """A one-line author bio ("张三 某大学教授", "（作者为某大学教授）"): note it, take the name."""
    s = squash(text)
    if no in meta.consumed or len(s) > 50 or s.endswith("。") and len(s) > 30:
        return
    if re.match(r"^[（(*＊]?\s*(?:本文)?作者(?:为|為|係|是|系|現為|现为)", text):
        meta.consumed[no] = "author-bio"
        meta.add("credit", text.strip("（）()*＊ "), f"line {no}: author bio", no)
        return
    tokens = text.split()
    if len(tokens) >= 2 and is_name(tokens[0]) and squash("".join(tokens[1:])).rstrip("。").endswith(BIO_ENDINGS):
        author = meta.value("author")
        if author and tokens[0] not in author:
            return
        meta.add("author", tokens[0], f"line {no}: author bio", no, RANK["bio"])
        meta.add("credit", text.strip(), f"line {no}: author bio", no)
        meta.consumed[no] = "author-bio"
