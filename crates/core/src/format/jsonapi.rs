//! JSON:API error objects, `application/vnd.api+json`.

use crate::Problem;
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct Body<'a> {
    errors: Vec<ErrorObject<'a>>,
}

#[derive(Serialize)]
struct ErrorObject<'a> {
    id: &'a str,
    status: String,
    code: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<Source>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meta: Option<Meta>,
}

#[derive(Serialize)]
struct Source {
    pointer: String,
}

#[derive(Serialize)]
struct Meta {
    timestamp: String,
}

impl<'a> From<&'a Problem> for Body<'a> {
    fn from(problem: &'a Problem) -> Self {
        let status = problem.status.to_string();
        let meta = || {
            problem
                .timestamp_rfc3339()
                .map(|timestamp| Meta { timestamp })
        };
        // JSON:API reports one error object per failing field; the problem's own code
        // stays on each so clients can branch on either.
        let errors = if problem.errors.is_empty() {
            vec![ErrorObject {
                id: &problem.request_id,
                status,
                code: &problem.code,
                title: &problem.title,
                detail: problem.detail.as_deref(),
                source: None,
                meta: meta(),
            }]
        } else {
            problem
                .errors
                .iter()
                .map(|field| ErrorObject {
                    id: &problem.request_id,
                    status: status.clone(),
                    code: &field.code,
                    title: &problem.title,
                    detail: Some(&field.message),
                    source: Some(Source {
                        pointer: field.json_pointer(),
                    }),
                    meta: meta(),
                })
                .collect()
        };
        Self { errors }
    }
}
