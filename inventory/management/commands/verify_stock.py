"""`python manage.py verify_stock`: on-hand caches against the ledger."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from accounts.models import Organization
from inventory.services.integrity import stock_cache_rebuild, stock_verify


class Command(BaseCommand):
    help = (
        "Compare every cached on-hand quantity with its ledger sum; exit code 1 when "
        "any differs. --fix rewrites the caches from the ledger (never the ledger)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--organization",
            type=int,
            default=None,
            help="Only this organization's id (default: all).",
        )
        parser.add_argument(
            "--fix",
            action="store_true",
            help="Set the caches that differ to their ledger sums.",
        )

    def handle(self, *args, **options) -> None:
        organization = self._organization(options["organization"])
        mismatches = stock_verify(organization=organization)
        for mismatch in mismatches:
            self.stdout.write(
                _(
                    "%(kind)s %(label)s (id %(id)s): "
                    "cached %(cached)s, ledger %(ledger)s"
                )
                % {
                    "kind": mismatch.kind,
                    "label": mismatch.label,
                    "id": mismatch.object_id,
                    "cached": mismatch.cached,
                    "ledger": mismatch.ledger,
                }
            )
        if not mismatches:
            self.stdout.write(self.style.SUCCESS(_("Every cache matches the ledger.")))
            return
        if not options["fix"]:
            raise CommandError(
                _(
                    "%(count)s caches differ from the ledger; "
                    "run with --fix to rebuild them."
                )
                % {"count": len(mismatches)},
                returncode=1,
            )
        self._fix(organization)

    def _organization(self, organization_id: int | None) -> Organization | None:
        if organization_id is None:
            return None
        try:
            return Organization.objects.get(pk=organization_id)
        except Organization.DoesNotExist as error:
            raise CommandError(
                _("Organization %(id)s does not exist.") % {"id": organization_id}
            ) from error

    def _fix(self, organization: Organization | None) -> None:
        if organization is not None:
            organizations = [organization]
        else:
            organizations = list(Organization.objects.order_by("pk"))
        fixed = sum(stock_cache_rebuild(organization=org) for org in organizations)
        remaining = stock_verify(organization=organization)
        if remaining:
            raise CommandError(
                _("%(count)s caches still differ after the rebuild.")
                % {"count": len(remaining)},
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Rebuilt %(count)s caches from the ledger.") % {"count": fixed}
            )
        )
