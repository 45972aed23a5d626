#!/usr/bin/env python3
"""Paired-interval widths of two polder builds on the same comparison, over several master seeds.

A change of random-number scheme must not widen what a comparison can tell apart. This plays

    polder compare scenarios/regional-energy.toml --policies none,monitor,phased,balanced --runs 2000 --seed S

with both builds for S = 1..--seeds (default 8), reads the 95% paired intervals of the
differences from `none` in compare.csv (difference_ci_high - difference_ci_low) for the dropout,
agreement, ratified and inclusive rates, and prints per policy and rate the mean width under
each build and their ratio, then the mean ratio over every (policy, rate, seed).

    python3 scripts/paired-widths.py OLD_POLDER NEW_POLDER [--seeds 8] [--runs 2000]

The widths are statistics, not timings: load does not change them.
"""

import argparse
import csv
import statistics
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ["monitor", "phased", "balanced"]
RATES = ["dropout_rate", "agreement_rate", "ratified_rate", "inclusive_rate"]


def widths(polder: str, seed: int, runs: int) -> dict:
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [polder, "compare", str(ROOT / "scenarios/regional-energy.toml"), "--policies",
             "none," + ",".join(POLICIES), "--runs", str(runs), "--seed", str(seed),
             "--out", out, "--force", "-q"],
            check=True, capture_output=True)
        rows = list(csv.DictReader(open(Path(out) / "compare.csv")))
    return {(r["policy"], r["metric"]): float(r["difference_ci_high"]) - float(r["difference_ci_low"])
            for r in rows if r["policy"] in POLICIES and r["metric"] in RATES}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--seeds", type=int, default=8)
    ap.add_argument("--runs", type=int, default=2000)
    a = ap.parse_args()
    seeds = range(1, a.seeds + 1)
    old = {s: widths(a.old, s, a.runs) for s in seeds}
    new = {s: widths(a.new, s, a.runs) for s in seeds}
    print("| rate | policy | old width | new width | new / old |")
    print("|---|---|---|---|---|")
    for m in RATES:
        for p in POLICIES:
            o = statistics.mean(old[s][(p, m)] for s in seeds)
            n = statistics.mean(new[s][(p, m)] for s in seeds)
            print(f"| {m} | {p} | {o:.4f} | {n:.4f} | {n / o:.3f} |")
    ratios = [new[s][k] / old[s][k] for s in seeds for k in old[s]]
    print(f"\nmean ratio new/old over {len(ratios)} widths: {statistics.mean(ratios):.4f} "
          f"(sd {statistics.stdev(ratios):.4f})")


if __name__ == "__main__":
    main()
