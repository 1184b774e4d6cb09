//! What a harvest run did: objects new, changed and deleted, and the defects of the
//! source by kind, each with a few example URLs. Stored with the source as JSON, and
//! kept across an interruption so that a resumed run reports the whole run.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Known defects of real OParl servers, tolerated and recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Defect {
    /// A type URI of OParl 1.0 (`https://schema.oparl.org/1.0/Paper`).
    #[serde(rename = "oparl-1.0-type")]
    Oparl10Type,
    /// An object without `created` or `modified`.
    MissingTimestamp,
    /// A date-time not in OParl's strict form: `Z`, fractional seconds, no offset.
    TimestampForm,
    /// A list URL that answers 404.
    ListNotFound,
    /// A list answered with a bare JSON array instead of a list page.
    BareArray,
    /// A single object (or string) where an array belongs.
    SingleObject,
    /// A URL with `//` in its path (`files//`).
    DoubleSlashUrl,
    /// A page repeating the data of the page before it.
    RepeatedPage,
    /// A `next` link back to a page already visited.
    NextLoop,
    /// A response that is not JSON, even after retries.
    InvalidJson,
    /// A server error that persisted through the retries, or a network failure.
    HttpError,
    /// A referenced object that answers 404.
    NotFound,
    /// An object that cannot be used: no id, an id that is not a URL, an unknown type.
    InvalidObject,
}

impl Defect {
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// Occurrences of one defect kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefectCount {
    pub count: u64,
    /// Up to [`EXAMPLES`] URLs where it was met.
    pub examples: Vec<String>,
}

const EXAMPLES: usize = 3;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub source: String,
    pub run: i64,
    pub full: bool,
    /// Start and end of the run, OParl date-times.
    pub started: String,
    #[serde(default)]
    pub finished: Option<String>,
    /// The `modified_since` the lists were asked with (incremental runs).
    #[serde(default)]
    pub modified_since: Option<String>,
    /// How often the run was resumed after an interruption.
    #[serde(default)]
    pub resumed: u64,
    pub requests: u64,
    /// Requests that succeeded only after a retry.
    pub retried: u64,
    pub lists: u64,
    pub pages: u64,
    /// Objects received from the source (list entries and single fetches).
    pub objects: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub deleted: u64,
    pub defects: BTreeMap<Defect, DefectCount>,
}

impl Report {
    pub fn defect(&mut self, kind: Defect, url: &str) {
        let entry = self.defects.entry(kind).or_default();
        entry.count += 1;
        if entry.examples.len() < EXAMPLES && !entry.examples.iter().any(|e| e == url) {
            entry.examples.push(url.to_owned());
        }
    }

    pub fn has(&self, kind: Defect) -> bool {
        self.defects.contains_key(&kind)
    }

    /// The report as people read it.
    pub fn render(&self) -> String {
        let mut out = format!(
            "{} harvest of {} (run {}{}): {} request(s), {} retried; {} list(s), {} page(s), {} object(s) received\n",
            if self.full { "full" } else { "incremental" },
            self.source,
            self.run,
            if self.resumed > 0 {
                format!(", resumed {} time(s)", self.resumed)
            } else {
                String::new()
            },
            self.requests,
            self.retried,
            self.lists,
            self.pages,
            self.objects
        );
        out.push_str(&format!(
            "objects: {} new, {} changed, {} unchanged, {} deleted\n",
            self.created, self.updated, self.unchanged, self.deleted
        ));
        if self.defects.is_empty() {
            out.push_str("defects: none\n");
        } else {
            out.push_str("defects:\n");
            for (kind, d) in &self.defects {
                out.push_str(&format!("  {:<18} {:>6}", kind.name(), d.count));
                if let Some(first) = d.examples.first() {
                    out.push_str(&format!("  e.g. {first}"));
                }
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_defects_and_keeps_a_few_distinct_examples() {
        let mut r = Report::default();
        for i in 0..5 {
            r.defect(
                Defect::DoubleSlashUrl,
                &format!("https://x.example/files//{i}"),
            );
        }
        r.defect(Defect::DoubleSlashUrl, "https://x.example/files//0");
        let d = &r.defects[&Defect::DoubleSlashUrl];
        assert_eq!(d.count, 6);
        assert_eq!(d.examples.len(), EXAMPLES);
        assert_eq!(Defect::Oparl10Type.name(), "oparl-1.0-type");
        let json = serde_json::to_string(&r).unwrap_or_default();
        assert!(json.contains("\"double-slash-url\""), "{json}");
        let back: Report = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, r);
    }
}
