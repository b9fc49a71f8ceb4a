/* The interface in Chinese, in Simplified or Traditional characters (static host, no
   dependencies). The header's language choice (English / 简体中文 / 繁體中文) is kept in
   localStorage ("bf-lang"), so it survives navigation and reload; choosing another reloads the
   page, which is then labelled from the start.

   What is translated is the interface, never the briefing: the site's furniture (header, search,
   filters, reader controls, headings and labels of the generated pages, navigation of the
   generated pages, dates and counts), found by its exact English text, as gettext finds a
   message by its msgid. A text node is translated only when its whole text is one of the
   WORDS below or matches one of the PATTERNS (a date, a count); an article's sentences (.bf-s),
   Chinese text and the editors' prose are never a whole match, and are skipped besides.
   Attributes read aloud or shown on hover (aria-label, title, placeholder) are translated the
   same way. An article page's nav lists its month's articles by their own Chinese titles (not
   a translation: the headlines as published, in the interface's script); so does search
   (search.js titles a result by its article's Chinese title). Text the other scripts add later (search results, counts, "Also searched") is
   translated as it appears (a MutationObserver). A translated element gets lang="zh-Hans" or
   "zh-Hant"; the page's own lang stays English, since the briefing's English is its content.

   Simplified wording follows mainland usage, Traditional wording Taiwan's (搜索/搜尋,
   时间线/時間軸, 链接/連結, 媒体/媒體), as Material's own zh and zh-Hant strings do for its
   labels (taken from them where Material has the label). */
