//! The pages for people on both backends: what a reader sees on each page, links that
//! lead somewhere, the JSON twin, caching, friendly errors, and nothing non-public.

use actix_web::http::Method;

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;
use ratsinfo::ingest::minutes::{ImportOptions, import_file};
use ratsinfo::ingest::oparl_json::DEMO_MINUTES;

fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

/// A page's HTML, after checking it is a page.
async fn page(app: &TestApp, url: &str) -> String {
    let resp = app.get(url).await;
    assert_eq!(resp.status, 200, "{url}: {}", text(&resp.body));
    assert_eq!(
        resp.header("content-type"),
        Some("text/html; charset=utf-8"),
        "{url}"
    );
    let html = text(&resp.body);
    assert!(
        html.starts_with("<!DOCTYPE html><html lang=\"de\">"),
        "{url}"
    );
    html
}

/// Every `href` of a page that stays on this instance.
fn local_links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|h| h.replace("&amp;", "&"))
        .filter(|h| h.starts_with('/') || h.starts_with(crate::helpers::BASE))
        .collect()
}

/// The result links of a search page, in order.
fn results(html: &str) -> Vec<String> {
    let list = html
        .split("<ol class=\"results\">")
        .nth(1)
        .and_then(|rest| rest.split("</ol>").next())
        .unwrap_or_default();
    local_links(list)
}

/// The JSON twin named in `<link rel="alternate">`.
fn alternate(html: &str) -> Option<String> {
    let at = html.find("<link rel=\"alternate\" type=\"application/json\" href=\"")?;
    let rest = &html[at + 52..];
    rest.split('"').next().map(str::to_owned)
}

async fn the_landing_page_says_what_the_instance_holds(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let html = page(&app, "/").await;
    assert!(html.contains("Stadt Bielefeld"), "{html}");
    assert!(html.contains("<strong>12</strong>Drucksachen"), "{html}");
    assert!(html.contains("<strong>1</strong>Sitzungen"), "{html}");
    assert!(html.contains("action=\"/search\""));
    assert!(html.contains("href=\"/docs/\""));
    assert!(html.contains("Digitalisierungsausschuss"));
    assert_eq!(
        alternate(&html).as_deref(),
        Some("http://ratsinfo.test/oparl/v1.1/system")
    );
    // Every link leads somewhere.
    for link in local_links(&html) {
        let status = app.get(&link).await.status;
        assert!(status == 200 || status == 303, "{link}: {status}");
    }
    // An empty instance says how to fill it.
    let empty = TestApp::new(backend).await;
    assert!(page(&empty, "/").await.contains("noch keine Daten"));
    empty.cleanup().await;
    app.cleanup().await;
}

async fn a_meeting_page_shows_the_agenda_with_outcomes_and_votes(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let html = page(&app, "/meetings/1").await;
    assert!(
        html.contains("Dienstag, 4. Mai 2021, 17:00 Uhr bis 18:35 Uhr"),
        "{html}"
    );
    assert!(html.contains("TOP 3.2: Anfrage FDP - Projektplan"));
    assert!(html.contains("Ergebnis: <span class=\"outcome\">einstimmig beschlossen</span>"));
    assert!(
        html.contains("<svg class=\"chart\" role=\"img\""),
        "a vote bar"
    );
    assert!(html.contains("href=\"/papers/"), "papers are linked");
    assert!(html.contains(">1387/2020-2025</a>"));
    assert_eq!(
        alternate(&html).as_deref(),
        Some("http://ratsinfo.test/oparl/v1.1/meetings/1")
    );
    for link in local_links(&html) {
        let status = app.get(&link).await.status;
        assert!(status == 200 || status == 303, "{link}: {status}");
    }
    // An agenda item leads to its place on the meeting's page.
    let resp = app.get("/agenda-items/3").await;
    assert_eq!(resp.status, 303);
    assert_eq!(resp.header("location"), Some("/meetings/1#top-3"));
    assert!(html.contains("id=\"top-3\""));
    app.cleanup().await;
}

