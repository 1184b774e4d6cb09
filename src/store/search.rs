//! The search index: one document per findable object (papers, agenda items, meetings,
//! persons, organizations, vote events), kept true by the after-write pass in the
//! writing transaction, and the search query over it.
//!
//! Terms come from [`crate::search::analyze`] on both backends. SQLite keeps them in an
//! FTS5 table (`search_fts`, ranked by BM25); PostgreSQL in a `tsvector`
//! column with a GIN index (ranked by `ts_rank`). Titles weigh more than texts on both.
//! Non-public agenda items (and their votes) get no document at all.

use std::collections::{BTreeSet, HashMap};

use sqlx::FromRow;

use super::after_write::Changes;
use super::rows::{IdPair, IdRow};
use super::{AnyRow, Result, Sql, Store, Tx};
use crate::oparl::ObjectType;
use crate::search::analyze;
use crate::search::query::Query;

/// The kinds of findable objects. The code makes a document's id (`object id * 8 +
/// code`), so no look-up is needed to replace it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Paper,
    AgendaItem,
    Meeting,
    Person,
    Organization,
    VoteEvent,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Paper,
        Kind::AgendaItem,
        Kind::Meeting,
        Kind::Person,
        Kind::Organization,
        Kind::VoteEvent,
    ];

    /// The OParl type, for all but votes (a type of the native face).
    pub fn object_type(self) -> Option<ObjectType> {
        match self {
            Kind::Paper => Some(ObjectType::Paper),
            Kind::AgendaItem => Some(ObjectType::AgendaItem),
            Kind::Meeting => Some(ObjectType::Meeting),
            Kind::Person => Some(ObjectType::Person),
            Kind::Organization => Some(ObjectType::Organization),
            Kind::VoteEvent => None,
        }
    }

    /// The type name served (OParl's, or `VoteEvent` of the native face).
    pub fn name(self) -> &'static str {
        self.object_type().map_or("VoteEvent", ObjectType::name)
    }

    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(name))
    }

    pub fn table(self) -> &'static str {
        self.object_type().map_or("vote_event", ObjectType::table)
    }

    fn code(self) -> i64 {
        match self {
            Kind::Paper => 1,
            Kind::AgendaItem => 2,
            Kind::Meeting => 3,
            Kind::Person => 4,
            Kind::Organization => 5,
            Kind::VoteEvent => 6,
        }
    }

    pub fn doc_id(self, object_id: i64) -> i64 {
        object_id * 8 + self.code()
    }
}

/// What a document is found by and shown with.
#[derive(Debug, Clone, PartialEq)]
struct Doc {
    kind: Kind,
    object_id: i64,
    body_id: i64,
    /// `yyyy-mm-dd`, for the date filters, the date sort and the year facet.
    day: Option<String>,
    paper_type: Option<String>,
    title: String,
    text: String,
    organizations: BTreeSet<i64>,
    /// The one organization the facet counts a document under: the committee of a
    /// meeting, item or vote, the first committee a paper went to, a person's first
    /// membership.
    main_org: Option<i64>,
    persons: BTreeSet<i64>,
}

impl Doc {
    fn new(kind: Kind, object_id: i64, body_id: i64, title: String) -> Doc {
        Doc {
            kind,
            object_id,
            body_id,
            day: None,
            paper_type: None,
            title,
            text: String::new(),
            organizations: BTreeSet::new(),
            main_org: None,
            persons: BTreeSet::new(),
        }
    }

    /// Organizations the document is filtered by; the first becomes the main one.
    fn add_organizations(&mut self, orgs: Option<&Vec<i64>>) {
        let orgs = orgs.map(Vec::as_slice).unwrap_or_default();
        self.main_org = self.main_org.or(orgs.first().copied());
        self.organizations.extend(orgs);
    }

