/* Find by number in the site's search: « 7 », « action 7 », « n° 7 », « 2.1.3 », « OO 12 »,
 * « OS 3 » put the item bearing that number first among Material's results.
 *
 * Material's search (lunr, in a web worker) ranks words and cannot be told about numbers since
 * Material 9 (no query transform). This script watches the search box and the result list: when
 * the query looks like a number, it reads search/numeros.json (built with the site, read once,
 * no internet) and shows the matching item as the first result, marked with the highest score so
 * that Enter opens it; Material's own result for that page is removed to avoid a duplicate.
 * Other queries are left to Material untouched. Relies on the result list's markup
 * (.md-search-result__list, __item, __link): checked against Material 9.8.2.
 */
(function () {
  "use strict";

  // [kind or "", number]: kind "action", "os", "oo" when typed, "" for a number alone.
  var PATTERN = /^(?:(action|act\.?|os|objectif strat[ée]gique|oo|objectif op[ée]rationnel)\s*)?(?:n\s*[°o]\.?\s*)?(\d+(?:\.\d+)*[a-z]?)$/i;
  var KINDS = { "action": "action", "act": "action", "act.": "action", "os": "os", "oo": "oo" };
  var MARK = "data-pst-numero";
  var ONE = "1 document trouvé";
  var numbers = null;  // the map, once loaded
  var loading = null;

  function parse(query) {
    var match = PATTERN.exec(query.trim().replace(/\s+/g, " "));
    if (!match) return null;
    var word = (match[1] || "").toLowerCase();
    var kind = KINDS[word] || (/strat/.test(word) ? "os" : /op/.test(word) ? "oo" : "");
    return { kind: kind, numero: match[2].toLowerCase() };
  }

  function config() {
    var element = document.getElementById("__config");
    try { return JSON.parse(element.textContent); } catch (error) { return { base: "." }; }
  }

  function siteUrl(path) {
    return new URL(config().base.replace(/\/?$/, "/") + path, location.href);
  }

  function load() {
    if (!loading) {
      loading = fetch(siteUrl("search/numeros.json")).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (map) { numbers = map; return map; })
        .catch(function () { numbers = {}; return numbers; });
    }
    return loading;
  }

  // [title, url] of the item a query names, or null
  function find(query) {
    var wanted = parse(query);
    if (!wanted || !numbers) return null;
    var kinds = wanted.kind ? [wanted.kind] : ["action", "oo", "os"];
    for (var i = 0; i < kinds.length; i++) {
      var item = (numbers[kinds[i]] || {})[wanted.numero];
      if (item) return item;
    }
    return null;
  }

  function resultItem(title, href) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    item.setAttribute(MARK, href);
    var link = document.createElement("a");
    link.href = href;
    link.className = "md-search-result__link";
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    article.setAttribute("data-md-score", "1000000");  // Enter opens the best score
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var heading = document.createElement("h1");
    heading.textContent = title;
    article.appendChild(icon);
    article.appendChild(heading);
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  function samePage(a, b) {
    var x = new URL(a, location.href), y = new URL(b, location.href);
    return x.origin === y.origin && x.pathname === y.pathname;
  }

  function setup() {
    var input = document.querySelector("input.md-search__input");
    var list = document.querySelector(".md-search-result__list");
    var meta = document.querySelector(".md-search-result__meta");
    if (!input || !list) return;
    var busy = false;

    function apply() {
      if (busy) return;
      busy = true;
      try {
        var found = find(input.value);
        var href = found ? siteUrl(found[1]).href : null;
        Array.prototype.slice.call(list.children).forEach(function (item, index) {
          var ours = item.getAttribute(MARK);
          if (ours !== null) {
            if (ours !== href || index !== 0) item.remove();
            return;
          }
          var link = item.querySelector("a[href]");
          if (href && link && samePage(link.href, href)) item.remove();
        });
        if (href && !(list.firstElementChild && list.firstElementChild.getAttribute(MARK) === href)) {
          list.insertBefore(resultItem(found[0], href), list.firstElementChild);
        }
        // Material said « Aucun document trouvé »: the item found by its number is one.
        if (href && meta && list.children.length === 1 && meta.textContent !== ONE) meta.textContent = ONE;
      } finally {
        busy = false;
      }
    }

    input.addEventListener("input", function () {
      if (parse(input.value) && !numbers) load().then(apply);
      else apply();
    });
    new MutationObserver(apply).observe(list, { childList: true });
    if (meta) new MutationObserver(function () { if (!busy) apply(); }).observe(meta, { childList: true, characterData: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
