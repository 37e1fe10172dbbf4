//! Payment card numbers: candidate runs found in code, then the Luhn checksum.
//!
//! Digits are everywhere in JSON, so instead of running a regex over every
//! body we sample every 13th byte: a card number is at least 13 bytes of
//! digits, spaces and dashes, so any such run contains a sampled byte.

use std::ops::Range;

/// The fewest digits a card number has.
const MIN_DIGITS: usize = 13;
/// The most digits a card number has.
const MAX_DIGITS: usize = 19;

/// Bytes that may sit in a card number's run: digits, space and dash, as a table so the
/// sampling loop costs one load per look.
static RUN_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = b'0';
    while b <= b'9' {
        table[b as usize] = true;
        b += 1;
    }
    table[b' ' as usize] = true;
    table[b'-' as usize] = true;
    table
};

#[inline]
fn is_run_byte(b: u8) -> bool {
    RUN_BYTES[usize::from(b)]
}

/// Card numbers in `hay`: Luhn-valid groups of 13–19 digits separated by at
/// most single spaces or dashes, with a plausible issuer prefix.
pub(crate) fn find(hay: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = MIN_DIGITS - 1;
    while i < hay.len() {
        if !is_run_byte(hay[i]) {
            i += MIN_DIGITS;
            continue;
        }
        let mut start = i;
        while start > 0 && is_run_byte(hay[start - 1]) {
            start -= 1;
        }
        let mut end = i + 1;
        while end < hay.len() && is_run_byte(hay[end]) {
            end += 1;
        }
        if end - start >= MIN_DIGITS {
            split_groups(hay, start..end, &mut out);
        }
        i = end + MIN_DIGITS;
    }
    out
}

/// Splits a run of digits/spaces/dashes into `\d+([ -]\d+)*` pieces and keeps
/// those that are card numbers.
fn split_groups(hay: &[u8], run: Range<usize>, out: &mut Vec<Range<usize>>) {
    let mut p = run.start;
    while p < run.end {
        while p < run.end && !hay[p].is_ascii_digit() {
            p += 1;
        }
        let start = p;
        let mut end = p;
        while end < run.end && hay[end].is_ascii_digit() {
            end += 1;
            if end + 1 < run.end && !hay[end].is_ascii_digit() && hay[end + 1].is_ascii_digit() {
                end += 1;
            }
        }
        if start < end && is_card(hay, start..end) {
            out.push(start..end);
        }
        p = end.max(start + 1);
    }
}

/// Whether the digits in `span` form a card number standing on its own.
fn is_card(hay: &[u8], span: Range<usize>) -> bool {
    let glued_before = span.start > 0 && {
        let b = hay[span.start - 1];
        // A comma before is a CSV or list separator: thousands separators would sit
        // inside the run, and a run of 13+ digits has none.
        b.is_ascii_alphanumeric() || b == b'_' || b == b'.'
    };
    let glued_after = hay.get(span.end).is_some_and(|&b| {
        b.is_ascii_alphanumeric()
            || b == b'_'
            || (b == b'.' && hay.get(span.end + 1).is_some_and(u8::is_ascii_digit))
    });
    if glued_before || glued_after {
        return false;
    }
    let digits: Vec<u8> = hay[span]
        .iter()
        .filter(|b| b.is_ascii_digit())
        .map(|b| b - b'0')
        .collect();
    (MIN_DIGITS..=MAX_DIGITS).contains(&digits.len())
        && (2..=6).contains(&digits[0])
        && luhn(&digits)
}

/// The Luhn checksum over decimal digit values.
pub(crate) fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cards(s: &str) -> Vec<&str> {
        find(s.as_bytes()).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn finds_plain_spaced_and_dashed_cards() {
        assert_eq!(cards("card 4242424242424242 ok"), ["4242424242424242"]);
        assert_eq!(
            cards("{\"pan\":\"4111 1111 1111 1111\"}"),
            ["4111 1111 1111 1111"]
        );
        assert_eq!(cards("5555-5555-5555-4444"), ["5555-5555-5555-4444"]);
        assert_eq!(cards("amex 378282246310005."), ["378282246310005"]);
    }

    #[test]
    fn rejects_non_luhn_timestamps_and_long_numbers() {
        assert!(cards("4242424242424241").is_empty());
        assert!(cards("{\"ts\": 1700000000000}").is_empty(), "epoch millis");
        assert!(cards("42424242424242424242424").is_empty(), "too long");
        assert!(cards("id_4242424242424242").is_empty());
        assert!(cards("0.4242424242424242").is_empty(), "decimal");
        assert!(cards("2024-01-15T10:30:00Z 2024-01-15").is_empty());
    }

    #[test]
    fn luhn_known_values() {
        assert!(luhn(&[7, 9, 9, 2, 7, 3, 9, 8, 7, 1, 3]));
        assert!(!luhn(&[7, 9, 9, 2, 7, 3, 9, 8, 7, 1, 4]));
    }

    #[test]
    fn double_separators_split_groups() {
        assert!(cards("4242 4242  4242 4242").is_empty());
    }
}
