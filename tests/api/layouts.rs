//! The minutes parser on documents it was not written for: excerpts of real minutes,
//! extracts and item pages from other cities and vendors (tests/fixtures/minutes and
//! minutes/extracts for development, minutes/heldout held back; sources in each JSON),
//! each with the structure a person reads in it. The parser must never fail on them
//! without a clear error, its recall per kind of fact must not fall below the recorded
//! level, and it must never report a vote count the document does not print.

use std::path::PathBuf;

use serde_json::Value;

use crate::recall::{Recall, family, loosely, norm};
use ratsinfo::ingest::minutes::parse::{Minutes, parse, parse_fragment};

fn fixtures_in(dirs: &[&str]) -> Vec<(String, String, Value)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minutes");
    let mut out = Vec::new();
    for dir in dirs {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("fixtures")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        entries.sort();
        for path in entries {
            let text = std::fs::read_to_string(&path).expect("fixture text");
            let expected: Value = serde_json::from_str(
                &std::fs::read_to_string(path.with_extension("json")).expect("fixture json"),
            )
            .expect("json");
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((name, text, expected));
        }
    }
    out
}

/// The development documents (the recognisers were tuned on these).
fn fixtures() -> Vec<(String, String, Value)> {
    fixtures_in(&[".", "extracts"])
}

const FIELDS: [&str; 12] = [
    "date",
    "times",
    "place",
    "committee",
    "item numbers",
    "item titles",
    "results",
    "outcomes",
    "counts",
    "references",
    "paper type/originator",
    "attendees",
];

#[derive(Default, Debug)]
struct Scores {
    recall: Recall,
    invented: Vec<String>,
    rejected: Vec<String>,
    /// The document being scored, named in the misses.
    current: String,
    /// Attendees read from documents that list their attendees, and those of them that
    /// the document does not list.
    read_persons: usize,
    unlisted_persons: Vec<String>,
}

impl Scores {
    fn add(&mut self, family: &str, field: &'static str, hit: bool) {
        self.add_detail(family, field, hit, "");
    }

    fn add_detail(&mut self, family: &str, field: &'static str, hit: bool, detail: &str) {
        let what = format!("{} {detail}", self.current);
        self.recall.add(family, field, hit, &what);
    }

    fn rate(&self, field: &str) -> f64 {
        self.recall.rate(field)
    }

    fn table(&self, title: &str) -> String {
        format!(
            "{}attendees read that the document does not list: {} of {}\n",
            self.recall.table(title, &FIELDS),
            self.unlisted_persons.len(),
            self.read_persons
        )
    }

    /// The share of attendees read that the document does not list.
    fn unlisted_share(&self) -> f64 {
        self.unlisted_persons.len() as f64 / self.read_persons.max(1) as f64
    }
}

fn vendor_family(expected: &Value) -> String {
    family(expected["vendor_or_layout"].as_str().unwrap_or_default())
}

/// The item that matches an expected one: by number, else in order of appearance.
fn matching<'m>(
    m: &'m Minutes,
    expected: &Value,
    position: usize,
) -> Option<&'m ratsinfo::ingest::minutes::parse::Item> {
    match expected["number"].as_str() {
        Some(n) => m.items.iter().find(|i| i.number == n),
        None if m.items.len() == 1 => m.items.first(),
        None => m.items.get(position),
    }
}

