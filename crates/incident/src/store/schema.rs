//! The embedded store's schema, shared by the writer and the readers.

use super::migrate;
use rusqlite::{Connection, OptionalExtension};

/// Rows per bucket of the reference index; see `incidents_by_ref` below.
pub(crate) const BUCKET_SHIFT: u32 = 14;

/// The layout this code writes and reads, kept in `PRAGMA user_version`.
///
/// 0: the first layout (row keys counted 1, 2, 3…, a time index, categories in a rowid
/// table with two indexes); migrated in place by the writer. 1: the current one.
pub(crate) const LAYOUT: i32 = 1;

/// The store on disk has a layout this code does not read or migrate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LayoutError {
    /// Written by a newer tightlip.
    #[error(
        "layout {found} was written by a newer tightlip (this one reads {LAYOUT}); upgrade, or move the file aside"
    )]
    Newer {
        /// The layout found in the file.
        found: i32,
    },
    /// An older layout that only a writer migrates; readers ask for that first.
    #[error(
        "layout {found} is from an older tightlip; start the gateway or run `tightlip doctor` once to migrate it to layout {LAYOUT}"
    )]
    NeedsMigration {
        /// The layout found in the file.
        found: i32,
    },
    /// A development layout from before layout 0 (no reference buckets).
    #[error(
        "the file holds incident tables from a development build before layout 0; move it aside and a new store is created"
    )]
    Unknown,
}

/// Creates the tables and indexes if missing, migrates an older layout, and sets the
/// pragmas the writer relies on.
pub(crate) fn prepare_for_writing(connection: &Connection) -> Result<(), crate::sink::SinkError> {
    // WAL lets readers (the CLI, the admin endpoint) query while the writer appends;
    // NORMAL sync in WAL mode loses at most the last transactions on power loss, never
    // corrupts, and a killed process loses nothing committed: the WAL is in the OS's
    // page cache, which matches "loses at most the batch in flight".
    // 16 KiB pages fit ~20 incident records each and split indexes less often: about
    // 30% more incidents per second than 4 KiB here (docs/BENCHMARKS.md). Only takes
    // effect when the file is created.
    connection.pragma_update(None, "page_size", 16_384)?;
    connection.pragma_update(None, "journal_mode", "WAL")?;
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    // 4 MiB keeps the hot index pages (the tails of the append-ordered indexes) in memory
    // between batches; a larger cache only grows the resident size of the gateway.
    connection.pragma_update(None, "cache_size", -4_096)?;
    // The writer never checkpoints itself: a checkpointer thread does (see SqliteSink), so
    // copying WAL frames into the database and the fsync that follows happen on another
    // core instead of stalling batches.
    connection.pragma_update(None, "wal_autocheckpoint", 0)?;
    connection.pragma_update(None, "journal_size_limit", 64 << 20)?;
    connection.busy_timeout(std::time::Duration::from_secs(2))?;
    match layout(connection)? {
        None => {
            connection.execute_batch(SCHEMA)?;
            connection.pragma_update(None, "user_version", LAYOUT)?;
        }
        Some(LAYOUT) => connection.execute_batch(SCHEMA)?,
        Some(0) => migrate::from_layout_0(connection)?,
        Some(found) => return Err(LayoutError::Newer { found }.into()),
    }
    Ok(())
}

/// The layout of the store behind `connection`, `None` for a file without incidents;
/// readers accept only [`LAYOUT`].
pub(crate) fn layout(connection: &Connection) -> Result<Option<i32>, LayoutError> {
    let read = || -> rusqlite::Result<(Option<i32>, bool)> {
        let version: i32 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        let has_incidents = connection
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'incidents'",
                [],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        let has_buckets = has_incidents
            && connection
                .query_row(
                    "SELECT 1 FROM pragma_table_info('incidents') WHERE name = 'bucket'",
                    [],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
        Ok((has_incidents.then_some(version), has_buckets))
    };
    match read() {
        Ok((Some(0), false)) => Err(LayoutError::Unknown),
        Ok((found, _)) => Ok(found),
        // Not readable as a store at all (corrupt, not a database): the caller's next
        // statement reports SQLite's own reason with the path.
        Err(_) => Ok(Some(LAYOUT)),
    }
}

/// Layout 1.
///
/// `seq`, the row key, is the incident's time in ns, bumped to one more than the previous
/// key when that is later (equal times, incidents that arrive late): keys only grow, and
/// `seq >= at_ns` always. So the table's own B-tree is the time index (`seq >= since AND
/// at_ns >= since` is exact), `(code)` indexes code over time (SQLite appends the row
/// key), and the category table is keyed by (category, time). Every index but the
/// reference one is appended to at its end, which is what makes batches cheap.
pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS incidents (
    seq           INTEGER PRIMARY KEY,
    bucket        INTEGER NOT NULL,
    short_key     INTEGER NOT NULL,
    id            TEXT    NOT NULL,
    short_ref     TEXT    NOT NULL,
    at_ns         INTEGER NOT NULL,
    kind          TEXT    NOT NULL,
    route         TEXT,
    public_status INTEGER NOT NULL,
    code          TEXT    NOT NULL,
    size          INTEGER NOT NULL,
    record        TEXT    NOT NULL
);
-- Lookup by request ID and by short reference both go through the 50-bit short key
-- (a function of the ID). The key is random, and a random index costs one page write
-- per insert once it outgrows a batch; prefixing it with the insertion bucket
-- (the row's ordinal >> BUCKET_SHIFT) keeps every batch inside one small sub-tree, and
-- lookups visit each bucket's sub-tree once.
CREATE INDEX IF NOT EXISTS incidents_by_ref  ON incidents(bucket, short_key);
CREATE INDEX IF NOT EXISTS incidents_by_code ON incidents(code);
CREATE TABLE IF NOT EXISTS incident_categories (
    category TEXT    NOT NULL,
    seq      INTEGER NOT NULL,
    PRIMARY KEY (category, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS store_meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS pipeline_counters (
    sink       TEXT    NOT NULL,
    host       TEXT    NOT NULL,
    started_ns INTEGER NOT NULL,
    updated_ns INTEGER NOT NULL,
    submitted  INTEGER NOT NULL,
    stored     INTEGER NOT NULL,
    dropped    INTEGER NOT NULL,
    failed     INTEGER NOT NULL,
    PRIMARY KEY (sink, host, started_ns)
);
";
