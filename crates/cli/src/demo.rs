//! `tightlip demo`: the gateway in front of a built-in, deliberately leaky backend.

use std::fmt::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;
use tightlip_gateway::demo::{ROUTES, spawn_backend};
use tightlip_gateway::{AdminConfig, Gateway, GatewayConfig};

/// Arguments of `demo`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  tightlip demo\n  curl -i http://127.0.0.1:8080/api/python")]
pub struct Args {
    /// Where the gateway listens.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Where the admin endpoints (/healthz, /metrics) listen.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:9090")]
    admin: SocketAddr,
}

fn guide(gateway: SocketAddr, backend: SocketAddr, admin: SocketAddr) -> String {
    let mut out = String::from(
        "\nTry each route through the gateway, then straight at the leaky backend:\n\n",
    );
    for (path, what) in ROUTES {
        let _ = writeln!(out, "  # {what}");
        let _ = writeln!(out, "  curl -si http://{gateway}{path}");
        let _ = writeln!(out, "  curl -si http://{backend}{path}\n");
    }
    let _ = writeln!(
        out,
        "Every replaced error has an X-Request-ID; find the whole story behind it:\n\n  \
         tightlip incident show <X-Request-ID or short reference>\n  \
         tightlip incident list --since 1h\n  \
         curl -s http://{admin}/metrics\n\nCtrl-C stops the demo."
    );
    out
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let backend = spawn_backend(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
        let mut config = GatewayConfig::quick(args.listen, &format!("http://{backend}"));
        config.limits.upstream_timeout = Duration::from_secs(2);
        // The 403 on an existing resource comes back as 404: existence never leaks.
        config.hide_forbidden = true;
        config.admin = Some(AdminConfig { listen: args.admin, token: None });
        let running = Gateway::new(config)?
            .start()
            .await
            .map_err(|error| anyhow::anyhow!("cannot listen on {} or {}: {error}", args.listen, args.admin))?;
        eprintln!(
            "tightlip demo: gateway on http://{} in front of a leaky backend on http://{backend}; incidents in ./tightlip-data/incidents.db",
            running.local_addr()
        );
        eprintln!("{}", guide(running.local_addr(), backend, running.admin_addr().unwrap_or(args.admin)));
        crate::gateway::shutdown_signal().await;
        running.shutdown(Duration::from_secs(5)).await;
        Ok(ExitCode::SUCCESS)
    })
}
