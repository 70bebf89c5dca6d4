// The tasks × people matrix: arrow keys move between the mandate checkboxes like in a
// spreadsheet, changed cells are marked, and leaving with unsaved changes asks first.
// Without JavaScript the matrix is a plain form: Tab moves, Space ticks, the button saves.
(function () {
  "use strict";
  var form = document.getElementById("team-matrix-form");
  var table = document.getElementById("team-matrix");
  if (!form || !table) {
    return;
  }
  var dirty = false;

  function rowBoxes(row) {
    return Array.prototype.slice.call(row.querySelectorAll("input[type=checkbox]"));
  }

  function bodyRows() {
    return Array.prototype.filter.call(table.querySelectorAll("tbody tr"), function (row) {
      return row.querySelector("input[type=checkbox]");
    });
  }

  table.addEventListener("keydown", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("input[type=checkbox]")) {
      return;
    }
    var row = box.closest("tr");
    var boxes = rowBoxes(row);
    var index = boxes.indexOf(box);
    var target = null;
    if (event.key === "ArrowRight") {
      target = boxes[index + 1];
    } else if (event.key === "ArrowLeft") {
      target = boxes[index - 1];
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      var rows = bodyRows();
      var next = rows[rows.indexOf(row) + (event.key === "ArrowDown" ? 1 : -1)];
      target = next ? rowBoxes(next)[index] : null;
    } else if (event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit();
      return;
    } else {
      return;
    }
    event.preventDefault();
    if (target) {
      target.focus();
    }
  });

  table.addEventListener("change", function (event) {
    var cell = event.target.closest("td");
    if (cell) {
      cell.classList.add("mx-changed");
      dirty = true;
    }
  });

  form.addEventListener("submit", function () {
    dirty = false;
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
