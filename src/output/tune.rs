//! tune.csv: the candidates of a `polder tune` search, one row each, in the order made.

use std::io;
use std::path::Path;

use super::csv::{Table, num};
use crate::tune::{Options, Search};

/// Columns of tune.csv, in order.
pub const TUNE_COLUMNS: &[&str] = &[
    "candidate",
    "origin",
    "content",
    "social",
    "procedural",
    "task_time",
    "steer",
    "phase",
    "free_riders",
    "spoilers",
    "survey_every",
    "slots",
    "extra_when",
    "rules",
    "rung",
    "replicates",
    "objective",
    "estimate",
    "ci_low",
    "ci_high",
    "budget_spent",
    "winner",
];

/// tune.csv of a search, written atomically into `dir` (still to be committed).
pub fn tune_table(search: &Search, opts: &Options, dir: &Path) -> io::Result<Table> {
    let mut t = Table::create(&dir.join("tune.csv"), TUNE_COLUMNS)?;
    for (k, c) in search.candidates.iter().enumerate() {
        let (estimate, (lo, hi)) = c.estimate(opts.objective);
        let rules: Vec<String> = c
            .policy
            .rules
            .iter()
            .map(|r| format!("{} -> {}", r.when, r.action))
            .collect();
        let mut row = vec![k.to_string(), c.origin.clone()];
        row.extend(c.knobs.weights.iter().map(|&w| num(w)));
        row.extend([
            num(c.knobs.free_riders),
            num(c.knobs.spoilers),
            c.knobs.survey.map(|s| s.to_string()).unwrap_or_default(),
            c.knobs.slots.to_string(),
            c.knobs.extra_when.key(),
            rules.join("; "),
            c.rung.to_string(),
            c.replicates.to_string(),
            opts.objective.key().to_string(),
            num(estimate),
            num(lo),
            num(hi),
            num(c.mean_spent()),
            (k == search.winner).to_string(),
        ]);
        t.row(&row)?;
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::TUNE_COLUMNS;
    use crate::tune::family::ITEMS;

    /// The weights are written in the order of the family's items, under the items' names.
    #[test]
    fn weight_columns_are_the_family_s_items() {
        let first = TUNE_COLUMNS
            .iter()
            .position(|c| *c == ITEMS[0])
            .expect("a column per item");
        assert_eq!(&TUNE_COLUMNS[first..first + ITEMS.len()], &ITEMS[..]);
    }
}
