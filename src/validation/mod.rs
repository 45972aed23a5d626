//! Validation against the seed's claims: each claim is an experiment on the model with common
//! random numbers (every arm plays the same replicates), a stated number of runs, and a pass
//! rule based on 95% confidence intervals of paired differences, so that a pass means the effect
//! lies well outside the noise.
//!
//! `polder validate` prints the table; tests/it/validation.rs asserts that every claim passes.

pub mod calibration;
mod patterns;

use rayon::prelude::*;

use crate::domain::Domain;
use crate::exit;
use crate::model::Model;
use crate::outcome::{NoObserver, RunOutcome};
use crate::participant::Archetype;
use crate::policy::{self, PolicySpec};
use crate::rng::RunSeed;
use crate::runner::simulate_policy;
use crate::scenario::Scenario;
use crate::summary::MeanAcc;

/// How much evidence to gather, and on which model.
#[derive(Debug, Clone)]
pub struct Options {
    /// Replicates per arm.
    pub runs: u64,
    /// Master seed.
    pub seed: u64,
    /// Parameter values set on every table before the experiments (dotted paths as in a sweep
    /// file, e.g. `exit.contagion`): the model defaults and each shipped scenario are changed
    /// alike. Empty: the model as shipped. The calibration by pattern filtering uses them.
    pub overrides: Vec<(String, toml::Value)>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            runs: 2000,
            seed: 20_171_031,
            overrides: Vec::new(),
        }
    }
}

impl Options {
    /// `s` with the overrides set.
    pub fn apply(&self, s: Scenario) -> Result<Scenario, String> {
        if self.overrides.is_empty() {
            return Ok(s);
        }
        let table = crate::sweep::params::BaseTable::new(&s)?;
        let paths = self
            .overrides
            .iter()
            .map(|(path, _)| table.resolve(path))
            .collect::<Result<Vec<_>, String>>()?;
        let values: Vec<_> = paths
            .iter()
            .zip(&self.overrides)
            .map(|(r, (_, v))| (r, v.clone()))
            .collect();
        table.scenario(&values).map_err(|e| e.message)
    }
}

/// One observed quantity with its 95% confidence interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub label: String,
    pub value: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// The outcome of one claim.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimResult {
    pub id: u8,
    pub claim: &'static str,
    /// The expected direction, in words.
    pub expected: &'static str,
    /// What was measured.
    pub observed: Vec<Evidence>,
    pub passed: bool,
}

pub(crate) fn base(o: &Options) -> Scenario {
    o.apply(Scenario {
        name: "validation (model defaults)".into(),
        ..Scenario::default()
    })
    .expect("overrides are checked before the experiments run")
}

/// A statistic of every replicate of one arm, in replicate order.
pub(crate) fn arm(
    s: &Scenario,
    policy: Option<&PolicySpec>,
    o: &Options,
    f: impl Fn(&RunOutcome) -> f64 + Sync,
) -> Vec<f64> {
    (0..o.runs)
        .into_par_iter()
        .map(|r| {
            f(&simulate_policy(
                s,
                policy,
                RunSeed::new(o.seed, 0, r),
                &mut NoObserver,
            ))
        })
        .collect()
}

/// A statistic of every replicate computed from the model as it plays (for per-round claims).
pub(crate) fn arm_model(
    s: &Scenario,
    policy: Option<&PolicySpec>,
    o: &Options,
    f: impl Fn(&mut Model) -> f64 + Sync,
) -> Vec<f64> {
    (0..o.runs)
        .into_par_iter()
        .map(|r| {
            let mut m = Model::with_policy(s, policy, RunSeed::new(o.seed, 0, r));
            f(&mut m)
        })
        .collect()
}

pub(crate) fn mean_ci(label: impl Into<String>, xs: &[f64]) -> Evidence {
    let mut acc = MeanAcc::default();
    for &x in xs {
        acc.push(x);
    }
    let (lo, hi) = acc.ci95();
    Evidence {
        label: label.into(),
        value: acc.mean(),
        ci_low: lo,
        ci_high: hi,
    }
}

/// Paired difference a − b per replicate, mean and t interval.
pub(crate) fn paired(label: impl Into<String>, a: &[f64], b: &[f64]) -> Evidence {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    mean_ci(label, &d)
}

