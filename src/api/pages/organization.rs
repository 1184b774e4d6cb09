//! `/organizations/{id}`: a committee or faction with its members and meetings, and for
//! committees the agreement of the factions in its decisions (also as `.svg`).

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use maud::{Markup, html};

use super::svg::{Pair, heatmap};
use super::{Html, german, lookup, respond, svg_response};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::api::native::stats::{FactionAgreement, agreement};
use crate::api::oparl::parse_id;
use crate::oparl::ObjectType;
use crate::store::rows::{MembershipRow, OrganizationRow};

/// Meetings listed on the page, newest first.
const MEETINGS_SHOWN: i64 = 50;

/// The heatmap of an agreement table, or nothing when no pair voted together.
fn agreement_svg(title: &str, a: &FactionAgreement, standalone: bool) -> Option<Markup> {
    let mut names: BTreeMap<&str, String> = BTreeMap::new();
    for p in &a.pairs {
        names.insert(&p.faction_a, p.name_a.clone().unwrap_or_default());
        names.insert(&p.faction_b, p.name_b.clone().unwrap_or_default());
    }
    let mut order: Vec<(&str, String)> = names.into_iter().collect();
    order.sort_by(|x, y| x.1.cmp(&y.1));
    let index = |url: &str| order.iter().position(|(u, _)| *u == url);
    let pairs: Vec<Pair> = a
        .pairs
        .iter()
        .filter_map(|p| {
            let (i, j) = (index(&p.faction_a)?, index(&p.faction_b)?);
            Some(Pair {
                a: i.min(j),
                b: i.max(j),
                together: p.decisions_together,
                agreements: p.agreements,
            })
        })
        .filter(|p| p.together > 0)
        .collect();
    if pairs.is_empty() {
        return None;
    }
    let labels: Vec<String> = order.into_iter().map(|(_, n)| n).collect();
    Some(heatmap(title, &labels, &pairs, standalone))
}

