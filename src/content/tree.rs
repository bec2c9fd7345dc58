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
    let mut paths = Vec::new();
    walk(root, Path::new("content"), &mut paths, diags);
    Files { paths }
}

/// What the issue `content/gazette/<key>/` needs: the gazette's settings,
/// every file of that issue and, of every other issue, its `issue.yaml`
/// alone (extra issues are numbered in order). The folders of
/// `also` (issues whose documents it corrects) are listed whole.
pub fn list_issue(root: &Path, key: &str, also: &[String], diags: &mut Diagnostics) -> Files {
    let gazette = Path::new("content/gazette");
    let mut paths = Vec::new();
    let settings = gazette.join("_gazette.yaml");
    if root.join(&settings).is_file() {
        paths.push(settings);
    }
    let mut folders: Vec<String> = match std::fs::read_dir(root.join(gazette)) {
        Ok(dir) => dir
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect(),
        Err(_) => Vec::new(),
    };
    folders.sort();
    for folder in folders {
        let rel = gazette.join(&folder);
        if folder == key || also.contains(&folder) {
            walk(root, &rel, &mut paths, diags);
        } else if root.join(rel.join("issue.yaml")).is_file() {
            paths.push(rel.join("issue.yaml"));
        }
    }
    Files { paths }
}

/// Every file below `sub` (relative to `root`) into `paths`, sorted.
fn walk(root: &Path, sub: &Path, paths: &mut Vec<PathBuf>, diags: &mut Diagnostics) {
    let content = root.join("content");
    let start = root.join(sub);
    if !start.is_dir() {
        return;
    }
    let real_content = content.canonicalize().unwrap_or(content.clone());
    for entry in WalkDir::new(&start).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .unwrap_or(Path::new("content"));
                diags.push(Diagnostic::cannot_read(rel, &e));
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
}
