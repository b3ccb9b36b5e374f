//! Compilations of written inputs: the table a secretariat keeps of what each delegation
//! proposed (paragraph, delegation, proposed text), read from CSV, Markdown or .docx
//! ([`table`]), each row's proposer found among the declared delegations ([`speakers`])
//! and its proposal read ([`proposal`]), checked against the revision it was made on,
//! and written as one amendments file per proposer ([`write`]), added to what the folder
//! holds without replacing anything ([`merge`]).
//!
//! Every row that cannot be turned into a valid amendment is reported with its row
//! number and why, and left out; everything written passes `concord check`.

pub mod docx;
pub mod merge;
pub mod proposal;
pub mod speakers;
pub mod table;
pub mod write;

use std::collections::BTreeMap;

use crate::draft::anchor::locate;
use crate::draft::{Negotiation, Operation, Paragraph, Revision, is_date, is_element_id};
use proposal::{Proposal, Words};
use speakers::{Directory, Proposer};
use table::{Row, Table};

/// A row that was not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// Line of the file where the row starts (`None` in a .docx).
    pub line: Option<usize>,
    /// The row's number as a spreadsheet shows it (the heading row is row 1).
    pub row: usize,
    /// Why.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// One amendment made from a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The row it came from.
    pub row: usize,
    /// Target element (for `add`, the new element).
    pub element: String,
    /// The change.
    pub operation: Operation,
    /// Supporters' codes.
    pub supported_by: Vec<String>,
    /// Opponents' codes.
    pub opposed_by: Vec<String>,
    /// Note.
    pub note: Option<String>,
}

/// The amendments of one proposer (one file).
#[derive(Debug, Clone, PartialEq)]
pub struct ProposerFile {
    /// File name without `.yaml` (`eu`, `bra-mex`).
    pub stem: String,
    /// Who.
    pub proposer: Proposer,
    /// When, if the compilation says.
    pub date: Option<String>,
    /// The amendments, in row order.
    pub entries: Vec<Entry>,
}

/// A compilation turned into amendments files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Compiled {
    /// The files, by name.
    pub files: Vec<ProposerFile>,
    /// The rows left out.
    pub problems: Vec<RowProblem>,
    /// Rows read.
    pub rows: usize,
}

/// Turns the rows of `table` into amendments on revision `revision` of `n`.
pub fn compile(n: &Negotiation, revision: usize, table: &Table) -> Compiled {
    let rev = &n.revisions[revision];
    let directory = Directory::new(n);
    let mut groups: BTreeMap<(Proposer, Option<String>), Vec<Entry>> = BTreeMap::new();
    let mut problems = Vec::new();
    // New paragraphs take ids that no amendment of the revision proposes already.
    let mut new_ids: Vec<String> = n
        .amendments
        .iter()
        .filter(|a| a.revision == rev.id && matches!(a.operation, Operation::Add { .. }))
        .map(|a| a.element.clone())
        .collect();
    let mut last_paragraph = String::new();
    for row in &table.rows {
        if !row.paragraph.trim().is_empty() {
            last_paragraph = row.paragraph.trim().to_owned();
        }
        let problem = |message: String, hint: String| RowProblem { line: row.line, row: row.number, message, hint };
        match read_row(row, &last_paragraph, rev, &directory, &mut new_ids) {
            Ok((key, entry)) => groups.entry(key).or_default().push(entry),
            Err((message, hint)) => problems.push(problem(message, hint)),
        }
    }
    let mut files = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    for ((proposer, date), mut entries) in groups {
        entries.sort_by_key(|e| e.row);
        let stem = unique_stem(&proposer, date.as_deref(), &taken);
        taken.push(stem.clone());
        files.push(ProposerFile { stem, proposer, date, entries });
    }
    files.sort_by(|a, b| a.stem.cmp(&b.stem));
    Compiled { files, problems, rows: table.rows.len() }
}

type Problem = (String, String);

