//! The native API over the imported seed minutes: votes, motions, a member's record and
//! the statistics, as JSON and CSV, on both backends.

use actix_web::http::Method;
use serde_json::Value;

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

async fn all_votes(app: &TestApp, query: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut url = Some(format!("/api/v1/votes?limit=3{query}"));
    while let Some(u) = url {
        let page = app.get_json(&u).await;
        out.extend(page["data"].as_array().cloned().unwrap_or_default());
        url = page["links"]["next"].as_str().map(str::to_owned);
    }
    out
}

fn item_number(app_items: &[Value], url: &str) -> String {
    app_items
        .iter()
        .find(|i| i["id"] == url)
        .and_then(|i| i["number"].as_str())
        .unwrap_or_default()
        .to_owned()
}

async fn the_seed_decisions_are_votes(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let meeting = app.get_json("/oparl/v1.1/bodies/1/meetings").await["data"][0].clone();
    let items = meeting["agendaItem"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let votes = all_votes(&app, "").await;
    let by_number = |n: &str| {
        votes
            .iter()
            .find(|v| item_number(&items, v["agendaItem"].as_str().unwrap_or_default()) == n)
            .cloned()
            .unwrap_or_else(|| panic!("no vote for item {n}"))
    };
    let v1 = by_number("1");
    assert_eq!(
        (v1["outcome"].as_str(), v1["method"].as_str()),
        (Some("adopted"), Some("unanimous"))
    );
    assert!(
        v1["counts"]["yes"].is_null() && v1["counts"]["no"].is_null(),
        "counts stay unknown: {v1}"
    );
    let v7 = by_number("7");
    assert_eq!(
        (v7["outcome"].as_str(), v7["method"].as_str()),
        (Some("adopted_amended"), Some("unanimous"))
    );
    assert_eq!(v7["papers"][0]["reference"], "0751/2020-2025");
    assert_eq!(by_number("4.1")["outcome"], "withdrawn");
    assert_eq!(by_number("5")["outcome"], "noted");
    assert_eq!(by_number("6")["outcome"], "first_reading");
    // A unanimous vote: each faction present voted yes, on that basis.
    let positions = v1["factionPositions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(positions.len(), 8);
    assert!(
        positions
            .iter()
            .all(|p| p["position"] == "yes" && p["basis"] == "unanimous")
    );
    assert_eq!(v1["personVotes"].as_array().map(Vec::len), Some(18));
    assert_eq!(
        v1["source"]["file"],
        "bielefeld_2021-05-04_digitalisierungsausschuss.txt"
    );

    // The OParl face carries the vote on the agenda item.
    let item1 = items.iter().find(|i| i["number"] == "1").expect("item 1");
    assert_eq!(item1["ratsinfo:vote"]["outcome"], "adopted");
    assert_eq!(item1["ratsinfo:voteEvent"], v1["url"]);
    let one = app.get_json(v1["url"].as_str().unwrap_or_default()).await;
    assert_eq!(one["id"], v1["id"]);

    // Filters.
    assert_eq!(all_votes(&app, "&outcome=withdrawn").await.len(), 1);
    assert_eq!(all_votes(&app, "&method=unanimous").await.len(), 2);
    assert_eq!(all_votes(&app, "&from=2021-05-05").await.len(), 0);
    let paper = app.get_json("/oparl/v1.1/bodies/1/papers").await["data"]
        .as_array()
        .and_then(|ps| {
            ps.iter()
                .find(|p| p["reference"] == "0751/2020-2025")
                .cloned()
        })
        .expect("paper");
    let on_paper = all_votes(
        &app,
        &format!("&paper={}", paper["id"].as_str().unwrap_or_default()),
    )
    .await;
    assert_eq!(on_paper.len(), 1);
    let bad = app.get("/api/v1/votes?outcome=passed").await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["type"], "https://schema.oparl.org/1.1/Error");
    assert_eq!(app.get("/api/v1/votes?from=4.5.2021").await.status, 400);
    assert_eq!(app.get("/api/v1/votes/999999").await.status, 404);

    // CSV with the documented columns.
    let csv = app
        .request_with(Method::GET, "/api/v1/votes", &[("Accept", "text/csv")])
        .await;
    assert_eq!(csv.header("content-type"), Some("text/csv; charset=utf-8"));
    let text = String::from_utf8_lossy(&csv.body).into_owned();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "id,date,organization,meeting,agenda_item,papers,outcome,method,yes,no,abstain,absent,factions_yes,factions_no,result_text"
        )
    );
    assert_eq!(lines.count(), votes.len());
    assert_eq!(app.get("/api/v1/votes?format=csv").await.body, csv.body);
    app.cleanup().await;
}

