"""The report's charts as Vega-Altair specifications, over named data the page fills and refills.

The page's script computes the rows (nodes, edges, arrowheads, timeline points) for the
current filters and hands them to the Vega views by name; the specs here fix only the
encodings. Mark names (``nodes_marks``, ``edges_marks``, ``points_marks``) are what the
page and its tests count.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from claimex.core.types import Stance

__all__ = ["STANCE_COLOURS", "TYPE_COLOURS", "network_spec", "timeline_spec"]

STANCE_COLOURS = {"threaten": "#c4243a", "oppose": "#e07b12", "support": "#23915a", "neutral": "#5873a0"}
TYPE_COLOURS = {"person": "#3d4a63", "organisation": "#8a4fc4", "state": "#1f7a8c", "unknown": "#98a2b3"}
_STANCES = [s.value for s in Stance]


def _stance_colour(title: str | None) -> alt.Color:
    legend = alt.Legend(title=title, orient="bottom") if title else None
    return alt.Color(
        "stance:N", scale=alt.Scale(domain=_STANCES, range=[STANCE_COLOURS[s] for s in _STANCES]), legend=legend
    )


def network_spec(width: int = 760, height: int = 560) -> dict[str, Any]:
    """Speaker → target network: edge colour = dominant stance, width = claims; node size = claims."""
    x = alt.X("x:Q", axis=None, scale=alt.Scale(domain=[-0.05, 1.05]))
    y = alt.Y("y:Q", axis=None, scale=alt.Scale(domain=[-0.05, 1.05]))
    edges = (
        alt.Chart(alt.NamedData(name="edges"))
        .mark_rule(opacity=0.7, cursor="pointer")
        .encode(
            x=x,
            y=y,
            x2="x2:Q",
            y2="y2:Q",
            color=_stance_colour("dominant stance"),
            strokeWidth=alt.StrokeWidth("n:Q", scale=alt.Scale(range=[1.2, 9], zero=False), legend=None),
            tooltip=[
                alt.Tooltip("speaker:N", title="speaker"),
                alt.Tooltip("target:N", title="target"),
                alt.Tooltip("n:Q", title="claims"),
                alt.Tooltip("stance:N", title="dominant stance"),
            ],
        )
        .properties(name="edges")
    )
    heads = (
        alt.Chart(alt.NamedData(name="heads"))
        .mark_point(shape="triangle", filled=True, size=70, opacity=0.9)
        .encode(x=x, y=y, angle=alt.Angle("angle:Q", scale=None), color=_stance_colour(None))
        .properties(name="heads")
    )
    nodes = (
        alt.Chart(alt.NamedData(name="nodes"))
        .mark_circle(opacity=0.95, stroke="#ffffff", strokeWidth=1.5, cursor="pointer")
        .encode(
            x=x,
            y=y,
            size=alt.Size("n:Q", scale=alt.Scale(range=[60, 900], zero=False), legend=None),
            color=alt.Color(
                "type:N",
                scale=alt.Scale(domain=list(TYPE_COLOURS), range=list(TYPE_COLOURS.values())),
                legend=alt.Legend(title="entity", orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("name:N", title="entity"),
                alt.Tooltip("type:N", title="type"),
                alt.Tooltip("said:Q", title="claims as speaker"),
                alt.Tooltip("about:Q", title="claims as target"),
            ],
        )
        .properties(name="nodes")
    )
    labels = (
        alt.Chart(alt.NamedData(name="nodes"))
        .mark_text(dy=-14, fontSize=11, color="#1d2330")
        .encode(x=x, y=y, text="label:N")
        .properties(name="labels")
    )
    chart = alt.layer(edges, heads, nodes, labels).properties(width=width, height=height)
    spec: dict[str, Any] = chart.resolve_scale(color="independent").configure_view(stroke=None).to_dict()
    return spec


def timeline_spec(width: int = 700, height: int = 200) -> dict[str, Any]:
    """One mark per dated claim of the chosen pair: x = date, row and colour = stance."""
    points = (
        alt.Chart(alt.NamedData(name="points"))
        .mark_circle(size=110, opacity=0.8, cursor="pointer")
        .encode(
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, labelOverlap="greedy")),
            y=alt.Y("stance:N", sort=_STANCES, scale=alt.Scale(domain=_STANCES), title=None),
            color=_stance_colour(None),
            tooltip=[alt.Tooltip("date:T", format="%Y-%m-%d"), alt.Tooltip("stance:N"), alt.Tooltip("article:N")],
        )
        .properties(name="points", width=width, height=height)
    )
    spec: dict[str, Any] = points.configure_view(stroke="#e3e7ee").to_dict()
    return spec
