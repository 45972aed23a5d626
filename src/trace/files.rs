//! A trace on disk, for `polder report`: trace.toml (what was traced), scenario.toml (the
//! resolved scenario), rounds.csv (the rounds.csv columns of `polder run`, one run per policy),
//! participants.csv (every party in every round), events.csv (every event) and story.txt.
//! Every file is written atomically.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::record::{RoundState, Trace};
use crate::events::Event;
use crate::output::atomic::AtomicFile;
use crate::output::csv::{ROUND_COLUMNS, Table, num, round_row};
use crate::participant::Presence;
use crate::scenario::Scenario;
use crate::text::Lang;

/// The manifest's file name; its presence marks a trace directory.
pub const MANIFEST: &str = "trace.toml";
pub const PARTICIPANTS: &str = "participants.csv";
pub const EVENTS: &str = "events.csv";
pub const STORY: &str = "story.txt";

/// Files a trace writes (besides scenario.toml).
pub const FILES: [&str; 5] = [MANIFEST, "rounds.csv", PARTICIPANTS, EVENTS, STORY];

/// What a trace directory holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always "trace".
    pub kind: String,
    /// The scenario's name.
    pub scenario: String,
    /// The scenario file traced.
    pub scenario_file: String,
    pub seed: u64,
    /// The replicate (run index of `polder run` with the same seed).
    pub run: u64,
    /// The language of story.txt.
    pub lang: Lang,
    /// The policies traced: one, or two for `--versus` (run_id 0 and 1 in the CSV files).
    pub policies: Vec<String>,
    /// How each run ended: ratified, rejected, deadline or collapsed.
    pub endings: Vec<String>,
}

impl Manifest {
    /// The manifest of `traces` (one, or two for `--versus`) of `scenario`.
    pub fn of(
        scenario: &Scenario,
        scenario_file: &Path,
        lang: Lang,
        traces: &[&Trace],
    ) -> Manifest {
        let seed = traces.first().map_or(0, |t| t.seed.master);
        let run = traces.first().map_or(0, |t| t.seed.replicate);
        Manifest {
            kind: "trace".into(),
            scenario: scenario.name.clone(),
            scenario_file: scenario_file.display().to_string(),
            seed,
            run,
            lang,
            policies: traces.iter().map(|t| t.policy.clone()).collect(),
            endings: traces
                .iter()
                .map(|t| t.outcome.ending.key().to_string())
                .collect(),
        }
    }
}

/// Columns of participants.csv.
pub const PARTICIPANT_COLUMNS: &[&str] = &[
    "run_id",
    "round",
    "participant",
    "kind",
    "number",
    "archetype",
    "presence",
    "content",
    "social",
    "procedural",
    "task_time",
    "participation",
    "exit_risk",
    "wavering",
];

/// Columns of events.csv.
pub const EVENT_COLUMNS: &[&str] = &["run_id", "round", "event", "participant", "detail"];

/// The event's name in events.csv.
pub fn event_key(e: &Event) -> &'static str {
    match e {
        Event::PhaseStarted { .. } => "phase_started",
        Event::PhaseCompleted { .. } => "phase_completed",
        Event::Voiced { .. } => "voiced",
        Event::FreeRiderDetected { .. } => "free_rider_detected",
        Event::FreeRiderSanctioned { .. } => "free_rider_sanctioned",
        Event::SaboteurRevealed { .. } => "saboteur_revealed",
        Event::ConfidentialityBreach { .. } => "confidentiality_breach",
        Event::Excluded { .. } => "excluded",
        Event::CarelessDecision => "careless_decision",
        Event::Vote { .. } => "vote",
        Event::Withdrawal { .. } => "withdrawal",
        Event::AgreementUnravelled { .. } => "agreement_unravelled",
        Event::Ratification { .. } => "ratification",
        Event::Exit { .. } => "exit",
        Event::LevelChanged { .. } => "level_changed",
        Event::Intervention { .. } => "intervention",
        Event::Survey { .. } => "survey",
        Event::SpoilerManaged { .. } => "spoiler_managed",
        Event::Retaliation { .. } => "retaliation",
        Event::SpoilerResumed { .. } => "spoiler_resumed",
        Event::Collapsed => "collapsed",
        Event::DeadlineReached => "deadline_reached",
    }
}

