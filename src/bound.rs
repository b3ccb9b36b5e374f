//! A bound on what one received document makes concord produce, checked as it grows.
//!
//! The limits on a file's size and on each part of a .docx bound what concord reads, not what
//! reading makes of it: a numbering definition with a huge label, copied into every numbered
//! paragraph, once turned a 2.7 KB .docx into 3 GB of text, and a long heading is copied into
//! every paragraph under it. So every reader of received documents (`import`, `init
//! --baseline`, `import-amendments`) counts the text and the pieces it makes against a
//! [`Budget`] as it makes them, and stops at the first one past the limit.
//!
//! ```text
//! let mut budget = Budget::new(Limits::IMPORT);
//! budget.text(5)?;   // ok
//! budget.item()?;    // ok: one paragraph
//! ```

/// How much one reading may produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of text in all (a paragraph's number and section heading count with it, as
    /// each is written with every paragraph).
    pub text_bytes: usize,
    /// Pieces: paragraphs of a document, or rows and cells of a table.
    pub items: usize,
    /// What the pieces are, as the error names them ("paragraphs", "table cells").
    pub items_name: &'static str,
    /// Characters in one automatic paragraph number (`7.`, `(a)`).
    pub label_chars: usize,
}

impl Limits {
    /// A document imported as a revision (`import`, `init --baseline`). The text limit is
    /// the loader's limit on one revision file (64 MiB), which a larger import could never
    /// pass; a long negotiated text has a few thousand paragraphs.
    pub const IMPORT: Limits = Limits {
        text_bytes: crate::draft::yaml::MAX_FILE_BYTES as usize,
        items: 1_000_000,
        items_name: "paragraphs",
        label_chars: 256,
    };

    /// A compilation of amendments (`import-amendments`): rows and cells together, so that
    /// a spreadsheet's own maximum (1,048,576 rows) of three columns fits.
    pub const TABLE: Limits = Limits {
        text_bytes: crate::draft::yaml::MAX_FILE_BYTES as usize,
        items: 4_500_000,
        items_name: "table rows and cells",
        label_chars: 256,
    };
}

/// Which limit a document went past.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Exceeded {
    /// Too much text.
    #[error("the document would produce more than {} MiB of text (concord's limit for one document)", limit >> 20)]
    Text {
        /// The limit, in bytes.
        limit: usize,
    },
    /// Too many paragraphs, rows or cells.
    #[error("the document would produce more than {limit} {name} (concord's limit for one document)")]
    Items {
        /// The limit.
        limit: usize,
        /// What was counted.
        name: &'static str,
    },
    /// An automatic number longer than any real one.
    #[error(
        "the automatic number of paragraph {paragraph} is longer than {limit} characters \
         (list {list}, level {level} of the document's numbering)"
    )]
    Label {
        /// The limit, in characters.
        limit: usize,
        /// The paragraph, counting from 1.
        paragraph: usize,
        /// The list (`w:numId`).
        list: String,
        /// The level (`w:ilvl`, from 0).
        level: u32,
    },
}

impl Exceeded {
    /// What the user can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            Exceeded::Text { .. } | Exceeded::Items { .. } => {
                "check that this is the right file: a document that grows this much when read is damaged or \
                 built to exhaust memory; a real text this long can be split in two"
            }
            Exceeded::Label { .. } => {
                "open the document in Word, check the number format of that list (Define New Number Format), \
                 and save it again"
            }
        }
    }
}

/// What has been produced so far, against the [`Limits`].
#[derive(Debug, Clone)]
pub struct Budget {
    limits: Limits,
    text: usize,
    items: usize,
}

impl Budget {
    /// Nothing produced yet.
    pub fn new(limits: Limits) -> Budget {
        Budget { limits, text: 0, items: 0 }
    }

    /// The limits counted against.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Counts `bytes` more bytes of text.
    pub fn text(&mut self, bytes: usize) -> Result<(), Exceeded> {
        self.text = self.text.saturating_add(bytes);
        if self.text > self.limits.text_bytes {
            return Err(Exceeded::Text { limit: self.limits.text_bytes });
        }
        Ok(())
    }

    /// Counts one more piece (a paragraph, a row, a cell).
    pub fn item(&mut self) -> Result<(), Exceeded> {
        self.items(1)
    }

    /// Counts `n` more pieces.
    pub fn items(&mut self, n: usize) -> Result<(), Exceeded> {
        self.items = self.items.saturating_add(n);
        if self.items > self.limits.items {
            return Err(Exceeded::Items { limit: self.limits.items, name: self.limits.items_name });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_byte_or_piece_past_a_limit_is_refused() {
        let limits = Limits { text_bytes: 10, items: 2, items_name: "paragraphs", label_chars: 4 };
        let mut b = Budget::new(limits);
        assert_eq!(b.text(10), Ok(()));
        assert_eq!(b.text(1), Err(Exceeded::Text { limit: 10 }));
        assert_eq!(b.items(2), Ok(()));
        let err = b.item().unwrap_err();
        assert_eq!(
            err.to_string(),
            "the document would produce more than 2 paragraphs (concord's limit for one document)"
        );
        assert_eq!(
            Exceeded::Text { limit: 64 << 20 }.to_string(),
            "the document would produce more than 64 MiB of text (concord's limit for one document)"
        );
    }
}
