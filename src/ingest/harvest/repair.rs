//! Repairs of what real OParl servers send, each recorded as a defect of the source:
//! list pages in the wrong shape, OParl 1.0 type URIs, date-times not in the strict
//! form, single values where arrays belong, and `//` in URL paths.

use serde_json::{Map, Value};

use super::report::{Defect, Report};
use crate::oparl::ObjectType;
use crate::oparl::time::{berlin, format_datetime, parse_datetime};

/// A list page, whatever shape it arrived in.
#[derive(Debug, Default)]
pub struct Page {
    pub items: Vec<Value>,
    pub next: Option<String>,
}

/// Parses a response body as JSON (a UTF-8 byte-order mark is tolerated).
pub fn parse_json(bytes: &[u8]) -> Result<Value, String> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| e.to_string())
}

/// Reads a list page: `{"data": [...], "links": {"next": ...}}` as the standard has
/// it, or a bare array, or one object where the page or its `data` belongs.
pub fn page(value: Value, url: &str, report: &mut Report) -> Page {
    match value {
        Value::Array(items) => {
            report.defect(Defect::BareArray, url);
            Page { items, next: None }
        }
        Value::Object(mut obj) if obj.contains_key("data") => {
            let next = obj
                .get("links")
                .and_then(|l| l.get("next"))
                .or_else(|| obj.get("next"))
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(|s| fix_url(s, url, report));
            let items = match obj.remove("data") {
                Some(Value::Array(items)) => items,
                Some(Value::Null) | None => Vec::new(),
                Some(single) => {
                    report.defect(Defect::SingleObject, url);
                    vec![single]
                }
            };
            Page { items, next }
        }
        Value::Object(obj) if obj.contains_key("id") => {
            report.defect(Defect::SingleObject, url);
            Page {
                items: vec![Value::Object(obj)],
                next: None,
            }
        }
        _ => {
            report.defect(Defect::InvalidJson, url);
            Page::default()
        }
    }
}

/// Collapses `//` in the path of an http(s) URL (`.../files//12`), recording it.
pub fn fix_url(s: &str, at: &str, report: &mut Report) -> String {
    let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    else {
        return s.to_owned();
    };
    let scheme_len = s.len() - rest.len();
    let path_start = rest.find('/').map_or(s.len(), |i| scheme_len + i);
    let path_end = s[path_start..]
        .find(['?', '#'])
        .map_or(s.len(), |i| path_start + i);
    let path = &s[path_start..path_end];
    if !path.contains("//") {
        return s.to_owned();
    }
    report.defect(Defect::DoubleSlashUrl, if at.is_empty() { s } else { at });
    let mut fixed = String::with_capacity(s.len());
    fixed.push_str(&s[..path_start]);
    let mut previous_slash = false;
    for c in path.chars() {
        if c == '/' && previous_slash {
            continue;
        }
        previous_slash = c == '/';
        fixed.push(c);
    }
    fixed.push_str(&s[path_end..]);
    fixed
}

/// Array-valued properties per type that servers send as a single value.
fn array_properties(ty: ObjectType) -> &'static [&'static str] {
    use ObjectType as T;
    match ty {
        T::Body => &["equivalent", "legislativeTerm"],
        T::Organization => &["membership", "post"],
        T::Person => &["title", "phone", "email", "status", "membership"],
        T::Meeting => &["organization", "participant", "auxiliaryFile", "agendaItem"],
        T::AgendaItem => &["auxiliaryFile"],
        T::Paper => &[
            "relatedPaper",
            "superordinatedPaper",
            "subordinatedPaper",
            "auxiliaryFile",
            "location",
            "originatorPerson",
            "underDirectionOf",
            "originatorOrganization",
            "consultation",
        ],
        T::Consultation => &["organization"],
        T::File => &["derivativeFile", "meeting", "agendaItem", "paper"],
        T::LegislativeTerm | T::Membership | T::Location => &[],
    }
}

/// Date-time properties, which OParl wants as `yyyy-mm-ddThh:mm:ss±hh:mm`.
const DATE_TIMES: &[&str] = &[
    "created",
    "modified",
    "start",
    "end",
    "licenseValidSince",
    "oparlSince",
];

fn is_strict_datetime(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 25
        && b[10] == b'T'
        && (b[19] == b'+' || b[19] == b'-')
        && b[22] == b':'
        && parse_datetime(s).is_some()
}

/// A date-time in the strict form: `Z` and fractions dropped; without an offset it is
/// taken as German local time, which is what the vendors that omit it mean.
fn repair_datetime(s: &str) -> Option<String> {
    if let Some(dt) = parse_datetime(s) {
        return Some(format_datetime(&dt));
    }
    let naive = chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S%.f"))
        .ok()?;
    Some(format_datetime(&berlin(naive.date(), naive.time())))
}

/// The type of an object as its `type` names it, 1.0 URIs included (recorded).
pub fn object_type(obj: &Map<String, Value>) -> Option<ObjectType> {
    obj.get("type")
        .and_then(Value::as_str)
        .and_then(ObjectType::from_uri)
}

