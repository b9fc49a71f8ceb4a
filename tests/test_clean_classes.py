"""Each class of extraction error seen on real scrapes, fixed as a class: every test imitates at
least two kinds of site (a mainland portal, a Hong Kong or Taiwanese daily, a WeChat account, an
app page, tech or finance media). All text is made up for these tests (no publisher's text).
"""

from briefing.sources.script import Conversion
from briefing.sources.articles import build_article
from briefing.model import ArticleMeta, Kind
from briefing.sources.body import plea
from briefing.sources.clean import clean_text
from briefing.sources.metadata import find_date, split_title

from support import found, kept, page, removed_by_rule as rules

# Simplified prose (a story about a city's bicycle lanes) and Traditional prose (a story about a
# harbour ferry), each three paragraphs long.
S1 = "市交通部门近日公布了新一轮慢行系统改造计划，今年将新建和改造自行车道八十公里，并在主要地铁站周边增设停车点。"
S2 = "据介绍，改造将优先打通断头路和瓶颈路段，部分路段会把机动车道压缩出一条彩色自行车道，让骑行者与行人分开通行。"
S3 = "不少市民对计划表示欢迎，但也有人担心，施工期间的交通疏导和完工后的违停治理，将考验有关部门的管理能力。"
T1 = "港內渡輪公司昨日宣布，將於下月起增加兩條假日航線，並在早晚繁忙時段加密班次，方便住在離島的居民往返市區。"
T2 = "公司發言人表示，新增航線會使用兩艘較新的雙體船，航程可縮短約十分鐘，票價則維持不變，長者仍可享有優惠。"
T3 = "有居民對消息表示歡迎，但亦有人認為，碼頭的候船設施已經十分殘舊，當局應該盡快改善上落船的通道和座椅。"
SIMPLIFIED, TRADITIONAL = S1 + S2 + S3, T1 + T2 + T3


def test_a_menu_printed_twice_is_not_a_headline_printed_twice():
    # a portal whose navigation (with an event banner in it) is printed twice
    nav = ["首页", "新闻", "财经", "科技", "2025城市发展论坛", "登录"]
    c = clean_text(page(*nav, *nav, "慢行系统改造计划公布 今年新建自行车道八十公里", "2025-04-02 08:30 来源：某某日报",
                        S1, S2, S3))
    assert c.title == "慢行系统改造计划公布 今年新建自行车道八十公里" and kept(c) == SIMPLIFIED
    # a Hong Kong daily's sections and special page, printed again in its sticky header
    nav = ["即時", "港聞", "經濟", "國際", "體育", "財政預算案專頁"]
    c = clean_text(page(*nav, *nav, "渡輪公司增兩條假日航線", "2025年4月2日 星期三", T1, T2, T3))
    assert c.title == "渡輪公司增兩條假日航線" and kept(c) == TRADITIONAL
    # while a headline printed twice by itself (a tab title, then the headline) is still the headline
    c = clean_text(page("首页", "新闻", "慢行系统改造计划公布_某某网", "某某网 > 新闻", "慢行系统改造计划公布",
                        "2025-04-02", S1, S2, S3))
    assert c.title == "慢行系统改造计划公布" and found(c)["outlet"] == "某某网"


def test_a_junk_line_is_not_taken_because_it_comes_first():
    for first, menu, headline, body, text in (
            ("国内国际军事财经科技汽车更多", ["台海", "评论", "视频"], "慢行系统改造计划公布", (S1, S2, S3), SIMPLIFIED),
            ("即時要聞娛樂運動全球社會地方", ["產經", "股市", "房市"], "渡輪公司增兩條假日航線", (T1, T2, T3), TRADITIONAL)):
        c = clean_text(page(first, *menu, headline, "2025-04-02 10:00", *body))
        assert c.title == headline and kept(c) == text
        assert rules(c)[first] == "outside-body"
    # no headline printed at all: no line of the menu becomes one
    a = build_article(page("国内国际军事财经科技汽车更多", "台海", "评论", S1, S2, S3),
                      ArticleMeta(slug="x", source_file="x.txt"), conversion=Conversion())
    assert a.meta.title_source == "provisional"


