//! `polder trace` and `polder report`.

use std::path::PathBuf;

use super::args::*;
use super::common::*;
use polder::scenario::Scenario;
use polder::text::Lang;
use polder::trace;

/// `polder trace`: tell one run (or two side by side) on stdout; with --out also write it for
/// `polder report`.
pub(crate) fn trace(s: &Scenario, args: &TraceArgs) -> anyhow::Result<()> {
    let policy = resolve_policy("--policy", &args.policy, s)?;
    let versus = match &args.versus {
        Some(name) => Some(resolve_policy("--versus", name, s)?),
        None => None,
    };
    if versus.as_ref().is_some_and(|v| v.name == policy.name) {
        return Err(bad(format!(
            "--versus names the same policy as --policy ({}); choose a different one to compare",
            policy.name
        )));
    }
    if args.run > polder::rng::MAX_REPLICATE {
        return Err(bad(format!(
            "--run {} is more than the {} replicates a seed can address",
            args.run,
            polder::rng::MAX_REPLICATE
        )));
    }
    let plays = if versus.is_some() { 2.0 } else { 1.0 };
    check_work(
        &format!(
            "a trace of {} parties up to round {}",
            s.participants.count,
            s.process.deadline()
        ),
        plays * polder::output::disk::worst_participant_rounds(s),
        Some(1),
        polder::output::disk::MAX_TRACE_PARTICIPANT_ROUNDS,
        args.allow_long,
        false,
    )?;
    let lang = Lang::from(args.lang);
    if let Some(out) = &args.out {
        prepare_out(out, args.force)?;
    }
    let seed = polder::RunSeed::new(args.seed, 0, args.run);
    let a = trace::record(s, Some(&policy), seed);
    let b = versus.as_ref().map(|v| trace::record(s, Some(v), seed));
    let text = match &b {
        None => trace::narrate(s, &a, lang).text(),
        Some(b) => trace::versus::narrate_versus(s, &a, b, lang),
    };
    print!("{text}");
    if let Some(out) = &args.out {
        let traces: Vec<&trace::Trace> = std::iter::once(&a).chain(b.as_ref()).collect();
        let manifest = trace::files::Manifest::of(s, &args.scenario, lang, &traces);
        for w in trace::files::write(out, s, &manifest, &traces, &text)? {
            eprintln!("wrote {}", w.display());
        }
    }
    Ok(())
}

/// `polder report`: one self-contained HTML file from a results directory.
pub(crate) fn report(args: &ReportArgs) -> anyhow::Result<()> {
    let lang = args.lang.map(Lang::from);
    if !args.results.is_dir() {
        let what = if args.results.exists() {
            "is not a directory"
        } else {
            "does not exist"
        };
        return Err(bad(format!(
            "the results directory {} {what}; give a directory written by `polder run`, `compare`, `sweep` or `trace --out`",
            args.results.display()
        )));
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| args.results.join("report.html"));
    if out.is_dir() {
        return Err(bad(format!(
            "-o {} is a directory; give the HTML file to write, e.g. report.html",
            out.display()
        )));
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(bad(format!(
            "cannot write {}: the directory {} does not exist",
            out.display(),
            parent.display()
        )));
    }
    polder::report::files::may_replace_with_report(&out, args.force).map_err(bad)?;
    let report = polder::report::build(&args.results, lang).map_err(|e| match e {
        polder::report::ReportError::Input(e) => anyhow::Error::new(BadInput(e)),
        other => anyhow::Error::new(other),
    })?;
    let mut file =
        polder::output::atomic::AtomicFile::create(&out).map_err(|e| bad(e.to_string()))?;
    std::io::Write::write_all(&mut file, report.html.as_bytes())?;
    let written = file.commit()?;
    println!(
        "wrote {} ({} report, {} charts)",
        written.display(),
        report.kind.key(),
        report.charts
    );
    Ok(())
}
