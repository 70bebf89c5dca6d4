// "Copy as plain text": copies a textarea's text to the clipboard. Without JavaScript the
// button stays hidden and the text can still be selected and copied by hand.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.parentElement.querySelector("[data-copy-status]");
    if (!source) {
      return;
    }
    button.hidden = false;
    function report(ok) {
      if (status) {
        status.textContent = status.getAttribute(ok ? "data-copied" : "data-failed");
      }
    }
    button.addEventListener("click", function () {
      source.focus();
      source.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(
          function () { report(true); },
          function () { report(document.execCommand("copy")); }
        );
      } else {
        report(document.execCommand("copy"));
      }
    });
  });
})();
