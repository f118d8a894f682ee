// pbx grid mode: reloads the rows from the JSON API as the column filters
// and the search change (the session cookie authenticates the GET), keeps
// the URL, the export link and the pager in step, hides columns at once and
// remembers the choice through the same form the no-JS chooser posts.
document.addEventListener("DOMContentLoaded", function () {
  var table = document.getElementById("extensions");
  var filters = document.getElementById("filters");
  var template = document.getElementById("row-template");
  if (!table || !filters || !template) return;
  var body = document.getElementById("rows-body");
  var base = table.getAttribute("data-base");
  var api = table.getAttribute("data-api");
  var state = {
    page: parseInt(table.getAttribute("data-page"), 10) || 1,
    sort: table.getAttribute("data-sort") || "",
    order: table.getAttribute("data-order") || ""
  };
  var names = ["search", "number", "name", "description", "username"];
  var timer = null;

  function params(forApi) {
    var p = new URLSearchParams();
    names.forEach(function (n) {
      var input = document.querySelector("[form=filters][name=" + n + "], #filters [name=" + n + "]");
      if (input && input.value) p.set(n, input.value);
    });
    if (state.sort) p.set("sort", state.sort);
    if (state.order) p.set("order", state.order);
    var perPage = document.getElementById("per-page").value;
    p.set("per_page", perPage);
    if (state.page > 1) p.set("page", String(state.page));
    if (!forApi) p.set("mode", "grid");
    else p.set("secrets", "false");
    return p;
  }

  function fill(row, item) {
    row.setAttribute("data-number", item.number);
    row.querySelector("input[name=numbers]").value = item.number;
    row.querySelector("input[name=numbers]").setAttribute("aria-label", "Select extension " + item.number);
    row.querySelectorAll("[data-field]").forEach(function (el) {
      var value = item[el.getAttribute("data-field")];
      el.textContent = value == null ? "" : String(value);
    });
    row.querySelectorAll("a[data-edit]").forEach(function (a) { a.href = base + "/" + encodeURIComponent(item.number); });
    row.querySelectorAll("a[data-flow]").forEach(function (a) { a.href = base + "/" + encodeURIComponent(item.number) + "/call-flow"; });
    row.querySelectorAll("a[data-provision]").forEach(function (a) {
      a.href = base + "/" + encodeURIComponent(item.number) + "/provisioning";
      a.hidden = item.kind !== "sip" && item.kind !== "pjsip";
    });
    row.querySelectorAll("[data-flag]").forEach(function (el) {
      var flag = el.getAttribute("data-flag");
      el.hidden = !((item.flags && item.flags[flag]) || item[flag] === true);
    });
    row.querySelectorAll("[data-kind]").forEach(function (el) { el.hidden = el.getAttribute("data-kind") !== item.kind; });
    row.querySelectorAll("[data-copy]").forEach(function (el) { el.setAttribute("data-copy", item.username || ""); el.hidden = !item.username; });
    var user = row.querySelector(".c-username a");
    if (user) user.hidden = !item.username;
    var secret = row.querySelector("[data-secret]");
    if (secret) {
      secret.hidden = item.kind !== "sip" && item.kind !== "pjsip";
      secret.open = false;
      secret.removeAttribute("data-loaded");
    }
    var status = row.querySelector("[data-status]");
    if (status && typeof pbxPaintStatus === "function") pbxPaintStatus(status, item.device_state);
    var tech = row.querySelector(".tech");
    if (tech) tech.className = "tech tech-" + item.kind;
  }

  function load() {
    var query = params(true);
    fetch(api + "?" + query.toString(), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (data) {
        body.textContent = "";
        data.items.forEach(function (item) {
          var row = template.content.firstElementChild.cloneNode(true);
          fill(row, item);
          body.appendChild(row);
        });
        if (!data.items.length) {
          var tr = document.createElement("tr"); tr.className = "empty";
          var td = document.createElement("td"); td.colSpan = 9; td.textContent = "No extensions match.";
          tr.appendChild(td); body.appendChild(tr);
        }
        var pages = Math.max(1, Math.ceil(data.total / data.per_page));
        var first = data.total ? (data.page - 1) * data.per_page + 1 : 0;
        var last = (data.page - 1) * data.per_page + data.items.length;
        document.getElementById("shown").textContent = data.total ? "Showing " + first + "–" + last + " of " + data.total : "No extensions";
        document.getElementById("page-of").textContent = "Page " + data.page + " of " + pages;
        table.setAttribute("data-pages", String(pages));
        var pageQuery = params(false);
        history.replaceState(null, "", base + "?" + pageQuery.toString());
        var exp = document.getElementById("export");
        var e = params(true); e.delete("page"); e.delete("per_page"); e.delete("mode");
        if (exp) exp.href = base + "/export.csv?" + e.toString();
        [["export-import-csv", "csv"], ["export-xlsx", "xlsx"]].forEach(function (pair) {
          var link = document.getElementById(pair[0]);
          if (link) { var f = new URLSearchParams(e); f.set("format", pair[1]); link.href = base + "/export?" + f.toString(); }
        });
        var back = document.querySelector("#columns-form [name=back]");
        if (back) back.value = base + "?" + pageQuery.toString();
        table.setAttribute("data-loaded", String(Date.now()));
      })
      .catch(function () { /* the server-rendered rows stay; the filter form still submits */ });
  }

  function schedule() { clearTimeout(timer); state.page = 1; timer = setTimeout(load, 250); }
  document.querySelectorAll("[form=filters], #filters input[type=search]").forEach(function (input) {
    if (input.tagName === "INPUT") input.addEventListener("input", schedule);
  });
  filters.addEventListener("submit", function (event) {
    if (event.submitter && event.submitter.form !== filters && event.submitter.getAttribute("form") === "rows") return;
    event.preventDefault(); state.page = 1; load();
  });
  document.getElementById("per-page").addEventListener("change", function (event) { event.stopImmediatePropagation(); state.page = 1; load(); }, true);
  // Pager links and sort headers reload through the API too.
  [["page-first", function () { return 1; }], ["page-prev", function () { return Math.max(1, state.page - 1); }],
   ["page-next", function () { return Math.min(parseInt(table.getAttribute("data-pages") || "1", 10), state.page + 1); }],
   ["page-last", function () { return parseInt(table.getAttribute("data-pages") || "1", 10); }]].forEach(function (pair) {
    var link = document.getElementById(pair[0]);
    if (link) link.addEventListener("click", function (event) { event.preventDefault(); state.page = pair[1](); load(); });
  });
  table.querySelectorAll("thead a[data-sort]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var column = link.getAttribute("data-sort");
      var current = state.sort || "number";
      state.order = current === column && state.order !== "desc" ? "desc" : "asc";
      state.sort = column; state.page = 1;
      table.querySelectorAll("thead th[aria-sort]").forEach(function (th) { th.setAttribute("aria-sort", "none"); th.querySelector(".sort-mark").textContent = ""; });
      var th = link.closest("th");
      th.setAttribute("aria-sort", state.order === "desc" ? "descending" : "ascending");
      th.querySelector(".sort-mark").textContent = state.order === "desc" ? "▼" : "▲";
      load();
    });
  });
  // Clicking a row (outside links and inputs) selects it, for Edit/Delete.
  body.addEventListener("click", function (event) {
    if (event.target.closest("a, button, input, summary, details")) return;
    var row = event.target.closest("tr"); if (!row) return;
    var box = row.querySelector("input[name=numbers]"); if (!box) return;
    box.checked = !box.checked; row.classList.toggle("selected", box.checked);
  });
  // Column chooser: hide at once, remember through the prefs form.
  var chooser = document.getElementById("columns-form");
  if (chooser) {
    chooser.querySelectorAll("input[data-column]").forEach(function (box) {
      box.addEventListener("change", function () {
        table.classList.toggle("hide-" + box.getAttribute("data-column"), !box.checked);
        fetch(chooser.action, { method: "POST", credentials: "same-origin", body: new URLSearchParams(new FormData(chooser)) })
          .then(function (r) { table.setAttribute("data-columns-saved", r.ok ? "yes" : "no"); });
      });
    });
  }
});
