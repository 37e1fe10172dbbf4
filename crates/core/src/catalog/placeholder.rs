//! `{name}` placeholders in catalog texts.

/// The placeholder names in `text`, in order of appearance, with their byte offsets.
///
/// `{{` and `}}` are literal braces; a `{` that does not open a valid name is literal.
pub(crate) fn placeholders(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'{' if bytes.get(index + 1) == Some(&b'{') => index += 2,
            b'{' => {
                let start = index + 1;
                let end = text[start..].find('}').map(|offset| start + offset);
                match end {
                    Some(end) if is_name(&text[start..end]) => {
                        found.push((index, &text[start..end]));
                        index = end + 1;
                    }
                    _ => index += 1,
                }
            }
            _ => index += 1,
        }
    }
    found
}

/// Whether `name` is a valid placeholder name: `[a-z_][a-z0-9_]*`, at most 64 bytes.
pub(crate) fn is_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'_'))
        && name.len() <= 64
        && bytes.all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
}

/// Fills placeholders from `args`; `None` if any placeholder has no value.
///
/// A half-filled message is worse than none, so the caller drops the text then.
pub(crate) fn fill(text: &str, args: &[(&str, &str)]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    for (offset, name) in placeholders(text) {
        let value = args.iter().find(|(key, _)| *key == name)?.1;
        out.push_str(&unescape(&text[rest..offset]));
        out.push_str(value);
        rest = offset + name.len() + 2;
    }
    out.push_str(&unescape(&text[rest..]));
    Some(out)
}

fn unescape(text: &str) -> String {
    text.replace("{{", "{").replace("}}", "}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_and_skips_escapes() {
        let text = "Pay {amount} {{not}} {Bad} {currency}";
        let names: Vec<_> = placeholders(text).into_iter().map(|(_, n)| n).collect();
        assert_eq!(names, ["amount", "currency"]);
    }

    #[test]
    fn fills_all_or_nothing() {
        let args = [("amount", "12.00"), ("currency", "EUR")];
        assert_eq!(
            fill("Pay {amount} {currency} {{x}}", &args).as_deref(),
            Some("Pay 12.00 EUR {x}")
        );
        assert_eq!(fill("Pay {amount} {fee}", &args), None);
    }
}
