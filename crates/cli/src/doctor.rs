//! `tightlip doctor`: is everything tightlip needs in working order?

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use tightlip_incident::sink::SqliteSink;
use tightlip_incident::{Filter, Retention, Store};

/// Arguments of `doctor`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  tightlip doctor --store ./tightlip-data/incidents.db\n  \
    tightlip doctor --admin 127.0.0.1:9090"
)]
pub struct Args {
    /// The embedded incident store to check.
    #[arg(
        long,
        value_name = "PATH",
        default_value = "./tightlip-data/incidents.db"
    )]
    store: PathBuf,
    /// A running gateway's admin listener: its incident sinks are checked too.
    #[arg(long, value_name = "ADDR")]
    admin: Option<SocketAddr>,
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
    check("incident store", writable(args));
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
    if let Some(admin) = args.admin {
        check("running host", host_health(admin));
    }
    if healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Opens the store for writing and commits a marker: proves the directory is writable,
/// the file is a sound store, the disk has room and no other process holds the lock.
fn writable(args: &Args) -> Result<String, String> {
    SqliteSink::open(&args.store, Retention::default())
        .and_then(|mut sink| sink.probe())
        .map(|()| format!("{} takes writes", args.store.display()))
        .map_err(|error| {
            format!(
                "{}: {error}; incidents would go to stderr until this is fixed",
                args.store.display()
            )
        })
}

/// Asks a running gateway's `/healthz` whether any incident sink is degraded.
fn host_health(admin: SocketAddr) -> Result<String, String> {
    let agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(5)))
        .build()
        .new_agent();
    let url = format!("http://{admin}/healthz");
    let body = agent
        .get(&url)
        .call()
        .and_then(|mut response| response.body_mut().read_to_string())
        .map_err(|error| format!("{url}: {error}"))?;
    let mut lines = body.lines();
    match lines.next() {
        Some("ok") => Ok(format!("{admin} reports every incident sink healthy")),
        Some("degraded") => Err(format!(
            "{admin} records incidents to the stderr fallback: {}",
            lines.collect::<Vec<_>>().join("; ")
        )),
        _ => Err(format!("{url} answered something unexpected: {body:?}")),
    }
}
