//! The harvester against local servers only: a ratsinfo instance as the source (round
//! trip, incremental sync, interruption), and a replay server serving recorded,
//! deliberately defective vendor-style responses (`tests/fixtures/harvest`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use ratsinfo::api::{AppState, SystemInfo, build_app};
use ratsinfo::ingest::harvest::report::Report;
use ratsinfo::ingest::harvest::{HarvestOptions, harvest};
use ratsinfo::store::Store;
use serde_json::Value;

use crate::helpers::{BASE, Backend, TestApp, demo_objects};
use crate::on_both_backends;

/// A free loopback port, bound, and its base URL.
fn loopback() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a port");
    let port = listener.local_addr().expect("address").port();
    (listener, format!("http://127.0.0.1:{port}"))
}

/// Runs a server in the background of the test's runtime.
fn spawn(server: actix_web::dev::Server) -> ServerHandle {
    let handle = server.handle();
    actix_web::rt::spawn(server);
    handle
}

/// A ratsinfo app over `store`, served on a real loopback port.
pub(crate) fn serve_store(store: Store) -> (String, ServerHandle) {
    let (listener, base) = loopback();
    let state = web::Data::new(AppState::new(store, &base, SystemInfo::default()));
    let server = HttpServer::new(move || build_app(state.clone()))
        .workers(1)
        .disable_signals()
        .listen(listener)
        .expect("listen")
        .run();
    let handle = spawn(server);
    (format!("{base}/oparl/v1.1/system"), handle)
}

fn options(url: &str) -> HarvestOptions {
    let mut o = HarvestOptions::new(url);
    o.client.backoff = Duration::from_millis(20);
    o.client.timeout = Duration::from_secs(10);
    o
}

async fn run(store: &Store, options: &HarvestOptions) -> Report {
    harvest(store, options)
        .await
        .unwrap_or_else(|e| panic!("harvest of {} failed: {e}", options.url))
}

/// Every object of an instance as its lists show them, keyed by id: the Body and the
/// entries of each of its lists (embedded objects come with their lists too).
async fn all_objects(app: &TestApp, query: &str) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    let system = app.get_json(&format!("{BASE}/oparl/v1.1/system")).await;
    // Bodies are always read whole; `query` applies to the lists below them.
    let mut lists = vec![system["body"].as_str().unwrap_or_default().to_owned()];
    let mut i = 0;
    while i < lists.len() {
        let mut url = Some(lists[i].clone());
        i += 1;
        while let Some(page_url) = url.take() {
            let page = app.get_json(&page_url).await;
            for entry in page["data"].as_array().into_iter().flatten() {
                if entry["type"] == "https://schema.oparl.org/1.1/Body" {
                    for key in [
                        "organization",
                        "person",
                        "meeting",
                        "paper",
                        "agendaItem",
                        "consultation",
                        "file",
                        "locationList",
                        "legislativeTermList",
                        "membership",
                    ] {
                        if let Some(list) = entry[key].as_str() {
                            lists.push(format!("{list}{query}"));
                        }
                    }
                }
                let id = entry["id"].as_str().unwrap_or_default().to_owned();
                if query.is_empty() || entry["type"] != "https://schema.oparl.org/1.1/Body" {
                    out.insert(id, entry.clone());
                }
            }
            url = page["links"]["next"].as_str().map(str::to_owned);
        }
    }
    out
}

