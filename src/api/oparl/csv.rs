//! CSV of the OParl lists: one row per object with flat, documented columns, for every
//! list (`?format=csv` or `Accept: text/csv`), a page at a time or the whole list at
//! once (`all=true`, streamed page by page in constant memory). Rows are made from the
//! objects exactly as the JSON face renders them (with `omit_internal`), so both faces
//! always agree; references are URLs, arrays are joined with ` | `.

use actix_web::HttpResponse;
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::{Bytes, Data};
use serde_json::Value;

use super::Renderable;
use super::params::ListParams;
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::native::csv_field;
use crate::oparl::ObjectType;
use crate::store::read::{Cursor, HasId, ListFilter, Scope};

/// Joins the values of an array in one cell.
pub const SEPARATOR: &str = " | ";

/// Rows per store read when a whole list is streamed: small enough that a chunk in
/// flight costs little memory beside the caches, large enough to keep reads few.
const STREAM_PAGE: i64 = 250;

type Columns = &'static [(&'static str, &'static str)];

const COMMON: Columns = &[
    ("created", "Creation time, yyyy-mm-ddThh:mm:ss+hh:mm"),
    ("modified", "Time of the last change"),
    (
        "deleted",
        "true for a deleted object (listed with modified_since)",
    ),
    (
        "ratsinfo:originalId",
        "The object's URL on the system it was imported from",
    ),
];

/// The columns of a type after `id`: OParl property names and what they hold.
pub fn columns(ty: ObjectType) -> Columns {
    match ty {
        ObjectType::Body => &[
            ("name", "Name of the body"),
            ("shortName", "Short name"),
            ("website", "Website URL"),
            ("ags", "Amtlicher Gemeindeschlüssel"),
            ("rgs", "Regionalschlüssel"),
            ("classification", "Kind of body"),
            ("contactEmail", "Contact e-mail"),
        ],
        ObjectType::LegislativeTerm => &[
            ("body", "URL of the body"),
            ("name", "Name"),
            ("startDate", "First day, yyyy-mm-dd"),
            ("endDate", "Last day, yyyy-mm-dd"),
        ],
        ObjectType::Organization => &[
            ("body", "URL of the body"),
            ("name", "Name"),
            ("shortName", "Short name"),
            (
                "organizationType",
                "Gremium, Fraktion, Partei, Verwaltungsbereich, ...",
            ),
            ("classification", "Finer kind, e.g. Ausschuss"),
            ("startDate", "First day"),
            ("endDate", "Last day"),
            ("subOrganizationOf", "URL of the parent organization"),
            ("website", "Website URL"),
        ],
        ObjectType::Person => &[
            ("body", "URL of the body"),
            ("name", "Full name"),
            ("familyName", "Family name"),
            ("givenName", "Given name"),
            ("formOfAddress", "Herr, Frau, ..."),
            ("title", "Academic titles, joined"),
            ("gender", "male, female, other"),
            ("status", "Roles such as Ratsmitglied, joined"),
        ],
        ObjectType::Membership => &[
            ("person", "URL of the person"),
            ("organization", "URL of the organization"),
            ("role", "Role in the organization"),
            ("votingRight", "true when the member may vote"),
            ("startDate", "First day"),
            ("endDate", "Last day"),
            ("onBehalfOf", "URL of the faction the member sits for"),
        ],
        ObjectType::Meeting => &[
            ("name", "Name"),
            ("meetingState", "State as the source writes it"),
            ("cancelled", "true when cancelled"),
            ("start", "Start, yyyy-mm-ddThh:mm:ss+hh:mm"),
            ("end", "End"),
            ("location", "URL of the location"),
            ("organization", "URLs of the organizations, joined"),
            ("invitation", "URL of the invitation file"),
            ("resultsProtocol", "URL of the minutes file"),
        ],
        ObjectType::AgendaItem => &[
            ("meeting", "URL of the meeting"),
            ("number", "Agenda number as written, e.g. 3.1"),
            ("order", "Position in the agenda"),
            ("name", "Title"),
            (
                "public",
                "false for a non-public item (then only number and a neutral name)",
            ),
            ("result", "Result as written in the minutes"),
            ("resolutionText", "Text of the resolution"),
            ("consultation", "URL of the consultation"),
            (
                "ratsinfo:voteEvent",
                "URL of the decision in the native API",
            ),
        ],
        ObjectType::Paper => &[
            ("body", "URL of the body"),
            ("name", "Title"),
            ("reference", "Reference number (Drucksachennummer)"),
            ("date", "Date, yyyy-mm-dd"),
            ("paperType", "Beschlussvorlage, Antrag, Anfrage, ..."),
            ("mainFile", "URL of the main file"),
            (
                "originatorPerson",
                "URLs of the persons who brought it in, joined",
            ),
            (
                "originatorOrganization",
                "URLs of the organizations who brought it in, joined",
            ),
            (
                "underDirectionOf",
                "URLs of the leading organizations, joined",
            ),
        ],
        ObjectType::Consultation => &[
            ("paper", "URL of the paper"),
            ("agendaItem", "URL of the agenda item"),
            ("meeting", "URL of the meeting"),
            ("organization", "URLs of the organizations, joined"),
            ("authoritative", "true when the consultation decides"),
            ("role", "Role, e.g. Vorberatung"),
        ],
        ObjectType::File => &[
            ("name", "Name"),
            ("fileName", "File name"),
            ("mimeType", "MIME type"),
            ("date", "Date"),
            ("size", "Size in bytes"),
            ("sha512Checksum", "SHA-512 of the content"),
            ("accessUrl", "URL of the content"),
            ("downloadUrl", "URL of the content as a download"),
            ("fileLicense", "Licence URL of the file"),
        ],
        ObjectType::Location => &[
            ("description", "Description"),
            ("streetAddress", "Street and number"),
            ("room", "Room"),
            ("postalCode", "Postal code"),
            ("subLocality", "District"),
            ("locality", "Town"),
            ("geojson", "GeoJSON geometry, as JSON"),
        ],
    }
}

