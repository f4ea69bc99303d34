//! The append-only logs beside the group file (the sent log, the inbox log):
//! opened under an exclusive lock that two runs never share, read whole, and
//! repaired when a crash tore the last line. Each log parses its own lines.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The file `<stem>.<ext>` beside the group file: `group.sent.log`,
/// `group.inbox.log`, `group.daily.log` for `group.toml`.
pub fn beside(group_file: &Path, ext: &str) -> PathBuf {
    let stem = group_file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "group".to_string());
    group_file.with_file_name(format!("{stem}.{ext}"))
}

/// A log opened for appending and locked until the file is dropped, with
/// its bytes as they were.
pub struct Journal {
    pub file: File,
    pub bytes: Vec<u8>,
}

/// Opens (or creates) the log at `path` and locks it; fails at once when
/// another process holds the lock: "another `{busy}` is running", with
/// `hint` as the help line.
pub fn open(path: &Path, busy: &str, hint: &str) -> Result<Journal> {
    // 0600 when created: the logs hold addresses.
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| Error::io("open", path, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            return Err(Error::failed_with(
                format!("another `{busy}` is running: {} is locked", path.display()),
                hint,
            ));
        }
        Err(TryLockError::Error(e)) => return Err(Error::io("lock", path, e)),
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)
        .map_err(|e| Error::io("read", path, e))?;
    Ok(Journal { file, bytes })
}

impl Journal {
    /// Cuts the log to its first `complete` bytes (its whole lines): a
    /// crash tore the last line, which was never durable, so it never
    /// counted. The next line then starts clean.
    pub fn cut_to(&mut self, path: &Path, complete: usize) -> Result<()> {
        if complete < self.bytes.len() {
            let file = &mut self.file;
            file.set_len(complete as u64)
                .and_then(|()| file.seek(SeekFrom::End(0)).map(drop))
                .and_then(|()| file.sync_data())
                .map_err(|e| Error::io("repair", path, e))?;
        }
        Ok(())
    }
}
