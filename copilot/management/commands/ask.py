"""manage.py ask --organization ID [--language ko|en] [--json] "question"."""

import json

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

    def handle(self, *args, **options):
        try:
            organization = Organization.objects.get(pk=options["organization"])
        except Organization.DoesNotExist as error:
            raise CommandError(_("No organization with id %(id)s.") % {
                "id": options["organization"]}) from error
        answer = copilot_answer(organization=organization, user=None,
                                question=options["question"],
                                language=options["language"])
        if options["json"]:
            self.stdout.write(json.dumps(answer.as_json(), ensure_ascii=False))
            return
        self.stdout.write(answer.answer)
        for definition in answer.definitions:
            self.stdout.write(f"  · {definition}")
        for link in answer.links:
            self.stdout.write(f"  → {link}")
