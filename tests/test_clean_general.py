"""The general cleaner and metadata finder on pages shaped like those of many Chinese news sites.

Every fixture is written for this test (no publisher's text): the furniture around it imitates
the forms sites use — WeChat's reader UI, portal menus, agency datelines, Taiwanese and Hong Kong
bylines, related-article lists, reprint notes — around a body of made-up prose.
"""

from briefing.sources.script import Conversion
from briefing.model import ArticleMeta, Kind
from briefing.sources.articles import build_article, provisional_headline
from briefing.sources.body import find_body, is_prose, lexicon_rule, related_marker
from briefing.sources.clean import clean_text
from briefing.sources.metadata import find_date, names_line, split_title

from support import found, kept, page

P1 = "近日，某市发布了新的城市更新方案，计划在三年内改造一百个老旧小区，并同步完善周边的公共服务设施。"
P2 = "方案提出，改造将优先考虑居民的实际需求，由社区组织居民议事会讨论具体内容，再由街道统一实施。"
P3 = "有专家认为，这一做法能够减少改造过程中的矛盾，但资金来源和后续的维护责任仍然需要进一步明确。"
T1 = "近日，某市發布了新的城市更新方案，計劃在三年內改造一百個老舊社區，並同步完善周邊的公共服務設施。"
T2 = "方案提出，改造將優先考慮居民的實際需求，由社區組織居民議事會討論具體內容，再由區公所統一實施。"
T3 = "有專家認為，這一做法能夠減少改造過程中的矛盾，但資金來源和後續的維護責任仍然需要進一步明確。"


def removed_rules(cleaned) -> dict[str, str]:
    return {r.text: r.rule for r in cleaned.removed}


def test_wechat_article_page():
    text = page("科技 | 老旧小区改造进入快车道", "原创 王小明 城市观察 2025年3月1日 08:30",
                "城市观察", "扫码关注《城市观察》", P1, P2, P3, "阅读原文",
                "微信扫一扫\n关注该公众号", "继续滑动看下一个", "轻触阅读原文", "城市观察",
                "向上滑动看下一个", "知道了", "微信扫一扫\n使用小程序", "取消\n允许", "：\n，\n，\n。",
                "视频\n小程序\n赞\n，轻点两下取消赞\n在看\n，轻点两下取消在看\n分享\n留言\n收藏")
    c = clean_text(text)
    assert c.title == "老旧小区改造进入快车道"
    assert kept(c) == P1 + P2 + P3
    f = found(c)
    assert f["author"] == "王小明" and f["published"] == "2025-03-01" and f["published_time"] == "08:30"
    assert f["column"] == "科技" and f["outlet"] == "城市观察"
    for chrome in ("阅读原文", "继续滑动看下一个", "，轻点两下取消赞", "知道了"):
        assert chrome in removed_rules(c)


def test_agency_dateline_in_the_first_paragraph_and_editor_footer():
    text = page("某市发布老旧小区改造方案", "2025-03-01 10:05:12　来源：新华网",
                "新华社北京3月1日电（记者张三、李四）" + P1, P2, P3,
                "【纠错】 【责任编辑：王五】", "相关新闻", "某地推出新的住房政策", "另一座城市的类似做法")
    c = clean_text(text)
    assert c.title == "某市发布老旧小区改造方案"
    assert c.blocks[0].text == P1
    f = found(c)
    assert f["author"] == "张三、李四" and f["outlet"] == "新华网" and f["published"] == "2025-03-01"
    rules = removed_rules(c)
    assert rules["新华社北京3月1日电（记者张三、李四）"] == "byline-prefix"
    assert rules["某地推出新的住房政策"] == "related-list"


def test_taiwanese_reporter_bracket_caption_and_further_reading():
    text = page("首頁", "政治", "社會", "生活", "國際", "財經", "老舊社區改造 三年一百處",
                "2025/03/01 10:05", "〔記者王小明／台北報導〕" + T1, "▲ 社區居民參加說明會。（記者王小明攝）",
                T2, "不用抽 不用搶 現在用APP看新聞 保證天天中獎", T3, "加入LINE好友", "延伸閱讀：",
                "另一座城市推出類似的改造計畫", "專家談社區營造的經驗", "看更多相關新聞")
    c = clean_text(text)
    assert c.title == "老舊社區改造 三年一百處"
    f = found(c)
    assert f["author"] == "王小明" and f["published"] == "2025-03-01" and f["published_time"] == "10:05"
    assert [b.kind for b in c.blocks] == [Kind.TEXT, Kind.CAPTION, Kind.TEXT, Kind.TEXT]
    assert c.blocks[0].text == T1
    rules = removed_rules(c)
    assert rules["延伸閱讀："] == "related-list" and rules["專家談社區營造的經驗"] == "related-list"
    assert rules["加入LINE好友"] in ("chrome-phrase", "outside-body")
    assert "不用抽 不用搶 現在用APP看新聞 保證天天中獎" in rules


