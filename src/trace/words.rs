//! Every sentence the story tells, in English and in Dutch: [`super::story`] and
//! [`super::versus`] decide what to tell, these functions how to say it. The names of things
//! (domains, party kinds, interventions, endings) are in [`crate::text`].
//!
//! A function takes the pieces the narrator has already named (a party's name, a list of
//! names, a phase's label) and the numbers, which it writes in the language's own way.

use std::fmt::Display;

use super::record::Push;
use crate::domain::Domain;
use crate::intervention::{Intervention, SpoilerKind, Target};
use crate::model::Ending;
use crate::participant::Participation;
use crate::process::Status;
use crate::text::{Lang, capitalise};

// ---------------------------------------------------------------------------------------------
// The header: who sits at the table, the plan, how to read the story

/// "Regional energy strategy — one collaboration process, round by round".
pub fn title(l: Lang, scenario: &str) -> String {
    format!(
        "{scenario} — {}",
        l.pick(
            "one collaboration process, round by round",
            "één samenwerkingsproces, ronde voor ronde"
        )
    )
}

/// The seed and run of the story, and its policy.
pub fn seed_line(l: Lang, master: impl Display, replicate: impl Display, policy: &str) -> String {
    format!(
        "{} {master}, {} {replicate}; {policy}. {}",
        l.pick("Seed", "Seed"),
        l.pick("run", "run"),
        l.pick(
            "The same seed gives the same story.",
            "Dezelfde seed geeft hetzelfde verhaal."
        )
    )
}

/// The seed and run of a side-by-side story, and both policies.
pub fn versus_seed_line(
    l: Lang,
    master: impl Display,
    replicate: impl Display,
    policy_a: &str,
    policy_b: &str,
) -> String {
    format!(
        "{} {master}, {} {replicate}: A = {policy_a}, B = {policy_b}.",
        l.pick("Seed", "Seed"),
        l.pick("run", "run"),
    )
}

/// Who sits at the table (`kinds`: the count per kind) and how the table decides.
pub fn at_the_table(l: Lang, parties: usize, kinds: &str, rule: &str) -> String {
    format!(
        "{} {parties} {}: {kinds}. {} {rule}; {}",
        l.pick("At the table:", "Aan tafel:"),
        l.pick("parties", "partijen"),
        l.pick("Decisions by", "Besluitvorming bij"),
        l.pick(
            "an agreement must then be carried by the constituencies (achterbannen) too.",
            "een akkoord moet daarna ook door de achterbannen gedragen worden."
        )
    )
}

/// The phases with their rounds (`plan`), the planned length and the deadline.
pub fn plan(l: Lang, plan: &str, planned: u32, deadline: u32) -> String {
    format!(
        "{} {plan}; {planned} {} {}, {} {deadline}.",
        l.pick("Plan (rounds):", "Plan (rondes):"),
        l.rounds(),
        l.pick("planned", "gepland"),
        l.pick("deadline round", "deadline ronde"),
    )
}

/// A hidden saboteur: its name, its kind of spoiler, when it is due to show itself.
pub fn hidden_saboteur(l: Lang, name: &str, spoiler: SpoilerKind, reveal_round: u32) -> String {
    format!(
        "{name} ({}, {} {reveal_round})",
        l.spoiler_phrase(spoiler),
        l.pick(
            "due to show itself around round",
            "ontpopt zich naar verwachting rond ronde"
        ),
    )
}

/// Behind the scenes: the hidden types (`hidden`, joined), or that every party is sincere.
pub fn behind_the_scenes(l: Lang, hidden: &[String]) -> String {
    if hidden.is_empty() {
        l.pick(
            "Behind the scenes: every party is sincere.",
            "Achter de schermen: alle partijen zijn oprecht.",
        )
        .into()
    } else {
        format!(
            "{} {}.",
            l.pick(
                "Behind the scenes (the audience knows, the table does not):",
                "Achter de schermen (het publiek weet het, de tafel niet):"
            ),
            hidden.join("; ")
        )
    }
}

pub fn how_to_read(l: Lang) -> &'static str {
    l.pick("How to read it:", "Zo lees je het:")
}

/// One domain of the legend: "social = social certainty (Who takes part?)".
pub fn domain_legend(l: Lang, d: Domain) -> String {
    format!(
        "{} = {} ({})",
        l.domain_short(d),
        l.domain(d),
        l.domain_question(d)
    )
}

/// What the second line of a round shows (`domains`: the legend of each).
pub fn levels_legend(l: Lang, domains: &[String]) -> String {
    format!(
        "{} {}.",
        l.pick(
            "The second line of a round is the group's mean certainty per domain:",
            "De tweede regel van een ronde is de gemiddelde zekerheid van de groep per domein:"
        ),
        domains.join("; ")
    )
}

/// One domain's lower bound and challenge: "social 0.30/0.70".
pub fn bounds_of(l: Lang, d: Domain, lower_bound: f64, challenge: f64) -> String {
    format!(
        "{} {}/{}",
        l.domain_short(d),
        l.num(lower_bound, 2),
        l.num(challenge, 2)
    )
}

