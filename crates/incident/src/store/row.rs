//! How an incident is split between a row's columns and its stored record.
//!
//! The columns (`id`, `short_ref`, `at_ns`, `kind`, `route`, `public_status`, `code`)
//! are what the indexes and queries need; the record, JSON text, holds every other field.
//! Serialising the column fields a second time into the record was a fifth of the
//! writer's JSON work and ~15% of each row. Records of layout 0 hold the whole incident;
//! reading accepts both.

use crate::{CapturedResponse, ErrorOrigin, FindingRecord, Incident};
use serde::Serialize;
use serde_json::{Map, Value};

/// The fields of an incident that no column holds, as the record stores them.
#[derive(Serialize)]
pub(crate) struct RecordBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    client_request_id: &'a Option<String>,
    origin: &'a ErrorOrigin,
    method: &'a str,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_addr: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    upstream_addr: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    upstream_status: &'a Option<u16>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    findings: &'a [FindingRecord],
    #[serde(skip_serializing_if = "Option::is_none")]
    upstream: &'a Option<CapturedResponse>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    error_chain: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    trace_id: &'a Option<String>,
    duration_us: u64,
    host: &'a str,
}

impl<'a> From<&'a Incident> for RecordBody<'a> {
    fn from(incident: &'a Incident) -> Self {
        // Listing every field (no `..`) makes a field added to `Incident` a compile error
        // here until it is given a column or a place in the record.
        let Incident {
            id: _,
            short_ref: _,
            client_request_id,
            at_ns: _,
            kind: _,
            origin,
            route: _,
            method,
            path,
            client_addr,
            upstream_addr,
            upstream_status,
            public_status: _,
            code: _,
            findings,
            upstream,
            error_chain,
            trace_id,
            duration_us,
            host,
        } = incident;
        Self {
            client_request_id,
            origin,
            method,
            path,
            client_addr,
            upstream_addr,
            upstream_status,
            findings,
            upstream,
            error_chain,
            trace_id,
            duration_us: *duration_us,
            host,
        }
    }
}

/// A stored incident as selected with [`StoredRow::COLUMNS`].
pub(crate) struct StoredRow {
    id: String,
    short_ref: String,
    at_ns: i64,
    kind: String,
    route: Option<String>,
    public_status: u16,
    code: String,
    record: String,
}

impl StoredRow {
    /// What to select, from `incidents i`, for [`StoredRow::read`].
    pub(crate) const COLUMNS: &str =
        "i.id, i.short_ref, i.at_ns, i.kind, i.route, i.public_status, i.code, i.record";

    /// Reads a row selected with [`StoredRow::COLUMNS`].
    pub(crate) fn read(row: &rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            short_ref: row.get(1)?,
            at_ns: row.get(2)?,
            kind: row.get(3)?,
            route: row.get(4)?,
            public_status: row.get(5)?,
            code: row.get(6)?,
            record: row.get(7)?,
        })
    }

    /// The whole incident again.
    pub(crate) fn into_incident(self) -> Result<Incident, serde_json::Error> {
        let mut fields: Map<String, Value> = serde_json::from_str(&self.record)?;
        // A layout 0 record holds the whole incident already.
        if !fields.contains_key("id") {
            fields.insert("id".into(), Value::String(self.id));
            fields.insert("short_ref".into(), Value::String(self.short_ref));
            fields.insert("at_ns".into(), Value::from(self.at_ns));
            fields.insert("kind".into(), Value::String(self.kind));
            if let Some(route) = self.route {
                fields.insert("route".into(), Value::String(route));
            }
            fields.insert("public_status".into(), Value::from(self.public_status));
            fields.insert("code".into(), Value::String(self.code));
        }
        serde_json::from_value(Value::Object(fields))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_leaves_out_exactly_the_column_fields() {
        let mut incident = Incident::example("f47ac10b-58cc-4372-a567-0e02b2c3d479");
        incident.client_request_id = Some("client-1".into());
        incident.error_chain = vec!["boom".into()];
        let body = serde_json::to_value(RecordBody::from(&incident)).unwrap();
        let whole = serde_json::to_value(&incident).unwrap();
        let mut expected = whole.as_object().unwrap().clone();
        for column in [
            "id",
            "short_ref",
            "at_ns",
            "kind",
            "route",
            "public_status",
            "code",
        ] {
            assert!(expected.remove(column).is_some(), "{column}");
        }
        assert_eq!(body.as_object().unwrap(), &expected);
    }
}
