"""Re-encrypt every channel account's credentials with the first configured key."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from channel_sync import crypto
from channel_sync.models import ChannelAccount


class Command(BaseCommand):
    help = ("Re-encrypt channel credentials with the first key of "
            "SMARTSTOCK_CREDENTIALS_KEYS (run after putting a new key first).")

    def handle(self, *args, **options):
        done = 0
        with transaction.atomic():
            for account in ChannelAccount.objects.select_for_update().exclude(
                    credentials=""):
                try:
                    account.credentials = crypto.rotate(account.credentials)
                except crypto.CredentialsUnreadable as error:
                    raise CommandError(f"Account {account.pk}: {error}") from None
                account.save(update_fields=["credentials"])
                done += 1
        self.stdout.write(f"Re-encrypted the credentials of {done} account(s).")
