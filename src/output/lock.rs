//! One build of a site at a time. Two builds at once would fill one
//! staging folder and swap a mixture into place, so every build (and each
//! of `serve`'s rebuilds) holds an exclusive lock on
//! `.munipub-cache/build.lock`; a second build waits for the first, saying
//! so. The lock is the operating system's (`flock`): it goes with the
//! process, so a killed build never leaves a stale lock behind.

use std::fs::File;
use std::io;
use std::path::Path;

/// Held while a build runs; dropping it lets the next build go.
#[derive(Debug)]
pub struct BuildLock {
    _file: File,
}

/// Takes the site's build lock, calling `waiting` once if another build
/// holds it and then waiting for it.
pub fn acquire(root: &Path, waiting: impl FnOnce()) -> io::Result<BuildLock> {
    let dir = root.join(crate::cache::DIR);
    std::fs::create_dir_all(&dir)?;
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join("build.lock"))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            waiting();
            file.lock()?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(e),
    }
    Ok(BuildLock { _file: file })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_build_waits_for_the_first() {
        let root = std::env::temp_dir().join(format!("munipub-lock-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        let first = acquire(&root, || panic!("nobody holds it yet")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let r = root.clone();
        let second = std::thread::spawn(move || {
            let mut waited = false;
            let lock = acquire(&r, || waited = true).unwrap();
            tx.send(()).unwrap();
            drop(lock);
            waited
        });
        assert!(
            rx.recv_timeout(std::time::Duration::from_millis(300))
                .is_err(),
            "the second build went ahead while the first held the lock"
        );
        drop(first);
        rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
        assert!(second.join().unwrap(), "the second build was told it waits");
        std::fs::remove_dir_all(&root).unwrap();
    }
}
