//! The query parameters of OParl lists: parsed strictly enough to reject garbage with a
//! 400, leniently enough for real clients, and rendered back canonically into links.

use utoipa::IntoParams;

use crate::api::error::ApiError;
use crate::oparl::time::{format_datetime, parse_datetime};
use crate::store::read::{Cursor, ListFilter};

/// Page size when the client asks for none.
pub const DEFAULT_LIMIT: i64 = 100;
/// Largest page served; larger `limit` values are capped to it.
pub const MAX_LIMIT: i64 = 1000;

/// The documented query parameters of every list (parsed by [`ListParams::parse`]).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ListQuery {
    /// Only objects created at or after this date-time (`yyyy-mm-ddThh:mm:ss+hh:mm`;
    /// `Z` and fractional seconds are accepted too). Inclusive.
    #[param(example = "2021-01-01T00:00:00+01:00")]
    created_since: Option<String>,
    /// Only objects created at or before this date-time. Inclusive.
    created_until: Option<String>,
    /// Only objects modified at or after this date-time. Inclusive. Also switches on
    /// deleted objects (tombstones with `deleted: true`) for incremental sync.
    #[param(example = "2021-05-01T00:00:00+02:00")]
    modified_since: Option<String>,
    /// Only objects modified at or before this date-time. Inclusive.
    modified_until: Option<String>,
    /// `true` leaves out the internal arrays (Meeting.agendaItem, Person.membership,
    /// Body.legislativeTerm, the auxiliaryFile arrays and Paper.location).
    omit_internal: Option<bool>,
    /// Page size, 1 to 1000 (default 100); larger values are capped at 1000.
    #[param(minimum = 1, example = 100)]
    limit: Option<i64>,
    /// Cursor: the page after this object id (taken from `links.next`).
    after: Option<i64>,
    /// Cursor: the page before this object id (taken from `links.prev`).
    before: Option<i64>,
    /// `csv` for CSV (one row per object; same as `Accept: text/csv`), `json` (default).
    /// The CSV columns are described as CSVW metadata at `<list>.csv-metadata.json`:
    /// the object's URL (`id`), its scalar properties as in JSON, references as URLs,
    /// arrays joined with ` | `, then `created`, `modified`, `deleted` and
    /// `ratsinfo:originalId`.
    format: Option<String>,
    /// With CSV, `true` streams the whole list in one response instead of a page.
    all: Option<bool>,
}

