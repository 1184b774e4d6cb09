//! `ratsinfo dump`: per body, JSON Lines (gzip) per OParl type with the objects exactly
//! as the API serves them, CSV per type with the columns of the CSV lists, the same for
//! the decisions of the native API (`votes`), and one SQLite file with a table per type
//! (for Datasette or sqlite3); a `manifest.json` with row counts, times and the SHA-256
//! of every file.
//!
//! Layout per body folder: `oparl/<list>.jsonl.gz` (what `ratsinfo load-oparl` reads
//! back), `native/votes.jsonl.gz`, `csv/<list>.csv`, `ratsinfo.sqlite`.
//!
//! A dump is complete or absent: it is written into a temporary folder beside the
//! target and renamed into place at the end; a lock file keeps two dumps from writing
//! the same target. Lists are read a page at a time, so memory stays flat.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

use crate::api::oparl::Renderable;
use crate::api::oparl::csv;
use crate::api::oparl::render::Renderer;
use crate::api::urls::Urls;
use crate::oparl::ObjectType;
use crate::oparl::time::format_micros;
use crate::store::read::{Cursor, HasId, ListFilter, Scope};
use crate::store::rows::{
    AgendaItemRow, BodyRow, ConsultationRow, FileRow, LegislativeTermRow, LocationRow, MeetingRow,
    MembershipRow, OrganizationRow, PaperRow, PersonRow,
};
use crate::store::{Store, StoreError};

/// Objects read and written per step.
const PAGE: i64 = 1000;
/// Bound values per INSERT into the SQLite file (see [`insert`]).
const ROW_VALUES: usize = 1000;

#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{path}: {source}")]
    Sqlite { path: String, source: sqlx::Error },
    #[error("serialising an object: {0}")]
    Json(#[from] serde_json::Error),
    /// Another process on the same PostgreSQL database writes a dump right now.
    #[error("{0}: another process is writing a dump of this database; this one is skipped")]
    Elsewhere(String),
    #[error("rendering decisions: {0}")]
    Votes(String),
    #[error(
        "a dump into {0} is already being written (lock file {1}); wait for it or remove the lock if no dump runs"
    )]
    Busy(String, String),
}

type Result<T> = std::result::Result<T, DumpError>;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> DumpError + '_ {
    move |source| DumpError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn sqlite(path: &Path) -> impl FnOnce(sqlx::Error) -> DumpError + '_ {
    move |source| DumpError::Sqlite {
        path: path.display().to_string(),
        source,
    }
}

/// One file of a dump.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DumpFile {
    /// Relative to the dump folder.
    pub path: String,
    /// The OParl type, or `*` for the SQLite file with all of them.
    #[serde(rename = "type")]
    pub type_: String,
    pub media_type: String,
    /// Objects (rows) in the file.
    pub rows: u64,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DumpBody {
    /// The Body's URL (its OParl id).
    pub id: String,
    pub name: Option<String>,
    /// Its folder in the dump.
    pub folder: String,
    /// Objects per OParl type.
    pub counts: std::collections::BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub generated: String,
    /// The store's data version when the dump started: what it reflects.
    pub data_version: i64,
    pub public_url: String,
    pub license: String,
    pub bodies: Vec<DumpBody>,
    pub files: Vec<DumpFile>,
}

pub struct DumpOptions {
    pub out: PathBuf,
    pub public_url: String,
    pub license: String,
}

/// The types of a body's lists, in writing order for a reload.
const TYPES: [ObjectType; 10] = [
    ObjectType::LegislativeTerm,
    ObjectType::Organization,
    ObjectType::Person,
    ObjectType::Membership,
    ObjectType::Location,
    ObjectType::File,
    ObjectType::Meeting,
    ObjectType::AgendaItem,
    ObjectType::Paper,
    ObjectType::Consultation,
];

/// The files one type is written to.
struct Sinks {
    jsonl: flate2::write::GzEncoder<BufWriter<File>>,
    csv: BufWriter<File>,
    rows: u64,
}

