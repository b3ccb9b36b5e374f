//! A fast reader for revision files in the block layout concord writes and people
//! usually write by hand: a top-level mapping, `paragraphs:` as a block list of
//! mappings, every scalar plain, quoted on one line, or a `>` / `|` block.
//!
//! It builds the same [`RawRevision`] as the YAML parser, locations included, several
//! times faster: the 7.6 MB revision of a million-word pair in 7 to 14 ms, against 75 to
//! 81 ms for the YAML parser (release build, one thread). For anything else, or anything
//! it is not certain to read exactly as the YAML parser would (tabs, anchors, tags, a
//! scalar over several lines outside a block, a plain value YAML would turn into a number
//! or null, a duplicate or unknown key, unusual indentation, …) it returns `None` and the
//! file goes to the YAML parser, which also reports every error. It never reports errors itself. Tests check that both
//! readers agree on every file this one accepts.

use super::raw::{Location, RawParagraph, RawRevision, Scalar, SpStr, Spanned};
use super::yaml::MAX_NODES;

/// Comment lines allowed between a key and the first entry of its block list (the YAML
/// parser takes 32; see [`Reader::peek_list_start`]).
const MAX_COMMENTS_BEFORE_LIST: usize = 16;

/// Reads a revision file, or `None` when the YAML parser must read it.
pub fn revision(text: &str) -> Option<RawRevision> {
    if !plain_characters(text) {
        return None;
    }
    let mut reader = Reader { text, pos: 0, line: 1, nodes: 0 };
    let revision = reader.revision()?;
    // The YAML parser refuses files with too many values; leave those to it.
    (reader.nodes < MAX_NODES / 2).then_some(revision)
}

/// Whether `text` holds only characters this reader treats like the YAML parser: no
/// tab or other control character (a carriage return only before a line feed), no
/// byte-order mark, no line or paragraph separator, nothing YAML calls non-printable.
fn plain_characters(text: &str) -> bool {
    let b = text.as_bytes();
    // Line breaks are LF or CRLF.
    if !memchr::memchr_iter(b'\r', b).all(|i| b.get(i + 1) == Some(&b'\n')) {
        return false;
    }
    // Most files are printable ASCII: check that a block at a time, without branches.
    let printable = |c: &u8| (0x20..0x7F).contains(c) | (*c == b'\n') | (*c == b'\r');
    if b.chunks(64).all(|block| block.iter().fold(true, |ok, c| ok & printable(c))) {
        return true;
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let bad = match c {
            b'\n' | b'\r' => false,
            0..0x20 | 0x7F => true,
            0x20..0x7F => false,
            // U+0080–U+009F (C1 controls, NEL among them).
            0xC2 => matches!(b.get(i + 1), Some(0x80..=0x9F)),
            // U+2028, U+2029.
            0xE2 => matches!(b.get(i + 1..i + 3), Some([0x80, 0xA8 | 0xA9])),
            // U+FEFF, U+FFFE, U+FFFF.
            0xEF => matches!(b.get(i + 1..i + 3), Some([0xBB, 0xBF] | [0xBF, 0xBE | 0xBF])),
            _ => false,
        };
        if bad {
            return false;
        }
        i += 1;
    }
    true
}

/// One line of the file, without its line break.
#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    /// Bytes to the start of the next line.
    len: usize,
    /// Leading spaces.
    indent: usize,
    /// 1-based line number.
    number: u64,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.indent == self.text.len()
    }

    /// Blank, or a comment line.
    fn is_insignificant(&self) -> bool {
        self.is_blank() || self.text.as_bytes()[self.indent] == b'#'
    }
}

struct Reader<'a> {
    text: &'a str,
    /// Byte offset of the current line.
    pos: usize,
    /// Its 1-based number.
    line: u64,
    /// YAML values read so far.
    nodes: usize,
}

/// The paragraph keys read so far.
#[derive(Default)]
struct Fields {
    id: Option<SpStr>,
    number: Option<Spanned<Scalar>>,
    section: Option<String>,
    from: Option<Vec<SpStr>>,
    status: Option<SpStr>,
    dissociated_by: Option<Vec<SpStr>>,
    reserved_by: Option<Vec<SpStr>>,
    objected_by: Option<Vec<SpStr>>,
    text: Option<SpStr>,
}

