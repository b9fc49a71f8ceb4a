"""The article's edges on scraped text, class by class: which line is the headline when notes,
digest items or captions look like one; where the text ends when prev/next links, poster-style
closing lines, credits and notices follow it; who wrote it when only a bare name closes it. Each
class imitates at least two kinds of site; all text is made up for these tests.
"""

from briefing.sources.clean import clean_text

from support import found, kept, page, removed_by_rule as rules

# A city's night-market story (Simplified) and a harbour-side library story (Traditional).
S1 = "市商务局近日发布夜间经济扶持办法，对在指定街区经营到晚上十一点以后的商户，按月给予水电费用补贴。"
S2 = "办法还提出，夜市周边将增加公交夜班线路和临时停车位，并由街道统一安排保洁和治安巡逻，减少对居民的影响。"
S3 = "有摊主表示，补贴能抵掉一部分成本，但客流能否稳定下来，还要看配套设施是否真正落实到位。"
T1 = "海濱圖書館昨日宣布，下月起延長週末開放時間至晚上十時，並在頂樓增設可容納八十人的自修空間。"
T2 = "館方表示，新增時段將由兼職職員和志工輪值，預約系統亦會同步更新，讀者可在網上查詢即時座位數量。"
T3 = "有學生對安排表示歡迎，但也有居民擔心，晚間人流增加之後，附近街道的噪音和泊車問題會更加嚴重。"
SIMPLIFIED, TRADITIONAL = S1 + S2 + S3, T1 + T2 + T3


# ---------------------------------------------------------------- headlines


def test_an_original_title_note_under_the_dateline_is_no_headline():
    # a government account reposted on a news platform: the note repeats the headline in 《》, longer
    c = clean_text(page("首页", "时事", "夜间经济扶持办法出台！商户可领水电补贴...", "2024-06-03 09:15 来源：某某号·政务",
                        "某市发布", "关注", "本文原标题：《夜间经济扶持办法出台！商户可领水电补贴，夜班公交同步加开》",
                        S1, S2, S3))
    assert c.title == "夜间经济扶持办法出台！商户可领水电补贴..." and kept(c) == SIMPLIFIED
    # a Hong Kong portal's reprint, the note in Traditional characters
    c = clean_text(page("港聞", "海濱圖書館週末延長開放", "2024年6月3日 星期一 10:20",
                        "本文原標題：《海濱圖書館週末延長開放 頂樓新增自修空間》", T1, T2, T3))
    assert c.title == "海濱圖書館週末延長開放" and kept(c) == TRADITIONAL


def test_a_digest_items_bracketed_headline_is_not_the_pages_headline():
    # a fund portal's noon digest: its own headline carries a label, and so does every item
    c = clean_text(page("首页", "基金资讯", "【资讯汇总】6月3日午间要闻 一览市场动向", "2024年6月3日 12:10 来源：某某基金网",
                        "午间播报", "【某某证券报】夜间经济扶持办法出台 商户可领水电补贴", S1, S2,
                        "【某某财经】夜班公交加开 街道统一保洁", S3))
    assert c.title == "6月3日午间要闻 一览市场动向"
    # a Taiwanese daily's morning round-up of the papers
    c = clean_text(page("即時", "要聞", "【早報摘要】圖書館延長開放 自修空間增八十席", "2024/06/03 07:30",
                        "【某某日報】海濱圖書館週末延長開放 頂樓新增自修空間", T1, T2,
                        "【某某時報】晚間人流增 居民憂噪音泊車", T3))
    assert c.title == "圖書館延長開放 自修空間增八十席"


def test_a_photo_caption_between_headline_and_byline_is_no_headline():
    # a Taiwanese daily: headline, an audio player and like buttons, the lead photo's ▲ caption, the byline
    caption = "▲海濱圖書館頂樓自修空間下月啟用，館方預計可容納八十名讀者同時使用。（圖／記者王小明翻攝）"
    c = clean_text(page("社會", "海濱圖書館延長開放", "播放", "讚", "分享", caption, "記者王小明／基隆報導", T1, T2, T3))
    assert c.title == "海濱圖書館延長開放" and found(c)["author"] == "王小明"
    # a mainland paper: the caption opens with 图为 and ends with the photographer's credit
    caption = "图为夜市街区开放首日，市民在摊位前排队购买小吃，现场秩序井然。（记者 李明 摄）"
    c = clean_text(page("要闻", "夜间经济扶持办法出台", "字号 大 中 小", caption, "本报记者 赵一", S1, S2, S3))
    assert c.title == "夜间经济扶持办法出台" and found(c)["author"] == "赵一"


