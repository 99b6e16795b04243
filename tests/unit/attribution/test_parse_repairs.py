"""Frames the small parse misreads, repaired: title stops, surnames that are modals,
inverted cues parsed as adjectives or modifiers, a statement issued then quoted."""

from __future__ import annotations

import pytest
from attribution_cases import claims, only

from claimex.core.types import QuoteType


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


def test_a_surname_that_is_a_modal_names_the_speaker() -> None:
    body = (
        "Prime Minister Ana May spoke in parliament on Monday. "
        "“We will not be intimidated by threats from any armed group,” May said."
    )
    c = only(body)
    assert c.speaker == "Ana May"
    assert c.quote == "We will not be intimidated by threats from any armed group"


def test_a_modal_inside_the_quotation_is_not_a_name() -> None:
    c = only("“May the talks resume soon, for the sake of the whole region,” the minister, Ana Lind, said.")
    assert c.speaker == "Ana Lind"


def test_an_inverted_cue_parsed_as_an_adjective_still_reports() -> None:
    c = only('"Our units are ready for any attack on the city," tweeted army spokesman Jo Mertz.')
    assert c.speaker == "Jo Mertz"
    assert c.quote == "Our units are ready for any attack on the city"


def test_a_frame_the_parse_made_a_sentence_of_its_own() -> None:
    """ "“...!” the nominee, X, tweeted": the parse ends the sentence with the quotation and
    makes the frame's noun a root with the cue as its modifier."""
    c = only(
        "\"Is the mayor going to finally name the gang behind the attack? If he doesn't he should immediately "
        'resign in disgrace!" the presumptive GOP presidential nominee, Donald Trump, tweeted Sunday after a '
        "lone-wolf attack on a nightclub."
    )
    assert c.speaker == "Donald Trump"
    assert c.quote.startswith("Is the mayor going to finally name the gang")
    assert c.quote.endswith("resign in disgrace!")


def test_a_statement_issued_then_quoted_is_the_quotation() -> None:
    c = only(
        "Hours after the attack, Jo Mertz issued a statement, “Last night our town was attacked by "
        "a militia that wants to divide us. We will not be divided.”"
    )
    assert c.speaker == "Jo Mertz"
    assert c.quote.startswith("Last night our town was attacked")
    assert c.quote_type is QuoteType.DIRECT
