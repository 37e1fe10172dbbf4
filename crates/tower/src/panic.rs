//! Panic payloads as text for the incident.

use std::any::Any;

/// The message of a panic payload (`&str` or `String`), or a placeholder for other types.
pub(crate) fn message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_owned()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "panic with a non-text payload".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_payloads_are_kept() {
        let payload = std::panic::catch_unwind(|| panic!("index {} out of range", 7)).unwrap_err();
        assert_eq!(message(&*payload), "index 7 out of range");
        let payload = std::panic::catch_unwind(|| std::panic::panic_any(42_u8)).unwrap_err();
        assert_eq!(message(&*payload), "panic with a non-text payload");
    }
}
