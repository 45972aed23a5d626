#!/usr/bin/env python3
"""Regenerate every documented number after a change to the model, in one command:

    python3 scripts/regenerate-numbers.py            # everything but the calibration
    python3 scripts/regenerate-numbers.py --calibrate   # also docs/validation.md's two calibrations (about an hour)
    python3 scripts/regenerate-numbers.py --only-tune   # only docs/analysts.md's `polder tune` example
    python3 scripts/regenerate-numbers.py --readme      # only README.md's and docs/analysts.md's outputs

It builds polder, then rewrites in place:
  - docs/model.md 7.19, the reference results (cargo run --example reference_results);
  - docs/validation.md, the output of `polder validate` (and with --calibrate the output of
    `polder calibrate scenarios/calibration.toml` and of `... calibration-local.toml`);
  - the "Typical outcomes" footer of every shipped scenario (scripts/scenario-outcomes.py);
  - README.md's outputs of the default job, the worked example and the analysts' tune excerpt,
    and docs/analysts.md's comparison, robustness (one base scenario, and two: robust-two-tables.toml) and tune examples;
  - docs/trainers.md's story excerpt (the last two rounds of the seed-135 story) and
    docs/report.png, a screenshot of that story's report side by side with `monitor`, and
    docs/app.png, the trainers' page with that table played to its end without a manager and
    side by side under `phased`, taken
    with a headless chromium (skipped with a message where there is none).
tests/it/validation.rs and tests/it/cli.rs fail while docs/validation.md, README.md or
docs/analysts.md show older outputs. What stays editorial: the sentences that read the numbers
(the script lists the documents to read again) and the choice of the story's seed.
"""

import re
import shutil
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
        for file, marker in [("calibration.toml", "`polder calibrate scenarios/calibration.toml`:"),
                             ("calibration-local.toml",
                              "`polder calibrate scenarios/calibration-local.toml`:")]:
            with tempfile.TemporaryDirectory() as t:
                sh(POLDER, "calibrate", f"scenarios/{file}", "--out", t, "--force")
                summary = (Path(t) / "calibration.txt").read_text()
            start = text.find(marker)
            if start < 0:
                sys.exit(f"{path}: no `{marker}`")
            head, tail = text[:start], text[start:]
            text = head + replace_between(tail, "Calibration by pattern filtering: ", "\n```",
                                          summary.rstrip(), path)
    path.write_text(text)
    print(f"wrote {path}")


def output_of(args, cwd):
    res = subprocess.run([str(POLDER), *map(str, args)], cwd=cwd, text=True, capture_output=True,
                         check=True)
    return res.stderr + res.stdout


def write_blocks(path, blocks):
    """Replace each `(marker, output)`: the code block from marker to its closing fence."""
    text = path.read_text()
    for marker, new in blocks:
        # keep the lines polder prints in order: progress lines (stderr) come first
        new = "\n".join(l for l in new.splitlines() if not l.startswith("\r")).rstrip() + "\n"
        text = replace_between(text, marker, "```", new, path)
    path.write_text(text)
    print(f"wrote {path} (outputs; read the sentences around them again)")


def readme():
    area_scenario = ROOT / "scenarios" / "area-development.toml"
    with tempfile.TemporaryDirectory() as t:
        # the default job, as `polder` without a command runs it (from a fresh directory)
        default = output_of([], t)
        area = output_of(["run", area_scenario, "--runs", "2000", "--seed", "7",
                          "--out", "results/area"], t)
        # the compare command's default output directory is results/area-development-compare,
        # as the guide says
        compare = output_of(["compare", area_scenario, "--policies",
                             "none,balanced,monitor,phased", "--runs", "1000"], t)
        robust = output_of(["robust", ROOT / "scenarios" / "robust-regional-energy.toml",
                            "--threshold", "ratified_rate=0.75"], t)
        robust_two = output_of(["robust", ROOT / "scenarios" / "robust-two-tables.toml"], t)
    write_blocks(ROOT / "README.md", [
        ("polder: no command given", default),
        ('polder: 2000 runs of "Area development', area),
    ])
    write_blocks(ROOT / "docs" / "analysts.md", [("polder: 4 policies x 1000 runs", compare),
                                                 ("polder: 72000 runs", robust),
                                                 ("polder: 15000 runs (30 points", robust_two)])


