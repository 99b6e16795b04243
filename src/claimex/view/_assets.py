"""The inline CSS and JavaScript of the pages (no external resources: the pages work from file://)."""

from __future__ import annotations

BASE_CSS = r"""
:root{
  --ink:#1d2330;--muted:#667085;--line:#e3e7ee;--bg:#f5f6f8;--card:#fff;--accent:#2f5bd3;
  --threaten:#c4243a;--oppose:#e07b12;--support:#23915a;--neutral:#5873a0;
  --good:#23915a;--bad:#c4243a;--warn:#d08a00;--fp:#8a4fc4;
}
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent);text-decoration:none}
a:hover{text-decoration:underline}
h1,h2,h3{line-height:1.25;margin:0}
h1{font-size:20px}
h2{font-size:18px}
h3{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:18px 0 8px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px}
.muted{color:var(--muted)}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 22px;margin:0 0 18px;
  box-shadow:0 1px 2px rgba(16,24,40,.04)}
.notice{border-radius:8px;padding:8px 12px;margin:8px 0;font-size:13px}
.notice.warn{background:#fff7e0;border:1px solid #f1d68a}
.notice.err{background:#fdecee;border:1px solid #f3b6bf}
.chip{display:inline-block;border-radius:999px;padding:0 8px;font-size:11px;font-weight:600;line-height:18px;
  color:#fff;background:var(--c,#888);white-space:nowrap}
.stance-threaten{--c:var(--threaten);--tint:rgba(196,36,58,.15)}
.stance-oppose{--c:var(--oppose);--tint:rgba(224,123,18,.18)}
.stance-support{--c:var(--support);--tint:rgba(35,145,90,.16)}
.stance-neutral{--c:var(--neutral);--tint:rgba(88,115,160,.15)}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0;font-size:12px}
dl.kv dt{color:var(--muted)}
dl.kv dd{margin:0;word-break:break-all}
.topbar{background:#1d2330;color:#fff;padding:12px 22px;display:flex;flex-wrap:wrap;align-items:center;gap:10px 22px}
.topbar h1{font-size:17px;font-weight:650}
.topbar .summary{color:#c9d1e0;font-size:13px}
.legend{display:flex;gap:6px}
#selfcheck{display:none}
"""

