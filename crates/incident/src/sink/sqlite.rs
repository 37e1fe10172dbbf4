//! The embedded store's writer: batched inserts into SQLite with retention.

use super::checkpoint::Checkpointer;
use super::{IncidentSink, SinkError};
use crate::pipeline::LaneStats;
use crate::store::row::RecordBody;
use crate::store::schema;
use crate::{Incident, Retention};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How often retention runs at most; deleting is cheap but not free.
const RETENTION_EVERY: Duration = Duration::from_secs(5);

/// Writes incidents to the embedded SQLite store.
pub struct SqliteSink {
    path: PathBuf,
    connection: Connection,
    retention: Retention,
    /// Sum of stored record sizes, kept in memory so byte retention needs no full scan.
    stored_bytes: u64,
    last_retention: Instant,
    host: String,
    started_ns: i64,
    /// The least row key the next incident may get: keys are times in ns that only grow
    /// (see `store::schema`).
    next_key: i64,
    /// How many incidents the store has taken: the next one's bucket in the reference
    /// index is this >> `BUCKET_SHIFT`.
    next_ordinal: i64,
    /// Copies the WAL into the database on its own thread.
    checkpointer: Checkpointer,
    /// Reused for each record's JSON, so a batch does not allocate per incident.
    record: RecordBuffer,
}

impl std::fmt::Debug for SqliteSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteSink")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl SqliteSink {
    /// Opens or creates the store at `path`, creating its directory.
    pub fn open(path: &Path, retention: Retention) -> Result<Self, SinkError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|error| {
                SinkError::io(
                    format!("creating store directory {}", parent.display()),
                    error,
                )
            })?;
        }
        let connection = Connection::open(path)?;
        schema::prepare_for_writing(&connection)?;
        // Reading the schema and the meta row fails at once on a file that is not a
        // sound store; damage deeper inside fails a batch later and degrades the sink.
        let stored_bytes: Option<i64> = connection
            .query_row(
                "SELECT value FROM store_meta WHERE key = 'bytes'",
                [],
                |row| row.get(0),
            )
            .optional()?;
        let stored_bytes = match stored_bytes {
            Some(bytes) => bytes,
            // First open of this file (or of one from before the meta table): count once.
            None => connection.query_row(
                "INSERT INTO store_meta (key, value)
                 SELECT 'bytes', COALESCE(SUM(size), 0) FROM incidents RETURNING value",
                [],
                |row| row.get(0),
            )?,
        };
        let last_key: Option<i64> =
            connection.query_row("SELECT MAX(seq) FROM incidents", [], |row| row.get(0))?;
        let last_bucket: Option<i64> =
            connection.query_row("SELECT MAX(bucket) FROM incidents", [], |row| row.get(0))?;
        let next_ordinal = match last_bucket {
            // Retention may have emptied part of the last bucket; lookups do not care how
            // full a bucket is, so continuing at its count is enough.
            Some(bucket) => {
                let in_bucket: i64 = connection.query_row(
                    "SELECT COUNT(*) FROM incidents WHERE bucket = ?1",
                    [bucket],
                    |row| row.get(0),
                )?;
                (bucket << schema::BUCKET_SHIFT) + in_bucket
            }
            None => 0,
        };
        let checkpointer = Checkpointer::start(path)?;
        Ok(Self {
            record: RecordBuffer(Vec::with_capacity(4096)),
            checkpointer,
            next_key: last_key.map_or(i64::MIN, |key| key.saturating_add(1)),
            next_ordinal,
            path: path.to_owned(),
            connection,
            retention,
            stored_bytes: u64::try_from(stored_bytes).unwrap_or(0),
            last_retention: Instant::now(),
            host: crate::host_name(),
            started_ns: crate::now_ns(),
        })
    }

    /// Commits a small marker row, proving the store takes writes right now (disk space,
    /// locks, permissions); `tightlip doctor` uses it.
    pub fn probe(&mut self) -> Result<(), SinkError> {
        self.connection.execute(
            "INSERT INTO store_meta (key, value) VALUES ('probed_ns', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [crate::now_ns()],
        )?;
        Ok(())
    }

    /// Deletes what retention no longer keeps; returns the number of incidents removed.
    pub fn apply_retention(&mut self, now_ns: i64) -> Result<usize, SinkError> {
        self.last_retention = Instant::now();
        let mut cutoff_seq: Option<i64> = None;
        if let Some(max_age) = self.retention.max_age {
            let oldest_kept =
                now_ns.saturating_sub(i64::try_from(max_age.as_nanos()).unwrap_or(i64::MAX));
            // A row's key is never before its time, so every key below the limit belongs
            // to an incident older than it; one that arrived late (key bumped past its
            // time) goes once its key is old enough.
            let seq: Option<i64> = self.connection.query_row(
                "SELECT MAX(seq) FROM incidents WHERE seq < ?1",
                [oldest_kept],
                |row| row.get(0),
            )?;
            cutoff_seq = cutoff_seq.max(seq);
        }
        if let Some(max_rows) = self.retention.max_rows {
            let seq: Option<i64> = self
                .connection
                .query_row(
                    "SELECT seq FROM incidents ORDER BY seq DESC LIMIT 1 OFFSET ?1",
                    [i64::try_from(max_rows).unwrap_or(i64::MAX)],
                    |row| row.get(0),
                )
                .map(Some)
                .or_else(|error| match error {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    other => Err(other),
                })?;
            cutoff_seq = cutoff_seq.max(seq);
        }
        if let Some(max_bytes) = self.retention.max_bytes
            && self.stored_bytes > max_bytes
        {
            let excess = self.stored_bytes - max_bytes;
            let mut statement = self
                .connection
                .prepare("SELECT seq, size FROM incidents ORDER BY seq")?;
            let mut rows = statement.query([])?;
            let mut freed = 0u64;
            while let Some(row) = rows.next()? {
                let size: i64 = row.get(1)?;
                freed += u64::try_from(size).unwrap_or(0);
                if freed >= excess {
                    cutoff_seq = cutoff_seq.max(Some(row.get(0)?));
                    break;
                }
            }
        }
        let Some(cutoff) = cutoff_seq else {
            return Ok(0);
        };
        let transaction = self.connection.transaction()?;
        let freed: i64 = transaction.query_row(
            "SELECT COALESCE(SUM(size), 0) FROM incidents WHERE seq <= ?1",
            [cutoff],
            |row| row.get(0),
        )?;
        {
            // Categories are keyed by (category, seq): delete a range per category, found
            // by skipping from one category to the next through the key.
            let mut categories = transaction.prepare_cached(
                "WITH RECURSIVE names(name) AS (
                     SELECT MIN(category) FROM incident_categories
                     UNION ALL
                     SELECT (SELECT MIN(category) FROM incident_categories WHERE category > name)
                     FROM names WHERE name IS NOT NULL
                 )
                 SELECT name FROM names WHERE name IS NOT NULL",
            )?;
            let names = categories
                .query_map([], |row| row.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            let mut delete = transaction.prepare_cached(
                "DELETE FROM incident_categories WHERE category = ?1 AND seq <= ?2",
            )?;
            for name in names {
                delete.execute(params![name, cutoff])?;
            }
        }
        transaction.execute(
            "UPDATE store_meta SET value = MAX(0, value - ?1) WHERE key = 'bytes'",
            [freed],
        )?;
        let removed = transaction.execute("DELETE FROM incidents WHERE seq <= ?1", [cutoff])?;
        transaction.commit()?;
        self.stored_bytes = self
            .stored_bytes
            .saturating_sub(u64::try_from(freed).unwrap_or(0));
        Ok(removed)
    }
}

