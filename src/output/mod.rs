//! Writing: everything goes into a staging folder beside the output folder,
//! which replaces the output only when the whole build succeeded.
//!
//! The staging folder is the output of the build before last, kept hidden
//! beside the output (`.public.staging`) and overwritten in place: a rebuild
//! rewrites files instead of creating and deleting ten thousand folders and
//! files, which was most of a rebuild's time. Files the build did not write
//! are removed before the swap, so the result is exactly this build.
//!
//! Only folders munipub made are ever replaced ([`guard`]); the swap is one
//! `renameat2(RENAME_EXCHANGE)` where the system has it, so no moment
//! exists without an output folder (elsewhere, three renames, and a build
//! that finds the output missing but the swap folder there puts it back).
//! A build that fails because the disk is full removes its staging folder
//! ([`Staging::discard`]) so that the space comes back.

pub mod guard;
mod known;
pub mod lock;

pub use known::{Lists, Read};

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// A folder being filled by a build; dropped without [`Staging::commit`],
/// the output stays as it was.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// Every written path (for the sitemap) with its [`file_stamp`].
    written: Mutex<Vec<(String, u128)>>,
    /// Set when a write failed because the disk (or quota) is full.
    disk_full: std::sync::atomic::AtomicBool,
    /// Where each commit keeps the list of what it wrote ([`known`]).
    lists: Option<Lists>,
    /// What the staging folder holds before the build writes: from the
    /// list it was settled to (and how many folders that read), or from
    /// reading every folder (`None`), so that the commit need not.
    known: (known::Known, Option<Read>),
}

/// The hidden folder beside `target` that a build fills.
pub fn staging_dir(target: &Path) -> PathBuf {
    beside(target, "staging")
}

/// The hidden folder the old output passes through during a swap without
/// `RENAME_EXCHANGE`.
pub fn swap_dir(target: &Path) -> PathBuf {
    beside(target, "swap")
}

fn beside(target: &Path, what: &str) -> PathBuf {
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    parent.join(format!(".{name}.{what}"))
}

/// Whether `e` says that the disk or the quota is full.
pub fn is_disk_full(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::StorageFull || e.kind() == io::ErrorKind::QuotaExceeded
}

/// A hash of a file's path in the output, size, modification time and
/// inode: what [`Staging::tally`] and [`fingerprint`] add up.
pub fn file_stamp(rel: &str, meta: &std::fs::Metadata) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(rel.as_bytes());
    h.update(&meta.len().to_le_bytes());
    if let Ok(t) = meta.modified()
        && let Ok(d) = t.duration_since(std::time::UNIX_EPOCH)
    {
        h.update(&d.as_nanos().to_le_bytes());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        h.update(&meta.ino().to_le_bytes());
    }
    h.digest128()
}

/// The sum of the [`file_stamp`]s of every file under `out`: the same as
/// [`Staging::tally`] of the build that made it, until a file in it
/// is changed, added or removed. (A build with nothing to do looks at
/// 282,000 output files at 100 years, so nothing is kept of them.)
pub fn fingerprint(out: &Path) -> io::Result<u128> {
    fold_files(
        out,
        &|| 0,
        &|sum: u128, found| sum.wrapping_add(found.stamp),
        &u128::wrapping_add,
    )
}

/// The [`fingerprint`] of files with these [`file_stamp`]s (in any order).
pub fn fingerprint_of(stamps: impl Iterator<Item = u128>) -> u128 {
    stamps.fold(0, u128::wrapping_add)
}

/// One file found under a folder by [`file_stamps`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    /// Its path from the folder, with `/`.
    pub rel: String,
    /// Its [`file_stamp`] (of the link itself, for a symbolic link).
    pub stamp: u128,
    /// A regular file, not a symbolic link or other special file.
    pub regular: bool,
}

/// Every file under `dir` with its [`file_stamp`], in no order.
pub fn file_stamps(dir: &Path) -> io::Result<Vec<FoundFile>> {
    fold_files(
        dir,
        &Vec::new,
        &|mut files: Vec<FoundFile>, found| {
            files.push(found);
            files
        },
        &|mut a, b| {
            a.extend(b);
            a
        },
    )
}

