//! `/search`: the search of `/api/v1/search` as a page, with snippets, facets that
//! narrow the search, and pages. Bad input gets a friendly message, never a 500.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use maud::{Markup, PreEscaped, html};

use super::{Html, german, lookup, respond};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::native::Query;
use crate::api::native::search::{next_cursor, request};
use crate::search::snippet;
use crate::store::search::Hit;

/// How to search, for the empty form and for a query that could not be run.
fn help() -> Markup {
    html! {
        h2 { "So wird gesucht" }
        ul {
            li { "Mehrere Wörter: alle müssen vorkommen – " code { "Radweg Hauptstraße" } }
            li { "Genaue Wortfolge in Anführungszeichen – " code { "\"Haushalt 2024\"" } }
            li { "Ausschließen mit Minus – " code { "Schule -Grundschule" } }
            li { "Wortanfang mit Stern – " code { "Digitalis*" } }
            li { "Oder – " code { "Radweg OR Fahrradstraße" } }
        }
        p.meta { "Umlaute und ß dürfen fehlen: " code { "Strasse" } " findet „Straße“. Wortformen werden zusammengeführt: "
            code { "Fahrrad" } " findet auch „Fahrräder“ und „Fahrradstraße“." }
    }
}

/// The page of a hit: an object's own page, or the meeting that holds an agenda item.
fn hit_page(h: &Hit) -> String {
    match h.kind.object_type() {
        Some(ty) => lookup::page(ty, h.object_id),
        None => format!("/votes/{}", h.object_id),
    }
}

async fn content(state: &AppState, req: &HttpRequest) -> Result<Html, ApiError> {
    let q = Query::parse(req)?;
    let Some(text) = q.text("q").map(str::to_owned) else {
        if q.has("q") {
            // The box was sent empty: the API's answer, in words for a person.
            let mut html = Html::new(
                "Suche",
                html! { h1 { "Diese Suche geht so nicht" } p.notice { "Bitte Suchbegriffe eingeben." } (help()) },
            );
            html.status = StatusCode::BAD_REQUEST;
            return Ok(html);
        }
        let mut html = Html::new(
            "Suche",
            html! { h1 { "Suche" } p { "Suchen in Drucksachen, Tagesordnungen, Beschlüssen, Sitzungen, Personen und Gremien." } (help()) },
        );
        html.alternate = Some(state.urls.native("search"));
        return Ok(html);
    };
    let search = match request(&q) {
        Ok(s) => s,
        Err(ApiError::BadRequest { detail, .. }) => {
            let mut html = Html::new(
                "Suche nicht möglich",
                html! {
                    h1 { "Diese Suche geht so nicht" }
                    p.notice { (detail) }
                    (help())
                },
            );
            html.status = StatusCode::BAD_REQUEST;
            html.query = text;
            return Ok(html);
        }
        Err(e) => return Err(e),
    };
    let page = state.store.search(&search).await?;
    let next = next_cursor(&search, &page).map(|c| q.link_with("/search", "cursor", &c));
    let first = q.text("cursor").is_none();
    let narrowed = [
        "type",
        "organization",
        "from",
        "to",
        "body",
        "person",
        "paper_type",
    ]
    .iter()
    .any(|p| q.text(p).is_some());
    let facet = |name: &str, value: &str, label: &str, count: i64| -> Markup {
        html! {
            li { a href=(q.link_setting("/search", &[(name, value), ("cursor", "")])) { (label) } " (" (german::count(count)) ")" }
        }
    };
    let year_range = |y: &str| (format!("{y}-01-01"), format!("{y}-12-31"));
    let content = html! {
        h1 { "Suche: " (text) }
        @if let Some(total) = page.total {
            p.meta { (german::count(total)) " Treffer"
                @if narrowed { " · " a href=(format!("/search?{}", serde_urlencoded::to_string([("q", &text)]).unwrap_or_default())) { "Filter aufheben" } }
                " · " a href=(q.link_setting("/search", &[("sort", if q.text("sort") == Some("date") { "" } else { "date" }), ("cursor", "")])) {
                    @if q.text("sort") == Some("date") { "nach Relevanz sortieren" } @else { "neueste zuerst" }
                }
            }
        }
        @if let Some(f) = &page.facets {
            div.facets {
                @if f.kinds.len() > 1 {
                    div { strong { "Art" } ul { @for (k, n) in &f.kinds { (facet("type", k, german::kind(k), *n)) } } }
                }
                @if f.years.len() > 1 {
                    div { strong { "Jahr" } ul { @for (y, n) in f.years.iter().rev() {
                        @let (from, to) = year_range(y);
                        li { a href=(q.link_setting("/search", &[("from", &from), ("to", &to), ("cursor", "")])) { (y) } " (" (german::count(*n)) ")" }
                    } } }
                }
                @if f.organizations.len() > 1 {
                    div { strong { "Gremium" } ul { @for (id, name, n) in &f.organizations {
                        (facet("organization", &id.to_string(), name.as_deref().unwrap_or("ohne Namen"), *n))
                    } } }
                }
            }
        }
        @if page.hits.is_empty() {
            p.notice { "Nichts gefunden. Weniger Wörter oder ein Wortanfang mit * helfen oft." }
            (help())
        }
        ol.results {
            @for h in &page.hits {
                li {
                    span.kind { (german::kind(h.kind.name())) }
                    a href=(hit_page(h)) { (h.title) }
                    @if let Some(d) = &h.day { " " span.meta { (german::short_date(d)) } }
                    @let snip = snippet::snippet(&h.text, &search.query);
                    @if !snip.is_empty() {
                        // Escaped by the snippet builder; only <mark> is markup.
                        div { (PreEscaped(snip)) }
                    }
                }
            }
        }
        nav.pages {
            @if !first { a href=(q.link_with("/search", "cursor", "")) { "← Zum Anfang" } }
            @if let Some(n) = &next { a href=(n) rel="next" { "Weitere Treffer →" } }
        }
    };
    let mut html = Html::new(format!("Suche: {text}"), content);
    html.alternate = Some(q.link_setting(&state.urls.native("search"), &[]));
    html.feed = Some(q.link_setting(
        "/feeds/search.atom",
        &[("cursor", ""), ("sort", ""), ("facets", ""), ("format", "")],
    ));
    html.query = text;
    Ok(html)
}

pub async fn page(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    respond(&state, content(&state, &req).await)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::search::Kind;

    #[test]
    fn agenda_items_lead_to_their_redirect() {
        let h = Hit {
            kind: Kind::AgendaItem,
            object_id: 7,
            body_id: 1,
            day: None,
            score: 0,
            title: String::new(),
            text: String::new(),
        };
        assert_eq!(hit_page(&h), "/agenda-items/7");
        assert_eq!(
            hit_page(&Hit {
                kind: Kind::VoteEvent,
                ..h
            }),
            "/votes/7"
        );
    }
}
