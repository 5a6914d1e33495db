"""What forecasting announces to the apps above it (they subscribe in ready()).

`forecasts_changed` is sent inside the writing transaction when a run stored
new forecasts or an override was set or reverted; policy answers by refreshing the organization's recommendations
once the transaction commits. Forecasting never calls the planner itself.
"""

from django.dispatch import Signal

# kwargs: organization_id
forecasts_changed = Signal()
