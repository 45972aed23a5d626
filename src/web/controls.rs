//! The page's sliders and pickers: which scenario parameters a trainer moves, over which range.
//!
//! A control only writes a `path = value` setting, the same as a line of the page's settings box:
//! the scenario loader checks it ([`crate::scenario::parse_scenario_with`]), so a slider's value
//! is refused with the same message as a scenario file's. The ranges here are what a slider
//! offers, not what the model accepts (src/scenario/validate.rs says that); the labels are the
//! page's.

use crate::scenario::{Scenario, value_at};

/// What a control offers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Control {
    /// A slider from `min` to `max` in steps of `step`.
    Range { min: f64, max: f64, step: f64 },
    /// A picker of names (TOML strings).
    Choice(&'static [&'static str]),
}

const SHARE: Control = Control::Range {
    min: 0.0,
    max: 0.5,
    step: 0.01,
};
const INITIAL: Control = Control::Range {
    min: 0.05,
    max: 0.95,
    step: 0.01,
};

/// The controls, by parameter path: archetype shares, constituency strength (dual loyalty),
/// initial certainty per domain, decision rule and pace.
pub const CONTROLS: [(&str, Control); 10] = [
    ("archetypes.free_rider_share", SHARE),
    ("archetypes.saboteur_share", SHARE),
    ("archetypes.regretter_share", SHARE),
    (
        "constituency.strength",
        Control::Range {
            min: 0.0,
            max: 3.0,
            step: 0.05,
        },
    ),
    ("domains.content.initial", INITIAL),
    ("domains.social.initial", INITIAL),
    ("domains.procedural.initial", INITIAL),
    ("domains.task_time.initial", INITIAL),
    (
        "process.decision_rule",
        Control::Choice(&["consensus", "qualified_majority", "majority"]),
    ),
    (
        "process.pace",
        Control::Range {
            min: 0.3,
            max: 2.0,
            step: 0.05,
        },
    ),
];

/// The controls for the page, one a line: `path<TAB>range<TAB>min<TAB>max<TAB>step` or
/// `path<TAB>choice<TAB>"name","name",...` (each name as a setting writes it, a TOML string).
pub fn listed() -> String {
    let mut out = String::new();
    for (path, c) in CONTROLS {
        let line = match c {
            Control::Range { min, max, step } => format!("{path}\trange\t{min}\t{max}\t{step}"),
            Control::Choice(names) => {
                let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                format!("{path}\tchoice\t{}", quoted.join(","))
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The values of `s` at the controls' paths, one `path<TAB>value` a line, each value as a
/// setting writes it (`0.15`, `"consensus"`).
pub fn values(s: &Scenario) -> String {
    let mut out = String::new();
    for (path, _) in CONTROLS {
        let v = value_at(s, path).unwrap_or_default();
        out.push_str(&format!("{path}\t{v}\n"));
    }
    out
}
