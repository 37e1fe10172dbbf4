//! The lint rules for single values of a catalog, as pure functions returning the message.

use super::builtin::REGISTERED_ERROR_STATUSES;
use super::placeholder::placeholders;

/// Longest title accepted, in characters.
pub const MAX_TITLE_CHARS: usize = 100;
/// Longest detail accepted, in characters.
pub const MAX_DETAIL_CHARS: usize = 500;

/// A status must be a registered 4xx or 5xx.
pub(super) fn check_status(status: i64) -> Result<u16, String> {
    if !(400..=599).contains(&status) {
        return Err(format!(
            "status {status} is outside 400-599; expected a client or server error status"
        ));
    }
    let status = u16::try_from(status).expect("checked range");
    if REGISTERED_ERROR_STATUSES.contains(&status) {
        Ok(status)
    } else {
        Err(format!(
            "status {status} is not a registered HTTP status; expected one of \
             400-417, 421-426, 428, 429, 431, 451, 500-508, 510, 511"
        ))
    }
}

/// A title or detail must be a single line of bounded, non-empty text whose placeholders
/// are declared; titles have none, since RFC 9457 titles do not vary by occurrence.
pub(super) fn check_text(is_title: bool, text: &str, declared: &[String]) -> Option<String> {
    let (kind, limit) = if is_title {
        ("title", MAX_TITLE_CHARS)
    } else {
        ("detail", MAX_DETAIL_CHARS)
    };
    let length = text.chars().count();
    if text.trim().is_empty() {
        return Some(format!(
            "{kind} is empty; expected 1-{limit} characters of text"
        ));
    }
    if length > limit {
        return Some(format!(
            "{kind} is {length} characters long; expected at most {limit}"
        ));
    }
    if text.chars().any(char::is_control) {
        return Some(format!(
            "{kind} contains a control character; expected a single line of plain text"
        ));
    }
    placeholders(text).into_iter().find_map(|(_, name)| {
        if is_title {
            Some(format!(
                "title uses placeholder `{{{name}}}`; titles must be the same for every \
                 occurrence (RFC 9457), put it in `detail`"
            ))
        } else if declared.iter().any(|known| known == name) {
            None
        } else {
            Some(format!(
                "placeholder `{{{name}}}` is not declared; expected it in the entry's \
                 `placeholders` list"
            ))
        }
    })
}

/// Whether `code` matches `^[A-Z][A-Z0-9_]{2,63}$`.
pub(crate) fn is_code(code: &str) -> bool {
    let bytes = code.as_bytes();
    (3..=64).contains(&bytes.len())
        && bytes[0].is_ascii_uppercase()
        && bytes[1..]
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
}

/// The finding for a code that does not match the pattern.
pub(super) fn code_message(code: &str) -> String {
    format!(
        "code `{code}` is not valid; expected upper-case letters, digits and `_`, starting \
         with a letter, 3-64 long (^[A-Z][A-Z0-9_]{{2,63}}$)"
    )
}

/// Whether `tag` looks like a BCP 47 language tag: `de`, `de-CH`, `zh-Hant-TW`.
pub(super) fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    let primary = subtags.next().unwrap_or_default();
    (2..=8).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_alphabetic())
        && subtags.all(|sub| {
            (1..=8).contains(&sub.len()) && sub.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// The finding for a malformed language tag.
pub(super) fn language_message(tag: &str) -> String {
    format!("`{tag}` is not a language tag; expected a BCP 47 tag like \"de\" or \"pt-BR\"")
}
