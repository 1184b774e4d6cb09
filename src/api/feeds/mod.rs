//! Feeds for people who want to be told: Atom feeds of new and changed papers, meetings
//! and decisions (per body, committee, person, paper type and saved search) and
//! iCalendar files of meetings (per body and committee). Entries link the page for
//! people and the object in the API; ids are the objects' API URLs, so they stay.

pub mod atom;
pub mod ical;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, route, web};

use self::atom::{Entry, Feed};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::native::Query;
use crate::api::native::search::request as search_request;
use crate::api::oparl::parse_id;
use crate::oparl::ObjectType;
use crate::oparl::model::Error as ErrorBody;
use crate::store::feeds::{FeedRow, FeedScope};
use crate::store::rows::{BodyRow, LocationRow, OrganizationRow, PersonRow};
use crate::store::search::Sort;

/// Entries of a feed when the client asks for no number, and the most it may ask for.
const DEFAULT_ENTRIES: i64 = 50;
const MAX_ENTRIES: i64 = 200;
/// Meetings in a calendar: the latest, or those from a day on, at most this many.
const CALENDAR_MAX: i64 = 5000;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(body_feed)
        .service(organization_feed)
        .service(person_feed)
        .service(paper_type_feed)
        .service(search_feed)
        .service(body_calendar)
        .service(organization_calendar);
}

/// The id in `{id}.atom` or `{id}.ics`.
fn id_with_suffix(raw: &str, suffix: &str, noun: &str) -> Result<i64, ApiError> {
    raw.strip_suffix(suffix)
        .and_then(parse_id)
        .ok_or_else(|| unknown(noun, raw))
}

fn unknown(noun: &str, raw: &str) -> ApiError {
    ApiError::not_found(
        format!("There is no {noun} with id {raw}."),
        format!("{noun} {raw:?}"),
    )
}

async fn live<R: crate::store::AnyRow + crate::store::read::HasId>(
    state: &AppState,
    ty: ObjectType,
    id: i64,
    raw: &str,
) -> Result<R, ApiError> {
    state
        .store
        .get::<R>(ty, id)
        .await?
        .filter(|r| !r.deleted())
        .ok_or_else(|| unknown(ty.noun(), raw))
}

fn absolute(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.urls.base())
}

/// A feed entry for a stored change.
fn entry(state: &AppState, row: FeedRow) -> Entry {
    let (json, page, category) = match row.kind.as_str() {
        "Paper" => (
            state.urls.object(ObjectType::Paper, row.id),
            format!("/papers/{}", row.id),
            "Drucksache",
        ),
        "Meeting" => (
            state.urls.object(ObjectType::Meeting, row.id),
            format!("/meetings/{}", row.id),
            "Sitzung",
        ),
        _ => (
            state.urls.vote(row.id),
            format!("/votes/{}", row.id),
            "Abstimmung",
        ),
    };
    let mut summary = row.summary.unwrap_or_default();
    if let Some(day) = row.day.filter(|d| !d.is_empty()) {
        summary = if summary.is_empty() {
            day
        } else {
            format!("{day} · {summary}")
        };
    }
    Entry {
        id: json.clone(),
        title: row.title.unwrap_or_else(|| category.to_owned()),
        summary: Some(summary),
        published: row.created,
        updated: row.modified,
        html: Some(absolute(state, &page)),
        json,
        category,
    }
}

/// The Atom document of some entries: its id is the URL asked for, its `Last-Modified`
/// the newest entry's change.
async fn atom_response(
    state: &AppState,
    req: &HttpRequest,
    title: &str,
    page: Option<String>,
    entries: &[Entry],
) -> Result<HttpResponse, ApiError> {
    let self_url = absolute(state, &format!("{}{}", req.path(), query_suffix(req)));
    let html = page.map(|p| absolute(state, &p));
    let system = state.store.system().await?;
    let xml = Feed {
        id: &self_url,
        title,
        author: &state.system.name,
        html: html.as_deref(),
        empty_updated: system.created,
        entries,
    }
    .render();
    let mut r = HttpResponse::Ok();
    r.insert_header((
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    ));
    let updated = entries.iter().map(|e| e.updated).max();
    if let Some(date) = updated.and_then(crate::api::caching::http_date) {
        r.insert_header((header::LAST_MODIFIED, date));
    }
    Ok(r.body(xml))
}

