//! The model for a web page: a small hand-written `extern "C"` surface that the trainer's page
//! (`polder app`) calls from JavaScript once the library is compiled to WebAssembly.
//!
//! Numbers in, numbers out: a table is started from a shipped scenario (built in), a policy and
//! a seed, and played one round at a time; after each round the page reads the table's state
//! and the seats from arrays of `f64` in linear memory (a pointer and a length), and at the end
//! the run's outcome, whose fields are named as the columns of runs.csv. Texts (names, field
//! lists) go out through one byte buffer as UTF-8. The same functions run natively, which is how
//! the tests check that the page's run is `polder run`'s, bit for bit.
//!
//! There is one table at a time (per thread): the page is single-threaded.

use std::cell::RefCell;

use crate::domain::Domain;
use crate::events::{Event, EventCounts};
use crate::model::{Ending, Model};
use crate::outcome::{RoundRecord, RunOutcome};
use crate::participant::{Participation, PartyKind, Presence};
use crate::policy::PolicySpec;
use crate::rng::{MAX_REPLICATE, RunSeed};
use crate::scenario::Scenario;
use crate::text::Lang;
use crate::trace::Trace;
use crate::trace::story::Narrator;

/// The scenarios the page offers: (file name, text), as shipped in scenarios/.
pub const SCENARIOS: [(&str, &str); 3] = [
    (
        "regional-energy.toml",
        include_str!("../scenarios/regional-energy.toml"),
    ),
    (
        "area-development.toml",
        include_str!("../scenarios/area-development.toml"),
    ),
    (
        "care-network.toml",
        include_str!("../scenarios/care-network.toml"),
    ),
];

/// The names of [`polder_round`]'s numbers, in order.
pub const ROUND_FIELDS: [&str; 27] = [
    "round",
    "phase",
    "active",
    "exited",
    "excluded",
    "content",
    "social",
    "procedural",
    "task_time",
    "process_trust",
    "share_dutiful",
    "share_engaged",
    "share_co_owner",
    "progress",
    "proposal",
    "exits",
    "voices",
    "detections",
    "reveals",
    "breaches",
    "exclusions",
    "careless",
    "votes",
    "votes_passed",
    "withdrawals",
    "interventions",
    "ended",
];

/// The numbers per seat in [`polder_seats`], in order: presence (0 at the table, 1 left, 2
/// excluded), the round it went (0 while at the table), its kind (index into government,
/// market, society), its participation level (0 dutiful, 1 engaged, 2 co-owner), its weakest
/// domain (the one nearest to or furthest below its lower bound: 0 content, 1 social, 2
/// procedural, 3 task & time), and its four certainties.
pub const SEAT_FIELDS: [&str; 9] = [
    "presence",
    "left_round",
    "kind",
    "participation",
    "weakest",
    "content",
    "social",
    "procedural",
    "task_time",
];

/// The names of [`polder_outcome`]'s numbers, in order: runs.csv's columns of the same names
/// (booleans as 0 and 1, a missing round as -1); `ending` is the index of ratified, rejected,
/// deadline, collapsed (the text is [`polder_ending`]).
pub const OUTCOME_FIELDS: [&str; 28] = [
    "ending",
    "rounds",
    "agreement",
    "agreement_round",
    "ratified",
    "inclusive",
    "participants",
    "active",
    "exited",
    "excluded",
    "dropout_rate",
    "final_content",
    "final_social",
    "final_procedural",
    "final_task_time",
    "final_process_trust",
    "share_dutiful",
    "share_engaged",
    "share_co_owner",
    "saboteurs_revealed",
    "free_riders_detected",
    "withdrawals",
    "votes",
    "careless_decisions",
    "phase_reached",
    "interventions",
    "budget_spent",
    "surveys",
];

const ENDINGS: [Ending; 4] = [
    Ending::Ratified,
    Ending::Rejected,
    Ending::Deadline,
    Ending::Collapsed,
];

/// The shipped scenario `i`, parsed once and kept for the page's lifetime.
fn scenario(i: usize) -> Option<&'static Scenario> {
    thread_local! {
        static PARSED: RefCell<Vec<Option<&'static Scenario>>> =
            RefCell::new(vec![None; SCENARIOS.len()]);
    }
    let (name, text) = SCENARIOS.get(i)?;
    PARSED.with_borrow_mut(|parsed| {
        if parsed[i].is_none() {
            let s = crate::scenario::parse_scenario(text, std::path::Path::new(name))
                .expect("a shipped scenario is valid");
            parsed[i] = Some(Box::leak(Box::new(s)));
        }
        parsed[i]
    })
}

