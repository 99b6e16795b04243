"""Quotations labelled by a name and a colon, in sentences written for these tests."""

from __future__ import annotations

import pytest
from attribution_cases import claims, only


def test_a_name_and_a_colon_label_a_quotation_in_a_roundup() -> None:
    found = claims(
        "Signs of a shift were there all along - Nora Vance: “One of the biggest lessons was a simple one: "
        "keep contacting voters as late as possible.”"
    )
    assert [(c.speaker, c.quote[:30]) for c in found] == [("Nora Vance", "One of the biggest lessons was")]


def test_a_short_lead_in_before_the_label_is_allowed() -> None:
    found = claims("More from Vance: “The partisanship of the region is a starting point for any forecast.”")
    assert [c.speaker for c in found] == ["Vance"]


def test_a_clause_before_the_colon_is_no_label() -> None:
    assert claims("The survey found: “Most voters want the talks to continue next month.”") == []
    assert claims("Nora Vance’s survey: “Most voters want the talks to continue next month.”") == []


def test_a_short_quotation_after_a_label_is_a_term_not_a_statement() -> None:
    assert claims("Nora Vance: “Too close.”") == []


def test_a_signature_line_under_a_quotation_paragraph_names_its_speaker() -> None:
    found = claims(
        "The debate turned to the economy early on.\n\n"
        "“Families are worried about the future of their kids, and almost all new income is going to the top.”\n\n"
        "— Ivo Marsh, in the debate.\n\n"
        "The senator is relying on an outdated statistic."
    )
    assert [(c.speaker, c.quote[:24]) for c in found] == [("Ivo Marsh", "Families are worried abo")]


def test_a_dash_opening_a_sentence_is_no_signature() -> None:
    found = claims(
        "“Families are worried about the future of their kids, and almost all new income is going to the top.”\n\n"
        "— Ivo Marsh said the figure was out of date."
    )
    assert [c.speaker for c in found if c.quote.startswith("Families")] == []


@pytest.mark.parametrize("description", ["Army spokesman", "Former interior minister"])
def test_a_described_name_labels_the_quotation(description: str) -> None:
    c = only(f"{description} Jo Mertz: “We will respond to every attack on our positions with force.”")
    assert c.speaker == "Jo Mertz"
    assert c.quote == "We will respond to every attack on our positions with force"


def test_a_description_without_a_role_labels_nothing() -> None:
    assert claims("Fans of Jo Mertz: “We will follow him to every rally in the region this year.”") == []


def test_whom_a_writer_quotes_speaks() -> None:
    c = only("The report quotes army commander Jo Mertz: “We will not allow any militia to hold territory.”")
    assert c.speaker == "Jo Mertz"


def test_a_persons_document_as_a_label_speaks_for_the_person() -> None:
    body = (
        "Jo Mertz left the coalition on Friday. "
        "From Mertz's Facebook post: “For the sake of the country, we must end the divisions this war has brought.”"
    )
    c = only(body)
    assert c.speaker == "Jo Mertz"
    assert c.quote.startswith("For the sake of the country")
