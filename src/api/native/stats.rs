//! Statistics over decisions, honest about their coverage: every answer says how many
//! decisions it rests on and how many of those carried only an outcome, without
//! counts or faction positions.

use std::collections::{BTreeMap, HashMap};

use actix_web::{HttpRequest, HttpResponse, route, web};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use super::motions::{motion_filter, originators_of};
use super::{Query, csv_response, wants_csv};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::oparl::json_response;
use crate::ingest::votes::phrase::Outcome;
use crate::oparl::ObjectType;
use crate::oparl::model::Error as ErrorBody;
use crate::store::votes::{FactionPositionRow, VoteEventRow};

/// How much the statistic rests on.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    /// Decisions (vote events) in scope.
    pub decisions: usize,
    /// Of those, decisions with faction positions.
    pub with_positions: usize,
    /// Of those, decisions with stated counts.
    pub with_counts: usize,
    /// Decisions with only an outcome: no counts and no positions.
    pub outcome_only: usize,
}

fn coverage(votes: &[VoteEventRow], positions: &HashMap<i64, Vec<FactionPositionRow>>) -> Coverage {
    let with_counts = |v: &VoteEventRow| v.yes.is_some() || v.no.is_some() || v.abstain.is_some();
    Coverage {
        decisions: votes.len(),
        with_positions: votes
            .iter()
            .filter(|v| positions.contains_key(&v.id))
            .count(),
        with_counts: votes.iter().filter(|v| with_counts(v)).count(),
        outcome_only: votes
            .iter()
            .filter(|v| !with_counts(v) && !positions.contains_key(&v.id))
            .count(),
    }
}