impl IncidentSink for SqliteSink {
    fn name(&self) -> &'static str {
        "sqlite"
    }

    fn write_batch(&mut self, batch: &[Arc<Incident>]) -> Result<(), SinkError> {
        let transaction = self.connection.transaction()?;
        let mut added = 0u64;
        let mut added_rows = 0i64;
        let mut next_key = self.next_key;
        {
            let mut insert = transaction.prepare_cached(
                "INSERT INTO incidents (seq, bucket, short_key, id, short_ref, at_ns, kind, route, public_status, code, size, record)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            let mut categorise = transaction.prepare_cached(
                "INSERT INTO incident_categories (category, seq) VALUES (?1, ?2)",
            )?;
            for incident in batch {
                self.record.0.clear();
                serde_json::to_writer(&mut self.record, &RecordBody::from(&**incident))
                    .expect("incidents are plain data");
                let record = std::str::from_utf8(&self.record.0).expect("serde_json writes UTF-8");
                // What byte retention counts: the record and the text the columns hold.
                let size = record.len()
                    + incident.id.len()
                    + incident.short_ref.len()
                    + incident.kind.as_str().len()
                    + incident.route.as_ref().map_or(0, String::len)
                    + incident.code.len();
                let seq = incident.at_ns.max(next_key);
                next_key = seq.saturating_add(1);
                insert.execute(params![
                    seq,
                    (self.next_ordinal + added_rows) >> schema::BUCKET_SHIFT,
                    crate::store::short_key(incident),
                    incident.id,
                    incident.short_ref,
                    incident.at_ns,
                    incident.kind.as_str(),
                    incident.route,
                    incident.public_status,
                    incident.code,
                    i64::try_from(size).unwrap_or(i64::MAX),
                    record,
                ])?;
                added_rows += 1;
                for category in incident.categories() {
                    categorise.execute(params![category, seq])?;
                }
                added += size as u64;
            }
        }
        transaction.execute(
            "UPDATE store_meta SET value = value + ?1 WHERE key = 'bytes'",
            [i64::try_from(added).unwrap_or(i64::MAX)],
        )?;
        transaction.commit()?;
        self.checkpointer.wrote(batch.len());
        self.stored_bytes += added;
        self.next_key = next_key;
        self.next_ordinal += added_rows;
        Ok(())
    }

    fn maintain(&mut self, stats: &LaneStats) -> Result<(), SinkError> {
        self.connection.execute(
            "INSERT INTO pipeline_counters (sink, host, started_ns, updated_ns, submitted, stored, dropped, failed)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (sink, host, started_ns) DO UPDATE SET
               updated_ns = excluded.updated_ns, submitted = excluded.submitted,
               stored = excluded.stored, dropped = excluded.dropped, failed = excluded.failed",
            params![
                stats.sink,
                self.host,
                self.started_ns,
                crate::now_ns(),
                stats.submitted,
                stats.stored,
                stats.dropped,
                stats.failed,
            ],
        )?;
        if self.last_retention.elapsed() >= RETENTION_EVERY {
            self.apply_retention(crate::now_ns())?;
        }
        Ok(())
    }
}

/// Where records are serialised: a `Vec` whose one-byte writes (quotes, commas, colons:
/// half of serde_json's writes) are a push instead of a call to `memcpy`.
struct RecordBuffer(Vec<u8>);

impl std::io::Write for RecordBuffer {
    #[inline]
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if let [byte] = bytes {
            self.0.push(*byte);
        } else {
            self.0.extend_from_slice(bytes);
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
