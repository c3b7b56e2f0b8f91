// The light/dark toggle in the header (overrides/partials/palette.html), in place of
// Material's palette component, with the same behaviour: the choice is stored under
// Material's key ("__palette", with the same fields), so it survives navigation and
// reload and the inline script in the header applies it before the first paint;
// without a stored choice the first scheme whose media query matches is used.
// Unlike Material's component it writes to <body> only when the scheme changes, since
// each write restyles the whole page; on a long page that costs a phone tens of
// milliseconds, three times over, as the page starts.
(function () {
  "use strict";
  var form = document.querySelector("[data-cajd-palette]");
  if (!form) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input"));
  var keys = ["media", "scheme", "primary", "accent"];

  function colorOf(input) {
    var color = {};
    keys.forEach(function (k) { color[k] = input.getAttribute("data-md-color-" + k); });
    return color;
  }

  var current = 0;

  function apply(index) {
    current = index;
    var color = colorOf(inputs[index]), body = document.body;
    keys.forEach(function (k) {
      if (body.getAttribute("data-md-color-" + k) !== color[k]) body.setAttribute("data-md-color-" + k, color[k]);
    });
    inputs.forEach(function (input, i) {
      var label = input.nextElementSibling;
      if (label instanceof HTMLElement && label.hidden !== (i !== index)) label.hidden = i !== index;
    });
    __md_set("__palette", { index: index, color: color });
  }

  var stored = __md_get("__palette");
  var index = stored && typeof stored.index === "number" ? stored.index
    : inputs.findIndex(function (input) { return matchMedia(input.getAttribute("data-md-color-media")).matches; });
  index = Math.max(0, Math.min(index, inputs.length - 1));
  apply(index);

  // A click on the visible label checks the next scheme's input. While the scheme
  // switches, Material's CSS turns transitions off (data-md-color-switching).
  form.addEventListener("change", function (event) {
    var i = inputs.indexOf(event.target);
    if (i < 0) return;
    document.body.setAttribute("data-md-color-switching", "");
    apply(i);
    cajdBrowserColours();  // overrides/main.html
    requestAnimationFrame(function () {
      requestAnimationFrame(function () { document.body.removeAttribute("data-md-color-switching"); });
    });
  });
  // Enter on the focused toggle switches to the next scheme, as in Material.
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    var next = inputs[(current + 1) % inputs.length];
    next.click();
    next.focus();
  });
})();
