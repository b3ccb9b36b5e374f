//! The Word package: a .docx is a zip archive of XML parts tied together by relationships.
//! Word finds the main document through the package's relationships (`_rels/.rels`), not
//! by its name, and the styles and numbering through the main document's own relationships
//! (`word/_rels/document.xml.rels`); so does concord, or a decoy `word/document.xml` that no
//! relationship names would be read in place of the text Word shows.
//!
//! A .docx comes from an untrusted source, so reading is capped: at most [`MAX_ENTRIES`]
//! entries, [`MAX_PART_BYTES`] decompressed bytes per part and [`MAX_TOTAL_BYTES`] for all
//! the parts read (a zip bomb stops there); two entries of one name (a decoy hidden behind
//! the real part) make the package damaged. XML entities are never expanded (the readers
//! resolve only the five predefined ones and character references). A password-protected
//! document is not a zip at all but an OLE compound file, and is recognized as such.
//!
//! A package without `_rels/.rels` is not valid, but simple generators write one: its main
//! document is read from `word/document.xml`, its styles and numbering from
//! `word/styles.xml` and `word/numbering.xml`, the names Word gives them.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{attr, local};

/// Most entries a .docx may have (Word writes a dozen or two).
pub const MAX_ENTRIES: usize = 10_000;
/// Most bytes a part of the package may decompress to (64 MiB).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;
/// Most bytes all the parts read from one package may decompress to (128 MiB).
pub const MAX_TOTAL_BYTES: u64 = 128 * 1024 * 1024;

/// The signature of an OLE compound file: encrypted .docx files and old .doc files.
const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Why a .docx could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageError {
    /// Not a zip archive.
    #[error("the file is not a valid .docx (it is not a zip archive)")]
    NotZip,
    /// A zip archive without a main document.
    #[error("the file is a zip archive but not a Word document ({0})")]
    NoDocument(String),
    /// A password-protected .docx.
    #[error("the document is encrypted; save it without a password")]
    Encrypted,
    /// A Word 97-2003 .doc renamed .docx.
    #[error("this is an old Word 97-2003 (.doc) file, not a .docx")]
    LegacyDoc,
    /// A part, or the archive, is damaged.
    #[error("the .docx is damaged: {0}")]
    Corrupt(String),
    /// Past [`MAX_ENTRIES`], [`MAX_PART_BYTES`] or [`MAX_TOTAL_BYTES`].
    #[error("the file is too large to import: {0}")]
    TooLarge(String),
}

impl PackageError {
    /// What the user can do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            PackageError::NotZip | PackageError::NoDocument(_) | PackageError::Corrupt(_) => {
                "open it in Word or LibreOffice and save it again as .docx"
            }
            PackageError::Encrypted => {
                "in Word: File, Info, Protect Document, Encrypt with Password, and clear the password"
            }
            PackageError::LegacyDoc => "open it in Word or LibreOffice and save it as .docx",
            PackageError::TooLarge(_) => "check that this is the right file",
        }
    }
}

/// A part of the package that the main document relates to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Related {
    /// `styles.xml`: paragraph and character styles.
    Styles,
    /// `numbering.xml`: automatic numbering.
    Numbering,
}

impl Related {
    /// The last segment of the relationship type (`…/relationships/styles`).
    fn type_name(self) -> &'static str {
        match self {
            Related::Styles => "styles",
            Related::Numbering => "numbering",
        }
    }

    /// Where a package without relationships keeps it.
    fn usual_name(self) -> &'static str {
        match self {
            Related::Styles => "word/styles.xml",
            Related::Numbering => "word/numbering.xml",
        }
    }
}

/// A part read: its name in the package and its XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The part's name (`word/document.xml`).
    pub name: String,
    /// Its text.
    pub xml: String,
}

/// The parts of a Word document that concord reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordDocument {
    /// The main document.
    pub document: Part,
    /// Its styles, when it has any.
    pub styles: Option<Part>,
    /// Its numbering definitions, when it has any.
    pub numbering: Option<Part>,
}

