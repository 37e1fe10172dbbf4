//! OpenAPI 3.x (JSON or YAML) to endpoints: every operation, its parameters and an
//! example body built from the request schema.

use crate::endpoint::{Endpoint, Kind, Location, Param};
use serde_json::{Map, Value};

/// The methods an OpenAPI path item may hold operations for.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
/// How deep `$ref`s and nested schemas are followed (cycles end here).
const MAX_DEPTH: usize = 8;

/// The document is not an OpenAPI 3.x description the probe can use.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SpecError {
    /// Neither JSON nor YAML.
    #[error("{origin}: not JSON or YAML: {reason}")]
    Syntax {
        /// The file.
        origin: String,
        /// The parser's message.
        reason: String,
    },
    /// Not OpenAPI 3.x (Swagger 2.0, or no `openapi` field).
    #[error("{origin}: not an OpenAPI 3.x document (`openapi: {found}`)")]
    Version {
        /// The file.
        origin: String,
        /// What the `openapi`/`swagger` field says.
        found: String,
    },
    /// No operations under `paths`.
    #[error("{origin}: `paths` holds no operations")]
    Empty {
        /// The file.
        origin: String,
    },
}

/// Parses an OpenAPI 3.x document (JSON, or YAML when it is not JSON) named `origin`.
pub fn endpoints(source: &str, origin: &str) -> Result<Vec<Endpoint>, SpecError> {
    let document: Value = match serde_json::from_str(source) {
        Ok(value) => value,
        Err(_) => serde_norway::from_str(source).map_err(|error| SpecError::Syntax {
            origin: origin.to_owned(),
            reason: error.to_string(),
        })?,
    };
    let version = document
        .get("openapi")
        .and_then(Value::as_str)
        .map(str::to_owned);
    match version {
        Some(version) if version.starts_with("3.") => {}
        other => {
            let found = other
                .or_else(|| {
                    document
                        .get("swagger")
                        .and_then(Value::as_str)
                        .map(|v| format!("swagger {v}"))
                })
                .unwrap_or_else(|| "missing".to_owned());
            return Err(SpecError::Version {
                origin: origin.to_owned(),
                found,
            });
        }
    }
    let spec = Spec {
        document: &document,
    };
    let global_security = document
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|requirements| requirements.iter().any(|r| !is_empty_object(r)));
    let mut endpoints = Vec::new();
    for (template, item) in document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let item = spec.resolve(item, 0);
        let shared = item.get("parameters");
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            endpoints.push(spec.endpoint(method, template, operation, shared, global_security));
        }
    }
    if endpoints.is_empty() {
        return Err(SpecError::Empty {
            origin: origin.to_owned(),
        });
    }
    Ok(endpoints)
}

fn is_empty_object(value: &Value) -> bool {
    value.as_object().is_some_and(Map::is_empty)
}

struct Spec<'a> {
    document: &'a Value,
}

impl<'a> Spec<'a> {
    /// Follows a local `$ref` (`#/components/...`); other references stay as they are.
    fn resolve(&self, value: &'a Value, depth: usize) -> &'a Value {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            return value;
        };
        if depth >= MAX_DEPTH {
            return value;
        }
        let target = reference
            .strip_prefix('#')
            .and_then(|pointer| self.document.pointer(pointer));
        match target {
            Some(found) => self.resolve(found, depth + 1),
            None => value,
        }
    }

    fn endpoint(
        &self,
        method: &str,
        template: &str,
        operation: &'a Value,
        shared: Option<&'a Value>,
        global_security: bool,
    ) -> Endpoint {
        let mut params: Vec<Param> = Vec::new();
        let lists = [operation.get("parameters"), shared];
        for list in lists.into_iter().flatten().filter_map(Value::as_array) {
            for raw in list {
                if let Some(param) = self.param(self.resolve(raw, 0)) {
                    // Operation-level parameters override path-level ones of the same name.
                    if !params.iter().any(|p| p.name == param.name) {
                        params.push(param);
                    }
                }
            }
        }
        let schema = operation
            .get("requestBody")
            .map(|body| self.resolve(body, 0))
            .and_then(|body| body.get("content"))
            .and_then(Value::as_object)
            .and_then(|content| {
                content
                    .iter()
                    .find(|(media, _)| media.contains("json"))
                    .map(|(_, media)| media)
            });
        let (body, body_fields) = match schema {
            Some(media) => {
                let example = media.get("example").cloned();
                let schema = media.get("schema").map(|s| self.resolve(s, 0));
                let body = example.or_else(|| schema.map(|s| self.example(s, 0)));
                (body, schema.map(|s| self.fields(s)).unwrap_or_default())
            }
            None => (None, Vec::new()),
        };
        let secured = match operation.get("security").and_then(Value::as_array) {
            Some(requirements) => requirements.iter().any(|r| !is_empty_object(r)),
            None => global_security,
        };
        Endpoint {
            method: method.to_ascii_uppercase(),
            template: template.to_owned(),
            params,
            body,
            body_fields,
            secured,
        }
    }

