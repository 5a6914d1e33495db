"""Save the organization's choice of forecasting models (used by the next run)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Organization
from forecasting.model_catalog import BY_NAME
from forecasting.models import ForecastModelChoice


def model_choice_save(
    *, organization: Organization, model_names: Sequence[str], user=None
) -> ForecastModelChoice:
    """Keep the chosen models in catalog order; at least one known model."""
    unknown = sorted(set(model_names) - set(BY_NAME))
    if unknown:
        raise ValidationError(
            _("Unknown model: %(names)s.") % {"names": ", ".join(unknown)}
        )
    chosen = [name for name in BY_NAME if name in set(model_names)]
    if not chosen:
        raise ValidationError(_("Choose at least one model."))
    with transaction.atomic():
        row, _created = ForecastModelChoice.objects.select_for_update().get_or_create(
            organization=organization, defaults={"model_names": chosen}
        )
        row.model_names = chosen
        row.updated_by = user
        row.save()
    return row
