//! The strided trigram table: long anchors found by looking at every second position.
//!
//! An anchor of four or more bytes contains two consecutive three-byte grams (at offsets
//! `k` and `k + 1`), and of two consecutive positions exactly one is even. So filing each
//! anchor under those two grams and looking up only the grams that start at even
//! positions finds every occurrence exactly once, with half the lookups of a
//! byte-by-byte scan. The table has one bit per hashed, case-folded gram (8 KiB, it
//! stays in L1); three bytes are rare enough in JSON that few positions get past it
//! (byte pairs were not: `00`, `id`, `at` are everywhere). `k` is picked so the two
//! grams are rare in ordinary API bodies (`prefilter/clean_sample.txt`), with a rough
//! per-byte frequency breaking ties.

use super::Anchor;
use crate::detector::Mask;

/// Positions looked at: every `STRIDE`-th.
const STRIDE: usize = 2;

/// Bytes in a gram.
const GRAM: usize = 3;

/// The shortest anchor the table takes: it must hold `STRIDE` grams.
pub(super) const MIN_LEN: usize = STRIDE + GRAM - 1;

/// Slots for hashed grams.
const SLOTS: usize = 1 << 16;

/// The first four bytes of `bytes` with ASCII case folded (and, harmlessly for a
/// filter, a few other bytes together), if there are four.
#[inline]
fn fold4(bytes: &[u8]) -> Option<u32> {
    let head: [u8; 4] = bytes.get(..4)?.try_into().ok()?;
    Some(u32::from_le_bytes(head) | 0x2020_2020)
}

/// The table slot of a gram, from its case-folded bytes.
#[inline]
fn slot(first: u8, second: u8, third: u8) -> usize {
    slot_of(u32::from_le_bytes([first, second, third, 0]))
}

/// The table slot of a gram given as the low three bytes of `gram` (the rest zero).
#[inline]
fn slot_of(gram: u32) -> usize {
    ((gram | 0x0020_2020).wrapping_mul(0x9E37_79B1) >> 16) as usize
}

/// Ordinary bodies whose grams an anchor should avoid being filed under.
const CLEAN_SAMPLE: &[u8] = include_bytes!("clean_sample.txt");

/// How often each gram's slot is taken in [`CLEAN_SAMPLE`].
fn sample_counts() -> Vec<u16> {
    let mut counts = vec![0u16; SLOTS];
    for window in CLEAN_SAMPLE.windows(GRAM) {
        let count = &mut counts[slot(window[0], window[1], window[2])];
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

/// One anchor filed under one gram.
#[derive(Debug)]
struct Entry {
    /// The anchor's first four bytes, folded, to reject most candidates in one compare.
    head: u32,
    /// The anchor, lowercase.
    anchor: Box<[u8]>,
    /// Where the gram sits in the anchor.
    offset: usize,
    /// Categories the anchor triggers.
    mask: Mask,
    /// Whether the hit counts only where a dotted quad starts.
    dotted_quad: bool,
}

/// Long anchors filed under their grams.
#[derive(Debug)]
pub(super) struct GramTable {
    /// One bit per slot under which some anchor is filed.
    table: Box<[u64; SLOTS / 64]>,
    /// `entries[starts[p]..starts[p + 1]]` are the anchors filed under slot `p`.
    starts: Box<[u32]>,
    entries: Vec<Entry>,
}

impl GramTable {
    /// A table over `anchors`, each at least [`MIN_LEN`] bytes.
    pub(super) fn new(anchors: &[Anchor]) -> Self {
        let counts = sample_counts();
        let cost = |anchor: &[u8], k: usize| {
            (k..k + STRIDE)
                .map(|o| {
                    let sampled = u32::from(counts[slot(anchor[o], anchor[o + 1], anchor[o + 2])]);
                    let bytes = anchor[o..o + GRAM]
                        .iter()
                        .map(|&b| commonness(b))
                        .sum::<u32>();
                    (sampled, bytes)
                })
                .fold((0, 0), |(a, b), (c, d)| (a + c, b + d))
        };
        let mut filed: Vec<(usize, Entry)> = Vec::new();
        for anchor in anchors {
            let text = anchor.text.as_bytes();
            debug_assert!(text.len() >= MIN_LEN);
            let first = (0..=text.len() - MIN_LEN)
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
                filed.push((
                    slot(text[offset], text[offset + 1], text[offset + 2]),
                    entry,
                ));
            }
        }
        filed.sort_by_key(|(key, _)| *key);
        let mut table = Box::new([0u64; SLOTS / 64]);
        let mut starts = vec![0u32; SLOTS + 1];
        for (key, _) in &filed {
            table[key >> 6] |= 1 << (key & 63);
            starts[key + 1] += 1;
        }
        for p in 0..SLOTS {
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
        let marked = |key: usize| table[key >> 6] & (1 << (key & 63)) != 0;
        // Eight bytes at a time hold the grams at `at`, `at + 2` and `at + 4`: one load
        // and one branch for three looks in the common case that none is marked.
        let mut at = 0;
        while let Some(eight) = hay.get(at..at + 8) {
            let word = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
            #[expect(
                clippy::cast_possible_truncation,
                reason = "the three bytes of a gram are taken from the u64 on purpose"
            )]
            let gram = |shift: u32| slot_of((word >> shift) as u32 & 0x00FF_FFFF);
            let keys = [gram(0), gram(16), gram(32)];
            if keys.iter().any(|&key| marked(key)) {
                for (k, key) in keys.into_iter().enumerate() {
                    if marked(key) {
                        self.candidate(hay, at + k * STRIDE, key, wanted, hit);
                    }
                }
            }
            at += 3 * STRIDE;
        }
        let mut rest = &hay[at.min(hay.len())..];
        while let [first, second, third, ..] = *rest {
            let key = slot(first, second, third);
            if table[key >> 6] & (1 << (key & 63)) != 0 {
                self.candidate(hay, at, key, wanted, hit);
            }
            rest = &rest[STRIDE..];
            at += STRIDE;
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
