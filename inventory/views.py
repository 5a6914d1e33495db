from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import member_required
from accounts.roles import Perm

from . import selectors


@member_required(read=Perm.VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "inventory/dashboard.html", {})


@member_required(read=Perm.VIEW)
def product_list(request: HttpRequest) -> HttpResponse:
    products = selectors.product_list(organization=request.organization)
    return render(request, "inventory/product_list.html", {"products": products})


@member_required(read=Perm.VIEW)
def movement_list(request: HttpRequest) -> HttpResponse:
    return render(request, "inventory/movement_list.html", {})


@member_required(read=Perm.CATALOG_MANAGE)
def supplier_list(request: HttpRequest) -> HttpResponse:
    return render(request, "inventory/supplier_list.html", {})


@member_required(read=Perm.CATALOG_MANAGE)
def category_list(request: HttpRequest) -> HttpResponse:
    return render(request, "inventory/category_list.html", {})


@member_required(read=Perm.CATALOG_MANAGE)
def channel_list(request: HttpRequest) -> HttpResponse:
    return render(request, "inventory/channel_list.html", {})