pub(crate) fn positive(e: &Evidence) -> bool {
    e.ci_low > 0.0
}

pub(crate) fn negative(e: &Evidence) -> bool {
    e.ci_high < 0.0
}

pub(crate) fn flag(b: bool) -> f64 {
    if b { 1.0 } else { 0.0 }
}

/// Claim 1: More saboteurs raise dropout and lower the ratified agreement rate, step by step.
fn more_saboteurs(o: &Options) -> ClaimResult {
    let shares = [0.0, 0.1, 0.2, 0.3];
    let arms: Vec<(Vec<f64>, Vec<f64>)> = shares
        .iter()
        .map(|&sh| {
            let mut s = base(o);
            s.archetypes.saboteur_share = sh;
            (
                arm(&s, None, o, |x| x.dropout_rate),
                arm(&s, None, o, |x| flag(x.ratified)),
            )
        })
        .collect();
    let mut observed = Vec::new();
    let mut passed = true;
    for (k, &sh) in shares.iter().enumerate() {
        observed.push(mean_ci(format!("dropout at share {sh}"), &arms[k].0));
        observed.push(mean_ci(format!("ratified at share {sh}"), &arms[k].1));
    }
    for k in 1..shares.len() {
        let dd = paired(
            format!("dropout {} minus {}", shares[k], shares[k - 1]),
            &arms[k].0,
            &arms[k - 1].0,
        );
        let dr = paired(
            format!("ratified {} minus {}", shares[k], shares[k - 1]),
            &arms[k].1,
            &arms[k - 1].1,
        );
        passed &= positive(&dd) && negative(&dr);
        observed.push(dd);
        observed.push(dr);
    }
    ClaimResult {
        id: 1,
        claim: "More saboteurs (share 0 -> 0.3) raise dropout and lower the ratified agreement rate, monotonically in steps of 0.1",
        expected: "every step: dropout difference > 0 and ratified difference < 0 (95% CI excludes 0)",
        observed,
        passed,
    }
}

/// Claim 2: Late reveals do more damage to agreement than early ones.
fn late_reveal(o: &Options) -> ClaimResult {
    let mut early = base(o);
    early.archetypes.saboteur_share = 0.1;
    early.saboteur.reveal_at = 0.2;
    let mut late = early.clone();
    // beyond the planned end: the saboteurs show themselves only at the final vote
    late.saboteur.reveal_at = 2.0;
    let e = arm(&early, None, o, |x| flag(x.agreement));
    let l = arm(&late, None, o, |x| flag(x.agreement));
    let d = paired("agreement early minus late", &e, &l);
    ClaimResult {
        id: 2,
        claim: "Saboteurs that reveal themselves late (at the final vote) do more damage to agreement than the same saboteurs revealed early (at 20% of the plan)",
        expected: "agreement rate early > late",
        passed: positive(&d),
        observed: vec![
            mean_ci("agreement, early reveal", &e),
            mean_ci("agreement, late reveal", &l),
            d,
        ],
    }
}

/// Decline of the sincere participants' mean contribution: rounds 1-3 against rounds 15-20.
fn sincere_decline(m: &mut Model) -> f64 {
    let (mut early, mut late) = (MeanAcc::default(), MeanAcc::default());
    while m.round < 20 && m.step() {
        let c: Vec<f64> = m
            .people
            .iter()
            .filter(|p| p.is_active() && p.archetype == Archetype::Sincere)
            .map(|p| p.contribution)
            .collect();
        if c.is_empty() {
            continue;
        }
        let mean = c.iter().sum::<f64>() / c.len() as f64;
        if m.round <= 3 {
            early.push(mean);
        } else if m.round >= 15 {
            late.push(mean);
        }
    }
    if late.n == 0 {
        return 0.0;
    }
    early.mean() - late.mean()
}

