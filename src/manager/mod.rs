//! The process manager (procesmanager): each round it spends a budget of time and attention on
//! interventions, following its policy, knowing what is public at the table and what its latest
//! survey (temperature taking) measured. The manager follows a policy ([`act`]) or, at a
//! [`crate::desk::Desk`], the choices of someone outside the model: a trainee playing the manager.

use crate::math::Normal;
use rand::RngExt;

use crate::domain::{Domain, PerDomain};
use crate::events::Event;
use crate::intervention::{self, Intervention, SpoilerKind, spoiler_strategy};
use crate::model::Model;
use crate::participant::Archetype;
use crate::policy::{Action, Condition, PolicySpec, domain_interventions};

/// What the manager measured in its latest survey.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    pub round: u32,
    /// (participant, estimated certainties) for every party at the table when surveyed.
    pub estimates: Vec<(usize, PerDomain<f64>)>,
    /// Mean estimate per domain.
    pub mean: PerDomain<f64>,
}

impl Survey {
    /// The domain with the smallest mean margin over its lower bound.
    pub fn weakest(&self, lower: &PerDomain<f64>) -> Domain {
        *Domain::ALL
            .iter()
            .min_by(|a, b| {
                (self.mean[a.index()] - lower[a.index()])
                    .total_cmp(&(self.mean[b.index()] - lower[b.index()]))
            })
            .expect("four domains")
    }

    /// The domain with the highest mean estimate.
    pub fn strongest(&self) -> Domain {
        *Domain::ALL
            .iter()
            .max_by(|a, b| self.mean[a.index()].total_cmp(&self.mean[b.index()]))
            .expect("four domains")
    }
}

/// The manager's state within one run.
#[derive(Debug, Clone, Default)]
pub struct ManagerState {
    /// The latest survey, if any.
    pub knowledge: Option<Survey>,
    /// Uses of each intervention in the current phase (for fatigue).
    pub uses_in_phase: [u32; 17],
    /// The phase the uses count for.
    pub phase: usize,
    /// The manager's diagnosis of each revealed saboteur's kind.
    pub diagnosis: Vec<Option<SpoilerKind>>,
    /// Exits in the previous round (public).
    pub exits_last_round: u32,
    pub spent: f64,
    pub interventions: u32,
    pub surveys: u32,
    /// Room for the first survey's estimates (later surveys reuse the previous one's).
    spare_estimates: Vec<(usize, PerDomain<f64>)>,
}

impl ManagerState {
    /// The state for a table of `n` parties, with its buffers at their working size so that
    /// managed rounds allocate nothing.
    pub fn for_table(n: usize) -> Self {
        Self {
            diagnosis: vec![None; n],
            spare_estimates: Vec::with_capacity(n),
            ..Self::default()
        }
    }

    /// The `K` parties at the table the manager thinks most at risk, most at risk first (and
    /// how many there are, if fewer): from its latest survey, the smallest estimated margin over
    /// a lower bound; without one, the parties whose positions lie furthest from the proposal
    /// (public information). Ties go to the lower index. No allocation: a round stays free of
    /// the heap with a manager too.
    pub fn most_at_risk<const K: usize>(&self, m: &Model) -> ([usize; K], usize) {
        let mut top = TopK::<K>::new();
        match &self.knowledge {
            Some(s) => {
                for (i, est) in &s.estimates {
                    if m.people[*i].is_active() && !m.people[*i].is_disrupting() {
                        let margin = (0..4)
                            .map(|d| est[d] - m.lower_bounds[d])
                            .fold(f64::INFINITY, f64::min);
                        top.offer(margin, *i);
                    }
                }
            }
            None => {
                let x = m.current_proposal();
                for p in m
                    .people
                    .iter()
                    .filter(|p| p.is_active() && !p.is_disrupting())
                {
                    top.offer(-(p.position - x).abs(), p.id);
                }
            }
        }
        top.ids()
    }
}

/// The `K` smallest (score, id) pairs offered, in ascending order of score and then id.
struct TopK<const K: usize> {
    best: [(f64, usize); K],
    len: usize,
}

impl<const K: usize> TopK<K> {
    fn new() -> Self {
        Self {
            best: [(f64::INFINITY, usize::MAX); K],
            len: 0,
        }
    }

