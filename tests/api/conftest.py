import pytest
from rest_framework.test import APIClient

from accounts.roles import Role
from api.services import api_key_create


@pytest.fixture
def api_key_for(db):
    """api_key_for(organization, role) -> the secret of a new key."""

    def make(organization, role=Role.MANAGER, **kwargs):
        return api_key_create(organization=organization, name=f"{role} key",
                              role=role, created_by=None, **kwargs).secret

    return make


@pytest.fixture
def api_for(api_key_for):
    """api_for(organization, role) -> an APIClient sending a key of that role."""

    def make(organization, role=Role.MANAGER, **kwargs):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_key_for(organization, role, **kwargs)}")
        return client

    return make
