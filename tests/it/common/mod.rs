//! Helpers shared by the integration tests: run the built `munipub` binary,
//! copy fixtures into temporary folders, read diagnostics and output files.

#![allow(dead_code)]

pub mod static_server;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `tests/fixtures/<rel>`.
pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// What one run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Every diagnostic printed on stderr.
    pub fn diagnostics(&self) -> Vec<Diag> {
        parse_diagnostics(&self.stderr)
    }

    pub fn errors(&self) -> Vec<Diag> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.severity == "error")
            .collect()
    }

    /// The one error of a fixture with exactly one problem.
    pub fn only_error(&self) -> Diag {
        let errors = self.errors();
        assert_eq!(
            errors.len(),
            1,
            "expected exactly one error, got {}:\n{}",
            errors.len(),
            self.stderr
        );
        errors.into_iter().next().unwrap()
    }
}

/// Runs `munipub ARGS` and checks it did not panic.
pub fn munipub<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_munipub"))
        .args(args)
        .env_remove("GITHUB_ACTIONS")
        .output()
        .expect("the munipub binary runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "munipub panicked:\n{}",
        run.stderr
    );
    assert_ne!(
        run.code, 101,
        "munipub exited with a panic:\n{}",
        run.stderr
    );
    run
}

/// `munipub check --root ROOT`.
pub fn check(root: &Path) -> Run {
    munipub(&["check".as_ref(), "--root".as_ref(), root.as_os_str()])
}

/// `munipub build --root ROOT --out OUT` plus `extra` arguments.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<std::ffi::OsString> = vec![
        "build".into(),
        "--root".into(),
        root.into(),
        "--out".into(),
        out.into(),
    ];
    args.extend(extra.iter().map(Into::into));
    munipub(&args)
}

/// One `path:line:col: error: message` with its `  = help: ...` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diag {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub severity: String,
    pub message: String,
    pub help: String,
}

impl Diag {
    /// `(line, column)` with 0 for what is missing, for short assertions.
    pub fn pos(&self) -> (usize, usize) {
        (self.line.unwrap_or(0), self.column.unwrap_or(0))
    }
}

pub fn parse_diagnostics(stderr: &str) -> Vec<Diag> {
    let mut out: Vec<Diag> = Vec::new();
    for line in stderr.lines() {
        if let Some(help) = line.strip_prefix("  = help: ") {
            if let Some(last) = out.last_mut() {
                last.help = help.to_string();
            }
            continue;
        }
        let Some((location, severity, message)) = ["error", "warning"].iter().find_map(|s| {
            let marker = format!(": {s}: ");
            line.split_once(&marker)
                .map(|(loc, msg)| (loc, s.to_string(), msg))
        }) else {
            continue;
        };
        let mut parts: Vec<&str> = location.split(':').collect();
        let mut numbers = Vec::new();
        while numbers.len() < 2 {
            match parts.last().and_then(|p| p.parse::<usize>().ok()) {
                Some(n) if parts.len() > 1 => {
                    numbers.insert(0, n);
                    parts.pop();
                }
                _ => break,
            }
        }
        out.push(Diag {
            file: parts.join(":"),
            line: numbers.first().copied(),
            column: numbers.get(1).copied(),
            severity,
            message: message.to_string(),
            help: String::new(),
        });
    }
    out
}

/// A folder under the system's temp folder, removed when dropped (kept
/// when `MUNIPUB_KEEP_TEMP` is set, for debugging).
pub struct TempDir {
    pub path: PathBuf,
}

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path =
            std::env::temp_dir().join(format!("munipub-test-{name}-{}-{n}", std::process::id()));
        if path.exists() {
            std::fs::remove_dir_all(&path).unwrap();
        }
        std::fs::create_dir_all(&path).unwrap();
        TempDir { path }
    }

    pub fn join(&self, rel: &str) -> PathBuf {
        self.path.join(rel)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("MUNIPUB_KEEP_TEMP").is_none() {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// A temp folder holding a copy of `tests/fixtures/<rel>` in `site/`.
pub struct TempSite {
    pub dir: TempDir,
    pub root: PathBuf,
}

impl TempSite {
    pub fn copy_of(rel: &str) -> TempSite {
        let dir = TempDir::new(&rel.replace('/', "-"));
        let root = dir.join("site");
        copy_dir(&fixture(rel), &root);
        TempSite { dir, root }
    }

    /// `root/rel`.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes `bytes` to `root/rel`, creating folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    /// A folder beside the site, for build output.
    pub fn out(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// Copies a folder recursively (regular files only).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Asserts two trees have the same files with the same bytes, naming the
/// first difference.
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "{what}: file lists differ; only in the first: {only_a:?}; only in the second: {only_b:?}"
    );
    for (path, bytes) in a {
        assert!(
            *bytes == b[path],
            "{what}: {path} differs ({} bytes vs {} bytes)",
            bytes.len(),
            b[path].len()
        );
    }
}

/// The text of an HTML fragment: tags removed, common entities decoded.
pub fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The text of the page's `<h1>`.
pub fn h1(html: &str) -> String {
    let start = html.find("<h1").expect("the page has an <h1>");
    let rest = &html[start..];
    let open_end = rest.find('>').unwrap() + 1;
    let close = rest.find("</h1>").expect("the <h1> is closed");
    text_of(&rest[open_end..close]).trim().to_string()
}

/// The values of every `attr="..."` in `html`.
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let marker = format!(" {attr}=\"");
    html.match_indices(&marker)
        .filter_map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Runs one of the PDF tools the tests check output with (poppler-utils,
/// qpdf); a missing tool fails the test with the package to install.
#[allow(dead_code)]
pub fn pdf_tool(program: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            let package = if program == "qpdf" { "qpdf" } else { "poppler-utils" };
            panic!("cannot run `{program}` ({e}): the PDF tests need it; install it with `apt-get install {package}`")
        })
}

/// A PDF's objects and content streams uncompressed, as text (`qpdf
/// --qdf`): operators such as `0 g` or `0 1 0.85 0.1 k` can be looked for.
pub fn pdf_as_text(pdf: &Path) -> String {
    let out = pdf_tool(
        "qpdf",
        &[
            "--qdf",
            "--object-streams=disable",
            pdf.to_str().unwrap(),
            "-",
        ],
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