/// Claim 3: Free-riders erode sincere contributions; sanctions hold them up.
fn free_riders(o: &Options) -> ClaimResult {
    let mut loose = base(o);
    loose.archetypes.free_rider_share = 0.3;
    loose.archetypes.saboteur_share = 0.0;
    loose.archetypes.regretter_share = 0.0;
    let mut strict = loose.clone();
    strict.cooperation.sanction = 1.0;
    let l = arm_model(&loose, None, o, sincere_decline);
    let s = arm_model(&strict, None, o, sincere_decline);
    let dl = mean_ci("decline without sanctions (rounds 1-3 minus 15-20)", &l);
    let ds = mean_ci("decline with sanctions", &s);
    let d = paired("decline without minus with", &l, &s);
    ClaimResult {
        id: 3,
        claim: "With free-riders and no sanction, the sincere participants' mean contribution declines over the rounds; with sanctions it holds up",
        expected: "decline without sanctions > 0, and larger than with sanctions",
        passed: positive(&dl) && positive(&d),
        observed: vec![dl, ds, d],
    }
}

/// Claim 4: Trust builds slowly and collapses fast: one breach wipes out many rounds of building.
fn slow_build_fast_collapse(o: &Options) -> ClaimResult {
    let mut s = base(o);
    s.archetypes.saboteur_share = 0.0;
    s.archetypes.free_rider_share = 0.0;
    s.archetypes.regretter_share = 0.0;
    let breach = s.saboteur.breach_shock;
    // per replicate: (rise of mean procedural certainty per round over rounds 1..10, drop caused
    // by one breach in round 11 compared with the same round without it)
    let pairs: Vec<(f64, f64)> = (0..o.runs)
        .into_par_iter()
        .map(|r| {
            let seed = RunSeed::new(o.seed, 0, r);
            let mut a = Model::new(&s, seed);
            let mut b = Model::new(&s, seed);
            let p0 = mean_domain(&a, Domain::Procedural);
            for _ in 0..10 {
                a.step();
                b.step();
            }
            let p10 = mean_domain(&a, Domain::Procedural);
            // one breach in round 11, as a saboteur's leak reaches a party with relation 0.5
            for p in b.people.iter_mut().filter(|p| p.is_active()) {
                p.signal[Domain::Procedural.index()] -= breach;
            }
            a.step();
            b.step();
            let drop = mean_domain(&a, Domain::Procedural) - mean_domain(&b, Domain::Procedural);
            ((p10 - p0) / 10.0, drop)
        })
        .collect();
    let rise: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let drop: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let er = mean_ci("procedural rise per quiet round (rounds 1-10)", &rise);
    let ed = mean_ci("procedural drop from one breach (round 11)", &drop);
    let ratio = ed.value / er.value;
    let passed = er.ci_low > 0.0 && ed.ci_low > 3.0 * er.ci_high;
    ClaimResult {
        id: 4,
        claim: "Trust builds slowly and collapses fast: after a single breach procedural certainty falls in fewer rounds than it took to build up",
        expected: "one breach undoes more than 3 rounds of building",
        passed,
        observed: vec![
            er,
            ed,
            Evidence {
                label: "rounds of building undone by one breach".into(),
                value: ratio,
                ci_low: f64::NAN,
                ci_high: f64::NAN,
            },
        ],
    }
}

fn mean_domain(m: &Model, d: Domain) -> f64 {
    let xs: Vec<f64> = m
        .people
        .iter()
        .filter(|p| p.is_active())
        .map(|p| p.certainty[d.index()])
        .collect();
    xs.iter().sum::<f64>() / xs.len().max(1) as f64
}

fn set_initial(s: &mut Scenario, values: [f64; 4]) {
    for (d, v) in Domain::ALL.iter().zip(values) {
        s.domains.get_mut(*d).initial = v;
    }
}

/// Claim 5: A domain below its lower bound is not compensated away.
fn lower_bound_holds(o: &Options) -> ClaimResult {
    let mut breached = base(o);
    set_initial(&mut breached, [0.62, 0.62, 0.22, 0.62]);
    let mut middling = base(o);
    set_initial(&mut middling, [0.52; 4]);
    let a = arm(&breached, None, o, |x| x.dropout_rate);
    let b = arm(&middling, None, o, |x| x.dropout_rate);
    let d = paired("dropout one-breached minus middling", &a, &b);
    ClaimResult {
        id: 5,
        claim: "Lower bound: with one domain held below its lower bound, dropout is higher than with all four domains at a middling level of the same mean",
        expected: "dropout (procedural 0.22, others 0.62) > dropout (all 0.52)",
        passed: positive(&d),
        observed: vec![
            mean_ci("dropout, procedural below its lower bound", &a),
            mean_ci("dropout, all four middling", &b),
            d,
        ],
    }
}

