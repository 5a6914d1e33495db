"""Reads for forecasting; every function takes the organization first.

`effective_forecast` is the one answer to "what demand do we expect": the
latest model forecast with the active overrides applied. The policy and every
report read it, never ProductForecast directly. One module per concern; all
re-exported here.
"""
from .events import (  # noqa: F401
    event_get,
    event_list,
    event_touches,
    events_for_product,
)
from .forecasts import (  # noqa: F401
    METRIC_COLUMNS,
    TOTAL_DAYS,
    RecentHistory,
    SalesDataGap,
    _latest_ids,
    backtest_table,
    latest_forecast,
    latest_forecasts,
    recent_history,
    run_latest,
    run_list,
    run_sales_data_gap,
    sales_data_gap,
)
from .model_choice import forecastable_count, model_choice  # noqa: F401
from .overrides import (  # noqa: F401
    EffectiveForecast,
    ForecastListRow,
    OverrideChange,
    _decimal,
    active_overrides,
    adjustment_of,
    effective_forecast,
    forecast_list,
    override_get,
    override_history,
    override_list,
)
from .reports import (  # noqa: F401
    FINISHED_STATUSES,
    ActualVsForecast,
    _sum_paths,
    actual_vs_forecast,
    run_choices,
    run_get,
    run_products,
)
