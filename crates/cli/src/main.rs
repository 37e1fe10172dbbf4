//! The `tightlip` binary: a thin clap front end over the tightlip crates.

use clap::Parser;

/// Keeps HTTP APIs tight-lipped when they fail.
#[derive(Debug, Parser)]
#[command(name = "tightlip", version)]
struct Cli {}

fn main() {
    let _cli = Cli::parse();
}
