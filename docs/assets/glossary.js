/* The glossary page's find box and filter by kind (render/curated_pages.render_glossary writes
   the page; without this script its A–Z links still work). Typing shows the entries whose
   English, Chinese (either script), other spellings or pinyin (with or without tones, with or
   without spaces) hold what was typed; a kind button shows one kind. Letters with nothing
   shown are hidden, the count says how many entries are shown, and Enter in the box opens the
   first one shown. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function init() {
    var tools = document.querySelector(".bf-gloss-tools");
    if (!tools) return;
    var box = tools.querySelector("[data-bf-gloss-find]");
    var count = tools.querySelector(".bf-gloss-count");
    var none = document.querySelector(".bf-gloss-none");
    var entries = Array.prototype.slice.call(document.querySelectorAll(".bf-entity[data-bf-find]"));
    var letters = Array.prototype.slice.call(document.querySelectorAll(".bf-letter"));
    var kind = "";
    entries.forEach(function (e) { e._find = fold(e.getAttribute("data-bf-find")); });
    tools.hidden = false;

    function apply() {
      var words = fold(box.value).trim().split(/\s+/).filter(Boolean);
      var squeezed = words.join("");
      var shown = 0;
      entries.forEach(function (e) {
        var text = e._find;
        var match = (!kind || e.getAttribute("data-bf-kind") === kind) &&
          (words.every(function (w) { return text.indexOf(w) >= 0; }) ||
           (squeezed && text.indexOf(squeezed) >= 0));
        e.hidden = !match;
        if (match) shown += 1;
      });
      letters.forEach(function (l) { l.hidden = !l.querySelector(".bf-entity:not([hidden])"); });
      count.textContent = shown === entries.length ? entries.length + " entries"
        : shown + " of " + entries.length + " entries shown";
      if (none) none.hidden = shown > 0;
    }

    function showAll() {
      box.value = ""; kind = "";
      tools.querySelectorAll("button[data-bf-kind]").forEach(function (x) {
        x.setAttribute("aria-pressed", String(x.getAttribute("data-bf-kind") === ""));
      });
      apply();
    }

    box.addEventListener("input", apply);
    box.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") {
        var first = document.querySelector(".bf-entity:not([hidden])");
        if (first) { ev.preventDefault(); location.hash = first.id; }
      } else if (ev.key === "Escape" && box.value) {
        box.value = ""; apply();
      }
    });
    tools.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-bf-kind]");
      if (!b) return;
      kind = b.getAttribute("data-bf-kind");
      tools.querySelectorAll("button[data-bf-kind]").forEach(function (x) {
        x.setAttribute("aria-pressed", String(x === b));
      });
      apply();
    });
    if (none) none.addEventListener("click", function (ev) {
      if (!ev.target.closest("[data-bf-gloss-clear]")) return;
      showAll();
      box.focus();
    });
    /* an A–Z link clears a filter that hides its letter */
    document.querySelectorAll(".bf-az a").forEach(function (a) {
      a.addEventListener("click", function () {
        var target = document.getElementById(a.getAttribute("href").slice(1));
        var section = target && target.closest(".bf-letter");
        if (section && section.hidden) showAll();
      });
    });
    if (box.value) apply();  /* a value the browser restored */
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
