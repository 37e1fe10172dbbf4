//! Placeholder replaced by the login latency bench.
fn main() {}
