"""The matcher: one-to-one assignment on quote similarity, and field verdicts."""

from __future__ import annotations

import random

import pytest
from eval_cases import G0, G1, G2, GOLD, TEXT, from_gold, pred

from claimex.core.types import Claim
from claimex.evaluation.matching import (
    MatchConfig,
    RunMatch,
    match_article,
    quote_similarity_matrix,
)


def test_perfect_predictions_match_one_to_one() -> None:
    m = match_article("a", GOLD, [from_gold(g) for g in GOLD], TEXT)
    assert [(p.gold, p.pred, p.similarity, p.method) for p in m.pairs] == [
        (0, 0, 1.0, "span"),
        (1, 1, 1.0, "span"),
        (2, 2, 1.0, "span"),
    ]
    assert all(p.fully_correct for p in m.pairs)
    assert m.missed == () and m.false_positives == ()


def test_empty_prediction_misses_everything() -> None:
    m = match_article("a", GOLD, [], TEXT)
    assert m.pairs == () and m.missed == (0, 1, 2) and m.false_positives == ()


def test_no_gold_makes_every_prediction_a_false_positive() -> None:
    m = match_article("a", (), [from_gold(G0)], TEXT)
    assert m.pairs == () and m.false_positives == (0,)


def test_partial_overlap_uses_span_iou() -> None:
    # "Expect an earth-shaking" is 23 of the gold quote's 33 characters: IoU 23/33 = 0.697
    partial = pred("Expect an earth-shaking")
    m = match_article("a", (G0,), [partial], TEXT)
    assert len(m.pairs) == 1 and m.pairs[0].similarity == pytest.approx(23 / 33, abs=1e-6)
    assert match_article("a", (G0,), [partial], TEXT, MatchConfig(threshold=0.8)).pairs == ()
    # "Expect an": 9/33 = 0.27, below the default 0.5
    assert match_article("a", (G0,), [pred("Expect an")], TEXT).pairs == ()


def test_overlap_over_shorter_span() -> None:
    # "Expect an" lies wholly inside the gold span: overlap / shorter = 1.0
    m = match_article("a", (G0,), [pred("Expect an")], TEXT, MatchConfig(span_overlap="min"))
    assert m.pairs[0].similarity == 1.0


def test_ungrounded_prediction_falls_back_to_token_f1() -> None:
    # {rejects, threats} vs {rejects, these, threats}: F1 = 2*2 / (2+3) = 0.8
    m = match_article("a", (G1,), [pred("rejects threats", grounded=False)], TEXT)
    assert [(p.similarity, p.method) for p in m.pairs] == [(0.8, "tokens")]


def test_without_article_text_everything_is_token_based() -> None:
    m = match_article("a", GOLD, [from_gold(g) for g in GOLD], None)
    assert {p.method for p in m.pairs} == {"tokens"} and len(m.pairs) == 3
    assert m.grounded_text is False


def test_gold_quote_is_found_after_folding() -> None:
    text = "He said: \u201cWe will   respond\u201d on Friday."
    gold = G0.model_copy(update={"quote": '"We will respond"'})
    start = text.index("We")
    p = Claim(
        speaker=G0.speaker,
        quote="We will respond",
        quote_type="direct",
        start=start,
        end=text.index("\u201d", start),
        alignment="exact",
    )
    sim, by_span = quote_similarity_matrix((gold,), (p,), text, MatchConfig())
    assert by_span[0, 0] and sim[0, 0] == 1.0


def test_one_to_many_trap_matches_only_one() -> None:
    # two predictions overlap one gold claim: the better one is matched, the other is a
    # false positive
    full, partial = from_gold(G0), pred("Expect an earth-shaking", speaker=G0.speaker)
    m = match_article("a", (G0,), [partial, full], TEXT)
    assert [(p.gold, p.pred) for p in m.pairs] == [(0, 1)]
    assert m.false_positives == (0,)


def test_duplicate_predictions_match_once() -> None:
    m = match_article("a", (G1,), [from_gold(G1), from_gold(G1)], TEXT)
    assert len(m.pairs) == 1 and len(m.false_positives) == 1


def test_ties_go_to_the_pair_with_more_fields_right_whatever_the_order() -> None:
    wrong, right = from_gold(G1, stance="support"), from_gold(G1)
    for preds in ([wrong, right], [right, wrong]):
        m = match_article("a", (G1,), preds, TEXT)
        assert m.pairs[0].fully_correct, preds


def test_assignment_is_globally_optimal() -> None:
    # Spans: gold A [0,100), gold B [30,84); P0 [0,90), P1 [0,70).
    # IoU: P0-A 0.9, P0-B 54/90 = 0.6, P1-A 0.7, P1-B 40/84 = 0.48 (below 0.5).
    # Greedy (best pair first) takes P0-A and strands P1; the optimum pairs P0-B and P1-A.
    rng = random.Random(0)
    text = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(120))
    gold_a = G0.model_copy(update={"quote": text[0:100]})
    gold_b = G1.model_copy(update={"quote": text[30:84]})
    p0 = pred(text[0:90], text=text)
    p1 = pred(text[0:70], text=text)
    m = match_article("a", (gold_a, gold_b), [p0, p1], text)
    assert [(p.gold, p.pred, p.similarity) for p in m.pairs] == [(0, 1, 0.7), (1, 0, 0.6)]