/// The participant an event is about, if any, and its details as `key=value` pairs.
pub fn event_fields(s: &Scenario, e: &Event) -> (Option<usize>, String) {
    match e {
        Event::PhaseStarted { phase } => (None, format!("phase={}", s.process.phases[*phase].name)),
        Event::PhaseCompleted { phase, late_by } => (
            None,
            format!("phase={} late_by={late_by}", s.process.phases[*phase].name),
        ),
        Event::Voiced { who }
        | Event::FreeRiderDetected { who }
        | Event::SaboteurRevealed { who }
        | Event::ConfidentialityBreach { who }
        | Event::Excluded { who }
        | Event::Withdrawal { who }
        | Event::Retaliation { who }
        | Event::SpoilerResumed { who } => (Some(*who), String::new()),
        Event::FreeRiderSanctioned { who, strength } => {
            (Some(*who), format!("strength={}", num(*strength)))
        }
        Event::CarelessDecision | Event::Collapsed | Event::DeadlineReached => {
            (None, String::new())
        }
        Event::Vote {
            phase,
            final_vote,
            yes,
            voters,
            passed,
        } => (
            None,
            format!(
                "phase={} final={final_vote} yes={yes} voters={voters} passed={passed}",
                s.process.phases[*phase].name
            ),
        ),
        Event::AgreementUnravelled { phase } => {
            (None, format!("phase={}", s.process.phases[*phase].name))
        }
        Event::Ratification {
            who,
            approval,
            carried,
        } => (
            Some(*who),
            format!("approval={} carried={carried}", num(*approval)),
        ),
        Event::Exit {
            who,
            weakest,
            breaches,
        } => (
            Some(*who),
            format!("weakest={} breaches={breaches}", weakest.key()),
        ),
        Event::LevelChanged { who, from, to } => {
            (Some(*who), format!("from={} to={}", from.key(), to.key()))
        }
        Event::Intervention { kind, strength } => (
            None,
            format!("intervention={} strength={}", kind.key(), num(*strength)),
        ),
        Event::Survey { mean, at_risk } => (
            None,
            format!(
                "content={} social={} procedural={} task_time={} at_risk={at_risk}",
                num(mean[0]),
                num(mean[1]),
                num(mean[2]),
                num(mean[3])
            ),
        ),
        Event::SpoilerManaged {
            who,
            strategy,
            settled,
        } => (
            Some(*who),
            format!("strategy={} settled={settled}", strategy.key()),
        ),
    }
}

fn presence_key(p: Presence) -> &'static str {
    match p {
        Presence::Active => "active",
        Presence::Exited(_) => "exited",
        Presence::Excluded(_) => "excluded",
    }
}

/// Write a trace (one run, or two for `--versus`) into `dir`, which must exist. Returns the
/// files written. Nothing appears under its final name unless everything was written.
pub fn write(
    dir: &Path,
    scenario: &Scenario,
    manifest: &Manifest,
    traces: &[&Trace],
    story: &str,
) -> io::Result<Vec<PathBuf>> {
    let mut manifest_file = AtomicFile::create(&dir.join(MANIFEST))?;
    let text = toml::to_string(manifest).map_err(io::Error::other)?;
    manifest_file.write_all(text.as_bytes())?;

    let mut rounds = Table::create(&dir.join("rounds.csv"), ROUND_COLUMNS)?;
    let mut participants = Table::create(&dir.join(PARTICIPANTS), PARTICIPANT_COLUMNS)?;
    let mut events = Table::create(&dir.join(EVENTS), EVENT_COLUMNS)?;
    for (run_id, t) in traces.iter().enumerate() {
        let states = std::iter::once(&t.start).chain(&t.rounds);
        for state in states {
            if state.round > 0 {
                rounds.row(&round_row(scenario, run_id as u64, &state.record)?)?;
            }
            participant_rows(&mut participants, run_id, t, state)?;
            for e in &state.events {
                let (who, detail) = event_fields(scenario, e);
                events.row(&[
                    run_id.to_string(),
                    state.round.to_string(),
                    event_key(e).to_string(),
                    who.map(|w| w.to_string()).unwrap_or_default(),
                    detail,
                ])?;
            }
        }
    }
    let mut story_file = AtomicFile::create(&dir.join(STORY))?;
    story_file.write_all(story.as_bytes())?;
    let scenario_file = crate::output::scenario::scenario_file(dir, scenario)?;

    Ok(vec![
        manifest_file.commit()?,
        scenario_file.commit()?,
        rounds.commit()?,
        participants.commit()?,
        events.commit()?,
        story_file.commit()?,
    ])
}

fn participant_rows(
    table: &mut Table,
    run_id: usize,
    t: &Trace,
    state: &RoundState,
) -> io::Result<()> {
    for (i, p) in state.parties.iter().enumerate() {
        let who = &t.parties[i];
        table.row(&[
            run_id.to_string(),
            state.round.to_string(),
            i.to_string(),
            who.kind.key().to_string(),
            who.number.to_string(),
            who.archetype.key().to_string(),
            presence_key(p.presence).to_string(),
            num(p.certainty[0]),
            num(p.certainty[1]),
            num(p.certainty[2]),
            num(p.certainty[3]),
            p.participation.key().to_string(),
            num(p.exit_risk),
            p.wavering().to_string(),
        ])?;
    }
    Ok(())
}