async fn motions_member_records_and_statistics(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let motions = app.get_json("/api/v1/motions?limit=100").await["data"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    // Seven Anfragen and one Antrag.
    assert_eq!(motions.len(), 8, "{motions:?}");
    let antrag = motions
        .iter()
        .find(|m| m["paperType"] == "Antrag")
        .expect("Antrag");
    assert_eq!(antrag["reference"], "1386/2020-2025");
    assert_eq!(antrag["status"], "withdrawn");
    assert_eq!(antrag["originators"][0]["name"], "FDP");
    let detail = app
        .get_json(&format!("/api/v1/motions/{}", antrag["id"]))
        .await;
    assert_eq!(detail["history"].as_array().map(Vec::len), Some(1));
    assert_eq!(detail["history"][0]["outcome"], "withdrawn");
    let fdp = app
        .get_json(&format!(
            "/api/v1/motions?originator={}",
            antrag["originators"][0]["url"].as_str().unwrap_or_default()
        ))
        .await;
    assert_eq!(fdp["data"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        app.get_json("/api/v1/motions?type=Antrag").await["data"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(app.get("/api/v1/motions?type=Rezept").await.status, 400);

    // A member's record: two unanimous votes, none against the own faction.
    let persons = app.get_json("/oparl/v1.1/bodies/1/persons?limit=100").await["data"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let vollmer = persons
        .iter()
        .find(|p| p["familyName"] == "Vollmer")
        .expect("Vollmer");
    let id = vollmer["id"]
        .as_str()
        .unwrap_or_default()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned();
    let record = app.get_json(&format!("/api/v1/persons/{id}/votes")).await;
    assert_eq!(record["data"].as_array().map(Vec::len), Some(2));
    assert!(
        record["data"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|v| v["vote"] == "yes" && v["differsFromFaction"] == false)
    );
    assert_eq!(app.get("/api/v1/persons/999999/votes").await.status, 404);

    // Faction agreement: every pair agreed in both unanimous votes; coverage is honest.
    let agreement = app.get_json("/api/v1/stats/faction-agreement").await;
    assert_eq!(agreement["coverage"]["decisions"], 5);
    assert_eq!(agreement["coverage"]["withPositions"], 2);
    assert_eq!(agreement["coverage"]["outcomeOnly"], 3);
    let pairs = agreement["pairs"].as_array().cloned().unwrap_or_default();
    assert_eq!(pairs.len(), 28);
    assert!(
        pairs
            .iter()
            .all(|p| p["decisionsTogether"] == 2 && p["agreementRate"] == 1.0)
    );
    let csv = String::from_utf8_lossy(
        &app.get("/api/v1/stats/faction-agreement?format=csv")
            .await
            .body,
    )
    .into_owned();
    assert!(csv.starts_with(
        "faction_a,name_a,faction_b,name_b,decisions_together,agreements,agreement_rate\r\n"
    ));

    // Motion statistics by originator and by type.
    let by_type = app.get_json("/api/v1/stats/motions?group_by=type").await;
    assert_eq!(by_type["motions"], 8);
    let antraege = by_type["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|g| g["key"] == "Antrag")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (
            antraege["motions"].as_u64(),
            antraege["decided"].as_u64(),
            antraege["other"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
    let by_originator = app
        .get_json("/api/v1/stats/motions?group_by=originator")
        .await;
    let fdp = by_originator["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|g| g["name"] == "FDP")
        .cloned()
        .unwrap_or_default();
    assert_eq!(fdp["motions"], 2);
    assert_eq!(app.get("/api/v1/stats/motions").await.status, 400);
    assert_eq!(
        app.get("/api/v1/stats/motions?group_by=colour")
            .await
            .status,
        400
    );
    let csv = String::from_utf8_lossy(
        &app.get("/api/v1/stats/motions?group_by=type&format=csv")
            .await
            .body,
    )
    .into_owned();
    assert!(csv.starts_with("key,name,motions,decided,adopted,rejected,other,adoption_rate\r\n"));
    app.cleanup().await;
}

async fn statistics_over_thousands_of_generated_votes(backend: Backend) {
    use ratsinfo::ingest::generate::{Scale, generate};
    let app = TestApp::new(backend).await;
    generate(app.store(), Scale::Small, 3)
        .await
        .expect("generates");
    let agreement = app.get_json("/api/v1/stats/faction-agreement").await;
    let decisions = agreement["coverage"]["decisions"]
        .as_u64()
        .unwrap_or_default();
    assert!(decisions > 2_000, "{decisions}");
    let pairs = agreement["pairs"].as_array().cloned().unwrap_or_default();
    assert_eq!(pairs.len(), 28);
    for p in &pairs {
        let rate = p["agreementRate"].as_f64().unwrap_or(-1.0);
        assert!(
            (0.0..=1.0).contains(&rate) && p["decisionsTogether"].as_u64() > Some(100),
            "{p}"
        );
    }
    // Outcome-only decisions (noted, postponed) are counted, not hidden.
    assert!(agreement["coverage"]["outcomeOnly"].as_u64() > Some(0));
    let by_originator = app
        .get_json("/api/v1/stats/motions?group_by=originator")
        .await;
    assert_eq!(by_originator["groups"].as_array().map(Vec::len), Some(8));
    let by_organization = app
        .get("/api/v1/stats/motions?group_by=organization&format=csv")
        .await;
    assert!(
        String::from_utf8_lossy(&by_organization.body)
            .lines()
            .count()
            > 5
    );
    // A filtered, paginated vote list on the generated council.
    let page = app
        .get_json("/api/v1/votes?outcome=rejected&limit=50")
        .await;
    assert_eq!(page["data"].as_array().map(Vec::len), Some(50));
    assert!(
        page["data"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|v| v["outcome"] == "rejected")
    );
    assert!(page["links"]["next"].is_string());
    app.cleanup().await;
}

on_both_backends!(
    the_seed_decisions_are_votes,
    motions_member_records_and_statistics,
    statistics_over_thousands_of_generated_votes,
);
