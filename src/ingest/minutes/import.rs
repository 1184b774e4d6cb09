//! Writes parsed minutes into the store as linked OParl objects, in one transaction
//! per file: the meeting with its agenda, location and minutes file, the committee,
//! factions and administration units, persons with their memberships, papers with
//! their consultations. Keys are derived from what the minutes say (body, committee,
//! date, item number, paper reference), so a second import of the same file changes
//! nothing and a corrected file updates what changed and tombstones what disappeared.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

use serde_json::json;
use sha2::{Digest, Sha512};

use super::fidelity;
use super::parse::{self, Attendee, Item, Kind, Lines, Minutes, Role, TextKind};
use super::text;
use crate::ingest::votes::import::{Decision, Sitting, Voter, write_decisions};
use crate::ingest::writer::{Counts, Writer};
use crate::oparl::ObjectType;
use crate::oparl::model as m;
use crate::oparl::time::{berlin, format_datetime};
use crate::store::rows::IdRow;
use crate::store::{Sql, Store, StoreError, Tx};

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The body's name, e.g. "Stadt Bielefeld".
    pub body: String,
    /// The committee, overriding what the minutes say.
    pub organization: Option<String>,
    /// The meeting's date, overriding what the minutes say (for the page of one item that
    /// prints none).
    pub date: Option<chrono::NaiveDate>,
}

/// Why a file was not imported; names the file and, where known, the line.
#[derive(Debug, thiserror::Error)]
pub enum MinutesError {
    #[error("{file}: {message}")]
    File { file: String, message: String },
    #[error("{file}:{line}: {message}")]
    Line {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{file}: {source}")]
    Store { file: String, source: StoreError },
}

#[derive(Debug)]
pub struct ImportReport {
    pub counts: Counts,
    pub meeting_id: i64,
    pub minutes: Minutes,
}

/// A stable key fragment: lower case, ASCII letters and digits, dashes.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        let mapped = match c {
            'ä' => "ae".to_owned(),
            'ö' => "oe".to_owned(),
            'ü' => "ue".to_owned(),
            'ß' => "ss".to_owned(),
            c if c.is_ascii_alphanumeric() || c == '.' => c.to_string(),
            _ => "-".to_owned(),
        };
        if mapped == "-" && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push_str(&mapped);
    }
    out.trim_end_matches('-').to_owned()
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Member | Role::Absent => "Mitglied",
        Role::Chair => "Vorsitz",
        Role::MinuteTaker => "Schriftführung",
        Role::Administration => "Verwaltung",
        Role::Guest => "Gast",
    }
}

fn kind_name(kind: TextKind) -> &'static str {
    match kind {
        TextKind::Question => "question",
        TextKind::Answer => "answer",
        TextKind::FollowUpQuestion => "followUpQuestion",
        TextKind::Motion => "motion",
        TextKind::Communication => "communication",
    }
}

/// The role of a consultation, from the paper type and the outcome.
fn consultation_role(paper_type: Option<&str>, result: Option<&str>) -> &'static str {
    let result = result.unwrap_or_default().to_lowercase();
    match paper_type.unwrap_or_default() {
        t if t.contains("Anfrage")
            || t.contains("Mitteilung")
            || t.contains("Informationsvorlage") =>
        {
            "Kenntnisnahme"
        }
        _ if result.contains("kenntnis") => "Kenntnisnahme",
        _ if result.contains("empfohlen") || result.contains("empfiehlt") => "Vorberatung",
        _ => "Beratung",
    }
}

struct Context<'a> {
    file: &'a str,
    sha512: String,
    body_key: String,
}

impl Context<'_> {
    fn source(&self, lines: Lines) -> String {
        json!({"kind": "minutes", "file": self.file, "sha512": self.sha512, "lines": [lines.from, lines.to]}).to_string()
    }
}

async fn find_id(tx: &mut Tx, sql: Sql) -> Result<Option<i64>, StoreError> {
    Ok(tx.fetch_optional::<IdRow>(sql).await?.map(|r| r.id))
}

