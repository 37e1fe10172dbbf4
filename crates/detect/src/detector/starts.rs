//! Where matches may start: one reverse pass of every rule at once.
//!
//! A leftmost-first search of one category's regex over a window finds, from where the
//! last match ended, the first position where some rule of the category matches, and
//! the match there. Run as seven forward searches, that reads every window once per
//! category; on a leaky body the windows cover the whole body, and these passes were
//! most of the scan.
//!
//! Instead one lazy DFA of all rules, compiled in reverse with [`MatchKind::All`], runs
//! backwards over each region once and reports every position where a match of any rule
//! starts, with its pattern. [`Starts`] keeps one bit per byte per category. A category
//! then walks its starts in order and runs its own regex only *anchored* at a start,
//! which reads no further than the match. The starts are a superset of what a window's
//! search could find (the region contains the window, so a match inside the window is
//! inside the region), and the anchored search decides the rest, so the matches are
//! exactly those of the forward search.

use std::ops::Range;

use regex_automata::hybrid::LazyStateID;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::{Input, MatchError, MatchKind};

use super::{Mask, bit};
use crate::finding::Category;
use crate::rules;

/// Lazy-DFA transition table budget of the reverse pass, per detector and thread.
const CACHE_CAPACITY: usize = 2 << 20;

/// The reverse DFA of every rule that takes part, and each pattern's category.
#[derive(Debug)]
pub(super) struct StartFinder {
    dfa: DFA,
    /// Category bit of each pattern id.
    categories: Vec<Mask>,
}

impl StartFinder {
    /// A finder over `patterns`, each with the category it belongs to.
    pub(super) fn new(
        patterns: &[String],
        categories: Vec<Mask>,
    ) -> Result<Self, Box<regex_automata::hybrid::BuildError>> {
        let dfa = DFA::builder()
            .syntax(rules::syntax())
            .thompson(rules::thompson().reverse(true).shrink(true))
            .configure(
                DFA::config()
                    .match_kind(MatchKind::All)
                    .cache_capacity(CACHE_CAPACITY),
            )
            .build_many(patterns)
            .map_err(Box::new)?;
        Ok(Self { dfa, categories })
    }

    pub(super) fn create_cache(&self) -> Cache {
        self.dfa.create_cache()
    }

    /// The starts of every match that lies within one of `regions` (sorted, disjoint),
    /// for the categories in `wanted`.
    pub(super) fn find(
        &self,
        cache: &mut Cache,
        hay: &[u8],
        regions: &[Range<usize>],
        wanted: Mask,
    ) -> Result<Starts, MatchError> {
        let (Some(first), Some(last)) = (regions.first(), regions.last()) else {
            return Ok(Starts::new(0..0));
        };
        let mut starts = Starts::new(first.start..last.end);
        for region in regions {
            self.find_in(cache, hay, region, wanted, &mut starts)?;
        }
        Ok(starts)
    }

    /// The reverse search over one region, written out rather than through
    /// `try_search_overlapping_rev`: that reports the second and later patterns of
    /// a match state one byte too early (regex-automata 0.4.19), and taking the
    /// state's patterns at once also saves a call per pattern.
    fn find_in(
        &self,
        cache: &mut Cache,
        hay: &[u8],
        region: &Range<usize>,
        wanted: Mask,
        starts: &mut Starts,
    ) -> Result<(), MatchError> {
        let input = Input::new(hay).range(region.clone());
        let gave_up = |at: usize| move |_| MatchError::gave_up(at);
        let mut sid = self.dfa.start_state_reverse(cache, &input)?;
        let mut at = region.end;
        while at > region.start {
            at -= 1;
            sid = self
                .dfa
                .next_state(cache, sid, hay[at])
                .map_err(gave_up(at))?;
            if sid.is_tagged() {
                if sid.is_match() {
                    // Matches are reported one byte late: this one starts after `at`.
                    starts.set(self.mask(cache, sid) & wanted, at + 1);
                } else if sid.is_quit() {
                    return Err(MatchError::quit(hay[at], at));
                }
            }
        }
        // The last step looks at the byte before the region, if any, for `\b`.
        sid = match region.start.checked_sub(1) {
            Some(before) => self
                .dfa
                .next_state(cache, sid, hay[before])
                .map_err(gave_up(before))?,
            None => self.dfa.next_eoi_state(cache, sid).map_err(gave_up(0))?,
        };
        if sid.is_match() {
            starts.set(self.mask(cache, sid) & wanted, region.start);
        }
        Ok(())
    }

    /// The categories of the patterns that match in match state `sid`.
    fn mask(&self, cache: &Cache, sid: LazyStateID) -> Mask {
        (0..self.dfa.match_len(cache, sid))
            .map(|i| self.categories[self.dfa.match_pattern(cache, sid, i).as_usize()])
            .fold(0, |acc, m| acc | m)
    }
}

/// One bit per byte of the searched span for each category: whether a match of the
/// category may start there.
#[derive(Debug)]
pub(super) struct Starts {
    /// Where the searched span starts; bits count from here.
    base: usize,
    words: usize,
    bits: Vec<u64>,
}

impl Starts {
    fn new(span: Range<usize>) -> Self {
        let words = span.len() / 64 + 1;
        Self {
            base: span.start,
            words,
            bits: vec![0; words * Category::ALL.len()],
        }
    }

    fn set(&mut self, mask: Mask, at: usize) {
        if mask == 0 {
            return;
        }
        let at = at - self.base;
        for cat in Category::ALL {
            if mask & bit(cat) != 0 {
                self.bits[cat.index() * self.words + at / 64] |= 1 << (at % 64);
            }
        }
    }

    /// The first start of `cat` in `range`.
    pub(super) fn next(&self, cat: Category, range: Range<usize>) -> Option<usize> {
        if range.is_empty() {
            return None;
        }
        let range = range.start - self.base..range.end - self.base;
        let plane = &self.bits[cat.index() * self.words..][..self.words];
        let mut word = range.start / 64;
        let mut bits = plane[word] & (u64::MAX << (range.start % 64));
        loop {
            if bits != 0 {
                let at = word * 64 + bits.trailing_zeros() as usize;
                return (at < range.end).then_some(at + self.base);
            }
            word += 1;
            if word * 64 >= range.end {
                return None;
            }
            bits = plane[word];
        }
    }
}
