"""Word lists the general cleaner and the metadata finder use (data only, both scripts).

The phrases are the furniture Chinese news sites and apps put around an article: share and
follow buttons, subscription and QR-code prompts, WeChat's reader UI, login/search menus,
copyright and reprint notices, related-article lists. They are matched only on short lines,
never inside a long prose line, so a sentence that mentions 订阅 or 分享 is kept.
"""

from __future__ import annotations

# A whole line that is exactly one of these is a button, tab or menu item.
CHROME_WORDS = frozenset("""
分享 分享到 分享至 收藏 點讚 点赞 按讚 讚 赞 在看 留言 評論 评论 回复 回覆 關注 关注 取消 允许 允許 知道了 確定 确定
视频 視頻 影片 小程序 听过 聽過 搜索 搜尋 登录 登錄 登入 注册 註冊 首页 首頁 返回 更多 上一篇 下一篇 打印 列印 字号 字級
大 中 小 分类 分類 特色 热点 熱點 工具 活动 活動 商城 用户服务 用戶服務 行业服务 企业服务 合作信息 广告 廣告 推广 推廣
手机版 手機版 电脑版 電腦版 客户端 客戶端 APP App app 下载 下載 订阅 訂閱 复制链接 複製連結 复制 複製 链接 連結
微信 微博 QQ空间 QQ空間 朋友圈 抖音 快手 Facebook Twitter LINE Line WhatsApp Telegram Email E-mail Print Share
Advertisement ADVERTISEMENT 广告投放 廣告投放 打开 打開 展开 展開 收起 全文 展开全文 展開全文 加载中 載入中 正在加载
× ··· … 赞赏 讚賞 打赏 打賞 分析   END -END- —END— ·END· —— ↓ ↓↓↓ ▼ ▲ 设为星标 設為星標 星标 星標 创作中心 創作中心 投稿 有奖投稿 專題 专题 排行 排行榜 最新 熱門 热门 推荐 推薦
""".split())

# Phrases that mark a short line as chrome wherever they appear in it.
CHROME_PHRASES = tuple("""
扫码 掃碼 扫一扫 掃一掃 长按识别 長按識別 长按二维码 二维码 二維碼 阅读原文 閱讀原文 点击下图 點擊下圖 点击上方 點擊上方
点击蓝字 點擊藍字 关注我们 關注我們 关注该公众号 關注該公眾號 欢迎关注 歡迎關注 公众号 公眾號 轻点两下 輕點兩下
继续滑动 繼續滑動 向上滑动 向上滑動 预览时标签 預覽時標籤 使用小程序 使用完整服务 使用完整服務 可打开此内容 可打開此內容
版权所有 版權所有 未经授权 未經授權 未经许可 未經許可 禁止转载 禁止轉載 不得转载 不得轉載 转载请 轉載請 如需转载 如需轉載 如需授权 如需授權
登录注册 登錄註冊 免费注册 免費註冊 下载APP 下載APP 下载客户端 下載客戶端 打开APP 打開APP 打开App 打開App
邮发代号 郵發代號 征订 徵訂 订阅号 訂閱號 订阅电子报 訂閱電子報 广告投放 廣告投放 广告合作 廣告合作 商务合作 商務合作
联系我们 聯繫我們 聯絡我們 关于我们 關於我們 隐私政策 隱私政策 隱私權政策 使用条款 使用條款 服务条款 服務條款
网站地图 網站地圖 网站导航 網站導航 ICP备 ICP證 ICP证 公网安备 公網安備 不良信息举报 不良信息舉報 举报电话 舉報電話
新闻信息服务许可证 All Rights Reserved    分享到 分享至 复制链接 複製連結 字体大小 字體大小
加入好友 追蹤我們 追踪我们 看更多 查看更多 展开更多 展開更多 加载更多 載入更多 猜你喜欢 猜你喜歡 热门文章 熱門文章
热门推荐 熱門推薦 热门排行 熱門排行 人气排行 人氣排行  IP属地 IP屬地 客服 文章目录 文章目錄 
   关注者 關注者 文章数 文章數 粉丝数 粉絲數 返回列表 返回首页 返回首頁
返回顶部 返回頂部 回到顶部 回到頂部 打印本页 列印本頁 关闭窗口 關閉視窗 立即下载 立即下載 点击进入 點擊進入
点击查看 點擊查看 点击这里 點擊這裡 按此 取消赞 取消讚 取消在看 点赞 按讚 一键三连 一鍵三連 責任編輯 责任编辑
 免责声明 免責聲明       了解详情 了解詳情
LINE好友 Line好友 用APP 用App 點我 点我 繼續往下閱讀 继续往下阅读 往下閱讀 字號 字号 纠错 糾錯 责编 責編
分享让更多人看到 平台声明 平台聲明 观点仅代表作者 觀點僅代表作者 我要反馈 我要反饋 文章关键词 文章關鍵詞
微信号 微信號 功能介绍 功能介紹     bit.ly 立即購買 立即购买 馬上訂閱 马上订阅 購書 购书 訂購 订购 点个在看 點個在看 戳这里 戳這裡 财经APP 新闻APP 新聞APP
跳转至主要内容 跳轉至主要內容 跳至主要內容 跳至主要内容 跳到主要内容 跳到主要內容 跳过内容 跳過內容 跳至內容 跳至内容
APP下载 APP下載 App下载 App下載 点击浏览 點擊瀏覽 点击阅读 點擊閱讀 按此瀏覽 按此阅读 撳此 即睇
设为星标 設為星標 图像来源 圖像來源 图片来源 圖片來源 查看大图 查看大圖 點擊圖片 点击图片 视频加载中 影片載入中 上一页 下一页 上一頁 下一頁  点击查看本文 點擊查看本文 看新聞 立即訂閱 立即订阅 訂閱制
""".split())

