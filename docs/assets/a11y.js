// Accessibility fixes for Material's own markup, checked by axe-core in
// tests/browser/test_a11y.py. The search box is a role="dialog" without a
// name; screen readers announce it as an unnamed dialog.
(function () {
  "use strict";
  var dialog = document.querySelector('.md-search[role="dialog"]');
  if (dialog && !dialog.hasAttribute("aria-label") && !dialog.hasAttribute("aria-labelledby")) {
    // The name in the page's language, from overrides/main.html (the catalogs in hooks/cajd/locale/).
    var text = document.getElementById("cajd-text");
    dialog.setAttribute("aria-label", text ? JSON.parse(text.textContent).search : "Search this site");
  }
})();
