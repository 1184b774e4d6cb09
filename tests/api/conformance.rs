//! The OParl conformance crawl (checks A to E of shared/oparl-checks.md): from the
//! entry point through every list, page by page, and every object, embedded ones and
//! referenced ones included, validating each response as a validator would.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use actix_web::http::Method;
use serde_json::Value;

use crate::helpers::{BASE, Backend, Resp, TestApp};
use crate::on_both_backends;
use crate::oparl_checks::{self as checks, Violation};

#[derive(Default)]
struct Crawl {
    violations: Vec<String>,
    /// Every object id seen in a list, by type.
    listed: BTreeMap<String, BTreeSet<String>>,
    /// Referenced URLs with their expected type.
    references: BTreeSet<(String, String)>,
    /// Embedded objects with their type.
    embedded: Vec<(String, Value)>,
    /// Id sequence of each list, for the stability check.
    sequences: BTreeMap<String, Vec<String>>,
}

impl Crawl {
    fn add(&mut self, found: Vec<Violation>) {
        self.violations
            .extend(found.into_iter().map(|v| v.to_string()));
    }

    fn fail(&mut self, check: u32, url: &str, message: impl Into<String>) {
        self.violations
            .push(format!("C{check} at {url}: {}", message.into()));
    }

    /// B10, B12, B13 on every JSON response.
    fn http(&mut self, url: &str, r: &Resp) {
        if r.header("access-control-allow-origin") != Some("*") {
            self.fail(10, url, "no Access-Control-Allow-Origin: *");
        }
        if r.header("content-type") != Some("application/json; charset=utf-8") {
            self.fail(
                12,
                url,
                format!("content type {:?}", r.header("content-type")),
            );
        }
        if r.body.starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.fail(13, url, "body starts with a BOM");
        }
        let text = String::from_utf8_lossy(&r.body);
        if text.contains("&amp;") || text.contains("&uuml;") {
            self.fail(13, url, "HTML escapes in JSON");
        }
    }
}

/// Crawls one list via `links.next`, checking every page (E44–E53).
async fn crawl_list(app: &TestApp, crawl: &mut Crawl, first: &str, ty: &str) {
    let mut url = first.to_owned();
    let mut visited = BTreeSet::new();
    let mut sequence = Vec::new();
    let mut per_page = None;
    let mut total = None;
    loop {
        if !visited.insert(url.clone()) {
            crawl.fail(46, &url, "links.next loops");
            break;
        }
        let r = app.get(&url).await;
        crawl.http(&url, &r);
        if r.status != 200 {
            crawl.fail(44, &url, format!("status {}", r.status));
            break;
        }
        let page = r.json();
        let mut found = checks::check_page(&page, ty, &url);
        if url.contains("omit_internal=true") {
            // E55: with omit_internal the mandatory Body.legislativeTerm is left out.
            found.retain(|v| !(v.check == 25 && v.message.contains("`legislativeTerm`")));
        }
        crawl.add(found);
        let data = page["data"].as_array().cloned().unwrap_or_default();
        if let Some(n) = page["pagination"]["elementsPerPage"].as_u64() {
            if per_page.is_some_and(|p| p != n) {
                crawl.fail(48, &url, "elementsPerPage changes between pages");
            }
            per_page = Some(n);
        }
        total = page["pagination"]["totalElements"].as_u64().or(total);
        for (key, value) in page["links"].as_object().into_iter().flatten() {
            // E53: every link keeps the filters of the first URL.
            let value = value.as_str().unwrap_or_default();
            for param in ["limit=", "omit_internal="] {
                if first.contains(param) && !value.contains(param) {
                    crawl.fail(53, &url, format!("links.{key} lost {param}"));
                }
            }
        }
        for entry in &data {
            let id = entry["id"].as_str().unwrap_or_default().to_owned();
            sequence.push(id.clone());
            crawl.listed.entry(ty.to_owned()).or_default().insert(id);
            crawl.references.extend(
                checks::reference_urls(entry, ty)
                    .into_iter()
                    .map(|(t, u)| (u, t)),
            );
            crawl.embedded.extend(checks::embedded_objects(entry, ty));
            crawl.add(checks::check_standalone_backrefs(entry, ty, &url));
        }
        match page["links"]["next"].as_str() {
            Some(next) => {
                if data.is_empty() {
                    crawl.fail(46, &url, "empty page with a next link");
                }
                url = next.to_owned();
            }
            None => break,
        }
    }
    let distinct: BTreeSet<&String> = sequence.iter().collect();
    if distinct.len() != sequence.len() {
        crawl.fail(50, first, "duplicates across pages");
    }
    if let Some(total) = total
        && total as usize != sequence.len()
    {
        crawl.fail(
            49,
            first,
            format!("totalElements {total}, crawled {}", sequence.len()),
        );
    }
    crawl.sequences.insert(first.to_owned(), sequence);
}

