"""`python manage.py import_history FILE --organization ID`: bulk history load."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from accounts.models import Organization, User
from inventory.models import StockMovement
from inventory.services.import_history import HistoryImportError, history_import


class Command(BaseCommand):
    help = (
        "Load a year or more of daily movements (our template, a channel export or "
        "a date/SKU/quantity sheet) with bulk inserts. Every row is validated "
        "first; one bad row and nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--organization", type=int, required=True,
                            help="Organization id.")
        parser.add_argument("--user", default="", help="Email of the user recorded.")
        parser.add_argument(
            "--quantity-kind", choices=["outbound", "inbound"], default="outbound",
            help="What a plain quantity column means (default: outbound).",
        )
        parser.add_argument("--channel", default="",
                            help="Channel name for files without a channel column.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options) -> None:
        organization = Organization.objects.filter(pk=options["organization"]).first()
        if organization is None:
            raise CommandError(_("No organization with id %(id)s.")
                               % {"id": options["organization"]})
        user = None
        if options["user"]:
            user = User.objects.filter(email=options["user"]).first()
            if user is None:
                raise CommandError(_("No user %(email)s.") % {"email": options["user"]})
        started = time.perf_counter()
        show = not options["no_progress"]

        def wrap(movements: Iterator[StockMovement], total: int):
            return tqdm(movements, total=total, unit="rows", disable=not show,
                        mininterval=0.5)

        self.stdout.write(_("Reading and validating %(file)s…") % {"file": options["file"]})
        try:
            result = history_import(
                organization=organization, path=options["file"], user=user,
                quantity_kind=options["quantity_kind"], channel=options["channel"],
                wrap=wrap,
            )
        except HistoryImportError as error:
            for message in error.messages:
                self.stderr.write(message)
            raise CommandError(_("Nothing was imported.")) from None
        self.stdout.write(self.style.SUCCESS(
            _("%(movements)s movements from %(rows)s rows for %(products)s products "
              "(%(first)s – %(last)s) imported in %(seconds).1f s.")
            % {"movements": result.movements, "rows": result.rows,
               "products": result.products, "first": result.first_day,
               "last": result.last_day, "seconds": time.perf_counter() - started}
        ))
