/* Word gloss on the original text of an article page (off by default; the choice is remembered
   in localStorage like the 简/繁 and view choices).
   When on, the page's gloss data (gloss/<slug>.json, built by `briefing build`: only the words
   this article uses) is fetched once; the words of the original column are wrapped in
   <span class="bf-w">, in both scripts, and pointing at a word (hover), tapping it or focusing it
   shows a popup with its pinyin, the briefing glossary's approved English and note, and its
   CC-CEDICT senses. Keyboard: Tab reaches the first word of each paragraph, ←/→ (Home/End) move
   between its words, Escape closes the popup. The popup is a role=tooltip that the focused word
   names with aria-describedby, so screen readers read it. Nothing of this is printed. */
(function () {
  "use strict";
  var KEY = "bf-gloss";
  var root = document.documentElement;
  var page = document.querySelector(".bf-article[data-bf-gloss]");
  if (!page) return;
  var url = page.getAttribute("data-bf-gloss");
  var data = null, loading = null, pop = null, active = null, button = null, on = false;

  function load() { try { return localStorage.getItem(KEY); } catch (e) { return null; } }
  function save(v) { try { localStorage.setItem(KEY, v); } catch (e) { /* private mode */ } }

  function fetchData() {
    if (data) return Promise.resolve(data);
    if (!loading) {
      loading = fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).then(function (d) { data = d; return d; });
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  /* ---- wrapping words */
  function originals() {  // original sentences (title and rows), not the English ones
    return page.querySelectorAll(".bf-s[data-bf-pair]:not([id^='en-'])");
  }
  function wrapSpan(span, runs) {
    var text = span.textContent, chars = Array.from(text), total = 0, i;
    for (i = 0; i < runs.length; i++) total += Math.abs(runs[i]);
    if (total !== chars.length) return;  // the page and its data disagree: leave the text alone
    span.setAttribute("data-bf-text", text);
    var frag = document.createDocumentFragment(), pos = 0;
    runs.forEach(function (n) {
      var piece = chars.slice(pos, pos + Math.abs(n)).join("");
      pos += Math.abs(n);
      if (n > 0 && data.w[piece] !== undefined) {
        var w = document.createElement("span");
        w.className = "bf-w";
        w.tabIndex = -1;
        w.textContent = piece;
        frag.appendChild(w);
      } else {
        frag.appendChild(document.createTextNode(piece));
      }
    });
    span.textContent = "";
    span.appendChild(frag);
  }
  function wrapAll() {
    originals().forEach(function (s) {
      var runs = data.s[s.id];
      if (!runs) return;
      var hans = s.querySelector(".zh-hans"), hant = s.querySelector(".zh-hant");
      if (hans && !hans.hasAttribute("data-bf-text")) wrapSpan(hans, runs[0]);
      if (hant && !hant.hasAttribute("data-bf-text")) wrapSpan(hant, runs[1] || runs[0]);
    });
    // one Tab stop per paragraph and script (the hidden script's words are not focusable)
    groups().forEach(function (g) {
      ["zh-hans", "zh-hant"].forEach(function (cls) {
        var first = g.querySelector("." + cls + " .bf-w");
        if (first) first.tabIndex = 0;
      });
    });
  }
  function unwrapAll() {
    hide();
    page.querySelectorAll("[data-bf-text]").forEach(function (span) {
      span.textContent = span.getAttribute("data-bf-text");
      span.removeAttribute("data-bf-text");
    });
  }
  function groups() { return page.querySelectorAll(".bf-title-zh, .bf-orig .bf-text"); }
  function wordsBeside(w) {
    var g = w.closest(".bf-title-zh, .bf-text"), script = w.closest(".zh-hans") ? "zh-hans" : "zh-hant";
    return g ? Array.prototype.slice.call(g.querySelectorAll("." + script + " .bf-w")) : [w];
  }

  /* ---- the popup */
  function el(tag, cls, text, lang) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    if (lang) e.setAttribute("lang", lang);
    return e;
  }
  function entryOf(word) {
    var e = data.w[word];
    return typeof e === "string" ? data.w[e] : e;
  }
  function makePopup() {
    pop = el("div", "bf-gloss-pop", "", "en");
    pop.id = "bf-gloss-pop";
    pop.setAttribute("role", "tooltip");
    pop.hidden = true;
    (document.querySelector("main") || document.body).appendChild(pop);  // inside a landmark
  }
  function fill(word, hant) {
    var entry = entryOf(word), zh = hant ? "zh-Hant" : "zh-Hans";
    pop.textContent = "";
    var head = el("p", "bf-gloss-head");
    head.appendChild(el("span", "bf-gloss-word", word, zh));
    head.appendChild(el("span", "bf-gloss-py", entry.p, "zh-Latn-pinyin"));
    pop.appendChild(head);
    if (entry.g !== undefined && data.g[entry.g]) {
      var g = data.g[entry.g], term = el("p", "bf-gloss-term");
      term.appendChild(el("span", "bf-gloss-tag", "Briefing glossary"));
      term.appendChild(document.createTextNode(" "));
      term.appendChild(el("strong", "", g.en));
      if (g.note) term.appendChild(el("span", "bf-gloss-note", g.note));
      pop.appendChild(term);
    }
    if (entry.d && entry.d.length) {
      if (entry.c) {
        var via = el("p", "bf-gloss-src", "Dictionary entry of the Simplified form ");
        via.appendChild(el("span", "", entry.c, "zh-Hans"));
        pop.appendChild(via);
      }
      var list = el("ol", "bf-gloss-senses");
      entry.d.forEach(function (r) {
        var li = el("li"), rd = r[0] || entry.p;  // "" stands for the word's own reading
        if (entry.d.length > 1 || rd !== entry.p || entry.c) {
          li.appendChild(el("span", "bf-gloss-rd", rd, "zh-Latn-pinyin"));
          li.appendChild(document.createTextNode(" "));
        }
        li.appendChild(document.createTextNode(r[1].join("; ")));
        list.appendChild(li);
      });
      pop.appendChild(list);
      pop.appendChild(el("p", "bf-gloss-src", "CC-CEDICT"));
    } else if (entry.g === undefined) {
      pop.appendChild(el("p", "bf-gloss-src", "Not in the dictionary"));
    }
  }
  function place(w) {
    var r = w.getBoundingClientRect(), vw = root.clientWidth, vh = window.innerHeight;
    pop.style.left = "0px"; pop.style.top = "0px";
    var pw = pop.offsetWidth, ph = pop.offsetHeight;
    var left = Math.max(8, Math.min(r.left, vw - pw - 8));
    var top = r.bottom + 6;
    if (top + ph > vh && r.top - ph - 6 >= 0) top = r.top - ph - 6;  // no room below: above
    pop.style.left = left + "px";  // position: fixed, so viewport coordinates
    pop.style.top = top + "px";
  }
  function show(w) {
    if (!on || !data) return;
    if (!pop) makePopup();
    if (active && active !== w) active.removeAttribute("aria-describedby");
    if (active) active.classList.remove("bf-w-on");
    active = w;
    fill(w.textContent, !!w.closest(".zh-hant"));
    pop.hidden = false;
    place(w);
    w.classList.add("bf-w-on");
    w.setAttribute("aria-describedby", pop.id);
  }
  function hide() {
    if (pop) pop.hidden = true;
    if (active) {
      active.classList.remove("bf-w-on");
      active.removeAttribute("aria-describedby");
      active = null;
    }
  }
  function wordOf(t) { return t && t.closest ? t.closest(".bf-w") : null; }

  function initEvents() {
    // hover with a mouse only: on a touch screen a tap focuses the word (below), and a page
    // scrolled under a resting pointer must not swap the popup for another word
    var hoverable = !window.matchMedia || !window.matchMedia("(hover: none)").matches;
    function byMouse(ev) { return hoverable && ev.pointerType !== "touch"; }
    page.addEventListener("pointerover", function (ev) {
      var w = wordOf(ev.target);
      if (w && byMouse(ev)) show(w);
    });
    page.addEventListener("pointerout", function (ev) {
      var w = wordOf(ev.target);
      if (!byMouse(ev)) return;
      if (!w || wordOf(ev.relatedTarget) === w) return;
      var focused = wordOf(document.activeElement);
      if (focused) show(focused); else hide();  // back to the focused word's popup, if any
    });
    page.addEventListener("focusin", function (ev) { var w = wordOf(ev.target); if (w) show(w); });
    page.addEventListener("focusout", function (ev) {
      if (wordOf(ev.target) && !wordOf(ev.relatedTarget)) hide();
    });
    page.addEventListener("click", function (ev) {  // a tap: focus shows it; tap again after Escape
      var w = wordOf(ev.target);
      if (!w) return;
      if (document.activeElement !== w) w.focus(); else show(w);
    });
    page.addEventListener("keydown", function (ev) {
      var w = wordOf(ev.target);
      if (!w) return;
      var list = wordsBeside(w), i = list.indexOf(w), next = null;
      if (ev.key === "ArrowRight") next = list[i + 1];
      else if (ev.key === "ArrowLeft") next = list[i - 1];
      else if (ev.key === "Home") next = list[0];
      else if (ev.key === "End") next = list[list.length - 1];
      if (!next) return;
      ev.preventDefault();
      w.tabIndex = -1;  // roving: the paragraph's one Tab stop moves with the reader
      next.tabIndex = 0;
      next.focus();
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && pop && !pop.hidden) hide();
    });
    window.addEventListener("resize", hide);
    var queued = false;  // the popup follows its word when the page scrolls
    window.addEventListener("scroll", function () {
      if (queued || !active || !pop || pop.hidden) return;
      queued = true;
      requestAnimationFrame(function () { queued = false; if (active && !pop.hidden) place(active); });
    }, { passive: true });
  }

  /* ---- the toggle */
  function setOn(value) {
    on = value;
    save(value ? "on" : "off");
    if (button) button.setAttribute("aria-pressed", String(value));
    if (value) root.setAttribute("data-bf-gloss", "on"); else root.removeAttribute("data-bf-gloss");
    if (!value) { unwrapAll(); return; }
    fetchData().then(function () { if (on) wrapAll(); }, function () {
      setOn(false);
      if (button) button.title = "The word gloss could not be loaded (serve the site over HTTP)";
    });
  }
  function addButton() {
    var bar = page.querySelector(".bf-controls");
    if (!bar) return;
    var group = el("span", "bf-ctl bf-gloss-ctl");
    button = el("button", "", "Word gloss");
    button.type = "button";
    button.setAttribute("aria-pressed", "false");
    button.title = "Pinyin and meanings of a Chinese word when you point at, tap or focus it";
    group.appendChild(button);
    bar.appendChild(group);
    button.addEventListener("click", function () { setOn(!on); });
  }

  function init() {
    addButton();
    initEvents();
    if (load() === "on") setOn(true);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
