//! `munipub pdf DATE`: one issue's PDF alone, as a proof to read or print
//! before publishing (the whole site is not built).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use crate::content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::pdf::{self, coverage, fonts::Fonts};
use crate::theme::Theme;

#[derive(Args, Debug)]
pub struct PdfArgs {
    /// The issue's date (its folder name), e.g. 2026-11-15.
    pub issue: String,
    /// Where to write the PDF; default: gazette-<date>.pdf in the current folder.
    #[arg(long, short)]
    pub out: Option<PathBuf>,
    /// Print nothing but problems.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(root: &Path, args: &PdfArgs) -> ExitCode {
    let started = Instant::now();
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("gazette-{}.pdf", args.issue)));
    match issue_pdf(root, &args.issue) {
        Ok((pages_note, bytes)) => {
            if let Err(e) = std::fs::write(&out, &bytes) {
                super::report(&Diagnostics::from(Diagnostic::error(
                    &out,
                    format!("cannot write the PDF: {e}"),
                )));
                return ExitCode::FAILURE;
            }
            if !args.quiet {
                eprintln!(
                    "wrote {} ({pages_note}, {:.0} KB) in {:.2} s",
                    out.display(),
                    bytes.len() as f64 / 1e3,
                    started.elapsed().as_secs_f64()
                );
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            super::report(&diags);
            eprintln!("no PDF written: {}", super::counts(&diags));
            ExitCode::FAILURE
        }
    }
}

/// Loads what the issue needs, typesets it and returns its PDF bytes.
fn issue_pdf(root: &Path, key: &str) -> Result<(String, Vec<u8>), Diagnostics> {
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
        let bytes = std::fs::read(site.root.join(&seal.issue_pdf.path)).map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                &seal.issue_pdf.path,
                format!("cannot read: {e}"),
            ))
        })?;
        return Ok(("sealed, as published".into(), bytes));
    }
    let theme = Theme::load(root)?;
    let book = Fonts::book_for(&site.settings, &theme, false)?;
    let mut missing = Diagnostics::new();
    for doc in &issue.documents {
        match content::source::SourceFile::read(&site.root, &doc.source) {
            Ok(f) => coverage::missing(&book, &doc.source, &f.text)
                .into_iter()
                .chain(coverage::document_tables(&book, doc))
                .for_each(|d| missing.push(d)),
            Err(d) => missing.push(d),
        }
    }
    if missing.has_errors() {
        return Err(missing);
    }
    let (bytes, layout) = pdf::issue_pdf(&site, &book, g, issue).map_err(Diagnostics::from)?;
    Ok((format!("{} pages", layout.pages.len()), bytes))
}
