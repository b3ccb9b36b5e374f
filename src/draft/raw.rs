//! The files as written: serde types that mirror the YAML, with source locations.
//!
//! These are checked and turned into the [`model`](super::model) types by
//! [`load`](super::load). Unknown fields are errors, so a mistyped key is never ignored.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};

use super::model::ConvergenceSettings;

/// A string with where it was written.
pub type SpStr = Spanned<String>;

/// A value with where it was written. Read through `serde_saphyr::Spanned` by the YAML
/// parser, or built directly by the [`block`](super::block) reader of revision files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    /// Where the value starts.
    pub referenced: Location,
}

/// A position in a file: 1-based line and column (in characters; 0 when unknown) and,
/// when known, the byte span of the value. Two locations are equal when they name the
/// same line and column: the span is a detail of the reader.
#[derive(Debug, Clone, Copy)]
pub struct Location {
    line: u64,
    column: u64,
    span: serde_saphyr::Span,
}

impl Location {
    /// A position with no byte span.
    pub fn new(line: u64, column: u64) -> Self {
        Location { line, column, span: serde_saphyr::Span::default() }
    }

    pub fn line(&self) -> u64 {
        self.line
    }

    pub fn column(&self) -> u64 {
        self.column
    }

    /// The value's span (byte offsets only when the parser knew them).
    pub fn span(&self) -> serde_saphyr::Span {
        self.span
    }
}

impl PartialEq for Location {
    fn eq(&self, other: &Self) -> bool {
        (self.line, self.column) == (other.line, other.column)
    }
}

impl Eq for Location {}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        let at = s.referenced;
        Ok(Spanned { value: s.value, referenced: Location { line: at.line(), column: at.column(), span: at.span() } })
    }
}

/// `negotiation.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNegotiation {
    #[schemars(with = "String")]
    pub title: SpStr,
    #[schemars(with = "String")]
    pub baseline: SpStr,
    #[schemars(with = "Vec<String>")]
    pub revisions: Spanned<Vec<SpStr>>,
    #[serde(default)]
    pub convergence: Option<ConvergenceSettings>,
}

/// `delegations.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDelegations {
    #[serde(default)]
    pub delegations: Vec<RawDelegation>,
    #[serde(default)]
    pub groups: Vec<RawGroup>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDelegation {
    #[schemars(with = "String")]
    pub code: SpStr,
    pub name: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    #[schemars(with = "String")]
    pub code: SpStr,
    pub name: String,
    #[schemars(with = "Vec<String>")]
    pub members: Vec<SpStr>,
}

/// `revisions/<id>.yaml`.
#[derive(Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRevision {
    #[schemars(with = "String")]
    pub id: SpStr,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub date: Option<SpStr>,
    #[serde(default)]
    pub symbol: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub state: Option<SpStr>,
    #[schemars(with = "Vec<RawParagraph>")]
    pub paragraphs: Vec<Spanned<RawParagraph>>,
}

#[derive(Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawParagraph {
    #[schemars(with = "String")]
    pub id: SpStr,
    #[serde(default)]
    #[schemars(with = "Option<Scalar>")]
    pub number: Option<Spanned<Scalar>>,
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub from: Vec<SpStr>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub status: Option<SpStr>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub dissociated_by: Vec<SpStr>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub reserved_by: Vec<SpStr>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub objected_by: Vec<SpStr>,
    #[schemars(with = "String")]
    pub text: SpStr,
}

/// A scalar read as text whatever its YAML type (`number: 7` and `number: "7"` alike).
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar(pub String);

/// The schema of what [`Scalar`]'s hand-written `Deserialize` accepts: a string or a number.
impl JsonSchema for Scalar {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Scalar".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": ["string", "number"] })
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a paragraph number such as \"7\" or \"7 bis\"")
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_owned()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// `amendments/<revision>/<name>.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAmendmentFile {
    #[schemars(with = "String")]
    pub by: SpStr,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub on_behalf_of: Vec<SpStr>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub date: Option<SpStr>,
    #[schemars(with = "Vec<RawAmendment>")]
    pub amendments: Vec<Spanned<RawAmendment>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAmendment {
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub id: Option<SpStr>,
    #[schemars(with = "String")]
    pub element: SpStr,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub replace: Option<SpStr>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub with: Option<SpStr>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub insert: Option<SpStr>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub after: Option<SpStr>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub before: Option<SpStr>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub delete: Option<SpStr>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub text: Option<SpStr>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub add: Option<SpStr>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub after_element: Option<SpStr>,
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub delete_paragraph: Option<Spanned<bool>>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub supported_by: Vec<SpStr>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub opposed_by: Vec<SpStr>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub withdrawn: Option<SpStr>,
}
