"""Lay overlapping character spans out as properly nested HTML elements.

HTML elements must nest, claim spans need not: two quotes may overlap without one
containing the other. :func:`nest` turns any set of spans into a forest of pieces that
nest. A span contained in another becomes its child; a span that crosses the end of an
enclosing one is split at that end, and the part past it becomes a *continuation* piece
(``primary=False``). Every span keeps exactly one primary piece, the one where it starts,
so a renderer can emit one ``<mark>`` per span plus plain continuation elements.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

__all__ = ["Piece", "nest", "render_nested"]


@dataclass
class Piece:
    start: int
    end: int
    index: int  # position of the span in the list given to nest()
    primary: bool
    children: list[Piece] = field(default_factory=list)


def nest(spans: Sequence[tuple[int, int]]) -> list[Piece]:
    """The top-level pieces of ``spans`` (``(start, end)`` pairs), in text order.

    Empty or reversed spans are left out. Identical spans nest, the later one inside.
    """
    heap: list[tuple[int, int, int, int, bool]] = []
    for i, (start, end) in enumerate(spans):
        if end > start >= 0:
            heap.append((start, -end, i, i, True))
    heapq.heapify(heap)
    order = len(spans)
    roots: list[Piece] = []
    stack: list[Piece] = []
    while heap:
        start, neg_end, _, index, primary = heapq.heappop(heap)
        end = -neg_end
        while stack and stack[-1].end <= start:
            stack.pop()
        if stack and end > stack[-1].end:
            # Crosses the enclosing piece: keep the part inside it, queue the rest.
            cut = stack[-1].end
            heapq.heappush(heap, (cut, -end, order, index, False))
            order += 1
            end = cut
        piece = Piece(start, end, index, primary)
        (stack[-1].children if stack else roots).append(piece)
        stack.append(piece)
    return roots


def render_nested(
    text: str,
    pieces: Sequence[Piece],
    open_tag: Callable[[Piece], Markup],
    close_tag: Callable[[Piece], Markup],
    start: int = 0,
    end: int | None = None,
) -> Markup:
    """``text[start:end]`` escaped, with each piece wrapped in its tags."""
    end = len(text) if end is None else end
    out: list[str] = []
    pos = start
    for piece in pieces:
        out.append(escape(text[pos : piece.start]))
        out.append(open_tag(piece))
        out.append(render_nested(text, piece.children, open_tag, close_tag, piece.start, piece.end))
        out.append(close_tag(piece))
        pos = piece.end
    out.append(escape(text[pos:end]))
    return Markup("").join(out)