/// The origin of an existing object found by a query, or a new origin.
async fn origin_of(
    tx: &mut Tx,
    ty: ObjectType,
    found: Option<i64>,
    new: String,
) -> Result<(String, bool), StoreError> {
    let Some(id) = found else {
        return Ok((new, false));
    };
    #[derive(sqlx::FromRow)]
    struct O {
        origin: String,
    }
    let mut sql = Sql::new(format!("SELECT origin FROM {} WHERE id = ", ty.table()));
    sql.bind(id);
    let origin = tx
        .fetch_optional::<O>(sql)
        .await?
        .map(|o| o.origin)
        .unwrap_or(new);
    Ok((origin, true))
}

/// Finds an organization by name in the body (case-insensitively) or creates it.
async fn organization(
    w: &mut Writer<'_>,
    ctx: &Context<'_>,
    body: i64,
    name: &str,
    organization_type: &str,
    classification: Option<&str>,
    lines: Lines,
) -> Result<String, StoreError> {
    // Compared in Rust: SQLite's LOWER() folds ASCII only ("GRÜNEN" vs "Grünen").
    #[derive(sqlx::FromRow)]
    struct Named {
        id: i64,
        name: Option<String>,
    }
    let mut sql =
        Sql::new("SELECT id, name FROM organization WHERE deleted = FALSE AND body_id = ");
    sql.bind(body).push(" ORDER BY id");
    let wanted = name.to_lowercase();
    let found =
        w.tx.fetch_all::<Named>(sql)
            .await?
            .into_iter()
            .find(|o| {
                o.name
                    .as_deref()
                    .is_some_and(|n| n.to_lowercase() == wanted)
            })
            .map(|o| o.id);
    let key = format!("ratsinfo:organization/{}/{}", ctx.body_key, slug(name));
    let (origin, exists) = origin_of(w.tx, ObjectType::Organization, found, key).await?;
    if !exists {
        w.source = ctx.source(lines);
        let org = m::Organization {
            id: Some(origin.clone()),
            name: Some(name.to_owned()),
            organization_type: Some(organization_type.to_owned()),
            classification: classification.map(str::to_owned),
            ..Default::default()
        };
        w.organization(&org, body).await?;
    }
    Ok(origin)
}

/// Finds a person of the body by name or creates one; the same person imported from
/// two meetings is one Person.
async fn person(
    w: &mut Writer<'_>,
    ctx: &Context<'_>,
    body: i64,
    a: &Attendee,
) -> Result<(String, i64), StoreError> {
    let n = &a.name;
    let mut sql = Sql::new("SELECT id FROM person WHERE deleted = FALSE AND body_id = ");
    sql.bind(body)
        .push(" AND family_name = ")
        .bind(n.family_name.as_str());
    if let Some(given) = &n.given_name {
        sql.push(" AND (given_name = ")
            .bind(given.as_str())
            .push(" OR given_name IS NULL)");
    }
    sql.push(" ORDER BY id LIMIT 1");
    let found = find_id(w.tx, sql).await?;
    let key = format!("ratsinfo:person/{}/{}", ctx.body_key, slug(&n.display()));
    let (origin, exists) = origin_of(w.tx, ObjectType::Person, found, key).await?;
    if let (true, Some(id)) = (exists, found) {
        return Ok((origin, id));
    }
    w.source = ctx.source(a.lines);
    let p = m::Person {
        id: Some(origin.clone()),
        name: Some(n.display()),
        family_name: Some(n.family_name.clone()),
        given_name: n.given_name.clone(),
        form_of_address: n.form_of_address.clone(),
        title: n.title.clone(),
        gender: n
            .form_of_address
            .as_deref()
            .map(|f| if f == "Frau" { "female" } else { "male" }.to_owned()),
        status: n.status.iter().cloned().collect(),
        ..Default::default()
    };
    let written = w.person(&p, body).await?;
    Ok((origin, written.id))
}

