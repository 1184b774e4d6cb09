//! Property tests (proptest) of every parser that reads outside input: the minutes
//! parser and its text extraction, the decision sentences and vote phrases, the search
//! query language, the OParl list parameters and the OParl JSON loader. Inputs are the
//! project's real fixtures mutated (bytes and lines cut, repeated, swapped, spliced with
//! the tokens minutes are made of) and arbitrary text. None may panic; errors must say
//! where. proptest writes the shrunk input of any failure to a `proptest-regressions`
//! file, replayed first on every later run: committed, it is the corpus of cases that
//! once failed. The seed corpus is the fixture minutes themselves.

use std::sync::LazyLock;

use proptest::prelude::*;
use ratsinfo::api::oparl::params::ListParams;
use ratsinfo::ingest::minutes::decisions;
use ratsinfo::ingest::minutes::{parse, text};
use ratsinfo::ingest::votes::phrase;
use ratsinfo::search::query;

/// The minutes of the fixture corpus and the seed.
static MINUTES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minutes");
    let mut texts =
        vec![String::from_utf8_lossy(ratsinfo::ingest::oparl_json::DEMO_MINUTES.1).into_owned()];
    for dir in [root.clone(), root.join("extracts"), root.join("heldout")] {
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for f in files {
            if f.extension().is_some_and(|e| e == "txt")
                && let Ok(t) = std::fs::read_to_string(&f)
            {
                texts.push(t);
            }
        }
    }
    texts
});

/// Pieces minutes are made of, spliced in by the mutations.
const TOKENS: &[&str] = &[
    "TOP ",
    "Ö ",
    "N ",
    "1.",
    "2.1",
    "a)",
    "Beschluss:",
    "einstimmig",
    "Ja:",
    "Nein:",
    "Enthaltungen:",
    " 12 ",
    "0",
    "-",
    "Drucksache ",
    "Vorlage: 2014/0007",
    "Sitzung am ",
    "29.09.2020",
    "19:00 Uhr",
    "Beginn:",
    "Ende:",
    "Nichtöffentliche Sitzung",
    "Öffentliche Sitzung",
    "Anwesend:",
    "entschuldigt",
    "(SPD)",
    "\n",
    "\n\n",
    "\t",
    "\u{a0}",
    "ß",
    "ä",
    "\u{feff}",
    "\r\n",
    "Enthaltun-\ngen",
    "mehrheitlich abgelehnt",
    ":",
    "(",
    ")",
    "Auszug aus der Niederschrift",
    "Zu Punkt 3.2",
    "Abstimmungsergebnis:",
    "\u{0}",
];

#[derive(Debug, Clone)]
enum Edit {
    /// Remove a span of characters.
    Cut(usize, usize),
    /// Insert a token.
    Splice(usize, usize),
    /// Repeat a span of lines.
    Repeat(usize, usize),
    /// Swap two lines.
    Swap(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0usize..200).prop_map(|(a, n)| Edit::Cut(a, n)),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(a, t)| Edit::Splice(a, t)),
        (any::<usize>(), 1usize..20).prop_map(|(a, n)| Edit::Repeat(a, n)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
    ]
}

