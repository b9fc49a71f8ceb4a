/* Site search: Pagefind (site/pagefind/, written by `briefing build`) behind Material's search
   box and results drawer (overrides/partials/search.html keeps Material's classes, so the box,
   drawer, light/dark colours and the phone layout are Material's own).
   - Pagefind loads only the index chunks a query needs, from the index of the query's language
     (Chinese or English), and only once the reader types.
   - Keys as in Material: / (or s, f) opens search; ↓/↑ move through the results; Enter in the
     box opens the best result; Esc closes. Tab also walks the results.
   - A result: the page title (with the Chinese interface, an article's Chinese title in
     its script, from the page's text as shown, the English under it), the best-matching
     sentence as the excerpt (in Traditional if the query was typed so, else in the reader's script), linked to that sentence's anchor (#p3-s2); up to
     two more matching sentences.
   - Chinese is indexed once, normalised to Simplified character by character (briefing/publish/
     search_source.py); the query is normalised the same way (search/query-map.json), so either
     script finds either. Excerpts quote the page as shown (search/text/<page>.<hans|hant>.json).
   - Regional vocabulary (search/terms.json, briefing/publish/search_terms.py): a query word
     with counterparts on the other side of the strait (川普/特朗普, 晶片/芯片, 軟體/软件) is
     asked as its index token, which every page holding it or a counterpart carries, so one
     Pagefind search finds them all and counts them exactly; the results say what else was
     searched, and the reader can search the word alone (its own token).
   - Filters (kind of page, outlet, month, script as published) and sort (best match, newest
     first) are Pagefind's, from each page's facets; the count shown is Pagefind's own, final.
   - Everything is fetched relative to this script, so the site works under any sub-path. */