async fn paper_person_organization_and_vote_pages_read_as_german(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let papers = app.get_json("/oparl/v1.1/bodies/1/papers").await;
    let paper = papers["data"]
        .as_array()
        .and_then(|d| d.iter().find(|p| p["reference"] == "0751/2020-2025"))
        .cloned()
        .expect("the OZG paper");
    let id = paper["id"]
        .as_str()
        .and_then(|u| u.rsplit('/').next())
        .unwrap_or_default();
    let html = page(&app, &format!("/papers/{id}")).await;
    assert!(html.contains("Drucksache 0751/2020-2025"), "{html}");
    assert!(html.contains("Beratungsfolge"));
    assert!(html.contains("04.05.2021"));
    assert!(html.contains("Digitalisierungsausschuss"));
    assert!(
        html.contains("geändert beschlossen") || html.contains("beschlossen"),
        "{html}"
    );
    let html = page(&app, "/persons/1").await;
    assert!(html.contains("Herr Tom Brüntrup"), "{html}");
    assert!(html.contains("Mitgliedschaften"));
    assert!(html.contains(">CDU</a>"));
    assert!(
        html.contains("bekannte Stimmen, davon <strong>0</strong> abweichend"),
        "{html}"
    );
    let html = page(&app, "/organizations/1").await;
    assert!(html.contains("Mitglieder") && html.contains("Tom Brüntrup"));
    assert!(html.contains("Sitzung: Digitalisierungsausschuss, 04.05.2021"));
    assert!(html.contains("Wie oft die Fraktionen gleich abstimmten"));
    assert!(html.contains("100 %"), "unanimous decisions agree fully");
    let html = page(&app, "/votes/1").await;
    assert!(
        html.contains("<span class=\"outcome\">beschlossen</span>, einstimmig"),
        "{html}"
    );
    assert!(html.contains("aus einstimmigem Beschluss"));
    assert_eq!(
        alternate(&html).as_deref(),
        Some("http://ratsinfo.test/api/v1/votes/1")
    );
    app.cleanup().await;
}

async fn vote_bars_and_the_heatmap_are_served_as_svg(backend: Backend) {
    let app = TestApp::new(backend).await;
    // The seed with a counted result in place of a unanimous one.
    let minutes = String::from_utf8_lossy(DEMO_MINUTES.1).replace(
        "- abweichend vom Beschlussvorschlag einstimmig beschlossen -",
        "- bei 4 Ja-Stimmen, 14 Nein-Stimmen und 1 Enthaltung abgelehnt -",
    );
    let options = ImportOptions {
        body: "Stadt Bielefeld".to_owned(),
        organization: None,
        date: None,
    };
    import_file(app.store(), "bielefeld.txt", minutes.as_bytes(), &options)
        .await
        .expect("import");
    let votes = app.get_json("/api/v1/votes").await;
    let counted = votes["data"]
        .as_array()
        .and_then(|d| d.iter().find(|v| v["counts"]["no"] == 14))
        .cloned()
        .expect("the vote with 14 against");
    let resp = app.get(&format!("/votes/{}.svg", counted["id"])).await;
    assert_eq!(resp.status, 200);
    assert_eq!(
        resp.header("content-type"),
        Some("image/svg+xml; charset=utf-8")
    );
    let svg = text(&resp.body);
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(
        svg.contains("<title>")
            && svg.contains("Nein 14")
            && svg.contains("Ja 4")
            && svg.contains("Enthaltung 1"),
        "{svg}"
    );
    assert!(svg.contains("abgelehnt"));
    let resp = app.get("/agreement.svg").await;
    assert_eq!(resp.status, 200);
    assert!(text(&resp.body).starts_with("<svg xmlns="));
    assert_eq!(app.get("/votes/99999.svg").await.status, 404);
    assert_eq!(
        app.get("/organizations/99999/agreement.svg").await.status,
        404
    );
    app.cleanup().await;
}

async fn the_search_page_finds_narrows_and_pages(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let html = page(&app, "/search").await;
    assert!(html.contains("So wird gesucht"));
    let html = page(&app, "/search?q=Digitalisierung").await;
    assert!(html.contains(" Treffer"), "{html}");
    assert!(html.contains("<mark>"), "snippets mark the words");
    assert!(
        html.contains("value=\"Digitalisierung\""),
        "the box keeps the words"
    );
    assert!(
        html.contains("Tagesordnungspunkt"),
        "facets and kinds in German"
    );
    assert!(
        alternate(&html).is_some_and(|u| u.starts_with("http://ratsinfo.test/api/v1/search?q=")),
        "{html}"
    );
    // A facet narrows the search; its link leads to results of that type only.
    let facet = local_links(&html)
        .into_iter()
        .find(|l| l.contains("type=Meeting"))
        .expect("a facet link for meetings");
    let narrowed = page(&app, &facet).await;
    assert!(narrowed.contains("<span class=\"kind\">Sitzung</span>"));
    assert!(!narrowed.contains("<span class=\"kind\">Tagesordnungspunkt</span>"));
    assert!(narrowed.contains("Filter aufheben"));
    // Pages follow one another without repeating a result, to the last.
    let all = results(&page(&app, "/search?q=Digitalisierung&limit=100").await);
    let mut url = Some("/search?q=Digitalisierung&limit=3".to_owned());
    let mut seen = Vec::new();
    while let Some(u) = url {
        let html = page(&app, &u).await;
        seen.extend(results(&html));
        url = html
            .split("rel=\"next\"")
            .next()
            .filter(|_| html.contains("rel=\"next\""))
            .and_then(|before| before.rsplit("href=\"").next())
            .and_then(|rest| rest.split('"').next())
            .map(|h| h.replace("&amp;", "&"));
        assert!(seen.len() < 500, "pages do not end");
    }
    assert!(all.len() >= 10, "{all:?}");
    assert_eq!(
        seen, all,
        "pages of three give the same results as one page"
    );
    // A result opens.
    let html = page(&app, "/search?q=Onlinezugangsgesetz").await;
    let first = local_links(&html)
        .into_iter()
        .find(|l| l.starts_with("/agenda-items/") || l.starts_with("/papers/"))
        .expect("a result");
    let resp = app.get(&first).await;
    assert!(resp.status == 200 || resp.status == 303, "{first}");
    app.cleanup().await;
}

