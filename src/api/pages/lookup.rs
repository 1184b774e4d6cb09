//! What pages need beside the object itself: the names behind references, the page of
//! an API URL, and an object rendered exactly as the OParl face serves it.

use std::collections::HashMap;

use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::oparl::{Renderable, parse_id};
use crate::api::urls::OPARL_PREFIX;
use crate::oparl::ObjectType;
use crate::store::AnyRow;
use crate::store::read::HasId;
use crate::store::rows::{MeetingRow, OrganizationRow, PersonRow};

/// A live object rendered as the OParl face serves it, and its last change; unknown and
/// deleted objects are "not found" (a page has nothing to show of a tombstone).
pub async fn object<R: Renderable>(
    state: &AppState,
    ty: ObjectType,
    raw: &str,
    noun: &str,
) -> Result<(R::Object, i64), ApiError> {
    let missing = || super::missing(noun, raw);
    let id = parse_id(raw).ok_or_else(missing)?;
    let row: R = state.store.get(ty, id).await?.ok_or_else(missing)?;
    if row.deleted() {
        return Err(missing());
    }
    let modified = row.modified();
    let renderer = state.renderer(false);
    let object = R::render(&renderer, vec![row])
        .await?
        .pop()
        .ok_or_else(missing)?;
    Ok((object, modified))
}

/// The id at the end of an object URL.
pub fn id_in(url: &str) -> Option<i64> {
    url.rsplit('/').next().and_then(parse_id)
}

/// The page of an OParl or native URL of this instance, where there is one.
pub fn page_of(state: &AppState, url: &str) -> Option<String> {
    let base = state.urls.base();
    let path = url.strip_prefix(base)?;
    if let Some(rest) = path.strip_prefix("/api/v1/votes/") {
        return parse_id(rest).map(|id| format!("/votes/{id}"));
    }
    let rest = path.strip_prefix(OPARL_PREFIX)?.strip_prefix('/')?;
    let (segment, id) = rest.split_once('/')?;
    let ty = ObjectType::from_segment(segment)?;
    let id = parse_id(id)?;
    matches!(
        ty,
        ObjectType::Meeting
            | ObjectType::AgendaItem
            | ObjectType::Paper
            | ObjectType::Person
            | ObjectType::Organization
    )
    .then(|| format!("/{segment}/{id}"))
}

/// The page of an object of a type.
pub fn page(ty: ObjectType, id: i64) -> String {
    format!("/{}/{id}", ty.segment())
}

fn ids_of<'a>(urls: impl IntoIterator<Item = &'a String>) -> Vec<i64> {
    let mut ids: Vec<i64> = urls.into_iter().filter_map(|u| id_in(u)).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Live objects of one type by id, from their URLs (one query).
async fn live_by_url<'a, R: AnyRow + HasId>(
    state: &AppState,
    ty: ObjectType,
    urls: impl IntoIterator<Item = &'a String>,
) -> Result<HashMap<i64, R>, ApiError> {
    let rows: Vec<R> = state.store.get_many(ty, &ids_of(urls)).await?;
    Ok(rows
        .into_iter()
        .filter(|r| !r.deleted())
        .map(|r| (r.id(), r))
        .collect())
}

pub async fn organizations<'a>(
    state: &AppState,
    urls: impl IntoIterator<Item = &'a String>,
) -> Result<HashMap<i64, OrganizationRow>, ApiError> {
    live_by_url(state, ObjectType::Organization, urls).await
}

pub async fn persons<'a>(
    state: &AppState,
    urls: impl IntoIterator<Item = &'a String>,
) -> Result<HashMap<i64, PersonRow>, ApiError> {
    live_by_url(state, ObjectType::Person, urls).await
}

pub async fn meetings<'a>(
    state: &AppState,
    urls: impl IntoIterator<Item = &'a String>,
) -> Result<HashMap<i64, MeetingRow>, ApiError> {
    live_by_url(state, ObjectType::Meeting, urls).await
}

/// A display name of an organization row.
pub fn organization_name(r: &OrganizationRow) -> String {
    r.name
        .clone()
        .or_else(|| r.short_name.clone())
        .unwrap_or_else(|| format!("Gremium {}", r.meta.id))
}

pub fn person_name(r: &PersonRow) -> String {
    r.name
        .clone()
        .unwrap_or_else(|| format!("Person {}", r.meta.id))
}

pub fn meeting_name(r: &MeetingRow) -> String {
    r.name
        .clone()
        .unwrap_or_else(|| format!("Sitzung {}", r.meta.id))
}
