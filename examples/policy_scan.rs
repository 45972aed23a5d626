use polder::outcome::NoObserver;
use polder::runner::simulate_policy;
use polder::{RunSeed, load_scenario};
use rayon::prelude::*;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let s = load_scenario(std::path::Path::new(&args[1])).unwrap();
    let runs: u64 = args.get(2).map(|x| x.parse().unwrap()).unwrap_or(1000);
    for name in polder::policy::builtin_names() {
        let p = polder::policy::resolve(name, &s.policies).unwrap();
        let o: Vec<_> = (0..runs)
            .into_par_iter()
            .map(|r| simulate_policy(&s, Some(&p), RunSeed::new(1, 0, r), &mut NoObserver))
            .collect();
        let n = o.len() as f64;
        let agr = o.iter().filter(|x| x.agreement).count() as f64 / n;
        let rat = o.iter().filter(|x| x.ratified).count() as f64 / n;
        let drop = o.iter().map(|x| x.dropout_rate).sum::<f64>() / n;
        let spent = o
            .iter()
            .map(|x| x.budget_spent / x.rounds as f64)
            .sum::<f64>()
            / n;
        let pt = o.iter().map(|x| x.final_table.process_trust).sum::<f64>() / n;
        let rounds = o.iter().map(|x| x.rounds as f64).sum::<f64>() / n;
        let care = o.iter().map(|x| x.careless_decisions as f64).sum::<f64>() / n;
        println!(
            "{name:14} agree {agr:.3} ratified {rat:.3} dropout {drop:.3} pt {pt:.3} rounds {rounds:.1} spent/round {spent:.2} careless {care:.2}"
        );
    }
}
