//! `GET /api/v1/votes`, `/api/v1/votes/{id}` and `/api/v1/persons/{id}/votes`.

use std::collections::HashMap;

use actix_web::{HttpRequest, HttpResponse, route, web};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use super::{ListPage, PageLinks, Query, csv_response, list_response, not_found, opt, wants_csv};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::oparl::{json_response, parse_id};
use crate::ingest::votes::phrase::{Method, Outcome};
use crate::oparl::ObjectType;
use crate::oparl::model::Error as ErrorBody;
use crate::oparl::time::format_micros;
use crate::store::rows::PersonRow;
use crate::store::votes::{
    FactionPositionRow, PaperLinkRow, PersonVoteRow, VoteEventRow, VoteFilter,
};

/// Counts as the minutes state them; `null` where they do not.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Counts {
    pub yes: Option<i64>,
    pub no: Option<i64>,
    pub abstain: Option<i64>,
    pub absent: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PaperRef {
    /// OParl URL of the paper.
    pub url: String,
    #[schema(example = "0751/2020-2025")]
    pub reference: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FactionPositionOut {
    /// OParl URL of the faction.
    pub faction: String,
    pub name: Option<String>,
    /// `yes`, `no`, `abstain` or `split`.
    #[schema(example = "yes")]
    pub position: String,
    pub count: Option<i64>,
    /// `stated` (named in the minutes), `unanimous` (everyone present voted yes) or
    /// `implied` (the minutes name only the other side).
    #[schema(example = "stated")]
    pub basis: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonVoteOut {
    /// OParl URL of the person.
    pub person: String,
    pub name: Option<String>,
    #[schema(example = "yes")]
    pub vote: String,
    /// The faction the person sat for on that date.
    pub faction: Option<String>,
    pub basis: String,
}

/// One decision.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct VoteEvent {
    pub id: i64,
    pub url: String,
    pub agenda_item: Option<String>,
    pub meeting: Option<String>,
    pub organization: Option<String>,
    pub papers: Vec<PaperRef>,
    #[schema(example = "2021-05-04")]
    pub date: Option<String>,
    /// The motion or resolution text decided on.
    pub question: Option<String>,
    /// The decision as written in the minutes.
    #[schema(example = "einstimmig beschlossen")]
    pub result_text: Option<String>,
    #[schema(example = "adopted")]
    pub outcome: String,
    #[schema(example = "unanimous")]
    pub method: String,
    pub counts: Counts,
    pub faction_positions: Vec<FactionPositionOut>,
    pub person_votes: Vec<PersonVoteOut>,
    /// Where it was read: file and line.
    #[schema(value_type = Option<Object>)]
    pub source: Option<serde_json::Value>,
    pub created: String,
    pub modified: String,
}

/// Filters of the vote list (all optional, combined).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct VoteQuery {
    /// Body id (or its OParl URL).
    body: Option<String>,
    /// Committee id (or URL).
    organization: Option<String>,
    /// Meeting id (or URL).
    meeting: Option<String>,
    /// Paper id (or URL): decisions on this paper.
    paper: Option<String>,
    /// Faction id (or URL): decisions where this faction's position is known.
    faction: Option<String>,
    /// Person id (or URL): decisions where this person's vote is known.
    person: Option<String>,
    /// adopted, adopted_amended, rejected, withdrawn, noted, postponed, referred, first_reading, elected, no_vote
    outcome: Option<String>,
    /// unanimous, show_of_hands, counted, roll_call, secret, none
    method: Option<String>,
    /// First date, `yyyy-mm-dd`, inclusive.
    from: Option<String>,
    /// Last date, `yyyy-mm-dd`, inclusive.
    to: Option<String>,
    /// Page size, 1 to 1000 (default 100).
    limit: Option<i64>,
    /// Cursor from `links.next`.
    after: Option<i64>,
    /// `csv` for CSV (same as `Accept: text/csv`).
    format: Option<String>,
}

pub(crate) const CSV_COLUMNS: [&str; 15] = [
    "id",
    "date",
    "organization",
    "meeting",
    "agenda_item",
    "papers",
    "outcome",
    "method",
    "yes",
    "no",
    "abstain",
    "absent",
    "factions_yes",
    "factions_no",
    "result_text",
];

