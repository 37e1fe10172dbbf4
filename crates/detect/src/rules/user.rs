//! User rules from TOML, with errors that point at the offending field.

use serde::Deserialize;
use thiserror::Error;
use toml::Spanned;

use super::{Check, Pattern, Rule, compile};
use crate::finding::{Category, Severity};

/// A user rule file that could not be loaded.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuleError {
    /// The file is not valid TOML or does not have the expected shape.
    #[error("{origin}:{line}:{column}: {message}")]
    Syntax {
        /// Where the rules came from, usually a file name.
        origin: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the TOML parser said.
        message: String,
    },
    /// One field of one rule is wrong.
    #[error("{origin}:{line}:{column}: rule field `{field}`: {message}")]
    Field {
        /// Where the rules came from, usually a file name.
        origin: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The offending key, such as `pattern`.
        field: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The rules are fine one by one but too large to compile together.
    #[error("rules could not be compiled together: {message}")]
    Build {
        /// What the regex compiler said.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    rule: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    category: Spanned<String>,
    #[serde(default)]
    severity: Option<Spanned<String>>,
    #[serde(default)]
    pattern: Option<Spanned<String>>,
    #[serde(default)]
    literals: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    anchors: Option<Spanned<Vec<String>>>,
}

/// Turns a byte offset into a 1-based line and column.
fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let before = &src.as_bytes()[..offset.min(src.len())];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

struct Ctx<'a> {
    src: &'a str,
    origin: &'a str,
}

impl Ctx<'_> {
    fn field(&self, offset: usize, field: &'static str, message: impl Into<String>) -> RuleError {
        let (line, column) = line_col(self.src, offset);
        RuleError::Field {
            origin: self.origin.to_owned(),
            line,
            column,
            field,
            message: message.into(),
        }
    }
}

pub(super) fn parse(src: &str, origin: &str) -> Result<Vec<Rule>, RuleError> {
    let ctx = Ctx { src, origin };
    let file: File = toml::from_str(src).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(src, s.start));
        RuleError::Syntax {
            origin: origin.to_owned(),
            line,
            column,
            message: e.message().to_owned(),
        }
    })?;
    let mut seen = std::collections::HashSet::new();
    file.rule
        .into_iter()
        .map(|raw| {
            let start = raw.span().start;
            let rule = convert(&ctx, start, raw.into_inner())?;
            if !seen.insert(rule.id.clone()) {
                return Err(ctx.field(start, "id", format!("duplicate rule id `{}`", rule.id)));
            }
            Ok(rule)
        })
        .collect()
}

fn convert(ctx: &Ctx<'_>, start: usize, raw: RawRule) -> Result<Rule, RuleError> {
    let id = raw.id.get_ref().trim().to_owned();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        return Err(ctx.field(
            raw.id.span().start,
            "id",
            "must be non-empty ASCII letters, digits, `.`, `_` or `-`",
        ));
    }
    let category = Category::from_name(raw.category.get_ref()).ok_or_else(|| {
        let names: Vec<_> = Category::ALL.iter().map(|c| c.as_str()).collect();
        ctx.field(
            raw.category.span().start,
            "category",
            format!("unknown category, expected one of {}", names.join(", ")),
        )
    })?;
    let severity = match &raw.severity {
        None => Severity::Medium,
        Some(s) => Severity::from_name(s.get_ref())
            .ok_or_else(|| ctx.field(s.span().start, "severity", "expected low, medium or high"))?,
    };
    let (pattern, offset, field) = match (raw.pattern, raw.literals) {
        (Some(p), None) => {
            let offset = p.span().start;
            (Pattern::Regex(p.into_inner()), offset, "pattern")
        }
        (None, Some(l)) => {
            let offset = l.span().start;
            if l.get_ref().is_empty() || l.get_ref().iter().any(String::is_empty) {
                return Err(ctx.field(offset, "literals", "must list non-empty strings"));
            }
            (Pattern::Literals(l.into_inner()), offset, "literals")
        }
        (Some(p), Some(_)) => {
            return Err(ctx.field(
                p.span().start,
                "pattern",
                "give `pattern` or `literals`, not both",
            ));
        }
        (None, None) => {
            return Err(ctx.field(
                start,
                "pattern",
                "one of `pattern` or `literals` is required",
            ));
        }
    };
    let anchors = match raw.anchors {
        None => Vec::new(),
        Some(a) => {
            if a.get_ref().iter().any(String::is_empty) {
                return Err(ctx.field(a.span().start, "anchors", "must list non-empty strings"));
            }
            a.into_inner()
        }
    };
    let rule = Rule {
        id,
        category,
        severity,
        pattern,
        anchors,
        check: Check::None,
    };
    let re =
        compile(&[rule.regex_source()]).map_err(|e| ctx.field(offset, field, e.to_string()))?;
    if re.is_match(b"") {
        return Err(ctx.field(offset, field, "pattern matches the empty string"));
    }
    Ok(rule)
}

