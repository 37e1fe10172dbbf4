//! An axum service behind `TightlipLayer`, with one route per kind of failure.
//!
//! ```sh
//! cargo run -p tightlip-tower --example axum_service -- --listen 127.0.0.1:3000
//! curl -i http://127.0.0.1:3000/payments/42        # vetted 409 from the catalog
//! curl -i http://127.0.0.1:3000/orders/7           # internal database error: generic 500
//! curl -i -X POST http://127.0.0.1:3000/transfers -d '{"amount":-5,"currency":"XX"}' -H 'content-type: application/json'
//! curl -i http://127.0.0.1:3000/panic              # a panic: generic 500, incident kept
//! curl -i http://127.0.0.1:3000/leaky              # a hand-built traceback: replaced
//! curl -i http://127.0.0.1:3000/legacy/7           # a hand-built clean 404: passed (protect)
//! curl -i http://127.0.0.1:3000/request-id         # the request ID as the handler sees it
//! curl -i -X POST http://127.0.0.1:3000/login -d '{"username":"alice","password":"nope"}' -H 'content-type: application/json'
//! ```

use axum::extract::{ConnectInfo, Path};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use clap::{Parser, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tightlip_incident::sink::SqliteSink;
use tightlip_incident::{PipelineConfig, Recorder, Retention};
use tightlip_tower::limit::FailureLimiter;
use tightlip_tower::login::{LoginFailure, LoginFailureReason, MinimumLatency};
use tightlip_tower::{
    AssignedRequestId, Catalog, CurrentRequestId, Policy, PublicError, TightlipLayer,
    ValidationProblem,
};
use tower::Layer as _;

/// The catalog, the same file the derive checked at compile time.
const CATALOG: &str = include_str!("errors.toml");

#[derive(Parser, Debug)]
#[command(about = "An axum service whose errors cannot leak")]
struct Args {
    /// Address to listen on (loopback).
    #[arg(long, default_value = "127.0.0.1:3000")]
    listen: SocketAddr,
    /// SQLite incident store; without it incidents are logged with tracing.
    #[arg(long)]
    store: Option<PathBuf>,
    /// Development mode: internal chains under `debug` (refused when TIGHTLIP_ENV=production).
    #[arg(long)]
    dev: bool,
    /// What happens to hand-built 4xx/5xx responses, as in the gateway.
    #[arg(long, value_enum, default_value_t = PolicyArg::Protect)]
    policy: PolicyArg,
    /// Keep a valid inbound X-Request-ID instead of issuing a fresh one.
    #[arg(long)]
    trust_request_id: bool,
    /// Serve without the layer (for the overhead benchmark only).
    #[arg(long)]
    bare: bool,
    /// Floor of the login handler's time, in milliseconds.
    #[arg(long, default_value_t = 50)]
    login_floor_ms: u64,
    /// Failed logins per account within a minute before 429.
    #[arg(long, default_value_t = 5)]
    account_failures: u32,
    /// Failed logins per client address within a minute before 429.
    #[arg(long, default_value_t = 50)]
    address_failures: u32,
}

/// `--policy`: the layer's policy for hand-built error responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PolicyArg {
    /// Replace every 5xx and any 4xx that leaks.
    Protect,
    /// Replace every 4xx and 5xx.
    Strict,
    /// Change nothing; record incidents (for rollout).
    Monitor,
}

impl From<PolicyArg> for Policy {
    fn from(policy: PolicyArg) -> Self {
        match policy {
            PolicyArg::Protect => Policy::Protect,
            PolicyArg::Strict => Policy::Strict,
            PolicyArg::Monitor => Policy::Monitor,
        }
    }
}

/// The errors of the payments routes: each variant says what the outside may see.
#[derive(Debug, thiserror::Error, PublicError)]
#[tightlip(catalog = "examples/errors.toml")]
enum PaymentError {
    #[public(code = "PAYMENT_NOT_FOUND")]
    #[error("payment {id} not found for account {account}")]
    NotFound { id: u64, account: String },
    #[public(code = "INSUFFICIENT_FUNDS")]
    #[error("account {account} has {balance}, needs {amount} {currency}")]
    InsufficientFunds {
        #[public]
        amount: String,
        #[public]
        currency: String,
        account: String,
        balance: String,
    },
    #[internal]
    #[error("loading order failed")]
    Database(#[from] DatabaseError),
}

/// What a database driver says when it fails: full of internals.
#[derive(Debug, thiserror::Error)]
#[error(
    "connection to postgres://shop:hunter2@db-primary.internal:5432/shop refused (pool 3/3 busy)"
)]
struct DatabaseError;

