// pbx: small progressive enhancements. Every action also works without
// JavaScript; this only saves clicks.
document.documentElement.classList.add("js");

// The device-state dot of a list row: class, tooltip and spoken text.
var pbxStatusLabels = {
  not_in_use: "Registered, idle", in_use: "In a call", busy: "Busy", ringing: "Ringing",
  ring_in_use: "In a call, ringing", on_hold: "On hold", unavailable: "Not registered",
  invalid: "Invalid device", unknown: "State unknown"
};
function pbxPaintStatus(slot, state) {
  var label = (state && pbxStatusLabels[state]) || "";
  slot.className = "status-slot" + (label ? " status-" + state : "");
  slot.setAttribute("data-status", label ? state : "");
  if (label) slot.title = label; else slot.removeAttribute("title");
  slot.textContent = "";
  if (label) {
    var spoken = document.createElement("span");
    spoken.className = "sr";
    spoken.textContent = label;
    slot.appendChild(spoken);
  }
}
document.addEventListener("DOMContentLoaded", function () {
  // Selects that submit their form on change (tenant selector, page size).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // Select-all checkbox of the list.
  var all = document.getElementById("select-all");
  if (all) {
    all.addEventListener("change", function () {
      document.querySelectorAll("#rows-body input[name=numbers]").forEach(function (box) {
        box.checked = all.checked;
        box.closest("tr").classList.toggle("selected", all.checked);
      });
    });
  }
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.name === "numbers" && box.closest("tr")) {
      box.closest("tr").classList.toggle("selected", box.checked);
    }
  });
  // Copy-to-clipboard buttons.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    event.preventDefault();
    if (navigator.clipboard) navigator.clipboard.writeText(button.getAttribute("data-copy"));
    button.title = "Copied";
  });
  // The list's eye: a row's secret is fetched when revealed (each reveal
  // is audited); without JavaScript the link opens the extension instead.
  document.addEventListener("toggle", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("details[data-secret]") || !box.open || box.hasAttribute("data-loaded")) return;
    var row = box.closest("tr[data-number]");
    var list = document.getElementById("extensions");
    var shown = box.querySelector("[data-secret-value]");
    if (!row || !list || !shown) return;
    box.setAttribute("data-loaded", "");
    var url = list.getAttribute("data-api") + "/" + encodeURIComponent(row.getAttribute("data-number")) + "/secret";
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (data) { shown.textContent = data.secret || ""; })
      .catch(function () { box.removeAttribute("data-loaded"); shown.textContent = "Could not load the password"; });
  }, true);
  // Number lists (virtual extension members): chips for the numbers in
  // the field, and an input that searches the tenant's extensions and
  // adds the one picked. The comma-separated field stays what is posted.
  var form = document.getElementById("edit-form");
  document.querySelectorAll("input[data-number-picker]").forEach(function (field) {
    var api = form && form.getAttribute("data-extensions-api");
    if (!api) return;
    var chips = document.createElement("ul");
    chips.className = "chips member-chips";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "member-search";
    search.placeholder = "Add a member: number or name";
    search.setAttribute("aria-label", "Add a member");
    var options = document.createElement("datalist");
    options.id = field.id + "-options";
    search.setAttribute("list", options.id);
    field.insertAdjacentElement("afterend", chips);
    chips.insertAdjacentElement("afterend", search);
    search.insertAdjacentElement("afterend", options);
    var numbers = function () {
      return field.value.split(",").map(function (n) { return n.trim(); }).filter(Boolean);
    };
    var draw = function () {
      chips.textContent = "";
      numbers().forEach(function (number) {
        var chip = document.createElement("li");
        chip.textContent = number + " ";
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "chip-remove";
        remove.textContent = "×";
        remove.setAttribute("aria-label", "Remove member " + number);
        remove.addEventListener("click", function () {
          field.value = numbers().filter(function (n) { return n !== number; }).join(",");
          draw();
        });
        chip.appendChild(remove);
        chips.appendChild(chip);
      });
    };
    var add = function (number) {
      if (!/^[0-9]+$/.test(number) || numbers().indexOf(number) >= 0) return false;
      field.value = numbers().concat([number]).join(",");
      draw();
      return true;
    };
    var timer = null;
    search.addEventListener("input", function () {
      var typed = search.value.trim();
      var picked = typed.split(" ")[0];
      var known = Array.prototype.some.call(options.options, function (o) { return o.value === typed; });
      if (known && add(picked)) { search.value = ""; return; }
      clearTimeout(timer);
      if (!typed) return;
      timer = setTimeout(function () {
        fetch(api + "?per_page=10&secrets=false&search=" + encodeURIComponent(typed), { credentials: "same-origin", headers: { "Accept": "application/json" } })
          .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
          .then(function (data) {
            options.textContent = "";
            data.items.forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.number + " " + item.name;
              options.appendChild(option);
            });
          })
          .catch(function () { options.textContent = ""; });
      }, 200);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      if (add(search.value.trim().split(" ")[0])) search.value = "";
    });
    field.addEventListener("change", draw);
    draw();
  });
  // Password reveal buttons on forms.
  document.querySelectorAll("[data-reveal]").forEach(function (button) {
    button.addEventListener("click", function () {
      var input = document.getElementById(button.getAttribute("data-reveal"));
      input.type = input.type === "password" ? "text" : "password";
    });
  });
  // The swapped-arrow button switches - and _ in place (the no-JS version
  // asks the server to do the same).
  var swap = document.getElementById("swap-username");
  if (swap) {
    swap.addEventListener("click", function (event) {
      var input = document.getElementById("f-username");
      var number = input.getAttribute("data-number") || (document.getElementById("f-number") || {}).value || "";
      var value = input.value || (number + "-" + input.getAttribute("data-tenant"));
      var dash = value.indexOf("-"), under = value.indexOf("_");
      if (dash >= 0 && (under < 0 || dash < under)) value = value.slice(0, dash) + "_" + value.slice(dash + 1);
      else if (under >= 0) value = value.slice(0, under) + "-" + value.slice(under + 1);
      input.value = value;
      event.preventDefault();
    });
  }
  // Trunk options show only while Trunk is checked.
  var trunk = document.getElementById("f-trunk");
  if (trunk) {
    var sync = function () {
      document.querySelectorAll("[data-trunk-option]").forEach(function (field) {
        field.hidden = !trunk.checked;
      });
    };
    trunk.addEventListener("change", sync);
    sync();
  }
  // Live device states: the dots of the rows shown are refreshed every
  // ten seconds while the page is visible.
  var list = document.getElementById("extensions");
  if (list && list.hasAttribute("data-live-status")) {
    var refresh = function () {
      if (document.hidden) return;
      var slots = {};
      document.querySelectorAll("#rows-body tr[data-number]").forEach(function (row) {
        var slot = row.querySelector("[data-status]");
        if (slot) slots[row.getAttribute("data-number")] = slot;
      });
      var numbers = Object.keys(slots);
      if (!numbers.length) return;
      var url = list.getAttribute("data-api") + "/device-states?numbers=" + encodeURIComponent(numbers.join(","));
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (data) {
          Object.keys(data.states || {}).forEach(function (number) {
            if (slots[number]) pbxPaintStatus(slots[number], data.states[number]);
          });
        })
        .catch(function () { /* the next round tries again */ });
    };
    setInterval(refresh, 10000);
  }
});
