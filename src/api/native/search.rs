//! `GET /api/v1/search`: full-text search over papers, agenda items, meetings, persons,
//! organizations and vote events, with filters, facets and keyset pages.

use actix_web::{HttpRequest, HttpResponse, route, web};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use super::{PageLinks, Query, csv_response, wants_csv};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::oparl::json_response;
use crate::oparl::ObjectType;
use crate::oparl::model::Error as ErrorBody;
use crate::search::query;
use crate::search::snippet;
use crate::store::search::{Kind, SearchCursor, SearchPage, SearchRequest, Sort};

/// Results per page when none is asked for, and the most served.
const DEFAULT_LIMIT: i64 = 20;
const MAX_LIMIT: i64 = 100;

/// The parameters this endpoint knows; any other is a mistake worth telling.
const PARAMETERS: [&str; 13] = [
    "q",
    "type",
    "body",
    "organization",
    "person",
    "paper_type",
    "from",
    "to",
    "sort",
    "limit",
    "cursor",
    "facets",
    "format",
];

/// One result.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Hit {
    /// `Paper`, `AgendaItem`, `Meeting`, `Person`, `Organization` or `VoteEvent`.
    #[serde(rename = "type")]
    #[schema(example = "AgendaItem")]
    pub type_: String,
    /// The object's URL: its OParl id, for vote events the native URL.
    #[schema(example = "http://127.0.0.1:8080/oparl/v1.1/agenda-items/7")]
    pub id: String,
    #[schema(example = "Digitalisierung der Schulen")]
    pub title: String,
    /// The object's date (paper date, meeting day, vote date), `yyyy-mm-dd`.
    #[schema(example = "2021-05-04")]
    pub date: Option<String>,
    /// OParl URL of the body.
    pub body: String,
    /// HTML-escaped text around the first match, matches in `<mark>`.
    #[schema(example = "… beschließt den Ausbau der <mark>Fahrradstraße</mark> …")]
    pub snippet: String,
    /// Relevance (higher is better; comparable within one query only).
    pub score: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FacetCount {
    /// The type name or the year.
    pub value: String,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganizationCount {
    /// OParl URL of the organization.
    pub value: String,
    pub name: Option<String>,
    pub count: i64,
}

/// Counts of all matches (with the filters), not just of this page. The organization
/// facet counts each result once, under its main organization: the committee of a
/// meeting, agenda item or vote, the first committee a paper went to, a person's first
/// membership, an organization itself.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Facets {
    #[serde(rename = "type")]
    pub type_: Vec<FacetCount>,
    pub year: Vec<FacetCount>,
    /// The twenty organizations with most matches.
    pub organization: Vec<OrganizationCount>,
}

/// A page of results.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchResults {
    pub query: String,
    /// All matches (on the first page; absent with `facets=false`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    pub data: Vec<Hit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
    pub links: PageLinks,
}

/// Query and filters (all but `q` optional, combined).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SearchQuery {
    /// The query: words (all must occur), `"exact phrase"`, `-exclude`, `prefix*`,
    /// `OR` between two alternatives. German stems and folded umlauts: `Fahrrad` finds
    /// `Fahrräder` and `Fahrradstraße`, `Strasse` finds `Straße`.
    #[param(example = "Radweg Hauptstraße")]
    q: String,
    /// Types, comma-separated: Paper, AgendaItem, Meeting, Person, Organization, VoteEvent.
    #[param(example = "Paper,AgendaItem")]
    r#type: Option<String>,
    /// Body id (or its OParl URL).
    body: Option<String>,
    /// Organization id (or URL): committee of the meeting, faction that voted or filed,
    /// organization a person is member of.
    organization: Option<String>,
    /// Person id (or URL): originator of a paper, voter in a vote.
    person: Option<String>,
    /// Paper type, e.g. `Antrag`, `Beschlussvorlage` (only papers match).
    paper_type: Option<String>,
    /// First date, `yyyy-mm-dd`, inclusive (objects without a date drop out).
    from: Option<String>,
    /// Last date, `yyyy-mm-dd`, inclusive.
    to: Option<String>,
    /// `relevance` (default) or `date` (newest first).
    sort: Option<String>,
    /// Page size, 1 to 100 (default 20).
    limit: Option<i64>,
    /// Cursor from `links.next`.
    cursor: Option<String>,
    /// `false` leaves out `total` and `facets` (faster). They come with the first page
    /// only, not with pages reached by `cursor`.
    facets: Option<bool>,
    /// `csv` for CSV (same as `Accept: text/csv`).
    format: Option<String>,
}

