//! Demo tables: tables worth showing a group, found among many seeds.
//!
//! A trainer wants a table that makes a point: one that collapses without a process manager but
//! that `phased` saves, one whose constituencies reject what the table agreed. A criterion
//! names the managers it compares (the first always `none`, the second, if any, on the same
//! parties with the same luck) and what their runs must show; [`search`] plays run 0 of each
//! seed (the table of `polder run --seed S`, run 0, and of `polder trace --seed S`) and keeps the
//! seeds that meet it.

use crate::model::Ending;
use crate::outcome::{NoObserver, RunOutcome};
use crate::rng::RunSeed;
use crate::scenario::Scenario;
use crate::text::Lang;

/// What a demo table must show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Criterion {
    /// Collapses without a manager; `phased` gets it ratified.
    SavedByPhased,
    /// Collapses without a manager; `monitor` gets it ratified.
    SavedByMonitor,
    /// Without a manager the table agrees, and a constituency rejects the agreement.
    RejectedAtHome,
    /// Without a manager a saboteur shows itself, the table excludes it, and the agreement is
    /// still ratified.
    SaboteurExcluded,
}

impl Criterion {
    /// What a demo table of this kind shows, in `l`'s words.
    pub const fn label(self, l: Lang) -> &'static str {
        use Criterion as C;
        match (l, self) {
            (Lang::En, C::SavedByPhased) => "collapses without a manager; phased saves it",
            (Lang::En, C::SavedByMonitor) => "collapses without a manager; monitor saves it",
            (Lang::En, C::RejectedAtHome) => {
                "the table agrees, a constituency rejects it (no manager)"
            }
            (Lang::En, C::SaboteurExcluded) => {
                "a saboteur shows itself and is excluded; ratified all the same (no manager)"
            }
            (Lang::Nl, C::SavedByPhased) => "valt uiteen zonder procesmanager; phased redt het",
            (Lang::Nl, C::SavedByMonitor) => "valt uiteen zonder procesmanager; monitor redt het",
            (Lang::Nl, C::RejectedAtHome) => {
                "de tafel is het eens, een achterban verwerpt het akkoord (geen procesmanager)"
            }
            (Lang::Nl, C::SaboteurExcluded) => {
                "een saboteur ontpopt zich en wordt uitgesloten; toch bekrachtigd (geen procesmanager)"
            }
        }
    }
}

impl Criterion {
    pub const ALL: [Criterion; 4] = [
        Criterion::SavedByPhased,
        Criterion::SavedByMonitor,
        Criterion::RejectedAtHome,
        Criterion::SaboteurExcluded,
    ];

    pub const fn key(self) -> &'static str {
        match self {
            Criterion::SavedByPhased => "saved_by_phased",
            Criterion::SavedByMonitor => "saved_by_monitor",
            Criterion::RejectedAtHome => "rejected_at_home",
            Criterion::SaboteurExcluded => "saboteur_excluded",
        }
    }

    /// The managers compared: the first, and the second beside it (if any).
    pub const fn policies(self) -> (&'static str, Option<&'static str>) {
        match self {
            Criterion::SavedByPhased => ("none", Some("phased")),
            Criterion::SavedByMonitor => ("none", Some("monitor")),
            Criterion::RejectedAtHome | Criterion::SaboteurExcluded => ("none", None),
        }
    }

    /// Whether the runs under [`Criterion::policies`] show it (`second` is the second
    /// manager's run, when there is one).
    pub fn met(self, first: &RunOutcome, second: Option<&RunOutcome>) -> bool {
        let saved = || {
            first.ending == Ending::Collapsed
                && second.is_some_and(|b| b.ending == Ending::Ratified)
        };
        match self {
            Criterion::SavedByPhased | Criterion::SavedByMonitor => saved(),
            Criterion::RejectedAtHome => first.ending == Ending::Rejected,
            Criterion::SaboteurExcluded => {
                first.saboteurs_revealed > 0
                    && first.excluded > 0
                    && first.ending == Ending::Ratified
            }
        }
    }
}

/// The seeds among `seeds` whose table (run 0) of scenario `s` meets `criterion`, in order.
pub fn search(s: &Scenario, criterion: Criterion, seeds: std::ops::Range<u64>) -> Vec<u64> {
    let (a, b) = criterion.policies();
    let spec = |name: &str| crate::policy::builtin(name).expect("a built-in policy");
    let (a, b) = (spec(a), b.map(spec));
    let run = |p: &crate::policy::PolicySpec, seed: u64| {
        crate::runner::simulate_policy(s, Some(p), RunSeed::new(seed, 0, 0), &mut NoObserver)
    };
    seeds
        .filter(|&seed| {
            let first = run(&a, seed);
            let second = b.as_ref().map(|b| run(b, seed));
            criterion.met(&first, second.as_ref())
        })
        .collect()
}
