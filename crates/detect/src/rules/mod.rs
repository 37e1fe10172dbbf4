//! The rule table: built-in rules and user rules loaded from TOML.
//!
//! A rule is a regular expression over bytes plus the literal *anchors* that
//! must occur in a body before the expression is worth running. Anchors keep
//! clean bodies cheap: the detector rejects them with one multi-literal pass.

mod builtin;
mod coverage;
mod user;

pub use user::RuleError;

use crate::finding::{Category, Severity};

/// How a rule's pattern is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// A regular expression (regex-automata syntax, ASCII, matched on bytes).
    Regex(String),
    /// Exact byte strings; any of them matches.
    Literals(Vec<String>),
}

/// A check run in code on a regex match before it counts as a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Check {
    /// The match counts as is.
    #[default]
    None,
    /// The match must be a private, loopback, link-local or ULA IP address.
    InternalIp,
    /// The match must be a card number that passes the Luhn checksum.
    Luhn,
    /// The match must not be glued to surrounding path or URL characters.
    PathStart,
    /// The host name must end at the matched suffix (no further labels).
    HostEnd,
    /// The assigned value must look like a secret, not prose or a placeholder.
    SecretValue,
}

/// One detection rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// Stable identifier reported in findings, such as `python.traceback`.
    pub id: String,
    /// What a match of this rule leaks.
    pub category: Category,
    /// How much a match matters.
    pub severity: Severity,
    /// What to match.
    pub pattern: Pattern,
    /// Literals (ASCII case-insensitive) of which one must occur in the
    /// scanned bytes before the pattern runs; empty means always run.
    pub anchors: Vec<String>,
    /// Validation applied in code to each match.
    pub check: Check,
}

impl Rule {
    /// The pattern as a regular expression, escaping literal lists.
    pub(crate) fn regex_source(&self) -> String {
        match &self.pattern {
            Pattern::Regex(re) => re.clone(),
            Pattern::Literals(lits) => lits.iter().map(|l| escape(l)).collect::<Vec<_>>().join("|"),
        }
    }

    /// The anchors that gate this rule; literal rules anchor on themselves.
    pub(crate) fn effective_anchors(&self) -> Vec<String> {
        match (&self.pattern, self.anchors.is_empty()) {
            (Pattern::Literals(lits), true) => lits.clone(),
            _ => self.anchors.clone(),
        }
    }
}

/// Escapes a literal so that it matches itself in regex syntax.
pub(crate) fn escape(literal: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(literal.len() * 2);
    for ch in literal.chars() {
        if ch.is_ascii_alphanumeric() || !ch.is_ascii() {
            out.push(ch);
        } else {
            let _ = write!(out, "\\x{:02X}", u32::from(ch));
        }
    }
    out
}

/// An ordered set of rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rules {
    rules: Vec<Rule>,
}

impl Rules {
    /// An empty rule set.
    pub fn new() -> Self {
        Self::default()
    }

    /// The rules shipped with tightlip.
    pub fn builtin() -> Self {
        Self {
            rules: builtin::table(),
        }
    }

    /// Parses user rules from TOML; `origin` names the source in errors.
    ///
    /// ```toml
    /// [[rule]]
    /// id = "acme.internal_error"
    /// category = "stack_trace"
    /// severity = "high"
    /// literals = ["ACME-INTERNAL"]
    /// ```
    pub fn from_toml(src: &str, origin: &str) -> Result<Self, RuleError> {
        user::parse(src, origin).map(|rules| Self { rules })
    }

    /// Adds one rule at the end.
    pub fn push(&mut self, rule: Rule) {
        self.rules.push(rule);
    }

    /// Appends all rules of `other`.
    pub fn extend(&mut self, other: Rules) {
        self.rules.extend(other.rules);
    }

    /// The rules in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Rule> {
        self.rules.iter()
    }

    /// How many rules there are.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

impl IntoIterator for Rules {
    type Item = Rule;
    type IntoIter = std::vec::IntoIter<Rule>;

    fn into_iter(self) -> Self::IntoIter {
        self.rules.into_iter()
    }
}

impl<'a> IntoIterator for &'a Rules {
    type Item = &'a Rule;
    type IntoIter = std::slice::Iter<'a, Rule>;

    fn into_iter(self) -> Self::IntoIter {
        self.rules.iter()
    }
}

/// The syntax every rule uses: bytes, ASCII only.
pub(crate) fn syntax() -> regex_automata::util::syntax::Config {
    regex_automata::util::syntax::Config::new()
        .utf8(false)
        .unicode(false)
}

/// The NFA settings of the lazy DFAs the detector builds itself: bytes, no captures.
pub(crate) fn thompson() -> regex_automata::nfa::thompson::Config {
    regex_automata::nfa::thompson::Config::new()
        .utf8(false)
        .which_captures(regex_automata::nfa::thompson::WhichCaptures::None)
}

/// Compiles patterns with the settings every rule uses: bytes, ASCII only.
pub(crate) fn compile(
    patterns: &[String],
) -> Result<regex_automata::meta::Regex, Box<regex_automata::meta::BuildError>> {
    use regex_automata::meta;
    meta::Builder::new()
        .syntax(syntax())
        .configure(
            meta::Config::new()
                .utf8_empty(false)
                .hybrid_cache_capacity(16 << 20),
        )
        .build_many(patterns)
        .map_err(Box::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_rule_compiles_alone_and_has_an_anchor() {
        for rule in &Rules::builtin() {
            let re = compile(&[rule.regex_source()]).unwrap_or_else(|e| panic!("{}: {e}", rule.id));
            assert!(re.find(b"").is_none(), "{} matches empty", rule.id);
            if rule.check != Check::Luhn {
                assert!(!rule.anchors.is_empty(), "{} has no anchor", rule.id);
            }
        }
    }

    #[test]
    fn builtin_ids_are_unique() {
        let mut ids: Vec<_> = Rules::builtin().iter().map(|r| r.id.clone()).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn escaped_literals_match_themselves() {
        let lit = r"a.b*c(d)[e]\f$^ é-#";
        let re = compile(&[escape(lit)]).unwrap();
        assert!(re.is_match(lit.as_bytes()));
        assert!(!re.is_match(b"aXb*c(d)[e]\\f$^ \xc3\xa9-#"));
    }
}
