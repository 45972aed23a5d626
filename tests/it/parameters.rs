//! docs/model.md's parameter table (section 8) and its intervention table (7.21) are the one
//! place a reader learns every parameter; the code's defaults and validation are the other. This
//! test holds them together: every scenario field has a row, every row names a field, every
//! default the table states is the code's default, and every range it states is what validation
//! enforces at both ends.

use std::collections::BTreeMap;
use std::path::Path;

use polder::Scenario;
use polder::intervention::Intervention;
use polder::participant::PartyKind;
use polder::sweep::params::BaseTable;

/// The defaults with the one field that has none, the name.
fn named_default() -> Scenario {
    polder::parse_scenario("name = \"t\"\n", Path::new("t.toml")).unwrap()
}

/// One row of a markdown table: its cells, trimmed.
fn cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_matches('|')
        .split(" | ")
        .map(|c| c.trim().to_string())
        .collect()
}

/// The rows of section 8's table: (path, default cell, range cell), with the
/// "`a.b.x`, `.y`, `.z`" shorthand expanded.
fn section_8() -> Vec<(String, String, String)> {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/model.md"))
        .unwrap();
    let start = doc.find("## 8. Parameter table").expect("section 8");
    let end = start + doc[start..].find("\n## 9.").expect("section 9");
    let mut rows = Vec::new();
    for line in doc[start..end].lines().filter(|l| l.starts_with("| `")) {
        let c = cells(line);
        let names: Vec<&str> = c[0].split(", ").map(|n| n.trim_matches('`')).collect();
        let first = names[0];
        let stem = &first[..first.rfind('.').map_or(0, |i| i)];
        for n in &names {
            let path = if let Some(tail) = n.strip_prefix('.') {
                format!("{stem}.{tail}")
            } else {
                n.to_string()
            };
            rows.push((path, c[2].clone(), c[3].clone()));
        }
    }
    rows
}

/// Every single value of the default scenario by its dotted path, kind fields and intervention
/// settings resolved to the values the model uses.
fn code_defaults() -> BTreeMap<String, toml::Value> {
    fn walk(prefix: &str, v: &toml::Value, out: &mut BTreeMap<String, toml::Value>) {
        match v {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&p, v, out);
                }
            }
            toml::Value::Array(a) if a.iter().any(toml::Value::is_table) => {
                for v in a {
                    walk(&format!("{prefix}[i]"), v, out);
                }
            }
            _ => {
                out.insert(prefix.to_string(), v.clone());
            }
        }
    }
    let s = named_default();
    let mut out = BTreeMap::new();
    walk(
        "",
        &toml::Value::Table(toml::Table::try_from(&s).unwrap()),
        &mut out,
    );
    // a phase's fields default per phase, whatever the default list of phases holds
    let phase: polder::scenario::PhaseSpec = toml::from_str("name = \"p\"\nrounds = 1\n").unwrap();
    walk(
        "process.phases[i]",
        &toml::Value::Table(toml::Table::try_from(&phase).unwrap()),
        &mut out,
    );
    for kind in PartyKind::ALL {
        let p = s.kinds.profile(kind);
        let k = kind.key();
        for (field, value) in [
            ("share", p.share),
            ("position", p.position),
            ("position_spread", p.position_spread),
            ("loyalty", p.loyalty),
            ("willingness", p.willingness),
            ("topic_identification", p.topic_identification),
            ("outside_option", p.outside_option),
        ] {
            out.insert(format!("kinds.{k}.{field}"), toml::Value::Float(value));
        }
    }
    out
}

/// The number a default cell starts with ("0.3", "−0.2", "3"), if it starts with one.
fn number(cell: &str) -> Option<f64> {
    let t = cell.replace('−', "-");
    let n: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | 'e'))
        .collect();
    n.parse().ok()
}

fn as_number(v: &toml::Value) -> Option<f64> {
    match v {
        toml::Value::Float(x) => Some(*x),
        toml::Value::Integer(i) => Some(*i as f64),
        _ => None,
    }
}

