//! The sweep file: which scenario, which parameters to vary and how, which policies, how many
//! replicates. Read with serde (unknown fields are errors) and checked once; every error names
//! the sweep file, the field and the line.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::{Spanned, Value};

use super::params::{BaseTable, ParamType, ResolvedPath};
use crate::error::InputError;
use crate::input::Table;
use crate::policy::{self, PolicySpec};
use crate::scenario::{Scenario, load_scenario};

/// Why a sweep file cannot be used. Display names the file, the line and the field.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepFileError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for SweepFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        InputError::from(self.clone()).fmt(f)
    }
}

impl From<SweepFileError> for InputError {
    fn from(e: SweepFileError) -> Self {
        InputError {
            what: "invalid sweep file",
            file: Some(e.file),
            line: e.line,
            field: e.field,
            message: e.message,
        }
    }
}

impl std::error::Error for SweepFileError {}

impl SweepSpec {
    /// An error in this sweep file, at `line`, in `field`.
    pub fn error(&self, line: Option<usize>, field: &str, message: String) -> SweepFileError {
        SweepFileError {
            file: self.file.clone(),
            line,
            field: Some(field.to_string()),
            message,
        }
    }
}

/// Most design points a sweep may have (the design matrix is held in memory).
pub const MAX_POINTS: u64 = 1_000_000;

/// Largest number of replicates per design point and policy.
pub const MAX_REPLICATES: u64 = 1 << 32;

/// How the design points are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DesignKind {
    /// Every combination of the listed values (full factorial grid).
    Factorial,
    /// Latin hypercube sampling over ranges: each of `samples` equal strata of every parameter
    /// holds exactly one point.
    Lhs,
    /// The first `samples` points of the Sobol sequence over ranges.
    Sobol,
    /// Saltelli's scheme for Sobol sensitivity indices, in SALib's layout: for each of `samples`
    /// base points, the rows A, AB_1..AB_D, (BA_1..BA_D with `second_order`), B, from a Sobol
    /// sequence of 2D dimensions; SALib's `sobol.analyze` reads the per-point means directly.
    Saltelli,
}