/// A feed of a scope: the latest changes, newest first.
async fn scoped_feed(
    state: &AppState,
    req: &HttpRequest,
    scope: FeedScope,
    title: &str,
    page: Option<String>,
    known: &[&str],
) -> Result<HttpResponse, ApiError> {
    let q = Query::parse(req)?;
    q.only(known)?;
    let limit = q.limit_within(DEFAULT_ENTRIES, MAX_ENTRIES, false)?;
    let rows = state.store.feed(&scope, limit).await?;
    let entries: Vec<Entry> = rows.into_iter().map(|r| entry(state, r)).collect();
    atom_response(state, req, title, page, &entries).await
}

fn query_suffix(req: &HttpRequest) -> String {
    if req.query_string().is_empty() {
        String::new()
    } else {
        format!("?{}", req.query_string())
    }
}

/// New and changed papers, meetings and decisions of a body (Atom).
#[utoipa::path(
    get,
    path = "/feeds/bodies/{id}.atom",
    tag = "Feeds",
    params(
        ("id" = i64, Path, description = "Body id"),
        ("limit" = Option<i64>, Query, description = "Entries, 1 to 200 (default 50)")
    ),
    responses(
        (status = 200, description = "An Atom feed, newest first", content_type = "application/atom+xml"),
        (status = 400, description = "A malformed parameter or id", body = ErrorBody, content_type = "application/json"),
        (status = 404, description = "No such body", body = ErrorBody, content_type = "application/json")
    )
)]
#[route("/feeds/bodies/{file}", method = "GET", method = "HEAD")]
pub async fn body_feed(
    state: web::Data<AppState>,
    file: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let id = id_with_suffix(&file, ".atom", "body")?;
    let body: BodyRow = live(&state, ObjectType::Body, id, &file).await?;
    let name = body.name.unwrap_or_else(|| format!("Körperschaft {id}"));
    let title = format!("{name}: neue und geänderte Drucksachen, Sitzungen und Beschlüsse");
    scoped_feed(
        &state,
        &req,
        FeedScope::Body(id),
        &title,
        Some("/".to_owned()),
        &["limit"],
    )
    .await
}

/// Meetings of a committee, decisions taken in it and papers consulted in it (Atom).
#[utoipa::path(
    get,
    path = "/feeds/organizations/{id}.atom",
    tag = "Feeds",
    params(
        ("id" = i64, Path, description = "Organization id"),
        ("limit" = Option<i64>, Query, description = "Entries, 1 to 200 (default 50)")
    ),
    responses(
        (status = 200, description = "An Atom feed, newest first", content_type = "application/atom+xml"),
        (status = 400, description = "A malformed parameter or id", body = ErrorBody, content_type = "application/json"),
        (status = 404, description = "No such organization", body = ErrorBody, content_type = "application/json")
    )
)]
#[route("/feeds/organizations/{file}", method = "GET", method = "HEAD")]
pub async fn organization_feed(
    state: web::Data<AppState>,
    file: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let id = id_with_suffix(&file, ".atom", "organization")?;
    let org: OrganizationRow = live(&state, ObjectType::Organization, id, &file).await?;
    let title = format!(
        "{}: Sitzungen, Beschlüsse und Drucksachen",
        crate::api::pages::organization_name(&org)
    );
    let page = Some(format!("/organizations/{id}"));
    scoped_feed(
        &state,
        &req,
        FeedScope::Organization(id),
        &title,
        page,
        &["limit"],
    )
    .await
}

/// A person's votes and the papers they brought in (Atom).
#[utoipa::path(
    get,
    path = "/feeds/persons/{id}.atom",
    tag = "Feeds",
    params(
        ("id" = i64, Path, description = "Person id"),
        ("limit" = Option<i64>, Query, description = "Entries, 1 to 200 (default 50)")
    ),
    responses(
        (status = 200, description = "An Atom feed, newest first", content_type = "application/atom+xml"),
        (status = 400, description = "A malformed parameter or id", body = ErrorBody, content_type = "application/json"),
        (status = 404, description = "No such person", body = ErrorBody, content_type = "application/json")
    )
)]
#[route("/feeds/persons/{file}", method = "GET", method = "HEAD")]
pub async fn person_feed(
    state: web::Data<AppState>,
    file: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let id = id_with_suffix(&file, ".atom", "person")?;
    let person: PersonRow = live(&state, ObjectType::Person, id, &file).await?;
    let title = format!(
        "{}: Abstimmungen und Anträge",
        person.name.unwrap_or_else(|| format!("Person {id}"))
    );
    let page = Some(format!("/persons/{id}"));
    scoped_feed(
        &state,
        &req,
        FeedScope::Person(id),
        &title,
        page,
        &["limit"],
    )
    .await
}

