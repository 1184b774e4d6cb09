//! The stored renderings (issue 14) stay true: after any sequence of writes by the
//! importers, every stored rendering is byte-identical to a fresh rendering of its
//! object (`rerender` finds nothing to change), and the API serves exactly them.

use actix_web::http::Method;
use serde_json::{Value, json};

use crate::helpers::{BASE, Backend, TestApp, demo_objects, fixture_dir};
use crate::on_both_backends;
use ratsinfo::ingest::minutes::{ImportOptions, import_file};
use ratsinfo::ingest::oparl_json::{DEMO_MINUTES, load_paths};
use ratsinfo::store::tokens::TokenScope;

fn seed() -> String {
    String::from_utf8(DEMO_MINUTES.1.to_vec()).expect("seed is UTF-8")
}

/// The fixture's object of a type, changed by `edit`.
fn fixture_object(type_name: &str, edit: impl FnOnce(&mut Value)) -> Value {
    let mut object = demo_objects()
        .into_iter()
        .find(|o| o["type"] == format!("https://schema.oparl.org/1.1/{type_name}"))
        .expect("the fixture holds the type");
    edit(&mut object);
    object
}

async fn load(app: &TestApp, name: &str, object: Value) {
    let dir = fixture_dir(&[(name, object)]);
    let report = load_paths(app.store(), &[dir]).await.expect("load");
    assert!(report.errors.is_empty(), "{name}: {:?}", report.errors);
}

fn file(key: &str, name: &str) -> Value {
    json!({
        "id": format!("https://demo.ratsinfo.invalid/file/{key}"),
        "type": "https://schema.oparl.org/1.1/File",
        "name": name,
        "accessUrl": format!("https://demo.ratsinfo.invalid/file/{key}/content"),
        "mimeType": "application/pdf",
        "created": "2021-05-18T12:00:00+02:00",
        "modified": "2021-05-18T12:00:00+02:00"
    })
}

/// A paper of the fixture's body with files and a location, or with another main file
/// and neither.
fn paper_with_files(first: bool) -> Value {
    let mut paper = json!({
        "id": "https://demo.ratsinfo.invalid/paper/files",
        "type": "https://schema.oparl.org/1.1/Paper",
        "body": "https://demo.ratsinfo.invalid/body/bielefeld",
        "name": "Breitbandausbau in den Gewerbegebieten",
        "reference": "0999/2020-2025",
        "created": "2021-05-18T12:00:00+02:00",
        "modified": if first { "2021-05-18T12:00:00+02:00" } else { "2021-06-01T12:00:00+02:00" },
    });
    if first {
        paper["mainFile"] = file("main", "Vorlage");
        paper["auxiliaryFile"] = json!([file("aux", "Anlage 1")]);
        paper["location"] = json!([{
            "id": "https://demo.ratsinfo.invalid/location/gewerbegebiet",
            "type": "https://schema.oparl.org/1.1/Location",
            "description": "Gewerbegebiet Nord",
            "created": "2021-05-18T12:00:00+02:00",
            "modified": "2021-05-18T12:00:00+02:00"
        }]);
    } else {
        paper["mainFile"] = file("main-2", "Vorlage, 2. Fassung");
    }
    paper
}

