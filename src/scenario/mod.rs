//! Scenario: every parameter of the model, read from TOML.
//!
//! Each section below is one concept of the model; the field documentation names the default,
//! the valid range and the mechanism it drives. docs/model.md lists the same parameters in its
//! parameter table. Missing fields take the defaults written here; unknown fields are an error.
//! A scenario is checked once by [`Scenario::validate`] (see `validate.rs`); the model trusts it.

mod load;
mod validate;

pub use load::{
    ScenarioError, field_at_line, find_line, load_scenario, parse_scenario, parse_scenario_with,
    toml_message, value_at, with_suggestion,
};
pub use validate::shown;

use serde::{Deserialize, Serialize};

use crate::domain::{Domain, PerDomain};
use crate::intervention::kind::Intervention;
use crate::participant::kind::PartyKind;
pub use crate::policy::PolicySpec;

/// A complete, validated description of one kind of collaboration process.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// Short name, used in output.
    pub name: String,
    /// The name in Dutch, shown instead of `name` in Dutch stories and reports (optional).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_nl: Option<String>,
    /// What the scenario represents.
    pub description: String,
    #[serde(deserialize_with = "crate::input::table")]
    pub participants: Participants,
    #[serde(deserialize_with = "crate::input::table")]
    pub kinds: Kinds,
    #[serde(deserialize_with = "crate::input::table")]
    pub archetypes: Archetypes,
    #[serde(deserialize_with = "crate::input::table")]
    pub domains: Domains,
    #[serde(deserialize_with = "crate::input::table")]
    pub trust: Trust,
    #[serde(deserialize_with = "crate::input::table")]
    pub compensation: Compensation,
    #[serde(deserialize_with = "crate::input::table")]
    pub challenge: Challenge,
    #[serde(deserialize_with = "crate::input::table")]
    pub process: Process,
    #[serde(deserialize_with = "crate::input::table")]
    pub negotiation: Negotiation,
    #[serde(deserialize_with = "crate::input::table")]
    pub constituency: Constituency,
    #[serde(deserialize_with = "crate::input::table")]
    pub cooperation: Cooperation,
    #[serde(deserialize_with = "crate::input::table")]
    pub relations: Relations,
    #[serde(deserialize_with = "crate::input::table")]
    pub ownership: Ownership,
    #[serde(deserialize_with = "crate::input::table")]
    pub exit: Exit,
    #[serde(deserialize_with = "crate::input::table")]
    pub free_rider: FreeRider,
    #[serde(deserialize_with = "crate::input::table")]
    pub saboteur: Saboteur,
    #[serde(deserialize_with = "crate::input::table")]
    pub regretter: Regretter,
    #[serde(deserialize_with = "crate::input::table")]
    pub inclusion: Inclusion,
    #[serde(deserialize_with = "crate::input::table")]
    pub manager: Manager,
    #[serde(deserialize_with = "crate::input::table")]
    pub interventions: Interventions,
    /// Policies defined by this scenario, from the same building blocks as the built-in ones.
    #[serde(deserialize_with = "crate::input::tables")]
    pub policies: Vec<PolicySpec>,
}

impl Scenario {
    /// The effective scenario: every optional field (a kind's means, an intervention's cost and
    /// strength) set to the value the model uses when the scenario leaves it out. It runs
    /// exactly as `self` does, and serialised it shows every parameter.
    pub fn resolved(&self) -> Scenario {
        let mut s = self.clone();
        for kind in PartyKind::ALL {
            *s.kinds.spec_mut(kind) = KindSpec::from(self.kinds.profile(kind));
        }
        for i in Intervention::ALL {
            *s.interventions.spec_mut(i) = InterventionSpec {
                cost: Some(self.interventions.cost(i)),
                effect: Some(self.interventions.effect(i)),
            };
        }
        s
    }

    /// The effective scenario as TOML: every parameter with the value the model uses, so that
    /// loading this text gives the same scenario. `polder check` prints it and `run`, `compare`
    /// and `trace` leave it next to their results.
    pub fn to_toml(&self) -> Result<String, toml::ser::Error> {
        toml::to_string(&self.resolved())
    }

    /// The scenario's name in `lang`: the Dutch label when there is one, else `name`.
    pub fn label(&self, lang: crate::text::Lang) -> &str {
        match (lang, &self.name_nl) {
            (crate::text::Lang::Nl, Some(nl)) => nl,
            _ => &self.name,
        }
    }
}

/// Size of the table.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Participants {
    /// Number of parties at the table at the start (2..=1000). Default 18.
    pub count: usize,
    /// Standard deviation of individual traits (willingness, loyalty, identification, outside
    /// option) around their kind's mean (0..=0.5). Default 0.15.
    pub trait_spread: f64,
}

impl Default for Participants {
    fn default() -> Self {
        Self {
            count: 18,
            trait_spread: 0.15,
        }
    }
}

/// The three party kinds and what distinguishes them. Any field left out takes the kind's own
/// default (see [`KindProfile::default_for`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Kinds {
    #[serde(deserialize_with = "crate::input::table")]
    pub government: KindSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub market: KindSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub society: KindSpec,
}