def test_original_title_notes_are_credits_never_headlines_or_text():
    c = clean_text(page("慢行系统改造计划公布", "2025-04-02 10:00 来源：某某网", "（原标题：我市今年新建自行车道八十公里）",
                        S1, S2, S3))
    assert c.title == "慢行系统改造计划公布" and kept(c) == SIMPLIFIED
    assert rules(c)["（原标题：我市今年新建自行车道八十公里）"] == "original-title"
    assert any(f.field == "credit" and "原标题" in f.value for f in c.found)
    # glued to the end of the last paragraph, in Traditional, with no headline of its own above
    c = clean_text(page("渡輪公司增兩條假日航線", "2025年4月2日", T1, T2, T3 + "（原標題：離島居民出行更方便）"))
    assert kept(c) == TRADITIONAL and rules(c)["（原標題：離島居民出行更方便）"] == "original-title"
    c = clean_text(page("原标题：我市今年新建自行车道八十公里", "2025-04-02", S1, S2, S3))
    assert c.title == "" and kept(c) == SIMPLIFIED


def test_a_site_notice_above_the_headline_is_not_the_start_of_the_body():
    notice = "温馨提示：本站将于本周日凌晨进行系统维护，届时评论和搜索功能暂停使用，给您带来不便，敬请谅解。"
    c = clean_text(page("首页 | 新闻 | 评论 | 专栏", notice, "慢行系统改造计划公布", "2025-04-02 09:15 作者：周明",
                        S1, S2, S3))
    assert c.title == "慢行系统改造计划公布" and kept(c) == SIMPLIFIED
    f = found(c)
    assert f["published"] == "2025-04-02" and f["author"] == "周明"  # the metadata after it is found
    removed = {r.text: r for r in c.removed}
    assert removed[notice].rule == "outside-body" and removed[notice].unsure  # flagged for the editor
    # a Taiwanese page with a service notice and a reporter's byline
    notice = "公告：本網站將於週六凌晨進行主機更新，期間部分影音內容可能暫時無法播放，造成不便之處，敬請見諒。"
    c = clean_text(page(notice, "渡輪公司增兩條假日航線", "記者林佩珊／基隆報導", "2025/04/02 11:20", T1, T2, T3))
    assert c.title == "渡輪公司增兩條假日航線" and kept(c) == TRADITIONAL
    assert found(c)["author"] == "林佩珊" and found(c)["published"] == "2025-04-02"


def test_the_body_ends_where_the_next_article_or_the_comments_begin():
    following = ["老城区停车难问题有望缓解", "2025-04-01 18:00 来源：某某晚报",
                 "记者从市住建部门获悉，今年全市将新增公共停车泊位两万个，其中一半以上位于老城区和医院周边。",
                 "据介绍，新增泊位将通过挖潜闲置用地、建设立体停车库等方式解决，并全部接入全市统一的智慧停车平台。",
                 "住建部门表示，立体车库建成后将优先向周边居民提供夜间包月服务，价格低于路内停车收费标准。",
                 "此外，部分机关和企事业单位的内部停车场也将在节假日向社会开放，缓解假日出行的停车压力。"]
    # an app page: "read the next one", then another article with its own header, longer than this one
    c = clean_text(page("慢行系统改造计划公布", "2025-04-02 08:00:21", S1, S2, S3, "举报", "阅读下一篇", *following))
    assert kept(c) == SIMPLIFIED
    assert {rules(c)[line] for line in following} == {"next-article"}
    # a WeChat page: "keep scrolling for the next one"
    c = clean_text(page("渡輪公司增兩條假日航線", "原創 陳小文 港島日常 2025年04月02日 21:05", T1, T2, T3,
                        "繼續滑動看下一個", "港島日常", "新渡輪下水禮舉行，船隊將逐步更新，市民明年可乘坐更舒適的新船。"))
    assert kept(c) == TRADITIONAL
    # readers' comments, as long as paragraphs, after a comment count
    comment = "我每天都骑车上班，最怕的就是自行车道被汽车占用，希望改造以后能有隔离设施，而且管理要跟上，不然白修了。"
    c = clean_text(page("慢行系统改造计划公布", "2025-04-02", S1, S2, S3, "评论(2)", "骑行者老王", comment,
                        "2小时前", "回复", "城东居民", comment.replace("上班", "接孩子"), "3小时前"))
    assert kept(c) == SIMPLIFIED and rules(c)[comment] == "comments" and rules(c)["2小时前"] == "timestamp"


