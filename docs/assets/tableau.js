/* Tableau de bord: filter and sort the actions table in the browser.
 *
 * Without JavaScript the page is a plain, complete table (the form stays hidden). The filter
 * state lives in the URL query (?statut=en+cours&service=…), so a filtered view can be shared
 * by link; the count of shown rows is announced to screen readers. Shipped with the site: no
 * CDN, no dependency.
 */
(function () {
  "use strict";

  function setup(form) {
    var table = document.getElementById(form.getAttribute("data-pst-filters"));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = form.querySelector(".pst-filters__count");
    var fields = Array.prototype.slice.call(form.elements).filter(function (el) {
      return el.name;
    });

    function read() {
      var state = {};
      fields.forEach(function (el) {
        if (el.value) state[el.name] = el.value;
      });
      return state;
    }

    function matches(row, state) {
      for (var name in state) {
        var wanted = state[name];
        if (name === "q") {
          if (row.textContent.toLowerCase().indexOf(wanted.toLowerCase()) < 0) return false;
        } else if (name === "apres" || name === "avant") {
          var due = row.getAttribute("data-echeance");
          if (!due) return false;
          if (name === "apres" && due < wanted) return false;
          if (name === "avant" && due > wanted) return false;
        } else {
          // OO and flags are space-separated lists (an action in two OO, several flags); other
          // values (statut "en cours", service names) are compared whole.
          var raw = row.getAttribute("data-" + name) || "";
          var values = (name === "oo" || name === "drapeaux") ? raw.split(" ") : [raw];
          if (values.indexOf(wanted) < 0) return false;
        }
      }
      return true;
    }

    function apply(pushUrl) {
      var state = read();
      var shown = 0;
      rows.forEach(function (row) {
        var ok = matches(row, state);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " action" + (shown > 1 ? "s" : "") + " affichée" +
        (shown > 1 ? "s" : "") + " sur " + rows.length;
      if (pushUrl) {
        var query = new URLSearchParams(state).toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }

    var params = new URLSearchParams(location.search);
    fields.forEach(function (el) {
      if (params.has(el.name)) el.value = params.get(el.name);
    });
    form.addEventListener("input", function () { apply(true); });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () {
      setTimeout(function () { apply(true); }, 0);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply(false);
    sortable(table, rows);
  }

  function sortable(table, rows) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pst-sort";
      button.textContent = th.textContent;
      button.setAttribute("aria-label", "Trier par " + th.textContent);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var sorted = rows.slice().sort(function (a, b) {
          return compare(key(a.cells[index]), key(b.cells[index])) * (ascending ? 1 : -1);
        });
        var body = table.tBodies[0];
        sorted.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function key(cell) {
    var value = cell.getAttribute("data-value");
    if (value === null) {
      var time = cell.querySelector("time");
      value = time ? time.getAttribute("datetime") : cell.textContent.trim();
    }
    return value;
  }

  // "2.10" after "2.9"; empty values last
  function compare(a, b) {
    if (a === b) return 0;
    if (a === "") return 1;
    if (b === "") return -1;
    var pa = a.split("."), pb = b.split(".");
    if (/^\d+(\.\d+)*$/.test(a) && /^\d+(\.\d+)*$/.test(b)) {
      for (var i = 0; i < Math.max(pa.length, pb.length); i++) {
        var d = (parseInt(pa[i] || "0", 10)) - (parseInt(pb[i] || "0", 10));
        if (d) return d;
      }
      return 0;
    }
    return a.localeCompare(b, "fr");
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-pst-filters]"), setup);
  });
})();
