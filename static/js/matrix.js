// The tasks × people matrix and its focused views.
//
// Without JavaScript every cell is a link to its editor page and a folded cluster a link
// that shows it. With it: arrow keys move between cells (one tab stop per grid), Enter
// or a click opens the cell's editor in a dialog (htmx posts it), a save updates the
// cells, status, hours and team health in place and puts the focus back on the cell,
// and opening a folded cluster loads its rows.
(function () {
  "use strict";
  var dialog = document.getElementById("mx-editor");
  var body = document.getElementById("mx-editor-body");
  var status = document.getElementById("mx-status");
  var lastCell = null;

  function cellLinks(root) {
    return Array.prototype.slice.call(root.querySelectorAll("td > a[id^='c']"));
  }

  // One tab stop per grid: the focused cell keeps tabindex 0, the others -1.
  function initGrid(table) {
    if (table.dataset.mxReady) {
      return;
    }
    table.dataset.mxReady = "1";
    var links = cellLinks(table);
    links.forEach(function (link, index) {
      link.tabIndex = index === 0 ? 0 : -1;
    });
  }

  function initAll(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("table.mx-grid"), initGrid);
  }

  function moveTo(table, link) {
    if (!link) {
      return;
    }
    cellLinks(table).forEach(function (other) {
      if (other.tabIndex === 0) {
        other.tabIndex = -1;
      }
    });
    link.tabIndex = 0;
    link.focus();
  }

  document.addEventListener("keydown", function (event) {
    var link = event.target;
    if (!link.matches || !link.matches("table.mx-grid td > a")) {
      return;
    }
    var table = link.closest("table");
    var cell = link.parentElement;
    var row = cell.parentElement;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var index = cell.cellIndex;
    var target = null;
    function at(r, i) {
      var c = r && r.cells[i];
      return c ? c.querySelector("a") : null;
    }
    switch (event.key) {
      case "ArrowRight":
        target = at(row, index + 1);
        break;
      case "ArrowLeft":
        target = at(row, index - 1);
        break;
      case "ArrowDown":
        target = at(rows[rows.indexOf(row) + 1], index);
        break;
      case "ArrowUp":
        target = at(rows[rows.indexOf(row) - 1], index);
        break;
      case "Home":
        target = row.querySelector("td > a");
        break;
      case "End":
        var all = row.querySelectorAll("td > a");
        target = all[all.length - 1];
        break;
      case " ":
        event.preventDefault();
        link.click();
        return;
      default:
        return;
    }
    event.preventDefault();
    moveTo(table, target);
  });

  // A folded cluster loads its rows when it is opened.
  document.addEventListener(
    "toggle",
    function (event) {
      var details = event.target;
      if (!details.classList || !details.classList.contains("mx-cluster") || !details.open) {
        return;
      }
      var load = details.querySelector(".mx-load");
      if (load && window.htmx) {
        load.click();
      }
    },
    true
  );

  function editable(link) {
    var scope = link.closest("[data-editable]");
    return scope && scope.dataset.editable === "1";
  }

  // A cell opens its editor in the dialog.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("td > a[id^='c'], .mx-cellbox > a[id^='c']");
    if (!link || !dialog || !window.htmx || !editable(link) || event.ctrlKey || event.metaKey) {
      return;
    }
    event.preventDefault();
    lastCell = link;
    var table = link.closest("table.mx-grid");
    if (table) {
      moveTo(table, link);
    }
    window.htmx.ajax("GET", link.href, { target: "#mx-editor-body", swap: "innerHTML" });
  });

  if (dialog) {
    dialog.addEventListener("click", function (event) {
      var cancel = event.target.closest && event.target.closest(".mx-cancel");
      if (cancel) {
        event.preventDefault();
        dialog.close();
      }
    });
    dialog.addEventListener("close", function () {
      body.innerHTML = "";
      if (lastCell && document.body.contains(lastCell)) {
        lastCell.focus();
      }
    });
  }

  function setCode(href, code) {
    return href.replace(/([?&]s=)[A-Z]*/, "$1" + code);
  }

  function applyUpdates(updates) {
    Array.prototype.forEach.call(updates.querySelectorAll("a[id^='c']"), function (fresh) {
      var cell = document.getElementById(fresh.id);
      if (!cell || cell === fresh) {
        return;
      }
      var code = (fresh.getAttribute("href").match(/[?&]s=([A-Z]*)/) || ["", ""])[1];
      cell.className = fresh.className;
      cell.innerHTML = fresh.innerHTML;
      cell.setAttribute("href", setCode(cell.getAttribute("href"), code));
    });
    Array.prototype.forEach.call(updates.querySelectorAll("[data-status]"), function (fresh) {
      var target = document.getElementById(fresh.dataset.status);
      if (target) {
        target.innerHTML = fresh.innerHTML;
      }
    });
    Array.prototype.forEach.call(updates.querySelectorAll("[data-h]"), function (fresh) {
      var selector = "[data-h='" + fresh.dataset.h + "']";
      Array.prototype.forEach.call(document.querySelectorAll(selector), function (target) {
        if (!updates.contains(target)) {
          target.textContent = fresh.textContent;
          target.className = fresh.className;
        }
      });
    });
    var health = updates.querySelector("[data-health]");
    var panel = document.getElementById("mx-health");
    if (health && panel) {
      panel.innerHTML = health.innerHTML;
    }
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target === body) {
      var saved = body.querySelector("[data-mx-saved]");
      if (saved) {
        var updates = body.querySelector("[data-mx-updates]");
        if (updates) {
          applyUpdates(updates);
        }
        if (status) {
          status.textContent = saved.textContent;
        }
        if (lastCell) {
          lastCell.classList.add("mx-flash");
        }
        dialog.close();
        return;
      }
      // htmx binds the new form (hx-post) only when the swap settles, a moment from now:
      // bind it before it gets the focus, or a quick Enter would post it as a plain page.
      window.htmx.process(body);
      if (!dialog.open) {
        dialog.showModal();
      }
      var focus =
        body.querySelector("#mx-conflict") ||
        body.querySelector(".is-invalid") ||
        body.querySelector("input[type=checkbox]") ||
        body.querySelector(".mx-cancel");
      if (focus) {
        if (focus.id === "mx-conflict") {
          focus.tabIndex = -1;
        }
        focus.focus();
      }
      return;
    }
    initAll(target);
  });

  initAll(document);
})();