def test_chrome_glued_into_a_paragraph_is_cut_out():
    # a portal: a link glued after the last sentence in the scrape itself
    c = clean_text(page("慢行系统改造计划公布", "2025-04-02", S1, S2, S3 + "返回某某网首页>>"))
    assert kept(c) == SIMPLIFIED and rules(c)["返回某某网首页>>"] == "inline-chrome"
    # a Hong Kong daily, hard-wrapped: a related link printed between two lines of one paragraph
    wrapped = [T1[:36], T1[36:], T2[:36], "更多新聞：天星小輪加開夜航班次", T2[36:], T3[:36], T3[36:]]
    c = clean_text("\n".join(["渡輪公司增兩條假日航線", "", "2025年4月2日", "", *wrapped]))
    assert kept(c) == TRADITIONAL
    assert rules(c)["更多新聞：天星小輪加開夜航班次"] == "related-link"
    assert [b.text for b in c.blocks] == [T1, T2, T3]  # the paragraph around the link is joined whole
    # a Taiwanese page: "more news: headline" glued after a paragraph's last sentence
    c = clean_text(page("渡輪公司增兩條假日航線", "2025/04/02", T1 + "更多新聞：天星小輪加開夜航班次", T2, T3))
    assert kept(c) == TRADITIONAL


def test_bylines_in_the_forms_sites_print_them():
    cases = (
        (("記者陳怡君／台南報導",), "陳怡君", TRADITIONAL),  # a Taiwanese daily: name／place
        (("林佩珊／基隆",), "林佩珊", TRADITIONAL),  # the same without the reporter's title
        (("《城市观察》作者 周小雨",), "周小雨", SIMPLIFIED),  # a portal column
        (("《港島筆記》作者 梁思敏",), "梁思敏", TRADITIONAL),
        (("【撰文：何卓文@hkwalker】",), "何卓文", TRADITIONAL),  # a Hong Kong site's writer and handle
        (("撰文：陈嘉欣@城市漫步",), "陈嘉欣", SIMPLIFIED),
        (("作者：sky_lee", "2025.04.02 11:26 阅读 1.2k"), "sky_lee", SIMPLIFIED),  # a community's handle
        (("leo_walker 2025.04.02 11:26 阅读量 3k",), "leo_walker", SIMPLIFIED),
        (("文｜Leo Zhang　编辑｜苏青",), "Leo Zhang", SIMPLIFIED),  # tech media: Latin name, editor beside
        (("执笔/叨叨姐、胡一刀&李小飞",), "叨叨姐、胡一刀、李小飞", SIMPLIFIED),  # several pen names
        (("2025-04-02 20:35 阿丁 胡一刀 李小飞",), "阿丁、胡一刀、李小飞", SIMPLIFIED),
        (("文 | 阿澈 木子", "编辑 | 青青"), "阿澈、木子", SIMPLIFIED),  # a WeChat account's pen names
    )
    for byline, author, text in cases:
        paragraphs = (S1, S2, S3) if text == SIMPLIFIED else (T1, T2, T3)
        c = clean_text(page("慢行系统改造计划公布", *byline, "2025-04-02", *paragraphs))
        assert found(c).get("author") == author, byline
        assert kept(c) == text, byline
    c = clean_text(page("慢行系统改造计划公布", "《城市观察》作者 周小雨", S1, S2, S3))
    assert found(c)["column"] == "城市观察"


def test_pleas_to_subscribe_or_share_at_the_tail_are_removed():
    plea_s = "如果你也喜欢这篇文章，欢迎点赞、在看、转发给身边的朋友，让更多人看到。"
    c = clean_text(page("慢行系统改造计划公布", "原创 周明 城市漫谈 2025年04月02日", S1, S2, S3, "—— END ——", plea_s,
                        "点击下方卡片，关注我们"))
    assert kept(c) == SIMPLIFIED and rules(c)[plea_s] in ("plea", "chrome-phrase")
    plea_t = "訂閱我們的電子報，每週精選好文直送你的信箱！"
    c = clean_text(page("渡輪公司增兩條假日航線", "文／梁思敏", "2025.04.02", T1, T2, T3, plea_t))
    assert kept(c) == TRADITIONAL and rules(c)[plea_t] == "plea"
    # a sentence of the article that mentions subscribing is no plea
    assert not plea("有居民表示，自己已经订阅了渡轮公司的班次提醒，但希望公司能在恶劣天气时及时通知停航的安排。")
    # nor an advisory closing a news story: what it asks readers to follow is not the outlet
    advice = "气象部门提醒，请广大市民关注天气预报，出行前扫码查询实时路况，做好防暑降温。"
    c = clean_text(page("高温天气持续 多地发布预警", "2025-07-18 来源：某某日报", S1, S2, advice))
    assert kept(c) == S1 + S2 + advice
    assert plea("欢迎关注我们的公众号，第一时间获取更多资讯。") and plea("下載某某 App，隨時隨地睇新聞")


