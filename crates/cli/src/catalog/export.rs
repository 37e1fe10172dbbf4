//! `tightlip catalog export FILE --format ...`

use anyhow::Context;
use std::path::PathBuf;
use std::process::ExitCode;
use tightlip_core::catalog::ExportFormat;

/// Arguments of `catalog export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Catalog file overlaid on the built-in catalog.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// What to produce: markdown, typescript, openapi or json.
    #[arg(long, short, value_name = "FORMAT", value_parser = parse_format)]
    format: ExportFormat,
    /// Write here instead of standard output.
    #[arg(long, short, value_name = "PATH")]
    output: Option<PathBuf>,
}

fn parse_format(name: &str) -> Result<ExportFormat, String> {
    name.parse().map_err(|error| format!("{error}"))
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let catalog = super::load_valid(std::slice::from_ref(&args.file))?.catalog;
    let text = catalog.export(args.format);
    match &args.output {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("{}: cannot write", path.display()))?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
