//! The anchor prefilter: where in a body any rule's anchor occurs, ignoring ASCII case.
//!
//! Most bodies are clean, so this pass sets the speed on clean bodies. A many-pattern
//! automaton over ~300 case-insensitive anchors has a table far larger than the L1 cache
//! and pays a miss on almost every byte. Instead anchors of four or more bytes go into a
//! strided table of three-byte grams ([`grams`]) that looks at every second position; the
//! dozen shorter anchors (`@`, `::`, `10.`, `sk-`, ...) are found with a few `memmem`
//! searches ([`short`]), which skip through clean bytes with SIMD.
//!
//! Numeric anchors of the IPv4 rule (`10.`, `127.`, `192.168.`) also occur in prices and
//! version numbers; where every rule behind such an anchor checks for an IP address, the
//! hit counts only where a dotted quad starts, so `"price":10.99` opens no regex window.

mod grams;
mod short;

use crate::detector::Mask;
use grams::GramTable;
use short::ShortAnchors;

/// A literal that gates rules: where it occurs, the rules of its categories run.
#[derive(Debug, Clone)]
pub(crate) struct Anchor {
    /// The literal, matched ignoring ASCII case.
    pub(crate) text: String,
    /// Categories whose rules it gates.
    pub(crate) mask: Mask,
    /// Whether a hit counts only where a dotted quad (`1.2.3`) starts; for anchors of
    /// digits and dots behind IP-address rules only.
    pub(crate) dotted_quad: bool,
}

/// Finds where anchors occur, ignoring ASCII case.
#[derive(Debug)]
pub(crate) struct Prefilter {
    long: GramTable,
    short: ShortAnchors,
}

/// Whether `hay[at..]` starts like an IPv4 address: `[0-9]{1,3}\.[0-9]{1,3}\.[0-9]`.
pub(crate) fn dotted_quad_at(hay: &[u8], at: usize) -> bool {
    let mut p = at;
    for group in 0..3 {
        let start = p;
        while p < hay.len() && p - start < 3 && hay[p].is_ascii_digit() {
            p += 1;
        }
        if p == start {
            return false;
        }
        if group == 2 {
            return true;
        }
        if hay.get(p) != Some(&b'.') {
            return false;
        }
        p += 1;
    }
    true
}

impl Prefilter {
    /// A prefilter over `anchors` (non-empty byte strings).
    pub(crate) fn new(anchors: impl IntoIterator<Item = Anchor>) -> Self {
        let (long, short): (Vec<Anchor>, Vec<Anchor>) = anchors
            .into_iter()
            .map(|mut a| {
                a.text.make_ascii_lowercase();
                a
            })
            .partition(|a| a.text.len() >= grams::MIN_LEN);
        Self {
            long: GramTable::new(&long),
            short: ShortAnchors::new(&short),
        }
    }

    /// Calls `hit(anchor start, categories)` for each anchor occurrence of a category in
    /// `wanted`. Hits come roughly in order; a caller that needs order sorts.
    pub(crate) fn hits(&self, hay: &[u8], wanted: Mask, mut hit: impl FnMut(usize, Mask)) {
        if wanted == 0 {
            return;
        }
        self.long.hits(hay, wanted, &mut hit);
        self.short.hits(hay, wanted, &mut hit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn anchor(text: &str, mask: Mask) -> Anchor {
        Anchor {
            text: text.to_owned(),
            mask,
            dotted_quad: false,
        }
    }

    fn starts(prefilter: &Prefilter, hay: &[u8]) -> Vec<(usize, Mask)> {
        let mut out = Vec::new();
        prefilter.hits(hay, Mask::MAX, |at, mask| out.push((at, mask)));
        out
    }

    #[test]
    fn finds_every_occurrence_ignoring_case_including_overlaps_and_edges() {
        let prefilter = Prefilter::new([
            anchor("Traceback (most", 1),
            anchor("@", 2),
            anchor("ab", 4),
            anchor("bab", 8),
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
        let prefilter = Prefilter::new([anchor("secret", 1), anchor("secret", 2)]);
        let mut got = Vec::new();
        prefilter.hits(b"a secret", 2, |at, mask| got.push((at, mask)));
        assert_eq!(got, [(2, 2)]);
    }

    #[test]
    fn numeric_ip_anchors_hit_only_where_a_dotted_quad_starts() {
        let gated = |text: &str| Anchor {
            dotted_quad: true,
            ..anchor(text, 1)
        };
        let prefilter = Prefilter::new([gated("10."), gated("192.168.")]);
        assert!(starts(&prefilter, br#"{"price":10.99,"v":"10.2"}"#).is_empty());
        assert_eq!(starts(&prefilter, b"via 10.0.0.5:5432"), [(4, 1)]);
        assert_eq!(starts(&prefilter, b"192.168.10.4"), [(0, 1)]);
        assert!(dotted_quad_at(b"1.22.333", 0));
        assert!(!dotted_quad_at(b"1.2222.3", 0));
        assert!(!dotted_quad_at(b"1.2.", 0));
        assert!(!dotted_quad_at(b"10.", 0));
    }

    #[test]
    fn short_anchors_sharing_a_key_are_each_found() {
        let prefilter = Prefilter::new([anchor("c:/", 1), anchor("d:/", 2), anchor("sk-", 4)]);
        let mut got = starts(&prefilter, b"C:/x d:/y https://z SK-1 sk- c:/");
        got.sort_unstable();
        assert_eq!(got, [(0, 1), (5, 2), (20, 4), (25, 4), (29, 1)]);
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
            let prefilter = Prefilter::new(ANCHORS.iter().enumerate().map(|(i, a)| tests::anchor(a, 1 << i)));
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

        /// The same with anchors of the lengths around the strided table's limit, so every
        /// stride phase and both ends of the haystack are exercised.
        #[test]
        fn strided_hits_equal_a_naive_search(parts in prop::collection::vec(
            prop_oneof![
                prop::sample::select(STRIDED).prop_map(|a| a.to_ascii_uppercase().into_bytes()),
                prop::sample::select(STRIDED).prop_map(|a| a.as_bytes().to_vec()),
                prop::collection::vec(any::<u8>(), 0..5),
            ],
            0..12,
        )) {
            let hay = parts.concat();
            let prefilter = Prefilter::new(STRIDED.iter().enumerate().map(|(i, a)| tests::anchor(a, 1 << i)));
            let mut got = Vec::new();
            prefilter.hits(&hay, Mask::MAX, |at, mask| got.push((at, mask)));
            got.sort_unstable();
            let mut want = Vec::new();
            for (i, anchor) in STRIDED.iter().enumerate() {
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

    const STRIDED: &[&str] = &["c:/", "fd00:", "aida", "xoxb-", ".eyj", "a:a:a", "sk-"];
}
