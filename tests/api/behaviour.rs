//! Behaviour a user notices: filters, deletion and `modified` bumps (checks E52–F62),
//! idempotent loads, pagination under concurrent inserts, and every bad-input path.

use actix_web::http::Method;
use serde_json::{Value, json};

use crate::helpers::{BASE, Backend, TestApp, demo_objects, fixture_dir};
use crate::on_both_backends;

const PAPERS: &str = "http://ratsinfo.test/oparl/v1.1/bodies/1/papers";
const MEETINGS: &str = "http://ratsinfo.test/oparl/v1.1/bodies/1/meetings";
const AGENDA: &str = "http://ratsinfo.test/oparl/v1.1/bodies/1/agenda-items";

fn ids(page: &Value) -> Vec<String> {
    page["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["id"].as_str().map(str::to_owned))
        .collect()
}

async fn crawl_ids(app: &TestApp, first: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut url = Some(first.to_owned());
    while let Some(u) = url {
        let page = app.get_json(&u).await;
        out.extend(ids(&page));
        url = page["links"]["next"].as_str().map(str::to_owned);
    }
    out
}

fn encode(s: &str) -> String {
    serde_urlencoded::to_string([("v", s)]).unwrap_or_default()[2..].to_owned()
}

/// The demo meeting with edits applied, as a one-file fixture.
fn demo_meeting(edit: impl FnOnce(&mut Value)) -> Value {
    let mut meeting = demo_objects()
        .into_iter()
        .find(|o| o["type"] == "https://schema.oparl.org/1.1/Meeting")
        .expect("the demo has a meeting");
    edit(&mut meeting);
    meeting
}

async fn load(app: &TestApp, files: &[(&str, Value)]) -> ratsinfo::ingest::oparl_json::LoadReport {
    let dir = fixture_dir(files);
    let report = ratsinfo::ingest::oparl_json::load_paths(app.store(), std::slice::from_ref(&dir))
        .await
        .expect("load");
    let _ = std::fs::remove_dir_all(dir);
    report
}

async fn filters_are_inclusive_and_lenient(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let page = app.get_json(PAPERS).await;
    let first = &page["data"][0];
    let modified = first["modified"].as_str().expect("modified").to_owned();
    // Inclusive bounds: the exact timestamp matches both ways.
    for param in [
        "modified_since",
        "modified_until",
        "created_since",
        "created_until",
    ] {
        let value = if param.starts_with("modified") {
            &modified
        } else {
            first["created"].as_str().unwrap_or_default()
        };
        let got = app
            .get_json(&format!("{PAPERS}?{param}={}", encode(value)))
            .await;
        assert!(
            ids(&got).contains(&first["id"].as_str().unwrap_or_default().to_owned()),
            "{param}={value}"
        );
    }
    // Z, fractional seconds, and a '+' that arrived as a space are accepted.
    let z = modified.replace("+00:00", "Z");
    let frac = modified.replace("+00:00", ".000Z");
    let space = modified.replace('+', " ");
    for value in [z, frac, space] {
        let r = app
            .get(&format!("{PAPERS}?modified_since={}", encode(&value)))
            .await;
        assert_eq!(r.status, 200, "{value}");
        assert_eq!(ids(&r.json()).len(), 12, "{value}");
    }
    // A window without matches is an empty page, not an error.
    let empty = app
        .get_json(&format!(
            "{PAPERS}?modified_until={}",
            encode("2000-01-01T00:00:00+01:00")
        ))
        .await;
    assert_eq!(empty["data"], json!([]));
    assert!(empty["links"]["next"].is_null());
    // Filters are carried into every link.
    let paged = app
        .get_json(&format!(
            "{PAPERS}?limit=5&modified_since={}",
            encode("2000-01-01T00:00:00+01:00")
        ))
        .await;
    let next = paged["links"]["next"].as_str().expect("next");
    assert!(
        next.contains("modified_since=2000-01-01T00%3A00%3A00%2B01%3A00")
            && next.contains("limit=5"),
        "{next}"
    );
    assert_eq!(crawl_ids(&app, next).await.len(), 7);
    app.cleanup().await;
}

async fn pages_link_both_ways_and_cap_the_limit(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let all = crawl_ids(&app, &format!("{PAPERS}?limit=5")).await;
    assert_eq!(all.len(), 12);
    let p1 = app.get_json(&format!("{PAPERS}?limit=5")).await;
    assert!(p1["links"]["prev"].is_null());
    assert_eq!(p1["pagination"]["totalElements"], 12);
    assert_eq!(p1["pagination"]["elementsPerPage"], 5);
    let p2 = app
        .get_json(p1["links"]["next"].as_str().expect("next"))
        .await;
    let back = app
        .get_json(p2["links"]["prev"].as_str().expect("prev"))
        .await;
    assert_eq!(ids(&back), ids(&p1));
    assert_eq!(
        p2["links"]["self"].as_str().map(|s| s.contains("after=")),
        Some(true)
    );
    let capped = app.get_json(&format!("{PAPERS}?limit=99999")).await;
    assert_eq!(capped["pagination"]["elementsPerPage"], 1000);
    // omit_internal drops the embedded agenda but keeps the meeting.
    let meetings = app
        .get_json(&format!("{MEETINGS}?omit_internal=true"))
        .await;
    assert!(meetings["data"][0]["agendaItem"].is_null());
    assert!(meetings["data"][0]["name"].is_string());
    let full = app.get_json(MEETINGS).await;
    assert_eq!(
        full["data"][0]["agendaItem"].as_array().map(Vec::len),
        Some(20)
    );
    app.cleanup().await;
}

async fn loading_twice_changes_nothing(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let before = app.get_json(MEETINGS).await;
    let report = ratsinfo::ingest::oparl_json::load_demo(app.store())
        .await
        .expect("reload");
    assert_eq!(
        report.created + report.updated + report.deleted,
        0,
        "{report:?}"
    );
    let after = app.get_json(MEETINGS).await;
    assert_eq!(before, after);
    app.cleanup().await;
}

async fn deletion_leaves_tombstones_and_bumps_parents(backend: Backend) {
    let app = TestApp::with_oparl_fixture(backend).await;
    let meeting_before = app.get_json(MEETINGS).await["data"][0].clone();
    let items_before = meeting_before["agendaItem"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let removed = items_before[19]["id"].as_str().expect("item id").to_owned();
    let changed = items_before[0]["id"].as_str().expect("item id").to_owned();
    // Timestamps have one-second resolution in the output; make the change later.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let since = chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S+00:00")
        .to_string();
    let meeting = demo_meeting(|m| {
        let items = m["agendaItem"].as_array_mut().expect("items");
        items.remove(19);
        items[0]["result"] = json!("einstimmig beschlossen (korrigiert)");
    });
    let report = load(&app, &[("meeting.json", meeting)]).await;
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.counts.deleted, 1);
    // F58: the removed item answers 200 with a tombstone.
    let tomb = app.get_json(&removed).await;
    assert_eq!(tomb["deleted"], true);
    assert!(tomb["type"].is_string() && tomb["created"].is_string());
    assert!(tomb["name"].is_null());
    // F59/F60: no tombstones without modified_since, tombstones with it.
    assert!(!crawl_ids(&app, AGENDA).await.contains(&removed));
    let synced = crawl_ids(&app, &format!("{AGENDA}?modified_since={}", encode(&since))).await;
    assert!(
        synced.contains(&removed) && synced.contains(&changed),
        "{synced:?}"
    );
    assert_eq!(synced.len(), 2, "only what changed: {synced:?}");
    // F61/F62: the parent's modified moved; the embedded array has no tombstone.
    let meeting_after = app.get_json(MEETINGS).await["data"][0].clone();
    assert!(meeting_after["modified"].as_str() > meeting_before["modified"].as_str());
    let items_after = meeting_after["agendaItem"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(items_after.len(), 19);
    assert!(
        items_after
            .iter()
            .all(|i| i["deleted"].is_null() && i["id"] != removed.as_str())
    );
    let changed_meetings = crawl_ids(
        &app,
        &format!("{MEETINGS}?modified_since={}", encode(&since)),
    )
    .await;
    assert_eq!(changed_meetings.len(), 1);
    // The papers did not change and do not show up in the sync window.
    assert!(
        crawl_ids(&app, &format!("{PAPERS}?modified_since={}", encode(&since)))
            .await
            .is_empty()
    );
    // A tombstone in the input deletes the object.
    let paper = app.get_json(PAPERS).await["data"][0].clone();
    let origin = paper["ratsinfo:originalId"]
        .as_str()
        .expect("original id")
        .to_owned();
    let report = load(
        &app,
        &[(
            "gone.json",
            json!({"id": origin, "type": "https://schema.oparl.org/1.1/Paper", "deleted": true}),
        )],
    )
    .await;
    // The paper and the consultation embedded in it.
    assert_eq!(report.counts.deleted, 2);
    let gone = app.get_json(paper["id"].as_str().unwrap_or_default()).await;
    assert_eq!(gone["deleted"], true);
    let consultation = paper["consultation"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(app.get_json(&consultation).await["deleted"], true);
    // The agenda item that pointed at the consultation no longer does, and moved.
    let item_url = paper["consultation"][0]["agendaItem"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let item = app.get_json(&item_url).await;
    assert!(item["consultation"].is_null(), "{item}");
    assert!(item["modified"].as_str() > paper["modified"].as_str());
    assert_eq!(
        app.get_json(PAPERS).await["pagination"]["totalElements"],
        11
    );
    app.cleanup().await;
}

async fn a_crawl_during_inserts_neither_repeats_nor_skips(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let existing = crawl_ids(&app, PAPERS).await;
    let mut seen = Vec::new();
    let mut url = Some(format!("{PAPERS}?limit=2"));
    let mut n = 0;
    while let Some(u) = url {
        let page = app.get_json(&u).await;
        seen.extend(ids(&page));
        url = page["links"]["next"].as_str().map(str::to_owned);
        // Between pages, another process inserts papers.
        n += 1;
        let paper = json!({
            "id": format!("https://elsewhere.example/paper/{n}"),
            "type": "https://schema.oparl.org/1.1/Paper",
            "name": format!("Nachtrag {n}"),
        });
        load(&app, &[("p.json", paper)]).await;
        if n > 50 {
            break;
        }
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len(), "duplicates: {seen:?}");
    for id in &existing {
        assert!(seen.contains(id), "skipped {id}");
    }
    app.cleanup().await;
}

async fn bad_input_gets_clear_errors(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let cases = [
        ("/oparl/v1.1/papers/999999", 404),
        ("/oparl/v1.1/papers/01", 404),
        ("/oparl/v1.1/papers/abc", 404),
        ("/oparl/v1.1/papers/1/", 404),
        ("/oparl/v1.1/bodies/7/papers", 404),
        ("/oparl/v1.1/organizations/999/meetings", 404),
        ("/oparl/v1.1/nothing", 404),
        ("/oparl/v1.1/bodies/1/papers?limit=0", 400),
        ("/oparl/v1.1/bodies/1/papers?limit=ten", 400),
        ("/oparl/v1.1/bodies/1/papers?modified_since=gestern", 400),
        (
            "/oparl/v1.1/bodies/1/papers?created_until=2021-02-30T00:00:00Z",
            400,
        ),
        ("/oparl/v1.1/bodies/1/papers?omit_internal=1", 400),
        ("/oparl/v1.1/bodies/1/papers?after=-4", 400),
        ("/oparl/v1.1/bodies?limit=%ZZ", 400),
    ];
    for (path, status) in cases {
        let r = app.get(path).await;
        assert_eq!(r.status, status, "{path}");
        assert_eq!(r.header("access-control-allow-origin"), Some("*"), "{path}");
        assert_eq!(
            r.header("content-type"),
            Some("application/json; charset=utf-8"),
            "{path}"
        );
        let body = r.json();
        assert_eq!(body["type"], "https://schema.oparl.org/1.1/Error", "{path}");
        assert_eq!(body["status"], status, "{path}");
        for key in ["title", "detail", "message", "debug"] {
            assert!(
                body[key].as_str().is_some_and(|s| !s.is_empty()),
                "{path}: {key}"
            );
        }
    }
    // HEAD answers like GET.
    assert_eq!(app.request(Method::HEAD, PAPERS).await.status, 200);
    assert_eq!(
        app.request(Method::HEAD, "/oparl/v1.1/papers/999999")
            .await
            .status,
        404
    );
    app.cleanup().await;
}

async fn malformed_files_are_rejected_whole(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let before = app.get_json(PAPERS).await;
    let good_then_bad = json!([
        {"id": "https://x.example/paper/new", "type": "https://schema.oparl.org/1.1/Paper", "name": "Neu"},
        {"id": "https://x.example/meeting/1", "type": "https://schema.oparl.org/1.1/Meeting",
         "agendaItem": [{"id": "https://x.example/item/1", "public": "ja"}]}
    ]);
    let report = load(
        &app,
        &[
            ("broken.json", good_then_bad),
            ("notjson.json", json!("just a string")),
        ],
    )
    .await;
    assert_eq!(report.errors.len(), 2, "{:?}", report.errors);
    let all = report.errors.join("\n");
    assert!(
        all.contains("broken.json") && all.contains("agendaItem[0].public"),
        "{all}"
    );
    assert!(all.contains("notjson.json"), "{all}");
    // Nothing of the rejected files was written.
    assert_eq!(app.get_json(PAPERS).await, before);
    app.cleanup().await;
}

async fn documentation_and_landing_page_are_served(backend: Backend) {
    let app = TestApp::new(backend).await;
    let spec = app.get_json("/openapi.json").await;
    assert!(spec["paths"]["/oparl/v1.1/bodies/{id}/papers"]["get"].is_object());
    let docs = app.get("/docs/").await;
    assert_eq!(docs.status, 200);
    assert!(String::from_utf8_lossy(&docs.body).contains("swagger"));
    let landing = app.get("/").await;
    assert!(String::from_utf8_lossy(&landing.body).contains(&format!("{BASE}/oparl/v1.1/system")));
    app.cleanup().await;
}

async fn several_bodies_keep_their_own_lists(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let dir =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/oparl-examples");
    let report = ratsinfo::ingest::oparl_json::load_paths(app.store(), &[dir])
        .await
        .expect("examples load");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let bodies = app.get_json("/oparl/v1.1/bodies").await;
    let names: Vec<&str> = bodies["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["name"].as_str())
        .collect();
    assert_eq!(names, ["Stadt Bielefeld", "Stadt Köln, kreisfreie Stadt"]);
    for body in bodies["data"].as_array().into_iter().flatten() {
        let papers = crawl_ids(&app, body["paper"].as_str().unwrap_or_default()).await;
        let expected = if body["name"] == "Stadt Bielefeld" {
            12
        } else {
            1
        };
        assert_eq!(papers.len(), expected, "{}", body["name"]);
        for paper in papers {
            assert_eq!(app.get_json(&paper).await["body"], body["id"]);
        }
    }
    app.cleanup().await;
}

async fn conditional_requests_are_answered_with_304(backend: Backend) {
    let app = TestApp::with_oparl_fixture(backend).await;
    let page = app.get(PAPERS).await;
    let etag = page.header("etag").expect("ETag").to_owned();
    let last_modified = page
        .header("last-modified")
        .expect("Last-Modified")
        .to_owned();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "strong ETag: {etag}"
    );
    assert_eq!(page.header("cache-control"), Some("public, max-age=300"));
    let again = app
        .request_with(Method::GET, PAPERS, &[("If-None-Match", &etag)])
        .await;
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    let since = app
        .request_with(
            Method::GET,
            PAPERS,
            &[("If-Modified-Since", &last_modified)],
        )
        .await;
    assert_eq!(since.status, 304);
    // Each encoding has its own strong ETag.
    let gzip = app
        .request_with(Method::GET, PAPERS, &[("Accept-Encoding", "gzip")])
        .await;
    assert_eq!(gzip.header("content-encoding"), Some("gzip"));
    assert_ne!(gzip.header("etag"), Some(etag.as_str()));
    let brotli = app
        .request_with(Method::GET, PAPERS, &[("Accept-Encoding", "br")])
        .await;
    assert_eq!(brotli.header("content-encoding"), Some("br"));
    assert_ne!(brotli.header("etag"), gzip.header("etag"));
    // An object: its Last-Modified is its `modified`.
    let paper_url = page.json()["data"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let paper = app.get(&paper_url).await;
    let paper_etag = paper.header("etag").unwrap_or_default().to_owned();
    assert_eq!(
        app.request_with(Method::GET, &paper_url, &[("If-None-Match", &paper_etag)])
            .await
            .status,
        304
    );
    // The entry point, too, is validated like any object.
    let system_url = format!("{BASE}/oparl/v1.1/system");
    let system = app.get(&system_url).await;
    assert!(system.header("last-modified").is_some());
    let system_etag = system.header("etag").expect("ETag").to_owned();
    assert_eq!(
        app.request_with(Method::GET, &system_url, &[("If-None-Match", &system_etag)])
            .await
            .status,
        304
    );
    // After a deletion the list and the object answer in full again.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let origin = paper.json()["ratsinfo:originalId"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    load(
        &app,
        &[(
            "gone.json",
            json!({"id": origin, "type": "https://schema.oparl.org/1.1/Paper", "deleted": true}),
        )],
    )
    .await;
    assert_eq!(
        app.request_with(Method::GET, PAPERS, &[("If-None-Match", &etag)])
            .await
            .status,
        200
    );
    assert_eq!(
        app.request_with(
            Method::GET,
            PAPERS,
            &[("If-Modified-Since", &last_modified)]
        )
        .await
        .status,
        200
    );
    assert_eq!(
        app.request_with(Method::GET, &paper_url, &[("If-None-Match", &paper_etag)])
            .await
            .status,
        200
    );
    app.cleanup().await;
}

async fn deleting_an_embedded_object_moves_its_parents(backend: Backend) {
    let app = TestApp::with_oparl_fixture(backend).await;
    let persons = app.get_json("/oparl/v1.1/bodies/1/persons?limit=100").await;
    let person = persons["data"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["membership"].as_array().is_some_and(|m| !m.is_empty()))
        .cloned()
        .expect("a person with memberships");
    let membership = person["membership"][0].clone();
    let organization = app
        .get_json(membership["organization"].as_str().unwrap_or_default())
        .await;
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let origin = membership["ratsinfo:originalId"]
        .as_str()
        .unwrap_or_default();
    let report = load(&app, &[("gone.json", json!({"id": origin, "type": "https://schema.oparl.org/1.1/Membership", "deleted": true}))]).await;
    assert_eq!(report.counts.deleted, 1);
    // The person embedding it and the organization listing it both moved, and show it no more.
    let person_after = app
        .get_json(person["id"].as_str().unwrap_or_default())
        .await;
    assert!(person_after["modified"].as_str() > person["modified"].as_str());
    assert!(
        person_after["membership"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|m| m["id"] != membership["id"])
    );
    let org_after = app
        .get_json(organization["id"].as_str().unwrap_or_default())
        .await;
    assert!(org_after["modified"].as_str() > organization["modified"].as_str());
    assert!(
        org_after["membership"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|m| *m != membership["id"])
    );
    app.cleanup().await;
}

/// With the data version taken as known for a while (as `serve` does), repeated reads
/// are answered from memory, and a write by another process shows once that while
/// has passed: with a new body, a new ETag and 200 to the old one.
async fn writes_from_elsewhere_show_within_the_version_ttl(backend: Backend) {
    let ttl = std::time::Duration::from_millis(300);
    let app = TestApp::with_version_ttl(backend, ttl).await;
    ratsinfo::ingest::oparl_json::load_text(
        app.store(),
        "fixture.json",
        &Value::Array(demo_objects()).to_string(),
    )
    .await
    .expect("fixture loads");
    let version = app.store().data_version().await.expect("version");
    let list = app.get_json("/oparl/v1.1/bodies/1/papers").await;
    let url = list["data"][0]["id"].as_str().expect("a paper").to_owned();
    let first = app.get(&url).await;
    let etag = first.header("etag").expect("etag").to_owned();
    assert_eq!(
        app.get(&url).await.body,
        first.body,
        "a repeated read differs"
    );

    let mut changed = demo_objects()
        .into_iter()
        .find(|o| {
            o["type"] == "https://schema.oparl.org/1.1/Paper" && o["name"] == first.json()["name"]
        })
        .expect("the paper in the fixture");
    changed["name"] = json!("Neuer Titel aus einem anderen Prozess");
    ratsinfo::ingest::oparl_json::load_text(app.store(), "change.json", &changed.to_string())
        .await
        .expect("change loads");
    assert!(app.store().data_version().await.expect("version") > version);

    tokio::time::sleep(ttl + std::time::Duration::from_millis(100)).await;
    let after = app
        .request_with(Method::GET, &url, &[("if-none-match", etag.as_str())])
        .await;
    assert_eq!(after.status, 200, "the old ETag must not be confirmed");
    assert_eq!(
        after.json()["name"],
        "Neuer Titel aus einem anderen Prozess"
    );
    assert_ne!(after.header("etag"), Some(etag.as_str()));
    app.cleanup().await;
}

on_both_backends!(
    writes_from_elsewhere_show_within_the_version_ttl,
    deleting_an_embedded_object_moves_its_parents,
    conditional_requests_are_answered_with_304,
    several_bodies_keep_their_own_lists,
    filters_are_inclusive_and_lenient,
    pages_link_both_ways_and_cap_the_limit,
    loading_twice_changes_nothing,
    deletion_leaves_tombstones_and_bumps_parents,
    a_crawl_during_inserts_neither_repeats_nor_skips,
    bad_input_gets_clear_errors,
    malformed_files_are_rejected_whole,
    documentation_and_landing_page_are_served,
);
