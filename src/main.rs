//! The `concord` binary: parses the command line and hands over to [`concord::cli`].

use std::process::ExitCode;

/// mimalloc: concord allocates many small vectors (tokens, hunks, origins) from several
/// threads at once, where it is faster than the system allocator (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    concord::cli::main()
}