async fn payment(Path(id): Path<u64>) -> Result<&'static str, PaymentError> {
    if id == 42 {
        return Err(PaymentError::InsufficientFunds {
            amount: "120.00".into(),
            currency: "EUR".into(),
            account: "DE89370400440532013000".into(),
            balance: "17.23".into(),
        });
    }
    Err(PaymentError::NotFound {
        id,
        account: "DE89370400440532013000".into(),
    })
}

async fn order(Path(_id): Path<u64>) -> Result<&'static str, PaymentError> {
    Err(DatabaseError.into())
}

#[derive(serde::Deserialize)]
struct Transfer {
    amount: i64,
    currency: String,
}

async fn transfer(Json(transfer): Json<Transfer>) -> Result<&'static str, ValidationProblem> {
    let mut problem = ValidationProblem::with_code("VALIDATION_FAILED");
    if transfer.amount <= 0 {
        problem = problem.field("/amount", "NOT_POSITIVE", "The amount must be positive.");
    }
    if !["EUR", "USD"].contains(&transfer.currency.as_str()) {
        problem = problem.field(
            "/currency",
            "UNSUPPORTED",
            "This currency is not supported.",
        );
    }
    if problem.is_empty() {
        Ok("accepted")
    } else {
        Err(problem)
    }
}

async fn panics(id: AssignedRequestId) -> &'static str {
    let shards: Vec<&str> = vec!["db-7.internal:5432"];
    let index = id.as_str().len();
    shards[index]
}

/// The request ID as a handler sees it: extracted, read through the request extension after
/// an await (other requests ran on this thread meanwhile), asked for in a spawned task
/// (`null`: the ID is only lent to the handler's own future), and moved into one.
async fn request_id(
    id: AssignedRequestId,
    axum::Extension(marker): axum::Extension<CurrentRequestId>,
) -> Json<serde_json::Value> {
    tokio::time::sleep(Duration::from_millis(20)).await;
    let after_await = marker.get();
    let in_spawned_task = tokio::spawn(async move { marker.get() })
        .await
        .ok()
        .flatten();
    let owned = id.clone();
    let moved_into_task = tokio::spawn(async move { owned }).await.ok();
    let text = |id: Option<AssignedRequestId>| id.map(|id| id.as_str().to_owned());
    Json(serde_json::json!({
        "extracted": id.as_str(),
        "after_await": text(after_await),
        "in_spawned_task": text(in_spawned_task),
        "moved_into_task": text(moved_into_task),
    }))
}

async fn leaky() -> Response {
    // A hand-built error from older code: the layer scans it and replaces it.
    let body = "Traceback (most recent call last):\n  File \"/srv/shop/app.py\", line 7, in charge\npsycopg2.OperationalError: could not connect to server at 10.0.3.7";
    (http::StatusCode::INTERNAL_SERVER_ERROR, body).into_response()
}

async fn legacy(Path(_id): Path<u64>) -> Response {
    // A hand-built 4xx that says nothing it should not: `protect` lets it through.
    (http::StatusCode::NOT_FOUND, "no such item").into_response()
}

/// The login route's state: users, the latency floor and the failure limiters.
struct Login {
    floor: MinimumLatency,
    accounts: FailureLimiter,
    addresses: FailureLimiter,
}

#[derive(serde::Deserialize)]
struct Credentials {
    username: String,
    password: String,
}

/// Stands in for a password hash: deliberately slow work, only for existing accounts.
fn verify_password(stored: &str, given: &str) -> bool {
    use std::hash::{Hash, Hasher};
    let mut digest = 0u64;
    for round in 0..50_000u32 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (round, digest, given).hash(&mut hasher);
        digest = hasher.finish();
    }
    std::hint::black_box(digest);
    stored == given
}

