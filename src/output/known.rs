//! The staging folder known from the list of what the build that made it
//! wrote, so that neither the start of a build nor its commit need read
//! all its folders (docs/decisions.md, "The staging folder known from a
//! list").
//!
//! The staging folder is the output of the build before last. Each commit
//! keeps, in the build cache, the paths its build wrote and a time taken
//! just before its prune, under the folder's identity (device, inode and
//! birth time). When that folder is the staging folder again, the build
//! first looks at each folder's change time (`ctime`, which no program can
//! set back) instead of reading the folder ([`settle`]):
//!
//! - a folder changed since that time (a file added, removed, renamed or
//!   replaced in it, by hand or by a build that failed) is read, and loses
//!   whatever the list does not hold, links included;
//! - a folder unchanged since holds exactly the listed files and folders.
//!
//! So the build writes into a folder holding only what munipub made, and
//! its commit removes the listed files it did not write and the folders
//! left holding nothing ([`prune`]), reading none. A file changed in place
//! changes no folder; it is either written again by the build or a link
//! into the build cache, which the cache notices by its look (`cache.rs`).
//! Without a list for the folder (the first build, another machine,
//! `build --clean`), every folder is read once, at the start
//! ([`Known::read`]): its links and empty folders go, and what it holds
//! is listed for the commit's [`prune`] as a kept list would be.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use super::Kept;

/// The first line of a list; another line is another format, not used.
const HEADER: &str = "munipub output list 1";

/// The name of the file made in the staging folder, and removed at once,
/// to take the time from the folder's own file system.
const CLOCK: &str = ".munipub-clock";

/// What a build left in a folder: its paths, and the time before which a
/// folder's change time says it has not been touched since.
#[derive(Debug)]
pub struct Known {
    since: i128,
    /// The paths, each ended by a NUL (which no path holds).
    paths: Vec<u8>,
    /// Every folder of a path, once (the top one too), as the beginning
    /// of a path in `paths`: found once, for [`settle`] and [`prune`].
    folders: Vec<std::ops::Range<usize>>,
}

impl Known {
    fn new(since: i128, paths: Vec<u8>) -> Known {
        let mut seen: FxHashSet<&[u8]> = FxHashSet::default();
        let mut folders = Vec::new();
        let mut start = 0;
        for p in paths.split(|&b| b == 0) {
            if !p.is_empty() {
                for f in folders_of(p) {
                    if !seen.insert(f) {
                        break;
                    }
                    folders.push(start..start + f.len());
                }
            }
            start += p.len() + 1;
        }
        drop(seen);
        Known {
            since,
            paths,
            folders,
        }
    }

    /// What `root` holds, read folder by folder (in parallel), after
    /// removing every symbolic link in it, following none (munipub makes
    /// none, and one put there by hand could lead a write out of it), and
    /// every folder left holding nothing (which [`prune`] would not see).
    pub fn read(root: &Path) -> io::Result<Known> {
        let (paths, _) = read_files(root, &[])?;
        Ok(Known::new(0, paths))
    }

    fn paths(&self) -> impl Iterator<Item = &[u8]> {
        self.paths.split(|&b| b == 0).filter(|p| !p.is_empty())
    }

    fn folders(&self) -> impl Iterator<Item = &[u8]> {
        self.folders.iter().map(|r| &self.paths[r.clone()])
    }
}

/// Where the lists are kept: one file per folder identity.
#[derive(Debug, Clone)]
pub struct Lists {
    dir: PathBuf,
    /// Whether a list may be used (not in `build --clean`); it is kept
    /// either way.
    trusted: bool,
}

impl Lists {
    pub fn new(dir: PathBuf, trusted: bool) -> Lists {
        Lists { dir, trusted }
    }

    fn file(&self, folder: &Path) -> Option<PathBuf> {
        identity(folder).map(|id| self.dir.join(id))
    }

