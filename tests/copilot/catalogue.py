"""The parser's catalogue in tests: the demo world's products by SKU, its
categories, suppliers and channels, and a Friday to parse on."""

from __future__ import annotations

import datetime as dt

from copilot.engine import Catalogue, CatalogueItem, CatalogueProduct, parse

FRIDAY = dt.date(2026, 11, 27)
_NAMES = {
    "PASTA-001": "스파게티 Spaghetti 500g",
    "PASTA-002": "펜네 Penne 500g",
    "SAUCE-001": "토마토 소스 Tomato Sauce 400g",
    "SAUCE-002": "바질 페스토 Basil Pesto 190g",
    "SAUCE-003": "토마토 바질 소스 Tomato Basil Sauce 400g",
}


def catalogue_of(*skus: str) -> Catalogue:
    """These products (ids 1, 2, … in this order) and the world's other items."""
    return Catalogue(
        products=tuple(CatalogueProduct(index, sku, _NAMES[sku])
                       for index, sku in enumerate(skus, start=1)),
        categories=(CatalogueItem(1, "Pasta"), CatalogueItem(2, "소스")),
        suppliers=(CatalogueItem(1, "Pasta Co"), CatalogueItem(2, "한국식품")),
        channels=(CatalogueItem(1, "쿠팡 (Coupang)", "coupang"),
                  CatalogueItem(2, "네이버 스마트스토어 (SmartStore)", "smartstore"),
                  CatalogueItem(3, "자사몰 (Own mall)", "own_mall")),
    )


def parser_on_friday(catalogue: Catalogue):
    """``parse`` with this catalogue, today being FRIDAY."""
    return lambda question: parse(question, catalogue=catalogue, today=FRIDAY)