/// Every column name of a type, in order.
pub fn header(ty: ObjectType) -> Vec<&'static str> {
    std::iter::once("id")
        .chain(columns(ty).iter().map(|c| c.0))
        .chain(COMMON.iter().map(|c| c.0))
        .collect()
}

/// One cell: text as it is, numbers and booleans as JSON writes them, an embedded
/// object by its URL, arrays joined.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(SEPARATOR),
        Value::Object(map) => match map.get("id") {
            Some(Value::String(id)) => id.clone(),
            _ => value.to_string(),
        },
    }
}

/// The cells of an object, in the order of [`header`].
pub fn cells(ty: ObjectType, object: &Value) -> Vec<String> {
    header(ty)
        .into_iter()
        .map(|name| object.get(name).map(cell).unwrap_or_default())
        .collect()
}

pub fn line(ty: ObjectType, object: &Value) -> String {
    let mut out = cells(ty, object)
        .iter()
        .map(|c| csv_field(c))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

pub fn header_line(ty: ObjectType) -> String {
    format!("{}\r\n", header(ty).join(","))
}

/// Rows of rendered objects.
fn lines<T: serde::Serialize>(ty: ObjectType, objects: &[T]) -> Result<String, ApiError> {
    let mut out = String::new();
    for o in objects {
        let value = serde_json::to_value(o).map_err(|e| ApiError::Render(e.to_string()))?;
        out.push_str(&line(ty, &value));
    }
    Ok(out)
}

fn csv_headers(response: &mut actix_web::HttpResponseBuilder) {
    response.insert_header((
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8; header=present"),
    ));
}

/// One page as CSV; the next page in a `Link` header.
pub fn page<T: serde::Serialize>(
    ty: ObjectType,
    objects: &[T],
    next: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let body = header_line(ty) + &lines(ty, objects)?;
    let mut response = HttpResponse::Ok();
    csv_headers(&mut response);
    if let Some(link) =
        next.and_then(|n| HeaderValue::from_str(&format!("<{n}>; rel=\"next\"")).ok())
    {
        response.insert_header((header::LINK, link));
    }
    Ok(response.body(body))
}

/// Where a streamed list stands.
struct Walk {
    state: Data<AppState>,
    ty: ObjectType,
    scope: Scope,
    filter: ListFilter,
    cursor: Option<Cursor>,
    header: bool,
}

/// The whole list as CSV, read and written a page at a time: memory stays that of one
/// page however long the list is. A failure mid-way ends the body early (the client
/// sees a truncated transfer, never a complete-looking file).
pub fn all<R: Renderable + 'static>(
    state: Data<AppState>,
    ty: ObjectType,
    scope: Scope,
    params: &ListParams,
) -> HttpResponse {
    let walk = Walk {
        state,
        ty,
        scope,
        filter: params.filter.clone(),
        cursor: Some(Cursor::Start),
        header: true,
    };
    let stream = futures_util::stream::unfold(walk, |mut w| async move {
        if w.header {
            w.header = false;
            return Some((Ok(Bytes::from(header_line(w.ty))), w));
        }
        let cursor = w.cursor?;
        let few = w.filter != ListFilter::default();
        let page = match w
            .state
            .store
            .list::<R>(w.ty, w.scope, &w.filter, cursor, STREAM_PAGE, few)
            .await
        {
            Ok(p) => p,
            Err(e) => {
                w.cursor = None;
                return Some((Err(ApiError::from(e)), w));
            }
        };
        w.cursor = match (page.has_next, page.rows.last().map(HasId::id)) {
            (true, Some(last)) => Some(Cursor::After(last)),
            _ => None,
        };
        let renderer = w.state.renderer(true);
        let chunk = match R::render(&renderer, page.rows).await {
            Ok(objects) => lines(w.ty, &objects),
            Err(e) => Err(ApiError::from(e)),
        };
        if chunk.is_err() {
            w.cursor = None;
        }
        Some((chunk.map(Bytes::from), w))
    });
    let mut response = HttpResponse::Ok();
    csv_headers(&mut response);
    response.streaming(stream)
}

