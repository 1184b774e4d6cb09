//! `DELETE /api/v1/objects/{type}/{id}`: withdraws an object, which from then on answers
//! as an OParl tombstone (`deleted: true`), with what is embedded in it (a meeting's
//! agenda items, a person's memberships, a paper's consultations). Lists and the
//! objects that embed or list it move, so harvesters see the deletion.

use actix_web::{HttpRequest, HttpResponse, delete, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::{WriteCounts, authorize};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::oparl::json_response;
use crate::ingest::writer::Writer;
use crate::oparl::ObjectType;
use crate::store::tokens::TokenScope;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Withdrawal {
    /// The object's OParl URL; it now answers with a tombstone.
    pub id: String,
    /// False when it was withdrawn before (nothing changed).
    pub withdrawn: bool,
    /// Tombstones made: the object and what it embedded.
    pub counts: WriteCounts,
}

#[derive(sqlx::FromRow)]
struct State {
    deleted: bool,
}

#[utoipa::path(
    delete,
    path = "/api/v1/objects/{type}/{id}",
    tag = "Writes",
    security(("bearer" = [])),
    params(
        ("type" = String, Path, description = "The OParl list segment: papers, meetings, persons, organizations, agenda-items, files, …"),
        ("id" = i64, Path, description = "The object's number, the last segment of its OParl URL")
    ),
    responses(
        (status = 200, description = "Withdrawn (or withdrawn before)", body = Withdrawal),
        (status = 400, description = "The type cannot be withdrawn (System, Body) or the id is malformed", body = crate::oparl::model::Error),
        (status = 401, description = "No valid bearer token", body = crate::oparl::model::Error),
        (status = 403, description = "The token's scope is not import or admin", body = crate::oparl::model::Error),
        (status = 404, description = "No such object", body = crate::oparl::model::Error)
    )
)]
#[delete("/api/v1/objects/{type}/{id}")]
pub async fn withdraw(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let token = authorize(&req, &state, TokenScope::Import).await?;
    let (segment, raw_id) = path.into_inner();
    let ty = ObjectType::from_segment(&segment)
        .filter(|t| *t != ObjectType::Body)
        .ok_or_else(|| {
            ApiError::bad_request(
                format!(
                    "{segment:?} is not a type that can be withdrawn: use an OParl list segment such as papers or meetings (bodies are not withdrawn over the API)."
                ),
                format!("segment {segment:?}"),
            )
        })?;
    let id: i64 = raw_id.parse().map_err(|_| {
        ApiError::bad_request(
            format!("{raw_id:?} is not an object number."),
            format!("id {raw_id:?}"),
        )
    })?;
    let url = state.urls.object(ty, id);
    let Some(current) = state.writes.get::<State>(ty, id).await? else {
        return Err(ApiError::not_found(
            format!("There is no object at {url}."),
            format!("{} {id}", ty.name()),
        ));
    };
    let mut tx = state.writes.begin().await?;
    let (withdrawn, counts) = {
        let mut w = Writer::new(&mut tx, String::new());
        let withdrawn = !current.deleted && w.withdraw(ty, id).await?;
        (withdrawn, w.counts.clone())
    };
    if withdrawn {
        let object = format!("{}/{id}", ty.segment());
        tx.audit(&token.name, "withdraw", &[object], None).await?;
        tx.commit().await?;
        tracing::info!(token = %token.name, %url, deleted = counts.deleted, "object withdrawn over HTTP");
    } else {
        tx.commit_bookkeeping()
            .await
            .map_err(crate::store::StoreError::from)?;
    }
    Ok(json_response(
        &Withdrawal {
            id: url,
            withdrawn,
            counts: WriteCounts::from(&counts),
        },
        None,
    ))
}
