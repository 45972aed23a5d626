//! The manager's desk: someone outside the model (a trainee in the trainer's page, a test)
//! makes the process manager's decisions, round by round, instead of a policy.
//!
//! A round at the desk is the model's round split where the manager acts
//! ([`Model::open_round`], then the interventions, then [`Model::close_round`]): when a round
//! opens, the trainee sees what the policy's manager would see at that moment (who is at the
//! table, a saboteur that has just shown itself, the latest survey), starts interventions one by
//! one, each at once and through the same code as a policy's manager ([`crate::manager::intervene`]:
//! the same costs, fatigue, survey noise and random streams), and then closes the round. A
//! trainee who starts exactly the interventions a built-in policy started, round by round, gets
//! that policy's run bit for bit (but for a policy's diagnosis of a saboteur, which draws from
//! the manager's random stream and which a trainee makes in their head); one who does nothing
//! gets the run without a manager.
//!
//! The budget and the rules are the policy's: the scenario's `manager.budget` per round, each
//! intervention at most once a round, and nothing that costs more than is left. An
//! intervention that has nothing to act on (no detected free-rider to sanction, no saboteur
//! disrupting the table) is refused and costs nothing, as a policy's manager would pass it by.

use crate::intervention::{Intervention, Target};
use crate::manager::Survey;
use crate::model::Model;
use crate::outcome::RunOutcome;
use crate::rng::RunSeed;
use crate::scenario::Scenario;
use crate::text::Lang;
use crate::trace::Trace;

/// One intervention started at the desk.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub round: u32,
    pub intervention: Intervention,
    /// The parties chosen (empty: the intervention's own choice).
    pub targets: Vec<usize>,
}

/// Why the desk refused an intervention; nothing was started and nothing paid.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The run has ended.
    Ended,
    /// Already started this round.
    Twice(Intervention),
    /// Costs more than is left of the round's budget.
    OverBudget {
        intervention: Intervention,
        cost: f64,
        left: f64,
        budget: f64,
    },
    /// The intervention acts on whom it concerns; it takes no targets.
    NoTargets(Intervention),
    /// More targets than the intervention takes.
    TooManyTargets {
        intervention: Intervention,
        most: usize,
        given: usize,
    },
    /// No such seat.
    UnknownParty { who: usize, seats: usize },
    /// The party has left or was excluded.
    NotAtTable(usize),
    /// The same party named twice.
    Repeated(usize),
    /// A spoiler strategy's target is not a saboteur disrupting the table.
    NotDisrupting {
        intervention: Intervention,
        who: usize,
    },
    /// Bilateral talks with a saboteur that disrupts the table.
    Disrupting(usize),
    /// Nothing to act on this round.
    NothingToActOn(Intervention),
}

