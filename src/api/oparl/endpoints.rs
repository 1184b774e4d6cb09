//! The OParl routes, one handler per path so that the OpenAPI document describes each
//! with its own schema. Every route answers GET and HEAD.

use actix_web::{HttpRequest, HttpResponse, route, web};

use super::params::ListQuery;
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::oparl::ObjectType;
use crate::oparl::model::{self as m, Page};
use crate::store::read::Scope;

/// The System: entry point of the OParl API.
#[utoipa::path(
    get,
    path = "/oparl/v1.1/system",
    tag = "OParl",
    responses((status = 200, description = "The System object", body = m::System, content_type = "application/json"))
)]
#[route("/oparl/v1.1/system", method = "GET", method = "HEAD")]
pub async fn system(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    super::system(&state).await
}

/// The list of all bodies.
#[utoipa::path(
    get,
    path = "/oparl/v1.1/bodies",
    tag = "OParl",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of bodies", body = Page<m::Body>, content_type = "application/json"),
        (status = 400, description = "A malformed filter, limit or cursor", body = m::Error, content_type = "application/json")
    )
)]
#[route("/oparl/v1.1/bodies", method = "GET", method = "HEAD")]
pub async fn bodies(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let url = state.urls.body_list();
    super::list(&state, ObjectType::Body, Scope::AllBodies, None, &req, &url).await
}

macro_rules! object_endpoint {
    ($name:ident, $path:literal, $ty:expr, $schema:ty, $summary:literal) => {
        #[doc = $summary]
        #[utoipa::path(
            get,
            path = $path,
            tag = "OParl",
            params(("id" = i64, Path, description = "The object's id")),
            responses(
                (status = 200, description = "The object; a deleted object answers with its tombstone (`deleted: true`)", body = $schema, content_type = "application/json"),
                (status = 404, description = "No object with this id", body = m::Error, content_type = "application/json")
            )
        )]
        #[route($path, method = "GET", method = "HEAD")]
        pub async fn $name(state: web::Data<AppState>, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
            super::object(&state, $ty, &id).await
        }
    };
}

object_endpoint!(
    body,
    "/oparl/v1.1/bodies/{id}",
    ObjectType::Body,
    m::Body,
    "One body."
);
object_endpoint!(
    legislative_term,
    "/oparl/v1.1/legislative-terms/{id}",
    ObjectType::LegislativeTerm,
    m::LegislativeTerm,
    "One legislative term."
);
object_endpoint!(
    organization,
    "/oparl/v1.1/organizations/{id}",
    ObjectType::Organization,
    m::Organization,
    "One organization."
);
object_endpoint!(
    person,
    "/oparl/v1.1/persons/{id}",
    ObjectType::Person,
    m::Person,
    "One person."
);
object_endpoint!(
    membership,
    "/oparl/v1.1/memberships/{id}",
    ObjectType::Membership,
    m::Membership,
    "One membership."
);
object_endpoint!(
    meeting,
    "/oparl/v1.1/meetings/{id}",
    ObjectType::Meeting,
    m::Meeting,
    "One meeting with its agenda."
);
object_endpoint!(
    agenda_item,
    "/oparl/v1.1/agenda-items/{id}",
    ObjectType::AgendaItem,
    m::AgendaItem,
    "One agenda item."
);
object_endpoint!(
    paper,
    "/oparl/v1.1/papers/{id}",
    ObjectType::Paper,
    m::Paper,
    "One paper with its consultations."
);
object_endpoint!(
    consultation,
    "/oparl/v1.1/consultations/{id}",
    ObjectType::Consultation,
    m::Consultation,
    "One consultation."
);
object_endpoint!(
    file,
    "/oparl/v1.1/files/{id}",
    ObjectType::File,
    m::File,
    "One file's metadata."
);
object_endpoint!(
    location,
    "/oparl/v1.1/locations/{id}",
    ObjectType::Location,
    m::Location,
    "One location."
);

/// A list endpoint of a Body or an Organization; `$owner` names the owner in the docs
/// and `$serve` is the function that serves the list.
macro_rules! list_endpoint {
    ($name:ident, $path:literal, $ty:expr, $schema:ty, $summary:literal, $owner:literal, $serve:path) => {
        #[doc = $summary]
        #[utoipa::path(
            get,
            path = $path,
            tag = "OParl",
            params(("id" = i64, Path, description = concat!("The ", $owner, "'s id")), ListQuery),
            responses(
                (status = 200, description = "A page of the list; follow `links.next` for the rest", body = Page<$schema>, content_type = "application/json"),
                (status = 400, description = "A malformed filter, limit or cursor", body = m::Error, content_type = "application/json"),
                (status = 404, description = concat!("No ", $owner, " with this id"), body = m::Error, content_type = "application/json")
            )
        )]
        #[route($path, method = "GET", method = "HEAD")]
        pub async fn $name(state: web::Data<AppState>, id: web::Path<String>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
            $serve(&state, &id, $ty, &req).await
        }
    };
}

macro_rules! body_list_endpoint {
    ($name:ident, $path:literal, $ty:expr, $schema:ty, $summary:literal) => {
        list_endpoint!(
            $name,
            $path,
            $ty,
            $schema,
            $summary,
            "body",
            super::body_list
        );
    };
}