/// Stores `value` in an empty slot; `None` for a key given twice.
fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    match slot {
        Some(_) => None,
        None => {
            *slot = Some(value);
            Some(())
        }
    }
}

impl<'a> Reader<'a> {
    /// The current line, or `None` at the end of the file.
    fn peek(&self) -> Option<Line<'a>> {
        let (text, len) = line_at(self.text, self.pos)?;
        let indent = text.bytes().take_while(|&b| b == b' ').count();
        Some(Line { text, len, indent, number: self.line })
    }

    fn advance(&mut self, line: &Line) {
        self.pos += line.len;
        self.line += 1;
    }

    /// The next line that is neither blank nor a comment, skipping those before it.
    fn peek_significant(&mut self) -> Option<Line<'a>> {
        while let Some(line) = self.peek() {
            if !line.is_insignificant() {
                return Some(line);
            }
            self.advance(&line);
        }
        None
    }

    /// The first line of a block list, past blank and comment lines. `None` when more
    /// than a few comment lines come first: the YAML parser buffers them while it looks
    /// for the list, and refuses the file past 32.
    fn peek_list_start(&mut self) -> Option<Line<'a>> {
        let mut comments = 0;
        while let Some(line) = self.peek() {
            if !line.is_insignificant() {
                return Some(line);
            }
            comments += usize::from(!line.is_blank());
            if comments > MAX_COMMENTS_BEFORE_LIST {
                return None;
            }
            self.advance(&line);
        }
        None
    }

    /// Whether the value that ended on the line before is complete: the next non-blank
    /// line is indented no deeper than `indent` (so it cannot continue the value).
    fn ends_here(&self, indent: usize) -> bool {
        let mut at = self.pos;
        while let Some((text, len)) = line_at(self.text, at) {
            let spaces = text.bytes().take_while(|&b| b == b' ').count();
            if spaces < text.len() {
                return spaces <= indent;
            }
            at += len;
        }
        true
    }

    fn revision(&mut self) -> Option<RawRevision> {
        self.nodes += 1;
        let (mut id, mut title, mut date, mut symbol, mut state, mut paragraphs) = (None, None, None, None, None, None);
        while let Some(line) = self.peek_significant() {
            if line.indent != 0 {
                return None;
            }
            self.advance(&line);
            self.nodes += 1;
            let (key, at) = key(line.text)?;
            let value = &line.text[at..];
            let column = at as u64 + 1;
            match key {
                "id" => set(&mut id, self.string(value, line.number, column, 0)?)?,
                "title" => set(&mut title, self.string(value, line.number, column, 0)?.value)?,
                "date" => set(&mut date, self.string(value, line.number, column, 0)?)?,
                "symbol" => set(&mut symbol, self.string(value, line.number, column, 0)?.value)?,
                "state" => set(&mut state, self.string(value, line.number, column, 0)?)?,
                "paragraphs" if nothing_after_key(value) => set(&mut paragraphs, self.paragraphs()?)?,
                _ => return None,
            }
        }
        Some(RawRevision { id: id?, title, date, symbol, state, paragraphs: paragraphs? })
    }

    /// The block list under `paragraphs:`.
    fn paragraphs(&mut self) -> Option<Vec<Spanned<RawParagraph>>> {
        self.nodes += 1;
        let dash = self.peek_list_start()?.indent;
        // At the top level, a key ends a list that starts in column 1.
        self.block_items(dash, dash == 0, |r, line, first| r.paragraph(line.number, dash + 2, first))
    }

    /// The items of a block list with its dashes `dash` spaces in, each read by `item`
    /// from its line and the text after its `- `. The list ends at a line indented less,
    /// or, when `ends_at_key`, at a line in the dash column that is no item (the next key
    /// of the mapping around it). `None` for an empty list or any other line.
    fn block_items<T>(
        &mut self,
        dash: usize,
        ends_at_key: bool,
        mut item: impl FnMut(&mut Self, Line<'a>, &'a str) -> Option<T>,
    ) -> Option<Vec<T>> {
        let mut out = Vec::new();
        while let Some(line) = self.peek_significant() {
            if line.indent < dash {
                break;
            }
            if line.indent > dash {
                return None;
            }
            let Some(rest) = line.text[dash..].strip_prefix("- ") else {
                if ends_at_key {
                    break;
                }
                return None;
            };
            if rest.starts_with(' ') {
                return None;
            }
            self.advance(&line);
            out.push(item(self, line, rest)?);
        }
        (!out.is_empty()).then_some(out)
    }

    /// One paragraph: `first` is the text after `- ` on its first line, and its keys
    /// start in column `indent + 1`.
    fn paragraph(&mut self, number: u64, indent: usize, first: &'a str) -> Option<Spanned<RawParagraph>> {
        self.nodes += 1;
        let mut fields = Fields::default();
        self.field(&mut fields, number, indent, first)?;
        while let Some(line) = self.peek_significant() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            self.advance(&line);
            self.field(&mut fields, line.number, indent, &line.text[indent..])?;
        }
        let paragraph = RawParagraph {
            id: fields.id?,
            number: fields.number,
            section: fields.section,
            from: fields.from.unwrap_or_default(),
            status: fields.status,
            dissociated_by: fields.dissociated_by.unwrap_or_default(),
            reserved_by: fields.reserved_by.unwrap_or_default(),
            objected_by: fields.objected_by.unwrap_or_default(),
            text: fields.text?,
        };
        Some(Spanned { value: paragraph, referenced: Location::new(number, indent as u64 + 1) })
    }

    /// One `key: value` of a paragraph; `text` starts at the key, in column `indent + 1`.
    fn field(&mut self, fields: &mut Fields, number: u64, indent: usize, text: &'a str) -> Option<()> {
        self.nodes += 1;
        let (key, at) = key(text)?;
        let value = &text[at..];
        let column = (indent + at) as u64 + 1;
        match key {
            "id" => set(&mut fields.id, self.string(value, number, column, indent)?),
            "number" => set(&mut fields.number, self.number(value, number, column, indent)?),
            "section" => set(&mut fields.section, self.string(value, number, column, indent)?.value),
            "status" => set(&mut fields.status, self.string(value, number, column, indent)?),
            "text" => set(&mut fields.text, self.string(value, number, column, indent)?),
            "from" => set(&mut fields.from, self.list(value, number, column, indent)?),
            "dissociated_by" => set(&mut fields.dissociated_by, self.list(value, number, column, indent)?),
            "reserved_by" => set(&mut fields.reserved_by, self.list(value, number, column, indent)?),
            "objected_by" => set(&mut fields.objected_by, self.list(value, number, column, indent)?),
            _ => None,
        }
    }

    /// A string value starting at `value` (line `number`, column `column`) of a key
    /// indented by `indent`.
    fn string(&mut self, value: &'a str, number: u64, column: u64, indent: usize) -> Option<SpStr> {
        let (text, plain) = self.scalar(value, number, column, indent)?;
        if plain && is_null(&text.value) {
            return None;
        }
        Some(text)
    }

    /// A paragraph number: any string, but a plain one only where YAML would not read a
    /// number (which the parser would rewrite, `007` as `7`), a boolean or null.
    fn number(&mut self, value: &'a str, number: u64, column: u64, indent: usize) -> Option<Spanned<Scalar>> {
        let (text, plain) = self.scalar(value, number, column, indent)?;
        if plain && !is_plain_text(&text.value) && !is_plain_integer(&text.value) {
            return None;
        }
        Some(Spanned { value: Scalar(text.value), referenced: text.referenced })
    }

    /// A scalar and whether it was plain (unquoted, not a block).
    fn scalar(&mut self, value: &'a str, number: u64, column: u64, indent: usize) -> Option<(SpStr, bool)> {
        self.nodes += 1;
        let at = Location::new(number, column);
        let (text, plain) = match value.as_bytes().first()? {
            b'"' => (after_value(value, double_quoted(value)?)?, false),
            b'\'' => (after_value(value, single_quoted(value)?)?, false),
            b'>' | b'|' => {
                let folded = value.starts_with('>');
                let strip = match value[1..].trim_end_matches(' ') {
                    "" => false,
                    "-" => true,
                    _ => return None,
                };
                return self.block(folded, strip, indent).map(|b| (b, false));
            }
            b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`' => {
                return None;
            }
            _ => (plain(value)?, true),
        };
        self.ends_here(indent).then_some((Spanned { value: text, referenced: at }, plain))
    }

    /// A `>` or `|` block scalar on the lines after its header; its content must be
    /// indented deeper than `indent`. Folded blocks with more-indented lines, leading
    /// empty lines or whitespace-only lines longer than the indentation are left to the
    /// parser.
    fn block(&mut self, folded: bool, strip: bool, indent: usize) -> Option<SpStr> {
        let first = self.peek()?;
        if first.is_blank() || first.indent <= indent {
            return None;
        }
        let n = first.indent;
        let at = Location::new(first.number, n as u64 + 1);
        let mut out = String::new();
        let mut blanks = 0;
        while let Some(line) = self.peek() {
            if line.is_blank() {
                if line.text.len() > n {
                    return None;
                }
                blanks += 1;
                self.advance(&line);
                continue;
            }
            if line.indent < n {
                break;
            }
            if folded && line.indent > n {
                return None;
            }
            if !out.is_empty() {
                match (folded, blanks) {
                    (true, 0) => out.push(' '),
                    (true, _) => out.extend(std::iter::repeat_n('\n', blanks)),
                    (false, _) => out.extend(std::iter::repeat_n('\n', blanks + 1)),
                }
            }
            out.push_str(&line.text[n..]);
            blanks = 0;
            self.advance(&line);
        }
        if !strip {
            out.push('\n');
        }
        Some(Spanned { value: out, referenced: at })
    }

    /// `from:`, `dissociated_by:`, `reserved_by:` and `objected_by:`: a one-line flow list (`[a, "b"]`) or a block list
    /// on the lines after the key.
    fn list(&mut self, value: &'a str, number: u64, column: u64, indent: usize) -> Option<Vec<SpStr>> {
        self.nodes += 1;
        if nothing_after_key(value) {
            return self.block_list(indent);
        }
        let body = value.strip_prefix('[')?;
        let mut items = Vec::new();
        let mut rest = body.trim_start_matches(' ');
        if let Some(after) = rest.strip_prefix(']') {
            return (is_blank_or_comment(after) && self.ends_here(indent)).then_some(items);
        }
        loop {
            self.nodes += 1;
            let offset = value.len() - rest.len();
            let at = Location::new(number, column + value[..offset].chars().count() as u64);
            let (text, len) = match rest.as_bytes().first()? {
                b'"' => double_quoted(rest)?,
                b'\'' => single_quoted(rest)?,
                _ => {
                    let len = rest.find([',', ']']).unwrap_or(rest.len());
                    let text = rest[..len].trim_end_matches(' ');
                    let safe = !text.is_empty()
                        && !is_null(text)
                        && !text.contains(['[', ']', '{', '}', '#', ':', '"', '\'', '&', '*', '!', '?', '|', '>'])
                        && !text.starts_with(['-', '%', '@', '`']);
                    if !safe {
                        return None;
                    }
                    (text.to_owned(), len)
                }
            };
            items.push(Spanned { value: text, referenced: at });
            rest = rest[len..].trim_start_matches(' ');
            if let Some(after) = rest.strip_prefix(',') {
                rest = after.trim_start_matches(' ');
                continue;
            }
            let after = rest.strip_prefix(']')?;
            return (is_blank_or_comment(after) && self.ends_here(indent)).then_some(items);
        }
    }

    /// A block list whose `- ` lines are indented at least as deep as its key.
    fn block_list(&mut self, indent: usize) -> Option<Vec<SpStr>> {
        let dash = self.peek_list_start()?.indent;
        if dash < indent {
            return None;
        }
        // A list written in its key's own column ends at the next key.
        self.block_items(dash, dash == indent, |r, line, item| r.string(item, line.number, dash as u64 + 3, dash))
    }
}