    fn add_text(&mut self, part: Option<&str>) {
        let Some(part) = part.map(str::trim).filter(|p| !p.is_empty()) else {
            return;
        };
        if self.text.len() >= MAX_TEXT {
            return;
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let room = MAX_TEXT - self.text.len();
        let mut cut = part.len().min(room);
        while !part.is_char_boundary(cut) {
            cut -= 1;
        }
        self.text.push_str(&part[..cut]);
    }
}

/// Text kept per document for snippets (the terms of all of it are indexed up to
/// [`analyze::MAX_TERMS`]).
const MAX_TEXT: usize = 200_000;

/// Objects per statement batch when (re)indexing.
const CHUNK: usize = 400;

fn day_of(value: Option<&str>) -> Option<String> {
    let v = value?;
    (v.len() >= 10 && v.is_char_boundary(10)).then(|| v[..10].to_owned())
}

// ---------------------------------------------------------------------------------
// Keeping the index true

/// The after-write pass: re-indexes every document that the changes touch, including
/// those that show or filter by something changed (a meeting's date on its agenda
/// items, a file's text on its papers, a membership on its person).
pub(super) async fn update(tx: &mut Tx, changes: &Changes) -> Result<()> {
    let mut affected: HashMap<Kind, BTreeSet<i64>> = HashMap::new();
    for kind in Kind::ALL {
        affected
            .entry(kind)
            .or_default()
            .extend(changes.of(kind.table()));
    }
    let files = changes.of("file");
    let meetings = changes.of("meeting");
    let consultations = changes.of("consultation");
    let memberships = changes.of("membership");
    let locations = changes.of("location");
    let items = changes.of("agenda_item");
    let mut add = |kind: Kind, ids: Vec<i64>| affected.entry(kind).or_default().extend(ids);
    add(
        Kind::Paper,
        tx_ids(
            tx,
            "SELECT id FROM paper WHERE main_file_id IN ",
            &files,
            Some("SELECT src_id AS id FROM link WHERE src_type = 'Paper' AND property = 'auxiliaryFile' AND dst_id IN "),
        )
        .await?,
    );
    add(
        Kind::Paper,
        tx_ids(
            tx,
            "SELECT paper_id AS id FROM consultation WHERE id IN ",
            &consultations,
            None,
        )
        .await?,
    );
    add(
        Kind::AgendaItem,
        tx_ids(
            tx,
            "SELECT id FROM agenda_item WHERE meeting_id IN ",
            &meetings,
            None,
        )
        .await?,
    );
    add(
        Kind::Meeting,
        tx_ids(
            tx,
            "SELECT id FROM meeting WHERE location_id IN ",
            &locations,
            None,
        )
        .await?,
    );
    add(
        Kind::Person,
        tx_ids(
            tx,
            "SELECT person_id AS id FROM membership WHERE id IN ",
            &memberships,
            None,
        )
        .await?,
    );
    add(
        Kind::VoteEvent,
        tx_ids(
            tx,
            "SELECT id FROM vote_event WHERE agenda_item_id IN ",
            &items,
            None,
        )
        .await?,
    );
    for kind in Kind::ALL {
        let ids: Vec<i64> = affected
            .remove(&kind)
            .unwrap_or_default()
            .into_iter()
            .collect();
        for chunk in ids.chunks(CHUNK) {
            reindex(tx, kind, chunk).await?;
        }
    }
    Ok(())
}

/// Ids selected by `prefix (ids...)` (and by `also (ids...)`), a chunk at a time.
async fn tx_ids(tx: &mut Tx, prefix: &str, ids: &[i64], also: Option<&str>) -> Result<Vec<i64>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        for query in std::iter::once(prefix).chain(also) {
            let mut sql = Sql::new(query);
            sql.bind_list(chunk);
            let rows: Vec<IdRow> = tx.fetch_all(sql).await?;
            out.extend(rows.into_iter().map(|r| r.id));
        }
    }
    Ok(out)
}

/// Replaces the documents of these objects with what they are now (none for deleted
/// and non-public ones).
async fn reindex(tx: &mut Tx, kind: Kind, ids: &[i64]) -> Result<()> {
    let docs = build(tx, kind, ids).await?;
    let doc_ids: Vec<i64> = ids.iter().map(|id| kind.doc_id(*id)).collect();
    if tx.is_sqlite() {
        let mut sql = Sql::new("DELETE FROM search_fts WHERE rowid IN ");
        sql.bind_list(&doc_ids);
        tx.execute(sql).await?;
    }
    for table in ["search_ref WHERE doc_id", "search_doc WHERE id"] {
        let mut sql = Sql::new(format!("DELETE FROM {table} IN "));
        sql.bind_list(&doc_ids);
        tx.execute(sql).await?;
    }
    insert(tx, &docs).await
}

/// Writes new documents, a few dozen rows per statement.
async fn insert(tx: &mut Tx, docs: &[Doc]) -> Result<()> {
    let sqlite = tx.is_sqlite();
    for chunk in docs.chunks(50) {
        let mut sql = Sql::new(
            "INSERT INTO search_doc (id, kind, object_id, body_id, day, paper_type, org_id, title, text",
        );
        sql.push(if sqlite {
            ") VALUES "
        } else {
            ", tsv) VALUES "
        });
        let mut fts = Sql::new("INSERT INTO search_fts (rowid, title, body) VALUES ");
        for (i, d) in chunk.iter().enumerate() {
            let (title, text) = terms_of(d);
            sql.push(if i == 0 { "(" } else { ", (" })
                .bind(d.kind.doc_id(d.object_id))
                .push(", ")
                .bind(d.kind.name())
                .push(", ")
                .bind(d.object_id)
                .push(", ")
                .bind(d.body_id)
                .push(", ")
                .bind(d.day.clone())
                .push(", ")
                .bind(d.paper_type.clone())
                .push(", ")
                .bind(d.main_org)
                .push(", ")
                .bind(d.title.as_str())
                .push(", ")
                .bind(d.text.as_str());
            if sqlite {
                sql.push(")");
                fts.push(if i == 0 { "(" } else { ", (" })
                    .bind(d.kind.doc_id(d.object_id))
                    .push(", ")
                    .bind(title.fts())
                    .push(", ")
                    .bind(text.fts())
                    .push(")");
            } else {
                sql.push(", ")
                    .bind(tsvector(&title, &text))
                    .push("::tsvector)");
            }
        }
        tx.execute(sql).await?;
        if sqlite {
            tx.execute(fts).await?;
        }
    }
    let refs: Vec<(i64, &str, i64)> = docs
        .iter()
        .flat_map(|d| {
            let id = d.kind.doc_id(d.object_id);
            d.organizations
                .iter()
                .map(move |o| (id, "organization", *o))
                .chain(d.persons.iter().map(move |p| (id, "person", *p)))
        })
        .collect();
    for chunk in refs.chunks(200) {
        let mut sql = Sql::new("INSERT INTO search_ref (doc_id, ref_kind, ref_id) VALUES ");
        for (i, (doc, kind, id)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" })
                .bind(*doc)
                .push(", ")
                .bind(*kind)
                .push(", ")
                .bind(*id)
                .push(")");
        }
        tx.execute(sql).await?;
    }
    Ok(())
}

