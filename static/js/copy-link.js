// "Copy link" beside each section heading of a guide: copies the section's full address.
// Without JavaScript each heading is still a link to its own section.
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

  document.querySelectorAll("a.section-link").forEach(function (link) {
    var heading = link.parentElement;
    var button = document.createElement("button");
    var name = link.textContent.trim();
    button.type = "button";
    button.className = "copy-link";
    button.textContent = "Copy link";
    button.setAttribute("aria-label", "Copy link to " + name);
    button.addEventListener("click", function () {
      var address = base + link.getAttribute("href");
      copy(address).then(
        function () {
          button.textContent = "Copied";
          status.textContent = "Link to " + name + " copied";
          window.setTimeout(function () {
            button.textContent = "Copy link";
          }, 2000);
        },
        function () {
          status.textContent = "Could not copy; the address is " + address;
        }
      );
    });
    heading.insertAdjacentElement("afterend", button);
  });
})();