impl DesignKind {
    pub const fn key(self) -> &'static str {
        match self {
            DesignKind::Factorial => "factorial",
            DesignKind::Lhs => "lhs",
            DesignKind::Sobol => "sobol",
            DesignKind::Saltelli => "saltelli",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSweep {
    #[serde(default)]
    scenario: Option<Spanned<String>>,
    /// Several base scenarios (`polder robust` only): every variant of each.
    #[serde(default)]
    scenarios: Option<Spanned<Vec<Spanned<String>>>>,
    replicates: Spanned<i64>,
    #[serde(default)]
    policies: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    seed: Option<Spanned<i64>>,
    #[serde(default)]
    design: Option<Spanned<Table<RawDesign>>>,
    parameters: Spanned<Vec<Spanned<Table<RawParam>>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDesign {
    kind: Spanned<DesignKind>,
    #[serde(default)]
    samples: Option<Spanned<i64>>,
    #[serde(default)]
    second_order: Option<Spanned<bool>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParam {
    path: Spanned<String>,
    #[serde(default)]
    name: Option<Spanned<String>>,
    #[serde(default)]
    values: Option<Spanned<Vec<Spanned<Value>>>>,
    #[serde(default)]
    start: Option<Spanned<Value>>,
    #[serde(default)]
    stop: Option<Spanned<Value>>,
    #[serde(default)]
    step: Option<Spanned<Value>>,
    #[serde(default)]
    min: Option<Spanned<Value>>,
    #[serde(default)]
    max: Option<Spanned<Value>>,
}

/// What values a parameter takes.
#[derive(Debug, Clone, PartialEq)]
pub enum Levels {
    /// Factorial: these values, in this order.
    List(Vec<Value>),
    /// LHS and Sobol: the closed range `min..=max`.
    Range { min: f64, max: f64 },
}

/// One varied parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Dotted path in the scenario.
    pub path: String,
    /// Column name in the output (the path unless the sweep file names it).
    pub column: String,
    pub kind: ParamType,
    pub levels: Levels,
    pub(crate) resolved: ResolvedPath,
    /// Line of the parameter's entry in the sweep file.
    pub line: usize,
    /// Line of its values (`values`, `start` or `min`), where a bad value is reported.
    pub values_line: usize,
    /// Its position in `parameters`.
    pub index: usize,
}

/// A checked sweep file.
#[derive(Debug, Clone)]
pub struct SweepSpec {
    /// The sweep file as given.
    pub file: PathBuf,
    pub text: String,
    /// Every base scenario's file, in the order given: one for `scenario = "..."`, several for
    /// `scenarios = [...]` (which only `polder robust` runs, one sweep per base scenario).
    pub scenarios: Vec<PathBuf>,
    /// Which of [`SweepSpec::scenarios`] this spec sweeps (the fields below are its).
    pub scenario_index: usize,
    /// The base scenario's file (relative paths are relative to the sweep file).
    pub scenario_path: PathBuf,
    pub scenario_text: String,
    pub scenario: Scenario,
    pub base: BaseTable,
    pub replicates: u64,
    /// Line of `replicates` in the sweep file.
    pub replicates_line: usize,
    pub policies: Vec<PolicySpec>,
    /// The sweep file's seed, if it sets one.
    pub seed: Option<u64>,
    pub kind: DesignKind,
    /// Points to sample (LHS, Sobol), or base samples (Saltelli).
    pub samples: Option<u64>,
    /// Saltelli: also the rows for second-order indices (default true).
    pub second_order: bool,
    pub params: Vec<Param>,
}

/// Columns runs.csv has before and after the parameter columns; parameter names may not clash.
const RESERVED: &[&str] = &["run_id", "point", "replicate", "seed", "policy", "metric"];

fn line_of(text: &str, span: std::ops::Range<usize>) -> usize {
    text[..span.start.min(text.len())].matches('\n').count() + 1
}

struct Ctx<'a> {
    file: &'a Path,
    text: &'a str,
}

impl Ctx<'_> {
    fn err(
        &self,
        span: std::ops::Range<usize>,
        field: &str,
        msg: impl Into<String>,
    ) -> SweepFileError {
        SweepFileError {
            file: self.file.to_path_buf(),
            line: Some(line_of(self.text, span)),
            field: Some(field.to_string()),
            message: msg.into(),
        }
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a float",
        Value::Boolean(_) => "a boolean",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "a list",
        Value::Table(_) => "a table",
    }
}

/// Round a grid value to 12 decimals, so that `0.1 * 3` is written as 0.3.
pub fn clean(x: f64) -> f64 {
    let r = (x * 1e12).round() / 1e12;
    if r == 0.0 { 0.0 } else { r }
}

/// Read and check a sweep file, and the scenario it names.
pub fn load_sweep(file: &Path) -> Result<SweepSpec, SweepFileError> {
    let plain = |message: String| SweepFileError {
        file: file.to_path_buf(),
        line: None,
        field: None,
        message,
    };
    let text = crate::input::read_text(file, "sweep").map_err(|u| SweepFileError {
        line: u.line,
        ..plain(u.message)
    })?;
    parse_sweep(&text, file)
}

/// Read and check a sweep file for its `index`-th base scenario (of several).
pub fn load_sweep_for(file: &Path, index: usize) -> Result<SweepSpec, SweepFileError> {
    let text = crate::input::read_text(file, "sweep").map_err(|u| SweepFileError {
        file: file.to_path_buf(),
        line: u.line,
        field: None,
        message: u.message,
    })?;
    parse_sweep_for(&text, file, index)
}

/// Parse and check sweep text; `file` names it in errors and anchors the scenario path. With
/// several base scenarios, the spec is the first's (see [`parse_sweep_for`]).
pub fn parse_sweep(text: &str, file: &Path) -> Result<SweepSpec, SweepFileError> {
    parse_sweep_for(text, file, 0)
}

/// Parse and check sweep text for its `index`-th base scenario. Every base scenario is read and
/// the policies and parameters are checked against each.
pub fn parse_sweep_for(text: &str, file: &Path, index: usize) -> Result<SweepSpec, SweepFileError> {
    let raw = read_raw(text, file)?;
    let cx = Ctx { file, text };
    let mut bases = base_scenarios(&cx, &raw)?;
    let replicates = replicates(&cx, &raw.replicates)?;
    let seed = seed(&cx, &raw.seed)?;
    // the checks in the order of a file with one base scenario, each against every base
    let mut all_policies = bases
        .iter()
        .map(|b| policies(&cx, &raw.policies, &b.scenario))
        .collect::<Result<Vec<_>, _>>()?;
    let (kind, samples, second_order) = design(&cx, &raw.design)?;
    let mut all_params = bases
        .iter()
        .map(|b| parameters(&cx, &raw.parameters, kind, &b.table))
        .collect::<Result<Vec<_>, _>>()?;
    let scenarios = bases.iter().map(|b| b.path.clone()).collect();
    if index >= bases.len() {
        return Err(SweepFileError {
            file: file.to_path_buf(),
            line: None,
            field: Some("scenarios".into()),
            message: format!(
                "has {} base scenarios, no scenario number {index}",
                bases.len()
            ),
        });
    }
    let base = bases.swap_remove(index);
    let policies = all_policies.swap_remove(index);
    let params = all_params.swap_remove(index);
    Ok(SweepSpec {
        file: file.to_path_buf(),
        text: text.to_string(),
        scenarios,
        scenario_index: index,
        scenario_path: base.path,
        scenario_text: base.text,
        scenario: base.scenario,
        base: base.table,
        replicates,
        replicates_line: line_of(text, raw.replicates.span()),
        policies,
        seed,
        kind,
        samples,
        second_order,
        params,
    })
}

/// The sweep file as TOML, with the fields it may have; a TOML error names its line and field.
fn read_raw(text: &str, file: &Path) -> Result<RawSweep, SweepFileError> {
    toml::from_str(text).map_err(|e| {
        let mut message = crate::scenario::toml_message(&e, text);
        // the base scenario is the first field a sweep file needs: without `scenario` or
        // `scenarios` that is the missing field named (as when `scenario` was the only way)
        if message.starts_with("missing field `")
            && toml::from_str::<toml::Table>(text)
                .is_ok_and(|t| !t.contains_key("scenario") && !t.contains_key("scenarios"))
        {
            message = "missing field `scenario`".to_string();
        }
        // a missing field is named by the message; its span only points at the enclosing table
        let missing = message
            .strip_prefix("missing field `")
            .and_then(|m| m.split('`').next())
            .map(str::to_string);
        let line = e.span().map(|s| line_of(text, s));
        let field = match missing {
            Some(m) => Some(m),
            None => line.and_then(|l| crate::scenario::field_at_line(text, l)),
        };
        SweepFileError {
            file: file.to_path_buf(),
            line,
            field,
            message,
        }
    })
}

/// The scenario a sweep varies, read from its file.
struct BaseScenario {
    path: PathBuf,
    text: String,
    scenario: Scenario,
    table: BaseTable,
}

/// The base scenario (`scenario`) or scenarios (`scenarios`) the sweep file names, each read.
fn base_scenarios(cx: &Ctx<'_>, raw: &RawSweep) -> Result<Vec<BaseScenario>, SweepFileError> {
    match (&raw.scenario, &raw.scenarios) {
        (Some(one), None) => Ok(vec![BaseScenario::load(cx, one, "scenario")?]),
        (None, None) => Err(SweepFileError {
            file: cx.file.to_path_buf(),
            line: Some(1),
            field: Some("scenario".into()),
            message: "missing field `scenario`".into(),
        }),
        (Some(_), Some(list)) => Err(cx.err(
            list.span(),
            "scenarios",
            "give `scenario` (one base scenario) or `scenarios` (several), not both",
        )),
        (None, Some(list)) => {
            if list.get_ref().is_empty() {
                return Err(cx.err(
                    list.span(),
                    "scenarios",
                    "expected at least one base scenario file, e.g. [\"regional-energy.toml\"]",
                ));
            }
            let mut out: Vec<BaseScenario> = Vec::new();
            for name in list.get_ref() {
                let b = BaseScenario::load(cx, name, "scenarios")?;
                let stem = |p: &Path| p.file_stem().map(|s| s.to_os_string());
                if out
                    .iter()
                    .any(|o| stem(&o.path) == stem(&b.path) || o.scenario.name == b.scenario.name)
                {
                    return Err(cx.err(
                        name.span(),
                        "scenarios",
                        format!(
                            "`{}` is listed twice, or shares its file name or its scenario name (\"{}\") with another: each base scenario needs its own, to key the output",
                            name.get_ref(),
                            b.scenario.name
                        ),
                    ));
                }
                if b.scenario.name == ACROSS {
                    return Err(cx.err(
                        name.span(),
                        "scenarios",
                        format!("a base scenario may not be named \"{ACROSS}\": the output keys the results across all base scenarios by it"),
                    ));
                }
                out.push(b);
            }
            Ok(out)
        }
    }
}

/// The key, in the `scenario` column of `polder robust`'s files, of the results across every
/// base scenario.
pub const ACROSS: &str = "all";

impl BaseScenario {
    /// The scenario the sweep file names, relative to the sweep file.
    fn load(cx: &Ctx<'_>, name: &Spanned<String>, field: &str) -> Result<Self, SweepFileError> {
        let span = name.span();
        let rel = PathBuf::from(name.get_ref());
        let path = if rel.is_absolute() {
            rel
        } else {
            cx.file.parent().unwrap_or(Path::new("")).join(rel)
        };
        let scenario =
            load_scenario(&path).map_err(|e| cx.err(span.clone(), field, e.to_string()))?;
        let text = crate::input::read_text(&path, "scenario")
            .map_err(|u| cx.err(span.clone(), field, u.message))?;
        let table = BaseTable::new(&scenario).map_err(|m| cx.err(span, field, m))?;
        Ok(BaseScenario {
            path,
            text,
            scenario,
            table,
        })
    }
}

fn replicates(cx: &Ctx<'_>, raw: &Spanned<i64>) -> Result<u64, SweepFileError> {
    let rep = *raw.get_ref();
    if rep < 1 || rep as u64 > MAX_REPLICATES {
        return Err(cx.err(
            raw.span(),
            "replicates",
            format!("expected between 1 and {MAX_REPLICATES} replicates per design point and policy, got {rep}"),
        ));
    }
    Ok(rep as u64)
}

fn seed(cx: &Ctx<'_>, raw: &Option<Spanned<i64>>) -> Result<Option<u64>, SweepFileError> {
    match raw {
        Some(s) if *s.get_ref() < 0 => Err(cx.err(
            s.span(),
            "seed",
            format!("expected a seed of 0 or more, got {}", s.get_ref()),
        )),
        Some(s) => Ok(Some(*s.get_ref() as u64)),
        None => Ok(None),
    }
}

/// The policies to compare, each once; `none` when the file lists none.
fn policies(
    cx: &Ctx<'_>,
    raw: &Option<Spanned<Vec<Spanned<String>>>>,
    scenario: &Scenario,
) -> Result<Vec<PolicySpec>, SweepFileError> {
    let Some(list) = raw else {
        return Ok(vec![
            policy::builtin("none").expect("the none policy is built in"),
        ]);
    };
    if list.get_ref().is_empty() {
        return Err(cx.err(
            list.span(),
            "policies",
            "expected at least one policy, e.g. [\"none\"]",
        ));
    }
    let mut policies: Vec<PolicySpec> = Vec::new();
    for name in list.get_ref() {
        let p = policy::resolve(name.get_ref().trim(), &scenario.policies)
            .map_err(|e| cx.err(name.span(), "policies", e.to_string()))?;
        if policies.iter().any(|q| q.name == p.name) {
            return Err(cx.err(
                name.span(),
                "policies",
                format!(
                    "policy \"{}\" is listed twice; list each policy once",
                    p.name
                ),
            ));
        }
        policies.push(p);
    }
    Ok(policies)
}

/// The design's kind, its number of samples, and (Saltelli) whether second-order rows are run.
fn design(
    cx: &Ctx<'_>,
    raw: &Option<Spanned<Table<RawDesign>>>,
) -> Result<(DesignKind, Option<u64>, bool), SweepFileError> {
    let Some(d) = raw else {
        return Ok((DesignKind::Factorial, None, true));
    };
    let d_ref = &d.get_ref().0;
    let kind = *d_ref.kind.get_ref();
    let second_order = match &d_ref.second_order {
        Some(so) if kind != DesignKind::Saltelli => {
            return Err(cx.err(
                so.span(),
                "design.second_order",
                "`second_order` is only for kind = \"saltelli\"",
            ));
        }
        Some(so) => *so.get_ref(),
        None => true,
    };
    let samples = match (&d_ref.samples, kind) {
        (Some(s), DesignKind::Factorial) => {
            return Err(cx.err(
                s.span(),
                "design.samples",
                "a factorial design takes every combination of the values; `samples` is only for kind = \"lhs\", \"sobol\" or \"saltelli\"",
            ));
        }
        (None, DesignKind::Factorial) => None,
        (None, k) => {
            return Err(cx.err(
                d.span(),
                "design.samples",
                format!(
                    "expected `samples` (the number of design points) for kind = \"{}\"",
                    k.key()
                ),
            ));
        }
        (Some(s), k) => {
            let n = *s.get_ref();
            let max = MAX_POINTS as i64;
            if n < 1 || n > max {
                return Err(cx.err(
                    s.span(),
                    "design.samples",
                    format!(
                        "expected between 1 and {max} design points for kind = \"{}\", got {n}",
                        k.key()
                    ),
                ));
            }
            Some(n as u64)
        }
    };
    Ok((kind, samples, second_order))
}

/// The parameters to vary: at least one, no more than the design supports, each checked.
fn parameters(
    cx: &Ctx<'_>,
    raw: &Spanned<Vec<Spanned<Table<RawParam>>>>,
    kind: DesignKind,
    base: &BaseTable,
) -> Result<Vec<Param>, SweepFileError> {
    let list = raw.get_ref();
    if list.is_empty() {
        return Err(cx.err(
            raw.span(),
            "parameters",
            "expected at least one parameter to vary ([[parameters]] with path and values)",
        ));
    }
    let max_dims = match kind {
        DesignKind::Sobol => super::sobol::MAX_DIMENSIONS,
        DesignKind::Saltelli => super::sobol::MAX_DIMENSIONS / 2,
        _ => usize::MAX,
    };
    if list.len() > max_dims {
        return Err(cx.err(
            raw.span(),
            "parameters",
            format!(
                "a {} design supports at most {max_dims} parameters, got {}",
                kind.key(),
                list.len()
            ),
        ));
    }
    let mut params: Vec<Param> = Vec::with_capacity(list.len());
    for (i, sp) in list.iter().enumerate() {
        let p = RawParamAt {
            cx,
            raw: &sp.get_ref().0,
            span: sp.span(),
            index: i,
        };
        params.push(p.check(kind, base, &params)?);
    }
    Ok(params)
}

/// One `[[parameters]]` entry of the sweep file, where it stands.
struct RawParamAt<'a> {
    cx: &'a Ctx<'a>,
    raw: &'a RawParam,
    span: std::ops::Range<usize>,
    index: usize,
}

