//! Policies: rules for spending the process manager's budget.
//!
//! A policy is an ordered list of rules `{ when = CONDITION, do = ACTION }`. Each round the
//! manager walks the list; every rule whose condition holds may start one intervention that has
//! not been used yet this round and that the remaining budget affords. The built-in policies
//! below are written in the same building blocks that scenario files can use in `[[policies]]`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::Domain;
use crate::intervention::kind::Intervention;

/// A named rule for spending the budget.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    /// Short name, used on the command line and in output.
    pub name: String,
    /// One line on what the policy does.
    #[serde(default)]
    pub description: String,
    /// The rules, in order of priority.
    #[serde(default, deserialize_with = "crate::input::tables")]
    pub rules: Vec<Rule>,
}

/// One rule: when the condition holds, try the action.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub when: Condition,
    #[serde(rename = "do")]
    pub action: Action,
}

/// When a rule applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Condition {
    /// `always`
    Always,
    /// `every:K`: in rounds 1, K+1, 2K+1, ... (a schedule, e.g. for temperature taking).
    Every(u32),
    /// `phase:NAME`: in the phase of that name.
    Phase(String),
    /// `stagnating`: last round's work fell below the stagnation threshold.
    Stagnating,
    /// `hasty`: last round's work exceeded the haste threshold.
    Hasty,
    /// `spoiler_visible`: a revealed saboteur disrupts at the table.
    SpoilerVisible,
    /// `free_rider_detected`: a detected free-rider sits at the table.
    FreeRiderDetected,
    /// `exit`: a party left in the previous round.
    Exit,
    /// `estimated_breach`: the latest survey shows a party at the table under a lower bound.
    EstimatedBreach,
    /// `weakest:DOMAIN`: the latest survey finds this domain the weakest.
    Weakest(Domain),
}

/// What a rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Action {
    /// An intervention by name.
    Do(Intervention),
    /// `focus:DOMAIN`: the first usable intervention of that domain.
    Focus(Domain),
    /// `repair_weakest`: focus on the domain the latest survey finds weakest (smallest margin
    /// over its lower bound); nothing without a survey.
    RepairWeakest,
    /// `boost_strongest`: focus on the domain the latest survey finds strongest, to carry the
    /// weak ones (compensation); nothing without a survey.
    BoostStrongest,
    /// `rotate`: focus on a domain that changes every round (and differs per rotate rule).
    Rotate,
    /// `phase_focus`: focus on content in the first quarter of the phases, then social, then
    /// procedural, then task & time.
    PhaseFocus,
    /// `manage_spoiler`: the spoiler strategy that fits the manager's diagnosis of a visible
    /// saboteur (Stedman: inducement, socialisation or coercion).
    ManageSpoiler,
}

fn domain_from_key(key: &str) -> Option<Domain> {
    Domain::ALL.iter().copied().find(|d| d.key() == key)
}

const DOMAIN_KEYS: &str = "content, social, procedural, task_time";

impl TryFrom<String> for Condition {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        let t = s.trim();
        let simple = match t {
            "always" => Some(Condition::Always),
            "stagnating" => Some(Condition::Stagnating),
            "hasty" => Some(Condition::Hasty),
            "spoiler_visible" => Some(Condition::SpoilerVisible),
            "free_rider_detected" => Some(Condition::FreeRiderDetected),
            "exit" => Some(Condition::Exit),
            "estimated_breach" => Some(Condition::EstimatedBreach),
            _ => None,
        };
        if let Some(c) = simple {
            return Ok(c);
        }
        if let Some(k) = t.strip_prefix("every:") {
            return match k.trim().parse::<u32>() {
                Ok(k) if k >= 1 => Ok(Condition::Every(k)),
                _ => Err(format!(
                    "expected `every:K` with K a whole number of rounds of at least 1, got `{t}`"
                )),
            };
        }
        if let Some(name) = t.strip_prefix("phase:") {
            return Ok(Condition::Phase(name.trim().to_string()));
        }
        if let Some(d) = t.strip_prefix("weakest:") {
            return domain_from_key(d.trim())
                .map(Condition::Weakest)
                .ok_or_else(|| {
                    format!(
                        "unknown domain `{}` in `{t}`; valid domains: {DOMAIN_KEYS}",
                        d.trim()
                    )
                });
        }
        Err(format!(
            "unknown condition `{t}`; valid conditions: always, every:K, phase:NAME, stagnating, hasty, spoiler_visible, free_rider_detected, exit, estimated_breach, weakest:DOMAIN"
        ))
    }
}

