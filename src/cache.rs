//! The build cache, `.munipub-cache/` under the site's root (git-ignored).
//!
//! Output that takes long to make — an issue's PDF and offprints, the
//! directory PDF, a couplet set's files — is kept here under a name
//! (`gazette/2026-11-15`) with the hash of everything it was made from:
//! the input files, the fonts and munipub's own source. A build whose hash
//! matches links the kept files into the output instead of making them
//! again, so a new issue does not re-typeset the 240 before it. Files are
//! hard links shared by the cache, the output and the staging folder;
//! [`Staging`] never writes through one. `build --clean` ignores what is
//! kept (and keeps the fresh results). A cache that cannot be read or
//! written only makes the build slower: it never fails it.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::output::Staging;

/// Files made for the output: (output path, bytes).
pub type Files = Vec<(String, Vec<u8>)>;

/// The cache folder of a site.
pub const DIR: &str = ".munipub-cache";

/// A site's build cache.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    /// False for `build --clean`: nothing is taken from the cache.
    reuse: bool,
}

/// What the cache knows of one entry.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    key: String,
    /// Output paths, in the order of the entry's files, with what each
    /// kept file looked like when kept.
    files: Vec<(String, Look)>,
    meta: serde_json::Value,
}

/// A kept file's length and modification time. Kept files are hard links
/// shared with the output: one changed by hand in `public/` (even to the
/// same length) or cut short by a full disk looks different, and its entry
/// is made again rather than published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Look {
    len: u64,
    modified_ns: u128,
}

impl Look {
    fn of(path: &Path) -> Option<Look> {
        Look::of_meta(&std::fs::metadata(path).ok()?)
    }

    fn of_meta(meta: &std::fs::Metadata) -> Option<Look> {
        let modified_ns = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos();
        Some(Look {
            len: meta.len(),
            modified_ns,
        })
    }

    /// The metadata of the file at `path` if it still looks as kept.
    fn matching(self, path: &Path) -> Option<std::fs::Metadata> {
        let meta = std::fs::metadata(path).ok()?;
        (Look::of_meta(&meta) == Some(self)).then_some(meta)
    }
}

impl Cache {
    pub fn open(root: &Path, reuse: bool) -> Cache {
        Cache {
            dir: root.join(DIR).join("v1"),
            reuse,
        }
    }

    /// Links the files of entry `name` into `out` if they were made from
    /// `key`, and returns what was stored with them.
    pub fn restore(&self, name: &str, key: &Key, out: &Staging) -> Option<serde_json::Value> {
        if !self.reuse {
            return None;
        }
        let dir = self.entry_dir(name);
        let record: Record =
            serde_json::from_slice(&std::fs::read(dir.join("entry.json")).ok()?).ok()?;
        if record.key != key.0 {
            return None;
        }
        let metas: Vec<std::fs::Metadata> = record
            .files
            .iter()
            .enumerate()
            .map(|(i, (_, look))| look.matching(&dir.join(i.to_string())))
            .collect::<Option<_>>()?;
        for (i, ((rel, _), meta)) in record.files.iter().zip(&metas).enumerate() {
            out.link_known(rel, &dir.join(i.to_string()), meta).ok()?;
        }
        Some(record.meta)
    }

    /// Entry `name` made from `key`, in `out`: restored when the cache
    /// holds it, else made by `make` (its files, and what to remember of
    /// them), written and kept. `write_failed` says why the files could
    /// not be written in the caller's terms.
    pub fn get_or_make<T, E>(
        &self,
        name: &str,
        key: &Key,
        out: &Staging,
        make: impl FnOnce() -> Result<(Files, T), E>,
        write_failed: impl FnOnce(io::Error) -> E,
    ) -> Result<T, E>
    where
        T: Serialize + serde::de::DeserializeOwned,
    {
        if let Some(kept) = self
            .restore(name, key, out)
            .and_then(|meta| serde_json::from_value(meta).ok())
        {
            return Ok(kept);
        }
        let (files, kept) = make()?;
        let meta = serde_json::to_value(&kept).unwrap_or_default();
        self.store(name, key, &files, meta, out)
            .map_err(write_failed)?;
        Ok(kept)
    }

    /// Writes `files` (output path, bytes) into `out` and keeps them as entry
    /// `name`, made from `key`, with `meta`.
    pub fn store(
        &self,
        name: &str,
        key: &Key,
        files: &[(String, Vec<u8>)],
        meta: serde_json::Value,
        out: &Staging,
    ) -> io::Result<()> {
        if self.keep(name, key, files, meta).is_ok() {
            let dir = self.entry_dir(name);
            let linked = files
                .iter()
                .enumerate()
                .try_for_each(|(i, (rel, _))| out.link(rel, &dir.join(i.to_string())));
            if linked.is_ok() {
                return Ok(());
            }
        }
        files
            .iter()
            .try_for_each(|(rel, bytes)| out.write(rel, bytes))
    }

