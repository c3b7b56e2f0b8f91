// Timeline filters: chips narrow the list by country and theme. Without this
// script the whole list shows. The state lives in the address (?country=kz&theme=trade)
// so a filtered view can be shared and reloaded; the result count is announced.
(function () {
  "use strict";

  function setup() {
    var box = document.querySelector("[data-cajd-filter]");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var entries = Array.prototype.slice.call(document.querySelectorAll("ol.cajd-tl:not(.cajd-tl--compact) > li.cajd-tl__entry"));
    var chips = Array.prototype.slice.call(box.querySelectorAll("[data-filter]"));
    var status = box.querySelector("[data-cajd-count]");
    // The overview chart above the list has one mark per entry; it shows what the list shows.
    var marks = Array.prototype.slice.call(document.querySelectorAll("[data-cajd-chart] [data-entry]"));
    // The table of contents' items by the id they link to, found once (Material's sidebar, or the drawer on a phone).
    var tocItems = {};
    document.querySelectorAll(".md-nav--secondary a.md-nav__link").forEach(function (link) {
      var id = (link.getAttribute("href") || "").slice(1), item = link.closest("li");
      if (item) (tocItems[id] = tocItems[id] || []).push(item);
    });

    function chosen(kind) {
      return chips.filter(function (c) { return c.dataset.filter === kind && c.getAttribute("aria-pressed") === "true"; })
        .map(function (c) { return c.dataset.value; });
    }

    function matches(entry, key, wanted) {
      if (!wanted.length) return true;
      var have = (entry.getAttribute(key) || "").split(" ");
      return wanted.some(function (w) { return have.indexOf(w) !== -1; });
    }

    // The table of contents lists only what is shown.
    function tocEntry(id, hidden) {
      (tocItems[id] || []).forEach(function (item) { item.hidden = hidden; });
    }

    function apply(updateUrl) {
      var countries = chosen("country"), themes = chosen("theme"), shown = 0;
      entries.forEach(function (e) {
        var ok = matches(e, "data-countries", countries) && matches(e, "data-themes", themes);
        e.hidden = !ok;
        if (ok) shown += 1;
      });
      marks.forEach(function (m) {
        var ok = matches(m, "data-countries", countries) && matches(m, "data-themes", themes);
        m.classList.toggle("cajd-chart__mark--off", !ok);
      });
      // Hide a year, or an era, when nothing in it is shown.
      document.querySelectorAll("ol.cajd-tl[data-year]").forEach(function (list) {
        var any = list.querySelector("li.cajd-tl__entry:not([hidden])") !== null;
        list.hidden = !any;
        var heading = document.getElementById("year-" + list.dataset.year);
        if (heading) heading.hidden = !any;
        tocEntry("year-" + list.dataset.year, !any);
      });
      document.querySelectorAll(".cajd-era").forEach(function (era) {
        var node = era.nextElementSibling, any = false;
        while (node && !node.classList.contains("cajd-era")) {
          if (node.matches("ol.cajd-tl") && !node.hidden) any = true;
          node = node.nextElementSibling;
        }
        era.hidden = !any;
        tocEntry(era.id, !any);
        if (era.nextElementSibling && era.nextElementSibling.classList.contains("cajd-era__desc")) era.nextElementSibling.hidden = !any;
      });
      var filtered = countries.length || themes.length;
      // The sentence in the page's language, from the template (data-some, data-all: hooks/cajd/locale/).
      status.textContent = (filtered ? status.dataset.some : status.dataset.all)
        .replace("{shown}", shown).replace("{total}", entries.length);
      if (updateUrl) {
        var params = new URLSearchParams(window.location.search);
        params.delete("country");
        params.delete("theme");
        countries.forEach(function (c) { params.append("country", c); });
        themes.forEach(function (t) { params.append("theme", t); });
        var query = params.toString();
        history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }

    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      var countries = params.getAll("country"), themes = params.getAll("theme");
      chips.forEach(function (c) {
        var list = c.dataset.filter === "country" ? countries : themes;
        c.setAttribute("aria-pressed", list.indexOf(c.dataset.value) !== -1 ? "true" : "false");
      });
    }

    chips.forEach(function (chip) {
      chip.addEventListener("click", function () {
        chip.setAttribute("aria-pressed", chip.getAttribute("aria-pressed") === "true" ? "false" : "true");
        apply(true);
      });
    });
    box.querySelector("[data-cajd-clear]").addEventListener("click", function () {
      chips.forEach(function (c) { c.setAttribute("aria-pressed", "false"); });
      apply(true);
    });
    box.hidden = false;
    readUrl();
    // Nothing chosen: the page already shows everything, so there is nothing to do at load.
    if (chosen("country").length || chosen("theme").length) apply(false);
  }

  // Long lists (class cajd-lazy, site.css) are drawn only on screen while Material's script starts and
  // restyles the page; this runs after it (it subscribes later) and has them laid out in full, in one pass.
  function renderInFull() {
    document.querySelectorAll(".cajd-lazy").forEach(function (list) { list.classList.remove("cajd-lazy"); });
  }

  function start() {
    renderInFull();
    setup();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
