//! The OParl 1.1 face: `/oparl/v1.1/...`, strictly after the specification.

pub mod csv;
pub mod endpoints;
pub mod params;
pub mod render;

use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;

use self::params::ListParams;
use self::render::{Form, Renderer};
use crate::api::AppState;
use crate::api::error::{ApiError, json_content_type};
use crate::oparl::ObjectType;
use crate::oparl::model::{Links, Page, Pagination};
use crate::store::read::{Cursor, HasId, ListFilter, Scope};
use crate::store::rows::{
    AgendaItemRow, BodyRow, ConsultationRow, FileRow, LegislativeTermRow, LocationRow, MeetingRow,
    MembershipRow, OrganizationRow, PaperRow, PersonRow,
};
use crate::store::{AnyRow, Result as StoreResult, renderings};

/// A stored row type and how its objects are rendered.
// actix runs each worker on one thread, so these futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait Renderable: AnyRow + HasId + Sized {
    type Object: Serialize;
    async fn render(renderer: &Renderer<'_>, rows: Vec<Self>) -> StoreResult<Vec<Self::Object>>;
}

macro_rules! renderable {
    ($row:ty, $obj:ty, |$r:ident, $rows:ident| $body:expr) => {
        impl Renderable for $row {
            type Object = $obj;
            async fn render($r: &Renderer<'_>, $rows: Vec<Self>) -> StoreResult<Vec<$obj>> {
                $body
            }
        }
    };
}

use crate::oparl::model as m;
renderable!(BodyRow, m::Body, |r, rows| r.bodies(rows).await);
renderable!(LegislativeTermRow, m::LegislativeTerm, |r, rows| Ok(rows
    .into_iter()
    .map(|row| r.legislative_term(row, Form::Standalone))
    .collect()));
renderable!(OrganizationRow, m::Organization, |r, rows| r
    .organizations(rows)
    .await);
renderable!(PersonRow, m::Person, |r, rows| r.persons(rows).await);
renderable!(MembershipRow, m::Membership, |r, rows| Ok(rows
    .into_iter()
    .map(|row| r.membership(row, Form::Standalone))
    .collect()));
renderable!(MeetingRow, m::Meeting, |r, rows| r.meetings(rows).await);
renderable!(AgendaItemRow, m::AgendaItem, |r, rows| r
    .agenda_items(rows)
    .await);
renderable!(PaperRow, m::Paper, |r, rows| r.papers(rows).await);
renderable!(ConsultationRow, m::Consultation, |r, rows| r
    .consultations(rows)
    .await);
renderable!(FileRow, m::File, |r, rows| r
    .files(rows, Form::Standalone)
    .await);
renderable!(LocationRow, m::Location, |r, rows| r
    .locations(rows, Form::Standalone)
    .await);

/// Standalone renderings of objects by id, as `store::renderings` keeps them: (id,
/// modified, JSON), in id order, with ids under `urls`' base. Absent ids are left out.
pub async fn render_ids(
    reads: crate::store::Reads<'_>,
    urls: &crate::api::urls::Urls,
    ty: ObjectType,
    ids: &[i64],
) -> StoreResult<Vec<(i64, i64, String)>> {
    async fn of<R: Renderable>(
        renderer: &Renderer<'_>,
        ty: ObjectType,
        ids: &[i64],
    ) -> StoreResult<Vec<(i64, i64, String)>> {
        let rows: Vec<R> = renderer.reads.get_many(ty, ids).await?;
        let keys: Vec<(i64, i64)> = rows.iter().map(|r| (r.id(), r.modified())).collect();
        let objects = R::render(renderer, rows).await?;
        keys.into_iter()
            .zip(objects)
            .map(|((id, modified), object)| {
                let json = serde_json::to_string(&object)
                    .map_err(|e| crate::store::StoreError::Render(e.to_string()))?;
                Ok((id, modified, json))
            })
            .collect()
    }
    let r = &Renderer {
        reads,
        urls,
        omit_internal: false,
    };
    match ty {
        ObjectType::Body => of::<BodyRow>(r, ty, ids).await,
        ObjectType::LegislativeTerm => of::<LegislativeTermRow>(r, ty, ids).await,
        ObjectType::Organization => of::<OrganizationRow>(r, ty, ids).await,
        ObjectType::Person => of::<PersonRow>(r, ty, ids).await,
        ObjectType::Membership => of::<MembershipRow>(r, ty, ids).await,
        ObjectType::Meeting => of::<MeetingRow>(r, ty, ids).await,
        ObjectType::AgendaItem => of::<AgendaItemRow>(r, ty, ids).await,
        ObjectType::Paper => of::<PaperRow>(r, ty, ids).await,
        ObjectType::Consultation => of::<ConsultationRow>(r, ty, ids).await,
        ObjectType::File => of::<FileRow>(r, ty, ids).await,
        ObjectType::Location => of::<LocationRow>(r, ty, ids).await,
    }
}

