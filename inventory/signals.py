"""What inventory announces to the apps above it (they subscribe in ready()).

`stock_changed` is sent inside the writing transaction after a batch of ledger
rows was applied or reverted; policy answers by refreshing the organization's
recommendations once the transaction commits. Inventory never calls the planner.
"""

from django.dispatch import Signal

# kwargs: organization_id
stock_changed = Signal()
