"""Common news attribution patterns, in sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest
from attribution_cases import PUB, claims, only

from claimex.attribution import analyse
from claimex.core.types import Article, QuoteType

# a pattern the regex layer handled and the parse-based stages do not yet (issue 11 follow-up)
PARSER_GAP = pytest.mark.xfail(reason="not yet handled by the parse-based stages", strict=False)

# ---- lowercase roles before the name -----------------------------------------------


@pytest.mark.parametrize(
    ("role", "name"),
    [
        ("union chief", "Maria Lopez"),
        ("engineer", "Tomasz Wilk"),
        ("planner", "Rita Costa"),
        ("spokeswoman", "Lena Fox"),
        ("lawyer", "Sara Kim"),
        ("analyst", "Jonas Berg"),
        ("opposition leader", "Karl Dahl"),
        ("the company's chief executive", "Paul Meyer"),
        ("talk show host", "Dana Brooks"),
    ],
)
def test_lowercase_role_words_before_the_name(role: str, name: str) -> None:
    c = only(f"“The works on the northern line will take another year,” {role} {name} said on Monday.")
    assert c.speaker == name
    assert c.quote == "The works on the northern line will take another year"
    assert c.quote_type is QuoteType.DIRECT
    assert c.date == dt.date(2023, 3, 13)


def test_json_record_body_without_title_line_keeps_its_lead() -> None:
    text = "“The bridge will reopen in spring,” engineer Tomasz Wilk said on Tuesday."
    with_title = analyse(Article(id="t", text=text, title="Bridge to reopen", published=PUB))
    assert [p.claim.speaker for p in with_title.proposals] == ["Tomasz Wilk"]
    same_title = analyse(Article(id="t", text="Bridge to reopen\n\n" + text, title="Bridge to reopen", published=PUB))
    assert [p.claim.speaker for p in same_title.proposals] == ["Tomasz Wilk"]


def test_said_name_then_appositive_role() -> None:
    c = only("“The offer is not good enough for our members,” said Maria Lopez, the union's chief negotiator.")
    assert c.speaker == "Maria Lopez"
    assert c.quote == "The offer is not good enough for our members"


def test_age_and_occupation_appositives() -> None:
    c = only("Maria Lopez, 54, a nurse, said the ward had been short-staffed for months.")
    assert c.speaker == "Maria Lopez"
    assert c.quote == "the ward had been short-staffed for months"


def test_title_and_told_parliament_that() -> None:
    c = only("Defence Minister Ana Ruiz told parliament that the army would buy new helicopters.")
    assert c.speaker == "Ana Ruiz"
    assert c.quote == "the army would buy new helicopters"


def test_told_an_audience_then_a_pronoun_clause() -> None:
    c = only("Senator Ana Ruiz told a farmers' rally in the capital she would vote against the bill.")
    assert c.speaker == "Ana Ruiz"
    assert c.quote == "she would vote against the bill"


def test_in_a_statement_the_ministry_said() -> None:
    c = only("In a statement, the Health Ministry said the outbreak was under control.")
    assert c.speaker == "Health Ministry"
    assert c.quote == "the outbreak was under control"


def test_she_told_an_outlet_is_the_previous_person_not_the_outlet() -> None:
    body = "Maria Lopez has led the nurses' union for a decade.\n\n“We will not accept a pay freeze,” she told Reuters."
    c = only(body)
    assert c.speaker == "Maria Lopez"
    assert c.quote == "We will not accept a pay freeze"


def test_wrote_on_a_platform() -> None:
    body = "Maria Lopez has led the nurses' union for a decade.\n\n“The talks have collapsed,” Lopez wrote on X."
    c = only(body)
    assert c.speaker == "Maria Lopez"
    assert c.quote == "The talks have collapsed"


def test_according_to_a_statement_from_a_body() -> None:
    c = only("The factory will close next year, according to a statement from the Ministry of Industry.")
    assert c.speaker == "Ministry of Industry"
    assert c.quote == "The factory will close next year"


def test_according_to_the_named_body() -> None:
    c = only("Unemployment fell for the third month in a row, according to the Labour Department.")
    assert c.speaker == "Labour Department"


def test_that_was_how_x_put_it() -> None:
    body = "Maria Lopez has led the nurses' union for a decade.\n\n“We will strike until the end of the year” — that was how Lopez put it."
    c = only(body)
    assert c.speaker == "Maria Lopez"
    assert c.quote == "We will strike until the end of the year"
    assert c.quote_type is QuoteType.DIRECT


def test_said_it_was() -> None:
    c = only("Mayor Ines Gold said it was too early to reopen the market.")
    assert c.speaker == "Ines Gold"
    assert c.quote == "it was too early to reopen the market"


@PARSER_GAP
def test_parenthetical_tag_in_mid_sentence() -> None:
    c = only("In the end, Mr. Varga said, the river authority will have to pay for the dam.")
    assert c.speaker == "Varga"
    assert c.quote == "the river authority will have to pay for the dam"


def test_said_comma_clause() -> None:
    c = only("Ines Gold said, the market will stay closed until the inspectors are satisfied.")
    assert c.quote == "the market will stay closed until the inspectors are satisfied"


@PARSER_GAP
def test_statement_saying() -> None:
    c = only("The Harbour Authority issued a statement saying the port would stay closed through Friday.")
    assert c.speaker == "Harbour Authority"
    assert c.quote == "the port would stay closed through Friday"


def test_reduced_relative_participle_is_still_not_a_report() -> None:
    assert claims("Farmers blocking the roads near the border were moved on by police.") == []


@pytest.mark.parametrize("verb", ["suggested", "complained", "contended", "cautioned", "pointed out"])
def test_more_reporting_verbs(verb: str) -> None:
    c = only(f"Ines Gold {verb} that the market would stay closed until the summer.")
    assert c.speaker == "Ines Gold"
    assert c.quote == "the market would stay closed until the summer"


# ---- things that are not statements ----------------------------------------------


def test_reporting_words_used_as_nouns_or_infinitives() -> None:
    assert claims("Ines Gold posted her tweet before the market opened on Tuesday morning.") == []
    assert claims("The council would need a larger majority to confirm the new harbour master.") == []
    assert claims("Ines Gold's claim to the land was rejected by the court in March.") == []


def test_adjunct_after_a_quote_is_not_a_second_claim() -> None:
    c = only("“This is a strange election,” Karl Dahl said at a breakfast meeting in the harbour town.")
    assert c.quote == "This is a strange election"
    c2 = only("“They still think we ride camels,” Karl Dahl said with a grin.")
    assert c2.quote == "They still think we ride camels"
    c3 = only("“We stand with you,” Karl Dahl told the victims' families.")
    assert c3.quote == "We stand with you"


def test_tag_inside_a_subordinate_clause_gives_no_comma_clause() -> None:
    assert claims("After Ines Gold complained, the market inspectors went back to the stalls twice.") == []


def test_said_name_after_a_clause_naming_others() -> None:
    c = only(
        "Rising prices have helped drive Labour voters to the polls, said Petra Novak, a professor of politics at Lund University."
    )
    assert c.speaker == "Petra Novak"


def test_name_with_appositive_role_of_a_body_is_the_person() -> None:
    c = only(
        "“We will answer every attack,” Omar Said, the commander of the Northern Brigade militia said in his message."
    )
    assert c.speaker == "Omar Said"


def test_sentence_initial_adverbs_are_not_speakers() -> None:
    found = claims("Finally, there is the question of money, which nobody wanted to answer, the report said.")
    assert all(c.speaker != "Finally" for c in found)


# ---- dates -------------------------------------------------------------------------


def test_attributive_weekday_dates_the_event_not_the_statement() -> None:
    c = only("Mayor Ines Gold said the port authority’s Tuesday closure of the docks was a mistake.")
    assert c.date is None
    c2 = only("In her Tuesday statement, Mayor Ines Gold said the port would reopen within a month.")
    assert c2.date == dt.date(2023, 3, 14)


@PARSER_GAP
def test_day_deep_inside_another_statements_content_does_not_date_the_next() -> None:
    body = (
        "Mayor Ines Gold held the port operator responsible for closing the northern gates on Sunday, "
        "saying the company must reopen them at once."
    )
    found = claims(body)
    assert found and all(c.date is None for c in found)


@PARSER_GAP
def test_day_right_after_the_verb_still_dates_the_coordinated_statement() -> None:
    body = "Mayor Ines Gold warned the port operator on Tuesday of heavy fines and denied any role in the closure."
    found = claims(body)
    assert len(found) == 2 and all(c.date == dt.date(2023, 3, 14) for c in found)


# ---- a role named elsewhere ----------------------------------------------------------


def test_unnamed_spokesperson_takes_the_name_given_for_that_role_and_body() -> None:
    body = (
        "A senior Norland army spokesperson said the border crossing would stay closed.\n\n"
        "“The crossing is not safe for civilians,” Colonel Ana Berg, spokesperson for the Norland Army, said."
    )
    assert {c.speaker for c in claims(body)} == {"Ana Berg"}


def test_unnamed_spokesperson_of_another_body_is_not_given_that_name() -> None:
    body = (
        "A Harbour Authority spokesman said the ferries would run again on Friday.\n\n"
        "“We are still counting the damage,” Colonel Ana Berg, spokesperson for the Norland Army, said."
    )
    speakers = [c.speaker for c in claims(body)]
    assert "Harbour Authority" in speakers and speakers.count("Ana Berg") == 1


# ---- frames the parse gets wrong (PolNeAR train misses) ------------------------------


def test_age_appositive_after_the_quotation() -> None:
    # the parse makes "We" (inside the quotation) the subject of "told"
    c = only(
        "“We were tremendously wrong to not have confronted him from the beginning,” Ramos, 58, told a radio "
        "station in Lisbon on Monday."
    )
    assert c.speaker == "Ramos"
    assert c.quote == "We were tremendously wrong to not have confronted him from the beginning"


def test_roman_numeral_suffix_is_a_name_not_a_dateline() -> None:
    c = only("“Yes, I back the plan,” Colin Ashby III, founder of a farm lobby, tells a local radio station.")
    assert c.speaker == "Colin Ashby III"
    assert c.quote == "Yes, I back the plan"


def test_name_appositive_after_a_role_with_colon() -> None:
    c = only(
        "In a statement to the Observer, her senior policy adviser, Tom Keller, said: “The minister believes "
        "that regional cooperation is essential. She has always valued a strong union.”"
    )
    assert c.speaker == "Tom Keller"
    assert c.quote.startswith("The minister believes that regional cooperation is essential")


def test_exclamation_closing_the_quotation_does_not_cut_the_frame_off() -> None:
    c = only(
        "“The northern province is proud to cast its votes for the reform!” Senator Rita Costa said as the vote opened."
    )
    assert c.speaker == "Rita Costa"
    assert c.quote.startswith("The northern province is proud")


def test_the_quotation_before_the_frame_wins_over_a_title_after_it() -> None:
    c = only(
        "“Let's go back six months and look at Karl Dahl announcing his candidacy and being 3, 4 percent in "
        "the polls,” Dahl said in an interview with the network's Anna Holm aired Monday on “Morning Desk.”"
    )
    assert c.speaker == "Karl Dahl"
    assert c.quote.startswith("Let's go back six months")


@pytest.mark.parametrize("medium", ["the Valmora News Agency", "Kestrel TV", "the state-run Northland Radio"])
def test_a_news_medium_reporting_is_not_a_speaker(medium: str) -> None:
    found = claims(
        f"“The army will leave the border villages before the winter,” {medium} said on Monday, citing a decree."
    )
    assert [c.speaker for c in found] == []


def test_an_outlet_reporting_someone_as_saying_gives_the_words_to_that_someone() -> None:
    c = only("“We are not done. This will continue,” the Kestrel Herald reported Karl Dahl as saying on Monday.")
    assert c.speaker == "Karl Dahl"
    assert c.quote == "We are not done. This will continue"


def test_an_unquoted_clause_reported_as_saying_is_indirect_speech_of_the_object() -> None:
    c = only(
        "The airstrikes killed three people in the mountains, the Kestrel Herald reported the Brazilian Armed "
        "Forces as saying."
    )
    assert c.speaker == "Brazilian Armed Forces"
    assert c.quote == "The airstrikes killed three people in the mountains"


def test_a_statement_introduced_by_a_day_after_was_made_the_day_before() -> None:
    found = claims(
        "Karl Dahl said on Tuesday that the talks would resume next month.\n\n"
        "His statement comes a day after the Brazilian army said it destroyed 14 depots in the mountains."
    )
    by_speaker = {c.speaker: c for c in found}
    assert by_speaker["Karl Dahl"].date == dt.date(2023, 3, 14)
    assert by_speaker["Brazil"].date == dt.date(2023, 3, 13)  # the army speaks for its country


def test_the_writers_aside_after_a_closed_quotation_is_not_the_speakers() -> None:
    c = only(
        "Spokeswoman Lena Fox said the attack had “the footprints of the Velar Front”, which the government "
        "has blamed for previous violence."
    )
    assert c.speaker == "Lena Fox"
    assert c.quote == "the attack had “the footprints of the Velar Front”"


def test_a_time_clause_after_the_quotation_is_the_writers() -> None:
    c = only(
        "Defence Secretary Karl Dahl said, “We are not going to just walk away right now” before the peace "
        "talks yield results."
    )
    assert c.speaker == "Karl Dahl"
    assert c.quote == "We are not going to just walk away right now"


def test_a_relative_clause_is_no_statement_of_its_own() -> None:
    found = claims(
        "Spokeswoman Lena Fox said the attack had “the footprints of the Velar Front”, which the government "
        "has blamed for previous violence."
    )
    assert [c.speaker for c in found] == ["Lena Fox"]


def test_a_participle_cue_after_a_comma_opens_a_statement_of_its_own() -> None:
    found = claims(
        "Commander Ivo Marsh said the Velar Front did not care whether the shells fell among civilians, "
        "claiming dozens were killed including women and children."
    )
    assert [c.quote for c in found] == [
        "the Velar Front did not care whether the shells fell among civilians",
        "dozens were killed including women and children",
    ]
    assert {c.speaker for c in found} == {"Ivo Marsh"}


def test_a_clause_fronted_before_the_frame_does_not_swallow_the_frame() -> None:
    found = claims(
        "Complaining that the minister’s visit to the Kestrel Airbase in the northern province violated "
        "diplomatic norms, Velar Front leader Ivo Marsh said on Twitter the parliament would respond by voting "
        "to expel the foreign troops stationed there."
    )
    marsh = [c for c in found if c.speaker == "Ivo Marsh"]
    assert marsh and all("Ivo Marsh" not in c.quote for c in marsh)
    assert any(c.quote.startswith("the parliament would respond") for c in marsh)


def test_said_of_someone_after_a_quotation_reports_the_quotation() -> None:
    c = only("“Who do they think they are?” Karl Dahl said of the company in February, when it refused to pay.")
    assert c.speaker == "Karl Dahl"
    assert c.quote == "Who do they think they are?"


def test_by_saying_reports_for_the_subject() -> None:
    c = only("Karl Dahl ended his list of grievances by saying “Too many, far too many.” The crowd cheered.")
    assert c.speaker == "Karl Dahl"
    assert c.quote == "Too many, far too many"


def test_a_quotation_mark_glued_to_the_comma_before_it() -> None:
    c = only("Maria Lopez said,\u201cThe offer is not good enough for our members.\u201d")
    assert c.speaker == "Maria Lopez"
    assert c.quote == "The offer is not good enough for our members"


@pytest.mark.parametrize("verb", ["boomed", "retorted", "shot back", "lectured"])
def test_any_verb_before_a_colon_and_a_quotation_reports_it(verb: str) -> None:
    c = only(f"Maria Lopez leaned in and {verb}: \u201cThe offer is not good enough for our members.\u201d")
    assert c.speaker == "Maria Lopez"
    assert c.quote.startswith("The offer is not good enough")


def test_a_verb_before_a_colon_and_no_quotation_reports_nothing() -> None:
    assert claims("Maria Lopez leaned in and boomed: the offer was not good enough.") == []


@pytest.mark.parametrize(
    "body", ["Norland\u2019s Ministry of Foreign Affairs and Expatriates", "the Department of Trade and Industry"]
)
def test_a_body_named_with_of_and_and_is_one_name(body: str) -> None:
    c = only(f"\u201cThe new tariffs are an act of aggression,\u201d {body} said in a statement.")
    assert c.speaker == body.removeprefix("the ").removeprefix("Norland\u2019s ")


def test_a_title_word_inside_a_ministry_name_does_not_make_a_person() -> None:
    c = only("\u201cThe new tariffs are an act of aggression,\u201d the Ministry of Foreign Affairs said.")
    assert c.speaker == "Ministry of Foreign Affairs"


@pytest.mark.parametrize("verb", ["expressed", "voiced"])
def test_a_feeling_expressed_about_a_quotation_is_a_mixed_claim(verb: str) -> None:
    c = only(f"President Jan Holt {verb} his gratitude for the \u201csupport\u201d from the central government.")
    assert c.speaker == "Jan Holt"
    assert c.quote_type is QuoteType.MIXED
    assert "gratitude" in c.quote


def test_a_feeling_expressed_without_a_quotation_is_no_claim() -> None:
    assert claims("President Jan Holt expressed his gratitude for the support from the central government.") == []


def test_called_it_a_quotation_claims_the_quotation() -> None:
    found = claims("President Jan Holt called it \u201cbizarre\u201d and said the talks were over.")
    assert [(c.quote, c.quote_type) for c in found] == [
        ("bizarre", QuoteType.DIRECT),
        ("the talks were over", QuoteType.INDIRECT),
    ]


def test_described_as_keeps_the_thing_described_in_a_mixed_claim() -> None:
    c = only("Minister Jana Holt described the strikes as \u201ca flagrant violation of our sovereignty.\u201d")
    assert c.quote_type is QuoteType.MIXED
    assert c.quote.startswith("the strikes as \u201ca flagrant violation")


@pytest.mark.parametrize("frame", ["called on Wednesday for", "called on"])
def test_called_on_x_to_keeps_x_and_drops_the_day(frame: str) -> None:
    c = only(f"Minister Jana Holt {frame} Norland to tone down its rhetoric.")
    assert c.quote == "Norland to tone down its rhetoric"


def test_a_person_named_right_after_a_body_is_the_person() -> None:
    c = only("The Velar Liberation Movement Marco Vessel affirmed the movement\u2019s commitment to the truce.")
    assert c.speaker == "Marco Vessel"


def test_a_body_name_alone_stays_the_body() -> None:
    c = only("\u201cWe cannot surrender,\u201d the Velar Liberation Movement said.")
    assert c.speaker == "Velar Liberation Movement"


def test_an_excerpt_cut_mid_sentence_keeps_its_last_paragraph() -> None:
    body = (
        "\u201cThe offer is not good enough,\u201d Maria Lopez said.\n\n"
        "Lopez said the union respects the court and will not strike, but demanded that the company pr"
    )
    found = claims(body)
    assert [c.quote for c in found][:2] == [
        "The offer is not good enough",
        "the union respects the court and will not strike",
    ]


def test_a_short_unpunctuated_heading_is_still_skipped() -> None:
    body = "\u201cThe offer is not good enough,\u201d Maria Lopez said.\n\nUnion Talks Resume Next Week"
    assert [c.quote for c in claims(body)] == ["The offer is not good enough"]


def test_labelled_a_long_thing_as_a_quotation_claims_the_quotation() -> None:
    c = only("The Velar Brigades labelled the air strikes on the northern villages as \u201cruthless,\u201d on Monday.")
    assert (c.quote, c.quote_type) == ("ruthless", QuoteType.DIRECT)


def test_highlighting_that_reports() -> None:
    found = claims("Commander Ivo Marsh spoke on Monday, highlighting that the strikes had hit the refugee camps.")
    assert [c.quote for c in found] == ["the strikes had hit the refugee camps"]


def test_a_definite_description_is_the_person_just_spoken_of() -> None:
    body = "Mark Dale spoke in Miami on Monday.\n\n\u201cIt is a difficult issue,\u201d said the Florida senator."
    assert [c.speaker for c in claims(body)] == ["Mark Dale"]


def test_an_indefinite_description_names_no_one() -> None:
    body = "Mark Dale spoke in Miami on Monday.\n\n\u201cIt is a difficult issue,\u201d said a Florida senator."
    assert claims(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "\u201cThe offer is not good enough,\u201dMaria Lopez said.",
        "\u201cThe offer is not good enough,\u201d said Skelly, explaining the union would meet again.",
        "\u201cThe offer is not good enough, because the members are angry,\u201d Lopez, 54, told reporters Monday "
        "when asked about the talks.",
        "Of the offer, Lopez, who has led the union since 2010, said, \u201cIt is not good enough.\u201d",
    ],
)
def test_frames_a_small_parse_gets_wrong(body: str) -> None:
    c = only(body)
    assert c.speaker in ("Maria Lopez", "Skelly", "Lopez")
    assert c.quote.startswith(("The offer is not good enough", "It is not good enough"))


@pytest.mark.parametrize(
    "tail",
    [", alluding to a return to war", " in June, later specifying that the towns were next"],
)
def test_a_participle_after_the_last_quotation_is_the_writers_gloss(tail: str) -> None:
    sep = "" if tail.startswith(",") else ","
    body = (
        f"Commander Ivo Marsh explained that it is misguided for some to "
        f"\u201csacrifice their security for the enemy{sep}\u201d{tail}."
    )
    c = only(body)
    assert "alluding" not in c.quote and "specifying" not in c.quote
    assert c.quote.startswith("it is misguided for some to")


def test_a_participle_in_indirect_speech_stays_the_speakers() -> None:
    c = only("Commander Ivo Marsh said the army had withdrawn from the town, leaving the bridge to the rebels.")
    assert c.quote.endswith("leaving the bridge to the rebels")


def test_a_promise_keeps_its_prepositional_tail_but_not_the_occasion() -> None:
    first = only("Commander Ivo Marsh vowed a harsh response to Norland at a time of his own choosing.")
    assert first.quote == "a harsh response to Norland at a time of his own choosing"
    second = only("Commander Ivo Marsh vowed revenge against the Norland Front in a statement on Monday.")
    assert second.quote == "revenge against the Norland Front"


def test_an_objects_purpose_stays_in_the_content() -> None:
    c = only("Minister Jana Holt stressed the work of the inquiry to uncover those responsible for the shelling.")
    assert c.quote == "the work of the inquiry to uncover those responsible for the shelling"


@pytest.mark.parametrize(
    ("body", "quote"),
    [
        (
            "Prime Minister Jan Holt has previously \u201crejected any violation by Velaria\u201d of the border.",
            "\u201crejected any violation by Velaria\u201d of the border",
        ),
        (
            "The Syrian foreign ministry \u201ccategorically rejected\u201d the comments.",
            "\u201ccategorically rejected\u201d the comments",
        ),
    ],
)
def test_a_quotation_that_opens_with_the_reporting_verb(body: str, quote: str) -> None:
    c = only(body)
    assert (c.quote, c.quote_type) == (quote, QuoteType.MIXED)


def test_a_reporting_verb_inside_a_quotation_with_its_own_subject_is_no_cue() -> None:
    assert [c.quote for c in claims("\u201cWe rejected the offer,\u201d Jan Holt said.")] == ["We rejected the offer"]


def test_a_second_report_after_a_time_mark_is_its_own_claim() -> None:
    found = claims(
        "The Velar Brigades said on Tuesday that it would halt its attacks on the troops, "
        "after Norland pledged a \u201cvery consequential\u201d response to a drone attack."
    )
    assert [(c.speaker, c.quote) for c in found] == [
        ("Velar Brigades", "it would halt its attacks on the troops"),
        ("Norland", "a \u201cvery consequential\u201d response to a drone attack"),
    ]


def test_a_stop_glued_to_the_next_sentence_still_ends_it() -> None:
    found = claims(
        "Norland denies any part in the raid.Jan Holt urged the Velar council to apply pressure on the rebels."
    )
    assert [(c.speaker, c.quote) for c in found] == [
        ("Norland", "any part in the raid"),
        ("Jan Holt", "the Velar council to apply pressure on the rebels"),
    ]


@pytest.mark.parametrize(
    ("body", "quote"),
    [
        ("Jan Holt thanked the health officials for their work after the blast.", "for their work"),
        ("Jan Holt said the banks were squeezed, which he described as an aggressive step.", "aggressive step"),
    ],
)
def test_weak_cues_report_with_for_or_as(body: str, quote: str) -> None:
    assert any(quote in c.quote for c in claims(body))


def test_a_weak_cue_with_a_bare_object_reports_nothing() -> None:
    assert claims("Jan Holt thanked the health officials.") == []
