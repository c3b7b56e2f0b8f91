// Under `mkdocs serve` only (hooks/cajd_serving.py adds it to every page): when the last edit is
// broken, the server keeps the last good version of the site, and this shows the edit's problems
// over the page, one `file:line: message` each (started on broken data, the server has no good
// version yet: it serves the hand-written pages, and says so). The list is problems.json beside
// this script, written by every rebuild and empty after a good one; the browser reloads after each rebuild,
// so the box goes away with the next good build. Text only: nothing in a message becomes markup.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  fetch(new URL("problems.json", script.src).href, { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : { problems: [] }; })
    .then(function (shown) { if (shown.problems.length) show(shown.problems, shown.last_good); })
    .catch(function () {});

  function element(tag, text) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    return node;
  }

  function show(problems, lastGood) {
    var box = element("section");
    box.className = "cajd-problems";
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", "cajd-problems-title");
    var what = lastGood ? "The last edit has " : "The data has ";
    var title = element("h2", what + (problems.length === 1 ? "a problem" : problems.length + " problems"));
    title.id = "cajd-problems-title";
    var note = element("p", lastGood
      ? "You are looking at the last good version of the site. Fix the file and save: " +
        "this box goes away with the next good build."
      : "The server started on data with problems, so no page is built from data/ yet: only the hand-written " +
        "pages are served. Fix the file and save: the whole site appears with the next good build.");
    var list = element("ul");
    problems.forEach(function (line) {
      var item = element("li");
      item.appendChild(element("code", line));
      list.appendChild(item);
    });
    var hide = element("button", "Hide");
    hide.type = "button";
    hide.addEventListener("click", function () { box.remove(); });
    var style = element("style",
      ".cajd-problems{position:fixed;z-index:10;inset:0 0 auto 0;max-height:70vh;overflow:auto;padding:1rem 1.5rem;" +
      "background:#fff4f4;color:#1b1b1b;border-bottom:.3rem solid #b3261e;box-shadow:0 .2rem .6rem rgba(0,0,0,.3);" +
      "font:0.8rem/1.5 system-ui,sans-serif}" +
      ".cajd-problems h2{margin:0 0 .4rem;font-size:1rem;color:#8c1d18}" +
      ".cajd-problems p{margin:0 0 .6rem}" +
      ".cajd-problems ul{margin:0 0 .6rem;padding-left:1.2rem}" +
      ".cajd-problems code{font:0.75rem/1.5 ui-monospace,monospace;white-space:pre-wrap;word-break:break-word}" +
      ".cajd-problems button{font:inherit;padding:.2rem .8rem;cursor:pointer}");
    box.appendChild(style);
    box.appendChild(title);
    box.appendChild(note);
    box.appendChild(list);
    box.appendChild(hide);
    document.body.appendChild(box);
  }
})();
