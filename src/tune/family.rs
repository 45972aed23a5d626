//! The parametrised policy family that `polder tune` searches: a point of the family (its
//! [`Knobs`]) maps deterministically onto an ordinary rule list ([`Knobs::policy`]), so a tuned
//! policy runs through the same manager as every other policy and prints as a `[[policies]]`
//! block that the scenario loader accepts.
//!
//! The rules a point gives, in order:
//!
//! 1. **Temperature taking**: `{ when = "every:K", do = "survey" }` if the point takes a survey
//!    every K rounds ([`SURVEY_LEVELS`]; never: no such rule).
//! 2. **Domain work**: `slots` rules, dealt to six *items* by their weights with the D'Hondt
//!    rule (each next rule goes to the item with the highest weight / (rules it has + 1); ties
//!    to the item listed first), so that the rules come in order of priority: content, social,
//!    procedural and task & time (`focus:DOMAIN`); *steer* (`repair_weakest` when the point
//!    takes surveys, `rotate` when it does not); and *phase* (`phase_focus`). An item of weight
//!    0 gets no rule. The first domain rule always applies; the others apply when `extra_when`
//!    says: always, when the work stagnates (`stagnating`), or when the latest survey shows a
//!    party under a lower bound (`estimated_breach`; only with surveys).
//! 3. **Free-riders and spoilers**: a weight of at least [`REACT_FROM`] adds
//!    `{ when = "free_rider_detected", do = "sanction" }`, resp.
//!    `{ when = "spoiler_visible", do = "manage_spoiler" }`, placed before the first domain rule
//!    whose D'Hondt quotient is no higher than its weight (the spoiler rule first when both land
//!    at the same place), so that a high weight puts the reaction before the domain work.
//!
//! Eight of the ten built-in policies are points of the family ([`Knobs::builtin`]): content,
//! social, procedural, task-time, balanced, monitor, spoiler-first and phased (and `none`, the
//! point with every weight 0). `compensate` (`boost_strongest`) is not.

use crate::domain::Domain;
use crate::intervention::kind::Intervention;
use crate::policy::{Action, Condition, PolicySpec, Rule};

/// The survey intervals a point may take (rounds between surveys); `None`: never.
pub const SURVEY_LEVELS: [Option<u32>; 6] = [None, Some(2), Some(3), Some(4), Some(6), Some(8)];

/// The most domain-work rules a point has (the fewest is 1).
pub const MAX_SLOTS: u32 = 6;

/// The weight from which a point reacts to free-riders or spoilers at all.
pub const REACT_FROM: f64 = 0.2;

/// When the domain-work rules after the first apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtraWhen {
    Always,
    Stagnating,
    EstimatedBreach,
}

impl ExtraWhen {
    /// The condition of the rules, as a scenario file writes it.
    pub fn condition(self) -> Condition {
        match self {
            ExtraWhen::Always => Condition::Always,
            ExtraWhen::Stagnating => Condition::Stagnating,
            ExtraWhen::EstimatedBreach => Condition::EstimatedBreach,
        }
    }

    /// Name in tune.csv's `extra_when` column: the condition's own name.
    pub fn key(self) -> String {
        self.condition().to_string()
    }
}

/// The dimensions of the unit cube a search samples, in the order of [`Knobs::from_unit`].
pub const DIMENSIONS: usize = 11;

/// Names of the items that share the domain-work rules, in D'Hondt's tie order.
pub const ITEMS: [&str; 6] = [
    "content",
    "social",
    "procedural",
    "task_time",
    "steer",
    "phase",
];

/// A point of the family.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Knobs {
    /// Weights (0..1) of the domain-work items, in the order of [`ITEMS`]: the four domains,
    /// steer (the weakest measured domain, or a rotation without surveys) and phase.
    pub weights: [f64; 6],
    /// Weight (0..1) of reacting to a detected free-rider with a sanction.
    pub free_riders: f64,
    /// Weight (0..1) of managing a visible spoiler by diagnosis.
    pub spoilers: f64,
    /// Rounds between surveys; `None`: never.
    pub survey: Option<u32>,
    /// Domain-work rules (1..=[`MAX_SLOTS`]).
    pub slots: u32,
    /// When the domain-work rules after the first apply.
    pub extra_when: ExtraWhen,
}

/// The level of `u` (0..1) among `n` equal parts: `floor(u * n)`, at most `n - 1`.
fn level(u: f64, n: usize) -> usize {
    ((u * n as f64).floor().max(0.0) as usize).min(n - 1)
}