def test_a_headline_under_a_list_of_latest_news_is_not_taken_for_a_subtitle():
    # a Taiwanese TV news site: "latest" links with their times, then the headline and its dateline
    latest = ["市府公布暑期親子活動名單 16:00", "港區渡輪增開假日班次 12:00", "新界西巴士路線重組 01:39"]
    c = clean_text(page("快訊", *latest, "海濱圖書館延長開放 頂樓增自修空間", "2024/06/03 18:03:00", "社會中心／綜合報導",
                        T1, T2, T3))
    assert c.title == "海濱圖書館延長開放 頂樓增自修空間" and kept(c) == TRADITIONAL
    # a mainland portal's rolling list above the story
    latest = ["全市新增夜班公交线路六条", "老城区街道完成保洁外包招标", "夏季用电高峰将至 电网检修提前"]
    c = clean_text(page("滚动新闻", *latest, "夜间经济扶持办法出台 商户可领水电补贴", "2024-06-03 09:15", S1, S2, S3))
    assert c.title == "夜间经济扶持办法出台 商户可领水电补贴" and kept(c) == SIMPLIFIED


# ---------------------------------------------------------------- the text's end


def test_prev_and_next_links_printed_as_label_and_headline_lines_leak_nowhere():
    # a city paper's site: bracketed labels, each link's headline on the line under it
    # (headlines that read as sentences, and an editor's credit after them that the text reaches)
    prev, after = "夜班公交为何一再加开？记者实地探访了三条线路", "老城区保洁外包，居民说好！"
    c = clean_text(page("夜间经济扶持办法出台", "2024-06-03 来源：某某日报", S1, S2, S3,
                        "【上一篇】", prev, "【下一篇】", after, "责任编辑：李四"))
    assert kept(c) == SIMPLIFIED and rules(c)[prev] == rules(c)[after] == "link-line"
    # a Taiwanese portal: bare labels in Traditional characters
    prev, after = "暑期親子活動名單出爐，三十項活動開放報名！", "渡輪增開假日班次，離島居民說方便了。"
    c = clean_text(page("海濱圖書館延長開放", "2024/06/03 10:20", T1, T2, T3, "上一則", prev, "下一則", after, "（編輯：陳小明）"))
    assert kept(c) == TRADITIONAL and rules(c)[prev] == "link-line"
    # a label above the text (a page's own navigation) does not take the headline under it
    c = clean_text(page("下一篇", "海濱圖書館延長開放", "2024/06/03 10:20", T1, T2, T3))
    assert c.title == "海濱圖書館延長開放" and kept(c) == TRADITIONAL


def test_closing_short_lines_before_the_credits_stay_with_the_text():
    # a WeChat account: the piece ends with poster-style short lines, then the credits and a reply menu
    closing = ["夜色里的烟火气", "也是一座城市的温度", "今晚一起去逛逛吧"]
    c = clean_text(page("夜市补贴来了", "原创 某某发布 2024-06-03 20:00", S1, S2, S3, *closing,
                        "编辑|张小红", "责编|李大白", "校对|王一", "回复【夜市】", "查看全部摊位地图"))
    assert kept(c) == SIMPLIFIED + "".join(closing)
    # a Hong Kong magazine's site: short closing lines, then an editor's credit
    closing = ["燈光下的書桌", "是這座城市留給夜歸人的位置"]
    c = clean_text(page("海濱圖書館延長開放", "2024年6月3日", T1, T2, T3, *closing, "責任編輯：陳小明",
                        "熱門文章", "市府公布暑期親子活動名單", "港區渡輪增開假日班次", "新界西巴士路線重組"))
    assert kept(c) == TRADITIONAL + "".join(closing)


