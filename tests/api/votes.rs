//! The vote-phrase parser against 165 real phrases from the minutes of 54 councils
//! (tests/fixtures/votes/phrases.json, each with its source), table-driven.

use std::path::PathBuf;

use serde_json::Value;

use ratsinfo::ingest::votes::phrase::{Method, Outcome, parse};

fn phrases() -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/votes/phrases.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("phrases")).expect("json")
}

/// Phrases that give only a tally: their outcome stands on an adjacent line (listed in
/// the fixture's README), so only their other fields are checked.
fn tally_only() -> Vec<String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/votes/README.md");
    let readme = std::fs::read_to_string(path).expect("README");
    let section = readme
        .split("## Entries whose `outcome` comes from the adjacent result line")
        .nth(1)
        .unwrap_or_default();
    section
        .lines()
        .filter_map(|l| l.strip_prefix("* `").and_then(|l| l.strip_suffix('`')))
        .map(str::to_owned)
        .collect()
}

fn key(name: &str) -> String {
    name.to_lowercase()
        .replace("fraktion", "")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect()
}

#[test]
fn the_phrase_table_of_real_minutes() {
    let table = phrases();
    let tally_only = tally_only();
    assert!(table.len() >= 60);
    assert!(
        tally_only.len() >= 40,
        "the README lists the tally-only phrases"
    );
    let (mut outcome_ok, mut method_ok, mut counts_ok, mut factions_ok) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    let mut outcomes_seen = std::collections::BTreeSet::new();
    let mut methods_seen = std::collections::BTreeSet::new();
    for entry in &table {
        let phrase = entry["phrase"].as_str().unwrap_or_default();
        let want_outcome =
            Outcome::parse(entry["outcome"].as_str().unwrap_or_default()).expect("outcome label");
        let want_method =
            Method::parse(entry["method"].as_str().unwrap_or_default()).expect("method label");
        let count = |k: &str| entry[k].as_u64().map(|n| n as u32);
        let got = parse(phrase);
        let Some(got) = got else {
            failures.push(format!("no vote: {phrase:?}"));
            continue;
        };
        if tally_only.iter().any(|p| p == phrase) {
            outcome_ok += 1;
        } else if got.outcome == Some(want_outcome) {
            outcome_ok += 1;
            outcomes_seen.insert(want_outcome.as_str());
        } else {
            failures.push(format!(
                "outcome {:?} != {want_outcome:?}: {phrase:?}",
                got.outcome
            ));
        }
        if got.method == want_method {
            method_ok += 1;
            methods_seen.insert(want_method.as_str());
        } else {
            failures.push(format!(
                "method {:?} != {want_method:?}: {phrase:?}",
                got.method
            ));
        }
        let want_counts = (count("yes"), count("no"), count("abstain"));
        if (got.counts.yes, got.counts.no, got.counts.abstain) == want_counts {
            counts_ok += 1;
        } else {
            failures.push(format!(
                "counts {:?} != {want_counts:?}: {phrase:?}",
                (got.counts.yes, got.counts.no, got.counts.abstain)
            ));
        }
        let want_factions: Vec<(String, String)> = entry["factions"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| {
                (
                    key(f["faction"].as_str().unwrap_or_default()),
                    f["position"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let got_factions: Vec<(String, String)> = got
            .factions
            .iter()
            .map(|f| (key(&f.faction), f.position.as_str().to_owned()))
            .collect();
        let mut a = want_factions.clone();
        let mut b = got_factions.clone();
        a.sort();
        b.sort();
        if a == b {
            factions_ok += 1;
        } else {
            failures.push(format!("factions {b:?} != {a:?}: {phrase:?}"));
        }
    }
    let n = table.len() as f64;
    let rates = [
        ("outcome", outcome_ok as f64 / n, 0.93),
        ("method", method_ok as f64 / n, 0.95),
        ("counts", counts_ok as f64 / n, 0.94),
        ("factions", factions_ok as f64 / n, 0.93),
    ];
    println!("{rates:?}\n{}", failures.join("\n"));
    for (kind, rate, floor) in rates {
        assert!(
            rate >= floor,
            "{kind}: {rate:.2} < {floor}\n{}",
            failures.join("\n")
        );
    }
    // Every outcome and method in the table is parsed right at least once.
    for o in Outcome::ALL {
        if table.iter().any(|e| e["outcome"] == o.as_str()) {
            assert!(
                outcomes_seen.contains(o.as_str()),
                "no phrase with outcome {o:?} parsed right"
            );
        }
    }
    for m in Method::ALL {
        if table.iter().any(|e| e["method"] == m.as_str()) {
            assert!(
                methods_seen.contains(m.as_str()),
                "no phrase with method {m:?} parsed right"
            );
        }
    }
}
