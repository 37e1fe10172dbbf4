//! The embedded store's schema, shared by the writer and the readers.

use rusqlite::Connection;

/// Rows per bucket of the reference index; see `incidents_by_ref` below.
pub(crate) const BUCKET_SHIFT: u32 = 14;

/// Creates the tables and indexes if missing and sets the pragmas the writer relies on.
pub(crate) fn prepare_for_writing(connection: &Connection) -> rusqlite::Result<()> {
    // WAL lets readers (the CLI, the admin endpoint) query while the writer appends;
    // NORMAL sync in WAL mode loses at most the last transactions on power loss, never
    // corrupts, which matches "loses at most the batch in flight".
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
    connection.execute_batch(SCHEMA)
}

const SCHEMA: &str = "
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
-- (seq >> BUCKET_SHIFT) keeps every batch inside one small sub-tree, and lookups visit
-- each bucket's sub-tree once.
CREATE INDEX IF NOT EXISTS incidents_by_ref       ON incidents(bucket, short_key);
CREATE INDEX IF NOT EXISTS incidents_by_time      ON incidents(at_ns);
CREATE INDEX IF NOT EXISTS incidents_by_code      ON incidents(code, at_ns);
CREATE TABLE IF NOT EXISTS incident_categories (
    seq      INTEGER NOT NULL,
    category TEXT    NOT NULL,
    at_ns    INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS incident_categories_by_category ON incident_categories(category, at_ns);
CREATE INDEX IF NOT EXISTS incident_categories_by_seq      ON incident_categories(seq);
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
