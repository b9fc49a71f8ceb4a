/* briefing review: check machine drafts sentence by sentence.
   Everything shown comes from the server as data and is put on the page as text (textContent),
   never as markup: English with <tags> or {{ template }} syntax shows as typed.
   Every request sends the token from the page's address (X-Review-Token). A save sends the
   version of the sentence the editor saw; the server refuses it when the sentence changed
   since (HTTP 409) and both texts are shown. Any save that is refused (a lock held by a stuck
   process, HTTP 423; a stopped server) keeps the edit here, marked not saved, to save again. */
(function () {
  "use strict";
  var TOKEN = new URLSearchParams(location.search).get("token") || "";
  var STATE_WORDS = {
    pending: "No English yet", machine: "Machine draft", stale: "Stale: the original changed",
    edited: "Edited by an editor", reviewed: "Reviewed", editor: "Editor's translation"
  };
  var STATE_SHORT = { pending: "to write", machine: "to review", stale: "stale", edited: "edited",
                      reviewed: "reviewed", editor: "editor" };
  var DONE = { edited: true, reviewed: true, editor: true };

  var $ = function (id) { return document.getElementById(id); };
  var overview = null, article = null, index = 0, busy = false;
  var edits = {};    // segment id -> text typed and not saved (kept across navigation)
  var conflict = null;  // {id, theirs, yours}

  /* ---- talking to the server */
  function api(method, path, body) {
    return fetch(path, {
      method: method, cache: "no-store", credentials: "same-origin",
      headers: body ? { "X-Review-Token": TOKEN, "Content-Type": "application/json" }
                    : { "X-Review-Token": TOKEN },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (r) {
      return r.json().then(function (d) { return { status: r.status, data: d }; },
        function () { return { status: r.status, data: { error: "Unexpected answer from the server (HTTP " + r.status + ")." } }; });
    }, function () {
      return { status: 0, data: { error: "The review server does not answer (was it stopped?). " +
        "Your text is kept in this page: start 'briefing review' again, then save it." } };
    });
  }

  /* ---- small helpers */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function zhLang(script) { return script === "hant" ? "zh-Hant" : "zh-Hans"; }
  var said = 0;  // how many messages so far (data-said: tests wait for the next one)
  function say(text) {
    var s = $("status");
    s.textContent = text;
    said += 1;
    s.setAttribute("data-said", String(said));
  }
  function alertPage(text) { $("page-alert").textContent = text || ""; }
  function current() { return article ? article.segments[index] : null; }
  function counts(p) {
    var parts = [p.done + " of " + p.total + " checked"];
    if (p.machine) parts.push(p.machine + " machine draft" + (p.machine > 1 ? "s" : "") + " to review");
    if (p.pending) parts.push(p.pending + " without English");
    if (p.stale) parts.push(p.stale + " stale");
    if (p.later) parts.push(p.later + " for later");
    return parts.join(" · ");
  }
  function setBar(bar, p) { bar.max = Math.max(1, p.total); bar.value = p.done; }
  function textNow(seg) { return Object.prototype.hasOwnProperty.call(edits, seg.id) ? edits[seg.id] : seg.en; }
  function isEdited(seg) { return Object.prototype.hasOwnProperty.call(edits, seg.id) && edits[seg.id] !== seg.en; }

  /* ---- the briefing: articles and their progress */
  function loadOverview() {
    return api("GET", "/api/overview").then(function (res) {
      if (res.status !== 200) { alertPage(res.data.error); return; }
      overview = res.data;
      $("who").textContent = overview.editor;
      $("briefing-title").textContent = overview.title ? "· " + overview.title : "";
      var select = $("article");
      clear(select);
      overview.articles.forEach(function (a) {
        var o = el("option", "", a.title_zh + " (" + a.progress.done + "/" + a.progress.total + ")");
        o.value = a.slug;
        select.appendChild(o);
      });
      showBriefing(overview.progress);
      if (overview.problems.length) alertPage(overview.problems.join("\n"));
    });
  }
  function showBriefing(p) {
    setBar($("briefing-bar"), p);
    $("briefing-count").textContent = counts(p);
  }
  function updateOption(slug, p) {
    var select = $("article");
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === slug) {
        select.options[i].textContent = select.options[i].textContent.replace(/\(\d+\/\d+\)$/, "(" + p.done + "/" + p.total + ")");
      }
    }
  }

  /* ---- one article */
  function openArticle(slug, anchor) {
    return api("GET", "/api/article?slug=" + encodeURIComponent(slug)).then(function (res) {
      if (res.status !== 200) {
        alertPage(res.data.error);
        if (article) $("article").value = article.slug;  // still showing the one before
        return;
      }
      alertPage(overview && overview.problems.length ? overview.problems.join("\n") : "");
      article = res.data;
      $("article").value = article.slug;
      var title = $("title");
      clear(title);
      var zh = el("span", "zh", article.title_zh);
      zh.lang = zhLang(article.script);
      title.appendChild(zh);
      if (article.title_en) title.appendChild(el("span", "title-en", article.title_en));
      showProgress(article.progress);
      buildList();
      var at = 0;
      article.segments.forEach(function (s, i) { if (s.anchor === anchor) at = i; });
      if (!anchor) at = firstToDo(0);
      $("current").hidden = false;
      go(at, false);
    });
  }
  function firstToDo(from) {
    for (var i = from; i < article.segments.length; i++) if (!DONE[article.segments[i].state]) return i;
    return from < article.segments.length ? from : 0;
  }
  function showProgress(p) {
    article.progress = p;
    setBar($("article-bar"), p);
    $("article-count").textContent = counts(p);
    updateOption(article.slug, p);
  }

  function buildList() {
    var list = $("list");
    clear(list);
    article.segments.forEach(function (s, i) {
      var li = el("li");
      var b = el("button", "item");
      b.type = "button";
      b.id = "item-" + i;
      b.addEventListener("click", function () { go(i, true); });
      li.appendChild(b);
      list.appendChild(li);
      fillItem(i);
    });
  }
  function fillItem(i) {
    var s = article.segments[i], b = $("item-" + i);
    if (!b) return;
    clear(b);
    b.className = "item state-" + s.state + (i === index ? " on" : "");
    if (i === index) b.setAttribute("aria-current", "step"); else b.removeAttribute("aria-current");
    b.appendChild(el("span", "item-label", s.label));
    var note = STATE_SHORT[s.state] + (s.later ? ", for later" : "") + (s.flags.length ? ", " + s.flags.length + " QA flag" + (s.flags.length > 1 ? "s" : "") : "")
      + (isEdited(s) ? ", not saved" : "");
    b.appendChild(el("span", "item-state", note));
    b.appendChild(el("span", "item-text", textNow(s) || "—"));
  }

  /* ---- the current sentence */
  function go(i, focus) {
    if (!article || i < 0 || i >= article.segments.length) return;
    var before = index;
    index = i;
    conflict = null;
    fillItem(before);
    fillItem(i);
    render();
    var item = $("item-" + i);
    if (item && item.scrollIntoView) item.scrollIntoView({ block: "nearest" });
    history.replaceState(null, "", "#" + article.slug + "/" + current().anchor);
    if (focus) $("current").focus();
  }

  function render() {
    var s = current();
    $("seg-label").textContent = s.label;
    $("seg-position").textContent = (index + 1) + " of " + article.segments.length;
    $("later-tag").hidden = !s.later;
    renderOriginal(s);
    renderWords(s);
    renderStale(s);
    var box = $("english");
    box.value = textNow(s);
    fit(box);
    box.placeholder = s.state === "pending" ? "No English yet: write it here" : "";
    var badge = $("badge");
    badge.textContent = STATE_WORDS[s.state];
    badge.className = "badge state-" + s.state;
    $("provenance").textContent = provenance(s);
    var draft = $("draft");
    draft.hidden = !s.machine_draft;
    $("draft-text").textContent = s.machine_draft ? s.machine_draft.en : "";
    renderFlags(s);
    renderNames(s);
    renderConflict();
    $("later").setAttribute("aria-pressed", s.later ? "true" : "false");
    refreshButtons();
  }
  function fit(box) {  // the box grows with its text: the whole English stays in view
    box.style.height = "auto";
    box.style.height = (box.scrollHeight + 2) + "px";
  }
  function provenance(s) {
    var p = s.provenance;
    if (!p) return "Nothing in the translation memory for this sentence.";
    var who = { machine: "Machine draft", edited: "Corrected by an editor", reviewed: "Reviewed by an editor",
                editor: "Written by an editor" }[p.status];
    var parts = [who + (p.by ? " (" + p.by + ")" : "")];
    if (p.status !== "editor" && p.engine) parts.push(p.engine + (p.model ? ", " + p.model : ""));
    if (p.when) parts.push(p.when);  // the day of a draft, the time of a save
    return parts.join(" · ");
  }
  function renderOriginal(s) {
    // the sentence as text for screen readers; shown with each word's reading above it
    var orig = $("orig");
    clear(orig);
    orig.lang = zhLang(s.script);
    orig.appendChild(el("span", "sr-only", s.source));
    var shown = el("span", "ruby-text");
    shown.setAttribute("aria-hidden", "true");
    (s.words && s.words.length ? s.words : [{ t: s.source }]).forEach(function (w) {
      if (!w.py) { shown.appendChild(document.createTextNode(w.t)); return; }
      var r = el("ruby", w.en ? "name" : "");
      r.appendChild(document.createTextNode(w.t));
      r.appendChild(el("rt", "", w.py));
      shown.appendChild(r);
    });
    orig.appendChild(shown);
  }
  function setPinyin(on) {
    document.documentElement.classList.toggle("no-pinyin", !on);
    $("pinyin").setAttribute("aria-pressed", on ? "true" : "false");
    try { localStorage.setItem("review-pinyin", on ? "on" : "off"); } catch (e) { /* private mode */ }
  }
  function renderWords(s) {
    var list = $("words"), box = $("words-box"), seen = {};
    clear(list);
    var words = (s.words || []).filter(function (w) {
      if (!w.py || seen[w.t]) return false;
      seen[w.t] = true;
      return true;
    });
    box.hidden = !words.length;
    words.forEach(function (w) {
      var li = el("li", w.en ? "word name" : "word");
      var zh = el("span", "w-zh", w.t);
      zh.lang = zhLang(s.script);
      li.appendChild(zh);
      var py = el("span", "w-py", w.py);
      py.lang = "zh-Latn-pinyin";
      li.appendChild(py);
      if (w.en) li.appendChild(el("strong", "w-en", w.en));
      if (w.senses) li.appendChild(el("span", "w-senses", w.senses.join("; ")));
      list.appendChild(li);
    });
  }
  function renderRuns(node, runs, script) {
    clear(node);
    node.lang = zhLang(script);
    runs.forEach(function (r) {
      var tag = r[0] === "-" ? "del" : r[0] === "+" ? "ins" : "span";
      node.appendChild(el(tag, "", r[1]));
    });
  }
  function renderStale(s) {
    var box = $("stale");
    box.hidden = !s.stale;
    if (!s.stale) return;
    if (s.stale.old) {
      renderRuns($("stale-old"), s.stale.old, s.script);
      renderRuns($("stale-new"), s.stale.new, s.script);
    } else {
      $("stale-old").textContent = "(not recorded in the memory)";
      $("stale-new").textContent = s.source;
    }
  }
  function renderFlags(s) {
    var list = $("flags");
    clear(list);
    if (!s.flags.length) list.appendChild(el("li", "muted", s.en ? "None." : "None (no English to check)."));
    s.flags.forEach(function (f) {
      var li = el("li", "flag");
      li.appendChild(el("code", "", f.code));
      li.appendChild(document.createTextNode(" " + f.message));
      list.appendChild(li);
    });
  }
  function renderNames(s) {
    var list = $("names");
    clear(list);
    if (!s.names.length) list.appendChild(el("li", "muted", "None in this sentence."));
    s.names.forEach(function (n) {
      var li = el("li", n.in_english ? "name ok" : "name missing");
      var zh = el("span", "zh", n.zh);
      zh.lang = zhLang(s.script);
      li.appendChild(zh);
      li.appendChild(document.createTextNode(" → "));
      li.appendChild(el("strong", "", n.en));
      li.appendChild(el("span", "muted", n.in_english ? " (in the English)" : " (not in the English)"));
      if (n.note) li.title = n.note;
      list.appendChild(li);
    });
  }
  function renderConflict() {
    var box = $("conflict"), s = current();
    var mine = conflict && conflict.id === s.id;
    box.hidden = !mine;
    if (!mine) return;
    $("conflict-message").textContent = conflict.message;
    $("theirs").textContent = conflict.theirs.en || "(no English)";
    $("theirs-label").textContent = "Now in the memory: " + STATE_WORDS[conflict.theirs.state].toLowerCase()
      + (conflict.theirs.provenance && conflict.theirs.provenance.by ? " (" + conflict.theirs.provenance.by + ")" : "");
    $("yours").textContent = conflict.yours;
  }
  function refreshButtons() {
    var s = current(), changed = isEdited(s);
    $("unsaved").hidden = !changed;
    $("accept").disabled = busy || changed || !s.en || (DONE[s.state] === true);
    $("save").disabled = busy || !changed;
    $("prev").disabled = index === 0;
    $("next").disabled = index === article.segments.length - 1;
  }

  /* ---- actions */
  function nextToDo() {
    for (var i = index + 1; i < article.segments.length; i++) if (!DONE[article.segments[i].state]) return i;
    return -1;
  }
  function send(action, overrides) {
    var s = current();
    if (busy) { say("Still saving; try again in a moment."); return; }
    var english = textNow(s);
    if (action === "save" && !english.trim()) {
      say("Not saved: the English is empty. Write the translation, or mark the sentence for later (L).");
      return;
    }
    var body = { slug: article.slug, id: s.id, action: action, english: english,
                 version: s.version, source_hash: s.source_hash };
    if (overrides) Object.keys(overrides).forEach(function (k) { body[k] = overrides[k]; });
    post(body, s.id);
  }
  function post(body, id) {  // the answer may come after the editor moved on to another sentence
    busy = true;
    refreshButtons();
    return api("POST", "/api/save", body).then(function (res) {
      busy = false;
      var i = indexOf(id);
      if (res.status === 200) {
        delete edits[id];
        if (conflict && conflict.id === id) conflict = null;
        applySegment(i, res.data);
        var next = i === index ? nextToDo() : -1;
        var message = (i === index ? "" : (i >= 0 ? article.segments[i].label : id) + ": ") + res.data.message;
        if (next >= 0) { go(next, true); message += " Next: " + current().label + "."; }
        else if (i === index) {
          if (!article.progress.machine && !article.progress.pending && !article.progress.stale) {
            message += " Every sentence of this article is checked.";
          } else {
            message += " Nothing left to review after this sentence.";
          }
          render();
          $("current").focus();  // out of the English box: the letters work again
        }
        say(message);
      } else if (res.status === 409 && res.data.theirs) {
        conflict = { id: id, kind: res.data.conflict, message: res.data.error, theirs: res.data.theirs, yours: body.english };
        edits[id] = body.english;
        if (i === index) {
          render();
          say(res.data.conflict === "source" ? "Not saved: the original of this sentence changed; both texts are below."
                                             : "Not saved: this sentence changed elsewhere; both texts are below.");
        } else {  // the editor moved on meanwhile: the text stays marked, not saved
          say("Not saved: " + id + " changed elsewhere meanwhile; open it to compare and save again.");
        }
      } else {
        if (body.action === "save") edits[id] = body.english;
        if (i === index) render();
        say("Not saved: " + res.data.error);
      }
      if (i >= 0) fillItem(i);
    });
  }
  function indexOf(id) {
    for (var i = 0; i < article.segments.length; i++) if (article.segments[i].id === id) return i;
    return -1;
  }
  function applySegment(i, data) {
    if (i < 0) return;
    var old = article.segments[i];
    var seg = data.segment;
    if (!seg.words && old.words && old.source === seg.source) seg.words = old.words;
    article.segments[i] = seg;
    showProgress(data.progress);
    showBriefing(data.briefing);
    fillItem(i);
  }

  function accept() {
    var s = current();
    if (!s) return;
    if (busy) { say("Still saving; try again in a moment."); return; }
    if (isEdited(s)) { say("The English was changed: save it with Ctrl+Enter, or undo the edit with Esc."); return; }
    if (!s.en) { say("There is no English to accept: write it (E), or mark the sentence for later (L)."); return; }
    if (DONE[s.state]) { say("Already checked (" + STATE_WORDS[s.state].toLowerCase() + "). Next sentence: J; next to review: N."); return; }
    send("accept");
  }
  function edit() {
    var box = $("english");
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }
  function cancelEdit() {
    var s = current();
    delete edits[s.id];
    $("english").value = s.en;
    fit($("english"));
    refreshButtons();
    fillItem(index);
    $("current").focus();
    say("Edit undone.");
  }
  function toggleLater() {
    var s = current();
    if (!s || busy) return;
    busy = true;
    api("POST", "/api/later", { slug: article.slug, id: s.id, later: !s.later }).then(function (res) {
      busy = false;
      var i = indexOf(s.id);
      if (res.status !== 200) { say("Not marked: " + res.data.error); refreshButtons(); return; }
      applySegment(i, res.data);
      if (i === index) render();
      say(res.data.message);
    });
  }
  function switchArticle(step) {
    var select = $("article"), i = select.selectedIndex + step;
    if (i < 0 || i >= select.options.length) return;
    select.selectedIndex = i;
    openArticle(select.value).then(function () { $("current").focus(); say("Article: " + select.options[i].textContent); });
  }
  function openHelp() { var d = $("help"); if (!d.open) d.showModal(); $("help-close").focus(); }

  /* ---- wiring */
  function init() {
    if (!TOKEN) { alertPage("This address lacks its token: open the address 'briefing review' printed."); return; }
    var box = $("english");
    box.addEventListener("input", function () {
      var s = current();
      edits[s.id] = box.value;
      if (edits[s.id] === s.en) delete edits[s.id];
      fit(box);
      refreshButtons();
      fillItem(index);
    });
    $("prev").addEventListener("click", function () { go(index - 1, true); });
    $("next").addEventListener("click", function () { go(index + 1, true); });
    $("accept").addEventListener("click", accept);
    $("edit").addEventListener("click", edit);
    $("save").addEventListener("click", function () { send("save"); });
    $("later").addEventListener("click", toggleLater);
    $("keep-theirs").addEventListener("click", function () {
      var c = conflict, i = indexOf(c.id), old = article.segments[i];
      delete edits[c.id];
      conflict = null;
      if (c.kind === "source") {  // the seed changed: other sentences may have too
        openArticle(article.slug, c.theirs.anchor).then(function () {
          $("current").focus();
          say("Reloaded the article as its original now reads; your text was dropped.");
        });
        return;
      }
      article.segments[i] = Object.assign({ words: old.source === c.theirs.source ? old.words : undefined }, c.theirs);
      fillItem(i);
      render();
      $("current").focus();
      say("Kept the English now in the memory; your text was dropped.");
    });
    $("save-mine").addEventListener("click", function () {
      var c = conflict;
      send("save", { english: c.yours, version: c.theirs.version, source_hash: c.theirs.source_hash });
    });
    $("article").addEventListener("change", function () { openArticle($("article").value); });
    $("help-open").addEventListener("click", openHelp);
    $("help-close").addEventListener("click", function () { $("help").close(); });
    $("help").addEventListener("close", function () {  // (a task after close: never take focus from a later key)
      var at = document.activeElement;
      if (!at || at === document.body || $("help").contains(at)) $("help-open").focus();
    });
    $("words-box").addEventListener("toggle", function () {
      try { localStorage.setItem("review-words", $("words-box").open ? "open" : "closed"); } catch (e) { /* private mode */ }
    });
    try {
      if (localStorage.getItem("review-words") === "open") $("words-box").open = true;
      setPinyin(localStorage.getItem("review-pinyin") !== "off");
    } catch (e) { /* private mode */ }
    $("pinyin").addEventListener("click", function () { setPinyin(document.documentElement.classList.contains("no-pinyin")); });
    document.addEventListener("keydown", onKey);
    window.addEventListener("beforeunload", function (ev) {
      if (Object.keys(edits).length) {  // text not saved yet
        ev.preventDefault();
        ev.returnValue = "";
      }
    });
    var hash = decodeURIComponent(location.hash.slice(1)).split("/");
    loadOverview().then(function () {
      if (!overview || !overview.articles.length) { $("title").textContent = "No articles to review"; return; }
      var slug = overview.articles.some(function (a) { return a.slug === hash[0]; }) ? hash[0] : overview.articles[0].slug;
      return openArticle(slug, hash[1]);
    });
  }

  function onKey(ev) {
    if ($("help").open) return;  // the dialog handles Esc itself
    var t = ev.target, tag = t && t.tagName;
    if (t === $("english")) {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); send("save"); }
      else if (ev.key === "Escape") { ev.preventDefault(); cancelEdit(); }
      return;
    }
    if (tag === "SELECT" || tag === "INPUT" || tag === "TEXTAREA" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (!article) return;
    var k = ev.key;
    var actions = {
      j: function () { go(index + 1, true); }, ArrowDown: function () { go(index + 1, true); },
      k: function () { go(index - 1, true); }, ArrowUp: function () { go(index - 1, true); },
      n: function () { var i = nextToDo(); if (i >= 0) go(i, true); else say("Nothing left to review after this sentence."); },
      a: accept, e: edit, l: toggleLater,
      p: function () { setPinyin(document.documentElement.classList.contains("no-pinyin")); },
      "[": function () { switchArticle(-1); }, "]": function () { switchArticle(1); },
      "?": openHelp
    };
    if (k === "Enter" && tag !== "BUTTON" && tag !== "A" && tag !== "SUMMARY") actions.Enter = edit;
    var fn = actions[k.length === 1 ? k.toLowerCase() : k];
    if (!fn) return;
    ev.preventDefault();
    fn();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
