//! `munipub seal DATE…`: record issues as published (SPEC "Sealed
//! issues"); the work is in [`crate::render::pdf::seal`].

use std::path::Path;
use std::process::ExitCode;

use clap::Args;

use crate::content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::pdf::fonts::Fonts;
use crate::render::pdf::seal::{self, Sealed};
use crate::theme::Theme;

#[derive(Args, Debug)]
pub struct SealArgs {
    /// The issues' dates (their folder names), e.g. 2026-11-15.
    #[arg(required = true)]
    pub dates: Vec<String>,
}

pub fn run(root: &Path, args: &SealArgs) -> ExitCode {
    let diags = super::check::check(root);
    if diags.has_errors() {
        super::report(&diags);
        eprintln!(
            "seal: nothing sealed: {}; an issue is sealed only when `munipub check` passes",
            super::counts(&diags)
        );
        return ExitCode::FAILURE;
    }
    let mut problems = Diagnostics::new();
    let mut done = Vec::new();
    match seal_all(root, &args.dates, &mut problems, &mut done) {
        Ok(()) => {}
        Err(d) => problems.extend(d),
    }
    super::report(&problems);
    for line in &done {
        eprintln!("{line}");
    }
    if problems.has_errors() {
        eprintln!("seal: {}", super::counts(&problems));
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Seals each date in turn; what was done goes into `done`, problems into
/// `problems`.
fn seal_all(
    root: &Path,
    dates: &[String],
    problems: &mut Diagnostics,
    done: &mut Vec<String>,
) -> Result<(), Diagnostics> {
    let (site, diags) = content::load(root);
    let site = site.ok_or(diags)?;
    let theme = Theme::load(root)?;
    let book = Fonts::book(&site, &theme)?;
    for arg in dates {
        let date = match content::parse_date(arg) {
            Ok(d) => d,
            Err(p) => {
                problems.push(
                    Diagnostic::error(Path::new("content/gazette").join(arg), p.message)
                        .help(format!("give an issue's folder name: {}", p.help)),
                );
                continue;
            }
        };
        match seal::seal(&site, &book, date) {
            Ok(Sealed::Now {
                manifest,
                number,
                pdfs,
            }) => done.push(format!(
                "sealed {date} ({number}): {pdfs} PDFs recorded in {}; commit its folder",
                manifest.display()
            )),
            Ok(Sealed::Already { manifest }) => problems.push(
                Diagnostic::warning(&manifest, format!("{date} is already sealed; nothing done"))
                    .help(
                        "a sealed issue never changes: a correction (更正) goes into a later issue",
                    ),
            ),
            Err(d) => problems.push(d),
        }
    }
    Ok(())
}