def test_news_agency_dateline_and_editor_note_closing_the_last_paragraph():
    text = page("老舊社區改造計畫上路", "（中央社記者王小明台北1日電）" + T1, T2, T3 + "（編輯：李四）1140301")
    c = clean_text(text)
    f = found(c)
    assert f["author"] == "王小明" and f["outlet"] == "中央社"
    assert c.blocks[0].text == T1 and c.blocks[-1].text == T3
    assert removed_rules(c)["（編輯：李四）1140301"] == "editor-credit"


def test_portal_page_with_menu_original_title_source_and_recommendations():
    menu = ["首页", "新闻", "体育", "娱乐", "财经", "科技", "汽车", "房产", "登录", "注册", "下载APP"]
    text = page(*menu, "老旧小区改造三年计划出炉", "2025年03月01日 10:05 新华网",
                "原标题：某市老旧小区改造方案发布", P1, P2, P3, "本文来源：新华网 作者：张三",
                "责任编辑：李四", "猜你喜欢", "城市更新的十个问题", "旧城改造中的居民参与", "热门排行",
                "违法和不良信息举报电话：12345", "Copyright © 2025 All Rights Reserved")
    c = clean_text(text)
    assert c.title == "老旧小区改造三年计划出炉"
    assert kept(c) == P1 + P2 + P3
    f = found(c)
    assert f["published"] == "2025-03-01" and f["outlet"] == "新华网" and f["author"] == "张三"
    rules = removed_rules(c)
    assert rules["原标题：某市老旧小区改造方案发布"] == "original-title"
    assert all(rules[m] in ("outside-body", "menu-item", "chrome-phrase") for m in menu)


def test_broadcaster_page_names_outlet_and_date_in_one_line_and_photo_credit():
    text = page("老舊社區改造：居民怎麼看", "王小明 BBC中文 2025年3月1日", T1, "圖像來源，Getty Images",
                T2, T3, "相關內容", "另一座城市的改造故事", "熱讀", "一則與此無關的新聞標題")
    c = clean_text(text)
    f = found(c)
    assert c.title == "老舊社區改造：居民怎麼看"
    assert f["author"] == "王小明" and f["outlet"] == "BBC中文" and f["published"] == "2025-03-01"
    assert "圖像來源，Getty Images" in removed_rules(c)
    assert kept(c) == T1 + T2 + T3


def test_hong_kong_byline_with_publish_and_update_times():
    text = page("老舊社區改造 三年一百處", "撰文：陳大文", "出版：2025-03-01 10:05 更新：2025-03-01 12:30",
                T1, T2, T3)
    c = clean_text(text)
    f = found(c)
    assert f["author"] == "陳大文" and f["published"] == "2025-03-01" and f["published_time"] == "10:05"
    assert kept(c) == T1 + T2 + T3


def test_magazine_bylines_and_reprint_note_naming_the_account_and_author():
    text = page("老旧小区改造进入快车道", "本文来自微信公众号：城市观察（ID：cityobs），作者：张三，题图来自：视觉中国",
                "文｜财新 李四", "编辑｜王五", P1, P2, P3)
    c = clean_text(text)
    f = found(c)
    assert f["outlet"] == "城市观察" and f["author"] == "张三"
    assert kept(c) == P1 + P2 + P3


def test_reprint_and_syndication_notes_and_an_author_bio_at_the_end():
    text = page("老舊社區改造的三個難題｜陳大文", T1, T2, T3, "陳大文 某大學公共政策學系教授",
                "某某評論獨家授權刊登", "（本文由 城市雜誌 授權轉載；首圖來源：資料照片）")
    c = clean_text(text)
    f = found(c)
    assert c.title == "老舊社區改造的三個難題" and f["author"] == "陳大文" and f["outlet"] == "城市雜誌"
    rules = removed_rules(c)
    assert rules["陳大文 某大學公共政策學系教授"] == "author-bio"
    assert rules["某某評論獨家授權刊登"] == "credit-note"
    assert kept(c) == T1 + T2 + T3


def test_european_day_first_date():
    assert find_date("日期 01.03.2025")[:2] == ("2025-03-01", "")
    assert find_date("2025年3月1日 下午2:05")[:2] == ("2025-03-01", "14:05")
    assert find_date("2025.09.18 11:26浏览量:0")[:2] == ("2025-09-18", "11:26")
    assert find_date("2025/1/28")[:2] == ("2025-01-28", "")
    assert find_date("2025-13-01") is None


