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

/// Accepts `yyyy-mm-dd` and, leniently, a date-time whose date part is taken.
pub fn normalize_date(input: &str) -> Option<String> {
    let s = input.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
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
