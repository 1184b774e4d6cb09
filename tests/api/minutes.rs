//! The minutes import, end to end through the OParl API, on both backends: the facts
//! of the seed minutes, idempotence, corrections, rejection, non-public parts.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;
use ratsinfo::ingest::minutes::{ImportOptions, import_file};
use ratsinfo::ingest::oparl_json::DEMO_MINUTES;

const BODY: &str = "/oparl/v1.1/bodies/1";

fn options() -> ImportOptions {
    ImportOptions {
        body: "Stadt Bielefeld".to_owned(),
        organization: None,
        date: None,
    }
}

fn seed() -> String {
    String::from_utf8(DEMO_MINUTES.1.to_vec()).expect("seed is UTF-8")
}

async fn import(
    app: &TestApp,
    name: &str,
    text: &str,
) -> ratsinfo::ingest::minutes::import::ImportReport {
    import_file(app.store(), name, text.as_bytes(), &options())
        .await
        .expect("minutes import")
}

async fn all(app: &TestApp, list: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut url = Some(format!("{BODY}/{list}"));
    while let Some(u) = url {
        let page = app.get_json(&u).await;
        out.extend(page["data"].as_array().cloned().unwrap_or_default());
        url = page["links"]["next"].as_str().map(str::to_owned);
    }
    out
}

fn by_id(objects: &[Value]) -> BTreeMap<String, Value> {
    objects
        .iter()
        .map(|o| (o["id"].as_str().unwrap_or_default().to_owned(), o.clone()))
        .collect()
}

