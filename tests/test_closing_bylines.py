"""Writers' names in brackets closing an article's last paragraph, read the same way on both paths:
a scraped text (clean.py) and a web page (page_meta.py), both through metadata.closing_byline. Every
shape either path reads is checked on both, closing the last paragraph and on a line of its own after
it; every bracket that names no writer (a photographer, a picture's source, an editor, an agency, a
note) is refused on both. All names and text are made up for these tests."""

from __future__ import annotations

import pytest

from briefing.sources.clean import clean_text
from briefing.sources.html import extract_article
from briefing.sources.metadata import closing_byline, signoff

from support import found, kept, page

# A night-market story (Simplified) and a library story (Traditional).
S = ["市商务局近日发布夜间经济扶持办法，对在指定街区经营到晚上十一点以后的商户，按月给予水电费用补贴。",
     "办法还提出，夜市周边将增加公交夜班线路和临时停车位，并由街道统一安排保洁和治安巡逻，减少对居民的影响。",
     "有摊主表示，补贴能抵掉一部分成本，但客流能否稳定下来，还要看配套设施是否真正落实到位。"]
T = ["海濱圖書館昨日宣布，下月起延長週末開放時間至晚上十時，並在頂樓增設可容納八十人的自修空間。",
     "館方表示，新增時段將由兼職職員和志工輪值，預約系統亦會同步更新，讀者可在網上查詢即時座位數量。",
     "有學生對安排表示歡迎，但也有居民擔心，晚間人流增加之後，附近街道的噪音和泊車問題會更加嚴重。"]
HEADLINE = {"s": "夜间经济扶持办法出台", "t": "海濱圖書館延長開放"}

# (bracket, script of the story it closes, the writers found)
WRITERS = [
    ("（张巨明）", "s", "张巨明"),  # bare name
    ("(王小明 陈大文)", "s", "王小明、陈大文"),  # bare names, ASCII brackets
    ("（记者 赵一）", "s", "赵一"),  # a reporter's key, a space
    ("（记者：赵一）", "s", "赵一"),  # a key and a colon
    ("（记者赵一）", "s", "赵一"),  # a role word glued to the name
    ("（本报记者 赵一 钱二）", "s", "赵一、钱二"),
    ("（通讯员 王小明）", "s", "王小明"),
    ("（作者：方立）", "s", "方立"),
    ("（图文 王小明）", "s", "王小明"),
    ("（原创 王小明）", "s", "王小明"),  # a platform's "original" mark is no name
    ("(文/图 王小明 李华)", "s", "王小明、李华"),  # writer and photographer under one key
    ("(文/图 王小明 李华", "s", "王小明、李华"),  # its closing bracket lost in another element
    ("（图/文 王小明）", "s", "王小明"),
    ("（文／圖 陳志明）", "t", "陳志明"),
    ("（王大明／基隆報導）", "t", "王大明"),  # a name and where it was filed from
    ("（記者王大明／台北報導）", "t", "王大明"),
    ("（王大明 陳小華／台北報導）", "t", "王大明、陳小華"),
    ("（王大明／台北即時報導）", "t", "王大明"),
    ("（王大明／台北電）", "t", "王大明"),
]

# brackets closing the text that name no writer
NOT_WRITERS = ["（张三摄）", "（记者 张三 摄）", "（张三供图）", "（图片由张三提供）", "（编辑：李四）", "（责编 李四）",
               "（责任编辑：王五）", "（来源：某某日报）", "（路透社）", "（某某日报）", "（完）", "（化名）", "（资料图）",
               "（记者：）"]


def text_of(script: str, bracket: str, alone: bool, after: tuple[str, ...] = ()) -> str:
    paras = S if script == "s" else T
    closing = [paras[-1], bracket] if alone else [paras[-1] + bracket]
    return page(HEADLINE[script], "2024-06-03 09:15", *paras[:-1], *closing, *after, "扫码下载某某新闻客户端")


