"""Uploading a calendar of promotions: all rows written or none, per-row problems."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from forecasting import event_import
from forecasting.models import PromotionEvent
from tests.factories import CategoryFactory, ChannelFactory, ProductFactory

pytestmark = pytest.mark.django_db

URL = "forecasting:event_upload"
KOREAN_HEADER = "행사명,시작일,종료일,상품코드,카테고리,채널,메모"


@pytest.fixture
def catalogue(organization):
    """A product, a category and a channel the uploads refer to."""
    return {
        "product": ProductFactory(organization=organization, sku="TEA-01"),
        "category": CategoryFactory(organization=organization, name="차류"),
        "channel": ChannelFactory(organization=organization, name="쿠팡"),
    }


def _post(client, name: str, data: bytes):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(reverse(URL), {"file": upload})


def _csv(*lines: str, encoding: str = "utf-8-sig") -> bytes:
    return "\r\n".join(lines).encode(encoding)


def _events(organization):
    return list(PromotionEvent.objects.filter(organization=organization))


def test_utf8_bom_csv_with_korean_headers_creates_every_event(
    organization, catalogue, client_for
):
    data = _csv(
        KOREAN_HEADER,
        "쿠팡 로켓세일,2026-12-01,2026-12-03,TEA-01,,쿠팡,첫 행사",
        "차 기획전,2026-12-10,2026-12-12,,차류,,",
        "11.11,2026-11-11,2026-11-11,,,,",
    )
    response = _post(client_for(organization, Role.MANAGER), "events.csv", data)
    assert response.status_code == 302
    events = {e.name: e for e in _events(organization)}
    assert set(events) == {"쿠팡 로켓세일", "차 기획전", "11.11"}
    rocket = events["쿠팡 로켓세일"]
    assert rocket.product == catalogue["product"]
    assert rocket.channel == catalogue["channel"]
    assert (rocket.start_date, rocket.end_date) == (
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 3),
    )
    assert rocket.note == "첫 행사"
    assert events["차 기획전"].category == catalogue["category"]
    assert events["11.11"].product is None and events["11.11"].category is None


def test_cp949_csv_with_english_headers_creates_events(
    organization, catalogue, client_for
):
    data = _csv(
        "Name,Start,End,SKU,Channel,Note",
        "설 특가,2027-01-20,2027-01-25,TEA-01,쿠팡,한글 메모",
        encoding="cp949",
    )
    response = _post(client_for(organization), "events.csv", data)
    assert response.status_code == 302
    (event,) = _events(organization)
    assert event.name == "설 특가"
    assert event.note == "한글 메모"
    assert event.product == catalogue["product"]


def _xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_date_cells_and_serials_creates_events(
    organization, catalogue, client_for
):
    data = _xlsx(
        [
            ["이름", "시작일", "종료일", "SKU"],
            ["연말 세일", dt.datetime(2026, 12, 20), dt.date(2026, 12, 31), "TEA-01"],
            ["serial", 46357, 46358, None],  # Excel serials of 2026-12-01/02
        ]
    )
    response = _post(client_for(organization), "events.xlsx", data)
    assert response.status_code == 302
    events = {e.name: e for e in _events(organization)}
    assert events["연말 세일"].end_date == dt.date(2026, 12, 31)
    assert events["연말 세일"].product == catalogue["product"]
    assert events["serial"].start_date == dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("bad_line", "column", "fragment"),
    [
        ("unknown,2026-12-01,2026-12-02,NOPE-9,,,", "SKU", "NOPE-9"),
        ("reversed,2026-12-05,2026-12-01,,,,", "end date", "before the start"),
        ("bad date,2026/13/45,2026-12-01,,,,", "start date", "YYYY-MM-DD"),
    ],
)
def test_one_bad_row_writes_nothing_and_names_row_and_column(
    organization, catalogue, client_for, bad_line, column, fragment
):
    data = _csv(
        KOREAN_HEADER,
        "good,2026-12-01,2026-12-02,TEA-01,,,",
        bad_line,
    )
    response = _post(client_for(organization), "events.csv", data)
    assert response.status_code == 200
    assert _events(organization) == []
    (problem,) = response.context["problems"]
    assert problem["row"] == 3
    assert problem["column"] == column
    assert fragment in problem["message"]
    body = response.content.decode()
    assert fragment in body


def test_problem_messages_are_translated(organization, catalogue, client_for):
    client = client_for(organization)
    client.cookies["django_language"] = "ko"
    data = _csv(KOREAN_HEADER, "x,2026-12-05,2026-12-01,,,,")
    response = client.post(
        reverse(URL),
        {"file": SimpleUploadedFile("e.csv", data)},
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    (problem,) = response.context["problems"]
    english = event_import.TEXTS["end_before_start"] % {
        "end": "2026-12-01",
        "start": "2026-12-05",
    }
    assert problem["message"] != english
    assert "2026-12-01" in problem["message"]


def test_another_organizations_sku_category_and_channel_are_unknown(
    organization, other_organization, client_for
):
    ProductFactory(organization=other_organization, sku="THEIRS")
    CategoryFactory(organization=other_organization, name="남의분류")
    ChannelFactory(organization=other_organization, name="남의채널")
    data = _csv(
        "name,start,end,sku,category,channel",
        "a,2026-12-01,2026-12-02,THEIRS,,남의채널",
        "b,2026-12-01,2026-12-02,,남의분류,",
    )
    response = _post(client_for(organization), "events.csv", data)
    assert _events(organization) == [] and _events(other_organization) == []
    found = {(p["row"], p["column"]) for p in response.context["problems"]}
    assert found == {(2, "SKU"), (2, "channel"), (3, "category")}


def test_product_and_category_together_are_refused(
    organization, catalogue, client_for
):
    data = _csv(KOREAN_HEADER, "both,2026-12-01,2026-12-02,TEA-01,차류,,")
    response = _post(client_for(organization), "events.csv", data)
    assert _events(organization) == []
    (problem,) = response.context["problems"]
    assert (problem["row"], problem["column"]) == (2, "category")


@pytest.mark.parametrize("role", [Role.VIEWER, Role.STAFF])
def test_viewer_and_staff_cannot_upload(organization, catalogue, client_for, role):
    data = _csv(KOREAN_HEADER, "x,2026-12-01,2026-12-02,,,,")
    response = _post(client_for(organization, role), "events.csv", data)
    assert response.status_code == 403
    assert _events(organization) == []


def test_png_renamed_xlsx_is_refused(organization, client_for):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    response = _post(client_for(organization), "events.xlsx", png)
    assert response.status_code == 200
    assert _events(organization) == []
    errors = " ".join(response.context["form"].errors["file"])
    assert "PNG" in errors


def test_more_than_the_row_limit_is_refused(organization, client_for):
    lines = [
        f"e{i},2026-12-01,2026-12-02" for i in range(event_import.MAX_ROWS + 1)
    ]
    data = _csv("name,start,end", *lines)
    response = _post(client_for(organization), "events.csv", data)
    assert _events(organization) == []
    assert "2000" in " ".join(response.context["form"].errors["file"])


def test_xlsx_declaring_a_small_dimension_still_counts_every_row():
    rows = [["name", "start", "end"]] + [
        [f"e{i}", "2026-12-01", "2026-12-02"] for i in range(event_import.MAX_ROWS + 5)
    ]
    data = _xlsx(rows)
    # A lying <dimension> must not hide the extra rows from the cap.
    data = _with_dimension(data, "A1:C2")
    with pytest.raises(event_import.EventFileRefused):
        event_import.parse_event_file(data, "events.xlsx")


def _with_dimension(data: bytes, ref: str) -> bytes:
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'
                                 .encode(), content)
            target.writestr(info, content)
    return out.getvalue()


def test_upload_page_is_linked_from_the_events_list(organization, client_for):
    page = client_for(organization, Role.MANAGER).get(
        reverse("forecasting:event_list")
    )
    assert reverse(URL).encode() in page.content
    form_page = client_for(organization, Role.MANAGER).get(reverse(URL))
    assert form_page.status_code == 200
    assert b'enctype="multipart/form-data"' in form_page.content


def test_missing_required_column_refuses_the_file(organization, client_for):
    data = _csv("name,start,sku", "x,2026-12-01,")
    response = _post(client_for(organization), "events.csv", data)
    assert _events(organization) == []
    assert "종료일 (end)" in " ".join(response.context["form"].errors["file"])
