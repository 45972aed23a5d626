//! What a process manager can do: the interventions and what each is aimed at, with their
//! names, default costs and descriptions. The data the scenario, the policies and the manager
//! share; what an intervention does to the table is in the parent module.

use serde::{Deserialize, Serialize};

use crate::domain::Domain;

/// What an intervention is aimed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Domain(Domain),
    FreeRiders,
    Saboteurs,
    Measurement,
}

/// The interventions a process manager can choose from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intervention {
    /// Content: make clear what is in and out of scope.
    ClarifyScope,
    /// Content: establish the facts together.
    JointFactFinding,
    /// Content: a dialogue about interests instead of positions.
    InterestDialogue,
    /// Social: make clear who takes part and how committed each party is.
    ClarifyParticipation,
    /// Social: leadership and the parties' mutual dependence.
    Leadership,
    /// Social: bilateral talks with waverers.
    BilateralTalks,
    /// Procedural: co-create the rules of the game.
    CoCreateRules,
    /// Procedural: transparency about how decisions are made.
    Transparency,
    /// Task & time: a shared phasing and planning.
    SharedPlanning,
    /// Task & time: a status report (where are we?).
    StatusReport,
    /// Task & time: speed up when stuck, slow down when hasty.
    PaceControl,
    /// Behaviour: sanctions on detected free-riders.
    Sanction,
    /// Behaviour: peer pressure on detected free-riders.
    PeerPressure,
    /// Spoiler management: an inducement (Stedman: works on limited spoilers).
    Inducement,
    /// Spoiler management: socialisation (works on greedy spoilers, over time).
    Socialisation,
    /// Spoiler management: coercion, ending in exclusion (the only answer to total spoilers).
    Coercion,
    /// Temperature taking: a noisy survey of everyone's certainties.
    Survey,
}

impl Intervention {
    pub const ALL: [Intervention; 17] = [
        Intervention::ClarifyScope,
        Intervention::JointFactFinding,
        Intervention::InterestDialogue,
        Intervention::ClarifyParticipation,
        Intervention::Leadership,
        Intervention::BilateralTalks,
        Intervention::CoCreateRules,
        Intervention::Transparency,
        Intervention::SharedPlanning,
        Intervention::StatusReport,
        Intervention::PaceControl,
        Intervention::Sanction,
        Intervention::PeerPressure,
        Intervention::Inducement,
        Intervention::Socialisation,
        Intervention::Coercion,
        Intervention::Survey,
    ];

    /// The intervention's position in [`Self::ALL`], which lists them in declaration order.
    pub const fn index(self) -> usize {
        self as usize
    }