    fn offer(&mut self, score: f64, id: usize) {
        let before =
            |a: (f64, usize), b: (f64, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).is_lt();
        let key = (score, id);
        let at = self.best[..self.len]
            .iter()
            .position(|&held| before(key, held))
            .unwrap_or(self.len);
        if at == K {
            return;
        }
        let last = self.len.min(K - 1);
        self.best.copy_within(at..last, at + 1);
        self.best[at] = key;
        self.len = (self.len + 1).min(K);
    }

    fn ids(&self) -> ([usize; K], usize) {
        (self.best.map(|(_, id)| id), self.len)
    }
}

/// Take the temperature: estimate every active party's four certainties with normal noise
/// (sd `manager.survey_noise`, clamped to 0..1).
fn survey(m: &mut Model) {
    let noise = m.scenario.manager.survey_noise;
    let dist = Normal::new(0.0, noise.max(1e-12)).expect("validated noise");
    // the previous survey's list is reused: no allocation once it has its working size
    let mut estimates = match m.manager.knowledge.take() {
        Some(k) => k.estimates,
        None => std::mem::take(&mut m.manager.spare_estimates),
    };
    estimates.clear();
    let mut mean = [0.0; 4];
    for k in 0..m.active.len() {
        let i = m.active[k];
        if !m.people[i].is_active() {
            continue;
        }
        let truth = m.people[i].certainty;
        let est = truth.map(|c| {
            let e = if noise > 0.0 {
                dist.sample(&mut m.manager_rng)
            } else {
                0.0
            };
            (c + e).clamp(0.0, 1.0)
        });
        for d in 0..4 {
            mean[d] += est[d];
        }
        estimates.push((i, est));
    }
    let n = estimates.len().max(1) as f64;
    let mean = mean.map(|v| v / n);
    let at_risk = estimates
        .iter()
        .filter(|(_, e)| (0..4).any(|d| e[d] < m.lower_bounds[d]))
        .count();
    m.events.push(Event::Survey { mean, at_risk });
    m.manager.surveys += 1;
    m.manager.knowledge = Some(Survey {
        round: m.round,
        estimates,
        mean,
    });
}

fn holds(m: &Model, when: &Condition) -> bool {
    let s = m.scenario;
    match when {
        Condition::Always => true,
        Condition::Every(k) => (m.round - 1).is_multiple_of(*k),
        Condition::Phase(name) => s.process.phases[m.process.phase].name == *name,
        Condition::Stagnating => m.round > 1 && m.process.last_work < s.process.stagnation_below,
        Condition::Hasty => m.process.last_work > s.process.haste_above,
        Condition::SpoilerVisible => m.people.iter().any(|p| p.is_active() && p.is_disrupting()),
        Condition::FreeRiderDetected => m
            .people
            .iter()
            .any(|p| p.is_active() && p.archetype == Archetype::FreeRider && p.detected),
        Condition::Exit => m.manager.exits_last_round > 0,
        Condition::EstimatedBreach => m.manager.knowledge.as_ref().is_some_and(|k| {
            k.estimates
                .iter()
                .any(|(i, e)| m.people[*i].is_active() && (0..4).any(|d| e[d] < m.lower_bounds[d]))
        }),
        Condition::Weakest(d) => m
            .manager
            .knowledge
            .as_ref()
            .is_some_and(|k| k.weakest(&m.lower_bounds) == *d),
    }
}

