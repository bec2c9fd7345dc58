//! `munipub pdf DATE`: one issue's PDF alone, as a proof to read or print
//! before publishing (the whole site is not built).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use crate::diag::{Diagnostic, Diagnostics};

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
    match crate::build::issue_pdf(root, &args.issue) {
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