pub(crate) async fn render(
    state: &AppState,
    rows: Vec<VoteEventRow>,
) -> Result<Vec<VoteEvent>, ApiError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut papers: HashMap<i64, Vec<PaperLinkRow>> = HashMap::new();
    for p in state.store.vote_papers(&ids).await? {
        papers.entry(p.vote_event_id).or_default().push(p);
    }
    let mut factions: HashMap<i64, Vec<FactionPositionRow>> = HashMap::new();
    for f in state.store.faction_positions(&ids).await? {
        factions.entry(f.vote_event_id).or_default().push(f);
    }
    let mut persons: HashMap<i64, Vec<PersonVoteRow>> = HashMap::new();
    for p in state.store.person_votes(&ids).await? {
        persons.entry(p.vote_event_id).or_default().push(p);
    }
    let urls = &state.urls;
    Ok(rows
        .into_iter()
        .map(|r| VoteEvent {
            id: r.id,
            url: urls.vote(r.id),
            agenda_item: r
                .agenda_item_id
                .map(|i| urls.object(ObjectType::AgendaItem, i)),
            meeting: r.meeting_id.map(|i| urls.object(ObjectType::Meeting, i)),
            organization: r
                .organization_id
                .map(|i| urls.object(ObjectType::Organization, i)),
            papers: papers
                .remove(&r.id)
                .unwrap_or_default()
                .into_iter()
                .map(|p| PaperRef {
                    url: urls.object(ObjectType::Paper, p.paper_id),
                    reference: p.reference,
                })
                .collect(),
            date: r.date,
            question: r.question,
            result_text: r.result_text,
            outcome: r.outcome,
            method: r.method,
            counts: Counts {
                yes: r.yes,
                no: r.no,
                abstain: r.abstain,
                absent: r.absent,
            },
            faction_positions: factions
                .remove(&r.id)
                .unwrap_or_default()
                .into_iter()
                .map(|f| FactionPositionOut {
                    faction: urls.object(ObjectType::Organization, f.organization_id),
                    name: f.name,
                    position: f.position,
                    count: f.count,
                    basis: f.basis,
                })
                .collect(),
            person_votes: persons
                .remove(&r.id)
                .unwrap_or_default()
                .into_iter()
                .map(|p| PersonVoteOut {
                    person: urls.object(ObjectType::Person, p.person_id),
                    name: p.name,
                    vote: p.vote,
                    faction: p
                        .faction_id
                        .map(|f| urls.object(ObjectType::Organization, f)),
                    basis: p.basis,
                })
                .collect(),
            source: r
                .source
                .as_deref()
                .and_then(|s| serde_json::from_str(s).ok()),
            created: format_micros(r.created),
            modified: format_micros(r.modified),
        })
        .collect())
}

pub(crate) fn csv_row(v: &VoteEvent) -> Vec<String> {
    let names = |position: &str| {
        v.faction_positions
            .iter()
            .filter(|f| f.position == position)
            .filter_map(|f| f.name.clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    vec![
        v.id.to_string(),
        v.date.clone().unwrap_or_default(),
        v.organization.clone().unwrap_or_default(),
        v.meeting.clone().unwrap_or_default(),
        v.agenda_item.clone().unwrap_or_default(),
        v.papers
            .iter()
            .filter_map(|p| p.reference.clone())
            .collect::<Vec<_>>()
            .join("; "),
        v.outcome.clone(),
        v.method.clone(),
        opt(v.counts.yes),
        opt(v.counts.no),
        opt(v.counts.abstain),
        opt(v.counts.absent),
        names("yes"),
        names("no"),
        v.result_text.clone().unwrap_or_default(),
    ]
}

fn outcomes() -> Vec<&'static str> {
    Outcome::ALL.iter().map(|o| o.as_str()).collect()
}

fn methods() -> Vec<&'static str> {
    Method::ALL.iter().map(|m| m.as_str()).collect()
}

