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
    // docs/validation.md shows this very output: it must be what the command prints now
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/validation.md"),
    )
    .expect("docs/validation.md");
    let start = doc
        .find("```\nValidation against the seed's claims")
        .expect("the output block in docs/validation.md")
        + 4;
    let end = start + doc[start..].find("\n```").expect("the end of the block");
    assert_eq!(
        doc[start..end].trim_end(),
        table.trim_end(),
        "docs/validation.md shows an older output of `polder validate`; paste the new one"
    );
}