impl From<Condition> for String {
    fn from(c: Condition) -> String {
        c.to_string()
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Always => f.write_str("always"),
            Condition::Every(k) => write!(f, "every:{k}"),
            Condition::Phase(n) => write!(f, "phase:{n}"),
            Condition::Stagnating => f.write_str("stagnating"),
            Condition::Hasty => f.write_str("hasty"),
            Condition::SpoilerVisible => f.write_str("spoiler_visible"),
            Condition::FreeRiderDetected => f.write_str("free_rider_detected"),
            Condition::Exit => f.write_str("exit"),
            Condition::EstimatedBreach => f.write_str("estimated_breach"),
            Condition::Weakest(d) => write!(f, "weakest:{}", d.key()),
        }
    }
}

impl TryFrom<String> for Action {
    type Error = String;

    fn try_from(s: String) -> Result<Self, String> {
        let t = s.trim();
        match t {
            "repair_weakest" => return Ok(Action::RepairWeakest),
            "boost_strongest" => return Ok(Action::BoostStrongest),
            "rotate" => return Ok(Action::Rotate),
            "phase_focus" => return Ok(Action::PhaseFocus),
            "manage_spoiler" => return Ok(Action::ManageSpoiler),
            _ => {}
        }
        if let Some(d) = t.strip_prefix("focus:") {
            return domain_from_key(d.trim()).map(Action::Focus).ok_or_else(|| {
                format!(
                    "unknown domain `{}` in `{t}`; valid domains: {DOMAIN_KEYS}",
                    d.trim()
                )
            });
        }
        Intervention::from_key(t).map(Action::Do).ok_or_else(|| {
            format!(
                "unknown intervention or action `{t}`; valid interventions: {}; valid actions: focus:DOMAIN, repair_weakest, boost_strongest, rotate, phase_focus, manage_spoiler",
                Intervention::all_keys()
            )
        })
    }
}

impl From<Action> for String {
    fn from(a: Action) -> String {
        a.to_string()
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Do(i) => f.write_str(i.key()),
            Action::Focus(d) => write!(f, "focus:{}", d.key()),
            Action::RepairWeakest => f.write_str("repair_weakest"),
            Action::BoostStrongest => f.write_str("boost_strongest"),
            Action::Rotate => f.write_str("rotate"),
            Action::PhaseFocus => f.write_str("phase_focus"),
            Action::ManageSpoiler => f.write_str("manage_spoiler"),
        }
    }
}

/// The interventions of a domain, in the order a focus tries them.
pub const fn domain_interventions(d: Domain) -> &'static [Intervention] {
    match d {
        Domain::Content => &[
            Intervention::ClarifyScope,
            Intervention::InterestDialogue,
            Intervention::JointFactFinding,
        ],
        Domain::Social => &[
            Intervention::ClarifyParticipation,
            Intervention::BilateralTalks,
            Intervention::Leadership,
        ],
        Domain::Procedural => &[Intervention::CoCreateRules, Intervention::Transparency],
        Domain::TaskTime => &[
            Intervention::PaceControl,
            Intervention::SharedPlanning,
            Intervention::StatusReport,
        ],
    }
}

/// A field of a policy that failed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyInvalid {
    pub field: String,
    pub message: String,
}

