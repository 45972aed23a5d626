//! One collaboration process: the table's state and the schedule of a round.
//!
//! The model owns all state of one run, including its random streams, and does no I/O. The
//! mechanisms live in their own modules (negotiation, constituency, cooperation, opportunism,
//! process, exit, trust); `step` calls them in the fixed order documented in docs/model.md,
//! section "Process overview and scheduling".

use rand::rngs::ChaCha8Rng;

use crate::domain::{Domain, PerDomain};
use crate::events::Event;
use crate::intervention::Levers;
use crate::manager::ManagerState;
use crate::math::{larger, smaller};
use crate::participant::{Archetype, Participant, Participation, Presence, population};
use crate::policy::PolicySpec;
use crate::process::{self, ProcessState};
use crate::relations::RelationMatrix;
use crate::rng::{Dice, RunSeed, Slot};
use crate::scenario::Scenario;
use crate::{constituency, cooperation, exit, manager, negotiation, opportunism, trust};

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The table agreed and every signatory's constituency carried the agreement.
    Ratified,
    /// The table agreed but at least one constituency rejected it.
    Rejected,
    /// The deadline passed without agreement at the table.
    Deadline,
    /// Too few parties remained at the table.
    Collapsed,
}

impl Ending {
    /// The ending's position in declaration order: ratified 0, rejected 1, deadline 2,
    /// collapsed 3 (the page's code for it).
    pub const fn index(self) -> usize {
        self as usize
    }

    pub const fn key(self) -> &'static str {
        match self {
            Ending::Ratified => "ratified",
            Ending::Rejected => "rejected",
            Ending::Deadline => "deadline",
            Ending::Collapsed => "collapsed",
        }
    }
}

/// Aggregates of the table at the start of a round, which every participant sees.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableView {
    /// Parties at the table.
    pub active: usize,
    /// The proposal on the table: mean position of the parties at the table, revealed
    /// saboteurs left out (nobody drafts around a known spoiler's position).
    pub proposal: f64,
    /// Sum of last round's contributions of the parties at the table.
    pub contribution_sum: f64,
    /// Share of the table that has voiced its interests.
    pub voiced_share: f64,
    /// Voiced interests weighted by identification: sum over voiced parties of the mean of their
    /// topic and group identification, divided by the parties at the table.
    pub voiced_weight: f64,
    /// Share of the table that shares strategic information (co-owners above the procedural
    /// challenge).
    pub information_share: f64,
    /// Mean procedural certainty at the table (transparency).
    pub mean_procedural: f64,
    /// Share of the table above the social challenge (showing leadership).
    pub share_leading: f64,
    /// How ready the table is to hold each other to the rules and agreements: the mean over
    /// the table of each party's readiness, which grows from 0 at the lower bound to 1 at the
    /// challenge of its procedural or its task & time certainty, whichever is further along.
    pub holding_to_account: f64,
    /// Share of the table above the task & time challenge (owning the planning).
    pub share_owning_plan: f64,
}

/// Run-level counters.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub agreement_round: Option<u32>,
    pub first_reveal_round: Option<u32>,
    pub votes: u32,
    pub withdrawals: u32,
    /// Signatories whose constituency rejected the final agreement.
    pub home_rejections: u32,
    pub careless_decisions: u32,
    pub confidentiality_breaches: u32,
    pub contribution_sum: f64,
    pub contribution_count: u64,
    pub sincere_contribution_sum: f64,
    pub sincere_contribution_count: u64,
}

