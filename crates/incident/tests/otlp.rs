//! The OTLP sink against in-test receivers built on the official OpenTelemetry protobuf
//! types: a tonic gRPC `LogsService` and an HTTP/protobuf endpoint.

use opentelemetry_proto::tonic::collector::logs::v1::logs_service_server::{
    LogsService, LogsServiceServer,
};
use opentelemetry_proto::tonic::collector::logs::v1::{
    ExportLogsServiceRequest, ExportLogsServiceResponse,
};
use opentelemetry_proto::tonic::common::v1::any_value::Value;
use prost::Message;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::mpsc::{Sender, channel};
use tightlip_incident::Incident;
use tightlip_incident::sink::{IncidentSink, OtlpProtocol, OtlpSink};

struct Receiver(std::sync::Mutex<Sender<ExportLogsServiceRequest>>);

#[tonic::async_trait]
impl LogsService for Receiver {
    async fn export(
        &self,
        request: tonic::Request<ExportLogsServiceRequest>,
    ) -> Result<tonic::Response<ExportLogsServiceResponse>, tonic::Status> {
        self.0.lock().unwrap().send(request.into_inner()).unwrap();
        Ok(tonic::Response::new(ExportLogsServiceResponse::default()))
    }
}

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
    let (sender, received) = channel();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let address = listener.local_addr().unwrap();
    let service = LogsServiceServer::new(Receiver(std::sync::Mutex::new(sender)));
    runtime.spawn(
        tonic::transport::Server::builder()
            .add_service(service)
            .serve_with_incoming(tokio_stream::wrappers::TcpListenerStream::new(listener)),
    );
    let mut sink = OtlpSink::new(&format!("http://{address}"), OtlpProtocol::Grpc).unwrap();
    sink.write_batch(&batch()).unwrap();
    assert_request(&received.recv().unwrap());
}

/// A minimal HTTP/1.1 endpoint that accepts one POST and hands over its body.
fn http_receiver(status: &'static str) -> (String, std::sync::mpsc::Receiver<(String, Vec<u8>)>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let (sender, received) = channel();
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = String::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap();
            }
            head.push_str(&line);
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        )
        .unwrap();
        sender.send((head, body)).unwrap();
    });
    (format!("http://{address}"), received)
}

#[test]
fn exports_over_http_protobuf() {
    let (endpoint, received) = http_receiver("200 OK");
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
    let (endpoint, _received) = http_receiver("503 Service Unavailable");
    let mut sink = OtlpSink::new(&endpoint, OtlpProtocol::Http).unwrap();
    let error = sink.write_batch(&batch()).unwrap_err().to_string();
    assert!(error.contains("503"), "{error}");
    assert!(OtlpSink::new("collector:4318", OtlpProtocol::Http).is_err());
}
