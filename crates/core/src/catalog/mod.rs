//! The error catalog: the vetted dictionary of every public error the system may emit.
//!
//! A built-in catalog covers every error status; user catalogs in TOML overlay it. See
//! `docs/catalog.md` for the file format.

mod builtin;
mod diagnostic;
mod export;
mod load;
pub(crate) mod placeholder;
mod rules;

pub use builtin::REGISTERED_ERROR_STATUSES;
pub use diagnostic::{CatalogError, Diagnostic, Location, SyntaxError};
pub use export::ExportFormat;
pub use load::{CatalogBuilder, Lint, PublicText};
pub use rules::{MAX_DETAIL_CHARS, MAX_TITLE_CHARS};

use crate::{Format, Problem, negotiate_language};
use std::collections::BTreeMap;

/// Catalog-wide settings from the `[catalog]` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The format served for `application/json` and wildcard requests.
    pub format: Format,
    /// Base of problem type URIs, or `about:blank` for none.
    pub type_base: String,
    /// The language texts are written in and the fallback for unknown languages.
    pub default_language: String,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            format: Format::Problem,
            type_base: "about:blank".to_owned(),
            default_language: "en".to_owned(),
        }
    }
}

/// Where an entry was defined last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryOrigin {
    /// The built-in catalog.
    Builtin,
    /// A user catalog, at this location.
    File(Location),
}

/// One catalog entry: status, code and vetted texts, in every language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable code, `^[A-Z][A-Z0-9_]{2,63}$`.
    pub code: String,
    /// HTTP status, a registered 4xx or 5xx.
    pub status: u16,
    /// Title in the default language; the same for every occurrence.
    pub title: String,
    /// Detail in the default language; may hold declared `{placeholders}`.
    pub detail: Option<String>,
    /// Explicit problem type URI, overriding the catalog's `type_base`.
    pub type_uri: Option<String>,
    /// Whether a client may retry the same request.
    pub retryable: bool,
    /// Names allowed as `{placeholders}` in `detail`.
    pub placeholders: Vec<String>,
    /// Translations by language tag.
    pub translations: BTreeMap<String, Translation>,
    /// Where the entry was defined.
    pub origin: EntryOrigin,
}

/// The texts of one entry in one language; a missing text falls back to the default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Translation {
    /// Translated title.
    pub title: Option<String>,
    /// Translated detail.
    pub detail: Option<String>,
}

/// The resolved catalog: built-in defaults with user overlays applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    settings: Settings,
    entries: BTreeMap<String, Entry>,
}

impl Default for Catalog {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Catalog {
    /// The built-in catalog alone.
    pub fn builtin() -> Self {
        let entries = builtin::ENTRIES
            .iter()
            .map(|&(status, code, title, detail, retryable)| {
                let entry = Entry {
                    code: code.to_owned(),
                    status,
                    title: title.to_owned(),
                    detail: Some(detail.to_owned()),
                    type_uri: None,
                    retryable,
                    placeholders: Vec::new(),
                    translations: BTreeMap::new(),
                    origin: EntryOrigin::Builtin,
                };
                (code.to_owned(), entry)
            })
            .collect();
        Self {
            settings: Settings::default(),
            entries,
        }
    }

    /// The built-in catalog overlaid with one TOML catalog; any lint finding is an error.
    pub fn from_toml(source: &str, origin: &str) -> Result<Self, CatalogError> {
        let mut builder = CatalogBuilder::new();
        builder.add_toml(source, origin)?;
        let lint = builder.finish();
        if lint.diagnostics.is_empty() {
            Ok(lint.catalog)
        } else {
            Err(CatalogError::Invalid(lint.diagnostics))
        }
    }

    /// The catalog-wide settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The format served for `application/json`.
    pub fn format(&self) -> Format {
        self.settings.format
    }

    /// The entry for `code`, if any.
    pub fn entry(&self, code: &str) -> Option<&Entry> {
        self.entries.get(code)
    }

    /// Every entry, sorted by code.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.values()
    }

    /// Every language with at least one text, the default first, then sorted.
    pub fn languages(&self) -> Vec<&str> {
        let mut languages = vec![self.settings.default_language.as_str()];
        for entry in self.entries.values() {
            for language in entry.translations.keys() {
                if !languages.contains(&language.as_str()) {
                    languages.push(language);
                }
            }
        }
        languages[1..].sort_unstable();
        languages
    }

    /// The problem type URI of `entry`: explicit, or `type_base` + kebab-case code.
    pub fn type_uri(&self, entry: &Entry) -> String {
        if let Some(explicit) = &entry.type_uri {
            return explicit.clone();
        }
        if self.settings.type_base == "about:blank" {
            return "about:blank".to_owned();
        }
        format!(
            "{}{}",
            self.settings.type_base,
            entry.code.to_ascii_lowercase().replace('_', "-")
        )
    }

