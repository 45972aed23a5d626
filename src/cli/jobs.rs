//! `polder` (the default job), `run`, `compare`, `policies`, `check` and `validate`.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::Instant;

use super::args::*;
use super::common::*;
use polder::compare::{self, ChunkInfo};
use polder::load_scenario;
use polder::output::csv::{RunTables, compare_table};
use polder::output::report::{compare_report, policies_report};
use polder::output::scenario::scenario_file;
use polder::policy::PolicySpec;
use polder::scenario::{DEFAULT_SCENARIO_PATH, DEFAULT_SCENARIO_TEXT, Scenario, parse_scenario};
use polder::summary::BatchSummary;

pub(crate) fn run_default() -> anyhow::Result<()> {
    let s = parse_scenario(DEFAULT_SCENARIO_TEXT, Path::new(DEFAULT_SCENARIO_PATH))
        .map_err(|e| bad(e.to_string()))?;
    let args = RunArgs {
        scenario: DEFAULT_SCENARIO_PATH.into(),
        runs: 1000,
        seed: 1,
        policy: "none".into(),
        out: None,
        threads: None,
        no_rounds: false,
        allow_long: false,
        // never replaces earlier results: each run of the default job gets a fresh directory
        force: false,
        quiet: false,
    };
    eprintln!(
        "polder: no command given, running the built-in default scenario ({DEFAULT_SCENARIO_PATH}); see `polder --help`"
    );
    run(&s, &args, &fresh_default_dir())
}

/// results/default, or results/default-2, -3, ... if earlier runs of the default job are there:
/// the first directory that does not exist or is empty.
fn fresh_default_dir() -> std::path::PathBuf {
    let taken = |p: &Path| {
        p.exists()
            && std::fs::read_dir(p)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true)
    };
    let first = Path::new("results/default").to_path_buf();
    if !taken(&first) {
        return first;
    }
    (2u32..)
        .map(|k| std::path::PathBuf::from(format!("results/default-{k}")))
        .find(|p| !taken(p))
        .expect("some number is free")
}

pub(crate) fn validate(runs: u64, seed: u64, set: &[String]) -> anyhow::Result<()> {
    if runs < 2 {
        return Err(bad("--runs must be at least 2 for a confidence interval"));
    }
    if runs > polder::validation::MAX_RUNS {
        return Err(bad(format!(
            "refusing --runs {runs}: more than the {} replicates per arm the validation suite accepts; it holds about {} per arm in memory and plays every replicate in each of its arms (the default 2000 takes about a minute)",
            polder::validation::MAX_RUNS,
            polder::output::disk::human(runs as f64 * polder::validation::BYTES_PER_RUN)
        )));
    }
    let mut overrides = Vec::new();
    for item in set {
        let Some((path, value)) = item.split_once('=') else {
            return Err(bad(format!(
                "--set {item}: expected PATH=VALUE, e.g. --set exit.contagion=2.5"
            )));
        };
        let value: toml::Value = value
            .trim()
            .parse::<toml::Value>()
            .or_else(|_| format!("v = {}", value.trim()).parse::<toml::Table>().map(|t| t["v"].clone()))
            .map_err(|_| bad(format!("--set {item}: {value} is not a TOML value (a number, true/false or a quoted string)")))?;
        overrides.push((path.trim().to_string(), value));
    }
    let options = polder::validation::Options {
        runs,
        seed,
        overrides,
    };
    polder::validation::check_overrides(&options).map_err(|e| bad(format!("--set: {e}")))?;
    let results = polder::validation::run_all(&options);
    print!("{}", polder::validation::render(&results, &options));
    let failed: Vec<String> = results
        .iter()
        .filter(|r| !r.passed)
        .map(|r| r.id.to_string())
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(anyhow::anyhow!("claims {} failed", failed.join(", ")))
    }
}