impl Knobs {
    /// The point of a unit-cube sample `u` ([`DIMENSIONS`] numbers in 0..1): six weights
    /// (rounded to 6 decimals, as tune.csv writes them), the free-rider and spoiler weights,
    /// then the survey interval (one of [`SURVEY_LEVELS`], equal parts), the number of
    /// domain-work rules (1..=6, equal parts) and `extra_when` (equal parts of always,
    /// stagnating and, with surveys only, estimated_breach).
    pub fn from_unit(u: &[f64]) -> Knobs {
        assert_eq!(u.len(), DIMENSIONS, "a point of the family has 11 numbers");
        let w = |x: f64| (x.clamp(0.0, 1.0) * 1e6).round() / 1e6;
        let survey = SURVEY_LEVELS[level(u[8], SURVEY_LEVELS.len())];
        let whens: &[ExtraWhen] = if survey.is_some() {
            &[
                ExtraWhen::Always,
                ExtraWhen::Stagnating,
                ExtraWhen::EstimatedBreach,
            ]
        } else {
            &[ExtraWhen::Always, ExtraWhen::Stagnating]
        };
        Knobs {
            weights: [w(u[0]), w(u[1]), w(u[2]), w(u[3]), w(u[4]), w(u[5])],
            free_riders: w(u[6]),
            spoilers: w(u[7]),
            survey,
            slots: 1 + level(u[9], MAX_SLOTS as usize) as u32,
            extra_when: whens[level(u[10], whens.len())],
        }
    }

    /// A point with only domain work: `weights` and `slots` rules, always, no survey.
    const fn work(weights: [f64; 6], slots: u32) -> Knobs {
        Knobs {
            weights,
            free_riders: 0.0,
            spoilers: 0.0,
            survey: None,
            slots,
            extra_when: ExtraWhen::Always,
        }
    }

    /// The point that gives the rules of the built-in policy `name`, if the family has one.
    pub fn builtin(name: &str) -> Option<Knobs> {
        let one = |k: usize| {
            let mut w = [0.0; 6];
            w[k] = 1.0;
            w
        };
        Some(match name {
            "none" => Knobs::work([0.0; 6], 1),
            "content" => Knobs::work(one(0), 3),
            "social" => Knobs::work(one(1), 3),
            "procedural" => Knobs::work(one(2), 3),
            "task-time" => Knobs::work(one(3), 3),
            "balanced" => Knobs::work(one(4), 4),
            "monitor" => Knobs {
                survey: Some(4),
                ..Knobs::work(one(4), 3)
            },
            "spoiler-first" => Knobs {
                free_riders: 1.0,
                spoilers: 1.0,
                ..Knobs::work(one(4), 2)
            },
            "phased" => Knobs::work(one(5), 3),
            _ => return None,
        })
    }

    /// The domain-work items in D'Hondt order, each with its quotient.
    fn dealt(&self) -> Vec<(usize, f64)> {
        let mut given = [0u32; 6];
        let mut out = Vec::with_capacity(self.slots as usize);
        for _ in 0..self.slots {
            let quotient = |k: usize| self.weights[k] / f64::from(given[k] + 1);
            let Some(k) = (0..6)
                .filter(|&k| self.weights[k] > 0.0)
                .reduce(|a, b| if quotient(b) > quotient(a) { b } else { a })
            else {
                break;
            };
            out.push((k, quotient(k)));
            given[k] += 1;
        }
        out
    }

    /// The action of domain-work item `k`.
    fn action(&self, k: usize) -> Action {
        match k {
            0..=3 => Action::Focus(Domain::ALL[k]),
            4 if self.survey.is_some() => Action::RepairWeakest,
            4 => Action::Rotate,
            _ => Action::PhaseFocus,
        }
    }

    /// The rule list of this point (see the module's description).
    pub fn rules(&self) -> Vec<Rule> {
        let mut rules = Vec::new();
        if let Some(k) = self.survey {
            rules.push(Rule {
                when: Condition::Every(k),
                action: Action::Do(Intervention::Survey),
            });
        }
        let reactions = [
            (
                self.spoilers,
                Condition::SpoilerVisible,
                Action::ManageSpoiler,
            ),
            (
                self.free_riders,
                Condition::FreeRiderDetected,
                Action::Do(Intervention::Sanction),
            ),
        ];
        let mut pending: Vec<(f64, Condition, Action)> = reactions
            .into_iter()
            .filter(|(w, _, _)| *w >= REACT_FROM)
            .collect();
        // the higher weight first; equal weights keep the spoiler first (a stable sort)
        pending.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (n, (k, quotient)) in self.dealt().into_iter().enumerate() {
            while pending.first().is_some_and(|(w, _, _)| *w >= quotient) {
                let (_, when, action) = pending.remove(0);
                rules.push(Rule { when, action });
            }
            let when = if n == 0 {
                Condition::Always
            } else {
                self.extra_when.condition()
            };
            rules.push(Rule {
                when,
                action: self.action(k),
            });
        }
        rules.extend(
            pending
                .into_iter()
                .map(|(_, when, action)| Rule { when, action }),
        );
        rules
    }

