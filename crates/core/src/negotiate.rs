//! Content and language negotiation: pure functions from request headers to a choice.

use crate::Format;

/// One element of an `Accept` or `Accept-Language` list with its quality.
struct Weighted<'a> {
    value: &'a str,
    /// Quality in thousandths, so comparisons stay exact.
    quality: u16,
    position: usize,
}

/// Splits a comma-separated header into values and their `q` parameters.
///
/// Malformed `q` values count as 0 (not acceptable): an unreadable preference is ignored
/// rather than guessed at.
fn weighted_list(header: &str) -> impl Iterator<Item = Weighted<'_>> {
    header
        .split(',')
        .enumerate()
        .filter_map(|(position, element)| {
            let mut parts = element.split(';');
            let value = parts.next()?.trim();
            if value.is_empty() {
                return None;
            }
            let mut quality = 1000;
            for parameter in parts {
                let Some((name, raw)) = parameter.split_once('=') else {
                    continue;
                };
                if name.trim().eq_ignore_ascii_case("q") {
                    quality = parse_quality(raw.trim()).unwrap_or(0);
                }
            }
            Some(Weighted {
                value,
                quality,
                position,
            })
        })
}

/// Parses an RFC 9110 `qvalue` (`0`, `0.5`, `1.000`) into thousandths.
fn parse_quality(raw: &str) -> Option<u16> {
    let (whole, fraction) = raw.split_once('.').unwrap_or((raw, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths: u16 = format!("{fraction:0<3}").parse().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// Quality, specificity and (reversed) position of the range that admitted an offer.
type Rank = (u16, u8, std::cmp::Reverse<usize>);

/// How specifically a media range matched: exact beats `type/*` beats `*/*`.
fn media_match(range: &str, media_type: &str) -> Option<u8> {
    let range = range.to_ascii_lowercase();
    let (kind, _) = media_type.split_once('/')?;
    if range == media_type {
        Some(3)
    } else if range.strip_suffix("/*") == Some(kind) {
        Some(2)
    } else if range == "*/*" {
        Some(1)
    } else {
        None
    }
}

/// Picks the error format for an `Accept` header.
///
/// `application/json` and wildcards mean `json_default` (the catalog's configured format);
/// `application/problem+json` and `application/vnd.api+json` ask for their format by name.
/// When nothing acceptable is offered the default is served anyway: an error response
/// must still go out, and a 406 would hide the original failure.
pub fn negotiate_format(accept: Option<&str>, json_default: Format) -> Format {
    let Some(accept) = accept else {
        return json_default;
    };
    let ranges: Vec<Weighted<'_>> = weighted_list(accept).collect();
    // Ranked by quality, then specificity, then earliest position in the header.
    let mut best: Option<(Rank, Format)> = None;
    for format in [json_default, Format::Problem, Format::JsonApi] {
        // The configured default also answers to plain `application/json`.
        let media_types: &[&str] = if format == json_default {
            &[format.content_type(), "application/json"]
        } else {
            &[format.content_type()]
        };
        // The most specific matching range decides this offer's quality (RFC 9110 12.5.1).
        let decisive = ranges
            .iter()
            .flat_map(|range| {
                media_types.iter().filter_map(move |media_type| {
                    media_match(range.value, media_type).map(|specificity| (specificity, range))
                })
            })
            .max_by_key(|(specificity, range)| (*specificity, std::cmp::Reverse(range.position)));
        let Some((specificity, range)) = decisive else {
            continue;
        };
        if range.quality == 0 {
            continue;
        }
        let rank = (
            range.quality,
            specificity,
            std::cmp::Reverse(range.position),
        );
        if best.is_none_or(|(current, _)| rank > current) {
            best = Some((rank, format));
        }
    }
    best.map_or(json_default, |(_, format)| format)
}

/// Picks the language for an `Accept-Language` header from the `available` tags.
///
/// Ranges are tried by quality, then by order; each matches a tag exactly
/// (case-insensitively) or falls back to its primary prefix (`de-CH` → `de`). `*` and no
/// match at all give `default`.
pub fn negotiate_language<'a>(
    accept_language: Option<&str>,
    available: &[&'a str],
    default: &'a str,
) -> &'a str {
    let Some(header) = accept_language else {
        return default;
    };
    let mut ranges: Vec<Weighted<'_>> = weighted_list(header)
        .filter(|range| range.quality > 0)
        .collect();
    ranges.sort_by_key(|range| (std::cmp::Reverse(range.quality), range.position));
    for range in ranges {
        if range.value == "*" {
            return default;
        }
        let mut candidate = range.value;
        loop {
            if let Some(tag) = available
                .iter()
                .find(|tag| tag.eq_ignore_ascii_case(candidate))
            {
                return tag;
            }
            match candidate.rsplit_once('-') {
                Some((prefix, _)) => candidate = prefix,
                None => break,
            }
        }
    }
    default
}

#[cfg(test)]
mod tests {
    use super::*;
    use Format::{Envelope, JsonApi, Problem};

    #[test]
    fn absent_or_empty_accept_gives_the_default() {
        assert_eq!(negotiate_format(None, Problem), Problem);
        assert_eq!(negotiate_format(None, Envelope), Envelope);
        assert_eq!(negotiate_format(Some(""), JsonApi), JsonApi);
    }

    #[test]
    fn plain_json_means_the_configured_default() {
        assert_eq!(
            negotiate_format(Some("application/json"), Envelope),
            Envelope
        );
        assert_eq!(negotiate_format(Some("application/json"), Problem), Problem);
        assert_eq!(negotiate_format(Some("application/json"), JsonApi), JsonApi);
    }

    #[test]
    fn named_media_types_pick_their_format() {
        let problem = Some("application/problem+json");
        assert_eq!(negotiate_format(problem, Envelope), Problem);
        let jsonapi = Some("application/vnd.api+json");
        assert_eq!(negotiate_format(jsonapi, Problem), JsonApi);
        assert_eq!(
            negotiate_format(Some("APPLICATION/VND.API+JSON"), Envelope),
            JsonApi
        );
    }

    #[test]
    fn wildcards_mean_the_default() {
        assert_eq!(negotiate_format(Some("*/*"), Envelope), Envelope);
        assert_eq!(negotiate_format(Some("application/*"), Envelope), Envelope);
        assert_eq!(
            negotiate_format(Some("text/html, */*;q=0.8"), JsonApi),
            JsonApi
        );
    }

    #[test]
    fn higher_quality_wins() {
        let accept = Some("application/json;q=0.5, application/problem+json");
        assert_eq!(negotiate_format(accept, Envelope), Problem);
        let accept = Some("application/problem+json;q=0.2, application/vnd.api+json;q=0.9");
        assert_eq!(negotiate_format(accept, Envelope), JsonApi);
    }

    #[test]
    fn equal_quality_prefers_specific_then_earlier() {
        let accept = Some("*/*, application/vnd.api+json");
        assert_eq!(negotiate_format(accept, Problem), JsonApi);
        let accept = Some("application/vnd.api+json, application/json");
        assert_eq!(negotiate_format(accept, Envelope), JsonApi);
        let accept = Some("application/json, application/vnd.api+json");
        assert_eq!(negotiate_format(accept, Envelope), Envelope);
    }

    #[test]
    fn quality_zero_excludes_even_under_a_wildcard() {
        let accept = Some("application/problem+json;q=0, */*");
        assert_eq!(negotiate_format(accept, Problem), JsonApi);
        let accept = Some("application/json;q=0, application/problem+json;q=0.1");
        assert_eq!(negotiate_format(accept, Envelope), Problem);
    }

    #[test]
    fn nothing_acceptable_still_gives_the_default() {
        assert_eq!(negotiate_format(Some("text/html"), Envelope), Envelope);
        assert_eq!(
            negotiate_format(Some("image/png, text/*"), Problem),
            Problem
        );
        assert_eq!(negotiate_format(Some("*/*;q=0"), JsonApi), JsonApi);
    }

    #[test]
    fn malformed_quality_counts_as_unacceptable() {
        let accept = Some("application/vnd.api+json;q=2, application/problem+json;q=0.5");
        assert_eq!(negotiate_format(accept, Envelope), Problem);
        assert_eq!(parse_quality("0.1234"), None);
        assert_eq!(parse_quality("1.001"), None);
        assert_eq!(parse_quality("0.05"), Some(50));
        assert_eq!(parse_quality("1."), Some(1000));
    }

    #[test]
    fn media_type_parameters_and_spaces_are_tolerated() {
        let accept = Some("  application/problem+json ; charset=utf-8 ; q=0.7 ,text/plain");
        assert_eq!(negotiate_format(accept, Envelope), Problem);
    }

    const LANGUAGES: [&str; 3] = ["en", "de", "fr-CA"];

    #[test]
    fn language_exact_and_prefix_fallback() {
        assert_eq!(negotiate_language(Some("de"), &LANGUAGES, "en"), "de");
        assert_eq!(negotiate_language(Some("de-CH"), &LANGUAGES, "en"), "de");
        assert_eq!(negotiate_language(Some("DE-ch"), &LANGUAGES, "en"), "de");
        assert_eq!(negotiate_language(Some("fr-CA"), &LANGUAGES, "en"), "fr-CA");
        assert_eq!(negotiate_language(Some("fr"), &LANGUAGES, "en"), "en");
    }

    #[test]
    fn language_quality_order() {
        let header = Some("fr;q=0.4, de;q=0.9, en;q=0.8");
        assert_eq!(negotiate_language(header, &LANGUAGES, "en"), "de");
        let header = Some("es, de;q=0.1");
        assert_eq!(negotiate_language(header, &LANGUAGES, "en"), "de");
        let header = Some("de;q=0, fr-ca");
        assert_eq!(negotiate_language(header, &LANGUAGES, "en"), "fr-CA");
    }

    #[test]
    fn language_default_for_wildcard_absent_or_unknown() {
        assert_eq!(negotiate_language(None, &LANGUAGES, "en"), "en");
        assert_eq!(negotiate_language(Some("*"), &LANGUAGES, "en"), "en");
        assert_eq!(negotiate_language(Some("ja, ko"), &LANGUAGES, "en"), "en");
        assert_eq!(negotiate_language(Some(",,;q=1"), &LANGUAGES, "en"), "en");
    }
}
