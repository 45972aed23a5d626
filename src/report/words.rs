//! Every phrase a report shows to people, in English and in Dutch, by the report that shows it
//! (the names of things, such as domains, endings and interventions, are in [`crate::text`]).

use std::fmt::Display;

use crate::text::Lang;

// ---------------------------------------------------------------------------------------------
// A trace (`polder trace --out`): one run, or two side by side

pub fn story_heading(l: Lang) -> &'static str {
    l.pick("The story, round by round", "Het verhaal, ronde voor ronde")
}

fn two_managers_side_by_side(l: Lang) -> &'static str {
    l.pick(
        "two process managers side by side",
        "twee procesmanagers naast elkaar",
    )
}

fn one_process_round_by_round(l: Lang) -> &'static str {
    l.pick(
        "one process, round by round",
        "één proces, ronde voor ronde",
    )
}

pub fn seed(l: Lang) -> &'static str {
    l.pick("Seed", "Seed")
}

pub fn run(l: Lang) -> &'static str {
    l.pick("run", "run")
}

fn scenario_file(l: Lang) -> &'static str {
    l.pick("Scenario file", "Scenariobestand")
}

/// The title of a trace's report: the scenario, and one run or two side by side.
pub fn trace_title(l: Lang, scenario: &str, versus: bool) -> String {
    format!(
        "{scenario} — {}",
        if versus {
            two_managers_side_by_side(l)
        } else {
            one_process_round_by_round(l)
        }
    )
}

/// The subtitle of a trace's report: seed, run, the policies and the scenario file.
pub fn trace_subtitle(
    l: Lang,
    seed: impl Display,
    run_number: impl Display,
    policies: &str,
    file: impl Display,
) -> String {
    format!(
        "{} {seed}, {} {run_number}; {policies}. {} {file}.",
        self::seed(l),
        run(l),
        scenario_file(l)
    )
}

pub fn same_luck_note(l: Lang) -> &'static str {
    l.pick("The same parties with the same luck (common random numbers): the two runs differ only by what the process managers do.", "Dezelfde partijen met hetzelfde toeval (common random numbers): de twee runs verschillen alleen in wat de procesmanagers doen.")
}

pub fn how_it_ended(l: Lang) -> &'static str {
    l.pick("How it ended", "Hoe het afliep")
}

pub fn ending(l: Lang) -> &'static str {
    l.pick("ending", "afloop")
}

pub fn rounds_played(l: Lang) -> &'static str {
    l.pick("rounds played", "rondes gespeeld")
}

pub fn left_the_table(l: Lang) -> &'static str {
    l.pick("left the table", "uitgestapt")
}

pub fn excluded_saboteurs(l: Lang) -> &'static str {
    l.pick("excluded saboteurs", "uitgesloten saboteurs")
}

pub fn manager_interventions(l: Lang) -> &'static str {
    l.pick(
        "manager's interventions",
        "interventies van de procesmanager",
    )
}

pub fn at_the_end(l: Lang) -> &'static str {
    l.pick("at the end", "aan het eind")
}

pub fn group_mean(l: Lang) -> &'static str {
    l.pick("group mean", "groepsgemiddelde")
}

pub fn four_domains_heading(l: Lang) -> &'static str {
    l.pick(
        "The four domains of process trust",
        "De vier domeinen van procesvertrouwen",
    )
}

pub fn group_certainty_both_runs(l: Lang) -> &'static str {
    l.pick(
        "Mean certainty of the group per domain, both runs on shared axes",
        "Gemiddelde zekerheid van de groep per domein, beide runs op dezelfde assen",
    )
}

pub fn certainty_group_and_parties(l: Lang) -> &'static str {
    l.pick(
        "Certainty per domain: the group and each party",
        "Zekerheid per domein: de groep en elke partij",
    )
}

pub fn each_party_at_the_table(l: Lang) -> &'static str {
    l.pick("each party at the table", "elke partij aan tafel")
}

pub fn identical_until_managers_differ(l: Lang) -> &'static str {
    l.pick(
        "The two runs are identical until the managers act differently.",
        "De twee runs zijn gelijk tot de procesmanagers verschillend handelen.",
    )
}

pub fn thick_and_thin_lines_note(l: Lang) -> &'static str {
    l.pick("Thick line: the mean of the parties at the table; thin grey lines: each party, ending where it left.", "Dikke lijn: het gemiddelde van de partijen aan tafel; dunne grijze lijnen: elke partij, tot waar die uitstapte.")
}

pub fn left(l: Lang) -> &'static str {
    l.pick("left", "uitgestapt")
}

pub fn excluded(l: Lang) -> &'static str {
    l.pick("excluded", "uitgesloten")
}

pub fn parties_at_the_table(l: Lang) -> &'static str {
    l.pick("Parties at the table", "Partijen aan tafel")
}

pub fn at_the_table(l: Lang) -> &'static str {
    l.pick("at the table", "aan tafel")
}

pub fn parties_with_exits_named(l: Lang) -> &'static str {
    l.pick(
        "Parties at the table, with every exit named",
        "Partijen aan tafel, met elke vertrekker bij naam",
    )
}

pub fn parties_at_the_table_count(l: Lang) -> &'static str {
    l.pick(
        "parties at the table (count)",
        "partijen aan tafel (aantal)",
    )
}

pub fn exit_markers_note(l: Lang) -> &'static str {
    l.pick("A marker stands where parties left (or a saboteur was excluded), with their names; each exit also shakes the social certainty of those who stay.", "Een markering staat waar partijen uitstapten (of een saboteur werd uitgesloten), met hun namen; elk vertrek schudt ook de sociale zekerheid van wie blijft.")
}

pub fn share_of_the_seats_pct(l: Lang) -> &'static str {
    l.pick(
        "share of the original seats (%)",
        "aandeel van de oorspronkelijke zetels (%)",
    )
}

/// The top layer of a participation chart.
pub fn seat_no_longer_taken(l: Lang) -> &'static str {
    l.pick("no longer at the table", "niet meer aan tafel")
}

