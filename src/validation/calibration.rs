//! Calibration by pattern filtering (pattern-oriented modelling; Grimm et al. 2005, Railsback &
//! Grimm ch. 18): sample the assumed parameters over plausible ranges (a Latin hypercube, the
//! design of a sweep file), run the whole suite of claims and patterns at every sample, and keep
//! the samples under which every one holds. The surviving ranges say how far the data and the
//! literature constrain each parameter; where the defaults sit inside them says whether the
//! defaults are typical of the model that reproduces the patterns or an edge of it.

use crate::sweep::SweepSpec;
use crate::sweep::design;

use super::{Options, run_all};

/// The suite's verdicts at one sample of the parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// The parameter values, in the order of the sweep file's parameters, as written in
    /// design.csv.
    pub values: Vec<String>,
    /// The same values as numbers (every calibrated parameter is numeric).
    pub numbers: Vec<f64>,
    /// Which claims and patterns passed, by id.
    pub passed: Vec<(u8, bool)>,
}

impl Sample {
    /// Every claim and pattern holds.
    pub fn survives(&self) -> bool {
        self.passed.iter().all(|&(_, p)| p)
    }
}

/// Run the suite at every point of the sweep file's design (which must vary numbers only),
/// `runs` replicates per arm, master seed `seed`; `each` is told of every finished sample.
pub fn calibrate(
    spec: &SweepSpec,
    runs: u64,
    seed: u64,
    mut each: impl FnMut(usize, &Sample),
) -> Result<Vec<Sample>, String> {
    if let Some(p) = spec.params.iter().find(|p| !p.kind.is_numeric()) {
        return Err(format!(
            "parameter {} is not a number; a calibration samples numeric parameters",
            p.path
        ));
    }
    let design = design::build(spec, seed);
    let mut out = Vec::with_capacity(design.rows.len());
    for (k, row) in design.rows.iter().enumerate() {
        let overrides: Vec<(String, toml::Value)> = spec
            .params
            .iter()
            .zip(row)
            .map(|(p, level)| (p.path.clone(), level.value(p)))
            .collect();
        let o = Options {
            runs,
            seed,
            overrides,
        };
        super::check_overrides(&o).map_err(|e| format!("sample {k}: {e}"))?;
        let results = run_all(&o);
        let sample = Sample {
            values: spec
                .params
                .iter()
                .zip(row)
                .map(|(p, l)| l.text(p))
                .collect(),
            numbers: row
                .iter()
                .map(|l| match *l {
                    design::Level::Float(x) => x,
                    design::Level::Int(i) => i as f64,
                    _ => f64::NAN,
                })
                .collect(),
            passed: results.iter().map(|r| (r.id, r.passed)).collect(),
        };
        each(k, &sample);
        out.push(sample);
    }
    Ok(out)
}

/// The samples as CSV: one row per sample, the parameter columns, one column per claim
/// (`claim_1` ...: true or false) and `survives`.
pub fn to_csv(spec: &SweepSpec, samples: &[Sample]) -> String {
    let mut s = String::from("sample");
    for p in &spec.params {
        s.push(',');
        s.push_str(&p.column);
    }
    if let Some(first) = samples.first() {
        for (id, _) in &first.passed {
            s.push_str(&format!(",claim_{id}"));
        }
    }
    s.push_str(",survives\n");
    for (k, sample) in samples.iter().enumerate() {
        s.push_str(&k.to_string());
        for v in &sample.values {
            s.push(',');
            s.push_str(v);
        }
        for (_, p) in &sample.passed {
            s.push_str(if *p { ",true" } else { ",false" });
        }
        s.push_str(if sample.survives() {
            ",true\n"
        } else {
            ",false\n"
        });
    }
    s
}

/// A summary for people: how many samples survive, the surviving range of each parameter
/// against its sampled range, where the model default lies, and which claims fail most often.
pub fn render(spec: &SweepSpec, samples: &[Sample], defaults: &[f64]) -> String {
    let survivors: Vec<&Sample> = samples.iter().filter(|s| s.survives()).collect();
    let mut out = format!(
        "Calibration by pattern filtering: {} of {} samples pass every claim and pattern.\n\n",
        survivors.len(),
        samples.len()
    );
    out.push_str(&format!(
        "{:<42} {:>17} {:>17} {:>9}\n",
        "parameter", "sampled range", "surviving range", "default"
    ));
    for (k, p) in spec.params.iter().enumerate() {
        let (lo, hi) = match &p.levels {
            crate::sweep::spec::Levels::Range { min, max } => (*min, *max),
            crate::sweep::spec::Levels::List(_) => (f64::NAN, f64::NAN),
        };
        let kept: Vec<f64> = survivors.iter().map(|s| s.numbers[k]).collect();
        let range = if kept.is_empty() {
            "none".to_string()
        } else {
            let min = kept.iter().copied().fold(f64::INFINITY, f64::min);
            let max = kept.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            format!("{min:.3} .. {max:.3}")
        };
        out.push_str(&format!(
            "{:<42} {:>17} {:>17} {:>9.3}\n",
            p.path,
            format!("{lo:.3} .. {hi:.3}"),
            range,
            defaults.get(k).copied().unwrap_or(f64::NAN)
        ));
    }
    if let Some(first) = samples.first() {
        out.push_str("\nsamples failing each claim or pattern:\n");
        for (idx, (id, _)) in first.passed.iter().enumerate() {
            let failing = samples.iter().filter(|s| !s.passed[idx].1).count();
            if failing > 0 {
                out.push_str(&format!("  {id:>2}: {failing}\n"));
            }
        }
    }
    out
}
