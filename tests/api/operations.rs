//! What operators and writers meet, on both backends: health and readiness, Prometheus
//! metrics read with a parser of the text format (prometheus-parse), request ids, and
//! the write API with its tokens, scopes, limits and audit trail.

use actix_web::http::Method;
use openmetrics_parser::{PrometheusType, PrometheusValue};
use ratsinfo::api::limits::RateLimit;
use ratsinfo::store::tokens::TokenScope;
use serde_json::Value;

use crate::helpers::{BASE, Backend, Resp, TestApp};
use crate::on_both_backends;

fn seed_minutes() -> Vec<u8> {
    ratsinfo::ingest::oparl_json::DEMO_MINUTES.1.to_vec()
}

const BOUNDARY: &str = "ratsinfo-test-boundary-7c1f";

/// A multipart/form-data body of text fields and one file.
fn form(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((filename, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(app: &TestApp, token: Option<&str>, query: &str, body: Vec<u8>) -> Resp {
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("content-type", content_type.as_str())];
    if let Some(a) = &auth {
        headers.push(("authorization", a.as_str()));
    }
    app.send(
        Method::POST,
        &format!("/api/v1/imports/minutes{query}"),
        &headers,
        body,
    )
    .await
}

/// An error answer: the status, and a body that is an OParl Error and a problem.
fn assert_problem(r: &Resp, status: u16) -> Value {
    assert_eq!(
        r.status,
        status,
        "status; body {}",
        String::from_utf8_lossy(&r.body)
    );
    let body = r.json();
    assert_eq!(body["type"], "https://schema.oparl.org/1.1/Error");
    assert_eq!(body["status"], status);
    assert!(
        body["detail"].as_str().is_some_and(|d| !d.is_empty()),
        "{body}"
    );
    body
}

type Exposition = openmetrics_parser::MetricsExposition<PrometheusType, PrometheusValue>;

fn scrape(r: &Resp) -> Exposition {
    assert_eq!(r.status, 200);
    assert!(
        r.header("content-type")
            .is_some_and(|c| c.starts_with("text/plain; version=0.0.4")),
        "{:?}",
        r.header("content-type")
    );
    let text = String::from_utf8(r.body.clone()).expect("UTF-8");
    openmetrics_parser::prometheus::parse_prometheus(&text)
        .unwrap_or_else(|e| panic!("not the Prometheus text format: {e:?}\n{text}"))
}

fn family<'a>(
    e: &'a Exposition,
    name: &str,
) -> &'a openmetrics_parser::MetricFamily<PrometheusType, PrometheusValue> {
    e.families
        .get(name)
        .or_else(|| e.families.get(name.trim_end_matches("_total")))
        .unwrap_or_else(|| panic!("no metric family {name}"))
}

fn matching<'a>(
    e: &'a Exposition,
    name: &str,
    labels: &'a [(&str, &str)],
) -> impl Iterator<Item = &'a openmetrics_parser::Sample<PrometheusValue>> {
    family(e, name).iter_samples().filter(move |s| {
        let set = s.get_labelset().expect("labels");
        labels
            .iter()
            .all(|(k, v)| set.get_label_value(k) == Some(*v))
    })
}

fn counter(e: &Exposition, name: &str, labels: &[(&str, &str)]) -> f64 {
    matching(e, name, labels)
        .map(|s| match &s.value {
            PrometheusValue::Counter(c) => c.value.as_f64(),
            PrometheusValue::Gauge(n) | PrometheusValue::Unknown(n) => n.as_f64(),
            _ => 0.0,
        })
        .sum()
}

