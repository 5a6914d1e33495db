"""Load test of the REST API: forecast by product, dashboard, POST movements.

Uses the data of bench/load_dashboard.py (500 products, ~370,000 ledger rows,
a stored forecast per product, recommendations, alerts, dashboard snapshot) in
its own MariaDB database, starts gunicorn with the production settings (Redis
cache), creates a manager API key and drives 20 concurrent connections for
60 s with Debian's `wrk` (one process per endpoint, the connections split over
them, no think time) on loopback:

- GET  /api/v1/forecasts/{product_id}/  (a random product each request)
- GET  /api/v1/dashboard/
- POST /api/v1/movements/  (inbound of 1 unit of a random product, each with a
  new Idempotency-Key; every 10th request repeats the previous key, which must
  answer 200 with the first result and write nothing)

Before the load, one client sends `--sequential N` requests per endpoint one
at a time (latency without queueing behind our own connections).
It prints p50/p95/p99, requests and errors per endpoint, the machine's
`uptime` before and after (the machine is shared), and with `--json FILE`
writes the same figures as JSON.

    .venv/bin/python bench/api.py                       # 20 connections, 60 s
    .venv/bin/python bench/api.py --connections 20 --seconds 60 --workers 4 \
        --json bench-api.json

The API throttles are raised for the run (API_THROTTLE_*_RATE): this measures
the endpoints, not the 429s. Needs MariaDB (root, 127.0.0.1:3306), Redis and
`wrk` (apt-get install wrk), like bench/load_dashboard.py.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import load_dashboard as data  # noqa: E402 -- the dashboard bench's data set

# Its own database, Redis db and port, so it never meets the dashboard bench.
data._configure("smartstock_apibench", "redis://127.0.0.1:6379/7", 8035)
TARGET_P95_MS = 150.0

_LUA_COMMON = """
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("WRK %d %d %.3f %.3f %.3f\\n", summary.requests, errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""
_LUA_FORECAST = """
ids = {%(ids)s}
request = function()
  return wrk.format("GET", "/api/v1/forecasts/" .. ids[math.random(#ids)] .. "/")
end
"""
_LUA_MOVEMENTS = """
ids = {%(ids)s}
local counter = 0
local last = nil
-- A tag per run and thread keeps the keys of two runs apart (24 h window).
setup = function(thread) thread:set("tag", "%(run)s-" .. tostring(math.random(1, 1e9))) end
request = function()
  counter = counter + 1
  if counter %% 10 == 0 and last ~= nil then
    return last  -- the same Idempotency-Key and body again: a replay
  end
  local body = string.format(
    '{"product": %%d, "kind": "inbound", "quantity": 1, "business_date": "%(day)s"}',
    ids[math.random(#ids)])
  wrk.headers["Idempotency-Key"] = "bench-" .. tag .. "-" .. counter
  last = wrk.format("POST", "/api/v1/movements/", nil, body)
  return last
end
"""


def _uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def _setup_django_data(rebuild: bool) -> tuple[str, list[int]]:
    """Build/reuse the data; return a new manager key and the product ids."""
    data.build_data(rebuild)
    from accounts.models import Organization
    from accounts.roles import Role
    from api.services import api_key_create
    from inventory.models import Product

    organization = Organization.objects.get(name=data.ORG_NAME)
    issued = api_key_create(organization=organization, name="bench", role=Role.MANAGER,
                            created_by=None)
    ids = list(Product.objects.filter(organization=organization)
               .values_list("pk", flat=True))
    return issued.secret, ids


def _run_wrk(endpoints: dict[str, tuple[str, str]], key: str, connections: int,
             seconds: float) -> dict[str, dict]:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    processes, scripts = {}, []
    for index, (name, (path, lua)) in enumerate(endpoints.items()):
        share = connections // len(endpoints) + (
            1 if index < connections % len(endpoints) else 0)
        script = Path(tempfile.mkstemp(suffix=".lua")[1])
        script.write_text(lua + _LUA_COMMON)
        scripts.append(script)
        processes[name] = subprocess.Popen(
            [wrk, "-t1", f"-c{share}", f"-d{int(seconds)}s", "--timeout", "10s",
             "-s", str(script), "-H", f"Authorization: Bearer {key}",
             "-H", "Content-Type: application/json", "-H", "Accept-Language: ko",
             data.BASE + path],
            stdout=subprocess.PIPE, text=True)
    results = {}
    for name, process in processes.items():
        output, _ = process.communicate(timeout=seconds + 60)
        line = next(row for row in output.splitlines() if row.startswith("WRK "))
        count, errors, p50, p95, p99 = line.split()[1:]
        results[name] = {"requests": int(count), "errors": int(errors),
                         "rps": round(int(count) / seconds, 1), "p50_ms": float(p50),
                         "p95_ms": float(p95), "p99_ms": float(p99)}
    for script in scripts:
        script.unlink()
    return results


