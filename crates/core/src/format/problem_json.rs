//! RFC 9457 `application/problem+json`.

use crate::{FieldError, Problem};
use serde::Serialize;

/// The RFC 9457 members first, then the extension members.
#[derive(Serialize)]
pub(super) struct Body<'a> {
    #[serde(rename = "type")]
    type_uri: &'a str,
    title: &'a str,
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    instance: Option<&'a str>,
    code: &'a str,
    request_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<Invalid<'a>>,
}

/// One entry of the `errors` extension, shaped like RFC 9457's validation example.
#[derive(Serialize)]
struct Invalid<'a> {
    pointer: String,
    code: &'a str,
    detail: &'a str,
}

impl<'a> From<&'a Problem> for Body<'a> {
    fn from(problem: &'a Problem) -> Self {
        Self {
            type_uri: &problem.type_uri,
            title: &problem.title,
            status: problem.status,
            detail: problem.detail.as_deref(),
            instance: problem.instance.as_deref(),
            code: &problem.code,
            request_id: &problem.request_id,
            timestamp: problem.timestamp_rfc3339(),
            errors: problem.errors.iter().map(Invalid::from).collect(),
        }
    }
}

impl<'a> From<&'a FieldError> for Invalid<'a> {
    fn from(error: &'a FieldError) -> Self {
        Self {
            pointer: error.json_pointer(),
            code: &error.code,
            detail: &error.message,
        }
    }
}