def test_the_writers_bare_name_closing_the_last_paragraph_is_the_author():
    # a provincial daily: the writer's name in brackets after the last sentence
    c = clean_text(page("夜间经济扶持办法出台", "2024-06-03 08:00 来源：某某日报", S1, S2, S3 + "（张巨明）"))
    assert found(c)["author"] == "张巨明" and kept(c) == SIMPLIFIED
    # a Taiwanese wire story: two writers, half-width brackets
    c = clean_text(page("海濱圖書館延長開放", "2024/06/03 10:20", T1, T2, T3 + "(王小明 陳大文)"))
    assert found(c)["author"] in ("王小明、陳大文", "王小明 陳大文") and kept(c) == TRADITIONAL


# ---------------------------------------------------------------- code, notes, notices, short pieces

# A tech note (Simplified) for the code-line fixtures.
C1 = "很多脚本需要在程序退出之前做一些清理工作，比如关闭数据库连接、删除临时文件，或者把缓存写回磁盘。"
C2 = "标准库里有一个很少被提起的模块可以做到这一点，它允许我们登记一个函数，在解释器正常退出时自动调用。"
C3 = "需要注意的是，如果进程是被信号直接杀死的，登记的函数并不会执行，所以重要的数据仍然应该及时保存。"


def test_code_lines_between_paragraphs_stay_each_on_its_own():
    # a WeChat account's programming tip: Python between the paragraphs, the date relative ("前天")
    code = ["import atexit", "def cleanup():", "atexit.register(cleanup)"]
    c = clean_text(page("一日一技：程序退出前的清理", "原创 张三 某某技术 前天", C1, *code, C2, C3))
    assert [b.text for b in c.blocks] == [C1, *code, C2, C3]
    assert found(c)["author"] == "张三" and found(c)["outlet"] == "某某技术"
    # a tech site's how-to, hard-wrapped at one width, with shell and JavaScript lines
    code = ["$ npm install --save some-lib", "const lib = require('some-lib');", "lib.start({ port: 8080 });"]
    c = clean_text("\n".join(["某某库入门：三步启动服务", "2024-06-03 来源：某某开发者社区", "", C1, "", C2[:36], C2[36:],
                              *code, "", C3]))
    assert [b.text for b in c.blocks] == [C1, C2, *code, C3]


def test_a_short_article_is_what_follows_its_header_not_the_comments_below():
    # a portal: a one-paragraph story, a related list, then readers' comments longer than the story
    comments = ["这个政策很好，我们小区门口的夜市终于可以开到晚上了，希望能一直坚持下去，不要过两个月又变了。",
                "补贴的标准太低了，水电费一个月也就几百块，对摊主来说作用不大，还是要把房租降下来才行啊。",
                "晚上公交多了确实方便，不过噪音问题怎么解决，住在附近的老人晚上睡不好觉，希望有关部门考虑一下。"]
    c = clean_text(page("首页", "夜间经济扶持办法出台", "2024-06-03 09:15 来源：某某日报", S1, "相关阅读",
                        "全市新增夜班公交线路六条", "老城区街道完成保洁外包招标", "网友评论", *comments))
    assert kept(c) == S1 and c.title == "夜间经济扶持办法出台"
    # a Taiwanese daily: a brief, then 為你推薦 and other stories' leads
    others = ["市府昨日公布暑期親子活動名單，共有三十項活動開放報名，家長可於官方網站查詢詳細時間與地點安排。",
              "港區渡輪公司宣布增開假日班次，並在早晚繁忙時段加密航班，方便住在離島的居民往返市區上班上學。",
              "新界西多條巴士路線將於下月重組，部分路線會改經新落成的轉乘站，運輸署表示將會密切留意乘客反應。"]
    c = clean_text(page("海濱圖書館延長開放", "記者王小明／基隆報導", T1, "為你推薦", *others))
    assert kept(c) == T1 and found(c)["author"] == "王小明"


def test_notes_and_notices_after_the_text_close_it():
    # a provincial site: a compiled-from note, an image source, an editor's credit in brackets
    c = clean_text(page("夜间经济扶持办法出台", "2024-06-03 09:15", S1, S2, S3, "（综合整理自某某日报、某某晚报等）",
                        "题图来自某某图库", "【责任编辑：李四】"))
    assert kept(c) == SIMPLIFIED
    assert "综合整理自某某日报、某某晚报等" in [f.value for f in c.found if f.field == "credit"]
    assert "李四" not in found(c).get("author", "")
    # a Taiwanese portal: a copyright notice, then its long legal paragraph
    legal = "本網站所刊載之內容，包括文字、圖片及影音，均受著作權法保護，未經授權不得以任何形式轉載、重製或改作，違者必究。"
    c = clean_text(page("海濱圖書館延長開放", "2024/06/03 10:20", T1, T2, T3, "圖片來源：某某圖庫", "版權所有 © 某某傳媒集團",
                        legal))
    assert kept(c) == TRADITIONAL


