//! Read queries of the feeds: the latest changes of papers, meetings and decisions in a
//! scope, newest first, and the meetings of a calendar. Each kind is read by its own
//! indexed query and the kinds are merged, so a feed costs a few short range reads.

use super::rows::MeetingRow;
use super::{Result, Sql, Store};
use sqlx::FromRow;

/// What a feed follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedScope {
    Body(i64),
    /// Meetings of a committee, decisions taken in it, papers consulted in it.
    Organization(i64),
    /// A person's votes and the papers they brought in.
    Person(i64),
    /// Papers of one type, in one body or all.
    PaperType {
        paper_type: String,
        body: Option<i64>,
    },
}

/// One change: a paper, a meeting or a decision as the feed shows it.
#[derive(Debug, Clone, FromRow)]
pub struct FeedRow {
    /// `Paper`, `Meeting` or `VoteEvent`.
    pub kind: String,
    pub id: i64,
    pub title: Option<String>,
    /// A line under the title: reference and type, start, or the result.
    pub summary: Option<String>,
    pub day: Option<String>,
    pub created: i64,
    pub modified: i64,
}

const PAPER: &str = "SELECT 'Paper' AS kind, p.id, p.name AS title, \
     COALESCE(p.reference, '') || CASE WHEN p.paper_type IS NULL THEN '' ELSE ' · ' || p.paper_type END AS summary, \
     p.date AS day, p.created, p.modified FROM paper p WHERE p.deleted = FALSE";
const MEETING: &str = "SELECT 'Meeting' AS kind, m.id, m.name AS title, m.meeting_state AS summary, \
     SUBSTR(m.start_at, 1, 10) AS day, m.created, m.modified FROM meeting m WHERE m.deleted = FALSE";
// Decisions on non-public items never reach a feed.
const VOTE: &str = "SELECT 'VoteEvent' AS kind, v.id, COALESCE(a.name, v.question) AS title, \
     v.result_text AS summary, v.date AS day, v.created, v.modified FROM vote_event v \
     LEFT JOIN agenda_item a ON a.id = v.agenda_item_id \
     WHERE v.deleted = FALSE AND (a.public IS NULL OR a.public = TRUE)";

impl Store {
    /// The latest `limit` changes in a scope, newest first.
    pub async fn feed(&self, scope: &FeedScope, limit: i64) -> Result<Vec<FeedRow>> {
        // Each query with the alias of its table, for the order by its index.
        let mut queries: Vec<(Sql, &str)> = Vec::new();
        match scope {
            FeedScope::Body(body) => {
                for (base, alias) in [(PAPER, "p"), (MEETING, "m"), (VOTE, "v")] {
                    let mut sql = Sql::new(format!("{base} AND {alias}.body_id = "));
                    sql.bind(*body);
                    queries.push((sql, alias));
                }
            }
            FeedScope::Organization(org) => {
                let mut meetings = Sql::new(format!(
                    "{MEETING} AND m.id IN (SELECT l.src_id FROM link l WHERE l.src_type = 'Meeting' \
                     AND l.property = 'organization' AND l.dst_id = "
                ));
                meetings.bind(*org).push(")");
                queries.push((meetings, "m"));
                let mut votes = Sql::new(format!("{VOTE} AND v.organization_id = "));
                votes.bind(*org);
                queries.push((votes, "v"));
                // Papers consulted in the committee: named on the consultation, or
                // through the meeting it belongs to.
                let mut papers = Sql::new(format!(
                    "{PAPER} AND p.id IN (SELECT c.paper_id FROM consultation c JOIN link l \
                     ON l.src_type = 'Consultation' AND l.property = 'organization' AND l.src_id = c.id \
                     WHERE c.deleted = FALSE AND l.dst_id = "
                ));
                papers
                    .bind(*org)
                    .push(
                        " UNION SELECT c.paper_id FROM consultation c JOIN link l \
                         ON l.src_type = 'Meeting' AND l.property = 'organization' AND l.src_id = c.meeting_id \
                         WHERE c.deleted = FALSE AND l.dst_id = ",
                    )
                    .bind(*org)
                    .push(")");
                queries.push((papers, "p"));
            }
            FeedScope::Person(person) => {
                let mut votes = Sql::new(format!(
                    "{VOTE} AND v.id IN (SELECT pv.vote_event_id FROM person_vote pv WHERE pv.person_id = "
                ));
                votes.bind(*person).push(")");
                queries.push((votes, "v"));
                let mut papers = Sql::new(format!(
                    "{PAPER} AND p.id IN (SELECT l.src_id FROM link l WHERE l.src_type = 'Paper' \
                     AND l.property = 'originatorPerson' AND l.dst_id = "
                ));
                papers.bind(*person).push(")");
                queries.push((papers, "p"));
            }
            FeedScope::PaperType { paper_type, body } => {
                let mut papers = Sql::new(format!("{PAPER} AND p.paper_type = "));
                papers.bind(paper_type.as_str());
                if let Some(b) = body {
                    papers.push(" AND p.body_id = ").bind(*b);
                }
                queries.push((papers, "p"));
            }
        }
        let mut rows: Vec<FeedRow> = Vec::new();
        for (mut sql, alias) in queries {
            sql.push(&format!(
                " ORDER BY {alias}.modified DESC, {alias}.id DESC LIMIT "
            ))
            .bind(limit);
            rows.extend(self.fetch_all::<FeedRow>(sql).await?);
        }
        rows.sort_by_key(|r| std::cmp::Reverse((r.modified, r.id)));
        rows.truncate(limit.max(0) as usize);
        Ok(rows)
    }