impl RawParamAt<'_> {
    /// The field's name in errors: `parameters[2].values`.
    fn field(&self, name: &str) -> String {
        format!("parameters[{}].{name}", self.index)
    }

    fn err(
        &self,
        span: std::ops::Range<usize>,
        name: &str,
        msg: impl Into<String>,
    ) -> SweepFileError {
        self.cx.err(span, &self.field(name), msg)
    }

    /// Check the entry against the base scenario, the design, and the parameters before it.
    fn check(
        &self,
        kind: DesignKind,
        base: &BaseTable,
        before: &[Param],
    ) -> Result<Param, SweepFileError> {
        let rp = self.raw;
        let text = self.cx.text;
        let line = line_of(text, self.span.clone());
        let path = rp.path.get_ref().trim().to_string();
        let resolved = base
            .resolve(&path)
            .map_err(|m| self.err(rp.path.span(), "path", m))?;
        if before.iter().any(|q| q.path == path) {
            return Err(self.err(
                rp.path.span(),
                "path",
                format!("parameter `{path}` is listed twice"),
            ));
        }
        let column = self.column(&path, before)?;
        let ptype = resolved.kind;
        let levels = match kind {
            DesignKind::Factorial => self.factorial_levels(ptype, &path)?,
            DesignKind::Lhs | DesignKind::Sobol | DesignKind::Saltelli => {
                self.range_levels(kind, ptype, &path)?
            }
        };
        let values_line = [
            &rp.values.as_ref().map(|v| v.span()),
            &rp.start.as_ref().map(|v| v.span()),
            &rp.min.as_ref().map(|v| v.span()),
        ]
        .iter()
        .find_map(|s| s.as_ref().map(|s| line_of(text, s.clone())))
        .unwrap_or(line);
        Ok(Param {
            path,
            column,
            kind: ptype,
            levels,
            resolved,
            line,
            values_line,
            index: self.index,
        })
    }

    /// The parameter's column in runs.csv: its `name`, else its path; printable and not taken.
    fn column(&self, path: &str, before: &[Param]) -> Result<String, SweepFileError> {
        let rp = self.raw;
        let column = match &rp.name {
            Some(n) => {
                let c = n.get_ref().trim().to_string();
                if c.is_empty()
                    || c.contains(['"', ','])
                    || c.chars().any(crate::error::is_unprintable)
                {
                    return Err(self.err(
                        n.span(),
                        "name",
                        "expected a column name without commas, quotes, line breaks or other control characters",
                    ));
                }
                c
            }
            None => path.to_string(),
        };
        if RESERVED.contains(&column.as_str())
            || crate::outcome::RUN_COLUMNS.contains(&column.as_str())
            || before.iter().any(|q| q.column == column)
        {
            let span = rp.name.as_ref().map(|n| n.span()).unwrap_or(rp.path.span());
            return Err(self.err(
                span,
                "name",
                format!("column `{column}` is already taken in runs.csv; give the parameter another `name`"),
            ));
        }
        Ok(column)
    }

    /// A finite number from `g`, or an error naming `missing` when it is absent.
    fn number_field(
        &self,
        g: &Option<Spanned<Value>>,
        name: &str,
        missing: &str,
    ) -> Result<f64, SweepFileError> {
        let g = g
            .as_ref()
            .ok_or_else(|| self.err(self.span.clone(), name, missing))?;
        number(g.get_ref())
            .filter(|x| x.is_finite())
            .ok_or_else(|| {
                self.err(
                    g.span(),
                    name,
                    format!("expected a number, got {}", type_name(g.get_ref())),
                )
            })
    }

    /// Factorial: the listed `values`, or the grid `start`, `stop`, `step`.
    fn factorial_levels(&self, ptype: ParamType, path: &str) -> Result<Levels, SweepFileError> {
        let rp = self.raw;
        if let Some(x) = [&rp.min, &rp.max].iter().find_map(|x| x.as_ref()) {
            return Err(self.err(
                x.span(),
                if rp.min.is_some() { "min" } else { "max" },
                "min/max ranges are for kind = \"lhs\" or \"sobol\"; a factorial design takes `values = [...]` or `start`, `stop`, `step`",
            ));
        }
        let grid = [&rp.start, &rp.stop, &rp.step];
        match (&rp.values, grid.iter().any(|g| g.is_some())) {
            (Some(v), false) => {
                let vals = v.get_ref();
                if vals.is_empty() {
                    return Err(self.err(v.span(), "values", "expected at least one value"));
                }
                let field = self.field("values");
                let mut out = Vec::with_capacity(vals.len());
                for x in vals {
                    out.push(typed(self.cx, x, &field, ptype, path)?);
                }
                Ok(Levels::List(out))
            }
            (None, true) => self.grid_levels(ptype, path),
            (Some(v), true) => Err(self.err(
                v.span(),
                "values",
                "give either `values` or `start`, `stop`, `step`, not both",
            )),
            (None, false) => Err(self.err(
                self.span.clone(),
                "values",
                "expected `values = [...]` or `start`, `stop` and `step`",
            )),
        }
    }

    /// Factorial: the values `start`, `start + step`, ... up to `stop`.
    fn grid_levels(&self, ptype: ParamType, path: &str) -> Result<Levels, SweepFileError> {
        let rp = self.raw;
        let together = "expected `start`, `stop` and `step` together";
        let (a, b, s) = (
            self.number_field(&rp.start, "start", together)?,
            self.number_field(&rp.stop, "stop", together)?,
            self.number_field(&rp.step, "step", together)?,
        );
        let step_span = rp
            .step
            .as_ref()
            .map(|s| s.span())
            .unwrap_or(self.span.clone());
        if !ptype.is_numeric() {
            return Err(self.err(
                step_span,
                "step",
                format!(
                    "`{path}` takes {}; list its values with `values = [...]`",
                    ptype.described()
                ),
            ));
        }
        if s.is_nan() || s <= 0.0 || b < a {
            return Err(self.err(
                step_span,
                "step",
                format!("expected step > 0 and stop >= start, got start {a}, stop {b}, step {s}"),
            ));
        }
        // counted in f64: a tiny step gives more values than a u64 holds
        let count = ((b - a) / s + 1e-9).floor() + 1.0;
        if count.is_nan() || count > 1e6 {
            return Err(self.err(
                step_span,
                "step",
                format!(
                    "{} values is too many for one parameter (at most 1000000)",
                    crate::scenario::shown(count)
                ),
            ));
        }
        let n = count as u64;
        Ok(Levels::List(
            (0..n)
                .map(|k| to_value(clean(a + k as f64 * s), ptype))
                .collect(),
        ))
    }

    /// LHS, Sobol and Saltelli: the closed range `min..=max` of a numeric parameter.
    fn range_levels(
        &self,
        kind: DesignKind,
        ptype: ParamType,
        path: &str,
    ) -> Result<Levels, SweepFileError> {
        let rp = self.raw;
        if let Some(v) = &rp.values {
            return Err(self.err(
                v.span(),
                "values",
                format!(
                    "a {} design samples ranges: give `min` and `max` instead of `values`",
                    kind.key()
                ),
            ));
        }
        if let Some(g) = [&rp.start, &rp.stop, &rp.step]
            .iter()
            .find_map(|g| g.as_ref())
        {
            return Err(self.err(
                g.span(),
                "start",
                format!("a {} design samples ranges: give `min` and `max` instead of `start`, `stop`, `step`", kind.key()),
            ));
        }
        if !ptype.is_numeric() {
            return Err(self.err(
                rp.path.span(),
                "path",
                format!("`{path}` takes {}, which cannot be sampled from a range; use a factorial design for it", ptype.described()),
            ));
        }
        let both = "expected `min` and `max`";
        let (lo, hi) = (
            self.number_field(&rp.min, "min", both)?,
            self.number_field(&rp.max, "max", both)?,
        );
        if hi < lo {
            let span = rp
                .max
                .as_ref()
                .map(|m| m.span())
                .unwrap_or(self.span.clone());
            return Err(self.err(
                span,
                "max",
                format!("expected max >= min, got min {lo}, max {hi}"),
            ));
        }
        if ptype == ParamType::Integer && hi.round() < lo.round() {
            return Err(self.err(self.span.clone(), "max", "the range holds no whole number"));
        }
        Ok(Levels::Range { min: lo, max: hi })
    }
}

/// A number as the parameter's type takes it (integers rounded).
pub fn to_value(x: f64, t: ParamType) -> Value {
    match t {
        ParamType::Integer => Value::Integer(x.round() as i64),
        _ => Value::Float(x),
    }
}

/// A listed value checked against the parameter's type.
fn typed(
    cx: &Ctx<'_>,
    v: &Spanned<Value>,
    field: &str,
    t: ParamType,
    path: &str,
) -> Result<Value, SweepFileError> {
    let x = v.get_ref();
    let wrong = || {
        cx.err(
            v.span(),
            field,
            format!(
                "`{path}` takes {}, got {} ({x})",
                t.described(),
                type_name(x)
            ),
        )
    };
    match t {
        ParamType::Float | ParamType::Integer => {
            let n = number(x).filter(|n| n.is_finite()).ok_or_else(wrong)?;
            Ok(to_value(n, t))
        }
        ParamType::Text => match x {
            Value::String(_) => Ok(x.clone()),
            _ => Err(wrong()),
        },
        ParamType::Bool => match x {
            Value::Boolean(_) => Ok(x.clone()),
            _ => Err(wrong()),
        },
    }
}
