//! Pure OParl 1.1 validation helpers for the conformance crawler of the integration tests.
//!
//! Check numbers (`C21` … `C48`) refer to `shared/oparl-checks.md`; the property catalogue
//! follows §3/§4 of `shared/oparl-reference.md`. Nothing in here does I/O: the crawler fetches
//! JSON and hands it to these functions, which return every [`Violation`] they find.
//!
//! One table ([`properties`] plus [`COMMON_PROPERTIES`]) describes every property of the twelve
//! object types; type checks, format checks, recursion into embedded objects, reference
//! extraction and list extraction are all driven by it.

use serde_json::{Map, Value};
use std::fmt;
use std::ops::RangeInclusive;

/// Namespace of all OParl 1.1 `type` URIs.
pub const SCHEMA_PREFIX: &str = "https://schema.oparl.org/1.1/";

/// Short names of the twelve OParl 1.1 object types.
pub const OBJECT_TYPES: [&str; 12] = [
    "System",
    "Body",
    "LegislativeTerm",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
    "Location",
];

/// One failed check.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// Check number from `oparl-checks.md` (e.g. 23 for C23).
    pub check: u32,
    /// Where: the caller's base path followed by `.property` / `[index]` segments.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "C{} at {}: {}", self.check, self.path, self.message)
    }
}

/// JSON shape and meaning of one property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Plain string.
    Str,
    /// URL outside the OParl object graph (website, licence, download URL, …).
    Url,
    Bool,
    Int,
    /// `yyyy-mm-dd`
    Date,
    /// `yyyy-mm-ddThh:mm:ss±hh:mm`
    DateTime,
    StrArray,
    /// Array of URLs outside the OParl object graph (`Body.equivalent`, `System.otherOparlVersions`).
    UrlArray,
    /// URL of an OParl object of the given type.
    Ref(&'static str),
    /// Array of URLs of OParl objects of the given type.
    RefArray(&'static str),
    /// Embedded object of the given type.
    Embedded(&'static str),
    /// Array of embedded objects of the given type.
    EmbeddedArray(&'static str),
    /// URL of an external (paginated) list of objects of the given type.
    List(&'static str),
    /// Free-form JSON object (GeoJSON).
    Object,
}

/// Properties shared by all twelve types (`keyword` is not defined on System).
pub const COMMON_PROPERTIES: &[(&str, Kind)] = &[
    ("id", Kind::Url),
    ("type", Kind::Str),
    ("created", Kind::DateTime),
    ("modified", Kind::DateTime),
    ("license", Kind::Url),
    ("keyword", Kind::StrArray),
    ("web", Kind::Url),
    ("deleted", Kind::Bool),
];

/// Type-specific properties of an OParl 1.1 type (§3 of the reference), without the common
/// ones in [`COMMON_PROPERTIES`]. Unknown types yield an empty slice.
pub fn properties(ty: &str) -> &'static [(&'static str, Kind)] {
    use Kind::*;
    match ty {
        "System" => &[
            ("oparlVersion", Str),
            ("otherOparlVersions", UrlArray),
            ("body", List("Body")),
            ("name", Str),
            ("contactEmail", Str),
            ("contactName", Str),
            ("website", Url),
            ("vendor", Url),
            ("product", Url),
        ],
        "Body" => &[
            ("system", Ref("System")),
            ("name", Str),
            ("shortName", Str),
            ("website", Url),
            ("licenseValidSince", DateTime),
            ("oparlSince", DateTime),
            ("ags", Str),
            ("rgs", Str),
            ("equivalent", UrlArray),
            ("contactEmail", Str),
            ("contactName", Str),
            ("organization", List("Organization")),
            ("person", List("Person")),
            ("meeting", List("Meeting")),
            ("paper", List("Paper")),
            ("legislativeTerm", EmbeddedArray("LegislativeTerm")),
            ("agendaItem", List("AgendaItem")),
            ("consultation", List("Consultation")),
            ("file", List("File")),
            ("locationList", List("Location")),
            ("legislativeTermList", List("LegislativeTerm")),
            ("membership", List("Membership")),
            ("classification", Str),
            ("location", Embedded("Location")),
        ],
        "LegislativeTerm" => &[
            ("body", Ref("Body")),
            ("name", Str),
            ("startDate", Date),
            ("endDate", Date),
        ],
        "Organization" => &[
            ("body", Ref("Body")),
            ("name", Str),
            ("shortName", Str),
            ("membership", RefArray("Membership")),
            ("meeting", List("Meeting")),
            ("consultation", List("Consultation")),
            ("post", StrArray),
            ("subOrganizationOf", Ref("Organization")),
            ("organizationType", Str),
            ("classification", Str),
            ("startDate", Date),
            ("endDate", Date),
            ("website", Url),
            ("location", Embedded("Location")),
            ("externalBody", Url),
        ],
        "Person" => &[
            ("body", Ref("Body")),
            ("name", Str),
            ("familyName", Str),
            ("givenName", Str),
            ("formOfAddress", Str),
            ("affix", Str),
            ("title", StrArray),
            ("gender", Str),
            ("phone", StrArray),
            ("email", StrArray),
            ("location", Ref("Location")),
            ("locationObject", Embedded("Location")),
            ("status", StrArray),
            ("membership", EmbeddedArray("Membership")),
            ("life", Str),
            ("lifeSource", Str),
        ],
        "Membership" => &[
            ("person", Ref("Person")),
            ("organization", Ref("Organization")),
            ("role", Str),
            ("votingRight", Bool),
            ("startDate", Date),
            ("endDate", Date),
            ("onBehalfOf", Ref("Organization")),
        ],
        "Meeting" => &[
            ("name", Str),
            ("meetingState", Str),
            ("cancelled", Bool),
            ("start", DateTime),
            ("end", DateTime),
            ("location", Embedded("Location")),
            ("organization", RefArray("Organization")),
            ("participant", RefArray("Person")),
            ("invitation", Embedded("File")),
            ("resultsProtocol", Embedded("File")),
            ("verbatimProtocol", Embedded("File")),
            ("auxiliaryFile", EmbeddedArray("File")),
            ("agendaItem", EmbeddedArray("AgendaItem")),
        ],
        "AgendaItem" => &[
            ("meeting", Ref("Meeting")),
            ("number", Str),
            ("order", Int),
            ("name", Str),
            ("public", Bool),
            ("consultation", Ref("Consultation")),
            ("result", Str),
            ("resolutionText", Str),
            ("resolutionFile", Embedded("File")),
            ("auxiliaryFile", EmbeddedArray("File")),
            ("start", DateTime),
            ("end", DateTime),
        ],
        "Paper" => &[
            ("body", Ref("Body")),
            ("name", Str),
            ("reference", Str),
            ("date", Date),
            ("paperType", Str),
            ("relatedPaper", RefArray("Paper")),
            ("superordinatedPaper", RefArray("Paper")),
            ("subordinatedPaper", RefArray("Paper")),
            ("mainFile", Embedded("File")),
            ("auxiliaryFile", EmbeddedArray("File")),
            ("location", EmbeddedArray("Location")),
            ("originatorPerson", RefArray("Person")),
            ("underDirectionOf", RefArray("Organization")),
            ("originatorOrganization", RefArray("Organization")),
            ("consultation", EmbeddedArray("Consultation")),
        ],
        "Consultation" => &[
            ("paper", Ref("Paper")),
            ("agendaItem", Ref("AgendaItem")),
            ("meeting", Ref("Meeting")),
            ("organization", RefArray("Organization")),
            ("authoritative", Bool),
            ("role", Str),
        ],
        "File" => &[
            ("name", Str),
            ("fileName", Str),
            ("mimeType", Str),
            ("date", Date),
            ("size", Int),
            ("sha1Checksum", Str),
            ("sha512Checksum", Str),
            ("text", Str),
            ("accessUrl", Url),
            ("downloadUrl", Url),
            ("externalServiceUrl", Url),
            ("masterFile", Ref("File")),
            ("derivativeFile", RefArray("File")),
            ("fileLicense", Url),
            ("meeting", RefArray("Meeting")),
            ("agendaItem", RefArray("AgendaItem")),
            ("paper", RefArray("Paper")),
        ],
        "Location" => &[
            ("description", Str),
            ("geojson", Object),
            ("streetAddress", Str),
            ("room", Str),
            ("postalCode", Str),
            ("subLocality", Str),
            ("locality", Str),
            ("bodies", RefArray("Body")),
            ("organizations", RefArray("Organization")),
            ("persons", RefArray("Person")),
            ("meetings", RefArray("Meeting")),
            ("papers", RefArray("Paper")),
        ],
        _ => &[],
    }
}

/// Kind of property `name` on type `ty` (type-specific first, then common), or `None` if the
/// property is not defined for the type (or the type is unknown).
pub fn property_kind(ty: &str, name: &str) -> Option<Kind> {
    if !is_known_type(ty) {
        return None;
    }
    let common = COMMON_PROPERTIES
        .iter()
        .filter(|(n, _)| !(ty == "System" && *n == "keyword"));
    properties(ty)
        .iter()
        .chain(common)
        .find(|(n, _)| *n == name)
        .map(|&(_, kind)| kind)
}

/// Full `type` URI of a short type name, e.g. `https://schema.oparl.org/1.1/Paper`.
pub fn type_uri(ty: &str) -> String {
    format!("{SCHEMA_PREFIX}{ty}")
}

fn is_known_type(ty: &str) -> bool {
    OBJECT_TYPES.contains(&ty)
}

/// Type-specific mandatory properties with the check number that demands them (C25/C26).
/// `created`/`modified` (C23) and `id`/`type` (C21/C22) are checked separately.
fn required(ty: &str) -> &'static [(&'static str, u32)] {
    match ty {
        "System" => &[("oparlVersion", 25), ("body", 25)],
        "Body" => &[
            ("name", 25),
            ("organization", 25),
            ("person", 25),
            ("meeting", 25),
            ("paper", 25),
            ("legislativeTerm", 25),
            ("agendaItem", 26),
            ("consultation", 26),
            ("file", 26),
            ("locationList", 26),
            ("legislativeTermList", 26),
            ("membership", 26),
        ],
        "File" => &[("accessUrl", 25)],
        "AgendaItem" => &[("order", 26)],
        _ => &[],
    }
}

fn is_mandatory(ty: &str, name: &str) -> bool {
    required(ty).iter().any(|(n, _)| *n == name)
}

/// Back-reference properties an embedded `child` must not carry inside `parent` (§4, C40).
fn embedded_backrefs(parent: &str, child: &str) -> &'static [&'static str] {
    match (parent, child) {
        ("Body", "LegislativeTerm") => &["body"],
        ("Body", "Location") => &["bodies"],
        ("Organization", "Location") => &["organizations"],
        ("Person", "Membership") => &["person"],
        ("Person", "Location") => &["persons"],
        ("Meeting", "Location") => &["meetings"],
        ("Meeting", "File") => &["meeting"],
        ("Meeting", "AgendaItem") => &["meeting"],
        ("AgendaItem", "File") => &["agendaItem"],
        ("Paper", "File") => &["paper"],
        ("Paper", "Location") => &["papers"],
        ("Paper", "Consultation") => &["paper"],
        _ => &[],
    }
}

// ---------------------------------------------------------------------------------------------
// Dates and URLs
// ---------------------------------------------------------------------------------------------

/// `^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$` with a real calendar date,
/// hour < 24, minute/second < 60 and offset minutes < 60.
pub fn is_oparl_datetime(s: &str) -> bool {
    parse_oparl_datetime(s).is_some()
}

/// `^\d{4}-\d{2}-\d{2}$` with month 1–12 and a day that exists in that month.
pub fn is_oparl_date(s: &str) -> bool {
    parse_date(s.as_bytes()).is_some()
}

