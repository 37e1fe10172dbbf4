//! Catalog detail templates as the service side fills them: the names a template uses and
//! the all-or-nothing fill, shared by the derive (at compile time) and the tower layer.

/// The `{placeholder}` names `template` uses, in order of appearance (`{{`/`}}` are literal).
pub fn placeholder_names(template: &str) -> Vec<&str> {
    crate::catalog::placeholder::placeholders(template)
        .into_iter()
        .map(|(_, name)| name)
        .collect()
}

/// Fills `template` from `args`; `None` if any placeholder has no value, so a caller never
/// sees a half-filled text.
pub fn fill(template: &str, args: &[(&str, &str)]) -> Option<String> {
    crate::catalog::placeholder::fill(template, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_fill_follow_the_catalog_rules() {
        let template = "At most {limit} {currency} {{per}} payment.";
        assert_eq!(placeholder_names(template), ["limit", "currency"]);
        assert_eq!(
            fill(template, &[("limit", "500"), ("currency", "EUR")]).as_deref(),
            Some("At most 500 EUR {per} payment.")
        );
        assert_eq!(fill(template, &[("limit", "500")]), None);
    }
}
