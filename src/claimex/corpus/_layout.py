"""Where each entity sits in the network: a force-directed layout by networkx, fixed seed.

Each connected group is laid out on its own and the groups are packed in rows, largest
first, each given room in proportion to its size; so a few isolated pairs do not squeeze
the main network into a corner.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import networkx as nx

__all__ = ["network_layout"]


def _component(graph: nx.Graph, nodes: list[int], seed: int) -> dict[int, tuple[float, float]]:
    """Positions of one connected group in [0, 1]²."""
    if len(nodes) == 1:
        return {nodes[0]: (0.5, 0.5)}
    sub = graph.subgraph(nodes)
    pos = nx.spring_layout(sub, seed=seed, iterations=150, k=2.2 / math.sqrt(len(nodes)))
    xs, ys = [float(p[0]) for p in pos.values()], [float(p[1]) for p in pos.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9)
    return {int(n): ((float(p[0]) - min(xs)) / span, (float(p[1]) - min(ys)) / span) for n, p in sorted(pos.items())}


def _shelves(sizes: list[float]) -> tuple[list[tuple[float, float]], float, float]:
    """Row-by-row origins for square boxes of the given sides, and the total width and height."""
    width = max(sizes[0], math.sqrt(sum(s * s for s in sizes)) * 1.25)
    origins, x, y, row = [], 0.0, 0.0, 0.0
    for side in sizes:
        if x > 0 and x + side > width + 1e-9:
            x, y, row = 0.0, y + row, 0.0
        origins.append((x, y))
        x += side
        row = max(row, side)
    return origins, width, y + row


def network_layout(
    nodes: Sequence[int], edges: Mapping[tuple[int, int], int], *, seed: int = 7
) -> dict[int, tuple[float, float]]:
    """Positions in [0, 1]² for ``nodes``; ``edges`` maps (speaker, target) to its number of claims.

    Deterministic: the same nodes and edges give the same picture.
    """
    if not nodes:
        return {}
    graph = nx.Graph()
    graph.add_nodes_from(sorted(nodes))
    wanted = set(nodes)
    for s, t in sorted(edges):
        if s != t and s in wanted and t in wanted:
            graph.add_edge(s, t)
    groups = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    sizes = [math.sqrt(len(c)) for c in groups]
    origins, width, height = _shelves(sizes)
    placed: dict[int, tuple[float, float]] = {}
    for group, side, (ox, oy) in zip(groups, sizes, origins, strict=True):
        pad = 0.12 * side if len(group) > 1 else 0.0
        for node, (x, y) in _component(graph, group, seed).items():
            px = ox + pad + x * (side - 2 * pad) if len(group) > 1 else ox + side / 2
            py = oy + pad + y * (side - 2 * pad) if len(group) > 1 else oy + side / 2
            placed[node] = (round(px / width, 4), round(1 - py / height, 4))  # first row at the top
    return placed
