// Suggestions as you type, in the search boxes of templates/careers/search_box.html: htmx
// fills each box's listbox from the server as the text changes; this shows and hides it and
// lets the keyboard choose, as the WAI-ARIA combobox pattern says. Down and Up move through the
// options (the box keeps the focus and points at the option with aria-activedescendant), Enter
// opens the chosen career (without one the search is submitted, as without JavaScript), Escape
// closes the list, and screen readers hear how many suggestions there are. Options are links:
// a click opens the career.
(function () {
  "use strict";

  function listOf(box) {
    return document.getElementById(box.getAttribute("aria-controls"));
  }

  function optionsOf(list) {
    return Array.prototype.slice.call(list.querySelectorAll('[role="option"]'));
  }

  function choose(box, option) {
    optionsOf(listOf(box)).forEach(function (each) {
      each.setAttribute("aria-selected", each === option ? "true" : "false");
    });
    if (option) {
      box.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      box.removeAttribute("aria-activedescendant");
    }
  }

  function show(box, open) {
    var list = listOf(box);
    open = open && optionsOf(list).length > 0;
    list.hidden = !open;
    box.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) {
      choose(box, null);
    }
  }

  function isBox(element) {
    return element && element.getAttribute && element.getAttribute("role") === "combobox";
  }

  // New options: open the list, unless the box has lost the focus or was closed (Escape, a
  // search submitted) since the text last changed.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target; // none when htmx restores a page from its history
    var box = target && target.id && document.querySelector('[aria-controls="' + target.id + '"]');
    if (!isBox(box)) {
      return;
    }
    var count = optionsOf(listOf(box)).length;
    show(box, document.activeElement === box && !box.closedSuggestions);
    var status = document.getElementById(listOf(box).id + "-status");
    status.textContent = !box.value.trim()
      ? ""
      : count === 0
        ? "No suggestions"
        : count + (count === 1 ? " suggestion" : " suggestions");
  });

  document.addEventListener("input", function (event) {
    if (isBox(event.target)) {
      event.target.closedSuggestions = false;
    }
  });

  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (!isBox(box) || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var list = listOf(box);
    var options = optionsOf(list);
    var at = options.indexOf(document.getElementById(box.getAttribute("aria-activedescendant")));
    if ((event.key === "ArrowDown" || event.key === "ArrowUp") && options.length) {
      event.preventDefault(); // the caret stays where it is
      box.closedSuggestions = false;
      show(box, true);
      var step = event.key === "ArrowDown" ? 1 : -1;
      var next = at < 0 ? (step > 0 ? 0 : options.length - 1) : at + step;
      choose(box, options[(next + options.length) % options.length]);
    } else if (event.key === "Enter" && at >= 0 && !list.hidden) {
      event.preventDefault(); // not the search: the career chosen
      window.location.assign(options[at].href);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault(); // only close the list: the search box keeps its text
      box.closedSuggestions = true;
      show(box, false);
    }
  });

  // A click on an option must not take the focus from the box first, which closes the list.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest('[role="listbox"].suggest__list')) {
      event.preventDefault();
    }
  });

  document.addEventListener("focusout", function (event) {
    if (isBox(event.target)) {
      show(event.target, false);
    }
  });

  document.addEventListener("submit", function (event) {
    event.target.querySelectorAll('[role="combobox"]').forEach(function (box) {
      box.closedSuggestions = true;
      show(box, false);
    });
  });
})();
