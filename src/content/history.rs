//! The directory's past editions, read from the site's git history with
//! the `git` command (docs/decisions.md says why not a library).
//!
//! An edition is the directory as of a value of `updated:`. The commits
//! that touched `content/directory/` are walked (first parents: the
//! states the main branch had), grouped by the value of `updated:` in each
//! one's `_directory.yaml`, and each edition is the last commit with its
//! value. Its files are read with one `git cat-file --batch` per step
//! (settings of every commit, trees of the editions, their files) and
//! loaded by the same code as the working tree's (`directory.rs`); an
//! edition that does not load is left out. Ten years of history with 120
//! agency files take well under a second (BENCHMARKS.md, "Directory
//! history").
//!
//! It also checks what makes an edition wrong: `updated:` moving
//! backwards (an error), numbers changed since the current edition was
//! first committed without a new `updated:` (a warning).

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use chrono::NaiveDate;

use super::directory::{self, RawDirectory, SETTINGS};
use super::source::{KeyIndex, SourceFile};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::changes::diff;
use crate::model::{Agency, Directory, Edition, Editions};

/// Attaches the editions found in the history to the working tree's
/// directory, and checks the current edition against them.
pub(super) fn attach(
    root: &Path,
    settings: &SourceFile,
    mut current: Directory,
    diags: &mut Diagnostics,
) -> Directory {
    let started = Instant::now();
    current.editions = match Repo::open(root) {
        Err(missing) => Editions {
            missing: Some(missing.to_string()),
            ..Editions::default()
        },
        Ok(repo) => {
            let past = repo.editions(current.updated);
            check(settings, &current, &past, diags);
            let commits = past.commits;
            let mut list = editions(&current, past.before);
            list.commits = commits;
            list
        }
    };
    current.editions.seconds = started.elapsed().as_secs_f64();
    current
}

/// A key of the history's state for the nothing-changed stamp: the
/// commit checked out and whether the history is whole. A new commit
/// (which can make a new previous edition) or a deepened clone changes it.
pub fn state(root: &Path) -> String {
    match git(
        root,
        &[
            "rev-parse",
            "HEAD",
            "--is-shallow-repository",
            "--show-prefix",
        ],
    ) {
        Ok(out) => String::from_utf8_lossy(&out).into_owned(),
        Err(e) => e.to_string(),
    }
}

/// The list of editions, newest first: the current one, then `before`
/// (newest first), each with its changes against the next older one.
fn editions(current: &Directory, before: Vec<Directory>) -> Editions {
    let mut list = Vec::with_capacity(before.len() + 1);
    list.push(Edition {
        updated: current.updated,
        changes: before.first().map(|p| diff(p, current)).unwrap_or_default(),
        first: before.is_empty(),
        directory: None,
    });
    for (i, d) in before.iter().enumerate() {
        let older = before.get(i + 1);
        list.push(Edition {
            updated: d.updated,
            changes: older.map(|o| diff(o, d)).unwrap_or_default(),
            first: older.is_none(),
            directory: Some(Box::new(d.clone())),
        });
    }
    Editions {
        list,
        ..Editions::default()
    }
}

/// `updated:` moving backwards (an error), numbers changed under the
/// current edition's date since it was first committed (a warning).
fn check(settings: &SourceFile, current: &Directory, past: &Past, diags: &mut Diagnostics) {
    let rel = settings.rel.as_path();
    let pos = || KeyIndex::build(&settings.text, 1).pos("updated");
    if let Some(latest) = past.latest
        && latest > current.updated
    {
        diags.push(
            Diagnostic::error(
                rel,
                format!(
                    "updated: {} is before the edition of {} in the site's history",
                    current.updated, latest
                ),
            )
            .at(pos())
            .help(format!(
                "an edition's date only moves forward: write the date of this edition, {latest} or later"
            )),
        );
    }
    if let Some(first) = &past.first_of_current {
        let changed: Vec<String> = diff(first, current)
            .into_iter()
            .filter(|c| c.kind.is_number())
            .map(|c| format!("{} {} {} → {}", c.agency, c.unit, c.old, c.new))
            .collect();
        if !changed.is_empty() {
            diags.push(
                Diagnostic::warning(
                    rel,
                    format!(
                        "{} number(s) changed since the edition of {} was first committed, but updated: is still {}: {}",
                        changed.len(),
                        current.updated,
                        current.updated,
                        changed.join("；")
                    ),
                )
                .at(pos())
                .help("a changed number is a new edition: set updated: to the date of the change, so that the change is published as 本次異動"),
            );
        }
    }
}