/// Opens the .docx in `bytes` and reads its main document, styles and numbering, each
/// found through the package's relationships.
pub fn read(bytes: &[u8]) -> Result<WordDocument, PackageError> {
    let mut package = Package::open(bytes)?;
    let (name, listed) = package.main_document()?;
    let xml = package.part(&name)?.ok_or_else(|| {
        PackageError::NoDocument(if listed {
            format!("_rels/.rels names {name} as the main document, and the package has no such part")
        } else {
            "it has no word/document.xml".into()
        })
    })?;
    let mut related = |kind: Related| -> Result<Option<Part>, PackageError> {
        let Some(name) = package.related(&name, kind, listed)? else { return Ok(None) };
        Ok(package.part(&name)?.map(|xml| Part { name, xml }))
    };
    let styles = related(Related::Styles)?;
    let numbering = related(Related::Numbering)?;
    Ok(WordDocument { document: Part { name, xml }, styles, numbering })
}

/// An open package.
struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Entry index by part name in lower case (part names are compared without case).
    names: HashMap<String, usize>,
    /// Decompressed bytes read so far.
    read: u64,
}

impl<'a> Package<'a> {
    /// Opens the zip archive in `bytes`, refusing an OLE file, more than [`MAX_ENTRIES`]
    /// entries and two entries of one name.
    fn open(bytes: &'a [u8]) -> Result<Package<'a>, PackageError> {
        if bytes.starts_with(&OLE) {
            return Err(if is_encrypted(bytes) { PackageError::Encrypted } else { PackageError::LegacyDoc });
        }
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| PackageError::NotZip)?;
        if zip.len() > MAX_ENTRIES {
            return Err(PackageError::TooLarge(format!("it has {} entries (at most {MAX_ENTRIES})", zip.len())));
        }
        if zip.has_duplicate_names() {
            return Err(PackageError::Corrupt("two of its parts have the same name".into()));
        }
        let mut names = HashMap::with_capacity(zip.len());
        for (index, name) in zip.file_names().enumerate() {
            let name = name.map_err(|e| PackageError::Corrupt(e.to_string()))?;
            if names.insert(name.to_lowercase(), index).is_some() {
                return Err(PackageError::Corrupt(format!("two of its parts are named {name}")));
            }
        }
        Ok(Package { zip, names, read: 0 })
    }

    /// The main document's part name, and whether `_rels/.rels` names it (`false`: the
    /// package has no relationships, and the usual name is taken).
    fn main_document(&mut self) -> Result<(String, bool), PackageError> {
        let Some(rels) = self.part("_rels/.rels")? else { return Ok(("word/document.xml".into(), false)) };
        let found = relationships(&rels, "_rels/.rels", "", "officeDocument")?;
        match found.as_slice() {
            [one] => Ok((one.clone(), true)),
            [] => Err(PackageError::NoDocument("its relationships, _rels/.rels, name no main document".into())),
            more => Err(PackageError::Corrupt(format!(
                "_rels/.rels names {} main documents ({})",
                more.len(),
                more.join(", ")
            ))),
        }
    }

    /// The part of kind `kind` related to `source`: named by `source`'s relationships, or,
    /// in a package without relationships (`listed` false), by its usual name.
    fn related(&mut self, source: &str, kind: Related, listed: bool) -> Result<Option<String>, PackageError> {
        let (folder, file) = source.rsplit_once('/').map_or(("", source), |(d, f)| (d, f));
        let rels_name =
            if folder.is_empty() { format!("_rels/{file}.rels") } else { format!("{folder}/_rels/{file}.rels") };
        match self.part(&rels_name)? {
            Some(rels) => Ok(relationships(&rels, &rels_name, folder, kind.type_name())?.into_iter().next()),
            None if !listed => Ok(Some(kind.usual_name().to_owned())),
            None => Ok(None),
        }
    }

    /// The text of part `name`, or `None` if the package has none; decompression stops at
    /// [`MAX_PART_BYTES`], and at [`MAX_TOTAL_BYTES`] for all parts together.
    fn part(&mut self, name: &str) -> Result<Option<String>, PackageError> {
        let Some(&index) = self.names.get(&name.to_lowercase()) else { return Ok(None) };
        let corrupt = |e: &dyn std::fmt::Display| PackageError::Corrupt(format!("{name}: {e}"));
        let file = self.zip.by_index(index).map_err(|e| corrupt(&e))?;
        let left = MAX_TOTAL_BYTES - self.read;
        let cap = MAX_PART_BYTES.min(left);
        let mut bytes = Vec::new();
        file.take(cap + 1).read_to_end(&mut bytes).map_err(|e| corrupt(&e))?;
        if bytes.len() as u64 > cap {
            return Err(PackageError::TooLarge(if cap == MAX_PART_BYTES {
                format!("{name} decompresses to more than {} MiB", MAX_PART_BYTES >> 20)
            } else {
                format!("its parts decompress to more than {} MiB", MAX_TOTAL_BYTES >> 20)
            }));
        }
        self.read += bytes.len() as u64;
        String::from_utf8(bytes).map(Some).map_err(|_| PackageError::Corrupt(format!("{name} is not UTF-8 XML")))
    }
}

