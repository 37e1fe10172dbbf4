//! Mapping rules, the gateway's mapping dictionary: an upstream error that matches a rule
//! (status, header, a JSON field or a regex of the body) becomes the rule's catalog code,
//! e.g. a 500 with `"code":"E_FUNDS"` becomes `INSUFFICIENT_FUNDS` (409).

use http::HeaderMap;
use regex_automata::meta::Regex;
use serde::Deserialize;
use std::fmt;

/// One `[[mapping]]` rule: every condition given must hold; at least one is required.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MappingRule {
    /// The upstream status, `500` or a class such as `"5xx"`.
    #[serde(default)]
    pub status: Option<StatusMatch>,
    /// An upstream response header.
    #[serde(default)]
    pub header: Option<HeaderMatch>,
    /// A field of a JSON body, by dotted path (`error.code`).
    #[serde(default)]
    pub json: Option<JsonMatch>,
    /// A regex over the decoded body.
    #[serde(default)]
    pub body: Option<Pattern>,
    /// The catalog code the match becomes; its entry gives the status.
    pub code: toml::Spanned<String>,
}

/// An exact status or a whole class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    /// This status only.
    Exact(u16),
    /// Every status of the class (`4` for `4xx`).
    Class(u16),
}

/// A header condition: present, equal to a value, or matching a regex.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderMatch {
    /// The header name, any case.
    pub name: String,
    /// The exact value.
    #[serde(default)]
    pub equals: Option<String>,
    /// A regex the value matches.
    #[serde(default)]
    pub matches: Option<Pattern>,
}

/// A JSON body condition on the field at a dotted path.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonMatch {
    /// Dotted path from the top-level object, e.g. `error.code`.
    pub field: String,
    /// The value the field must equal (string, integer or boolean).
    #[serde(default)]
    pub equals: Option<Scalar>,
    /// A regex the field's text must match.
    #[serde(default)]
    pub matches: Option<Pattern>,
}

/// A scalar compared with a JSON value.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// A string.
    Text(String),
}

/// A compiled regex: automata only (no backtracking), so matching is linear in the input.
#[derive(Clone)]
pub struct Pattern {
    source: String,
    regex: Regex,
}

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pattern({:?})", self.source)
    }
}

impl Pattern {
    /// Compiles `source` over bytes, ASCII case rules (`(?i)` folds ASCII); a pattern
    /// too large for the automata budget is refused.
    pub fn new(source: &str) -> Result<Self, String> {
        let regex = Regex::builder()
            .syntax(
                regex_automata::util::syntax::Config::new()
                    .unicode(false)
                    .utf8(false),
            )
            .configure(
                Regex::config()
                    .backtrack(false)
                    .nfa_size_limit(Some(1 << 20))
                    .hybrid_cache_capacity(1 << 20),
            )
            .build(source)
            .map_err(|error| {
                let cause = std::error::Error::source(&error)
                    .map_or_else(|| error.to_string(), ToString::to_string);
                format!("invalid regex `{source}`: {}", cause.replace('\n', " "))
            })?;
        Ok(Self {
            source: source.to_owned(),
            regex,
        })
    }

    /// Whether the pattern occurs in `haystack`.
    pub fn is_match(&self, haystack: &[u8]) -> bool {
        self.regex.is_match(haystack)
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let source = String::deserialize(deserializer)?;
        Pattern::new(&source).map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for StatusMatch {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(u16),
            Text(String),
        }
        let parsed = match Raw::deserialize(deserializer)? {
            Raw::Number(status) => StatusMatch::parse(&status.to_string()),
            Raw::Text(text) => StatusMatch::parse(&text),
        };
        parsed.map_err(serde::de::Error::custom)
    }
}

impl StatusMatch {
    /// Parses `500` or `5xx` (100–599).
    pub fn parse(text: &str) -> Result<Self, String> {
        let wrong = || format!("status `{text}`: expected 100-599 or a class such as \"5xx\"");
        let lower = text.trim().to_ascii_lowercase();
        if let Some(class) = lower.strip_suffix("xx") {
            let class: u16 = class.parse().map_err(|_| wrong())?;
            return (1..=5)
                .contains(&class)
                .then_some(StatusMatch::Class(class))
                .ok_or_else(wrong);
        }
        let status: u16 = lower.parse().map_err(|_| wrong())?;
        (100..=599)
            .contains(&status)
            .then_some(StatusMatch::Exact(status))
            .ok_or_else(wrong)
    }

    fn matches(self, status: u16) -> bool {
        match self {
            StatusMatch::Exact(exact) => status == exact,
            StatusMatch::Class(class) => status / 100 == class,
        }
    }
}

impl MappingRule {
    /// Whether the rule has at least one condition (a rule without one would match all).
    pub fn has_condition(&self) -> bool {
        self.status.is_some() || self.header.is_some() || self.json.is_some() || self.body.is_some()
    }

    fn matches(&self, response: &Observed<'_>, json: &mut JsonCache<'_>) -> bool {
        self.status.is_none_or(|s| s.matches(response.status))
            && self
                .header
                .as_ref()
                .is_none_or(|h| h.matches(response.headers))
            && self.body.as_ref().is_none_or(|p| p.is_match(response.body))
            && self.json.as_ref().is_none_or(|j| j.matches(json.get()))
    }
}

