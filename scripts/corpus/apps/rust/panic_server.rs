// std-only HTTP server whose handler panics; the panic message and a captured
// backtrace are written into the 500 response (the anti-pattern under test).
// build: rustc -g -O panic_server.rs ; run: ./panic_server PORT
use std::backtrace::Backtrace;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::panic;
use std::sync::{Arc, Mutex};

fn parse_limit(q: &str) -> u32 {
    q.split('=').nth(1).unwrap().parse::<u32>().unwrap()
}

fn lookup(idx: usize) -> String {
    let skus = vec!["SKU-1", "SKU-2", "SKU-3"];
    skus[idx].to_string()
}

fn main() {
    let port = std::env::args().nth(1).unwrap();
    let last: Arc<Mutex<String>> = Arc::new(Mutex::new(String::new()));
    let hook_last = last.clone();
    panic::set_hook(Box::new(move |info| {
        let bt = Backtrace::force_capture();
        let thread = std::thread::current();
        let name = thread.name().unwrap_or("<unnamed>").to_string();
        *hook_last.lock().unwrap() = format!("thread '{}' {}\nstack backtrace:\n{}", name, info, bt);
    }));
    let listener = TcpListener::bind(format!("127.0.0.1:{}", port)).unwrap();
    for stream in listener.incoming() {
        let mut s = stream.unwrap();
        let mut buf = [0u8; 4096];
        let n = s.read(&mut buf).unwrap_or(0);
        let req = String::from_utf8_lossy(&buf[..n]).to_string();
        let path = req.split_whitespace().nth(1).unwrap_or("/").to_string();
        let result = panic::catch_unwind(|| {
            if path.starts_with("/items") { lookup(7) } else { parse_limit(&path).to_string() }
        });
        let (code, body) = match result {
            Ok(b) => ("200 OK", b),
            Err(_) => ("500 Internal Server Error", last.lock().unwrap().clone()),
        };
        let resp = format!("HTTP/1.1 {}\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}", code, body.len(), body);
        let _ = s.write_all(resp.as_bytes());
    }
}