# Boilerplate that is never article text, even in a long line (disclaimers, copyright).
BOILERPLATE_PHRASES = tuple("""
不代表本報立場 不代表本报立场 不代表本站立場 不代表本站立场 不代表本網立場 不代表本网立场 僅代表作者 仅代表作者
不構成任何投資建議 不构成任何投资建议 不構成投資建議 不构成投资建议 请作者与本站联系 請作者與本站聯繫 索取稿酬 要求撤下您的作品 要求撤下 文責自負 文责自负 版權所有 版权所有 禁止轉載 禁止转载 不得轉載 不得转载 轉載請註明 转载请注明 未經許可不得 未经许可不得
著作权归 著作權歸 版权归 版權歸 未经书面授权 未經書面授權 不得以任何方式 转载请联系 轉載請聯繫
""".split()) + ("All Rights Reserved", "all rights reserved")

# "编辑 | 张三", "排版：李四 审核：王五": the credits of a WeChat or magazine piece.
CREDIT_KEYS = tuple("""
编辑 編輯 责编 責編 排版 审核 審核 校对 校對 美编 美編 图片 圖片 图源 圖源 题图 題圖 统筹 統籌 监制 監製 出品 策划 策劃
设计 設計 视频 視頻 摄影 攝影 配图 配圖 文字 整理 翻译 翻譯 编译 編譯 来源 來源 作者 责任编辑 責任編輯 主编 主編 终审 終審
""".split())

# The names of a site's language versions: two of them on one short line make a language switcher.
LANGUAGE_WORDS = ("简体", "簡體", "繁體", "繁体", "English", "粵語", "粤语", "普通話", "普通话", "廣東話", "广东话",
                  "藏語", "藏语", "維語", "维语", "日本語", "한국어")

# A line starting one of these sections: what follows is a list of other articles' headlines.
RELATED_MARKERS = tuple("""
相关阅读 相關閱讀 延伸阅读 延伸閱讀 相关文章 相關文章 相关新闻 相關新聞 相关报道 相關報導 相關報道 大家都在看 推荐阅读
推薦閱讀 推荐文章 推薦文章 相关推荐 相關推薦 热门推荐 熱門推薦 更多新闻 更多新聞 更多文章 猜你喜欢 猜你喜歡 往期回顾
往期回顧 往期推荐 往期推薦 精彩推荐 精彩推薦 今日熱門 今日热门 你可能也想看 你可能感興趣 你可能感兴趣
热门文章 熱門文章 最新文章 編輯推薦 编辑推荐 相关专题 相關專題 相关链接 相關連結 看更多 热门新闻 熱門新聞
即時新聞 即时新闻 今日必讀 今日必读 编辑精选 編輯精選 精選文章 精选文章 人氣文章 人气文章 最多阅读 最多閱讀 热读 熱讀
相关内容 相關內容 相关话题 相關話題 更多报道 更多報導 为你推荐 為你推薦 为您推荐 為您推薦
""".split()) + ("Related Articles", "Read more", "Related")

