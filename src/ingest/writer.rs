//! Writes OParl objects (with their embedded children) into the store inside one
//! transaction: upserts by origin, references resolved to local ids, links, deletion
//! of embedded children that disappeared, and the parent `modified` bumps.
//!
//! A record's content hash covers its columns and links *after* resolution, so that
//! loading the same input twice changes nothing, while a reference that could not be
//! resolved before (its target arrived later) is filled in on the next load.

use std::collections::{HashMap, HashSet};

use sha2::{Digest, Sha256};

use crate::oparl::ObjectType;
use crate::oparl::model as m;
use crate::oparl::time::{Micros, normalize_date, normalize_datetime};
use crate::store::write::{Existing, Outcome, Record};
use crate::store::{Arg, Result, Tx};

/// What a load did, for the report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub deleted: u64,
}

pub struct Writer<'t> {
    pub tx: &'t mut Tx,
    pub now: Micros,
    pub counts: Counts,
    pub warnings: Vec<String>,
    /// References that did not resolve (another load pass may fill them).
    pub unresolved: usize,
    /// The references that did not resolve, for a harvester to fetch.
    pub missing: Vec<(ObjectType, String)>,
    /// Provenance stored as `ratsinfo:source`.
    pub source: String,
    /// The body used when an object does not say which one it belongs to.
    pub default_body: Option<i64>,
    /// Local ids by type and origin, as far as seen: an origin's id never changes, so
    /// a long import (a harvest) can carry this from one transaction to the next.
    pub ids: HashMap<(ObjectType, String), i64>,
    /// What the store holds for origins looked up in advance ([`Writer::prefetch`]);
    /// `None`: known to be absent.
    known: HashMap<(ObjectType, String), Option<Existing>>,
    /// Objects this writer created: a new parent has no children to prune yet.
    created: HashSet<(&'static str, i64)>,
    /// The body of objects looked up by id (an object never changes its body).
    pub bodies: HashMap<(ObjectType, i64), i64>,
}

fn json_array(values: &[String]) -> Arg {
    if values.is_empty() {
        Arg::Text(None)
    } else {
        Arg::Text(serde_json::to_string(values).ok())
    }
}

fn text(value: &Option<String>) -> Arg {
    Arg::Text(value.as_ref().filter(|s| !s.trim().is_empty()).cloned())
}

