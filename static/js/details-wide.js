// Overviews that a phone keeps folded (details[data-open-wide]) open on a wide screen,
// where there is room for them next to the work. A person's own choice wins afterwards.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 992px)");
  if (!wide.matches) {
    return;
  }
  document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
    details.open = true;
  });
})();
