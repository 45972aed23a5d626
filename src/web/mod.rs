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

pub mod controls;

use crate::desk::{self, Desk};
use crate::domain::Domain;
use crate::events::{Event, EventCounts};
use crate::intervention::Intervention;
use crate::model::{Ending, Model};
use crate::outcome::{RoundRecord, RunOutcome, TableState};
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
        include_str!("../../scenarios/regional-energy.toml"),
    ),
    (
        "area-development.toml",
        include_str!("../../scenarios/area-development.toml"),
    ),
    (
        "care-network.toml",
        include_str!("../../scenarios/care-network.toml"),
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

/// The scenario a table of scenario `i` is seated with: shipped scenario `i`, or the one
/// [`polder_customise`] made of it.
fn scenario(i: usize) -> Option<&'static Scenario> {
    let custom = PAGE.with_borrow(|p| p.custom.filter(|(k, _)| *k == i).map(|(_, s)| s));
    custom.or_else(|| shipped(i))
}

/// The shipped scenario `i`, parsed once and kept for the page's lifetime.
fn shipped(i: usize) -> Option<&'static Scenario> {
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
    /// A table played by a built-in policy ([`polder_start`]) ...
    model: Option<Model<'static>>,
    /// ... or one whose manager is the trainee ([`polder_play_start`]).
    desk: Option<(&'static Scenario, Desk<'static>)>,
    /// At the end of a played table: every built-in policy's run of it (see
    /// [`polder_play_compare`]).
    compared: Vec<(&'static str, RunOutcome)>,
    compare: Vec<f64>,
    /// Scenario settings from the page ([`polder_input`]) and the scenario they made.
    input: Vec<u8>,
    custom: Option<(usize, &'static Scenario)>,
    survey: Vec<f64>,
    public: Vec<f64>,
    /// The seeds [`polder_demo_search`] found.
    found: Vec<f64>,
    /// The same run recorded round by round for `polder trace`'s story (played to its end when
    /// the table is seated: the page tells only the rounds it has played).
    trace: Option<(&'static Scenario, Trace)>,
    text: Vec<u8>,
    /// What the page reads of the table after the last round.
    arrays: Arrays,
    /// A second table beside the first: the same parties with the same luck under another
    /// manager ([`polder_versus_start`]).
    side: Option<Side>,
    /// Which table the reading functions describe: 0 the first, 1 the one beside it
    /// ([`polder_view`]).
    view: u32,
}

/// A table's numbers as the page reads them ([`polder_round`], [`polder_seats`],
/// [`polder_events`], [`polder_outcome`]).
#[derive(Default)]
struct Arrays {
    round: Vec<f64>,
    seats: Vec<f64>,
    events: Vec<f64>,
    outcome: Vec<f64>,
}

/// The table beside the first one: its run, its whole trace (recorded when seated, as the
/// first table's) and where the two part ways.
struct Side {
    model: Model<'static>,
    trace: Trace,
    divergence: crate::trace::versus::Divergence,
    arrays: Arrays,
}

thread_local! {
    static PAGE: RefCell<Page> = RefCell::new(Page::default());
}

impl Page {
    /// The table on the page, whoever manages it (or the one beside it, in view 1).
    fn table(&self) -> Option<&Model<'static>> {
        match (&self.desk, self.viewed_side()) {
            (_, Some(side)) => Some(&side.model),
            (Some((_, d)), None) => Some(d.model()),
            (None, None) => self.model.as_ref(),
        }
    }

    /// The table beside the first, when the page reads it.
    fn viewed_side(&self) -> Option<&Side> {
        self.side.as_ref().filter(|_| self.view == 1)
    }

    /// The numbers of the table the page reads.
    fn arrays(&self) -> &Arrays {
        self.viewed_side().map_or(&self.arrays, |s| &s.arrays)
    }

    /// The table's scenario, its trace and the rounds played (of the trace).
    fn story(&self) -> Option<(&'static Scenario, &Trace, u32)> {
        if let (Some(side), Some((s, _))) = (self.viewed_side(), &self.trace) {
            return Some((s, &side.trace, RoundRecord::of(&side.model).round));
        }
        match (&self.desk, &self.model, &self.trace) {
            (Some((s, d)), _, _) => Some((s, d.trace(), d.trace().rounds.len() as u32)),
            (None, Some(m), Some((s, t))) => Some((s, t, RoundRecord::of(m).round)),
            _ => None,
        }
    }
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
        page.desk = None;
        page.arrays.outcome.clear();
        page.side = None;
        page.view = 0;
        fill(page);
    });
    n
}

