//! The `fahras` binary: parse, run, map the outcome to an exit code. The work lives in the library.

use std::process::ExitCode;

use fahras::cli::{self, Outcome};

fn main() -> ExitCode {
    let cli = cli::argv::parse();
    match cli::run(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::NothingFound | Outcome::Incomplete) => ExitCode::from(1),
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("fahras: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// `fahras search … | head` closing the pipe early is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// mimalloc instead of the system's allocator: the index build's threads allocate what others
/// free, which glibc's per-thread arenas keep as unused memory (`benches/RESULTS.md`, "Indexing
/// speed against Lucene").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
