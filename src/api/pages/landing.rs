//! `/`: what this instance holds, per body, where it came from, and the ways in.

use actix_web::{HttpResponse, web};
use maud::html;

use super::{Html, german, lookup, respond};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::oparl::ObjectType;
use crate::store::read::{Cursor, ListFilter, Scope};
use crate::store::rows::{BodyRow, OrganizationRow};

/// Bodies and committees listed; an instance with more links to the lists.
const BODIES_SHOWN: i64 = 50;
const COMMITTEES_SHOWN: i64 = 200;

const COUNTED: [(ObjectType, &str); 5] = [
    (ObjectType::Meeting, "Sitzungen"),
    (ObjectType::AgendaItem, "Tagesordnungspunkte"),
    (ObjectType::Paper, "Drucksachen"),
    (ObjectType::Person, "Personen"),
    (ObjectType::Organization, "Gremien und Fraktionen"),
];

/// What one body holds: counts per type and its last change.
struct Holdings {
    body: BodyRow,
    counts: Vec<(&'static str, i64)>,
    last_change: Option<i64>,
    committees: Vec<OrganizationRow>,
}

async fn holdings(state: &AppState, body: BodyRow) -> Result<Holdings, ApiError> {
    let scope = Scope::Body(body.id);
    let filter = ListFilter::default();
    let mut counts = Vec::new();
    let mut last_change = Some(body.modified);
    for (ty, label) in COUNTED {
        let last = state.store.last_modified(ty, scope).await?;
        last_change = last_change.max(last);
        counts.push((label, state.count(ty, scope, &filter, last).await?));
    }
    let organizations = state
        .store
        .list::<OrganizationRow>(
            ObjectType::Organization,
            scope,
            &filter,
            Cursor::Start,
            COMMITTEES_SHOWN,
            false,
        )
        .await?;
    let committees = organizations
        .rows
        .into_iter()
        .filter(|o| {
            let kind = o.organization_type.as_deref().unwrap_or_default();
            kind != "Fraktion" && kind != "Verwaltungsbereich" && kind != "Partei"
        })
        .collect();
    Ok(Holdings {
        body,
        counts,
        last_change,
        committees,
    })
}

async fn content(state: &AppState) -> Result<Html, ApiError> {
    let bodies = state
        .store
        .list::<BodyRow>(
            ObjectType::Body,
            Scope::AllBodies,
            &ListFilter::default(),
            Cursor::Start,
            BODIES_SHOWN,
            false,
        )
        .await?;
    let mut held = Vec::new();
    for body in bodies.rows {
        held.push(holdings(state, body).await?);
    }
    let sources = state.store.harvest_sources().await?;
    let last_change = held.iter().filter_map(|h| h.last_change).max();
    let name = state.system.name.clone();
    let content = html! {
        h1 { (name) }
        p { "Ratsinformationen als offene Daten: Gremien, Sitzungen, Tagesordnungen, Drucksachen, "
            "Beschlüsse und Abstimmungen – zum Suchen, Lesen und Weiterverarbeiten." }
        form.search action="/search" method="get" role="search" {
            input type="search" name="q" aria-label="Suchbegriffe" placeholder="Wonach suchen Sie? z. B. Radweg, Haushalt, Schule";
            button type="submit" { "Suchen" }
        }
        @if let Some(t) = last_change {
            p.meta { "Stand: " (german::date(&crate::oparl::time::format_micros(t))) }
        }
        @if held.is_empty() {
            p.notice { "Diese Instanz enthält noch keine Daten. Mit " code { "ratsinfo import-minutes" }
                ", " code { "ratsinfo harvest" } " oder " code { "ratsinfo serve --demo" } " kommen welche hinein." }
        }
        @for h in &held {
            section {
                h2 { (h.body.name.clone().unwrap_or_else(|| "Körperschaft".to_owned())) }
                ul.counts {
                    @for (label, n) in &h.counts { li { strong { (german::count(*n)) } (label) } }
                }
                @if !h.committees.is_empty() {
                    p { "Gremien: "
                        @for (i, o) in h.committees.iter().enumerate() {
                            @if i > 0 { " · " }
                            a href=(lookup::page(ObjectType::Organization, o.meta.id)) { (lookup::organization_name(o)) }
                        }
                    }
                }
                p.meta {
                    a href=(state.urls.object(ObjectType::Body, h.body.id)) { "OParl-Objekt" } " · "
                    a href=(state.urls.body_list_of(h.body.id, ObjectType::Paper)) { "alle Drucksachen (OParl)" } " · "
                    a href=(state.urls.native(&format!("votes?body={}", h.body.id))) { "Abstimmungen (JSON)" } " · "
                    a href=(state.urls.native(&format!("votes?body={}&format=csv", h.body.id))) { "Abstimmungen (CSV)" } " · "
                    a href=(format!("/feeds/bodies/{}.atom", h.body.id)) { "Neues als Atom-Feed" } " · "
                    a href=(format!("/calendar/bodies/{}.ics", h.body.id)) { "Sitzungskalender (iCalendar)" }
                }
            }
        }
        @if !sources.is_empty() {
            h2 { "Quellen" }
            ul {
                @for s in &sources {
                    li { a href=(s.url) { (s.url) }
                        @if let Some(t) = s.last_sync { " – zuletzt abgeglichen am " (german::date(&crate::oparl::time::format_micros(t))) }
                    }
                }
            }
        }
        h2 { "Für Entwicklerinnen und Entwickler" }
        ul {
            li { a href=(state.urls.system()) { "OParl-1.1-Einstieg" } " – das System-Objekt, von dem aus sich alles abrufen lässt" }
            li { a href="/docs/" { "API-Dokumentation" } " (Swagger UI) und " a href="/openapi.json" { "OpenAPI-Beschreibung" } }
            li { a href=(state.urls.native("votes")) { "Abstimmungen" } ", " a href=(state.urls.native("motions")) { "Anträge" } ", "
                a href=(state.urls.native("stats/faction-agreement")) { "Übereinstimmung der Fraktionen" }
                " (" a href="/agreement.svg" { "als Grafik" } ")" }
            li { a href=(state.urls.native("search?q=Haushalt")) { "Suche als JSON" } " – jede Liste auch als CSV mit " code { "?format=csv" } }
        }
    };
    let mut html = Html::new(name, content);
    html.alternate = Some(state.urls.system());
    html.modified = last_change;
    Ok(html)
}

pub async fn page(state: web::Data<AppState>) -> HttpResponse {
    respond(&state, content(&state).await)
}
