//! The embedded store's writer: batched inserts into SQLite with retention.

use super::{IncidentSink, SinkError};
use crate::pipeline::LaneStats;
use crate::store::schema;
use crate::{Incident, Retention};
use rusqlite::{Connection, params};
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
    /// The sequence number the next incident gets; explicit so its bucket is known.
    next_seq: i64,
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
        // A corrupt file can open fine and fail on first real use; find out now.
        let check: String = connection.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
        if check != "ok" {
            return Err(SinkError::Store(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some(format!(
                    "integrity check of {} failed: {check}",
                    path.display()
                )),
            )));
        }
        let stored_bytes: i64 =
            connection.query_row("SELECT COALESCE(SUM(size), 0) FROM incidents", [], |row| {
                row.get(0)
            })?;
        let next_seq: i64 = connection.query_row(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM incidents",
            [],
            |row| row.get(0),
        )?;
        Ok(Self {
            next_seq,
            path: path.to_owned(),
            connection,
            retention,
            stored_bytes: u64::try_from(stored_bytes).unwrap_or(0),
            last_retention: Instant::now(),
            host: crate::host_name(),
            started_ns: crate::now_ns(),
        })
    }

    /// Deletes what retention no longer keeps; returns the number of incidents removed.
    pub fn apply_retention(&mut self, now_ns: i64) -> Result<usize, SinkError> {
        self.last_retention = Instant::now();
        let mut cutoff_seq: Option<i64> = None;
        if let Some(max_age) = self.retention.max_age {
            let oldest_kept =
                now_ns.saturating_sub(i64::try_from(max_age.as_nanos()).unwrap_or(i64::MAX));
            let seq: Option<i64> = self.connection.query_row(
                "SELECT MAX(seq) FROM incidents WHERE at_ns < ?1",
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
        transaction.execute("DELETE FROM incident_categories WHERE seq <= ?1", [cutoff])?;
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
        let mut added_rows = 0usize;
        {
            let mut insert = transaction.prepare_cached(
                "INSERT INTO incidents (seq, bucket, short_key, id, short_ref, at_ns, kind, route, public_status, code, size, record)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            let mut categorise = transaction.prepare_cached(
                "INSERT INTO incident_categories (seq, category, at_ns) VALUES (?1, ?2, ?3)",
            )?;
            for incident in batch {
                let record = incident.to_json();
                let size = record.len();
                let seq = self.next_seq + i64::try_from(added_rows).unwrap_or(0);
                added_rows += 1;
                insert.execute(params![
                    seq,
                    seq >> schema::BUCKET_SHIFT,
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
                for category in incident.categories() {
                    categorise.execute(params![seq, category, incident.at_ns])?;
                }
                added += size as u64;
            }
        }
        transaction.commit()?;
        self.stored_bytes += added;
        self.next_seq += i64::try_from(added_rows).unwrap_or(0);
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
