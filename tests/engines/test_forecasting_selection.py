"""The cross-validated selection: shrinkage toward the pooled choice and the guard.

Synthetic backtests with known errors: every series has a constant actual
``level`` and each model a constant error per origin, so the scores are known.
"""

import numpy as np
import pytest

from forecasting.engine import ensemble, selection
from forecasting.engine.backtest import Backtest

OFFSETS = (180, 150, 120, 90, 60, 30)


def make_backtest(errors, levels=None, scales=None, offsets=OFFSETS):
    """``errors[(model, key, offset)]`` = forecast − actual on every scored day."""
    backtest = Backtest(offsets=offsets, score_horizon=7)
    for (model, key, offset), error in errors.items():
        level = (levels or {}).get(key, 10.0)
        backtest.actuals.setdefault(offset, {})[key] = np.full(7, level)
        backtest.scales.setdefault(offset, {})[key] = (scales or {}).get(key, (1.0, 1.0))
        per_origin = backtest.forecasts.setdefault(model, {}).setdefault(offset, {})
        per_origin[key] = np.full(7, level + error)
    return backtest


def test_per_product_choice_that_only_fits_noise_shrinks_to_the_pooled_best():
    """Three noisy models are each luckily best on some products at some origins.

    Per product, the lucky one would be picked and lose on the next origin;
    the selection keeps the steady model for every product.
    """
    rng = np.random.default_rng(3)
    names = ["steady", "noisy1", "noisy2", "noisy3"]
    errors = {}
    for i in range(40):
        for o in OFFSETS:
            errors[("steady", f"p{i}", o)] = 1.0
            for name in names[1:]:
                errors[(name, f"p{i}", o)] = float(rng.uniform(0.0, 2.6))
    backtest = make_backtest(errors)
    chosen = selection.choose_selection(backtest, names)
    assert chosen.overrides == {}
    for i in range(40):
        combination = chosen.for_key(f"p{i}")
        members = ensemble.members_for(backtest, names, combination, f"p{i}", OFFSETS)
        assert members == ["steady"]
    # the per-product ranking of single models is worse on the held-out origins
    scores = chosen.cv_scores
    assert scores["median k=1 product"] > scores["steady"]


def test_a_product_that_wins_clearly_on_enough_origins_keeps_its_own_model():
    names = ["steady", "special"]
    errors = {}
    for i in range(30):
        special_first = i < 6  # a few products where the other model is far better
        for o in OFFSETS:
            errors[("steady", f"p{i}", o)] = 3.0 if special_first else 1.0
            errors[("special", f"p{i}", o)] = 0.3 if special_first else 2.5
    backtest = make_backtest(errors)
    chosen = selection.choose_selection(backtest, names, "median", top_k=1)
    assert chosen.combination.members == ("steady",) or chosen.combination.kind == "ranked"
    for i in range(30):
        combination = chosen.for_key(f"p{i}")
        members = ensemble.members_for(backtest, names, combination, f"p{i}", OFFSETS)
        assert members == (["special"] if i < 6 else ["steady"])


def test_override_needs_enough_winning_origins():
    errors = {}
    for o in OFFSETS:
        errors[("steady", "p0", o)] = 1.0
        # far better on average, but only on 2 of the 6 origins
        errors[("lucky", "p0", o)] = 0.0 if o in (180, 150) else 1.2
    backtest = make_backtest(errors)
    base = selection.robust_candidates(["steady", "lucky"])[0]
    alternatives = selection.robust_candidates(["steady", "lucky"])
    assert base.members == ("steady",)
    assert selection._override(backtest, ["steady", "lucky"], base, alternatives,
                               "p0", OFFSETS) is None  # fmt: skip
    for o in OFFSETS:
        errors[("lucky", "p0", o)] = 0.0 if o != 30 else 1.2  # 5 of 6: clear win
    backtest = make_backtest(errors)
    chosen = selection._override(backtest, ["steady", "lucky"], base, alternatives,
                                 "p0", OFFSETS)  # fmt: skip
    assert chosen is not None and chosen.members == ("lucky",)


def test_guard_takes_the_best_single_model_when_the_choice_loses_pooled():
    """Mean per-product scores prefer ``many``; pooled WAPE and bias prefer ``big``.

    ``many`` is a little better on ten small products and 30 % off on the one
    product that sells most: what the seller sees pooled is worse than ``big``
    alone, so the guard takes ``big``. Three origins: too few for a per-product
    exception (with six, the giant product alone would switch to ``big``).
    """
    names = ["many", "big"]
    errors, levels, scales = {}, {"giant": 1000.0}, {"giant": (100.0, 10_000.0)}
    offsets = (90, 60, 30)
    for o in offsets:
        for i in range(10):
            errors[("many", f"p{i}", o)] = 0.5
            errors[("big", f"p{i}", o)] = 1.0
        errors[("many", "giant", o)] = 300.0
        errors[("big", "giant", o)] = 0.0
    backtest = make_backtest(errors, levels, scales, offsets)
    scores = selection.choose_selection(backtest, names, "median", top_k=2).cv_scores
    assert scores["many"] < scores["big"]  # the per-product mean prefers ``many``
    chosen = selection.choose_selection(backtest, names, "median", top_k=2)
    assert chosen.guarded
    assert chosen.combination.kind == "fixed" and chosen.combination.members == ("big",)
    assert chosen.summary() == "big, guard"


def test_guard_keeps_a_combination_that_beats_every_member():
    names = ["high", "low"]
    errors = {}
    for o in OFFSETS:
        for i in range(10):
            errors[("high", f"p{i}", o)] = 2.0
            errors[("low", f"p{i}", o)] = -2.0
    backtest = make_backtest(errors)
    chosen = selection.choose_selection(backtest, names, "mean", top_k=2)
    assert not chosen.guarded
    assert chosen.combination.combiner == "mean" and chosen.combination.k == 2


def test_robust_candidates_include_the_reference_median_and_the_global_blend():
    names = ["ses", "ets", "tsb", "gbm_global"]
    pool = selection.robust_candidates(names, global_names=["gbm_global"])
    labels = [c.label for c in pool]
    assert labels[:4] == names
    assert "median(3 statistical)" in labels
    assert "blend(gbm_global, median of 3)" in labels
    blend = pool[-1]
    forecasts = [np.full(3, 10.0), np.full(3, 1.0), np.full(3, 2.0), np.full(3, 6.0)]
    # mean of the global model (10) and the median of 1, 2, 6 (2)
    assert ensemble.combine_members(blend, forecasts) == pytest.approx(np.full(3, 6.0))


def test_bias_correction_is_off_by_default_and_chosen_only_when_it_helps():
    errors = {}
    for o in OFFSETS:
        for i in range(10):
            errors[("low", f"p{i}", o)] = -4.0  # 40 % low at every origin
    backtest = make_backtest(errors)
    assert selection.choose_selection(backtest, ["low"]).combination.bias_strength == 0
    corrected = selection.choose_selection(backtest, ["low"], bias_correction=True)
    assert corrected.combination.bias_strength == 1.0
