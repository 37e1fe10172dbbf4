//! A Markdown table of every public error, for API documentation.

use crate::catalog::Catalog;
use std::fmt::Write;

pub(super) fn render(catalog: &Catalog) -> String {
    let mut out = String::from(
        "| Code | Status | Title | Detail | Retryable | Type |\n\
         |---|---|---|---|---|---|\n",
    );
    for entry in catalog.entries() {
        let detail = entry.detail.as_deref().unwrap_or("");
        writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} |",
            entry.code,
            entry.status,
            cell(&entry.title),
            cell(detail),
            if entry.retryable { "yes" } else { "no" },
            cell(&catalog.type_uri(entry)),
        )
        .expect("writing to a String cannot fail");
    }
    out
}

/// Escapes what would break a table cell.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|")
}
