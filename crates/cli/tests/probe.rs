//! `tightlip probe` as a real process against the leaky demo backend, straight and through
//! the gateway: the exit code says whether anything at or above `--fail-on` was found, and
//! usage, network and spec errors exit 2 with one line naming the problem.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Command, Output};
use tightlip_gateway::{Gateway, GatewayConfig};

fn probe(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tightlip"))
        .arg("probe")
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The probe's safe rate (20/s) would make this test take minutes on loopback.
const FAST: [&str; 4] = ["--rate", "2000", "--max-requests", "600"];

fn paths_file(dir: &Path) -> String {
    let path = dir.join("paths.txt");
    std::fs::write(
        &path,
        "# the demo backend's routes\n/api/python\n/api/sql\n/api/orders/42\n/api/missing\n",
    )
    .unwrap();
    path.display().to_string()
}

#[test]
fn a_leaky_backend_exits_1_and_the_gateway_in_front_of_it_exits_0() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let any_port = SocketAddr::from(([127, 0, 0, 1], 0));
    let backend = runtime
        .block_on(tightlip_gateway::demo::spawn_backend(any_port))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let paths = paths_file(dir.path());
    let sarif = dir.path().join("direct.sarif");
    let sarif_arg = sarif.display().to_string();

    let mut args = vec![format!("http://{backend}")];
    args.extend(["--paths", &paths, "--format", "sarif", "--out", &sarif_arg].map(String::from));
    args.extend(FAST.map(String::from));
    let direct = probe(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(direct.status.code(), Some(1), "{}", stderr(&direct));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(report["version"], "2.1.0");
    let rules: Vec<&str> = report["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|result| result["ruleId"].as_str())
        .collect();
    assert!(rules.contains(&"leak.stack_trace"), "{rules:?}");
    assert!(rules.contains(&"leak.sql"), "{rules:?}");

    let mut config = GatewayConfig::quick(any_port, &format!("http://{backend}"));
    config.incidents.store = dir.path().join("incidents.db");
    let gateway = runtime.block_on(async { Gateway::new(config).unwrap().start().await.unwrap() });
    let url = format!("http://{}", gateway.local_addr());
    let mut args = vec![url.as_str(), "--paths", &paths];
    args.extend(FAST);
    let through = probe(&args);
    assert_eq!(
        through.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&through.stdout),
        stderr(&through)
    );
    // Low findings (shape of the backend's own clean 404) fail only when asked to.
    args.extend(["--fail-on", "low"]);
    assert_eq!(probe(&args).status.code(), Some(1));
}

#[test]
fn usage_network_and_spec_errors_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens on port 9 of loopback (discard; not served here).
    let refused = probe(&["http://127.0.0.1:9", "--max-requests", "5"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("127.0.0.1:9"),
        "{}",
        stderr(&refused)
    );

    let zero_rate = probe(&["http://127.0.0.1:9", "--rate", "0"]);
    assert_eq!(zero_rate.status.code(), Some(2));
    assert!(
        stderr(&zero_rate).contains("--rate"),
        "{}",
        stderr(&zero_rate)
    );

    let spec = dir.path().join("openapi.yaml");
    std::fs::write(&spec, "openapi: 3.0.0\npaths: [not, a, map]\n").unwrap();
    let bad_spec = probe(&["http://127.0.0.1:9", "--openapi", spec.to_str().unwrap()]);
    assert_eq!(bad_spec.status.code(), Some(2));
    assert!(
        stderr(&bad_spec).contains("openapi.yaml"),
        "{}",
        stderr(&bad_spec)
    );

    let unknown_severity = probe(&["http://127.0.0.1:9", "--fail-on", "urgent"]);
    assert_eq!(unknown_severity.status.code(), Some(2));
    assert!(stderr(&unknown_severity).contains("urgent"));
}
