"""Where a page's time goes: SQL vs the rest (Python + templates), cold and warm.

Runs in one process against the load bench's database (bench/load_dashboard.py
builds it), through Django's test client with the production settings' cache
(Redis): for each page, one request with an empty cache ("cold": what the first
view after a data change costs) and then --repeat warm requests. Prints the
median time, the SQL time and query count of each, and with --cprofile the
top functions of the cold request. Independent of the machine's load only in
its proportions: absolute figures on a shared machine are inflated.

    .venv/bin/python bench/profile_pages.py --database smartstock_loadbench
    .venv/bin/python bench/profile_pages.py --cprofile orders
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"dashboard": "/", "stock_status": "/inventory/stock-status/",
         "alerts": "/alerts/", "orders": "/orders/", "product": None}


def _setup(database: str, redis_url: str) -> None:
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "smartstock.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DATABASE_URL": f"mysql://root:@127.0.0.1:3306/{database}",
        "REDIS_URL": redis_url, "ALLOWED_HOSTS": "testserver,127.0.0.1",
        "SECURE_COOKIES": "false", "SECURE_SSL_REDIRECT": "false",
    })
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


SLOWEST: dict[str, list] = {}


def _request(client, url: str) -> tuple[float, float, int, int]:
    """(total ms, SQL ms, queries, status) of one GET."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        begun = time.perf_counter()
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ko")
        total = (time.perf_counter() - begun) * 1000
    sql = sum(float(q["time"]) for q in queries.captured_queries) * 1000
    SLOWEST[url] = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
    return total, sql, len(queries), response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="smartstock_loadbench")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--sql", action="store_true",
                        help="print the three slowest queries of each warm page")
    parser.add_argument("--cprofile", metavar="PAGE", default="",
                        help="print the top functions of PAGE's cold request")
    parser.add_argument("--cprofile-warm", metavar="PAGE", default="",
                        help="print the top functions (own time) of PAGE's warm requests")
    args = parser.parse_args()
    _setup(args.database, args.redis)
    from django.core.cache import cache
    from django.test import Client

    from accounts.models import Membership, Organization
    from inventory.models import Product

    # No setup_test_environment(): its template instrumentation (a signal and a
    # context copy per rendered template) would inflate the rendering times.
    organization = Organization.objects.get(name="Load bench")
    member = Membership.objects.filter(organization=organization,
                                       role="manager").select_related("user").first()
    client = Client()
    client.force_login(member.user)
    product = Product.objects.filter(organization=organization).order_by("pk").first()
    PAGES["product"] = f"/inventory/products/{product.pk}/"
    print(f"load average: {[round(x, 2) for x in os.getloadavg()]} "
          f"({os.cpu_count()} cores)")
    print(f"\n{'page':<14}{'cold ms':>9}{'sql ms':>8}{'queries':>8}"
          f"{'warm ms':>9}{'sql ms':>8}{'queries':>8}")
    for name, url in PAGES.items():
        cache.clear()
        profile = cProfile.Profile() if name == args.cprofile else None
        if profile:
            profile.enable()
        cold = _request(client, url)
        if profile:
            profile.disable()
        warm_profile = cProfile.Profile() if name == args.cprofile_warm else None
        if warm_profile:
            warm_profile.enable()
        warm = [_request(client, url) for _ in range(args.repeat)]
        if warm_profile:
            warm_profile.disable()
        median = sorted(warm)[len(warm) // 2]
        assert cold[3] == 200 and all(w[3] == 200 for w in warm), (name, cold, warm)
        print(f"{name:<14}{cold[0]:>9.0f}{cold[1]:>8.0f}{cold[2]:>8}"
              f"{statistics.median(w[0] for w in warm):>9.0f}{median[1]:>8.0f}"
              f"{median[2]:>8}")
        if args.sql:
            for query in SLOWEST[url][:3]:
                print(f"    {float(query['time']) * 1000:6.1f} ms  {query['sql'][:160]}")
        if profile:
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())
        if warm_profile:
            for order in ("tottime", "cumulative"):
                out = io.StringIO()
                pstats.Stats(warm_profile, stream=out).sort_stats(order).print_stats(30)
                print(out.getvalue())
    print(f"\nload average after: {[round(x, 2) for x in os.getloadavg()]}")


if __name__ == "__main__":
    main()
