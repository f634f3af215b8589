// The guide editor in Django admin: Markdown previews (htmx) in rows added on the page too.
(function () {
  "use strict";

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRFToken"] = csrfToken();
  });

  // Django's "Add another" copies an empty form and renames its fields; the preview must
  // send the new name, and htmx must learn of the new textarea.
  document.addEventListener("formset:added", function (event) {
    event.target.querySelectorAll("textarea[data-hx-params]").forEach(function (textarea) {
      textarea.setAttribute("data-hx-params", textarea.name);
    });
    if (window.htmx) {
      window.htmx.process(event.target);
    }
  });
})();