def test_headline_labels_are_recognised():
    assert split_title("国际 | 老旧小区改造进入快车道") == ("老旧小区改造进入快车道", [("column", "国际")])
    assert split_title("老旧小区改造进入快车道｜张三") == ("老旧小区改造进入快车道", [("author", "张三")])
    assert split_title("老旧小区改造进入快车道_新华网") == ("老旧小区改造进入快车道", [("outlet", "新华网")])
    assert split_title("【独家】老旧小区改造进入快车道") == ("老旧小区改造进入快车道", [("column", "独家")])
    assert names_line("王小明 李四") == ["王小明", "李四"] and names_line("资讯") == [] and names_line("城市观察") == []


def test_the_body_keeps_code_headings_and_sentences_that_mention_chrome_words():
    code = ["function f(x) {", "return x + 1;", "});"]
    mention = "该市还开通了公众号，居民可以扫码订阅改造进度，并在平台上分享自己的意见和建议，方便街道及时回应。"
    text = page("某市发布改造方案", P1, "改造分三步", *code, P2, mention, P3)
    c = clean_text(text)
    assert [b.text for b in c.blocks if b.kind is Kind.HEADING] == ["改造分三步"]
    assert all(any(line in b.text for b in c.blocks) for line in code)
    assert mention in kept(c)


def test_prose_cut_off_from_the_body_is_removed_but_flagged_unsure():
    menu = [f"栏目{i}" for i in range(12)]
    lost = "这一段文字距离正文较远，但读起来像是正文的一部分。"
    text = page("某市发布改造方案", P1, P2, P3, *menu, lost)
    c = clean_text(text)
    unsure = [r for r in c.removed if r.unsure]
    assert [r.text for r in unsure] == [lost]


def test_line_features():
    assert is_prose(P1) and not is_prose("老旧小区改造进入快车道") and not is_prose("比亚迪市值为何不及特斯拉？｜某某")
    assert lexicon_rule("，轻点两下取消赞") == "chrome-phrase" and lexicon_rule("分享") == "menu-item"
    assert lexicon_rule("：") == "punctuation-only" and lexicon_rule("});") is None
    assert lexicon_rule(P1) is None
    for marker in ("相关阅读", "延伸閱讀：", "【相關文章】", "大家都在看", "推荐阅读 >"):
        assert related_marker(marker), marker
    assert not related_marker("相关阅读材料显示，改造方案已经获得批准并将在下月正式实施。")
    body = find_body(list(enumerate(["首页", "新闻", "体育", "", P1, "", P2, "", "版权所有"], start=1)))
    assert (body.start, body.end) == (5, 7)


def test_a_scrape_without_headline_gets_a_provisional_one_never_its_byline():
    text = page("某某網記者王小明 2025-03-01 11:12", "據外電報導，" + P1[3:], P2, P3)
    a = build_article(text, ArticleMeta(slug="x", source_file="x.txt"), conversion=Conversion())
    assert a.meta.title_source == "provisional"
    assert "王小明" not in a.title.source and "2025" not in a.title.source
    assert a.meta.author == "王小明" and a.meta.outlet == "某某網" and a.meta.published == "2025-03-01"
    assert a.meta.published_time == "11:12" and a.meta.precision == "day"
    assert provisional_headline("據外電報導，" + P1[3:]) == "某市发布新的城市更新方案"


def test_the_editors_yaml_wins_field_by_field():
    text = page("老旧小区改造进入快车道", "作者：张三", "2025-03-01", P1, P2, P3)
    meta = ArticleMeta(slug="x", source_file="x.txt", author="编辑写的作者", given=frozenset({"author"}))
    a = build_article(text, meta, conversion=Conversion())
    assert a.meta.author == "编辑写的作者" and a.meta.published == "2025-03-01"
    assert any(f.field == "author" and f.value == "张三" and "byline" in f.how for f in a.meta.found)
    blank = ArticleMeta(slug="x", source_file="x.txt", given=frozenset({"published"}))
    assert build_article(text, blank, conversion=Conversion()).meta.published == ""  # the editor said: unknown


def test_readers_comments_run_to_the_end_of_the_page():
    comment = "我觉得这个方案很好，希望我们小区也能尽快改造，因为楼道里的电线已经老化得非常严重了，大家都很担心。"
    text = page("某市发布改造方案", P1, P2, P3, "精选留言", "用户甲", comment, "用户乙", comment + "赞同。")
    c = clean_text(text)
    assert kept(c) == P1 + P2 + P3
    assert removed_rules(c)[comment] == "comments"


