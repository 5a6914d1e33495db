"""`python manage.py load_demo`: the demo organization from the pasta dataset."""

from __future__ import annotations

import time
import unicodedata

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from accounts.roles import Role
from inventory.services.demo import DEMO_PASSWORD, DEMO_USERS, DemoLoadResult, demo_load


def _display_width(text: str) -> int:
    """Terminal columns of `text`: Hangul and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _display_width(text))


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Create the demo organization (users for each role, 118 pasta products, "
        "five years of real daily sales moved up to yesterday). Safe to run twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--products",
            type=_positive,
            default=None,
            help="Load only this many SKUs, taken round-robin over the brands.",
        )
        parser.add_argument(
            "--days",
            type=_positive,
            default=None,
            help="Load only the last DAYS days of history.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Hide the progress bar."
        )

    def handle(self, *args, **options) -> None:
        started = time.monotonic()
        try:
            result = demo_load(
                products=options["products"],
                days=options["days"],
                progress=not options["no_progress"] and options["verbosity"] > 0,
            )
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        if result.created:
            self._report_created(result, seconds)
        else:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "The demo organization already exists (id %(id)s); "
                        "nothing was changed."
                    )
                    % {"id": result.organization.pk}
                )
            )
        self._report_credentials()

    def _report_created(self, result: DemoLoadResult, seconds: float) -> None:
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Created demo organization “%(name)s” (id %(id)s) "
                    "in %(seconds).1f s."
                )
                % {
                    "name": result.organization.name,
                    "id": result.organization.pk,
                    "seconds": seconds,
                }
            )
        )
        self.stdout.write(
            _(
                "%(products)s products and %(sets)s sets, %(movements)s ledger "
                "rows, history %(first)s … %(last)s (dataset dates moved by "
                "%(shift)s days)."
            )
            % {
                "products": result.products,
                "sets": result.sets,
                "movements": result.movements,
                "first": result.first_day,
                "last": result.last_day,
                "shift": result.shift_days,
            }
        )
        self.stdout.write(
            _(
                "%(expedited)s expedited receipts were added so stock never went below "
                "zero; %(lots)s recent receipts carry lot codes."
            )
            % {"expedited": result.expedited_receipts, "lots": result.lot_receipts}
        )

    def _report_credentials(self) -> None:
        self.stdout.write("")
        self.stdout.write(
            _("Demo logins (public demo credentials, not for real data):")
        )
        header = (_("Role"), _("Email"), _("Password"))
        rows = [
            (str(Role(role).label), email, DEMO_PASSWORD)
            for role, email, _name in DEMO_USERS
        ]
        widths = [
            max(_display_width(row[i]) for row in [header, *rows]) for i in range(3)
        ]
        line = "+".join("-" * (width + 2) for width in widths)
        self.stdout.write(f"+{line}+")
        for index, row in enumerate([header, *rows]):
            cells = " | ".join(_pad(cell, widths[i]) for i, cell in enumerate(row))
            self.stdout.write(f"| {cells} |")
            if index == 0:
                self.stdout.write(f"+{line}+")
        self.stdout.write(f"+{line}+")
