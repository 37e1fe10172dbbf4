//! The anchor prefilter: where in a body any rule's anchor occurs, ignoring ASCII case.
//!
//! Most bodies are clean, so this pass sets the speed on clean bodies. A many-pattern
//! automaton over ~300 case-insensitive anchors has a table far larger than the L1 cache
//! and pays a miss on almost every byte. Instead each anchor is filed under its rarest
//! byte pair: one lookup per byte in an 8 KiB bit table (it stays in L1) rejects almost
//! every position of ordinary JSON and HTML, and only the positions that pass are
//! compared with the anchors filed under that pair.
//!
//! One-byte anchors have no pair; `memchr` finds them. "Rarest" is measured on a sample of
//! ordinary API bodies (`prefilter/clean_sample.txt`: JSON, problem+json, an HTML error
//! page, prose), with a rough per-byte frequency breaking ties.

use crate::detector::Mask;

/// Byte pairs, as `first | second << 8` of the folded bytes.
const PAIRS: usize = 1 << 16;

/// Folds ASCII case (and, harmlessly for a filter, a few other byte pairs together).
#[inline]
fn fold(byte: u8) -> u8 {
    byte | 0x20
}

#[inline]
fn pair(first: u8, second: u8) -> usize {
    usize::from(fold(first)) | usize::from(fold(second)) << 8
}

/// Ordinary bodies whose byte pairs an anchor should avoid being filed under.
const CLEAN_SAMPLE: &[u8] = include_bytes!("prefilter/clean_sample.txt");

/// How often each folded pair occurs in [`CLEAN_SAMPLE`].
fn sample_counts() -> Vec<u16> {
    let mut counts = vec![0u16; PAIRS];
    for window in CLEAN_SAMPLE.windows(2) {
        let count = &mut counts[pair(window[0], window[1])];
        *count = count.saturating_add(1);
    }
    counts
}

/// How often a byte shows up in ordinary API bodies, roughly; lower is rarer.
fn commonness(byte: u8) -> u32 {
    match byte.to_ascii_lowercase() {
        b' ' | b'"' | b'e' | b't' | b'a' | b'o' | b'i' | b'n' | b's' | b'r' | b'0'..=b'9' => 9,
        b'h' | b'l' | b'd' | b'c' | b'u' | b'm' | b',' | b':' | b'.' | b'-' | b'_' | b'/' => 7,
        b'f' | b'p' | b'g' | b'w' | b'y' | b'b' | b'{' | b'}' | b'[' | b']' | b'\n' => 5,
        b'v' | b'k' | b'j' | b'x' | b'q' | b'z' | b'=' | b'<' | b'>' => 3,
        _ => 1,
    }
}

/// One anchor filed under one byte pair.
#[derive(Debug)]
struct Entry {
    /// The anchor, lowercase.
    anchor: Box<[u8]>,
    /// Where the pair sits in the anchor.
    offset: usize,
    /// Categories the anchor triggers.
    mask: Mask,
}

/// Finds where anchors occur, ignoring ASCII case.
#[derive(Debug)]
pub(crate) struct Prefilter {
    /// One bit per folded byte pair under which some anchor is filed.
    table: Box<[u64; PAIRS / 64]>,
    /// `entries[starts[p]..starts[p + 1]]` are the anchors filed under pair `p`.
    starts: Box<[u32]>,
    entries: Vec<Entry>,
    /// One-byte anchors, one finder per ASCII case.
    short: Vec<(memchr::memmem::Finder<'static>, Mask)>,
}

/// Every ASCII case variant of a short anchor.
fn case_variants(anchor: &[u8]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = vec![Vec::new()];
    for &byte in anchor {
        let mut cases = vec![byte.to_ascii_lowercase()];
        if byte.is_ascii_alphabetic() {
            cases.push(byte.to_ascii_uppercase());
        }
        out = out
            .into_iter()
            .flat_map(|prefix| {
                cases.iter().map(move |&c| {
                    let mut next = prefix.clone();
                    next.push(c);
                    next
                })
            })
            .collect();
    }
    out
}

impl Prefilter {
    /// A prefilter over `anchors` (non-empty byte strings) and the categories each triggers.
    pub(crate) fn new(anchors: impl IntoIterator<Item = (String, Mask)>) -> Self {
        let counts = sample_counts();
        let mut filed: Vec<(usize, Entry)> = Vec::new();
        let mut short = Vec::new();
        for (anchor, mask) in anchors {
            let anchor: Box<[u8]> = anchor.to_ascii_lowercase().into_bytes().into();
            if anchor.len() < 2 {
                for variant in case_variants(&anchor) {
                    short.push((memchr::memmem::Finder::new(&variant).into_owned(), mask));
                }
                continue;
            }
            let offset = (0..anchor.len() - 1)
                .min_by_key(|&k| {
                    let sampled = counts[pair(anchor[k], anchor[k + 1])];
                    (sampled, commonness(anchor[k]) + commonness(anchor[k + 1]))
                })
                .expect("two or more bytes");
            let entry = Entry {
                anchor: anchor.clone(),
                offset,
                mask,
            };
            filed.push((pair(anchor[offset], anchor[offset + 1]), entry));
        }
        filed.sort_by_key(|(key, _)| *key);
        let mut table = Box::new([0u64; PAIRS / 64]);
        let mut starts = vec![0u32; PAIRS + 1];
        for (key, _) in &filed {
            table[key >> 6] |= 1 << (key & 63);
            starts[key + 1] += 1;
        }
        for p in 0..PAIRS {
            starts[p + 1] += starts[p];
        }
        Self {
            table,
            starts: starts.into(),
            entries: filed.into_iter().map(|(_, entry)| entry).collect(),
            short,
        }
    }

