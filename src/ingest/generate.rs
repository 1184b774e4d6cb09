//! A deterministic synthetic council for benchmarks and tests: German names, factions
//! with time-bounded memberships, committees, 20 years of meetings with agenda items,
//! papers with consultations across committees, files with text, locations, some
//! deleted objects, and votes. The same seed always gives the same data.
//!
//! It writes in bulk (multi-row INSERTs with ids it assigns) into a store that holds
//! no generated data yet, committing in chunks.

use std::time::Instant;

use crate::oparl::time::Micros;
use crate::store::rows::IdRow;
use crate::store::{Arg, Backend, Result, Sql, Store, StoreError, Tx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// A few hundred objects, for tests.
    Tiny,
    /// About 2,500 objects: a small town (the harvest benchmark's source).
    Town,
    /// About 5,000 papers.
    Small,
    /// About 100,000 papers: a large city.
    City,
    /// About 1,000,000 papers: Germany's largest councils.
    Metropolis,
}

/// Sizes of a scale.
#[derive(Debug, Clone, Copy)]
struct Size {
    committees: usize,
    persons: usize,
    meetings: usize,
    items_per_meeting: usize,
    papers: usize,
}

impl Scale {
    fn size(self) -> Size {
        match self {
            Scale::Tiny => Size {
                committees: 4,
                persons: 40,
                meetings: 24,
                items_per_meeting: 6,
                papers: 120,
            },
            Scale::Town => Size {
                committees: 6,
                persons: 60,
                meetings: 80,
                items_per_meeting: 8,
                papers: 500,
            },
            Scale::Small => Size {
                committees: 12,
                persons: 300,
                meetings: 500,
                items_per_meeting: 10,
                papers: 5_000,
            },
            Scale::City => Size {
                committees: 50,
                persons: 1_500,
                meetings: 6_000,
                items_per_meeting: 10,
                papers: 100_000,
            },
            Scale::Metropolis => Size {
                committees: 290,
                persons: 5_000,
                meetings: 60_000,
                items_per_meeting: 10,
                papers: 1_000_000,
            },
        }
    }
}

/// What a run wrote.
#[derive(Debug, Default, Clone)]
pub struct Generated {
    pub objects: u64,
    pub seconds: f64,
}

/// splitmix64: small, fast and well distributed; deterministic across platforms.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const GIVEN: [&str; 40] = [
    "Anna", "Bernd", "Claudia", "Dieter", "Elke", "Frank", "Gabriele", "Hans", "Ingrid", "Jürgen",
    "Katrin", "Lars", "Monika", "Norbert", "Olga", "Peter", "Renate", "Stefan", "Tanja", "Uwe",
    "Vera", "Wolfgang", "Yasemin", "Zeynep", "Ayla", "Selçuk", "Sabine", "Thomas", "Ute",
    "Michael", "Petra", "Andreas", "Julia", "Tobias", "Lena", "Markus", "Fatma", "Mehmet",
    "Sophie", "Jonas",
];
const FAMILY: [&str; 48] = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Schmitt",
    "Werner",
    "Krause",
    "Meier",
    "Lehmann",
    "Schmid",
    "Schulze",
    "Maier",
    "Köhler",
    "Herrmann",
    "König",
    "Walter",
    "Mayer",
    "Huber",
    "Kaiser",
    "Fuchs",
    "Peters",
    "Lang",
    "Scholz",
    "Möller",
    "Weiß",
    "Jung",
    "Hahn",
];
const FACTIONS: [&str; 8] = [
    "CDU",
    "SPD",
    "Bündnis 90/Die Grünen",
    "FDP",
    "Die Linke",
    "AfD",
    "Freie Wähler",
    "Volt",
];
const COMMITTEES: [&str; 14] = [
    "Hauptausschuss",
    "Finanzausschuss",
    "Bauausschuss",
    "Schulausschuss",
    "Sozialausschuss",
    "Umweltausschuss",
    "Kulturausschuss",
    "Sportausschuss",
    "Digitalisierungsausschuss",
    "Verkehrsausschuss",
    "Jugendhilfeausschuss",
    "Wirtschaftsausschuss",
    "Gleichstellungsausschuss",
    "Rechnungsprüfungsausschuss",
];
const TOPICS: [&str; 12] = [
    "Sanierung",
    "Neubau",
    "Förderung",
    "Erweiterung",
    "Umgestaltung",
    "Bebauungsplan",
    "Haushaltsplanung",
    "Digitalisierung",
    "Barrierefreiheit",
    "Verkehrsberuhigung",
    "Klimaschutzkonzept",
    "Satzungsänderung",
];
const PLACES: [&str; 12] = [
    "Grundschule Mitte",
    "Hauptstraße",
    "Stadtbibliothek",
    "Sportpark Nord",
    "Marktplatz",
    "Rathaus",
    "Kita Sonnenschein",
    "Radweg am Fluss",
    "Hallenbad Süd",
    "Gewerbegebiet West",
    "Stadtpark",
    "Feuerwache 2",
];
const PAPER_TYPES: [&str; 6] = [
    "Beschlussvorlage",
    "Informationsvorlage",
    "Antrag",
    "Anfrage",
    "Mitteilungsvorlage",
    "Änderungsantrag",
];
const ROOMS: [&str; 5] = [
    "Großer Saal",
    "Ratssaal",
    "Raum 101",
    "Sitzungszimmer 2",
    "Bürgerhaus",
];

