//! `munipub serve`: the editors' preview. Builds with `munipub build`'s own
//! function, serves the output on this computer only (unless `--bind` says
//! otherwise), rebuilds on every saved change and reloads the browser.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;

use crate::build::{BuildOptions, build};
use crate::serve::{self, Config};

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// The address to listen on. The default answers this computer only;
    /// 0.0.0.0 shows the preview to the whole network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Output folder, relative to the root.
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
    /// Skip the PDFs (quicker rebuilds).
    #[arg(long)]
    pub no_pdf: bool,
}

pub fn run(root: &Path, args: &ServeArgs) -> ExitCode {
    let build_args = BuildOptions {
        out: args.out.clone(),
        no_pdf: args.no_pdf,
        ..BuildOptions::default()
    };
    let config = Config {
        root: root.to_path_buf(),
        out: args.out.clone(),
        addr: SocketAddr::new(args.bind, args.port),
    };
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other computers on the network can see this preview",
            args.bind
        );
    }
    let result = serve::run(
        &config,
        || build_once(root, &build_args),
        // The first line on stdout, for people and for scripts (--port 0).
        |url| println!("serving {url}"),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}

/// One build, reported on the terminal like `munipub build`.
fn build_once(root: &Path, args: &BuildOptions) -> Result<(), crate::diag::Diagnostics> {
    let started = Instant::now();
    match build(root, args, &crate::progress::Progress::hidden()) {
        Ok(summary) => {
            let (diags, files, bytes) = (summary.warnings, summary.files, summary.bytes);
            super::report(&diags);
            eprintln!(
                "built {} files ({:.1} MB) in {:.1} s ({})",
                files,
                bytes as f64 / 1e6,
                started.elapsed().as_secs_f64(),
                super::counts(&diags)
            );
            Ok(())
        }
        Err(diags) => {
            super::report(&diags);
            eprintln!(
                "build failed: {}; the browser shows the problems until they are fixed",
                super::counts(&diags)
            );
            Err(diags)
        }
    }
}
