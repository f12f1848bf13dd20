/* Tableau de bord: filter, sort, count and download the actions table in the browser.
 *
 * Without JavaScript the page is a plain, complete table (the filters stay hidden). The filter
 * state lives in the URL query (?statut=en+cours&drapeaux=prioritaire…; the text is « texte »,
 * as Material reads « q » to open its search), so a filtered view can
 * be shared by link; the count of shown rows is announced to screen readers. A number typed
 * alone in the text field (« 7 », « action 7 », « n° 7 », « 2.1.3 ») puts that action first;
 * « OS 3 » and « OO 12 » keep the actions of that objective. « Télécharger cette vue » keeps
 * the lines of the site's CSV export whose N° is shown: same columns, separator and encoding.
 * Shipped with the site: no CDN, no dependency.
 */
(function () {
  "use strict";

  var CLOSED = ["finalisé", "annulé"];
  // « 7 », « action 7 », « n° 7 », « Action n°2.1.3 », « OS 3 », « OO 1.2 »
  var NUMBER_QUERY = /^(?:(action|act\.?|os|oo)\s*)?(?:n\s*[°o]\.?\s*)?(\d+(?:\.\d+)*[a-z]?)$/i;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function numberQuery(text) {
    var match = NUMBER_QUERY.exec(text.trim().replace(/\s+/g, " "));
    if (!match) return null;
    var kind = (match[1] || "action").toLowerCase().replace(/^act\.?$/, "action");
    return { kind: kind, numero: match[2].toLowerCase() };
  }

  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  // A table wider than its place (a plan with many columns, a tablet) scrolls sideways in its
  // frame rather than losing its right-hand columns: Material hides the page's sideways
  // overflow. Only then, since a frame that scrolls holds the sticky header row in it.
  function fitWidth(table) {
    var wrap = table.parentElement;
    var check = function () {
      wrap.classList.remove("pst-dashboard-wrap--scroll");
      var fits = table.getBoundingClientRect().right <= wrap.getBoundingClientRect().right + 1;
      wrap.classList.toggle("pst-dashboard-wrap--scroll", !fits);
    };
    check();
    window.addEventListener("resize", check);
  }

  function setup(form) {
    var table = document.getElementById(form.getAttribute("data-pst-filters"));
    if (!table) return;
    fitWidth(table);
    var body = table.tBodies[0];
    var order = Array.prototype.slice.call(body.rows);  // current sort order
    var total = order.length;
    var texts = new Map();
    order.forEach(function (row) { texts.set(row, fold(row.textContent)); });
    var count = form.querySelector(".pst-filters__count");
    var box = form.closest("[data-pst-filterbox]");
    var summary = box ? box.querySelector("summary") : null;
    var summaryText = summary ? summary.textContent : "";
    var tally = document.querySelector("[data-pst-counts='" + table.id + "']");
    var osSelect = form.elements.os;
    var ooSelect = form.elements.oo;
    var fields = Array.prototype.slice.call(form.elements).filter(function (el) {
      return el.name;
    });
    var shownRows = order;

    function read() {
      var state = new URLSearchParams();
      fields.forEach(function (el) {
        if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
        if (el.value) state.append(el.name, el.value);
      });
      return state;
    }

    function write(params) {
      fields.forEach(function (el) {
        var values = params.getAll(el.name);
        if (el.type === "checkbox" || el.type === "radio") {
          el.checked = values.indexOf(el.value) >= 0;
        } else if (values.length) {
          el.value = values[0];
        }
      });
    }

    function matcher(state) {
      var tests = [];
      var exact = null;
      var q = (state.get("texte") || "").trim();
      if (q) {
        var number = numberQuery(q);
        if (number && number.kind === "os") {
          tests.push(function (row) { return fold(row.getAttribute("data-os")).split(" ").indexOf(number.numero) >= 0; });
        } else if (number && number.kind === "oo") {
          tests.push(function (row) {
            return fold(row.getAttribute("data-oo")).split(" ").indexOf(number.numero) >= 0;
          });
        } else {
          if (number) {
            exact = order.filter(function (row) {
              return fold(row.getAttribute("data-numero")) === number.numero;
            })[0] || null;
          }
          var words = fold(q);
          tests.push(function (row) { return row === exact || texts.get(row).indexOf(words) >= 0; });
        }
      }
      ["service", "statut", "sante"].forEach(function (name) {
        var wanted = state.get(name);
        if (wanted) tests.push(function (row) { return (row.getAttribute("data-" + name) || "") === wanted; });
      });
      // A shared action is in several volets, OS and OO: its row lists them all.
      ["groupe", "os", "oo"].forEach(function (name) {
        var wanted = state.get(name);
        if (wanted) tests.push(function (row) { return (row.getAttribute("data-" + name) || "").split(" ").indexOf(wanted) >= 0; });
      });
      state.getAll("drapeaux").forEach(function (flag) {
        tests.push(function (row) { return (row.getAttribute("data-drapeaux") || "").split(" ").indexOf(flag) >= 0; });
      });
      if (state.get("retard")) {
        var now = today();
        tests.push(function (row) {
          var due = row.getAttribute("data-echeance");
          return !!due && due < now && CLOSED.indexOf(row.getAttribute("data-statut")) < 0;
        });
      }
      var after = state.get("apres"), before = state.get("avant"), undated = state.get("sans-echeance");
      if (after || before || undated) {
        tests.push(function (row) {
          var due = row.getAttribute("data-echeance");
          if (!due) return undated !== "exclues";
          if (undated === "seules") return false;
          return !(after && due < after) && !(before && due > before);
        });
      }
      return {
        exact: exact,
        test: function (row) {
          for (var i = 0; i < tests.length; i++) if (!tests[i](row)) return false;
          return true;
        }
      };
    }

    function narrowOos() {
      if (!osSelect || !ooSelect) return;
      var os = osSelect.value;
      Array.prototype.forEach.call(ooSelect.options, function (option) {
        var other = !!os && option.value !== "" && option.getAttribute("data-os") !== os;
        option.hidden = other;
        option.disabled = other;
      });
      var chosen = ooSelect.options[ooSelect.selectedIndex];
      if (chosen && chosen.disabled) ooSelect.value = "";
    }

    function updateTally(rows) {
      if (!tally) return;
      Array.prototype.forEach.call(tally.querySelectorAll("[data-statut], [data-sante]"), function (item) {
        var name = item.hasAttribute("data-statut") ? "statut" : "sante";
        var value = item.getAttribute("data-" + name);
        var n = rows.filter(function (row) { return row.getAttribute("data-" + name) === value; }).length;
        item.querySelector("strong").textContent = n;
        item.classList.toggle("pst-view-counts__item--zero", n === 0);
      });
    }

    function apply(pushUrl) {
      narrowOos();
      var state = read();
      var match = matcher(state);
      var rows = order.slice();
      if (match.exact) {
        rows.splice(rows.indexOf(match.exact), 1);
        rows.unshift(match.exact);
      }
      shownRows = [];
      rows.forEach(function (row) {
        var ok = match.test(row);
        row.hidden = !ok;
        row.classList.toggle("pst-row--exact", row === match.exact);
        if (ok) shownRows.push(row);
        body.appendChild(row);
      });
      var shown = shownRows.length;
      count.textContent = shown + " action" + (shown > 1 ? "s" : "") + " affichée" +
        (shown > 1 ? "s" : "") + " sur " + total;
      updateTally(shownRows);
      var active = Array.from(state.keys()).length;
      if (summary) {
        summary.textContent = summaryText + (active ? " (" + active + " filtre" + (active > 1 ? "s" : "") + " actif" + (active > 1 ? "s" : "") + ")" : "");
      }
      if (pushUrl) {
        var query = state.toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
    }

    write(new URLSearchParams(location.search));
    form.addEventListener("input", function () { apply(true); });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () {
      setTimeout(function () { apply(true); }, 0);
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var download = form.querySelector("[data-pst-download]");
    if (download) {
      download.addEventListener("click", function () {
        downloadView(download.getAttribute("data-pst-download"), shownRows, count);
      });
    }
    if (box) {
      box.hidden = false;
      // On a phone the filters start folded: the actions come first.
      if (window.matchMedia("(max-width: 47.99em)").matches) box.open = false;
    }
    apply(false);
    sortable(table, function (sorted) { order = sorted; apply(false); });
  }

  // --- « Télécharger cette vue » -------------------------------------------------------------

  // The records of a CSV text, each exactly as written (quotes kept); quoted fields may hold
  // separators and line breaks.
  function csvRecords(text) {
    var records = [], start = 0, quoted = false;
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === "\r" && text[i + 1] === "\n") {
        records.push(text.slice(start, i));
        start = i + 2;
        i += 1;
      }
    }
    if (start < text.length) records.push(text.slice(start));
    return records;
  }

  function firstField(record) {
    var field = record.charAt(0) === '"'
      ? record.slice(1, record.indexOf('"', 1))  // numbers never hold quotes
      : record.split(";")[0];
    return field.replace(/^'/, "");  // formula guard of the export
  }

  function downloadView(url, rows, status) {
    var wanted = new Set(rows.map(function (row) { return row.getAttribute("data-numero"); }));
    fetch(url).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.text();  // the BOM is dropped here: put back below
    }).then(function (text) {
      var records = csvRecords(text.replace(/^\ufeff/, ""));
      var kept = [records[0]].concat(records.slice(1).filter(function (record) {
        return wanted.has(firstField(record));
      }));
      var blob = new Blob(["\ufeff" + kept.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "tableau-de-bord-vue.csv";
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    }).catch(function () {
      status.textContent = "Téléchargement impossible depuis cette copie du site : utilisez le fichier complet tableau-de-bord.csv.";
    });
  }

  // --- Sorting ---------------------------------------------------------------------------------

  function sortable(table, done) {
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
        var rows = Array.prototype.slice.call(table.tBodies[0].rows);
        rows.sort(function (a, b) {
          return compare(key(a.cells[index]), key(b.cells[index])) * (ascending ? 1 : -1);
        });
        done(rows);
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
