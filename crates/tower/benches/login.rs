//! Login failures under the minimum-latency guard: the latency of the three failure cases
//! (unknown user, wrong password, locked account), each with the inner work a real login
//! does, through [`MinimumLatency`] and, for reference, without it.
//!
//! ```sh
//! cargo bench -p tightlip-tower --bench login
//! ```
//!
//! Criterion times each case first. A second pass then runs the three cases interleaved
//! (so that noise from a shared machine hits all of them alike), one timed call at a time,
//! and prints the median, p90 and p99 per case, with and without the guard, as a markdown
//! table. On a loaded machine the guarded tail is the scheduler's: a thread that sleeps
//! until the floor may wait for a core when it wakes, whatever the case.
//! An unknown user and a locked account cost a table lookup; a wrong password costs the
//! slow, hash-like work. The floor is short (5 ms) so that the bench runs in seconds.

use axum::response::IntoResponse;
use criterion::{BenchmarkId, Criterion, criterion_main};
use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};
use tightlip_tower::login::{LoginFailure, LoginFailureReason, MinimumLatency};

/// The guard's floor: above the slowest honest path (the wrong-password hash).
const FLOOR: Duration = Duration::from_millis(5);

/// Rounds of the stand-in password hash, as in `examples/axum_service.rs`.
const HASH_ROUNDS: u32 = 50_000;

/// Timed calls per case and variant in the distribution pass.
const CALLS: usize = 500;

/// One failure case: the user name the caller tries.
#[derive(Debug, Clone, Copy)]
struct Case {
    name: &'static str,
    username: &'static str,
}

const CASES: [Case; 3] = [
    Case {
        name: "unknown_user",
        username: "nobody",
    },
    Case {
        name: "wrong_password",
        username: "alice",
    },
    Case {
        name: "locked_account",
        username: "mallory",
    },
];

/// A stored account: a password "hash" and whether it is locked.
struct Account {
    hash: u64,
    locked: bool,
}

/// The account table a login looks users up in.
struct Accounts(HashMap<&'static str, Account>);

impl Accounts {
    fn new() -> Self {
        let mut accounts = HashMap::new();
        let hash = password_hash("correct horse");
        accounts.insert(
            "alice",
            Account {
                hash,
                locked: false,
            },
        );
        accounts.insert("mallory", Account { hash, locked: true });
        Self(accounts)
    }

    /// The login's decision: lookup, lock check, then the slow hash for existing,
    /// unlocked accounts only, as most services do (and why their timing differs).
    fn authenticate(&self, username: &str, password: &str) -> Result<(), LoginFailureReason> {
        let Some(account) = self.0.get(username) else {
            return Err(LoginFailureReason::UnknownUser);
        };
        if account.locked {
            return Err(LoginFailureReason::LockedAccount);
        }
        if password_hash(password) == account.hash {
            Ok(())
        } else {
            Err(LoginFailureReason::WrongPassword)
        }
    }
}

/// Stands in for a password hash: deliberately slow, deterministic work.
fn password_hash(password: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut digest = 0u64;
    for round in 0..HASH_ROUNDS {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (round, digest, password).hash(&mut hasher);
        digest = hasher.finish();
    }
    digest
}

/// One failed login as a handler answers it: the decision, then the helper's response.
fn failed_login(accounts: &Accounts, case: Case) -> axum::response::Response {
    let reason = accounts
        .authenticate(black_box(case.username), black_box("guess"))
        .expect_err("every case fails");
    LoginFailure::new(reason).into_response()
}

/// With or without the guard around the handler's work.
#[derive(Debug, Clone, Copy)]
enum Variant {
    Bare,
    Guarded(MinimumLatency),
}

impl Variant {
    fn name(self) -> &'static str {
        match self {
            Variant::Bare => "without_guard",
            Variant::Guarded(_) => "with_guard",
        }
    }

    /// Runs one failed login and returns its status.
    fn call(self, runtime: &tokio::runtime::Runtime, accounts: &Accounts, case: Case) -> u16 {
        let response = match self {
            Variant::Bare => failed_login(accounts, case),
            Variant::Guarded(guard) => {
                runtime.block_on(guard.run(async { failed_login(accounts, case) }))
            }
        };
        response.status().as_u16()
    }
}

fn variants() -> [Variant; 2] {
    [Variant::Bare, Variant::Guarded(MinimumLatency::new(FLOOR))]
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a current-thread runtime")
}

