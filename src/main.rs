//! The `concord` binary: parses the command line and hands over to [`concord::cli`].

use std::process::ExitCode;

fn main() -> ExitCode {
    concord::cli::main()
}