pub fn participation_levels_note(l: Lang) -> &'static str {
    l.pick("Each seat the table started with, by how its party takes part: dutiful (plichtmatig), engaged (betrokken) or co-owner (mede-eigenaar); grey seats are those of parties that left or were excluded.", "Elke zetel waarmee de tafel begon, naar hoe de partij meedoet: plichtmatig, betrokken of als mede-eigenaar; grijs zijn de zetels van partijen die vertrokken of werden uitgesloten.")
}

fn leaves_the_table(l: Lang) -> &'static str {
    l.pick("leaves the table", "stapt uit")
}

fn weakest(l: Lang) -> &'static str {
    l.pick("weakest", "zwakst")
}

pub fn shows_itself_as_saboteur(l: Lang) -> &'static str {
    l.pick("shows itself as a saboteur", "ontpopt zich als saboteur")
}

pub fn noticed_as_free_rider(l: Lang) -> &'static str {
    l.pick(
        "is noticed as a free-rider",
        "wordt opgemerkt als meelifter",
    )
}

pub fn excluded_by_the_table(l: Lang) -> &'static str {
    l.pick("is excluded by the table", "wordt uitgesloten")
}

pub fn withdraws_its_yes(l: Lang) -> &'static str {
    l.pick(
        "withdraws its yes (spijtoptant)",
        "trekt haar ja-stem in (spijtoptant)",
    )
}

pub fn decision_unravels(l: Lang) -> &'static str {
    l.pick("the decision unravels", "het besluit valt uit elkaar")
}

fn final_vote(l: Lang) -> &'static str {
    l.pick("final vote", "eindstemming")
}

fn interim_vote_on(l: Lang) -> &'static str {
    l.pick("interim vote on", "tussenstemming over")
}

fn of(l: Lang) -> &'static str {
    l.pick("of", "van de")
}

fn passed(l: Lang) -> &'static str {
    l.pick("passed", "aangenomen")
}

fn not_passed(l: Lang) -> &'static str {
    l.pick("not passed", "verworpen")
}

pub fn process_collapses(l: Lang) -> &'static str {
    l.pick("the process collapses", "het proces loopt vast")
}

pub fn deadline_passes(l: Lang) -> &'static str {
    l.pick("the deadline passes", "de deadline verstrijkt")
}

fn constituencies_carrying(l: Lang) -> &'static str {
    l.pick(
        "constituencies (achterbannen) carrying the agreement",
        "achterbannen die het akkoord dragen",
    )
}

/// A party leaving, with its weakest domain.
pub fn moment_exit(l: Lang, name: &str, weakest_domain: &str) -> String {
    format!(
        "{name} {} ({}: {weakest_domain})",
        leaves_the_table(l),
        weakest(l)
    )
}

/// A vote: final or interim (on `phase`), its yes votes, and whether it passed.
pub fn moment_vote(
    l: Lang,
    final_vote: bool,
    phase: &str,
    yes: &str,
    voters: &str,
    passed: bool,
) -> String {
    format!(
        "{} {phase}: {yes} {} {voters} — {}",
        if final_vote {
            self::final_vote(l)
        } else {
            interim_vote_on(l)
        },
        of(l),
        if passed {
            self::passed(l)
        } else {
            not_passed(l)
        }
    )
}

/// How many constituencies carried the agreement.
pub fn moment_ratification(l: Lang, carried: usize, voters: usize) -> String {
    format!(
        "{}: {carried} {} {voters}",
        constituencies_carrying(l),
        of(l)
    )
}

pub fn key_moments(l: Lang) -> &'static str {
    l.pick("Key moments", "Sleutelmomenten")
}

pub fn what_happened(l: Lang) -> &'static str {
    l.pick("what happened", "wat er gebeurde")
}

// ---------------------------------------------------------------------------------------------
// Why two runs side by side ended differently (the top of a `--versus` report)

pub fn why_heading(l: Lang, same_ending: bool) -> &'static str {
    if same_ending {
        l.pick("How the two runs differ", "Waarin de twee runs verschillen")
    } else {
        l.pick(
            "Why the two runs ended differently",
            "Waarom de twee runs anders afliepen",
        )
    }
}

/// "A none: collapsed after 20 rounds, 8 of the 20 parties still at the table."
pub fn why_ending(
    l: Lang,
    tag: &str,
    ending: &str,
    rounds: u32,
    seated: usize,
    seats: usize,
) -> String {
    match l {
        Lang::En => format!(
            "{tag}: {ending} after {rounds} rounds, {seated} of the {seats} parties still at the table."
        ),
        Lang::Nl => format!(
            "{tag}: {ending} na {rounds} rondes, nog {seated} van de {seats} partijen aan tafel."
        ),
    }
}

pub fn why_never_parted(l: Lang) -> &'static str {
    l.pick(
        "The two managers never act differently, so the two runs are the same from start to end.",
        "De twee managers doen nooit iets anders, dus de twee runs zijn van begin tot eind gelijk.",
    )
}

/// The round the managers first act differently (what each did then), and the round the
/// tables part (`None` if they never do).
pub fn why_first_action(l: Lang, round: u32, did: [String; 2], parting: Option<u32>) -> String {
    let [a, b] = did;
    let tables = match (l, parting) {
        (Lang::En, Some(p)) if p == round => {
            "; the tables differ from the end of that round on".into()
        }
        (Lang::En, Some(p)) => format!("; the tables differ from the end of round {p} on"),
        (Lang::En, None) => "; yet the tables stay the same".into(),
        (Lang::Nl, Some(p)) if p == round => {
            "; vanaf het eind van die ronde verschillen de tafels".into()
        }
        (Lang::Nl, Some(p)) => format!("; vanaf het eind van ronde {p} verschillen de tafels"),
        (Lang::Nl, None) => "; toch blijven de tafels gelijk".to_string(),
    };
    match l {
        Lang::En => {
            format!("The managers first act differently in round {round} (A: {a}; B: {b}){tables}.")
        }
        Lang::Nl => format!(
            "De managers doen voor het eerst iets anders in ronde {round} (A: {a}; B: {b}){tables}."
        ),
    }
}

pub fn why_parted(l: Lang, round: u32) -> String {
    match l {
        Lang::En => format!("The tables differ from the end of round {round} on."),
        Lang::Nl => format!("Vanaf het eind van ronde {round} verschillen de tafels."),
    }
}

