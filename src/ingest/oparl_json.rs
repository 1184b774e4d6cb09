//! `load-oparl`: loads OParl JSON objects from files and folders.
//!
//! Every file is parsed and checked before anything is written; a malformed file is
//! rejected as a whole with its JSON path. The valid files are written in one
//! transaction, ordered so that referenced objects come first. Known defects of real
//! data (and of the specification's examples) are repaired with a warning each.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::IngestError;
use super::writer::{Counts, Writer};
use crate::oparl::ObjectType;
use crate::oparl::model as m;
use crate::store::rows::IdRow;
use crate::store::{Sql, Store};

/// The outcome of a load, for the command line.
#[derive(Debug, Default)]
pub struct LoadReport {
    pub files: usize,
    pub objects: usize,
    pub counts: Counts,
    pub warnings: Vec<String>,
    /// Files rejected, each with the reason.
    pub errors: Vec<String>,
}

/// One top-level object of an input file, typed. Short-lived, so the size spread of
/// the variants does not matter.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Object {
    Body(m::Body),
    LegislativeTerm(m::LegislativeTerm),
    Organization(m::Organization),
    Person(m::Person),
    Membership(m::Membership),
    Meeting(m::Meeting),
    AgendaItem(m::AgendaItem),
    Paper(m::Paper),
    Consultation(m::Consultation),
    File(m::File),
    Location(m::Location),
}

pub(crate) struct Parsed {
    pub ty: ObjectType,
    pub origin: String,
    pub deleted: bool,
    object: Object,
}

/// Writing order: referenced types first.
pub(crate) fn rank(ty: ObjectType) -> u8 {
    match ty {
        ObjectType::Body => 0,
        ObjectType::LegislativeTerm => 1,
        ObjectType::Location => 2,
        ObjectType::Organization => 3,
        ObjectType::Person => 4,
        ObjectType::Membership => 5,
        ObjectType::File => 6,
        ObjectType::Meeting => 7,
        ObjectType::AgendaItem => 8,
        ObjectType::Paper => 9,
        ObjectType::Consultation => 10,
    }
}

/// Embedded properties: (property, type, is array).
pub(crate) fn embedded(ty: ObjectType) -> &'static [(&'static str, ObjectType, bool)] {
    use ObjectType as T;
    match ty {
        T::Body => &[
            ("legislativeTerm", T::LegislativeTerm, true),
            ("location", T::Location, false),
        ],
        T::Organization => &[("location", T::Location, false)],
        T::Person => &[
            ("membership", T::Membership, true),
            ("locationObject", T::Location, false),
        ],
        T::Meeting => &[
            ("location", T::Location, false),
            ("invitation", T::File, false),
            ("resultsProtocol", T::File, false),
            ("verbatimProtocol", T::File, false),
            ("auxiliaryFile", T::File, true),
            ("agendaItem", T::AgendaItem, true),
        ],
        T::AgendaItem => &[
            ("resolutionFile", T::File, false),
            ("auxiliaryFile", T::File, true),
        ],
        T::Paper => &[
            ("mainFile", T::File, false),
            ("auxiliaryFile", T::File, true),
            ("location", T::Location, true),
            ("consultation", T::Consultation, true),
        ],
        _ => &[],
    }
}

/// Repairs a GeoJSON value in place: a bare geometry becomes a Feature, and Point
/// coordinates given as [lat, lon] (a common defect) are swapped for Germany.
pub fn repair_geojson(g: &mut Value) -> Vec<String> {
    let mut notes = Vec::new();
    let kind = g
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if kind != "Feature" && g.get("coordinates").is_some() {
        let geometry = g.take();
        *g = serde_json::json!({"type": "Feature", "geometry": geometry, "properties": {}});
        notes.push(format!("geojson was a bare {kind}; wrapped in a Feature"));
    }
    if let Some(coords) = g
        .pointer_mut("/geometry/coordinates")
        .and_then(Value::as_array_mut)
    {
        let pair = (
            coords.first().and_then(Value::as_f64),
            coords.get(1).and_then(Value::as_f64),
        );
        if let (Some(a), Some(b)) = pair {
            let looks_lat_lon = (47.0..=55.5).contains(&a) && (5.0..=15.5).contains(&b);
            if looks_lat_lon {
                coords.swap(0, 1);
                notes.push("geojson coordinates were [lat, lon]; swapped to [lon, lat]".to_owned());
            }
        }
    }
    notes
}

