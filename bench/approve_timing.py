"""How long the "approve purchase order" request takes, refresh queued vs in-request.

Approving changes what is on order, so the recommendations and alerts are
refreshed. The service queues that refresh as a Celery task after commit
(policy.services.recommendations.recommendations_refresh_on_commit); this
times the POST both ways on the load bench's database:

* queued: production settings with Redis, the refresh only enqueued (what the
  web app does; no worker needs to run: the queued tasks are removed after);
* in-request: CELERY_TASK_ALWAYS_EAGER, the refresh of all products and the
  alert generation run inside the request (what a request would cost without
  the task, and what `make run` without Redis does).

Each run creates a one-line draft order for the bench organization, approves it
through the test client (median of --repeat) and cancels it afterwards.

    .venv/bin/python bench/approve_timing.py --database smartstock_i13 \\
        --redis redis://127.0.0.1:6379/13 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from profile_pages import _setup  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="smartstock_loadbench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    _setup(args.database, args.redis)

    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from accounts.models import Membership, Organization
    from policy.models import PurchaseOrder, Recommendation
    from policy.services import purchasing
    from smartstock.celery import app

    setup_test_environment()
    organization = Organization.objects.get(name="Load bench")
    member = Membership.objects.filter(organization=organization,
                                       role="manager").select_related("user").first()
    client = Client()
    client.force_login(member.user)
    print(f"load average: {[round(x, 2) for x in os.getloadavg()]} "
          f"({os.cpu_count()} cores)")
    for mode, eager in (("queued", False), ("in-request", True)):
        settings.CELERY_TASK_ALWAYS_EAGER = eager
        app.conf.task_always_eager = eager
        times = []
        for _ in range(args.repeat):
            order = None
            for rec_id in Recommendation.objects.filter(
                organization=organization, product__supplier__isnull=False,
            ).exclude(recommended_quantity=0).order_by("-as_of", "pk") \
                    .values_list("pk", flat=True)[:50]:
                created = purchasing.po_create_from_recommendations(
                    organization=organization, user=member.user,
                    recommendation_ids=[rec_id])
                if created:  # a product already on a draft gives none
                    order = created[0]
                    break
            assert order is not None, "no recommendation to order"
            begun = time.perf_counter()
            response = client.post(reverse("policy:po_approve", args=[order.pk]),
                                   HTTP_ACCEPT_LANGUAGE="ko")
            times.append((time.perf_counter() - begun) * 1000)
            assert response.status_code == 302, response.status_code
            order.refresh_from_db()
            assert order.status == PurchaseOrder.Status.APPROVED
            settings.CELERY_TASK_ALWAYS_EAGER = app.conf.task_always_eager = False
            purchasing.po_cancel(organization=organization, order=order,
                                 user=member.user)
            settings.CELERY_TASK_ALWAYS_EAGER = app.conf.task_always_eager = eager
        print(f"approve, refresh {mode:<11} median {statistics.median(times):7.0f} ms "
              f"(runs: {', '.join(f'{t:.0f}' for t in times)})")
    app.control.purge()  # the queued refreshes: no worker of this bench runs them
    print(f"load average after: {[round(x, 2) for x in os.getloadavg()]}")


if __name__ == "__main__":
    main()