impl Refusal {
    /// Why the desk refused a move, in this language (English: its `Display`).
    pub fn said_in(&self, l: Lang) -> String {
        use crate::intervention::Target;
        use Refusal::*;
        let name = |iv: Intervention| l.desk_name(iv);
        let nl = l == Lang::Nl;
        match *self {
            Ended => l
                .pick(
                    "the process has ended: there is no round left to manage",
                    "het proces is afgelopen: er is geen ronde meer te managen",
                )
                .to_string(),
            Twice(iv) => match nl {
                false => format!(
                    "{} is already used this round (each intervention at most once a round)",
                    name(iv)
                ),
                true => format!(
                    "{} is deze ronde al ingezet (elke interventie hoogstens één keer per ronde)",
                    name(iv)
                ),
            },
            OverBudget {
                intervention,
                cost,
                left,
                budget,
            } => {
                let left = (left * 1e6).round() / 1e6;
                match nl {
                    false => format!(
                        "{} costs {cost}, but only {left} of this round's budget of {budget} is left",
                        name(intervention)
                    ),
                    true => format!(
                        "{} kost {}, maar van het budget van {} van deze ronde is nog maar {} over",
                        name(intervention),
                        l.num_plain(cost),
                        l.num_plain(budget),
                        l.num_plain(left)
                    ),
                }
            }
            NoTargets(iv) => {
                let whom = match iv.target() {
                    Target::FreeRiders => l.pick(
                        "every detected free-rider at the table",
                        "elke ontdekte meelifter aan tafel",
                    ),
                    _ => l.pick("the whole table", "de hele tafel"),
                };
                match nl {
                    false => format!("{} takes no target: it acts on {whom}", name(iv)),
                    true => format!("{} heeft geen doelwit: het werkt op {whom}", name(iv)),
                }
            }
            TooManyTargets {
                intervention,
                most,
                given,
            } => match nl {
                false => format!(
                    "{} takes at most {most} {}, got {given}",
                    name(intervention),
                    if most == 1 { "party" } else { "parties" }
                ),
                true => format!(
                    "{} richt zich op hoogstens {most} {}, niet {given}",
                    name(intervention),
                    if most == 1 { "partij" } else { "partijen" }
                ),
            },
            UnknownParty { who, seats } => {
                let last = seats.saturating_sub(1);
                match nl {
                    false => format!(
                        "there is no party {who}: the table has {seats} seats, numbered 0 to {last}"
                    ),
                    true => format!(
                        "er is geen partij {who}: de tafel heeft {seats} zetels, genummerd 0 tot en met {last}"
                    ),
                }
            }
            NotAtTable(who) => match nl {
                false => format!("party {who} is no longer at the table (it left or was excluded)"),
                true => format!("partij {who} zit niet meer aan tafel (vertrokken of uitgesloten)"),
            },
            Repeated(who) => match nl {
                false => format!("party {who} is named twice"),
                true => format!("partij {who} is twee keer genoemd"),
            },
            NotDisrupting { intervention, who } => match nl {
                false => format!(
                    "{} is aimed at a saboteur that has shown itself and disrupts the table; party {who} does not",
                    name(intervention)
                ),
                true => format!(
                    "{} is gericht op een saboteur die zich heeft ontpopt en de tafel verstoort; partij {who} doet dat niet",
                    name(intervention)
                ),
            },
            Disrupting(who) => match nl {
                false => format!(
                    "party {who} disrupts the table as a saboteur: answer it with inducement, socialisation or coercion, not bilateral talks"
                ),
                true => format!(
                    "partij {who} verstoort de tafel als saboteur: antwoord met een tegemoetkoming, socialisatie of dwang, niet met bilaterale gesprekken"
                ),
            },
            NothingToActOn(iv) => l.nothing_to_act_on(iv),
        }
    }
}

impl std::fmt::Display for Refusal {
    /// In English; [`Refusal::said_in`] says it in either language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.said_in(Lang::En))
    }
}

impl std::error::Error for Refusal {}

/// The most parties an intervention can be aimed at (0: it takes no targets).
pub const fn most_targets(iv: Intervention) -> usize {
    match (iv, iv.target()) {
        (Intervention::BilateralTalks, _) => 2,
        (_, Target::Saboteurs) => 1,
        _ => 0,
    }
}

/// A table whose process manager is whoever calls [`Desk::intervene`].
pub struct Desk<'s> {
    model: Model<'s>,
    trace: Trace,
    /// Whether the model's current round is open (the manager's moment).
    open: bool,
    /// Budget left in the open round.
    left: f64,
    used: [bool; 17],
    decisions: Vec<Decision>,
}

impl<'s> Desk<'s> {
    /// Seat the table of run `seed` (the same parties and luck as every policy's run of that
    /// seed); round 1 opens with [`Desk::open`] or the first intervention. `name` is what the
    /// trace calls this manager.
    pub fn new(scenario: &'s Scenario, seed: RunSeed, name: &str) -> Self {
        let model = Model::with_policy(scenario, None, seed);
        let trace = Trace::begin(&model, name, seed);
        Desk {
            model,
            trace,
            open: false,
            left: 0.0,
            used: [false; 17],
            decisions: Vec::new(),
        }
    }