    /// This point as a policy named `name`, with a one-line description of what it does.
    pub fn policy(&self, name: &str) -> PolicySpec {
        PolicySpec {
            name: name.to_string(),
            description: self.describe(),
            rules: self.rules(),
        }
    }

    /// One line on the point: its survey interval, its domain work by item and its reactions.
    pub fn describe(&self) -> String {
        let mut counts = [0u32; 6];
        for (k, _) in self.dealt() {
            counts[k] += 1;
        }
        let work: Vec<String> = (0..6)
            .filter(|&k| counts[k] > 0)
            .map(|k| format!("{} x{}", self.action(k), counts[k]))
            .collect();
        let mut parts = vec![match self.survey {
            Some(k) => format!("tuned by polder tune: a survey every {k} rounds"),
            None => "tuned by polder tune: no surveys".to_string(),
        }];
        if work.is_empty() {
            parts.push("no domain work".into());
        } else {
            let extra = match self.extra_when {
                ExtraWhen::Always => String::new(),
                w => format!(" (beyond the first when {})", w.key()),
            };
            parts.push(format!("domain work {}{extra}", work.join(", ")));
        }
        if self.spoilers >= REACT_FROM {
            parts.push("manages visible spoilers".into());
        }
        if self.free_riders >= REACT_FROM {
            parts.push("sanctions detected free-riders".into());
        }
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::builtin;

    /// Eight built-ins are points of the family: their points give exactly their rules.
    #[test]
    fn the_family_reproduces_the_builtins_it_can_express() {
        let expressible = [
            "none",
            "content",
            "social",
            "procedural",
            "task-time",
            "balanced",
            "monitor",
            "spoiler-first",
            "phased",
        ];
        for name in crate::policy::builtin_names() {
            let point = Knobs::builtin(name);
            assert_eq!(point.is_some(), expressible.contains(&name), "{name}");
            if let Some(k) = point {
                assert_eq!(
                    k.rules(),
                    builtin(name).unwrap().rules,
                    "{name}: {:?}",
                    k.rules()
                );
            }
        }
    }

    fn rule_lines(k: &Knobs) -> Vec<String> {
        k.rules()
            .iter()
            .map(|r| format!("{} {}", r.when, r.action))
            .collect()
    }

    #[test]
    fn weights_deal_the_rules_in_order_of_priority() {
        // content 0.9, social 0.4: D'Hondt quotients 0.9, 0.45 (content), 0.4 (social), 0.3
        let mut k = Knobs::work([0.9, 0.4, 0.0, 0.0, 0.0, 0.0], 4);
        k.free_riders = 0.42;
        k.spoilers = 0.1;
        let text = rule_lines(&k);
        assert_eq!(
            text,
            [
                "always focus:content",
                "always focus:content",
                "free_rider_detected sanction",
                "always focus:social",
                "always focus:content",
            ]
        );
        // a survey turns steer into repair_weakest, and extra rules wait for a breach
        let mut k = Knobs::work([0.0, 0.0, 0.0, 0.0, 0.5, 0.0], 2);
        k.survey = Some(6);
        k.extra_when = ExtraWhen::EstimatedBreach;
        let text = rule_lines(&k);
        assert_eq!(
            text,
            [
                "every:6 survey",
                "always repair_weakest",
                "estimated_breach repair_weakest"
            ]
        );
    }

    #[test]
    fn unit_points_decode_to_every_level() {
        let mut u = [0.5; DIMENSIONS];
        u[8] = 0.0;
        u[9] = 0.999_999;
        u[10] = 0.99;
        let k = Knobs::from_unit(&u);
        assert_eq!((k.survey, k.slots), (None, MAX_SLOTS));
        // without surveys the last level of extra_when is stagnating
        assert_eq!(k.extra_when, ExtraWhen::Stagnating);
        u[8] = 0.99;
        u[9] = 0.0;
        let k = Knobs::from_unit(&u);
        assert_eq!((k.survey, k.slots), (Some(8), 1));
        assert_eq!(k.extra_when, ExtraWhen::EstimatedBreach);
    }
}
