/* Reader controls for the briefing site (static host, no dependencies).
   - Script: each article as published (its own script) unless the reader converts it: 简 or 繁
     for this page, or, with "on every page", for all pages (both scripts are in the page; CSS
     shows one). The choice survives navigation and reload; the bar says what is shown.
   - view: original / English / both columns.
   Both choices are remembered across pages in localStorage and applied early by the inline
   script in overrides/main.html. Sentences: hover/focus highlights the counterpart and shows
   where the English came from (a tap does the same on a touch screen); the ¶ control copies the
   sentence's permalink; #p3-s2 in the URL highlights that sentence. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KEYS = { all: "bf-script-all", page: "bf-script@" + location.pathname, scope: "bf-script-scope",
               view: "bf-view" };
  var NAMES = { hans: "Simplified", hant: "Traditional" };

  function load(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function save(key, value) { try { localStorage.setItem(key, value); } catch (e) { /* private mode */ } }

  /* The reader's choice for this page: its own, else the one for every page; "orig" (as
     published) when none. */
  function chosenScript() {
    var s = load(KEYS.page) || load(KEYS.all);
    return s === "hans" || s === "hant" ? s : "orig";
  }
  function pageOriginal() {
    var page = document.querySelector("[data-bf-orig]");
    return page ? page.getAttribute("data-bf-orig") : "";
  }
  /* What the bar says is shown. */
  function shownText() {
    var chosen = chosenScript(), orig = pageOriginal();
    if (orig) {
      if (chosen === "orig" || chosen === orig) return NAMES[orig] + ", as published";
      return NAMES[chosen] + ", converted from " + NAMES[orig].toLowerCase();
    }
    return chosen === "orig" ? "Each text in the script it was written in" : "All Chinese in " + NAMES[chosen];
  }
  function currentView() { return root.getAttribute("data-bf-view") || "both"; }

  function syncButtons() {
    var script = chosenScript(), view = currentView(), every = load(KEYS.scope) === "all";
    document.querySelectorAll("[data-bf-script]").forEach(function (b) {
      if (b.tagName === "BUTTON") b.setAttribute("aria-pressed", String(b.getAttribute("data-bf-script") === script));
    });
    document.querySelectorAll("[data-bf-scope]").forEach(function (box) {
      box.checked = every;
    });
    document.querySelectorAll("[data-bf-shown]").forEach(function (el) { el.textContent = shownText(); });
    document.querySelectorAll("button[data-bf-view]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-bf-view") === view));
    });
  }

  function forget(key) { try { localStorage.removeItem(key); } catch (e) { /* private mode */ } }
  /* Every page's own choice, forgotten: a choice for every page replaces them. */
  function forgetPages() {
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var key = localStorage.key(i);
        if (key && key.indexOf("bf-script@") === 0) localStorage.removeItem(key);
      }
    } catch (e) { /* private mode */ }
  }
  /* `everyPage`: the choice is for all pages (pages' own choices are dropped), else this page's. */
  function setScript(script, everyPage) {
    if (everyPage) {
      forgetPages();
      if (script === "orig") forget(KEYS.all); else save(KEYS.all, script);
    } else {
      save(KEYS.page, script);
    }
    var shown = chosenScript();
    if (shown === "orig") root.removeAttribute("data-bf-script"); else root.setAttribute("data-bf-script", shown);
    syncButtons();
  }
  function setView(view) {
    if (view === "both") root.removeAttribute("data-bf-view"); else root.setAttribute("data-bf-view", view);
    save(KEYS.view, view);
    syncButtons();
  }

  function initControls() {
    var saved = chosenScript();
    if (saved === "orig") root.removeAttribute("data-bf-script"); else root.setAttribute("data-bf-script", saved);
    var view = load(KEYS.view);
    if (view === "orig" || view === "en") root.setAttribute("data-bf-view", view);
    document.querySelectorAll(".bf-controls").forEach(function (bar) {
      bar.hidden = false;
      var scope = bar.querySelector("[data-bf-scope]");
      bar.addEventListener("click", function (ev) {
        var b = ev.target.closest("button");
        if (!b) return;
        if (b.hasAttribute("data-bf-script")) setScript(b.getAttribute("data-bf-script"), scope && scope.checked);
        else if (b.hasAttribute("data-bf-view")) setView(b.getAttribute("data-bf-view"));
      });
      if (scope) {
        scope.addEventListener("change", function () {  // this page's choice, now for every page (or back)
          var now = chosenScript();
          if (scope.checked) { save(KEYS.scope, "all"); setScript(now, true); }
          else { forget(KEYS.scope); save(KEYS.page, now); syncButtons(); }
        });
      }
    });
    syncButtons();
  }

  /* ---- sentence pairs */
  function pairOf(el) {
    var id = el.getAttribute("data-bf-pair");
    return id ? document.getElementById(id) : null;
  }
  var pinned = null;  /* the pair a tap (or click) keeps highlighted, with its provenance */
  function highlight(el, on, owner) {
    if (!on && pinned && (el === pinned || pairOf(el) === pinned)) return;
    var other = pairOf(el);
    el.classList.toggle("bf-hl", on);
    if (other) other.classList.toggle("bf-hl", on);
    if (!on) hideProvenance();
    else if (!(owner && owner.closest && owner.closest(".bf-w"))) showProvenance(el, owner);  /* a word's gloss has the floor */
  }
  function sentenceOf(target) { return target && target.closest ? target.closest(".bf-s[data-bf-pair]") : null; }

  function initPairs() {
    ["mouseover", "focusin"].forEach(function (type) {
      document.addEventListener(type, function (ev) {
        var s = sentenceOf(ev.target);
        if (s) highlight(s, true, type === "focusin" ? ev.target : null);
      });
    });
    ["mouseout", "focusout"].forEach(function (type) {
      document.addEventListener(type, function (ev) {
        var s = sentenceOf(ev.target);
        if (s && !(ev.relatedTarget && s.contains(ev.relatedTarget))) highlight(s, false);
      });
    });
  }

  /* ---- where an English sentence came from ("Editor translation, 2026-11-22"): one tooltip
     for the page, under the highlighted English sentence, as wide as its column allows and kept
     inside the window, so it is never cut off at the column's edge. A keyboard reader reaches
     it by focusing the sentence's ¶ link (which it then describes), a touch reader by tapping
     the sentence; Escape or a tap elsewhere closes it. */
  var tip = null;
  function englishOf(s) {
    if (s.hasAttribute("data-bf-prov")) return s;
    var other = pairOf(s);
    return other && other.hasAttribute("data-bf-prov") ? other : null;
  }
  function showProvenance(s, owner) {
    var en = englishOf(s);
    if (!en || en.offsetParent === null) { hideProvenance(); return; }  /* none, or its column hidden */
    if (!tip) {
      tip = document.createElement("div");
      tip.id = "bf-prov-tip";
      tip.className = "bf-prov-tip";
      tip.setAttribute("role", "tooltip");
      tip.setAttribute("lang", "en");
      document.body.appendChild(tip);
    }
    tip.textContent = en.getAttribute("data-bf-prov");
    tip.hidden = false;
    var lines = en.getClientRects(), line = lines[lines.length - 1];
    var column = (en.closest(".bf-en") || en.parentElement).getBoundingClientRect();
    var margin = 8, room = document.documentElement.clientWidth - 2 * margin;
    tip.style.maxWidth = Math.min(Math.max(column.width, 200), room) + "px";
    var width = tip.offsetWidth;
    var left = Math.max(margin, Math.min(line.left, column.right - width, margin + room - width));
    tip.style.left = (left + window.scrollX) + "px";
    tip.style.top = (line.bottom + 4 + window.scrollY) + "px";
    document.querySelectorAll("[aria-describedby='bf-prov-tip']").forEach(function (el) {
      el.removeAttribute("aria-describedby");
    });
    if (owner && owner.matches && owner.matches("a.bf-pl")) owner.setAttribute("aria-describedby", "bf-prov-tip");
  }
  function hideProvenance() {
    if (tip) tip.hidden = true;
  }
  function unpin() {
    if (!pinned) return;
    var was = pinned;
    pinned = null;
    highlight(was, false);
  }
  function initProvenance() {
    /* the hover title would show the same words a second time, late */
    document.querySelectorAll(".bf-s[data-bf-prov][title]").forEach(function (s) { s.removeAttribute("title"); });
    document.addEventListener("click", function (ev) {
      var s = sentenceOf(ev.target);
      if (!s || ev.target.closest("a")) { unpin(); return; }
      if (ev.target.closest(".bf-w")) return;  /* a tap on a glossed word opens its gloss (gloss.js) */
      var en = englishOf(s);
      if (!en) return;
      if (pinned === en) { unpin(); return; }
      unpin();
      highlight(s, true);
      pinned = en;
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key !== "Escape") return;
      unpin();
      hideProvenance();
    });
    window.addEventListener("resize", function () { if (pinned) showProvenance(pinned); });
  }

  /* ---- permalinks */
  function toast(text) {
    var t = document.createElement("div");
    t.className = "bf-toast";
    t.setAttribute("role", "status");
    t.textContent = text;
    document.body.appendChild(t);
    setTimeout(function () { t.remove(); }, 1800);
  }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed"; area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }
  function initPermalinks() {
    document.addEventListener("click", function (ev) {
      var a = ev.target.closest && ev.target.closest("a.bf-pl");
      if (!a) return;
      ev.preventDefault();
      var id = a.getAttribute("href").slice(1);
      var url = location.href.split("#")[0] + "#" + id;
      history.replaceState(null, "", "#" + id);
      markTarget();
      copyText(url).then(function () { toast("Link copied: " + url); },
                         function () { toast("Copy this link: " + url); });
    });
  }

  /* ---- #p3-s2: highlight the sentence and its counterpart */
  function markTarget() {
    document.querySelectorAll(".bf-target").forEach(function (el) { el.classList.remove("bf-target"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (!el || !el.classList.contains("bf-s")) return;
    el.classList.add("bf-target");
    var other = pairOf(el);
    if (other) other.classList.add("bf-target");
    if (root.getAttribute("data-bf-view") === (id.indexOf("en-") === 0 ? "orig" : "en")) setView("both");
  }

  /* Material's search dialog has role=dialog but no name (axe: aria-dialog-name). */
  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search");
  }

  function init() {
    nameSearchDialog();
    initControls();
    initPairs();
    initProvenance();
    initPermalinks();
    markTarget();
    window.addEventListener("hashchange", markTarget);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
