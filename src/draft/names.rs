//! Delegations by name: a diplomat writes "Brazil", "Iran" or "Russia" where the folder
//! format wants `BRA`, `IRN` or `RUS`. This is the table of every name a code goes by —
//! its name in `delegations.yaml`, the part of that name before a parenthesis, and the
//! common names [`crate::init::members`] knows for the codes the negotiation declares —
//! shared by the loader (a name in `by:` or `supported_by:` is read as its code) and by
//! `import-amendments` (the delegation cell of a compilation).
//!
//! ```text
//! "Brazil" -> BRA     "the Netherlands." -> NLD     "Iran" -> IRN     "Russia" -> RUS
//! ```
//!
//! Names are compared without case, accents, a leading "the" or a final full stop.

use std::collections::{BTreeMap, BTreeSet};

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::model::{Delegation, Group};
use crate::init::members::{GROUPS, MEMBER_STATES, OBSERVER_STATES};

/// The names and codes of a negotiation's delegations and groups.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Compared name -> the codes it names.
    names: BTreeMap<String, BTreeSet<String>>,
    /// Upper-case code -> the code as declared.
    codes: BTreeMap<String, String>,
    /// Codes and names as declared, for suggestions.
    shown: Vec<String>,
}

/// What a name stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    /// One code.
    One(String),
    /// Several codes go by this name.
    Several(Vec<String>),
    /// No code.
    None,
}

impl Names {
    /// The names of `delegations` and `groups`, with the common names of those concord
    /// knows.
    pub fn new<'a>(
        delegations: impl IntoIterator<Item = &'a Delegation>,
        groups: impl IntoIterator<Item = &'a Group>,
    ) -> Names {
        let mut d = Names::default();
        for del in delegations {
            d.add_code(&del.code);
            d.add_name(&del.name, &del.code);
            for s in MEMBER_STATES.iter().chain(OBSERVER_STATES).filter(|s| s.code == del.code) {
                s.aliases.iter().for_each(|a| d.add_name(a, &del.code));
                d.add_name(s.name, &del.code);
            }
        }
        for g in groups {
            d.add_code(&g.code);
            d.add_name(&g.name, &g.code);
            let known = |b: &crate::init::members::Group| {
                b.code == g.code
                    || norm(b.name) == norm(&g.name)
                    || b.aliases.iter().any(|a| norm(a) == norm(&g.name) || norm(a) == norm(&g.code))
            };
            for b in GROUPS.iter().filter(|b| known(b)) {
                d.add_name(b.name, &g.code);
                b.aliases.iter().for_each(|a| d.add_name(a, &g.code));
            }
        }
        d
    }

    fn add_code(&mut self, code: &str) {
        self.codes.insert(code.to_uppercase(), code.to_owned());
        self.shown.push(code.to_owned());
    }

    fn add_name(&mut self, name: &str, code: &str) {
        let key = norm(name);
        if key.is_empty() {
            return;
        }
        self.shown.push(name.to_owned());
        if let Some((short, _)) = name.split_once('(') {
            let short = norm(short);
            if !short.is_empty() {
                self.names.entry(short).or_default().insert(code.to_owned());
            }
        }
        self.names.entry(key).or_default().insert(code.to_owned());
    }

    /// The code a name stands for.
    pub fn by_name(&self, name: &str) -> Named {
        match self.names.get(&norm(name)) {
            Some(codes) if codes.len() == 1 => Named::One(codes.iter().next().expect("one").clone()),
            Some(codes) => Named::Several(codes.iter().cloned().collect()),
            None => Named::None,
        }
    }

    /// The code spelled `code` in any case, as declared.
    pub fn by_code(&self, code: &str) -> Option<&str> {
        self.codes.get(&code.trim().to_uppercase()).map(String::as_str)
    }

    /// The code of a name or code as the folder's files may write it: the code itself
    /// first (so a code never changes meaning), then in another case, then a name.
    ///
    /// ```text
    /// "NAM" -> NAM (Namibia) even where the Non-Aligned Movement is also called NAM
    /// ```
    pub fn resolve(&self, written: &str) -> Named {
        if let Some(code) = self.codes.get(written) {
            return Named::One(code.clone());
        }
        if let Some(code) = self.by_code(written) {
            return Named::One(code.to_owned());
        }
        self.by_name(written)
    }

    /// The declared code or name closest to `written`, as a suggestion: `Brazil (BRA)` for
    /// a name, `BRA` for a code.
    pub fn suggestion(&self, written: &str) -> Option<String> {
        let candidates: Vec<&str> = self.shown.iter().map(String::as_str).collect();
        let close = super::yaml::closest(written.trim(), &candidates)?;
        match self.by_name(close) {
            Named::One(code) if code != close => Some(format!("{close} ({code})")),
            _ => Some(close.to_owned()),
        }
    }

    /// Declared names and codes, for suggestions.
    pub fn shown(&self) -> &[String] {
        &self.shown
    }
}

/// A name as compared: lower case, without accents, curly apostrophes made straight,
/// spaces collapsed, without a leading "the" or a final full stop.
///
/// ```text
/// "  The Côte d’Ivoire. " -> "cote d'ivoire"
/// ```
pub fn norm(name: &str) -> String {
    let plain: String = name
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| if matches!(c, '’' | '‘' | '`') { '\'' } else { c })
        .collect::<String>()
        .to_lowercase();
    let words: Vec<&str> = plain.split_whitespace().collect();
    let joined = words.join(" ");
    let joined = joined.trim_end_matches('.').trim();
    joined.strip_prefix("the ").unwrap_or(joined).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        let d = |code: &str, name: &str| Delegation { code: code.into(), name: name.into() };
        let delegations = [
            d("BRA", "Brazil"),
            d("IRN", "Iran (Islamic Republic of)"),
            d("RUS", "Russian Federation"),
            d("NAM", "Namibia"),
        ];
        let groups = [Group { code: "NonAligned".into(), name: "Non-Aligned Movement".into(), members: vec![] }];
        Names::new(&delegations, &groups)
    }

    #[test]
    fn codes_first_then_names_short_names_and_common_names() {
        let n = names();
        for (written, code) in [
            ("BRA", "BRA"),
            ("bra", "BRA"),
            ("Brazil", "BRA"),
            ("the brazil.", "BRA"),
            ("Iran", "IRN"),
            ("Islamic Republic of Iran", "IRN"),
            ("Russia", "RUS"),
            ("NAM", "NAM"),
            ("Non-Aligned Movement", "NonAligned"),
        ] {
            assert_eq!(n.resolve(written), Named::One(code.into()), "{written}");
        }
        assert_eq!(n.resolve("Brasil"), Named::None);
        assert_eq!(n.suggestion("Brasil").as_deref(), Some("Brazil (BRA)"));
        assert_eq!(n.suggestion("BRZ").as_deref(), Some("BRA"));
    }
}
