"""Global LSTM+CNN trained across all products at once (TensorFlow, not default)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from ..preprocess import prepare_history
from ..types import DemandHistory, ForecastResult
from .base import Forecaster, SeriesInput, build_input, naive_quantiles

WEEK = 7


@dataclass(frozen=True)
class LSTMSettings:
    """Architecture and training settings of the global network."""

    window_days: int = 14
    lstm_units: int = 64
    conv_filters: int = 32
    dropout: float = 0.2
    learning_rate: float = 0.001
    loss: str = "mae"  # "mae" | "poisson" | "quantile"
    quantile: float = 0.5
    epochs: int = 8
    batch_size: int = 256
    max_samples: int = 60_000
    seed: int = 7


def _features(series: SeriesInput, values: np.ndarray, scale: float) -> np.ndarray:
    """Per-day features: scaled demand, promo flag, day-of-week sine and cosine."""
    n = values.size
    position = np.arange(n) + series.start.dayofweek
    promo = series.promo if series.promo is not None else np.zeros(n)
    angle = 2 * np.pi * (position % WEEK) / WEEK
    return np.stack([values / scale, promo[:n], np.sin(angle), np.cos(angle)], axis=1)


def _future_features(series: SeriesInput, horizon: int) -> np.ndarray:
    """Known future inputs: planned promo flags and the weekday of the first day."""
    promo = (
        series.future_promo if series.future_promo is not None else np.zeros(horizon)
    )
    first = (series.start.dayofweek + series.observed.size) % WEEK
    return np.concatenate([promo[:horizon], np.eye(WEEK)[first]])


class GlobalLSTM(Forecaster):
    """One network for all series; ``predict_inputs`` trains once per call."""

    name = "lstm_global"
    uses_exog = True
    is_global = True
    min_history_days = 28
    fallback = "ets"

    def __init__(self, settings: LSTMSettings | None = None) -> None:
        self.settings = settings or LSTMSettings()

    def fit_predict_many(
        self,
        histories: Mapping[str, pd.Series | DemandHistory],
        horizon: int,
        as_of: date,
    ) -> dict[str, ForecastResult]:
        """Train on every history at once and forecast each one."""
        inputs = []
        for key, item in histories.items():
            prep = prepare_history(key, item, as_of=as_of, horizon=horizon)
            inputs.append(build_input(prep, prep.values.size, horizon))
        dates = pd.date_range(
            pd.Timestamp(as_of) + pd.Timedelta(days=1), periods=horizon, freq="D"
        )
        outputs = self.predict_inputs(inputs, horizon)
        return {
            series.key: ForecastResult(
                self.name,
                dates,
                point,
                naive_quantiles(series.filled_raw, point),
                reason,
            )
            for series, (point, reason) in zip(inputs, outputs, strict=True)
        }

    def predict_inputs(
        self, inputs: Sequence[SeriesInput], horizon: int
    ) -> list[tuple[np.ndarray, str | None]]:
        """Train the network on all usable inputs, then forecast each of them."""
        window = self.settings.window_days
        usable = [s for s in inputs if s.filled_raw.size >= window + horizon]
        try:
            if not usable:
                raise ValueError(f"no series has {window + horizon} days")
            model = self._train(usable, horizon)
        except Exception as exc:  # noqa: BLE001 - a failed network falls back
            reason = f"{self.name} failed: {type(exc).__name__}: {exc}"[:300]
            return [self._fall_back(s, horizon, reason) for s in inputs]
        return [self._forecast_one(model, s, horizon) for s in inputs]

    def _forecast_one(self, model, series: SeriesInput, horizon: int):
        if series.filled_raw.size < self.settings.window_days:
            return self._fall_back(series, horizon, "too short for the network window")
        scale = _scale(series)
        seq = _features(series, series.filled_raw, scale)[-self.settings.window_days :]
        fut = _future_features(series, horizon)
        pred = model([seq[None].astype("float32"), fut[None].astype("float32")])
        point = np.clip(np.asarray(pred)[0] * scale, 0.0, None)
        if not np.all(np.isfinite(point)):
            return self._fall_back(series, horizon, "network output not finite")
        return point, None

    def _train(self, inputs: Sequence[SeriesInput], horizon: int):
        import tensorflow as tf

        cfg = self.settings
        tf.keras.utils.set_random_seed(cfg.seed)
        seqs, futs, targets = _training_samples(inputs, horizon, cfg)
        model = _build_network(tf, cfg, horizon)
        model.fit(
            [seqs, futs],
            targets,
            epochs=cfg.epochs,
            batch_size=cfg.batch_size,
            verbose=0,
            shuffle=True,
        )
        return model


def _scale(series: SeriesInput) -> float:
    return max(float(np.mean(series.filled_raw[-365:])), 0.1)


def _training_samples(inputs, horizon: int, cfg: LSTMSettings):
    rng = np.random.default_rng(cfg.seed)
    seqs, futs, targets = [], [], []
    per_series = max(cfg.max_samples // max(len(inputs), 1), 1)
    for series in inputs:
        scale = _scale(series)
        feats = _features(series, series.filled_raw, scale)
        last = series.filled_raw.size - horizon - cfg.window_days
        ends = np.arange(0, last + 1)
        ends = rng.choice(ends, size=min(per_series, ends.size), replace=False)
        promo = series.promo if series.promo is not None else np.zeros(feats.shape[0])
        for start in ends:
            cut = start + cfg.window_days
            seqs.append(feats[start:cut])
            first = (series.start.dayofweek + cut) % WEEK
            futs.append(
                np.concatenate([promo[cut : cut + horizon], np.eye(WEEK)[first]])
            )
            targets.append(series.filled_raw[cut : cut + horizon] / scale)
    return (
        np.asarray(seqs, "float32"),
        np.asarray(futs, "float32"),
        np.asarray(targets, "float32"),
    )


def _build_network(tf, cfg: LSTMSettings, horizon: int):
    layers = tf.keras.layers
    seq_in = layers.Input(shape=(cfg.window_days, 4))
    fut_in = layers.Input(shape=(horizon + WEEK,))
    x = layers.Conv1D(cfg.conv_filters, 3, padding="causal", activation="relu")(seq_in)
    x = layers.LSTM(cfg.lstm_units)(x)
    x = layers.Dropout(cfg.dropout)(x)
    x = layers.Concatenate()([x, fut_in])
    x = layers.Dense(cfg.lstm_units, activation="relu")(x)
    out = layers.Dense(horizon, activation="softplus")(x)
    model = tf.keras.Model([seq_in, fut_in], out)
    model.compile(
        optimizer=tf.keras.optimizers.Adam(cfg.learning_rate), loss=_loss(tf, cfg)
    )
    return model


def _loss(tf, cfg: LSTMSettings):
    if cfg.loss == "poisson":
        return "poisson"
    if cfg.loss == "quantile":
        tau = cfg.quantile

        def pinball(y_true, y_pred):
            err = y_true - y_pred
            return tf.reduce_mean(tf.maximum(tau * err, (tau - 1.0) * err))

        return pinball
    return "mae"