# ---------------------------------------------------------------- platform accounts


def test_an_account_name_between_headline_and_dateline_is_the_author():
    # a content platform: the account's name, then a time without its year and a badge
    c = clean_text(page("夜市补贴来了，摊主每月能省多少？", "夜市观察员", "发布时间：06-03 09:15 优质作者", S1, S2, S3,
                        "作者最新文章", "全市新增夜班公交线路六条", "老城区街道完成保洁外包招标"))
    assert found(c)["author"] == "夜市观察员" and kept(c) == SIMPLIFIED
    # a portal's self-media channel, in Traditional characters, with a full dateline
    c = clean_text(page("海濱圖書館延長開放 夜讀族有福了", "港島生活通", "2024-06-03 09:15:22", T1, T2, T3,
                        "作者熱門文章", "市府公布暑期親子活動名單", "港區渡輪增開假日班次"))
    assert found(c)["author"] == "港島生活通" and kept(c) == TRADITIONAL
    # an outlet's name there is the outlet, not a writer
    c = clean_text(page("夜间经济扶持办法出台", "某某日报", "2024-06-03 09:15", S1, S2, S3))
    assert found(c)["outlet"] == "某某日报" and "author" not in found(c)
    # and a section's label there names nobody: a short word, a section's name, one the menu prints again
    for label, menu in (("国际", ()), ("时政要闻", ()), ("原创", ()), ("港澳生活", ("首页", "港澳生活", "財經"))):
        c = clean_text(page(*menu, "海濱圖書館延長開放", label, "2024-06-03 09:15", T1, T2, T3))
        assert "author" not in found(c) and kept(c) == TRADITIONAL, label


def test_a_first_paragraph_broken_at_a_comma_keeps_its_first_line():
    # a tech blog: the first paragraph broken after a comma (a <br>), the page otherwise unwrapped
    head, rest = C1.split("，比如")
    c = clean_text("\n".join(["程序退出前的清理", "2024-06-03 来源：某某开发者社区", "", head + "，", "比如" + rest, "", C2, "", C3]))
    assert kept(c) == C1 + C2 + C3
    # a Taiwanese page: the break falls before the comma
    head, rest = T1.split("，並在")
    c = clean_text("\n".join(["海濱圖書館延長開放", "記者王小明／基隆報導", "", head, "，並在" + rest, "", T2, "", T3]))
    assert kept(c) == TRADITIONAL
    # while a long headline printed right above the text, stopping short of a full stop, stays the headline
    headline = "夜间经济扶持办法出台，商户在指定街区经营到深夜可按月领取水电补贴"
    c = clean_text("\n".join(["首页", headline, S1, S2, S3]))
    assert c.title == headline and kept(c) == SIMPLIFIED


# ---------------------------------------------------------------- bylines in the page's own shapes
# (found on unseen pages; the fixtures below are made up and imitate two kinds of site per class)


def test_a_source_and_a_writer_glued_on_the_dateline_are_both_read():
    # a securities paper's portal: date, source and writer printed with no space between
    c = clean_text(page("首页", "快讯", "公司", "午间公告：某某股份中标新能源项目", "2024-06-03 12:11来源：某某证券网作者：李在明",
                        S1, S2, S3))
    assert found(c)["author"] == "李在明" and "作者" not in found(c).get("outlet", "")
    # a Traditional business site: writer first, the editor glued after (never the writer)
    c = clean_text(page("財經", "海濱圖書館延長開放 周邊商家受惠", "2024/06/03 09:00作者：陳小華責任編輯：林大同", T1, T2, T3))
    assert found(c)["author"] == "陳小華"


