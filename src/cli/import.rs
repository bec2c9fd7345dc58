//! `munipub import ey FILE.xml…`: the national gazette's open data into
//! documents (the work is in `crate::import`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use crate::import::{self, Options};

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Records of the Executive Yuan Gazette's open-data XML (行政院公報), one
    /// daily file each (named by its ROC date, e.g. 104-01-05.xml).
    Ey(EyArgs),
}

#[derive(Args, Debug)]
pub struct EyArgs {
    /// The daily files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Add categories missing from _gazette.yaml instead of reporting them.
    #[arg(long)]
    pub add_categories: bool,
    /// Replace imported files that were changed since.
    #[arg(long)]
    pub overwrite: bool,
}

pub fn run(root: &Path, cmd: &ImportCommand) -> ExitCode {
    let ImportCommand::Ey(args) = cmd;
    let outcome = import::import_ey(
        root,
        &args.files,
        &Options {
            add_categories: args.add_categories,
            overwrite: args.overwrite,
        },
    );
    for note in &outcome.notes {
        println!("{note}");
    }
    super::report(&outcome.diags);
    println!(
        "imported: {} written, {} unchanged, {} not imported; {}",
        outcome.written,
        outcome.unchanged,
        outcome.skipped,
        super::counts(&outcome.diags)
    );
    if !args.files.is_empty() && outcome.written + outcome.unchanged > 0 {
        println!(
            "not carried over (no place in a munipub document): {}",
            import::ey::FIELDS
                .iter()
                .filter(|f| !import::ey::CARRIED.contains(f))
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if outcome.diags.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
