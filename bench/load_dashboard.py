"""Load test of the dashboard, stock table, alert centre, order screen and a product page.

Builds (or reuses) a MariaDB database with 500 products and ~370,000 ledger
rows (two years of daily sales plus monthly receipts), stores a flat forecast
per product (the mean of its last 28 days, so forecasting 500 products is not
part of the setup), then runs the real recommendations refresh, alert
generation and dashboard refresh. It then starts gunicorn with the production
settings (Redis cache), logs in five users and drives 20 concurrent sessions
for 60 s against /, /inventory/stock-status/, /alerts/, /orders/ and one
product page (/inventory/products/<id>/) on loopback only, and prints
p50/p95/p99, requests and errors per page, with the machine's load average.

    .venv/bin/python bench/load_dashboard.py                 # defaults below
    .venv/bin/python bench/load_dashboard.py --users 20 --seconds 60 --workers 4
    .venv/bin/python bench/load_dashboard.py --rebuild       # drop and rebuild data
    .venv/bin/python bench/load_dashboard.py --json out.json # also write the figures

`--json FILE` writes {"pages": {"dashboard": {"p50_ms", "p95_ms", "p99_ms",
"requests", "errors"}, ...}, "load_average": [before], "load_average_after": […]}.
`--database`, `--redis` and `--port` keep parallel runs apart (defaults below).

Needs a running MariaDB (root without password on 127.0.0.1:3306, as in CI),
Redis on 127.0.0.1:6379 and, for the default driver, Debian's `wrk`
(`apt-get install wrk`): one wrk process per page, the 20 connections split
over the pages, no think time. `--driver python` uses threads with `requests`
instead (heavier: that generator takes a large share of the 2 cores itself).
The load generator shares the machine's cores with gunicorn and MariaDB; the
figures are for that setup.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
DB_NAME = os.environ.get("LOADBENCH_DATABASE", "smartstock_loadbench")
DATABASE_URL = f"mysql://root:@127.0.0.1:3306/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/3"
PORT = 8020
BASE = f"http://127.0.0.1:{PORT}"
TARGET_P95_MS, TARGET_P99_MS = 150, 300
ORG_NAME = "Load bench"
PASSWORD = "bench-password-123"
PAGES = {"dashboard": "/", "stock_status": "/inventory/stock-status/",
         "alerts": "/alerts/", "orders": "/orders/",
         "product": "/inventory/products/{product_id}/"}
PRODUCTS = 500
DAYS = 730


def _configure(database: str, redis_url: str, port: int) -> None:
    """Point the run at its own database, Redis db and port."""
    global DB_NAME, DATABASE_URL, REDIS_URL, PORT, BASE
    DB_NAME, REDIS_URL, PORT = database, redis_url, port
    DATABASE_URL = f"mysql://root:@127.0.0.1:3306/{DB_NAME}"
    BASE = f"http://127.0.0.1:{PORT}"


def _env(secret: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "smartstock.settings.production",
        "DJANGO_SECRET_KEY": secret, "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL, "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        # Plain HTTP on the loopback: no HTTPS redirect (as behind a TLS proxy).
        "TLS_TERMINATING_PROXY": "true", "GUNICORN_ACCESS_LOG": "",
    })
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


def _create_database() -> None:
    from benchdb import create_database

    create_database(DB_NAME)


# -- data (runs inside this process with Django set up) --------------------------
def _movements(organization, products, today):
    from inventory.models import StockMovement

    rng = random.Random(42)
    start = today - dt.timedelta(days=DAYS)
    for product in products:
        rate = rng.uniform(0.5, 12.0)
        # Some products are restocked a little short of demand: they run out.
        cover = rng.choice([0.8, 1.0, 1.1, 1.3])
        for day in range(DAYS):
            date = start + dt.timedelta(days=day)
            if day % 30 == 0:
                yield StockMovement(
                    organization=organization, product=product, business_date=date,
                    quantity=max(1, round(rate * 30 * cover)),
                    kind=StockMovement.Kind.INBOUND,
                    source=StockMovement.Source.IMPORT)
            yield StockMovement(
                organization=organization, product=product, business_date=date,
                quantity=-max(1, round(rng.gauss(rate, rate / 3))),
                kind=StockMovement.Kind.OUTBOUND, source=StockMovement.Source.IMPORT)


def _forecasts(organization, products, today) -> None:
    """A flat forecast per product: the mean of its last 28 days of sales."""
    from decimal import Decimal

    from forecasting.models import ForecastRun, ProductForecast
    from forecasting.services.history import daily_demand

    ids = [p.pk for p in products]
    sold = daily_demand(organization=organization, product_ids=ids,
                        date_from=today - dt.timedelta(days=28), date_to=today)
    run = ForecastRun.objects.create(organization=organization, as_of=today,
                                     status=ForecastRun.Status.SUCCEEDED,
                                     product_count=len(ids))
    rows = []
    for product in products:
        daily = round(sum(sold.get(product.pk, {}).values()) / 28, 3)
        path = [{"date": (today + dt.timedelta(days=i + 1)).isoformat(),
                 "point": daily, "p50": daily, "p95": daily * 1.5} for i in range(90)]
        cumulative = {"p50": [daily * (i + 1) for i in range(90)],
                      "p95": [daily * (i + 1) + 2 * daily * (i + 1) ** 0.5
                              for i in range(90)]}
        total = Decimal(str(round(daily * 30, 2)))
        rows.append(ProductForecast(
            run=run, organization=organization, product=product, as_of=today,
            method="bench-flat", daily=path, cumulative_quantiles=cumulative,
            total_30=total, total_60=total * 2, total_90=total * 3))
    ProductForecast.objects.bulk_create(rows, batch_size=100)


def _users(organization) -> list[str]:
    from allauth.account.models import EmailAddress

    from accounts.models import Membership, User
    from accounts.roles import Role

    emails = []
    for index, role in enumerate([Role.MASTER, Role.MANAGER, Role.STAFF, Role.STAFF,
                                  Role.VIEWER]):
        email = f"load{index}@bench.example"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=PASSWORD,
                                            name=f"Load {index}")
            EmailAddress.objects.create(user=user, email=email, verified=True,
                                        primary=True)
            Membership.objects.create(organization=organization, user=user, role=role)
        emails.append(email)
    return emails


def build_data(rebuild: bool) -> list[str]:
    """The benchmark organization with its ledger, forecasts and refreshes."""
    import django

    django.setup()
    from accounts.models import Organization
    from alerts.services import alerts_generate
    from inventory.models import Category, Product, StockMovement, Supplier
    from inventory.services.integrity import movements_bulk_import
    from policy.selectors import today
    from policy.services.dashboard import dashboard_refresh
    from policy.services.recommendations import recommendations_refresh

    organization = Organization.objects.filter(name=ORG_NAME).first()
    rows = StockMovement.objects.filter(organization=organization).count() \
        if organization else 0
    if organization is not None and not rebuild and rows > 300_000:
        print(f"reusing {ORG_NAME!r}: {rows:,} ledger rows")
        _product_page(organization)
        return _users(organization)
    if organization is not None:
        raise SystemExit("rebuild: drop the database first "
                         f"(mariadb -e 'DROP DATABASE {DB_NAME}')")
    started = time.perf_counter()
    day = today()
    organization = Organization.objects.create(name=ORG_NAME, allow_negative_stock=True)
    suppliers = Supplier.objects.bulk_create(
        Supplier(organization=organization, name=f"Supplier {i}", lead_time_days=7 + i)
        for i in range(10))
    categories = Category.objects.bulk_create(
        Category(organization=organization, name=f"Category {i}") for i in range(8))
    products = Product.objects.bulk_create(
        Product(organization=organization, sku=f"LB-{i:04d}", name=f"부하 상품 {i}",
                supplier=suppliers[i % 10], category=categories[i % 8],
                unit_cost=1000 + i, selling_price=2500 + i, moq=10,
                safety_stock_mode="automatic")
        for i in range(PRODUCTS))
    count = movements_bulk_import(organization=organization,
                                  movements=_movements(organization, products, day))
    print(f"ledger: {count:,} rows in {time.perf_counter() - started:.0f} s")
    _forecasts(organization, products, day)
    for step, call in (("recommendations", recommendations_refresh),
                       ("alerts", alerts_generate), ("dashboard", dashboard_refresh)):
        begun = time.perf_counter()
        call(organization=organization)
        print(f"{step} refresh: {time.perf_counter() - begun:.1f} s")
    _product_page(organization)
    return _users(organization)


def _product_page(organization) -> None:
    """The product page of the bench: the first product (it has a full plan)."""
    from inventory.models import Product

    product = Product.objects.filter(organization=organization).order_by("pk").first()
    PAGES["product"] = PAGES["product"].format(product_id=product.pk)


# -- server and load -------------------------------------------------------------
def start_gunicorn(env: dict[str, str], workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(GUNICORN), "smartstock.wsgi", "-c", "gunicorn.conf.py",
         "-w", str(workers), "-b",
         f"127.0.0.1:{PORT}", "--log-level", "warning"], cwd=ROOT, env=env)
    for _ in range(120):
        try:  # a loaded machine may answer slowly at first: keep waiting
            requests.get(f"{BASE}/accounts/login/", timeout=10)
            return process
        except requests.RequestException:
            time.sleep(0.5)
    process.terminate()
    process.wait(timeout=30)
    raise SystemExit("gunicorn did not start")


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds used so far by ``pids`` (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def _pids(parent: int | None = None, name: str | None = None) -> list[int]:
    """Processes whose parent is ``parent`` or whose command is ``name``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                head, tail = stat.read().rsplit(")", 1)
        except OSError:
            continue
        command, ppid = head.split("(", 1)[1], int(tail.split()[1])
        if (parent is not None and ppid == parent) or command == name:
            found.append(int(entry))
    return found


