//! Ad-hoc timing of the prefilter and each category regex.
use std::time::Instant;
fn main() {
    let mut body = b"{\"items\":[".to_vec();
    let mut i = 0u64;
    while body.len() < 65536 {
        body.extend_from_slice(format!("{{\"id\":\"3f2c8a9e-1b4d-4c7e-9f3a-{i:012x}\",\"name\":\"Widget {i}\",\"price\":{}.99,\"created_at\":\"2024-01-15T10:30:00Z\",\"version\":\"2.3.1\",\"tags\":[\"blue\",\"large\"],\"href\":\"https://api.example.com/v1/items/{i}\",\"stock\":{}}},", i % 100, i * 7 % 1000).as_bytes());
        i += 1;
    }
    let rules = tightlip_detect::Rules::builtin();
    let pats: Vec<String> = rules.iter().flat_map(|r| r.anchors.clone()).collect();
    let ac = aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&pats)
        .unwrap();
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..100 {
        n += ac.find_overlapping_iter(&body).count();
    }
    println!(
        "ac overlapping: {:?}/iter hits {}",
        t.elapsed() / 100,
        n / 100
    );
    let t = Instant::now();
    for _ in 0..100 {
        n += ac.find_iter(&body).count();
    }
    println!("ac find_iter: {:?}/iter", t.elapsed() / 100);
    let mut hits = std::collections::BTreeMap::new();
    for m in ac.find_overlapping_iter(&body) {
        *hits
            .entry(pats[m.pattern().as_usize()].clone())
            .or_insert(0) += 1;
    }
    println!("{hits:?}");
    for r in rules.iter() {
        let Ok(re) = regex_automata::meta::Builder::new()
            .syntax(
                regex_automata::util::syntax::Config::new()
                    .utf8(false)
                    .unicode(false),
            )
            .build(&match &r.pattern {
                tightlip_detect::rules::Pattern::Regex(s) => s.clone(),
                _ => continue,
            })
        else {
            continue;
        };
        let t = Instant::now();
        for _ in 0..20 {
            n += re.find_iter(&body).count();
        }
        let e = t.elapsed() / 20;
        if e.as_micros() > 5 {
            println!("{:>25} {:?}", r.id, e);
        }
    }
    variants(&body);
    let d = tightlip_detect::Detector::builtin();
    let t = Instant::now();
    for _ in 0..100 {
        n += d.scan_body(&body).len();
    }
    println!("detector {:?} {n}", t.elapsed() / 100);
}
#[allow(dead_code)]
pub fn variants(body: &[u8]) {
    let rules = tightlip_detect::Rules::builtin();
    let mut pats: Vec<String> = rules
        .iter()
        .flat_map(|r| r.anchors.clone())
        .map(|a| a.to_ascii_lowercase())
        .collect();
    pats.sort();
    pats.dedup();
    println!("{} anchors", pats.len());
    let alt: Vec<String> = pats
        .iter()
        .map(|p| p.bytes().map(|b| format!("\\x{b:02X}")).collect())
        .collect();
    let re = regex_automata::meta::Builder::new()
        .syntax(
            regex_automata::util::syntax::Config::new()
                .utf8(false)
                .unicode(false)
                .case_insensitive(true),
        )
        .build(&alt.join("|"))
        .unwrap();
    let t = Instant::now();
    let mut n = 0;
    for _ in 0..100 {
        n += re.find_iter(body).count();
    }
    println!("(a) meta regex: {:?}", t.elapsed() / 100);
    let ac = aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(&pats)
        .unwrap();
    let mut low = Vec::new();
    let t = Instant::now();
    for _ in 0..100 {
        low.clear();
        low.extend_from_slice(body);
        low.make_ascii_lowercase();
        n += ac.find_iter(&low).count();
    }
    println!("(b) lower+ac leftmost: {:?}", t.elapsed() / 100);
    let t = Instant::now();
    for _ in 0..100 {
        low.clear();
        low.extend_from_slice(body);
        low.make_ascii_lowercase();
    }
    println!("    lowercase only: {:?}", t.elapsed() / 100);
    for chunk in [32usize, 64, 128] {
        let searchers: Vec<_> = pats
            .chunks(chunk)
            .map(|c| {
                let mut b = aho_corasick::packed::Config::new().builder();
                b.extend(c);
                b.build()
            })
            .collect();
        if searchers.iter().any(Option::is_none) {
            println!("chunk {chunk}: packed refused");
            continue;
        }
        let t = Instant::now();
        for _ in 0..100 {
            low.clear();
            low.extend_from_slice(body);
            low.make_ascii_lowercase();
            for s in &searchers {
                n += s.as_ref().unwrap().find_iter(&low).count();
            }
        }
        println!(
            "(c) chunk {chunk} x{}: {:?} {n}",
            searchers.len(),
            t.elapsed() / 100
        );
    }
}