/// `/healthz` and `/readyz` answer and are not cached; readiness fails, naming the
/// check, when the search index was built by another version.
async fn health_and_readiness(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let ready = app.get("/readyz").await;
    assert_eq!(
        ready.status,
        200,
        "{}",
        String::from_utf8_lossy(&ready.body)
    );
    let body = ready.json();
    assert_eq!(body["status"], "ready");
    assert_eq!(body["checks"]["database"], "ok");
    assert_eq!(body["checks"]["migrations"], "ok");

    app.store()
        .execute_raw("UPDATE search_state SET analyzer = -1")
        .await
        .expect("make the index stale");
    let stale = app.get("/readyz").await;
    assert_eq!(stale.status, 503);
    let body = stale.json();
    assert_eq!(body["status"], "not ready");
    assert!(
        body["checks"]["searchIndex"]
            .as_str()
            .is_some_and(|s| s.contains("ratsinfo reindex")),
        "{body}"
    );
    assert_eq!(
        app.get("/healthz").await.status,
        200,
        "the process is still up"
    );
    app.cleanup().await;
}

/// `/metrics` parses as the Prometheus text format and counts requests under their
/// route template (not the path), with a histogram whose buckets add up; request ids
/// are echoed when sane and made when absent or not.
async fn metrics_and_request_ids(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let route = "/oparl/v1.1/papers/{id}";
    let before = scrape(&app.get("/metrics").await);
    let n0 = counter(
        &before,
        "ratsinfo_http_requests_total",
        &[("route", route), ("status", "200")],
    );
    for id in 1..=3 {
        assert_eq!(
            app.get(&format!("/oparl/v1.1/papers/{id}")).await.status,
            200
        );
    }
    let missing = app.get("/oparl/v1.1/papers/999999").await;
    assert_eq!(missing.status, 404);
    let after = scrape(&app.get("/metrics").await);
    let n1 = counter(
        &after,
        "ratsinfo_http_requests_total",
        &[("route", route), ("status", "200")],
    );
    assert!(n1 - n0 >= 3.0, "{n0} → {n1}");
    assert!(
        counter(
            &after,
            "ratsinfo_http_requests_total",
            &[("route", route), ("status", "404")]
        ) >= 1.0
    );
    let paths_as_routes = family(&after, "ratsinfo_http_requests_total")
        .iter_samples()
        .filter_map(|s| {
            let set = s.get_labelset().ok()?;
            set.get_label_value("route").map(str::to_owned)
        })
        .filter(|r| r.contains("999999"))
        .count();
    assert_eq!(paths_as_routes, 0, "paths do not become series");
    let labels = [("route", route), ("status", "200")];
    let histogram = matching(&after, "ratsinfo_http_request_duration_seconds", &labels)
        .next()
        .expect("a latency histogram of the route");
    match &histogram.value {
        PrometheusValue::Histogram(h) => {
            let counts: Vec<f64> = h.buckets.iter().map(|b| b.count.as_f64()).collect();
            assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
            assert!(h.count.is_some_and(|c| c >= 3), "{h:?}");
        }
        other => panic!("not a histogram: {other:?}"),
    }
    let version = counter(&after, "ratsinfo_data_version", &[]);
    assert!(version >= 1.0, "data version {version}");
    assert!(counter(&after, "ratsinfo_db_pool_max_connections", &[]) >= 1.0);
    assert_eq!(
        family(&after, "ratsinfo_response_cache_lookups_total").family_type,
        PrometheusType::Counter
    );

    let echoed = app
        .request_with(Method::GET, "/healthz", &[("x-request-id", "trace-42.a")])
        .await;
    assert_eq!(echoed.header("x-request-id"), Some("trace-42.a"));
    let made = app
        .request_with(
            Method::GET,
            "/healthz",
            &[("x-request-id", "bad id with spaces and / slashes")],
        )
        .await;
    let id = made.header("x-request-id").expect("a request id");
    assert!(
        id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{id}"
    );
    app.cleanup().await;
}