def _start_gunicorn(env: dict[str, str], workers: int) -> subprocess.Popen:
    """gunicorn with the production settings; waits (up to 2 min) until it answers."""
    process = subprocess.Popen(
        [str(data.GUNICORN), "smartstock.wsgi", "-w", str(workers), "-b",
         f"127.0.0.1:{data.PORT}", "--log-level", "warning"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            requests.get(f"{data.BASE}/api/v1/docs/", timeout=10)
            return process
        except requests.RequestException:  # not listening yet, or busy starting
            time.sleep(1)
    process.terminate()
    process.wait(timeout=30)
    raise SystemExit("gunicorn did not start")


def _sequential(key: str, ids: list[int], count: int, day: str) -> dict[str, dict]:
    """One client, one request at a time: latency without our own queueing."""
    import statistics

    session = requests.Session()
    session.headers.update({"Authorization": f"Bearer {key}",
                            "Accept-Language": "ko"})
    run = secrets.token_hex(4)
    calls = {
        "forecast": lambda i: session.get(
            f"{data.BASE}/api/v1/forecasts/{ids[i % len(ids)]}/", timeout=30),
        "dashboard": lambda i: session.get(f"{data.BASE}/api/v1/dashboard/",
                                           timeout=30),
        "movements": lambda i: session.post(
            f"{data.BASE}/api/v1/movements/", timeout=30,
            json={"product": ids[i % len(ids)], "kind": "inbound", "quantity": 1,
                  "business_date": day},
            headers={"Idempotency-Key": f"seq-{run}-{i}"}),
    }
    results = {}
    for name, call in calls.items():
        times, errors = [], 0
        for index in range(count):
            begun = time.perf_counter()
            errors += call(index).status_code >= 400
            times.append((time.perf_counter() - begun) * 1000)
        cuts = statistics.quantiles(times, n=100, method="inclusive")
        results[name] = {"requests": count, "errors": errors,
                         "p50_ms": round(statistics.median(times), 1),
                         "p95_ms": round(cuts[94], 1)}
    return results


def _warm(key: str, ids: list[int]) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    for _ in range(8):
        for path in (f"/api/v1/forecasts/{ids[_ % len(ids)]}/", "/api/v1/dashboard/"):
            response = requests.get(data.BASE + path, headers=headers, timeout=30)
            if response.status_code != 200:
                raise SystemExit(f"warm-up {path}: {response.status_code} "
                                 f"{response.text[:300]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--sequential", type=int, default=50, metavar="N",
                        help="first N requests per endpoint from one client, one "
                        "at a time (0: skip)")
    args = parser.parse_args()

    env = data._env(secrets.token_urlsafe(40))
    env.update({"API_THROTTLE_KEY_RATE": "1000000/min",
                "API_THROTTLE_IP_RATE": "1000000/min"})
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    data._create_database()
    data._manage(env, "migrate", "--noinput")
    data._manage(env, "collectstatic", "--noinput")
    key, ids = _setup_django_data(args.rebuild)
    from policy.selectors import today

    day = today().isoformat()
    id_list = ", ".join(str(pk) for pk in ids)
    endpoints = {
        "forecast": ("/api/v1/forecasts/", _LUA_FORECAST % {"ids": id_list}),
        "dashboard": ("/api/v1/dashboard/", ""),
        "movements": ("/api/v1/movements/",
                      _LUA_MOVEMENTS % {"ids": id_list, "day": day,
                                        "run": secrets.token_hex(4)}),
    }
    server = _start_gunicorn(env, args.workers)
    try:
        _warm(key, ids)
        sequential = {}
        if args.sequential:
            sequential = _sequential(key, ids, args.sequential, day)
            print(f"one client, {args.sequential} requests each, one at a time:")
            for name, row in sequential.items():
                print(f"  {name:<10} p50 {row['p50_ms']:.0f} ms  p95 "
                      f"{row['p95_ms']:.0f} ms  errors {row['errors']}")
        before = _uptime()
        print(f"uptime before: {before}")
        print(f"load (wrk): {args.connections} connections × {args.seconds:.0f} s, "
              f"gunicorn -w {args.workers}, MariaDB, Redis cache")
        results = _run_wrk(endpoints, key, args.connections, args.seconds)
        after = _uptime()
        print(f"uptime after:  {after}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(f"\n{'endpoint':<12}{'requests':>9}{'errors':>8}{'rps':>7}"
          f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    passed = True
    for name, row in results.items():
        passed &= row["errors"] == 0 and row["p95_ms"] < TARGET_P95_MS
        print(f"{name:<12}{row['requests']:>9}{row['errors']:>8}{row['rps']:>7.1f}"
              f"{row['p50_ms']:>9.0f}{row['p95_ms']:>9.0f}{row['p99_ms']:>9.0f}")
    print(f"\ntarget: p95 < {TARGET_P95_MS:.0f} ms, no errors →",
          "PASS" if passed else "FAIL")
    if args.json:
        args.json.write_text(json.dumps({
            "connections": args.connections, "seconds": args.seconds,
            "workers": args.workers, "uptime_before": before, "uptime_after": after,
            "target_p95_ms": TARGET_P95_MS, "passed": passed, "endpoints": results,
            "sequential": sequential,
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }, indent=2))
    raise SystemExit(0 if passed else 1)


if __name__ == "__main__":
    main()
