"""Hand-written sentences for each attribution pattern (none taken from the seed articles)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from attribution_cases import PUB, claims, only, run

import claimex.attribution as attribution
from claimex.attribution import AliasTable, canonicalise_speaker, resolve_date
from claimex.core.grounding import quote_in_text
from claimex.core.types import QuoteType, Stance

# a pattern the regex layer handled and the parse-based stages do not yet (issue 11 follow-up)
PARSER_GAP = pytest.mark.xfail(reason="not yet handled by the parse-based stages", strict=False)


def test_public_api_is_pinned() -> None:
    assert sorted(attribution.__all__) == sorted(
        [
            "AliasTable",
            "Attribution",
            "Proposal",
            "analyse",
            "canonicalise_speaker",
            "find_dateline",
            "pipeline_info",
            "resolve_date",
            "resolve_relative",
            "stance_evidence",
            "use_pipeline",
        ]
    )


# ---- quotation marks -------------------------------------------------------------


def test_curly_direct_quote_with_speaker_after() -> None:
    c = only("“The harbour will reopen next month,” Mayor Elena Brandt said on Tuesday.")
    assert c.speaker == "Elena Brandt"
    assert c.quote == "The harbour will reopen next month"
    assert c.quote_type is QuoteType.DIRECT
    assert c.date == dt.date(2023, 3, 14)
    assert c.decided_by["speaker"] == "rules"


def test_straight_quotes_and_said_x_inversion() -> None:
    c = only('"We have no plans to raise taxes this year," said Tomas Varga, the finance minister.')
    assert c.speaker == "Tomas Varga"
    assert c.quote.startswith("We have no plans")


def test_guillemets() -> None:
    c = only("«Nous ne céderons pas sur les retraites», said union official Claire Dubois.")
    assert c.quote.startswith("Nous ne céderons pas")
    assert c.speaker == "Claire Dubois"
    c2 = only("Marc Leroy said: «The union will strike again if the bill passes».")
    assert c2.speaker == "Marc Leroy"
    assert c2.quote_type is QuoteType.DIRECT
    assert c2.quote.startswith("The union will strike again")


def test_single_quotes_and_nested_quotes() -> None:
    c = only("‘The board called the offer ‘insulting’ and walked out,’ Priya Raman told reporters.")
    assert c.speaker == "Priya Raman"
    assert "‘insulting’" in c.quote


def test_unbalanced_quote_mark_does_not_crash() -> None:
    found = claims("Oskar Lind said “the bridge is unsafe and must close at once.\n\nThe council met later.")
    assert found and found[0].speaker == "Oskar Lind"
    assert "bridge is unsafe" in found[0].quote


def test_stray_closing_mark_starts_quote_at_paragraph() -> None:
    found = claims("We will not sign this treaty,” Foreign Minister Anja Petersen said.")
    assert len(found) == 1
    assert found[0].quote == "We will not sign this treaty"


def test_scare_quotes_are_not_statements() -> None:
    assert claims("The so-called “peace dividend” never arrived in the northern valleys.") == []


@PARSER_GAP
def test_quote_across_paragraphs_takes_the_next_paragraphs_speaker() -> None:
    body = "“The reservoir is at its lowest level in forty years and falling.\n\n“Every household must cut its use by a third,” said Ingrid Holm, head of the water board."
    found = claims(body)
    assert {c.speaker for c in found} == {"Ingrid Holm"}
    assert len(found) == 2


# ---- speakers ------------------------------------------------------------------


def test_appositive_title_between_name_and_verb() -> None:
    c = only("Rafael Ortiz, the chief executive of Ortiz Mining Corporation, said the mine would close in May.")
    assert c.speaker == "Rafael Ortiz"
    assert c.quote_type is QuoteType.INDIRECT
    assert c.quote == "the mine would close in May"


def test_according_to() -> None:
    c = only("The ferry service will be suspended for a week, according to port director Ruth Okafor.")
    assert c.speaker == "Ruth Okafor"
    assert c.quote == "The ferry service will be suspended for a week"


def test_according_to_a_news_outlet_is_not_a_claim() -> None:
    assert claims("Three ships were damaged in the storm, according to Reuters.") == []


def test_pronoun_resolves_to_previous_named_speaker() -> None:
    body = (
        "Senator Lena Moreau criticised the budget on Wednesday.\n\n“It abandons rural hospitals entirely,” she said."
    )
    found = claims(body)
    direct = [c for c in found if c.quote_type is QuoteType.DIRECT]
    assert direct and direct[0].speaker == "Lena Moreau"


def test_role_noun_resolves_to_named_person() -> None:
    body = (
        "The veteran economist Karl Weber warned that inflation would return.\n\n"
        "The economist said the central bank had waited too long to act."
    )
    speakers = {c.speaker for c in claims(body)}
    assert speakers == {"Karl Weber"}


def test_letter_speaks_for_its_author() -> None:
    body = (
        "Governor Alice Mwangi sent the ministry a letter on Monday.\n\n"
        "“We cannot fund the new hospital without federal help,” said the letter."
    )
    direct = [c for c in claims(body) if c.quote_type is QuoteType.DIRECT]
    assert direct and direct[0].speaker == "Alice Mwangi"
    assert direct[0].speaker_mention == "the letter"


@PARSER_GAP
def test_speaker_named_only_in_the_next_sentence() -> None:
    body = (
        "“The river will rise again before the spring thaw is over.” The warning came from hydrologist Maria Lindqvist."
    )
    c = only(body)
    assert c.speaker == "Maria Lindqvist"
    assert c.quote_type is QuoteType.DIRECT


def test_multi_sentence_quote_run() -> None:
    body = (
        "“We will rebuild the school,” said headteacher Omar Haddad.\n\n"
        "“The children deserve better than tents and we will not rest until it is done.”"
    )
    found = claims(body)
    assert [c.speaker for c in found] == ["Omar Haddad", "Omar Haddad"]


def test_anonymous_speakers_give_no_claims() -> None:
    body = (
        "Officials said the talks had stalled.\n\n"
        "A source close to the negotiations said the deal was dead.\n\n"
        "Several analysts said prices would rise."
    )
    assert claims(body) == []


def test_country_speaking_as_a_state() -> None:
    c = only("Washington accused the cartel of laundering millions through shell companies.")
    assert c.speaker == "United States"
    assert "Washington" in c.speaker_aliases or c.speaker_mention == "Washington"


def test_spokesperson_of_named_organisation_is_the_organisation() -> None:
    c = only("A Northern Rail Company spokesman said the line would reopen on Friday.")
    assert c.speaker == "Northern Rail Company"


def test_captions_headlines_and_furniture_give_no_claims() -> None:
    body = (
        "Nadia Rossi (C) speaks to supporters in Turin on Monday. / AFP / Marco Bello\n\n"
        "128 users have voted.\n\n"
        "Get top stories and blog posts emailed to you each day."
    )
    text_title = "Rossi says she will run again"
    assert run(body, title=text_title).proposals == ()


# ---- indirect and mixed ------------------------------------------------------------


def test_indirect_speech_with_that() -> None:
    c = only("Professor Ian Clarke said on Monday that the vaccine trial had been a success.")
    assert c.quote == "the vaccine trial had been a success"
    assert c.quote_type is QuoteType.INDIRECT
    assert c.date == dt.date(2023, 3, 13)


def test_mixed_quote() -> None:
    c = only("Coach Dana Whitfield said the team had played with “no heart and no plan” in the final.")
    assert c.quote_type is QuoteType.MIXED
    assert c.quote == "the team had played with “no heart and no plan” in the final"


def test_clause_before_speaker_is_indirect() -> None:
    c = only("The strike will continue until wages rise, union leader Pablo Ruiz said on Sunday.")
    assert c.speaker == "Pablo Ruiz"
    assert c.quote == "The strike will continue until wages rise"
    assert c.date == dt.date(2023, 3, 12)


@PARSER_GAP
def test_two_reporting_acts_are_two_claims() -> None:
    found = claims(
        "Chancellor Eva Brandl denied any wrongdoing in the affair and said the inquiry would clear her name."
    )
    assert [c.quote for c in found] == ["any wrongdoing in the affair", "the inquiry would clear her name"]


# ---- aliases -----------------------------------------------------------------------


def test_misspelt_surname_variant_joins_cluster() -> None:
    body = (
        "Commander Yusuf al-Qasimi warned the rebels to lay down their arms.\n\n"
        "“There will be no second offer,” Al Kasimi said."
    )
    found = claims(body)
    assert {c.speaker for c in found} == {"Yusuf al-Qasimi"}
    direct = next(c for c in found if c.quote_type is QuoteType.DIRECT)
    assert "Al Kasimi" in direct.speaker_aliases


def test_two_spellings_of_one_surname_in_one_article() -> None:
    body = "Mr Dmitri Sokolov said the factory would stay open.\n\nSokolow added that no jobs would be lost this year."
    found = claims(body)
    assert {c.speaker for c in found} == {"Dmitri Sokolov"}


def test_alias_table_maps_metonyms_and_demonyms() -> None:
    table = AliasTable.default()
    assert table.canonical("Washington") == "United States"
    assert table.canonical("Americans") == "United States"
    assert table.canonical("Tehran") == "Iran"
    assert table.canonical("Iranian") == "Iran"
    assert table.canonical("us") is None  # the pronoun is not the country


def test_alias_table_from_yaml_file(tmp_path: Path) -> None:
    path = tmp_path / "aliases.yaml"
    path.write_text("entities:\n  Republic of Freedonia:\n    - Freedonia\n    - Freedonians\n", encoding="utf-8")
    table = AliasTable.default().merged(AliasTable.from_file(path))
    assert table.canonical("Freedonians") == "Republic of Freedonia"
    assert table.canonical("Kremlin") == "Russia"
    j = tmp_path / "a.json"
    j.write_text(json.dumps({"Atlantis": ["Atlantean"]}), encoding="utf-8")
    assert AliasTable.from_file(j).canonical("Atlantean") == "Atlantis"


def test_target_via_alias_table() -> None:
    c = only("“You Americans will pay a heavy price for this betrayal,” rebel leader Hamid Rostami said.")
    assert c.target == "United States"
    assert c.stance is Stance.THREATEN


def test_canonicalise_speaker() -> None:
    body = "Dr. Helena Vasquez said the outbreak was under control.\n\n“We have enough beds,” Vasquez said."
    result = run(body)
    assert canonicalise_speaker("Mrs Vasques", result)[0] == "Helena Vasquez"
    assert canonicalise_speaker("Tehran", result)[0] == "Iran"
    assert canonicalise_speaker("Nobody Known", result) == ("Nobody Known", ())


# ---- page clean-up and de-duplication ----------------------------------------------


def test_repeated_paragraphs_give_one_claim() -> None:
    para = "“The dam is safe,” engineer Lukas Meier said on Wednesday."
    found = claims(f"{para}\n\nThe water level fell overnight.\n\n{para}")
    assert len(found) == 1


def test_lead_paraphrase_merged_into_fuller_quote() -> None:
    body = (
        "Activist Sara Nilsen on Monday demanded a “full public inquiry” into the fire.\n\n"
        "“Nothing short of a full public inquiry will satisfy the families,” Nilsen said."
    )
    found = claims(body)
    assert len(found) == 1
    assert found[0].quote.startswith("Nothing short of")
    assert found[0].date == dt.date(2023, 3, 13)  # the day given in the lead


def test_claims_are_grounded_and_ordered() -> None:
    body = (
        "Minister Jan Novak said the border would stay open.\n\n"
        "“We trust our neighbours,” Novak added.\n\n"
        "Opposition leader Petra Kral accused Novak of naivety."
    )
    result = run(body)
    text = f"A headline about nothing\n\n{body}"
    starts = [p.claim.start for p in result.proposals]
    assert starts == sorted(starts)
    for p in result.proposals:
        assert quote_in_text(text, p.claim.quote)
        assert p.claim.start is not None and p.claim.end is not None
        assert text[p.claim.start : p.claim.end] == p.claim.quote
        assert p.context
    accused = next(p for p in result.proposals if p.cue == "accused")
    assert accused.claim.target == "Jan Novak"
    assert accused.claim.stance is Stance.OPPOSE


# ---- dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("on Thursday", dt.date(2023, 3, 16)),
        ("Wednesday night", dt.date(2023, 3, 15)),
        ("late Monday", dt.date(2023, 3, 13)),
        ("last Sunday", dt.date(2023, 3, 12)),
        ("last Thursday", dt.date(2023, 3, 9)),
        ("yesterday", dt.date(2023, 3, 15)),
        ("today", dt.date(2023, 3, 16)),
        ("January 4", dt.date(2023, 1, 4)),
        ("Jan 07,2020", dt.date(2020, 1, 7)),
        ("4 January 2021", dt.date(2021, 1, 4)),
        ("2022-11-30", dt.date(2022, 11, 30)),
        ("December 30", dt.date(2022, 12, 30)),
        ("the next day", None),
        ("no date here", None),
    ],
)
def test_resolve_date(expression: str, expected: dt.date | None) -> None:
    assert resolve_date(expression, PUB) == expected


def test_weekday_without_publication_date_is_none() -> None:
    assert resolve_date("on Friday", None) is None
    assert resolve_date("March 3, 2021", None) == dt.date(2021, 3, 3)


def test_the_next_day_in_context() -> None:
    body = (
        "Protesters gathered outside parliament on Monday.\n\n"
        "“We will be back every week,” organiser Lea Stein said the next day."
    )
    c = only(body)
    assert c.date == dt.date(2023, 3, 14)
    assert c.date_text == "the next day"


def test_occasion_date_from_statement() -> None:
    body = "In his Tuesday statement, Bishop Anton Keller said the church would sell the land."
    assert only(body).date == dt.date(2023, 3, 14)


def test_possessive_weekday_dates_the_event_not_the_statement() -> None:
    c = only("Mayor Greta Falk said Sunday’s flood had destroyed forty homes.")
    assert c.date is None


def test_dateline_used_when_no_publication_date() -> None:
    body = "By Staff Writer - Feb 02,2021 - Last updated\n\nCaptain Ole Berg said on Monday that the port was closed."
    result = run(body, published=None)
    assert result.dateline == dt.date(2021, 2, 2)
    assert result.proposals[0].claim.date == dt.date(2021, 2, 1)


def test_no_date_without_time_words() -> None:
    c = only("Engineer Mia Kovac said the tunnel was sound.")
    assert c.date is None and c.date_text is None


# ---- stance ---------------------------------------------------------------------------


def test_stance_lexicon() -> None:
    threat = only("Commander Viktor Hale warned Freedonia that it would face a crushing response.")
    assert threat.stance is Stance.THREATEN
    for words in (
        "any state that joins the blockade will face grave consequences",
        "the rebels will regret their raid on the valley",
        "the army is ready to take all necessary measures against the rebels",
        "the rebels should leave the valley or the army will deal with them",
        "the army will escalate its operations if the shelling goes on",
    ):
        assert only(f"Commander Viktor Hale said {words}.").stance is Stance.THREATEN, words
    praise = only("Premier Rosa Lindgren praised Canada for its generous aid.")
    assert praise.stance is Stance.SUPPORT
    assert praise.target == "Canada"
