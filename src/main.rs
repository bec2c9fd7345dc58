use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    munipub::cli::run(munipub::cli::Cli::parse())
}
