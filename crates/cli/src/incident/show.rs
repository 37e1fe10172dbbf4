//! `tightlip incident show ID|SHORT_REF`

use super::StoreArg;
use std::fmt::Write;
use std::process::ExitCode;
use tightlip_incident::{ErrorOrigin, Incident};

/// Arguments of `incident show`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Request ID (from `X-Request-ID` or the body's `request_id`) or short reference.
    #[arg(value_name = "ID|SHORT_REF")]
    key: String,
    /// Print the incident as one JSON object.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    store: StoreArg,
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let store = args.store.open()?;
    let Some(incident) = store.get(&args.key)? else {
        eprintln!(
            "tightlip: not found: no incident `{}` in {}",
            args.key,
            args.store.store.display()
        );
        return Ok(ExitCode::from(1));
    };
    if args.json {
        println!("{}", incident.to_json());
    } else {
        print!("{}", render(&incident));
    }
    Ok(ExitCode::SUCCESS)
}

fn render(incident: &Incident) -> String {
    let mut out = String::new();
    let mut line = |label: &str, value: &str| {
        writeln!(out, "{label:<10} {value}").expect("String write");
    };
    line(
        "incident",
        &format!("{}  (ref {})", incident.id, incident.short_ref),
    );
    line("time", &super::timestamp(incident.at_ns));
    let origin = match &incident.origin {
        ErrorOrigin::Own { reason } => format!("raised by tightlip: {reason}"),
        ErrorOrigin::PassedThrough => "upstream error passed through (nothing leaked)".to_owned(),
        ErrorOrigin::Replaced { reason } => format!("upstream error replaced: {reason}"),
        ErrorOrigin::Observed => "observed only (monitor policy)".to_owned(),
    };
    line("kind", &format!("{} ({origin})", incident.kind));
    let route = incident
        .route
        .as_deref()
        .map(|r| format!("  route {r}"))
        .unwrap_or_default();
    line(
        "request",
        &format!("{} {}{route}", incident.method, incident.path),
    );
    if let Some(client) = &incident.client_addr {
        line("client", client);
    }
    if let Some(client_id) = &incident.client_request_id {
        line("client id", client_id);
    }
    if let Some(upstream) = &incident.upstream_addr {
        let status = incident
            .upstream_status
            .map(|s| format!(" answered {s}"))
            .unwrap_or_default();
        line("upstream", &format!("{upstream}{status}"));
    }
    line(
        "caller saw",
        &format!("{} {}", incident.public_status, incident.code),
    );
    if let Some(trace) = &incident.trace_id {
        line("trace", trace);
    }
    #[expect(clippy::cast_precision_loss, reason = "durations shown to 0.01 ms")]
    let millis = incident.duration_us as f64 / 1000.0;
    line("duration", &format!("{millis:.2} ms on {}", incident.host));
    if !incident.findings.is_empty() {
        writeln!(out, "findings").expect("String write");
        for finding in &incident.findings {
            let place = finding.header.as_deref().map_or_else(
                || format!("body {}..{}", finding.start, finding.end),
                |header| format!("header {header}"),
            );
            writeln!(
                out,
                "  {:<18} {:<28} {place}",
                finding.category, finding.rule
            )
            .expect("String write");
        }
    }
    for (index, error) in incident.error_chain.iter().enumerate() {
        writeln!(
            out,
            "{} {error}",
            if index == 0 { "error   " } else { "caused by" }
        )
        .expect("String write");
    }
    if let Some(upstream) = &incident.upstream {
        let truncated = if upstream.truncated {
            ", truncated"
        } else {
            ""
        };
        writeln!(
            out,
            "upstream response ({} bytes{truncated}, secrets masked)",
            upstream.original_len
        )
        .expect("String write");
        for (name, value) in &upstream.headers {
            writeln!(out, "  {name}: {value}").expect("String write");
        }
        writeln!(out).expect("String write");
        for body_line in upstream.body.lines() {
            writeln!(out, "  {body_line}").expect("String write");
        }
    }
    out
}
