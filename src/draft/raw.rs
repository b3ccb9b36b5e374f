//! The files as written: serde types that mirror the YAML, with source locations.
//!
//! These are checked and turned into the [`model`](super::model) types by
//! [`load`](super::load). Unknown fields are errors, so a mistyped key is never ignored.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::model::ConvergenceSettings;

/// A string with where it was written.
pub type SpStr = Spanned<String>;

/// `negotiation.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNegotiation {
    pub title: SpStr,
    pub baseline: SpStr,
    pub revisions: Spanned<Vec<SpStr>>,
    #[serde(default)]
    pub convergence: Option<ConvergenceSettings>,
}

/// `delegations.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDelegations {
    #[serde(default)]
    pub delegations: Vec<RawDelegation>,
    #[serde(default)]
    pub groups: Vec<RawGroup>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDelegation {
    pub code: SpStr,
    pub name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGroup {
    pub code: SpStr,
    pub name: String,
    pub members: Vec<SpStr>,
}

/// `revisions/<id>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRevision {
    pub id: SpStr,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub date: Option<SpStr>,
    #[serde(default)]
    pub symbol: Option<String>,
    pub paragraphs: Vec<Spanned<RawParagraph>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParagraph {
    pub id: SpStr,
    #[serde(default)]
    pub number: Option<Spanned<Scalar>>,
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub from: Vec<SpStr>,
    #[serde(default)]
    pub status: Option<SpStr>,
    #[serde(default)]
    pub dissociated_by: Vec<SpStr>,
    pub text: SpStr,
}

/// A scalar read as text whatever its YAML type (`number: 7` and `number: "7"` alike).
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar(pub String);

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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAmendmentFile {
    pub by: SpStr,
    #[serde(default)]
    pub on_behalf_of: Vec<SpStr>,
    #[serde(default)]
    pub date: Option<SpStr>,
    pub amendments: Vec<Spanned<RawAmendment>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAmendment {
    #[serde(default)]
    pub id: Option<SpStr>,
    pub element: SpStr,
    #[serde(default)]
    pub replace: Option<SpStr>,
    #[serde(default)]
    pub with: Option<SpStr>,
    #[serde(default)]
    pub insert: Option<SpStr>,
    #[serde(default)]
    pub after: Option<SpStr>,
    #[serde(default)]
    pub before: Option<SpStr>,
    #[serde(default)]
    pub delete: Option<SpStr>,
    #[serde(default)]
    pub text: Option<SpStr>,
    #[serde(default)]
    pub add: Option<SpStr>,
    #[serde(default)]
    pub after_element: Option<SpStr>,
    #[serde(default)]
    pub delete_paragraph: Option<Spanned<bool>>,
    #[serde(default)]
    pub supported_by: Vec<SpStr>,
    #[serde(default)]
    pub opposed_by: Vec<SpStr>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub withdrawn: Option<SpStr>,
}