async fn content(state: &AppState, raw: &str) -> Result<Html, ApiError> {
    let (org, modified) =
        lookup::object::<OrganizationRow>(state, ObjectType::Organization, raw, "Gremium").await?;
    let org_id = org
        .id
        .as_deref()
        .and_then(lookup::id_in)
        .unwrap_or_default();
    let mut members: Vec<MembershipRow> = state
        .store
        .children(
            ObjectType::Membership,
            "organization_id",
            &[org_id],
            "t.start_date, t.id",
        )
        .await?;
    // Current members first, then former ones, each by start.
    members.sort_by_key(|m| (m.end_date.is_some(), m.start_date.clone()));
    let person_urls: Vec<String> = members
        .iter()
        .map(|m| state.urls.object(ObjectType::Person, m.person_id))
        .collect();
    let persons = lookup::persons(state, &person_urls).await?;
    let factions = lookup::organizations(
        state,
        &members
            .iter()
            .filter_map(|m| m.on_behalf_of)
            .map(|f| state.urls.object(ObjectType::Organization, f))
            .collect::<Vec<_>>(),
    )
    .await?;
    let meetings = state
        .store
        .latest_meetings_of(org_id, MEETINGS_SHOWN)
        .await?;
    let title = org
        .name
        .clone()
        .or_else(|| org.short_name.clone())
        .unwrap_or_else(|| "Gremium".to_owned());
    let stats = agreement(state, Some(org_id), None, None).await?;
    let chart = agreement_svg(
        &format!("Übereinstimmung der Fraktionen: {title}"),
        &stats,
        false,
    );
    let content = html! {
        h1 { (title) }
        p.meta {
            @if let Some(t) = &org.organization_type { (t) }
            @if let Some(c) = &org.classification { " · " (c) }
            @if let Some(s) = &org.start_date { " · seit " (german::date(s)) }
            @if let Some(e) = &org.end_date { " · bis " (german::date(e)) }
        }
        h2 { "Mitglieder" }
        @if members.is_empty() { p.meta { "Keine Mitglieder erfasst." } }
        @else {
            div.table { table {
                thead { tr { th { "Name" } th { "Rolle" } th { "Fraktion" } th { "Zeitraum" } } }
                tbody {
                    @for m in &members {
                        tr {
                            td { @if let Some(p) = persons.get(&m.person_id) {
                                a href=(lookup::page(ObjectType::Person, p.meta.id)) { (lookup::person_name(p)) }
                            } }
                            td { (m.role.clone().unwrap_or_default()) }
                            td { @if let Some(f) = m.on_behalf_of.and_then(|f| factions.get(&f)) {
                                a href=(lookup::page(ObjectType::Organization, f.meta.id)) { (lookup::organization_name(f)) }
                            } }
                            td {
                                @if let Some(s) = &m.start_date { (german::short_date(s)) }
                                @if let Some(e) = &m.end_date { " – " (german::short_date(e)) }
                            }
                        }
                    }
                }
            } }
        }
        h2 { "Sitzungen" }
        p.meta {
            a href=(format!("/calendar/organizations/{org_id}.ics")) { "Sitzungskalender (iCalendar)" } " · "
            a href=(format!("/feeds/organizations/{org_id}.atom")) { "Neues als Atom-Feed" }
        }
        @if meetings.is_empty() { p.meta { "Keine Sitzungen erfasst." } }
        @else {
            ul {
                @for m in &meetings {
                    li {
                        a href=(lookup::page(ObjectType::Meeting, m.meta.id)) { (lookup::meeting_name(m)) }
                        @if let Some(s) = &m.start_at { " – " (german::date(s)) }
                        @if m.cancelled == Some(true) { " (abgesagt)" }
                    }
                }
            }
        }
        @if let Some(chart) = chart {
            h2 { "Wie oft die Fraktionen gleich abstimmten" }
            p.meta {
                (stats.coverage.decisions) " Entscheidungen; Anteil gleicher Positionen je Paar. "
                a href=(format!("/organizations/{org_id}/agreement.svg")) { "Grafik als SVG" } " · "
                a href=(state.urls.native(&format!("stats/faction-agreement?organization={org_id}"))) { "Daten als JSON" }
            }
            (chart)
        }
    };
    Ok(Html::new(title, content)
        .alternate(org.id.clone().unwrap_or_default())
        .feed(format!("/feeds/organizations/{org_id}.atom"))
        .modified(modified))
}

pub async fn page(state: web::Data<AppState>, id: web::Path<String>) -> HttpResponse {
    respond(&state, content(&state, &id).await)
}

async fn heatmap_of(state: &AppState, org: Option<i64>, title: &str) -> HttpResponse {
    match agreement(state, org, None, None).await {
        Ok(a) => svg_response(
            agreement_svg(title, &a, true).unwrap_or_else(|| heatmap(title, &[], &[], true)),
        ),
        Err(e) => respond(state, Err(e)),
    }
}

/// The agreement heatmap of one committee's decisions.
pub async fn heatmap_svg(state: web::Data<AppState>, id: web::Path<String>) -> HttpResponse {
    let found = async {
        let missing = || super::missing("Gremium", &id);
        let org_id = parse_id(&id).ok_or_else(missing)?;
        let row = state
            .store
            .get(ObjectType::Organization, org_id)
            .await?
            .filter(|r: &OrganizationRow| !r.meta.deleted)
            .ok_or_else(missing)?;
        Ok::<_, ApiError>((org_id, lookup::organization_name(&row)))
    };
    match found.await {
        Ok((org_id, name)) => {
            heatmap_of(
                &state,
                Some(org_id),
                &format!("Übereinstimmung der Fraktionen: {name}"),
            )
            .await
        }
        Err(e) => respond(&state, Err(e)),
    }
}

/// The agreement heatmap over all decisions.
pub async fn heatmap_svg_all(state: web::Data<AppState>) -> HttpResponse {
    heatmap_of(&state, None, "Übereinstimmung der Fraktionen").await
}
