"""What inventory announces to the apps above it (they subscribe in ready()).

`stock_changed` is sent inside the writing transaction after a batch of ledger
rows was applied or reverted; policy answers by refreshing the organization's
recommendations once the transaction commits. Inventory never calls the planner.
"""

from django.dispatch import Signal

# kwargs: organization_id
stock_changed = Signal()


# -- cache versions ------------------------------------------------------------
# Suppliers and categories carry no updated_at; every save or delete bumps a
# per-organization counter after commit, read by catalog_version() so that
# cached screens showing supplier names, lead times or MOQs never outlive them.
def catalog_version_key(organization_id: int) -> str:
    return f"catalog:version:{organization_id}"


def bump_catalog_version(sender, instance, **kwargs) -> None:
    import time

    from django.core.cache import cache
    from django.db import transaction

    key = catalog_version_key(instance.organization_id)

    def bump() -> None:
        try:
            cache.incr(key)
        except ValueError:  # not set yet or evicted: start past any old value
            cache.set(key, time.time_ns(), None)

    transaction.on_commit(bump)
