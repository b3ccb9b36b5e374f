//! The convergence report as Markdown: renders on GitHub and through pandoc (pipe
//! tables, `~~strike~~`, no HTML). Every text from the drafts is escaped, so a `<script>`
//! or a `|` in a paragraph shows as written and cannot break a table.

use std::io::{self, Write};

use super::words::{self, percent, shorten};
use crate::attribution::{Analysis, Outcome};
use crate::convergence::{Convergence, Element, Segment, SegmentKind, Status};
use crate::draft::Negotiation;
use crate::render::md;
use crate::text::visible::line;

/// Escapes draft text for Markdown ([`md::escape`]): hidden characters shown, line
/// breaks joined, markup characters backslash-escaped, `<`, `>` and `&` as entities.
///
/// ```text
/// "a <script> & [b] | c_d" -> "a &lt;script&gt; &amp; \[b\] \| c_d"
/// ```
fn escape(text: &str) -> String {
    md::escape(text, " ")
}

/// Escaped text that starts a block (after `> ` or `- `): it opens no list or rule.
fn block(text: &str) -> String {
    md::at_line_start(&escape(text))
}

/// Code span for an id (ids are plain words; backticks are dropped to be safe).
fn code(id: &str) -> String {
    format!("`{}`", line(id).replace('`', ""))
}

/// Writes the whole report.
pub fn write(out: &mut dyn Write, analysis: &Analysis<'_>, c: &Convergence) -> io::Result<()> {
    let n = analysis.negotiation;
    header(out, n, c)?;
    overview(out, n, c)?;
    contested(out, analysis, c)?;
    moving(out, analysis, c, Status::UnderNegotiation)?;
    moving(out, analysis, c, Status::Converging)?;
    settled(out, n, c, Status::Stable)?;
    settled(out, n, c, Status::Agreed)?;
    new_and_dropped(out, n, c)?;
    delegations(out, c)?;
    Ok(())
}

fn header(out: &mut dyn Write, n: &Negotiation, c: &Convergence) -> io::Result<()> {
    let latest = &n.revisions[c.revision];
    let base = &n.revisions[0];
    writeln!(out, "# Convergence report: {}\n", escape(&n.title))?;
    let describe = |r: &crate::draft::Revision| {
        let mut s = format!("**{}** ({}", escape(&r.title), code(&r.id));
        for extra in [&r.symbol, &r.date].into_iter().flatten() {
            s.push_str(", ");
            s.push_str(&escape(extra));
        }
        s.push(')');
        s
    };
    writeln!(out, "As of {}, compared with the baseline {}.", describe(latest), describe(base))?;
    writeln!(
        out,
        "Trend over the last {} steps; a step changing at most {} of an element counts as no change; \
         agreed language repeats a sentence of the baseline with a similarity of at least {:.2}. \
         The rules are in concord's `docs/convergence.md`.\n",
        c.settings.trend_steps.max(2),
        percent(c.settings.stable_churn),
        c.settings.agreed_language_similarity
    )?;
    Ok(())
}

fn overview(out: &mut dyn Write, n: &Negotiation, c: &Convergence) -> io::Result<()> {
    writeln!(out, "## Overview\n")?;
    writeln!(out, "| status | elements |\n|---|---:|")?;
    for s in Status::ALL {
        writeln!(out, "| {} | {} |", s.label(), c.totals.get(s))?;
    }
    writeln!(out, "| **total** | **{}** |\n", c.totals.total())?;
    let p = &c.path;
    writeln!(
        out,
        "**From the baseline:** {} carried over unchanged, {} changed, {} new, {} dropped.\n",
        words::elements(p.unchanged),
        p.changed,
        p.new,
        p.dropped
    )?;
    writeln!(out, "### By section\n")?;
    write!(out, "| section |")?;
    Status::ALL.iter().try_for_each(|s| write!(out, " {} |", s.label()))?;
    writeln!(out, " total |\n|---|{}---:|", "---:|".repeat(Status::ALL.len()))?;
    for s in &c.sections {
        write!(out, "| {} |", escape(&s.section))?;
        Status::ALL.iter().try_for_each(|st| write!(out, " {} |", s.counts.get(*st)))?;
        writeln!(out, " {} |", s.counts.total())?;
    }
    writeln!(out, "\n### The process at a glance\n")?;
    writeln!(
        out,
        "Elements by status had each revision been the latest, with the brackets in its text as negotiators \
         count them (every pair once) and the bracketed passages.\n"
    )?;
    write!(out, "| revision | date |")?;
    Status::ALL.iter().try_for_each(|s| write!(out, " {} |", s.label()))?;
    writeln!(out, " brackets | bracketed passages | bracketed elements | amendments filed |")?;
    writeln!(out, "|---|---|{}", "---:|".repeat(Status::ALL.len() + 4))?;
    for snap in &c.timeline {
        let r = &n.revisions[snap.revision];
        write!(out, "| {} | {} |", code(&r.id), escape(r.date.as_deref().unwrap_or("")))?;
        Status::ALL.iter().try_for_each(|s| write!(out, " {} |", snap.counts.get(*s)))?;
        writeln!(
            out,
            " {} | {} | {} | {} |",
            snap.bracket_marks, snap.brackets, snap.bracketed_elements, snap.amendments
        )?;
    }
    writeln!(out)
}

