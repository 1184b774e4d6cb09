//! Read queries for votes, motions and their statistics (the native API).

use super::read::RowPage;
use super::{Reads, Result, Sql, Store};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct VoteEventRow {
    pub id: i64,
    pub body_id: i64,
    pub created: i64,
    pub modified: i64,
    pub source: Option<String>,
    pub agenda_item_id: Option<i64>,
    pub meeting_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub date: Option<String>,
    pub question: Option<String>,
    pub result_text: Option<String>,
    pub outcome: String,
    pub method: String,
    pub yes: Option<i64>,
    pub no: Option<i64>,
    pub abstain: Option<i64>,
    pub absent: Option<i64>,
}

#[derive(Debug, Clone, FromRow)]
pub struct FactionPositionRow {
    pub vote_event_id: i64,
    pub organization_id: i64,
    pub name: Option<String>,
    pub position: String,
    pub count: Option<i64>,
    pub basis: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct PersonVoteRow {
    pub vote_event_id: i64,
    pub person_id: i64,
    pub name: Option<String>,
    pub vote: String,
    pub faction_id: Option<i64>,
    pub basis: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct PaperLinkRow {
    pub vote_event_id: i64,
    pub paper_id: i64,
    pub reference: Option<String>,
}

/// Filters of `GET /api/v1/votes`; all optional, combined with AND.
#[derive(Debug, Clone, Default)]
pub struct VoteFilter {
    pub body: Option<i64>,
    pub organization: Option<i64>,
    pub meeting: Option<i64>,
    pub paper: Option<i64>,
    pub faction: Option<i64>,
    pub person: Option<i64>,
    pub outcome: Option<String>,
    pub method: Option<String>,
    /// Inclusive `yyyy-mm-dd` bounds.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Paper types that are motions or questions of members, factions or citizens.
pub const MOTION_TYPES: [&str; 11] = [
    "Antrag",
    "Änderungsantrag",
    "Ergänzungsantrag",
    "Dringlichkeitsantrag",
    "Bürgerantrag",
    "Einwohnerantrag",
    "Anregung",
    "Anfrage",
    "Große Anfrage",
    "Kleine Anfrage",
    "Prüfantrag",
];

#[derive(Debug, Clone, FromRow)]
pub struct MotionRow {
    pub id: i64,
    pub body_id: i64,
    pub name: Option<String>,
    pub reference: Option<String>,
    pub date: Option<String>,
    pub paper_type: Option<String>,
    pub modified: i64,
    pub first_date: Option<String>,
    pub final_outcome: Option<String>,
}

/// Filters of `GET /api/v1/motions`.
#[derive(Debug, Clone, Default)]
pub struct MotionFilter {
    pub body: Option<i64>,
    pub originator: Option<i64>,
    pub paper_type: Option<String>,
    pub outcome: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct NamedLinkRow {
    pub src_id: i64,
    pub dst_id: i64,
    pub property: String,
    pub name: Option<String>,
}

/// The latest decision on a paper.
const FINAL_OUTCOME: &str = "(SELECT v.outcome FROM vote_event v JOIN link l ON l.src_type = 'VoteEvent' \
     AND l.property = 'paper' AND l.src_id = v.id WHERE l.dst_id = p.id AND v.deleted = FALSE \
     ORDER BY v.date DESC, v.id DESC LIMIT 1)";
/// The first meeting date at which a paper was dealt with.
const FIRST_DATE: &str = "(SELECT MIN(m.start_at) FROM consultation c JOIN meeting m ON m.id = c.meeting_id \
     WHERE c.paper_id = p.id AND c.deleted = FALSE)";

impl Store {
    pub async fn votes(
        &self,
        f: &VoteFilter,
        after: Option<i64>,
        limit: i64,
    ) -> Result<RowPage<VoteEventRow>> {
        let sql = Store::votes_statement(f, after, limit);
        let rows: Vec<VoteEventRow> = self.fetch_all(sql).await?;
        Ok(RowPage::forward(rows, limit, after.is_some()))
    }

    /// The statement of a page of `GET /api/v1/votes`.
    pub fn votes_statement(f: &VoteFilter, after: Option<i64>, limit: i64) -> Sql {
        let mut sql = Sql::new("SELECT v.* FROM vote_event v WHERE v.deleted = FALSE");
        let eq = |sql: &mut Sql, column: &str, value: Option<i64>| {
            if let Some(v) = value {
                sql.push(&format!(" AND v.{column} = ")).bind(v);
            }
        };
        eq(&mut sql, "body_id", f.body);
        eq(&mut sql, "organization_id", f.organization);
        eq(&mut sql, "meeting_id", f.meeting);
        // The votes of a paper, a faction or a person as a list of ids from that
        // table's own index, rather than a test of every vote in turn.
        if let Some(p) = f.paper {
            sql.push(" AND v.id IN (SELECT l.src_id FROM link l WHERE l.src_type = 'VoteEvent' AND l.property = 'paper' AND l.dst_id = ")
                .bind(p)
                .push(")");
        }
        if let Some(o) = f.faction {
            sql.push(" AND v.id IN (SELECT fp.vote_event_id FROM faction_position fp WHERE fp.organization_id = ")
                .bind(o)
                .push(")");
        }
        if let Some(p) = f.person {
            sql.push(
                " AND v.id IN (SELECT pv.vote_event_id FROM person_vote pv WHERE pv.person_id = ",
            )
            .bind(p)
            .push(")");
        }
        if let Some(o) = &f.outcome {
            sql.push(" AND v.outcome = ").bind(o.as_str());
        }
        if let Some(m) = &f.method {
            sql.push(" AND v.method = ").bind(m.as_str());
        }
        if let Some(d) = &f.from {
            sql.push(" AND v.date >= ").bind(d.as_str());
        }
        if let Some(d) = &f.to {
            sql.push(" AND v.date <= ").bind(d.as_str());
        }
        // A date window is found through the (date, id) index and its ids sorted, not
        // by walking every vote in id order and testing its date.
        let id = if f.from.is_some() || f.to.is_some() {
            "v.id + 0"
        } else {
            "v.id"
        };
        if let Some(a) = after {
            sql.push(&format!(" AND {id} > ")).bind(a);
        }
        sql.push(&format!(" ORDER BY {id} LIMIT ")).bind(limit + 1);
        sql
    }

    pub async fn vote(&self, id: i64) -> Result<Option<VoteEventRow>> {
        let mut sql = Sql::new("SELECT v.* FROM vote_event v WHERE v.deleted = FALSE AND v.id = ");
        sql.bind(id);
        self.fetch_optional(sql).await
    }

    /// Live vote events by id, in id order.
    pub async fn votes_by_id(&self, ids: &[i64]) -> Result<Vec<VoteEventRow>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new("SELECT v.* FROM vote_event v WHERE v.deleted = FALSE AND v.id IN ");
        sql.bind_list(ids).push(" ORDER BY v.id");
        self.fetch_all(sql).await
    }

    pub async fn faction_positions(&self, votes: &[i64]) -> Result<Vec<FactionPositionRow>> {
        if votes.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(
            "SELECT f.vote_event_id, f.organization_id, o.name, f.position, f.count, f.basis \
             FROM faction_position f JOIN organization o ON o.id = f.organization_id WHERE f.vote_event_id IN ",
        );
        sql.bind_list(votes)
            .push(" ORDER BY f.vote_event_id, o.name");
        self.fetch_all(sql).await
    }

    pub async fn person_votes(&self, votes: &[i64]) -> Result<Vec<PersonVoteRow>> {
        if votes.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(
            "SELECT pv.vote_event_id, pv.person_id, p.name, pv.vote, pv.faction_id, pv.basis \
             FROM person_vote pv JOIN person p ON p.id = pv.person_id WHERE pv.vote_event_id IN ",
        );
        sql.bind_list(votes)
            .push(" ORDER BY pv.vote_event_id, p.family_name, p.id");
        self.fetch_all(sql).await
    }

    pub async fn vote_papers(&self, votes: &[i64]) -> Result<Vec<PaperLinkRow>> {
        if votes.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(
            "SELECT l.src_id AS vote_event_id, l.dst_id AS paper_id, p.reference FROM link l JOIN paper p ON p.id = l.dst_id \
             WHERE l.src_type = 'VoteEvent' AND l.property = 'paper' AND l.src_id IN ",
        );
        sql.bind_list(votes).push(" ORDER BY l.src_id, l.position");
        self.fetch_all(sql).await
    }

    /// A person's votes, newest last, keyset by vote event id.
    pub async fn votes_of_person(
        &self,
        person: i64,
        after: Option<i64>,
        limit: i64,
    ) -> Result<RowPage<PersonVoteRow>> {
        let mut sql = Sql::new(
            "SELECT pv.vote_event_id, pv.person_id, p.name, pv.vote, pv.faction_id, pv.basis \
             FROM person_vote pv JOIN person p ON p.id = pv.person_id JOIN vote_event v ON v.id = pv.vote_event_id \
             WHERE v.deleted = FALSE AND pv.person_id = ",
        );
        sql.bind(person);
        if let Some(a) = after {
            sql.push(" AND pv.vote_event_id > ").bind(a);
        }
        sql.push(" ORDER BY pv.vote_event_id LIMIT ")
            .bind(limit + 1);
        let rows: Vec<PersonVoteRow> = self.fetch_all(sql).await?;
        Ok(RowPage::forward(rows, limit, after.is_some()))
    }

    fn motion_query(f: &MotionFilter) -> Sql {
        let mut sql = Sql::new(format!(
            "SELECT p.id, p.body_id, p.name, p.reference, p.date, p.paper_type, p.modified, \
             {FIRST_DATE} AS first_date, {FINAL_OUTCOME} AS final_outcome FROM paper p WHERE p.deleted = FALSE AND p.paper_type IN "
        ));
        sql.bind_list(MOTION_TYPES);
        if let Some(b) = f.body {
            sql.push(" AND p.body_id = ").bind(b);
        }
        if let Some(o) = f.originator {
            sql.push(" AND EXISTS (SELECT 1 FROM link l WHERE l.src_type = 'Paper' AND l.src_id = p.id \
                       AND l.property IN ('originatorOrganization', 'originatorPerson') AND l.dst_id = ")
                .bind(o)
                .push(")");
        }
        if let Some(t) = &f.paper_type {
            sql.push(" AND p.paper_type = ").bind(t.as_str());
        }
        if let Some(o) = &f.outcome {
            sql.push(&format!(" AND {FINAL_OUTCOME} = "))
                .bind(o.as_str());
        }
        if let Some(d) = &f.from {
            sql.push(&format!(
                " AND COALESCE(p.date, SUBSTR({FIRST_DATE}, 1, 10)) >= "
            ))
            .bind(d.as_str());
        }
        if let Some(d) = &f.to {
            sql.push(&format!(
                " AND COALESCE(p.date, SUBSTR({FIRST_DATE}, 1, 10)) <= "
            ))
            .bind(d.as_str());
        }
        sql
    }

    pub async fn motions(
        &self,
        f: &MotionFilter,
        after: Option<i64>,
        limit: i64,
    ) -> Result<RowPage<MotionRow>> {
        let sql = Store::motions_statement(f, after, limit);
        let rows: Vec<MotionRow> = self.fetch_all(sql).await?;
        Ok(RowPage::forward(rows, limit, after.is_some()))
    }

    /// The statement of a page of `GET /api/v1/motions`.
    pub fn motions_statement(f: &MotionFilter, after: Option<i64>, limit: i64) -> Sql {
        let mut sql = Store::motion_query(f);
        if let Some(a) = after {
            sql.push(" AND p.id > ").bind(a);
        }
        sql.push(" ORDER BY p.id LIMIT ").bind(limit + 1);
        sql
    }

    /// All motions matching a filter (for statistics).
    pub async fn all_motions(&self, f: &MotionFilter) -> Result<Vec<MotionRow>> {
        let mut sql = Store::motion_query(f);
        sql.push(" ORDER BY p.id");
        self.fetch_all(sql).await
    }

    pub async fn motion(&self, id: i64) -> Result<Option<MotionRow>> {
        let mut sql = Store::motion_query(&MotionFilter::default());
        sql.push(" AND p.id = ").bind(id);
        self.fetch_optional(sql).await
    }

    /// Originators (organizations and persons, with names) of papers.
    pub async fn originators(&self, papers: &[i64]) -> Result<Vec<NamedLinkRow>> {
        if papers.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(
            "SELECT l.src_id, l.dst_id, l.property, COALESCE(o.name, pe.name) AS name FROM link l \
             LEFT JOIN organization o ON l.property = 'originatorOrganization' AND o.id = l.dst_id \
             LEFT JOIN person pe ON l.property = 'originatorPerson' AND pe.id = l.dst_id \
             WHERE l.src_type = 'Paper' AND l.property IN ('originatorOrganization', 'originatorPerson') AND l.src_id IN ",
        );
        sql.bind_list(papers)
            .push(" ORDER BY l.src_id, l.property, l.position");
        self.fetch_all(sql).await
    }

    /// Vote events on a paper, in date order (a motion's history).
    pub async fn votes_of_paper(&self, paper: i64) -> Result<Vec<VoteEventRow>> {
        let mut sql = Sql::new(
            "SELECT v.* FROM vote_event v JOIN link l ON l.src_type = 'VoteEvent' AND l.property = 'paper' AND l.src_id = v.id \
             WHERE v.deleted = FALSE AND l.dst_id = ",
        );
        sql.bind(paper).push(" ORDER BY v.date, v.id");
        self.fetch_all(sql).await
    }

    /// Vote events of an organization in a date range, for statistics.
    pub async fn votes_for_stats(
        &self,
        organization: Option<i64>,
        from: Option<&str>,
        to: Option<&str>,
    ) -> Result<Vec<VoteEventRow>> {
        let mut sql = Sql::new("SELECT v.* FROM vote_event v WHERE v.deleted = FALSE");
        if let Some(o) = organization {
            sql.push(" AND v.organization_id = ").bind(o);
        }
        if let Some(d) = from {
            sql.push(" AND v.date >= ").bind(d);
        }
        if let Some(d) = to {
            sql.push(" AND v.date <= ").bind(d);
        }
        sql.push(" ORDER BY v.id");
        self.fetch_all(sql).await
    }
}

impl Store {
    /// See [`Reads::votes_of_items`].
    pub async fn votes_of_items(&self, items: &[i64]) -> Result<Vec<VoteEventRow>> {
        self.reads().votes_of_items(items).await
    }
}

impl Reads<'_> {
    /// Vote events on agenda items, for the OParl face's `ratsinfo:vote`.
    pub async fn votes_of_items(&self, items: &[i64]) -> Result<Vec<VoteEventRow>> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(
            "SELECT v.* FROM vote_event v WHERE v.deleted = FALSE AND v.agenda_item_id IN ",
        );
        sql.bind_list(items).push(" ORDER BY v.id");
        Ok(Reads::fetch_all(self, sql).await?)
    }
}
