//! `concord schema`: JSON Schemas of the drafts files, so an editor checks YAML as it is
//! typed.
//!
//! The shape (fields, types, which are required, no unknown field) is derived with
//! `schemars` from the very serde types the loader reads ([`crate::draft::raw`]), so the
//! schema cannot drift from the loader. On top, [`FIELDS`] gives every field its
//! description (shown by editors on hover) and the value rules the loader checks that a
//! type cannot say (id and code characters, dates, `agreed`/`open`), never stricter than
//! the loader. A test fails when a field has no entry there. The loader reads a plain
//! scalar as text (`symbol: 123` is the symbol "123"), so text fields accept numbers too.

use std::io::Write;
use std::path::PathBuf;

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use super::common::{CommandError, Global, exit, shown};
use crate::draft::raw::{RawAmendmentFile, RawDelegations, RawNegotiation, RawRevision};
use crate::output::write_atomic;

/// Print the JSON Schema of a kind of drafts file, for editors that validate YAML.
///
/// Kinds: negotiation (negotiation.yaml), delegations (delegations.yaml), revision
/// (revisions/*.yaml), amendments (amendments/*/*.yaml). Without a kind, prints all four
/// as one JSON object keyed by kind. With --out DIR, writes DIR/<kind>.schema.json for
/// each instead. docs/getting-started.md shows how to make VS Code use them.
///
/// Example: concord schema --out .vscode/concord
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The kind of file.
    #[arg(value_enum)]
    pub kind: Option<Kind>,
    /// Write <kind>.schema.json files into this folder instead of printing.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// A kind of drafts file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// negotiation.yaml
    Negotiation,
    /// delegations.yaml
    Delegations,
    /// revisions/<id>.yaml
    Revision,
    /// amendments/<revision>/<name>.yaml
    Amendments,
}

const KINDS: [Kind; 4] = [Kind::Negotiation, Kind::Delegations, Kind::Revision, Kind::Amendments];

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Negotiation => "negotiation",
            Kind::Delegations => "delegations",
            Kind::Revision => "revision",
            Kind::Amendments => "amendments",
        }
    }
}

/// Runs `concord schema`.
pub fn run(_global: &Global, args: &Args, out: &mut dyn Write) -> Result<u8, CommandError> {
    let kinds: Vec<Kind> = args.kind.map_or(KINDS.to_vec(), |k| vec![k]);
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir)?;
        for k in kinds {
            let path = dir.join(format!("{}.schema.json", k.name()));
            write_atomic(&path, (pretty(&schema(k)) + "\n").as_bytes())?;
            writeln!(out, "wrote {}", shown(&path))?;
        }
        return Ok(exit::OK);
    }
    let value = match args.kind {
        Some(k) => schema(k),
        None => Value::Object(KINDS.iter().map(|k| (k.name().to_owned(), schema(*k))).collect()),
    };
    writeln!(out, "{}", pretty(&value))?;
    Ok(exit::OK)
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).expect("a JSON value serializes")
}

/// The schema of one kind of file.
pub fn schema(kind: Kind) -> Value {
    let (mut v, root, title) = match kind {
        Kind::Negotiation => (derive::<RawNegotiation>(), "RawNegotiation", "concord negotiation.yaml"),
        Kind::Delegations => (derive::<RawDelegations>(), "RawDelegations", "concord delegations.yaml"),
        Kind::Revision => (derive::<RawRevision>(), "RawRevision", "concord revision (revisions/<id>.yaml)"),
        Kind::Amendments => {
            (derive::<RawAmendmentFile>(), "RawAmendmentFile", "concord amendments (amendments/<revision>/<name>.yaml)")
        }
    };
    let obj = v.as_object_mut().expect("a schema is an object");
    obj.insert("title".into(), json!(title));
    obj.insert("description".into(), json!(describe(root)));
    annotate(obj, root);
    if let Some(Value::Object(defs)) = obj.get_mut("definitions") {
        for (name, def) in defs.iter_mut() {
            if let Value::Object(def) = def {
                annotate(def, name);
            }
        }
    }
    numbers_as_text(&mut v);
    v
}

/// Lets every text field also hold a number, as the loader reads `7` as "7".
fn numbers_as_text(v: &mut Value) {
    match v {
        Value::Object(o) => {
            let text = |t: &Value| t == "string" || t.as_array().is_some_and(|a| a.iter().any(|x| x == "string"));
            if let Some(t) = o.get_mut("type").filter(|t| text(t)) {
                let mut types: Vec<Value> = match t.take() {
                    Value::Array(a) => a,
                    other => vec![other],
                };
                if !types.iter().any(|x| x == "number") {
                    let at = types.iter().position(|x| x == "string").map_or(types.len(), |k| k + 1);
                    types.insert(at, json!("number"));
                }
                *t = Value::Array(types);
            }
            o.values_mut().for_each(numbers_as_text);
        }
        Value::Array(a) => a.iter_mut().for_each(numbers_as_text),
        _ => {}
    }
}

