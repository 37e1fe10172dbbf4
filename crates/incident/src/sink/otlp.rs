//! OpenTelemetry logs over OTLP (HTTP/protobuf or gRPC), for fleets with a collector.

use super::{IncidentSink, SinkError};
use crate::Incident;
use opentelemetry_proto::tonic::collector::logs::v1::ExportLogsServiceRequest;
use opentelemetry_proto::tonic::collector::logs::v1::logs_service_client::LogsServiceClient;
use opentelemetry_proto::tonic::common::v1::{AnyValue, InstrumentationScope, KeyValue, any_value};
use opentelemetry_proto::tonic::logs::v1::{LogRecord, ResourceLogs, ScopeLogs, SeverityNumber};
use opentelemetry_proto::tonic::resource::v1::Resource;
use prost::Message;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;

/// The OTLP transport.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OtlpProtocol {
    /// Protobuf over HTTP POST to `<endpoint>/v1/logs` (port 4318 by convention).
    #[default]
    Http,
    /// gRPC `LogsService/Export` (port 4317 by convention).
    Grpc,
}

enum Transport {
    Http {
        agent: ureq::Agent,
        url: String,
    },
    Grpc {
        runtime: tokio::runtime::Runtime,
        endpoint: String,
        client: Option<LogsServiceClient<tonic::transport::Channel>>,
    },
}

/// Exports incidents as OpenTelemetry log records, one per incident.
pub struct OtlpSink {
    transport: Transport,
    resource: Resource,
}

impl std::fmt::Debug for OtlpSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OtlpSink").finish_non_exhaustive()
    }
}

const TIMEOUT: Duration = Duration::from_secs(10);

impl OtlpSink {
    /// Prepares an exporter; connections are made on the first batch.
    pub fn new(endpoint: &str, protocol: OtlpProtocol) -> Result<Self, String> {
        if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
            return Err(format!(
                "OTLP endpoint `{endpoint}` must start with http:// or https://"
            ));
        }
        let endpoint = endpoint.trim_end_matches('/');
        let transport = match protocol {
            OtlpProtocol::Http => {
                let url = if endpoint.ends_with("/v1/logs") {
                    endpoint.to_owned()
                } else {
                    format!("{endpoint}/v1/logs")
                };
                let agent = ureq::Agent::config_builder()
                    .timeout_global(Some(TIMEOUT))
                    .http_status_as_error(false)
                    .build()
                    .new_agent();
                Transport::Http { agent, url }
            }
            OtlpProtocol::Grpc => Transport::Grpc {
                runtime: tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|error| format!("starting the OTLP gRPC runtime: {error}"))?,
                endpoint: endpoint.to_owned(),
                client: None,
            },
        };
        Ok(Self {
            transport,
            resource: Resource {
                attributes: vec![
                    string("service.name", "tightlip"),
                    string("host.name", &crate::host_name()),
                ],
                ..Resource::default()
            },
        })
    }

    /// The OTLP request for a batch.
    pub fn request(&self, batch: &[Arc<Incident>]) -> ExportLogsServiceRequest {
        ExportLogsServiceRequest {
            resource_logs: vec![ResourceLogs {
                resource: Some(self.resource.clone()),
                scope_logs: vec![ScopeLogs {
                    scope: Some(InstrumentationScope {
                        name: "tightlip.incident".to_owned(),
                        ..InstrumentationScope::default()
                    }),
                    log_records: batch.iter().map(|incident| log_record(incident)).collect(),
                    schema_url: String::new(),
                }],
                schema_url: String::new(),
            }],
        }
    }
}

fn string(key: &str, value: &str) -> KeyValue {
    KeyValue {
        key: key.to_owned(),
        value: Some(AnyValue {
            value: Some(any_value::Value::StringValue(value.to_owned())),
        }),
        ..KeyValue::default()
    }
}

fn integer(key: &str, value: i64) -> KeyValue {
    KeyValue {
        key: key.to_owned(),
        value: Some(AnyValue {
            value: Some(any_value::Value::IntValue(value)),
        }),
        ..KeyValue::default()
    }
}

fn log_record(incident: &Incident) -> LogRecord {
    let (severity, text) = if incident.public_status >= 500 {
        (SeverityNumber::Error, "ERROR")
    } else {
        (SeverityNumber::Warn, "WARN")
    };
    let mut attributes = vec![
        string("tightlip.request_id", &incident.id),
        string("tightlip.short_ref", &incident.short_ref),
        string("tightlip.kind", incident.kind.as_str()),
        string("tightlip.code", &incident.code),
        integer(
            "http.response.status_code",
            i64::from(incident.public_status),
        ),
        string("http.request.method", &incident.method),
        string("url.path", &incident.path),
    ];
    for category in incident.categories() {
        attributes.push(string("tightlip.leak_category", category));
    }
    let trace_id = incident
        .trace_id
        .as_deref()
        .and_then(hex16)
        .map(Vec::from)
        .unwrap_or_default();
    let at = u64::try_from(incident.at_ns).unwrap_or(0);
    LogRecord {
        time_unix_nano: at,
        observed_time_unix_nano: at,
        severity_number: severity as i32,
        severity_text: text.to_owned(),
        body: Some(AnyValue {
            value: Some(any_value::Value::StringValue(incident.to_json())),
        }),
        attributes,
        trace_id,
        event_name: format!("tightlip.{}", incident.kind.as_str()),
        ..LogRecord::default()
    }
}

fn hex16(text: &str) -> Option<[u8; 16]> {
    let bytes = text.as_bytes();
    if bytes.len() != 32 {
        return None;
    }
    let mut out = [0; 16];
    for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        *slot = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
    }
    Some(out)
}

impl IncidentSink for OtlpSink {
    fn name(&self) -> &'static str {
        "otlp"
    }

    fn write_batch(&mut self, batch: &[Arc<Incident>]) -> Result<(), SinkError> {
        let request = self.request(batch);
        match &mut self.transport {
            Transport::Http { agent, url } => {
                let response = agent
                    .post(url.as_str())
                    .header("content-type", "application/x-protobuf")
                    .send(&request.encode_to_vec()[..])
                    .map_err(|error| {
                        SinkError::io(format!("OTLP POST {url}"), std::io::Error::other(error))
                    })?;
                let status = response.status();
                if status.is_success() {
                    Ok(())
                } else {
                    Err(SinkError::io(
                        format!("OTLP POST {url}"),
                        std::io::Error::other(format!("collector answered {status}")),
                    ))
                }
            }
            Transport::Grpc {
                runtime,
                endpoint,
                client,
            } => {
                runtime.block_on(async {
                    let context = || format!("OTLP gRPC {endpoint}");
                    if client.is_none() {
                        let connected = tokio::time::timeout(
                            TIMEOUT,
                            LogsServiceClient::connect(endpoint.clone()),
                        )
                        .await
                        .map_err(|_| SinkError::io(context(), std::io::ErrorKind::TimedOut.into()))?
                        .map_err(|error| SinkError::io(context(), std::io::Error::other(error)))?;
                        *client = Some(connected);
                    }
                    let exporter = client.as_mut().expect("connected above");
                    let result = tokio::time::timeout(TIMEOUT, exporter.export(request)).await;
                    match result {
                        Ok(Ok(_)) => Ok(()),
                        Ok(Err(status)) => {
                            *client = None;
                            Err(SinkError::io(context(), std::io::Error::other(status)))
                        }
                        Err(_) => {
                            *client = None;
                            Err(SinkError::io(
                                context(),
                                std::io::ErrorKind::TimedOut.into(),
                            ))
                        }
                    }
                })
            }
        }
    }
}
