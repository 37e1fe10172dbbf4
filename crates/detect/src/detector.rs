//! The detector: rules compiled into one prefilter and one regex per category.
//!
//! Scanning a body is three steps. A literal prefilter over every rule's anchors
//! finds where anchors occur; a clean body usually has none and costs one
//! linear pass. For each category with anchor hits, the matches of its
//! multi-pattern regex (leftmost-first, linear time) in windows around those
//! hits are the findings, once checks in code (IP ranges, Luhn, boundaries)
//! confirm them. To find those matches without one pass per category, one
//! reverse pass of all rules marks where matches start ([`starts`]), and each
//! category's regex runs only anchored at its marks.

mod search;
mod starts;

use std::collections::HashMap;
use std::ops::Range;

use regex_automata::hybrid::dfa::DFA;
use regex_automata::meta;
use regex_automata::util::pool::Pool;

use crate::card;
use crate::finding::{Category, Finding, Severity};
use crate::prefilter::{Anchor, Prefilter};
use crate::rules::{self, Check, Rule, RuleError, Rules};

/// Stop collecting after this many findings; one is enough to act on and the
/// cap bounds memory on hostile bodies.
const MAX_FINDINGS: usize = 4096;

/// How far before an anchor hit a match may start. Covers the longest
/// built-in pattern prefix before its anchor (a .NET frame, ~620 bytes).
const WINDOW_BACK: usize = 1024;
/// How far after an anchor hit a match may end (an Express page, ~1100).
const WINDOW_FORWARD: usize = 2048;

/// Lazy-DFA transition table budget of one category's anchored regex, per thread.
const GROUP_CACHE_CAPACITY: usize = 1 << 20;

/// Why a lazy-DFA search cannot fail: the DFAs are built without quit bytes and
/// without a minimum cache clear count, the only ways a search returns an error.
const SEARCH_NEVER_FAILS: &str = "lazy DFA without quit bytes or give-up never fails";

/// A set of categories as bits indexed by [`Category::index`].
pub(crate) type Mask = u8;

fn bit(c: Category) -> Mask {
    1 << c.index()
}

/// Response headers that name the server software whatever their value.
const BANNER_HEADERS: &[&str] = &[
    "x-powered-by",
    "x-aspnet-version",
    "x-aspnetmvc-version",
    "x-runtime",
    "x-generator",
    "x-php-version",
    "x-powered-by-plesk",
];

/// Response headers that are a banner only when they carry a version.
const VERSIONED_HEADERS: &[&str] = &["server", "via", "x-server", "x-backend"];

/// One category's rules compiled into one regex, in two forms.
#[derive(Debug)]
struct Group {
    /// Searched over each window: for a category with a rule that can match the
    /// empty string (where iteration has its own rules), and for windows too large
    /// for start marks.
    regex: meta::Regex,
    /// Run anchored at each start the reverse pass marks (leftmost-first lazy DFA);
    /// `None` when a rule can match the empty string.
    anchored: Option<Box<DFA>>,
    /// Rule index for each pattern id of the regex.
    rules: Vec<usize>,
}

/// Finds leaks in response bodies and headers. Cheap to share: scanning takes
/// `&self` and the type is `Send + Sync`.
#[derive(Debug)]
pub struct Detector {
    rules: Vec<Rule>,
    prefilter: Option<Prefilter>,
    /// Indexed by category.
    groups: Vec<Option<Group>>,
    /// Categories with a group.
    present: Mask,
    /// Categories with a rule that has no anchor and so always runs.
    always: Mask,
    /// The Luhn rule, if any.
    card_rule: Option<usize>,
    /// The reverse pass over the rules of categories searched at starts.
    starts: Option<starts::StartFinder>,
    scratch: Pool<search::Scratch>,
}

impl Detector {
    /// A detector with the built-in rules.
    pub fn builtin() -> Self {
        Self::new(Rules::builtin()).expect("built-in rules compile")
    }

    /// A detector with the built-in rules followed by `extra`.
    pub fn with_rules(extra: Rules) -> Result<Self, RuleError> {
        let mut rules = Rules::builtin();
        rules.extend(extra);
        Self::new(rules)
    }