/// What ▼ and ▲ mean, and each domain's bounds (`bounds`).
pub fn markers(l: Lang, bounds: &[String]) -> String {
    format!(
        "▼ {} {} ({}), ▲ {} {} ({}). {}/{}: {}.",
        l.pick("the group is under the", "de groep zit onder de"),
        l.lower_bound(),
        l.pick(
            "below it the urge to leave is strong",
            "daaronder is de neiging om uit te stappen groot"
        ),
        l.pick("above the", "boven de"),
        l.challenge(),
        l.pick(
            "partners act as co-owners",
            "partners gedragen zich als mede-eigenaren"
        ),
        capitalise(l.lower_bound()),
        l.challenge(),
        bounds.join(", ")
    )
}

/// When a party counts as wavering, with the exit risk that makes it so.
pub fn wavering_means(l: Lang, risk: f64) -> String {
    format!(
        "{} {} {}.",
        l.pick(
            "Wavering: a party with a domain under its lower bound, or an exit risk of at least",
            "Twijfelaar: een partij met een domein onder de ondergrens, of een kans om uit te stappen van minstens"
        ),
        l.pct(risk),
        per_round(l)
    )
}

pub fn participation_spectrum(l: Lang) -> &'static str {
    l.pick(
        "Participation spectrum: from dutiful participation via engaged to co-ownership (mede-eigenaarschap).",
        "Deelnamespectrum: van plichtmatige deelname via betrokken naar mede-eigenaarschap.",
    )
}

/// With a process manager: what the change after an intervention means.
pub fn change_after_intervention(l: Lang) -> &'static str {
    l.pick(
        "After an intervention, the change shown is the round's whole change in that domain, all causes together; `--versus` shows what the manager itself changes.",
        "Na een interventie staat de hele verandering van die ronde in dat domein, alle oorzaken samen; `--versus` laat zien wat de procesmanager zelf verandert.",
    )
}

pub fn at_the_start(l: Lang) -> &'static str {
    l.pick("At the start:", "Bij de start:")
}

pub fn already_wavering(l: Lang, names: &str) -> String {
    format!("{} {names}.", l.pick("Already wavering:", "Twijfelt al:"))
}

// ---------------------------------------------------------------------------------------------
// A round: its status line and what the group did

/// "── Round 3 · Exploration · on schedule · 14 of 15 at the table".
pub fn status_line(
    l: Lang,
    round: u32,
    phase: &str,
    status: Status,
    active: impl Display,
    parties: usize,
) -> String {
    format!(
        "── {} {round} · {phase} · {} · {active} {} {parties} {}",
        capitalise(l.round()),
        l.status(status),
        l.pick("of", "van"),
        at_the_table_short(l),
    )
}

/// "at the table" / "aan tafel".
pub fn at_the_table_short(l: Lang) -> &'static str {
    l.pick("at the table", "aan tafel")
}

/// What last round's exits (`leavers`) did to the social certainty of those who stayed.
pub fn after_exits(l: Lang, leavers: &str, before: f64, after: f64) -> String {
    format!(
        "{} {leavers} {}: {} → {}.",
        l.pick("After the exit of", "Na het vertrek van"),
        if after > before {
            l.pick(
                "the social certainty of those who stayed goes",
                "stijgt de sociale zekerheid van de blijvers",
            )
        } else {
            l.pick(
                "the social certainty of those who stayed goes",
                "daalt de sociale zekerheid van de blijvers",
            )
        },
        l.num(before, 3),
        l.num(after, 3)
    )
}

/// Parties (`names`, `count` of them) voicing their interests.
pub fn voiced(l: Lang, names: &str, count: usize) -> String {
    format!(
        "{names} {} {}.",
        if count == 1 {
            l.pick("voices its interests", "brengt haar belangen in")
        } else {
            l.pick("voice their interests", "brengen hun belangen in")
        },
        l.pick(
            "(from positions to interests)",
            "(van standpunten naar belangen)"
        )
    )
}

pub fn no_longer_wavering(l: Lang, names: &str) -> String {
    format!(
        "{} {names}.",
        l.pick("No longer wavering:", "Twijfelt niet meer:")
    )
}

/// A party's new participation level: "Market 3 → co-owner".
pub fn level_change(l: Lang, name: &str, to: Participation) -> String {
    format!("{name} → {}", l.participation(to))
}

/// The round's changes of participation, up and down.
pub fn participation_changes(l: Lang, up: &[String], down: &[String]) -> String {
    let mut parts = Vec::new();
    if !up.is_empty() {
        parts.push(format!(
            "{} {}",
            l.pick(
                "growing toward co-ownership:",
                "groeit richting mede-eigenaarschap:"
            ),
            up.join(", ")
        ));
    }
    if !down.is_empty() {
        parts.push(format!(
            "{} {}",
            l.pick("sliding back:", "zakt terug:"),
            down.join(", ")
        ));
    }
    format!(
        "{}: {}.",
        l.pick("Participation", "Deelname"),
        parts.join("; ")
    )
}

