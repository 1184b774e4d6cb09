//! Minutes text as logical lines: page furniture removed, lines that a text layer
//! collapsed split again, and words and sentences that a line or page break cut joined
//! again, each with the source lines it came from.

use std::collections::HashMap;

use super::attendance;
use super::decisions;
use super::parse::LIST_MARK;
use super::recognize as r;
use super::tables::{TABLE_LABEL, TABLE_VALUE};

/// Lines as the parser sees them: 1-based numbers, page furniture removed, lines that
/// a text layer collapsed split again, and words and sentences that a line break or a
/// page break cut joined again. `ends` maps a joined line to the last source line it
/// took in.
pub(super) struct Cleaned {
    pub lines: Vec<(usize, String)>,
    pub ends: HashMap<usize, usize>,
}

re!(
    COLLAPSED_BREAK,
    r"(?i)\s((?:zu\s+)?TOP\s*(?:Ö|N)?\s*\d+\b|(?:abstimmungsergebnis|beratungsergebnis|beschlussergebnis|abstimmung|beschluss|beschlussvorschlag|ergebnis|sitzungsbeginn|sitzungsende|beginn|ende|anwesend|anwesenheit|anwesende|teilnehmer|(?:entschuldigt\s+)?fehl(?:t|en|te|ten)|abwesend)\s*:)"
);
re!(BARE_NUMBER, r"^\d{1,2}(?:\.\d{1,2})*\.$");
re!(GLUED_PAGE, r"^[-–]\s*\d{1,3}\s*[-–]\s+(\S)");
// "im: Sitzungssaal des Rathauses": a label opens a line of its own.
re!(LABEL_START, r"^[\p{L}.\s]{1,25}:");
re!(BROKEN_WORD, r"(\p{Ll})- (\p{Ll}+)");
re!(HYPHENATED, r"\p{Ll}-$");
// Markup a web page's text layer kept: "Ortsgemeinde <strong>Stadecken</strong><br />".
re!(
    MARKUP,
    r"(?i)</?(?:br|strong|b|i|em|u|p|span|div|font|small|sup|sub)\b[^>]{0,200}>"
);

/// Splits a line that holds what were several lines ("TOP 3 ... Beschluss: ... TOP 4").
fn split_collapsed(line: &str) -> Vec<String> {
    if line.chars().count() <= 200 {
        return vec![line.to_owned()];
    }
    let mut parts = Vec::new();
    let mut from = 0;
    for m in COLLAPSED_BREAK.find_iter(line) {
        let at = m.start() + 1;
        // "... kommt der TOP 19: Beratung": an item named in a sentence.
        let before = line[..m.start()]
            .rsplit(' ')
            .next()
            .unwrap_or_default()
            .trim_start_matches('(')
            .to_lowercase();
        if [
            "der", "den", "die", "dem", "des", "zum", "zur", "zu", "um", "vom", "unter", "nach",
            "mit", "bei", "im", "unter", "siehe", "vgl.", "und", "ab", "bis",
        ]
        .contains(&before.as_str())
            // "... beantragt, TOP 3 – GRDrs 273/2017 – abzusetzen": mid-sentence (an
            // agenda run together ends its titles on a noun: "Eröffnung, TOP 2").
            || before.ends_with(',')
                && line[..m.start()]
                    .rsplit(' ')
                    .next()
                    .is_some_and(|w| w.starts_with(char::is_lowercase))
        {
            continue;
        }
        if at > from && !line[from..at].trim().is_empty() {
            parts.push(line[from..at].trim().to_owned());
            from = at;
        }
    }
    parts.push(line[from..].trim().to_owned());
    parts.retain(|p| !p.is_empty());
    parts
}

