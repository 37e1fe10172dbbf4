//! Lists and statistics over the embedded store.

use super::{Store, StoreError};
use crate::IncidentKind;
use rusqlite::types::Value;
use serde::Serialize;
use std::str::FromStr;

/// Which incidents a list or stats query covers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only incidents at or after this time (ns since the epoch).
    pub since_ns: Option<i64>,
    /// Only this kind.
    pub kind: Option<IncidentKind>,
    /// Only this public status or status class.
    pub status: Option<StatusFilter>,
    /// Only incidents with a finding of this category.
    pub category: Option<String>,
    /// Only this catalog code.
    pub code: Option<String>,
    /// At most this many rows (lists only); 0 means the default of 50.
    pub limit: usize,
}

/// A public status (`503`) or class (`5xx`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    /// Exactly this status.
    Exact(u16),
    /// Any status of this hundred, `5` for 5xx.
    Class(u16),
}

/// The text is not a status or status class.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a status; expected 400-599 or a class like 4xx or 5xx")]
pub struct InvalidStatusFilter(pub String);

impl FromStr for StatusFilter {
    type Err = InvalidStatusFilter;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidStatusFilter(text.to_owned());
        let lower = text.to_ascii_lowercase();
        if let Some(class) = lower.strip_suffix("xx") {
            return match class {
                "4" => Ok(StatusFilter::Class(4)),
                "5" => Ok(StatusFilter::Class(5)),
                _ => Err(invalid()),
            };
        }
        match lower.parse::<u16>() {
            Ok(status) if (400..600).contains(&status) => Ok(StatusFilter::Exact(status)),
            _ => Err(invalid()),
        }
    }
}

/// One line of an incident list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IncidentSummary {
    /// Request ID.
    pub id: String,
    /// Short reference.
    pub short_ref: String,
    /// Time, ns since the epoch.
    pub at_ns: i64,
    /// Kind.
    pub kind: String,
    /// Status the caller saw.
    pub public_status: u16,
    /// Code the caller saw.
    pub code: String,
    /// Route, if known.
    pub route: Option<String>,
    /// Finding categories.
    pub categories: Vec<String>,
}

/// Counts over a time window: what teams watch for spikes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoreStats {
    /// Incidents in the window.
    pub total: u64,
    /// Count per kind, largest first.
    pub by_kind: Vec<(String, u64)>,
    /// Count per catalog code, largest first.
    pub by_code: Vec<(String, u64)>,
    /// Count per route, largest first (top 20).
    pub by_route: Vec<(String, u64)>,
    /// Count per detector category, largest first.
    pub by_category: Vec<(String, u64)>,
    /// Incidents per time bucket: start (ns since the epoch) and count, oldest first,
    /// with empty buckets as 0 (from the window's start, or the first incident, to the
    /// last incident), so a spike stands out against its quiet neighbours.
    pub buckets: Vec<(i64, u64)>,
    /// Bucket width in seconds.
    pub bucket_seconds: u64,
    /// The latest pipeline counters each writer saved: sink, host, submitted, stored,
    /// dropped, failed.
    pub pipeline: Vec<PipelineCounters>,
}

/// Pipeline counters a writer saved into the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PipelineCounters {
    /// Sink name.
    pub sink: String,
    /// Host that ran the pipeline.
    pub host: String,
    /// When that pipeline started, ns since the epoch.
    pub started_ns: i64,
    /// Incidents submitted.
    pub submitted: u64,
    /// Incidents stored.
    pub stored: u64,
    /// Incidents dropped.
    pub dropped: u64,
    /// Incidents that failed and went to the fallback.
    pub failed: u64,
}

/// A WHERE clause with its parameters.
fn conditions(filter: &Filter) -> (String, Vec<Value>) {
    let mut clauses = vec!["1 = 1".to_owned()];
    let mut params = Vec::new();
    if let Some(since) = filter.since_ns {
        params.push(Value::Integer(since));
        // Row keys are never before the incident's time (`schema::SCHEMA`), so the key
        // range finds every candidate through the table's own B-tree and `at_ns` makes
        // the answer exact.
        clauses.push(format!("i.seq >= ?{0} AND i.at_ns >= ?{0}", params.len()));
    }
    if let Some(kind) = filter.kind {
        params.push(Value::Text(kind.as_str().to_owned()));
        clauses.push(format!("i.kind = ?{}", params.len()));
    }
    match filter.status {
        Some(StatusFilter::Exact(status)) => {
            params.push(Value::Integer(i64::from(status)));
            clauses.push(format!("i.public_status = ?{}", params.len()));
        }
        Some(StatusFilter::Class(class)) => {
            params.push(Value::Integer(i64::from(class)));
            clauses.push(format!("i.public_status / 100 = ?{}", params.len()));
        }
        None => {}
    }
    if let Some(code) = &filter.code {
        params.push(Value::Text(code.clone()));
        clauses.push(format!("i.code = ?{}", params.len()));
    }
    if let Some(category) = &filter.category {
        params.push(Value::Text(category.clone()));
        clauses.push(format!(
            "i.seq IN (SELECT seq FROM incident_categories WHERE category = ?{})",
            params.len()
        ));
    }
    (clauses.join(" AND "), params)
}

/// Most buckets a stats answer holds once empty ones are filled in.
const MAX_BUCKETS: i64 = 10_000;

