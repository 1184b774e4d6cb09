//! Vote tables whose cells a text layer put on lines of their own.

use super::decisions::{self, Statement};
use super::parse::Lines;

/// A vote table whose cells a text layer put one per line: the labels and the numbers
/// in turn ("Ja:", "21", "Nein:", "1") or all labels first ("Ja-Stimmen", "Nein-Stimmen",
/// "Enthaltungen", "18", "22", "2").
#[derive(Debug, Default)]
pub(super) struct VoteTable {
    labels: Vec<Option<&'static str>>,
    values: Vec<Option<u32>>,
    lines: Option<Lines>,
}

re!(
    pub(super) TABLE_LABEL,
    r"(?i)^[-•]?\s*(ja(\s*-?\s*stimmen)?|nein(\s*-?\s*stimmen)?|(stimm)?enthaltung(en)?|zustimmung(en)?|ablehnung(en)?|dafür|dagegen|für|gegen|anwesend|davon\s+anwesend|anwesende.*|befangen(heit)?|gesetzl.*|anzahl.*|den\s+beschluss)\s*:?\s*$"
);
re!(
    TABLE_PAIR,
    r"(?i)^[-•]?\s*(ja(\s*-?\s*stimmen)?|nein(\s*-?\s*stimmen)?|(stimm)?enthaltung(en)?|zustimmung(en)?|ablehnung(en)?|dafür|dagegen|für\s+den\s+\w+|gegen\s+den\s+\w+|anwesend|davon\s+anwesend|davon\s+stimmberechtigt|befangen(heit)?|ungültige\s+stimmen|gesetzl.*|anzahl.*|zahl\s+der.*|anwesende.*)(?:\s*:\s*|\s{2,})\.?(\d+|-|keine)(?:\s+stimmen?)?\s*$"
);
// A cell may hold a word instead of a number ("mehrheitlich" under "Ja-Stimmen"): it
// keeps its place in the table and gives no count.
re!(
    pub(super) TABLE_VALUE,
    r"(?i)^[-•]?\s*\.?(\d{1,3}|-|keine|mehrheitlich|einstimmig)\s*$"
);

fn table_kind(label: &str) -> Option<&'static str> {
    let l = label.to_lowercase();
    if l.starts_with("ja")
        || l.starts_with("zustimm")
        || l == "dafür"
        || l == "für"
        || l.starts_with("für ")
    {
        Some("Ja")
    } else if l.starts_with("nein")
        || l.starts_with("ablehn")
        || l == "dagegen"
        || l == "gegen"
        || l.starts_with("gegen ")
    {
        Some("Nein")
    } else if l.contains("enthaltung") {
        Some("Enthaltungen")
    } else {
        None
    }
}

fn table_number(v: &str) -> Option<u32> {
    match v.to_lowercase().as_str() {
        "-" | "keine" => Some(0),
        n => n.parse().ok(),
    }
}

impl VoteTable {
    /// Takes a line that belongs to a vote table; false for any other line.
    pub fn take(&mut self, l: &str, lines: Lines) -> bool {
        let cell = l.trim_end_matches(['|', ' ']).trim();
        if let Some(c) = TABLE_PAIR.captures(cell) {
            self.labels.push(table_kind(&c[1]));
            self.values.push(table_number(&c[c.len() - 1]));
        } else if let Some(c) = TABLE_LABEL.captures(cell) {
            // "Für" / "Gegen" / "den Beschluss": the last words finish a header, they
            // are no column of their own.
            if !c[1].to_lowercase().starts_with("den ") {
                self.labels.push(table_kind(&c[1]));
            }
        } else if let Some(c) = TABLE_VALUE
            .captures(cell)
            .filter(|_| !self.labels.is_empty())
        {
            self.values.push(table_number(&c[1]));
        } else {
            return false;
        }
        match &mut self.lines {
            Some(span) => span.extend(lines.to),
            None => self.lines = Some(lines),
        }
        true
    }

    /// The tally the table gives, once its labels and numbers pair up.
    pub fn finish(&mut self) -> Option<(Statement, Lines)> {
        let table = std::mem::take(self);
        let lines = table.lines?;
        if table.labels.len() != table.values.len() {
            return None;
        }
        let cells: Vec<String> = table
            .labels
            .iter()
            .zip(&table.values)
            .filter_map(|(label, value)| Some(format!("{}: {}", (*label)?, (*value)?)))
            .collect();
        if cells.is_empty() {
            return None;
        }
        decisions::statement(&cells.join(", ")).map(|s| (s, lines))
    }
}