async fn positions_of(
    state: &AppState,
    votes: &[VoteEventRow],
) -> Result<HashMap<i64, Vec<FactionPositionRow>>, ApiError> {
    let ids: Vec<i64> = votes.iter().map(|v| v.id).collect();
    let mut map: HashMap<i64, Vec<FactionPositionRow>> = HashMap::new();
    // Chunks keep the statement under the backends' parameter limits.
    for chunk in ids.chunks(1000) {
        for p in state.store.faction_positions(chunk).await? {
            map.entry(p.vote_event_id).or_default().push(p);
        }
    }
    Ok(map)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FactionPair {
    pub faction_a: String,
    pub name_a: Option<String>,
    pub faction_b: String,
    pub name_b: Option<String>,
    /// Decisions in which both factions' positions are known.
    pub decisions_together: usize,
    /// Of those, decisions in which both took the same position.
    pub agreements: usize,
    pub agreement_rate: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FactionAgreement {
    pub organization: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub coverage: Coverage,
    /// Positions by how they are known: stated in the minutes, from a unanimous vote, or implied.
    pub positions_by_basis: BTreeMap<String, usize>,
    pub pairs: Vec<FactionPair>,
}

#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct AgreementQuery {
    /// Committee id (or URL); all committees when absent.
    organization: Option<String>,
    /// First date, `yyyy-mm-dd`.
    from: Option<String>,
    /// Last date, `yyyy-mm-dd`.
    to: Option<String>,
    /// `csv` for CSV.
    format: Option<String>,
}

/// Agreement per pair of factions over the decisions of a committee (or all) in a
/// date range.
pub(crate) async fn agreement(
    state: &AppState,
    organization: Option<i64>,
    from: Option<String>,
    to: Option<String>,
) -> Result<FactionAgreement, ApiError> {
    let votes = state
        .store
        .votes_for_stats(organization, from.as_deref(), to.as_deref())
        .await?;
    let positions = positions_of(state, &votes).await?;
    let mut names: HashMap<i64, Option<String>> = HashMap::new();
    let mut pairs: BTreeMap<(i64, i64), (usize, usize)> = BTreeMap::new();
    let mut by_basis: BTreeMap<String, usize> = BTreeMap::new();
    for list in positions.values() {
        for p in list {
            names
                .entry(p.organization_id)
                .or_insert_with(|| p.name.clone());
            *by_basis.entry(p.basis.clone()).or_default() += 1;
        }
        let known: Vec<&FactionPositionRow> =
            list.iter().filter(|p| p.position != "split").collect();
        for (i, a) in known.iter().enumerate() {
            for b in &known[i + 1..] {
                let key = (
                    a.organization_id.min(b.organization_id),
                    a.organization_id.max(b.organization_id),
                );
                let entry = pairs.entry(key).or_default();
                entry.0 += 1;
                if a.position == b.position {
                    entry.1 += 1;
                }
            }
        }
    }
    let urls = &state.urls;
    let pairs: Vec<FactionPair> = pairs
        .into_iter()
        .map(|((a, b), (together, agreements))| FactionPair {
            faction_a: urls.object(ObjectType::Organization, a),
            name_a: names.get(&a).cloned().flatten(),
            faction_b: urls.object(ObjectType::Organization, b),
            name_b: names.get(&b).cloned().flatten(),
            decisions_together: together,
            agreements,
            agreement_rate: if together == 0 {
                0.0
            } else {
                agreements as f64 / together as f64
            },
        })
        .collect();
    Ok(FactionAgreement {
        organization: organization.map(|o| urls.object(ObjectType::Organization, o)),
        from,
        to,
        coverage: coverage(&votes, &positions),
        positions_by_basis: by_basis,
        pairs,
    })
}

/// How often each pair of factions voted the same way; CSV columns: faction_a, name_a,
/// faction_b, name_b, decisions_together, agreements, agreement_rate.
#[utoipa::path(
    get,
    path = "/api/v1/stats/faction-agreement",
    tag = "Statistics",
    params(AgreementQuery),
    responses(
        (status = 200, description = "Agreement per pair of factions, with coverage", content((FactionAgreement = "application/json"), (String = "text/csv"))),
        (status = 400, description = "A malformed parameter", body = ErrorBody, content_type = "application/json")
    )
)]
#[route("/api/v1/stats/faction-agreement", method = "GET", method = "HEAD")]
pub async fn faction_agreement(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let q = Query::parse(&req)?;
    let agreement = agreement(
        &state,
        q.id("organization")?,
        q.date("from")?,
        q.date("to")?,
    )
    .await?;
    let pairs = &agreement.pairs;
    if wants_csv(&req, &q)? {
        let header = [
            "faction_a",
            "name_a",
            "faction_b",
            "name_b",
            "decisions_together",
            "agreements",
            "agreement_rate",
        ];
        let rows: Vec<Vec<String>> = pairs
            .iter()
            .map(|p| {
                vec![
                    p.faction_a.clone(),
                    p.name_a.clone().unwrap_or_default(),
                    p.faction_b.clone(),
                    p.name_b.clone().unwrap_or_default(),
                    p.decisions_together.to_string(),
                    p.agreements.to_string(),
                    format!("{:.3}", p.agreement_rate),
                ]
            })
            .collect();
        return Ok(csv_response(&header, &rows, None));
    }
    Ok(json_response(&agreement, None))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MotionGroup {
    /// The group: an originator's URL, a paper type, or a committee's URL.
    pub key: String,
    pub name: Option<String>,
    pub motions: usize,
    /// Motions with a recorded final decision.
    pub decided: usize,
    pub adopted: usize,
    pub rejected: usize,
    /// Withdrawn, noted, postponed, referred and other outcomes.
    pub other: usize,
    /// adopted / decided; `null` when nothing was decided.
    pub adoption_rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MotionStats {
    pub group_by: String,
    pub motions: usize,
    /// Motions without any recorded decision (not counted in rates).
    pub undecided: usize,
    pub coverage: Coverage,
    pub groups: Vec<MotionGroup>,
}

#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct MotionStatsQuery {
    /// `originator`, `type` or `organization` (the committee of the final decision).
    group_by: String,
    /// Body id (or URL).
    body: Option<String>,
    /// First date, `yyyy-mm-dd`.
    from: Option<String>,
    /// Last date, `yyyy-mm-dd`.
    to: Option<String>,
    /// `csv` for CSV.
    format: Option<String>,
}

/// Counts and adoption rates of motions; CSV columns: key, name, motions, decided,
/// adopted, rejected, other, adoption_rate.
#[utoipa::path(
    get,
    path = "/api/v1/stats/motions",
    tag = "Statistics",
    params(MotionStatsQuery),
    responses(
        (status = 200, description = "Motions per group, with coverage", content((MotionStats = "application/json"), (String = "text/csv"))),
        (status = 400, description = "A missing or malformed parameter", body = ErrorBody, content_type = "application/json")
    )
)]
#[route("/api/v1/stats/motions", method = "GET", method = "HEAD")]
pub async fn motion_stats(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let q = Query::parse(&req)?;
    let group_by = q
        .one_of("group_by", &["originator", "type", "organization"])?
        .ok_or_else(|| {
            ApiError::bad_request(
                "group_by is required: originator, type or organization.",
                "group_by missing",
            )
        })?;
    let filter = motion_filter(&q)?;
    let motions = state.store.all_motions(&filter).await?;
    let ids: Vec<i64> = motions.iter().map(|m| m.id).collect();
    let mut originators = HashMap::new();
    for chunk in ids.chunks(1000) {
        originators.extend(originators_of(&state, chunk).await?);
    }
    // The decisions on these motions, for coverage and for the committee of the last one.
    let votes = state
        .store
        .votes_for_stats(None, filter.from.as_deref(), filter.to.as_deref())
        .await?;
    let mut last_vote: HashMap<i64, &VoteEventRow> = HashMap::new();
    let mut in_scope = Vec::new();
    for chunk in votes.chunks(1000) {
        let chunk_ids: Vec<i64> = chunk.iter().map(|v| v.id).collect();
        let by_id: HashMap<i64, &VoteEventRow> = chunk.iter().map(|v| (v.id, v)).collect();
        for link in state.store.vote_papers(&chunk_ids).await? {
            if let Some(v) = by_id.get(&link.vote_event_id)
                && ids.binary_search(&link.paper_id).is_ok()
            {
                in_scope.push((*v).clone());
                let replace = last_vote
                    .get(&link.paper_id)
                    .is_none_or(|old| (old.date.clone(), old.id) < (v.date.clone(), v.id));
                if replace {
                    last_vote.insert(link.paper_id, v);
                }
            }
        }
    }
    in_scope.sort_by_key(|v| v.id);
    in_scope.dedup_by_key(|v| v.id);
    let positions = positions_of(&state, &in_scope).await?;
    let urls = &state.urls;
    let mut groups: BTreeMap<String, MotionGroup> = BTreeMap::new();
    let mut undecided = 0;
    for m in &motions {
        let outcome = m.final_outcome.as_deref().and_then(Outcome::parse);
        if outcome.is_none() {
            undecided += 1;
        }
        let keys: Vec<(String, Option<String>)> = match group_by.as_str() {
            "type" => vec![(
                m.paper_type.clone().unwrap_or_default(),
                m.paper_type.clone(),
            )],
            "organization" => vec![match last_vote.get(&m.id).and_then(|v| v.organization_id) {
                Some(o) => (urls.object(ObjectType::Organization, o), None),
                None => ("none".to_owned(), None),
            }],
            _ => {
                let list = originators.get(&m.id).cloned().unwrap_or_default();
                if list.is_empty() {
                    vec![("none".to_owned(), None)]
                } else {
                    list.into_iter()
                        .map(|o| {
                            let ty = if o.property == "originatorPerson" {
                                ObjectType::Person
                            } else {
                                ObjectType::Organization
                            };
                            (urls.object(ty, o.dst_id), o.name)
                        })
                        .collect()
                }
            }
        };
        for (key, name) in keys {
            let g = groups.entry(key.clone()).or_insert_with(|| MotionGroup {
                key,
                name,
                motions: 0,
                decided: 0,
                adopted: 0,
                rejected: 0,
                other: 0,
                adoption_rate: None,
            });
            g.motions += 1;
            if let Some(o) = outcome {
                g.decided += 1;
                match o {
                    o if o.adopted() => g.adopted += 1,
                    Outcome::Rejected => g.rejected += 1,
                    _ => g.other += 1,
                }
            }
        }
    }
    let groups: Vec<MotionGroup> = groups
        .into_values()
        .map(|mut g| {
            g.adoption_rate = (g.decided > 0).then(|| g.adopted as f64 / g.decided as f64);
            g
        })
        .collect();
    if wants_csv(&req, &q)? {
        let header = [
            "key",
            "name",
            "motions",
            "decided",
            "adopted",
            "rejected",
            "other",
            "adoption_rate",
        ];
        let rows: Vec<Vec<String>> = groups
            .iter()
            .map(|g| {
                vec![
                    g.key.clone(),
                    g.name.clone().unwrap_or_default(),
                    g.motions.to_string(),
                    g.decided.to_string(),
                    g.adopted.to_string(),
                    g.rejected.to_string(),
                    g.other.to_string(),
                    g.adoption_rate
                        .map(|r| format!("{r:.3}"))
                        .unwrap_or_default(),
                ]
            })
            .collect();
        return Ok(csv_response(&header, &rows, None));
    }
    Ok(json_response(
        &MotionStats {
            group_by,
            motions: motions.len(),
            undecided,
            coverage: coverage(&in_scope, &positions),
            groups,
        },
        None,
    ))
}
