//! The wording every rendering of the convergence analysis shares: the reasons behind
//! a status as sentences, percentages, amendments as negotiators name them. Plain text;
//! each renderer escapes it for its format.

use crate::convergence::{Competition, Conflict, Element, Reason, Status};
use crate::draft::{Negotiation, Operation};

/// A churn share as a percentage: `0.0 -> "0%"`, `0.004 -> "<1%"`, `0.171 -> "17%"`.
pub fn percent(share: f64) -> String {
    if share > 0.0 && share < 0.005 { "<1%".to_owned() } else { format!("{:.0}%", share * 100.0) }
}

/// A count of elements: `"1 element"`, `"2 elements"`.
pub fn elements(count: usize) -> String {
    if count == 1 { "1 element".to_owned() } else { format!("{count} elements") }
}

/// An amendment with its proposer: `"chn-4 (CHN)"`.
pub fn amendment(n: &Negotiation, i: usize) -> String {
    let a = &n.amendments[i];
    format!("{} ({})", a.id, a.by)
}

/// Several amendments: `"lmg-3 (LMG), eu-3 (EU)"`.
pub fn amendments(n: &Negotiation, list: &[usize]) -> String {
    list.iter().map(|&i| amendment(n, i)).collect::<Vec<_>>().join(", ")
}

/// A revision by id.
pub fn revision(n: &Negotiation, k: usize) -> &str {
    &n.revisions[k].id
}

/// Shortens a quotation to about `max` characters, on a word boundary, with `…`.
pub fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut} …")
}

/// What an amendment proposes, in a line.
///
/// ```text
/// insert ", including X" after "Y"  ->  insert “, including X” after “Y”
/// ```
pub fn change(op: &Operation) -> String {
    let q = |s: &str| format!("“{}”", shorten(s.trim(), 160));
    match op {
        Operation::Replace { phrase, with } => format!("replace {} with {}", q(phrase), q(with)),
        Operation::Insert { text, anchor, before } => {
            format!("insert {} {} {}", q(text), if *before { "before" } else { "after" }, q(anchor))
        }
        Operation::Delete { phrase } => format!("delete {}", q(phrase)),
        Operation::Text { text } => format!("new wording: {}", q(text)),
        Operation::Add { text, after_element } => match after_element {
            Some(after) => format!("new paragraph after {after}: {}", q(text)),
            None => format!("new paragraph: {}", q(text)),
        },
        Operation::DeleteParagraph => "delete the paragraph".to_owned(),
    }
}

/// The verb for what an amendment does to a passage: "deletes", "replaces", "rewrites".
fn verb(op: &Operation) -> &'static str {
    match op {
        Operation::Delete { .. } | Operation::DeleteParagraph => "deletes",
        Operation::Replace { .. } => "replaces",
        _ => "rewrites",
    }
}

/// A conflict as a sentence.
pub fn conflict(n: &Negotiation, c: &Conflict) -> String {
    match c {
        Conflict::Competing { amendments: [a, b], kind, passage } => {
            let quoted = shorten(passage, 120);
            match kind {
                Competition::Rewrite => format!(
                    "{} and {} change the same words differently: “{quoted}”",
                    amendment(n, *a),
                    amendment(n, *b)
                ),
                Competition::Inside { inserts, rewrites } => format!(
                    "{} adds words inside the passage {} {}: “{quoted}”",
                    amendment(n, *inserts),
                    amendment(n, *rewrites),
                    verb(&n.amendments[*rewrites].operation)
                ),
                Competition::SamePlace => format!(
                    "{} and {} insert different words at the same place (next to “{quoted}”)",
                    amendment(n, *a),
                    amendment(n, *b)
                ),
            }
        }
        Conflict::Opposed { amendment: i, opposed_by } => {
            format!("{} is opposed by {}", amendment(n, *i), opposed_by.join(", "))
        }
    }
}