fn read_row(
    row: &Row,
    paragraph: &str,
    rev: &Revision,
    directory: &Directory,
    new_ids: &mut Vec<String>,
) -> Result<((Proposer, Option<String>), Entry), Problem> {
    if paragraph.is_empty() {
        return Err(("no paragraph is given".into(), "write the paragraph's number or element id".into()));
    }
    let target = find_target(rev, paragraph)?;
    let proposer = directory.proposer(&plain(&row.delegation)).map_err(|e| (e.to_string(), e.hint()))?;
    let date = match row.date.trim() {
        "" => None,
        d if is_date(d) => Some(d.to_owned()),
        d => return Err((format!("`{d}` is not a date"), "write dates as YYYY-MM-DD, such as 2024-03-01".into())),
    };
    let codes = |cell: &str| -> Result<Vec<String>, Problem> {
        if cell.trim().is_empty() {
            return Ok(Vec::new());
        }
        directory.codes(&plain(cell)).map_err(|e| (e.to_string(), e.hint()))
    };
    let proposal = proposal::parse(&row.proposal).map_err(|e| (e.to_string(), e.hint().to_owned()))?;
    let (element, operation) = operation(proposal, rev, target, new_ids)?;
    let entry = Entry {
        row: row.number,
        element,
        operation,
        supported_by: codes(&row.supported_by)?,
        opposed_by: codes(&row.opposed_by)?,
        note: Some(row.note.trim().to_owned()).filter(|n| !n.is_empty()),
    };
    Ok(((proposer, date), entry))
}

/// A cell without Markdown emphasis markers.
fn plain(cell: &str) -> String {
    cell.replace("**", "").replace("__", "")
}

/// What a row's paragraph cell names.
enum Target<'a> {
    /// A paragraph of the revision.
    Paragraph(&'a Paragraph),
    /// A new paragraph, such as `14 bis` in a revision without one: it goes after
    /// `after`, and its id ends in `suffix` (`bis`).
    New { after: &'a Paragraph, suffix: String },
}

/// The Latin ordinals that number inserted paragraphs, in order.
const ORDINALS: [&str; 9] = ["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies"];

/// The target of a paragraph cell: a paragraph of the revision, or, for `14 bis` (the
/// usual way to propose a new paragraph) when the revision has none, a new paragraph
/// after 14 (after 14 bis for `14 ter`, when the revision has 14 bis).
fn find_target<'a>(rev: &'a Revision, cell: &str) -> Result<Target<'a>, Problem> {
    let missing = match find_paragraph(rev, cell) {
        Ok(p) => return Ok(Target::Paragraph(p)),
        Err(e) => e,
    };
    let key = number_key(&plain(cell));
    if rev.paragraphs.iter().any(|p| number_key(&p.number) == key) {
        return Err(missing);
    }
    let Some((base, suffix)) = key.rsplit_once(' ') else { return Err(missing) };
    let Some(rank) = ORDINALS.iter().position(|o| *o == suffix) else { return Err(missing) };
    // The paragraphs numbered `base`, `base bis`… up to the one before `suffix`.
    let earlier = |p: &&Paragraph| {
        let k = number_key(&p.number);
        k == base || k.rsplit_once(' ').is_some_and(|(b, s)| b == base && ORDINALS[..rank].contains(&s))
    };
    match rev.paragraphs.iter().rfind(earlier) {
        Some(after) => Ok(Target::New { after, suffix: suffix.to_owned() }),
        None => Err(missing),
    }
}

/// The element a paragraph cell names: an element id, or a printed number (`7`, `7 bis`,
/// `para. 7`, `OP7`).
fn find_paragraph<'a>(rev: &'a Revision, cell: &str) -> Result<&'a Paragraph, Problem> {
    let cell = plain(cell);
    if let Some(p) = rev.paragraph(cell.trim()) {
        return Ok(p);
    }
    let wanted = number_key(&cell);
    let found: Vec<&Paragraph> =
        rev.paragraphs.iter().filter(|p| !p.number.is_empty() && number_key(&p.number) == wanted).collect();
    match found.as_slice() {
        [p] => Ok(p),
        [] => {
            let ids: Vec<&str> = rev.paragraphs.iter().map(|p| p.id.as_str()).collect();
            let numbers: Vec<&str> =
                rev.paragraphs.iter().map(|p| p.number.as_str()).filter(|n| !n.is_empty()).collect();
            let hint = match (crate::draft::yaml::closest(cell.trim(), &ids), numbers.as_slice()) {
                (Some(id), _) => format!("did you mean {id}?"),
                (None, []) => format!("write the element id of a paragraph of {}", rev.id),
                (None, [first, .., last]) if numbers.len() > 10 => {
                    format!("the paragraphs of {} are numbered {first} to {last}", rev.id)
                }
                (None, all) => format!("the paragraphs of {} are numbered {}", rev.id, all.join(", ")),
            };
            Err((format!("{} has no paragraph `{}`", rev.id, cell.trim()), hint))
        }
        many => Err((
            format!("{} paragraphs of {} are numbered `{}`", many.len(), rev.id, cell.trim()),
            format!("write the element id: {}", many.iter().map(|p| p.id.as_str()).collect::<Vec<_>>().join(", ")),
        )),
    }
}