/// The state of one run.
pub struct Model<'s> {
    pub scenario: &'s Scenario,
    pub lower_bounds: PerDomain<f64>,
    pub challenges: PerDomain<f64>,
    pub round: u32,
    pub people: Vec<Participant>,
    pub relations: RelationMatrix,
    pub process: ProcessState,
    pub view: TableView,
    pub tally: Tally,
    pub end: Option<Ending>,
    /// Events of the current round.
    pub events: Vec<Event>,
    /// Random stream of table-level events (careless decisions).
    pub table_rng: ChaCha8Rng,
    /// The participants' per-round dice, counter-based: a die is a function of (round,
    /// participant, purpose), computed when a rule reads it.
    pub dice: Dice,
    /// Random stream reserved for a process manager (survey noise), so that its draws never
    /// shift the participants' luck.
    pub manager_rng: ChaCha8Rng,
    /// Indices of the parties at the table, rebuilt each round.
    pub active: Vec<usize>,
    /// Buffer for each party's summed relations with the table, see [`Model::mean_relations`].
    relation_sums: Vec<f64>,
    /// Each party's summed relations with the table, as of the last
    /// [`Model::sum_relations_for_news`].
    news_row_sums: Vec<f64>,
    /// Indices of the saboteurs and of the free-riders, ascending (archetypes never change), so
    /// that the rules for them visit only them, in the same order as a pass over `active`.
    pub saboteurs: Vec<usize>,
    pub free_riders: Vec<usize>,
    /// The process manager's policy; `None` is no manager at all.
    pub policy: Option<&'s PolicySpec>,
    /// The process manager's state.
    pub manager: ManagerState,
    /// This round's modifiers from interventions.
    pub levers: Levers,
    /// Buffers reused by every vote.
    pub vote_buffers: process::decision::VoteBuffers,
    /// Per-seat arrays of the displeasure pass ([`constituency::refresh_displeasure`]), which
    /// runs over every seat at once.
    pub(crate) seats: constituency::SeatArrays,
}

impl<'s> Model<'s> {
    /// Seat the table for one run without a process manager. The scenario must be validated.
    pub fn new(scenario: &'s Scenario, seed: RunSeed) -> Self {
        Self::with_policy(scenario, None, seed)
    }

    /// Seat the table for one run with a process manager following `policy`. The population
    /// and the participants' luck are the same for every policy (common random numbers).
    pub fn with_policy(
        scenario: &'s Scenario,
        policy: Option<&'s PolicySpec>,
        seed: RunSeed,
    ) -> Self {
        let (people, relations) = population::populate(scenario, &seed);
        let n = people.len();
        let of = |a: Archetype| -> Vec<usize> {
            people
                .iter()
                .filter(|p| p.archetype == a)
                .map(|p| p.id)
                .collect()
        };
        let (saboteurs, free_riders) = (of(Archetype::Saboteur), of(Archetype::FreeRider));
        let seats = constituency::SeatArrays::for_table(n);
        let mut m = Model {
            scenario,
            lower_bounds: scenario.domains.lower_bounds(),
            challenges: scenario.domains.challenges(),
            round: 0,
            people,
            relations,
            process: ProcessState::new(scenario),
            view: TableView::default(),
            tally: Tally::default(),
            end: None,
            events: Vec::with_capacity(4 * n + 16),
            table_rng: seed.stream(Slot::Table),
            dice: seed.dice(),
            manager_rng: seed.stream(Slot::Manager),
            active: Vec::with_capacity(n),
            relation_sums: vec![0.0; RelationMatrix::padded(n)],
            news_row_sums: vec![0.0; RelationMatrix::padded(n)],
            saboteurs,
            free_riders,
            policy,
            manager: ManagerState::for_table(n),
            levers: Levers::default(),
            vote_buffers: process::decision::VoteBuffers::with_capacity(n),
            seats,
        };
        m.observe_table();
        m.refresh(true);
        cooperation::initial_contributions(&mut m);
        m.events.clear();
        m
    }

    pub fn is_finished(&self) -> bool {
        self.end.is_some()
    }

    /// Play one round. Returns false once the run has ended.
    pub fn step(&mut self) -> bool {
        if self.end.is_some() {
            return false;
        }
        self.open_round();
        if let Some(policy) = self.policy {
            manager::act(self, policy);
        }
        self.close_round()
    }

    /// The first part of a round, up to the moment the process manager acts: the round begins,
    /// the table looks at itself, and saboteurs due to show themselves (or to resume) do so.
    /// [`Model::step`] is `open_round`, the policy's manager, `close_round`;
    /// a manager outside the model (a trainee, see [`crate::desk`]) acts in between.
    /// Call only while the run goes on.
    pub fn open_round(&mut self) {
        self.round += 1;
        self.events.clear();
        self.levers = Levers::default();
        self.observe_table();
        opportunism::sabotage::reveal_due(self);
        opportunism::sabotage::resume_due(self);
    }