/// `### 9. threats-disinformation` and the line under it.
fn heading(out: &mut dyn Write, n: &Negotiation, e: &Element) -> io::Result<()> {
    let number = if e.number.is_empty() { String::new() } else { format!("{}. ", escape(&e.number)) };
    writeln!(out, "### {number}{}\n", code(&e.id))?;
    let churn: Vec<String> = e.churn.iter().map(|s| s.churn.map_or("new".to_owned(), percent)).collect();
    let mut facts = vec![format!("*{}*", escape(&e.section)), format!("baseline: {}", escape(&words::lineage(e)))];
    if !churn.is_empty() {
        facts.push(format!("churn by step: {}", churn.join(" → ")));
    }
    if e.bracket_marks > 0 {
        facts.push(format!(
            "{} in {}",
            words::count(e.bracket_marks, "bracket"),
            words::count(e.brackets.len(), "passage")
        ));
    }
    if !e.involved.is_empty() {
        facts.push(format!("involved: {}", escape(&e.involved.join(", "))));
    }
    let _ = n;
    writeln!(out, "{}\n", facts.join(" · "))
}

/// The evidence that decides the status, then the context, as two lists.
fn why(out: &mut dyn Write, n: &Negotiation, e: &Element) -> io::Result<()> {
    let (deciding, context): (Vec<_>, Vec<_>) = words::evidence(n, e).partition(|(r, _)| r.decisive);
    writeln!(out, "Why {}:\n", e.status.label())?;
    for (_, r) in deciding {
        writeln!(out, "- {}", block(&r))?;
    }
    if !context.is_empty() {
        writeln!(out, "\nContext:\n")?;
        for (_, r) in context {
            writeln!(out, "- {}", block(&r))?;
        }
    }
    writeln!(out)
}

fn text(out: &mut dyn Write, n: &Negotiation, e: &Element) -> io::Result<()> {
    let p = &n.revisions[e.revision].paragraphs[e.paragraph];
    writeln!(out, "> {}\n", block(p.text.text.trim()))
}

fn agreed_language(out: &mut dyn Write, e: &Element) -> io::Result<()> {
    if e.agreed_language.is_empty() {
        return Ok(());
    }
    writeln!(out, "Agreed language from the baseline:\n")?;
    for s in &e.agreed_language {
        let how = if s.exact { "exactly".to_owned() } else { format!("nearly, similarity {:.2}", s.similarity) };
        writeln!(
            out,
            "- “{}” repeats {} ({}), {how}",
            escape(&shorten(&s.sentence, 200)),
            code(&s.source),
            escape(&s.source_number)
        )?;
    }
    writeln!(out)
}

fn contested(out: &mut dyn Write, analysis: &Analysis<'_>, c: &Convergence) -> io::Result<()> {
    let n = analysis.negotiation;
    let list: Vec<&Element> = c.elements.iter().filter(|e| e.status == Status::Contested).collect();
    writeln!(out, "## Contested elements ({})\n", list.len())?;
    if list.is_empty() {
        writeln!(out, "None.\n")?;
    }
    for e in list {
        heading(out, n, e)?;
        why(out, n, e)?;
        text(out, n, e)?;
        if !e.open.is_empty() {
            open_amendments(out, analysis, e)?;
        }
        agreed_language(out, e)?;
    }
    Ok(())
}