/// The line starting at byte `at` of `text`, without its line break (LF or CRLF), and the
/// number of bytes to the next line; `None` at the end.
fn line_at(text: &str, at: usize) -> Option<(&str, usize)> {
    let rest = text.get(at..).filter(|r| !r.is_empty())?;
    let (line, len) = match rest.find('\n') {
        Some(n) => (&rest[..n], n + 1),
        None => (rest, rest.len()),
    };
    Some((line.strip_suffix('\r').unwrap_or(line), len))
}

/// A `key:` at the start of `text`: the key and the byte offset of its value (past the
/// spaces after the colon). Keys are lower-case letters and `_`.
fn key(text: &str) -> Option<(&str, usize)> {
    let len = text.bytes().take_while(|b| b.is_ascii_lowercase() || *b == b'_').count();
    let rest = text[len..].strip_prefix(':')?;
    if len == 0 || !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let spaces = rest.bytes().take_while(|&b| b == b' ').count();
    Some((&text[..len], len + 1 + spaces))
}

/// Whether a key has no value on its line (only a comment). [`key`] has skipped the
/// spaces after the colon, so a `#` here follows a space.
fn nothing_after_key(value: &str) -> bool {
    value.is_empty() || value.starts_with('#')
}

/// Whether the rest of a line after a value holds nothing, or spaces and a comment.
fn is_blank_or_comment(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
}