/// Every file under `root` as a [`FoundFile`], folded into one value:
/// `add` takes each file into a value begun by `start`, and `join` joins
/// two. Folders are read in parallel and each file is looked at through
/// its folder (statting 100,000 files is most of it).
fn fold_files<A: Send>(
    root: &Path,
    start: &(impl Fn() -> A + Sync),
    add: &(impl Fn(A, FoundFile) -> A + Sync),
    join: &(impl Fn(A, A) -> A + Sync),
) -> io::Result<A> {
    use rayon::prelude::*;
    fn fold<A: Send>(
        root: &Path,
        dir: &Path,
        start: &(impl Fn() -> A + Sync),
        add: &(impl Fn(A, FoundFile) -> A + Sync),
        join: &(impl Fn(A, A) -> A + Sync),
    ) -> io::Result<A> {
        let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries
            .par_iter()
            .try_fold(start, |acc, e| {
                let path = e.path();
                let kind = e.file_type()?;
                if kind.is_dir() {
                    return Ok(join(acc, fold(root, &path, start, add, join)?));
                }
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let rel = rel.to_string_lossy().replace('\\', "/");
                let stamp = file_stamp(&rel, &e.metadata()?);
                let regular = kind.is_file();
                Ok(add(
                    acc,
                    FoundFile {
                        rel,
                        stamp,
                        regular,
                    },
                ))
            })
            .try_reduce(start, |a, b| Ok(join(a, b)))
    }
    fold(root, root, start, add, join)
}

impl Staging {
    /// Opens the staging folder next to `target`, creating it if needed.
    /// Also for `build --clean`: emptying it first cost a minute or more at
    /// 100,000 documents on a slow disk, and bought nothing, since a file
    /// is kept only when its bytes are the ones written (or it is the very
    /// file linked) and [`Staging::commit`] removes what was not written.
    /// The caller has checked the folders with [`guard::check`].
    ///
    /// Each commit keeps the list of what it wrote in `lists`. Before the
    /// build writes, the staging folder is brought back to its list, or,
    /// without one, every folder is read: its links and empty folders are
    /// removed and its files listed. Either way the build writes into real
    /// folders only, never through a link put there by hand, and the
    /// commit removes what the build did not write from the list, reading
    /// no folder again ([`known`]).
    pub fn new(target: &Path, lists: Option<Lists>) -> io::Result<Staging> {
        recover(target)?;
        let dir = staging_dir(target);
        std::fs::create_dir_all(&dir)?;
        let known = match lists.as_ref().and_then(|l| l.load(&dir)) {
            Some(list) => {
                let read = known::settle(&dir, &list)?;
                (list, Some(read))
            }
            None => (known::Known::read(&dir)?, None),
        };
        let staging = Staging {
            dir,
            target: target.to_path_buf(),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            written: Mutex::new(Vec::new()),
            disk_full: Default::default(),
            lists,
            known,
        };
        staging.write(guard::MARKER, guard::MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// Whether a write of this build failed because the disk is full.
    pub fn disk_full(&self) -> bool {
        self.disk_full.load(Ordering::Relaxed)
    }

    /// Removes the staging folder (after a failed build, to give back its
    /// space); the output stays as it was.
    pub fn discard(self) -> io::Result<()> {
        std::fs::remove_dir_all(&self.dir)
    }

    /// Notes a failed write's cause and passes the error on.
    fn noted<T>(&self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r
            && is_disk_full(e)
        {
            self.disk_full.store(true, Ordering::Relaxed);
        }
        r
    }

    /// Writes `bytes` at `rel` (a `/`-separated path inside the output).
    /// A file already there with these bytes is left as it is (most files
    /// of a rebuild have not changed); any other is replaced, never written
    /// through, since it may be a link into the build cache.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let r = self.write_file(rel, bytes);
        self.noted(r)
    }

    fn write_file(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_of(rel)?;
        let kept = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_file() && m.len() == bytes.len() as u64 && holds(&path, bytes) => Some(m),
            Ok(_) => {
                remove_if_there(&path)?;
                None
            }
            Err(e) => {
                self.prepare_after(&e, &path)?;
                None
            }
        };
        let meta = match kept {
            Some(m) => m,
            None => {
                self.created(&path, |p| std::fs::write(p, bytes))?;
                std::fs::metadata(&path)?
            }
        };
        self.record(rel, &meta);
        Ok(())
    }

