//! `polder tune`: search the policy family, confirm the winner, write tune.csv, compare.csv
//! and scenario.toml.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Instant;

use super::args::*;
use super::common::*;
use polder::compare::{self, Metric};
use polder::load_scenario;
use polder::output::csv::compare_table;
use polder::output::report::tune_report;
use polder::output::scenario::scenario_file;
use polder::output::tune::tune_table;
use polder::scenario::Scenario;
use polder::tune::{self, Options};

/// The default output directory of `polder tune`: results/<scenario file name>-tune.
fn tune_out(scenario: &Path) -> PathBuf {
    let mut dir = default_out(scenario);
    let stem = dir
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    dir.set_file_name(format!("{stem}-tune"));
    dir
}

/// The checked options: the scenario at the budget asked, the search's options and the
/// confirmation's seed.
fn checked(args: &TuneArgs) -> anyhow::Result<(Scenario, Options, u64)> {
    let mut s = load_scenario(&args.scenario).map_err(|e| bad(e.to_string()))?;
    if let Some(b) = args.budget {
        s.manager.budget = b;
        s.validate().map_err(|e| {
            bad(format!(
                "--budget: {} (the process manager's units of time and attention per round)",
                e.message
            ))
        })?;
    }
    check_counts(args.replicates, 1, args.threads)
        .map_err(|e| bad(e.to_string().replace("--runs", "--replicates")))?;
    check_counts(args.confirm, 2, args.threads)
        .map_err(|e| bad(e.to_string().replace("--runs", "--confirm")))?;
    if args.candidates == 0 && args.no_builtins {
        return Err(bad(
            "--candidates 0 with --no-builtins leaves nothing to search; sample at least one point",
        ));
    }
    if args.candidates > tune::MAX_POINTS {
        return Err(bad(format!(
            "--candidates {} is more than the {} points a search samples; successive halving needs far fewer",
            args.candidates,
            tune::MAX_POINTS
        )));
    }
    let confirm_seed = args.confirm_seed.unwrap_or(args.seed.wrapping_add(1));
    if confirm_seed == args.seed {
        return Err(bad(format!(
            "--confirm-seed {confirm_seed} is the search's --seed: the winner must be confirmed on replicates it was not chosen on; give another"
        )));
    }
    let opts = Options {
        points: args.candidates,
        builtins: !args.no_builtins,
        replicates: args.replicates,
        seed: args.seed,
        objective: match args.objective {
            ObjectiveArg::Ratified => Metric::RatifiedRate,
            ObjectiveArg::Inclusive => Metric::InclusiveRate,
        },
    };
    // the name is checked now, not after the search
    let probe = polder::tune::family::Knobs::builtin("none")
        .expect("none is a point")
        .policy(&args.name);
    tune::tuned_scenario(&s, s.manager.budget, &probe).map_err(bad)?;
    Ok((s, opts, confirm_seed))
}

/// `polder tune SCENARIO --budget B`.
pub(crate) fn tune(args: &TuneArgs) -> anyhow::Result<()> {
    let (s, opts, confirm_seed) = checked(args)?;
    let out = args.out.clone().unwrap_or_else(|| tune_out(&args.scenario));
    let (candidates, _) = tune::candidates(&opts, &args.name);
    let searched = tune::simulations(candidates.len(), opts.replicates);
    // every built-in, the scenario's own and the tuned one, the tuned one (the baseline) last
    let policies = polder::policy::builtin_names().len() + s.policies.len() + 1;
    let confirmed = compare::simulations(policies, policies - 1, args.confirm);
    check_work(
        &format!(
            "a search of {} candidates ({searched} runs) and a confirmation of {policies} policies x {} runs",
            candidates.len(),
            args.confirm
        ),
        (searched + confirmed) as f64 * polder::output::disk::worst_participant_rounds(&s),
        args.threads,
        polder::output::disk::MAX_PARTICIPANT_ROUNDS,
        args.allow_long,
        args.quiet,
    )?;
    prepare_out(&out, args.force)?;
    let pool = thread_pool(args.threads)?;
    let bar = progress(searched + confirmed, args.quiet);
    stop_on_interrupt("chunk of runs");
    let step = |n: usize| {
        bar.inc(n as u64);
        if STOP.load(Ordering::SeqCst) {
            return Err(anyhow::Error::new(Interrupted(
                "interrupted: nothing written (tune writes its files when the search and the confirmation are done)".into(),
            )));
        }
        Ok::<(), anyhow::Error>(())
    };
    let started = Instant::now();
    let search = pool.install(|| tune::search(&s, &opts, &args.name, |chunk| step(chunk.len())))?;
    let winner = &search.candidates[search.winner].policy;
    let tuned = tune::tuned_scenario(&s, s.manager.budget, winner).map_err(bad)?;
    let confirmation = pool.install(|| {
        tune::confirm(
            &tuned,
            &args.name,
            confirm_seed,
            args.confirm,
            |_, chunk| step(chunk.len()),
        )
    })?;
    let ranks = confirmation.ranks();
    let written = [
        tune_table(&search, &opts, &out)?.commit()?,
        compare_table(&[(tuned.name.as_str(), &confirmation, &ranks)], &out)?.commit()?,
        scenario_file(&out, &tuned)?.commit()?,
    ];
    bar.finish_and_clear();
    if !args.quiet {
        eprintln!(
            "polder: tune of \"{}\" at a budget of {} per round: {} runs in {:.2} s on {} threads",
            s.name,
            s.manager.budget,
            searched + confirmed,
            started.elapsed().as_secs_f64(),
            pool.current_num_threads()
        );
        for w in &written {
            println!("wrote {}", w.display());
        }
        print!(
            "{}",
            tune_report(&search, &opts, &confirmation, &ranks, confirm_seed)
        );
    }
    Ok(())
}
