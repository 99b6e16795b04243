"""Resolution, salience, colon and participle reports, and dating, in sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest
from attribution_cases import claims, only

from claimex.core.types import Stance


def test_a_body_described_by_its_function_is_the_body_named_before() -> None:
    found = claims(
        "Norway\u2019s Ministry of Foreign Affairs and Trade said in a statement on Tuesday that the raid was illegal. "
        "The Norwegian foreign ministry said the Swedish army must leave the valley."
    )
    assert [c.speaker for c in found] == ["Ministry of Foreign Affairs and Trade"] * 2
    assert found[1].date == found[0].date is not None


def test_a_function_word_of_another_owner_names_a_different_body() -> None:
    found = claims(
        "Norway\u2019s Ministry of Foreign Affairs said on Tuesday that the raid was illegal. "
        "The Swedish foreign ministry said the raid was lawful."
    )
    assert found[1].speaker != "Ministry of Foreign Affairs"


def test_an_office_written_like_a_name_gives_way_to_the_person_in_apposition() -> None:
    c = only("The Prime Minister, Jan Bor, said that the Velarian army must leave the valley.")
    assert c.speaker == "Jan Bor"


def test_a_closing_frame_around_a_report_is_not_a_second_claim() -> None:
    c = only(
        "The leader of the Norland Front, Ivo Marsh, said that the army must leave the valley before winter, he said."
    )
    assert c.speaker == "Ivo Marsh"
    assert c.quote == "the army must leave the valley before winter"


def test_a_speaker_granted_anonymity_is_no_one() -> None:
    found = claims(
        "Commander Ivo Marsh said the talks had failed. "
        "\u201cThe two sides will meet again in March,\u201d added a Velarian official. "
        "\u201cNothing is settled yet,\u201d he said on condition of anonymity."
    )
    assert [c.quote for c in found] == ["the talks had failed"]


def test_it_after_a_news_agency_is_the_agency_not_the_last_body() -> None:
    found = claims(
        "The Norland Front said the army had shelled the port. "
        "The shells hit a market, according to the state news agency. "
        "Two people were killed, it said."
    )
    assert [c.speaker for c in found] == ["Norland Front"]


@pytest.mark.parametrize(
    ("body", "speaker", "quote"),
    [
        (
            "Farmers were angry about the new levy, with Senator Ana Ruiz calling it a \u201cdaylight robbery.\u201d",
            "Ana Ruiz",
            "daylight robbery",
        ),
        (
            "Senator Ana Ruiz drew loud boos upon saying, \u201cThe levy stays.\u201d",
            "Ana Ruiz",
            "The levy stays.",
        ),
        (
            "Senator Ana Ruiz was joined on stage by the mayor and joked, \u201cThe levy is here to stay.\u201d",
            "Ana Ruiz",
            "The levy is here to stay.",
        ),
        (
            "\u201cThey never wanted a deal,\u201d Senator Ana Ruiz fumed on Tuesday.",
            "Ana Ruiz",
            "They never wanted a deal,",
        ),
    ],
)
def test_reports_in_participles_and_coordinations(body: str, speaker: str, quote: str) -> None:
    c = only(body)
    assert c.speaker == speaker
    assert c.quote.strip(" ,.") == quote.strip(" ,.")


def test_a_promise_ends_before_a_reason_set_off_by_a_comma() -> None:
    c = only(
        "The army struck the depots on Friday, with General Ivo Marsh vowing to strike the rebels again, in retaliation for the attack."
    )
    assert "retaliation" not in c.quote


def test_an_organisations_spokesman_is_the_one_spokesman_it_names() -> None:
    found = claims(
        "The war of words grew, with the NLF spokesman calling the army\u2019s remarks \u201ca direct threat.\u201d "
        "The army will pay for its crimes, said NLF spokesman U Aung Lin."
    )
    assert {c.speaker for c in found} == {"U Aung Lin"}


def test_a_weak_cue_after_a_question_reports_the_question() -> None:
    # the small parse makes "shaking his head no" the complement of "asked" here
    c = only('"Do I think that that gun dealer should be sued?" Marsh asked rhetorically, shaking his head no.')
    assert c.quote == "Do I think that that gun dealer should be sued?"


def test_a_colon_after_the_cue_opens_its_quotation() -> None:
    found = claims(
        '"If she gets to pick the judges, nothing you can do, folks," Ruiz said before adding: '
        '"Though the farmers, maybe there is, I don\'t know."'
    )
    assert [c.quote.strip(" ,.") for c in found] == [
        "If she gets to pick the judges, nothing you can do, folks",
        "Though the farmers, maybe there is, I don't know",
    ]


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "Senator Ana Ruiz delivered a sharp retort: \u201cNo one is tearing this deal up. We will go forward.\u201d",
            "Ana Ruiz",
        ),
        ("Ruiz has since apologized for the delay: \u201cYes, I should have told the farmers sooner.\u201d", "Ruiz"),
        ("Rep. Ana Ruiz (D-Ore.): \u201cI have not heard anyone else ever cite that figure.\u201d", "Ana Ruiz"),
    ],
)
def test_a_colon_hands_the_quotation_to_the_clause_subject_or_label(body: str, speaker: str) -> None:
    assert only(body).speaker == speaker


def test_a_colon_after_a_clause_with_no_named_subject_attributes_nothing() -> None:
    assert claims("The poll found: \u201cMost voters want the levy gone before the winter comes.\u201d") == []


def test_as_x_put_it_reports_the_quotation() -> None:
    c = only(
        'But at the time, as prosecutor Ana Ruiz put it, "apart from the wrong crowd and some jogging for fitness, '
        'there was not much to complain about."'
    )
    assert c.speaker == "Ana Ruiz"
    assert c.quote.startswith("apart from the wrong crowd")


def test_an_inverted_source_with_descriptors_before_the_name() -> None:
    c = only(
        '"I\'m not going to say it is a mistake, so forget about it," said retired surgeon Ben Holt, '
        "asked about his claims that he had received an offer."
    )
    assert c.speaker == "Ben Holt"


def test_a_colon_after_the_cue_opens_an_unquoted_question() -> None:
    found = claims(
        "Senator Ana Ruiz pointed out that the levy hurt farmers, asking: Why would the state punish its own growers?"
    )
    assert [c.quote for c in found] == ["the levy hurt farmers", "Why would the state punish its own growers?"]


def test_lambast_reports_opposition() -> None:
    c = only("Senator Ana Ruiz lambasted the Norland Front for \u201cthe cowardly attack on the market.\u201d")
    assert c.stance is Stance.OPPOSE


def test_a_verb_of_causing_hands_the_report_to_its_object() -> None:
    c = only("The strikes prompted Prime Minister Ana Ruiz to call for an end to the foreign coalition in the country.")
    assert c.speaker == "Ana Ruiz"
    assert c.quote == "an end to the foreign coalition in the country"


def test_a_report_not_caused_is_no_report() -> None:
    assert claims("The strikes did not prompt Prime Minister Ana Ruiz to call for an end to the coalition.") == []


def test_a_day_given_for_a_document_does_not_date_the_act_of_the_reader() -> None:
    body = (
        "General Ivo Marsh said on Tuesday that the port was closed.\n\n"
        "The Norland Front was reacting to a statement from the Velarian army issued the day before.\n\n"
        "\u201cThe army lies about the raid on the port,\u201d the Norland Front said."
    )
    found = [c for c in claims(body, dt.date(2024, 3, 8)) if c.speaker == "Norland Front"]
    assert len(found) == 1
    assert found[0].date is None


def test_went_on_to_say_reports() -> None:
    c = only("Senator Ana Ruiz went on to say, \u201cThe levy will go, and the farmers will be paid back in May.\u201d")
    assert c.speaker == "Ana Ruiz"


def test_going_on_to_act_is_no_report() -> None:
    assert claims("Senator Ana Ruiz went on to win the vote in the assembly.") == []


def test_reacted_with_a_quotation_reports() -> None:
    c = only("\u201cWhat sport is he talking about, and who is he profiling?\u201d reacted Senator Ana Ruiz.")
    assert c.speaker == "Ana Ruiz"


def test_a_middle_initial_stays_in_the_name() -> None:
    c = only("\u201cThe turnout was higher than expected in the north,\u201d said pollster Jeffrey M. Holt.")
    assert c.speaker == "Jeffrey M. Holt"


def test_a_label_with_a_middle_initial() -> None:
    c = only(
        "TURNOUT WAS HIGH - Jeffrey M. Holt: \u201cAt long last the contests have started and the turnout is high.\u201d"
    )
    assert c.speaker == "Jeffrey M. Holt"


def test_an_office_of_a_house_gives_way_to_the_titled_person() -> None:
    c = only("Speaker of the House Rep. Paul Holt (R-WI) said \u201cthe levy has no place in this budget.\u201d")
    assert c.speaker == "Paul Holt"


def test_a_roundup_label_after_a_headline_names_the_writer() -> None:
    c = only(
        "TURNOUT WAS HIGH IN THE NORTH - Ana Ruiz and Jo Holt: \u201cThe polls did not fail; they ended too early.\u201d"
    )
    assert c.speaker == "Ana Ruiz"


def test_a_surname_that_is_also_a_demonym_is_the_person_named_in_full() -> None:
    found = claims('Mark Cuban, the owner of the team, spoke on Sunday. "It\'s too early to tell," Cuban said.')
    assert [c.speaker for c in found] == ["Mark Cuban"]


def test_a_surname_is_the_person_before_a_body_that_starts_with_it() -> None:
    body = (
        "The Holt University case went to court. Jo Holt attacked the judge. "
        '"I think the judge should be ashamed of himself," Holt said.'
    )
    assert [c.speaker for c in claims(body)] == ["Jo Holt"]  # not "Holt University"


@pytest.mark.parametrize("verb", ["referred to the levy", "characterized the levy", "portrayed the levy"])
def test_verbs_of_describing_report_what_they_call_it(verb: str) -> None:
    c = only(f"Senator Ana Ruiz {verb} as \u201ca tax on every farmer in the valley.\u201d")
    assert c.speaker == "Ana Ruiz"
    assert "a tax on every farmer" in c.quote


def test_referring_to_a_thing_reports_nothing() -> None:
    assert claims("Senator Ana Ruiz referred to the report in her speech on the levy.") == []


def test_a_hyphenated_descriptor_before_an_inverted_name_is_skipped() -> None:
    c = only("\u201cImagine the envoy going up against the council on one stage,\u201d mused radio co-host Stu Roe.")
    assert c.speaker == "Stu Roe"


def test_a_persons_campaign_speaks_for_the_person() -> None:
    found = claims(
        "Jan Bor toured the north on Monday. "
        "\u201cThis income was used for the funding of construction projects,\u201d the Bor campaign explained."
    )
    assert [c.speaker for c in found] == ["Jan Bor"]


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("A statement issued by the Norland Front said the valley would fight on.", "Norland Front"),
        ("The letter, signed by Jan Bor, said the plan was a grave mistake for the valley.", "Jan Bor"),
        (
            "\u201cThe evidence cannot prove all the elements of the crime alleged,\u201d according to a "
            "statement released by state attorney Ivo Marsh.",
            "Ivo Marsh",
        ),
    ],
)
def test_the_author_a_documents_participle_names_speaks(sentence: str, speaker: str) -> None:
    assert only(sentence).speaker == speaker


def test_a_persons_letter_speaks_for_the_person() -> None:
    assert only("Jan Bor\u2019s letter said the plan was a grave mistake for the valley.").speaker == "Jan Bor"


def test_an_inverted_possessive_description_is_the_person_it_names() -> None:
    c = only(
        'Then there was the most obvious change of all: "It is about time that we had a woman running this '
        "country,\" exhorted Bor's introducer, actress Ivy Marsh."
    )
    assert c.speaker == "Ivy Marsh"


def test_a_persons_response_speaks_for_the_person() -> None:
    found = claims(
        "Jan Bor was told of the deaths of the soldiers in December. "
        'Bor\'s response was: "Is the store on the corner open or closed?"'
    )
    assert [(c.speaker, c.quote) for c in found] == [("Jan Bor", "Is the store on the corner open or closed?")]


def test_a_quotation_closing_on_a_quoted_term_and_a_comma_is_the_frames() -> None:
    c = only(
        "\"My father made the donation. This would be why he is the 'Title Sponsor,' \" Jan Bor wrote of the 2010 gift."
    )
    assert c.quote.startswith("My father made the donation")