/// What an intervention aims at, briefly: a domain, free-riders, saboteurs or measurement.
pub fn target(l: Lang, target: Target) -> &'static str {
    match target {
        Target::Domain(d) => l.domain_short(d),
        Target::FreeRiders => l.pick("free-riders", "meelifters"),
        Target::Saboteurs => l.pick("saboteurs", "saboteurs"),
        Target::Measurement => l.pick("measurement", "meting"),
    }
}

/// An intervention with its target and strength.
pub fn intervention(l: Lang, kind: Intervention, strength: f64) -> String {
    format!(
        "{} ({}, {} {})",
        l.intervention(kind),
        target(l, kind.target()),
        strength_word(l),
        l.num(strength, 2)
    )
}

fn strength_word(l: Lang) -> &'static str {
    l.pick("strength", "sterkte")
}

/// "Process manager: …." with the round's interventions.
pub fn manager_acted(l: Lang, interventions: &[String]) -> String {
    format!("{}: {}.", capitalise(l.manager()), interventions.join(", "))
}

/// A domain's mean certainty over those who stayed, before and after the round.
pub fn domain_change(l: Lang, d: Domain, before: f64, after: f64) -> String {
    format!(
        "{} {} → {}",
        l.domain_short(d),
        l.num(before, 3),
        l.num(after, 3)
    )
}

/// " The group this round: …." after the manager's line.
pub fn group_this_round(l: Lang, changes: &[String]) -> String {
    format!(
        " {}: {}.",
        l.pick("The group this round", "De groep deze ronde"),
        changes.join(", ")
    )
}

/// " Pace 1.00 → 1.20." after the manager's line.
pub fn pace_change(l: Lang, before: f64, after: f64) -> String {
    format!(
        " {} {} → {}.",
        l.pick("Pace", "Tempo"),
        l.num(before, 2),
        l.num(after, 2)
    )
}

/// A survey's estimates (`levels`) and how many parties seem under a lower bound.
pub fn survey(l: Lang, levels: &str, at_risk: usize) -> String {
    format!(
        "{}: {levels}; {at_risk} {}.",
        l.pick(
            "The temperature taken (estimates)",
            "De temperatuur opgenomen (schattingen)"
        ),
        if at_risk == 1 {
            l.pick(
                "party seems under a lower bound",
                "partij lijkt onder een ondergrens te zitten",
            )
        } else {
            l.pick(
                "parties seem under a lower bound",
                "partijen lijken onder een ondergrens te zitten",
            )
        }
    )
}

/// A constituency that did not carry the agreement, with its approval.
pub fn not_carried_by(l: Lang, name: &str, approval: f64) -> String {
    format!(
        "{name} ({} {})",
        l.pick("approval", "steun"),
        l.pct(approval)
    )
}

/// The constituencies' vote: how many carried it, who did not (`rejected`), the quota, the
/// rule, and whether it passed.
pub fn ratification(
    l: Lang,
    carried: usize,
    voters: usize,
    rejected: &[String],
    quota: f64,
    rule: &str,
    passed: bool,
) -> String {
    let mut line = format!(
        "{} {carried} {} {voters} {}",
        l.pick(
            "The constituencies (achterbannen) vote on the agreement:",
            "De achterbannen stemmen over het akkoord:"
        ),
        l.pick("of", "van de"),
        l.pick("carry it", "dragen het")
    );
    if !rejected.is_empty() {
        line.push_str(&format!(
            "; {} {} ({} {})",
            l.pick(
                "not carried by the achterban of",
                "niet gedragen door de achterban van"
            ),
            l.list(rejected),
            l.pick("needs", "nodig"),
            l.pct(quota)
        ));
    }
    line.push_str(&format!(
        " — {} {rule}: {}.",
        l.pick("under", "bij"),
        if passed {
            l.pick("ratified", "bekrachtigd")
        } else {
            l.pick("rejected", "afgewezen")
        }
    ));
    line
}

/// A domain under its lower bound: "social certainty 0.281 < 0.30" (the value rounded down).
pub fn under_bound(l: Lang, d: Domain, value: f64, bound: f64) -> String {
    format!(
        "{} {} < {}",
        l.domain(d),
        l.num(below(value), 3),
        l.num(bound, 2)
    )
}

/// Why a party wavers: the domains under their bounds (`under`).
pub fn wavers_because_under(l: Lang, under: &[String]) -> String {
    format!(
        "{} {}",
        l.list(under),
        if under.len() == 1 {
            l.pick("is under its lower bound", "ligt onder de ondergrens")
        } else {
            l.pick("are under their lower bounds", "zitten onder de ondergrens")
        }
    )
}

/// Why a party wavers with no domain under its bound: its main push (`push`).
pub fn wavers_because_of(l: Lang, push: &str) -> String {
    format!(
        "{}, {} {push}",
        l.pick(
            "no domain under its lower bound",
            "geen domein onder de ondergrens"
        ),
        l.pick("but mainly", "maar vooral"),
    )
}

/// A party that starts wavering, why, and its exit risk.
pub fn wavers(l: Lang, name: &str, why: &str, exit_risk: f64) -> String {
    format!(
        "{name} {}: {why} ({} {} {}).",
        l.pick("wavers", "twijfelt"),
        exit_risk_word(l),
        l.pct(exit_risk),
        per_round(l)
    )
}

