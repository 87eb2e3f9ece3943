// Progressive enhancement for the search page; without JavaScript every control still works
// (the name box is a plain text filter, every facet value is behind its "More…" disclosure).
//
// * The name box is a WAI-ARIA combobox (list autocomplete): typing fetches suggestions, ↓/↑
//   move through them (aria-activedescendant), Enter or a click applies the chosen name, Escape
//   closes the list, and Enter with nothing chosen submits what was typed.
// * Each long facet gets a filter box that narrows its values as you type.
(function () {
  "use strict";

  function nameCombobox(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var timer = null;
    var active = -1;
    var request = 0;

    function options() { return list.querySelectorAll("[role=option]"); }

    function close() {
      list.textContent = "";
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(name) {
      input.value = name;
      close();
      input.form.requestSubmit();
    }

    function highlight(index) {
      var items = options();
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function show(results) {
      close();
      results.forEach(function (actor, i) {
        var item = document.createElement("li");
        item.id = "actor-suggestion-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = actor.name; // textContent: names are never parsed as HTML
        var kind = document.createElement("span");
        kind.className = "suggestion-kind";
        kind.textContent = actor.kind === "organisation" ? " organisation" : " person";
        item.appendChild(kind);
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box
          choose(actor.name);
        });
        list.appendChild(item);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2) { close(); return; }
      var mine = ++request;
      timer = setTimeout(function () {
        fetch(input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(text))
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { if (mine === request) { show(data.results); } })
          .catch(close);
      }, 150);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" && open) {
        event.preventDefault();
        highlight(active + 1);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(options()[active].firstChild.textContent);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  function facetFilter(section) {
    var box = section.querySelector("[data-facet-filter]");
    if (!box) { return; }
    box.closest("label").hidden = false;
    var more = section.querySelector("details");
    box.addEventListener("input", function () {
      var text = box.value.trim().toLowerCase();
      if (more) {
        if (text) { more.open = true; }
        more.querySelector("summary").hidden = text !== ""; // while filtering, one list of matches
      }
      section.querySelectorAll("li").forEach(function (item) {
        item.hidden = text !== "" && item.querySelector("a").textContent.toLowerCase().indexOf(text) === -1;
      });
    });
  }

  var input = document.querySelector("[data-autocomplete-url]");
  if (input) { nameCombobox(input); }
  document.querySelectorAll("[data-facet]").forEach(facetFilter);
})();