/// Claim 6: With one weak domain above its lower bound, raising another lowers dropout.
fn compensation_works(o: &Options) -> ClaimResult {
    let mut weak = base(o);
    set_initial(&mut weak, [0.55, 0.55, 0.38, 0.55]);
    let mut carried = weak.clone();
    carried.domains.content.initial = 0.75;
    let a = arm(&weak, None, o, |x| x.dropout_rate);
    let b = arm(&carried, None, o, |x| x.dropout_rate);
    let d = paired("dropout weak minus carried", &a, &b);
    ClaimResult {
        id: 6,
        claim: "Compensation: with one domain weak but above its lower bound, raising another domain lowers dropout",
        expected: "dropout (procedural 0.38) > dropout (procedural 0.38, content 0.75)",
        passed: positive(&d),
        observed: vec![
            mean_ci("dropout, procedural weak", &a),
            mean_ci("dropout, procedural weak, content raised", &b),
            d,
        ],
    }
}

/// Claim 7: Dropout against the planned pace has an interior minimum.
fn pace_optimum(o: &Options) -> ClaimResult {
    let paces = [0.6, 0.8, 1.0, 1.2, 1.5, 2.0, 2.5];
    let arms: Vec<Vec<f64>> = paces
        .iter()
        .map(|&p| {
            let mut s = base(o);
            s.process.pace = p;
            arm(&s, None, o, |x| x.dropout_rate)
        })
        .collect();
    let means: Vec<f64> = arms
        .iter()
        .map(|a| a.iter().sum::<f64>() / a.len() as f64)
        .collect();
    let best = (0..paces.len())
        .min_by(|&a, &b| means[a].total_cmp(&means[b]))
        .expect("paces");
    let mut observed: Vec<Evidence> = paces
        .iter()
        .zip(&arms)
        .map(|(p, a)| mean_ci(format!("dropout at pace {p}"), a))
        .collect();
    let slow = paired(
        format!("dropout pace {} minus pace {}", paces[0], paces[best]),
        &arms[0],
        &arms[best],
    );
    let fast = paired(
        format!(
            "dropout pace {} minus pace {}",
            paces[paces.len() - 1],
            paces[best]
        ),
        &arms[paces.len() - 1],
        &arms[best],
    );
    let passed = best > 0 && best < paces.len() - 1 && positive(&slow) && positive(&fast);
    observed.push(slow);
    observed.push(fast);
    ClaimResult {
        id: 7,
        claim: "Pace: dropout as a function of the planned pace has an interior minimum; both haste and stagnation are worse than a moderate pace",
        expected: "the lowest dropout lies at an inner pace, and both extremes are higher",
        passed,
        observed,
    }
}

/// Content certainty at the end of round 12 and the share of parties that leave afterwards.
fn content_then_dropout(m: &mut Model) -> (f64, f64) {
    while m.round < 12 && m.step() {}
    let content = mean_domain(m, Domain::Content);
    let before = m.departures().0;
    m.run_to_end();
    let after = m.departures().0;
    (content, (after - before) as f64 / m.people.len() as f64)
}

/// Claim 8: Voicing interests raises content certainty and lowers later dropout.
fn voice_first(o: &Options) -> ClaimResult {
    let with = base(o);
    let mut without = base(o);
    for ph in without.process.phases.iter_mut() {
        ph.voice = false;
    }
    let run = |s: &Scenario| -> Vec<(f64, f64)> {
        (0..o.runs)
            .into_par_iter()
            .map(|r| content_then_dropout(&mut Model::new(s, RunSeed::new(o.seed, 0, r))))
            .collect()
    };
    let a = run(&with);
    let b = run(&without);
    let ca: Vec<f64> = a.iter().map(|x| x.0).collect();
    let cb: Vec<f64> = b.iter().map(|x| x.0).collect();
    let da: Vec<f64> = a.iter().map(|x| x.1).collect();
    let db: Vec<f64> = b.iter().map(|x| x.1).collect();
    let dc = paired("content with minus without voice phase", &ca, &cb);
    let dd = paired("later dropout with minus without", &da, &db);
    ClaimResult {
        id: 8,
        claim: "Voice: a phase in which interests are voiced raises content certainty and lowers later dropout compared with skipping it",
        expected: "content after the interests phase higher, dropout after it lower",
        passed: positive(&dc) && negative(&dd),
        observed: vec![
            mean_ci("content after round 12, with voice phase", &ca),
            mean_ci("content after round 12, without", &cb),
            dc,
            mean_ci("dropout after round 12, with voice phase", &da),
            mean_ci("dropout after round 12, without", &db),
            dd,
        ],
    }
}

