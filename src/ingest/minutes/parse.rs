//! Assembles the recognised pieces into the structure of one meeting: header,
//! attendance, agenda items with their papers, texts and outcomes. Works on lines, not
//! on one city's layout; whatever it cannot place becomes a warning with its line.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use super::attendance::{self, Section};
use super::clean::{Cleaned, lines};
use super::decisions::{self, Statement};
use super::recognize::{self as r, Clock, HeadingStyle, PersonName};
use super::tables::VoteTable;
use crate::ingest::votes::phrase::{Method, Vote};

/// A span of source lines, 1-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Lines {
    pub from: usize,
    pub to: usize,
}

impl Lines {
    pub fn at(line: usize) -> Lines {
        Lines {
            from: line,
            to: line,
        }
    }

    pub(super) fn extend(&mut self, line: usize) {
        self.to = self.to.max(line);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    Chair,
    MinuteTaker,
    Administration,
    Guest,
    Absent,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attendee {
    #[serde(flatten)]
    pub name: PersonName,
    pub role: Role,
    /// The faction or group heading the person was listed under.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The administrative unit named after the person ("– Amt für ...").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub lines: Lines,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TextKind {
    /// The text of an Anfrage.
    Question,
    /// An answer (of the administration or another body).
    Answer,
    /// A follow-up question by a member.
    FollowUpQuestion,
    /// The text of an Antrag.
    Motion,
    /// A Mitteilung.
    Communication,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemText {
    pub kind: TextKind,
    /// Who asked or answered, as written ("Verwaltung", "Herr Grafe").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    pub text: String,
    pub lines: Lines,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaperRef {
    /// The number as printed; empty for a paper named without one.
    pub reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paper_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub originator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub number: String,
    pub title: String,
    pub public: bool,
    /// The outcome as written ("einstimmig beschlossen").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_line: Option<usize>,
    /// The text under "Beschluss:".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution_text: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub papers: Vec<PaperRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<ItemText>,
    /// Every vote the item records, in order: amendments first, as printed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    pub lines: Lines,
    /// The first paper the item's lines name by type ("Antrag der SPD-Fraktion vom ...").
    #[serde(skip)]
    pub mention: Option<r::PaperTitle>,
    /// A paper type the item's text names ("nimmt die Informationsvorlage zur Kenntnis").
    #[serde(skip)]
    pub mentioned_type: Option<String>,
    /// What the page's own labels say about the item's paper ("Vorlage-Art:",
    /// "Initiator:"): surer than any word in the text.
    #[serde(skip)]
    pub labelled_paper: r::PaperLabels,
    /// Motions the item's lines open with, without a number ("1. Antrag CDU, ..."):
    /// papers of the item only where it names no numbered paper.
    #[serde(skip)]
    pub text_motions: Vec<PaperRef>,
}

/// One vote of an agenda item, as the minutes state it; nothing is filled in that the
/// lines do not say.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    /// The result as written ("mehrheitlich abgelehnt").
    pub wording: String,
    /// What was voted on, where the minutes say so ("Änderungsantrag der SPD").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(flatten)]
    pub vote: Vote,
    /// The lines the result and its counts stand on.
    pub lines: Lines,
    #[serde(skip)]
    labelled: bool,
    #[serde(skip)]
    open: bool,
}

impl Decision {
    fn statement(&self) -> Statement {
        Statement {
            wording: self.wording.clone(),
            vote: self.vote.clone(),
            labelled: self.labelled,
            subject: self.subject.clone(),
            opens_resolution: false,
            open: self.open,
        }
    }
}

/// Whole minutes of a meeting, or an extract of some of its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Minutes,
    Extract,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

/// One meeting as the minutes describe it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Minutes {
    pub kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    pub date: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    pub attendees: Vec<Attendee>,
    pub items: Vec<Item>,
    /// Line ranges of non-public parts: their text must never be published.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub non_public: Vec<Lines>,
    pub warnings: Vec<Warning>,
}

impl Item {
    pub fn new(number: String, public: bool, lines: Lines) -> Item {
        Item {
            number,
            title: String::new(),
            public,
            result: None,
            result_line: None,
            resolution_text: None,
            papers: Vec::new(),
            texts: Vec::new(),
            decisions: Vec::new(),
            lines,
            mention: None,
            mentioned_type: None,
            labelled_paper: r::PaperLabels::default(),
            text_motions: Vec::new(),
        }
    }
}

impl Minutes {
    /// Minutes with nothing recognised (the date is the minimum date).
    pub fn empty() -> Minutes {
        Minutes {
            kind: Kind::Minutes,
            title: None,
            organization: None,
            date: NaiveDate::MIN,
            start: None,
            end: None,
            location: None,
            attendees: Vec::new(),
            items: Vec::new(),
            non_public: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// Why a file is not imported at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

// "Tagesordnung - 29. Sitzung des Ausschusses ..." is a title, not the start of the body.
re!(
    BODY_START,
    r"(?i)^(vor\s+eintritt\s+in\s+die\s+tagesordnung|tagesordnung(\s*:|\s+der\b|\s+für\b|\s*$)|eröffnung)"
);
re!(
    RESOLUTION,
    r"(?i)^(beschluss|beschlusstext|beschlussempfehlung|empfehlung)\s*:$"
);
re!(
    QUESTION,
    r"(?i)^(die\s+anfrage(\s+de[rs]\s+.+?)?\s+lautet|anfrage|frage|fragestellung)\s*:$"
);
re!(
    ANSWER,
    r"(?i)^antwort(\s+(der|des)\s+(.+?))?(\s+im\s+rahmen\s+der\s+niederschrift)?\s*:$"
);
re!(
    FOLLOW_UP,
    r"^((Herr|Frau)\s+.+?)\s+(fragt|fragt nach|stellt folgende (Nach)?[Ff]rage)\s*:$"
);
re!(
    MOTION,
    r"(?i)^(die|der)\s+(.+?)\s+stellt\s+folgenden\s+antrag\s*:$"
);
re!(COMMUNICATION, r"(?i)^die\s+mitteilung\s+lautet\s*:$");
re!(
    RESULT_LABEL,
    r"(?i)^(abstimmungsergebnis(se)?|beratungsergebnis|ergebnis(\s+der\s+abstimmung)?|beschlussergebnis|ergebnis/beschluss|abstimmung|abstimmungsverhalten|votum)\s*:?$"
);
re!(
    LABEL_ONLY,
    r"(?i)^(beratungsgrundlage|drucksachen?nummer|drucksache|vorlage)\s*:?\s*$"
);
re!(
    CHAIR_IN_TEXT,
    r"(?i)(ausschuss)?vorsitzende[r]?,?\s+(herr|frau)\s+(\p{Lu}[\p{L}-]+)"
);
re!(
    SIGNATURE_ROLE,
    r"(?i)^((ausschuss|ober)?(vorsitzende[r]?|bürgermeister(in)?)|schriftführer(in)?|protokollführer(in)?)$"
);
re!(GREMIUM_LABEL, r"(?i)^(?:[-•]\s*)?gremium\s*:?$");
re!(UM_UHR, r"(?i)(^|\s)um\s+\d{1,2}[:.]\d{2}\s*Uhr");
/// The labels of a meeting's date, as a regex fragment.
const DATE_LABELS: &str =
    r"(?:[-•]\s*)?(?:datum|sitzungsdatum|sitzungstermin|termin|sitzungstag|tag)";
// "Tagesordnung Drucks.- Nr.: Seite(n)": an agenda table's head ends the attendance list.
re!(
    AGENDA_START,
    r"(?i)^(tagesordnung|t\s?a\s?g\s?e\s?s\s?o\s?r\s?d\s?n\s?u\s?n\s?g)\b"
);
re!(DATE_LABEL, &format!(r"(?i)^{DATE_LABELS}\s*:?$"));
re!(
    AGENDA_HEADING,
    r"(?i)^tagesordnung(\s+der\s+(nicht\s*)?öffentlichen\s+sitzung|\s+für\s+die\s+\S+\s+sitzung)?\s*:?$"
);
re!(BULLET, r"^[-•·*–]\s+(\S.*)$");
re!(DATE_VALUE, &format!(r"(?i)^{DATE_LABELS}\s*:\s*(.+)$"));
re!(
    PLACE_LABEL,
    r"(?i)^(?:[-•]\s*)?(raum|ort|sitzungsort|tagungsort|sitzungsraum)\s*:?$"
);
re!(LOOKS_MINUTES, r"(?i)(niederschrift|protokoll|sitzung)");
// "46. Sitzung des Stadtrates Zeitz", "12. öffentliche Sitzung": a meeting's title, not item 46.
re!(SITTING_TITLE, r"(?i)^(?:\w+e[nrs]?\s+){0,2}sitzung\b");

#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Plain,
    Resolution,
    Text(usize),
}

/// Parses minutes text. Fails only when the text is not minutes or has no date.
pub fn parse(text: &str) -> Result<Minutes, ParseError> {
    parse_with(text, true, None)
}

/// Parses minutes text on a meeting date given from outside (the page of one item that a
/// council information system prints without the meeting's date); the given date wins
/// over any the text prints.
pub fn parse_on(text: &str, date: Option<NaiveDate>) -> Result<Minutes, ParseError> {
    parse_with(text, true, date)
}

/// Parses a fragment of minutes (a header, an item's lines) with the same recognisers,
/// without asking for a title or a date: what a table of real lines is tested with.
pub fn parse_fragment(text: &str) -> Minutes {
    parse_with(text, false, None).unwrap_or_else(|_| Minutes::empty())
}

fn parse_with(text: &str, whole: bool, given: Option<NaiveDate>) -> Result<Minutes, ParseError> {
    let Cleaned { lines, ends } = lines(text);
    let head: Vec<&(usize, String)> = lines.iter().take(40).collect();
    // Minutes, an extract, or the page a council system prints for one item (its dated
    // title "12.09.2019 - 8.1 ...", or its labelled result "Beschluss: abgelehnt").
    let looks_minutes = |l: &str| {
        LOOKS_MINUTES.is_match(l)
            || r::extract_title(l)
            || r::heading(l).is_some_and(|h| h.page_title)
            || decisions::statement(l).is_some_and(|s| s.labelled && !s.is_tally())
    };
    if whole && !head.iter().any(|(_, l)| looks_minutes(l)) {
        return Err(ParseError {
            line: lines.first().map_or(1, |(n, _)| *n),
            message: "this does not look like minutes: no \"Niederschrift\", \"Protokoll\", \"Sitzung\", \"Auszug\" or result label in the first 40 lines".to_owned(),
        });
    }
    let mut m = Minutes::empty();
    let mut style = heading_style(&lines);
    // A result printed before the first heading ("Beschluss: mehrheitlich beschlossen" at
    // the top of an item page): the page is one item, and its numbered lines are the
    // resolution, not an agenda.
    if matches!(style, Some(HeadingStyle::Numbered)) {
        let before_first = lines
            .iter()
            .take_while(|(_, l)| !r::heading(l).is_some_and(|h| Some(h.style) == style));
        if before_first
            .filter_map(|(_, l)| decisions::statement(l))
            .any(|s| s.labelled && !s.is_tally())
        {
            style = None;
        }
    }

    // Header: title, organization, date (within the first lines before the body).
    let mut date = None;
    let mut date_labelled = false;
    let mut date_label = false;
    let mut date_from_sitting = false;
    let mut place_may_follow = false;
    let mut organization_label = false;
    let mut header_council = None;
    for (no, l) in lines.iter().take(25) {
        // "12. Sitzung des Stadtbezirksrates" is a title, not item 12.
        if r::heading(l).is_some_and(|h| {
            Some(h.style) == style
                && !h.page_title
                && (h.style != HeadingStyle::Numbered || r::follows(None, &h.number))
        }) || attendance::label(l).is_some()
        {
            break;
        }
        // "Gremium" on one line, "Stadtrat" on the next.
        if std::mem::take(&mut organization_label) {
            m.organization.get_or_insert_with(|| l.clone());
        }
        if GREMIUM_LABEL.is_match(l) {
            organization_label = true;
            continue;
        }
        // "Datum" on one line, "06.06.2013" on the next.
        if std::mem::take(&mut date_label)
            && let Some(d) = r::date(l)
        {
            date = Some((d, *no));
        }
        if DATE_LABEL.is_match(l) {
            date_label = true;
            continue;
        }
        // "Datum: Do, 04.12.2014" outranks "(Fortsetzung der Sitzung vom 27.11.2014)", and
        // so does the date of an item page's title ("05.07.2023 - 2 Genehmigung ...").
        let labelled = DATE_VALUE
            .captures(l)
            .and_then(|c| r::date(&c[1]))
            .or_else(|| {
                r::heading(l)
                    .filter(|h| h.page_title)
                    .and_then(|_| r::date(l))
            });
        if !date_labelled && let Some(d) = labelled {
            date = Some((d, *no));
            date_labelled = true;
            date_from_sitting = true;
        }
        if r::extract_title(l) {
            m.kind = Kind::Extract;
        }
        if m.title.is_none() && LOOKS_MINUTES.is_match(l) {
            m.title = Some(l.clone());
        }
        if m.organization.is_none() {
            m.organization = r::organization_in_title(l);
        }
        // A letterhead's "Datum 12.02.2008" gives way to the date of the meeting itself
        // ("12. Sitzung ... am Montag, 28. Januar 2008").
        let sitting = l.to_lowercase().contains("sitzung");
        if date.is_some()
            && !date_from_sitting
            && sitting
            && let Some(d) = r::meeting_date(l)
        {
            date = Some((d, *no));
            date_from_sitting = true;
        }
        let had_date = place_may_follow;
        place_may_follow = r::date(l).is_some();
        if date.is_none() {
            date = r::meeting_date(l).map(|d| (d, *no));
            date_from_sitting = date.is_some() && sitting;
            // "am Dienstag, dem 07.03.2006, 20.00 Uhr, im Ratssaal": start and place in
            // the date line.
            if date.is_some() && m.start.is_none() {
                let clocks = r::clocks(l);
                for c in &clocks {
                    match c {
                        Clock::Start(t) => m.start = m.start.or(Some(*t)),
                        Clock::End(t) => m.end = m.end.or(Some(*t)),
                    }
                }
                if clocks.is_empty() {
                    m.start = r::time_with_uhr(l);
                }
            }
        }
        if m.location.is_none() && r::location(l).is_none() && (date.is_some() || l.contains("Uhr"))
        {
            m.location = r::location_in_title(l);
        }
        // The line under the date, when it names a building or an address; or the
        // address that continues a place named on the date line.
        if had_date && r::looks_like_place(l) {
            let line = l.trim_end_matches(',').trim();
            match &mut m.location {
                None => m.location = Some(line.to_owned()),
                Some(place)
                    if line.chars().any(|c| c.is_ascii_digit()) && !place.contains(line) =>
                {
                    place.push(' ');
                    place.push_str(line);
                }
                Some(_) => {}
            }
        }
        if m.organization.is_none() {
            m.organization = r::organization_label(l).or_else(|| r::council_in_title(l));
        }
        if header_council.is_none() {
            header_council = r::council_mentioned(l);
        }
        if m.start.is_none() && UM_UHR.is_match(l) {
            m.start = r::time_with_uhr(l);
        }
    }
    if date.is_none() {
        date = lines
            .iter()
            .take(15)
            .find_map(|(no, l)| r::date(l).map(|d| (d, *no)));
        if let Some((_, no)) = date {
            let line = lines
                .iter()
                .find(|(n, _)| *n == no)
                .map(|(_, l)| l.as_str())
                .unwrap_or_default();
            m.start = m.start.or_else(|| r::time_with_uhr(line));
        }
    }
    let date = match (given, date) {
        (Some(g), _) => Some((g, 1)),
        (None, Some(d)) => Some(d),
        (None, None) if !whole => Some((NaiveDate::MIN, 1)),
        (None, None) => None,
    };
    let Some((date, _)) = date else {
        let last = lines
            .get(lines.len().min(25).saturating_sub(1))
            .map_or(1, |(n, _)| *n);
        return Err(ParseError {
            line: 1,
            message: format!(
                "no meeting date found in the header (lines 1 to {last}); give it with --date (the form field \"date\" on the write API)"
            ),
        });
    };
    m.date = date;

    let mut pending_clocks: Vec<bool> = Vec::new();
    let mut awaiting_result = false;
    let mut in_attendance = false;
    let mut in_body = false;
    let mut section = Section::default();
    let mut public = true;
    let mut current: Option<usize> = None;
    let mut mode = Mode::Plain;
    let mut by_number: HashMap<String, usize> = HashMap::new();
    let mut last_name_line: Option<String> = None;
    let mut chair_family: Option<String> = None;
    let mut minute_taker_family: Option<String> = None;
    let mut table = VoteTable::default();
    // A page of one agenda item has no heading: its lines are that item.
    // An agenda of bullets without numbers: its items, and their titles as headings below.
    let bullets = if style.is_none() {
        bullet_agenda(&lines)
    } else {
        HashMap::new()
    };
    // Neither numbers nor bullets: titles that stand above their paragraphs.
    let paragraphs = if style.is_none() && bullets.is_empty() {
        paragraph_headings(&lines)
    } else {
        HashMap::new()
    };
    let mut by_title: HashMap<String, usize> = HashMap::new();
    let mut implicit = style.is_none() && bullets.is_empty() && paragraphs.is_empty();
    if implicit {
        m.items.push(Item::new(
            String::new(),
            true,
            Lines::at(lines.first().map_or(1, |(n, _)| *n)),
        ));
        current = Some(0);
    }

    let mut pending_location = false;
    let mut number_may_follow = 0u8;
    let mut paper_type_follows = false;
    let mut titled_by_label = false;
    let mut in_agenda_list = false;
    // Labels that a list follows ("Anwesend:" above a name, not above "15" in a vote
    // table): only these open a list inside an item page or after the agenda.
    let list_labels: HashSet<usize> = lines
        .windows(2)
        .filter(|w| attendance::label(&w[0].1).is_some() && attendance::lists(&w[1].1))
        .map(|w| w[0].0)
        .chain(
            lines
                .iter()
                .filter(|(_, l)| attendance::has_rest(l))
                .map(|(n, _)| *n),
        )
        .collect();
    for (no, l) in &lines {
        let no = *no;
        let l = l.as_str();
        match r::clock_in_text(l) {
            Some(Clock::Start(t)) => m.start = m.start.or(Some(t)),
            Some(Clock::End(t)) => m.end = m.end.or(Some(t)),
            None => {}
        }
        // "Sitzungsdauer: 15:00 - 17:10 Uhr" or "Ende: 21.00 Uhr" after the part marker.
        if in_body {
            for c in r::clocks(l) {
                match c {
                    Clock::Start(t) => m.start = m.start.or(Some(t)),
                    Clock::End(t) => m.end = m.end.or(Some(t)),
                }
            }
        }
        if !in_body {
            // "Raum" on one line, "Ratssaal" on the next.
            if std::mem::take(&mut pending_location) && m.location.is_none() {
                m.location = Some(l.trim_start_matches(['-', '•', ' ']).to_owned());
                continue;
            }
            if PLACE_LABEL.is_match(l) {
                pending_location = true;
                continue;
            }
            let clocks = r::clocks(l);
            if !clocks.is_empty() {
                for c in clocks {
                    match c {
                        Clock::Start(t) => m.start = m.start.or(Some(t)),
                        Clock::End(t) => m.end = m.end.or(Some(t)),
                    }
                }
                continue;
            }
            // Two-column headers: the labels first, the times on later lines.
            if let Some(is_start) = r::clock_label(l) {
                pending_clocks.push(is_start);
                continue;
            }
            if let Some(t) = r::bare_time(l).filter(|_| !pending_clocks.is_empty()) {
                if pending_clocks.remove(0) {
                    m.start = m.start.or(Some(t));
                } else {
                    m.end = m.end.or(Some(t));
                }
                continue;
            }
            // A time alone in the header, under the date: the start.
            if let Some(t) = r::bare_time(l).filter(|_| m.start.is_none() && m.attendees.is_empty())
            {
                m.start = Some(t);
                continue;
            }
            if let Some(loc) = r::location(l) {
                // "Raum: Raum 28, Schulungsraum" and "Ort: Am Markt 1, 23966 Wismar".
                match &mut m.location {
                    Some(room) if !room.contains(&loc) && r::location_label_is_place(l) => {
                        room.push_str(", ");
                        room.push_str(&loc);
                    }
                    Some(_) => {}
                    None => m.location = Some(loc),
                }
                continue;
            }
        }
        let previous = current.map(|i| m.items[i].number.as_str());
        if AGENDA_START.is_match(l) && style != Some(HeadingStyle::Numbered) {
            in_agenda_list = true;
        }
        let heading = r::heading(l)
            .or_else(|| r::letter_heading(previous, l))
            .filter(|h| {
                // After the agenda list the body starts again at 1.
                let restart = by_number.contains_key(&h.number) && r::follows(None, &h.number);
                // "1. Einwohnerfragestunde" in the agenda list of minutes whose body
                // has "TOP 1: Einwohnerfragestunde".
                let listed = in_agenda_list
                    && h.style == HeadingStyle::Numbered
                    && r::follows(previous, &h.number);
                listed
                    || Some(h.style) == style
                        && (h.style != HeadingStyle::Numbered
                            || r::follows(previous, &h.number)
                            || restart)
            });
        if heading.as_ref().is_some_and(|h| Some(h.style) == style) {
            in_agenda_list = false;
        }
        if let Some(p) = r::part_marker(l) {
            in_attendance = false;
            in_body = true;
            if !p {
                m.non_public.push(Lines::at(no));
            }
            public = p;
            mode = Mode::Plain;
            continue;
        }
        if let Some(span) = m.non_public.last_mut().filter(|_| !public) {
            span.extend(ends.get(&no).copied().unwrap_or(no));
        }
        // A label opens the list ("Anwesend:", "Als stimmberechtigt waren anwesend:"),
        // also after a part marker or an agenda, before any item has text.
        if heading.is_none()
            && attendance::label(l).is_some()
            && (!in_body && !implicit
                || list_labels.contains(&no)
                    && (attendance::strong_label(l)
                        || !implicit
                            && m.items.iter().all(|i| {
                                i.result.is_none() && i.decisions.is_empty() && i.texts.is_empty()
                            })))
        {
            section = Section::default();
            attendance::line(&mut m, no, l, &mut section);
            // "Nicht anwesend: Frau Berthmann, Herr Nettesheim (CDU)" under a result in
            // an item page is that one line; a label alone opens a list.
            in_attendance = !implicit && !in_body || !attendance::has_rest(l);
            continue;
        }
        if !in_body && !in_attendance && heading.is_none() && m.items.is_empty() {
            let unmarked = LIST_MARK.replace(l, "");
            if unmarked.starts_with("Herr ")
                || unmarked.starts_with("Frau ")
                || attendance::role_heading(&unmarked).is_some()
            {
                in_attendance = true;
                section = Section::default();
            }
        }
        // "1. Behrens, Walter, Handewitt" in the list is a member, not item 1.
        if in_attendance
            && (heading.is_none() || attendance::is_persons(l))
            && !BODY_START.is_match(l)
            && !AGENDA_START.is_match(l)
        {
            attendance::line(&mut m, no, l, &mut section);
            continue;
        }
        if AGENDA_START.is_match(l) {
            in_attendance = false;
        }
        // The title of an item page opens the item; the meeting's header follows it.
        if heading.as_ref().is_some_and(|h| h.page_title) {
            implicit = true;
        } else if BODY_START.is_match(l) || heading.is_some() || paragraphs.contains_key(&no) {
            in_attendance = false;
            in_body = true;
        }
        if !in_body && !implicit {
            continue;
        }
        if let Some(c) = CHAIR_IN_TEXT.captures(l) {
            chair_family.get_or_insert(c[3].to_owned());
        }
        if SIGNATURE_ROLE.is_match(l) {
            if let Some(name) = last_name_line.as_deref().and_then(r::person_name) {
                if l.to_lowercase().contains("vorsitz")
                    || l.to_lowercase().contains("bürgermeister")
                {
                    chair_family = Some(name.family_name.clone());
                } else {
                    minute_taker_family = Some(name.family_name.clone());
                }
            }
            continue;
        }
        last_name_line = Some(l.to_owned());
        if let Some(h) = heading {
            if let (Some(i), Some((st, span))) = (current, table.finish()) {
                record(&mut m.items[i], st, span);
            }
            let item_public = h.public.unwrap_or(public);
            let index = match by_number.get(&h.number) {
                // The same number again: the agenda list gave it first, the body now.
                Some(&i) => i,
                None => {
                    m.items
                        .push(Item::new(h.number.clone(), item_public, Lines::at(no)));
                    by_number.insert(h.number.clone(), m.items.len() - 1);
                    m.items.len() - 1
                }
            };
            let item = &mut m.items[index];
            if !h.title.is_empty() {
                // "Ö 5.1 - 22-0946": the heading gives the paper, the next line the title.
                if !only_references(&h.title) {
                    item.title = h.title.clone();
                }
                add_papers(item, no, &h.title);
            }
            item.lines.extend(no);
            current = Some(index);
            mode = Mode::Plain;
            awaiting_result = false;
            continue;
        }
        // "Mitteilungen der Verwaltung" above its paragraphs: an item without a number.
        if let Some(title) = paragraphs.get(&no) {
            if let (Some(i), Some((st, span))) = (current, table.finish()) {
                record(&mut m.items[i], st, span);
            }
            let mut item = Item::new(String::new(), public, Lines::at(no));
            item.title = title.clone();
            add_papers(&mut item, no, title);
            m.items.push(item);
            current = Some(m.items.len() - 1);
            mode = Mode::Plain;
            awaiting_result = false;
            continue;
        }
        if let Some(title) = bullets.get(&no) {
            let mut item = Item::new(String::new(), public, Lines::at(no));
            item.title = title.clone();
            add_papers(&mut item, no, title);
            by_title.insert(title_key(title), m.items.len());
            m.items.push(item);
            current = None;
            continue;
        }
        if let Some(&i) = by_title.get(&title_key(l)) {
            current = Some(i);
            m.items[i].lines.extend(no);
            mode = Mode::Plain;
            continue;
        }
        let Some(index) = current else { continue };
        let item = &mut m.items[index];
        let to = ends.get(&no).copied().unwrap_or(no);
        // "- Beschluss:" in a list of label and value lines (but "- einstimmig -" is a
        // result line).
        let l = match l.strip_prefix("- ") {
            Some(rest) if !rest.ends_with(['-', '–']) => rest,
            _ => l,
        };
        item.lines.extend(to);
        if implicit && index == 0 {
            // "TOP: Ö 4.2", or "TOP:" with the number on a later line.
            if let Some(label) = r::item_label(l) {
                match label {
                    Some((number, p)) if item.number.is_empty() => {
                        item.number = number;
                        item.public = p.unwrap_or(item.public);
                    }
                    Some(_) => {}
                    None => number_may_follow = 2,
                }
                continue;
            }
            if number_may_follow > 0 {
                number_may_follow -= 1;
                if let Some((n, p)) = r::bare_item_number(l).filter(|_| item.number.is_empty()) {
                    item.number = n;
                    item.public = p.unwrap_or(item.public);
                    number_may_follow = 0;
                    continue;
                }
                // "TOP:" / "245/E" / "2a": a code of the record between label and number.
                if !l.contains(char::is_whitespace) {
                    continue;
                }
            }
            if let Some(subject) = r::subject_label(l).filter(|_| !titled_by_label) {
                item.title = subject;
                titled_by_label = true;
                add_papers(item, no, l);
                continue;
            }
            if item.papers.is_empty()
                && let Some(reference) = r::leading_reference(l)
            {
                item.papers.push(PaperRef {
                    reference,
                    paper_type: None,
                    originator: None,
                    name: None,
                    line: no,
                });
            }
        }
        // "- Vorlageart:" / "- Beschlussvorlage": the label's value on the next line.
        let labels = if std::mem::take(&mut paper_type_follows) {
            r::PaperLabels {
                paper_type: Some(l.trim().to_owned()).filter(|v| !v.ends_with(':')),
                originator: None,
            }
        } else {
            r::paper_labels(l)
        };
        if r::paper_type_label(l) {
            paper_type_follows = true;
            continue;
        }
        if labels.paper_type.is_some() || labels.originator.is_some() {
            // The label is surer than a paper word in the text ("Drucksache-Art:" is no
            // Drucksache).
            if let Some(t) = &labels.paper_type
                && mention_is_vague(item)
            {
                item.mention = Some(r::PaperTitle {
                    paper_type: t.clone(),
                    originator: labels.originator.clone(),
                    name: l.trim().to_owned(),
                });
            }
            let own = &mut item.labelled_paper;
            own.paper_type = own.paper_type.take().or(labels.paper_type);
            own.originator = own.originator.take().or(labels.originator);
        }
        if r::separator(l) {
            mode = Mode::Plain;
            continue;
        }
        if table.take(l, Lines { from: no, to }) {
            continue;
        }
        if let Some((st, span)) = table.finish() {
            record(item, st, span);
            awaiting_result = false;
        }
        add_papers(item, no, l);
        // "1. Antrag CDU, Stelle Stadtpolizei ...", "ein Antrag der CSU-Fraktion liegt vor":
        // motions without a number, one per kind and mover, where the line names no number
        // of its own.
        if item.public && r::paper_references(l).is_empty() {
            let motions = r::leading_motion(l)
                .or_else(|| r::motion_by_member(l))
                .into_iter()
                .chain(r::motions_by_group(l));
            for (paper_type, originator) in motions {
                let kind = motion_kind(&paper_type);
                let known = item.text_motions.iter().any(|p| {
                    p.originator.as_deref() == Some(originator.as_str())
                        && p.paper_type.as_deref().map(motion_kind) == Some(kind)
                });
                if known {
                    continue;
                }
                item.text_motions.push(PaperRef {
                    reference: String::new(),
                    paper_type: Some(paper_type),
                    originator: Some(originator),
                    name: Some(
                        l.trim()
                            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
                            .trim()
                            .to_owned(),
                    ),
                    line: no,
                });
            }
        }
        if item.mentioned_type.is_none() && mode == Mode::Plain {
            item.mentioned_type = mentioned_paper_type(l);
        }
        let statement = decisions::statement(r::result_kind_label(l).unwrap_or(l));
        if item.title.is_empty()
            && !LABEL_ONLY.is_match(l)
            && r::result(l).is_none()
            && statement.is_none()
        {
            item.title = r::strip_extract_prefix(l).to_owned();
            continue;
        }
        if RESULT_LABEL.is_match(l) {
            awaiting_result = true;
            continue;
        }
        // Inside a resolution or a question, only a statement marked as a result counts:
        // "Der Rat beschließt die Satzung" there is the resolution itself.
        let accepted = statement.filter(|st| {
            awaiting_result
                || match mode {
                    Mode::Plain => true,
                    Mode::Resolution => {
                        st.labelled || st.is_tally() || st.vote.method != Method::None
                    }
                    Mode::Text(_) => st.labelled,
                }
        });
        if let Some(st) = accepted {
            mode = if st.opens_resolution {
                Mode::Resolution
            } else {
                Mode::Plain
            };
            record(item, st, Lines { from: no, to });
            awaiting_result = false;
            continue;
        }
        // A result the vote-phrase parser cannot read is kept as written.
        let awaited = awaiting_result.then(|| l.trim_end_matches('.').to_owned());
        if let Some(res) = r::result(l).or(awaited) {
            if item.result.is_none() {
                item.result = Some(res);
                item.result_line = Some(no);
            }
            mode = Mode::Plain;
            awaiting_result = false;
            continue;
        }
        if RESOLUTION.is_match(l) {
            mode = Mode::Resolution;
            continue;
        }
        if mode == Mode::Plain && item.public && decisions::looks_like_decision(l) {
            m.warnings.push(Warning {
                line: no,
                message: format!("decision-like sentence not understood: {l:?}"),
            });
        }
        let text_start = if QUESTION.is_match(l) {
            Some((TextKind::Question, None))
        } else if let Some(c) = ANSWER.captures(l) {
            Some((
                TextKind::Answer,
                Some(c.get(3).map_or("Verwaltung", |m| m.as_str()).to_owned()),
            ))
        } else if let Some(c) = FOLLOW_UP.captures(l) {
            Some((TextKind::FollowUpQuestion, Some(c[1].to_owned())))
        } else if let Some(c) = MOTION.captures(l) {
            Some((TextKind::Motion, Some(c[2].to_owned())))
        } else if COMMUNICATION.is_match(l) {
            Some((TextKind::Communication, None))
        } else {
            None
        };
        if let Some((kind, by)) = text_start {
            item.texts.push(ItemText {
                kind,
                by,
                text: String::new(),
                lines: Lines::at(no),
            });
            mode = Mode::Text(item.texts.len() - 1);
            continue;
        }
        if LABEL_ONLY.is_match(l) {
            continue;
        }
        match mode {
            Mode::Resolution => {
                let text = item.resolution_text.get_or_insert_with(String::new);
                if !text.is_empty() {
                    text.push('\n');
                }
                text.push_str(l);
            }
            Mode::Text(i) => {
                if let Some(t) = item.texts.get_mut(i) {
                    if !t.text.is_empty() {
                        t.text.push('\n');
                    }
                    t.text.push_str(l);
                    t.lines.extend(no);
                }
            }
            Mode::Plain => {}
        }
    }

    if let (Some(i), Some((st, span))) = (current, table.finish()) {
        record(&mut m.items[i], st, span);
    }
    // No header named the committee as such: a council the header mentions, else the
    // body the public text says decided.
    if m.organization.is_none() {
        m.organization = header_council;
    }
    if m.organization.is_none() {
        m.organization = lines
            .iter()
            .filter_map(|(_, l)| r::deciding_body(l))
            .min_by_key(|(rank, _)| *rank)
            .map(|(_, body)| body);
    }
    finish(&mut m, chair_family, minute_taker_family);
    Ok(m)
}

re!(LABELLED_LINE, r"^[\p{L}\s./-]{1,30}:");

/// Headings without numbers, as reports of a meeting print them ("Mitteilungen der
/// Verwaltung", "Kalkulation des Wärmepreises"): a short line that is no sentence, above a
/// paragraph of sentences. At least two, so that the title of one item page is none.
fn paragraph_headings(lines: &[(usize, String)]) -> HashMap<usize, String> {
    // The parts of one item's page, not items of their own.
    const SECTIONS: [&str; 24] = [
        "sachverhalt",
        "begründung",
        "beschlussvorschlag",
        "beschluss",
        "beschlusstext",
        "wortprotokoll",
        "protokoll",
        "protokollnotiz",
        "beratung",
        "beratungsverlauf",
        "diskussion",
        "erläuterung",
        "erläuterungen",
        "anlage",
        "anlagen",
        "finanzielle",
        "abstimmungsergebnis",
        "abstimmung",
        "ergebnis",
        "hinweis",
        "stellungnahme",
        "inhalt",
        "empfehlung",
        "vorbemerkung",
    ];
    let prose = |l: &str| l.ends_with(['.', '!', '?']) || l.split_whitespace().count() >= 15;
    let mut out = HashMap::new();
    for pair in lines.windows(2) {
        let ((no, l), (_, next)) = (&pair[0], &pair[1]);
        let words = l.split_whitespace().count();
        let first = l
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .trim_end_matches(':')
            .to_lowercase();
        if (1..=16).contains(&words)
            && l.chars().count() <= 120
            && l.starts_with(char::is_uppercase)
            && !l.ends_with(['.', ',', ';', ':', '!', '?', '-', '–'])
            && !l.contains(':')
            && r::date(l).is_none()
            && !l.to_lowercase().contains("sitzung")
            && !SECTIONS.contains(&first.as_str())
            && r::result(l).is_none()
            && decisions::statement(l).is_none()
            && !attendance::is_persons(l)
            && prose(next)
            && !LABELLED_LINE.is_match(next)
            // "Wunsch" / "war es, dass ...", "Herr" / "Dr. Brück führt aus": a sentence
            // that a line break cut.
            && next.starts_with(char::is_uppercase)
            && !l.split_whitespace().last().is_some_and(|w| {
                [
                    "der", "die", "das", "den", "dem", "des", "ein", "eine", "und", "oder", "zu",
                    "zur", "zum", "von", "vom", "mit", "für", "im", "in", "am", "an", "auf", "bei",
                    "herr", "frau", "herrn",
                ]
                .contains(&w.to_lowercase().as_str())
            })
        {
            out.insert(*no, l.clone());
        }
    }
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// An agenda printed as bullets under its heading ("Tagesordnung der öffentlichen Sitzung" /
/// "- Bekanntgaben" / "- Anfragen, Dringlichkeitsanträge"), where no item has a number: the
/// line of each bullet and its title.
fn bullet_agenda(lines: &[(usize, String)]) -> HashMap<usize, String> {
    let mut out = HashMap::new();
    let Some(start) = lines.iter().position(|(_, l)| AGENDA_HEADING.is_match(l)) else {
        return out;
    };
    for (no, l) in &lines[start + 1..] {
        match BULLET.captures(l) {
            Some(c) => {
                out.insert(*no, c[1].trim().to_owned());
            }
            None => break,
        }
    }
    // One bullet is a sentence, not an agenda.
    if out.len() < 2 {
        out.clear();
    }
    out
}

/// A title as a heading in the body repeats it: compared without case, blanks and end marks.
fn title_key(l: &str) -> String {
    l.trim()
        .trim_end_matches([':', '.'])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Adds a decision statement to an item: a restatement of the last vote (a `Beschluss:`
/// header and its tally, a result and its counts) completes it; anything else is a
/// further vote.
fn record(item: &mut Item, st: Statement, lines: Lines) {
    if let Some(last) = item.decisions.last_mut() {
        let prev = last.statement();
        if decisions::restates(&prev, &st) {
            let both = decisions::combine(&prev, &st);
            last.wording = both.wording;
            last.vote = both.vote;
            last.subject = both.subject;
            last.labelled = both.labelled;
            last.open = false;
            last.lines.extend(lines.to);
            return;
        }
    }
    item.decisions.push(Decision {
        wording: st.wording,
        subject: st.subject,
        vote: st.vote,
        lines,
        labelled: st.labelled,
        open: st.open,
    });
}

/// Of the votes of an item, the one on the item itself: the last that is not on an
/// amendment (Änderungsantrag, Ergänzungsantrag, ...).
pub fn own_vote(decisions: &[Decision]) -> Option<&Decision> {
    decisions
        .iter()
        .rev()
        .find(|d| {
            d.subject
                .as_deref()
                .is_none_or(|s| !s.to_lowercase().contains("antrag"))
        })
        .or(decisions.last())
}

/// The heading style of this document: the most specific style that occurs.
fn heading_style(lines: &[(usize, String)]) -> Option<HeadingStyle> {
    use HeadingStyle::*;
    const MARKED: [HeadingStyle; 4] = [ZuPunkt, Top, Punkt, Prefixed];
    let mut counts: HashMap<HeadingStyle, usize> = HashMap::new();
    let mut first_seen: Vec<HeadingStyle> = Vec::new();
    let mut page_title = None;
    let item_page = lines.iter().any(|(_, l)| r::item_label(l).is_some());
    for (_, l) in lines {
        let Some(h) = r::heading(l) else { continue };
        if h.page_title {
            page_title.get_or_insert(h.style);
        } else {
            *counts.entry(h.style).or_default() += 1;
            // On an item page ("TOP: Ö 10"), a lone "46. Sitzung des Stadtrates" does not
            // make the items numbered.
            let sitting = item_page && h.style == Numbered && SITTING_TITLE.is_match(&h.title);
            if !sitting && !first_seen.contains(&h.style) {
                first_seen.push(h.style);
            }
        }
    }
    let repeated = |s: &HeadingStyle| counts.get(s).is_some_and(|n| *n >= 2);
    // A marked style ("Zu Punkt", "TOP", "Ö 5") that repeats wins.
    MARKED
        .into_iter()
        .find(repeated)
        // The title of an item page: the page holds that one item (its "TOP:" / "Ö 7.7"
        // label pair is no second heading).
        .or(page_title)
        // A single marked heading before any numbered line: an extract of one item,
        // whose resolution may well be a numbered list.
        .or_else(|| first_seen.first().copied().filter(|s| MARKED.contains(s)))
        .or_else(|| [Numbered, Resolution].into_iter().find(repeated))
        // With no style repeated, the first one present (never the order of a map).
        .or_else(|| first_seen.first().copied())
}

/// The paper type a heading of sub-items names in the plural: "Beschlussvorlagen",
/// "Anträge", "Anfragen".
fn plural_paper_type(title: &str) -> Option<&'static str> {
    let t = title.trim().trim_end_matches(':').to_lowercase();
    [
        ("beschlussvorlagen", "Beschlussvorlage"),
        ("informationsvorlagen", "Informationsvorlage"),
        ("mitteilungsvorlagen", "Mitteilungsvorlage"),
        ("vorlagen", "Vorlage"),
        ("anträge", "Antrag"),
        ("anfragen", "Anfrage"),
        ("mitteilungen", "Mitteilung"),
        ("petitionen", "Petition"),
    ]
    .into_iter()
    .find(|(plural, _)| t == *plural || t.starts_with(&format!("{plural} ")))
    .map(|(_, t)| t)
}

/// Whether a heading's title names paper numbers and nothing else: "- 22-0946".
fn only_references(title: &str) -> bool {
    let references = r::paper_references(title);
    let rest = references.iter().fold(title.to_owned(), |rest, reference| {
        rest.replace(reference, "")
    });
    !references.is_empty()
        && rest
            .trim_matches(|c: char| c.is_whitespace() || "-–:,()".contains(c))
            .is_empty()
}

/// The kind of a motion, without what it asks for: "Antrag" of "Antrag auf Vertagung".
fn motion_kind(motion: &str) -> &str {
    motion.split([' ', ',', '(']).next().unwrap_or(motion)
}

/// A paper type named in running text ("die Beschlussvorlage").
fn mentioned_paper_type(l: &str) -> Option<String> {
    [
        "Beschlussvorlage",
        "Informationsvorlage",
        "Mitteilungsvorlage",
    ]
    .into_iter()
    .find(|t| l.contains(t))
    .map(str::to_owned)
}

/// Whether the item's paper mention says no more than "Vorlage" or "Drucksache" (or
/// nothing), so that a more specific one may replace it.
fn mention_is_vague(item: &Item) -> bool {
    item.mention.as_ref().is_none_or(|m| {
        m.paper_type.is_empty() || r::GENERIC_PAPER_TYPES.contains(&m.paper_type.as_str())
    })
}

fn add_papers(item: &mut Item, no: usize, l: &str) {
    // The most specific mention wins: "Vorlage" / "427/2009" / "Art" / "Beschlussvorlage".
    if let Some(found) = r::paper_mention(l)
        && mention_is_vague(item)
        && !(found.paper_type.is_empty() && item.mention.is_some())
    {
        let originator = item.mention.as_ref().and_then(|m| m.originator.clone());
        item.mention = Some(r::PaperTitle {
            originator: found.originator.clone().or(originator),
            ..found
        });
    }
    let named = r::originator_after_code(l);
    for reference in r::paper_references(l) {
        if !item.papers.iter().any(|p| p.reference == reference) {
            // "siehe Vorlage Nr. 423/2009": the word before the number is its type.
            let before = l.find(reference.as_str()).map_or("", |at| &l[..at]);
            let paper_type = r::type_before(before);
            let originator = named.clone().or_else(|| r::originator_before(before));
            item.papers.push(PaperRef {
                reference,
                paper_type,
                originator,
                name: None,
                line: no,
            });
        }
    }
}

re!(pub(super) LIST_MARK, r"^([-•*·]|[a-z]\)|\d{1,2}\))\s+");

/// Derived facts and the checks that produce warnings.
fn finish(m: &mut Minutes, chair: Option<String>, minute_taker: Option<String>) {
    for a in &mut m.attendees {
        if chair.as_deref() == Some(a.name.family_name.as_str()) && a.role == Role::Member {
            a.role = Role::Chair;
        }
        if minute_taker.as_deref() == Some(a.name.family_name.as_str()) && a.role == Role::Member {
            a.role = Role::MinuteTaker;
        }
    }
    // "6 Beschlussvorlagen" with 6.1, 6.2, ...: the papers of the sub-items are of that
    // type unless their own lines say otherwise.
    let parent_types: Vec<(String, &'static str)> = m
        .items
        .iter()
        .filter_map(|i| plural_paper_type(&i.title).map(|t| (format!("{}.", i.number), t)))
        .collect();
    for item in &mut m.items {
        if item.mention.is_none()
            && let Some((_, t)) = parent_types
                .iter()
                .find(|(p, _)| item.number.starts_with(p.as_str()))
        {
            item.mentioned_type.get_or_insert_with(|| (*t).to_owned());
        }
    }
    for item in &mut m.items {
        if let Some((wording, line)) =
            own_vote(&item.decisions).map(|d| (d.wording.clone(), d.lines.from))
        {
            item.result = Some(wording);
            item.result_line = Some(line);
        }
        // A paper the item's title or the page's own labels name without a number
        // ("Antrag der SPD-Fraktion vom 12.03.2021: Radweg", "Vorlageart: Beschlussvorlage"):
        // kept with an empty reference, for the item alone.
        if item.public && item.papers.is_empty() {
            // Only motions and questions: a "Mitteilung - ..." without a number is an
            // announcement of the administration, not a paper.
            let titled = r::paper_title(&item.title)
                .is_some_and(|p| p.paper_type.contains("ntrag") || p.paper_type.contains("nfrage"));
            let own = &item.labelled_paper;
            if titled || own.paper_type.is_some() {
                let line = item.lines.from;
                item.papers.push(PaperRef {
                    reference: String::new(),
                    paper_type: None,
                    originator: None,
                    name: None,
                    line,
                });
            }
        }
        if let Some(paper) = r::paper_title(&item.title) {
            // The first paper named under the item is the one its title describes.
            if let Some(first) = item.papers.first_mut() {
                first.paper_type = Some(paper.paper_type);
                first.originator = paper.originator;
                first.name = Some(paper.name);
            }
        } else if let Some(first) = item.papers.first_mut() {
            let mention = item.mention.as_ref();
            let mentioned = mention
                .map(|m| m.paper_type.clone())
                .filter(|t| !t.is_empty())
                .or_else(|| item.mentioned_type.clone());
            // The word the text puts before the number wins over one elsewhere in the item.
            first.paper_type = first.paper_type.take().or(mentioned);
            first.originator = first
                .originator
                .take()
                .or_else(|| mention.and_then(|m| m.originator.clone()));
            first.name = Some(item.title.clone()).filter(|t| !t.is_empty());
        }
        if let Some(first) = item.papers.first_mut() {
            let own = &item.labelled_paper;
            first.paper_type = own.paper_type.clone().or(first.paper_type.take());
            first.originator = own.originator.clone().or(first.originator.take());
        }
        // An item that names no numbered paper: the motions its lines open with.
        if item.public && item.papers.iter().all(|p| p.reference.is_empty()) {
            for motion in std::mem::take(&mut item.text_motions) {
                let known = item.papers.iter().any(|p| {
                    p.paper_type == motion.paper_type && p.originator == motion.originator
                });
                if !known {
                    item.papers.push(motion);
                }
            }
        }
        if !item.public {
            // Nothing of a non-public item is kept but its number.
            item.title = String::new();
            item.result = None;
            item.resolution_text = None;
            item.texts.clear();
            item.papers.clear();
            item.decisions.clear();
        }
    }
    // One item without an attendance list: an extract of the minutes.
    if m.attendees.is_empty() && m.items.len() == 1 {
        m.kind = Kind::Extract;
    }
    // An extract of one item has no attendance list and no times of its own.
    let whole = m.kind == Kind::Minutes;
    if m.attendees.is_empty() && whole {
        m.warnings.push(Warning {
            line: 1,
            message: "no attendance list found".to_owned(),
        });
    }
    if m.items.is_empty() {
        m.warnings.push(Warning {
            line: 1,
            message: "no agenda items found".to_owned(),
        });
    }
    if m.start.is_none() && whole {
        m.warnings.push(Warning {
            line: 1,
            message: "no start time (\"Beginn\") found".to_owned(),
        });
    }
    for item in &m.items {
        if item.title.is_empty() && item.public {
            m.warnings.push(Warning {
                line: item.lines.from,
                message: format!("agenda item {} has no title", item.number),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, String)> {
        text.lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.to_owned()))
            .collect()
    }

    #[test]
    fn titles_above_their_paragraphs_are_items() {
        let text = "Aus der öffentlichen Gemeinderatssitzung vom 05.11.2020\n\
            Mitteilungen der Verwaltung\n\
            Der Bürgermeister stellte die neue Praktikantin vor.\n\
            Wunsch\n\
            war es, dass alle Fraktionen vertreten seien.\n\
            Kalkulation des Wärmepreises\n\
            Der Gemeinderat fasste den einstimmigen Beschluss, den Preis zu senken.\n";
        let found = paragraph_headings(&lines(text));
        let mut titles: Vec<&String> = found.values().collect();
        titles.sort();
        assert_eq!(
            titles,
            [
                "Kalkulation des Wärmepreises",
                "Mitteilungen der Verwaltung"
            ]
        );
        // One title alone is the page of one item.
        let one = "Sachverhalt\nDer Antrag liegt vor.\nNeubau Kita\nDie Kosten sind gestiegen.\n";
        assert!(paragraph_headings(&lines(one)).is_empty());
    }
}
