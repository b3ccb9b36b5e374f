//! Importing a Chair's draft received as .docx, PDF, Markdown or plain text: the document
//! is read into numbered paragraphs under section headings ([`docx`], [`pdf`], [`text`]), each
//! paragraph is given the id of the element it continues in the previous revision
//! ([`align`]), and the result is written as a revision file ([`write`]).
//!
//! Reading is forgiving about layout and strict about safety: a .docx is size-capped
//! and its encryption recognized ([`crate::ooxml`]); a text file must be UTF-8; what
//! reading produces is bounded as it grows ([`crate::bound`]). What a reader of the
//! document does not see (hidden text, deleted text, field codes, Markdown comments and
//! hidden HTML) is left out, and counted in [`Skipped`].

pub mod align;
pub mod docx;
pub mod markdown_hidden;
mod numbering;
pub mod parts;
pub mod pdf;
pub mod text;
pub mod write;

use std::path::Path;

use crate::bound::{Exceeded, Limits};
use crate::ooxml::PackageError;

/// Why a document could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The extension is not one concord reads.
    #[error("concord imports .docx, .pdf, .md and .txt files, not `{0}`")]
    UnknownFormat(String),
    /// A .docx that cannot be opened: not a zip, no main document, encrypted, damaged,
    /// too large.
    #[error(transparent)]
    Package(#[from] PackageError),
    /// The file exceeds concord's limits.
    #[error("the file is too large to import: {0}")]
    TooLarge(String),
    /// A text file with bytes that are not UTF-8.
    #[error("the file is not UTF-8 text (line {0})")]
    NotUtf8(usize),
    /// Nothing that looks like a paragraph.
    #[error("no paragraphs found in the document")]
    Empty,
    /// Reading would produce more than concord's bound.
    #[error(transparent)]
    Exceeded(#[from] Exceeded),
    /// Poppler's `pdftotext`, which reads PDF for concord, is missing.
    #[error("reading a PDF needs Poppler's pdftotext: {0}")]
    NoPdfReader(String),
    /// A PDF that Poppler could not read.
    #[error("the PDF cannot be read: {0}")]
    Pdf(String),
    /// `--part`, `--from` or `--to` names nothing in the document.
    #[error("{0}")]
    Selection(String),
}

impl ImportError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<&'static str> {
        Some(match self {
            ImportError::UnknownFormat(_) => {
                "save the document as .docx or .pdf, or as plain text (.txt) or Markdown (.md)"
            }
            ImportError::Package(e) => e.hint(),
            ImportError::Exceeded(e) => e.hint(),
            ImportError::TooLarge(_) => "check that this is the right file",
            ImportError::NotUtf8(_) => "save it as UTF-8 (in most editors: Save with encoding, UTF-8)",
            ImportError::Empty => "check that the file holds the text, with one paragraph per line or block",
            ImportError::NoPdfReader(_) => {
                "install Poppler: `apt install poppler-utils` (Debian, Ubuntu), `dnf install poppler-utils` \
                 (Fedora), `brew install poppler` (macOS), `scoop install poppler` or `conda install -c \
                 conda-forge poppler` (Windows); or set CONCORD_PDFTOTEXT to the pdftotext program; or \
                 import the .docx instead"
            }
            ImportError::Pdf(_) => "open it in a PDF reader to check it, or import the .docx instead",
            ImportError::Selection(_) => "run the import without --part, --from and --to to see the parts and headings",
            ImportError::Io { .. } => return None,
        })
    }
}

/// Largest file concord imports (64 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A paragraph of an imported document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Number as printed (`7`, `7 bis`), empty when unnumbered.
    pub number: String,
    /// The section heading it stands under (empty before the first).
    pub section: String,
    /// The text, sub-items on lines of their own.
    pub text: String,
    /// The footnotes it refers to (a PDF's), kept out of the text.
    pub footnotes: Vec<String>,
}

/// What was left out of a document because its reader does not see it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skipped {
    /// Runs of hidden text in a .docx (`w:vanish`).
    pub hidden_runs: usize,
    /// Tracked deletions in a .docx (the changes are taken as accepted).
    pub deleted: usize,
    /// Field codes in a .docx (their results are kept).
    pub field_codes: usize,
    /// HTML comments and link reference definitions in Markdown.
    pub comments: usize,
    /// Hidden HTML elements in Markdown.
    pub hidden_html: usize,
}

