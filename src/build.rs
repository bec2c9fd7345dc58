//! The build as a library call: check, render into a staging folder, swap
//! it into place; and one issue's PDF alone (`munipub pdf`). Every command
//! (`build`, `serve`, `pdf`, `seal`) is a thin caller of these.

use std::io;
use std::path::{Path, PathBuf};

use crate::content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::Staging;
use crate::progress::Progress;
use crate::render::pdf::{self, coverage, fonts::Fonts};
use crate::render::{self, Options};
use crate::stamp;
use crate::theme::Theme;

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Output folder, relative to the root.
    pub out: PathBuf,
    /// The deployed site's address, overriding site.yaml's base_url.
    pub base_url: Option<String>,
    /// Skip the PDFs.
    pub no_pdf: bool,
    /// Take nothing from the build cache.
    pub clean: bool,
}

/// What a successful build made.
#[derive(Debug)]
pub struct Summary {
    pub warnings: Diagnostics,
    pub pages: usize,
    pub pdfs: usize,
    pub files: usize,
    pub bytes: u64,
}

/// Builds the site; returns the warnings and what was written.
pub fn build(
    root: &Path,
    args: &BuildOptions,
    progress: &Progress,
) -> Result<Summary, Diagnostics> {
    let out = root.join(&args.out);
    if let Err(r) = crate::output::guard::check(root, &out, &args.out) {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(&args.out, r.message).help(r.help));
        return Err(d);
    }
    let _lock = crate::output::lock::acquire(root, || {
        eprintln!("another munipub build of this site is running; waiting for it to finish")
    })
    .map_err(|e| {
        let mut d = Diagnostics::new();
        d.push(Diagnostic::error(
            crate::cache::DIR,
            format!("cannot take the build lock: {e}"),
        ));
        d
    })?;
    let stamp_options = format!("{:?}", (&out, &args.base_url, args.no_pdf));
    let inputs = stamp::inputs(root, stamp_options.as_bytes());
    if !args.clean
        && let Some(made) = stamp::unchanged(root, &out, &inputs)
    {
        progress.note("nothing changed since the last build");
        let mut warnings = Diagnostics::new();
        for w in made.warnings {
            warnings.push(w);
        }
        return Ok(Summary {
            warnings,
            pages: made.pages,
            pdfs: made.pdfs,
            files: made.files,
            bytes: made.bytes,
        });
    }
    stamp::forget(root);
    progress.stage("reading content", None);
    // The staging folder is settled to its list (a look at each of its
    // 100,000 folders at 100 years) while the content is read.
    let lists = output_lists(root, &out, !args.clean);
    let fresh = !crate::output::staging_dir(&out).exists();
    let ((site, mut diags, theme), staging) = rayon::join(
        || {
            let kept = crate::cache::Cache::open(root, !args.clean);
            let (site, diags) = content::load_with(
                root,
                crate::model::Bodies::Dropped,
                Some((&kept, inputs.content())),
            );
            (site, diags, Theme::load(root))
        },
        || Staging::new(&out, Some(lists)),
    );
    // A staging folder this build made (even one it could not finish
    // preparing) is not left behind by a build that stops at the content.
    let drop_staging = |staging: io::Result<Staging>| {
        if fresh {
            let _ = match staging {
                Ok(s) => s.discard(),
                Err(_) => std::fs::remove_dir_all(crate::output::staging_dir(&out)),
            };
        }
    };
    let (mut site, theme) = match (site, theme) {
        (Some(site), Ok(theme)) => (site, theme),
        (_, Err(d)) => {
            diags.extend(d);
            drop_staging(staging);
            return Err(diags);
        }
        (None, _) => {
            drop_staging(staging);
            return Err(diags);
        }
    };
    if let Some(d) = &site.directory {
        if let Some(why) = &d.editions.missing {
            diags.push(
                Diagnostic::warning(
                    "content/directory/_directory.yaml",
                    format!("the directory's changes (異動) are left out: {why}"),
                )
                .help("build in a full git clone (git fetch --unshallow; in GitHub Actions, actions/checkout with fetch-depth: 0)"),
            );
        }
        progress.note(&format!(
            "directory history: {} editions from {} commits in {:.3} s",
            d.editions.list.len(),
            d.editions.commits,
            d.editions.seconds
        ));
    }
    if let Some(url) = &args.base_url {
        match content::normalise_base_url(url) {
            Ok(u) => site.settings.base_url = u,
            Err(p) => {
                diags.push(
                    Diagnostic::error("--base-url", p.message)
                        .help("e.g. --base-url https://www.example.gov.tw/publications/"),
                );
                drop_staging(staging);
                return Err(diags);
            }
        }
    }
    let staging = staging.map_err(|e| {
        if crate::output::is_disk_full(&e) {
            let _ = std::fs::remove_dir_all(crate::output::staging_dir(&out));
        }
        let mut d = diags.clone();
        d.push(Diagnostic::error(
            &args.out,
            format!("cannot prepare the staging folder: {e}"),
        ));
        d
    })?;
    let options = Options {
        no_pdf: args.no_pdf,
        clean: args.clean,
        progress: progress.clone(),
    };
    if let Err(d) = render::render(&site, &theme, &staging, &options) {
        diags.extend(d);
        if staging.disk_full() {
            diags.push(disk_full(&out, &args.out, staging));
        }
        return Err(diags);
    }
    // Ten years of documents take ~40 ms to free; the process ends soon.
    std::mem::forget(site);
    let tally = staging.tally();
    let summary = Summary {
        warnings: Diagnostics::new(),
        pages: tally.pages,
        pdfs: tally.pdfs,
        files: staging.file_count(),
        bytes: staging.byte_count(),
    };
    progress.stage("replacing the output folder", None);
    let pruned = staging.commit().map_err(|e| {
        let mut d = diags.clone();
        d.push(Diagnostic::error(
            &args.out,
            format!("cannot replace the output folder: {e}"),
        ));
        if crate::output::is_disk_full(&e) {
            // The staging folder is gone with `commit`'s `self`; take it away.
            let _ = std::fs::remove_dir_all(crate::output::staging_dir(&out));
        }
        d
    })?;
    progress.note(&match pruned {
        crate::output::Pruned::FromList(r) => format!(
            "staging folder known from the list of the build that made it: {} of {} folders read",
            r.read, r.of
        ),
        crate::output::Pruned::Walked => {
            "staging folder read whole before the build (no list kept for it, or --clean)".into()
        }
    });
    if !diags.has_errors() {
        let made = stamp::Made {
            pages: summary.pages,
            pdfs: summary.pdfs,
            files: summary.files,
            bytes: summary.bytes,
            warnings: diags.iter().cloned().collect(),
        };
        progress.stage("stamping the build", None);
        stamp::keep(root, &inputs, tally.fingerprint, &made);
    }
    Ok(Summary {
        warnings: diags,
        ..summary
    })
}

