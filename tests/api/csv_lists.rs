//! CSV of every list on both backends, read back with the `csv` crate: one row per
//! object, the same objects as the JSON face, documented columns, pages and the whole
//! list streamed at once.

use actix_web::http::Method;
use serde_json::Value;

use crate::helpers::{BASE, Backend, TestApp};
use crate::on_both_backends;

const LISTS: [&str; 10] = [
    "organizations",
    "persons",
    "meetings",
    "papers",
    "agenda-items",
    "consultations",
    "files",
    "locations",
    "legislative-terms",
    "memberships",
];

fn read_csv(body: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(body);
    let header = reader
        .headers()
        .expect("a header row")
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            r.expect("an RFC 4180 row")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect();
    (header, rows)
}

/// Every object id of a JSON list, following `links.next`.
async fn json_ids(app: &TestApp, url: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut next = Some(url.to_owned());
    while let Some(u) = next {
        let page = app.get_json(&u).await;
        ids.extend(
            page["data"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|o| o["id"].as_str().map(str::to_owned)),
        );
        next = page["links"]["next"].as_str().map(str::to_owned);
    }
    ids
}

async fn every_oparl_list_answers_csv_with_the_same_objects(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    for list in LISTS {
        let url = format!("/oparl/v1.1/bodies/1/{list}");
        let expected = json_ids(&app, &url).await;
        assert!(!expected.is_empty(), "{list} is empty in the demo");
        let resp = app.get(&format!("{url}?format=csv&all=true")).await;
        assert_eq!(resp.status, 200, "{list}");
        assert_eq!(
            resp.header("content-type"),
            Some("text/csv; charset=utf-8; header=present")
        );
        let (header, rows) = read_csv(&resp.body);
        assert_eq!(header[0], "id");
        assert!(
            rows.iter().all(|r| r.len() == header.len()),
            "{list}: ragged rows"
        );
        let ids: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
        assert_eq!(ids, expected, "{list}: CSV and JSON list the same objects");
        // The columns are those the CSVW metadata documents, in order.
        let meta = app.get_json(&format!("{url}.csv-metadata.json")).await;
        let titles: Vec<&str> = meta["tableSchema"]["columns"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["titles"].as_str())
            .collect();
        assert_eq!(titles, header, "{list}");
        assert_eq!(meta["url"], format!("{BASE}{url}?format=csv"));
        // Pages of two, followed by their Link headers, give the same rows.
        let mut paged = Vec::new();
        let mut next = Some(format!("{url}?format=csv&limit=2"));
        while let Some(u) = next {
            let resp = app.get(&u).await;
            let (h, rows) = read_csv(&resp.body);
            assert_eq!(h, header);
            paged.extend(rows);
            next = resp
                .header("link")
                .and_then(|l| l.strip_prefix('<'))
                .and_then(|l| l.split_once(">; rel=\"next\""))
                .map(|(u, _)| u.to_owned());
        }
        assert_eq!(paged, rows, "{list}: pages and the whole list agree");
    }
    app.cleanup().await;
}

