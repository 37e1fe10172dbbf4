//! The `{"error":{...}}` envelope many JSON APIs use.

use crate::{FieldError, Problem};
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Serialize)]
struct Inner<'a> {
    status: u16,
    code: &'a str,
    message: &'a str,
    request_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    details: Vec<Detail<'a>>,
}

#[derive(Serialize)]
struct Detail<'a> {
    field: &'a str,
    code: &'a str,
    message: &'a str,
}

impl<'a> From<&'a Problem> for Body<'a> {
    fn from(problem: &'a Problem) -> Self {
        Self {
            error: Inner {
                status: problem.status,
                code: &problem.code,
                // The envelope has one text; the detail says more than the title when present.
                message: problem.detail.as_deref().unwrap_or(&problem.title),
                request_id: &problem.request_id,
                timestamp: problem.timestamp_rfc3339(),
                details: problem.errors.iter().map(Detail::from).collect(),
            },
        }
    }
}

impl<'a> From<&'a FieldError> for Detail<'a> {
    fn from(error: &'a FieldError) -> Self {
        Self {
            field: &error.pointer,
            code: &error.code,
            message: &error.message,
        }
    }
}