fn exit_risk_word(l: Lang) -> &'static str {
    l.pick("exit risk", "kans om uit te stappen")
}

fn per_round(l: Lang) -> &'static str {
    l.pick("per round", "per ronde")
}

/// What pushes a party most toward the door: its weakest domain near its bound, low process
/// trust, an outside option, its constituency, or parties that left.
pub fn push(l: Lang, push: Push, weakest: Domain, process_trust: f64) -> String {
    match push {
        Push::LowerBound => format!(
            "{} {}",
            l.domain(weakest),
            l.pick("near its lower bound", "vlak bij de ondergrens")
        ),
        Push::LowTrust => format!(
            "{} ({})",
            l.pick("low process trust", "weinig procesvertrouwen"),
            l.num(process_trust, 2)
        ),
        Push::OutsideOption => l
            .pick(
                "an attractive alternative outside the table",
                "een aantrekkelijk alternatief buiten de tafel",
            )
            .into(),
        Push::Constituency => l
            .pick(
                "pressure from its constituency (achterban), unhappy with the proposal",
                "druk van de achterban, die ontevreden is over het voorstel (dubbele loyaliteit)",
            )
            .into(),
        Push::Contagion => l
            .pick(
                "parties it was close to have left",
                "partijen waar ze dicht bij stond zijn vertrokken",
            )
            .into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Events told on their own

pub fn confidentiality_breach(l: Lang, name: &str) -> String {
    format!(
        "{} {name} {}",
        l.pick("Saboteur", "Saboteur"),
        l.pick(
            "leaks confidential information: procedural certainty suffers, most for those who still share with it.",
            "lekt vertrouwelijke informatie: de procedurele zekerheid lijdt, het meest bij wie er nog mee deelt."
        )
    )
}

pub fn excluded(l: Lang, name: &str) -> String {
    format!(
        "{} {name} {}",
        l.pick("The table excludes saboteur", "De tafel sluit saboteur"),
        l.pick(
            "from the process: the rules worked (procedural and social relief).",
            "uit: de spelregels werken (procedurele en sociale opluchting)."
        )
    )
}

pub fn careless_decision(l: Lang) -> &'static str {
    l.pick(
        "Haste: a careless decision is taken; procedural certainty suffers.",
        "Haast: er valt een onzorgvuldig besluit; de procedurele zekerheid lijdt.",
    )
}

pub fn withdrawal(l: Lang, name: &str) -> String {
    format!(
        "{name} {}",
        l.pick(
            "withdraws its yes (a regretter, spijtoptant).",
            "trekt haar ja-stem in (spijtoptant)."
        )
    )
}

/// An agreement unravelling after withdrawals, and the round of the next attempt.
pub fn unravelled(l: Lang, revote: u32) -> String {
    format!(
        "{} {revote}.",
        l.pick(
            "Without those yes-votes the decision no longer passes: it unravels; task & time and procedural certainty suffer; next attempt in round",
            "Zonder die ja-stemmen haalt het besluit het niet meer: het valt uit elkaar; taak- en tijdzekerheid en procedurele zekerheid lijden; volgende poging in ronde"
        )
    )
}

pub fn retaliation(l: Lang, name: &str) -> String {
    format!(
        "{name} {}",
        l.pick(
            "hits back at the sanction: everyone's social certainty takes a knock.",
            "slaat terug op de sanctie: ieders sociale zekerheid krijgt een tik."
        )
    )
}

pub fn spoiler_resumed(l: Lang, name: &str) -> String {
    format!(
        "{name} {}",
        l.pick(
            "starts disrupting again: a greedy spoiler whose demands grow.",
            "ligt weer dwars: een hebzuchtige saboteur wiens eisen groeien."
        )
    )
}

pub fn collapsed(l: Lang) -> &'static str {
    l.pick(
        "Too few parties remain: the process collapses.",
        "Er blijven te weinig partijen over: het proces loopt vast.",
    )
}

pub fn deadline_passed(l: Lang) -> &'static str {
    l.pick(
        "The deadline passes without agreement.",
        "De deadline verstrijkt zonder overeenstemming.",
    )
}

/// The start of a phase: its planned length, and whether it invites voice or ends in a vote.
pub fn phase_started(l: Lang, phase: &str, rounds: u32, voice: bool, decision: bool) -> String {
    let mut notes = vec![format!(
        "{} {rounds} {}",
        l.pick("planned", "gepland"),
        l.rounds()
    )];
    if voice {
        notes.push(
            l.pick(
                "parties are invited to voice their interests",
                "partijen worden uitgenodigd hun belangen in te brengen",
            )
            .into(),
        );
    }
    if decision {
        notes.push(
            l.pick(
                "it ends with a decision moment",
                "de fase eindigt met een beslismoment",
            )
            .into(),
        );
    }
    format!(
        "{} {phase} {} ({}).",
        l.pick("The", "De fase"),
        l.pick("phase begins", "begint"),
        notes.join("; ")
    )
}

