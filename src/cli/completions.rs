//! `concord completions` and `concord man`: shell completions and man pages, generated
//! from the same clap definitions as `--help`, so they never fall behind the commands.

use std::io::Write;
use std::path::PathBuf;

use clap::CommandFactory;

use super::Cli;
use super::common::{CommandError, Global, exit, shown};
use crate::output::write_atomic;

/// Print a shell completion script.
///
/// Load it in the current shell, or save it where your shell looks for completions.
///
/// Example: concord completions bash > ~/.local/share/bash-completion/completions/concord
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Print the man page, or write one page per command into a folder.
///
/// Example: concord man --out target/man && man target/man/concord.1
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write concord.1 and concord-<command>.1 into this folder instead of printing concord.1.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Runs `concord completions`.
pub fn completions(_global: &Global, args: &CompletionsArgs, out: &mut dyn Write) -> Result<u8, CommandError> {
    let mut cmd = Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "concord", out);
    Ok(exit::OK)
}

/// Runs `concord man`.
pub fn man(_global: &Global, args: &ManArgs, out: &mut dyn Write) -> Result<u8, CommandError> {
    let mut cmd = Cli::command();
    cmd.build();
    let Some(dir) = &args.out else {
        let mut page = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut page)?;
        out.write_all(&page)?;
        return Ok(exit::OK);
    };
    std::fs::create_dir_all(dir)?;
    let mut pages = vec![("concord".to_owned(), cmd.clone())];
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set() && s.get_name() != "help") {
        pages.push((format!("concord-{}", sub.get_name()), sub.clone().version(env!("CARGO_PKG_VERSION"))));
    }
    for (name, page_cmd) in pages {
        let mut page = Vec::new();
        clap_mangen::Man::new(page_cmd).title(name.clone()).render(&mut page)?;
        let path = dir.join(format!("{name}.1"));
        write_atomic(&path, &page)?;
        writeln!(out, "wrote {}", shown(&path))?;
    }
    Ok(exit::OK)
}