/// Seconds since 1970-01-01T00:00:00+00:00 of an OParl date-time, or `None` if it does not
/// have the exact OParl format. Use it to compare date-times with different offsets.
pub fn parse_oparl_datetime(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 25 || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[22] != b':' {
        return None;
    }
    let (year, month, day) = parse_date(&b[..10])?;
    let hour = digits(&b[11..13])?;
    let minute = digits(&b[14..16])?;
    let second = digits(&b[17..19])?;
    let sign: i64 = match b[19] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let off_hour = digits(&b[20..22])?;
    let off_minute = digits(&b[23..25])?;
    if hour >= 24 || minute >= 60 || second >= 60 || off_hour >= 24 || off_minute >= 60 {
        return None;
    }
    let local =
        days_from_civil(year, month, day) * 86_400 + i64::from(hour * 3600 + minute * 60 + second);
    Some(local - sign * i64::from(off_hour * 3600 + off_minute * 60))
}

/// Parses exactly `yyyy-mm-dd`.
fn parse_date(b: &[u8]) -> Option<(i64, u32, u32)> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = digits(&b[..4])?;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some((i64::from(year), month, day))
}

/// Value of a non-empty run of ASCII digits.
fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if month > 2 { month - 3 } else { month + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Absolute `http://` or `https://` URL with a non-empty host and no whitespace.
pub fn is_http_url(s: &str) -> bool {
    let Some(rest) = strip_prefix_ci(s, "https://").or_else(|| strip_prefix_ci(s, "http://"))
    else {
        return false;
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    !host.is_empty() && !host.starts_with(':') && !has_space(s)
}

/// Absolute URL of any scheme (`scheme:rest`); http(s) URLs must satisfy [`is_http_url`].
fn is_absolute_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    let scheme_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || rest.is_empty() || has_space(s) {
        return false;
    }
    if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
        return is_http_url(s);
    }
    true
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

fn has_space(s: &str) -> bool {
    s.chars().any(|c| c.is_whitespace() || c.is_control())
}

// ---------------------------------------------------------------------------------------------
// Object checks (C21–C36, C40, C41) and C39
// ---------------------------------------------------------------------------------------------

/// Checks one object of type `expected_type` (short name, e.g. `"Paper"`), recursively
/// including its embedded objects. `embedded` says whether `obj` itself is embedded in a parent
/// (then a tombstone is a C41 violation). `path` prefixes every reported path.
pub fn check_object(
    obj: &Value,
    expected_type: &str,
    embedded: bool,
    path: &str,
) -> Vec<Violation> {
    check_object_opts(obj, expected_type, embedded, false, path)
}

/// Like [`check_object`]; with `omit_internal` (list fetched with `omit_internal=true`) a
/// missing `Body.legislativeTerm` is accepted.
pub fn check_object_opts(
    obj: &Value,
    expected_type: &str,
    embedded: bool,
    omit_internal: bool,
    path: &str,
) -> Vec<Violation> {
    let mut out = Vec::new();
    check_into(obj, expected_type, embedded, omit_internal, path, &mut out);
    out
}

/// C39: a standalone LegislativeTerm / Membership / AgendaItem / Consultation carries the
/// back-reference (`body` / `person` / `meeting` / `paper`) that its embedded form omits.
/// Tombstones and other types yield no violations.
pub fn check_standalone_backrefs(obj: &Value, expected_type: &str, path: &str) -> Vec<Violation> {
    let backref = match expected_type {
        "LegislativeTerm" => "body",
        "Membership" => "person",
        "AgendaItem" => "meeting",
        "Consultation" => "paper",
        _ => return Vec::new(),
    };
    let Some(map) = obj.as_object() else {
        return Vec::new();
    };
    if is_tombstone(map) {
        return Vec::new();
    }
    match map.get(backref).and_then(Value::as_str) {
        Some(url) if !url.is_empty() => Vec::new(),
        _ => vec![Violation {
            check: 39,
            path: child_path(path, backref),
            message: format!(
                "standalone {expected_type} lacks its back-reference `{backref}` (URL string)"
            ),
        }],
    }
}

fn push(out: &mut Vec<Violation>, check: u32, path: &str, message: impl Into<String>) {
    out.push(Violation {
        check,
        path: path.to_string(),
        message: message.into(),
    });
}

fn child_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn index_path(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn is_tombstone(map: &Map<String, Value>) -> bool {
    map.get("deleted") == Some(&Value::Bool(true))
}

fn check_into(
    obj: &Value,
    ty: &str,
    embedded: bool,
    omit_internal: bool,
    path: &str,
    out: &mut Vec<Violation>,
) {
    let Some(map) = obj.as_object() else {
        push(
            out,
            27,
            path,
            format!(
                "expected a JSON object of type {ty}, found {}",
                json_kind(obj)
            ),
        );
        return;
    };
    check_id(map, path, out);
    check_type(map, ty, path, out);
    check_timestamps(map, path, out);
    if is_tombstone(map) {
        if embedded {
            push(
                out,
                41,
                path,
                "embedded object is a tombstone (deleted: true)",
            );
        }
        return;
    }
    if !is_known_type(ty) {
        return;
    }
    check_properties(map, ty, path, out);
    check_mandatory(map, ty, omit_internal, path, out);
    check_semantics(map, ty, path, out);
}

/// C21
fn check_id(map: &Map<String, Value>, path: &str, out: &mut Vec<Violation>) {
    let p = child_path(path, "id");
    match map.get("id") {
        None => push(out, 21, &p, "`id` is missing"),
        Some(Value::String(s)) if s.is_empty() => push(out, 21, &p, "`id` is empty"),
        Some(Value::String(s)) if !is_http_url(s) => {
            push(
                out,
                21,
                &p,
                format!("`id` {s:?} is not an absolute http(s) URL"),
            );
        }
        Some(Value::String(_)) => {}
        Some(other) => push(
            out,
            21,
            &p,
            format!("`id` must be a URL string, found {}", json_kind(other)),
        ),
    }
}

/// C22
fn check_type(map: &Map<String, Value>, ty: &str, path: &str, out: &mut Vec<Violation>) {
    let p = child_path(path, "type");
    if !is_known_type(ty) {
        push(out, 22, &p, format!("unknown expected OParl type {ty:?}"));
        return;
    }
    let expected = type_uri(ty);
    match map.get("type") {
        None => push(
            out,
            22,
            &p,
            format!("`type` is missing (expected {expected})"),
        ),
        Some(Value::String(s)) if *s == expected => {}
        Some(Value::String(s)) => {
            push(
                out,
                22,
                &p,
                format!("`type` is {s:?}, expected {expected:?}"),
            );
        }
        Some(other) => push(
            out,
            22,
            &p,
            format!("`type` must be a string, found {}", json_kind(other)),
        ),
    }
}

/// C23
fn check_timestamps(map: &Map<String, Value>, path: &str, out: &mut Vec<Violation>) {
    let mut instant = |key: &str| -> Option<i64> {
        let p = child_path(path, key);
        match map.get(key) {
            None => {
                push(out, 23, &p, format!("`{key}` is missing"));
                None
            }
            Some(Value::String(s)) => {
                let parsed = parse_oparl_datetime(s);
                if parsed.is_none() {
                    push(
                        out,
                        23,
                        &p,
                        format!(
                            "`{key}` {s:?} is not an OParl date-time (yyyy-mm-ddThh:mm:ss±hh:mm)"
                        ),
                    );
                }
                parsed
            }
            Some(other) => {
                push(
                    out,
                    23,
                    &p,
                    format!(
                        "`{key}` must be a date-time string, found {}",
                        json_kind(other)
                    ),
                );
                None
            }
        }
    };
    let created = instant("created");
    let modified = instant("modified");
    if let (Some(c), Some(m)) = (created, modified)
        && m < c
    {
        push(
            out,
            23,
            &child_path(path, "modified"),
            "`modified` is earlier than `created`",
        );
    }
}

/// C24, C27, C28, C29 and recursion into embedded objects (C40/C41 via the children).
fn check_properties(map: &Map<String, Value>, ty: &str, path: &str, out: &mut Vec<Violation>) {
    for (key, value) in map {
        if key.contains(':') {
            continue; // vendor extension
        }
        let p = child_path(path, key);
        let Some(kind) = property_kind(ty, key) else {
            push(
                out,
                29,
                &p,
                format!("property `{key}` is not defined for {ty} and has no vendor prefix"),
            );
            continue;
        };
        if value.is_null() {
            push(out, 28, &p, "value is null (omit the property instead)");
            continue;
        }
        if matches!(key.as_str(), "id" | "type" | "created" | "modified") {
            continue; // C21–C23
        }
        check_value(ty, kind, value, is_mandatory(ty, key), &p, out);
    }
}

fn check_value(
    parent: &str,
    kind: Kind,
    value: &Value,
    mandatory: bool,
    path: &str,
    out: &mut Vec<Violation>,
) {
    match kind {
        Kind::Str => {
            check_string(value, mandatory, path, out);
        }
        Kind::Url => {
            if let Some(s) = check_string(value, mandatory, path, out)
                && !is_absolute_url(s)
            {
                push(out, 27, path, format!("{s:?} is not an absolute URL"));
            }
        }
        Kind::Ref(_) | Kind::List(_) => {
            if let Some(s) = check_string(value, mandatory, path, out)
                && !is_http_url(s)
            {
                push(
                    out,
                    27,
                    path,
                    format!("{s:?} is not an absolute http(s) URL"),
                );
            }
        }
        Kind::Date => {
            if let Some(s) = check_string(value, mandatory, path, out)
                && !is_oparl_date(s)
            {
                push(
                    out,
                    24,
                    path,
                    format!("{s:?} is not an OParl date (yyyy-mm-dd)"),
                );
            }
        }
        Kind::DateTime => {
            if let Some(s) = check_string(value, mandatory, path, out)
                && !is_oparl_datetime(s)
            {
                push(
                    out,
                    24,
                    path,
                    format!("{s:?} is not an OParl date-time (yyyy-mm-ddThh:mm:ss±hh:mm)"),
                );
            }
        }
        Kind::Bool => {
            if !value.is_boolean() {
                push(
                    out,
                    27,
                    path,
                    format!("expected a boolean, found {}", json_kind(value)),
                );
            }
        }
        Kind::Int => {
            if !(value.is_i64() || value.is_u64()) {
                push(out, 27, path, format!("expected an integer, found {value}"));
            }
        }
        Kind::Object => {
            if !value.is_object() {
                push(
                    out,
                    27,
                    path,
                    format!("expected an object, found {}", json_kind(value)),
                );
            }
        }
        Kind::StrArray | Kind::UrlArray | Kind::RefArray(_) => {
            let element = match kind {
                Kind::StrArray => Kind::Str,
                Kind::UrlArray => Kind::Url,
                _ => Kind::Ref(""),
            };
            for (i, item) in check_array(value, mandatory, path, out).iter().enumerate() {
                let ip = index_path(path, i);
                if item.is_null() {
                    push(out, 28, &ip, "null inside an array");
                } else {
                    check_value(parent, element, item, false, &ip, out);
                }
            }
        }
        Kind::Embedded(child) => {
            if value.is_object() {
                check_embedded(parent, child, value, path, out);
            } else {
                push(
                    out,
                    27,
                    path,
                    format!(
                        "expected an embedded {child} object, found {}",
                        json_kind(value)
                    ),
                );
            }
        }
        Kind::EmbeddedArray(child) => {
            for (i, item) in check_array(value, mandatory, path, out).iter().enumerate() {
                let ip = index_path(path, i);
                if item.is_null() {
                    push(out, 28, &ip, "null inside an array");
                } else if item.is_object() {
                    check_embedded(parent, child, item, &ip, out);
                } else {
                    push(
                        out,
                        27,
                        &ip,
                        format!(
                            "expected an embedded {child} object, found {}",
                            json_kind(item)
                        ),
                    );
                }
            }
        }
    }
}

/// C27 (is a string) and C28 (non-mandatory `""`); returns the non-empty string.
/// An empty mandatory string is reported by [`check_mandatory`].
fn check_string<'v>(
    value: &'v Value,
    mandatory: bool,
    path: &str,
    out: &mut Vec<Violation>,
) -> Option<&'v str> {
    match value.as_str() {
        None => {
            push(
                out,
                27,
                path,
                format!("expected a string, found {}", json_kind(value)),
            );
            None
        }
        Some("") => {
            if !mandatory {
                push(out, 28, path, "empty string (omit the property instead)");
            }
            None
        }
        Some(s) => Some(s),
    }
}

