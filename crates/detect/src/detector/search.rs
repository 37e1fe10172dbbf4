//! Finding each category's regex matches in its windows: through the start marks of
//! the reverse pass ([`super::starts`]), or by searching each window, for a category
//! with a rule that can match the empty string and for windows spanning more than
//! [`MAX_STARTS_SPAN`].

use std::ops::Range;

use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::{Anchored, Input};

use super::{Detector, Group, MAX_FINDINGS, SEARCH_NEVER_FAILS, bit, finding, starts};
use crate::checks;
use crate::finding::{Category, Finding};

/// A thread's lazy-DFA caches, created on first use.
#[derive(Debug, Default)]
pub(super) struct Scratch {
    pub(super) starts: Option<Cache>,
    /// Indexed by category.
    pub(super) groups: Vec<Option<Cache>>,
}

/// The widest span of windows searched through start marks. Beyond it the windows are
/// searched one by one: on a body that dense with leaks the findings cap usually ends
/// the search early, which a reverse pass over the whole span cannot do, and the marks
/// (one byte per byte of span) stay small.
const MAX_STARTS_SPAN: usize = 256 << 10;

impl Detector {
    /// The checked matches of each category's regex in its windows, in category,
    /// window and match order, until there are [`MAX_FINDINGS`].
    pub(super) fn regex_findings(
        &self,
        hay: &[u8],
        windows: &[Vec<Range<usize>>],
        out: &mut Vec<Finding>,
    ) {
        let mut scratch = self.scratch.get();
        let scratch = &mut *scratch;
        let starts = self.find_starts(scratch, hay, windows);
        scratch.groups.resize_with(Category::ALL.len(), || None);
        for ((group, windows), cat) in self.groups.iter().zip(windows).zip(Category::ALL) {
            let Some(group) = group else { continue };
            for window in windows {
                if out.len() >= MAX_FINDINGS {
                    return;
                }
                if let (Some(dfa), Some(starts)) = (&group.anchored, &starts) {
                    let cache =
                        scratch.groups[cat.index()].get_or_insert_with(|| dfa.create_cache());
                    self.matches_at_starts(group, dfa, cache, starts, cat, hay, window, out);
                } else {
                    self.matches_in_window(group, hay, window, out);
                }
            }
        }
    }

    /// Marks where matches of the categories searched at starts may begin, over
    /// the union of their windows.
    fn find_starts(
        &self,
        scratch: &mut Scratch,
        hay: &[u8],
        windows: &[Vec<Range<usize>>],
    ) -> Option<starts::Starts> {
        let finder = self.starts.as_ref()?;
        let mut wanted = 0;
        let mut regions = Vec::new();
        for ((group, windows), cat) in self.groups.iter().zip(windows).zip(Category::ALL) {
            if group.as_ref().is_some_and(|g| g.anchored.is_some()) && !windows.is_empty() {
                wanted |= bit(cat);
                regions.extend(windows.iter().cloned());
            }
        }
        let first = regions.iter().map(|r| r.start).min()?;
        let last = regions.iter().map(|r| r.end).max()?;
        if last - first > MAX_STARTS_SPAN {
            return None;
        }
        regions.sort_unstable_by_key(|r| r.start);
        let mut union: Vec<Range<usize>> = Vec::with_capacity(regions.len());
        for region in regions {
            match union.last_mut() {
                Some(last) if region.start <= last.end => last.end = last.end.max(region.end),
                _ => union.push(region),
            }
        }
        let cache = scratch.starts.get_or_insert_with(|| finder.create_cache());
        Some(
            finder
                .find(cache, hay, &union, wanted)
                .expect(SEARCH_NEVER_FAILS),
        )
    }

    /// The leftmost-first matches in `window`: from where the last match ended, the
    /// first start where the anchored regex matches within the window, and that match.
    #[expect(
        clippy::too_many_arguments,
        reason = "one search step with its scratch and output"
    )]
    fn matches_at_starts(
        &self,
        group: &Group,
        dfa: &DFA,
        cache: &mut Cache,
        starts: &starts::Starts,
        cat: Category,
        hay: &[u8],
        window: &Range<usize>,
        out: &mut Vec<Finding>,
    ) {
        let mut at = window.start;
        while let Some(start) = starts.next(cat, at..window.end) {
            let input = Input::new(hay)
                .range(start..window.end)
                .anchored(Anchored::Yes);
            let Some(m) = dfa.try_search_fwd(cache, &input).expect(SEARCH_NEVER_FAILS) else {
                at = start + 1;
                continue;
            };
            if out.len() >= MAX_FINDINGS {
                return;
            }
            debug_assert!(m.offset() > start, "no rule of the category matches empty");
            let span = start..m.offset();
            let rule = &self.rules[group.rules[m.pattern().as_usize()]];
            if checks::passes(rule.check, hay, &span) {
                out.push(finding(rule, span));
            }
            at = m.offset();
        }
    }

    /// The leftmost-first matches in `window`, searched from the window start.
    fn matches_in_window(
        &self,
        group: &Group,
        hay: &[u8],
        window: &Range<usize>,
        out: &mut Vec<Finding>,
    ) {
        for m in group.regex.find_iter(Input::new(hay).range(window.clone())) {
            if out.len() >= MAX_FINDINGS {
                return;
            }
            if m.is_empty() {
                continue;
            }
            let rule = &self.rules[group.rules[m.pattern().as_usize()]];
            if checks::passes(rule.check, hay, &m.range()) {
                out.push(finding(rule, m.range()));
            }
        }
    }
}