/// Built-in policy `k` (in `polder policies`' order), made once and kept.
fn policy(k: usize) -> Option<&'static PolicySpec> {
    thread_local! {
        static MADE: RefCell<Vec<Option<&'static PolicySpec>>> =
            RefCell::new(vec![None; crate::policy::builtin_names().len()]);
    }
    let name = *crate::policy::builtin_names().get(k)?;
    MADE.with_borrow_mut(|made| {
        if made[k].is_none() {
            let p = crate::policy::builtin(name).expect("a built-in name");
            made[k] = Some(Box::leak(Box::new(p)));
        }
        made[k]
    })
}

/// The kinds of event in [`polder_events`], by code (the index here), each with what its four
/// numbers mean (`-` unused): the same events as `polder trace` tells.
pub const EVENT_KINDS: [(&str, [&str; 4]); 22] = [
    ("phase_started", ["phase", "-", "-", "-"]),
    ("phase_completed", ["phase", "late_by", "-", "-"]),
    ("voiced", ["who", "-", "-", "-"]),
    ("free_rider_detected", ["who", "-", "-", "-"]),
    ("free_rider_sanctioned", ["who", "strength", "-", "-"]),
    ("saboteur_revealed", ["who", "-", "-", "-"]),
    ("confidentiality_breach", ["who", "-", "-", "-"]),
    ("excluded", ["who", "-", "-", "-"]),
    ("careless_decision", ["-", "-", "-", "-"]),
    ("vote", ["phase", "final", "yes", "voters"]),
    ("withdrawal", ["who", "-", "-", "-"]),
    ("agreement_unravelled", ["phase", "-", "-", "-"]),
    ("ratification", ["who", "approval", "carried", "-"]),
    ("exit", ["who", "weakest", "breaches", "-"]),
    ("level_changed", ["who", "from", "to", "-"]),
    ("intervention", ["kind", "strength", "-", "-"]),
    ("survey", ["at_risk", "-", "-", "-"]),
    ("spoiler_managed", ["who", "strategy", "settled", "-"]),
    ("retaliation", ["who", "-", "-", "-"]),
    ("spoiler_resumed", ["who", "-", "-", "-"]),
    ("collapsed", ["-", "-", "-", "-"]),
    ("deadline_reached", ["-", "-", "-", "-"]),
];

/// Numbers per event in [`polder_events`]: the code and four numbers.
pub const EVENT_STRIDE: usize = 5;

fn event_numbers(e: &Event) -> [f64; EVENT_STRIDE] {
    let n = |x: usize| x as f64;
    let b = |x: bool| f64::from(u8::from(x));
    let level = |l: Participation| match l {
        Participation::Dutiful => 0.0,
        Participation::Engaged => 1.0,
        Participation::CoOwner => 2.0,
    };
    match *e {
        Event::PhaseStarted { phase } => [0.0, n(phase), 0.0, 0.0, 0.0],
        Event::PhaseCompleted { phase, late_by } => [1.0, n(phase), f64::from(late_by), 0.0, 0.0],
        Event::Voiced { who } => [2.0, n(who), 0.0, 0.0, 0.0],
        Event::FreeRiderDetected { who } => [3.0, n(who), 0.0, 0.0, 0.0],
        Event::FreeRiderSanctioned { who, strength } => [4.0, n(who), strength, 0.0, 0.0],
        Event::SaboteurRevealed { who } => [5.0, n(who), 0.0, 0.0, 0.0],
        Event::ConfidentialityBreach { who } => [6.0, n(who), 0.0, 0.0, 0.0],
        Event::Excluded { who } => [7.0, n(who), 0.0, 0.0, 0.0],
        Event::CarelessDecision => [8.0, 0.0, 0.0, 0.0, 0.0],
        Event::Vote {
            phase,
            final_vote,
            yes,
            voters,
            passed,
        } => [
            9.0,
            n(phase),
            b(final_vote) + 2.0 * b(passed),
            n(yes),
            n(voters),
        ],
        Event::Withdrawal { who } => [10.0, n(who), 0.0, 0.0, 0.0],
        Event::AgreementUnravelled { phase } => [11.0, n(phase), 0.0, 0.0, 0.0],
        Event::Ratification {
            who,
            approval,
            carried,
        } => [12.0, n(who), approval, b(carried), 0.0],
        Event::Exit {
            who,
            weakest,
            breaches,
        } => [13.0, n(who), n(weakest.index()), f64::from(breaches), 0.0],
        Event::LevelChanged { who, from, to } => [14.0, n(who), level(from), level(to), 0.0],
        Event::Intervention { kind, strength } => [15.0, n(kind.index()), strength, 0.0, 0.0],
        Event::Survey { at_risk, .. } => [16.0, n(at_risk), 0.0, 0.0, 0.0],
        Event::SpoilerManaged {
            who,
            strategy,
            settled,
        } => [17.0, n(who), n(strategy.index()), b(settled), 0.0],
        Event::Retaliation { who } => [18.0, n(who), 0.0, 0.0, 0.0],
        Event::SpoilerResumed { who } => [19.0, n(who), 0.0, 0.0, 0.0],
        Event::Collapsed => [20.0, 0.0, 0.0, 0.0, 0.0],
        Event::DeadlineReached => [21.0, 0.0, 0.0, 0.0, 0.0],
    }
}

