//! Recall bookkeeping shared by the tests that measure the minutes parser on real
//! material: hits per field, overall and per vendor family, and the misses to read.

use std::collections::BTreeMap;

#[derive(Default, Debug, Clone, Copy)]
pub struct Score {
    pub hits: usize,
    pub total: usize,
}

impl Score {
    pub fn add(&mut self, hit: bool) {
        self.total += 1;
        self.hits += usize::from(hit);
    }

    pub fn rate(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.hits as f64 / self.total as f64
        }
    }

    pub fn cell(&self) -> String {
        if self.total == 0 {
            "–".to_owned()
        } else {
            format!("{:.0}% ({}/{})", 100.0 * self.rate(), self.hits, self.total)
        }
    }
}

/// Scores per field, overall and per vendor family, with what was missed.
#[derive(Default, Debug)]
pub struct Recall {
    pub fields: BTreeMap<&'static str, Score>,
    pub by_family: BTreeMap<String, BTreeMap<&'static str, Score>>,
    pub misses: Vec<String>,
}

impl Recall {
    pub fn add(&mut self, family: &str, field: &'static str, hit: bool, what: &str) {
        self.fields.entry(field).or_default().add(hit);
        self.by_family
            .entry(family.to_owned())
            .or_default()
            .entry(field)
            .or_default()
            .add(hit);
        if !hit {
            self.misses.push(format!("{field}: {what}"));
        }
    }

    pub fn rate(&self, field: &str) -> f64 {
        self.fields.get(field).map_or(1.0, Score::rate)
    }

    /// A Markdown table: one row per vendor family and one for all.
    pub fn table(&self, title: &str, fields: &[&str]) -> String {
        let mut out = format!("{title}\n| family | {} |\n", fields.join(" | "));
        out.push_str(&format!("|---|{}\n", "---|".repeat(fields.len())));
        let rows = self
            .by_family
            .iter()
            .map(|(f, s)| (f.as_str(), s))
            .chain(std::iter::once(("all", &self.fields)));
        for (family, scores) in rows {
            let cells: Vec<String> = fields
                .iter()
                .map(|f| scores.get(f).map_or("–".to_owned(), Score::cell))
                .collect();
            out.push_str(&format!("| {family} | {} |\n", cells.join(" | ")));
        }
        out
    }
}

pub fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .trim_start_matches("im ")
        .trim_start_matches("in ")
        .trim_end_matches(['.', ','])
        .to_owned()
}

/// The same text, or one containing the other where it is at least half of it.
pub fn loosely(want: &str, got: Option<&str>) -> bool {
    let (w, g) = (norm(want), got.map(norm).unwrap_or_default());
    !g.is_empty() && (w == g || w.contains(&g) && g.len() * 2 >= w.len() || g.contains(&w))
}

/// The vendor family a source belongs to, for the per-family tables.
pub fn family(vendor: &str) -> String {
    let v = vendor.to_lowercase();
    for (key, name) in [
        ("sessionnet", "SessionNet"),
        ("allris", "ALLRIS"),
        ("sd.net", "SD.NET RIM"),
        ("rubin", "more! rubin"),
        ("pdf", "PDF / own site"),
    ] {
        if v.contains(key) {
            return name.to_owned();
        }
    }
    "city systems / own sites".to_owned()
}