/// The open amendments side by side: one column each.
fn open_amendments(out: &mut dyn Write, analysis: &Analysis<'_>, e: &Element) -> io::Result<()> {
    let n = analysis.negotiation;
    writeln!(out, "Open amendments on {}, side by side:\n", code(&n.revisions[e.revision].id))?;
    write!(out, "| |")?;
    e.open.iter().try_for_each(|&i| write!(out, " {} |", code(&n.amendments[i].id)))?;
    write!(out, "\n|---|")?;
    e.open.iter().try_for_each(|_| write!(out, "---|"))?;
    writeln!(out)?;
    let row = |out: &mut dyn Write, label: &str, cell: &dyn Fn(usize) -> String| -> io::Result<()> {
        write!(out, "| {label} |")?;
        e.open.iter().try_for_each(|&i| write!(out, " {} |", cell(i)))?;
        writeln!(out)
    };
    let list = |codes: &[String]| if codes.is_empty() { "—".to_owned() } else { escape(&codes.join(", ")) };
    row(out, "proposed by", &|i| {
        let a = &n.amendments[i];
        let members = n.members_of(a);
        let mut s = format!("{} ({})", escape(&a.by), escape(n.name_of(&a.by)));
        if members.len() > 1 || members.first() != Some(&a.by) {
            s.push_str(&format!(", for {}", escape(&members.join(", "))));
        }
        s
    })?;
    row(out, "change", &|i| escape(&words::change(&n.amendments[i].operation)))?;
    row(out, "supported by", &|i| list(&n.amendments[i].supported_by))?;
    row(out, "opposed by", &|i| list(&n.amendments[i].opposed_by))?;
    row(out, "text as proposed (~~deleted~~, **inserted**)", &|i| {
        let at = e.open.iter().position(|&x| x == i).unwrap_or(0);
        match (e.proposals.get(at), &analysis.amendments[i].proposed) {
            (Some(segments), _) if !segments.is_empty() => inline(segments),
            (_, Some(t)) => escape(t.trim()),
            (_, None) => "(the paragraph deleted)".to_owned(),
        }
    })?;
    writeln!(out)
}

/// Segments inline: `~~deleted~~ **inserted**`. A marker is kept off punctuation that
/// touches a word (`diplomatic**, technical**` would not render), with a space.
fn inline(segments: &[Segment]) -> String {
    let mut s = String::new();
    for (k, seg) in segments.iter().enumerate() {
        let marker = match seg.kind {
            SegmentKind::Same => {
                s.push_str(&escape(&seg.text));
                continue;
            }
            SegmentKind::Deleted => "~~",
            SegmentKind::Inserted => "**",
        };
        let t = seg.text.as_str();
        let core = t.trim();
        if core.is_empty() {
            s.push_str(&escape(t));
            continue;
        }
        let lead = &t[..t.len() - t.trim_start().len()];
        let trail = &t[lead.len() + core.len()..];
        s.push_str(&escape(lead));
        if lead.is_empty() && !core.starts_with(char::is_alphanumeric) && s.ends_with(char::is_alphanumeric) {
            s.push(' ');
        }
        s.push_str(&format!("{marker}{}{marker}", escape(core)));
        s.push_str(&escape(trail));
        let next_is_word = segments.get(k + 1).is_some_and(|n| n.text.starts_with(char::is_alphanumeric));
        if trail.is_empty() && !core.ends_with(char::is_alphanumeric) && next_is_word {
            s.push(' ');
        }
    }
    s
}

/// Elements still moving (under negotiation or converging): why, what changed in the
/// latest revision, and the open amendments side by side.
fn moving(out: &mut dyn Write, analysis: &Analysis<'_>, c: &Convergence, status: Status) -> io::Result<()> {
    let n = analysis.negotiation;
    let list: Vec<&Element> = c.elements.iter().filter(|e| e.status == status).collect();
    let title = if status == Status::Converging { "Converging elements" } else { "Elements under negotiation" };
    writeln!(out, "## {title} ({})\n", list.len())?;
    if list.is_empty() {
        writeln!(out, "None.\n")?;
    }
    let latest = &n.revisions[c.revision].id;
    for e in list {
        heading(out, n, e)?;
        why(out, n, e)?;
        if e.last_step.iter().any(|s| s.kind != SegmentKind::Same) {
            writeln!(out, "Changes in {} (~~deleted~~, **inserted**):\n", code(latest))?;
            writeln!(out, "> {}\n", md::at_line_start(&inline(&e.last_step)))?;
        } else {
            writeln!(out, "Unchanged in {}:\n", code(latest))?;
            text(out, n, e)?;
        }
        if !e.open.is_empty() {
            open_amendments(out, analysis, e)?;
        }
        agreed_language(out, e)?;
    }
    Ok(())
}