/// Writes need a token of the right scope; reads stay open.
async fn writes_need_a_token_of_their_scope(backend: Backend) {
    let app = TestApp::new(backend).await;
    let store = app.store();
    let harvester = store
        .create_token("harvester", TokenScope::Harvest)
        .await
        .expect("token");
    let body = form(
        &[("body", "Stadt Bielefeld")],
        Some(("m.txt", &seed_minutes())),
    );

    let none = upload(&app, None, "", body.clone()).await;
    assert_problem(&none, 401);
    assert_eq!(
        none.header("www-authenticate"),
        Some("Bearer realm=\"ratsinfo\"")
    );
    let forged = format!("ri_{}", "0".repeat(64));
    assert_problem(&upload(&app, Some(&forged), "", body.clone()).await, 401);
    assert_problem(
        &upload(&app, Some("not-a-token"), "", body.clone()).await,
        401,
    );
    let wrong = upload(&app, Some(&harvester), "", body.clone()).await;
    let problem = assert_problem(&wrong, 403);
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("import"))
    );
    let audit = app
        .request_with(
            Method::GET,
            "/api/v1/audit",
            &[("authorization", &format!("Bearer {harvester}"))],
        )
        .await;
    assert_problem(&audit, 403);
    assert_problem(
        &app.request(Method::DELETE, "/api/v1/objects/papers/1")
            .await,
        401,
    );
    assert_eq!(
        app.store().data_version().await.expect("version"),
        0,
        "nothing written"
    );

    // A revoked token is refused from then on.
    assert!(store.revoke_token("harvester").await.expect("revoke"));
    let revoked = app
        .send(
            Method::POST,
            "/api/v1/harvests",
            &[("authorization", &format!("Bearer {harvester}"))],
            br#"{"source": "http://127.0.0.1:9/oparl/v1.1/system"}"#.to_vec(),
        )
        .await;
    assert_problem(&revoked, 401);
    assert!(
        store
            .create_token("harvester", TokenScope::Admin)
            .await
            .is_err(),
        "names stay taken after revocation"
    );
    app.cleanup().await;
}