    /// The rest of a round opened with [`Model::open_round`], after the manager has acted.
    /// Returns false once the run has ended.
    pub fn close_round(&mut self) -> bool {
        opportunism::sabotage::disrupt(self);
        negotiation::voice(self);
        constituency::pull(self);
        negotiation::meet(self);
        cooperation::contribute(self);
        opportunism::free_riding::detect(self);
        process::progress::advance(self);
        process::decision::decide(self);
        // positions do not move between the ambient signals and the refresh
        let proposal = self.ambient_signals();
        self.update_trust();
        self.refresh_at(false, proposal);
        if self.end.is_none() {
            exit::exits(self);
        }
        self.check_end();
        self.end.is_none()
    }

    /// Play rounds until the run ends.
    pub fn run_to_end(&mut self) {
        while self.step() {}
    }

    /// Participant `who`'s die of this round for `purpose` (an index from
    /// [`crate::participant::dice`]), a uniform number in (0, 1).
    #[inline]
    pub fn die(&self, who: usize, purpose: usize) -> f64 {
        self.dice.uniform(self.round, who, purpose)
    }

    /// Rebuild the active list and the aggregates every participant sees this round.
    pub fn observe_table(&mut self) {
        self.active.clear();
        self.active
            .extend(self.people.iter().filter(|p| p.is_active()).map(|p| p.id));
        let n = self.active.len();
        let mut v = TableView {
            active: n,
            ..TableView::default()
        };
        if n == 0 {
            self.view = v;
            return;
        }
        let (cp, ct, cs) = (
            self.challenges[Domain::Procedural.index()],
            self.challenges[Domain::TaskTime.index()],
            self.challenges[Domain::Social.index()],
        );
        let (lp, lt) = (
            self.lower_bounds[Domain::Procedural.index()],
            self.lower_bounds[Domain::TaskTime.index()],
        );
        // readiness to address others: 0 at the lower bound, 1 at the challenge
        let (sp, st) = (1.0 / (cp - lp), 1.0 / (ct - lt));
        // the shares are counted in integers (a count of ones is the same number as a sum of
        // 1.0s and 0.0s, and adding a bool costs no branch and no conversion)
        let (mut voiced, mut informed, mut leading, mut owning) = (0usize, 0usize, 0usize, 0usize);
        let mut drafting = 0usize;
        for &i in &self.active {
            let p = &self.people[i];
            if !p.is_disrupting() {
                v.proposal += p.position;
                drafting += 1;
            }
            v.contribution_sum += p.contribution;
            voiced += usize::from(p.interests_voiced);
            // + 0.0 for a party that has not voiced (x + 0.0 = x)
            v.voiced_weight += f64::from(u8::from(p.interests_voiced))
                * (0.5 * (p.topic_identification + p.group_identification));
            let pc = p.certainty[Domain::Procedural.index()];
            let tc = p.certainty[Domain::TaskTime.index()];
            let (procedural, planning) = (pc > cp, tc > ct);
            informed += usize::from(p.participation == Participation::CoOwner && procedural);
            v.mean_procedural += pc;
            leading += usize::from(p.certainty[Domain::Social.index()] > cs);
            v.holding_to_account += larger((pc - lp) * sp, (tc - lt) * st).clamp(0.0, 1.0);
            owning += usize::from(planning);
        }
        let nf = n as f64;
        v.proposal = if drafting > 0 {
            v.proposal / drafting as f64
        } else {
            0.5
        };
        v.voiced_share = voiced as f64 / nf;
        v.voiced_weight /= nf;
        v.information_share = informed as f64 / nf;
        v.mean_procedural /= nf;
        v.share_leading = leading as f64 / nf;
        v.holding_to_account /= nf;
        v.share_owning_plan = owning as f64 / nf;
        self.view = v;
    }

    /// The current proposal: mean position of the parties at the table other than revealed
    /// saboteurs (recomputed, since positions move during the round).
    pub fn current_proposal(&self) -> f64 {
        let (sum, n) = self
            .people
            .iter()
            .filter(|p| p.is_active() && !p.is_disrupting())
            .fold((0.0, 0usize), |(s, n), p| (s + p.position, n + 1));
        if n == 0 {
            self.view.proposal
        } else {
            sum / n as f64
        }
    }

