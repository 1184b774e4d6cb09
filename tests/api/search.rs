//! Full-text search (`/api/v1/search`) on both backends: German matching, the query
//! language, filters, facets and pages, the index following every write, and a
//! relevance table over real minutes.

use std::collections::{BTreeMap, BTreeSet};

use actix_web::http::Method;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, fixture_dir};
use crate::on_both_backends;
use ratsinfo::ingest::minutes::{ImportOptions, import_file};
use ratsinfo::ingest::oparl_json::DEMO_MINUTES;

fn encode(q: &str) -> String {
    serde_urlencoded::to_string([("q", q)]).unwrap_or_default()
}

async fn search(app: &TestApp, q: &str, rest: &str) -> Value {
    let url = format!("/api/v1/search?{}{rest}", encode(q));
    let resp = app.get(&url).await;
    assert_eq!(
        resp.status,
        200,
        "{url}: {}",
        String::from_utf8_lossy(&resp.body)
    );
    resp.json()
}

fn titles(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h["title"].as_str().map(str::to_owned))
        .collect()
}

fn ids(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h["id"].as_str().map(str::to_owned))
        .collect()
}

/// Every hit of a search, following `links.next` with small pages.
async fn every_hit(app: &TestApp, q: &str, rest: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut url = Some(format!("/api/v1/search?{}&limit=3{rest}", encode(q)));
    while let Some(u) = url {
        let page = app.get_json(&u).await;
        out.extend(page["data"].as_array().cloned().unwrap_or_default());
        url = page["links"]["next"].as_str().map(str::to_owned);
        assert!(out.len() < 10_000, "pages do not end");
    }
    out
}

fn seed() -> String {
    String::from_utf8(DEMO_MINUTES.1.to_vec()).expect("seed is UTF-8")
}

fn bielefeld() -> ImportOptions {
    ImportOptions {
        body: "Stadt Bielefeld".to_owned(),
        organization: None,
        date: None,
    }
}

async fn the_seed_is_found_in_german(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let page = search(&app, "Digitalisierung", "").await;
    assert!(page["total"].as_i64() > Some(5), "{page}");
    assert!(
        titles(&page)[0].contains("Digitalisierung"),
        "a title match ranks first: {:?}",
        titles(&page)
    );
    // Every hit carries what a client needs.
    for hit in page["data"].as_array().into_iter().flatten() {
        for field in ["type", "id", "title", "body", "snippet", "score"] {
            assert!(!hit[field].is_null(), "{field} missing: {hit}");
        }
        let id = hit["id"].as_str().unwrap_or_default();
        assert_eq!(app.get(id).await.status, 200, "{id} resolves");
    }
    // Stems and folding: the plural in the text is found by the singular, and the
    // compound by its first part.
    let bikes = search(&app, "Fahrrad", "").await;
    assert!(
        bikes["data"][0]["snippet"]
            .as_str()
            .unwrap_or_default()
            .contains("<mark>Fahrrädern</mark>"),
        "{bikes}"
    );
    let tram = search(&app, "Strassenbahn", "").await;
    assert_eq!(ids(&tram), ids(&search(&app, "Straßenbahn", "").await));
    assert!(!ids(&tram).is_empty());
    let compound = search(&app, "Dokumentenmanagement", "").await;
    assert!(
        titles(&compound)
            .iter()
            .any(|t| t.contains("Dokumentenmanagementsystem")),
        "{compound}"
    );
    // Phrases, exclusions, alternatives and prefixes.
    let phrase = search(&app, "\"Stand der Digitalisierung\"", "").await;
    assert!(
        titles(&phrase)
            .first()
            .is_some_and(|t| t.contains("Stand der Digitalisierung")),
        "{phrase}"
    );
    let shuffled = search(&app, "\"Digitalisierung Stand\"", "").await;
    assert!(
        phrase["total"].as_i64() > shuffled["total"].as_i64(),
        "a phrase keeps its order: {phrase} / {shuffled}"
    );
    let all = search(&app, "Digitalisierung", "&facets=true").await["total"]
        .as_i64()
        .unwrap_or_default();
    let without = search(&app, "Digitalisierung -Präsentation", "").await;
    assert!(without["total"].as_i64() < Some(all));
    assert!(
        titles(&without).iter().all(|t| !t.contains("Präsentation")),
        "{without}"
    );
    let either = search(&app, "Fahrrad OR Dokumentenmanagementsystem", "").await;
    let one = search(&app, "Fahrrad", "").await["total"]
        .as_i64()
        .unwrap_or_default();
    let other = search(&app, "Dokumentenmanagementsystem", "").await["total"]
        .as_i64()
        .unwrap_or_default();
    let both = either["total"].as_i64().unwrap_or_default();
    assert!(
        both >= one.max(other) && both <= one + other,
        "{both} {one} {other}"
    );
    let prefix = search(&app, "Dokumentenm*", "").await;
    assert_eq!(prefix["total"], compound["total"]);
    app.cleanup().await;
}

