"""What a combination is, how it reads in the UI and how it turns members into one path."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

RANKED = "ranked"  # combiner over the top k models of a backtest ranking
BLEND = "blend"  # weighted mean of a global model and the statistical median


@dataclass(frozen=True)
class Combination:
    """How forecasts are combined.

    ``kind="ranked"``: ``combiner`` (median/mean) over the top ``k`` models,
    ranked per product or pooled over all products (``scope``).
    ``kind="blend"``: ``global_weight`` × the global model ``global_model`` plus
    (1 − ``global_weight``) × the median of the ``statistical`` models; weight 1
    is the global model alone, weight 0 the statistical median alone. The same
    for every product, so nothing is ranked per product.
    """

    combiner: str
    k: int
    bias_strength: float = 0.0
    scope: str = "product"  # rank per product, or "pooled" over all products
    kind: str = RANKED
    global_model: str | None = None
    global_weight: float = 0.0
    statistical: tuple[str, ...] = ()

    @classmethod
    def blend(
        cls, global_model: str, weight: float, statistical: Sequence[str]
    ) -> Combination:
        """``weight`` × ``global_model`` + (1 − weight) × median of ``statistical``."""
        members = (global_model,) if weight >= 1.0 else tuple(statistical)
        k = len(members) + (1 if 0.0 < weight < 1.0 else 0)
        return cls(
            "blend",
            k,
            scope="pooled",
            kind=BLEND,
            global_model=global_model,
            global_weight=float(weight),
            statistical=tuple(statistical),
        )

    @property
    def members(self) -> tuple[str, ...]:
        """The models a blend uses (empty for a ranked combination: it ranks)."""
        if self.kind != BLEND:
            return ()
        if self.global_weight >= 1.0:
            return (self.global_model,)
        if self.global_weight <= 0.0:
            return self.statistical
        return (self.global_model, *self.statistical)

    @property
    def label(self) -> str:
        """Short name for the bench and logs, e.g. ``blend gbm_global 0.75``."""
        bias = f" bias={self.bias_strength}" if self.bias_strength else ""
        if self.kind == BLEND:
            return f"blend {self.global_model} {self.global_weight:g}{bias}"
        return f"{self.combiner} k={self.k} scope={self.scope}{bias}"

    def describe(self, members: Sequence[str]) -> str:
        """Human-readable method, e.g. ``median of top-3 (ets, theta, ses)``."""
        if self.kind == BLEND:
            return self._describe_blend()
        where = " across products" if self.scope == "pooled" else ""
        if self.k == 1 or len(members) == 1:
            return f"best single model{where} ({members[0]})"
        return f"{self.combiner} of top-{len(members)}{where} ({', '.join(members)})"

    def _describe_blend(self) -> str:
        stats = f"median of the statistical models ({', '.join(self.statistical)})"
        if self.global_weight >= 1.0:
            return f"global model alone ({self.global_model})"
        if self.global_weight <= 0.0:
            return stats
        weight = round(100 * self.global_weight)
        return f"{weight} % {self.global_model} + {100 - weight} % {stats}"


def combine(forecasts: Sequence[np.ndarray], combiner: str) -> np.ndarray:
    """Point-wise median or mean of member forecasts."""
    stack = np.vstack(forecasts)
    return np.median(stack, axis=0) if combiner == "median" else stack.mean(axis=0)


def blend_forecast(
    combination: Combination,
    forecasts: Mapping[str, np.ndarray],
    median: np.ndarray | None = None,
) -> np.ndarray:
    """A blend's path from its members' paths (``forecasts`` by model name);
    ``median``: the statistical models' median when already known."""
    weight = combination.global_weight
    if weight >= 1.0:
        return np.asarray(forecasts[combination.global_model], dtype=float)
    if median is None:
        median = combine([forecasts[n] for n in combination.statistical], "median")
    if weight <= 0.0:
        return median
    return weight * forecasts[combination.global_model] + (1.0 - weight) * median