/// What the history holds for the current edition.
#[derive(Default)]
struct Past {
    /// Earlier editions (dates before the current one), newest first.
    before: Vec<Directory>,
    /// The newest `updated:` in the history.
    latest: Option<NaiveDate>,
    /// The current edition's date as first committed, when it was.
    first_of_current: Option<Directory>,
    /// Commits that touched the directory.
    commits: usize,
}

/// A git repository holding the site.
struct Repo {
    root: PathBuf,
    /// The site root's path in the repository, `""` or `site/`.
    prefix: String,
}

impl Repo {
    /// The site's repository, or why there is no (whole) history.
    fn open(root: &Path) -> Result<Repo, NoHistory> {
        let out = git(
            root,
            &["rev-parse", "--is-shallow-repository", "--show-prefix"],
        )
        .map_err(NoHistory::NotARepository)?;
        let out = String::from_utf8_lossy(&out);
        let mut lines = out.lines();
        if lines.next() == Some("true") {
            return Err(NoHistory::Shallow);
        }
        Ok(Repo {
            root: root.to_path_buf(),
            prefix: lines.next().unwrap_or("").to_string(),
        })
    }

    /// The editions before `current` and what the checks need. A history
    /// that cannot be read is an empty one.
    fn editions(&self, current: NaiveDate) -> Past {
        let dir = format!("{}content/directory", self.prefix);
        // No commits yet, or none that touched the directory: no history.
        let Ok(log) = git(
            &self.root,
            &[
                "log",
                "--first-parent",
                "--format=%H",
                "--",
                "content/directory",
            ],
        ) else {
            return Past::default();
        };
        let commits: Vec<String> = String::from_utf8_lossy(&log)
            .lines()
            .map(str::to_string)
            .collect();
        // Each commit's settings; newest commit first.
        let requests: Vec<String> = commits
            .iter()
            .map(|c| format!("{c}:{dir}/_directory.yaml"))
            .collect();
        let mut settings: Vec<Option<(RawDirectory, NaiveDate)>> = cat_file(&self.root, &requests)
            .into_iter()
            .map(|blob| {
                let file = SourceFile::from_bytes(Path::new(SETTINGS), blob?.1).ok()?;
                directory::settings(&file, &mut Diagnostics::new())
            })
            .collect();
        // Each date's newest and oldest commit.
        let mut by_date: BTreeMap<NaiveDate, (usize, usize)> = BTreeMap::new();
        for (i, s) in settings.iter().enumerate() {
            if let Some((_, date)) = s {
                by_date.entry(*date).or_insert((i, i)).1 = i;
            }
        }
        let mut wanted: Vec<usize> = by_date
            .range(..current)
            .rev()
            .map(|(_, (newest, _))| *newest)
            .collect();
        let first_of_current = by_date.get(&current).map(|(_, oldest)| *oldest);
        wanted.extend(first_of_current);
        let mut loaded = self.load(&commits, &wanted, &mut settings);
        let first_of_current = first_of_current.and_then(|i| loaded.remove(&i));
        let before = by_date
            .range(..current)
            .rev()
            .filter_map(|(_, (newest, _))| loaded.remove(newest))
            .collect();
        Past {
            before,
            latest: by_date.keys().next_back().copied(),
            first_of_current,
            commits: commits.len(),
        }
    }

    /// The directories of the commits `wanted` (indexes into `commits`)
    /// that load without error.
    fn load(
        &self,
        commits: &[String],
        wanted: &[usize],
        settings: &mut [Option<(RawDirectory, NaiveDate)>],
    ) -> HashMap<usize, Directory> {
        let dir = format!("{}content/directory", self.prefix);
        let requests: Vec<String> = wanted
            .iter()
            .map(|&i| format!("{}:{dir}", commits[i]))
            .collect();
        let trees: Vec<Vec<(String, String)>> = cat_file(&self.root, &requests)
            .into_iter()
            .map(|t| {
                t.map(|(oid_len, bytes)| tree_entries(&bytes, oid_len))
                    .unwrap_or_default()
            })
            .collect();
        // Every agency file once, however many editions share it.
        let mut oids: Vec<&String> = trees.iter().flatten().map(|(_, oid)| oid).collect();
        oids.sort();
        oids.dedup();
        let requests: Vec<String> = oids.iter().map(|o| o.to_string()).collect();
        let blobs: HashMap<&String, Vec<u8>> = oids
            .iter()
            .copied()
            .zip(cat_file(&self.root, &requests))
            .filter_map(|(oid, b)| Some((oid, b?.1)))
            .collect();
        let mut agencies: HashMap<(&str, &str), Option<Agency>> = HashMap::new();
        let mut out = HashMap::new();
        for (&i, entries) in wanted.iter().zip(&trees) {
            let Some((raw, date)) = settings[i].take() else {
                continue;
            };
            let mut list = Vec::new();
            let mut failed = entries.is_empty();
            for (name, oid) in entries {
                let agency = agencies
                    .entry((name.as_str(), oid.as_str()))
                    .or_insert_with(|| {
                        let rel = Path::new(directory::DIR).join(name);
                        let file = SourceFile::from_bytes(&rel, blobs.get(oid)?.clone()).ok()?;
                        directory::agency(&file, &[], &mut Diagnostics::new())
                    });
                match agency {
                    Some(a) => list.push(a.clone()),
                    None => failed = true,
                }
            }
            if !failed {
                out.insert(i, directory::assemble(raw, date, list));
            }
        }
        out
    }
}