async fn filters_facets_pages_and_csv(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let first = search(&app, "Digitalisierung", "").await;
    let total = first["total"].as_i64().unwrap_or_default();
    // Facets count all matches.
    let by_type: i64 = first["facets"]["type"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["count"].as_i64())
        .sum();
    assert_eq!(by_type, total);
    assert_eq!(first["facets"]["year"][0]["value"], "2021");
    // Pages: small pages give every hit once, in the order of one big page.
    let hits = every_hit(&app, "Digitalisierung", "").await;
    assert_eq!(hits.len() as i64, total);
    let big = search(&app, "Digitalisierung", "&limit=100").await;
    let paged: Vec<String> = hits
        .iter()
        .filter_map(|h| h["id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(paged, ids(&big));
    let by_date = every_hit(&app, "Digitalisierung", "&sort=date").await;
    assert_eq!(by_date.len() as i64, total);
    let dates: Vec<String> = by_date
        .iter()
        .map(|h| h["date"].as_str().unwrap_or_default().to_owned())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first, undated last");
    // Filters narrow.
    let orgs = search(&app, "Digitalisierung", "&type=Organization").await;
    assert!(
        orgs["data"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|h| h["type"] == "Organization")
    );
    assert!(orgs["total"].as_i64() > Some(0) && orgs["total"].as_i64() < Some(total));
    let two = search(&app, "Digitalisierung", "&type=Organization,Meeting").await;
    assert!(two["total"].as_i64() > orgs["total"].as_i64());
    let dated = search(&app, "Digitalisierung", "&from=2021-05-04&to=2021-05-04").await;
    assert!(dated["total"].as_i64() > Some(0));
    assert!(
        dated["data"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|h| h["date"] == "2021-05-04")
    );
    let later = search(&app, "Digitalisierung", "&from=2022-01-01").await;
    assert_eq!(later["total"], 0);
    let committee = first["facets"]["organization"][0].clone();
    let url = committee["value"].as_str().unwrap_or_default();
    let in_committee = search(&app, "Digitalisierung", &format!("&organization={url}")).await;
    // The filter takes every organization a result names; the facet counts each
    // result under its main one.
    assert!(
        in_committee["total"].as_i64() >= committee["count"].as_i64(),
        "{committee} {in_committee}"
    );
    let small = search(&app, "Digitalisierung", "&limit=2").await;
    assert_eq!(small["total"], first["total"]);
    let next = app
        .get_json(small["links"]["next"].as_str().unwrap_or_default())
        .await;
    assert!(
        next["facets"].is_null() && next["total"].is_null(),
        "{next}"
    );
    let body = search(&app, "Digitalisierung", "&body=1").await;
    assert_eq!(body["total"].as_i64(), Some(total));
    assert_eq!(
        search(&app, "Digitalisierung", "&body=99").await["total"],
        0
    );
    // CSV: a header row and one row per hit, the next page in a Link header.
    let csv = app
        .request_with(
            Method::GET,
            &format!("/api/v1/search?{}&limit=2", encode("Digitalisierung")),
            &[("Accept", "text/csv")],
        )
        .await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.header("content-type")
            .unwrap_or_default()
            .starts_with("text/csv")
    );
    let text = String::from_utf8_lossy(&csv.body).into_owned();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("type,id,title,date,body,score,snippet"));
    assert_eq!(lines.count(), 2);
    assert!(
        csv.header("link")
            .unwrap_or_default()
            .contains("rel=\"next\"")
    );
    assert!(!text.contains("<mark>"));
    app.cleanup().await;
}

