//! Presentation: terminal, Markdown, HTML, Word and JSON renderings of the analyses.
//! Nothing here computes; renderers only format what the analyses give them.

pub mod amendments;
pub mod blame;
pub mod credit;
pub mod diff;
pub mod docx;
pub mod json;
pub mod md;
pub mod plain;
pub mod report;
pub mod status;
