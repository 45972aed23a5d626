#!/usr/bin/env python3
"""Instructions per participant-round, pass by pass (callgrind), for the hot loop's two workloads.

The compiler inlines most of a round into `Model::close_round`, so a plain callgrind profile
cannot say what each mechanism costs. This script copies the repository's committed HEAD into a
temporary worktree, marks every pass of docs/model.md section 3.1 `#[inline(never)]` there (and
nothing else: the outputs stay the same), builds `examples/hotloop` and runs it under callgrind:

    python3 scripts/pass-profile.py [--runs 2000] [--hundred-runs 700]

It prints a Markdown table of each pass's inclusive instructions per participant-round on the
default scenario's own runs and on the default table over 100 rounds (`hotloop ... hundred`).
Nested passes (the mean relations inside the ambient signals, the displeasure inside the refresh)
are indented under their caller and counted in it. The counts are deterministic; the calls that
keep the passes apart add a few instructions to each (the total is within 1% of the inlined
build's). Needs git, cargo and valgrind.
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (file, the signature's text as in the source, the symbol callgrind names, label, nesting)
PASSES = [
    ("src/model.rs", "    pub fn with_policy(", "polder::model::Model::with_policy",
     "seating the table (population, relations, first refresh)", 0),
    ("src/model.rs", "    pub fn observe_table(", "polder::model::Model::observe_table",
     "2 observe_table: active list and table view", 0),
    ("src/opportunism/sabotage.rs", "pub fn reveal_due(", "polder::opportunism::sabotage::reveal_due",
     "3 sabotage::reveal_due", 0),
    ("src/opportunism/sabotage.rs", "pub fn resume_due(", "polder::opportunism::sabotage::resume_due",
     "3b sabotage::resume_due", 0),
    ("src/opportunism/sabotage.rs", "pub fn disrupt(", "polder::opportunism::sabotage::disrupt",
     "4 sabotage::disrupt", 0),
    ("src/negotiation.rs", "pub fn voice(", "polder::negotiation::voice", "5 negotiation::voice", 0),
    ("src/constituency.rs", "pub fn pull(", "polder::constituency::pull", "6 constituency::pull", 0),
    ("src/negotiation.rs", "pub fn meet(", "polder::negotiation::meet", "7 negotiation::meet", 0),
    ("src/cooperation.rs", "pub fn contribute(", "polder::cooperation::contribute",
     "8 cooperation::contribute", 0),
    ("src/opportunism/free_riding.rs", "pub fn detect(", "polder::opportunism::free_riding::detect",
     "9 free_riding::detect", 0),
    ("src/process/progress.rs", "pub fn advance(", "polder::process::progress::advance",
     "10 progress::advance", 0),
    ("src/process/decision.rs", "pub fn decide(", "polder::process::decision::decide",
     "11 decision::decide", 0),
    ("src/model.rs", "    fn ambient_signals(", "polder::model::Model::ambient_signals",
     "12 ambient_signals", 0),
    ("src/model.rs", "    pub fn current_proposal(", "polder::model::Model::current_proposal",
     "the current proposal", 1),
    ("src/model.rs", "    fn mean_relations(", "polder::model::Model::mean_relations",
     "the mean relations (row sums)", 1),
    ("src/model.rs", "    fn update_trust(", "polder::model::Model::update_trust", "13 update_trust", 0),
    ("src/model.rs", "    fn refresh_at(", "polder::model::Model::refresh_at", "14 refresh", 0),
    ("src/constituency.rs", "pub fn refresh_displeasure(", "polder::constituency::refresh_displeasure",
     "the displeasure over all seats", 1),
    ("src/exit.rs", "pub fn exits(", "polder::exit::exits", "15 exit::exits", 0),
    ("src/model.rs", "    fn check_end(", "polder::model::Model::check_end", "16 check_end", 0),
]


def sh(args, **kw):
    return subprocess.run(args, check=True, text=True, **kw)


def mark_passes(tree: Path) -> None:
    for file, signature, _, _, _ in PASSES:
        path = tree / file
        text = path.read_text()
        if text.count(signature) != 1:
            sys.exit(f"pass-profile: `{signature.strip()}` is not in {file} exactly once; "
                     "update PASSES to the source")
        indent = signature[: len(signature) - len(signature.lstrip())]
        path.write_text(text.replace(signature, f"{indent}#[inline(never)]\n{signature}"))


def profile(binary: Path, tree: Path, runs: int, hundred: bool, out: Path) -> dict:
    args = [str(binary), "scenarios/regional-energy.toml", str(runs)] + (["hundred"] if hundred else [])
    run = sh(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + args,
             cwd=tree, capture_output=True)
    rounds = int(re.search(r"(\d+) participant-rounds", run.stdout).group(1))
    listing = sh(["callgrind_annotate", "--inclusive=yes", "--threshold=100", str(out)],
                 capture_output=True).stdout
    total = int(re.search(r"([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", listing).group(1).replace(",", ""))
    counts = {"total": total / rounds}
    for line in listing.splitlines():
        # a function's own inclusive total is the entry that names its binary
        m = re.match(r"\s*([\d,]+) \([ \d.]+%\)\s+\S+:(polder::\S+) \[", line)
        if m:
            counts.setdefault(m.group(2), int(m.group(1).replace(",", "")) / rounds)
    counts["rounds"] = rounds
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=2000, help="own runs (default 2000)")
    ap.add_argument("--hundred-runs", type=int, default=700, help="100-round runs (default 700)")
    a = ap.parse_args()
    commit = sh(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        sh(["git", "worktree", "add", "--detach", "--quiet", str(tree), "HEAD"], cwd=ROOT)
        try:
            mark_passes(tree)
            target = Path(tmp) / "target"
            sh(["cargo", "build", "--release", "--quiet", "--example", "hotloop",
                "--target-dir", str(target)], cwd=tree)
            binary = target / "release/examples/hotloop"
            own = profile(binary, tree, a.runs, False, Path(tmp) / "own.out")
            hundred = profile(binary, tree, a.hundred_runs, True, Path(tmp) / "hundred.out")
        finally:
            sh(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT)
    print(f"Instructions per participant-round by pass at {commit} (callgrind; own runs: "
          f"{a.runs} runs, {own['rounds']} participant-rounds; 100 rounds: {a.hundred_runs} runs, "
          f"{hundred['rounds']} participant-rounds)\n")
    print("| pass (step of docs/model.md 3.1) | own runs | over 100 rounds |")
    print("|---|---|---|")
    for _, _, symbol, label, nested in PASSES:
        name = ("&nbsp;&nbsp;&nbsp;&nbsp;" * nested) + label
        print(f"| {name} | {own.get(symbol, 0.0):.1f} | {hundred.get(symbol, 0.0):.1f} |")
    print(f"| **everything** | **{own['total']:.1f}** | **{hundred['total']:.1f}** |")


if __name__ == "__main__":
    main()