impl Skipped {
    /// What was skipped, for the import summary; `None` when nothing was.
    ///
    /// ```text
    /// { hidden_runs: 3, deleted: 1, comments: 2 } -> "3 hidden runs, 1 deleted passage, 2 comments"
    /// ```
    pub fn summary(&self) -> Option<String> {
        let parts: Vec<String> = [
            (self.hidden_runs, "hidden run", "hidden runs"),
            (self.deleted, "deleted passage", "deleted passages"),
            (self.field_codes, "field code", "field codes"),
            (self.comments, "comment", "comments"),
            (self.hidden_html, "hidden HTML element", "hidden HTML elements"),
        ]
        .into_iter()
        .filter(|(n, ..)| *n > 0)
        .map(|(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }
}

/// An imported document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The title, when the document has one.
    pub title: Option<String>,
    /// A document symbol found under the title.
    pub symbol: Option<String>,
    /// A `YYYY-MM-DD` date found under the title.
    pub date: Option<String>,
    /// The paragraphs, in order.
    pub paragraphs: Vec<Imported>,
    /// What was left out because a reader of the document does not see it.
    pub skipped: Skipped,
    /// The parts of a document that holds more than one text (`A. DRAFT AGREEMENT`,
    /// `B. DRAFT DECISION`), in order; empty when it has no part headings.
    pub parts: Vec<Part>,
}

/// A part of a document: its heading and its paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The heading, as printed.
    pub title: String,
    /// Index of its first paragraph.
    pub first: usize,
    /// How many paragraphs it has.
    pub count: usize,
}

/// Reads `path` by its extension (.docx, .pdf, .md/.markdown, .txt/.text), within
/// [`Limits::IMPORT`].
pub fn read(path: &Path) -> Result<Document, ImportError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if ext == "pdf" {
        read_capped(path)?;
        let doc = pdf::read(path)?;
        return if doc.paragraphs.is_empty() { Err(ImportError::Empty) } else { Ok(doc) };
    }
    if !matches!(ext.as_str(), "docx" | "md" | "markdown" | "txt" | "text") {
        return Err(ImportError::UnknownFormat(if ext.is_empty() {
            "(no extension)".into()
        } else {
            format!(".{ext}")
        }));
    }
    let bytes = read_capped(path)?;
    let limits = Limits::IMPORT;
    let doc = match ext.as_str() {
        "docx" => {
            let read = docx::read(&bytes, docx::View::Accepted, limits)?;
            let mut doc = text::from_docx(&read.paragraphs, limits)?;
            doc.skipped = Skipped {
                hidden_runs: read.hidden.runs,
                deleted: read.hidden.changes,
                field_codes: read.hidden.field_codes,
                ..Skipped::default()
            };
            doc
        }
        "md" | "markdown" => text::from_markdown(&utf8(bytes)?, limits)?,
        _ => text::from_text(&utf8(bytes)?, limits)?,
    };
    if doc.paragraphs.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(doc)
}

/// Reads `path` and keeps what `selection` asks for; also returns what to tell the user
/// about the document beyond its paragraphs (its parts, its footnotes: [`parts::summary`]).
pub fn read_selected(path: &Path, selection: &parts::Selection) -> Result<(Document, Vec<String>), ImportError> {
    let whole = read(path)?;
    let parts = whole.parts.clone();
    let doc = parts::select(whole.clone(), selection)?;
    if doc.paragraphs.is_empty() {
        return Err(ImportError::Empty);
    }
    let summary = parts::summary(&Document { parts, ..whole }, &doc, selection);
    Ok((doc, summary))
}

fn read_capped(path: &Path) -> Result<Vec<u8>, ImportError> {
    use std::io::Read;
    let io = |source| ImportError::Io { path: path.display().to_string(), source };
    let mut bytes = Vec::new();
    std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)).map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge(format!("it is over {} MiB", MAX_FILE_BYTES >> 20)));
    }
    Ok(bytes)
}

fn utf8(mut bytes: Vec<u8>) -> Result<String, ImportError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        ImportError::NotUtf8(good.iter().filter(|&&b| b == b'\n').count() + 1)
    })
}
