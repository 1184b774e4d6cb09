//! Rows to OParl objects. One renderer per type serves the standalone form, list
//! entries and the embedded form (minus back-references), so the three never drift.
//! Every look-up is batched per page: a list page costs a fixed number of queries.

use std::collections::HashMap;

use crate::api::urls::Urls;
use crate::oparl::ObjectType;
use crate::oparl::model::{
    AgendaItem, Body, Consultation, File, LegislativeTerm, Location, Meeting, Membership,
    Organization, Paper, Person,
};
use crate::oparl::time::format_micros;
use crate::store::rows::{
    AgendaItemRow, BodyRow, ConsultationRow, FileRow, IdPair, LegislativeTermRow, LinkRow,
    LocationRow, MeetingRow, MembershipRow, Meta, OrganizationRow, PaperRow, PersonRow,
};
use crate::store::{Reads, Result};

/// Whether an object is rendered on its own (with back-references) or inside its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Standalone,
    Embedded,
}

pub struct Renderer<'a> {
    pub reads: Reads<'a>,
    pub urls: &'a Urls,
    /// `omit_internal=true`: leave out the array-valued internal lists.
    pub omit_internal: bool,
}

fn json_strings(value: &Option<String>) -> Vec<String> {
    value
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default()
}

fn json_value(value: &Option<String>) -> Option<serde_json::Value> {
    value.as_deref().and_then(|s| serde_json::from_str(s).ok())
}

fn group(pairs: Vec<IdPair>) -> HashMap<i64, Vec<i64>> {
    let mut map: HashMap<i64, Vec<i64>> = HashMap::new();
    for p in pairs {
        map.entry(p.a).or_default().push(p.b);
    }
    map
}

/// Array links grouped by (source, property), in stored order.
fn group_links(links: Vec<LinkRow>) -> HashMap<(i64, String), Vec<i64>> {
    let mut map: HashMap<(i64, String), Vec<i64>> = HashMap::new();
    for l in links {
        map.entry((l.src_id, l.property))
            .or_default()
            .push(l.dst_id);
    }
    map
}

fn take(map: &mut HashMap<(i64, String), Vec<i64>>, id: i64, property: &str) -> Vec<i64> {
    map.remove(&(id, property.to_owned())).unwrap_or_default()
}