    fn param(&self, raw: &'a Value) -> Option<Param> {
        let location = match raw.get("in")?.as_str()? {
            "path" => Location::Path,
            "query" => Location::Query,
            _ => return None,
        };
        let name = raw.get("name")?.as_str()?.to_owned();
        let schema = raw.get("schema").map(|s| self.resolve(s, 0));
        let kind = schema
            .and_then(|s| s.get("type"))
            .and_then(Value::as_str)
            .map_or(Kind::String, Kind::from_schema_type);
        let example = raw
            .get("example")
            .or_else(|| schema.and_then(|s| s.get("example")))
            .cloned()
            .unwrap_or_else(|| schema.map_or_else(|| kind.sample(), |s| self.example(s, 0)));
        Some(Param {
            name,
            location,
            kind,
            example: match example {
                Value::String(text) => text,
                other => other.to_string(),
            },
        })
    }

    /// A valid value for `schema`: its example, default, first enum value, or one built
    /// from its type and properties.
    fn example(&self, schema: &'a Value, depth: usize) -> Value {
        let schema = self.resolve(schema, depth);
        for key in ["example", "default"] {
            if let Some(value) = schema.get(key) {
                return value.clone();
            }
        }
        if let Some(first) = schema
            .get("enum")
            .and_then(Value::as_array)
            .and_then(|v| v.first())
        {
            return first.clone();
        }
        if depth >= MAX_DEPTH {
            return Value::Null;
        }
        let kind = schema_kind(schema);
        match kind {
            Kind::Object => Value::Object(
                schema
                    .get("properties")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                    .map(|(name, property)| (name.clone(), self.example(property, depth + 1)))
                    .collect(),
            ),
            Kind::Array => match schema.get("items") {
                Some(items) => Value::Array(vec![self.example(items, depth + 1)]),
                None => Value::Array(Vec::new()),
            },
            other => other.sample(),
        }
    }

    fn fields(&self, schema: &'a Value) -> Vec<(String, Kind)> {
        schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, property)| (name.clone(), schema_kind(self.resolve(property, 0))))
            .collect()
    }
}

fn schema_kind(schema: &Value) -> Kind {
    match schema.get("type") {
        Some(Value::String(name)) => Kind::from_schema_type(name),
        // OpenAPI 3.1 allows a list such as ["integer", "null"].
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .find(|name| *name != "null")
            .map_or(Kind::String, Kind::from_schema_type),
        _ if schema.get("properties").is_some() => Kind::Object,
        _ => Kind::String,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = r"
openapi: 3.0.3
info: {title: shop, version: '1'}
security: [{bearer: []}]
paths:
  /orders/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer}}
    get:
      parameters:
        - {name: expand, in: query, schema: {type: string, enum: [items]}}
    delete:
      security: []
  /orders:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
components:
  schemas:
    Order:
      type: object
      properties:
        quantity: {type: integer, example: 2}
        note: {type: string}
";

    #[test]
    fn yaml_operations_parameters_and_bodies() {
        let endpoints = endpoints(YAML, "shop.yaml").unwrap();
        let labels: Vec<String> = endpoints.iter().map(Endpoint::label).collect();
        // Paths come in name order, operations in method order within a path.
        assert_eq!(
            labels,
            ["POST /orders", "GET /orders/{id}", "DELETE /orders/{id}"]
        );
        assert_eq!(endpoints[1].target(""), "/orders/1?expand=items");
        assert!(endpoints[1].secured && !endpoints[2].secured);
        let post = &endpoints[0];
        assert_eq!(
            post.body,
            Some(serde_json::json!({"quantity": 2, "note": "sample"}))
        );
        assert_eq!(
            post.body_fields,
            [
                ("note".to_owned(), Kind::String),
                ("quantity".to_owned(), Kind::Integer)
            ]
        );
    }

    #[test]
    fn swagger_two_and_garbage_are_spec_errors() {
        let swagger = r#"{"swagger":"2.0","paths":{}}"#;
        let error = endpoints(swagger, "old.json").unwrap_err();
        assert_eq!(
            error.to_string(),
            "old.json: not an OpenAPI 3.x document (`openapi: swagger 2.0`)"
        );
        assert!(matches!(
            endpoints("{[", "x.yaml"),
            Err(SpecError::Syntax { .. })
        ));
        assert!(matches!(
            endpoints("openapi: 3.1.0\npaths: {}\n", "e.yaml"),
            Err(SpecError::Empty { .. })
        ));
    }

    #[test]
    fn reference_cycles_end() {
        let cyclic = r##"{"openapi":"3.0.0","paths":{"/n":{"post":{"requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/N"}}}}}}},
            "components":{"schemas":{"N":{"type":"object","properties":{"next":{"$ref":"#/components/schemas/N"}}}}}}"##;
        let endpoints = endpoints(cyclic, "n.json").unwrap();
        assert!(endpoints[0].body.is_some());
    }
}