/// The domain with the widest gap at the end of `round`: A's and B's group means, and the
/// scenario's lower bound if it is known.
pub fn why_widest_gap(
    l: Lang,
    d: crate::domain::Domain,
    round: u32,
    a: f64,
    b: f64,
    lower: Option<f64>,
) -> String {
    let at = |v: f64| {
        let n = l.num(v, 2);
        match lower {
            Some(lo) if v < lo => match l {
                Lang::En => format!("{n} (under the lower bound of {})", l.num(lo, 2)),
                Lang::Nl => format!("{n} (onder de ondergrens van {})", l.num(lo, 2)),
            },
            _ => n,
        }
    };
    let domain = l.domain(d);
    match l {
        Lang::En => format!(
            "The widest gap is in {domain}: at the end of round {round}, A's group stands at {} and B's at {}.",
            at(a),
            at(b)
        ),
        Lang::Nl => format!(
            "Het grootste verschil zit in de {domain}: aan het eind van ronde {round} staat de groep van A op {} en die van B op {}.",
            at(a),
            at(b)
        ),
    }
}

/// "Under A none, 12 parties left, 7 of them weakest in social certainty, and 1 was excluded."
pub fn why_departures(
    l: Lang,
    tag: &str,
    exits: usize,
    excluded: usize,
    weakest: Option<(crate::domain::Domain, usize)>,
) -> String {
    let noun = match (l, exits) {
        (Lang::En, 1) => "party",
        (Lang::En, _) => "parties",
        (Lang::Nl, 1) => "partij",
        (Lang::Nl, _) => "partijen",
    };
    let mut s = match (l, exits) {
        (Lang::En, 0) => format!("Under {tag}, no party left"),
        (Lang::Nl, 0) => format!("Onder {tag} vertrok geen partij"),
        (Lang::En, _) => format!("Under {tag}, {exits} {noun} left"),
        (Lang::Nl, 1) => format!("Onder {tag} vertrok 1 {noun}"),
        (Lang::Nl, _) => format!("Onder {tag} vertrokken {exits} {noun}"),
    };
    if let Some((d, n)) = weakest.filter(|_| exits > 1) {
        let d = l.domain(d);
        s += &match l {
            Lang::En => format!(", {n} of them weakest in {d}"),
            Lang::Nl => format!(", {n} van hen het zwakst in de {d}"),
        };
    }
    if excluded > 0 {
        s += &match (l, excluded) {
            (Lang::En, 1) => ", and 1 was excluded".to_string(),
            (Lang::En, n) => format!(", and {n} were excluded"),
            (Lang::Nl, 1) => ", en 1 werd uitgesloten".to_string(),
            (Lang::Nl, n) => format!(", en {n} werden uitgesloten"),
        };
    }
    s + "."
}

/// " excluded" after the round of a party that did not leave of its own accord.
pub fn excluded_tag(l: Lang) -> &'static str {
    l.pick("excluded", "uitgesloten")
}

/// "and 3 more" after a list cut short.
pub fn more(l: Lang, n: usize) -> String {
    match l {
        Lang::En => format!("{n} more"),
        Lang::Nl => format!("nog {n}"),
    }
}

/// The parties that left under one manager and were still at the table when the other run
/// ended.
pub fn why_only_in(l: Lang, tag: &str, other: &str, n: usize, names: &str) -> String {
    match (l, n) {
        // "still at the table when the other run ended", not "stayed": the other run may have
        // ended before the round in which the party left under this one
        (Lang::En, 1) => format!(
            "1 party left the table under {tag} and was still at the table when the run under \
             {other} ended: {names}."
        ),
        (Lang::En, n) => format!(
            "{n} parties left the table under {tag} and were still at the table when the run \
             under {other} ended: {names}."
        ),
        (Lang::Nl, 1) => format!(
            "1 partij verliet de tafel onder {tag} en zat nog aan tafel toen de run onder \
             {other} eindigde: {names}."
        ),
        (Lang::Nl, n) => format!(
            "{n} partijen verlieten de tafel onder {tag} en zaten nog aan tafel toen de run \
             onder {other} eindigde: {names}."
        ),
    }
}

/// The stretch of rounds the managers' actions are counted over.
pub fn why_actions_span(l: Lang, from: u32, to: u32) -> String {
    match l {
        Lang::En => format!("From round {from} to round {to}:"),
        Lang::Nl => format!("Van ronde {from} tot en met ronde {to}:"),
    }
}

/// A manager's actions over the stretch: how many, the most used, and how many were aimed at
/// the domain with the widest gap.
pub fn why_actions(
    l: Lang,
    tag: &str,
    n: usize,
    top: &str,
    aimed: Option<(crate::domain::Domain, usize)>,
) -> String {
    if n == 0 {
        return match l {
            Lang::En => format!("{tag} did nothing."),
            Lang::Nl => format!("{tag} deed niets."),
        };
    }
    let mut s = match l {
        Lang::En => format!("{tag} intervened {n} times, most often with {top}"),
        Lang::Nl => format!("{tag} greep {n} keer in, het vaakst met {top}"),
    };
    if let Some((d, k)) = aimed {
        let d = l.domain(d);
        s += &match l {
            Lang::En => format!("; {k} of these aimed at {d}"),
            Lang::Nl => format!("; {k} daarvan gericht op de {d}"),
        };
    }
    s + "."
}

pub fn why_caution(l: Lang) -> &'static str {
    l.pick(
        "This is one table with one draw of luck: it shows what happened here and how, not how often. How often a manager makes the difference is what `polder compare` measures, with intervals.",
        "Dit is één tafel met één keer toeval: het laat zien wat hier gebeurde en hoe, niet hoe vaak. Hoe vaak een manager het verschil maakt, meet `polder compare`, met intervallen.",
    )
}

// ---------------------------------------------------------------------------------------------
// A comparison of policies (`polder compare`)

pub fn policies_compared(l: Lang) -> &'static str {
    l.pick(
        "policies of the process manager compared",
        "aanpakken van de procesmanager vergeleken",
    )
}