impl Sinks {
    fn create(dir: &Path, segment: &str, ty: ObjectType) -> Result<Sinks> {
        let jsonl_path = dir.join("oparl").join(format!("{segment}.jsonl.gz"));
        let csv_path = dir.join("csv").join(format!("{segment}.csv"));
        let jsonl = File::create(&jsonl_path).map_err(io(&jsonl_path))?;
        let mut csv_file = BufWriter::new(File::create(&csv_path).map_err(io(&csv_path))?);
        csv_file
            .write_all(csv::header_line(ty).as_bytes())
            .map_err(io(&csv_path))?;
        Ok(Sinks {
            jsonl: flate2::write::GzEncoder::new(
                BufWriter::new(jsonl),
                flate2::Compression::fast(),
            ),
            csv: csv_file,
            rows: 0,
        })
    }

    /// One page of rendered objects into the JSON Lines, the CSV and the SQLite table.
    async fn write<T: Serialize>(
        &mut self,
        ty: ObjectType,
        objects: &[T],
        db: &mut SqliteConnection,
        db_path: &Path,
    ) -> Result<()> {
        let mut values = Vec::with_capacity(objects.len());
        for o in objects {
            serde_json::to_writer(&mut self.jsonl, o)?;
            self.jsonl.write_all(b"\n").map_err(io(db_path))?;
            let value = serde_json::to_value(o)?;
            self.csv
                .write_all(csv::line(ty, &value).as_bytes())
                .map_err(io(db_path))?;
            values.push(value);
        }
        self.rows += objects.len() as u64;
        insert(db, db_path, ty, &values).await
    }

    fn finish(self, dir: &Path, segment: &str) -> Result<u64> {
        let path = dir.join("oparl").join(format!("{segment}.jsonl.gz"));
        let mut inner = self.jsonl.finish().map_err(io(&path))?;
        inner.flush().map_err(io(&path))?;
        let mut csv_file = self.csv;
        csv_file
            .flush()
            .map_err(io(&dir.join("csv").join(format!("{segment}.csv"))))?;
        Ok(self.rows)
    }
}

/// SQL identifier quoting (column names such as `ratsinfo:originalId`).
fn ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn table(ty: ObjectType) -> String {
    ty.segment().replace('-', "_")
}

async fn create_tables(db: &mut SqliteConnection, path: &Path) -> Result<()> {
    for ty in std::iter::once(ObjectType::Body).chain(TYPES) {
        let columns: Vec<String> = csv::header(ty)
            .iter()
            .map(|c| {
                if *c == "id" {
                    format!("{} TEXT PRIMARY KEY", ident(c))
                } else {
                    format!("{} TEXT", ident(c))
                }
            })
            .collect();
        // Names come from the fixed column lists, quoted; nothing of the data.
        let sql = format!("CREATE TABLE {} ({})", table(ty), columns.join(", "));
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&mut *db)
            .await
            .map_err(sqlite(path))?;
    }
    Ok(())
}

/// Rows of one page into the SQLite table of their type.
async fn insert(
    db: &mut SqliteConnection,
    path: &Path,
    ty: ObjectType,
    objects: &[serde_json::Value],
) -> Result<()> {
    let columns = csv::header(ty);
    // About a thousand values per statement: sqlx resolves each bound value by
    // scanning the statement's parameters, so the cost grows with the square of
    // their number (a profile of 2,000-row statements spent half its time there).
    let per_statement = (ROW_VALUES / columns.len()).max(1);
    for chunk in objects.chunks(per_statement) {
        let row = format!("({})", vec!["?"; columns.len()].join(", "));
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}",
            table(ty),
            columns
                .iter()
                .map(|c| ident(c))
                .collect::<Vec<_>>()
                .join(", "),
            vec![row; chunk.len()].join(", ")
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for object in chunk {
            for value in csv::cells(ty, object) {
                query = query.bind(value);
            }
        }
        query.execute(&mut *db).await.map_err(sqlite(path))?;
    }
    Ok(())
}

