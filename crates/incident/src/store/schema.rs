//! The embedded store's schema, shared by the writer and the readers.

use rusqlite::Connection;

/// Creates the tables and indexes if missing and sets the pragmas the writer relies on.
pub(crate) fn prepare_for_writing(connection: &Connection) -> rusqlite::Result<()> {
    // WAL lets readers (the CLI, the admin endpoint) query while the writer appends;
    // NORMAL sync in WAL mode loses at most the last transactions on power loss, never
    // corrupts, which matches "loses at most the batch in flight".
    connection.pragma_update(None, "journal_mode", "WAL")?;
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    connection.busy_timeout(std::time::Duration::from_secs(2))?;
    connection.execute_batch(SCHEMA)
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS incidents (
    seq           INTEGER PRIMARY KEY,
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
CREATE INDEX IF NOT EXISTS incidents_by_id        ON incidents(id);
CREATE INDEX IF NOT EXISTS incidents_by_short_ref ON incidents(short_ref);
CREATE INDEX IF NOT EXISTS incidents_by_time      ON incidents(at_ns);
CREATE INDEX IF NOT EXISTS incidents_by_code      ON incidents(code, at_ns);
CREATE TABLE IF NOT EXISTS incident_categories (
    seq      INTEGER NOT NULL,
    category TEXT    NOT NULL,
    at_ns    INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS incident_categories_by_category ON incident_categories(category, at_ns);
CREATE INDEX IF NOT EXISTS incident_categories_by_seq      ON incident_categories(seq);
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
