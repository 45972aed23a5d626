//! Setting a scenario parameter by its dotted path (`archetypes.saboteur_share`,
//! `domains.procedural.initial`, `process.phases[2].rounds`).
//!
//! The base scenario is serialised to a TOML table once; a design point is that table with the
//! varied values set at their paths, deserialised back into a [`Scenario`] and validated. Every
//! check the scenario file itself gets therefore also applies to every design point.

use std::fmt;

use toml::{Table, Value};

use crate::scenario::Scenario;

/// What kind of value a parameter takes, from the field's type in the scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// A real number.
    Float,
    /// A whole number (e.g. `participants.count`): design values are rounded.
    Integer,
    /// A name out of a fixed set (e.g. `process.decision_rule`).
    Text,
    /// `true` or `false`.
    Bool,
}

impl ParamType {
    pub const fn key(self) -> &'static str {
        match self {
            ParamType::Float => "float",
            ParamType::Integer => "integer",
            ParamType::Text => "string",
            ParamType::Bool => "bool",
        }
    }

    /// The type with its article, for messages ("an integer").
    pub const fn described(self) -> &'static str {
        match self {
            ParamType::Float => "a number",
            ParamType::Integer => "an integer",
            ParamType::Text => "a string",
            ParamType::Bool => "a boolean",
        }
    }

    pub const fn is_numeric(self) -> bool {
        matches!(self, ParamType::Float | ParamType::Integer)
    }
}

impl fmt::Display for ParamType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

fn parse_path(path: &str) -> Result<Vec<Seg>, String> {
    let bad = || {
        format!(
            "`{path}` is not a parameter path; expected keys joined by dots, with [i] for an element of a list, e.g. `archetypes.saboteur_share` or `process.phases[1].rounds`"
        )
    };
    let mut segs = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if key.is_empty()
            || !key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(bad());
        }
        segs.push(Seg::Key(key.to_string()));
        while !rest.is_empty() {
            let close = rest.find(']').ok_or_else(bad)?;
            let idx: usize = rest[1..close].parse().map_err(|_| bad())?;
            segs.push(Seg::Index(idx));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(bad());
            }
        }
    }
    Ok(segs)
}

