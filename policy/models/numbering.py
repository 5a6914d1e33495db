"""Document numbers as sellers and suppliers see them (no models here, so
importing it declares nothing)."""


def po_number(order_id: int) -> str:
    """A purchase order's number ("PO-12")."""
    return f"PO-{order_id}"