/// New and changed papers of one type, such as `Antrag` or `Anfrage` (Atom).
#[utoipa::path(
    get,
    path = "/feeds/papers.atom",
    tag = "Feeds",
    params(
        ("paper_type" = String, Query, description = "The paper type as written, e.g. `Antrag`"),
        ("body" = Option<String>, Query, description = "Body id (or URL)"),
        ("limit" = Option<i64>, Query, description = "Entries, 1 to 200 (default 50)")
    ),
    responses(
        (status = 200, description = "An Atom feed, newest first", content_type = "application/atom+xml"),
        (status = 400, description = "paper_type missing, or a malformed parameter", body = ErrorBody, content_type = "application/json")
    )
)]
#[route("/feeds/papers.atom", method = "GET", method = "HEAD")]
pub async fn paper_type_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let q = Query::parse(&req)?;
    let paper_type = q
        .text("paper_type")
        .ok_or_else(|| {
            ApiError::bad_request(
                "paper_type is required, e.g. paper_type=Antrag.",
                "paper_type missing",
            )
        })?
        .to_owned();
    let body = q.id("body")?;
    let title = format!("{paper_type}: neue und geänderte Drucksachen");
    let scope = FeedScope::PaperType { paper_type, body };
    scoped_feed(
        &state,
        &req,
        scope,
        &title,
        None,
        &["paper_type", "body", "limit"],
    )
    .await
}

/// A saved search: the newest results of a query, with the filters of `/api/v1/search`
/// (Atom).
#[utoipa::path(
    get,
    path = "/feeds/search.atom",
    tag = "Feeds",
    params(
        ("q" = String, Query, description = "The query, as for /api/v1/search"),
        ("type" = Option<String>, Query, description = "Result types, comma-separated"),
        ("body" = Option<String>, Query, description = "Body id (or URL)"),
        ("organization" = Option<String>, Query, description = "Committee id (or URL)"),
        ("limit" = Option<i64>, Query, description = "Entries, 1 to 100 (default 20)")
    ),
    responses(
        (status = 200, description = "An Atom feed of the newest results", content_type = "application/atom+xml"),
        (status = 400, description = "An empty or malformed query", body = ErrorBody, content_type = "application/json")
    )
)]
#[route("/feeds/search.atom", method = "GET", method = "HEAD")]
pub async fn search_feed(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let q = Query::parse(&req)?;
    let mut search = search_request(&q)?;
    search.sort = Sort::Date;
    search.facets = false;
    search.cursor = None;
    let page = state.store.search(&search).await?;
    let mut stamps = std::collections::HashMap::new();
    for kind in crate::store::search::Kind::ALL {
        let ids: Vec<i64> = page
            .hits
            .iter()
            .filter(|h| h.kind == kind)
            .map(|h| h.object_id)
            .collect();
        for (id, created, modified) in state.store.stamps(kind.table(), &ids).await? {
            stamps.insert((kind, id), (created, modified));
        }
    }
    let entries: Vec<Entry> = page
        .hits
        .iter()
        .filter_map(|h| {
            let (created, modified) = *stamps.get(&(h.kind, h.object_id))?;
            let (json, path) = match h.kind.object_type() {
                Some(ty) => (
                    state.urls.object(ty, h.object_id),
                    format!("/{}/{}", ty.segment(), h.object_id),
                ),
                None => (
                    state.urls.vote(h.object_id),
                    format!("/votes/{}", h.object_id),
                ),
            };
            let snippet = crate::search::snippet::snippet(&h.text, &search.query);
            Some(Entry {
                id: json.clone(),
                title: h.title.clone(),
                summary: Some(crate::search::snippet::plain(&snippet)),
                published: created,
                updated: modified,
                html: Some(absolute(&state, &path)),
                json,
                category: crate::api::pages::kind_label(h.kind.name()),
            })
        })
        .collect();
    let title = format!("Suche: {}", q.text("q").unwrap_or_default());
    let page = Some(format!("/search{}", query_suffix(&req)));
    atom_response(&state, &req, &title, page, &entries).await
}

