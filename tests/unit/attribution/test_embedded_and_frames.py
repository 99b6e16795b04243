"""Embedded quotations, frames after a quoted question, colons after "to say" and run-on
quotation paragraphs, in sentences written for these tests."""

from __future__ import annotations

from attribution_cases import claims, only

from claimex.core.types import QuoteType


def test_a_quoted_question_and_its_frame_are_one_sentence() -> None:
    c = only(
        "\u201cWhy in the world would you try to cozy up to the army?\u201d Jan Bor said about "
        "the effort of the council to downplay its ties with the army."
    )
    assert c.speaker == "Jan Bor"
    assert c.quote == "Why in the world would you try to cozy up to the army?"


def test_a_quotation_after_a_colon_keeps_its_own_frame() -> None:
    found = claims("Jan Bor asked: \u201cIs this a war now?\u201d The Norland Front said later that it was not a war.")
    assert [c.quote for c in found if c.speaker == "Norland Front" and "war now" in c.quote] == []


def test_interjected_to_say_reports_the_quotation_its_colon_opens() -> None:
    c = only(
        "Ivo Marsh, who signed the truce as governor, interjected to say: "
        "\u201cThey have both been inconsistent when it comes to this issue.\u201d"
    )
    assert c.speaker == "Ivo Marsh"
    assert c.quote == "They have both been inconsistent when it comes to this issue"


def test_a_description_with_no_salient_speaker_is_the_person_just_named() -> None:
    found = claims(
        "It was unclear whether Jan Bor was ready to follow that script. "
        "\u201cThe struggle continues,\u201d the Norland senator said."
    )
    assert [(c.speaker, c.quote) for c in found] == [("Jan Bor", "The struggle continues")]


def test_a_quoted_phrase_under_a_named_subjects_verb_is_a_mixed_claim() -> None:
    c = only("Jan Bor credited the army\u2019s victory to \u201ca closed valley, something nobody expected.\u201d")
    assert c.speaker == "Jan Bor"
    assert c.quote_type is QuoteType.MIXED
    assert "a closed valley" in c.quote


def test_a_quoted_phrase_in_a_named_subjects_clause_complement_is_theirs() -> None:
    c = only("Ivo Marsh worried that the truce was becoming \u201ca trap for the whole valley.\u201d")
    assert c.speaker == "Ivo Marsh"
    assert "a trap for the whole valley" in c.quote


def test_a_quoted_title_or_single_word_is_not_an_embedded_claim() -> None:
    assert claims("Ivo Marsh likes \u201cThe Long Winter,\u201d while Jan Bor watches \u201cnews.\u201d") == []


def test_a_quotation_paragraph_after_a_report_continues_its_speaker() -> None:
    found = claims(
        "Ivo Marsh said that two brigades would leave the valley.\n\n"
        "\u201cThat adds up to two brigades over two years. But this would be the total number of troops "
        "and not the number from the north.\u201d"
    )
    assert [c.speaker for c in found] == ["Ivo Marsh", "Ivo Marsh"]
    assert found[1].quote.startswith("That adds up to two brigades")


def test_a_participle_clause_speaks_for_the_subject_it_hangs_from() -> None:
    c = only(
        "Jan Bor joined the council this week, publishing an essay in a weekly paper hammering "
        "the envoy\u2019s \u201cunsuitability for any office.\u201d"
    )
    assert c.speaker == "Jan Bor"
    assert "unsuitability for any office" in c.quote


def test_an_occupation_noun_describes_the_person_the_article_is_about() -> None:
    found = claims(
        "Jan Bor toured the northern towns on Monday. "
        "\u201cWe cannot have a leader who hides from the voters,\u201d said the Norland businessman, "
        "who campaigned in the capital."
    )
    assert [(c.speaker, c.quote) for c in found] == [("Jan Bor", "We cannot have a leader who hides from the voters")]


def test_a_cue_whose_object_is_its_document_announces_the_next_quotation() -> None:
    c = only(
        "Jan Bor tweeted a warning. "
        "\u201cRemember in November the members who talked for 30 hours to fight against the truce.\u201d"
    )
    assert c.speaker == "Jan Bor"
    assert c.quote.startswith("Remember in November")


def test_a_quotation_under_a_reports_own_verb_is_not_an_embedded_claim() -> None:
    found = claims(
        "Jan Bor called on the envoy \u201cnot to try the patience of the council,\u201d and threatened that the "
        "time was right to end the talks, \u201dsame as you ended the last ones.\u201d"
    )
    assert len(found) == 2, [c.quote for c in found]
    assert found[0].quote.startswith("not to try the patience")


def test_said_in_a_statement_announces_the_quotation_after_it() -> None:
    c = only(
        "Sam Roe, the spokesman of the Norland Front, said in a statement. "
        "\u201cThere are no ballots to recount. The vote was a unique event.\u201d"
    )
    assert c.speaker == "Sam Roe"
    assert c.quote.startswith("There are no ballots to recount")


def test_issuing_a_statement_reports_its_quotation() -> None:
    c = only(
        "After the attacks, Jan Bor issued a statement, \u201cLast night, our nation was attacked by the militia. "
        "It was the worst attack on our soil.\u201d"
    )
    assert c.speaker == "Jan Bor"
    assert "our nation was attacked" in c.quote


def test_the_following_statement_is_the_quotation_in_the_next_paragraph() -> None:
    c = only(
        "In response to the attack, Jan Bor released the following statement:\n\n"
        "\u201cOur prayers are with all those affected by the attacks. This cannot continue.\u201d"
    )
    assert c.speaker == "Jan Bor"
    assert c.quote.startswith("Our prayers are with all those affected")


def test_releasing_something_with_no_quotation_reports_nothing() -> None:
    assert claims("The Norland army released new rules for the checkpoints on Monday.") == []


def test_a_described_subject_of_an_embedded_quotation_is_the_person_named() -> None:
    found = claims(
        "Jan Bor toured the northern towns on Monday. "
        "The Norland senator credited the truce to \u201ca closed valley that nobody expected.\u201d"
    )
    assert [c.speaker for c in found] == ["Jan Bor"]


def test_two_apostrophes_are_one_double_mark() -> None:
    c = only("Jan Bor said the council\u2019s ''plan is a disaster for the whole valley.''")
    assert c.speaker == "Jan Bor"
    assert c.quote_type is QuoteType.MIXED
    assert c.quote.endswith("whole valley.''")