impl PolicySpec {
    /// Check names and phase references against the names of the scenario's phases.
    pub fn validate(&self, phases: &[&str]) -> Result<(), PolicyInvalid> {
        if self.name.trim().is_empty() {
            return Err(PolicyInvalid {
                field: "name".into(),
                message: "expected a non-empty policy name".into(),
            });
        }
        let invalid = |message: String| {
            Err(PolicyInvalid {
                field: "name".into(),
                message,
            })
        };
        if let Some(m) = crate::error::unprintable_in_name(&self.name) {
            return invalid(m);
        }
        // shown by `polder policies` and in reports, line breaks and tabs allowed
        let text = self.description.replace(['\n', '\t'], " ");
        if let Some(m) = crate::error::unprintable_in_name(&text) {
            return Err(PolicyInvalid {
                field: "description".into(),
                message: m.replace("a name of", "text of"),
            });
        }
        // `--policies a,b` splits at commas and trims each name; `all` names every policy
        if self.name.contains(',') {
            return invalid(format!(
                "expected a policy name without commas (`--policies` separates names with them), got \"{}\"",
                self.name
            ));
        }
        if self.name.trim() != self.name {
            return invalid(format!(
                "expected a policy name without blanks at its start or end (`--policy` and `--policies` trim them), got \"{}\"",
                self.name
            ));
        }
        if self.name == "all" {
            return invalid(
                "expected a name other than `all` (`--policies all` means every policy)".into(),
            );
        }
        if builtin(&self.name).is_some() {
            return Err(PolicyInvalid {
                field: "name".into(),
                message: format!(
                    "expected a name other than the built-in policies ({}), got \"{}\"",
                    builtin_names().join(", "),
                    self.name
                ),
            });
        }
        for (k, r) in self.rules.iter().enumerate() {
            if let Condition::Phase(name) = &r.when
                && !phases.contains(&name.as_str())
            {
                return Err(PolicyInvalid {
                    field: format!("rules[{k}].when"),
                    message: format!(
                        "unknown phase \"{name}\"; this scenario's phases are: {}",
                        phases.join(", ")
                    ),
                });
            }
        }
        Ok(())
    }
}

impl PolicySpec {
    /// The policy as a `[[policies]]` block of a scenario file, rules inline, one a line, as
    /// the shipped scenarios write them: the scenario loader reads it back to this policy.
    pub fn to_block(&self) -> String {
        let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
        let mut out = format!("[[policies]]\nname = {}\n", quoted(&self.name));
        if !self.description.is_empty() {
            out += &format!("description = {}\n", quoted(&self.description));
        }
        out += "rules = [\n";
        for r in &self.rules {
            out += &format!(
                "  {{ when = {}, do = {} }},\n",
                quoted(&r.when.to_string()),
                quoted(&r.action.to_string())
            );
        }
        out += "]\n";
        out
    }
}

fn rule(when: Condition, action: Action) -> Rule {
    Rule { when, action }
}

/// Names of the built-in policies, in the order `polder policies` lists them.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTINS.iter().map(|(n, _)| *n).collect()
}

const BUILTINS: &[(&str, &str)] = &[
    (
        "none",
        "no process manager: the budget is never spent (the baseline)",
    ),
    (
        "content",
        "single-domain focus on content: scope, interest dialogue, joint fact-finding",
    ),
    (
        "social",
        "single-domain focus on social: participation, bilateral talks, leadership",
    ),
    (
        "procedural",
        "single-domain focus on procedural: co-created rules, transparency",
    ),
    (
        "task-time",
        "single-domain focus on task & time: pace control, shared planning, status reports",
    ),
    (
        "balanced",
        "spreads the budget over all four domains, starting with a different one each round",
    ),
    (
        "monitor",
        "temperature taking every 4 rounds; spends the budget on the weakest domain it measured",
    ),
    (
        "compensate",
        "temperature taking every 4 rounds; invests in the strongest domain to carry the weak ones",
    ),
    (
        "spoiler-first",
        "manages visible saboteurs (by diagnosis) and sanctions detected free-riders first, then balances the rest",
    ),
    (
        "phased",
        "a different focus per phase: content first, then social, procedural, and task & time at the end",
    ),
];