def test_a_key_points_box_repeating_the_text_is_not_printed_twice():
    # a finance portal: the box's lines are edited copies of sentences below
    box = ["市交通部门公布新一轮慢行系统改造计划，今年将新建自行车道八十公里。",
           "改造将优先打通断头路和瓶颈路段，让骑行者与行人分开通行。"]
    c = clean_text(page("慢行系统改造计划公布", "2025-04-02 07:45 某某财经", "划重点：", *box, S1, S2, S3))
    assert kept(c) == SIMPLIFIED
    assert {rules(c)[line] for line in box} == {"duplicate"} and rules(c)["划重点："] == "key-points"
    # a Hong Kong news site: a summary in the body's first lines that the text repeats word for word
    c = clean_text(page("渡輪公司增兩條假日航線", "2025年4月2日", "要點：", T1[:30] + "。", T2[:26] + "。", T1, T2, T3))
    assert kept(c) == TRADITIONAL


def test_a_closing_note_that_belongs_to_the_article_is_kept():
    note_s = "（应受访者要求，文中小林为化名）"
    c = clean_text(page("慢行系统改造计划公布", "文 | 阿澈", S1, S2, S3, note_s, "—— END ——", "责任编辑：青青"))
    assert kept(c) == SIMPLIFIED + note_s
    note_t = "（文中受訪者皆為化名。）"
    c = clean_text(page("渡輪公司增兩條假日航線", "2025-04-02", T1, T2, T3, note_t, "本文來源：某某晚報 責任編輯：王五"))
    assert kept(c) == TRADITIONAL + note_t


def test_editors_are_never_taken_for_authors():
    c = clean_text(page("慢行系统改造计划公布", "2025-04-02 来源：某某网", S1, S2, S3, "责任编辑：韩冬"))
    assert "author" not in found(c)
    c = clean_text(page("慢行系统改造计划公布", "编辑｜苏青", "作者｜周明", S1, S2, S3))
    assert found(c)["author"] == "周明"
    c = clean_text(page("渡輪公司增兩條假日航線", "2025/04/02", T1, T2, T3, "（編輯：林淑媛）", "責任編輯：王五"))
    assert "author" not in found(c) and kept(c) == TRADITIONAL


def test_site_and_section_names_after_the_headline_are_taken_off():
    assert split_title("慢行系统改造计划公布-某某网")[0] == "慢行系统改造计划公布"
    assert split_title("渡輪公司增兩條假日航線 - 社會 - 某某新聞網")[0] == "渡輪公司增兩條假日航線"
    assert split_title("慢行系统改造计划公布|某某财经")[0] == "慢行系统改造计划公布"
    assert split_title("新冠-19 研究进展")[0] == "新冠-19 研究进展"  # a hyphen inside a headline stays
    # a suffix no word list knows, printed again in the page's footer: the site's name
    c = clean_text(page("慢行系统改造计划公布 - 城事汇", "2025-04-02", S1, S2, S3, "© 2025 城事汇 版权所有"))
    assert c.title == "慢行系统改造计划公布"
    # a section's name the menu prints
    c = clean_text(page("即時", "港聞", "社區", "渡輪公司增兩條假日航線 - 社區", "2025-04-02", T1, T2, T3))
    assert c.title == "渡輪公司增兩條假日航線"