/// A JSON response with OParl's content type and, where known, `Last-Modified`.
pub fn json_response<T: Serialize>(value: &T, last_modified: Option<i64>) -> HttpResponse {
    match serde_json::to_vec(value) {
        Ok(body) => json_bytes_response(body, last_modified),
        Err(e) => {
            tracing::error!(error = %e, "serialising a response failed");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// JSON bytes as a response with OParl's content type and, where known, `Last-Modified`.
fn json_bytes_response(body: Vec<u8>, last_modified: Option<i64>) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response.insert_header(("content-type", json_content_type()));
    if let Some(date) = last_modified.and_then(crate::api::caching::http_date) {
        response.insert_header((actix_web::http::header::LAST_MODIFIED, date));
    }
    response.body(body)
}

/// A cached JSON response: its bytes, its ETag and `Last-Modified`.
fn cached_response(
    cached: crate::api::response_cache::Cached,
    last_modified: Option<i64>,
) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response.insert_header(("content-type", json_content_type()));
    response.insert_header((actix_web::http::header::ETAG, cached.etag));
    if let Some(date) = last_modified.and_then(crate::api::caching::http_date) {
        response.insert_header((actix_web::http::header::LAST_MODIFIED, date));
    }
    response.body(cached.body)
}

/// The JSON bytes of a response.
fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(value).map_err(|e| ApiError::Render(e.to_string()))
}

/// Produces the JSON bytes with `render`, keeps them in the response cache under `key`
/// while `validator` holds, and answers from the cache when it does.
async fn cached_or<F>(
    state: &AppState,
    key: Option<String>,
    version: i64,
    validator: Option<i64>,
    render: F,
) -> Result<HttpResponse, ApiError>
where
    F: std::future::Future<Output = Result<Vec<u8>, ApiError>>,
{
    let Some(key) = key else {
        return Ok(json_bytes_response(render.await?, validator));
    };
    if let Some(hit) = state.responses.get(&key, validator, version) {
        return Ok(cached_response(hit, validator));
    }
    // Whoever rendered while this request waited for its turn left the response behind.
    let _turn = state.responses.turn(&key).await;
    if let Some(hit) = state.responses.get(&key, validator, version) {
        return Ok(cached_response(hit, validator));
    }
    let body = render.await?;
    Ok(cached_response(
        state.responses.put(key, validator, version, body.into()),
        validator,
    ))
}

/// The data version to render at, and the cached response when nothing was written
/// since it was confirmed: answered without a query of the data.
async fn fresh(
    state: &AppState,
    key: Option<&str>,
) -> Result<(i64, Option<HttpResponse>), ApiError> {
    let version = state.data_version().await?;
    let hit = key
        .and_then(|k| state.responses.fresh(k, version))
        .map(|(cached, validator)| cached_response(cached, validator));
    Ok((version, hit))
}