fn is_url(s: &str) -> bool {
    (s.starts_with("http://") || s.starts_with("https://")) && s.len() > 8
}

/// Checks ids and mandatory properties, repairs duplicate embedded ids, fills missing
/// agenda order; `path` is the JSON path for messages.
fn prepare(
    value: &mut Value,
    ty: ObjectType,
    path: &str,
    seen: &mut HashMap<String, String>,
    warnings: &mut Vec<String>,
) -> Result<(), String> {
    let Some(obj) = value.as_object_mut() else {
        return Err(format!("{path}: expected an OParl {} object", ty.name()));
    };
    if let Some(t) = obj.get("type").and_then(Value::as_str)
        && ObjectType::from_uri(t) != Some(ty)
    {
        return Err(format!(
            "{path}.type: expected {} here, found {t:?}",
            ty.uri()
        ));
    }
    let id = match obj.get("id").and_then(Value::as_str) {
        Some(id) if is_url(id) => id.to_owned(),
        Some(id) => return Err(format!("{path}.id: {id:?} is not an absolute URL")),
        None => return Err(format!("{path}.id: missing")),
    };
    if ty == ObjectType::File
        && obj.get("deleted") != Some(&Value::Bool(true))
        && obj.get("accessUrl").and_then(Value::as_str).is_none()
    {
        return Err(format!("{path}.accessUrl: missing (mandatory for File)"));
    }
    for (property, child_ty, array) in embedded(ty) {
        let child_path = format!("{path}.{property}");
        match obj.get_mut(*property) {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) if *array => {
                for (i, item) in items.iter_mut().enumerate() {
                    prepare(
                        item,
                        *child_ty,
                        &format!("{child_path}[{i}]"),
                        seen,
                        warnings,
                    )?;
                }
            }
            Some(child) if !*array && child.is_object() => {
                prepare(child, *child_ty, &child_path, seen, warnings)?;
            }
            Some(_) => {
                let shape = if *array { "an array" } else { "an object" };
                return Err(format!(
                    "{child_path}: expected {shape} of {}",
                    child_ty.name()
                ));
            }
        }
    }
    // The same id with different content (a defect of the specification's examples):
    // give the later one an id of its own, derived from where it stands.
    let fingerprint = fingerprint(obj);
    match seen.get(&id) {
        Some(known) if *known != fingerprint => {
            let new_id = format!("{id}#{path}");
            warnings.push(format!(
                "{path}: id {id} is used for different content; loaded as {new_id}"
            ));
            obj.insert("id".to_owned(), Value::String(new_id.clone()));
            seen.insert(new_id, fingerprint);
        }
        Some(_) => {}
        None => {
            seen.insert(id, fingerprint);
        }
    }
    Ok(())
}

/// Content of an object for duplicate detection, ignoring timestamps.
/// What makes two occurrences of an id the same object: everything but the times and
/// the back-references that an embedded form leaves out (OParl: "Membership.person",
/// "AgendaItem.meeting", "Consultation.paper", the File and Location back-links), so
/// that an object served embedded and standalone, as ratsinfo's own dump holds it, is
/// recognised as one.
fn fingerprint(obj: &Map<String, Value>) -> String {
    let mut copy = obj.clone();
    copy.remove("created");
    copy.remove("modified");
    let type_name = obj
        .get("type")
        .and_then(Value::as_str)
        .and_then(|t| t.rsplit('/').next())
        .unwrap_or_default();
    let back_references: &[&str] = match type_name {
        "Membership" => &["person"],
        "LegislativeTerm" => &["body"],
        "AgendaItem" => &["meeting"],
        "Consultation" => &["paper"],
        "File" => &["meeting", "agendaItem", "paper"],
        "Location" => &["bodies", "organizations", "persons", "meetings", "papers"],
        _ => &[],
    };
    for key in back_references {
        copy.remove(*key);
    }
    Value::Object(copy).to_string()
}

fn typed<T: DeserializeOwned>(value: Value, path: &str) -> Result<T, String> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let inner = e.path().to_string();
        let at = if inner == "." {
            path.to_owned()
        } else {
            format!("{path}.{inner}")
        };
        format!("{at}: {}", e.inner())
    })
}

