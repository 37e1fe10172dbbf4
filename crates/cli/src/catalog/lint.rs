//! `tightlip catalog lint FILE...`

use std::path::PathBuf;
use std::process::ExitCode;
use tightlip_core::catalog::CatalogBuilder;
use tightlip_detect::Detector;

/// Arguments of `catalog lint`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Catalog files, applied in order over the built-in catalog.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

pub fn run(args: &Args) -> ExitCode {
    let mut builder = CatalogBuilder::new();
    let mut unreadable = 0;
    for path in &args.files {
        let origin = path.display().to_string();
        let source = match super::read(path) {
            Ok(source) => source,
            Err(error) => {
                eprintln!("{error:#}");
                unreadable += 1;
                continue;
            }
        };
        if let Err(error) = builder.add_toml(&source, &origin) {
            println!("{error}");
            unreadable += 1;
        }
    }
    let mut lint = builder.finish();
    // A catalog text that leaks is as bad as the leak it replaces.
    let leaks = super::audit::leak_diagnostics(&lint, &Detector::builtin());
    lint.diagnostics.extend(leaks);
    let order: Vec<String> = args.files.iter().map(|p| p.display().to_string()).collect();
    lint.diagnostics.sort_by_key(|d| {
        let file = order.iter().position(|o| *o == d.location.origin);
        (file, d.location.line, d.location.column)
    });
    for diagnostic in &lint.diagnostics {
        println!("{diagnostic}");
    }
    let files = args.files.len();
    let findings = lint.diagnostics.len();
    if unreadable > 0 {
        eprintln!(
            "{unreadable} of {files} file(s) could not be read or parsed; {findings} finding(s) in the rest"
        );
        ExitCode::from(2)
    } else if findings > 0 {
        eprintln!("{findings} finding(s) in {files} file(s)");
        ExitCode::from(1)
    } else {
        let codes = lint.catalog.entries().count();
        let languages = lint.catalog.languages().join(", ");
        eprintln!("ok: {files} file(s), {codes} codes, languages {languages}");
        ExitCode::SUCCESS
    }
}