    pub fn active_count(&self) -> usize {
        self.people.iter().filter(|p| p.is_active()).count()
    }

    /// Room for agreement of participant i: its bounded-confidence radius widened by voiced
    /// interests and by shared strategic information.
    #[inline]
    pub fn room(&self, i: usize) -> f64 {
        self.widening().room(&self.people[i])
    }

    /// This round's widening of everyone's room for agreement (see [`negotiation::Widening`]).
    #[inline]
    pub fn widening(&self) -> negotiation::Widening {
        negotiation::Widening::of(&self.scenario.negotiation, &self.view)
    }

    /// Mean relation of i with the other parties at the table (`active`, as of the start of the
    /// round): the relations summed in ascending order of the others' index.
    pub fn mean_relation(&self, i: usize) -> f64 {
        let row = self.relations.row(i);
        let mut sum = 0.0;
        let mut k = 0usize;
        for &j in &self.active {
            if j != i {
                sum += row[j];
                k += 1;
            }
        }
        if k == 0 { 0.0 } else { sum / k as f64 }
    }

    /// Store in `p.mean_relation` every party's [`Model::mean_relation`] at once. The relation
    /// matrix is symmetric, so the sums of all parties are the rows of the table added up
    /// (every party's sum accumulates in the same order as `mean_relation`'s, and with r(i,i) = 0
    /// the results are identical); adding whole rows vectorises, where per-party sums do not.
    fn mean_relations(&mut self) {
        self.relations
            .sum_rows_into(&self.active, &mut self.relation_sums);
        let others = self.active.len().saturating_sub(1);
        for &i in &self.active {
            self.people[i].mean_relation = if others == 0 {
                0.0
            } else {
                self.relation_sums[i] / others as f64
            };
        }
    }

    /// Add a signal for every active participant except `except`, scaled per receiver by
    /// `base + rel * relation(receiver, about)` when `about` is given.
    pub fn broadcast(
        &mut self,
        domain: Domain,
        amount: f64,
        about: Option<usize>,
        base: f64,
        rel: f64,
    ) {
        let d = domain.index();
        for p in self.people.iter_mut().filter(|p| p.is_active()) {
            match about {
                Some(k) if k == p.id => {}
                Some(k) => {
                    let w = base + rel * self.relations.get(p.id, k);
                    p.signal[d] += amount * w;
                }
                None => p.signal[d] += amount,
            }
        }
    }

    /// Sum each party's relations with the table `A` (of the start of the round) into
    /// `news_row_sums`, for [`Model::send_news`] and [`Model::contagion_weight`]. Relations do
    /// not change while news is sent, so several pieces of news (the exits of one round) share
    /// one sum.
    pub(crate) fn sum_relations_for_news(&mut self) {
        self.relations
            .sum_rows_into(&self.active, &mut self.news_row_sums);
    }

    /// Send news about party `k` (its exit, detection, withdrawal or reveal) to every other
    /// active party `j`, each amount weighted by the share of j's table that k represents, with
    /// strangers at half the weight of the closest relations,
    /// `w_jk = 10 (0.5 + 0.5 r_jk) / sum over l in A, l != j of (0.5 + 0.5 r_jl)`:
    /// a shock is given per tenth of the table. The weights of one receiver add up to 10 over
    /// its whole table, whatever its size: at a table twice as large each party's departure
    /// means half as much, and the bad news of a given share of the table leaving stays the
    /// same. Uses the sums of the last [`Model::sum_relations_for_news`].
    pub(crate) fn send_news(&mut self, k: usize, signals: &[(Domain, f64)]) {
        let others = self.active.len().saturating_sub(1) as f64;
        let row = self.relations.row(k);
        for &j in &self.active {
            let p = &mut self.people[j];
            if j == k || !p.is_active() {
                continue;
            }
            let w = 10.0 * (0.5 + 0.5 * row[j]) / (0.5 * others + 0.5 * self.news_row_sums[j]);
            for &(d, amount) in signals {
                p.signal[d.index()] += amount * w;
            }
        }
    }

