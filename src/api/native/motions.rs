//! `GET /api/v1/motions` and `/api/v1/motions/{id}`: papers that are motions or
//! questions (Antrag, Änderungsantrag, Anfrage, Bürgerantrag, ...), with originator,
//! status, final outcome and their history across meetings.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, route, web};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use super::votes::{VoteEvent, render as render_votes};
use super::{ListPage, Query, csv_response, list_response, not_found, wants_csv};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::oparl::{json_response, parse_id};
use crate::ingest::votes::phrase::Outcome;
use crate::oparl::ObjectType;
use crate::oparl::model::Error as ErrorBody;
use crate::store::votes::{MOTION_TYPES, MotionFilter, MotionRow, NamedLinkRow};

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Originator {
    pub url: String,
    pub name: Option<String>,
    /// `organization` or `person`.
    pub kind: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Motion {
    pub id: i64,
    /// OParl URL of the paper.
    pub url: String,
    #[schema(example = "1386/2020-2025")]
    pub reference: Option<String>,
    pub name: Option<String>,
    #[schema(example = "Antrag")]
    pub paper_type: Option<String>,
    /// The paper's date, else the first meeting that dealt with it.
    pub date: Option<String>,
    pub originators: Vec<Originator>,
    /// `pending` (no decision recorded) or the final outcome.
    #[schema(example = "withdrawn")]
    pub status: String,
    pub final_outcome: Option<String>,
    /// Every decision on the motion, in date order (only on `/motions/{id}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<Vec<VoteEvent>>,
    /// Linked papers: the answer to a question, amendments, the motion amended (only on
    /// `/motions/{id}`), as OParl URLs with their relation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Vec<RelatedPaper>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelatedPaper {
    pub url: String,
    /// `relatedPaper`, `subordinatedPaper` (e.g. an amendment) or `superordinatedPaper`.
    pub relation: String,
}

#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct MotionQuery {
    /// Body id (or URL).
    body: Option<String>,
    /// Faction or person id (or URL) that filed the motion.
    originator: Option<String>,
    /// Paper type, e.g. `Antrag`, `Anfrage`.
    r#type: Option<String>,
    /// Final outcome (see the vote outcomes).
    outcome: Option<String>,
    /// First date, `yyyy-mm-dd`, inclusive.
    from: Option<String>,
    /// Last date, `yyyy-mm-dd`, inclusive.
    to: Option<String>,
    limit: Option<i64>,
    after: Option<i64>,
    /// `csv` for CSV.
    format: Option<String>,
}

const CSV_COLUMNS: [&str; 8] = [
    "id",
    "reference",
    "type",
    "date",
    "originators",
    "status",
    "final_outcome",
    "name",
];

pub(crate) fn motion(
    row: MotionRow,
    originators: &mut HashMap<i64, Vec<NamedLinkRow>>,
    state: &AppState,
) -> Motion {
    let urls = &state.urls;
    Motion {
        id: row.id,
        url: urls.object(ObjectType::Paper, row.id),
        reference: row.reference,
        name: row.name,
        paper_type: row.paper_type,
        date: row
            .date
            .or(row.first_date.map(|d| d.chars().take(10).collect())),
        originators: originators
            .remove(&row.id)
            .unwrap_or_default()
            .into_iter()
            .map(|o| {
                let (ty, kind) = if o.property == "originatorPerson" {
                    (ObjectType::Person, "person")
                } else {
                    (ObjectType::Organization, "organization")
                };
                Originator {
                    url: urls.object(ty, o.dst_id),
                    name: o.name,
                    kind: kind.to_owned(),
                }
            })
            .collect(),
        status: row
            .final_outcome
            .clone()
            .unwrap_or_else(|| "pending".to_owned()),
        final_outcome: row.final_outcome,
        history: None,
        related: None,
    }
}

pub(crate) async fn originators_of(
    state: &AppState,
    papers: &[i64],
) -> Result<HashMap<i64, Vec<NamedLinkRow>>, ApiError> {
    let mut map: HashMap<i64, Vec<NamedLinkRow>> = HashMap::new();
    for o in state.store.originators(papers).await? {
        map.entry(o.src_id).or_default().push(o);
    }
    Ok(map)
}

