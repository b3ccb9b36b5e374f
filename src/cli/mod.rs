//! The command line: one file per command. Commands load the drafts through
//! [`crate::draft::load`], run the analyses and hand the results to [`crate::render`].

mod amendments;
mod blame;
mod check;
mod common;
mod completions;
mod diff;
mod export;
mod import;
mod import_amendments;
mod init;
mod report;
mod schema;
mod simulate;
mod status;

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use common::{CommandError, Global, exit};

/// Diff, attribution and convergence for negotiated texts.
///
/// A negotiation is a folder of YAML files (see docs/format.md): the revisions of the
/// text, the delegations and groups, and the amendments proposed on each revision.
#[derive(Debug, Parser)]
#[command(name = "concord", version, max_term_width = 100, after_help = GUIDE)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The short guide printed by `concord` with no command.
const GUIDE: &str = "\
Start here:
  concord init DIR --baseline FILE   create a negotiation folder from the previous final report
  concord import FILE --as ID        add a Chair's draft (.docx, .md, .txt) as a new revision
  concord import-amendments FILE --on ID
                                     add the written inputs of a compilation (.csv, .md, .docx)
  concord check                      validate the drafts folder (default: ./drafts)
  concord diff                       what changed in the latest revision, and whose amendment it was
  concord blame                      where every phrase of the latest text entered
  concord amendments                 every amendment with its outcome
  concord status                     where every element stands: agreed, converging, contested
  concord report                     the convergence report (Markdown, HTML, JSON)
  concord export                     a revision as Word (with tracked changes), Markdown or text

Run `concord <command> --help` for the options and an example.";

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    Init(init::Args),
    Check(check::Args),
    Diff(diff::Args),
    Blame(blame::Args),
    Amendments(amendments::Args),
    Status(status::Args),
    Report(report::Args),
    Export(export::Args),
    Import(import::Args),
    ImportAmendments(import_amendments::Args),
    Schema(schema::Args),
    #[command(hide = true)]
    Completions(completions::CompletionsArgs),
    #[command(hide = true)]
    Man(completions::ManArgs),
    #[command(hide = true)]
    Simulate(simulate::Args),
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { exit::USAGE } else { exit::OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let Some(command) = cli.command else {
        println!("concord {}\n\n{GUIDE}", env!("CARGO_PKG_VERSION"));
        return ExitCode::from(exit::OK);
    };
    // Standard output is line-buffered: a long JSON diff would cost one write per line.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let result = match command {
        Command::Check(args) => check::run(&cli.global, &args, &mut out),
        Command::Diff(args) => diff::run(&cli.global, &args, &mut out),
        Command::Blame(args) => blame::run(&cli.global, &args, &mut out),
        Command::Amendments(args) => amendments::run(&cli.global, &args, &mut out),
        Command::Status(args) => status::run(&cli.global, &args, &mut out),
        Command::Report(args) => report::run(&cli.global, &args, &mut out),
        Command::Export(args) => export::run(&cli.global, &args, &mut out),
        Command::Import(args) => import::run(&cli.global, &args, &mut out),
        Command::Init(args) => init::run(&cli.global, &args, &mut out),
        Command::ImportAmendments(args) => import_amendments::run(&cli.global, &args, &mut out),
        Command::Schema(args) => schema::run(&cli.global, &args, &mut out),
        Command::Completions(args) => completions::completions(&cli.global, &args, &mut out),
        Command::Man(args) => completions::man(&cli.global, &args, &mut out),
        Command::Simulate(args) => simulate::run(&cli.global, &args, &mut out),
    };
    let code = match result {
        Ok(code) => code,
        Err(CommandError::BrokenPipe) => exit::OK,
        Err(e) => {
            let _ = out.flush();
            eprintln!("{e}");
            e.exit_code()
        }
    };
    let _ = out.flush();
    ExitCode::from(code)
}
