"""Upload intake speed: parse + preview, apply, and the historical import.

    .venv/bin/python bench/intake.py [--database-url URL] [--cases a,b] [--json FILE]

Without --database-url the bench runs on a fresh temporary SQLite file: it
never touches the project's database unless told (`--database-url default`
uses DATABASE_URL / the settings' database). A MariaDB run:
    --database-url mysql://root:@127.0.0.1:3306/smartstock_bench
(the database must exist; the bench migrates it and adds throwaway
organizations to it).

Each case runs in its own child process (a fresh organization with 500
products and opening stock), so `peak_mb` is that process's peak resident
memory (Django and the app included). parse_seconds = storing the upload,
reading and validating every row and building the preview (the request that
answers the upload); apply_seconds = confirming it (the ledger write).
Cases: template (5,000 template rows), coupang (5,000-row DeliveryList, 40
columns), smartstore (5,000-row 발주발송관리, 57 columns, notice row),
overlap (a second Coupang export sharing 60 % of its lines with the first:
only the new 40 % apply), history (500 products × 730 days = 365,000 rows
through manage.py import_history's service).
Targets (2 cores): parse+preview < 2 s, apply < 3 s, peak < 300 MB for a
5,000-row channel export; 365,000 history rows < 20 s.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ("template", "coupang", "smartstore", "overlap", "history")
PRODUCTS = 500
ROWS = 5_000


def _arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/intake.py",
        description="Time upload parse+preview and apply, and the history import.",
    )
    parser.add_argument(
        "--database-url", default="",
        help="database to write the throwaway organizations into; 'default' = the "
             "project's DATABASE_URL. Default: a new temporary SQLite file.",
    )
    parser.add_argument("--cases", default=",".join(CASES),
                        help=f"comma-separated subset of {', '.join(CASES)}")
    parser.add_argument("--rows", type=int, default=ROWS,
                        help="rows per upload case (default 5000)")
    parser.add_argument("--json", metavar="FILE",
                        help='write {"cases": [{"name", "rows", "parse_seconds", '
                             '"apply_seconds", "peak_mb"}]} to FILE')
    parser.add_argument("--profile", metavar="DIR",
                        help="write a cProfile file per case and phase into DIR")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    unknown = set(arguments.cases.split(",")) - set(CASES)
    if unknown:
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
    return arguments


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(argv)
    if arguments.child:
        return _child(arguments)
    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database_url
        if not url:
            url = f"sqlite:///{folder}/intake_bench.sqlite3"
        env = dict(os.environ)
        if url != "default":
            env["DATABASE_URL"] = url
        env.setdefault("DJANGO_SETTINGS_MODULE", "smartstock.settings.test")
        subprocess.run([sys.executable, __file__, "--child", "migrate"], env=env,
                       check=True)
        results = []
        load = os.getloadavg()
        print(f"database: {url}; products: {PRODUCTS}; load average "
              f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        print(f"{'case':<12}{'rows':>8}{'parse s':>9}{'apply s':>9}{'peak MB':>9}"
              f"  notes")
        for case in arguments.cases.split(","):
            command = [sys.executable, __file__, "--child", case,
                       "--rows", str(arguments.rows)]
            if arguments.profile:
                command += ["--profile", arguments.profile]
            done = subprocess.run(command, env=env, capture_output=True, text=True)
            if done.returncode:
                reason = (done.stderr.strip().splitlines() or ["?"])[-1]
                print(f"{case:<12} failed: {reason}")
                continue
            result = json.loads(done.stdout.strip().splitlines()[-1])
            results.append(result)
            print(f"{result['name']:<12}{result['rows']:>8}"
                  f"{result['parse_seconds']:>9.2f}{result['apply_seconds']:>9.2f}"
                  f"{result['peak_mb']:>9.0f}  {result.get('notes', '')}")
    if arguments.json:
        cases = [{key: r[key] for key in ("name", "rows", "parse_seconds",
                                           "apply_seconds", "peak_mb")}
                 for r in results]
        Path(arguments.json).write_text(json.dumps({"cases": cases}, indent=2))
    return 0


# -- the child process: one case -----------------------------------------------------
def _child(arguments: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    if arguments.child == "migrate":
        call_command("migrate", verbosity=0)
        return 0
    from bench import intake_cases

    result = intake_cases.run(arguments.child, rows=arguments.rows,
                              products=PRODUCTS, profile_dir=arguments.profile)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
