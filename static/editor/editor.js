// The guide editor in Django admin: Markdown previews (htmx) in rows added on the page too, and
// the parts of a guide that load when opened.
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

  // A part loaded when opened arrives as Django renders an inline: open it, and set it up as
  // Django's admin sets up the inlines of a page when it loads (inlines.js, autocomplete.js,
  // DateTimeShortcuts.js).
  document.addEventListener("htmx:load", function (event) {
    var group = event.detail.elt;
    if (!group.classList || !group.classList.contains("js-inline-admin-formset")) {
      return;
    }
    group.querySelectorAll("details").forEach(function (details) {
      details.open = true;
    });
    var $ = window.django && window.django.jQuery;
    if (!$) {
      return;
    }
    var inline = JSON.parse(group.dataset.inlineFormset);
    var selector;
    if (group.dataset.inlineType === "stacked") {
      selector = inline.name + "-group .inline-related";
      $(selector).stackedFormset(selector, inline.options);
    } else if (group.dataset.inlineType === "tabular") {
      selector = inline.name + "-group .tabular.inline-related tbody:first > tr.form-row";
      $(selector).tabularFormset(selector, inline.options);
    }
    if ($.fn.djangoAdminSelect2) {
      $(group).find(".admin-autocomplete").not("[name*=__prefix__]").djangoAdminSelect2();
    }
    if (window.DateTimeShortcuts) {
      group.querySelectorAll("input[type=text]").forEach(function (input) {
        if (input.classList.contains("vDateField")) {
          window.DateTimeShortcuts.addCalendar(input);
        } else if (input.classList.contains("vTimeField")) {
          window.DateTimeShortcuts.addClock(input);
        }
      });
    }
  });
})();
