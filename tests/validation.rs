//! The validation suite of issue 6: every claim of the seed article, as an experiment on the
//! model, must pass. 2000 replicates per arm (the default of `polder validate`), fixed master
//! seed; each claim passes only when the 95% confidence interval of the paired difference lies on
//! the expected side of 0. The observed values are printed (run with `--nocapture` to see them,
//! or run `polder validate`).

use polder::validation::{Options, render, run_all};

#[test]
fn every_claim_of_the_seed_holds() {
    let options = Options::default();
    assert_eq!(options.runs, 2000);
    let results = run_all(&options);
    let table = render(&results, &options);
    println!("{table}");
    assert_eq!(results.len(), 18);
    let failed: Vec<u8> = results.iter().filter(|r| !r.passed).map(|r| r.id).collect();
    assert!(failed.is_empty(), "claims {failed:?} failed:\n{table}");
}