/// Imports one parsed file in the writer's transaction.
async fn write(
    w: &mut Writer<'_>,
    ctx: &Context<'_>,
    minutes: &Minutes,
    options: &ImportOptions,
    published: &Published<'_>,
) -> Result<i64, MinutesError> {
    let store_err = |source| MinutesError::Store {
        file: ctx.file.to_owned(),
        source,
    };
    // The body, by name.
    let mut sql = Sql::new("SELECT id FROM body WHERE deleted = FALSE AND name = ");
    sql.bind(options.body.as_str()).push(" ORDER BY id LIMIT 1");
    let body = match find_id(w.tx, sql).await.map_err(store_err)? {
        Some(id) => id,
        None => {
            w.source = ctx.source(Lines { from: 1, to: 1 });
            let b = m::Body {
                id: Some(format!("ratsinfo:body/{}", ctx.body_key)),
                name: Some(options.body.clone()),
                ..Default::default()
            };
            w.body(&b).await.map_err(store_err)?.id
        }
    };
    let committee_name = options
        .organization
        .clone()
        .or_else(|| minutes.organization.clone())
        .ok_or_else(|| MinutesError::Line {
            file: ctx.file.to_owned(),
            line: 1,
            message: "the minutes do not name the committee; pass --organization".to_owned(),
        })?;
    let header = Lines {
        from: 1,
        to: minutes.attendees.first().map_or(1, |a| a.lines.from),
    };
    let classification = if committee_name.to_lowercase().contains("ausschuss") {
        Some("Ausschuss")
    } else {
        None
    };
    let committee = organization(
        w,
        ctx,
        body,
        &committee_name,
        "Gremium",
        classification,
        header,
    )
    .await
    .map_err(store_err)?;

    // Persons and their memberships in the committee.
    let mut participants = Vec::new();
    let mut voters = Vec::new();
    for a in &minutes.attendees {
        let (person_origin, person_id) = person(w, ctx, body, a).await.map_err(store_err)?;
        let faction = match &a.group {
            Some(g) => Some(
                organization(w, ctx, body, g, "Fraktion", Some("Fraktion"), a.lines)
                    .await
                    .map_err(store_err)?,
            ),
            None => None,
        };
        let mut memberships = vec![(
            committee.clone(),
            role_name(a.role),
            matches!(a.role, Role::Member | Role::Chair | Role::Absent),
            faction.clone(),
        )];
        if let Some(unit) = &a.unit {
            let unit = organization(w, ctx, body, unit, "Verwaltungsbereich", None, a.lines)
                .await
                .map_err(store_err)?;
            memberships.push((unit, "Mitarbeit", false, None));
        }
        let mut changed = false;
        for (org, role, voting, on_behalf_of) in memberships {
            w.source = ctx.source(a.lines);
            let ms = m::Membership {
                id: Some(format!("{org}/membership/{}", slug(&person_origin))),
                organization: Some(org),
                role: Some(role.to_owned()),
                voting_right: Some(voting),
                on_behalf_of,
                ..Default::default()
            };
            changed |= w
                .membership(&ms, person_id, body)
                .await
                .map_err(store_err)?
                .changed;
        }
        if changed {
            w.tx.touch(ObjectType::Person, person_id, w.now)
                .await
                .map_err(store_err)?;
        }
        if a.role != Role::Absent {
            participants.push(person_origin);
        }
        if matches!(a.role, Role::Member | Role::Chair) {
            let faction_id = match &faction {
                Some(origin) => {
                    w.tx.find_by_origin(ObjectType::Organization, origin)
                        .await
                        .map_err(store_err)?
                }
                None => None,
            };
            voters.push(Voter {
                person: person_id,
                faction: faction_id,
            });
        }
    }

    // The meeting with its agenda, location and the minutes file.
    let key = format!(
        "ratsinfo:meeting/{}/{}/{}",
        ctx.body_key,
        slug(&committee_name),
        minutes.date
    );
    let at = |t| format_datetime(&berlin(minutes.date, t));
    let digest = Sha512::digest(published.bytes);
    let extract = minutes.kind == Kind::Extract;
    let minutes_file = m::File {
        name: Some(
            minutes
                .title
                .clone()
                .unwrap_or_else(|| "Niederschrift".to_owned()),
        ),
        file_name: Some(ctx.file.to_owned()),
        mime_type: Some(published.mime_type.to_owned()),
        date: Some(minutes.date.to_string()),
        size: Some(published.bytes.len() as i64),
        sha512_checksum: Some(digest.iter().map(|b| format!("{b:02x}")).collect()),
        text: Some(published.text.to_owned()),
        ..Default::default()
    };
    let items = agenda_items(&key, ctx, minutes, &minutes_file);
    let origins: Vec<String> = items.iter().filter_map(|i| i.id.clone()).collect();
    let meeting = m::Meeting {
        id: Some(key.clone()),
        name: Some(format!(
            "Sitzung: {committee_name}, {}",
            minutes.date.format("%d.%m.%Y")
        )),
        meeting_state: Some("durchgeführt".to_owned()),
        start: minutes.start.map(at),
        end: minutes.end.map(at),
        location: minutes.location.as_ref().map(|l| m::Location {
            id: Some(format!("{key}/location")),
            description: Some(l.clone()),
            room: Some(l.clone()),
            ..Default::default()
        }),
        organization: vec![committee.clone()],
        participant: participants,
        results_protocol: (!extract).then(|| m::File {
            id: Some(format!("{key}/minutes")),
            ..minutes_file.clone()
        }),
        agenda_item: items,
        ..Default::default()
    };
    w.source = ctx.source(Lines {
        from: 1,
        to: minutes.items.last().map_or(1, |i| i.lines.to),
    });
    let existing = if extract {
        w.tx.find_by_origin(ObjectType::Meeting, &key)
            .await
            .map_err(store_err)?
    } else {
        None
    };
    let meeting_id = match existing {
        // An extract adds its items to a meeting that other files describe.
        Some(id) => {
            merge_items(w, ctx, id, body, &meeting.agenda_item)
                .await
                .map_err(store_err)?;
            id
        }
        None => w.meeting(&meeting, body).await.map_err(store_err)?.id,
    };
    let file_origins: Vec<String> = if extract {
        origins.iter().map(|o| format!("{o}/extract")).collect()
    } else {
        vec![format!("{key}/minutes")]
    };
    for origin in file_origins {
        if let Some(file_id) =
            w.tx.find_by_origin(ObjectType::File, &origin)
                .await
                .map_err(store_err)?
        {
            w.tx.put_file_content(file_id, published.bytes)
                .await
                .map_err(store_err)?;
        }
    }

    // Papers and their consultations in this meeting.
    let mut keep = Vec::new();
    let mut decisions = Vec::new();
    let mut item_ids = Vec::new();
    for (i, item) in minutes.items.iter().enumerate() {
        let item_origin = origins[i].clone();
        let item_id =
            w.tx.find_by_origin(ObjectType::AgendaItem, &item_origin)
                .await
                .map_err(store_err)?;
        item_ids.extend(item_id);
        let mut item_papers = Vec::new();
        // Papers without a number are told apart by their order in the item: the first
        // keeps the plain key.
        let mut unnumbered = 0usize;
        for p in &item.papers {
            // A paper without a number belongs to this item alone; one with a number may
            // already be known from another meeting or a harvest.
            let numbered = !p.reference.is_empty();
            let found = if numbered {
                let mut sql = Sql::new("SELECT id FROM paper WHERE deleted = FALSE AND body_id = ");
                sql.bind(body)
                    .push(" AND reference = ")
                    .bind(p.reference.as_str())
                    .push(" ORDER BY id LIMIT 1");
                find_id(w.tx, sql).await.map_err(store_err)?
            } else {
                None
            };
            let ordinal = if numbered {
                String::new()
            } else {
                unnumbered += 1;
                if unnumbered == 1 {
                    String::new()
                } else {
                    format!("/{unnumbered}")
                }
            };
            let paper_key = if numbered {
                format!("ratsinfo:paper/{}/{}", ctx.body_key, slug(&p.reference))
            } else {
                format!("{item_origin}/paper{ordinal}")
            };
            let (paper_origin, exists) =
                origin_of(w.tx, ObjectType::Paper, found, paper_key.clone())
                    .await
                    .map_err(store_err)?;
            let paper_id = if exists && paper_origin != paper_key {
                // A paper that came from elsewhere (a harvested system): link, do not overwrite.
                found.unwrap_or_default()
            } else {
                let originator = match &p.originator {
                    Some(o) => vec![
                        organization(
                            w,
                            ctx,
                            body,
                            o,
                            "Fraktion",
                            Some("Fraktion"),
                            Lines::at(p.line),
                        )
                        .await
                        .map_err(store_err)?,
                    ],
                    None => Vec::new(),
                };
                w.source = ctx.source(Lines::at(p.line));
                let paper = m::Paper {
                    id: Some(paper_origin.clone()),
                    name: p.name.clone(),
                    reference: Some(p.reference.clone()).filter(|_| numbered),
                    paper_type: p.paper_type.clone(),
                    originator_organization: originator,
                    ..Default::default()
                };
                w.paper_without_consultations(&paper, body)
                    .await
                    .map_err(store_err)?
                    .id
            };
            w.source = ctx.source(Lines::at(p.line));
            let consultation = m::Consultation {
                id: Some(if numbered {
                    format!("{key}/consultation/{}", slug(&p.reference))
                } else {
                    format!("{item_origin}/consultation{ordinal}")
                }),
                agenda_item: Some(item_origin.clone()),
                meeting: Some(key.clone()),
                organization: vec![committee.clone()],
                authoritative: Some(
                    item.result
                        .as_deref()
                        .is_some_and(|r| r.contains("beschlossen") || r.contains("abgelehnt")),
                ),
                role: Some(
                    consultation_role(p.paper_type.as_deref(), item.result.as_deref()).to_owned(),
                ),
                ..Default::default()
            };
            item_papers.push(paper_id);
            let c = w
                .consultation(&consultation, paper_id, body)
                .await
                .map_err(store_err)?;
            keep.push(c.id);
            if c.changed {
                w.tx.touch(ObjectType::Paper, paper_id, w.now)
                    .await
                    .map_err(store_err)?;
            }
        }
        if item.public
            && !item.decisions.is_empty()
            && let Some(agenda_item) = item_id
        {
            let question = item
                .resolution_text
                .clone()
                .or_else(|| Some(item.title.clone()).filter(|t| !t.is_empty()));
            for (k, d) in item.decisions.iter().enumerate() {
                decisions.push(Decision {
                    // The first vote keeps the id an item with one vote always had.
                    origin: if k == 0 {
                        format!("{item_origin}/vote")
                    } else {
                        format!("{item_origin}/vote/{}", k + 1)
                    },
                    agenda_item,
                    papers: item_papers.clone(),
                    question: d.subject.clone().or_else(|| question.clone()),
                    result_text: d.wording.clone(),
                    vote: d.vote.clone(),
                    source: ctx.source(d.lines),
                });
            }
        }
    }
    // Consultations of this meeting that the corrected minutes no longer name; an
    // extract speaks only for its own items.
    if extract {
        let mut sql =
            Sql::new("SELECT id FROM consultation WHERE deleted = FALSE AND meeting_id = ");
        sql.bind(meeting_id);
        if !item_ids.is_empty() {
            sql.push(" AND (agenda_item_id IS NULL OR agenda_item_id NOT IN ")
                .bind_list(&item_ids)
                .push(")");
        }
        let others: Vec<IdRow> = w.tx.fetch_all(sql).await.map_err(|e| store_err(e.into()))?;
        keep.extend(others.into_iter().map(|r| r.id));
    }
    w.retire_consultations(meeting_id, &keep)
        .await
        .map_err(store_err)?;
    // A paper without a number lives for its item alone: when a corrected file no longer
    // names it, it is withdrawn rather than left without any consultation.
    let mut sql = Sql::new("SELECT p.id FROM paper p WHERE p.deleted = FALSE AND p.body_id = ");
    sql.bind(body)
        .push(" AND p.reference IS NULL AND p.origin LIKE ")
        .bind(format!("{key}/item/%/paper%"))
        .push(
            " AND NOT EXISTS (SELECT 1 FROM consultation c WHERE c.paper_id = p.id \
             AND c.deleted = FALSE)",
        );
    let orphans: Vec<IdRow> = w.tx.fetch_all(sql).await.map_err(|e| store_err(e.into()))?;
    for orphan in orphans {
        w.withdraw(ObjectType::Paper, orphan.id)
            .await
            .map_err(store_err)?;
    }
    // The decisions, as vote events.
    let committee_id =
        w.tx.find_by_origin(ObjectType::Organization, &committee)
            .await
            .map_err(store_err)?;
    if let Some(committee_id) = committee_id {
        let sitting = Sitting {
            body,
            meeting: meeting_id,
            organization: committee_id,
            date: minutes.date.to_string(),
            voters,
            only_items: extract.then(|| item_ids.clone()),
        };
        write_decisions(w, &sitting, &decisions)
            .await
            .map_err(store_err)?;
    }
    Ok(meeting_id)
}