/// What follows a quoted scalar of `len` bytes at the start of `value`: the scalar's text
/// if only spaces or a comment do.
fn after_value(value: &str, (text, len): (String, usize)) -> Option<String> {
    is_blank_or_comment(&value[len..]).then_some(text)
}

/// A plain scalar that ends on its line: up to a comment, trailing spaces dropped.
fn plain(value: &str) -> Option<String> {
    let end = value.find(" #").unwrap_or(value.len());
    let text = value[..end].trim_end_matches(' ');
    if text.contains(": ") || text.ends_with(':') {
        return None;
    }
    Some(text.to_owned())
}

/// `"…"` at the start of `s`: its text and its length in bytes, quotes included. `None`
/// when it does not close on this line, or uses an escape this reader leaves to the
/// parser.
fn double_quoted(s: &str) -> Option<(String, usize)> {
    let b = s.as_bytes();
    let mut out = String::new();
    let mut start = 1;
    loop {
        let j = start + memchr::memchr2(b'"', b'\\', &b[start..])?;
        out.push_str(&s[start..j]);
        if b[j] == b'"' {
            return Some((out, j + 1));
        }
        let (c, len) = match *b.get(j + 1)? {
            b'\\' => ('\\', 2),
            b'"' => ('"', 2),
            b'/' => ('/', 2),
            b' ' => (' ', 2),
            b'n' => ('\n', 2),
            b't' => ('\t', 2),
            b'r' => ('\r', 2),
            b'0' => ('\0', 2),
            b'a' => ('\x07', 2),
            b'b' => ('\x08', 2),
            b'v' => ('\x0b', 2),
            b'f' => ('\x0c', 2),
            b'e' => ('\x1b', 2),
            b'N' => ('\u{85}', 2),
            b'_' => ('\u{a0}', 2),
            b'L' => ('\u{2028}', 2),
            b'P' => ('\u{2029}', 2),
            b'x' => (hex(s.get(j + 2..j + 4)?)?, 4),
            b'u' => (hex(s.get(j + 2..j + 6)?)?, 6),
            b'U' => (hex(s.get(j + 2..j + 10)?)?, 10),
            _ => return None,
        };
        out.push(c);
        start = j + len;
    }
}

