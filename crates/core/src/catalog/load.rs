//! Reads TOML catalogs onto the built-in one, collecting every lint finding with its place.

use super::placeholder::is_name;
use super::rules;
use super::{Catalog, Diagnostic, Entry, EntryOrigin, Location, SyntaxError, Translation};
use crate::Format;
use std::collections::BTreeMap;
use std::ops::Range;
use toml_edit::{ImDocument, Item, Key, TableLike};

const ROOT_KEYS: &[&str] = &["catalog", "errors"];
const SETTINGS_KEYS: &[&str] = &["format", "type_base", "default_language"];
const ENTRY_KEYS: &[&str] = &[
    "status",
    "title",
    "detail",
    "type",
    "retryable",
    "placeholders",
    "i18n",
];
const TRANSLATION_KEYS: &[&str] = &["title", "detail"];

/// A public text of the catalog and where it was written, for audits such as leak checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicText {
    /// Where the text's value starts.
    pub location: Location,
    /// The dotted field, such as `errors.X.i18n.de.detail`.
    pub field: String,
    /// The text itself.
    pub text: String,
}

/// The outcome of loading catalogs: what resolved, and everything wrong on the way.
#[derive(Debug, Clone)]
pub struct Lint {
    /// The resolved catalog, with invalid fields left out.
    pub catalog: Catalog,
    /// Every finding, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Every public text read from the files.
    pub texts: Vec<PublicText>,
}

/// Overlays TOML catalogs, in order, onto the built-in catalog.
#[derive(Debug, Clone)]
pub struct CatalogBuilder {
    catalog: Catalog,
    diagnostics: Vec<Diagnostic>,
    texts: Vec<PublicText>,
}

impl Default for CatalogBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl CatalogBuilder {
    /// Starts from the built-in catalog.
    pub fn new() -> Self {
        Self {
            catalog: Catalog::builtin(),
            diagnostics: Vec::new(),
            texts: Vec::new(),
        }
    }

    /// Reads one TOML catalog named `origin`; later files overlay earlier ones.
    ///
    /// Fails only if the text is not TOML; catalog mistakes become diagnostics.
    pub fn add_toml(&mut self, source: &str, origin: &str) -> Result<(), SyntaxError> {
        let document = ImDocument::parse(source).map_err(|error| SyntaxError {
            location: Location::at(origin, source, error.span().map_or(0, |span| span.start)),
            message: error.message().trim().replace('\n', " "),
        })?;
        let mut file = FileReader {
            origin,
            source,
            builder: self,
        };
        file.read_root(document.as_table());
        Ok(())
    }

    /// Ends loading and hands over the catalog with every finding.
    pub fn finish(self) -> Lint {
        Lint {
            catalog: self.catalog,
            diagnostics: self.diagnostics,
            texts: self.texts,
        }
    }
}

/// Walks one parsed file.
struct FileReader<'a> {
    origin: &'a str,
    source: &'a str,
    builder: &'a mut CatalogBuilder,
}

/// One entry's fields as read, before they are merged.
#[derive(Default)]
struct EntryFields {
    status: Option<u16>,
    title: Option<String>,
    detail: Option<String>,
    type_uri: Option<String>,
    retryable: Option<bool>,
    placeholders: Option<Vec<String>>,
    translations: BTreeMap<String, Translation>,
    /// Every text with its field and offset, checked once placeholders are known.
    texts: Vec<(String, usize, String)>,
    /// Some field was invalid; the entry must not be half-applied.
    broken: bool,
}