def test_an_original_mark_with_a_colon_names_the_writer_and_the_account():
    # a portal reposting a self-media account: "原创：" + the compiler's name with its role + the account
    c = clean_text(page("美股 > 正文", "夜间经济扶持办法出台 商户可领水电补贴", "2024年06月03日 20:52 某某财经-自媒体综合",
                        "原创： 周子航编译 城市经济观察", S1, S2, S3))
    assert found(c)["author"] == "周子航" and found(c)["outlet"] == "城市经济观察"
    # the same mark in Traditional characters, a translator's role after the name
    c = clean_text(page("專欄", "海濱圖書館延長開放", "2024年06月03日 08:30", "原創：林雅琪翻譯 港灣閱讀筆記", T1, T2, T3))
    assert found(c)["author"] == "林雅琪"


def test_a_writer_credit_closing_the_last_paragraph_is_no_photo_caption():
    # a regional paper: "(文/图 X Y)" closes the text, its closing bracket lost in another element
    c = clean_text(page("本地新闻", "夜间经济扶持办法出台", "2024-06-03 14:34 来源：某某商报", S1, S2,
                        S3 + "(文/图 王小明 李华", "赞 0 赏 分享"))
    assert found(c)["author"] == "王小明、李华" and kept(c) == SIMPLIFIED
    # a Traditional community site: "（文／圖 X）" with both brackets
    c = clean_text(page("社區", "海濱圖書館延長開放", "2024年6月3日", T1, T2, T3 + "（文／圖 陳志明）"))
    assert found(c)["author"] == "陳志明" and kept(c) == TRADITIONAL


def test_the_writers_signoff_ends_the_text_before_notices_promotions_and_teasers():
    teasers = ("颱風外圍環流影響 北部山區入夜防豪雨", "氣象局指出，今晚起北部及東北部山區降雨機率提高，民眾上山應注意落石與溪水暴漲，避免在河床逗留。",
               "捷運延長營運時間 週末末班車延至凌晨", "捷運公司表示，為配合跨年及連假活動，週末末班車將延後至凌晨一時發車，轉乘站將加派人力疏導。",
               "夜市攤商聯合促銷 百元美食地圖出爐", "攤商自治會昨日公布百元美食地圖，共收錄五十家攤位，並推出集點兌換活動，吸引不少遊客前往。")
    # a Taiwanese daily: "（X／place報導）" closes the text; a helpline, an app promo, a call for op-eds, teasers
    c = clean_text(page("社會", "海濱圖書館延長開放", "2016年05月21日11:44", T1, T2, T3 + "（王大明／基隆報導）",
                        "《某報》關心你", "自殺解決不了問題，卻留給家人無比悲痛。請珍惜生命。", "安心專線：0800-000000（24小時）",
                        "下載「某某日報APP」", "有話要說 投稿「即時論壇」", "更多", "《社會》", *teasers))
    assert found(c)["author"] == "王大明" and kept(c) == TRADITIONAL
    # a mainland evening paper: "（记者 X）" closing, then the next stories' teasers
    c = clean_text(page("要闻", "夜间经济扶持办法出台", "2024-06-03 09:15", S1, S2, S3 + "（记者 赵一）",
                        "扫码下载某某新闻客户端", "台风外围影响 北部山区今夜防暴雨",
                        "气象台指出，今晚起北部山区降雨概率提高，市民上山应注意落石和溪水暴涨，不要在河床停留。",
                        "地铁周末延长运营 末班车推迟至凌晨", "地铁公司表示，为配合节假日活动，周末末班车推迟到凌晨一点发车，换乘站将增派人手。"))
    assert found(c)["author"] == "赵一" and kept(c) == SIMPLIFIED


def test_a_name_alone_under_the_dateline_is_the_writer():
    # a Taiwanese portal: share buttons, the dateline with the outlet's short name, the reporter's name alone
    c = clean_text(page("社會", "海濱圖書館延長開放", "分享至Facebook", "分享至Twitter", "2018年09月16日 15:31 某時",
                        "謝大中", T1, T2, T3, "謝大中", "謝大中的最新文章", "颱風外圍環流影響 北部山區入夜防豪雨"))
    assert found(c)["author"] == "謝大中"
    # a mainland site: dateline, then two reporters' names on one line
    c = clean_text(page("首页", "夜间经济扶持办法出台", "2024-06-03 09:15 某某晚报", "张小平 刘芳", S1, S2, S3))
    assert found(c)["author"] == "张小平、刘芳"
    # a section's label there names nobody
    c = clean_text(page("首页", "夜间经济扶持办法出台", "2024-06-03 09:15 某某晚报", "原创", S1, S2, S3))
    assert "author" not in found(c)