/// Seat a second table beside the one [`polder_start`] seated: the same scenario, parties and
/// luck (the same seed and run: common random numbers, as `polder trace --versus`) under
/// built-in policy `policy_index`. Returns its number of seats, or -1 without a first table
/// (or beside a trainee's) or for an unknown policy. [`polder_versus_step`] plays it,
/// [`polder_view`] 1 reads it.
#[unsafe(no_mangle)]
pub extern "C" fn polder_versus_start(policy_index: u32) -> i32 {
    let Some(p) = policy(policy_index as usize) else {
        return -1;
    };
    PAGE.with_borrow_mut(|page| {
        let (Some((s, a)), None) = (&page.trace, &page.desk) else {
            return -1;
        };
        let model = Model::with_policy(s, Some(p), a.seed);
        let trace = crate::trace::record(s, Some(p), a.seed);
        let divergence = crate::trace::versus::divergence(a, &trace);
        let mut arrays = Arrays::default();
        fill_arrays(&model, &mut arrays);
        let n = model.people.len() as i32;
        page.side = Some(Side {
            model,
            trace,
            divergence,
            arrays,
        });
        n
    })
}

/// Play one round of the table beside the first (as [`polder_step`] the first). Returns 1 while
/// it goes on, 0 once it has ended, -1 without it.
#[unsafe(no_mangle)]
pub extern "C" fn polder_versus_step() -> i32 {
    PAGE.with_borrow_mut(|page| {
        let Some(side) = page.side.as_mut() else {
            return -1;
        };
        if side.model.end.is_some() {
            return 0;
        }
        let more = side.model.step();
        fill_arrays(&side.model, &mut side.arrays);
        i32::from(more)
    })
}

/// Which table [`polder_round`], [`polder_seats`], [`polder_events`], [`polder_outcome`],
/// [`polder_ending`] and [`polder_story`] describe: the first (0) or the one beside it (1).
/// Returns 0, or -1 (and the first table is read) for 1 without a table beside it.
#[unsafe(no_mangle)]
pub extern "C" fn polder_view(which: u32) -> i32 {
    PAGE.with_borrow_mut(|page| {
        let ok = which == 0 || (which == 1 && page.side.is_some());
        page.view = if ok { which } else { 0 };
        if ok { 0 } else { -1 }
    })
}

/// The two tables side by side, as `polder trace --versus` compares them (the first as A): the
/// first round in which the two managers act differently (`which` 0) or in which the tables
/// part ways (1), -1 if never or without a table beside the first; or (`which` 2, 3: English,
/// Dutch) `polder trace --versus`'s story of the two whole runs into the text buffer, returning
/// its length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn polder_versus(which: u32) -> i32 {
    let told = PAGE.with_borrow(|page| {
        let (Some(side), Some((s, a))) = (&page.side, &page.trace) else {
            return None;
        };
        let round = |r: Option<u32>| r.map_or(-1, |r| r as i32);
        Some(match which {
            0 => Ok(round(side.divergence.first_different_action)),
            1 => Ok(round(side.divergence.parting)),
            _ => Err(Lang::ALL
                .get(which as usize - 2)
                .map(|&l| crate::trace::versus::narrate_versus(s, a, &side.trace, l))),
        })
    });
    match told {
        Some(Ok(round)) => round,
        Some(Err(Some(story))) => set_text(&story) as i32,
        Some(Err(None)) => set_text("") as i32,
        None => -1,
    }
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
    PAGE.with_borrow(|p| p.arrays().round.as_ptr())
}

/// Every seat, [`SEAT_FIELDS`]' numbers one seat after the other.
#[unsafe(no_mangle)]
pub extern "C" fn polder_seats() -> *const f64 {
    PAGE.with_borrow(|p| p.arrays().seats.as_ptr())
}

/// The run's outcome once it has ended ([`OUTCOME_FIELDS`]' numbers), or null before.
#[unsafe(no_mangle)]
pub extern "C" fn polder_outcome() -> *const f64 {
    PAGE.with_borrow(|p| {
        let outcome = &p.arrays().outcome;
        if outcome.is_empty() {
            std::ptr::null()
        } else {
            outcome.as_ptr()
        }
    })
}

