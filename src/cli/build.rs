//! `munipub build`: check, render into a staging folder, swap it into place.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use crate::build::{BuildOptions, build};
use crate::progress::Progress;

#[derive(Args, Debug, Default)]
pub struct BuildArgs {
    /// Output folder, relative to the root.
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
    /// The deployed site's address, overriding site.yaml's base_url.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Skip the PDFs (quick previews).
    #[arg(long)]
    pub no_pdf: bool,
    /// Make everything afresh, taking nothing from the build cache
    /// (.munipub-cache/).
    #[arg(long)]
    pub clean: bool,
    /// Print nothing but problems.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each stage with its time, and what came from the cache.
    #[arg(long, short)]
    pub verbose: bool,
}

impl BuildArgs {
    /// What the library's build is asked to do.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            out: self.out.clone(),
            base_url: self.base_url.clone(),
            no_pdf: self.no_pdf,
            clean: self.clean,
        }
    }
}

pub fn run(root: &Path, args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let progress = Progress::new(args.quiet, args.verbose);
    let result = build(root, &args.options(), &progress);
    progress.finish();
    match result {
        Ok(summary) => {
            super::report(&summary.warnings);
            if !args.quiet {
                eprintln!(
                    "built {} pages, {} PDFs, {} files in all ({:.1} MB) into {} in {:.1} s ({})",
                    summary.pages,
                    summary.pdfs,
                    summary.files,
                    summary.bytes as f64 / 1e6,
                    root.join(&args.out).display(),
                    started.elapsed().as_secs_f64(),
                    super::counts(&summary.warnings)
                );
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            super::report(&diags);
            eprintln!(
                "build failed: {}; the output folder was left as it was",
                super::counts(&diags)
            );
            ExitCode::FAILURE
        }
    }
}
