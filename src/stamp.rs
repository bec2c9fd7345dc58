//! Whether anything changed since the last build. After a successful build,
//! munipub keeps a stamp: a hash of the size, modification time and inode
//! of every input file (`site.yaml`, `content/`, `themes/`) and of every
//! output file, with the build's options, its own source, the git commit
//! checked out (the directory's editions come from the history) and the
//! build's summary and warnings (printed again). A build whose stamp is
//! the same has nothing to do, and says so, in a fraction of a second
//! instead of reading ten years of content again (as `make` and `cargo`
//! decide). Anything else (an edited, added, removed or touched input file,
//! an output file changed, added or removed by hand, other options,
//! `build --clean`) builds as usual, and the build cache makes that quick.
//!
//! The output's side is summed as the build writes ([`Staging::tally`])
//! and checked only when the inputs are unchanged ([`fingerprint`]).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::cache::{self, KeyBuilder};
use crate::diag::Diagnostic;
#[cfg(doc)]
use crate::output::Staging;
use crate::output::{FoundFile, file_stamp, file_stamps, fingerprint, fingerprint_of};

/// What a build made, as its summary line tells it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Made {
    pub pages: usize,
    pub pdfs: usize,
    pub files: usize,
    pub bytes: u64,
    /// The build's warnings, printed again by a build that does nothing.
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Stamp {
    inputs: String,
    output: String,
    made: Made,
}

fn path(root: &Path) -> std::path::PathBuf {
    root.join(cache::DIR).join("v1").join("last-build.json")
}

/// The state of a build's inputs and options ([`inputs`]), taken before
/// it reads any: a file saved while the build runs then differs from the
/// stamp, and the next build makes it rather than saying nothing changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs(String, ContentStamps);

impl Inputs {
    /// The [`file_stamp`] of each regular file under `content/`, as the
    /// stamp saw them: the loader keys each issue's kept documents by them
    /// rather than looking at 100,000 files again.
    pub fn content(&self) -> &ContentStamps {
        &self.1
    }
}

/// [`file_stamp`]s of the regular files under `content/`, asked for by
/// their path from the site's root (`content/gazette/2026-11-15/01-x.md`).
/// Looked up by path only when the loader first asks: a build with
/// nothing to do never does.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContentStamps {
    found: Vec<FoundFile>,
    by_path: std::sync::OnceLock<rustc_hash::FxHashMap<String, u128>>,
}

impl ContentStamps {
    pub fn get(&self, rel: &Path) -> Option<u128> {
        let by_path = self.by_path.get_or_init(|| {
            let found = self.found.iter();
            found.map(|f| (f.rel.clone(), f.stamp)).collect()
        });
        by_path
            .get(rel.strip_prefix("content").ok()?.to_str()?)
            .copied()
    }
}

/// What the last build made, if its stamp is this one: the same inputs,
/// output and options.
pub fn unchanged(root: &Path, out: &Path, inputs: &Inputs) -> Option<Made> {
    let kept: Stamp = serde_json::from_slice(&std::fs::read(path(root)).ok()?).ok()?;
    if kept.inputs != inputs.0 {
        return None;
    }
    let output = format!("{:032x}", fingerprint(out).ok()?);
    (output == kept.output).then_some(kept.made)
}

/// Keeps the stamp of the build that read `inputs` and just wrote an
/// output of `output` [`Staging::tally`]. A stamp that cannot be
/// written only means the next build does its work.
pub fn keep(root: &Path, inputs: &Inputs, output: u128, made: &Made) {
    let stamp = Stamp {
        inputs: inputs.0.clone(),
        output: format!("{output:032x}"),
        made: made.clone(),
    };
    if let Ok(json) = serde_json::to_vec(&stamp) {
        let path = path(root);
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = std::fs::write(path, json);
    }
}

/// Forgets the stamp (before a build that may fail half-way).
pub fn forget(root: &Path) {
    let _ = std::fs::remove_file(path(root));
}

