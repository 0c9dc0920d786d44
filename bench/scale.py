"""Scale: ``jobs.daily_revenue`` through the container entry on 1M, 4M and 16M generated rows.

One fresh process per size (JVM start included); reports wall time, rows/s and µs/row, plus
the marginal rate between sizes (which cancels the fixed start-up cost). Time per row should
stay flat. Run: ``python bench/scale.py --sizes 1000000 4000000 16000000``.
"""

from __future__ import annotations

import argparse
import sys

from spark_overhead import CACHE, PY, orders, timed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 4_000_000, 16_000_000])
    parser.add_argument("--runs", type=int, default=1, help="runs per size (median reported)")
    parser.add_argument("--smoke", action="store_true", help="2,000 and 4,000 rows (CI)")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.runs = [2_000, 4_000], 1
    out = CACHE / "scale_out"
    results: list[tuple[int, float, int]] = []
    for rows in args.sizes:
        source = orders(rows)
        best: list[float] = []
        for _ in range(args.runs):
            elapsed, summary = timed(
                [PY, "-m", "jobfactory_container.generic_entry", "--module_name",
                 "jobs.daily_revenue", "--input_path", str(source), "--output_path", str(out)],
                out,
            )  # fmt: skip
            metrics = summary["metrics"]
            assert isinstance(metrics, dict) and metrics["rows_read"] == rows, metrics
            best.append(elapsed)
            print(f"{rows} rows: {elapsed:.1f} s {metrics}", file=sys.stderr, flush=True)
        best.sort()
        results.append((rows, best[len(best) // 2], int(source.stat().st_size)))
    print("| rows | CSV size | wall s | rows/s | µs/row | marginal rows/s |")
    print("|---|---|---|---|---|---|")
    previous: tuple[int, float] | None = None
    for rows, seconds, size in results:
        marginal = "-"
        if previous is not None:
            marginal = f"{(rows - previous[0]) / (seconds - previous[1]):,.0f}"
        print(
            f"| {rows:,} | {size / 1e6:,.0f} MB | {seconds:.1f} | {rows / seconds:,.0f} "
            f"| {seconds / rows * 1e6:.2f} | {marginal} |"
        )
        previous = (rows, seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
