//! `tightlip catalog audit FILE`: every message the system can emit, each proven not to leak.

use std::path::PathBuf;
use std::process::ExitCode;
use tightlip_core::catalog::{Catalog, Diagnostic, Lint};
use tightlip_detect::{Detector, Redactor};

/// Arguments of `catalog audit`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Catalog file overlaid on the built-in catalog.
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

/// One public text: who emits it, in which language, and whether it leaks.
struct Message<'a> {
    code: &'a str,
    status: u16,
    language: &'a str,
    field: &'static str,
    text: &'a str,
}

fn messages(catalog: &Catalog) -> Vec<Message<'_>> {
    let default = catalog.settings().default_language.as_str();
    let mut out = Vec::new();
    for entry in catalog.entries() {
        out.push(Message {
            code: &entry.code,
            status: entry.status,
            language: default,
            field: "title",
            text: &entry.title,
        });
        if let Some(detail) = &entry.detail {
            out.push(Message {
                code: &entry.code,
                status: entry.status,
                language: default,
                field: "detail",
                text: detail,
            });
        }
        for (language, texts) in &entry.translations {
            if let Some(title) = &texts.title {
                out.push(Message {
                    code: &entry.code,
                    status: entry.status,
                    language,
                    field: "title",
                    text: title,
                });
            }
            if let Some(detail) = &texts.detail {
                out.push(Message {
                    code: &entry.code,
                    status: entry.status,
                    language,
                    field: "detail",
                    text: detail,
                });
            }
        }
    }
    out
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let lint = super::load(std::slice::from_ref(&args.file), false)?;
    let detector = Detector::builtin();
    let all = messages(&lint.catalog);
    let mut leaking = 0;
    for message in &all {
        let findings = detector.scan_body(message.text.as_bytes());
        let verdict = if findings.is_empty() {
            "ok  ".to_owned()
        } else {
            leaking += 1;
            let rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
            format!("LEAK {}", rules.join(","))
        };
        println!(
            "{verdict}  {:<32} {} {:<5} {:<6} {}",
            message.code, message.status, message.language, message.field, message.text
        );
    }
    let languages = lint.catalog.languages().len();
    if leaking == 0 {
        eprintln!(
            "{} message(s) in {languages} language(s); none leaks",
            all.len()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("{leaking} of {} message(s) leak", all.len());
        Ok(ExitCode::from(1))
    }
}

/// Lint findings for catalog texts the detector flags: a public message must not leak.
pub fn leak_diagnostics(lint: &Lint, detector: &Detector) -> Vec<Diagnostic> {
    let redactor = Redactor::new();
    lint.texts
        .iter()
        .filter_map(|text| {
            let findings = detector.scan_body(text.text.as_bytes());
            let first = findings.first()?;
            // Lint output lands in CI logs: never re-print a secret from the catalog.
            let excerpt = redactor.redact(text.text.get(first.span.clone()).unwrap_or(""));
            Some(Diagnostic {
                location: text.location.clone(),
                field: text.field.clone(),
                message: format!(
                    "text reveals internals ({}, rule {}: `{excerpt}`); expected a message that names no stack, query, path, host, version or secret",
                    first.category.as_str(),
                    first.rule
                ),
            })
        })
        .collect()
}
