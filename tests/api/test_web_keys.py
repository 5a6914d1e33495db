"""The API keys page (masters): create (shown once), list, revoke; the command."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from api.models import ApiKey


def test_master_creates_a_key_on_the_page_and_sees_it_once(organization, client_for):
    client = client_for(organization, Role.MASTER)
    url = reverse("api_keys:api_key_list")
    response = client.post(url, {"name": "ERP", "role": "viewer",
                                 "expires_on": "2099-01-31"})
    assert response.status_code == 200
    api_key = ApiKey.objects.get(organization=organization)
    secret = response.context["issued"].secret
    assert secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert api_key.role == "viewer" and api_key.expires_at.date() == dt.date(2099, 1, 31)
    assert secret not in client.get(url).content.decode()  # never shown again
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/products/").status_code == 200
    assert api.post("/api/v1/categories/", {"name": "x"}, format="json").status_code == 403

    client.post(reverse("api_keys:api_key_revoke", kwargs={"pk": api_key.pk}))
    assert api.get("/api/v1/products/").status_code == 401


def test_a_key_cannot_be_master_and_needs_a_name(organization, client_for):
    client = client_for(organization, Role.MASTER)
    url = reverse("api_keys:api_key_list")
    response = client.post(url, {"name": "x", "role": "master"})
    assert response.status_code == 200 and not ApiKey.objects.exists()
    assert response.context["form"].errors["role"]


def test_the_page_is_for_masters_only(organization, client_for):
    url = reverse("api_keys:api_key_list")
    for role in (Role.MANAGER, Role.STAFF, Role.VIEWER):
        assert client_for(organization, role).get(url).status_code == 403


def test_command_creates_a_key_printed_once(organization, capsys):
    call_command("api_key", "create", "--organization", str(organization.pk),
                 "--role", "staff", "--name", "sync script")
    secret = capsys.readouterr().out.strip()
    api_key = ApiKey.objects.get(organization=organization)
    assert secret.startswith(f"ss_{api_key.prefix}_") and api_key.role == "staff"
    assert secret not in api_key.hashed_key
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/movements/").status_code == 200
    call_command("api_key", "revoke", "--organization", str(organization.pk),
                 "--id", str(api_key.pk))
    assert api.get("/api/v1/movements/").status_code == 401


def test_command_refuses_an_unknown_organization(db):
    with pytest.raises(CommandError):
        call_command("api_key", "create", "--organization", "999999", "--role",
                     "staff", "--name", "x")
