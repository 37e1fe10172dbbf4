//! Reading the embedded store: lookup by ID or short reference, lists and stats.

mod migrate;
mod query;
pub(crate) mod row;
pub(crate) mod schema;

pub use schema::LayoutError;

pub use query::{
    Filter, IncidentSummary, InvalidStatusFilter, PipelineCounters, StatusFilter, StoreStats,
};

use crate::Incident;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};
use tightlip_core::{RequestId, ShortRef};

/// A read-only view of the embedded store; safe to use while a writer appends.
#[derive(Debug)]
pub struct Store {
    connection: Connection,
}

/// Reading the store failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// There is no store at the path.
    #[error("no incident store at {0} (start the gateway once, or pass --store PATH)")]
    Missing(PathBuf),
    /// The key is neither a request ID nor a short reference.
    #[error(
        "`{0}` is neither a request ID (1-64 of A-Z a-z 0-9 . _ -) nor a short reference like 7K3M-9QXD-2F"
    )]
    MalformedKey(String),
    /// SQLite failed: unreadable, locked or corrupt.
    #[error("incident store {path}: {source}")]
    Sqlite {
        /// The store's path.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The store has a layout this version does not read.
    #[error("incident store {path}: {source}")]
    Layout {
        /// The store's path.
        path: PathBuf,
        /// Which layout, and what to do.
        source: LayoutError,
    },
    /// A stored record does not parse.
    #[error("incident store holds an unreadable record: {0}")]
    Record(#[from] serde_json::Error),
}

impl Store {
    /// Opens the store at `path` read-only.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing(path.to_owned()));
        }
        let sqlite = |source| StoreError::Sqlite {
            path: path.to_owned(),
            source,
        };
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sqlite)?;
        connection
            .busy_timeout(std::time::Duration::from_secs(2))
            .map_err(sqlite)?;
        // Fail now, with the path, if this is not a tightlip store or is corrupt.
        connection
            .query_row("SELECT COUNT(*) FROM incidents WHERE seq < 0", [], |row| {
                row.get::<_, i64>(0)
            })
            .map_err(sqlite)?;
        match schema::layout(&connection) {
            Ok(Some(schema::LAYOUT)) => Ok(Self { connection }),
            Ok(Some(found)) if found < schema::LAYOUT => Err(StoreError::Layout {
                path: path.to_owned(),
                source: LayoutError::NeedsMigration { found },
            }),
            Ok(found) => Err(StoreError::Layout {
                path: path.to_owned(),
                source: LayoutError::Newer {
                    found: found.unwrap_or_default(),
                },
            }),
            Err(source) => Err(StoreError::Layout {
                path: path.to_owned(),
                source,
            }),
        }
    }

    /// The incident for a request ID or short reference, newest first if several match.
    pub fn get(&self, key: &str) -> Result<Option<Incident>, StoreError> {
        let key = key.trim();
        if let Some(id) = RequestId::parse_inbound(key) {
            let found = self.lookup(id.short_ref().bits(), Some(key))?;
            if found.is_some() {
                return Ok(found);
            }
        }
        match ShortRef::parse(key) {
            Ok(short_ref) => self.lookup(short_ref.bits(), None),
            Err(_) if RequestId::parse_inbound(key).is_some() => Ok(None),
            Err(_) => Err(StoreError::MalformedKey(key.to_owned())),
        }
    }

    /// Visits each bucket of the reference index, newest first.
    fn lookup(&self, short_key: u64, id: Option<&str>) -> Result<Option<Incident>, StoreError> {
        let sql = format!(
            "WITH RECURSIVE buckets(b) AS (
                 SELECT MAX(bucket) FROM incidents
                 UNION ALL SELECT b - 1 FROM buckets WHERE b > (SELECT MIN(bucket) FROM incidents)
             )
             SELECT {} FROM buckets JOIN incidents i ON i.bucket = buckets.b AND i.short_key = ?1
             WHERE ?2 IS NULL OR i.id = ?2
             ORDER BY i.seq DESC LIMIT 1",
            row::StoredRow::COLUMNS
        );
        let row = self
            .connection
            .query_row(
                &sql,
                rusqlite::params![key_value(short_key), id],
                row::StoredRow::read,
            )
            .optional()
            .map_err(|source| self.error(source))?;
        row.map(|row| row.into_incident().map_err(StoreError::from))
            .transpose()
    }

    fn error(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self
                .connection
                .path()
                .map(PathBuf::from)
                .unwrap_or_default(),
            source,
        }
    }
}

/// The short key stored for an incident: its reference's 50 bits, from the ID if needed.
pub(crate) fn short_key(incident: &Incident) -> i64 {
    let bits = ShortRef::parse(&incident.short_ref)
        .map(ShortRef::bits)
        .or_else(|_| {
            RequestId::parse_inbound(&incident.id)
                .map(|id| id.short_ref().bits())
                .ok_or(())
        })
        .unwrap_or(0);
    key_value(bits)
}

fn key_value(bits: u64) -> i64 {
    i64::try_from(bits).expect("short keys have 50 bits")
}
