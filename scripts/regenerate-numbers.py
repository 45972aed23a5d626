#!/usr/bin/env python3
"""Regenerate every documented number after a change to the model, in one command:

    python3 scripts/regenerate-numbers.py            # everything but the calibration
    python3 scripts/regenerate-numbers.py --calibrate   # also docs/validation.md's calibration (about 15 min)

It builds polder, then rewrites in place:
  - docs/model.md 7.19, the reference results (cargo run --example reference_results);
  - docs/validation.md, the output of `polder validate` (and with --calibrate the output of
    `polder calibrate scenarios/calibration.toml`);
  - the "Typical outcomes" footer of every shipped scenario (scripts/scenario-outcomes.py);
  - README.md's outputs of the default job, the worked example and the comparison.
tests/validation.rs and tests/cli.rs fail while docs/validation.md or README.md show older
outputs. What stays editorial: the sentences that read the numbers, the story excerpt in README
(pick a seed with `polder trace`) and docs/report.png (a screenshot of that story's report).
"""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POLDER = ROOT / "target" / "release" / "polder"


def sh(*args, **kw):
    return subprocess.run(list(map(str, args)), cwd=ROOT, check=True, text=True,
                          capture_output=True, **kw)


def replace_between(text, start_marker, end_marker, new, path):
    """Replace what lies from start_marker (included) up to end_marker (excluded)."""
    a = text.find(start_marker)
    if a < 0:
        sys.exit(f"{path}: no `{start_marker}`")
    b = text.find(end_marker, a)
    if b < 0:
        sys.exit(f"{path}: no `{end_marker}` after `{start_marker}`")
    return text[:a] + new + text[b:]


def model_reference():
    out = sh("cargo", "run", "--release", "--quiet", "--example", "reference_results").stdout
    main, rounds, sentence = out.strip().split("\n\n")
    path = ROOT / "docs" / "model.md"
    text = path.read_text()
    text = replace_between(text, "| Variant (change from defaults) |",
                           '"agreement", "ratified", "inclusive"', main + "\n\n", path)
    text = replace_between(text, "| Variant | round 1 |", "How these show the patterns:",
                           rounds + "\n\n" + sentence + "\n\n", path)
    path.write_text(text)
    print(f"wrote {path} (7.19)")


def validation(calibrate):
    out = subprocess.run([str(POLDER), "validate"], cwd=ROOT, text=True, capture_output=True).stdout
    path = ROOT / "docs" / "validation.md"
    text = path.read_text()
    text = replace_between(text, "Validation against the seed's claims: ", "\n```",
                           out.rstrip(), path)
    if calibrate:
        with tempfile.TemporaryDirectory() as t:
            sh(POLDER, "calibrate", "scenarios/calibration.toml", "--out", t, "--force")
            summary = (Path(t) / "calibration.txt").read_text()
        text = replace_between(text, "Calibration by pattern filtering: ", "\n```",
                               summary.rstrip(), path)
    path.write_text(text)
    print(f"wrote {path}")


def readme():
    path = ROOT / "README.md"
    text = path.read_text()
    with tempfile.TemporaryDirectory() as t:
        # the default job, as `polder` without a command runs it (from a fresh directory)
        res = subprocess.run([str(POLDER)], cwd=t, text=True, capture_output=True, check=True)
        default = res.stderr + res.stdout
        res = subprocess.run([str(POLDER), "run", ROOT / "scenarios" / "area-development.toml",
                              "--runs", "2000", "--seed", "7", "--out", "results/area"],
                             cwd=t, text=True, capture_output=True, check=True)
        area = res.stderr + res.stdout
        res = subprocess.run([str(POLDER), "compare", ROOT / "scenarios" / "area-development.toml",
                              "--policies", "none,balanced,monitor,phased", "--runs", "1000"],
                             cwd=t, text=True, capture_output=True, check=True)
        compare = res.stderr + res.stdout
    # the compare command prints absolute scenario paths nowhere; its default output directory is
    # results/area-development-compare, as README says
    for marker, new in [
        ("polder: no command given", default),
        ('polder: 2000 runs of "Area development', area),
        ("polder: 4 policies x 1000 runs", compare),
    ]:
        # keep the lines polder prints in order: progress lines (stderr) come first
        new = "\n".join(l for l in new.splitlines() if not l.startswith("\r")).rstrip() + "\n"
        text = replace_between(text, marker, "```", new, path)
    path.write_text(text)
    print(f"wrote {path} (outputs; read the sentences around them again)")


def main():
    sh("cargo", "build", "--release", "--quiet")
    model_reference()
    validation("--calibrate" in sys.argv[1:])
    subprocess.run([sys.executable, str(ROOT / "scripts" / "scenario-outcomes.py"), "--write"],
                   check=True)
    readme()


if __name__ == "__main__":
    main()
