//! The problem model: one vetted public error, independent of its wire format.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// One public error as RFC 9457 describes it, plus the catalog code and the request ID.
///
/// Only vetted text goes in here: a `Problem` is what the caller sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// URI reference identifying the problem type (`about:blank` when none applies).
    #[serde(rename = "type")]
    pub type_uri: String,
    /// Short, human-readable summary that does not change between occurrences.
    pub title: String,
    /// HTTP status code, 400–599.
    pub status: u16,
    /// Human-readable explanation specific to this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// URI reference identifying this occurrence, usually the request path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Stable catalog code such as `RESOURCE_NOT_FOUND`.
    pub code: String,
    /// Correlation ID the engineers find the incident by.
    pub request_id: String,
    /// When the error happened, rendered as RFC 3339 UTC.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "rfc3339_opt")]
    pub timestamp: Option<OffsetDateTime>,
    /// Validation failures, one per offending field; never the rejected value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// One validation failure: where, which rule, and a vetted message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// JSON pointer (`/amount`) or plain field name (`amount`).
    pub pointer: String,
    /// Stable code of the rule that failed, such as `TOO_SHORT`.
    pub code: String,
    /// Vetted message for humans; it never repeats the rejected value.
    #[serde(rename = "detail")]
    pub message: String,
}

impl Problem {
    /// A problem with the given status, code and title; everything else empty.
    pub fn new(status: u16, code: impl Into<String>, title: impl Into<String>) -> Self {
        Self {
            type_uri: "about:blank".to_owned(),
            title: title.into(),
            status,
            detail: None,
            instance: None,
            code: code.into(),
            request_id: String::new(),
            timestamp: None,
            errors: Vec::new(),
        }
    }

    /// Sets the problem type URI.
    #[must_use]
    pub fn with_type(mut self, type_uri: impl Into<String>) -> Self {
        self.type_uri = type_uri.into();
        self
    }

    /// Sets the occurrence-specific detail.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Sets the instance, usually the request path without its query.
    #[must_use]
    pub fn with_instance(mut self, instance: impl Into<String>) -> Self {
        self.instance = Some(instance.into());
        self
    }

    /// Sets the correlation ID.
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = request_id.into();
        self
    }

    /// Sets the time of the error; it is rendered in UTC.
    #[must_use]
    pub fn with_timestamp(mut self, at: OffsetDateTime) -> Self {
        self.timestamp = Some(at.to_offset(time::UtcOffset::UTC));
        self
    }

    /// Appends one validation failure.
    #[must_use]
    pub fn with_field_error(mut self, error: FieldError) -> Self {
        self.errors.push(error);
        self
    }

    /// The timestamp as RFC 3339 text, if set.
    pub fn timestamp_rfc3339(&self) -> Option<String> {
        self.timestamp.map(format_rfc3339)
    }
}

impl FieldError {
    /// A validation failure at `pointer` with rule `code` and a vetted `message`.
    pub fn new(
        pointer: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            pointer: pointer.into(),
            code: code.into(),
            message: message.into(),
        }
    }

    /// The location as a JSON pointer: a bare field name `amount` becomes `/amount`.
    pub fn json_pointer(&self) -> String {
        if self.pointer.is_empty() || self.pointer.starts_with('/') {
            self.pointer.clone()
        } else {
            format!("/{}", self.pointer.replace('~', "~0").replace('/', "~1"))
        }
    }
}

/// Formats a time as RFC 3339 UTC with second precision, e.g. `2026-01-02T03:04:05Z`.
pub(crate) fn format_rfc3339(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

mod rfc3339_opt {
    use serde::{Deserialize, Deserializer, Serializer};
    use time::OffsetDateTime;
    use time::format_description::well_known::Rfc3339;

    #[expect(
        clippy::ref_option,
        reason = "serde's `with` passes a reference to the field"
    )]
    pub fn serialize<S: Serializer>(
        value: &Option<OffsetDateTime>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(at) => serializer.serialize_str(&super::format_rfc3339(*at)),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        let text: Option<String> = Option::deserialize(deserializer)?;
        text.map(|text| OffsetDateTime::parse(&text, &Rfc3339).map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_field_names_become_json_pointers() {
        assert_eq!(
            FieldError::new("amount", "X", "m").json_pointer(),
            "/amount"
        );
        assert_eq!(FieldError::new("/a/b", "X", "m").json_pointer(), "/a/b");
        assert_eq!(
            FieldError::new("a/b~c", "X", "m").json_pointer(),
            "/a~1b~0c"
        );
    }

    #[test]
    fn timestamps_render_in_utc() {
        let at = time::macros::datetime!(2026-01-02 05:04:05 +02:00);
        let problem = Problem::new(404, "NOT_FOUND", "Not found").with_timestamp(at);
        assert_eq!(problem.timestamp_rfc3339().unwrap(), "2026-01-02T03:04:05Z");
    }
}