    /// Copies a file from the content tree.
    pub fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let r = (|| {
            let path = self.path_of(rel)?;
            self.prepare(&path)?;
            remove_if_there(&path)?;
            std::fs::copy(from, &path)?;
            self.record(rel, &std::fs::metadata(&path)?);
            Ok(())
        })();
        self.noted(r)
    }

    /// Puts the build cache's file `from` at `rel` as a hard link (a copy
    /// where links cannot be made). The caller has just read its metadata
    /// (the build cache looks at every kept file before linking any): a
    /// file linked by an earlier build costs one look at the staging folder.
    pub fn link_known(&self, rel: &str, from: &Path, meta: &std::fs::Metadata) -> io::Result<()> {
        let r = self.link_file(rel, from, meta);
        self.noted(r)
    }

    /// The metadata of the file at `rel`, if the staging folder holds one
    /// (a link is not followed).
    pub fn look(&self, rel: &str) -> Option<std::fs::Metadata> {
        let meta = std::fs::symlink_metadata(self.path_of(rel).ok()?).ok()?;
        meta.is_file().then_some(meta)
    }

    /// Keeps the files at these paths as they are, as this build's: the
    /// caller has seen ([`Staging::look`]) that each is the file this build
    /// would link.
    pub fn keep_all<'a>(&self, files: impl Iterator<Item = (&'a str, std::fs::Metadata)>) {
        let files: Vec<(String, u128)> =
            files.map(|(rel, meta)| self.counted(rel, &meta)).collect();
        if let Ok(mut w) = self.written.lock() {
            w.extend(files);
        }
    }

    fn link_file(&self, rel: &str, from: &Path, from_meta: &std::fs::Metadata) -> io::Result<()> {
        let path = self.path_of(rel)?;
        match std::fs::symlink_metadata(&path) {
            Ok(m) if same_file(&m, from_meta) => {
                self.record(rel, &m);
                return Ok(());
            }
            Ok(_) => remove_if_there(&path)?,
            Err(e) => self.prepare_after(&e, &path)?,
        }
        // A link shares `from`'s metadata; a copy has its own.
        let meta = match self.created(&path, |p| std::fs::hard_link(from, p)) {
            Ok(()) => from_meta.clone(),
            Err(_) => {
                std::fs::copy(from, &path)?;
                std::fs::metadata(&path)?
            }
        };
        self.record(rel, &meta);
        Ok(())
    }

    /// After looking at `path` failed with `e`: a file of an earlier build
    /// standing where a folder of the path goes is removed (a missing
    /// folder is made by [`Staging::created`]).
    fn prepare_after(&self, e: &io::Error, path: &Path) -> io::Result<()> {
        match e.kind() {
            io::ErrorKind::NotFound => Ok(()),
            _ => self.prepare(path),
        }
    }

    /// Makes the file at `path` with `make`, and its folder first when
    /// that is missing: folders are made only when needed, since almost
    /// every folder of a rebuild is there already.
    fn created(&self, path: &Path, make: impl Fn(&Path) -> io::Result<()>) -> io::Result<()> {
        match make(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                self.prepare(path)?;
                make(path)
            }
            r => r,
        }
    }

    /// Makes `path`'s folder, removing a file of an earlier build that
    /// stands where it goes.
    fn prepare(&self, path: &Path) -> io::Result<()> {
        if let Some(p) = path.parent()
            && std::fs::create_dir_all(p).is_err()
        {
            // The staging folder holds the build before last: a file of
            // that build may stand where this one has a folder.
            for a in p
                .ancestors()
                .take_while(|a| a.starts_with(&self.dir) && *a != self.dir)
            {
                if std::fs::symlink_metadata(a).is_ok_and(|m| !m.is_dir()) {
                    remove_if_there(a)?;
                }
            }
            std::fs::create_dir_all(p)?;
        }
        Ok(())
    }

    fn record(&self, rel: &str, meta: &std::fs::Metadata) {
        let entry = self.counted(rel, meta);
        if let Ok(mut w) = self.written.lock() {
            w.push(entry);
        }
    }

    /// Counts a file this build has at `rel`, and gives its entry in the
    /// list of files written.
    fn counted(&self, rel: &str, meta: &std::fs::Metadata) -> (String, u128) {
        let rel = rel.trim_start_matches('/');
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(meta.len(), Ordering::Relaxed);
        (rel.to_string(), file_stamp(rel, meta))
    }

    /// Every path written so far, sorted (on every core: 280,000 paths at
    /// 100 years, at the end of a build where nothing else runs).
    pub fn written(&self) -> Vec<String> {
        use rayon::prelude::*;
        let mut w: Vec<String> = match self.written.lock() {
            Ok(w) => w.iter().map(|(p, _)| p.clone()).collect(),
            Err(_) => Vec::new(),
        };
        w.par_sort_unstable();
        w.dedup();
        w
    }

    /// What this build wrote, counted once per path (a path written twice
    /// counts as last written): pages, PDFs and the [`fingerprint`] the
    /// output will have once committed. One pass over the list, unsorted.
    pub fn tally(&self) -> Tally {
        let w = self.written.lock();
        let last: rustc_hash::FxHashMap<&str, u128> = w
            .as_deref()
            .map(|w| w.iter().map(|(p, s)| (p.as_str(), *s)).collect())
            .unwrap_or_default();
        let count = |ext: &str| last.keys().filter(|p| p.ends_with(ext)).count();
        Tally {
            pages: count(".html"),
            pdfs: count(".pdf"),
            fingerprint: fingerprint_of(last.values().copied()),
        }
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

    /// Removes what this build did not write, then swaps the staging
    /// folder and the output; the old output becomes the next staging folder.
    pub fn commit(self) -> io::Result<Pruned> {
        // Paths as bytes: `Path`'s own hash goes component by component,
        // and the set is asked once for each of 280,000 files. (A set
        // needs them neither sorted nor each once.)
        let written = self
            .written
            .lock()
            .map_err(|_| io::Error::other("the list of files written was lost"))?;
        let kept: Kept = written.iter().map(|(rel, _)| rel.as_bytes()).collect();
        // Taken after the last write and before the prune: a list is kept
        // only with it.
        let since = self
            .lists
            .as_ref()
            .and_then(|_| known::now_in(&self.dir).ok());
        let list: &[(String, u128)] = &written;
        let (pruned, pending) = rayon::join(
            || {
                let (list, read) = &self.known;
                known::prune(&self.dir, list, &kept).map(|()| match read {
                    Some(read) => Pruned::FromList(*read),
                    None => Pruned::Walked,
                })
            },
            || {
                let (lists, since) = (self.lists.as_ref()?, since?);
                let paths = list.iter().map(|(rel, _)| rel.as_bytes());
                lists.write(&self.dir, since, paths).ok()
            },
        );
        let r = pruned.and_then(|p| swap(&self.dir, &self.target).map(|()| p));
        if let (Some(lists), Some(pending)) = (&self.lists, pending) {
            // Without it the next commit of this folder reads every folder.
            let _ = lists.publish(pending, r.is_ok(), &self.dir);
        }
        drop(written);
        self.noted(r)
    }
}

