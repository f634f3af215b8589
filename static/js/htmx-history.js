// One change, one history entry: never push the address the page is already at. (Typing in
// the search box and then pressing Enter asks twice for the same list; Back should then go
// to the list before, not to the same one again.)
(function () {
  "use strict";

  document.addEventListener("htmx:beforeHistoryUpdate", function (event) {
    var history = event.detail.history;
    var next = new URL(history.path, window.location.href);
    var here = window.location;
    if (history.type === "push" && next.pathname === here.pathname && next.search === here.search) {
      history.type = "replace";
    }
  });
})();
