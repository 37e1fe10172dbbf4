//! The resolved catalog as JSON.

use crate::catalog::{Catalog, Entry};
use serde_json::{Map, Value, json};

pub(super) fn render(catalog: &Catalog) -> String {
    let settings = catalog.settings();
    let errors: Map<String, Value> = catalog
        .entries()
        .map(|entry| (entry.code.clone(), entry_json(catalog, entry)))
        .collect();
    let document = json!({
        "catalog": {
            "format": settings.format.name(),
            "type_base": settings.type_base,
            "default_language": settings.default_language,
            "languages": catalog.languages(),
        },
        "errors": errors,
    });
    pretty(&document)
}

pub(super) fn entry_json(catalog: &Catalog, entry: &Entry) -> Value {
    let translations: Map<String, Value> = entry
        .translations
        .iter()
        .map(|(language, texts)| {
            let mut object = Map::new();
            if let Some(title) = &texts.title {
                object.insert("title".into(), title.clone().into());
            }
            if let Some(detail) = &texts.detail {
                object.insert("detail".into(), detail.clone().into());
            }
            (language.clone(), Value::Object(object))
        })
        .collect();
    let mut object = Map::new();
    object.insert("status".into(), entry.status.into());
    object.insert("type".into(), catalog.type_uri(entry).into());
    object.insert("title".into(), entry.title.clone().into());
    if let Some(detail) = &entry.detail {
        object.insert("detail".into(), detail.clone().into());
    }
    object.insert("retryable".into(), entry.retryable.into());
    if !entry.placeholders.is_empty() {
        object.insert("placeholders".into(), entry.placeholders.clone().into());
    }
    if !translations.is_empty() {
        object.insert("i18n".into(), Value::Object(translations));
    }
    Value::Object(object)
}

/// Pretty JSON with a final newline; serde_json's map keeps keys sorted.
pub(super) fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("JSON values always serialise");
    text.push('\n');
    text
}
