//! An OpenAPI 3.1 fragment: the `Problem` schema and one reusable response per code.

use super::json::pretty;
use crate::catalog::Catalog;
use serde_json::{Map, Value, json};

pub(super) fn render(catalog: &Catalog) -> String {
    let codes: Vec<&str> = catalog.entries().map(|entry| entry.code.as_str()).collect();
    let media_type = catalog.format().content_type();
    let responses: Map<String, Value> = catalog
        .entries()
        .map(|entry| {
            let example = json!({
                "type": catalog.type_uri(entry),
                "title": entry.title,
                "status": entry.status,
                "code": entry.code,
                "request_id": "f47ac10b-58cc-4372-a567-0e02b2c3d479",
            });
            let response = json!({
                "description": format!("{} ({})", entry.title, entry.status),
                "content": {
                    media_type: {
                        "schema": { "$ref": "#/components/schemas/Problem" },
                        "example": example,
                    }
                },
            });
            (entry.code.clone(), response)
        })
        .collect();
    let document = json!({
        "openapi": "3.1.0",
        "info": { "title": "Error catalog", "version": "1" },
        "paths": {},
        "components": {
            "schemas": {
                "ErrorCode": { "type": "string", "enum": codes },
                "FieldError": {
                    "type": "object",
                    "required": ["pointer", "code", "detail"],
                    "properties": {
                        "pointer": { "type": "string", "description": "JSON pointer to the failing field." },
                        "code": { "type": "string" },
                        "detail": { "type": "string" },
                    },
                },
                "Problem": {
                    "type": "object",
                    "description": "RFC 9457 problem details with a catalog code and a request ID.",
                    "required": ["type", "title", "status", "code", "request_id"],
                    "properties": {
                        "type": { "type": "string", "format": "uri-reference" },
                        "title": { "type": "string" },
                        "status": { "type": "integer", "minimum": 400, "maximum": 599 },
                        "detail": { "type": "string" },
                        "instance": { "type": "string", "format": "uri-reference" },
                        "code": { "$ref": "#/components/schemas/ErrorCode" },
                        "request_id": { "type": "string" },
                        "timestamp": { "type": "string", "format": "date-time" },
                        "errors": { "type": "array", "items": { "$ref": "#/components/schemas/FieldError" } },
                    },
                },
            },
            "responses": responses,
        },
    });
    pretty(&document)
}