def page_of(script: str, bracket: str, alone: bool, after: str = "") -> str:
    paras = S if script == "s" else T
    closing = [paras[-1], bracket] if alone else [paras[-1] + bracket]
    ps = "".join(f"<p>{p}</p>" for p in paras[:-1] + closing)
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{HEADLINE[script]}_某某网</title></head><body>'
            f'<div class="nav"><a href="/">首页</a> <a href="/n">新闻</a> <a href="/c">城市</a></div>'
            f'<div class="article"><h1>{HEADLINE[script]}</h1><div class="date">2024-06-03 09:15</div>'
            f'<div class="content">{ps}</div>{after}</div>'
            f"<div class='footer'>某某网版权所有 未经授权不得转载</div></body></html>")


# On a line of its own, "（本报记者 赵一 钱二）" is read on scraped text by the byline-line rule (an outlet's
# reporter: the first name only), before this one; closing the paragraph it is read here.
CASES = [(*w, alone) for alone in (False, True) for w in WRITERS if not (alone and w[0] == "（本报记者 赵一 钱二）")]


@pytest.mark.parametrize("bracket, script, writers, alone", CASES,
                         ids=[c[0] + (" alone" if c[3] else "") for c in CASES])
def test_the_writers_in_brackets_closing_the_text_are_the_author_on_both_paths(bracket, script, writers, alone):
    cleaned = clean_text(text_of(script, bracket, alone))
    assert found(cleaned).get("author") == writers
    assert kept(cleaned) == "".join(S if script == "s" else T)  # the bracket is taken out of the text
    assert any(r.rule == "byline" and r.text == bracket for r in cleaned.removed)
    ex = extract_article(page_of(script, bracket, alone))
    assert ex.author == writers and "closing the text" in ex.how["author"]


@pytest.mark.parametrize("alone", [False, True], ids=["closing the paragraph", "a line of its own"])
@pytest.mark.parametrize("bracket", NOT_WRITERS)
def test_a_bracket_that_credits_no_writer_names_no_author_on_both_paths(bracket, alone):
    assert "author" not in found(clean_text(text_of("s", bracket, alone)))
    assert extract_article(page_of("s", bracket, alone)).author == ""


@pytest.mark.parametrize("alone", [False, True], ids=["closing the paragraph", "a line of its own"])
def test_a_name_the_article_credits_as_its_editor_is_not_its_writer_on_both_paths(alone):
    cleaned = clean_text(text_of("s", "（吴佳怡）", alone, after=("【责任编辑：吴佳怡】",)))
    assert "author" not in found(cleaned)
    assert extract_article(page_of("s", "（吴佳怡）", alone, after="<p>【责任编辑：吴佳怡】</p>")).author == ""
    # another name beside the editor's is still the writer
    cleaned = clean_text(text_of("s", "（张巨明）", alone, after=("【责任编辑：吴佳怡】",)))
    assert found(cleaned).get("author") == "张巨明"
    assert extract_article(page_of("s", "（张巨明）", alone, after="<p>【责任编辑：吴佳怡】</p>")).author == "张巨明"


def test_the_one_reading_says_what_to_cut_and_whether_the_bracket_has_a_bylines_shape():
    found_ = closing_byline(S[-1] + "（记者 赵一）")
    assert found_ is not None and found_.cut == "（记者 赵一）" and found_.names == ("赵一",) and found_.shaped
    found_ = closing_byline(S[-1] + "（张巨明）")
    assert found_ is not None and found_.names == ("张巨明",) and not found_.shaped
    assert closing_byline(S[-1] + "（张巨明）", shaped_only=True) is None  # bare names above a notice: anyone quoted
    assert closing_byline(S[-1] + "（张巨明）", editors={"张巨明"}) is None
    assert closing_byline("据介绍（张巨明）说明会将在下月举行。") is None  # a bracket inside the text closes nothing
    # a sign-off ends the body: a paragraph closing with a byline's shape, not a bare name nor a line alone
    assert signoff(T[-1] + "（王大明／基隆報導）") and signoff(S[-1] + "（记者 赵一）")
    assert not signoff(S[-1] + "（张巨明）") and not signoff("（记者 赵一）")
