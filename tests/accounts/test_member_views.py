import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.middleware import SESSION_KEY
from accounts.models import Invitation, Membership, Organization, User
from accounts.roles import Role
from tests.factories import MembershipFactory

MEMBER_POSTS = [
    ("accounts:member_invite", False),
    ("accounts:member_create", False),
    ("accounts:member_role", True),
    ("accounts:member_deactivate", True),
    ("accounts:member_reactivate", True),
]


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def membership(org, user):
    return Membership.objects.get(organization=org, user=user)


def test_master_sees_members_and_open_invitations(organization, member_of):
    master = member_of(organization, Role.MASTER)
    staff = member_of(organization, Role.STAFF)
    Invitation.objects.create(
        organization=organization,
        email="invitee@example.com",
        role=Role.VIEWER,
        invited_by=master,
        expires_at="2999-01-01T00:00:00Z",
    )
    response = logged_in(master).get(reverse("accounts:member_list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert master.email in body and staff.email in body
    assert "invitee@example.com" in body


@pytest.mark.parametrize("role", [Role.MANAGER, Role.STAFF, Role.VIEWER])
def test_only_master_may_open_members_page(organization, client_for, role):
    response = client_for(organization, role).get(reverse("accounts:member_list"))
    assert response.status_code == 403


@pytest.mark.parametrize("name, takes_id", MEMBER_POSTS)
def test_viewer_post_is_forbidden_and_writes_nothing(
    organization, member_of, name, takes_id
):
    viewer = member_of(organization, Role.VIEWER)
    target = membership(organization, viewer)
    url = reverse(name, args=[target.pk] if takes_id else [])
    response = logged_in(viewer).post(
        url, {"email": "x@example.com", "role": Role.MASTER}
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.role == Role.VIEWER and target.is_active
    assert not Invitation.objects.exists()
    assert not User.objects.filter(email="x@example.com").exists()


def test_manager_cannot_revoke_invitation(organization, member_of):
    master = member_of(organization)
    invitation = Invitation.objects.create(
        organization=organization,
        email="a@example.com",
        role=Role.STAFF,
        invited_by=master,
        expires_at="2999-01-01T00:00:00Z",
    )
    client = logged_in(member_of(organization, Role.MANAGER))
    response = client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 403
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


@pytest.mark.parametrize(
    "name",
    [
        "accounts:member_role",
        "accounts:member_deactivate",
        "accounts:member_reactivate",
    ],
)
def test_another_organizations_member_id_gives_404(
    organization, other_organization, member_of, name
):
    master = member_of(organization)
    outsider = membership(other_organization, member_of(other_organization, Role.STAFF))
    response = logged_in(master).post(
        reverse(name, args=[outsider.pk]), {"role": Role.VIEWER}
    )
    assert response.status_code == 404
    outsider.refresh_from_db()
    assert outsider.role == Role.STAFF and outsider.is_active


def test_another_organizations_invitation_gives_404(
    organization, other_organization, member_of
):
    invitation = Invitation.objects.create(
        organization=other_organization,
        email="a@example.com",
        role=Role.STAFF,
        invited_by=member_of(other_organization),
        expires_at="2999-01-01T00:00:00Z",
    )
    response = logged_in(member_of(organization)).post(
        reverse("accounts:invitation_revoke", args=[invitation.pk])
    )
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_role_change_through_the_page(organization, member_of):
    master = member_of(organization)
    staff = membership(organization, member_of(organization, Role.STAFF))
    response = logged_in(master).post(
        reverse("accounts:member_role", args=[staff.pk]),
        {"role": Role.MANAGER},
        follow=True,
    )
    staff.refresh_from_db()
    assert staff.role == Role.MANAGER
    assert response.redirect_chain[-1][0] == reverse("accounts:member_list")


def test_last_master_demotion_shows_error_and_writes_nothing(organization, member_of):
    master = member_of(organization)
    own = membership(organization, master)
    client = logged_in(master)
    response = client.post(
        reverse("accounts:member_role", args=[own.pk]),
        {"role": Role.STAFF},
        follow=True,
    )
    own.refresh_from_db()
    assert own.role == Role.MASTER
    assert "last master" in response.content.decode()
    response = client.post(
        reverse("accounts:member_deactivate", args=[own.pk]), follow=True
    )
    own.refresh_from_db()
    assert own.is_active
    assert "last master" in response.content.decode()


def test_deactivated_member_loses_access_and_reactivation_restores_it(
    organization, member_of
):
    master = member_of(organization)
    staff_user = member_of(organization, Role.STAFF)
    staff = membership(organization, staff_user)
    master_client, staff_client = logged_in(master), logged_in(staff_user)
    master_client.post(reverse("accounts:member_deactivate", args=[staff.pk]))
    assert staff_client.get(reverse("dashboard")).status_code == 403
    master_client.post(reverse("accounts:member_reactivate", args=[staff.pk]))
    assert staff_client.get(reverse("dashboard")).status_code == 200


def test_invitation_email_contains_a_working_link(
    organization, member_of, mailoutbox, django_capture_on_commit_callbacks
):
    master = member_of(organization)
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(master).post(
            reverse("accounts:member_invite"),
            {"email": "newbie@example.com", "role": Role.STAFF},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="newbie@example.com")
    assert invitation.role == Role.STAFF and invitation.invited_by == master
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["newbie@example.com"]
    found = re.search(
        r"http://testserver(/members/invitations/[\w-]+/)", mailoutbox[0].body
    )
    assert found, mailoutbox[0].body
    page = Client().get(found.group(1))
    assert page.status_code == 200
    assert "Alpha Store" in page.content.decode()
    assert 'name="password1"' in page.content.decode()


def test_inviting_a_member_says_so_and_sends_nothing(
    organization, member_of, mailoutbox, django_capture_on_commit_callbacks
):
    master = member_of(organization)
    staff = member_of(organization, Role.STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(master).post(
            reverse("accounts:member_invite"), {"email": staff.email, "role": "staff"}
        )
    assert response.status_code == 200
    assert "already a member" in response.content.decode()
    assert mailoutbox == []
    assert not Invitation.objects.exists()


def test_created_account_password_is_shown_once(organization, member_of):
    master = member_of(organization)
    client = logged_in(master)
    response = client.post(
        reverse("accounts:member_create"),
        {"email": "direct@example.com", "name": "Direct", "role": Role.STAFF},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    # The page still describes the signed-in master, not the new member.
    assert response.context["membership"].user == master
    password = re.search(
        r'id="one-time-password">([^<]+)<', response.content.decode()
    ).group(1)
    user = User.objects.get(email="direct@example.com")
    assert user.check_password(password) and user.must_change_password
    assert membership(organization, user).role == Role.STAFF
    assert password not in client.get(reverse("accounts:member_list")).content.decode()


def test_creating_an_existing_account_adds_membership_without_password(
    organization, other_organization, member_of
):
    elsewhere = member_of(other_organization, Role.STAFF)
    response = logged_in(member_of(organization)).post(
        reverse("accounts:member_create"),
        {"email": elsewhere.email, "name": "", "role": Role.VIEWER},
        follow=True,
    )
    assert "already had an account" in response.content.decode()
    assert membership(organization, elsewhere).role == Role.VIEWER
    elsewhere.refresh_from_db()
    assert not elsewhere.must_change_password


def test_settings_bad_email_line_is_named_and_nothing_written(organization, member_of):
    client = logged_in(member_of(organization, Role.MANAGER))
    response = client.post(
        reverse("accounts:organization_settings"),
        {
            "name": "Changed",
            "allow_negative_stock": "on",
            "purchasing_emails": "buyer@example.com\nbuyer-at-example",
        },
    )
    assert response.status_code == 200
    assert "Line 2" in response.content.decode()
    assert "buyer-at-example" in response.content.decode()
    saved = Organization.objects.get(pk=organization.pk)
    assert (saved.name, saved.allow_negative_stock) == ("Alpha Store", False)


def test_settings_saved(organization, member_of):
    client = logged_in(member_of(organization, Role.MASTER))
    response = client.post(
        reverse("accounts:organization_settings"),
        {
            "name": "Changed",
            "allow_negative_stock": "on",
            "purchasing_emails": "buyer@example.com",
        },
    )
    assert response.status_code == 302
    saved = Organization.objects.get(pk=organization.pk)
    assert saved.name == "Changed" and saved.allow_negative_stock
    assert saved.purchasing_emails == "buyer@example.com"


@pytest.mark.parametrize("role", [Role.STAFF, Role.VIEWER])
def test_settings_forbidden_below_manager(organization, client_for, role):
    client = client_for(organization, role)
    assert client.get(reverse("accounts:organization_settings")).status_code == 403
    response = client.post(reverse("accounts:organization_settings"), {"name": "X"})
    assert response.status_code == 403
    assert Organization.objects.get(pk=organization.pk).name == "Alpha Store"


def test_switch_to_another_own_organization(organization, other_organization, db):
    user = MembershipFactory(organization=organization, role=Role.VIEWER).user
    MembershipFactory(organization=other_organization, user=user, role=Role.MASTER)
    client = logged_in(user)
    response = client.get(
        reverse("accounts:organization_switch"),
        {"organization": other_organization.pk},
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == other_organization.pk
    # The master role there now applies.
    assert client.get(reverse("accounts:member_list")).status_code == 200


def test_switch_to_foreign_organization_gives_404(
    organization, other_organization, member_of
):
    client = logged_in(member_of(organization, Role.MASTER))
    for value in [other_organization.pk, "abc", ""]:
        response = client.get(
            reverse("accounts:organization_switch"), {"organization": value}
        )
        assert response.status_code == 404
    assert SESSION_KEY not in client.session
