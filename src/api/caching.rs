//! Conditional GET for every successful GET/HEAD but streamed ones (a whole list as
//! CSV, which is never held in memory): a strong ETag from the bytes sent
//! (after compression, so each encoding has its own), `Cache-Control`, and 304 answers
//! to `If-None-Match` or, without it, `If-Modified-Since`. Handlers set `Last-Modified`
//! where they know it (objects: their `modified`; lists: the last change in the list).

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// Data changes at most a few times a day; clients may reuse a response for five
/// minutes and must revalidate (cheaply, with the ETag) after that.
const CACHE_CONTROL: &str = "public, max-age=300";

/// An HTTP date for `Last-Modified` from stored microseconds; whole seconds, as HTTP has.
pub fn http_date(micros: i64) -> Option<HeaderValue> {
    let dt = DateTime::<Utc>::from_timestamp_micros(micros)?;
    HeaderValue::from_str(&dt.format("%a, %d %b %Y %H:%M:%S GMT").to_string()).ok()
}

fn parse_http_date(value: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(value)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

fn etag_matches(header_value: &str, etag: &str) -> bool {
    header_value.split(',').map(str::trim).any(|candidate| {
        candidate == "*" || candidate == etag || candidate.strip_prefix("W/") == Some(etag)
    })
}

/// A strong ETag of some bytes: 128 bits of SHA-256.
pub fn etag_of(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!(
        "\"{}\"",
        digest[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    )
}

pub async fn conditional(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let method = req.method().clone();
    let header_text = |name| {
        req.headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let if_none_match = header_text(header::IF_NONE_MATCH);
    let if_modified_since = header_text(header::IF_MODIFIED_SINCE);
    let res = next.call(req).await?;
    if !(method == Method::GET || method == Method::HEAD) || res.status() != StatusCode::OK {
        return Ok(res.map_into_boxed_body());
    }
    let (req, res) = res.into_parts();
    let (mut res, body) = res.into_parts();
    // A handler that knows its representation's ETag (from the response cache) sets it;
    // each content encoding then gets its own strong ETag by a suffix. Otherwise the
    // ETag is the hash of the bytes sent.
    let known = res
        .headers()
        .get(header::ETAG)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if known.is_none() && matches!(body.size(), actix_web::body::BodySize::Stream) {
        // A streamed body (a whole list as CSV) goes out as it is made: hashing it for
        // an ETag would hold all of it in memory (50 MB for the papers of a city).
        if !res.headers().contains_key(header::CACHE_CONTROL) {
            res.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static(CACHE_CONTROL),
            );
        }
        return Ok(ServiceResponse::new(req, res.set_body(BoxBody::new(body))));
    }
    let (etag, body) = match known {
        Some(base) => {
            let encoding = res
                .headers()
                .get(header::CONTENT_ENCODING)
                .and_then(|v| v.to_str().ok());
            let etag = match encoding {
                Some(enc) if enc != "identity" => format!("{}-{enc}\"", base.trim_end_matches('"')),
                _ => base,
            };
            (etag, BoxBody::new(body))
        }
        None => {
            let bytes = actix_web::body::to_bytes(body)
                .await
                .map_err(|_| actix_web::error::ErrorInternalServerError("response body"))?;
            (etag_of(&bytes), BoxBody::new(bytes))
        }
    };
    let headers = res.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(CACHE_CONTROL),
        );
    }
    let not_modified = match (&if_none_match, &if_modified_since) {
        (Some(inm), _) => etag_matches(inm, &etag),
        (None, Some(ims)) => {
            let last = headers
                .get(header::LAST_MODIFIED)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_http_date);
            matches!((last, parse_http_date(ims)), (Some(last), Some(since)) if last <= since)
        }
        (None, None) => false,
    };
    let res = if not_modified {
        *res.status_mut() = StatusCode::NOT_MODIFIED;
        res.headers_mut().remove(header::CONTENT_LENGTH);
        res.set_body(BoxBody::new(()))
    } else {
        res.set_body(body)
    };
    Ok(ServiceResponse::new(req, res))
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_match_strong_weak_and_star() {
        assert!(etag_matches("\"abc\"", "\"abc\""));
        assert!(etag_matches("\"x\", W/\"abc\"", "\"abc\""));
        assert!(etag_matches("*", "\"abc\""));
        assert!(!etag_matches("\"abd\"", "\"abc\""));
    }

    #[test]
    fn http_dates_round_trip() {
        let v = http_date(1_620_140_400_000_000).expect("date");
        assert_eq!(v.to_str().ok(), Some("Tue, 04 May 2021 15:00:00 GMT"));
        assert!(parse_http_date("Tue, 04 May 2021 15:00:00 GMT").is_some());
    }
}
