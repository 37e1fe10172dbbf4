//! One test per lint rule, each pinning the exact message.

use super::*;

fn lint(source: &str) -> Lint {
    let mut builder = CatalogBuilder::new();
    builder.add_toml(source, "pay.toml").expect("valid TOML");
    builder.finish()
}

fn messages(source: &str) -> Vec<String> {
    lint(source)
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect()
}

const VALID: &str = r#"
[catalog]
format = "envelope"
type_base = "https://errors.example.com/"
default_language = "en"

[errors.INSUFFICIENT_FUNDS]
status = 409
title = "Insufficient funds"
detail = "The balance does not cover {amount}."
placeholders = ["amount"]
retryable = false

[errors.INSUFFICIENT_FUNDS.i18n.de]
title = "Guthaben nicht ausreichend"
detail = "Das Guthaben deckt {amount} nicht."
"#;

#[test]
fn a_valid_catalog_has_no_findings_and_resolves() {
    let lint = lint(VALID);
    assert_eq!(lint.diagnostics, []);
    let catalog = lint.catalog;
    assert_eq!(catalog.format(), Format::Envelope);
    let entry = catalog.entry("INSUFFICIENT_FUNDS").unwrap();
    assert_eq!(entry.status, 409);
    assert_eq!(
        entry.origin,
        EntryOrigin::File(Location::at(
            "pay.toml",
            VALID,
            VALID.find("INSUFFICIENT").unwrap()
        ))
    );
    let problem = catalog
        .problem_with("INSUFFICIENT_FUNDS", Some("de-CH"), &[("amount", "12 EUR")])
        .unwrap();
    assert_eq!(problem.title, "Guthaben nicht ausreichend");
    assert_eq!(
        problem.detail.as_deref(),
        Some("Das Guthaben deckt 12 EUR nicht.")
    );
    assert_eq!(
        problem.type_uri,
        "https://errors.example.com/insufficient-funds"
    );
    assert_eq!(lint.texts.len(), 4);
    assert!(catalog.entry("NOT_FOUND").is_some(), "built-ins stay");
}

#[test]
fn missing_placeholder_values_drop_the_detail() {
    let catalog = lint(VALID).catalog;
    let problem = catalog.problem("INSUFFICIENT_FUNDS", None).unwrap();
    assert_eq!(problem.title, "Insufficient funds");
    assert_eq!(problem.detail, None);
}

#[test]
fn status_outside_the_error_range() {
    assert_eq!(
        messages("[errors.PAID]\nstatus = 200\ntitle = \"Paid\"\n"),
        [
            "pay.toml:2:10: field `errors.PAID.status`: status 200 is outside 400-599; expected a client or server error status"
        ]
    );
}

#[test]
fn status_not_registered() {
    assert_eq!(
        messages("[errors.CLOSED]\nstatus = 499\ntitle = \"Closed\"\n"),
        [
            "pay.toml:2:10: field `errors.CLOSED.status`: status 499 is not a registered HTTP status; expected one of 400-417, 421-426, 428, 429, 431, 451, 500-508, 510, 511"
        ]
    );
}

#[test]
fn status_of_the_wrong_type() {
    assert_eq!(
        messages("[errors.CLOSED]\nstatus = \"409\"\ntitle = \"Closed\"\n"),
        [
            "pay.toml:2:10: field `errors.CLOSED.status`: expected an integer HTTP status, found string"
        ]
    );
}

#[test]
fn code_not_matching_the_pattern() {
    assert_eq!(
        messages("[errors.insufficient-funds]\nstatus = 409\ntitle = \"x\"\n"),
        [
            "pay.toml:1:9: field `errors.insufficient-funds`: code `insufficient-funds` is not valid; expected upper-case letters, digits and `_`, starting with a letter, 3-64 long (^[A-Z][A-Z0-9_]{2,63}$)"
        ]
    );
    assert_eq!(
        messages("[errors.AB]\nstatus = 409\ntitle = \"x\"\n").len(),
        1
    );
    assert_eq!(
        messages(&format!(
            "[errors.A{}]\nstatus = 409\ntitle = \"x\"\n",
            "B".repeat(64)
        ))
        .len(),
        1
    );
}

