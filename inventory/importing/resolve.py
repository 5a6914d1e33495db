"""Turn a row's product codes into a product, through a caller-supplied resolver.

The pipeline knows nothing about the database: the Django side builds a
`CatalogResolver` from the organization's products and channel listings (two
queries), or passes any object implementing `Resolver`.
"""
from __future__ import annotations

import difflib
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Protocol

ProductKey = Hashable


@dataclass(frozen=True)
class ProductCodes:
    """The codes one row carries (any may be blank) and its channel name."""

    sku: str = ""
    playauto_sku: str = ""
    channel_code: str = ""
    channel: str = ""

    def primary(self) -> str:
        """The code to show the user when nothing matched."""
        return self.sku or self.playauto_sku or self.channel_code


@dataclass(frozen=True)
class Resolution:
    """A matched product: caller's key, its master SKU and how it matched."""

    key: ProductKey
    sku: str
    matched_by: str  # "sku", "playauto_sku" or "listing"


class Resolver(Protocol):
    """What the pipeline needs from the product catalogue."""

    def resolve(self, codes: ProductCodes) -> Resolution | None:
        """The product these codes name, or None."""
        ...

    def suggest(self, code: str, name: str = "") -> list[str]:
        """Master SKUs that look like `code` (or whose name looks like `name`)."""
        ...

    def units_per_box(self, key: ProductKey) -> int | None:
        """Units in one box of the product, when the product defines it."""
        ...


@dataclass(frozen=True)
class CatalogProduct:
    """A product as the resolver needs it (built by the Django side)."""

    key: ProductKey
    sku: str
    name: str = ""
    playauto_sku: str = ""
    units_per_box: int | None = None


@dataclass(frozen=True)
class CatalogListing:
    """A channel's product/option code mapped to a product key."""

    channel: str
    code: str
    key: ProductKey


class CatalogResolver:
    """Exact, case-sensitive lookups: master SKU, PlayAuto SKU, channel listing."""

    def __init__(
        self,
        products: Iterable[CatalogProduct],
        listings: Iterable[CatalogListing] = (),
    ) -> None:
        self._products = {product.key: product for product in products}
        self._by_sku = {p.sku: p for p in self._products.values() if p.sku}
        self._by_playauto = {
            p.playauto_sku: p for p in self._products.values() if p.playauto_sku
        }
        self._by_listing: dict[tuple[str, str], ProductKey] = {}
        self._listing_any: dict[str, set[ProductKey]] = {}
        for listing in listings:
            self._by_listing[(listing.channel, listing.code)] = listing.key
            self._listing_any.setdefault(listing.code, set()).add(listing.key)
        self._names = {p.name: p.sku for p in self._products.values() if p.name}

    def resolve(self, codes: ProductCodes) -> Resolution | None:
        """Each code is tried first as what its column says it is, then as the rest."""
        attempts = (
            (codes.sku, ("sku", "playauto_sku", "listing")),
            (codes.playauto_sku, ("playauto_sku", "sku", "listing")),
            (codes.channel_code, ("listing", "sku", "playauto_sku")),
        )
        for code, order in attempts:
            for how in order if code else ():
                resolution = self._lookup(how, code, codes.channel)
                if resolution is not None:
                    return resolution
        return None

    def _lookup(self, how: str, code: str, channel: str) -> Resolution | None:
        if how == "listing":
            key = self._listing_key(channel, code)
            product = self._products.get(key) if key is not None else None
        elif how == "sku":
            product = self._by_sku.get(code)
        else:
            product = self._by_playauto.get(code)
        return Resolution(product.key, product.sku, how) if product else None

    def _listing_key(self, channel: str, code: str) -> ProductKey | None:
        key = self._by_listing.get((channel, code))
        if key is None:
            # Without a channel, a code listed on one channel only is still safe.
            keys = self._listing_any.get(code, set())
            key = next(iter(keys)) if len(keys) == 1 else None
        return key if key in self._products else None

    def suggest(self, code: str, name: str = "") -> list[str]:
        """Up to three close master SKUs (by code, then by product name)."""
        # Compare in upper case: "ss-tee-bk-m" should suggest "SS-TEE-BK-M".
        upper = {sku.upper(): sku for sku in self._by_sku}
        close = difflib.get_close_matches(code.upper(), list(upper), n=3, cutoff=0.6)
        found = [upper[match] for match in close]
        if name and len(found) < 3:
            for match in difflib.get_close_matches(name, list(self._names), n=3):
                sku = self._names[match]
                if sku not in found:
                    found.append(sku)
        return found[:3]

    def units_per_box(self, key: ProductKey) -> int | None:
        product = self._products.get(key)
        return product.units_per_box if product else None
