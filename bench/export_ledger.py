"""Exports of the demo's whole ledger through gunicorn (gunicorn.conf.py, 1 worker).

Loads the demo organization (about 167,000 stock movements) into a throw-away
SQLite file, starts gunicorn with the production settings and the project's
gunicorn.conf.py, signs in as the demo master and measures:

- the streamed CSV of the whole ledger (/inventory/movements/export.csv): time
  to the first byte, total time, rows and size, and the worker's peak memory;
- the admin's export of the same table: answered at once with the row-cap
  message (302 back to the list) instead of building the file in the request;
- with --uncapped, the admin export with the cap lifted (what happened before):
  it runs into the worker timeout.

    .venv/bin/python bench/export_ledger.py [--uncapped] [--keep DIR]

Prints `uptime` with the figures: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
PORT = 8031
BASE = f"http://127.0.0.1:{PORT}"
MASTER = ("master@demo.smartstock.local", "demo-pass-2026")


def _env(database: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="smartstock.settings.production",
               DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
               DATABASE_URL=f"sqlite:///{database}", ALLOWED_HOSTS="127.0.0.1",
               SECURE_COOKIES="false", TLS_TERMINATING_PROXY="true",
               GUNICORN_ACCESS_LOG="", WEB_CONCURRENCY="1", **extra)
    return env


def _prepare(env: dict[str, str]) -> None:
    for args in (["migrate", "--noinput", "-v", "0"], ["load_demo"]):
        subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env,
                       check=True, stdout=subprocess.DEVNULL)


def _start(env: dict[str, str]) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(GUNICORN), "smartstock.wsgi", "-c", "gunicorn.conf.py",
         "-b", f"127.0.0.1:{PORT}"], cwd=ROOT, env=env)
    for _ in range(120):
        try:
            requests.get(f"{BASE}/accounts/login/", timeout=30)
            return server
        except requests.RequestException:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def _worker_peak_mb(server: subprocess.Popen) -> float:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    status = Path(f"/proc/{children[0]}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024


def _log_in() -> requests.Session:
    session = requests.Session()
    session.get(f"{BASE}/accounts/login/", timeout=30)
    session.post(f"{BASE}/accounts/login/", timeout=30,
                 data={"login": MASTER[0], "password": MASTER[1],
                       "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                 headers={"Referer": f"{BASE}/accounts/login/"})
    if "sessionid" not in session.cookies:
        raise SystemExit("login failed")
    return session


def _stream(session: requests.Session) -> None:
    begun = time.perf_counter()
    with session.get(f"{BASE}/inventory/movements/export.csv", stream=True,
                     timeout=120) as response:
        response.raise_for_status()
        first, size, rows = None, 0, 0
        for chunk in response.iter_content(chunk_size=65536):
            first = first or time.perf_counter() - begun
            size += len(chunk)
            rows += chunk.count(b"\n")
    total = time.perf_counter() - begun
    print(f"streamed CSV: {rows:,} lines (header included), {size / 1e6:.1f} MB, first byte "
          f"{first:.2f} s, complete {total:.1f} s")


def _admin_export(session: requests.Session) -> None:
    url = f"{BASE}/admin/inventory/stockmovement/export/"
    page = session.get(url, timeout=30).text
    data = {name: "on" for name in set(re.findall(r'name="(stockmovement\w*resource_[^"]+)"',
                                                 page))}
    data.update(format="0", resource="0",
                csrfmiddlewaretoken=session.cookies["csrftoken"])
    begun = time.perf_counter()
    try:
        response = session.post(url, data=data, timeout=120, allow_redirects=False,
                                headers={"Referer": url})
        outcome = f"HTTP {response.status_code}"
        if response.status_code == 302:
            outcome += f" → {response.headers['Location']}"
    except requests.RequestException as error:
        outcome = f"failed: {type(error).__name__}"
    print(f"admin export of the ledger: {outcome} in "
          f"{time.perf_counter() - begun:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uncapped", action="store_true",
                        help="also try the admin export with the row cap lifted")
    parser.add_argument("--keep", type=Path, help="reuse/keep the database in DIR")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="export-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "bench.sqlite3"
    env = _env(database)
    if not database.exists():
        begun = time.perf_counter()
        _prepare(env)
        print(f"demo loaded in {time.perf_counter() - begun:.0f} s")
    runs = [("capped", env)]
    if args.uncapped:
        runs.append(("uncapped", {**env, "SMARTSTOCK_ADMIN_EXPORT_MAX_ROWS": "10000000"}))
    for label, run_env in runs:
        server = _start(run_env)
        try:
            print(f"-- {label}: gunicorn.conf.py, 1 worker, timeout "
                  f"{run_env.get('GUNICORN_TIMEOUT', '30')} s")
            session = _log_in()
            if label == "capped":
                _stream(session)
                print(f"worker peak memory after the stream: {_worker_peak_mb(server):.0f} MB")
            _admin_export(session)
        finally:
            server.terminate()
            server.wait(timeout=60)
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())


if __name__ == "__main__":
    sys.exit(main())
