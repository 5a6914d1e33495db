import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.middleware import SESSION_KEY
from accounts.models import Invitation, Membership, User
from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory

NEW_PASSWORD = "Plum-Harbor-4821"


@pytest.fixture
def invitation(organization, member_of):
    return Invitation.objects.create(
        organization=organization,
        email="invitee@example.com",
        role=Role.STAFF,
        invited_by=member_of(organization),
        expires_at=timezone.now() + dt.timedelta(days=7),
    )


def url(invitation):
    return reverse("accounts:invitation_accept", args=[invitation.token])


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_new_person_creates_account_joins_and_is_logged_in(organization, invitation):
    client = Client()
    response = client.post(
        url(invitation),
        {"name": "Invitee", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    user = User.objects.get(email="invitee@example.com")
    assert user.name == "Invitee" and user.check_password(NEW_PASSWORD)
    assert not user.must_change_password
    assert Membership.objects.get(organization=organization, user=user).role == (
        Role.STAFF
    )
    address = EmailAddress.objects.get(user=user)
    assert address.verified and address.primary
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert client.session[SESSION_KEY] == organization.pk
    assert client.get(reverse("dashboard")).status_code == 200


def test_weak_or_mismatched_password_creates_nothing(invitation):
    client = Client()
    weak = client.post(url(invitation), {"password1": "123", "password2": "123"})
    assert weak.status_code == 200
    assert "too short" in weak.content.decode()
    mismatch = client.post(
        url(invitation), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"}
    )
    assert "do not match" in mismatch.content.decode()
    assert not User.objects.filter(email="invitee@example.com").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_logged_in_invitee_joins_with_a_button(
    organization, other_organization, invitation
):
    user = UserFactory(email="invitee@example.com")
    Membership.objects.create(
        organization=other_organization, user=user, role=Role.MASTER
    )
    client = logged_in(user)
    page = client.get(url(invitation))
    assert page.status_code == 200
    assert "Join Alpha Store" in page.content.decode()
    assert not Membership.objects.filter(organization=organization, user=user).exists()
    response = client.post(url(invitation))
    assert response.status_code == 302
    assert Membership.objects.get(organization=organization, user=user).role == (
        Role.STAFF
    )
    # The joined organization becomes the current one.
    assert client.session[SESSION_KEY] == organization.pk


def test_existing_account_not_logged_in_is_asked_to_log_in(invitation):
    UserFactory(email="invitee@example.com")
    response = Client().get(url(invitation))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"{reverse('account_login')}?next=" in body
    assert "Log in with that email first" in body
    assert 'name="password1"' not in body
    posted = Client().post(
        url(invitation), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert posted.status_code == 200
    assert User.objects.get(email="invitee@example.com").check_password(PASSWORD)


def test_wrong_logged_in_user_cannot_accept(
    organization, invitation, other_organization, member_of
):
    stranger = member_of(other_organization, Role.MASTER)
    client = logged_in(stranger)
    response = client.post(url(invitation))
    assert response.status_code == 403
    assert "this invitation is for invitee@example.com" in response.content.decode()
    assert not Membership.objects.filter(
        organization=organization, user=stranger
    ).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_expired_invitation_shows_clear_message(invitation):
    invitation.expires_at = timezone.now() - dt.timedelta(minutes=1)
    invitation.save()
    response = Client().post(
        url(invitation), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    assert not User.objects.filter(email="invitee@example.com").exists()


def test_revoked_invitation_shows_clear_message(organization, invitation):
    master = Membership.objects.get(organization=organization).user
    logged_in(master).post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    response = Client().get(url(invitation))
    assert response.status_code == 410
    assert "This invitation was revoked" in response.content.decode()


def test_used_invitation_cannot_be_used_twice(invitation):
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    assert Client().post(url(invitation), data).status_code == 302
    again = Client().post(url(invitation), data)
    assert again.status_code == 410
    assert "already used" in again.content.decode()


def test_unknown_token_gives_404(db):
    response = Client().get(
        reverse("accounts:invitation_accept", args=["no-such-token"])
    )
    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_accept_view_is_marked_public_on_purpose():
    from accounts.views import accept_invitation

    assert accept_invitation.access == {"public": True}