/// Criterion's view: one benchmark per case and variant.
fn criterion_cases(c: &mut Criterion, runtime: &tokio::runtime::Runtime, accounts: &Accounts) {
    for variant in variants() {
        let mut group = c.benchmark_group(format!("login_failure/{}", variant.name()));
        if matches!(variant, Variant::Guarded(_)) {
            // Each call takes the floor; keep the run to seconds.
            group
                .sample_size(20)
                .warm_up_time(Duration::from_millis(500))
                .measurement_time(Duration::from_secs(3));
        }
        for case in CASES {
            group.bench_with_input(BenchmarkId::from_parameter(case.name), &case, |b, case| {
                b.iter(|| variant.call(runtime, accounts, *case));
            });
        }
        group.finish();
    }
}

/// Latencies of one case and variant, sorted.
struct Distribution(Vec<Duration>);

impl Distribution {
    /// The nearest-rank percentile `p` (0..=100).
    fn percentile(&self, p: usize) -> Duration {
        let rank = (p * self.0.len()).div_ceil(100).max(1);
        self.0[rank - 1]
    }
}

/// The distribution pass: every case and variant, interleaved call by call.
fn distributions(
    runtime: &tokio::runtime::Runtime,
    accounts: &Accounts,
    calls: usize,
) -> Vec<Vec<Distribution>> {
    let mut samples = vec![vec![Vec::with_capacity(calls); CASES.len()]; 2];
    for call in 0..calls {
        for (v, variant) in variants().into_iter().enumerate() {
            for i in 0..CASES.len() {
                // Rotate the order so that no case always runs first.
                let c = (i + call) % CASES.len();
                let started = Instant::now();
                let status = variant.call(runtime, accounts, CASES[c]);
                samples[v][c].push(started.elapsed());
                assert_eq!(status, 401, "every failure is the same 401");
            }
        }
    }
    samples
        .into_iter()
        .map(|cases| {
            cases
                .into_iter()
                .map(|mut latencies| {
                    latencies.sort_unstable();
                    Distribution(latencies)
                })
                .collect()
        })
        .collect()
}

fn micros(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1e6)
}

/// Prints the median, p90 and p99 per case and the spread of the medians per variant.
fn report(distributions: &[Vec<Distribution>], calls: usize) {
    println!();
    println!(
        "Login failure latency, {calls} interleaved calls per case; guard floor {} ms; µs",
        FLOOR.as_millis()
    );
    println!();
    println!("| case | without guard: median | p90 | p99 | with guard: median | p90 | p99 |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (c, case) in CASES.iter().enumerate() {
        let bare = &distributions[0][c];
        let guarded = &distributions[1][c];
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            case.name,
            micros(bare.percentile(50)),
            micros(bare.percentile(90)),
            micros(bare.percentile(99)),
            micros(guarded.percentile(50)),
            micros(guarded.percentile(90)),
            micros(guarded.percentile(99)),
        );
    }
    println!();
    for (v, variant) in variants().into_iter().enumerate() {
        let medians: Vec<Duration> = distributions[v].iter().map(|d| d.percentile(50)).collect();
        let fastest = medians.iter().min().expect("three cases");
        let slowest = medians.iter().max().expect("three cases");
        println!(
            "{}: medians {} to {} µs, slowest/fastest {:.2}x",
            variant.name(),
            micros(*fastest),
            micros(*slowest),
            slowest.as_secs_f64() / fastest.as_secs_f64()
        );
    }
    let slow_path = distributions[0][1].percentile(99);
    if slow_path >= FLOOR {
        println!(
            "warning: the wrong-password p99 without the guard ({} µs) reached the floor; \
             the guard cannot hide a path slower than its floor",
            micros(slow_path)
        );
    }
}

/// The bench: criterion's runs, then the interleaved distribution pass.
fn benches() {
    let runtime = runtime();
    let accounts = Accounts::new();
    let mut c = Criterion::default().configure_from_args();
    criterion_cases(&mut c, &runtime, &accounts);
    // `cargo test --benches` runs each bench once; a short pass checks the code path.
    let testing = std::env::args().any(|arg| arg == "--test");
    let calls = if testing { 3 } else { CALLS };
    let distributions = distributions(&runtime, &accounts, calls);
    report(&distributions, calls);
}

criterion_main!(benches);