/// Writes every live object of one type of one body, a page at a time.
async fn dump_type<R: Renderable>(
    renderer: &Renderer<'_>,
    ty: ObjectType,
    scope: Scope,
    sinks: &mut Sinks,
    db: &mut SqliteConnection,
    db_path: &Path,
) -> Result<()> {
    let mut cursor = Cursor::Start;
    loop {
        let page = renderer
            .reads
            .list::<R>(ty, scope, &ListFilter::default(), cursor, PAGE, false)
            .await?;
        let next = page.rows.last().map(HasId::id).filter(|_| page.has_next);
        let objects = R::render(renderer, page.rows).await?;
        sinks.write(ty, &objects, db, db_path).await?;
        match next {
            Some(last) => cursor = Cursor::After(last),
            None => return Ok(()),
        }
    }
}

async fn dump_any(
    renderer: &Renderer<'_>,
    ty: ObjectType,
    scope: Scope,
    sinks: &mut Sinks,
    db: &mut SqliteConnection,
    db_path: &Path,
) -> Result<()> {
    let (r, s) = (renderer, scope);
    match ty {
        ObjectType::Body => dump_type::<BodyRow>(r, ty, s, sinks, db, db_path).await,
        ObjectType::LegislativeTerm => {
            dump_type::<LegislativeTermRow>(r, ty, s, sinks, db, db_path).await
        }
        ObjectType::Organization => {
            dump_type::<OrganizationRow>(r, ty, s, sinks, db, db_path).await
        }
        ObjectType::Person => dump_type::<PersonRow>(r, ty, s, sinks, db, db_path).await,
        ObjectType::Membership => dump_type::<MembershipRow>(r, ty, s, sinks, db, db_path).await,
        ObjectType::Meeting => dump_type::<MeetingRow>(r, ty, s, sinks, db, db_path).await,
        ObjectType::AgendaItem => dump_type::<AgendaItemRow>(r, ty, s, sinks, db, db_path).await,
        ObjectType::Paper => dump_type::<PaperRow>(r, ty, s, sinks, db, db_path).await,
        ObjectType::Consultation => {
            dump_type::<ConsultationRow>(r, ty, s, sinks, db, db_path).await
        }
        ObjectType::File => dump_type::<FileRow>(r, ty, s, sinks, db, db_path).await,
        ObjectType::Location => dump_type::<LocationRow>(r, ty, s, sinks, db, db_path).await,
    }
}

/// The decisions of a body as the native API serves them (`/api/v1/votes/{id}`), to
/// `votes.jsonl.gz`, `votes.csv` (the columns of the votes CSV) and the `votes` table.
async fn dump_votes(
    state: &crate::api::AppState,
    body: i64,
    dir: &Path,
    db: &mut SqliteConnection,
    db_path: &Path,
) -> Result<u64> {
    use crate::api::native::votes::{CSV_COLUMNS, csv_row, render};
    let jsonl_path = dir.join("native").join("votes.jsonl.gz");
    let csv_path = dir.join("csv").join("votes.csv");
    let mut jsonl = flate2::write::GzEncoder::new(
        BufWriter::new(File::create(&jsonl_path).map_err(io(&jsonl_path))?),
        flate2::Compression::fast(),
    );
    let mut csv_file = BufWriter::new(File::create(&csv_path).map_err(io(&csv_path))?);
    csv_file
        .write_all(format!("{}\r\n", CSV_COLUMNS.join(",")).as_bytes())
        .map_err(io(&csv_path))?;
    let columns = CSV_COLUMNS
        .iter()
        .map(|c| format!("{} TEXT", ident(c)))
        .collect::<Vec<_>>();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "CREATE TABLE votes ({})",
        columns.join(", ")
    )))
    .execute(&mut *db)
    .await
    .map_err(sqlite(db_path))?;
    let filter = crate::store::votes::VoteFilter {
        body: Some(body),
        ..Default::default()
    };
    let (mut after, mut rows) = (None, 0u64);
    loop {
        let page = state.store.votes(&filter, after, PAGE).await?;
        after = page.rows.last().map(|r| r.id).filter(|_| page.has_next);
        let events = render(state, page.rows)
            .await
            .map_err(|e| DumpError::Votes(e.to_string()))?;
        let per_statement = (ROW_VALUES / CSV_COLUMNS.len()).max(1);
        for chunk in events.chunks(per_statement) {
            let row = format!("({})", vec!["?"; CSV_COLUMNS.len()].join(", "));
            let sql = format!(
                "INSERT INTO votes VALUES {}",
                vec![row; chunk.len()].join(", ")
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for v in chunk {
                serde_json::to_writer(&mut jsonl, v)?;
                jsonl.write_all(b"\n").map_err(io(&jsonl_path))?;
                let cells = csv_row(v);
                let line = cells
                    .iter()
                    .map(|c| crate::api::native::csv_field(c))
                    .collect::<Vec<_>>()
                    .join(",");
                csv_file
                    .write_all(format!("{line}\r\n").as_bytes())
                    .map_err(io(&csv_path))?;
                for c in cells {
                    query = query.bind(c);
                }
            }
            if !chunk.is_empty() {
                query.execute(&mut *db).await.map_err(sqlite(db_path))?;
            }
        }
        rows += events.len() as u64;
        if after.is_none() {
            break;
        }
    }
    jsonl
        .finish()
        .and_then(|mut w| w.flush())
        .map_err(io(&jsonl_path))?;
    csv_file.flush().map_err(io(&csv_path))?;
    Ok(rows)
}

