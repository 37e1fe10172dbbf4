//! `tightlip catalog show FILE [CODE]`

use anyhow::Context;
use std::fmt::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tightlip_core::catalog::{Catalog, Entry, EntryOrigin};

/// Arguments of `catalog show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Catalog file overlaid on the built-in catalog.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Show only this code, with every translation and an example body.
    #[arg(value_name = "CODE")]
    code: Option<String>,
    /// Language for the example body, as an Accept-Language value (e.g. `de-CH`).
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let catalog = super::load_valid(std::slice::from_ref(&args.file))?.catalog;
    let text = match &args.code {
        None => table(&catalog),
        Some(code) => {
            let entry = catalog.entry(code).with_context(|| {
                format!(
                    "unknown code `{code}`; `tightlip catalog show {}` lists every code",
                    args.file.display()
                )
            })?;
            details(&catalog, entry, args.lang.as_deref())
        }
    };
    print!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn table(catalog: &Catalog) -> String {
    let settings = catalog.settings();
    let mut out = format!(
        "format {}, type base {}, languages {}\n\n",
        settings.format,
        settings.type_base,
        catalog.languages().join(", ")
    );
    let width = catalog.entries().map(|e| e.code.len()).max().unwrap_or(4);
    for entry in catalog.entries() {
        let source = match &entry.origin {
            EntryOrigin::Builtin => "built-in".to_owned(),
            EntryOrigin::File(location) => location.to_string(),
        };
        writeln!(
            out,
            "{:<width$}  {}  {:<32}  {source}",
            entry.code, entry.status, entry.title
        )
        .expect("String write");
    }
    out
}

fn details(catalog: &Catalog, entry: &Entry, lang: Option<&str>) -> String {
    let mut out = String::new();
    let mut line = |label: &str, value: &str| {
        writeln!(out, "{label:<13}{value}").expect("String write");
    };
    line("code", &entry.code);
    line("status", &entry.status.to_string());
    line("type", &catalog.type_uri(entry));
    line("title", &entry.title);
    line("detail", entry.detail.as_deref().unwrap_or("-"));
    line("retryable", if entry.retryable { "yes" } else { "no" });
    if !entry.placeholders.is_empty() {
        line("placeholders", &entry.placeholders.join(", "));
    }
    for (language, texts) in &entry.translations {
        if let Some(title) = &texts.title {
            line(&format!("title.{language}"), title);
        }
        if let Some(detail) = &texts.detail {
            line(&format!("detail.{language}"), detail);
        }
    }
    // Sample values show where placeholders land without inventing data.
    let samples: Vec<String> = entry
        .placeholders
        .iter()
        .map(|n| format!("<{n}>"))
        .collect();
    let args: Vec<(&str, &str)> = entry
        .placeholders
        .iter()
        .map(String::as_str)
        .zip(samples.iter().map(String::as_str))
        .collect();
    let problem = catalog
        .problem_with(&entry.code, lang, &args)
        .expect("entry exists")
        .with_request_id("f47ac10b-58cc-4372-a567-0e02b2c3d479");
    let body = String::from_utf8(problem.render(catalog.format())).expect("JSON is UTF-8");
    writeln!(
        out,
        "\nexample {} body:\n{body}",
        catalog.format().content_type()
    )
    .expect("String write");
    out
}
