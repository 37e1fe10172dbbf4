//! `tightlip probe`: attack a live API's error paths and report every leak.

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;
use tightlip_detect::Severity;
use tightlip_probe::{Endpoint, Exchange, Format, Limits, Login, Observer, Plan, Target};

/// Arguments of `probe`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage, \
network or spec error.\n\nExamples:\n  \
tightlip probe http://127.0.0.1:3000 --paths paths.txt\n  \
tightlip probe http://127.0.0.1:3000 --openapi openapi.yaml --header 'Authorization: Bearer ...'\n  \
tightlip probe http://127.0.0.1:3000 --login POST:/login --login-user admin --format sarif --out probe.sarif"
)]
pub struct Args {
    /// The API's origin (and base path), http://HOST:PORT[/BASE]; nothing else is contacted.
    url: String,
    /// OpenAPI 3.x document (JSON or YAML): every operation is probed.
    #[arg(long, value_name = "FILE")]
    openapi: Option<PathBuf>,
    /// Paths to probe, one a line (`/api/orders/42` or `POST /api/orders`; `#` comments).
    #[arg(long, value_name = "FILE")]
    paths: Option<PathBuf>,
    /// A header for every request, such as credentials (repeatable).
    #[arg(long = "header", short = 'H', value_name = "K: V")]
    headers: Vec<String>,
    /// Test a login for account enumeration: METHOD:/path with a JSON username/password body.
    #[arg(long, value_name = "METHOD:/PATH")]
    login: Option<String>,
    /// An account that exists, for --login.
    #[arg(long, value_name = "NAME", default_value = "admin", requires = "login")]
    login_user: String,
    /// Attempts per side for --login.
    #[arg(long, value_name = "N", default_value_t = 30, requires = "login")]
    login_samples: usize,
    /// Report format.
    #[arg(long, value_name = "FORMAT", default_value = "human", value_parser = parse_format)]
    format: Format,
    /// Write the report here instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_name = "SEVERITY", default_value = "medium", value_parser = parse_severity)]
    fail_on: Severity,
    /// Requests per second at most.
    #[arg(long, value_name = "N", default_value_t = 20.0)]
    rate: f64,
    /// Requests at most, retries included.
    #[arg(long, value_name = "N", default_value_t = 2000)]
    max_requests: usize,
    /// Also send DELETE, PUT and PATCH.
    #[arg(long)]
    allow_unsafe_methods: bool,
    /// Show credential header values in curl commands.
    #[arg(long)]
    show_secrets: bool,
    /// Seconds one request may take.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    timeout: u64,
}

fn parse_format(text: &str) -> Result<Format, String> {
    text.parse()
}

fn parse_severity(text: &str) -> Result<Severity, String> {
    Severity::from_name(text)
        .ok_or_else(|| format!("unknown severity `{text}` (low, medium, high)"))
}

fn endpoints(args: &Args) -> anyhow::Result<Vec<Endpoint>> {
    let mut endpoints = Vec::new();
    if let Some(path) = &args.openapi {
        let source = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        endpoints.extend(tightlip_probe::openapi::endpoints(
            &source,
            &path.display().to_string(),
        )?);
    }
    if let Some(path) = &args.paths {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (method, literal) = line.split_once(' ').unwrap_or(("GET", line));
            let literal = literal.trim();
            if !literal.starts_with('/') {
                anyhow::bail!(
                    "{}:{}: `{line}` is not a path (start it with /)",
                    path.display(),
                    number + 1
                );
            }
            endpoints.push(Endpoint::from_literal(method, literal));
        }
    }
    Ok(endpoints)
}

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    if args.rate.is_nan() || args.rate <= 0.0 {
        anyhow::bail!("--rate must be above 0");
    }
    let target = Target::parse(&args.url)?;
    let mut plan = Plan::new(target);
    let endpoints = endpoints(args)?;
    if !endpoints.is_empty() {
        plan.endpoints = endpoints;
    }
    for header in &args.headers {
        let (name, value) = header
            .split_once(':')
            .with_context(|| format!("--header `{header}` is not `Name: value`"))?;
        plan.headers
            .push((name.trim().to_owned(), value.trim().to_owned()));
    }
    if let Some(spec) = &args.login {
        let mut login = Login::parse(spec, &args.login_user)
            .with_context(|| format!("--login `{spec}` is not METHOD:/path"))?;
        login.samples = args.login_samples.max(8);
        plan.login = Some(login);
    }
    plan.limits = Limits {
        rate: args.rate,
        max_requests: args.max_requests,
        allow_unsafe_methods: args.allow_unsafe_methods,
        timeout: Duration::from_secs(args.timeout.max(1)),
        ..Limits::default()
    };
    plan.show_secrets = args.show_secrets;
    let mut progress = Progress::new();
    let report = tightlip_probe::run(&plan, &mut progress)?;
    progress.finish();
    let text = report.render(args.format, args.fail_on);
    match &args.out {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("{}: cannot write", path.display()))?,
        None => print!("{text}"),
    }
    Ok(if report.failing(args.fail_on) > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A progress bar on a terminal; nothing otherwise.
struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    fn new() -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} {msg}")
                    .expect("static template"),
            );
            bar
        });
        Self { bar }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Observer for Progress {
    fn planned(&mut self, count: usize) {
        if let Some(bar) = &self.bar {
            bar.inc_length(count as u64);
        }
    }

    fn exchanged(&mut self, exchange: &Exchange) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
            bar.set_message(exchange.request.endpoint.clone());
        }
    }

    fn waiting(&mut self, wait: Duration) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("server asked to wait {} s", wait.as_secs()));
        }
    }
}
