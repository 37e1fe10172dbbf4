//! Where in which file a catalog problem sits, and how it is reported.

use std::fmt;

/// A position in a catalog file: origin (usually the path), 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file name or other origin the text came from.
    pub origin: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `source`.
    pub fn at(origin: &str, source: &str, offset: usize) -> Self {
        let offset = offset.min(source.len());
        let before = source.get(..offset).unwrap_or(source);
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        Self {
            origin: origin.to_owned(),
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.origin, self.line, self.column)
    }
}

/// One lint finding: the place, the dotted field, and what is wrong and expected.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Where the offending key or value starts.
    pub location: Location,
    /// The dotted field path, such as `errors.INSUFFICIENT_FUNDS.status`.
    pub field: String,
    /// What is wrong and what is expected.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: field `{}`: {}",
            self.location, self.field, self.message
        )
    }
}

/// The catalog text is not valid TOML.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{location}: invalid TOML: {message}")]
pub struct SyntaxError {
    /// Where the parser stopped.
    pub location: Location,
    /// The parser's explanation, on one line.
    pub message: String,
}

/// Loading a catalog failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CatalogError {
    /// The text is not TOML.
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    /// The TOML is not a valid catalog; every finding is listed.
    #[error("{} invalid catalog field(s):\n{}", .0.len(), join_lines(.0))]
    Invalid(Vec<Diagnostic>),
}

fn join_lines(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_lines_and_characters() {
        let source = "a = 1\nb = \"é\" x\n";
        assert_eq!(Location::at("f", source, 0).to_string(), "f:1:1");
        assert_eq!(Location::at("f", source, 6).to_string(), "f:2:1");
        let x = source.find('x').unwrap();
        assert_eq!(Location::at("f", source, x).to_string(), "f:2:9");
    }
}
