"""The signing functions against the worked examples of CHANNEL_APIS.md."""

from channel_sync.connectors.coupang import authorization_header
from channel_sync.connectors.naver import client_secret_sign

PATH = "/v2/providers/openapi/apis/api/v4/vendors/A00012345/ordersheets"
QUERY = "createdAtFrom=2025-10-01&createdAtTo=2025-10-02&status=ACCEPT"


def test_coupang_header_matches_the_worked_example():
    header = authorization_header(
        method="GET", path=PATH, query=QUERY, access_key="ak-test",
        secret_key="sk-test", signed_date="251001T000000Z")
    assert header == (
        "CEA algorithm=HmacSHA256, access-key=ak-test, signed-date=251001T000000Z, "
        "signature=def66a0af56b563752efd3e05bdf66f29e2a20d0fb05207ab2aed137151f4063")


def test_coupang_signature_is_not_the_one_with_a_question_mark():
    header = authorization_header(
        method="GET", path=PATH + "?", query=QUERY, access_key="ak-test",
        secret_key="sk-test", signed_date="251001T000000Z")
    assert header.endswith(
        "a3e08473c11f2f79519b4d3bae37b300550004e82ce461485efd81c19bab42e9")
    header = authorization_header(
        method="GET", path=PATH, query=QUERY, access_key="ak-test",
        secret_key="sk-test", signed_date="251001T000001Z")
    assert "def66a0af" not in header


def test_naver_sign_matches_the_worked_example():
    assert client_secret_sign(
        client_id="cid-test", client_secret="$2a$04$abcdefghijklmnopqrstuu",
        timestamp_ms=1759276800000,
    ) == "JDJhJDA0JGFiY2RlZmdoaWprbG1ub3BxcnN0dXVtWWQ4VkhvSFhabmI1dmwuN1BRWUxibzkxcEw1amJL"


def test_naver_sign_changes_with_the_timestamp():
    assert client_secret_sign(
        client_id="cid-test", client_secret="$2a$04$abcdefghijklmnopqrstuu",
        timestamp_ms=1759276800001,
    ) != "JDJhJDA0JGFiY2RlZmdoaWprbG1ub3BxcnN0dXVtWWQ4VkhvSFhabmI1dmwuN1BRWUxibzkxcEw1amJL"
