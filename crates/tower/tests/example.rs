//! The example service over real HTTP on loopback: nothing leaks, headers are hardened,
//! incidents land in a real SQLite store with the internal chain.

mod service;

use service::Service;

const SECRETS: [&str; 6] = [
    "hunter2",
    "db-primary",
    "postgres",
    "DE89370400440532013000",
    "Traceback",
    "10.0.3.7",
];

fn assert_no_leak(reply: &service::Reply) {
    let text = reply.text();
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} leaked:\n{text}");
    }
}

#[test]
fn vetted_errors_come_from_the_catalog_with_public_fields_only() {
    let service = Service::start(&[]);
    let reply = service.request("GET", "/payments/42", &[], "");
    assert_eq!(reply.status, 409, "{}", reply.text());
    reply.assert_hardened();
    assert_no_leak(&reply);
    let body = reply.json();
    assert_eq!(body["code"], "INSUFFICIENT_FUNDS");
    assert_eq!(
        body["detail"],
        "The account balance does not cover 120.00 EUR."
    );
    assert!(!reply.body.contains("17.23"), "private field leaked");

    let german = service.request("GET", "/payments/42", &[("Accept-Language", "de-CH")], "");
    assert_eq!(german.json()["title"], "Guthaben nicht ausreichend");

    let envelope = service.request(
        "GET",
        "/payments/7",
        &[("Accept", "application/vnd.api+json")],
        "",
    );
    assert_eq!(envelope.status, 404);
    assert_eq!(envelope.headers["content-type"], "application/vnd.api+json");
    assert_eq!(envelope.json()["errors"][0]["code"], "PAYMENT_NOT_FOUND");
}

#[test]
fn an_internal_database_error_is_a_generic_500_and_an_incident_with_the_chain() {
    let service = Service::start(&[]);
    let reply = service.request(
        "GET",
        "/orders/7",
        &[("X-Request-ID", "client-chosen-1")],
        "",
    );
    assert_eq!(reply.status, 500);
    let id = reply.assert_hardened();
    assert_no_leak(&reply);
    assert_eq!(reply.json()["code"], "INTERNAL_ERROR");
    assert_ne!(
        id, "client-chosen-1",
        "inbound IDs are not trusted by default"
    );

    let incident = service.incident(&id);
    assert_eq!(incident.kind.as_str(), "service_error");
    assert_eq!(incident.code, "INTERNAL_ERROR");
    assert_eq!(incident.public_status, 500);
    assert_eq!(
        incident.client_request_id.as_deref(),
        Some("client-chosen-1")
    );
    let chain = incident.error_chain.join("\n");
    assert!(chain.contains("loading order failed"), "{chain}");
    assert!(chain.contains("db-primary.internal:5432"), "{chain}");
    assert!(
        !chain.contains("hunter2"),
        "secret stored verbatim: {chain}"
    );
}

#[test]
fn validation_errors_name_fields_and_rules_never_the_rejected_value() {
    let service = Service::start(&[]);
    let reply = service.request(
        "POST",
        "/transfers",
        &[],
        r#"{"amount":-31337,"currency":"XQZ"}"#,
    );
    assert_eq!(reply.status, 422, "{}", reply.text());
    reply.assert_hardened();
    assert!(
        !reply.body.contains("31337") && !reply.body.contains("XQZ"),
        "{}",
        reply.body
    );
    let errors = &reply.json()["errors"];
    assert_eq!(errors[0]["pointer"], "/amount");
    assert_eq!(errors[0]["code"], "NOT_POSITIVE");
    assert_eq!(errors[1]["pointer"], "/currency");
    assert_eq!(errors[1]["code"], "UNSUPPORTED");
}

#[test]
fn a_panic_is_a_500_problem_and_a_panic_incident() {
    let service = Service::start(&[]);
    let reply = service.request("GET", "/panic", &[], "");
    assert_eq!(reply.status, 500);
    let id = reply.assert_hardened();
    assert!(
        !reply.text().contains("index out of bounds"),
        "{}",
        reply.text()
    );
    let incident = service.incident(&id);
    assert_eq!(incident.kind.as_str(), "panic");
    assert!(
        incident.error_chain[0].contains("index out of bounds"),
        "{:?}",
        incident.error_chain
    );
    // The service keeps serving after a panic.
    assert_eq!(service.request("GET", "/health", &[], "").status, 200);
}

#[test]
fn a_hand_built_leaky_error_is_replaced_and_its_findings_recorded() {
    let service = Service::start(&[]);
    let reply = service.request("GET", "/leaky", &[], "");
    assert_eq!(reply.status, 500);
    let id = reply.assert_hardened();
    assert_no_leak(&reply);
    let incident = service.incident(&id);
    assert_eq!(incident.kind.as_str(), "leak_blocked");
    assert!(
        incident.categories().contains(&"stack_trace"),
        "{:?}",
        incident.findings
    );
    let captured = incident.upstream.expect("the replaced body is captured");
    assert!(captured.body.contains("Traceback"));
}

#[test]
fn successes_carry_the_request_id_and_nothing_else_changes() {
    let service = Service::start(&[]);
    let reply = service.request("GET", "/health", &[], "");
    assert_eq!((reply.status, reply.body.as_str()), (200, "ok"));
    let id = &reply.headers["x-request-id"];
    assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 4);
    assert!(!reply.headers.contains_key("cache-control"));
}

