//! `harvest`: mirrors a foreign OParl 1.0/1.1 server, completely on the first run and
//! incrementally after that.
//!
//! A run has three phases, each resumable:
//! 1. **Crawl.** System → Bodies → every list of each Body, page by page along
//!    `links.next` (bounded concurrency across lists). Each page is repaired (see
//!    [`repair`]) and *staged* in one transaction with its list's cursor, so a run
//!    killed at any point continues at the first page it had not committed.
//!    Incremental runs ask every list for `modified_since` the last completed run's
//!    start minus a safety overlap.
//! 2. **Apply.** Staged objects are written through the same [`Writer`] as every
//!    other import, in reference order, in batches of one transaction each; an object
//!    whose references point at objects no list contained waits while those are
//!    fetched one by one, then is written again.
//! 3. **Reconcile** (full runs only). Objects an earlier run saw in a list that this
//!    run's complete crawl of the same lists did not contain are deleted; a list cut
//!    short by a defect never causes a deletion.

pub mod client;
pub mod repair;
pub mod report;

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use futures_util::future::join;
use futures_util::stream::{self, StreamExt};
use serde_json::Value;

use self::client::{Client, ClientOptions, FetchError};
use self::report::{Defect, Report};
use super::IngestError;
use super::oparl_json::{parse_object, rank, write_object};
use super::writer::Writer;
use crate::oparl::ObjectType;
use crate::oparl::time::{Micros, format_micros, now};
use crate::store::harvest::{ListRow, SourceRow, Staged};
use crate::store::{Store, StoreError};

/// What to harvest and how.
#[derive(Debug, Clone)]
pub struct HarvestOptions {
    /// The System (or a Body) URL of the source.
    pub url: String,
    /// Only this Body: its id URL or the last segment of it.
    pub body: Option<String>,
    /// Crawl everything and reconcile deletions, instead of asking for changes.
    pub full: bool,
    /// Subtracted from the last sync time when asking for changes, for clock skew and
    /// for changes the source commits late.
    pub overlap: Duration,
    pub client: ClientOptions,
    /// Show a progress line on standard error.
    pub progress: bool,
}