async fn bad_queries_get_problems(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let cases = [
        ("/api/v1/search", "q is required"),
        ("/api/v1/search?q=", "q is required"),
        ("/api/v1/search?q=%22Radweg", "position 1"),
        ("/api/v1/search?q=Radweg%20%22Haupt", "position 8"),
        ("/api/v1/search?q=der%20die%20das", "too common"),
        ("/api/v1/search?q=-Radweg", "only excludes"),
        ("/api/v1/search?q=Radweg%20OR", "OR needs"),
        ("/api/v1/search?q=a*", "prefix"),
        ("/api/v1/search?q=Radweg&typ=Paper", "Unknown parameter typ"),
        ("/api/v1/search?q=Radweg&type=Drucksache", "type must be"),
        (
            "/api/v1/search?q=Radweg&from=2021-13-01",
            "from must be a date",
        ),
        (
            "/api/v1/search?q=Radweg&from=2022-01-01&to=2021-01-01",
            "from must not be after",
        ),
        ("/api/v1/search?q=Radweg&limit=0", "limit must be"),
        ("/api/v1/search?q=Radweg&limit=5000", "limit must be"),
        ("/api/v1/search?q=Radweg&cursor=xyz", "cursor must be"),
        (
            "/api/v1/search?q=Radweg&sort=date&cursor=r5.3",
            "cursor must be",
        ),
        ("/api/v1/search?q=Radweg&sort=best", "sort must be"),
        (
            "/api/v1/search?q=Radweg&organization=abc",
            "organization must be",
        ),
    ];
    let long = format!("/api/v1/search?{}", encode(&"Wort ".repeat(200)));
    for (url, detail) in cases
        .iter()
        .copied()
        .chain([(long.as_str(), "longer than")])
    {
        let resp = app.get(url).await;
        assert_eq!(resp.status, 400, "{url}");
        let body = resp.json();
        assert_eq!(body["status"], 400);
        assert_eq!(body["type"], "https://schema.oparl.org/1.1/Error");
        assert!(
            body["detail"].as_str().unwrap_or_default().contains(detail),
            "{url}: {body}"
        );
    }
    app.cleanup().await;
}

async fn load(app: &TestApp, objects: Vec<Value>) {
    let dir = fixture_dir(&[("objects.json", Value::Array(objects))]);
    let report = ratsinfo::ingest::oparl_json::load_paths(app.store(), &[dir])
        .await
        .expect("load");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}

async fn count(app: &TestApp, q: &str) -> i64 {
    search(app, q, "").await["total"].as_i64().unwrap_or(-1)
}

