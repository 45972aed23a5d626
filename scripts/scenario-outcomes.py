#!/usr/bin/env python3
"""Regenerate the "Typical outcomes" footer of every shipped scenario.

    cargo build --release && python3 scripts/scenario-outcomes.py [--write]

For each file in scenarios/ with a footer, runs `polder run FILE --runs 2000 --seed 1` and the
variations listed below (each a one-point `polder sweep` with the same seed, so the variations
play the same replicates), and prints the footer; with --write it replaces the footer in the
file. The footer starts at the line "# Typical outcomes" and runs to the end of the file.

The footer is generated; the comments above it are written by hand, and what they claim about
the outcomes (a tipping point, which experiment lifts ratification, how runs end) is checked on
the same runs by tests/it/scenario_claims.rs, so that a change of the model that makes a
comment wrong fails the tests.
"""

import csv
import textwrap
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLDER = ROOT / "target" / "release" / "polder"
RUNS = 2000

# per scenario: the phrase for ratification and the variations (label, [(path, value), ...])
SCENARIOS = {
    "regional-energy.toml": (
        "by every home front",
        [
            ("voice in the first phase", [("process.phases[0].voice", "true")]),
            ("qualified majority", [("process.decision_rule", '"qualified_majority"')]),
            ("no regretters", [("archetypes.regretter_share", "0.0")]),
            ("no saboteur", [("archetypes.saboteur_share", "0.0")]),
            ("the default deadline of 48 rounds", [("process.max_rounds", "0")]),
        ],
    ),
    "area-development.toml": (
        "by every home front",
        [
            ("voice only in the second phase",
             [("process.phases[0].voice", "false"), ("process.phases[1].voice", "true")]),
            ("constituency tolerance 0.2", [("constituency.tolerance", "0.2")]),
            ("reverberation 0.1", [("constituency.reverberation", "0.1")]),
            ("constituency strength 1.0", [("constituency.strength", "1.0")]),
        ],
    ),
    "care-network.toml": (
        "by a qualified majority of home fronts",
        [
            ("three free-riders (0.3)", [("archetypes.free_rider_share", "0.3")]),
            ("sanction 0.0", [("cooperation.sanction", "0.0")]),
            ("sanction 0.5", [("cooperation.sanction", "0.5")]),
            ("consensus instead of a qualified majority",
             [("process.decision_rule", '"consensus"')]),
            ("a side job (dutiful_work 0.4)", [("cooperation.dutiful_work", "0.4")]),
            ("a side job with three free-riders",
             [("cooperation.dutiful_work", "0.4"), ("archetypes.free_rider_share", "0.3")]),
        ],
    ),
}


def polder(*args):
    subprocess.run([str(POLDER), *map(str, args)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def pct(x):
    return f"{100 * x:.1f}%"


def variation(scenario, changes, tmp):
    sweep = tmp / "v.toml"
    lines = [f'scenario = "{scenario}"', f"replicates = {RUNS}", 'policies = ["none"]', "seed = 1"]
    for path, value in changes:
        lines += ["[[parameters]]", f'path = "{path}"', f"values = [{value}]"]
    sweep.write_text("\n".join(lines) + "\n")
    out = tmp / "sweep"
    polder("sweep", sweep, "--out", out, "--force", "--quiet")
    rows = read(out / "runs.csv")
    return sum(r["ratified"] == "true" for r in rows) / len(rows)


def footer(name, phrase, variations):
    scenario = ROOT / "scenarios" / name
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        polder("run", scenario, "--runs", RUNS, "--seed", 1, "--out", tmp / "run", "--force",
               "--quiet")
        runs = read(tmp / "run" / "runs.csv")
        rounds = read(tmp / "run" / "rounds.csv")
        n = len(runs)
        share = lambda f: sum(1 for r in runs if f(r)) / n
        ending = lambda e: share(lambda r: r["ending"] == e)
        dropout = [float(r["dropout_rate"]) for r in runs]
        agreed = [float(r["agreement_round"]) for r in runs if r["agreement_round"]]
        played = statistics.mean(float(r["rounds"]) for r in runs)
        by_round = {}
        for r in rounds:
            by_round.setdefault(int(r["round"]), []).append(float(r["mean_contribution"]))
        contrib = ", ".join(
            f"{statistics.mean(by_round[k]):.2f} in round {k}" for k in (1, 12, 24) if k in by_round)
        co_owner = statistics.mean(float(r["share_co_owner"]) for r in runs)
        dutiful = statistics.mean(float(r["share_dutiful"]) for r in runs)
        varied = [(label, variation(scenario, changes, tmp)) for label, changes in variations]
    raw = [
        f"# Typical outcomes (polder run, {RUNS} runs, seed 1; scripts/scenario-outcomes.py):",
        f"#   agreement at the table {pct(share(lambda r: r['agreement'] == 'true'))}, "
        f"ratified {phrase} {pct(ending('ratified'))}, inclusive {pct(share(lambda r: r['inclusive'] == 'true'))}",
        f"#   endings: ratified {pct(ending('ratified'))}, rejected at home {pct(ending('rejected'))}, "
        f"deadline passed {pct(ending('deadline'))}, collapsed {pct(ending('collapsed'))}",
        f"#   dropout (parties that left): mean {pct(statistics.mean(dropout))} of the table, "
        f"median {pct(statistics.median(dropout))}",
        f"#   rounds played {played:.1f} on average; agreements come in round "
        f"{statistics.mean(agreed):.1f} on average" if agreed else
        f"#   rounds played {played:.1f} on average; no agreements",
        f"#   mean contribution of the parties still at the table: {contrib}",
        f"#   at the end {100 * co_owner:.0f}% of the remaining parties are co-owners "
        f"(mede-eigenaar) and {100 * dutiful:.0f}% are dutiful",
        "#   variations measured on this file (share ratified): "
        + "; ".join(f"{label} -> {100 * v:.0f}%" for label, v in varied),
        "# With 2000 runs a share is known to about +-1 percentage point (one standard error).",
    ]
    lines = []
    for line in raw:
        lines += textwrap.wrap(line, width=95, subsequent_indent="#   ")
    return lines + ["# " + "=" * 93]


def main():
    write = "--write" in sys.argv[1:]
    for name, (phrase, variations) in SCENARIOS.items():
        lines = footer(name, phrase, variations)
        path = ROOT / "scenarios" / name
        if write:
            text = path.read_text().split("\n")
            start = next(i for i, l in enumerate(text) if l.startswith("# Typical outcomes"))
            path.write_text("\n".join(text[:start] + lines) + "\n")
            print(f"wrote {path}")
        else:
            print(name)
            print("\n".join(lines))


if __name__ == "__main__":
    main()