(function () {
  "use strict";
  var KEY = "bf-lang";
  var LANGS = ["en", "zh-Hans", "zh-Hant"];

  /* English → [Simplified, Traditional]. */
  var WORDS = {
    /* Material's chrome (its zh / zh-Hant strings) */
    "Skip to content": ["跳转至内容", "跳至主要內容"],
    "Back to top": ["回到页面顶部", "回到頁面頂部"],
    "Previous": ["上一页", "上一頁"],
    "Next": ["下一页", "下一頁"],
    "Table of contents": ["目录", "目錄"],
    "Navigation": ["导航栏", "導覽列"],
    "Header": ["页眉", "頁首"],
    "Footer": ["页脚", "頁尾"],
    "Search": ["搜索", "搜尋"],
    "Clear": ["清空当前内容", "清除"],
    "Initializing search": ["正在初始化搜索引擎", "正在初始化搜尋引擎"],
    "Type to start searching": ["键入以开始搜索", "輸入文字以開始搜尋"],
    "No matching documents": ["没有找到符合条件的结果", "沒有找到符合條件的結果"],
    "1 matching document": ["找到 1 个符合条件的结果", "找到 1 個符合條件的結果"],
    "Switch to dark mode": ["切换到深色模式", "切換至深色模式"],
    "Switch to light mode": ["切换到浅色模式", "切換至淺色模式"],
    "Made with": ["技术支持：", "技術支援："],
    "Copy to clipboard": ["复制", "複製"],
    "Copied to clipboard": ["已复制", "已複製"],
    /* the language choice */
    "Interface language": ["界面语言", "介面語言"],
    /* search (overrides/partials/search.html, search.js) */
    "Search (press /)": ["搜索（按 /）", "搜尋（按 /）"],
    "Search: Chinese (简/繁) or English": ["搜索：中文（简/繁）或英文", "搜尋：中文（簡/繁）或英文"],
    "Search is not available: its index did not load": ["搜索暂不可用：索引未能加载", "搜尋暫時無法使用：索引未能載入"],
    "Show more results": ["显示更多结果", "顯示更多結果"],
    "Filter and sort the results": ["筛选和排序结果", "篩選與排序結果"],
    "Kind": ["类型", "類型"],
    "Outlet": ["媒体", "媒體"],
    "Month": ["月份", "月份"],
    "Published in": ["发布字体", "發布字體"],
    "Sort": ["排序", "排序"],
    "All": ["全部", "全部"],
    "Either script": ["简繁均可", "簡繁皆可"],
    "Best match": ["最相关", "最相關"],
    "Newest first": ["最新优先", "最新優先"],
    "Articles": ["文章", "文章"],
    "Timeline": ["时间线", "時間軸"],
    "Glossary": ["词汇表", "詞彙表"],
    "Overview": ["概览", "概覽"],
    "Simplified (简)": ["简体", "簡體"],
    "Traditional (繁)": ["繁体", "繁體"],
    /* reader controls (render/site_parts.py controls(), briefing.js) */
    "Reading options": ["阅读选项", "閱讀選項"],
    "Script of the Chinese text": ["中文字体", "中文字體"],
    "As published": ["按原文", "依原文"],
    "Each text in the script it was published in": ["每篇文字按其发布时的字体显示", "每篇文字依其發布時的字體顯示"],
    "Each text in the script it was written in": ["每篇文字按其原字体显示", "每篇文字依其原字體顯示"],
    "Simplified characters": ["简体字", "簡體字"],
    "Traditional characters": ["繁体字", "繁體字"],
    "on every page": ["用于所有页面", "套用至所有頁面"],
    "Columns shown": ["显示的栏", "顯示的欄"],
    "Original": ["原文", "原文"],
    "English": ["英文", "英文"],
    "Both": ["对照", "對照"],
    "Word gloss": ["词语释义", "詞語釋義"],
    "Pinyin and meanings of a Chinese word when you point at, tap or focus it":
      ["指向、轻触或聚焦中文词语时显示拼音和释义", "指向、輕觸或聚焦中文詞語時顯示拼音與釋義"],
    "Briefing glossary": ["本简报词汇表", "本簡報詞彙表"],
    "Not in the dictionary": ["词典中未收录", "辭典中未收錄"],
    /* article pages (render/pages.py) */
    "Author": ["作者", "作者"],
    "Published": ["发布时间", "發布時間"],
    "Source": ["来源", "來源"],
    "Original script": ["原文字体", "原文字體"],
    "Other script": ["另一字体", "另一字體"],
    "PDF": ["PDF", "PDF"],
    "This article as a PDF": ["本文 PDF 版", "本文 PDF 版"],
    "(original and English side by side)": ["（原文与英文对照）", "（原文與英文對照）"],
    "link unknown": ["链接不详", "連結不詳"],
    "unknown": ["不详", "不詳"],
    "outlet unknown": ["媒体不详", "媒體不詳"],
    "date unknown": ["日期不详", "日期不詳"],
    "Date unknown": ["日期不详", "日期不詳"],
    "unknown (no byline)": ["不详（无署名）", "不詳（無署名）"],
    "Editor’s note on the source": ["编者关于来源的说明", "編者關於來源的說明"],
    "provisional headline": ["暂定标题", "暫定標題"],
    "Summary": ["摘要", "摘要"],
    "Key claims": ["要点", "要點"],
    "Stance": ["立场", "立場"],
    "Reliability": ["可靠性", "可靠性"],
    "Outlet type": ["媒体类型", "媒體類型"],
    "Source notes": ["来源说明", "來源說明"],
    "Fact-check flags:": ["事实核查标记：", "事實查核標記："],
    "Factual error": ["事实错误", "事實錯誤"],
    "Doubtful": ["存疑", "存疑"],
    "Context": ["背景", "背景"],
    "Sources:": ["来源：", "來源："],
    "Photo caption": ["图片说明", "圖片說明"],
    "Credits": ["署名", "署名"],
    "[translation pending]": ["［待翻译］", "［待翻譯］"],
    "[stale]": ["［已过时］", "［已過時］"],
    "The Chinese changed after this was translated": ["翻译后中文原文已改动", "翻譯後中文原文已更動"],
    /* home, timeline, glossary (render/pages.py, render/curated_pages.py) */
    "Latest articles": ["最新文章", "最新文章"],
    "Themes": ["主题", "主題"],
    "Updated": ["更新于", "更新於"],
    "Atom feed": ["Atom 订阅", "Atom 訂閱"],
    "The whole briefing as a PDF": ["整份简报的 PDF 版", "整份簡報的 PDF 版"],
    "Glossary and entity index": ["词汇与实体索引", "詞彙與實體索引"],
    "Mentions": ["提及", "提及"],
    "Type": ["类型", "類型"],
    "Note": ["说明", "說明"],
    "Also written": ["又作", "又作"],
    "Meaning": ["含义", "含義"],
    "Affiliation": ["所属机构", "所屬機構"],
    "person": ["人物", "人物"],
    "organisation": ["机构", "機構"],
    "product": ["产品", "產品"],
    "place": ["地点", "地點"],
    "policy": ["政策", "政策"],
    "term": ["术语", "術語"],
    "(year)": ["（仅知年份）", "（僅知年份）"],
    "(month)": ["（仅知月份）", "（僅知月份）"],
    "Find a term": ["查找词条", "查找詞條"],
    "Kind of entry": ["词条类型", "詞條類型"],
    "Entries by letter": ["按字母排列的词条", "依字母排列的詞條"],
    "English, 中文 or pinyin": ["英文、中文或拼音", "英文、中文或拼音"],
    "No entry matches.": ["没有符合的词条。", "沒有符合的詞條。"],
    "Show all entries": ["显示全部词条", "顯示全部詞條"],
    "Not named in the articles.": ["文章中未提及。", "文章中未提及。"],
    "People": ["人物", "人物"],
    "Organisations": ["机构", "機構"],
    "Products": ["产品", "產品"],
    "Policies": ["政策", "政策"],
    "Places": ["地点", "地點"],
    "Terms": ["术语", "術語"],
    "title": ["标题", "標題"],
    "Simplified": ["简体", "簡體"],
    "Traditional": ["繁体", "繁體"]
  };

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
  var MONTH = "(" + MONTHS.join("|") + ")";
  function month(name) { return MONTHS.indexOf(name) + 1; }
  function pick(z, pair) { return pair[z]; }
  function word(z, english) { var w = WORDS[english]; return w ? w[z] : english; }
  var SEGMENT_PARTS = [  // site_parts.STATUS_WORDS and provenance_summary's parts
    [/^(\d+) by an editor$/, ["$1 句由编辑翻译", "$1 句由編輯翻譯"]],
    [/^(\d+) machine, edited by an editor$/, ["$1 句机器翻译、经编辑修改", "$1 句機器翻譯、經編輯修改"]],
    [/^(\d+) machine, reviewed by an editor$/, ["$1 句机器翻译、经编辑审校", "$1 句機器翻譯、經編輯審校"]],
    [/^(\d+) machine, unreviewed$/, ["$1 句机器翻译、未经审校", "$1 句機器翻譯、未經審校"]],
    [/^(\d+) pending$/, ["$1 句待翻译", "$1 句待翻譯"]],
    [/^(\d+) stale \(the Chinese changed since\)$/, ["$1 句已过时（中文已改动）", "$1 句已過時（中文已更動）"]]
  ];
  function segmentPart(z, part) {
    for (var i = 0; i < SEGMENT_PARTS.length; i++) {
      if (SEGMENT_PARTS[i][0].test(part)) return part.replace(SEGMENT_PARTS[i][0], SEGMENT_PARTS[i][1][z]);
    }
    return null;
  }
  var SCRIPT = { Simplified: ["简体", "簡體"], Traditional: ["繁体", "繁體"],
                 simplified: ["简体", "簡體"], traditional: ["繁体", "繁體"] };

  /* [whole-text pattern, (z, match) → Chinese or null (leave as is)]. */
  var PATTERNS = [
    [new RegExp("^(\\d{1,2}) " + MONTH + " (\\d{4})(?:, (\\d{1,2}:\\d{2}))?$"), function (z, m) {
      return m[3] + "年" + month(m[2]) + "月" + Number(m[1]) + "日" + (m[4] ? " " + m[4] : "");
    }],
    [new RegExp("^" + MONTH + " (\\d{4})(?: \\(month known\\))?$"), function (z, m) {
      return m[2] + "年" + month(m[1]) + "月";
    }],
    [new RegExp("^(\\d{1,2})–(\\d{1,2}) " + MONTH + "$"), function (z, m) {  // a busy month's nav sections
      return month(m[3]) + "月" + m[1] + "–" + m[2] + "日";
    }],
    [new RegExp("^(\\d{1,2}) " + MONTH + "$"), function (z, m) { return month(m[2]) + "月" + m[1] + "日"; }],
    [/^Articles (\d+)–(\d+) of (\d+)$/, function (z, m) {
      return "第 " + m[1] + "–" + m[2] + " 篇（共 " + m[3] + " 篇）";
    }],
    [/^(\d{4}) \(year known\)$/, function (z, m) { return m[1] + "年"; }],
    [/^(\d{4}) \(month unknown\)$/, function (z, m) { return m[1] + pick(z, ["年（月份不详）", "年（月份不詳）"]); }],
    [/^(\d+) matching documents$/, function (z, m) {
      return pick(z, ["找到 # 个符合条件的结果", "找到 # 個符合條件的結果"]).replace("#", m[1]);
    }],
    [/^(\d+) mentions? in (\d+) sentences? of (\d+) articles?$/, function (z, m) {
      return pick(z, ["在 " + m[3] + " 篇文章的 " + m[2] + " 句中提及 " + m[1] + " 次",
                      "在 " + m[3] + " 篇文章的 " + m[2] + " 句中提及 " + m[1] + " 次"]);
    }],
    [/^(\d+) segments?: (.+)$/, function (z, m) {
      var parts = m[2].split("; ").map(function (p) { return segmentPart(z, p); });
      if (parts.some(function (p) { return p === null; })) return null;
      return pick(z, ["共 ", "共 "]) + m[1] + pick(z, [" 句：", " 句："]) + parts.join(pick(z, ["；", "；"]));
    }],
    [/^(\d+) mentions? in (\d+) articles?$/, function (z, m) {
      return "在 " + m[2] + " 篇文章中提及 " + m[1] + " 次";
    }],
    [/^(\d+) entries$/, function (z, m) { return pick(z, ["共 " + m[1] + " 个词条", "共 " + m[1] + " 個詞條"]); }],
    [/^(\d+) of (\d+) entries shown$/, function (z, m) {
      return pick(z, ["显示 " + m[1] + " 个词条（共 " + m[2] + " 个）", "顯示 " + m[1] + " 個詞條（共 " + m[2] + " 個）"]);
    }],
    [/^(?:sentence (\d+)\.(\d+)|title)(?: \((\d+) times\))?$/, function (z, m) {
      return (m[1] ? "第 " + m[1] + " 段第 " + m[2] + " 句" : pick(z, ["标题", "標題"])) +
        (m[3] ? pick(z, ["（" + m[3] + " 处）", "（" + m[3] + " 處）"]) : "");
    }],
    [/^All (\d+) events →$/, function (z, m) { return pick(z, ["全部 " + m[1] + " 个事件 →", "全部 " + m[1] + " 個事件 →"]); }],
    [/^· (\d+) articles?, the newest of$/, function (z, m) {
      return pick(z, ["· 共 " + m[1] + " 篇文章，最新一篇发布于", "· 共 " + m[1] + " 篇文章，最新一篇發布於"]);
    }],
    [/^· (\d+) articles?$/, function (z, m) { return pick(z, ["· 共 " + m[1] + " 篇文章", "· 共 " + m[1] + " 篇文章"]); }],
    /* a filter's choice with its count: "Articles (12)", "September 2025 (3)" */
    [/^(.+) \((\d+)\)$/, function (z, m) {
      var inner = translate(z, m[1]);
      return inner === null ? null : inner + "（" + m[2] + "）";
    }],
    /* what the script bar says is shown (briefing.js) */
    [/^(Simplified|Traditional), as published$/, function (z, m) {
      return SCRIPT[m[1]][z] + pick(z, ["，按原文", "，依原文"]);
    }],
    [/^(Simplified|Traditional), converted from (simplified|traditional)$/, function (z, m) {
      return SCRIPT[m[1]][z] + pick(z, ["，由", "，由"]) + SCRIPT[m[2]][z] + pick(z, ["转换", "轉換"]);
    }],
    [/^All Chinese in (Simplified|Traditional)$/, function (z, m) {
      return pick(z, ["全部中文以", "全部中文以"]) + SCRIPT[m[1]][z] + pick(z, ["显示", "顯示"]);
    }],
    [/^(Simplified|Traditional), converted character by character(?: \((.+)\))?$/, function (z, m) {
      return SCRIPT[m[1]][z] + pick(z, ["，逐字转换", "，逐字轉換"]);
    }],
    /* search: what else was searched (search.js showAlso) */
    [/^Also searched: (.+)\.$/, function (z, m) { return pick(z, ["同时搜索了：", "同時搜尋了："]) + m[1] + "。"; }],
    [/^Searched (.+) only, not (.+)\.$/, function (z, m) {
      return pick(z, ["只搜索了 ", "只搜尋了 "]) + m[1] + pick(z, ["，未搜索 ", "，未搜尋 "]) + m[2] + "。";
    }],
    [/^Search (.+) only$/, function (z, m) { return pick(z, ["只搜索 ", "只搜尋 "]) + m[1]; }],
    [/^Search (.+) too$/, function (z, m) { return pick(z, ["也搜索 ", "也搜尋 "]) + m[1]; }],
    [/^Link copied: (.+)$/, function (z, m) { return pick(z, ["链接已复制：", "連結已複製："]) + m[1]; }],
    [/^Copy this link: (.+)$/, function (z, m) { return pick(z, ["请复制此链接：", "請複製此連結："]) + m[1]; }]
  ];

  /* The Chinese for `text` (whitespace folded), or null when it is not interface text. */
  function translate(z, text) {
    var t = text.replace(/\s+/g, " ").trim();
    if (!t) return null;
    if (Object.prototype.hasOwnProperty.call(WORDS, t)) return WORDS[t][z];
    for (var i = 0; i < PATTERNS.length; i++) {
      var m = PATTERNS[i][0].exec(t);
      if (m) {
        var out = PATTERNS[i][1](z, m);
        if (out !== null) return out;
      }
    }
    return null;
  }

  function load() { try { return localStorage.getItem(KEY); } catch (e) { return null; } }
  function save(value) { try { localStorage.setItem(KEY, value); } catch (e) { /* private mode */ } }
  function chosen() { var v = load(); return LANGS.indexOf(v) > 0 ? v : "en"; }

  /* Not interface text: the briefing's sentences, Chinese (but what this file translated),
     code, and what asks to be kept (the language choice's options, each in its own language). */
  var SKIP = ".bf-s, [lang^='zh']:not([data-bf-ui]), script, style, code, pre, kbd, [data-bf-keep]";
  var ATTRS = ["aria-label", "title", "placeholder"];

  function localise(z, tag, rootNode) {
    var walker = document.createTreeWalker(rootNode, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var el = node.nodeType === 1 ? node : node.parentElement;
        return el && el.closest(SKIP) ? (node.nodeType === 1 ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP)
                                     : NodeFilter.FILTER_ACCEPT;
      }
    });
    var texts = [], elements = [];
    if (rootNode.nodeType === 1 && !rootNode.closest(SKIP)) elements.push(rootNode);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      (node.nodeType === 1 ? elements : texts).push(node);
    }
    elements.forEach(function (el) {
      ATTRS.forEach(function (name) {
        var value = el.getAttribute(name), out = value && translate(z, value);
        if (out) el.setAttribute(name, out);
      });
    });
    texts.forEach(function (node) {
      var out = translate(z, node.data);
      if (out === null) return;
      var parent = node.parentElement;
      /* a bilingual heading or label ("Timeline 时间线", "Simplified 简体"): its Chinese, beside
         it, is set aside for the translation, which is in the script of the interface chosen */
      for (var next = node.nextSibling; next; next = next.nextSibling) {
        if (next.nodeType === 3 && !next.data.trim()) continue;
        if (next.nodeType !== 1 || !/^zh/.test(next.getAttribute("lang") || "")) break;
        next.setAttribute("data-bf-ui-dup", "");
      }
      var lead = /^\s/.test(node.data) ? " " : "", trail = /\s$/.test(node.data) ? " " : "";
      if (parent.childNodes.length === 1 || parent.tagName === "OPTION") {
        node.data = lead + out + trail;
        parent.setAttribute("lang", tag);
        parent.setAttribute("data-bf-ui", "");
      } else {
        var span = document.createElement("span");
        span.setAttribute("lang", tag);
        span.setAttribute("data-bf-ui", "");
        span.textContent = out;
        parent.replaceChild(span, node);
        if (lead) span.parentNode.insertBefore(document.createTextNode(lead), span);
        if (trail) span.parentNode.insertBefore(document.createTextNode(trail), span.nextSibling);
      }
    });
  }

  /* An article page's nav lists its month's articles by their English titles: in Chinese, by
     their Chinese titles, in the interface's script (the month's file, i18n/titles/<month>.json,
     written by `briefing build`); the page's own title in the header and the tab likewise. */
  function localiseTitles(z, lang) {
    var page = document.querySelector("[data-bf-titles]");
    if (!page || !window.fetch) return;
    var file = new URL(page.getAttribute("data-bf-titles"), location.href);
    var siteRoot = new URL("../../", file).href;  // the file is i18n/titles/<month>.json
    fetch(file).then(function (r) { return r.ok ? r.json() : {}; }).then(function (titles) {
      function titleOf(href) {
        var url = new URL(href, location.href);
        var path = url.href.split("#")[0].split("?")[0];
        if (path.indexOf(siteRoot) !== 0) return null;
        var found = titles[path.slice(siteRoot.length).replace(/index\.html$/, "")];
        return found ? found[z] : null;
      }
      function relabel(el, text) {
        el.textContent = text;
        el.setAttribute("lang", lang);
        el.setAttribute("data-bf-ui", "");
      }
      document.querySelectorAll(".md-nav--primary a.md-nav__link[href]").forEach(function (a) {
        var text = titleOf(a.getAttribute("href")), label = a.querySelector(".md-ellipsis") || a;
        if (text) relabel(label, text);
      });
      var own = titleOf(location.href);
      if (!own) return;
      var topic = document.querySelector("[data-md-component=header-topic] .md-ellipsis");
      if (topic) relabel(topic, own);
      var rest = document.title.split(" - ").slice(1);
      document.title = [own].concat(rest).join(" - ");
    }).catch(function () { /* no titles (opened from the file system): English ones stay */ });
  }

  function initChoice(lang) {
    document.querySelectorAll("[data-bf-lang-choice]").forEach(function (select) {
      select.value = lang;
      select.addEventListener("change", function () {
        save(select.value);
        location.reload();
      });
      var wrap = select.closest("[data-bf-lang-control]");
      if (wrap) wrap.hidden = false;
    });
  }

  function init() {
    var lang = chosen();
    document.documentElement.setAttribute("data-bf-lang", lang);
    initChoice(lang);
    if (lang === "en") return;
    var z = lang === "zh-Hans" ? 0 : 1;
    localise(z, lang, document.body);
    localiseTitles(z, lang);
    var prefix = document.title.split(" - ");  // "Timeline - Site name"
    var head = translate(z, prefix[0]);
    if (head) document.title = [head].concat(prefix.slice(1)).join(" - ");
    new MutationObserver(function (records) {
      records.forEach(function (r) {
        if (r.type === "characterData") {
          if (r.target.parentElement) localise(z, lang, r.target.parentElement);
        } else if (r.type === "attributes") {
          localise(z, lang, r.target);
        } else {
          r.addedNodes.forEach(function (n) {
            if (n.nodeType === 1) localise(z, lang, n);
            else if (n.nodeType === 3 && n.parentElement) localise(z, lang, n.parentElement);
          });
        }
      });
    }).observe(document.body, { childList: true, subtree: true, characterData: true,
                                attributes: true, attributeFilter: ATTRS });
  }

  window.bfTranslate = function (text) {  // for tests and other scripts: the current language's label
    var lang = chosen();
    return lang === "en" ? text : translate(lang === "zh-Hans" ? 0 : 1, text) || text;
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
