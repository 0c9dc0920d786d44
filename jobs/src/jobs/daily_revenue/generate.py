"""Generate realistic orders for ``jobs.daily_revenue``: ``python -m jobs.daily_revenue.generate
--rows N --output PATH``. Deterministic for a seed; a small share of rows is deliberately dirty.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

#: country, its currency, weight (share of orders).
COUNTRIES: list[tuple[str, str, int]] = [
    ("DE", "EUR", 22),
    ("FR", "EUR", 16),
    ("GB", "GBP", 14),
    ("US", "USD", 12),
    ("NL", "EUR", 8),
    ("ES", "EUR", 8),
    ("IT", "EUR", 7),
    ("SE", "SEK", 5),
    ("PL", "PLN", 5),
    ("CH", "CHF", 3),
]
STATUSES: list[tuple[str, int]] = [
    ("completed", 85),
    ("cancelled", 7),
    ("refunded", 4),
    ("pending", 4),
]
HEADER = ["order_id", "order_ts", "customer_id", "country", "status", "amount", "currency"]
#: Ways a row goes wrong in real exports, and what the job must survive.
DIRT = ("bad_amount", "unknown_currency", "missing_country", "bad_timestamp")
BAD_AMOUNTS = ("n/a", "", "12,50", "-4.99", "1.2.3")
BAD_CURRENCIES = ("XXX", "", "EURO", "BTC")
BAD_TIMESTAMPS = ("2024-02-30T10:00:00Z", "yesterday", "", "31/03/2024 10:00")


def generate_rows(
    rows: int, *, seed: int = 7, days: int = 30, start: dt.date | None = None, dirty: float = 0.01
) -> list[list[str]]:
    """``rows`` orders as lists of strings (kept for tests; the CLI streams instead)."""
    return list(_rows(rows, seed=seed, days=days, start=start, dirty=dirty))


def _rows(
    rows: int, *, seed: int, days: int, start: dt.date | None, dirty: float
) -> Iterator[list[str]]:
    rng = random.Random(seed)
    first = dt.datetime.combine(start or dt.date(2024, 3, 1), dt.time(), tzinfo=dt.timezone.utc)
    span = days * 86_400
    customers = max(50, rows // 8)
    country_pool = [(c, cur) for c, cur, w in COUNTRIES for _ in range(w)]
    status_pool = [s for s, w in STATUSES for _ in range(w)]
    epoch = int(first.timestamp())
    for n in range(1, rows + 1):
        when = dt.datetime.fromtimestamp(epoch + rng.randrange(span), dt.timezone.utc)
        country, currency = rng.choice(country_pool)
        if rng.random() < 0.03:
            currency = "USD"  # cross-border orders paid in dollars
        amount = f"{min(rng.lognormvariate(3.6, 0.8), 99_999.0):.2f}"
        row = [
            f"o{n:09d}",
            when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            f"c{rng.randrange(customers):07d}",
            country,
            rng.choice(status_pool),
            amount,
            currency,
        ]
        if rng.random() < dirty:
            kind = rng.choice(DIRT)
            if kind == "bad_amount":
                row[5] = rng.choice(BAD_AMOUNTS)
            elif kind == "unknown_currency":
                row[6] = rng.choice(BAD_CURRENCIES)
            elif kind == "missing_country":
                row[3] = ""
            else:
                row[1] = rng.choice(BAD_TIMESTAMPS)
        yield row


def write(
    path: Path,
    rows: int,
    *,
    seed: int = 7,
    days: int = 30,
    start: dt.date | None = None,
    dirty: float = 0.01,
) -> Path:
    """Write ``rows`` orders to ``path`` (CSV, or JSON lines for ``.json``/``.jsonl``)."""
    import csv

    path.parent.mkdir(parents=True, exist_ok=True)
    rows_iter = _rows(rows, seed=seed, days=days, start=start, dirty=dirty)
    as_json = path.suffix.lower() in (".json", ".jsonl", ".ndjson")
    with path.open("w", newline="", encoding="utf-8") as handle:
        if as_json:
            for row in rows_iter:
                handle.write(json.dumps(dict(zip(HEADER, row, strict=True))) + "\n")
        else:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(rows_iter)
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--rows N --output PATH [--seed S --days D --start DATE --dirty F]``."""
    parser = argparse.ArgumentParser(
        prog="python -m jobs.daily_revenue.generate", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--rows", type=int, required=True, help="number of orders")
    parser.add_argument("--output", type=Path, required=True, help=".csv, or .json for JSON lines")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--days", type=int, default=30, help="days the orders span (default 30)")
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2024, 3, 1))
    parser.add_argument("--dirty", type=float, default=0.01, help="share of dirty rows (0.01)")
    args = parser.parse_args(argv)
    if args.rows < 0 or args.days < 1 or not 0 <= args.dirty <= 1:
        parser.error("--rows >= 0, --days >= 1 and 0 <= --dirty <= 1")
    write(
        args.output, args.rows, seed=args.seed, days=args.days, start=args.start, dirty=args.dirty
    )
    print(f"wrote {args.rows} orders to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
