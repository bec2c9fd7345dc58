//! Watching the site's sources: `content/` and `themes/` (recursively) and
//! `site.yaml`, with notify, debounced here so that an editor's save (often
//! several writes and a rename) or a `git pull` is one rebuild.
//!
//! The debouncing is ours rather than notify-debouncer-mini's because that
//! one drops the kind of each event, and notify reports every file the
//! build merely *opens* (inotify's OPEN) as an event: each build would
//! trigger the next. Here `Access` events are dropped before debouncing.
//!
//! The root itself is watched non-recursively: that sees `site.yaml`
//! replaced by an editor's atomic save and `content/` or `themes/` being
//! created later ([`Watch::refresh`] then watches inside them). Changes
//! anywhere else — the output folder, `.public.staging`, `.munipub-cache/`,
//! `.git/` — and editors' temporary files are ignored.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::ServeError;

/// Quiet time after the last change before a rebuild starts.
const DEBOUNCE: Duration = Duration::from_millis(250);

/// The folders watched recursively.
const SOURCE_DIRS: [&str; 2] = ["content", "themes"];

/// A running watcher; dropping it stops watching.
pub struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    watched: Vec<PathBuf>,
}

/// The changed sources, as they come.
pub struct Changes {
    rx: Receiver<PathBuf>,
}

impl Changes {
    /// Waits for a change, then for [`DEBOUNCE`] without one; returns every
    /// changed file (relative to the root), sorted, or `None` when the
    /// watcher is gone.
    pub fn next_batch(&self) -> Option<Vec<PathBuf>> {
        let mut batch = vec![self.rx.recv().ok()?];
        loop {
            match self.rx.recv_timeout(DEBOUNCE) {
                Ok(path) => batch.push(path),
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        batch.sort();
        batch.dedup();
        Some(batch)
    }
}

impl Watch {
    /// Watches `root` (canonical), ignoring `out`.
    pub fn start(root: &Path, out: &Path) -> Result<(Watch, Changes), ServeError> {
        let failed = |error| ServeError::Watch {
            path: root.to_path_buf(),
            error,
        };
        let filter = Filter {
            root: root.to_path_buf(),
            out: out.to_path_buf(),
        };
        let (tx, rx) = channel();
        let watcher =
            notify::recommended_watcher(move |result: notify::Result<Event>| match result {
                Ok(event) => send_relevant(&filter, &event, &tx),
                Err(e) => eprintln!("warning: watching files: {e}"),
            })
            .map_err(failed)?;
        let mut watch = Watch {
            root: root.to_path_buf(),
            watcher,
            watched: Vec::new(),
        };
        watch
            .watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(failed)?;
        watch.refresh();
        Ok((watch, Changes { rx }))
    }

    /// Starts watching `content/` and `themes/` if they exist and are not
    /// watched yet (they may have been created, or replaced, since).
    pub fn refresh(&mut self) {
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            if !path.is_dir() {
                self.watched.retain(|w| *w != path);
                continue;
            }
            if self.watched.contains(&path) {
                continue;
            }
            match self.watcher.watch(&path, RecursiveMode::Recursive) {
                Ok(()) => self.watched.push(path),
                Err(e) => eprintln!("warning: cannot watch {}: {e}", path.display()),
            }
        }
    }
}

/// Passes on the sources an event changed; reading a file changes nothing.
fn send_relevant(filter: &Filter, event: &Event, tx: &Sender<PathBuf>) {
    if matches!(event.kind, EventKind::Access(_)) {
        return;
    }
    for path in &event.paths {
        if let Some(rel) = filter.relevant(path) {
            let _ = tx.send(rel);
        }
    }
}

/// Which changed paths are sources of the site.
struct Filter {
    root: PathBuf,
    out: PathBuf,
}

impl Filter {
    /// The path relative to the root, if a change there needs a rebuild.
    fn relevant(&self, path: &Path) -> Option<PathBuf> {
        if path.starts_with(&self.out) {
            return None;
        }
        let rel = path.strip_prefix(&self.root).ok()?;
        is_source(rel).then(|| rel.to_path_buf())
    }
}

/// `site.yaml`, or a file under `content/` or `themes/` that is not hidden
/// and not an editor's temporary file.
pub fn is_source(rel: &Path) -> bool {
    let names: Vec<String> = rel
        .components()
        .map(|c| match c {
            Component::Normal(n) => n.to_string_lossy().into_owned(),
            _ => "/".to_string(),
        })
        .collect();
    let Some(first) = names.first() else {
        return false;
    };
    if names.len() == 1 {
        // The folders themselves (created, removed, renamed) and site.yaml.
        return first == "site.yaml" || SOURCE_DIRS.contains(&first.as_str());
    }
    if !SOURCE_DIRS.contains(&first.as_str()) {
        return false;
    }
    !names.iter().any(|n| is_scratch(n))
}

/// Hidden files and the temporary files editors save through: `.x.swp`,
/// `x~`, `#x#`, `.#x`, Vim's `4913` probe, `x.tmp`.
fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_what_is_ignored() {
        for rel in [
            "site.yaml",
            "content",
            "themes",
            "content/gazette/2026-11-15/01-a.md",
            "content/gazette/2026-11-15/01-a/表.pdf",
            "themes/default/templates/base.html",
            "content/directory/secretariat.yaml",
        ] {
            assert!(is_source(Path::new(rel)), "{rel}");
        }
        for rel in [
            "public",
            "public/index.html",
            ".public.staging/index.html",
            ".public.swap",
            ".munipub-cache/x",
            ".git/index",
            "README.md",
            "site.yaml~",
            ".site.yaml.swp",
            "content/gazette/.01-a.md.swp",
            "content/gazette/01-a.md~",
            "content/gazette/#01-a.md#",
            "content/gazette/.#01-a.md",
            "content/gazette/4913",
            "content/.DS_Store",
            "themes/default/.git/HEAD",
        ] {
            assert!(!is_source(Path::new(rel)), "{rel}");
        }
    }

    #[test]
    fn reading_a_file_is_no_change() {
        use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
        let filter = Filter {
            root: PathBuf::from("/site"),
            out: PathBuf::from("/site/public"),
        };
        let (tx, rx) = channel();
        let at = |kind| Event::new(kind).add_path(PathBuf::from("/site/content/a.md"));
        send_relevant(
            &filter,
            &at(EventKind::Access(AccessKind::Open(AccessMode::Read))),
            &tx,
        );
        send_relevant(
            &filter,
            &at(EventKind::Access(AccessKind::Close(AccessMode::Read))),
            &tx,
        );
        assert!(rx.try_recv().is_err());
        send_relevant(&filter, &at(EventKind::Modify(ModifyKind::Any)), &tx);
        send_relevant(&filter, &at(EventKind::Create(CreateKind::File)), &tx);
        drop(tx);
        let changes = Changes { rx };
        assert_eq!(
            changes.next_batch(),
            Some(vec![PathBuf::from("content/a.md")])
        );
        assert_eq!(changes.next_batch(), None);
    }

    #[test]
    fn the_output_folder_is_ignored_wherever_it_is() {
        let filter = Filter {
            root: PathBuf::from("/site"),
            out: PathBuf::from("/site/content/out"),
        };
        assert_eq!(
            filter.relevant(Path::new("/site/content/a.md")),
            Some(PathBuf::from("content/a.md"))
        );
        assert_eq!(filter.relevant(Path::new("/site/content/out/a.html")), None);
        assert_eq!(filter.relevant(Path::new("/elsewhere/content/a.md")), None);
    }
}
