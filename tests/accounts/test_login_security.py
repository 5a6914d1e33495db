"""Two-factor login (TOTP + recovery codes, organization-wide requirement), the
failed-login throttle that cannot lock a user out, and the sign-in record."""
from __future__ import annotations

from types import SimpleNamespace
from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp_auth
from django.contrib.auth import get_user
from django.test import Client
from django.urls import reverse

from accounts.models import LoginAttempt
from accounts.roles import Role
from tests.factories import PASSWORD, MembershipFactory, UserFactory

# A fixed clock: 2026-12-01 00:00:00 UTC, moved on explicitly by the tests.
T0 = 1_796_083_200.0


def _clock(at: float):
    """Pin the clock allauth's TOTP code reads (only that module's)."""
    return mock.patch.object(totp_auth, "time", SimpleNamespace(time=lambda: at))


def _code(secret: str, at: float) -> str:
    counter = int(at) // 30
    return totp_auth.format_hotp_value(totp_auth.hotp_value(secret, counter))


def _login(client: Client, email: str, password: str = PASSWORD, **extra):
    return client.post(reverse("account_login"),
                       {"login": email, "password": password}, **extra)


def _enrol_totp(client: Client, at: float) -> str:
    """Drive allauth's set-up page: read the secret it generated, answer a code."""
    # allauth asks for the password again before a new authenticator is added.
    asked = client.get(reverse("mfa_activate_totp"))
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    back = client.post(asked["Location"], {"password": PASSWORD})
    assert back["Location"] == reverse("mfa_activate_totp")
    with _clock(at):
        page = client.get(reverse("mfa_activate_totp"))
        assert page.status_code == 200
        secret = client.session[totp_auth.SECRET_SESSION_KEY]
        assert secret in page.content.decode()  # shown for manual entry
        wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
        assert wrong.status_code == 200  # refused, form shown again
        response = client.post(reverse("mfa_activate_totp"), {"code": _code(secret, at)})
        assert response.status_code == 302
    return secret


def test_totp_enrolment_then_login_asks_for_the_code(organization):
    user = UserFactory(email="two@example.com")
    MembershipFactory(organization=organization, user=user, role=Role.MANAGER)
    client = Client()
    assert _login(client, user.email).status_code == 302
    secret = _enrol_totp(client, T0)
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    # Recovery codes were generated with the authenticator.
    assert Authenticator.objects.filter(user=user, type="recovery_codes").exists()
    client.post(reverse("account_logout"))

    later = T0 + 120  # a fresh code (a used one is refused as a replay)
    fresh = Client()
    password_step = _login(fresh, user.email)
    assert password_step.status_code == 302
    assert password_step["Location"] == reverse("mfa_authenticate")
    assert not get_user(fresh).is_authenticated  # the password alone is not enough
    with _clock(later):
        wrong = fresh.post(reverse("mfa_authenticate"), {"code": _code(secret, T0 - 600)})
        assert wrong.status_code == 200 and not get_user(fresh).is_authenticated
        done = fresh.post(reverse("mfa_authenticate"), {"code": _code(secret, later)})
    assert done.status_code == 302
    assert get_user(fresh) == user
    assert fresh.get(reverse("dashboard")).status_code == 200


def test_guessing_the_second_factor_is_rate_limited(organization):
    user = UserFactory(email="guess2fa@example.com")
    MembershipFactory(organization=organization, user=user, role=Role.STAFF)
    client = Client()
    _login(client, user.email)
    secret = _enrol_totp(client, T0)
    client.post(reverse("account_logout"))
    fresh = Client()
    _login(fresh, user.email)
    with _clock(T0 + 600):
        for _ in range(5):
            fresh.post(reverse("mfa_authenticate"), {"code": "000000"})
        blocked = fresh.post(reverse("mfa_authenticate"),
                             {"code": _code(secret, T0 + 600)})
    assert "Too many failed login attempts" in blocked.content.decode()
    assert not get_user(fresh).is_authenticated


def test_a_recovery_code_replaces_a_lost_phone(organization):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = UserFactory(email="lost@example.com")
    MembershipFactory(organization=organization, user=user, role=Role.STAFF)
    client = Client()
    _login(client, user.email)
    _enrol_totp(client, T0)
    codes = RecoveryCodes(Authenticator.objects.get(
        user=user, type="recovery_codes")).get_unused_codes()
    client.post(reverse("account_logout"))
    fresh = Client()
    _login(fresh, user.email)
    assert fresh.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 302
    assert get_user(fresh) == user


def test_admin_login_asks_for_the_second_factor_too(organization):
    user = UserFactory(email="boss@example.com")
    MembershipFactory(organization=organization, user=user, role=Role.MASTER)
    client = Client()
    _login(client, user.email)
    secret = _enrol_totp(client, T0)
    client.post(reverse("account_logout"))
    fresh = Client()
    admin = fresh.get("/admin/")
    login_url = fresh.get(admin["Location"], follow=True).request["PATH_INFO"]
    assert login_url == reverse("account_login")
    step = fresh.post(reverse("account_login") + "?next=/admin/",
                      {"login": user.email, "password": PASSWORD, "next": "/admin/"})
    assert step["Location"] == reverse("mfa_authenticate")
    assert fresh.get("/admin/").status_code == 302  # still not signed in
    with _clock(T0 + 300):
        done = fresh.post(reverse("mfa_authenticate"), {"code": _code(secret, T0 + 300)})
    assert done["Location"] == "/admin/"
    assert fresh.get("/admin/").status_code == 200


