"""`python manage.py forecast`: the nightly forecast pipeline, from the command line."""

from __future__ import annotations

import datetime as dt
import sys
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from accounts.models import Organization
from forecasting.models import ForecastRun
from forecasting.services.runs import forecast_run_execute


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


class Command(BaseCommand):
    help = (
        "Forecast every active single product of an organization (one run per "
        "organization and as-of date; safe to run twice unless --force)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--organization", type=int, help="The organization's id.")
        which.add_argument("--all", action="store_true", help="Every organization.")
        which.add_argument(
            "--demo", action="store_true", help="The demo organization (load_demo)."
        )
        parser.add_argument(
            "--as-of",
            type=_date,
            default=None,
            help="Last day of history, YYYY-MM-DD (default: yesterday).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Make a new run even if one exists for that date.",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Hide the progress bar."
        )

    def handle(self, *args, **options) -> None:
        organizations = self._organizations(options)
        progress = None
        if not options["no_progress"] and options["verbosity"] > 0:
            progress = self._progress_bar
        for organization in organizations:
            started = time.monotonic()
            run, created = forecast_run_execute(
                organization=organization,
                as_of=options["as_of"],
                force=options["force"],
                progress=progress,
            )
            self._report(organization, run, created, time.monotonic() - started)

    def _organizations(self, options) -> list[Organization]:
        if options["all"]:
            return list(Organization.objects.order_by("pk"))
        if options["demo"]:
            found = Organization.objects.filter(is_demo=True).order_by("pk")[:1]
        else:
            found = Organization.objects.filter(pk=options["organization"])
        if not found:
            raise CommandError(_("No such organization."))
        return list(found)

    @staticmethod
    def _progress_bar(chunks: list[list[int]]):
        from tqdm import tqdm

        total = sum(len(chunk) for chunk in chunks)
        with tqdm(total=total, unit=_("products"), file=sys.stderr) as bar:
            for chunk in chunks:
                yield chunk
                bar.update(len(chunk))

    def _report(
        self,
        organization: Organization,
        run: ForecastRun,
        created: bool,
        seconds: float,
    ) -> None:
        if not created:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "%(org)s: the run of %(date)s already exists (run %(id)s, %(status)s); "
                        "use --force for a new one."
                    )
                    % {
                        "org": organization.name,
                        "date": run.as_of,
                        "id": run.pk,
                        "status": run.get_status_display(),
                    }
                )
            )
            return
        summary = run.summary
        style = (
            self.style.SUCCESS
            if run.status == run.Status.SUCCEEDED
            else (self.style.WARNING)
        )
        self.stdout.write(
            style(
                _(
                    "%(org)s: run %(id)s as of %(date)s %(status)s in %(seconds).1f s: "
                    "%(forecasts)s of %(products)s products forecast, %(failures)s failed, "
                    "%(cold)s cold starts; median backtest WAPE %(wape)s."
                )
                % {
                    "org": organization.name,
                    "id": run.pk,
                    "date": run.as_of,
                    "status": run.get_status_display(),
                    "seconds": seconds,
                    "forecasts": summary.get("forecasts", 0),
                    "products": summary.get("products", 0),
                    "failures": summary.get("failures", 0),
                    "cold": summary.get("cold_starts", 0),
                    "wape": summary.get("median_backtest_wape"),
                }
            )
        )
        for failure in run.failures[:20]:
            self.stdout.write(
                f"  {failure.get('sku') or failure['product_id']}: {failure['error']}"
            )