impl HarvestOptions {
    pub fn new(url: &str) -> HarvestOptions {
        HarvestOptions {
            url: url.to_owned(),
            body: None,
            full: false,
            overlap: Duration::from_secs(3600),
            client: ClientOptions::default(),
            progress: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HarvestError {
    /// The source cannot be harvested at all (its entry point failed).
    #[error("{url}: {message}")]
    Source { url: String, message: String },
    /// Another harvest of this source runs right now.
    #[error(
        "{url}: another harvest of this source is running (in this or another process); try again when it is done"
    )]
    Busy { url: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Ingest(#[from] IngestError),
}

/// The lists of a Body: its property, and the type of the list's objects. OParl 1.0
/// servers have the first four only; their other objects come embedded.
const LISTS: &[(&str, ObjectType)] = &[
    ("organization", ObjectType::Organization),
    ("person", ObjectType::Person),
    ("meeting", ObjectType::Meeting),
    ("paper", ObjectType::Paper),
    ("legislativeTermList", ObjectType::LegislativeTerm),
    ("agendaItem", ObjectType::AgendaItem),
    ("consultation", ObjectType::Consultation),
    ("file", ObjectType::File),
    ("locationList", ObjectType::Location),
    ("membership", ObjectType::Membership),
];

/// Staged objects written per transaction.
const APPLY_BATCH: i64 = 200;
/// Rounds of fetching referenced objects that no list contained.
const REFERENCE_ROUNDS: usize = 4;

/// Harvests a source into the store; returns the run's report (also stored).
pub async fn harvest(store: &Store, options: &HarvestOptions) -> Result<Report, HarvestError> {
    let client = Client::new(options.client.clone()).map_err(|message| HarvestError::Source {
        url: options.url.clone(),
        message,
    })?;
    let url = repair::fix_url(options.url.trim(), "", &mut Report::default());
    // One harvest per source: in this process and across every process on the
    // database (replicas, cron).
    let Some(_lock) = store.try_job_lock(&format!("harvest {url}")).await? else {
        return Err(HarvestError::Busy { url });
    };
    let source = store.harvest_source(&url, now()).await?;
    let resume = source.run_started.is_some() && (source.run_full || !options.full);
    let (run, started, full, mut report) = match (resume, source.run_started) {
        (true, Some(started)) => {
            let mut report: Report = source
                .run_report
                .as_deref()
                .and_then(|r| serde_json::from_str(r).ok())
                .unwrap_or_default();
            report.resumed += 1;
            (source.run, started, source.run_full, report)
        }
        _ => {
            let started = now();
            let full = options.full || source.last_sync.is_none();
            let run = source.run + 1;
            let report = Report {
                source: url.clone(),
                run,
                full,
                started: format_micros(started),
                ..Report::default()
            };
            store
                .harvest_start_run(source.id, run, full, started, &report_json(&report))
                .await?;
            (run, started, full, report)
        }
    };
    let since = match (full, source.last_sync) {
        (false, Some(last)) => {
            let overlap = i64::try_from(options.overlap.as_micros()).unwrap_or(i64::MAX);
            Some(format_micros(last.saturating_sub(overlap)))
        }
        _ => None,
    };
    report.modified_since = since.clone();
    let base = (report.requests, report.retried);
    let harvester = Harvester {
        store,
        client,
        source,
        run,
        since,
        report: Mutex::new(report),
        progress: Progress::new(options.progress),
        base,
        bodies: Mutex::new(Vec::new()),
        writing: tokio::sync::Mutex::new(()),
        ids: Mutex::new(HashMap::new()),
        body_of_object: Mutex::new(HashMap::new()),
        deferred: Mutex::new(HashSet::new()),
        lists_ready: AtomicBool::new(false),
        crawled: AtomicBool::new(false),
    };
    // Objects are written while later lists are still being fetched.
    let crawl = async {
        let result = harvester.crawl(options).await;
        harvester.crawled.store(true, Ordering::SeqCst);
        result
    };
    let (crawled, written) = join(crawl, harvester.apply_while_crawling()).await;
    crawled?;
    written?;
    harvester.apply_and_fetch(full).await?;
    if full {
        harvester.reconcile().await?;
    }
    harvester.progress.finish();
    let mut report = harvester.take_report();
    let finished = now();
    report.finished = Some(format_micros(finished));
    store
        .harvest_finish_run(
            &harvester.source,
            started,
            full,
            finished,
            &report_json(&report),
        )
        .await?;
    harvester.touch_bodies(finished).await?;
    Ok(report)
}

fn report_json(report: &Report) -> String {
    serde_json::to_string(report).unwrap_or_default()
}

fn is_url(s: &str) -> bool {
    (s.starts_with("http://") || s.starts_with("https://")) && s.len() > 8
}

/// A list URL asking for changes since a time.
fn with_since(url: &str, since: Option<&str>) -> String {
    match since {
        None => url.to_owned(),
        Some(since) => {
            let separator = if url.contains('?') { '&' } else { '?' };
            let encoded = since.replace('+', "%2B").replace(':', "%3A");
            format!("{url}{separator}modified_since={encoded}")
        }
    }
}

struct Harvester<'a> {
    store: &'a Store,
    client: Client,
    source: SourceRow,
    run: i64,
    since: Option<String>,
    report: Mutex<Report>,
    progress: Progress,
    /// Requests and retries of earlier attempts of this run.
    base: (u64, u64),
    /// The Body URLs of this run.
    bodies: Mutex<Vec<String>>,
    /// One write transaction at a time: staging and writing run side by side, and
    /// SQLite fails a transaction that reads, then writes after another one wrote.
    writing: tokio::sync::Mutex<()>,
    /// Local ids by origin, carried from one write transaction to the next.
    ids: Mutex<HashMap<(ObjectType, String), i64>>,
    /// The bodies of objects by id, carried from one batch to the next like `ids`.
    body_of_object: Mutex<HashMap<(ObjectType, i64), i64>>,
    /// Objects whose references were missing while the crawl went on.
    deferred: Mutex<HashSet<String>>,
    /// The crawl has registered its lists / has ended.
    lists_ready: AtomicBool,
    crawled: AtomicBool,
}

/// The outcome of fetching one URL as JSON, defects recorded.
enum Got {
    Json(Value),
    Missing,
    Failed,
}

impl Harvester<'_> {
    fn report<R>(&self, f: impl FnOnce(&mut Report) -> R) -> R {
        let mut guard = match self.report.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(&mut guard)
    }

    fn take_report(&self) -> Report {
        let (requests, retried) = self.client.counters();
        self.report(|r| {
            r.requests = self.base.0 + requests;
            r.retried = self.base.1 + retried;
            r.clone()
        })
    }

    fn first_body(&self) -> Option<String> {
        self.bodies.lock().ok().and_then(|b| b.first().cloned())
    }

    /// GETs a URL and parses it as JSON; an unparsable body is fetched once more
    /// (truncated responses are often transient) before it counts as a defect.
    async fn get_json(&self, url: &str, missing: Defect) -> Got {
        for attempt in 0..2 {
            match self.client.get(url).await {
                Ok(fetched) => match repair::parse_json(&fetched.body) {
                    Ok(value) => return Got::Json(value),
                    Err(e) if attempt == 1 => {
                        tracing::warn!(url, error = %e, "invalid JSON");
                        self.report(|r| r.defect(Defect::InvalidJson, url));
                        return Got::Failed;
                    }
                    Err(_) => {}
                },
                Err(FetchError::NotFound) => {
                    self.report(|r| r.defect(missing, url));
                    return Got::Missing;
                }
                Err(e) => {
                    tracing::warn!(url, error = %e, "request failed");
                    self.report(|r| r.defect(Defect::HttpError, url));
                    return Got::Failed;
                }
            }
        }
        Got::Failed
    }

    /// Phase 1: entry point, bodies, and every list.
    async fn crawl(&self, options: &HarvestOptions) -> Result<(), HarvestError> {
        let entry = &self.source.url;
        let fail = |message: String| HarvestError::Source {
            url: entry.clone(),
            message,
        };
        let value = match self.client.get(entry).await {
            Ok(f) => repair::parse_json(&f.body).map_err(|e| fail(format!("not JSON: {e}")))?,
            Err(e) => return Err(fail(format!("cannot fetch the entry point: {e}"))),
        };
        let kind = value
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut bodies = if kind.ends_with("/System") {
            let list = value
                .get("body")
                .and_then(Value::as_str)
                .ok_or_else(|| fail("the System names no body list".to_owned()))?;
            let list = self.report(|r| repair::fix_url(list, entry, r));
            self.body_list(&list).await?
        } else if ObjectType::from_uri(kind) == Some(ObjectType::Body) {
            vec![value]
        } else {
            return Err(fail(format!(
                "expected an OParl System or Body, found type {kind:?}"
            )));
        };
        let mut staged = Vec::new();
        for body in &mut bodies {
            if let Some(s) = self.stage_entry(body.take(), ObjectType::Body, None, true) {
                staged.push(s);
            }
        }
        if let Some(wanted) = &options.body {
            let available: Vec<String> = staged.iter().map(|s| s.url.clone()).collect();
            staged.retain(|s| {
                s.url == *wanted || s.url.trim_end_matches('/').rsplit('/').next() == Some(wanted)
            });
            if staged.is_empty() {
                return Err(fail(format!(
                    "no body {wanted:?}; the source has: {}",
                    available.join(", ")
                )));
            }
        }
        if staged.is_empty() {
            return Err(fail("the source lists no body".to_owned()));
        }
        let writing = self.writing.lock().await;
        let mut tx = self.store.begin().await?;
        tx.harvest_stage(self.source.id, self.run, &staged).await?;
        tx.commit_bookkeeping().await.map_err(StoreError::from)?;
        drop(writing);
        for body in &staged {
            let Ok(json) = serde_json::from_str::<Value>(&body.json) else {
                continue;
            };
            for (property, ty) in LISTS {
                let Some(list) = json.get(*property).and_then(Value::as_str) else {
                    continue;
                };
                let first = with_since(list, self.since.as_deref());
                self.store
                    .harvest_add_list(self.source.id, list, &body.url, *ty, &first)
                    .await?;
            }
        }
        if let Ok(mut b) = self.bodies.lock() {
            *b = staged.iter().map(|s| s.url.clone()).collect();
        }
        let lists = self.store.harvest_lists(self.source.id).await?;
        self.progress
            .lists(lists.len(), lists.iter().filter(|l| l.done).count());
        self.report(|r| r.lists = lists.len() as u64);
        let pending: Vec<ListRow> = lists.into_iter().filter(|l| !l.done).collect();
        let concurrency = self.client.concurrency();
        let results: Vec<Result<(), HarvestError>> = stream::iter(pending)
            .map(|list| self.crawl_list(list))
            .buffer_unordered(concurrency)
            .collect()
            .await;
        results.into_iter().collect()
    }

    /// The Body list, read whole (it is short and re-read on every run).
    async fn body_list(&self, first: &str) -> Result<Vec<Value>, HarvestError> {
        let mut bodies = Vec::new();
        let mut visited = HashSet::new();
        let mut next = Some(first.to_owned());
        while let Some(url) = next.take() {
            if !visited.insert(url.clone()) {
                self.report(|r| r.defect(Defect::NextLoop, &url));
                break;
            }
            match self.get_json(&url, Defect::ListNotFound).await {
                Got::Json(value) => {
                    let page = self.report(|r| repair::page(value, &url, r));
                    bodies.extend(page.items);
                    next = page.next;
                }
                Got::Missing | Got::Failed => break,
            }
        }
        Ok(bodies)
    }

    /// Crawls one list from its cursor to its end, staging page by page.
    async fn crawl_list(&self, list: ListRow) -> Result<(), HarvestError> {
        let Some(ty) = ObjectType::from_name(&list.type_) else {
            return Ok(());
        };
        let mut visited = HashSet::new();
        let mut previous: Option<Vec<String>> = None;
        let mut next = list.next_url.clone();
        while let Some(url) = next.take() {
            let mut truncated = false;
            let mut staged = Vec::new();
            if !visited.insert(url.clone()) {
                self.report(|r| r.defect(Defect::NextLoop, &url));
            } else {
                let first = url == with_since(&list.list_url, self.since.as_deref());
                let missing = if first {
                    Defect::ListNotFound
                } else {
                    Defect::NotFound
                };
                match self.get_json(&url, missing).await {
                    Got::Json(value) => {
                        let page = self.report(|r| repair::page(value, &url, r));
                        let ids: Vec<String> = page
                            .items
                            .iter()
                            .filter_map(|i| i.get("id").and_then(Value::as_str))
                            .map(str::to_owned)
                            .collect();
                        if !ids.is_empty() && previous.as_ref() == Some(&ids) {
                            // The server ignores the page parameter: the rest would
                            // repeat too, and may hide objects.
                            self.report(|r| r.defect(Defect::RepeatedPage, &url));
                            truncated = true;
                        } else {
                            for item in page.items {
                                if let Some(s) =
                                    self.stage_entry(item, ty, Some(&list.body_url), true)
                                {
                                    staged.push(s);
                                }
                            }
                            previous = Some(ids);
                            next = page.next;
                        }
                    }
                    // Some servers refuse `modified_since` (400, or a 404 for the
                    // filtered list): read the whole list instead.
                    Got::Missing | Got::Failed if first && self.since.is_some() => {
                        tracing::warn!(
                            list = list.list_url,
                            "modified_since refused; reading the whole list"
                        );
                        next = Some(list.list_url.clone());
                    }
                    Got::Missing | Got::Failed => truncated = true,
                }
            }
            let objects = staged.len();
            let report = {
                let (requests, retried) = self.client.counters();
                self.report(|r| {
                    r.pages += 1;
                    r.requests = self.base.0 + requests;
                    r.retried = self.base.1 + retried;
                    report_json(r)
                })
            };
            let writing = self.writing.lock().await;
            let mut tx = self.store.begin().await?;
            tx.harvest_stage(self.source.id, self.run, &staged).await?;
            tx.harvest_advance(self.source.id, &list.list_url, next.as_deref(), truncated)
                .await?;
            tx.harvest_save_report(self.source.id, &report).await?;
            tx.commit_bookkeeping().await.map_err(StoreError::from)?;
            drop(writing);
            self.progress.page(objects);
        }
        self.progress.list_done();
        Ok(())
    }

    /// Repairs and checks one object from the source; `None` when it is unusable.
    fn stage_entry(
        &self,
        mut value: Value,
        expected: ObjectType,
        body_url: Option<&str>,
        listed: bool,
    ) -> Option<Staged> {
        self.report(|r| repair::object(&mut value, Some(expected), r));
        let id = value.get("id").and_then(Value::as_str).unwrap_or_default();
        let ty = value.as_object().and_then(repair::object_type);
        let Some(ty) = ty.filter(|_| is_url(id)) else {
            let at = if id.is_empty() { "(no id)" } else { id };
            self.report(|r| r.defect(Defect::InvalidObject, at));
            return None;
        };
        let url = id.to_owned();
        if ty != expected {
            self.report(|r| r.defect(Defect::InvalidObject, &url));
            if !listed {
                return None;
            }
        }
        let deleted = value.get("deleted") == Some(&Value::Bool(true));
        let json = value.to_string();
        let mut warnings = Vec::new();
        if let Err(message) = parse_object(value, "$", &mut HashMap::new(), &mut warnings) {
            tracing::warn!(url, message, "unusable object");
            self.report(|r| r.defect(Defect::InvalidObject, &url));
            return None;
        }
        self.report(|r| r.objects += 1);
        Some(Staged {
            url,
            ty,
            rank: rank(ty),
            body_url: body_url.map(str::to_owned),
            listed,
            deleted,
            json,
        })
    }

    /// Writes staged objects rank by rank while the crawl goes on: a rank once every
    /// list of the types before it is complete, page by page while its own list is
    /// still coming. What misses a reference waits for [`Harvester::apply_and_fetch`].
    async fn apply_while_crawling(&self) -> Result<(), HarvestError> {
        let mut next: u8 = 0;
        while !self.crawled.load(Ordering::SeqCst) {
            if self.lists_ready.load(Ordering::SeqCst) {
                let lists = self.store.harvest_lists(self.source.id).await?;
                let blocking = lists
                    .iter()
                    .filter(|l| !l.done)
                    .filter_map(|l| ObjectType::from_name(&l.type_))
                    .map(rank)
                    .min()
                    .unwrap_or(u8::MAX);
                if next < blocking && next <= rank(ObjectType::Consultation) {
                    self.apply(false, Some(next)).await?;
                    next += 1;
                    continue;
                }
                // The rank whose list is still being fetched: write its pages as they
                // come (what refers to a later page waits for the end).
                if next == blocking && self.apply(false, Some(next)).await?.1 > 0 {
                    continue;
                }
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Ok(())
    }

    /// Phases 2 and the fetching of referenced objects, until nothing new turns up.
    async fn apply_and_fetch(&self, full: bool) -> Result<(), HarvestError> {
        let mut tried = HashSet::new();
        let mut wanted: Vec<(ObjectType, String)> = if full {
            // Objects only ever seen through a reference: are they still there?
            let types = ObjectType::ALL;
            self.store
                .harvest_unseen(self.source.id, self.run, &types, false)
                .await?
        } else {
            Vec::new()
        };
        for _ in 0..REFERENCE_ROUNDS {
            wanted.extend(self.apply(false, None).await?.0);
            if self.fetch_referenced(&wanted, &mut tried).await? == 0 {
                break;
            }
            wanted.clear();
        }
        self.apply(true, None).await?;
        Ok(())
    }

    /// Writes staged objects; returns the references that did not resolve. Unless
    /// `last`, an object with such references stays staged to be written again.
    async fn apply(
        &self,
        last: bool,
        only_rank: Option<u8>,
    ) -> Result<(Vec<(ObjectType, String)>, usize), HarvestError> {
        let mut missing = Vec::new();
        let mut count = 0;
        let mut after: Option<(i32, String)> = None;
        let mut bodies: HashMap<String, i64> = HashMap::new();
        let provenance = serde_json::json!({
            "kind": "oparl-harvest",
            "source": self.source.url,
        })
        .to_string();
        loop {
            let rows = self
                .store
                .harvest_pending(
                    self.source.id,
                    only_rank.map(i32::from),
                    after.as_ref().map(|(r, u)| (*r, u.as_str())),
                    APPLY_BATCH,
                )
                .await?;
            let Some(last_row) = rows.last() else { break };
            after = Some((last_row.rank, last_row.url.clone()));
            // While crawling, what already waits for a reference waits for the end.
            let rows: Vec<_> = match (only_rank, self.deferred.lock()) {
                (Some(_), Ok(deferred)) => rows
                    .into_iter()
                    .filter(|r| !deferred.contains(&r.url))
                    .collect(),
                _ => rows,
            };
            if rows.is_empty() {
                continue;
            }
            let writing = self.writing.lock().await;
            let mut tx = self.store.begin().await?;
            let mut writer = Writer::new(&mut tx, provenance.clone());
            writer.ids = self
                .ids
                .lock()
                .map(|mut i| std::mem::take(&mut *i))
                .unwrap_or_default();
            writer.bodies = self
                .body_of_object
                .lock()
                .map(|mut b| std::mem::take(&mut *b))
                .unwrap_or_default();
            let values: Vec<Option<Value>> = rows
                .iter()
                .map(|row| {
                    repair::parse_json(row.json.as_deref().unwrap_or_default().as_bytes()).ok()
                })
                .collect();
            let mut origins: HashMap<ObjectType, Vec<String>> = HashMap::new();
            for value in values.iter().flatten() {
                collect_origins(value, &mut origins);
            }
            for (ty, list) in origins {
                writer.prefetch(ty, list).await?;
            }
            // Rows written (with their tombstone flag), marked in one statement.
            let mut written: Vec<(String, bool)> = Vec::with_capacity(rows.len());
            for (row, value) in rows.iter().zip(values) {
                let parsed = value
                    .ok_or_else(String::new)
                    .and_then(|v| parse_object(v, "$", &mut HashMap::new(), &mut Vec::new()));
                let parsed = match parsed {
                    Ok(Some(p)) => p,
                    Ok(None) | Err(_) => {
                        self.report(|r| r.defect(Defect::InvalidObject, &row.url));
                        written.push((row.url.clone(), false));
                        continue;
                    }
                };
                writer.default_body = match row.body_url.clone().or_else(|| self.first_body()) {
                    Some(b) if parsed.ty != ObjectType::Body => match bodies.get(&b) {
                        Some(id) => Some(*id),
                        None => {
                            let id = writer.tx.find_by_origin(ObjectType::Body, &b).await?;
                            if let Some(id) = id {
                                bodies.insert(b, id);
                            }
                            id
                        }
                    },
                    _ => None,
                };
                let before = writer.missing.len();
                match write_object(&mut writer, &row.url, &parsed).await {
                    Ok(_) => {}
                    Err(IngestError::Input { message, .. }) => {
                        tracing::warn!(url = row.url, message, "not written");
                        self.report(|r| r.defect(Defect::InvalidObject, &row.url));
                    }
                    Err(e) => return Err(e.into()),
                }
                if writer.missing.len() > before && !last {
                    missing.extend(writer.missing.drain(before..));
                    if only_rank.is_some()
                        && let Ok(mut deferred) = self.deferred.lock()
                    {
                        deferred.insert(row.url.clone());
                    }
                } else {
                    written.push((row.url.clone(), parsed.deleted));
                }
            }
            writer.tx.harvest_applied(self.source.id, &written).await?;
            count += written.len();
            let counts = writer.counts.clone();
            let ids = std::mem::take(&mut writer.ids);
            let known_bodies = std::mem::take(&mut writer.bodies);
            for w in &writer.warnings {
                tracing::debug!("{w}");
            }
            let report = self.report(|r| {
                r.created += counts.created;
                r.updated += counts.updated;
                r.unchanged += counts.unchanged;
                r.deleted += counts.deleted;
                report_json(r)
            });
            tx.harvest_save_report(self.source.id, &report).await?;
            tx.commit().await?;
            drop(writing);
            if let Ok(mut i) = self.ids.lock() {
                *i = ids;
            }
            if let Ok(mut b) = self.body_of_object.lock() {
                *b = known_bodies;
            }
        }
        Ok((missing, count))
    }

    /// Fetches referenced objects that neither a list nor the store holds; returns
    /// how many were staged. A known object that is gone is deleted.
    async fn fetch_referenced(
        &self,
        wanted: &[(ObjectType, String)],
        tried: &mut HashSet<String>,
    ) -> Result<usize, HarvestError> {
        let mut todo = Vec::new();
        for (ty, url) in wanted {
            if !is_url(url) || !tried.insert(url.clone()) {
                continue;
            }
            let known = self.store.harvest_known(self.source.id, url).await?;
            let mut tx = self.store.begin().await?;
            let stored = tx.find_by_origin(*ty, url).await?.is_some();
            drop(tx);
            if !stored || known {
                todo.push((*ty, url.clone(), known));
            }
        }
        let body = self.first_body();
        let results: Vec<(ObjectType, String, bool, Got)> = stream::iter(todo)
            .map(|(ty, url, known)| async move {
                let got = self.get_json(&url, Defect::NotFound).await;
                (ty, url, known, got)
            })
            .buffer_unordered(self.client.concurrency())
            .collect()
            .await;
        let mut staged = Vec::new();
        for (ty, url, known, got) in results {
            match got {
                Got::Json(mut value) => {
                    // Some servers answer an object URL with a one-item list page.
                    if value.get("data").is_some() && value.get("id").is_none() {
                        let page = self.report(|r| repair::page(value, &url, r));
                        value = page.items.into_iter().next().unwrap_or(Value::Null);
                    }
                    if let Some(s) = self.stage_entry(value, ty, body.as_deref(), false) {
                        staged.push(s);
                    }
                }
                Got::Missing if known => {
                    staged.push(Staged {
                        url: url.clone(),
                        ty,
                        rank: rank(ty),
                        body_url: None,
                        listed: false,
                        deleted: true,
                        json: serde_json::json!({"id": url, "type": ty.uri(), "deleted": true})
                            .to_string(),
                    });
                }
                Got::Missing | Got::Failed => {}
            }
        }
        if !staged.is_empty() {
            let writing = self.writing.lock().await;
            let mut tx = self.store.begin().await?;
            tx.harvest_stage(self.source.id, self.run, &staged).await?;
            tx.commit_bookkeeping().await.map_err(StoreError::from)?;
            drop(writing);
        }
        Ok(staged.len())
    }

    /// Phase 3: deletes what a complete full crawl no longer contained.
    async fn reconcile(&self) -> Result<(), HarvestError> {
        let lists = self.store.harvest_lists(self.source.id).await?;
        let complete: Vec<ObjectType> = ObjectType::ALL
            .into_iter()
            .filter(|t| {
                let of_type: Vec<&ListRow> = lists.iter().filter(|l| l.type_ == t.name()).collect();
                !of_type.is_empty() && of_type.iter().all(|l| l.done && !l.truncated)
            })
            .collect();
        let gone = self
            .store
            .harvest_unseen(self.source.id, self.run, &complete, true)
            .await?;
        if gone.is_empty() {
            return Ok(());
        }
        let staged: Vec<Staged> = gone
            .into_iter()
            .map(|(ty, url)| Staged {
                json: serde_json::json!({"id": url, "type": ty.uri(), "deleted": true}).to_string(),
                url,
                ty,
                rank: rank(ty),
                body_url: None,
                listed: true,
                deleted: true,
            })
            .collect();
        let writing = self.writing.lock().await;
        let mut tx = self.store.begin().await?;
        tx.harvest_stage(self.source.id, self.run, &staged).await?;
        tx.commit_bookkeeping().await.map_err(StoreError::from)?;
        drop(writing);
        self.apply(true, None).await?;
        Ok(())
    }

    /// The bodies show the sync state: their representation changed.
    async fn touch_bodies(&self, at: Micros) -> Result<(), HarvestError> {
        let bodies = self.bodies.lock().map(|b| b.clone()).unwrap_or_default();
        let writing = self.writing.lock().await;
        let mut tx = self.store.begin().await?;
        for url in bodies {
            if let Some(id) = tx.find_by_origin(ObjectType::Body, &url).await? {
                tx.touch(ObjectType::Body, id, at).await?;
            }
        }
        tx.commit().await?;
        drop(writing);
        Ok(())
    }
}

/// The ids of an object and of every object embedded in it, by type.
fn collect_origins(value: &Value, out: &mut HashMap<ObjectType, Vec<String>>) {
    match value {
        Value::Object(obj) => {
            let ty = obj
                .get("type")
                .and_then(Value::as_str)
                .and_then(ObjectType::from_uri);
            if let (Some(ty), Some(id)) = (ty, obj.get("id").and_then(Value::as_str)) {
                out.entry(ty).or_default().push(id.to_owned());
            }
            obj.values().for_each(|v| collect_origins(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_origins(v, out)),
        _ => {}
    }
}

/// A progress line on a terminal: lists, pages and objects.
struct Progress {
    enabled: bool,
    state: Mutex<(usize, usize, u64, u64, Option<Instant>)>,
}

impl Progress {
    fn new(wanted: bool) -> Progress {
        Progress {
            enabled: wanted && std::io::stderr().is_terminal(),
            state: Mutex::new((0, 0, 0, 0, None)),
        }
    }

    fn update(&self, f: impl FnOnce(&mut (usize, usize, u64, u64, Option<Instant>))) {
        if !self.enabled {
            return;
        }
        let Ok(mut s) = self.state.lock() else { return };
        f(&mut s);
        let due = s.4.is_none_or(|t| t.elapsed() > Duration::from_millis(200));
        if due {
            s.4 = Some(Instant::now());
            let mut err = std::io::stderr();
            let _ = write!(
                err,
                "\rharvest: lists {}/{}, pages {}, objects {}   ",
                s.1, s.0, s.2, s.3
            );
            let _ = err.flush();
        }
    }

    fn lists(&self, total: usize, done: usize) {
        self.update(|s| {
            s.0 = total;
            s.1 = done;
        });
    }

    fn page(&self, objects: usize) {
        self.update(|s| {
            s.2 += 1;
            s.3 += objects as u64;
        });
    }

    fn list_done(&self) {
        self.update(|s| s.1 += 1);
    }

    fn finish(&self) {
        if self.enabled {
            self.update(|s| s.4 = None);
            eprintln!();
        }
    }
}
