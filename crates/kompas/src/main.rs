//! The `kompas` command line: parses it and runs the command (see `cli`).

mod cli;

use clap::Parser;
use std::process::ExitCode;

// mimalloc rather than glibc's malloc: a search allocates and frees many
// short-lived buffers (query plans, posting blocks, rows), and glibc spent a
// fifth of the HSDS search API's CPU on them (`perf`, issue 14).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("kompas: kan niet starten: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One clear line: what failed and why.
            eprintln!("kompas: {}", format!("{e:#}").replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}
