//! iCalendar (RFC 5545) of meetings: times in Europe/Berlin with its VTIMEZONE, stable
//! UIDs (the meeting's OParl URL), cancelled meetings as `STATUS:CANCELLED`.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc, Weekday};

use crate::oparl::time::parse_datetime;

/// German civil time as a calendar client needs it to place recurring offsets.
const BERLIN: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n\
DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n\
DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// A TEXT value: backslash, comma, semicolon and line breaks escaped.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets without splitting a character.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// A time in Berlin's local form (`20210504T170000`), from any offset it was written in.
/// Summer time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
/// Sunday of October (the EU rule), so the instant alone decides the offset.
fn local(dt: &DateTime<FixedOffset>) -> String {
    let utc = dt.with_timezone(&Utc).naive_utc();
    let switch = |month: u32| {
        let mut d = NaiveDate::from_ymd_opt(utc.year(), month, 31).unwrap_or(utc.date());
        while d.weekday() != Weekday::Sun {
            d = d.pred_opt().unwrap_or(d);
        }
        d.and_hms_opt(1, 0, 0).unwrap_or_default()
    };
    let summer = utc >= switch(3) && utc < switch(10);
    let local = utc + chrono::Duration::hours(if summer { 2 } else { 1 });
    local.format("%Y%m%dT%H%M%S").to_string()
}

fn utc(micros: i64) -> String {
    DateTime::<Utc>::from_timestamp_micros(micros)
        .unwrap_or_default()
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

pub struct Event {
    pub uid: String,
    pub summary: String,
    pub start: String,
    pub end: Option<String>,
    pub location: Option<String>,
    pub url: Option<String>,
    pub description: Option<String>,
    pub cancelled: bool,
    pub created: i64,
    pub modified: i64,
}

pub fn calendar(name: &str, events: &[Event]) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//ratsinfo//Sitzungskalender//DE");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, &format!("X-WR-CALNAME:{}", text(name)));
    line(&mut out, "X-WR-TIMEZONE:Europe/Berlin");
    out.push_str(BERLIN);
    for e in events {
        let Some(start) = parse_datetime(&e.start) else {
            continue;
        };
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", e.uid));
        line(&mut out, &format!("DTSTAMP:{}", utc(e.modified)));
        line(&mut out, &format!("CREATED:{}", utc(e.created)));
        line(&mut out, &format!("LAST-MODIFIED:{}", utc(e.modified)));
        line(
            &mut out,
            &format!("DTSTART;TZID=Europe/Berlin:{}", local(&start)),
        );
        match e
            .end
            .as_deref()
            .and_then(parse_datetime)
            .filter(|end| *end > start)
        {
            Some(end) => line(
                &mut out,
                &format!("DTEND;TZID=Europe/Berlin:{}", local(&end)),
            ),
            // Without an end, a meeting is shown as two hours long.
            None => line(&mut out, "DURATION:PT2H"),
        }
        line(&mut out, &format!("SUMMARY:{}", text(&e.summary)));
        if let Some(l) = &e.location {
            line(&mut out, &format!("LOCATION:{}", text(l)));
        }
        if let Some(d) = &e.description {
            line(&mut out, &format!("DESCRIPTION:{}", text(d)));
        }
        if let Some(u) = &e.url {
            line(&mut out, &format!("URL:{u}"));
        }
        line(
            &mut out,
            if e.cancelled {
                "STATUS:CANCELLED"
            } else {
                "STATUS:CONFIRMED"
            },
        );
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_become_berlin_local_time_whatever_offset_they_came_in() {
        let at = |s: &str| local(&parse_datetime(s).expect("a time"));
        assert_eq!(at("2021-05-04T17:00:00+02:00"), "20210504T170000");
        assert_eq!(at("2021-05-04T15:00:00+00:00"), "20210504T170000");
        assert_eq!(at("2021-01-12T18:00:00Z"), "20210112T190000");
        // The night the clocks go back: 00:30 UTC is still summer time, 01:30 is not.
        assert_eq!(at("2021-10-31T00:30:00Z"), "20211031T023000");
        assert_eq!(at("2021-10-31T01:30:00Z"), "20211031T023000");
        assert_eq!(at("2021-10-31T02:30:00Z"), "20211031T033000");
        assert_eq!(at("2021-03-28T01:30:00Z"), "20210328T033000");
    }

    #[test]
    fn lines_are_escaped_and_folded_at_75_octets() {
        let mut out = String::new();
        line(
            &mut out,
            &format!("SUMMARY:{}", text(&"Sitzung; Rat, Ausschuß\n".repeat(5))),
        );
        for l in out.split("\r\n") {
            assert!(l.len() <= 75, "{l:?}");
        }
        let unfolded = out.replace("\r\n ", "");
        assert!(unfolded.starts_with("SUMMARY:Sitzung\\; Rat\\, Ausschuß\\nSitzung"));
    }
}
