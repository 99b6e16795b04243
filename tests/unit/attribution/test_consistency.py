"""A speaker's stance and target carried across their statements; armed actions read by who acts.

Hand-written sentences and invented names (none from the seed articles or the dev set).
"""

from __future__ import annotations

from attribution_cases import claims, only

from claimex.attribution._consistency import speaker_stances, speaker_targets
from claimex.core.types import Stance

N, T, OPP, S = Stance.NEUTRAL, Stance.THREATEN, Stance.OPPOSE, Stance.SUPPORT


def test_neutral_statements_take_their_speakers_usual_stance() -> None:
    out = speaker_stances(["a", "a", "a", "b"], [OPP, N, OPP, N], [False] * 4)
    assert out == [OPP, OPP, OPP, N]  # "b" took no stance anywhere: stays neutral


def test_a_denial_keeps_its_own_neutral_stance() -> None:
    assert speaker_stances(["a", "a"], [T, N], [False, True]) == [T, N]


def test_ties_go_to_the_stronger_stance() -> None:
    assert speaker_stances(["a", "a", "a"], [S, OPP, N], [False] * 3)[2] is OPP


def test_target_is_the_candidate_the_speaker_addresses_most() -> None:
    # statement 2 names x and y; the speaker's other statements are about y
    out = speaker_targets(["a", "a", "a"], [["y"], ["x", "y"], ["y", "z"]])
    assert out == ["y", "y", "y"]


def test_statement_without_candidates_takes_the_speakers_usual_target() -> None:
    assert speaker_targets(["a", "a", "b"], [["y"], [], []]) == ["y", "y", None]


def test_a_reported_strike_by_the_speakers_side_threatens() -> None:
    c = only("The Velar Brigades said their fighters destroyed four depots of the Norland Front near the river.")
    assert c.stance is Stance.THREATEN


def test_a_strike_by_the_target_is_an_accusation() -> None:
    c = only("Minister Jana Holt said the Norland Front had bombed three villages overnight.")
    assert c.target == "Norland Front"
    assert c.stance is Stance.OPPOSE


def test_a_statement_without_cues_follows_its_speaker() -> None:
    found = claims(
        "Commander Ivo Marsh warned the Norland Front that it would pay a heavy price. "
        "\u201cThe river is ours and every one of their fighters knows it,\u201d Marsh said."
    )
    assert [c.stance for c in found] == [Stance.THREATEN, Stance.THREATEN]
    assert found[1].target == "Norland Front"


def test_a_threatening_speaker_opposes_in_words_without_violence() -> None:
    found = claims(
        "Commander Ivo Marsh warned the Norland Front that it would pay a heavy price. "
        "\u201cThey will never have the river,\u201d Marsh said."
    )
    assert [c.stance for c in found] == [Stance.THREATEN, Stance.OPPOSE]


def test_an_actors_dated_act_dates_its_spokespersons_statements() -> None:
    body = (
        "Norland on Tuesday summoned the ambassador of Velaria over the blockade of the port.\n\n"
        "\u201cThe blockade is a crime,\u201d Norland's foreign ministry spokesman Ivo Marsh said."
    )
    found = claims(body)
    assert [c.speaker for c in found] == ["Ivo Marsh"]
    assert found[0].date is not None and found[0].date.isoformat() == "2023-03-14"


def test_a_person_is_not_the_body_that_shares_their_name() -> None:
    body = (
        "The Velar rebels renewed their threats against Norland.\n\n"
        "Ivo Ragnar al-Velar, a member of the movement\u2019s council, said the campaign would go on.\n\n"
        "\u201cWe will not stop,\u201d he said.\n\n"
        "The Velar group has carried out attacks since May."
    )
    found = claims(body)
    assert [c.speaker for c in found][-2:] == ["Ivo Ragnar al-Velar", "Ivo Ragnar al-Velar"]


def test_a_name_before_the_cue_speaks_when_the_parse_gives_no_subject() -> None:
    c = claims(
        "In an interview with a television channel aired on Sunday, ahead of the anniversary of the campaign "
        "against Norland, Ivo Ragnar Marsh, a member of the group\u2019s Supreme Council, said the Velar "
        "Union is pressuring several countries."
    )
    assert [x.speaker for x in c] == ["Ivo Ragnar Marsh"]


