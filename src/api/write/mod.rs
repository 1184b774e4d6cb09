//! The write face, `/api/v1/imports`, `/api/v1/harvests`, `/api/v1/objects`, webhook
//! `/api/v1/subscriptions` and the audit trail: the only endpoints that change data,
//! each behind a bearer token of a scope (`ratsinfo token create`). Reads stay open.
//! Every write is recorded with the token's name.

pub mod audit;
pub mod harvests;
pub mod imports;
pub mod subscriptions;
pub mod withdraw;

use actix_web::http::header::{AUTHORIZATION, CACHE_CONTROL, HeaderValue, LOCATION};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, ToSchema};

use crate::api::AppState;
use crate::api::error::ApiError;
use crate::ingest::writer::Counts;
use crate::store::tokens::{TokenRow, TokenScope};

/// The token a write presents, checked against the scope the write needs: 401 without
/// a valid one, 403 when its scope does not cover the write.
pub async fn authorize(
    req: &HttpRequest,
    state: &AppState,
    needed: TokenScope,
) -> Result<TokenRow, ApiError> {
    let unauthorized = |debug: &str| ApiError::Unauthorized {
        detail: format!(
            "This endpoint changes data and needs a bearer token with the {} scope: \
             Authorization: Bearer <token> (an operator creates one with `ratsinfo token create`).",
            needed.name()
        ),
        debug: debug.to_owned(),
    };
    let header = req
        .headers()
        .get(AUTHORIZATION)
        .ok_or_else(|| unauthorized("no Authorization header"))?;
    let secret = header
        .to_str()
        .ok()
        .and_then(|h| {
            let (scheme, token) = h.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .ok_or_else(|| unauthorized("the Authorization header is not `Bearer <token>`"))?;
    let token = state
        .writes
        .authenticate(secret)
        .await?
        .ok_or_else(|| unauthorized("unknown or revoked token"))?;
    match token.scope() {
        Some(scope) if scope.allows(needed) => Ok(token),
        _ => Err(ApiError::Forbidden {
            detail: format!(
                "The token {:?} has the {} scope; this needs {}.",
                token.name,
                token.scope,
                match needed {
                    TokenScope::Admin => "admin",
                    TokenScope::Import => "import (or admin)",
                    TokenScope::Harvest => "harvest (or admin)",
                }
            ),
            debug: format!("scope {} lacks {}", token.scope, needed.name()),
        }),
    }
}

/// Reads a small request body (a JSON request), refusing more than `limit` bytes with
/// a 413 problem instead of actix's plain-text one.
pub async fn read_body(mut payload: web::Payload, limit: usize) -> Result<Vec<u8>, ApiError> {
    use futures_util::StreamExt;
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| {
            ApiError::bad_request("The request body could not be read.", e.to_string())
        })?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge {
                detail: format!("The request body is larger than {limit} bytes."),
                debug: format!("over {limit} bytes"),
            });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// An answer no shared cache may keep (it belongs to the token's holder).
pub fn private(mut res: HttpResponse) -> HttpResponse {
    res.headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    res
}

/// Sets `Location` to what a write created or started.
pub fn located(mut res: HttpResponse, url: &str) -> HttpResponse {
    if let Ok(v) = HeaderValue::from_str(url) {
        res.headers_mut().insert(LOCATION, v);
    }
    res
}

/// What a write changed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WriteCounts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub deleted: u64,
}

impl From<&Counts> for WriteCounts {
    fn from(c: &Counts) -> WriteCounts {
        WriteCounts {
            created: c.created,
            updated: c.updated,
            unchanged: c.unchanged,
            deleted: c.deleted,
        }
    }
}

/// A warning of an import, with the line of the file it is about.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Warning {
    pub line: usize,
    pub message: String,
}

/// Declares the bearer scheme in the OpenAPI document, so that Swagger UI offers
/// "Authorize" and the write operations name it.
pub struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut http = Http::new(HttpAuthScheme::Bearer);
        http.description = Some(
            "A write-API token (`ri_` and 64 hex digits) from `ratsinfo token create --scope import|harvest|admin`."
                .to_owned(),
        );
        components.add_security_scheme("bearer", SecurityScheme::Http(http));
    }
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(imports::minutes)
        .service(harvests::start)
        .service(withdraw::withdraw)
        .service(audit::list)
        .service(subscriptions::create)
        .service(subscriptions::list)
        .service(subscriptions::remove);
}