CLAIMS_CSS = r"""
body{height:100vh;display:flex;flex-direction:column;overflow:hidden}
.filters{display:flex;flex-wrap:wrap;align-items:center;gap:8px 14px;margin-left:auto;font-size:13px}
.filters label{display:flex;align-items:center;gap:6px;color:#c9d1e0}
.filters select{font:inherit;border-radius:6px;border:1px solid #3b4456;background:#2a3142;color:#fff;padding:3px 6px;max-width:220px}
.filters button{font:inherit;border-radius:6px;border:1px solid #4a5468;background:transparent;color:#fff;padding:3px 10px;cursor:pointer}
#shown{color:#fff;font-weight:600;font-variant-numeric:tabular-nums}
.layout{flex:1;min-height:0;display:grid;grid-template-columns:350px minmax(0,1fr)}
.sidebar{overflow:auto;border-right:1px solid var(--line);background:#fbfbfc;padding:10px 10px 40px}
.sidebar h4{margin:14px 6px 6px;font-size:12px;color:var(--muted);font-weight:650;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sidebar ol{list-style:none;margin:0;padding:0}
.side-claim{display:block;padding:6px 8px 6px 12px;border-radius:7px;color:var(--ink);border-left:3px solid var(--c);margin:2px 0}
.side-claim:hover{background:#eef1f7;text-decoration:none}
.side-claim.is-active{background:#e4eaf8}
.side-claim .who{font-weight:600}
.side-claim .tgt{color:var(--muted)}
.side-claim .chip{float:right;margin-left:6px}
.side-claim .q{display:block;color:#4a5263;font-size:12px;line-height:1.4;margin-top:2px}
.side-claim.ungrounded .q{font-style:italic}
.side-claim .nt{font-size:10px;font-weight:700;color:var(--bad);text-transform:uppercase;letter-spacing:.04em}
main{overflow:auto;padding:22px 28px 80px;scroll-padding:80px}
.doc{max-width:900px;margin:0 auto 22px}
.doc .meta{color:var(--muted);font-size:12.5px;margin-top:4px}
.doc .meta span+span::before{content:"·";margin:0 7px;color:#b0b7c4}
.doc.error{border-color:#f3b6bf;background:#fffafa}
.doc.is-hidden,.side-group.is-hidden{display:none}
.text{font:16.5px/1.75 Georgia,"Iowan Old Style","Times New Roman",serif;white-space:pre-wrap;word-wrap:break-word;
  margin:14px 0 6px;color:#20242c}
mark.claim,.claim-frag{background:var(--tint);color:inherit;border-bottom:2px solid var(--c);border-radius:2px;
  padding:1px 0;cursor:pointer;transition:background .2s}
mark.claim mark.claim,mark.claim .claim-frag{border-bottom-style:double;border-bottom-width:4px}
mark.claim::before{content:attr(data-label);font:600 10.5px/1 system-ui,sans-serif;color:#fff;background:var(--c);
  border-radius:4px;padding:2px 5px 3px;margin-right:4px;vertical-align:2px;white-space:nowrap}
body.no-labels mark.claim::before{display:none}
mark.claim.is-off,.claim-frag.is-off{background:transparent;border-bottom-color:transparent}
mark.claim.is-off::before{display:none}
mark.claim.is-active,.claim-frag.is-active{background:rgba(47,91,211,.22);outline:2px solid var(--accent);outline-offset:1px}
.flash{animation:flash 1.4s ease-out}
@keyframes flash{0%{box-shadow:0 0 0 6px rgba(47,91,211,.45)}100%{box-shadow:0 0 0 0 rgba(47,91,211,0)}}
table.claims{font-size:12.5px}
table.claims tr.is-off{display:none}
table.claims tr.is-active td{background:#eef2fb}
table.claims td.quote{max-width:360px;color:#3a4150}
.al{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.04em}
.al-exact{color:var(--good)}.al-fuzzy{color:var(--warn)}.al-none{color:var(--bad)}
.prov{margin-top:14px;border-top:1px dashed var(--line);padding-top:10px}
.prov summary{cursor:pointer;color:var(--muted);font-size:12px}
.prov dl{margin-top:8px}
"""

CLAIMS_JS = r"""
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
"""