/// Decisions (vote events), filterable; CSV columns: id, date, organization, meeting,
/// agenda_item, papers, outcome, method, yes, no, abstain, absent, factions_yes,
/// factions_no, result_text (unknown counts are empty).
#[utoipa::path(
    get,
    path = "/api/v1/votes",
    tag = "Votes",
    params(VoteQuery),
    responses(
        (status = 200, description = "A page of vote events; follow `links.next`", content(
            (ListPage<VoteEvent> = "application/json"),
            (String = "text/csv", example = "id,date,organization,meeting,agenda_item,papers,outcome,method,yes,no,abstain,absent,factions_yes,factions_no,result_text")
        )),
        (status = 400, description = "A malformed filter", body = ErrorBody, content_type = "application/json")
    )
)]
#[route("/api/v1/votes", method = "GET", method = "HEAD")]
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let q = Query::parse(&req)?;
    let filter = VoteFilter {
        body: q.id("body")?,
        organization: q.id("organization")?,
        meeting: q.id("meeting")?,
        paper: q.id("paper")?,
        faction: q.id("faction")?,
        person: q.id("person")?,
        outcome: q.one_of("outcome", &outcomes())?,
        method: q.one_of("method", &methods())?,
        from: q.date("from")?,
        to: q.date("to")?,
    };
    let csv = wants_csv(&req, &q)?;
    let page = state.store.votes(&filter, q.after()?, q.limit()?).await?;
    let base = state.urls.native("votes");
    let next = q.next(&base, page.has_next, page.rows.last().map(|r| r.id));
    let data = render(&state, page.rows).await?;
    let self_ = q.link(&base, q.after()?);
    Ok(list_response(csv, data, &CSV_COLUMNS, csv_row, self_, next))
}

/// One decision.
#[utoipa::path(
    get,
    path = "/api/v1/votes/{id}",
    tag = "Votes",
    params(("id" = i64, Path, description = "Vote event id"), ("format" = Option<String>, Query, description = "`csv` for CSV")),
    responses(
        (status = 200, description = "The vote event", content((VoteEvent = "application/json"), (String = "text/csv"))),
        (status = 400, description = "A malformed parameter or id", body = ErrorBody, content_type = "application/json"),
        (status = 404, description = "No such vote event", body = ErrorBody, content_type = "application/json")
    )
)]
#[route("/api/v1/votes/{id}", method = "GET", method = "HEAD")]
pub async fn one(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let q = Query::parse(&req)?;
    let missing = || not_found("vote event", &id);
    let vote_id = parse_id(&id).ok_or_else(missing)?;
    let row = state.store.vote(vote_id).await?.ok_or_else(missing)?;
    let vote = render(&state, vec![row]).await?.pop().ok_or_else(missing)?;
    if wants_csv(&req, &q)? {
        return Ok(csv_response(&CSV_COLUMNS, &[csv_row(&vote)], None));
    }
    Ok(json_response(&vote, None))
}

/// One vote of a person, flagged where it differs from the faction's majority.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PersonVoteRecord {
    /// The vote event's id (the cursor of `links.next`).
    #[serde(skip)]
    pub id: i64,
    pub vote_event: String,
    /// The motion or resolution text decided on.
    pub question: Option<String>,
    pub date: Option<String>,
    pub outcome: String,
    pub vote: String,
    pub faction: Option<String>,
    /// The position of the person's faction in this decision, where known.
    pub faction_position: Option<String>,
    /// The vote differs from the faction's position.
    pub differs_from_faction: bool,
    pub basis: String,
    pub result_text: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonVotePage {
    pub person: String,
    pub name: Option<String>,
    pub data: Vec<PersonVoteRecord>,
    pub links: PageLinks,
}