/// This round's events, [`EVENT_STRIDE`] numbers each (the code, an index into
/// [`EVENT_KINDS`], then its four numbers; a vote's second number is 1 for the final vote plus
/// 2 if it passed), in the order the model reported them; [`polder_event_count`] says how many.
#[unsafe(no_mangle)]
pub extern "C" fn polder_events() -> *const f64 {
    PAGE.with_borrow(|p| p.arrays().events.as_ptr())
}

/// How many events [`polder_events`] holds.
#[unsafe(no_mangle)]
pub extern "C" fn polder_event_count() -> u32 {
    PAGE.with_borrow(|p| (p.arrays().events.len() / EVENT_STRIDE) as u32)
}

/// The key of event kind `code` (see [`EVENT_KINDS`]), of intervention `k` (`which` 1, as in
/// `polder policies`), or of phase `k` of the table's scenario (`which` 2), or intervention
/// `k`'s one-line description (`which` 3, as `polder policies` gives it), into the text buffer;
/// returns the length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn polder_name(which: u32, k: u32) -> u32 {
    let k = k as usize;
    let phase = PAGE.with_borrow(|p| {
        p.table()
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
        3 => crate::intervention::Intervention::ALL
            .get(k)
            .map_or("", |i| i.describe())
            .to_string(),
        _ => String::new(),
    })
}

/// The lower bound (`which` 0) or the challenge (1) of domain `d` (0..4) at this table.
#[unsafe(no_mangle)]
pub extern "C" fn polder_bound(which: u32, d: u32) -> f64 {
    PAGE.with_borrow(|p| match (p.table(), Domain::ALL.get(d as usize)) {
        (Some(m), Some(&d)) if which == 0 => m.lower_bounds[d.index()],
        (Some(m), Some(&d)) if which == 1 => m.challenges[d.index()],
        _ => f64::NAN,
    })
}

/// A word the page shows, from the library's words ([`Lang`] `lang`: 0 English, 1 Dutch) into
/// the text buffer: party kind `k` as the start of a party's name (`which` 0, "Government",
/// "Overheid"), domain `k`'s short name (1), participation level `k` (2: dutiful, engaged,
/// co-owner), ending `k` (3, in [`Ending::index`]'s order), intervention `k`'s name (4, in
/// `polder policies`' order), built-in policy `k` for people (5: its name, in Dutch with its
/// Dutch label), scenario `k`'s name (6; the Dutch name where the file gives one) or phase `k`
/// of the table's scenario (7, likewise), or intervention `k`'s one-line description on the desk
/// (8, as `polder policies` gives it in English). Returns the length in bytes (0 for nothing).
#[unsafe(no_mangle)]
pub extern "C" fn polder_word(which: u32, k: u32, lang: u32) -> u32 {
    let Some(&l) = Lang::ALL.get(lang as usize) else {
        return set_text("");
    };
    let k = k as usize;
    let levels = [
        Participation::Dutiful,
        Participation::Engaged,
        Participation::CoOwner,
    ];
    let endings = [
        Ending::Ratified,
        Ending::Rejected,
        Ending::Deadline,
        Ending::Collapsed,
    ];
    let word = match which {
        0 => PartyKind::ALL.get(k).map(|&x| l.kind(x).to_string()),
        1 => Domain::ALL.get(k).map(|&d| l.domain_short(d).to_string()),
        2 => levels.get(k).map(|&p| l.participation(p).to_string()),
        3 => endings.get(k).map(|&e| l.ending_short(e).to_string()),
        4 => Intervention::ALL
            .get(k)
            .map(|&i| l.intervention(i).to_string()),
        5 => crate::policy::builtin_names().get(k).map(|&name| {
            match (l, crate::text::policy_label_nl(name)) {
                (Lang::Nl, Some(label)) => format!("{name} ({label})"),
                _ => name.to_string(),
            }
        }),
        6 => scenario(k).map(|s| s.label(l).to_string()),
        7 => PAGE.with_borrow(|p| {
            p.table()
                .and_then(|m| m.scenario.process.phases.get(k))
                .map(|ph| ph.label(l).to_string())
        }),
        8 => Intervention::ALL
            .get(k)
            .map(|&i| l.intervention_what(i).to_string()),
        _ => None,
    };
    set_text(&word.unwrap_or_default())
}

