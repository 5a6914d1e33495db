from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors
from .access import member_required
from .roles import Perm


@member_required(read=Perm.MEMBERS_MANAGE)
def member_list(request: HttpRequest) -> HttpResponse:
    members = selectors.member_list(organization=request.organization)
    return render(request, "accounts/member_list.html", {"members": members})


@member_required(read=Perm.SETTINGS_MANAGE, write=Perm.SETTINGS_MANAGE)
def organization_settings(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/organization_settings.html", {})