class CpuMeter:
    """CPU time the web workers and the database used during the load.

    Unlike latency it hardly depends on what else the machine runs, so it
    compares two versions of the app on a shared machine.
    """

    def __init__(self, server_pid: int) -> None:
        self.web = _pids(parent=server_pid)
        self.database = _pids(name="mariadbd") or _pids(name="mysqld")
        self.start = (_cpu_seconds(self.web), _cpu_seconds(self.database))

    def per_request_ms(self, requests_done: int) -> dict[str, float]:
        web = _cpu_seconds(self.web) - self.start[0]
        database = _cpu_seconds(self.database) - self.start[1]
        n = max(requests_done, 1)
        return {"web": round(web * 1000 / n, 2), "database": round(database * 1000 / n, 2)}


def log_in(email: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{BASE}/accounts/login/", timeout=10)
    response = session.post(
        f"{BASE}/accounts/login/", timeout=10,
        data={"login": email, "password": PASSWORD,
              "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{BASE}/accounts/login/"})
    if "sessionid" not in session.cookies or response.status_code >= 400:
        raise SystemExit(f"login failed for {email}: {response.status_code}")
    return session


def _worker(session, deadline, max_requests, results, lock, index, names,
            think) -> None:
    done = 0
    while time.monotonic() < deadline and done < max_requests:
        name = names[(index + done) % len(names)]
        begun = time.perf_counter()
        try:
            ok = session.get(BASE + PAGES[name], timeout=30,
                             allow_redirects=False).status_code == 200
        except requests.RequestException:
            ok = False
        elapsed = time.perf_counter() - begun
        with lock:
            results[name].append((elapsed, ok))
        done += 1
        if think:
            time.sleep(think)


def run_load(sessions, seconds: float, max_requests: int, names: list[str],
             think: float = 0.0) -> dict:
    results: dict[str, list] = defaultdict(list)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=_worker, args=(s, deadline, max_requests,
                                                      results, lock, i, names, think))
               for i, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] \
        if len(values) > 1 else (values[0] if values else 0.0)


