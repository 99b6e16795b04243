"""Label questions without position or prior bias: shuffled lettered options, scored by log-probability.

Two controls, each pure logic here (the model call is the caller's):

- **Shuffled order.** Each call lists the labels in an order drawn from a seed of its own
  (the statement), under letters A, B, C, ...; the letter the model picks is mapped back
  to its label. A model that always picks the first option then spreads its answers over
  all labels instead of piling them on one, and its accuracy shows it.
- **Contextual calibration** (Zhao et al. 2021, "Calibrate Before Use"). The probability
  the model gives each option for a content-free statement ("N/A") is its prior; each
  label's probability is divided by its prior and renormalised, so a label favoured for
  any input no longer wins by default.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

LETTERS = "ABCDEFGHIJ"
CONTENT_FREE = "N/A"
_FLOOR = 1e-6  # a prior of zero would divide by zero: the label was never seen, so it is rare, not impossible


@dataclass(frozen=True)
class Option:
    letter: str
    label: str
    definition: str


def shuffled_options(definitions: Mapping[str, str], key: str) -> tuple[Option, ...]:
    """The labels in an order fixed by ``key`` (the same statement, the same order: cacheable, repeatable)."""
    labels = list(definitions)
    if len(labels) > len(LETTERS):
        raise ValueError(f"at most {len(LETTERS)} labels, got {len(labels)}")
    seed = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    random.Random(seed).shuffle(labels)
    return tuple(Option(LETTERS[i], label, definitions[label]) for i, label in enumerate(labels))


def _letter_of(token: str) -> str | None:
    text = token.strip().strip("*_()[].:\"'")  # upper case only: a lone "a" is a word, not option A
    return text if len(text) == 1 and text in LETTERS else None


def label_probabilities(
    top_logprobs: Mapping[str, float], options: Sequence[Option], *, min_mass: float = 0.5
) -> dict[str, float] | None:
    """Each label's share of the next-token probability its letter got (" A", "A", "(A" all count).

    None when the option letters together get less than ``min_mass`` of the probability:
    the model is not answering the question (the bundled 270M model's likeliest first
    token is "Q" or "<", with "A" at 4%), and reading its faint preference among the
    letters would be reading noise; the field is left to the rules.
    """
    by_letter = {o.letter: o.label for o in options}
    mass = dict.fromkeys(by_letter.values(), 0.0)
    for token, logprob in top_logprobs.items():
        letter = _letter_of(token)
        if letter in by_letter:
            mass[by_letter[letter]] += math.exp(logprob)
    total = sum(mass.values())
    if total <= 0 or total < min_mass:
        return None
    return {label: p / total for label, p in mass.items()}


def calibrate(probabilities: Mapping[str, float], prior: Mapping[str, float] | None) -> dict[str, float]:
    """Divide by the content-free prior and renormalise (identity without a prior)."""
    if not prior:
        return dict(probabilities)
    scaled = {label: p / max(prior.get(label, 0.0), _FLOOR) for label, p in probabilities.items()}
    total = sum(scaled.values())
    return {label: s / total for label, s in scaled.items()} if total > 0 else dict(probabilities)


def best_label(probabilities: Mapping[str, float], *, margin: float = 1e-9) -> str | None:
    """The most probable label, or None when two tie: an answer that does not tell the labels apart decides nothing.

    (Calibrating a model that names the same letter whatever it is shown leaves every
    label at the same score; picking one of them would be picking a default, not an answer.)
    """
    ranked = sorted(probabilities.items(), key=lambda item: item[1], reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[0][1] - ranked[1][1] <= margin):
        return None
    return ranked[0][0]


__all__ = [
    "CONTENT_FREE",
    "LETTERS",
    "Option",
    "best_label",
    "calibrate",
    "label_probabilities",
    "shuffled_options",
]
