"""Serve fake Coupang / SmartStore / Cafe24 channels for the demo organization."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from channel_sync import demo
from channel_sync.models import ChannelAccount
from channel_sync.services.accounts import account_connect
from inventory.models import Product
from inventory.services.demo import demo_organization


class Command(BaseCommand):
    help = ("Serve fake channels (127.0.0.1:8701-8703) with orders of the demo "
            "products, so the Channels page can connect and sync offline.")

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8701,
                            help="first of three ports (default 8701)")
        parser.add_argument("--tick", type=float, default=60.0,
                            help="seconds between new orders/changes (default 60)")

    def handle(self, *args, **options):
        organization = demo_organization()
        if organization is None:
            raise CommandError("Load the demo first: manage.py load_demo")
        # The fake channels price their orders at the selling price × units.
        prices = {sku: int(price or 0) for sku, price in Product.objects.filter(
            organization=organization, is_active=True).order_by("sku").values_list(
            "sku", "selling_price")[:25]}
        channels = demo.DemoChannels(prices)
        urls = channels.start(base_port=options["port"])
        channels.seed_orders()
        if not ChannelAccount.objects.filter(organization=organization,
                                             kind=ChannelAccount.Kind.CAFE24).exists():
            # Cafe24 shows the OAuth flow: "Authorize in Cafe24" on the page.
            account_connect(organization=organization, user=None, kind="cafe24",
                            name="Cafe24 (demo)", credentials=demo.CAFE24,
                            base_url=urls["cafe24"])
        write = self.stdout.write
        write("Fake channels are serving (demo only; Ctrl+C stops them):")
        write(f"  Coupang    {urls['coupang']}  vendor id {demo.COUPANG['vendor_id']}, "
              f"access key {demo.COUPANG['access_key']}, "
              f"secret key {demo.COUPANG['secret_key']}")
        write(f"  SmartStore {urls['naver']}  application id {demo.NAVER['client_id']}, "
              f"secret {demo.NAVER['client_secret']}")
        write(f"  Cafe24     {urls['cafe24']}  mall id {demo.CAFE24['mall_id']} "
              "(account 'Cafe24 (demo)' is waiting for authorization)")
        write("Connect them on Stock → Channel connections with the API address above.")
        try:
            channels.run_ticker(options["tick"])
        except KeyboardInterrupt:
            pass
        finally:
            channels.stop()
            time.sleep(0.1)