/// C27 (is an array) and C28 (non-mandatory `[]`); returns the elements.
fn check_array<'v>(
    value: &'v Value,
    mandatory: bool,
    path: &str,
    out: &mut Vec<Violation>,
) -> &'v [Value] {
    match value.as_array() {
        None => {
            push(
                out,
                27,
                path,
                format!("expected an array, found {}", json_kind(value)),
            );
            &[]
        }
        Some(items) => {
            if items.is_empty() && !mandatory {
                push(out, 28, path, "empty array (omit the property instead)");
            }
            items
        }
    }
}

/// C40 for one embedded child, then the child's own checks (embedded = true).
fn check_embedded(parent: &str, child: &str, value: &Value, path: &str, out: &mut Vec<Violation>) {
    if let Some(map) = value.as_object() {
        for backref in embedded_backrefs(parent, child) {
            if map.contains_key(*backref) {
                push(
                    out,
                    40,
                    &child_path(path, backref),
                    format!("{child} embedded in {parent} carries the back-reference `{backref}`"),
                );
            }
        }
    }
    check_into(value, child, true, false, path, out);
}

/// C25/C26: mandatory properties present, not null, not `""`.
fn check_mandatory(
    map: &Map<String, Value>,
    ty: &str,
    omit_internal: bool,
    path: &str,
    out: &mut Vec<Violation>,
) {
    for &(name, check) in required(ty) {
        let p = child_path(path, name);
        match map.get(name) {
            None if omit_internal && ty == "Body" && name == "legislativeTerm" => {}
            None => push(
                out,
                check,
                &p,
                format!("mandatory property `{name}` of {ty} is missing"),
            ),
            Some(Value::Null) => {
                push(
                    out,
                    check,
                    &p,
                    format!("mandatory property `{name}` of {ty} is null"),
                );
            }
            Some(Value::String(s)) if s.is_empty() => {
                push(
                    out,
                    check,
                    &p,
                    format!("mandatory property `{name}` of {ty} is empty"),
                );
            }
            Some(_) => {}
        }
    }
}

/// C31–C36.
fn check_semantics(map: &Map<String, Value>, ty: &str, path: &str, out: &mut Vec<Violation>) {
    let text = |key: &str| map.get(key).and_then(Value::as_str);

    // C31: periods are sane.
    if property_kind(ty, "startDate") == Some(Kind::Date)
        && let (Some(start), Some(end)) = (text("startDate"), text("endDate"))
        && is_oparl_date(start)
        && is_oparl_date(end)
        && start > end
    {
        push(
            out,
            31,
            &child_path(path, "endDate"),
            format!("endDate {end} is before startDate {start}"),
        );
    }
    if property_kind(ty, "start") == Some(Kind::DateTime)
        && let (Some(start), Some(end)) = (text("start"), text("end"))
        && let (Some(s), Some(e)) = (parse_oparl_datetime(start), parse_oparl_datetime(end))
        && s > e
    {
        push(
            out,
            31,
            &child_path(path, "end"),
            format!("end {end} is before start {start}"),
        );
    }

    match ty {
        "Person" => {
            // C32
            if let Some(gender) = text("gender")
                && gender.chars().any(char::is_uppercase)
            {
                push(
                    out,
                    32,
                    &child_path(path, "gender"),
                    format!("gender {gender:?} is not lower-case"),
                );
            }
            // C33
            if let Some(object) = map.get("locationObject").and_then(Value::as_object) {
                let object_id = object.get("id").and_then(Value::as_str);
                let p = child_path(path, "location");
                match text("location") {
                    None => push(
                        out,
                        33,
                        &p,
                        "`locationObject` is present but `location` is not",
                    ),
                    Some(location) if Some(location) != object_id => push(
                        out,
                        33,
                        &p,
                        format!(
                            "`location` {location:?} differs from `locationObject.id` {object_id:?}"
                        ),
                    ),
                    Some(_) => {}
                }
            }
        }
        "Location" => {
            // C34
            if let Some(geojson) = map.get("geojson") {
                check_geojson(geojson, &child_path(path, "geojson"), out);
            }
        }
        "Body" => {
            // C35
            for (key, len) in [("ags", 8), ("rgs", 12)] {
                if let Some(code) = text(key)
                    && !(code.len() == len && code.bytes().all(|b| b.is_ascii_digit()))
                {
                    push(
                        out,
                        35,
                        &child_path(path, key),
                        format!("{key} {code:?} is not a string of {len} digits"),
                    );
                }
            }
        }
        "Meeting" => {
            // C36
            if let Some(items) = map.get("agendaItem").and_then(Value::as_array) {
                for (i, item) in items.iter().enumerate() {
                    if let Some(order) = item.get("order").and_then(Value::as_i64)
                        && i64::try_from(i).ok() != Some(order)
                    {
                        push(
                            out,
                            36,
                            &child_path(&index_path(&child_path(path, "agendaItem"), i), "order"),
                            format!(
                                "order is {order}, expected {i} (0-based position in agendaItem)"
                            ),
                        );
                    }
                }
            }
        }
        _ => {}
    }
}

const GERMAN_LON: RangeInclusive<f64> = 5.5..=15.5;
const GERMAN_LAT: RangeInclusive<f64> = 47.0..=55.5;

/// C34: a GeoJSON Feature with a geometry whose positions are German `[lon, lat]`.
fn check_geojson(geojson: &Value, path: &str, out: &mut Vec<Violation>) {
    let Some(map) = geojson.as_object() else {
        return; // C27 already reported
    };
    let geometry = match map.get("type").and_then(Value::as_str) {
        Some("Feature") => match map.get("geometry") {
            Some(g) if g.is_object() => Some((g, child_path(path, "geometry"))),
            _ => {
                push(out, 34, path, "GeoJSON Feature lacks a `geometry` object");
                None
            }
        },
        other => {
            push(
                out,
                34,
                &child_path(path, "type"),
                format!(
                    "geojson must be a GeoJSON Feature, found type {}",
                    other.map_or_else(|| "(none)".to_string(), |t| format!("{t:?}"))
                ),
            );
            // A bare geometry: still check its coordinates.
            (map.contains_key("coordinates") || map.contains_key("geometries"))
                .then(|| (geojson, path.to_string()))
        }
    };
    if let Some((g, gp)) = geometry {
        check_geometry(g, &gp, out);
    }
}

fn check_geometry(geometry: &Value, path: &str, out: &mut Vec<Violation>) {
    if geometry.get("type").and_then(Value::as_str) == Some("GeometryCollection") {
        let gp = child_path(path, "geometries");
        match geometry.get("geometries").and_then(Value::as_array) {
            Some(parts) => {
                for (i, part) in parts.iter().enumerate() {
                    check_geometry(part, &index_path(&gp, i), out);
                }
            }
            None => push(
                out,
                34,
                &gp,
                "GeometryCollection lacks a `geometries` array",
            ),
        }
        return;
    }
    let cp = child_path(path, "coordinates");
    match geometry.get("coordinates") {
        Some(coordinates) => {
            if let Err(message) = check_positions(coordinates) {
                push(out, 34, &cp, message);
            }
        }
        None => push(out, 34, &cp, "geometry lacks `coordinates`"),
    }
}

/// Walks (nested) coordinate arrays; stops at the first bad position.
fn check_positions(coordinates: &Value) -> Result<(), String> {
    let Some(items) = coordinates.as_array() else {
        return Err(format!("coordinates must be arrays, found {coordinates}"));
    };
    if items.is_empty() {
        return Err("empty coordinates array".to_string());
    }
    if items.first().is_some_and(Value::is_number) {
        let lon = items.first().and_then(Value::as_f64);
        let lat = items.get(1).and_then(Value::as_f64);
        let (Some(lon), Some(lat)) = (lon, lat) else {
            return Err(format!(
                "position {coordinates} needs two numbers [lon, lat]"
            ));
        };
        if GERMAN_LON.contains(&lon) && GERMAN_LAT.contains(&lat) {
            return Ok(());
        }
        let hint = if GERMAN_LAT.contains(&lon) && GERMAN_LON.contains(&lat) {
            " (looks like [lat, lon]; GeoJSON wants [lon, lat])"
        } else {
            ""
        };
        return Err(format!(
            "position [{lon}, {lat}] is not a [lon, lat] inside Germany{hint}"
        ));
    }
    items.iter().try_for_each(check_positions)
}

// ---------------------------------------------------------------------------------------------
// List pages (C44–C48)
// ---------------------------------------------------------------------------------------------

/// Checks one page of an external list of `expected_type` objects fetched from `url`, including
/// [`check_object`] on every entry (paths `"<url>#data[i]…"`).
pub fn check_page(page: &Value, expected_type: &str, url: &str) -> Vec<Violation> {
    let mut out = Vec::new();
    let at = |key: &str| format!("{url}#{key}");
    let Some(map) = page.as_object() else {
        push(
            &mut out,
            44,
            url,
            format!("list page must be a JSON object, found {}", json_kind(page)),
        );
        return out;
    };
    let data = page_member(map, "data", true, url, &mut out).and_then(Value::as_array);
    let pagination =
        page_member(map, "pagination", false, url, &mut out).and_then(Value::as_object);
    let links = page_member(map, "links", false, url, &mut out).and_then(Value::as_object);

    for (i, entry) in data.into_iter().flatten().enumerate() {
        let p = at(&format!("data[{i}]"));
        if entry.is_object() {
            out.extend(check_object(entry, expected_type, false, &p));
        } else {
            push(
                &mut out,
                45,
                &p,
                format!(
                    "list entry must be a full {expected_type} object, found {}",
                    json_kind(entry)
                ),
            );
        }
    }

    if let Some(links) = links {
        match links.get("next") {
            None => {}
            Some(Value::String(next)) if next == url => {
                push(
                    &mut out,
                    46,
                    &at("links.next"),
                    "links.next points to the page itself",
                );
            }
            Some(Value::String(next)) if !is_http_url(next) => push(
                &mut out,
                46,
                &at("links.next"),
                format!("links.next {next:?} is not an absolute http(s) URL"),
            ),
            Some(Value::String(_)) => {}
            Some(other) => push(
                &mut out,
                46,
                &at("links.next"),
                format!(
                    "links.next must be a string (omit it on the last page), found {}",
                    json_kind(other)
                ),
            ),
        }
        match links.get("self") {
            None => {}
            Some(Value::String(own)) if own == url => {}
            Some(other) => push(
                &mut out,
                47,
                &at("links.self"),
                format!("links.self is {other}, expected the requested URL {url:?}"),
            ),
        }
    }

    if let Some(per_page) = pagination.and_then(|p| p.get("elementsPerPage")) {
        match per_page.as_u64() {
            None => push(
                &mut out,
                48,
                &at("pagination.elementsPerPage"),
                format!("elementsPerPage must be a non-negative integer, found {per_page}"),
            ),
            Some(n) => {
                let len = data.map_or(0, Vec::len);
                if u64::try_from(len).is_ok_and(|len| len > n) {
                    push(
                        &mut out,
                        48,
                        &at("pagination.elementsPerPage"),
                        format!("page has {len} entries, more than elementsPerPage {n}"),
                    );
                }
            }
        }
    }
    out
}

