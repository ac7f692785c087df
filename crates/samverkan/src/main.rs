//! The `samverkan` command. Errors reach the user as one plain sentence and a non-zero exit.

use std::process::ExitCode;

use clap::Parser;

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
