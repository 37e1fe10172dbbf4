//! The strided pair table: long anchors found by looking at every third byte pair.
//!
//! An anchor of four or more bytes contains three consecutive byte pairs (at offsets
//! `k`, `k + 1`, `k + 2`), and of any three consecutive positions exactly one is a
//! multiple of [`STRIDE`]. So filing each anchor under those three pairs and looking up
//! only the pairs that start at multiples of three finds every occurrence exactly once,
//! with a third of the lookups of a byte-by-byte scan. The table has one bit per folded
//! pair (8 KiB, it stays in L1); `k` is picked so the three pairs are rare in ordinary
//! API bodies (`prefilter/clean_sample.txt`), with a rough per-byte frequency breaking
//! ties.

use super::Anchor;
use crate::detector::Mask;

/// Positions looked at: every `STRIDE`-th byte pair.
pub(super) const STRIDE: usize = 3;

/// The shortest anchor the table takes: it must hold `STRIDE` byte pairs.
pub(super) const MIN_LEN: usize = STRIDE + 1;

/// Byte pairs, as `first | second << 8` of the folded bytes.
const PAIRS: usize = 1 << 16;

/// Folds ASCII case (and, harmlessly for a filter, a few other byte pairs together).
#[inline]
fn fold(byte: u8) -> u8 {
    byte | 0x20
}

/// The first four bytes of `bytes`, each folded like [`fold`], if there are four.
#[inline]
fn fold4(bytes: &[u8]) -> Option<u32> {
    let head: [u8; 4] = bytes.get(..4)?.try_into().ok()?;
    Some(u32::from_le_bytes(head) | 0x2020_2020)
}

#[inline]
fn pair(first: u8, second: u8) -> usize {
    usize::from(fold(first)) | usize::from(fold(second)) << 8
}

/// Ordinary bodies whose byte pairs an anchor should avoid being filed under.
const CLEAN_SAMPLE: &[u8] = include_bytes!("clean_sample.txt");

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
    /// The anchor's first four bytes, folded, to reject most candidates in one compare.
    head: u32,
    /// The anchor, lowercase.
    anchor: Box<[u8]>,
    /// Where the pair sits in the anchor.
    offset: usize,
    /// Categories the anchor triggers.
    mask: Mask,
    /// Whether the hit counts only where a dotted quad starts.
    dotted_quad: bool,
}

/// Long anchors filed under their byte pairs.
#[derive(Debug)]
pub(super) struct PairTable {
    /// One bit per folded byte pair under which some anchor is filed.
    table: Box<[u64; PAIRS / 64]>,
    /// `entries[starts[p]..starts[p + 1]]` are the anchors filed under pair `p`.
    starts: Box<[u32]>,
    entries: Vec<Entry>,
}

impl PairTable {
    /// A table over `anchors`, each at least [`MIN_LEN`] bytes.
    pub(super) fn new(anchors: &[Anchor]) -> Self {
        let counts = sample_counts();
        let cost = |anchor: &[u8], k: usize| {
            (k..k + STRIDE)
                .map(|o| {
                    let sampled = u32::from(counts[pair(anchor[o], anchor[o + 1])]);
                    (sampled, commonness(anchor[o]) + commonness(anchor[o + 1]))
                })
                .fold((0, 0), |(a, b), (c, d)| (a + c, b + d))
        };
        let mut filed: Vec<(usize, Entry)> = Vec::new();
        for anchor in anchors {
            let text = anchor.text.as_bytes();
            debug_assert!(text.len() >= MIN_LEN);
            let first = (0..text.len() - STRIDE)
                .min_by_key(|&k| cost(text, k))
                .expect("anchors hold STRIDE + 1 bytes or more");
            for offset in first..first + STRIDE {
                let entry = Entry {
                    head: fold4(text).expect("anchors hold four bytes or more"),
                    anchor: text.into(),
                    offset,
                    mask: anchor.mask,
                    dotted_quad: anchor.dotted_quad,
                };
                filed.push((pair(text[offset], text[offset + 1]), entry));
            }
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
        }
    }

    /// Calls `hit(anchor start, categories)` for each occurrence of a filed anchor with a
    /// category in `wanted`.
    pub(super) fn hits(&self, hay: &[u8], wanted: Mask, hit: &mut impl FnMut(usize, Mask)) {
        let table = &*self.table;
        let mut look = |at: usize, first: u8, second: u8| {
            let key = pair(first, second);
            if table[key >> 6] & (1 << (key & 63)) != 0 {
                self.candidate(hay, at, key, wanted, hit);
            }
        };
        let mut chunks = hay.chunks_exact(STRIDE);
        let mut at = 0;
        for chunk in &mut chunks {
            look(at, chunk[0], chunk[1]);
            at += STRIDE;
        }
        if let [first, second, ..] = *chunks.remainder() {
            look(at, first, second);
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
            if fold4(&hay[start..]) != Some(entry.head) {
                continue;
            }
            let found = hay
                .get(start..start + entry.anchor.len())
                .is_some_and(|window| window.eq_ignore_ascii_case(&entry.anchor));
            if mask != 0 && found && (!entry.dotted_quad || super::dotted_quad_at(hay, start)) {
                hit(start, mask);
            }
        }
    }
}
