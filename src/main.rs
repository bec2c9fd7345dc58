use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: a build allocates and frees
/// many large buffers (pages, files read back, index buckets), and glibc
/// hands those back to the kernel and asks again, so that zeroing fresh
/// memory pages took a sixth of a rebuild's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    no_huge_pages();
    munipub::cli::run(munipub::cli::Cli::parse())
}

/// Transparent huge pages off for this process. mimalloc asks for them, and
/// the kernel then zeroes 2 MB at a first touch where a build uses a few
/// kilobytes: a seventh of a 100-year rebuild's samples were that zeroing,
/// and its system time fell from 3.4 to 2.5 s without them (BENCHMARKS.md,
/// session 11). The kernel checks the flag when a page is first touched, so
/// setting it here covers every allocation after. Where it is refused (an
/// old kernel), nothing changes but the speed.
#[allow(unsafe_code)] // one system call libc has and std has not
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
