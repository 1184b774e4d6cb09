//! Text analysis shared by the index and the query: words, folding, German stems.
//!
//! Both backends receive the terms made here (SQLite's FTS5 as space-separated tokens,
//! PostgreSQL as a `tsvector` literal), so the same text matches the same queries on
//! both, and no database-side dictionary or extension is needed.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// Changes whenever the terms made from a text (or what an index document holds)
/// change: an index built with another version is rebuilt on start.
pub const VERSION: i64 = 2;

/// At most this many terms of one document are indexed (PostgreSQL keeps positions up
/// to 16383; both backends stop at the same place so that they agree).
pub const MAX_TERMS: usize = 16_000;

/// A word of a text: its byte span and its term (`None` for stop words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub term: Option<String>,
}

/// Words are runs of letters and digits; everything else separates them.
pub fn spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        while let Some(&(_, c)) = chars.peek() {
            if c.is_alphanumeric() {
                break;
            }
            chars.next();
        }
        let (start, _) = *chars.peek()?;
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if !c.is_alphanumeric() {
                break;
            }
            end = i + c.len_utf8();
            chars.next();
        }
        Some((start, end))
    })
}

/// The words of a text with their terms.
pub fn words(text: &str) -> impl Iterator<Item = Word> + '_ {
    spans(text).map(|(start, end)| Word {
        start,
        end,
        term: term(&text[start..end]),
    })
}

/// The terms of a text, in order, stop words left out.
pub fn terms(text: &str) -> Vec<String> {
    spans(text).filter_map(|(s, e)| term(&text[s..e])).collect()
}

/// Lower case with umlauts, ß and accents folded: `Straße` and `Strasse` become one.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => out.push('a'),
            'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' | 'ő' => out.push('o'),
            'ü' | 'ù' | 'ú' | 'û' | 'ū' | 'ů' | 'ű' => out.push('u'),
            'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => out.push('e'),
            'í' | 'ì' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => out.push('i'),
            'ç' | 'ć' | 'č' => out.push('c'),
            'ñ' | 'ń' | 'ň' => out.push('n'),
            'ś' | 'š' | 'ş' => out.push('s'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            'ł' => out.push('l'),
            'ř' => out.push('r'),
            'ť' => out.push('t'),
            'ď' => out.push('d'),
            'ý' | 'ÿ' => out.push('y'),
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            _ => out.push(c),
        }
    }
    out
}

/// The term of one word: folded and, for words of letters, reduced to its German stem
/// (Snowball), so that `Fahrräder` and `Fahrrad` meet. Stop words and single letters
/// have none.
pub fn term(word: &str) -> Option<String> {
    let folded = fold(word);
    if folded.chars().any(|c| c.is_ascii_digit()) {
        return Some(folded);
    }
    if folded.chars().count() < 2 || is_stop_word(&folded) {
        return None;
    }
    Some(stemmer().stem(&folded).into_owned())
}

/// The stem of a word that is known to be no stop word (compound heads).
fn stem(folded: &str) -> String {
    stemmer().stem(folded).into_owned()
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::German))
}

/// Words too common to find anything by, folded.
const STOP_WORDS: &[&str] = &[
    "aber", "alle", "als", "am", "an", "auch", "auf", "aus", "bei", "bis", "da", "das", "dass",
    "dem", "den", "der", "des", "die", "dies", "diese", "dieser", "dieses", "du", "durch", "ein",
    "eine", "einem", "einen", "einer", "eines", "er", "es", "fur", "hat", "ich", "ihr", "im", "in",
    "ins", "ist", "mit", "nach", "noch", "nur", "ob", "oder", "sich", "sie", "sind", "so", "um",
    "und", "vom", "von", "vor", "war", "was", "wie", "wir", "wird", "zu", "zum", "zur",
];

fn is_stop_word(folded: &str) -> bool {
    STOP_WORDS.binary_search(&folded).is_ok()
}

