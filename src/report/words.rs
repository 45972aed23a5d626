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

pub fn share_at_the_table_pct(l: Lang) -> &'static str {
    l.pick(
        "share of the parties at the table (%)",
        "aandeel van de partijen aan tafel (%)",
    )
}

pub fn participation_levels_note(l: Lang) -> &'static str {
    l.pick("Dutiful (plichtmatig), engaged (betrokken) and co-owners (mede-eigenaren) among the parties at the table.", "Plichtmatig, betrokken en mede-eigenaren onder de partijen aan tafel.")
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

pub fn mean_share_at_the_table_pct(l: Lang) -> &'static str {
    l.pick(
        "mean share of the parties at the table (%)",
        "gemiddeld aandeel van de partijen aan tafel (%)",
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
pub fn event_mark(l: Lang, k: usize) -> &'static str {
    match k {
        0 => l.pick("a party leaves", "een partij vertrekt"),
        1 => l.pick("a vote passes", "stemming aangenomen"),
        2 => l.pick("a vote fails", "stemming verworpen"),
        3 => l.pick("a saboteur reveals itself", "een saboteur ontpopt zich"),
        _ => l.pick("the manager intervenes", "de procesmanager grijpt in"),
    }
}
