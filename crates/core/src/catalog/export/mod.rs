//! Renders a resolved catalog for the people and programs that consume it.

mod json;
mod markdown;
mod openapi;
mod typescript;

use super::Catalog;
use std::fmt;
use std::str::FromStr;

/// A target of `tightlip catalog export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// A Markdown table for API documentation.
    Markdown,
    /// A TypeScript module with an `ErrorCode` union and a `Problem` interface.
    TypeScript,
    /// An OpenAPI 3.1 fragment: the `Problem` schema and one response per code.
    OpenApi,
    /// The resolved catalog as JSON.
    Json,
}

impl ExportFormat {
    /// Every export format.
    pub const ALL: [ExportFormat; 4] = [
        ExportFormat::Markdown,
        ExportFormat::TypeScript,
        ExportFormat::OpenApi,
        ExportFormat::Json,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "markdown",
            ExportFormat::TypeScript => "typescript",
            ExportFormat::OpenApi => "openapi",
            ExportFormat::Json => "json",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The export format name is unknown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown export format `{0}`; expected one of markdown, typescript, openapi, json")]
pub struct UnknownExportFormat(pub String);

impl FromStr for ExportFormat {
    type Err = UnknownExportFormat;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|format| format.name() == name)
            .ok_or_else(|| UnknownExportFormat(name.to_owned()))
    }
}

impl Catalog {
    /// Renders the catalog in `format`; the output is sorted and byte-for-byte stable.
    pub fn export(&self, format: ExportFormat) -> String {
        match format {
            ExportFormat::Markdown => markdown::render(self),
            ExportFormat::TypeScript => typescript::render(self),
            ExportFormat::OpenApi => openapi::render(self),
            ExportFormat::Json => json::render(self),
        }
    }
}
