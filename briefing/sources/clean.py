"""Cleaning a scraped article into blocks (pure): strip site chrome, find the title, captions,
headings and list items, join hard-wrapped lines. Every removed line or gloss is reported with
the rule that removed it, so nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.sources.body import (PROSE, SENTENCE, SHORT, Body, caption_start, code_line, find_body, glued_chrome,
                                   is_prose, lexicon_rule, photo_credit, plea, prev_next_label, squash, strong_rule)
from briefing.sources.ingest import Corrections
from briefing.sources.metadata import (RANK, Metadata, closing_byline, closing_credit, credited_editors, find_metadata,
                                       header_line, lead_byline, signoff, trailing_credit)
from briefing.model import Found, Kind, Removal

_TERMINAL = "。！？!?…”」』）)"
HEADING_MAX = 30  # characters; longer unpunctuated lines are hard-wrapped text

# Whole lines that are navigation or widgets of the sites our sources come from.
CHROME_LINES = frozenset({
    "logo", "相关文章推荐", "相關文章推薦", "发表评论", "發表評論", "正在加载", "正在加載",
    "高端访谈", "高端訪談", "更多访谈", "更多訪談", "基金会动态", "基金會動態", "更多动态", "更多動態",
    "分享", "返回顶部", "返回頂部", "点击查看", "點擊查看", "打印", "关闭", "關閉",
})
# (rule, pattern at the start of a line)
_PREFIX_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("tags", re.compile(r"^(标签|標籤|关键词|關鍵詞)\s*[:：]")),
    ("copyright-notice", re.compile(
        r"^(声明|聲明|特别声明|特別聲明|免责声明|免責聲明|版权声明|版權聲明|版权所有|版權所有)\s*[:：]?")),
    ("copyright-notice", re.compile(r"^(Notice|Disclaimer|Copyright)\b|^©", re.I)),
    ("editor-credit", re.compile(r"^[（(【\[]?\s*(责编|責編|网编|網編|责任编辑|責任編輯|编辑|編輯)\s*[:：]")),
    ("byline", re.compile(r"^(作者|撰文|记者|記者|来源|來源|出版|更新|发布时间|發佈時間)\s*[:：]")),
    ("byline", re.compile(r"(浏览量|瀏覽量|阅读量|閱讀量)\s*[:：]?\s*\d")),
)
_LEAD = re.compile(r"^(简介|簡介|摘要|导语|導語)\s*[:：]\s*")
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\(([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*)\)")
_HEADING_NUM = re.compile(r"^([一二三四五六七八九十]+、)\s*(.+)$")
_ITEM_NUM = re.compile(r"^(\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,3}[)）])\s*(.+)$")
# "图像加注文字，" on its own line: the caption is the next line (BBC's and others' image captions)
_CAPTION_LABEL = re.compile(r"^(图像加注文字|圖像加註文字|图片说明|圖片說明|图说|圖說|说明|說明)\s*[，,:：]?\s*$")
# Icon-font glyphs (Unicode's private use area): a page's share or play icons, never text
_ICON = re.compile(r"[\ue000-\uf8ff]")
# "（原标题：…）" at the start or end of a paragraph: the piece's title where it first ran
_ORIGINAL_TITLE_INLINE = re.compile(r"^\s*[（(]\s*(?:原标题|原標題|原題|原题)\s*[:：][^）)]{2,80}[）)]\s*|"
                                    r"\s*[（(]\s*(?:原标题|原標題|原題|原题)\s*[:：][^）)]{2,80}[）)]\s*$")
# Rules for a link or widget that can sit inside a paragraph: the hard-wrapped lines around it still join
INLINE_RULES = frozenset({"menu-item", "chrome-phrase", "link-line", "link-pointer", "related-link", "ad-link",
                          "punctuation-only", "timestamp", "menu-line"})
LINK_HEADLINE_MAX = 60  # characters: the headline of a prev/next link printed under its label
WRAP_TAIL = 120  # characters of a wrapped paragraph's end searched for glued chrome (it is at most 40 long)
DUPLICATE_MIN = 16  # characters: shorter lines (headings, slogans) may repeat by design
DUPLICATE_SHARE = 0.6  # of a line's 4-character runs found in the body below it: a repeat of it
DUPLICATE_HEAD = 6  # lines of the body where a key-points box or a teaser may stand (and above it)
KEY_POINTS_HEAD_MAX = 10  # characters of a heading over such repeats ("划重点：")


@dataclass
class Block:
    """A paragraph-to-be: its kind, text, label/credit, and the seed line it starts on."""

    kind: Kind
    text: str
    line: int
    label: str = ""
    credit: str = ""


@dataclass
class Cleaned:
    title: str
    title_line: int  # 0 when the title came from metadata
    blocks: list[Block] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    found: list[Found] = field(default_factory=list)  # metadata found in the text, with how


def _ends_sentence(text: str) -> bool:
    return bool(text) and text[-1] in _TERMINAL


def strip_pinyin(line: str) -> tuple[str, list[str]]:
    """Remove inline pinyin glosses like 創(chuàng) → 創; returns the glosses removed."""
    found = [m.group(0) for m in _PINYIN.finditer(line)]
    return _PINYIN.sub("", line), found


def chrome_rule(line: str, extra: tuple[str, ...] = ()) -> str | None:
    """The rule that makes `line` site chrome, or None if it is content."""
    if line in CHROME_LINES or any(line.startswith(p) for p in extra):
        return "site-chrome"
    for rule, pattern in _PREFIX_RULES:
        if pattern.search(line):
            return rule
    if ("|" in line and len(line) <= HEADING_MAX and not _ends_sentence(line)
            and all(len(squash(p)) <= 10 for p in line.split("|"))):
        return "site-chrome"  # a site banner like "中美聚焦網|中美交流基金會" (not "国际 | 长标题")
    return None


def clean_text(text: str, title_hint: str = "", corrections: Corrections = Corrections()) -> Cleaned:
    """Blocks and removals of one seed's text. `title_hint` is the editor's title, if any."""
    removed: list[Removal] = []
    lines = _prepare_lines(text, corrections, removed)
    chrome = {no: rule for no, line in lines if line and (rule := chrome_rule(line, corrections.strip))}
    chrome.update(_prev_next_links(lines, chrome))
    structural = {no for no, line in lines if line and (_structural(line, corrections) or _LEAD.match(line))}
    header = {no for no, line in lines if line and no not in chrome and no not in structural and header_line(line)}
    closing = {no for no, line in lines if line and closing_credit(line)}
    notices = {no for no, rule in chrome.items() if rule == "copyright-notice"}
    signoffs = {no for no, line in lines if line and signoff(line)}
    body = find_body(lines, chrome, structural, header, closing, notices, signoffs)
    if title_hint:
        title, title_line = _find_title(lines, title_hint)
        meta = find_metadata(lines, body, title_line)
    else:
        meta = find_metadata(lines, body)
        title, title_line = meta.title, meta.title_line
    title_raw = title if title_hint else next((line for no, line in lines if no == title_line), title)
    duplicates = _repeats(lines, body, set(meta.consumed), structural, squash(title))
    box_heads = _box_heads(lines, duplicates)
    blocks: list[Block] = []
    in_byline = caption_next = False
    pending: _Wrapped | None = None  # a text block that may continue on the next line (hard wrap)
    for no, line in lines:
        if not line:
            pending = _settled(pending)
            in_byline = False
            continue
        if _CAPTION_LABEL.match(line) and body.inside(no):
            removed.append(Removal(no, line, "caption-label"))
            caption_next, pending = True, _settled(pending)
            continue
        if caption_next and body.inside(no) and len(line) <= 120:
            caption_next = False
            blocks.append(Block(Kind.CAPTION, line, no))
            continue
        caption_next = False
        rule = chrome.get(no)
        if rule is None and in_byline and len(line) <= HEADING_MAX and not _ends_sentence(line):
            rule = "byline"  # affiliation lines under an author's name
        if rule is None and no == title_line and (not title_hint or squash(line) == squash(title)):
            rule = "title"
        if rule is None and title and squash(line) in (squash(title), squash(title_raw)):
            rule = "title-repeat"
        if rule is None and title and line.startswith(title) and _run_in_duplicate(
                line[len(title):], lines, no):
            rule = "title-run-in"  # title glued to a teaser that repeats the opening
        unsure = False
        if rule is None:
            rule = meta.consumed.get(no)
        if rule is None and no in duplicates:
            rule = "duplicate"  # a key-points box or a teaser repeating the text
        if rule is None and no in box_heads:
            rule = "key-points"
        if rule is None:
            rule, unsure = _position_rule(no, line, body)
        if rule is not None:
            removed.append(Removal(no, line, rule, unsure))
            in_byline = rule == "byline"
            if not (rule in INLINE_RULES and body.inside(no)):
                pending = _settled(pending)  # (a link or widget inside a wrapped paragraph leaves it open)
            continue
        in_byline = False
        if pending is not None and not _structural(line, corrections) and not code_line(line):
            glue = " " if pending.parts[-1][-1:].isascii() and line[:1].isascii() else ""
            pending.add(glue + line)
            removed.append(Removal(no, line, "hard-wrap-joined"))
        else:
            _settled(pending)
            blocks.append(_classify(line, no, corrections, blocks, removed))
            pending = _Wrapped(blocks[-1], [blocks[-1].text], len(blocks[-1].text))
        pending.cut_glued_chrome(no, removed)
        if not (pending.block.kind in (Kind.TEXT, Kind.ITEM, Kind.LEAD) and not _ends_sentence(pending.tail())
                and pending.size > HEADING_MAX and not code_line(line)):
            pending = _settled(pending)
    _settled(pending)
    _edge_credits(blocks, removed, meta)
    _inline_chrome(blocks, removed, meta)
    return Cleaned(title=title, title_line=title_line, blocks=blocks,
                   removed=sorted(removed, key=lambda r: r.line), found=meta.found)


def _edge_credits(blocks: list[Block], removed: list[Removal], meta: Metadata) -> None:
    """Take a byline printed at the start of the first paragraph, and an editor's credit at the
    end of the last, out of the text (into the metadata and the report)."""
    texts = [b for b in blocks if b.kind is Kind.TEXT]
    if texts and texts[0] in blocks[:3]:
        first = texts[0]
        prefix, fields = lead_byline(first.text)
        if prefix and len(first.text) - len(prefix) >= 10:
            first.text = first.text[len(prefix):].lstrip()
            removed.append(Removal(first.line, prefix.strip(), "byline-prefix"))
            for name, value, how in fields:
                meta.add(name, value, f"line {first.line}: {how}", first.line,
                         RANK["lead"] if name == "author" else RANK["dateline"])
    if texts:
        last = texts[-1]
        credit = trailing_credit(last.text)
        if credit:
            last.text = last.text[: -len(credit)].rstrip()
            removed.append(Removal(last.line, credit.strip(), "editor-credit"))
        editors = credited_editors([r.text for r in removed] + [credit])
        writers = closing_byline(last.text, editors)
        alone = writers is not None and squash(writers.cut) == squash(last.text)
        if writers and (not alone or len(texts) > 1):
            # "…举行。（张三）", or "（张三）" on a line of its own after it: the writers close the text
            if alone:
                blocks.remove(last)
            else:
                last.text = last.text[: -len(writers.cut)].rstrip()
            removed.append(Removal(last.line, writers.cut.strip(), "byline"))
            meta.add("author", "、".join(writers.names), f"line {last.line}: names in brackets closing the text",
                     last.line, RANK["names"])
        else:
            _closing_line(last.line, removed, meta, editors)


def _closing_line(after: int, removed: list[Removal], meta: Metadata, editors: set[str]) -> None:
    """The writers' names in brackets on a line of their own right after the last paragraph ("（张三）",
    "(文/图 李四 王五)", "（王小明／台中報導）"; metadata.closing_byline): the author, removed as a byline."""
    following = min((r for r in removed if r.line > after), key=lambda r: r.line, default=None)
    if following is None or following.rule != "outside-body":
        return
    writers = closing_byline(following.text, editors)
    if writers and squash(writers.cut) == squash(following.text):
        removed[removed.index(following)] = Removal(following.line, following.text, "byline")
        meta.add("author", "、".join(writers.names), f"line {following.line}: names in brackets closing the text",
                 following.line, RANK["names"])


def _position_rule(no: int, line: str, body: Body) -> tuple[str | None, bool]:
    """(rule, unsure) for a line by where it stands: in a related-articles list, outside the
    body (unsure when it reads like prose), or a lexicon chrome line inside the body."""
    if no in body.related:  # a list of other articles, the comments, the next article: its own rule if any
        return lexicon_rule(line) or body.related[no], False
    if not body.inside(no):
        if no < body.start and body.classes.get(no) == PROSE and lead_byline(line)[0]:
            return None, False  # the first paragraph, opening with its dateline, printed above the headline
        rule = lexicon_rule(line) or ("plea" if no > body.end and plea(line) else "outside-body")
        return rule, rule == "outside-body" and body.classes.get(no) == PROSE
    if body.classes.get(no) in (PROSE, SENTENCE, SHORT):
        return None, False  # find_body's classifier found no lexicon rule for it, or a sentence around one
    strong = strong_rule(line)
    if strong:
        return strong, False
    lex = lexicon_rule(line)
    if lex and not is_prose(line):
        return lex, False
    return None, False


def _inline_chrome(blocks: list[Block], removed: list[Removal], meta: Metadata) -> None:
    """Take off an original-title note a page glued to the start or end of a paragraph."""
    for block in blocks:
        if block.kind not in (Kind.TEXT, Kind.LEAD, Kind.ITEM):
            continue
        note = _ORIGINAL_TITLE_INLINE.search(block.text)
        if note and len(block.text) - len(note.group(0)) >= 10:
            block.text = (block.text[: note.start()] + block.text[note.end():]).strip()
            removed.append(Removal(block.line, note.group(0).strip(), "original-title"))
            meta.add("credit", note.group(0).strip("（）() "), f"line {block.line}: original-title note", block.line)


@dataclass
class _Wrapped:
    """A block being joined from hard-wrapped lines: its pieces, joined into its text once when it
    ends (adding each line to the text would copy the paragraph every time, and searching the
    whole of it for glued chrome at every line would read it again: quadratic on a page that is
    one long wrapped paragraph). Only its last `WRAP_TAIL` characters are looked at per line."""

    block: Block
    parts: list[str]
    size: int

    def add(self, piece: str) -> None:
        self.parts.append(piece)
        self.size += len(piece)

    def tail(self) -> str:
        """The block's last `WRAP_TAIL` characters (or more: whole pieces)."""
        out: list[str] = []
        n = 0
        for piece in reversed(self.parts):
            out.append(piece)
            n += len(piece)
            if n >= WRAP_TAIL:
                break
        return "".join(reversed(out))

    def cut_glued_chrome(self, no: int, removed: list[Removal]) -> None:
        """A link or widget glued after the paragraph's last sentence ("…。返回某某网首页>>") is cut
        off (before the paragraph is joined to the next line, which it would seem to run into)."""
        if self.block.kind not in (Kind.TEXT, Kind.LEAD, Kind.ITEM):
            return
        tail = self.tail()
        glued = glued_chrome(tail)
        if glued:
            text = "".join(self.parts)
            text = text[: len(text) - len(tail) + glued[0]].rstrip()
            self.parts, self.size = [text], len(text)
            removed.append(Removal(no, glued[1].strip(), "inline-chrome"))