/// The ending's key (ratified, rejected, deadline, collapsed) into the text buffer, or nothing
/// while the run goes on; returns the length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn polder_ending() -> u32 {
    let key = PAGE.with_borrow(|p| p.table().and_then(|m| m.end).map(Ending::key));
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
        let (Some(m), Some((s, trace, played))) = (page.table(), page.story()) else {
            return String::new();
        };
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

/// Room for `len` bytes of input from the page (UTF-8 text it writes there before calling
/// [`polder_customise`]).
#[unsafe(no_mangle)]
pub extern "C" fn polder_input(len: u32) -> *mut u8 {
    PAGE.with_borrow_mut(|p| {
        p.input.clear();
        p.input.resize(len as usize, 0);
        p.input.as_mut_ptr()
    })
}

/// Set the scenario parameters in the input (one `path = value` a line, e.g.
/// `exit.contagion = 2.5`; blank lines and `#` comments skipped) on shipped scenario `i`, for
/// the tables seated from then on with scenario `i`; no settings restore the shipped scenario.
/// Checked as a scenario file is ([`crate::scenario::parse_scenario_with`]). Returns 0 when
/// set, else the length in bytes of the error, in the text buffer (the scenario stays as it
/// was).
#[unsafe(no_mangle)]
pub extern "C" fn polder_customise(i: u32) -> u32 {
    let i = i as usize;
    let Some((file, text)) = SCENARIOS.get(i) else {
        return set_text(&format!(
            "there is no scenario {i}: {} are built in",
            SCENARIOS.len()
        ));
    };
    let input = PAGE.with_borrow(|p| String::from_utf8_lossy(&p.input).into_owned());
    let mut settings = Vec::new();
    for line in input.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((path, value)) = line.split_once('=') else {
            return set_text(&format!(
                "expected PATH = VALUE, e.g. exit.contagion = 2.5, got \"{}\"",
                crate::error::clip(line)
            ));
        };
        settings.push((path, value));
    }
    if settings.is_empty() {
        PAGE.with_borrow_mut(|p| p.custom = None);
        return 0;
    }
    match crate::scenario::parse_scenario_with(text, std::path::Path::new(file), &settings) {
        Ok(s) => {
            let s: &'static Scenario = Box::leak(Box::new(s));
            PAGE.with_borrow_mut(|p| p.custom = Some((i, s)));
            0
        }
        Err(e) => set_text(&e.to_string()),
    }
}

/// The page's sliders and pickers ([`controls::listed`]) into the text buffer; returns the
/// length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn polder_controls() -> u32 {
    set_text(&controls::listed())
}

/// The values at the controls' paths ([`controls::values`]) of shipped scenario `i` (`which`
/// 0) or of the scenario its tables are seated with now, with the page's settings (1), into the
/// text buffer; returns the length in bytes (0 for an unknown scenario).
#[unsafe(no_mangle)]
pub extern "C" fn polder_values(i: u32, which: u32) -> u32 {
    let s = match which {
        0 => shipped(i as usize),
        _ => scenario(i as usize),
    };
    set_text(&s.map(controls::values).unwrap_or_default())
}

/// How many kinds of demo table the page can search for ([`crate::demo::Criterion::ALL`]).
#[unsafe(no_mangle)]
pub extern "C" fn polder_demo_count() -> u32 {
    crate::demo::Criterion::ALL.len() as u32
}

/// Demo criterion `k`: what it shows in language `lang` (`which` 0), or its managers, the first
/// and the second (if any), as indices of built-in policies separated by a tab (1), into the
/// text buffer; returns the length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn polder_demo_name(k: u32, which: u32, lang: u32) -> u32 {
    let (Some(&c), Some(&l)) = (
        crate::demo::Criterion::ALL.get(k as usize),
        Lang::ALL.get(lang as usize),
    ) else {
        return set_text("");
    };
    let index = |name: &str| {
        let names = crate::policy::builtin_names();
        names.iter().position(|n| *n == name).unwrap_or(0)
    };
    set_text(&match which {
        0 => c.label(l).to_string(),
        _ => match c.policies() {
            (a, Some(b)) => format!("{}\t{}", index(a), index(b)),
            (a, None) => index(a).to_string(),
        },
    })
}