/// The terms of one field: its words', then the compound heads among them.
struct FieldTerms {
    words: Vec<String>,
    heads: Vec<&'static str>,
}

impl FieldTerms {
    fn fts(&self) -> String {
        let mut out = self.words.join(" ");
        for h in &self.heads {
            out.push(' ');
            out.push_str(h);
        }
        out
    }
}

fn terms_of(d: &Doc) -> (FieldTerms, FieldTerms) {
    let (words, heads) = analyze::field_terms(&d.title, analyze::MAX_TERMS);
    let title = FieldTerms { words, heads };
    let budget = analyze::MAX_TERMS.saturating_sub(title.words.len());
    let (words, heads) = analyze::field_terms(&d.text, budget);
    (title, FieldTerms { words, heads })
}

/// A `tsvector` literal with the same terms and positions FTS5 sees: title words
/// (weight A), a gap, title heads, a gap, text words, a gap, text heads. The gaps keep
/// a phrase from matching across them, as FTS5's columns do.
fn tsvector(title: &FieldTerms, text: &FieldTerms) -> String {
    let mut positions: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    let mut at = 0usize;
    for (field, weight) in [(title, "A"), (text, "")] {
        let words = field.words.iter().map(String::as_str);
        for (i, term) in words.chain(field.heads.iter().copied()).enumerate() {
            at += if i == field.words.len() { 2 } else { 1 };
            positions
                .entry(term)
                .or_default()
                .push(format!("{}{weight}", at.min(16_383)));
        }
        at += if field.heads.is_empty() { 2 } else { 1 };
    }
    let mut out = String::new();
    for (term, pos) in positions {
        if !out.is_empty() {
            out.push(' ');
        }
        // Terms are letters and digits only: nothing to escape.
        out.push('\'');
        out.push_str(term);
        out.push_str("':");
        out.push_str(&pos.join(","));
    }
    out
}

// ---------------------------------------------------------------------------------
// Documents from rows

async fn build(tx: &mut Tx, kind: Kind, ids: &[i64]) -> Result<Vec<Doc>> {
    match kind {
        Kind::Paper => papers(tx, ids).await,
        Kind::AgendaItem => agenda_items(tx, ids).await,
        Kind::Meeting => meetings(tx, ids).await,
        Kind::Person => persons(tx, ids).await,
        Kind::Organization => organizations(tx, ids).await,
        Kind::VoteEvent => vote_events(tx, ids).await,
    }
}

async fn fetch<T: AnyRow>(tx: &mut Tx, prefix: &str, ids: &[i64], suffix: &str) -> Result<Vec<T>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(prefix);
    sql.bind_list(ids).push(suffix);
    Ok(tx.fetch_all(sql).await?)
}

/// `(a, b)` pairs grouped by `a`.
fn grouped(pairs: Vec<IdPair>) -> HashMap<i64, Vec<i64>> {
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for p in pairs {
        out.entry(p.a).or_default().push(p.b);
    }
    out
}

#[derive(FromRow)]
struct PaperDocRow {
    id: i64,
    body_id: i64,
    name: Option<String>,
    reference: Option<String>,
    date: Option<String>,
    paper_type: Option<String>,
    main_file_id: Option<i64>,
}

#[derive(FromRow)]
struct FileTextRow {
    id: i64,
    name: Option<String>,
    text: Option<String>,
}

#[derive(FromRow)]
struct LinkTriple {
    a: i64,
    property: String,
    b: i64,
}

