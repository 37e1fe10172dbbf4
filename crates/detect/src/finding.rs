//! What the detector reports: a category, the rule that fired and where.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};

/// The kind of internal detail a response leaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A stack trace or a single frame of one, in any common language.
    StackTrace,
    /// A database error message or raw SQL text.
    Sql,
    /// A server-side file system path.
    Path,
    /// A private, loopback or cluster-internal address or host name.
    InternalAddress,
    /// Server software with a version number.
    Banner,
    /// A framework's development error page.
    DebugPage,
    /// A credential: key, token, password or a DSN with a password.
    Secret,
    /// Personal data such as a payment card number.
    PersonalData,
}

impl Category {
    /// Every category, in declaration order.
    pub const ALL: [Category; 8] = [
        Category::StackTrace,
        Category::Sql,
        Category::Path,
        Category::InternalAddress,
        Category::Banner,
        Category::DebugPage,
        Category::Secret,
        Category::PersonalData,
    ];

    /// The stable snake_case name used in configuration and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::StackTrace => "stack_trace",
            Category::Sql => "sql",
            Category::Path => "path",
            Category::InternalAddress => "internal_address",
            Category::Banner => "banner",
            Category::DebugPage => "debug_page",
            Category::Secret => "secret",
            Category::PersonalData => "personal_data",
        }
    }

    /// Parses a name produced by [`Category::as_str`].
    pub fn from_name(name: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// A dense index, used to group rules by category.
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much a finding matters; drives policy in the gateway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Useful to an attacker for reconnaissance only.
    Low,
    /// Reveals implementation detail that narrows an attack.
    Medium,
    /// Directly exploitable or a privacy breach.
    High,
}

impl Severity {
    /// The stable lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    /// Parses a name produced by [`Severity::as_str`].
    pub fn from_name(name: &str) -> Option<Severity> {
        [Severity::Low, Severity::Medium, Severity::High]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One leak found in a response.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Finding {
    /// What kind of detail leaked.
    pub category: Category,
    /// The id of the rule that fired, such as `python.traceback`.
    pub rule: String,
    /// Byte offsets into the scanned bytes (the body, or the header value).
    pub span: Range<usize>,
    /// How much it matters.
    pub severity: Severity,
    /// The header name when the finding is in a header value.
    pub header: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_names_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::from_name(c.as_str()), Some(c));
            assert_eq!(c.to_string(), c.as_str());
        }
        assert_eq!(Category::InternalAddress.as_str(), "internal_address");
    }

    #[test]
    fn severity_orders_low_to_high() {
        assert!(Severity::Low < Severity::Medium && Severity::Medium < Severity::High);
        assert_eq!(Severity::from_name("high"), Some(Severity::High));
    }
}
