//! Reading the table of a compilation: CSV (comma, semicolon or tab separated, as
//! spreadsheets save it), a Markdown table, or the first table of a .docx with the right
//! headings. The columns are found by their headings, in any order and several wordings
//! (`Paragraph`, `Para.`, `OP`; `Delegation`, `Proposed by`; `Proposed text`,
//! `Amendment`), so a secretariat's own layout reads as it is.
//!
//! The rows and cells read are counted against a [`Budget`] ([`Limits::TABLE`]) as they
//! are read: a cell costs memory of its own even when empty, so 16 MiB of `,` would
//! otherwise hold gigabytes of empty cells.

use std::path::Path;

use crate::bound::{Budget, Exceeded, Limits};

/// Which column holds what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    /// The paragraph: its printed number or element id.
    Paragraph,
    /// Who proposed it.
    Delegation,
    /// The proposed text or instruction.
    Proposal,
    /// When (`YYYY-MM-DD`).
    Date,
    /// A note.
    Note,
    /// Delegations supporting it.
    SupportedBy,
    /// Delegations opposing it.
    OpposedBy,
}

impl Field {
    /// As named in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Paragraph => "paragraph",
            Field::Delegation => "delegation",
            Field::Proposal => "proposed text",
            Field::Date => "date",
            Field::Note => "note",
            Field::SupportedBy => "supported by",
            Field::OpposedBy => "opposed by",
        }
    }

    /// The field a column heading names, if any.
    ///
    /// ```text
    /// "Para. No."     -> Paragraph      "Proposed by"  -> Delegation
    /// "Proposed text" -> Proposal       "Current text" -> None (ignored)
    /// ```
    pub fn of_heading(heading: &str) -> Option<Field> {
        let h: String =
            heading.to_lowercase().chars().map(|c| if c.is_alphanumeric() || c == '§' { c } else { ' ' }).collect();
        let h = h.split_whitespace().collect::<Vec<_>>().join(" ");
        let has = |w: &str| h.split(' ').any(|x| x == w) || h.contains(w) && w.contains(' ');
        if ["current", "original", "existing", "chair", "present", "zero draft", "rev"].iter().any(|w| has(w)) {
            return None;
        }
        if has("support") || has("supported") || has("supporting") {
            return Some(Field::SupportedBy);
        }
        if has("oppose") || has("opposed") || has("opposing") || has("objection") || has("objections") {
            return Some(Field::OpposedBy);
        }
        if [
            "delegation",
            "delegations",
            "proposer",
            "proposers",
            "sponsor",
            "sponsors",
            "country",
            "countries",
            "state",
        ]
        .iter()
        .any(|w| has(w))
            || ["proposed by", "submitted by", "member state", "group"].iter().any(|w| has(w))
            || matches!(h.as_str(), "by" | "who" | "author" | "authors" | "speaker" | "from")
        {
            return Some(Field::Delegation);
        }
        if ["proposal", "proposals", "amendment", "amendments", "wording", "language", "text", "change", "changes"]
            .iter()
            .any(|w| has(w))
        {
            return Some(Field::Proposal);
        }
        if ["paragraph", "para", "paras", "element", "op", "pp", "§", "no", "number", "ref"].iter().any(|w| has(w)) {
            return Some(Field::Paragraph);
        }
        if has("date") {
            return Some(Field::Date);
        }
        if ["note", "notes", "comment", "comments", "remark", "remarks", "explanation", "rationale"]
            .iter()
            .any(|w| has(w))
        {
            return Some(Field::Note);
        }
        None
    }
}

/// A row of the compilation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    /// Line in the file where the row starts (`None` in a .docx).
    pub line: Option<usize>,
    /// The row's number as a spreadsheet shows it: the heading row is row 1.
    pub number: usize,
    /// Cells by field (empty when the column is missing or the cell blank).
    pub paragraph: String,
    /// Who proposed it.
    pub delegation: String,
    /// What was proposed.
    pub proposal: String,
    /// Date, if a column has it.
    pub date: String,
    /// Note.
    pub note: String,
    /// Supported by.
    pub supported_by: String,
    /// Opposed by.
    pub opposed_by: String,
}