    /// A detector with exactly `rules`.
    pub fn new(rules: Rules) -> Result<Self, RuleError> {
        let rules: Vec<Rule> = rules.into_iter().collect();
        let build = |e: &dyn std::fmt::Display| RuleError::Build {
            message: e.to_string(),
        };

        // Each anchor's categories, and whether only IP-address rules use it.
        let mut anchors: HashMap<String, (Mask, bool)> = HashMap::new();
        let mut always = 0;
        let mut card_rule = None;
        let mut by_category: Vec<Vec<usize>> = vec![Vec::new(); Category::ALL.len()];
        for (i, rule) in rules.iter().enumerate() {
            if rule.check == Check::Luhn {
                card_rule.get_or_insert(i);
                continue;
            }
            by_category[rule.category.index()].push(i);
            let rule_anchors = rule.effective_anchors();
            if rule_anchors.is_empty() {
                always |= bit(rule.category);
            }
            for a in rule_anchors {
                let (mask, ip_only) = anchors.entry(a.to_ascii_lowercase()).or_insert((0, true));
                *mask |= bit(rule.category);
                *ip_only &= rule.check == Check::InternalIp;
            }
        }

        let mut groups = Vec::with_capacity(by_category.len());
        let mut present = 0;
        let mut start_patterns = Vec::new();
        let mut start_categories = Vec::new();
        for (cat, idx) in Category::ALL.into_iter().zip(by_category) {
            if idx.is_empty() {
                groups.push(None);
                continue;
            }
            let patterns: Vec<String> = idx.iter().map(|&i| rules[i].regex_source()).collect();
            let dfa = DFA::builder()
                .syntax(rules::syntax())
                .thompson(rules::thompson())
                .configure(DFA::config().cache_capacity(GROUP_CACHE_CAPACITY))
                .build_many(&patterns)
                .map_err(|e| build(&e))?;
            let regex = rules::compile(&patterns).map_err(|e| build(&e))?;
            let anchored = if dfa.get_nfa().has_empty() {
                None
            } else {
                start_categories.extend(std::iter::repeat_n(bit(cat), patterns.len()));
                start_patterns.extend(patterns);
                Some(Box::new(dfa))
            };
            present |= bit(cat);
            groups.push(Some(Group {
                regex,
                anchored,
                rules: idx,
            }));
        }
        let starts = if start_patterns.is_empty() {
            None
        } else {
            Some(
                starts::StartFinder::new(&start_patterns, start_categories)
                    .map_err(|e| build(&e))?,
            )
        };

        let prefilter = if anchors.is_empty() {
            None
        } else {
            Some(Prefilter::new(anchors.into_iter().map(
                |(text, (mask, ip_only))| Anchor {
                    dotted_quad: ip_only && is_numeric(&text),
                    text,
                    mask,
                },
            )))
        };
        Ok(Self {
            rules,
            prefilter,
            groups,
            present,
            always,
            card_rule,
            starts,
            scratch: Pool::new(search::Scratch::default),
        })
    }

    /// The rules this detector runs.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Leaks in a (decoded) response body, sorted by span start, with
    /// overlapping findings of one category merged into the first.
    pub fn scan_body(&self, body: &[u8]) -> Vec<Finding> {
        self.scan(body, Mask::MAX)
    }

    /// Leaks in response headers: banners in server headers, and secrets,
    /// internal addresses and card numbers in any value (a `Location` can carry all). Spans index into the header value.
    pub fn scan_headers(&self, headers: &[(String, Vec<u8>)]) -> Vec<Finding> {
        let mut out = Vec::new();
        for (name, value) in headers {
            if let Some(f) = banner(name, value) {
                out.push(f);
            }
            for mut f in self.scan(
                value,
                bit(Category::Secret)
                    | bit(Category::InternalAddress)
                    | bit(Category::PersonalData),
            ) {
                f.header = Some(name.clone());
                out.push(f);
            }
        }
        out
    }

    fn scan(&self, hay: &[u8], allowed: Mask) -> Vec<Finding> {
        let windows = self.windows(hay, self.present & allowed);
        let mut out = Vec::new();
        self.regex_findings(hay, &windows, &mut out);
        self.card_findings(hay, allowed, &mut out);
        dedupe(out)
    }

    /// Appends Luhn-valid card numbers, when the card rule is allowed, up to the cap.
    fn card_findings(&self, hay: &[u8], allowed: Mask, out: &mut Vec<Finding>) {
        if let Some(i) = self.card_rule {
            let rule = &self.rules[i];
            if allowed & bit(rule.category) != 0 {
                let room = MAX_FINDINGS.saturating_sub(out.len());
                out.extend(
                    card::find(hay)
                        .into_iter()
                        .take(room)
                        .map(|span| finding(rule, span)),
                );
            }
        }
    }