def _settled(wrapped: _Wrapped | None) -> _Wrapped | None:
    """Write a joined block's text (see `_Wrapped`); the block is no longer open (None)."""
    if wrapped is not None:
        wrapped.block.text = "".join(wrapped.parts)
    return None


def _repeats(lines: list[tuple[int, str]], body: Body, consumed: set[int], structural: set[int],
             title: str) -> dict[int, int]:
    """Lines the body repeats further down (line → the line that repeats most of it): a key-points
    box (划重点), a summary or a teaser printed above the text it sums up. Such a copy stands above
    the body or among its first `DUPLICATE_HEAD` lines; `DUPLICATE_SHARE` of its 4-character runs
    are in the body's lines after it, and so is every number it gives (paragraphs written to one
    template differ in their numbers and names: they are not copies). The earlier copy goes.
    Metadata lines and captions take no part (a caption printed twice, plain and then with its
    credit, has its own rule)."""
    out: dict[int, int] = {}
    if not body.start:
        return out
    captions = [squash(t) for no, t in lines if no in structural]
    texts = [(no, squash(t)) for no, t in lines if t and no not in consumed and no not in structural
             and body.classes.get(no) in (PROSE, SENTENCE) and len(squash(t)) >= DUPLICATE_MIN
             and not any(squash(t) in c for c in captions)
             and not (title and squash(t).startswith(title))]  # a title run into a teaser is dealt with apart
    inside = [no for no, _ in texts if no >= body.start]
    head = set(inside[:DUPLICATE_HEAD]) | {no for no, _ in texts if no < body.start}
    grams = {no: {s[i:i + 4] for i in range(len(s) - 3)} for no, s in texts}
    numbers = {no: set(_NUMBER.findall(s)) for no, s in texts}
    later: dict[str, int] = {}  # 4-character run → the first body line after the current one holding it
    for no, _ in reversed(texts):
        own = grams[no]
        if no in head:  # only a line near the top can be a copy; the others only feed `later`
            shared = [later[g] for g in own if g in later]
            sources = set(shared)
            if (len(shared) >= DUPLICATE_SHARE * len(own)
                    and numbers[no] <= set().union(*(numbers[n] for n in sources))):
                out[no] = max(sources, key=shared.count)
        if body.inside(no) and no not in out:
            later.update(dict.fromkeys(own, no))
    return out


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _box_heads(lines: list[tuple[int, str]], duplicates: dict[int, int]) -> set[int]:
    """Short headings ending in a colon ("划重点：", "要点：") whose list under them repeats the text."""
    filled = [(no, t) for no, t in lines if t]
    return {no for (no, t), (after, _) in zip(filled, filled[1:])
            if after in duplicates and len(squash(t)) <= KEY_POINTS_HEAD_MAX and squash(t).endswith(("：", ":"))}


