//! The `tightlip` binary: a thin clap front end over the tightlip crates.

mod catalog;
mod demo;
mod doctor;
mod gateway;
mod incident;
mod probe;
mod scan;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Keeps HTTP APIs tight-lipped when they fail.
///
/// Callers get a stable, standard error (RFC 9457 problem+json by default); attackers get
/// nothing; engineers get the whole story behind a request ID.
#[derive(Debug, Parser)]
#[command(
    name = "tightlip",
    version,
    after_help = "Examples:\n  \
        tightlip catalog lint examples/catalog.toml\n  \
        tightlip catalog show examples/catalog.toml INSUFFICIENT_FUNDS --lang de\n  \
        tightlip catalog export examples/catalog.toml --format typescript > errors.ts\n  \
        tightlip incident show 7K3M-9QXD-2F"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check, inspect, audit and export error catalogs.
    #[command(
        subcommand,
        after_help = "Examples:\n  tightlip catalog lint examples/catalog.toml\n  \
            tightlip catalog export examples/catalog.toml --format openapi"
    )]
    Catalog(catalog::Command),
    /// Look up, list and count recorded incidents.
    #[command(
        subcommand,
        after_help = "Examples:\n  tightlip incident show 7K3M-9QXD-2F\n  \
            tightlip incident list --since 1h --status 5xx"
    )]
    Incident(incident::Command),
    /// Run the gateway in front of a built-in, deliberately leaky backend and show the
    /// difference.
    Demo(demo::Args),
    /// Run the reverse proxy in front of a backend: no error response leaks, every detail
    /// becomes an incident.
    Gateway(gateway::Args),
    /// Scan HTTP responses or bodies for leaks: stack traces, SQL, paths, internal hosts,
    /// versions, debug pages, secrets, card numbers.
    Scan(scan::Args),
    /// Check that the incident store works; exit 1 if anything is degraded.
    Doctor(doctor::Args),
    /// Attack a live API's error paths with crafted requests and report every leak.
    Probe(probe::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Catalog(command) => command.run(),
        Command::Incident(command) => command.run(),
        Command::Doctor(args) => Ok(doctor::run(&args)),
        Command::Scan(args) => scan::run(&args),
        Command::Gateway(args) => gateway::run(&args),
        Command::Demo(args) => demo::run(&args),
        Command::Probe(args) => probe::run(&args),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("tightlip: error: {error:#}");
            ExitCode::from(2)
        }
    }
}