/// The System object, answered from the cache like every other object.
pub async fn system(state: &AppState) -> Result<HttpResponse, ApiError> {
    const KEY: &str = "system";
    let (version, hit) = fresh(state, Some(KEY)).await?;
    if let Some(hit) = hit {
        return Ok(hit);
    }
    let (system, modified) = state.system_object().await?;
    cached_or(
        state,
        Some(KEY.to_owned()),
        version,
        Some(modified),
        async { to_json(&system) },
    )
    .await
}

/// Up to this many matches, a filtered list is sorted after filtering.
const FEW_MATCHES: i64 = 20_000;

/// Files and locations list back-references that can change without their own
/// `modified` moving; they are rendered afresh each time.
fn cacheable(ty: ObjectType) -> bool {
    !matches!(ty, ObjectType::File | ObjectType::Location)
}

/// Object ids in paths are canonical decimal numbers: no sign, no leading zeros.
pub fn parse_id(raw: &str) -> Option<i64> {
    if raw.is_empty()
        || raw.len() > 18
        || raw.starts_with('0')
        || !raw.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    raw.parse().ok()
}

fn not_found(ty: ObjectType, raw: &str) -> ApiError {
    ApiError::not_found(
        format!("There is no {} with id {raw}.", ty.noun()),
        format!("unknown {} id {raw:?}", ty.name()),
    )
}

async fn object_of<R: Renderable>(
    state: &AppState,
    ty: ObjectType,
    id: i64,
    raw: &str,
) -> Result<HttpResponse, ApiError> {
    let key = cacheable(ty).then(|| format!("{}/{id}", ty.segment()));
    // The version is read before the data, so that a write during rendering leaves
    // the entry at the older version: the next request confirms it again.
    let (version, hit) = fresh(state, key.as_deref()).await?;
    if let Some(hit) = hit {
        return Ok(hit);
    }
    // A cold read: the object's stored rendering, one indexed read.
    if state.serves_renderings(ty).await?
        && let Some((modified, json)) = state.store.rendering(ty, id).await?
    {
        let body = renderings::rebase(&json, state.urls.base()).into_bytes();
        return cached_or(state, key, version, Some(modified), async { Ok(body) }).await;
    }
    let row: R = state
        .store
        .get(ty, id)
        .await?
        .ok_or_else(|| not_found(ty, raw))?;
    let modified = row.modified();
    cached_or(state, key, version, Some(modified), async {
        let renderer = state.renderer(false);
        let mut objects = R::render(&renderer, vec![row]).await?;
        to_json(&objects.pop().ok_or_else(|| not_found(ty, raw))?)
    })
    .await
}

/// A single object, or its tombstone (200) when deleted.
pub async fn object(state: &AppState, ty: ObjectType, raw: &str) -> Result<HttpResponse, ApiError> {
    let id = parse_id(raw).ok_or_else(|| not_found(ty, raw))?;
    match ty {
        ObjectType::Body => object_of::<BodyRow>(state, ty, id, raw).await,
        ObjectType::LegislativeTerm => object_of::<LegislativeTermRow>(state, ty, id, raw).await,
        ObjectType::Organization => object_of::<OrganizationRow>(state, ty, id, raw).await,
        ObjectType::Person => object_of::<PersonRow>(state, ty, id, raw).await,
        ObjectType::Membership => object_of::<MembershipRow>(state, ty, id, raw).await,
        ObjectType::Meeting => object_of::<MeetingRow>(state, ty, id, raw).await,
        ObjectType::AgendaItem => object_of::<AgendaItemRow>(state, ty, id, raw).await,
        ObjectType::Paper => object_of::<PaperRow>(state, ty, id, raw).await,
        ObjectType::Consultation => object_of::<ConsultationRow>(state, ty, id, raw).await,
        ObjectType::File => object_of::<FileRow>(state, ty, id, raw).await,
        ObjectType::Location => object_of::<LocationRow>(state, ty, id, raw).await,
    }
}