fn csv_row(m: &Motion) -> Vec<String> {
    vec![
        m.id.to_string(),
        m.reference.clone().unwrap_or_default(),
        m.paper_type.clone().unwrap_or_default(),
        m.date.clone().unwrap_or_default(),
        m.originators
            .iter()
            .filter_map(|o| o.name.clone())
            .collect::<Vec<_>>()
            .join("; "),
        m.status.clone(),
        m.final_outcome.clone().unwrap_or_default(),
        m.name.clone().unwrap_or_default(),
    ]
}

pub(crate) fn motion_filter(q: &Query) -> Result<MotionFilter, ApiError> {
    let outcomes: Vec<&str> = Outcome::ALL.iter().map(|o| o.as_str()).collect();
    Ok(MotionFilter {
        body: q.id("body")?,
        originator: q.id("originator")?,
        paper_type: q.one_of("type", &MOTION_TYPES)?,
        outcome: q.one_of("outcome", &outcomes)?,
        from: q.date("from")?,
        to: q.date("to")?,
    })
}

/// Motions and questions; CSV columns: id, reference, type, date, originators, status,
/// final_outcome, name.
#[utoipa::path(
    get,
    path = "/api/v1/motions",
    tag = "Votes",
    params(MotionQuery),
    responses(
        (status = 200, description = "A page of motions", content((ListPage<Motion> = "application/json"), (String = "text/csv"))),
        (status = 400, description = "A malformed filter", body = ErrorBody, content_type = "application/json")
    )
)]
#[route("/api/v1/motions", method = "GET", method = "HEAD")]
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let q = Query::parse(&req)?;
    let filter = motion_filter(&q)?;
    let page = state.store.motions(&filter, q.after()?, q.limit()?).await?;
    let ids: Vec<i64> = page.rows.iter().map(|r| r.id).collect();
    let mut originators = originators_of(&state, &ids).await?;
    let base = state.urls.native("motions");
    let next = q.next(&base, page.has_next, page.rows.last().map(|r| r.id));
    let data: Vec<Motion> = page
        .rows
        .into_iter()
        .map(|r| motion(r, &mut originators, &state))
        .collect();
    let self_ = q.link(&base, q.after()?);
    Ok(list_response(
        wants_csv(&req, &q)?,
        data,
        &CSV_COLUMNS,
        csv_row,
        self_,
        next,
    ))
}

/// One motion with its whole history across meetings.
#[utoipa::path(
    get,
    path = "/api/v1/motions/{id}",
    tag = "Votes",
    params(("id" = i64, Path, description = "Paper id of the motion"), ("format" = Option<String>, Query, description = "`csv` for CSV")),
    responses(
        (status = 200, description = "The motion and its decisions", content((Motion = "application/json"), (String = "text/csv"))),
        (status = 400, description = "A malformed parameter or id", body = ErrorBody, content_type = "application/json"),
        (status = 404, description = "No such motion", body = ErrorBody, content_type = "application/json")
    )
)]
#[route("/api/v1/motions/{id}", method = "GET", method = "HEAD")]
pub async fn one(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let q = Query::parse(&req)?;
    let missing = || not_found("motion", &id);
    let paper = parse_id(&id).ok_or_else(missing)?;
    let row = state.store.motion(paper).await?.ok_or_else(missing)?;
    let mut originators = originators_of(&state, &[paper]).await?;
    let mut m = motion(row, &mut originators, &state);
    let history = render_votes(&state, state.store.votes_of_paper(paper).await?).await?;
    if wants_csv(&req, &q)? {
        return Ok(csv_response(&CSV_COLUMNS, &[csv_row(&m)], None));
    }
    m.history = Some(history);
    m.related = Some(
        state
            .store
            .links(ObjectType::Paper, &[paper])
            .await?
            .into_iter()
            .filter(|l| {
                matches!(
                    l.property.as_str(),
                    "relatedPaper" | "subordinatedPaper" | "superordinatedPaper"
                )
            })
            .map(|l| RelatedPaper {
                url: state.urls.object(ObjectType::Paper, l.dst_id),
                relation: l.property,
            })
            .collect(),
    );
    Ok(json_response(&m, None))
}
