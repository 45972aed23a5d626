//! The four domains of process trust (domeinen van procesvertrouwen).
//!
//! Every participant holds a perceived certainty (zekerheid) in each domain, a number in 0..1.
//! Each domain has a lower bound (ondergrens), below which the urge to leave is strong, and a
//! challenge (uitdaging), above which partners behave as co-owners of the process.

use serde::{Deserialize, Serialize};

/// One of the four domains of process trust.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    /// Inhoudelijke zekerheid: what is it about?
    Content,
    /// Sociale zekerheid: who takes part?
    Social,
    /// Procedurele zekerheid: how does it work?
    Procedural,
    /// Taak- en tijdzekerheid: where are we?
    TaskTime,
}

impl Domain {
    /// All domains, in the fixed order used for arrays, CSV columns and documentation.
    pub const ALL: [Domain; 4] = [
        Domain::Content,
        Domain::Social,
        Domain::Procedural,
        Domain::TaskTime,
    ];

    /// Index into a [`PerDomain`] array.
    #[inline]
    pub const fn index(self) -> usize {
        self as usize
    }

    /// lower_snake_case name used in files and CSV headers.
    pub const fn key(self) -> &'static str {
        match self {
            Domain::Content => "content",
            Domain::Social => "social",
            Domain::Procedural => "procedural",
            Domain::TaskTime => "task_time",
        }
    }

    /// English label for people.
    pub const fn label_en(self) -> &'static str {
        match self {
            Domain::Content => "content certainty",
            Domain::Social => "social certainty",
            Domain::Procedural => "procedural certainty",
            Domain::TaskTime => "task & time certainty",
        }
    }

    /// Dutch label, in the seed article's terms.
    pub const fn label_nl(self) -> &'static str {
        match self {
            Domain::Content => "inhoudelijke zekerheid",
            Domain::Social => "sociale zekerheid",
            Domain::Procedural => "procedurele zekerheid",
            Domain::TaskTime => "taak- en tijdzekerheid",
        }
    }

    /// The domain's guiding question.
    pub const fn question_en(self) -> &'static str {
        match self {
            Domain::Content => "What is it about?",
            Domain::Social => "Who takes part?",
            Domain::Procedural => "How does it work?",
            Domain::TaskTime => "Where are we?",
        }
    }
}

/// A value per domain, indexed by [`Domain::index`].
pub type PerDomain<T> = [T; 4];

/// Mean of a per-domain array.
#[inline]
pub fn mean4(v: &PerDomain<f64>) -> f64 {
    (v[0] + v[1] + v[2] + v[3]) * 0.25
}

/// Minimum of a per-domain array.
#[inline]
pub fn min4(v: &PerDomain<f64>) -> f64 {
    use crate::math::smaller;
    smaller(smaller(smaller(v[0], v[1]), v[2]), v[3])
}
