"""Cell readers of the admin's product-master import.

Numbers as Korean sheets write them (1,200, ₩1,200, 1200원), whole numbers that
refuse fractions, choices by their code or by the label users see in either
language, foreign keys resolved by name inside one organization. A cell a widget
cannot read raises ValueError, which django-import-export reports as an error
of that row's column.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets

from accounts.models import Organization

# 1200, 1,200, -3, 12.5 (thousands grouped by commas, or not at all).
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def number_from_cell(value: Any) -> Decimal:
    """A number as Korean spreadsheets write it (1,200 / ₩12,900원), or ValueError
    with a message for the row's column (never an opaque decimal error)."""
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = unicodedata.normalize("NFKC", str(value)).strip()
    text = text.removeprefix("₩").removesuffix("원").strip()
    if not _NUMBER.match(text):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    return Decimal(text.replace(",", ""))


class WholeNumberWidget(widgets.IntegerWidget):
    """Integers: 1,000 is read, 1.5 is refused (int() would drop the .5 unsaid)."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        number = number_from_cell(value)
        if number != number.to_integral_value():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        return int(number)


class AmountWidget(widgets.DecimalWidget):
    """Money and decimals: 1,200, ₩12,900 and 12,900원 are read."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        return number_from_cell(value)


def _choice_key(value: Any) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value)).split()).casefold()


class ChoiceWidget(widgets.Widget):
    """A choice written as its stored code or as the label users see, in Korean
    or English, whatever the case and spacing (세트, 단품, Set / kit, SINGLE)."""

    def __init__(self, choices: Any, synonyms: dict[str, str] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = list(choices)
        self.synonyms = synonyms or {}

    def _keys(self) -> dict[str, str]:
        keys = {_choice_key(word): code for word, code in self.synonyms.items()}
        for language in ("en", "ko"):
            with translation.override(language):
                for code, label in self.choices:
                    keys[_choice_key(label)] = code
        keys.update({_choice_key(code): code for code, _label in self.choices})
        return keys

    def clean(self, value, row=None, **kwargs):
        if value is None or not str(value).strip():
            return value
        code = self._keys().get(_choice_key(value))
        if code is None:
            accepted = ", ".join(f"{code} ({label})" for code, label in self.choices)
            raise ValueError(_("“%(value)s” is not one of: %(choices)s.")
                             % {"value": value, "choices": accepted})
        return code

    def render(self, value, obj=None, **kwargs):
        return value


class OrganizationForeignKeyWidget(widgets.ForeignKeyWidget):
    """Resolves a related row by a natural key (name, sku) inside one organization."""

    def __init__(self, model, field: str = "name", **kwargs) -> None:
        super().__init__(model, field, **kwargs)
        self.organization: Organization | None = None

    def get_queryset(self, value, row, *args, **kwargs) -> QuerySet:
        if self.organization is None:
            return self.model.objects.none()
        return self.model.objects.filter(organization=self.organization)

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            # A ValueError becomes a validation error of this row's column.
            raise ValueError(
                _("No %(model)s named “%(value)s” in this organization.")
                % {"model": self.model._meta.verbose_name, "value": value}
            ) from None
