// Follows a background job: reloads the job's status block every two seconds until the
// job has finished, so the page (and its aria-live status) shows how far it is.
(function () {
  "use strict";
  var status = document.getElementById("job-status");
  if (!status) {
    return;
  }
  function poll() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser()
          .parseFromString(html, "text/html")
          .getElementById("job-status");
        if (!fresh) {
          return;
        }
        // The live region keeps its element, so screen readers announce the new text.
        document.getElementById("job-status-text").textContent = fresh
          .querySelector("#job-status-text")
          .textContent.trim();
        document.getElementById("job-status-body").innerHTML =
          fresh.querySelector("#job-status-body").innerHTML;
        status.dataset.pending = fresh.dataset.pending;
        if (fresh.dataset.pending === "true") {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  if (status.dataset.pending === "true") {
    window.setTimeout(poll, 2000);
  }
})();