# A line opening the readers' comments: everything after it is comments, to the end of the page.
COMMENT_MARKERS = tuple("""
网友评论 網友評論 热门评论 熱門評論 全部评论 全部評論 最新评论 最新評論 精彩评论 精彩評論 精选留言 精選留言 读者留言 讀者留言
评论区 評論區 留言区 留言區 写留言 寫留言 发表评论 發表評論 我来说两句 我來說兩句 已有评论 條評論 条评论
""".split())

# A line that is exactly one of these (punctuation aside) says another article follows: "scroll for
# the next one" in apps and WeChat. Once the body has begun, everything after it is another page.
NEXT_MARKERS = tuple("""
阅读下一篇 閱讀下一篇 下一篇 下一篇文章 继续阅读下一篇 繼續閱讀下一篇 继续滑动看下一个 繼續滑動看下一個 向上滑动看下一个 向上滑動看下一個
滑动查看下一篇 滑動查看下一篇 上滑看下一篇 下一则 下一則 下一条 下一條 接着看 接著看
""".split()) + ("Next Article", "Next Story", "Next")

# A plea to the reader closing a piece. Actions on the piece or the outlet itself (like, share,
# subscribe …) make a plea wherever they are asked; following, downloading or scanning only when
# what is followed is the outlet's own account or app (PLEA_OWN) — "请市民关注天气预报" is news.
# Either needs a word that addresses the reader (or a "!", or a line of 20 characters or fewer).
PLEA_ACTIONS = tuple("""
订阅 訂閱 订户 訂戶 电子报 電子報 点赞 點讚 按讚 点个赞 點個讚 讚好 在看 转发 轉發 分享给 分享給 星标 星標 置顶 置頂
赞赏 讚賞 打赏 打賞 支持我们 支持我們 加入会员 加入會員 留言 评论 評論 一键三连 一鍵三連 点击关注 點擊關注
""".split())
PLEA_FOLLOW = tuple("""
关注 關注 下载 下載 扫码 掃碼 追踪 追蹤 收听 收聽 收看
""".split())
PLEA_OWN = tuple("""
我们 我們 本号 本號 本报 本報 本台 本站 本网 本網 本刊 小编 小編 公众号 公眾號 客户端 客戶端 粉丝专页 粉絲專頁 频道 頻道
""".split()) + ("App", "APP", "app")
PLEA_ADDRESS = tuple("""
你 您 大家 各位 读者 讀者 朋友们 朋友們 欢迎 歡迎 请 請 立即 马上 馬上 快来 快來 记得 記得 别忘了 別忘了 点击 點擊 按此 戳
""".split())

# Keys that introduce the writer of a piece ("作者：", "文｜", "撰文：", "执笔/", "记者 "): their value
# is the author. Editors' keys (责任编辑, 责编, 编辑 …) never give an author.
WRITER_KEYS = tuple("""
作者 撰文 撰稿 执笔 執筆 記者 记者 编译 編譯 采写 採寫 图文 圖文 特约记者 特約記者 本报记者 本報記者 评论员 評論員 文字 主笔 主筆
""".split())
EDITOR_KEYS = tuple("""
责任编辑 責任編輯 责编 責編 网编 網編 编辑 編輯 主编 主編 编审 編審 审核 審核 审校 審校 校对 校對 排版 美编 美編 值班编辑 值班編輯
统筹 統籌 监制 監製 终审 終審 实习编辑 實習編輯
""".split())

# Values a writer's key may hold that name no person: "作者：网络整理", "来源：综合".
NON_AUTHORS = frozenset("""
网络整理 網絡整理 網路整理 综合 綜合 综合整理 綜合整理 整理 佚名 匿名 未知 本站 本网 本網 小编 小編 编辑部 編輯部 本报 本報 网络 網絡 網路
admin Admin 管理员 管理員 系统 系統 utc UTC gmt GMT cst CST
原创 原創 独家 獨家 首发 首發 转载 轉載 专栏 專欄 时政 時政 国际 國際 时事 時事
""".split())

