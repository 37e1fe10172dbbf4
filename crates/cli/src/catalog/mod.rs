//! `tightlip catalog`: lint, show and export error catalogs.

mod audit;
mod export;
mod lint;
mod show;

use anyhow::Context;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tightlip_core::catalog::{CatalogBuilder, Lint};

/// The `catalog` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Check catalogs for every mistake, each reported as FILE:LINE:COL: field `...`: ...
    ///
    /// Files overlay the built-in catalog in the order given, so a later file may translate
    /// codes of an earlier one. Exit status: 0 clean, 1 findings, 2 a file could not be read
    /// or is not TOML.
    #[command(
        after_help = "Example:\n  tightlip catalog lint examples/catalog.toml translations/de.toml"
    )]
    Lint(lint::Args),
    /// Print the resolved catalog (built-in defaults plus the overlay), or one code in full.
    #[command(
        after_help = "Examples:\n  tightlip catalog show examples/catalog.toml\n  \
        tightlip catalog show examples/catalog.toml INSUFFICIENT_FUNDS --lang de-CH"
    )]
    Show(show::Args),
    /// Export the resolved catalog as a docs table, TypeScript, OpenAPI 3.1 or JSON.
    #[command(after_help = "Examples:\n  \
        tightlip catalog export examples/catalog.toml --format markdown > docs/errors.md\n  \
        tightlip catalog export examples/catalog.toml --format openapi -o errors.openapi.json")]
    Export(export::Args),
    /// Print every message the system can emit, in every language, and prove none leaks.
    ///
    /// Exit status: 0 none leaks, 1 some message leaks, 2 the catalog is unreadable or invalid.
    #[command(after_help = "Example:\n  tightlip catalog audit examples/catalog.toml")]
    Audit(audit::Args),
}

impl Command {
    /// Runs the subcommand.
    pub fn run(self) -> anyhow::Result<ExitCode> {
        match self {
            Command::Lint(args) => Ok(lint::run(&args)),
            Command::Show(args) => show::run(&args),
            Command::Export(args) => export::run(&args),
            Command::Audit(args) => audit::run(&args),
        }
    }
}

/// Reads and overlays `paths`; refuses a catalog with findings, listing all of them.
fn load_valid(paths: &[PathBuf]) -> anyhow::Result<Lint> {
    load(paths, true)
}

/// Like [`load_valid`]; `check_leaks = false` leaves leaking texts to the caller.
fn load(paths: &[PathBuf], check_leaks: bool) -> anyhow::Result<Lint> {
    let mut builder = CatalogBuilder::new();
    for path in paths {
        let source = read(path)?;
        builder.add_toml(&source, &path.display().to_string())?;
    }
    let mut lint = builder.finish();
    if check_leaks {
        let leaks = audit::leak_diagnostics(&lint, &tightlip_detect::Detector::builtin());
        lint.diagnostics.extend(leaks);
    }
    if let Some(first) = lint.diagnostics.first() {
        let all: Vec<String> = lint.diagnostics.iter().map(ToString::to_string).collect();
        anyhow::bail!(
            "the catalog has {} finding(s); fix them first (tightlip catalog lint):\n{}",
            all.len(),
            if all.len() == 1 {
                first.to_string()
            } else {
                all.join("\n")
            }
        );
    }
    Ok(lint)
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))
}
