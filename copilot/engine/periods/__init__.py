"""Periods named in a question, resolved against the business day passed in.

Weeks start on Monday. "This week/month" ends today; "last N days" is the N
days ending today. Forecast horizons ("next 14 days", "앞으로 14일") are read
separately by `horizon_days`.
"""

from .ahead import ahead_period, bare_days, horizon_days, next_month_said
from .baselines import baseline_of, compares, period_of, without_baseline

__all__ = ["ahead_period", "bare_days", "baseline_of", "compares", "horizon_days",
           "next_month_said", "period_of", "without_baseline"]
