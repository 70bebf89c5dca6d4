// Work that takes more than a moment (document zips, exports, PDFs, workbook imports)
// shows that it is working: the button or link that started it is marked busy and the
// page's status region (#busy-status, in base.html) says so to screen readers.
//
// Downloads (links with a download attribute, or data-busy) are fetched here, so the busy
// state lasts exactly as long as the server works and a failure is reported; whatever goes
// wrong, the link is followed as usual. Forms (uploads, or data-busy) stay busy until the
// next page arrives. Without JavaScript every link and form works as before.
(function () {
  "use strict";
  var status = document.getElementById("busy-status");

  function say(key) {
    if (status) {
      status.textContent = status.getAttribute(key) || "";
    }
  }

  function setBusy(element, busy) {
    if (busy) {
      element.setAttribute("aria-busy", "true");
      element.setAttribute("aria-disabled", "true");
    } else {
      element.removeAttribute("aria-busy");
      element.removeAttribute("aria-disabled");
    }
  }

  function filenameOf(response, fallback) {
    var header = response.headers.get("Content-Disposition") || "";
    var encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
    if (encoded) {
      try {
        return decodeURIComponent(encoded[1]);
      } catch (error) {
        // A malformed name: use the plain one below.
      }
    }
    var plain = /filename="?([^";]+)"?/i.exec(header);
    return plain ? plain[1] : fallback;
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    link.setAttribute("data-busy-saving", "");  // Not to be fetched again by the handler below.
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function download(link) {
    if (link.getAttribute("aria-busy") === "true") {
      return;
    }
    var href = link.href;
    setBusy(link, true);
    say("data-working");
    fetch(href, { credentials: "same-origin" })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        // An error or a page (a login form, a message) is shown as the link would show it.
        if (!response.ok || type.indexOf("text/html") === 0) {
          throw new Error("not a file");
        }
        return response.blob().then(function (blob) {
          save(blob, filenameOf(response, href.split("/").pop() || "download"));
          setBusy(link, false);
          say("data-done");
        });
      })
      .catch(function () {
        setBusy(link, false);
        say("");
        window.location.href = href;
      });
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
        event.shiftKey || event.altKey || !window.fetch) {
      return;
    }
    var link = event.target.closest && event.target.closest("a[download], a[data-busy]");
    if (!link || link.origin !== window.location.origin || link.hasAttribute("data-busy-saving")) {
      return;
    }
    event.preventDefault();
    download(link);
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented ||
        !form.matches("form[data-busy], form[enctype='multipart/form-data']")) {
      return;
    }
    if (form.getAttribute("aria-busy") === "true") {
      event.preventDefault();  // Already sent: a second click would send it twice.
      return;
    }
    form.setAttribute("aria-busy", "true");
    var button = event.submitter || form.querySelector("[type=submit]");
    if (button) {
      setBusy(button, true);
    }
    say("data-working");
  });

  // Back to a page kept in the browser's cache: nothing is busy any more. Only then:
  // "pageshow" also fires when a page first loads, and on a slow load that can be after
  // a click has already marked a download busy.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("[aria-busy='true']").forEach(function (element) {
      setBusy(element, false);
    });
    say("");
  });
})();