/// How a commit found what the build did not write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pruned {
    /// Every folder of the staging folder read, before the build.
    Walked,
    /// From the list of the build that made the staging folder
    /// ([`known`]), the folder settled to it before the build by reading
    /// these folders: those changed since, of all.
    FromList(Read),
}

/// Puts the filled staging folder `dir` in the place of `target`, and the
/// old output in the place of `dir`.
fn swap(dir: &Path, target: &Path) -> io::Result<()> {
    if !target.exists() {
        return std::fs::rename(dir, target);
    }
    match exchange(dir, target) {
        Ok(()) => return Ok(()),
        Err(e) if !matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) => return Err(e),
        Err(_) => {} // This file system cannot exchange: three renames.
    }
    let swap = swap_dir(target);
    if swap.exists() {
        std::fs::remove_dir_all(&swap)?;
    }
    std::fs::rename(target, &swap)?;
    if let Err(e) = std::fs::rename(dir, target) {
        let _ = std::fs::rename(&swap, target);
        return Err(e);
    }
    std::fs::rename(&swap, dir)
}

/// Exchanges two folders in one step.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)] // one system call libc has and std has not
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths; renameat2 reads them only.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from_raw_os_error(libc::ENOSYS))
}

/// After a build was killed between the renames of a three-rename swap,
/// the output is missing and the old one waits in the swap folder: put it
/// back.
fn recover(target: &Path) -> io::Result<()> {
    let swap = swap_dir(target);
    if !target.exists() && swap.join(guard::MARKER).is_file() {
        std::fs::rename(&swap, target)?;
    }
    Ok(())
}

/// The bytes of the files under `dir` (0 where it cannot be read).
pub fn folder_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// The bytes free for this user on the file system holding `dir`.
#[cfg(unix)]
#[allow(unsafe_code)] // statvfs: one system call libc has and std has not
pub fn free_space(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut stat = std::mem::MaybeUninit::<libc::statvfs>::zeroed();
    // SAFETY: `path` is NUL-terminated and `stat` is a valid place to write.
    let r = unsafe { libc::statvfs(path.as_ptr(), stat.as_mut_ptr()) };
    // SAFETY: statvfs filled `stat` when it returned 0.
    let stat = (r == 0).then(|| unsafe { stat.assume_init() })?;
    Some(stat.f_bavail as u64 * stat.f_frsize as u64)
}

#[cfg(not(unix))]
pub fn free_space(_: &Path) -> Option<u64> {
    None
}

