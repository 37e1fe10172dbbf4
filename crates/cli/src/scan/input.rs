//! Reading scan inputs: files, directories, stdin; raw responses or bare bodies.

use std::io::Read;
use std::path::{Path, PathBuf};
use tightlip_detect::{Detector, Finding, decode_body, parse_response};

/// One input to scan.
pub struct Source {
    /// How the input is named in reports (`-` for stdin).
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// The outcome for one input.
pub struct Scan {
    /// The input's name.
    pub name: String,
    /// The decoded body the spans index into.
    pub body: Vec<u8>,
    /// Header values by name, for header findings' excerpts.
    pub headers: Vec<(String, Vec<u8>)>,
    /// Findings in headers, then in the body.
    pub findings: Vec<Finding>,
}

impl Scan {
    /// Whether anything leaks.
    pub fn leaks(&self) -> bool {
        !self.findings.is_empty()
    }
}

/// Every input the paths name, in order; directories are walked sorted.
pub fn expand(paths: &[PathBuf]) -> Vec<anyhow::Result<Source>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            out.push(
                std::io::stdin()
                    .read_to_end(&mut bytes)
                    .map(|_| Source {
                        name: "-".to_owned(),
                        bytes,
                    })
                    .map_err(|error| anyhow::anyhow!("-: cannot read standard input: {error}")),
            );
        } else {
            walk(path, &mut out);
        }
    }
    out
}

fn walk(path: &Path, out: &mut Vec<anyhow::Result<Source>>) {
    let name = path.display().to_string();
    if path.is_dir() {
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(error) => {
                out.push(Err(anyhow::anyhow!(
                    "{name}: cannot read directory: {error}"
                )));
                return;
            }
        };
        let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        children.sort();
        for child in children {
            walk(&child, out);
        }
    } else {
        out.push(
            std::fs::read(path)
                .map(|bytes| Source {
                    name: name.clone(),
                    bytes,
                })
                .map_err(|error| anyhow::anyhow!("{name}: cannot read: {error}")),
        );
    }
}

/// Parses and decodes one input, then runs the detector on headers and body.
pub fn scan(detector: &Detector, source: Source, limit: usize) -> anyhow::Result<Scan> {
    let name = source.name;
    if !source.bytes.starts_with(b"HTTP/") {
        let findings = detector.scan_body(&source.bytes);
        return Ok(Scan {
            name,
            body: source.bytes,
            headers: Vec::new(),
            findings,
        });
    }
    let response = parse_response(&source.bytes)
        .map_err(|error| anyhow::anyhow!("{name}: not a valid HTTP response: {error}"))?;
    let encoding = response
        .header("content-encoding")
        .map(|value| String::from_utf8_lossy(value).trim().to_ascii_lowercase());
    let body = decode_body(encoding.as_deref(), &response.body, limit)
        .map_err(|error| anyhow::anyhow!("{name}: cannot decode the body: {error}"))?;
    let mut findings = detector.scan_headers(&response.headers);
    findings.extend(detector.scan_body(&body));
    Ok(Scan {
        name,
        body,
        headers: response.headers,
        findings,
    })
}
