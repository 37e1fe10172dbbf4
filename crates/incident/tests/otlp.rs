//! The OTLP sink against in-test receivers built on the official OpenTelemetry protobuf
//! types: a tonic gRPC `LogsService` and an HTTP/protobuf endpoint.

mod common;

use common::{otlp_grpc_receiver, otlp_http_receiver};
use opentelemetry_proto::tonic::collector::logs::v1::ExportLogsServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value;
use prost::Message;
use std::sync::Arc;
use tightlip_incident::Incident;
use tightlip_incident::sink::{IncidentSink, OtlpProtocol, OtlpSink};

fn batch() -> Vec<Arc<Incident>> {
    vec![
        Arc::new(Incident::example("req-1")),
        Arc::new(Incident::example("req-2")),
    ]
}

fn assert_request(request: &ExportLogsServiceRequest) {
    let resource = &request.resource_logs[0];
    let records = &resource.scope_logs[0].log_records;
    assert_eq!(records.len(), 2);
    let record = &records[0];
    assert_eq!(record.severity_text, "ERROR");
    assert_eq!(record.trace_id.len(), 16);
    let attribute = |key: &str| {
        record
            .attributes
            .iter()
            .find(|kv| kv.key == key)
            .and_then(|kv| kv.value.clone())
            .and_then(|v| v.value)
    };
    assert_eq!(
        attribute("tightlip.request_id"),
        Some(Value::StringValue("req-1".into()))
    );
    assert_eq!(
        attribute("http.response.status_code"),
        Some(Value::IntValue(500))
    );
    let Some(Value::StringValue(body)) = record.body.clone().and_then(|b| b.value) else {
        panic!("body is a string");
    };
    let incident: Incident = serde_json::from_str(&body).unwrap();
    assert_eq!(incident.id, "req-1");
}

#[test]
fn exports_over_grpc() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (endpoint, received) = otlp_grpc_receiver(&runtime);
    let mut sink = OtlpSink::new(&endpoint, OtlpProtocol::Grpc).unwrap();
    sink.write_batch(&batch()).unwrap();
    assert_request(&received.recv().unwrap());
}

#[test]
fn exports_over_http_protobuf() {
    let (endpoint, received) = otlp_http_receiver("200 OK");
    let mut sink = OtlpSink::new(&endpoint, OtlpProtocol::Http).unwrap();
    sink.write_batch(&batch()).unwrap();
    let (head, body) = received.recv().unwrap();
    assert!(head.starts_with("POST /v1/logs HTTP/1.1\r\n"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/x-protobuf"),
        "{head}"
    );
    assert_request(&ExportLogsServiceRequest::decode(&body[..]).unwrap());
}

#[test]
fn a_refusing_collector_fails_the_batch() {
    let (endpoint, _received) = otlp_http_receiver("503 Service Unavailable");
    let mut sink = OtlpSink::new(&endpoint, OtlpProtocol::Http).unwrap();
    let error = sink.write_batch(&batch()).unwrap_err().to_string();
    assert!(error.contains("503"), "{error}");
    assert!(OtlpSink::new("collector:4318", OtlpProtocol::Http).is_err());
}