/// Whether `next` continues the sentence of `prev` across a line break.
fn continues(prev: &str, next: &str) -> bool {
    // "im Blauen Saal des" / "Kulturzentrums, ...": a line cannot end on an article.
    let dangling = prev.rsplit(' ').next().is_some_and(|w| {
        [
            "des", "der", "dem", "den", "die", "das", "im", "zum", "zur", "und",
        ]
        .contains(&w)
    });
    let starts_lower = next.chars().next().is_some_and(char::is_lowercase)
        || dangling && next.chars().next().is_some_and(char::is_alphabetic);
    let prev_open = !prev.ends_with(['.', ':', ';', '!', '?', ')'])
        && prev
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == ',');
    starts_lower
        && prev_open
        && !LABEL_START.is_match(next)
        && r::result(next).is_none()
        && decisions::statement(next).is_none()
        && !LIST_MARK.is_match(next)
        && !attendance::opens_entry(next)
        && r::part_marker(next).is_none()
}

pub(super) fn lines(text: &str) -> Cleaned {
    let raw: Vec<(usize, String)> = text
        .lines()
        .enumerate()
        .flat_map(|(i, l)| {
            let l = l.replace(['\u{a0}', '|'], " ");
            let l = if l.contains('<') || l.contains('&') {
                MARKUP
                    .replace_all(&l, "")
                    .replace("&nbsp;", " ")
                    .replace("&amp;", "&")
                    .replace("&quot;", "\"")
            } else {
                l
            };
            // A page number glued in front of a line: "- 2 - 3. Änderungsanträge".
            let l = GLUED_PAGE.replace(l.trim(), "$1").into_owned();
            // A hyphenation whose line break became a blank: "des Ge- meinderates" (but
            // "Bau- und Planungsausschuss" stays).
            let l = BROKEN_WORD
                .replace_all(&l, |c: &regex::Captures| {
                    if ["und", "oder", "bzw", "sowie"].contains(&&c[2]) {
                        c[0].to_owned()
                    } else {
                        format!("{}{}", &c[1], &c[2])
                    }
                })
                .into_owned();
            split_collapsed(l.trim())
                .into_iter()
                .map(move |p| (i + 1, p))
        })
        .collect();
    // Running heads: a line repeated on many pages that carries a date or "Seite".
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (_, l) in &raw {
        *counts.entry(l.as_str()).or_default() += 1;
    }
    let running: Vec<String> = counts
        .iter()
        .filter(|(l, n)| {
            **n >= 3 && l.len() > 5 && (r::date(l).is_some() || l.to_lowercase().contains("seite"))
        })
        .map(|(l, _)| (*l).to_owned())
        .collect();
    // A bare number is a page number, except among the cells of a vote table.
    let mut kept: Vec<(usize, String)> = Vec::with_capacity(raw.len());
    let mut in_table = false;
    for (no, l) in raw {
        if l.is_empty() || running.contains(&l) {
            continue;
        }
        let cell = l.trim_end_matches(['|', ' ']);
        if TABLE_LABEL.is_match(cell) {
            in_table = true;
        } else if !(in_table && TABLE_VALUE.is_match(cell)) {
            in_table = false;
            if r::page_furniture(&l) {
                continue;
            }
        }
        kept.push((no, l));
    }
    let mut out: Vec<(usize, String)> = Vec::with_capacity(kept.len());
    let mut ends = HashMap::new();
    for (no, l) in kept {
        if let Some((first, prev)) = out.last_mut() {
            // "1." on a line of its own, the title on the next: one heading.
            if BARE_NUMBER.is_match(prev) && l.starts_with(char::is_uppercase) {
                prev.push(' ');
                prev.push_str(&l);
                ends.insert(*first, no);
                continue;
            }
            let hyphenated =
                HYPHENATED.is_match(prev) && l.chars().next().is_some_and(char::is_lowercase);
            if hyphenated || continues(prev, &l) {
                if hyphenated {
                    prev.pop();
                } else {
                    prev.push(' ');
                }
                prev.push_str(&l);
                ends.insert(*first, no);
                continue;
            }
        }
        out.push((no, l));
    }
    Cleaned { lines: out, ends }
}