/// The distinct ids a back-reference map holds for `id`, in order (an object may refer
/// to the same target through two properties, e.g. invitation and auxiliary file).
fn referrers_of(map: &HashMap<i64, Vec<i64>>, id: i64) -> Vec<i64> {
    let mut ids = map.get(&id).cloned().unwrap_or_default();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Fills the properties common to all types; for a tombstone, only those.
macro_rules! common {
    ($obj:ident, $meta:expr, $ty:expr, $urls:expr) => {{
        let meta: &Meta = $meta;
        $obj.id = Some($urls.object($ty, meta.id));
        $obj.type_ = Some($ty.uri());
        $obj.created = Some(format_micros(meta.created));
        $obj.modified = Some(format_micros(meta.modified));
        if meta.deleted {
            $obj.deleted = Some(true);
        } else {
            $obj.license = meta.license.clone();
            $obj.keyword = json_strings(&meta.keyword);
            $obj.web = meta.web.clone();
            $obj.source = json_value(&meta.source);
            if meta.origin.starts_with("http://") || meta.origin.starts_with("https://") {
                $obj.original_id = Some(meta.origin.clone());
            }
        }
        meta.deleted
    }};
}

/// `ratsinfo:sync` of a harvested body.
fn sync_state(source: &crate::store::harvest::SourceRow) -> crate::oparl::model::SyncState {
    let defects = source
        .report
        .as_deref()
        .and_then(|r| serde_json::from_str::<serde_json::Value>(r).ok())
        .and_then(|r| {
            r.get("defects").and_then(|d| d.as_object()).map(|d| {
                d.values()
                    .filter_map(|v| v.get("count").and_then(serde_json::Value::as_u64))
                    .sum()
            })
        })
        .unwrap_or(0);
    crate::oparl::model::SyncState {
        source: source.url.clone(),
        last_full_sync: source.last_full_sync.map(format_micros),
        last_sync: source.last_sync.map(format_micros),
        defects,
    }
}

impl Renderer<'_> {
    fn url(&self, ty: ObjectType, id: i64) -> String {
        self.urls.object(ty, id)
    }

    fn opt_url(&self, ty: ObjectType, id: Option<i64>) -> Option<String> {
        id.map(|id| self.url(ty, id))
    }

    pub async fn bodies(&self, rows: Vec<BodyRow>) -> Result<Vec<Body>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let location_ids: Vec<i64> = rows.iter().filter_map(|r| r.location_id).collect();
        let locations = self.locations_by_id(&location_ids).await?;
        let mut terms: HashMap<i64, Vec<LegislativeTerm>> = HashMap::new();
        if !self.omit_internal {
            let term_rows: Vec<LegislativeTermRow> = self
                .reads
                .children(
                    ObjectType::LegislativeTerm,
                    "body_id",
                    &ids,
                    "t.body_id, t.start_date, t.id",
                )
                .await?;
            for row in term_rows {
                let body = row.meta.body_id;
                let term = self.legislative_term(row, Form::Embedded);
                terms.entry(body).or_default().push(term);
            }
        }
        let origins: Vec<&str> = rows
            .iter()
            .filter(|r| r.origin.starts_with("http"))
            .map(|r| r.origin.as_str())
            .collect();
        let mut sync: HashMap<String, crate::oparl::model::SyncState> = HashMap::new();
        for (origin, source) in self.reads.harvest_sources_of_bodies(&origins).await? {
            sync.entry(origin).or_insert_with(|| sync_state(&source));
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut o = Body {
                id: Some(self.url(ObjectType::Body, r.id)),
                type_: Some(ObjectType::Body.uri()),
                created: Some(format_micros(r.created)),
                modified: Some(format_micros(r.modified)),
                ..Body::default()
            };
            if r.deleted {
                o.deleted = Some(true);
                out.push(o);
                continue;
            }
            let list = |ty| Some(self.urls.body_list_of(r.id, ty));
            o.system = Some(self.urls.system());
            o.name = Some(
                r.name
                    .clone()
                    .unwrap_or_else(|| format!("Körperschaft {}", r.id)),
            );
            o.short_name = r.short_name;
            o.website = r.website;
            o.license = r.license;
            o.license_valid_since = r.license_valid_since;
            o.oparl_since = r.oparl_since;
            o.ags = r.ags;
            o.rgs = r.rgs;
            o.equivalent = json_strings(&r.equivalent);
            o.contact_email = r.contact_email;
            o.contact_name = r.contact_name;
            o.classification = r.classification;
            o.keyword = json_strings(&r.keyword);
            o.web = r.web;
            o.source = json_value(&r.source);
            if r.origin.starts_with("http") {
                o.original_id = Some(r.origin.clone());
            }
            o.sync = sync.remove(&r.origin);
            o.organization = list(ObjectType::Organization);
            o.person = list(ObjectType::Person);
            o.meeting = list(ObjectType::Meeting);
            o.paper = list(ObjectType::Paper);
            o.agenda_item = list(ObjectType::AgendaItem);
            o.consultation = list(ObjectType::Consultation);
            o.file = list(ObjectType::File);
            o.location_list = list(ObjectType::Location);
            o.legislative_term_list = list(ObjectType::LegislativeTerm);
            o.membership = list(ObjectType::Membership);
            if !self.omit_internal {
                o.legislative_term = Some(terms.remove(&r.id).unwrap_or_default());
            }
            o.location = r.location_id.and_then(|id| locations.get(&id).cloned());
            out.push(o);
        }
        Ok(out)
    }

    pub fn legislative_term(&self, r: LegislativeTermRow, form: Form) -> LegislativeTerm {
        let mut o = LegislativeTerm::default();
        if common!(o, &r.meta, ObjectType::LegislativeTerm, self.urls) {
            return o;
        }
        if form == Form::Standalone {
            o.body = Some(self.url(ObjectType::Body, r.meta.body_id));
        }
        o.name = r.name;
        o.start_date = r.start_date;
        o.end_date = r.end_date;
        o
    }

    pub async fn organizations(&self, rows: Vec<OrganizationRow>) -> Result<Vec<Organization>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.meta.id).collect();
        let memberships = group(
            self.reads
                .referrers(ObjectType::Membership, "organization_id", &ids)
                .await?,
        );
        let location_ids: Vec<i64> = rows.iter().filter_map(|r| r.location_id).collect();
        let locations = self.locations_by_id(&location_ids).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut o = Organization::default();
            if common!(o, &r.meta, ObjectType::Organization, self.urls) {
                out.push(o);
                continue;
            }
            let id = r.meta.id;
            o.body = Some(self.url(ObjectType::Body, r.meta.body_id));
            o.name = r.name;
            o.short_name = r.short_name;
            o.membership = self.urls.objects(
                ObjectType::Membership,
                memberships.get(&id).into_iter().flatten().copied(),
            );
            o.meeting = Some(self.urls.organization_list_of(id, ObjectType::Meeting));
            o.consultation = Some(self.urls.organization_list_of(id, ObjectType::Consultation));
            o.post = json_strings(&r.post);
            o.sub_organization_of = self.opt_url(ObjectType::Organization, r.sub_organization_of);
            o.organization_type = r.organization_type;
            o.classification = r.classification;
            o.start_date = r.start_date;
            o.end_date = r.end_date;
            o.website = r.website;
            o.location = r.location_id.and_then(|l| locations.get(&l).cloned());
            o.external_body = r.external_body;
            out.push(o);
        }
        Ok(out)
    }

    pub async fn persons(&self, rows: Vec<PersonRow>) -> Result<Vec<Person>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.meta.id).collect();
        let mut memberships: HashMap<i64, Vec<Membership>> = HashMap::new();
        if !self.omit_internal {
            let membership_rows: Vec<MembershipRow> = self
                .reads
                .children(
                    ObjectType::Membership,
                    "person_id",
                    &ids,
                    "t.person_id, t.id",
                )
                .await?;
            for m in membership_rows {
                let person = m.person_id;
                memberships
                    .entry(person)
                    .or_default()
                    .push(self.membership(m, Form::Embedded));
            }
        }
        let location_ids: Vec<i64> = rows.iter().filter_map(|r| r.location_id).collect();
        let locations = self.locations_by_id(&location_ids).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut o = Person::default();
            if common!(o, &r.meta, ObjectType::Person, self.urls) {
                out.push(o);
                continue;
            }
            o.body = Some(self.url(ObjectType::Body, r.meta.body_id));
            o.name = r.name;
            o.family_name = r.family_name;
            o.given_name = r.given_name;
            o.form_of_address = r.form_of_address;
            o.affix = r.affix;
            o.title = json_strings(&r.title);
            o.gender = r.gender;
            o.phone = json_strings(&r.phone);
            o.email = json_strings(&r.email);
            if let Some(location) = r.location_id.and_then(|l| locations.get(&l).cloned()) {
                o.location = location.id.clone();
                o.location_object = Some(location);
            }
            o.status = json_strings(&r.status);
            o.membership = memberships.remove(&r.meta.id).unwrap_or_default();
            o.life = r.life;
            o.life_source = r.life_source;
            out.push(o);
        }
        Ok(out)
    }

    pub fn membership(&self, r: MembershipRow, form: Form) -> Membership {
        let mut o = Membership::default();
        if common!(o, &r.meta, ObjectType::Membership, self.urls) {
            return o;
        }
        if form == Form::Standalone {
            o.person = Some(self.url(ObjectType::Person, r.person_id));
        }
        o.organization = self.opt_url(ObjectType::Organization, r.organization_id);
        o.role = r.role;
        o.voting_right = r.voting_right;
        o.start_date = r.start_date;
        o.end_date = r.end_date;
        o.on_behalf_of = self.opt_url(ObjectType::Organization, r.on_behalf_of);
        o
    }

    pub async fn meetings(&self, rows: Vec<MeetingRow>) -> Result<Vec<Meeting>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.meta.id).collect();
        let mut links = group_links(self.reads.links(ObjectType::Meeting, &ids).await?);
        let location_ids: Vec<i64> = rows.iter().filter_map(|r| r.location_id).collect();
        let locations = self.locations_by_id(&location_ids).await?;
        let mut file_ids: Vec<i64> = rows
            .iter()
            .flat_map(|r| {
                [
                    r.invitation_id,
                    r.results_protocol_id,
                    r.verbatim_protocol_id,
                ]
            })
            .flatten()
            .collect();
        if !self.omit_internal {
            file_ids.extend(
                links
                    .iter()
                    .filter(|((_, p), _)| p == "auxiliaryFile")
                    .flat_map(|(_, v)| v),
            );
        }
        let files = self.files_by_id(&file_ids).await?;
        let mut items: HashMap<i64, Vec<AgendaItem>> = HashMap::new();
        if !self.omit_internal {
            let item_rows: Vec<AgendaItemRow> = self
                .reads
                .children(
                    ObjectType::AgendaItem,
                    "meeting_id",
                    &ids,
                    "t.meeting_id, t.position, t.id",
                )
                .await?;
            for (meeting, item) in self
                .agenda_items_with_parent(item_rows, Form::Embedded)
                .await?
            {
                items.entry(meeting).or_default().push(item);
            }
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut o = Meeting::default();
            if common!(o, &r.meta, ObjectType::Meeting, self.urls) {
                out.push(o);
                continue;
            }
            let id = r.meta.id;
            o.name = r.name;
            o.meeting_state = r.meeting_state;
            o.cancelled = r.cancelled;
            o.start = r.start_at;
            o.end = r.end_at;
            o.location = r.location_id.and_then(|l| locations.get(&l).cloned());
            o.organization = self.urls.objects(
                ObjectType::Organization,
                take(&mut links, id, "organization"),
            );
            o.participant = self
                .urls
                .objects(ObjectType::Person, take(&mut links, id, "participant"));
            o.invitation = r.invitation_id.and_then(|f| files.get(&f).cloned());
            o.results_protocol = r.results_protocol_id.and_then(|f| files.get(&f).cloned());
            o.verbatim_protocol = r.verbatim_protocol_id.and_then(|f| files.get(&f).cloned());
            if !self.omit_internal {
                o.auxiliary_file = take(&mut links, id, "auxiliaryFile")
                    .iter()
                    .filter_map(|f| files.get(f).cloned())
                    .collect();
                // Order is re-derived from array position: 0, 1, 2, ... without gaps.
                o.agenda_item = items.remove(&id).unwrap_or_default();
                for (i, item) in o.agenda_item.iter_mut().enumerate() {
                    item.order = Some(i as i64);
                }
            }
            out.push(o);
        }
        Ok(out)
    }

    pub async fn agenda_items(&self, rows: Vec<AgendaItemRow>) -> Result<Vec<AgendaItem>> {
        Ok(self
            .agenda_items_with_parent(rows, Form::Standalone)
            .await?
            .into_iter()
            .map(|(_, item)| item)
            .collect())
    }

    async fn agenda_items_with_parent(
        &self,
        rows: Vec<AgendaItemRow>,
        form: Form,
    ) -> Result<Vec<(i64, AgendaItem)>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.meta.id).collect();
        // An item may record several votes (an amendment, then the main motion): it shows
        // the one its result names, else the last.
        let results: HashMap<i64, Option<&str>> = rows
            .iter()
            .map(|r| (r.meta.id, r.result.as_deref()))
            .collect();
        let mut votes: HashMap<i64, crate::store::votes::VoteEventRow> = HashMap::new();
        for v in self.reads.votes_of_items(&ids).await? {
            if let Some(item) = v.agenda_item_id {
                let result = results.get(&item).copied().flatten();
                let holds_result = |e: &crate::store::votes::VoteEventRow| {
                    result.is_some() && e.result_text.as_deref() == result
                };
                if !votes.get(&item).is_some_and(holds_result) {
                    votes.insert(item, v);
                }
            }
        }
        let consultations = group(
            self.reads
                .referrers(ObjectType::Consultation, "agenda_item_id", &ids)
                .await?,
        );
        let mut links = group_links(self.reads.links(ObjectType::AgendaItem, &ids).await?);
        let mut file_ids: Vec<i64> = rows.iter().filter_map(|r| r.resolution_file_id).collect();
        if !self.omit_internal {
            file_ids.extend(links.values().flatten());
        }
        let files = self.files_by_id(&file_ids).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut o = AgendaItem::default();
            let meeting = r.meeting_id;
            if common!(o, &r.meta, ObjectType::AgendaItem, self.urls) {
                out.push((meeting, o));
                continue;
            }
            let id = r.meta.id;
            if form == Form::Standalone {
                o.meeting = Some(self.url(ObjectType::Meeting, meeting));
            }
            o.number = r.number;
            o.order = Some(r.position);
            if r.public == Some(false) {
                // Non-public items keep only their number and a neutral name.
                o.name = Some("Nichtöffentlicher Tagesordnungspunkt".to_owned());
                o.public = Some(false);
                out.push((meeting, o));
                continue;
            }
            o.name = r.name;
            o.public = r.public;
            o.consultation = consultations
                .get(&id)
                .and_then(|c| c.first())
                .map(|c| self.url(ObjectType::Consultation, *c));
            o.result = r.result;
            o.resolution_text = r.resolution_text;
            o.resolution_file = r.resolution_file_id.and_then(|f| files.get(&f).cloned());
            if !self.omit_internal {
                o.auxiliary_file = take(&mut links, id, "auxiliaryFile")
                    .iter()
                    .filter_map(|f| files.get(f).cloned())
                    .collect();
            }
            o.start = r.start_at;
            o.end = r.end_at;
            if let Some(v) = votes.remove(&id) {
                o.vote_event = Some(self.urls.vote(v.id));
                o.vote = Some(crate::oparl::model::VoteSummary {
                    outcome: v.outcome,
                    method: v.method,
                    yes: v.yes,
                    no: v.no,
                    abstain: v.abstain,
                });
            }
            o.texts = r
                .texts
                .as_deref()
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or_default();
            out.push((meeting, o));
        }
        Ok(out)
    }

    pub async fn papers(&self, rows: Vec<PaperRow>) -> Result<Vec<Paper>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.meta.id).collect();
        let mut links = group_links(self.reads.links(ObjectType::Paper, &ids).await?);
        let mut file_ids: Vec<i64> = rows.iter().filter_map(|r| r.main_file_id).collect();
        let mut location_ids = Vec::new();
        if !self.omit_internal {
            for ((_, property), dst) in &links {
                match property.as_str() {
                    "auxiliaryFile" => file_ids.extend(dst),
                    "location" => location_ids.extend(dst),
                    _ => {}
                }
            }
        }
        let files = self.files_by_id(&file_ids).await?;
        let locations = self.locations_by_id(&location_ids).await?;
        let consultation_rows: Vec<ConsultationRow> = self
            .reads
            .children(
                ObjectType::Consultation,
                "paper_id",
                &ids,
                "t.paper_id, t.id",
            )
            .await?;
        let mut consultations: HashMap<i64, Vec<Consultation>> = HashMap::new();
        for (paper, c) in self
            .consultations_with_parent(consultation_rows, Form::Embedded)
            .await?
        {
            consultations.entry(paper).or_default().push(c);
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut o = Paper::default();
            if common!(o, &r.meta, ObjectType::Paper, self.urls) {
                out.push(o);
                continue;
            }
            let id = r.meta.id;
            let mut refs =
                |property: &str, ty| self.urls.objects(ty, take(&mut links, id, property));
            o.related_paper = refs("relatedPaper", ObjectType::Paper);
            o.superordinated_paper = refs("superordinatedPaper", ObjectType::Paper);
            o.subordinated_paper = refs("subordinatedPaper", ObjectType::Paper);
            o.originator_person = refs("originatorPerson", ObjectType::Person);
            o.under_direction_of = refs("underDirectionOf", ObjectType::Organization);
            o.originator_organization = refs("originatorOrganization", ObjectType::Organization);
            if !self.omit_internal {
                o.auxiliary_file = take(&mut links, id, "auxiliaryFile")
                    .iter()
                    .filter_map(|f| files.get(f).cloned())
                    .collect();
                o.location = take(&mut links, id, "location")
                    .iter()
                    .filter_map(|l| locations.get(l).cloned())
                    .collect();
            }
            o.body = Some(self.url(ObjectType::Body, r.meta.body_id));
            o.name = r.name;
            o.reference = r.reference;
            o.date = r.date;
            o.paper_type = r.paper_type;
            o.main_file = r.main_file_id.and_then(|f| files.get(&f).cloned());
            o.consultation = consultations.remove(&id).unwrap_or_default();
            out.push(o);
        }
        Ok(out)
    }

    pub async fn consultations(&self, rows: Vec<ConsultationRow>) -> Result<Vec<Consultation>> {
        Ok(self
            .consultations_with_parent(rows, Form::Standalone)
            .await?
            .into_iter()
            .map(|(_, c)| c)
            .collect())
    }

    async fn consultations_with_parent(
        &self,
        rows: Vec<ConsultationRow>,
        form: Form,
    ) -> Result<Vec<(i64, Consultation)>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.meta.id).collect();
        let mut links = group_links(self.reads.links(ObjectType::Consultation, &ids).await?);
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut o = Consultation::default();
            let paper = r.paper_id;
            if common!(o, &r.meta, ObjectType::Consultation, self.urls) {
                out.push((paper, o));
                continue;
            }
            if form == Form::Standalone {
                o.paper = Some(self.url(ObjectType::Paper, paper));
            }
            o.agenda_item = self.opt_url(ObjectType::AgendaItem, r.agenda_item_id);
            o.meeting = self.opt_url(ObjectType::Meeting, r.meeting_id);
            o.organization = self.urls.objects(
                ObjectType::Organization,
                take(&mut links, r.meta.id, "organization"),
            );
            o.authoritative = r.authoritative;
            o.role = r.role;
            out.push((paper, o));
        }
        Ok(out)
    }

    /// Files by id in embedded form; deleted ones are left out.
    async fn files_by_id(&self, ids: &[i64]) -> Result<HashMap<i64, File>> {
        let rows: Vec<FileRow> = self.reads.get_many(ObjectType::File, &dedup(ids)).await?;
        let live: Vec<FileRow> = rows.into_iter().filter(|r| !r.meta.deleted).collect();
        let keys: Vec<i64> = live.iter().map(|r| r.meta.id).collect();
        let files = self.files(live, Form::Embedded).await?;
        Ok(keys.into_iter().zip(files).collect())
    }

    pub async fn files(&self, rows: Vec<FileRow>, form: Form) -> Result<Vec<File>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.meta.id).collect();
        let derivatives = group(
            self.reads
                .referrers(ObjectType::File, "master_file_id", &ids)
                .await?,
        );
        let (meetings, items, papers) = if form == Form::Standalone {
            let s = self.reads;
            let mut m = Vec::new();
            for col in [
                "invitation_id",
                "results_protocol_id",
                "verbatim_protocol_id",
            ] {
                m.extend(s.referrers(ObjectType::Meeting, col, &ids).await?);
            }
            m.extend(
                s.link_referrers(ObjectType::Meeting, "auxiliaryFile", &ids)
                    .await?,
            );
            let mut a = s
                .referrers(ObjectType::AgendaItem, "resolution_file_id", &ids)
                .await?;
            a.extend(
                s.link_referrers(ObjectType::AgendaItem, "auxiliaryFile", &ids)
                    .await?,
            );
            let mut p = s.referrers(ObjectType::Paper, "main_file_id", &ids).await?;
            p.extend(
                s.link_referrers(ObjectType::Paper, "auxiliaryFile", &ids)
                    .await?,
            );
            (group(m), group(a), group(p))
        } else {
            Default::default()
        };
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut o = File::default();
            if common!(o, &r.meta, ObjectType::File, self.urls) {
                out.push(o);
                continue;
            }
            let id = r.meta.id;
            o.name = r.name;
            o.file_name = r.file_name;
            o.mime_type = r.mime_type;
            o.date = r.date;
            o.size = r.size;
            o.sha1_checksum = r.sha1_checksum;
            o.sha512_checksum = r.sha512_checksum;
            o.text = r.text;
            o.access_url = Some(r.access_url.unwrap_or_else(|| self.urls.file_access(id)));
            o.download_url = r.download_url.or_else(|| Some(self.urls.file_download(id)));
            o.external_service_url = r.external_service_url;
            o.master_file = self.opt_url(ObjectType::File, r.master_file_id);
            o.derivative_file = self.urls.objects(
                ObjectType::File,
                derivatives.get(&id).into_iter().flatten().copied(),
            );
            o.file_license = r.file_license;
            if form == Form::Standalone {
                o.meeting = self
                    .urls
                    .objects(ObjectType::Meeting, referrers_of(&meetings, id));
                o.agenda_item = self
                    .urls
                    .objects(ObjectType::AgendaItem, referrers_of(&items, id));
                o.paper = self
                    .urls
                    .objects(ObjectType::Paper, referrers_of(&papers, id));
            }
            out.push(o);
        }
        Ok(out)
    }

    /// Locations by id in embedded form; deleted ones are left out.
    async fn locations_by_id(&self, ids: &[i64]) -> Result<HashMap<i64, Location>> {
        let rows: Vec<LocationRow> = self
            .reads
            .get_many(ObjectType::Location, &dedup(ids))
            .await?;
        let live: Vec<LocationRow> = rows.into_iter().filter(|r| !r.meta.deleted).collect();
        let keys: Vec<i64> = live.iter().map(|r| r.meta.id).collect();
        let locations = self.locations(live, Form::Embedded).await?;
        Ok(keys.into_iter().zip(locations).collect())
    }

    pub async fn locations(&self, rows: Vec<LocationRow>, form: Form) -> Result<Vec<Location>> {
        let ids: Vec<i64> = rows.iter().map(|r| r.meta.id).collect();
        let backrefs = if form == Form::Standalone {
            let s = self.reads;
            Some((
                group(s.referrers(ObjectType::Body, "location_id", &ids).await?),
                group(
                    s.referrers(ObjectType::Organization, "location_id", &ids)
                        .await?,
                ),
                group(s.referrers(ObjectType::Person, "location_id", &ids).await?),
                group(
                    s.referrers(ObjectType::Meeting, "location_id", &ids)
                        .await?,
                ),
                group(
                    s.link_referrers(ObjectType::Paper, "location", &ids)
                        .await?,
                ),
            ))
        } else {
            None
        };
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut o = Location::default();
            if common!(o, &r.meta, ObjectType::Location, self.urls) {
                out.push(o);
                continue;
            }
            let id = r.meta.id;
            o.description = r.description;
            o.geojson = json_value(&r.geojson);
            o.street_address = r.street_address;
            o.room = r.room;
            o.postal_code = r.postal_code;
            o.sub_locality = r.sub_locality;
            o.locality = r.locality;
            if let Some((bodies, orgs, persons, meetings, papers)) = &backrefs {
                o.bodies = self
                    .urls
                    .objects(ObjectType::Body, referrers_of(bodies, id));
                o.organizations = self
                    .urls
                    .objects(ObjectType::Organization, referrers_of(orgs, id));
                o.persons = self
                    .urls
                    .objects(ObjectType::Person, referrers_of(persons, id));
                o.meetings = self
                    .urls
                    .objects(ObjectType::Meeting, referrers_of(meetings, id));
                o.papers = self
                    .urls
                    .objects(ObjectType::Paper, referrers_of(papers, id));
            }
            out.push(o);
        }
        Ok(out)
    }
}

fn dedup(ids: &[i64]) -> Vec<i64> {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}
