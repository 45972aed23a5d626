#!/usr/bin/env python3
"""Run the EMA Workbench's PRIM on a CSV of cases and print its peeling and pasting trajectory.

Used by tests/it/robust.rs to check polder's PRIM (src/robust/prim.rs) against the reference
implementation on the same data: `python3 scripts/ema-prim.py cases.csv` where cases.csv has one
column per parameter and a last column `y` (0 or 1, 1 for a case of interest). Prints one CSV row
per box of the trajectory: coverage, density, mass, n, k, then the lower and the upper limit of
every parameter. Needs `pip install ema-workbench` (the version .ci/run installs).
"""
import sys
import warnings

warnings.filterwarnings("ignore")

import pandas as pd  # noqa: E402
from ema_workbench.analysis import prim  # noqa: E402

data = pd.read_csv(sys.argv[1])
y = data.pop("y").values.astype(int)
x = data.astype(float)
p = prim.Prim(x, y, threshold=0.5)  # coi: y >= 0.5; defaults: peel and paste alpha 0.05, mass_min 0.05
box = p.find_box()
t = box.peeling_trajectory
for i in range(len(t)):
    lims = box.box_lims[i]
    row = [t.loc[i, "coverage"], t.loc[i, "density"], t.loc[i, "mass"], t.loc[i, "n"], t.loc[i, "k"]]
    row += [lims.loc[0, c] for c in x.columns] + [lims.loc[1, c] for c in x.columns]
    print(",".join(repr(float(v)) for v in row))