def readme_only():
    """Only the outputs README.md and docs/analysts.md show (`--readme`)."""
    sh("cargo", "build", "--release", "--quiet")
    readme()
    analysts_tune()


def analysts_tune():
    """docs/analysts.md's `polder tune` example (about 6 s on 2 idle cores);
    `--only-tune` regenerates this alone."""
    with tempfile.TemporaryDirectory() as t:
        # the default output directory, results/area-development-tune, as the guide says
        tune = output_of(["tune", ROOT / "scenarios" / "area-development.toml", "--budget", "3"], t)
    write_blocks(ROOT / "docs" / "analysts.md", [("polder: tune of", tune)])
    # README's analysts' section: the head of the confirmation's ratified table
    marker = "ratified agreement rate (higher is better; differences in percentage points)\n"
    table = "\n".join(tune[tune.index(marker):].split("\n\n")[0].splitlines()[:6]) + "\n  ..."
    write_blocks(ROOT / "README.md", [(marker, table)])


STORY = ["trace", "scenarios/regional-energy.toml", "--seed", "135"]


def trainers_story():
    """The last two rounds of the seed-135 story, as docs/trainers.md shows them."""
    story = output_of(STORY, ROOT)
    rounds = story.split("\n── Round ")
    last_two = "── Round " + "\n── Round ".join(rounds[-2:])
    last_two = last_two.split("\n══ ")[0].rstrip() + "\n"
    path = ROOT / "docs" / "trainers.md"
    text = path.read_text()
    marker = "`polder trace scenarios/regional-energy.toml --seed 135`):\n\n```\n"
    text = replace_between(text, marker, "```\n\nThe exits", marker + last_two, path)
    path.write_text(text)
    print(f"wrote {path} (the story excerpt; read the sentences after it again)")


def report_picture():
    """docs/report.png: the seed-135 story's report with `monitor` as B, 1000 x 1720 pixels."""
    browser = next((b for b in ["chromium", "chromium-browser", "google-chrome"]
                    if shutil.which(b)), None)
    if browser is None:
        print("no chromium: docs/report.png left as it is")
        return
    with tempfile.TemporaryDirectory() as t:
        out = Path(t) / "story"
        output_of([*STORY, "--versus", "monitor", "--out", out], ROOT)
        output_of(["report", out, "-o", Path(t) / "report.html"], ROOT)
        sh(browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--window-size=1000,1720", f"--screenshot={ROOT / 'docs' / 'report.png'}",
           (Path(t) / "report.html").as_uri())
    print(f"wrote {ROOT / 'docs' / 'report.png'}")


def app_picture():
    """docs/app.png: the trainers' page at 1280 x 800, seed 135's table played to its end without
    a manager (A) and side by side under `phased` (policy 9 in the page, B), as README shows it."""
    browser = next((b for b in ["chromium", "chromium-browser", "google-chrome"]
                    if shutil.which(b)), None)
    if browser is None:
        print("no chromium: docs/app.png left as it is")
        return
    page = ROOT / "target" / "polder.html"
    if subprocess.run(["bash", "scripts/build-app.sh", str(page)], cwd=ROOT,
                      capture_output=True).returncode != 0:
        print("scripts/build-app.sh failed (no wasm32 target?): docs/app.png left as it is")
        return
    with tempfile.TemporaryDirectory() as t:
        sh(browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           f"--user-data-dir={t}", "--proxy-server=http://127.0.0.1:9",
           "--window-size=1280,800", f"--screenshot={ROOT / 'docs' / 'app.png'}",
           page.as_uri() + "#scenario=0&policy=0&side=9&seed=135&run=0&play=end")
    print(f"wrote {ROOT / 'docs' / 'app.png'}")


def main():
    if "--readme" in sys.argv[1:]:
        readme_only()
        return
    sh("cargo", "build", "--release", "--quiet")
    if "--only-tune" in sys.argv[1:]:
        analysts_tune()
        return
    model_reference()
    validation("--calibrate" in sys.argv[1:])
    subprocess.run([sys.executable, str(ROOT / "scripts" / "scenario-outcomes.py"), "--write"],
                   check=True)
    readme()
    analysts_tune()
    trainers_story()
    report_picture()
    app_picture()


if __name__ == "__main__":
    main()
