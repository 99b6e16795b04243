"""Jinja2 templates, kept in the package as strings so they ship with it (autoescape on)."""

from __future__ import annotations

BASE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; \
script-src '{{ script_hash }}'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="generator" content="claimex {{ version }}">
<title>{{ title }}</title>
<style>{{ css }}</style>
</head>
{% block body %}{% endblock %}
</html>
"""

MACROS = """\
{% macro stance_chip(stance, cls="") -%}
<span class="chip stance-{{ stance }} {{ cls }}">{{ stance }}</span>
{%- endmacro %}

{% macro bar(mv) -%}
<div class="bar">
{%- if mv.value is not none %}<div class="fill" style="width:{{ pct(mv.value) }}%"></div>{% endif -%}
{%- if mv.low is not none and mv.high is not none -%}
<div class="whisk" style="left:{{ pct(mv.low) }}%;width:{{ pct(mv.high - mv.low) }}%"></div>
{%- endif -%}
</div>
{%- endmacro %}

{% macro ci(mv) -%}
{%- if mv.low is not none and mv.high is not none %}[{{ num(mv.low) }}, {{ num(mv.high) }}]{% endif -%}
{%- endmacro %}
"""

CLAIMS = """\
{% extends "base.html" %}
{% from "macros.html" import stance_chip %}
{% block body %}
<body data-expected-marks="{{ totals.highlighted }}">
<header class="topbar">
  <h1>{{ title }}</h1>
  <div class="summary">{{ totals.articles }} article{{ "s" if totals.articles != 1 }} ·
    {{ totals.claims }} claims ({{ totals.highlighted }} highlighted, {{ totals.claims - totals.highlighted }}
    not in the text){% if totals.errors %} · {{ totals.errors }} error{{ "s" if totals.errors != 1 }}{% endif %}</div>
  <div class="legend">{% for s in stances %}{{ stance_chip(s) }}{% endfor %}</div>
  <form class="filters" id="filters" onsubmit="return false">
    <label>Speaker <select id="f-speaker"><option value="">all</option>
      {% for key, name, n in speakers %}<option value="{{ key }}">{{ name }} ({{ n }})</option>{% endfor %}
    </select></label>
    <label>Stance <select id="f-stance"><option value="">all</option>
      {% for s, n in stance_counts %}<option value="{{ s }}">{{ s }} ({{ n }})</option>{% endfor %}
    </select></label>
    <label>Target <select id="f-target"><option value="">all</option>
      {% for key, name, n in targets %}<option value="{{ key }}">{{ name }} ({{ n }})</option>{% endfor %}
    </select></label>
    <label><input type="checkbox" id="f-labels" checked> labels</label>
    <button type="button" id="f-reset">reset</button>
    <span id="shown">{{ totals.claims }} of {{ totals.claims }} claims</span>
  </form>
</header>
<div class="layout">
<nav class="sidebar" aria-label="Claims">
  {% for problem in problems %}<div class="notice warn">{{ problem }}</div>{% endfor %}
  {% for a in articles if a.claims %}
  <div class="side-group" data-group>
    <h4><a href="#{{ a.anchor }}" title="{{ a.title }}">{{ a.title }}</a></h4>
    <ol>
    {% for c in a.claims %}
      <li><a class="side-claim stance-{{ c.stance }}{{ '' if c.highlighted else ' ungrounded' }}" id="s-{{ c.cid }}"
        href="#{{ ('m-' if c.highlighted else 'row-') ~ c.cid }}" data-goto="{{ c.cid }}" data-claim-id="{{ c.cid }}"
        data-f-speaker="{{ c.speaker_key }}" data-f-stance="{{ c.stance }}" data-f-target="{{ c.target_key }}">
        {{- stance_chip(c.stance) -}}
        <span class="who">{{ c.speaker }}</span>{% if c.target %} <span class="tgt">→ {{ c.target }}</span>{% endif %}
        {%- if not c.highlighted %} <span class="nt">not in text</span>{% endif %}
        <span class="q">{{ c.short_quote }}</span></a></li>
    {% endfor %}
    </ol>
  </div>
  {% endfor %}