/// One filter as given, kept for the canonical links.
#[derive(Debug, Clone, PartialEq)]
struct Bound {
    name: &'static str,
    canonical: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ListParams {
    pub filter: ListFilter,
    pub omit_internal: bool,
    pub limit: i64,
    /// Whether `limit` was given (then it is carried into links).
    explicit_limit: bool,
    pub cursor: Cursor,
    bounds: Vec<Bound>,
    /// CSV asked for with `format=csv` (an `Accept` header is the caller's to add).
    pub csv: bool,
    /// `format` was given (it wins over `Accept`).
    pub explicit_format: bool,
    /// The whole list in one CSV response.
    pub all: bool,
}

const FILTERS: [&str; 4] = [
    "created_since",
    "created_until",
    "modified_since",
    "modified_until",
];

impl ListParams {
    /// Parses a raw query string. Unknown parameters are ignored; a repeated or
    /// malformed known one is a 400.
    pub fn parse(query: &str) -> Result<ListParams, ApiError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).map_err(|e| {
            ApiError::bad_request("The query string could not be decoded.", e.to_string())
        })?;
        let mut params = ListParams {
            filter: ListFilter::default(),
            omit_internal: false,
            limit: DEFAULT_LIMIT,
            explicit_limit: false,
            cursor: Cursor::Start,
            bounds: Vec::new(),
            csv: false,
            explicit_format: false,
            all: false,
        };
        let mut seen: Vec<String> = Vec::new();
        for (key, value) in pairs {
            let known = FILTERS.contains(&key.as_str())
                || ["omit_internal", "limit", "after", "before", "format", "all"]
                    .contains(&key.as_str());
            if !known {
                continue;
            }
            if seen.contains(&key) {
                return Err(ApiError::bad_request(
                    format!("The parameter {key} is given more than once."),
                    format!("{key}={value}"),
                ));
            }
            seen.push(key.clone());
            match key.as_str() {
                "format" => {
                    params.explicit_format = true;
                    params.csv = match value.as_str() {
                        "csv" => true,
                        "json" => false,
                        _ => {
                            return Err(ApiError::bad_request(
                                "format must be json or csv.",
                                format!("format={value}"),
                            ));
                        }
                    }
                }
                "all" => {
                    params.all = match value.as_str() {
                        "true" => true,
                        "false" => false,
                        _ => {
                            return Err(ApiError::bad_request(
                                "all must be true or false.",
                                format!("all={value}"),
                            ));
                        }
                    }
                }
                "omit_internal" => {
                    params.omit_internal = match value.as_str() {
                        "true" => true,
                        "false" => false,
                        _ => {
                            return Err(ApiError::bad_request(
                                "omit_internal must be true or false.",
                                format!("omit_internal={value}"),
                            ));
                        }
                    }
                }
                "limit" => {
                    let n = value
                        .trim()
                        .parse::<i64>()
                        .ok()
                        .filter(|n| *n >= 1)
                        .ok_or_else(|| {
                            ApiError::bad_request(
                                format!("limit must be a whole number from 1 to {MAX_LIMIT}."),
                                format!("limit={value}"),
                            )
                        })?;
                    params.limit = n.min(MAX_LIMIT);
                    params.explicit_limit = true;
                }
                "after" | "before" => {
                    let id = value
                        .parse::<i64>()
                        .ok()
                        .filter(|n| *n >= 0)
                        .ok_or_else(|| {
                            ApiError::bad_request(
                                format!("{key} must be an object id taken from a list link."),
                                format!("{key}={value}"),
                            )
                        })?;
                    if params.cursor != Cursor::Start {
                        return Err(ApiError::bad_request(
                            "Only one of after and before can be given.",
                            query.to_owned(),
                        ));
                    }
                    params.cursor = if key == "after" {
                        Cursor::After(id)
                    } else {
                        Cursor::Before(id)
                    };
                }
                name => {
                    let Some(dt) = parse_datetime(&value) else {
                        return Err(ApiError::bad_request(
                            format!(
                                "{name} must be a date-time like 2014-01-01T00:00:00+01:00 (URL-encoded)."
                            ),
                            format!("{name}={value}"),
                        ));
                    };
                    let micros = dt.timestamp_micros();
                    // Bounds are inclusive at the second shown in OParl's output: an
                    // `until` covers the whole second, since stored times are finer.
                    let name = FILTERS
                        .into_iter()
                        .find(|f| *f == name)
                        .unwrap_or("created_since");
                    match name {
                        "created_since" => params.filter.created_since = Some(micros),
                        "created_until" => params.filter.created_until = Some(until(micros)),
                        "modified_since" => params.filter.modified_since = Some(micros),
                        _ => params.filter.modified_until = Some(until(micros)),
                    }
                    params.bounds.push(Bound {
                        name,
                        canonical: format_datetime(&dt),
                    });
                }
            }
        }
        params
            .bounds
            .sort_by_key(|b| FILTERS.iter().position(|f| *f == b.name));
        Ok(params)
    }

    /// The canonical URL of `list_url` with these parameters and `cursor`:
    /// filters first, then omit_internal, limit and the cursor, always in that order.
    pub fn link(&self, list_url: &str, cursor: Cursor) -> String {
        let mut pairs: Vec<(&str, String)> = self
            .bounds
            .iter()
            .map(|b| (b.name, b.canonical.clone()))
            .collect();
        if self.omit_internal {
            pairs.push(("omit_internal", "true".to_owned()));
        }
        if self.explicit_limit {
            pairs.push(("limit", self.limit.to_string()));
        }
        match cursor {
            Cursor::Start => {}
            Cursor::After(id) => pairs.push(("after", id.to_string())),
            Cursor::Before(id) => pairs.push(("before", id.to_string())),
        }
        if self.csv {
            pairs.push(("format", "csv".to_owned()));
        }
        if pairs.is_empty() {
            return list_url.to_owned();
        }
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        format!("{list_url}?{query}")
    }
}

/// The last microsecond of the second `micros` falls in.
fn until(micros: i64) -> i64 {
    micros - micros.rem_euclid(1_000_000) + 999_999
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_without_parameters() {
        let p = ListParams::parse("").expect("empty query is valid");
        assert_eq!(p.limit, DEFAULT_LIMIT);
        assert_eq!(p.cursor, Cursor::Start);
        assert_eq!(p.link("http://x/l", Cursor::Start), "http://x/l");
    }

    #[test]
    fn links_carry_filters_canonically_encoded_in_fixed_order() {
        let p = ListParams::parse(
            "limit=5&modified_since=2014-01-01T00:00:00Z&omit_internal=true&created_since=2013-01-01T00%3A00%3A00%2B01%3A00",
        )
        .expect("valid");
        assert_eq!(
            p.link("http://x/l", Cursor::After(7)),
            "http://x/l?created_since=2013-01-01T00%3A00%3A00%2B01%3A00\
             &modified_since=2014-01-01T00%3A00%3A00%2B00%3A00&omit_internal=true&limit=5&after=7"
        );
    }

    #[test]
    fn accepts_a_plus_that_arrived_as_space() {
        let p = ListParams::parse("modified_since=2014-01-01T00:00:00+01:00").expect("valid");
        assert!(p.filter.modified_since.is_some());
    }

    #[test]
    fn rejects_malformed_values() {
        for q in [
            "limit=0",
            "limit=abc",
            "limit=-3",
            "modified_since=yesterday",
            "created_until=2014-13-01T00:00:00Z",
            "omit_internal=yes",
            "after=x",
            "after=1&before=2",
            "limit=1&limit=2",
        ] {
            assert!(ListParams::parse(q).is_err(), "{q} should be rejected");
        }
    }

    #[test]
    fn caps_large_limits() {
        assert_eq!(
            ListParams::parse("limit=100000").map(|p| p.limit).ok(),
            Some(MAX_LIMIT)
        );
    }

    #[test]
    fn until_covers_the_whole_second() {
        assert_eq!(until(5_000_000), 5_999_999);
        assert_eq!(until(5_123_456), 5_999_999);
    }
}
