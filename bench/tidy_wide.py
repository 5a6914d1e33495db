"""Turn a wide daily table (a date column, one column per product) into the
tidy ``date,sku,qty`` CSV the accuracy bench reads.

Usage:
    .venv/bin/python bench/tidy_wide.py WIDE.csv --date-column datum \\
        --date-format %m/%d/%Y --skus M01AB,M01AE -o tidy.csv

The separator (comma, semicolon or tab) is detected; ``--skus`` defaults to
every column other than the date column whose values are all numbers. A day a
product's cell is empty is written as 0 sold.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "")) if text.strip() else 0.0
    except ValueError:
        return None


def tidy_rows(rows: list[list[str]], date_column: str, date_format: str,
              skus: list[str] | None) -> list[tuple[str, str, float]]:
    """(ISO date, sku, qty) for every day and product of a wide table."""
    header, body = rows[0], rows[1:]
    if date_column not in header:
        raise SystemExit(f"no column {date_column!r} in {header}")
    at = header.index(date_column)
    if skus is None:
        skus = [name for i, name in enumerate(header)
                if i != at and all(_number(row[i]) is not None for row in body)]
    missing = [sku for sku in skus if sku not in header]
    if missing:
        raise SystemExit(f"no columns {missing} in {header}")
    out = []
    for number, row in enumerate(body, start=2):
        day = dt.datetime.strptime(row[at].strip(), date_format).date().isoformat()
        for sku in skus:
            qty = _number(row[header.index(sku)])
            if qty is None:
                raise SystemExit(f"row {number}, column {sku}: {row[header.index(sku)]!r}")
            out.append((day, sku, qty))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wide")
    parser.add_argument("--date-column", default="date")
    parser.add_argument("--date-format", default="%Y-%m-%d")
    parser.add_argument("--skus", default="", help="comma-separated columns")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args(argv)
    text = Path(args.wide).read_text(encoding="utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    rows = [row for row in csv.reader(text.splitlines(), dialect) if row]
    skus = [s for s in args.skus.split(",") if s] or None
    tidy = tidy_rows(rows, args.date_column, args.date_format, skus)
    with open(args.output, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["date", "sku", "qty"])
        writer.writerows(tidy)
    print(f"{len(tidy)} rows, {len({s for _, s, _ in tidy})} products -> {args.output}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
