//! Invariants that must hold for every valid scenario, checked on many random ones.
//!
//! Sizes: 260 random scenarios drawn with ChaCha8Rng seeded 20_240_611 (at least 200 must be
//! valid and all valid ones are used: 237 with this seed); 2..=40 participants, 1..=5 phases of
//! 1..=6 rounds (deadline at most 3x the plan); 3 replicates each (711 runs). Plus one CLI run
//! of 50 replicates of a 12-party scenario for the CSV-level checks.

use std::collections::BTreeMap;
use std::fs;

use assert_cmd::cargo::cargo_bin_cmd;
use polder::Ending;
use polder::outcome::{RoundRecorder, TableState};
use polder::scenario::{DecisionRule, PhaseSpec};
use polder::{RoundRecord, RunOutcome, RunSeed, Scenario};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use tempfile::TempDir;

const GENERATED: usize = 260;
const MIN_VALID: usize = 200;
const REPLICATES: u64 = 3;
const MASTER_SEED: u64 = 20_240_611;

fn unit(rng: &mut ChaCha8Rng) -> f64 {
    rng.random::<f64>()
}

/// A random scenario, mostly valid: some draws (domain spreads at extreme initial certainty,
/// archetype shares) can break validation on purpose, so that filtering is exercised.
fn random_scenario(rng: &mut ChaCha8Rng, i: usize) -> Scenario {
    let mut s = Scenario {
        name: format!("random-{i}"),
        ..Scenario::default()
    };

    s.participants.count = rng.random_range(2..=40);
    s.participants.trait_spread = rng.random_range(0.0..=0.5);

    // kind shares adding up to 1, and random kind traits
    let w: [f64; 3] = [
        rng.random_range(0.05..1.0),
        rng.random_range(0.05..1.0),
        rng.random_range(0.05..1.0),
    ];
    let total: f64 = w.iter().sum();
    for (k, spec) in [
        &mut s.kinds.government,
        &mut s.kinds.market,
        &mut s.kinds.society,
    ]
    .into_iter()
    .enumerate()
    {
        spec.share = Some(w[k] / total);
        if rng.random_bool(0.5) {
            spec.position = Some(unit(rng));
            spec.position_spread = Some(rng.random_range(0.0..=0.5));
            spec.loyalty = Some(unit(rng));
            spec.willingness = Some(unit(rng));
            spec.topic_identification = Some(unit(rng));
            spec.outside_option = Some(unit(rng));
        }
    }

    // archetype mixes: none, a little, or a lot (occasionally summing above 1: invalid)
    let a = &mut s.archetypes;
    match rng.random_range(0..4) {
        0 => {
            a.free_rider_share = 0.0;
            a.saboteur_share = 0.0;
            a.regretter_share = 0.0;
        }
        1 => {
            a.free_rider_share = rng.random_range(0.0..0.3);
            a.saboteur_share = rng.random_range(0.0..0.3);
            a.regretter_share = rng.random_range(0.0..0.3);
        }
        _ => {
            a.free_rider_share = rng.random_range(0.0..0.45);
            a.saboteur_share = rng.random_range(0.0..0.45);
            a.regretter_share = rng.random_range(0.0..0.45);
        }
    }

    for d in [
        &mut s.domains.content,
        &mut s.domains.social,
        &mut s.domains.procedural,
        &mut s.domains.task_time,
    ] {
        d.initial = rng.random_range(0.05..0.95);
        d.spread = rng.random_range(0.0..0.3);
        d.lower_bound = rng.random_range(0.0..0.6);
        d.challenge = rng.random_range(d.lower_bound + 0.01..=1.0);
    }

    s.trust.gain = rng.random_range(0.01..=1.0);
    s.trust.loss = rng.random_range(0.01..=1.0);

    s.compensation.strength = unit(rng);
    s.compensation.below_lower_bound = rng.random_bool(0.5);
    s.compensation.spillover = unit(rng);

    s.challenge.urgency = unit(rng);
    s.challenge.leadership = unit(rng);
    s.challenge.peer_pressure = unit(rng);
    s.challenge.plan_ownership = unit(rng);

    // 1..=5 phases of 1..=6 rounds; the last one a decision moment
    let n_phases = rng.random_range(1..=5);
    s.process.phases = (0..n_phases)
        .map(|k| PhaseSpec {
            name: format!("phase-{k}"),
            name_nl: None,
            rounds: rng.random_range(1..=6),
            detail: unit(rng),
            voice: rng.random_bool(0.5),
            decision: k + 1 == n_phases || rng.random_bool(0.3),
        })
        .collect();
    let planned = s.process.planned_rounds();
    s.process.max_rounds = if rng.random_bool(0.5) {
        0
    } else {
        rng.random_range(planned..=3 * planned)
    };
    s.process.pace = rng.random_range(0.1..=5.0);
    s.process.decision_rule = match rng.random_range(0..3) {
        0 => DecisionRule::Consensus,
        1 => DecisionRule::QualifiedMajority,
        _ => DecisionRule::Majority,
    };
    s.process.qualified_share = rng.random_range(0.5..=1.0);
    s.process.revote_every = rng.random_range(1..=5);
    s.process.min_active_share = rng.random_range(0.0..=0.7);
    s.process.stagnation_below = rng.random_range(0.05..=1.0);
    s.process.haste_above = rng.random_range(1.0..=3.0);
    s.process.careless_probability = unit(rng);
    s.process.careless_shock = unit(rng);
    s.process.failed_vote_shock = unit(rng);

    s.negotiation.max_radius = unit(rng);
    s.negotiation.concession_rate = unit(rng);
    s.negotiation.room_interests = unit(rng);
    s.negotiation.voice_probability = unit(rng);
    s.negotiation.detail_penalty = unit(rng);

    s.constituency.strength = rng.random_range(0.0..=3.0);
    s.constituency.pressure = unit(rng);
    s.constituency.tolerance = rng.random_range(0.01..=1.0);
    s.constituency.quota = unit(rng);
    s.constituency.hardening = unit(rng);

    s.cooperation.slope = rng.random_range(0.0..=2.0);
    s.cooperation.intercept = rng.random_range(-0.5..=0.5);
    s.cooperation.ownership_effort = unit(rng);
    s.cooperation.sanction = unit(rng);
    s.cooperation.social_weight = rng.random_range(0.0..=2.0);

    s.relations.mean = unit(rng);
    s.relations.spread = rng.random_range(0.0..=0.5);
    s.relations.same_kind_bonus = rng.random_range(-0.5..=0.5);

    s.ownership.dutiful_below = rng.random_range(0.0..0.5);
    s.ownership.co_owner_above = rng.random_range(s.ownership.dutiful_below + 0.01..=1.0);
    s.ownership.hysteresis = rng.random_range(0.0..=0.2);

    s.exit.baseline = rng.random_range(-12.0..=-2.0);
    s.exit.lower_bound = rng.random_range(0.0..=6.0);
    s.exit.trust = rng.random_range(0.0..=8.0);
    s.exit.contagion = rng.random_range(0.0..=5.0);
    s.exit.contagion_memory = rng.random_range(0.0..=0.99);

    s.free_rider.detection = unit(rng);
    s.saboteur.reveal_at = rng.random_range(0.0..=2.0);
    s.saboteur.reveal_jitter = rng.random_range(0..=5);
    s.saboteur.reveal_at_final_vote = rng.random_bool(0.5);
    s.saboteur.breach_probability = unit(rng);
    s.saboteur.exclusion = unit(rng);
    s.regretter.withdraw_probability = unit(rng);
    s
}