/// How many times the usual replicates claim 9 plays per arm. Its effect is small against the
/// noise of a rate: agreed but not ratified goes 0.28% -> 1.71% -> 2.54% of runs (10 000
/// replicates per arm, the documented master seed), so the second step of loyalty strength adds
/// about 0.9 percentage points, where the paired difference of 2 000 replicates has a standard
/// error of about 0.4 points. At 2 000 the claim was a coin toss: its second step failed under 5
/// of 9 master seeds (20171031 and 1 to 8). At 10 000 it held under all 9, each step 3.5 to 6
/// standard errors above zero.
pub const DUAL_LOYALTY_SCALE: u64 = 5;

/// Claim 9: Dual loyalty: stronger constituency loyalty widens the gap between agreement at the
/// table and ratification. Plays [`DUAL_LOYALTY_SCALE`] times the usual replicates per arm.
fn dual_loyalty(o: &Options) -> ClaimResult {
    let o = &Options {
        runs: o.runs * DUAL_LOYALTY_SCALE,
        ..o.clone()
    };
    let strengths = [0.5, 1.5, 2.5];
    let gaps: Vec<Vec<f64>> = strengths
        .iter()
        .map(|&k| {
            let mut s = base(o);
            s.constituency.strength = k;
            arm(&s, None, o, |x| flag(x.agreement && !x.ratified))
        })
        .collect();
    let mut observed: Vec<Evidence> = strengths
        .iter()
        .zip(&gaps)
        .map(|(k, g)| mean_ci(format!("agreed but not ratified, strength {k}"), g))
        .collect();
    let d1 = paired("gap 1.5 minus 0.5", &gaps[1], &gaps[0]);
    let d2 = paired("gap 2.5 minus 1.5", &gaps[2], &gaps[1]);
    let passed = positive(&d1) && positive(&d2);
    observed.push(d1);
    observed.push(d2);
    ClaimResult {
        id: 9,
        claim: "Dual loyalty: with stronger constituency loyalty the gap between agreement at the table and ratified agreement widens",
        expected: "share of runs agreed but not ratified rises with loyalty strength 0.5 -> 1.5 -> 2.5 (five times the replicates per arm: the steps are small)",
        passed,
        observed,
    }
}

/// Claim 10: Monitor-and-respond beats the same budget spent without monitoring.
fn temperature_taking(o: &Options) -> ClaimResult {
    let s = base(o);
    let monitor = policy::builtin("monitor").expect("built-in");
    let blind = policy::builtin("balanced").expect("built-in");
    let a = arm(&s, Some(&monitor), o, |x| flag(x.ratified));
    let b = arm(&s, Some(&blind), o, |x| flag(x.ratified));
    let d = paired("ratified monitor minus balanced", &a, &b);
    ClaimResult {
        id: 10,
        claim: "Temperature taking: monitor-and-respond beats the same budget spent without monitoring",
        expected: "ratified agreement rate: monitor > balanced (same budget, no survey)",
        passed: positive(&d),
        observed: vec![
            mean_ci("ratified, monitor", &a),
            mean_ci("ratified, balanced", &b),
            d,
        ],
    }
}

/// Mean exit hazard of the parties other than 0 in rounds 6-8, and exits among them in rounds
/// 6-10, after participant 0 left in round 5 (or not).
fn after_exit(s: &Scenario, seed: RunSeed, leaves: bool) -> (f64, f64) {
    let mut m = Model::new(s, seed);
    for p in m.people.iter_mut() {
        p.outside_option = 0.0;
    }
    while m.round < 4 && m.step() {}
    if leaves && m.people[0].is_active() {
        m.people[0].outside_option = 1.0;
    }
    m.step();
    if leaves {
        m.people[0].outside_option = 0.0;
    }
    let planned = m.process.planned_rounds;
    let (mut hazard, mut n) = (0.0, 0usize);
    let before = m.departures().0 - usize::from(!m.people[0].is_active());
    while m.round < 10 && m.step() {
        if m.round <= 8 {
            for p in m.people.iter().filter(|p| p.is_active() && p.id != 0) {
                hazard += exit::hazard(p, s, planned);
                n += 1;
            }
        }
    }
    let after = m.departures().0 - usize::from(!m.people[0].is_active());
    (hazard / n.max(1) as f64, (after - before) as f64)
}

