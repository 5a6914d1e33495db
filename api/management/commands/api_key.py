"""manage.py api_key create --organization ID --role ROLE --name NAME [--expires DATE]

Prints the new key once (only its hash is stored). Also: `api_key list
--organization ID` and `api_key revoke --organization ID --id KEY_ID`.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import Organization
from api import selectors, services
from api.models import ApiKey


class Command(BaseCommand):
    help = "Create, list or revoke an organization's API keys."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a key and print it once.")
        create.add_argument("--organization", type=int, required=True)
        create.add_argument("--role", required=True,
                            choices=[role.value for role in ApiKey.KEY_ROLES])
        create.add_argument("--name", required=True)
        create.add_argument("--expires", type=dt.date.fromisoformat,
                            help="Last day the key works (YYYY-MM-DD).")
        listing = sub.add_parser("list", help="The organization's keys.")
        listing.add_argument("--organization", type=int, required=True)
        revoke = sub.add_parser("revoke", help="Revoke a key.")
        revoke.add_argument("--organization", type=int, required=True)
        revoke.add_argument("--id", type=int, required=True)

    def handle(self, *args, **options):
        organization = Organization.objects.filter(pk=options["organization"]).first()
        if organization is None:
            raise CommandError(f"No organization with id {options['organization']}.")
        try:
            getattr(self, f"_{options['action']}")(organization, options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def _create(self, organization, options):
        expires = options.get("expires")
        issued = services.api_key_create(
            organization=organization, name=options["name"], role=options["role"],
            created_by=None,
            expires_at=timezone.make_aware(dt.datetime.combine(expires, dt.time.max))
            if expires else None)
        self.stderr.write(f"Created key {issued.api_key.pk} "
                          f"({issued.api_key.role}) for {organization}; "
                          "it is shown only now:")
        self.stdout.write(issued.secret)

    def _list(self, organization, options):
        for key in selectors.api_key_list(organization=organization):
            state = "usable" if key.is_usable() else "revoked/expired"
            self.stdout.write(f"{key.pk}\t{key.prefix}\t{key.role}\t{key.name}\t"
                              f"{state}\tlast used {key.last_used_at or '-'}")

    def _revoke(self, organization, options):
        try:
            api_key = selectors.api_key_get(organization=organization,
                                            key_id=options["id"])
        except ApiKey.DoesNotExist:
            raise CommandError(f"No key {options['id']} in {organization}.") from None
        services.api_key_revoke(organization=organization, api_key=api_key)
        self.stdout.write(f"Revoked key {api_key.pk}.")
