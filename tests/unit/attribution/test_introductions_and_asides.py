"""Quotations a colon hands over, frames the parse misreads, surnames that look like stop
words or particles, party labels that look like photo captions, and interrupted
quotations, in sentences written for these tests."""

from __future__ import annotations

import pytest
from attribution_cases import claims, only

from claimex.core.types import QuoteType


def test_a_colon_after_a_named_subjects_clause_hands_over_the_quotation() -> None:
    c = only(
        "The council\u2019s leader, Ivo Marsh, laid out his terms: "
        "\u201cThe occupying forces must leave the valley or face our fire.\u201d"
    )
    assert c.speaker == "Ivo Marsh"
    assert c.quote == "The occupying forces must leave the valley or face our fire"
    assert c.quote_type is QuoteType.DIRECT


def test_a_colon_after_an_unnamed_report_hands_over_nothing() -> None:
    found = claims(
        "Another resident said he hoped that Jan Bor wins the vote: "
        "\u201cThat way we can watch the whole show for years.\u201d"
    )
    assert [c for c in found if c.speaker == "Jan Bor"] == []


def test_a_show_title_in_an_asked_clause_is_not_what_the_answer_says() -> None:
    c = only(
        "Asked why he had yet to endorse the governor during an appearance on "
        "\u201cValley Morning Hour,\u201d Ivo Marsh said he had not "
        "\u201cheard her say the things that need to be said.\u201d"
    )
    assert c.speaker == "Ivo Marsh"
    assert c.quote.startswith("he had not")


def test_a_frame_misread_as_a_modifier_still_reports() -> None:
    c = only(
        "\u201cWe need a new leader,\u201d the presumptive GOP presidential nominee, Jane Doe, tweeted Sunday after the attack."
    )
    assert c.speaker == "Jane Doe"
    assert c.quote == "We need a new leader"


def test_a_surname_that_is_a_stop_word_names_its_person() -> None:
    found = claims(
        "Al From, who founded the council, spoke at the meeting on Monday.\n\n"
        "\u201cThe circumstances are changed when you go through a long depression,\u201d From said."
    )
    assert [(c.speaker, c.quote[:17]) for c in found] == [("Al From", "The circumstances")]


def test_a_capitalised_particle_closing_a_name_is_the_surname() -> None:
    found = claims(
        "Henry Ash, the committee chairman, wrote to members on Monday.\n\n"
        "\u201cThere might be an underlying political result here,\u201d Ash wrote in the email."
    )
    assert [c.speaker for c in found if "political result" in c.quote] == ["Henry Ash"]


def test_a_party_label_after_an_office_holder_is_no_photo_caption() -> None:
    c = only(
        "After the court refused to hear the case, Gov. Ivo Marsh (R) blamed the court\u2019s "
        "\u201cfour judges who blocked the protections our voters chose.\u201d"
    )
    assert c.speaker == "Ivo Marsh"
    assert "four judges" in c.quote


def test_remembered_reports_and_a_participial_aside_keeps_the_name() -> None:
    found = claims(
        "\u201cA lot of analysts warned her, and she set out to prove them wrong,\u201d remembered "
        "Jan Bor, the company\u2019s former spokesman.\n\n"
        "\u201cWe have had better conventions than this one,\u201d delegate Ivo Marsh, wearing a hat and "
        "\u201cBor for Governor\u201d pins, said as confetti fluttered down."
    )
    assert [c.speaker for c in found] == ["Jan Bor", "Ivo Marsh"]


def test_a_second_subject_the_parse_puts_after_the_verb_is_not_the_speaker() -> None:
    c = only(
        "On Saturday, Sen. Tom Hale (I-Vt.) called on Michigan Gov. Tim Walsh (R) to resign over the "
        "lead poisoning crisis in Flint."
    )
    assert c.speaker == "Tom Hale"
    assert c.quote.startswith("Michigan Gov. Tim Walsh")


def test_a_party_label_between_name_and_cue_does_not_hide_the_name() -> None:
    c = only(
        "In response to a tweet from the campaign featuring an image of the governor, money and a star "
        "likened to the Star of David, Speaker of the House Rep. Ivo Marsh (R-WI) said "
        "\u201canti-Semitic images, they have got no place in a presidential campaign.\u201d"
    )
    assert c.speaker == "Ivo Marsh"
    assert c.quote.startswith("anti-Semitic images")


def test_an_interrupted_quotation_resumes_after_the_frame() -> None:
    """ "“A,” X said, “B.”": both halves are the speaker's; two clauses, two statements."""
    found = claims(
        "“We will respond to every attack,” Jo Mertz said on Monday, “and the militias will regret "
        "what they did in the north.”"
    )
    assert [(c.speaker, c.quote) for c in found] == [
        ("Jo Mertz", "We will respond to every attack"),
        ("Jo Mertz", "and the militias will regret what they did in the north"),
    ]


@pytest.mark.parametrize(
    "opening", ["And if they do not leave,", "Supporters of the other factions,", "When the talks resume,"]
)
def test_an_opening_fragment_gives_way_to_the_half_that_completes_it(opening: str) -> None:
    """ "“And if they do not leave,” he added, “we have ...”": the first half is no clause of
    its own, so the fuller second half is the statement."""
    found = claims(
        f"Jo Mertz addressed the crowd on Monday. “{opening}” he added, “we have the experience and the "
        "ability to eject them by other means.”"
    )
    assert [(c.speaker, c.quote) for c in found] == [
        ("Jo Mertz", "we have the experience and the ability to eject them by other means")
    ]