/// The interventions an action may start, in order of preference: a domain's list, one, or
/// none (no allocation).
enum Options {
    List(&'static [Intervention]),
    One([Intervention; 1]),
    Nothing,
}

impl Options {
    fn as_slice(&self) -> &[Intervention] {
        match self {
            Options::List(l) => l,
            Options::One(one) => one,
            Options::Nothing => &[],
        }
    }
}

/// The interventions an action may start, in order of preference. `rotation` distinguishes
/// several rotate rules in one policy.
fn candidates(m: &mut Model, action: Action, rotation: usize) -> Options {
    let s = m.scenario;
    match action {
        Action::Do(i) => Options::One([i]),
        Action::Focus(d) => Options::List(domain_interventions(d)),
        Action::RepairWeakest => match &m.manager.knowledge {
            Some(k) => Options::List(domain_interventions(k.weakest(&m.lower_bounds))),
            None => Options::Nothing,
        },
        Action::BoostStrongest => match &m.manager.knowledge {
            Some(k) => Options::List(domain_interventions(k.strongest())),
            None => Options::Nothing,
        },
        Action::Rotate => {
            let d = Domain::ALL[(m.round as usize + rotation) % 4];
            Options::List(domain_interventions(d))
        }
        Action::PhaseFocus => {
            let phases = s.process.phases.len();
            let d = Domain::ALL[(4 * m.process.phase / phases).min(3)];
            Options::List(domain_interventions(d))
        }
        Action::ManageSpoiler => {
            let Some(i) = m
                .people
                .iter()
                .find(|p| p.is_active() && p.is_disrupting())
                .map(|p| p.id)
            else {
                return Options::Nothing;
            };
            let kind = diagnose(m, i);
            Options::One([spoiler_strategy(kind)])
        }
    }
}

/// The manager's diagnosis of saboteur i, made once: right with probability
/// `manager.diagnosis_accuracy`, otherwise one of the other two kinds.
fn diagnose(m: &mut Model, i: usize) -> SpoilerKind {
    if m.manager.diagnosis.len() < m.people.len() {
        m.manager.diagnosis.resize(m.people.len(), None);
    }
    if let Some(k) = m.manager.diagnosis[i] {
        return k;
    }
    let truth = m.people[i].spoiler;
    let u: f64 = m.manager_rng.random();
    let kind = if u < m.scenario.manager.diagnosis_accuracy {
        truth
    } else {
        let pick = usize::from(m.manager_rng.random::<bool>());
        SpoilerKind::ALL
            .into_iter()
            .filter(|&k| k != truth)
            .nth(pick)
            .expect("two other kinds")
    };
    m.manager.diagnosis[i] = Some(kind);
    kind
}

/// The start of a round's management: a new phase starts the fatigue count afresh.
pub fn begin(m: &mut Model) {
    if m.manager.phase != m.process.phase {
        m.manager.phase = m.process.phase;
        m.manager.uses_in_phase = [0; 17];
    }
}

/// Start `iv` now, on `targets` (empty: whom the intervention picks itself, see
/// [`intervention::apply_to`]), with its effect scaled by fatigue; a survey first takes the
/// temperature. Returns whether it had something to act on: only then does it count, with its
/// cost, as a use and an event. The caller checks the budget and once-a-round use.
pub fn intervene(m: &mut Model, iv: Intervention, targets: &[usize]) -> bool {
    let s = m.scenario;
    let k = iv.index();
    let cost = s.interventions.cost(iv);
    let tired = if iv.tires() {
        crate::math::powi(s.manager.fatigue, m.manager.uses_in_phase[k] as i32)
    } else {
        1.0
    };
    let strength = s.interventions.effect(iv) * tired;
    if iv == Intervention::Survey {
        survey(m);
    }
    let applied = intervention::apply_to(m, iv, strength, targets);
    if applied {
        m.manager.uses_in_phase[k] += 1;
        m.manager.spent += cost;
        m.manager.interventions += 1;
        m.events.push(Event::Intervention { kind: iv, strength });
    }
    applied
}

/// One round of process management under `policy`.
pub fn act(m: &mut Model, policy: &PolicySpec) {
    let s = m.scenario;
    begin(m);
    let mut budget = s.manager.budget;
    let mut used = [false; 17];
    let mut rotation = 0usize;
    for rule in &policy.rules {
        if budget <= 0.0 {
            break;
        }
        if !holds(m, &rule.when) {
            continue;
        }
        let options = candidates(m, rule.action, rotation);
        if rule.action == Action::Rotate {
            rotation += 1;
        }
        for &iv in options.as_slice() {
            let k = iv.index();
            let cost = s.interventions.cost(iv);
            if used[k] || cost > budget + 1e-12 {
                continue;
            }
            if intervene(m, iv, &[]) {
                used[k] = true;
                budget -= cost;
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The running top-K gives what sorting everything and taking K gives, ties included.
    #[test]
    fn top_k_equals_sort_and_take() {
        let mut state = 12345u64;
        for case in 0..500 {
            let n = case % 9;
            let offers: Vec<(f64, usize)> = (0..n)
                .map(|id| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    // few distinct scores, so that ties are common
                    (((state >> 60) % 4) as f64 - 1.5, id)
                })
                .collect();
            let mut top = TopK::<3>::new();
            for &(score, id) in &offers {
                top.offer(score, id);
            }
            let mut sorted = offers.clone();
            sorted.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let expected: Vec<usize> = sorted.iter().take(3).map(|&(_, id)| id).collect();
            let (ids, len) = top.ids();
            assert_eq!(&ids[..len], expected.as_slice(), "offers {offers:?}");
        }
    }
}
