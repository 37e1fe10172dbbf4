//! What the battery aims at: an operation of the API and its parameters.

use serde_json::Value;

/// The JSON type a parameter or body field expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number.
    Integer,
    /// Any number.
    Number,
    /// Text.
    String,
    /// `true`/`false`.
    Boolean,
    /// A list.
    Array,
    /// An object.
    Object,
}

impl Kind {
    /// The kind of an OpenAPI/JSON Schema `type` name (unknown names are strings).
    pub fn from_schema_type(name: &str) -> Self {
        match name {
            "integer" => Kind::Integer,
            "number" => Kind::Number,
            "boolean" => Kind::Boolean,
            "array" => Kind::Array,
            "object" => Kind::Object,
            _ => Kind::String,
        }
    }

    /// A valid value of this kind, used where nothing better is known.
    pub fn sample(self) -> Value {
        match self {
            Kind::Integer | Kind::Number => Value::from(1),
            Kind::String => Value::from("sample"),
            Kind::Boolean => Value::from(true),
            Kind::Array => Value::Array(Vec::new()),
            Kind::Object => Value::Object(serde_json::Map::new()),
        }
    }
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A `{name}` segment of the path template.
    Path,
    /// The query string.
    Query,
}

/// One parameter of an endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Its name (in the template or the query).
    pub name: String,
    /// Where it goes.
    pub location: Location,
    /// The type it expects.
    pub kind: Kind,
    /// A valid value, as it is written in the URL.
    pub example: String,
}

/// An operation: a method on a path template, with parameters and an example body.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    /// The method, uppercase.
    pub method: String,
    /// The path template, `{name}` for path parameters, without the base path.
    pub template: String,
    /// Path and query parameters.
    pub params: Vec<Param>,
    /// A valid JSON body, when the operation takes one.
    pub body: Option<Value>,
    /// The kinds of the body's top-level fields, for type confusion.
    pub body_fields: Vec<(String, Kind)>,
    /// Whether the operation requires credentials.
    pub secured: bool,
}

impl Endpoint {
    /// An endpoint from a literal path such as `/api/orders/42?expand=items`: numeric
    /// segments and query values become parameters so that they can be confused.
    pub fn from_literal(method: &str, literal: &str) -> Self {
        let (path, query) = literal.split_once('?').unwrap_or((literal, ""));
        let mut params = Vec::new();
        let segments: Vec<String> = path
            .split('/')
            .enumerate()
            .map(|(index, segment)| {
                if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
                    let name = format!("segment{index}");
                    params.push(Param {
                        name: name.clone(),
                        location: Location::Path,
                        kind: Kind::Integer,
                        example: segment.to_owned(),
                    });
                    format!("{{{name}}}")
                } else {
                    segment.to_owned()
                }
            })
            .collect();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let numeric = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
            params.push(Param {
                name: name.to_owned(),
                location: Location::Query,
                kind: if numeric { Kind::Integer } else { Kind::String },
                example: value.to_owned(),
            });
        }
        let template = segments.join("/");
        Self {
            method: method.to_ascii_uppercase(),
            template: if template.is_empty() {
                "/".to_owned()
            } else {
                template
            },
            params,
            body: None,
            body_fields: Vec::new(),
            secured: false,
        }
    }

    /// `METHOD /template`, the name findings are grouped by.
    pub fn label(&self) -> String {
        format!("{} {}", self.method, self.template)
    }

    /// The request target with every parameter at its example value except the
    /// `overrides` (raw, already encoded as they should be written).
    pub fn target_with(&self, base: &str, overrides: &[(&str, &str)]) -> String {
        let value = |param: &Param| {
            overrides
                .iter()
                .find(|(name, _)| *name == param.name)
                .map_or_else(|| param.example.clone(), |(_, v)| (*v).to_owned())
        };
        let mut path = self.template.clone();
        let mut query = Vec::new();
        for param in &self.params {
            match param.location {
                Location::Path => {
                    path = path.replace(&format!("{{{}}}", param.name), &value(param));
                }
                Location::Query => query.push(format!("{}={}", param.name, value(param))),
            }
        }
        let mut target = format!("{base}{path}");
        if !query.is_empty() {
            target.push('?');
            target.push_str(&query.join("&"));
        }
        target
    }

    /// The request target with every parameter at its example value.
    pub fn target(&self, base: &str) -> String {
        self.target_with(base, &[])
    }

    /// Whether the operation takes a body (has one, or is POST/PUT/PATCH).
    pub fn takes_body(&self) -> bool {
        self.body.is_some() || matches!(self.method.as_str(), "POST" | "PUT" | "PATCH")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_segments_and_query_values_become_parameters() {
        let endpoint = Endpoint::from_literal("get", "/api/orders/42?expand=items&page=2");
        assert_eq!(endpoint.label(), "GET /api/orders/{segment3}");
        assert_eq!(endpoint.params.len(), 3);
        assert_eq!(
            endpoint.target("/v1"),
            "/v1/api/orders/42?expand=items&page=2"
        );
        assert_eq!(
            endpoint.target_with("", &[("segment3", "abc"), ("page", "-1")]),
            "/api/orders/abc?expand=items&page=-1"
        );
        assert_eq!(Endpoint::from_literal("GET", "/").template, "/");
    }
}