fn valid_scenarios() -> Vec<Scenario> {
    let mut rng = ChaCha8Rng::seed_from_u64(MASTER_SEED);
    let generated: Vec<Scenario> = (0..GENERATED)
        .map(|i| random_scenario(&mut rng, i))
        .collect();
    let valid: Vec<Scenario> = generated
        .into_iter()
        .filter(|s| s.validate().is_ok())
        .collect();
    assert!(
        valid.len() >= MIN_VALID,
        "only {} of {GENERATED} random scenarios are valid",
        valid.len()
    );
    valid
}

fn check_rate(x: f64, what: &str, ctx: &str) {
    assert!(
        x.is_finite() && (0.0..=1.0).contains(&x),
        "{ctx}: {what} = {x} is not a rate in [0, 1]"
    );
}

fn check_finite(x: f64, what: &str, ctx: &str) {
    assert!(x.is_finite(), "{ctx}: {what} = {x} is not finite");
}

fn check_table(t: &TableState, ctx: &str) {
    for (d, c) in t.certainty.iter().enumerate() {
        check_rate(*c, &format!("certainty[{d}]"), ctx);
    }
    check_rate(t.process_trust, "process_trust", ctx);
    check_rate(t.contribution, "contribution", ctx);
    check_rate(t.share_dutiful, "share_dutiful", ctx);
    check_rate(t.share_engaged, "share_engaged", ctx);
    check_rate(t.share_co_owner, "share_co_owner", ctx);
    check_rate(t.position_mean, "position_mean", ctx);
    check_finite(t.position_sd, "position_sd", ctx);
    assert!(t.position_sd >= 0.0, "{ctx}: position_sd {}", t.position_sd);
    check_rate(t.relation, "relation", ctx);
}