impl FileReader<'_> {
    fn location(&self, span: Option<Range<usize>>) -> Location {
        Location::at(self.origin, self.source, span.map_or(0, |span| span.start))
    }

    fn report(&mut self, span: Option<Range<usize>>, field: &str, message: String) {
        let location = self.location(span);
        self.builder.diagnostics.push(Diagnostic {
            location,
            field: field.to_owned(),
            message,
        });
    }

    /// The span of an item, or of its key for implicit tables that have none.
    fn span_of(key: &Key, item: &Item) -> Option<Range<usize>> {
        item.span().or_else(|| key.span())
    }

    /// Yields each `(key, item)` of a table-like, reporting keys outside `allowed`.
    fn known_entries<'t>(
        &mut self,
        table: &'t dyn TableLike,
        prefix: &str,
        allowed: &[&str],
    ) -> Vec<(&'t Key, &'t Item)> {
        let mut known = Vec::new();
        for (name, _) in table.iter() {
            let (key, item) = table.get_key_value(name).expect("key from iteration");
            if allowed.contains(&name) {
                known.push((key, item));
            } else {
                self.report(
                    key.span(),
                    &join(prefix, name),
                    format!(
                        "unknown key `{name}`; expected one of {}",
                        allowed.join(", ")
                    ),
                );
            }
        }
        known
    }

    fn table<'t>(&mut self, key: &Key, item: &'t Item, field: &str) -> Option<&'t dyn TableLike> {
        let table = item.as_table_like();
        if table.is_none() {
            self.report(
                Self::span_of(key, item),
                field,
                format!("expected a table, found {}", item.type_name()),
            );
        }
        table
    }

    fn string(&mut self, key: &Key, item: &Item, field: &str) -> Option<String> {
        let text = item.as_str().map(str::to_owned);
        if text.is_none() {
            self.report(
                Self::span_of(key, item),
                field,
                format!("expected a string, found {}", item.type_name()),
            );
        }
        text
    }

    fn read_root(&mut self, root: &toml_edit::Table) {
        for (key, item) in self.known_entries(root, "", ROOT_KEYS) {
            let Some(table) = self.table(key, item, key.get()) else {
                continue;
            };
            if key.get() == "catalog" {
                self.read_settings(table);
            } else {
                self.read_errors(table);
            }
        }
    }

    fn read_settings(&mut self, table: &dyn TableLike) {
        for (key, item) in self.known_entries(table, "catalog", SETTINGS_KEYS) {
            let field = join("catalog", key.get());
            let span = Self::span_of(key, item);
            let Some(value) = self.string(key, item, &field) else {
                continue;
            };
            match key.get() {
                "format" => match value.parse::<Format>() {
                    Ok(format) => self.builder.catalog.settings_mut().format = format,
                    Err(error) => self.report(span, &field, error.to_string()),
                },
                "type_base" => {
                    if value == "about:blank"
                        || (value.starts_with("https://") || value.starts_with("http://"))
                            && !value.contains(char::is_whitespace)
                    {
                        self.builder.catalog.settings_mut().type_base = value;
                    } else {
                        self.report(
                            span,
                            &field,
                            format!(
                                "`{value}` is not an absolute http(s) URI; expected a base \
                                 like \"https://errors.example.com/\" or \"about:blank\""
                            ),
                        );
                    }
                }
                _ => {
                    if rules::is_language_tag(&value) {
                        self.builder.catalog.settings_mut().default_language = value;
                    } else {
                        self.report(span, &field, rules::language_message(&value));
                    }
                }
            }
        }
    }

    fn read_errors(&mut self, table: &dyn TableLike) {
        for (name, _) in table.iter() {
            let (key, item) = table.get_key_value(name).expect("key from iteration");
            let field = join("errors", name);
            if !rules::is_code(name) {
                self.report(key.span(), &field, rules::code_message(name));
                continue;
            }
            let Some(entry) = self.table(key, item, &field) else {
                continue;
            };
            let fields = self.read_entry(entry, &field);
            self.merge(name, key, fields);
        }
    }

    fn read_entry(&mut self, table: &dyn TableLike, prefix: &str) -> EntryFields {
        let mut fields = EntryFields::default();
        for (key, item) in self.known_entries(table, prefix, ENTRY_KEYS) {
            let field = join(prefix, key.get());
            let span = Self::span_of(key, item);
            let before = self.builder.diagnostics.len();
            match key.get() {
                "status" => fields.status = self.status(item, span, &field),
                "title" | "detail" => {
                    if let Some(text) = self.string(key, item, &field) {
                        let offset = span.map_or(0, |span| span.start);
                        fields.texts.push((field.clone(), offset, text.clone()));
                        if key.get() == "title" {
                            fields.title = Some(text);
                        } else {
                            fields.detail = Some(text);
                        }
                    }
                }
                "type" => fields.type_uri = self.string(key, item, &field),
                "retryable" => match item.as_bool() {
                    Some(flag) => fields.retryable = Some(flag),
                    None => self.report(
                        span,
                        &field,
                        format!("expected true or false, found {}", item.type_name()),
                    ),
                },
                "placeholders" => fields.placeholders = self.placeholder_names(item, span, &field),
                _ => self.read_translations(key, item, &field, &mut fields),
            }
            fields.broken |= self.builder.diagnostics.len() > before;
        }
        fields
    }

    fn status(&mut self, item: &Item, span: Option<Range<usize>>, field: &str) -> Option<u16> {
        let Some(status) = item.as_integer() else {
            self.report(
                span,
                field,
                format!(
                    "expected an integer HTTP status, found {}",
                    item.type_name()
                ),
            );
            return None;
        };
        match rules::check_status(status) {
            Ok(status) => Some(status),
            Err(message) => {
                self.report(span, field, message);
                None
            }
        }
    }

    fn placeholder_names(
        &mut self,
        item: &Item,
        span: Option<Range<usize>>,
        field: &str,
    ) -> Option<Vec<String>> {
        let names: Option<Vec<String>> = item.as_array().and_then(|array| {
            array
                .iter()
                .map(|value| value.as_str().map(str::to_owned))
                .collect()
        });
        match names {
            Some(names) if names.iter().all(|name| is_name(name)) => Some(names),
            _ => {
                self.report(
                    span,
                    field,
                    "expected an array of placeholder names like [\"amount\", \"currency\"] \
                     (lower-case letters, digits and `_`)"
                        .to_owned(),
                );
                None
            }
        }
    }

    fn read_translations(&mut self, key: &Key, item: &Item, field: &str, fields: &mut EntryFields) {
        let Some(languages) = self.table(key, item, field) else {
            return;
        };
        for (language, _) in languages.iter() {
            let (language_key, language_item) = languages
                .get_key_value(language)
                .expect("key from iteration");
            let language_field = join(field, language);
            if !rules::is_language_tag(language) {
                self.report(
                    language_key.span(),
                    &language_field,
                    rules::language_message(language),
                );
                continue;
            }
            let Some(texts) = self.table(language_key, language_item, &language_field) else {
                continue;
            };
            let mut translation = Translation::default();
            for (text_key, text_item) in
                self.known_entries(texts, &language_field, TRANSLATION_KEYS)
            {
                let text_field = join(&language_field, text_key.get());
                let Some(text) = self.string(text_key, text_item, &text_field) else {
                    continue;
                };
                let offset = Self::span_of(text_key, text_item).map_or(0, |span| span.start);
                fields.texts.push((text_field, offset, text.clone()));
                if text_key.get() == "title" {
                    translation.title = Some(text);
                } else {
                    translation.detail = Some(text);
                }
            }
            fields.translations.insert(language.to_owned(), translation);
        }
    }

    /// Checks the texts of an entry and applies it to the catalog.
    fn merge(&mut self, code: &str, key: &Key, mut fields: EntryFields) {
        let field = join("errors", code);
        let existing = self.builder.catalog.entry(code).cloned();
        let declared: Vec<String> = fields
            .placeholders
            .clone()
            .or_else(|| existing.as_ref().map(|entry| entry.placeholders.clone()))
            .unwrap_or_default();
        let texts = std::mem::take(&mut fields.texts);
        for (text_field, offset, text) in &texts {
            fields.broken |= !self.check_text(text_field, *offset, text, &declared);
            self.builder.texts.push(PublicText {
                location: Location::at(self.origin, self.source, *offset),
                field: text_field.clone(),
                text: text.clone(),
            });
        }
        let span = key.span();
        let entry = match existing {
            Some(entry) => entry,
            None if fields.status.is_none() && fields.title.is_none() && !fields.broken => {
                if fields.translations.is_empty() {
                    self.report(
                        span.clone(),
                        &field,
                        "entry is empty; expected at least `status` and `title`".to_owned(),
                    );
                } else {
                    self.report(
                        span.clone(),
                        &field,
                        format!(
                            "translation of unknown code `{code}`; expected `status` and \
                             `title` here or an entry for `{code}` in an earlier catalog"
                        ),
                    );
                }
                return;
            }
            None => {
                let missing: Vec<&str> = [
                    ("status", fields.status.is_none()),
                    ("title", fields.title.is_none()),
                ]
                .into_iter()
                .filter_map(|(name, absent)| absent.then_some(name))
                .collect();
                if !missing.is_empty() && !fields.broken {
                    self.report(
                        span.clone(),
                        &field,
                        format!(
                            "missing `{}`; a new code needs `status` and `title`",
                            missing.join("` and `")
                        ),
                    );
                }
                if fields.broken || !missing.is_empty() {
                    return;
                }
                Entry {
                    code: code.to_owned(),
                    status: 0,
                    title: String::new(),
                    detail: None,
                    type_uri: None,
                    retryable: false,
                    placeholders: Vec::new(),
                    translations: BTreeMap::new(),
                    origin: EntryOrigin::Builtin,
                }
            }
        };
        if fields.broken {
            return;
        }
        let mut entry = entry;
        entry.status = fields.status.unwrap_or(entry.status);
        entry.title = fields.title.unwrap_or(entry.title);
        entry.detail = fields.detail.or(entry.detail);
        entry.type_uri = fields.type_uri.or(entry.type_uri);
        entry.retryable = fields.retryable.unwrap_or(entry.retryable);
        entry.placeholders = declared;
        for (language, translation) in fields.translations {
            let slot = entry.translations.entry(language).or_default();
            slot.title = translation.title.or(slot.title.take());
            slot.detail = translation.detail.or(slot.detail.take());
        }
        entry.origin = EntryOrigin::File(self.location(span));
        self.builder
            .catalog
            .entries_mut()
            .insert(code.to_owned(), entry);
    }

    /// Lints one public text; `false` if it has a finding.
    fn check_text(&mut self, field: &str, offset: usize, text: &str, declared: &[String]) -> bool {
        let span = Some(offset..offset);
        let is_title = field.rsplit('.').next() == Some("title");
        let problem = rules::check_text(is_title, text, declared);
        match problem {
            Some(message) => {
                self.report(span, field, message);
                false
            }
            None => true,
        }
    }
}

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

#[cfg(test)]
mod tests;
