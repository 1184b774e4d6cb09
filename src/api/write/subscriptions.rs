//! `/api/v1/subscriptions`: webhook subscriptions over HTTP (admin scope), the same as
//! `ratsinfo webhook add|list|remove`. Secrets are write-only: never shown again.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{authorize, located, private, read_body};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::oparl::json_response;
use crate::export::webhooks::MAX_ATTEMPTS;
use crate::oparl::time::format_micros;
use crate::store::tokens::TokenScope;
use crate::store::webhooks::{DeliveryCounts, NewWebhook, WebhookRow};

/// A new subscription.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SubscriptionRequest {
    /// Where deliveries are POSTed.
    pub url: String,
    /// The key of the `X-Ratsinfo-Signature` HMAC-SHA256 (at least 16 characters).
    pub secret: String,
    /// Only these kinds: Paper, Meeting, VoteEvent (default: all).
    #[serde(default)]
    pub types: Option<Vec<String>>,
    /// Only this body (its number).
    #[serde(default)]
    pub body: Option<i64>,
    /// Only this committee (its number): its meetings and decisions.
    #[serde(default)]
    pub organization: Option<i64>,
    /// Only papers of this type, e.g. Antrag.
    #[serde(default)]
    pub paper_type: Option<String>,
}

/// A subscription as listed (without its secret).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Subscription {
    pub id: String,
    pub url: String,
    pub types: Option<Vec<String>>,
    pub body: Option<i64>,
    pub organization: Option<i64>,
    pub paper_type: Option<String>,
    pub created: String,
    /// Deliveries made, and those still to be tried.
    pub delivered: usize,
    pub pending: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubscriptionList {
    pub data: Vec<Subscription>,
}

fn describe(state: &AppState, h: WebhookRow, counts: DeliveryCounts) -> Subscription {
    Subscription {
        id: state.urls.native(&format!("subscriptions/{}", h.id)),
        url: h.url,
        types: h
            .kinds
            .map(|k| k.split(',').map(|t| t.trim().to_owned()).collect()),
        body: h.body_id,
        organization: h.organization_id,
        paper_type: h.paper_type,
        created: format_micros(h.created),
        delivered: usize::try_from(counts.delivered).unwrap_or_default(),
        pending: usize::try_from(counts.pending).unwrap_or_default(),
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/subscriptions",
    tag = "Writes",
    security(("bearer" = [])),
    request_body(content = SubscriptionRequest, content_type = "application/json"),
    responses(
        (status = 201, description = "Subscribed; `Location` is the subscription", body = Subscription),
        (status = 400, description = "Not a valid subscription (the reason is named)", body = crate::oparl::model::Error),
        (status = 401, description = "No valid bearer token", body = crate::oparl::model::Error),
        (status = 403, description = "The token's scope is not admin", body = crate::oparl::model::Error),
        (status = 413, description = "The request body is over 64 KB", body = crate::oparl::model::Error)
    )
)]
#[post("/api/v1/subscriptions")]
pub async fn create(
    req: HttpRequest,
    state: web::Data<AppState>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let token = authorize(&req, &state, TokenScope::Admin).await?;
    let body = read_body(payload, 64 * 1024).await?;
    let r: SubscriptionRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            "The body must be JSON like {\"url\": \"https://…\", \"secret\": \"…\", \"types\": [\"Paper\"]}.",
            e.to_string(),
        )
    })?;
    let hook = NewWebhook {
        url: r.url,
        secret: r.secret,
        kinds: r.types.map(|t| t.join(",")),
        body_id: r.body,
        organization_id: r.organization,
        paper_type: r.paper_type,
    };
    if let Some(problem) = hook.problem() {
        return Err(ApiError::bad_request(
            format!("Not a valid subscription: {problem}."),
            problem,
        ));
    }
    let id = state.writes.add_webhook(&hook).await?;
    let detail = format!("subscription {id}: {}", hook.url);
    state
        .writes
        .record(&token.name, "subscribe", &[], Some(&detail))
        .await?;
    let row = state
        .writes
        .webhook(id)
        .await?
        .ok_or_else(|| ApiError::Render(format!("subscription {id} vanished")))?;
    // A new subscription has no deliveries yet.
    let sub = describe(&state, row, DeliveryCounts::default());
    let mut res = json_response(&sub, None);
    *res.status_mut() = StatusCode::CREATED;
    Ok(private(located(res, &sub.id)))
}

#[utoipa::path(
    get,
    path = "/api/v1/subscriptions",
    tag = "Writes",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Every subscription with its deliveries (secrets are not shown)", body = SubscriptionList),
        (status = 401, description = "No valid bearer token", body = crate::oparl::model::Error),
        (status = 403, description = "The token's scope is not admin", body = crate::oparl::model::Error)
    )
)]
#[get("/api/v1/subscriptions")]
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    authorize(&req, &state, TokenScope::Admin).await?;
    let counts = state.writes.delivery_counts(MAX_ATTEMPTS).await?;
    let data = state
        .writes
        .webhooks()
        .await?
        .into_iter()
        .map(|h| {
            let c = counts.get(&h.id).copied().unwrap_or_default();
            describe(&state, h, c)
        })
        .collect();
    Ok(private(json_response(&SubscriptionList { data }, None)))
}

#[utoipa::path(
    delete,
    path = "/api/v1/subscriptions/{id}",
    tag = "Writes",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "The subscription's number")),
    responses(
        (status = 204, description = "Removed, with what was queued for it"),
        (status = 400, description = "The id is not a number", body = crate::oparl::model::Error),
        (status = 401, description = "No valid bearer token", body = crate::oparl::model::Error),
        (status = 403, description = "The token's scope is not admin", body = crate::oparl::model::Error),
        (status = 404, description = "No such subscription", body = crate::oparl::model::Error)
    )
)]
#[delete("/api/v1/subscriptions/{id}")]
pub async fn remove(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let token = authorize(&req, &state, TokenScope::Admin).await?;
    let raw = path.into_inner();
    let id: i64 = raw.parse().map_err(|_| {
        ApiError::bad_request(
            format!("{raw:?} is not a subscription number."),
            raw.clone(),
        )
    })?;
    if !state.writes.remove_webhook(id).await? {
        return Err(ApiError::not_found(
            format!("There is no subscription {id}."),
            format!("subscription {id}"),
        ));
    }
    let detail = format!("subscription {id}");
    state
        .writes
        .record(&token.name, "unsubscribe", &[], Some(&detail))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
