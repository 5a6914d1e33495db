"""Replenishment: settings, stored recommendations, purchase orders, email outbox.

Recommendations are computed by policy.services.recommendations (the pure
engine in policy/engine/ does the math) and stored, so pages read numbers
instead of recomputing them. Purchase-order lines keep a change history
(django-simple-history) with the reason of each quantity change.

One module each: `policies` (PolicySettings, ProductPolicy), `recommendations`,
`purchasing` (orders, lines, receipts), `outbox` (emails), `snapshots`
(the dashboard's aggregates).
"""

# In the order the models were declared in the single module this was, so the
# app registry (content types, permissions, dumpdata) lists them as before.
# isort: off
from .policies import PolicyMode, PolicySettings, ProductPolicy
from .recommendations import Recommendation
from .purchasing import PurchaseOrder, PurchaseOrderLine, PurchaseReceipt
from .outbox import EmailOutbox
from .snapshots import DashboardSnapshot
# isort: on

__all__ = [
    "DashboardSnapshot",
    "EmailOutbox",
    "PolicyMode",
    "PolicySettings",
    "ProductPolicy",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "PurchaseReceipt",
    "Recommendation",
]