fn get<'a>(table: &'a Table, segs: &[Seg]) -> Option<&'a Value> {
    let (Seg::Key(first), rest) = segs.split_first()? else {
        return None;
    };
    let mut v = table.get(first)?;
    for s in rest {
        v = match (s, v) {
            (Seg::Key(k), Value::Table(t)) => t.get(k)?,
            (Seg::Index(i), Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

/// Set the value at `segs`; everything before the last key must exist.
fn set(table: &mut Table, segs: &[Seg], value: Value) -> Result<(), ()> {
    let (last, init) = segs.split_last().ok_or(())?;
    if init.is_empty() {
        let Seg::Key(k) = last else { return Err(()) };
        table.insert(k.clone(), value);
        return Ok(());
    }
    let Seg::Key(first) = &init[0] else {
        return Err(());
    };
    let mut v = table.get_mut(first).ok_or(())?;
    for s in &init[1..] {
        v = match (s, v) {
            (Seg::Key(k), Value::Table(t)) => t.get_mut(k).ok_or(())?,
            (Seg::Index(i), Value::Array(a)) => a.get_mut(*i).ok_or(())?,
            _ => return Err(()),
        };
    }
    match (last, v) {
        (Seg::Key(k), Value::Table(t)) => {
            t.insert(k.clone(), value);
            Ok(())
        }
        (Seg::Index(i), Value::Array(a)) if *i < a.len() => {
            a[*i] = value;
            Ok(())
        }
        _ => Err(()),
    }
}

/// Every path to a single value in `table` (tables and lists are walked into).
fn leaf_paths(table: &Table) -> Vec<String> {
    fn walk(prefix: &str, v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Table(t) => {
                for (k, v) in t {
                    let p = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    walk(&p, v, out);
                }
            }
            Value::Array(a) if a.iter().any(|x| x.is_table()) => {
                for (i, v) in a.iter().enumerate() {
                    walk(&format!("{prefix}[{i}]"), v, out);
                }
            }
            _ => out.push(prefix.to_string()),
        }
    }
    let mut out = Vec::new();
    walk("", &Value::Table(table.clone()), &mut out);
    out
}

/// The base scenario as a table, ready to take design values.
#[derive(Debug, Clone)]
pub struct BaseTable {
    table: Table,
}

/// A parameter path resolved against the base scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedPath {
    segs: Vec<Seg>,
    /// The type of the value the base scenario has there (text values are checked by
    /// deserialising the design point).
    pub kind: ParamType,
}

impl BaseTable {
    /// The table of `s` with every default filled in ([`Scenario::resolved`]), so that every
    /// parameter has a path and a current value.
    pub fn new(s: &Scenario) -> Result<Self, String> {
        let table = Table::try_from(s.resolved())
            .map_err(|e| format!("cannot serialise the scenario: {e}"))?;
        Ok(Self { table })
    }

    /// The number at `path` in this scenario, if there is one.
    pub fn number_at(&self, path: &str) -> Option<f64> {
        let segs = parse_path(path).ok()?;
        match get(&self.table, &segs)? {
            Value::Integer(i) => Some(*i as f64),
            Value::Float(x) => Some(*x),
            _ => None,
        }
    }

    /// Resolve `path`: it must name a single value of the scenario. The error lists nearby
    /// valid paths.
    pub fn resolve(&self, path: &str) -> Result<ResolvedPath, String> {
        let segs = parse_path(path)?;
        match get(&self.table, &segs) {
            Some(Value::Table(_)) | Some(Value::Array(_)) => {
                let under: Vec<String> = leaf_paths(&self.table)
                    .into_iter()
                    .filter(|p| p.starts_with(path))
                    .take(8)
                    .collect();
                Err(format!(
                    "`{path}` is a table or a list, not a single value; paths under it: {}",
                    under.join(", ")
                ))
            }
            Some(v) => {
                let kind = match v {
                    Value::Integer(_) => ParamType::Integer,
                    Value::Float(_) => ParamType::Float,
                    Value::String(_) => ParamType::Text,
                    Value::Boolean(_) => ParamType::Bool,
                    _ => return Err(format!("`{path}` cannot be varied in a sweep")),
                };
                Ok(ResolvedPath { segs, kind })
            }
            None => Err(format!(
                "unknown parameter path `{path}`; nearby valid paths: {}",
                self.nearby(path).join(", ")
            )),
        }
    }

    /// Up to five valid paths closest to `path`.
    pub fn nearby(&self, path: &str) -> Vec<String> {
        let all = leaf_paths(&self.table);
        let last = path.rsplit('.').next().unwrap_or(path);
        let mut scored: Vec<(usize, String)> = all
            .into_iter()
            .map(|p| {
                let tail = p.rsplit('.').next().unwrap_or(&p).to_string();
                let d = strsim::levenshtein(path, &p).min(strsim::levenshtein(last, &tail) + 2);
                (d, p)
            })
            .collect();
        scored.sort();
        scored.into_iter().take(5).map(|(_, p)| p).collect()
    }

    /// The scenario with `values` set at `paths`; an error says which field is invalid.
    pub fn scenario(&self, values: &[(&ResolvedPath, Value)]) -> Result<Scenario, PointInvalid> {
        let mut t = self.table.clone();
        for (p, v) in values {
            set(&mut t, &p.segs, v.clone()).map_err(|()| PointInvalid {
                field: None,
                message: "cannot set the value".into(),
            })?;
        }
        let s: Scenario =
            Value::Table(t)
                .try_into()
                .map_err(|e: toml::de::Error| PointInvalid {
                    field: None,
                    message: e.message().trim_end().to_string(),
                })?;
        s.validate().map_err(|inv| PointInvalid {
            field: Some(inv.field),
            message: inv.message,
        })?;
        Ok(s)
    }
}

/// Why a design point gives no valid scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct PointInvalid {
    /// The scenario field that failed validation, when one is to blame.
    pub field: Option<String>,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> BaseTable {
        BaseTable::new(&crate::parse_scenario("name = \"t\"\n", std::path::Path::new("t")).unwrap())
            .unwrap()
    }

    #[test]
    fn paths_resolve_with_their_types() {
        let b = base();
        assert_eq!(
            b.resolve("archetypes.saboteur_share").unwrap().kind,
            ParamType::Float
        );
        assert_eq!(
            b.resolve("participants.count").unwrap().kind,
            ParamType::Integer
        );
        assert_eq!(
            b.resolve("process.decision_rule").unwrap().kind,
            ParamType::Text
        );
        assert_eq!(
            b.resolve("process.phases[1].rounds").unwrap().kind,
            ParamType::Integer
        );
        assert_eq!(
            b.resolve("compensation.below_lower_bound").unwrap().kind,
            ParamType::Bool
        );
        // a field the scenario leaves out, at its default
        use crate::intervention::Intervention;
        use crate::participant::kind::PartyKind;
        let market = crate::scenario::KindProfile::default_for(PartyKind::Market);
        assert_eq!(b.number_at("kinds.market.loyalty"), Some(market.loyalty));
        assert_eq!(
            b.number_at("interventions.survey.cost"),
            Some(Intervention::Survey.default_cost())
        );
        assert_eq!(
            b.resolve("kinds.market.loyalty").unwrap().kind,
            ParamType::Float
        );
    }

    #[test]
    fn unknown_paths_suggest_nearby_ones() {
        let b = base();
        let e = b.resolve("archetypes.saboteur_shar").unwrap_err();
        assert!(e.contains("archetypes.saboteur_share"), "{e}");
        let e = b.resolve("kinds.market.loyality").unwrap_err();
        assert!(e.contains("kinds.market.loyalty"), "{e}");
        assert!(
            b.resolve("archetypes")
                .unwrap_err()
                .contains("not a single value")
        );
        assert!(b.resolve("a..b").is_err());
        assert!(b.resolve("process.phases[9].rounds").is_err());
    }

    #[test]
    fn values_are_set_and_validated() {
        let b = base();
        let p = b.resolve("archetypes.saboteur_share").unwrap();
        let s = b.scenario(&[(&p, Value::Float(0.2))]).unwrap();
        assert_eq!(s.archetypes.saboteur_share, 0.2);
        let e = b.scenario(&[(&p, Value::Float(1.5))]).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("archetypes.saboteur_share"));
        let r = b.resolve("process.decision_rule").unwrap();
        let s = b
            .scenario(&[(&r, Value::String("majority".into()))])
            .unwrap();
        assert_eq!(s.process.decision_rule.key(), "majority");
        assert!(
            b.scenario(&[(&r, Value::String("unanimity".into()))])
                .is_err()
        );
    }
}