pub fn policies(l: Lang) -> &'static str {
    l.pick("policies", "aanpakken")
}

pub fn replicates_each_same_luck(l: Lang) -> &'static str {
    l.pick(
        "replicates each (the same parties with the same luck)",
        "replicaties elk (dezelfde partijen met hetzelfde toeval)",
    )
}

pub fn baseline(l: Lang) -> &'static str {
    l.pick("baseline", "basislijn")
}

pub fn dropout_rate(l: Lang) -> &'static str {
    l.pick("dropout rate", "uitval")
}

pub fn agreement_at_the_table(l: Lang) -> &'static str {
    l.pick("agreement at the table", "overeenstemming aan tafel")
}

pub fn ratified_by_constituencies(l: Lang) -> &'static str {
    l.pick(
        "ratified by the constituencies",
        "bekrachtigd door de achterbannen",
    )
}

pub fn inclusive_essential_still_there(l: Lang) -> &'static str {
    l.pick(
        "inclusive (ratified, essential parties still there)",
        "inclusief (bekrachtigd, onmisbare partijen nog aan boord)",
    )
}

pub fn manager_policy(l: Lang) -> &'static str {
    l.pick(
        "policy of the process manager",
        "aanpak van de procesmanager",
    )
}

pub fn dropout_and_agreement_heading(l: Lang) -> &'static str {
    l.pick(
        "Dropout and agreement per policy",
        "Uitval en overeenstemming per aanpak",
    )
}

pub fn dropout_and_agreement_chart(l: Lang) -> &'static str {
    l.pick(
        "Dropout and agreement per policy, with 95% intervals",
        "Uitval en overeenstemming per aanpak, met 95%-intervallen",
    )
}

pub fn share_of_parties_or_runs(l: Lang) -> &'static str {
    l.pick(
        "share (% of parties, or of runs)",
        "aandeel (% van de partijen, of van de runs)",
    )
}

pub fn dropout_and_agreement_intervals_note(l: Lang) -> &'static str {
    l.pick("Dropout: mean share of parties that left (Student t interval). Agreement and ratification: share of runs (Wilson interval).", "Uitval: gemiddeld aandeel partijen dat uitstapte (Student-t-interval). Overeenstemming en bekrachtiging: aandeel runs (Wilson-interval).")
}

pub fn paired_differences_against(l: Lang) -> &'static str {
    l.pick("Paired differences against", "Gepaarde verschillen met")
}

pub fn with_95_intervals(l: Lang) -> &'static str {
    l.pick("with 95% intervals", "met 95%-intervallen")
}

pub fn policy_minus(l: Lang) -> &'static str {
    l.pick("policy minus", "aanpak min")
}

pub fn percentage_points(l: Lang) -> &'static str {
    l.pick("percentage points", "procentpunten")
}

pub fn each_policy_met_the_same(l: Lang) -> &'static str {
    l.pick(
        "Each policy met the same replicates as",
        "Elke aanpak speelde dezelfde replicaties als",
    )
}

pub fn paired_difference_note(l: Lang) -> &'static str {
    l.pick("A difference is the mean over replicates of policy minus baseline on the same replicate; an interval that excludes 0 is a clear difference. Lower dropout is better; higher agreement is better.", "Een verschil is het gemiddelde over de replicaties van aanpak min basislijn op dezelfde replicatie; een interval zonder 0 is een duidelijk verschil. Lagere uitval is beter; meer overeenstemming is beter.")
}

/// The title of a forest plot: the rate, and the paired differences against the baseline.
pub fn forest_title(l: Lang, rate: &str, baseline: &str) -> String {
    format!(
        "{}: {} {baseline}, {}",
        crate::text::capitalise(rate),
        l.pick("paired difference against", "gepaard verschil met"),
        with_95_intervals(l)
    )
}

pub fn difference_and_interval(l: Lang) -> &'static str {
    l.pick("difference, 95% interval", "verschil, 95%-interval")
}

pub fn zero_no_difference(l: Lang) -> &'static str {
    l.pick("0: no difference", "0: geen verschil")
}

/// The caption of a forest plot.
pub fn forest_note(l: Lang, baseline: &str) -> String {
    format!(
        "{} {baseline} {}",
        l.pick(
            "A row per policy: the dot is the mean paired difference with",
            "Een rij per aanpak: de stip is het gemiddelde gepaarde verschil met"
        ),
        l.pick(
            "on the same replicates, the bar its 95% interval; a bar that does not cross the line at 0 is a clear difference.",
            "op dezelfde replicaties, de balk het 95%-interval; een balk die de lijn bij 0 niet kruist is een duidelijk verschil."
        )
    )
}

pub fn cost_and_outcome_heading(l: Lang) -> &'static str {
    l.pick(
        "Cost against outcome: the frontier",
        "Kosten tegen uitkomst: de grens",
    )
}

/// The title of a cost chart: budget against the rate.
pub fn cost_chart_title(l: Lang, rate: &str) -> String {
    format!(
        "{} {rate}, {}",
        l.pick("Budget spent and", "Besteed budget en"),
        l.pick(
            "with the cost-effectiveness frontier",
            "met de grens van kosteneffectiviteit"
        )
    )
}

pub fn budget_axis(l: Lang) -> &'static str {
    l.pick(
        "budget spent per run (units of time and attention), mean",
        "besteed budget per run (eenheden tijd en aandacht), gemiddeld",
    )
}

pub fn on_the_frontier_marker(l: Lang) -> &'static str {
    l.pick("frontier (dots, line)", "grens (stippen, lijn)")
}

pub fn off_the_frontier_marker(l: Lang) -> &'static str {
    l.pick("off it (triangles)", "erbuiten (driehoeken)")
}

pub fn intervals_95(l: Lang) -> &'static str {
    l.pick("95% intervals", "95%-intervallen")
}