async fn papers(tx: &mut Tx, ids: &[i64]) -> Result<Vec<Doc>> {
    let rows: Vec<PaperDocRow> = fetch(
        tx,
        "SELECT id, body_id, name, reference, date, paper_type, main_file_id FROM paper \
         WHERE deleted = FALSE AND id IN ",
        ids,
        "",
    )
    .await?;
    let live: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let links: Vec<LinkTriple> = fetch(
        tx,
        "SELECT src_id AS a, property, dst_id AS b FROM link WHERE src_type = 'Paper' \
         AND property IN ('auxiliaryFile', 'underDirectionOf', 'originatorOrganization', \
         'originatorPerson') AND src_id IN ",
        &live,
        " ORDER BY src_id, property, position",
    )
    .await?;
    let consulted: Vec<IdPair> = fetch(
        tx,
        "SELECT c.paper_id AS a, l.dst_id AS b FROM consultation c JOIN link l \
         ON l.src_type = 'Consultation' AND l.property = 'organization' AND l.src_id = c.id \
         WHERE c.deleted = FALSE AND c.paper_id IN ",
        &live,
        "",
    )
    .await?;
    let mut file_ids: Vec<i64> = rows.iter().filter_map(|r| r.main_file_id).collect();
    file_ids.extend(
        links
            .iter()
            .filter(|l| l.property == "auxiliaryFile")
            .map(|l| l.b),
    );
    file_ids.sort_unstable();
    file_ids.dedup();
    let mut files: HashMap<i64, FileTextRow> = HashMap::new();
    for chunk in file_ids.chunks(CHUNK) {
        let rows: Vec<FileTextRow> = fetch(
            tx,
            "SELECT id, name, text FROM file WHERE deleted = FALSE AND id IN ",
            chunk,
            "",
        )
        .await?;
        files.extend(rows.into_iter().map(|f| (f.id, f)));
    }
    let mut by_paper: HashMap<i64, Vec<LinkTriple>> = HashMap::new();
    for l in links {
        by_paper.entry(l.a).or_default().push(l);
    }
    let mut consulted = grouped(consulted);
    Ok(rows
        .into_iter()
        .map(|r| {
            let title = r
                .name
                .clone()
                .or_else(|| r.reference.clone())
                .unwrap_or_default();
            let mut d = Doc::new(Kind::Paper, r.id, r.body_id, title);
            d.day = day_of(r.date.as_deref());
            d.paper_type = r.paper_type.clone();
            d.add_text(r.reference.as_deref());
            d.add_text(r.paper_type.as_deref());
            let links = by_paper.remove(&r.id).unwrap_or_default();
            let mut own_files = Vec::from_iter(r.main_file_id);
            for l in &links {
                match l.property.as_str() {
                    "auxiliaryFile" => own_files.push(l.b),
                    "originatorPerson" => {
                        d.persons.insert(l.b);
                    }
                    _ => {
                        d.organizations.insert(l.b);
                    }
                }
            }
            let consulted = consulted.remove(&r.id).unwrap_or_default();
            d.main_org = consulted
                .first()
                .copied()
                .or_else(|| d.organizations.iter().next().copied());
            d.organizations.extend(consulted);
            for f in own_files.iter().filter_map(|f| files.get(f)) {
                d.add_text(f.name.as_deref());
                d.add_text(f.text.as_deref());
            }
            d
        })
        .collect())
}

#[derive(FromRow)]
struct ItemDocRow {
    id: i64,
    body_id: i64,
    public: Option<bool>,
    name: Option<String>,
    result: Option<String>,
    resolution_text: Option<String>,
    texts: Option<String>,
    meeting_id: i64,
    start_at: Option<String>,
}

/// The words of an agenda item's `texts` (questions, answers, motions): who and what.
fn item_texts(json: &str) -> Vec<String> {
    let Ok(serde_json::Value::Array(entries)) = serde_json::from_str(json) else {
        return Vec::new();
    };
    entries
        .iter()
        .flat_map(|e| ["by", "text"].map(|k| e.get(k).and_then(|v| v.as_str()).map(str::to_owned)))
        .flatten()
        .collect()
}

async fn meeting_organizations(tx: &mut Tx, meetings: &[i64]) -> Result<HashMap<i64, Vec<i64>>> {
    let pairs: Vec<IdPair> = fetch(
        tx,
        "SELECT src_id AS a, dst_id AS b FROM link WHERE src_type = 'Meeting' \
         AND property = 'organization' AND src_id IN ",
        meetings,
        "",
    )
    .await?;
    Ok(grouped(pairs))
}

async fn agenda_items(tx: &mut Tx, ids: &[i64]) -> Result<Vec<Doc>> {
    let rows: Vec<ItemDocRow> = fetch(
        tx,
        "SELECT a.id, a.body_id, a.public, a.name, a.result, a.resolution_text, a.texts, \
         a.meeting_id, m.start_at FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id \
         WHERE a.deleted = FALSE AND m.deleted = FALSE AND a.id IN ",
        ids,
        "",
    )
    .await?;
    // Non-public items are not findable, not even by name.
    let rows: Vec<ItemDocRow> = rows
        .into_iter()
        .filter(|r| r.public != Some(false))
        .collect();
    let mut meetings: Vec<i64> = rows.iter().map(|r| r.meeting_id).collect();
    meetings.sort_unstable();
    meetings.dedup();
    let orgs = meeting_organizations(tx, &meetings).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut d = Doc::new(
                Kind::AgendaItem,
                r.id,
                r.body_id,
                r.name.clone().unwrap_or_default(),
            );
            d.day = day_of(r.start_at.as_deref());
            d.add_text(r.result.as_deref());
            d.add_text(r.resolution_text.as_deref());
            for part in item_texts(r.texts.as_deref().unwrap_or_default()) {
                d.add_text(Some(&part));
            }
            d.add_organizations(orgs.get(&r.meeting_id));
            d
        })
        .collect())
}

