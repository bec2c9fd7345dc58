//! `munipub build`: check, render into a staging folder, swap it into place.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use crate::content;
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::Staging;
use crate::render::{self, Options};
use crate::theme::Theme;

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
    /// Print nothing but problems.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(root: &Path, args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    match build(root, args) {
        Ok((diags, files, bytes)) => {
            super::report(&diags);
            if !args.quiet {
                eprintln!(
                    "built {} files ({:.1} MB) into {} in {:.1} s ({})",
                    files,
                    bytes as f64 / 1e6,
                    out_dir(root, args).display(),
                    started.elapsed().as_secs_f64(),
                    super::counts(&diags)
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

fn out_dir(root: &Path, args: &BuildArgs) -> PathBuf {
    root.join(&args.out)
}

/// Builds the site; returns warnings, file count and bytes written.
pub fn build(root: &Path, args: &BuildArgs) -> Result<(Diagnostics, usize, u64), Diagnostics> {
    let (site, mut diags) = content::load(root);
    let theme = Theme::load(root);
    let (mut site, theme) = match (site, theme) {
        (Some(site), Ok(theme)) => (site, theme),
        (_, Err(d)) => {
            diags.extend(d);
            return Err(diags);
        }
        (None, _) => return Err(diags),
    };
    if let Some(url) = &args.base_url {
        match content::normalise_base_url(url) {
            Ok(u) => site.settings.base_url = u,
            Err(msg) => {
                diags.push(
                    Diagnostic::error("--base-url", msg)
                        .help("e.g. --base-url https://www.example.gov.tw/publications/"),
                );
                return Err(diags);
            }
        }
    }
    let out = out_dir(root, args);
    let staging = Staging::new(&out).map_err(|e| {
        let mut d = diags.clone();
        d.push(Diagnostic::error(
            &args.out,
            format!("cannot create the staging folder: {e}"),
        ));
        d
    })?;
    let options = Options {
        no_pdf: args.no_pdf,
    };
    if let Err(d) = render::render(&site, &theme, &staging, &options) {
        diags.extend(d);
        return Err(diags);
    }
    let (files, bytes) = (staging.file_count(), staging.byte_count());
    staging.commit().map_err(|e| {
        let mut d = diags.clone();
        d.push(Diagnostic::error(
            &args.out,
            format!("cannot replace the output folder: {e}"),
        ));
        d
    })?;
    Ok((diags, files, bytes))
}