/// The agency files of a tree object: (file name, object id).
fn tree_entries(bytes: &[u8], oid_len: usize) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = bytes;
    while let Some(nul) = rest.iter().position(|&b| b == 0) {
        let Some(oid) = rest.get(nul + 1..nul + 1 + oid_len) else {
            break;
        };
        let head = String::from_utf8_lossy(&rest[..nul]);
        if let Some((mode, name)) = head.split_once(' ')
            && mode.starts_with("100")
            && name != "_directory.yaml"
            && directory::is_agency_file(Path::new(name))
        {
            let hex: String = oid.iter().map(|b| format!("{b:02x}")).collect();
            out.push((name.to_string(), hex));
        }
        rest = &rest[nul + 1 + oid_len..];
    }
    out
}

/// Why the site has no (whole) history: the build's warning says it.
#[derive(Debug)]
enum NoHistory {
    NotARepository(GitError),
    Shallow,
}

impl std::fmt::Display for NoHistory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoHistory::NotARepository(e) => {
                write!(
                    f,
                    "the site is not in a git repository (a plain copy?): {e}"
                )
            }
            NoHistory::Shallow => write!(f, "the site's git history is shallow (a shallow clone)"),
        }
    }
}

/// What went wrong running git.
#[derive(Debug)]
enum GitError {
    /// git could not be started (not installed?).
    Spawn(std::io::Error),
    /// git said no: the first line of what it said.
    Failed(String),
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::Spawn(e) => write!(f, "cannot run git: {e}"),
            GitError::Failed(said) => f.write_str(said),
        }
    }
}

/// Runs `git -C root ARGS`; its output, or its complaint.
fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let out = command(root)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(GitError::Spawn)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        Err(GitError::Failed(
            err.lines().next().unwrap_or("git failed").to_string(),
        ))
    }
}

fn command(root: &Path) -> Command {
    let mut c = Command::new("git");
    // The site's own repository, whatever the environment says (a hook).
    c.arg("-C")
        .arg(root)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env("GIT_OPTIONAL_LOCKS", "0");
    c
}

/// Objects by name (`commit:path` or an id) through one `git cat-file
/// --batch`: for each, its id's length in bytes and its content, or
/// `None` when it is missing.
fn cat_file(root: &Path, requests: &[String]) -> Vec<Option<(usize, Vec<u8>)>> {
    let mut all = vec![None; requests.len()];
    if requests.is_empty() {
        return all;
    }
    let Ok(mut child) = command(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    else {
        return all;
    };
    let input = requests.join("\n") + "\n";
    let stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            let _ = stdin.write_all(input.as_bytes());
        }
    });
    let Ok(output) = child.wait_with_output() else {
        return all;
    };
    let _ = writer.join();
    let mut rest = output.stdout.as_slice();
    for slot in all.iter_mut() {
        let Some(eol) = rest.iter().position(|&b| b == b'\n') else {
            break;
        };
        let header = String::from_utf8_lossy(&rest[..eol]).into_owned();
        rest = &rest[eol + 1..];
        let mut parts = header.rsplitn(3, ' ');
        let (Some(size), Some(_kind), Some(oid)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Ok(size) = size.parse::<usize>() else {
            continue; // "<name> missing"
        };
        let Some(content) = rest.get(..size) else {
            break;
        };
        *slot = Some((oid.len() / 2, content.to_vec()));
        rest = rest.get(size + 1..).unwrap_or_default();
    }
    all
}
