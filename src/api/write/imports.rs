//! `POST /api/v1/imports/minutes`: a minutes file (text or PDF) uploaded as
//! `multipart/form-data`, imported in one transaction exactly as `ratsinfo
//! import-minutes` does, answered with what was written and what was read.

use actix_multipart::Multipart;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{HttpRequest, HttpResponse, post, web};
use futures_util::StreamExt;
use serde::Serialize;
use utoipa::ToSchema;

use super::{Warning, WriteCounts, authorize, located};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::native::Query;
use crate::api::oparl::json_response;
use crate::ingest::minutes::{
    ImportOptions, MinutesError, fidelity, import::parse_file, import_file_audited,
};
use crate::metrics::METRICS;
use crate::oparl::ObjectType;
use crate::store::tokens::TokenScope;

/// Longest accepted text field (body, organization).
const MAX_FIELD_BYTES: usize = 1024;

/// The form of an upload (documentation only; the handler reads the stream).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct MinutesUpload {
    /// The minutes: UTF-8 or Windows-1252 text, or a PDF with a text layer.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The body (municipality) the meeting belongs to, e.g. "Stadt Bielefeld".
    body: String,
    /// The committee, when the minutes do not name it.
    organization: Option<String>,
    /// The meeting's date (YYYY-MM-DD), for the page of one item that prints none; it
    /// wins over a date the minutes print.
    #[schema(value_type = Option<String>, format = Date)]
    date: Option<String>,
}

/// What an import wrote and read.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportResult {
    /// The meeting the minutes describe (absent on a dry run).
    pub meeting: Option<String>,
    pub file: String,
    /// Objects created, updated, unchanged and turned into tombstones (zero on a dry run).
    pub counts: WriteCounts,
    pub warnings: Vec<Warning>,
    /// The document-level coverage: items, results, counts, papers, meeting metadata.
    #[schema(value_type = Object)]
    pub coverage: fidelity::Coverage,
    /// Per item what was found (result, outcome, counts, positions, papers).
    #[schema(value_type = Vec<Object>)]
    pub fidelity: Vec<fidelity::ItemFidelity>,
    /// The import was only a dry run: nothing was written.
    pub dry_run: bool,
}

struct Upload {
    name: String,
    bytes: Vec<u8>,
    body: Option<String>,
    organization: Option<String>,
    date: Option<chrono::NaiveDate>,
}

fn bad_form(detail: impl Into<String>, debug: impl Into<String>) -> ApiError {
    ApiError::bad_request(detail, debug)
}

/// Reads the form, refusing more than `limit` bytes of file before holding them.
async fn read_form(mut form: Multipart, limit: usize) -> Result<Upload, ApiError> {
    let mut upload = Upload {
        name: String::new(),
        bytes: Vec::new(),
        body: None,
        organization: None,
        date: None,
    };
    let mut has_file = false;
    while let Some(field) = form.next().await {
        let mut field =
            field.map_err(|e| bad_form("The multipart form could not be read.", e.to_string()))?;
        let name = field.name().unwrap_or_default().to_owned();
        let (max, is_file) = match name.as_str() {
            "file" => (limit, true),
            "body" | "organization" | "date" => (MAX_FIELD_BYTES, false),
            other => {
                return Err(bad_form(
                    format!(
                        "Unknown form field {other:?}: the form has file, body, organization and date."
                    ),
                    format!("field {other:?}"),
                ));
            }
        };
        if is_file {
            has_file = true;
            upload.name = field
                .content_disposition()
                .and_then(|d| d.get_filename())
                .map(|f| f.rsplit(['/', '\\']).next().unwrap_or(f).to_owned())
                .filter(|f| !f.is_empty())
                .unwrap_or_else(|| "upload".to_owned());
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk
                .map_err(|e| bad_form("The multipart form could not be read.", e.to_string()))?;
            if bytes.len() + chunk.len() > max {
                return Err(if is_file {
                    ApiError::PayloadTooLarge {
                        detail: format!(
                            "The file is larger than this instance takes ({} MB; the operator sets --max-upload-mb).",
                            limit / (1024 * 1024)
                        ),
                        debug: format!("over {limit} bytes"),
                    }
                } else {
                    bad_form(
                        format!("The form field {name:?} is longer than {MAX_FIELD_BYTES} bytes."),
                        format!("field {name:?}"),
                    )
                });
            }
            bytes.extend_from_slice(&chunk);
        }
        if is_file {
            upload.bytes = bytes;
        } else {
            let text = String::from_utf8(bytes)
                .map_err(|_| {
                    bad_form(
                        format!("The form field {name:?} is not UTF-8."),
                        name.clone(),
                    )
                })?
                .trim()
                .to_owned();
            let value = (!text.is_empty()).then_some(text);
            match name.as_str() {
                "body" => upload.body = value,
                "date" => {
                    upload.date = value
                        .map(|v| {
                            crate::oparl::time::parse_date(&v).ok_or_else(|| {
                                bad_form(
                                    format!("The form field \"date\" is not a date of the form YYYY-MM-DD: {v:?}."),
                                    "date",
                                )
                            })
                        })
                        .transpose()?;
                }
                _ => upload.organization = value,
            }
        }
    }
    if !has_file {
        return Err(bad_form(
            "The form has no file field: send the minutes as the multipart field \"file\".",
            "no file",
        ));
    }
    Ok(upload)
}