#[test]
fn every_field_has_a_row_and_every_row_a_field() {
    let rows: Vec<String> = section_8().into_iter().map(|r| r.0).collect();
    let code = code_defaults();
    // fields the table documents as a whole rather than one value at a time
    let covered = |path: &str| {
        rows.iter().any(|r| r == path)
            || rows.iter().any(|r| r.starts_with(&format!("{path}[")))
            || (path.starts_with("interventions.")
                && rows.iter().any(|r| {
                    r == &format!("interventions.NAME.{}", path.rsplit('.').next().unwrap())
                }))
    };
    let missing: Vec<&String> = code.keys().filter(|p| !covered(p)).collect();
    assert!(
        missing.is_empty(),
        "scenario fields without a row in docs/model.md section 8: {missing:?}"
    );
    let stale: Vec<&String> = rows
        .iter()
        .filter(|r| {
            !code.contains_key(*r)
                && !code.keys().any(|p| p.starts_with(&format!("{r}.")))
                && !r.contains("NAME")
                && !r.starts_with("policies[")
                && ![
                    "process.phases",
                    "process.phases[i].name",
                    "process.phases[i].rounds",
                ]
                .contains(&r.as_str())
        })
        .collect();
    assert!(
        stale.is_empty(),
        "rows of section 8 that name no scenario field: {stale:?}"
    );
}

