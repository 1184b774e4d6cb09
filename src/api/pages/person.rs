//! `/persons/{id}`: a member's memberships over time and voting record, with the votes
//! in which they differed from their own faction.

use actix_web::{HttpResponse, web};
use maud::html;

use super::{Html, german, lookup, respond};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::native::votes::records;
use crate::oparl::ObjectType;
use crate::store::rows::PersonRow;

/// Votes listed on the page; the rest is a link to the API away.
const VOTES_SHOWN: i64 = 200;

async fn content(state: &AppState, raw: &str) -> Result<Html, ApiError> {
    let (person, modified) =
        lookup::object::<PersonRow>(state, ObjectType::Person, raw, "Person").await?;
    let person_id = person
        .id
        .as_deref()
        .and_then(lookup::id_in)
        .unwrap_or_default();
    let organizations = lookup::organizations(
        state,
        person
            .membership
            .iter()
            .flat_map(|m| m.organization.iter().chain(m.on_behalf_of.iter())),
    )
    .await?;
    let (votes, more) = records(state, person_id, None, VOTES_SHOWN).await?;
    let differing = votes.iter().filter(|v| v.differs_from_faction).count();
    let mut memberships: Vec<_> = person.membership.iter().collect();
    memberships.sort_by(|a, b| b.start_date.cmp(&a.start_date));
    let org = |url: Option<&String>| {
        let o = url
            .and_then(|u| lookup::id_in(u))
            .and_then(|id| organizations.get(&id));
        html! {
            @if let Some(o) = o {
                a href=(lookup::page(ObjectType::Organization, o.meta.id)) { (lookup::organization_name(o)) }
            }
        }
    };
    let title = person.name.clone().unwrap_or_else(|| "Person".to_owned());
    let api = state.urls.native(&format!("persons/{person_id}/votes"));
    let content = html! {
        h1 {
            @if let Some(f) = &person.form_of_address { (f) " " }
            (title)
        }
        @if !person.status.is_empty() { p.meta { (person.status.join(", ")) } }
        h2 { "Mitgliedschaften" }
        @if memberships.is_empty() { p.meta { "Keine Mitgliedschaft erfasst." } }
        @else {
            div.table { table {
                thead { tr { th { "Gremium" } th { "Rolle" } th { "für" } th { "Zeitraum" } } }
                tbody {
                    @for m in &memberships {
                        tr {
                            td { (org(m.organization.as_ref())) }
                            td { (m.role.clone().unwrap_or_default()) }
                            td { (org(m.on_behalf_of.as_ref())) }
                            td {
                                @match (&m.start_date, &m.end_date) {
                                    (Some(s), Some(e)) => { (german::short_date(s)) " – " (german::short_date(e)) },
                                    (Some(s), None) => { "seit " (german::short_date(s)) },
                                    (None, Some(e)) => { "bis " (german::short_date(e)) },
                                    (None, None) => {},
                                }
                            }
                        }
                    }
                }
            } }
        }
        h2 { "Abstimmungsverhalten" }
        @if votes.is_empty() {
            p.meta { "Keine namentlich bekannten Stimmen." }
        } @else {
            p {
                (votes.len()) @if more { "+" } " bekannte Stimmen, davon "
                strong { (differing) } " abweichend von der eigenen Fraktion."
                " " a href=(api) { "Alle als JSON" } " · " a href=(format!("{api}?format=csv")) { "CSV" }
            }
            div.table { table {
                thead { tr { th { "Datum" } th { "Beschluss" } th { "Stimme" } th { "Fraktion" } } }
                tbody {
                    @for v in &votes {
                        tr {
                            td { (v.date.as_deref().map(german::short_date).unwrap_or_default()) }
                            td {
                                a href=(format!("/votes/{}", v.id)) {
                                    (v.question.as_deref().map(|q| shorten(q, 120)).unwrap_or_else(|| german::outcome(&v.outcome).to_owned()))
                                }
                            }
                            td { (german::position(&v.vote)) }
                            td {
                                @if v.differs_from_faction {
                                    span.differs { "abweichend" }
                                    @if let Some(p) = &v.faction_position { " (Fraktion: " (german::position(p)) ")" }
                                } @else if let Some(p) = &v.faction_position {
                                    (german::position(p))
                                }
                            }
                        }
                    }
                }
            } }
        }
    };
    Ok(Html::new(title, content)
        .alternate(person.id.clone().unwrap_or_default())
        .feed(format!("/feeds/persons/{person_id}.atom"))
        .modified(modified))
}

/// The first `max` characters of a text, cut at a word.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut} …")
}

pub async fn page(state: web::Data<AppState>, id: web::Path<String>) -> HttpResponse {
    respond(&state, content(&state, &id).await)
}
