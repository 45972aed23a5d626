#!/usr/bin/env python3
"""polder's time per participant-round against the minimal floor, measured in one session.

The floor is ../shared/bench/minimal-floor (relative to the repository; override with --floor):
a deliberately minimal four-domain model, plain Rust, one thread, whose time per agent-step is
a measuring stick for polder's hot loop. Absolute times drift between machines and even between
hours on one machine, so the two are measured in alternating pairs and compared pair by pair.

    python3 scripts/floor-ratio.py [--pairs 5] [--runs 20000] [--floor DIR]

Prints, per workload (the default scenario's own runs; the default table over 100 rounds with
nobody leaving, as in benches/hundred-rounds.toml), the median over the pairs of polder's ns per
participant-round, of the floor's ns per agent-step, and of their ratio, as a Markdown table.
Run it on an otherwise idle machine.
"""

import argparse
import json
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(floor: Path, floor_target: Path) -> None:
    subprocess.run(
        ["cargo", "build", "--release", "--example", "hotloop", "--quiet"],
        cwd=ROOT,
        check=True,
    )
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--target-dir", str(floor_target)],
        cwd=floor,
        check=True,
    )


def polder_ns(runs: int, hundred: bool) -> float:
    args = [str(ROOT / "target/release/examples/hotloop"), "scenarios/regional-energy.toml", str(runs)]
    if hundred:
        args.append("hundred")
    out = subprocess.run(args, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    m = re.search(r"([0-9.]+) ns per participant-round", out)
    if not m:
        sys.exit(f"floor-ratio: hotloop printed no time: {out!r}")
    return float(m.group(1))


def floor_ns(floor_target: Path, runs: int) -> float:
    out = subprocess.run(
        [str(floor_target / "release/plain"), "--runs", str(runs)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(json.loads(out)["ns_per_agent_step"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=5, help="alternating pairs per workload (default 5)")
    ap.add_argument("--runs", type=int, default=20000, help="polder runs per measurement (default 20000)")
    ap.add_argument("--floor-runs", type=int, default=100000, help="floor runs per measurement (default 100000)")
    ap.add_argument("--floor", type=Path, default=ROOT.parent / "shared/bench/minimal-floor")
    ap.add_argument("--floor-target", type=Path, default=Path("/tmp/minimal-floor"))
    a = ap.parse_args()
    if not (a.floor / "Cargo.toml").is_file():
        sys.exit(f"floor-ratio: no minimal floor at {a.floor} (give --floor DIR)")
    build(a.floor, a.floor_target)
    print("| workload | polder ns per participant-round | floor ns per agent-step | ratio |")
    print("|---|---|---|---|")
    for name, runs, hundred in [
        ("the default scenario's own runs", a.runs, False),
        ("the default table over 100 rounds", max(a.runs // 3, 1), True),
    ]:
        ours, floor, ratio = [], [], []
        for _ in range(a.pairs):
            p = polder_ns(runs, hundred)
            f = floor_ns(a.floor_target, a.floor_runs)
            ours.append(p)
            floor.append(f)
            ratio.append(p / f)
        print(
            f"| {name} | {statistics.median(ours):.1f} | {statistics.median(floor):.1f} "
            f"| {statistics.median(ratio):.2f} (pairs: {', '.join(f'{r:.2f}' for r in ratio)}) |"
        )


if __name__ == "__main__":
    main()