#[test]
fn empty_title() {
    assert_eq!(
        messages("[errors.CLOSED]\nstatus = 409\ntitle = \"  \"\n"),
        [
            "pay.toml:3:9: field `errors.CLOSED.title`: title is empty; expected 1-100 characters of text"
        ]
    );
}

#[test]
fn over_long_detail() {
    let source = format!(
        "[errors.CLOSED]\nstatus = 409\ntitle = \"Closed\"\ndetail = \"{}\"\n",
        "x".repeat(501)
    );
    assert_eq!(
        messages(&source),
        [
            "pay.toml:4:10: field `errors.CLOSED.detail`: detail is 501 characters long; expected at most 500"
        ]
    );
}

#[test]
fn control_characters_in_text() {
    assert_eq!(
        messages("[errors.CLOSED]\nstatus = 409\ntitle = \"Closed\\nnow\"\n"),
        [
            "pay.toml:3:9: field `errors.CLOSED.title`: title contains a control character; expected a single line of plain text"
        ]
    );
}

#[test]
fn undeclared_placeholder() {
    assert_eq!(
        messages(
            "[errors.CLOSED]\nstatus = 409\ntitle = \"Closed\"\ndetail = \"Closed {since}\"\n"
        ),
        [
            "pay.toml:4:10: field `errors.CLOSED.detail`: placeholder `{since}` is not declared; expected it in the entry's `placeholders` list"
        ]
    );
}

#[test]
fn undeclared_placeholder_in_a_translation() {
    let source = "[errors.CLOSED]\nstatus = 409\ntitle = \"Closed\"\nplaceholders = [\"since\"]\n\
                  [errors.CLOSED.i18n.de]\ndetail = \"Seit {seit}\"\n";
    assert_eq!(
        messages(source),
        [
            "pay.toml:6:10: field `errors.CLOSED.i18n.de.detail`: placeholder `{seit}` is not declared; expected it in the entry's `placeholders` list"
        ]
    );
}

#[test]
fn placeholder_in_a_title() {
    assert_eq!(
        messages("[errors.CLOSED]\nstatus = 409\ntitle = \"Closed {x}\"\nplaceholders = [\"x\"]\n"),
        [
            "pay.toml:3:9: field `errors.CLOSED.title`: title uses placeholder `{x}`; titles must be the same for every occurrence (RFC 9457), put it in `detail`"
        ]
    );
}

#[test]
fn invalid_placeholder_list() {
    assert_eq!(
        messages("[errors.CLOSED]\nstatus = 409\ntitle = \"Closed\"\nplaceholders = [\"Since\"]\n"),
        [
            "pay.toml:4:16: field `errors.CLOSED.placeholders`: expected an array of placeholder names like [\"amount\", \"currency\"] (lower-case letters, digits and `_`)"
        ]
    );
}

#[test]
fn translation_of_an_unknown_code() {
    assert_eq!(
        messages("[errors.NO_SUCH_CODE.i18n.de]\ntitle = \"Gibt es nicht\"\n"),
        [
            "pay.toml:1:9: field `errors.NO_SUCH_CODE`: translation of unknown code `NO_SUCH_CODE`; expected `status` and `title` here or an entry for `NO_SUCH_CODE` in an earlier catalog"
        ]
    );
}

#[test]
fn translation_of_a_code_from_an_earlier_file_is_fine() {
    let mut builder = CatalogBuilder::new();
    builder.add_toml(VALID, "pay.toml").unwrap();
    builder
        .add_toml(
            "[errors.INSUFFICIENT_FUNDS.i18n.fr]\ntitle = \"Fonds insuffisants\"\n",
            "fr.toml",
        )
        .unwrap();
    builder
        .add_toml(
            "[errors.NOT_FOUND.i18n.fr]\ntitle = \"Introuvable\"\n",
            "fr2.toml",
        )
        .unwrap();
    let lint = builder.finish();
    assert_eq!(lint.diagnostics, []);
    let problem = lint.catalog.problem("NOT_FOUND", Some("fr")).unwrap();
    assert_eq!(problem.title, "Introuvable");
    assert_eq!(lint.catalog.languages(), ["en", "de", "fr"]);
}