/// A built-in policy by name.
pub fn builtin(name: &str) -> Option<PolicySpec> {
    use Action::*;
    use Condition::*;
    let (key, description) = BUILTINS.iter().find(|(n, _)| *n == name)?;
    let focus3 = |d| {
        vec![
            rule(Always, Focus(d)),
            rule(Always, Focus(d)),
            rule(Always, Focus(d)),
        ]
    };
    let rules = match *key {
        "none" => vec![],
        "content" => focus3(Domain::Content),
        "social" => focus3(Domain::Social),
        "procedural" => focus3(Domain::Procedural),
        "task-time" => focus3(Domain::TaskTime),
        "balanced" => vec![
            rule(Always, Rotate),
            rule(Always, Rotate),
            rule(Always, Rotate),
            rule(Always, Rotate),
        ],
        "monitor" => vec![
            rule(Every(4), Do(Intervention::Survey)),
            rule(Always, RepairWeakest),
            rule(Always, RepairWeakest),
            rule(Always, RepairWeakest),
        ],
        "compensate" => vec![
            rule(Every(4), Do(Intervention::Survey)),
            rule(Always, BoostStrongest),
            rule(Always, BoostStrongest),
        ],
        "spoiler-first" => vec![
            rule(SpoilerVisible, ManageSpoiler),
            rule(FreeRiderDetected, Do(Intervention::Sanction)),
            rule(Always, Rotate),
            rule(Always, Rotate),
        ],
        "phased" => vec![
            rule(Always, PhaseFocus),
            rule(Always, PhaseFocus),
            rule(Always, PhaseFocus),
        ],
        _ => unreachable!("every listed built-in has rules"),
    };
    Some(PolicySpec {
        name: (*key).to_string(),
        description: (*description).to_string(),
        rules,
    })
}

/// Why a policy name could not be resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownPolicy {
    pub name: String,
    pub valid: Vec<String>,
}

impl fmt::Display for UnknownPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown policy \"{}\"{}; valid policies: {}",
            self.name,
            crate::suggest::did_you_mean(&self.name, self.valid.iter().map(String::as_str)),
            self.valid.join(", ")
        )
    }
}

impl std::error::Error for UnknownPolicy {}

/// A policy by name: a built-in one or one the scenario defines.
pub fn resolve(name: &str, scenario_policies: &[PolicySpec]) -> Result<PolicySpec, UnknownPolicy> {
    if let Some(p) = builtin(name) {
        return Ok(p);
    }
    if let Some(p) = scenario_policies.iter().find(|p| p.name == name) {
        return Ok(p.clone());
    }
    let mut valid: Vec<String> = builtin_names().iter().map(|s| s.to_string()).collect();
    valid.extend(scenario_policies.iter().map(|p| p.name.clone()));
    Err(UnknownPolicy {
        name: name.to_string(),
        valid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_resolves_and_round_trips() {
        for name in builtin_names() {
            let p = builtin(name).expect("listed");
            let text = toml::to_string(&p).expect("serialises");
            let back: PolicySpec = toml::from_str(&text).expect("parses");
            assert_eq!(p, back);
        }
        assert!(builtin("nonsense").is_none());
    }

    #[test]
    fn a_block_parses_back_to_the_same_policy() {
        #[derive(Deserialize)]
        struct File {
            policies: Vec<PolicySpec>,
        }
        let mut p = builtin("spoiler-first").unwrap();
        p.name = "mine \"quoted\"".into();
        p.rules.push(rule(
            Condition::Phase("a \\ b".into()),
            Action::Focus(Domain::TaskTime),
        ));
        let block = p.to_block();
        assert!(block.starts_with("[[policies]]\nname = "), "{block}");
        let back: File = toml::from_str(&block).expect("parses");
        assert_eq!(back.policies, [p]);
    }

    #[test]
    fn bad_names_list_the_valid_ones() {
        let err = resolve("balancd", &[]).unwrap_err();
        assert!(err.to_string().contains("balanced") && err.to_string().contains("monitor"));
        let err = Action::try_from("clarify_scop".to_string()).unwrap_err();
        assert!(
            err.contains("clarify_scope") && err.contains("survey"),
            "{err}"
        );
        assert!(Condition::try_from("every:0".to_string()).is_err());
        assert_eq!(
            Condition::try_from("weakest:social".to_string()),
            Ok(Condition::Weakest(Domain::Social))
        );
    }
}