/// Claim 11: Exits are contagious.
fn contagion(o: &Options) -> ClaimResult {
    let mut s = base(o);
    // a large weight on the outside option lets the test make party 0 leave in round 5
    s.exit.outside_option = 20.0;
    let res: Vec<((f64, f64), (f64, f64))> = (0..o.runs)
        .into_par_iter()
        .map(|r| {
            let seed = RunSeed::new(o.seed, 0, r);
            (after_exit(&s, seed, true), after_exit(&s, seed, false))
        })
        .collect();
    let ha: Vec<f64> = res.iter().map(|x| x.0.0).collect();
    let hb: Vec<f64> = res.iter().map(|x| x.1.0).collect();
    let ea: Vec<f64> = res.iter().map(|x| x.0.1).collect();
    let eb: Vec<f64> = res.iter().map(|x| x.1.1).collect();
    let dh = paired("others' hazard, after an exit minus without", &ha, &hb);
    let de = paired(
        "others' exits rounds 6-10, after an exit minus without",
        &ea,
        &eb,
    );
    ClaimResult {
        id: 11,
        claim: "Exits are contagious: an exit raises the exit hazard of the remaining participants in the following rounds",
        expected: "others' mean exit hazard (rounds 6-8) and exits (rounds 6-10) higher after one party left in round 5",
        passed: positive(&dh) && positive(&de),
        observed: vec![
            mean_ci("others' hazard after an exit", &ha),
            mean_ci("others' hazard without", &hb),
            dh,
            de,
        ],
    }
}

/// Check that the overrides apply to every table (a path that exists, a value in range).
pub fn check_overrides(o: &Options) -> Result<(), String> {
    o.apply(Scenario {
        name: "validation (model defaults)".into(),
        ..Scenario::default()
    })?;
    patterns::tables(o).map(|_| ())
}

/// Every claim, in order.
/// Most replicates per arm `polder validate` accepts: about five hours on one core (the
/// default is 2000), and a bounded amount of memory (see [`BYTES_PER_RUN`]).
pub const MAX_RUNS: u64 = 1_000_000;

/// Bytes an experiment holds per replicate at most (two pairs of f64), for the refusal message.
pub const BYTES_PER_RUN: f64 = 32.0;

pub fn run_all(o: &Options) -> Vec<ClaimResult> {
    vec![
        more_saboteurs(o),
        late_reveal(o),
        free_riders(o),
        slow_build_fast_collapse(o),
        lower_bound_holds(o),
        compensation_works(o),
        pace_optimum(o),
        voice_first(o),
        dual_loyalty(o),
        temperature_taking(o),
        contagion(o),
    ]
    .into_iter()
    .chain(patterns::run_all(o))
    .collect()
}

/// The results as a plain-text table for people.
pub fn render(results: &[ClaimResult], o: &Options) -> String {
    let mut out = format!(
        "Validation against the seed's claims: {} replicates per arm, master seed {}, model defaults\nunless stated; every arm plays the same replicates (paired differences with 95% t intervals).\n\n",
        o.runs, o.seed
    );
    for r in results {
        out.push_str(&format!(
            "{:>2}. [{}] {}\n    expected: {}\n",
            r.id,
            if r.passed { "PASS" } else { "FAIL" },
            r.claim,
            r.expected
        ));
        for e in &r.observed {
            if e.ci_low.is_nan() {
                out.push_str(&format!("    {:<62} {:>8.4}\n", e.label, e.value));
            } else {
                out.push_str(&format!(
                    "    {:<62} {:>8.4}  [{:.4}, {:.4}]\n",
                    e.label, e.value, e.ci_low, e.ci_high
                ));
            }
        }
        out.push('\n');
    }
    let passed = results.iter().filter(|r| r.passed).count();
    out.push_str(&format!("{passed} of {} claims pass.\n", results.len()));
    out
}