def _prepare_lines(text: str, corrections: Corrections, removed: list[Removal]) -> list[tuple[int, str]]:
    out = []
    for no, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip().replace("\u3000", " ").strip()
        for find, repl in corrections.replace:
            if find in line:
                line = line.replace(find, repl)
                removed.append(Removal(no, f"{find} → {repl}", "editor-correction"))
        line, glosses = strip_pinyin(line)
        if glosses:
            removed.append(Removal(no, " ".join(glosses), "pinyin-gloss"))
        icons = _ICON.findall(line)
        if icons:
            line = _ICON.sub("", line).strip()
            removed.append(Removal(no, " ".join(f"U+{ord(c):04X}" for c in icons), "icon-glyph"))
        out.append((no, line))
    return out


def _find_title(lines: list[tuple[int, str]], hint: str) -> tuple[str, int]:
    """The editor's title and its line: where it is printed as the first content line, else 0."""
    for no, line in lines:
        if not line or chrome_rule(line):
            continue
        if squash(line) == squash(hint) or line.startswith(hint):
            return hint, no
        return hint, 0  # the text starts elsewhere: the title is the editor's
    return hint, 0


def _prev_next_links(lines: list[tuple[int, str]], chrome: dict[int, str]) -> dict[int, str]:
    """A prev/next label alone on its line ("【上一篇】", "下一則") after running text, and the headline
    printed on the line under it: both are a link to another article. (Above the text, the line
    under such a label may be the page's own headline.)"""
    out: dict[int, str] = {}
    filled = [(no, line) for no, line in lines if line]
    first_prose = next((i for i, (_, line) in enumerate(filled) if is_prose(line)), len(filled))
    for (no, line), (next_no, next_line) in zip(filled[first_prose:], filled[first_prose + 1:]):
        if prev_next_label(line):
            out[no] = "link-line"
            if next_no not in chrome and not prev_next_label(next_line) and len(squash(next_line)) <= LINK_HEADLINE_MAX:
                out[next_no] = "link-line"
    return out


