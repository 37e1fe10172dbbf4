//! Probes of parameter values: wrong types and metacharacters, in the path, the query
//! and the body's fields.

use super::Context;
use crate::endpoint::{Endpoint, Kind};
use crate::request::CraftedRequest;
use serde_json::Value;

/// Values of the wrong type, as written in a URL.
fn confused_url_values(kind: Kind, canary: &str) -> Vec<String> {
    let mut values = vec![
        "99999999999999999999999999".to_owned(),
        "-1".to_owned(),
        "1.5e308".to_owned(),
        "null".to_owned(),
        "%5B%5D".to_owned(),
    ];
    if matches!(kind, Kind::Integer | Kind::Number | Kind::Boolean) {
        values.insert(0, canary.to_owned());
    }
    values
}

/// Values of the wrong type, as JSON.
fn confused_json_values(kind: Kind, canary: &str) -> Vec<Value> {
    let mut values = vec![
        Value::Null,
        serde_json::json!([canary]),
        serde_json::json!({ "tlp": canary }),
    ];
    match kind {
        Kind::Integer | Kind::Number | Kind::Boolean => {
            values.insert(0, Value::from(canary));
            values.push(serde_json::json!(-1));
            // 1e400 overflows every double; serde_json cannot hold it, so it is raw text.
            values.push(Value::from("__huge__"));
        }
        _ => values.insert(0, Value::from(1)),
    }
    values
}

/// Quote and template metacharacters, percent-encoded for a URL; the template ones
/// carry the canary so that an evaluation shows as `<canary>49`.
pub fn metacharacters(canary: &str) -> Vec<String> {
    vec![
        format!("{canary}%27"),
        format!("{canary}%22"),
        format!("{canary}%60%3B--"),
        format!("{canary}%7B%7B7*7%7D%7D"),
        format!("{canary}%24%7B7*7%7D"),
        format!("{canary}%3C%25%3D%207*7%20%25%3E"),
    ]
}

/// The parameter probes for `endpoint`.
pub fn requests(endpoint: &Endpoint, context: &Context<'_>) -> Vec<CraftedRequest> {
    let mut all = Vec::new();
    for param in &endpoint.params {
        for value in confused_url_values(param.kind, context.canary) {
            let target = endpoint.target_with(context.base, &[(param.name.as_str(), &value)]);
            all.push(context.request("type_confusion", endpoint, &endpoint.method, target));
        }
        for value in metacharacters(context.canary) {
            let target = endpoint.target_with(context.base, &[(param.name.as_str(), &value)]);
            all.push(context.request("metacharacters", endpoint, &endpoint.method, target));
        }
    }
    if endpoint.params.is_empty() {
        // Still try the query string: many handlers read parameters they do not declare.
        for value in metacharacters(context.canary) {
            let target = format!("{}?q={value}", endpoint.target(context.base));
            all.push(context.request("metacharacters", endpoint, &endpoint.method, target));
        }
        let target = format!("{}?id={}", endpoint.target(context.base), context.canary);
        all.push(context.request("type_confusion", endpoint, &endpoint.method, target));
    }
    if let Some(Value::Object(body)) = &endpoint.body {
        for (field, kind) in &endpoint.body_fields {
            for value in confused_json_values(*kind, context.canary) {
                let mut confused = body.clone();
                confused.insert(field.clone(), value);
                let text = Value::Object(confused)
                    .to_string()
                    .replace("\"__huge__\"", "1e400");
                all.push(
                    context
                        .request(
                            "type_confusion",
                            endpoint,
                            &endpoint.method,
                            endpoint.target(context.base),
                        )
                        .header("Content-Type", "application/json")
                        .body(text),
                );
            }
        }
    }
    all
}