    /// The list kept for `folder` by the build that made it, if any.
    pub fn load(&self, folder: &Path) -> Option<Known> {
        if !self.trusted {
            return None;
        }
        let bytes = std::fs::read(self.file(folder)?).ok()?;
        let rest = bytes.strip_prefix(HEADER.as_bytes())?.strip_prefix(b"\n")?;
        let end = rest.iter().position(|&b| b == b'\n')?;
        let since = std::str::from_utf8(&rest[..end]).ok()?.parse().ok()?;
        let known = Known::new(since, rest[end + 1..].to_vec());
        // Its paths are removed: none may lead out of the folder.
        let safe = known.paths().all(inside);
        safe.then_some(known)
    }

    /// Writes what `written` says is in `folder` as of `since`, for
    /// [`Lists::publish`] once the folder is the output. Written while the
    /// staging folder is pruned, to a file of its own, so a list is whole
    /// or absent.
    pub fn write<'a>(
        &self,
        folder: &Path,
        since: i128,
        written: impl Iterator<Item = &'a [u8]>,
    ) -> io::Result<Pending> {
        let file = self
            .file(folder)
            .ok_or_else(|| io::Error::other("the folder has no identity"))?;
        std::fs::create_dir_all(&self.dir)?;
        let mut bytes = format!("{HEADER}\n{since}\n").into_bytes();
        for p in written {
            bytes.extend_from_slice(p);
            bytes.push(0);
        }
        let new = file.with_extension("new");
        std::fs::write(&new, &bytes)?;
        Ok(Pending { file, new })
    }

    /// Puts a written list in place once its folder is the output, and
    /// forgets the lists of folders other than it and `other` (now the
    /// staging folder); a list of a commit that failed is dropped.
    pub fn publish(&self, pending: Pending, committed: bool, other: &Path) -> io::Result<()> {
        if !committed {
            return std::fs::remove_file(&pending.new);
        }
        std::fs::rename(&pending.new, &pending.file)?;
        let keep: Vec<PathBuf> = [Some(pending.file), self.file(other)]
            .into_iter()
            .flatten()
            .collect();
        for entry in std::fs::read_dir(&self.dir)?.flatten() {
            if !keep.contains(&entry.path()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(())
    }
}

/// A list written and not yet in place ([`Lists::write`]).
#[derive(Debug)]
pub struct Pending {
    file: PathBuf,
    new: PathBuf,
}

/// Whether `path` is a path inside a folder: relative, of names (not
/// `.`, `..` or empty).
fn inside(path: &[u8]) -> bool {
    path.split(|&b| b == b'/')
        .all(|name| !matches!(name, b"" | b"." | b".."))
}

/// A folder's identity: device, inode and (where the system tells it)
/// birth time, so a folder made again in the place of one removed, even
/// with its inode number, is another folder.
#[cfg(unix)]
fn identity(folder: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(folder).ok()?;
    let born = meta
        .created()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    meta.is_dir()
        .then(|| format!("{}-{}-{born}", meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn identity(_: &Path) -> Option<String> {
    None
}

/// A file's change time in nanoseconds.
#[cfg(unix)]
fn changed_at(meta: &std::fs::Metadata) -> i128 {
    use std::os::unix::fs::MetadataExt;
    i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec())
}

#[cfg(not(unix))]
fn changed_at(_: &std::fs::Metadata) -> i128 {
    i128::MAX
}

/// The time as `folder`'s file system keeps it: a folder in it changed
/// from now on has this change time or a later one. The time is taken
/// from the same clock, rounded the same way, as the folders' (however
/// coarse: FAT keeps 2 s), so no margin is needed; a folder changed in the
/// same tick as the file is read as changed.
pub fn now_in(folder: &Path) -> io::Result<i128> {
    let clock = folder.join(CLOCK);
    std::fs::write(&clock, b"")?;
    let meta = std::fs::symlink_metadata(&clock);
    std::fs::remove_file(&clock)?;
    Ok(changed_at(&meta?))
}

/// The folders of `path` (a `/`-separated path), deepest first, down to
/// the root (the empty path).
fn folders_of(path: &[u8]) -> impl Iterator<Item = &[u8]> {
    let cuts = (0..path.len()).rev().filter(move |&i| path[i] == b'/');
    cuts.map(move |i| &path[..i]).chain([&path[..0]])
}

/// Adds the folders of every path to `set`.
fn add_folders<'a>(set: &mut FxHashSet<&'a [u8]>, paths: impl Iterator<Item = &'a [u8]>) {
    for p in paths {
        for f in folders_of(p) {
            if !set.insert(f) {
                break;
            }
        }
    }
}

fn join(root: &Path, rel: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    root.join(std::ffi::OsStr::from_bytes(rel))
}

/// Whether an error of removing means that nothing is there to remove.
fn gone(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
    )
}

/// How many folders [`settle`] read, of how many it looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Read {
    pub read: usize,
    pub of: usize,
}