impl Kinds {
    pub fn spec(&self, kind: PartyKind) -> &KindSpec {
        match kind {
            PartyKind::Government => &self.government,
            PartyKind::Market => &self.market,
            PartyKind::Society => &self.society,
        }
    }

    pub fn spec_mut(&mut self, kind: PartyKind) -> &mut KindSpec {
        match kind {
            PartyKind::Government => &mut self.government,
            PartyKind::Market => &mut self.market,
            PartyKind::Society => &mut self.society,
        }
    }

    /// The resolved profile of a kind: the scenario's values over the kind's defaults.
    pub fn profile(&self, kind: PartyKind) -> KindProfile {
        self.spec(kind).resolve(KindProfile::default_for(kind))
    }
}

/// A party kind as written in the scenario; every field optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct KindSpec {
    pub share: Option<f64>,
    pub position: Option<f64>,
    pub position_spread: Option<f64>,
    pub loyalty: Option<f64>,
    pub willingness: Option<f64>,
    pub topic_identification: Option<f64>,
    pub outside_option: Option<f64>,
}

impl From<KindProfile> for KindSpec {
    /// A kind with every field written out.
    fn from(p: KindProfile) -> Self {
        Self {
            share: Some(p.share),
            position: Some(p.position),
            position_spread: Some(p.position_spread),
            loyalty: Some(p.loyalty),
            willingness: Some(p.willingness),
            topic_identification: Some(p.topic_identification),
            outside_option: Some(p.outside_option),
        }
    }
}

impl KindSpec {
    fn resolve(&self, d: KindProfile) -> KindProfile {
        KindProfile {
            share: self.share.unwrap_or(d.share),
            position: self.position.unwrap_or(d.position),
            position_spread: self.position_spread.unwrap_or(d.position_spread),
            loyalty: self.loyalty.unwrap_or(d.loyalty),
            willingness: self.willingness.unwrap_or(d.willingness),
            topic_identification: self.topic_identification.unwrap_or(d.topic_identification),
            outside_option: self.outside_option.unwrap_or(d.outside_option),
        }
    }
}

/// A party kind's resolved means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindProfile {
    /// Share of the table of this kind (the three shares add up to 1).
    pub share: f64,
    /// Mean ideal point of this kind's constituencies on the issue, 0..1.
    pub position: f64,
    /// Standard deviation of constituency ideal points within the kind.
    pub position_spread: f64,
    /// Mean dual-loyalty weight toward the constituency (achterban), 0..1.
    pub loyalty: f64,
    /// Mean willingness to negotiate (onderhandelingsbereidheid), 0..1.
    pub willingness: f64,
    /// Mean initial identification with the topic and its urgency, 0..1.
    pub topic_identification: f64,
    /// Mean attractiveness of the outside option (what a party gets by leaving), 0..1.
    pub outside_option: f64,
}

impl KindProfile {
    /// Defaults per kind: government must stay and carries the public interest; market parties
    /// have good alternatives; civil society is loyal to its members and hard to move.
    pub fn default_for(kind: PartyKind) -> Self {
        match kind {
            PartyKind::Government => Self {
                share: 0.3,
                position: 0.5,
                position_spread: 0.08,
                loyalty: 0.5,
                willingness: 0.6,
                topic_identification: 0.65,
                outside_option: 0.2,
            },
            PartyKind::Market => Self {
                share: 0.35,
                position: 0.68,
                position_spread: 0.08,
                loyalty: 0.45,
                willingness: 0.55,
                topic_identification: 0.45,
                outside_option: 0.45,
            },
            PartyKind::Society => Self {
                share: 0.35,
                position: 0.32,
                position_spread: 0.08,
                loyalty: 0.6,
                willingness: 0.45,
                topic_identification: 0.6,
                outside_option: 0.3,
            },
        }
    }
}

/// Shares of the opportunistic and strategic archetypes; the rest are sincere participants.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Archetypes {
    /// Share of free-riders (take the benefit, contribute little). Default 0.1.
    pub free_rider_share: f64,
    /// Share of saboteurs (hidden until a late reveal, then disrupt). Default 0.05.
    pub saboteur_share: f64,
    /// Share of regretters (spijtoptanten: withdraw from agreements). Default 0.1.
    pub regretter_share: f64,
}

impl Default for Archetypes {
    fn default() -> Self {
        Self {
            free_rider_share: 0.1,
            saboteur_share: 0.05,
            regretter_share: 0.1,
        }
    }
}

/// Initial clarity, lower bound and challenge of each domain.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Domains {
    #[serde(deserialize_with = "crate::input::table")]
    pub content: DomainSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub social: DomainSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub procedural: DomainSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub task_time: DomainSpec,
}

impl Domains {
    pub fn get(&self, d: Domain) -> &DomainSpec {
        match d {
            Domain::Content => &self.content,
            Domain::Social => &self.social,
            Domain::Procedural => &self.procedural,
            Domain::TaskTime => &self.task_time,
        }
    }

    pub fn get_mut(&mut self, d: Domain) -> &mut DomainSpec {
        match d {
            Domain::Content => &mut self.content,
            Domain::Social => &mut self.social,
            Domain::Procedural => &mut self.procedural,
            Domain::TaskTime => &mut self.task_time,
        }
    }