/// CSVW metadata (W3C "Metadata Vocabulary for Tabular Data") of a list's CSV.
pub fn metadata(ty: ObjectType, csv_url: &str) -> Value {
    let mut columns = vec![serde_json::json!({
        "name": "id",
        "titles": "id",
        "dc:description": format!("URL of the {} (its OParl id)", ty.noun()),
        "datatype": "anyURI",
        "required": true
    })];
    for (name, description) in columns_of(ty) {
        columns.push(serde_json::json!({
            "name": name.replace(':', "_"),
            "titles": name,
            "dc:description": description,
            "datatype": "string"
        }));
    }
    serde_json::json!({
        "@context": "http://www.w3.org/ns/csvw",
        "url": csv_url,
        "dc:title": format!("{} (OParl {})", ty.noun(), ty.name()),
        "dialect": {"header": true, "delimiter": ",", "encoding": "utf-8", "lineTerminators": ["\r\n"]},
        "tableSchema": {
            "columns": columns,
            "primaryKey": "id",
            "aboutUrl": "{+id}"
        },
        "notes": format!("Arrays are joined with \"{SEPARATOR}\"; references are URLs. Without all=true the rows are one page: follow the Link header rel=next.")
    })
}

fn columns_of(ty: ObjectType) -> impl Iterator<Item = (&'static str, &'static str)> {
    columns(ty).iter().chain(COMMON.iter()).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_flatten_references_and_arrays() {
        let paper = serde_json::json!({
            "id": "https://x.test/oparl/v1.1/papers/1",
            "name": "Antrag \"Radweg\", Hauptstraße",
            "mainFile": {"id": "https://x.test/oparl/v1.1/files/2", "name": "Antrag.pdf"},
            "originatorOrganization": ["https://x.test/o/3", "https://x.test/o/4"],
            "created": "2021-05-04T17:00:00+02:00"
        });
        let row = line(ObjectType::Paper, &paper);
        assert!(
            row.starts_with(
                "https://x.test/oparl/v1.1/papers/1,,\"Antrag \"\"Radweg\"\", Hauptstraße\","
            ),
            "{row}"
        );
        assert!(row.contains(",https://x.test/oparl/v1.1/files/2,"));
        assert!(row.contains("https://x.test/o/3 | https://x.test/o/4"));
        assert!(row.ends_with("\r\n"));
        // One comma sits inside the quoted name.
        assert_eq!(
            row.matches(',').count() - 1,
            header(ObjectType::Paper).len() - 1,
            "{row}"
        );
    }

    #[test]
    fn every_type_documents_every_column() {
        for ty in ObjectType::ALL {
            let meta = metadata(ty, "https://x.test/list?format=csv");
            let documented = meta["tableSchema"]["columns"].as_array().map(Vec::len);
            assert_eq!(documented, Some(header(ty).len()), "{ty:?}");
        }
    }
}