/// The agenda items of parsed minutes as OParl objects; an extract is the resolution
/// file of the items it records.
fn agenda_items(
    key: &str,
    ctx: &Context<'_>,
    minutes: &Minutes,
    file: &m::File,
) -> Vec<m::AgendaItem> {
    minutes
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let origin = format!("{key}/item/{}", item_key(i, item, ctx, minutes.kind));
            let mut a = agenda_item(origin.clone(), i, item);
            a.source = serde_json::from_str(&ctx.source(item.lines)).ok();
            if minutes.kind == Kind::Extract {
                a.resolution_file = Some(m::File {
                    id: Some(format!("{origin}/extract")),
                    ..file.clone()
                });
            }
            a
        })
        .collect()
}

/// The natural order of agenda numbers: "2" < "10" < "10.1"; unnumbered items last.
fn number_order(number: Option<&str>) -> (bool, Vec<u64>, String) {
    let n = number.unwrap_or_default();
    let parts = n
        .split(['.', ' '])
        .map(|p| {
            p.trim_matches(|c: char| !c.is_ascii_digit())
                .parse()
                .unwrap_or(u64::MAX)
        })
        .collect();
    (n.is_empty(), parts, n.to_owned())
}

/// Writes an extract's items into an existing meeting without touching the items that
/// other files gave it, and renumbers `order` so that the agenda stays in number order.
/// An item that moves is written again from its own extract, exactly as its import
/// wrote it, so that importing that extract again still changes nothing.
async fn merge_items(
    w: &mut Writer<'_>,
    ctx: &Context<'_>,
    meeting: i64,
    body: i64,
    items: &[m::AgendaItem],
) -> Result<(), StoreError> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        origin: String,
        number: Option<String>,
        position: i64,
        name: Option<String>,
        file_name: Option<String>,
        mime_type: Option<String>,
        size: Option<i64>,
        sha512_checksum: Option<String>,
        text: Option<String>,
    }
    let mut sql = Sql::new(
        "SELECT a.id, a.origin, a.number, a.position, f.name, f.file_name, f.mime_type, f.size, f.sha512_checksum, f.text \
         FROM agenda_item a LEFT JOIN file f ON f.id = a.resolution_file_id AND f.deleted = FALSE \
         WHERE a.deleted = FALSE AND a.meeting_id = ",
    );
    sql.bind(meeting);
    let stored: Vec<Row> = w.tx.fetch_all(sql).await?;
    // Every item of the meeting once, the extract's own version where it has one.
    let mut all: Vec<(Option<String>, String)> = stored
        .iter()
        .filter(|r| {
            !items
                .iter()
                .any(|i| i.id.as_deref() == Some(r.origin.as_str()))
        })
        .map(|r| (r.number.clone(), r.origin.clone()))
        .chain(
            items
                .iter()
                .map(|i| (i.number.clone(), i.id.clone().unwrap_or_default())),
        )
        .collect();
    all.sort_by_key(|(number, origin)| (number_order(number.as_deref()), origin.clone()));
    for (position, (_, origin)) in all.iter().enumerate() {
        let position = position as i64;
        let own = items
            .iter()
            .find(|i| i.id.as_deref() == Some(origin.as_str()))
            .cloned();
        let moved = stored
            .iter()
            .find(|r| &r.origin == origin && r.position != position);
        let item = match (own, moved) {
            (Some(item), _) => Some(item),
            (None, Some(row)) => {
                let again = rendered_from_extract(ctx, row.origin.as_str(), row);
                if again.is_none() {
                    // Not from an extract: keep it, in its new place.
                    w.tx.set_column(ObjectType::AgendaItem, row.id, "position", position.into())
                        .await?;
                    w.tx.touch(ObjectType::AgendaItem, row.id, w.now).await?;
                }
                again
            }
            (None, None) => None,
        };
        if let Some(item) = item {
            let item = m::AgendaItem {
                order: Some(position),
                ..item
            };
            w.agenda_item(&item, meeting, position, body).await?;
        }
    }
    return w.tx.touch(ObjectType::Meeting, meeting, w.now).await;

    /// The item `origin` as the import of its stored extract wrote it.
    fn rendered_from_extract(ctx: &Context<'_>, origin: &str, row: &Row) -> Option<m::AgendaItem> {
        let text = row.text.as_deref()?;
        let file = row.file_name.as_deref()?;
        // Only its item is needed: a page imported with a date from outside reads as well.
        let minutes = parse::parse(text).unwrap_or_else(|_| parse::parse_fragment(text));
        let (key, _) = origin.split_once("/item/")?;
        let theirs = Context {
            file,
            sha512: row.sha512_checksum.clone()?,
            body_key: ctx.body_key.clone(),
        };
        let extract = m::File {
            name: row.name.clone(),
            file_name: row.file_name.clone(),
            mime_type: row.mime_type.clone(),
            date: Some(minutes.date.to_string()),
            size: row.size,
            sha512_checksum: row.sha512_checksum.clone(),
            text: row.text.clone(),
            ..Default::default()
        };
        agenda_items(key, &theirs, &minutes, &extract)
            .into_iter()
            .find(|i| i.id.as_deref() == Some(origin))
    }
}