/// The end of a phase, on time (a milestone) or `late_by` rounds late.
pub fn phase_completed(l: Lang, phase: &str, late_by: u32) -> String {
    let when = if late_by == 0 {
        l.pick(
            "on time (a milestone: task & time certainty rises)",
            "op tijd (een mijlpaal: de taak- en tijdzekerheid stijgt)",
        )
        .to_string()
    } else {
        format!(
            "{late_by} {} {}",
            if late_by == 1 { l.round() } else { l.rounds() },
            l.pick("late", "te laat")
        )
    };
    format!(
        "{} {phase} {} {when}.",
        l.pick("The", "De fase"),
        l.pick("phase is done,", "is klaar,")
    )
}

/// A free-rider noticed, and with `sanction` the strength of the push to contribute.
pub fn free_rider_noticed(l: Lang, name: &str, sanction: Option<f64>) -> String {
    let mut line = format!(
        "{} {name} {}",
        l.pick("The table notices that", "De tafel merkt dat"),
        l.pick(
            "is free-riding: it contributes little and takes the benefit. Social certainty suffers, most for those close to it.",
            "meelift: weinig bijdragen en wel profiteren. De sociale zekerheid lijdt, het meest bij wie er dicht bij staat."
        )
    );
    if let Some(strength) = sanction {
        line.push_str(&format!(
            " {} ({} {}).",
            l.pick(
                "Sanctions or the peer pressure of those who own the rules push it to contribute from next round",
                "Sancties of het aanspreken door wie eigenaar is van de spelregels duwen haar vanaf de volgende ronde tot bijdragen"
            ),
            strength_word(l),
            l.num(strength, 2)
        ));
    }
    line
}

/// A saboteur showing itself, late or (`at_vote`) to block the final vote.
pub fn saboteur_revealed(
    l: Lang,
    name: &str,
    at_vote: bool,
    rounds_at_table: u32,
    spoiler: SpoilerKind,
) -> String {
    format!(
        "{name} {}{}{} ({} {rounds_at_table} {}; {}). {}",
        l.pick("shows itself as a saboteur", "ontpopt zich als saboteur"),
        l.pick(", ", " – "),
        if at_vote {
            l.pick("to block the final vote", "om de eindstemming te blokkeren")
        } else {
            l.pick("late, as saboteurs do", "laat, zoals saboteurs doen")
        },
        l.pick("after", "na"),
        l.pick("rounds at the table", "rondes aan tafel"),
        l.spoiler_phrase(spoiler),
        l.pick(
            "The others' procedural and social certainty take a hit.",
            "De procedurele en sociale zekerheid van de anderen krijgen een klap."
        )
    )
}

/// What a vote decides on: the final vote, or an interim vote on `phase`.
pub fn vote_on(l: Lang, final_vote: bool, phase: &str) -> String {
    if final_vote {
        l.pick("Final vote", "Eindstemming").to_string()
    } else {
        format!(
            "{} {phase}",
            l.pick(
                "Decision moment (interim vote) on the",
                "Beslismoment (tussenstemming) over de fase"
            ),
        )
    }
}

/// What a vote's result means; a failed vote is tried again in round `revote`.
pub fn vote_result(l: Lang, final_vote: bool, passed: bool, revote: u32) -> String {
    match (passed, final_vote) {
        (true, true) => l
            .pick(
                "passed: agreement at the table",
                "aangenomen: overeenstemming aan tafel",
            )
            .to_string(),
        (true, false) => l
            .pick(
                "passed: a small win for social and task & time certainty",
                "aangenomen: een kleine winst voor sociale en taak- en tijdzekerheid",
            )
            .to_string(),
        (false, _) => format!(
            "{} {revote}",
            l.pick(
                "not passed: task & time and procedural certainty suffer; next attempt in round",
                "verworpen: taak- en tijdzekerheid en procedurele zekerheid lijden; volgende poging in ronde"
            ),
        ),
    }
}

/// A vote: `what` was voted on under `rule`, the yes votes, and `result`.
pub fn vote(l: Lang, what: &str, rule: &str, yes: usize, voters: usize, result: &str) -> String {
    format!(
        "{what} ({rule}): {yes} {} {voters} {} — {result}.",
        l.pick("of", "van de"),
        l.pick("vote yes", "stemmen voor")
    )
}

/// A party leaving, and the exit risk it drew against.
pub fn leaves(l: Lang, name: &str, exit_risk: f64) -> String {
    format!(
        "{name} {} ({} {}). ",
        l.pick("leaves the table", "stapt uit"),
        l.pick(
            "its exit risk this round was",
            "de kans daarop was deze ronde"
        ),
        l.pct(exit_risk)
    )
}

/// A leaver's weakest domain under its lower bound, and how many domains were under theirs.
pub fn leaver_weakest(l: Lang, weakest: Domain, value: f64, bound: f64, breaches: u8) -> String {
    format!(
        "{}: {} {}, {} {}; {breaches} {}.",
        l.pick("Weakest", "Zwakst"),
        l.domain(weakest),
        l.num(below(value), 3),
        l.pick("under the lower bound", "onder de ondergrens"),
        l.num(bound, 2),
        if breaches == 1 {
            l.pick("domain under its lower bound", "domein onder de ondergrens")
        } else {
            l.pick(
                "domains under their lower bounds",
                "domeinen onder de ondergrens",
            )
        }
    )
}

