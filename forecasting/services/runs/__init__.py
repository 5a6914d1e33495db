"""The forecast run: start it once per day, forecast chunks of products, join, finish.

Celery tasks (forecasting/tasks.py) and `manage.py forecast` call the same three
steps: `forecast_run_start`, `forecast_chunk_run` per chunk, and
`forecast_run_finalize` once the last chunk is in. The join is kept in the run
row (`chunks_done`, updated under a row lock), so it needs no result backend and
survives a chunk delivered twice.

Modules: `start` (the run row and its chunks), `chunks` (forecast one chunk and
join it; `chunks.forecast_engine` is the engine call tests replace), `finish`
(status, summary, and the whole pipeline in one process).
"""

from .chunks import (
    MAX_ERROR_CHARS,
    forecast_chunk_fail,
    forecast_chunk_run,
    forecast_engine,
)
from .finish import forecast_run_execute, forecast_run_finalize
from .start import (
    DEFAULT_CHUNK_SIZE,
    STALE_AFTER,
    RunStart,
    chunk_size,
    default_as_of,
    forecast_run_start,
)

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "MAX_ERROR_CHARS",
    "STALE_AFTER",
    "RunStart",
    "chunk_size",
    "default_as_of",
    "forecast_chunk_fail",
    "forecast_chunk_run",
    "forecast_engine",
    "forecast_run_execute",
    "forecast_run_finalize",
    "forecast_run_start",
]