/// Elements that stand still (stable or agreed), briefly: one row each.
fn settled(out: &mut dyn Write, n: &Negotiation, c: &Convergence, status: Status) -> io::Result<()> {
    let list: Vec<&Element> = c.elements.iter().filter(|e| e.status == status).collect();
    let title = if status == Status::Agreed { "Agreed elements" } else { "Stable elements" };
    writeln!(out, "## {title} ({})\n", list.len())?;
    if list.is_empty() {
        return writeln!(out, "None.\n");
    }
    writeln!(out, "| no. | element | section | why | agreed language |\n|---|---|---|---|---|")?;
    for e in list {
        let exact = e.agreed_language.iter().filter(|s| s.exact).count();
        let near = e.agreed_language.len() - exact;
        let language = match (exact, near) {
            (0, 0) => "—".to_owned(),
            (x, 0) => format!("{x} exact"),
            (0, y) => format!("{y} near"),
            (x, y) => format!("{x} exact, {y} near"),
        };
        writeln!(
            out,
            "| {} | {} | {} | {} | {language} |",
            escape(&e.number),
            code(&e.id),
            escape(&e.section),
            escape(&words::reasons(n, e).join("; "))
        )?;
    }
    writeln!(out)
}

fn new_and_dropped(out: &mut dyn Write, n: &Negotiation, c: &Convergence) -> io::Result<()> {
    for status in [Status::New, Status::Dropped] {
        let list: Vec<&Element> = c.elements.iter().filter(|e| e.status == status).collect();
        let title = if status == Status::New { "New elements" } else { "Dropped elements" };
        writeln!(out, "## {title} ({})\n", list.len())?;
        if list.is_empty() {
            writeln!(out, "None.\n")?;
            continue;
        }
        writeln!(out, "| no. | element | section | why |\n|---|---|---|---|")?;
        for e in list {
            let number = if status == Status::Dropped { format!("({})", escape(&e.number)) } else { escape(&e.number) };
            writeln!(
                out,
                "| {number} | {} | {} | {} |",
                code(&e.id),
                escape(&e.section),
                escape(&words::reasons(n, e).join("; "))
            )?;
        }
        writeln!(out)?;
    }
    if !c.proposed_elements.is_empty() {
        writeln!(out, "New paragraphs proposed on {}:\n", code(&n.revisions[c.revision].id))?;
        for &i in &c.proposed_elements {
            let a = &n.amendments[i];
            writeln!(out, "- {}: {}", escape(&words::amendment(n, i)), escape(&words::change(&a.operation)))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn delegations(out: &mut dyn Write, c: &Convergence) -> io::Result<()> {
    writeln!(out, "## Delegations and groups\n")?;
    writeln!(
        out,
        "| delegation | proposed | adopted | in part | not taken up | superseded | pending | withdrawn \
         | supported, opposed | its amendments supported by | in conflict on |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")?;
    let mut quiet = Vec::new();
    for d in &c.delegations {
        if !d.is_active() {
            quiet.push(d.code.as_str());
            continue;
        }
        let supporters: Vec<String> = d.supporters.iter().map(|(code, k)| format!("{code} {k}")).collect();
        let conflicts: Vec<String> = d
            .conflicts
            .iter()
            .map(|(element, with)| format!("{element} (with {})", with.iter().cloned().collect::<Vec<_>>().join(", ")))
            .collect();
        let kind = if d.group { ", group" } else { "" };
        write!(out, "| **{}** {}{kind} | {} |", escape(&d.code), escape(&d.name), d.proposed)?;
        for o in Outcome::ALL {
            write!(out, " {} |", d.count(o))?;
        }
        writeln!(
            out,
            " {}, {} | {} | {} |",
            d.supported,
            d.opposed,
            if supporters.is_empty() { "—".to_owned() } else { escape(&supporters.join(", ")) },
            if conflicts.is_empty() { "—".to_owned() } else { escape(&conflicts.join("; ")) }
        )?;
    }
    writeln!(out)?;
    writeln!(out, "*supported, opposed*: how many amendments of others it supported and opposed.\n")?;
    if !quiet.is_empty() {
        writeln!(out, "Filed, supported and opposed no amendment: {}.", escape(&quiet.join(", ")))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_html() {
        assert_eq!(escape("a <script> & [b] | c_d"), "a &lt;script&gt; &amp; \\[b\\] \\| c_d");
        assert_eq!(escape("line\nbreak *x*"), "line break \\*x\\*");
    }
}
