"""Page furniture and bylines of more kinds of outlets: one-line navigation bars, the site's name
above them, browser-tab titles, outlet-and-role bylines, news tags opening the text, American
dates, and the provisional headline in headline form.

Every fixture is a short made-up string written for this test (no publisher's text).
"""

from briefing.sources.script import Conversion
from briefing.model import ArticleMeta
from briefing.sources.articles import build_article
from briefing.sources.body import lexicon_rule, menu_line
from briefing.sources.clean import clean_text
from briefing.sources.metadata import find_date, lead_byline, site_name, split_title
from briefing.sources.provisional import headline_clause, provisional_headline

from support import found, kept, page

P1 = "某市交通部门近日发布了新的公交线路调整方案，计划在年内新开十条社区巴士线路，方便居民短途出行。"
P2 = "方案提出，新线路将优先覆盖地铁站点较远的老旧小区，并在早晚高峰时段适当加密班次，缩短候车时间。"
P3 = "有市民表示，希望调整后的线路能够兼顾老年人的就医需求，在主要医院附近设置更多停靠站点。"
T1 = "某市交通部門近日公布了新的公車路線調整方案，計劃在年內新開十條社區巴士路線，方便居民短途出行。"
T2 = "方案提出，新路線將優先覆蓋捷運站較遠的老舊社區，並在早晚尖峰時段適當加密班次，縮短候車時間。"
T3 = "有市民表示，希望調整後的路線能夠兼顧長者的就醫需求，在主要醫院附近設置更多停靠站點。"


def test_navigation_printed_as_one_line_is_a_menu():
    assert menu_line("首页 快讯 资本 汽车 科技 企服 生活 创投")
    assert menu_line("即時 政治 國際 兩岸 產經 證券")
    assert menu_line("登录/注册") and menu_line("分享 Facebook LINE") and menu_line("字体：小 中 大")
    assert menu_line("中文 (简体) 中文 (繁體)") and menu_line("粵語 | 普通話 | 藏語")
    assert not menu_line("某市公交线路调整 社区巴士年内开通")  # a headline with a space
    assert not menu_line("DeepSeek 发布 R1 模型 性能 提升")  # Latin words: not a menu of short tabs
    assert not menu_line("张小明 李大华 王建国 赵立新 钱文明")  # a line of reporters' names
    assert lexicon_rule("首页 快讯 资本 汽车 科技 企服 生活 创投") == "menu-line"


def test_breadcrumbs_pointer_links_and_sign_offs():
    assert lexicon_rule("首頁 > 生活") == "breadcrumb" and lexicon_rule("某某新聞雲 > 地方") == "breadcrumb"
    assert lexicon_rule("►台南新景點一次看！週末就出發") == "link-pointer"
    assert lexicon_rule("[abc.cc 某網]") == "sign-off" and lexicon_rule("【完】") == "sign-off"
    assert lexicon_rule("【點擊瀏覽：單車徑全攻略】") == "chrome-phrase"
    assert lexicon_rule("APP下载") == "chrome-phrase" and lexicon_rule("跳转至主要内容") == "chrome-phrase"
    assert lexicon_rule("某市公交线路调整方案公布 社区巴士年内开通") is None


def test_the_sites_name_above_its_menu_is_no_headline():
    text = page("某某新聞 ABC", "即時 政治 國際 兩岸 產經 證券 科技 生活", "首頁 > 生活",
                "公車路線調整方案公布 社區巴士年內開通", "2025/03/05 14:22", T1, T2, T3,
                "© 2025 某某新聞 ABC 版權所有")
    c = clean_text(text)
    assert c.title == "公車路線調整方案公布 社區巴士年內開通"
    assert kept(c) == T1 + T2 + T3
    assert site_name("某某之音") and site_name("甲網 abc.cc") and site_name("甲傳媒 Initium Media")
    assert not site_name("公車路線調整方案公布")


def test_a_logo_repeated_in_the_breadcrumb_or_an_app_prompt_is_no_headline():
    text = page("某某新聞雲", "公車路線調整方案公布 社區巴士年內開通", "某某新聞雲 > 地方", "2025年03月05日 11:23",
                T1, T2, T3, "下載「某某新聞雲」App，即時掌握最新消息：https://example.com/app")
    assert clean_text(text).title == "公車路線調整方案公布 社區巴士年內開通"


def test_a_page_whose_only_heading_is_the_footers_outlet_name_has_no_headline():
    text = page("某某新闻", "某某新闻记者 | 张小明", "2025/03/05 10:11", P1, P2, P3, "某某新闻",
                "相关阅读", "另一篇文章的标题")
    c = clean_text(text)
    assert c.title == ""
    assert found(c)["author"] == "张小明" and found(c)["outlet"] == "某某新闻"
    a = build_article(text, ArticleMeta(slug="x", source_file="x.txt"), conversion=Conversion())
    assert a.meta.title_source == "provisional" and "某某新闻" not in a.title.source