/// One write by one of the importers; the steps touch embedded and back-referenced
/// objects from every side.
async fn step(app: &TestApp, n: usize) {
    let minutes = |text: String, name: &'static str| async move {
        let options = ImportOptions {
            body: "Stadt Bielefeld".to_owned(),
            organization: None,
            date: None,
        };
        import_file(app.store(), name, text.as_bytes(), &options)
            .await
            .expect("minutes import");
    };
    match n {
        // The OParl fixture of the seed meeting.
        0 => {
            let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/oparl/bielefeld-digitalisierungsausschuss-2021-05-04.json");
            let report = load_paths(app.store(), &[path]).await.expect("fixture");
            assert!(report.errors.is_empty(), "{:?}", report.errors);
        }
        // The seed minutes, then a corrected version without item 10.1.
        1 => minutes(seed(), "bielefeld.txt").await,
        2 => {
            let seed = seed();
            let cut = seed.find("Zu Punkt 10.1").expect("10.1");
            let end = seed.find("Bielefeld, den 18.05.2021").expect("signature");
            let corrected = format!("{}{}", &seed[..cut], &seed[end..]).replace(
                "- einstimmig beschlossen -",
                "- einstimmig so beschlossen -",
            );
            minutes(corrected, "bielefeld.txt").await;
        }
        // A generated council of its own.
        3 => {
            ratsinfo::ingest::generate::generate(
                app.store(),
                ratsinfo::ingest::generate::Scale::Tiny,
                7,
            )
            .await
            .expect("generate");
        }
        // The meeting loses an agenda item and its location changes.
        4 => {
            let meeting = fixture_object("Meeting", |m| {
                if let Some(items) = m["agendaItem"].as_array_mut() {
                    items.remove(3);
                }
                m["location"]["room"] = json!("Großer Saal");
            });
            load(app, "meeting.json", meeting).await;
        }
        // A paper is withdrawn in the source: it and its consultations are tombstones,
        // the agenda item that pointed at a consultation no longer does.
        5 => {
            let paper = fixture_object("Paper", |_| {});
            let gone = json!({"id": paper["id"], "type": paper["type"], "deleted": true});
            load(app, "gone.json", gone).await;
        }
        // A membership changes its organization's and person's representation.
        6 => {
            let person = fixture_object("Person", |p| {
                if let Some(m) = p["membership"].as_array_mut().and_then(|m| m.first_mut()) {
                    m["role"] = json!("Vorsitz");
                    m["endDate"] = json!("2025-10-31");
                }
            });
            load(app, "person.json", person).await;
        }
        // A paper with files and a location, then the same paper with another main
        // file and neither: the files it no longer names stop listing it.
        8 => load(app, "paper.json", paper_with_files(true)).await,
        9 => load(app, "paper.json", paper_with_files(false)).await,
        // The meeting's invitation is a file that a paper names as well.
        10 => {
            let meeting = fixture_object("Meeting", |m| {
                m["invitation"] = file("aux", "Einladung");
            });
            load(app, "meeting.json", meeting).await;
        }
        // Withdrawal through the write API: the first paper and its consultations.
        _ => {
            let token = app
                .store()
                .create_token(&format!("renderings-{n}"), TokenScope::Import)
                .await
                .expect("token");
            let papers = app.get("/oparl/v1.1/bodies/1/papers").await;
            if papers.status != 200 {
                return;
            }
            let papers = papers.json();
            let Some(paper) = papers["data"][0]["id"].as_str() else {
                return;
            };
            let path = paper
                .strip_prefix(&format!("{BASE}/oparl/v1.1/"))
                .expect("own URL")
                .to_owned();
            let auth = format!("Bearer {token}");
            let r = app
                .request_with(
                    Method::DELETE,
                    &format!("/api/v1/objects/{path}"),
                    &[("authorization", &auth)],
                )
                .await;
            assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        }
    }
}

/// Every stored rendering equals a fresh one: re-rendering changes nothing.
async fn assert_consistent(app: &TestApp, done: &[usize]) {
    let changed = app.store().rerender(|_, _| {}).await.expect("rerender");
    assert_eq!(
        changed, 0,
        "after steps {done:?}: {changed} stored rendering(s) differed from a fresh rendering"
    );
}

/// Orders of the steps after the fixture (which the variations change): as listed,
/// reversed, and shuffled by a fixed seed.
fn orders() -> Vec<Vec<usize>> {
    let steps: Vec<usize> = (1..12).collect();
    let mut shuffled = steps.clone();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..shuffled.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        shuffled.swap(i, (state % (i as u64 + 1)) as usize);
    }
    let reversed: Vec<usize> = steps.iter().rev().copied().collect();
    [steps, reversed, shuffled]
        .into_iter()
        .map(|order| std::iter::once(0).chain(order).collect())
        .collect()
}

async fn renderings_stay_true_after_any_sequence_of_writes(backend: Backend) {
    for order in orders() {
        let app = TestApp::new(backend).await;
        let mut done = Vec::new();
        for n in &order {
            step(&app, *n).await;
            done.push(*n);
            assert_consistent(&app, &done).await;
        }
        app.cleanup().await;
    }
}

/// What the API serves from the renderings is what it renders without them: each
/// object and each list page of the first body, byte for byte.
async fn served_renderings_equal_fresh_ones(backend: Backend) {
    let app = TestApp::new(backend).await;
    for n in [0, 1, 4, 5] {
        step(&app, n).await;
    }
    let live = app.twin(|state| state.disable_renderings()).await;
    let mut checked = 0;
    for list in [
        "papers",
        "meetings",
        "agenda-items",
        "consultations",
        "persons",
        "memberships",
        "organizations",
        "files",
        "locations",
        "legislative-terms",
    ] {
        let mut url = Some(format!("/oparl/v1.1/bodies/1/{list}?limit=7"));
        while let Some(u) = url {
            let (stored, fresh) = (app.get(&u).await, live.get(&u).await);
            assert_eq!(stored.status, 200, "{u}");
            assert_eq!(
                String::from_utf8_lossy(&stored.body),
                String::from_utf8_lossy(&fresh.body),
                "{u}"
            );
            let page: Value = stored.json();
            for object in page["data"].as_array().into_iter().flatten() {
                let id = object["id"].as_str().expect("id");
                let (stored, fresh) = (app.get(id).await, live.get(id).await);
                assert_eq!(
                    String::from_utf8_lossy(&stored.body),
                    String::from_utf8_lossy(&fresh.body),
                    "{id}"
                );
                checked += 1;
            }
            url = page["links"]["next"].as_str().map(str::to_owned);
        }
    }
    assert!(checked > 50, "only {checked} objects");
    live.cleanup().await;
    app.cleanup().await;
}

on_both_backends!(
    renderings_stay_true_after_any_sequence_of_writes,
    served_renderings_equal_fresh_ones
);
