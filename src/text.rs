//! Every word the trace and the report show to people, in English and in Dutch, in one place.
//!
//! Dutch labels use the seed article's own terms (inhoudelijke, sociale, procedurele, taak- en
//! tijdzekerheid; ondergrens, uitdaging; achterban; mede-eigenaarschap), as trainers use them.

use serde::{Deserialize, Serialize};

use crate::domain::Domain;
use crate::intervention::{Intervention, SpoilerKind};
use crate::model::Ending;
use crate::participant::{Archetype, Participation, PartyKind};
use crate::process::Status;
use crate::scenario::DecisionRule;

/// The language of a story or a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    Nl,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Nl];

    /// `en` or `nl`, as on the command line.
    pub const fn key(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    pub fn from_key(key: &str) -> Option<Lang> {
        Self::ALL.iter().copied().find(|l| l.key() == key)
    }

    /// Pick the English or the Dutch text.
    #[inline]
    pub fn pick<'a>(self, en: &'a str, nl: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Nl => nl,
        }
    }

    /// A number with `decimals` decimals; Dutch uses a decimal comma.
    pub fn num(self, x: f64, decimals: usize) -> String {
        let s = format!("{x:.decimals$}");
        match self {
            Lang::En => s,
            Lang::Nl => s.replace('.', ","),
        }
    }

    /// A share 0..1 as a percentage, e.g. `4%` or `0.4%` for small shares.
    pub fn pct(self, x: f64) -> String {
        let p = 100.0 * x;
        let decimals = if p > 0.0 && p < 1.0 { 1 } else { 0 };
        format!("{}%", self.num(p, decimals))
    }

    /// A domain's full name: "social certainty", "sociale zekerheid".
    pub const fn domain(self, d: Domain) -> &'static str {
        match self {
            Lang::En => d.label_en(),
            Lang::Nl => d.label_nl(),
        }
    }

    /// A domain's short name for compact lines: "social", "sociaal".
    pub const fn domain_short(self, d: Domain) -> &'static str {
        match (self, d) {
            (Lang::En, Domain::Content) => "content",
            (Lang::En, Domain::Social) => "social",
            (Lang::En, Domain::Procedural) => "procedural",
            (Lang::En, Domain::TaskTime) => "task & time",
            (Lang::Nl, Domain::Content) => "inhoudelijk",
            (Lang::Nl, Domain::Social) => "sociaal",
            (Lang::Nl, Domain::Procedural) => "procedureel",
            (Lang::Nl, Domain::TaskTime) => "taak & tijd",
        }
    }

    /// The domain's guiding question from the seed.
    pub const fn domain_question(self, d: Domain) -> &'static str {
        match (self, d) {
            (Lang::En, d) => d.question_en(),
            (Lang::Nl, Domain::Content) => "Waar gaat het over?",
            (Lang::Nl, Domain::Social) => "Wie doen er mee?",
            (Lang::Nl, Domain::Procedural) => "Hoe werkt het?",
            (Lang::Nl, Domain::TaskTime) => "Waar staan we?",
        }
    }

    /// "lower bound (ondergrens)" / "ondergrens".
    pub const fn lower_bound(self) -> &'static str {
        match self {
            Lang::En => "lower bound",
            Lang::Nl => "ondergrens",
        }
    }

    pub const fn challenge(self) -> &'static str {
        match self {
            Lang::En => "challenge",
            Lang::Nl => "uitdaging",
        }
    }

    /// A party kind, capitalised, as the start of a party's name.
    pub const fn kind(self, k: PartyKind) -> &'static str {
        match (self, k) {
            (Lang::En, PartyKind::Government) => "Government",
            (Lang::En, PartyKind::Market) => "Market",
            (Lang::En, PartyKind::Society) => "Society",
            (Lang::Nl, PartyKind::Government) => "Overheid",
            (Lang::Nl, PartyKind::Market) => "Marktpartij",
            (Lang::Nl, PartyKind::Society) => "Samenleving",
        }
    }

    /// Plural of a party kind for the composition line.
    pub const fn kind_plural(self, k: PartyKind) -> &'static str {
        match (self, k) {
            (Lang::En, PartyKind::Government) => "government",
            (Lang::En, PartyKind::Market) => "market parties",
            (Lang::En, PartyKind::Society) => "civil society",
            (Lang::Nl, PartyKind::Government) => "overheid",
            (Lang::Nl, PartyKind::Market) => "marktpartijen",
            (Lang::Nl, PartyKind::Society) => "samenleving",
        }
    }

    pub const fn archetype(self, a: Archetype) -> &'static str {
        match (self, a) {
            (Lang::En, Archetype::Sincere) => "sincere",
            (Lang::En, Archetype::FreeRider) => "free-rider",
            (Lang::En, Archetype::Saboteur) => "saboteur",
            (Lang::En, Archetype::Regretter) => "regretter",
            (Lang::Nl, a) => a.label_nl(),
        }
    }

    pub const fn archetype_plural(self, a: Archetype) -> &'static str {
        match (self, a) {
            (Lang::En, Archetype::Sincere) => "sincere parties",
            (Lang::En, Archetype::FreeRider) => "free-riders",
            (Lang::En, Archetype::Saboteur) => "saboteurs",
            (Lang::En, Archetype::Regretter) => "regretters",
            (Lang::Nl, Archetype::Sincere) => "oprechte deelnemers",
            (Lang::Nl, Archetype::FreeRider) => "meelifters",
            (Lang::Nl, Archetype::Saboteur) => "saboteurs",
            (Lang::Nl, Archetype::Regretter) => "spijtoptanten",
        }
    }

    pub const fn participation(self, p: Participation) -> &'static str {
        match (self, p) {
            (Lang::En, Participation::Dutiful) => "dutiful",
            (Lang::En, Participation::Engaged) => "engaged",
            (Lang::En, Participation::CoOwner) => "co-owner",
            (Lang::Nl, p) => p.label_nl(),
        }
    }

    pub const fn status(self, s: Status) -> &'static str {
        match (self, s) {
            (Lang::En, Status::Ahead) => "ahead of schedule",
            (Lang::En, Status::OnTrack) => "on schedule",
            (Lang::En, Status::Behind) => "behind schedule",
            (Lang::En, Status::Overdue) => "past the planned end",
            (Lang::Nl, s) => s.label_nl(),
        }
    }

    pub const fn spoiler(self, k: SpoilerKind) -> &'static str {
        match (self, k) {
            (Lang::En, SpoilerKind::Limited) => "limited",
            (Lang::En, SpoilerKind::Greedy) => "greedy",
            (Lang::En, SpoilerKind::Total) => "total",
            (Lang::Nl, SpoilerKind::Limited) => "beperkt",
            (Lang::Nl, SpoilerKind::Greedy) => "hebzuchtig",
            (Lang::Nl, SpoilerKind::Total) => "totaal",
        }
    }

    /// A spoiler kind before a noun: "a greedy spoiler", "een hebzuchtige saboteur".
    pub const fn spoiler_phrase(self, k: SpoilerKind) -> &'static str {
        match (self, k) {
            (Lang::En, SpoilerKind::Limited) => "a limited spoiler",
            (Lang::En, SpoilerKind::Greedy) => "a greedy spoiler",
            (Lang::En, SpoilerKind::Total) => "a total spoiler",
            (Lang::Nl, SpoilerKind::Limited) => "een beperkte saboteur",
            (Lang::Nl, SpoilerKind::Greedy) => "een hebzuchtige saboteur",
            (Lang::Nl, SpoilerKind::Total) => "een totale saboteur",
        }
    }

    /// The decision rule, with the share for a qualified majority.
    pub fn rule(self, r: DecisionRule, qualified_share: f64) -> String {
        match r {
            DecisionRule::Consensus => "consensus".into(),
            DecisionRule::QualifiedMajority => format!(
                "{} ({})",
                self.pick("qualified majority", "gekwalificeerde meerderheid"),
                self.pct(qualified_share)
            ),
            DecisionRule::Majority => self.pick("majority", "meerderheid").into(),
        }
    }

    pub const fn ending(self, e: Ending) -> &'static str {
        match (self, e) {
            (Lang::En, Ending::Ratified) => {
                "agreement at the table, carried by the constituencies (ratified)"
            }
            (Lang::En, Ending::Rejected) => {
                "agreement at the table, rejected by the constituencies"
            }
            (Lang::En, Ending::Deadline) => "the deadline passed without agreement",
            (Lang::En, Ending::Collapsed) => "the process collapsed: too few parties remained",
            (Lang::Nl, Ending::Ratified) => {
                "overeenstemming aan tafel, gedragen door de achterbannen (bekrachtigd)"
            }
            (Lang::Nl, Ending::Rejected) => {
                "overeenstemming aan tafel, afgewezen door de achterbannen"
            }
            (Lang::Nl, Ending::Deadline) => "de deadline verstreek zonder overeenstemming",
            (Lang::Nl, Ending::Collapsed) => {
                "het proces is vastgelopen: er bleven te weinig partijen over"
            }
        }
    }

    /// A short ending for compact lines and charts.
    pub const fn ending_short(self, e: Ending) -> &'static str {
        match (self, e) {
            (Lang::En, Ending::Ratified) => "ratified",
            (Lang::En, Ending::Rejected) => "rejected by the constituencies",
            (Lang::En, Ending::Deadline) => "deadline",
            (Lang::En, Ending::Collapsed) => "collapsed",
            (Lang::Nl, Ending::Ratified) => "bekrachtigd",
            (Lang::Nl, Ending::Rejected) => "afgewezen door de achterbannen",
            (Lang::Nl, Ending::Deadline) => "deadline",
            (Lang::Nl, Ending::Collapsed) => "vastgelopen",
        }
    }

    /// An intervention's name for people.
    pub const fn intervention(self, i: Intervention) -> &'static str {
        use Intervention::*;
        match (self, i) {
            (Lang::En, ClarifyScope) => "clarify the scope",
            (Lang::En, JointFactFinding) => "joint fact-finding",
            (Lang::En, InterestDialogue) => "a dialogue about interests",
            (Lang::En, ClarifyParticipation) => "clarify who takes part",
            (Lang::En, Leadership) => "leadership and mutual dependence",
            (Lang::En, BilateralTalks) => "bilateral talks with waverers",
            (Lang::En, CoCreateRules) => "co-create the rules of the game",
            (Lang::En, Transparency) => "transparency about decision-making",
            (Lang::En, SharedPlanning) => "a shared phasing and planning",
            (Lang::En, StatusReport) => "a status report",
            (Lang::En, PaceControl) => "pace control",
            (Lang::En, Sanction) => "a sanction on free-riders",
            (Lang::En, PeerPressure) => "peer pressure on free-riders",
            (Lang::En, Inducement) => "an inducement to the spoiler",
            (Lang::En, Socialisation) => "socialising the spoiler",
            (Lang::En, Coercion) => "coercion of the spoiler",
            (Lang::En, Survey) => "temperature taking (a survey)",
            (Lang::Nl, ClarifyScope) => "scope verhelderen",
            (Lang::Nl, JointFactFinding) => "gezamenlijk feitenonderzoek",
            (Lang::Nl, InterestDialogue) => "een gesprek over belangen",
            (Lang::Nl, ClarifyParticipation) => "verhelderen wie meedoet",
            (Lang::Nl, Leadership) => "leiderschap en onderlinge afhankelijkheid",
            (Lang::Nl, BilateralTalks) => "bilaterale gesprekken met twijfelaars",
            (Lang::Nl, CoCreateRules) => "samen de spelregels opstellen",
            (Lang::Nl, Transparency) => "transparantie over de besluitvorming",
            (Lang::Nl, SharedPlanning) => "een gezamenlijke fasering en planning",
            (Lang::Nl, StatusReport) => "een statusoverzicht",
            (Lang::Nl, PaceControl) => "het tempo bijsturen",
            (Lang::Nl, Sanction) => "een sanctie op meelifters",
            (Lang::Nl, PeerPressure) => "aanspreken door de groep",
            (Lang::Nl, Inducement) => "een tegemoetkoming aan de saboteur",
            (Lang::Nl, Socialisation) => "de saboteur socialiseren",
            (Lang::Nl, Coercion) => "dwang richting de saboteur",
            (Lang::Nl, Survey) => "temperatuur opnemen (een peiling)",
        }
    }

    /// "process manager" / "procesmanager".
    pub const fn manager(self) -> &'static str {
        match self {
            Lang::En => "process manager",
            Lang::Nl => "procesmanager",
        }
    }

    /// "round" / "ronde".
    pub const fn round(self) -> &'static str {
        match self {
            Lang::En => "round",
            Lang::Nl => "ronde",
        }
    }

    pub const fn rounds(self) -> &'static str {
        match self {
            Lang::En => "rounds",
            Lang::Nl => "rondes",
        }
    }

    /// "a and b" / "a en b" list joining.
    pub fn list(self, items: &[String]) -> String {
        match items.len() {
            0 => String::new(),
            1 => items[0].clone(),
            n => format!(
                "{} {} {}",
                items[..n - 1].join(", "),
                self.pick("and", "en"),
                items[n - 1]
            ),
        }
    }

    /// Name of the policy for people: `none` reads as "no process manager".
    pub fn policy(self, name: &str) -> String {
        if name == "none" {
            self.pick("no process manager (none)", "geen procesmanager (none)")
                .into()
        } else {
            match (self, policy_label_nl(name)) {
                (Lang::Nl, Some(label)) => format!("aanpak `{name}` ({label})"),
                _ => format!("{} `{name}`", self.pick("policy", "aanpak")),
            }
        }
    }

    /// A party kind with a count, singular or plural: "8 overheden", "1 marktpartij". English
    /// keeps the composition line's collective nouns ("8 government").
    pub fn kind_count(self, k: PartyKind, n: usize) -> String {
        let word = match (self, k, n == 1) {
            (Lang::En, k, _) => self.kind_plural(k),
            (Lang::Nl, PartyKind::Government, true) => "overheid",
            (Lang::Nl, PartyKind::Government, false) => "overheden",
            (Lang::Nl, PartyKind::Market, true) => "marktpartij",
            (Lang::Nl, PartyKind::Market, false) => "marktpartijen",
            (Lang::Nl, PartyKind::Society, true) => "maatschappelijke organisatie",
            (Lang::Nl, PartyKind::Society, false) => "maatschappelijke organisaties",
        };
        format!("{n} {word}")
    }

    /// A participation level with a count: "4 mede-eigenaren", "1 mede-eigenaar". The other
    /// levels are adjectives and do not change; English is unchanged ("4 co-owner").
    pub fn participation_count(self, p: Participation, n: usize) -> String {
        match (self, p) {
            (Lang::Nl, Participation::CoOwner) if n != 1 => format!("{n} mede-eigenaren"),
            _ => format!("{n} {}", self.participation(p)),
        }
    }

    /// Parties wavering, with a count: "2 wavering"; "1 twijfelaar", "4 twijfelaars".
    pub fn waverers(self, n: usize) -> String {
        match (self, n) {
            (Lang::En, n) => format!("{n} wavering"),
            (Lang::Nl, 1) => "1 twijfelaar".into(),
            (Lang::Nl, n) => format!("{n} twijfelaars"),
        }
    }
}