/// `polder calibrate`: the suite at every sample of an LHS design; writes calibration.csv and
/// calibration.txt into the output directory.
pub(crate) fn calibrate(args: &CalibrateArgs) -> anyhow::Result<()> {
    let spec = polder::sweep::load_sweep(&args.file).map_err(|e| bad(e.to_string()))?;
    let runs = args.runs.unwrap_or(spec.replicates);
    if runs < 2 {
        return Err(bad("--runs must be at least 2 for a confidence interval"));
    }
    let seed = args.seed.or(spec.seed).unwrap_or(1);
    let out = args.out.clone().unwrap_or_else(|| default_out(&args.file));
    let csv_path = out.join("calibration.csv");
    if csv_path.exists() && !args.force {
        return Err(bad(format!(
            "{} already holds a calibration; give --force to replace it, or another --out",
            out.display()
        )));
    }
    std::fs::create_dir_all(&out)
        .map_err(|e| bad(format!("cannot create {}: {e}", out.display())))?;
    let points = polder::sweep::design::point_count(&spec);
    eprintln!(
        "polder: calibration of {points} samples, every claim and pattern at {runs} replicates per arm"
    );
    let samples = polder::validation::calibration::calibrate(&spec, runs, seed, |k, s| {
        eprintln!(
            "polder: sample {}/{points}: {}",
            k + 1,
            if s.survives() {
                "every claim holds".to_string()
            } else {
                let failed: Vec<String> = s
                    .passed
                    .iter()
                    .filter(|(_, p)| !p)
                    .map(|(id, _)| id.to_string())
                    .collect();
                format!("fails {}", failed.join(", "))
            }
        );
    })
    .map_err(bad)?;
    let base = polder::sweep::params::BaseTable::new(&polder::Scenario::default())
        .map_err(|e| anyhow::anyhow!(e))?;
    let defaults: Vec<f64> = spec
        .params
        .iter()
        .map(|p| base.number_at(&p.path).unwrap_or(f64::NAN))
        .collect();
    let summary = polder::validation::calibration::render(&spec, &samples, &defaults);
    for (name, text) in [
        (
            "calibration.csv",
            polder::validation::calibration::to_csv(&spec, &samples),
        ),
        ("calibration.txt", summary.clone()),
    ] {
        let path = out.join(name);
        let mut file =
            polder::output::atomic::AtomicFile::create(&path).map_err(|e| bad(e.to_string()))?;
        std::io::Write::write_all(&mut file, text.as_bytes())?;
        let written = file.commit()?;
        println!("wrote {}", written.display());
    }
    print!("{summary}");
    Ok(())
}

pub(crate) fn check(path: &Path) -> anyhow::Result<()> {
    let s = load_scenario(path).map_err(|e| bad(e.to_string()))?;
    let text = s.to_toml()?;
    println!(
        "# {} is valid; the parameters it resolves to:\n{text}",
        path.display()
    );
    Ok(())
}