/// One record being assembled: columns plus array links.
struct Draft {
    ty: ObjectType,
    origin: String,
    columns: Vec<(&'static str, Arg)>,
    links: Vec<(&'static str, Vec<i64>)>,
    /// The object's own provenance, when it brings one.
    source: Option<String>,
}

impl Draft {
    fn new(ty: ObjectType, origin: &str) -> Draft {
        Draft {
            ty,
            origin: origin.to_owned(),
            columns: Vec::new(),
            links: Vec::new(),
            source: None,
        }
    }

    fn col(&mut self, name: &'static str, value: impl Into<Arg>) -> &mut Self {
        self.columns.push((name, value.into()));
        self
    }

    fn common(
        &mut self,
        license: &Option<String>,
        keyword: &[String],
        web: &Option<String>,
    ) -> &mut Self {
        self.col("license", text(license))
            .col("keyword", json_array(keyword))
            .col("web", text(web))
    }

    fn provenance(&mut self, source: &Option<serde_json::Value>) -> &mut Self {
        self.source = source.as_ref().map(|s| s.to_string());
        self
    }

    fn record(&self, source: &str) -> Record {
        let mut hasher = Sha256::new();
        hasher.update(format!("{:?}|{:?}", self.columns, self.links));
        let hash: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut columns = self.columns.clone();
        let source = self.source.clone().unwrap_or_else(|| source.to_owned());
        columns.push(("source", Arg::Text(Some(source))));
        Record {
            table: self.ty.table(),
            origin: self.origin.clone(),
            columns,
            content_hash: hash,
        }
    }
}

/// The result of writing one object.
#[derive(Debug, Clone, Copy)]
pub struct Written {
    pub id: i64,
    /// Created, updated or revived: its parent's `modified` must move.
    pub changed: bool,
}

impl<'t> Writer<'t> {
    /// A writer inside `tx`, recording `source` as the provenance of what it writes.
    pub fn new(tx: &'t mut Tx, source: String) -> Writer<'t> {
        Writer {
            tx,
            now: crate::oparl::time::now(),
            counts: Counts::default(),
            warnings: Vec::new(),
            unresolved: 0,
            missing: Vec::new(),
            source,
            default_body: None,
            ids: HashMap::new(),
            known: HashMap::new(),
            created: HashSet::new(),
            bodies: HashMap::new(),
        }
    }

    /// Looks up in one statement per type what the store holds for objects about to be
    /// written, so that each write needs no look-up of its own.
    pub async fn prefetch(&mut self, ty: ObjectType, origins: Vec<String>) -> Result<()> {
        let found = self.tx.existing(ty.table(), &origins).await?;
        for origin in origins {
            self.known.insert((ty, origin), None);
        }
        for (origin, existing) in found {
            self.ids.insert((ty, origin.clone()), existing.id);
            self.known.insert((ty, origin), Some(existing));
        }
        Ok(())
    }
}

impl Writer<'_> {
    fn warn(&mut self, message: String) {
        self.warnings.push(message);
    }

    fn date(&mut self, origin: &str, name: &str, value: &Option<String>) -> Arg {
        match value.as_deref().map(|v| (v, normalize_date(v))) {
            None => Arg::Text(None),
            Some((_, Some(d))) => Arg::Text(Some(d)),
            Some((raw, None)) => {
                self.warn(format!("{origin}: {name} {raw:?} is not a date; left out"));
                Arg::Text(None)
            }
        }
    }

    fn datetime(&mut self, origin: &str, name: &str, value: &Option<String>) -> Arg {
        match value.as_deref().map(|v| (v, normalize_datetime(v))) {
            None => Arg::Text(None),
            Some((_, Some(d))) => Arg::Text(Some(d)),
            Some((raw, None)) => {
                self.warn(format!(
                    "{origin}: {name} {raw:?} is not a date-time; left out"
                ));
                Arg::Text(None)
            }
        }
    }

    /// The local id of a referenced object, by its URL.
    pub async fn resolve(&mut self, ty: ObjectType, url: &str, from: &str) -> Result<Option<i64>> {
        let found = self.lookup(ty, url).await?;
        if found.is_none() {
            self.unresolved += 1;
            self.missing.push((ty, url.to_owned()));
            self.warn(format!(
                "{from}: reference to {} {url} not found; left out",
                ty.name()
            ));
        }
        Ok(found)
    }

    async fn resolve_all(
        &mut self,
        ty: ObjectType,
        urls: &[String],
        from: &str,
    ) -> Result<Vec<i64>> {
        let mut ids = Vec::with_capacity(urls.len());
        for url in urls {
            if let Some(id) = self.resolve(ty, url, from).await? {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    async fn resolve_opt(
        &mut self,
        ty: ObjectType,
        url: &Option<String>,
        from: &str,
    ) -> Result<Option<i64>> {
        match url {
            Some(u) => self.resolve(ty, u, from).await,
            None => Ok(None),
        }
    }

    /// The body an object names, else the default body.
    pub async fn body_of(&mut self, url: &Option<String>, from: &str) -> Result<Option<i64>> {
        if let Some(u) = url {
            if let Some(id) = self.lookup(ObjectType::Body, u).await? {
                return Ok(Some(id));
            }
            if self.default_body.is_some() {
                self.warn(format!(
                    "{from}: body {u} is unknown; attached to the default body"
                ));
            }
        }
        Ok(self.default_body)
    }

    /// The local id of an object by origin, from the cache or the store.
    async fn lookup(&mut self, ty: ObjectType, origin: &str) -> Result<Option<i64>> {
        let key = (ty, origin.to_owned());
        if let Some(id) = self.ids.get(&key) {
            return Ok(Some(*id));
        }
        let found = self.tx.find_by_origin(ty, origin).await?;
        if let Some(id) = found {
            self.ids.insert(key, id);
        }
        Ok(found)
    }

    async fn save(&mut self, draft: Draft) -> Result<Written> {
        let record = draft.record(&self.source);
        let key = (draft.ty, draft.origin.clone());
        let up = match self.known.get(&key) {
            Some(existing) => {
                self.tx
                    .upsert_known(&record, self.now, existing.clone())
                    .await?
            }
            None => self.tx.upsert(&record, self.now).await?,
        };
        if let Some(held) = self.known.get_mut(&key) {
            // The same object again in this batch (embedded and listed) is unchanged.
            *held = Some(Existing {
                id: up.id,
                content_hash: record.content_hash.clone(),
                deleted: false,
            });
        }
        self.ids.insert((draft.ty, draft.origin.clone()), up.id);
        if let Some((_, Arg::Int(Some(body)))) = draft.columns.iter().find(|(c, _)| *c == "body_id")
        {
            self.bodies.insert((draft.ty, up.id), *body);
        }
        let changed = up.outcome != Outcome::Unchanged;
        match up.outcome {
            Outcome::Created => {
                self.counts.created += 1;
                self.created.insert((draft.ty.table(), up.id));
            }
            Outcome::Updated => self.counts.updated += 1,
            Outcome::Unchanged => self.counts.unchanged += 1,
        }
        let links: Vec<(&str, &[i64])> = draft
            .links
            .iter()
            .map(|(p, ids)| (*p, ids.as_slice()))
            .collect();
        match up.outcome {
            // A new object has no links yet: insert them all at once.
            Outcome::Created => self.tx.insert_links(draft.ty.name(), up.id, &links).await?,
            Outcome::Updated => {
                self.tx
                    .replace_links(draft.ty.name(), up.id, &links)
                    .await?
            }
            Outcome::Unchanged => {}
        }
        Ok(Written { id: up.id, changed })
    }

    /// Soft-deletes an object named by a tombstone in the input, with the children
    /// embedded in it (they cannot outlive their parent).
    pub async fn delete(&mut self, ty: ObjectType, origin: &str) -> Result<()> {
        if let Some(id) = self.tx.find_by_origin(ty, origin).await? {
            self.withdraw(ty, id).await?;
        }
        Ok(())
    }

    /// Soft-deletes the object `id` with its embedded children, moving what embeds or
    /// lists it; whether it was live.
    pub async fn withdraw(&mut self, ty: ObjectType, id: i64) -> Result<bool> {
        let children: &[(ObjectType, &str)] = match ty {
            ObjectType::Body => &[(ObjectType::LegislativeTerm, "body_id")],
            ObjectType::Person => &[(ObjectType::Membership, "person_id")],
            ObjectType::Meeting => &[(ObjectType::AgendaItem, "meeting_id")],
            ObjectType::Paper => &[(ObjectType::Consultation, "paper_id")],
            _ => &[],
        };
        for (child, column) in children {
            self.prune(*child, column, id, &[]).await?;
        }
        // An embedded object deleted on its own moves the object embedding it.
        let parent: Option<(&str, ObjectType)> = match ty {
            ObjectType::Membership => Some(("person_id", ObjectType::Person)),
            ObjectType::AgendaItem => Some(("meeting_id", ObjectType::Meeting)),
            ObjectType::Consultation => Some(("paper_id", ObjectType::Paper)),
            ObjectType::LegislativeTerm => Some(("body_id", ObjectType::Body)),
            _ => None,
        };
        let mut parent_id = None;
        if let Some((column, _)) = parent {
            let mut sql = crate::store::Sql::new(format!(
                "SELECT {column} AS id FROM {} WHERE id = ",
                ty.table()
            ));
            sql.bind(id);
            parent_id = self
                .tx
                .fetch_optional::<crate::store::rows::IdRow>(sql)
                .await?
                .map(|r| r.id);
        }
        // Deleting by id through prune also moves what lists the object.
        let deleted = self.prune(ty, "id", id, &[]).await?;
        if deleted && let (Some((_, parent_ty)), Some(parent_id)) = (parent, parent_id) {
            self.touch(parent_ty, parent_id).await?;
        }
        Ok(deleted)
    }

    async fn prune(
        &mut self,
        ty: ObjectType,
        column: &str,
        parent: i64,
        keep: &[i64],
    ) -> Result<bool> {
        // A parent created by this writer has no other children than those it keeps:
        // nothing to look up or delete (a first harvest writes thousands of these).
        if let Some(table) = column.strip_suffix("_id")
            && self.created.contains(&(table, parent))
        {
            return Ok(false);
        }
        // Objects whose representation lists the children being deleted: an
        // organization lists its memberships, an agenda item its consultation.
        let referenced: Option<(&str, ObjectType)> = match ty {
            ObjectType::Membership => Some(("organization_id", ObjectType::Organization)),
            ObjectType::Consultation => Some(("agenda_item_id", ObjectType::AgendaItem)),
            _ => None,
        };
        let mut touched = Vec::new();
        if let Some((ref_column, _)) = referenced {
            let mut sql = crate::store::Sql::new(format!(
                "SELECT {ref_column} AS id FROM {} WHERE deleted = FALSE AND {ref_column} IS NOT NULL AND {column} = ",
                ty.table()
            ));
            sql.bind(parent);
            if !keep.is_empty() {
                sql.push(" AND id NOT IN ").bind_list(keep);
            }
            touched = self.tx.fetch_all::<crate::store::rows::IdRow>(sql).await?;
        }
        let n = self
            .tx
            .delete_children_except(ty, column, parent, keep, self.now)
            .await?;
        if n > 0 {
            // Which ones is not known here: forget what was looked up for the type.
            self.known.retain(|(t, _), _| *t != ty);
        }
        self.counts.deleted += n;
        if let Some((_, referenced_ty)) = referenced {
            for row in touched {
                self.touch(referenced_ty, row.id).await?;
                if referenced_ty == ObjectType::AgendaItem {
                    self.touch_meeting_of_item(row.id).await?;
                }
            }
        }
        Ok(n > 0)
    }

    async fn touch(&mut self, ty: ObjectType, id: i64) -> Result<()> {
        self.tx.touch(ty, id, self.now).await
    }

    pub async fn location(&mut self, l: &m::Location, body: i64) -> Result<Written> {
        let origin = l.id.clone().unwrap_or_default();
        let mut geojson = l.geojson.clone();
        if let Some(g) = geojson.as_mut() {
            for repair in super::oparl_json::repair_geojson(g) {
                self.warn(format!("{origin}: {repair}"));
            }
        }
        let mut d = Draft::new(ObjectType::Location, &origin);
        d.col("body_id", body)
            .common(&l.license, &l.keyword, &l.web)
            .provenance(&l.source)
            .col("description", text(&l.description))
            .col("geojson", Arg::Text(geojson.map(|g| g.to_string())))
            .col("street_address", text(&l.street_address))
            .col("room", text(&l.room))
            .col("postal_code", text(&l.postal_code))
            .col("sub_locality", text(&l.sub_locality))
            .col("locality", text(&l.locality));
        self.save(d).await
    }

    pub async fn file(&mut self, f: &m::File, body: i64) -> Result<Written> {
        let origin = f.id.clone().unwrap_or_default();
        let master = self
            .resolve_opt(ObjectType::File, &f.master_file, &origin)
            .await?;
        let date = self.date(&origin, "date", &f.date);
        let mut d = Draft::new(ObjectType::File, &origin);
        d.col("body_id", body)
            .common(&f.license, &f.keyword, &f.web)
            .provenance(&f.source)
            .col("name", text(&f.name))
            .col("file_name", text(&f.file_name))
            .col("mime_type", text(&f.mime_type))
            .col("date", date)
            .col("size", f.size)
            .col("sha1_checksum", text(&f.sha1_checksum))
            .col("sha512_checksum", text(&f.sha512_checksum))
            .col("text", text(&f.text))
            .col("access_url", text(&f.access_url))
            .col("download_url", text(&f.download_url))
            .col("external_service_url", text(&f.external_service_url))
            .col("master_file_id", master)
            .col("file_license", text(&f.file_license));
        self.save(d).await
    }

    async fn embedded_location(
        &mut self,
        l: &Option<m::Location>,
        body: i64,
    ) -> Result<(Option<i64>, bool)> {
        match l {
            Some(l) => {
                let w = self.location(l, body).await?;
                Ok((Some(w.id), w.changed))
            }
            None => Ok((None, false)),
        }
    }

    async fn embedded_file(
        &mut self,
        f: &Option<m::File>,
        body: i64,
    ) -> Result<(Option<i64>, bool)> {
        match f {
            Some(f) => {
                let w = self.file(f, body).await?;
                Ok((Some(w.id), w.changed))
            }
            None => Ok((None, false)),
        }
    }

    async fn embedded_files(&mut self, files: &[m::File], body: i64) -> Result<(Vec<i64>, bool)> {
        let mut ids = Vec::new();
        let mut changed = false;
        for f in files {
            let w = self.file(f, body).await?;
            ids.push(w.id);
            changed |= w.changed;
        }
        Ok((ids, changed))
    }

    pub async fn body(&mut self, b: &m::Body) -> Result<Written> {
        let origin = b.id.clone().unwrap_or_default();
        // The body must exist before its embedded children can point at it.
        let mut d = Draft::new(ObjectType::Body, &origin);
        let since = self.datetime(&origin, "licenseValidSince", &b.license_valid_since);
        let oparl_since = self.datetime(&origin, "oparlSince", &b.oparl_since);
        d.common(&b.license, &b.keyword, &b.web)
            .provenance(&b.source)
            .col("name", text(&b.name))
            .col("short_name", text(&b.short_name))
            .col("website", text(&b.website))
            .col("license_valid_since", since)
            .col("oparl_since", oparl_since)
            .col("ags", text(&b.ags))
            .col("rgs", text(&b.rgs))
            .col("equivalent", json_array(&b.equivalent))
            .col("contact_email", text(&b.contact_email))
            .col("contact_name", text(&b.contact_name))
            .col("classification", text(&b.classification));
        let mut written = self.save(d).await?;
        let id = written.id;
        let (location, location_changed) = self.embedded_location(&b.location, id).await?;
        let current: Option<i64> = self.location_of_body(id).await?;
        if current != location {
            self.tx
                .set_column(ObjectType::Body, id, "location_id", Arg::Int(location))
                .await?;
        }
        let mut children_changed = location_changed || current != location;
        if let Some(terms) = &b.legislative_term {
            let mut keep = Vec::new();
            for t in terms {
                let w = self.legislative_term(t, id).await?;
                keep.push(w.id);
                children_changed |= w.changed;
            }
            children_changed |= self
                .prune(ObjectType::LegislativeTerm, "body_id", id, &keep)
                .await?;
        }
        if children_changed && !written.changed {
            self.touch(ObjectType::Body, id).await?;
            written.changed = true;
        }
        Ok(written)
    }

    async fn location_of_body(&mut self, id: i64) -> Result<Option<i64>> {
        #[derive(sqlx::FromRow)]
        struct Loc {
            location_id: Option<i64>,
        }
        let mut sql = crate::store::Sql::new("SELECT location_id FROM body WHERE id = ");
        sql.bind(id);
        Ok(self
            .tx
            .fetch_optional::<Loc>(sql)
            .await?
            .and_then(|r| r.location_id))
    }

    pub async fn legislative_term(&mut self, t: &m::LegislativeTerm, body: i64) -> Result<Written> {
        let origin = t.id.clone().unwrap_or_default();
        let start = self.date(&origin, "startDate", &t.start_date);
        let end = self.date(&origin, "endDate", &t.end_date);
        let mut d = Draft::new(ObjectType::LegislativeTerm, &origin);
        d.col("body_id", body)
            .common(&t.license, &t.keyword, &t.web)
            .provenance(&t.source)
            .col("name", text(&t.name))
            .col("start_date", start)
            .col("end_date", end);
        self.save(d).await
    }

    pub async fn organization(&mut self, o: &m::Organization, body: i64) -> Result<Written> {
        let origin = o.id.clone().unwrap_or_default();
        let (location, location_changed) = self.embedded_location(&o.location, body).await?;
        let parent = self
            .resolve_opt(ObjectType::Organization, &o.sub_organization_of, &origin)
            .await?;
        let start = self.date(&origin, "startDate", &o.start_date);
        let end = self.date(&origin, "endDate", &o.end_date);
        let mut d = Draft::new(ObjectType::Organization, &origin);
        d.col("body_id", body)
            .common(&o.license, &o.keyword, &o.web)
            .provenance(&o.source)
            .col("name", text(&o.name))
            .col("short_name", text(&o.short_name))
            .col("post", json_array(&o.post))
            .col("sub_organization_of", parent)
            .col("organization_type", text(&o.organization_type))
            .col("classification", text(&o.classification))
            .col("start_date", start)
            .col("end_date", end)
            .col("website", text(&o.website))
            .col("location_id", location)
            .col("external_body", text(&o.external_body));
        let mut w = self.save(d).await?;
        if location_changed && !w.changed {
            self.touch(ObjectType::Organization, w.id).await?;
            w.changed = true;
        }
        Ok(w)
    }

    pub async fn person(&mut self, p: &m::Person, body: i64) -> Result<Written> {
        let origin = p.id.clone().unwrap_or_default();
        let (location, location_changed) = self.embedded_location(&p.location_object, body).await?;
        let location = match location {
            Some(l) => Some(l),
            None => {
                self.resolve_opt(ObjectType::Location, &p.location, &origin)
                    .await?
            }
        };
        let mut d = Draft::new(ObjectType::Person, &origin);
        d.col("body_id", body)
            .common(&p.license, &p.keyword, &p.web)
            .provenance(&p.source)
            .col("name", text(&p.name))
            .col("family_name", text(&p.family_name))
            .col("given_name", text(&p.given_name))
            .col("form_of_address", text(&p.form_of_address))
            .col("affix", text(&p.affix))
            .col("title", json_array(&p.title))
            .col("gender", text(&p.gender.as_ref().map(|g| g.to_lowercase())))
            .col("phone", json_array(&p.phone))
            .col("email", json_array(&p.email))
            .col("location_id", location)
            .col("status", json_array(&p.status))
            .col("life", text(&p.life))
            .col("life_source", text(&p.life_source));
        let mut w = self.save(d).await?;
        let mut children_changed = location_changed;
        let mut keep = Vec::new();
        for ms in &p.membership {
            let mw = self.membership(ms, w.id, body).await?;
            keep.push(mw.id);
            children_changed |= mw.changed;
        }
        children_changed |= self
            .prune(ObjectType::Membership, "person_id", w.id, &keep)
            .await?;
        if children_changed && !w.changed {
            self.touch(ObjectType::Person, w.id).await?;
            w.changed = true;
        }
        Ok(w)
    }

    pub async fn membership(
        &mut self,
        ms: &m::Membership,
        person: i64,
        body: i64,
    ) -> Result<Written> {
        let origin = ms.id.clone().unwrap_or_default();
        let org = self
            .resolve_opt(ObjectType::Organization, &ms.organization, &origin)
            .await?;
        let on_behalf_of = self
            .resolve_opt(ObjectType::Organization, &ms.on_behalf_of, &origin)
            .await?;
        let start = self.date(&origin, "startDate", &ms.start_date);
        let end = self.date(&origin, "endDate", &ms.end_date);
        let mut d = Draft::new(ObjectType::Membership, &origin);
        d.col("body_id", body)
            .common(&ms.license, &ms.keyword, &ms.web)
            .provenance(&ms.source)
            .col("person_id", person)
            .col("organization_id", org)
            .col("role", text(&ms.role))
            .col("voting_right", ms.voting_right)
            .col("start_date", start)
            .col("end_date", end)
            .col("on_behalf_of", on_behalf_of);
        // The organization it belonged to before, if it moves to another one.
        #[derive(sqlx::FromRow)]
        struct Before {
            organization_id: Option<i64>,
        }
        // A membership known to be new had none.
        let known_new = matches!(
            self.known.get(&(ObjectType::Membership, origin.clone())),
            Some(None)
        );
        let before = if known_new {
            None
        } else {
            let mut sql =
                crate::store::Sql::new("SELECT organization_id FROM membership WHERE origin = ");
            sql.bind(origin.as_str());
            self.tx
                .fetch_optional::<Before>(sql)
                .await?
                .and_then(|b| b.organization_id)
        };
        let written = self.save(d).await?;
        // Organization.membership lists the memberships: a new or changed one changes
        // the organization's representation (both organizations' on a move), so their
        // `modified` must move too.
        if written.changed {
            for org in [org, before.filter(|b| Some(*b) != org)]
                .into_iter()
                .flatten()
            {
                self.touch(ObjectType::Organization, org).await?;
            }
        }
        Ok(written)
    }

    pub async fn meeting(&mut self, mt: &m::Meeting, body: i64) -> Result<Written> {
        let origin = mt.id.clone().unwrap_or_default();
        let (location, mut children_changed) = self.embedded_location(&mt.location, body).await?;
        let (invitation, c1) = self.embedded_file(&mt.invitation, body).await?;
        let (results, c2) = self.embedded_file(&mt.results_protocol, body).await?;
        let (verbatim, c3) = self.embedded_file(&mt.verbatim_protocol, body).await?;
        let (aux, c4) = self.embedded_files(&mt.auxiliary_file, body).await?;
        children_changed |= c1 || c2 || c3 || c4;
        let organizations = self
            .resolve_all(ObjectType::Organization, &mt.organization, &origin)
            .await?;
        let participants = self
            .resolve_all(ObjectType::Person, &mt.participant, &origin)
            .await?;
        let start = self.datetime(&origin, "start", &mt.start);
        let end = self.datetime(&origin, "end", &mt.end);
        let mut d = Draft::new(ObjectType::Meeting, &origin);
        d.col("body_id", body)
            .common(&mt.license, &mt.keyword, &mt.web)
            .provenance(&mt.source)
            .col("name", text(&mt.name))
            .col("meeting_state", text(&mt.meeting_state))
            .col("cancelled", mt.cancelled)
            .col("start_at", start)
            .col("end_at", end)
            .col("location_id", location)
            .col("invitation_id", invitation)
            .col("results_protocol_id", results)
            .col("verbatim_protocol_id", verbatim);
        d.links = vec![
            ("organization", organizations),
            ("participant", participants),
            ("auxiliaryFile", aux),
        ];
        let mut w = self.save(d).await?;
        let mut keep = Vec::new();
        for (position, item) in mt.agenda_item.iter().enumerate() {
            if item.order.is_some_and(|o| o != position as i64) || item.order.is_none() {
                let id = item.id.as_deref().unwrap_or_default();
                self.warn(format!(
                    "{id}: order {:?} replaced by its position {position}",
                    item.order
                ));
            }
            let iw = self.agenda_item(item, w.id, position as i64, body).await?;
            keep.push(iw.id);
            children_changed |= iw.changed;
        }
        children_changed |= self
            .prune(ObjectType::AgendaItem, "meeting_id", w.id, &keep)
            .await?;
        if children_changed && !w.changed {
            self.touch(ObjectType::Meeting, w.id).await?;
            w.changed = true;
        }
        Ok(w)
    }

    pub async fn agenda_item(
        &mut self,
        a: &m::AgendaItem,
        meeting: i64,
        position: i64,
        body: i64,
    ) -> Result<Written> {
        let origin = a.id.clone().unwrap_or_default();
        let (resolution, c1) = self.embedded_file(&a.resolution_file, body).await?;
        let (aux, c2) = self.embedded_files(&a.auxiliary_file, body).await?;
        let start = self.datetime(&origin, "start", &a.start);
        let end = self.datetime(&origin, "end", &a.end);
        let mut d = Draft::new(ObjectType::AgendaItem, &origin);
        d.col("body_id", body)
            .common(&a.license, &a.keyword, &a.web)
            .provenance(&a.source)
            .col("meeting_id", meeting)
            .col("number", text(&a.number))
            .col("position", position)
            .col("name", text(&a.name))
            .col("public", a.public)
            .col("result", text(&a.result))
            .col("resolution_text", text(&a.resolution_text))
            .col("resolution_file_id", resolution)
            .col("start_at", start)
            .col("end_at", end)
            .col(
                "texts",
                if a.texts.is_empty() {
                    Arg::Text(None)
                } else {
                    Arg::Text(serde_json::to_string(&a.texts).ok())
                },
            );
        d.links = vec![("auxiliaryFile", aux)];
        let mut w = self.save(d).await?;
        if (c1 || c2) && !w.changed {
            self.touch(ObjectType::AgendaItem, w.id).await?;
            w.changed = true;
        }
        Ok(w)
    }

    /// A paper whose consultations are written one by one (by the minutes import, where
    /// each meeting adds its own): existing consultations are left alone.
    pub async fn paper_without_consultations(
        &mut self,
        p: &m::Paper,
        body: i64,
    ) -> Result<Written> {
        self.paper_inner(p, body, false).await
    }

    /// Soft-deletes the consultations of a meeting that are not in `keep`, bumping
    /// their papers.
    pub async fn retire_consultations(&mut self, meeting: i64, keep: &[i64]) -> Result<()> {
        #[derive(sqlx::FromRow)]
        struct P {
            paper_id: i64,
        }
        let mut sql = crate::store::Sql::new(
            "SELECT paper_id FROM consultation WHERE deleted = FALSE AND meeting_id = ",
        );
        sql.bind(meeting);
        if !keep.is_empty() {
            sql.push(" AND id NOT IN ").bind_list(keep);
        }
        let papers: Vec<P> = self.tx.fetch_all(sql).await?;
        if papers.is_empty() {
            return Ok(());
        }
        self.prune(ObjectType::Consultation, "meeting_id", meeting, keep)
            .await?;
        for p in papers {
            self.touch(ObjectType::Paper, p.paper_id).await?;
        }
        Ok(())
    }

    pub async fn paper(&mut self, p: &m::Paper, body: i64) -> Result<Written> {
        self.paper_inner(p, body, true).await
    }

    async fn paper_inner(
        &mut self,
        p: &m::Paper,
        body: i64,
        with_consultations: bool,
    ) -> Result<Written> {
        let origin = p.id.clone().unwrap_or_default();
        let (main, mut children_changed) = self.embedded_file(&p.main_file, body).await?;
        let (aux, c) = self.embedded_files(&p.auxiliary_file, body).await?;
        children_changed |= c;
        let mut locations = Vec::new();
        for l in &p.location {
            let w = self.location(l, body).await?;
            locations.push(w.id);
            children_changed |= w.changed;
        }
        let date = self.date(&origin, "date", &p.date);
        let mut links = vec![("auxiliaryFile", aux), ("location", locations)];
        for (property, ty, urls) in [
            ("relatedPaper", ObjectType::Paper, &p.related_paper),
            (
                "superordinatedPaper",
                ObjectType::Paper,
                &p.superordinated_paper,
            ),
            (
                "subordinatedPaper",
                ObjectType::Paper,
                &p.subordinated_paper,
            ),
            ("originatorPerson", ObjectType::Person, &p.originator_person),
            (
                "underDirectionOf",
                ObjectType::Organization,
                &p.under_direction_of,
            ),
            (
                "originatorOrganization",
                ObjectType::Organization,
                &p.originator_organization,
            ),
        ] {
            let ids = self.resolve_all(ty, urls, &origin).await?;
            links.push((property, ids));
        }
        let mut d = Draft::new(ObjectType::Paper, &origin);
        d.col("body_id", body)
            .common(&p.license, &p.keyword, &p.web)
            .provenance(&p.source)
            .col("name", text(&p.name))
            .col("reference", text(&p.reference))
            .col("date", date)
            .col("paper_type", text(&p.paper_type))
            .col("main_file_id", main);
        d.links = links;
        let mut w = self.save(d).await?;
        if with_consultations {
            let mut keep = Vec::new();
            for c in &p.consultation {
                let cw = self.consultation(c, w.id, body).await?;
                keep.push(cw.id);
                children_changed |= cw.changed;
            }
            children_changed |= self
                .prune(ObjectType::Consultation, "paper_id", w.id, &keep)
                .await?;
        }
        if children_changed && !w.changed {
            self.touch(ObjectType::Paper, w.id).await?;
            w.changed = true;
        }
        Ok(w)
    }

    pub async fn consultation(
        &mut self,
        c: &m::Consultation,
        paper: i64,
        body: i64,
    ) -> Result<Written> {
        let origin = c.id.clone().unwrap_or_default();
        let item = self
            .resolve_opt(ObjectType::AgendaItem, &c.agenda_item, &origin)
            .await?;
        let meeting = self
            .resolve_opt(ObjectType::Meeting, &c.meeting, &origin)
            .await?;
        let organizations = self
            .resolve_all(ObjectType::Organization, &c.organization, &origin)
            .await?;
        let mut d = Draft::new(ObjectType::Consultation, &origin);
        d.col("body_id", body)
            .common(&c.license, &c.keyword, &c.web)
            .provenance(&c.source)
            .col("paper_id", paper)
            .col("agenda_item_id", item)
            .col("meeting_id", meeting)
            .col("authoritative", c.authoritative)
            .col("role", text(&c.role));
        d.links = vec![("organization", organizations)];
        let written = self.save(d).await?;
        // AgendaItem.consultation points here, and the item is embedded in its meeting.
        if let (true, Some(item)) = (written.changed, item) {
            self.touch(ObjectType::AgendaItem, item).await?;
            self.touch_meeting_of_item(item).await?;
        }
        Ok(written)
    }

    async fn touch_meeting_of_item(&mut self, item: i64) -> Result<()> {
        self.tx.touch_meeting_of_item(item, self.now);
        Ok(())
    }
}
