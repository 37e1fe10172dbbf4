//! `tightlip scan` as a real process on real files and standard input.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn tightlip(args: &[&str], dir: &Path, stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tightlip"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn response(head: &str, body: &[u8]) -> Vec<u8> {
    let mut bytes = format!("{head}\r\nContent-Length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

const TRACE: &str = "Traceback (most recent call last):\n  File \"/srv/app/views.py\", line 42, in get\nKeyError: 'user'\n";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn leaky_and_clean_inputs_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("leak.http"),
        response(
            "HTTP/1.1 500 Internal Server Error\r\nServer: Apache/2.4.41 (Ubuntu)",
            TRACE.as_bytes(),
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("clean.json"),
        r#"{"type":"about:blank","title":"Not found","status":404}"#,
    )
    .unwrap();
    let output = tightlip(&["scan", "leak.http", "clean.json"], dir.path(), None);
    assert_eq!(output.status.code(), Some(1));
    let out = text(&output.stdout);
    assert!(out.starts_with("leak.http: LEAKS ("), "{out}");
    assert!(out.contains("header Server    banner"), "{out}");
    assert!(
        out.contains("\n  1:1              stack_trace       python.traceback"),
        "{out}"
    );
    assert!(out.ends_with("clean.json: clean\n"), "{out}");
}

#[test]
fn json_lines_with_offsets_into_the_decoded_body() {
    let dir = tempfile::tempdir().unwrap();
    let body = gzip(TRACE.as_bytes());
    std::fs::write(
        dir.path().join("gz.http"),
        response("HTTP/1.1 500 Oops\r\nContent-Encoding: gzip", &body),
    )
    .unwrap();
    let output = tightlip(&["scan", "--json", "gz.http"], dir.path(), None);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["path"], "gz.http");
    assert_eq!(lines[0]["leak"], true);
    let first = &lines[0]["findings"][0];
    assert_eq!(first["category"], "stack_trace");
    assert_eq!(first["rule"], "python.traceback");
    assert_eq!(first["start"], 0);
    let end = usize::try_from(first["end"].as_u64().unwrap()).unwrap();
    assert_eq!(first["evidence"], TRACE[..end].trim_end());
}

#[test]
fn chunked_bodies_and_header_findings_name_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let raw = b"HTTP/1.1 500 Oops\r\nX-Powered-By: PHP/8.1.2\r\nTransfer-Encoding: chunked\r\n\r\n\
                10\r\nORA-00942: table\r\n13\r\n or view does not e\r\n5\r\nxist.\r\n0\r\n\r\n";
    std::fs::write(dir.path().join("chunked.http"), raw).unwrap();
    let output = tightlip(&["scan", "--json", "chunked.http"], dir.path(), None);
    let line: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let rules: Vec<&str> = line["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.iter().any(|r| r.ends_with("@x-powered-by")),
        "{rules:?}"
    );
    let sql = line["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["category"] == "sql")
        .unwrap();
    assert!(
        sql["evidence"].as_str().unwrap().starts_with("ORA-00942"),
        "{sql}"
    );
}

#[test]
fn secrets_are_never_reprinted() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "sk_live_4eC39HqLyjWDarjtT1zdp7dc";
    let body = format!(
        "stripe failed with key {secret}\nDATABASE_URL=postgres://app:Sup3rS3cret@db:5432/x\n"
    );
    std::fs::write(dir.path().join("secret.txt"), &body).unwrap();
    for args in [
        vec!["scan", "secret.txt"],
        vec!["scan", "--json", "secret.txt"],
    ] {
        let output = tightlip(&args, dir.path(), None);
        assert_eq!(output.status.code(), Some(1));
        let out = text(&output.stdout);
        assert!(out.contains("secret"), "{out}");
        assert!(!out.contains(secret), "{out}");
        assert!(!out.contains("Sup3rS3cret"), "{out}");
    }
}

#[test]
fn stdin_and_directories() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("captures/nested")).unwrap();
    std::fs::write(dir.path().join("captures/a.txt"), "all good").unwrap();
    std::fs::write(dir.path().join("captures/nested/b.txt"), TRACE).unwrap();
    let output = tightlip(
        &["scan", "captures", "-"],
        dir.path(),
        Some(b"SQLSTATE[42S02]: Base table or view not found"),
    );
    assert_eq!(output.status.code(), Some(1));
    let out = text(&output.stdout);
    let names: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(names, ["captures/a.txt", "captures/nested/b.txt", "-"]);
}

#[test]
fn unreadable_or_undecodable_inputs_exit_2_and_the_rest_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.http"),
        response("HTTP/1.1 500 X\r\nContent-Encoding: gzip", b"not gzip"),
    )
    .unwrap();
    std::fs::write(dir.path().join("ok.txt"), "fine").unwrap();
    let output = tightlip(
        &["scan", "missing.txt", "bad.http", "ok.txt"],
        dir.path(),
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(text(&output.stdout), "ok.txt: clean\n");
    let err = text(&output.stderr);
    assert!(
        err.contains("tightlip: missing.txt: cannot read: "),
        "{err}"
    );
    assert!(
        err.contains("tightlip: bad.http: cannot decode the body: "),
        "{err}"
    );
}

