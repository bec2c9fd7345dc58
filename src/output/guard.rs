//! What may be an output folder. A build replaces its output folder whole
//! (and keeps the one before as its hidden staging folder), so munipub
//! must only ever replace a folder it made: one holding its [`MARKER`]
//! file, or an empty or absent one. Anything else — a folder of someone's
//! files, a file, a symbolic link, the site's own folders (the root and
//! anything above it, `content/`, `themes/`, `.git/`, the build cache) — is
//! refused before anything is moved, with a message saying why and what to
//! do. See docs/decisions.md ("The output folder").

use std::path::{Component, Path, PathBuf};

/// The file every output folder munipub makes holds, telling that munipub
/// made it and may replace it.
pub const MARKER: &str = ".munipub-output";

/// What the marker file says to whoever opens it.
pub const MARKER_TEXT: &str = "This folder was made by munipub build and is replaced whole by every \
build.\nDo not keep other files here: they would be removed.\n";

/// Why a folder cannot be the output (or its staging folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong, naming the path as given.
    pub message: String,
    /// What to do instead.
    pub help: String,
}

/// Checks that `target` (the output folder, `root` joined with `--out`)
/// and the hidden folders beside it that the build uses may be replaced.
/// `shown` is the path as the user gave it, for messages.
pub fn check(root: &Path, target: &Path, shown: &Path) -> Result<(), Refusal> {
    let shown = shown.display().to_string();
    let refuse = |message: String, help: &str| {
        Err(Refusal {
            message,
            help: help.to_string(),
        })
    };
    let other = "give --out a folder of its own, e.g. --out public";
    let real = match resolve(target) {
        Ok(p) => p,
        Err(e) => {
            return refuse(
                format!("cannot use \"{shown}\" as the output folder: {e}"),
                other,
            );
        }
    };
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if root.starts_with(&real) {
        return refuse(
            format!("\"{shown}\" holds the site itself and cannot be the output folder"),
            other,
        );
    }
    for own in ["content", "themes", ".git", crate::cache::DIR, "site.yaml"] {
        if real.starts_with(root.join(own)) {
            return refuse(
                format!("\"{shown}\" is inside the site's {own} and cannot be the output folder"),
                other,
            );
        }
    }
    if let Some(why) = not_made_by_munipub(target) {
        return refuse(
            format!("\"{shown}\" {why}"),
            &format!(
                "munipub only replaces a folder it made (one holding its {MARKER} file) or an \
             empty one; move the files away or choose another folder; if an earlier version of \
             munipub made this folder, delete it once and build again"
            ),
        );
    }
    for beside in [super::staging_dir(target), super::swap_dir(target)] {
        if let Some(why) = not_made_by_munipub(&beside) {
            return refuse(
                format!(
                    "\"{}\", which the build needs beside the output folder, {why}",
                    beside.display()
                ),
                "move it away or choose another output folder",
            );
        }
    }
    Ok(())
}

/// Why the folder at `path` may not be replaced, if it may not: it is not
/// a plain folder, or holds files but no marker. Absent is fine.
fn not_made_by_munipub(path: &Path) -> Option<String> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(_) => return None,
    };
    if meta.file_type().is_symlink() {
        return Some("is a symbolic link; munipub would replace it or write through it".into());
    }
    if !meta.is_dir() {
        return Some("is a file, not a folder".into());
    }
    if path.join(MARKER).is_file() {
        return None;
    }
    match std::fs::read_dir(path).map(|mut entries| entries.next().is_none()) {
        Ok(true) => None,
        Ok(false) => Some("holds files that munipub did not make".into()),
        Err(e) => Some(format!("cannot be read: {e}")),
    }
}

/// `path` with symbolic links resolved as far as it exists, and `.` and
/// `..` taken away from the rest.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.clone();
    let mut rest = Vec::new();
    while std::fs::symlink_metadata(&existing).is_err() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut real = existing.canonicalize()?;
    for part in rest.iter().rev() {
        match Path::new(part).components().next() {
            Some(Component::ParentDir) => {
                real.pop();
            }
            Some(Component::Normal(n)) => real.push(n),
            _ => {}
        }
    }
    Ok(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "munipub-guard-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for d in ["content/gazette", "themes/default"] {
            std::fs::create_dir_all(dir.join(d)).unwrap();
        }
        std::fs::write(dir.join("site.yaml"), "title: x\n").unwrap();
        dir
    }

    fn refused(root: &Path, out: &str) -> Option<String> {
        check(root, &root.join(out), Path::new(out))
            .err()
            .map(|r| r.message)
    }

    #[test]
    fn the_sites_own_folders_are_refused() {
        let root = site();
        for out in [
            ".",
            "..",
            "../..",
            "content",
            "content/gazette",
            "content/new",
            "themes",
            "./themes/../content",
            "site.yaml",
            ".munipub-cache",
            "/",
        ] {
            assert!(refused(&root, out).is_some(), "{out} was accepted");
        }
        assert_eq!(refused(&root, "public"), None);
        assert_eq!(refused(&root, "../elsewhere-public"), None);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn only_empty_or_marked_folders_are_replaced() {
        let root = site();
        std::fs::create_dir_all(root.join("home")).unwrap();
        std::fs::write(root.join("home/.bashrc"), "x").unwrap();
        let why = refused(&root, "home").unwrap();
        assert!(why.contains("did not make"), "{why}");
        std::fs::write(root.join("notes.txt"), "x").unwrap();
        assert!(refused(&root, "notes.txt").unwrap().contains("is a file"));
        std::fs::create_dir_all(root.join("empty")).unwrap();
        assert_eq!(refused(&root, "empty"), None);
        std::fs::create_dir_all(root.join("made")).unwrap();
        std::fs::write(root.join("made/index.html"), "x").unwrap();
        std::fs::write(root.join("made").join(MARKER), MARKER_TEXT).unwrap();
        assert_eq!(refused(&root, "made"), None);
        // A stranger's folder where the staging folder goes.
        std::fs::create_dir_all(root.join(".made.staging")).unwrap();
        std::fs::write(root.join(".made.staging/id_rsa"), "x").unwrap();
        assert!(refused(&root, "made").unwrap().contains(".made.staging"));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_refused() {
        let root = site();
        std::fs::create_dir_all(root.join("real")).unwrap();
        std::os::unix::fs::symlink(root.join("real"), root.join("link")).unwrap();
        assert!(refused(&root, "link").unwrap().contains("symbolic link"));
        std::os::unix::fs::symlink(root.join("content"), root.join("sneaky")).unwrap();
        assert!(refused(&root, "sneaky/x").unwrap().contains("content"));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
