//! `tightlip doctor`: is everything tightlip needs in working order?

use std::path::PathBuf;
use std::process::ExitCode;
use tightlip_incident::sink::SqliteSink;
use tightlip_incident::{Filter, Retention, Store};

/// Arguments of `doctor`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  tightlip doctor --store ./tightlip-data/incidents.db")]
pub struct Args {
    /// The embedded incident store to check.
    #[arg(
        long,
        value_name = "PATH",
        default_value = "./tightlip-data/incidents.db"
    )]
    store: PathBuf,
}

/// Prints one line per check; exit 0 when all pass, 1 when something is degraded.
pub fn run(args: &Args) -> ExitCode {
    let mut healthy = true;
    let mut check = |name: &str, outcome: Result<String, String>| match outcome {
        Ok(detail) => println!("ok        {name}: {detail}"),
        Err(problem) => {
            healthy = false;
            println!("degraded  {name}: {problem}");
        }
    };
    // Opening for writing proves the directory is writable and the file is a sound store.
    let writable = SqliteSink::open(&args.store, Retention::default())
        .map(|_| format!("{} opens for writing", args.store.display()))
        .map_err(|error| {
            format!(
                "{}: {error}; incidents would go to stderr until this is fixed",
                args.store.display()
            )
        });
    check("incident store", writable);
    let readable = Store::open(&args.store)
        .and_then(|store| store.stats(&Filter::default(), 3600))
        .map(|stats| {
            let dropped: u64 = stats
                .pipeline
                .iter()
                .map(|run| run.dropped + run.failed)
                .sum();
            format!(
                "{} incident(s) stored, {dropped} dropped or failed in recent runs",
                stats.total
            )
        })
        .map_err(|error| error.to_string());
    check("incident queries", readable);
    if healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