async fn csv_values_match_the_json_objects(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let meeting = app.get_json("/oparl/v1.1/meetings/1").await;
    let resp = app
        .request_with(
            Method::GET,
            "/oparl/v1.1/bodies/1/meetings",
            &[("accept", "text/csv")],
        )
        .await;
    assert!(
        resp.header("vary").is_some_and(|v| v.contains("Accept")),
        "{:?}",
        resp.headers
    );
    let (header, rows) = read_csv(&resp.body);
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let row = &rows[0];
    assert_eq!(
        row[col("name")],
        meeting["name"].as_str().unwrap_or_default()
    );
    assert_eq!(row[col("start")], "2021-05-04T17:00:00+02:00");
    assert_eq!(
        row[col("location")],
        meeting["location"]["id"].as_str().unwrap_or_default()
    );
    assert_eq!(
        row[col("organization")],
        meeting["organization"][0].as_str().unwrap_or_default()
    );
    // Arrays are joined with " | ".
    let persons = app
        .get_json("/oparl/v1.1/bodies/1/persons?limit=1000")
        .await;
    let titled = persons["data"]
        .as_array()
        .and_then(|d| {
            d.iter()
                .find(|p| p["title"].as_array().is_some_and(|t| !t.is_empty()))
        })
        .cloned();
    if let Some(p) = titled {
        let (header, rows) = read_csv(
            &app.get("/oparl/v1.1/bodies/1/persons?format=csv&all=true")
                .await
                .body,
        );
        let row = rows
            .iter()
            .find(|r| r[0] == p["id"].as_str().unwrap_or_default())
            .expect("row");
        let joined: Vec<&str> = p["title"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(
            row[header.iter().position(|h| h == "title").unwrap_or(0)],
            joined.join(" | ")
        );
    }
    let json = app
        .request_with(
            Method::GET,
            "/oparl/v1.1/bodies/1/meetings?format=json",
            &[("accept", "text/csv")],
        )
        .await;
    assert_eq!(
        json.header("content-type"),
        Some("application/json; charset=utf-8"),
        "format wins over Accept"
    );
    app.cleanup().await;
}

async fn tombstones_of_an_incremental_sync_are_rows_too(backend: Backend) {
    let app = TestApp::new(backend).await;
    let body = serde_json::json!({
        "id": "https://example.org/oparl/body/1",
        "type": "https://schema.oparl.org/1.1/Body",
        "name": "Gemeinde Beispiel",
        "system": "https://example.org/oparl/system"
    });
    let paper = |deleted: bool| {
        if deleted {
            serde_json::json!({"id": "https://example.org/oparl/paper/7", "type": "https://schema.oparl.org/1.1/Paper", "deleted": true})
        } else {
            serde_json::json!({"id": "https://example.org/oparl/paper/7", "type": "https://schema.oparl.org/1.1/Paper",
                "body": "https://example.org/oparl/body/1", "name": "Antrag, Tempo 30", "paperType": "Antrag"})
        }
    };
    for objects in [vec![body.clone(), paper(false)], vec![body, paper(true)]] {
        let dir = crate::helpers::fixture_dir(&[("objects.json", Value::Array(objects))]);
        ratsinfo::ingest::oparl_json::load_paths(app.store(), &[dir])
            .await
            .expect("load");
    }
    let (_, live) = read_csv(
        &app.get("/oparl/v1.1/bodies/1/papers?format=csv&all=true")
            .await
            .body,
    );
    assert!(live.is_empty(), "a deleted paper is not in the list");
    let url = "/oparl/v1.1/bodies/1/papers?format=csv&all=true&modified_since=2000-01-01T00%3A00%3A00%2B00%3A00";
    let (header, rows) = read_csv(&app.get(url).await.body);
    assert_eq!(rows.len(), 1);
    let deleted = header
        .iter()
        .position(|h| h == "deleted")
        .expect("deleted column");
    assert_eq!(rows[0][deleted], "true");
    app.cleanup().await;
}

async fn native_lists_answer_csv_too(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    for url in [
        "/api/v1/votes?format=csv",
        "/api/v1/motions?format=csv",
        "/api/v1/search?q=Digitalisierung&format=csv",
        "/api/v1/persons/1/votes?format=csv",
        "/api/v1/stats/faction-agreement?format=csv",
    ] {
        let resp = app.get(url).await;
        assert_eq!(resp.status, 200, "{url}");
        assert!(
            resp.header("content-type")
                .is_some_and(|c| c.starts_with("text/csv")),
            "{url}"
        );
        let (header, rows) = read_csv(&resp.body);
        assert!(!header.is_empty() && !rows.is_empty(), "{url}");
        assert!(rows.iter().all(|r| r.len() == header.len()), "{url}");
    }
    app.cleanup().await;
}

async fn bad_csv_requests_get_problems(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    // A list is JSON or CSV; an Accept header that allows neither is a 406 problem.
    let refused = app
        .request_with(
            Method::GET,
            "/oparl/v1.1/bodies/1/papers",
            &[("accept", "application/xml")],
        )
        .await;
    assert_eq!(refused.status, 406);
    assert_eq!(refused.json()["status"], 406);
    for accept in [
        "*/*",
        "application/json",
        "text/html,application/xhtml+xml,*/*;q=0.8",
        "application/ld+json",
    ] {
        let resp = app
            .request_with(
                Method::GET,
                "/oparl/v1.1/bodies/1/papers",
                &[("accept", accept)],
            )
            .await;
        assert_eq!(
            resp.header("content-type"),
            Some("application/json; charset=utf-8"),
            "{accept}"
        );
    }
    let explicit = app
        .request_with(
            Method::GET,
            "/oparl/v1.1/bodies/1/papers?format=json",
            &[("accept", "application/xml")],
        )
        .await;
    assert_eq!(explicit.status, 200, "format wins over Accept");
    for (url, status) in [
        ("/oparl/v1.1/bodies/1/papers?format=xml", 400),
        ("/oparl/v1.1/bodies/1/papers?all=true", 400),
        ("/oparl/v1.1/bodies/1/papers?format=csv&all=yes", 400),
        ("/oparl/v1.1/bodies/99/papers?format=csv", 404),
        ("/oparl/v1.1/bodies/99/papers?format=csv&all=true", 404),
        ("/oparl/v1.1/bodies/1/nothing.csv-metadata.json", 404),
    ] {
        let resp = app.get(url).await;
        assert_eq!(resp.status, status, "{url}");
        assert_eq!(resp.json()["status"], status, "{url}");
    }
    app.cleanup().await;
}

on_both_backends!(
    every_oparl_list_answers_csv_with_the_same_objects,
    csv_values_match_the_json_objects,
    tombstones_of_an_incremental_sync_are_rows_too,
    native_lists_answer_csv_too,
    bad_csv_requests_get_problems,
);
