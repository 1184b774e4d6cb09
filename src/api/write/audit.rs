//! `GET /api/v1/audit`: every write made through the write API, newest first, for
//! tokens of the admin scope.

use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::{authorize, private};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::native::{DEFAULT_LIMIT, MAX_LIMIT, PageLinks, Query};
use crate::api::oparl::json_response;
use crate::oparl::time::format_micros;
use crate::store::tokens::TokenScope;

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: i64,
    /// When the write committed.
    pub at: String,
    /// The name of the token that made it.
    pub token: String,
    /// `import-minutes`, `harvest` or `withdraw`.
    pub action: String,
    /// The objects written (their OParl URLs).
    pub objects: Vec<String>,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditPage {
    pub data: Vec<AuditEntry>,
    pub links: PageLinks,
}

#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "Writes",
    security(("bearer" = [])),
    params(
        ("before" = Option<i64>, Query, description = "Entries older than this entry id (the `next` link sets it)"),
        ("limit" = Option<i64>, Query, description = "Entries per page, 1 to 1000 (default 100)")
    ),
    responses(
        (status = 200, description = "Audit entries, newest first", body = AuditPage),
        (status = 400, description = "A malformed parameter", body = crate::oparl::model::Error),
        (status = 401, description = "No valid bearer token", body = crate::oparl::model::Error),
        (status = 403, description = "The token's scope is not admin", body = crate::oparl::model::Error)
    )
)]
#[get("/api/v1/audit")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    authorize(&req, &state, TokenScope::Admin).await?;
    let query = Query::parse(&req)?;
    query.only(&["before", "limit"])?;
    let before = query.id("before")?;
    let limit = query.limit_within(DEFAULT_LIMIT, MAX_LIMIT, false)?;
    let rows = state.writes.audit_entries(before, limit + 1).await?;
    let more = rows.len() as i64 > limit;
    let data: Vec<AuditEntry> = rows
        .into_iter()
        .take(limit as usize)
        .map(|r| {
            let paths: Vec<String> = serde_json::from_str(&r.objects).unwrap_or_default();
            AuditEntry {
                id: r.id,
                at: format_micros(r.at),
                token: r.token_name,
                action: r.action,
                objects: paths
                    .iter()
                    .map(|p| format!("{}/oparl/v1.1/{p}", state.urls.base()))
                    .collect(),
                detail: r.detail,
            }
        })
        .collect();
    let base = state.urls.native("audit");
    let self_ = query.link_setting(&base, &[]);
    let next = match (more, data.last()) {
        (true, Some(last)) => Some(query.link_setting(&base, &[("before", &last.id.to_string())])),
        _ => None,
    };
    Ok(private(json_response(
        &AuditPage {
            data,
            links: PageLinks { self_, next },
        },
        None,
    )))
}