    /// snake_case name used in scenario and policy files.
    pub const fn key(self) -> &'static str {
        use Intervention::*;
        match self {
            ClarifyScope => "clarify_scope",
            JointFactFinding => "joint_fact_finding",
            InterestDialogue => "interest_dialogue",
            ClarifyParticipation => "clarify_participation",
            Leadership => "leadership",
            BilateralTalks => "bilateral_talks",
            CoCreateRules => "co_create_rules",
            Transparency => "transparency",
            SharedPlanning => "shared_planning",
            StatusReport => "status_report",
            PaceControl => "pace_control",
            Sanction => "sanction",
            PeerPressure => "peer_pressure",
            Inducement => "inducement",
            Socialisation => "socialisation",
            Coercion => "coercion",
            Survey => "survey",
        }
    }

    pub fn from_key(key: &str) -> Option<Intervention> {
        Self::ALL.iter().copied().find(|i| i.key() == key)
    }

    /// Comma-separated list of all names, for error messages.
    pub fn all_keys() -> String {
        Self::ALL.map(|i| i.key()).join(", ")
    }

    pub const fn target(self) -> Target {
        use Intervention::*;
        match self {
            ClarifyScope | JointFactFinding | InterestDialogue => Target::Domain(Domain::Content),
            ClarifyParticipation | Leadership | BilateralTalks => Target::Domain(Domain::Social),
            CoCreateRules | Transparency => Target::Domain(Domain::Procedural),
            SharedPlanning | StatusReport | PaceControl => Target::Domain(Domain::TaskTime),
            Sanction | PeerPressure => Target::FreeRiders,
            Inducement | Socialisation | Coercion => Target::Saboteurs,
            Survey => Target::Measurement,
        }
    }

    /// Budget units per use, unless the scenario says otherwise.
    pub const fn default_cost(self) -> f64 {
        use Intervention::*;
        match self {
            ClarifyScope => 1.0,
            JointFactFinding => 2.0,
            InterestDialogue => 2.0,
            ClarifyParticipation => 1.0,
            Leadership => 1.0,
            BilateralTalks => 1.0,
            CoCreateRules => 2.0,
            Transparency => 1.0,
            SharedPlanning => 1.0,
            StatusReport => 0.5,
            PaceControl => 0.5,
            Sanction => 1.0,
            PeerPressure => 0.5,
            Inducement => 2.0,
            Socialisation => 1.0,
            Coercion => 2.0,
            Survey => 1.0,
        }
    }

    /// Strength of the main effect, unless the scenario says otherwise.
    pub const fn default_effect(self) -> f64 {
        use Intervention::*;
        match self {
            ClarifyScope => 0.3,
            JointFactFinding => 0.25,
            InterestDialogue => 0.5,
            ClarifyParticipation => 0.25,
            Leadership => 0.2,
            BilateralTalks => 0.5,
            CoCreateRules => 0.3,
            Transparency => 0.2,
            SharedPlanning => 0.3,
            StatusReport => 0.15,
            PaceControl => 0.2,
            Sanction => 0.8,
            PeerPressure => 0.7,
            Inducement => 1.0,
            Socialisation => 0.3,
            Coercion => 0.7,
            Survey => 0.03,
        }
    }

    /// Whether repeated use in a phase loses effect (fatigue). Messages and meetings tire;
    /// steering the pace, enforcing sanctions, managing spoilers and measuring do not.
    pub const fn tires(self) -> bool {
        !matches!(
            self.target(),
            Target::FreeRiders | Target::Saboteurs | Target::Measurement
        ) && !matches!(self, Intervention::PaceControl)
    }

    /// One line for `polder policies` and the trace.
    pub const fn describe(self) -> &'static str {
        use Intervention::*;
        match self {
            ClarifyScope => "content: make clear what is in and out of scope (+content for all)",
            JointFactFinding => {
                "content: joint fact-finding (+content, positions closer; raises the level of detail, which slows early phases)"
            }
            InterestDialogue => {
                "content: a dialogue about interests (parties voice their interests; costs meeting time)"
            }
            ClarifyParticipation => {
                "social: who takes part and how committed (+social; free-riders easier to spot)"
            }
            Leadership => {
                "social: leadership and mutual dependence (+social, +group identification)"
            }
            BilateralTalks => {
                "social: bilateral talks with the two most at-risk parties (+their weakest domain; others see back-room talks)"
            }
            CoCreateRules => {
                "procedural: co-create the rules of the game (+procedural; costs meeting time)"
            }
            Transparency => {
                "procedural: transparency about decision-making (+procedural; free-riders easier to spot)"
            }
            SharedPlanning => "task & time: a shared phasing and planning (+task & time)",
            StatusReport => "task & time: a status report (+task & time, small)",
            PaceControl => {
                "task & time: speed up while behind the plan, slow down when hasty (catching up can turn into haste)"
            }
            Sanction => {
                "behaviour: sanction detected free-riders (they contribute more; some retaliate)"
            }
            PeerPressure => {
                "behaviour: peer pressure on detected free-riders (works as far as the group identifies)"
            }
            Inducement => {
                "spoilers: an inducement (stops limited spoilers, greedy ones for a while; rewards total ones)"
            }
            Socialisation => "spoilers: socialisation (turns limited and greedy spoilers, slowly)",
            Coercion => {
                "spoilers: coercion toward exclusion (heavy-handed against non-total spoilers; may fail)"
            }
            Survey => "temperature taking: a noisy survey of everyone's four certainties",
        }
    }
}

/// Stedman's spoiler kinds. Every participant carries one (drawn for all, so that the draw does
/// not depend on who is a saboteur); it matters only for saboteurs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpoilerKind {
    Limited,
    Greedy,
    Total,
}

impl SpoilerKind {
    pub const ALL: [SpoilerKind; 3] = [
        SpoilerKind::Limited,
        SpoilerKind::Greedy,
        SpoilerKind::Total,
    ];

    pub const fn key(self) -> &'static str {
        match self {
            SpoilerKind::Limited => "limited",
            SpoilerKind::Greedy => "greedy",
            SpoilerKind::Total => "total",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_the_interventions_in_declaration_order() {
        for (k, iv) in Intervention::ALL.into_iter().enumerate() {
            assert_eq!(iv.index(), k, "{iv:?}");
        }
    }
}
