//! Diagnostics: problems found in a negotiation folder, reported like a compiler does.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::text::visible::line;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The folder cannot be used as it is.
    Error,
    /// Legal, but probably not what the author meant.
    Warning,
}

/// One problem, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as reached from the folder given on the command line.
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: u64,
    /// 1-based column; 0 when unknown.
    pub column: u64,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The offending source line, shown under the message with a caret.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error at `path:line:column`.
    pub fn error(path: &Path, line: u64, column: u64, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            line,
            column,
            message: message.into(),
            hint: None,
            source_line: None,
        }
    }

    /// A warning at `path:line:column`.
    pub fn warning(path: &Path, line: u64, column: u64, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Self::error(path, line, column, message) }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attaches the offending line of `source`, if the diagnostic has a line.
    pub fn with_source(mut self, source: &str) -> Self {
        if self.line > 0 {
            self.source_line = source.lines().nth(self.line as usize - 1).map(str::to_owned);
        }
        self
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:col: error: message`, the source line with a caret, the hint. The path,
    /// the message (which quotes the folder's ids and text), the source line and the hint
    /// come from the folder: their control, bidirectional and invisible characters are
    /// shown as `\u{…}` and a line break as `\n`, so a file name cannot forge a line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = self.path.to_string_lossy();
        let path = line(&path);
        let message = line(&self.message);
        match (self.line, self.column) {
            (0, _) => write!(f, "{path}: {severity}: {message}")?,
            (line, 0) => write!(f, "{path}:{line}: {severity}: {message}")?,
            (line, col) => write!(f, "{path}:{line}:{col}: {severity}: {message}")?,
        }
        if let Some(source) = &self.source_line {
            let (source, column) = excerpt(&line(source), shown_column(source, self.column));
            let width = self.line.to_string().len();
            write!(f, "\n{:width$} |\n{} | {source}", "", self.line)?;
            if column > 0 {
                let pad = " ".repeat(column as usize - 1);
                write!(f, "\n{:width$} | {pad}^", "")?;
            }
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {}", line(hint))?;
        }
        Ok(())
    }
}

/// The column of the character at `column` (1-based) of `source` once the characters
/// before it are shown by [`line`]: `("a\u{1b}b", 3) -> 8`.
fn shown_column(source: &str, column: u64) -> u64 {
    if column == 0 {
        return 0;
    }
    let before: String = source.chars().take(column as usize - 1).collect();
    line(&before).chars().count() as u64 + 1
}

/// At most [`EXCERPT`] characters of a long source line, around the column, with the
/// column shifted to match.
fn excerpt(text: &str, column: u64) -> (String, u64) {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= EXCERPT {
        return (text.to_owned(), column);
    }
    let col = (column as usize).saturating_sub(1).min(chars.len());
    let start = col.saturating_sub(EXCERPT / 2).min(chars.len() - EXCERPT);
    let mut s: String = chars[start..start + EXCERPT].iter().collect();
    let mut shift = start as u64;
    if start > 0 {
        s.insert(0, '…');
        shift = shift.saturating_sub(1);
    }
    if start + EXCERPT < chars.len() {
        s.push('…');
    }
    (s, if column > 0 { column - shift } else { 0 })
}

/// Longest source line shown under a diagnostic.
const EXCERPT: usize = 120;

/// Every problem found in a folder, errors and warnings, in a stable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Records a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.0.len() - self.errors()
    }

    /// Sorts by file, line, column; keeps the order of equal positions.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    }

    /// One-line summary: `2 errors, 1 warning`.
    pub fn summary(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        format!("{}, {}", plural(self.errors(), "error"), plural(self.warnings(), "warning"))
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_source_lines_from_the_folder_are_shown_not_obeyed() {
        let path = Path::new("drafts/amendments/r1/x\n\u{1b}[2Kdrafts: ok\u{7}.yaml");
        let d = Diagnostic::error(path, 2, 10, "the code `a\u{202E}b` is unknown")
            .with_hint("see\nthe list")
            .with_source("a: 1\n- by: \u{1b}[31mX\n");
        assert_eq!(
            d.to_string(),
            "drafts/amendments/r1/x\\n\\u{1B}[2Kdrafts: ok\\u{7}.yaml:2:10: error: the code `a\\u{202E}b` is unknown\n  \
             |\n2 | - by: \\u{1B}[31mX\n  |               ^\n  = hint: see\\nthe list"
        );
    }
}