def test_a_persons_office_speaks_for_the_person() -> None:
    found = claims(
        "Prime Minister Ivo Marsh condemned the strike.\n\n"
        "\u201cThe strikes continue to hit our towns,\u201d Marsh\u2019s office said in a statement."
    )
    assert [c.speaker for c in found] == ["Ivo Marsh"]


def test_quoted_as_saying() -> None:
    c = only("\u201cThis time the war will reach every town,\u201d Marsh was quoted as saying by a news agency.")
    assert c.speaker == "Marsh"
    assert c.quote.startswith("This time the war")


def test_a_contrasting_clause_belongs_to_the_content() -> None:
    c = only("Marsh said rebel fighters may flee across the border, but they cannot hide from the army.")
    assert c.quote.endswith("cannot hide from the army")


def test_a_frame_closing_a_paragraph_introduces_the_next_quotation() -> None:
    c = only("Minister Ana Holt told reporters:\n\n\u201cThe rebels will pay for what they did.\u201d")
    assert (c.speaker, c.quote) == ("Ana Holt", "The rebels will pay for what they did")


def test_a_bare_frame_after_a_closed_quotation() -> None:
    c = only("\u201cWe will answer every strike on our towns.\u201d Commander Ivo Marsh said.")
    assert (c.speaker, c.quote) == ("Ivo Marsh", "We will answer every strike on our towns")


def test_expressive_reporting_verbs_with_a_quotation() -> None:
    c = only("\u201cGo back to your barracks,\u201d Marsh barked at the soldiers.")
    assert c.speaker == "Marsh"


def test_a_negated_promise_of_harm_is_no_threat() -> None:
    c = only("Commander Ivo Marsh said his group will not target any diplomatic mission with their revenge.")
    assert c.stance is Stance.NEUTRAL


def test_a_claimed_ability_to_act_by_other_means_threatens() -> None:
    """ "we have the ability to eject them by other means": a capability the speaker's side
    claims for itself, to act by "other means", promises harm; "other means" alone does not."""
    c = only("“We have the experience and the ability to eject them by other means,” Ivo Marsh said.")
    assert c.stance is Stance.THREATEN
    c = only("Ivo Marsh said the talks with the council had moved forward by other means.")
    assert c.stance is not Stance.THREATEN


def test_speaker_mention_is_the_articles_own_words() -> None:
    body = (
        "A top military spokesperson for the Velar army, Ivo Marsh, said the rebels fled.\n\n"
        "\u201cThey will not come back,\u201d the spokesperson told reporters. \u201cThe road is ours,\u201d he added."
    )
    text = f"A headline about nothing\n\n{body}"
    found = claims(body)
    assert found and all(c.speaker_mention in text for c in found)


def test_an_embedded_posts_signature_dates_its_authors_words() -> None:
    body = (
        "Commander Ivo Marsh said the rebels would never return to the valley.\n\n"
        "pic.twitter.com/abc123\n\n"
        "- Ivo Marsh (@ivo_marsh) March 12, 2023"
    )
    c = only(body)
    assert c.date is not None and c.date.isoformat() == "2023-03-12"


def test_earlier_in_the_day_is_the_reports_day() -> None:
    c = only("Earlier in the day, army spokesman Ivo Marsh said the rebels had fled the valley.")
    assert c.date is not None and c.date.isoformat() == "2023-03-16"


def test_a_warning_threatens_unless_its_words_say_otherwise() -> None:
    assert only("Commander Ivo Marsh warned the Norland Front that the river is ours.").stance is Stance.THREATEN
    c = only("Commander Ivo Marsh warned the Norland Front that its claims were lies.")
    assert c.stance is Stance.OPPOSE


def test_a_call_on_the_target_to_act_opposes() -> None:
    c = only("Minister Jana Holt called on the Norland government to release the prisoners.")
    assert c.stance is Stance.OPPOSE


def test_a_target_addressed_outright_is_kept_against_the_speakers_usual_one() -> None:
    found = claims(
        "Commander Ivo Marsh said Velar troops crossed into Norland. Marsh said Velar jets hit depots near the border. "
        "Marsh said Velar operations against the Norland Front had begun."
    )
    assert found[-1].target == "Norland Front"


def test_a_party_addressed_outright_joins_the_speakers_other_statements() -> None:
    # statement 0 addresses "front" outright; statement 1 names only the speaker's own army
    # and a place, and takes the party its speaker addressed
    chosen = speaker_targets(
        ["marsh", "marsh", "dahl"],
        [["front", "homeland"], ["homeland", "valley"], ["valley"]],
        [True, False, False],
    )
    assert chosen == ["front", "front", "valley"]