async fn the_seed_yields_the_meeting_as_published(backend: Backend) {
    let app = TestApp::new(backend).await;
    import(&app, "bielefeld.txt", &seed()).await;

    let meetings = all(&app, "meetings").await;
    assert_eq!(meetings.len(), 1);
    let meeting = &meetings[0];
    assert_eq!(meeting["start"], "2021-05-04T17:00:00+02:00");
    assert_eq!(meeting["end"], "2021-05-04T18:35:00+02:00");
    assert_eq!(meeting["meetingState"], "durchgeführt");
    assert_eq!(meeting["location"]["room"], "Großer Saal im Neuen Rathaus");
    let organizations = by_id(&all(&app, "organizations").await);
    let committee = &organizations[meeting["organization"][0].as_str().unwrap_or_default()];
    assert_eq!(committee["name"], "Digitalisierungsausschuss");

    // Members: 18 from 8 factions, the chair and the minute-taker, five staff.
    let persons = by_id(&all(&app, "persons").await);
    let memberships: Vec<Value> = all(&app, "memberships").await;
    let in_committee: Vec<&Value> = memberships
        .iter()
        .filter(|m| m["organization"] == committee["id"])
        .collect();
    let voting: Vec<&&Value> = in_committee
        .iter()
        .filter(|m| m["votingRight"] == true)
        .collect();
    assert_eq!(voting.len(), 18);
    let mut factions: BTreeMap<String, usize> = BTreeMap::new();
    for m in &voting {
        let faction = &organizations[m["onBehalfOf"].as_str().unwrap_or_default()];
        *factions
            .entry(faction["name"].as_str().unwrap_or_default().to_owned())
            .or_default() += 1;
    }
    let expected: BTreeMap<String, usize> = [
        ("CDU", 5),
        ("SPD", 4),
        ("Bündnis 90/Die Grünen", 4),
        ("BfB", 1),
        ("AfD", 1),
        ("FDP", 1),
        ("Die Partei", 1),
        ("Die Linke", 1),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    assert_eq!(factions, expected);
    let person_with_role = |role: &str| -> Vec<String> {
        in_committee
            .iter()
            .filter(|m| m["role"] == role)
            .map(|m| {
                persons[m["person"].as_str().unwrap_or_default()]["name"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect()
    };
    assert_eq!(person_with_role("Vorsitz"), ["Bernd Vollmer"]);
    assert_eq!(person_with_role("Schriftführung"), ["Dieter Leifeld"]);
    assert_eq!(person_with_role("Verwaltung").len(), 5);
    let lange = persons
        .values()
        .find(|p| p["familyName"] == "Lange")
        .expect("Dr. Lange");
    assert_eq!(
        (
            lange["formOfAddress"].as_str(),
            lange["title"][0].as_str(),
            lange["givenName"].as_str()
        ),
        (Some("Herr"), Some("Dr."), Some("Simon"))
    );
    let unit = organizations
        .values()
        .find(|o| o["name"] == "Amt für Organisation, IT und Zentrale Leistungen")
        .expect("administration unit");
    assert_eq!(unit["organizationType"], "Verwaltungsbereich");

    // The agenda in order, with outcomes as written.
    let items = meeting["agendaItem"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let numbers: Vec<&str> = items.iter().filter_map(|i| i["number"].as_str()).collect();
    assert_eq!(
        numbers,
        [
            "1", "2", "2.1", "3", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "4", "4.1", "5",
            "6", "7", "8", "9", "10", "10.1"
        ]
    );
    let result = |n: &str| {
        items
            .iter()
            .find(|i| i["number"] == n)
            .map(|i| i["result"].clone())
            .unwrap_or_default()
    };
    assert_eq!(result("1"), "einstimmig beschlossen");
    assert_eq!(result("4.1"), "zurückgezogen");
    assert_eq!(result("5"), "Kenntnisnahme");
    assert_eq!(result("6"), "1. Lesung");
    assert_eq!(
        result("7"),
        "abweichend vom Beschlussvorschlag einstimmig beschlossen"
    );
    let item1 = &items[0];
    assert!(
        item1["resolutionText"]
            .as_str()
            .is_some_and(|t| t.contains("nach Inhalt und Form genehmigt"))
    );
    // The question and the answer stay attached to the item.
    let item31 = items.iter().find(|i| i["number"] == "3.1").expect("3.1");
    let kinds: Vec<&str> = item31["ratsinfo:text"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["question", "answer"]);

    // The 12 papers with references, types and originators.
    let papers = all(&app, "papers").await;
    let mut refs: Vec<(String, String, String)> = papers
        .iter()
        .map(|p| {
            let originator = p["originatorOrganization"][0]
                .as_str()
                .map(|o| {
                    organizations[o]["name"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned()
                })
                .unwrap_or_default();
            (
                p["reference"].as_str().unwrap_or_default().to_owned(),
                p["paperType"].as_str().unwrap_or_default().to_owned(),
                originator,
            )
        })
        .collect();
    refs.sort();
    let expected: Vec<(String, String, String)> = [
        ("0751/2020-2025", "Beschlussvorlage", ""),
        ("0940/2020-2025", "Beschlussvorlage", ""),
        ("1210/2020-2025", "Informationsvorlage", ""),
        ("1362/2020-2025", "Anfrage", "SPD"),
        ("1386/2020-2025", "Antrag", "FDP"),
        ("1387/2020-2025", "Anfrage", "FDP"),
        ("1403/2020-2025", "Anfrage", "Bündnis 90/Die Grünen"),
        ("1404/2020-2025", "Anfrage", "Bündnis 90/Die Grünen"),
        ("1405/2020-2025", "Anfrage", "Bündnis 90/Die Grünen"),
        ("1415/2020-2025", "Anfrage", "Die Linke"),
        ("1422/2020-2025", "Anfrage", "CDU"),
        // "Sachstand Chatbot, Drucksache 8738/2014-2020": the generic word is all it says.
        ("8738/2014-2020", "Drucksache", ""),
    ]
    .into_iter()
    .map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    .collect();
    assert_eq!(refs, expected);
    // Each paper's consultation links it with the agenda item and the meeting.
    let paper = papers
        .iter()
        .find(|p| p["reference"] == "1362/2020-2025")
        .expect("paper");
    let consultation = &paper["consultation"][0];
    assert_eq!(consultation["meeting"], meeting["id"]);
    let item = app
        .get_json(consultation["agendaItem"].as_str().unwrap_or_default())
        .await;
    assert_eq!(item["number"], "3.1");
    assert_eq!(item["consultation"], consultation["id"]);

    // Provenance: file and lines.
    assert_eq!(item["ratsinfo:source"]["file"], "bielefeld.txt");
    assert!(
        item["ratsinfo:source"]["lines"][0]
            .as_u64()
            .is_some_and(|l| l > 1)
    );

    // The minutes file itself, served inline and as a download.
    let file = &meeting["resultsProtocol"];
    assert_eq!(file["size"].as_u64(), Some(seed().len() as u64));
    assert_eq!(file["sha512Checksum"].as_str().map(str::len), Some(128));
    let access = app
        .get(file["accessUrl"].as_str().unwrap_or_default())
        .await;
    assert_eq!(access.status, 200);
    assert!(access.header("content-disposition").is_none());
    assert_eq!(access.body, seed().as_bytes());
    let download = app
        .get(file["downloadUrl"].as_str().unwrap_or_default())
        .await;
    assert!(
        download
            .header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment") && d.contains("filename"))
    );
    app.cleanup().await;
}

async fn importing_twice_changes_nothing(backend: Backend) {
    let app = TestApp::new(backend).await;
    import(&app, "bielefeld.txt", &seed()).await;
    let before = all(&app, "meetings").await;
    let report = import(&app, "bielefeld.txt", &seed()).await;
    assert_eq!(
        (
            report.counts.created,
            report.counts.updated,
            report.counts.deleted
        ),
        (0, 0, 0)
    );
    assert_eq!(all(&app, "meetings").await, before);
    app.cleanup().await;
}

async fn a_corrected_version_updates_and_tombstones(backend: Backend) {
    let app = TestApp::new(backend).await;
    import(&app, "bielefeld.txt", &seed()).await;
    let before = by_id(&all(&app, "agenda-items").await);
    let papers_before = by_id(&all(&app, "papers").await);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    // The corrected minutes: item 10.1 is gone, item 1's outcome is worded differently.
    let seed = seed();
    let cut = seed.find("Zu Punkt 10.1").expect("10.1 in the seed");
    let end = seed.find("Bielefeld, den 18.05.2021").expect("signature");
    let corrected = format!("{}{}", &seed[..cut], &seed[end..]).replace(
        "- einstimmig beschlossen -",
        "- einstimmig so beschlossen -",
    );
    let report = import(&app, "bielefeld.txt", &corrected).await;
    assert!(report.counts.deleted >= 2, "{:?}", report.counts);
    let after = by_id(&all(&app, "agenda-items").await);
    assert_eq!(after.len(), 19);
    let removed = before
        .values()
        .find(|i| i["number"] == "10.1")
        .expect("10.1 before");
    let tomb = app
        .get_json(removed["id"].as_str().unwrap_or_default())
        .await;
    assert_eq!(tomb["deleted"], true);
    let item1 = after.values().find(|i| i["number"] == "1").expect("item 1");
    assert_eq!(item1["result"], "einstimmig so beschlossen");
    assert!(
        item1["modified"].as_str()
            > before[item1["id"].as_str().unwrap_or_default()]["modified"].as_str()
    );
    let item5 = after.values().find(|i| i["number"] == "5").expect("item 5");
    assert_eq!(
        item5["modified"],
        before[item5["id"].as_str().unwrap_or_default()]["modified"]
    );
    // The paper of 10.1 lost its consultation (and was bumped); the others were not.
    let papers = by_id(&all(&app, "papers").await);
    let chatbot = papers
        .values()
        .find(|p| p["reference"] == "8738/2014-2020")
        .expect("paper");
    assert!(chatbot["consultation"].is_null());
    assert!(
        chatbot["modified"].as_str()
            > papers_before[chatbot["id"].as_str().unwrap_or_default()]["modified"].as_str()
    );
    let other = papers
        .values()
        .find(|p| p["reference"] == "1210/2020-2025")
        .expect("paper");
    assert_eq!(
        other["modified"],
        papers_before[other["id"].as_str().unwrap_or_default()]["modified"]
    );
    app.cleanup().await;
}

async fn files_that_are_not_minutes_are_rejected_and_change_nothing(backend: Backend) {
    let app = TestApp::new(backend).await;
    import(&app, "bielefeld.txt", &seed()).await;
    let before = all(&app, "agenda-items").await;
    let cases = [
        (
            "recipe.txt",
            "Zutaten:\n200 g Mehl\n3 Eier\n",
            "does not look like minutes",
        ),
        (
            "nodate.txt",
            "Niederschrift\nüber die Sitzung des Sportausschusses\n\nZu Punkt 1\nBericht\n",
            "no meeting date",
        ),
        ("empty.txt", "   \n", "empty"),
    ];
    for (name, text, expected) in cases {
        let err = import_file(app.store(), name, text.as_bytes(), &options())
            .await
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.starts_with(name) && err.contains(expected),
            "{name}: {err}"
        );
    }
    let scanned = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF";
    let err = import_file(app.store(), "scan.pdf", scanned, &options())
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("scan.pdf") && (err.contains("OCR") || err.contains("PDF")),
        "{err}"
    );
    assert_eq!(all(&app, "agenda-items").await, before);
    app.cleanup().await;
}

async fn non_public_parts_are_never_served(backend: Backend) {
    let app = TestApp::new(backend).await;
    let secret = "Grundstücksverkauf an die Firma Geheim GmbH zum Preis von 1,2 Mio";
    let text = seed().replace(
        "Bielefeld, den 18.05.2021",
        &format!("Nichtöffentliche Sitzung:\n\nZu Punkt 11\n\n{secret}\n\nBeschluss:\n\n{secret} wird zugestimmt.\n\n- einstimmig beschlossen -\n\nBielefeld, den 18.05.2021"),
    );
    import(&app, "bielefeld.txt", &text).await;
    let items = all(&app, "agenda-items").await;
    let item = items.iter().find(|i| i["number"] == "11").expect("item 11");
    assert_eq!(item["public"], false);
    assert_eq!(item["name"], "Nichtöffentlicher Tagesordnungspunkt");
    assert!(item["result"].is_null() && item["resolutionText"].is_null());
    // No public response carries the text: lists, objects, the minutes file.
    for list in [
        "meetings",
        "agenda-items",
        "papers",
        "files",
        "persons",
        "organizations",
        "consultations",
    ] {
        for object in all(&app, list).await {
            assert!(
                !object.to_string().contains("Geheim GmbH"),
                "{list}: {object}"
            );
        }
    }
    let meeting = &all(&app, "meetings").await[0];
    let file = app
        .get(
            meeting["resultsProtocol"]["accessUrl"]
                .as_str()
                .unwrap_or_default(),
        )
        .await;
    assert!(!String::from_utf8_lossy(&file.body).contains("Geheim GmbH"));
    app.cleanup().await;
}

async fn windows_1252_minutes_import_like_utf8(backend: Backend) {
    let app = TestApp::new(backend).await;
    let text = seed();
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test needs non-UTF-8 bytes"
    );
    let report = import_file(app.store(), "cp1252.txt", &bytes, &options())
        .await
        .expect("imports");
    assert_eq!(report.minutes.items.len(), 20);
    let orgs = all(&app, "organizations").await;
    assert!(orgs.iter().any(|o| o["name"] == "Bündnis 90/Die Grünen"));
    app.cleanup().await;
}

async fn the_same_person_in_two_meetings_is_one_person(backend: Backend) {
    let app = TestApp::new(backend).await;
    import(&app, "a.txt", &seed()).await;
    let persons = all(&app, "persons").await.len();
    let next = seed().replace("am 04.05.2021", "am 15.06.2021");
    import(&app, "b.txt", &next).await;
    assert_eq!(all(&app, "meetings").await.len(), 2);
    assert_eq!(all(&app, "persons").await.len(), persons);
    // Each paper now has a consultation in each meeting.
    let paper = all(&app, "papers")
        .await
        .into_iter()
        .find(|p| p["reference"] == "1362/2020-2025")
        .expect("paper");
    assert_eq!(paper["consultation"].as_array().map(Vec::len), Some(2));
    app.cleanup().await;
}

/// An "Auszug aus der Niederschrift" of one item, cut from the seed minutes the way a
/// council information system prints it: the title, the meeting's header line and date,
/// and the lines of that item alone (no attendance list, no times).
fn extract_of(number: &str) -> String {
    let text = seed();
    let lines: Vec<&str> = text.lines().collect();
    let heading = format!("Zu Punkt {number}");
    let start = lines
        .iter()
        .position(|l| l.trim() == heading || l.starts_with(&format!("{heading} ")))
        .expect("item in the seed");
    let end = lines[start + 1..]
        .iter()
        .position(|l| l.starts_with("Zu Punkt "))
        .map_or(lines.len(), |p| start + 1 + p);
    let header: Vec<&str> = lines
        .iter()
        .take_while(|l| !l.starts_with("Tagungsort"))
        .copied()
        .collect();
    format!(
        "Auszug aus der Niederschrift\n{}\n\n{}\n",
        header.join("\n"),
        lines[start..end].join("\n")
    )
}

async fn extracts_of_one_meeting_import_into_that_meeting(backend: Backend) {
    let app = TestApp::new(backend).await;
    let first = import(&app, "auszug-7.txt", &extract_of("7")).await;
    assert_eq!(
        first.minutes.kind,
        ratsinfo::ingest::minutes::parse::Kind::Extract
    );
    assert!(
        !first
            .minutes
            .warnings
            .iter()
            .any(|w| w.message.contains("attendance") || w.message.contains("start time")),
        "an extract needs no attendance list or times: {:?}",
        first.minutes.warnings
    );
    import(&app, "auszug-1.txt", &extract_of("1")).await;

    let meetings = all(&app, "meetings").await;
    assert_eq!(meetings.len(), 1, "both extracts belong to one meeting");
    let items = meetings[0]["agendaItem"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let numbers: Vec<(&str, i64)> = items
        .iter()
        .map(|i| {
            (
                i["number"].as_str().unwrap_or_default(),
                i["order"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(
        numbers,
        vec![("1", 0), ("7", 1)],
        "in number order, order 0, 1, ..."
    );
    // Each item carries its extract as resolution file; the meeting has no minutes.
    for item in &items {
        let file = &item["resolutionFile"];
        assert!(
            file["name"]
                .as_str()
                .is_some_and(|n| n.starts_with("Auszug")),
            "{item}"
        );
        let url = file["accessUrl"].as_str().unwrap_or_default();
        let path = url
            .split_once("/oparl/")
            .map_or(url.to_owned(), |(_, p)| format!("/oparl/{p}"));
        assert_eq!(app.get(&path).await.status, 200, "{path}");
    }
    assert!(meetings[0]["resultsProtocol"].is_null());
    // The decisions of both extracts are votes.
    let votes = app.get_json("/api/v1/votes").await;
    let outcomes: Vec<&str> = votes["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["outcome"].as_str())
        .collect();
    assert_eq!(outcomes.len(), 2, "{votes}");
    assert!(outcomes.contains(&"adopted_amended") && outcomes.contains(&"adopted"));

    // The same extract again changes nothing, and leaves the other item alone.
    let again = import(&app, "auszug-7.txt", &extract_of("7")).await;
    assert_eq!(
        (
            again.counts.created,
            again.counts.updated,
            again.counts.deleted
        ),
        (0, 0, 0)
    );
    assert_eq!(
        all(&app, "meetings").await[0]["agendaItem"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

fn extract_fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/minutes/extracts")
        .join(name);
    std::fs::read_to_string(path).expect("fixture")
}

/// Real item pages of two ALLRIS installations: the number from `TOP: Ö 4.2`, the result
/// from `Beschlussart:` with the counts of the sentence below it, the paper's type and
/// originator from its glued labels, and a Beschlussvorlage printed without a number.
async fn allris_item_pages_import_with_their_labels(backend: Backend) {
    let app = TestApp::new(backend).await;
    let berlin = extract_fixture("berlin-mitte-sportausschuss-2004.txt");
    let report = import(&app, "berlin-mitte-top-4-2.txt", &berlin).await;
    assert_eq!(
        report.minutes.organization.as_deref(),
        Some("Sportausschuss")
    );
    let meetings = all(&app, "meetings").await;
    let item = &meetings[0]["agendaItem"][0];
    assert_eq!(item["number"], "4.2", "{item}");
    assert_eq!(
        item["name"],
        "Sanierung des Tribünengebäudes im Poststadion unterstützen!"
    );
    let papers = all(&app, "papers").await;
    let paper = papers
        .iter()
        .find(|p| p["reference"] == "1265/II")
        .expect("the Drucksache");
    assert_eq!(paper["paperType"], "Antrag", "{paper}");
    let originator = paper["originatorOrganization"][0]
        .as_str()
        .unwrap_or_default();
    let org = app.get_json(originator).await;
    assert_eq!(org["name"], "Fraktion der CDU", "{org}");
    let votes = app.get_json("/api/v1/votes").await;
    let vote = &votes["data"][0];
    assert_eq!(vote["outcome"], "adopted_amended", "{vote}");
    assert_eq!(vote["counts"]["abstain"], 2, "{vote}");

    // The page names no committee: the importer asks for one, and is given it.
    let kluetzer = extract_fixture("kluetzer-winkel-wegebau-2022.txt");
    let with_committee = ImportOptions {
        organization: Some("Gemeindevertretung".to_owned()),
        date: None,
        ..options()
    };
    let import_kluetzer = || async {
        import_file(
            app.store(),
            "kluetzer-7-7.txt",
            kluetzer.as_bytes(),
            &with_committee,
        )
        .await
        .expect("minutes import")
    };
    import_kluetzer().await;
    let unnumbered: Vec<Value> = all(&app, "papers")
        .await
        .into_iter()
        .filter(|p| p["reference"].is_null())
        .collect();
    assert_eq!(unnumbered.len(), 1, "{unnumbered:?}");
    assert_eq!(unnumbered[0]["paperType"], "Beschlussvorlage");
    assert_eq!(
        unnumbered[0]["consultation"].as_array().map(Vec::len),
        Some(1),
        "linked to its item"
    );
    // Both pages again: nothing changes, no second unnumbered paper.
    for again in [
        import(&app, "berlin-mitte-top-4-2.txt", &berlin).await,
        import_kluetzer().await,
    ] {
        assert_eq!(
            (
                again.counts.created,
                again.counts.updated,
                again.counts.deleted
            ),
            (0, 0, 0)
        );
    }
    assert_eq!(all(&app, "papers").await.len(), papers.len() + 1);

    // A corrected page that no longer names the paper's type: the unnumbered paper goes
    // with it, as a tombstone for synchronising clients.
    let corrected: String = kluetzer
        .lines()
        .filter(|l| !matches!(l.trim(), "- Vorlageart:" | "- Beschlussvorlage"))
        .map(|l| format!("{l}\n"))
        .collect();
    let report = import_file(
        app.store(),
        "kluetzer-7-7.txt",
        corrected.as_bytes(),
        &with_committee,
    )
    .await
    .expect("corrected import");
    assert!(report.counts.deleted >= 1, "{:?}", report.counts);
    assert_eq!(all(&app, "papers").await.len(), papers.len());
    let since = app
        .get_json(&format!(
            "{BODY}/papers?modified_since=2000-01-01T00:00:00Z"
        ))
        .await;
    assert!(
        since["data"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["deleted"] == true && p["reference"].is_null()),
        "{since}"
    );
}

on_both_backends!(
    allris_item_pages_import_with_their_labels,
    every_vote_of_an_item_is_a_vote_event,
    extracts_of_one_meeting_import_into_that_meeting,
    an_item_marked_non_public_by_its_heading_is_never_served,
    the_seed_yields_the_meeting_as_published,
    importing_twice_changes_nothing,
    a_corrected_version_updates_and_tombstones,
    files_that_are_not_minutes_are_rejected_and_change_nothing,
    non_public_parts_are_never_served,
    windows_1252_minutes_import_like_utf8,
    the_same_person_in_two_meetings_is_one_person,
    pdf_minutes_with_a_text_layer_import,
);

/// A one-page PDF with a real text layer (Helvetica, WinAnsi), built by hand so the
/// test needs no binary fixture.
fn pdf_of(lines: &[&str]) -> Vec<u8> {
    let mut content = String::from("BT /F1 10 Tf 50 800 Td 12 TL\n");
    for line in lines {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(line);
        let escaped: String = bytes
            .iter()
            .map(|b| match b {
                b'(' | b')' | b'\\' => format!("\\{}", *b as char),
                32..=126 => (*b as char).to_string(),
                _ => format!("\\{b:03o}"),
            })
            .collect();
        content.push_str(&format!("({escaped}) Tj T*\n"));
    }
    content.push_str("ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

async fn pdf_minutes_with_a_text_layer_import(backend: Backend) {
    let app = TestApp::new(backend).await;
    let pdf = pdf_of(&[
        "Niederschrift",
        "über die Sitzung des Umweltausschusses",
        "am 12.01.2022",
        "Beginn: 17:00 Uhr",
        "Ende: 18:10 Uhr",
        "Anwesend:",
        "SPD",
        "Frau Erika Mustermann",
        "CDU",
        "Herr Dr. Max Müller",
        "Öffentliche Sitzung:",
        "Zu Punkt 1",
        "Genehmigung der Niederschrift",
        "- einstimmig beschlossen -",
        "Zu Punkt 2",
        "Anfrage SPD - Straßenbäume",
        "Drucksachennummer: 4711/2020-2025",
    ]);
    let report = import_file(app.store(), "umwelt.pdf", &pdf, &options())
        .await
        .expect("PDF imports");
    assert_eq!(report.minutes.date.to_string(), "2022-01-12");
    assert_eq!(report.minutes.items.len(), 2);
    assert_eq!(report.minutes.attendees.len(), 2);
    let meeting = &all(&app, "meetings").await[0];
    assert_eq!(meeting["start"], "2022-01-12T17:00:00+01:00");
    // The original PDF is served, its text extracted alongside.
    let file = &meeting["resultsProtocol"];
    assert_eq!(file["mimeType"], "application/pdf");
    assert_eq!(file["size"].as_u64(), Some(pdf.len() as u64));
    assert!(
        file["text"]
            .as_str()
            .is_some_and(|t| t.contains("Straßenbäume"))
    );
    let served = app
        .get(file["accessUrl"].as_str().unwrap_or_default())
        .await;
    assert_eq!(
        (served.header("content-type"), served.body.len()),
        (Some("application/pdf"), pdf.len())
    );
    let papers = all(&app, "papers").await;
    assert_eq!(papers[0]["reference"], "4711/2020-2025");
    assert_eq!(papers[0]["paperType"], "Anfrage");
    app.cleanup().await;
}

/// The command line shows what an import read: per item and a coverage line on stderr,
/// and both in `--dry-run --json`.
#[test]
fn the_dry_run_reports_what_was_read() {
    let dir = std::env::temp_dir().join(format!("ratsinfo-dry-run-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("auszug-7.txt");
    std::fs::write(&path, extract_of("7")).expect("write extract");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ratsinfo"))
        .args([
            "import-minutes",
            "--body",
            "Stadt Bielefeld",
            "--dry-run",
            "--json",
        ])
        .arg(&path)
        .output()
        .expect("run ratsinfo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["kind"], "extract");
    assert_eq!(json["coverage"]["items"], 1);
    assert_eq!(json["coverage"]["with_outcome"], 1);
    assert_eq!(json["fidelity"][0]["outcome"], "adopted_amended");
    assert_eq!(
        json["fidelity"][0]["papers"][0],
        "0751/2020-2025 (Beschlussvorlage)"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "auszug-7.txt: extract: 1 items (1 public): 1 with a result, 1 with an outcome"
        ),
        "{stderr}"
    );

    // A file that is no minutes fails with its name and line.
    let bad = dir.join("kein-protokoll.txt");
    std::fs::write(&bad, "Einkaufsliste\nMilch\nBrot\n").expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ratsinfo"))
        .args(["import-minutes", "--body", "X", "--dry-run"])
        .arg(&bad)
        .output()
        .expect("run ratsinfo");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("kein-protokoll.txt:1: this does not look like minutes"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The page of one item without the meeting's date: refused, naming --date; with
    // --date it reads as that meeting's item.
    let page = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/minutes/erlangen-kenntnisnahme.txt");
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ratsinfo"))
            .args([
                "import-minutes",
                "--body",
                "Stadt Erlangen",
                "--dry-run",
                "--json",
            ])
            .args(extra)
            .arg(&page)
            .output()
            .expect("run ratsinfo")
    };
    let out = run(&[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("erlangen-kenntnisnahme.txt:1: no meeting date")
            && stderr.contains("--date"),
        "{stderr}"
    );
    let out = run(&["--date", "2019-07-25"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(json["date"], "2019-07-25");
    assert_eq!(json["fidelity"][0]["outcome"], "noted");
    let out = run(&["--date", "25.07.2019"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// An item marked non-public only by its heading ("TOP N 7"), with no "Nichtöffentliche
/// Sitzung" before it: none of its text is served, neither as the item nor as a file.
async fn an_item_marked_non_public_by_its_heading_is_never_served(backend: Backend) {
    let app = TestApp::new(backend).await;
    let extract = extract_of("7").replacen("Zu Punkt 7", "TOP N 7", 1);
    let secret = "Onlinezugangsgesetz";
    assert!(extract.contains(secret));
    import(&app, "auszug-n7.txt", &extract).await;
    for list in ["meetings", "agenda-items", "files", "papers"] {
        let mut url = Some(format!("{BODY}/{list}"));
        while let Some(u) = url {
            let page = app.get(&u).await;
            assert!(
                !String::from_utf8_lossy(&page.body).contains(secret),
                "{list} serves non-public text"
            );
            url = page.json()["links"]["next"].as_str().map(str::to_owned);
        }
    }
    let item = &all(&app, "meetings").await[0]["agendaItem"][0];
    assert_eq!(item["public"], false);
    if let Some(url) = item["resolutionFile"]["accessUrl"].as_str() {
        assert!(!String::from_utf8_lossy(&app.get(url).await.body).contains(secret));
    }
}

/// An item with an amendment and the main vote (Greifswald, an ALLRIS item page): two vote
/// events, and the agenda item shows the one its result names.
async fn every_vote_of_an_item_is_a_vote_event(backend: Backend) {
    let app = TestApp::new(backend).await;
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(
        "tests/fixtures/minutes/extracts/greifswald-hauptsatzung-ortsteilvertretungen-2019.txt",
    );
    let text = std::fs::read_to_string(path).expect("fixture");
    let options = ImportOptions {
        body: "Universitäts- und Hansestadt Greifswald".to_owned(),
        organization: Some("Bürgerschaft".to_owned()),
        date: None,
    };
    import_file(app.store(), "greifswald-8.1.txt", text.as_bytes(), &options)
        .await
        .expect("import");
    let votes = app.get_json("/api/v1/votes").await;
    let votes = votes["data"].as_array().cloned().unwrap_or_default();
    assert_eq!(votes.len(), 2, "{votes:?}");
    assert!(
        votes.iter().all(|v| v["outcome"] == "rejected"),
        "{votes:?}"
    );
    let counted = votes
        .iter()
        .find(|v| v["counts"]["yes"] == 18)
        .expect("the main vote with its counts");
    assert_eq!(
        (&counted["counts"]["no"], &counted["counts"]["abstain"]),
        (&Value::from(22), &Value::from(2))
    );
    let item = &all(&app, "meetings").await[0]["agendaItem"][0];
    assert_eq!(item["number"], "8.1");
    assert_eq!(item["ratsinfo:vote"]["outcome"], "rejected");
    assert!(item["ratsinfo:voteEvent"].is_string());
}
