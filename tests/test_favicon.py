"""Every page names the icon, and /favicon.ico leads to it (no 404 in the browser console)."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse


@pytest.mark.django_db
def test_pages_name_the_icon_and_the_usual_address_leads_to_it(client):
    page = client.get(reverse("account_login")).content.decode()
    assert 'rel="icon"' in page and "img/favicon.svg" in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.svg")
    assert finders.find("img/favicon.svg")