    /// The problem for `code` in the language an `Accept-Language` header asks for.
    pub fn problem(&self, code: &str, accept_language: Option<&str>) -> Option<Problem> {
        self.problem_with(code, accept_language, &[])
    }

    /// Like [`Catalog::problem`], filling `{placeholders}` of the detail from `args`.
    ///
    /// If a placeholder has no value the detail is left out rather than sent half-filled.
    pub fn problem_with(
        &self,
        code: &str,
        accept_language: Option<&str>,
        args: &[(&str, &str)],
    ) -> Option<Problem> {
        let entry = self.entries.get(code)?;
        let languages = self.languages();
        let language =
            negotiate_language(accept_language, &languages, &self.settings.default_language);
        let translation = entry.translations.get(language);
        let title = translation
            .and_then(|t| t.title.as_ref())
            .unwrap_or(&entry.title);
        let detail = translation
            .and_then(|t| t.detail.as_ref())
            .or(entry.detail.as_ref())
            .and_then(|detail| placeholder::fill(detail, args));
        let mut problem =
            Problem::new(entry.status, &entry.code, title).with_type(self.type_uri(entry));
        problem.detail = detail;
        Some(problem)
    }

    /// The generic problem for a bare status, as the gateway uses for upstream errors.
    ///
    /// Unknown or non-error statuses map to the generic entry of their class; anything
    /// outside 400–599 becomes 500, so a caller never sees a leaky or odd status.
    pub fn problem_for_status(&self, status: u16, accept_language: Option<&str>) -> Problem {
        let code = builtin::ENTRIES
            .iter()
            .find(|entry| entry.0 == status)
            .map_or_else(|| builtin::fallback_code(status), |entry| entry.1);
        let mut problem = self
            .problem(code, accept_language)
            .expect("built-in codes are always present");
        if (400..600).contains(&status) && builtin::REGISTERED_ERROR_STATUSES.contains(&status) {
            problem.status = status;
        }
        problem
    }

    pub(crate) fn settings_mut(&mut self) -> &mut Settings {
        &mut self.settings
    }

    pub(crate) fn entries_mut(&mut self) -> &mut BTreeMap<String, Entry> {
        &mut self.entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_covers_every_rfc9110_error_status_plus_429_and_431() {
        // RFC 9110 section 15.5 and 15.6, plus RFC 6585's 429 and 431.
        let statuses: Vec<u16> = (400..=417)
            .chain([421, 422, 426, 429, 431])
            .chain(500..=505)
            .collect();
        let catalog = Catalog::builtin();
        for &status in &statuses {
            // Its own entry, not the class fallback that problem_for_status also gives.
            let own: Vec<_> = catalog.entries().filter(|e| e.status == status).collect();
            assert_eq!(own.len(), 1, "{status} needs exactly one built-in entry");
            let problem = catalog.problem_for_status(status, None);
            assert_eq!(
                (problem.status, problem.code.as_str()),
                (status, own[0].code.as_str())
            );
            assert!(
                problem.detail.as_deref().is_some_and(|d| !d.is_empty()),
                "{status}"
            );
        }
        assert_eq!(
            catalog.entries().count(),
            statuses.len(),
            "no extra entries"
        );
        assert_eq!(catalog.problem_for_status(404, None).code, "NOT_FOUND");
        assert_eq!(catalog.problem_for_status(500, None).code, "INTERNAL_ERROR");
        assert_eq!(catalog.problem_for_status(502, None).code, "BAD_GATEWAY");
    }

    #[test]
    fn odd_statuses_map_to_their_class() {
        let catalog = Catalog::builtin();
        let teapot = catalog.problem_for_status(418, None);
        assert_eq!((teapot.status, teapot.code.as_str()), (400, "BAD_REQUEST"));
        let locked = catalog.problem_for_status(423, None);
        assert_eq!((locked.status, locked.code.as_str()), (423, "BAD_REQUEST"));
        let weird = catalog.problem_for_status(599, None);
        assert_eq!((weird.status, weird.code.as_str()), (500, "INTERNAL_ERROR"));
        let ok = catalog.problem_for_status(200, None);
        assert_eq!((ok.status, ok.code.as_str()), (500, "INTERNAL_ERROR"));
    }

    #[test]
    fn type_uri_derives_from_base() {
        let mut catalog = Catalog::builtin();
        let entry = catalog.entry("NOT_FOUND").unwrap().clone();
        assert_eq!(catalog.type_uri(&entry), "about:blank");
        catalog.settings_mut().type_base = "https://errors.example.com/".into();
        assert_eq!(
            catalog.type_uri(&entry),
            "https://errors.example.com/not-found"
        );
    }
}