async fn bad_input_gets_a_friendly_page_never_a_500(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let long = format!("/search?q={}", "Wort+".repeat(400));
    for url in [
        "/search?q=%22Haushalt",
        "/search?q=",
        "/search?q=der+die+das",
        "/search?q=Rat&from=2021-13-01",
        "/search?q=Rat&frobnicate=1",
        "/search?q=Rat&cursor=zzz",
        long.as_str(),
    ] {
        let resp = app.get(url).await;
        assert_eq!(resp.status, 400, "{url}");
        assert_eq!(
            resp.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        let html = text(&resp.body);
        assert!(html.contains("Diese Suche geht so nicht"), "{url}: {html}");
        assert!(html.contains("So wird gesucht"), "{url}");
    }
    for url in [
        "/meetings/999",
        "/papers/abc",
        "/persons/0",
        "/votes/-1",
        "/organizations/99999",
        "/agenda-items/x",
    ] {
        let resp = app.get(url).await;
        assert_eq!(resp.status, 404, "{url}");
        assert!(text(&resp.body).contains("Nicht gefunden"), "{url}");
    }
    app.cleanup().await;
}

async fn pages_revalidate_with_etags_and_answer_head(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    for url in [
        "/",
        "/meetings/1",
        "/search?q=Serviceportal",
        "/votes/1.svg",
    ] {
        let first = app.get(url).await;
        let etag = first.header("etag").expect("an ETag").to_owned();
        assert!(first.header("cache-control").is_some(), "{url}");
        let again = app
            .request_with(Method::GET, url, &[("if-none-match", &etag)])
            .await;
        assert_eq!(again.status, 304, "{url}");
        let head = app.request(Method::HEAD, url).await;
        assert_eq!(head.status, 200, "{url}");
    }
    let meeting = app.get("/meetings/1").await;
    assert!(meeting.header("last-modified").is_some());
    assert_eq!(
        meeting.header("link"),
        Some(
            "<http://ratsinfo.test/oparl/v1.1/meetings/1>; rel=\"alternate\"; type=\"application/json\""
        )
    );
    app.cleanup().await;
}

async fn non_public_items_stay_off_the_pages(backend: Backend) {
    let app = TestApp::new(backend).await;
    let secret = "Grundstücksverkauf an die Firma Geheimnisträger GmbH";
    let minutes = String::from_utf8_lossy(DEMO_MINUTES.1).replace(
        "Bielefeld, den 18.05.2021",
        &format!(
            "Nichtöffentliche Sitzung:\n\nZu Punkt 11\n\n{secret}\n\nBeschluss:\n\n{secret} wird zugestimmt.\n\n- einstimmig beschlossen -\n\nBielefeld, den 18.05.2021"
        ),
    );
    let options = ImportOptions {
        body: "Stadt Bielefeld".to_owned(),
        organization: None,
        date: None,
    };
    import_file(app.store(), "bielefeld.txt", minutes.as_bytes(), &options)
        .await
        .expect("import");
    let meeting = page(&app, "/meetings/1").await;
    assert!(
        meeting.contains("Nicht öffentlich."),
        "the item is listed, redacted"
    );
    let mut pages = vec![
        "/meetings/1".to_owned(),
        "/".to_owned(),
        "/organizations/1".to_owned(),
    ];
    pages.extend(local_links(&meeting));
    for url in pages {
        let resp = app.get(&url).await;
        for word in ["Geheimnisträger", "Grundstücksverkauf"] {
            assert!(!text(&resp.body).contains(word), "{url} shows {word}");
        }
    }
    let found = page(&app, "/search?q=Geheimnistr%C3%A4ger").await;
    assert!(found.contains("Nichts gefunden"));
    app.cleanup().await;
}

on_both_backends!(
    the_landing_page_says_what_the_instance_holds,
    a_meeting_page_shows_the_agenda_with_outcomes_and_votes,
    paper_person_organization_and_vote_pages_read_as_german,
    vote_bars_and_the_heatmap_are_served_as_svg,
    the_search_page_finds_narrows_and_pages,
    bad_input_gets_a_friendly_page_never_a_500,
    pages_revalidate_with_etags_and_answer_head,
    non_public_items_stay_off_the_pages,
);