#[derive(Default)]
struct Page {
    model: Option<Model<'static>>,
    /// The same run recorded round by round for `polder trace`'s story (played to its end when
    /// the table is seated: the page tells only the rounds it has played).
    trace: Option<(&'static Scenario, Trace)>,
    text: Vec<u8>,
    round: Vec<f64>,
    seats: Vec<f64>,
    events: Vec<f64>,
    outcome: Vec<f64>,
}

thread_local! {
    static PAGE: RefCell<Page> = RefCell::new(Page::default());
}

fn set_text(s: &str) -> u32 {
    PAGE.with_borrow_mut(|p| {
        p.text.clear();
        p.text.extend_from_slice(s.as_bytes());
        p.text.len() as u32
    })
}

/// The text buffer that [`polder_scenario_name`] and the other text functions fill.
#[unsafe(no_mangle)]
pub extern "C" fn polder_text() -> *const u8 {
    PAGE.with_borrow(|p| p.text.as_ptr())
}

/// How many scenarios are built in.
#[unsafe(no_mangle)]
pub extern "C" fn polder_scenario_count() -> u32 {
    SCENARIOS.len() as u32
}

/// Scenario `i`'s name (its `name` field) into the text buffer; returns its length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn polder_scenario_name(i: u32) -> u32 {
    set_text(scenario(i as usize).map_or("", |s| s.name.as_str()))
}

/// How many built-in policies there are.
#[unsafe(no_mangle)]
pub extern "C" fn polder_policy_count() -> u32 {
    crate::policy::builtin_names().len() as u32
}

/// Built-in policy `k`'s name into the text buffer; returns its length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn polder_policy_name(k: u32) -> u32 {
    set_text(
        crate::policy::builtin_names()
            .get(k as usize)
            .copied()
            .unwrap_or(""),
    )
}

/// The field names of the round, seat and outcome arrays (`which` 0, 1, 2), comma-separated,
/// into the text buffer; returns the length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn polder_fields(which: u32) -> u32 {
    set_text(&match which {
        0 => ROUND_FIELDS.join(","),
        1 => SEAT_FIELDS.join(","),
        2 => OUTCOME_FIELDS.join(","),
        _ => String::new(),
    })
}

/// Seat a new table: scenario `scenario`, built-in policy `policy`, the run of `polder run
/// --seed seed` with run id `run` (as `polder trace --seed seed --run run`). Returns the number
/// of seats, or -1 for an unknown scenario or policy or a run beyond the seed's replicates.
#[unsafe(no_mangle)]
pub extern "C" fn polder_start(scenario_index: u32, policy_index: u32, seed: u64, run: u64) -> i32 {
    let (Some(s), Some(p)) = (
        scenario(scenario_index as usize),
        policy(policy_index as usize),
    ) else {
        return -1;
    };
    if run > MAX_REPLICATE {
        return -1;
    }
    let m = Model::with_policy(s, Some(p), RunSeed::new(seed, 0, run));
    let trace = crate::trace::record(s, Some(p), RunSeed::new(seed, 0, run));
    let n = m.people.len() as i32;
    PAGE.with_borrow_mut(|page| {
        page.model = Some(m);
        page.trace = Some((s, trace));
        page.outcome.clear();
        fill(page);
    });
    n
}

/// Play one round. Returns 1 while the run goes on, 0 once it has ended (also when called
/// after the end, which plays nothing), -1 without a table.
#[unsafe(no_mangle)]
pub extern "C" fn polder_step() -> i32 {
    PAGE.with_borrow_mut(|page| {
        let Some(m) = page.model.as_mut() else {
            return -1;
        };
        if m.end.is_some() {
            return 0;
        }
        let more = m.step();
        fill(page);
        i32::from(more)
    })
}

