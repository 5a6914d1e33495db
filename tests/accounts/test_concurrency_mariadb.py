"""The last-master rule under real concurrency.

SQLite serialises writers and ignores SELECT ... FOR UPDATE, so this only means
something on MariaDB/MySQL: it runs in `make test-mariadb`.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from accounts import services
from accounts.models import Membership
from accounts.roles import Role
from tests.factories import MembershipFactory, OrganizationFactory
from tests.mariadb import MARIADB_ONLY, run_in_threads

pytestmark = MARIADB_ONLY
ROUNDS = 15


def _race(calls: list) -> list[str]:
    """Run the calls in threads started together; return 'ok' or 'refused' each."""

    def attempt(index: int) -> str:
        try:
            calls[index]()
        except ValidationError:
            return "refused"
        return "ok"

    return run_in_threads(len(calls), attempt)


def _removal(action: str, membership: Membership):
    """A call that takes the master role away from `membership`."""
    organization = membership.organization
    if action == "demote":
        return lambda: services.member_role_change(
            organization=organization, membership_id=membership.pk, role=Role.STAFF
        )
    return lambda: services.member_deactivate(
        organization=organization, membership_id=membership.pk
    )


@pytest.mark.parametrize("action", ["demote", "deactivate"])
def test_two_concurrent_removals_of_two_masters_leave_one_master(action):
    for _ in range(ROUNDS):
        organization = OrganizationFactory()
        masters = [
            MembershipFactory(organization=organization, role=Role.MASTER)
            for _ in range(2)
        ]
        outcomes = _race([_removal(action, m) for m in masters])
        assert sorted(outcomes) == ["ok", "refused"]
        remaining = Membership.objects.filter(
            organization=organization, role=Role.MASTER, is_active=True
        ).count()
        assert remaining == 1