pub(crate) fn run(s: &Scenario, args: &RunArgs, out: &Path) -> anyhow::Result<()> {
    check_counts(args.runs, 1, args.threads)?;
    let policy = resolve_policy("--policy", &args.policy, s)?;
    check_work(
        &format!(
            "{} runs of {} parties up to round {}",
            args.runs,
            s.participants.count,
            s.process.deadline()
        ),
        args.runs as f64 * polder::output::disk::worst_participant_rounds(s),
        args.threads,
        polder::output::disk::MAX_PARTICIPANT_ROUNDS,
        args.allow_long,
        args.quiet,
    )?;
    let estimated = estimate_run_bytes(s, Some(&policy), args.seed, args.runs, !args.no_rounds);
    polder::output::disk::check_fits(estimated, polder::output::disk::free_bytes_for(out))
        .map_err(|e| {
            bad(format!(
                "refusing {} runs into {}: {e}; use fewer --runs{}",
                args.runs,
                out.display(),
                if args.no_rounds {
                    ""
                } else {
                    " or --no-rounds"
                }
            ))
        })?;
    prepare_out(out, args.force)?;
    let pool = thread_pool(args.threads)?;
    let bar = progress(args.runs, args.quiet);

    let started = Instant::now();
    let mut tables = RunTables::create(s, out, !args.no_rounds)?;
    let mut summary = BatchSummary::default();
    stop_on_interrupt("chunk of runs");
    let mut stopped = false;
    pool.install(|| {
        polder::runner::run_replicates(
            s,
            Some(&policy),
            args.seed,
            args.runs,
            0,
            !args.no_rounds,
            |chunk| {
                tables.write(&policy.name, chunk)?;
                for r in chunk {
                    summary.push(&r.outcome, r.outcome.participant_rounds);
                }
                bar.inc(chunk.len() as u64);
                if STOP.load(Ordering::SeqCst) {
                    stopped = true;
                    return Err(anyhow::Error::new(Interrupted(String::new())));
                }
                Ok::<(), anyhow::Error>(())
            },
        )
    })
    .or_else(|e| {
        if stopped && e.downcast_ref::<Interrupted>().is_some() {
            Ok(())
        } else {
            Err(e)
        }
    })?;
    let mut written = tables.commit()?;
    written.push(scenario_file(out, s)?.commit()?);
    bar.finish_and_clear();
    if stopped {
        return Err(anyhow::Error::new(Interrupted(format!(
            "interrupted: {} of {} runs finished and written, complete and in run order, to {} (runs 0 to {}); \
             run the rest with `polder sweep` (a sweep file with `replicates = {}`), which can be resumed with `polder sweep --resume DIR`",
            summary.runs,
            args.runs,
            written
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" and "),
            summary.runs.saturating_sub(1),
            args.runs
        ))));
    }
    let secs = started.elapsed().as_secs_f64().max(1e-9);

    if !args.quiet {
        let with_policy = if policy.name == "none" {
            String::new()
        } else {
            format!(", policy {}", policy.name)
        };
        eprintln!(
            "polder: {} runs of \"{}\" (seed {}{with_policy}) in {:.2} s on {} threads: {:.0} runs/s, {:.2} M participant-rounds/s",
            summary.runs,
            s.name,
            args.seed,
            secs,
            pool.current_num_threads(),
            summary.runs as f64 / secs,
            summary.participant_rounds as f64 / secs / 1e6
        );
        for w in &written {
            println!("wrote {}", w.display());
        }
        print_summary(&summary);
        if policy.name != "none" {
            println!(
                "manager         policy {}: {:.1} interventions and {:.1} budget units per run ({:.2} units per round)",
                policy.name,
                summary.interventions.mean(),
                summary.budget_spent.mean(),
                summary.budget_spent.mean() / summary.rounds.mean().max(1.0)
            );
        }
    }
    Ok(())
}

/// The policy names `polder compare` plays: those given, or with `all` every built-in policy
/// and the policies every one of the scenarios defines.
fn policy_names(scenarios: &[Scenario], args: &CompareArgs) -> Vec<String> {
    if !(args.policies.len() == 1 && args.policies[0].trim() == "all") {
        return args.policies.clone();
    }
    let own = scenarios[0]
        .policies
        .iter()
        .map(|p| p.name.clone())
        .filter(|name| {
            scenarios
                .iter()
                .all(|s| s.policies.iter().any(|q| &q.name == name))
        });
    polder::policy::builtin_names()
        .into_iter()
        .map(str::to_string)
        .chain(own)
        .collect()
}

/// The policies of `polder compare` in scenario `s`, in the order given, with the baseline's
/// index (the baseline is put first if it was not listed).
pub(crate) fn compared_policies(
    s: &Scenario,
    names: &[String],
    baseline: &str,
) -> anyhow::Result<(Vec<PolicySpec>, usize)> {
    let mut policies: Vec<PolicySpec> = Vec::with_capacity(names.len() + 1);
    for name in names {
        let p = resolve_policy("--policies", name.trim(), s)?;
        if policies.iter().any(|q| q.name == p.name) {
            return Err(bad(format!(
                "--policies: policy \"{}\" is listed twice; list each policy once",
                p.name
            )));
        }
        policies.push(p);
    }
    let baseline = resolve_policy("--baseline", baseline.trim(), s)?;
    let index = match policies.iter().position(|p| p.name == baseline.name) {
        Some(i) => i,
        None => {
            policies.insert(0, baseline);
            0
        }
    };
    Ok((policies, index))
}

