"""Security keys (WebAuthn) as a second factor, in chromium with its virtual
authenticator (offline): add a key under the enforced CSP, then sign in with the
password and the key."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.roles import Role
from tests.browser.pages import log_in
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)


def _virtual_authenticator(page) -> None:
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    session.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "usb", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }})


def test_a_security_key_is_added_and_then_signs_in(browser_page) -> None:
    organization = OrganizationFactory(name="Key Store")
    user = UserFactory(email="key@example.com")
    MembershipFactory(organization=organization, user=user, role=Role.MASTER)
    page = browser_page
    _virtual_authenticator(page)
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    log_in(page, user.email)

    page.goto(reverse("mfa_add_webauthn"))
    if "/reauthenticate/" in page.url:  # allauth asks for the password again
        page.locator("input[name=password]").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.locator("input[name=name]").fill("USB key")
    with page.expect_navigation():
        page.locator("#mfa_webauthn_add").click()
    assert Authenticator.objects.filter(user=user, type="webauthn").exists()

    # Sign out, then the password alone only reaches the second-factor page.
    page.context.clear_cookies()
    log_in(page, user.email)
    assert page.url.endswith(reverse("mfa_authenticate"))
    with page.expect_navigation():
        page.locator("#mfa_webauthn_authenticate").click()
    assert not page.url.endswith(reverse("mfa_authenticate"))
    assert page.locator("[data-testid=user-menu]").count() == 1
    assert violations == []