fn score(name: &str, m: &Minutes, expected: &Value, s: &mut Scores) {
    s.current = name.to_owned();
    let fam = vendor_family(expected);
    if let Some(date) = expected["date"].as_str() {
        s.add(&fam, "date", m.date.to_string() == date);
    }
    for (key, got) in [("start", m.start), ("end", m.end)] {
        if let Some(t) = expected[key].as_str() {
            s.add(
                &fam,
                "times",
                got.map(|g| g.format("%H:%M").to_string()).as_deref() == Some(t),
            );
        }
    }
    if let Some(place) = expected["location"].as_str() {
        s.add(&fam, "place", loosely(place, m.location.as_deref()));
    }
    if let Some(org) = expected["organization"].as_str() {
        s.add(&fam, "committee", loosely(org, m.organization.as_deref()));
    }
    for (k, item) in expected["items"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let found = matching(m, item, k);
        if item["number"].is_string() {
            s.add_detail(
                &fam,
                "item numbers",
                found.is_some(),
                item["number"].as_str().unwrap_or_default(),
            );
        }
        if let (Some(title), Some(f)) = (item["title"].as_str(), found) {
            let (want, got) = (norm(title), norm(&f.title));
            s.add(
                &fam,
                "item titles",
                !got.is_empty() && (want.starts_with(&got) || got.starts_with(&want)),
            );
        }
        if let Some(result) = item["result"].as_str() {
            let want = norm(result);
            s.add_detail(
                &fam,
                "results",
                m.items.iter().any(|i| {
                    let fits = |r: &str| norm(r).contains(&want) || want.contains(&norm(r));
                    i.result.as_deref().is_some_and(fits)
                        || i.decisions.iter().any(|d| fits(&d.wording))
                }),
                &format!("{result:?}"),
            );
        }
        // Result blocks without numbers are listed in order of appearance.
        let all_decisions: Vec<_> = match (item["number"].is_string(), found) {
            (false, Some(f)) if f.decisions.len() > 1 && m.items.len() == 1 => {
                f.decisions.get(k).cloned().into_iter().collect()
            }
            (_, Some(f)) => f.decisions.clone(),
            _ => Vec::new(),
        };
        let decision = ratsinfo::ingest::minutes::parse::own_vote(&all_decisions);
        if let Some(outcome) = item["outcome"].as_str() {
            let got = decision.and_then(|d| d.vote.outcome).map(|o| o.as_str());
            s.add_detail(
                &fam,
                "outcomes",
                got == Some(outcome),
                &format!("{outcome} got {got:?} (item {k})"),
            );
        }
        for key in ["yes", "no", "abstain"] {
            let got = |d: &ratsinfo::ingest::minutes::parse::Decision| match key {
                "yes" => d.vote.counts.yes,
                "no" => d.vote.counts.no,
                _ => d.vote.counts.abstain,
            };
            if let Some(want) = item["votes"][key].as_u64() {
                s.add_detail(
                    &fam,
                    "counts",
                    all_decisions.iter().any(|d| got(d) == Some(want as u32)),
                    &format!("{key} {want} (item {k})"),
                );
            }
        }
        // Where the fixture records the printed counts of an item, every count read for
        // it must be one of them.
        if item["votes"].is_object() || item["decisions"].is_array() {
            let printed = |key: &str| -> Vec<u64> {
                std::iter::once(&item["votes"])
                    .chain(
                        item["decisions"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|d| &d["votes"]),
                    )
                    .filter_map(|v| v[key].as_u64())
                    .collect()
            };
            for d in &all_decisions {
                for (key, n) in [
                    ("yes", d.vote.counts.yes),
                    ("no", d.vote.counts.no),
                    ("abstain", d.vote.counts.abstain),
                ] {
                    if let Some(n) = n
                        && !printed(key).contains(&u64::from(n))
                    {
                        s.invented
                            .push(format!("{name} item {k}: {key} {n} ({})", d.wording));
                    }
                }
            }
        }
        for reference in item["references"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            s.add(
                &fam,
                "references",
                m.items
                    .iter()
                    .any(|i| i.papers.iter().any(|p| p.reference == reference)),
            );
        }
        // Papers without a number are matched in order of appearance.
        let mut unnumbered = 0;
        for paper in item["papers"].as_array().into_iter().flatten() {
            let got = found.and_then(|f| match paper["reference"].as_str() {
                Some(r) => f
                    .papers
                    .iter()
                    .find(|p| p.reference == r)
                    .or(f.papers.first()),
                None => {
                    unnumbered += 1;
                    f.papers
                        .iter()
                        .filter(|p| p.reference.is_empty())
                        .nth(unnumbered - 1)
                        .or(f.papers.first())
                }
            });
            if let Some(t) = paper["type"].as_str() {
                s.add(
                    &fam,
                    "paper type/originator",
                    loosely(t, got.and_then(|p| p.paper_type.as_deref())),
                );
            }
            if let Some(o) = paper["originator"].as_str() {
                s.add(
                    &fam,
                    "paper type/originator",
                    loosely(o, got.and_then(|p| p.originator.as_deref())),
                );
            }
        }
    }
    // A family name is compared by its last word ("von Oldershausen", "Oldershausen").
    let last_word = |n: &str| n.split_whitespace().last().unwrap_or_default().to_owned();
    if let Some(listed) = expected["attendees"].as_array() {
        let expected_names: Vec<String> = listed
            .iter()
            .map(|a| last_word(a["name"].as_str().unwrap_or_default()))
            .collect();
        for family_name in &expected_names {
            s.add(
                &fam,
                "attendees",
                m.attendees
                    .iter()
                    .any(|x| last_word(&x.name.family_name) == *family_name),
            );
        }
        // Every person read must be one the document lists: a department, a newspaper
        // or a room read as a person would become a Person object.
        for a in &m.attendees {
            s.read_persons += 1;
            if !expected_names.contains(&last_word(&a.name.family_name)) {
                s.unlisted_persons
                    .push(format!("{}: {}", s.current, a.name.display()));
            }
        }
    }
}

