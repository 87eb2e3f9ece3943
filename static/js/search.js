// Progressive enhancement for the search page: actor-name suggestions in the filter box.
// Without JavaScript the box is a plain text filter and the page works the same.
(function () {
  "use strict";
  var input = document.querySelector("[data-autocomplete-url]");
  if (!input) { return; }
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var timer = null;

  function clear() { list.innerHTML = ""; list.hidden = true; }

  function show(results) {
    clear();
    results.forEach(function (actor) {
      var item = document.createElement("li");
      item.setAttribute("role", "option");
      item.textContent = actor.name; // textContent: names are never parsed as HTML
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();
        input.value = actor.name;
        input.name = actor.param === "organisation" ? "organisation" : "person";
        clear();
        input.form.submit();
      });
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) { clear(); return; }
    timer = setTimeout(function () {
      fetch(input.dataset.autocompleteUrl + "?q=" + encodeURIComponent(text))
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { show(data.results); })
        .catch(clear);
    }, 150);
  });
  input.addEventListener("blur", clear);
})();