(function () {
  "use strict";
  var form = document.querySelector("[data-bf-search-form]");
  var toggle = document.getElementById("__search");
  if (!form || !toggle || !document.currentScript) return;
  var input = form.querySelector("[data-bf-search-query]");
  var list = document.querySelector("[data-bf-search-list]");
  var meta = document.getElementById("bf-search-meta");
  var dialog = form.closest(".md-search");
  var siteRoot = new URL("../", document.currentScript.src);  // this file is assets/search.js
  var BATCH = 5;            // results whose text is fetched at a time (each is one small request)
  var MORE_SENTENCES = 2;   // matching sentences shown under a result besides the excerpt
  var SENTENCE_ID = /^(en-)?(title|p\d+-s\d+)$/;
  var CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

  var filterBar = document.querySelector("[data-bf-search-filters]");
  var also = document.getElementById("bf-search-also");
  var strings = { none: "No matching documents", one: "1 matching document",
                  other: "# matching documents", placeholder: "Type to start searching" };
  var labels = {  // filter values as the reader reads them (outlets and months are their own)
    kind: { article: "Articles", timeline: "Timeline", glossary: "Glossary", overview: "Overview" },
    script: { hans: "Simplified (简)", hant: "Traditional (繁)" },
    month: { undated: "Date unknown" }
  };
  try {
    var t = JSON.parse(document.getElementById("__config").textContent).translations || {};
    ["none", "one", "other", "placeholder"].forEach(function (k) {
      if (t["search.result." + k]) strings[k] = t["search.result." + k];
    });
  } catch (e) { /* Material's defaults above */ }

  /* ---- Pagefind: an index per language (briefing/publish/search.py), each loaded on first use.
     A query with Chinese in it asks the Chinese index (which also holds the Latin words of the
     Chinese text), any other the English one (stemmed). After a small change the build leaves
     the last whole index as it was and indexes the pages added or changed since into a small
     "delta" index: pagefind/delta.json names it, and Pagefind merges it in (mergeIndex: the
     same WebAssembly, the delta's own chunks); `asOneIndex` below makes the merged answer that of
     one index of the current pages. */
  var engines = {};
  var deltas = null;  // pagefind/delta.json: {bundle: {bundle, pages, deltaPages, ids, hide}}
  function bundleFor(query) { return CJK.test(query) ? "zh" : "en"; }
  function loadDeltas() {
    if (deltas) return Promise.resolve(deltas);
    return fetch(new URL("pagefind/delta.json", siteRoot).href)
      .then(function (r) { return r.ok ? r.json() : {}; })
      .catch(function () { return {}; })
      .then(function (d) { deltas = d || {}; return deltas; });
  }
  function load(bundle) {
    if (!engines[bundle]) {
      var options = { baseUrl: siteRoot.pathname, excerptLength: 30 };
      var engine = Promise.all([import(new URL("pagefind/" + bundle + "/pagefind.js", siteRoot).href),
                                loadDeltas()]).then(function (loaded) {
        var pf = loaded[0], delta = loaded[1][bundle];
        return Promise.resolve(pf.options(options))
          .then(function () { return pf.init ? pf.init() : null; })
          .then(function () {
            if (delta && delta.bundle) return pf.mergeIndex(new URL("pagefind/" + delta.bundle + "/", siteRoot).pathname, options);
          })
          .then(function () { return pf; });
      });
      engine.catch(function () {
        delete engines[bundle];
        setMeta("Search is not available: its index did not load");
      });
      engines[bundle] = engine;
    }
    return engines[bundle];
  }

  /* The merged answer as one index of the current pages would give it:
     - the whole index's results for pages changed or deleted since it was made are left out,
       and out of the filter counts (delta.json has their filter values); a page whose indexed
       text did not change is in both, and shown once;
     - a word that no current page of the whole index holds (a new name, in the delta's pages
       only) is one the whole index leaves out of the query (Pagefind drops a word its index
       does not have), so its results are those of the other words: they are dropped, as one
       index would not find them;
     - unless sorted by date, the delta's scores are put on the whole index's scale. Pagefind
       scores by BM25, which weighs a word by idf = ln((N - n + 0.5) / (n + 0.5) + 1), N the
       index's pages and n those that hold it: in a delta of a page or two every word is rare,
       and its pages would top every search. So a delta page's score is multiplied by
       idf(pages merged, pages found) / idf(delta's pages, delta's pages found): exact for a
       one-word query (but for the page-length average, which differs little), close for more
       words (n is then the pages holding all of them). */
  function idf(pages, found) { return Math.log((pages - found + 0.5) / (found + 0.5) + 1); }
  function asOneIndex(pf, found, bundle, asked, sorted) {
    var d = deltas && deltas[bundle];
    if (!found || !d) return Promise.resolve(found);
    var ids = {}, hide = d.hide || {};
    (d.ids || []).forEach(function (id) { ids[id] = true; });
    var words = asked.split(/\s+/).filter(Boolean);
    var newWord = words.length < 2 || !d.bundle ? Promise.resolve(false) :
      Promise.all(words.map(function (w) { return pf.search(w); })).then(function (each) {
        return each.some(function (r) {
          var res = (r && r.results) || [];
          return res.some(function (x) { return ids[x.id]; }) &&
                 !res.some(function (x) { return !ids[x.id] && !hide[x.id]; });
        });
      });
    return newWord.then(function (deltaOnly) {
      var seen = {}, results = [], mine = 0, left = 0, twice = {};
      var filters = JSON.parse(JSON.stringify(found.filters || {}));
      found.results.forEach(function (r) { if (seen[r.id]) twice[r.id] = true; seen[r.id] = true; });
      seen = {};
      found.results.forEach(function (r) {
        var again = seen[r.id];
        seen[r.id] = true;
        if (again || (hide[r.id] && !ids[r.id])) {
          left++;
          var values = hide[r.id] || {};
          Object.keys(values).forEach(function (key) {
            (values[key] || []).forEach(function (v) { if (filters[key] && filters[key][v] > 0) filters[key][v]--; });
          });
          return;
        }
        // (a page in both found once: the whole index's, which left the new word out)
        if (deltaOnly && !(ids[r.id] && (!hide[r.id] || twice[r.id]))) return;
        if (ids[r.id]) mine++;
        results.push(r);
      });
      if (mine && !sorted) {
        var all = deltaOnly ? mine : Math.max(results.length, (found.unfilteredResultCount || 0) - left);
        var scale = idf(d.pages, all) / idf(d.deltaPages, mine);
        results = results.map(function (r) {
          return ids[r.id] ? Object.assign({}, r, { score: r.score * scale }) : r;
        });
        results.sort(function (a, b) { return b.score - a.score; });
      }
      if (!deltaOnly) return Object.assign({}, found, { results: results, filters: filters });
      // the filter counts of the delta's pages found: from their data (a few small fragments)
      return Promise.all(results.map(function (r) { return r.data(); })).then(function (data) {
        var counts = {};
        Object.keys(filters).forEach(function (key) { counts[key] = {}; });
        data.forEach(function (page) {
          Object.keys(page.filters || {}).forEach(function (key) {
            counts[key] = counts[key] || {};
            (page.filters[key] || []).forEach(function (v) { counts[key][v] = (counts[key][v] || 0) + 1; });
          });
        });
        return Object.assign({}, found, { results: results, filters: counts });
      });
    });
  }

  function setMeta(text) { meta.textContent = text; }
  function countText(n) { return n === 0 ? strings.none : n === 1 ? strings.one : strings.other.replace("#", n); }

  /* ---- Chinese in either script: the query map, and each result page's text as shown */
  var toHans = null;  // Traditional character → Simplified, as the index was normalised
  function loadQueryMap(query) {
    if (toHans || !CJK.test(query)) return Promise.resolve();
    return fetch(new URL("search/query-map.json", siteRoot).href)
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (m) {
        toHans = {};
        if (!m) return;
        var from = Array.from(m.from), to = Array.from(m.to);
        from.forEach(function (c, i) { toHans[c] = to[i]; });
        simplifiedOnly = {};
        Array.from(m.simplified || "").forEach(function (c) { simplifiedOnly[c] = true; });
      })
      .catch(function () { toHans = {}; });
  }
  var vocab = null, vocabLongest = 1;  // {c: word → counterparts, w: word → as written}
  function loadTerms(query) {
    if (vocab || !CJK.test(query)) return Promise.resolve();
    return fetch(new URL("search/terms.json", siteRoot).href)
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (t) {
        vocab = t && t.c ? t : { c: {}, w: {} };
        Object.keys(vocab.c).forEach(function (w) { vocabLongest = Math.max(vocabLongest, w.length); });
      })
      .catch(function () { vocab = { c: {}, w: {} }; });
  }
  function written(word) { return (vocab && vocab.w && vocab.w[word]) || word; }

  /* A vocabulary word's index token (briefing/publish/search_terms.py token): kind "k" for the
     word or a counterpart, "w" for the word alone; two FNV-1a hashes as 7 letters each. */
  function fnv1a(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }
  function letters(n) {
    var out = "";
    for (var i = 0; i < 7; i++) { out += String.fromCharCode(97 + n % 26); n = Math.floor(n / 26); }
    return out;
  }
  function token(kind, word) { return letters(fnv1a(kind + word)) + letters(fnv1a(word + kind)); }

  /* The query as Pagefind is asked it: each word normalised; a Chinese word cut, longest first,
     into words of the regional vocabulary and the text between. A vocabulary word is asked as
     its token, "the page holds it or a counterpart" (only it, when the reader asked for the
     word alone); the rest is searched as text, as Pagefind does. */
  function plan(typed, expand) {
    var text = [], found = [];
    typed.split(/\s+/).filter(Boolean).forEach(function (raw) {
      var word = normalise(raw);
      if (!CJK.test(word) || !vocab) { text.push(word); return; }
      var plain = "", i = 0;
      while (i < word.length) {
        var hit = "";
        for (var n = Math.min(vocabLongest, word.length - i); n >= 1 && !hit; n--) {
          if (vocab.c[word.substr(i, n)]) hit = word.substr(i, n);
        }
        if (!hit) { plain += word.charAt(i); i++; continue; }
        if (plain) { text.push(plain); plain = ""; }
        found.push({ word: hit, alts: expand ? [hit].concat(vocab.c[hit]) : [hit] });
        i += hit.length;
      }
      if (plain) text.push(plain);
    });
    return { text: text.join(" "), terms: found };
  }

  /* One for one (same length), so a match found in normalise(text) is at the same place in text.
     The map holds basic-plane characters only, so a regex over them never splits a surrogate
     pair. Remembered: a page's texts are looked through again for each place and query word. */
  var HAN = /[\u3400-\u9fff\uf900-\ufaff]/g, normalised = new Map();
  function normalise(text) {
    if (!toHans || !text) return text;
    var done = normalised.get(text);
    if (done === undefined) {
      done = text.replace(HAN, function (c) { return toHans[c] || c; });
      if (normalised.size > 5000) normalised.clear();
      normalised.set(text, done);
    }
    return done;
  }
  /* Traditional (1) if the query was typed in it (normalising changed it), Simplified (0) if
     typed in that, else -1 (the same in both): each result in the reader's choice or its page's
     own script (resultScript). */
  var simplifiedOnly = null;  // characters only Simplified writes (开, not 開 nor 深)
  function queryScript(query) {
    if (normalise(query) !== query) return 1;
    return Array.from(query).some(function (c) { return simplifiedOnly && simplifiedOnly[c]; }) ? 0 : -1;
  }
  /* The script to quote a result in: the query's if typed in Traditional, else the reader's
     choice, else the page's own (an article as published). */
  function resultScript(data) {
    if (current.script >= 0) return current.script;
    var chosen = document.documentElement.getAttribute("data-bf-script");
    if (chosen) return chosen === "hant" ? 1 : 0;
    var own = data.filters && data.filters.script;
    return own && own[0] === "hant" ? 1 : 0;
  }

  /* A page's Chinese as shown, in one script (the one a result is quoted in): {anchor: text}. */
  var texts = {};  // "<script> <page URL>" → promise of {anchor: text} or null
  function pageTexts(url, pick) {
    var script = pick ? "hant" : "hans", key = script + " " + url;
    if (!(key in texts)) {
      var rel = url.indexOf(siteRoot.pathname) === 0 ? url.slice(siteRoot.pathname.length) : url;
      rel = rel.split("#")[0].replace(/^\/+|\/+$/g, "") || "index";
      texts[key] = fetch(new URL("search/text/" + rel + "." + script + ".json", siteRoot).href)
        .then(function (r) { return r.ok ? r.json() : null; })
        .catch(function () { return null; });
    }
    return texts[key];
  }


  /* The query's words, to find and mark in the results' text. The English index is stemmed
     ("exports" finds "export", "exported"), so an English word is looked for without a common
     ending (at least four letters kept), which finds each of its forms in the text. */
  function terms(query) {
    return query.split(/\s+/).map(function (w) { return w.replace(/^"|"$/g, ""); })
      .filter(function (w) { return w.length > 0; })
      .map(function (w) {
        var stem = /^[A-Za-z]+$/.test(w) ? w.replace(/(ies|es|s|ed|ing)$/i, "") : w;
        return stem.length >= 4 ? stem : w;
      });
  }
  /* Where a (normalised) query word first occurs in `text`, compared as normalised; -1 if none. */
  function findWord(text, word, from) {
    return normalise(text).toLowerCase().indexOf(word.toLowerCase(), from || 0);
  }
  function contains(text, words) {
    return words.some(function (w) { return findWord(text, w) >= 0; });
  }

  /* The text of a place as the page shows it, in script `pick` (0 Simplified, 1 Traditional),
     from the page's text file: the place's own anchor's text, else (a summary, an entry: the
     words around a match) the text on the page that holds those words; else Pagefind's
     (normalised) text. Long texts are cut to the part around the first match. */
  function shownText(place, shown, pick, words) {
    var entries = shown || {};
    var own = place.id ? entries[place.id] : null;
    if (!own || !contains(own, words)) own = holding(entries, place.text, words);
    if (!own) return { text: place.text, lang: CJK.test(place.text) ? "zh" : "en" };
    if (!place.sentence) own = elementHolding(own, words);
    if (!place.sentence && own.length > 80) {
      var at = firstMatch(own, words);
      var from = Math.max(0, at - 20);
      own = (from > 0 ? "…" : "") + own.slice(from, from + 80) + (from + 80 < own.length ? "…" : "");
    }
    return { text: own, lang: pick ? "zh-Hant" : "zh-Hans" };
  }
  function firstMatch(text, words) {
    var at = -1;
    words.forEach(function (w) { var j = findWord(text, w); if (j >= 0 && (at < 0 || j < at)) at = j; });
    return at;
  }
  /* The page text (of `entries`) holding the first match of `context` with a few characters
     either side (compared normalised; Pagefind's text runs the elements together), if any. */
  function holding(entries, context, words) {
    var at = firstMatch(context, words);
    if (at < 0 || !CJK.test(context)) return null;
    var probe = normalise(context).slice(Math.max(0, at - 4), at + 12).replace(/^…|…$/g, "");
    var ids = Object.keys(entries);
    for (var i = 0; i < ids.length; i++) {
      if (normalise(entries[ids[i]]).replace(/\n/g, "").indexOf(probe) >= 0) return entries[ids[i]];
    }
    return null;
  }
  /* Of an anchor's text, the element (its texts are kept apart by line breaks: a card's title,
     then its summary) that holds a query word, so an excerpt never runs one into the next. */
  function elementHolding(text, words) {
    var parts = text.split("\n");
    for (var i = 0; i < parts.length; i++) if (contains(parts[i], words)) return parts[i];
    return parts.join(" ");
  }

  /* `text` with each occurrence of a query word in <mark>, as DOM nodes (no HTML parsing);
     words are normalised, and so is the text while looking (one for one: same places). */
  function marked(el, text, words) {
    var low = normalise(text).toLowerCase(), i = 0;
    while (i < text.length) {
      var at = -1, len = 0;
      words.forEach(function (w) {
        var j = low.indexOf(w.toLowerCase(), i);
        if (j >= 0 && (at < 0 || j < at)) { at = j; len = w.length; }
      });
      if (at < 0) break;
      el.appendChild(document.createTextNode(text.slice(i, at)));
      var m = document.createElement("mark");
      m.textContent = text.slice(at, at + len);
      el.appendChild(m);
      i = at + len;
    }
    el.appendChild(document.createTextNode(text.slice(i)));
    return el;
  }

  /* The places in the page that hold matches, best first. Each match location (a word number
     in Pagefind's text of the page) belongs to the last element with an id that starts at or
     before it: a sentence (#p3-s2, #en-p3-s2, #title) if the match lies inside it, or on other
     pages an entry (#event-4, #entity-nvidia). A sentence's text is the anchor's own; elsewhere
     (a summary, an entry) the words around the match, up to the neighbouring anchors. */
  function matchingPlaces(data) {
    var anchors = (data.anchors || []).filter(function (a) { return a.id && a.id.indexOf("__") !== 0; })
      .sort(function (a, b) { return a.location - b.location; });
    var content = data.raw_content || "";
    // as Pagefind numbers locations: Chinese text comes segmented, words split by U+200B (and
    // kept with their spaces); the English index's text is split at whitespace
    var segmented = content.indexOf("\u200b") >= 0;
    var words = segmented ? content.split("\u200b") : content.split(/[\r\n\s]+/);
    var joiner = segmented ? "" : " ";
    var scored = (data.weighted_locations || []).slice()
      .sort(function (a, b) { return b.balanced_score - a.balanced_score; });
    var seen = {}, out = [];
    scored.forEach(function (loc) {
      var i = -1;
      while (i + 1 < anchors.length && anchors[i + 1].location <= loc.location) i++;
      var owner = i >= 0 ? anchors[i] : null;
      var sentence = owner && SENTENCE_ID.test(owner.id) && owner.text;
      if (sentence && loc.location >= anchorEnd(owner, words)) owner = sentence = null;  // after it
      var key = owner ? owner.id : "@" + (i >= 0 ? anchors[i].id : "");
      if (seen[key]) return;
      seen[key] = true;
      if (sentence) {
        out.push({ id: owner.id, text: owner.text, sentence: true });
        return;
      }
      var start = i >= 0 ? (owner ? anchors[i].location : anchorEnd(anchors[i], words)) : 0;
      var from = Math.max(start, loc.location - 12);
      var to = Math.min(i + 1 < anchors.length ? anchors[i + 1].location : words.length, loc.location + 24);
      if (to <= loc.location) to = loc.location + 1;
      var text = unescapeText(words.slice(from, to).join(joiner)).trim();
      out.push({ id: owner ? owner.id : "", text: text, sentence: false });
    });
    var holding = out.filter(function (place) { return contains(place.text, current.words); });
    return holding.length ? holding : out.slice(0, 1);
  }
  /* The word number just after an anchor's text (its text is that of its words, less spaces). */
  function anchorEnd(anchor, words) {
    var need = anchor.text.replace(/\s+/g, "").length, got = 0, i = anchor.location;
    while (i < words.length && got < need) { got += unescapeText(words[i]).replace(/\s+/g, "").length; i++; }
    return i;
  }
  function unescapeText(html) {
    return html.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  }

  /* ---- rendering into Material's result list */
  /* A result's title: with the Chinese interface (i18n.js: <html data-bf-lang>), an article's
     Chinese title in the interface's script (the "title" of its text as shown, search/text/
     <page>.<script>.json), with the English title under it; else the English title. */
  function interfaceScript() {
    var lang = document.documentElement.getAttribute("data-bf-lang");
    return lang === "zh-Hant" ? 1 : lang === "zh-Hans" ? 0 : -1;
  }
  function titleOf(data, titled) {
    var english = (data.meta && data.meta.title) || data.url;
    var chinese = titled && titled.title;
    if (!chinese) return { text: english };
    return { text: chinese.split("\n")[0], lang: interfaceScript() ? "zh-Hant" : "zh-Hans", english: english };
  }

  function resultLink(url, parent, title, sentence, words) {
    var a = document.createElement("a");
    a.href = url;
    a.className = "md-search-result__link";
    var art = document.createElement("article");
    art.className = "md-search-result__article md-typeset";
    if (parent) {
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      art.appendChild(icon);
      var h = document.createElement("h1");
      h.textContent = title.text;
      if (title.lang) {
        h.setAttribute("lang", title.lang);
        var en = document.createElement("span");
        en.className = "bf-search-title-en";
        en.setAttribute("lang", "en");
        en.textContent = title.english;
        h.appendChild(document.createElement("br"));
        h.appendChild(en);
      }
      art.appendChild(h);
    }
    if (sentence) {
      var p = marked(document.createElement("p"), sentence.text, words);
      p.setAttribute("lang", sentence.lang);
      art.appendChild(p);
    }
    a.appendChild(art);
    return a;
  }

  function renderResult(data, pageText, words, titled) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var title = titleOf(data, titled);
    var places = current.byTerm ? placesByText(data, words) : matchingPlaces(data);
    if (!places.length) places = [{ id: "", text: "", sentence: false }];
    places.slice(0, 1 + MORE_SENTENCES).forEach(function (place, i) {
      var shown = shownText(place, pageText, resultScript(data), words);
      var url = data.url + (place.id ? "#" + place.id : "");
      li.appendChild(resultLink(url, i === 0, title, shown.text ? shown : null, words));
    });
    var facts = [data.meta && data.meta.outlet, data.meta && data.meta.date].filter(Boolean);
    if (facts.length) {
      var p = document.createElement("div");
      p.className = "bf-search-facts";
      p.textContent = facts.join(" · ");
      li.firstChild.querySelector("article").appendChild(p);
    }
    return li;
  }

  /* The places of a page found through a vocabulary token (its matches are at the tokens, at
     the end of the page's index text): its sentences holding a query word, else the words
     around the first one in its text. */
  function placesByText(data, words) {
    var out = [];
    (data.anchors || []).forEach(function (a) {
      if (out.length <= MORE_SENTENCES && a.id && SENTENCE_ID.test(a.id) && a.text && contains(a.text, words)) {
        out.push({ id: a.id, text: a.text, sentence: true });
      }
    });
    if (out.length) return out;
    var content = (data.content || "").replace(/\u200b/g, "");
    var at = firstMatch(content, words);
    if (at < 0) return [];
    var owner = null;
    (data.anchors || []).forEach(function (a) { if (a.id && a.id.indexOf("__") !== 0 && content.indexOf(a.text) >= 0 && content.indexOf(a.text) <= at) owner = a; });
    return [{ id: owner ? owner.id : "", text: content.slice(Math.max(0, at - 20), at + 60), sentence: false }];
  }

  var current = { seq: 0, results: [], shown: 0, words: [], total: 0, query: "", script: 0 };
  var chosen = { kind: "", outlet: "", month: "", script: "" };  // the reader's filters
  var sortBy = "";  // "" best match, "date" newest first
  var alone = {};   // words the reader asked to search without their counterparts

  function showMore(seq) {
    var old = list.querySelector(".bf-search-more");
    if (old) old.remove();
    var batch = current.results.slice(current.shown, current.shown + BATCH);
    current.shown += batch.length;
    // fetched in parallel; each shown as soon as it and those ranked above it are ready, so the
    // list never jumps about and the best result does not wait for the rest. A Chinese query
    // also fetches each page's text as shown, to quote it in the reader's script.
    // With the Chinese interface, also the page's text in its script, for its Chinese title.
    var chinese = CJK.test(current.query), ui = interfaceScript();
    var ready = batch.map(function (r) {
      return r.data().then(function (data) {
        return Promise.all([chinese ? pageTexts(data.url, resultScript(data)) : null,
                            ui >= 0 ? pageTexts(data.url, ui) : null])
          .then(function (got) { return [data, got[0], got[1]]; });
      });
    });
    var chain = ready.reduce(function (before, record) {
      return before.then(function () { return record; }).then(function (rec) {
        if (seq !== current.seq) return;
        list.appendChild(renderResult(rec[0], rec[1], current.words, rec[2]));
      });
    }, Promise.resolve());
    return chain.then(function () {
      if (seq !== current.seq || current.shown >= current.results.length) return;
      var li = document.createElement("li");
      li.className = "bf-search-more";
      var b = document.createElement("button");
      b.type = "button";
      b.className = "md-button";
      b.textContent = "Show more results";
      b.addEventListener("click", function () {
        var next = li.previousElementSibling;
        busyWhile(seq, showMore(seq)).then(function () {
          var link = next && next.nextElementSibling && next.nextElementSibling.querySelector("a");
          if (link) link.focus();
        });
      });
      li.appendChild(b);
      list.appendChild(li);
    });
  }

  /* The list is aria-busy while a search or "Show more results" fills it in: assistive technology
     can wait for the whole update, and so can the tests (rather than for a guessed time). */
  function busyWhile(seq, filling) {
    if (seq === current.seq) list.setAttribute("aria-busy", "true");
    function done() { if (seq === current.seq) list.setAttribute("aria-busy", "false"); }
    return filling.then(done, function (e) { done(); throw e; });
  }

  /* The finished list names the query it answers (data-bf-query), so a reader's tool, or a
     test, can tell the results of one query from those of the one before. */
  function search(query) {
    var seq = ++current.seq;
    return busyWhile(seq, find(seq, query).then(function () {
      if (seq === current.seq) list.setAttribute("data-bf-query", query.trim());
    }));
  }

  /* Pagefind's filters: the reader's choices. */
  function chosenFilters() {
    var f = {};
    Object.keys(chosen).forEach(function (k) { if (chosen[k]) f[k] = chosen[k]; });
    return f;
  }
  /* What Pagefind is asked: the text, and each vocabulary word's token. */
  function asked(p) {
    return [p.text].concat(p.terms.map(function (t) {
      return token(t.alts.length > 1 ? "k" : "w", t.word);
    })).join(" ").trim();
  }

  function find(seq, query) {
    query = query.trim();
    if (!query) {
      list.textContent = ""; also.hidden = true; filterBar.hidden = true;
      setMeta(strings.placeholder);
      return Promise.resolve();
    }
    // a quoted phrase finds no Chinese at all in Pagefind (query and page segment differently)
    var typed = CJK.test(query) ? query.replace(/["“”]/g, " ").trim() : query;
    var p = null, pf = null, options = null, bundle = bundleFor(typed);
    return Promise.all([load(bundle), loadQueryMap(typed), loadTerms(typed)]).then(function (loaded) {
      p = plan(typed, true);
      p.terms.forEach(function (t) { if (alone[t.word]) t.alts = [t.word]; });
      options = { filters: chosenFilters() };
      if (sortBy) options.sort = { date: "desc" };
      pf = loaded[0];
      return pf.search(asked(p), options).then(function (found) {
        return asOneIndex(pf, found, bundle, asked(p), !!options.sort);
      });
    }).then(function (found) {
      if (seq !== current.seq || !found) return;
      current.results = found.results;
      current.shown = 0;
      current.total = found.results.length;
      var words = terms(p.text);
      p.terms.forEach(function (t) { words = words.concat(t.alts); });
      current.words = words;
      current.byTerm = p.terms.length > 0;  // matches are at the tokens: find the words in the text
      current.query = normalise(typed);
      current.script = queryScript(typed);
      list.textContent = "";
      setMeta(countText(current.total));
      showAlso(p.terms);
      showFilters(found);
      return showMore(seq).then(function () {
        // Pagefind counts only the filters it has loaded, and loads one when a search uses it:
        // once the first results are shown, all of them, then the counts of this search
        if (filtersReady[bundle] || seq !== current.seq) return;
        return pf.filters().then(function () {
          filtersReady[bundle] = true;
          if (seq !== current.seq) return;
          return pf.search(asked(p), options).then(function (again) {
            return asOneIndex(pf, again, bundle, asked(p), !!options.sort);
          }).then(function (again) {
            if (seq === current.seq && again) showFilters(again);
          });
        });
      });
    });
  }
  var filtersReady = {};  // bundle → all its filters loaded

  /* "Also searched: 特朗普" under the count, and the way to search the word alone (or back). */
  function showAlso(found) {
    also.textContent = "";
    var expanded = found.filter(function (t) { return t.alts.length > 1 || alone[t.word]; });
    also.hidden = !expanded.length;
    expanded.forEach(function (t, i) {
      if (i) also.appendChild(document.createElement("br"));
      var span = document.createElement("span");
      var others = (vocab.c[t.word] || []).map(written);
      span.textContent = (alone[t.word] ? "Searched " + written(t.word) + " only, not " : "Also searched: ") +
        others.join(", ") + ". ";
      also.appendChild(span);
      var b = document.createElement("button");
      b.type = "button";
      b.className = "bf-search-alone";
      b.textContent = alone[t.word] ? "Search " + others.join(", ") + " too" : "Search " + written(t.word) + " only";
      b.addEventListener("click", function () {
        if (alone[t.word]) delete alone[t.word]; else alone[t.word] = true;
        search(input.value).then(function () { var again = also.querySelector("button"); if (again) again.focus(); });
      });
      also.appendChild(b);
    });
  }

  /* The filters' choices with their counts for this query (Pagefind's), the chosen kept. */
  function showFilters(found) {
    filterBar.hidden = false;
    filterBar.querySelectorAll("select[data-bf-filter]").forEach(function (select) {
      var key = select.getAttribute("data-bf-filter");
      var counts = (found.filters && found.filters[key]) || {};
      var values = Object.keys(counts).filter(function (v) { return counts[v] > 0 || v === chosen[key]; });
      values.sort(key === "month" ? function (a, b) { return a < b ? 1 : a > b ? -1 : 0; } : undefined);
      var keep = select.options[0];
      select.textContent = "";
      select.appendChild(keep);
      values.forEach(function (v) {
        var o = document.createElement("option");
        o.value = v;
        o.textContent = valueLabel(key, v) + " (" + counts[v] + ")";
        if (v === chosen[key]) o.selected = true;
        select.appendChild(o);
      });
      select.disabled = values.length === 0;
      select.closest("label").hidden = !values.length && !chosen[key];
    });
  }
  function valueLabel(key, value) {
    var known = labels[key] && labels[key][value];
    if (known) return known;
    if (key === "month" && /^\d{4}-\d{2}$/.test(value)) {
      try {
        return new Date(value + "-15").toLocaleDateString(document.documentElement.lang || "en",
                                                         { year: "numeric", month: "long" });
      } catch (e) { return value; }
    }
    return value;
  }
  if (filterBar) {
    filterBar.addEventListener("change", function (ev) {
      var select = ev.target;
      if (select.hasAttribute("data-bf-filter")) chosen[select.getAttribute("data-bf-filter")] = select.value;
      else if (select.hasAttribute("data-bf-sort")) sortBy = select.value;
      else return;
      search(input.value);
    });
  }

  var timer = 0;
  input.addEventListener("input", function () {
    if (input.value.trim()) load(bundleFor(input.value));  // meanwhile: the index the query needs
    clearTimeout(timer);
    timer = setTimeout(function () { timer = 0; search(input.value); }, 60);
  });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  form.addEventListener("reset", function () { setTimeout(function () { search(""); input.focus(); }, 0); });

  /* ---- opening, closing and keys (Material's own search script is off) */
  function open() {
    if (!toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
    input.focus();
    input.select();
  }
  function close() {
    if (toggle.checked) { toggle.checked = false; toggle.dispatchEvent(new Event("change")); }
    if (dialog.contains(document.activeElement)) document.activeElement.blur();
  }
  toggle.addEventListener("change", function () {
    if (toggle.checked) {
      setTimeout(function () { if (toggle.checked) input.focus(); }, 0);  // not if closed since
      if (!input.value) setMeta(strings.placeholder);
    }
  });
  input.addEventListener("focus", function () {
    if (!toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); }
  });
  dialog.addEventListener("click", function (ev) {
    if (ev.target.closest && ev.target.closest("a[href]")) close();
  });
  dialog.addEventListener("focusout", function (ev) {
    if (toggle.checked && ev.relatedTarget && !dialog.contains(ev.relatedTarget)) close();
  });

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  function focusables() {
    return [input].concat(Array.prototype.slice.call(list.querySelectorAll("a[href], button")));
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    if (!toggle.checked) {
      var active = document.activeElement;
      if ((ev.key === "/" || ev.key === "s" || ev.key === "f") && !typing(active)) {
        ev.preventDefault();
        open();
      } else if ((ev.key === "Enter" || ev.key === " ") && active && active.matches &&
                 active.matches("label[for=__search]")) {
        ev.preventDefault();
        open();
      }
      return;
    }
    var els = focusables(), at = els.indexOf(document.activeElement);
    var onSelect = document.activeElement && document.activeElement.tagName === "SELECT";
    if (ev.key === "Escape") {
      ev.preventDefault();
      close();
      var opener = document.querySelector(".md-header__button[for=__search]");
      if (opener) opener.focus();
    } else if ((ev.key === "ArrowDown" || ev.key === "ArrowUp") && !onSelect) {
      ev.preventDefault();
      var step = ev.key === "ArrowDown" ? 1 : -1;
      els[(Math.max(0, at) + step + els.length) % els.length].focus();
    } else if (ev.key === "Enter" && document.activeElement === input) {
      ev.preventDefault();
      var best = list.querySelector("a[href]");
      if (best && !timer) { best.click(); return; }
      clearTimeout(timer);
      timer = 0;
      search(input.value).then(function () {
        var first = list.querySelector("a[href]");
        if (first) first.click();
      });
    }
  });
})();
