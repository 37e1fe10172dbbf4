//! `tightlip gateway`: the reverse proxy in front of a backend.

use anyhow::Context;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use tightlip_gateway::{Gateway, GatewayConfig};

/// Arguments of `gateway`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  \
    tightlip gateway --listen 127.0.0.1:8080 --upstream http://127.0.0.1:3000\n  \
    tightlip gateway --upstream http://127.0.0.1:3000 --catalog examples/catalog.toml --store ./tightlip-data/incidents.db\n  \
    tightlip gateway --config tightlip.toml\n  \
    tightlip gateway --check --config tightlip.toml")]
pub struct Args {
    /// Address to accept callers on.
    #[arg(
        long,
        value_name = "ADDR",
        default_value = "127.0.0.1:8080",
        conflicts_with = "config"
    )]
    listen: SocketAddr,
    /// The backend, http://HOST:PORT.
    #[arg(
        long,
        value_name = "URL",
        required_unless_present = "config",
        conflicts_with = "config"
    )]
    upstream: Option<String>,
    /// Error catalog overlaid on the built-in one.
    #[arg(long, value_name = "FILE", conflicts_with = "config")]
    catalog: Option<PathBuf>,
    /// Embedded incident store.
    #[arg(long, value_name = "PATH", conflicts_with = "config")]
    store: Option<PathBuf>,
    /// A TOML file with every setting (see docs/gateway.md).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Validate the configuration and exit: 0 valid, 2 invalid.
    #[arg(long, requires = "config")]
    check: bool,
}

fn load(args: &Args) -> anyhow::Result<GatewayConfig> {
    if let Some(path) = &args.config {
        return Ok(GatewayConfig::load(path)?);
    }
    let upstream = args.upstream.as_deref().context("--upstream is required")?;
    let mut config = GatewayConfig::quick(args.listen, upstream);
    config.catalog.clone_from(&args.catalog);
    if let Some(store) = &args.store {
        config.incidents.store.clone_from(store);
    }
    // Validates the upstream URL the same way a file would be.
    let text = toml_quick(&config);
    GatewayConfig::parse(&text, "command line")?;
    Ok(config)
}

fn toml_quick(config: &GatewayConfig) -> String {
    format!(
        "listen = \"{}\"\nupstream = {:?}\n",
        config.listen, config.upstream
    )
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let config = load(args)?;
    if args.check {
        // The certificate and key are read too, so a bad PEM fails here, not at start.
        if let Some(tls) = &config.tls {
            tls.acceptor()?;
        }
        let routes = config.routes.len() + usize::from(!config.upstream.is_empty());
        println!(
            "{}: ok ({routes} route{}, tls {})",
            args.config
                .as_ref()
                .map_or_else(String::new, |p| p.display().to_string()),
            if routes == 1 { "" } else { "s" },
            if config.tls.is_some() { "on" } else { "off" },
        );
        return Ok(ExitCode::SUCCESS);
    }
    serve(config, None)
}

/// Runs a gateway until SIGINT or SIGTERM, then drains and flushes incidents.
pub fn serve(config: GatewayConfig, banner: Option<String>) -> anyhow::Result<ExitCode> {
    // This runtime only accepts connections, serves the admin endpoint and waits for a
    // signal; the requests run on the gateway's own worker threads. One thread does:
    // a multi-threaded runtime here added a thread per core that sat idle.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let upstream = if config.routes.is_empty() {
            config.upstream.clone()
        } else {
            format!(
                "{} routes",
                config.routes.len() + usize::from(!config.upstream.is_empty())
            )
        };
        let scheme = if config.tls.is_some() {
            "https"
        } else {
            "http"
        };
        let drain = config.limits.drain_timeout;
        let running = Gateway::new(config)?
            .start()
            .await
            .context("binding the listen address")?;
        eprintln!(
            "tightlip: gateway on {scheme}://{} in front of {upstream}",
            running.local_addr()
        );
        if let Some(admin) = running.admin_addr() {
            eprintln!("tightlip: admin on http://{admin} (/healthz, /metrics, /incidents/ID)");
        }
        if let Some(banner) = banner {
            eprintln!("{banner}");
        }
        shutdown_signal().await;
        eprintln!("tightlip: draining");
        let stats = running.shutdown(drain).await;
        for lane in stats {
            eprintln!(
                "tightlip: incidents to {}: submitted {} stored {} dropped {} failed {}",
                lane.sink, lane.submitted, lane.stored, lane.dropped, lane.failed
            );
        }
        Ok(ExitCode::SUCCESS)
    })
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .expect("installing a SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate.recv() => {}
    }
}