def test_browser_tab_title_loses_every_outlet_suffix():
    assert split_title("公交线路调整方案公布_某某科技_某某网") == (
        "公交线路调整方案公布", [("outlet", "某某科技"), ("outlet", "某某网")])
    text = page("公交线路调整方案公布_某某科技_某某网", "某某首页 新闻 体育 财经 娱乐 科技 博客 图片 更多",
                "公交线路调整方案公布", "2025年03月05日 08:30 某某科技", P1, P2, P3)
    assert clean_text(text).title == "公交线路调整方案公布"


def test_outlet_and_role_bylines_in_more_forms():
    for byline, outlet, author in (("甲傳媒記者 王小明 發自香港", "甲傳媒", "王小明"),
                                   ("某某新闻记者 | 张小明", "某某新闻", "张小明"),
                                   ("某某之音 李安然", "某某之音", "李安然")):
        c = clean_text(page("公交线路调整方案公布", byline, "2025-03-05", P1, P2, P3))
        assert found(c)["author"] == author and found(c)["outlet"] == outlet, byline
        assert byline in {r.text for r in c.removed}
    c = clean_text(page("公交线路调整方案公布", "作者，苏小敏", "职务，某某中文", "2025年3月5日", P1, P2, P3))
    assert found(c)["author"] == "苏小敏" and kept(c) == P1 + P2 + P3


def test_american_month_first_dates():
    assert find_date("03/05/2025")[0] == "2025-03-05"
    assert find_date("25/03/2025")[0] == "2025-03-25"  # a day above 12: day first
    assert find_date("05.03.2025")[0] == "2025-03-05"  # dots stay European
    c = clean_text(page("公交线路调整方案公布", "03/05/2025", "某某之音 李安然", P1, P2, P3))
    assert found(c)["published"] == "2025-03-05"


def test_an_outlets_news_tag_opening_the_text():
    assert lead_byline("某某网消息（某某节目）：" + P1)[0] == "某某网消息（某某节目）："
    assert lead_byline("某某科技讯 3月5日上午消息，" + P1)[0] == "某某科技讯 3月5日上午消息，"
    prefix, fields = lead_byline("中新网上海3月5日电（记者 张小明）" + P1)
    assert ("author", "张小明") in [(k, v) for k, v, _ in fields]
    assert lead_byline("合作社电商平台上线了新的功能，农户可以直接接单。")[0] == ""  # no tag: a word
    assert lead_byline("据某某社电，" + P1)[0] == ""  # attribution is the text's own
    c = clean_text(page("某某网", "首页 新闻 体育 综艺 电视剧 纪录片 动画 少儿", "某某网消息（某某节目）：" + P1, P2, P3))
    assert kept(c) == P1 + P2 + P3 and found(c)["outlet"] == "某某网"


def test_author_named_in_a_reprint_note_opening_the_body():
    note = "本文来自微信公众号：城市观察（ID：cityobs），作者：林小舟，原文标题：《公交调整》，题图来自：某图库"
    c = clean_text(page("公交线路调整，怎样照顾老人", "2025-03-05 10:20", note, P1, P2, P3))
    assert found(c)["author"] == "林小舟" and found(c)["outlet"] == "城市观察"
    assert kept(c) == P1 + P2 + P3


def test_a_short_widget_above_the_headline_does_not_make_it_a_subtitle():
    text = page("某某 首页 资讯 视频 活动 会员 问答", "赞赏一下", "公交线路调整，怎样照顾老人", "2025-03-05", P1, P2, P3)
    assert clean_text(text).title == "公交线路调整，怎样照顾老人"


def test_provisional_headline_is_in_headline_form():
    assert headline_clause("多家连锁咖啡品牌近期下调了部分饮品价格") == "多家连锁咖啡品牌下调部分饮品价格"
    assert headline_clause("某市一幢唐樓今日下午發生火警") == "某市唐樓發生火警"
    assert headline_clause("某国总统去年 8 月曾松口") == "某国总统曾松口"
    assert headline_clause("某国於1957年將衛星發射入軌") == "某国將衛星發射入軌"
    assert headline_clause("城际列车从本周起实现扫码互通") == "城际列车从本周起实现扫码互通"  # time is the news
    assert headline_clause("为了解决问题") == "为了解决问题"  # 为了 and 了解 are no particles
    assert provisional_headline("某市公共運輸處今天宣布，明天起試辦夜間公車隨招隨停，乘客可在站牌以外下車。") \
        == "某市公共運輸處宣布明天起試辦夜間公車隨招隨停"
    assert provisional_headline("为了减少排队，某医院今年起推出了预约制度，市民可在网上选择时段。") == "某医院今年起推出预约制度"