    fn keep(
        &self,
        name: &str,
        key: &Key,
        files: &[(String, Vec<u8>)],
        meta: serde_json::Value,
    ) -> io::Result<()> {
        let dir = self.entry_dir(name);
        // The record goes first and last: a half-written entry has none.
        let _ = std::fs::remove_file(dir.join("entry.json"));
        std::fs::create_dir_all(&dir)?;
        for (i, (_, bytes)) in files.iter().enumerate() {
            let path = dir.join(i.to_string());
            // A file the last entry had already is left (and stays linked
            // where it is); another is replaced, never written through a
            // link the output shares.
            let same = std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64)
                && std::fs::read(&path).is_ok_and(|old| old == *bytes);
            if !same {
                let _ = std::fs::remove_file(&path);
                std::fs::write(&path, bytes)?;
            }
        }
        let record = Record {
            key: key.0.clone(),
            files: files
                .iter()
                .enumerate()
                .map(|(i, (rel, _))| {
                    let look = Look::of(&dir.join(i.to_string()))
                        .ok_or_else(|| io::Error::other("a kept file vanished"))?;
                    Ok((rel.clone(), look))
                })
                .collect::<io::Result<_>>()?,
            meta,
        };
        std::fs::write(dir.join("entry.json"), serde_json::to_vec(&record)?)
    }

    /// The bytes kept as `name` by [`Cache::save`] if made from `key`:
    /// intermediate results that are not output (the search index's words
    /// of an issue).
    pub fn load(&self, name: &str, key: &Key) -> Option<Vec<u8>> {
        if !self.reuse {
            return None;
        }
        self.load_made(name, key)
    }

    /// [`Cache::load`] of what this build saved itself, so also in a
    /// `build --clean`: an intermediate result made once and read back a
    /// batch at a time rather than held (the search index's texts). An
    /// entry under the same key is the same bytes, whichever build made it.
    pub fn load_made(&self, name: &str, key: &Key) -> Option<Vec<u8>> {
        let mut bytes = std::fs::read(self.entry_dir(name).join("data")).ok()?;
        let head = key.0.len() + 1;
        if bytes.len() < head || bytes[..key.0.len()] != *key.0.as_bytes() {
            return None;
        }
        bytes.drain(..head);
        Some(bytes)
    }

    /// Keeps `bytes` as `name`, made from `key`, for [`Cache::load`]: the
    /// key first, written to a new file renamed into place.
    pub fn save(&self, name: &str, key: &Key, bytes: &[u8]) -> io::Result<()> {
        let dir = self.entry_dir(name);
        std::fs::create_dir_all(&dir)?;
        let mut data = Vec::with_capacity(key.0.len() + 1 + bytes.len());
        data.extend_from_slice(key.0.as_bytes());
        data.push(b'\n');
        data.extend_from_slice(bytes);
        let part = dir.join("data.part");
        let saved =
            std::fs::write(&part, data).and_then(|()| std::fs::rename(part, dir.join("data")));
        if saved.is_err() {
            // Not an older entry under the same key either: `load_made`
            // would read it back as this build's.
            let _ = std::fs::remove_file(dir.join("data"));
        }
        saved
    }

    fn entry_dir(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// The hash of what an entry is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key(String);

impl Key {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Builds a [`Key`] from munipub's source, a kind and inputs.
#[derive(Clone)]
pub struct KeyBuilder(Xxh3);

impl KeyBuilder {
    pub fn new(kind: &str) -> KeyBuilder {
        let mut h = Xxh3::new();
        h.update(&source_hash().to_le_bytes());
        let mut k = KeyBuilder(h);
        k.bytes(kind.as_bytes());
        k
    }

    /// Adds bytes (length-prefixed, so boundaries count).
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.0.update(&(b.len() as u64).to_le_bytes());
        self.0.update(b);
        self
    }

    /// Adds a file's path and bytes (or that it is missing).
    pub fn file(&mut self, root: &Path, rel: &Path) -> &mut Self {
        self.bytes(rel.to_string_lossy().as_bytes());
        match std::fs::read(root.join(rel)) {
            Ok(b) => self.bytes(&b),
            Err(_) => self.bytes(b"\0missing"),
        }
    }

    /// Adds every file under a folder, in name order.
    pub fn tree(&mut self, root: &Path, rel: &Path) -> &mut Self {
        for f in files_under(root, rel) {
            self.file(root, &f);
        }
        self
    }

    /// Adds another key (what something else was made from).
    pub fn key(&mut self, k: &Key) -> &mut Self {
        self.bytes(k.0.as_bytes())
    }

    pub fn finish(&self) -> Key {
        Key(format!("{:032x}", self.0.digest128()))
    }
}

/// Every file under `root/rel`, relative to `root`, in name order.
pub fn files_under(root: &Path, rel: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root.join(rel))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(root).ok().map(Path::to_path_buf))
        .collect()
}