/// Where the commits into `out` keep their lists of what they wrote (in
/// the build cache, a folder per output); `build --clean` keeps them but
/// does not use them.
fn output_lists(root: &Path, out: &Path, trusted: bool) -> crate::output::Lists {
    let name = xxhash_rust::xxh3::xxh3_64(out.as_os_str().as_encoded_bytes());
    let dir = root
        .join(crate::cache::DIR)
        .join("outputs")
        .join(format!("{name:016x}"));
    crate::output::Lists::new(dir, trusted)
}

/// After the disk filled up: the staging folder is removed (so its space
/// comes back and the next build can run) and the message says how much
/// room a build needs.
fn disk_full(out: &Path, shown: &Path, staging: Staging) -> Diagnostic {
    let written = staging.byte_count();
    let _ = staging.discard();
    let last = crate::output::folder_size(out);
    let free = crate::output::free_space(out.parent().unwrap_or(out));
    let mb = |b: u64| format!("{:.1} MB", b as f64 / 1e6);
    let needed = last.max(written);
    Diagnostic::error(
        shown,
        format!(
            "the disk is full: the build had written {} when it ran out of space; its \
             unfinished files were removed",
            mb(written)
        ),
    )
    .help(format!(
        "a build needs room for a whole new copy of the output beside the old one: about {} \
         (the last output is {}){}; free that much and build again",
        mb(needed),
        mb(last),
        free.map(|f| format!(", and {} is free now", mb(f)))
            .unwrap_or_default()
    ))
}

/// One issue's PDF alone, as the build would publish it, reading only what
/// the issue needs ([`content::load_issue`]); a sealed issue's PDF as it
/// was sealed. Returns a note for the terminal and the bytes.
pub fn issue_pdf(root: &Path, key: &str) -> Result<(String, Vec<u8>), Diagnostics> {
    let (site, diags) = content::load_issue(root, key);
    let site = match site {
        Some(site) if !diags.has_errors() => site,
        _ => return Err(diags),
    };
    let Some(g) = &site.gazette else {
        return Err(Diagnostics::from(Diagnostic::error(
            "content/gazette",
            "this site has no gazette",
        )));
    };
    let Some(issue) = g.issues.iter().find(|i| i.key() == key) else {
        let latest = g.issues.last().map(|i| i.key()).unwrap_or_default();
        return Err(Diagnostics::from(
            Diagnostic::error(
                Path::new("content/gazette").join(key),
                format!("no issue folder {key}"),
            )
            .help(format!("give an issue's folder name, e.g. {latest}")),
        ));
    };
    if let Some(seal) = &issue.seal {
        // Published as sealed, never typeset again.
        let bytes = std::fs::read(site.root.join(&seal.issue_pdf.path))
            .map_err(|e| Diagnostics::from(Diagnostic::cannot_read(&seal.issue_pdf.path, e)))?;
        return Ok(("sealed, as published".into(), bytes));
    }
    let theme = Theme::load(root)?;
    let book = Fonts::book_for(&site.settings, &theme, false)?;
    let problems = coverage::check_issue(&site, &book, issue);
    if problems.has_errors() {
        return Err(problems);
    }
    let (bytes, layout) = pdf::issue_pdf(&site, &book, g, issue).map_err(Diagnostics::from)?;
    Ok((format!("{} pages", layout.pages.len()), bytes))
}
