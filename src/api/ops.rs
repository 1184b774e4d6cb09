//! For operators and their load balancers: `/healthz` (the process answers),
//! `/readyz` (the database answers, its migrations are current, the search index is
//! built) and `/metrics` in the Prometheus text format. None is cached.

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use actix_web::{HttpResponse, route, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::AppState;
use crate::api::error::{ApiError, json_content_type};
use crate::metrics::{Gauges, METRICS};

/// The state of one readiness check: `ok`, or what is wrong.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Checks {
    pub database: String,
    pub migrations: String,
    pub search_index: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Readiness {
    /// `ready`, or `not ready` when any check is not `ok`.
    pub status: String,
    pub checks: Checks,
}

fn uncached(status: StatusCode, body: &impl Serialize) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header((CONTENT_TYPE, json_content_type()))
        .insert_header((CACHE_CONTROL, "no-store"))
        .body(serde_json::to_vec(body).unwrap_or_default())
}

#[utoipa::path(
    get,
    path = "/healthz",
    tag = "Operations",
    responses((status = 200, description = "The process is up and answers requests"))
)]
#[route("/healthz", method = "GET", method = "HEAD")]
pub async fn healthz() -> HttpResponse {
    uncached(StatusCode::OK, &serde_json::json!({"status": "up"}))
}

#[utoipa::path(
    get,
    path = "/readyz",
    tag = "Operations",
    responses(
        (status = 200, description = "Ready: the database answers, its migrations are current and the search index is built", body = Readiness),
        (status = 503, description = "Not ready; `checks` names what is wrong", body = Readiness)
    )
)]
#[route("/readyz", method = "GET", method = "HEAD")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let store = &state.store;
    let mut checks = Checks {
        database: "ok".to_owned(),
        migrations: "ok".to_owned(),
        search_index: "ok".to_owned(),
    };
    match store.ping().await {
        Err(e) => {
            tracing::warn!(error = %e, "readiness: the database does not answer");
            checks.database = "unreachable".to_owned();
            checks.migrations = "unknown".to_owned();
            checks.search_index = "unknown".to_owned();
        }
        Ok(()) => {
            checks.migrations = match store.pending_migrations().await {
                Ok(0) => "ok".to_owned(),
                Ok(n) => format!("{n} pending: run `ratsinfo migrate`"),
                Err(e) => format!("unknown: {e}"),
            };
            checks.search_index = match store.search_index_current().await {
                Ok(true) => "ok".to_owned(),
                Ok(false) => "stale: run `ratsinfo reindex`".to_owned(),
                Err(e) => format!("unknown: {e}"),
            };
        }
    }
    let ready = [&checks.database, &checks.migrations, &checks.search_index]
        .iter()
        .all(|c| c.as_str() == "ok");
    let body = Readiness {
        status: if ready { "ready" } else { "not ready" }.to_owned(),
        checks,
    };
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    uncached(status, &body)
}

#[utoipa::path(
    get,
    path = "/metrics",
    tag = "Operations",
    responses((status = 200, description = "Prometheus text format 0.0.4: requests by route template and status with latency histograms, response-cache look-ups, connection pool, imports, harvests, webhook deliveries, rate limiting and the data version", content_type = "text/plain"))
)]
#[route("/metrics", method = "GET", method = "HEAD")]
pub async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let store = &state.store;
    let pool = store.pool_stats();
    let gauges = Gauges {
        data_version: state.data_version().await?,
        pool_size: pool.size,
        pool_idle: pool.idle,
        pool_max: pool.max,
        webhook_queue: store
            .queued_deliveries(crate::export::webhooks::MAX_ATTEMPTS)
            .await?,
    };
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8"))
        .insert_header((CACHE_CONTROL, "no-store"))
        .body(METRICS.render(&gauges)))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(healthz).service(readyz).service(metrics);
}