fn run(dirs: &[&str]) -> Scores {
    let mut scores = Scores::default();
    for (name, text, expected) in fixtures_in(dirs) {
        match parse(&text) {
            Ok(m) => score(&name, &m, &expected, &mut scores),
            Err(e) => {
                // A rejection must say why and where. Pages without a header (a results
                // page with no date) are still scored on what the parser reads in them.
                assert!(!e.message.is_empty() && e.line >= 1, "{name}: {e}");
                scores.rejected.push(format!("{name}: {e}"));
                score(&name, &parse_fragment(&text), &expected, &mut scores);
            }
        }
    }
    scores
}

#[test]
fn layouts_of_other_cities_parse_with_recorded_recall() {
    let dev = run(&[".", "extracts"]);
    let held = run(&["heldout"]);
    let report = format!(
        "{}\n{}\nrejected: {:#?} {:#?}\nmissed (development): {:#?}\nmissed (held back): {:#?}\ninvented: {:#?} {:#?}\nunlisted persons: {:#?} {:#?}",
        dev.table("development documents"),
        held.table("held-back documents"),
        dev.rejected,
        held.rejected,
        dev.recall.misses,
        held.recall.misses,
        dev.invented,
        held.invented,
        dev.unlisted_persons,
        held.unlisted_persons
    );
    println!("{report}");
    assert!(
        dev.invented.is_empty() && held.invented.is_empty(),
        "counts the documents do not print:\n{report}"
    );
    // Persons the documents do not list: at most this share of those read. Held back, round
    // H read 6 of 40 persons that its documents do not list, unseen.
    for (part, scores, ceiling) in [("development", &dev, 0.02), ("held-back", &held, 0.15)] {
        assert!(
            scores.unlisted_share() <= ceiling,
            "{part}: {:.3} of the attendees read are not listed in the document\n{report}",
            scores.unlisted_share()
        );
    }
    // Recall recorded when the recognisers were last improved; raise these, never lower them.
    let floors = FLOORS;
    for (kind, floor, held_floor) in floors {
        assert!(
            dev.rate(kind) >= floor,
            "{kind}: development recall {:.2} fell below {floor}\n{report}",
            dev.rate(kind)
        );
        assert!(
            held.rate(kind) >= held_floor,
            "{kind}: held-back recall {:.2} fell below {held_floor}\n{report}",
            held.rate(kind)
        );
    }
}

