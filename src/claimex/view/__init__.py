"""Review pages: self-contained HTML (inline CSS and JS, no network) rendered with Jinja2.

- :func:`render_claims_page` ``(records, articles, *, title=..., problems=()) -> str`` - every
  article with its grounded quotes highlighted (``<mark class="claim stance-...">``, one per
  grounded claim), a sidebar of claims, filters by speaker, stance and target.
- :func:`render_eval_report_html` ``(metrics, run, articles=None, *, manifest=None, title=None) -> str``
  - headline metrics with intervals, field bars, the stance confusion heat map, per-article
  table, and gold and predicted claims side by side with their verdicts.
- :func:`render_comparison_html` ``(comparison, *, title=None) -> str`` - ``claimex eval compare``.
- :func:`render_report` / :func:`render_comparison` - the Markdown forms.
- :func:`write_claims_page`, :func:`write_run_report_html`, :func:`write_comparison_html` - the
  same, written to disk (what the CLI calls).

Everything taken from articles and records is escaped (autoescape on); the one inline
script is allowed by its hash in the page's Content-Security-Policy.
"""

from claimex.view._claims import highlight_span, render_claims_page
from claimex.view._files import (
    REPORT_HTML,
    ClaimsPageSummary,
    write_claims_page,
    write_comparison_html,
    write_run_report_html,
    write_run_reports,
)
from claimex.view._markdown import render_comparison, render_report
from claimex.view._report import render_comparison_html, render_eval_report_html, verdict_rows

__all__ = [
    "REPORT_HTML",
    "ClaimsPageSummary",
    "highlight_span",
    "render_claims_page",
    "render_comparison",
    "render_comparison_html",
    "render_eval_report_html",
    "render_report",
    "verdict_rows",
    "write_claims_page",
    "write_comparison_html",
    "write_run_report_html",
    "write_run_reports",
]
