//! `tightlip incident list`

use super::StoreArg;
use std::process::ExitCode;
use tightlip_incident::{Filter, IncidentKind, StatusFilter};

/// Arguments of `incident list`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only incidents newer than this, like 15m, 1h, 7d.
    #[arg(long, value_name = "AGE")]
    since: Option<String>,
    /// Only this kind: leak_blocked, upstream_error, gateway_error, status_mismatch, auth_failure, panic, service_error.
    #[arg(long, value_name = "KIND")]
    kind: Option<String>,
    /// Only this public status or class, like 503 or 5xx.
    #[arg(long, value_name = "STATUS")]
    status: Option<String>,
    /// Only incidents with a leak of this category, like sql or stack_trace.
    #[arg(long, value_name = "CATEGORY")]
    category: Option<String>,
    /// Only this catalog code.
    #[arg(long, value_name = "CODE")]
    code: Option<String>,
    /// At most this many.
    #[arg(long, value_name = "N", default_value_t = 50)]
    limit: usize,
    /// One JSON object per line.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    store: StoreArg,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    // Parsed here rather than by clap so a bad value is one line, like every other error.
    let kind = args
        .kind
        .as_deref()
        .map(str::parse::<IncidentKind>)
        .transpose()?;
    let status = args
        .status
        .as_deref()
        .map(str::parse::<StatusFilter>)
        .transpose()?;
    let filter = Filter {
        since_ns: super::since(args.since.as_deref())?,
        kind,
        status,
        category: args.category.clone(),
        code: args.code.clone(),
        limit: args.limit.max(1),
    };
    let rows = args.store.open()?.list(&filter)?;
    for row in &rows {
        if args.json {
            println!("{}", serde_json::to_string(row)?);
        } else {
            println!(
                "{}  {}  {:<15}  {}  {:<24}  {:<20}  {}",
                super::timestamp(row.at_ns),
                row.short_ref,
                row.kind,
                row.public_status,
                row.code,
                row.categories.join(","),
                row.id
            );
        }
    }
    if !args.json {
        eprintln!("{} incident(s)", rows.len());
    }
    Ok(ExitCode::SUCCESS)
}
