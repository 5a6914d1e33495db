import pytest
from django.contrib.auth import get_user
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, Organization, User
from accounts.roles import Role
from tests.factories import PASSWORD, MembershipFactory, UserFactory

NEW_PASSWORD = "Quiet-Lantern-7731"


def test_signup_creates_organization_with_user_as_master_and_logs_in(db):
    client = Client()
    page = client.get(reverse("account_signup"))
    assert page.status_code == 200
    for field in ["organization_name", "name", "email", "password1", "password2"]:
        assert f'name="{field}"' in page.content.decode()
    response = client.post(
        reverse("account_signup"),
        {
            "organization_name": "Gamma Foods",
            "name": "Park",
            "email": "owner@gamma.example",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="owner@gamma.example")
    assert user.name == "Park"
    organization = Organization.objects.get(name="Gamma Foods")
    assert Membership.objects.get(organization=organization, user=user).role == (
        Role.MASTER
    )
    assert get_user(client) == user
    assert client.get(reverse("dashboard")).status_code == 200


def test_signup_without_company_name_creates_nothing(db):
    response = Client().post(
        reverse("account_signup"),
        {
            "email": "x@example.com",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert not User.objects.exists()
    assert not Organization.objects.exists()


def test_one_time_password_account_must_change_password_first(organization):
    user = UserFactory(must_change_password=True)
    Membership.objects.create(organization=organization, user=user, role=Role.STAFF)
    client = Client()
    login = client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}
    )
    assert login.status_code == 302
    for path in [reverse("dashboard"), reverse("inventory:product_list")]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == reverse("account_change_password")
    page = client.get(reverse("account_change_password"))
    assert "one-time password" in page.content.decode()

    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "next": reverse("dashboard"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reverse("dashboard")).status_code == 200


def test_failed_password_change_keeps_the_flag(organization):
    user = UserFactory(must_change_password=True)
    Membership.objects.create(organization=organization, user=user, role=Role.STAFF)
    client = Client()
    client.force_login(user)
    client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    user.refresh_from_db()
    assert user.must_change_password


def test_admin_login_goes_through_allauth_and_is_rate_limited(db):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    admin_login = client.get("/admin/login/")
    assert admin_login.status_code == 302
    assert admin_login["Location"].startswith(reverse("account_login"))
    # Five failures for this account from one address within the window...
    for _ in range(5):
        failed = client.post(
            reverse("account_login"), {"login": staff.email, "password": "wrong"}
        )
        assert failed.status_code == 200
    # ...then even the right password is refused there: 429 with Retry-After.
    blocked = client.post(
        reverse("account_login"),
        {"login": staff.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert blocked.status_code == 429
    assert 0 < int(blocked["Retry-After"]) <= 15 * 60
    assert "Too many failed sign-ins" in blocked.content.decode()
    assert not get_user(client).is_authenticated
    assert client.get("/admin/").status_code == 302


def test_admin_login_works_before_any_failure(db):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    response = client.post(
        reverse("account_login"),
        {"login": staff.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_reset_password_done",
        "account_email_verification_sent",
    ],
)
def test_anonymous_allauth_pages_use_our_layout(db, name):
    response = Client().get(reverse(name))
    assert response.status_code == 200
    body = response.content.decode()
    assert "vendor/bootstrap/bootstrap.min.css" in body
    assert 'class="card shadow-sm' in body
    assert "Menu:" not in body  # allauth's bare default layout is not used


@pytest.mark.parametrize(
    "name", ["account_change_password", "account_logout", "account_email"]
)
def test_signed_in_allauth_pages_use_our_layout(organization, name):
    user = MembershipFactory(organization=organization).user
    client = Client()
    client.force_login(user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    body = response.content.decode()
    assert "vendor/bootstrap/bootstrap.min.css" in body
    assert organization.name in body  # our navbar
    assert 'class="card shadow-sm' in body


def test_login_form_fields_are_bootstrap_styled(db):
    body = Client().get(reverse("account_login")).content.decode()
    assert 'class="form-control" name="login"' in body
    assert 'class="form-control" name="password"' in body
    assert 'type="password"' in body


@pytest.mark.parametrize("signal_name", ["password_reset", "password_set"])
def test_other_ways_of_choosing_a_password_also_clear_the_flag(db, signal_name):
    from allauth.account import signals

    user = UserFactory(must_change_password=True)
    getattr(signals, signal_name).send(sender=User, request=None, user=user)
    user.refresh_from_db()
    assert not user.must_change_password