fn describe(root: &Path, path: &Path, ty: &str, media_type: &str, rows: u64) -> Result<DumpFile> {
    let mut file = File::open(path).map_err(io(path))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(io(path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        bytes += n as u64;
    }
    Ok(DumpFile {
        path: path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string(),
        type_: ty.to_owned(),
        media_type: media_type.to_owned(),
        rows,
        bytes,
        sha256: hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    })
}

/// Holds the lock file of a target while a dump writes it.
struct Lock(PathBuf);

impl Lock {
    fn take(target: &Path, path: PathBuf) -> Result<Lock> {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                let _ = writeln!(f, "{}", std::process::id());
                Ok(Lock(path))
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                // A lock left by a process that is gone (killed) does not count.
                let owner = std::fs::read_to_string(&path).unwrap_or_default();
                let alive = owner
                    .trim()
                    .parse::<u32>()
                    .is_ok_and(|pid| Path::new(&format!("/proc/{pid}")).exists());
                if alive {
                    return Err(DumpError::Busy(
                        target.display().to_string(),
                        path.display().to_string(),
                    ));
                }
                std::fs::remove_file(&path).map_err(io(&path))?;
                Lock::take(target, path)
            }
            Err(e) => Err(io(&path)(e)),
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Writes a complete dump to `options.out`, replacing an earlier one only when done.
pub async fn dump(
    store: &Store,
    options: &DumpOptions,
    mut progress: impl FnMut(&str, u64),
) -> Result<Manifest> {
    let out = &options.out;
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dump".to_owned());
    let _lock = Lock::take(out, parent.join(format!(".{name}.lock")))?;
    // Replicas with a dump schedule over one PostgreSQL database: one writes, the
    // others skip this round.
    let Some(_job) = store.try_job_lock("dump").await? else {
        return Err(DumpError::Elsewhere(out.display().to_string()));
    };
    // Folders of dumps that were killed half-way: with the lock held no other dump
    // writes them, so they are only litter (of the size of a dump each).
    if let Ok(entries) = std::fs::read_dir(&parent) {
        let tmp_prefix = format!(".{name}.tmp-");
        let old_prefix = format!(".{name}.old-");
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            let file_name = file_name.to_string_lossy();
            if file_name.starts_with(&tmp_prefix) || file_name.starts_with(&old_prefix) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
    }
    std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
    let result = write_all(store, options, &tmp, &mut progress).await;
    let manifest = match result {
        Ok(m) => m,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    // Into place: the old dump stays whole until the new one is.
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if out.exists() {
        std::fs::rename(out, &old).map_err(io(out))?;
    }
    std::fs::rename(&tmp, out).map_err(io(out))?;
    if old.exists() {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(manifest)
}

async fn write_all(
    store: &Store,
    options: &DumpOptions,
    root: &Path,
    progress: &mut impl FnMut(&str, u64),
) -> Result<Manifest> {
    let data_version = store.data_version().await?;
    let urls = Urls::new(&options.public_url);
    let state = crate::api::AppState::new(
        store.clone(),
        &options.public_url,
        crate::api::SystemInfo::default(),
    );
    let renderer = Renderer {
        reads: store.reads(),
        urls: &urls,
        omit_internal: false,
    };
    let bodies = store
        .list::<BodyRow>(
            ObjectType::Body,
            Scope::AllBodies,
            &ListFilter::default(),
            Cursor::Start,
            10_000,
            false,
        )
        .await?
        .rows;
    let mut manifest = Manifest {
        generated: format_micros(crate::oparl::time::now()),
        data_version,
        public_url: options.public_url.clone(),
        license: options.license.clone(),
        bodies: Vec::new(),
        files: Vec::new(),
    };
    for body in bodies {
        let folder = body.id.to_string();
        let dir = root.join(&folder);
        for sub in ["oparl", "csv", "native"] {
            let d = dir.join(sub);
            std::fs::create_dir_all(&d).map_err(io(&d))?;
        }
        let db_path = dir.join("ratsinfo.sqlite");
        let mut db = SqliteConnection::connect_with(
            &SqliteConnectOptions::new()
                .filename(&db_path)
                .create_if_missing(true),
        )
        .await
        .map_err(sqlite(&db_path))?;
        create_tables(&mut db, &db_path).await?;
        sqlx::query("BEGIN")
            .execute(&mut db)
            .await
            .map_err(sqlite(&db_path))?;
        let mut counts = std::collections::BTreeMap::new();
        let body_id = body.id;
        let name = body.name.clone();
        // The Body itself, then its lists.
        let mut written = Vec::new();
        for ty in std::iter::once(ObjectType::Body).chain(TYPES) {
            let segment = ty.segment();
            let mut sinks = Sinks::create(&dir, segment, ty)?;
            if ty == ObjectType::Body {
                let objects = renderer.bodies(vec![body.clone()]).await?;
                sinks.write(ty, &objects, &mut db, &db_path).await?;
            } else {
                dump_any(
                    &renderer,
                    ty,
                    Scope::Body(body_id),
                    &mut sinks,
                    &mut db,
                    &db_path,
                )
                .await?;
            }
            let rows = sinks.finish(&dir, segment)?;
            progress(&format!("{folder}/{segment}"), rows);
            counts.insert(ty.name().to_owned(), rows);
            written.push((ty, rows));
        }
        let votes = dump_votes(&state, body_id, &dir, &mut db, &db_path).await?;
        progress(&format!("{folder}/votes"), votes);
        counts.insert("VoteEvent".to_owned(), votes);
        sqlx::query("COMMIT")
            .execute(&mut db)
            .await
            .map_err(sqlite(&db_path))?;
        db.close().await.map_err(sqlite(&db_path))?;
        for (ty, rows) in written {
            let segment = ty.segment();
            manifest.files.push(describe(
                root,
                &dir.join("oparl").join(format!("{segment}.jsonl.gz")),
                ty.name(),
                "application/x-ndjson+gzip",
                rows,
            )?);
            manifest.files.push(describe(
                root,
                &dir.join("csv").join(format!("{segment}.csv")),
                ty.name(),
                "text/csv",
                rows,
            )?);
        }
        for (file, media_type) in [
            ("native/votes.jsonl.gz", "application/x-ndjson+gzip"),
            ("csv/votes.csv", "text/csv"),
        ] {
            manifest.files.push(describe(
                root,
                &dir.join(file),
                "VoteEvent",
                media_type,
                votes,
            )?);
        }
        let total = counts.values().sum();
        manifest.files.push(describe(
            root,
            &db_path,
            "*",
            "application/vnd.sqlite3",
            total,
        )?);
        manifest.bodies.push(DumpBody {
            id: urls.object(ObjectType::Body, body_id),
            name,
            folder,
            counts,
        });
    }
    let path = root.join("manifest.json");
    let text = serde_json::to_vec_pretty(&manifest)?;
    std::fs::write(&path, text).map_err(io(&path))?;
    Ok(manifest)
}
