//! `/papers/{id}`: a Drucksache with its consultations across committees, the decisions
//! taken on it, its files and who brought it in.

use actix_web::{HttpResponse, web};
use maud::html;

use super::meeting::file_link;
use super::{Html, german, lookup, respond, vote};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::native::votes::render;
use crate::oparl::ObjectType;
use crate::store::rows::PaperRow;

async fn content(state: &AppState, raw: &str) -> Result<Html, ApiError> {
    let (paper, modified) =
        lookup::object::<PaperRow>(state, ObjectType::Paper, raw, "Drucksache").await?;
    let paper_id = paper
        .id
        .as_deref()
        .and_then(lookup::id_in)
        .unwrap_or_default();
    let meetings = lookup::meetings(
        state,
        paper.consultation.iter().filter_map(|c| c.meeting.as_ref()),
    )
    .await?;
    let organizations = lookup::organizations(
        state,
        paper
            .consultation
            .iter()
            .flat_map(|c| c.organization.iter())
            .chain(&paper.originator_organization)
            .chain(&paper.under_direction_of),
    )
    .await?;
    let persons = lookup::persons(state, paper.originator_person.iter()).await?;
    let votes = render(state, state.store.votes_of_paper(paper_id).await?).await?;
    let org_link = |url: &String| {
        let o = lookup::id_in(url).and_then(|id| organizations.get(&id));
        html! {
            @if let Some(o) = o {
                a href=(lookup::page(ObjectType::Organization, o.meta.id)) { (lookup::organization_name(o)) }
            }
        }
    };
    let title = paper
        .name
        .clone()
        .unwrap_or_else(|| "Drucksache".to_owned());
    let content = html! {
        h1 { (title) }
        p.meta {
            @if let Some(r) = &paper.reference { "Drucksache " (r) }
            @if let Some(t) = &paper.paper_type { " · " (t) }
            @if let Some(d) = &paper.date { " · " (german::date(d)) }
        }
        @if !paper.originator_person.is_empty() || !paper.originator_organization.is_empty() {
            p { "Eingebracht von: "
                @for (i, p) in persons.values().enumerate() {
                    @if i > 0 { ", " }
                    a href=(lookup::page(ObjectType::Person, p.meta.id)) { (lookup::person_name(p)) }
                }
                @for (i, url) in paper.originator_organization.iter().enumerate() {
                    @if i > 0 || !persons.is_empty() { ", " }
                    (org_link(url))
                }
            }
        }
        @if !paper.under_direction_of.is_empty() {
            p { "Federführend: " @for url in &paper.under_direction_of { (org_link(url)) " " } }
        }
        h2 { "Beratungsfolge" }
        @if paper.consultation.is_empty() { p.meta { "Keine Beratung erfasst." } }
        @else {
            div.table { table {
                thead { tr { th { "Datum" } th { "Gremium" } th { "Rolle" } th { "Ergebnis" } } }
                tbody {
                    @for c in &paper.consultation {
                        @let m = c.meeting.as_deref().and_then(lookup::id_in).and_then(|id| meetings.get(&id));
                        @let item = c.agenda_item.as_deref();
                        @let decided: Vec<_> = votes.iter().filter(|v| item.is_some() && v.agenda_item.as_deref() == item).collect();
                        tr {
                            td {
                                @if let Some(m) = m {
                                    a href=(item.and_then(|u| lookup::page_of(state, u)).unwrap_or_else(|| lookup::page(ObjectType::Meeting, m.meta.id))) {
                                        (m.start_at.as_deref().map(german::short_date).unwrap_or_else(|| lookup::meeting_name(m)))
                                    }
                                }
                            }
                            td { @for url in &c.organization { (org_link(url)) " " } }
                            td {
                                (c.role.clone().unwrap_or_default())
                                @if c.authoritative == Some(true) { " (beschließend)" }
                            }
                            td {
                                @for v in &decided {
                                    a href=(format!("/votes/{}", v.id)) { (vote::summary(v)) } br;
                                }
                            }
                        }
                    }
                }
            } }
        }
        @for v in &votes {
            (vote::bar(v, &title).render(false))
        }
        @let files: Vec<_> = paper.main_file.iter().chain(&paper.auxiliary_file).collect();
        @if !files.is_empty() {
            h2 { "Dateien" }
            ul { @for f in files { li { (file_link(f)) } } }
        }
    };
    Ok(Html::new(title, content)
        .alternate(paper.id.clone().unwrap_or_default())
        .modified(modified))
}

pub async fn page(state: web::Data<AppState>, id: web::Path<String>) -> HttpResponse {
    respond(&state, content(&state, &id).await)
}
