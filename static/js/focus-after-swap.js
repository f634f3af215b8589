// Keyboard focus after htmx replaces part of a page. htmx itself puts focus back on a control
// that has an id (a filter, the search box); when the focused element is gone instead (the
// "Remove" link of a compared career, a "Next page" link), focus would fall to the top of the
// page. It goes to what the swapped region's data-focus-after-swap names instead: the first of
// its comma-separated selectors that matches something, or else the region itself.
(function () {
  "use strict";

  var focusWasIn = null;

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    focusWasIn = target && target.contains(document.activeElement) ? target : null;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var region = focusWasIn;
    if (!region || event.detail.target !== region) {
      return;
    }
    focusWasIn = null;
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) {
      return; // still somewhere useful
    }
    var next = region;
    var choices = (region.getAttribute("data-focus-after-swap") || "").split(",");
    for (var i = 0; i < choices.length; i++) {
      var found = choices[i].trim() && region.querySelector(choices[i]);
      if (found) {
        next = found;
        break;
      }
    }
    if (next.tabIndex < 0 && !next.hasAttribute("tabindex")) {
      next.setAttribute("tabindex", "-1"); // a heading or a box: focusable by script only
    }
    next.focus();
  });
})();