/// C44: `key` is present and an array (`want_array`) or an object.
fn page_member<'a>(
    map: &'a Map<String, Value>,
    key: &str,
    want_array: bool,
    url: &str,
    out: &mut Vec<Violation>,
) -> Option<&'a Value> {
    let found = map.get(key);
    let ok = found.is_some_and(|v| {
        if want_array {
            v.is_array()
        } else {
            v.is_object()
        }
    });
    if !ok {
        let want = if want_array { "an array" } else { "an object" };
        let message = match found {
            None => format!("`{key}` is missing (must be {want})"),
            Some(v) => format!("`{key}` must be {want}, found {}", json_kind(v)),
        };
        push(out, 44, &format!("{url}#{key}"), message);
    }
    found.filter(|_| ok)
}

// ---------------------------------------------------------------------------------------------
// Extraction for the crawler
// ---------------------------------------------------------------------------------------------

/// Every embedded object inside `obj` (recursively, depth first, in table order) with its type.
pub fn embedded_objects(obj: &Value, expected_type: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    collect_embedded(obj, expected_type, &mut out);
    out
}

fn collect_embedded(obj: &Value, ty: &str, out: &mut Vec<(String, Value)>) {
    for_each_embedded(obj, ty, &mut |child, value| {
        out.push((child.to_string(), value.clone()));
        collect_embedded(value, child, out);
    });
}

/// Calls `f(type, object)` for each directly embedded object of `obj`.
fn for_each_embedded(obj: &Value, ty: &str, f: &mut dyn FnMut(&'static str, &Value)) {
    let Some(map) = obj.as_object() else {
        return;
    };
    for &(name, kind) in properties(ty) {
        let Some(value) = map.get(name) else {
            continue;
        };
        match kind {
            Kind::Embedded(child) if value.is_object() => f(child, value),
            Kind::EmbeddedArray(child) => {
                for item in value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|v| v.is_object())
                {
                    f(child, item);
                }
            }
            _ => {}
        }
    }
}

/// Every URL in a reference property (`Ref`/`RefArray`) of `obj` and of its embedded objects,
/// with the target type. List URLs and external URLs are not included.
pub fn reference_urls(obj: &Value, expected_type: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect_references(obj, expected_type, &mut out);
    out
}

fn collect_references(obj: &Value, ty: &str, out: &mut Vec<(String, String)>) {
    let Some(map) = obj.as_object() else {
        return;
    };
    for &(name, kind) in properties(ty) {
        let Some(value) = map.get(name) else {
            continue;
        };
        let (target, urls): (&str, Vec<&Value>) = match kind {
            Kind::Ref(target) => (target, vec![value]),
            Kind::RefArray(target) => (target, value.as_array().into_iter().flatten().collect()),
            _ => continue,
        };
        for url in urls
            .into_iter()
            .filter_map(Value::as_str)
            .filter(|s| !s.is_empty())
        {
            out.push((target.to_string(), url.to_string()));
        }
    }
    for_each_embedded(obj, ty, &mut |child, value| {
        collect_references(value, child, out)
    });
}

