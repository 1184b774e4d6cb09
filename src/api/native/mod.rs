//! The native face, `/api/v1/...`: votes, motions and statistics, beyond OParl. JSON by
//! default, CSV with `Accept: text/csv` or `?format=csv` (header row, stable columns).

pub mod motions;
pub mod search;
pub mod sources;
pub mod stats;
pub mod votes;

use std::collections::HashMap;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::error::ApiError;

/// Page size of native lists when none is asked for, and the largest served.
pub const DEFAULT_LIMIT: i64 = 100;
pub const MAX_LIMIT: i64 = 1000;

/// Links of a native list page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PageLinks {
    #[serde(rename = "self")]
    pub self_: String,
    /// Absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// A page of a native list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ListPage<T> {
    pub data: Vec<T>,
    pub links: PageLinks,
}

/// A list page as JSON, or as CSV with `columns` and one `row` per entry.
pub fn list_response<T: Serialize>(
    csv: bool,
    data: Vec<T>,
    columns: &[&str],
    row: impl Fn(&T) -> Vec<String>,
    self_: String,
    next: Option<String>,
) -> HttpResponse {
    if csv {
        let rows: Vec<Vec<String>> = data.iter().map(row).collect();
        return csv_response(columns, &rows, next.as_deref());
    }
    crate::api::oparl::json_response(
        &ListPage {
            data,
            links: PageLinks { self_, next },
        },
        None,
    )
}

/// 404 for an unknown id of the native API.
pub fn not_found(noun: &str, raw: &str) -> ApiError {
    ApiError::not_found(
        format!("There is no {noun} with id {raw}."),
        format!("{noun} {raw:?}"),
    )
}

/// Query parameters, parsed once; every accessor answers a clear 400 for bad values.
pub struct Query {
    pairs: HashMap<String, String>,
    raw: Vec<(String, String)>,
}

impl Query {
    pub fn parse(req: &HttpRequest) -> Result<Query, ApiError> {
        let raw: Vec<(String, String)> =
            serde_urlencoded::from_str(req.query_string()).map_err(|e| {
                ApiError::bad_request("The query string could not be decoded.", e.to_string())
            })?;
        let mut pairs = HashMap::new();
        for (k, v) in &raw {
            if pairs.insert(k.clone(), v.clone()).is_some() {
                return Err(ApiError::bad_request(
                    format!("The parameter {k} is given more than once."),
                    format!("{k}={v}"),
                ));
            }
        }
        Ok(Query { pairs, raw })
    }

    /// Whether the parameter was given at all, even empty.
    pub fn has(&self, name: &str) -> bool {
        self.pairs.contains_key(name)
    }

    pub fn text(&self, name: &str) -> Option<&str> {
        self.pairs
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    /// An object id, given as a number or as its URL (`.../organizations/12`).
    pub fn id(&self, name: &str) -> Result<Option<i64>, ApiError> {
        let Some(value) = self.text(name) else {
            return Ok(None);
        };
        let last = value
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(value);
        crate::api::oparl::parse_id(last).map(Some).ok_or_else(|| {
            ApiError::bad_request(
                format!("{name} must be an object id or its URL."),
                format!("{name}={value}"),
            )
        })
    }

    /// A date `yyyy-mm-dd`.
    pub fn date(&self, name: &str) -> Result<Option<String>, ApiError> {
        let Some(value) = self.text(name) else {
            return Ok(None);
        };
        crate::oparl::time::parse_date(value)
            .map(|d| Some(d.to_string()))
            .ok_or_else(|| {
                ApiError::bad_request(
                    format!("{name} must be a date like 2021-05-04."),
                    format!("{name}={value}"),
                )
            })
    }

    /// One of a fixed set of values.
    pub fn one_of(&self, name: &str, allowed: &[&str]) -> Result<Option<String>, ApiError> {
        let Some(value) = self.text(name) else {
            return Ok(None);
        };
        if allowed.contains(&value) {
            Ok(Some(value.to_owned()))
        } else {
            Err(ApiError::bad_request(
                format!("{name} must be one of: {}.", allowed.join(", ")),
                format!("{name}={value}"),
            ))
        }
    }

    pub fn limit(&self) -> Result<i64, ApiError> {
        self.limit_within(DEFAULT_LIMIT, MAX_LIMIT, true)
    }

    /// `limit` from 1 to `max` (`default` when absent); larger values are capped when
    /// `cap`, else refused.
    pub fn limit_within(&self, default: i64, max: i64, cap: bool) -> Result<i64, ApiError> {
        let Some(v) = self.text("limit") else {
            return Ok(default);
        };
        v.parse::<i64>()
            .ok()
            .filter(|n| *n >= 1 && (cap || *n <= max))
            .map(|n| n.min(max))
            .ok_or_else(|| {
                ApiError::bad_request(
                    format!("limit must be a whole number from 1 to {max}."),
                    format!("limit={v}"),
                )
            })
    }

    pub fn after(&self) -> Result<Option<i64>, ApiError> {
        match self.text("after") {
            None => Ok(None),
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| *n >= 0)
                .map(Some)
                .ok_or_else(|| {
                    ApiError::bad_request(
                        "after must be an id taken from links.next.",
                        format!("after={v}"),
                    )
                }),
        }
    }