def test_one_suffix_stripper_for_scraped_lines_and_tab_titles():
    # the site's own name, when the caller knows it (og:site_name), comes off whatever its shape
    assert split_title("慢行系统改造计划公布 - 城事汇", site_name="城事汇") == ("慢行系统改造计划公布", [("column", "城事汇")])
    assert split_title("慢行系统改造计划公布 - 城事汇")[0] == "慢行系统改造计划公布 - 城事汇"  # no evidence: kept
    # a browser tab's title: its short parts after the headline are the site's and the section's names
    assert split_title("渡輪公司增兩條假日航線_港聞_城事匯", tab_title=True) == (
        "渡輪公司增兩條假日航線", [("column", "港聞"), ("outlet", "城事匯")])
    assert split_title("国际 | 多国代表出席气候大会并发表联合声明", tab_title=True)[0] == "国际 | 多国代表出席气候大会并发表联合声明"
    assert split_title("慢行系统改造计划公布 | 城事汇 City Daily", site_name="城事汇 City Daily", tab_title=True)[0] \
        == "慢行系统改造计划公布"


def test_copyright_lines_are_removed_in_any_form():
    for line in ("Copyright © 2003-2025 某某网 版权所有", "© 2025 某某報業有限公司", "1997-2025 某某公司 版权所有",
                 "Copyright 2025 Example Media Group. All rights reserved."):
        c = clean_text(page("慢行系统改造计划公布", "2025-04-02", S1, S2, S3, line))
        assert kept(c) == SIMPLIFIED and line in rules(c), line


def test_dates_are_shown_only_when_right():
    assert find_date("2025-02-30 10:00") is None  # no such day
    assert find_date("2025-04-02 25:10")[:2] == ("2025-04-02", "")  # no such time: the day alone
    assert find_date("2025-04-01T18:30:00Z")[:2] == ("2025-04-02", "02:30")  # UTC, shown in UTC+8
    assert find_date("2025-04-02T10:30:00+08:00")[:2] == ("2025-04-02", "10:30")
    assert find_date("114年4月2日")[:2] == ("2025-04-02", "")  # Taiwan's calendar
    # the publication date wins over an update printed first, and over a date after the body
    c = clean_text(page("渡輪公司增兩條假日航線", "最後更新：2025-04-03 09:00", "發佈：2025-04-02 18:30", T1, T2, T3))
    assert found(c)["published"] == "2025-04-02" and found(c)["published_time"] == "18:30"
    c = clean_text(page("慢行系统改造计划公布", S1, S2, S3, "2025-05-06 12:00"))
    assert found(c)["published"] == "2025-05-06"  # only one: used, from after the body
    c = clean_text(page("慢行系统改造计划公布", "2025-04-02", S1, S2, S3, "2025-05-06 12:00"))
    assert found(c)["published"] == "2025-04-02"


def test_every_removal_has_its_line_and_rule_and_unsure_ones_are_marked():
    text = page("国内国际军事财经科技汽车更多", "这是一段写在标题上方的说明文字，读起来像正文，但它并不是这篇文章的一部分，而是网站的通知。",
                "慢行系统改造计划公布", "2025-04-02", S1, S2, S3 + "返回某某网首页>>", "网友评论", "说得对。")
    c = clean_text(text)
    lines = text.split("\n")
    for r in c.removed:
        assert r.rule and 1 <= r.line <= len(lines) and r.text
        assert r.text.split(" → ")[0] in lines[r.line - 1] or r.rule == "pinyin-gloss", r
    assert [r.rule for r in c.removed if r.unsure] == ["outside-body"]
    assert all(b.kind is not Kind.CAPTION for b in c.blocks) and kept(c) == SIMPLIFIED


def test_dates_heading_a_timelines_sections_do_not_cut_the_body():
    # a diary-style report whose sections are headed by bare dates: none of its text is lost
    days = [("2025年3月30日", S1), ("2025年3月31日", S2), ("2025年4月1日", S3)]
    c = clean_text(page("慢行系统改造一周记", "2025-04-02 来源：某某日报", *[x for day in days for x in day]))
    assert SIMPLIFIED in kept(c).replace("2025年3月31日", "").replace("2025年4月1日", "")
    # the same in Traditional, with times
    days = [("4月2日 08:00", T1), ("4月2日 12:00", T2), ("4月2日 18:00", T3)]
    c = clean_text(page("渡輪新航線首日直擊", "2025-04-02", *[x for day in days for x in day]))
    assert all(t in kept(c) for t in (T1, T2, T3))


