//! The API's one error type and its single mapping to HTTP: every error body is an OParl
//! Error object that is at the same time an RFC 9457 problem details object.

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_TYPE, HeaderValue};
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
            | ApiError::NotAcceptable { detail, debug } => (detail.clone(), debug.clone()),
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
            ApiError::Internal(_) | ApiError::Render(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(cause) => tracing::error!(error = %cause, "request failed"),
            ApiError::Render(cause) => tracing::error!(error = %cause, "request failed"),
            _ => {}
        }
        let body = serde_json::to_vec(&self.body()).unwrap_or_default();
        HttpResponse::build(self.status_code())
            .insert_header((CONTENT_TYPE, json_content_type()))
            .body(body)
    }
}