REPORT_CSS = r"""
.wrap{max-width:1240px;margin:0 auto;padding:22px 26px 80px}
.grid3{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:18px}
.grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:18px}
.grid3 .card,.grid2 .card{margin:0}
.section{margin-top:22px}
.stat h2{font-size:14px;margin-bottom:10px}
.metric{display:grid;grid-template-columns:78px 54px 1fr;align-items:center;gap:8px;margin:6px 0;font-size:13px}
.metric .v{font-weight:650;font-variant-numeric:tabular-nums;text-align:right}
.metric.big .v{font-size:16px}
.metric.big{font-weight:650}
.metric .ci{grid-column:3;font-size:11px;color:var(--muted);font-variant-numeric:tabular-nums}
.bar{position:relative;height:10px;background:#edf0f5;border-radius:5px}
.bar .fill{position:absolute;left:0;top:0;bottom:0;border-radius:5px;background:var(--accent);opacity:.85}
.bar .whisk{position:absolute;top:-3px;bottom:-3px;border-left:2px solid #1d2330;border-right:2px solid #1d2330;opacity:.55}
.bar .whisk::after{content:"";position:absolute;left:0;right:0;top:50%;border-top:2px solid #1d2330}
.fields .metric{grid-template-columns:170px 54px 1fr 70px}
.fields .right{font-size:11px;color:var(--muted);text-align:right}
#confusion{width:auto;margin:6px auto;border-collapse:separate;border-spacing:4px}
#confusion th,#confusion td{text-align:center;border:none;padding:0;vertical-align:middle}
#confusion td{width:76px;min-width:76px;height:50px;font-weight:650;font-size:15px;border-radius:6px;
  background:linear-gradient(rgba(var(--rgb),var(--a)),rgba(var(--rgb),var(--a))),#f4f5f8;color:var(--fg,#1d2330)}
#confusion td[data-count="0"]{color:#b3b9c5;font-weight:500}
#confusion td.diag{--rgb:35,145,90}
#confusion td.off{--rgb:196,36,58}
#confusion th{font-size:11px;padding:4px 6px}
#confusion th.rowh{text-align:right}
#confusion .axis{font-size:11px;color:var(--muted);font-weight:500}
table.per td,table.per th{font-size:12.5px}
table.per td.num{white-space:nowrap}
.mini{display:inline-block;width:48px;height:6px;background:#edf0f5;border-radius:3px;vertical-align:middle;margin-left:6px;position:relative}
.mini i{position:absolute;left:0;top:0;bottom:0;border-radius:3px;background:var(--accent)}
.status{font-size:11px;font-weight:700;text-transform:uppercase}
.status-ok{color:var(--good)}.status-error,.status-missing{color:var(--bad)}
.toolbar{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;margin:8px 0 14px;font-size:13px}
.toolbar label{display:flex;gap:5px;align-items:center;cursor:pointer}
.vrow.is-off{display:none}
table.pairs{table-layout:fixed}
table.pairs td{padding:8px}
table.pairs td.verdict{width:150px;text-align:center}
.cc{border:1px solid var(--line);border-radius:8px;padding:8px 10px;background:#fff}
.cc .hd{display:flex;flex-wrap:wrap;gap:4px 6px;align-items:center}
.cc .who{font-weight:650}
.cc .q{margin:6px 0 4px;font:14px/1.5 Georgia,"Times New Roman",serif;color:#2a303b}
.cc .q::before{content:"\201C"}.cc .q::after{content:"\201D"}
.cc .ft{font-size:11.5px;color:var(--muted)}
.f.bad{background:#fde3e6;color:#9b1226;border-radius:4px;padding:0 4px;text-decoration:line-through;text-decoration-color:rgba(155,18,38,.5)}
.f.exp{background:#dff3e8;color:#135f3a;border-radius:4px;padding:0 4px}
.chip.f.bad,.chip.f.exp{text-decoration:none;box-shadow:0 0 0 2px #fff,0 0 0 4px var(--frame)}
.chip.f.bad{--frame:var(--bad);color:#fff;background:var(--c)}
.chip.f.exp{--frame:var(--good);color:#fff;background:var(--c)}
.vb{display:inline-block;border-radius:6px;padding:2px 8px;font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:#fff}
.v-matched .vb{background:var(--good)}
.v-wrong .vb{background:var(--warn)}
.v-missed .vb{background:var(--bad)}
.v-fp .vb{background:var(--fp)}
.v-missed td.gold .cc{border-color:#f3b6bf;background:#fffafa}
.v-fp td.pred .cc{border-color:#d9c2f0;background:#fcf9ff}
.v-wrong td .cc{border-color:#f0d9a0}
.empty{color:#a0a7b4;font-style:italic;text-align:center;padding-top:18px}
.verdict .why{display:block;font-size:11.5px;color:#7a5a00;margin-top:4px}
.verdict .sim{display:block;font-size:11px;color:var(--muted);margin-top:2px}
.art-h{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 14px}
.art-h .counts{font-size:12.5px;color:var(--muted)}
.delta-bar{position:relative;height:14px;background:#f1f3f7;border-radius:3px;min-width:160px}
.delta-bar .zero{position:absolute;left:50%;top:-2px;bottom:-2px;border-left:1px solid #8a93a3}
.delta-bar .ci{position:absolute;top:4px;height:6px;border-radius:3px;background:#98a2b3}
.delta-bar .pt{position:absolute;top:1px;width:12px;height:12px;margin-left:-6px;border-radius:50%;background:#475467}
.up .delta-bar .ci{background:#86cfa6}.up .delta-bar .pt{background:var(--good)}
.down .delta-bar .ci{background:#f0a0ab}.down .delta-bar .pt{background:var(--bad)}
.up .d{color:var(--good);font-weight:650}.down .d{color:var(--bad);font-weight:650}
tr.change td.before,tr.change td.after{white-space:nowrap}
tr.better td.after{color:var(--good);font-weight:600}
tr.worse td.after{color:var(--bad);font-weight:600}
"""

REPORT_JS = r"""
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
"""