</nav>
<main>
{% for a in articles %}
<article class="doc card{{ ' error' if a.error }}" id="{{ a.anchor }}" data-group>
  <h2>{{ a.title }}</h2>
  <div class="meta">
    <span class="mono">{{ a.id }}</span>
    {%- if a.source %}<span>{{ a.source }}</span>{% endif %}
    {%- if a.published %}<span>published {{ a.published }}</span>{% endif %}
    {%- if a.url %}<span><a href="{{ a.url }}" rel="noopener noreferrer">{{ a.url_label }}</a></span>{% endif %}
    {%- if not a.error %}<span>{{ a.claims | length }} claims, {{ a.highlighted }} highlighted</span>{% endif %}
  </div>
  {% if a.error %}
  <div class="notice err"><strong>{{ a.error.error_type }}</strong>: {{ a.error.message }}</div>
  <dl class="kv">
    {% if a.error.origin %}<dt>input</dt><dd>{{ a.error.origin }}</dd>{% endif %}
    <dt>attempts</dt><dd>{{ a.error.attempts }}</dd>
    {% if a.error.config_key %}<dt>config key</dt><dd class="mono">{{ a.error.config_key }}</dd>{% endif %}
  </dl>
  {% else %}
  {% for w in a.notices %}<div class="notice warn">{{ w }}</div>{% endfor %}
  {% if a.body is not none %}<div class="text">{{ a.body }}</div>{% endif %}
  {% if a.claims %}
  <h3>Claims</h3>
  <table class="claims">
    <thead><tr><th>#</th><th>Speaker</th><th>Stance</th><th>Target</th><th>Date</th><th>Type</th>
      <th>Alignment</th><th>Quote</th></tr></thead>
    <tbody>
    {% for c in a.claims %}
    <tr class="claim-row" id="row-{{ c.cid }}" data-claim-id="{{ c.cid }}" data-f-speaker="{{ c.speaker_key }}"
      data-f-stance="{{ c.stance }}" data-f-target="{{ c.target_key }}">
      <td class="num"><a href="#{{ ('m-' if c.highlighted else 'row-') ~ c.cid }}" data-goto="{{ c.cid }}">{{ c.n }}</a></td>
      <td><strong>{{ c.speaker }}</strong>{% if c.mention and c.mention != c.speaker %}<br>
        <span class="muted">as “{{ c.mention }}”</span>{% endif %}</td>
      <td>{{ stance_chip(c.stance) }}</td>
      <td>{{ c.target or "—" }}</td>
      <td>{{ c.date or "—" }}{% if c.date_text %}<br><span class="muted">“{{ c.date_text }}”</span>{% endif %}</td>
      <td>{{ c.quote_type }}</td>
      <td><span class="al al-{{ c.alignment }}">{{ c.alignment }}</span>
        {%- if c.span %}<br><span class="muted mono">{{ c.span }}</span>{% endif %}
        {%- if c.decided_by %}<br><span class="muted" title="which component settled each field">{{ c.decided_by }}</span>{% endif %}</td>
      <td class="quote">{{ c.quote }}</td>
    </tr>
    {% endfor %}
    </tbody>
  </table>
  {% endif %}
  {% endif %}
  {% if a.provenance %}
  <details class="prov"><summary>Provenance</summary>
    <dl class="kv">{% for k, v in a.provenance %}<dt>{{ k }}</dt><dd>{{ v }}</dd>{% endfor %}</dl>
  </details>
  {% endif %}