const FLOORS: [(&str, f64, f64); 12] = [
    ("date", 0.95, 1.0),
    ("times", 0.95, 0.75),
    ("place", 0.84, 0.66),
    ("committee", 0.83, 0.66),
    ("item numbers", 0.95, 0.92),
    ("item titles", 0.94, 0.63),
    ("results", 0.87, 0.94),
    ("outcomes", 0.81, 0.94),
    ("counts", 0.88, 0.9),
    ("references", 0.96, 0.57),
    ("paper type/originator", 0.76, 0.1),
    ("attendees", 0.92, 0.38),
];

/// A small deterministic generator (xorshift), so that a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const NOISE: [&str; 12] = [
    "Zu Punkt",
    "TOP Ö",
    "- einstimmig -",
    "Anwesend:",
    "Herr",
    "Frau Dr.",
    "\u{0}",
    "\u{301}",
    "Beginn:",
    "99.99.9999",
    "Nichtöffentliche Sitzung",
    "|",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for _ in 0..1 + rng.below(6) {
        let at = rng.below(lines.len() + 1);
        match rng.below(6) {
            0 if !lines.is_empty() => {
                let len = 1 + rng.below(20);
                let end = (at + len).min(lines.len());
                lines.drain(at.min(end)..end);
            }
            1 if at < lines.len() => {
                let line = lines[at].clone();
                lines.insert(at, line);
            }
            2 => lines.insert(at, NOISE[rng.below(NOISE.len())].to_owned()),
            3 if at < lines.len() => {
                let line = &lines[at];
                let cut = line
                    .char_indices()
                    .map(|(i, _)| i)
                    .nth(rng.below(line.chars().count() + 1))
                    .unwrap_or(line.len());
                lines[at] = format!("{}{}", &line[..cut], NOISE[rng.below(NOISE.len())]);
            }
            4 if lines.len() > 2 => {
                let other = rng.below(lines.len());
                let last = lines.len() - 1;
                lines.swap(at.min(last), other);
            }
            _ => {
                let garbage: String = (0..rng.below(40))
                    .map(|_| char::from_u32(rng.below(0x3000) as u32).unwrap_or('?'))
                    .collect();
                lines.insert(at, garbage);
            }
        }
    }
    lines.join("\n")
}

/// Fuzzing, bounded: thousands of mutated minutes (the seed and every layout
/// excerpt) and raw byte soups go through extraction and parsing; none may panic.
#[test]
fn the_parser_never_crashes_on_mutated_input() {
    let mut corpus: Vec<String> = fixtures().into_iter().map(|(_, text, _)| text).collect();
    corpus.push(String::from_utf8_lossy(ratsinfo::ingest::oparl_json::DEMO_MINUTES.1).into_owned());
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut parsed = 0;
    for round in 0..2500 {
        let base = &corpus[round % corpus.len()];
        let text = mutate(base, &mut rng);
        if parse(&text).is_ok() {
            parsed += 1;
        }
        if round % 10 == 0 {
            let mut bytes: Vec<u8> = text.bytes().take(rng.below(3000)).collect();
            for _ in 0..rng.below(50) {
                let at = rng.below(bytes.len() + 1);
                bytes.insert(at, rng.below(256) as u8);
            }
            if round % 20 == 0 {
                bytes.splice(0..0, b"%PDF-1.7\n".iter().copied());
            }
            if let Ok(extracted) = ratsinfo::ingest::minutes::text::extract(&bytes) {
                let _ = parse(&extracted.text);
            }
        }
    }
    // Most mutations keep enough structure to parse; the rest were rejected cleanly.
    assert!(parsed > 1000, "only {parsed} of 2500 mutated inputs parsed");
}
