//! `/api/v1/sources`: the foreign systems this instance mirrors and how current each
//! mirror is (last full and incremental sync, object counts, defects of the last run).

use std::collections::BTreeMap;

use actix_web::{HttpResponse, route, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::oparl::json_response;
use crate::oparl::time::format_micros;
use crate::store::harvest::SourceRow;

/// One harvested source system.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    /// The System (or Body) URL harvested.
    pub url: String,
    /// Start of the last completed full harvest (every list, deletions reconciled).
    pub last_full_sync: Option<String>,
    /// Start of the last completed harvest of either kind; the mirror holds every
    /// change the source had published by then.
    pub last_sync: Option<String>,
    /// A harvest is under way (or was interrupted and will resume).
    pub running: bool,
    /// Objects of the source in the mirror, by OParl type (deleted ones excluded;
    /// objects embedded in others are counted with the type they were listed as).
    pub objects: BTreeMap<String, i64>,
    /// Defects of the source met by the last run, by kind.
    pub defects: BTreeMap<String, u64>,
    /// The full report of the last completed run.
    #[schema(value_type = Option<Object>)]
    pub last_report: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SourceList {
    pub data: Vec<Source>,
}

/// The sync state of a source, as the API shows it.
pub async fn describe(state: &AppState, row: &SourceRow) -> Result<Source, ApiError> {
    let report: Option<serde_json::Value> = row
        .report
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok());
    let defects = report
        .as_ref()
        .and_then(|r| r.get("defects"))
        .and_then(|d| d.as_object())
        .map(|d| {
            d.iter()
                .map(|(k, v)| {
                    let count = v.get("count").and_then(|c| c.as_u64()).unwrap_or(0);
                    (k.clone(), count)
                })
                .collect()
        })
        .unwrap_or_default();
    let objects = state
        .store
        .harvest_counts(row.id)
        .await?
        .into_iter()
        .collect();
    Ok(Source {
        url: row.url.clone(),
        last_full_sync: row.last_full_sync.map(format_micros),
        last_sync: row.last_sync.map(format_micros),
        running: row.run_started.is_some(),
        objects,
        defects,
        last_report: report,
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/sources",
    tag = "Sources",
    responses(
        (status = 200, description = "Every harvested source with its sync state", body = SourceList)
    )
)]
#[route("/api/v1/sources", method = "GET", method = "HEAD")]
pub async fn list(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let mut data = Vec::new();
    for row in state.store.harvest_sources().await? {
        data.push(describe(&state, &row).await?);
    }
    Ok(json_response(&SourceList { data }, None))
}
