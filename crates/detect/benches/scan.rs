//! Scan throughput on clean and leaky bodies of 1 KiB, 64 KiB and 1 MiB,
//! against a memchr floor over the same bytes.
//!
//! Run with `cargo bench -p tightlip-detect --bench scan`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_main};
use tightlip_detect::Detector;

const SIZES: [(&str, usize); 3] = [("1KiB", 1 << 10), ("64KiB", 64 << 10), ("1MiB", 1 << 20)];

/// A realistic clean JSON API body, repeated up to `size` bytes.
fn clean_json(size: usize) -> Vec<u8> {
    let mut out = b"{\"items\":[".to_vec();
    let mut i = 0u64;
    while out.len() + 300 < size {
        let item = format!(
            "{{\"id\":\"3f2c8a9e-1b4d-4c7e-9f3a-{i:012x}\",\"name\":\"Widget {i}\",\"price\":{}.99,\
             \"created_at\":\"2024-01-15T10:30:00Z\",\"version\":\"2.3.1\",\"tags\":[\"blue\",\"large\"],\
             \"href\":\"https://api.example.com/v1/items/{i}\",\"stock\":{}}},",
            i % 100,
            i * 7 % 1000
        );
        out.extend_from_slice(item.as_bytes());
        i += 1;
    }
    out.extend_from_slice(b"{}]}");
    out.resize(size.max(out.len()), b' ');
    out.truncate(size);
    out
}

/// A body full of leaks: traces, SQL, paths, addresses, secrets.
fn leaky(size: usize) -> Vec<u8> {
    let chunk = "Traceback (most recent call last):\n  File \"/srv/app/views.py\", line 42, in get\n\
        sqlalchemy.exc.ProgrammingError: relation \"users\" does not exist\n\
        SELECT id, email FROM users WHERE id = 1 -- via 10.0.0.5:5432 db.prod.internal\n\
        password=hunter2 card 4242 4242 4242 4242 AKIAIOSFODNN7EXAMPLE\n";
    chunk.bytes().cycle().take(size).collect()
}

fn bench(c: &mut Criterion) {
    let detector = Detector::builtin();
    let mut group = c.benchmark_group("scan");
    for (name, size) in SIZES {
        for (kind, body) in [("clean_json", clean_json(size)), ("leaky", leaky(size))] {
            group.throughput(Throughput::Bytes(body.len() as u64));
            group.bench_with_input(
                BenchmarkId::new(format!("detector/{kind}"), name),
                &body,
                |b, body| {
                    b.iter(|| detector.scan_body(black_box(body)));
                },
            );
            group.bench_with_input(
                BenchmarkId::new(format!("memchr_floor/{kind}"), name),
                &body,
                |b, body| {
                    b.iter(|| memchr::memchr(0, black_box(body)));
                },
            );
        }
    }
    group.finish();
}

/// The criterion group, written out so it carries a doc comment.
fn benches() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
}

criterion_main!(benches);