#[derive(FromRow)]
struct MeetingDocRow {
    id: i64,
    body_id: i64,
    name: Option<String>,
    start_at: Option<String>,
    description: Option<String>,
    room: Option<String>,
    street_address: Option<String>,
    locality: Option<String>,
}

async fn meetings(tx: &mut Tx, ids: &[i64]) -> Result<Vec<Doc>> {
    let rows: Vec<MeetingDocRow> = fetch(
        tx,
        "SELECT m.id, m.body_id, m.name, m.start_at, l.description, l.room, l.street_address, \
         l.locality FROM meeting m LEFT JOIN location l ON l.id = m.location_id \
         AND l.deleted = FALSE WHERE m.deleted = FALSE AND m.id IN ",
        ids,
        "",
    )
    .await?;
    let live: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let orgs = meeting_organizations(tx, &live).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut d = Doc::new(
                Kind::Meeting,
                r.id,
                r.body_id,
                r.name.clone().unwrap_or_default(),
            );
            d.day = day_of(r.start_at.as_deref());
            for part in [&r.description, &r.room, &r.street_address, &r.locality] {
                d.add_text(part.as_deref());
            }
            d.add_organizations(orgs.get(&r.id));
            d
        })
        .collect())
}

#[derive(FromRow)]
struct PersonDocRow {
    id: i64,
    body_id: i64,
    name: Option<String>,
    given_name: Option<String>,
    family_name: Option<String>,
    title: Option<String>,
    form_of_address: Option<String>,
    affix: Option<String>,
}

async fn persons(tx: &mut Tx, ids: &[i64]) -> Result<Vec<Doc>> {
    let rows: Vec<PersonDocRow> = fetch(
        tx,
        "SELECT id, body_id, name, given_name, family_name, title, form_of_address, affix \
         FROM person WHERE deleted = FALSE AND id IN ",
        ids,
        "",
    )
    .await?;
    let live: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let memberships: Vec<IdPair> = fetch(
        tx,
        "SELECT person_id AS a, organization_id AS b FROM membership WHERE deleted = FALSE \
         AND organization_id IS NOT NULL AND person_id IN ",
        &live,
        "",
    )
    .await?;
    let orgs = grouped(memberships);
    Ok(rows
        .into_iter()
        .map(|r| {
            let name = r.name.clone().unwrap_or_else(|| {
                [&r.given_name, &r.family_name]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            let mut d = Doc::new(Kind::Person, r.id, r.body_id, name);
            for part in [&r.form_of_address, &r.title, &r.affix] {
                d.add_text(part.as_deref());
            }
            d.add_organizations(orgs.get(&r.id));
            d
        })
        .collect())
}

#[derive(FromRow)]
struct OrganizationDocRow {
    id: i64,
    body_id: i64,
    name: Option<String>,
    short_name: Option<String>,
    classification: Option<String>,
    organization_type: Option<String>,
}

async fn organizations(tx: &mut Tx, ids: &[i64]) -> Result<Vec<Doc>> {
    let rows: Vec<OrganizationDocRow> = fetch(
        tx,
        "SELECT id, body_id, name, short_name, classification, organization_type \
         FROM organization WHERE deleted = FALSE AND id IN ",
        ids,
        "",
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let title = r
                .name
                .clone()
                .or_else(|| r.short_name.clone())
                .unwrap_or_default();
            let mut d = Doc::new(Kind::Organization, r.id, r.body_id, title);
            for part in [&r.short_name, &r.classification, &r.organization_type] {
                d.add_text(part.as_deref());
            }
            d.organizations.insert(r.id);
            d.main_org = Some(r.id);
            d
        })
        .collect())
}

#[derive(FromRow)]
struct VoteDocRow {
    id: i64,
    body_id: i64,
    date: Option<String>,
    question: Option<String>,
    result_text: Option<String>,
    outcome: String,
    organization_id: Option<i64>,
    item_name: Option<String>,
    item_public: Option<bool>,
}

/// The German words for an outcome, so that `abgelehnt` finds rejected votes.
fn outcome_words(outcome: &str) -> &'static str {
    match outcome {
        "adopted" => "angenommen beschlossen",
        "adopted_amended" => "geändert angenommen beschlossen",
        "rejected" => "abgelehnt",
        "withdrawn" => "zurückgezogen",
        "noted" => "zur Kenntnis genommen",
        "postponed" => "vertagt",
        "referred" => "verwiesen",
        "first_reading" => "erste Lesung",
        "elected" => "gewählt Wahl",
        _ => "",
    }
}

