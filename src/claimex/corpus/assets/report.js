/* claimex corpus report: filters, the Vega views' data, the quotes panel, and a self-check.
   Every string from an article or a record is written with textContent, never as HTML. */
(function () {
  "use strict";
  var STANCES = ["threaten", "oppose", "support", "neutral"];
  // claim row: [speaker, target (-1: none), stance, date ("" undated), article, start, end, quote, type, alignment, date text]
  var S = 0, T = 1, ST = 2, D = 3, A = 4, B = 5, E = 6, Q = 7, QT = 8, AL = 9, DT = 10;
  var errors = [];
  window.addEventListener("error", function (ev) { errors.push(String(ev.message)); });
  document.addEventListener("securitypolicyviolation", function (ev) { errors.push("csp: " + ev.violatedDirective); });

  function byId(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  var meta = JSON.parse(byId("corpus-meta").textContent);
  var claims = JSON.parse(byId("corpus-claims").textContent);
  var ents = meta.entities;  // [id, name, type]
  var arts = meta.articles;  // [id, title, source, url, published]
  var pos = meta.network;    // entity index -> [x, y]
  var ui = {
    from: byId("f-from"), to: byId("f-to"), entity: byId("f-entity"), pair: byId("f-pair"),
    stances: Array.prototype.slice.call(document.querySelectorAll("input[name=stance]"))
  };
  var views = {};

  function passes(c) {
    var from = ui.from.value, to = ui.to.value, entity = Number(ui.entity.value);
    if ((from || to) && !c[D]) { return false; }
    if (from && c[D] < from) { return false; }
    if (to && c[D] > to) { return false; }
    if (entity >= 0 && c[S] !== entity && c[T] !== entity) { return false; }
    return ui.stances.some(function (box) { return box.checked && box.value === STANCES[c[ST]]; });
  }

  function aggregate() {
    var shown = [], nodes = new Map(), edges = new Map();
    claims.forEach(function (c, i) {
      if (!passes(c)) { return; }
      shown.push(i);
      [[c[S], "said"], [c[T], "about"]].forEach(function (pair) {
        if (pair[0] < 0) { return; }
        var node = nodes.get(pair[0]) || { said: 0, about: 0, ids: [] };
        node[pair[1]] += 1;
        node.ids.push(i);
        nodes.set(pair[0], node);
      });
      if (c[T] >= 0) {
        var key = c[S] + ">" + c[T];
        var edge = edges.get(key) || { s: c[S], t: c[T], counts: [0, 0, 0, 0], ids: [] };
        edge.counts[c[ST]] += 1;
        edge.ids.push(i);
        edges.set(key, edge);
      }
    });
    return { shown: shown, nodes: nodes, edges: edges };
  }

  function dominant(counts) {
    var best = 0;
    for (var k = 1; k < counts.length; k++) { if (counts[k] > counts[best]) { best = k; } }
    return STANCES[best];
  }

  function networkRows(agg) {
    var nodes = [], edges = [], heads = [];
    agg.nodes.forEach(function (n, idx) {
      if (!pos[idx]) { return; }
      nodes.push({ idx: idx, name: ents[idx][1], type: ents[idx][2], x: pos[idx][0], y: pos[idx][1],
                   said: n.said, about: n.about, n: n.said + n.about, label: "" });
    });
    nodes.sort(function (a, b) { return b.n - a.n || a.idx - b.idx; });
    nodes.slice(0, meta.labels).forEach(function (n) { n.label = n.name; });
    agg.edges.forEach(function (e, key) {
      if (!pos[e.s] || !pos[e.t]) { return; }
      var p = pos[e.s], q = pos[e.t], n = e.ids.length, stance = dominant(e.counts);
      edges.push({ key: key, speaker: ents[e.s][1], target: ents[e.t][1], x: p[0], y: p[1], x2: q[0], y2: q[1],
                   n: n, stance: stance });
      if (e.s !== e.t) {
        var angle = Math.atan2(q[0] - p[0], q[1] - p[1]) * 180 / Math.PI;
        heads.push({ key: key, x: p[0] + 0.82 * (q[0] - p[0]), y: p[1] + 0.82 * (q[1] - p[1]), angle: angle, stance: stance });
      }
    });
    return { nodes: nodes, edges: edges, heads: heads };
  }

  function timelineRows(agg) {
    var key = ui.pair.value, rows = [];
    if (!key) { return rows; }
    var edge = agg.edges.get(key);
    (edge ? edge.ids : []).forEach(function (i) {
      var c = claims[i];
      if (c[D]) { rows.push({ claim: i, date: c[D], stance: STANCES[c[ST]], article: arts[c[A]][0] }); }
    });
    return rows;
  }

  function topTable(table, agg, field) {
    var body = table.querySelector("tbody");
    body.textContent = "";
    var rows = [];
    agg.nodes.forEach(function (n, idx) { if (n[field] > 0) { rows.push([idx, n[field]]); } });
    rows.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    rows.slice(0, 12).forEach(function (r) {
      var tr = el("tr"), name = el("td");
      var link = el("a", "entity-link", ents[r[0]][1]);
      link.href = "#";
      link.addEventListener("click", function (ev) { ev.preventDefault(); showNode(r[0], agg); });
      name.appendChild(link);
      tr.appendChild(name);
      tr.appendChild(el("td", "muted", ents[r[0]][2]));
      tr.appendChild(el("td", "num", r[1]));
      body.appendChild(tr);
    });
  }

  function quoteItem(i) {
    var c = claims[i], art = arts[c[A]], li = el("li", "quote stance-" + STANCES[c[ST]]);
    var head = el("div", "quote-head");
    head.appendChild(el("span", "chip", STANCES[c[ST]]));
    head.appendChild(el("strong", null, " " + ents[c[S]][1] + (c[T] >= 0 ? " → " + ents[c[T]][1] : "")));
    head.appendChild(el("span", "muted", "  " + (c[D] || "undated") + (c[DT] ? " (" + c[DT] + ")" : "")));
    li.appendChild(head);
    li.appendChild(el("blockquote", null, c[Q]));
    var where = el("div", "quote-where muted");
    var title = art[1] || art[0];
    if (art[3]) {
      var a = el("a", null, title);
      a.href = art[3];
      a.rel = "noopener noreferrer";
      where.appendChild(a);
    } else {
      where.appendChild(el("span", null, title));
    }
    var offsets = c[B] === null ? "not located in the text" : "characters " + c[B] + "–" + c[E];
    where.appendChild(el("span", null, " · " + (art[2] ? art[2] + " · " : "") + "article " + art[0] + " · " +
                          offsets + " · " + c[QT] + ", " + c[AL]));
    li.appendChild(where);
    return li;
  }

  function showQuotes(title, ids) {
    var box = byId("quotes");
    box.textContent = "";
    box.appendChild(el("h3", null, title + " (" + ids.length + ")"));
    var list = el("ol", "quotes");
    ids.slice(0, 300).forEach(function (i) { list.appendChild(quoteItem(i)); });
    box.appendChild(list);
    if (ids.length > 300) { box.appendChild(el("p", "muted", "and " + (ids.length - 300) + " more; narrow the filters")); }
  }

  function showNode(idx, agg) {
    var node = (agg || aggregate()).nodes.get(idx);
    showQuotes(ents[idx][1], node ? node.ids : []);
  }

  function showEdge(key) {
    var edge = aggregate().edges.get(key);
    if (edge) { showQuotes(ents[edge.s][1] + " → " + ents[edge.t][1], edge.ids); }
  }

  function replace(view, name, rows) {
    return view.change(name, view.changeset().remove(function () { return true; }).insert(rows));
  }

  function render() {
    var agg = aggregate(), net = networkRows(agg), points = timelineRows(agg);
    replace(views.net, "nodes", net.nodes);
    replace(views.net, "edges", net.edges);
    replace(views.net, "heads", net.heads);
    replace(views.time, "points", points);
    topTable(byId("top-speakers"), agg, "said");
    topTable(byId("top-targets"), agg, "about");
    byId("shown").textContent = agg.shown.length + " of " + claims.length + " claims · " + net.nodes.length +
      " entities · " + net.edges.length + " speaker → target pairs";
    byId("pair-note").textContent = points.length + " dated claims of this pair under the filters";
    return Promise.all([views.net.resize().runAsync(), views.time.resize().runAsync()]).then(function () {
      return { claims: agg.shown.length, nodes: net.nodes.length, edges: net.edges.length, points: points.length };
    });
  }

  function fillControls() {
    ents.forEach(function (e, idx) {
      var opt = el("option", null, e[1] + " (" + e[2] + ")");
      opt.value = String(idx);
      ui.entity.appendChild(opt);
    });
    meta.pairs.forEach(function (p) {
      var opt = el("option", null, ents[p[0]][1] + " → " + ents[p[1]][1] + " (" + p[2] + ")");
      opt.value = p[0] + ">" + p[1];
      ui.pair.appendChild(opt);
    });
    if (meta.dates.length) {
      [ui.from, ui.to].forEach(function (box) { box.min = meta.dates[0]; box.max = meta.dates[1]; });
    }
    [ui.from, ui.to, ui.entity, ui.pair].concat(ui.stances).forEach(function (box) {
      box.addEventListener("change", render);
    });
    byId("f-reset").addEventListener("click", function () {
      ui.from.value = ui.to.value = "";
      ui.entity.value = "-1";
      ui.stances.forEach(function (box) { box.checked = true; });
      render();
    });
  }

  function counted(id, mark) {
    return document.querySelectorAll("#" + id + " g." + mark + " > *").length;
  }

  function domCounts(result) {
    result.dom_nodes = counted("network", "nodes_marks");
    result.dom_edges = counted("network", "edges_marks");
    result.dom_points = counted("timeline", "points_marks");
    result.shown = byId("shown").textContent;
    return result;
  }

  async function selfcheck(params) {
    var check = { base: domCounts(await render()), pairs: {}, stances: {} };
    for (var p = 0; p < Math.min(ui.pair.options.length, 8); p++) {
      ui.pair.selectedIndex = p;
      check.pairs[ui.pair.value] = domCounts(await render()).dom_points;
    }
    ui.pair.selectedIndex = 0;
    for (var s = 0; s < STANCES.length; s++) {
      ui.stances.forEach(function (box, k) { box.checked = k === s; });
      check.stances[STANCES[s]] = domCounts(await render());
    }
    ui.stances.forEach(function (box) { box.checked = true; });
    ui.from.value = params.get("from") || "";
    ui.to.value = params.get("to") || "";
    if (params.get("entity")) { ui.entity.value = params.get("entity"); }
    check.filtered = domCounts(await render());
    byId("f-reset").click();
    check.reset = domCounts(await render());
    showNode(Number(params.get("node") || 0));
    check.quotes = document.querySelectorAll("#quotes li.quote").length;
    check.errors = errors;
    check.scripts = document.scripts.length;
    check.title = document.title;
    return check;
  }

  fillControls();
  var options = { renderer: "svg", actions: false, ast: true, tooltip: true };
  Promise.all([vegaEmbed("#network", meta.specs.network, options), vegaEmbed("#timeline", meta.specs.timeline, options)])
    .then(function (embedded) {
      views.net = embedded[0].view;
      views.time = embedded[1].view;
      views.net.addEventListener("click", function (ev, item) {
        var d = item && item.datum;
        if (!d) { return; }
        if (d.key !== undefined) { showEdge(d.key); } else if (d.idx !== undefined) { showNode(d.idx); }
      });
      views.time.addEventListener("click", function (ev, item) {
        var d = item && item.datum;
        if (d && d.claim !== undefined) { showQuotes("Claim", [d.claim]); }
      });
      var hash = location.hash.slice(1);
      if (hash.indexOf("selfcheck") === 0) {
        return selfcheck(new URLSearchParams(hash.slice("selfcheck".length).replace(/^&/, ""))).then(function (check) {
          byId("selfcheck").textContent = JSON.stringify(check);
        });
      }
      var params = new URLSearchParams(hash);
      var find = function (id) { return ents.findIndex(function (e) { return e[0] === id; }); };
      if (params.get("entity") && find(params.get("entity")) >= 0) { ui.entity.value = String(find(params.get("entity"))); }
      return render().then(function () {
        if (params.get("quotes") && find(params.get("quotes")) >= 0) { showNode(find(params.get("quotes"))); }
      });
    })
    .catch(function (err) {
      errors.push(String(err));
      byId("selfcheck").textContent = JSON.stringify({ errors: errors });
    });
})();