/// Objects with ids replaced: each URL of `map` (and what extends it, like a list
/// under an object) becomes its image; times and provenance are dropped.
fn normalized(objects: &BTreeMap<String, Value>, map: &HashMap<String, String>) -> Vec<Value> {
    fn rewrite(v: &mut Value, map: &HashMap<String, String>) {
        match v {
            Value::String(s) => {
                if let Some(base) = map.get("")
                    && !base.is_empty()
                    && s.starts_with(base.as_str())
                {
                    *s = s.replacen(base.as_str(), BASE, 1);
                }
                if let Some(m) = map.get(s.as_str()) {
                    *s = m.clone();
                } else if let Some((head, tail)) = s.rsplit_once('/')
                    && let Some(m) = map.get(head)
                {
                    *s = format!("{m}/{tail}");
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| rewrite(i, map)),
            Value::Object(obj) => {
                // Votes are ratsinfo's own addition to the source's agenda items; the
                // harvester mirrors OParl, not them.
                for key in [
                    "created",
                    "modified",
                    "ratsinfo:originalId",
                    "ratsinfo:source",
                    "ratsinfo:sync",
                    "ratsinfo:vote",
                    "ratsinfo:voteEvent",
                ] {
                    obj.remove(key);
                }
                obj.values_mut().for_each(|i| rewrite(i, map));
                // Back-references are derived by each server, in its own id order.
                for key in [
                    "bodies",
                    "organizations",
                    "persons",
                    "meetings",
                    "papers",
                    "membership",
                    "meeting",
                    "agendaItem",
                    "paper",
                ] {
                    if let Some(Value::Array(items)) = obj.get_mut(key)
                        && items.iter().all(Value::is_string)
                    {
                        items.sort_by_key(|i| i.as_str().unwrap_or_default().to_owned());
                    }
                }
            }
            _ => {}
        }
    }
    let mut out: Vec<Value> = objects
        .values()
        .map(|o| {
            let mut o = o.clone();
            rewrite(&mut o, map);
            o
        })
        .collect();
    out.sort_by_key(|o| o["id"].as_str().unwrap_or_default().to_owned());
    out
}

/// Mirror id → source id, from `ratsinfo:originalId` (whose base is the served port).
/// The empty key holds the served base, which other URLs (downloads) start with.
fn id_map(mirror: &BTreeMap<String, Value>, served_base: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    map.insert(String::new(), served_base.to_owned());
    for (id, o) in mirror {
        if let Some(original) = o["ratsinfo:originalId"].as_str() {
            map.insert(id.clone(), original.replace(served_base, BASE));
        }
    }
    // Embedded objects carry their originalId too.
    fn walk(v: &Value, map: &mut HashMap<String, String>, served_base: &str) {
        match v {
            Value::Object(obj) => {
                if let (Some(id), Some(original)) = (
                    obj.get("id").and_then(Value::as_str),
                    obj.get("ratsinfo:originalId").and_then(Value::as_str),
                ) {
                    map.insert(id.to_owned(), original.replace(served_base, BASE));
                }
                obj.values().for_each(|x| walk(x, map, served_base));
            }
            Value::Array(items) => items.iter().for_each(|x| walk(x, map, served_base)),
            _ => {}
        }
    }
    for o in mirror.values() {
        walk(o, &mut map, served_base);
    }
    map
}

fn served_base(system_url: &str) -> String {
    system_url.trim_end_matches("/oparl/v1.1/system").to_owned()
}

/// Asserts that the mirror shows the same objects as the source, ids aside.
async fn assert_same_objects(source: &TestApp, mirror: &TestApp, system_url: &str) {
    let theirs = all_objects(source, "").await;
    let ours = all_objects(mirror, "").await;
    let base = served_base(system_url);
    let to_source = id_map(&ours, &base);
    let source_side = normalized(&theirs, &HashMap::new());
    let mirror_side = normalized(&ours, &to_source);
    let ids = |v: &[Value]| -> BTreeSet<String> {
        v.iter()
            .map(|o| o["id"].as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let (a, b) = (ids(&source_side), ids(&mirror_side));
    assert_eq!(
        source_side.len(),
        mirror_side.len(),
        "object counts differ; only at the source: {:?}; only in the mirror: {:?}",
        a.difference(&b).collect::<Vec<_>>(),
        b.difference(&a).collect::<Vec<_>>()
    );
    for (a, b) in source_side.iter().zip(&mirror_side) {
        assert_eq!(a, b, "object differs after the round trip");
    }
}

async fn loaded_source(backend: Backend) -> TestApp {
    let source = TestApp::with_oparl_fixture(backend).await;
    ratsinfo::ingest::generate::generate(
        source.store(),
        ratsinfo::ingest::generate::Scale::Tiny,
        7,
    )
    .await
    .expect("generate a tiny council");
    source
}

/// (a) A second instance harvests the first; crawls of both give the same objects.
async fn a_round_trip_mirrors_every_object(backend: Backend) {
    let source = loaded_source(backend).await;
    let (url, server) = serve_store(source.store().clone());
    let mirror = TestApp::new(backend).await;
    let report = run(mirror.store(), &options(&url)).await;
    assert!(report.full, "a first harvest is a full one");
    assert!(report.defects.is_empty(), "{:?}", report.defects);
    assert!(report.created > 300, "{report:?}");
    assert_same_objects(&source, &mirror, &url).await;

    // Harvesting again changes nothing and duplicates nothing.
    let before = all_objects(&mirror, "").await;
    let again = run(mirror.store(), &options(&url)).await;
    assert!(!again.full);
    assert_eq!(
        (again.created, again.updated, again.deleted),
        (0, 0, 0),
        "{again:?}"
    );
    let after = all_objects(&mirror, "").await;
    let changed: Vec<&String> = after
        .iter()
        .filter(|(id, o)| before.get(*id) != Some(*o))
        .map(|(id, _)| id)
        .collect();
    // Only the bodies move: their ratsinfo:sync tells of the new run.
    assert!(
        changed
            .iter()
            .all(|id| after[*id]["type"] == "https://schema.oparl.org/1.1/Body"),
        "a repeated harvest changed {changed:?}"
    );

    // The mirror says where its objects come from and how current it is.
    let sources = mirror.get_json("/api/v1/sources").await;
    assert_eq!(sources["data"][0]["url"], url.as_str());
    assert!(sources["data"][0]["lastFullSync"].is_string());
    let bodies = mirror.get_json("/oparl/v1.1/bodies").await;
    for body in bodies["data"].as_array().into_iter().flatten() {
        assert_eq!(body["ratsinfo:sync"]["source"], url.as_str());
        assert!(
            body["ratsinfo:originalId"]
                .as_str()
                .is_some_and(|o| o.starts_with(&served_base(&url)))
        );
    }
    server.stop(false).await;
    mirror.cleanup().await;
    source.cleanup().await;
}

fn fixture_paper(n: usize) -> Value {
    demo_objects()
        .into_iter()
        .filter(|o| o["type"] == "https://schema.oparl.org/1.1/Paper")
        .nth(n)
        .expect("the fixture has papers")
}

async fn load(app: &TestApp, value: Value) {
    ratsinfo::ingest::oparl_json::load_text(app.store(), "change.json", &value.to_string())
        .await
        .expect("change loads");
}

/// Ids (as source ids) of the objects an instance changed since a time.
async fn changed_since(
    app: &TestApp,
    since: &str,
    to_source: &HashMap<String, String>,
) -> Vec<String> {
    let query = format!("?modified_since={}", since.replace('+', "%2B"));
    let mut ids: Vec<String> = all_objects(app, &query)
        .await
        .into_keys()
        .map(|id| to_source.get(&id).cloned().unwrap_or(id))
        .collect();
    ids.sort();
    ids
}

/// (b) Changes, additions and deletions on the source reach the mirror, and nothing
/// else in the mirror changes.
async fn an_incremental_harvest_changes_only_what_changed(backend: Backend) {
    let source = loaded_source(backend).await;
    let (url, server) = serve_store(source.store().clone());
    let mirror = TestApp::new(backend).await;
    let mut o = options(&url);
    o.overlap = Duration::ZERO;
    run(mirror.store(), &o).await;
    let first = all_objects(&mirror, "").await;
    let total = first.len();
    // Tombstones carry no originalId: map the ids while the objects live.
    let mut to_source = id_map(&first, &served_base(&url));

    // OParl times have whole seconds: let the next second begin before changing.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let since = ratsinfo::oparl::time::format_micros(ratsinfo::oparl::time::now());
    let mut changed = fixture_paper(0);
    changed["name"] = Value::String("Geänderter Titel der Vorlage".to_owned());
    load(&source, changed.clone()).await;
    let gone = fixture_paper(1);
    load(
        &source,
        serde_json::json!({"id": gone["id"], "type": gone["type"], "deleted": true}),
    )
    .await;
    let mut added = fixture_paper(2);
    added["id"] = Value::String("https://ratsinfo.test/extern/papers/neu-1".to_owned());
    added["name"] = Value::String("Neue Vorlage".to_owned());
    added["reference"] = Value::String("0999/2020-2025".to_owned());
    if let Some(o) = added.as_object_mut() {
        o.remove("consultation");
    }
    load(&source, added).await;

    let report = run(mirror.store(), &o).await;
    assert!(!report.full);
    assert!(report.modified_since.is_some());
    assert!(
        report.objects < (total / 4) as u64,
        "an incremental run received {} of {total} objects",
        report.objects
    );
    assert!(
        report.created >= 1 && report.updated >= 1 && report.deleted >= 1,
        "{report:?}"
    );

    let mirror_objects = all_objects(&mirror, "").await;
    to_source.extend(id_map(&mirror_objects, &served_base(&url)));
    let in_source = changed_since(&source, &since, &HashMap::new()).await;
    let in_mirror = changed_since(&mirror, &since, &to_source).await;
    assert_eq!(
        in_mirror, in_source,
        "the mirror changed other objects than the source"
    );
    assert!(in_source.len() >= 3, "{in_source:?}");
    assert_same_objects(&source, &mirror, &url).await;
    let names: Vec<&str> = mirror_objects
        .values()
        .filter_map(|o| o["name"].as_str())
        .collect();
    assert!(names.contains(&"Geänderter Titel der Vorlage"));
    assert!(names.contains(&"Neue Vorlage"));

    // A full run reconciles what incremental runs cannot see: a paper the source
    // dropped without a tombstone newer than the last sync.
    let theirs = all_objects(&source, "").await;
    let purged = theirs
        .iter()
        .filter(|(_, o)| o["type"] == "https://schema.oparl.org/1.1/Paper")
        .find(|(_, o)| o["modified"].as_str().is_some_and(|m| m < since.as_str()))
        .map(|(id, _)| id.clone())
        .expect("an old paper");
    let local_id = purged.rsplit('/').next().unwrap_or_default();
    for sql in [
        format!("UPDATE consultation SET deleted = TRUE WHERE paper_id = {local_id}"),
        format!("UPDATE paper SET deleted = TRUE WHERE id = {local_id}"),
    ] {
        source.store().execute_raw(&sql).await.expect("purge");
    }
    // The purge bypassed the source's write path: bring its stored renderings up to
    // it and read it afresh.
    source.store().rerender(|_, _| {}).await.expect("rerender");
    let source = source.reopen().await;
    let quiet = run(mirror.store(), &o).await;
    assert_eq!(
        quiet.deleted, 0,
        "an incremental run cannot see the purge: {quiet:?}"
    );
    let mut full = options(&url);
    full.full = true;
    let report = run(mirror.store(), &full).await;
    assert!(report.full);
    assert!(report.deleted >= 1, "{report:?}");
    assert!(
        !all_objects(&mirror, "")
            .await
            .values()
            .any(|o| o["ratsinfo:originalId"]
                .as_str()
                .map(|i| i.replace(&served_base(&url), BASE))
                == Some(purged.clone())),
        "the purged paper is still mirrored"
    );
    assert_same_objects(&source, &mirror, &url).await;
    server.stop(false).await;
    mirror.cleanup().await;
    source.cleanup().await;
}

/// (c) A run interrupted at arbitrary points and resumed ends with the same data as
/// an uninterrupted one.
async fn an_interrupted_harvest_resumes_to_the_same_result(backend: Backend) {
    let source = loaded_source(backend).await;
    let (url, server) = serve_store(source.store().clone());
    let reference = TestApp::new(backend).await;
    let started = Instant::now();
    run(reference.store(), &options(&url)).await;
    let whole = started.elapsed();
    let expected = normalized(
        &all_objects(&reference, "").await,
        &id_map(&all_objects(&reference, "").await, &served_base(&url)),
    );

    // Cut points spread over the run, growing so that every attempt gets further.
    for seed in [3u64, 11] {
        let mirror = TestApp::new(backend).await;
        // Capped, so that a reference run slowed by a busy machine cannot make the first
        // cut longer than the whole resumed run.
        let mut cut = (whole / 20).min(Duration::from_millis(50)) + Duration::from_millis(seed);
        let mut interruptions = 0;
        let mut o = options(&url);
        o.client.concurrency = 1 + (seed as usize % 3);
        let report = loop {
            match tokio::time::timeout(cut, harvest(mirror.store(), &o)).await {
                Ok(result) => break result.expect("resumed harvest completes"),
                Err(_) => {
                    interruptions += 1;
                    cut = cut * 3 / 2;
                }
            }
        };
        assert!(
            interruptions >= 2,
            "the run was never cut ({interruptions})"
        );
        assert!(report.full, "the resumed run is still the first, full run");
        assert!(report.resumed >= 1, "{report:?}");
        let got = all_objects(&mirror, "").await;
        let normalized_got = normalized(&got, &id_map(&got, &served_base(&url)));
        assert_eq!(normalized_got.len(), expected.len());
        assert!(normalized_got == expected, "the resumed harvest differs");
        mirror.cleanup().await;
    }
    server.stop(false).await;
    reference.cleanup().await;
    source.cleanup().await;
}

/// One recorded route of a replay fixture.
struct Route {
    path: String,
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    json: bool,
    times: Option<u64>,
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/harvest")
        .join(format!("{name}.json"))
}

/// The path and query as the fixtures write them: percent-decoded, without the
/// harvester's `modified_since` (which such servers ignore).
fn route_key(path_and_query: &str) -> String {
    let decoded = path_and_query
        .replace("%7C", "|")
        .replace("%7c", "|")
        .replace("%20", " ");
    match decoded.split_once('?') {
        None => decoded,
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|p| !p.starts_with("modified_since="))
                .collect();
            if kept.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{}", kept.join("&"))
            }
        }
    }
}