/// The object a list belongs to (`Body.paper`, `Organization.meeting`, ...) with its id
/// as requested. It must exist; that is checked only when the page is not served from
/// the cache, since a fresh entry was rendered after the same check with nothing
/// written since.
#[derive(Clone, Copy)]
pub enum Owner<'a> {
    Body(i64, &'a str),
    Organization(i64, &'a str),
}

impl Owner<'_> {
    async fn ensure_exists(self, state: &AppState) -> Result<(), ApiError> {
        let store = &state.store;
        let (found, ty, raw) = match self {
            Owner::Body(id, raw) => {
                let row: Option<BodyRow> = store.get(ObjectType::Body, id).await?;
                (row.is_some(), ObjectType::Body, raw)
            }
            Owner::Organization(id, raw) => {
                let row: Option<OrganizationRow> = store.get(ObjectType::Organization, id).await?;
                (row.is_some(), ObjectType::Organization, raw)
            }
        };
        if found {
            Ok(())
        } else {
            Err(not_found(ty, raw))
        }
    }
}

async fn list_of<R: Renderable + 'static>(
    state: &AppState,
    ty: ObjectType,
    scope: Scope,
    owner: Option<Owner<'_>>,
    params: &ListParams,
    list_url: &str,
    req: &HttpRequest,
) -> Result<HttpResponse, ApiError> {
    if params.csv {
        return csv_list::<R>(state, ty, scope, owner, params, list_url, req).await;
    }
    let store = &state.store;
    let self_ = params.link(list_url, params.cursor);
    let key = cacheable(ty).then(|| self_.clone());
    let (version, hit) = fresh(state, key.as_deref()).await?;
    if let Some(hit) = hit {
        return Ok(hit);
    }
    // The last change in the list validates a cached page: any insert, change or
    // deletion among its objects (or their embedded children) moves it.
    let last_modified = store.last_modified(ty, scope).await?;
    // Objects in a Body's list prove that the Body exists (their `body_id` references
    // it): a cold page asks one statement less.
    let proven = matches!(owner, Some(Owner::Body(..))) && last_modified.is_some();
    if let Some(owner) = owner
        && !proven
    {
        owner.ensure_exists(state).await?;
    }
    cached_or(state, key, version, last_modified, async {
        let total = state
            .count(ty, scope, &params.filter, last_modified)
            .await?;
        // A filter window with few matches is sorted after filtering (see Store::list).
        let few_matches = params.filter != ListFilter::default() && total <= FEW_MATCHES;
        let pagination = Pagination {
            total_elements: Some(total),
            elements_per_page: Some(params.limit),
        };
        let links = |has_next: bool, has_prev: bool, first: Option<i64>, last: Option<i64>| Links {
            first: params.link(list_url, Cursor::Start),
            self_: self_.clone(),
            next: match (has_next, last) {
                (true, Some(last)) => Some(params.link(list_url, Cursor::After(last))),
                _ => None,
            },
            prev: match (has_prev, first) {
                (true, Some(first)) => Some(params.link(list_url, Cursor::Before(first))),
                _ => None,
            },
        };
        // A page never seen before: one range of stored renderings, joined as they are.
        if !params.omit_internal && state.serves_renderings(ty).await? {
            let page = store
                .list_rendered(
                    ty,
                    scope,
                    &params.filter,
                    params.cursor,
                    params.limit,
                    few_matches,
                )
                .await?;
            if page.rows.iter().all(|r| r.json.is_some()) {
                let links = links(
                    page.has_next,
                    page.has_prev,
                    page.rows.first().map(|r| r.id),
                    page.rows.last().map(|r| r.id),
                );
                let data: Vec<&str> = page.rows.iter().filter_map(|r| r.json.as_deref()).collect();
                return page_json(&data, &pagination, &links, state.urls.base());
            }
        }
        let page = store
            .list::<R>(
                ty,
                scope,
                &params.filter,
                params.cursor,
                params.limit,
                few_matches,
            )
            .await?;
        let links = links(
            page.has_next,
            page.has_prev,
            page.rows.first().map(HasId::id),
            page.rows.last().map(HasId::id),
        );
        let renderer = state.renderer(params.omit_internal);
        let data = R::render(&renderer, page.rows).await?;
        to_json(&Page {
            data,
            pagination,
            links,
        })
    })
    .await
}

