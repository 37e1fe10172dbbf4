//! Wire-format snapshots and the property that every format is valid JSON for any text.

use proptest::prelude::*;
use tightlip_core::{FieldError, Format, Problem};

fn not_found() -> Problem {
    Problem::new(404, "RESOURCE_NOT_FOUND", "Resource not found")
        .with_type("https://errors.example.com/resource-not-found")
        .with_detail("No payment with this ID exists.")
        .with_instance("/payments/42")
        .with_request_id("f47ac10b-58cc-4372-a567-0e02b2c3d479")
        .with_timestamp(time::macros::datetime!(2026-11-23 08:00:00 UTC))
}

fn validation() -> Problem {
    Problem::new(422, "VALIDATION_FAILED", "Invalid request")
        .with_request_id("req-7")
        .with_field_error(FieldError::new(
            "amount",
            "TOO_SMALL",
            "Must be at least 1.",
        ))
        .with_field_error(FieldError::new(
            "/card/expiry",
            "IN_PAST",
            "Card has expired.",
        ))
}

fn rendered(problem: &Problem, format: Format) -> serde_json::Value {
    serde_json::from_slice(&problem.render(format)).expect("valid JSON")
}

#[test]
fn problem_json() {
    insta::assert_snapshot!(String::from_utf8(not_found().render(Format::Problem)).unwrap());
    insta::assert_json_snapshot!(rendered(&validation(), Format::Problem));
}

#[test]
fn envelope() {
    insta::assert_snapshot!(String::from_utf8(not_found().render(Format::Envelope)).unwrap());
    insta::assert_json_snapshot!(rendered(&validation(), Format::Envelope));
}

#[test]
fn jsonapi() {
    insta::assert_snapshot!(String::from_utf8(not_found().render(Format::JsonApi)).unwrap());
    insta::assert_json_snapshot!(rendered(&validation(), Format::JsonApi));
}

#[test]
fn problem_json_parses_back() {
    let problem = not_found();
    let parsed: Problem = serde_json::from_slice(&problem.render(Format::Problem)).unwrap();
    assert_eq!(parsed, problem);
    let problem = validation();
    let parsed: Problem = serde_json::from_slice(&problem.render(Format::Problem)).unwrap();
    assert_eq!(parsed.errors[0].pointer, "/amount");
}

proptest! {
    #[test]
    fn any_text_renders_valid_json_in_every_format(
        code in "\\PC{0,40}",
        title in any::<String>(),
        detail in any::<String>(),
        status in 400u16..600,
        pointer in any::<String>(),
        message in any::<String>(),
    ) {
        let problem = Problem::new(status, code.clone(), title.clone())
            .with_detail(detail.clone())
            .with_request_id("id")
            .with_field_error(FieldError::new(pointer, "RULE", message.clone()));
        for format in Format::ALL {
            let value: serde_json::Value = serde_json::from_slice(&problem.render(format))
                .map_err(|e| TestCaseError::fail(format!("{format}: {e}")))?;
            let text = value.to_string();
            prop_assert!(value.is_object());
            // Every text survives intact: nothing is truncated or mangled by escaping.
            let encoded = |s: &str| serde_json::to_string(s).unwrap();
            prop_assert!(text.contains(&encoded(&message)), "{format}");
            if format != Format::JsonApi {
                prop_assert!(text.contains(&encoded(&code)), "{format}");
            }
        }
        let parsed: Problem = serde_json::from_slice(&problem.render(Format::Problem)).unwrap();
        prop_assert_eq!(parsed.title, title);
        prop_assert_eq!(parsed.detail, Some(detail));
    }
}