/// A leaver with no domain under its bound: its main push.
pub fn leaver_pushed(l: Lang, push: &str) -> String {
    format!(
        "{}: {push}.",
        l.pick(
            "No domain under its lower bound; mainly",
            "Geen domein onder de ondergrens; vooral"
        ),
    )
}

/// A stayer's exit risk before and after the round's exits.
pub fn risk_rise(l: Lang, name: &str, before: f64, after: f64) -> String {
    format!("{name} {} → {}", l.pct(before), l.pct(after))
}

/// What the round's exits do to those who stay, with the closest ones' rising risk (`echo`).
pub fn exit_echo(l: Lang, echo: &[String]) -> String {
    let mut line = format!(
        " {}",
        l.pick(
            "Those who stay feel it: their social certainty takes a knock next round, most for those close to the leaver",
            "Wie blijven, voelen het: hun sociale zekerheid krijgt volgende ronde een tik, het meest bij wie dicht bij de vertrekker stond"
        )
    );
    if echo.is_empty() {
        line.push('.');
    } else {
        line.push_str(&format!(
            "; {}: {}.",
            l.pick(
                "the exit risk of the closest rises",
                "de kans op uitstappen stijgt het meest bij"
            ),
            echo.join(", ")
        ));
    }
    line
}

/// A strategy of spoiler management, whether it worked, and a wrong diagnosis
/// (`misdiagnosed`: what it was taken for and what it was).
pub fn spoiler_managed(
    l: Lang,
    strategy: Intervention,
    name: &str,
    settled: bool,
    misdiagnosed: Option<(SpoilerKind, SpoilerKind)>,
) -> String {
    let mut line = format!(
        "{}: {} ({name}) — {}.",
        l.pick("Spoiler management", "Saboteursmanagement"),
        l.intervention(strategy),
        match (strategy, settled) {
            (Intervention::Coercion, true) => {
                l.pick("it is excluded", "hij wordt uitgesloten")
            }
            (_, true) => l.pick("it stops disrupting", "hij stopt met dwarsliggen"),
            (_, false) => l.pick("it does not work", "het werkt niet"),
        }
    );
    if let Some((diagnosed, actual)) = misdiagnosed {
        line.push_str(&format!(
            " ({} {}; {} {})",
            l.pick("diagnosed as", "ingeschat als"),
            l.spoiler(diagnosed),
            l.pick("in fact", "in werkelijkheid"),
            l.spoiler(actual)
        ));
    }
    line
}

// ---------------------------------------------------------------------------------------------
// The footer: how the run ended

/// "══ End after 34 rounds: …."
pub fn ended(l: Lang, rounds: u32, ending: Ending) -> String {
    format!(
        "══ {} {rounds} {}: {}.",
        l.pick("End after", "Einde na"),
        l.rounds(),
        l.ending(ending)
    )
}

pub fn agreement_in_round(l: Lang, round: u32) -> String {
    format!(
        "{} {round}.",
        l.pick(
            "Agreement at the table in round",
            "Overeenstemming aan tafel in ronde"
        )
    )
}

/// `items`, or "nobody".
fn or_nobody(l: Lang, items: &[String]) -> String {
    if items.is_empty() {
        l.pick("nobody", "niemand").to_string()
    } else {
        l.list(items)
    }
}

/// Who left (each with its round), out of how many.
pub fn left_the_table(l: Lang, exits: &[String], parties: usize) -> String {
    format!(
        "{} {} {}/{parties}: {}.",
        l.pick("Left the table", "Uitgestapt"),
        l.pick("(round)", "(ronde)"),
        exits.len(),
        or_nobody(l, exits)
    )
}

pub fn excluded_list(l: Lang, excluded: &[String]) -> String {
    format!(
        "{}: {}.",
        l.pick("Excluded", "Uitgesloten"),
        l.list(excluded)
    )
}

/// The free-riders noticed (each with its round), out of how many.
pub fn free_riders_noticed(l: Lang, noticed: &[String], free_riders: usize) -> String {
    format!(
        "{} {}/{free_riders}: {}.",
        l.pick("Free-riders noticed", "Meelifters opgemerkt"),
        noticed.len(),
        or_nobody(l, noticed)
    )
}

/// The saboteurs that showed themselves (each with its round), out of how many.
pub fn saboteurs_shown(l: Lang, shown: &[String], saboteurs: usize) -> String {
    format!(
        "{} {}/{saboteurs}: {}.",
        l.pick("Saboteurs shown", "Saboteurs ontmaskerd"),
        shown.len(),
        or_nobody(l, shown)
    )
}

