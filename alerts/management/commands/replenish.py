"""`python manage.py replenish`: recompute recommendations, then alerts (lives in
alerts, the higher of the two apps it drives)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from accounts.models import Organization
from alerts.services import alerts_generate
from policy.services.recommendations import recommendations_refresh


class Command(BaseCommand):
    help = "Recompute every product's order recommendation and the alerts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organization", type=int,
                            help="The organization's id (default: every one).")

    def handle(self, *args, **options) -> None:
        organizations = Organization.objects.order_by("pk")
        if options["organization"] is not None:
            organizations = organizations.filter(pk=options["organization"])
            if not organizations.exists():
                raise CommandError(_("No such organization."))
        for organization in organizations:
            count = recommendations_refresh(organization=organization)
            result = alerts_generate(organization=organization)
            self.stdout.write(_(
                "%(org)s: %(count)s recommendations; alerts %(created)s new, "
                "%(updated)s updated, %(resolved)s resolved."
            ) % {"org": organization.name, "count": count, "created": result.created,
                 "updated": result.updated, "resolved": result.resolved})
