//! Webhooks on both backends against a real receiver on loopback: deliveries are
//! queued in the writing transaction, signed, filtered, retried after failures with
//! their status recorded, and never hold up an import.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use serde_json::Value;

use crate::helpers::{BASE, Backend, TestApp};
use crate::on_both_backends;
use ratsinfo::api::urls::Urls;
use ratsinfo::export::webhooks::{client, deliver_due, signature};
use ratsinfo::store::webhooks::NewWebhook;

const SECRET: &str = "a-secret-of-some-length";

/// A request the receiver got: its headers (lower-case names) and body.
type Received = Arc<Mutex<Vec<(Vec<(String, String)>, Vec<u8>)>>>;

/// An HTTP receiver on a free port answering each request with the next status of
/// `answers` (the last one repeats).
fn receiver(answers: Vec<u16>) -> (String, Received) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    let got: Received = Arc::default();
    let seen = got.clone();
    std::thread::spawn(move || {
        let mut n = 0;
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut headers = Vec::new();
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some((k, v)) = line.trim_end().split_once(':') {
                    headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
                }
            }
            let length = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            seen.lock().expect("lock").push((headers, body));
            let status = answers[n.min(answers.len() - 1)];
            n += 1;
            let _ = stream.write_all(
                format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                    .as_bytes(),
            );
        }
    });
    (url, got)
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

async fn deliveries_are_signed_filtered_and_retried(backend: Backend) {
    let app = TestApp::new(backend).await;
    let (url, got) = receiver(vec![500, 200]);
    let all = app
        .store()
        .add_webhook(&NewWebhook {
            url: url.clone(),
            secret: SECRET.to_owned(),
            ..Default::default()
        })
        .await
        .expect("add");
    let anfragen = app
        .store()
        .add_webhook(&NewWebhook {
            url: url.clone(),
            secret: SECRET.to_owned(),
            kinds: Some("Paper".to_owned()),
            paper_type: Some("Anfrage".to_owned()),
            ..Default::default()
        })
        .await
        .expect("add");
    ratsinfo::ingest::oparl_json::load_demo(app.store())
        .await
        .expect("demo");
    // Queued with the import, nothing sent yet.
    assert!(got.lock().expect("lock").is_empty());
    let queued = app.store().deliveries(all).await.expect("deliveries");
    let papers = app.get_json("/oparl/v1.1/bodies/1/papers?limit=100").await["data"]
        .as_array()
        .map_or(0, Vec::len);
    let meetings = app.get_json("/oparl/v1.1/bodies/1/meetings").await["data"]
        .as_array()
        .map_or(0, Vec::len);
    let votes = app.get_json("/api/v1/votes?limit=100").await["data"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(
        queued.len(),
        papers + meetings + votes,
        "one per paper, meeting and decision"
    );
    let filtered = app.store().deliveries(anfragen).await.expect("deliveries");
    assert_eq!(filtered.len(), 7, "the seven Anfragen only");
    assert!(filtered.iter().all(|d| d.kind == "Paper"));
    // The first round fails (500): recorded, and tried again only after a pause.
    let urls = Urls::new(BASE);
    let http = client().expect("client");
    let now = ratsinfo::oparl::time::now();
    let first = deliver_due(app.store(), &urls, &http, now)
        .await
        .expect("round");
    let total = queued.len() + filtered.len();
    assert_eq!(
        (first.delivered, first.failed),
        (total - 1, 1),
        "the receiver answers 500 once, then 200"
    );
    let again = deliver_due(app.store(), &urls, &http, now)
        .await
        .expect("round");
    assert_eq!(
        again.delivered + again.failed,
        0,
        "the failed one waits for its pause"
    );
    let later = deliver_due(app.store(), &urls, &http, now + 3_600_000_000)
        .await
        .expect("round");
    assert_eq!((later.delivered, later.failed), (1, 0));
    let mut rows = app.store().deliveries(all).await.expect("deliveries");
    rows.extend(app.store().deliveries(anfragen).await.expect("deliveries"));
    assert!(
        rows.iter().all(|d| d.delivered.is_some()),
        "all delivered in the end"
    );
    assert_eq!(
        rows.iter()
            .filter(|d| d.attempts == 2 && d.last_status == Some(200))
            .count(),
        1,
        "one took a second attempt"
    );
    // Every request is signed and names an object that exists.
    let received = got.lock().expect("lock").clone();
    assert_eq!(received.len(), queued.len() + filtered.len() + 1);
    for (headers, body) in &received {
        assert_eq!(
            header(headers, "x-ratsinfo-signature"),
            Some(signature(SECRET, body).as_str())
        );
        let payload: Value = serde_json::from_slice(body).expect("JSON");
        assert_eq!(
            header(headers, "x-ratsinfo-event"),
            payload["event"].as_str()
        );
        let id = payload["id"].as_str().expect("id");
        assert_eq!(app.get(id).await.status, 200, "{id}");
    }
    app.cleanup().await;
}

async fn an_unreachable_receiver_never_holds_up_an_import(backend: Backend) {
    let app = TestApp::new(backend).await;
    // A port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let hook = app
        .store()
        .add_webhook(&NewWebhook {
            url: format!("http://127.0.0.1:{port}/hook"),
            secret: SECRET.to_owned(),
            ..Default::default()
        })
        .await
        .expect("add");
    ratsinfo::ingest::oparl_json::load_demo(app.store())
        .await
        .expect("the import does not wait for the receiver");
    let round = deliver_due(
        app.store(),
        &Urls::new(BASE),
        &client().expect("client"),
        ratsinfo::oparl::time::now(),
    )
    .await
    .expect("round");
    assert_eq!(round.delivered, 0);
    assert!(round.failed > 0);
    let rows = app.store().deliveries(hook).await.expect("deliveries");
    assert!(
        rows.iter()
            .all(|d| d.delivered.is_none() && d.attempts == 1 && d.last_error.is_some())
    );
    assert!(
        rows.iter().all(|d| d.next_attempt > d.created),
        "tried again later"
    );
    assert!(app.store().remove_webhook(hook).await.expect("remove"));
    assert!(
        app.store()
            .deliveries(hook)
            .await
            .expect("deliveries")
            .is_empty()
    );
    app.cleanup().await;
}

on_both_backends!(
    deliveries_are_signed_filtered_and_retried,
    an_unreachable_receiver_never_holds_up_an_import,
);