fn derive<T: JsonSchema>() -> Value {
    SchemaSettings::draft07().into_generator().into_root_schema_for::<T>().to_value()
}

/// Adds descriptions and value rules to the properties of the type `name`.
fn annotate(obj: &mut Map<String, Value>, name: &str) {
    let Some(Value::Object(props)) = obj.get_mut("properties") else { return };
    for (field, prop) in props.iter_mut() {
        let Some((_, _, description, rules)) = FIELDS.iter().find(|(t, f, _, _)| *t == name && f == field) else {
            continue;
        };
        let Value::Object(prop) = prop else { continue };
        prop.insert("description".into(), json!(description));
        if let Value::Object(rules) = rules() {
            for (k, r) in rules {
                if k == "items" {
                    if let Some(Value::Object(items)) = prop.get_mut("items")
                        && let Value::Object(r) = r
                    {
                        items.extend(r);
                    }
                } else {
                    prop.insert(k, r);
                }
            }
        }
    }
}

fn describe(root: &str) -> &'static str {
    match root {
        "RawNegotiation" => "The process: its title, the baseline and the revisions in order. See docs/format.md.",
        "RawDelegations" => "Who speaks: delegations and groups (blocs). See docs/format.md.",
        "RawRevision" => "One revision of the text, the baseline included. See docs/format.md.",
        _ => "The amendments one proposer made on one revision. See docs/format.md.",
    }
}

const REVISION_ID: &str = "^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$";
const CODE: &str = "^[A-Za-z0-9_-]{1,32}$";
/// A delegation or group as a person writes it in the folder's files: its code, or its name
/// (`Brazil`, `Russian Federation`), which the loader resolves (src/draft/names.rs).
const SPEAKER: &str = "\\S";
const DATE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
const ID: &str = "^[^.\\s][^\\s]{0,199}$";
const WORDS: &str = "\\S";

fn none() -> Value {
    json!({})
}
fn revision_id() -> Value {
    json!({ "pattern": REVISION_ID })
}
fn revision_ids() -> Value {
    json!({ "minItems": 1, "uniqueItems": true, "items": { "pattern": REVISION_ID } })
}
fn code() -> Value {
    json!({ "pattern": CODE })
}
fn speaker() -> Value {
    json!({ "pattern": SPEAKER })
}
fn speakers() -> Value {
    json!({ "items": { "pattern": SPEAKER } })
}
fn date() -> Value {
    json!({ "pattern": DATE })
}
fn id() -> Value {
    json!({ "pattern": ID })
}
fn ids() -> Value {
    json!({ "items": { "pattern": ID } })
}
fn words() -> Value {
    json!({ "pattern": WORDS })
}
fn at_least_one() -> Value {
    json!({ "minItems": 1 })
}
fn status() -> Value {
    json!({ "enum": ["agreed", "agreed_ad_ref", "open", null] })
}
fn revision_state() -> Value {
    json!({ "enum": ["agreed", "open", null] })
}