/// Each of `folders` looked at (on every core): its change time when it
/// is a real folder; and those that are not (a link, a file, gone).
fn look<'a>(root: &Path, folders: &[&'a [u8]]) -> (Vec<Option<i128>>, FxHashSet<&'a [u8]>) {
    let times: Vec<Option<i128>> = folders
        .par_iter()
        .map(|f| {
            let meta = std::fs::symlink_metadata(join(root, f)).ok();
            meta.filter(|m| m.is_dir()).map(|m| changed_at(&m))
        })
        .collect();
    let not_folders = folders
        .iter()
        .zip(&times)
        .filter(|(_, t)| t.is_none())
        .map(|(f, _)| *f)
        .collect();
    (times, not_folders)
}

/// Whether no folder above `path` is one of `not_folders`: nothing is
/// read or removed through a link.
fn reachable(not_folders: &FxHashSet<&[u8]>, path: &[u8]) -> bool {
    not_folders.is_empty() || folders_of(path).all(|f| !not_folders.contains(f))
}

/// Brings the staging folder `root` back to what `known` says it held,
/// before the build writes into it: each listed folder is looked at (on
/// every core), and those changed since are read and lose what is not
/// listed (a file or folder added by hand, a symbolic link put in a
/// folder's place). So the build writes into real folders only, never
/// through a link out of the staging folder. Nothing under a folder that
/// is no longer a folder is read (its parent has changed and is read).
pub fn settle(root: &Path, known: &Known) -> io::Result<Read> {
    let listed: Kept = known.paths().collect();
    let all: Vec<&[u8]> = known.folders().collect();
    let folders: FxHashSet<&[u8]> = all.iter().copied().collect();
    let (times, not_folders) = look(root, &all);
    let changed: Vec<&[u8]> = all
        .iter()
        .zip(&times)
        .filter(|(f, t)| t.is_some_and(|t| t >= known.since) && reachable(&not_folders, f))
        .map(|(f, _)| *f)
        .collect();
    changed
        .par_iter()
        .try_for_each(|f| read_and_prune(root, f, &folders, &listed))?;
    Ok(Read {
        read: changed.len(),
        of: all.len(),
    })
}

