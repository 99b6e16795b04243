"""The mapping logic of the label bias controls: shuffled letters mapped back, and contextual calibration."""

import math
from collections import Counter

from claimex.prompting.labels import best_label, calibrate, label_probabilities, shuffled_options

DEFS = {"threaten": "t", "oppose": "o", "support": "s", "neutral": "n"}


def _logprobs(**probs: float) -> dict[str, float]:
    return {token: math.log(p) for token, p in probs.items()}


def test_each_call_has_its_own_fixed_permutation_under_letters_a_to_d() -> None:
    first = shuffled_options(DEFS, "Maria Lopez\0We will not sign")
    assert first == shuffled_options(DEFS, "Maria Lopez\0We will not sign")  # same statement, same order
    assert [o.letter for o in first] == ["A", "B", "C", "D"]
    assert sorted(o.label for o in first) == sorted(DEFS)
    assert all(o.definition == DEFS[o.label] for o in first)
    leading = Counter(shuffled_options(DEFS, f"statement {i}")[0].label for i in range(200))
    assert set(leading) == set(DEFS) and max(leading.values()) < 80  # every label gets to be first


def test_the_letter_is_mapped_back_to_the_label_it_stood_for_in_that_call() -> None:
    options = shuffled_options(DEFS, "Daniel Okoro\0The council has failed us")
    label_at = {o.letter: o.label for o in options}
    # " B", "B" and "(B" are one answer; a lower-case "a" is a word, not option A; other tokens are ignored
    probs = label_probabilities(
        _logprobs(**{" B": 0.5, "B": 0.2, "(B": 0.1, "C": 0.1, "a": 0.05, "The": 0.05}), options
    )
    assert probs is not None
    assert math.isclose(probs[label_at["B"]], 0.8 / 0.9) and math.isclose(probs[label_at["C"]], 0.1 / 0.9)
    assert probs[label_at["A"]] == 0.0 and math.isclose(sum(probs.values()), 1.0)
    assert best_label(probs) == label_at["B"]
    assert label_probabilities(_logprobs(The=0.9, It=0.1), options) is None  # no option letter: no answer
    # letters with 4% of the probability between them: the model is not answering the question
    assert label_probabilities(_logprobs(Q=0.24, A=0.04, The=0.05), options) is None
    assert label_probabilities(_logprobs(Q=0.24, A=0.04, The=0.05), options, min_mass=0.01) is not None


def test_a_model_that_always_names_the_first_option_no_longer_piles_on_one_label() -> None:
    answers = Counter()
    for i in range(400):
        options = shuffled_options(DEFS, f"Aiko Tanaka\0statement number {i}")
        probs = label_probabilities(_logprobs(A=0.9, B=0.05, C=0.03, D=0.02), options)
        assert probs is not None
        answers[best_label(probs)] += 1
    assert set(answers) == set(DEFS)
    assert answers["threaten"] / 400 < 0.35  # about a quarter, where a fixed order gives all of them


def test_contextual_calibration_divides_by_the_content_free_prior() -> None:
    probs = {"threaten": 0.6, "oppose": 0.3, "support": 0.05, "neutral": 0.05}
    prior = {"threaten": 0.9, "oppose": 0.04, "support": 0.03, "neutral": 0.03}
    calibrated = calibrate(probs, prior)
    assert math.isclose(sum(calibrated.values()), 1.0)
    assert best_label(probs) == "threaten" and best_label(calibrated) == "oppose"  # the favourite loses its head start
    assert calibrate(probs, None) == probs  # no prior (no log-probabilities): unchanged
    assert calibrate({"threaten": 0.5, "oppose": 0.5}, {"threaten": 0.0, "oppose": 1.0})["threaten"] > 0.99  # floored


def test_an_answer_that_does_not_depend_on_the_statement_decides_nothing() -> None:
    same = {"threaten": 0.97, "oppose": 0.01, "support": 0.01, "neutral": 0.01}
    assert best_label(calibrate(same, same)) is None  # uniform after calibration: a tie, not a choice
    assert best_label({"oppose": 0.5, "support": 0.5}) is None
    assert best_label({}) is None