#[cfg(test)]
mod tests {
    use super::super::Rules;
    use super::*;

    #[test]
    fn parses_regex_and_literal_rules() {
        let src = r#"
[[rule]]
id = "acme.trace"
category = "stack_trace"
severity = "high"
pattern = "ACME-[0-9]{4}"
anchors = ["acme-"]

[[rule]]
id = "acme.secret"
category = "secret"
literals = ["acme_live_", "ACME-KEY"]
"#;
        let rules = Rules::from_toml(src, "rules.toml").unwrap();
        assert_eq!(rules.len(), 2);
        let r: Vec<_> = rules.iter().collect();
        assert_eq!(r[0].severity, Severity::High);
        assert_eq!(r[1].severity, Severity::Medium);
        assert_eq!(r[1].effective_anchors(), vec!["acme_live_", "ACME-KEY"]);
    }

    #[test]
    fn bad_category_names_origin_line_column_and_field() {
        let src = "[[rule]]\nid = \"x\"\ncategory = \"nope\"\npattern = \"x\"\n";
        let err = Rules::from_toml(src, "my.toml").unwrap_err();
        assert_eq!(
            err,
            RuleError::Field {
                origin: "my.toml".into(),
                line: 3,
                column: 12,
                field: "category",
                message: err_message(&err),
            }
        );
        assert!(
            err.to_string()
                .starts_with("my.toml:3:12: rule field `category`")
        );
    }

    fn err_message(e: &RuleError) -> String {
        match e {
            RuleError::Field { message, .. }
            | RuleError::Syntax { message, .. }
            | RuleError::Build { message } => message.clone(),
        }
    }

    #[test]
    fn bad_regex_points_at_pattern() {
        let src = "[[rule]]\nid = \"x\"\ncategory = \"sql\"\npattern = \"(unclosed\"\n";
        let err = Rules::from_toml(src, "r.toml").unwrap_err();
        assert!(
            matches!(
                err,
                RuleError::Field {
                    line: 4,
                    field: "pattern",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn look_around_is_rejected() {
        let src = "[[rule]]\nid = \"x\"\ncategory = \"sql\"\npattern = \"a(?=b)\"\n";
        assert!(Rules::from_toml(src, "r.toml").is_err());
    }

    #[test]
    fn empty_matching_pattern_is_rejected() {
        let src = "[[rule]]\nid = \"x\"\ncategory = \"sql\"\npattern = \"a*\"\n";
        let err = Rules::from_toml(src, "r.toml").unwrap_err();
        assert!(err.to_string().contains("empty string"), "{err}");
    }

    #[test]
    fn syntax_error_has_position() {
        let err = Rules::from_toml("[[rule]\n", "r.toml").unwrap_err();
        assert!(matches!(err, RuleError::Syntax { line: 1, .. }), "{err}");
    }

    #[test]
    fn missing_pattern_and_unknown_field_are_errors() {
        let src = "[[rule]]\nid = \"x\"\ncategory = \"sql\"\n";
        let err = Rules::from_toml(src, "r.toml").unwrap_err();
        assert!(
            matches!(
                err,
                RuleError::Field {
                    field: "pattern",
                    line: 1,
                    ..
                }
            ),
            "{err}"
        );
        let src = "[[rule]]\nid = \"x\"\ncategory = \"sql\"\npattern = \"x\"\ncolour = 1\n";
        assert!(matches!(
            Rules::from_toml(src, "r.toml"),
            Err(RuleError::Syntax { .. })
        ));
    }

    #[test]
    fn duplicate_ids_are_rejected() {
        let src = "[[rule]]\nid = \"x\"\ncategory = \"sql\"\npattern = \"x\"\n\n[[rule]]\nid = \"x\"\ncategory = \"sql\"\npattern = \"y\"\n";
        let err = Rules::from_toml(src, "r.toml").unwrap_err();
        assert!(
            matches!(
                err,
                RuleError::Field {
                    field: "id",
                    line: 6,
                    ..
                }
            ),
            "{err}"
        );
    }
}
