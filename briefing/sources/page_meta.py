"""An article page's headline, byline, date and outlet, read from its structure (pure).

Each value is found in a stated order and reported with how it was found:

- headline: the visible heading (an `<h1>`, else a heading-like line above the article text) that
  agrees with `og:title` / JSON-LD `headline` / the `<title>`; else `og:title`; else the
  `<title>` without its site-name suffix. The suffix is found by structure, never by a list of
  site names: the `<title>`'s parts after the one the heading matches, parts equal to
  `og:site_name`, or, with no heading, the short parts after the longest one.
- author: the visible byline between the headline and the text (keyed — "原创：X编译" read as X —,
  a bare name on an author card: avatar, name, dateline, or a link the page marks as the author's:
  rel/itemprop "author"); then a byline opening the text
  (〔記者X／台北報導〕, 新华社…电（记者X）); then a byline or author note closing it ("作者︱X",
  "（作者：X 某大学教授）", or the writers' names in brackets ending the last paragraph or on a line of
  their own, read as on scraped text by metadata.closing_byline — "…举行。（张三）", "（记者 X）",
  "（X／台中報導）", "(文/图 X Y)" —, also above a notice appended to the text, where only a byline's
  shape counts); then JSON-LD / `<meta name="author">`, only when it reads as a
  person's name. An editor (责任编辑, 编辑, 责编 …) is never the author, nor is anyone the page
  also credits as its editor.
- published date and time: the visible dateline near the headline (a two-digit year before the
  time, "18-03-08 23:16", read as 2018); then JSON-LD / `<meta>`
  (article:published_time, publishdate, pubdate …); then the date htmldate finds.
- outlet: the source line near the headline (来源：X); then `og:site_name`; then the `<title>`'s
  last suffix part.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from briefing.sources.density import LINK_DENSITY_MAX, is_prose
from briefing.sources.dom import CLAUSE_PUNCT, Block, Page, clean_space, squash
from briefing.sources.lexicon import COMPOUND_SURNAMES, SURNAMES, WRITER_ROLE_SUFFIXES
from briefing.sources.metadata import (SUFFIX_MAX, closing_byline, find_date, is_name, lead_byline, split_title,
                                       title_parts)
from briefing.sources.vote import Decision

HEADLINE_MAX = 90  # characters; a longer line is text
BYLINE_MAX = 80  # a byline or dateline is short
NEAR_HEAD = 8  # blocks searched between the headline and the text
NEAR_TAIL = 8  # blocks searched after the text's last paragraph
LEAD_LINE_MAX = 40  # a kept line this short before the first paragraph may be a caption, dateline or byline
CAPTION_MAX = 160  # a photo's caption above the first paragraph may be this long and still be passed over
DATELINE_LABEL_MAX = 8  # characters a dateline may hold besides its date: "发布时间", "最新更新"
CARD_NAME = (2, 20)  # characters: the bare name in an author card
CARD_DEPTH = 3  # levels above the name where the card (avatar, name, dateline) is looked for
_CHINA = timezone(timedelta(hours=8))
_EDITOR_KEY = (r"(?:责任编辑|責任編輯|责任校对|責任校對|实习编辑|實習編輯|网络编辑|網絡編輯|值班编辑|值班編輯|"
               r"编辑|編輯|责编|責編|编审|編審|校对|校對|审核|審核|审校|審校|监制|監製|美编|美編|主编|主編|终审|終審|"
               r"排版|统筹|統籌|网编|網編)")
_NAME_RUN = r"[\u3400-\u9fff·•]{2,12}(?:[、，,\s]+[\u3400-\u9fff·•]{2,4}){0,4}"
_SEP = r"\s*[:：︱|｜丨/／]\s*"
_EDITOR = re.compile(r"[【\[（(]?\s*" + _EDITOR_KEY + r"\s*[:：︱|｜丨/／]?\s*(" + _NAME_RUN + r")\s*[】\]）)]?")
_AUTHOR_KEY = (r"(?:作者|撰文|撰稿|采写|採寫|特约撰稿人|特約撰稿人|特约记者|特約記者|本报记者|本報記者|"
               r"实习记者|實習記者|记者|記者|通讯员|通訊員|评论员|評論員)")
# one or two characters, or a self-media platform's "original" mark before the writer
# ("原创： 张三 某某公众号"): only with a separator after it
_SHORT_KEY = r"(?:文|图文|圖文|文字|文／图|文/图|原创|原創)"
_KEYED = re.compile(r"(?:^|[\s【\[（(〔，,；;|｜])(?:" + _AUTHOR_KEY + r"(?:" + _SEP + r"|\s+|(?=[\u3400-\u9fff]))|"
                    + _SHORT_KEY + _SEP + r")"
                    r"((?:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})|" + _NAME_RUN + r")")
# 〔記者王小明／台北報導〕, 记者 张三/北京报道: the Taiwanese and mainland "reporter / city" byline
_REPORTER_CITY = re.compile(r"(?:記者|记者|特派員|特派员)\s*(" + _NAME_RUN + r")\s*[／/]\s*[\u3400-\u9fff]{2,6}(?:報導|报道|報道)")
# 澎湃新闻记者 张三: an outlet's name, its role word, the name
_OUTLET_REPORTER = re.compile(r"^[\u3400-\u9fffA-Za-z]{2,10}?(?:记者|記者|特约记者|特約記者)\s*(" + _NAME_RUN + r")$")
# a byline's label token: an outlet's or a paper's role word ("南都记者", "本报通讯员")
_ROLE_WORD = re.compile(r"^[\u3400-\u9fff]{0,6}(?:记者|記者|通讯员|通訊員|评论员|評論員|特派员|特派員)$")
_BY = re.compile(r"^(?:By|BY|by)\s+((?:[A-Z][\w.'-]*\s*){1,4})$")
_KEY_BOUNDARY = re.compile(r"(?<=[\u3400-\u9fff])(?=(?:来源|來源|编辑|編輯|时间|時間|发布|發布|日期|记者|記者|作者|通讯员|"
                           r"通訊員|摄影|攝影|责编|責編|出品|字号|字號|浏览|瀏覽|阅读|閱讀)\s*[:：︱|｜])")
_PHOTO_CREDIT = re.compile(r"(?:记者|記者|摄影|攝影|图|圖)?\s*[\u3400-\u9fff·]{2,4}(?:[、\s]+[\u3400-\u9fff·]{2,4})*\s*(?:摄|攝)(?![\u3400-\u9fff])")
_SOURCE = re.compile(r"(?:来源|來源|稿源|出处|出處)\s*[:：]\s*([^\s|｜/／，,；;]{2,24})")
# a dateline with a two-digit year and a time: "18-03-08 23:16", "19/05/12 08:30"
_SHORT_YEAR = re.compile(r"(?<![\d:/.-])(\d{2})([-/.])(\d{1,2})\2(\d{1,2})\s*(\d{1,2}):(\d{2})(?::\d{2})?(?![\d:])")
# a date or a time as a card prints it, often without the year ("10-08", "12:00")
_CLOCK = re.compile(r"\d{1,2}[-/.月]\d{1,2}|\d{1,2}:\d{2}")
_DATE_META = ("article:published_time", "og:article:published_time", "og:published_time", "datepublished",
              "publishdate", "pubdate", "publish_date", "publication_date", "dc.date", "dc.date.issued",
              "date", "sailthru.date", "weibo:article:create_at", "og:release_date", "article:modified_time")


@dataclass
class PageMeta:
    """What was found (field → (value, how)), and the blocks that held it (index → rule)."""

    found: dict[str, tuple[str, str]] = field(default_factory=dict)
    used: dict[int, str] = field(default_factory=dict)
    headline_block: int | None = None
    editors: list[str] = field(default_factory=list)

    def add(self, name: str, value: str, how: str) -> None:
        value = " ".join(value.split())
        value = value.strip() if name == "title" else value.strip(" ：:|｜/／,，、()（）【】[]")
        if value and name not in self.found:
            self.found[name] = (value, how)


def read_page_meta(page: Page, decisions: list[Decision], url: str = "",
                   fallback: dict[str, str] | None = None, wechat: dict[str, tuple[str, str]] | None = None
                   ) -> PageMeta:
    """Headline, author, date/time and outlet of the page (see the module's docstring)."""
    meta = PageMeta()
    kept = [d.block.index for d in decisions if d.keep]
    start = kept[0] if kept else len(page.blocks)
    end = kept[-1] if kept else len(page.blocks) - 1
    for name, (value, how) in (wechat or {}).items():
        meta.add(name, value, how)
    _headline(meta, page, start)
    if meta.headline_block is not None and meta.headline_block in kept:
        # the extractors kept the headline with the text (it stands in the article's container):
        # the text starts after it, and the dateline row printed under it belongs to the head
        kept = [i for i in kept if i != meta.headline_block]
        start = kept[0] if kept else start
    head_from = meta.headline_block + 1 if meta.headline_block is not None and meta.headline_block < start \
        else max(0, start - NEAR_HEAD)
    head = [b for b in page.blocks[head_from:start] if not b.hidden][-NEAR_HEAD:]
    tail = _tail(decisions[end + 1:])
    last_kept = [decisions[i].block for i in kept[-3:]]
    _editors(meta, page)
    for block in head:
        _byline(meta, block, "visible byline near the headline")
    _author_card(meta, page, head)
    _author_link(meta, head)
    leading = _leading_lines(decisions, kept)
    for block in leading:  # a caption, then the dateline or byline, inside the article's container
        _byline(meta, block, "visible byline at the top of the text", dateline=_dateline_only(block.text))
    if kept:
        first = kept[len(leading)] if len(leading) < len(kept) else start
        prefix, fields = lead_byline(page.blocks[first].text)
        for name, value, how in fields:
            if name == "author":
                value = _not_editor(meta, value)
            if value:
                meta.add(name, value, f"{how} (the text's first paragraph)")
        if prefix:
            meta.used.setdefault(-1, prefix)  # the prefix is cut from the first paragraph
    for block in last_kept + tail:
        _byline(meta, block, "byline after the text", closing=True)
    for block in reversed([decisions[i].block for i in kept[-NEAR_TAIL:-3]]):
        # a notice appended to the text (a helpline, an app's promotion) after the paragraph that
        # closes with the byline in brackets: only a byline's shape there, never bare names
        _closing_names(meta, block, "byline closing the text, above a notice", bare=False)
    _head_metadata(meta, page, fallback or {})
    return meta


# ---- headline ---------------------------------------------------------------------------------------

def _similar(a: str, b: str, share: float = 0.6) -> bool:
    """Two headlines are the same when one holds the other and is most of it."""
    a, b = squash(a), squash(b)
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return short in long and len(short) >= share * len(long)


def strip_site_suffix(text: str, page: Page) -> str:
    """`text` (the page's `<title>`, or a value declared like it) without the site and section names
    after the headline: metadata.split_title, told og:site_name."""
    return split_title(text, site_name=page.meta.get("og:site_name", ""), tab_title=True)[0]


def _headline(meta: PageMeta, page: Page, start: int) -> None:
    declared = [(page.meta.get("og:title", ""), "og:title"), (page.meta.get("twitter:title", ""), "twitter:title")]
    declared += [(str(item.get("headline") or ""), "JSON-LD headline") for item in page.json_ld]
    declared = [(html_lib.unescape(clean_space(v)), how) for v, how in declared if v.strip()]
    title = page.title
    title_head = strip_site_suffix(title, page) if title else ""
    references = [v for v, _ in declared] + ([title_head] if title_head else [])
    if "title" in meta.found:  # a WeChat headline from its own markup
        references.insert(0, meta.found["title"][0])
    # a visible heading that agrees with what the page declares, nearest above the text
    best: Block | None = None
    for block in page.blocks:
        if block.hidden or block.link_density > LINK_DENSITY_MAX or block.chars > HEADLINE_MAX or block.chars < 4:
            continue
        if block.index > start and best is not None:
            break
        agrees = any(_similar(block.text, r) for r in references) or block.heading and any(
            _similar(block.text, r, 0.4) for r in [title] + [v for v, _ in declared])
        if agrees and (block.heading or not is_prose(block)):
            if best is None or block.index <= start or not best.heading and block.heading:
                best = block
    if best is not None:
        text = strip_site_suffix(best.text, page) if best.text == title else best.text
        meta.headline_block = best.index
        meta.used[best.index] = "headline"
        meta.add("title", text, f"the page's heading, matching {_matched(best.text, declared, title_head)}")
        return
    if "title" in meta.found:
        return
    for value, how in declared:
        meta.add("title", strip_site_suffix(value, page), how + " (site name removed)" if value != title_head else how)
        return
    headings = [b for b in page.blocks[:start] if b.tag == "h1" and not b.hidden and b.link_density <= LINK_DENSITY_MAX
                and 4 <= b.chars <= HEADLINE_MAX]
    if headings:
        meta.headline_block = headings[-1].index
        meta.used[headings[-1].index] = "headline"
        meta.add("title", headings[-1].text, "the page's <h1>")
    elif title_head:
        meta.add("title", title_head, "<title> without the site name")


def _matched(text: str, declared: list[tuple[str, str]], title_head: str) -> str:
    for value, how in declared:
        if _similar(text, value):
            return how
    return "<title>" if _similar(text, title_head) else "the page's title"


# ---- bylines ----------------------------------------------------------------------------------------

def _editors(meta: PageMeta, page: Page) -> None:
    """Everyone the page credits as an editor: never the author."""
    for block in page.blocks:
        if block.chars > BYLINE_MAX or block.hidden:
            continue
        for m in _EDITOR.finditer(block.text):
            for name in re.split(r"[、，,\s]+", m.group(1)):
                name = _name_of(name)
                if name and name not in meta.editors:
                    meta.editors.append(name)


def _not_editor(meta: PageMeta, names: str) -> str:
    kept = [n for n in re.split(r"[、，,]+", names) if n and n not in meta.editors]
    return "、".join(kept)


def _name_of(run: str) -> str:
    """A person's name at the start of a run of characters ("方敏北京大学经济学院教授" → 方敏)."""
    run = run.strip()
    if re.fullmatch(r"[A-Za-z][\w.' -]*", run):
        return run.strip()
    if len(run) <= 4:
        return run if len(run) >= 2 else ""
    import rjieba
    tokens = rjieba.cut(run)
    if not tokens:
        return ""
    name = tokens[0]
    if len(name) == 1 and len(tokens) > 1 and len(tokens[1]) <= 2:  # 陈 / 海峰
        name += tokens[1]
    if 2 <= len(name) <= 4 and (name[0] in SURNAMES or name.startswith(COMPOUND_SURNAMES)):
        return name
    return ""


def byline_authors(text: str) -> tuple[str, str]:
    """(names, rule) of the writers a short byline line names, editors left out; ("", "") if none."""
    line = _EDITOR.sub(" ", text)  # "作者：责任编辑：张三" names no writer
    line = _KEY_BOUNDARY.sub(" ", line)  # "作者：张三来源：某某网": the name ends where the next label starts
    line = _PHOTO_CREDIT.sub(" ", line)  # "（记者 张三 摄）" names the photographer
    m = _REPORTER_CITY.search(line)
    if m:
        return _names(m.group(1)), "reporter/city byline"
    for m in _KEYED.finditer(line):
        names = _names(m.group(1))
        if names:
            return names, "keyed byline"
    m = _OUTLET_REPORTER.match(line.strip())
    if m:
        return _names(m.group(1)), "outlet and reporter"
    m = _BY.match(line.strip())
    if m:
        return m.group(1).strip(), "By-line"
    return "", ""


def _names(run: str) -> str:
    """The names in a byline's run: the first as written (a pen name may be anything), the others
    only when they read as personal names ("记者 张三 李四", not "张三 参与评论")."""
    names: list[str] = []
    as_written = True  # the run's first token may be a pen name; once it is not a name, none is taken as written
    for token in re.split(r"[、，,\s]+", run.strip()):
        if not names and _ROLE_WORD.search(token):  # "采写：某都记者 张三 李四": a leading label names nobody
            continue
        role = next((r for r in WRITER_ROLE_SUFFIXES if token.endswith(r) and len(token) > len(r) + 1), "")
        token = token[: len(token) - len(role)]  # "张三编译": the name before the role
        name = _name_of(token) if len(token) > 4 else token
        if not name or len(name) < 2:
            as_written = False  # "记者从市里了解到，本周…": a sentence, not a byline
            continue
        if (names or not as_written) and not (re.fullmatch(r"[A-Za-z][\w.' -]*", name) or name[0] in SURNAMES
                                               or name.startswith(COMPOUND_SURNAMES)):
            break
        names.append(name)
    return "、".join(names)


_CREDIT_LABEL = re.compile(r"^[【\[（(]?\s*" + _EDITOR_KEY + r"\s*[:：︱|｜丨/／]")


def closing_credit(text: str) -> bool:
    """A short line that credits the article's writers or editors ("采写：…记者 张三", "作者：李四",
    "责任编辑：" even with the name left empty): where it stands after the text, the article ends."""
    if len(squash(text)) > BYLINE_MAX:
        return False
    if _CREDIT_LABEL.match(text.strip()):
        return True
    names = [n for n in byline_authors(text)[0].split("、") if n]  # an interview's "记者：为什么？" names nobody
    return bool(names) and all(is_name(n) or re.fullmatch(r"[A-Za-z][\w.' -]*", n) for n in names)


def _tail(after: list[Decision]) -> list[Block]:
    """The visible blocks after the text where a closing byline may stand: up to the first heading,
    which opens another section (the author's other articles, related news, comments)."""
    tail: list[Block] = []
    for d in after:
        if d.block.hidden:
            continue
        if d.block.heading or len(tail) >= NEAR_TAIL:
            break
        tail.append(d.block)
    return tail


def _author_card(meta: PageMeta, page: Page, head: list[Block]) -> None:
    """An author card between the headline and the text: an avatar, then a bare name (no label, no
    punctuation, no digits) right above the dateline (a date or a time, the year often left out),
    both in the card that holds the avatar — as self-media and blog platforms print their writer
    or account."""
    if "author" in meta.found:
        return
    for block in head:
        text = block.text.strip()
        dateline = next((b for b in page.blocks[block.index + 1:] if not b.hidden), None)
        if dateline is None:
            return
        if not CARD_NAME[0] <= block.chars <= CARD_NAME[1] or block.clauses or re.search(r"\d", text) \
                or find_date(text) or block.index in meta.used or block.heading or text in meta.editors:
            continue
        if dateline.chars > BYLINE_MAX or not (find_date(dateline.text) or _CLOCK.search(dateline.text)):
            continue
        if _avatar_before(block, dateline):
            meta.add("author", text, "name beside an avatar above the dateline (author card)")
            meta.used.setdefault(block.index, "byline")
            return


def _author_link(meta: PageMeta, head: list[Block]) -> None:
    """A link the page marks as its author's (`rel="author"`, `itemprop="author"`) between the
    headline and the text: the byline of sites that link each writer's page, read although it is
    all link text (which no other byline rule reads)."""
    if "author" in meta.found:
        return
    for block in head:
        for node in block.element.iter("a", "span", "cite", "div"):
            marked = "author" in (node.get("rel") or "").lower().split() or node.get("itemprop") == "author"
            text = clean_space(node.text_content()) if marked else ""
            if squash(text) not in squash(block.text):  # inside another block the element holds
                continue
            if not text or not CARD_NAME[0] <= len(squash(text)) <= CARD_NAME[1] or re.search(r"\d", text) \
                    or any(c in CLAUSE_PUNCT for c in text) or text in meta.editors:
                continue
            meta.add("author", text, "a link marked as the author's (rel/itemprop author) near the headline")
            meta.used.setdefault(block.index, "byline")
            return


def _avatar_before(name: Block, dateline: Block) -> bool:
    """An image before the name inside an element (at most CARD_DEPTH levels above the name) that
    also holds the dateline: the card's avatar."""
    holders = set(dateline.element.iterancestors()) | {dateline.element}
    element = name.element
    for _ in range(CARD_DEPTH):
        element = element.getparent()
        if element is None:
            return False
        if element not in holders:
            continue
        for node in element.iter():
            if node is name.element:
                break
            if node.tag == "img":
                return True
    return False


def _leading_lines(decisions: list[Decision], kept: list[int]) -> list[Block]:
    """The short kept blocks before the text's first paragraph: a photo's caption, a dateline, a
    byline printed inside the article's container."""
    lines = []
    for index in kept[:NEAR_HEAD]:
        block = decisions[index].block
        if block.chars > LEAD_LINE_MAX and not (_photo_caption(block) and block.chars <= CAPTION_MAX):
            break
        lines.append(block)
    return lines if len(lines) < len(kept) else []


def _photo_caption(block: Block) -> bool:
    """A caption: marked as one, or a bold line right under an image ("<p><img></p><p><b>…</b></p>")."""
    if block.caption:
        return True
    previous = block.element.getprevious()
    return block.bold and previous is not None and (previous.tag == "img" or previous.find(".//img") is not None)


def _dateline_only(text: str) -> bool:
    """A line that is a date and time with at most a short label or source ("2025-03-02 08:19",
    "发布时间：2025年3月2日 09:45 来源：某某日报"), not a caption that mentions a date."""
    if not find_date(text):
        return False
    rest = _SOURCE.sub("", text)
    rest = re.sub(r"[\d\s年月日时時分秒:：/.\-—–]+", "", rest)
    return len(rest) <= DATELINE_LABEL_MAX


def _byline(meta: PageMeta, block: Block, how: str, closing: bool = False, dateline: bool = True) -> None:
    text = block.text
    if block.link_density > LINK_DENSITY_MAX:
        return
    if closing:  # the last paragraph may end with its writers' names, however long it is
        _closing_names(meta, block, how)
    if block.chars > BYLINE_MAX and not (closing and block.chars <= 2 * BYLINE_MAX and text.lstrip().startswith(("(", "（"))):
        return
    rule = ""
    names, kind = byline_authors(text)
    names = _not_editor(meta, names)
    if names:
        meta.add("author", names, f"{how} ({kind})")
        rule = "byline"
    if _EDITOR.search(text) and not names and squash(_EDITOR.sub("", text)) in ("", "[]", "【】", "()", "（）"):
        rule = rule or "editor credit"
    source = _SOURCE.search(text)
    if source and not closing:
        value = source.group(1)
        for link in block.links:  # "来源：某某网参与互动": a link run on after the name is not part of it
            if len(link) < len(value) and value.endswith(squash(link)):
                value = value[: -len(squash(link))]
        meta.add("outlet", value, f"{how} (source)")
        rule = rule or "source line"
    if not closing and dateline:
        date = find_date(text) or _short_year_date(text)
        if date and len(squash(text)) <= BYLINE_MAX:
            meta.add("published", date[0], f"{how} (dateline)")
            if date[1]:
                meta.add("published_time", date[1], f"{how} (dateline)")
            rule = rule or "dateline"
    if rule:
        meta.used.setdefault(block.index, rule)


def _short_year_date(text: str) -> tuple[str, str] | None:
    """(ISO date, HH:MM) of a dateline printing the year in two digits before the time, as some
    platforms' cards do ("发布时间：18-03-08 23:16"); None for anything else (a month and day
    without the year, "10-08 12:00", is left to the page's metadata)."""
    m = _SHORT_YEAR.search(text)
    if not m:
        return None
    yy, mo, d, hh, mi = (int(m.group(i)) for i in (1, 3, 4, 5, 6))
    try:
        return datetime(2000 + yy, mo, d, hh, mi).date().isoformat(), f"{hh:02d}:{mi:02d}"
    except ValueError:
        return None


def _closing_names(meta: PageMeta, block: Block, how: str, bare: bool = True) -> None:
    """A paragraph (or a line of its own) ending in the writers' names in brackets
    (metadata.closing_byline: bare names, a writer's key, a filing place); never anyone the page
    credits as its editor. `bare`: bare names count (not above a notice appended to the text)."""
    found = closing_byline(block.text, editors=meta.editors, shaped_only=not bare)
    if found:
        meta.add("author", "、".join(found.names), f"{how} (names in brackets closing the text)")


# ---- <head> metadata -------------------------------------------------------------------------------

def _head_metadata(meta: PageMeta, page: Page, fallback: dict[str, str]) -> None:
    for item in page.json_ld:
        date = str(item.get("datePublished") or "")
        if date and find_date(date):
            _add_date(meta, date, "JSON-LD datePublished")
    for key in _DATE_META:
        value = page.meta.get(key, "")
        if value and find_date(value):
            _add_date(meta, value, f"<meta {key}>")
    if fallback.get("date"):
        _add_date(meta, fallback["date"], "htmldate (via trafilatura)")
    for item in page.json_ld:
        author = item.get("author")
        for person in (author if isinstance(author, list) else [author]):
            name = person.get("name") if isinstance(person, dict) else person
            if isinstance(name, str) and _person(meta, name):
                meta.add("author", name, "JSON-LD author")
    for key in ("author", "article:author", "og:article:author", "dc.creator"):
        value = page.meta.get(key, "")
        if _person(meta, value):
            meta.add("author", value, f"<meta {key}>")
    site = page.meta.get("og:site_name", "")
    if site:
        meta.add("outlet", site, "og:site_name")
    parts = title_parts(page.title)
    if len(parts) >= 2 and len(squash(parts[-1])) <= SUFFIX_MAX and "title" in meta.found \
            and not _similar(parts[-1], meta.found["title"][0]):
        meta.add("outlet", parts[-1], "the <title>'s last part (after the headline)")


def _add_date(meta: PageMeta, value: str, how: str) -> None:
    found = find_date(value)
    if not found:
        return
    iso, time, _ = found
    zone = re.search(r"T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:?\d\d)", value)
    if zone and time:  # a machine timestamp: shown in Beijing time when it names another zone
        stamp = re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?", value)
        try:
            when = datetime.fromisoformat(stamp.group(0) + (zone.group(1).replace("Z", "+00:00"))) if stamp else None
        except ValueError:
            when = None
        if when is not None:
            when = when.astimezone(_CHINA)
            iso, time = when.strftime("%Y-%m-%d"), when.strftime("%H:%M")
            how += " (in Beijing time)"
    if "published" not in meta.found:
        meta.add("published", iso, how)
        if time:
            meta.add("published_time", time, how)


def _person(meta: PageMeta, value: str) -> bool:
    """A declared author that reads as a person: not a number, an address, the site or an editor."""
    value = value.strip()
    if not value or value in meta.editors or "@" in value or re.search(r"\d", value):
        return False
    if re.fullmatch(r"[\u3400-\u9fff]{2,4}", value):
        return value[0] in SURNAMES or value.startswith(COMPOUND_SURNAMES)
    return bool(re.fullmatch(r"[A-Z][a-z]+(?:\s+[A-Z][a-z.'-]+){1,3}", value))


def wechat_fields(source: str) -> dict[str, tuple[str, str]]:
    """Headline, account, author and time of a WeChat article page, from its markup and script
    (the platform fills its byline in by script; a saved page holds it only there)."""
    found: dict[str, tuple[str, str]] = {}
    patterns = (
        ("title", r'<h1[^>]*(?:id="activity-name"|class="rich_media_title)[^>]*>(.*?)</h1>', "WeChat headline"),
        ("title", r'var msg_title = [\'"](.*?)[\'"]', "WeChat msg_title"),
        ("outlet", r'<a[^>]*id="js_name"[^>]*>(.*?)</a>', "WeChat account name"),
        ("outlet", r'var nickname = [\'"](.*?)[\'"]', "WeChat account name"),
        ("author", r'<meta name="author" content="([^"]+)"', "WeChat author"),
        ("author", r'<span[^>]*id="js_author_name"[^>]*>(.*?)</span>', "WeChat author"),
    )
    for name, pattern, how in patterns:
        m = re.search(pattern, source, re.S)
        value = html_lib.unescape(re.sub(r"<[^>]+>|\s+", " ", m.group(1))).strip() if m else ""
        if value and name not in found:
            found[name] = (value, how)
    m = re.search(r'var ct = "?(\d{9,10})"?', source) or re.search(r'"create_time"\s*:\s*"?(\d{9,10})', source)
    if m:
        when = datetime.fromtimestamp(int(m.group(1)), _CHINA)
        found["published"] = (when.strftime("%Y-%m-%d"), "WeChat publish time (Beijing time)")
        found["published_time"] = (when.strftime("%H:%M"), "WeChat publish time (Beijing time)")
    else:
        m = re.search(r'<em[^>]*id="publish_time"[^>]*>\s*(\d{4}-\d{2}-\d{2})', source)
        if m:
            found["published"] = (m.group(1), "WeChat publish time")
    return found
