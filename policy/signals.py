"""What policy announces to the apps above it (they subscribe in ready()).

`recommendations_refreshed` is sent by the refresh task once an organization's
recommendations were recomputed; alerts answers by queueing its own refresh.
"""

from django.dispatch import Signal

# kwargs: organization_id
recommendations_refreshed = Signal()
