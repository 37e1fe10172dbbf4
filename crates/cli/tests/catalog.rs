//! `tightlip catalog` driven as a real process on real files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/catalog.toml")
}

fn tightlip(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tightlip"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("tightlip runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[test]
fn lint_accepts_the_example_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let example = example();
    let output = tightlip(&["catalog", "lint", example.to_str().unwrap()], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "");
    assert!(
        stderr(&output).starts_with("ok: 1 file(s), "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn lint_reports_every_finding_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.toml",
        "[errors.PAID]\nstatus = 200\ntitle = \"Paid\"\n\n[errors.lower]\nstatus = 404\n",
    );
    let output = tightlip(&["catalog", "lint", "bad.toml"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        "bad.toml:2:10: field `errors.PAID.status`: status 200 is outside 400-599; expected a client or server error status\n\
         bad.toml:5:9: field `errors.lower`: code `lower` is not valid; expected upper-case letters, digits and `_`, starting with a letter, 3-64 long (^[A-Z][A-Z0-9_]{2,63}$)\n"
    );
    assert_eq!(stderr(&output), "2 finding(s) in 1 file(s)\n");
}

#[test]
fn lint_exits_2_on_unparsable_or_missing_files_and_still_checks_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "broken.toml", "[errors.X\nstatus = 1\n");
    write(dir.path(), "bad.toml", "[errors.CLOSED]\nstatus = 409\n");
    let output = tightlip(
        &["catalog", "lint", "missing.toml", "broken.toml", "bad.toml"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    let out = stdout(&output);
    assert!(out.starts_with("broken.toml:1:10: invalid TOML: "), "{out}");
    assert!(out.ends_with("bad.toml:1:9: field `errors.CLOSED`: missing `title`; a new code needs `status` and `title`\n"), "{out}");
    let err = stderr(&output);
    assert!(err.starts_with("missing.toml: cannot read: "), "{err}");
    assert!(
        err.ends_with("2 of 3 file(s) could not be read or parsed; 1 finding(s) in the rest\n"),
        "{err}"
    );
}

#[test]
fn show_one_code_with_translations_and_an_example_body() {
    let dir = tempfile::tempdir().unwrap();
    let example = example();
    let output = tightlip(
        &[
            "catalog",
            "show",
            example.to_str().unwrap(),
            "AMOUNT_LIMIT_EXCEEDED",
            "--lang",
            "de-CH",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn show_unknown_code_says_how_to_list_them() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "c.toml", "");
    let output = tightlip(&["catalog", "show", "c.toml", "NOPE_NOPE"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "tightlip: error: unknown code `NOPE_NOPE`; `tightlip catalog show c.toml` lists every code\n"
    );
}

#[test]
fn show_and_export_refuse_an_invalid_catalog() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "c.toml", "[errors.CLOSED]\nstatus = 409\n");
    for args in [
        ["catalog", "show", "c.toml", ""],
        ["catalog", "export", "c.toml", "-fjson"],
    ] {
        let args: Vec<&str> = args.into_iter().filter(|a| !a.is_empty()).collect();
        let output = tightlip(&args, dir.path());
        assert_eq!(output.status.code(), Some(2));
        assert!(stderr(&output).contains("c.toml:1:9: field `errors.CLOSED`: missing `title`"));
        assert_eq!(stdout(&output), "");
    }
}

fn export(format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let example = example();
    let output = tightlip(
        &[
            "catalog",
            "export",
            example.to_str().unwrap(),
            "--format",
            format,
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn export_markdown() {
    insta::assert_snapshot!(export("markdown"));
}

#[test]
fn export_typescript() {
    insta::assert_snapshot!(export("typescript"));
}

#[test]
fn export_openapi() {
    let text = export("openapi");
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let responses = document["components"]["responses"].as_object().unwrap();
    let codes = document["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .unwrap();
    assert_eq!(responses.len(), codes.len());
    insta::assert_snapshot!(text);
}

#[test]
fn export_json() {
    let text = export("json");
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(document["errors"]["INSUFFICIENT_FUNDS"]["status"], 409);
    insta::assert_snapshot!(text);
}

#[test]
fn export_is_deterministic_and_writes_files() {
    let dir = tempfile::tempdir().unwrap();
    let example = example();
    let output = tightlip(
        &[
            "catalog",
            "export",
            example.to_str().unwrap(),
            "-f",
            "markdown",
            "-o",
            "errors.md",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0));
    let written = std::fs::read_to_string(dir.path().join("errors.md")).unwrap();
    assert_eq!(written, export("markdown"));
}

#[test]
fn export_rejects_unknown_formats() {
    let dir = tempfile::tempdir().unwrap();
    let output = tightlip(
        &["catalog", "export", "c.toml", "--format", "yaml"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(
        "unknown export format `yaml`; expected one of markdown, typescript, openapi, json"
    ));
}

#[test]
fn every_help_teaches_with_an_example() {
    let dir = tempfile::tempdir().unwrap();
    let commands = [
        "",
        "catalog",
        "catalog lint",
        "catalog show",
        "catalog export",
        "catalog audit",
        "incident",
        "incident show",
        "incident list",
        "incident stats",
        "scan",
        "doctor",
    ];
    for command in commands {
        let mut args: Vec<&str> = command.split_whitespace().collect();
        args.push("--help");
        let output = tightlip(&args, dir.path());
        assert_eq!(output.status.code(), Some(0));
        let help = stdout(&output);
        assert!(help.contains("Example"), "{args:?}: {help}");
        assert!(
            help.contains(&format!("tightlip {command}")),
            "{args:?}: {help}"
        );
    }
}

#[test]
fn lint_flags_catalog_texts_that_leak_without_reprinting_secrets() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "leaky.toml",
        "[errors.DB_DOWN]\nstatus = 503\ntitle = \"Database down\"\ndetail = \"Cannot reach postgres://app:hunter2@10.0.0.5:5432/shop\"\n\n\
         [errors.DB_DOWN.i18n.de]\ndetail = \"Traceback (most recent call last): in /srv/app/db.py\"\n",
    );
    let output = tightlip(&["catalog", "lint", "leaky.toml"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with(
            "leaky.toml:4:10: field `errors.DB_DOWN.detail`: text reveals internals (secret, rule "
        ),
        "{out}"
    );
    assert!(lines[1].starts_with("leaky.toml:7:10: field `errors.DB_DOWN.i18n.de.detail`: text reveals internals (stack_trace"), "{out}");
    assert!(!out.contains("hunter2"), "{out}");
}

#[test]
fn audit_lists_every_message_and_proves_none_leaks() {
    let dir = tempfile::tempdir().unwrap();
    let example = example();
    let output = tightlip(&["catalog", "audit", example.to_str().unwrap()], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let out = stdout(&output);
    assert!(out.lines().all(|line| line.starts_with("ok  ")), "{out}");
    assert!(
        out.contains(
            "INSUFFICIENT_FUNDS               409 de    title  Guthaben nicht ausreichend"
        ),
        "{out}"
    );
    let count = out.lines().count();
    assert!(
        stderr(&output).starts_with(&format!("{count} message(s) in 3 language(s); none leaks"))
    );
}

#[test]
fn audit_exits_1_when_a_message_leaks() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = "[errors.NOT_FOUND]\ndetail = \"No row in table users (ORA-00942)\"\n";
    write(dir.path(), "c.toml", catalog);
    let output = tightlip(&["catalog", "audit", "c.toml"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    let leaking: Vec<&str> = out.lines().filter(|l| l.starts_with("LEAK")).collect();
    assert_eq!(leaking.len(), 1, "{leaking:?}");
    assert!(leaking[0].contains("NOT_FOUND"), "{leaking:?}");
    let total = out.lines().count();
    assert_eq!(stderr(&output), format!("1 of {total} message(s) leak\n"));
    // Show and export refuse a leaking catalog like any invalid one.
    let output = tightlip(&["catalog", "show", "c.toml"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("text reveals internals (sql"), "{err}");
}