/// A paragraph number as compared.
///
/// ```text
/// "Para. 7bis:" -> "7 bis"     "OP 12" -> "12"     "§3" -> "3"
/// ```
pub fn number_key(s: &str) -> String {
    let mut t = s.trim().to_lowercase();
    for prefix in ["paragraph", "para.", "para", "op.", "op", "pp.", "pp", "§", "no.", "no", "#"] {
        if let Some(rest) = t.strip_prefix(prefix)
            && rest.starts_with(|c: char| c.is_ascii_digit() || c.is_whitespace() || c == '.')
        {
            t = rest.trim_start_matches(['.', ' ']).to_owned();
            break;
        }
    }
    let t = t.trim_end_matches(['.', ':', ')']).trim();
    let mut out = String::new();
    let mut prev: Option<char> = None;
    for c in t.chars() {
        if let Some(p) = prev
            && p.is_ascii_digit()
            && c.is_alphabetic()
        {
            out.push(' ');
        }
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// The operation of a proposal on `target`, its anchors checked against the revision.
fn operation(
    proposal: Proposal,
    rev: &Revision,
    target: Target,
    new_ids: &mut Vec<String>,
) -> Result<(String, Operation), Problem> {
    let target = match target {
        Target::Paragraph(p) => p,
        Target::New { after, suffix } => {
            let text = match proposal {
                Proposal::Text(text) | Proposal::Add(text) => text,
                _ => {
                    let number = format!("{} {suffix}", number_key(&after.number));
                    return Err((
                        format!("{} has no paragraph {number} to change", rev.id),
                        format!("a row for a new paragraph {number} gives its whole text"),
                    ));
                }
            };
            let id = new_id(rev, &format!("{}-{suffix}", after.id), new_ids)?;
            return Ok((id, Operation::Add { text, after_element: Some(after.id.clone()) }));
        }
    };
    let id = target.id.clone();
    let anchor = |w: &Words| anchor(w, rev, target);
    Ok(match proposal {
        Proposal::Text(text) => {
            if crate::text::Tokenized::new(&text).tokens().eq(target.text.tokens()) {
                return Err((
                    format!("the proposed text is the text of {} as it stands", target.id),
                    "nothing to import; if the row supports the paragraph, drop it".into(),
                ));
            }
            (id, Operation::Text { text })
        }
        Proposal::Replace { phrase, with } => {
            let phrase = anchor(&phrase)?;
            let with = new_words(&with, &phrase);
            if with.is_empty() {
                return Err(("the replacement words are empty".into(), "to delete words, write delete \"X\"".into()));
            }
            (id, Operation::Replace { phrase, with })
        }
        Proposal::Insert { text, anchor: a, before } => {
            let anchor = anchor(&a)?;
            let text = new_words(&text, &anchor);
            if text.is_empty() {
                return Err(("the words to insert are empty".into(), "write insert \"X\" after \"Y\"".into()));
            }
            (id, Operation::Insert { text, anchor, before })
        }
        Proposal::Delete(phrase) => (id, Operation::Delete { phrase: anchor(&phrase)? }),
        Proposal::DeleteParagraph => (id, Operation::DeleteParagraph),
        Proposal::Add(text) => {
            let new = new_id(rev, &format!("{}-new", target.id), new_ids)?;
            (new, Operation::Add { text, after_element: Some(target.id.clone()) })
        }
    })
}

/// An id for a new paragraph: `base`, or `base-2`, `base-3`… when the revision or another
/// new paragraph has it; remembered in `new_ids`.
fn new_id(rev: &Revision, base: &str, new_ids: &mut Vec<String>) -> Result<String, Problem> {
    let mut new = base.to_owned();
    let mut k = 2;
    while rev.paragraph(&new).is_some() || new_ids.contains(&new) || !is_element_id(&new) {
        new = format!("{base}-{k}");
        k += 1;
        if k > 1000 {
            return Err(("cannot make an id for the new paragraph".into(), "add it by hand".into()));
        }
    }
    new_ids.push(new.clone());
    Ok(new)
}

/// The anchor phrase, located once in the paragraph. Unquoted words may end with the
/// instruction's own full stop, which is dropped when the words are found without it.
fn anchor(w: &Words, rev: &Revision, target: &Paragraph) -> Result<String, Problem> {
    let mut tries = vec![w.text.clone()];
    if !w.quoted {
        let trimmed = w.text.trim_end_matches(['.', ';', ',']).trim_end();
        if trimmed != w.text {
            tries.push(trimmed.to_owned());
        }
    }
    let mut first_error = None;
    for t in &tries {
        match locate(&target.text, t) {
            Ok(_) => return Ok(t.clone()),
            Err(e) => {
                first_error.get_or_insert_with(|| e.describe(t, &rev.id, &target.id));
            }
        }
    }
    Err(first_error.expect("tried at least once"))
}

/// New words (inserted or replacing): unquoted ones lose a full stop that ends the
/// instruction, unless the anchor ends with one too.
fn new_words(w: &Words, anchor: &str) -> String {
    let t = w.text.trim();
    if !w.quoted && t.ends_with(['.', ';']) && !anchor.trim_end().ends_with(['.', ';']) {
        t.trim_end_matches(['.', ';']).trim_end().to_owned()
    } else {
        t.to_owned()
    }
}

/// A file name for a proposer: its code, and for a joint proposal the others' codes
/// (`bra-mex`), or the first and a count (`cub-and-5`); the date when one proposer has
/// several; a number if still taken.
pub(crate) fn unique_stem(p: &Proposer, date: Option<&str>, taken: &[String]) -> String {
    let by = p.by.to_lowercase();
    let others: Vec<String> = p.on_behalf_of.iter().filter(|c| **c != p.by).map(|c| c.to_lowercase()).collect();
    let mut stem = match others.len() {
        0 => by,
        1..=3 => format!("{by}-{}", others.join("-")),
        n => format!("{by}-and-{n}"),
    };
    if taken.contains(&stem)
        && let Some(d) = date
    {
        stem = format!("{stem}-{d}");
    }
    let base = stem.clone();
    let mut k = 2;
    while taken.contains(&stem) {
        stem = format!("{base}-{k}");
        k += 1;
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_numbers_as_written_in_compilations() {
        assert_eq!(number_key("Para. 7bis:"), "7 bis");
        assert_eq!(number_key("OP 12"), "12");
        assert_eq!(number_key("§3"), "3");
        assert_eq!(number_key("7 BIS"), "7 bis");
        assert_eq!(number_key("Operative"), "operative", "a word that starts like a prefix stays");
    }

    #[test]
    fn file_names_for_proposers() {
        let p =
            |by: &str, b: &[&str]| Proposer { by: by.into(), on_behalf_of: b.iter().map(|s| s.to_string()).collect() };
        assert_eq!(unique_stem(&p("EU", &[]), None, &[]), "eu");
        assert_eq!(unique_stem(&p("BRA", &["BRA", "MEX"]), None, &[]), "bra-mex");
        assert_eq!(unique_stem(&p("CUB", &["A", "B", "C", "CUB", "D", "E"]), None, &[]), "cub-and-5");
        assert_eq!(unique_stem(&p("EU", &[]), Some("2024-03-01"), &["eu".into()]), "eu-2024-03-01");
        assert_eq!(unique_stem(&p("EU", &[]), None, &["eu".into()]), "eu-2");
    }
}