/// Rows for one table, flushed in multi-row INSERTs.
struct Batch {
    table: &'static str,
    columns: &'static [&'static str],
    rows: Vec<Vec<Arg>>,
    written: u64,
}

impl Batch {
    fn new(table: &'static str, columns: &'static [&'static str]) -> Batch {
        Batch {
            table,
            columns,
            rows: Vec::new(),
            written: 0,
        }
    }

    /// Queues a row. Batches are flushed together, parents first, by [`flush_full`],
    /// so that foreign keys always point at rows already written.
    async fn push(&mut self, _tx: &mut Tx, row: Vec<Arg>) -> Result<()> {
        self.rows.push(row);
        Ok(())
    }

    /// Whether the batch is worth a statement. Kept small: sqlx resolves each `$n` of a
    /// SQLite statement by name, a cost that grows with the square of the parameters.
    fn full(&self) -> bool {
        self.rows.len() * self.columns.len() >= 800
    }

    async fn flush(&mut self, tx: &mut Tx) -> Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut sql = Sql::new(format!(
            "INSERT INTO {} ({}) VALUES ",
            self.table,
            self.columns.join(", ")
        ));
        let ids_first = self.columns.first() == Some(&"id");
        for (i, row) in self.rows.drain(..).enumerate() {
            if ids_first && let Some(Arg::Int(Some(id))) = row.first() {
                tx.changed(self.table, *id);
            }
            sql.push(if i == 0 { "(" } else { ", (" });
            for (j, value) in row.into_iter().enumerate() {
                if j > 0 {
                    sql.push(", ");
                }
                sql.bind(value);
            }
            sql.push(")");
            self.written += 1;
        }
        tx.execute(sql).await?;
        Ok(())
    }
}

macro_rules! columns {
    ($($extra:literal),*) => { &["id", "origin", "created", "modified", "deleted", "content_hash", "source", $($extra),*] };
}

fn meta(id: i64, origin: String, created: Micros, modified: Micros, deleted: bool) -> Vec<Arg> {
    vec![
        id.into(),
        origin.into(),
        created.into(),
        modified.into(),
        deleted.into(),
        "generated".into(),
        Some("{\"kind\":\"generated\"}".to_owned()).into(),
    ]
}

/// Flushes all batches, in the order given (parents first), when any of them is full.
async fn flush_full(tx: &mut Tx, batches: &mut [&mut Batch]) -> Result<()> {
    if batches.iter().any(|b| b.full()) {
        for b in batches.iter_mut() {
            b.flush(tx).await?;
        }
    }
    Ok(())
}

const DAY: i64 = 86_400_000_000;

