"""manage.py ask --organization ID [--language ko|en] [--json] "question"."""

import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.models import Organization
from copilot.services import copilot_answer


class Command(BaseCommand):
    help = "Answer a question from the organization's own data, as the copilot does."

    def add_arguments(self, parser):
        parser.add_argument("question")
        parser.add_argument("--organization", type=int, required=True)
        parser.add_argument("--language", choices=["ko", "en"])
        parser.add_argument("--json", action="store_true",
                            help="print exactly one JSON object")
        parser.add_argument("--timing", action="store_true",
                            help="print the answer time (ms) on stderr")

    def handle(self, *args, **options):
        try:
            organization = Organization.objects.get(pk=options["organization"])
        except Organization.DoesNotExist as error:
            raise CommandError(_("No organization with id %(id)s.") % {
                "id": options["organization"]}) from error
        started = time.perf_counter()
        answer = copilot_answer(organization=organization, user=None,
                                question=options["question"],
                                language=options["language"])
        if options["timing"]:
            elapsed = (time.perf_counter() - started) * 1000
            self.stderr.write(f"answered in {elapsed:.0f} ms")
        if options["json"]:
            self.stdout.write(json.dumps(answer.as_json(), ensure_ascii=False))
            return
        self.stdout.write(answer.answer)
        for definition in answer.definitions:
            self.stdout.write(f"  · {definition}")
        for link in answer.links:
            self.stdout.write(f"  → {link}")