/// Fills the gaps between counted buckets with zeros, starting at the window's start.
fn with_empty_buckets(
    counted: Vec<(i64, u64)>,
    since_ns: Option<i64>,
    width: i64,
) -> Vec<(i64, u64)> {
    let Some(&(last, _)) = counted.last() else {
        return counted;
    };
    let first = since_ns.map_or(counted[0].0, |since| (since / width) * width);
    let first = first.max(last - (MAX_BUCKETS - 1) * width);
    let mut filled = Vec::with_capacity(usize::try_from((last - first) / width + 1).unwrap_or(0));
    let mut counted = counted
        .into_iter()
        .filter(|&(start, _)| start >= first)
        .peekable();
    let mut start = first;
    while start <= last {
        let count = match counted.peek() {
            Some(&(at, count)) if at == start => {
                counted.next();
                count
            }
            _ => 0,
        };
        filled.push((start, count));
        start += width;
    }
    filled
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

impl Store {
    /// The newest incidents matching `filter`.
    pub fn list(&self, filter: &Filter) -> Result<Vec<IncidentSummary>, StoreError> {
        let (clause, mut params) = conditions(filter);
        let limit = if filter.limit == 0 { 50 } else { filter.limit };
        params.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        let sql = format!(
            "SELECT i.id, i.short_ref, i.at_ns, i.kind, i.public_status, i.code, i.route,
                    (SELECT group_concat(json_extract(f.value, '$.category'), ',')
                     FROM json_each(i.record, '$.findings') f)
             FROM incidents i WHERE {clause} ORDER BY i.seq DESC LIMIT ?{}",
            params.len()
        );
        let mut statement = self.connection.prepare(&sql).map_err(|e| self.error(e))?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(params), |row| {
                let categories: Option<String> = row.get(7)?;
                let mut categories: Vec<String> = categories
                    .unwrap_or_default()
                    .split(',')
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect();
                categories.sort();
                categories.dedup();
                Ok(IncidentSummary {
                    id: row.get(0)?,
                    short_ref: row.get(1)?,
                    at_ns: row.get(2)?,
                    kind: row.get(3)?,
                    public_status: row.get(4)?,
                    code: row.get(5)?,
                    route: row.get(6)?,
                    categories,
                })
            })
            .map_err(|e| self.error(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.error(e))
    }

    /// Counts per kind, code, route and category, and a time series, over `filter`.
    pub fn stats(&self, filter: &Filter, bucket_seconds: u64) -> Result<StoreStats, StoreError> {
        let bucket_seconds = bucket_seconds.max(1);
        let grouped = |column: &str, limit: u32| -> Result<Vec<(String, u64)>, StoreError> {
            let (clause, params) = conditions(filter);
            let sql = format!(
                "SELECT COALESCE({column}, '-'), COUNT(*) FROM incidents i WHERE {clause}
                 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {limit}"
            );
            self.pairs(&sql, params)
        };
        let by_kind = grouped("i.kind", 100)?;
        let by_code = grouped("i.code", 100)?;
        let by_route = grouped("i.route", 20)?;
        let (clause, params) = conditions(filter);
        let by_category = self.pairs(
            &format!(
                "SELECT c.category, COUNT(*) FROM incident_categories c JOIN incidents i ON i.seq = c.seq
                 WHERE {clause} GROUP BY 1 ORDER BY 2 DESC, 1"
            ),
            params,
        )?;
        let width = i64::try_from(bucket_seconds).unwrap_or(i64::MAX) * 1_000_000_000;
        let (clause, params) = conditions(filter);
        let sql = format!(
            "SELECT (i.at_ns / {width}) * {width}, COUNT(*) FROM incidents i WHERE {clause}
             GROUP BY 1 ORDER BY 1"
        );
        let mut statement = self.connection.prepare(&sql).map_err(|e| self.error(e))?;
        let buckets = statement
            .query_map(rusqlite::params_from_iter(params), |row| {
                Ok((row.get::<_, i64>(0)?, count(row.get(1)?)))
            })
            .map_err(|e| self.error(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.error(e))?;
        let buckets = with_empty_buckets(buckets, filter.since_ns, width);
        let total = by_kind.iter().map(|(_, n)| n).sum();
        Ok(StoreStats {
            total,
            by_kind,
            by_code,
            by_route,
            by_category,
            buckets,
            bucket_seconds,
            pipeline: self.pipeline_counters()?,
        })
    }

    fn pairs(&self, sql: &str, params: Vec<Value>) -> Result<Vec<(String, u64)>, StoreError> {
        let mut statement = self.connection.prepare(sql).map_err(|e| self.error(e))?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(params), |row| {
                Ok((row.get::<_, String>(0)?, count(row.get(1)?)))
            })
            .map_err(|e| self.error(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.error(e))
    }

    fn pipeline_counters(&self) -> Result<Vec<PipelineCounters>, StoreError> {
        let mut statement = self
            .connection
            .prepare(
                "SELECT sink, host, started_ns, submitted, stored, dropped, failed
                 FROM pipeline_counters ORDER BY updated_ns DESC LIMIT 10",
            )
            .map_err(|e| self.error(e))?;
        let rows = statement
            .query_map([], |row| {
                Ok(PipelineCounters {
                    sink: row.get(0)?,
                    host: row.get(1)?,
                    started_ns: row.get(2)?,
                    submitted: count(row.get(3)?),
                    stored: count(row.get(4)?),
                    dropped: count(row.get(5)?),
                    failed: count(row.get(6)?),
                })
            })
            .map_err(|e| self.error(e))?;
        rows.collect::<Result<_, _>>().map_err(|e| self.error(e))
    }
}