/// Repairs one object (and everything embedded in it) in place. `expected` is the
/// type the context implies, used when the object names none.
pub fn object(value: &mut Value, expected: Option<ObjectType>, report: &mut Report) {
    let Some(obj) = value.as_object_mut() else {
        return;
    };
    let at = obj
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    // Provenance is ours to set: a ratsinfo source's own is replaced by the harvest.
    obj.remove("ratsinfo:source");
    let type_uri = obj.get("type").and_then(Value::as_str).map(str::to_owned);
    let ty = match type_uri.as_deref() {
        Some(uri) => {
            let ty = ObjectType::from_uri(uri);
            if let Some(t) = ty
                && !uri.starts_with(crate::oparl::NAMESPACE)
            {
                report.defect(Defect::Oparl10Type, &at);
                obj.insert("type".to_owned(), Value::String(t.uri()));
            }
            ty
        }
        None => {
            if let Some(t) = expected {
                obj.insert("type".to_owned(), Value::String(t.uri()));
            }
            expected
        }
    };
    let deleted = obj.get("deleted") == Some(&Value::Bool(true));
    if !deleted && (!obj.contains_key("created") || !obj.contains_key("modified")) {
        report.defect(Defect::MissingTimestamp, &at);
    }
    for key in DATE_TIMES {
        if let Some(Value::String(s)) = obj.get(*key)
            && !is_strict_datetime(s)
        {
            report.defect(Defect::TimestampForm, &at);
            match repair_datetime(s) {
                Some(fixed) => obj.insert((*key).to_owned(), Value::String(fixed)),
                None => obj.remove(*key),
            };
        }
    }
    if let Some(ty) = ty {
        for key in array_properties(ty) {
            match obj.get(*key) {
                Some(Value::Array(_)) | Some(Value::Null) | None => {}
                Some(_) => {
                    report.defect(Defect::SingleObject, &at);
                    if let Some(single) = obj.remove(*key) {
                        obj.insert((*key).to_owned(), Value::Array(vec![single]));
                    }
                }
            }
        }
        if let Some(Value::String(_)) = obj.get("keyword") {
            report.defect(Defect::SingleObject, &at);
            if let Some(single) = obj.remove("keyword") {
                obj.insert("keyword".to_owned(), Value::Array(vec![single]));
            }
        }
    }
    // Embedded objects, and every URL anywhere in this one.
    let embedded: &[(&str, ObjectType, bool)] = match ty {
        Some(t) => crate::ingest::oparl_json::embedded(t),
        None => &[],
    };
    for (key, item) in obj.iter_mut() {
        let child_ty = embedded
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, t, _)| *t);
        repair_values(item, child_ty, &at, report);
    }
}

fn repair_values(value: &mut Value, child_ty: Option<ObjectType>, at: &str, report: &mut Report) {
    match value {
        Value::String(s) if s.starts_with("http") && s.contains("//") => {
            let fixed = fix_url(s, at, report);
            if fixed != *s {
                *s = fixed;
            }
        }
        Value::Array(items) => {
            for item in items {
                repair_values(item, child_ty, at, report);
            }
        }
        Value::Object(_) => match child_ty {
            Some(t) => object(value, Some(t), report),
            // Not an OParl object (GeoJSON, say): only its URLs.
            None => {
                if let Some(obj) = value.as_object_mut() {
                    for (_, v) in obj.iter_mut() {
                        repair_values(v, None, at, report);
                    }
                }
            }
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn collapses_double_slashes_in_the_path_only() {
        let mut r = Report::default();
        assert_eq!(
            fix_url("https://x.example/oparl//files//12?q=a//b", "", &mut r),
            "https://x.example/oparl/files/12?q=a//b"
        );
        assert_eq!(
            fix_url("https://x.example/oparl/files/12", "", &mut r),
            "https://x.example/oparl/files/12"
        );
        assert_eq!(r.defects[&Defect::DoubleSlashUrl].count, 1);
    }

    #[test]
    fn reads_pages_in_every_shape_seen() {
        let mut r = Report::default();
        let p = page(json!([{"id": "https://x.example/1"}]), "u", &mut r);
        assert_eq!(p.items.len(), 1);
        assert!(r.has(Defect::BareArray));
        let p = page(
            json!({"data": {"id": "https://x.example/1"}, "links": {"next": "https://x.example//p2"}}),
            "u",
            &mut r,
        );
        assert_eq!(p.items.len(), 1);
        assert_eq!(p.next.as_deref(), Some("https://x.example/p2"));
        assert!(r.has(Defect::SingleObject));
        let p = page(json!({"data": [], "links": {}}), "u", &mut r);
        assert!(p.items.is_empty() && p.next.is_none());
    }

    #[test]
    fn repairs_types_timestamps_and_single_values() {
        let mut r = Report::default();
        let mut v = json!({
            "id": "https://x.example/meeting/1",
            "type": "https://schema.oparl.org/1.0/Meeting",
            "start": "2021-05-04T17:00:00.000Z",
            "end": "2021-05-04T18:35:00",
            "organization": "https://x.example/org/1",
            "agendaItem": [{"id": "https://x.example/ai//1", "type": "https://schema.oparl.org/1.0/AgendaItem",
                            "created": "2021-05-01T10:00:00+02:00", "modified": "2021-05-01T10:00:00+02:00"}],
            "ratsinfo:source": {"kind": "elsewhere"}
        });
        object(&mut v, Some(ObjectType::Meeting), &mut r);
        assert_eq!(v["type"], "https://schema.oparl.org/1.1/Meeting");
        assert_eq!(v["start"], "2021-05-04T17:00:00+00:00");
        assert_eq!(v["end"], "2021-05-04T18:35:00+02:00");
        assert_eq!(v["organization"], json!(["https://x.example/org/1"]));
        assert_eq!(v["agendaItem"][0]["id"], "https://x.example/ai/1");
        assert_eq!(
            v["agendaItem"][0]["type"],
            "https://schema.oparl.org/1.1/AgendaItem"
        );
        assert!(v.get("ratsinfo:source").is_none());
        for kind in [
            Defect::Oparl10Type,
            Defect::TimestampForm,
            Defect::SingleObject,
            Defect::DoubleSlashUrl,
            Defect::MissingTimestamp,
        ] {
            assert!(r.has(kind), "{kind:?} not recorded: {:?}", r.defects);
        }
        assert_eq!(r.defects[&Defect::Oparl10Type].count, 2);
    }
}