fn shares_sum(t: &TableState) -> f64 {
    t.share_dutiful + t.share_engaged + t.share_co_owner
}

fn check_run(s: &Scenario, o: &RunOutcome, rounds: &[RoundRecord], ctx: &str) {
    let n = s.participants.count;
    assert_eq!(o.participants, n, "{ctx}");

    // the outcome on its own
    check_table(&o.final_table, &format!("{ctx}, outcome"));
    check_rate(o.dropout_rate, "dropout_rate", ctx);
    check_rate(o.voiced_share, "voiced_share", ctx);
    check_rate(o.mean_contribution, "mean_contribution", ctx);
    check_rate(
        o.mean_contribution_sincere,
        "mean_contribution_sincere",
        ctx,
    );
    check_rate(o.final_proposal, "final_proposal", ctx);
    assert_eq!(
        o.active + o.exited + o.excluded,
        n,
        "{ctx}: outcome head count"
    );
    assert_eq!(
        o.dropout_rate,
        o.exited as f64 / n as f64,
        "{ctx}: dropout_rate"
    );
    assert!(
        !o.ratified || o.agreement,
        "{ctx}: ratified without agreement"
    );
    assert_eq!(
        o.agreement_round.is_some(),
        o.agreement,
        "{ctx}: agreement_round {:?} vs agreement {}",
        o.agreement_round,
        o.agreement
    );
    if let Some(r) = o.agreement_round {
        assert!(
            r >= 1 && r <= o.rounds,
            "{ctx}: agreement_round {r} of {}",
            o.rounds
        );
    }
    assert!(o.rounds >= 1, "{ctx}: no round played");
    assert!(
        o.rounds <= s.process.deadline(),
        "{ctx}: {} rounds past the deadline {}",
        o.rounds,
        s.process.deadline()
    );
    assert!(o.phase_reached < s.process.phases.len(), "{ctx}");
    // home fronts: only signatories of a passed final vote put it to their constituency; under
    // consensus one rejection sinks the agreement, and a rejected agreement had at least one
    assert!(
        o.agreement || o.home_rejections == 0,
        "{ctx}: {} home rejections without an agreement",
        o.home_rejections
    );
    assert!(
        o.home_rejections as usize <= o.active,
        "{ctx}: home rejections"
    );
    assert!(
        o.ending != Ending::Rejected || o.home_rejections >= 1,
        "{ctx}: rejected, yet no home front rejected"
    );
    if s.process.decision_rule == DecisionRule::Consensus {
        assert!(
            !o.ratified || o.home_rejections == 0,
            "{ctx}: ratified by consensus with {} home rejections",
            o.home_rejections
        );
    }
    assert!(o.free_riders_detected <= o.free_riders, "{ctx}");
    assert!(o.saboteurs_revealed <= o.saboteurs, "{ctx}");
    assert!(
        o.excluded <= o.saboteurs_revealed,
        "{ctx}: only revealed saboteurs are excluded"
    );
    assert!(
        o.free_riders + o.saboteurs + o.regretters <= n,
        "{ctx}: archetypes"
    );
    if o.active > 0 {
        let sum = shares_sum(&o.final_table);
        assert!(
            (sum - 1.0).abs() <= 1e-9,
            "{ctx}: final shares sum to {sum}"
        );
    }

    // every round record
    assert_eq!(
        rounds.len() as u32,
        o.rounds,
        "{ctx}: round records vs rounds"
    );
    let (mut prev_exited, mut prev_excluded) = (0, 0);
    for (k, r) in rounds.iter().enumerate() {
        let rctx = format!("{ctx}, round {}", r.round);
        assert_eq!(r.round, k as u32 + 1, "{ctx}: rounds not consecutive");
        assert_eq!(r.active + r.exited + r.excluded, n, "{rctx}: head count");
        assert!(r.exited >= prev_exited, "{rctx}: exited fell");
        assert!(r.excluded >= prev_excluded, "{rctx}: excluded fell");
        assert_eq!(
            r.exited - prev_exited,
            r.events.exits as usize,
            "{rctx}: exit events vs exited"
        );
        assert_eq!(
            r.excluded - prev_excluded,
            r.events.exclusions as usize,
            "{rctx}: exclusion events vs excluded"
        );
        prev_exited = r.exited;
        prev_excluded = r.excluded;
        assert!(
            r.phase < s.process.phases.len(),
            "{rctx}: phase {}",
            r.phase
        );
        check_table(&r.table, &rctx);
        check_finite(r.work, "work", &rctx);
        check_finite(r.progress, "progress", &rctx);
        assert!(r.work >= 0.0 && r.progress >= 0.0, "{rctx}: negative work");
        if r.active > 0 {
            let sum = shares_sum(&r.table);
            assert!((sum - 1.0).abs() <= 1e-9, "{rctx}: shares sum to {sum}");
        }
    }

    // rounds against outcome
    let last = rounds.last().expect("at least one round");
    assert_eq!(
        (last.active, last.exited, last.excluded),
        (o.active, o.exited, o.excluded),
        "{ctx}: last round vs outcome"
    );
    assert_eq!(
        last.table, o.final_table,
        "{ctx}: last table vs final table"
    );
    let sum = |f: fn(&RoundRecord) -> u32| rounds.iter().map(f).sum::<u32>();
    assert_eq!(sum(|r| r.events.exits) as usize, o.exited, "{ctx}: exits");
    assert_eq!(
        sum(|r| r.events.exclusions) as usize,
        o.excluded,
        "{ctx}: exclusions"
    );
    assert_eq!(
        sum(|r| r.events.reveals) as usize,
        o.saboteurs_revealed,
        "{ctx}: reveals"
    );
    assert_eq!(
        sum(|r| r.events.detections) as usize,
        o.free_riders_detected,
        "{ctx}: detections"
    );
    assert_eq!(sum(|r| r.events.votes), o.votes, "{ctx}: votes");
    assert_eq!(
        sum(|r| r.events.withdrawals),
        o.withdrawals,
        "{ctx}: withdrawals"
    );
    assert_eq!(
        sum(|r| r.events.careless),
        o.careless_decisions,
        "{ctx}: careless decisions"
    );
    assert_eq!(
        sum(|r| r.events.breaches),
        o.confidentiality_breaches,
        "{ctx}: breaches"
    );
    let first_reveal = rounds
        .iter()
        .find(|r| r.events.reveals > 0)
        .map(|r| r.round);
    assert_eq!(
        first_reveal, o.first_reveal_round,
        "{ctx}: first reveal round"
    );
    if let Some(r) = o.agreement_round {
        assert!(
            rounds[r as usize - 1].events.votes > 0,
            "{ctx}: agreement without a vote"
        );
    }
}