/// A char boundary at or before `at` (mod the length).
fn boundary(s: &str, at: usize) -> usize {
    if s.is_empty() {
        return 0;
    }
    let mut i = at % (s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut s = text.to_owned();
    for e in edits {
        match *e {
            Edit::Cut(at, n) => {
                let a = boundary(&s, at);
                let b = boundary(&s, a + n);
                if b > a {
                    s.replace_range(a..b, "");
                }
            }
            Edit::Splice(at, t) => {
                let a = boundary(&s, at);
                s.insert_str(a, TOKENS[t]);
            }
            Edit::Repeat(at, n) | Edit::Swap(at, n) => {
                let mut lines: Vec<String> = s.lines().map(str::to_owned).collect();
                if lines.is_empty() {
                    continue;
                }
                let i = at % lines.len();
                if matches!(e, Edit::Repeat(..)) {
                    let end = (i + n).min(lines.len());
                    let copy: Vec<String> = lines[i..end].to_vec();
                    lines.splice(end..end, copy);
                } else {
                    let j = n % lines.len();
                    lines.swap(i, j);
                }
                s = lines.join("\n");
            }
        }
    }
    s
}

fn mutated_minutes() -> impl Strategy<Value = String> {
    (0..MINUTES.len(), prop::collection::vec(edit(), 1..24))
        .prop_map(|(doc, edits)| apply(&MINUTES[doc], &edits))
}

/// A line of the corpus, mutated.
fn mutated_line() -> impl Strategy<Value = String> {
    (
        0..MINUTES.len(),
        any::<usize>(),
        prop::collection::vec(edit(), 0..6),
    )
        .prop_map(|(doc, line, edits)| {
            let lines: Vec<&str> = MINUTES[doc].lines().collect();
            let line = lines.get(line % lines.len().max(1)).copied().unwrap_or("");
            apply(line, &edits)
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// The parser answers every mutation of real minutes with minutes or an error naming
    /// a line of the text, and what it reads points at lines that exist.
    #[test]
    fn the_minutes_parser_survives_mutated_minutes(text in mutated_minutes()) {
        let lines = text.lines().count().max(1);
        match parse::parse(&text) {
            Ok(m) => {
                for w in &m.warnings {
                    prop_assert!(w.line <= lines + 1, "warning at line {} of {}", w.line, lines);
                }
                for item in &m.items {
                    prop_assert!(item.lines.from <= item.lines.to + 1);
                }
            }
            Err(e) => prop_assert!(e.line <= lines + 1, "error at line {} of {}", e.line, lines),
        }
        let _ = parse::parse_fragment(&text);
    }

    #[test]
    fn text_extraction_survives_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = text::extract(&bytes);
        let mut pdf = b"%PDF-1.4\n".to_vec();
        pdf.extend_from_slice(&bytes);
        let _ = text::extract(&pdf);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Decision sentences and vote phrases: no panic, and counts only from digits or
    /// number words that are in the text.
    #[test]
    fn decision_and_vote_phrases_survive_any_line(line in prop_oneof![mutated_line(), "\\PC{0,300}"]) {
        let _ = decisions::statement(&line);
        let _ = decisions::looks_like_decision(&line);
        let _ = phrase::parse(&line);
    }

    /// The query language: no panic; an error's position is inside the query (or just
    /// past its end).
    #[test]
    fn the_query_language_survives_any_input(q in prop_oneof![
        "\\PC{0,200}",
        prop::collection::vec(prop_oneof![
            Just("\"".to_owned()), Just("-".to_owned()), Just("*".to_owned()), Just(" OR ".to_owned()),
            Just(" ".to_owned()), "[a-zäöüß]{1,8}".prop_map(|s| s),
        ], 0..30).prop_map(|v| v.concat()),
    ]) {
        if let Err(e) = query::parse(&q) {
            prop_assert!(e.position <= q.chars().count() + 1, "position {} of {:?}", e.position, q);
            prop_assert!(!e.message.is_empty());
        }
    }

    /// List parameters: every query string is a list request or a 400, never a panic.
    #[test]
    fn list_parameters_survive_any_query_string(q in prop_oneof![
        "\\PC{0,200}",
        prop::collection::vec(
            (prop_oneof![
                Just("limit"), Just("after"), Just("modified_since"), Just("modified_until"),
                Just("created_since"), Just("created_until"), Just("omit_internal"), Just("x")
            ], "[-+:.%0-9A-Za-z]{0,30}"),
            0..6,
        ).prop_map(|v| v.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")),
    ]) {
        let _ = ListParams::parse(&q);
    }
}

/// The OParl example objects and the demo fixture, as JSON values.
static OPARL: LazyLock<Vec<serde_json::Value>> = LazyLock::new(crate::helpers::demo_objects);

/// A JSON value replaced somewhere inside `v`, chosen by `path`.
fn corrupt(v: &mut serde_json::Value, path: &[usize], with: &serde_json::Value) {
    let Some((&first, rest)) = path.split_first() else {
        *v = with.clone();
        return;
    };
    match v {
        serde_json::Value::Object(map) if !map.is_empty() => {
            let key = map
                .keys()
                .nth(first % map.len())
                .cloned()
                .unwrap_or_default();
            if let Some(child) = map.get_mut(&key) {
                corrupt(child, rest, with);
            }
        }
        serde_json::Value::Array(items) if !items.is_empty() => {
            let n = items.len();
            corrupt(&mut items[first % n], rest, with);
        }
        _ => *v = with.clone(),
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        "\\PC{0,40}".prop_map(serde_json::Value::from),
        Just(serde_json::json!("2021-05-04T17:00:00+02:00")),
        Just(serde_json::json!("https://example.org/oparl/v1.1/papers/1")),
        Just(serde_json::json!([])),
        Just(serde_json::json!({})),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Malformed OParl (a value anywhere replaced by one of another kind) is loaded with
    /// repairs or rejected with its JSON path; the store stays consistent either way.
    #[test]
    fn the_oparl_loader_survives_corrupted_objects(
        picks in prop::collection::vec((prop::collection::vec(any::<usize>(), 1..5), json_value()), 1..6)
    ) {
        let mut objects = OPARL.clone();
        for (path, with) in &picks {
            let mut root = serde_json::Value::Array(std::mem::take(&mut objects));
            corrupt(&mut root, path, with);
            objects = match root {
                serde_json::Value::Array(a) => a,
                other => vec![other],
            };
        }
        let text = serde_json::to_string(&objects).unwrap_or_default();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let outcome: Result<(), TestCaseError> = runtime.block_on(async {
            let store = ratsinfo::store::Store::open("sqlite::memory:").await.expect("store");
            match ratsinfo::ingest::oparl_json::load_text(&store, "corrupted.json", &text).await {
                Ok(report) => {
                    for e in &report.errors {
                        prop_assert!(e.contains("corrupted.json"), "{e}");
                    }
                }
                Err(e) => prop_assert!(!e.to_string().is_empty()),
            }
            // Whatever was accepted is served: the store still answers.
            prop_assert!(store.data_version().await.is_ok());
            Ok(())
        });
        outcome?;
    }
}