    pub fn lower_bounds(&self) -> PerDomain<f64> {
        Domain::ALL.map(|d| self.get(d).lower_bound)
    }

    pub fn challenges(&self) -> PerDomain<f64> {
        Domain::ALL.map(|d| self.get(d).challenge)
    }
}

/// One domain of process trust.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct DomainSpec {
    /// Mean initial certainty: how clear this domain is at the start, 0..1. Default 0.55.
    pub initial: f64,
    /// Standard deviation of initial certainty across participants (Beta distributed),
    /// 0..0.3 and below sqrt(initial*(1-initial)). Default 0.1.
    pub spread: f64,
    /// Lower bound (ondergrens), 0..1: below it the exit hazard jumps. Default 0.3.
    pub lower_bound: f64,
    /// Challenge (uitdaging), above the lower bound: above it a participant shows the domain's
    /// co-ownership behaviour. Default 0.75.
    pub challenge: f64,
}

impl Default for DomainSpec {
    fn default() -> Self {
        Self {
            initial: 0.55,
            spread: 0.1,
            lower_bound: 0.3,
            challenge: 0.75,
        }
    }
}

/// Asymmetric trust updating (Slovic 1993): losses weigh more than gains.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Trust {
    /// Rate at which a positive signal closes the gap to 1 (alpha), 0..1. Default 0.08.
    pub gain: f64,
    /// Rate at which a negative signal removes certainty (beta), 0..1. Default 0.24
    /// (beta/alpha = 3, inside the 2..5 range suggested by the trust-asymmetry literature).
    pub loss: f64,
}

impl Default for Trust {
    fn default() -> Self {
        Self {
            gain: 0.08,
            loss: 0.24,
        }
    }
}

/// Compensation between domains (compenseren).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Compensation {
    /// How far domains make up for each other, 0..1: process trust is
    /// (1-strength)*min + strength*mean of the four certainties. Default 0.5.
    pub strength: f64,
    /// Whether compensation also lifts a domain out of its lower-bound breach. Default false
    /// (non-compensatory screening: a breached floor counts whatever the other domains say).
    pub below_lower_bound: bool,
    /// Share of the strongest positive signal in one domain that spills into the others (a push
    /// in one domain unlocking another), 0..1. Default 0.2.
    pub spillover: f64,
}

impl Default for Compensation {
    fn default() -> Self {
        Self {
            strength: 0.5,
            below_lower_bound: false,
            spillover: 0.2,
        }
    }
}

/// What participants above a domain's challenge do (the co-ownership behaviours).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Challenge {
    /// Content above challenge: felt urgency adds this to the target of topic identification.
    /// Default 0.2.
    pub urgency: f64,
    /// Social above challenge: leaders take initiative; each round every participant gets a
    /// social signal of leadership x (share of the table above the social challenge). Default 0.15.
    pub leadership: f64,
    /// Procedural above challenge: partners address each other on the rules; detected
    /// free-riders are pushed toward the group's contribution with strength peer_pressure x
    /// (share of the table above the procedural or task & time challenge). Default 0.8.
    pub peer_pressure: f64,
    /// Task & time above challenge: partners own the planning and hold each other to it; the
    /// group's progress grows by plan_ownership x (share above the task & time challenge).
    /// Default 0.2.
    pub plan_ownership: f64,
}

impl Default for Challenge {
    fn default() -> Self {
        Self {
            urgency: 0.2,
            leadership: 0.15,
            peer_pressure: 0.8,
            plan_ownership: 0.2,
        }
    }
}

/// How the table decides.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum DecisionRule {
    /// Every party at the table must accept.
    #[default]
    Consensus,
    /// At least `qualified_share` of the parties at the table accept.
    QualifiedMajority,
    /// More than half of the parties at the table accept.
    Majority,
}

impl DecisionRule {
    pub fn key(self) -> &'static str {
        match self {
            DecisionRule::Consensus => "consensus",
            DecisionRule::QualifiedMajority => "qualified_majority",
            DecisionRule::Majority => "majority",
        }
    }
}

/// Phases, pace and decision moments.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Process {
    /// The phases in order (fasering). The last one must be a decision moment.
    #[serde(deserialize_with = "crate::input::tables")]
    pub phases: Vec<PhaseSpec>,
    /// Planned pace: work pushed through per round relative to the plan (1 = as planned).
    /// 0.1..5. Default 1.
    pub pace: f64,
    /// Deadline in rounds; 0 means twice the planned duration. Default 0.
    pub max_rounds: u32,
    /// Decision rule at every decision moment. Default "consensus".
    pub decision_rule: DecisionRule,
    /// Share of "yes" needed under "qualified_majority", 0.5..1. Default 0.75.
    pub qualified_share: f64,
    /// Rounds between a failed vote and the next attempt (1..=20). Default 2.
    pub revote_every: u32,
    /// The process collapses when fewer than this share of the original parties remain, 0..1.
    /// Default 0.5.
    pub min_active_share: f64,
    /// Progress per round below this share of the plan is stagnation (stroperigheid). Default 0.6.
    pub stagnation_below: f64,
    /// Progress per round above this multiple of the plan is haste (haast). Default 1.4.
    pub haste_above: f64,
    /// Task & time signal per unit of relative shortfall under `stagnation_below`. Default 0.6.
    pub stagnation_weight: f64,
    /// Task & time signal per unit of relative excess over `haste_above`. Default 0.6.
    pub haste_weight: f64,
    /// Task & time signal in a round with progress inside the comfortable band. Default 0.05.
    pub on_plan_gain: f64,
    /// Procedural signal in a round in which the rules of the game hold (no reveal, breach,
    /// careless decision, failed vote or withdrawal). Default 0.05.
    pub rules_gain: f64,
    /// Probability per round of a careless decision per unit of relative excess over
    /// `haste_above`, 0..1. Default 0.5.
    pub careless_probability: f64,
    /// Procedural signal to everyone after a careless decision (negative). Default 0.4.
    pub careless_shock: f64,
    /// Task & time signal when a phase ends no later than planned. Default 0.25.
    pub milestone_gain: f64,
    /// Social and task & time signal when an interim decision passes (a small win). Default 0.25.
    pub small_win: f64,
    /// Task & time and procedural signal when a vote fails (negative). Default 0.3.
    pub failed_vote_shock: f64,
}

