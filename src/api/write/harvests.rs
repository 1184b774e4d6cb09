//! `POST /api/v1/harvests`: runs a harvest of a configured source (one this instance
//! has harvested before, listed at `/api/v1/sources`) and answers with its report. The
//! harvest runs in its own task: a client that gives up does not stop it, and its
//! report then appears at `/api/v1/sources`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::{authorize, located, read_body};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::oparl::json_response;
use crate::ingest::harvest::{HarvestError, HarvestOptions, harvest};
use crate::metrics::METRICS;
use crate::store::tokens::TokenScope;

/// Which source to harvest, and how.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HarvestRequest {
    /// The source's System (or Body) URL, as `/api/v1/sources` lists it.
    pub source: String,
    /// Crawl everything and delete what the source no longer has (default: only changes
    /// since the last run).
    #[serde(default)]
    pub full: bool,
}

#[utoipa::path(
    post,
    path = "/api/v1/harvests",
    tag = "Writes",
    security(("bearer" = [])),
    request_body(content = HarvestRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The harvest's report (the same as `ratsinfo harvest --json`)", body = Object),
        (status = 400, description = "The request body is not a harvest request", body = crate::oparl::model::Error),
        (status = 401, description = "No valid bearer token", body = crate::oparl::model::Error),
        (status = 403, description = "The token's scope is not harvest or admin", body = crate::oparl::model::Error),
        (status = 404, description = "No configured source has this URL", body = crate::oparl::model::Error),
        (status = 409, description = "A harvest of this source is running", body = crate::oparl::model::Error),
        (status = 413, description = "The request body is over 64 KB", body = crate::oparl::model::Error),
        (status = 502, description = "The source could not be harvested", body = crate::oparl::model::Error)
    )
)]
#[post("/api/v1/harvests")]
pub async fn start(
    req: HttpRequest,
    state: web::Data<AppState>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let token = authorize(&req, &state, TokenScope::Harvest).await?;
    let body = read_body(payload, 64 * 1024).await?;
    let request: HarvestRequest = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            "The body must be JSON like {\"source\": \"https://…/oparl/v1/system\", \"full\": false}.",
            e.to_string(),
        )
    })?;
    let sources = state.writes.harvest_sources().await?;
    let wanted = request.source.trim().trim_end_matches('/');
    let Some(source) = sources
        .iter()
        .find(|s| s.url.trim_end_matches('/') == wanted)
    else {
        return Err(ApiError::not_found(
            format!(
                "No configured source has the URL {wanted:?}; /api/v1/sources lists them (an operator adds one with `ratsinfo harvest URL`)."
            ),
            format!("source {wanted:?}"),
        ));
    };
    // A second harvest of the source (here or in another replica) is refused by the
    // harvester's job lock: 409 below.
    let mut options = HarvestOptions::new(&source.url);
    options.full = request.full;
    let store = state.writes.clone();
    let token_name = token.name.clone();
    let task = actix_web::rt::spawn(async move {
        let result = harvest(&store, &options).await;
        if let Ok(report) = &result {
            let detail = format!(
                "{}: {} objects: {} created, {} updated, {} deleted",
                options.url, report.objects, report.created, report.updated, report.deleted
            );
            if let Err(e) = store
                .record(&token_name, "harvest", &[], Some(&detail))
                .await
            {
                tracing::error!(error = %e, "the harvest ran but its audit entry was not written");
            }
        }
        result
    });
    let result = task
        .await
        .map_err(|e| ApiError::Render(format!("harvest task: {e}")))?;
    use std::sync::atomic::Ordering::Relaxed;
    match result {
        Ok(report) => {
            METRICS.harvests_ok.fetch_add(1, Relaxed);
            Ok(located(
                json_response(&report, None),
                &state.urls.native("sources"),
            ))
        }
        Err(HarvestError::Busy { url }) => {
            METRICS.harvests_failed.fetch_add(1, Relaxed);
            Err(ApiError::Conflict {
                detail: format!(
                    "A harvest of {url} is running; its report will be at /api/v1/sources."
                ),
                debug: "harvest lock held".to_owned(),
            })
        }
        Err(HarvestError::Store(e)) => {
            METRICS.harvests_failed.fetch_add(1, Relaxed);
            Err(ApiError::Internal(e))
        }
        Err(e) => {
            METRICS.harvests_failed.fetch_add(1, Relaxed);
            Err(ApiError::BadGateway {
                detail: format!("The source could not be harvested: {e}"),
                debug: e.to_string(),
            })
        }
    }
}
