//! The files under `content/`, listed once. Symlinks are followed only when
//! they stay inside `content/`.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Diagnostic, Diagnostics};

/// Every regular file under `content/`, relative to the site root, sorted.
#[derive(Debug, Default)]
pub struct Files {
    pub paths: Vec<PathBuf>,
}

impl Files {
    /// Files whose parent folder is `dir` (relative to the root).
    pub fn in_dir<'a>(&'a self, dir: &'a Path) -> impl Iterator<Item = &'a PathBuf> + 'a {
        self.paths.iter().filter(move |p| p.parent() == Some(dir))
    }

    /// Files anywhere below `dir`.
    pub fn below<'a>(&'a self, dir: &'a Path) -> impl Iterator<Item = &'a PathBuf> + 'a {
        self.paths.iter().filter(move |p| p.starts_with(dir))
    }
}

pub fn list(root: &Path, diags: &mut Diagnostics) -> Files {
    let content = root.join("content");
    let mut paths = Vec::new();
    if !content.is_dir() {
        return Files { paths };
    }
    let real_content = content.canonicalize().unwrap_or(content.clone());
    for entry in WalkDir::new(&content).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .unwrap_or(Path::new("content"));
                diags.push(Diagnostic::error(rel, format!("cannot read: {e}")));
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let name = entry.file_name().to_string_lossy();
        if name.starts_with('.') && entry.depth() > 0 {
            continue; // .DS_Store, editor swap files, .gitkeep
        }
        if entry.path_is_symlink() {
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&real_content) => {
                    if target.is_file() {
                        paths.push(rel.to_path_buf());
                    }
                }
                Ok(target) => diags.push(
                    Diagnostic::error(
                        rel,
                        format!(
                            "symbolic link points outside content/: {}",
                            target.display()
                        ),
                    )
                    .help("copy the file into content/ instead of linking to it"),
                ),
                Err(_) => diags.push(
                    Diagnostic::error(rel, "symbolic link points to nothing")
                        .help("remove the link or point it at a file inside content/"),
                ),
            }
        } else if entry.file_type().is_file() {
            paths.push(rel.to_path_buf());
        }
    }
    Files { paths }
}