/// The character with hexadecimal code `digits`.
fn hex(digits: &str) -> Option<char> {
    if !digits.bytes().all(|d| d.is_ascii_hexdigit()) {
        return None;
    }
    char::from_u32(u32::from_str_radix(digits, 16).ok()?)
}

/// `'…'` at the start of `s` (`''` is a quote): its text and its length in bytes.
fn single_quoted(s: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut start = 1;
    loop {
        let j = start + s[start..].find('\'')?;
        out.push_str(&s[start..j]);
        if s[j + 1..].starts_with('\'') {
            out.push('\'');
            start = j + 2;
        } else {
            return Some((out, j + 1));
        }
    }
}

/// The plain scalars YAML reads as null.
fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// A plain scalar YAML reads as a string whatever the schema: it starts with a letter
/// and is no boolean or null.
fn is_plain_text(text: &str) -> bool {
    const SPECIAL: [&str; 12] = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf", "nil"];
    text.starts_with(|c: char| c.is_alphabetic()) && !SPECIAL.iter().any(|s| s.eq_ignore_ascii_case(text))
}

/// A plain integer YAML reads back as the same digits: `0`, or no leading zero and few
/// enough digits to fit.
fn is_plain_integer(text: &str) -> bool {
    text == "0"
        || (!text.starts_with('0') && (1..=18).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
}