def report(results: dict, seconds: float, names: list[str]) -> bool:
    print(f"\n{'page':<14}{'requests':>9}{'errors':>8}{'rps':>7}"
          f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    passed = True
    for name in names:
        rows = results.get(name, [])
        times = sorted(t * 1000 for t, _ in rows)
        errors = sum(1 for _, ok in rows if not ok)
        p95, p99 = _percentile(times, 95), _percentile(times, 99)
        passed &= errors == 0 and p95 < TARGET_P95_MS and p99 < TARGET_P99_MS
        print(f"{name:<14}{len(rows):>9}{errors:>8}{len(rows) / seconds:>7.1f}"
              f"{_percentile(times, 50):>9.0f}{p95:>9.0f}{p99:>9.0f}")
    print(f"\ntarget: p95 < {TARGET_P95_MS} ms, p99 < {TARGET_P99_MS} ms, no errors →",
          "PASS" if passed else "FAIL")
    return passed


def figures_python(results: dict, names: list[str]) -> dict:
    """{page: (requests, errors, p50, p95, p99)} from the python driver's samples."""
    figures = {}
    for name in names:
        rows = results.get(name, [])
        times = sorted(t * 1000 for t, _ in rows)
        figures[name] = (len(rows), sum(1 for _, ok in rows if not ok),
                         _percentile(times, 50), _percentile(times, 95),
                         _percentile(times, 99))
    return figures


def write_json(path: str, figures: dict, load_before, load_after, args,
               cpu: dict) -> None:
    """The figures in the issue's shape, plus the machine load around the run."""
    import json

    pages = {name: {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1),
                    "p99_ms": round(p99, 1), "requests": count, "errors": errors}
             for name, (count, errors, p50, p95, p99) in figures.items()}
    Path(path).write_text(json.dumps({
        "pages": pages, "load_average": load_before, "load_average_after": load_after,
        "users": args.users, "seconds": args.seconds, "workers": args.workers,
        "driver": args.driver, "cpus": os.cpu_count(), "cpu_ms_per_request": cpu,
    }, indent=2) + "\n")
    print(f"figures written to {path}")


