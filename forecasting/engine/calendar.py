"""Korean calendar features: Seollal, Chuseok, public and substitute holidays.

Korean e-commerce moves with the lunar holidays: gift orders rush in the two
weeks before Seollal and Chuseok, stop at the courier cut-off a few days
before, and the holiday days themselves are slow. The dates come from the
``holidays`` package (its Korean calendar converts the lunar dates), so
Seollal and Chuseok fall on the right solar day every year.

``calendar_features(start, days)`` returns one row per day from ``start``:
public holiday, substitute holiday, days since the last and until the next
holiday (capped), and the signed distance to the nearest Seollal and Chuseok
main day (capped, so "far away" is one value).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

COUNTRY = "KR"
DISTANCE_CAP = 30
LUNAR_CAP = 21
CALENDAR_FEATURES = (
    "holiday",
    "substitute_holiday",
    "days_since_holiday",
    "days_to_holiday",
    "seollal_offset",
    "chuseok_offset",
)
SEOLLAL = "Korean New Year"
CHUSEOK = "Chuseok"
SUBSTITUTE = ("Alternative holiday", "Temporary Public Holiday")


@lru_cache(maxsize=64)
def _holidays(first_year: int, last_year: int) -> tuple[dict, tuple, tuple]:
    """Holiday names by date and the Seollal/Chuseok main days of the years."""
    import holidays

    calendar = holidays.country_holidays(
        COUNTRY, years=range(first_year, last_year + 1), language="en_US"
    )
    names = {pd.Timestamp(day): name for day, name in calendar.items()}
    seollal = tuple(d for d, n in names.items() if SEOLLAL in n.split("; "))
    chuseok = tuple(d for d, n in names.items() if CHUSEOK in n.split("; "))
    return names, seollal, chuseok


def _distance(days: np.ndarray, marks: np.ndarray, direction: int) -> np.ndarray:
    """Days until the next mark (direction 1) or since the last one (−1)."""
    if marks.size == 0:
        return np.full(days.size, float(DISTANCE_CAP))
    if direction > 0:
        idx = np.searchsorted(marks, days, side="left")
        ok = idx < marks.size
        out = np.where(ok, marks[np.minimum(idx, marks.size - 1)] - days, DISTANCE_CAP)
    else:
        idx = np.searchsorted(marks, days, side="right") - 1
        ok = idx >= 0
        out = np.where(ok, days - marks[np.maximum(idx, 0)], DISTANCE_CAP)
    return np.minimum(out, DISTANCE_CAP).astype(float)


def _signed_offset(days: np.ndarray, marks: np.ndarray) -> np.ndarray:
    """Day minus the nearest mark (negative before it), capped at ± LUNAR_CAP."""
    if marks.size == 0:
        return np.full(days.size, float(LUNAR_CAP + 1))
    diff = days[:, None] - marks[None, :]
    nearest = diff[np.arange(days.size), np.abs(diff).argmin(axis=1)]
    return np.where(np.abs(nearest) <= LUNAR_CAP, nearest, LUNAR_CAP + 1).astype(float)


@lru_cache(maxsize=256)
def date_parts(start: pd.Timestamp, days: int) -> np.ndarray:
    """``days`` × 4 array: weekday (Monday 0), day of month, month, day of year
    of the days from ``start`` (shared by every series starting that day)."""
    dates = pd.date_range(start, periods=days, freq="D")
    parts = np.column_stack(
        [dates.dayofweek, dates.day, dates.month, dates.dayofyear]
    ).astype(float)
    parts.flags.writeable = False
    return parts


@lru_cache(maxsize=256)
def calendar_features(start: pd.Timestamp, days: int) -> np.ndarray:
    """``days`` × len(CALENDAR_FEATURES) array for the days from ``start``."""
    dates = pd.date_range(start, periods=days, freq="D")
    # One year of margin on each side: distances near the ends stay right.
    names, seollal, chuseok = _holidays(dates[0].year - 1, dates[-1].year + 1)
    epoch = pd.Timestamp(start)
    day_numbers = np.arange(days)

    def numbers(stamps) -> np.ndarray:
        return np.sort(np.array([(d - epoch).days for d in stamps], dtype=int))

    all_days = numbers(names)
    substitutes = numbers(
        d for d, n in names.items() if any(s in n for s in SUBSTITUTE)
    )
    return np.column_stack(
        [
            np.isin(day_numbers, all_days).astype(float),
            np.isin(day_numbers, substitutes).astype(float),
            _distance(day_numbers, all_days, -1),
            _distance(day_numbers, all_days, 1),
            _signed_offset(day_numbers, numbers(seollal)),
            _signed_offset(day_numbers, numbers(chuseok)),
        ]
    )