async fn calendar(
    state: &AppState,
    req: &HttpRequest,
    body: Option<i64>,
    organization: Option<i64>,
    name: &str,
) -> Result<HttpResponse, ApiError> {
    let q = Query::parse(req)?;
    q.only(&["from"])?;
    let from = q.date("from")?;
    let meetings = state
        .store
        .calendar(body, organization, from.as_deref(), CALENDAR_MAX)
        .await?;
    let mut location_ids: Vec<i64> = meetings.iter().filter_map(|m| m.location_id).collect();
    location_ids.sort_unstable();
    location_ids.dedup();
    let locations: std::collections::HashMap<i64, LocationRow> = state
        .store
        .get_many::<LocationRow>(ObjectType::Location, &location_ids)
        .await?
        .into_iter()
        .map(|l| (l.meta.id, l))
        .collect();
    let events: Vec<ical::Event> = meetings
        .iter()
        .filter_map(|m| {
            let start = m.start_at.clone()?;
            let location = m.location_id.and_then(|l| locations.get(&l)).map(|l| {
                [&l.description, &l.room, &l.street_address, &l.locality]
                    .into_iter()
                    .flatten()
                    .fold(Vec::<&str>::new(), |mut parts, p| {
                        if !parts.iter().any(|known| known.contains(p.as_str())) {
                            parts.push(p);
                        }
                        parts
                    })
                    .join(", ")
            });
            let page = absolute(state, &format!("/meetings/{}", m.meta.id));
            Some(ical::Event {
                uid: state.urls.object(ObjectType::Meeting, m.meta.id),
                summary: m.name.clone().unwrap_or_else(|| name.to_owned()),
                start,
                end: m.end_at.clone(),
                location: location.filter(|l| !l.is_empty()),
                description: Some(format!("Tagesordnung und Ergebnisse: {page}")),
                url: Some(page),
                cancelled: m.cancelled == Some(true),
                created: m.meta.created,
                modified: m.meta.modified,
            })
        })
        .collect();
    let updated = meetings.iter().map(|m| m.meta.modified).max();
    let mut r = HttpResponse::Ok();
    r.insert_header((
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    ));
    if let Some(date) = updated.and_then(crate::api::caching::http_date) {
        r.insert_header((header::LAST_MODIFIED, date));
    }
    Ok(r.body(ical::calendar(name, &events)))
}

/// The meetings of a body as iCalendar: the latest 5,000, or those from `from` on.
#[utoipa::path(
    get,
    path = "/calendar/bodies/{id}.ics",
    tag = "Feeds",
    params(
        ("id" = i64, Path, description = "Body id"),
        ("from" = Option<String>, Query, description = "First day, `yyyy-mm-dd` (default: the latest meetings)")
    ),
    responses(
        (status = 200, description = "An iCalendar file (RFC 5545), times in Europe/Berlin", content_type = "text/calendar"),
        (status = 400, description = "A malformed parameter or id", body = ErrorBody, content_type = "application/json"),
        (status = 404, description = "No such body", body = ErrorBody, content_type = "application/json")
    )
)]
#[route("/calendar/bodies/{file}", method = "GET", method = "HEAD")]
pub async fn body_calendar(
    state: web::Data<AppState>,
    file: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let id = id_with_suffix(&file, ".ics", "body")?;
    let body: BodyRow = live(&state, ObjectType::Body, id, &file).await?;
    let name = format!(
        "Sitzungen: {}",
        body.name.unwrap_or_else(|| format!("Körperschaft {id}"))
    );
    calendar(&state, &req, Some(id), None, &name).await
}

/// The meetings of a committee as iCalendar: the latest 5,000, or those from `from` on.
#[utoipa::path(
    get,
    path = "/calendar/organizations/{id}.ics",
    tag = "Feeds",
    params(
        ("id" = i64, Path, description = "Organization id"),
        ("from" = Option<String>, Query, description = "First day, `yyyy-mm-dd` (default: the latest meetings)")
    ),
    responses(
        (status = 200, description = "An iCalendar file (RFC 5545), times in Europe/Berlin", content_type = "text/calendar"),
        (status = 400, description = "A malformed parameter or id", body = ErrorBody, content_type = "application/json"),
        (status = 404, description = "No such organization", body = ErrorBody, content_type = "application/json")
    )
)]
#[route("/calendar/organizations/{file}", method = "GET", method = "HEAD")]
pub async fn organization_calendar(
    state: web::Data<AppState>,
    file: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let id = id_with_suffix(&file, ".ics", "organization")?;
    let org: OrganizationRow = live(&state, ObjectType::Organization, id, &file).await?;
    let name = format!("Sitzungen: {}", crate::api::pages::organization_name(&org));
    calendar(&state, &req, None, Some(id), &name).await
}