def test_provisional_headline_never_repeats_the_leads_opening_clause_when_it_can_be_shortened():
    for lead in (P1, T1, "某市一幢唐樓今日下午發生火警，消防處接報後派出三輛消防車到場。",
                 "多家连锁咖啡品牌近期下调了部分饮品价格，最低一杯售价降至九元九角。"):
        opening = lead.split("，")[0]
        head = provisional_headline(lead)
        assert opening not in head and 6 <= len(head) <= 40, (lead, head)


def test_double_arrow_breadcrumb_and_portal_payment_notice():
    assert lexicon_rule("某某网>>社会·法治") == "breadcrumb"
    assert lexicon_rule("特别提醒：如果我们使用了您的图片，请作者与本站联系索取稿酬。如您不希望作品出现在本站，"
                        "可联系我们要求撤下您的作品。") == "boilerplate"


def test_tab_title_with_its_section_and_the_headline_below_it_with_a_name_line():
    assert split_title("公車路線調整方案公布 - 生活 - 某某新聞網") == (
        "公車路線調整方案公布", [("column", "生活"), ("outlet", "某某新聞網")])
    text = page("公車路線調整方案公布 - 生活 - 某某新聞網", "某某新聞網", "首頁 即時 政治 言論 生活 娛樂 財經 社會",
                "公車路線調整方案公布", "王志明", "2025/03/05 12:05", T1, T2, T3)
    c = clean_text(text)
    assert c.title == "公車路線調整方案公布" and found(c)["author"] == "王志明"
    assert kept(c) == T1 + T2 + T3


def test_reporter_after_an_outlets_short_name():
    c = clean_text(page("小家电企业扎堆出海", "某经记者：蔡小婷 某经编辑：陈小杰", "2025-03-05 21:36:50", P1, P2, P3))
    assert found(c)["author"] == "蔡小婷" and kept(c) == P1 + P2 + P3
    c = clean_text(page("小家电企业扎堆出海", "某网记者：张三、李四", "2025-03-05", P1, P2, P3))
    assert found(c)["author"] == "张三、李四"


def test_a_headline_with_a_widget_word_right_above_its_dateline_stays_the_headline():
    text = page("某某网", "某某网>>社会·法治", "多地推行物业费用公开 业主可扫码查账",
                "2025年03月05日05:40 | 来源：某某日报", P1, P2, P3, "扫码关注我们")
    c = clean_text(text)
    assert c.title == "多地推行物业费用公开 业主可扫码查账"
    assert {r.text: r.rule for r in c.removed}["扫码关注我们"] != "title"


def test_a_caption_label_on_its_own_line_makes_the_next_line_a_caption():
    from briefing.model import Kind
    c = clean_text(page("北极海冰面积创冬季新低", "作者，苏小敏", "2025年3月5日", P1, "图像来源，某图片社",
                        "图像加注文字，", "北冰洋上的浮冰。", P2, P3))
    captions = [b.text for b in c.blocks if b.kind is Kind.CAPTION]
    assert captions == ["北冰洋上的浮冰。"] and kept(c) == P1 + "北冰洋上的浮冰。" + P2 + P3
    assert {r.text: r.rule for r in c.removed}["图像加注文字，"] == "caption-label"


def test_a_section_label_that_reads_like_a_list_marker_does_not_swallow_a_short_article():
    s1 = "某局今日表示，本市银行体系的结余将在下周降至约四百亿元，市场预期拆息会上升。"
    s2 = "某局发言人指出，结余下降主要由于票据发行增加，属于正常的流动性管理。"
    s3 = "有银行界人士认为，拆息上升会令按揭供款加重，但对楼市的影响相信有限。"
    c = clean_text(page("某某财经新闻", "即时 地产 理财 时事 评论 文化", "即时新闻", "2025年3月5日 星期三", s1, s2, s3,
                        "（本文只属作者个人意见，并不代表某报立场。）", "热门", "港股半日升二百点",
                        "本网站内容只供参考之用，并不构成任何投资建议。"))
    assert kept(c) == s1 + s2 + s3
    rules = {r.text: r.rule for r in c.removed}
    assert rules["（本文只属作者个人意见，并不代表某报立场。）"] == "boilerplate"
    assert lexicon_rule("他说，这并不代表政府立场。") is None  # no pointer at the piece: the article's own words


def test_provisional_headline_leaves_out_temporal_clauses_and_indefinite_measure_words():
    assert provisional_headline("集装箱船舶大型化之后，中小港口的支线运输正在经历洗牌，码头开始寻找新货源。") \
        == "中小港口的支线运输正在经历洗牌"
    assert headline_clause("一名男子在地铁站内晕倒") == "男子在地铁站内晕倒"
    assert headline_clause("其中一名乘客受轻伤") == "其中一名乘客受轻伤"
    assert headline_clause("停运一个月") == "停运一个月"