/// A page of a person's votes, each with the position of their faction where known.
pub(crate) async fn records(
    state: &AppState,
    person_id: i64,
    after: Option<i64>,
    limit: i64,
) -> Result<(Vec<PersonVoteRecord>, bool), ApiError> {
    let page = state.store.votes_of_person(person_id, after, limit).await?;
    let vote_ids: Vec<i64> = page.rows.iter().map(|r| r.vote_event_id).collect();
    let votes: HashMap<i64, VoteEventRow> = state
        .store
        .votes_by_id(&vote_ids)
        .await?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let positions: HashMap<(i64, i64), String> = state
        .store
        .faction_positions(&vote_ids)
        .await?
        .into_iter()
        .map(|f| ((f.vote_event_id, f.organization_id), f.position))
        .collect();
    let urls = &state.urls;
    let data: Vec<PersonVoteRecord> = page
        .rows
        .iter()
        .map(|r| {
            let v = votes.get(&r.vote_event_id);
            let faction_position = r
                .faction_id
                .and_then(|f| positions.get(&(r.vote_event_id, f)).cloned());
            PersonVoteRecord {
                id: r.vote_event_id,
                vote_event: urls.vote(r.vote_event_id),
                question: v.and_then(|v| v.question.clone()),
                date: v.and_then(|v| v.date.clone()),
                outcome: v.map(|v| v.outcome.clone()).unwrap_or_default(),
                vote: r.vote.clone(),
                faction: r
                    .faction_id
                    .map(|f| urls.object(ObjectType::Organization, f)),
                differs_from_faction: faction_position
                    .as_deref()
                    .is_some_and(|p| p != "split" && p != r.vote),
                faction_position,
                basis: r.basis.clone(),
                result_text: v.and_then(|v| v.result_text.clone()),
            }
        })
        .collect();
    Ok((data, page.has_next))
}

/// A member's voting record; CSV columns: vote_event, date, outcome, vote, faction,
/// faction_position, differs_from_faction, basis, result_text.
#[utoipa::path(
    get,
    path = "/api/v1/persons/{id}/votes",
    tag = "Votes",
    params(
        ("id" = i64, Path, description = "Person id"),
        ("limit" = Option<i64>, Query, description = "Page size, 1 to 1000"),
        ("after" = Option<i64>, Query, description = "Cursor from links.next"),
        ("format" = Option<String>, Query, description = "`csv` for CSV")
    ),
    responses(
        (status = 200, description = "The person's votes", content((PersonVotePage = "application/json"), (String = "text/csv"))),
        (status = 400, description = "A malformed parameter or id", body = ErrorBody, content_type = "application/json"),
        (status = 404, description = "No such person", body = ErrorBody, content_type = "application/json")
    )
)]
#[route("/api/v1/persons/{id}/votes", method = "GET", method = "HEAD")]
pub async fn person_votes(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let q = Query::parse(&req)?;
    let missing = || not_found("person", &id);
    let person_id = parse_id(&id).ok_or_else(missing)?;
    let person: PersonRow = state
        .store
        .get(ObjectType::Person, person_id)
        .await?
        .ok_or_else(missing)?;
    let (data, has_next) = records(&state, person_id, q.after()?, q.limit()?).await?;
    let base = state.urls.native(&format!("persons/{person_id}/votes"));
    let next = q.next(&base, has_next, data.last().map(|r| r.id));
    let urls = &state.urls;
    if wants_csv(&req, &q)? {
        let header = [
            "vote_event",
            "date",
            "outcome",
            "vote",
            "faction",
            "faction_position",
            "differs_from_faction",
            "basis",
            "result_text",
        ];
        let rows: Vec<Vec<String>> = data
            .iter()
            .map(|d| {
                vec![
                    d.vote_event.clone(),
                    d.date.clone().unwrap_or_default(),
                    d.outcome.clone(),
                    d.vote.clone(),
                    d.faction.clone().unwrap_or_default(),
                    d.faction_position.clone().unwrap_or_default(),
                    d.differs_from_faction.to_string(),
                    d.basis.clone(),
                    d.result_text.clone().unwrap_or_default(),
                ]
            })
            .collect();
        return Ok(csv_response(&header, &rows, next.as_deref()));
    }
    Ok(json_response(
        &PersonVotePage {
            person: urls.object(ObjectType::Person, person_id),
            name: person.name,
            data,
            links: PageLinks {
                self_: q.link(&base, q.after()?),
                next,
            },
        },
        None,
    ))
}