/// A compilation as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// The rows, blank ones left out.
    pub rows: Vec<Row>,
    /// Headings of columns that were not used.
    pub ignored: Vec<String>,
}

/// Why a compilation could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// An extension concord does not read.
    #[error("concord reads compilations as .csv, .tsv, .md or .docx, not `{0}`")]
    UnknownFormat(String),
    /// Bytes that are not UTF-8.
    #[error("the file is not UTF-8 text (line {0})")]
    NotUtf8(usize),
    /// Broken CSV.
    #[error("line {line}: {message}")]
    Csv {
        /// Line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// No table.
    #[error("no table found")]
    NoTable,
    /// A table without the columns concord needs.
    #[error("the table has no {} column (its headings are: {})", missing.join(" or "), found.join(", "))]
    MissingColumns {
        /// Fields not found.
        missing: Vec<&'static str>,
        /// The headings it has.
        found: Vec<String>,
    },
    /// Two columns for one field.
    #[error("two columns could be the {field} column: `{first}` and `{second}`")]
    TwoColumns {
        /// The field.
        field: &'static str,
        /// One heading.
        first: String,
        /// The other.
        second: String,
    },
    /// A .docx that could not be read.
    #[error(transparent)]
    Docx(#[from] crate::ooxml::PackageError),
    /// Reading would produce more than concord's bound.
    #[error(transparent)]
    Exceeded(#[from] Exceeded),
    /// Too large.
    #[error("the file is over {} MiB", MAX_FILE_BYTES >> 20)]
    TooLarge,
}

impl TableError {
    /// What the user can do about it.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            TableError::UnknownFormat(_) => "save the compilation from the spreadsheet as CSV (.csv)".to_owned(),
            TableError::NotUtf8(_) => "save it as UTF-8 (in a spreadsheet: CSV UTF-8)".to_owned(),
            TableError::Csv { .. } => "check the quotes on that line".to_owned(),
            TableError::NoTable => {
                "the first row must hold the headings: paragraph, delegation, proposed text".to_owned()
            }
            TableError::MissingColumns { .. } => {
                "name the columns in the first row: paragraph, delegation, proposed text (date, note, supported by and opposed by are optional)".to_owned()
            }
            TableError::TwoColumns { .. } => "rename or delete one of them".to_owned(),
            TableError::Docx(e) => e.hint().to_owned(),
            TableError::Exceeded(e) => e.hint().to_owned(),
            TableError::TooLarge => "check that this is the right file".to_owned(),
            TableError::Io { .. } => return None,
        })
    }
}

/// Largest compilation read (16 MiB: a thousand rows is about 1 MiB).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a compilation by its extension.
pub fn read(path: &Path) -> Result<Table, TableError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let grid = match ext.as_str() {
        "csv" | "tsv" | "txt" => csv_grid(&text(path)?, ext == "tsv", Limits::TABLE)?,
        "md" | "markdown" => markdown_grid(&text(path)?, Limits::TABLE)?,
        "docx" => {
            let tables = super::docx::tables(&bytes(path)?, Limits::TABLE)?;
            let grid = match tables.iter().position(|g| columns(g).is_ok()) {
                Some(i) => tables.into_iter().nth(i).expect("found"),
                None => tables.into_iter().next().ok_or(TableError::NoTable)?,
            };
            let mut t = table(grid)?;
            t.rows.iter_mut().for_each(|r| r.line = None);
            return Ok(t);
        }
        "" => return Err(TableError::UnknownFormat("(no extension)".into())),
        other => return Err(TableError::UnknownFormat(format!(".{other}"))),
    };
    table(grid)
}

/// Cells with the line each row starts on; the first row holds the headings.
pub type Grid = Vec<(usize, Vec<String>)>;