/// One reason as a sentence.
pub fn reason(n: &Negotiation, e: &Element, r: &Reason) -> String {
    match r {
        Reason::Removed { revision: k, amendments: by } if by.is_empty() => {
            format!("not carried into {}", revision(n, *k))
        }
        Reason::Removed { revision: k, amendments: by } => {
            format!("deleted in {}, as {} proposed", revision(n, *k), amendments(n, by))
        }
        Reason::NoLineage { revision: k, amendment: Some(i) } => format!(
            "new in {}, added as {} proposed: it continues no element of the baseline",
            revision(n, *k),
            amendment(n, *i)
        ),
        Reason::NoLineage { revision: k, amendment: None } => {
            format!("new in {}: it continues no element of the baseline", revision(n, *k))
        }
        Reason::MarkedAgreed { revision: k } => format!("marked agreed in {}", revision(n, *k)),
        Reason::MarkedOpen { revision: k } => format!("marked open in {}", revision(n, *k)),
        Reason::Brackets { count } => {
            let first = e.brackets.first().map(|b| shorten(&b.inner, 80)).unwrap_or_default();
            match count {
                1 => format!("a bracketed passage remains: “[{first}]”"),
                _ => format!("{count} bracketed passages remain, the first: “[{first}]”"),
            }
        }
        Reason::Competing { conflict: c } | Reason::Opposed { conflict: c } => {
            e.conflicts.get(*c).map(|c| conflict(n, c)).unwrap_or_default()
        }
        Reason::OpenUnopposed { amendments: list } => format!("open, unopposed: {}", amendments(n, list)),
        Reason::NoHistory => "baseline text: no earlier revision to compare with".to_owned(),
        Reason::Unchanged { steps, since } => {
            let s = if *steps == 1 { "" } else { "s" };
            format!("unchanged since {} ({steps} step{s})", revision(n, *since))
        }
        Reason::Falling { previous, last } => format!("churn falling: {} → {}", percent(*previous), percent(*last)),
        Reason::Rising { previous, last } => format!("churn rising: {} → {}", percent(*previous), percent(*last)),
        Reason::NotFalling { previous, last } => {
            format!("churn not falling: {} → {}", percent(*previous), percent(*last))
        }
        Reason::FirstStep { churn } => {
            format!("changed in its first step ({}); too early for a trend", percent(*churn))
        }
        Reason::TakenUp { revision: k, amendments: list } => {
            let names: Vec<String> = list
                .iter()
                .map(|&(i, exact)| if exact { amendment(n, i) } else { format!("{} in part", amendment(n, i)) })
                .collect();
            format!("taken up in {}: {}", revision(n, *k), names.join(", "))
        }
        Reason::Withdrawn { amendments: list } => format!("withdrawn: {}", amendments(n, list)),
        Reason::NothingOpen { revision: k } => format!("no amendment open on {}", revision(n, *k)),
    }
}

/// Whether a reason decides the status (the others are context for the reader).
pub fn decisive(r: &Reason, status: Status) -> bool {
    match r {
        Reason::TakenUp { .. } | Reason::Withdrawn { .. } => false,
        Reason::OpenUnopposed { .. } | Reason::NothingOpen { .. } => {
            matches!(status, Status::Agreed | Status::Converging)
        }
        Reason::Falling { .. } | Reason::Unchanged { .. } | Reason::FirstStep { .. } => status != Status::Contested,
        Reason::NoLineage { .. } => status == Status::New,
        Reason::MarkedAgreed { .. } => status == Status::Agreed,
        _ => true,
    }
}

/// Every reason of an element, as sentences.
pub fn reasons(n: &Negotiation, e: &Element) -> Vec<String> {
    e.reasons.iter().map(|r| reason(n, e, r)).collect()
}

/// The baseline lineage in a few words: `"15"`, `"26+27"`, `"16 ilaw-exchange-views"`
/// when the id changed, `"—"` when new.
pub fn lineage(e: &Element) -> String {
    let l = &e.lineage;
    if l.baseline_ids.is_empty() {
        return "—".to_owned();
    }
    let numbers = l.baseline_numbers.join("+");
    if l.baseline_ids.len() == 1 && l.baseline_ids[0] == e.id {
        numbers
    } else {
        format!("{numbers} {}", l.baseline_ids.join("+"))
    }
}

/// The delegations involved in an element's open amendments: proposers first, then
/// those opposing, each once.
pub fn involved(n: &Negotiation, e: &Element) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |code: &str| {
        if !out.iter().any(|c| c == code) {
            out.push(code.to_owned());
        }
    };
    for &i in &e.open {
        add(&n.amendments[i].by);
    }
    for &i in &e.open {
        n.amendments[i].opposed_by.iter().for_each(|c| add(c));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_and_quotes() {
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(0.004), "<1%");
        assert_eq!(percent(0.171), "17%");
        assert_eq!(shorten("one two  three four", 9), "one two …");
        assert_eq!(shorten("short", 9), "short");
    }
}