/// The whole crawl from the entry point; `query` is appended to every first list URL.
async fn crawl_all(app: &TestApp, query: &str) -> Crawl {
    let mut crawl = Crawl::default();
    let entry = format!("{BASE}/oparl/v1.1/system");
    let head = app.request(Method::HEAD, &entry).await;
    if head.status != 200 {
        crawl.fail(2, &entry, format!("HEAD answered {}", head.status));
    }
    let r = app.get(&entry).await;
    crawl.http(&entry, &r);
    let system = r.json();
    crawl.add(checks::check_object(&system, "System", false, "system"));
    if system["id"] != entry.as_str() {
        crawl.fail(6, &entry, "System.id is not the entry URL");
    }
    if system["oparlVersion"] != "https://schema.oparl.org/1.1/" {
        crawl.fail(4, &entry, "oparlVersion");
    }
    if system["license"].as_str().is_none() {
        crawl.fail(7, &entry, "no licence");
    }
    let body_list = system["body"].as_str().unwrap_or_default().to_owned();
    crawl_list(app, &mut crawl, &format!("{body_list}{query}"), "Body").await;
    let bodies: Vec<String> = crawl
        .listed
        .get("Body")
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    for body_url in bodies {
        let body = app.get_json(&body_url).await;
        crawl.add(checks::check_object(&body, "Body", false, &body_url));
        for (ty, list) in checks::list_urls(&body, "Body") {
            crawl_list(app, &mut crawl, &format!("{list}{query}"), &ty).await;
        }
    }
    let organizations: Vec<String> = crawl
        .listed
        .get("Organization")
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    for org_url in organizations {
        let org = app.get_json(&org_url).await;
        for (ty, list) in checks::list_urls(&org, "Organization") {
            crawl_list(app, &mut crawl, &format!("{list}{query}"), &ty).await;
        }
    }
    crawl
}

/// D38, D39, D42, D43: every embedded object and every reference resolves to a
/// standalone object of the right type, which equals its list entry.
async fn check_objects(app: &TestApp, crawl: &mut Crawl) {
    let mut standalone: BTreeMap<String, Value> = BTreeMap::new();
    let listed: Vec<(String, String)> = crawl
        .listed
        .iter()
        .flat_map(|(ty, ids)| ids.iter().map(move |id| (ty.clone(), id.clone())))
        .collect();
    let embedded: Vec<(String, String)> = crawl
        .embedded
        .iter()
        .map(|(ty, v)| (ty.clone(), v["id"].as_str().unwrap_or_default().to_owned()))
        .collect();
    let referenced: Vec<(String, String)> = crawl
        .references
        .iter()
        .map(|(u, t)| (t.clone(), u.clone()))
        .collect();
    for (ty, url) in listed.iter().chain(&embedded).chain(&referenced) {
        if ty == "System" || standalone.contains_key(url) {
            continue;
        }
        let r = app.get(url).await;
        crawl.http(url, &r);
        if r.status != 200 {
            crawl.fail(38, url, format!("{ty} answers {}", r.status));
            continue;
        }
        let head = app.request(Method::HEAD, url).await;
        if head.status != 200 {
            crawl.fail(19, url, format!("HEAD answers {}", head.status));
        }
        let object = r.json();
        if object["type"] != checks::type_uri(ty).as_str() || object["id"] != url.as_str() {
            crawl.fail(38, url, format!("expected a {ty} with this id"));
        }
        crawl.add(checks::check_object(&object, ty, false, url));
        crawl.add(checks::check_standalone_backrefs(&object, ty, url));
        if !crawl.listed.get(ty).is_some_and(|ids| ids.contains(url)) {
            crawl.fail(42, url, format!("{ty} is not in its body's list"));
        }
        standalone.insert(url.clone(), object);
    }
    // D43: an embedded object equals its standalone form minus back-references.
    let backrefs = [
        "body",
        "person",
        "meeting",
        "paper",
        "agendaItem",
        "bodies",
        "organizations",
        "persons",
        "meetings",
        "papers",
    ];
    for (_, embedded) in &crawl.embedded {
        let id = embedded["id"].as_str().unwrap_or_default();
        let Some(full) = standalone.get(id) else {
            continue;
        };
        let mut full = full.clone();
        if let Some(map) = full.as_object_mut() {
            for key in backrefs {
                if embedded.get(key).is_none() {
                    map.remove(key);
                }
            }
        }
        let mut embedded = embedded.clone();
        if let (Some(a), Some(b)) = (embedded.as_object_mut(), full.as_object()) {
            // Embedded children of the embedded object are compared on their own.
            a.retain(|k, _| b.contains_key(k) || k == "id");
        }
        if embedded != full {
            crawl.violations.push(format!(
                "C43 at {id}: embedded form differs from the standalone form"
            ));
        }
    }
}