fn bytes(path: &Path) -> Result<Vec<u8>, TableError> {
    use std::io::Read;
    let io = |source| TableError::Io { path: path.display().to_string(), source };
    let mut bytes = Vec::new();
    std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)).map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(TableError::TooLarge);
    }
    Ok(bytes)
}

fn text(path: &Path) -> Result<String, TableError> {
    let mut bytes = bytes(path)?;
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        TableError::NotUtf8(good.iter().filter(|&&b| b == b'\n').count() + 1)
    })
}

/// The rows of a CSV text; the separator is a tab for .tsv, else whichever of `,`, `;`
/// and tab occurs most in the first line outside quotes. Rows and cells are counted
/// against `limits`.
pub fn csv_grid(text: &str, tsv: bool, limits: Limits) -> Result<Grid, TableError> {
    let mut budget = Budget::new(limits);
    let delimiter = if tsv { b'\t' } else { sniff(text.lines().next().unwrap_or("")) };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut grid = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| TableError::Csv {
            line: e.position().map_or(0, |p| p.line() as usize),
            message: match e.kind() {
                csv::ErrorKind::Utf8 { .. } => "the line is not UTF-8".to_owned(),
                _ => "the row is not valid CSV".to_owned(),
            },
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        budget.items(1 + record.len())?;
        grid.push((line, record.iter().map(str::to_owned).collect()));
    }
    Ok(grid)
}

fn sniff(first_line: &str) -> u8 {
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in first_line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(c) = counts.iter_mut().find(|c| c.0 == b) {
            c.1 += 1;
        }
    }
    counts.iter().max_by_key(|c| (c.1, c.0 == b',')).map_or(b',', |c| c.0)
}

/// The rows of the first Markdown table in `text`: a line of `|` cells, a separator line
/// (`|---|---|`), then rows until the first line that is not one. `\|` is a literal bar;
/// `<br>` is a space. Rows and cells are counted against `limits`.
pub fn markdown_grid(text: &str, limits: Limits) -> Result<Grid, TableError> {
    let mut budget = Budget::new(limits);
    let is_row = |l: &str| l.trim_start().starts_with('|');
    let is_separator = |l: &str| {
        let t = l.trim();
        t.starts_with('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
    };
    let mut lines = text.lines().enumerate().peekable();
    let mut grid: Grid = Vec::new();
    while let Some((i, line)) = lines.next() {
        if grid.is_empty() {
            if is_row(line) && lines.peek().is_some_and(|(_, next)| is_separator(next)) {
                budget.item()?;
                grid.push((i + 1, cells(line, &mut budget)?));
                lines.next();
            }
            continue;
        }
        if !is_row(line) {
            break;
        }
        budget.item()?;
        grid.push((i + 1, cells(line, &mut budget)?));
    }
    if grid.is_empty() {
        return Err(TableError::NoTable);
    }
    Ok(grid)
}

/// The cells of a table row, each counted against `budget` as it starts.
fn cells(line: &str, budget: &mut Budget) -> Result<Vec<String>, Exceeded> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = if t.ends_with('|') && !t.ends_with("\\|") { &t[..t.len() - 1] } else { t };
    budget.item()?;
    let mut out = vec![String::new()];
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                out.last_mut().expect("one").push('|');
                chars.next();
            }
            '|' => {
                budget.item()?;
                out.push(String::new());
            }
            c => out.last_mut().expect("one").push(c),
        }
    }
    Ok(out
        .iter()
        .map(|c| {
            let c = c.replace("<br>", " ").replace("<br/>", " ").replace("<br />", " ");
            c.trim().to_owned()
        })
        .collect())
}

/// Each field found and the index of its column.
type Columns = Vec<(Field, usize)>;