/// A hash of munipub's own source, theme, dependencies and compiler
/// (`build.rs`): any change to them makes every entry stale.
fn source_hash() -> u128 {
    static HASH: OnceLock<u128> = OnceLock::new();
    *HASH.get_or_init(|| {
        let mut h = Xxh3::new();
        h.update(env!("CARGO_PKG_VERSION").as_bytes());
        h.update(env!("MUNIPUB_SOURCE_HASH").as_bytes());
        h.digest128()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("munipub-cache-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn an_entry_comes_back_only_for_its_key_and_never_through_a_clean_build() {
        let root = temp("entry");
        let cache = Cache::open(&root, true);
        let k1 = KeyBuilder::new("t").bytes(b"one").finish();
        let k2 = KeyBuilder::new("t").bytes(b"two").finish();
        assert_ne!(k1, k2);
        let out = Staging::new(&root.join("public")).unwrap();
        let files = vec![("a/x.pdf".to_string(), b"PDF".to_vec())];
        cache
            .store("g/1", &k1, &files, serde_json::json!({"pages": 3}), &out)
            .unwrap();
        assert_eq!(
            std::fs::read(root.join(".public.staging/a/x.pdf")).unwrap(),
            b"PDF"
        );

        let out = Staging::new(&root.join("public2")).unwrap();
        assert_eq!(cache.restore("g/1", &k2, &out), None, "another key misses");
        assert_eq!(
            Cache::open(&root, false).restore("g/1", &k1, &out),
            None,
            "--clean takes nothing"
        );
        let meta = cache.restore("g/1", &k1, &out).expect("the same key hits");
        assert_eq!(meta["pages"], 3);
        assert_eq!(out.written(), [crate::output::guard::MARKER, "a/x.pdf"]);

        // Writing over a linked output file leaves the cache's copy alone.
        out.write("a/x.pdf", b"NEW").unwrap();
        let out3 = Staging::new(&root.join("public3")).unwrap();
        cache.restore("g/1", &k1, &out3).unwrap();
        assert_eq!(
            std::fs::read(root.join(".public3.staging/a/x.pdf")).unwrap(),
            b"PDF"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_kept_file_changed_through_its_link_is_not_restored() {
        let root = temp("spoilt");
        let cache = Cache::open(&root, true);
        let key = KeyBuilder::new("t").bytes(b"one").finish();
        let out = Staging::new(&root.join("public")).unwrap();
        let files = vec![("x.pdf".to_string(), b"PDF-1".to_vec())];
        cache
            .store("g/1", &key, &files, serde_json::json!({}), &out)
            .unwrap();
        // A hand edit of the same length, in place, through the hard link
        // the output shares with the cache.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(root.join(".public.staging/x.pdf"), b"EVIL!").unwrap();
        let out = Staging::new(&root.join("public2")).unwrap();
        assert_eq!(cache.restore("g/1", &key, &out), None);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn saved_bytes_come_back_only_for_their_key() {
        let root = temp("saved");
        let cache = Cache::open(&root, true);
        let k1 = KeyBuilder::new("t").bytes(b"one").finish();
        let k2 = KeyBuilder::new("t").bytes(b"two").finish();
        assert_eq!(cache.load("w/1", &k1), None, "nothing saved yet");
        cache.save("w/1", &k1, b"words").unwrap();
        assert_eq!(cache.load("w/1", &k1).as_deref(), Some(&b"words"[..]));
        assert_eq!(cache.load("w/1", &k2), None, "another key misses");
        assert_eq!(Cache::open(&root, false).load("w/1", &k1), None, "--clean");
        cache.save("w/1", &k2, b"").unwrap();
        assert_eq!(cache.load("w/1", &k2).as_deref(), Some(&b""[..]));
        assert_eq!(cache.load("w/1", &k1), None, "replaced");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_key_changes_with_a_file_and_with_a_file_added_to_a_tree() {
        let root = temp("key");
        std::fs::create_dir_all(root.join("c/d")).unwrap();
        std::fs::write(root.join("c/a.md"), "一").unwrap();
        let key = || KeyBuilder::new("t").tree(&root, Path::new("c")).finish();
        let first = key();
        assert_eq!(first, key(), "stable");
        std::fs::write(root.join("c/a.md"), "二").unwrap();
        let second = key();
        assert_ne!(first, second);
        std::fs::write(root.join("c/d/b.png"), "x").unwrap();
        assert_ne!(second, key());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