_WRK_SCRIPT = """
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("WRK %d %d %.3f %.3f %.3f\\n", summary.requests, errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def run_wrk(sessions, seconds: float, names: list[str]) -> dict:
    """Drive the pages with Debian's wrk (C, little CPU), one process per page.

    The users are split over the pages (20 users, 3 pages: 7 + 7 + 6
    connections), each process sending one logged-in session's cookies.
    Returns {page: (requests, errors, p50, p95, p99)} in milliseconds.
    """
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(_WRK_SCRIPT)
    processes = {}
    for index, name in enumerate(names):
        connections = len(sessions) // len(names) + (
            1 if index < len(sessions) % len(names) else 0)
        cookies = "; ".join(f"{k}={v}" for k, v in sessions[index].cookies.items())
        processes[name] = subprocess.Popen(
            [wrk, "-t1", f"-c{connections}", f"-d{int(seconds)}s", "--timeout", "10s",
             "-s", str(script), "-H", f"Cookie: {cookies}", BASE + PAGES[name]],
            stdout=subprocess.PIPE, text=True)
    results = {}
    for name, process in processes.items():
        output, _ = process.communicate(timeout=seconds + 60)
        line = next(row for row in output.splitlines() if row.startswith("WRK "))
        count, errors, p50, p95, p99 = line.split()[1:]
        results[name] = (int(count), int(errors), float(p50), float(p95), float(p99))
    script.unlink()
    return results


def report_wrk(results: dict, seconds: float) -> bool:
    print(f"\n{'page':<14}{'requests':>9}{'errors':>8}{'rps':>7}"
          f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    passed = True
    for name, (count, errors, p50, p95, p99) in results.items():
        passed &= errors == 0 and p95 < TARGET_P95_MS and p99 < TARGET_P99_MS
        print(f"{name:<14}{count:>9}{errors:>8}{count / seconds:>7.1f}"
              f"{p50:>9.0f}{p95:>9.0f}{p99:>9.0f}")
    print(f"\ntarget: p95 < {TARGET_P95_MS} ms, p99 < {TARGET_P99_MS} ms, no errors →",
          "PASS" if passed else "FAIL")
    return passed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=5000,
                        help="per simulated user, a safety bound")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--pages", default=",".join(PAGES),
                        help=f"comma-separated, among {', '.join(PAGES)}")
    parser.add_argument("--driver", choices=["python", "wrk"], default="wrk",
                        help="python: threads with requests (the generator "
                        "shares the 2 cores); wrk: Debian's wrk, lighter")
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds each user waits between requests")
    parser.add_argument("--json", metavar="FILE",
                        help="also write the figures as JSON to FILE")
    parser.add_argument("--database", default=DB_NAME,
                        help=f"MariaDB database to build/reuse ({DB_NAME})")
    parser.add_argument("--redis", default=REDIS_URL, help=f"Redis URL ({REDIS_URL})")
    parser.add_argument("--port", type=int, default=PORT)
    args = parser.parse_args()
    _configure(args.database, args.redis, args.port)

    env = _env(secrets.token_urlsafe(40))
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    _create_database()
    _manage(env, "migrate", "--noinput")
    _manage(env, "collectstatic", "--noinput")
    emails = build_data(args.rebuild)
    server = start_gunicorn(env, args.workers)
    try:
        logged_in = [log_in(email) for email in emails]
        sessions = []
        for i in range(args.users):
            session = requests.Session()
            session.cookies.update(logged_in[i % len(logged_in)].cookies)
            sessions.append(session)
        names = [name for name in args.pages.split(",") if name in PAGES]
        run_load(sessions[:4], 5, 10, names)  # warm every worker a little
        print(f"load ({args.driver}): {args.users} users × {args.seconds:.0f} s, "
              f"think {args.think:g} s, gunicorn -w {args.workers}, pages "
              f"{', '.join(PAGES[n] for n in names)}")
        load_before = [round(x, 2) for x in os.getloadavg()]
        print(f"load average before: {load_before} ({os.cpu_count()} cores; the "
              "machine may be shared: compare with an idle run)")
        meter = CpuMeter(server.pid)
        if args.driver == "wrk":
            figures = run_wrk(sessions, args.seconds, names)
            passed = report_wrk(figures, args.seconds)
        else:
            results = run_load(sessions, args.seconds, args.max_requests, names,
                               args.think)
            passed = report(results, args.seconds, names)
            figures = figures_python(results, names)
        cpu = meter.per_request_ms(sum(f[0] for f in figures.values()))
        print(f"CPU per request: web workers {cpu['web']:.1f} ms, database "
              f"{cpu['database']:.1f} ms (independent of latency; compare versions)")
        load_after = [round(x, 2) for x in os.getloadavg()]
        print(f"load average after: {load_after}")
        if args.json:
            write_json(args.json, figures, load_before, load_after, args, cpu)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    raise SystemExit(0 if passed else 1)


if __name__ == "__main__":
    main()
