//! JSON Lines files with size-based rotation and reopen on SIGHUP, for log shippers.

use super::{IncidentSink, SinkError};
use crate::Incident;
use crate::pipeline::LaneStats;
use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Settings of a JSON Lines sink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonlConfig {
    /// The live file; rotated files get `.1`, `.2`, ... appended.
    pub path: PathBuf,
    /// Rotate before the live file grows past this many bytes.
    pub max_bytes: u64,
    /// Rotated files kept besides the live one.
    pub keep: u32,
}

impl JsonlConfig {
    /// 100 MiB files, five kept.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            max_bytes: 100 << 20,
            keep: 5,
        }
    }
}

/// Appends one JSON object per line; rotates by size; reopens when asked (SIGHUP).
#[derive(Debug)]
pub struct JsonlSink {
    config: JsonlConfig,
    file: BufWriter<File>,
    size: u64,
    reopen: Arc<AtomicBool>,
}

impl JsonlSink {
    /// Opens (appending) or creates the live file and its directory.
    pub fn open(config: JsonlConfig) -> Result<Self, SinkError> {
        let (file, size) = open_append(&config.path)?;
        Ok(Self {
            config,
            file,
            size,
            reopen: Arc::new(AtomicBool::new(false)),
        })
    }

    /// Reopens the file whenever the process gets SIGHUP, as logrotate expects.
    pub fn reopen_on_sighup(self) -> Result<Self, SinkError> {
        #[cfg(unix)]
        signal_hook::flag::register(signal_hook::consts::SIGHUP, Arc::clone(&self.reopen))
            .map_err(|error| SinkError::io("registering SIGHUP", error))?;
        Ok(self)
    }

    /// Uses `flag` (set by a signal handler registered once) instead of its own, so a sink
    /// reopened many times registers no new handler each time.
    #[must_use]
    pub fn with_reopen_flag(mut self, flag: Arc<AtomicBool>) -> Self {
        self.reopen = flag;
        self
    }

    /// A flag that makes the sink reopen its file before the next write.
    pub fn reopen_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.reopen)
    }

    fn reopen_now(&mut self) -> Result<(), SinkError> {
        self.flush()?;
        let (file, size) = open_append(&self.config.path)?;
        self.file = file;
        self.size = size;
        Ok(())
    }

    fn rotate(&mut self) -> Result<(), SinkError> {
        self.flush()?;
        let path = &self.config.path;
        let numbered = |n: u32| PathBuf::from(format!("{}.{n}", path.display()));
        if self.config.keep == 0 {
            remove_if_present(path)?;
        } else {
            remove_if_present(&numbered(self.config.keep))?;
            for n in (1..self.config.keep).rev() {
                rename_if_present(&numbered(n), &numbered(n + 1))?;
            }
            rename_if_present(path, &numbered(1))?;
        }
        self.reopen_now()
    }

    fn flush(&mut self) -> Result<(), SinkError> {
        self.file.flush().map_err(|error| {
            SinkError::io(format!("writing {}", self.config.path.display()), error)
        })
    }
}

fn open_append(path: &Path) -> Result<(BufWriter<File>, u64), SinkError> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|error| SinkError::io(format!("creating {}", parent.display()), error))?;
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|error| SinkError::io(format!("opening {}", path.display()), error))?;
    let size = file
        .metadata()
        .map_err(|error| SinkError::io(format!("reading {}", path.display()), error))?
        .len();
    Ok((BufWriter::with_capacity(64 << 10, file), size))
}

fn remove_if_present(path: &Path) -> Result<(), SinkError> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Err(SinkError::io(format!("removing {}", path.display()), error))
        }
        _ => Ok(()),
    }
}

fn rename_if_present(from: &Path, to: &Path) -> Result<(), SinkError> {
    match std::fs::rename(from, to) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(SinkError::io(
            format!("renaming {} to {}", from.display(), to.display()),
            error,
        )),
        _ => Ok(()),
    }
}

impl IncidentSink for JsonlSink {
    fn name(&self) -> &'static str {
        "jsonl"
    }

    fn write_batch(&mut self, batch: &[Arc<Incident>]) -> Result<(), SinkError> {
        if self.reopen.swap(false, Ordering::AcqRel) {
            self.reopen_now()?;
        }
        for incident in batch {
            let mut line = incident.to_json();
            line.push('\n');
            let length = line.len() as u64;
            if self.size > 0 && self.size + length > self.config.max_bytes {
                self.rotate()?;
            }
            self.file.write_all(line.as_bytes()).map_err(|error| {
                SinkError::io(format!("writing {}", self.config.path.display()), error)
            })?;
            self.size += length;
        }
        self.flush()
    }

    fn maintain(&mut self, _stats: &LaneStats) -> Result<(), SinkError> {
        if self.reopen.swap(false, Ordering::AcqRel) {
            self.reopen_now()?;
        }
        Ok(())
    }
}
