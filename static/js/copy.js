// Copy buttons, added only where JavaScript runs (without it there is nothing to click):
// - "Copy link" beside each section heading of a guide: copies the section's full address;
//   without JavaScript each heading is still a link to its own section.
// - "Copy ..." beside each read-only text to copy (textarea[data-copy], e.g. the job post and
//   the embed code): copies the whole text; without JavaScript it can be selected and copied.
(function () {
  "use strict";

  var canonical = document.querySelector('link[rel="canonical"]');
  var base = canonical ? canonical.href : window.location.href.split("#")[0];
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Older browsers and plain-HTTP pages: copy from a selected, unseen text field.
    var field = document.createElement("textarea");
    field.value = text;
    field.className = "visually-hidden";
    field.setAttribute("readonly", "");
    document.body.appendChild(field);
    field.select();
    var copied = document.execCommand("copy");
    document.body.removeChild(field);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  // A button that copies text(), says so for two seconds and tells screen readers `copied`,
  // or `failed` with what it could not copy.
  function copyButton(label, name, copied, failed, text) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-link";
    button.textContent = label;
    button.setAttribute("aria-label", name);
    button.addEventListener("click", function () {
      var value = text();
      copy(value).then(
        function () {
          button.textContent = "Copied";
          status.textContent = copied;
          window.setTimeout(function () {
            button.textContent = label;
          }, 2000);
        },
        function () {
          status.textContent = failed(value);
        }
      );
    });
    return button;
  }

  document.querySelectorAll("a.section-link").forEach(function (link) {
    var name = link.textContent.trim();
    var button = copyButton(
      "Copy link",
      "Copy link to " + name,
      "Link to " + name + " copied",
      function (address) {
        return "Could not copy; the address is " + address;
      },
      function () {
        return base + link.getAttribute("href");
      }
    );
    link.parentElement.insertAdjacentElement("afterend", button);
  });

  document.querySelectorAll("textarea[data-copy]").forEach(function (field) {
    var what = field.dataset.copy;
    var button = copyButton(
      "Copy " + what,
      "Copy " + what,
      "Copied " + what,
      function () {
        return "Could not copy: select the text and copy it";
      },
      function () {
        return field.value;
      }
    );
    field.insertAdjacentElement("afterend", button);
  });
})();