impl Default for Process {
    fn default() -> Self {
        Self {
            phases: PhaseSpec::default_phases(),
            pace: 1.0,
            max_rounds: 0,
            decision_rule: DecisionRule::Consensus,
            qualified_share: 0.75,
            revote_every: 2,
            min_active_share: 0.5,
            stagnation_below: 0.6,
            haste_above: 1.4,
            stagnation_weight: 0.6,
            haste_weight: 0.6,
            on_plan_gain: 0.05,
            rules_gain: 0.05,
            careless_probability: 0.5,
            careless_shock: 0.4,
            milestone_gain: 0.25,
            small_win: 0.25,
            failed_vote_shock: 0.3,
        }
    }
}

impl Process {
    /// Sum of the planned phase durations.
    pub fn planned_rounds(&self) -> u32 {
        self.phases.iter().map(|p| p.rounds).sum()
    }

    /// The deadline in rounds.
    pub fn deadline(&self) -> u32 {
        if self.max_rounds == 0 {
            2 * self.planned_rounds()
        } else {
            self.max_rounds
        }
    }
}

/// One phase of the process.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PhaseSpec {
    /// Name shown in output (e.g. "exploration").
    pub name: String,
    /// The name in Dutch (e.g. "startnotitie"), shown in Dutch stories and reports (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_nl: Option<String>,
    /// Planned duration in rounds (1..=1000).
    pub rounds: u32,
    /// Level of detail the phase's work needs, 0 (abstract) .. 1 (detailed). Default 0.5.
    #[serde(default = "half")]
    pub detail: f64,
    /// Whether parties are invited to voice their interests in this phase. Default false.
    #[serde(default)]
    pub voice: bool,
    /// Whether the phase ends with a decision moment (vote under the decision rule).
    /// Default false; the last phase must be true.
    #[serde(default)]
    pub decision: bool,
}

fn half() -> f64 {
    0.5
}

impl PhaseSpec {
    /// The phase's name in `lang`: the Dutch label when there is one, else `name`.
    pub fn label(&self, lang: crate::text::Lang) -> &str {
        match (lang, &self.name_nl) {
            (crate::text::Lang::Nl, Some(nl)) => nl,
            _ => &self.name,
        }
    }

    pub fn default_phases() -> Vec<PhaseSpec> {
        let p = |name: &str, nl: &str, rounds, detail, voice, decision| PhaseSpec {
            name: name.to_string(),
            name_nl: Some(nl.to_string()),
            rounds,
            detail,
            voice,
            decision,
        };
        vec![
            p("exploration", "verkenning", 6, 0.2, false, true),
            p("interests", "belangen", 6, 0.4, true, false),
            p("negotiation", "onderhandeling", 10, 0.7, false, false),
            p("decision", "besluitvorming", 4, 0.9, false, true),
        ]
    }
}

/// Positions, interests and the room for agreement.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Negotiation {
    /// Largest bounded-confidence radius (at willingness 1 and full social and procedural
    /// certainty), 0..1. Default 0.5.
    pub max_radius: f64,
    /// Concession rate mu of a pairwise meeting (Deffuant et al. 2000), 0..1. Default 0.5.
    pub concession_rate: f64,
    /// Widening of the room for agreement when everyone voiced interests with full
    /// identification (positions to interests). Constituency members whose representative
    /// voiced its interests tolerate a deal the same amount further from their ideal. Default 0.2.
    pub room_interests: f64,
    /// Widening when every party is a co-owner sharing strategic information. Default 0.08.
    pub room_information: f64,
    /// Probability per round that a party voices its interests in a voice phase. Default 0.3.
    pub voice_probability: f64,
    /// The same outside voice phases. Default 0.02.
    pub voice_outside_phase: f64,
    /// Content signal for the party that voiced its interests. Default 0.8.
    pub voice_content_gain: f64,
    /// Procedural signal for the party that voiced its interests (voice effect). Default 0.2.
    pub voice_procedural_gain: f64,
    /// Content signal per round for everyone of the shared picture of the content:
    /// shared_picture x (2 x share of the table that voiced its interests - 1), negative while
    /// few have been heard (voice before trust). Default 0.06.
    pub shared_picture: f64,
    /// Content signal scale of the prospect of a result (own position inside/outside the room).
    /// Default 0.1.
    pub prospect_weight: f64,
    /// Rate at which the table's level of detail follows the phase's, 0..1. Default 0.35.
    pub detail_adaptation: f64,
    /// Loss of progress, and negative content signal, per unit of detail mismatch. Default 0.5.
    pub detail_penalty: f64,
}