/// Whether the replayed server refuses `modified_since` (as some do) with a 400.
struct RefusesFilter(bool);

async fn replay(
    req: HttpRequest,
    routes: web::Data<Mutex<Vec<Route>>>,
    refuses: web::Data<RefusesFilter>,
) -> HttpResponse {
    if refuses.0 && req.query_string().contains("modified_since=") {
        return HttpResponse::BadRequest().body("unknown parameter modified_since");
    }
    let key = route_key(&req.uri().to_string());
    let Ok(mut routes) = routes.lock() else {
        return HttpResponse::InternalServerError().finish();
    };
    let Some(route) = routes
        .iter_mut()
        .find(|r| r.path == key && r.times != Some(0))
    else {
        return HttpResponse::NotFound().body("not found");
    };
    if let Some(t) = route.times.as_mut() {
        *t -= 1;
    }
    let status = actix_web::http::StatusCode::from_u16(route.status)
        .unwrap_or(actix_web::http::StatusCode::OK);
    let mut response = HttpResponse::build(status);
    if route.json {
        response.content_type("application/json");
    }
    for (k, v) in &route.headers {
        response.insert_header((k.as_str(), v.as_str()));
    }
    response.body(route.body.clone())
}

/// Serves a replay fixture; returns the entry URL and its expectations.
fn serve_fixture(name: &str) -> (String, Value, ServerHandle) {
    let (listener, base) = loopback();
    let text = std::fs::read_to_string(fixture(name)).expect("fixture exists");
    let text = text.replace("{base}", &base);
    let spec: Value = serde_json::from_str(&text).expect("fixture is JSON");
    let routes: Vec<Route> = spec["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .map(|r| Route {
            path: route_key(r["path"].as_str().expect("path")),
            status: r["status"].as_u64().unwrap_or(200) as u16,
            headers: r["headers"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect(),
            body: match (&r["json"], r["text"].as_str()) {
                (Value::Null, Some(t)) => t.to_owned(),
                (json, _) => json.to_string(),
            },
            json: !r["json"].is_null(),
            times: r["times"].as_u64(),
        })
        .collect();
    let routes = web::Data::new(Mutex::new(routes));
    let refuses = web::Data::new(RefusesFilter(
        spec["refusesModifiedSince"].as_bool().unwrap_or(false),
    ));
    let server = HttpServer::new(move || {
        App::new()
            .app_data(routes.clone())
            .app_data(refuses.clone())
            .default_service(web::to(replay))
    })
    .workers(1)
    .disable_signals()
    .listen(listener)
    .expect("listen")
    .run();
    let handle = spawn(server);
    let entry = format!("{base}{}", spec["entry"].as_str().expect("entry"));
    (entry, spec["expect"].clone(), handle)
}

