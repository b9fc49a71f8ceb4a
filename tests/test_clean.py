"""Each kind of noise found in the seeds, on inline strings."""

from briefing.sources.clean import chrome_rule, clean_text, strip_pinyin
from briefing.sources.ingest import Corrections
from briefing.model import Kind


def rules(cleaned):
    return {(r.rule, r.text) for r in cleaned.removed}


def test_site_chrome_lines_are_removed_and_reported():
    text = "logo\n\n标题在这里\n\n正文第一句。\n\n相关文章推荐\n\n发表评论\n正在加載\n高端訪談\n更多訪談"
    c = clean_text(text)
    assert [b.text for b in c.blocks] == ["正文第一句。"]
    for line in ("logo", "相关文章推荐", "发表评论", "正在加載", "高端訪談", "更多訪談"):
        assert ("site-chrome", line) in rules(c)


def test_copyright_notices_in_chinese_and_english_tags_and_editor_credits():
    assert chrome_rule("特別聲明:以上內容為自媒體平臺用戶上傳並發布。") == "copyright-notice"
    assert chrome_rule("Notice: The content above is uploaded by a user.") == "copyright-notice"
    assert chrome_rule("声明:本文内容来源自网络,站搜网感谢您的分享!") == "copyright-notice"
    assert chrome_rule("标签: 中美 AI 竞赛") == "tags"
    assert chrome_rule("標籤:中美") == "tags"
    assert chrome_rule("责编:梒青 网编:何足") == "editor-credit"
    assert chrome_rule("中美聚焦網|中美交流基金會") == "site-chrome"
    assert chrome_rule("这是正文,不是网站的装饰。") is None


def test_bylines_with_date_and_view_count_and_affiliation_lines():
    text = ("作者:銀劍(Jianyin Roachell)\nMERICS研究所數據科學家\nPolicyBot.io聯合創始人\n"
            "上月,中國開發的開源人工智能產品DeepSeek面世,震驚了快速發展的人工智能行業。")
    c = clean_text(text, title_hint="編者擬題")
    assert c.title_line == 0
    assert [b.text for b in c.blocks] == ["上月,中國開發的開源人工智能產品DeepSeek面世,震驚了快速發展的人工智能行業。"]
    assert {r.rule for r in c.removed} == {"byline"}
    assert len(c.removed) == 3
    assert chrome_rule("作者:十万个为什么2025.09.18 11:26浏览量:0") == "byline"
    assert chrome_rule("出版:更新:") == "byline"


def test_inline_pinyin_glosses_are_removed_but_english_glosses_kept():
    line, found = strip_pinyin("PolicyBot.io聯合創(chuàng)始人,發(fā)展人工智能 (AI)")
    assert line == "PolicyBot.io聯合創始人,發展人工智能 (AI)"
    assert found == ["(chuàng)", "(fā)"]
    assert strip_pinyin("美國太空總署(NASA)")[0] == "美國太空總署(NASA)"


def test_title_repeated_and_title_run_into_the_first_paragraph():
    repeated = "DeepSeek登頂 美國能否限制中國AI的進步?\n\nDeepSeek登頂 美國能否限制中國AI的進步?\n撰文:陸一\n\n今年春節,兩家杭州公司把美國嚇呆了。"
    c = clean_text(repeated, title_hint="DeepSeek登頂 美國能否限制中國AI的進步?")
    assert [r.rule for r in c.removed] == ["title", "title-repeat", "byline"]
    assert [b.text for b in c.blocks] == ["今年春節,兩家杭州公司把美國嚇呆了。"]
    run_in = ("中美AI竞赛:出口管制下的技术追赶一、ChatGPT的冲击2022年底,OpenAI发布的ChatGPT引发全球瞩目\n"
              "一、ChatGPT的冲击\n2022年底,OpenAI发布的ChatGPT引发全球瞩目,同时也让中国措手不及。")
    c = clean_text(run_in, title_hint="中美AI竞赛:出口管制下的技术追赶")
    assert c.removed[0].rule == "title-run-in"
    assert [(b.kind, b.label) for b in c.blocks] == [(Kind.HEADING, "一、"), (Kind.TEXT, "")]


def test_captions_keep_their_credit_apart_and_duplicates_are_removed():
    text = ("正文一句话在这里,说明了一些事情。\n\n"
            "深度求索在北京的办公处。摄于2025年1月28日。\n"
            "深度求索办公室 深度求索在北京的办公处。摄于2025年1月28日。 (Andy Wong/美联社)\n\n"
            "英伟达行政总裁黄仁勋与特朗普会晤。(Reuters)")
    c = clean_text(text)
    caps = [b for b in c.blocks if b.kind is Kind.CAPTION]
    assert [(b.text, b.credit) for b in caps] == [
        ("深度求索在北京的办公处。摄于2025年1月28日。", "(Andy Wong/美联社)"),
        ("英伟达行政总裁黄仁勋与特朗普会晤。", "(Reuters)")]
    assert {r.rule for r in c.removed} == {"caption-duplicate", "caption-image-title"}


def test_captions_declared_by_the_editor():
    text = "正文第一句,讲了很多内容,而且很长很长很长。\n\n宇樹科技人形機器人亮相春晚。\n"
    c = clean_text(text, corrections=Corrections(captions=("宇樹科技人形機器人",)))
    assert c.blocks[1].kind is Kind.CAPTION


def test_section_headings_numbered_items_and_lead():
    text = ("简介:本文分析提案内容。\n\n一、提案背景:中美AI竞争进入“深水区”\n\n"
            "  1. 硬件层:提案要求扩大出口管制范围。\n  2. 算法层:提案提出专利壁垒。\n"
            "开源是一把双刃剑\n面对技术封锁,中国AI产业需构建“三位一体”的应对体系:")
    c = clean_text(text)
    got = [(b.kind, b.label, b.text) for b in c.blocks]
    assert got == [
        (Kind.LEAD, "简介", "本文分析提案内容。"),
        (Kind.HEADING, "一、", "提案背景:中美AI竞争进入“深水区”"),
        (Kind.ITEM, "1.", "硬件层:提案要求扩大出口管制范围。"),
        (Kind.ITEM, "2.", "算法层:提案提出专利壁垒。"),
        (Kind.HEADING, "", "开源是一把双刃剑"),
        (Kind.TEXT, "", "面对技术封锁,中国AI产业需构建“三位一体”的应对体系:"),
    ]


def test_hard_wrapped_lines_are_joined_and_reported():
    text = ("标题\n\n这是一个被硬换行切断的很长很长的段落,它的第一行没有以句号结尾而且超过了三十个字符的长度\n"
            "所以应该和下一行连在一起。\n\n第二段。")
    c = clean_text(text)
    assert c.blocks[0].text.endswith("长度所以应该和下一行连在一起。")
    assert [r.rule for r in c.removed] == ["title", "hard-wrap-joined"]
    assert len(c.blocks) == 2


def test_editor_corrections_are_applied_and_reported():
    text = "但它們?yōu)楹暧^創新格局增添了重要價值,這一點非常關鍵而且重要。"
    c = clean_text(text, corrections=Corrections(replace=(("它們?yōu)楹暧^", "它們為宏觀"),)))
    assert c.blocks[0].text == "但它們為宏觀創新格局增添了重要價值,這一點非常關鍵而且重要。"
    assert c.removed[0].rule == "editor-correction"
