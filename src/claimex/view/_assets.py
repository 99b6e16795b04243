"""The inline CSS and JavaScript of the pages, read from package files (``view/assets/``).

They are inlined into each page (no external resources: the pages work from file://).
"""

from __future__ import annotations

from importlib.resources import files


def _asset(name: str) -> str:
    return (files("claimex.view") / "assets" / name).read_text(encoding="utf-8")


BASE_CSS = _asset("base.css")
CLAIMS_CSS = _asset("claims.css")
CLAIMS_JS = _asset("claims.js")
REPORT_CSS = _asset("report.css")
REPORT_JS = _asset("report.js")
