//! Reports for people on the terminal (the CSV files are for analysis).

use std::fmt::Write as _;
use std::path::Path;

use crate::compare::{Comparison, Metric, PER_BUDGET, Ranks, Verdict};
use crate::intervention::Intervention;
use crate::policy::{self, PolicySpec};
use crate::scenario::{Manager, Scenario};

/// How a column is aligned.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
}

/// A plain-text table: a header row and rows, columns two spaces apart, indented by two.
fn table(out: &mut String, columns: &[(&str, Align)], rows: &[Vec<String>]) {
    let width = |k: usize| {
        rows.iter()
            .map(|r| r.get(k).map_or(0, |c| c.chars().count()))
            .chain([columns[k].0.chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..columns.len()).map(width).collect();
    let header: Vec<String> = columns.iter().map(|c| c.0.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::from(" ");
        for (k, cell) in row.iter().enumerate() {
            line.push(' ');
            let pad = widths[k].saturating_sub(cell.chars().count());
            match columns[k].1 {
                Align::Left => {
                    line.push_str(cell);
                    line.push_str(&" ".repeat(pad));
                }
                Align::Right => {
                    line.push_str(&" ".repeat(pad));
                    line.push_str(cell);
                }
            }
            line.push(' ');
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// A value of `metric` for people: percentages for shares, one decimal for rounds, three for
/// certainties; `signed` for differences (in percentage points for shares).
fn show(metric: Metric, x: f64, signed: bool) -> String {
    let (x, decimals) = if metric.is_share() {
        (100.0 * x, 1)
    } else if matches!(metric, Metric::RoundsToAgreement | Metric::BudgetSpent) {
        (x, 1)
    } else {
        (x, 3)
    };
    let s = if signed {
        format!("{x:+.decimals$}")
    } else {
        format!("{x:.decimals$}")
    };
    if metric.is_share() && !signed {
        s + "%"
    } else {
        s
    }
}

fn show_ci(metric: Metric, ci: Option<(f64, f64)>, signed: bool) -> String {
    match ci {
        Some((lo, hi)) => format!(
            "[{}, {}]",
            show(metric, lo, signed),
            show(metric, hi, signed)
        ),
        None => "-".into(),
    }
}

/// The comparison as readable tables, one per metric, policies ranked by ratified agreement
/// rate (best first) in every table, the baseline marked; then the verdicts per policy.
pub fn compare_report(c: &Comparison, ranks: &Ranks) -> String {
    let base = c.baseline_name();
    let order = c.ranking();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Each policy met the same {} replicates: the same parties with the same luck.\n\
         A difference is policy minus {base} on the same replicate, averaged over the replicates\n\
         (paired), with its 95% CI; the verdict is `better` or `worse` when that CI excludes 0.\n\
         Policies are ranked by ratified agreement rate, best first; {base} is the baseline.",
        c.runs
    );
    if c.descriptions.iter().any(|d| !d.is_empty()) {
        let _ = writeln!(out, "\npolicies");
        let width = c.names.iter().map(String::len).max().unwrap_or(0);
        for (name, d) in c.names.iter().zip(&c.descriptions) {
            let _ = writeln!(out, "  {name:<width$}  {d}");
        }
    }
    for metric in Metric::ALL {
        metric_table(&mut out, c, metric, &order);
    }

    if c.names.len() > 1 {
        let _ = writeln!(out, "\nverdicts against {base}");
        for &k in order.iter().filter(|&&k| k != c.baseline) {
            let pick = |v: Verdict| -> Vec<&str> {
                Metric::ALL
                    .iter()
                    .filter(|&&m| c.difference(k, m).map(|d| d.verdict) == Some(v))
                    .map(|m| m.key())
                    .collect()
            };
            let mut parts = Vec::new();
            for v in [Verdict::Better, Verdict::Worse, Verdict::NotDistinguishable] {
                let ms = pick(v);
                if ms.len() == Metric::ALL.len() {
                    parts.push(format!("{} on all {} metrics", v.key(), ms.len()));
                } else if !ms.is_empty() {
                    parts.push(format!("{} on {}", v.key(), ms.join(", ")));
                }
            }
            let _ = writeln!(out, "  {}: {}", c.names[k], parts.join("; "));
        }
        ranking_and_cost(&mut out, c, ranks, &order);
    }
    out
}

/// One metric of a comparison as a table: every policy in `order`, its estimate and its paired
/// difference against the baseline with the verdict.
fn metric_table(out: &mut String, c: &Comparison, metric: Metric, order: &[usize]) {
    let base = c.baseline_name();
    let unit = if metric.is_share() {
        "; differences in percentage points"
    } else {
        ""
    };
    let direction = if metric.higher_is_better() {
        "higher"
    } else {
        "lower"
    };
    let _ = writeln!(out, "\n{} ({direction} is better{unit})", metric.label());
    let rounds = metric.needs_agreement();
    let diff_header = format!("vs {base}");
    let mut columns = vec![("policy", Align::Left)];
    if rounds {
        columns.push(("agreed", Align::Right));
    }
    columns.extend([
        ("estimate", Align::Right),
        ("95% CI", Align::Left),
        (diff_header.as_str(), Align::Right),
        ("95% CI", Align::Left),
    ]);
    if rounds {
        columns.push(("pairs", Align::Right));
    }
    columns.push(("verdict", Align::Left));
    let rows: Vec<Vec<String>> = order
        .iter()
        .map(|&k| {
            let e = c.estimate(k, metric);
            let mut row = vec![c.names[k].clone()];
            if rounds {
                row.push(e.n.to_string());
            }
            row.push(e.value.map_or("-".into(), |v| show(metric, v, false)));
            row.push(show_ci(metric, e.ci, false));
            match c.difference(k, metric) {
                Some(d) => {
                    row.push(d.value.map_or("-".into(), |v| show(metric, v, true)));
                    row.push(show_ci(metric, d.ci, true));
                    if rounds {
                        row.push(d.n.to_string());
                    }
                    row.push(d.verdict.key().into());
                }
                None => {
                    row.push("baseline".into());
                    row.extend(std::iter::repeat_n(String::new(), 2 + usize::from(rounds)));
                }
            }
            row
        })
        .collect();
    table(out, &columns, &rows);
    if rounds {
        let _ = writeln!(
            out,
            "  agreed: runs with an agreement. pairs: replicates in which both the policy and\n\
             \x20 {base} agreed; only those give a paired difference."
        );
    }
}

/// Several scenarios compared with the same policies: which policies cannot be told from the
/// best on the per-replicate mean over the scenarios.
pub fn across_report(cs: &[(&str, &Comparison)]) -> String {
    let mut out = String::new();
    let Some((_, first)) = cs.first() else {
        return out;
    };
    let k = first.names.len();
    let _ = writeln!(
        out,
        "\n== across the {} scenarios ({})\n\
         indistinguishable from the best on the mean over the scenarios of each replicate (a policy\n\
         is out when another beats it in a one-sided paired t test at 0.05 / {})",
        cs.len(),
        cs.iter().map(|c| c.0).collect::<Vec<_>>().join("; "),
        k.max(2) - 1
    );
    let all: Vec<&Comparison> = cs.iter().map(|c| c.1).collect();
    for m in PER_BUDGET {
        let best = crate::compare::best_set_across(&all, m);
        let mean = |p: usize| {
            all.iter()
                .map(|c| c.estimate(p, m).value.unwrap_or(0.0))
                .sum::<f64>()
                / all.len() as f64
        };
        let mut order: Vec<usize> = (0..k).collect();
        order.sort_by(|&a, &b| mean(b).total_cmp(&mean(a)));
        let names: Vec<String> = order
            .iter()
            .filter(|&&p| best[p])
            .map(|&p| format!("{} ({:.1}%)", first.names[p], 100.0 * mean(p)))
            .collect();
        let _ = writeln!(out, "  {}: {}", m.label(), names.join(", "));
    }
    out
}

/// Which policies are indistinguishable from the best, and what their effect costs.
fn ranking_and_cost(out: &mut String, c: &Comparison, ranks: &Ranks, order: &[usize]) {
    let k = c.names.len();
    let _ = writeln!(
        out,
        "\nindistinguishable from the best (multiple comparisons with the best: a policy is out\n\
         when another beats it in a one-sided paired t test at 0.05 / {}, Bonferroni over the\n\
         {} comparisons; the policies named contain the best with 95% confidence)",
        k - 1,
        k - 1
    );
    for (m, best) in PER_BUDGET.iter().zip(&ranks.best) {
        let names: Vec<&str> = order
            .iter()
            .filter(|&&p| best[p])
            .map(|&p| c.names[p].as_str())
            .collect();
        let _ = writeln!(out, "  {}: {}", m.label(), names.join(", "));
    }
    let frontier = &ranks.frontier;
    let base = c.baseline_name();
    let _ = writeln!(
        out,
        "\ncost and effect (budget units spent per run; the change in the rate per 10 units spent\n\
         more than {base}, delta-method 95% CI, shown where the extra spending is distinguishable\n\
         from 0; frontier: no policy spends less on average with a rate at least as high)"
    );
    let per_10 = |p: usize, m: Metric| -> [String; 2] {
        match c.difference(p, m).and(c.paired[p].per_10_units(m)) {
            Some((v, (lo, hi))) => [
                format!("{:+.1}", 100.0 * v),
                format!("[{:+.1}, {:+.1}]", 100.0 * lo, 100.0 * hi),
            ],
            None => ["-".into(), String::new()],
        }
    };
    let on = |f: bool| if f { "yes" } else { "no" }.to_string();
    let rows: Vec<Vec<String>> = order
        .iter()
        .map(|&p| {
            let b = c.estimate(p, Metric::BudgetSpent);
            let [rv, rci] = per_10(p, Metric::RatifiedRate);
            let [iv, ici] = per_10(p, Metric::InclusiveRate);
            vec![
                c.names[p].clone(),
                b.value.map_or("-".into(), |v| format!("{v:.1}")),
                b.ci.map_or("-".into(), |(lo, hi)| format!("[{lo:.1}, {hi:.1}]")),
                rv,
                rci,
                iv,
                ici,
                format!("{} / {}", on(frontier[0][p]), on(frontier[1][p])),
            ]
        })
        .collect();
    table(
        out,
        &[
            ("policy", Align::Left),
            ("budget", Align::Right),
            ("95% CI", Align::Left),
            ("ratified pp/10", Align::Right),
            ("95% CI", Align::Left),
            ("inclusive pp/10", Align::Right),
            ("95% CI", Align::Left),
            ("frontier (ratified / inclusive)", Align::Left),
        ],
        &rows,
    );
}

/// `polder tune` on the terminal: how the search went and its last rung (search estimates),
/// the winner as a `[[policies]]` block to paste, then the confirmation on fresh replicates:
/// the objective and the budget spent of every policy, paired against the tuned one, and which
/// policies are indistinguishable from the best.
pub fn tune_report(
    search: &crate::tune::Search,
    opts: &crate::tune::Options,
    confirmation: &Comparison,
    ranks: &Ranks,
    confirm_seed: u64,
) -> String {
    let objective = opts.objective;
    let mut out = String::new();
    let rungs: Vec<String> = search
        .rungs
        .iter()
        .map(|(n, r)| format!("{n} x {r}"))
        .collect();
    let _ = writeln!(
        out,
        "Search: {} candidates ({} points of the family merged into an earlier candidate with the\n\
         same rules); successive halving, every candidate of a rung on the same replicates of\n\
         seed {} (candidates x replicates per rung: {}).",
        search.candidates.len(),
        search.merged,
        opts.seed,
        rungs.join(", ")
    );
    let last = search.rungs.len().saturating_sub(1);
    let mut finalists: Vec<usize> = (0..search.candidates.len())
        .filter(|&k| search.candidates[k].rung == last)
        .collect();
    finalists.sort_by_key(|&k| {
        let c = &search.candidates[k];
        (
            std::cmp::Reverse(c.successes(objective)),
            c.policy.rules.len(),
            k,
        )
    });
    let _ = writeln!(
        out,
        "\nlast rung ({}; search estimates, biased upwards: the winner won on these replicates)",
        objective.label()
    );
    let rows: Vec<Vec<String>> = finalists
        .iter()
        .map(|&k| {
            let c = &search.candidates[k];
            let (v, ci) = c.estimate(objective);
            vec![
                k.to_string(),
                c.origin.clone(),
                c.replicates.to_string(),
                show(objective, v, false),
                show_ci(objective, Some(ci), false),
                format!("{:.1}", c.mean_spent()),
                c.knobs.describe(),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            ("candidate", Align::Right),
            ("origin", Align::Left),
            ("replicates", Align::Right),
            ("estimate", Align::Right),
            ("95% CI", Align::Left),
            ("budget", Align::Right),
            ("what it does", Align::Left),
        ],
        &rows,
    );
    let w = &search.candidates[search.winner];
    let _ = writeln!(
        out,
        "\nthe winner, candidate {} ({}), to paste into a scenario file:\n\n{}",
        search.winner,
        w.origin,
        w.policy.to_block()
    );
    let _ = write!(
        out,
        "Confirmation on {} fresh replicates (seed {}), every policy on the same ones; a\n\
         difference is policy minus {} on the same replicate (paired), with its 95% CI.\n",
        confirmation.runs,
        confirm_seed,
        confirmation.baseline_name()
    );
    let order = confirmation.ranking_by(objective);
    for metric in [objective, Metric::BudgetSpent] {
        metric_table(&mut out, confirmation, metric, &order);
    }
    let k = confirmation.names.len();
    let at = PER_BUDGET
        .iter()
        .position(|&m| m == objective)
        .expect("the objective is ranked");
    let best: Vec<&str> = order
        .iter()
        .filter(|&&p| ranks.best[at][p])
        .map(|&p| confirmation.names[p].as_str())
        .collect();
    let _ = writeln!(
        out,
        "\nindistinguishable from the best on the {} (a policy is out when\n\
         another beats it in a one-sided paired t test at 0.05 / {}): {}",
        objective.label(),
        k.max(2) - 1,
        best.join(", ")
    );
    out
}

/// `polder policies`: the built-in policies with their descriptions; the policies a scenario
/// defines (with their rules), if a scenario is given; and the interventions with their cost (the
/// scenario's, or the defaults) and what they do.
pub fn policies_report(scenario: Option<(&Path, &Scenario)>) -> String {
    let mut out = String::new();
    let builtins: Vec<PolicySpec> = policy::builtin_names()
        .into_iter()
        .map(|n| policy::builtin(n).expect("listed"))
        .collect();
    let own: &[PolicySpec] = scenario.map_or(&[], |(_, s)| &s.policies);
    let width = builtins
        .iter()
        .chain(own)
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(0);
    let _ = writeln!(
        out,
        "built-in policies (`polder run --policy NAME`, `polder compare --policies A,B,...`):"
    );
    for p in &builtins {
        let _ = writeln!(out, "  {:width$}  {}", p.name, p.description);
    }
    if let Some((path, s)) = scenario {
        if s.policies.is_empty() {
            let _ = writeln!(out, "\n{} defines no policies of its own", path.display());
        } else {
            let _ = writeln!(out, "\npolicies defined in {}:", path.display());
            for p in &s.policies {
                let rules: Vec<String> = p
                    .rules
                    .iter()
                    .map(|r| format!("{} -> {}", r.when, r.action))
                    .collect();
                let what = if p.description.trim().is_empty() {
                    format!("rules: {}", rules.join("; "))
                } else {
                    format!("{} (rules: {})", p.description.trim(), rules.join("; "))
                };
                let _ = writeln!(out, "  {:width$}  {what}", p.name);
            }
        }
    }
    let (costs_of, budget) = match scenario {
        Some((_, s)) => ("in this scenario", s.manager.budget),
        None => ("by default", Manager::default().budget),
    };
    let _ = writeln!(
        out,
        "\ninterventions (cost per use {costs_of}; the manager spends at most {budget} units per round):"
    );
    let iw = Intervention::ALL
        .iter()
        .map(|i| i.key().len())
        .max()
        .unwrap_or(0);
    for i in Intervention::ALL {
        let cost = scenario.map_or(i.default_cost(), |(_, s)| s.interventions.cost(i));
        let _ = writeln!(out, "  {:iw$}  {cost:>4.1}  {}", i.key(), i.describe());
    }
    out
}
