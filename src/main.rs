use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: a build allocates and frees
/// many large buffers (pages, files read back, index buckets), and glibc
/// hands those back to the kernel and asks again, so that zeroing fresh
/// memory pages took a sixth of a rebuild's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    munipub::cli::run(munipub::cli::Cli::parse())
}
