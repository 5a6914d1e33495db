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
    """The codes one row carries (any may be blank) and its channel name.

    `others` are the format's further code columns (e.g. Coupang's 옵션ID,
    노출상품ID and 바코드 besides 업체상품코드), tried last as channel listings,
    then as SKUs.
    """

    sku: str = ""
    playauto_sku: str = ""
    channel_code: str = ""
    channel: str = ""
    others: tuple[str, ...] = ()

    def primary(self) -> str:
        """The code to show the user when nothing matched."""
        return self.sku or self.playauto_sku or self.channel_code or next(
            (code for code in self.others if code), "")

    def attempts(self) -> list[tuple[str, str, tuple[str, ...]]]:
        """(slot, code, lookups) in the documented order: the master SKU column,
        the PlayAuto SKU column, the channel code column, then the others."""
        found = [
            ("sku", self.sku, ("sku", "playauto_sku", "listing")),
            ("playauto_sku", self.playauto_sku, ("playauto_sku", "sku", "listing")),
            ("channel_code", self.channel_code, ("listing", "sku", "playauto_sku")),
        ]
        found += [(f"other:{index}", code, ("listing", "sku", "playauto_sku"))
                  for index, code in enumerate(self.others)]
        return [(slot, code, order) for slot, code, order in found if code]


@dataclass(frozen=True)
class Resolution:
    """A matched product: caller's key, its master SKU and how it matched."""

    key: ProductKey
    sku: str
    matched_by: str  # "sku", "playauto_sku" or "listing"
    slot: str = ""  # which code matched: "sku", "playauto_sku", "channel_code", "other:N"
    # The matched code as the catalogue spells it ("SS-1" for a row's " ss-1 "):
    # order-line keys built from a code use it, so they do not change with the
    # case or padding a file happens to give the code.
    code: str = ""


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


def code_key(code: str) -> str:
    """A code as a seller's Excel may have changed it: case and padding ignored."""
    return code.strip().casefold()


class CatalogResolver:
    """Master SKU, PlayAuto SKU, channel listing: exact first, then ignoring case
    and surrounding spaces when that names exactly one product."""

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
        self._folded: dict[str, dict[str, set[ProductKey]]] = {
            "sku": {}, "playauto_sku": {},
        }
        for product in self._products.values():
            for slot, code in (("sku", product.sku),
                               ("playauto_sku", product.playauto_sku)):
                if code:
                    self._folded[slot].setdefault(code_key(code), set()).add(
                        product.key)
        self._listing_folded: dict[tuple[str, str], set[ProductKey]] = {}
        self._listing_any_folded: dict[str, set[ProductKey]] = {}
        self._listing_spelling: dict[str, str] = {}  # folded code → as listed
        for (channel, code), key in self._by_listing.items():
            self._listing_folded.setdefault((channel, code_key(code)), set()).add(key)
            self._listing_any_folded.setdefault(code_key(code), set()).add(key)
            self._listing_spelling.setdefault(code_key(code), code)

    def resolve(self, codes: ProductCodes) -> Resolution | None:
        """Each code is tried first as what its column says it is, then as the
        rest (ProductCodes.attempts); exact before case-insensitive."""
        attempts = codes.attempts()
        for exact in (True, False):
            for slot, code, order in attempts:
                for how in order:
                    resolution = self._lookup(how, code, codes.channel, exact)
                    if resolution is not None:
                        return Resolution(resolution.key, resolution.sku,
                                          resolution.matched_by, slot,
                                          resolution.code)
        return None

    def _lookup(
        self, how: str, code: str, channel: str, exact: bool = True
    ) -> Resolution | None:
        if how == "listing":
            key = self._listing_key(channel, code, exact)
            product = self._products.get(key) if key is not None else None
            spelled = code if exact else self._listing_spelling.get(code_key(code), "")
        elif exact:
            product = (self._by_sku if how == "sku" else self._by_playauto).get(code)
            spelled = code
        else:
            keys = self._folded[how].get(code_key(code), set())
            product = self._products.get(next(iter(keys))) if len(keys) == 1 else None
            spelled = (product.sku if how == "sku" else product.playauto_sku) \
                if product else ""
        if product is None:
            return None
        return Resolution(product.key, product.sku, how, code=spelled)

    def _listing_key(
        self, channel: str, code: str, exact: bool = True
    ) -> ProductKey | None:
        if exact:
            key = self._by_listing.get((channel, code))
            if key is None:
                # Without a channel, a code listed on one channel only is safe.
                keys = self._listing_any.get(code, set())
                key = next(iter(keys)) if len(keys) == 1 else None
        else:
            keys = self._listing_folded.get((channel, code_key(code)), set())
            if not keys:
                keys = self._listing_any_folded.get(code_key(code), set())
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
