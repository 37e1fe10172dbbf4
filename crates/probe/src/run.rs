//! One probe run: plan the battery, send it politely, check every answer, report.

use crate::battery::{self, Context};
use crate::check::{Checker, EndpointRun};
use crate::endpoint::Endpoint;
use crate::enumeration::{self, Login};
use crate::finding::Findings;
use crate::report::{self, Report};
use crate::schedule::{Limits, Observer, Scheduler};
use crate::target::Target;
use std::net::TcpStream;
use std::time::Instant;
use tightlip_detect::Detector;

/// What to probe and how.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The origin.
    pub target: Target,
    /// The endpoints to aim the battery at.
    pub endpoints: Vec<Endpoint>,
    /// Headers sent with every request (credentials, typically).
    pub headers: Vec<(String, String)>,
    /// The login to test for enumeration.
    pub login: Option<Login>,
    /// Rate, budget, methods, timeouts.
    pub limits: Limits,
    /// Show credential values in curl commands.
    pub show_secrets: bool,
}

impl Plan {
    /// A plan with safe defaults: the given URL's own path, no login, default limits.
    pub fn new(target: Target) -> Self {
        let root = if target.base_path.is_empty() { "/" } else { "" };
        Self {
            endpoints: vec![Endpoint::from_literal("GET", root)],
            target,
            headers: Vec::new(),
            login: None,
            limits: Limits::default(),
            show_secrets: false,
        }
    }
}

/// The run could not be carried out.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProbeError {
    /// Nothing listens at the target.
    #[error("cannot connect to {target}: {reason}")]
    Unreachable {
        /// The origin.
        target: String,
        /// The OS's reason.
        reason: String,
    },
    /// Every request failed without an answer.
    #[error("{target} answered none of {sent} requests")]
    NoAnswers {
        /// The origin.
        target: String,
        /// Requests sent.
        sent: usize,
    },
}

/// Runs `plan`, telling `observer` about progress.
pub fn run(plan: &Plan, observer: &mut dyn Observer) -> Result<Report, ProbeError> {
    let started = Instant::now();
    let started_at = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    TcpStream::connect_timeout(&plan.target.addr, plan.limits.timeout).map_err(|error| {
        ProbeError::Unreachable {
            target: plan.target.to_string(),
            reason: error.to_string(),
        }
    })?;
    let canary = format!("tlp{}", &uuid::Uuid::new_v4().simple().to_string()[..10]);
    let context = Context {
        base: &plan.target.base_path,
        canary: &canary,
        headers: &plan.headers,
    };
    let batteries: Vec<_> = plan
        .endpoints
        .iter()
        .map(|endpoint| battery::requests(endpoint, &context))
        .collect();
    let mut scheduler = Scheduler::new(&plan.target, plan.limits, observer);
    let total: usize = batteries.iter().map(Vec::len).sum();
    scheduler.observer().planned(total);
    let mut runs = Vec::new();
    for requests in batteries {
        let exchanges = requests
            .into_iter()
            .filter_map(|request| scheduler.send(request))
            .collect();
        runs.push(EndpointRun { exchanges });
    }
    let mut findings = Findings::default();
    let enumeration = plan.login.as_ref().and_then(|login| {
        enumeration::probe(
            login,
            &plan.target.base_path,
            &canary,
            &plan.headers,
            &mut scheduler,
            &mut findings,
        )
    });
    let tally = scheduler.tally();
    let answered = runs
        .iter()
        .flat_map(|run| &run.exchanges)
        .any(|exchange| exchange.response().is_some());
    if !answered && tally.sent > 0 {
        return Err(ProbeError::NoAnswers {
            target: plan.target.to_string(),
            sent: tally.sent,
        });
    }
    Checker::new(Detector::builtin(), &canary).check(&runs, &mut findings);
    let mut findings = findings.into_vec();
    report::number(&mut findings);
    for finding in &mut findings {
        finding.url = plan.target.url(&finding.request.target);
        finding.curl = crate::curl::command(&plan.target, &finding.request, plan.show_secrets);
    }
    let mut notes = Vec::new();
    if tally.skipped_unsafe > 0 {
        notes.push(format!(
            "{} requests with DELETE, PUT or PATCH were not sent (--allow-unsafe-methods sends them)",
            tally.skipped_unsafe
        ));
    }
    if tally.over_budget > 0 {
        notes.push(format!(
            "{} requests were not sent: the budget of {} was spent (--max-requests)",
            tally.over_budget, plan.limits.max_requests
        ));
    }
    if tally.stopped_by_server {
        notes.push(format!(
            "the server asked to wait longer than {} s (Retry-After); the run stopped there",
            plan.limits.max_retry_wait.as_secs()
        ));
    }
    if plan.login.is_some() && enumeration.is_none() {
        notes.push("the login got too few answers to compare accounts".to_owned());
    }
    Ok(Report {
        tool: concat!("tightlip probe ", env!("CARGO_PKG_VERSION")).to_owned(),
        target: plan.target.to_string(),
        started_at,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        endpoints: plan.endpoints.len() + usize::from(plan.login.is_some()),
        requests: tally,
        findings,
        enumeration,
        notes,
    })
}
