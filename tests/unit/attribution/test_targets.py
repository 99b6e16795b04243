"""Target and stance rules, on hand-written sentences (none taken from the seed articles)."""

from __future__ import annotations

import pytest
from attribution_cases import claims, only

from claimex.core.types import Stance

# a pattern the regex layer handled and the parse-based stages do not yet (issue 11 follow-up)
PARSER_GAP = pytest.mark.xfail(reason="not yet handled by the parse-based stages", strict=False)


def test_us_object_of_threat_is_the_target() -> None:
    c = only("Rebel commander Omar Haddad threatened the US that his fighters would burn its bases to the ground.")
    assert c.target == "United States"
    assert c.stance is Stance.THREATEN


@PARSER_GAP
def test_us_inside_quote_is_a_name_not_a_pronoun() -> None:
    c = only("The Zorvan Front vowed a \u201cswift reply\u201d against the US, said spokesman Karim Lotfi.")
    assert c.target == "United States"


def test_proxy_group_is_the_target_not_its_backer() -> None:
    c = only("Foreign Minister Anna Berg blamed Russia-backed groups for the shelling of the border town.")
    assert c.target == "Russia-backed groups"
    assert c.stance is Stance.OPPOSE


def test_national_militias_are_not_the_state() -> None:
    c = only("\u201cSyrian militias must lay down their arms now,\u201d said envoy Pedro Alves.")
    assert c.target == "Syrian militias"


def test_group_phrase_followed_by_its_name_yields_the_name() -> None:
    c = only("Minister Lena Holt said her party was in touch with Turkey-backed Kurdish movement Velar Union.")
    assert c.target != "Turkey"
    assert c.target != "Turkey-backed Kurdish movement"


@PARSER_GAP
def test_weekdays_and_agencies_are_never_targets() -> None:
    c = only("Governor Paul Reyes called last Monday\u2019s blast a \u201cshameful crime\u201d.")
    assert c.target is None
    d = only("\u201cWe have nothing to add about the ceasefire,\u201d Colonel Ana Ruiz told Reuters.")
    assert d.target is None


def test_claiming_responsibility_for_an_attack_threatens() -> None:
    c = only("The Northern Hawks Brigade claimed responsibility for the drone attack on the depot in Bexley.")
    assert c.stance is Stance.THREATEN


def test_moving_forces_is_not_a_threat() -> None:
    c = only("General Tom Avery said the alliance would be moving forces to new positions in Poland.")
    assert c.stance is Stance.NEUTRAL


def test_the_speakers_own_country_from_a_title_is_not_the_target() -> None:
    from attribution_cases import claims

    found = claims(
        "Brazilian President Ivo Marsh said on Monday that the Brazilian army would drain the swamp of the "
        "Velar Front fighters in the mountains."
    )
    assert [c.speaker for c in found] == ["Ivo Marsh"]
    assert found[0].target == "Velar Front"


def test_a_plural_possessive_inside_an_organisations_name_keeps_the_name_whole() -> None:
    from claimex.attribution._canonical import default_table
    from claimex.attribution._mentions import find_mentions

    text = "Troops shelled the Velar Workers’ Party (VWP) and the Farmers' Union near the border."
    names = [m.text for m in find_mentions(text, 0, len(text), default_table())]
    assert "Velar Workers’ Party" in names
    assert "Farmers' Union" in names


def test_a_body_named_before_the_speakers_role_is_the_speakers_side() -> None:
    from attribution_cases import claims

    found = claims(
        "“The strikes will limit the Velar Front’s ability to attack our bases,” Defense Department spokesman "
        "Tom Keller said on Monday, adding that the United States would not be deterred."
    )
    keller = [c for c in found if c.speaker == "Tom Keller"]
    assert keller and keller[0].target == "Velar Front"


def test_harm_by_an_actor_written_with_dots_is_an_accusation() -> None:
    from attribution_cases import claims

    found = claims("The Velar Front said on Monday that three U.S. airstrikes hit its headquarters near the border.")
    assert [(c.speaker, c.target, c.stance) for c in found] == [("Velar Front", "United States", Stance.OPPOSE)]


def test_losses_suffered_in_an_actors_attack_are_a_report() -> None:
    from attribution_cases import claims

    body = "The Velar Front said on Monday that four of its fighters were killed in the US attack near the border."
    found = claims(body)
    assert [(c.speaker, c.target, c.stance) for c in found] == [("Velar Front", "United States", Stance.NEUTRAL)]


def test_a_place_where_things_happen_is_not_the_target() -> None:
    body = (
        "Commander Ivo Marsh said the Velar Brigades had lost the war.\n\n"
        "\u201cThey fled to Tarnwick, and we will follow them into the hills near Tarnwick,\u201d Marsh said."
    )
    found = claims(body)
    assert [c.target for c in found] == ["Velar Brigades", "Velar Brigades"]


def test_the_regime_in_a_country_names_the_country() -> None:
    c = only("Minister Jana Holt said the regime in Norland was arming the rebels.")
    assert c.target == "Norland"


def test_a_capitalised_word_opening_a_quotation_is_not_a_name() -> None:
    c = only("\u201cToday, the Velar Brigades are finished,\u201d commander Ivo Marsh said.")
    assert c.target == "Velar Brigades"


def test_an_outlets_reporter_told_is_not_the_target() -> None:
    c = only(
        "Sweden is exporting its war to our valleys, the spokesman of Norway\u2019s foreign ministry "
        "told Rudaw\u2019s Mara Lind on Tuesday."
    )
    assert c.target == "Sweden"


def test_a_statement_about_no_party_keeps_its_neutral_stance() -> None:
    found = claims(
        "Colonel Ana Ruiz condemned Sweden for the raid on the port. "
        "Ruiz said the talks on the border would resume after the harvest."
    )
    assert [c.stance for c in found] == [Stance.OPPOSE, Stance.NEUTRAL]


@pytest.mark.parametrize(
    "second",
    [
        "Ruiz said there would be no talks with them.",
        "Ruiz said this was a day of shame.",
        "Ruiz said the regime had broken every promise it made.",
    ],
)
def test_a_statement_that_points_at_a_party_takes_its_speakers_stance(second: str) -> None:
    found = claims("Colonel Ana Ruiz condemned Sweden for the raid on the port. " + second)
    assert [c.stance for c in found] == [Stance.OPPOSE, Stance.OPPOSE]


@pytest.mark.parametrize(
    "body",
    [
        "Foreign Minister Anna Berg said the raid was a grave mistake by the Velarian army.",
        "Foreign Minister Anna Berg said the Velarian claims were baseless propaganda.",
        "Foreign Minister Anna Berg said the shelling of the market was a heinous act.",
    ],
)
def test_words_of_criticism_oppose(body: str) -> None:
    assert only(body).stance is Stance.OPPOSE


def test_mistaking_one_thing_for_another_is_no_criticism() -> None:
    c = only("Foreign Minister Anna Berg said the fog caused the patrol to mistake the convoy for a column of trucks.")
    assert c.stance is Stance.NEUTRAL