def test_a_first_paragraph_printed_above_the_headline_is_kept_with_its_byline():
    c = clean_text(page("即時", "政治", "〔記者林佩珊／基隆報導〕" + T1, "渡輪公司增兩條假日航線", "2025/04/02 05:30", T2, T3))
    assert kept(c) == TRADITIONAL and c.title == "渡輪公司增兩條假日航線" and found(c)["author"] == "林佩珊"
    c = clean_text(page("首页", "某某社北京4月2日电（记者 周明）" + S1, "慢行系统改造计划公布", "2025-04-02 09:00", S2, S3))
    assert kept(c) == SIMPLIFIED and found(c)["author"] == "周明"


def test_a_section_and_site_after_double_dashes_and_a_long_copyright_notice():
    assert split_title("慢行系统改造计划公布--地方--某某网") == ("慢行系统改造计划公布", [("column", "地方"), ("outlet", "某某网")])
    notice = "此内容为某某财经原创，著作权归某某财经所有。未经书面授权，不得以任何方式加以使用，包括转载、摘编、复制。"
    c = clean_text(page("慢行系统改造计划公布", "2025-04-02", S1, S2, S3, notice))
    assert kept(c) == SIMPLIFIED and rules(c)[notice] == "boilerplate"


def test_paragraphs_written_to_one_template_are_not_copies_of_each_other():
    # a report listing districts in one sentence pattern: every paragraph is kept
    rows = [f"第{i}区今年新建自行车道{i * 3}公里，改造路口{i + 4}处，计划年底前全部完工并投入使用。" for i in range(1, 9)]
    c = clean_text(page("各区慢行系统改造进度一览", "2025-04-02", *rows))
    assert kept(c) == "".join(rows)
    rows = [f"{n}碼頭今年共接待旅客{i}萬人次，比去年增加{i + 1}成，假日航班的上座率超過九成。"
            for i, n in enumerate(("中環", "灣仔", "北角", "觀塘", "荃灣", "屯門"), start=2)]
    c = clean_text(page("各碼頭客量統計", "2025年4月2日", *rows))
    assert kept(c) == "".join(rows)


def test_a_caption_with_a_bare_photo_credit_is_a_caption_not_a_byline():
    c = clean_text(page("慢行系统改造计划公布", "2025-04-02 来源：某某日报 作者：周明", S1, S2,
                        "新建的彩色自行车道。 记者 林默 摄", S3))
    assert kept(c) == S1 + S2 + "新建的彩色自行车道。" + S3 and found(c)["author"] == "周明"
    assert [(b.text, b.credit) for b in c.blocks if b.kind is Kind.CAPTION] == [("新建的彩色自行车道。", "记者 林默 摄")]
    c = clean_text(page("渡輪公司增兩條假日航線", "2025/04/02", T1, "新雙體船停泊在碼頭。 記者陳小文攝", T2, T3))
    assert kept(c) == T1 + "新雙體船停泊在碼頭。" + T2 + T3 and "author" not in found(c)


def test_the_cleaning_report_carries_the_web_pages_extraction_record(tmp_path):
    from briefing.sources.report import write_cleaning_reports

    from support import article_from_text

    seeds, reports = tmp_path / "seeds", tmp_path / "reports"
    seeds.mkdir()
    (seeds / "mkdocs.yml").write_text("", encoding="utf-8")  # a project marker: the record is read inside it
    article = article_from_text(page("慢行系统改造计划公布", "2025-04-02", S1, S2, S3), slug="lanes")
    record = "# Extraction record: page.html\n\n## Kept blocks\n\n| block | text | why |\n|---|---|---|\n| 3 | 市交通部门 | ⚠ one extractor |\n"
    (seeds / "000_lanes.extraction.md").write_text(record, encoding="utf-8")
    [path] = write_cleaning_reports(reports, (article,), seeds)
    report = path.read_text(encoding="utf-8")
    assert "## Before cleaning: how the web page was read" in report and "000_lanes.extraction.md" in report
    assert "### Extraction record: page.html" in report and "### Kept blocks" in report  # its headings one down
    assert "| 3 | 市交通部门 | ⚠ one extractor |" in report
    (seeds / "000_lanes.extraction.md").unlink()  # a seed dropped in by hand has none: no section
    [path] = write_cleaning_reports(reports, (article,), seeds)
    assert "how the web page was read" not in path.read_text(encoding="utf-8")