/// A list page from stored renderings: the bytes `Page` would serialise to.
fn page_json(
    data: &[&str],
    pagination: &Pagination,
    links: &Links,
    base: &str,
) -> Result<Vec<u8>, ApiError> {
    let mut out = String::with_capacity(64 + data.iter().map(|d| d.len() + 1).sum::<usize>());
    out.push_str("{\"data\":[");
    for (i, object) in data.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(object);
    }
    let mut out = renderings::rebase(&out, base).into_bytes();
    out.extend_from_slice(b"],\"pagination\":");
    out.extend(to_json(pagination)?);
    out.extend_from_slice(b",\"links\":");
    out.extend(to_json(links)?);
    out.push(b'}');
    Ok(out)
}

/// A list as CSV: a page, or with `all=true` the whole list streamed.
async fn csv_list<R: Renderable + 'static>(
    state: &AppState,
    ty: ObjectType,
    scope: Scope,
    owner: Option<Owner<'_>>,
    params: &ListParams,
    list_url: &str,
    req: &HttpRequest,
) -> Result<HttpResponse, ApiError> {
    if let Some(owner) = owner {
        owner.ensure_exists(state).await?;
    }
    if params.all {
        let data = req
            .app_data::<actix_web::web::Data<AppState>>()
            .cloned()
            .ok_or_else(|| ApiError::Render("application state missing".to_owned()))?;
        return Ok(csv::all::<R>(data, ty, scope, params));
    }
    let few_matches = params.filter != ListFilter::default();
    let page = state
        .store
        .list::<R>(
            ty,
            scope,
            &params.filter,
            params.cursor,
            params.limit,
            few_matches,
        )
        .await?;
    let next = match (page.has_next, page.rows.last().map(HasId::id)) {
        (true, Some(last)) => Some(params.link(list_url, Cursor::After(last))),
        _ => None,
    };
    let objects = R::render(&state.renderer(true), page.rows).await?;
    csv::page(ty, &objects, next)
}

/// What a list's `Accept` header asks for: CSV (true), JSON (false), or neither (a 406
/// problem: the client accepts nothing a list can be).
fn negotiate(req: &HttpRequest) -> Result<bool, ApiError> {
    let Some((accept, ranges)) = crate::api::accept_ranges(req) else {
        return Ok(false);
    };
    if ranges.contains(&"text/csv") {
        return Ok(true);
    }
    let json = ranges.iter().any(|r| {
        r.is_empty()
            || matches!(*r, "*/*" | "application/*" | "application/json")
            || r.ends_with("+json")
    });
    if !json && ranges.contains(&"text/*") {
        return Ok(true);
    }
    if json {
        Ok(false)
    } else {
        Err(ApiError::NotAcceptable {
            detail: "Lists are served as application/json or text/csv.".to_owned(),
            debug: format!("Accept: {accept}"),
        })
    }
}