impl Default for Negotiation {
    fn default() -> Self {
        Self {
            max_radius: 0.5,
            concession_rate: 0.5,
            room_interests: 0.2,
            room_information: 0.08,
            voice_probability: 0.3,
            voice_outside_phase: 0.02,
            voice_content_gain: 0.8,
            shared_picture: 0.06,
            voice_procedural_gain: 0.2,
            prospect_weight: 0.1,
            detail_adaptation: 0.35,
            detail_penalty: 0.5,
        }
    }
}

/// Dual loyalty and ratification by the constituencies (achterban).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Constituency {
    /// Multiplier on every party's loyalty to its constituency (dual-loyalty strength), 0..3.
    /// Default 1.
    pub strength: f64,
    /// Pull of the constituency on its representative's position per round (at loyalty 1).
    /// Default 0.06.
    pub pressure: f64,
    /// Distance from a member's ideal point within which that member accepts a deal. Default 0.2.
    pub tolerance: f64,
    /// Standard deviation of members' ideal points around the constituency's ideal. Default 0.12.
    pub spread: f64,
    /// Share of members that must accept for the constituency to ratify, 0..1. Default 0.5.
    pub quota: f64,
    /// Rate at which a constituency's ideal follows its representative (reverberation, Putnam
    /// 1988), per round at ownership 1. Default 0.1.
    pub reverberation: f64,
    /// How much constituency displeasure hardens a representative (lowers willingness), 0..1.
    /// Default 0.5.
    pub hardening: f64,
    /// How much ownership shifts identification from constituency to collective, 0..1.
    /// Default 0.5.
    pub collective_shift: f64,
    /// Standard deviation of a representative's misreading of where its constituency stands
    /// (issue scale; persistent, drawn at seating) when it sounds out its home front before
    /// the final vote (terugkoppeling met de achterban), 0..0.5. 0 is a representative who
    /// knows its constituency exactly. Default 0.04.
    pub sounding_noise: f64,
    /// How far a representative projects its own position onto its constituency when it
    /// sounds it out, at ownership 1, 0..1: it judges the deal as if its constituency's ideal
    /// lay this share of the way toward its own position (times its ownership). A
    /// representative who has come to own the process overestimates how well the deal will be
    /// received at home (false consensus; Putnam's involuntary defection). Default 0.2.
    pub projection: f64,
    /// How much a constituency narrows its tolerance for the representative it holds close,
    /// 0..0.9: a party with base loyalty L0 answers to members who accept a deal within
    /// `tolerance x (1 - mandate x L0)` of their ideal. A home front that keeps its
    /// representative on a short leash also gives it a tighter mandate, so stronger dual
    /// loyalty narrows the win-set (Putnam 1988). Default 0.3.
    pub mandate: f64,
    /// Share of the distance to the proposal by which a constituency moves when its
    /// representative, having held a final vote back because it expected its home front to
    /// reject the deal, goes back and explains it (terugkoppeling met de achterban), 0..1.
    /// Default 0.2.
    pub feedback: f64,
}

impl Default for Constituency {
    fn default() -> Self {
        Self {
            strength: 1.0,
            pressure: 0.06,
            tolerance: 0.2,
            spread: 0.12,
            quota: 0.5,
            reverberation: 0.1,
            hardening: 0.5,
            collective_shift: 0.5,
            sounding_noise: 0.04,
            projection: 0.2,
            mandate: 0.3,
            feedback: 0.2,
        }
    }
}

/// Contributions to the joint task: conditional cooperation calibrated on Fischbacher &
/// Gächter (2010).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Cooperation {
    /// Initial belief about others' contribution (share of capacity). Default 0.49 (FG2010
    /// period-1 mean belief 9.80 of 20).
    pub initial_belief: f64,
    /// Belief intercept. Default 0.006 (FG2010: 0.12 of 20).
    pub belief_intercept: f64,
    /// Weight of the previous belief. Default 0.57 (FG2010).
    pub belief_persistence: f64,
    /// Weight of the observed mean contribution of the others. Default 0.42 (FG2010).
    pub belief_others: f64,
    /// Contribution intercept. Default -0.01 (FG2010: -0.20 of 20).
    pub intercept: f64,
    /// Conditional-cooperation slope on the belief. Default 0.74 (FG2010); it rises to 1 with
    /// ownership.
    pub slope: f64,
    /// Extra contribution of a full co-owner regardless of others. Default 0 (contributions then
    /// decay as in the lab; co-owners stop decaying through the slope).
    pub ownership_effort: f64,
    /// Share of contribution withheld at zero process trust (messy processes deter investment),
    /// 0..1; the withheld share falls linearly to 0 at `uncertainty_reference`. Default 0.5.
    pub uncertainty_drag: f64,
    /// Process trust at and above which uncertainty no longer holds back contributions, 0..1.
    /// Default 0.5.
    pub uncertainty_reference: f64,
    /// Group mean contribution at which work proceeds at the planned pace. Default 0.4.
    pub reference: f64,
    /// Share of the planned work that the parties' dutiful participation carries whatever they
    /// volunteer (attending, doing what the plan asks of them); the rest comes from voluntary
    /// contributions, 0..1. Default 0.7.
    pub dutiful_work: f64,
    /// Social signal per unit by which others' contribution beats one's belief. Default 0.5.
    pub social_weight: f64,
    /// Formal sanction: the share of a party's shortfall from the others' mean contribution that
    /// the table's norm closes (detected free-riders and sincere parties alike), 0..1. Default 0.
    pub sanction: f64,
}