pub fn frontier_note(l: Lang) -> &'static str {
    l.pick("Each policy at its mean budget (x) and rate (y), the grey crosses their 95% intervals. The frontier joins the policies no other policy beats: none spends less on average with a rate at least as high. A policy off the frontier is never the right choice on this rate, whatever the budget; the frontier compares the estimates, so read it with the intervals.", "Elke aanpak bij zijn gemiddelde budget (x) en percentage (y), de grijze kruizen zijn 95%-intervallen. De grens verbindt de aanpakken die geen andere aanpak verslaat: geen enkele besteedt gemiddeld minder met een percentage dat minstens zo hoog is. Een aanpak buiten de grens is op dit percentage nooit de juiste keuze, bij welk budget ook; de grens vergelijkt de schattingen, dus lees haar met de intervallen.")
}

pub fn where_groups_end_up(l: Lang) -> &'static str {
    l.pick(
        "Where the groups end up, per domain",
        "Waar de groepen eindigen, per domein",
    )
}

pub fn final_certainty_chart(l: Lang) -> &'static str {
    l.pick(
        "Final certainty per domain and policy, with 95% intervals",
        "Zekerheid aan het eind per domein en aanpak, met 95%-intervallen",
    )
}

pub fn mean_final_certainty_axis(l: Lang) -> &'static str {
    l.pick(
        "mean certainty at the end (0–1)",
        "gemiddelde zekerheid aan het eind (0–1)",
    )
}

pub fn final_certainty_note(l: Lang) -> &'static str {
    l.pick(
        "Mean over runs of the group's certainty at the end of the run.",
        "Gemiddelde over de runs van de zekerheid van de groep aan het eind.",
    )
}

pub fn policies_heading(l: Lang) -> &'static str {
    l.pick("The policies", "De aanpakken")
}

pub fn policy(l: Lang) -> &'static str {
    l.pick("policy", "aanpak")
}

pub fn what_it_does(l: Lang) -> &'static str {
    l.pick("what it does", "wat het doet")
}

pub fn yes(l: Lang) -> &'static str {
    l.pick("yes", "ja")
}

pub fn no(l: Lang) -> &'static str {
    l.pick("no", "nee")
}

pub fn best_cost_effect_heading(l: Lang) -> &'static str {
    l.pick("Best, cost and effect", "Beste, kosten en effect")
}

pub fn budget_spent_per_run(l: Lang) -> &'static str {
    l.pick("budget spent per run", "budget besteed per run")
}

pub fn among_best_ratified(l: Lang) -> &'static str {
    l.pick("among the best: ratified", "bij de besten: bekrachtigd")
}

pub fn among_best_inclusive(l: Lang) -> &'static str {
    l.pick("among the best: inclusive", "bij de besten: inclusief")
}

pub fn ratified_pp_per_10_units(l: Lang) -> &'static str {
    l.pick(
        "ratified, pp per 10 units",
        "bekrachtigd, pp per 10 eenheden",
    )
}

pub fn inclusive_pp_per_10_units(l: Lang) -> &'static str {
    l.pick(
        "inclusive, pp per 10 units",
        "inclusief, pp per 10 eenheden",
    )
}

pub fn on_the_frontier(l: Lang) -> &'static str {
    l.pick(
        "on the frontier (ratified / inclusive)",
        "op de grens (bekrachtigd / inclusief)",
    )
}

pub fn among_best_note(l: Lang) -> &'static str {
    l.pick("Among the best: the policy cannot be told apart from the best (multiple comparisons with the best, paired one-sided t tests at 0.05 / (k - 1)). Per 10 units: the change in the rate, in percentage points, per 10 budget units spent more than the baseline. On the frontier: no other policy spends less on average with a rate at least as high.", "Bij de besten: de aanpak is niet te onderscheiden van het beste (meervoudige vergelijking met het beste, gepaarde eenzijdige t-toetsen op 0,05 / (k - 1)). Per 10 eenheden: de verandering van het percentage, in procentpunten, per 10 eenheden budget meer dan de basislijn. Op de grens: geen andere aanpak besteedt gemiddeld minder met een minstens zo hoog percentage.")
}

pub fn numbers_heading(l: Lang) -> &'static str {
    l.pick("The numbers", "De cijfers")
}

pub fn metric(l: Lang) -> &'static str {
    l.pick("metric", "maat")
}

pub fn estimate(l: Lang) -> &'static str {
    l.pick("estimate", "schatting")
}

pub fn interval_95(l: Lang) -> &'static str {
    l.pick("95% interval", "95%-interval")
}

pub fn versus(l: Lang) -> &'static str {
    l.pick("vs", "t.o.v.")
}

pub fn verdict(l: Lang) -> &'static str {
    l.pick("verdict", "oordeel")
}

pub fn differences_in_points_note(l: Lang) -> &'static str {
    l.pick(
        "Differences of shares are in percentage points.",
        "Verschillen van aandelen zijn in procentpunten.",
    )
}

// ---------------------------------------------------------------------------------------------
// Runs of one scenario (`polder run`)

pub fn no_rounds_csv_note(l: Lang) -> &'static str {
    l.pick("No rounds.csv (the runs were made with --no-rounds): the charts over time need it.", "Geen rounds.csv (de runs zijn gemaakt met --no-rounds): de grafieken door de tijd hebben die nodig.")
}

pub fn ended_runs_keep_state_note(l: Lang) -> &'static str {
    l.pick("A run that has ended keeps its last state, so every round averages over all runs.", "Een run die is afgelopen houdt zijn laatste toestand, zodat elke ronde over alle runs middelt.")
}

pub fn report_of(l: Lang) -> &'static str {
    l.pick("report of", "verslag van")
}

pub fn runs(l: Lang) -> &'static str {
    l.pick("runs", "runs")
}

pub fn key_numbers_heading(l: Lang) -> &'static str {
    l.pick("Key numbers", "Kerncijfers")
}

pub fn dropout_rate_share_left(l: Lang) -> &'static str {
    l.pick(
        "dropout rate (share of parties that left)",
        "uitval (aandeel partijen dat uitstapte)",
    )
}

pub fn ratified_agreement(l: Lang) -> &'static str {
    l.pick(
        "agreement carried by the constituencies (ratified)",
        "akkoord gedragen door de achterbannen (bekrachtigd)",
    )
}

pub fn inclusive_agreement(l: Lang) -> &'static str {
    l.pick("inclusive agreement (ratified, essential parties and enough of the table still there)", "inclusief akkoord (bekrachtigd, met de onmisbare partijen en genoeg van de tafel nog aan boord)")
}

