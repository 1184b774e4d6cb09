//! What an import read from a file, item by item and for the whole document, so that a
//! user sees at once what the parser missed: "17 items, 15 with a result, 9 with counts".

use serde::Serialize;

use super::parse::{Item, Kind, Minutes, own_vote};

/// What one agenda item yielded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemFidelity {
    pub number: String,
    pub public: bool,
    /// The result as written, where one was found.
    pub result: Option<String>,
    /// The outcome of the item's own vote (the last one not on an amendment).
    pub outcome: Option<&'static str>,
    pub method: Option<&'static str>,
    /// Votes recorded (amendments and the main motion each count).
    pub votes: usize,
    /// A vote of the item states a count.
    pub counts: bool,
    /// A vote of the item states faction positions.
    pub positions: bool,
    /// The papers, as "reference (type, originator)".
    pub papers: Vec<String>,
    /// The line the item starts on.
    pub line: usize,
}

/// The document-level summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    pub kind: Kind,
    pub items: usize,
    pub public_items: usize,
    pub with_result: usize,
    pub with_outcome: usize,
    pub with_counts: usize,
    pub with_positions: usize,
    pub votes: usize,
    pub papers: usize,
    pub papers_with_type: usize,
    pub papers_with_originator: usize,
    pub attendees: usize,
    pub date: bool,
    pub start: bool,
    pub end: bool,
    pub place: bool,
    pub committee: bool,
    /// Sentences that look like decisions but were not understood, and other warnings.
    pub warnings: usize,
}

pub fn item(item: &Item) -> ItemFidelity {
    let own = own_vote(&item.decisions);
    ItemFidelity {
        number: item.number.clone(),
        public: item.public,
        result: item.result.clone(),
        outcome: own
            .and_then(|d| d.vote.outcome_or_tally())
            .map(|o| o.as_str()),
        method: own.map(|d| d.vote.method.as_str()),
        votes: item.decisions.len(),
        counts: item.decisions.iter().any(|d| d.vote.counts.any()),
        positions: item.decisions.iter().any(|d| !d.vote.factions.is_empty()),
        papers: item
            .papers
            .iter()
            .map(|p| {
                let about: Vec<&str> = [p.paper_type.as_deref(), p.originator.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                let number = if p.reference.is_empty() {
                    "no number"
                } else {
                    p.reference.as_str()
                };
                if about.is_empty() {
                    number.to_owned()
                } else {
                    format!("{number} ({})", about.join(", "))
                }
            })
            .collect(),
        line: item.lines.from,
    }
}

pub fn coverage(m: &Minutes) -> Coverage {
    let items: Vec<ItemFidelity> = m.items.iter().map(item).collect();
    let public: Vec<&ItemFidelity> = items.iter().filter(|i| i.public).collect();
    let papers = || m.items.iter().flat_map(|i| &i.papers);
    Coverage {
        kind: m.kind,
        items: items.len(),
        public_items: public.len(),
        with_result: public.iter().filter(|i| i.result.is_some()).count(),
        with_outcome: public.iter().filter(|i| i.outcome.is_some()).count(),
        with_counts: public.iter().filter(|i| i.counts).count(),
        with_positions: public.iter().filter(|i| i.positions).count(),
        votes: public.iter().map(|i| i.votes).sum(),
        papers: papers().count(),
        papers_with_type: papers().filter(|p| p.paper_type.is_some()).count(),
        papers_with_originator: papers().filter(|p| p.originator.is_some()).count(),
        attendees: m.attendees.len(),
        date: m.date != chrono::NaiveDate::MIN,
        start: m.start.is_some(),
        end: m.end.is_some(),
        place: m.location.is_some(),
        committee: m.organization.is_some(),
        warnings: m.warnings.len(),
    }
}

impl Coverage {
    /// "17 items (15 public): 15 with a result, 12 with an outcome, 9 with counts, ...".
    pub fn line(&self) -> String {
        let found = |name: &str, yes: bool| format!("{name} {}", if yes { "✓" } else { "–" });
        format!(
            "{}{} items ({} public): {} with a result, {} with an outcome, {} with counts, {} with faction positions ({} votes); {} papers, {} with a type, {} with an originator; {} attendees; {}, {}, {}, {}, {}",
            if self.kind == Kind::Extract {
                "extract: "
            } else {
                ""
            },
            self.items,
            self.public_items,
            self.with_result,
            self.with_outcome,
            self.with_counts,
            self.with_positions,
            self.votes,
            self.papers,
            self.papers_with_type,
            self.papers_with_originator,
            self.attendees,
            found("date", self.date),
            found("start", self.start),
            found("end", self.end),
            found("place", self.place),
            found("committee", self.committee),
        )
    }
}

impl ItemFidelity {
    /// "7: abweichend vom Beschlussvorschlag einstimmig beschlossen → adopted_amended,
    /// unanimous; papers 0751/2020-2025 (Beschlussvorlage)".
    pub fn line(&self) -> String {
        if !self.public {
            return format!("{}: not public", self.number);
        }
        let mut parts = vec![match (&self.result, self.outcome) {
            (Some(r), Some(o)) => format!("{r:?} → {o}, {}", self.method.unwrap_or("none")),
            (Some(r), None) => format!("{r:?} (outcome not understood)"),
            (None, _) => "no result".to_owned(),
        }];
        if self.votes > 1 {
            parts.push(format!("{} votes", self.votes));
        }
        if self.counts {
            parts.push("counts".to_owned());
        }
        if self.positions {
            parts.push("faction positions".to_owned());
        }
        if !self.papers.is_empty() {
            parts.push(format!("papers {}", self.papers.join(", ")));
        }
        let number = if self.number.is_empty() {
            "(item)"
        } else {
            &self.number
        };
        format!("{number}: {}", parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::minutes::parse::parse;

    #[test]
    fn the_seed_is_covered_and_says_so() {
        let text = String::from_utf8_lossy(crate::ingest::oparl_json::DEMO_MINUTES.1);
        let m = parse(&text).expect("seed parses");
        let c = coverage(&m);
        assert_eq!((c.items, c.public_items), (m.items.len(), m.items.len()));
        assert!(c.date && c.start && c.end && c.place && c.committee);
        assert!(c.with_outcome >= 5 && c.papers >= 12, "{c:?}");
        assert!(c.line().contains(&format!("{} items", c.items)));
        let seven = m
            .items
            .iter()
            .find(|i| i.number == "7")
            .map(item)
            .expect("item 7");
        assert_eq!(seven.outcome, Some("adopted_amended"));
        assert!(seven.line().contains("0751/2020-2025 (Beschlussvorlage)"));
    }
}