/// The options (anything that changes the output: the output folder, the
/// base URL, whether PDFs are made), every input file's [`file_stamp`]
/// (`site.yaml`, and under `content/` and `themes/`), and the state of
/// the git history.
pub fn inputs(root: &Path, options: &[u8]) -> Inputs {
    let mut key = KeyBuilder::new("stamp");
    key.bytes(options);
    let content = file_stamps(&root.join("content"));
    let sums = [
        (
            "content",
            content
                .as_ref()
                .ok()
                .map(|files| fingerprint_of(files.iter().map(|f| f.stamp))),
        ),
        ("themes", fingerprint(&root.join("themes")).ok()),
    ];
    for (rel, sum) in sums {
        key.bytes(rel.as_bytes())
            .bytes(&sum.map_or([0xFF; 16], u128::to_le_bytes));
    }
    let content = ContentStamps {
        found: content
            .unwrap_or_default()
            .into_iter()
            .filter(|f| f.regular)
            .collect(),
        by_path: Default::default(),
    };
    let site = std::fs::metadata(root.join("site.yaml")).map(|m| file_stamp("site.yaml", &m));
    key.bytes(&site.map_or([0; 16], |s| s.to_le_bytes()));
    key.bytes(crate::content::history_state(root).as_bytes());
    Inputs(format!("{:?}", key.finish()), content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_holds_until_an_input_or_output_file_changes() {
        let root = std::env::temp_dir().join(format!("munipub-stamp-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let out = root.join("public");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(root.join("site.yaml"), "title: x\n").unwrap();
        std::fs::write(root.join("content/a.md"), "a").unwrap();
        std::fs::write(out.join("index.html"), "<p>a</p>").unwrap();
        let made = Made {
            pages: 1,
            ..Made::default()
        };
        let keep = |root: &Path, out: &Path, opts: &[u8], made: &Made| {
            keep(root, &inputs(root, opts), fingerprint(out).unwrap(), made)
        };
        let unchanged =
            |root: &Path, out: &Path, opts: &[u8]| unchanged(root, out, &inputs(root, opts));
        assert_eq!(unchanged(&root, &out, b"opts"), None, "no stamp yet");
        keep(&root, &out, b"opts", &made);
        assert_eq!(unchanged(&root, &out, b"opts"), Some(made.clone()));
        assert_eq!(unchanged(&root, &out, b"other"), None, "other options");

        std::fs::write(root.join("content/b.md"), "b").unwrap();
        assert_eq!(unchanged(&root, &out, b"opts"), None, "a file added");
        keep(&root, &out, b"opts", &made);
        std::fs::write(out.join("index.html"), "<p>b</p>").unwrap();
        assert_eq!(
            unchanged(&root, &out, b"opts"),
            None,
            "output changed by hand"
        );
        keep(&root, &out, b"opts", &made);
        std::fs::remove_file(out.join("index.html")).unwrap();
        assert_eq!(unchanged(&root, &out, b"opts"), None, "output removed");
        keep(&root, &out, b"opts", &made);
        forget(&root);
        assert_eq!(unchanged(&root, &out, b"opts"), None, "forgotten");

        // An input saved while a build ran: the stamp is of what it read.
        let read = inputs(&root, b"opts");
        std::fs::write(root.join("content/a.md"), "a, saved during the build").unwrap();
        super::keep(&root, &read, fingerprint(&out).unwrap(), &made);
        assert_eq!(
            unchanged(&root, &out, b"opts"),
            None,
            "a file saved during the build"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn the_stamp_knows_each_content_file_as_the_loader_names_it() {
        let root = std::env::temp_dir().join(format!("munipub-stamp-c-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let issue = root.join("content/gazette/2026-11-15");
        std::fs::create_dir_all(&issue).unwrap();
        std::fs::write(issue.join("01-a.md"), "a").unwrap();
        let rel = Path::new("content/gazette/2026-11-15/01-a.md");
        let before = inputs(&root, b"").content().get(rel);
        assert!(
            before.is_some(),
            "a document is known by its path from the root"
        );
        std::fs::write(issue.join("01-a.md"), "a, edited").unwrap();
        let after = inputs(&root, b"").content().get(rel);
        assert!(
            after.is_some() && after != before,
            "and its stamp follows the file"
        );
        #[cfg(unix)]
        {
            // A link's stamp is of the link: the loader looks at its target.
            std::os::unix::fs::symlink("01-a.md", issue.join("02-b.md")).unwrap();
            let link = Path::new("content/gazette/2026-11-15/02-b.md");
            assert_eq!(inputs(&root, b"").content().get(link), None);
        }
        std::fs::remove_dir_all(&root).unwrap();
    }
}
