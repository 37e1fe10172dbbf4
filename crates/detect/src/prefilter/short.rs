//! Anchors too short for the gram table, found with `memchr::memmem`.
//!
//! The dozen short anchors (`@`, `::`, `10.`, `c:/`, `sk-`, ...) are each searched through a
//! *key*: the anchor itself when it has no letter, otherwise its two-byte window with the
//! fewest letters, in every ASCII case. Anchors that share a key share one SIMD search
//! (`c:/`, `d:/` and `e:/` all hang off `:/`), and each hit of a key is compared with the
//! anchors behind it.

use super::Anchor;
use crate::detector::Mask;

/// One anchor behind a key.
#[derive(Debug)]
struct Entry {
    /// The anchor, lowercase.
    anchor: Box<[u8]>,
    /// Where the key sits in the anchor.
    offset: usize,
    mask: Mask,
    dotted_quad: bool,
}

/// One key in one ASCII case and the anchors it stands for.
#[derive(Debug)]
struct Key {
    finder: memchr::memmem::Finder<'static>,
    entries: Vec<Entry>,
}

/// Short anchors grouped by key.
#[derive(Debug, Default)]
pub(super) struct ShortAnchors {
    keys: Vec<Key>,
}

/// Every ASCII case variant of `text`.
fn case_variants(text: &[u8]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = vec![Vec::new()];
    for &byte in text {
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

/// Where in `anchor` its key sits, and how long the key is.
fn key_of(anchor: &[u8]) -> (usize, usize) {
    let letters = |bytes: &[u8]| bytes.iter().filter(|b| b.is_ascii_alphabetic()).count();
    if anchor.len() <= 2 || letters(anchor) == 0 {
        return (0, anchor.len());
    }
    let offset = (0..anchor.len() - 1)
        .min_by_key(|&k| letters(&anchor[k..k + 2]))
        .expect("three or more bytes");
    (offset, 2)
}

impl ShortAnchors {
    /// Short anchors, lowercase and non-empty.
    pub(super) fn new(anchors: &[Anchor]) -> Self {
        let mut keys: Vec<Key> = Vec::new();
        for anchor in anchors {
            let text = anchor.text.as_bytes();
            let (offset, len) = key_of(text);
            for variant in case_variants(&text[offset..offset + len]) {
                let entry = Entry {
                    anchor: text.into(),
                    offset,
                    mask: anchor.mask,
                    dotted_quad: anchor.dotted_quad,
                };
                match keys.iter_mut().find(|k| k.finder.needle() == variant) {
                    Some(key) => key.entries.push(entry),
                    None => keys.push(Key {
                        finder: memchr::memmem::Finder::new(&variant).into_owned(),
                        entries: vec![entry],
                    }),
                }
            }
        }
        Self { keys }
    }

    /// Calls `hit(anchor start, categories)` for every occurrence, overlaps included.
    pub(super) fn hits(&self, hay: &[u8], wanted: Mask, hit: &mut impl FnMut(usize, Mask)) {
        for key in &self.keys {
            if key.entries.iter().all(|e| e.mask & wanted == 0) {
                continue;
            }
            let mut from = 0;
            while let Some(found) = hay.get(from..).and_then(|rest| key.finder.find(rest)) {
                let at = from + found;
                from = at + 1;
                for entry in &key.entries {
                    let mask = entry.mask & wanted;
                    let Some(start) = at.checked_sub(entry.offset) else {
                        continue;
                    };
                    let found = hay
                        .get(start..start + entry.anchor.len())
                        .is_some_and(|window| window.eq_ignore_ascii_case(&entry.anchor));
                    if mask != 0
                        && found
                        && (!entry.dotted_quad || super::dotted_quad_at(hay, start))
                    {
                        hit(start, mask);
                    }
                }
            }
        }
    }
}
