//! What a long build is doing: a progress bar on a terminal (stage, done of
//! total), nothing in CI or when stderr is not a terminal; with `--verbose`,
//! a line per stage with the time it started and what the cache gave.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Shared by the stages of one build; clones report to the same bar.
#[derive(Debug, Clone)]
pub struct Progress {
    bar: Option<ProgressBar>,
    verbose: bool,
    started: Instant,
}

impl Default for Progress {
    fn default() -> Self {
        Progress::hidden()
    }
}

impl Progress {
    /// A bar when stderr is a terminal outside CI and not `quiet`.
    pub fn new(quiet: bool, verbose: bool) -> Progress {
        let show = !quiet && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = show.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Progress {
            bar,
            verbose: verbose && !quiet,
            started: Instant::now(),
        }
    }

    /// Reports nothing.
    pub fn hidden() -> Progress {
        Progress {
            bar: None,
            verbose: false,
            started: Instant::now(),
        }
    }

    /// A new stage: `what`, with `total` steps when known.
    pub fn stage(&self, what: &str, total: Option<u64>) {
        if self.verbose {
            self.note(what);
        }
        let Some(bar) = &self.bar else { return };
        bar.reset();
        match total {
            Some(n) => {
                bar.set_length(n);
                bar.set_style(
                    ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}")
                        .unwrap_or_else(|_| ProgressStyle::default_bar())
                        .progress_chars("=> "),
                );
            }
            None => {
                bar.unset_length();
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {msg} {pos}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                );
            }
        }
        bar.set_message(what.to_string());
    }

    /// One more step of the stage done.
    pub fn inc(&self) {
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    /// A line for `--verbose`, with the time since the build started.
    pub fn note(&self, line: &str) {
        if !self.verbose {
            return;
        }
        let line = format!("{:>7.2} s  {line}", self.started.elapsed().as_secs_f64());
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    pub fn verbose(&self) -> bool {
        self.verbose
    }

    /// Removes the bar before the summary is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