#[test]
fn decompression_bombs_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = gzip(&vec![b'a'; 4 << 20]);
    std::fs::write(
        dir.path().join("bomb.http"),
        response("HTTP/1.1 500 X\r\nContent-Encoding: gzip", &bomb),
    )
    .unwrap();
    let output = tightlip(
        &["scan", "--max-decoded", "1MiB", "bomb.http"],
        dir.path(),
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("bomb.http: cannot decode the body"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn user_rules_extend_the_builtin_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rules.toml"),
        "[[rule]]\nid = \"acme.ticket\"\ncategory = \"debug_page\"\nseverity = \"medium\"\nliterals = [\"ACME-INTERNAL-\"]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("body.txt"),
        "see ACME-INTERNAL-4411 for details",
    )
    .unwrap();
    let output = tightlip(
        &["scan", "--rules", "rules.toml", "body.txt"],
        dir.path(),
        None,
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("acme.ticket"));
    std::fs::write(
        dir.path().join("bad.toml"),
        "[[rule]]\nid = \"x\"\ncategory = \"nope\"\n",
    )
    .unwrap();
    let output = tightlip(
        &["scan", "--rules", "bad.toml", "body.txt"],
        dir.path(),
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("bad.toml:"),
        "{}",
        text(&output.stderr)
    );
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
        writer.write_all(bytes).unwrap();
    }
    out
}

#[test]
fn json_lines_have_exactly_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("leak.http"),
        response(
            "HTTP/1.1 500 Oops\r\nX-Powered-By: Express",
            TRACE.as_bytes(),
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("clean.txt"), "all good").unwrap();
    let output = tightlip(
        &["scan", "--json", "leak.http", "clean.txt"],
        dir.path(),
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = text(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "one object per input");
    let keys = |value: &serde_json::Value| -> Vec<String> {
        value.as_object().unwrap().keys().cloned().collect()
    };
    for line in &lines {
        assert_eq!(keys(line), ["findings", "leak", "path"]);
        for finding in line["findings"].as_array().unwrap() {
            assert_eq!(
                keys(finding),
                ["category", "end", "evidence", "rule", "start"]
            );
        }
    }
    assert_eq!(
        lines[0]["findings"][0]["rule"],
        "banner.header@x-powered-by"
    );
    assert_eq!(lines[0]["findings"][0]["evidence"], "Express");
    assert_eq!(
        lines[1],
        serde_json::json!({"path": "clean.txt", "leak": false, "findings": []})
    );
}

#[test]
fn deflate_and_brotli_bodies_are_decoded_before_scanning() {
    let dir = tempfile::tempdir().unwrap();
    for (name, encoding, body) in [
        ("deflate.http", "deflate", deflate(TRACE.as_bytes())),
        ("br.http", "br", brotli(TRACE.as_bytes())),
    ] {
        std::fs::write(
            dir.path().join(name),
            response(
                &format!("HTTP/1.1 500 Oops\r\nContent-Encoding: {encoding}"),
                &body,
            ),
        )
        .unwrap();
    }
    let output = tightlip(
        &["scan", "--json", "br.http", "deflate.http"],
        dir.path(),
        None,
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    for line in text(&output.stdout).lines() {
        let line: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(line["findings"][0]["rule"], "python.traceback", "{line}");
        assert_eq!(line["findings"][0]["start"], 0, "{line}");
    }
}

#[test]
fn the_default_decoded_bound_is_16_mib() {
    let dir = tempfile::tempdir().unwrap();
    for (name, size) in [("under.http", 16 << 20), ("over.http", (16 << 20) + 1)] {
        std::fs::write(
            dir.path().join(name),
            response(
                "HTTP/1.1 500 X\r\nContent-Encoding: gzip",
                &gzip(&vec![b'a'; size]),
            ),
        )
        .unwrap();
    }
    let output = tightlip(&["scan", "under.http", "over.http"], dir.path(), None);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(text(&output.stdout), "under.http: clean\n");
    assert!(
        text(&output.stderr).contains(
            "over.http: cannot decode the body: decoded body exceeds the limit of 16777216 bytes"
        ),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn human_output() {
    let dir = tempfile::tempdir().unwrap();
    let body = format!(
        "{TRACE}psycopg2.errors.UndefinedTable: relation \"users\" does not exist\n\
         DATABASE_URL=postgres://app:Sup3rS3cret@10.0.0.5:5432/shop\n"
    );
    std::fs::write(
        dir.path().join("leak.http"),
        response(
            "HTTP/1.1 500 Internal Server Error\r\nServer: nginx/1.18.0",
            body.as_bytes(),
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("clean.json"), r#"{"title":"Not found"}"#).unwrap();
    let output = tightlip(&["scan", "leak.http", "clean.json"], dir.path(), None);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(text(&output.stdout));
}
