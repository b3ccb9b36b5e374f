//! Who is credited, written the way negotiators say it: `LMG (BLR BOL CUB) +RUS` for a
//! group with its members and a supporter, `nld-1 NLD` for an amendment, `Chair` for the
//! Chair's own wording. Shared by the diff, blame and amendments renderers so that every
//! output names delegations the same way.

use super::json::{CreditReport, HunkReport, Who};
use crate::text::visible::line;

/// The proposer with the states it spoke for, then its supporters.
///
/// ```text
/// by LMG, members [CUB, IRN], supported by [RUS]  -> "LMG (CUB IRN) +RUS"
/// by NLD, members [NLD]                           -> "NLD"
/// the same with --by-state (states known)         -> "CUB IRN +RUS"
/// ```
pub fn who(who: &Who) -> String {
    let mut s = match &who.states {
        Some(states) => states.join(" "),
        None if who.members.len() == 1 && who.members[0] == who.by => who.by.clone(),
        None => format!("{} ({})", who.by, who.members.join(" ")),
    };
    let supporters = who.supported_by_states.as_ref().unwrap_or(&who.supported_by);
    for code in supporters {
        s.push_str(" +");
        s.push_str(code);
    }
    line(&s).into_owned()
}

/// Supporters and opponents: `+BRA +CAN −NLD`.
pub fn support(who: &Who) -> String {
    let plus = who.supported_by.iter().map(|c| format!("+{c}"));
    let minus = who.opposed_by.iter().map(|c| format!("−{c}"));
    line(&plus.chain(minus).collect::<Vec<_>>().join(" ")).into_owned()
}

/// A similarity as two decimals: `0.667 -> "0.67"`.
pub fn similarity(value: f64) -> String {
    format!("{value:.2}")
}

/// One credit: the amendment id, `~similarity` when partial, who; `in <rev>` when the
/// diff spans several revisions.
///
/// ```text
/// "lmg-1 LMG (CUB IRN) +BRA"     "nam-1 ~0.83 NAM"     "chn-3 CHN, in rev2"
/// ```
pub fn credit(c: &CreditReport, show_step: bool) -> String {
    let mut s = line(&c.amendment).into_owned();
    if c.match_ != "exact" {
        s.push_str(" ~");
        s.push_str(&similarity(c.similarity));
    }
    s.push(' ');
    s.push_str(&who(&c.who));
    if show_step {
        s.push_str(", in ");
        s.push_str(&line(&c.taken_up_in));
    }
    s
}

/// Everyone credited with a hunk, earliest first; `Chair` when no amendment explains it,
/// and a note when part of it is the Chair's own wording.
///
/// ```text
/// "nld-1 NLD; mex-1 MEX"     "Chair"     "sgp-1 ~0.80 SGP; partly the Chair's own wording"
/// ```
pub fn hunk(h: &HunkReport, show_step: bool) -> String {
    if h.credited.is_empty() {
        return CHAIR.to_owned();
    }
    let mut parts: Vec<String> = h.credited.iter().map(|c| credit(c, show_step)).collect();
    if h.chair {
        parts.push(CHAIR_PART.to_owned());
    }
    parts.join("; ")
}

/// The name used for the Chair's own wording.
pub const CHAIR: &str = "Chair";

/// The note on a hunk partly in the Chair's own wording.
pub const CHAIR_PART: &str = "partly the Chair's own wording";

#[cfg(test)]
mod tests {
    use super::*;

    fn who_of(by: &str, members: &[&str], supported_by: &[&str]) -> Who {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Who {
            by: by.into(),
            members: v(members),
            supported_by: v(supported_by),
            opposed_by: vec![],
            states: None,
            supported_by_states: None,
        }
    }

    #[test]
    fn a_group_lists_its_members_and_supporters() {
        assert_eq!(who(&who_of("LMG", &["CUB", "IRN"], &["RUS"])), "LMG (CUB IRN) +RUS");
        assert_eq!(who(&who_of("NLD", &["NLD"], &[])), "NLD");
    }

    #[test]
    fn by_state_drops_the_group_code() {
        let mut w = who_of("LMG", &["CUB", "IRN"], &["EU"]);
        w.states = Some(vec!["CUB".into(), "IRN".into()]);
        w.supported_by_states = Some(vec!["DEU".into(), "FRA".into()]);
        assert_eq!(who(&w), "CUB IRN +DEU +FRA");
    }

    #[test]
    fn partial_credits_show_their_similarity() {
        let c = CreditReport {
            amendment: "nam-1".into(),
            who: who_of("NAM", &["NAM"], &[]),
            match_: "partial",
            similarity: 0.8333,
            taken_up_in: "rev1".into(),
        };
        assert_eq!(credit(&c, false), "nam-1 ~0.83 NAM");
        assert_eq!(credit(&c, true), "nam-1 ~0.83 NAM, in rev1");
    }
}
