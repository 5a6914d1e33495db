"""Forecasting models, one module per family, all sharing ``Forecaster``."""
