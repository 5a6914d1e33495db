"""The home page: headline stock figures and the latest ledger rows."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import member_required
from accounts.roles import Perm
from inventory import selectors

RECENT_MOVEMENTS = 10


@member_required(read=Perm.VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Active products, units and value on hand, shortages, latest movements."""
    organization = request.organization
    context = {
        "figures": selectors.dashboard_figures(organization=organization),
        "short_products": selectors.products_short_of_stock(organization=organization),
        "movements": selectors.movement_list(organization=organization)[
            :RECENT_MOVEMENTS
        ],
    }
    return render(request, "inventory/dashboard.html", context)
