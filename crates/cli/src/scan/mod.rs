//! `tightlip scan`: does this response leak? Raw HTTP responses or bare bodies in, verdicts out.

mod input;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;
use tightlip_detect::{Detector, Redactor, Rules};

/// Arguments of `scan`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Each input is a raw HTTP response (status line, headers, body; chunked and \
gzip/deflate/br bodies are decoded) or, if it does not start with `HTTP/`, a bare body.\n\n\
Exit status: 0 nothing leaks, 1 at least one input leaks, 2 an input could not be read or decoded \
(the others are still reported).\n\nExamples:\n  \
curl -si http://127.0.0.1:3000/boom | tightlip scan -\n  \
tightlip scan --json captured/ > findings.jsonl\n  \
tightlip scan --rules my-rules.toml response.http"
)]
pub struct Args {
    /// Files or directories (recursed); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// One JSON object per input per line.
    #[arg(long)]
    json: bool,
    /// Extra detection rules (TOML), added to the built-in ones.
    #[arg(long, value_name = "FILE")]
    rules: Option<PathBuf>,
    /// Most bytes a compressed body may decode to.
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size)]
    max_decoded: u64,
}

fn parse_size(text: &str) -> Result<u64, String> {
    tightlip_incident::units::parse_size(text)
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let detector = match &args.rules {
        None => Detector::builtin(),
        Some(path) => {
            let source = std::fs::read_to_string(path)
                .map_err(|error| anyhow::anyhow!("{}: cannot read: {error}", path.display()))?;
            Detector::with_rules(Rules::from_toml(&source, &path.display().to_string())?)?
        }
    };
    let redactor = Redactor::new();
    let limit = usize::try_from(args.max_decoded).unwrap_or(usize::MAX);
    let mut leaks = 0;
    let mut failures = 0;
    for source in input::expand(&args.paths) {
        let scanned = source.and_then(|source| input::scan(&detector, source, limit));
        match scanned {
            Ok(scan) => {
                leaks += usize::from(scan.leaks());
                report::print(&scan, &redactor, args.json);
            }
            Err(error) => {
                failures += 1;
                eprintln!("tightlip: {error}");
            }
        }
    }
    Ok(if failures > 0 {
        ExitCode::from(2)
    } else if leaks > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