</article>
{% endfor %}
{% if not articles %}<div class="card doc">No records.</div>{% endif %}
</main>
</div>
<pre id="selfcheck"></pre>
<script>{{ js }}</script>
</body>
{% endblock %}
"""

REPORT = """\
{% extends "base.html" %}
{% from "macros.html" import stance_chip, bar, ci %}
{% macro claim_card(c, side, wrong) -%}
{%- set mark = ("bad" if side == "pred" else "exp") -%}
<div class="cc">
  <div class="hd">
    <span class="who f{{ ' ' ~ mark if 'speaker' in wrong }}">{{ c.speaker }}</span>
    <span class="muted">→</span>
    <span class="f{{ ' ' ~ mark if 'target' in wrong }}">{{ c.target or "no target" }}</span>
    <span class="chip stance-{{ c.stance }} f{{ ' ' ~ mark if 'stance' in wrong }}">{{ c.stance }}</span>
  </div>
  <div class="q">{{ c.quote }}</div>
  <div class="ft">
    <span class="f{{ ' ' ~ mark if 'quote_type' in wrong }}">{{ c.quote_type }}</span> ·
    <span class="f{{ ' ' ~ mark if 'date' in wrong }}">{{ c.date or "no date" }}</span>
    {%- if c.alignment %} · alignment <span class="al al-{{ c.alignment }}">{{ c.alignment }}</span>{% endif %}
    {%- if c.span %} <span class="mono">{{ c.span }}</span>{% endif %}
  </div>
</div>
{%- endmacro %}
{% block body %}
<body data-matched="{{ counts.matched }}">
<header class="topbar">
  <h1>{{ title }}</h1>
  <div class="summary">{{ counts.articles }} articles ({{ counts.articles_failed }} without a result) ·
    {{ counts.gold }} gold claims · {{ counts.pred }} predicted · {{ counts.matched }} matched ·
    {{ counts.missed }} missed · {{ counts.false_positives }} false positives</div>
</header>
<div class="wrap">
{% if manifest or notes or warnings %}
<div class="card">
  {% if manifest %}<dl class="kv">{% for k, v in manifest %}<dt>{{ k }}</dt><dd>{{ v }}</dd>{% endfor %}</dl>{% endif %}
  {% for n in notes %}<div class="muted" style="margin-top:6px">{{ n }}</div>{% endfor %}
  {% for w in warnings %}<div class="notice warn">{{ w }}</div>{% endfor %}
</div>
{% endif %}

<div class="grid3">
{% for group in headline %}
  <div class="card stat">
    <h2>{{ group.label }}</h2>
    {% for row in group.rows %}
    <div class="metric{{ ' big' if row.name == 'F1' }}" title="{{ row.help }}">
      <span>{{ row.name }}</span><span class="v">{{ num(row.mv.value) }}</span>{{ bar(row.mv) }}
      {% if row.mv.low is not none %}<span class="ci">{{ ci_label }} {{ ci(row.mv) }}</span>{% endif %}
    </div>
    {% endfor %}
  </div>
{% endfor %}
</div>

<div class="grid2 section">
  <div class="card fields">
    <h2>Fields <span class="muted" style="font-weight:400;font-size:13px">over {{ counts.matched }} matched pairs</span></h2>
    {% for row in fields %}
    <div class="metric" title="{{ row.help }}">
      <span>{{ row.name }}</span><span class="v">{{ num(row.mv.value) }}</span>{{ bar(row.mv) }}
      <span class="right">{{ row.right }}</span>
      {% if row.mv.low is not none %}<span class="ci">{{ ci_label }} {{ ci(row.mv) }}</span>{% endif %}
    </div>
    {% endfor %}
  </div>
  <div class="card">
    <h2>Stance confusion <span class="muted" style="font-weight:400;font-size:13px">rows: gold, columns: predicted</span></h2>
    <table id="confusion">
      <thead><tr><th class="axis">gold \\ predicted</th>{% for s in stances %}<th>{{ stance_chip(s) }}</th>{% endfor %}
        <th class="axis">total</th></tr></thead>
      <tbody>
      {% for row in confusion %}
      <tr><th class="rowh">{{ stance_chip(row.gold) }}</th>
        {% for cell in row.cells %}<td class="{{ 'diag' if cell.diag else 'off' }}" data-count="{{ cell.count }}"
          data-gold="{{ row.gold }}" data-pred="{{ cell.pred }}" title="gold {{ row.gold }}, predicted {{ cell.pred }}: {{ cell.count }}"
          style="--a:{{ cell.alpha }};{{ '--fg:#fff' if cell.alpha > 0.55 }}">{{ cell.count }}</td>{% endfor %}
        <th class="axis">{{ row.total }}</th></tr>
      {% endfor %}
      </tbody>
    </table>
    <h3>By quote type</h3>
    <table>
      <thead><tr><th>type</th><th class="num">gold</th><th class="num">pred</th><th class="num">P</th><th class="num">R</th>
        <th class="num">F1</th><th class="num">attr R</th><th class="num">full R</th></tr></thead>
      <tbody>{% for qt, d in by_quote_type %}<tr><td>{{ qt }}</td><td class="num">{{ d.gold }}</td><td class="num">{{ d.predicted }}</td>
        <td class="num">{{ num(d.precision) }}</td><td class="num">{{ num(d.recall) }}</td><td class="num">{{ num(d.f1) }}</td>
        <td class="num">{{ num(d.attribution_recall) }}</td><td class="num">{{ num(d.full_recall) }}</td></tr>{% endfor %}</tbody>
    </table>
  </div>