/// An upload imports like the command line: 201 with the meeting's Location, the
/// coverage of what was read, and the same file again changes nothing. Broken input is
/// refused before anything is stored; the audit trail names the token.
async fn minutes_upload_withdrawal_and_audit(backend: Backend) {
    let app = TestApp::new(backend).await;
    let importer = app
        .store()
        .create_token("Ratsbüro", TokenScope::Import)
        .await
        .expect("token");
    let admin = app
        .store()
        .create_token("ops", TokenScope::Admin)
        .await
        .expect("token");
    let minutes = seed_minutes();
    let body = form(
        &[("body", "Stadt Bielefeld")],
        Some(("niederschrift.txt", &minutes)),
    );

    // A dry run reads and writes nothing.
    let dry = upload(&app, Some(&importer), "?dry_run=true", body.clone()).await;
    assert_eq!(dry.status, 200, "{}", String::from_utf8_lossy(&dry.body));
    assert_eq!(
        dry.json()["dryRun"]
            .as_bool()
            .or(dry.json()["dry_run"].as_bool()),
        Some(true)
    );
    assert_eq!(dry.json()["coverage"]["items"], 20);
    assert_eq!(app.store().data_version().await.expect("version"), 0);

    let first = upload(&app, Some(&importer), "", body.clone()).await;
    assert_eq!(
        first.status,
        201,
        "{}",
        String::from_utf8_lossy(&first.body)
    );
    let location = first.header("location").expect("Location").to_owned();
    let report = first.json();
    assert_eq!(report["meeting"], location.as_str());
    assert!(
        report["counts"]["created"].as_u64().is_some_and(|n| n > 50),
        "{report}"
    );
    assert_eq!(report["coverage"]["items"], 20);
    assert_eq!(report["coverage"]["with_result"], 5);
    let meeting = app.get_json(&location).await;
    assert_eq!(meeting["type"], "https://schema.oparl.org/1.1/Meeting");
    assert!(
        meeting["start"]
            .as_str()
            .is_some_and(|s| s.starts_with("2021-05-04"))
    );

    let again = upload(&app, Some(&importer), "", body.clone()).await;
    assert_eq!(again.status, 200);
    let counts = &again.json()["counts"];
    assert_eq!(
        (counts["created"].as_u64(), counts["updated"].as_u64()),
        (Some(0), Some(0))
    );

    // Refused before anything is stored.
    let version = app.store().data_version().await.expect("version");
    let not_minutes = form(
        &[("body", "Stadt Bielefeld")],
        Some((
            "brief.txt",
            "Sehr geehrte Damen und Herren,\nanbei die Unterlagen.\n".as_bytes(),
        )),
    );
    let refused = upload(&app, Some(&importer), "", not_minutes).await;
    let problem = assert_problem(&refused, 422);
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("brief.txt")),
        "{problem}"
    );
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&[0u8; 64]);
    let binary = form(&[("body", "Stadt Bielefeld")], Some(("scan.png", &png)));
    assert_problem(&upload(&app, Some(&importer), "", binary).await, 422);
    let no_body = form(&[], Some(("niederschrift.txt", &minutes)));
    assert_problem(&upload(&app, Some(&importer), "", no_body).await, 400);
    let no_file = form(&[("body", "Stadt Bielefeld")], None);
    assert_problem(&upload(&app, Some(&importer), "", no_file).await, 400);
    let not_a_form = app
        .send(
            Method::POST,
            "/api/v1/imports/minutes",
            &[
                ("authorization", &format!("Bearer {importer}")),
                ("content-type", "text/plain"),
            ],
            minutes.clone(),
        )
        .await;
    assert_problem(&not_a_form, 415);
    // The page of one item prints no meeting date: refused, saying how to give it; a
    // date that is no date is a malformed form.
    let undated = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/minutes/brakel-bauausschuss-einstimmig.txt"),
    )
    .expect("fixture");
    let without_date = form(&[("body", "Stadt Brakel")], Some(("to0050.txt", &undated)));
    let problem = assert_problem(&upload(&app, Some(&importer), "", without_date).await, 422);
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("no meeting date") && d.contains("\"date\"")),
        "{problem}"
    );
    let bad_date = form(
        &[("body", "Stadt Brakel"), ("date", "9.6.2020")],
        Some(("to0050.txt", &undated)),
    );
    assert_problem(&upload(&app, Some(&importer), "", bad_date).await, 400);
    assert_eq!(app.store().data_version().await.expect("version"), version);

    // Withdrawal: the paper becomes a tombstone, with its consultations.
    let papers = app.get_json("/oparl/v1.1/bodies/1/papers").await;
    let paper = papers["data"][0]["id"]
        .as_str()
        .expect("a paper")
        .to_owned();
    let path = paper
        .strip_prefix(&format!("{BASE}/oparl/v1.1/"))
        .expect("own URL");
    let auth = format!("Bearer {importer}");
    let gone = app
        .request_with(
            Method::DELETE,
            &format!("/api/v1/objects/{path}"),
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(gone.status, 200, "{}", String::from_utf8_lossy(&gone.body));
    assert_eq!(gone.json()["withdrawn"], true);
    assert!(
        gone.json()["counts"]["deleted"]
            .as_u64()
            .is_some_and(|n| n >= 1)
    );
    let tombstone = app.get_json(&paper).await;
    assert_eq!(tombstone["deleted"], true);
    let twice = app
        .request_with(
            Method::DELETE,
            &format!("/api/v1/objects/{path}"),
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(twice.json()["withdrawn"], false);
    assert_problem(
        &app.request_with(
            Method::DELETE,
            "/api/v1/objects/papers/999999",
            &[("authorization", &auth)],
        )
        .await,
        404,
    );
    assert_problem(
        &app.request_with(
            Method::DELETE,
            "/api/v1/objects/bodies/1",
            &[("authorization", &auth)],
        )
        .await,
        400,
    );

    // The audit trail: newest first, with the token's name and the objects' URLs,
    // paged by `next`.
    let admin_auth = format!("Bearer {admin}");
    let audit = app
        .request_with(
            Method::GET,
            "/api/v1/audit?limit=2",
            &[("authorization", &admin_auth)],
        )
        .await;
    assert_eq!(
        audit.status,
        200,
        "{}",
        String::from_utf8_lossy(&audit.body)
    );
    assert!(
        audit
            .header("cache-control")
            .is_some_and(|c| c.contains("no-store"))
    );
    let page = audit.json();
    assert_eq!(page["data"][0]["action"], "withdraw");
    assert_eq!(page["data"][0]["token"], "Ratsbüro");
    assert_eq!(page["data"][0]["objects"][0], paper.as_str());
    let next = page["links"]["next"]
        .as_str()
        .expect("a next page")
        .to_owned();
    let rest = app
        .request_with(Method::GET, &next, &[("authorization", &admin_auth)])
        .await
        .json();
    let actions: Vec<&str> = page["data"]
        .as_array()
        .into_iter()
        .chain(rest["data"].as_array())
        .flatten()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(actions, ["withdraw", "import-minutes", "import-minutes"]);
    assert_eq!(rest["data"][0]["objects"][0], location.as_str());
    // With the date given, it is that meeting's item.
    let dated = form(
        &[
            ("body", "Stadt Brakel"),
            ("date", "2020-06-09"),
            ("organization", "Bauausschuss"),
        ],
        Some(("to0050.txt", &undated)),
    );
    let r = upload(&app, Some(&importer), "", dated).await;
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let meeting_url = r.json()["meeting"].as_str().expect("meeting").to_owned();
    let meeting = app.get_json(&meeting_url).await;
    // No time is printed, so the meeting has no start; its name and file carry the date.
    assert!(
        meeting["name"]
            .as_str()
            .is_some_and(|n| n.contains("Bauausschuss") && n.ends_with("09.06.2020")),
        "{meeting}"
    );
    assert_eq!(
        meeting["agendaItem"][0]["resolutionFile"]["date"],
        "2020-06-09"
    );
    assert_eq!(
        meeting["agendaItem"][0]["ratsinfo:vote"]["outcome"],
        "adopted"
    );
    let tokens = app.store().tokens().await.expect("tokens");
    assert!(
        tokens
            .iter()
            .any(|t| t.name == "Ratsbüro" && t.last_used.is_some())
    );
    app.cleanup().await;
}

/// Uploads over the limit are refused with 413 before they are held.
async fn uploads_over_the_limit_are_refused(backend: Backend) {
    let app = TestApp::new(backend)
        .await
        .reopen_with(|state| state.max_upload_bytes = 4096)
        .await;
    let token = app
        .store()
        .create_token("t", TokenScope::Import)
        .await
        .expect("token");
    let big = form(
        &[("body", "Stadt Bielefeld")],
        Some(("big.txt", &seed_minutes())),
    );
    let r = upload(&app, Some(&token), "", big).await;
    assert_problem(&r, 413);
    assert_eq!(app.store().data_version().await.expect("version"), 0);
    app.cleanup().await;
}

/// `POST /api/v1/harvests` runs a harvest of a configured source and answers with its
/// report; unknown sources are 404.
async fn harvests_over_http(backend: Backend) {
    let source = TestApp::with_oparl_fixture(backend).await;
    let (url, server) = crate::harvest::serve_store(source.store().clone());
    let mirror = TestApp::new(backend).await;
    let token = mirror
        .store()
        .create_token("harvester", TokenScope::Harvest)
        .await
        .expect("token");
    let auth = format!("Bearer {token}");
    let post = |body: String| {
        let auth = auth.clone();
        let mirror = &mirror;
        async move {
            mirror
                .send(
                    Method::POST,
                    "/api/v1/harvests",
                    &[
                        ("authorization", &auth),
                        ("content-type", "application/json"),
                    ],
                    body.into_bytes(),
                )
                .await
        }
    };
    assert_problem(&post(format!(r#"{{"source": "{url}"}}"#)).await, 404);
    assert_problem(&post("{not json".to_owned()).await, 400);
    // Configured by a first run of the command line's harvester.
    ratsinfo::ingest::harvest::harvest(
        mirror.store(),
        &ratsinfo::ingest::harvest::HarvestOptions::new(&url),
    )
    .await
    .expect("first harvest");
    let r = post(format!(r#"{{"source": "{url}", "full": true}}"#)).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    let report = r.json();
    assert_eq!(report["full"], true);
    assert!(
        report["objects"].as_u64().is_some_and(|n| n > 50),
        "{report}"
    );
    assert_eq!(report["created"], 0, "the mirror was current");
    let entries = mirror.store().audit_entries(None, 10).await.expect("audit");
    assert_eq!(entries[0].action, "harvest");
    assert_eq!(entries[0].token_name, "harvester");
    server.stop(false).await;
    mirror.cleanup().await;
    source.cleanup().await;
}

/// Past its burst a client gets 429 problems with `Retry-After`; every answer says
/// what is left. Writes with a token are counted apart from the address's reads.
async fn clients_are_rate_limited(backend: Backend) {
    let app = TestApp::with_demo(backend)
        .await
        .reopen_with(|state| state.rate_limit = RateLimit::new(1, 3))
        .await;
    let limited = || {
        ratsinfo::metrics::METRICS
            .rate_limited
            .load(std::sync::atomic::Ordering::Relaxed)
    };
    let before = limited();
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let r = app.get("/oparl/v1.1/system").await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("ratelimit-limit"), Some("3"));
        remaining.push(
            r.header("ratelimit-remaining")
                .unwrap_or_default()
                .to_owned(),
        );
    }
    assert_eq!(remaining, ["2", "1", "0"]);
    let refused = app.get("/oparl/v1.1/system").await;
    let problem = assert_problem(&refused, 429);
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("1 requests a second"))
    );
    let wait: u64 = refused
        .header("retry-after")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds");
    assert!((1..=2).contains(&wait), "{wait}");
    assert_eq!(refused.header("ratelimit-remaining"), Some("0"));
    assert_eq!(
        refused.header("access-control-allow-origin"),
        Some("*"),
        "browsers can read the refusal"
    );
    // A write with a token has its own bucket.
    let token = app
        .store()
        .create_token("t", TokenScope::Import)
        .await
        .expect("token");
    let auth = format!("Bearer {token}");
    let write = app
        .request_with(
            Method::DELETE,
            "/api/v1/objects/papers/1",
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(
        write.status,
        200,
        "{}",
        String::from_utf8_lossy(&write.body)
    );
    assert!(limited() > before, "counted for /metrics");
    app.cleanup().await;
}

/// Webhook subscriptions over HTTP: admin only, validated, secrets never shown,
/// removed with 204.
async fn subscriptions_over_http(backend: Backend) {
    let app = TestApp::new(backend).await;
    let admin = app
        .store()
        .create_token("ops", TokenScope::Admin)
        .await
        .expect("token");
    let importer = app
        .store()
        .create_token("imp", TokenScope::Import)
        .await
        .expect("token");
    let post = |token: String, body: &str| {
        let body = body.as_bytes().to_vec();
        let app = &app;
        async move {
            let auth = format!("Bearer {token}");
            app.send(
                Method::POST,
                "/api/v1/subscriptions",
                &[
                    ("authorization", &auth),
                    ("content-type", "application/json"),
                ],
                body,
            )
            .await
        }
    };
    let good = r#"{"url": "https://newsroom.example/hook", "secret": "0123456789abcdef-secret", "types": ["Paper", "VoteEvent"], "paperType": "Antrag"}"#;
    assert_problem(&post(importer.clone(), good).await, 403);
    let bad_url = post(
        admin.clone(),
        r#"{"url": "ftp://x", "secret": "0123456789abcdef"}"#,
    )
    .await;
    assert!(
        assert_problem(&bad_url, 400)["detail"]
            .as_str()
            .is_some_and(|d| d.contains("http"))
    );
    assert_problem(
        &post(
            admin.clone(),
            r#"{"url": "https://x.example", "secret": "short"}"#,
        )
        .await,
        400,
    );
    assert_problem(
        &post(
            admin.clone(),
            r#"{"url": "https://x.example", "secret": "0123456789abcdef", "types": ["Person"]}"#,
        )
        .await,
        400,
    );
    let created = post(admin.clone(), good).await;
    assert_eq!(
        created.status,
        201,
        "{}",
        String::from_utf8_lossy(&created.body)
    );
    let location = created.header("location").expect("Location").to_owned();
    assert!(
        !String::from_utf8_lossy(&created.body).contains("secret"),
        "the secret is not echoed"
    );
    let auth = format!("Bearer {admin}");
    let list = app
        .request_with(
            Method::GET,
            "/api/v1/subscriptions",
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(list.status, 200);
    let data = list.json()["data"].clone();
    assert_eq!(data[0]["id"], location.as_str());
    assert_eq!(data[0]["types"], serde_json::json!(["Paper", "VoteEvent"]));
    assert_eq!(data[0]["paperType"], "Antrag");
    assert_eq!(app.store().webhooks().await.expect("hooks").len(), 1);
    let id = location.rsplit('/').next().expect("an id").to_owned();
    let path = format!("/api/v1/subscriptions/{id}");
    let gone = app
        .request_with(Method::DELETE, &path, &[("authorization", &auth)])
        .await;
    assert_eq!(gone.status, 204);
    let again = app
        .request_with(Method::DELETE, &path, &[("authorization", &auth)])
        .await;
    assert_problem(&again, 404);
    assert!(app.store().webhooks().await.expect("hooks").is_empty());
    app.cleanup().await;
}

/// A harvest of one source and a dump run in one process at a time, across every
/// process on the same PostgreSQL database (replicas): a second process's attempt
/// fails clearly while the first holds the job, and succeeds once it ends.
async fn jobs_run_in_one_process_at_a_time(backend: Backend) {
    let app = TestApp::with_oparl_fixture(backend).await;
    // A second process's view of the same database: a pool of its own.
    let other = ratsinfo::store::Store::connect(&app.db.url)
        .await
        .expect("a second pool");
    let held = app
        .store()
        .try_job_lock("dump")
        .await
        .expect("lock")
        .expect("free");
    let second = other.try_job_lock("dump").await.expect("lock");
    let dir = std::env::temp_dir().join(format!("ratsinfo-joblock-{}", std::process::id()));
    let options = ratsinfo::export::dump::DumpOptions {
        out: dir.join(format!("{backend:?}")),
        public_url: BASE.to_owned(),
        license: "https://creativecommons.org/licenses/by/4.0/".to_owned(),
    };
    match backend {
        Backend::Postgres => {
            assert!(second.is_none(), "the other process sees the job taken");
            let busy = ratsinfo::export::dump::dump(&other, &options, |_, _| {}).await;
            let message = busy.err().map(|e| e.to_string()).unwrap_or_default();
            assert!(message.contains("another process"), "{message}");
            assert!(!options.out.exists(), "nothing written by the refused dump");
            let harvest_options = ratsinfo::ingest::harvest::HarvestOptions::new(
                "http://127.0.0.1:9/oparl/v1.1/system",
            );
            let harvest = ratsinfo::ingest::harvest::harvest(&other, &harvest_options);
            let lock = app
                .store()
                .try_job_lock("harvest http://127.0.0.1:9/oparl/v1.1/system")
                .await
                .expect("lock")
                .expect("free");
            let refused = harvest
                .await
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(refused.contains("another process"), "{refused}");
            drop(lock);
        }
        Backend::Sqlite => assert!(second.is_some(), "one machine: no cross-process lock"),
    }
    drop(second);
    drop(held);
    ratsinfo::export::dump::dump(&other, &options, |_, _| {})
        .await
        .expect("the job is free again");
    assert!(options.out.join("manifest.json").exists());
    let _ = std::fs::remove_dir_all(&dir);
    other.close().await;
    app.cleanup().await;
}

/// Two replicas over one database, each with serve's one-second data-version
/// interval: what is written through one is served by the other within the interval,
/// and the other's cached list and object answers do not outlive the change.
async fn a_write_on_one_replica_is_served_by_the_other(backend: Backend) {
    let ttl = std::time::Duration::from_secs(1);
    let a = TestApp::with_version_ttl(backend, ttl).await;
    let b = a.replica(ttl).await;
    ratsinfo::ingest::oparl_json::load_demo(a.store())
        .await
        .expect("demo");
    std::thread::sleep(ttl);
    let list = "/oparl/v1.1/bodies/1/papers";
    let before = b.get(list).await;
    assert_eq!(before.status, 200);
    let etag = before.header("etag").expect("an ETag").to_owned();
    let paper = before.json()["data"][0]["id"]
        .as_str()
        .expect("a paper")
        .to_owned();
    assert_eq!(b.get_json(&paper).await["deleted"], serde_json::Value::Null);
    // Withdrawn through replica a's write API.
    let token = a
        .store()
        .create_token("t", TokenScope::Import)
        .await
        .expect("token");
    let path = paper
        .strip_prefix(&format!("{BASE}/oparl/v1.1/"))
        .expect("own URL");
    let auth = format!("Bearer {token}");
    let gone = a
        .request_with(
            Method::DELETE,
            &format!("/api/v1/objects/{path}"),
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(gone.status, 200);
    // Replica b may answer from its cache for at most the interval, then shows it.
    std::thread::sleep(ttl + std::time::Duration::from_millis(100));
    assert_eq!(b.get_json(&paper).await["deleted"], true);
    let after = b
        .request_with(Method::GET, list, &[("if-none-match", &etag)])
        .await;
    assert_eq!(
        after.status, 200,
        "the old list is not revalidated as current"
    );
    assert_ne!(after.header("etag"), Some(etag.as_str()));
    b.cleanup().await;
    a.cleanup().await;
}

/// `serve --read-database-url`: reads go to the second URL, writes to the first. On
/// PostgreSQL the second URL opens read-only sessions of the same database, so a write
/// that went there would fail; on SQLite it is a second pool over the same file.
async fn reads_go_to_the_read_database_and_writes_to_the_primary(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let read_url = match backend {
        Backend::Postgres => format!(
            "{}?options=-c%20default_transaction_read_only%3Don",
            app.db.url
        ),
        Backend::Sqlite => app.db.url.clone(),
    };
    let reader = ratsinfo::store::Store::connect(&read_url)
        .await
        .expect("the read database");
    if backend == Backend::Postgres {
        assert!(
            reader.create_token("x", TokenScope::Admin).await.is_err(),
            "the read sessions refuse writes"
        );
    }
    let token = app
        .store()
        .create_token("t", TokenScope::Import)
        .await
        .expect("token");
    let app = app.reopen_with(move |state| state.store = reader).await;
    let paper = app.get_json("/oparl/v1.1/bodies/1/papers").await["data"][0]["id"]
        .as_str()
        .expect("a paper")
        .to_owned();
    let path = paper
        .strip_prefix(&format!("{BASE}/oparl/v1.1/"))
        .expect("own URL");
    let auth = format!("Bearer {token}");
    let gone = app
        .request_with(
            Method::DELETE,
            &format!("/api/v1/objects/{path}"),
            &[("authorization", &auth)],
        )
        .await;
    assert_eq!(gone.status, 200, "{}", String::from_utf8_lossy(&gone.body));
    assert_eq!(
        app.get_json(&paper).await["deleted"],
        true,
        "read back through the reader"
    );
    app.cleanup().await;
}

on_both_backends!(
    reads_go_to_the_read_database_and_writes_to_the_primary,
    a_write_on_one_replica_is_served_by_the_other,
    jobs_run_in_one_process_at_a_time,
    clients_are_rate_limited,
    subscriptions_over_http,
    health_and_readiness,
    metrics_and_request_ids,
    writes_need_a_token_of_their_scope,
    minutes_upload_withdrawal_and_audit,
    uploads_over_the_limit_are_refused,
    harvests_over_http,
);