pub(crate) fn parse_object(
    mut value: Value,
    path: &str,
    seen: &mut HashMap<String, String>,
    warnings: &mut Vec<String>,
) -> Result<Option<Parsed>, String> {
    let type_uri = value
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{path}.type: missing"))?
        .to_owned();
    if type_uri.ends_with("/System") {
        warnings.push(format!(
            "{path}: System objects describe another server; skipped"
        ));
        return Ok(None);
    }
    let ty = ObjectType::from_uri(&type_uri)
        .ok_or_else(|| format!("{path}.type: unknown OParl type {type_uri:?}"))?;
    prepare(&mut value, ty, path, seen, warnings)?;
    let origin = value
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let deleted = value.get("deleted") == Some(&Value::Bool(true));
    let object = match ty {
        ObjectType::Body => Object::Body(typed(value, path)?),
        ObjectType::LegislativeTerm => Object::LegislativeTerm(typed(value, path)?),
        ObjectType::Organization => Object::Organization(typed(value, path)?),
        ObjectType::Person => Object::Person(typed(value, path)?),
        ObjectType::Membership => Object::Membership(typed(value, path)?),
        ObjectType::Meeting => Object::Meeting(typed(value, path)?),
        ObjectType::AgendaItem => Object::AgendaItem(typed(value, path)?),
        ObjectType::Paper => Object::Paper(typed(value, path)?),
        ObjectType::Consultation => Object::Consultation(typed(value, path)?),
        ObjectType::File => Object::File(typed(value, path)?),
        ObjectType::Location => Object::Location(typed(value, path)?),
    };
    Ok(Some(Parsed {
        ty,
        origin,
        deleted,
        object,
    }))
}