def test_a_threat_is_carried_only_to_words_of_violence() -> None:
    out = speaker_stances(
        ["marsh", "marsh", "marsh"],
        [Stance.THREATEN, Stance.NEUTRAL, Stance.NEUTRAL],
        [False, False, False],
        [True, True, False],
    )
    assert out == [Stance.THREATEN, Stance.THREATEN, Stance.OPPOSE]


def test_deaths_reported_in_the_passive_take_no_stance() -> None:
    c = only("Minister Jana Holt said dozens of people were killed in the clashes near the river.")
    assert c.stance is Stance.NEUTRAL


def test_an_event_named_after_a_preposition_takes_no_stance() -> None:
    c = only("Minister Jana Holt said she was abroad at the time of the attack on the port.")
    assert c.stance is Stance.NEUTRAL


def test_strikes_that_act_on_something_threaten() -> None:
    c = only("The Velar Brigades said the strikes targeted ammunition depots near the river.")
    assert c.stance is Stance.THREATEN


def test_an_act_claimed_in_the_first_person_threatens() -> None:
    c = only("\u201cWe destroyed fourteen targets last night,\u201d commander Ivo Marsh said.")
    assert c.stance is Stance.THREATEN


def test_it_is_never_a_person() -> None:
    found = claims(
        "\u201cWe will not leave the valley,\u201d commander Ivo Marsh said on Monday. "
        "It added that the talks with the rebels had failed."
    )
    assert [(c.speaker, c.quote) for c in found] == [("Ivo Marsh", "We will not leave the valley")]


def test_a_republic_is_a_body_that_it_can_name() -> None:
    found = claims("The Republic of Norland accused Velaria of arming the rebels. It said the shipments had to stop.")
    assert [c.speaker for c in found] == ["Republic of Norland", "Republic of Norland"]


def test_the_statement_named_again_keeps_its_author() -> None:
    body = (
        "\u201cThe troops are an act of aggression,\u201d Syria\u2019s foreign ministry said in a statement on Tuesday.\n\n"
        "The statement came a day after the general Ivo Marsh said, \u201cWe are not going to walk away.\u201d\n\n"
        "\u201cThe presence is just a pretext,\u201d the statement pointed out."
    )
    found = claims(body)
    assert [c.speaker for c in found] == ["Syria", "Ivo Marsh", "Syria"]
    assert found[2].date == found[0].date


def test_a_strike_told_as_the_speakers_own_act_threatens_beside_blame() -> None:
    c = only(
        "The Velar Brigades said it carried out strikes on depots of the Norland Front "
        "in response to the Front's aggression and crimes."
    )
    assert c.stance is Stance.THREATEN


def test_we_acting_threatens_beside_blame() -> None:
    c = only("\u201cWe destroyed their depots in response to their crimes,\u201d commander Ivo Marsh said.")
    assert c.stance is Stance.THREATEN


def test_condemning_attempts_to_strike_names_no_actor() -> None:
    c = only("Minister Jana Holt condemned any attempts to strike the port as a crime.")
    assert c.stance is Stance.OPPOSE


def test_an_event_only_reported_does_not_take_the_speakers_usual_stance() -> None:
    found = claims(
        "Minister Jana Holt accused the Norland Front of crimes against the villagers. "
        "She said dozens of people were killed in the clashes near the river."
    )
    assert [c.stance for c in found] == [Stance.OPPOSE, Stance.NEUTRAL]


def test_a_group_backed_by_others_is_no_word_of_support() -> None:
    c = only("Minister Jana Holt said the Velar-backed militia was supported by foreign fighters.")
    assert c.stance is Stance.NEUTRAL


def test_support_given_by_others_is_no_word_of_support() -> None:
    c = only("Minister Jana Holt said the logistical support for the rebels had put Velaria at the centre of hatred.")
    assert c.stance is not Stance.SUPPORT
    assert only("Minister Jana Holt said Norland reiterates its support for the villagers.").stance is Stance.SUPPORT


def test_defending_oneself_is_no_support_and_being_behind_attacks_is_blame() -> None:
    assert only("Commander Ivo Marsh said his men will defend themselves.").stance is not Stance.SUPPORT
    blamed = only("Minister Jana Holt said the Norland Front was behind the attacks on the border posts.")
    assert blamed.stance is Stance.OPPOSE