/// The table after the last round (or at the start): [`ROUND_FIELDS`]' numbers. The pointer
/// stays valid until the next call of [`polder_start`] or [`polder_step`].
#[unsafe(no_mangle)]
pub extern "C" fn polder_round() -> *const f64 {
    PAGE.with_borrow(|p| p.round.as_ptr())
}

/// Every seat, [`SEAT_FIELDS`]' numbers one seat after the other.
#[unsafe(no_mangle)]
pub extern "C" fn polder_seats() -> *const f64 {
    PAGE.with_borrow(|p| p.seats.as_ptr())
}

/// The run's outcome once it has ended ([`OUTCOME_FIELDS`]' numbers), or null before.
#[unsafe(no_mangle)]
pub extern "C" fn polder_outcome() -> *const f64 {
    PAGE.with_borrow(|p| {
        if p.outcome.is_empty() {
            std::ptr::null()
        } else {
            p.outcome.as_ptr()
        }
    })
}

/// This round's events, [`EVENT_STRIDE`] numbers each (the code, an index into
/// [`EVENT_KINDS`], then its four numbers; a vote's second number is 1 for the final vote plus
/// 2 if it passed), in the order the model reported them; [`polder_event_count`] says how many.
#[unsafe(no_mangle)]
pub extern "C" fn polder_events() -> *const f64 {
    PAGE.with_borrow(|p| p.events.as_ptr())
}

/// How many events [`polder_events`] holds.
#[unsafe(no_mangle)]
pub extern "C" fn polder_event_count() -> u32 {
    PAGE.with_borrow(|p| (p.events.len() / EVENT_STRIDE) as u32)
}

/// The key of event kind `code` (see [`EVENT_KINDS`]), of intervention `k` (`which` 1, as in
/// `polder policies`), or of phase `k` of the table's scenario (`which` 2), into the text
/// buffer; returns the length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn polder_name(which: u32, k: u32) -> u32 {
    let k = k as usize;
    let phase = PAGE.with_borrow(|p| {
        p.model
            .as_ref()
            .and_then(|m| m.scenario.process.phases.get(k))
            .map(|ph| ph.name.clone())
    });
    set_text(&match which {
        0 => EVENT_KINDS.get(k).map_or("", |e| e.0).to_string(),
        1 => crate::intervention::Intervention::ALL
            .get(k)
            .map_or("", |i| i.key())
            .to_string(),
        2 => phase.unwrap_or_default(),
        _ => String::new(),
    })
}

/// The lower bound (`which` 0) or the challenge (1) of domain `d` (0..4) at this table.
#[unsafe(no_mangle)]
pub extern "C" fn polder_bound(which: u32, d: u32) -> f64 {
    PAGE.with_borrow(|p| match (&p.model, Domain::ALL.get(d as usize)) {
        (Some(m), Some(&d)) if which == 0 => m.lower_bounds[d.index()],
        (Some(m), Some(&d)) if which == 1 => m.challenges[d.index()],
        _ => f64::NAN,
    })
}

/// The ending's key (ratified, rejected, deadline, collapsed) into the text buffer, or nothing
/// while the run goes on; returns the length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn polder_ending() -> u32 {
    let key = PAGE.with_borrow(|p| p.model.as_ref().and_then(|m| m.end).map(Ending::key));
    set_text(key.unwrap_or(""))
}

/// `polder trace`'s story of this table in language `lang` (0 English, 1 Dutch, as `--lang en`
/// and `--lang nl`) into the text buffer: its header (`part` 0: who sits at the table and,
/// behind the scenes, the hidden types), the block of round `round` (`part` 1: the status line,
/// the four domains and one line per event, each starting with "   • ") once the table has
/// played it, or the ending (`part` 2) once the run has ended; `part` 3 is the header's paragraph
/// on who is what behind the scenes (free-riders, saboteurs, regretters: the audience knows, the
/// table does not). Returns the length in bytes, 0
/// for what is not there (yet).
#[unsafe(no_mangle)]
pub extern "C" fn polder_story(lang: u32, part: u32, round: u32) -> u32 {
    let Some(&lang) = Lang::ALL.get(lang as usize) else {
        return set_text("");
    };
    let story = PAGE.with_borrow(|page| {
        let (Some(m), Some((s, trace))) = (&page.model, &page.trace) else {
            return String::new();
        };
        let played = RoundRecord::of(m).round;
        let n = Narrator::new(s, trace, lang);
        match part {
            0 => n.header(),
            1 if round >= 1 && round <= played => match (trace.at(round - 1), trace.at(round)) {
                (Some(prev), Some(state)) => n.round_block(prev, state),
                _ => String::new(),
            },
            2 if m.end.is_some() => n.footer(),
            3 => {
                let mut out = String::new();
                n.header_hidden(&mut out);
                out
            }
            _ => String::new(),
        }
    });
    set_text(&story)
}