    /// News about party `k` for every other active party ([`Model::send_news`] with the
    /// relations as they are now).
    pub fn news(&mut self, k: usize, signals: &[(Domain, f64)]) {
        self.sum_relations_for_news();
        self.send_news(k, signals);
    }

    /// The weight with which party `k`'s exit feeds receiver `j`'s contagion memory: the share
    /// of j's relations that k held, times 10, `10 r_jk / sum over l in A, l != j of r_jl`
    /// (0 without relations), with the sums of the last [`Model::sum_relations_for_news`].
    /// Exits spread through relations: a stranger's exit hardly counts, a close partner's fully.
    #[inline]
    pub fn contagion_weight(&self, j: usize, k: usize) -> f64 {
        let total = self.news_row_sums[j];
        if total > 0.0 {
            10.0 * self.relations.get(j, k) / total
        } else {
            0.0
        }
    }

    /// The share of the planned duration that has passed, at most 1: how long a saboteur sat
    /// inside undetected at its reveal, and how much trust the table could build before a
    /// breach.
    pub fn plan_elapsed(&self) -> f64 {
        (f64::from(self.round) / f64::from(self.process.planned_rounds)).min(1.0)
    }

    /// Signals every round from the table itself: relations, leadership, the prospect of a
    /// result, the shared picture of the content that voiced interests give, and the rules of
    /// the game holding (a round without a procedural incident).
    /// Returns the current proposal they were based on.
    fn ambient_signals(&mut self) -> f64 {
        let s = self.scenario;
        let x = self.current_proposal();
        let rules_hold = if self.events.iter().any(Event::is_procedural_incident) {
            0.0
        } else {
            s.process.rules_gain
        };
        self.mean_relations();
        let widening = self.widening();
        for k in 0..self.active.len() {
            let i = self.active[k];
            if !self.people[i].is_active() {
                continue;
            }
            let p = &mut self.people[i];
            let room = widening.room(p);
            let mean_rel = p.mean_relation;
            p.signal[Domain::Social.index()] += s.relations.social_weight * (2.0 * mean_rel - 1.0)
                + s.challenge.leadership * self.view.share_leading;
            p.signal[Domain::Procedural.index()] += rules_hold;
            let in_room = (p.position - x).abs() <= room;
            p.signal[Domain::Content.index()] += s.negotiation.prospect_weight
                * if in_room { 1.0 } else { -1.0 }
                + s.negotiation.shared_picture * (2.0 * self.view.voiced_share - 1.0);
        }
        x
    }

    fn update_trust(&mut self) {
        let s = self.scenario;
        for p in self.people.iter_mut().filter(|p| p.is_active()) {
            trust::update(
                &mut p.certainty,
                &p.signal,
                &s.trust,
                s.compensation.spillover,
            );
            p.signal = [0.0; 4];
        }
    }

    /// Recompute each active participant's derived state: process trust, lower-bound breaches,
    /// identification, constituency displeasure, loyalty, willingness and ownership.
    pub fn refresh(&mut self, initial: bool) {
        if initial {
            self.mean_relations();
        }
        self.refresh_at(initial, self.current_proposal());
    }