pub fn rounds_to_agreement_mean(l: Lang) -> &'static str {
    l.pick(
        "rounds to agreement (mean)",
        "rondes tot overeenstemming (gemiddeld)",
    )
}

pub fn runs_ending(l: Lang) -> &'static str {
    l.pick("runs ending", "runs met afloop")
}

pub fn shaded_one_sd(l: Lang) -> &'static str {
    l.pick(
        "shaded: ± 1 SD across runs",
        "gearceerd: ± 1 sd over de runs",
    )
}

pub fn mean_certainty_over(l: Lang) -> &'static str {
    l.pick(
        "Mean certainty per domain over",
        "Gemiddelde zekerheid per domein over",
    )
}

pub fn exits(l: Lang) -> &'static str {
    l.pick("exits", "vertrekkers")
}

pub fn parties_and_who_left(l: Lang) -> &'static str {
    l.pick(
        "Parties at the table, and who left",
        "Partijen aan tafel, en wie vertrok",
    )
}

pub fn parties_mean_count(l: Lang) -> &'static str {
    l.pick("parties (mean count)", "partijen (gemiddeld aantal)")
}

pub fn left_so_far(l: Lang) -> &'static str {
    l.pick("left so far (exits)", "tot nu toe uitgestapt")
}

pub fn excluded_so_far(l: Lang) -> &'static str {
    l.pick(
        "excluded so far (saboteurs)",
        "tot nu toe uitgesloten (saboteurs)",
    )
}

pub fn mean_share_of_the_seats_pct(l: Lang) -> &'static str {
    l.pick(
        "mean share of the original seats (%)",
        "gemiddeld aandeel van de oorspronkelijke zetels (%)",
    )
}
// ---------------------------------------------------------------------------------------------
// A parameter sweep (`polder sweep`)

pub fn parameter_sweep_heading(l: Lang) -> &'static str {
    l.pick("Parameter sweep", "Parameterverkenning")
}

pub fn rows_points_x_policies(l: Lang) -> &'static str {
    l.pick(
        "rows (design points × policies)",
        "rijen (ontwerppunten × aanpak)",
    )
}

pub fn varied(l: Lang) -> &'static str {
    l.pick("varied", "gevarieerd")
}

pub fn nothing(l: Lang) -> &'static str {
    l.pick("nothing", "niets")
}

pub fn nothing_varies_note(l: Lang) -> &'static str {
    l.pick("No parameter changes between the rows of summary.csv, so there is nothing to draw against.", "Geen parameter verandert tussen de rijen van summary.csv, dus er is niets om tegen uit te zetten.")
}

pub fn against_heading(l: Lang) -> &'static str {
    l.pick("Against", "Tegen")
}

pub fn lines_are_means_note(l: Lang) -> &'static str {
    l.pick("More than eight combinations of policy and the other varied parameters: each line is the mean over the other parameters' values (no interval).", "Meer dan acht combinaties van aanpak en de andere gevarieerde parameters: elke lijn is het gemiddelde over de waarden van de andere parameters (zonder interval).")
}

pub fn dropout_rate_heading(l: Lang) -> &'static str {
    l.pick("Dropout rate", "Uitval")
}

pub fn dropout_rate_pct_left(l: Lang) -> &'static str {
    l.pick(
        "dropout rate (% of parties that left)",
        "uitval (% van de partijen dat uitstapte)",
    )
}

pub fn agreement_rate_heading(l: Lang) -> &'static str {
    l.pick("Agreement rate", "Overeenstemming")
}

pub fn agreement_pct_of_runs(l: Lang) -> &'static str {
    l.pick(
        "agreement at the table (% of runs)",
        "overeenstemming aan tafel (% van de runs)",
    )
}

pub fn against(l: Lang) -> &'static str {
    l.pick("against", "tegen")
}

pub fn one_line_per_policy(l: Lang) -> &'static str {
    l.pick("one line per policy", "één lijn per aanpak")
}

pub fn scenario_parameter(l: Lang) -> &'static str {
    l.pick("scenario parameter", "scenarioparameter")
}

pub fn points_and_bars_note(l: Lang) -> &'static str {
    l.pick("Points: the estimate at each design point; bars: its 95% interval as summary.csv gives it.", "Punten: de schatting per ontwerppunt; balken: het 95%-interval uit summary.csv.")
}

pub fn the_first(l: Lang) -> &'static str {
    l.pick("The first", "De eerste")
}

pub fn rows_of(l: Lang) -> &'static str {
    l.pick("rows of", "rijen van")
}

// ---------------------------------------------------------------------------------------------
// A robustness directory (`polder robust`)

pub fn robust_title(l: Lang) -> &'static str {
    l.pick(
        "robustness under deep uncertainty",
        "robuustheid onder diepe onzekerheid",
    )
}

/// The subtitle of a robustness report.
pub fn robust_subtitle(l: Lang, policies: usize, variants: u64) -> String {
    match l {
        Lang::En => format!(
            "{policies} policies over {variants} variants of what we do not know; in each variant every policy met the same replicates (the same parties, the same luck)."
        ),
        Lang::Nl => format!(
            "{policies} aanpakken over {variants} varianten van wat we niet weten; in elke variant speelde elke aanpak dezelfde replicaties (dezelfde partijen, hetzelfde toeval)."
        ),
    }
}

/// The heading of one part of a robustness report with several base scenarios.
pub fn robust_part(l: Lang, name: &str) -> String {
    if name == "all" {
        l.pick(
            "Across all base scenarios (every scenario and variant)",
            "Over alle basisscenario's (elk scenario en elke variant)",
        )
        .to_string()
    } else {
        format!("{}: {name}", l.pick("Base scenario", "Basisscenario"))
    }
}

pub fn robustness_heading(l: Lang) -> &'static str {
    l.pick("Robustness per policy", "Robuustheid per aanpak")
}

