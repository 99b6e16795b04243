"""Names of states and bodies the alias table and the name chunker must know, in sentences
written for these tests."""

from __future__ import annotations

import pytest
from attribution_cases import claims, only


def test_a_capitalised_name_with_digits_is_a_body_a_pronoun_can_take_up() -> None:
    found = claims(
        "The M23 rebel group has condemned “targeted killings” against civilians by government forces in the east. "
        "It claimed that the coalition forces “attacked our positions near the lake, in total violation of the truce.”"
    )
    assert {c.speaker for c in found} == {"M23"}
    assert any(c.quote.startswith("the coalition forces") for c in found)


@pytest.mark.parametrize(
    ("body", "state"),
    [("The Myanmar military", "Myanmar"), ("The Somali government", "Somalia"), ("The Malian army", "Mali")],
)
def test_a_states_army_or_government_speaks_for_the_state(body: str, state: str) -> None:
    c = only(f"{body} said the armed group would be pursued across the region until it surrendered.")
    assert c.speaker == state


def test_of_the_joins_a_bodys_name() -> None:
    c = only("The Ministry of the Interior said the curfew would be lifted in the capital on Friday.")
    assert c.speaker == "Ministry of the Interior"


def test_a_hard_wrapped_page_is_read_as_paragraphs() -> None:
    """Old pages wrap paragraphs at a fixed width: a wrapped speaker line is no heading and a
    wrapped quotation is one quotation."""
    body = (
        "Army spokesman Jo Mertz\n"
        "said troops destroyed more rebel camps in the restive state of\n"
        "Kordo, which has been worst hit by the insurgency.\n"
        '"The fight against the\n'
        "rebels in the north is gaining momentum, with most of the\n"
        'camps falling to our forces," he said in a statement.\n'
        "He added that the\n"
        "army would stay in the region until the last camp was taken."
    )
    found = claims(body)
    assert {c.speaker for c in found} == {"Jo Mertz"}
    assert any(c.quote.startswith("The fight against the\nrebels in the north") for c in found)
    assert any(c.quote.startswith("troops destroyed more rebel camps") for c in found)


def test_a_name_and_a_quotation_broken_across_wrapped_lines() -> None:
    """A wrapped line may break a name ("aide Jo\\nMertz") or end on a closing mark
    ("careless”\\nin"): the parse reads the break as a space; the quotation keeps it."""
    body = (
        "The council concluded this month that the militia had been “extremely careless”\n"
        "in its handling of the prisoners, but did not recommend any charges.\n\n"
        "“This has to be the first time that a militia has openly threatened the\n"
        "council over a report,” said the governor’s top security aide Jo\n"
        "Mertz.\n\n"
        "“This has gone from a matter of politics, and a matter of curiosity, to\n"
        "a matter of security.”"
    )
    found = claims(body)
    assert [c.speaker for c in found] == ["Jo Mertz", "Jo Mertz"]
    quote = next(c.quote for c in found if c.speaker == "Jo Mertz")
    assert quote.startswith("This has to be the first time that a militia has openly threatened the\ncouncil")


@pytest.mark.parametrize("mark", ["\u00a0", "\u202f", "\u200b ", " \u202a"])
def test_odd_spaces_and_invisible_marks_read_as_spaces(mark: str) -> None:
    """Scraped pages put no-break spaces and invisible direction marks around frames."""
    c = only(f"“The militia will answer for every attack on our positions,”{mark}added Jo Mertz.")
    assert c.speaker == "Jo Mertz"
    assert c.quote == "The militia will answer for every attack on our positions"


def test_a_quotation_left_open_ends_where_the_next_one_opens() -> None:
    """A quotation continued in the next paragraph is left open at the paragraph's end; when
    scraping loses the paragraph breaks, the next opening mark after a sentence end starts a
    new quotation instead of nesting every later one inside it."""
    body = (
        "Jo Mertz spoke at length on Monday. “The first part of the plan is already done and the "
        "second will follow soon. “The militias will leave the city or face the army,” he said. "
        "“No one will stop us now, whatever they threaten,” added Ana Lind."
    )
    found = {(c.speaker, c.quote) for c in claims(body)}
    assert ("Jo Mertz", "The militias will leave the city or face the army") in found
    assert ("Ana Lind", "No one will stop us now, whatever they threaten") in found
