//! The wording every rendering of the convergence analysis shares: the reasons behind
//! a status as sentences, percentages, amendments as negotiators name them. Plain text;
//! each renderer escapes it for its format.

use crate::convergence::{Competition, Conflict, Element, Evidence, Fact};
use crate::draft::{Negotiation, Operation};

/// A churn share as a percentage: `0.0 -> "0%"`, `0.004 -> "<1%"`, `0.171 -> "17%"`.
pub fn percent(share: f64) -> String {
    if share > 0.0 && share < 0.005 { "<1%".to_owned() } else { format!("{:.0}%", share * 100.0) }
}

/// Churn shares compared in a trend, as percentages joined by arrows, with one decimal
/// when whole percentages would show two different values as the same (a trend between
/// them must not read `14% → 14%`).
///
/// ```text
/// [0.17, 0.0] -> "17% → 0%"    [0.143, 0.141] -> "14.3% → 14.1%"    [0.1, 0.1] -> "10% → 10%"
/// ```
pub fn percents(shares: &[f64]) -> String {
    let whole: Vec<String> = shares.iter().map(|&s| percent(s)).collect();
    let ambiguous = shares.windows(2).zip(whole.windows(2)).any(|(s, w)| s[0] != s[1] && w[0] == w[1]);
    let shown: Vec<String> =
        if ambiguous { shares.iter().map(|&s| format!("{:.1}%", s * 100.0)).collect() } else { whole };
    shown.join(" → ")
}

/// `"1 bracket"`, `"3 brackets"`: a count and a noun, plural when not 1.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
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

/// Codes as a list: `"USA, GBR and EST"`.
fn codes(list: &[String]) -> String {
    match list {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// One piece of evidence as a sentence.
pub fn reason(n: &Negotiation, e: &Element, f: &Fact) -> String {
    let k = e.revision;
    let since = |r: usize| if r < k { ", unchanged since" } else { "" };
    match f {
        Fact::Removed { revision: k, amendments: by } if by.is_empty() => {
            format!("not carried into {}", revision(n, *k))
        }
        Fact::Removed { revision: k, amendments: by } => {
            format!("deleted in {}, as {} proposed", revision(n, *k), amendments(n, by))
        }
        Fact::NoLineage { revision: k, amendment: Some(i) } => format!(
            "new in {}, added as {} proposed: it continues no element of the baseline",
            revision(n, *k),
            amendment(n, *i)
        ),
        Fact::NoLineage { revision: k, amendment: None } => {
            format!("new in {}: it continues no element of the baseline", revision(n, *k))
        }
        Fact::Adopted { revision: r } => {
            let date = n.revisions[*r].date.as_ref().map(|d| format!(" on {d}")).unwrap_or_default();
            format!("adopted as part of {}{date}: everything in it is agreed{}", revision(n, *r), since(*r))
        }
        Fact::AgreedInBaseline if k == 0 => {
            format!("agreed text of the baseline {} (an agreed report)", revision(n, 0))
        }
        Fact::AgreedInBaseline => {
            format!("the agreed text of the baseline {}, word for word", revision(n, 0))
        }
        Fact::MarkedAgreed { revision: r, ad_ref: true } => {
            format!("agreed ad referendum in {}{}", revision(n, *r), since(*r))
        }
        Fact::MarkedAgreed { revision: r, ad_ref: false } => {
            format!("marked agreed in {}{}", revision(n, *r), since(*r))
        }
        Fact::MarkedOpen { revision: r } => format!("marked open (not agreed) in {}", revision(n, *r)),
        Fact::Brackets { marks, passages } => {
            let first = e.brackets.first().map(|b| shorten(&b.inner, 80)).unwrap_or_default();
            match (marks, passages) {
                (1, 1) => format!("a bracketed passage remains: “[{first}]”"),
                (m, 1) => format!("{} remain in one passage: “[{first}]”", count(*m, "bracket")),
                (m, p) => format!("{} remain in {p} passages, the first: “[{first}]”", count(*m, "bracket")),
            }
        }
        Fact::Alternatives { bracketed, labelled } => {
            let mut parts = Vec::new();
            if *bracketed > 0 {
                let sets = count(*bracketed, "set");
                parts.push(format!("{sets} of bracketed alternatives side by side"));
            }
            if *labelled > 0 {
                parts.push(format!("{} labelled “Option …”", count(*labelled, "option")));
            }
            let first = e.alternatives.first().map(|a| shorten(&a.text, 80)).unwrap_or_default();
            format!("options remain: {}, the first: “{first}”", parts.join(" and "))
        }
        Fact::Competing { conflict: c } | Fact::Opposed { conflict: c } => {
            e.conflicts.get(*c).map(|c| conflict(n, c)).unwrap_or_default()
        }
        Fact::Reserved { by } => format!("{} placed a reservation on it", codes(by)),
        Fact::Objected { by } => format!("{} objected to it", codes(by)),
        Fact::Dissociated { by } => format!("{} dissociated from it", codes(by)),
        Fact::OpenUnopposed { amendments: list } => format!("open, unopposed: {}", amendments(n, list)),
        Fact::NoHistory if k == 0 => "baseline text: no earlier revision to compare with".to_owned(),
        Fact::NoHistory => "no step to judge by".to_owned(),
        Fact::Unchanged { steps, since } => {
            let s = if *steps == 1 { "" } else { "s" };
            format!("unchanged since {} ({steps} step{s})", revision(n, *since))
        }
        Fact::Falling { window } => format!("churn falling: {}", percents(window)),
        Fact::Rising { window } => format!("churn rising: {}", percents(window)),
        Fact::NotFalling { window } => format!("churn not falling: {}", percents(window)),
        Fact::FirstStep { churn } => {
            format!("changed in its first step ({}); too early for a trend", percent(*churn))
        }
        Fact::TakenUp { revision: k, amendments: list } => {
            let names: Vec<String> = list
                .iter()
                .map(|&(i, exact)| if exact { amendment(n, i) } else { format!("{} in part", amendment(n, i)) })
                .collect();
            format!("taken up in {}: {}", revision(n, *k), names.join(", "))
        }
        Fact::Withdrawn { amendments: list } => format!("withdrawn: {}", amendments(n, list)),
        Fact::NothingOpen { revision: k } => format!("no amendment open on {}", revision(n, *k)),
    }
}

/// Every piece of evidence of an element, as sentences, deciding ones first.
pub fn reasons(n: &Negotiation, e: &Element) -> Vec<String> {
    e.evidence.iter().map(|r| reason(n, e, &r.fact)).collect()
}

/// The evidence of an element with its sentence.
pub fn evidence<'e>(n: &Negotiation, e: &'e Element) -> impl Iterator<Item = (&'e Evidence, String)> {
    e.evidence.iter().map(move |r| (r, reason(n, e, &r.fact)))
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

    #[test]
    fn trends_never_print_two_different_values_alike() {
        assert_eq!(percents(&[0.17, 0.0]), "17% → 0%");
        assert_eq!(percents(&[0.143, 0.141]), "14.3% → 14.1%");
        assert_eq!(percents(&[0.1, 0.1]), "10% → 10%");
        assert_eq!(percents(&[0.004, 0.003]), "0.4% → 0.3%");
        assert_eq!(percents(&[0.05, 0.2, 0.1]), "5% → 20% → 10%");
    }
}
