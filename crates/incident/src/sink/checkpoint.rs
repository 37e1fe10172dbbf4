//! The embedded store's checkpointer: copies the WAL into the database on its own thread.

use super::SinkError;
use rusqlite::Connection;
use std::path::Path;
use std::time::Duration;

/// How long the checkpointer waits for a nudge before checkpointing anyway.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(250);

/// Incidents written between nudges (~12 MiB of WAL). Each checkpoint copies the latest
/// version of every page written since the last one, so the pages every batch rewrites
/// (index tails, the table's last leaf) are copied once per eight batches instead of
/// once per batch; the WAL stays far below `journal_size_limit`.
const CHECKPOINT_AFTER: usize = 8 * 1024;

/// A thread with its own connection that runs passive WAL checkpoints after batches.
pub(crate) struct Checkpointer {
    nudge: Option<crossbeam_channel::Sender<()>>,
    /// Incidents written since the last nudge.
    unchecked: usize,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread with its own connection to the store at `path`.
    pub(crate) fn start(path: &Path) -> Result<Self, SinkError> {
        let connection = Connection::open(path)?;
        connection.busy_timeout(Duration::from_secs(2))?;
        let (nudge, nudged) = crossbeam_channel::bounded::<()>(1);
        let thread = std::thread::Builder::new()
            .name("tightlip-checkpoint".to_owned())
            .spawn(move || {
                // A nudge or a timeout both mean "checkpoint now"; a closed channel
                // means the sink is gone.
                while !matches!(
                    nudged.recv_timeout(CHECKPOINT_EVERY),
                    Err(crossbeam_channel::RecvTimeoutError::Disconnected)
                ) {
                    // PASSIVE never blocks the writer; a failure is retried next time and
                    // the writer's own batches report real trouble.
                    let _ = connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
                }
                let _ = connection.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
            })
            .map_err(|error| SinkError::io("starting the checkpoint thread", error))?;
        Ok(Self {
            nudge: Some(nudge),
            unchecked: 0,
            thread: Some(thread),
        })
    }

    /// Counts a written batch, and asks for a checkpoint once enough piled up; never
    /// waits.
    pub(crate) fn wrote(&mut self, incidents: usize) {
        self.unchecked += incidents;
        if self.unchecked >= CHECKPOINT_AFTER
            && let Some(nudge) = &self.nudge
        {
            self.unchecked = 0;
            let _ = nudge.try_send(());
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.nudge.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
