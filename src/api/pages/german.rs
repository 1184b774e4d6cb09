//! German display text: dates as a German reader writes them, and the labels of the
//! machine values (outcomes, methods, positions) that the API serves in English.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

const MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

const WEEKDAYS: [&str; 7] = [
    "Montag",
    "Dienstag",
    "Mittwoch",
    "Donnerstag",
    "Freitag",
    "Samstag",
    "Sonntag",
];

/// The calendar day of an OParl date or date-time (`2021-05-04`, `2021-05-04T17:00:00+02:00`).
fn day_of(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()
}

/// A date-time in the offset it was written with: minutes give local council time.
fn datetime_of(value: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(value).ok()
}

/// `4. Mai 2021`; the input unchanged when it is not a date.
pub fn date(value: &str) -> String {
    match day_of(value) {
        Some(d) => format!("{}. {} {}", d.day(), MONTHS[d.month0() as usize], d.year()),
        None => value.to_owned(),
    }
}

/// `04.05.2021`, for tables.
pub fn short_date(value: &str) -> String {
    match day_of(value) {
        Some(d) => d.format("%d.%m.%Y").to_string(),
        None => value.to_owned(),
    }
}

/// `Dienstag, 4. Mai 2021, 17:00 Uhr` (the time only where the value has one).
pub fn date_time(value: &str) -> String {
    let Some(d) = day_of(value) else {
        return value.to_owned();
    };
    let weekday = WEEKDAYS[d.weekday().num_days_from_monday() as usize];
    match datetime_of(value) {
        Some(t) => format!("{weekday}, {}, {} Uhr", date(value), t.format("%H:%M")),
        None => format!("{weekday}, {}", date(value)),
    }
}

/// `17:00 Uhr`, or nothing without a time.
pub fn time(value: &str) -> Option<String> {
    datetime_of(value).map(|t| format!("{} Uhr", t.format("%H:%M")))
}

pub fn outcome(value: &str) -> &'static str {
    match value {
        "adopted" => "beschlossen",
        "adopted_amended" => "geändert beschlossen",
        "rejected" => "abgelehnt",
        "withdrawn" => "zurückgezogen",
        "noted" => "zur Kenntnis genommen",
        "postponed" => "vertagt",
        "referred" => "verwiesen",
        "first_reading" => "erste Lesung",
        "elected" => "gewählt",
        "no_vote" => "ohne Abstimmung",
        _ => "unbekannt",
    }
}

pub fn method(value: &str) -> &'static str {
    match value {
        "unanimous" => "einstimmig",
        "show_of_hands" => "per Handzeichen",
        "counted" => "ausgezählt",
        "roll_call" => "namentlich",
        "secret" => "geheim",
        "none" => "ohne Abstimmung",
        _ => "unbekannt",
    }
}

/// A vote or a faction position.
pub fn position(value: &str) -> &'static str {
    match value {
        "yes" => "Ja",
        "no" => "Nein",
        "abstain" => "Enthaltung",
        "split" => "geteilt",
        "absent" => "abwesend",
        _ => "unbekannt",
    }
}

/// How a faction position is known.
pub fn basis(value: &str) -> &'static str {
    match value {
        "stated" => "im Protokoll genannt",
        "unanimous" => "aus einstimmigem Beschluss",
        "implied" => "erschlossen",
        _ => "unbekannt",
    }
}

/// The search result kinds (their served type names) as a reader names them.
pub fn kind(name: &str) -> &'static str {
    match name {
        "Paper" => "Drucksache",
        "AgendaItem" => "Tagesordnungspunkt",
        "Meeting" => "Sitzung",
        "Person" => "Person",
        "Organization" => "Gremium",
        "VoteEvent" => "Abstimmung",
        _ => "Eintrag",
    }
}

/// `1.234` with German digit grouping.
pub fn count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_german_text() {
        assert_eq!(date("2021-05-04"), "4. Mai 2021");
        assert_eq!(short_date("2021-05-04T17:00:00+02:00"), "04.05.2021");
        assert_eq!(
            date_time("2021-05-04T17:00:00+02:00"),
            "Dienstag, 4. Mai 2021, 17:00 Uhr"
        );
        assert_eq!(date_time("2021-03-01"), "Montag, 1. März 2021");
        assert_eq!(date("demnächst"), "demnächst");
        assert_eq!(time("2021-05-04"), None);
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1.000");
        assert_eq!(count(1_234_567), "1.234.567");
        assert_eq!(count(-4200), "-4.200");
    }
}
