//! RFC 5424 syslog over a unix socket (`/dev/log`), UDP or TCP, and journald's native socket.

use super::{IncidentSink, SinkError};
use crate::Incident;
use std::io::Write;
use std::net::{TcpStream, UdpSocket};
use std::os::unix::net::UnixDatagram;
use std::sync::Arc;
use std::time::Duration;

/// Where syslog messages go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyslogTarget {
    /// A local datagram socket such as `/dev/log`.
    Unix(std::path::PathBuf),
    /// A collector over UDP, one message per datagram.
    Udp(String),
    /// A collector over TCP with RFC 6587 octet-counting framing.
    Tcp(String),
    /// systemd-journald's native protocol, with fields it indexes.
    Journald(std::path::PathBuf),
}

impl SyslogTarget {
    /// Parses `unix:///dev/log`, `udp://host:514`, `tcp://host:601`, `journald` (its
    /// socket at `/run/systemd/journal/socket`) or `journald:///path/to/socket`.
    pub fn parse(text: &str) -> Result<Self, String> {
        if let Some(path) = text.strip_prefix("unix://") {
            Ok(SyslogTarget::Unix(path.into()))
        } else if let Some(address) = text.strip_prefix("udp://") {
            Ok(SyslogTarget::Udp(address.to_owned()))
        } else if let Some(address) = text.strip_prefix("tcp://") {
            Ok(SyslogTarget::Tcp(address.to_owned()))
        } else if text == "journald" {
            Ok(SyslogTarget::Journald("/run/systemd/journal/socket".into()))
        } else if let Some(path) = text.strip_prefix("journald://") {
            Ok(SyslogTarget::Journald(path.into()))
        } else {
            Err(format!(
                "`{text}` is not a syslog target; expected unix:///dev/log, udp://HOST:PORT, tcp://HOST:PORT, journald or journald:///PATH"
            ))
        }
    }
}

enum Connection {
    Unix(UnixDatagram),
    Udp(UdpSocket),
    Tcp(TcpStream),
    Journald(UnixDatagram),
}

/// Sends each incident as one syslog message (facility local0, severity by kind).
pub struct SyslogSink {
    target: SyslogTarget,
    connection: Option<Connection>,
    host: String,
    app: String,
    pid: u32,
}

impl std::fmt::Debug for SyslogSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyslogSink")
            .field("target", &self.target)
            .finish_non_exhaustive()
    }
}

/// local0 (16) * 8.
const FACILITY_LOCAL0: u8 = 128;
/// Severity "error".
const SEVERITY_ERROR: u8 = 3;
/// Severity "warning".
const SEVERITY_WARNING: u8 = 4;
/// Largest message sent as one datagram (UDP, `/dev/log`, journald): under UDP's 65,507
/// byte ceiling with room for the header. Larger records lose upstream body bytes (marked
/// `truncated`) so the JSON stays whole; the embedded store keeps the full capture.
const MAX_DATAGRAM: usize = 60 << 10;
/// How long a send may wait on a full socket buffer before the batch fails over.
const SEND_TIMEOUT: Duration = Duration::from_secs(5);

impl SyslogSink {
    /// Connects to `target`; TCP and unix sockets reconnect on the next batch after a failure.
    pub fn connect(target: SyslogTarget) -> Result<Self, SinkError> {
        let mut sink = Self {
            target,
            connection: None,
            host: crate::host_name(),
            app: "tightlip".to_owned(),
            pid: std::process::id(),
        };
        sink.connection = Some(sink.open()?);
        Ok(sink)
    }

    fn open(&self) -> Result<Connection, SinkError> {
        let context = |what: &str| format!("{what} {:?}", self.target);
        match &self.target {
            SyslogTarget::Unix(path) => {
                let socket =
                    UnixDatagram::unbound().map_err(|e| SinkError::io(context("socket"), e))?;
                socket
                    .connect(path)
                    .map_err(|e| SinkError::io(context("connecting to"), e))?;
                // A stuck reader fills a unix datagram socket and blocks the sender.
                socket
                    .set_write_timeout(Some(SEND_TIMEOUT))
                    .map_err(|e| SinkError::io(context("configuring"), e))?;
                Ok(Connection::Unix(socket))
            }
            SyslogTarget::Journald(path) => {
                let socket =
                    UnixDatagram::unbound().map_err(|e| SinkError::io(context("socket"), e))?;
                socket
                    .connect(path)
                    .map_err(|e| SinkError::io(context("connecting to"), e))?;
                socket
                    .set_write_timeout(Some(SEND_TIMEOUT))
                    .map_err(|e| SinkError::io(context("configuring"), e))?;
                Ok(Connection::Journald(socket))
            }
            SyslogTarget::Udp(address) => {
                let socket = UdpSocket::bind(("0.0.0.0", 0))
                    .map_err(|e| SinkError::io(context("binding for"), e))?;
                socket
                    .connect(address)
                    .map_err(|e| SinkError::io(context("connecting to"), e))?;
                Ok(Connection::Udp(socket))
            }
            SyslogTarget::Tcp(address) => {
                let stream = TcpStream::connect(address)
                    .map_err(|e| SinkError::io(context("connecting to"), e))?;
                stream
                    .set_write_timeout(Some(SEND_TIMEOUT))
                    .map_err(|e| SinkError::io(context("configuring"), e))?;
                Ok(Connection::Tcp(stream))
            }
        }
    }