impl HeaderMatch {
    fn matches(&self, headers: &HeaderMap) -> bool {
        headers.get_all(self.name.as_str()).iter().any(|value| {
            self.equals
                .as_ref()
                .is_none_or(|e| value.as_bytes() == e.as_bytes())
                && self
                    .matches
                    .as_ref()
                    .is_none_or(|p| p.is_match(value.as_bytes()))
        })
    }
}

impl JsonMatch {
    fn matches(&self, document: Option<&serde_json::Value>) -> bool {
        let Some(mut value) = document else {
            return false;
        };
        for step in self.field.split('.') {
            let next = match value {
                serde_json::Value::Object(map) => map.get(step),
                serde_json::Value::Array(items) => {
                    step.parse::<usize>().ok().and_then(|i| items.get(i))
                }
                _ => None,
            };
            let Some(next) = next else { return false };
            value = next;
        }
        let equal = self.equals.as_ref().is_none_or(|expected| match expected {
            Scalar::Bool(b) => value.as_bool() == Some(*b),
            Scalar::Integer(i) => value.as_i64() == Some(*i),
            Scalar::Text(text) => value.as_str() == Some(text.as_str()),
        });
        let text = match value {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        equal
            && self
                .matches
                .as_ref()
                .is_none_or(|p| p.is_match(text.as_bytes()))
    }
}

/// An upstream response as the rules see it: status, headers, decoded body.
pub struct Observed<'a> {
    /// The upstream status.
    pub status: u16,
    /// The upstream headers.
    pub headers: &'a HeaderMap,
    /// The decoded body.
    pub body: &'a [u8],
}

/// The body parsed as JSON once, and only if some rule asks for a field.
struct JsonCache<'a> {
    body: &'a [u8],
    parsed: std::cell::OnceCell<Option<serde_json::Value>>,
}

impl JsonCache<'_> {
    fn get(&mut self) -> Option<&serde_json::Value> {
        let body = self.body;
        self.parsed
            .get_or_init(|| serde_json::from_slice(body).ok())
            .as_ref()
    }
}

/// The code of the first rule (in order) that matches `response`.
pub fn first_match<'r>(rules: &'r [MappingRule], response: &Observed<'_>) -> Option<&'r str> {
    let mut json = JsonCache {
        body: response.body,
        parsed: std::cell::OnceCell::new(),
    };
    rules
        .iter()
        .find(|rule| rule.matches(response, &mut json))
        .map(|rule| rule.code.get_ref().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(toml_text: &str) -> Vec<MappingRule> {
        #[derive(Deserialize)]
        struct Doc {
            mapping: Vec<MappingRule>,
        }
        toml::from_str::<Doc>(toml_text).unwrap().mapping
    }

    fn observe<'a>(status: u16, headers: &'a HeaderMap, body: &'a str) -> Observed<'a> {
        Observed {
            status,
            headers,
            body: body.as_bytes(),
        }
    }

    #[test]
    fn a_json_field_under_a_status_picks_the_code() {
        let rules = rules(
            r#"
            [[mapping]]
            status = 500
            json = { field = "code", equals = "E_FUNDS" }
            code = "INSUFFICIENT_FUNDS"
            [[mapping]]
            status = "5xx"
            json = { field = "error.kind", matches = "^timeout" }
            code = "PROCESSOR_UNAVAILABLE"
            "#,
        );
        let none = HeaderMap::new();
        let funds = observe(500, &none, r#"{"code":"E_FUNDS","balance":3}"#);
        assert_eq!(first_match(&rules, &funds), Some("INSUFFICIENT_FUNDS"));
        let other_status = observe(502, &none, r#"{"code":"E_FUNDS"}"#);
        assert_eq!(first_match(&rules, &other_status), None);
        let nested = observe(503, &none, r#"{"error":{"kind":"timeout after 3s"}}"#);
        assert_eq!(first_match(&rules, &nested), Some("PROCESSOR_UNAVAILABLE"));
        assert_eq!(first_match(&rules, &observe(500, &none, "not json")), None);
    }

    #[test]
    fn headers_and_body_regexes_match() {
        let rules = rules(
            r#"
            [[mapping]]
            header = { name = "X-Error-Code", equals = "LIMIT" }
            code = "AMOUNT_LIMIT_EXCEEDED"
            [[mapping]]
            body = "card (was )?declined"
            code = "PAYMENT_DECLINED"
            "#,
        );
        let mut headers = HeaderMap::new();
        headers.insert("x-error-code", "LIMIT".parse().unwrap());
        assert_eq!(
            first_match(&rules, &observe(400, &headers, "")),
            Some("AMOUNT_LIMIT_EXCEEDED")
        );
        let none = HeaderMap::new();
        assert_eq!(
            first_match(&rules, &observe(402, &none, "the card was declined")),
            Some("PAYMENT_DECLINED")
        );
    }

    #[test]
    fn bad_statuses_and_regexes_are_refused() {
        assert!(StatusMatch::parse("6xx").is_err());
        assert!(StatusMatch::parse("99").is_err());
        assert_eq!(StatusMatch::parse("4XX"), Ok(StatusMatch::Class(4)));
        assert!(
            Pattern::new("(unclosed")
                .unwrap_err()
                .contains("invalid regex")
        );
    }
}