def test_more_bylines_udn_and_a_correspondent_in_latin_letters():
    c = clean_text(page("老舊社區改造 三年一百處", "聯合報／記者王小明／台北即時報導", "2025-03-01 10:05", T1, T2, T3))
    assert found(c)["author"] == "王小明" and found(c)["outlet"] == "聯合報"
    c = clean_text(page("老旧小区改造进入快车道", "KEITH BRADSHER 2025年3月1日", P1, P2, P3))
    assert found(c)["author"] == "KEITH BRADSHER" and found(c)["published"] == "2025-03-01"
    c = clean_text(page("老旧小区改造进入快车道", "2025年03月01日05:51 | 来源：人民网－人民日报", P1, P2, P3,
                        "上一页", "下一页"))
    assert found(c)["outlet"] == "人民网－人民日报" and found(c)["published_time"] == "05:51"
    assert kept(c) == P1 + P2 + P3


def test_wechat_credits_end_markers_links_breadcrumbs_and_disclaimers():
    text = page("首页 > 社会 > 正文", "老旧小区改造进入快车道", "作者 | 张三", P1, P2, P3, "- END -",
                "编辑：李四 审核：王五", "排版 | 赵六", "设为星标，不错过每一篇",
                "《城市更新读本》购书链接：https://bit.ly/abc123",
                "本文为作者个人观点，不代表本站立场，未经许可不得转载，违者必究，特此声明，敬请谅解。")
    c = clean_text(text)
    assert c.title == "老旧小区改造进入快车道" and found(c)["author"] == "张三"
    assert kept(c) == P1 + P2 + P3
    rules = removed_rules(c)
    assert rules["首页 > 社会 > 正文"] == "breadcrumb"
    assert rules["编辑：李四 审核：王五"] == "editor-credit" and rules["排版 | 赵六"] in ("credit-line", "site-chrome")
    assert rules["本文为作者个人观点，不代表本站立场，未经许可不得转载，违者必究，特此声明，敬请谅解。"] == "boilerplate"


def test_boilerplate_inside_the_body_is_removed_even_when_shaped_like_prose():
    disclaimer = "本文仅代表作者个人观点，与本平台的立场无关，如有疑问请与我们联系，我们将及时处理。"
    c = clean_text(page("某市发布改造方案", P1, disclaimer, P2, P3))
    assert removed_rules(c)[disclaimer] == "boilerplate" and kept(c) == P1 + P2 + P3


def test_translated_news_bracket_byline():
    c = clean_text(page("老舊社區改造 三年一百處", "〔編譯王小明／綜合報導〕" + T1, T2, T3))
    assert found(c)["author"] == "王小明" and c.blocks[0].text == T1


def test_a_headline_shaped_like_prose_opening_the_text_is_still_the_headline():
    headline = "改造三年一百处，资金谁来出，居民怎么看"
    c = clean_text(page(headline, P1, P2, P3))
    assert c.title == headline and kept(c) == P1 + P2 + P3
    assert clean_text(page(P1, P2, P3)).title == ""  # a text starting with its first paragraph has none


def test_shortened_links_quotes_and_latin_heavy_lines():
    ad = "新书《城市更新读本》现已上市，欢迎选购：bit.ly/3abcXYZ"
    c = clean_text(page("某市发布改造方案", P1, ad, P2, P3))
    assert removed_rules(c)[ad] == "ad-link"
    assert is_prose("他說：「這個方案的資金來源，目前還沒有完全確定，需要再討論。」")
    assert is_prose("OpenAI 的 GPT-4o 在 MMLU benchmark 上的 score 为 88.7，超过了 Claude 3 Opus。")


def test_taiwanese_photo_credits_make_captions():
    c = clean_text(page("老舊社區改造 三年一百處", T1, "市長昨天視察社區改造工地。（資料照）", T2,
                        "居民在說明會上發言。（圖／市政府提供）", T3))
    caps = [(b.text, b.credit) for b in c.blocks if b.kind is Kind.CAPTION]
    assert caps == [("市長昨天視察社區改造工地。", "（資料照）"), ("居民在說明會上發言。", "（圖／市政府提供）")]


def test_a_subtitle_under_the_headline_is_not_taken_for_it():
    dek = "三年改造一百个小区，资金由市区两级财政和居民共同承担"
    c = clean_text(page("老旧小区改造进入快车道", dek, "记者 张三", P1, P2, P3))
    assert c.title == "老旧小区改造进入快车道"