/// The key of an item within its meeting: its number, else its position; an extract's
/// item without a number is keyed by the extract itself, so that several extracts of
/// one meeting never meet on a position.
fn item_key(index: usize, item: &Item, ctx: &Context<'_>, kind: Kind) -> String {
    match (item.number.is_empty(), kind) {
        (false, _) => slug(&item.number),
        (true, Kind::Extract) => format!("extract-{}", &ctx.sha512[..16]),
        (true, Kind::Minutes) => format!("position-{index}"),
    }
}

fn agenda_item(origin: String, index: usize, item: &Item) -> m::AgendaItem {
    let texts = item
        .texts
        .iter()
        .filter(|t| !t.text.is_empty())
        .map(|t| m::ItemText {
            kind: kind_name(t.kind).to_owned(),
            by: t.by.clone(),
            text: t.text.clone(),
        })
        .collect();
    m::AgendaItem {
        id: Some(origin),
        number: Some(item.number.clone()).filter(|n| !n.is_empty()),
        order: Some(index as i64),
        name: Some(if item.public {
            item.title.clone()
        } else {
            "Nichtöffentlicher Tagesordnungspunkt".to_owned()
        })
        .filter(|n| !n.is_empty()),
        public: Some(item.public),
        result: item.result.clone(),
        resolution_text: item.resolution_text.clone(),
        texts,
        ..Default::default()
    }
}