async fn vote_events(tx: &mut Tx, ids: &[i64]) -> Result<Vec<Doc>> {
    let rows: Vec<VoteDocRow> = fetch(
        tx,
        "SELECT v.id, v.body_id, v.date, v.question, v.result_text, v.outcome, \
         v.organization_id, a.name AS item_name, a.public AS item_public FROM vote_event v \
         LEFT JOIN agenda_item a ON a.id = v.agenda_item_id WHERE v.deleted = FALSE AND v.id IN ",
        ids,
        "",
    )
    .await?;
    let rows: Vec<VoteDocRow> = rows
        .into_iter()
        .filter(|r| r.item_public != Some(false))
        .collect();
    let live: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let factions = grouped(
        fetch(
            tx,
            "SELECT vote_event_id AS a, organization_id AS b FROM faction_position WHERE vote_event_id IN ",
            &live,
            "",
        )
        .await?,
    );
    let persons = grouped(
        fetch(
            tx,
            "SELECT vote_event_id AS a, person_id AS b FROM person_vote WHERE vote_event_id IN ",
            &live,
            "",
        )
        .await?,
    );
    Ok(rows
        .into_iter()
        .map(|r| {
            let title = r
                .item_name
                .clone()
                .or_else(|| r.question.clone())
                .unwrap_or_default();
            let mut d = Doc::new(Kind::VoteEvent, r.id, r.body_id, title);
            d.day = day_of(r.date.as_deref());
            d.add_text(r.question.as_deref());
            d.add_text(r.result_text.as_deref());
            d.add_text(Some(outcome_words(&r.outcome)));
            d.organizations.extend(r.organization_id);
            d.main_org = r.organization_id;
            d.organizations
                .extend(factions.get(&r.id).into_iter().flatten());
            d.persons.extend(persons.get(&r.id).into_iter().flatten());
            d
        })
        .collect())
}

// ---------------------------------------------------------------------------------
// Rebuilding

#[derive(FromRow)]
struct VersionRow {
    analyzer: i64,
}

impl Store {
    /// Whether the index was built with this version of the analysis.
    pub async fn search_index_current(&self) -> Result<bool> {
        let row: Option<VersionRow> = self
            .fetch_optional(Sql::new("SELECT analyzer FROM search_state WHERE id = 1"))
            .await?;
        Ok(row.is_some_and(|r| r.analyzer == analyze::VERSION))
    }

    /// Rebuilds the whole index in one transaction (readers keep the old one until it
    /// commits); `progress` hears (done, total) after every batch.
    pub async fn rebuild_search(&self, mut progress: impl FnMut(u64, u64)) -> Result<u64> {
        let mut total = 0u64;
        for kind in Kind::ALL {
            let n: Option<super::rows::CountRow> = self
                .fetch_optional(Sql::new(format!(
                    "SELECT COUNT(*) AS n FROM {}",
                    kind.table()
                )))
                .await?;
            total += n.map_or(0, |r| r.n) as u64;
        }
        let mut tx = self.begin().await?;
        if tx.is_sqlite() {
            tx.execute(Sql::new("DELETE FROM search_fts")).await?;
        }
        tx.execute(Sql::new("DELETE FROM search_ref")).await?;
        tx.execute(Sql::new("DELETE FROM search_doc")).await?;
        let mut done = 0u64;
        progress(done, total);
        for kind in Kind::ALL {
            let mut after = 0i64;
            loop {
                let mut sql = Sql::new(format!("SELECT id FROM {} WHERE id > ", kind.table()));
                sql.bind(after)
                    .push(" ORDER BY id LIMIT ")
                    .bind(CHUNK as i64);
                let ids: Vec<i64> = tx
                    .fetch_all::<IdRow>(sql)
                    .await?
                    .into_iter()
                    .map(|r| r.id)
                    .collect();
                let Some(last) = ids.last().copied() else {
                    break;
                };
                let docs = build(&mut tx, kind, &ids).await?;
                insert(&mut tx, &docs).await?;
                done += ids.len() as u64;
                progress(done, total.max(done));
                after = last;
            }
        }
        let mut sql = Sql::new("DELETE FROM search_state");
        tx.execute(std::mem::take(&mut sql)).await?;
        let mut sql = Sql::new("INSERT INTO search_state (id, analyzer, built) VALUES (1, ");
        sql.bind(analyze::VERSION)
            .push(", ")
            .bind(crate::oparl::time::now())
            .push(")");
        tx.execute(sql).await?;
        // The index changed, not the data: no after-write pass, but the data version
        // moves so that cached search answers are not served from before.
        tx.commit().await?;
        Ok(done)
    }
}

// ---------------------------------------------------------------------------------
// Searching

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Best match first (ties by id).
    Relevance,
    /// Newest first; objects without a date last.
    Date,
}

/// Keyset position after the last result of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchCursor {
    Score { score: i64, id: i64 },
    Day { day: String, id: i64 },
}