async fn next_id(store: &Store, table: &str) -> Result<i64> {
    let row: Option<IdRow> = store
        .fetch_optional(Sql::new(format!(
            "SELECT COALESCE(MAX(id), 0) AS id FROM {table}"
        )))
        .await?;
    Ok(row.map_or(1, |r| r.id + 1))
}

/// Generates a council into the store.
pub async fn generate(store: &Store, scale: Scale, seed: u64) -> Result<Generated> {
    let started = Instant::now();
    let size = scale.size();
    let mut rng = Rng(seed);
    let key = format!("generated:{seed}");
    // 2006-01-01 to 2025-12-31: twenty years.
    let epoch: Micros = 1_136_073_600_000_000;
    let years = 20;
    let mut tx = store.begin().await?;
    let existing: Option<IdRow> = tx
        .fetch_optional({
            let mut s = Sql::new("SELECT id FROM body WHERE origin = ");
            s.bind(format!("{key}/body"));
            s
        })
        .await?;
    if existing.is_some() {
        return Err(StoreError::Conflict(format!(
            "the store already holds the council of seed {seed}"
        )));
    }
    let ids = |t: &'static str| next_id(store, t);
    let (body_base, term_base, org_base, person_base, membership_base) = (
        ids("body").await?,
        ids("legislative_term").await?,
        ids("organization").await?,
        ids("person").await?,
        ids("membership").await?,
    );
    let (
        location_base,
        meeting_base,
        item_base,
        paper_base,
        consultation_base,
        file_base,
        vote_base,
    ) = (
        ids("location").await?,
        ids("meeting").await?,
        ids("agenda_item").await?,
        ids("paper").await?,
        ids("consultation").await?,
        ids("file").await?,
        ids("vote_event").await?,
    );
    let t0 = epoch;
    let mut written = 0u64;

    // Body and its four legislative terms.
    let body = body_base;
    let mut b = Batch::new(
        "body",
        columns!("name", "short_name", "ags", "classification", "license"),
    );
    let mut row = meta(body, format!("{key}/body"), t0, t0, false);
    row.extend([
        format!("Stadt Beispielstadt {seed}").into(),
        "Beispielstadt".into(),
        "05999000".into(),
        "Kreisfreie Stadt".into(),
        "https://creativecommons.org/licenses/by/4.0/".into(),
    ]);
    b.push(&mut tx, row).await?;
    b.flush(&mut tx).await?;
    written += b.written;
    let mut terms = Batch::new(
        "legislative_term",
        columns!("body_id", "name", "start_date", "end_date"),
    );
    for t in 0..4 {
        let start = 2006 + t * 5;
        let mut row = meta(
            term_base + t as i64,
            format!("{key}/term/{t}"),
            t0,
            t0,
            false,
        );
        row.extend([
            body.into(),
            format!("Wahlperiode {start}–{}", start + 5).into(),
            format!("{start}-01-01").into(),
            format!("{}-12-31", start + 4).into(),
        ]);
        terms.push(&mut tx, row).await?;
    }
    terms.flush(&mut tx).await?;
    written += terms.written;

    // Organizations: factions first, then committees (the first is the council).
    let factions: Vec<i64> = (0..FACTIONS.len()).map(|i| org_base + i as i64).collect();
    let committees: Vec<i64> = (0..size.committees)
        .map(|i| org_base + (FACTIONS.len() + i) as i64)
        .collect();
    let mut orgs = Batch::new(
        "organization",
        columns!(
            "body_id",
            "name",
            "short_name",
            "organization_type",
            "classification",
            "start_date"
        ),
    );
    for (i, name) in FACTIONS.iter().enumerate() {
        let mut row = meta(factions[i], format!("{key}/org/faction/{i}"), t0, t0, false);
        row.extend([
            body.into(),
            format!("Fraktion {name}").into(),
            (*name).into(),
            "Fraktion".into(),
            "Fraktion".into(),
            "2006-01-01".into(),
        ]);
        orgs.push(&mut tx, row).await?;
    }
    for (i, id) in committees.iter().enumerate() {
        let name = if i == 0 {
            "Rat der Stadt".to_owned()
        } else if i <= COMMITTEES.len() {
            COMMITTEES[i - 1].to_owned()
        } else {
            format!(
                "{} {}",
                COMMITTEES[i % COMMITTEES.len()],
                i / COMMITTEES.len() + 1
            )
        };
        let classification = if i == 0 { "Parlament" } else { "Ausschuss" };
        let mut row = meta(*id, format!("{key}/org/committee/{i}"), t0, t0, false);
        row.extend([
            body.into(),
            name.into(),
            Arg::Text(None),
            "Gremium".into(),
            classification.into(),
            "2006-01-01".into(),
        ]);
        orgs.push(&mut tx, row).await?;
    }
    orgs.flush(&mut tx).await?;
    written += orgs.written;

    // Persons, each in one faction, with memberships in the faction and two committees
    // per legislative term they serve.
    let mut persons = Batch::new(
        "person",
        columns!(
            "body_id",
            "name",
            "family_name",
            "given_name",
            "form_of_address",
            "gender"
        ),
    );
    let mut memberships = Batch::new(
        "membership",
        columns!(
            "body_id",
            "person_id",
            "organization_id",
            "role",
            "voting_right",
            "start_date",
            "end_date",
            "on_behalf_of"
        ),
    );
    let mut person_faction = Vec::with_capacity(size.persons);
    let mut membership_id = membership_base;
    for p in 0..size.persons {
        let id = person_base + p as i64;
        let given = rng.pick(&GIVEN);
        let family = rng.pick(&FAMILY);
        let female = GIVEN
            .iter()
            .position(|g| *g == given)
            .is_some_and(|i| i % 2 == 0);
        let faction = factions[rng.below(factions.len())];
        person_faction.push(faction);
        let created = t0 + (rng.below(years * 365) as i64) * DAY;
        let mut row = meta(id, format!("{key}/person/{p}"), created, created, false);
        row.extend([
            body.into(),
            format!("{given} {family}").into(),
            family.into(),
            given.into(),
            if female { "Frau" } else { "Herr" }.into(),
            if female { "female" } else { "male" }.into(),
        ]);
        persons.push(&mut tx, row).await?;
        let term = rng.below(4) as i64;
        let (start, end) = (2006 + term * 5, 2010 + term * 5);
        for (org, role, behalf) in [
            (faction, "Mitglied", None),
            (
                committees[rng.below(committees.len())],
                "Mitglied",
                Some(faction),
            ),
            (
                committees[rng.below(committees.len())],
                if rng.chance(5) { "Vorsitz" } else { "Mitglied" },
                Some(faction),
            ),
        ] {
            let mut row = meta(
                membership_id,
                format!("{key}/membership/{membership_id}"),
                created,
                created,
                false,
            );
            row.extend([
                body.into(),
                id.into(),
                org.into(),
                role.into(),
                true.into(),
                format!("{start}-01-01").into(),
                format!("{end}-12-31").into(),
                Arg::Int(behalf),
            ]);
            memberships.push(&mut tx, row).await?;
            membership_id += 1;
        }
        flush_full(&mut tx, &mut [&mut persons, &mut memberships]).await?;
    }
    persons.flush(&mut tx).await?;
    memberships.flush(&mut tx).await?;
    written += persons.written + memberships.written;
    tx.commit().await?;

    // Papers with their main file, then meetings whose items consult them.
    let mut tx = store.begin().await?;
    let mut papers = Batch::new(
        "paper",
        columns!(
            "body_id",
            "name",
            "reference",
            "date",
            "paper_type",
            "main_file_id"
        ),
    );
    let mut files = Batch::new(
        "file",
        columns!(
            "body_id",
            "name",
            "file_name",
            "mime_type",
            "date",
            "size",
            "text",
            "access_url"
        ),
    );
    let mut links = Batch::new(
        "link",
        &["src_type", "src_id", "property", "position", "dst_id"],
    );
    let span = (years * 365) as i64;
    for p in 0..size.papers {
        let id = paper_base + p as i64;
        let day = (p as i64 * span) / size.papers as i64;
        let created = t0 + day * DAY + rng.below(36_000) as i64 * 1_000_000;
        // About one paper in a hundred is deleted (a tombstone).
        let deleted = p % 97 == 13;
        let modified = created
            + if deleted || rng.chance(10) {
                rng.below(90) as i64 * DAY
            } else {
                0
            };
        let year = 2006 + day / 365;
        let paper_type = rng.pick(&PAPER_TYPES);
        let title = format!("{} {}", rng.pick(&TOPICS), rng.pick(&PLACES));
        let date = chrono::DateTime::from_timestamp_micros(created)
            .map(|d| d.format("%Y-%m-%d").to_string());
        let file_id = file_base + p as i64;
        let mut row = meta(id, format!("{key}/paper/{p}"), created, modified, deleted);
        row.extend([
            body.into(),
            title.clone().into(),
            format!("{}/{year}", p + 1).into(),
            date.clone().into(),
            paper_type.into(),
            file_id.into(),
        ]);
        papers.push(&mut tx, row).await?;
        let text = format!(
            "{paper_type}: {title}. Die Verwaltung schlägt vor, die Maßnahme wie beschrieben umzusetzen."
        );
        let mut row = meta(file_id, format!("{key}/file/{p}"), created, created, false);
        row.extend([
            body.into(),
            format!("Vorlage {}/{year}", p + 1).into(),
            format!("vorlage-{}-{year}.pdf", p + 1).into(),
            "application/pdf".into(),
            date.into(),
            (20_000 + rng.below(500_000) as i64).into(),
            text.into(),
            format!("https://ris.example.org/files/{seed}/{p}.pdf").into(),
        ]);
        files.push(&mut tx, row).await?;
        if matches!(paper_type, "Antrag" | "Anfrage" | "Änderungsantrag") {
            links
                .push(
                    &mut tx,
                    vec![
                        "Paper".into(),
                        id.into(),
                        "originatorOrganization".into(),
                        0i64.into(),
                        factions[rng.below(factions.len())].into(),
                    ],
                )
                .await?;
        }
        flush_full(&mut tx, &mut [&mut files, &mut papers, &mut links]).await?;
    }
    files.flush(&mut tx).await?;
    papers.flush(&mut tx).await?;
    links.flush(&mut tx).await?;
    written += papers.written + files.written + links.written;
    // Papers, meetings and their consultations commit together: a paper's stored
    // rendering embeds its consultations, so it is rendered once, with them.

    let mut locations = Batch::new(
        "location",
        columns!("body_id", "description", "room", "locality"),
    );
    for (i, room) in ROOMS.iter().enumerate() {
        let mut row = meta(
            location_base + i as i64,
            format!("{key}/location/{i}"),
            t0,
            t0,
            false,
        );
        row.extend([
            body.into(),
            format!("{room}, Rathaus Beispielstadt").into(),
            (*room).into(),
            "Beispielstadt".into(),
        ]);
        locations.push(&mut tx, row).await?;
    }
    locations.flush(&mut tx).await?;
    written += locations.written;
    let mut meetings = Batch::new(
        "meeting",
        columns!(
            "body_id",
            "name",
            "meeting_state",
            "start_at",
            "end_at",
            "location_id"
        ),
    );
    let mut items = Batch::new(
        "agenda_item",
        columns!(
            "body_id",
            "meeting_id",
            "number",
            "position",
            "name",
            "public",
            "result"
        ),
    );
    let mut consultations = Batch::new(
        "consultation",
        columns!(
            "body_id",
            "paper_id",
            "agenda_item_id",
            "meeting_id",
            "authoritative",
            "role"
        ),
    );
    let mut votes = Batch::new(
        "vote_event",
        columns!(
            "body_id",
            "agenda_item_id",
            "meeting_id",
            "organization_id",
            "date",
            "question",
            "result_text",
            "outcome",
            "method",
            "yes",
            "no",
            "abstain"
        ),
    );
    let mut positions = Batch::new(
        "faction_position",
        &[
            "vote_event_id",
            "organization_id",
            "position",
            "count",
            "basis",
        ],
    );
    let mut links = Batch::new(
        "link",
        &["src_type", "src_id", "property", "position", "dst_id"],
    );
    let mut item_id = item_base;
    let mut consultation_id = consultation_base;
    let mut vote_id = vote_base;
    let mut paper_cursor = 0usize;
    for m in 0..size.meetings {
        let id = meeting_base + m as i64;
        let day = (m as i64 * span) / size.meetings as i64;
        let start = t0 + day * DAY + 16 * 3_600_000_000;
        let end = start + (90 + rng.below(120) as i64) * 60_000_000;
        let committee_index = rng.below(committees.len());
        let committee = committees[committee_index];
        let date = chrono::DateTime::from_timestamp_micros(start)
            .map(|d| d.format("%Y-%m-%d").to_string());
        let created = start - 14 * DAY;
        let modified = end + 21 * DAY;
        let mut row = meta(id, format!("{key}/meeting/{m}"), created, modified, false);
        row.extend([
            body.into(),
            format!("{}. Sitzung", m / committees.len() + 1).into(),
            "durchgeführt".into(),
            crate::oparl::time::format_micros(start).into(),
            crate::oparl::time::format_micros(end).into(),
            (location_base + rng.below(ROOMS.len()) as i64).into(),
        ]);
        meetings.push(&mut tx, row).await?;
        links
            .push(
                &mut tx,
                vec![
                    "Meeting".into(),
                    id.into(),
                    "organization".into(),
                    0i64.into(),
                    committee.into(),
                ],
            )
            .await?;
        for position in 0..size.items_per_meeting {
            let public = position + 2 < size.items_per_meeting || rng.chance(30);
            let mut paper_index = paper_cursor % size.papers;
            paper_cursor += 1;
            if paper_index % 97 == 13 {
                // Deleted papers are consulted nowhere.
                paper_index = paper_cursor % size.papers;
                paper_cursor += 1;
            }
            let paper = paper_base + paper_index as i64;
            let decides = rng.chance(70);
            let (outcome, result) = match rng.below(10) {
                0 => ("rejected", "mehrheitlich abgelehnt"),
                1 => ("noted", "zur Kenntnis genommen"),
                2 => ("postponed", "vertagt"),
                3 => ("adopted_amended", "mit Änderungen beschlossen"),
                4 | 5 => ("adopted", "mehrheitlich beschlossen"),
                _ => ("adopted", "einstimmig beschlossen"),
            };
            let mut row = meta(
                item_id,
                format!("{key}/item/{item_id}"),
                created,
                modified,
                false,
            );
            row.extend([
                body.into(),
                id.into(),
                (position + 1).to_string().into(),
                (position as i64).into(),
                if public {
                    format!("Tagesordnungspunkt {}", position + 1)
                } else {
                    "Nichtöffentlicher Tagesordnungspunkt".to_owned()
                }
                .into(),
                public.into(),
                Arg::Text(if public && decides {
                    Some(result.to_owned())
                } else {
                    None
                }),
            ]);
            items.push(&mut tx, row).await?;
            if public {
                let mut row = meta(
                    consultation_id,
                    format!("{key}/consultation/{consultation_id}"),
                    created,
                    modified,
                    false,
                );
                row.extend([
                    body.into(),
                    paper.into(),
                    item_id.into(),
                    id.into(),
                    decides.into(),
                    if decides {
                        "Entscheidung"
                    } else {
                        "Vorberatung"
                    }
                    .into(),
                ]);
                consultations.push(&mut tx, row).await?;
                links
                    .push(
                        &mut tx,
                        vec![
                            "Consultation".into(),
                            consultation_id.into(),
                            "organization".into(),
                            0i64.into(),
                            committee.into(),
                        ],
                    )
                    .await?;
                consultation_id += 1;
            }
            if public && decides {
                let unanimous = result.starts_with("einstimmig");
                let counted = !unanimous
                    && rng.chance(40)
                    && matches!(outcome, "adopted" | "rejected" | "adopted_amended");
                let (yes, no, abstain) = if counted {
                    let total = 11 + rng.below(20) as i64;
                    let no = rng.below(total as usize / 2) as i64;
                    let abstain = rng.below(3) as i64;
                    let yes = total - no - abstain;
                    if outcome == "rejected" {
                        (Some(no), Some(yes), Some(abstain))
                    } else {
                        (Some(yes), Some(no), Some(abstain))
                    }
                } else {
                    (None, None, None)
                };
                let method = if unanimous {
                    "unanimous"
                } else if counted {
                    "counted"
                } else if matches!(outcome, "noted" | "postponed") {
                    "none"
                } else {
                    "show_of_hands"
                };
                let mut row = meta(
                    vote_id,
                    format!("{key}/vote/{vote_id}"),
                    modified,
                    modified,
                    false,
                );
                row.extend([
                    body.into(),
                    item_id.into(),
                    id.into(),
                    committee.into(),
                    date.clone().into(),
                    Arg::Text(Some(format!(
                        "Beschlussvorschlag zu Vorlage {}",
                        paper_index + 1
                    ))),
                    result.into(),
                    outcome.into(),
                    method.into(),
                    Arg::Int(yes),
                    Arg::Int(no),
                    Arg::Int(abstain),
                ]);
                votes.push(&mut tx, row).await?;
                links
                    .push(
                        &mut tx,
                        vec![
                            "VoteEvent".into(),
                            vote_id.into(),
                            "paper".into(),
                            0i64.into(),
                            paper.into(),
                        ],
                    )
                    .await?;
                if method != "none" {
                    for faction in &factions {
                        let position = if unanimous {
                            "yes"
                        } else {
                            match rng.below(10) {
                                0..=5 => {
                                    if outcome == "rejected" {
                                        "no"
                                    } else {
                                        "yes"
                                    }
                                }
                                6 | 7 => {
                                    if outcome == "rejected" {
                                        "yes"
                                    } else {
                                        "no"
                                    }
                                }
                                8 => "abstain",
                                _ => "split",
                            }
                        };
                        let basis = if unanimous { "unanimous" } else { "stated" };
                        positions
                            .push(
                                &mut tx,
                                vec![
                                    vote_id.into(),
                                    (*faction).into(),
                                    position.into(),
                                    Arg::Int(None),
                                    basis.into(),
                                ],
                            )
                            .await?;
                    }
                }
                vote_id += 1;
            }
            item_id += 1;
        }
        flush_full(
            &mut tx,
            &mut [
                &mut meetings,
                &mut items,
                &mut consultations,
                &mut votes,
                &mut positions,
                &mut links,
            ],
        )
        .await?;
        if m % 2_000 == 1_999 {
            for batch in [
                &mut meetings,
                &mut items,
                &mut consultations,
                &mut votes,
                &mut positions,
                &mut links,
            ] {
                batch.flush(&mut tx).await?;
            }
            tx.commit().await?;
            tx = store.begin().await?;
        }
    }
    for batch in [
        &mut meetings,
        &mut items,
        &mut consultations,
        &mut votes,
        &mut positions,
        &mut links,
    ] {
        batch.flush(&mut tx).await?;
        written += batch.written;
    }
    tx.commit().await?;

    if store.backend() == Backend::Postgres {
        // Ids were assigned here: move the identity sequences past them.
        for table in [
            "body",
            "legislative_term",
            "organization",
            "person",
            "membership",
            "location",
            "meeting",
            "agenda_item",
            "paper",
            "consultation",
            "file",
            "vote_event",
        ] {
            store
                .execute_raw(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))"
                ))
                .await?;
        }
    }
    // PostgreSQL: fresh statistics and the visibility map, without which counting a list
    // cannot use an index-only scan. SQLite is left without ANALYZE on purpose: its
    // statistics rate an index on a mostly-NULL column (file.master_file_id) as useless,
    // and back-reference look-ups then scan the table (78 instead of 4,353 req/s).
    if store.backend() == Backend::Postgres {
        store.execute_raw("VACUUM ANALYZE").await?;
    }
    Ok(Generated {
        objects: written,
        seconds: started.elapsed().as_secs_f64(),
    })
}
