"""Credentials are tested against the channel before they are stored: when an
account is connected and when its credentials are changed. Refused → the form
says which fields to check, in the reader's language, and nothing is stored
(or the previous credentials stay); the channel unreachable → stored with a
warning, the next sync tests them again. The test makes one attempt bounded by
the connectors' timeout."""

import html
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from alerts.models import Alert
from channel_sync import crypto
from channel_sync.fakes.base import Fault
from channel_sync.models import ChannelAccount
from channel_sync.services.accounts import (
    account_connect,
    account_credentials_set,
    account_disconnect,
    account_pause,
)
from channel_sync.services.sync import account_sync
from inventory.models import Channel

from .conftest import NAVER_SECRET

OTHER_NAVER_SECRET = "$2a$04$zyxwvutsrqponmlkjihgfe"

# kind → (its fake's fixture, the right form input, a wrong secret, the Korean
# words naming the fields to check)
CHANNELS = {
    "coupang": ("fake_coupang",
                {"account_id": "A00012345", "key": "ak-test", "secret": "sk-test"},
                "sk-typo", "업체 코드, 액세스 키, 시크릿 키를 확인하세요"),
    "naver": ("fake_naver",
              {"account_id": "cid-test", "key": "", "secret": NAVER_SECRET},
              OTHER_NAVER_SECRET, "애플리케이션 ID와 애플리케이션 시크릿을 확인하세요"),
    "cafe24": ("fake_cafe24",
               {"account_id": "mymall", "key": "c24-client", "secret": "c24-secret"},
               "c24-typo", "쇼핑몰 ID, 앱의 클라이언트 ID와 클라이언트 시크릿을 확인하세요"),
}


def _connect_form(client, kind, base_url, **changes):
    data = {"kind": kind, "name": "New account", **CHANNELS[kind][1],
            "base_url": base_url, **changes}
    response = client.post(reverse("channel_sync:account_list"), data, follow=True,
                           HTTP_ACCEPT_LANGUAGE="ko")
    return response, html.unescape(response.content.decode())


@pytest.mark.parametrize("kind", CHANNELS)
def test_a_wrong_secret_is_refused_and_nothing_is_stored(
        kind, request, organization, client_for):
    fake_name, _good, wrong, fields = CHANNELS[kind]
    fake = request.getfixturevalue(fake_name)
    client = client_for(organization, Role.MANAGER)

    response, page = _connect_form(client, kind, fake.base_url, secret=wrong)

    assert response.redirect_chain == []  # the form again, with its error
    assert fields in page and "아무것도 저장하지 않았습니다." in page
    assert "(HTTP 401" in page  # what the channel answered
    assert "refused these credentials" not in page
    assert wrong not in page
    assert not ChannelAccount.objects.exists()
    assert not Channel.objects.filter(organization=organization).exists()
    assert len(fake.requests) == 1  # the one test call


@pytest.mark.parametrize("kind", CHANNELS)
def test_right_credentials_are_tested_then_stored(kind, request, organization,
                                                  client_for):
    fake_name, good, _wrong, _fields = CHANNELS[kind]
    fake = request.getfixturevalue(fake_name)
    client = client_for(organization, Role.MANAGER)

    response, page = _connect_form(client, kind, fake.base_url)

    assert response.redirect_chain  # saved, back to the list
    assert "계정 New account을(를) 연결했습니다." in page
    assert "alert-warning" not in page
    account = ChannelAccount.objects.get(name="New account")
    assert account.last_error == "" and len(fake.requests) == 1
    assert crypto.decrypt(account.credentials)[
        "secret_key" if kind == "coupang" else "client_secret"] == good["secret"]
    expected = "authorizing" if kind == "cafe24" else "active"
    assert account.status == expected