/// A search request, parsed and checked by the API.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: Query,
    pub kinds: Vec<Kind>,
    pub body: Option<i64>,
    pub organization: Option<i64>,
    pub person: Option<i64>,
    pub paper_type: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub sort: Sort,
    pub cursor: Option<SearchCursor>,
    pub limit: i64,
    pub facets: bool,
}

/// One result, before it is shown.
#[derive(Debug, Clone, FromRow)]
pub struct HitRow {
    pub id: i64,
    /// Relevance times 1,000,000 (an integer, so that cursors compare exactly).
    pub score: i64,
}

#[derive(Debug, Clone, FromRow)]
struct HitText {
    id: i64,
    kind: String,
    object_id: i64,
    body_id: i64,
    day: Option<String>,
    title: String,
    text: String,
}

/// A result with what it shows.
#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: Kind,
    pub object_id: i64,
    pub body_id: i64,
    pub day: Option<String>,
    pub score: i64,
    pub title: String,
    pub text: String,
}

/// Counts of all matches by one property.
#[derive(Debug, Clone, Default)]
pub struct Facets {
    pub kinds: Vec<(String, i64)>,
    pub years: Vec<(String, i64)>,
    /// Organization id, name, count; the twenty largest.
    pub organizations: Vec<(i64, Option<String>, i64)>,
}

#[derive(Debug, Clone)]
pub struct SearchPage {
    pub hits: Vec<Hit>,
    pub has_next: bool,
    /// All matches (with the filters); `None` when facets were not asked for.
    pub total: Option<i64>,
    pub facets: Option<Facets>,
}

#[derive(FromRow)]
struct FacetGroup {
    kind: String,
    year: Option<String>,
    org: Option<i64>,
    n: i64,
}

#[derive(FromRow)]
struct OrgName {
    id: i64,
    name: Option<String>,
}

impl Store {
    /// `FROM ... WHERE ...` of the matching documents with the filters; `score` is an
    /// expression over them.
    fn matching(&self, req: &SearchRequest) -> (Sql, &'static str) {
        let sqlite = self.backend() == super::Backend::Sqlite;
        let (mut sql, score) = if sqlite {
            let mut sql = Sql::new(
                " FROM search_fts JOIN search_doc d ON d.id = search_fts.rowid WHERE search_fts MATCH ",
            );
            sql.bind(req.query.fts5());
            (
                sql,
                "CAST(-bm25(search_fts, 4.0, 1.0) * 1000000 AS INTEGER)",
            )
        } else {
            let mut sql = Sql::new(" FROM search_doc d WHERE d.tsv @@ ");
            sql.bind(req.query.tsquery()).push("::tsquery");
            (sql, "CAST(ts_rank(d.tsv, $1::tsquery) * 1000000 AS BIGINT)")
        };
        if !req.kinds.is_empty() && req.kinds.len() < Kind::ALL.len() {
            sql.push(" AND d.kind IN ")
                .bind_list(req.kinds.iter().map(|k| k.name()));
        }
        if let Some(body) = req.body {
            sql.push(" AND d.body_id = ").bind(body);
        }
        if let Some(from) = &req.from {
            sql.push(" AND d.day >= ").bind(from.as_str());
        }
        if let Some(to) = &req.to {
            sql.push(" AND d.day <= ").bind(to.as_str());
        }
        if let Some(t) = &req.paper_type {
            sql.push(" AND d.paper_type = ").bind(t.as_str());
        }
        for (kind, id) in [("organization", req.organization), ("person", req.person)] {
            if let Some(id) = id {
                sql.push(" AND d.id IN (SELECT doc_id FROM search_ref WHERE ref_kind = ")
                    .bind(kind)
                    .push(" AND ref_id = ")
                    .bind(id)
                    .push(")");
            }
        }
        (sql, score)
    }

