//! The one place where a scenario is checked. Everything downstream trusts a validated scenario.

use super::{KindSpec, Scenario};
use crate::domain::Domain;
use crate::participant::kind::PartyKind;

/// Largest table the model accepts: the relation matrix grows with the square of it.
pub const MAX_PARTICIPANTS: usize = 1000;
// every participant must have dice of its own (src/rng.rs)
const _: () = assert!(MAX_PARTICIPANTS <= crate::rng::MAX_DICE_PARTICIPANTS);
/// Longest process the model accepts, in rounds.
pub const MAX_ROUNDS: u32 = 100_000;

/// Smallest constituency tolerance and spread: the width of the approval curve. Far below any
/// meaningful value (the shipped scenarios use 0.1 to 0.2) and far above where the curve's
/// arithmetic degenerates (about 1e-15).
pub const MIN_CURVE_WIDTH: f64 = 0.001;

/// A field that failed validation: its dotted path and what was expected.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    /// Dotted path of the field, e.g. `domains.content.lower_bound` or `process.phases[2].rounds`.
    pub field: String,
    /// What was expected and what was found.
    pub message: String,
}

/// A number as a message shows it: plain decimals, but very small or very large values in
/// scientific notation (1e-300, not a 0 followed by 300 digits).
pub fn shown(v: f64) -> String {
    if v != 0.0 && v.is_finite() && !(1e-4..1e16).contains(&v.abs()) {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

struct Checker {
    first: Option<Invalid>,
}

impl Checker {
    fn fail(&mut self, field: impl Into<String>, message: impl Into<String>) {
        if self.first.is_none() {
            self.first = Some(Invalid {
                field: field.into(),
                message: message.into(),
            });
        }
    }

    /// `lo <= v <= hi`; NaN and infinities fail.
    fn range(&mut self, field: &str, v: f64, lo: f64, hi: f64) {
        if !(v.is_finite() && (lo..=hi).contains(&v)) {
            self.fail(
                field,
                format!("expected a number between {lo} and {hi}, got {}", shown(v)),
            );
        }
    }

    /// `lo <= v <= hi`, with the reason for the bounds in the message.
    fn range_why(&mut self, field: &str, v: f64, lo: f64, hi: f64, why: &str) {
        if !(v.is_finite() && (lo..=hi).contains(&v)) {
            self.fail(
                field,
                format!(
                    "expected a number between {lo} and {hi} ({why}), got {}",
                    shown(v)
                ),
            );
        }
    }

    fn unit(&mut self, field: &str, v: f64) {
        self.range(field, v, 0.0, 1.0);
    }

    fn positive_unit(&mut self, field: &str, v: f64) {
        if !(v.is_finite() && v > 0.0 && v <= 1.0) {
            self.fail(
                field,
                format!("expected a number above 0 and at most 1, got {}", shown(v)),
            );
        }
    }
}

impl Scenario {
    /// Check every field and every relation between fields. Returns the first problem found.
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker { first: None };
        check_names(&mut c, self);
        check_table(&mut c, self);
        check_domains(&mut c, self);
        check_trust(&mut c, self);
        check_negotiation(&mut c, self);
        check_constituency(&mut c, self);
        check_cooperation(&mut c, self);
        check_relations(&mut c, self);
        check_exit(&mut c, self);
        check_inclusion(&mut c, self);
        check_manager(&mut c, self);
        check_regretter(&mut c, self);

        match c.first {
            Some(inv) => Err(inv),
            None => Ok(()),
        }
    }
}

/// The names and the description: present and printable.
fn check_names(c: &mut Checker, sc: &Scenario) {
    if sc.name.trim().is_empty() {
        c.fail("name", "expected a non-empty scenario name");
    }
    if let Some(m) = crate::error::unprintable_in_name(&sc.name) {
        c.fail("name", m);
    }
    if let Some(nl) = &sc.name_nl {
        if nl.trim().is_empty() {
            c.fail(
                "name_nl",
                "expected a non-empty Dutch name, or no name_nl at all",
            );
        }
        if let Some(m) = crate::error::unprintable_in_name(nl) {
            c.fail("name_nl", m);
        }
    }
    let text = sc.description.replace(['\n', '\t'], " ");
    if let Some(m) = crate::error::unprintable_in_name(&text) {
        c.fail("description", m.replace("a name of", "text of"));
    }
}

/// The table: its size, its kinds of parties and the archetypes among them.
fn check_table(c: &mut Checker, sc: &Scenario) {
    let p = &sc.participants;
    if !(2..=MAX_PARTICIPANTS).contains(&p.count) {
        c.fail(
            "participants.count",
            format!(
                "expected between 2 and {MAX_PARTICIPANTS} participants, got {} (the relation matrix needs count^2 cells per run)",
                p.count
            ),
        );
    }
    c.range("participants.trait_spread", p.trait_spread, 0.0, 0.5);

    for kind in PartyKind::ALL {
        check_kind(c, kind, sc.kinds.spec(kind));
    }
    let share_sum: f64 = PartyKind::ALL
        .iter()
        .map(|&k| sc.kinds.profile(k).share)
        .sum();
    if c.first.is_none() && (share_sum - 1.0).abs() > 1e-6 {
        c.fail(
            "kinds",
            format!(
                "expected the shares of government, market and society to add up to 1, got {share_sum}"
            ),
        );
    }

    let a = &sc.archetypes;
    c.unit("archetypes.free_rider_share", a.free_rider_share);
    c.unit("archetypes.saboteur_share", a.saboteur_share);
    c.unit("archetypes.regretter_share", a.regretter_share);
    let arch_sum = a.free_rider_share + a.saboteur_share + a.regretter_share;
    if c.first.is_none() && arch_sum > 1.0 + 1e-9 {
        c.fail(
            "archetypes",
            format!(
                "expected free_rider_share + saboteur_share + regretter_share to be at most 1 (the rest are sincere), got {arch_sum}"
            ),
        );
    }
}

/// The four domains: initial certainty, its spread, lower bound and challenge.
fn check_domains(c: &mut Checker, sc: &Scenario) {
    for d in Domain::ALL {
        let s = sc.domains.get(d);
        let base = format!("domains.{}", d.key());
        c.unit(&format!("{base}.initial"), s.initial);
        c.range(&format!("{base}.spread"), s.spread, 0.0, 0.3);
        c.unit(&format!("{base}.lower_bound"), s.lower_bound);
        c.unit(&format!("{base}.challenge"), s.challenge);
        if c.first.is_none() && s.spread > 0.0 && s.spread.powi(2) >= s.initial * (1.0 - s.initial)
        {
            c.fail(
                format!("{base}.spread"),
                format!(
                    "expected a spread below sqrt(initial*(1-initial)) = {:.3} so that initial certainty can follow a Beta distribution, got {}",
                    (s.initial * (1.0 - s.initial)).sqrt(),
                    s.spread
                ),
            );
        }
        if c.first.is_none() && s.lower_bound >= s.challenge {
            c.fail(
                format!("{base}.challenge"),
                format!(
                    "expected the challenge ({}) to lie above the lower bound ({})",
                    s.challenge, s.lower_bound
                ),
            );
        }
    }
}

/// Trust, compensation between domains and the challenge; then the process.
fn check_trust(c: &mut Checker, sc: &Scenario) {
    c.positive_unit("trust.gain", sc.trust.gain);
    c.positive_unit("trust.loss", sc.trust.loss);
    c.unit("compensation.strength", sc.compensation.strength);
    c.unit("compensation.spillover", sc.compensation.spillover);
    let ch = &sc.challenge;
    c.unit("challenge.urgency", ch.urgency);
    c.unit("challenge.leadership", ch.leadership);
    c.unit("challenge.peer_pressure", ch.peer_pressure);
    c.unit("challenge.plan_ownership", ch.plan_ownership);

    check_process(c, sc);
}

/// The negotiation over content.
fn check_negotiation(c: &mut Checker, sc: &Scenario) {
    let n = &sc.negotiation;
    c.unit("negotiation.max_radius", n.max_radius);
    c.unit("negotiation.concession_rate", n.concession_rate);
    c.unit("negotiation.room_interests", n.room_interests);
    c.unit("negotiation.room_information", n.room_information);
    c.unit("negotiation.voice_probability", n.voice_probability);
    c.unit("negotiation.voice_outside_phase", n.voice_outside_phase);
    c.unit("negotiation.voice_content_gain", n.voice_content_gain);
    c.unit("negotiation.voice_procedural_gain", n.voice_procedural_gain);
    c.unit("negotiation.shared_picture", n.shared_picture);
    c.unit("negotiation.prospect_weight", n.prospect_weight);
    c.unit("negotiation.detail_adaptation", n.detail_adaptation);
    c.unit("negotiation.detail_penalty", n.detail_penalty);
}

/// The constituencies (dubbele loyaliteit).
fn check_constituency(c: &mut Checker, sc: &Scenario) {
    let k = &sc.constituency;
    c.range("constituency.strength", k.strength, 0.0, 3.0);
    c.unit("constituency.pressure", k.pressure);
    // the approval curve divides by erf(tolerance / (spread sqrt 2)): below these bounds it
    // rounds to 0 and the run would compute 0/0
    c.range_why(
        "constituency.tolerance",
        k.tolerance,
        MIN_CURVE_WIDTH,
        1.0,
        "a smaller tolerance makes the approval curve degenerate (0/0)",
    );
    c.range_why(
        "constituency.spread",
        k.spread,
        MIN_CURVE_WIDTH,
        1.0,
        "a smaller spread makes the approval curve degenerate (0/0)",
    );
    c.unit("constituency.quota", k.quota);
    c.unit("constituency.reverberation", k.reverberation);
    c.unit("constituency.hardening", k.hardening);
    c.unit("constituency.collective_shift", k.collective_shift);
    c.range("constituency.sounding_noise", k.sounding_noise, 0.0, 0.5);
    c.unit("constituency.projection", k.projection);
    c.range("constituency.mandate", k.mandate, 0.0, 0.9);
    c.unit("constituency.feedback", k.feedback);
}

/// Cooperation: beliefs, contributions and the work.
fn check_cooperation(c: &mut Checker, sc: &Scenario) {
    let co = &sc.cooperation;
    c.unit("cooperation.initial_belief", co.initial_belief);
    c.range(
        "cooperation.belief_intercept",
        co.belief_intercept,
        -1.0,
        1.0,
    );
    c.unit("cooperation.belief_persistence", co.belief_persistence);
    c.unit("cooperation.belief_others", co.belief_others);
    if c.first.is_none() && co.belief_persistence + co.belief_others > 1.0 + 1e-9 {
        c.fail(
            "cooperation.belief_others",
            format!(
                "expected belief_persistence + belief_others to be at most 1 (beliefs must stay bounded), got {}",
                co.belief_persistence + co.belief_others
            ),
        );
    }
    c.range("cooperation.intercept", co.intercept, -1.0, 1.0);
    c.range("cooperation.slope", co.slope, 0.0, 2.0);
    c.unit("cooperation.ownership_effort", co.ownership_effort);
    c.unit("cooperation.uncertainty_drag", co.uncertainty_drag);
    c.positive_unit(
        "cooperation.uncertainty_reference",
        co.uncertainty_reference,
    );
    c.positive_unit("cooperation.reference", co.reference);
    c.unit("cooperation.dutiful_work", co.dutiful_work);
    c.range("cooperation.social_weight", co.social_weight, 0.0, 2.0);
    c.unit("cooperation.sanction", co.sanction);
}

/// Relations between parties and the ownership spectrum.
fn check_relations(c: &mut Checker, sc: &Scenario) {
    let r = &sc.relations;
    c.unit("relations.mean", r.mean);
    c.range("relations.spread", r.spread, 0.0, 0.5);
    c.range("relations.same_kind_bonus", r.same_kind_bonus, -0.5, 0.5);
    c.unit("relations.improve", r.improve);
    c.unit("relations.damage", r.damage);
    c.unit("relations.social_weight", r.social_weight);

    let o = &sc.ownership;
    c.unit("ownership.dutiful_below", o.dutiful_below);
    c.unit("ownership.co_owner_above", o.co_owner_above);
    if c.first.is_none() && o.dutiful_below >= o.co_owner_above {
        c.fail(
            "ownership.co_owner_above",
            format!(
                "expected co_owner_above ({}) to lie above dutiful_below ({})",
                o.co_owner_above, o.dutiful_below
            ),
        );
    }
    c.range("ownership.hysteresis", o.hysteresis, 0.0, 0.2);
    c.unit("ownership.rate", o.rate);
    c.unit("ownership.identification_rate", o.identification_rate);
    c.unit(
        "ownership.initial_group_identification",
        o.initial_group_identification,
    );
}

/// Exit, free-riders and saboteurs.
fn check_exit(c: &mut Checker, sc: &Scenario) {
    let e = &sc.exit;
    c.range("exit.baseline", e.baseline, -20.0, 5.0);
    c.range("exit.lower_bound", e.lower_bound, 0.0, 20.0);
    c.range("exit.trust", e.trust, 0.0, 20.0);
    c.unit("exit.trust_reference", e.trust_reference);
    c.range("exit.identification", e.identification, 0.0, 20.0);
    c.range("exit.investment", e.investment, 0.0, 20.0);
    c.range("exit.outside_option", e.outside_option, 0.0, 20.0);
    c.range("exit.pressure", e.pressure, 0.0, 20.0);
    c.range("exit.contagion", e.contagion, 0.0, 20.0);
    c.range("exit.contagion_memory", e.contagion_memory, 0.0, 0.99);
    c.unit("exit.social_shock", e.social_shock);

    let f = &sc.free_rider;
    c.unit("free_rider.effort", f.effort);
    c.unit("free_rider.detection", f.detection);
    c.unit("free_rider.social_shock", f.social_shock);

    let s = &sc.saboteur;
    c.range("saboteur.reveal_at", s.reveal_at, 0.0, 2.0);
    if s.reveal_jitter > 100 {
        c.fail(
            "saboteur.reveal_jitter",
            format!("expected at most 100 rounds, got {}", s.reveal_jitter),
        );
    }
    c.unit("saboteur.reveal_shock", s.reveal_shock);
    c.range("saboteur.early_weight", s.early_weight, 0.0, 5.0);
    c.unit("saboteur.breach_probability", s.breach_probability);
    c.unit("saboteur.breach_shock", s.breach_shock);
    c.unit("saboteur.doubt", s.doubt);
    c.unit("saboteur.distancing", s.distancing);
    c.unit("saboteur.exclusion", s.exclusion);
    c.unit("saboteur.exclusion_relief", s.exclusion_relief);

    c.unit("saboteur.limited_share", s.limited_share);
    c.unit("saboteur.greedy_share", s.greedy_share);
    if c.first.is_none() && s.limited_share + s.greedy_share > 1.0 + 1e-9 {
        c.fail(
            "saboteur.greedy_share",
            format!(
                "expected limited_share + greedy_share to be at most 1 (the rest are total spoilers), got {}",
                s.limited_share + s.greedy_share
            ),
        );
    }
}

/// Inclusion: essential parties and kinds need seats at this table.
fn check_inclusion(c: &mut Checker, sc: &Scenario) {
    let inc = &sc.inclusion;
    c.unit("inclusion.min_seat_share", inc.min_seat_share);
    if c.first.is_none() && (2..=MAX_PARTICIPANTS).contains(&sc.participants.count) {
        let counts = crate::participant::population::apportion(
            sc.participants.count,
            PartyKind::ALL.map(|k| sc.kinds.profile(k).share),
        );
        for (kind, seats) in PartyKind::ALL.into_iter().zip(counts) {
            let wanted = inc.essential_parties.of(kind);
            if wanted > seats {
                c.fail(
                    format!("inclusion.essential_parties.{}", kind.key()),
                    format!(
                        "expected at most the {seats} {} seats of this table, got {wanted}",
                        kind.key()
                    ),
                );
            }
            if inc.essential_kinds.contains(&kind) && seats == 0 {
                c.fail(
                    "inclusion.essential_kinds",
                    format!(
                        "{} is essential but has no seat at this table (its share gives 0 of {} seats)",
                        kind.key(),
                        sc.participants.count
                    ),
                );
            }
        }
    }
}

/// The process manager, the interventions and the policies.
fn check_manager(c: &mut Checker, sc: &Scenario) {
    let mg = &sc.manager;
    c.range("manager.budget", mg.budget, 0.0, 20.0);
    c.range("manager.survey_noise", mg.survey_noise, 0.0, 0.5);
    c.unit("manager.diagnosis_accuracy", mg.diagnosis_accuracy);
    c.unit("manager.fatigue", mg.fatigue);
    for i in crate::intervention::Intervention::ALL {
        let spec = sc.interventions.spec(i);
        if let Some(v) = spec.cost {
            c.range(&format!("interventions.{}.cost", i.key()), v, 0.0, 20.0);
        }
        if let Some(v) = spec.effect {
            c.unit(&format!("interventions.{}.effect", i.key()), v);
        }
    }
    for (k, p) in sc.policies.iter().enumerate() {
        let phases: Vec<&str> = sc.process.phases.iter().map(|x| x.name.as_str()).collect();
        if let Err(inv) = p.validate(&phases) {
            c.fail(format!("policies[{k}].{}", inv.field), inv.message);
        }
        if sc.policies[..k].iter().any(|q| q.name == p.name) {
            c.fail(
                format!("policies[{k}].name"),
                format!(
                    "expected unique policy names, but \"{}\" appears twice",
                    p.name
                ),
            );
        }
    }
}

/// Regretters.
fn check_regretter(c: &mut Checker, sc: &Scenario) {
    let g = &sc.regretter;
    c.unit("regretter.withdraw_probability", g.withdraw_probability);
    c.unit("regretter.social_shock", g.social_shock);
    c.unit("regretter.procedural_shock", g.procedural_shock);
}

fn check_kind(c: &mut Checker, kind: PartyKind, s: &KindSpec) {
    let base = format!("kinds.{}", kind.key());
    let fields = [
        ("share", s.share, 1.0),
        ("position", s.position, 1.0),
        ("position_spread", s.position_spread, 0.5),
        ("loyalty", s.loyalty, 1.0),
        ("willingness", s.willingness, 1.0),
        ("topic_identification", s.topic_identification, 1.0),
        ("outside_option", s.outside_option, 1.0),
    ];
    for (name, value, hi) in fields {
        if let Some(v) = value {
            c.range(&format!("{base}.{name}"), v, 0.0, hi);
        }
    }
}

fn check_process(c: &mut Checker, s: &Scenario) {
    let p = &s.process;
    if p.phases.is_empty() {
        c.fail(
            "process.phases",
            "expected at least one phase ([[process.phases]] with name and rounds)",
        );
    }
    for (i, ph) in p.phases.iter().enumerate() {
        let base = format!("process.phases[{i}]");
        if ph.name.trim().is_empty() {
            c.fail(format!("{base}.name"), "expected a non-empty phase name");
        }
        if let Some(m) = crate::error::unprintable_in_name(&ph.name) {
            c.fail(format!("{base}.name"), m);
        }
        if let Some(nl) = &ph.name_nl {
            if nl.trim().is_empty() {
                c.fail(
                    format!("{base}.name_nl"),
                    "expected a non-empty Dutch phase name, or no name_nl at all",
                );
            }
            if let Some(m) = crate::error::unprintable_in_name(nl) {
                c.fail(format!("{base}.name_nl"), m);
            }
        }
        if p.phases[..i].iter().any(|q| q.name == ph.name) {
            c.fail(
                format!("{base}.name"),
                format!(
                    "expected unique phase names, but \"{}\" appears twice",
                    ph.name
                ),
            );
        }
        if !(1..=1000).contains(&ph.rounds) {
            c.fail(
                format!("{base}.rounds"),
                format!("expected between 1 and 1000 rounds, got {}", ph.rounds),
            );
        }
        c.unit(&format!("{base}.detail"), ph.detail);
    }
    if let Some(last) = p.phases.last()
        && !last.decision
    {
        c.fail(
            format!("process.phases[{}].decision", p.phases.len() - 1),
            format!(
                "expected the last phase (\"{}\") to be a decision moment (decision = true): without a final decision no agreement can be reached",
                last.name
            ),
        );
    }
    c.range("process.pace", p.pace, 0.1, 5.0);
    let planned = p.planned_rounds();
    if p.max_rounds != 0 && !(planned..=MAX_ROUNDS).contains(&p.max_rounds) {
        c.fail(
            "process.max_rounds",
            format!(
                "expected 0 (twice the planned {planned} rounds) or a deadline between the planned duration {planned} and {MAX_ROUNDS}, got {}",
                p.max_rounds
            ),
        );
    }
    if p.max_rounds == 0 && 2 * planned > MAX_ROUNDS {
        c.fail(
            "process.phases",
            format!("expected phases of at most {MAX_ROUNDS} rounds in total, got {planned}"),
        );
    }
    c.range("process.qualified_share", p.qualified_share, 0.5, 1.0);
    if !(1..=20).contains(&p.revote_every) {
        c.fail(
            "process.revote_every",
            format!("expected between 1 and 20 rounds, got {}", p.revote_every),
        );
    }
    c.unit("process.min_active_share", p.min_active_share);
    c.positive_unit("process.stagnation_below", p.stagnation_below);
    c.range("process.haste_above", p.haste_above, 1.0, 10.0);
    c.range("process.stagnation_weight", p.stagnation_weight, 0.0, 5.0);
    c.range("process.haste_weight", p.haste_weight, 0.0, 5.0);
    c.unit("process.on_plan_gain", p.on_plan_gain);
    c.unit("process.rules_gain", p.rules_gain);
    c.unit("process.careless_probability", p.careless_probability);
    c.unit("process.careless_shock", p.careless_shock);
    c.unit("process.milestone_gain", p.milestone_gain);
    c.unit("process.small_win", p.small_win);
    c.unit("process.failed_vote_shock", p.failed_vote_shock);
}