fn fill(page: &mut Page) {
    let Some(m) = page.model.as_ref() else {
        return;
    };
    let r = RoundRecord::of(m);
    let t = &r.table;
    let EventCounts {
        exits,
        voices,
        detections,
        reveals,
        breaches,
        exclusions,
        careless,
        votes,
        withdrawals,
        ..
    } = r.events;
    let count = |f: fn(&Event) -> bool| m.events.iter().filter(|e| f(e)).count() as f64;
    let passed = count(|e| matches!(e, Event::Vote { passed: true, .. }));
    let interventions = count(|e| matches!(e, Event::Intervention { .. }));
    page.round.clear();
    page.round.extend([
        f64::from(r.round),
        r.phase as f64,
        r.active as f64,
        r.exited as f64,
        r.excluded as f64,
        t.certainty[0],
        t.certainty[1],
        t.certainty[2],
        t.certainty[3],
        t.process_trust,
        t.share_dutiful,
        t.share_engaged,
        t.share_co_owner,
        r.progress,
        r.proposal,
        f64::from(exits),
        f64::from(voices),
        f64::from(detections),
        f64::from(reveals),
        f64::from(breaches),
        f64::from(exclusions),
        f64::from(careless),
        f64::from(votes),
        passed,
        f64::from(withdrawals),
        interventions,
        f64::from(u8::from(m.end.is_some())),
    ]);
    debug_assert_eq!(page.round.len(), ROUND_FIELDS.len());
    page.events.clear();
    page.events.extend(m.events.iter().flat_map(event_numbers));
    page.seats.clear();
    for p in &m.people {
        let (presence, left) = match p.presence {
            Presence::Active => (0.0, 0),
            Presence::Exited(r) => (1.0, r),
            Presence::Excluded(r) => (2.0, r),
        };
        let kind = PartyKind::ALL
            .iter()
            .position(|&k| k == p.kind)
            .unwrap_or(0);
        let level = match p.participation {
            Participation::Dutiful => 0.0,
            Participation::Engaged => 1.0,
            Participation::CoOwner => 2.0,
        };
        let weakest = (0..4)
            .min_by(|&a, &b| {
                (p.certainty[a] - m.lower_bounds[a])
                    .total_cmp(&(p.certainty[b] - m.lower_bounds[b]))
            })
            .unwrap_or(0);
        page.seats.extend([
            presence,
            f64::from(left),
            kind as f64,
            level,
            weakest as f64,
            p.certainty[0],
            p.certainty[1],
            p.certainty[2],
            p.certainty[3],
        ]);
    }
    if m.end.is_some() {
        let o = RunOutcome::of(m);
        let b = |x: bool| f64::from(u8::from(x));
        let t = &o.final_table;
        page.outcome.clear();
        page.outcome.extend([
            ENDINGS.iter().position(|&e| e == o.ending).unwrap_or(0) as f64,
            f64::from(o.rounds),
            b(o.agreement),
            o.agreement_round.map_or(-1.0, f64::from),
            b(o.ratified),
            b(o.inclusive),
            o.participants as f64,
            o.active as f64,
            o.exited as f64,
            o.excluded as f64,
            o.dropout_rate,
            t.certainty[0],
            t.certainty[1],
            t.certainty[2],
            t.certainty[3],
            t.process_trust,
            t.share_dutiful,
            t.share_engaged,
            t.share_co_owner,
            o.saboteurs_revealed as f64,
            o.free_riders_detected as f64,
            f64::from(o.withdrawals),
            f64::from(o.votes),
            f64::from(o.careless_decisions),
            o.phase_reached as f64,
            f64::from(o.interventions),
            o.budget_spent,
            f64::from(o.surveys),
        ]);
        debug_assert_eq!(page.outcome.len(), OUTCOME_FIELDS.len());
    }
}

/// The outcome's numbers as a list of (runs.csv column, value), for tests and tools that run
/// natively: a copy of what [`polder_outcome`] points at.
pub fn outcome_fields() -> Option<Vec<(&'static str, f64)>> {
    PAGE.with_borrow(|p| {
        (!p.outcome.is_empty()).then(|| {
            OUTCOME_FIELDS
                .iter()
                .copied()
                .zip(p.outcome.iter().copied())
                .collect()
        })
    })
}

/// The text buffer as a string (natively; the page reads it from linear memory).
pub fn text(len: u32) -> String {
    PAGE.with_borrow(|p| String::from_utf8_lossy(&p.text[..len as usize]).into_owned())
}