fn assert_clean(crawl: &Crawl) {
    assert!(
        crawl.violations.is_empty(),
        "{} violation(s):\n{}",
        crawl.violations.len(),
        crawl.violations.join("\n")
    );
}

async fn crawl_finds_no_violation_on_the_demo(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    // Small pages make every list paginate.
    let mut crawl = crawl_all(&app, "?limit=7").await;
    check_objects(&app, &mut crawl).await;
    assert_clean(&crawl);
    let count = |ty: &str| crawl.listed.get(ty).map_or(0, BTreeSet::len);
    assert_eq!(count("Body"), 1);
    assert_eq!(count("Meeting"), 1);
    assert_eq!(count("AgendaItem"), 20);
    assert_eq!(count("Paper"), 12);
    assert_eq!(count("Consultation"), 12);
    assert!(count("Person") >= 18, "persons: {}", count("Person"));
    assert!(count("Membership") >= 18);
    // E50: a second crawl sees the same sequences.
    let again = crawl_all(&app, "?limit=7").await;
    assert_eq!(crawl.sequences, again.sequences);
    // omit_internal: the internal arrays are gone from list entries (E55).
    let omitted = crawl_all(&app, "?omit_internal=true").await;
    assert_clean(&omitted);
    app.cleanup().await;
}

async fn crawl_finds_no_violation_on_the_specification_examples(backend: Backend) {
    let app = TestApp::new(backend).await;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/oparl-examples");
    let report = ratsinfo::ingest::oparl_json::load_paths(app.store(), &[dir])
        .await
        .expect("examples load");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    // The known defects are repaired, each with a warning.
    let warnings = report.warnings.join("\n");
    assert!(warnings.contains("wrapped in a Feature"), "{warnings}");
    assert!(warnings.contains("[lat, lon]"), "{warnings}");
    assert!(
        warnings.contains("used for different content"),
        "{warnings}"
    );
    assert!(warnings.contains("replaced by its position"), "{warnings}");
    let mut crawl = crawl_all(&app, "").await;
    check_objects(&app, &mut crawl).await;
    assert_clean(&crawl);
    assert_eq!(crawl.listed.get("Paper").map(BTreeSet::len), Some(1));
    assert_eq!(crawl.listed.get("Meeting").map(BTreeSet::len), Some(1));
    app.cleanup().await;
}

async fn crawl_finds_no_violation_on_the_oparl_fixture(backend: Backend) {
    let app = TestApp::with_oparl_fixture(backend).await;
    let mut crawl = crawl_all(&app, "?limit=5").await;
    check_objects(&app, &mut crawl).await;
    assert_clean(&crawl);
    assert_eq!(crawl.listed.get("AgendaItem").map(BTreeSet::len), Some(20));
    app.cleanup().await;
}

on_both_backends!(
    the_generated_council_is_valid_oparl_and_deterministic,
    crawl_finds_no_violation_on_the_demo,
    crawl_finds_no_violation_on_the_oparl_fixture,
    crawl_finds_no_violation_on_the_specification_examples,
);

async fn the_generated_council_is_valid_oparl_and_deterministic(backend: Backend) {
    use ratsinfo::ingest::generate::{Scale, generate};
    let app = TestApp::new(backend).await;
    let generated = generate(app.store(), Scale::Tiny, 7)
        .await
        .expect("generates");
    assert!(generated.objects > 500, "{generated:?}");
    let mut crawl = crawl_all(&app, "?limit=50").await;
    check_objects(&app, &mut crawl).await;
    assert_clean(&crawl);
    // Some papers are deleted: they are not in the list but answer as tombstones.
    let papers = crawl.listed.get("Paper").map_or(0, BTreeSet::len);
    assert!(papers > 100 && papers < 120, "{papers}");
    // The same seed gives the same council, byte for byte.
    let other = TestApp::new(backend).await;
    generate(other.store(), Scale::Tiny, 7)
        .await
        .expect("generates again");
    for list in ["papers", "meetings", "persons", "memberships"] {
        let url = format!("/oparl/v1.1/bodies/1/{list}?limit=1000");
        assert_eq!(
            app.get(&url).await.body,
            other.get(&url).await.body,
            "{list}"
        );
    }
    // And a second run into the same store is refused rather than duplicating.
    assert!(generate(app.store(), Scale::Tiny, 7).await.is_err());
    other.cleanup().await;
    app.cleanup().await;
}