/// Last parts of German compounds common in council papers. A term that ends in one
/// is also indexed under it, so that `Straße` finds `Fahrradstraße` and `Radweg` finds
/// `Fahrradweg`; the first part is found by prefix (see the query).
const HEADS: &[&str] = &[
    "amt",
    "ampel",
    "anlage",
    "antrag",
    "ausschuss",
    "bad",
    "bahn",
    "bau",
    "baum",
    "bebauung",
    "bericht",
    "beschluss",
    "bibliothek",
    "brücke",
    "brunnen",
    "bus",
    "denkmal",
    "digitalisierung",
    "entwicklung",
    "erweiterung",
    "feuerwehr",
    "förderung",
    "friedhof",
    "garten",
    "gebiet",
    "gebühr",
    "gelände",
    "gesellschaft",
    "gewerbe",
    "grundschule",
    "gymnasium",
    "hafen",
    "halle",
    "haltestelle",
    "haus",
    "haushalt",
    "heim",
    "hof",
    "kindergarten",
    "kita",
    "klima",
    "konzept",
    "kreisel",
    "markt",
    "netz",
    "ordnung",
    "park",
    "parkplatz",
    "plan",
    "planung",
    "platz",
    "programm",
    "projekt",
    "radverkehr",
    "radweg",
    "rathaus",
    "sanierung",
    "satzung",
    "schule",
    "schutz",
    "spielplatz",
    "sportplatz",
    "stadion",
    "stelle",
    "steuer",
    "straße",
    "strom",
    "turnhalle",
    "verkehr",
    "vertrag",
    "wald",
    "weg",
    "wohnung",
    "zentrum",
];

/// The folded [`HEADS`] with their terms, longest first. A compound is matched on its
/// folded word, not on its stem: the stemmer cuts more from a long word (`haushaltssatz`
/// from `Haushaltssatzung`) than from the head alone (`satzung`).
fn head_terms() -> &'static [(String, String)] {
    static HEAD_TERMS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    HEAD_TERMS.get_or_init(|| {
        let mut heads: Vec<(String, String)> = HEADS
            .iter()
            .map(|h| {
                let folded = fold(h);
                let term = stem(&folded);
                (folded, term)
            })
            .collect();
        heads.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        heads.dedup();
        heads
    })
}

/// The terms of the compound heads a word ends in (only where a first part of at least
/// three letters is left).
pub fn heads(word: &str) -> impl Iterator<Item = &'static str> {
    let folded = fold(word);
    head_terms()
        .iter()
        .filter(|(h, _)| folded.len() >= h.len() + 3 && folded.ends_with(h.as_str()))
        .map(|(_, t)| t.as_str())
        .collect::<Vec<_>>()
        .into_iter()
}

/// The indexed terms of a field: its words' terms (at most `budget`), then the compound
/// heads found among them, each once. Positions follow this order on both backends.
pub fn field_terms(text: &str, budget: usize) -> (Vec<String>, Vec<&'static str>) {
    let mut words = Vec::new();
    let mut extra: Vec<&'static str> = Vec::new();
    for (s, e) in spans(text) {
        if words.len() >= budget {
            break;
        }
        let word = &text[s..e];
        let Some(t) = term(word) else {
            continue;
        };
        for h in heads(word) {
            if h != t && !extra.contains(&h) {
                extra.push(h);
            }
        }
        words.push(t);
    }
    (words, extra)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn spelling_variants_meet_in_one_term() {
        assert_eq!(term("Straße"), term("Strasse"));
        assert_eq!(term("Fahrräder"), term("Fahrrad"));
        assert_eq!(term("Anträge"), term("Antrag"));
        assert_eq!(term("Beschlüsse"), term("Beschluss"));
        assert_eq!(term("Café"), term("Cafe"));
    }

    #[test]
    fn stop_words_digits_and_letters() {
        assert_eq!(term("der"), None);
        assert_eq!(term("Und"), None);
        assert_eq!(term("a"), None);
        assert_eq!(term("2021"), Some("2021".to_owned()));
        assert_eq!(term("A5867"), Some("a5867".to_owned()));
        assert_eq!(
            terms("Drucksache 0751/2020-2025"),
            vec![
                term("Drucksache").unwrap_or_default(),
                "0751".into(),
                "2020".into(),
                "2025".into()
            ]
        );
    }

    #[test]
    fn compounds_are_indexed_under_their_head() {
        let has = |word: &str, head: &str| heads(word).any(|h| Some(h.to_owned()) == term(head));
        assert!(
            term("Fahrradstraße")
                .unwrap_or_default()
                .starts_with(&term("Fahrrad").unwrap_or_default())
        );
        assert!(has("Fahrradstraße", "Straße"));
        assert!(has("Fahrradweg", "Radweg"));
        // The stem of the compound loses its -ung; the head is still found.
        assert!(has("Haushaltssatzung", "Satzung"));
        assert!(has("Geschäftsordnung", "Ordnung"));
        assert!(heads("Straße").next().is_none());
        // Too short a first part: no split.
        assert!(heads("Abbad").next().is_none());
    }

    #[test]
    fn spans_cover_words_of_any_script() {
        let text = "TOP 5: Łódź-Partnerschaft, 12,5 %";
        let words: Vec<&str> = spans(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(words, ["TOP", "5", "Łódź", "Partnerschaft", "12", "5"]);
    }
}