async fn the_index_follows_every_write(backend: Backend) {
    let app = TestApp::new(backend).await;
    // An import is found at once.
    import_file(
        app.store(),
        "bielefeld.txt",
        seed().as_bytes(),
        &bielefeld(),
    )
    .await
    .expect("import");
    assert!(count(&app, "Dokumentenmanagementsystem").await > 0);
    assert_eq!(count(&app, "Aktenverwaltungssystem").await, 0);
    // A changed import replaces the text; the old word is gone.
    let changed = seed().replace("Dokumentenmanagementsystem", "Aktenverwaltungssystem");
    import_file(
        app.store(),
        "bielefeld.txt",
        changed.as_bytes(),
        &bielefeld(),
    )
    .await
    .expect("re-import");
    assert_eq!(count(&app, "Dokumentenmanagementsystem").await, 0);
    assert!(count(&app, "Aktenverwaltungssystem").await > 0);
    // Non-public text is never indexed, not even the item's name.
    let secret = "Grundstücksverkauf an die Firma Geheimnisträger GmbH";
    let text = changed.replace(
        "Bielefeld, den 18.05.2021",
        &format!(
            "Nichtöffentliche Sitzung:\n\nZu Punkt 11\n\n{secret}\n\nBeschluss:\n\n{secret} wird zugestimmt.\n\n- einstimmig beschlossen -\n\nBielefeld, den 18.05.2021"
        ),
    );
    import_file(app.store(), "bielefeld.txt", text.as_bytes(), &bielefeld())
        .await
        .expect("import with a non-public part");
    for q in ["Geheimnisträger", "Grundstücksverkauf", "Nichtöffentlicher"] {
        assert_eq!(count(&app, q).await, 0, "{q}");
    }
    // Objects loaded from OParl JSON are found; a tombstone removes them at once.
    let origin = "https://example.org/oparl/paper/radweg";
    let paper = |deleted: bool| {
        if deleted {
            json!({"id": origin, "type": "https://schema.oparl.org/1.1/Paper", "deleted": true})
        } else {
            json!({
                "id": origin,
                "type": "https://schema.oparl.org/1.1/Paper",
                "body": "https://example.org/oparl/body/1",
                "name": "Radwegekonzept für die Hauptstraße",
                "reference": "DS 24-1095",
                "paperType": "Beschlussvorlage",
                "date": "2024-03-12"
            })
        }
    };
    let body = json!({
        "id": "https://example.org/oparl/body/1",
        "type": "https://schema.oparl.org/1.1/Body",
        "name": "Gemeinde Beispiel",
        "system": "https://example.org/oparl/system"
    });
    load(&app, vec![body.clone(), paper(false)]).await;
    let found = search(&app, "Radwegekonzept", "&type=Paper").await;
    assert_eq!(found["total"], 1, "{found}");
    assert_eq!(found["data"][0]["date"], "2024-03-12");
    assert_eq!(search(&app, "\"24-1095\"", "").await["total"], 1);
    assert_eq!(
        search(&app, "Straße", "&paper_type=Beschlussvorlage").await["total"],
        1
    );
    assert_eq!(
        search(&app, "Straße", "&paper_type=Antrag").await["total"],
        0
    );
    load(&app, vec![body, paper(true)]).await;
    assert_eq!(count(&app, "Radwegekonzept").await, 0);
    // Generated councils are indexed as they are written.
    ratsinfo::ingest::generate::generate(app.store(), ratsinfo::ingest::generate::Scale::Tiny, 3)
        .await
        .expect("generate");
    let generated = search(&app, "Antrag", "&type=Paper").await;
    assert!(generated["total"].as_i64() > Some(0), "{generated}");
    app.cleanup().await;
}

/// A rebuilt index answers exactly as the one kept by the writes.
async fn a_rebuilt_index_answers_the_same(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let queries = [
        "Digitalisierung",
        "Fahrrad OR App",
        "\"Stand der Digitalisierung\"",
        "Schule*",
    ];
    let mut before = Vec::new();
    for q in queries {
        before.push(search(&app, q, "&limit=100").await);
    }
    assert!(app.store().search_index_current().await.expect("state"));
    let n = app
        .store()
        .rebuild_search(|_, _| {})
        .await
        .expect("rebuild");
    assert!(n > 50, "{n} objects");
    let app = app.reopen().await;
    for (q, was) in queries.iter().zip(before) {
        let now = search(&app, q, "&limit=100").await;
        assert_eq!(now["data"], was["data"], "{q}");
        assert_eq!(now["facets"], was["facets"], "{q}");
    }
    app.cleanup().await;
}

