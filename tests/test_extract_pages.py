"""DOM extraction of web pages, rule class by rule class, on pages written here (inline) and on
the fixture pages in tests/pages/ (each imitating a kind of Chinese news site; see its
expected.yml). No real outlet's text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefing.errors import InputError
from briefing.sources.add import add_article
from briefing.sources.decode import decode_html
from briefing.sources.density import best_container
from briefing.sources.dom import parse_page
from briefing.sources.html import extract_article, extraction_record
from briefing.sources.page_meta import byline_authors, strip_site_suffix
from briefing.sources.slugs import slug_from_title

PAGES = Path(__file__).parent / "pages"
SPEC = yaml.safe_load((PAGES / "expected.yml").read_text(encoding="utf-8"))

PARAS = ["市里昨天公布了新的公交线路调整方案，十二条线路将在下个月起优化走向，并增加早晚高峰的班次。",
         "交通部门表示，这次调整主要依据过去一年的刷卡数据，重点解决新建小区居民出行不便的问题。",
         "有市民认为，调整后换乘次数减少了，但也有部分老人担心常坐的线路被取消，希望保留原有站点。",
         "据介绍，调整方案公示期为十天，市民可以通过热线电话或者官方网站提出意见和建议。"]
TRAD = ["市府昨天公布新的公車路線調整方案，十二條路線將在下個月起優化走向，並增加早晚尖峰的班次。",
        "交通局表示，這次調整主要依據過去一年的刷卡資料，重點解決新建社區居民出行不便的問題。",
        "有市民認為，調整後轉乘次數減少了，但也有部分長者擔心常坐的路線被取消，希望保留原有站點。"]
NAV = '<div class="nav"><a href="/">首页</a> <a href="/n">新闻</a> <a href="/c">城市</a> <a href="/f">财经</a></div>'
RELATED = ('<div class="side"><h3>热门文章</h3><ul>' + "".join(
    f'<li><a href="/x/{i}">{t}</a></li>' for i, t in enumerate(
        ["春季招聘会本周六举行", "气象台发布大风蓝色预警", "老旧小区加装电梯进展", "外贸进出口同比增长",
         "新增五千个公办学位", "城郊植树活动举行"])) + "</ul></div>")


def page(body: str, head: str = "", title: str = "公交线路调整方案公示_城市_某某网") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f"<body>{NAV}{body}{RELATED}<div class='footer'>某某网版权所有 未经授权不得转载</div></body></html>")


def article(byline: str = "", closing: str = "", paras: list[str] = PARAS, h1: str = "公交线路调整方案公示") -> str:
    ps = "".join(f"<p>{p}</p>" for p in paras)
    return f'<div class="article"><h1>{h1}</h1>{byline}<div class="content">{ps}{closing}</div></div>'


# ---- blocks, density, vote -------------------------------------------------------------------------

def test_paragraph_structure_comes_from_the_markup():
    html = page('<div class="article"><h1>公交线路调整方案公示</h1><div class="content">'
                + "<br><br>".join(PARAS[:2]) + "<h2>市民怎么看</h2>" + f"<p>{PARAS[2]}<br>{PARAS[3]}</p></div></div>")
    ex = extract_article(html)
    paragraphs = ex.text.strip().split("\n\n")
    assert paragraphs == ["公交线路调整方案公示", PARAS[0], PARAS[1], "市民怎么看", PARAS[2], PARAS[3]]


def test_density_picks_the_article_container_not_the_page():
    p = parse_page(page(article()))
    container = best_container(p)
    assert container is not None and container.element.get("class") in ("article", "content")
    texts = [b.text for b in container.blocks]
    assert PARAS[0] in texts and "春季招聘会本周六举行" not in texts


def test_chrome_around_and_inside_the_article_is_dropped_each_with_its_reason():
    body = article(byline='<div class="info">2025-03-01 09:30 来源：某某日报</div>'
                   '<div class="share-box"><span>分享到：</span><a href="#">微信</a><a href="#">微博</a></div>')
    ex = extract_article(page(body))
    assert all(p in ex.text for p in PARAS)
    for chrome in ("分享到", "春季招聘会", "版权所有", "首页"):
        assert chrome not in ex.text
    reasons = {d.block.text: d.reason for d in ex.decisions}
    assert not reasons["分享到：微信微博"].startswith("kept") and "link text" in reasons["春季招聘会本周六举行"]
    assert all(d.reason.startswith("kept by") for d in ex.decisions if d.keep)
    record = extraction_record(ex, "page.html")
    assert "## Kept blocks" in record and "density+trafilatura+readability" in record


def test_wechat_body_hidden_until_a_script_runs_is_kept():
    html = (PAGES / "wechat_account_essay.html").read_text(encoding="utf-8")
    ex = extract_article(html, "https://mp.weixin.qq.com/s/abc")
    assert "老城区的一条小巷里" in ex.text and "一直开下去" in ex.text
    assert "微信扫一扫" not in ex.text and "写留言" not in ex.text
    assert (ex.author, ex.outlet, ex.published) == ("何静文", "街角观察", "2024-02-29")


# ---- headline ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("title,site,expected", [
    ("公交线路调整方案公示_城市_某某网", "", "公交线路调整方案公示"),
    ("公交线路调整方案公示 -某某网", "", "公交线路调整方案公示"),
    ("公交線路調整方案公示 - 社會 - 某某新聞網", "", "公交線路調整方案公示"),
    ("公交线路调整方案公示--城市--某某网", "", "公交线路调整方案公示"),
    ("国际 | 多国代表出席气候大会并发表联合声明", "", "国际 | 多国代表出席气候大会并发表联合声明"),
    ("公交线路调整方案公示 | 某某网 The Paper", "某某网 The Paper", "公交线路调整方案公示"),
])
def test_site_suffix_comes_off_by_the_titles_shape(title, site, expected):
    head = f'<meta property="og:site_name" content="{site}">' if site else ""
    assert strip_site_suffix(title, parse_page(page("", head=head, title=title))) == expected


def test_headline_is_the_visible_heading_that_agrees_with_the_declared_title():
    head = '<meta property="og:title" content="公交线路调整方案公示 - 某某网">'
    crumbs = '<div class="crumbs"><a href="/">首页</a> &gt; <a href="/a">公交线路调整方案公示</a></div>'
    ex = extract_article(page(crumbs + article(), head=head))
    assert ex.title == "公交线路调整方案公示" and "heading" in ex.how["title"]
    assert ex.text.startswith("公交线路调整方案公示\n\n" + PARAS[0])


def test_headline_without_any_heading_is_the_title_without_its_suffix():
    body = '<div class="content">' + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>"
    ex = extract_article(page(body, title="公交线路调整方案公示_城市_某某网"))
    assert ex.title == "公交线路调整方案公示"


# ---- bylines -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("line,names", [
    ("作者：张晓明", "张晓明"),
    ("2025-03-01 09:30 来源：某某日报 作者：周小岚 参与评论", "周小岚"),
    ("记者 郑海川 刘思琪", "郑海川、刘思琪"),
    ("某某新闻记者 贺晓萍", "贺晓萍"),
    ("〔記者許雅婷／高雄報導〕", "許雅婷"),
    ("記者王大同／台北報導", "王大同"),
    ("作者︱春雨", "春雨"),
    ("(作者：方立北京大学经济学院教授)", "方立"),
    ("文／林小雨", "林小雨"),
    ("采写：某都记者 郑海川 刘思琪", "郑海川、刘思琪"),
    ("作者：责任编辑：肖春芳", ""),
    ("责任编辑：张申", ""),
    ("【编辑:陈海】", ""),
    ("点击进入“文艺小青年”>>", ""),
])
def test_byline_names_the_writer_never_the_editor(line, names):
    assert byline_authors(line)[0] == names


def test_the_visible_byline_wins_over_json_ld_and_meta_and_editors_are_never_authors():
    head = ('<meta name="author" content="吴佳怡">'
            '<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"钱多多"}}</script>')
    body = article(byline='<div class="info">2025-03-01 来源：某某日报 作者：周小岚</div>',
                   closing="<p>（责任编辑：吴佳怡）</p>")
    ex = extract_article(page(body, head=head))
    assert ex.author == "周小岚" and "visible byline" in ex.how["author"]
    # without the visible byline: JSON-LD's person; the meta author is the editor, never used
    ex = extract_article(page(article(closing="<p>（责任编辑：吴佳怡）</p>"), head=head))
    assert ex.author == "钱多多" and ex.how["author"] == "JSON-LD author"
    ex = extract_article(page(article(closing="<p>（责任编辑：吴佳怡）</p>"),
                              head='<meta name="author" content="吴佳怡">'))
    assert ex.author == ""


def test_a_cms_byline_naming_the_editor_gives_way_to_the_writer_named_at_the_end():
    body = article(byline='<div class="info">2025-03-01 作者：陈海</div>',
                   closing="<p>(作者：方立 某某大学经济学院教授)</p><div class='ed'>【编辑:陈海】</div>")
    ex = extract_article(page(body))
    assert ex.author == "方立" and "after the text" in ex.how["author"]


CLOSING_PAGES = {
    # a provincial government portal reprinting a newspaper story: the site's logo is the <h1>, the
    # headline an <h2>, paragraphs are <div>s, the writer's name in brackets ends the last one
    "portal": ('<div class="logo"><h1><a href="/"><span class="hide">某某省人民政府门户网站</span></a></h1></div>'
               '<div class="detail"><h2>公交线路调整方案公示</h2><div class="infos">时间：2025-03-01 09:30 来源：某某日报</div>'
               '<div class="body"><div style="text-align:center">图为新线路首发车。（周明摄）</div>'
               + "".join(f"<div>{p}</div>" for p in PARAS[:-1]) + f"<div>{PARAS[-1]}（郑海川）</div></div></div>"),
    # a city paper's own site: <p> paragraphs, two writers in ASCII brackets, then the editor
    "paper": article(paras=PARAS[:-1] + [PARAS[-1] + "(刘思琪 韩雪)"], closing="<p>【编辑：吴佳怡】</p>"),
}


@pytest.mark.parametrize("kind, names", [("portal", "郑海川"), ("paper", "刘思琪、韩雪")])
def test_the_writers_names_in_brackets_closing_the_text_are_the_author(kind, names):
    ex = extract_article(page(CLOSING_PAGES[kind]))
    assert ex.author == names and "names in brackets closing the text" in ex.how["author"]
    assert ex.title == "公交线路调整方案公示" and PARAS[-1][:20] in ex.text


@pytest.mark.parametrize("ending", ["（资料图）", "（化名）", "（完）", "（周明摄）", "（某某日报）", "（记者：）"])
def test_a_bracketed_note_closing_the_text_names_no_writer(ending):
    ex = extract_article(page(article(paras=PARAS[:-1] + [PARAS[-1] + ending])))
    assert ex.author == ""


# A byline in brackets closing the text: a name and the city it was reported from without a role
# word, a short key and the names after a space; found also when a notice the site appends to every
# story (a helpline, an app's promotion) follows the paragraph it closes.
NOTICE = "".join(f"<p>{line}</p>" for line in ("《某某》關心你", "遇到困難，請撥打專線求助，珍惜生命。",
                                               "再給自己一次機會", "安心專線：0800-000000（24小時）"))
BRACKET_BYLINES = {
    # a Taiwanese realtime story: <br>-separated paragraphs in one <p>, then the helpline notice
    "realtime": ('<div class="art"><h1>公車路線調整方案公示</h1><div class="date">出版時間：2025/03/01 09:30</div>'
                 "<p>" + "<br><br>".join(TRAD[:-1] + [TRAD[-1] + "（陳建宏／台中報導）"]) + "</p>" + NOTICE + "</div>",
                 "陳建宏"),
    # a mainland paper on a blog theme: writer and photographer under one short key, in ASCII brackets
    "paper": (article(paras=PARAS[:-1] + [PARAS[-1] + "(文/图 刘思琪 韩雪)"]), "刘思琪、韩雪"),
}


@pytest.mark.parametrize("kind", BRACKET_BYLINES)
def test_a_byline_in_brackets_closing_the_text_is_the_author(kind):
    body, author = BRACKET_BYLINES[kind]
    ex = extract_article(page(body))
    assert ex.author == author and "closing the text" in ex.how["author"]


@pytest.mark.parametrize("middle", ["…在会上发言。（陈建宏／台中報導）", "（文/图 刘思琪）"])
def test_a_bracketed_byline_far_above_the_end_is_not_taken_as_bare_names(middle):
    # only a byline's shape counts above the last paragraphs; a bare name there may be anyone quoted
    paras = [PARAS[0] + "（郑海川）"] + PARAS[1:] + [p + "。" for p in ("会上还讨论了其他事项", "下一步将继续征求意见")] * 3
    ex = extract_article(page(article(paras=paras)))
    assert ex.author == ""


# Sites that link each writer's page mark the link as the author's (rel="author", itemprop="author"):
# the byline is all link text, read anyway.
AUTHOR_LINKS = {
    # a Taiwanese daily: the time, the section link, the reporter's linked name in a <cite>
    "daily": ('<div class="reporter"><time datetime="2025-03-01">2025年03月01日 09:30</time> <a href="/realtime">即時</a>'
              '<div class="rp"><cite><a href="/reporter/77" rel="author">陳建宏</a></cite></div></div>', "陳建宏"),
    # a blog theme: the writer's linked name marked up as schema.org author
    "blog": ('<div class="post-meta"><span itemprop="author"><a href="/u/lin">林晓风</a></span> · '
             '<a href="/tag/city">城市</a> · 2025-03-01</div>', "林晓风"),
    # an ordinary linked tag row: no mark, no author
    "unmarked": ('<div class="post-meta"><a href="/u/lin">林晓风</a> <a href="/tag/city">城市</a> 2025-03-01</div>', ""),
}


@pytest.mark.parametrize("kind", AUTHOR_LINKS)
def test_a_link_marked_as_the_authors_near_the_headline_names_the_author(kind):
    byline, author = AUTHOR_LINKS[kind]
    ex = extract_article(page(article(byline=byline)))
    assert ex.author == author and ex.published == "2025-03-01"


# Self-media reprints print "原创：" before the writer, who may carry a role after the name
# (编译, 整理), followed by the account's name.
@pytest.mark.parametrize("byline, author", [("原创： 张晓明编译 某某研究", "张晓明"), ("原創：李文華整理 某某觀察", "李文華"),
                                            ("记者 王海涛报道", "王海涛")])
def test_an_original_mark_or_a_role_after_the_name_leaves_the_name(byline, author):
    assert byline_authors(byline)[0] == author
    ex = extract_article(page(article(byline=f'<div class="info">2025-03-01 09:30</div><p>{byline}</p>')))
    assert ex.author == author


# A platform's card printing the year in two digits before the time; without the year the page's
# metadata decides.
@pytest.mark.parametrize("dateline, date, when", [
    ('<span class="date">发布时间：18-03-08</span><span class="time">23:16</span>', "2018-03-08", "23:16"),
    ('<div class="post-time">发表于 19/05/12 08:30</div>', "2019-05-12", "08:30"),
    ('<div class="post-time">19.05.12 08:30:45 发布</div>', "2019-05-12", "08:30"),
    ('<span class="date">发布时间：03-08</span><span class="time">23:16</span>', "2025-02-20", "08:00"),
])
def test_a_dateline_with_a_two_digit_year_is_read(dateline, date, when):
    head = '<meta property="article:published_time" content="2025-02-20T08:00:00+08:00">'
    ex = extract_article(page(article(byline=f'<div class="card">{dateline}</div>'), head=head))
    assert (ex.published, ex.published_time) == (date, when)


# the headline stands inside the article's container (the extractors keep it with the text) and
# the dateline row printed under it is page furniture they drop; the page's <meta> says another day
LONG_HEAD = "公交线路调整方案公示：十二条线路下月起优化走向并增加早晚高峰班次"
HEADLINE_INSIDE = {
    "blog": (f'<div class="post single"><h2 class="post-title">{LONG_HEAD}</h2>'
             '<h6 class="post-footer"><a class="post-date">2025年03月02日</a> 某某传媒 城市新闻 1203 0</h6>'
             + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>"),
    "portal": (f'<div class="article"><h1>{LONG_HEAD}</h1><div class="share-bar">2025-03-02 10:15 <a href="#">微信</a>'
               '<a href="#">微博</a></div>' + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>"),
}


@pytest.mark.parametrize("kind", ["blog", "portal"])
def test_the_dateline_under_a_headline_kept_with_the_text_is_read(kind):
    head = '<meta property="article:published_time" content="2025-02-20T08:00:00+08:00">'
    ex = extract_article(page(HEADLINE_INSIDE[kind], head=head, title=f"{LONG_HEAD}_城市_某某网"))
    assert ex.published == "2025-03-02" and "visible byline near the headline" in ex.how["published"]
    assert ex.text.startswith(LONG_HEAD + "\n\n") and ex.text.count(LONG_HEAD) == 1


TEASER = ("<blockquote><p>春季招聘会本周六在会展中心举行</p><p>记者从市人社局了解到，本周六的招聘会将提供岗位三千多个，"
          "涉及制造、物流、餐饮等多个行业，求职者可现场投递简历。</p></blockquote>")
CREDITS_THEN_TEASER = {
    # a reprinting blog: writers, an editor line with the name left empty, then another story's teaser
    "blog": ('<div class="post"><h2>公交线路调整方案公示</h2><div class="post-body">'
             + "".join(f"<p>{p}</p>" for p in PARAS) + "<p>采写：某都记者 郑海川 刘思琪</p><p>责任编辑：<span></span></p>"
             + TEASER + "</div></div>"),
    # a portal: the writer's keyed line and the editor's, then a quoted summary box of another story
    "portal": article(closing='<p>作者：周小岚</p><p>（责任编辑：吴佳怡）</p><div class="quote">'
                      '<p>记者从市人社局了解到，本周六的招聘会将提供岗位三千多个，涉及制造、物流、餐饮等多个行业，'
                      '求职者可现场投递简历，现场还设有政策咨询台。</p></div>'),
}


@pytest.mark.parametrize("kind, author", [("blog", "郑海川、刘思琪"), ("portal", "周小岚")])
def test_text_after_the_closing_credits_is_no_part_of_the_article(kind, author):
    ex = extract_article(page(CREDITS_THEN_TEASER[kind]))
    assert all(p in ex.text for p in PARAS) and "本周六的招聘会将提供岗位" not in ex.text
    assert ex.author == author
    reasons = [d.reason for d in ex.decisions if "本周六的招聘会" in d.block.text]
    assert reasons and all("after the article's closing credits" in r for r in reasons)


# a byline printed under the lead photo's caption, the caption a long bold line under the image
CAPTION_THEN_BYLINE = {
    "tw": ('<div class="story"><p><img src="a.jpg"></p><p><strong>▲市府交通局昨天說明新路線規劃，預計下個月起分階段實施，'
           '並在各站張貼公告提醒乘客留意。（圖／記者許雅婷攝）</strong></p><p>記者許雅婷／高雄報導</p>'
           + "".join(f"<p>{p}</p>" for p in TRAD) + "</div>"),
    "cn": ('<div class="content"><p><img src="a.jpg"></p><p><b>图为新线路首发车驶出公交总站，不少市民专程赶来体验，'
           '车厢内座无虚席，司机提醒乘客扶好站稳。</b></p><p>本报记者 郑海川</p>'
           + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>"),
}


@pytest.mark.parametrize("kind, author", [("tw", "許雅婷"), ("cn", "郑海川")])
def test_a_byline_under_a_long_photo_caption_is_read(kind, author):
    title = "公車路線調整方案公示" if kind == "tw" else "公交线路调整方案公示"
    ex = extract_article(page(f"<h1>{title}</h1>" + CAPTION_THEN_BYLINE[kind], title=f"{title}_城市_某某网"))
    assert ex.author == author and "at the top of the text" in ex.how["author"]


def test_taiwanese_reporter_city_byline_opening_the_text():
    paras = [f"〔記者許雅婷／高雄報導〕{TRAD[0]}"] + TRAD[1:]
    ex = extract_article(page(article(paras=paras, h1="公車路線調整方案公示"), title="公車路線調整方案公示 - 生活 - 某某報"))
    assert ex.author == "許雅婷"


# ---- dates -------------------------------------------------------------------------------------------

def test_date_order_visible_dateline_then_meta_in_beijing_time():
    head = '<meta property="article:published_time" content="2025-02-28T22:30:00Z">'
    ex = extract_article(page(article(byline='<div class="info">2025年03月02日 08:00</div>'), head=head))
    assert (ex.published, ex.published_time) == ("2025-03-02", "08:00") and "visible" in ex.how["published"]
    ex = extract_article(page(article(), head=head))
    assert (ex.published, ex.published_time) == ("2025-03-01", "06:30")  # 22:30 UTC is 06:30 in Beijing
    assert "Beijing time" in ex.how["published"]



# Some sites print the caption of the lead photo, then the dateline or the byline, inside the
# article's own container: those lines are kept with the text, yet they are metadata.
CAPTION_FIRST = [
    # a Taiwanese daily: caption, a dateline of its own, the reporter/city byline opening the text;
    # its <meta pubdate> says Z but holds local time (read as UTC it would be shown 8 hours late)
    ('<div class="text"><div class="pic"><img src="a.jpg"><p>颱風過後，工人清理倒塌的路樹。（記者許雅婷攝）</p></div>'
     '<span class="time">2025-03-02 08:19</span>'
     f'<p>〔記者許雅婷／台南報導〕{TRAD[0]}</p>' + "".join(f"<p>{t}</p>" for t in TRAD[1:]) + "</div>",
     '<meta name="pubdate" content="2025-03-02T08:19:35Z">', "許雅婷", ("2025-03-02", "08:19")),
    # a mainland portal: caption with its own date, the byline and the date line as separate lines
    ('<div class="content"><p class="pic-info">2025年2月27日，市民在新开通的站台候车。</p>'
     '<p>本报记者 周明远</p><p>2025-03-02 09:45 来源：某某日报</p>' + "".join(f"<p>{t}</p>" for t in PARAS) + "</div>",
     '<meta property="article:published_time" content="2025-03-02T01:45:00Z">', "周明远", ("2025-03-02", "09:45")),
]


@pytest.mark.parametrize("body,head,author,when", CAPTION_FIRST)
def test_dateline_and_byline_between_the_caption_and_the_first_paragraph(body, head, author, when):
    ex = extract_article(page(f'<div class="article"><h1>公交线路调整方案公示</h1>{body}</div>', head=head))
    assert ex.author == author
    assert (ex.published, ex.published_time) == when and "top of the text" in ex.how["published"]
    assert PARAS[0][:20] in ex.text or TRAD[0][:20] in ex.text


# ---- what is not an article --------------------------------------------------------------------------

def _links_page(n: int) -> str:
    items = "".join(f'<li><a href="/n/{i}">第{i}条新闻的标题在这里显示出来</a><span>2025-03-0{i % 9 + 1}</span></li>'
                    for i in range(n))
    return page(f"<ul class='list'>{items}</ul>", title="滚动新闻_某某网")


@pytest.mark.parametrize("name", ["list_channel_summaries.html", "list_search_results.html", "list_login_page.html"])
def test_fixture_non_articles_are_refused_with_why_and_what_to_do(name):
    html, _ = decode_html((PAGES / name).read_bytes())
    with pytest.raises(InputError) as err:
        extract_article(html, source=name)
    message = str(err.value)
    assert "does not look like an article" in message and "--force" in message


def test_a_list_of_headline_links_is_refused_and_force_takes_its_text():
    with pytest.raises(InputError, match="no article text"):
        extract_article(_links_page(30))
    with pytest.raises(InputError, match="no article text found"):  # even forced: no text to take
        extract_article(_links_page(30), force=True)


def test_an_article_with_many_related_links_is_still_an_article():
    related = "".join(f'<li><a href="/r/{i}">相关报道第{i}篇的标题放在这里</a></li>' for i in range(40))
    ex = extract_article(page(article() + f"<ul class='more'>{related}</ul>"))
    assert PARAS[3] in ex.text and "相关报道" not in ex.text


# A short article (one paragraph, a few lines) on a page full of links and furniture: a sign-in box
# with a password field in the header's toolbar or beside the comment box is no login page, and
# dozens of headline links around one paragraph are no list when the paragraph sits under its own
# headline and dateline.
SHORT = ("市里今天公布了新的公交线路调整方案，十二条线路下个月起优化走向，早晚高峰增加班次，"
         "新建小区附近增设站点，部分线路延长运营时间，公示期为十天，市民可通过热线电话或官方网站提出意见。")
SIGN_IN = {
    # a portal's header toolbar: a drop-down sign-in box
    "toolbar": ('<div class="toolbar"><div class="login-box"><strong>登录</strong><span>没有账号？</span>'
                '<a href="/reg">快速注册</a><input type="text" value="用户名/手机"><input type="password" value="******">'
                '<label><input type="checkbox">记住我</label><a href="/pwd">找回密码</a></div></div>', ""),
    # a comment box under the article: sign in to post
    "comments": ("", '<div class="tie"><h3>网友评论</h3><form action="/post"><textarea></textarea></form>'
                     '<form action="/login"><input type="text" placeholder="帐号"><input type="password" placeholder="密码">'
                     '<button>登录并发表</button></form><p>目前没有跟贴，欢迎你发表观点</p></div>'),
}
MANY_LINKS = "".join(f'<li><a href="/h/{i}">热门新闻第{i}条的标题显示在这里</a></li>' for i in range(30))


@pytest.mark.parametrize("kind", SIGN_IN)
def test_a_sign_in_box_in_the_page_furniture_does_not_make_a_short_article_a_login_page(kind):
    before, after = SIGN_IN[kind]
    body = (before + '<div class="art"><h1>公交线路调整方案公示</h1><div class="info">2025-03-01 09:30 来源：某某日报</div>'
            f'<div class="text"><p>{SHORT}</p></div></div>' + after)
    ex = extract_article(page(body))
    assert SHORT in ex.text and ex.published == "2025-03-01"
    assert "找回密码" not in ex.text and "目前没有跟贴" not in ex.text


SHORT_ITEMS = {
    # a finance portal: headline, dateline, one paragraph; ranking lists all around
    "portal": ('<div class="art"><h1>公交线路调整方案公示</h1><div class="tip">2025-03-01 09:30 某某日报</div>'
               f'<div class="text"><p>{SHORT}</p></div></div>', "公交线路调整方案公示-城市频道-某某网"),
    # a Taiwanese daily: headline, a standfirst, a row of share tools, then the dateline and the paragraph
    "daily": ('<div class="art"><h1>公車路線調整方案公示</h1><p class="sub">市府公布公車路線調整。</p><ul class="tools">'
              + "".join(f'<li><a href="#">{t}</a></li>' for t in ("友善列印", "小字型", "大字型", "分享至臉書", "分享至推特"))
              + '</ul><div class="date">2025年03月01日 09:30 某某報</div>'
              '<p>市府今天公布新的公車路線調整方案，十二條路線下個月起優化走向，尖峰時段增加班次，新建社區附近增設站點，'
              '部分路線延長營運時間，公示期為十天，市民可透過專線電話或官方網站提出意見。</p></div>',
              "公車路線調整方案公示 - 某某電子報"),
}


@pytest.mark.parametrize("kind", SHORT_ITEMS)
def test_a_short_item_under_its_own_headline_and_dateline_is_no_list_of_links(kind):
    body, title = SHORT_ITEMS[kind]
    ex = extract_article(page(body + f'<ul class="rank">{MANY_LINKS}</ul>', title=title))
    assert ex.published == "2025-03-01" and "十二条线路" in ex.text or "十二條路線" in ex.text
    assert "热门新闻第3条" not in ex.text


def test_a_channel_page_named_like_its_title_is_still_a_list():
    # the channel's heading is the <title>'s first part, and the items carry dates: no article header
    items = "".join(f'<li><a href="/n/{i}">第{i}条新闻的标题在这里显示出来</a><span>2025-03-0{i % 9 + 1}</span>'
                    f"<p>第{i}条新闻的摘要，市里相关部门介绍了最新的安排，欢迎市民关注。</p></li>" for i in range(20))
    with pytest.raises(InputError, match="does not look like an article"):
        extract_article(page(f"<h1>城市新闻</h1><ul class='list'>{items}</ul>{MANY_LINKS}", title="城市新闻_某某网"))


# A short article followed by a list of teasers the extractors keep with it ("recommended for
# you": items of one shape, each a headline link, a summary, a date): the teasers are dropped, the
# article stays; the same items with no article header above them are a list page.
def teasers(n: int = 4, tag: str = "dl") -> str:
    inner = ("<dt><a href='/n/{i}'><img src='t{i}.jpg'></a></dt><dd class='tit'><a href='/n/{i}'>推荐阅读第{i}篇文章的标题写在这里</a></dd>"
             "<dd class='exp'>第{i}篇文章的摘要，有关部门介绍了最新进展，相关工作正在推进之中。</dd><dd class='sj'>2025-03-0{i} 07:42</dd>"
             if tag == "dl" else
             "<a href='/n/{i}'>更多新聞第{i}則的標題寫在這裡</a><p>第{i}則新聞的摘要，相關單位說明了最新進度，後續工作仍在推動。</p>"
             "<span class='time'>2025/03/0{i} 07:42</span>")
    items = "".join(f"<{tag}>" + inner.format(i=i + 1) + f"</{tag}>" if tag == "dl" else f"<li>{inner.format(i=i + 1)}</li>"
                    for i in range(n))
    return items if tag == "dl" else f"<ul class='more-news'>{items}</ul>"


DIGEST = ("据本报讯，甲公司：拟以九千万元竞得某市工业用地，用于新材料基地建设。乙公司：确定为某风电项目设备供应商，"
          "中标价七亿元。丙公司：收到监管措施决定书。丁公司：拟收购控股子公司少数股权。")
TEASED = {
    # a finance flash-news page: <h2> headline, info row, the body one bare text node, a disclaimer
    "flash": ('<div class="box_left"><h2>午间公告：甲公司竞得工业用地</h2><div class="info">2025-03-01 12:11 来源：某某网 作者：周明</div>'
              f'<div class="txt_con">{DIGEST}</div><p>声明：本网力求信息真实、准确，文章内容仅供参考。</p>'
              f'<div class="tuijian"><h2>为你推荐</h2><div class="tuijian_con">{teasers()}</div></div></div>',
              "午间公告：甲公司竞得工业用地_某某网", DIGEST[:20]),
    # a Taiwanese portal: <h1>, time, two short paragraphs, a "more news" list with summaries
    "portal": ('<div class="art"><h1>公車路線調整方案公示</h1><div class="date">2025/03/01 09:30</div>'
               f'<p>{TRAD[0]}</p><p>{TRAD[1][:30]}。</p><h3>更多新聞</h3>{teasers(5, "li")}</div>',
               "公車路線調整方案公示 | 某某新聞網", TRAD[0][:20]),
}


@pytest.mark.parametrize("kind", TEASED)
def test_a_list_of_teasers_after_a_short_article_is_dropped_not_a_reason_to_refuse(kind):
    body, title, start = TEASED[kind]
    ex = extract_article(page(body, title=title))
    assert start in ex.text and ex.published == "2025-03-01"
    assert "摘要" not in ex.text and "推荐阅读" not in ex.text and "更多新聞" not in ex.text
    assert any("teasers" in d.reason for d in ex.decisions if not d.keep)


def test_teasers_with_no_article_above_them_are_a_list_page():
    with pytest.raises(InputError, match="does not look like an article"):
        extract_article(page(f"<h2>为你推荐</h2><div class='tuijian_con'>{teasers(6)}</div>", title="为你推荐_某某网"))


# An author card between the headline and the text: avatar, the writer's (or account's) bare
# name, the date below it, often without the year; and no card, no name: a bare source name beside
# the date is the outlet.
CARDS = {
    "self-media": ('<div class="desc"><div class="icon"><img src="avatar.jpg"></div><div class="txt">'
                   '<p class="name">城市观察员小林</p><div class="source"><span class="date">发布时间：03-01</span>'
                   '<span class="time">09:30</span><span>优质作者</span></div></div></div>', "城市观察员小林"),
    "blog": ('<div class="meta"><a class="avatar" href="/u/7"><img src="u7.png"></a><div>'
             '<a class="user" href="/u/7">林晓风</a></div><div class="time">2025-03-01 09:30</div></div>', "林晓风"),
    "no card": ('<div class="sub"><span>某某网</span> <span>2025-03-01 09:30:31</span></div>', ""),
}


@pytest.mark.parametrize("kind", CARDS)
def test_a_name_on_an_author_card_above_the_dateline_is_the_author(kind):
    byline, author = CARDS[kind]
    ex = extract_article(page(article(byline=byline)))
    assert ex.author == author and PARAS[0] in ex.text
    if author:
        assert "author card" in ex.how["author"]


# After the text, a heading opens another section: a closing byline is looked for before it, never
# in it ("作者最新文章", the author's latest articles, is no byline naming 最新文章).
@pytest.mark.parametrize("section,author", [
    ('<div class="right"><h2>作者最新文章</h2><ul>' + "".join(
        f'<li><h3><a href="/a/{i}">这位作者写的第{i}篇文章标题</a></h3><span>12-27</span></li>' for i in range(4))
     + "</ul></div>", ""),
    ("<p>（作者：方立 某某大学教授）</p><h3>作者其他文章</h3><ul>"
     + "".join(f'<li><a href="/b/{i}">这位作者写的第{i}篇评论文章</a></li>' for i in range(4)) + "</ul>", "方立"),
])
def test_a_heading_after_the_text_ends_the_closing_byline(section, author):
    ex = extract_article(page(article(closing=section)))
    assert ex.author == author
    assert "最新文章" not in ex.text.split("\n\n")[-1]


@pytest.mark.parametrize("html", ["", "<html></html>", "<html><body><p>短</p></body></html>",
                                  "<div>" * 3000 + "正文" + "</div>" * 3000, "\x00\x01garbage<<<>>>"])
def test_empty_or_broken_pages_are_refused_without_a_traceback(html):
    with pytest.raises(InputError):
        extract_article(html)


# ---- bounds: a huge page is read by our own linear pass, or refused unread -------------------------

def _huge(items: int) -> str:
    rows = "".join(f'<li><a href="/x/{i}">相关新闻第{i}条的标题</a><span>03-01</span></li>' for i in range(items))
    return page(article() + f"<ul class='more'>{rows}</ul>")


def test_a_large_page_is_read_by_the_density_extractor_alone(monkeypatch):
    import briefing.sources.html as html_mod

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("a second opinion was asked on a large page")

    monkeypatch.setattr(html_mod, "trafilatura_candidate", never)
    monkeypatch.setattr(html_mod, "readability_candidate", never)
    html = _huge(html_mod.LARGE_PAGE_ELEMENTS // 3 + 10)
    ex = extract_article(html)
    assert all(p in ex.text for p in PARAS) and "相关新闻第7条" not in ex.text
    assert any("the page is large" in n and "density extractor alone" in n for n in ex.notes)


def test_a_page_far_larger_than_any_article_is_refused_unread_naming_the_file(monkeypatch, tmp_path):
    import briefing.sources.html as html_mod

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page was parsed")

    monkeypatch.setattr(html_mod, "parse_page", never)
    src = tmp_path / "huge-portal.html"
    src.write_text(_huge(html_mod.MAX_PAGE_ELEMENTS // 3 + 10), encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    with pytest.raises(InputError, match=r"huge-portal\.html is too large to be one article page") as err:
        add_article(seeds, str(src))
    assert "reader view" in str(err.value) and list(seeds.iterdir()) == []


# ---- duplicates, slugs, near-empty bodies through `add` ----------------------------------------------

@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    d = tmp_path / "seeds"
    d.mkdir()
    return d


def test_the_same_page_twice_or_under_another_name_is_refused_and_nothing_is_written(seeds, tmp_path):
    head = '<link rel="canonical" href="https://news.example.cn/city/2025/0301/123.html">'
    first = tmp_path / "a.html"
    first.write_text(page(article(), head=head), encoding="utf-8")
    added = add_article(seeds, str(first))
    assert "url: https://news.example.cn/city/2025/0301/123.html" in added.meta.read_text(encoding="utf-8")
    before = sorted(p.name for p in seeds.iterdir())
    again = tmp_path / "b.html"  # the same address (mobile host, tracking parameter), another layout
    again.write_text(page(article(paras=PARAS[:2] + ["另一段不同的文字，说明这是同一地址的另一个版本，内容稍有不同。"]),
                          head='<link rel="canonical" href="http://m.news.example.cn/city/2025/0301/123.html?utm_source=x">'),
                     encoding="utf-8")
    with pytest.raises(InputError, match="the same address"):
        add_article(seeds, str(again))
    text = tmp_path / "c.txt"  # the same body, as a text file
    text.write_text("公交线路调整方案公示\n\n" + "\n\n".join(PARAS), encoding="utf-8")
    with pytest.raises(InputError, match="the same article text") as err:
        add_article(seeds, str(text))
    assert "--force" in str(err.value)
    assert sorted(p.name for p in seeds.iterdir()) == before
    assert add_article(seeds, str(text), force=True).seed.name.startswith("001_")


def test_slugs_are_readable_pinyin_or_the_editors_english_title(seeds, tmp_path):
    assert slug_from_title("公交线路调整方案公示") == "gongjiaoxianlu-tiaozheng-fangan-gongshi"
    assert slug_from_title("【独家】颱風外圍環流影響 南部山區豪雨特報") == "taifeng-waiwei-huanliu-yingxiang-nanbu"
    assert slug_from_title("Huawei's 5G chip, explained") == "huaweis-5g-chip-explained"
    src = tmp_path / "123456.html"
    src.write_text(page(article()), encoding="utf-8")
    added = add_article(seeds, str(src), english_title="Bus routes redrawn")
    assert added.slug == "bus-routes-redrawn" and added.seed.name == "000_bus-routes-redrawn.txt"


def test_a_near_empty_body_is_never_added(seeds, tmp_path):
    src = tmp_path / "short.html"
    src.write_text(page('<div class="article"><h1>公交线路调整</h1><p>详见附件。</p></div>'), encoding="utf-8")
    for force in (False, True):
        with pytest.raises(InputError):
            add_article(seeds, str(src), force=force)
    assert list(seeds.iterdir()) == []


def test_add_writes_the_extraction_record_and_the_found_values(seeds):
    added = add_article(seeds, str(PAGES / "reprint_tech_policy.html"))
    assert added.record is not None and added.record.name.endswith(".extraction.md")
    record = added.record.read_text(encoding="utf-8")
    assert "## Kept blocks" in record and "责任编辑" in record  # the editor credit, dropped with its reason
    meta = yaml.safe_load(added.meta.read_text(encoding="utf-8"))
    assert meta["author"] == "郑海川、刘思琪" and meta["published"] == "2024-05-21"
    assert meta["title_zh"] == "多地出台政策支持人工智能企业发展"


# ---- every fixture page, judged as score_html.py judges (without a build) ----------------------------

@pytest.mark.parametrize("name", [n for n in SPEC if SPEC[n].get("expect") != "refused"])
def test_fixture_page(name):
    spec = SPEC[name]
    html, _ = decode_html((PAGES / name).read_bytes())
    ex = extract_article(html, source=name)
    flat = "".join(ex.text.split())
    assert spec["title"] in ex.title
    for snippet in spec["body"]:
        assert "".join(snippet.split()) in flat, snippet
    body_only = "".join(d.block.text for d in ex.decisions if d.keep)
    leaked = [c for c in spec["chrome"] if "".join(c.split()) in "".join(body_only.split())]
    assert leaked == []
    assert ex.published == str(spec["date"])
    assert spec["author"] in ex.author


def test_a_photo_credit_or_the_next_label_is_no_part_of_the_byline():
    assert byline_authors("作者：张晓明来源：某某网")[0] == "张晓明"
    assert byline_authors("图为工人在检修设备。（记者 王大同 摄）")[0] == ""
    assert byline_authors("本报记者 李明 通讯员 赵刚")[0] == "李明"


def test_the_next_article_appended_below_is_not_part_of_this_one():
    following = ('<h1>另一篇文章：城郊新建两所学校</h1><div class="info">2025-03-02 10:00</div>'
                 "<p>城郊的两所新学校将在秋季开学，可以提供一千多个学位，缓解附近居民子女上学难的问题。</p>"
                 "<p>教育部门表示，两所学校的师资将从全市统一调配，并配备新的实验室和图书馆。</p>")
    ex = extract_article(page(article(closing=following)))
    assert PARAS[3] in ex.text and "城郊的两所新学校" not in ex.text
    assert any("another article" in d.reason for d in ex.decisions)
