//! Moving a store written by an older tightlip to the current layout, in place.

use super::schema::{BUCKET_SHIFT, LAYOUT, SCHEMA};
use rusqlite::{Connection, params};

/// Rewrites a layout 0 store as layout 1 in one transaction: a crash or kill midway
/// leaves layout 0 as it was, and the next open migrates again.
///
/// Layout 0 keyed rows by insertion count; layout 1 keys them by time (see
/// `schema::SCHEMA`), so every row is copied with its new key, in the old order.
pub(crate) fn from_layout_0(connection: &Connection) -> rusqlite::Result<()> {
    let transaction = connection.unchecked_transaction()?;
    transaction.execute_batch(
        "ALTER TABLE incidents RENAME TO incidents_layout_0;
         ALTER TABLE incident_categories RENAME TO incident_categories_layout_0;
         DROP INDEX IF EXISTS incidents_by_ref;
         DROP INDEX IF EXISTS incidents_by_time;
         DROP INDEX IF EXISTS incidents_by_code;
         DROP INDEX IF EXISTS incident_categories_by_category;",
    )?;
    transaction.execute_batch(SCHEMA)?;
    {
        let mut old_rows =
            transaction.prepare("SELECT seq, at_ns FROM incidents_layout_0 ORDER BY seq")?;
        let mut copy_row = transaction.prepare(
            "INSERT INTO incidents (seq, bucket, short_key, id, short_ref, at_ns, kind, route, public_status, code, size, record)
             SELECT ?1, ?2, short_key, id, short_ref, at_ns, kind, route, public_status, code, size, record
             FROM incidents_layout_0 WHERE seq = ?3",
        )?;
        // Layout 0 indexed its categories by row, so this is one lookup per row.
        let mut copy_categories = transaction.prepare(
            "INSERT OR IGNORE INTO incident_categories (category, seq)
             SELECT category, ?1 FROM incident_categories_layout_0 WHERE seq = ?2",
        )?;
        let mut rows = old_rows.query([])?;
        let mut next_key = i64::MIN;
        let mut ordinal = 0i64;
        while let Some(row) = rows.next()? {
            let (old_seq, at_ns): (i64, i64) = (row.get(0)?, row.get(1)?);
            let key = at_ns.max(next_key);
            copy_row.execute(params![key, ordinal >> BUCKET_SHIFT, old_seq])?;
            copy_categories.execute(params![key, old_seq])?;
            next_key = key.saturating_add(1);
            ordinal += 1;
        }
    }
    transaction.execute_batch(
        "DROP TABLE incidents_layout_0;
         DROP TABLE incident_categories_layout_0;",
    )?;
    transaction.pragma_update(None, "user_version", LAYOUT)?;
    transaction.commit()
}
