"""The Vega, Vega-Lite and vega-embed JavaScript, inlined into the report.

``vl-convert-python`` (PyPI) ships the three libraries inside its wheel and bundles them
offline; the Vega-Lite version is the one Altair writes its specs for.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from functools import cache

import altair as alt
import vl_convert as vlc

__all__ = ["VegaBundle", "script_hash", "vega_bundle"]


@dataclass(frozen=True)
class VegaBundle:
    js: str
    vega_lite: str
    vega: str
    vega_embed: str


def script_hash(js: str) -> str:
    """The CSP source that allows exactly this inline script."""
    return "sha256-" + base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")


@cache
def vega_bundle() -> VegaBundle:
    wanted = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    version = wanted if wanted in vlc.get_vegalite_versions() else None
    js = vlc.javascript_bundle(None, vl_version=version)  # type: ignore[arg-type]  # None: the default globals
    return VegaBundle(
        js=js,
        vega_lite=version or vlc.get_vegalite_versions()[-1],
        vega=vlc.get_vega_version(),
        vega_embed=vlc.get_vega_embed_version(),
    )