/// Every scenario's policies, checked before anything runs; with several scenarios a message
/// names the scenario a policy is missing from.
fn policies_of_each(
    scenarios: &[Scenario],
    args: &CompareArgs,
) -> anyhow::Result<Vec<(Vec<PolicySpec>, usize)>> {
    let names = policy_names(scenarios, args);
    scenarios
        .iter()
        .zip(&args.scenarios)
        .map(|(s, path)| {
            compared_policies(s, &names, &args.baseline).map_err(|e| {
                if scenarios.len() > 1 {
                    bad(format!("{}: {e}", path.display()))
                } else {
                    e
                }
            })
        })
        .collect()
}

pub(crate) fn compare_policies(
    scenarios: &[Scenario],
    args: &CompareArgs,
    out: &Path,
) -> anyhow::Result<()> {
    check_counts(args.runs, 2, args.threads)?;
    let plays = policies_of_each(scenarios, args)?;
    check_compare_fits(scenarios, &plays, args, out)?;
    prepare_out(out, args.force)?;
    let pool = thread_pool(args.threads)?;
    let total: u64 = plays
        .iter()
        .map(|(p, b)| compare::simulations(p.len(), *b, args.runs))
        .sum();
    let bar = progress(total, args.quiet);

    let started = Instant::now();
    let mut tables = RunTables::create(&scenarios[0], out, false)?;
    let mut participant_rounds = 0u64;
    let mut results = Vec::with_capacity(scenarios.len());
    for (k, (s, (policies, baseline))) in scenarios.iter().zip(&plays).enumerate() {
        tables.set_scenario(s);
        let first = (k * policies.len()) as u64 * args.runs;
        let result = pool.install(|| {
            compare::compare_from(
                s,
                policies,
                *baseline,
                args.seed,
                args.runs,
                first,
                |info: ChunkInfo, chunk| {
                    if !info.prepass {
                        tables.write(&policies[info.policy].name, chunk)?;
                    }
                    participant_rounds += chunk
                        .iter()
                        .map(|r| r.outcome.participant_rounds)
                        .sum::<u64>();
                    bar.inc(chunk.len() as u64);
                    Ok::<(), anyhow::Error>(())
                },
            )
        })?;
        results.push(result);
    }
    let ranks: Vec<compare::Ranks> = results.iter().map(compare::Comparison::ranks).collect();
    let named: Vec<(&str, &compare::Comparison, &compare::Ranks)> = scenarios
        .iter()
        .zip(&results)
        .zip(&ranks)
        .map(|((s, c), r)| (s.name.as_str(), c, r))
        .collect();
    let summary = compare_table(&named, out)?;
    let mut written = tables.commit()?;
    written.push(summary.commit()?);
    if let [s] = scenarios {
        written.push(scenario_file(out, s)?.commit()?);
    }
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64().max(1e-9);

    if !args.quiet {
        let rate = (total as f64 / secs, participant_rounds as f64 / secs / 1e6);
        print_comparison(
            scenarios,
            &plays,
            args,
            (secs, rate),
            pool.current_num_threads(),
            &written,
            &named,
        );
    }
    Ok(())
}

