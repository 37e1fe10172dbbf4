//! The three wire formats of one [`Problem`].

mod envelope;
mod jsonapi;
mod problem_json;

use crate::Problem;
use std::fmt;
use std::str::FromStr;

/// A wire format for errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// RFC 9457 `application/problem+json` (the default).
    #[default]
    Problem,
    /// `{"error":{...}}` envelope as `application/json`.
    Envelope,
    /// JSON:API `{"errors":[...]}` as `application/vnd.api+json`.
    JsonApi,
}

impl Format {
    /// Every format, in order of preference.
    pub const ALL: [Format; 3] = [Format::Problem, Format::Envelope, Format::JsonApi];

    /// The `Content-Type` this format is served with.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Problem => "application/problem+json",
            Format::Envelope => "application/json",
            Format::JsonApi => "application/vnd.api+json",
        }
    }

    /// The name used in catalogs and configuration: `problem`, `envelope`, `jsonapi`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Problem => "problem",
            Format::Envelope => "envelope",
            Format::JsonApi => "jsonapi",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The name given is not one of `problem`, `envelope`, `jsonapi`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format `{0}`; expected one of problem, envelope, jsonapi")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|format| format.name() == name)
            .ok_or_else(|| UnknownFormat(name.to_owned()))
    }
}

impl Problem {
    /// Renders the problem as a JSON body in `format`.
    pub fn render(&self, format: Format) -> Vec<u8> {
        let rendered = match format {
            Format::Problem => serde_json::to_vec(&problem_json::Body::from(self)),
            Format::Envelope => serde_json::to_vec(&envelope::Body::from(self)),
            Format::JsonApi => serde_json::to_vec(&jsonapi::Body::from(self)),
        };
        // Serialising plain strings and integers into a Vec cannot fail.
        rendered.expect("problem bodies are plain JSON data")
    }
}