/// Parses one file: an object, an array of objects, or a list page (`data`); or JSON
/// Lines (`.jsonl`, also gzip-compressed as `.jsonl.gz`, as `ratsinfo dump` writes
/// them), one object per line.
fn parse_file(
    path: &Path,
    seen: &mut HashMap<String, String>,
    warnings: &mut Vec<String>,
) -> Result<Vec<Parsed>, String> {
    let name = path.to_string_lossy();
    let label = path.display().to_string();
    if name.ends_with(".jsonl") || name.ends_with(".jsonl.gz") {
        use std::io::BufRead;
        let file = std::fs::File::open(path).map_err(|e| format!("cannot read: {e}"))?;
        let reader: Box<dyn BufRead> = if name.ends_with(".gz") {
            Box::new(std::io::BufReader::new(flate2::read::GzDecoder::new(file)))
        } else {
            Box::new(std::io::BufReader::new(file))
        };
        let mut items = Vec::new();
        for (i, line) in reader.lines().enumerate() {
            let line = line.map_err(|e| format!("line {}: cannot read: {e}", i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let value: Value = serde_json::from_str(&line)
                .map_err(|e| format!("line {}: not valid JSON: {e}", i + 1))?;
            items.push(value);
        }
        return parse_items(items, &label, seen, warnings);
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    parse_text(&text, &label, seen, warnings)
}

fn parse_text(
    text: &str,
    label: &str,
    seen: &mut HashMap<String, String>,
    warnings: &mut Vec<String>,
) -> Result<Vec<Parsed>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let items = match value {
        Value::Array(items) => items,
        Value::Object(mut obj) if obj.contains_key("data") && !obj.contains_key("type") => {
            match obj.remove("data") {
                Some(Value::Array(items)) => items,
                _ => return Err("$.data: expected an array".to_owned()),
            }
        }
        Value::Object(obj) => vec![Value::Object(obj)],
        _ => return Err("$: expected an OParl object or an array of objects".to_owned()),
    };
    parse_items(items, label, seen, warnings)
}

fn parse_items(
    items: Vec<Value>,
    label: &str,
    seen: &mut HashMap<String, String>,
    warnings: &mut Vec<String>,
) -> Result<Vec<Parsed>, String> {
    // Work on a copy of the seen ids, so that a rejected file leaves no trace.
    let mut local_seen = seen.clone();
    let mut local_warnings = Vec::new();
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let p = if out.is_empty() && i == 0 {
            "$".to_owned()
        } else {
            format!("$[{i}]")
        };
        if let Some(parsed) = parse_object(item, &p, &mut local_seen, &mut local_warnings)? {
            out.push(parsed);
        }
    }
    *seen = local_seen;
    warnings.extend(local_warnings.into_iter().map(|w| format!("{label}: {w}")));
    Ok(out)
}

/// All `.json`, `.jsonl` and `.jsonl.gz` files under the given paths, sorted for a
/// deterministic order.
fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, IngestError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut stack = vec![path.clone()];
            while let Some(dir) = stack.pop() {
                let entries = std::fs::read_dir(&dir).map_err(|e| IngestError::Input {
                    file: dir.display().to_string(),
                    message: format!("cannot read folder: {e}"),
                })?;
                // The root of a `ratsinfo dump`: only its OParl files are objects (not
                // the manifest, the native decisions or the CSV).
                let dump_root = dir.join("manifest.json").is_file();
                for entry in entries.flatten() {
                    let p = entry.path();
                    if dump_root {
                        if p.join("oparl").is_dir() {
                            stack.push(p.join("oparl"));
                        }
                    } else if p.is_dir() {
                        stack.push(p);
                    } else if [".json", ".jsonl", ".jsonl.gz"]
                        .iter()
                        .any(|ext| p.to_string_lossy().ends_with(ext))
                    {
                        files.push(p);
                    }
                }
            }
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(IngestError::Input {
                file: path.display().to_string(),
                message: "no such file or folder".to_owned(),
            });
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// The demo dataset shipped with ratsinfo (see `demo/README.md`): a Body in OParl
/// JSON and real minutes imported into it.
pub const DEMO_BODY: (&str, &str) = (
    "bielefeld-body.json",
    include_str!("../../demo/bielefeld-body.json"),
);
pub const DEMO_MINUTES: (&str, &[u8]) = (
    "bielefeld_2021-05-04_digitalisierungsausschuss.txt",
    include_bytes!("../../demo/minutes/bielefeld_2021-05-04_digitalisierungsausschuss.txt"),
);

/// Loads OParl JSON given as text (one object, an array, or a list page).
pub async fn load_text(store: &Store, label: &str, text: &str) -> Result<LoadReport, IngestError> {
    let mut seen = HashMap::new();
    let mut warnings = Vec::new();
    let parsed = parse_text(text, label, &mut seen, &mut warnings).map_err(|message| {
        IngestError::Input {
            file: label.to_owned(),
            message,
        }
    })?;
    let objects = parsed.into_iter().map(|p| (label.to_owned(), p)).collect();
    load_parsed(
        store,
        objects,
        LoadReport {
            files: 1,
            warnings,
            ..LoadReport::default()
        },
    )
    .await
}

/// Loads the demo dataset; idempotent like every load. Returns what changed.
pub async fn load_demo(store: &Store) -> Result<Counts, IngestError> {
    let body = load_text(store, DEMO_BODY.0, DEMO_BODY.1).await?;
    let options = crate::ingest::minutes::ImportOptions {
        body: "Stadt Bielefeld".to_owned(),
        organization: None,
        date: None,
    };
    let minutes =
        crate::ingest::minutes::import_file(store, DEMO_MINUTES.0, DEMO_MINUTES.1, &options)
            .await?;
    let (a, b) = (body.counts, minutes.counts);
    Ok(Counts {
        created: a.created + b.created,
        updated: a.updated + b.updated,
        unchanged: a.unchanged + b.unchanged,
        deleted: a.deleted + b.deleted,
    })
}

/// Loads OParl JSON from files and folders into the store.
pub async fn load_paths(store: &Store, paths: &[PathBuf]) -> Result<LoadReport, IngestError> {
    let files = collect(paths)?;
    let mut report = LoadReport {
        files: files.len(),
        ..LoadReport::default()
    };
    let mut seen = HashMap::new();
    let mut objects: Vec<(String, Parsed)> = Vec::new();
    for file in &files {
        match parse_file(file, &mut seen, &mut report.warnings) {
            Ok(parsed) => {
                let label = file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                objects.extend(parsed.into_iter().map(|p| (label.clone(), p)));
            }
            Err(message) => report.errors.push(format!("{}: {message}", file.display())),
        }
    }
    load_parsed(store, objects, report).await
}

async fn load_parsed(
    store: &Store,
    mut objects: Vec<(String, Parsed)>,
    mut report: LoadReport,
) -> Result<LoadReport, IngestError> {
    objects.sort_by_key(|(_, p)| rank(p.ty));
    report.objects = objects.len();
    // A second pass fills references whose targets were written after them.
    for pass in 0..2 {
        let (counts, warnings, unresolved) = write_all(store, &objects).await?;
        if pass == 0 {
            report.counts = counts;
        } else {
            report.counts.updated += counts.updated;
            report.counts.created += counts.created;
            report.counts.deleted += counts.deleted;
        }
        if unresolved == 0 || pass == 1 {
            report.warnings.extend(warnings);
            break;
        }
    }
    Ok(report)
}

async fn write_all(
    store: &Store,
    objects: &[(String, Parsed)],
) -> Result<(Counts, Vec<String>, usize), IngestError> {
    let mut tx = store.begin().await?;
    let mut writer = Writer::new(&mut tx, String::new());
    let mut loaded_bodies = Vec::new();
    for (file, parsed) in objects {
        writer.source = serde_json::json!({"kind": "oparl-json", "file": file}).to_string();
        if parsed.ty != ObjectType::Body && writer.default_body.is_none() {
            writer.default_body = default_body(&mut writer, &loaded_bodies).await?;
        }
        if let Some(body) = write_object(&mut writer, file, parsed).await? {
            loaded_bodies.push(body);
        }
    }
    let result = (
        writer.counts.clone(),
        std::mem::take(&mut writer.warnings),
        writer.unresolved,
    );
    tx.commit().await?;
    Ok(result)
}

/// Writes one parsed object (or applies its tombstone); returns the id of a Body.
pub(crate) async fn write_object(
    writer: &mut Writer<'_>,
    file: &str,
    parsed: &Parsed,
) -> Result<Option<i64>, IngestError> {
    if parsed.deleted {
        writer.delete(parsed.ty, &parsed.origin).await?;
        return Ok(None);
    }
    let from = parsed.origin.as_str();
    let missing_body = || IngestError::Input {
        file: file.to_owned(),
        message: format!("{from}: no body to attach it to; load a Body first"),
    };
    match &parsed.object {
        Object::Body(b) => {
            let w = writer.body(b).await?;
            return Ok(Some(w.id));
        }
        Object::LegislativeTerm(t) => {
            let body = writer
                .body_of(&t.body, from)
                .await?
                .ok_or_else(missing_body)?;
            writer.legislative_term(t, body).await?;
        }
        Object::Organization(o) => {
            let body = writer
                .body_of(&o.body, from)
                .await?
                .ok_or_else(missing_body)?;
            writer.organization(o, body).await?;
        }
        Object::Person(p) => {
            let body = writer
                .body_of(&p.body, from)
                .await?
                .ok_or_else(missing_body)?;
            writer.person(p, body).await?;
        }
        Object::Membership(ms) => {
            let Some((parent, body)) =
                standalone_parent(writer, ObjectType::Person, &ms.person, from).await?
            else {
                writer.warnings.push(format!(
                    "{file}: {from}: membership without a known person; skipped"
                ));
                return Ok(None);
            };
            writer.membership(ms, parent, body).await?;
        }
        Object::Meeting(mt) => {
            let mut body = None;
            if let Some(org) = mt.organization.first()
                && let Some(org) = writer
                    .tx
                    .find_by_origin(ObjectType::Organization, org)
                    .await?
            {
                body = parent_body(writer, ObjectType::Organization, org).await?;
            }
            let body = body.or(writer.default_body).ok_or_else(missing_body)?;
            writer.meeting(mt, body).await?;
        }
        Object::AgendaItem(a) => {
            let Some((parent, body)) =
                standalone_parent(writer, ObjectType::Meeting, &a.meeting, from).await?
            else {
                writer.warnings.push(format!(
                    "{file}: {from}: agenda item without a known meeting; skipped"
                ));
                return Ok(None);
            };
            writer
                .agenda_item(a, parent, a.order.unwrap_or(0), body)
                .await?;
        }
        Object::Paper(p) => {
            let body = writer
                .body_of(&p.body, from)
                .await?
                .ok_or_else(missing_body)?;
            writer.paper(p, body).await?;
        }
        Object::Consultation(c) => {
            let Some((parent, body)) =
                standalone_parent(writer, ObjectType::Paper, &c.paper, from).await?
            else {
                writer.warnings.push(format!(
                    "{file}: {from}: consultation without a known paper; skipped"
                ));
                return Ok(None);
            };
            writer.consultation(c, parent, body).await?;
        }
        Object::File(f) => {
            let body = writer.default_body.ok_or_else(missing_body)?;
            writer.file(f, body).await?;
        }
        Object::Location(l) => {
            let body = writer.default_body.ok_or_else(missing_body)?;
            writer.location(l, body).await?;
        }
    }
    Ok(None)
}

/// The body for objects that name none: the one body of this load, or of the store.
async fn default_body(writer: &mut Writer<'_>, loaded: &[i64]) -> Result<Option<i64>, IngestError> {
    if let [only] = loaded {
        return Ok(Some(*only));
    }
    if !loaded.is_empty() {
        return Ok(None);
    }
    let rows: Vec<IdRow> = writer
        .tx
        .fetch_all(Sql::new(
            "SELECT id FROM body WHERE deleted = FALSE ORDER BY id LIMIT 2",
        ))
        .await
        .map_err(crate::store::StoreError::from)?;
    Ok(match rows.as_slice() {
        [only] => Some(only.id),
        _ => None,
    })
}

/// The parent (and its body) of an embedded-type object loaded on its own, from its
/// back-reference; `None` when the parent is unknown.
async fn standalone_parent(
    writer: &mut Writer<'_>,
    ty: ObjectType,
    url: &Option<String>,
    from: &str,
) -> Result<Option<(i64, i64)>, IngestError> {
    let Some(url) = url else { return Ok(None) };
    let Some(parent) = writer.resolve(ty, url, from).await? else {
        return Ok(None);
    };
    Ok(parent_body(writer, ty, parent)
        .await?
        .map(|body| (parent, body)))
}

async fn parent_body(
    writer: &mut Writer<'_>,
    ty: ObjectType,
    id: i64,
) -> Result<Option<i64>, IngestError> {
    #[derive(sqlx::FromRow)]
    struct B {
        body_id: i64,
    }
    if let Some(body) = writer.bodies.get(&(ty, id)) {
        return Ok(Some(*body));
    }
    let mut sql = Sql::new(format!("SELECT body_id FROM {} WHERE id = ", ty.table()));
    sql.bind(id);
    let row: Option<B> = writer
        .tx
        .fetch_optional(sql)
        .await
        .map_err(crate::store::StoreError::from)?;
    if let Some(r) = &row {
        writer.bodies.insert((ty, id), r.body_id);
    }
    Ok(row.map(|r| r.body_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_bare_geometry_and_swaps_lat_lon() {
        let mut g = serde_json::json!({"type": "Point", "coordinates": [50.98, 7.03]});
        let notes = repair_geojson(&mut g);
        assert_eq!(notes.len(), 2);
        assert_eq!(g["type"], "Feature");
        assert_eq!(
            g["geometry"]["coordinates"],
            serde_json::json!([7.03, 50.98])
        );
        let mut ok = serde_json::json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [8.53, 52.02]}});
        assert!(repair_geojson(&mut ok).is_empty());
    }

    #[test]
    fn rejects_objects_without_an_absolute_id() {
        let mut seen = HashMap::new();
        let mut w = Vec::new();
        let v = serde_json::json!({"type": "https://schema.oparl.org/1.1/Paper", "id": "paper/1"});
        let err = parse_object(v, "$", &mut seen, &mut w)
            .err()
            .unwrap_or_default();
        assert!(err.starts_with("$.id:"), "{err}");
    }

    #[test]
    fn names_the_json_path_of_a_type_error() {
        let mut seen = HashMap::new();
        let mut w = Vec::new();
        let v = serde_json::json!({
            "type": "https://schema.oparl.org/1.1/Meeting", "id": "https://x.example/m/1",
            "agendaItem": [{"id": "https://x.example/a/1", "public": "yes"}]
        });
        let err = parse_object(v, "$", &mut seen, &mut w)
            .err()
            .unwrap_or_default();
        assert!(err.contains("agendaItem[0].public"), "{err}");
    }
}
