//! The labelled corpus in `tests/corpus/`: real and hand-made leaky responses by category,
//! and hard negatives. Recall must be at least 0.99 and false positives at most 0.01.
//!
//! `cargo test -p tightlip-detect --test corpus -- --nocapture` prints the per-category table
//! that docs/DETECTION.md quotes.

#![expect(
    clippy::disallowed_methods,
    reason = "the corpus test reads its sample files; the library itself does no I/O"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tightlip_detect::{Category, Detector, Finding, decode_body, parse_response};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else if path.extension().is_some_and(|e| e == "http") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Scans a sample the way `tightlip scan` and the gateway do: headers, then decoded body.
fn scan(detector: &Detector, path: &Path) -> Vec<Finding> {
    let bytes = std::fs::read(path).unwrap();
    if !bytes.starts_with(b"HTTP/") {
        return detector.scan_body(&bytes);
    }
    let response = parse_response(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let encoding = response
        .header("content-encoding")
        .map(|v| String::from_utf8_lossy(v).trim().to_ascii_lowercase());
    let body = decode_body(encoding.as_deref(), &response.body, 16 << 20)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut findings = detector.scan_headers(&response.headers);
    findings.extend(detector.scan_body(&body));
    findings
}

#[derive(Default)]
struct Tally {
    samples: usize,
    detected: usize,
    in_category: usize,
}

#[expect(clippy::cast_precision_loss, reason = "ratios of small counts")]
fn ratio(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

/// The hard negatives that were flagged (with the first finding), and how many each
/// category flagged.
fn hard_negatives(
    detector: &Detector,
    clean: &[PathBuf],
) -> (Vec<String>, BTreeMap<&'static str, usize>) {
    let mut false_positives = Vec::new();
    // Hard negatives flagged by at least one rule of the category.
    let mut flagged_by: BTreeMap<&str, usize> = BTreeMap::new();
    for path in clean {
        let findings = scan(detector, path);
        let mut categories: Vec<&str> = findings.iter().map(|f| f.category.as_str()).collect();
        categories.dedup();
        categories.sort_unstable();
        categories.dedup();
        for category in categories {
            *flagged_by.entry(category).or_default() += 1;
        }
        if let Some(first) = findings.first() {
            false_positives.push(format!(
                "{} ({} {})",
                path.display(),
                first.category.as_str(),
                first.rule
            ));
        }
    }

    (false_positives, flagged_by)
}

#[test]
fn recall_and_false_positives_meet_the_bar() {
    let detector = Detector::builtin();
    let leak_dir = corpus().join("leak");
    let mut by_category: BTreeMap<String, Tally> = BTreeMap::new();
    let mut missed = Vec::new();
    let mut elsewhere = Vec::new();
    for path in files(&leak_dir) {
        let relative = path.strip_prefix(&leak_dir).unwrap();
        let category = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .into_owned();
        let findings = scan(&detector, &path);
        let tally = by_category.entry(category.clone()).or_default();
        tally.samples += 1;
        if findings.is_empty() {
            missed.push(path.display().to_string());
        } else {
            tally.detected += 1;
        }
        if findings.iter().any(|f| f.category.as_str() == category) {
            tally.in_category += 1;
        } else if !findings.is_empty() {
            elsewhere.push(format!(
                "{} ({})",
                path.display(),
                findings[0].category.as_str()
            ));
        }
    }
    let clean = files(&corpus().join("clean"));
    let (false_positives, flagged_by) = hard_negatives(&detector, &clean);

    println!(
        "| category | samples | detected | recall | found in its category | hard negatives flagged | false-positive rate |"
    );
    println!("|---|---|---|---|---|---|---|");
    let (mut samples, mut detected) = (0, 0);
    for (category, tally) in &by_category {
        samples += tally.samples;
        detected += tally.detected;
        let flagged = flagged_by.get(category.as_str()).copied().unwrap_or(0);
        println!(
            "| {category} | {} | {} | {:.3} | {:.3} | {flagged} of {} | {:.3} |",
            tally.samples,
            tally.detected,
            ratio(tally.detected, tally.samples),
            ratio(tally.in_category, tally.samples),
            clean.len(),
            ratio(flagged, clean.len()),
        );
    }
    let recall = ratio(detected, samples);
    let fp_rate = ratio(false_positives.len(), clean.len());
    println!(
        "| **all** | {samples} | {detected} | {recall:.3} | | {} of {} | {fp_rate:.3} |",
        false_positives.len(),
        clean.len()
    );
    println!(
        "\nhard negatives: {} samples, {} flagged, false-positive rate {fp_rate:.3}",
        clean.len(),
        false_positives.len()
    );
    for miss in &missed {
        println!("missed: {miss}");
    }
    for elsewhere in &elsewhere {
        println!("found, but not as its own category: {elsewhere}");
    }
    for fp in &false_positives {
        println!("false positive: {fp}");
    }

    for category in Category::ALL {
        let tally = by_category.get(category.as_str());
        assert!(
            tally.is_some_and(|t| t.samples >= 20),
            "category {category} needs at least 20 leaky samples"
        );
        let recall = tally.map_or(0.0, |t| ratio(t.detected, t.samples));
        assert!(recall >= 0.99, "recall of {category} is {recall:.3} < 0.99");
    }
    assert!(
        samples >= 300,
        "the corpus needs at least 300 leaky samples, has {samples}"
    );
    assert!(
        clean.len() >= 100,
        "the corpus needs at least 100 hard negatives, has {}",
        clean.len()
    );
    assert!(
        recall >= 0.99,
        "recall {recall:.3} < 0.99; missed: {missed:#?}"
    );
    assert!(
        fp_rate <= 0.01,
        "false positives {fp_rate:.3} > 0.01: {false_positives:#?}"
    );
}
