"""Gather forecast accuracy: the latest backtest, and issued forecasts vs sales.

Reads only. The math lives in forecasting/accuracy.py; ``backtest`` holds the
report types and the latest run's backtest, ``realised`` the issued forecasts
scored against the sales that followed.
"""

from .backtest import (
    HORIZON_BUCKETS,
    REALISED_DAYS,
    BacktestReport,
    Breakdown,
    HorizonRow,
    RealisedReport,
    Row,
    RunAccuracy,
    ValueAddedRow,
    backtest_report,
    latest_full_run,
)
from .realised import last_complete_day, matured_runs, realised_report

__all__ = [
    "HORIZON_BUCKETS",
    "REALISED_DAYS",
    "BacktestReport",
    "Breakdown",
    "HorizonRow",
    "RealisedReport",
    "Row",
    "RunAccuracy",
    "ValueAddedRow",
    "backtest_report",
    "last_complete_day",
    "latest_full_run",
    "matured_runs",
    "realised_report",
]