/// Every external-list URL (`List` properties, e.g. `System.body`, `Body.paper`,
/// `Organization.meeting`) of `obj`, with the type of the listed objects.
pub fn list_urls(obj: &Value, expected_type: &str) -> Vec<(String, String)> {
    let Some(map) = obj.as_object() else {
        return Vec::new();
    };
    properties(expected_type)
        .iter()
        .filter_map(
            |&(name, kind)| match (kind, map.get(name).and_then(Value::as_str)) {
                (Kind::List(target), Some(url)) if !url.is_empty() => {
                    Some((target.to_string(), url.to_string()))
                }
                _ => None,
            },
        )
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    //! Fixtures marked "from the spec example" are derived from the example objects of the
    //! OParl specification (`OParl/spec`, tag v1.1, `examples/*.json`; "OParl-Spezifikation,
    //! OParl contributors", CC BY-SA 4.0), trimmed and, for the valid fixtures, corrected.

    use super::*;
    use serde_json::json;

    const T: &str = "2014-01-08T14:28:31+01:00";
    const T_LATER: &str = "2014-02-08T14:28:31+01:00";

    fn checks(violations: &[Violation]) -> Vec<u32> {
        let mut found: Vec<u32> = violations.iter().map(|v| v.check).collect();
        found.sort_unstable();
        found
    }

    fn has(violations: &[Violation], check: u32) -> bool {
        violations.iter().any(|v| v.check == check)
    }

    fn has_at(violations: &[Violation], check: u32, path: &str) -> bool {
        violations
            .iter()
            .any(|v| v.check == check && v.path == path)
    }

    fn assert_clean(violations: &[Violation]) {
        assert!(
            violations.is_empty(),
            "unexpected violations: {violations:#?}"
        );
    }

    fn without(mut value: Value, key: &str) -> Value {
        if let Some(map) = value.as_object_mut() {
            map.remove(key);
        }
        value
    }

    fn with(mut value: Value, key: &str, new: Value) -> Value {
        if let Some(map) = value.as_object_mut() {
            map.insert(key.to_string(), new);
        }
        value
    }

    fn tombstone(ty: &str, id: &str) -> Value {
        json!({"id": id, "type": type_uri(ty), "created": T, "modified": T_LATER, "deleted": true})
    }

    fn minimal(ty: &str, id: &str) -> Value {
        json!({"id": id, "type": type_uri(ty), "created": T, "modified": T})
    }

    // --- valid fixtures (from the spec examples, corrected) ------------------------------------

    fn system() -> Value {
        json!({
            "id": "https://oparl.example.org/",
            "type": "https://schema.oparl.org/1.1/System",
            "oparlVersion": "https://schema.oparl.org/1.1/",
            "body": "https://oparl.example.org/bodies",
            "name": "Beispiel-System",
            "contactEmail": "info@example.org",
            "contactName": "Allgemeiner OParl Kontakt",
            "website": "http://www.example.org/",
            "vendor": "http://example-software.com/",
            "product": "http://example-software.com/oparl-server/",
            "otherOparlVersions": ["https://oparl2.example.org/"],
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "created": "2011-11-11T11:11:00+01:00",
            "modified": "2012-11-11T11:11:00+01:00"
        })
    }

    fn location() -> Value {
        json!({
            "id": "https://oparl.example.org/location/0",
            "type": "https://schema.oparl.org/1.1/Location",
            "description": "Rathaus der Beispielstadt, Ratshausplatz 1, 12345 Beispielstadt",
            "created": "2014-01-08T14:28:31+01:00",
            "modified": "2014-01-08T14:28:31+01:00",
            "geojson": {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [6.9578, 50.9413]},
                "properties": {"name": "Rathausplatz"}
            }
        })
    }

    fn body() -> Value {
        json!({
            "id": "https://oparl.example.org/body/0",
            "type": "https://schema.oparl.org/1.1/Body",
            "system": "https://oparl.example.org/",
            "contactEmail": "ris@beispielstadt.de",
            "contactName": "RIS-Betreuung",
            "ags": "05315000",
            "rgs": "053150000000",
            "equivalent": ["http://d-nb.info/gnd/2015732-0", "http://dbpedia.org/resource/Cologne"],
            "shortName": "Köln",
            "name": "Stadt Köln, kreisfreie Stadt",
            "website": "http://www.beispielstadt.de/",
            "license": "http://creativecommons.org/licenses/by/4.0/",
            "licenseValidSince": "2014-01-01T00:00:00+02:00",
            "oparlSince": "2014-01-01T00:00:00+02:00",
            "organization": "https://oparl.example.org/body/0/organizations/",
            "person": "https://oparl.example.org/body/0/persons/",
            "meeting": "https://oparl.example.org/body/0/meetings/",
            "paper": "https://oparl.example.org/body/0/papers/",
            "agendaItem": "https://oparl.example.org/body/0/agendaItems/",
            "consultation": "https://oparl.example.org/body/0/consultations/",
            "file": "https://oparl.example.org/body/0/files/",
            "locationList": "https://oparl.example.org/body/0/locations/",
            "legislativeTermList": "https://oparl.example.org/body/0/legislativeTerms/",
            "membership": "https://oparl.example.org/body/0/memberships/",
            "legislativeTerm": [{
                "id": "https://oparl.example.org/term/21",
                "type": "https://schema.oparl.org/1.1/LegislativeTerm",
                "name": "21. Wahlperiode",
                "startDate": "2010-12-03",
                "endDate": "2013-12-03",
                "created": "2014-01-08T14:28:31+01:00",
                "modified": "2014-01-08T14:28:31+01:00"
            }],
            "location": location(),
            "classification": "Kreisfreie Stadt",
            "created": "2014-01-08T14:28:31+01:00",
            "modified": "2014-01-08T14:28:31+01:00"
        })
    }

    fn organization() -> Value {
        json!({
            "id": "https://oparl.example.org/organization/34",
            "type": "https://schema.oparl.org/1.1/Organization",
            "body": "https://oparl.example.org/body/0",
            "name": "Ausschuss für Haushalt und Finanzen",
            "shortName": "Finanzausschuss",
            "startDate": "2012-07-17",
            "organizationType": "Gremium",
            "location": location(),
            "post": ["Vorsitzender", "1. Stellvertreter", "Mitglied"],
            "meeting": "https://oparl.example.org/organization/34/meetings",
            "consultation": "https://oparl.example.org/organization/34/consultations",
            "subOrganizationOf": "https://oparl.example.org/organization/1",
            "membership": [
                "https://oparl.example.org/membership/27",
                "https://oparl.example.org/membership/48"
            ],
            "classification": "Ausschuss",
            "keyword": ["finanzen", "haushalt"],
            "created": "2012-07-16T00:00:00+02:00",
            "modified": "2012-08-16T12:34:56+02:00"
        })
    }

    fn person() -> Value {
        json!({
            "id": "https://oparl.example.org/person/29",
            "type": "https://schema.oparl.org/1.1/Person",
            "body": "https://oparl.example.org/body/0",
            "name": "Prof. Dr. Max Mustermann",
            "familyName": "Mustermann",
            "givenName": "Max",
            "title": ["Prof.", "Dr."],
            "formOfAddress": "Ratsfrau",
            "gender": "male",
            "email": ["max@mustermann.de"],
            "phone": ["+493012345678"],
            "status": ["Bezirksbürgermeister"],
            "location": "https://oparl.example.org/location/0",
            "locationObject": location(),
            "membership": [{
                "id": "https://oparl.example.org/memberships/385",
                "type": "https://schema.oparl.org/1.1/Membership",
                "organization": "https://oparl.example.org/organizations/5",
                "onBehalfOf": "https://oparl.example.org/organizations/7",
                "role": "Vorsitzende",
                "votingRight": true,
                "startDate": "2013-12-03",
                "created": "2011-11-11T11:11:00+01:00",
                "modified": "2012-08-16T14:05:27+02:00"
            }],
            "created": "2011-11-11T11:11:00+01:00",
            "modified": "2012-08-16T14:05:27+02:00"
        })
    }

    fn file(id: &str) -> Value {
        json!({
            "id": id,
            "type": "https://schema.oparl.org/1.1/File",
            "name": "Anlage 1 zur Anfrage",
            "fileName": "anlage_1_zur_anfrage.pdf",
            "mimeType": "application/pdf",
            "date": "2013-01-04",
            "size": 82930,
            "sha512Checksum": "00ff",
            "accessUrl": format!("{id}.pdf"),
            "downloadUrl": format!("{id}/download"),
            "fileLicense": "http://www.opendefinition.org/licenses/cc-by",
            "created": "2013-01-04T07:54:13+01:00",
            "modified": "2013-01-04T07:54:13+01:00"
        })
    }

    fn agenda_item(order: i64) -> Value {
        json!({
            "id": format!("https://oparl.example.org/agendaitem/{}", 3271 + order),
            "type": "https://schema.oparl.org/1.1/AgendaItem",
            "number": format!("10.{}", order + 1),
            "order": order,
            "name": "Satzungsänderung für Ausschreibungen",
            "public": true,
            "consultation": "https://oparl.example.org/consultation/1034",
            "result": "Geändert beschlossen",
            "resolutionText": "Der Beschluss weicht wie folgt vom Antrag ab: ...",
            "created": "2012-01-06T12:01:00+01:00",
            "modified": "2012-01-08T14:05:27+01:00"
        })
    }

    fn meeting() -> Value {
        json!({
            "id": "https://oparl.example.org/meeting/281",
            "type": "https://schema.oparl.org/1.1/Meeting",
            "name": "4. Sitzung des Finanzausschusses",
            "start": "2013-01-04T08:00:00+01:00",
            "end": "2013-01-04T12:00:00+01:00",
            "location": location(),
            "organization": ["https://oparl.example.org/organization/34"],
            "participant": ["https://oparl.example.org/person/29"],
            "invitation": file("https://oparl.example.org/files/1"),
            "resultsProtocol": file("https://oparl.example.org/files/2"),
            "verbatimProtocol": file("https://oparl.example.org/files/3"),
            "auxiliaryFile": [file("https://oparl.example.org/files/4")],
            "agendaItem": [agenda_item(0), with(agenda_item(1), "resolutionFile", file("https://oparl.example.org/files/5"))],
            "created": "2012-01-06T12:01:00+01:00",
            "modified": "2012-01-08T14:05:27+01:00"
        })
    }

    fn paper() -> Value {
        json!({
            "id": "https://oparl.example.org/paper/749",
            "type": "https://schema.oparl.org/1.1/Paper",
            "body": "https://oparl.example.org/body/0",
            "name": "Antwort auf Anfrage 1200/2014",
            "reference": "1234/2014",
            "date": "2014-04-04",
            "paperType": "Beantwortung einer Anfrage",
            "relatedPaper": ["https://oparl.example.org/paper/699"],
            "mainFile": file("https://oparl.example.org/files/57737"),
            "auxiliaryFile": [with(
                file("https://oparl.example.org/files/57739"),
                "masterFile",
                json!("https://oparl.example.org/files/57738")
            )],
            "location": [{
                "id": "https://oparl.example.org/locations/29856",
                "type": "https://schema.oparl.org/1.1/Location",
                "description": "Honschaftsstraße 312, Köln",
                "created": "2012-01-08T14:05:27+01:00",
                "modified": "2012-01-08T14:05:27+01:00",
                "geojson": {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [7.03291, 50.98249]}
                }
            }],
            "originatorPerson": ["https://oparl.example.org/person/2000"],
            "originatorOrganization": ["https://oparl.example.org/organization/2000"],
            "consultation": [{
                "id": "https://oparl.example.org/consultation/47594",
                "type": "https://schema.oparl.org/1.1/Consultation",
                "agendaItem": "https://oparl.example.org/agendaitem/15569",
                "meeting": "https://oparl.example.org/meeting/243",
                "organization": ["https://oparl.example.org/organization/96"],
                "authoritative": false,
                "role": "Beschlussfassung",
                "created": "2012-01-08T14:05:27+01:00",
                "modified": "2012-01-08T14:05:27+01:00"
            }],
            "underDirectionOf": ["https://oparl.example.org/organization/2001"],
            "created": "2013-01-08T12:05:27+01:00",
            "modified": "2013-01-08T12:05:27+01:00"
        })
    }

    // --- table consistency -----------------------------------------------------------------

    #[test]
    fn table_covers_all_types_and_targets_are_known() {
        for ty in OBJECT_TYPES {
            assert!(!properties(ty).is_empty(), "{ty} has no properties");
            assert_eq!(property_kind(ty, "id"), Some(Kind::Url));
            for &(name, kind) in properties(ty) {
                assert!(!name.contains(':'), "{ty}.{name}");
                if let Kind::Ref(t)
                | Kind::RefArray(t)
                | Kind::Embedded(t)
                | Kind::EmbeddedArray(t)
                | Kind::List(t) = kind
                {
                    assert!(OBJECT_TYPES.contains(&t), "{ty}.{name} targets unknown {t}");
                }
            }
        }
        assert!(properties("Error").is_empty());
        assert_eq!(property_kind("Error", "id"), None);
        assert_eq!(property_kind("System", "keyword"), None);
        assert_eq!(property_kind("Paper", "keyword"), Some(Kind::StrArray));
        assert_eq!(
            property_kind("Meeting", "location"),
            Some(Kind::Embedded("Location"))
        );
        assert_eq!(
            property_kind("Person", "location"),
            Some(Kind::Ref("Location"))
        );
        assert_eq!(type_uri("Paper"), "https://schema.oparl.org/1.1/Paper");
    }

    #[test]
    fn violation_display() {
        let v = Violation {
            check: 23,
            path: "x.created".into(),
            message: "bad".into(),
        };
        assert_eq!(v.to_string(), "C23 at x.created: bad");
    }

    // --- dates and URLs ----------------------------------------------------------------------

    #[test]
    fn datetime_format() {
        for ok in [
            "1969-07-21T02:56:00+00:00",
            "2014-01-08T14:28:31+01:00",
            "2024-02-29T23:59:59-05:30",
        ] {
            assert!(is_oparl_datetime(ok), "{ok}");
        }
        for bad in [
            "",
            "1969-07-21T02:56:00Z",
            "1969-07-21T02:56:00.5+00:00",
            "1969-07-21 02:56:00+00:00",
            "1969-07-21T02:56+00:00",
            "1969-07-21T02:56:00+0000",
            "1969-13-21T02:56:00+00:00",
            "1969-00-21T02:56:00+00:00",
            "1969-07-32T02:56:00+00:00",
            "1969-07-00T02:56:00+00:00",
            "2023-02-29T00:00:00+00:00",
            "1969-07-21T24:00:00+00:00",
            "1969-07-21T02:60:00+00:00",
            "1969-07-21T02:56:60+00:00",
            "1969-07-21T02:56:00+01:60",
            "1969-07-21T02:56:00*01:00",
            "1969-07-21t02:56:00+00:00",
            "19690-7-21T02:56:00+00:00",
            "1969-07-21T02:56:00+00:00 ",
            "1969-07-2äT02:56:00+00:00",
        ] {
            assert!(!is_oparl_datetime(bad), "{bad}");
        }
    }

    #[test]
    fn datetime_instants() {
        assert_eq!(parse_oparl_datetime("1970-01-01T00:00:00+00:00"), Some(0));
        assert_eq!(parse_oparl_datetime("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_oparl_datetime("1969-12-31T23:00:00-01:00"), Some(0));
        assert_eq!(
            parse_oparl_datetime("2000-03-01T00:00:00+00:00"),
            Some(951_868_800)
        );
        assert_eq!(
            parse_oparl_datetime("2014-01-08T14:28:31+01:00"),
            parse_oparl_datetime("2014-01-08T13:28:31+00:00")
        );
        assert_eq!(parse_oparl_datetime("2014-01-08T13:28:31Z"), None);
    }

    #[test]
    fn date_format() {
        for ok in ["1969-07-21", "2024-02-29", "2000-02-29", "2013-12-31"] {
            assert!(is_oparl_date(ok), "{ok}");
        }
        for bad in [
            "",
            "1969-7-21",
            "1969-07-21T00:00:00+00:00",
            "21.07.1969",
            "1969-13-01",
            "1969-04-31",
            "1900-02-29",
            "1969/07/21",
            "+969-07-21",
        ] {
            assert!(!is_oparl_date(bad), "{bad}");
        }
    }

    #[test]
    fn http_urls() {
        assert!(is_http_url("https://oparl.example.org/body/0"));
        assert!(is_http_url("http://localhost:8080"));
        assert!(is_http_url("HTTPS://example.org?x=1"));
        for bad in [
            "",
            "/body/0",
            "body/0",
            "https://",
            "https:///x",
            "https://:80/x",
            "ftp://example.org/",
            "https://exa mple.org/",
            "mailto:x@example.org",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
        assert!(is_absolute_url("mailto:x@example.org"));
        assert!(is_absolute_url("urn:isbn:123"));
        assert!(!is_absolute_url("www.example.org"));
        assert!(!is_absolute_url("https:/x"));
        assert!(!is_absolute_url("1http://x"));
    }

    // --- whole fixtures ------------------------------------------------------------------------

    #[test]
    fn valid_fixtures_pass() {
        assert_clean(&check_object(&system(), "System", false, "system"));
        assert_clean(&check_object(&body(), "Body", false, "body"));
        assert_clean(&check_object(&organization(), "Organization", false, "o"));
        assert_clean(&check_object(&person(), "Person", false, "p"));
        assert_clean(&check_object(&meeting(), "Meeting", false, "m"));
        assert_clean(&check_object(&paper(), "Paper", false, "p"));
        assert_clean(&check_object(&location(), "Location", false, "l"));
        assert_clean(&check_object(
            &file("https://x.example/f/1"),
            "File",
            false,
            "f",
        ));
        let term = with(
            body()["legislativeTerm"][0].clone(),
            "body",
            json!("https://oparl.example.org/body/0"),
        );
        assert_clean(&check_object(&term, "LegislativeTerm", false, "t"));
        assert_clean(&check_standalone_backrefs(&term, "LegislativeTerm", "t"));
    }

    /// The unmodified spec examples have known defects (reference §10); the checks find them.
    #[test]
    fn spec_example_defects_are_found() {
        // Body-01.json: no legislativeTermList, LegislativeTerm embedded with `body`, lat/lon.
        let mut body_example = without(body(), "legislativeTermList");
        body_example["legislativeTerm"][0]["body"] = json!("https://oparl.example.org/body/0");
        body_example["location"]["geojson"]["geometry"]["coordinates"] = json!([50.1234, 10.4321]);
        let v = check_object(&body_example, "Body", false, "b");
        assert_eq!(checks(&v), vec![26, 34, 40], "{v:#?}");
        assert!(has_at(&v, 26, "b.legislativeTermList"));
        assert!(has_at(&v, 40, "b.legislativeTerm[0].body"));
        assert!(has_at(&v, 34, "b.location.geojson.geometry.coordinates"));
        assert!(
            v.iter()
                .any(|x| x.check == 34 && x.message.contains("[lat, lon]"))
        );

        // Meeting-01.json: AgendaItem without `order` but with the back-reference `meeting`.
        let mut meeting_example = meeting();
        meeting_example["agendaItem"] = json!([with(
            without(agenda_item(0), "order"),
            "meeting",
            json!("https://oparl.example.org/meeting/281")
        )]);
        let v = check_object(&meeting_example, "Meeting", false, "m");
        assert_eq!(checks(&v), vec![26, 40], "{v:#?}");
        assert!(has_at(&v, 40, "m.agendaItem[0].meeting"));
        assert!(has_at(&v, 26, "m.agendaItem[0].order"));

        // Paper-01.json: Location geojson is a bare Point.
        let mut paper_example = paper();
        paper_example["location"][0]["geojson"] =
            json!({"type": "Point", "coordinates": [7.03291, 50.98249]});
        let v = check_object(&paper_example, "Paper", false, "p");
        assert_eq!(checks(&v), vec![34], "{v:#?}");
        assert!(has_at(&v, 34, "p.location[0].geojson.type"));
    }

    // --- C21 / C22 / C23 -----------------------------------------------------------------------

    #[test]
    fn c21_id() {
        assert!(!has(&check_object(&location(), "Location", false, ""), 21));
        for bad in [json!(null), json!(""), json!("/location/0"), json!(17)] {
            let v = check_object(&with(location(), "id", bad), "Location", false, "l");
            assert!(has_at(&v, 21, "l.id"), "{v:#?}");
        }
        let v = check_object(&without(location(), "id"), "Location", false, "l");
        assert!(has_at(&v, 21, "l.id"));
        // embedded objects too
        let mut m = meeting();
        m["invitation"]["id"] = json!("");
        assert!(has_at(
            &check_object(&m, "Meeting", false, "m"),
            21,
            "m.invitation.id"
        ));
    }

    #[test]
    fn c22_type() {
        assert!(!has(&check_object(&system(), "System", false, "s"), 22));
        let v = check_object(&system(), "Body", false, "s");
        assert!(has_at(&v, 22, "s.type"));
        let old = with(
            system(),
            "type",
            json!("https://schema.oparl.org/1.0/System"),
        );
        assert!(has(&check_object(&old, "System", false, "s"), 22));
        let lower = with(
            system(),
            "type",
            json!("https://schema.oparl.org/1.1/system"),
        );
        assert!(has(&check_object(&lower, "System", false, "s"), 22));
        assert!(has(
            &check_object(&without(system(), "type"), "System", false, "s"),
            22
        ));
        assert!(has(
            &check_object(&with(system(), "type", json!(1)), "System", false, "s"),
            22
        ));
        // context: a File inside Meeting.agendaItem
        let mut m = meeting();
        m["agendaItem"][0]["type"] = json!("https://schema.oparl.org/1.1/File");
        assert!(has_at(
            &check_object(&m, "Meeting", false, "m"),
            22,
            "m.agendaItem[0].type"
        ));
        // unknown expected type
        let v = check_object(&system(), "Error", false, "s");
        assert_eq!(checks(&v), vec![22]);
    }

    #[test]
    fn c23_created_modified() {
        assert!(!has(&check_object(&paper(), "Paper", false, "p"), 23));
        let v = check_object(&without(paper(), "created"), "Paper", false, "p");
        assert!(has_at(&v, 23, "p.created"));
        let mut p = paper();
        p["mainFile"] = without(p["mainFile"].clone(), "modified");
        assert!(has_at(
            &check_object(&p, "Paper", false, "p"),
            23,
            "p.mainFile.modified"
        ));
        let zulu = with(paper(), "modified", json!("2013-01-08T12:05:27Z"));
        assert!(has_at(
            &check_object(&zulu, "Paper", false, "p"),
            23,
            "p.modified"
        ));
        let number = with(paper(), "modified", json!(1_357_643_127));
        assert!(has_at(
            &check_object(&number, "Paper", false, "p"),
            23,
            "p.modified"
        ));
        let earlier = with(paper(), "modified", json!("2013-01-08T12:05:26+01:00"));
        assert!(has_at(
            &check_object(&earlier, "Paper", false, "p"),
            23,
            "p.modified"
        ));
        // compared as instants: 13:30+01:00 (12:30Z) is after 14:00+02:00 (12:00Z)
        let p = with(
            with(paper(), "created", json!("2014-01-08T14:00:00+02:00")),
            "modified",
            json!("2014-01-08T13:30:00+01:00"),
        );
        assert!(!has(&check_object(&p, "Paper", false, "p"), 23));
        let p = with(
            with(paper(), "created", json!("2014-01-08T13:30:00+01:00")),
            "modified",
            json!("2014-01-08T14:00:00+03:00"),
        );
        assert!(has(&check_object(&p, "Paper", false, "p"), 23));
    }

    #[test]
    fn tombstones_only_get_c21_to_c23() {
        let t = tombstone("Body", "https://oparl.example.org/body/9");
        assert_clean(&check_object(&t, "Body", false, "b"));
        let t = with(t, "junk", json!(null));
        assert_clean(&check_object(&t, "Body", false, "b"));
        let t = without(t, "created");
        assert_eq!(checks(&check_object(&t, "Body", false, "b")), vec![23]);
        let t = with(tombstone("Paper", "x"), "type", json!("Paper"));
        assert_eq!(checks(&check_object(&t, "Paper", false, "p")), vec![21, 22]);
        assert_clean(&check_standalone_backrefs(
            &tombstone("Membership", "https://x.example/m/1"),
            "Membership",
            "m",
        ));
    }

    // --- C24 / C25 / C26 -----------------------------------------------------------------------

    #[test]
    fn c24_dates() {
        let mut b = body();
        b["legislativeTerm"][0]["startDate"] = json!("2010-12-03T00:00:00+01:00");
        b["licenseValidSince"] = json!("2014-01-01");
        b["oparlSince"] = json!("2014-01-01T00:00:00Z");
        let v = check_object(&b, "Body", false, "b");
        assert!(has_at(&v, 24, "b.legislativeTerm[0].startDate"));
        assert!(has_at(&v, 24, "b.licenseValidSince"));
        assert!(has_at(&v, 24, "b.oparlSince"));
        let m = with(meeting(), "start", json!("2013-01-04"));
        assert!(has_at(
            &check_object(&m, "Meeting", false, "m"),
            24,
            "m.start"
        ));
        let p = with(paper(), "date", json!("04.04.2014"));
        assert!(has_at(&check_object(&p, "Paper", false, "p"), 24, "p.date"));
        assert!(!has(&check_object(&paper(), "Paper", false, "p"), 24));
        let p = with(paper(), "date", json!(20_140_404));
        assert!(has_at(&check_object(&p, "Paper", false, "p"), 27, "p.date"));
    }

    #[test]
    fn c25_mandatory() {
        let v = check_object(&without(system(), "body"), "System", false, "s");
        assert!(has_at(&v, 25, "s.body"));
        let v = check_object(&without(system(), "oparlVersion"), "System", false, "s");
        assert!(has_at(&v, 25, "s.oparlVersion"));
        for key in [
            "name",
            "organization",
            "person",
            "meeting",
            "paper",
            "legislativeTerm",
        ] {
            let v = check_object(&without(body(), key), "Body", false, "b");
            assert!(has_at(&v, 25, &format!("b.{key}")), "{key}: {v:#?}");
        }
        // omit_internal: legislativeTerm may be absent, the rest stays mandatory
        assert_clean(&check_object_opts(
            &without(body(), "legislativeTerm"),
            "Body",
            false,
            true,
            "b",
        ));
        let v = check_object_opts(&without(body(), "name"), "Body", false, true, "b");
        assert!(has_at(&v, 25, "b.name"));
        // legislativeTerm may be []
        assert_clean(&check_object(
            &with(body(), "legislativeTerm", json!([])),
            "Body",
            false,
            "b",
        ));
        // empty / null mandatory values
        let v = check_object(&with(body(), "name", json!("")), "Body", false, "b");
        assert_eq!(checks(&v), vec![25]);
        let v = check_object(&with(body(), "paper", json!(null)), "Body", false, "b");
        assert!(has_at(&v, 25, "b.paper"));
        // File.accessUrl, also embedded
        let v = check_object(
            &without(file("https://x.example/f/1"), "accessUrl"),
            "File",
            false,
            "f",
        );
        assert!(has_at(&v, 25, "f.accessUrl"));
        let mut p = paper();
        p["auxiliaryFile"][0] = without(p["auxiliaryFile"][0].clone(), "accessUrl");
        assert!(has_at(
            &check_object(&p, "Paper", false, "p"),
            25,
            "p.auxiliaryFile[0].accessUrl"
        ));
    }

    #[test]
    fn c26_body_lists_and_order() {
        for key in [
            "agendaItem",
            "consultation",
            "file",
            "locationList",
            "legislativeTermList",
            "membership",
        ] {
            let v = check_object(&without(body(), key), "Body", false, "b");
            assert_eq!(checks(&v), vec![26], "{key}");
            assert!(has_at(&v, 26, &format!("b.{key}")));
        }
        let item = with(
            agenda_item(0),
            "meeting",
            json!("https://oparl.example.org/meeting/281"),
        );
        assert_clean(&check_object(&item, "AgendaItem", false, "a"));
        let v = check_object(&without(item.clone(), "order"), "AgendaItem", false, "a");
        assert_eq!(checks(&v), vec![26]);
        let v = check_object(
            &with(item.clone(), "order", json!("0")),
            "AgendaItem",
            false,
            "a",
        );
        assert_eq!(checks(&v), vec![27]);
        let v = check_object(&with(item, "order", json!(1.5)), "AgendaItem", false, "a");
        assert_eq!(checks(&v), vec![27]);
    }

    // --- C27 / C28 / C29 -----------------------------------------------------------------------

    #[test]
    fn c27_json_types() {
        let cases = [
            (with(person(), "title", json!("Dr.")), "Person", "x.title"),
            (with(person(), "title", json!([1])), "Person", "x.title[0]"),
            (
                with(person(), "location", location()),
                "Person",
                "x.location",
            ),
            (with(person(), "body", json!("body/0")), "Person", "x.body"),
            (
                with(organization(), "keyword", json!("finanzen")),
                "Organization",
                "x.keyword",
            ),
            (
                with(
                    organization(),
                    "membership",
                    json!([{"id": "https://x.example/m"}]),
                ),
                "Organization",
                "x.membership[0]",
            ),
            (
                with(organization(), "website", json!("www.example.org")),
                "Organization",
                "x.website",
            ),
            (
                with(meeting(), "cancelled", json!("false")),
                "Meeting",
                "x.cancelled",
            ),
            (
                with(
                    meeting(),
                    "organization",
                    json!("https://oparl.example.org/organization/34"),
                ),
                "Meeting",
                "x.organization",
            ),
            (
                with(
                    meeting(),
                    "invitation",
                    json!("https://oparl.example.org/files/1"),
                ),
                "Meeting",
                "x.invitation",
            ),
            (
                with(
                    meeting(),
                    "agendaItem",
                    json!(["https://oparl.example.org/agendaitem/1"]),
                ),
                "Meeting",
                "x.agendaItem[0]",
            ),
            (
                with(paper(), "mainFile", json!([file("https://x.example/f")])),
                "Paper",
                "x.mainFile",
            ),
            (
                with(file("https://x.example/f"), "size", json!(1.5)),
                "File",
                "x.size",
            ),
            (
                with(file("https://x.example/f"), "size", json!("82930")),
                "File",
                "x.size",
            ),
            (
                with(location(), "geojson", json!("POINT(7 50)")),
                "Location",
                "x.geojson",
            ),
            (
                with(system(), "name", json!(["Beispiel"])),
                "System",
                "x.name",
            ),
            (
                with(body(), "equivalent", json!(["not a url"])),
                "Body",
                "x.equivalent[0]",
            ),
            (with(body(), "license", json!(true)), "Body", "x.license"),
            (
                with(system(), "deleted", json!("true")),
                "System",
                "x.deleted",
            ),
        ];
        for (obj, ty, path) in cases {
            let v = check_object(&obj, ty, false, "x");
            assert!(has_at(&v, 27, path), "{path}: {v:#?}");
        }
        // an embedded Membership's votingRight
        let mut p = person();
        p["membership"][0]["votingRight"] = json!(1);
        assert!(has_at(
            &check_object(&p, "Person", false, "p"),
            27,
            "p.membership[0].votingRight"
        ));
        // not an object at all
        assert_eq!(
            checks(&check_object(
                &json!("https://x.example/p/1"),
                "Paper",
                false,
                "p"
            )),
            vec![27]
        );
        // correct types pass
        assert!(!has(&check_object(&person(), "Person", false, "p"), 27));
    }

    #[test]
    fn c28_null_empty() {
        let v = check_object(&with(paper(), "name", json!(null)), "Paper", false, "p");
        assert_eq!(checks(&v), vec![28]);
        let v = check_object(&with(paper(), "reference", json!("")), "Paper", false, "p");
        assert!(has_at(&v, 28, "p.reference"));
        let v = check_object(
            &with(paper(), "relatedPaper", json!([])),
            "Paper",
            false,
            "p",
        );
        assert!(has_at(&v, 28, "p.relatedPaper"));
        let v = check_object(
            &with(paper(), "auxiliaryFile", json!([])),
            "Paper",
            false,
            "p",
        );
        assert!(has_at(&v, 28, "p.auxiliaryFile"));
        let v = check_object(
            &with(paper(), "keyword", json!(["a", ""])),
            "Paper",
            false,
            "p",
        );
        assert!(has_at(&v, 28, "p.keyword[1]"));
        let v = check_object(
            &with(paper(), "keyword", json!(["a", null])),
            "Paper",
            false,
            "p",
        );
        assert!(has_at(&v, 28, "p.keyword[1]"));
        let mut p = paper();
        p["consultation"][0]["role"] = json!("");
        assert!(has_at(
            &check_object(&p, "Paper", false, "p"),
            28,
            "p.consultation[0].role"
        ));
        // the mandatory empty array is fine
        assert!(!has(
            &check_object(
                &with(body(), "legislativeTerm", json!([])),
                "Body",
                false,
                "b"
            ),
            28
        ));
        assert!(!has(&check_object(&paper(), "Paper", false, "p"), 28));
    }

    #[test]
    fn c29_unknown_properties() {
        let v = check_object(&with(paper(), "title", json!("x")), "Paper", false, "p");
        assert_eq!(checks(&v), vec![29]);
        assert!(has_at(&v, 29, "p.title"));
        assert_clean(&check_object(
            &with(paper(), "ratsinfo:votes", json!(null)),
            "Paper",
            false,
            "p",
        ));
        let v = check_object(
            &with(system(), "keyword", json!(["x"])),
            "System",
            false,
            "s",
        );
        assert!(has_at(&v, 29, "s.keyword"));
        // 1.0 names of Location back-references are not 1.1 properties
        let v = check_object(
            &with(location(), "meeting", json!(["https://x.example/m/1"])),
            "Location",
            false,
            "l",
        );
        assert!(has_at(&v, 29, "l.meeting"));
        let mut m = meeting();
        m["agendaItem"][0]["foo"] = json!(1);
        assert!(has_at(
            &check_object(&m, "Meeting", false, "m"),
            29,
            "m.agendaItem[0].foo"
        ));
        // common properties are allowed everywhere
        let p = with(
            with(paper(), "web", json!("https://ris.example.org/p/749")),
            "license",
            json!("https://creativecommons.org/licenses/by/4.0/"),
        );
        assert_clean(&check_object(
            &with(p, "deleted", json!(false)),
            "Paper",
            false,
            "p",
        ));
    }

    // --- C31–C36 -------------------------------------------------------------------------------

    #[test]
    fn c31_periods() {
        let mut b = body();
        b["legislativeTerm"][0]["endDate"] = json!("2009-01-01");
        assert!(has_at(
            &check_object(&b, "Body", false, "b"),
            31,
            "b.legislativeTerm[0].endDate"
        ));
        let o = with(organization(), "endDate", json!("2012-07-17"));
        assert!(!has(&check_object(&o, "Organization", false, "o"), 31));
        let o = with(organization(), "endDate", json!("2012-07-16"));
        assert!(has(&check_object(&o, "Organization", false, "o"), 31));
        let mut p = person();
        p["membership"][0]["endDate"] = json!("2013-12-02");
        assert!(has(&check_object(&p, "Person", false, "p"), 31));
        // start/end compared as instants
        let m = with(meeting(), "end", json!("2013-01-04T07:30:00+00:00"));
        assert!(!has(&check_object(&m, "Meeting", false, "m"), 31));
        let m = with(meeting(), "end", json!("2013-01-04T07:30:00+01:00"));
        assert!(has_at(
            &check_object(&m, "Meeting", false, "m"),
            31,
            "m.end"
        ));
        let mut m = meeting();
        m["agendaItem"][0]["start"] = json!("2013-01-04T09:00:00+01:00");
        m["agendaItem"][0]["end"] = json!("2013-01-04T08:59:59+01:00");
        assert!(has(&check_object(&m, "Meeting", false, "m"), 31));
    }

    #[test]
    fn c32_gender() {
        assert!(!has(&check_object(&person(), "Person", false, "p"), 32));
        let p = with(person(), "gender", json!("non-binary"));
        assert!(!has(&check_object(&p, "Person", false, "p"), 32));
        let p = with(person(), "gender", json!("Male"));
        assert!(has_at(
            &check_object(&p, "Person", false, "p"),
            32,
            "p.gender"
        ));
        assert!(!has(
            &check_object(&without(person(), "gender"), "Person", false, "p"),
            32
        ));
    }

    #[test]
    fn c33_location_object() {
        assert!(!has(&check_object(&person(), "Person", false, "p"), 33));
        let p = without(person(), "location");
        assert!(has_at(
            &check_object(&p, "Person", false, "p"),
            33,
            "p.location"
        ));
        let p = with(
            person(),
            "location",
            json!("https://oparl.example.org/location/1"),
        );
        assert!(has_at(
            &check_object(&p, "Person", false, "p"),
            33,
            "p.location"
        ));
        // location without locationObject is fine
        assert!(!has(
            &check_object(&without(person(), "locationObject"), "Person", false, "p"),
            33
        ));
    }

    #[test]
    fn c34_geojson() {
        assert_clean(&check_object(&location(), "Location", false, "l"));
        let geo = |g: Value| with(location(), "geojson", g);
        let cases = [
            // Location-01.json: lat/lon swapped
            (
                geo(
                    json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [50.1234, 10.4321]}}),
                ),
                "l.geojson.geometry.coordinates",
            ),
            (
                geo(
                    json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [-73.98, 40.75]}}),
                ),
                "l.geojson.geometry.coordinates",
            ),
            (
                geo(
                    json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": [7.0]}}),
                ),
                "l.geojson.geometry.coordinates",
            ),
            (
                geo(json!({"type": "Feature", "geometry": {"type": "Point", "coordinates": []}})),
                "l.geojson.geometry.coordinates",
            ),
            (
                geo(json!({"type": "Feature", "geometry": {"type": "Point"}})),
                "l.geojson.geometry.coordinates",
            ),
            (
                geo(json!({"type": "Feature", "properties": {}})),
                "l.geojson",
            ),
            (
                geo(json!({"type": "Point", "coordinates": [7.03291, 50.98249]})),
                "l.geojson.type",
            ),
            (
                geo(
                    json!({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[7.0, 50.9], [7.1, 50.9], [50.9, 7.1], [7.0, 50.9]]]}}),
                ),
                "l.geojson.geometry.coordinates",
            ),
            (
                geo(
                    json!({"type": "Feature", "geometry": {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1.0, 2.0]}]}}),
                ),
                "l.geojson.geometry.geometries[0].coordinates",
            ),
        ];
        for (obj, path) in cases {
            let v = check_object(&obj, "Location", false, "l");
            assert!(has_at(&v, 34, path), "{path}: {v:#?}");
        }
        let ok = geo(
            json!({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[7.0, 50.9], [7.1, 50.9], [7.1, 51.0], [7.0, 50.9]]]}}),
        );
        assert_clean(&check_object(&ok, "Location", false, "l"));
        // embedded Locations are checked too
        let mut m = meeting();
        m["location"]["geojson"]["geometry"]["coordinates"] = json!([50.1234, 10.4321]);
        assert!(has_at(
            &check_object(&m, "Meeting", false, "m"),
            34,
            "m.location.geojson.geometry.coordinates"
        ));
    }

    #[test]
    fn c35_ags_rgs() {
        assert!(!has(&check_object(&body(), "Body", false, "b"), 35));
        for (key, bad) in [
            ("ags", "5315000"),
            ("ags", "0531500a"),
            ("ags", "053150000"),
            ("rgs", "05315000000"),
            ("rgs", "05315000000x"),
        ] {
            let v = check_object(&with(body(), key, json!(bad)), "Body", false, "b");
            assert!(has_at(&v, 35, &format!("b.{key}")), "{key}={bad}");
        }
        let v = check_object(&with(body(), "ags", json!(5_315_000)), "Body", false, "b");
        assert_eq!(checks(&v), vec![27]);
    }

    #[test]
    fn c36_agenda_order() {
        assert!(!has(&check_object(&meeting(), "Meeting", false, "m"), 36));
        let m = with(
            meeting(),
            "agendaItem",
            json!([agenda_item(0), agenda_item(1), agenda_item(2)]),
        );
        assert_clean(&check_object(&m, "Meeting", false, "m"));
        let m = with(
            meeting(),
            "agendaItem",
            json!([agenda_item(1), agenda_item(2)]),
        );
        let v = check_object(&m, "Meeting", false, "m");
        assert!(has_at(&v, 36, "m.agendaItem[0].order"));
        assert!(has_at(&v, 36, "m.agendaItem[1].order"));
        let m = with(
            meeting(),
            "agendaItem",
            json!([agenda_item(0), agenda_item(2)]),
        );
        let v = check_object(&m, "Meeting", false, "m");
        assert_eq!(checks(&v), vec![36]);
        assert!(has_at(&v, 36, "m.agendaItem[1].order"));
    }

    // --- C39 / C40 / C41 -----------------------------------------------------------------------

    #[test]
    fn c39_standalone_backrefs() {
        let cases = [
            ("LegislativeTerm", "body"),
            ("Membership", "person"),
            ("AgendaItem", "meeting"),
            ("Consultation", "paper"),
        ];
        for (ty, backref) in cases {
            let bare = minimal(ty, "https://x.example/o/1");
            let v = check_standalone_backrefs(&bare, ty, "o");
            assert_eq!(checks(&v), vec![39], "{ty}");
            assert!(has_at(&v, 39, &format!("o.{backref}")));
            let v = check_standalone_backrefs(&with(bare.clone(), backref, json!("")), ty, "o");
            assert_eq!(checks(&v), vec![39], "{ty}");
            let full = with(bare, backref, json!("https://x.example/parent/1"));
            assert_clean(&check_standalone_backrefs(&full, ty, "o"));
            // the back-reference is allowed (not C40) when standalone
            assert!(!has(&check_object(&full, ty, false, "o"), 40));
        }
        assert_clean(&check_standalone_backrefs(
            &file("https://x.example/f/1"),
            "File",
            "f",
        ));
        assert_clean(&check_standalone_backrefs(&json!("x"), "Membership", "m"));
    }

    #[test]
    fn c40_embedded_backrefs() {
        let paper_url = json!("https://oparl.example.org/paper/749");
        let cases = [
            (
                {
                    let mut b = body();
                    b["legislativeTerm"][0]["body"] = json!("https://oparl.example.org/body/0");
                    b
                },
                "Body",
                "x.legislativeTerm[0].body",
            ),
            (
                {
                    let mut b = body();
                    b["location"]["bodies"] = json!(["https://oparl.example.org/body/0"]);
                    b
                },
                "Body",
                "x.location.bodies",
            ),
            (
                {
                    let mut o = organization();
                    o["location"]["organizations"] =
                        json!(["https://oparl.example.org/organization/34"]);
                    o
                },
                "Organization",
                "x.location.organizations",
            ),
            (
                {
                    let mut p = person();
                    p["membership"][0]["person"] = json!("https://oparl.example.org/person/29");
                    p
                },
                "Person",
                "x.membership[0].person",
            ),
            (
                {
                    let mut p = person();
                    p["locationObject"]["persons"] = json!(["https://oparl.example.org/person/29"]);
                    p
                },
                "Person",
                "x.locationObject.persons",
            ),
            (
                {
                    let mut m = meeting();
                    m["agendaItem"][1]["meeting"] = json!("https://oparl.example.org/meeting/281");
                    m
                },
                "Meeting",
                "x.agendaItem[1].meeting",
            ),
            (
                {
                    let mut m = meeting();
                    m["location"]["meetings"] = json!(["https://oparl.example.org/meeting/281"]);
                    m
                },
                "Meeting",
                "x.location.meetings",
            ),
            (
                {
                    let mut m = meeting();
                    m["invitation"]["meeting"] = json!(["https://oparl.example.org/meeting/281"]);
                    m
                },
                "Meeting",
                "x.invitation.meeting",
            ),
            (
                {
                    let mut m = meeting();
                    m["auxiliaryFile"][0]["meeting"] =
                        json!(["https://oparl.example.org/meeting/281"]);
                    m
                },
                "Meeting",
                "x.auxiliaryFile[0].meeting",
            ),
            (
                {
                    let mut m = meeting();
                    m["agendaItem"][1]["resolutionFile"]["agendaItem"] =
                        json!(["https://oparl.example.org/agendaitem/3272"]);
                    m
                },
                "Meeting",
                "x.agendaItem[1].resolutionFile.agendaItem",
            ),
            (
                {
                    let mut p = paper();
                    p["consultation"][0]["paper"] = paper_url.clone();
                    p
                },
                "Paper",
                "x.consultation[0].paper",
            ),
            (
                {
                    let mut p = paper();
                    p["mainFile"]["paper"] = json!([paper_url.clone()]);
                    p
                },
                "Paper",
                "x.mainFile.paper",
            ),
            (
                {
                    let mut p = paper();
                    p["auxiliaryFile"][0]["paper"] = json!([paper_url.clone()]);
                    p
                },
                "Paper",
                "x.auxiliaryFile[0].paper",
            ),
            (
                {
                    let mut p = paper();
                    p["location"][0]["papers"] = json!([paper_url.clone()]);
                    p
                },
                "Paper",
                "x.location[0].papers",
            ),
        ];
        for (obj, ty, path) in cases {
            let v = check_object(&obj, ty, false, "x");
            assert_eq!(checks(&v), vec![40], "{path}: {v:#?}");
            assert!(has_at(&v, 40, path), "{path}: {v:#?}");
        }
        // a File inside Paper may carry other back-references (e.g. a meeting that uses it too)
        let mut p = paper();
        p["mainFile"]["meeting"] = json!(["https://oparl.example.org/meeting/281"]);
        assert_clean(&check_object(&p, "Paper", false, "p"));
    }

    #[test]
    fn c41_no_tombstones_embedded() {
        let mut m = meeting();
        m["agendaItem"] = json!([
            agenda_item(0),
            tombstone("AgendaItem", "https://oparl.example.org/agendaitem/9")
        ]);
        let v = check_object(&m, "Meeting", false, "m");
        assert_eq!(checks(&v), vec![41]);
        assert!(has_at(&v, 41, "m.agendaItem[1]"));
        let p = with(
            paper(),
            "mainFile",
            tombstone("File", "https://oparl.example.org/files/57737"),
        );
        assert!(has_at(
            &check_object(&p, "Paper", false, "p"),
            41,
            "p.mainFile"
        ));
        let t = tombstone("Membership", "https://oparl.example.org/memberships/1");
        assert_eq!(checks(&check_object(&t, "Membership", true, "e")), vec![41]);
        assert_clean(&check_object(&t, "Membership", false, "s"));
    }

    // --- pages ---------------------------------------------------------------------------------

    const URL: &str = "https://oparl.example.org/body/0/papers?page=2";

    fn page(data: Value) -> Value {
        json!({
            "data": data,
            "pagination": {"totalElements": 3, "elementsPerPage": 2, "currentPage": 2, "totalPages": 2},
            "links": {
                "first": "https://oparl.example.org/body/0/papers",
                "prev": "https://oparl.example.org/body/0/papers",
                "self": URL,
                "web": "https://ris.example.org/papers?page=2"
            }
        })
    }

    #[test]
    fn c44_page_shape() {
        assert_clean(&check_page(&page(json!([paper()])), "Paper", URL));
        assert_clean(&check_page(
            &json!({"data": [], "pagination": {}, "links": {}}),
            "Paper",
            URL,
        ));
        assert_eq!(
            checks(&check_page(&json!([paper()]), "Paper", URL)),
            vec![44]
        );
        for key in ["data", "pagination", "links"] {
            let v = check_page(&without(page(json!([])), key), "Paper", URL);
            assert_eq!(checks(&v), vec![44], "{key}");
            assert!(has_at(&v, 44, &format!("{URL}#{key}")));
        }
        let v = check_page(&with(page(json!([])), "data", json!({})), "Paper", URL);
        assert!(has_at(&v, 44, &format!("{URL}#data")));
        let v = check_page(&with(page(json!([])), "links", json!([])), "Paper", URL);
        assert!(has_at(&v, 44, &format!("{URL}#links")));
    }

    #[test]
    fn c45_entries() {
        let v = check_page(
            &page(json!(["https://oparl.example.org/paper/749"])),
            "Paper",
            URL,
        );
        assert_eq!(checks(&v), vec![45]);
        assert!(has_at(&v, 45, &format!("{URL}#data[0]")));
        // entries are checked as objects of the list's type
        let v = check_page(
            &page(json!([paper(), without(paper(), "created")])),
            "Paper",
            URL,
        );
        assert_eq!(checks(&v), vec![23]);
        assert!(has_at(&v, 23, &format!("{URL}#data[1].created")));
        let v = check_page(&page(json!([meeting()])), "Paper", URL);
        assert!(has_at(&v, 22, &format!("{URL}#data[0].type")));
    }

    #[test]
    fn c46_next() {
        let next = |n: Value| {
            let mut p = page(json!([]));
            p["links"]["next"] = n;
            check_page(&p, "Paper", URL)
        };
        assert_clean(&next(json!(
            "https://oparl.example.org/body/0/papers?page=3"
        )));
        assert_eq!(checks(&next(json!(null))), vec![46]);
        assert_eq!(checks(&next(json!(3))), vec![46]);
        assert_eq!(checks(&next(json!(URL))), vec![46]);
        assert_eq!(checks(&next(json!(""))), vec![46]);
        assert!(has_at(
            &next(json!("?page=3")),
            46,
            &format!("{URL}#links.next")
        ));
    }

    #[test]
    fn c47_self() {
        let mut p = page(json!([]));
        p["links"]["self"] = json!("https://oparl.example.org/body/0/papers?page=1");
        let v = check_page(&p, "Paper", URL);
        assert_eq!(checks(&v), vec![47]);
        assert!(has_at(&v, 47, &format!("{URL}#links.self")));
        p["links"]["self"] = json!(null);
        assert_eq!(checks(&check_page(&p, "Paper", URL)), vec![47]);
        let p = with(page(json!([])), "links", json!({}));
        assert_clean(&check_page(&p, "Paper", URL));
    }

    #[test]
    fn c48_elements_per_page() {
        assert_clean(&check_page(&page(json!([paper(), paper()])), "Paper", URL));
        let v = check_page(&page(json!([paper(), paper(), paper()])), "Paper", URL);
        assert_eq!(checks(&v), vec![48]);
        assert!(has_at(&v, 48, &format!("{URL}#pagination.elementsPerPage")));
        let mut p = page(json!([]));
        p["pagination"]["elementsPerPage"] = json!("2");
        assert_eq!(checks(&check_page(&p, "Paper", URL)), vec![48]);
        p["pagination"]["elementsPerPage"] = json!(-1);
        assert_eq!(checks(&check_page(&p, "Paper", URL)), vec![48]);
    }

    // --- extraction ----------------------------------------------------------------------------

    #[test]
    fn embedded_objects_are_collected_recursively() {
        let found = embedded_objects(&meeting(), "Meeting");
        let types: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            types,
            vec![
                "Location",
                "File",
                "File",
                "File",
                "File",
                "AgendaItem",
                "AgendaItem",
                "File"
            ]
        );
        let ids: Vec<&str> = found.iter().filter_map(|(_, v)| v["id"].as_str()).collect();
        assert_eq!(
            ids.last().copied(),
            Some("https://oparl.example.org/files/5")
        );
        let found = embedded_objects(&body(), "Body");
        let types: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(types, vec!["LegislativeTerm", "Location"]);
        let found = embedded_objects(&person(), "Person");
        let types: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(types, vec!["Location", "Membership"]);
        assert_eq!(embedded_objects(&paper(), "Paper").len(), 4);
        assert!(embedded_objects(&system(), "System").is_empty());
        assert!(embedded_objects(&json!(null), "Meeting").is_empty());
        // non-object entries are skipped
        let m = with(
            meeting(),
            "agendaItem",
            json!(["https://x.example/a/1", agenda_item(0)]),
        );
        assert_eq!(
            embedded_objects(&m, "Meeting")
                .iter()
                .filter(|(t, _)| t == "AgendaItem")
                .count(),
            1
        );
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn reference_urls_cover_refs_only() {
        assert_eq!(
            reference_urls(&meeting(), "Meeting"),
            pairs(&[
                ("Organization", "https://oparl.example.org/organization/34"),
                ("Person", "https://oparl.example.org/person/29"),
                (
                    "Consultation",
                    "https://oparl.example.org/consultation/1034"
                ),
                (
                    "Consultation",
                    "https://oparl.example.org/consultation/1034"
                ),
            ])
        );
        assert_eq!(
            reference_urls(&paper(), "Paper"),
            pairs(&[
                ("Body", "https://oparl.example.org/body/0"),
                ("Paper", "https://oparl.example.org/paper/699"),
                ("Person", "https://oparl.example.org/person/2000"),
                (
                    "Organization",
                    "https://oparl.example.org/organization/2001"
                ),
                (
                    "Organization",
                    "https://oparl.example.org/organization/2000"
                ),
                ("File", "https://oparl.example.org/files/57738"),
                ("AgendaItem", "https://oparl.example.org/agendaitem/15569"),
                ("Meeting", "https://oparl.example.org/meeting/243"),
                ("Organization", "https://oparl.example.org/organization/96"),
            ])
        );
        assert_eq!(
            reference_urls(&organization(), "Organization"),
            pairs(&[
                ("Body", "https://oparl.example.org/body/0"),
                ("Membership", "https://oparl.example.org/membership/27"),
                ("Membership", "https://oparl.example.org/membership/48"),
                ("Organization", "https://oparl.example.org/organization/1"),
            ])
        );
        assert_eq!(
            reference_urls(&person(), "Person"),
            pairs(&[
                ("Body", "https://oparl.example.org/body/0"),
                ("Location", "https://oparl.example.org/location/0"),
                ("Organization", "https://oparl.example.org/organizations/5"),
                ("Organization", "https://oparl.example.org/organizations/7"),
            ])
        );
        // Body: only `system` (lists, website, equivalent, license are not references)
        assert_eq!(
            reference_urls(&body(), "Body"),
            pairs(&[("System", "https://oparl.example.org/")])
        );
        assert!(reference_urls(&system(), "System").is_empty());
        let f = with(
            with(
                file("https://x.example/f/1"),
                "derivativeFile",
                json!(["https://x.example/f/2"]),
            ),
            "paper",
            json!(["https://x.example/p/1"]),
        );
        assert_eq!(
            reference_urls(&f, "File"),
            pairs(&[
                ("File", "https://x.example/f/2"),
                ("Paper", "https://x.example/p/1")
            ])
        );
        let l = with(location(), "meetings", json!(["https://x.example/m/1"]));
        assert_eq!(
            reference_urls(&l, "Location"),
            pairs(&[("Meeting", "https://x.example/m/1")])
        );
    }

    #[test]
    fn list_urls_cover_lists_only() {
        assert_eq!(
            list_urls(&system(), "System"),
            pairs(&[("Body", "https://oparl.example.org/bodies")])
        );
        let lists = list_urls(&body(), "Body");
        assert_eq!(lists.len(), 10);
        assert!(lists.contains(&(
            "Location".to_string(),
            "https://oparl.example.org/body/0/locations/".to_string()
        )));
        assert!(lists.contains(&(
            "LegislativeTerm".to_string(),
            "https://oparl.example.org/body/0/legislativeTerms/".to_string()
        )));
        assert_eq!(
            list_urls(&organization(), "Organization"),
            pairs(&[
                (
                    "Meeting",
                    "https://oparl.example.org/organization/34/meetings"
                ),
                (
                    "Consultation",
                    "https://oparl.example.org/organization/34/consultations"
                ),
            ])
        );
        assert!(list_urls(&paper(), "Paper").is_empty());
        assert!(list_urls(&json!([]), "Body").is_empty());
    }
}