#[test]
fn handlers_see_their_own_request_id_through_the_extension() {
    let service = Service::start(&[]);
    // Concurrent requests, each handler sleeping in between its reads, so that the worker
    // threads poll other requests' handlers in between: each must see its own ID.
    let replies: Vec<service::Reply> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..16)
            .map(|_| scope.spawn(|| service.request("GET", "/request-id", &[], "")))
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    });
    let mut ids = std::collections::HashSet::new();
    for reply in &replies {
        assert_eq!(reply.status, 200, "{}", reply.text());
        let id = &reply.headers["x-request-id"];
        let seen = reply.json();
        assert_eq!(seen["extracted"], id.as_str(), "{}", reply.body);
        assert_eq!(seen["after_await"], id.as_str(), "{}", reply.body);
        assert_eq!(seen["moved_into_task"], id.as_str(), "{}", reply.body);
        // A spawned task is not the request's handler: the extension resolves to nothing.
        assert!(seen["in_spawned_task"].is_null(), "{}", reply.body);
        ids.insert(id.clone());
    }
    assert_eq!(ids.len(), replies.len());

    let trusted = Service::start(&["--trust-request-id"]);
    let reply = trusted.request(
        "GET",
        "/request-id",
        &[("X-Request-ID", "client-chosen-3")],
        "",
    );
    assert_eq!(reply.headers["x-request-id"], "client-chosen-3");
    assert_eq!(reply.json()["extracted"], "client-chosen-3");
}

#[test]
fn development_mode_shows_the_chain_warns_and_is_refused_in_production() {
    let service = Service::start(&["--dev"]);
    let reply = service.request("GET", "/orders/7", &[], "");
    assert_eq!(reply.status, 500);
    let debug = reply.json()["debug"]["chain"].to_string();
    assert!(debug.contains("db-primary.internal"), "{debug}");
    assert!(
        !debug.contains("hunter2"),
        "secrets stay masked even in development: {debug}"
    );
    assert!(
        service.stderr().contains("development mode is ON"),
        "{}",
        service.stderr()
    );

    let plain = Service::start(&[]);
    assert!(
        plain
            .request("GET", "/orders/7", &[], "")
            .json()
            .get("debug")
            .is_none()
    );

    let refused = Service::start_with_env(&["--dev"], &[("TIGHTLIP_ENV", "production")]);
    let message = refused
        .err()
        .expect("development mode must be refused in production");
    assert!(message.contains("development mode refused"), "{message}");
}

#[test]
fn the_policy_treats_hand_built_errors_as_the_gateway_does() {
    // protect: a clean hand-built 404 passes, with the request ID.
    let protect = Service::start(&[]);
    let reply = protect.request("GET", "/legacy/7", &[], "");
    assert_eq!((reply.status, reply.body.as_str()), (404, "no such item"));
    assert!(reply.headers.contains_key("x-request-id"));

    // strict: the same 404 becomes the catalog problem.
    let strict = Service::start(&["--policy", "strict"]);
    let reply = strict.request("GET", "/legacy/7", &[], "");
    assert_eq!(reply.status, 404);
    reply.assert_hardened();
    assert!(!reply.body.contains("no such item"), "{}", reply.body);

    // monitor: nothing changes outside; the leak is recorded inside.
    let monitor = Service::start(&["--policy", "monitor"]);
    let reply = monitor.request("GET", "/leaky", &[], "");
    assert_eq!(reply.status, 500);
    assert!(reply.body.contains("Traceback"), "{}", reply.body);
    let incident = monitor.incident(&reply.headers["x-request-id"]);
    assert!(
        matches!(incident.origin, tightlip_incident::ErrorOrigin::Observed),
        "{:?}",
        incident.origin
    );
    assert!(
        incident.categories().contains(&"stack_trace"),
        "{:?}",
        incident.findings
    );
}

#[test]
fn a_trusted_inbound_request_id_is_kept_and_an_invalid_one_replaced() {
    let service = Service::start(&["--trust-request-id"]);
    let reply = service.request(
        "GET",
        "/orders/7",
        &[("X-Request-ID", "client-chosen-1")],
        "",
    );
    assert_eq!(reply.status, 500);
    assert_eq!(reply.assert_hardened(), "client-chosen-1");
    assert_eq!(service.incident("client-chosen-1").code, "INTERNAL_ERROR");

    let ok = service.request("GET", "/health", &[("X-Request-ID", "client-chosen-2")], "");
    assert_eq!(ok.headers["x-request-id"], "client-chosen-2");

    let invalid = service.request("GET", "/health", &[("X-Request-ID", "a b\"c")], "");
    let id = &invalid.headers["x-request-id"];
    assert_eq!(uuid::Uuid::parse_str(id).unwrap().get_version_num(), 4);
}

#[test]
fn browsers_get_the_html_page_with_its_csp_and_nothing_leaks() {
    let service = Service::start(&[]);
    let reply = service.request("GET", "/orders/7", &[("Accept", "text/html")], "");
    assert_eq!(reply.status, 500);
    assert_no_leak(&reply);
    assert!(
        reply.headers["content-type"].starts_with("text/html"),
        "{}",
        reply.text()
    );
    assert!(reply.headers.contains_key("content-security-policy"));
    assert_eq!(reply.headers["cache-control"], "no-store");
    assert!(reply.body.contains(&reply.headers["x-request-id"]));
}