const CSV_COLUMNS: [&str; 7] = ["type", "id", "title", "date", "body", "score", "snippet"];

pub(crate) fn request(q: &Query) -> Result<SearchRequest, ApiError> {
    q.only(&PARAMETERS)?;
    let text = q.text("q").ok_or_else(|| {
        ApiError::bad_request("q is required: the words to look for.", "q missing")
    })?;
    let parsed = query::parse(text).map_err(|e| {
        ApiError::bad_request(
            format!(
                "The query cannot be run (position {}): {}",
                e.position, e.message
            ),
            format!("q={text}"),
        )
    })?;
    let mut kinds = Vec::new();
    if let Some(types) = q.text("type") {
        for name in types.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let kind = Kind::from_name(name).ok_or_else(|| {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                ApiError::bad_request(
                    format!("type must be one or more of: {}.", names.join(", ")),
                    format!("type={types}"),
                )
            })?;
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
    }
    let sort = match q.one_of("sort", &["relevance", "date"])?.as_deref() {
        Some("date") => Sort::Date,
        _ => Sort::Relevance,
    };
    let from = q.date("from")?;
    let to = q.date("to")?;
    if let (Some(f), Some(t)) = (&from, &to)
        && f > t
    {
        return Err(ApiError::bad_request(
            "from must not be after to.",
            format!("from={f}&to={t}"),
        ));
    }
    let limit = q.limit_within(DEFAULT_LIMIT, MAX_LIMIT, false)?;
    let facets = q.one_of("facets", &["true", "false"])?.as_deref() != Some("false");
    Ok(SearchRequest {
        query: parsed,
        kinds,
        body: q.id("body")?,
        organization: q.id("organization")?,
        person: q.id("person")?,
        paper_type: q.text("paper_type").map(str::to_owned),
        from,
        to,
        sort,
        cursor: q.text("cursor").map(|c| cursor(c, sort)).transpose()?,
        limit,
        facets,
    })
}

/// `r<score>.<id>` after a relevance page, `d<yyyy-mm-dd>.<id>` after a date page.
fn cursor(raw: &str, sort: Sort) -> Result<SearchCursor, ApiError> {
    let bad = || {
        ApiError::bad_request(
            "cursor must be taken from links.next of the same search.",
            format!("cursor={raw}"),
        )
    };
    let (key, id) = raw.rsplit_once('.').ok_or_else(bad)?;
    let id: i64 = id.parse().map_err(|_| bad())?;
    match (sort, key.split_at_checked(1)) {
        (Sort::Relevance, Some(("r", score))) => Ok(SearchCursor::Score {
            score: score.parse().map_err(|_| bad())?,
            id,
        }),
        (Sort::Date, Some(("d", day)))
            if day.is_empty() || chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok() =>
        {
            Ok(SearchCursor::Day {
                day: day.to_owned(),
                id,
            })
        }
        _ => Err(bad()),
    }
}

fn cursor_text(c: &SearchCursor) -> String {
    match c {
        SearchCursor::Score { score, id } => format!("r{score}.{id}"),
        SearchCursor::Day { day, id } => format!("d{day}.{id}"),
    }
}