</div>

<div class="card section">
  <h2>Per article</h2>
  <table class="per">
    <thead><tr><th>article</th><th>status</th><th class="num">gold</th><th class="num">pred</th><th class="num">matched</th>
      <th class="num">missed</th><th class="num">FP</th><th class="num">P</th><th class="num">R</th><th class="num">F1</th>
      <th class="num">attr F1</th><th class="num">full F1</th><th>wrong fields</th></tr></thead>
    <tbody>
    {% for a in per_article %}
    <tr><td><a href="#{{ a.anchor }}">{{ a.s.article_id }}</a></td><td><span class="status status-{{ a.s.status }}">{{ a.s.status }}</span></td>
      <td class="num">{{ a.s.gold }}</td><td class="num">{{ a.s.predicted }}</td><td class="num">{{ a.s.matched }}</td>
      <td class="num">{{ a.s.missed }}</td><td class="num">{{ a.s.false_positives }}</td>
      {% for v in (a.s.claim_precision, a.s.claim_recall, a.s.claim_f1, a.s.attribution_f1, a.s.full_f1) %}
      <td class="num">{{ num(v) }}<span class="mini"><i style="width:{{ pct(v) }}%"></i></span></td>{% endfor %}
      <td class="muted">{{ a.wrong }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
</div>

<div class="section">
  <div class="toolbar card">
    <strong>Claims by article</strong>
    <label><input type="checkbox" data-verdict="matched" checked> <span class="v-matched"><span class="vb">matched</span></span> {{ verdicts.matched }}</label>
    <label><input type="checkbox" data-verdict="wrong" checked> <span class="v-wrong"><span class="vb">wrong field</span></span> {{ verdicts.wrong }}</label>
    <label><input type="checkbox" data-verdict="missed" checked> <span class="v-missed"><span class="vb">missed</span></span> {{ verdicts.missed }}</label>
    <label><input type="checkbox" data-verdict="fp" checked> <span class="v-fp"><span class="vb">false positive</span></span> {{ verdicts.fp }}</label>
  </div>
  {% for a in article_views %}
  <div class="card" id="{{ a.anchor }}">
    <div class="art-h"><h2>{{ a.title }}</h2><span class="mono muted">{{ a.id }}</span>
      <span class="status status-{{ a.status }}">{{ a.status }}</span>
      <span class="counts">{{ a.counts }}</span></div>
    {% if a.error %}<div class="notice err">{{ a.error }}</div>{% endif %}
    {% if not a.grounded_text %}<div class="notice warn">No article text: quotes were compared by tokens, not spans.</div>{% endif %}
    {% if a.rows %}
    <table class="pairs">
      <thead><tr><th>Gold</th><th class="verdict" style="text-align:center">Verdict</th><th>Predicted</th></tr></thead>
      <tbody>
      {% for r in a.rows %}
      <tr class="vrow v-{{ r.v }}" data-v="{{ r.v }}">
        <td class="gold">{% if r.gold %}{{ claim_card(r.gold, "gold", r.wrong) }}{% else %}<div class="empty">no gold claim</div>{% endif %}</td>
        <td class="verdict"><span class="vb">{{ r.label }}</span>
          {%- if r.wrong %}<span class="why">{{ r.wrong | join(", ") }}</span>{% endif %}
          {%- if r.sim %}<span class="sim">{{ r.sim }}</span>{% endif %}</td>
        <td class="pred">{% if r.pred %}{{ claim_card(r.pred, "pred", r.wrong) }}{% else %}<div class="empty">not predicted</div>{% endif %}</td>
      </tr>
      {% endfor %}
      </tbody>
    </table>
    {% else %}<div class="muted">No gold and no predicted claims.</div>{% endif %}
  </div>
  {% endfor %}
</div>
</div>
<pre id="selfcheck"></pre>
<script>{{ js }}</script>
</body>
{% endblock %}
"""

COMPARISON = """\
{% extends "base.html" %}
{% block body %}
<body>
<header class="topbar">
  <h1>{{ title }}</h1>
  <div class="summary">{{ c.shared_articles | length }} shared articles · delta = b − a ·
    {{ ci_label }} paired bootstrap{% if c.resamples %} ({{ c.resamples }} resamples, seed {{ c.seed }}){% endif %}</div>
</header>
<div class="wrap">
{% if c.only_a or c.only_b or c.warnings %}
<div class="card">
  {% if c.only_a %}<div>Only in a: {{ c.only_a | join(", ") }}</div>{% endif %}
  {% if c.only_b %}<div>Only in b: {{ c.only_b | join(", ") }}</div>{% endif %}
  {% for w in c.warnings %}<div class="notice warn">{{ w }}</div>{% endfor %}
</div>
{% endif %}
<div class="card">
  <h2>Metrics</h2>
  <table>
    <thead><tr><th>metric</th><th class="num">a</th><th class="num">b</th><th class="num">b − a</th><th>{{ ci_label }}</th>
      <th style="width:34%">delta and interval <span class="muted" style="font-weight:400">(scale ±{{ num(scale) }})</span></th></tr></thead>
    <tbody>
    {% for r in rows %}
    <tr class="{{ r.trend }}" title="{{ r.help }}"><td>{{ r.name }}</td><td class="num">{{ num(r.d.a) }}</td><td class="num">{{ num(r.d.b) }}</td>
      <td class="num d">{{ r.delta }}</td><td class="mono muted">{{ r.ci }}</td>
      <td><div class="delta-bar"><span class="zero"></span>
        {%- if r.ci_left is not none %}<span class="ci" style="left:{{ r.ci_left }}%;width:{{ r.ci_width }}%"></span>{% endif -%}
        {%- if r.pt is not none %}<span class="pt" style="left:{{ r.pt }}%"></span>{% endif -%}
      </div></td></tr>
    {% endfor %}
    </tbody>
  </table>
</div>
<div class="card">
  <h2>Changed verdicts ({{ changes | length }})</h2>
  {% if changes %}
  <table>
    <thead><tr><th>article</th><th class="num">gold #</th><th>speaker</th><th>quote</th><th>a</th><th>b</th></tr></thead>
    <tbody>
    {% for ch in changes %}
    <tr class="change {{ ch.trend }}"><td class="mono">{{ ch.c.article_id }}</td>
      <td class="num">{{ "FP" if ch.c.gold_index is none else ch.c.gold_index }}</td><td>{{ ch.c.speaker }}</td>
      <td>{{ ch.c.quote }}</td><td class="before">{{ ch.c.before }}</td><td class="after">{{ ch.c.after }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
  {% else %}<div class="muted">No claim changed verdict.</div>{% endif %}
</div>
</div>
<pre id="selfcheck"></pre>
<script>{{ js }}</script>
</body>
{% endblock %}
"""

TEMPLATES: dict[str, str] = {
    "base.html": BASE,
    "macros.html": MACROS,
    "claims.html": CLAIMS,
    "report.html": REPORT,
    "comparison.html": COMPARISON,
}
