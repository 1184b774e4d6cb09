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
re!(DANGLING, r"\S\s+(?:Herr|Herrn|Frau|Dr\.|Prof\.|TOP)$");
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

// "Anwesend unter dem Vorsitz des Ratsvorsitzenden Georg Martens waren die
// Ratsmitglieder A, B und C sowie Bürgermeisterin D.": an attendance list as a sentence.
re!(
    PROSE_ATTENDANCE,
    r"^(?P<label>(?:(?:Weiter|Ferner|Außerdem|Zusätzlich|Weiterhin)\s+)?[Aa]nwesend|Entschuldigt\s+fehlten?|Es\s+fehlten?(?:\s+entschuldigt)?|Entschuldigt\s+waren|Nicht\s+anwesend\s+waren)\s+(?:unter\s+dem\s+Vorsitz\s+(?:des|der)\s+\p{L}+\s+(?P<chair>\p{Lu}[\p{L}.-]*(?:\s+(?:von|van|der|de|zu|\p{Lu}[\p{L}.-]*)){0,4})\s+)?(?:waren|war|sind|ist)?\s*(?:die|der|das)?\s*(?P<rest>\p{Lu}.*?)\.?$"
);
// The members' word a sentence puts before their names: "die Samtgemeinderatsmitglieder".
re!(
    PLURAL_ROLE,
    r"^(\p{L}*(?:mitglieder|verordneten|vertreter|räte|ratsherren))\s+(\p{Lu}.*)$"
);
// "Tagesordnung 1. Eröffnung ... 2. Pflichtenbelehrung ... 3. Feststellung": a numbered
// list run together on one line.
re!(NUMBERED_START, r"(?:^|\s)(\d{1,2})\.\s+(\p{Lu}\p{L}*)");

/// An attendance list written as sentences, as the lines a list would have: the label,
/// the chair under "Vorsitz", the members under their heading and each further person
/// ("sowie die Gleichstellungsbeauftragte Bärbel Köster") on a line of their own.
fn split_prose_attendance(line: &str) -> Option<Vec<String>> {
    let c = PROSE_ATTENDANCE.captures(line.trim())?;
    let rest = c.name("rest")?.as_str();
    // A sentence that names several persons ("Anwesend war Herr X." is left as it is).
    if !(rest.contains(',') || rest.contains(" und ") || rest.contains(" sowie ")) {
        return None;
    }
    let mut out = vec![format!("{}:", &c["label"])];
    if let Some(chair) = c.name("chair") {
        out.push("Vorsitz".to_owned());
        out.push(chair.as_str().to_owned());
    }
    for (k, part) in rest.split(" sowie ").enumerate() {
        let part = part
            .trim()
            .trim_start_matches("die ")
            .trim_start_matches("der ")
            .trim_start_matches("den ");
        let part = match PLURAL_ROLE.captures(part).filter(|_| k == 0) {
            Some(p) => {
                out.push(p[1].to_owned());
                p[2].to_owned()
            }
            None => part.to_owned(),
        };
        out.push(part.replace(" und ", ", "));
    }
    Some(out)
}

/// Splits a line at the numbers of a numbered list run together on it (an agenda
/// "Tagesordnung 1. Eröffnung ... 2. Feststellung ..."): three or more consecutive
/// numbers, each followed by a capitalised word that is no month ("am 1. Juni").
fn split_numbered_run(line: &str) -> Vec<String> {
    // "1. Jens Meyer 2. Armin Bock ...": members, which the attendance reader takes apart.
    if line.chars().count() <= 120 || attendance::is_persons(line) {
        return vec![line.to_owned()];
    }
    let mut cuts: Vec<usize> = Vec::new();
    let mut expected: Option<u32> = None;
    for c in NUMBERED_START.captures_iter(line) {
        let (Some(n), Some(word)) = (c[1].parse::<u32>().ok(), c.get(2)) else {
            continue;
        };
        if r::MONTHS.contains(&word.as_str().to_lowercase().as_str()) {
            continue;
        }
        let at = c.get(1).map_or(0, |m| m.start());
        match expected {
            Some(e) if n == e => cuts.push(at),
            _ if cuts.len() < 3 => cuts = vec![at],
            _ => break,
        }
        expected = Some(n + 1);
    }
    if cuts.len() < 3 {
        return vec![line.to_owned()];
    }
    let mut parts = Vec::new();
    let mut from = 0;
    for at in cuts {
        if at > from {
            parts.push(line[from..at].trim().to_owned());
        }
        from = at;
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
                .flat_map(|p| split_prose_attendance(&p).unwrap_or_else(|| vec![p]))
                .flat_map(|p| split_numbered_run(&p))
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
            // "1." on a line of its own, the title on the next: one heading. A line that
            // ends on "Herr" or "TOP" ("..., Frau Kahl, Herr" / "Engel, Herr Jesse"): the
            // name or number is on the next.
            let dangling = DANGLING.is_match(prev)
                && l.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
            if dangling || BARE_NUMBER.is_match(prev) && l.starts_with(char::is_uppercase) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attendance_written_as_sentences_becomes_a_list() {
        assert_eq!(
            split_prose_attendance(
                "Anwesend unter dem Vorsitz des Ratsvorsitzenden Georg Martens waren die Samtgemeinderatsmitglieder Titus Nesper, Otto von Bargen und Sabine van Gemmeren sowie Samtgemeindebürgermeisterin Bettina Gallinat."
            ),
            Some(vec![
                "Anwesend:".to_owned(),
                "Vorsitz".to_owned(),
                "Georg Martens".to_owned(),
                "Samtgemeinderatsmitglieder".to_owned(),
                "Titus Nesper, Otto von Bargen, Sabine van Gemmeren".to_owned(),
                "Samtgemeindebürgermeisterin Bettina Gallinat".to_owned(),
            ])
        );
        assert_eq!(
            split_prose_attendance(
                "Entschuldigt fehlten die Ratsmitglieder Jörg von See und Heinz von Dollen sowie die Gleichstellungsbeauftragte Bärbel Köster."
            ),
            Some(vec![
                "Entschuldigt fehlten:".to_owned(),
                "Ratsmitglieder".to_owned(),
                "Jörg von See, Heinz von Dollen".to_owned(),
                "Gleichstellungsbeauftragte Bärbel Köster".to_owned(),
            ])
        );
        // A label with its colon is a list already; a sentence about presence is none.
        assert_eq!(split_prose_attendance("Anwesend: Herr A, Frau B"), None);
        assert_eq!(
            split_prose_attendance("Anwesend waren 12 Mitglieder."),
            None
        );
    }

    #[test]
    fn a_numbered_list_run_together_is_split_at_its_numbers() {
        let line = "Der Rat behandelte folgende Tagesordnung: Tagesordnung 1. Eröffnung der Sitzung und Feststellung der Beschlussfähigkeit 2. Genehmigung der Niederschrift vom 17.12.2007 3. Bericht des Bürgermeisters über wichtige Angelegenheiten";
        let parts = split_numbered_run(line);
        assert_eq!(parts.len(), 4, "{parts:?}");
        assert_eq!(parts[2], "2. Genehmigung der Niederschrift vom 17.12.2007");
        // Dates in a sentence are no list.
        let sentence = "Die Sitzungen am 1. Juni, am 2. Juli und am 3. August wurden verlegt, weil der Saal renoviert wurde und der Ausweichraum im Rathaus nicht zur Verfügung stand.";
        assert_eq!(split_numbered_run(sentence).len(), 1);
    }
}
