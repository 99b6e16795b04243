"""nest(): overlapping spans laid out as properly nested pieces, one primary piece per span."""

from __future__ import annotations

import itertools
import random

from markupsafe import Markup

from claimex.view._spans import Piece, nest, render_nested


def _flatten(pieces: list[Piece], parent: Piece | None = None) -> list[tuple[Piece, Piece | None]]:
    out = []
    for p in pieces:
        out.append((p, parent))
        out.extend(_flatten(p.children, p))
    return out


def _check(spans: list[tuple[int, int]]) -> list[Piece]:
    roots = nest(spans)
    flat = _flatten(roots)
    for piece, parent in flat:
        assert piece.start < piece.end
        if parent is not None:
            assert parent.start <= piece.start and piece.end <= parent.end
    for siblings in [roots, *(p.children for p, _ in flat)]:
        assert all(a.end <= b.start for a, b in itertools.pairwise(siblings))
    for i, (start, end) in enumerate(spans):
        mine = sorted((p for p, _ in flat if p.index == i), key=lambda p: p.start)
        if end <= start:
            assert mine == []
            continue
        assert [p.primary for p in mine].count(True) == 1 and mine[0].primary and mine[0].start == start
        covered = [(p.start, p.end) for p in mine]
        assert covered[0][0] == start and covered[-1][1] == end
        assert all(a[1] == b[0] for a, b in itertools.pairwise(covered)), covered
    return roots


def test_nested_and_disjoint_spans_stay_whole() -> None:
    roots = _check([(0, 20), (5, 10), (30, 40)])
    assert [(p.start, p.end, p.primary) for p in roots] == [(0, 20, True), (30, 40, True)]
    assert [(c.start, c.end) for c in roots[0].children] == [(5, 10)]


def test_crossing_span_is_split_at_the_enclosing_end() -> None:
    roots = _check([(0, 10), (5, 15)])
    assert [(p.index, p.start, p.end, p.primary) for p, _ in _flatten(roots)] == [
        (0, 0, 10, True),
        (1, 5, 10, True),
        (1, 10, 15, False),
    ]


def test_identical_and_empty_spans() -> None:
    roots = _check([(3, 8), (3, 8), (4, 4), (9, 2)])
    assert len(roots) == 1 and roots[0].children[0].index == 1


def test_random_spans_keep_every_invariant() -> None:
    rng = random.Random(7)
    for _ in range(300):
        spans = []
        for _ in range(rng.randint(1, 9)):
            a = rng.randint(0, 60)
            spans.append((a, a + rng.randint(0, 25)))
        _check(spans)


def test_render_keeps_the_text_and_escapes_it() -> None:
    text = "a <b> & c d e"
    html = render_nested(
        text,
        nest([(0, 7), (4, 11)]),
        lambda p: Markup(f"<m{p.index}>" if p.primary else f"<f{p.index}>"),
        lambda p: Markup("</m>" if p.primary else "</f>"),
    )
    assert html == "<m0>a &lt;b<m1>&gt; &amp;</m></m><f1> c d</f> e"
