"""What inventory announces to the apps above it (they subscribe in ready()).

`stock_changed` is sent inside the writing transaction after a batch of ledger
rows was applied or reverted; policy answers by refreshing the organization's
recommendations once the transaction commits. Inventory never calls the planner.
"""

from django.dispatch import Signal

# kwargs: organization_id
stock_changed = Signal()


# -- cache versions ------------------------------------------------------------
# Suppliers, categories and channels carry no updated_at; every save or delete
# bumps a per-organization counter (smartstock.versions), read by
# catalog_version() so that cached screens showing supplier names, lead times,
# MOQs or channel names never outlive them.
CATALOG = "catalog"