    /// The `next` link of a page whose last row has id `last`, if there are more.
    pub fn next(&self, base: &str, has_next: bool, last: Option<i64>) -> Option<String> {
        last.filter(|_| has_next)
            .map(|id| self.link(base, Some(id)))
    }

    /// Rejects parameters not in `known` (a misspelt filter must not silently widen
    /// the answer).
    pub fn only(&self, known: &[&str]) -> Result<(), ApiError> {
        match self.raw.iter().find(|(k, _)| !known.contains(&k.as_str())) {
            None => Ok(()),
            Some((k, v)) => Err(ApiError::bad_request(
                format!("Unknown parameter {k}; known are: {}.", known.join(", ")),
                format!("{k}={v}"),
            )),
        }
    }

    /// The URL with the same parameters, `name` set to `value` (left out when empty).
    pub fn link_with(&self, base: &str, name: &str, value: &str) -> String {
        self.link_setting(base, &[(name, value)])
    }

    /// The URL with the same parameters, each named one set to its value (left out when
    /// empty).
    pub fn link_setting(&self, base: &str, set: &[(&str, &str)]) -> String {
        let mut pairs: Vec<(String, String)> = self
            .raw
            .iter()
            .filter(|(k, _)| !set.iter().any(|(name, _)| k == name))
            .cloned()
            .collect();
        for (name, value) in set.iter().filter(|(_, v)| !v.is_empty()) {
            pairs.push(((*name).to_owned(), (*value).to_owned()));
        }
        if pairs.is_empty() {
            return base.to_owned();
        }
        format!(
            "{base}?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    }

    /// The URL of the next page: the same parameters, `after` replaced.
    pub fn link(&self, base: &str, after: Option<i64>) -> String {
        let after = after.map(|a| a.to_string()).unwrap_or_default();
        self.link_with(base, "after", &after)
    }
}

/// Whether the client asked for CSV.
pub fn wants_csv(req: &HttpRequest, query: &Query) -> Result<bool, ApiError> {
    if let Some(format) = query.one_of("format", &["json", "csv"])? {
        return Ok(format == "csv");
    }
    Ok(req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/csv")))
}

/// One CSV field, quoted when needed (RFC 4180).
pub fn csv_field(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// A CSV response with a header row; `next` becomes a `Link: <...>; rel="next"` header.
pub fn csv_response(header: &[&str], rows: &[Vec<String>], next: Option<&str>) -> HttpResponse {
    let mut out = String::new();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in rows {
        out.push_str(
            &row.iter()
                .map(|v| csv_field(v))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    let mut response = HttpResponse::Ok();
    response.insert_header((
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    ));
    if let Some(next) =
        next.and_then(|n| HeaderValue::from_str(&format!("<{n}>; rel=\"next\"")).ok())
    {
        response.insert_header((header::LINK, next));
    }
    response.body(out)
}

/// An optional number as a CSV field (empty when unknown).
pub fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(votes::list)
        .service(votes::one)
        .service(votes::person_votes)
        .service(motions::list)
        .service(motions::one)
        .service(stats::faction_agreement)
        .service(stats::motion_stats)
        .service(search::search)
        .service(sources::list);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