on_both_backends!(
    the_seed_is_found_in_german,
    filters_facets_pages_and_csv,
    bad_queries_get_problems,
    the_index_follows_every_write,
    a_rebuilt_index_answers_the_same,
);

// ---------------------------------------------------------------------------------
// Relevance over real minutes, on both backends in one run

/// Share of the relevance table that must be found on the first page.
const RELEVANCE_FLOOR: f64 = 0.9;

fn relevance_table() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/search/relevance.json"
    );
    let text = std::fs::read_to_string(path).expect("relevance table");
    serde_json::from_str(&text).expect("relevance table is JSON")
}

/// Imports every file the table names (one body per file) and runs every query:
/// (query, file) -> whether the expected item is on the first page, and all hit ids.
async fn run_relevance(backend: Backend) -> BTreeMap<(String, String), (bool, Vec<String>)> {
    let app = TestApp::new(backend).await;
    let table = relevance_table();
    let files: BTreeSet<String> = table
        .iter()
        .filter_map(|e| e["file"].as_str().map(str::to_owned))
        .collect();
    let mut bodies = BTreeMap::new();
    for file in &files {
        // The seed ships inside the binary; the other minutes are fixtures.
        let bytes = if file.starts_with("bielefeld_") {
            DEMO_MINUTES.1.to_vec()
        } else {
            let path = format!(
                "{}/tests/fixtures/minutes/{file}",
                env!("CARGO_MANIFEST_DIR")
            );
            std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
        };
        let options = ImportOptions {
            body: format!("Gemeinde {file}"),
            // Used only where the minutes do not name their committee.
            organization: Some("Gemeinderat".to_owned()),
            date: None,
        };
        import_file(app.store(), file, &bytes, &options)
            .await
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    for body in app.get_json("/oparl/v1.1/bodies?limit=1000").await["data"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let name = body["name"].as_str().unwrap_or_default();
        if let Some(file) = name.strip_prefix("Gemeinde ") {
            bodies.insert(
                file.to_owned(),
                body["id"].as_str().unwrap_or_default().to_owned(),
            );
        }
    }
    let mut out = BTreeMap::new();
    for entry in &table {
        let q = entry["q"].as_str().unwrap_or_default();
        let file = entry["file"].as_str().unwrap_or_default();
        let expect = entry["expect"].as_str().unwrap_or_default();
        let page = search(&app, q, "&limit=10&facets=false").await;
        let found = page["data"].as_array().into_iter().flatten().any(|h| {
            h["body"].as_str() == bodies.get(file).map(String::as_str)
                && h["title"].as_str().unwrap_or_default().contains(expect)
        });
        let all = search(&app, q, "&limit=100&facets=false&sort=date").await;
        let mut hit_ids = ids(&all);
        hit_ids.sort();
        out.insert((q.to_owned(), file.to_owned()), (found, hit_ids));
    }
    app.cleanup().await;
    out
}

#[actix_web::test]
async fn relevance_over_real_minutes_is_the_same_on_both_backends() {
    let sqlite = run_relevance(Backend::Sqlite).await;
    let postgres = run_relevance(Backend::Postgres).await;
    let missed: Vec<&(String, String)> = sqlite
        .iter()
        .filter(|(_, (found, _))| !found)
        .map(|(k, _)| k)
        .collect();
    let share = 1.0 - missed.len() as f64 / sqlite.len().max(1) as f64;
    eprintln!(
        "search relevance: {:.0}% of {} queries find the expected item on the first page; missed: {missed:?}",
        share * 100.0,
        sqlite.len()
    );
    assert!(sqlite.len() >= 30, "the table has {} queries", sqlite.len());
    assert!(share >= RELEVANCE_FLOOR, "{share:.2} < {RELEVANCE_FLOOR}");
    for (key, (found, hits)) in &sqlite {
        let (pg_found, pg_hits) = &postgres[key];
        assert_eq!(hits, pg_hits, "{key:?}: the same matches on both backends");
        assert_eq!(found, pg_found, "{key:?}");
    }
}