/// Search seeds `first` to `first + count - 1` of scenario `i` (with the page's settings) for
/// tables that meet demo criterion `k` ([`crate::demo::search`]; run 0 of each seed). Returns
/// how many it found, their seeds in [`polder_demo_found`]; -1 for an unknown scenario or
/// criterion.
#[unsafe(no_mangle)]
pub extern "C" fn polder_demo_search(i: u32, k: u32, first: u64, count: u32) -> i32 {
    let (Some(s), Some(&c)) = (
        scenario(i as usize),
        crate::demo::Criterion::ALL.get(k as usize),
    ) else {
        return -1;
    };
    let found = crate::demo::search(s, c, first..first.saturating_add(u64::from(count)));
    PAGE.with_borrow_mut(|p| {
        p.found = found.iter().map(|&seed| seed as f64).collect();
        p.found.len() as i32
    })
}

/// The seeds [`polder_demo_search`] found.
#[unsafe(no_mangle)]
pub extern "C" fn polder_demo_found() -> *const f64 {
    PAGE.with_borrow(|p| p.found.as_ptr())
}

/// What the trainee's manager calls itself in the story.
pub const TRAINEE: &str = "trainee";

/// Seat a table whose process manager is the trainee: scenario `scenario_index`, the run of
/// `polder run --seed seed` with run id `run` (the same parties with the same luck as under
/// every built-in policy), round 1 open for interventions. Returns the number of seats, or -1
/// as [`polder_start`].
#[unsafe(no_mangle)]
pub extern "C" fn polder_play_start(scenario_index: u32, seed: u64, run: u64) -> i32 {
    let Some(s) = scenario(scenario_index as usize) else {
        return -1;
    };
    if run > MAX_REPLICATE {
        return -1;
    }
    let d = Desk::new(s, RunSeed::new(seed, 0, run), TRAINEE);
    let n = d.model().people.len() as i32;
    PAGE.with_borrow_mut(|page| {
        page.model = None;
        page.trace = None;
        page.desk = Some((s, d));
        page.compared.clear();
        page.arrays.outcome.clear();
        page.side = None;
        page.view = 0;
        fill(page);
        if let Some((_, d)) = page.desk.as_mut() {
            d.open();
        }
    });
    n
}

/// Start intervention `k` (in `polder policies`' order, [`polder_name`] 1) in the open round,
/// aimed at parties `first` and `second` (each -1 for none; only bilateral talks take two, a
/// spoiler strategy one saboteur, the others none). Returns 0 when started, else the length
/// in bytes of the reason it was refused, in the text buffer in [`Lang`] `lang` (0 English,
/// 1 Dutch; nothing is started or paid).
#[unsafe(no_mangle)]
pub extern "C" fn polder_play_intervene(k: u32, first: i32, second: i32, lang: u32) -> u32 {
    let l = Lang::ALL.get(lang as usize).copied().unwrap_or_default();
    let targets: Vec<usize> = [first, second]
        .into_iter()
        .filter_map(|t| usize::try_from(t).ok())
        .collect();
    let refused = PAGE.with_borrow_mut(|page| {
        let Some((_, d)) = page.desk.as_mut() else {
            return Some(l.no_move(None));
        };
        let Some(&iv) = Intervention::ALL.get(k as usize) else {
            return Some(l.no_move(Some(k)));
        };
        d.intervene(iv, &targets).err().map(|r| r.said_in(l))
    });
    match refused {
        Some(why) => set_text(&why),
        None => 0,
    }
}

/// Play the rest of the open round, then open the next one: the round, seat and event arrays
/// then describe the round just played (as after [`polder_step`]). Returns 1 while the run
/// goes on, 0 once it has ended, -1 without a played table.
#[unsafe(no_mangle)]
pub extern "C" fn polder_play_advance() -> i32 {
    PAGE.with_borrow_mut(|page| {
        let Some((_, d)) = page.desk.as_mut() else {
            return -1;
        };
        if d.model().is_finished() {
            return 0;
        }
        let more = d.close();
        fill(page);
        if let Some((_, d)) = page.desk.as_mut() {
            d.open();
        }
        i32::from(more)
    })
}

