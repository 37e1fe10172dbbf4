//! `tightlip incident`: find the whole story behind a request ID.

mod list;
mod show;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;
use tightlip_incident::Store;

/// The `incident` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Show one incident in full, by request ID or short reference; secrets are already masked.
    ///
    /// Exit status: 0 found, 1 not found, 2 malformed ID or unreadable store.
    #[command(after_help = "Examples:\n  tightlip incident show 7K3M-9QXD-2F\n  \
        tightlip incident show f47ac10b-58cc-4372-a567-0e02b2c3d479 --json")]
    Show(show::Args),
    /// List recent incidents, newest first.
    #[command(
        after_help = "Examples:\n  tightlip incident list --since 1h --status 5xx\n  \
        tightlip incident list --kind leak_blocked --category sql --limit 20 --json"
    )]
    List(list::Args),
    /// Count incidents by kind, code, route and leak category, with a time series and the
    /// pipeline's submitted/stored/dropped counters.
    #[command(after_help = "Examples:\n  tightlip incident stats --since 24h\n  \
        tightlip incident stats --since 7d --bucket 1h --json")]
    Stats(stats::Args),
}

impl Command {
    /// Runs the subcommand.
    pub fn run(self) -> anyhow::Result<ExitCode> {
        match self {
            Command::Show(args) => show::run(&args),
            Command::List(args) => list::run(&args),
            Command::Stats(args) => stats::run(&args),
        }
    }
}

/// The store option every subcommand shares.
#[derive(Debug, clap::Args)]
pub struct StoreArg {
    /// The embedded incident store.
    #[arg(
        long,
        value_name = "PATH",
        default_value = "./tightlip-data/incidents.db"
    )]
    store: PathBuf,
}

impl StoreArg {
    fn open(&self) -> anyhow::Result<Store> {
        Ok(Store::open(&self.store)?)
    }
}

/// Parses `--since 1h` into a lower time bound.
fn since(text: Option<&str>) -> anyhow::Result<Option<i64>> {
    let Some(text) = text else {
        return Ok(None);
    };
    let window = tightlip_incident::units::parse_duration(text).map_err(anyhow::Error::msg)?;
    let window = i64::try_from(window.as_nanos()).unwrap_or(i64::MAX);
    Ok(Some(tightlip_incident::now_ns().saturating_sub(window)))
}

/// Formats ns since the epoch as RFC 3339 UTC with milliseconds.
fn timestamp(at_ns: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(at_ns))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.millisecond()
    )
}