def test_master_requires_two_factor_for_every_member(organization, client_for):
    master = client_for(organization, Role.MASTER)
    url = reverse("accounts:sign_in_security")
    # Refused while the master has no authenticator themselves (no self-lockout).
    refused = master.post(url, {"require_mfa": "on"}, follow=True)
    assert "Set up two-factor authentication for your own account first" in \
        refused.content.decode()
    organization.refresh_from_db()
    assert not organization.require_mfa

    master_user = organization.memberships.get(role=Role.MASTER).user
    Authenticator.objects.create(user=master_user, type="totp", data={"secret": "x"})
    assert master.post(url, {"require_mfa": "on"}).status_code == 302
    organization.refresh_from_db()
    assert organization.require_mfa

    # A member without an authenticator is sent to set one up, everywhere...
    staff = client_for(organization, Role.STAFF)
    for path in (reverse("dashboard"), reverse("inventory:product_list"), "/admin/"):
        response = staff.get(path)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    # ...but may reach the set-up page (after confirming their password) and
    # sign out.
    setup = staff.get(reverse("mfa_activate_totp"))
    assert setup["Location"].startswith(reverse("account_reauthenticate"))
    assert staff.get(setup["Location"]).status_code == 200
    # The master, who has one, works normally.
    assert master.get(reverse("dashboard")).status_code == 200
    # Only the master manages it.
    manager = client_for(organization, Role.MANAGER)
    Authenticator.objects.create(
        user=organization.memberships.get(role=Role.MANAGER).user, type="totp",
        data={"secret": "x"})
    assert manager.post(url, {}).status_code == 403


# --- throttle ------------------------------------------------------------------


def test_a_stranger_cannot_lock_out_a_user_who_signs_in_elsewhere(db):
    user = UserFactory(email="victim@example.com")
    stranger = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(5):
        assert _login(stranger, user.email, "wrong").status_code == 200
    blocked = _login(stranger, user.email, "wrong")
    assert blocked.status_code == 429
    assert 1 <= int(blocked["Retry-After"]) <= 15 * 60
    # Even the right password is not tried from the stranger's address...
    assert _login(stranger, user.email).status_code == 429
    # ...while the owner, from their own address, signs in at once.
    owner = Client(REMOTE_ADDR="198.51.100.7")
    assert _login(owner, user.email).status_code == 302
    assert get_user(owner) == user


def test_one_address_guessing_many_accounts_is_throttled(db, settings):
    settings.SMARTSTOCK_LOGIN_THROTTLE = {"address": (8, 900), "account": (5, 900)}
    stranger = Client(REMOTE_ADDR="203.0.113.10")
    for number in range(8):
        assert _login(stranger, f"guess{number}@example.com", "x").status_code == 200
    assert _login(stranger, "another@example.com", "x").status_code == 429
    # Another address is unaffected.
    assert _login(Client(REMOTE_ADDR="203.0.113.11"), "a@example.com", "x"
                  ).status_code == 200


def test_the_throttle_lifts_when_the_window_has_passed(db):
    from accounts.services import login_failure_count, login_throttle_retry_after

    for step in range(5):
        login_failure_count(address="192.0.2.1", email="w@example.com",
                            clock=lambda step=step: T0 + step)
    assert login_throttle_retry_after(address="192.0.2.1", email="W@example.com",
                                      clock=lambda: T0 + 10) == 15 * 60 - 10
    assert login_throttle_retry_after(address="192.0.2.1", email="w@example.com",
                                      clock=lambda: T0 + 15 * 60 + 5) is None


# --- sign-in record --------------------------------------------------------------


def test_sign_ins_are_recorded_and_shown_to_the_master_only(organization, client_for):
    member = UserFactory(email="member@example.com")
    MembershipFactory(organization=organization, user=member, role=Role.STAFF)
    outsider = UserFactory(email="outsider@example.com")
    _login(Client(REMOTE_ADDR="203.0.113.20", HTTP_USER_AGENT="Evil/1.0"),
           member.email, "wrong")
    _login(Client(REMOTE_ADDR="198.51.100.21"), member.email)
    _login(Client(REMOTE_ADDR="198.51.100.22"), outsider.email)

    failed = LoginAttempt.objects.get(email=member.email, succeeded=False)
    assert (failed.user, failed.ip_address, failed.user_agent) == (
        member, "203.0.113.20", "Evil/1.0")
    assert LoginAttempt.objects.filter(user=member, succeeded=True,
                                       ip_address="198.51.100.21").exists()

    page = client_for(organization, Role.MASTER).get(
        reverse("accounts:sign_in_security")).content.decode()
    assert "203.0.113.20" in page and "198.51.100.21" in page
    assert "outsider@example.com" not in page  # another organization's user
    assert client_for(organization, Role.MANAGER).get(
        reverse("accounts:sign_in_security")).status_code == 403


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_throttled_page_speaks_the_users_language(db, language):
    user = UserFactory()
    client = Client(REMOTE_ADDR="203.0.113.30", HTTP_ACCEPT_LANGUAGE=language)
    for _ in range(5):
        _login(client, user.email, "wrong")
    blocked = _login(client, user.email, "wrong")
    assert blocked.status_code == 429
    expected = "로그인 실패가 너무 많습니다" if language == "ko" else "Too many failed sign-ins"
    assert expected in blocked.content.decode()