/// Refuse a comparison whose work or output would exceed the limits (before anything is written).
fn check_compare_fits(
    scenarios: &[Scenario],
    plays: &[(Vec<PolicySpec>, usize)],
    args: &CompareArgs,
    out: &Path,
) -> anyhow::Result<()> {
    let work: f64 = scenarios
        .iter()
        .zip(plays)
        .map(|(s, (policies, _))| {
            policies.len() as f64
                * args.runs as f64
                * polder::output::disk::worst_participant_rounds(s)
        })
        .sum();
    check_work(
        &format!(
            "{} policies x {} runs",
            plays.iter().map(|(p, _)| p.len()).sum::<usize>(),
            args.runs
        ),
        work,
        args.threads,
        polder::output::disk::MAX_PARTICIPANT_ROUNDS,
        args.allow_long,
        args.quiet,
    )?;
    let estimated: f64 = scenarios
        .iter()
        .zip(plays)
        .flat_map(|(s, (policies, _))| {
            policies
                .iter()
                .map(move |p| estimate_run_bytes(s, Some(p), args.seed, args.runs, false))
        })
        .sum();
    let count = plays[0].0.len();
    polder::output::disk::check_fits(estimated, polder::output::disk::free_bytes_for(out))
        .map_err(|e| {
            bad(format!(
                "refusing {count} policies x {} runs into {}: {e}; use fewer --runs",
                args.runs,
                out.display()
            ))
        })?;
    Ok(())
}

/// The comparison's lines on the terminal: what ran how fast, the files, and each report.
fn print_comparison(
    scenarios: &[Scenario],
    plays: &[(Vec<PolicySpec>, usize)],
    args: &CompareArgs,
    (secs, rate): (f64, (f64, f64)),
    threads: usize,
    written: &[PathBuf],
    named: &[(&str, &compare::Comparison, &compare::Ranks)],
) {
    let count = plays[0].0.len();
    let of = match scenarios {
        [s] => format!("\"{}\"", s.name),
        _ => format!("{} scenarios", scenarios.len()),
    };
    eprintln!(
        "polder: {count} policies x {} runs of {of} (seed {}, baseline {}) in {:.2} s on {} threads: {:.0} runs/s, {:.2} M participant-rounds/s",
        args.runs, args.seed, plays[0].0[plays[0].1].name, secs, threads, rate.0, rate.1
    );
    for w in written {
        println!("wrote {}", w.display());
    }
    for (name, c, r) in named {
        if named.len() > 1 {
            println!("\n== {name}");
        }
        print!("{}", compare_report(c, r));
    }
    if named.len() > 1 {
        let each: Vec<(&str, &compare::Comparison)> =
            named.iter().map(|(n, c, _)| (*n, *c)).collect();
        print!("{}", polder::output::report::across_report(&each));
    }
}

/// `polder policies [SCENARIO]`.
pub(crate) fn list_policies(scenario: Option<&Path>) -> anyhow::Result<()> {
    let loaded = match scenario {
        Some(path) => Some((path, load_scenario(path).map_err(|e| bad(e.to_string()))?)),
        None => None,
    };
    print!(
        "{}",
        policies_report(loaded.as_ref().map(|(path, s)| (*path, s)))
    );
    Ok(())
}

/// Estimated bytes of runs.csv (and rounds.csv if `with_rounds`) for `runs` replicates of one
/// policy, from a calibration of up to 32 replicates played now (their rows are formatted
/// exactly as the writers would).
pub(crate) fn estimate_run_bytes(
    scenario: &polder::Scenario,
    policy: Option<&polder::policy::PolicySpec>,
    seed: u64,
    runs: u64,
    with_rounds: bool,
) -> f64 {
    use polder::output::csv::{round_row, run_row};
    let sample = runs.clamp(1, 32);
    let name = policy.map(|p| p.name.as_str()).unwrap_or("none");
    let row_bytes = |fields: &[String]| fields.iter().map(|f| f.len() + 1).sum::<usize>();
    let mut bytes = 0usize;
    for r in 0..sample {
        let res = polder::runner::run_one(
            scenario,
            policy,
            r,
            polder::RunSeed::new(seed, 0, r),
            with_rounds,
        );
        // a row that cannot be written counts 0 here; the writer refuses it with its reason
        bytes += row_bytes(&run_row(scenario, name, &res).unwrap_or_default());
        for rec in &res.rounds {
            bytes += row_bytes(&round_row(scenario, r, rec).unwrap_or_default());
        }
    }
    bytes as f64 / sample as f64 * runs as f64
}
