//! The command line: one file per command; each returns an exit code.

mod build;
mod check;
mod import;
mod new;
mod pdf;
mod schema;
mod seal;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diag::Diagnostics;

#[derive(Parser, Debug)]
#[command(
    name = "munipub",
    version,
    about = "Builds a city government's publications: gazette, phone directory, Spring couplets"
)]
pub struct Cli {
    /// The site's root folder (the one holding site.yaml).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check, then write the whole site into public/ (or --out DIR).
    Build(build::BuildArgs),
    /// Validate all content and templates; print every problem.
    Check,
    /// Build, serve on 127.0.0.1, rebuild and reload the browser on changes.
    Serve(serve::ServeArgs),
    /// Typeset one issue's PDF alone (a proof, without building the site).
    Pdf(pdf::PdfArgs),
    /// Create content from a skeleton.
    #[command(subcommand)]
    New(new::NewCommand),
    /// Record issues as published: their PDFs and page numbers never change again.
    Seal(seal::SealArgs),
    /// Turn other publications' open data into documents.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Write JSON Schemas of the content files (for editors) into schemas/.
    Schema(schema::SchemaArgs),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => build::run(&cli.root, &args),
        Command::Check => check::run(&cli.root),
        Command::New(cmd) => new::run(&cli.root, &cmd),
        Command::Import(cmd) => import::run(&cli.root, &cmd),
        Command::Schema(args) => schema::run(&cli.root, &args),
        Command::Serve(args) => serve::run(&cli.root, &args),
        Command::Pdf(args) => pdf::run(&cli.root, &args),
        Command::Seal(args) => seal::run(&cli.root, &args),
    }
}

/// Prints diagnostics to stderr, as GitHub annotations too when running
/// in GitHub Actions.
pub fn report(diags: &Diagnostics) {
    use std::io::Write;
    let github = std::env::var_os("GITHUB_ACTIONS").is_some();
    // Buffered: a site converted from Big5 can have 40,000 warnings, and a
    // write each took half a second.
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for d in diags.sorted() {
        let _ = writeln!(err, "{d}");
        if github {
            let _ = writeln!(out, "{}", d.github_annotation());
        }
    }
}

/// `2 errors, 1 warning`.
pub fn counts(diags: &Diagnostics) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(diags.error_count(), "error"),
        plural(diags.warning_count(), "warning")
    )
}
