
(function () {
  "use strict";
  var all = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  var boxes = all("input[data-verdict]");
  function apply() {
    var on = {};
    boxes.forEach(function (b) { on[b.getAttribute("data-verdict")] = b.checked; });
    all(".vrow").forEach(function (row) {
      row.classList.toggle("is-off", on[row.getAttribute("data-v")] === false);
    });
  }
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  apply();
  // Counts read back from the DOM after rendering, for automated checks (claimex's browser test).
  var check = { scripts: all("script").length, title: document.title, rows: {} };
  all(".vrow").forEach(function (row) {
    var v = row.getAttribute("data-v");
    check.rows[v] = (check.rows[v] || 0) + 1;
  });
  var cells = all("#confusion td[data-count]");
  if (cells.length) {
    check.confusion_cells = cells.length;
    check.confusion_sum = cells.reduce(function (s, td) { return s + Number(td.getAttribute("data-count")); }, 0);
  }
  check.matched = Number(document.body.getAttribute("data-matched"));
  check.changes = all("tr.change").length;
  document.getElementById("selfcheck").textContent = JSON.stringify(check);
})();