/// Per type and field: the description and the value rules (merged into the property;
/// `items` into its items).
type FieldRule = (&'static str, &'static str, &'static str, fn() -> Value);

/// Every field of every file, described.
pub const FIELDS: &[FieldRule] = &[
    ("RawNegotiation", "title", "The process's title, shown in reports.", words),
    (
        "RawNegotiation",
        "baseline",
        "Id of the baseline revision, the text the process continues from; the first of `revisions`.",
        revision_id,
    ),
    (
        "RawNegotiation",
        "revisions",
        "Revision ids, oldest first, the baseline first. Each needs revisions/<id>.yaml.",
        revision_ids,
    ),
    (
        "RawNegotiation",
        "convergence",
        "Thresholds of the convergence analysis (optional; see docs/convergence.md).",
        none,
    ),
    ("ConvergenceSettings", "trend_steps", "How many of the latest steps the churn trend looks at (default 2).", none),
    (
        "ConvergenceSettings",
        "stable_churn",
        "Churn at or below which a step counts as no change, 0 to 1 (default 0).",
        none,
    ),
    (
        "ConvergenceSettings",
        "agreed_language_similarity",
        "Similarity at or above which a sentence counts as nearly agreed language, 0 to 1 (default 0.8).",
        none,
    ),
    ("RawDelegations", "delegations", "The States, observers and organisations that speak.", none),
    ("RawDelegations", "groups", "The groups (blocs) that speak for their members.", none),
    (
        "RawDelegation",
        "code",
        "ISO 3166 alpha-3 for States (KEN), a short code for others (EU, ICRC); unique across delegations and groups.",
        code,
    ),
    ("RawDelegation", "name", "Display name, such as Iran (Islamic Republic of).", none),
    ("RawGroup", "code", "The group's code (AG, LMG); unique across delegations and groups.", code),
    ("RawGroup", "name", "Display name, such as Group of African States.", none),
    ("RawGroup", "members", "The member delegations (not other groups), by code or by name.", speakers),
    ("RawRevision", "id", "The revision id; must equal the file name without .yaml.", revision_id),
    ("RawRevision", "title", "Title as printed on the document (default: the id).", none),
    ("RawRevision", "date", "Issue date, YYYY-MM-DD.", date),
    ("RawRevision", "symbol", "Document symbol, free text.", none),
    (
        "RawRevision",
        "state",
        "agreed (an adopted text: a final report, a draft adopted as a whole) or open (a negotiating text); \
         default: agreed for the baseline, open for later revisions.",
        revision_state,
    ),
    ("RawRevision", "paragraphs", "The elements of the text, in document order.", at_least_one),
    ("RawParagraph", "id", "Stable element id, kept from revision to revision; unique within the revision.", id),
    ("RawParagraph", "number", "The number as printed (\"7\", \"7 bis\").", none),
    (
        "RawParagraph",
        "section",
        "Section heading; without one, the paragraph is in the section of the paragraph above.",
        none,
    ),
    (
        "RawParagraph",
        "from",
        "Element ids of the previous revision this element continues: a rename, a split or a merge.",
        ids,
    ),
    (
        "RawParagraph",
        "status",
        "agreed, agreed_ad_ref (agreed ad referendum; holds until the text changes) or open (not agreed).",
        status,
    ),
    (
        "RawParagraph",
        "dissociated_by",
        "Delegations that dissociated from the paragraph at adoption, by code or name.",
        speakers,
    ),
    (
        "RawParagraph",
        "reserved_by",
        "Delegations or groups that placed a reservation on the paragraph, by code or name.",
        speakers,
    ),
    (
        "RawParagraph",
        "objected_by",
        "Delegations or groups that objected to the paragraph as it stands, by code or name.",
        speakers,
    ),
    ("RawParagraph", "text", "The text; square brackets mark wording not yet agreed.", words),
    ("RawAmendmentFile", "by", "The proposer: a delegation or group, by code (BRA) or name (Brazil).", speaker),
    (
        "RawAmendmentFile",
        "on_behalf_of",
        "Delegations the statement was made for (codes or names), when they differ from the group's members.",
        speakers,
    ),
    ("RawAmendmentFile", "date", "When the amendments were proposed, YYYY-MM-DD.", date),
    (
        "RawAmendmentFile",
        "amendments",
        "The amendments; each has exactly one operation: replace+with, insert+after/before, delete, text, add, delete_paragraph.",
        at_least_one,
    ),
    ("RawAmendment", "id", "Unique id across the negotiation (default: <revision>/<file>-<n>).", none),
    ("RawAmendment", "element", "The target element's id in that revision (for add, the new element's id).", id),
    ("RawAmendment", "replace", "Words of the element to replace; must occur exactly once. Goes with `with`.", words),
    ("RawAmendment", "with", "The words that replace the `replace` phrase.", words),
    ("RawAmendment", "insert", "Words to insert, next to the phrase in `after` or `before`.", words),
    ("RawAmendment", "after", "The phrase the inserted words go after; must occur exactly once.", words),
    ("RawAmendment", "before", "The phrase the inserted words go before; must occur exactly once.", words),
    ("RawAmendment", "delete", "Words of the element to delete; must occur exactly once.", words),
    ("RawAmendment", "text", "A whole new wording of the element.", words),
    ("RawAmendment", "add", "The text of a new element; `element` is its new id.", words),
    ("RawAmendment", "after_element", "With add: the element the new one follows (default: at the end).", id),
    ("RawAmendment", "delete_paragraph", "true: the element deleted.", none),
    ("RawAmendment", "supported_by", "Delegations or groups that supported it, by code or name.", speakers),
    ("RawAmendment", "opposed_by", "Delegations or groups that opposed it, by code or name.", speakers),
    ("RawAmendment", "note", "Free text.", none),
    ("RawAmendment", "withdrawn", "The date its proposer withdrew it, YYYY-MM-DD.", date),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_described() {
        for k in KINDS {
            let v = schema(k);
            let mut objects: Vec<&Value> = vec![&v];
            if let Some(Value::Object(defs)) = v.get("definitions") {
                objects.extend(defs.values());
            }
            for o in objects {
                if let Some(Value::Object(props)) = o.get("properties") {
                    for (field, p) in props {
                        assert!(p.get("description").is_some(), "{field} of {} has no description in FIELDS", k.name());
                    }
                }
            }
        }
    }
}
