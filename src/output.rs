//! Writing: everything goes into a staging folder beside the output folder,
//! which replaces the output only when the whole build succeeded.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// A folder being filled by a build; dropped without [`Staging::commit`],
/// it is removed and the previous output stays as it was.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// Every written path, for the sitemap.
    written: Mutex<Vec<String>>,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder next to `target`.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            written: Mutex::new(Vec::new()),
            committed: false,
        })
    }

    /// Writes `bytes` at `rel` (a `/`-separated path inside the output).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_of(rel)?;
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p)?;
        }
        std::fs::write(&path, bytes)?;
        self.record(rel);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Copies a file from the content tree.
    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let path = self.path_of(rel)?;
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p)?;
        }
        let n = std::fs::copy(from, &path)?;
        self.record(rel);
        self.bytes.fetch_add(n, Ordering::Relaxed);
        Ok(())
    }

    fn record(&self, rel: &str) {
        self.files.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut w) = self.written.lock() {
            w.push(rel.trim_start_matches('/').to_string());
        }
    }

    /// Every path written so far, sorted.
    pub fn written(&self) -> Vec<String> {
        let mut w = self.written.lock().map(|w| w.clone()).unwrap_or_default();
        w.sort();
        w
    }

    fn path_of(&self, rel: &str) -> io::Result<PathBuf> {
        let rel = rel.trim_start_matches('/');
        if rel.split('/').any(|s| s == ".." || s.is_empty()) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("bad output path {rel}"),
            ));
        }
        Ok(self.dir.join(rel))
    }

    pub fn file_count(&self) -> usize {
        self.files.load(Ordering::Relaxed)
    }

    pub fn byte_count(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    /// Replaces the target folder with the staging folder.
    pub fn commit(mut self) -> io::Result<()> {
        let old = self.dir.with_extension("old");
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        let had_target = self.target.exists();
        if had_target {
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_target {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        if had_target {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_staging_leaves_target_alone() {
        let tmp = std::env::temp_dir().join(format!("munipub-out-{}", std::process::id()));
        let target = tmp.join("public");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        {
            let s = Staging::new(&target).unwrap();
            s.write("new.html", b"new").unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(target.join("old.html")).unwrap(),
            "old"
        );
        assert!(!target.join("new.html").exists());
        let s = Staging::new(&target).unwrap();
        s.write("a/new.html", b"new").unwrap();
        assert!(s.write("../evil", b"x").is_err());
        s.commit().unwrap();
        assert!(!target.join("old.html").exists());
        assert!(target.join("a/new.html").exists());
        assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 1);
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
