"""The Jinja2 environment shared by every page: autoescape on, undefined names are errors."""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from claimex.core.version import __version__
from claimex.view._assets import BASE_CSS


def num(x: float | int | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def pct(x: float | int | None) -> str:
    """A 0-1 value as a CSS percentage, clamped (used in style attributes)."""
    if x is None:
        return "0"
    return f"{max(0.0, min(1.0, float(x))) * 100:.1f}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("claimex.view", "templates"),  # package files, autoescaped
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(num=num, pct=pct)
    return env


def _script_hash(js: str) -> str:
    # The page's only script is allowed by its hash, so a script that slipped into the
    # text by some escaping bug would still not run.
    return "sha256-" + base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")


def render_page(template: str, *, title: str, css: str, js: str, **context: Any) -> str:
    return (
        environment()
        .get_template(template)
        .render(
            title=title,
            css=Markup(BASE_CSS + css),
            js=Markup(js),
            script_hash=_script_hash(js),
            version=__version__,
            **context,
        )
    )