/// The columns of the robustness table.
pub fn robustness_columns(l: Lang, threshold: Option<f64>) -> Vec<String> {
    let share = match threshold {
        Some(t) => format!(
            "{} ≥ {}%",
            l.pick(
                "share of variants ratified",
                "aandeel varianten bekrachtigd"
            ),
            l.num(100.0 * t, 0)
        ),
        None => l
            .pick("share meeting the threshold", "aandeel boven de drempel")
            .to_string(),
    };
    [
        policy(l),
        l.pick("ratified: mean", "bekrachtigd: gemiddeld"),
        l.pick("10th percentile", "10e percentiel"),
        &share,
        l.pick("regret: mean (pp)", "spijt: gemiddeld (pp)"),
        l.pick("maximum (pp)", "maximum (pp)"),
        l.pick("inclusive: mean", "inclusief: gemiddeld"),
        l.pick("dropout: mean", "uitval: gemiddeld"),
        l.pick("budget: mean", "budget: gemiddeld"),
        l.pick("most robust", "meest robuust"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// What the robustness table says.
pub fn robustness_note(l: Lang, variants: u64) -> String {
    match l {
        Lang::En => format!(
            "Over the {variants} variants: the mean ratified rate, its 10th percentile (reached or beaten in nine variants out of ten), the share of variants in which the rate meets the threshold, and the regret: how far the policy falls short of the best policy in the same variant, in percentage points (mean and maximum). The most robust policy has the smallest maximum regret (minimax regret)."
        ),
        Lang::Nl => format!(
            "Over de {variants} varianten: het gemiddelde bekrachtigingspercentage, het 10e percentiel (gehaald of overtroffen in negen van de tien varianten), het aandeel varianten waarin het percentage de drempel haalt, en de spijt: hoever de aanpak achterblijft bij de beste aanpak in dezelfde variant, in procentpunten (gemiddeld en maximum). De meest robuuste aanpak heeft de kleinste maximale spijt (minimax-spijt)."
        ),
    }
}

pub fn regret_heading(l: Lang) -> &'static str {
    l.pick(
        "Regret per policy and variant",
        "Spijt per aanpak en variant",
    )
}

pub fn regret_map_title(l: Lang) -> &'static str {
    l.pick(
        "Regret on the ratified rate (pp behind the best policy in the variant)",
        "Spijt op bekrachtiging (pp achter de beste aanpak in de variant)",
    )
}

pub fn variant_axis(l: Lang) -> &'static str {
    l.pick("variant (design point)", "variant (ontwerppunt)")
}

pub fn zero_the_best(l: Lang) -> &'static str {
    l.pick("0: the best in the variant", "0: de beste in de variant")
}

pub fn pp(l: Lang) -> &'static str {
    l.pick("pp", "pp")
}

pub fn regret_map_note(l: Lang) -> &'static str {
    l.pick("A row per variant, a column per policy; each cell holds the regret in percentage points and its colour the class of the legend, light (none) to dark (most). A column light all the way down is a policy that is never far behind.", "Een rij per variant, een kolom per aanpak; elke cel toont de spijt in procentpunten en de kleur de klasse uit de legenda, licht (geen) tot donker (veel). Een kolom die van boven tot onder licht is, is een aanpak die nooit ver achterblijft.")
}

pub fn discovery_heading(l: Lang) -> &'static str {
    l.pick(
        "Where it fails: scenario discovery (PRIM)",
        "Waar het misgaat: scenario discovery (PRIM)",
    )
}

pub fn no_box(l: Lang) -> &'static str {
    l.pick(
        "No box: discovery.csv marks none as chosen.",
        "Geen box: discovery.csv markeert er geen als gekozen.",
    )
}

pub fn trajectory_title(l: Lang) -> &'static str {
    l.pick(
        "The peeling trajectory of PRIM: coverage against density",
        "Het pelpad van PRIM: dekking tegen dichtheid",
    )
}

pub fn coverage_axis(l: Lang) -> &'static str {
    l.pick(
        "coverage (share of the failures inside the box)",
        "dekking (aandeel van de mislukkingen in de box)",
    )
}

pub fn density_axis(l: Lang) -> &'static str {
    l.pick(
        "density (share inside that fails)",
        "dichtheid (aandeel binnen dat mislukt)",
    )
}

pub fn peeling_trajectory(l: Lang) -> &'static str {
    l.pick("peeling trajectory", "pelpad")
}

pub fn chosen_box(l: Lang) -> &'static str {
    l.pick("the box offered", "de aangeboden box")
}

/// The label of the chosen box on the trajectory.
pub fn box_label(l: Lang, k: usize, coverage: f64, density: f64, mass: f64) -> String {
    format!(
        "{} {k}: {} {}, {} {}, {} {}",
        l.pick("box", "box"),
        l.pick("coverage", "dekking"),
        l.num(coverage, 2),
        l.pick("density", "dichtheid"),
        l.num(density, 2),
        l.pick("mass", "massa"),
        l.num(mass, 2)
    )
}

pub fn trajectory_note(l: Lang) -> &'static str {
    l.pick("PRIM peels the box of sampled ranges toward the variants where the policy fails: each step gives up coverage (failures left outside) for density (fewer successes inside). The box offered balances the two best among those dense enough; discovery.csv holds every box.", "PRIM pelt de box van bemonsterde bereiken af naar de varianten waar de aanpak mislukt: elke stap ruilt dekking (mislukkingen buiten de box) voor dichtheid (minder successen binnen). De aangeboden box weegt beide het best af onder de boxen die dicht genoeg zijn; discovery.csv bevat elke box.")
}

/// One restricted parameter's limits, within its sampled range, and the quasi-p of each.
pub fn limits_detail(l: Lang, b: (&str, &str), full: (&str, &str), qp: (&str, &str)) -> String {
    format!(
        "{} {} – {} {} {} – {}; quasi-p {} / {}",
        l.pick("box", "box"),
        b.0,
        b.1,
        l.pick("of the sampled", "van het bemonsterde"),
        full.0,
        full.1,
        qp.0,
        qp.1
    )
}

pub fn box_restricts_nothing(l: Lang) -> &'static str {
    l.pick(
        "The box restricts no parameter: the failures are spread over the whole range.",
        "De box beperkt geen enkele parameter: de mislukkingen liggen over het hele bereik.",
    )
}