@pytest.mark.parametrize("kind", CHANNELS)
def test_an_unreachable_channel_stores_the_account_with_a_warning(
        kind, request, organization, client_for):
    fake = request.getfixturevalue(CHANNELS[kind][0])
    base_url = fake.base_url
    fake.stop()  # nothing listens at its address any more
    client = client_for(organization, Role.MANAGER)

    response, page = _connect_form(client, kind, base_url)

    assert response.redirect_chain
    assert "계정 New account을(를) 저장했습니다. 인증 정보를 아직 확인하지 못했습니다" in page
    assert "채널이 제대로 응답하지 않았습니다 (연결할 수 없음" in page
    if kind == "cafe24":
        assert "카페24에서 앱을 인증할 때 다시 확인합니다." in page
    else:
        assert "다음 동기화 때 다시 확인합니다." in page
    assert "alert-warning" in page
    account = ChannelAccount.objects.get(name="New account")
    assert account.status == ("authorizing" if kind == "cafe24" else "active")
    assert account.last_error.startswith("The credentials could not be verified yet")
    english = client.get(reverse("channel_sync:account_list"),
                         HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The credentials could not be verified yet" in html.unescape(english)


def test_the_next_sync_tests_unverified_credentials_and_clears_the_warning(
        organization, member_of, fake_coupang):
    fake_coupang.inject(Fault("status", status=503, path="/ordersheets"))
    account = account_connect(
        organization=organization, user=member_of(organization), kind="coupang",
        name="Wing", base_url=fake_coupang.base_url,
        credentials={"vendor_id": "A00012345", "access_key": "ak-test",
                     "secret_key": "sk-test"})
    assert "HTTP 503" in account.last_error and account.status == "active"

    assert account_sync(account_id=account.pk).status == "ok"

    account.refresh_from_db()
    assert account.last_error == "" and account.status == "active"


def test_the_test_makes_one_attempt_bounded_by_the_connectors_timeout(
        organization, member_of, fake_coupang, settings):
    settings.CHANNEL_SYNC_HTTP = {**settings.CHANNEL_SYNC_HTTP, "timeout_seconds": 0.3}
    fake_coupang.inject(Fault("slow", seconds=1.5, path="/ordersheets"))
    started = time.monotonic()
    account = account_connect(
        organization=organization, user=member_of(organization), kind="coupang",
        name="Wing", base_url=fake_coupang.base_url,
        credentials={"vendor_id": "A00012345", "access_key": "ak-test",
                     "secret_key": "sk-test"})
    elapsed = time.monotonic() - started
    # A retry would have found the fake answering again: one attempt only.
    assert fake_coupang.count("/ordersheets") == 1
    assert "(timed out)" in account.last_error
    assert elapsed < 1.2


def test_a_naver_secret_that_cannot_be_one_is_refused_before_any_call(
        organization, member_of, fake_naver):
    with translation.override("ko"), pytest.raises(ValidationError) as refused:
        account_connect(
            organization=organization, user=member_of(organization), kind="naver",
            name="SmartStore", base_url=fake_naver.base_url,
            credentials={"client_id": "cid-test", "client_secret": "not-bcrypt"})
    text = " ".join(refused.value.messages)
    assert "애플리케이션 시크릿을 확인하세요" in text
    assert "애플리케이션 시크릿이 올바른 네이버 시크릿 형식이 아닙니다" in text
    assert fake_naver.requests == [] and not ChannelAccount.objects.exists()


def test_a_wrong_vendor_id_is_refused(organization, member_of, fake_coupang):
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        account_connect(
            organization=organization, user=member_of(organization), kind="coupang",
            name="Wing", base_url=fake_coupang.base_url,
            credentials={"vendor_id": "A99999999", "access_key": "ak-test",
                         "secret_key": "sk-test"})
    assert refused.value.messages == [
        "Coupang refused these credentials: check the vendor id, the access key and"
        " the secret key. (HTTP 403: vendor mismatch)"]


def test_a_channel_api_that_refuses_the_test_request_stores_nothing(
        organization, member_of, fake_coupang):
    fake_coupang.inject(Fault("status", status=404, path="/ordersheets",
                              body={"code": 404, "message": "not found"}))
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        account_connect(
            organization=organization, user=member_of(organization), kind="coupang",
            name="Wing", base_url=fake_coupang.base_url,
            credentials={"vendor_id": "A00012345", "access_key": "ak-test",
                         "secret_key": "sk-test"})
    assert "Check the API address and the credentials." in refused.value.messages[0]
    assert not ChannelAccount.objects.exists()


# -- changing the credentials -------------------------------------------------------
def _paused_by_a_rotated_secret(account, fake):
    fake.secret_key = "rotated-in-wing"
    assert account_sync(account_id=account.pk).status == "failed"
    account.refresh_from_db()
    assert account.status == "paused"
    assert Alert.objects.filter(kind="channel", open_key__isnull=False).exists()
    return account


def _change(client, account, **data):
    response = client.post(reverse("channel_sync:account_credentials",
                                   args=[account.pk]), data, follow=True,
                           HTTP_ACCEPT_LANGUAGE="ko")
    return response, html.unescape(response.content.decode())


def test_wrong_new_credentials_keep_the_previous_ones(
        organization, client_for, coupang_account, fake_coupang):
    account = _paused_by_a_rotated_secret(coupang_account, fake_coupang)
    before = account.credentials
    client = client_for(organization, Role.MANAGER)

    response, page = _change(client, account, key="ak-test", secret="still-wrong")

    assert response.redirect_chain == []
    assert "업체 코드, 액세스 키, 시크릿 키를 확인하세요" in page
    assert "이전 인증 정보를 그대로 유지합니다." in page
    account.refresh_from_db()
    assert account.credentials == before and account.status == "paused"


def test_right_new_credentials_are_stored_and_the_account_resumes(
        organization, client_for, coupang_account, fake_coupang):
    account = _paused_by_a_rotated_secret(coupang_account, fake_coupang)
    client = client_for(organization, Role.MANAGER)
    form = client.get(reverse("channel_sync:account_credentials", args=[account.pk]),
                      HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "A00012345" in form and "sk-test" not in form

    response, page = _change(client, account, key="ak-test", secret="rotated-in-wing")

    assert response.redirect_chain and "새 인증 정보를 확인했습니다" in page
    account.refresh_from_db()
    assert account.status == "active" and account.last_error == ""
    assert crypto.decrypt(account.credentials)["secret_key"] == "rotated-in-wing"
    assert not Alert.objects.filter(kind="channel", open_key__isnull=False).exists()
    assert account_sync(account_id=account.pk).status == "ok"


def test_a_users_pause_stays_when_the_credentials_change(
        organization, member_of, coupang_account):
    account_pause(organization=organization, account=coupang_account)
    account = account_credentials_set(
        organization=organization, account=coupang_account,
        credentials={"access_key": "ak-test", "secret_key": "sk-test"})
    assert account.status == "paused"


def test_a_disconnected_account_is_connected_again_with_new_credentials(
        organization, client_for, coupang_account, fake_coupang):
    account_disconnect(organization=organization, account=coupang_account)
    client = client_for(organization, Role.MANAGER)
    listed = client.get(reverse("channel_sync:account_list"),
                        HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert reverse("channel_sync:account_credentials",
                   args=[coupang_account.pk]) in listed and "다시 연결" in listed

    response, _page = _change(client, coupang_account, key="ak-test", secret="sk-test")

    assert response.redirect_chain
    coupang_account.refresh_from_db()
    assert coupang_account.status == "active"
    assert crypto.decrypt(coupang_account.credentials) == {
        "vendor_id": "A00012345", "access_key": "ak-test", "secret_key": "sk-test"}


def test_cafe24_keeps_its_tokens_for_a_new_secret_of_the_same_app(
        organization, cafe24_account, fake_cafe24):
    tokens = crypto.decrypt(cafe24_account.credentials)["refresh_token"]
    fake_cafe24.client_secret = "c24-new-secret"  # reissued in the developer centre
    with pytest.raises(ValidationError):
        account_credentials_set(
            organization=organization, account=cafe24_account,
            credentials={"client_id": "c24-client", "client_secret": "c24-secret"})

    account = account_credentials_set(
        organization=organization, account=cafe24_account,
        credentials={"client_id": "c24-client", "client_secret": "c24-new-secret"})

    data = crypto.decrypt(account.credentials)
    assert data["client_secret"] == "c24-new-secret" and data["refresh_token"] == tokens
    assert account.status == "active"


def test_cafe24_of_another_app_must_be_authorized_again(
        organization, cafe24_account, fake_cafe24):
    fake_cafe24.client_id = "c24-other-app"
    account = account_credentials_set(
        organization=organization, account=cafe24_account,
        credentials={"client_id": "c24-other-app", "client_secret": "c24-secret"})
    assert account.status == "authorizing"
    assert "access_token" not in crypto.decrypt(account.credentials)


# -- the sales channel's name -------------------------------------------------------
@pytest.mark.parametrize("kind,name", [("coupang", "쿠팡"), ("naver", "스마트스토어"),
                                       ("cafe24", "카페24")])
def test_the_sales_channel_is_named_as_the_uploads_name_it_in_any_language(
        kind, name, request, organization, member_of):
    fake_name, good, _wrong, _fields = CHANNELS[kind]
    fake = request.getfixturevalue(fake_name)
    from channel_sync.forms import credentials_from

    with translation.override("en"):
        account = account_connect(
            organization=organization, user=member_of(organization), kind=kind,
            name="Account", base_url=fake.base_url,
            credentials=credentials_from(kind, account_id=good["account_id"],
                                         key=good["key"], secret=good["secret"]))
    assert account.channel.name == name
