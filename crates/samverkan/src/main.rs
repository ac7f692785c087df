//! The `samverkan` command. Errors reach the user as one plain sentence and a non-zero exit.

use std::process::ExitCode;

use clap::Parser;

/// The server's many short-lived allocations (a page, a search's postings) are served from
/// per-thread pools: glibc's allocator gave memory back with `madvise` on every few requests,
/// a tenth of a busy server's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = samverkan::cli::Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: could not start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(samverkan::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One sentence per cause, outermost first: "could not open …: no such file".
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