    /// One page of results, with facets and the total when asked for.
    pub async fn search(&self, req: &SearchRequest) -> Result<SearchPage> {
        let (matching, score) = self.matching(req);
        // Without filters and by relevance, SQLite ranks in the FTS5 table alone: the
        // join to the documents for every match cost two thirds of a common word's time.
        let unfiltered = self.backend() == super::Backend::Sqlite
            && req.sort == Sort::Relevance
            && (req.kinds.is_empty() || req.kinds.len() == Kind::ALL.len())
            && req.body.is_none()
            && req.organization.is_none()
            && req.person.is_none()
            && req.paper_type.is_none()
            && req.from.is_none()
            && req.to.is_none();
        let mut sql = if unfiltered {
            let mut sql = Sql::new(format!(
                "SELECT s.id, s.score FROM (SELECT search_fts.rowid AS id, \
                 {score} AS score FROM search_fts WHERE search_fts MATCH "
            ));
            sql.bind(req.query.fts5());
            sql
        } else {
            let mut sql = Sql::new(format!(
                "SELECT s.id, s.score FROM (SELECT d.id, d.day, {score} AS score"
            ));
            sql.push(&matching.text);
            sql.args = matching.args.clone();
            sql
        };
        sql.push(") s");
        let day = "COALESCE(s.day, '')";
        match &req.cursor {
            None => {}
            Some(SearchCursor::Score { score, id }) => {
                sql.push(" WHERE (s.score < ")
                    .bind(*score)
                    .push(" OR (s.score = ")
                    .bind(*score)
                    .push(" AND s.id > ")
                    .bind(*id)
                    .push("))");
            }
            Some(SearchCursor::Day { day: d, id }) => {
                sql.push(&format!(" WHERE ({day} < "))
                    .bind(d.as_str())
                    .push(&format!(" OR ({day} = "))
                    .bind(d.as_str())
                    .push(" AND s.id > ")
                    .bind(*id)
                    .push("))");
            }
        }
        match req.sort {
            Sort::Relevance => sql.push(" ORDER BY s.score DESC, s.id"),
            Sort::Date => sql.push(&format!(" ORDER BY {day} DESC, s.id")),
        };
        sql.push(" LIMIT ").bind(req.limit + 1);
        let mut rows: Vec<HitRow> = self.fetch_all(sql).await?;
        let has_next = rows.len() as i64 > req.limit;
        rows.truncate(req.limit as usize);

        let mut texts: HashMap<i64, HitText> = HashMap::new();
        if !rows.is_empty() {
            let mut sql = Sql::new(
                "SELECT id, kind, object_id, body_id, day, title, text FROM search_doc WHERE id IN ",
            );
            sql.bind_list(rows.iter().map(|r| r.id));
            let found: Vec<HitText> = self.fetch_all(sql).await?;
            texts.extend(found.into_iter().map(|t| (t.id, t)));
        }
        let hits = rows
            .into_iter()
            .filter_map(|r| {
                let t = texts.remove(&r.id)?;
                Some(Hit {
                    kind: Kind::from_name(&t.kind)?,
                    object_id: t.object_id,
                    body_id: t.body_id,
                    day: t.day,
                    score: r.score,
                    title: t.title,
                    text: t.text,
                })
            })
            .collect();
        // Facets and the total describe the whole result: the first page carries them,
        // the pages after it (with a cursor) need not count again.
        let (total, facets) = if req.facets && req.cursor.is_none() {
            let f = self.facets(&matching).await?;
            (Some(f.kinds.iter().map(|(_, n)| n).sum()), Some(f))
        } else {
            (None, None)
        };
        Ok(SearchPage {
            hits,
            has_next,
            total,
            facets,
        })
    }

    /// All three facets from one pass over the matches, grouped in the database.
    async fn facets(&self, matching: &Sql) -> Result<Facets> {
        let mut sql = Sql::new(
            "SELECT d.kind AS kind, substr(d.day, 1, 4) AS year, d.org_id AS org, COUNT(*) AS n",
        );
        sql.push(&matching.text);
        sql.args = matching.args.clone();
        sql.push(" GROUP BY d.kind, substr(d.day, 1, 4), d.org_id");
        let rows: Vec<FacetGroup> = self.fetch_all(sql).await?;
        let mut kinds: HashMap<String, i64> = HashMap::new();
        let mut years: HashMap<String, i64> = HashMap::new();
        let mut orgs: HashMap<i64, i64> = HashMap::new();
        for r in rows {
            if let Some(y) = r.year {
                *years.entry(y).or_default() += r.n;
            }
            if let Some(o) = r.org {
                *orgs.entry(o).or_default() += r.n;
            }
            *kinds.entry(r.kind).or_default() += r.n;
        }
        let mut kinds: Vec<(String, i64)> = kinds.into_iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut years: Vec<(String, i64)> = years.into_iter().collect();
        years.sort_by(|a, b| b.0.cmp(&a.0));
        let mut orgs: Vec<(i64, i64)> = orgs.into_iter().collect();
        orgs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        orgs.truncate(20);
        let mut names: HashMap<i64, Option<String>> = HashMap::new();
        if !orgs.is_empty() {
            let mut sql = Sql::new("SELECT id, name FROM organization WHERE id IN ");
            sql.bind_list(orgs.iter().map(|(id, _)| *id));
            let rows: Vec<OrgName> = self.fetch_all(sql).await?;
            names.extend(rows.into_iter().map(|r| (r.id, r.name)));
        }
        Ok(Facets {
            kinds,
            years,
            organizations: orgs
                .into_iter()
                .map(|(id, n)| (id, names.remove(&id).flatten(), n))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsvector_positions_follow_the_fts_order() {
        let title = FieldTerms {
            words: vec!["fahrradstrass".into(), "nord".into()],
            heads: vec!["strass"],
        };
        let text = FieldTerms {
            words: vec!["nord".into()],
            heads: vec![],
        };
        assert_eq!(
            tsvector(&title, &text),
            "'fahrradstrass':1A 'nord':2A,6 'strass':4A"
        );
    }

    #[test]
    fn doc_ids_do_not_collide_across_kinds() {
        let mut ids = BTreeSet::new();
        for kind in Kind::ALL {
            for object in 1..50 {
                assert!(ids.insert(kind.doc_id(object)));
            }
        }
    }
}
