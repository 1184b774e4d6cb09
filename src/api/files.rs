//! The bytes of files that ratsinfo stores itself: `accessUrl` (inline) and
//! `downloadUrl` (attachment). A deleted file answers 410.

use actix_web::http::header::{
    CONTENT_DISPOSITION, ContentDisposition, DispositionParam, DispositionType,
};
use actix_web::{HttpResponse, route, web};

use super::AppState;
use super::error::ApiError;
use super::oparl::parse_id;
use crate::oparl::ObjectType;
use crate::oparl::model as m;
use crate::store::rows::FileRow;

async fn serve(state: &AppState, raw: &str, attachment: bool) -> Result<HttpResponse, ApiError> {
    let missing = || {
        ApiError::not_found(
            format!("There is no file with id {raw}."),
            format!("file {raw:?}"),
        )
    };
    let id = parse_id(raw).ok_or_else(missing)?;
    let row: FileRow = state
        .store
        .get(ObjectType::File, id)
        .await?
        .ok_or_else(missing)?;
    if row.meta.deleted {
        return Ok(HttpResponse::Gone().finish());
    }
    let bytes = state.store.file_content(id).await?.ok_or_else(missing)?;
    let mut response = HttpResponse::Ok();
    if let Some(date) = super::caching::http_date(row.meta.modified) {
        response.insert_header((actix_web::http::header::LAST_MODIFIED, date));
    }
    response.content_type(
        row.mime_type
            .as_deref()
            .unwrap_or("application/octet-stream"),
    );
    if attachment {
        let name = row
            .file_name
            .clone()
            .unwrap_or_else(|| format!("file-{id}"));
        response.insert_header((
            CONTENT_DISPOSITION,
            ContentDisposition {
                disposition: DispositionType::Attachment,
                parameters: vec![DispositionParam::Filename(name)],
            },
        ));
    }
    Ok(response.body(bytes))
}

/// A file's content, for display in the browser.
#[utoipa::path(
    get,
    path = "/files/{id}/access",
    tag = "Files",
    params(("id" = i64, Path, description = "The file's id")),
    responses(
        (status = 200, description = "The file's bytes, with its media type"),
        (status = 404, description = "No such file, or no content stored for it", body = m::Error, content_type = "application/json"),
        (status = 410, description = "The file was deleted")
    )
)]
#[route("/files/{id}/access", method = "GET", method = "HEAD")]
pub async fn access(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    serve(&state, &id, false).await
}

/// A file's content as a download (`Content-Disposition: attachment`).
#[utoipa::path(
    get,
    path = "/files/{id}/download",
    tag = "Files",
    params(("id" = i64, Path, description = "The file's id")),
    responses(
        (status = 200, description = "The file's bytes as an attachment"),
        (status = 404, description = "No such file, or no content stored for it", body = m::Error, content_type = "application/json"),
        (status = 410, description = "The file was deleted")
    )
)]
#[route("/files/{id}/download", method = "GET", method = "HEAD")]
pub async fn download(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    serve(&state, &id, true).await
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(access).service(download);
}

/// `/dumps/`: the bulk dump folder as static files, with `ETag`, `Last-Modified`, `Range`
/// and `Content-Length` (actix-files). Dumps are written by `ratsinfo dump` or the
/// schedule of `serve --dump-every`, never on a request; a dump being written lives in
/// a hidden folder beside this one and appears here only when complete.
pub fn dumps(cfg: &mut web::ServiceConfig, dir: Option<std::path::PathBuf>) {
    match dir {
        Some(dir) => {
            cfg.service(
                actix_files::Files::new("/dumps", dir)
                    .show_files_listing()
                    .redirect_to_slash_directory()
                    .use_etag(true)
                    .use_last_modified(true),
            );
        }
        None => {
            cfg.route("/dumps{tail:.*}", web::get().to(no_dumps));
        }
    }
}

async fn no_dumps() -> Result<HttpResponse, ApiError> {
    Err(ApiError::not_found(
        "This instance offers no bulk dump: the operator starts serve with --dump-dir (and --dump-every for a schedule).",
        "no --dump-dir",
    ))
}