/// What the trainee may spend: what is left of the open round's budget (`which` 0), the
/// round's whole budget (1), the cost at this table of intervention `k` (2), or how many
/// parties intervention `k` can be aimed at (3). NaN without a played table.
#[unsafe(no_mangle)]
pub extern "C" fn polder_play_budget(which: u32, k: u32) -> f64 {
    PAGE.with_borrow(|page| {
        let Some((s, d)) = &page.desk else {
            return f64::NAN;
        };
        let iv = Intervention::ALL.get(k as usize).copied();
        match (which, iv) {
            (0, _) => d.budget_left(),
            (1, _) => s.manager.budget,
            (2, Some(iv)) => s.interventions.cost(iv),
            (3, Some(iv)) => desk::most_targets(iv) as f64,
            _ => f64::NAN,
        }
    })
}

/// What the trainee sees of the seats now (in the open round), 3 numbers a seat: presence (0
/// at the table, 1 left, 2 excluded), whether it disrupts the table as a saboteur that has
/// shown itself, whether it has been noticed free-riding. Public knowledge, no certainties.
#[unsafe(no_mangle)]
pub extern "C" fn polder_play_public() -> *const f64 {
    PAGE.with_borrow_mut(|page| {
        let Page { desk, public, .. } = page;
        public.clear();
        if let Some((_, d)) = desk {
            let b = |x: bool| f64::from(u8::from(x));
            for p in &d.model().people {
                let presence = match p.presence {
                    Presence::Active => 0.0,
                    Presence::Exited(_) => 1.0,
                    Presence::Excluded(_) => 2.0,
                };
                public.extend([presence, b(p.is_disrupting()), b(p.detected)]);
            }
        }
        public.as_ptr()
    })
}

/// The trainee's latest survey (temperature taking), or null without one: the round it was
/// taken, the parties it found under a lower bound, the mean estimate per domain (4 numbers),
/// then each seat's four estimated certainties (NaN for a seat not surveyed). Estimates with
/// the survey's noise, as the built-in manager gets them; never the truth.
#[unsafe(no_mangle)]
pub extern "C" fn polder_play_survey() -> *const f64 {
    PAGE.with_borrow_mut(|page| {
        let Page { desk, survey, .. } = page;
        survey.clear();
        let Some((_, d)) = desk else {
            return std::ptr::null();
        };
        let Some(k) = d.survey() else {
            return std::ptr::null();
        };
        let m = d.model();
        let at_risk = k
            .estimates
            .iter()
            .filter(|(_, e)| (0..4).any(|dd| e[dd] < m.lower_bounds[dd]))
            .count();
        survey.extend([f64::from(k.round), at_risk as f64]);
        survey.extend(k.mean);
        let start = survey.len();
        survey.resize(start + 4 * m.people.len(), f64::NAN);
        for (i, e) in &k.estimates {
            survey[start + 4 * i..start + 4 * i + 4].copy_from_slice(e);
        }
        survey.as_ptr()
    })
}

/// Once the played table has ended: play it under every built-in policy (the same parties with
/// the same luck) and put the outcomes in [`polder_play_compared`], the trainee's first and then
/// the policies in `polder policies`' order. Returns the index (from 0, in that order) of the
/// best built-in policy (see [`desk::rank`]), or -1 before the end.
#[unsafe(no_mangle)]
pub extern "C" fn polder_play_compare() -> i32 {
    PAGE.with_borrow_mut(|page| {
        let Some((s, d)) = &page.desk else {
            return -1;
        };
        let Some(mine) = d.outcome() else {
            return -1;
        };
        let builtins = desk::builtin_outcomes(s, d.trace().seed);
        let best = desk::best(&builtins).map_or(-1, |(name, _)| {
            builtins.iter().position(|(n, _)| n == name).unwrap_or(0) as i32
        });
        page.compare.clear();
        page.compare.extend(outcome_numbers(&mine));
        for (_, o) in &builtins {
            page.compare.extend(outcome_numbers(o));
        }
        page.compared = builtins;
        best
    })
}

/// The outcomes [`polder_play_compare`] made, [`OUTCOME_FIELDS`]' numbers one run after the
/// other (the trainee's, then every built-in policy's).
#[unsafe(no_mangle)]
pub extern "C" fn polder_play_compared() -> *const f64 {
    PAGE.with_borrow(|p| p.compare.as_ptr())
}