fn authenticate(credentials: &Credentials) -> Result<(), LoginFailureReason> {
    match credentials.username.as_str() {
        "alice" if verify_password("correct horse", &credentials.password) => Ok(()),
        "alice" => Err(LoginFailureReason::WrongPassword),
        "mallory" => Err(LoginFailureReason::LockedAccount),
        _ => Err(LoginFailureReason::UnknownUser),
    }
}

async fn login(
    axum::extract::State(state): axum::extract::State<Arc<Login>>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Json(credentials): Json<Credentials>,
) -> Response {
    let account = format!("account:{}", credentials.username);
    let address = format!("address:{}", client.ip());
    for (limiter, key) in [(&state.accounts, &account), (&state.addresses, &address)] {
        if let Err(limited) = limiter.check(key) {
            return limited.into_response();
        }
    }
    match state.floor.run(async { authenticate(&credentials) }).await {
        Ok(()) => {
            state.accounts.record_success(&account);
            Json(serde_json::json!({ "status": "welcome" })).into_response()
        }
        Err(reason) => {
            state.accounts.record_failure(&account);
            state.addresses.record_failure(&address);
            LoginFailure::new(reason)
                .with_code("LOGIN_FAILED")
                .into_response()
        }
    }
}

fn router(args: &Args) -> Router {
    let login_state = Arc::new(Login {
        floor: MinimumLatency::new(Duration::from_millis(args.login_floor_ms)),
        accounts: FailureLimiter::new(args.account_failures, Duration::from_secs(60))
            .with_code("RATE_LIMITED"),
        addresses: FailureLimiter::new(args.address_failures, Duration::from_secs(60))
            .with_code("RATE_LIMITED"),
    });
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/payments/{id}", get(payment))
        .route("/orders/{id}", get(order))
        .route("/transfers", post(transfer))
        .route("/panic", get(panics))
        .route("/request-id", get(request_id))
        .route("/leaky", get(leaky))
        .route("/legacy/{id}", get(legacy))
        .route("/login", post(login).with_state(login_state))
}

fn recorder(store: Option<&PathBuf>) -> anyhow_free::Result<Option<Recorder>> {
    let Some(path) = store else { return Ok(None) };
    let sink = SqliteSink::open(path, Retention::default())?;
    Ok(Some(Recorder::start(
        vec![Box::new(sink)],
        PipelineConfig::default(),
    )))
}

/// The example's own result type: no anyhow in a library's examples.
mod anyhow_free {
    pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;
}

#[tokio::main]
async fn main() -> anyhow_free::Result<()> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let catalog = Catalog::from_toml(CATALOG, "examples/errors.toml")?;
    let app = router(&args);
    let recorder = recorder(args.store.as_ref())?;
    // Built before listening, so the development-mode warning comes first and a refusal
    // stops the service before it serves anything.
    let layer = if args.bare {
        None
    } else {
        let mut builder = TightlipLayer::builder()
            .catalog(catalog)
            .policy(args.policy.into())
            .trust_request_id(args.trust_request_id)
            .development(args.dev);
        if let Some(recorder) = recorder.clone() {
            builder = builder.recorder(recorder);
        }
        match builder.build() {
            Ok(layer) => Some(layer),
            Err(error) => {
                eprintln!("axum_service: {error}");
                std::process::exit(2);
            }
        }
    };
    let listener = tokio::net::TcpListener::bind(args.listen).await?;
    eprintln!(
        "axum_service listening on http://{}",
        listener.local_addr()?
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Some(layer) = layer {
        // Around the whole router: one layer, no per-route boxing by axum.
        let service =
            axum::ServiceExt::<axum::extract::Request>::into_make_service_with_connect_info::<
                SocketAddr,
            >(layer.layer(app));
        axum::serve(listener, service)
            .with_graceful_shutdown(shutdown)
            .await?;
    } else {
        let service = app.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, service)
            .with_graceful_shutdown(shutdown)
            .await?;
    }
    if let Some(recorder) = recorder {
        recorder.shutdown(Duration::from_secs(5));
    }
    Ok(())
}