#[test]
fn invalid_language_tag() {
    assert_eq!(
        messages("[errors.NOT_FOUND.i18n.german_de]\ntitle = \"Nicht gefunden\"\n"),
        [
            "pay.toml:1:24: field `errors.NOT_FOUND.i18n.german_de`: `german_de` is not a language tag; expected a BCP 47 tag like \"de\" or \"pt-BR\""
        ]
    );
}

#[test]
fn unknown_keys_everywhere() {
    let source = "colour = 1\n[catalog]\nformt = \"problem\"\n[errors.CLOSED]\nstatus = 409\ntitle = \"Closed\"\nseverity = 3\n\
                  [errors.CLOSED.i18n.de]\nbody = \"x\"\n";
    assert_eq!(
        messages(source),
        [
            "pay.toml:1:1: field `colour`: unknown key `colour`; expected one of catalog, errors",
            "pay.toml:3:1: field `catalog.formt`: unknown key `formt`; expected one of format, type_base, default_language",
            "pay.toml:7:1: field `errors.CLOSED.severity`: unknown key `severity`; expected one of status, title, detail, type, retryable, placeholders, i18n",
            "pay.toml:9:1: field `errors.CLOSED.i18n.de.body`: unknown key `body`; expected one of title, detail",
        ]
    );
}

#[test]
fn missing_status_for_a_new_code() {
    assert_eq!(
        messages("[errors.CLOSED]\ntitle = \"Closed\"\n"),
        [
            "pay.toml:1:9: field `errors.CLOSED`: missing `status`; a new code needs `status` and `title`"
        ]
    );
}

#[test]
fn invalid_settings() {
    let source =
        "[catalog]\nformat = \"xml\"\ntype_base = \"errors\"\ndefault_language = \"english!\"\n";
    assert_eq!(
        messages(source),
        [
            "pay.toml:2:10: field `catalog.format`: unknown format `xml`; expected one of problem, envelope, jsonapi",
            "pay.toml:3:13: field `catalog.type_base`: `errors` is not an absolute http(s) URI; expected a base like \"https://errors.example.com/\" or \"about:blank\"",
            "pay.toml:4:20: field `catalog.default_language`: `english!` is not a language tag; expected a BCP 47 tag like \"de\" or \"pt-BR\"",
        ]
    );
}

#[test]
fn wrong_shapes() {
    assert_eq!(
        messages("errors = 3\n"),
        ["pay.toml:1:10: field `errors`: expected a table, found integer"]
    );
    assert_eq!(
        messages("[errors.CLOSED]\nstatus = 409\ntitle = \"Closed\"\nretryable = \"no\"\n"),
        ["pay.toml:4:13: field `errors.CLOSED.retryable`: expected true or false, found string"]
    );
}

#[test]
fn invalid_entries_are_not_applied() {
    let lint = lint("[errors.NOT_FOUND]\nstatus = 200\ntitle = \"Oops\"\n");
    assert_eq!(lint.diagnostics.len(), 1);
    let entry = lint.catalog.entry("NOT_FOUND").unwrap();
    assert_eq!((entry.status, entry.title.as_str()), (404, "Not found"));
}

#[test]
fn syntax_errors_name_the_place() {
    let mut builder = CatalogBuilder::new();
    let error = builder
        .add_toml("[errors.X]\nstatus = = 4\n", "bad.toml")
        .unwrap_err();
    assert_eq!(error.location.to_string(), "bad.toml:2:10");
    assert!(
        error
            .to_string()
            .starts_with("bad.toml:2:10: invalid TOML: "),
        "{error}"
    );
}

#[test]
fn from_toml_rejects_any_finding() {
    let error = Catalog::from_toml("[errors.CLOSED]\ntitle = \"Closed\"\n", "c.toml").unwrap_err();
    assert!(matches!(error, crate::catalog::CatalogError::Invalid(ref d) if d.len() == 1));
    assert!(Catalog::from_toml(VALID, "c.toml").is_ok());
}
