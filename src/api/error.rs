//! The API's one error type and its single mapping to HTTP: every error body is an OParl
//! Error object that is at the same time an RFC 9457 problem details object.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER, WWW_AUTHENTICATE};
use actix_web::{HttpResponse, ResponseError};

use crate::oparl::ERROR_TYPE;
use crate::oparl::model::Error as ErrorBody;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A malformed query parameter or path.
    #[error("{detail}")]
    BadRequest { detail: String, debug: String },
    /// No such object or route.
    #[error("{detail}")]
    NotFound { detail: String, debug: String },
    /// None of the representations the client accepts is offered.
    #[error("{detail}")]
    NotAcceptable { detail: String, debug: String },
    /// A write without a valid bearer token.
    #[error("{detail}")]
    Unauthorized { detail: String, debug: String },
    /// A valid token whose scope does not cover the write.
    #[error("{detail}")]
    Forbidden { detail: String, debug: String },
    /// The write contradicts what is stored (a name taken, a job already running).
    #[error("{detail}")]
    Conflict { detail: String, debug: String },
    /// An upload over the size limit.
    #[error("{detail}")]
    PayloadTooLarge { detail: String, debug: String },
    /// An upload that is not of a kind the endpoint takes.
    #[error("{detail}")]
    UnsupportedMediaType { detail: String, debug: String },
    /// Well-formed input that cannot be used (minutes the parser rejects, with the line).
    #[error("{detail}")]
    Unprocessable { detail: String, debug: String },
    /// A foreign server this request depends on failed (a harvest's source).
    #[error("{detail}")]
    BadGateway { detail: String, debug: String },
    /// The client's rate limit is used up; it may ask again after `retry_after` seconds.
    #[error("{detail}")]
    TooManyRequests { detail: String, retry_after: u64 },
    /// A server fault; the cause goes to the log, not to the client.
    #[error("internal error")]
    Internal(#[from] StoreError),
    /// A response could not be serialised (a bug, never bad input).
    #[error("serialising a response: {0}")]
    Render(String),
}

impl ApiError {
    pub fn bad_request(detail: impl Into<String>, debug: impl Into<String>) -> ApiError {
        ApiError::BadRequest {
            detail: detail.into(),
            debug: debug.into(),
        }
    }

    pub fn not_found(detail: impl Into<String>, debug: impl Into<String>) -> ApiError {
        ApiError::NotFound {
            detail: detail.into(),
            debug: debug.into(),
        }
    }

    pub fn body(&self) -> ErrorBody {
        let status = self.status_code();
        let (detail, debug) = match self {
            ApiError::BadRequest { detail, debug }
            | ApiError::NotFound { detail, debug }
            | ApiError::NotAcceptable { detail, debug }
            | ApiError::Unauthorized { detail, debug }
            | ApiError::Forbidden { detail, debug }
            | ApiError::Conflict { detail, debug }
            | ApiError::PayloadTooLarge { detail, debug }
            | ApiError::UnsupportedMediaType { detail, debug }
            | ApiError::Unprocessable { detail, debug }
            | ApiError::BadGateway { detail, debug } => (detail.clone(), debug.clone()),
            ApiError::TooManyRequests {
                detail,
                retry_after,
            } => (detail.clone(), format!("retry after {retry_after} s")),
            ApiError::Internal(cause) if unavailable(cause) => (
                "The database is not reachable at the moment; please try again shortly.".to_owned(),
                "database unavailable; see the server log".to_owned(),
            ),
            ApiError::Internal(_) | ApiError::Render(_) => (
                "The server could not answer this request.".to_owned(),
                "internal error; see the server log".to_owned(),
            ),
        };
        ErrorBody {
            type_: ERROR_TYPE.to_owned(),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            message: detail.clone(),
            detail,
            debug,
        }
    }
}

/// `application/json; charset=utf-8`, the content type of every JSON response.
pub fn json_content_type() -> HeaderValue {
    HeaderValue::from_static("application/json; charset=utf-8")
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::NotFound { .. } => StatusCode::NOT_FOUND,
            ApiError::NotAcceptable { .. } => StatusCode::NOT_ACCEPTABLE,
            ApiError::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::BadGateway { .. } => StatusCode::BAD_GATEWAY,
            ApiError::Internal(cause) if unavailable(cause) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) | ApiError::Render(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(cause) if unavailable(cause) => {
                tracing::warn!(error = %cause, "database unavailable")
            }
            ApiError::Internal(cause) => tracing::error!(error = %cause, "request failed"),
            ApiError::Render(cause) => tracing::error!(error = %cause, "request failed"),
            _ => {}
        }
        let body = serde_json::to_vec(&self.body()).unwrap_or_default();
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((CONTENT_TYPE, json_content_type()));
        match self {
            ApiError::Unauthorized { .. } => {
                res.insert_header((WWW_AUTHENTICATE, "Bearer realm=\"ratsinfo\""));
            }
            ApiError::TooManyRequests { retry_after, .. } => {
                res.insert_header((RETRY_AFTER, retry_after.to_string()));
            }
            ApiError::Internal(cause) if unavailable(cause) => {
                res.insert_header((RETRY_AFTER, "5"));
            }
            _ => {}
        }
        res.body(body)
    }
}

/// Whether a store error means the database cannot be used right now (gone, not
/// accepting connections, the pool exhausted, SQLite busy, read-only or full) rather
/// than a fault of this request: such errors answer 503 with `Retry-After`.
pub fn unavailable(cause: &StoreError) -> bool {
    let StoreError::Database(e) = cause else {
        return false;
    };
    match e {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            // PostgreSQL: class 08 (connection exception), 57P01-57P03 (shutdown,
            // cannot connect now). SQLite: BUSY, LOCKED, READONLY, IOERR, FULL, CANTOPEN
            // (primary codes; extended codes keep them in the low byte).
            code.starts_with("08")
                || matches!(code.as_ref(), "57P01" | "57P02" | "57P03")
                || code
                    .parse::<i64>()
                    .is_ok_and(|c| matches!(c & 0xff, 5 | 6 | 8 | 10 | 13 | 14))
        }),
        _ => false,
    }
}