#[test]
fn invariants_hold_on_random_scenarios() {
    let scenarios = valid_scenarios();
    // counts over all runs, to make sure the checks above met the situations they guard
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, s) in scenarios.iter().enumerate() {
        for rep in 0..REPLICATES {
            let seed = RunSeed::new(MASTER_SEED, i as u64, rep);
            let mut rec = RoundRecorder::default();
            let o = polder::simulate(s, seed, &mut rec);
            let ctx = format!(
                "scenario {i} ({}), replicate {rep}; scenario:\n{}",
                s.name,
                toml::to_string(s).unwrap()
            );
            check_run(s, &o, &rec.rounds, &ctx);
            *seen.entry(o.ending.key()).or_default() += 1;
            for (key, hit) in [
                ("with exits", o.exited > 0),
                ("with exclusions", o.excluded > 0),
                ("with reveals", o.saboteurs_revealed > 0),
                ("with agreement", o.agreement),
                ("with withdrawals", o.withdrawals > 0),
                ("with careless decisions", o.careless_decisions > 0),
                ("with nobody left", o.active == 0),
            ] {
                if hit {
                    *seen.entry(key).or_default() += 1;
                }
            }
        }
    }
    eprintln!(
        "{} valid scenarios x {REPLICATES} replicates; runs by kind: {seen:?}",
        scenarios.len()
    );
    // the random scenarios reach every ending and the events the invariants are about
    for key in [
        "ratified",
        "rejected",
        "deadline",
        "collapsed",
        "with exits",
        "with exclusions",
        "with reveals",
        "with agreement",
        "with withdrawals",
        "with careless decisions",
    ] {
        assert!(
            seen.get(key).copied().unwrap_or(0) > 0,
            "no run {key}; seen: {seen:?}"
        );
    }
}

