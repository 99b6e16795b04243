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


def test_a_fronted_question_is_not_the_reply() -> None:
    """ "Asked if ..., Doe replied, “...”": the parse can hang the question on the cue as its
    complement; the quotation right after the frame is what the cue reports."""
    found = claims(
        "Jo Mertz spoke at the rally. Later he said, “I never said I was going to pay for the buses.” "
        "Asked if it had appeared he was encouraging violence with his initial statement, Mertz replied, "
        "“Well, maybe so. Maybe that’s why I wouldn’t do it.”"
    )
    assert [(c.speaker, c.quote) for c in found] == [
        ("Jo Mertz", "I never said I was going to pay for the buses"),
        ("Jo Mertz", "Well, maybe so. Maybe that’s why I wouldn’t do it"),
    ]


def test_a_verb_the_parse_hung_on_the_name_before_it_reports() -> None:
    """ "O'Malley, who ..., interjected to say: “...”": the parse made the name the root and
    the verb its modifier."""
    c = only(
        "O'Malley, who signed sweeping gun laws as governor, interjected to say: \"They've both been inconsistent "
        "when it comes to the militias. I'm the one candidate here that actually disarmed them.\""
    )
    assert c.speaker == "O'Malley"
    assert c.quote.startswith("They've both been inconsistent")


def test_a_statement_that_reads_reports() -> None:
    """ "“...,” the group's statement read.": "read" reports for a document, even when the
    tagger takes the clause's last word for a noun."""
    found = claims(
        "“The promised peace serves the continued repression of the people,” the Norland Front’s statement read. "
        "“While the president speaks against injustice, his plan serves the old regime.”"
    )
    assert [c.speaker for c in found] == ["Norland Front", "Norland Front"]
    assert found[0].quote == "The promised peace serves the continued repression of the people"