fn rejected(e: MinutesError) -> ApiError {
    match e {
        MinutesError::Store { source, .. } => ApiError::Internal(source),
        MinutesError::File { .. } | MinutesError::Line { .. } => ApiError::Unprocessable {
            detail: format!("The minutes were not imported: {e}"),
            debug: e.to_string(),
        },
    }
}

#[utoipa::path(
    post,
    path = "/api/v1/imports/minutes",
    tag = "Writes",
    security(("bearer" = [])),
    params(("dry_run" = Option<bool>, Query, description = "Only parse and report; write nothing")),
    request_body(content = MinutesUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Imported; the meeting was new. `Location` is its OParl URL", body = ImportResult),
        (status = 200, description = "Imported into a meeting that existed (or a dry run)", body = ImportResult),
        (status = 400, description = "The form is malformed", body = crate::oparl::model::Error),
        (status = 401, description = "No valid bearer token", body = crate::oparl::model::Error),
        (status = 403, description = "The token's scope is not import or admin", body = crate::oparl::model::Error),
        (status = 413, description = "The file is over the size limit", body = crate::oparl::model::Error),
        (status = 415, description = "Not a multipart/form-data request", body = crate::oparl::model::Error),
        (status = 422, description = "Not minutes, or minutes without a meeting date: the reason with its line", body = crate::oparl::model::Error)
    )
)]
#[post("/api/v1/imports/minutes")]
pub async fn minutes(
    req: HttpRequest,
    state: web::Data<AppState>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let query = Query::parse(&req)?;
    query.only(&["dry_run"])?;
    let dry_run = query.one_of("dry_run", &["true", "false"])?.as_deref() == Some("true");
    let started = crate::oparl::time::now();
    let token = authorize(&req, &state, TokenScope::Import).await?;
    let multipart = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        });
    if !multipart {
        return Err(ApiError::UnsupportedMediaType {
            detail: "Send the minutes as multipart/form-data with the fields file, body, organization and (for a page without one) date.".to_owned(),
            debug: "Content-Type is not multipart/form-data".to_owned(),
        });
    }
    let form = Multipart::new(req.headers(), payload);
    let upload = read_form(form, state.max_upload_bytes).await?;
    let body = upload.body.ok_or_else(|| {
        bad_form(
            "The form field \"body\" is missing: name the municipality, e.g. \"Stadt Bielefeld\".",
            "no body",
        )
    })?;
    let options = ImportOptions {
        body,
        organization: upload.organization,
        date: upload.date,
    };
    let (minutes, meeting_id, counts) = if dry_run {
        let minutes = parse_file(&upload.name, &upload.bytes, upload.date).map_err(rejected)?;
        (minutes, None, Default::default())
    } else {
        let imported = import_file_audited(
            &state.writes,
            &upload.name,
            &upload.bytes,
            &options,
            Some(&token.name),
        )
        .await;
        let r = match imported {
            Ok(r) => r,
            Err(e) => {
                METRICS
                    .imports_failed
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                return Err(rejected(e));
            }
        };
        use std::sync::atomic::Ordering::Relaxed;
        METRICS.imports_ok.fetch_add(1, Relaxed);
        METRICS
            .imported_created
            .fetch_add(r.counts.created, Relaxed);
        METRICS
            .imported_updated
            .fetch_add(r.counts.updated, Relaxed);
        METRICS
            .imported_deleted
            .fetch_add(r.counts.deleted, Relaxed);
        tracing::info!(
            token = %token.name,
            file = %upload.name,
            meeting = r.meeting_id,
            created = r.counts.created,
            updated = r.counts.updated,
            deleted = r.counts.deleted,
            "minutes imported over HTTP"
        );
        (r.minutes, Some(r.meeting_id), r.counts)
    };
    let result = ImportResult {
        meeting: meeting_id.map(|id| state.urls.object(ObjectType::Meeting, id)),
        file: upload.name,
        counts: WriteCounts::from(&counts),
        warnings: minutes
            .warnings
            .iter()
            .map(|w| Warning {
                line: w.line,
                message: w.message.clone(),
            })
            .collect(),
        coverage: fidelity::coverage(&minutes),
        fidelity: minutes.items.iter().map(fidelity::item).collect(),
        dry_run,
    };
    let mut res = json_response(&result, None);
    if let (Some(url), Some(id)) = (&result.meeting, meeting_id) {
        // A new meeting is 201 Created; re-imports and corrections update one.
        #[derive(sqlx::FromRow)]
        struct Stamp {
            created: i64,
        }
        let stamp: Option<Stamp> = state.writes.get(ObjectType::Meeting, id).await?;
        if stamp.is_some_and(|s| s.created >= started) {
            *res.status_mut() = actix_web::http::StatusCode::CREATED;
        }
        res = located(res, url);
    }
    Ok(res)
}