#[test]
fn validation_rejects_what_the_generator_breaks() {
    // The generator's parameter ranges are meant to be valid except where noted; make sure the
    // invalid ones fail for the documented reasons only.
    let mut rng = ChaCha8Rng::seed_from_u64(MASTER_SEED);
    let mut invalid = 0;
    for i in 0..GENERATED {
        let s = random_scenario(&mut rng, i);
        if let Err(e) = s.validate() {
            invalid += 1;
            assert!(
                e.field == "archetypes" || e.field.ends_with(".spread"),
                "scenario {i}: unexpected validation failure {e:?}"
            );
        }
    }
    assert!(invalid < GENERATED - MIN_VALID + 1, "{invalid} invalid");
}

// ---- the same at the CSV level --------------------------------------------------------------

const CSV_SCENARIO: &str = r#"name = "csv invariants"

[participants]
count = 12

[archetypes]
free_rider_share = 0.2
saboteur_share = 0.2
regretter_share = 0.2

[exit]
baseline = -3.5

[saboteur]
exclusion = 0.5

[[process.phases]]
name = "explore"
rounds = 3
voice = true

[[process.phases]]
name = "decide"
rounds = 4
decision = true
"#;

fn column(header: &csv::StringRecord, name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

#[test]
fn csv_tables_agree() {
    const RUNS: usize = 50;
    let dir = TempDir::new().unwrap();
    let scen = dir.path().join("csv.toml");
    fs::write(&scen, CSV_SCENARIO).unwrap();
    let out = dir.path().join("out");
    let o = cargo_bin_cmd!("polder")
        .arg("run")
        .arg(&scen)
        .args([
            "--runs",
            &RUNS.to_string(),
            "--seed",
            "5",
            "--quiet",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let mut runs = csv::Reader::from_path(out.join("runs.csv")).unwrap();
    let h = runs.headers().unwrap().clone();
    let (r_id, r_rounds, r_active, r_exited, r_excluded, r_part) = (
        column(&h, "run_id"),
        column(&h, "rounds"),
        column(&h, "active"),
        column(&h, "exited"),
        column(&h, "excluded"),
        column(&h, "participants"),
    );
    let runs: Vec<csv::StringRecord> = runs.records().map(Result::unwrap).collect();
    assert_eq!(runs.len(), RUNS);

    let mut rounds = csv::Reader::from_path(out.join("rounds.csv")).unwrap();
    let h = rounds.headers().unwrap().clone();
    let (d_id, d_round, d_active, d_exited, d_excluded, d_exits) = (
        column(&h, "run_id"),
        column(&h, "round"),
        column(&h, "active"),
        column(&h, "exited"),
        column(&h, "excluded"),
        column(&h, "exits"),
    );
    // per run: its rounds rows in order
    let mut by_run: BTreeMap<u64, Vec<csv::StringRecord>> = BTreeMap::new();
    let mut last_id = 0;
    for rec in rounds.records() {
        let rec = rec.unwrap();
        let id: u64 = rec[d_id].parse().unwrap();
        assert!(id >= last_id, "rounds.csv not in run order");
        last_id = id;
        by_run.entry(id).or_default().push(rec);
    }
    assert_eq!(by_run.len(), RUNS, "every run has rounds");

    let num = |s: &str| -> u64 { s.parse().unwrap() };
    let mut any_exit = false;
    for (k, run) in runs.iter().enumerate() {
        let id = num(&run[r_id]);
        assert_eq!(id, k as u64);
        let rows = &by_run[&id];
        assert_eq!(
            rows.len() as u64,
            num(&run[r_rounds]),
            "run {id}: rounds rows vs rounds column"
        );
        for (j, row) in rows.iter().enumerate() {
            assert_eq!(num(&row[d_round]), j as u64 + 1, "run {id}: round numbers");
            assert_eq!(
                num(&row[d_active]) + num(&row[d_exited]) + num(&row[d_excluded]),
                num(&run[r_part]),
                "run {id}, round {}: head count",
                j + 1
            );
        }
        let last = rows.last().unwrap();
        for (dc, rc, what) in [
            (d_active, r_active, "active"),
            (d_exited, r_exited, "exited"),
            (d_excluded, r_excluded, "excluded"),
        ] {
            assert_eq!(
                last[dc], run[rc],
                "run {id}: last rounds row vs runs.csv, {what}"
            );
        }
        let exits: u64 = rows.iter().map(|r| num(&r[d_exits])).sum();
        assert_eq!(exits, num(&run[r_exited]), "run {id}: exit events");
        any_exit |= exits > 0;
    }
    assert!(
        any_exit,
        "no exit in 50 runs: the exit checks were not exercised"
    );
}

#[test]
fn the_checks_catch_inconsistencies() {
    // A correct run passes; each corrupted copy of it must be caught.
    let s = Scenario {
        name: "check the checker".into(),
        ..Scenario::default()
    };
    let mut rec = RoundRecorder::default();
    let o = polder::simulate(&s, RunSeed::new(1, 0, 0), &mut rec);
    check_run(&s, &o, &rec.rounds, "pristine");

    type Corrupt = fn(&mut RunOutcome, &mut Vec<RoundRecord>);
    let corruptions: [(&str, Corrupt); 6] = [
        ("rate above 1", |o, _| o.final_table.process_trust = 1.5),
        ("NaN", |_, r| r[0].table.certainty[2] = f64::NAN),
        ("missing round", |_, r| {
            r.pop();
        }),
        ("rounds out of order", |_, r| r.swap(0, 1)),
        ("head count", |_, r| r[0].active += 1),
        ("agreement round without agreement", |o, _| {
            o.agreement = false;
            o.agreement_round = Some(1);
        }),
    ];
    for (what, corrupt) in corruptions {
        let (mut o2, mut r2) = (o.clone(), rec.rounds.clone());
        corrupt(&mut o2, &mut r2);
        let caught = std::panic::catch_unwind(|| check_run(&s, &o2, &r2, what)).is_err();
        assert!(caught, "corruption not caught: {what}");
    }
}

/// The hot loop sums every party's relations with the table at once (adding whole rows of the
/// symmetric matrix); that must give exactly, bit for bit, the mean relation computed party by
/// party, for every table size (the rows are padded to multiples of four).
#[test]
fn table_wide_relation_sums_equal_the_per_party_mean() {
    let scenarios = valid_scenarios();
    let mut checked = 0usize;
    for (i, s) in scenarios.iter().enumerate() {
        let mut m = polder::model::Model::new(s, RunSeed::new(MASTER_SEED, i as u64, 0));
        loop {
            let more = m.step();
            for &p in &m.active {
                assert_eq!(
                    m.people[p].mean_relation.to_bits(),
                    m.mean_relation(p).to_bits(),
                    "scenario {i}, round {}, party {p}",
                    m.round
                );
                checked += 1;
            }
            if !more {
                break;
            }
        }
    }
    assert!(checked > 10_000, "only {checked} comparisons");
}