body_list_endpoint!(
    body_organizations,
    "/oparl/v1.1/bodies/{id}/organizations",
    ObjectType::Organization,
    m::Organization,
    "The organizations of a body."
);
body_list_endpoint!(
    body_persons,
    "/oparl/v1.1/bodies/{id}/persons",
    ObjectType::Person,
    m::Person,
    "The persons of a body."
);
body_list_endpoint!(
    body_meetings,
    "/oparl/v1.1/bodies/{id}/meetings",
    ObjectType::Meeting,
    m::Meeting,
    "The meetings of a body."
);
body_list_endpoint!(
    body_papers,
    "/oparl/v1.1/bodies/{id}/papers",
    ObjectType::Paper,
    m::Paper,
    "The papers of a body."
);
body_list_endpoint!(
    body_agenda_items,
    "/oparl/v1.1/bodies/{id}/agenda-items",
    ObjectType::AgendaItem,
    m::AgendaItem,
    "The agenda items of a body."
);
body_list_endpoint!(
    body_consultations,
    "/oparl/v1.1/bodies/{id}/consultations",
    ObjectType::Consultation,
    m::Consultation,
    "The consultations of a body."
);
body_list_endpoint!(
    body_files,
    "/oparl/v1.1/bodies/{id}/files",
    ObjectType::File,
    m::File,
    "The files of a body."
);
body_list_endpoint!(
    body_locations,
    "/oparl/v1.1/bodies/{id}/locations",
    ObjectType::Location,
    m::Location,
    "The locations of a body."
);
body_list_endpoint!(
    body_legislative_terms,
    "/oparl/v1.1/bodies/{id}/legislative-terms",
    ObjectType::LegislativeTerm,
    m::LegislativeTerm,
    "The legislative terms of a body."
);
body_list_endpoint!(
    body_memberships,
    "/oparl/v1.1/bodies/{id}/memberships",
    ObjectType::Membership,
    m::Membership,
    "The memberships of a body."
);

macro_rules! organization_list_endpoint {
    ($name:ident, $path:literal, $ty:expr, $schema:ty, $summary:literal) => {
        list_endpoint!(
            $name,
            $path,
            $ty,
            $schema,
            $summary,
            "organization",
            super::organization_list
        );
    };
}

organization_list_endpoint!(
    organization_meetings,
    "/oparl/v1.1/organizations/{id}/meetings",
    ObjectType::Meeting,
    m::Meeting,
    "The meetings of an organization."
);
organization_list_endpoint!(
    organization_consultations,
    "/oparl/v1.1/organizations/{id}/consultations",
    ObjectType::Consultation,
    m::Consultation,
    "The consultations of an organization."
);

/// Registers every OParl route.
/// CSVW metadata of a list's CSV: every column with its description.
#[utoipa::path(
    get,
    path = "/oparl/v1.1/bodies/{id}/{list}.csv-metadata.json",
    tag = "OParl",
    params(
        ("id" = i64, Path, description = "The body's id"),
        ("list" = String, Path, description = "The list: papers, meetings, persons, organizations, agenda-items, consultations, files, locations, legislative-terms or memberships")
    ),
    responses(
        (status = 200, description = "CSVW metadata (W3C Metadata Vocabulary for Tabular Data) of `?format=csv`", content_type = "application/csvm+json"),
        (status = 404, description = "No such list", body = m::Error, content_type = "application/json")
    )
)]
#[route(
    "/oparl/v1.1/bodies/{id}/{list}.csv-metadata.json",
    method = "GET",
    method = "HEAD"
)]
pub async fn body_list_csv_metadata(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, list) = path.into_inner();
    let unknown = || {
        ApiError::not_found(
            format!("There is no list {list} with CSV metadata."),
            list.clone(),
        )
    };
    let body_id = super::parse_id(&id).ok_or_else(unknown)?;
    let ty = ObjectType::from_segment(&list)
        .filter(|t| *t != ObjectType::Body)
        .ok_or_else(unknown)?;
    let csv_url = format!("{}?format=csv", state.urls.body_list_of(body_id, ty));
    let mut response = crate::api::oparl::json_response(&super::csv::metadata(ty, &csv_url), None);
    response.headers_mut().insert(
        actix_web::http::header::CONTENT_TYPE,
        actix_web::http::header::HeaderValue::from_static("application/csvm+json"),
    );
    Ok(response)
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(body_list_csv_metadata)
        .service(system)
        .service(bodies)
        .service(body)
        .service(body_organizations)
        .service(body_persons)
        .service(body_meetings)
        .service(body_papers)
        .service(body_agenda_items)
        .service(body_consultations)
        .service(body_files)
        .service(body_locations)
        .service(body_legislative_terms)
        .service(body_memberships)
        .service(legislative_term)
        .service(organization)
        .service(organization_meetings)
        .service(organization_consultations)
        .service(person)
        .service(membership)
        .service(meeting)
        .service(agenda_item)
        .service(paper)
        .service(consultation)
        .service(file)
        .service(location);
}
