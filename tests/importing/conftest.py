"""Fixtures for the upload-pipeline tests: a small catalogue and a parser."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from inventory.importing import (
    CatalogListing,
    CatalogProduct,
    CatalogResolver,
    ParsedUpload,
    ParseOptions,
    parse_upload,
)


@pytest.fixture
def resolver() -> CatalogResolver:
    """The master SKUs of CHANNEL_FORMATS §5; PlayAuto SKU = master SKU."""
    products = [
        CatalogProduct(1, "SS-TEE-BK-M", "반팔티 블랙 M", "SS-TEE-BK-M"),
        CatalogProduct(2, "SS-TEE-WH-L", "반팔티 화이트 L", "SS-TEE-WH-L"),
        CatalogProduct(3, "SS-SOCK-3P", "양말 3켤레", "SS-SOCK-3P", units_per_box=10),
        CatalogProduct(4, "SET-GIFT-A", "기프트 세트 A"),
    ]
    listings = [CatalogListing("쿠팡", "85000000051", 3)]
    return CatalogResolver(products, listings)


@pytest.fixture
def parse(resolver: CatalogResolver) -> Callable[..., ParsedUpload]:
    """parse(path, **options) with the test catalogue."""

    def run(path: Path, **options: object) -> ParsedUpload:
        return parse_upload(path, path.name, resolver, ParseOptions(**options))

    return run
