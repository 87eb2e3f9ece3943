// Site-wide keyboard shortcut: "/" moves to the page's search box (as on most search sites), or
// opens the search page where there is none, unless the user is typing in a field already.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var target = event.target;
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) { return; }
    var box = document.querySelector("input[type=search][name=q]");
    event.preventDefault();
    if (!box) { window.location.assign("/search/"); return; }
    box.focus();
    box.select();
  });
})();
