//! Presentation: terminal, Markdown, HTML, Word and JSON renderings of the analyses.
//! Nothing here computes; renderers only format what the analyses give them.

pub mod terminal;