    /// Calls `hit(anchor start, categories)` for each anchor occurrence of a category in
    /// `wanted`. Hits come roughly in order; a caller that needs order sorts.
    pub(crate) fn hits(&self, hay: &[u8], wanted: Mask, mut hit: impl FnMut(usize, Mask)) {
        if wanted == 0 || hay.len() < 2 {
            if wanted != 0 {
                self.short_hits(hay, wanted, &mut hit);
            }
            return;
        }
        let table = &*self.table;
        for (at, window) in hay.windows(2).enumerate() {
            let key = pair(window[0], window[1]);
            if table[key >> 6] & (1 << (key & 63)) != 0 {
                self.candidate(hay, at, key, wanted, &mut hit);
            }
        }
        self.short_hits(hay, wanted, &mut hit);
    }

    fn short_hits(&self, hay: &[u8], wanted: Mask, hit: &mut impl FnMut(usize, Mask)) {
        for (finder, mask) in &self.short {
            if mask & wanted != 0 {
                for at in finder.find_iter(hay) {
                    hit(at, mask & wanted);
                }
            }
        }
    }

    /// Compares the anchors filed under `key` with the bytes around `at`. Kept out of
    /// line: the scan loop stays small and most positions never get here.
    #[inline(never)]
    fn candidate(
        &self,
        hay: &[u8],
        at: usize,
        key: usize,
        wanted: Mask,
        hit: &mut impl FnMut(usize, Mask),
    ) {
        let range = self.starts[key] as usize..self.starts[key + 1] as usize;
        for entry in &self.entries[range] {
            let mask = entry.mask & wanted;
            let Some(start) = at.checked_sub(entry.offset) else {
                continue;
            };
            let found = hay
                .get(start..start + entry.anchor.len())
                .is_some_and(|window| window.eq_ignore_ascii_case(&entry.anchor));
            if mask != 0 && found {
                hit(start, mask);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts(prefilter: &Prefilter, hay: &[u8]) -> Vec<(usize, Mask)> {
        let mut out = Vec::new();
        prefilter.hits(hay, Mask::MAX, |at, mask| out.push((at, mask)));
        out
    }

    #[test]
    fn finds_every_occurrence_ignoring_case_including_overlaps_and_edges() {
        let prefilter = Prefilter::new([
            ("Traceback (most".to_owned(), 1),
            ("@".to_owned(), 2),
            ("ab".to_owned(), 4),
            ("bab".to_owned(), 8),
        ]);
        assert_eq!(starts(&prefilter, b"TRACEBACK (MOST"), [(0, 1)]);
        assert_eq!(starts(&prefilter, b"x@"), [(1, 2)]);
        assert_eq!(starts(&prefilter, b"@"), [(0, 2)]);
        let mut got = starts(&prefilter, b"abab");
        got.sort_unstable();
        assert_eq!(got, [(0, 4), (1, 8), (2, 4)]);
        assert!(starts(&prefilter, b"traceback (mos").is_empty());
        assert!(starts(&prefilter, b"").is_empty());
    }

    #[test]
    fn unwanted_categories_are_skipped() {
        let prefilter = Prefilter::new([("secret".to_owned(), 1), ("secret".to_owned(), 2)]);
        let mut got = Vec::new();
        prefilter.hits(b"a secret", 2, |at, mask| got.push((at, mask)));
        assert_eq!(got, [(2, 2)]);
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    const ANCHORS: &[&str] = &["@", "::", "eyj", "10.", "Traceback", "ab", "password"];

    proptest! {
        /// Every occurrence a naive search finds, the prefilter finds too, and nothing else.
        #[test]
        fn hits_equal_a_naive_search(parts in prop::collection::vec(
            prop_oneof![
                prop::sample::select(ANCHORS).prop_map(|a| a.to_ascii_uppercase().into_bytes()),
                prop::sample::select(ANCHORS).prop_map(|a| a.as_bytes().to_vec()),
                prop::collection::vec(any::<u8>(), 0..6),
            ],
            0..16,
        )) {
            let hay = parts.concat();
            let prefilter = Prefilter::new(ANCHORS.iter().enumerate().map(|(i, a)| ((*a).to_owned(), 1 << i)));
            let mut got = Vec::new();
            prefilter.hits(&hay, Mask::MAX, |at, mask| got.push((at, mask)));
            got.sort_unstable();
            let mut want = Vec::new();
            for (i, anchor) in ANCHORS.iter().enumerate() {
                for at in 0..hay.len() {
                    if hay[at..].len() >= anchor.len() && hay[at..at + anchor.len()].eq_ignore_ascii_case(anchor.as_bytes()) {
                        want.push((at, 1 << i));
                    }
                }
            }
            want.sort_unstable();
            prop_assert_eq!(got, want);
        }
    }
}