def _run_in_duplicate(rest: str, lines: list[tuple[int, str]], no: int) -> bool:
    """True when `rest` (what follows the title on its line) repeats the text after it."""
    rest = squash(rest)
    if len(rest) < 10:
        return False
    following = squash("".join(line for n, line in lines if n > no))
    return following.startswith(rest)


def _structural(line: str, corrections: Corrections) -> bool:
    return bool(_HEADING_NUM.match(line) or _ITEM_NUM.match(line) or photo_credit(line)
                or caption_start(line) or any(line.startswith(c) for c in corrections.captions))


def _classify(line: str, no: int, corrections: Corrections, blocks: list[Block],
              removed: list[Removal]) -> Block:
    credit = photo_credit(line)
    if credit and len(line) - len(credit.group(0)) > 4:
        body = line[: credit.start()].strip()
        prev = blocks[-1] if blocks else None
        if prev is not None and prev.kind is Kind.TEXT and len(prev.text) > 8 and prev.text in body:
            # the caption printed twice: plain, then with an image title and credit
            blocks.pop()
            removed.append(Removal(prev.line, prev.text, "caption-duplicate"))
            alt = body[: body.index(prev.text)].strip()
            if alt:
                removed.append(Removal(no, alt, "caption-image-title"))
            body = prev.text
        return Block(Kind.CAPTION, body, no, credit=credit.group(1))
    if caption_start(line) or any(line.startswith(c) for c in corrections.captions):
        return Block(Kind.CAPTION, line, no)
    lead = _LEAD.match(line)
    if lead:
        return Block(Kind.LEAD, line[lead.end():], no, label=lead.group(1))
    heading = _HEADING_NUM.match(line)
    if heading and len(line) <= HEADING_MAX * 2 and not line.endswith("。"):
        return Block(Kind.HEADING, heading.group(2), no, label=heading.group(1))
    item = _ITEM_NUM.match(line)
    if item:
        return Block(Kind.ITEM, item.group(2), no, label=item.group(1))
    if (len(line) <= HEADING_MAX and not _ends_sentence(line) and line[-1] not in ":：,，;；、{}[]="
            and re.search(r"[\u4e00-\u9fff]", line)):  # a code or markup line is no heading
        return Block(Kind.HEADING, line, no)
    return Block(Kind.TEXT, line, no)