/// Whether an OLE file holds an encrypted OOXML package (its stream names include
/// `EncryptionInfo`, in UTF-16).
fn is_encrypted(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// The part names that the relationships part `xml` (named `rels_name`, of a source part
/// in `folder`) gives for relationships of type `type_name`, in order; external targets
/// are not parts and are left out.
///
/// ```text
/// Type=".../relationships/numbering" Target="numbering.xml", folder "word" -> "word/numbering.xml"
/// Type=".../relationships/officeDocument" Target="/content/main.xml", folder "" -> "content/main.xml"
/// ```
fn relationships(xml: &str, rels_name: &str, folder: &str, type_name: &str) -> Result<Vec<String>, PackageError> {
    let mut reader = Reader::from_str(xml);
    let mut found = Vec::new();
    loop {
        let event = reader.read_event().map_err(|e| super::xml_error(rels_name, e, reader.buffer_position()))?;
        match event {
            Event::Start(e) | Event::Empty(e) if local(&e) == "Relationship" => {
                let kind = attr(&e, "Type").unwrap_or_default();
                if kind.rsplit('/').next() != Some(type_name) || attr(&e, "TargetMode").as_deref() == Some("External") {
                    continue;
                }
                let target = attr(&e, "Target").unwrap_or_default();
                let name = resolve(folder, &target).ok_or_else(|| {
                    PackageError::Corrupt(format!("{rels_name} names `{target}`, which is not a part of the package"))
                })?;
                found.push(name);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(found)
}

/// The part name a relationship's target means, from the folder of its source part:
/// relative targets are resolved against it, `/` starts from the package's root, and
/// `%xx` escapes are decoded. `None` for a target that leaves the package or is empty.
///
/// ```text
/// ("word", "numbering.xml")     -> "word/numbering.xml"
/// ("word", "../media/a%20b.xml") -> "media/a b.xml"
/// ("",     "/word/document.xml") -> "word/document.xml"
/// ("",     "../x.xml")           -> none
/// ```
fn resolve(folder: &str, target: &str) -> Option<String> {
    let target = target.split(['#', '?']).next().unwrap_or_default();
    if target.is_empty() {
        return None;
    }
    let target = percent_decode(target)?;
    let mut segments: Vec<&str> =
        if target.starts_with('/') { Vec::new() } else { folder.split('/').filter(|s| !s.is_empty()).collect() };
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            s => segments.push(s),
        }
    }
    if segments.is_empty() { None } else { Some(segments.join("/")) }
}

/// `a%20b` -> `a b`; `None` for a broken escape or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_from_the_source_folder() {
        assert_eq!(resolve("word", "numbering.xml").as_deref(), Some("word/numbering.xml"));
        assert_eq!(resolve("word", "../media/a%20b.xml").as_deref(), Some("media/a b.xml"));
        assert_eq!(resolve("", "/word/document.xml").as_deref(), Some("word/document.xml"));
        assert_eq!(resolve("", "./content/main.xml#x").as_deref(), Some("content/main.xml"));
        assert_eq!(resolve("", "../x.xml"), None);
        assert_eq!(resolve("word", "%zz.xml"), None);
        assert_eq!(resolve("word", ""), None);
    }

    #[test]
    fn relationships_of_one_type_and_not_external() {
        let xml = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
            <Relationship Id="rId2" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/numbering" Target="num/n.xml"/>
            <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="http://x/n.xml" TargetMode="External"/>
        </Relationships>"#;
        assert_eq!(relationships(xml, "r", "word", "numbering").unwrap(), ["word/num/n.xml"]);
        assert_eq!(relationships(xml, "r", "word", "styles").unwrap(), ["word/styles.xml"]);
        assert!(relationships(xml, "r", "word", "footnotes").unwrap().is_empty());
    }

    #[test]
    fn not_a_zip_and_encrypted_files_are_told_apart() {
        assert_eq!(read(b"hello"), Err(PackageError::NotZip));
        let mut ole = OLE.to_vec();
        ole.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(read(&ole), Err(PackageError::Encrypted));
        assert_eq!(read(&OLE), Err(PackageError::LegacyDoc));
    }
}