/// Removes from the staging folder `root`, [`settle`]d to `known` before
/// the build, the listed files the build did not write (`keep`), and the
/// listed folders holding nothing it wrote.
pub fn prune(root: &Path, known: &Known, keep: &Kept) -> io::Result<()> {
    let mut written: FxHashSet<&[u8]> = FxHashSet::default();
    add_folders(&mut written, keep.iter().copied());
    // A listed file that is now a folder of a written one is gone already
    // (`Staging::prepare`): unlinking a folder fails with EISDIR on Linux
    // but EPERM elsewhere.
    let stale: Vec<&[u8]> = known
        .paths()
        .filter(|p| !keep.contains(p) && !written.contains(p))
        .collect();
    let mut empty: Vec<&[u8]> = known.folders().filter(|f| !written.contains(f)).collect();
    // The folders of what is removed are looked at first, and nothing is
    // removed under one that is not a real folder: settled, the staging
    // folder holds no link, but its folders' times could have been wrong.
    let mut around: FxHashSet<&[u8]> = empty.iter().copied().collect();
    add_folders(&mut around, stale.iter().chain(&empty).copied());
    let around: Vec<&[u8]> = around.into_iter().collect();
    let (_, not_folders) = look(root, &around);
    stale
        .par_iter()
        .filter(|p| reachable(&not_folders, p))
        .try_for_each(|p| match std::fs::remove_file(join(root, p)) {
            Err(e) if !gone(&e) && e.kind() != io::ErrorKind::IsADirectory => Err(e),
            _ => Ok(()),
        })?;
    empty.retain(|f| !not_folders.contains(f) && reachable(&not_folders, f));
    empty.sort_unstable_by_key(|f| std::cmp::Reverse(f.iter().filter(|&&b| b == b'/').count()));
    for f in empty {
        let path = join(root, f);
        match std::fs::remove_dir(&path) {
            Err(e) if e.kind() == io::ErrorKind::DirectoryNotEmpty => {
                std::fs::remove_dir_all(&path)?
            }
            Err(e) if !gone(&e) => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// The files under the folder `rel` of `root`, each path ended by a NUL,
/// and whether it holds nothing: [`Known::read`].
fn read_files(root: &Path, rel: &[u8]) -> io::Result<(Vec<u8>, bool)> {
    use std::os::unix::ffi::OsStrExt;
    let entries: Vec<std::fs::DirEntry> =
        std::fs::read_dir(join(root, rel))?.collect::<io::Result<_>>()?;
    let found: Vec<Vec<u8>> = entries
        .par_iter()
        .map(|entry| {
            let kind = entry.file_type()?;
            if kind.is_symlink() {
                match std::fs::remove_file(entry.path()) {
                    Err(e) if !gone(&e) => return Err(e),
                    _ => return Ok(Vec::new()),
                }
            }
            let mut path = rel.to_vec();
            if !path.is_empty() {
                path.push(b'/');
            }
            path.extend_from_slice(entry.file_name().as_bytes());
            if !kind.is_dir() {
                path.push(0);
                return Ok(path);
            }
            let (paths, empty) = read_files(root, &path)?;
            if empty {
                std::fs::remove_dir(entry.path())?;
            }
            Ok(paths)
        })
        .collect::<io::Result<_>>()?;
    let empty = found.iter().all(Vec::is_empty);
    Ok((found.concat(), empty))
}

/// Reads the changed folder `f` and removes what in it is neither a
/// listed file (`keep`) nor a real folder of one (`folders`, each looked
/// at on its own): a link in a folder's place goes.
fn read_and_prune(
    root: &Path,
    f: &[u8],
    folders: &FxHashSet<&[u8]>,
    keep: &Kept,
) -> io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let dir = join(root, f);
    let entries = match std::fs::read_dir(&dir) {
        Err(e) if gone(&e) => return Ok(()),
        r => r?,
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let mut rel = f.to_vec();
        if !rel.is_empty() {
            rel.push(b'/');
        }
        rel.extend_from_slice(name.as_bytes());
        let removed = if entry.file_type()?.is_dir() {
            if folders.contains(rel.as_slice()) {
                continue;
            }
            std::fs::remove_dir_all(entry.path())
        } else if keep.contains(rel.as_slice()) {
            continue;
        } else {
            std::fs::remove_file(entry.path())
        };
        match removed {
            Err(e) if !gone(&e) => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder holding `files` (each holding its path), removed on drop.
    struct Folder(PathBuf);

    impl Folder {
        fn with(name: &str, files: &[&str]) -> Folder {
            let dir =
                std::env::temp_dir().join(format!("munipub-known-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            for f in files {
                let path = dir.join(f);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, f).unwrap();
            }
            Folder(dir)
        }

        /// Every file and folder in it, sorted, folders ending in `/`.
        fn holds(&self) -> Vec<String> {
            let mut found: Vec<String> = walkdir::WalkDir::new(&self.0)
                .min_depth(1)
                .into_iter()
                .flatten()
                .map(|e| {
                    let rel = e
                        .path()
                        .strip_prefix(&self.0)
                        .unwrap()
                        .display()
                        .to_string();
                    if e.file_type().is_dir() {
                        rel + "/"
                    } else {
                        rel
                    }
                })
                .collect();
            found.sort();
            found
        }
    }

    impl Drop for Folder {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn known(since: i128, paths: &[&str]) -> Known {
        let mut bytes = Vec::new();
        for p in paths {
            bytes.extend_from_slice(p.as_bytes());
            bytes.push(0);
        }
        Known::new(since, bytes)
    }

    #[test]
    fn an_unchanged_folder_is_not_read_and_loses_the_listed_files_not_written() {
        let listed = ["index.html", "a/x.html", "a/y.html", "b/c/z.html"];
        let folder = Folder::with("unchanged", &listed);
        // Not in the list, so not seen: every folder is taken as unchanged.
        std::fs::write(folder.0.join("a/unlisted.html"), "").unwrap();
        let list = known(i128::MAX, &listed);
        assert_eq!(settle(&folder.0, &list).unwrap(), Read { read: 0, of: 4 });
        let keep: Kept = [&b"index.html"[..], b"a/x.html"].into_iter().collect();
        prune(&folder.0, &list, &keep).unwrap();
        assert_eq!(
            folder.holds(),
            ["a/", "a/unlisted.html", "a/x.html", "index.html"],
            "a/y.html and b/ are gone; a folder is not read"
        );
    }

    #[test]
    fn a_changed_folder_is_read_and_loses_what_is_not_listed() {
        let listed = ["index.html", "a/x.html", "b/z.html"];
        let folder = Folder::with("changed", &listed);
        for stray in ["stray.html", "a/stray.html", "a/new/deeper/s.html"] {
            let path = folder.0.join(stray);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        // A folder where a listed file was, and a file where a folder was.
        std::fs::remove_file(folder.0.join("index.html")).unwrap();
        std::fs::create_dir_all(folder.0.join("index.html/x")).unwrap();
        std::fs::remove_dir_all(folder.0.join("b")).unwrap();
        std::fs::write(folder.0.join("b"), "").unwrap();
        let list = known(0, &listed);
        let read = settle(&folder.0, &list).unwrap();
        assert_eq!(read.read, 2, "the top and a/ (b/ is no folder now)");
        assert_eq!(folder.holds(), ["a/", "a/x.html"]);
        // The build writes a/x.html and c/new.html.
        std::fs::create_dir_all(folder.0.join("c")).unwrap();
        std::fs::write(folder.0.join("c/new.html"), "").unwrap();
        let keep: Kept = [&b"a/x.html"[..], b"c/new.html"].into_iter().collect();
        prune(&folder.0, &list, &keep).unwrap();
        assert_eq!(folder.holds(), ["a/", "a/x.html", "c/", "c/new.html"]);
    }

    #[test]
    fn no_link_put_in_place_of_a_folder_is_followed() {
        let listed = ["a/x.html", "a/b/y.html"];
        let outside = Folder::with("outside", &["x.html", "b/y.html"]);
        for (name, since) in [("linked-changed", 0), ("linked-unchanged", i128::MAX)] {
            let folder = Folder::with(name, &listed);
            std::fs::remove_dir_all(folder.0.join("a")).unwrap();
            std::os::unix::fs::symlink(&outside.0, folder.0.join("a")).unwrap();
            let list = known(since, &listed);
            settle(&folder.0, &list).unwrap();
            if since == 0 {
                assert!(folder.holds().is_empty(), "the link goes before the build");
            }
            prune(&folder.0, &list, &Kept::default()).unwrap();
            assert_eq!(
                outside.holds(),
                ["b/", "b/y.html", "x.html"],
                "nothing removed through the link ({name})"
            );
        }
    }

    #[test]
    fn a_list_with_a_path_out_of_its_folder_is_not_used() {
        let folder = Folder::with("listed", &["a.html"]);
        let lists = Lists::new(folder.0.with_extension("lists"), true);
        for (paths, used) in [
            (&["a.html", "b/c.html"][..], true),
            (&["a.html", "../outside.html"], false),
            (&["/etc/passwd"], false),
            (&["a//b.html"], false),
        ] {
            let bytes = paths.iter().map(|p| p.as_bytes());
            let pending = lists.write(&folder.0, 7, bytes).unwrap();
            lists.publish(pending, true, &folder.0).unwrap();
            let known = lists.load(&folder.0);
            assert_eq!(known.is_some(), used, "{paths:?}");
            if let Some(k) = known {
                assert_eq!(k.since, 7);
                assert_eq!(k.paths().count(), paths.len());
            }
        }
        // Not in build --clean.
        let untrusted = Lists::new(lists.dir.clone(), false);
        let pending = untrusted
            .write(&folder.0, 7, [&b"a.html"[..]].into_iter())
            .unwrap();
        untrusted.publish(pending, true, &folder.0).unwrap();
        assert!(untrusted.load(&folder.0).is_none());
        assert!(lists.load(&folder.0).is_some(), "but kept");
        std::fs::remove_dir_all(&lists.dir).unwrap();
    }

    #[test]
    fn a_folder_read_whole_loses_its_links_and_empty_folders_and_then_what_was_not_written() {
        let folder = Folder::with("read", &["index.html", "a/x.html", "a/y.html", "b/z.html"]);
        let outside = Folder::with("read-outside", &["kept.html"]);
        std::fs::create_dir_all(folder.0.join("empty/deeper")).unwrap();
        std::os::unix::fs::symlink(&outside.0, folder.0.join("a/link")).unwrap();
        let known = Known::read(&folder.0).unwrap();
        let mut listed: Vec<&[u8]> = known.paths().collect();
        listed.sort();
        assert_eq!(
            listed,
            [&b"a/x.html"[..], b"a/y.html", b"b/z.html", b"index.html"]
        );
        assert_eq!(
            folder.holds(),
            ["a/", "a/x.html", "a/y.html", "b/", "b/z.html", "index.html"],
            "the link and the empty folders are gone"
        );
        let keep: Kept = [&b"a/x.html"[..], b"index.html"].into_iter().collect();
        prune(&folder.0, &known, &keep).unwrap();
        assert_eq!(folder.holds(), ["a/", "a/x.html", "index.html"]);
        assert_eq!(outside.holds(), ["kept.html"], "nothing followed the link");
    }

    #[test]
    fn a_listed_file_that_became_a_folder_keeps_what_was_written_in_it() {
        let folder = Folder::with("became", &["f", "d/old.html"]);
        let known = Known::read(&folder.0).unwrap();
        // The build writes f/inner.html (its folder where the file f was)
        // and d as a file.
        std::fs::remove_file(folder.0.join("f")).unwrap();
        std::fs::create_dir(folder.0.join("f")).unwrap();
        std::fs::write(folder.0.join("f/inner.html"), "").unwrap();
        std::fs::remove_dir_all(folder.0.join("d")).unwrap();
        std::fs::write(folder.0.join("d"), "").unwrap();
        let keep: Kept = [&b"f/inner.html"[..], b"d"].into_iter().collect();
        prune(&folder.0, &known, &keep).unwrap();
        assert_eq!(folder.holds(), ["d", "f/", "f/inner.html"]);
    }

    #[test]
    fn a_path_has_its_folders_deepest_first_down_to_the_root() {
        let got: Vec<&[u8]> = folders_of(b"a/b/c.html").collect();
        assert_eq!(got, [&b"a/b"[..], b"a", b""]);
        let got: Vec<&[u8]> = folders_of(b"index.html").collect();
        assert_eq!(got, [&b""[..]]);
    }
}
