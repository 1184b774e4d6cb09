//! `/votes/{id}`: one decision with its result bar and faction positions, and
//! `/votes/{id}.svg`, the bar alone for embedding.

use actix_web::{HttpResponse, web};
use maud::{Markup, html};

use super::svg::VoteBar;
use super::{Html, german, lookup, respond, svg_response};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::native::votes::{VoteEvent, render};
use crate::api::oparl::parse_id;
use crate::oparl::ObjectType;
use crate::store::rows::AgendaItemRow;

/// The result bar of a decision.
pub fn bar<'a>(v: &'a VoteEvent, title: &'a str) -> VoteBar<'a> {
    VoteBar {
        title,
        outcome: &v.outcome,
        method: &v.method,
        yes: v.counts.yes,
        no: v.counts.no,
        abstain: v.counts.abstain,
        factions: v
            .faction_positions
            .iter()
            .map(|f| {
                (
                    f.name.clone().unwrap_or_else(|| "Fraktion".to_owned()),
                    f.position.clone(),
                    f.count,
                )
            })
            .collect(),
    }
}

/// The headline of a decision: the outcome, the method and the counts stated.
pub fn summary(v: &VoteEvent) -> Markup {
    html! {
        span.outcome { (german::outcome(&v.outcome)) }
        @if v.method != "none" { ", " (german::method(&v.method)) }
        @if let Some(n) = v.counts.yes { ", Ja " (n) }
        @if let Some(n) = v.counts.no { ", Nein " (n) }
        @if let Some(n) = v.counts.abstain { ", Enthaltung " (n) }
    }
}

/// A live, public decision and the agenda item it was taken on.
async fn load(state: &AppState, raw: &str) -> Result<(VoteEvent, Option<AgendaItemRow>), ApiError> {
    let missing = || super::missing("Abstimmung", raw);
    let id = parse_id(raw).ok_or_else(missing)?;
    let row = state.store.vote(id).await?.ok_or_else(missing)?;
    let item: Option<AgendaItemRow> = match row.agenda_item_id {
        Some(i) => state.store.get(ObjectType::AgendaItem, i).await?,
        None => None,
    };
    if item.as_ref().is_some_and(|i| i.public == Some(false)) {
        return Err(missing());
    }
    let vote = render(state, vec![row]).await?.pop().ok_or_else(missing)?;
    Ok((vote, item))
}

fn title_of(v: &VoteEvent, item: Option<&AgendaItemRow>) -> String {
    item.and_then(|i| i.name.clone())
        .or_else(|| v.question.clone())
        .unwrap_or_else(|| format!("Abstimmung {}", v.id))
}

async fn content(state: &AppState, raw: &str) -> Result<Html, ApiError> {
    let (v, item) = load(state, raw).await?;
    let title = title_of(&v, item.as_ref());
    let organizations = lookup::organizations(state, v.organization.iter()).await?;
    let organization = v
        .organization
        .as_deref()
        .and_then(lookup::id_in)
        .and_then(|id| organizations.get(&id));
    let content = html! {
        h1 { (title) }
        p.meta {
            @if let Some(d) = &v.date { (german::date(d)) }
            @if let Some(o) = organization {
                " · " a href=(lookup::page(ObjectType::Organization, o.meta.id)) { (lookup::organization_name(o)) }
            }
            @if let Some(m) = v.meeting.as_deref().and_then(|u| lookup::page_of(state, u)) {
                " · " a href=(m) { "Sitzung" }
            }
        }
        p { "Ergebnis: " (summary(&v)) }
        @if let Some(t) = &v.result_text { p.meta { "Im Protokoll: „" (t) "“" } }
        (bar(&v, &title).render(false))
        p { a href=(format!("/votes/{}.svg", v.id)) { "Grafik als SVG" } }
        @if let Some(q) = &v.question {
            h2 { "Beschlusstext" }
            blockquote { (q) }
        }
        @if !v.papers.is_empty() {
            h2 { "Drucksachen" }
            ul {
                @for p in &v.papers {
                    li {
                        a href=(lookup::page_of(state, &p.url).unwrap_or_default()) {
                            (p.reference.clone().unwrap_or_else(|| "Drucksache".to_owned()))
                        }
                    }
                }
            }
        }
        @if !v.faction_positions.is_empty() {
            h2 { "Fraktionen" }
            div.table { table {
                thead { tr { th { "Fraktion" } th { "Position" } th { "Stimmen" } th { "Grundlage" } } }
                tbody {
                    @for f in &v.faction_positions {
                        tr {
                            td { a href=(lookup::page_of(state, &f.faction).unwrap_or_default()) {
                                (f.name.clone().unwrap_or_default())
                            } }
                            td { (german::position(&f.position)) }
                            td { @if let Some(n) = f.count { (n) } }
                            td { (german::basis(&f.basis)) }
                        }
                    }
                }
            } }
        }
        @if !v.person_votes.is_empty() {
            h2 { "Stimmen der Mitglieder" }
            ul {
                @for p in &v.person_votes {
                    li {
                        a href=(lookup::page_of(state, &p.person).unwrap_or_default()) {
                            (p.name.clone().unwrap_or_default())
                        }
                        ": " (german::position(&p.vote))
                    }
                }
            }
        }
        @if let Some(source) = v.source.as_ref().and_then(source_line) {
            p.meta { "Quelle: " (source) }
        }
    };
    let modified = crate::oparl::time::parse_micros(&v.modified);
    let mut html = Html::new(title, content).alternate(v.url.clone());
    html.modified = modified;
    Ok(html)
}

/// `datei.txt, Zeile 12` from a provenance object.
fn source_line(source: &serde_json::Value) -> Option<String> {
    let file = source.get("file")?.as_str()?;
    match source.get("line").or_else(|| source.pointer("/lines/0")) {
        Some(line) => Some(format!("{file}, Zeile {line}")),
        None => Some(file.to_owned()),
    }
}

pub async fn page(state: web::Data<AppState>, id: web::Path<String>) -> HttpResponse {
    if let Some(raw) = id.strip_suffix(".svg") {
        return match load(&state, raw).await {
            Ok((v, item)) => svg_response(bar(&v, &title_of(&v, item.as_ref())).render(true)),
            Err(e) => respond(&state, Err(e)),
        };
    }
    respond(&state, content(&state, &id).await)
}