/// The cursor of the page after this one, if there is one.
pub(crate) fn next_cursor(req: &SearchRequest, page: &SearchPage) -> Option<String> {
    let h = page.hits.last().filter(|_| page.has_next)?;
    let id = h.kind.doc_id(h.object_id);
    let c = match req.sort {
        Sort::Relevance => SearchCursor::Score { score: h.score, id },
        Sort::Date => SearchCursor::Day {
            day: h.day.clone().unwrap_or_default(),
            id,
        },
    };
    Some(cursor_text(&c))
}

fn url_of(state: &AppState, kind: Kind, id: i64) -> String {
    match kind.object_type() {
        Some(ty) => state.urls.object(ty, id),
        None => state.urls.vote(id),
    }
}

/// Full-text search. CSV columns: type, id, title, date, body, score, snippet (plain
/// text).
#[utoipa::path(
    get,
    path = "/api/v1/search",
    tag = "Search",
    params(SearchQuery),
    responses(
        (status = 200, description = "A page of results, best first", content((SearchResults = "application/json"), (String = "text/csv"))),
        (status = 400, description = "An empty or malformed query (the detail names the position), an unknown parameter or a malformed filter", body = ErrorBody, content_type = "application/json")
    )
)]
#[route("/api/v1/search", method = "GET", method = "HEAD")]
pub async fn search(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let q = Query::parse(&req)?;
    let search = request(&q)?;
    let csv = wants_csv(&req, &q)?;
    let page = state.store.search(&search).await?;
    let next = next_cursor(&search, &page)
        .map(|c| q.link_with(&state.urls.native("search"), "cursor", &c));
    let data: Vec<Hit> = page
        .hits
        .into_iter()
        .map(|h| Hit {
            type_: h.kind.name().to_owned(),
            id: url_of(&state, h.kind, h.object_id),
            snippet: snippet::snippet(&h.text, &search.query),
            title: h.title,
            date: h.day,
            body: state.urls.object(ObjectType::Body, h.body_id),
            score: h.score as f64 / 1_000_000.0,
        })
        .collect();
    if csv {
        let rows: Vec<Vec<String>> = data
            .iter()
            .map(|h| {
                vec![
                    h.type_.clone(),
                    h.id.clone(),
                    h.title.clone(),
                    h.date.clone().unwrap_or_default(),
                    h.body.clone(),
                    h.score.to_string(),
                    snippet::plain(&h.snippet),
                ]
            })
            .collect();
        return Ok(csv_response(&CSV_COLUMNS, &rows, next.as_deref()));
    }
    let facets = page.facets.map(|f| Facets {
        type_: f
            .kinds
            .into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect(),
        year: f
            .years
            .into_iter()
            .map(|(value, count)| FacetCount { value, count })
            .collect(),
        organization: f
            .organizations
            .into_iter()
            .map(|(id, name, count)| OrganizationCount {
                value: state.urls.object(ObjectType::Organization, id),
                name,
                count,
            })
            .collect(),
    });
    Ok(json_response(
        &SearchResults {
            query: q.text("q").unwrap_or_default().to_owned(),
            total: page.total,
            data,
            facets,
            links: PageLinks {
                self_: q.link_with(
                    &state.urls.native("search"),
                    "cursor",
                    q.text("cursor").unwrap_or_default(),
                ),
                next,
            },
        },
        None,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_the_other_sort() {
        for (c, sort) in [
            (
                SearchCursor::Score {
                    score: 1_234_567,
                    id: 81,
                },
                Sort::Relevance,
            ),
            (
                SearchCursor::Day {
                    day: "2021-05-04".into(),
                    id: 9,
                },
                Sort::Date,
            ),
            (
                SearchCursor::Day {
                    day: String::new(),
                    id: 9,
                },
                Sort::Date,
            ),
        ] {
            assert_eq!(cursor(&cursor_text(&c), sort).ok(), Some(c.clone()));
        }
        assert!(cursor("r12.5", Sort::Date).is_err());
        assert!(cursor("dnot-a-date.5", Sort::Date).is_err());
        assert!(cursor("r12", Sort::Relevance).is_err());
    }
}