/// How many parties were dutiful, engaged and co-owners at the end.
pub fn participation_at_end(l: Lang, levels: [usize; 3]) -> String {
    format!(
        "{}: {}, {}, {}.",
        l.pick(
            "Participation at the end (dutiful → co-ownership)",
            "Deelname aan het eind (plichtmatig → mede-eigenaarschap)"
        ),
        l.participation_count(Participation::Dutiful, levels[0]),
        l.participation_count(Participation::Engaged, levels[1]),
        l.participation_count(Participation::CoOwner, levels[2])
    )
}

/// The group's certainty at the end (`levels`).
pub fn certainty_at_end(l: Lang, levels: &str) -> String {
    format!(
        "{}: {levels}.",
        l.pick("Certainty at the end", "Zekerheid aan het eind"),
    )
}

/// What the process manager did in the whole run.
pub fn manager_spent(l: Lang, interventions: impl Display, budget: f64) -> String {
    format!(
        "{}: {interventions} {}, {} {}.",
        capitalise(l.manager()),
        l.pick("interventions", "interventies"),
        l.num(budget, 1),
        l.pick("budget units spent", "budgeteenheden besteed")
    )
}

pub fn dual_loyalty(l: Lang) -> &'static str {
    l.pick(
        "The table agreed, but the home front did not: dual loyalty (dubbele loyaliteit).",
        "De tafel was het eens, de achterban niet: dubbele loyaliteit.",
    )
}

// ---------------------------------------------------------------------------------------------
// Two runs side by side

pub fn side_by_side(l: Lang) -> &'static str {
    l.pick(
        "Side by side: the same parties with the same luck (common random numbers), two process managers. Until the managers act differently, both tables are the same.",
        "Naast elkaar: dezelfde partijen met hetzelfde toeval (common random numbers), twee procesmanagers. Tot de procesmanagers verschillend handelen, zijn beide tafels gelijk.",
    )
}

/// "Rounds 1–`until`: both runs are identical (told once)."
pub fn shared_rounds(l: Lang, until: u32) -> String {
    format!(
        "{} 1–{until}: {}",
        capitalise(l.rounds()),
        l.pick(
            "both runs are identical (told once).",
            "beide runs zijn gelijk (één keer verteld)."
        )
    )
}

pub fn never_part(l: Lang) -> &'static str {
    l.pick(
        "The two runs never part ways: the managers' actions made no difference to the table.",
        "De twee runs gaan nergens uiteen: wat de procesmanagers deden maakte voor de tafel geen verschil.",
    )
}

/// "══ Round 7: the runs part ways."
pub fn runs_part(l: Lang, round: u32) -> String {
    format!(
        "══ {} {round}: {}",
        capitalise(l.round()),
        l.pick("the runs part ways.", "de runs gaan uiteen.")
    )
}

pub fn manager_does_nothing(l: Lang) -> &'static str {
    l.pick("the manager does nothing", "de procesmanager doet niets")
}

/// The domain in which the two groups differ most, with both levels.
pub fn differ_most(l: Lang, d: Domain, a: f64, b: f64) -> String {
    format!(
        "{} {} (A {}, B {}).",
        l.pick(
            "At the end of the round the groups differ most in",
            "Aan het eind van de ronde verschillen de groepen het meest in"
        ),
        l.domain(d),
        l.num(a, 3),
        l.num(b, 3)
    )
}

pub fn from_here_on(l: Lang) -> &'static str {
    l.pick(
        "From here on, both runs side by side:",
        "Vanaf hier beide runs naast elkaar:",
    )
}

/// "── Round 7".
pub fn round_heading(l: Lang, round: u32) -> String {
    format!("── {} {round}", capitalise(l.round()))
}

pub fn how_runs_ended(l: Lang) -> &'static str {
    l.pick("How the two runs ended", "Hoe de twee runs eindigden")
}

/// A run's ending, its length and how many left.
pub fn run_ended(
    l: Lang,
    ending: Ending,
    rounds: u32,
    exited: impl Display,
    participants: impl Display,
) -> String {
    format!(
        "{} {} {rounds} {}; {exited} {} {participants} {}",
        l.ending(ending),
        l.pick("after", "na"),
        l.rounds(),
        l.pick("of", "van"),
        l.pick("left", "uitgestapt"),
    )
}

/// "round 7: " before a round's actions.
pub fn in_round(l: Lang, round: u32) -> String {
    format!("{} {round}: ", l.round())
}

/// A run that has ended before this round.
pub fn ended_in(l: Lang, round: u32, ending: Ending) -> String {
    format!(
        "{} {} {round}: {}",
        l.pick("ended in", "geëindigd in"),
        l.round(),
        l.ending_short(ending)
    )
}

/// The table size after the levels: "… │ 14 at the table".
pub fn table_size(levels: &str, active: impl Display, l: Lang) -> String {
    format!("{levels} │ {active} {}", at_the_table_short(l))
}

/// The manager's interventions, briefly.
pub fn manager_brief(l: Lang, interventions: &[&str]) -> String {
    format!(
        "{}: {}",
        l.pick("manager", "procesmanager"),
        interventions.join(", ")
    )
}

/// What happened to a party, briefly, in the compact lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brief {
    Leaves,
    ShowsSaboteur,
    NoticedFreeRider,
    Excluded,
    Withdraws,
}

