
(function () {
  "use strict";
  var all = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };
  var keys = ["speaker", "stance", "target"];
  var selects = {};
  keys.forEach(function (k) { selects[k] = document.getElementById("f-" + k); });
  var labels = document.getElementById("f-labels");

  function matches(el) {
    return keys.every(function (k) {
      var v = selects[k].value;
      return v === "" || el.getAttribute("data-f-" + k) === v;
    });
  }

  function apply() {
    var filtering = keys.some(function (k) { return selects[k].value !== ""; });
    var shown = {};
    all("[data-claim-id]").forEach(function (el) {
      var ok = matches(el);
      el.classList.toggle("is-off", !ok);
      if (ok) { shown[el.getAttribute("data-claim-id")] = true; }
    });
    all("[data-frag-of]").forEach(function (el) {
      el.classList.toggle("is-off", !shown[el.getAttribute("data-frag-of")]);
    });
    all("[data-group]").forEach(function (el) {
      var n = all("tr.claim-row:not(.is-off), .side-claim:not(.is-off)", el).length;
      el.classList.toggle("is-hidden", filtering && n === 0);
    });
    var count = all("tr.claim-row:not(.is-off)").length;
    document.getElementById("shown").textContent = count + " of " + all("tr.claim-row").length + " claims";
  }

  function activate(id, scroll) {
    all(".is-active").forEach(function (el) { el.classList.remove("is-active"); });
    var mark = document.getElementById("m-" + id);
    var row = document.getElementById("row-" + id);
    var side = document.getElementById("s-" + id);
    [mark, row, side].concat(all('[data-frag-of="' + id + '"]')).forEach(function (el) {
      if (el) { el.classList.add("is-active"); }
    });
    var target = scroll === "text" ? (mark || row) : scroll === "side" ? side : null;
    if (target) {
      target.scrollIntoView({ block: "center", behavior: "smooth" });
      target.classList.remove("flash");
      void target.offsetWidth;
      target.classList.add("flash");
    }
  }

  document.addEventListener("click", function (ev) {
    var link = ev.target.closest("[data-goto]");
    if (link) { ev.preventDefault(); activate(link.getAttribute("data-goto"), "text"); return; }
    var mark = ev.target.closest("mark.claim, .claim-frag");
    if (mark) {
      ev.stopPropagation();
      activate(mark.getAttribute("data-claim-id") || mark.getAttribute("data-frag-of"), "side");
    }
  });
  keys.forEach(function (k) { selects[k].addEventListener("change", apply); });
  labels.addEventListener("change", function () { document.body.classList.toggle("no-labels", !labels.checked); });
  document.getElementById("f-reset").addEventListener("click", function () {
    keys.forEach(function (k) { selects[k].value = ""; });
    apply();
  });
  apply();

  // Counts read back from the DOM after rendering, for automated checks (claimex's browser test).
  var check = {
    marks: all("mark.claim").length,
    expected_marks: Number(document.body.getAttribute("data-expected-marks")),
    fragments: all(".claim-frag").length,
    sidebar: all(".side-claim").length,
    rows: all("tr.claim-row").length,
    errors: all(".doc.error").length,
    scripts: all("script").length,
    title: document.title
  };
  if (location.hash === "#selfcheck") {
    check.visible_marks_by_stance = {};
    all("option", selects.stance).forEach(function (opt) {
      if (!opt.value) { return; }
      selects.stance.value = opt.value;
      apply();
      check.visible_marks_by_stance[opt.value] = all("mark.claim:not(.is-off)").length;
    });
    selects.stance.value = "";
    apply();
    check.shown_after_reset = document.getElementById("shown").textContent;
  }
  document.getElementById("selfcheck").textContent = JSON.stringify(check);
})();