@pytest.mark.parametrize("seed", range(5))
def test_order_independence(seed: int) -> None:
    preds = [
        from_gold(G0, speaker="Khazali"),
        from_gold(G1, stance="support"),
        from_gold(G1),
        pred("Expect an earth-shaking", speaker="X"),
        pred("will not target diplomatic missions", speaker="Qais al-Khazali", quote_type="indirect"),
    ]
    base = match_article("a", GOLD, preds, TEXT)

    def summary(m_gold: tuple[object, ...], m_pred: list[Claim], m: object) -> set[tuple[str, str, tuple[str, ...]]]:
        assert hasattr(m, "pairs")
        return {(m_gold[p.gold].quote, m_pred[p.pred].model_dump_json(), p.wrong_fields) for p in m.pairs}  # type: ignore[attr-defined]

    rng = random.Random(seed)
    gold = list(GOLD)
    shuffled = preds[:]
    rng.shuffle(gold)
    rng.shuffle(shuffled)
    other = match_article("a", tuple(gold), shuffled, TEXT)
    assert summary(tuple(gold), shuffled, other) == summary(GOLD, preds, base)


def test_speaker_aliases_and_surname_fallback() -> None:
    lenient = MatchConfig()
    strict = MatchConfig.strict()
    by_surname = from_gold(G2, speaker="Khazali")  # G2 has no aliases: surname fallback
    assert match_article("a", (G2,), [by_surname], TEXT, lenient).pairs[0].speaker
    assert not match_article("a", (G2,), [by_surname], TEXT, strict).pairs[0].speaker
    no_fallback = MatchConfig(surname_fallback=False)
    assert not match_article("a", (G2,), [by_surname], TEXT, no_fallback).pairs[0].speaker
    # G0 lists "Khazali" as an alias: right even without the surname fallback
    assert match_article("a", (G0,), [from_gold(G0, speaker="Khazali")], TEXT, no_fallback).pairs[0].speaker
    # a predicted alias that names the gold speaker counts
    aliased = from_gold(G2, speaker="the militia leader", speaker_aliases=("Qais al-Khazali",))
    assert match_article("a", (G2,), [aliased], TEXT).pairs[0].speaker
    # honorifics and particle spelling are forgiven by the lenient rules only
    mr = from_gold(G2, speaker="Mr Qais Al Khazali")
    assert match_article("a", (G2,), [mr], TEXT, lenient).pairs[0].speaker
    assert not match_article("a", (G2,), [mr], TEXT, strict).pairs[0].speaker


def test_target_aliases_and_nulls() -> None:
    washington = from_gold(G0, target="Washington")
    assert match_article("a", (G0,), [washington], TEXT).pairs[0].target
    assert not match_article("a", (G0,), [washington], TEXT, MatchConfig(use_aliases=False)).pairs[0].target
    assert match_article("a", (G2,), [from_gold(G2)], TEXT).pairs[0].target  # both null
    assert not match_article("a", (G2,), [from_gold(G2, target="US")], TEXT).pairs[0].target
    assert not match_article("a", (G0,), [from_gold(G0, target=None)], TEXT).pairs[0].target


def test_field_verdicts() -> None:
    p = from_gold(G0, stance="oppose", date=None, quote_type="mixed")
    pair = match_article("a", (G0,), [p], TEXT).pairs[0]
    assert pair.wrong_fields == ("stance", "date", "quote_type")
    assert pair.attribution_correct and not pair.fully_correct


def test_match_config_round_trip_and_validation() -> None:
    config = MatchConfig.strict(0.7)
    assert MatchConfig.from_dict(config.to_dict()) == config
    with pytest.raises(ValueError, match="threshold"):
        MatchConfig(threshold=0.0)


def test_run_match_round_trips_through_json() -> None:
    from eval_cases import gold_file, result

    from claimex.evaluation.matching import match_run
    from claimex.evaluation.predictions import predictions_from_records

    run = match_run({"a": gold_file("a", GOLD)}, predictions_from_records([result("a", [from_gold(G0)])]))
    assert RunMatch.model_validate_json(run.model_dump_json()) == run


def test_token_similarity_paths_agree() -> None:
    # few ungrounded pairs use set arithmetic, many use a matrix product: same numbers
    rng = random.Random(3)
    words = TEXT.replace('"', "").split()
    quotes = [" ".join(rng.sample(words, rng.randint(2, 8))) for _ in range(12)]
    gold = [G0.model_copy(update={"quote": q}) for q in quotes]
    preds = [pred(q, grounded=False) for q in reversed(quotes)]
    many, _ = quote_similarity_matrix(gold, preds, None, MatchConfig())  # 144 pairs
    for i in range(len(preds)):
        few, _ = quote_similarity_matrix(gold[:5], preds[i : i + 1], None, MatchConfig())  # 5 pairs
        assert few[0] == pytest.approx(many[i, :5])