    /// Meetings of a body, or of a committee, in order of their start: those starting on
    /// or after `from` (a date), or else the latest; at most `limit`.
    pub async fn calendar(
        &self,
        body: Option<i64>,
        organization: Option<i64>,
        from: Option<&str>,
        limit: i64,
    ) -> Result<Vec<MeetingRow>> {
        let mut sql = Sql::new(
            "SELECT t.* FROM meeting t WHERE t.deleted = FALSE AND t.start_at IS NOT NULL",
        );
        if let Some(f) = from {
            sql.push(" AND t.start_at >= ").bind(f);
        }
        if let Some(b) = body {
            sql.push(" AND t.body_id = ").bind(b);
        }
        if let Some(o) = organization {
            sql.push(
                " AND t.id IN (SELECT l.src_id FROM link l WHERE l.src_type = 'Meeting' \
                 AND l.property = 'organization' AND l.dst_id = ",
            )
            .bind(o)
            .push(")");
        }
        let direction = if from.is_some() { "" } else { " DESC" };
        sql.push(&format!(
            " ORDER BY t.start_at{direction}, t.id{direction} LIMIT "
        ))
        .bind(limit);
        let mut rows: Vec<MeetingRow> = self.fetch_all(sql).await?;
        if from.is_none() {
            rows.reverse();
        }
        Ok(rows)
    }

    /// `created` and `modified` of live objects of one table, by id.
    pub async fn stamps(&self, table: &str, ids: &[i64]) -> Result<Vec<(i64, i64, i64)>> {
        #[derive(FromRow)]
        struct Stamp {
            id: i64,
            created: i64,
            modified: i64,
        }
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(format!(
            "SELECT t.id, t.created, t.modified FROM {table} t WHERE t.deleted = FALSE AND t.id IN "
        ));
        sql.bind_list(ids);
        let rows: Vec<Stamp> = self.fetch_all(sql).await?;
        Ok(rows
            .into_iter()
            .map(|s| (s.id, s.created, s.modified))
            .collect())
    }
}

impl Store {
    /// The first and the last meeting start of a body: the time its data covers.
    pub async fn meeting_span(&self, body: i64) -> Result<(Option<String>, Option<String>)> {
        #[derive(FromRow)]
        struct Span {
            first: Option<String>,
            last: Option<String>,
        }
        let mut sql = Sql::new(
            "SELECT MIN(t.start_at) AS first, MAX(t.start_at) AS last FROM meeting t \
             WHERE t.deleted = FALSE AND t.start_at IS NOT NULL AND t.body_id = ",
        );
        sql.bind(body);
        let span: Option<Span> = self.fetch_optional(sql).await?;
        Ok(span.map_or((None, None), |s| (s.first, s.last)))
    }
}