/// Counts of non-deleted objects per type in the mirror, from its OParl lists.
async fn counts(app: &TestApp) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for o in all_objects(app, "").await.values() {
        let ty = o["type"]
            .as_str()
            .unwrap_or_default()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        *out.entry(ty).or_insert(0) += 1;
    }
    out
}

/// (d) Each vendor-style server is harvested completely, its defects reported by kind.
async fn harvests_defective_vendor_servers(backend: Backend) {
    for name in ["sessionnet", "allris", "sdnet", "rubin"] {
        let (entry, expect, server) = serve_fixture(name);
        let mirror = TestApp::new(backend).await;
        let report = run(mirror.store(), &options(&entry)).await;
        let reported: BTreeSet<String> = report.defects.keys().map(|d| d.name()).collect();
        let expected: BTreeSet<String> = expect["defects"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d.as_str().map(str::to_owned))
            .collect();
        assert_eq!(
            reported,
            expected,
            "{name}: defect kinds\n{}",
            report.render()
        );
        for (kind, d) in &report.defects {
            assert!(
                !d.examples.is_empty(),
                "{name}: {kind:?} without an example"
            );
        }
        let mut got = counts(&mirror).await;
        got.retain(|_, n| *n > 0);
        let mut want: BTreeMap<String, u64> = expect["objects"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0)))
            .collect();
        want.retain(|_, n| *n > 0);
        assert_eq!(
            got,
            want,
            "{name}: objects in the mirror\n{}",
            report.render()
        );
        // The report is stored and served.
        let sources = mirror.get_json("/api/v1/sources").await;
        assert_eq!(sources["data"][0]["url"], entry.as_str());
        for kind in &expected {
            assert!(
                sources["data"][0]["defects"][kind]
                    .as_u64()
                    .is_some_and(|n| n > 0),
                "{name}: {kind} not served"
            );
        }
        // A second, incremental run over the same defects (and, where the server
        // refuses modified_since, over the whole lists) is idempotent.
        let again = run(mirror.store(), &options(&entry)).await;
        assert!(!again.full);
        assert_eq!((again.created, again.deleted), (0, 0), "{name}: {again:?}");
        let mut after = counts(&mirror).await;
        after.retain(|_, n| *n > 0);
        assert_eq!(after, want, "{name}: objects after the second run");
        server.stop(false).await;
        mirror.cleanup().await;
    }
}

/// A source that cannot be reached is a clear error, and nothing is written.
async fn an_unreachable_source_is_a_clear_error(backend: Backend) {
    let mirror = TestApp::new(backend).await;
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    drop(listener);
    let url = format!("http://127.0.0.1:{port}/oparl/v1.1/system");
    let mut o = options(&url);
    o.client.attempts = 2;
    let err = harvest(mirror.store(), &o)
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains(&url) && err.contains("entry point"), "{err}");
    let bodies = mirror.get_json("/oparl/v1.1/bodies").await;
    assert_eq!(bodies["data"].as_array().map(Vec::len), Some(0));
    mirror.cleanup().await;
}

on_both_backends!(
    a_round_trip_mirrors_every_object,
    an_incremental_harvest_changes_only_what_changed,
    an_interrupted_harvest_resumes_to_the_same_result,
    harvests_defective_vendor_servers,
    an_unreachable_source_is_a_clear_error,
);