impl Default for Cooperation {
    fn default() -> Self {
        Self {
            initial_belief: 0.49,
            belief_intercept: 0.006,
            belief_persistence: 0.57,
            belief_others: 0.42,
            intercept: -0.01,
            slope: 0.74,
            ownership_effort: 0.0,
            uncertainty_drag: 0.5,
            uncertainty_reference: 0.5,
            reference: 0.4,
            dutiful_work: 0.7,
            social_weight: 0.5,
            sanction: 0.0,
        }
    }
}

/// Pairwise personal relations ("how are the personal relations?").
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Relations {
    /// Mean initial relation strength, 0..1. Default 0.5.
    pub mean: f64,
    /// Standard deviation of initial relations. Default 0.15.
    pub spread: f64,
    /// Added to relations between parties of the same kind. Default 0.1.
    pub same_kind_bonus: f64,
    /// Strengthening after a meeting within reach (positions close enough). Default 0.05.
    pub improve: f64,
    /// Weakening after a meeting out of reach (an endless repetition of moves). Default 0.03.
    pub damage: f64,
    /// Social signal scale of one's mean relation (centred at 0.5). Default 0.1.
    pub social_weight: f64,
}

impl Default for Relations {
    fn default() -> Self {
        Self {
            mean: 0.5,
            spread: 0.15,
            same_kind_bonus: 0.1,
            improve: 0.05,
            damage: 0.03,
            social_weight: 0.1,
        }
    }
}

/// Identification and the participation spectrum, dutiful to co-owner.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Ownership {
    /// Ownership below which a participant is dutiful (plichtmatig). Default 0.3.
    pub dutiful_below: f64,
    /// Ownership above which a participant is a co-owner (mede-eigenaar). Default 0.42.
    pub co_owner_above: f64,
    /// Hysteresis around both thresholds. Default 0.03.
    pub hysteresis: f64,
    /// Rate at which ownership follows its drivers. Default 0.1.
    pub rate: f64,
    /// Rate at which identification follows its drivers. Default 0.05.
    pub identification_rate: f64,
    /// Mean initial identification with the others (the collective). Default 0.4.
    pub initial_group_identification: f64,
}

impl Default for Ownership {
    fn default() -> Self {
        Self {
            dutiful_below: 0.3,
            co_owner_above: 0.42,
            hysteresis: 0.03,
            rate: 0.1,
            identification_rate: 0.05,
            initial_group_identification: 0.4,
        }
    }
}

/// The exit hazard (a logistic hazard model; commitment after Le & Agnew 2003).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Exit {
    /// Baseline log-odds of leaving per round. Default -6.
    pub baseline: f64,
    /// Log-odds added per domain below its lower bound. Default 2.0.
    pub lower_bound: f64,
    /// Log-odds per unit of process trust below `trust_reference`. Default 4.0.
    pub trust: f64,
    /// Process trust at which the trust term is zero. Default 0.5.
    pub trust_reference: f64,
    /// Log-odds per unit of identification (mean of topic and group; lowers the hazard).
    /// Default 1.0.
    pub identification: f64,
    /// Log-odds per unit of investment made (sunk effort; lowers the hazard). Default 1.0.
    pub investment: f64,
    /// Log-odds per unit of outside option. Default 2.0.
    pub outside_option: f64,
    /// Log-odds per unit of constituency pressure (loyalty x displeasure). Default 1.5.
    pub pressure: f64,
    /// Log-odds per unit of remembered exits of related parties (contagion). Default 1.5.
    pub contagion: f64,
    /// Share of the contagion memory kept from one round to the next. Default 0.7.
    pub contagion_memory: f64,
    /// Social signal to each remaining party when another leaves, scaled by 0.5 + 0.5 x their
    /// relation (negative). Default 0.3.
    pub social_shock: f64,
}

impl Default for Exit {
    fn default() -> Self {
        Self {
            baseline: -6.0,
            lower_bound: 2.0,
            trust: 4.0,
            trust_reference: 0.5,
            identification: 1.0,
            investment: 1.0,
            outside_option: 2.0,
            pressure: 1.5,
            contagion: 1.5,
            contagion_memory: 0.7,
            social_shock: 0.3,
        }
    }
}

/// Free-riders: low contribution, take the benefit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct FreeRider {
    /// Contribution of a free-rider (share of capacity). Default 0.05.
    pub effort: f64,
    /// Detection probability per round at full transparency (scaled by the table's mean
    /// procedural certainty). Default 0.15.
    pub detection: f64,
    /// Social signal to the others on detection (negative), scaled by 0.5 + 0.5 x relation.
    /// Default 0.3.
    pub social_shock: f64,
}