    /// The RFC 5424 message for one incident: key fields as structured data, the whole
    /// record as JSON in the message part.
    pub fn format(&self, incident: &Incident) -> String {
        let severity = if incident.public_status >= 500 {
            SEVERITY_ERROR
        } else {
            SEVERITY_WARNING
        };
        let timestamp = rfc3339_micros(incident.at_ns);
        format!(
            "<{}>1 {timestamp} {} {} {} {} [incident@32473 id=\"{}\" ref=\"{}\" status=\"{}\" code=\"{}\"] {}",
            FACILITY_LOCAL0 + severity,
            header_field(&self.host),
            header_field(&self.app),
            self.pid,
            incident.kind.as_str(),
            param_value(&incident.id),
            param_value(&incident.short_ref),
            incident.public_status,
            param_value(&incident.code),
            incident.to_json()
        )
    }

    fn journald_fields(&self, incident: &Incident) -> Vec<u8> {
        let mut out = Vec::new();
        let mut field = |name: &str, value: &str| {
            // Values with newlines use the binary length-prefixed form.
            if value.contains('\n') {
                out.extend_from_slice(name.as_bytes());
                out.push(b'\n');
                out.extend_from_slice(&(value.len() as u64).to_le_bytes());
                out.extend_from_slice(value.as_bytes());
                out.push(b'\n');
            } else {
                out.extend_from_slice(format!("{name}={value}\n").as_bytes());
            }
        };
        let priority = if incident.public_status >= 500 {
            SEVERITY_ERROR
        } else {
            SEVERITY_WARNING
        };
        field("PRIORITY", &priority.to_string());
        field("SYSLOG_IDENTIFIER", &self.app);
        field(
            "MESSAGE",
            &format!(
                "{} {} {} {}",
                incident.kind, incident.public_status, incident.code, incident.id
            ),
        );
        field("TIGHTLIP_ID", &incident.id);
        field("TIGHTLIP_REF", &incident.short_ref);
        field("TIGHTLIP_KIND", incident.kind.as_str());
        field("TIGHTLIP_RECORD", &incident.to_json());
        out
    }

    fn send(&mut self, incident: &Incident) -> Result<(), SinkError> {
        if self.connection.is_none() {
            self.connection = Some(self.open()?);
        }
        let message = match &self.connection {
            Some(Connection::Journald(_)) => {
                self.journald_fields(&fit(incident, MAX_DATAGRAM - 1024))
            }
            Some(Connection::Tcp(_)) => self.format(incident).into_bytes(),
            _ => self.format(&fit(incident, MAX_DATAGRAM - 512)).into_bytes(),
        };
        let context = format!("sending to {:?}", self.target);
        let result = match self.connection.as_mut().expect("just opened") {
            Connection::Unix(socket) | Connection::Journald(socket) => {
                socket.send(&message).map(drop)
            }
            Connection::Udp(socket) => socket.send(&message).map(drop),
            Connection::Tcp(stream) => {
                let framed = [format!("{} ", message.len()).as_bytes(), &message].concat();
                stream.write_all(&framed)
            }
        };
        result.map_err(|error| {
            // Reconnect on the next batch: the collector may have restarted.
            self.connection = None;
            SinkError::io(context, error)
        })
    }
}

/// The incident, or a copy whose JSON fits in `budget` bytes: the upstream body is cut
/// first (marked truncated), then the capture and error chain are left out.
fn fit(incident: &Incident, budget: usize) -> std::borrow::Cow<'_, Incident> {
    let size = incident.to_json().len();
    if size <= budget {
        return std::borrow::Cow::Borrowed(incident);
    }
    let mut smaller = incident.clone();
    if let Some(upstream) = &mut smaller.upstream {
        // JSON escaping can make the body longer in the record than in memory; cut by
        // the excess and a margin, then check again.
        let mut keep = upstream.body.len().saturating_sub(size - budget + 256);
        while !upstream.body.is_char_boundary(keep) {
            keep -= 1;
        }
        upstream.body.truncate(keep);
        upstream.truncated = true;
    }
    if smaller.to_json().len() > budget {
        if let Some(upstream) = &mut smaller.upstream {
            upstream.body.clear();
            upstream.headers.clear();
        }
        smaller.error_chain.clear();
    }
    std::borrow::Cow::Owned(smaller)
}

/// RFC 5424 header fields are printable US-ASCII without spaces, or `-`.
fn header_field(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .filter(char::is_ascii_graphic)
        .take(48)
        .collect();
    if cleaned.is_empty() {
        "-".to_owned()
    } else {
        cleaned
    }
}

/// Escapes `"`, `\` and `]` in structured-data values.
fn param_value(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(']', "\\]")
}

fn rfc3339_micros(at_ns: i64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(at_ns))
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.microsecond()
    )
}

impl IncidentSink for SyslogSink {
    fn name(&self) -> &'static str {
        "syslog"
    }

    fn write_batch(&mut self, batch: &[Arc<Incident>]) -> Result<(), SinkError> {
        for incident in batch {
            self.send(incident)?;
        }
        Ok(())
    }
}