/// The trainee's run against built-in policy `k`'s on the same table, once it has ended: the
/// first round in which the managers acted differently (`which` 0) or in which the tables
/// part ways (1), -1 if never (or before the end); or (`which` 2, 3: English, Dutch) `polder
/// trace --versus`'s story of the two, the trainee as A, into the text buffer, returning its
/// length in bytes.
#[unsafe(no_mangle)]
pub extern "C" fn polder_play_versus(which: u32, k: u32) -> i32 {
    let told = PAGE.with_borrow(|page| {
        let (Some((s, d)), Some(name)) = (
            &page.desk,
            crate::policy::builtin_names().get(k as usize).copied(),
        ) else {
            return None;
        };
        if !d.model().is_finished() {
            return None;
        }
        let spec = crate::policy::builtin(name)?;
        let theirs = crate::trace::record(s, Some(&spec), d.trace().seed);
        let div = crate::trace::versus::divergence(d.trace(), &theirs);
        let round = |r: Option<u32>| r.map_or(-1, |r| r as i32);
        Some(match which {
            0 => Ok(round(div.first_different_action)),
            1 => Ok(round(div.parting)),
            _ => Err(Lang::ALL
                .get(which as usize - 2)
                .map(|&l| crate::trace::versus::narrate_versus(s, d.trace(), &theirs, l))),
        })
    });
    match told {
        Some(Ok(round)) => round,
        Some(Err(Some(story))) => set_text(&story) as i32,
        Some(Err(None)) => set_text("") as i32,
        None => -1,
    }
}

fn fill(page: &mut Page) {
    let Page {
        model,
        desk,
        arrays,
        ..
    } = page;
    if let Some(m) = desk.as_ref().map(|(_, d)| d.model()).or(model.as_ref()) {
        fill_arrays(m, arrays);
    }
}

/// Table `m`'s numbers after its last round into `arrays`.
fn fill_arrays(m: &Model, arrays: &mut Arrays) {
    let Arrays {
        round,
        seats,
        events,
        outcome,
    } = arrays;
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
    round.clear();
    round.extend([
        f64::from(r.round),
        r.phase as f64,
        r.active as f64,
        r.exited as f64,
        r.excluded as f64,
    ]);
    round.extend(table_numbers(t));
    round.extend([
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
    debug_assert_eq!(round.len(), ROUND_FIELDS.len());
    events.clear();
    events.extend(m.events.iter().flat_map(event_numbers));
    seats.clear();
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
        seats.extend([
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
        outcome.clear();
        outcome.extend(outcome_numbers(&RunOutcome::of(m)));
    }
}

/// An outcome's numbers, [`OUTCOME_FIELDS`] in order.
fn outcome_numbers(o: &RunOutcome) -> Vec<f64> {
    let b = |x: bool| f64::from(u8::from(x));
    let mut v = vec![
        o.ending.index() as f64,
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
    ];
    v.extend(table_numbers(&o.final_table));
    v.extend([
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
    debug_assert_eq!(v.len(), OUTCOME_FIELDS.len());
    v
}

/// A table's four mean certainties, process trust and participation shares, in the order of
/// the round's and the outcome's fields.
fn table_numbers(t: &TableState) -> [f64; 8] {
    [
        t.certainty[0],
        t.certainty[1],
        t.certainty[2],
        t.certainty[3],
        t.process_trust,
        t.share_dutiful,
        t.share_engaged,
        t.share_co_owner,
    ]
}

/// The outcome's numbers as a list of (runs.csv column, value), for tests and tools that run
/// natively: a copy of what [`polder_outcome`] points at.
pub fn outcome_fields() -> Option<Vec<(&'static str, f64)>> {
    PAGE.with_borrow(|p| {
        let outcome = &p.arrays().outcome;
        (!outcome.is_empty()).then(|| {
            OUTCOME_FIELDS
                .iter()
                .copied()
                .zip(outcome.iter().copied())
                .collect()
        })
    })
}

/// The text buffer as a string (natively; the page reads it from linear memory).
pub fn text(len: u32) -> String {
    PAGE.with_borrow(|p| String::from_utf8_lossy(&p.text[..len as usize]).into_owned())
}
