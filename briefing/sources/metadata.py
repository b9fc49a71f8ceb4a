"""Finding an article's metadata in its scraped text (pure): headline, author, outlet, date and
time, credit notes. Each value is recorded with how it was found; the lines it came from are
marked so the cleaner removes them with a rule of their own.

Only the page's edges are searched — the lines before the body, the first lines of the body and
the lines after it — so a date or a name inside a paragraph of the article is never taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.model import Found
from briefing.sources.body import CHROME, PROSE, RELATED, Body, is_prose, lexicon_rule, related_marker, squash
from briefing.sources.lexicon import BIO_ENDINGS, COMPOUND_SURNAMES, OUTLET_ENDINGS, SURNAMES

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
TITLE_MAX = 90
META_LINE_MAX = 80  # a byline or dateline is short; longer lines are text

_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?"
    r"(?:\s*(?:[T\s]|星期.|週.|周.|[（(][^)）]{1,4}[)）])*\s*(?:(上午|下午|早上|晚上|凌晨|中午)\s*)?"
    r"(\d{1,2})\s*[:：時时点點]\s*(\d{2})(?:\s*[:：分]\s*(\d{2}))?)?")
_DATE_WORDS = re.compile(
    r"(发布时间|發布時間|發佈時間|发布日期|發布日期|更新时间|更新時間|最后更新|最後更新|发表时间|發表時間|"
    r"发表于|發表於|发布于|發佈於|發布於|时间|時間|日期|发布|發布|發佈|更新|出版|刊登|上载|上載|Published|Updated|Date)"
    r"\s*[:：]?", re.I)
_KEYED_AUTHOR = re.compile(
    r"(?:^|[\s|｜/／【〔（(，,])(?:(?:作者|撰文|記者|记者|编译|編譯|撰稿|采写|採寫|图文|圖文|特约记者|特約記者|"
    r"本报记者|本報記者|评论员|評論員)\s*[:：|｜/／，]?\s*|(?:文|图|圖|By|by)\s*[:：|｜/／]\s*|By\s+)"
    r"((?:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})|[\u3400-\u9fff·•]{2,8}(?:[\s、，,]+[\u3400-\u9fff·•]{2,4}){0,3})"
    r"(?=$|[\s/／｜|,，、()（）\]】〕]|\d)")
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
_CREDIT_NOTE = re.compile(r"^[（(]?\s*([^，。;；]{2,40}?)\s*(?:獨家|独家)?(?:授權|授权)(?:刊登|轉載|转载|發表|发表)\s*[)）]?\s*$")
_ORIGINAL_TITLE = re.compile(r"^(?:原标题|原標題|原題|原题)\s*[:：]")
_KEY_CUT = re.compile(r"\s+(?=作者|编辑|編輯|记者|記者|责任编辑|責任編輯)")
_ACCOUNT = re.compile(r"^(?:微信公众号|微信公眾號|公众号|公眾號)\s*[:：]?\s*")
_WECHAT_BYLINE = re.compile(r"^(?:原创|原創)\s+(.{2,60})$")
_DAY_FIRST = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)(?![\d.])")
_MONTH_FIRST = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?![\d/])")
_NAMES = r"[\u3400-\u9fff]{2,4}(?:[、，,\s]+[\u3400-\u9fff]{2,4}){0,3}"
_LEAD_BYLINES = (
    (re.compile(r"^\s*[〔［\[【（(]\s*(?:(?P<outlet>[\u3400-\u9fff]{2,6}?)\s*)?"
                r"(?:特派記者|特派记者|實習記者|实习记者|記者|记者|編譯|编译|駐\S{1,4}特派員|驻\S{1,4}特派员)\s*(?P<author>" + _NAMES
                + r")\s*[／/]\s*[^〕］\]】)）]{1,12}(?:報導|报道|報道)\s*[〕］\]】）)]\s*"),
     "byline at the start of the first paragraph"),
    (re.compile(r"^\s*[（(]\s*(?P<outlet>中央社)(?:記者|記者|駐\S{1,6}?特派員)?(?P<author>[\u3400-\u9fff]{2,3})?"
                r"[\u3400-\u9fff]{0,6}?\d{1,2}日(?:綜合外電)?(?:專電|電)\s*[)）]\s*"),
     "news-agency dateline"),
    (re.compile(r"^\s*(?P<outlet>新华社|新華社|中新社|中新网|中新網|人民网|人民網|央视网|央視網|本报|本報)[\u3400-\u9fff]{0,8}?"
                r"(?:\d{1,2}月\d{1,2}日)?(?:电|電|讯|訊)\s*(?:[（(]\s*(?:记者|記者|通讯员|通訊員)\s*(?P<author>"
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

    def value(self, name: str) -> str:
        return next((f.value for f in self.found if f.field == name), "")

    def add(self, name: str, value: str, how: str, line: int) -> None:
        value = " ".join(value.split()).strip(" ：:|｜/／,，、")
        if value and not self.value(name):
            self.found.append(Found(name, value, how, line))


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


def find_date(text: str) -> tuple[str, str, re.Match[str]] | None:
    """(ISO date, HH:MM or '', match) of the first valid date in `text`."""
    for m in _DATE.finditer(text):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        time = ""
        if m.group(5):
            h, mi = int(m.group(5)), int(m.group(6))
            if m.group(4) in ("下午", "晚上") and h < 12:
                h += 12
            if h < 24 and mi < 60:
                time = f"{h:02d}:{mi:02d}"
        return f"{y:04d}-{mo:02d}-{d:02d}", time, m
    for m in _DAY_FIRST.finditer(text):  # "01.03.2025" (DW and European styles)
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}", "", m
    for m in _MONTH_FIRST.finditer(text):  # "03/05/2025": American order (VOA, RFA); "25/03/2025" is day-first
        mo, d, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if mo > 12:
            mo, d = d, mo
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}", "", m
    return None


def split_title(line: str) -> tuple[str, list[tuple[str, str]]]:
    """The headline of a title line without a column prefix or a name/outlet suffix
    ("国际 | 标题", "标题｜张三", "标题_新华网", "【独家】标题"); the parts taken off, as
    (field, value) with field column, author or outlet."""
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
            for sep in ("_", " - ", " – ", " — ", " | "):
                head, found_sep, tail = line.rpartition(sep)
                if not found_sep or len(squash(head)) < 6:
                    continue
                if _outlet_like(tail):
                    suffixes.insert(0, ("outlet", tail.strip()))
                elif suffixes and len(squash(tail)) <= 6:  # "标题 - 生活 - 某某网": the section before the outlet
                    suffixes.insert(0, ("column", tail.strip()))
                else:
                    continue
                line, cut = head, True
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


def _outlet_like(text: str) -> bool:
    t = text.strip()
    return 3 <= len(t) <= 16 and t not in OUTLET_ENDINGS and t.endswith(OUTLET_ENDINGS)


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
            _byline(meta, no, text, in_body=(no, text) in edges)
    if title_line is None:
        _title(meta, head, tail, body, filled)
        if not meta.title:
            _title_opening_the_body(meta, lines, inside, body)
    else:
        meta.title_line = title_line
    _names_under_title(meta, filled)
    for no, text in tail[-12:] + head:
        _bio(meta, no, text)
    return meta


def _byline(meta: Metadata, no: int, text: str, in_body: bool) -> None:
    """Bylines, datelines, source and reprint notes: take their values, mark the line."""
    s = squash(text)
    if len(s) > META_LINE_MAX and not (len(s) <= 2 * META_LINE_MAX and _REPRINT.search(text)):
        return  # long lines are text, unless a reprint note with its photo credit
    rule = ""
    how = f"line {no}: "
    if _ORIGINAL_TITLE.match(text):
        meta.add("credit", text, how + "original-title note", no)
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
    elif (m := _CREDIT_NOTE.match(text)) and len(s) <= 40:
        meta.add("credit", text.strip("（）() "), how + "syndication note", no)
        rule = "credit-note"
    if is_prose(text) and len(s) > 40 and not rule:
        return  # running text: a byline at its start is taken by lead_byline, never the whole line
    m = _WECHAT_BYLINE.match(text)
    if m and not rule:  # WeChat: "原创 作者 公众号名 2025年3月1日"
        for token in m.group(1).split():
            if find_date(token) or re.fullmatch(r"[\d:：]+", token):
                continue
            meta.add("author" if is_name(token) else "outlet", token,
                     how + ("byline" if is_name(token) else "account name in the byline"), no)
        rule = "byline"
    m = _OUTLET_ROLE.match(text)
    if m and not rule:
        meta.add("outlet", m.group(1), how + "byline (outlet before the reporter's role)", no)
        meta.add("author", m.group(2), how + "byline", no)
        rule = "byline"
    tokens = text.split()
    if (not rule and 2 <= len(tokens) <= 4 and _outlet_like(tokens[0])
            and all(is_name(t) for t in tokens[1:])):  # "美国之音 李安然": the outlet, then its reporters
        meta.add("outlet", tokens[0], how + "byline (outlet, then names)", no)
        meta.add("author", "、".join(tokens[1:]), how + "byline", no)
        rule = "byline"
    m = _ABBR_ROLE.match(text)
    if m and not rule:
        meta.add("author", _names_of(m.group(1)), how + "byline (reporter after the outlet's short name)", no)
        rule = "byline"
    m = _CNA_DATELINE.search(text)
    if m and not rule:
        meta.add("author", m.group(1), how + "news-agency dateline", no)
        rule = "byline"
    m = _KEYED_AUTHOR.search(text)
    if m and (rule in ("source-note", "reprint-note") or rule == "" and not in_body):
        meta.add("author", _names_of(m.group(1)), how + "byline", no)
        rule = rule or "byline"
    date = find_date(text)
    if date and (rule or _date_line(text, date[2], 8 if in_body else 24)):
        kind = "byline" if rule else "dateline"
        meta.add("published", date[0], how + kind, no)
        if date[1]:
            meta.add("published_time", date[1], how + kind, no)
        if not rule:
            latin = re.fullmatch(r"\s*((?:[A-Z][A-Za-z.'-]+\s+){1,3}[A-Z][A-Za-z.'-]+)\s*",
                                 " ".join(_leftover(text, date[2])))
            if latin:  # "KEITH BRADSHER 2025年3月1日": a correspondent's name in Latin letters
                meta.add("author", latin.group(1), how + "name in the dateline", no)
            for token in _leftover(text, date[2]):
                keyed = re.match(r"^(来源|來源|出处|出處|作者|记者|記者)[:：]\s*(.+)$", token)
                if keyed:
                    meta.add("outlet" if keyed.group(1) in "来源來源出处出處" else "author", keyed.group(2),
                             how + "dateline", no)
                elif is_name(token):
                    meta.add("author", token, how + "name in the dateline", no)
                elif _outlet_like(token):
                    meta.add("outlet", token, how + "outlet in the dateline", no)
        rule = rule or "dateline"
    if rule:
        meta.consumed[no] = rule


def _names_of(found: str) -> str:
    """'财新 张三' → '张三': when some tokens are personal names, only those; else all."""
    tokens = [t for t in re.split(r"[\s、，,]+", re.split(r"\d", found)[0]) if t]
    names = [t for t in tokens if is_name(t)]
    return "、".join(names or tokens)


def _leftover(text: str, m: re.Match[str]) -> list[str]:
    rest = _DATE_WORDS.sub(" ", text[: m.start()] + " " + text[m.end():])
    return [t for t in re.split(r"[\s|｜/／·•]+", rest) if t]


def _date_line(text: str, m: re.Match[str], allowance: int) -> bool:
    """True when a line is a date and little else (a label, a weekday, a place, a view count,
    a name or an outlet: up to `allowance` characters)."""
    rest = _DATE_WORDS.sub("", text[: m.start()] + text[m.end():])
    rest = re.sub(r"(浏览|瀏覽|阅读|閱讀|点击|點擊|views?)\s*[:：]?\s*[\d,]+", "", rest, flags=re.I)
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


def site_name(line: str) -> bool:
    """A line that is an outlet's name or logo text ("美国之音", "端傳媒 Initium Media",
    "東網 on.cc"), not a headline."""
    tokens = line.split()
    if not tokens or len(squash(line)) > 24:
        return False
    if _outlet_like(line) or re.search(r"\b[\w-]+\.(?:com|cc|hk|tw|cn|net|org|sg)\b", line):
        return True
    return _outlet_like(tokens[0]) and all(re.fullmatch(r"[A-Za-z0-9.&'-]+", t) for t in tokens[1:])


def _logo(no: int, line: str, filled: list[tuple[int, str]], body: Body) -> bool:
    """The site's name at the top of the page: one of its first lines, short, and either right
    above the navigation (a chrome line) or printed again in the page's furniture (a breadcrumb,
    a copyright line, an app prompt) or after the body."""
    s = squash(line)
    if len(s) > 16:
        return False
    numbers = [n for n, _ in filled]
    i = numbers.index(no)
    if i <= 1 and i + 1 < len(filled) and lexicon_rule(filled[i + 1][1]) in ("menu-line", "menu-item"):
        return True
    return any(n != no and s in squash(t) and squash(t) != s and (body.classes.get(n) == CHROME or n > body.end > 0)
               for n, t in filled)


def _title(meta: Metadata, head: list[tuple[int, str]], tail: list[tuple[int, str]], body: Body,
           filled: list[tuple[int, str]]) -> None:
    """The headline: the likeliest heading-like line before the body (repeated there, near the
    top, not also in the page's footer, not a byline, date, name list, menu or the site's name)."""
    def key(line: str) -> str:  # "标题 - 某某网" and "标题" are the same headline
        return squash(split_title(line)[0])

    tail_texts = {key(t) for _, t in tail}
    head_counts: dict[str, int] = {}
    for _, t in head:
        head_counts[key(t)] = head_counts.get(key(t), 0) + 1
    best: tuple[float, int, str] | None = None
    previous = -2  # head index of the last candidate: a candidate right under another is a subtitle
    for k, (no, line) in enumerate(head):
        s = squash(line)
        first = k == 0
        next_is_body = k == len(head) - 1 or all(n in meta.consumed for n, _ in head[k + 1:])
        after = next((n for n, _ in head[k + 1:]), 0)
        # a headline that mentions a widget's word ("业主可扫码查账") right above its date or byline
        worded = (lexicon_rule(line) == "chrome-phrase" and len(s) >= 10
                  and meta.consumed.get(after) in ("dateline", "byline", "source-note"))
        if (no in meta.consumed or body.classes.get(no) == CHROME and not worded
                or body.classes.get(no) == RELATED or related_marker(line)
                or len(s) > TITLE_MAX or s.endswith(("。", ".", "：", ":", "，", ",", "；")) or names_line(line)
                or len(_CJK.findall(s)) < 2 or find_date(line) and len(s) < 24):
            continue
        if len(s) < 4 and not (first and next_is_body):
            continue
        if len(s) <= 24 and s.endswith(BIO_ENDINGS):
            continue  # an affiliation under a byline ("某研究所數據科學家")
        if site_name(line) or _logo(no, line, filled, body):
            continue
        if "|" in line or "｜" in line:
            parts = [p for p in _BAR.split(line) if p]
            if all(len(squash(p)) <= 10 for p in parts):
                continue  # a site banner: "某某網｜某某基金會"
        score: float = min(len(s), 30) + (12 if best is None else 0) + (30 if head_counts[key(line)] > 1 else 0)
        score -= 12 if previous == k - 1 else 0
        previous = k if len(_CJK.findall(s)) >= 8 else -2  # a subtitle stands under a headline-long line
        score -= 40 if key(line) in tail_texts else 0
        score += 5 if next_is_body else 0
        # a headline stands above the byline, rarely below it
        score -= 25 if any(n in meta.consumed and meta.consumed[n] == "byline" for n, _ in head[:k]) else 0
        score += 0.01 * k  # on a tie, the one nearer the body
        if best is None or score > best[0]:
            best = (score, no, line)
    if best is None or best[0] <= 0:
        return  # only lines the page's footer repeats: no headline printed
    title, extra = split_title(best[2])
    # printed twice (a tab title above the page, the headline above the text): the lower one is
    # the headline whose byline follows it
    line_no = max((no for no, t in head if key(t) == key(best[2]) and no >= best[1]
                   and (no == best[1] or squash(t) != squash(best[2]))), default=best[1])
    meta.title, meta.title_line = title, line_no
    meta.found.append(Found("title", title, f"line {line_no}: headline before the body", line_no))
    for name, value in extra:
        meta.add(name, value, f"line {best[1]}: {'label' if name == 'column' else name} beside the headline",
                 best[1])


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
        if names and no not in meta.consumed:
            meta.add("author", "、".join(names), f"line {no}: names under the headline", no)
            meta.consumed[no] = "byline"
            return


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
        meta.add("author", tokens[0], f"line {no}: author bio", no)
        meta.add("credit", text.strip(), f"line {no}: author bio", no)
        meta.consumed[no] = "author-bio"