/// "Market 3 leaves", briefly.
pub fn brief(l: Lang, name: &str, what: Brief) -> String {
    let what = match what {
        Brief::Leaves => l.pick("leaves", "stapt uit"),
        Brief::ShowsSaboteur => l.pick("shows itself as saboteur", "blijkt saboteur"),
        Brief::NoticedFreeRider => l.pick("noticed as free-rider", "opgemerkt als meelifter"),
        Brief::Excluded => l.pick("excluded", "uitgesloten"),
        Brief::Withdraws => l.pick("withdraws its yes", "trekt ja-stem in"),
    };
    format!("{name} {what}")
}

/// A vote, briefly: "final vote 9/12 passed".
pub fn vote_brief(l: Lang, final_vote: bool, yes: usize, voters: usize, passed: bool) -> String {
    format!(
        "{} {yes}/{voters} {}",
        if final_vote {
            l.pick("final vote", "eindstemming")
        } else {
            l.pick("vote", "stemming")
        },
        if passed {
            l.pick("passed", "aangenomen")
        } else {
            l.pick("failed", "verworpen")
        }
    )
}

pub fn unravels_brief(l: Lang) -> &'static str {
    l.pick("decision unravels", "besluit valt uit elkaar")
}

pub fn careless_brief(l: Lang) -> &'static str {
    l.pick("careless decision", "onzorgvuldig besluit")
}

pub fn collapses_brief(l: Lang) -> &'static str {
    l.pick("collapses", "loopt vast")
}

pub fn deadline_brief(l: Lang) -> &'static str {
    l.pick("deadline", "deadline")
}

/// How many constituencies carried the agreement, briefly.
pub fn carried_brief(l: Lang, carried: usize, voters: usize) -> String {
    format!(
        "{} {carried}/{voters}",
        l.pick("constituencies carry it", "achterbannen dragen het"),
    )
}

/// What happens to a party in one run and not in the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Personal {
    Exit,
    FreeRiderNoticed,
    SaboteurShown,
    Excluded,
}

/// "Market 3 leaves the table under none, not under monitor".
pub fn only_under(l: Lang, name: &str, what: Personal, mine: &str, other: &str) -> String {
    let what = match what {
        Personal::Exit => l.pick("leaves the table", "stapt uit"),
        Personal::FreeRiderNoticed => l.pick(
            "is noticed as a free-rider",
            "wordt opgemerkt als meelifter",
        ),
        Personal::SaboteurShown => {
            l.pick("shows itself as a saboteur", "ontpopt zich als saboteur")
        }
        Personal::Excluded => l.pick("is excluded", "wordt uitgesloten"),
    };
    format!(
        "{name} {what} {} {mine}, {} {other}",
        l.pick("under", "bij"),
        l.pick("not under", "niet bij")
    )
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/// A value under a bound, shown with three decimals rounded down, so that it never reads as
/// equal to the bound.
fn below(v: f64) -> f64 {
    (v * 1000.0).floor() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    // sentences the stories of the shipped scenarios rarely or never tell

    #[test]
    fn a_saboteur_can_show_itself_to_block_the_final_vote() {
        assert_eq!(
            saboteur_revealed(Lang::En, "Market 2", true, 30, SpoilerKind::Total),
            "Market 2 shows itself as a saboteur, to block the final vote (after 30 rounds at the table; a total spoiler). The others' procedural and social certainty take a hit."
        );
        assert_eq!(
            saboteur_revealed(Lang::Nl, "Marktpartij 2", true, 30, SpoilerKind::Total),
            "Marktpartij 2 ontpopt zich als saboteur – om de eindstemming te blokkeren (na 30 rondes aan tafel; een totale saboteur). De procedurele en sociale zekerheid van de anderen krijgen een klap."
        );
    }

    #[test]
    fn a_waverer_names_its_domains_under_their_bounds_or_its_push() {
        let under = [
            under_bound(Lang::En, Domain::Social, 0.2819, 0.3),
            under_bound(Lang::En, Domain::Content, 0.1, 0.25),
        ];
        assert_eq!(
            wavers_because_under(Lang::En, &under),
            "social certainty 0.281 < 0.30 and content certainty 0.100 < 0.25 are under their lower bounds"
        );
        assert_eq!(
            push(Lang::Nl, Push::LowTrust, Domain::Social, 0.4),
            "weinig procesvertrouwen (0,40)"
        );
        assert_eq!(
            push(Lang::En, Push::LowerBound, Domain::Social, 0.4),
            "social certainty near its lower bound"
        );
        assert_eq!(
            wavers(Lang::En, "Society 1", "x", 0.123),
            "Society 1 wavers: x (exit risk 12% per round)."
        );
    }

    #[test]
    fn a_table_without_hidden_types_is_sincere() {
        assert_eq!(
            behind_the_scenes(Lang::Nl, &[]),
            "Achter de schermen: alle partijen zijn oprecht."
        );
        assert_eq!(
            never_part(Lang::En),
            "The two runs never part ways: the managers' actions made no difference to the table."
        );
    }
}
