// The editors' desk: the admin's autocompletes (select2) name their box by the current selection,
// so an empty one has no accessible name. Name each box after its field's label instead.
(function () {
  "use strict";

  function fieldName(select) {
    if (select.getAttribute("aria-label")) { return select.getAttribute("aria-label"); }
    var label = select.id && document.querySelector("label[for='" + select.id + "']");
    return label ? label.textContent.replace(/:\s*$/, "").trim() : select.name;
  }

  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var box = select.nextElementSibling;
      if (!box || !box.classList.contains("select2")) { return; }
      box.querySelectorAll("[role=combobox], [role=textbox]").forEach(function (part) {
        part.removeAttribute("aria-labelledby"); // it points at the (empty) selection
        part.setAttribute("aria-label", fieldName(select));
      });
    });
  }

  // Django's autocomplete.js builds the boxes when the page is ready and when a row is added:
  // name each one as soon as it is in the page (an observer's callback runs before any later task).
  new MutationObserver(function () { nameAutocompletes(document); })
    .observe(document.documentElement, { childList: true, subtree: true });
})();