/// Which column index holds each field, and the headings not used.
fn columns(grid: &[(usize, Vec<String>)]) -> Result<(Columns, Vec<String>), TableError> {
    let Some((_, headings)) = grid.first() else { return Err(TableError::NoTable) };
    let mut found: Vec<(Field, usize)> = Vec::new();
    let mut ignored = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        match Field::of_heading(h) {
            Some(f) => {
                if let Some(&(_, j)) = found.iter().find(|(g, _)| *g == f) {
                    return Err(TableError::TwoColumns {
                        field: f.as_str(),
                        first: headings[j].clone(),
                        second: h.clone(),
                    });
                }
                found.push((f, i));
            }
            None if !h.trim().is_empty() => ignored.push(h.trim().to_owned()),
            None => {}
        }
    }
    let missing: Vec<&'static str> = [Field::Paragraph, Field::Delegation, Field::Proposal]
        .into_iter()
        .filter(|f| !found.iter().any(|(g, _)| g == f))
        .map(Field::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(TableError::MissingColumns {
            missing,
            found: headings.iter().map(|h| h.trim().to_owned()).filter(|h| !h.is_empty()).collect(),
        });
    }
    Ok((found, ignored))
}

/// The rows of a grid whose first row holds the headings.
pub fn table(grid: Grid) -> Result<Table, TableError> {
    let blank = |cells: &[String]| cells.iter().all(|c| c.trim().is_empty());
    let start = grid.iter().position(|(_, cells)| !blank(cells)).ok_or(TableError::NoTable)?;
    let grid = &grid[start..];
    let (found, ignored) = columns(grid)?;
    let mut rows = Vec::new();
    for (k, (line, cells)) in grid.iter().enumerate().skip(1) {
        if blank(cells) {
            continue;
        }
        let mut row = Row { line: Some(*line), number: start + k + 1, ..Row::default() };
        for &(field, i) in &found {
            let value = cells.get(i).map(|c| c.trim().to_owned()).unwrap_or_default();
            match field {
                Field::Paragraph => row.paragraph = value,
                Field::Delegation => row.delegation = value,
                Field::Proposal => row.proposal = value,
                Field::Date => row.date = value,
                Field::Note => row.note = value,
                Field::SupportedBy => row.supported_by = value,
                Field::OpposedBy => row.opposed_by = value,
            }
        }
        rows.push(row);
    }
    Ok(Table { rows, ignored })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_in_several_wordings() {
        for (h, f) in [
            ("Paragraph", Some(Field::Paragraph)),
            ("Para. No.", Some(Field::Paragraph)),
            ("OP", Some(Field::Paragraph)),
            ("Delegation(s)", Some(Field::Delegation)),
            ("Proposed by", Some(Field::Delegation)),
            ("Proposed text", Some(Field::Proposal)),
            ("Proposed amendment", Some(Field::Proposal)),
            ("Current text", None),
            ("Supported by", Some(Field::SupportedBy)),
            ("Date", Some(Field::Date)),
            ("Comments", Some(Field::Note)),
        ] {
            assert_eq!(Field::of_heading(h), f, "{h}");
        }
    }

    #[test]
    fn csv_with_semicolons_quotes_and_line_breaks() {
        let grid = csv_grid(
            "Para;Delegation;Proposal\n1;EU;\"insert \"\"grave\"\"\nafter x\"\n2;Cuba;delete\n",
            false,
            Limits::TABLE,
        )
        .unwrap();
        assert_eq!(grid[1], (2, vec!["1".into(), "EU".into(), "insert \"grave\"\nafter x".into()]));
        assert_eq!(grid[2].0, 4, "the line where the row starts");
    }

    #[test]
    fn markdown_table_with_escaped_bars() {
        let md = "# Compilation\n\n| Para | Delegation | Proposed text |\n|---|:--|---|\n| 3 | EU | a \\| b<br>c |\n\nAfter.\n| x |";
        let t = table(markdown_grid(md, Limits::TABLE).unwrap()).unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!((t.rows[0].line, t.rows[0].number, t.rows[0].proposal.as_str()), (Some(5), 2, "a | b c"));
    }

    #[test]
    fn missing_columns_are_named() {
        let err = table(csv_grid("Para,Text\n1,x\n", false, Limits::TABLE).unwrap()).unwrap_err();
        assert_eq!(err.to_string(), "the table has no delegation column (its headings are: Para, Text)");
    }
}
