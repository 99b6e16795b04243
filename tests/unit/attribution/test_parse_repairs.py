"""Frames the small parse misreads, repaired: title stops, surnames that are modals,
inverted cues parsed as adjectives or modifiers."""

from __future__ import annotations

import pytest
from attribution_cases import claims


@pytest.mark.parametrize("rank", ["Air Force 1st Lt.", "Lt. Col.", "Army Capt.", "Staff Sgt.", "Cmdr."])
def test_a_rank_abbreviation_keeps_its_stop(rank: str) -> None:
    """ "said Air Force 1st Lt. Jo Mertz": split off, the stop ends the clause for the parse."""
    found = claims(
        f"“Nobody on the base expected the order to come so soon,” said {rank} Jo Mertz. “We were ready for it anyway.”"
    )
    assert [(c.speaker, c.quote) for c in found] == [
        ("Jo Mertz", "Nobody on the base expected the order to come so soon"),
        ("Jo Mertz", "We were ready for it anyway"),
    ]