/// The title of the box-limits chart.
pub fn box_limits_title(l: Lang, k: usize) -> String {
    format!(
        "{} {k} {}",
        l.pick("The limits of box", "De grenzen van box"),
        l.pick(
            "on each parameter it restricts",
            "op elke parameter die hij beperkt"
        )
    )
}

pub fn position_in_range_axis(l: Lang) -> &'static str {
    l.pick(
        "position in the sampled range (0% its minimum, 100% its maximum)",
        "positie in het bemonsterde bereik (0% het minimum, 100% het maximum)",
    )
}

pub fn sampled_range(l: Lang) -> &'static str {
    l.pick("the sampled range", "het bemonsterde bereik")
}

pub fn the_box(l: Lang) -> &'static str {
    l.pick("the box", "de box")
}

pub fn box_limits_note(l: Lang) -> &'static str {
    l.pick("Grey: the range the variants sampled; blue: the box's limits within it. The quasi-p of a limit (lower / upper; Bryant & Lempert 2010) is small when the limit matters and near 1 when the box does as well without it.", "Grijs: het bereik dat de varianten bemonsterden; blauw: de grenzen van de box daarbinnen. De quasi-p van een grens (onder / boven; Bryant & Lempert 2010) is klein als de grens ertoe doet en bijna 1 als de box het zonder haar even goed doet.")
}

// ---------------------------------------------------------------------------------------------
// Shared by every report: the bands and the time axis

pub fn bands_note(l: Lang) -> &'static str {
    l.pick("Grey band: under the domain's lower bound (ondergrens), where the urge to leave is strong; yellow band: above its challenge (uitdaging), where partners act as co-owners. Bounds from the scenario (scenario.toml).", "Grijze band: onder de ondergrens van het domein, waar de neiging om uit te stappen groot is; gele band: boven de uitdaging, waar partners zich als mede-eigenaren gedragen. Grenzen uit het scenario (scenario.toml).")
}

pub fn no_scenario_toml_note(l: Lang) -> &'static str {
    l.pick("No scenario.toml next to these results, so the lower bounds and challenges are not drawn (results of an older polder).", "Geen scenario.toml bij deze resultaten, dus ondergrens en uitdaging zijn niet getekend (resultaten van een oudere polder).")
}

pub fn one_meeting_cycle(l: Lang) -> &'static str {
    l.pick("one meeting cycle", "één overlegcyclus")
}

pub fn participation_spectrum(l: Lang) -> &'static str {
    l.pick(
        "Participation spectrum: from dutiful participation to co-ownership",
        "Deelnamespectrum: van plichtmatige deelname naar mede-eigenaarschap",
    )
}

// ---------------------------------------------------------------------------------------------
// The charts

pub fn legend(l: Lang) -> &'static str {
    l.pick("Legend", "Legenda")
}

pub fn under_the_lower_bound(l: Lang) -> &'static str {
    l.pick("under the lower bound", "onder de ondergrens")
}

pub fn above_the_challenge(l: Lang) -> &'static str {
    l.pick("above the challenge", "boven de uitdaging")
}

pub fn meeting(l: Lang) -> &'static str {
    l.pick("meeting", "overleg")
}

pub fn certainty_axis(l: Lang) -> &'static str {
    l.pick("certainty (0–1)", "zekerheid (0–1)")
}

// ---------------------------------------------------------------------------------------------
// The page

pub fn made_by(l: Lang) -> &'static str {
    l.pick("Made by", "Gemaakt door")
}

pub fn from(l: Lang) -> &'static str {
    l.pick("from", "uit")
}

// --- markers on a trace's domain curves (issue 11) ---

/// The legend of an event marked on the domain curves: a party leaves (0), a vote passes (1)
/// or fails (2), a saboteur reveals itself (3), the process manager intervenes (4).
/// How to read the strip of interventions along the top of the domain panels.
pub fn intervention_strip_note(l: Lang, versus: bool) -> &'static str {
    match versus {
        false => l.pick(
            "The small triangles along the top of a panel are the manager's interventions aimed at that domain (sanctions and spoiler management count as social; a survey, which measures all four, is in every panel).",
            "De kleine driehoekjes langs de bovenrand van een paneel zijn de ingrepen van de procesmanager die op dat domein gericht zijn (sancties en de aanpak van saboteurs tellen als sociaal; een peiling, die alle vier meet, staat in elk paneel).",
        ),
        true => l.pick(
            "The small triangles along the top of a panel are the managers' interventions aimed at that domain, A's in the upper row and B's in the lower (sanctions and spoiler management count as social; a survey, which measures all four, is in every panel).",
            "De kleine driehoekjes langs de bovenrand van een paneel zijn de ingrepen van de procesmanagers die op dat domein gericht zijn, van A in de bovenste rij en van B in de onderste (sancties en de aanpak van saboteurs tellen als sociaal; een peiling, die alle vier meet, staat in elk paneel).",
        ),
    }
}

pub fn event_mark(l: Lang, k: usize) -> &'static str {
    match k {
        0 => l.pick("a party leaves", "een partij vertrekt"),
        1 => l.pick("a vote passes", "stemming aangenomen"),
        2 => l.pick("a vote fails", "stemming verworpen"),
        3 => l.pick("a saboteur reveals itself", "een saboteur ontpopt zich"),
        _ => l.pick("the manager intervenes", "de procesmanager grijpt in"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Domain;

    #[test]
    fn departures_count_in_words_in_both_languages() {
        let social = Some((Domain::Social, 3));
        assert_eq!(
            why_departures(Lang::En, "A none", 0, 1, None),
            "Under A none, no party left, and 1 was excluded."
        );
        assert_eq!(
            why_departures(Lang::En, "A none", 5, 0, social),
            "Under A none, 5 parties left, 3 of them weakest in social certainty."
        );
        assert_eq!(
            why_departures(Lang::Nl, "B phased", 1, 2, social),
            "Onder B phased vertrok 1 partij, en 2 werden uitgesloten."
        );
        assert_eq!(
            why_departures(Lang::Nl, "B phased", 4, 0, social),
            "Onder B phased vertrokken 4 partijen, 3 van hen het zwakst in de sociale zekerheid."
        );
    }
}
