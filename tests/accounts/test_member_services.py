import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import services
from accounts.models import Invitation, Membership, Organization
from accounts.roles import Role
from tests.factories import MembershipFactory, UserFactory


def membership(org, user):
    return Membership.objects.get(organization=org, user=user)


def link(token):
    return f"https://example.test/members/invitations/{token}/"


def test_last_master_cannot_be_demoted(organization, member_of):
    master = member_of(organization, Role.MASTER)
    target = membership(organization, master)
    with pytest.raises(ValidationError, match="last master"):
        services.member_role_change(
            organization=organization, membership_id=target.pk, role=Role.MANAGER
        )
    assert membership(organization, master).role == Role.MASTER


def test_last_master_cannot_be_deactivated(organization, member_of):
    master = member_of(organization, Role.MASTER)
    target = membership(organization, master)
    with pytest.raises(ValidationError, match="last master"):
        services.member_deactivate(organization=organization, membership_id=target.pk)
    assert membership(organization, master).is_active


def test_master_with_inactive_account_does_not_count_as_remaining_master(
    organization, member_of
):
    master = member_of(organization, Role.MASTER)
    locked_out = member_of(organization, Role.MASTER)
    locked_out.is_active = False
    locked_out.save()
    with pytest.raises(ValidationError):
        services.member_role_change(
            organization=organization,
            membership_id=membership(organization, master).pk,
            role=Role.STAFF,
        )


def test_one_of_two_masters_can_be_demoted_then_the_other_cannot(
    organization, member_of
):
    first = membership(organization, member_of(organization, Role.MASTER))
    second = membership(organization, member_of(organization, Role.MASTER))
    services.member_role_change(
        organization=organization, membership_id=first.pk, role=Role.VIEWER
    )
    first.refresh_from_db()
    assert first.role == Role.VIEWER
    with pytest.raises(ValidationError):
        services.member_role_change(
            organization=organization, membership_id=second.pk, role=Role.VIEWER
        )


def test_role_change_and_deactivate_reactivate(organization, member_of):
    member_of(organization, Role.MASTER)
    staff = membership(organization, member_of(organization, Role.STAFF))
    services.member_role_change(
        organization=organization, membership_id=staff.pk, role=Role.MANAGER
    )
    services.member_deactivate(organization=organization, membership_id=staff.pk)
    staff.refresh_from_db()
    assert (staff.role, staff.is_active) == (Role.MANAGER, False)
    services.member_reactivate(organization=organization, membership_id=staff.pk)
    staff.refresh_from_db()
    assert staff.is_active


def test_role_change_of_another_organizations_member_is_refused(
    organization, other_organization, member_of
):
    outsider = membership(other_organization, member_of(other_organization, Role.STAFF))
    with pytest.raises(Membership.DoesNotExist):
        services.member_role_change(
            organization=organization, membership_id=outsider.pk, role=Role.MASTER
        )


def test_invite_replaces_earlier_open_invitation(
    organization, member_of, django_capture_on_commit_callbacks, mailoutbox
):
    master = member_of(organization)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.member_invite(
            organization=organization,
            invited_by=master,
            email="New@Example.com",
            role=Role.STAFF,
            accept_url=link,
        )
        second = services.member_invite(
            organization=organization,
            invited_by=master,
            email="new@example.com",
            role=Role.VIEWER,
            accept_url=link,
        )
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.email == "new@example.com"
    assert second.expires_at - second.created_at == pytest.approx(
        dt.timedelta(days=7), abs=dt.timedelta(seconds=5)
    )
    assert [m.to for m in mailoutbox] == [["new@example.com"], ["new@example.com"]]
    assert link(second.token) in mailoutbox[1].body


def test_invite_of_existing_member_is_refused(organization, member_of):
    master = member_of(organization)
    staff = member_of(organization, Role.STAFF)
    with pytest.raises(ValidationError, match="already a member"):
        services.member_invite(
            organization=organization,
            invited_by=master,
            email=staff.email.upper(),
            role=Role.STAFF,
            accept_url=link,
        )
    assert not Invitation.objects.exists()


def test_create_with_password_makes_verified_account_that_must_change_password(
    organization,
):
    created = services.member_create_with_password(
        organization=organization, email="Kim@Example.com", name="Kim", role=Role.STAFF
    )
    user = created.membership.user
    assert created.one_time_password and len(created.one_time_password) >= 12
    assert user.email == "kim@example.com"
    assert user.must_change_password
    assert user.check_password(created.one_time_password)
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary
    assert created.membership.role == Role.STAFF


def test_create_with_password_for_existing_account_only_adds_membership(
    organization,
):
    existing = UserFactory(email="lee@example.com")
    password_hash = existing.password
    created = services.member_create_with_password(
        organization=organization, email="lee@example.com", name="", role=Role.VIEWER
    )
    existing.refresh_from_db()
    assert created.one_time_password is None
    assert created.membership.user == existing
    assert existing.password == password_hash
    assert not existing.must_change_password


def test_create_with_password_for_a_member_is_refused(organization, member_of):
    staff = member_of(organization, Role.STAFF)
    with pytest.raises(ValidationError, match="already a member"):
        services.member_create_with_password(
            organization=organization, email=staff.email, name="", role=Role.STAFF
        )


def test_revoke_open_invitation(organization, member_of):
    invitation = Invitation.objects.create(
        organization=organization,
        email="a@example.com",
        role=Role.STAFF,
        invited_by=member_of(organization),
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    services.invitation_revoke(organization=organization, invitation_id=invitation.pk)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert not invitation.is_usable


def test_purchasing_emails_error_names_the_bad_line():
    with pytest.raises(ValidationError) as caught:
        services.purchasing_emails_parse(
            "a@example.com\n\nnot-an-email\n b@example.com "
        )
    assert "Line 3" in caught.value.messages[0]
    assert "not-an-email" in caught.value.messages[0]


def test_purchasing_emails_are_trimmed_and_deduplicated():
    parsed = services.purchasing_emails_parse(" a@example.com\nA@example.com\n\nb@x.kr")
    assert parsed == ["a@example.com", "b@x.kr"]


def test_settings_update_with_bad_line_writes_nothing(organization):
    with pytest.raises(ValidationError):
        services.organization_settings_update(
            organization=organization,
            name="Renamed",
            allow_negative_stock=True,
            purchasing_emails="ok@example.com\nbad line",
        )
    organization.refresh_from_db()
    assert organization.name == "Alpha Store"
    assert not organization.allow_negative_stock


def test_settings_update_saves_normalized_addresses(organization):
    services.organization_settings_update(
        organization=organization,
        name=" Renamed ",
        allow_negative_stock=True,
        purchasing_emails="ok@example.com\n\n buy@example.com ",
    )
    saved = Organization.objects.get(pk=organization.pk)
    assert saved.name == "Renamed"
    assert saved.allow_negative_stock
    assert saved.purchasing_emails == "ok@example.com\nbuy@example.com"


def test_user_password_changed_clears_one_time_password_flag(db):
    user = MembershipFactory(user__must_change_password=True).user
    services.user_password_changed(user=user)
    user.refresh_from_db()
    assert not user.must_change_password


def test_create_with_password_revokes_open_invitation_for_that_address(
    organization, member_of
):
    invitation = Invitation.objects.create(
        organization=organization,
        email="kim@example.com",
        role=Role.VIEWER,
        invited_by=member_of(organization),
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    services.member_create_with_password(
        organization=organization, email="kim@example.com", name="", role=Role.STAFF
    )
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