impl Default for FreeRider {
    fn default() -> Self {
        Self {
            effort: 0.05,
            detection: 0.15,
            social_shock: 0.3,
        }
    }
}

/// Saboteurs: inside spoilers using strategies of stealth (Stedman 1997).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Saboteur {
    /// Reveal round as a share of the planned duration, 0..2. Default 0.75.
    pub reveal_at: f64,
    /// Individual jitter of the reveal round, uniform in +-reveal_jitter rounds. Default 2.
    pub reveal_jitter: u32,
    /// Whether a hidden saboteur reveals itself at the final vote, to block it. Default true.
    pub reveal_at_final_vote: bool,
    /// Procedural signal at the reveal (negative) per tenth of the receiver's table that the
    /// saboteur represents (relation-weighted share), times the early-breach weight; half of it
    /// social. Default 0.5.
    pub reveal_shock: f64,
    /// How much more a breach of trust weighs when it comes before trust could be built
    /// (Lount et al. 2008): the reveal shock is multiplied by 1 + early_weight x (1 - t / P),
    /// t the round and P the planned duration (capped at 1). 0..5. Default 0.5.
    pub early_weight: f64,
    /// Probability per round that a revealed saboteur breaches confidentiality. Default 0.3.
    pub breach_probability: f64,
    /// Procedural signal after a breach (negative), scaled by the saboteur's insider standing
    /// and, for each receiver, by twice its relation to the saboteur (what it still shares); co-owners who share strategic
    /// information are hit 1.5 times as hard. Default 0.3.
    pub breach_shock: f64,
    /// Content signal per round from spread doubt (negative), scaled by the saboteur's insider
    /// standing and the receiver's relation to it. Default 0.3.
    pub doubt: f64,
    /// Share of their relation to a revealed saboteur that the others drop each round. Default 0.3.
    pub distancing: f64,
    /// Probability per round that the table excludes a revealed saboteur, scaled by the table's
    /// mean procedural certainty (rules that allow it). Default 0.3.
    pub exclusion: f64,
    /// Procedural and social signal to everyone when a saboteur is excluded (the rules worked;
    /// it is clear again who takes part). Default 0.4.
    pub exclusion_relief: f64,
    /// Share of saboteurs of Stedman's "limited" kind (a fixed demand an inducement can meet).
    /// Default 0.4.
    pub limited_share: f64,
    /// Share of "greedy" saboteurs (demands grow; socialisation works, inducements only for a
    /// while). Default 0.4. The rest are "total" spoilers, whom only coercion stops.
    pub greedy_share: f64,
}

impl Default for Saboteur {
    fn default() -> Self {
        Self {
            reveal_at: 0.75,
            reveal_jitter: 2,
            reveal_at_final_vote: true,
            reveal_shock: 0.5,
            early_weight: 0.5,
            breach_probability: 0.3,
            breach_shock: 0.3,
            doubt: 0.3,
            distancing: 0.3,
            exclusion: 0.3,
            exclusion_relief: 0.4,
            limited_share: 0.4,
            greedy_share: 0.4,
        }
    }
}

/// Which parties an agreement must still have at the table to count as inclusive: a ratified
/// agreement that a key stakeholder walked away from is often not implementable.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Inclusion {
    /// Kinds that must still be represented by at least one party at the table. Default [] (none).
    pub essential_kinds: Vec<PartyKind>,
    /// Parties that must all still be at the table: the first N seats of each kind, named
    /// "Government 1", "Government 2", ... in `polder trace`. Default none.
    #[serde(deserialize_with = "crate::input::table")]
    pub essential_parties: EssentialParties,
    /// Share of the original seats that must not have left voluntarily (excluded saboteurs do
    /// not count against it), 0..1. Default 0.75.
    pub min_seat_share: f64,
}

impl Default for Inclusion {
    fn default() -> Self {
        Self {
            essential_kinds: Vec::new(),
            essential_parties: EssentialParties::default(),
            min_seat_share: 0.75,
        }
    }
}

/// Number of essential seats per kind, counted from each kind's first seat.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct EssentialParties {
    pub government: usize,
    pub market: usize,
    pub society: usize,
}

impl EssentialParties {
    pub const fn of(&self, kind: PartyKind) -> usize {
        match kind {
            PartyKind::Government => self.government,
            PartyKind::Market => self.market,
            PartyKind::Society => self.society,
        }
    }
}

/// Regretters (spijtoptanten): back out of what they agreed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Regretter {
    /// Probability of withdrawing a "yes" after a passed vote, at zero constituency
    /// displeasure; it grows to twice this at full displeasure. Default 0.35.
    pub withdraw_probability: f64,
    /// Social signal to the others after a withdrawal (negative), scaled by 0.5 + 0.5 x relation.
    /// Default 0.3.
    pub social_shock: f64,
    /// Procedural signal to the others after a withdrawal (negative). Default 0.15.
    pub procedural_shock: f64,
}

impl Default for Regretter {
    fn default() -> Self {
        Self {
            withdraw_probability: 0.35,
            social_shock: 0.3,
            procedural_shock: 0.15,
        }
    }
}