#[test]
fn every_stated_default_is_the_codes_default() {
    let code = code_defaults();
    let mut checked = 0;
    for (path, default, _) in section_8() {
        let Some(value) = code.get(&path) else {
            continue;
        };
        if default.contains("required") || default.contains("optional") {
            // fields without a default: a scenario's name, each phase's name and length; and
            // optional labels (a phase's Dutch name), which the default phases fill in
            continue;
        }
        match (number(&default), as_number(value)) {
            (Some(doc), Some(code)) => {
                assert!(
                    (doc - code).abs() <= 1e-12 * code.abs().max(1.0),
                    "{path}: docs/model.md says {default}, the code's default is {code}"
                );
                checked += 1;
            }
            (None, Some(code)) => panic!("{path}: the default cell `{default}` is not {code}"),
            (_, None) => {
                let shown = match value {
                    toml::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let default = if default == "empty" { "" } else { &default };
                assert!(
                    default.trim_matches('`').trim_matches('"') == shown
                        || default.contains(&format!("`{shown}`")),
                    "{path}: docs/model.md says {default}, the code's default is {shown}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 150, "only {checked} defaults compared");
}

/// The "a..b" a range cell starts with (after "integer "), or "above a, at most b".
fn bounds(cell: &str) -> Option<(f64, bool, f64, bool)> {
    let t = cell.replace('−', "-");
    if let Some(rest) = t.strip_prefix("above ") {
        let (a, b) = rest.split_once(", at most ")?;
        return Some((a.parse().ok()?, false, b.parse().ok()?, true));
    }
    let t = t.strip_prefix("integer ").unwrap_or(&t);
    let head: String = t
        .chars()
        .take_while(|c| !matches!(c, ' ' | ';' | ','))
        .collect();
    let (a, b) = head.split_once("..")?;
    Some((a.parse().ok()?, true, b.parse().ok()?, true))
}

#[test]
fn every_stated_range_is_what_validation_enforces() {
    let base = BaseTable::new(&named_default()).unwrap();
    let code = code_defaults();
    let mut checked = 0;
    for (path, _, range) in section_8() {
        let Some((lo, lo_closed, hi, hi_closed)) = bounds(&range) else {
            continue;
        };
        let Some(value) = code.get(&path) else {
            continue;
        };
        let integer = matches!(value, toml::Value::Integer(_));
        let named = path.replace("[i]", "[0]");
        let resolved = base.resolve(&named).unwrap();
        let step = if integer {
            1.0
        } else {
            1e-9 * hi.abs().max(1.0)
        };
        let below = if lo_closed { lo - step } else { lo };
        let above = if hi_closed { hi + step } else { hi };
        for outside in [below, above] {
            let v = if integer {
                toml::Value::Integer(outside as i64)
            } else {
                toml::Value::Float(outside)
            };
            let err = base
                .scenario(&[(&resolved, v)])
                .err()
                .unwrap_or_else(|| panic!("{path} = {outside} is accepted; docs say {range}"));
            assert!(
                err.field.as_deref() == Some(named.as_str())
                    || err.message.contains(&named)
                    // a negative whole number for an unsigned field fails at reading
                    || (integer && outside < 0.0 && err.message.contains("expected u")),
                "{path} = {outside}: refused for another field: {err:?}"
            );
        }
        // where the cell states nothing but the range, its ends are accepted
        let bare = range.replace('−', "-");
        let bare = bare.strip_prefix("integer ").unwrap_or(&bare);
        let plain = bare
            .split_once("..")
            .is_some_and(|(a, b)| a.parse::<f64>().is_ok() && b.parse::<f64>().is_ok())
            || bare.starts_with("above ");
        if plain {
            let inside = [
                if lo_closed { lo } else { lo + step },
                if hi_closed { hi } else { hi - step },
            ];
            for x in inside {
                let v = if integer {
                    toml::Value::Integer(x as i64)
                } else {
                    toml::Value::Float(x)
                };
                // (a relation with another field, listed above the table, may still refuse it,
                // but then it names that field)
                if let Err(e) = base.scenario(&[(&resolved, v)])
                    && e.field.as_deref() == Some(named.as_str())
                {
                    panic!("{path} = {x} is refused ({}); docs say {range}", e.message);
                }
            }
        }
        checked += 1;
    }
    assert!(checked > 140, "only {checked} ranges tried");
}

#[test]
fn the_intervention_table_states_the_codes_costs_and_effects() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/model.md"))
        .unwrap();
    let s = Scenario::default();
    let table = &doc[doc
        .find("| Intervention | Target | Cost | Effect |")
        .expect("7.21's table of interventions")..];
    for i in Intervention::ALL {
        let row = table
            .lines()
            .take_while(|l| l.starts_with('|'))
            .find(|l| l.starts_with(&format!("| `{}` |", i.key())))
            .unwrap_or_else(|| panic!("no row for `{}` in 7.21", i.key()));
        let c = cells(row);
        assert_eq!(number(&c[2]), Some(s.interventions.cost(i)), "{}", i.key());
        assert_eq!(
            number(&c[3]),
            Some(s.interventions.effect(i)),
            "{}",
            i.key()
        );
    }
}

/// The doc comments of the scenario's fields (src/scenario/mod.rs, what `cargo doc` shows) say
/// "Default X." for most fields: a third copy of the defaults, held to the code's here. A field
/// is found by its struct (`Constituency` -> `constituency.`, `DomainSpec` -> any domain) and
/// its name.
#[test]
fn every_default_in_a_doc_comment_is_the_codes() {
    let src =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/scenario/mod.rs"))
            .unwrap();
    let code = code_defaults();
    let section = |strukt: &str| -> String {
        let mut s = String::new();
        for (i, c) in strukt.chars().enumerate() {
            if c.is_uppercase() && i > 0 {
                s.push('_');
            }
            s.push(c.to_ascii_lowercase());
        }
        s
    };
    let (mut strukt, mut doc, mut checked) = (String::new(), String::new(), 0);
    for line in src.lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix("pub struct ") {
            strukt = rest.split([' ', '{', '<']).next().unwrap().to_string();
            doc.clear();
        } else if let Some(d) = l.strip_prefix("///") {
            doc.push_str(d);
            doc.push(' ');
        } else if let Some(rest) = l.strip_prefix("pub ") {
            let field = rest.split(':').next().unwrap().trim().to_string();
            if let Some(at) = doc.find("Default ") {
                let stated = doc[at + 8..].trim_end().trim_end_matches('.');
                let stated = stated
                    .split([' ', '(', ';'])
                    .next()
                    .unwrap()
                    .trim_end_matches(['.', ',']);
                let candidates: Vec<(&String, &toml::Value)> = code
                    .iter()
                    .filter(|(p, _)| p.ends_with(&format!(".{field}")) || **p == field)
                    .filter(|(p, _)| match strukt.as_str() {
                        "DomainSpec" => p.starts_with("domains."),
                        "PhaseSpec" => p.starts_with("process.phases[i]."),
                        "EssentialParties" => p.starts_with("inclusion.essential_parties."),
                        s => p.starts_with(&format!("{}.", section(s))),
                    })
                    .collect();
                if let Some((path, value)) = candidates.first() {
                    let matches = match (stated.parse::<f64>(), as_number(value)) {
                        (Ok(doc), Some(code)) => (doc - code).abs() <= 1e-12 * code.abs().max(1.0),
                        _ => stated.trim_matches('"') == value.to_string().trim_matches('"'),
                    };
                    assert!(
                        matches,
                        "src/scenario/mod.rs, {strukt}.{field}: the doc comment says Default {stated}, the code's default of {path} is {value}"
                    );
                    checked += 1;
                }
            }
            doc.clear();
        } else if !l.starts_with("#[") {
            doc.clear();
        }
    }
    assert!(checked > 80, "only {checked} doc-comment defaults compared");
}
