"""A channel's error reaches the seller in the page's language, and a failed
sync is called failed: the flash, the account list and the sync log."""

import html

import pytest
from django.urls import reverse

from accounts.roles import Role
from channel_sync.messages import channel_error_text
from channel_sync.services.accounts import account_connect


@pytest.fixture
def wrong_secret(organization, member_of, fake_coupang):
    """An account whose secret key the seller then replaced in Wing."""
    account = account_connect(
        organization=organization, user=member_of(organization), kind="coupang",
        name="Wing", base_url=fake_coupang.base_url,
        credentials={"vendor_id": "A00012345", "access_key": "ak-test",
                     "secret_key": "sk-test"})
    fake_coupang.secret_key = "rotated-in-wing"
    return account


@pytest.fixture
def unreachable(organization, member_of):
    return account_connect(
        organization=organization, user=member_of(organization), kind="coupang",
        name="Nowhere", base_url="http://127.0.0.1:9",
        credentials={"vendor_id": "A00012345", "access_key": "ak-test",
                     "secret_key": "sk-test"})


def _page(client, name, *args, follow=False, post=False):
    call = client.post if post else client.get
    response = call(reverse(f"channel_sync:{name}", args=args), follow=follow,
                    HTTP_ACCEPT_LANGUAGE="ko")
    return html.unescape(response.content.decode())


def test_refused_credentials_are_explained_in_korean_everywhere(
        organization, client_for, wrong_secret):
    client = client_for(organization, Role.MANAGER)
    tested = _page(client, "account_test", wrong_secret.pk, post=True, follow=True)
    assert "채널이 인증 정보를 거부했습니다 (HTTP 401)" in tested
    assert "alert-danger" in tested  # a failed test is an error, not an info note
    assert "The channel refused the credentials" not in tested
    synced = _page(client, "account_sync", wrong_secret.pk, post=True, follow=True)
    # the run failed: the flash says so, not "동기화 완료"
    assert "동기화 실패" in synced and "동기화 완료" not in synced
    assert "채널이 인증 정보를 거부했습니다 (HTTP 401)" in synced  # the sync log
    assert "The channel refused" not in synced
    listed = _page(client, "account_list")
    assert "채널이 인증 정보를 거부했습니다 (HTTP 401)" in listed
    assert "sk-test" not in tested + synced + listed
    english = client.get(reverse("channel_sync:account_list"),
                         HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The channel refused the credentials (HTTP 401)." in english


def test_an_unreachable_channel_is_explained_in_korean(
        organization, client_for, unreachable):
    client = client_for(organization, Role.MANAGER)
    synced = _page(client, "account_sync", unreachable.pk, post=True, follow=True)
    assert "동기화 실패" in synced
    assert "4번 시도했지만 채널이 제대로 응답하지 않았습니다 (연결할 수 없음" in synced
    assert "did not answer properly" not in synced


@pytest.mark.parametrize("message", [
    "The channel refused the request (HTTP 400): {\"code\": \"BAD\"}",
    "The channel answered HTTP 500.",
    "The channel did not answer properly after 4 attempts (timed out).",
    "The channel did not answer properly after 4 attempts (HTTP 503).",
    "The channel did not answer properly after 3 attempts "
    "(the channel asked us to slow down (too many requests)).",
    "Naver issued no access token.",
    "Cafe24 is not authorized yet: connect it again.",
    "No configured key decrypts these credentials.",
    "Internal error: OperationalError",
    "The channel did not answer properly (timed out).",
    "Cafe24 answered without an order list.",
    "The credentials could not be verified yet: The channel did not answer properly"
    " (could not connect ([Errno 111] Connection refused)). The next sync will try"
    " again.",
    "The credentials could not be verified yet: The channel answered HTTP 503."
    " Authorizing the app in Cafe24 checks them again.",
])
def test_every_known_channel_message_has_a_korean_text(message, settings):
    from django.utils import translation

    with translation.override("ko"):
        korean = channel_error_text(message)
    assert korean != message and not korean.startswith(message[:12])
    with translation.override("en"):
        assert channel_error_text(message) == message


def test_an_unknown_message_is_shown_as_it_is():
    assert channel_error_text("Something new happened.") == "Something new happened."
    assert channel_error_text("") == ""