/// The process manager (procesmanager): attention per round and what it can observe.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Manager {
    /// Time and attention the manager can spend per round, in cost units (0..=20). Unspent
    /// budget does not carry over. Default 3.
    pub budget: f64,
    /// Standard deviation of the survey's measurement error per participant and domain
    /// (temperature taking is noisy), 0..0.5. Default 0.1.
    pub survey_noise: f64,
    /// Probability that the manager diagnoses a revealed saboteur's kind (limited, greedy,
    /// total) correctly; otherwise it picks one of the other two. Default 0.6.
    pub diagnosis_accuracy: f64,
    /// Share of an intervention's effect left for each earlier use of it in the same phase
    /// (the tenth status report says little), 0..1. Default 0.7.
    pub fatigue: f64,
}

impl Default for Manager {
    fn default() -> Self {
        Self {
            budget: 3.0,
            survey_noise: 0.1,
            diagnosis_accuracy: 0.6,
            fatigue: 0.7,
        }
    }
}

/// Cost and strength of each intervention; any field left out takes the intervention's own
/// default (see [`Intervention::default_cost`] and [`Intervention::default_effect`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Interventions {
    #[serde(deserialize_with = "crate::input::table")]
    pub clarify_scope: InterventionSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub joint_fact_finding: InterventionSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub interest_dialogue: InterventionSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub clarify_participation: InterventionSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub leadership: InterventionSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub bilateral_talks: InterventionSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub co_create_rules: InterventionSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub transparency: InterventionSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub shared_planning: InterventionSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub status_report: InterventionSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub pace_control: InterventionSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub sanction: InterventionSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub peer_pressure: InterventionSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub inducement: InterventionSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub socialisation: InterventionSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub coercion: InterventionSpec,
    #[serde(deserialize_with = "crate::input::table")]
    pub survey: InterventionSpec,
}

/// One intervention's cost and strength as written in the scenario.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct InterventionSpec {
    /// Budget units one use costs (0..=20).
    pub cost: Option<f64>,
    /// Strength of its main effect (0..=1); what it means is documented per intervention.
    pub effect: Option<f64>,
}

impl Interventions {
    pub fn spec(&self, i: Intervention) -> &InterventionSpec {
        use Intervention::*;
        match i {
            ClarifyScope => &self.clarify_scope,
            JointFactFinding => &self.joint_fact_finding,
            InterestDialogue => &self.interest_dialogue,
            ClarifyParticipation => &self.clarify_participation,
            Leadership => &self.leadership,
            BilateralTalks => &self.bilateral_talks,
            CoCreateRules => &self.co_create_rules,
            Transparency => &self.transparency,
            SharedPlanning => &self.shared_planning,
            StatusReport => &self.status_report,
            PaceControl => &self.pace_control,
            Sanction => &self.sanction,
            PeerPressure => &self.peer_pressure,
            Inducement => &self.inducement,
            Socialisation => &self.socialisation,
            Coercion => &self.coercion,
            Survey => &self.survey,
        }
    }

    pub fn spec_mut(&mut self, i: Intervention) -> &mut InterventionSpec {
        use Intervention::*;
        match i {
            ClarifyScope => &mut self.clarify_scope,
            JointFactFinding => &mut self.joint_fact_finding,
            InterestDialogue => &mut self.interest_dialogue,
            ClarifyParticipation => &mut self.clarify_participation,
            Leadership => &mut self.leadership,
            BilateralTalks => &mut self.bilateral_talks,
            CoCreateRules => &mut self.co_create_rules,
            Transparency => &mut self.transparency,
            SharedPlanning => &mut self.shared_planning,
            StatusReport => &mut self.status_report,
            PaceControl => &mut self.pace_control,
            Sanction => &mut self.sanction,
            PeerPressure => &mut self.peer_pressure,
            Inducement => &mut self.inducement,
            Socialisation => &mut self.socialisation,
            Coercion => &mut self.coercion,
            Survey => &mut self.survey,
        }
    }

    /// The cost of an intervention in this scenario.
    pub fn cost(&self, i: Intervention) -> f64 {
        self.spec(i).cost.unwrap_or(i.default_cost())
    }

    /// The strength of an intervention in this scenario.
    pub fn effect(&self, i: Intervention) -> f64 {
        self.spec(i).effect.unwrap_or(i.default_effect())
    }
}

/// The built-in default scenario (the first shipped scenario), compiled into the binary so that
/// `polder` with no arguments works from any directory.
pub const DEFAULT_SCENARIO_PATH: &str = "scenarios/regional-energy.toml";
/// Text of [`DEFAULT_SCENARIO_PATH`].
pub const DEFAULT_SCENARIO_TEXT: &str = include_str!("../../scenarios/regional-energy.toml");

/// The shipped scenarios, compiled in: (file name under `scenarios/`, text). The pattern suite
/// of `polder validate` runs on each of them.
pub const SHIPPED_SCENARIOS: [(&str, &str); 3] = [
    ("regional-energy.toml", DEFAULT_SCENARIO_TEXT),
    (
        "area-development.toml",
        include_str!("../../scenarios/area-development.toml"),
    ),
    (
        "care-network.toml",
        include_str!("../../scenarios/care-network.toml"),
    ),
];
