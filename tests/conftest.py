import os

import pytest
from django.test import Client
from django.utils import translation

from accounts.roles import Role

from .factories import MembershipFactory, OrganizationFactory, ProductFactory

# Playwright's sync API runs an event loop; Django refuses ORM calls from a
# thread with a running loop unless this is set. Only the browser tests need it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests assert English messages: services run with English active and pages
    default to English unless a test asks for a language. The real default
    (Korean) is tested in tests/test_i18n.py."""
    settings.LANGUAGE_CODE = "en"
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: the login throttle counts failures
    there, and one test's failures must not block the next test's sign-in."""
    from django.core.cache import caches

    from smartstock import versions

    for cache in caches.all():
        cache.clear()
    versions.clear_local()


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Alpha Store")


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(name="Beta Store")


@pytest.fixture
def member_of(db):
    """member_of(organization, role) -> a user with that role there."""

    def make(organization, role=Role.MASTER):
        return MembershipFactory(organization=organization, role=role).user

    return make


@pytest.fixture
def client_for(member_of):
    """client_for(organization, role) -> a logged-in Django test client."""

    def make(organization, role=Role.MASTER):
        client = Client()
        client.force_login(member_of(organization, role))
        return client

    return make


@pytest.fixture
def product(organization):
    return ProductFactory(organization=organization)