/// What ratsinfo serves as the minutes file: the original, or, when the minutes have a
/// non-public part, only the text of their public part.
struct Published<'a> {
    bytes: &'a [u8],
    mime_type: &'a str,
    text: &'a str,
}

/// The text that may be published: the minutes without their non-public parts.
fn public_text(text: &str, minutes: &Minutes) -> String {
    // Non-public parts, and items marked non-public on their own ("TOP N 5") where no
    // part marker precedes them.
    let hidden: Vec<Lines> = minutes
        .non_public
        .iter()
        .copied()
        .chain(minutes.items.iter().filter(|i| !i.public).map(|i| i.lines))
        .collect();
    if hidden.is_empty() {
        return text.to_owned();
    }
    text.lines()
        .enumerate()
        .filter(|(i, _)| {
            !hidden
                .iter()
                .any(|span| (span.from..=span.to).contains(&(i + 1)))
        })
        .map(|(_, l)| l)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses and imports one file in one transaction: a failure leaves the store as it was.
pub async fn import_file(
    store: &Store,
    file: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<ImportReport, MinutesError> {
    import_file_audited(store, file, bytes, options, None).await
}

/// [`import_file`], recording the import in the audit trail under the name of the
/// write-API token that asked for it, in the import's transaction.
pub async fn import_file_audited(
    store: &Store,
    file: &str,
    bytes: &[u8],
    options: &ImportOptions,
    token: Option<&str>,
) -> Result<ImportReport, MinutesError> {
    let extracted = text::extract(bytes).map_err(|e| MinutesError::File {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    let minutes =
        parse::parse_on(&extracted.text, options.date).map_err(|e| MinutesError::Line {
            file: file.to_owned(),
            line: e.line,
            message: e.message,
        })?;
    let published = public_text(&extracted.text, &minutes);
    let ctx = Context {
        file,
        sha512: Sha512::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        body_key: slug(&options.body),
    };
    let store_err = |source| MinutesError::Store {
        file: file.to_owned(),
        source,
    };
    let mut tx = store.begin().await.map_err(store_err)?;
    let mut w = Writer::new(&mut tx, String::new());
    let file = if published == extracted.text {
        Published {
            bytes,
            mime_type: extracted.mime_type,
            text: &extracted.text,
        }
    } else {
        Published {
            bytes: published.as_bytes(),
            mime_type: "text/plain",
            text: &published,
        }
    };
    let meeting_id = write(&mut w, &ctx, &minutes, options, &file).await?;
    let counts = w.counts.clone();
    if let Some(token) = token {
        let meeting = format!("{}/{meeting_id}", ObjectType::Meeting.segment());
        tx.audit(token, "import-minutes", &[meeting], Some(ctx.file))
            .await
            .map_err(store_err)?;
    }
    tx.commit().await.map_err(store_err)?;
    Ok(ImportReport {
        counts,
        meeting_id,
        minutes,
    })
}

/// Parses only (for `--dry-run`).
pub fn parse_file(
    file: &str,
    bytes: &[u8],
    date: Option<chrono::NaiveDate>,
) -> Result<Minutes, MinutesError> {
    let extracted = text::extract(bytes).map_err(|e| MinutesError::File {
        file: file.to_owned(),
        message: e.to_string(),
    })?;
    parse::parse_on(&extracted.text, date).map_err(|e| MinutesError::Line {
        file: file.to_owned(),
        line: e.line,
        message: e.message,
    })
}

/// The command line: imports (or with no store, only parses) each file, reporting
/// progress on a terminal, warnings with their lines, and a summary. Returns how many
/// files failed.
pub async fn import_minutes(
    store: Option<&Store>,
    files: &[PathBuf],
    options: &ImportOptions,
    json_out: bool,
) -> usize {
    let terminal = std::io::stderr().is_terminal();
    let mut failed = 0;
    let mut parsed: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    for (i, path) in files.iter().enumerate() {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        if terminal {
            eprint!("\r\x1b[2K[{}/{}] {name}", i + 1, files.len());
        }
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("\nerror: {}: cannot read: {e}", path.display());
                failed += 1;
                continue;
            }
        };
        let result = match store {
            Some(store) => import_file(store, &name, &bytes, options).await.map(|r| {
                eprintln!(
                    "{}{name}: meeting {} on {}, {} agenda items, {} attendees: {} created, {} updated, {} unchanged, {} deleted",
                    if terminal { "\r\x1b[2K" } else { "" },
                    r.meeting_id,
                    r.minutes.date,
                    r.minutes.items.len(),
                    r.minutes.attendees.len(),
                    r.counts.created,
                    r.counts.updated,
                    r.counts.unchanged,
                    r.counts.deleted
                );
                r.minutes
            }),
            None => parse_file(&name, &bytes, options.date),
        };
        match result {
            Ok(minutes) => {
                for w in &minutes.warnings {
                    eprintln!("warning: {name}:{}: {}", w.line, w.message);
                }
                // What was read, item by item, and for the whole document.
                let items: Vec<fidelity::ItemFidelity> =
                    minutes.items.iter().map(fidelity::item).collect();
                let coverage = fidelity::coverage(&minutes);
                for item in &items {
                    eprintln!("  {}", item.line());
                }
                eprintln!("{name}: {}", coverage.line());
                if json_out {
                    let mut value = serde_json::to_value(&minutes).unwrap_or_default();
                    if let Some(object) = value.as_object_mut() {
                        object.insert("coverage".to_owned(), json!(coverage));
                        object.insert("fidelity".to_owned(), json!(items));
                    }
                    parsed.insert(name, value);
                }
            }
            Err(e) => {
                eprintln!("{}error: {e}", if terminal { "\r\x1b[2K" } else { "" });
                failed += 1;
            }
        }
    }
    if json_out {
        let out = if parsed.len() == 1 {
            parsed.into_values().next().unwrap_or_default()
        } else {
            json!(parsed)
        };
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
    }
    failed
}
