//! Party kinds (government, market, society), each with a constituency of its own.

use serde::{Deserialize, Serialize};

/// Which part of society a party represents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// Overheid: municipalities, provinces, water boards, ministries.
    Government,
    /// Marktpartijen: developers, grid operators, insurers, providers.
    Market,
    /// Samenleving: residents, civil-society organisations, interest groups.
    Society,
}

impl PartyKind {
    pub const ALL: [PartyKind; 3] = [PartyKind::Government, PartyKind::Market, PartyKind::Society];

    pub const fn key(self) -> &'static str {
        match self {
            PartyKind::Government => "government",
            PartyKind::Market => "market",
            PartyKind::Society => "society",
        }
    }

    pub const fn label_nl(self) -> &'static str {
        match self {
            PartyKind::Government => "overheid",
            PartyKind::Market => "marktpartij",
            PartyKind::Society => "samenleving",
        }
    }
}