    /// The table (the whole truth: a trainee's view shows only what is public and the
    /// survey). While a round is open, `model().round` is that round and its events so far are
    /// in `model().events`.
    pub fn model(&self) -> &Model<'s> {
        &self.model
    }

    /// The rounds closed so far, as `polder trace` records them.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// Every intervention started, in order.
    pub fn decisions(&self) -> &[Decision] {
        &self.decisions
    }

    /// The latest survey (temperature taking), if one was taken: estimates, not the truth.
    pub fn survey(&self) -> Option<&Survey> {
        self.model.manager.knowledge.as_ref()
    }

    /// Whether a round is open for interventions.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// What is left of the open round's budget (0 when no round is open).
    pub fn budget_left(&self) -> f64 {
        if self.open { self.left } else { 0.0 }
    }

    /// The run's outcome once it has ended.
    pub fn outcome(&self) -> Option<RunOutcome> {
        self.model
            .is_finished()
            .then(|| RunOutcome::of(&self.model))
    }

    /// Open the next round, if none is open and the run goes on. Returns whether a round is
    /// open.
    pub fn open(&mut self) -> bool {
        if !self.open && !self.model.is_finished() {
            self.model.open_round();
            crate::manager::begin(&mut self.model);
            self.left = self.model.scenario.manager.budget;
            self.used = [false; 17];
            self.open = true;
        }
        self.open
    }

    /// Whether `iv` on `targets` could be started now (opening a round if none is open).
    pub fn check(&self, iv: Intervention, targets: &[usize]) -> Result<(), Refusal> {
        let m = &self.model;
        if m.is_finished() {
            return Err(Refusal::Ended);
        }
        let budget = m.scenario.manager.budget;
        let (used, left) = if self.open {
            (self.used[iv.index()], self.left)
        } else {
            (false, budget)
        };
        if used {
            return Err(Refusal::Twice(iv));
        }
        let cost = m.scenario.interventions.cost(iv);
        if cost > left + 1e-12 {
            return Err(Refusal::OverBudget {
                intervention: iv,
                cost,
                left,
                budget,
            });
        }
        let most = most_targets(iv);
        if most == 0 && !targets.is_empty() {
            return Err(Refusal::NoTargets(iv));
        }
        if targets.len() > most {
            return Err(Refusal::TooManyTargets {
                intervention: iv,
                most,
                given: targets.len(),
            });
        }
        for (k, &who) in targets.iter().enumerate() {
            let Some(p) = m.people.get(who) else {
                return Err(Refusal::UnknownParty {
                    who,
                    seats: m.people.len(),
                });
            };
            if targets[..k].contains(&who) {
                return Err(Refusal::Repeated(who));
            }
            if !p.is_active() {
                return Err(Refusal::NotAtTable(who));
            }
            match iv.target() {
                Target::Saboteurs if !p.is_disrupting() => {
                    return Err(Refusal::NotDisrupting {
                        intervention: iv,
                        who,
                    });
                }
                Target::Domain(_) if p.is_disrupting() => return Err(Refusal::Disrupting(who)),
                _ => {}
            }
        }
        Ok(())
    }

    /// Start `iv` on `targets` (empty: the intervention's own choice, as a policy's manager
    /// makes it) in the open round, opening one if none is open, and pay for it.
    pub fn intervene(&mut self, iv: Intervention, targets: &[usize]) -> Result<(), Refusal> {
        self.check(iv, targets)?;
        self.open();
        if !crate::manager::intervene(&mut self.model, iv, targets) {
            return Err(Refusal::NothingToActOn(iv));
        }
        self.used[iv.index()] = true;
        self.left -= self.model.scenario.interventions.cost(iv);
        self.decisions.push(Decision {
            round: self.model.round,
            intervention: iv,
            targets: targets.to_vec(),
        });
        Ok(())
    }

    /// Play the rest of the open round (opening one if none is open) and record it. Returns
    /// false once the run has ended (and then plays nothing more). The next round opens with
    /// [`Desk::open`], or with the next intervention.
    pub fn close(&mut self) -> bool {
        if !self.open() {
            return false;
        }
        let more = self.model.close_round();
        self.open = false;
        self.trace.push(&self.model);
        more
    }

    /// [`Desk::close`] the round and open the next. Returns false once the run has ended.
    pub fn advance(&mut self) -> bool {
        let more = self.close();
        if more {
            self.open();
        }
        more
    }
}

/// Every built-in policy's outcome on the table of `seed`: the same parties with the same luck
/// (common random numbers), in `polder policies`' order.
pub fn builtin_outcomes(scenario: &Scenario, seed: RunSeed) -> Vec<(&'static str, RunOutcome)> {
    crate::policy::builtin_names()
        .into_iter()
        .map(|name| {
            let policy = crate::policy::builtin(name).expect("a built-in name");
            let outcome = crate::runner::simulate_policy(
                scenario,
                Some(&policy),
                seed,
                &mut crate::outcome::NoObserver,
            );
            (name, outcome)
        })
        .collect()
}

/// An outcome's place in a comparison, smaller is better: ratified inclusively, ratified,
/// rejected by a constituency, past the deadline, collapsed; then fewer parties gone (left or
/// excluded), then fewer rounds.
pub fn rank(o: &RunOutcome) -> (u8, usize, u32) {
    use crate::model::Ending;
    let ending = match o.ending {
        Ending::Ratified if o.inclusive => 0,
        Ending::Ratified => 1,
        Ending::Rejected => 2,
        Ending::Deadline => 3,
        Ending::Collapsed => 4,
    };
    (ending, o.exited + o.excluded, o.rounds)
}

/// The best of `outcomes` by [`rank`] (the first of equals), if any.
pub fn best<T>(outcomes: &[(T, RunOutcome)]) -> Option<&(T, RunOutcome)> {
    outcomes.iter().min_by_key(|(_, o)| rank(o))
}
