"""``--fail-under`` gates: metric floors checked after scoring."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from claimex.core.errors import ConfigError
from claimex.evaluation.metrics import METRICS, Metrics, metric_values

__all__ = ["ThresholdFailure", "check_thresholds"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ThresholdFailure(_Model):
    metric: str
    value: float | None
    threshold: float

    def __str__(self) -> str:
        shown = "undefined" if self.value is None else f"{self.value:.4f}"
        return f"{self.metric} = {shown}, below the required {self.threshold:.4f}"


_SPEC = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:>=|=)\s*([0-9]*\.?[0-9]+)\s*$")


def check_thresholds(metrics: Metrics | Mapping[str, Any], specs: Sequence[str]) -> list[ThresholdFailure]:
    """Gates like ``claim_f1=0.8`` (or ``claim_f1>=0.8``): the metrics below their floor.

    Raises :class:`ConfigError` for a malformed spec or an unknown metric name, before
    checking anything. An undefined metric (no matched pairs) fails its gate.
    """
    values = metric_values(metrics)
    gates: list[tuple[str, float]] = []
    for spec in specs:
        m = _SPEC.match(spec)
        if m is None:
            raise ConfigError(f"bad threshold {spec!r}: expected NAME=VALUE, e.g. claim_f1=0.8")
        name, threshold = m.group(1), float(m.group(2))
        if name not in METRICS:
            raise ConfigError(f"unknown metric {name!r} in {spec!r}; valid names: {', '.join(METRICS)}")
        if not 0.0 <= threshold <= 1.0:
            raise ConfigError(f"threshold for {name} must be between 0 and 1, got {threshold}")
        gates.append((name, threshold))
    failures = []
    for name, threshold in gates:
        value = values.get(name)
        if value is None or value < threshold:
            failures.append(ThresholdFailure(metric=name, value=value, threshold=threshold))
    return failures
