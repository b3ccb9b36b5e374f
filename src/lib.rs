//! concord: diff, attribution and convergence analysis for negotiated texts.
//!
//! A negotiation folder flows one way: the drafts are loaded and validated ([`draft`]),
//! tokenized ([`text`]), aligned and diffed ([`diff`]), their changes credited to
//! amendments ([`attribution`]), analysed for convergence ([`convergence`]) and
//! rendered ([`render`]). [`cli`] holds the commands.

pub mod attribution;
pub mod bound;
pub mod cli;
pub mod compile;
pub mod convergence;
pub mod diff;
pub mod draft;
pub mod import;
pub mod init;
pub mod ooxml;
pub mod output;
pub mod render;
pub mod simulate;
pub mod text;