    /// For each category in `wanted`, the sorted disjoint windows its regex runs in.
    fn windows(&self, hay: &[u8], wanted: Mask) -> Vec<Vec<Range<usize>>> {
        let mut windows: Vec<Vec<Range<usize>>> = vec![Vec::new(); Category::ALL.len()];
        for cat in Category::ALL {
            if self.always & wanted & bit(cat) != 0 {
                windows[cat.index()].push(0..hay.len());
            }
        }
        if let Some(prefilter) = &self.prefilter {
            prefilter.hits(hay, wanted & !self.always, |at, mask| {
                let window = at.saturating_sub(WINDOW_BACK)..hay.len().min(at + WINDOW_FORWARD);
                for cat in Category::ALL {
                    if mask & bit(cat) != 0 {
                        merge(&mut windows[cat.index()], window.clone());
                    }
                }
            });
            for list in &mut windows {
                coalesce(list);
            }
        }
        windows
    }
}

/// Whether an anchor is a number with dots, such as `10.` or `192.168.`: such an anchor
/// of an IP-address rule counts only where a dotted quad starts.
fn is_numeric(anchor: &str) -> bool {
    anchor.starts_with(|c: char| c.is_ascii_digit())
        && anchor.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && anchor.contains('.')
}

/// Adds `window` to `windows`, merging with the last one. Hits come in order
/// of where the prefilter saw them, so starts may step back by up to one
/// anchor length; the last window absorbs that, and [`coalesce`] the rest.
fn merge(windows: &mut Vec<Range<usize>>, window: Range<usize>) {
    match windows.last_mut() {
        Some(last) if window.start <= last.end => {
            last.start = last.start.min(window.start);
            last.end = last.end.max(window.end);
        }
        _ => windows.push(window),
    }
}

/// Sorts `windows` and merges those that overlap, so no byte is searched twice.
fn coalesce(windows: &mut Vec<Range<usize>>) {
    if windows.is_sorted_by_key(|w| w.start) {
        return;
    }
    windows.sort_unstable_by_key(|w| w.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(windows.len());
    for window in windows.drain(..) {
        match out.last_mut() {
            Some(last) if window.start <= last.end => last.end = last.end.max(window.end),
            _ => out.push(window),
        }
    }
    *windows = out;
}

fn finding(rule: &Rule, span: Range<usize>) -> Finding {
    Finding {
        category: rule.category,
        rule: rule.id.clone(),
        span,
        severity: rule.severity,
        header: None,
    }
}

/// Sorts by start and drops findings that overlap an earlier one of the same
/// category, keeping the longest at each start.
fn dedupe(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(b.span.end.cmp(&a.span.end))
            .then(b.severity.cmp(&a.severity))
    });
    let mut reach = [0usize; Category::ALL.len()];
    findings.retain(|f| {
        let r = &mut reach[f.category.index()];
        if f.span.start < *r {
            return false;
        }
        *r = f.span.end;
        true
    });
    findings
}

/// A banner finding for a server-identifying header, if it is one.
fn banner(name: &str, value: &[u8]) -> Option<Finding> {
    let lname = name.to_ascii_lowercase();
    let trimmed = value.trim_ascii();
    if trimmed.is_empty() {
        return None;
    }
    let rule = if BANNER_HEADERS.contains(&lname.as_str()) {
        "banner.header"
    } else if VERSIONED_HEADERS.contains(&lname.as_str()) && has_version(trimmed) {
        "banner.server_version"
    } else {
        return None;
    };
    let start = value.len() - value.trim_ascii_start().len();
    Some(Finding {
        category: Category::Banner,
        rule: rule.to_owned(),
        span: start..start + trimmed.len(),
        severity: Severity::Low,
        header: Some(name.to_owned()),
    })
}

/// `nginx/1.18.0`, `Jetty(9.4.z)`, `Apache (Ubuntu)`: a product with a
/// version or an operating system comment.
fn has_version(value: &[u8]) -> bool {
    let versioned = value.windows(2).enumerate().any(|(i, w)| {
        matches!(w[0], b'/' | b'(')
            && w[1].is_ascii_digit()
            && i > 0
            && value[i - 1].is_ascii_alphanumeric()
    });
    let lower = value.to_ascii_lowercase();
    let os = [
        "(ubuntu)",
        "(debian)",
        "(centos)",
        "(red hat",
        "(win64)",
        "(win32)",
        "(unix)",
        "(freebsd)",
        "(almalinux)",
        "(rocky",
    ];
    versioned
        || os
            .iter()
            .any(|o| memchr::memmem::find(&lower, o.as_bytes()).is_some())
}

#[cfg(test)]
mod tests;