/// Removes what is at `path` in the staging folder: a file, or a folder
/// of an earlier build where this one has a file.
fn remove_if_there(path: &Path) -> io::Result<()> {
    let removed = match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        _ => std::fs::remove_file(path),
    };
    match removed {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Whether `a` and `b` are the metadata of one file (one hard-linked to
/// the other).
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    file_id(a).is_some() && file_id(a) == file_id(b)
}

/// A file's device and inode, where the system tells them.
pub fn file_id(meta: &std::fs::Metadata) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Whether the file at `path` holds exactly `bytes` (a write's caller
/// compares the lengths first, from the metadata it has).
pub(crate) fn holds(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let mut old = vec![0; bytes.len()];
    file.read_exact(&mut old).is_ok() && old == bytes && file.read(&mut [0]).is_ok_and(|n| n == 0)
}

/// The paths of the files a build wrote, relative to the staging folder.
type Kept<'a> = rustc_hash::FxHashSet<&'a [u8]>;

/// What a build wrote ([`Staging::tally`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub pages: usize,
    pub pdfs: usize,
    pub fingerprint: u128,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_replaces_the_output_only_on_commit() {
        let tmp = std::env::temp_dir().join(format!("munipub-out-{}", std::process::id()));
        let target = tmp.join("public");
        std::fs::create_dir_all(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();
        {
            let s = Staging::new(&target, None).unwrap();
            s.write("new.html", b"new").unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(target.join("old.html")).unwrap(),
            "old"
        );
        assert!(!target.join("new.html").exists());
        let s = Staging::new(&target, None).unwrap();
        s.write("a/new.html", b"new").unwrap();
        assert!(s.write("../evil", b"x").is_err());
        s.commit().unwrap();
        assert!(!target.join("old.html").exists());
        assert!(
            !target.join("new.html").exists(),
            "a file of the failed build is not published"
        );
        assert!(target.join("a/new.html").exists());
        // The old output is kept hidden as the next staging folder.
        let s = Staging::new(&target, None).unwrap();
        s.write("b.html", b"b").unwrap();
        s.commit().unwrap();
        let mut files: Vec<String> = walkdir::WalkDir::new(&target)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&target)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        files.sort();
        assert_eq!(
            files,
            [guard::MARKER, "b.html"],
            "exactly what the last build wrote"
        );
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn writing_keeps_equal_files_and_publishes_them() {
        let tmp = std::env::temp_dir().join(format!("munipub-same-{}", std::process::id()));
        let target = tmp.join("public");
        // Two builds, so that the staging folder holds the first one's files.
        for _ in 0..2 {
            let s = Staging::new(&target, None).unwrap();
            s.write("same.bin", b"same").unwrap();
            s.write("changes.bin", b"one").unwrap();
            s.commit().unwrap();
        }
        let s = Staging::new(&target, None).unwrap();
        s.write("same.bin", b"same").unwrap();
        s.write("changes.bin", b"two").unwrap();
        s.write("dir/new.bin", b"new").unwrap();
        assert_eq!(
            s.written(),
            [guard::MARKER, "changes.bin", "dir/new.bin", "same.bin"]
        );
        s.commit().unwrap();
        for (name, bytes) in [
            ("same.bin", "same"),
            ("changes.bin", "two"),
            ("dir/new.bin", "new"),
        ] {
            assert_eq!(std::fs::read_to_string(target.join(name)).unwrap(), bytes);
        }
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn an_output_lost_between_two_renames_is_put_back() {
        let tmp = std::env::temp_dir().join(format!("munipub-recover-{}", std::process::id()));
        let target = tmp.join("public");
        let s = Staging::new(&target, None).unwrap();
        s.write("index.html", b"old").unwrap();
        s.commit().unwrap();
        // What a kill after the first of three renames leaves: no output,
        // the old one in the swap folder.
        std::fs::rename(&target, swap_dir(&target)).unwrap();
        let s = Staging::new(&target, None).unwrap();
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"old");
        s.write("index.html", b"new").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read(target.join("index.html")).unwrap(), b"new");
        assert!(!swap_dir(&target).exists());
        std::fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn the_swap_exchanges_the_folders_in_one_step() {
        let tmp = std::env::temp_dir().join(format!("munipub-exchange-{}", std::process::id()));
        std::fs::create_dir_all(tmp.join("a")).unwrap();
        std::fs::create_dir_all(tmp.join("b")).unwrap();
        std::fs::write(tmp.join("a/x"), "a").unwrap();
        std::fs::write(tmp.join("b/x"), "b").unwrap();
        swap(&tmp.join("a"), &tmp.join("b")).unwrap();
        assert_eq!(std::fs::read_to_string(tmp.join("b/x")).unwrap(), "a");
        assert_eq!(std::fs::read_to_string(tmp.join("a/x")).unwrap(), "b");
        std::fs::remove_dir_all(&tmp).unwrap();
    }
}