# Frequent Chinese function words: prose is dense in them, menus and headline lists are not
# (jusText's stop-word density, for Chinese).
FUNCTION_CHARS = frozenset("的了是在和与與也而但对對将將被把为為就都这這其之於并並及或从從以因所如若则則却卻已还還又")

# Common Chinese surnames (both scripts): a short token starting with one of these, 2–4
# characters long, is probably a person's name.
SURNAMES = frozenset(
    "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖"
    "蕭田董袁潘于於蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付方白邹鄒孟熊秦"
    "邱江尹薛闫閆段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯常温溫康施文牛樊葛邢安齐齊易"
    "乔喬伍庞龐颜顏倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢单單季"
    "裴霍涂成苗谷盛曲翁冉骆駱蓝藍路游辛靳管柴蒙鲍鮑华華喻祁蒲房滕屈饶饒解牟艾尤阳陽时時穆农農司卓古吉缪繆简簡"
    "车車项項连連芦蘆麦麥褚娄婁窦竇戚岑景党黨宫宮费費卜冷晏席卫衛米柏宗瞿桂全佟应應臧闵閔苟邬鄔边邊卞姬师師和"
    "仇栾欒隋商刁沙荣榮巫寇桑郎甄丛叢仲虞敖巩鞏明佘池查麻苑迟遲邝鄺官封谈談匡鞠惠荆荊乐樂冀郁胥南班储儲原栗"
    "燕楚鄢劳勞谌諶奚皮粟冼蔺藺楼樓盘盤满滿闻聞位厉厲伊仝区區郜海阚闞花权權强強帅帥屠豆朴盖蓋练練廉禹井祖"
    "那")
COMPOUND_SURNAMES = ("欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "司徒", "东方", "東方", "皇甫",
                     "令狐", "公孙", "公孫", "慕容", "尉迟", "尉遲", "长孙", "長孫", "夏侯", "端木", "澹台")

# Words that end an outlet's name: 新华网, 聯合報, 中央社, 鉅亨網, 遠見雜誌, 美國之音 …
OUTLET_ENDINGS = ("网", "網", "报", "報", "社", "台", "新闻", "新聞", "日报", "日報", "时报", "時報", "周刊",
                  "週刊", "杂志", "雜誌", "之音", "电视", "電視", "频道", "頻道", "观察", "觀察", "财经", "財經",
                  "News", "news", "Times", "Post", ".com", "中文", "传媒", "傳媒", "号", "號", "科技")

# Verb phrases ending a headline the way an outlet's name ends ("新规出台", "嫌犯落网", "官方通报"):
# such a line is no site name.
NOT_OUTLET_ENDINGS = ("出台", "上台", "下台", "登台", "落网", "落網", "通报", "通報", "举报", "舉報", "汇报",
                      "匯報", "回报", "回報", "预报", "預報", "警报", "警報", "信号", "信號", "口号", "口號")

# Words ending a section's name ("时政要闻", "港澳资讯"): a label standing under a headline, never its writer.
SECTION_ENDINGS = ("要闻", "要聞", "资讯", "資訊", "频道", "頻道", "专题", "專題", "专栏", "專欄", "快讯", "快訊",
                   "动态", "動態", "新闻", "新聞", "时评", "時評", "评论", "評論")

# A writer's role glued after the name ("某某编译", "某某整理"): taken off, the rest is the writer.
WRITER_ROLE_SUFFIXES = ("编译", "編譯", "整理", "翻译", "翻譯", "撰文", "撰稿", "报道", "報導", "報道", "口述")

# Words ending a one-line author bio ("张三 某大学法学教授").
BIO_ENDINGS = ("教授", "研究员", "研究員", "学者", "學者", "主任", "院长", "院長", "作家", "评论员", "評論員",
               "专栏作家", "專欄作家", "分析师", "分析師", "主席", "总监", "總監", "博士", "律师", "律師",
               "经济学家", "經濟學家", "创办人", "創辦人", "创始人", "創始人", "合伙人", "合夥人", "顾问", "顧問",
               "总裁", "總裁", "董事长", "董事長", "记者", "記者", "编辑", "編輯", "主编", "主編", "研究生",
               "专家", "專家", "前总裁", "议员", "議員", "大使", "校长", "校長", "所长", "所長", "科学家", "科學家")
