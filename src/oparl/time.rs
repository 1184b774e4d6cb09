//! OParl's strict date and date-time forms, and the lenient parsing of what clients
//! and foreign servers actually send.
//!
//! Stored timestamps (`created`, `modified`) are microseconds since the epoch in UTC.

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, TimeZone, Utc};

/// Microseconds since the Unix epoch, UTC.
pub type Micros = i64;

pub fn now() -> Micros {
    Utc::now().timestamp_micros()
}

/// Renders a stored timestamp as `yyyy-mm-ddThh:mm:ss+00:00` (seconds precision).
pub fn format_micros(us: Micros) -> String {
    match Utc.timestamp_micros(us).single() {
        Some(dt) => dt.format("%Y-%m-%dT%H:%M:%S+00:00").to_string(),
        None => "1970-01-01T00:00:00+00:00".to_owned(),
    }
}

/// Parses a date-time leniently: the OParl form, RFC 3339 with `Z` or fractional
/// seconds, and a `+` offset that arrived as a space after URL decoding.
pub fn parse_datetime(input: &str) -> Option<DateTime<FixedOffset>> {
    let s = input.trim_start();
    // "2014-01-01T00:00:00 01:00": a '+' decoded to a space by a client that did not encode it.
    let repaired;
    let s = if s.len() >= 25 && s.as_bytes().get(s.len() - 6) == Some(&b' ') {
        repaired = format!("{}+{}", &s[..s.len() - 6], &s[s.len() - 5..]);
        repaired.as_str()
    } else {
        s.trim_end()
    };
    DateTime::parse_from_rfc3339(s).ok()
}

/// A lenient date-time as stored microseconds.
pub fn parse_micros(input: &str) -> Option<Micros> {
    parse_datetime(input).map(|dt| dt.timestamp_micros())
}

/// Re-renders a date-time in OParl's strict form, keeping its offset and dropping
/// fractional seconds (`Z` becomes `+00:00`).
pub fn normalize_datetime(input: &str) -> Option<String> {
    parse_datetime(input).map(|dt| format_datetime(&dt))
}

pub fn format_datetime(dt: &DateTime<FixedOffset>) -> String {
    let s = dt.to_rfc3339_opts(SecondsFormat::Secs, false);
    // chrono renders a zero offset as "+00:00" with use_z = false.
    s
}

/// A calendar date written `yyyy-mm-dd`, strictly (for options and form fields).
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(input, "%Y-%m-%d").ok()
}

/// Accepts `yyyy-mm-dd` and, leniently, a date-time whose date part is taken.
pub fn normalize_date(input: &str) -> Option<String> {
    let s = input.trim();
    if let Some(d) = parse_date(s) {
        return Some(d.format("%Y-%m-%d").to_string());
    }
    parse_datetime(s).map(|dt| dt.date_naive().format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_numeric_offset_and_no_fraction() {
        assert_eq!(
            format_micros(1_620_140_400_123_456),
            "2021-05-04T15:00:00+00:00"
        );
    }

    #[test]
    fn parses_lenient_forms_to_the_same_instant() {
        let strict = parse_micros("2014-01-01T00:00:00+01:00");
        assert!(strict.is_some());
        assert_eq!(parse_micros("2013-12-31T23:00:00Z"), strict);
        assert_eq!(parse_micros("2014-01-01T00:00:00 01:00"), strict);
        assert_eq!(
            parse_micros("2013-12-31T23:00:00.250Z").map(|v| v - 250_000),
            strict
        );
        assert_eq!(parse_micros("2014-01-01"), None);
        assert_eq!(parse_micros("yesterday"), None);
    }

    #[test]
    fn normalizes_keeping_the_offset() {
        assert_eq!(
            normalize_datetime("2021-05-04T17:00:00.5+02:00").as_deref(),
            Some("2021-05-04T17:00:00+02:00")
        );
        assert_eq!(
            normalize_datetime("2021-05-04T15:00:00Z").as_deref(),
            Some("2021-05-04T15:00:00+00:00")
        );
        assert_eq!(normalize_date("2021-05-04").as_deref(), Some("2021-05-04"));
        assert_eq!(normalize_date("2021-13-04"), None);
    }
}

/// The offset of German civil time (Europe/Berlin) at a local date and time: CEST
/// (+02:00) from the last Sunday of March, 02:00, to the last Sunday of October, 03:00,
/// CET (+01:00) otherwise. This is the EU rule in force since 1996; minutes older than
/// that are rare enough to accept the error of up to an hour.
pub fn berlin(date: chrono::NaiveDate, time: chrono::NaiveTime) -> DateTime<FixedOffset> {
    use chrono::{Datelike, NaiveTime, Weekday};
    let last_sunday = |month: u32| {
        let mut d = chrono::NaiveDate::from_ymd_opt(date.year(), month, 31).unwrap_or(date);
        while d.weekday() != Weekday::Sun {
            d = d.pred_opt().unwrap_or(d);
        }
        d
    };
    let (spring, autumn) = (last_sunday(3), last_sunday(10));
    let two = NaiveTime::from_hms_opt(2, 0, 0).unwrap_or_default();
    let three = NaiveTime::from_hms_opt(3, 0, 0).unwrap_or_default();
    let summer = (date > spring && date < autumn)
        || (date == spring && time >= two)
        || (date == autumn && time < three);
    let Some(offset) = FixedOffset::east_opt(if summer { 7200 } else { 3600 }) else {
        return Utc.from_utc_datetime(&date.and_time(time)).fixed_offset();
    };
    match date.and_time(time).and_local_timezone(offset).single() {
        Some(dt) => dt,
        None => Utc.from_utc_datetime(&date.and_time(time)).fixed_offset(),
    }
}

#[cfg(test)]
mod berlin_tests {
    use super::*;
    use chrono::{NaiveDate, NaiveTime};

    fn at(y: i32, m: u32, d: u32, h: u32) -> String {
        let date = NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        format_datetime(&berlin(
            date,
            NaiveTime::from_hms_opt(h, 0, 0).unwrap_or_default(),
        ))
    }

    #[test]
    fn summer_and_winter_time() {
        assert_eq!(at(2021, 5, 4, 17), "2021-05-04T17:00:00+02:00");
        assert_eq!(at(2021, 1, 12, 18), "2021-01-12T18:00:00+01:00");
        // 2021: summer time from 28 March to 31 October.
        assert_eq!(at(2021, 3, 28, 1), "2021-03-28T01:00:00+01:00");
        assert_eq!(at(2021, 3, 28, 10), "2021-03-28T10:00:00+02:00");
        assert_eq!(at(2021, 10, 31, 2), "2021-10-31T02:00:00+02:00");
        assert_eq!(at(2021, 10, 31, 18), "2021-10-31T18:00:00+01:00");
    }
}