/// One page of a list.
pub async fn list(
    state: &AppState,
    ty: ObjectType,
    scope: Scope,
    owner: Option<Owner<'_>>,
    req: &HttpRequest,
    list_url: &str,
) -> Result<HttpResponse, ApiError> {
    let mut params = ListParams::parse(req.query_string())?;
    // An explicit format wins over the Accept header.
    if !params.explicit_format {
        params.csv = negotiate(req)?;
    }
    if params.all && !params.csv {
        return Err(ApiError::bad_request(
            "all=true streams a whole list as CSV: add format=csv (JSON lists are paged).",
            req.query_string().to_owned(),
        ));
    }
    let (p, o) = (&params, owner);
    let mut response = match ty {
        ObjectType::Body => list_of::<BodyRow>(state, ty, scope, o, p, list_url, req).await?,
        ObjectType::LegislativeTerm => {
            list_of::<LegislativeTermRow>(state, ty, scope, o, p, list_url, req).await?
        }
        ObjectType::Organization => {
            list_of::<OrganizationRow>(state, ty, scope, o, p, list_url, req).await?
        }
        ObjectType::Person => list_of::<PersonRow>(state, ty, scope, o, p, list_url, req).await?,
        ObjectType::Membership => {
            list_of::<MembershipRow>(state, ty, scope, o, p, list_url, req).await?
        }
        ObjectType::Meeting => list_of::<MeetingRow>(state, ty, scope, o, p, list_url, req).await?,
        ObjectType::AgendaItem => {
            list_of::<AgendaItemRow>(state, ty, scope, o, p, list_url, req).await?
        }
        ObjectType::Paper => list_of::<PaperRow>(state, ty, scope, o, p, list_url, req).await?,
        ObjectType::Consultation => {
            list_of::<ConsultationRow>(state, ty, scope, o, p, list_url, req).await?
        }
        ObjectType::File => list_of::<FileRow>(state, ty, scope, o, p, list_url, req).await?,
        ObjectType::Location => {
            list_of::<LocationRow>(state, ty, scope, o, p, list_url, req).await?
        }
    };
    // The same URL answers JSON or CSV by the Accept header: caches must tell them apart.
    response.headers_mut().append(
        actix_web::http::header::VARY,
        actix_web::http::header::HeaderValue::from_static("Accept"),
    );
    Ok(response)
}

/// A list of a Body; 404 when the body does not exist.
pub async fn body_list(
    state: &AppState,
    raw_body: &str,
    ty: ObjectType,
    req: &HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let body = parse_id(raw_body).ok_or_else(|| not_found(ObjectType::Body, raw_body))?;
    let owner = Owner::Body(body, raw_body);
    let url = state.urls.body_list_of(body, ty);
    list(state, ty, Scope::Body(body), Some(owner), req, &url).await
}

/// `Organization.meeting` or `Organization.consultation`.
pub async fn organization_list(
    state: &AppState,
    raw_org: &str,
    ty: ObjectType,
    req: &HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let org = parse_id(raw_org).ok_or_else(|| not_found(ObjectType::Organization, raw_org))?;
    let owner = Owner::Organization(org, raw_org);
    let url = state.urls.organization_list_of(org, ty);
    let scope = if ty == ObjectType::Meeting {
        Scope::OrganizationMeetings(org)
    } else {
        Scope::OrganizationConsultations(org)
    };
    list(state, ty, scope, Some(owner), req, &url).await
}

#[cfg(test)]
mod tests {
    use super::parse_id;

    #[test]
    fn ids_are_canonical_numbers() {
        assert_eq!(parse_id("42"), Some(42));
        for raw in [
            "",
            "0",
            "042",
            "-1",
            "+1",
            "4a",
            "1.0",
            "99999999999999999999",
        ] {
            assert_eq!(parse_id(raw), None, "{raw}");
        }
    }
}

#[cfg(test)]
mod negotiation_tests {
    use super::negotiate;
    use actix_web::test::TestRequest;

    #[test]
    fn lists_are_json_or_csv() {
        let with = |accept: &str| {
            negotiate(
                &TestRequest::default()
                    .insert_header(("accept", accept))
                    .to_http_request(),
            )
        };
        assert_eq!(with("text/csv").ok(), Some(true));
        assert_eq!(with("text/*").ok(), Some(true));
        assert_eq!(with("*/*").ok(), Some(false));
        assert_eq!(with("application/ld+json").ok(), Some(false));
        assert_eq!(
            with("text/html,application/xhtml+xml,*/*;q=0.8").ok(),
            Some(false)
        );
        assert!(with("application/xml").is_err());
        assert_eq!(
            negotiate(&TestRequest::default().to_http_request()).ok(),
            Some(false)
        );
    }
}
