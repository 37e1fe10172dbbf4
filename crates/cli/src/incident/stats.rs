//! `tightlip incident stats`

use super::StoreArg;
use std::process::ExitCode;
use tightlip_incident::Filter;

/// Arguments of `incident stats`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The window, like 1h, 24h, 7d.
    #[arg(long, value_name = "AGE", default_value = "24h")]
    since: String,
    /// Width of the time-series buckets, like 5m or 1h.
    #[arg(long, value_name = "WIDTH", default_value = "1h")]
    bucket: String,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    store: StoreArg,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let filter = Filter {
        since_ns: super::since(Some(&args.since))?,
        ..Filter::default()
    };
    let bucket =
        tightlip_incident::units::parse_duration(&args.bucket).map_err(anyhow::Error::msg)?;
    let stats = args.store.open()?.stats(&filter, bucket.as_secs())?;
    if args.json {
        println!("{}", serde_json::to_string(&stats)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("{} incident(s) in the last {}", stats.total, args.since);
    for (title, rows) in [
        ("by kind", &stats.by_kind),
        ("by code", &stats.by_code),
        ("by route", &stats.by_route),
        ("by leak category", &stats.by_category),
    ] {
        if rows.is_empty() {
            continue;
        }
        println!("\n{title}");
        for (name, count) in rows {
            println!("  {count:>8}  {name}");
        }
    }
    if !stats.buckets.is_empty() {
        println!("\nper {} (incidents, per minute)", args.bucket);
        let peak = stats
            .buckets
            .iter()
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(1)
            .max(1);
        for (start, count) in &stats.buckets {
            #[expect(clippy::cast_precision_loss, reason = "a rate shown to 0.01")]
            let per_minute = *count as f64 * 60.0 / stats.bucket_seconds as f64;
            let bar = "#".repeat(usize::try_from(count * 40 / peak).unwrap_or(40));
            println!(
                "  {}  {count:>8}  {per_minute:>9.2}  {bar}",
                super::timestamp(*start)
            );
        }
    }
    if !stats.pipeline.is_empty() {
        println!("\npipeline (latest run per sink and host)");
        for run in &stats.pipeline {
            println!(
                "  {:<8} {:<16} submitted {}  stored {}  dropped {}  failed {}",
                run.sink, run.host, run.submitted, run.stored, run.dropped, run.failed
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
