//! Reading received Word documents (.docx, Office Open XML), for the two readers that take
//! text from them: `import` (a Chair's draft, [`crate::import::docx`]) and
//! `import-amendments` (the tables of a compilation, [`crate::compile::docx`]).
//!
//! What they share lives here, so that both read the same parts, within the same limits,
//! and take the same text: the package ([`package`]: the zip, its relationships, the caps
//! against zip bombs), the styles ([`styles`]), and which text Word shows ([`shown`]:
//! tracked changes, hidden text, field codes).

pub mod package;
pub mod shown;
pub mod styles;

use quick_xml::XmlVersion;
use quick_xml::events::BytesStart;

pub use package::{MAX_ENTRIES, MAX_PART_BYTES, MAX_TOTAL_BYTES, PackageError, Part, WordDocument, read};
pub use shown::{Hidden, Shown, View};
pub use styles::{NumberingRef, Style, Styles};

/// The local name of an element (`w:p` -> `p`).
pub fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_owned()
}

/// The value of attribute `w:<name>` (any prefix).
pub fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// Whether a toggle's value (`w:val` of `<w:b/>`, `<w:vanish w:val="0"/>`) is on: it is
/// unless the value says off.
pub fn on(val: Option<&str>) -> bool {
    !matches!(val, Some("0" | "false" | "off" | "none"))
}

/// A part whose XML cannot be read.
pub fn xml_error(part: &str, e: impl std::fmt::Display, at: u64) -> PackageError {
    PackageError::Corrupt(format!("{part} is malformed XML at byte {at}: {e}"))
}