    /// [`Model::refresh`] with the current proposal `x` already computed. Each party's mean
    /// relation is the one stored by [`Model::mean_relations`] this round (relations do not
    /// change between the ambient signals and the refresh).
    fn refresh_at(&mut self, initial: bool, x: f64) {
        let s = self.scenario;
        let rate_id = s.ownership.identification_rate;
        // Displeasure first, in a pass of its own over every seat: it depends on nothing else
        // refreshed here.
        constituency::refresh_displeasure(self, x);
        for k in 0..self.active.len() {
            let i = self.active[k];
            if !self.people[i].is_active() {
                continue;
            }
            let p = &mut self.people[i];
            let mean_rel = p.mean_relation;
            let c = p.certainty;
            p.process_trust = trust::process_trust(&c, &s.compensation);
            p.breaches = trust::breaches(&c, &self.lower_bounds, &s.compensation);
            let above = trust::above_challenge(&c, &self.challenges);
            let content = c[Domain::Content.index()];
            let social = c[Domain::Social.index()];
            if !initial {
                // urgency x 1 or x 0 (a select, not a branch: above or not differs by party)
                let urgent = s.challenge.urgency
                    * f64::from(u8::from(content > self.challenges[Domain::Content.index()]));
                let topic_target = smaller(content + urgent, 1.0);
                let group_target = 0.5 * social + 0.5 * mean_rel;
                p.topic_identification += rate_id * (topic_target - p.topic_identification);
                p.group_identification += rate_id * (group_target - p.group_identification);
            }
            p.loyalty = p.loyalty_base * (1.0 - s.constituency.collective_shift * p.ownership);
            p.willingness = negotiation::willingness(p, &s.constituency);
            let target = crate::participant::ownership::ownership_target(
                p.willingness,
                p.topic_identification,
                p.group_identification,
                above,
            );
            if initial {
                p.ownership = target;
                p.loyalty = p.loyalty_base * (1.0 - s.constituency.collective_shift * p.ownership);
                p.willingness = negotiation::willingness(p, &s.constituency);
                p.participation = Participation::initial(target, &s.ownership);
            } else {
                p.ownership += s.ownership.rate * (target - p.ownership);
                let next = p.participation.next(p.ownership, &s.ownership);
                if next != p.participation {
                    let from = p.participation;
                    p.participation = next;
                    self.events.push(Event::LevelChanged {
                        who: i,
                        from,
                        to: next,
                    });
                }
            }
        }
    }

    /// The approval curve of party i's constituency this round: its own tolerance, widened by
    /// the interests it voiced ([`constituency::interest_widening`]).
    pub fn approval_curve(&self, i: usize) -> constituency::ApprovalCurve {
        let s = self.scenario;
        let p = &self.people[i];
        let widening = constituency::interest_widening(
            p.interests_voiced,
            self.view.voiced_weight,
            s.negotiation.room_interests,
        );
        constituency::ApprovalCurve::with_tolerance(p.tolerance, widening, &s.constituency)
    }

    /// Collapse when too few remain; otherwise the deadline.
    fn check_end(&mut self) {
        if self.end.is_some() {
            return;
        }
        let n = self.people.len();
        let active = self.active_count();
        let needed = ((self.scenario.process.min_active_share * n as f64).ceil() as usize).max(2);
        if active < needed {
            self.end = Some(Ending::Collapsed);
            self.events.push(Event::Collapsed);
        } else if self.round >= self.process.deadline {
            self.end = Some(Ending::Deadline);
            self.events.push(Event::DeadlineReached);
        }
    }

    /// Whether the run ended in an inclusive agreement: ratified, with every essential party
    /// and every essential kind (`[inclusion]`) still at the table, and at most
    /// `1 - inclusion.min_seat_share` of the original seats left voluntarily.
    pub fn inclusive(&self) -> bool {
        if self.end != Some(Ending::Ratified) {
            return false;
        }
        let inc = &self.scenario.inclusion;
        let n = self.people.len();
        let (exited, _) = self.departures();
        if ((n - exited) as f64) < inc.min_seat_share * n as f64 - 1e-9 {
            return false;
        }
        // parties are seated by kind, so a kind's k-th party is the k-th of that kind by index
        let mut seen = [0usize; 3];
        let mut present = [false; 3];
        for p in &self.people {
            let k = p.kind as usize;
            seen[k] += 1;
            if p.is_active() {
                present[k] = true;
            } else if seen[k] <= inc.essential_parties.of(p.kind) {
                return false;
            }
        }
        inc.essential_kinds.iter().all(|&k| present[k as usize])
    }

    /// Counts of parties that left voluntarily and that were excluded.
    pub fn departures(&self) -> (usize, usize) {
        let mut exited = 0;
        let mut excluded = 0;
        for p in &self.people {
            match p.presence {
                Presence::Exited(_) => exited += 1,
                Presence::Excluded(_) => excluded += 1,
                Presence::Active => {}
            }
        }
        (exited, excluded)
    }

    /// Number of participants of an archetype.
    pub fn count_archetype(&self, a: Archetype) -> usize {
        self.people.iter().filter(|p| p.archetype == a).count()
    }
}