/// The Dutch label of a built-in policy, shown beside its name (`monitor`) in Dutch text.
pub fn policy_label_nl(name: &str) -> Option<&'static str> {
    Some(match name {
        "none" => "geen procesmanager",
        "content" => "inhoud eerst",
        "social" => "het sociale eerst",
        "procedural" => "de procedure eerst",
        "task-time" => "taak en tijd eerst",
        "balanced" => "gespreid over de vier domeinen",
        "monitor" => "meten en het zwakste domein versterken",
        "compensate" => "meten en het sterkste domein uitbouwen",
        "spoiler-first" => "saboteurs en meelifters eerst",
        "phased" => "per fase een ander accent",
        _ => return None,
    })
}

/// The first letter in upper case: "round" → "Round".
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A party's readable name: its kind and its number within that kind, e.g. "Market 3".
pub fn party_name(lang: Lang, kind: PartyKind, number: usize) -> String {
    format!("{} {number}", lang.kind(kind))
}

/// The desk of the play-the-manager page: what each intervention does and why a move is refused.
impl Lang {
    /// Intervention `i` in one line, as `polder policies` lists it (English:
    /// [`Intervention::describe`]; Dutch in the seed article's terms).
    pub const fn intervention_what(self, i: Intervention) -> &'static str {
        use Intervention::*;
        match self {
            Lang::En => i.describe(),
            Lang::Nl => match i {
                ClarifyScope => {
                    "inhoud: maak duidelijk wat wel en niet binnen de scope valt (+inhoudelijk voor allen)"
                }
                JointFactFinding => {
                    "inhoud: gezamenlijk feitenonderzoek (+inhoudelijk, standpunten dichter bij elkaar; verhoogt het detailniveau, wat vroege fasen vertraagt)"
                }
                InterestDialogue => {
                    "inhoud: een gesprek over belangen (partijen brengen hun belangen in; kost vergadertijd)"
                }
                ClarifyParticipation => {
                    "sociaal: wie doet mee en hoe betrokken (+sociaal; meelifters vallen eerder op)"
                }
                Leadership => {
                    "sociaal: leiderschap en onderlinge afhankelijkheid (+sociaal, +groepsidentificatie)"
                }
                BilateralTalks => {
                    "sociaal: bilaterale gesprekken met de twee partijen die het meest dreigen te vertrekken (+hun zwakste domein; anderen zien achterkamertjesoverleg)"
                }
                CoCreateRules => {
                    "procedureel: samen de spelregels opstellen (+procedureel; kost vergadertijd)"
                }
                Transparency => {
                    "procedureel: transparantie over de besluitvorming (+procedureel; meelifters vallen eerder op)"
                }
                SharedPlanning => {
                    "taak & tijd: een gezamenlijke fasering en planning (+taak & tijd)"
                }
                StatusReport => "taak & tijd: een statusoverzicht (+taak & tijd, klein)",
                PaceControl => {
                    "taak & tijd: versnellen bij achterstand op de planning, vertragen bij haast (inhalen kan omslaan in haast)"
                }
                Sanction => {
                    "gedrag: ontdekte meelifters sanctioneren (ze dragen meer bij; sommigen nemen wraak)"
                }
                PeerPressure => {
                    "gedrag: groepsdruk op ontdekte meelifters (werkt voor zover de groep zich ermee identificeert)"
                }
                Inducement => {
                    "saboteurs: een tegemoetkoming (stopt beperkte saboteurs, hebzuchtige een tijdlang; beloont totale)"
                }
                Socialisation => {
                    "saboteurs: socialisatie (bekeert beperkte en hebzuchtige saboteurs, langzaam)"
                }
                Coercion => {
                    "saboteurs: dwang richting uitsluiting (hardhandig tegen niet-totale saboteurs; kan mislukken)"
                }
                Survey => "temperatuur opnemen: een peiling met ruis van ieders vier zekerheden",
            },
        }
    }

    /// Why intervention `iv` was not started: nothing to act on this round.
    pub(crate) fn nothing_to_act_on(self, iv: Intervention) -> String {
        use crate::intervention::Target;
        let nl = self == Lang::Nl;
        let name = self.desk_name(iv);
        let why = match iv {
            Intervention::BilateralTalks => {
                self.pick("nobody to talk with", "niemand om mee te praten")
            }
            Intervention::PaceControl => self.pick(
                "the process is neither hasty nor behind its plan",
                "het proces is niet gehaast en loopt niet achter op de planning",
            ),
            _ => match iv.target() {
                Target::FreeRiders => self.pick(
                    "no free-rider has been detected at the table",
                    "er is aan tafel geen meelifter ontdekt",
                ),
                Target::Saboteurs => self.pick(
                    "no saboteur disrupts the table",
                    "geen saboteur verstoort de tafel",
                ),
                _ => self.pick("nobody it concerns", "niemand die het aangaat"),
            },
        };
        match nl {
            false => format!(
                "{} has nothing to act on this round ({why}); it was not started and costs nothing",
                name
            ),
            true => format!(
                "{} heeft deze ronde niets om op te werken ({why}); het is niet ingezet en kost niets",
                name
            ),
        }
    }

    /// An intervention as the desk names it: its key in English, its Dutch name in Dutch.
    pub(crate) fn desk_name(self, iv: Intervention) -> String {
        match self {
            Lang::En => format!("`{}`", iv.key()),
            Lang::Nl => format!("'{}'", self.intervention(iv)),
        }
    }

    /// A number as Rust prints it (shortest form), with a decimal comma in Dutch.
    pub(crate) fn num_plain(self, x: f64) -> String {
        match self {
            Lang::En => x.to_string(),
            Lang::Nl => x.to_string().replace('.', ","),
        }
    }

    /// The page's own refusals that are not the desk's: no table is played (`None`), or there
    /// is no intervention `Some(k)`.
    pub fn no_move(self, k: Option<u32>) -> String {
        match (self, k) {
            (Lang::En, None) => "no table is being played: seat one first".to_string(),
            (Lang::Nl, None) => "er wordt geen tafel gespeeld: zet er eerst een neer".to_string(),
            (Lang::En, Some(k)) => format!(
                "there is no intervention {k}; valid interventions: {}",
                Intervention::all_keys()
            ),
            (Lang::Nl, Some(k)) => format!(
                "er is geen interventie {k}; geldige interventies: {}",
                Intervention::all_keys()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_numbers_use_a_decimal_comma() {
        assert_eq!(Lang::Nl.num(0.456, 2), "0,46");
        assert_eq!(Lang::En.num(0.456, 2), "0.46");
        assert_eq!(Lang::Nl.pct(0.004), "0,4%");
        assert_eq!(Lang::En.pct(0.25), "25%");
    }

    #[test]
    fn dutch_domains_use_the_seed_terms() {
        let names: Vec<&str> = Domain::ALL.iter().map(|&d| Lang::Nl.domain(d)).collect();
        assert_eq!(
            names,
            [
                "inhoudelijke zekerheid",
                "sociale zekerheid",
                "procedurele zekerheid",
                "taak- en tijdzekerheid"
            ]
        );
        assert_eq!(Lang::Nl.lower_bound(), "ondergrens");
        assert_eq!(Lang::Nl.challenge(), "uitdaging");
    }

    #[test]
    fn lists_join_with_and() {
        let items = ["a".to_string(), "b".into(), "c".into()];
        assert_eq!(Lang::En.list(&items), "a, b and c");
        assert_eq!(Lang::Nl.list(&items[..2]), "a en b");
        assert_eq!(Lang::Nl.list(&items[..1]), "a");
    }

    #[test]
    fn dutch_counts_use_singular_and_plural() {
        assert_eq!(Lang::Nl.waverers(1), "1 twijfelaar");
        assert_eq!(Lang::Nl.waverers(4), "4 twijfelaars");
        assert_eq!(Lang::En.waverers(4), "4 wavering");
        assert_eq!(Lang::Nl.kind_count(PartyKind::Government, 8), "8 overheden");
        assert_eq!(
            Lang::Nl.kind_count(PartyKind::Society, 7),
            "7 maatschappelijke organisaties"
        );
        assert_eq!(Lang::Nl.kind_count(PartyKind::Market, 1), "1 marktpartij");
        assert_eq!(
            Lang::En.kind_count(PartyKind::Government, 8),
            "8 government"
        );
        assert_eq!(
            Lang::Nl.participation_count(Participation::CoOwner, 4),
            "4 mede-eigenaren"
        );
        assert_eq!(
            Lang::Nl.participation_count(Participation::CoOwner, 1),
            "1 mede-eigenaar"
        );
    }
}
