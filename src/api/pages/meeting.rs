//! `/meetings/{id}`: a meeting's agenda with outcomes, decisions and papers;
//! `/agenda-items/{id}` leads to the item on its meeting's page.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use maud::html;

use super::{Html, german, lookup, respond, vote};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::native::votes::{VoteEvent, render};
use crate::api::oparl::parse_id;
use crate::oparl::ObjectType;
use crate::oparl::model::{AgendaItem, File};
use crate::store::rows::{AgendaItemRow, ConsultationRow, MeetingRow, PaperRow};

/// The papers consulted under each agenda item.
async fn papers_of_items(
    state: &AppState,
    items: &[i64],
) -> Result<HashMap<i64, Vec<PaperRow>>, ApiError> {
    let pairs = state
        .store
        .referrers(ObjectType::Consultation, "agenda_item_id", items)
        .await?;
    let consultations: Vec<ConsultationRow> = state
        .store
        .get_many(
            ObjectType::Consultation,
            &pairs.iter().map(|p| p.b).collect::<Vec<_>>(),
        )
        .await?;
    let mut paper_ids: Vec<i64> = consultations.iter().map(|c| c.paper_id).collect();
    paper_ids.sort_unstable();
    paper_ids.dedup();
    let papers: HashMap<i64, PaperRow> = state
        .store
        .get_many::<PaperRow>(ObjectType::Paper, &paper_ids)
        .await?
        .into_iter()
        .filter(|p| !p.meta.deleted)
        .map(|p| (p.meta.id, p))
        .collect();
    let mut out: HashMap<i64, Vec<PaperRow>> = HashMap::new();
    for c in consultations {
        if let (Some(item), Some(p)) = (c.agenda_item_id, papers.get(&c.paper_id)) {
            out.entry(item).or_default().push(p.clone());
        }
    }
    Ok(out)
}

pub fn file_link(f: &File) -> maud::Markup {
    let name = f
        .name
        .clone()
        .or_else(|| f.file_name.clone())
        .unwrap_or_else(|| "Datei".to_owned());
    html! {
        @match f.access_url.as_deref() {
            Some(url) => a href=(url) { (name) },
            None => (name),
        }
        @if let Some(d) = &f.date { " (" (german::short_date(d)) ")" }
    }
}

fn item_id(item: &AgendaItem) -> Option<i64> {
    item.id.as_deref().and_then(lookup::id_in)
}

async fn content(state: &AppState, raw: &str) -> Result<Html, ApiError> {
    let (meeting, modified) =
        lookup::object::<MeetingRow>(state, ObjectType::Meeting, raw, "Sitzung").await?;
    let public: Vec<i64> = meeting
        .agenda_item
        .iter()
        .filter(|i| i.public != Some(false))
        .filter_map(item_id)
        .collect();
    let mut votes: HashMap<i64, Vec<VoteEvent>> = HashMap::new();
    let rows = state.store.votes_of_items(&public).await?;
    for v in render(state, rows).await? {
        if let Some(item) = v.agenda_item.as_deref().and_then(lookup::id_in) {
            votes.entry(item).or_default().push(v);
        }
    }
    let papers = papers_of_items(state, &public).await?;
    let organizations = lookup::organizations(state, meeting.organization.iter()).await?;
    let title = meeting.name.clone().unwrap_or_else(|| "Sitzung".to_owned());
    let files: Vec<(&str, &File)> = [
        ("Einladung", meeting.invitation.as_ref()),
        ("Ergebnisprotokoll", meeting.results_protocol.as_ref()),
        ("Wortprotokoll", meeting.verbatim_protocol.as_ref()),
    ]
    .into_iter()
    .filter_map(|(label, f)| f.map(|f| (label, f)))
    .chain(meeting.auxiliary_file.iter().map(|f| ("Anlage", f)))
    .collect();
    let content = html! {
        h1 { (title) }
        p.meta {
            @if let Some(s) = &meeting.start { (german::date_time(s)) }
            @if let Some(e) = meeting.end.as_deref().and_then(german::time) { " bis " (e) }
            @if let Some(l) = &meeting.location {
                " · " (l.description.clone().or_else(|| l.room.clone()).unwrap_or_default())
            }
        }
        @if meeting.cancelled == Some(true) { p.notice { "Diese Sitzung wurde abgesagt." } }
        @if !organizations.is_empty() {
            p { "Gremium: "
                @for (i, o) in organizations.values().enumerate() {
                    @if i > 0 { ", " }
                    a href=(lookup::page(ObjectType::Organization, o.meta.id)) { (lookup::organization_name(o)) }
                }
            }
        }
        @if !files.is_empty() {
            ul.plain { @for (label, f) in &files { li { (label) ": " (file_link(f)) } } }
        }
        h2 { "Tagesordnung" }
        @if meeting.agenda_item.is_empty() { p.meta { "Keine Tagesordnung erfasst." } }
        @for item in &meeting.agenda_item {
            @let id = item_id(item).unwrap_or_default();
            section.item id=(format!("top-{id}")) {
                h3 {
                    @if let Some(n) = &item.number { "TOP " (n) ": " }
                    (item.name.clone().unwrap_or_default())
                }
                @if item.public == Some(false) {
                    p.meta { "Nicht öffentlich." }
                } @else {
                    @if let Some(r) = &item.result { p { "Ergebnis: " span.outcome { (r) } } }
                    @if let Some(list) = papers.get(&id) {
                        p { "Drucksache: "
                            @for (i, p) in list.iter().enumerate() {
                                @if i > 0 { ", " }
                                a href=(lookup::page(ObjectType::Paper, p.meta.id)) {
                                    (p.reference.clone().or_else(|| p.name.clone()).unwrap_or_default())
                                }
                            }
                        }
                    }
                    @if let Some(t) = &item.resolution_text {
                        details { summary { "Beschlusstext" } blockquote { (t) } }
                    }
                    @for v in votes.get(&id).into_iter().flatten() {
                        @let label = item.name.clone().unwrap_or_default();
                        p { a href=(format!("/votes/{}", v.id)) { "Abstimmung" } ": " (vote::summary(v)) }
                        (vote::bar(v, &label).render(false))
                    }
                }
            }
        }
    };
    Ok(Html::new(title, content)
        .alternate(meeting.id.clone().unwrap_or_default())
        .modified(modified))
}

pub async fn page(state: web::Data<AppState>, id: web::Path<String>) -> HttpResponse {
    respond(&state, content(&state, &id).await)
}

/// An agenda item has no page of its own: it is shown on its meeting's.
pub async fn agenda_item(state: web::Data<AppState>, id: web::Path<String>) -> HttpResponse {
    let found = async {
        let missing = || super::missing("Tagesordnungspunkt", &id);
        let item_id = parse_id(&id).ok_or_else(missing)?;
        let row = state
            .store
            .get(ObjectType::AgendaItem, item_id)
            .await?
            .filter(|r: &AgendaItemRow| !r.meta.deleted)
            .ok_or_else(missing)?;
        Ok::<_, ApiError>(format!("/meetings/{}#top-{item_id}", row.meeting_id))
    };
    match found.await {
        Ok(location) => HttpResponse::SeeOther()
            .insert_header((header::LOCATION, location))
            .finish(),
        Err(e) => respond(&state, Err(e)),
    }
}
