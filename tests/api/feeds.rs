//! Atom feeds and iCalendar files on both backends, read back with XML and iCalendar
//! parsers: complete documents, entries that lead somewhere, following writes, nothing
//! non-public, and clear errors.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::helpers::{BASE, Backend, TestApp, fixture_dir};
use crate::on_both_backends;
use ratsinfo::ingest::minutes::{ImportOptions, import_file};
use ratsinfo::ingest::oparl_json::DEMO_MINUTES;

/// A parsed Atom document: the feed's own elements and its entries.
#[derive(Debug, Default)]
struct Atom {
    fields: BTreeMap<String, String>,
    links: Vec<(String, String)>,
    entries: Vec<AtomEntry>,
}

#[derive(Debug, Default, Clone)]
struct AtomEntry {
    fields: BTreeMap<String, String>,
    links: Vec<(String, String)>,
}

fn parse_atom(xml: &str) -> Atom {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut atom = Atom::default();
    let mut path: Vec<String> = Vec::new();
    let mut entry: Option<AtomEntry> = None;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"link" => {
                let attr = |name: &[u8]| {
                    e.attributes()
                        .filter_map(Result::ok)
                        .find(|a| a.key.as_ref() == name)
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                        .unwrap_or_default()
                };
                let link = (attr(b"rel"), attr(b"href").replace("&amp;", "&"));
                match entry.as_mut() {
                    Some(en) => en.links.push(link),
                    None => atom.links.push(link),
                }
            }
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if path.is_empty() {
                    assert_eq!(name, "feed", "the root is <feed>");
                    let ns = e
                        .attributes()
                        .filter_map(Result::ok)
                        .find(|a| a.key.as_ref() == b"xmlns")
                        .map(|a| a.value.into_owned());
                    assert_eq!(ns.as_deref(), Some(&b"http://www.w3.org/2005/Atom"[..]));
                }
                if name == "entry" {
                    entry = Some(AtomEntry::default());
                }
                path.push(name);
            }
            Event::Text(t) => {
                let text = t.unescape().expect("text").into_owned();
                let key = path.last().cloned().unwrap_or_default();
                match entry.as_mut() {
                    Some(en) if path.len() == 3 => {
                        en.fields.insert(key, text);
                    }
                    None if path.len() == 2 => {
                        atom.fields.insert(key, text);
                    }
                    _ if path.ends_with(&["author".to_owned(), "name".to_owned()]) => {
                        atom.fields.insert("author".to_owned(), text);
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                if e.name().as_ref() == b"entry"
                    && let Some(en) = entry.take()
                {
                    atom.entries.push(en);
                }
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    atom
}

/// The path of an absolute URL of the test app.
fn local(url: &str) -> String {
    url.strip_prefix(BASE).unwrap_or(url).to_owned()
}

async fn feed(app: &TestApp, url: &str) -> Atom {
    let resp = app.get(url).await;
    assert_eq!(
        resp.status,
        200,
        "{url}: {}",
        String::from_utf8_lossy(&resp.body)
    );
    assert_eq!(
        resp.header("content-type"),
        Some("application/atom+xml; charset=utf-8")
    );
    parse_atom(&String::from_utf8_lossy(&resp.body))
}

/// Atom's mandatory elements, and entries newest first whose links resolve.
async fn assert_complete(app: &TestApp, url: &str, atom: &Atom) {
    for field in ["id", "title", "updated", "author"] {
        assert!(
            atom.fields.contains_key(field),
            "{url}: feed without {field}"
        );
    }
    assert!(
        atom.links
            .iter()
            .any(|(rel, href)| rel == "self" && local(href) == url),
        "{url}: {:?}",
        atom.links
    );
    let mut last = None;
    for e in &atom.entries {
        for field in ["id", "title", "updated", "published"] {
            assert!(
                e.fields.contains_key(field),
                "{url}: entry without {field}: {e:?}"
            );
        }
        let updated = e.fields["updated"].clone();
        assert!(
            chrono::DateTime::parse_from_rfc3339(&updated).is_ok(),
            "{updated}"
        );
        if let Some(previous) = &last {
            assert!(&updated <= previous, "{url}: entries out of order");
        }
        last = Some(updated);
        assert!(e.links.iter().any(|(rel, _)| rel == "alternate"), "{e:?}");
        for (_, href) in &e.links {
            // Agenda items lead to their meeting's page (303).
            let status = app.get(&local(href)).await.status;
            assert!(
                status == 200 || status == 303,
                "{url}: entry link {href}: {status}"
            );
        }
    }
}

fn bielefeld() -> ImportOptions {
    ImportOptions {
        body: "Stadt Bielefeld".to_owned(),
        organization: None,
        date: None,
    }
}

async fn atom_feeds_are_complete_and_lead_to_pages_and_objects(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    for url in [
        "/feeds/bodies/1.atom",
        "/feeds/organizations/1.atom",
        "/feeds/persons/1.atom",
        "/feeds/papers.atom?paper_type=Anfrage",
        "/feeds/search.atom?q=Serviceportal",
    ] {
        let atom = feed(&app, url).await;
        assert!(!atom.entries.is_empty(), "{url} is empty");
        assert_complete(&app, url, &atom).await;
    }
    let body = feed(&app, "/feeds/bodies/1.atom").await;
    let kinds: Vec<&str> = body
        .entries
        .iter()
        .filter_map(|e| e.fields.get("title").map(String::as_str))
        .collect();
    assert!(
        kinds.iter().any(|t| t.contains("Serviceportal")),
        "{kinds:?}"
    );
    let anfragen = feed(&app, "/feeds/papers.atom?paper_type=Anfrage").await;
    assert_eq!(anfragen.entries.len(), 7, "the seed has seven Anfragen");
    let person = feed(&app, "/feeds/persons/1.atom").await;
    assert!(
        person
            .entries
            .iter()
            .all(|e| e.fields["id"].contains("/api/v1/votes/"))
    );
    let limited = feed(&app, "/feeds/bodies/1.atom?limit=3").await;
    assert_eq!(limited.entries.len(), 3);
    // The pages announce their feeds.
    let html = String::from_utf8_lossy(&app.get("/organizations/1").await.body).into_owned();
    assert!(html.contains("type=\"application/atom+xml\""));
    app.cleanup().await;
}

async fn load(app: &TestApp, objects: Vec<Value>) {
    let dir = fixture_dir(&[("objects.json", Value::Array(objects))]);
    let report = ratsinfo::ingest::oparl_json::load_paths(app.store(), &[dir])
        .await
        .expect("load");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
}

async fn feeds_and_calendars_follow_writes(backend: Backend) {
    let app = TestApp::new(backend).await;
    let body = json!({
        "id": "https://example.org/oparl/body/1",
        "type": "https://schema.oparl.org/1.1/Body",
        "name": "Gemeinde Beispiel",
        "system": "https://example.org/oparl/system"
    });
    let paper = |deleted: bool| {
        if deleted {
            json!({"id": "https://example.org/oparl/paper/7", "type": "https://schema.oparl.org/1.1/Paper", "deleted": true})
        } else {
            json!({
                "id": "https://example.org/oparl/paper/7",
                "type": "https://schema.oparl.org/1.1/Paper",
                "body": "https://example.org/oparl/body/1",
                "name": "Antrag auf Tempo 30 vor der Grundschule",
                "reference": "A 12/2024",
                "paperType": "Antrag",
                "date": "2024-03-12"
            })
        }
    };
    let meeting = json!({
        "id": "https://example.org/oparl/meeting/3",
        "type": "https://schema.oparl.org/1.1/Meeting",
        "name": "Sitzung des Bauausschusses",
        "start": "2024-03-19T16:00:00Z",
        "end": "2024-03-19T18:30:00Z",
        "cancelled": true
    });
    load(&app, vec![body.clone(), paper(false), meeting]).await;
    let antraege = feed(&app, "/feeds/papers.atom?paper_type=Antrag").await;
    assert_eq!(antraege.entries.len(), 1);
    assert_eq!(
        antraege.entries[0].fields["title"],
        "Antrag auf Tempo 30 vor der Grundschule"
    );
    assert!(antraege.entries[0].fields["summary"].contains("A 12/2024"));
    // The calendar reads back with an iCalendar parser.
    let ics = app.get("/calendar/bodies/1.ics").await;
    assert_eq!(
        ics.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    let text = String::from_utf8_lossy(&ics.body).into_owned();
    assert!(text.lines().all(|l| l.len() <= 76), "folded lines");
    assert!(text.contains("\r\n"), "CRLF line ends");
    let calendars: Vec<_> = ical::IcalParser::new(std::io::BufReader::new(ics.body.as_slice()))
        .collect::<Result<_, _>>()
        .expect("a valid iCalendar");
    assert_eq!(calendars.len(), 1);
    let cal = &calendars[0];
    assert_eq!(cal.timezones.len(), 1, "Europe/Berlin is described");
    assert_eq!(cal.events.len(), 1);
    let prop = |name: &str| {
        cal.events[0]
            .properties
            .iter()
            .find(|p| p.name == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {name}"))
    };
    assert_eq!(prop("STATUS").value.as_deref(), Some("CANCELLED"));
    // 16:00 UTC in March is 17:00 in Berlin.
    assert_eq!(prop("DTSTART").value.as_deref(), Some("20240319T170000"));
    assert_eq!(
        prop("DTSTART").params,
        Some(vec![("TZID".to_owned(), vec!["Europe/Berlin".to_owned()])])
    );
    assert_eq!(prop("DTEND").value.as_deref(), Some("20240319T193000"));
    let uid = prop("UID").value.expect("uid");
    assert!(uid.ends_with("/oparl/v1.1/meetings/1"), "{uid}");
    assert_eq!(
        prop("SUMMARY").value.as_deref(),
        Some("Sitzung des Bauausschusses")
    );
    // Loading the same again changes no UID; a tombstone leaves the feed at once.
    load(&app, vec![body, paper(true)]).await;
    assert!(
        feed(&app, "/feeds/papers.atom?paper_type=Antrag")
            .await
            .entries
            .is_empty()
    );
    let again = String::from_utf8_lossy(&app.get("/calendar/bodies/1.ics").await.body).into_owned();
    assert!(again.contains(&format!("UID:{uid}")));
    app.cleanup().await;
}

async fn non_public_decisions_never_reach_a_feed(backend: Backend) {
    let app = TestApp::new(backend).await;
    let secret = "Grundstücksverkauf an die Firma Geheimnisträger GmbH";
    let minutes = String::from_utf8_lossy(DEMO_MINUTES.1).replace(
        "Bielefeld, den 18.05.2021",
        &format!(
            "Nichtöffentliche Sitzung:\n\nZu Punkt 11\n\n{secret}\n\nBeschluss:\n\n{secret} wird zugestimmt.\n\n- einstimmig beschlossen -\n\nBielefeld, den 18.05.2021"
        ),
    );
    import_file(
        app.store(),
        "bielefeld.txt",
        minutes.as_bytes(),
        &bielefeld(),
    )
    .await
    .expect("import");
    for url in [
        "/feeds/bodies/1.atom?limit=200",
        "/feeds/organizations/1.atom?limit=200",
        "/feeds/persons/1.atom?limit=200",
        "/feeds/search.atom?q=Grundst%C3%BCcksverkauf",
        "/calendar/bodies/1.ics",
    ] {
        let body = String::from_utf8_lossy(&app.get(url).await.body).into_owned();
        assert!(!body.contains("Geheimnisträger"), "{url}");
    }
    app.cleanup().await;
}

async fn bad_feed_requests_get_problems(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    for (url, status) in [
        ("/feeds/bodies/1.atom?frobnicate=1", 400),
        ("/feeds/bodies/1.atom?limit=0", 400),
        ("/feeds/bodies/1.atom?limit=many", 400),
        ("/feeds/papers.atom", 400),
        ("/feeds/papers.atom?paper_type=Antrag&body=x", 400),
        ("/feeds/search.atom?q=%22offen", 400),
        ("/feeds/search.atom", 400),
        ("/calendar/bodies/1.ics?from=gestern", 400),
        ("/feeds/bodies/99.atom", 404),
        ("/feeds/bodies/1.rss", 404),
        ("/feeds/persons/abc.atom", 404),
        ("/calendar/organizations/999.ics", 404),
    ] {
        let resp = app.get(url).await;
        assert_eq!(resp.status, status, "{url}");
        let problem = resp.json();
        assert_eq!(problem["status"], status, "{url}: {problem}");
        assert!(
            problem["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{url}"
        );
    }
    app.cleanup().await;
}

on_both_backends!(
    atom_feeds_are_complete_and_lead_to_pages_and_objects,
    feeds_and_calendars_follow_writes,
    non_public_decisions_never_reach_a_feed,
    bad_feed_requests_get_problems,
);
