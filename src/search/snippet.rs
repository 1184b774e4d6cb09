//! Highlighted snippets: a short window of the text around the first matching word,
//! HTML-escaped, with matches in `<mark>`.

use super::analyze;
use super::query::{Query, matches};

/// Words shown before the first match.
const BEFORE: usize = 8;
/// Words in a snippet at most.
const WORDS: usize = 30;

/// The snippet of `text` for `query`: the window around its first match, or the text's
/// start when only the title matched. Empty for an empty text.
pub fn snippet(text: &str, query: &Query) -> String {
    let words: Vec<analyze::Word> = analyze::words(text).collect();
    if words.is_empty() {
        return String::new();
    }
    let hit = |w: &analyze::Word| {
        w.term
            .as_deref()
            .is_some_and(|t| query.positive().any(|a| matches(a, t)))
    };
    let first = words.iter().position(hit).unwrap_or(0);
    let from = first.saturating_sub(BEFORE);
    let to = (from + WORDS).min(words.len());
    let start = if from == 0 { 0 } else { words[from].start };
    let end = if to == words.len() {
        text.len()
    } else {
        words[to - 1].end
    };
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut at = start;
    for w in &words[from..to] {
        out.push_str(&escape(&text[at..w.start]));
        let word = escape(&text[w.start..w.end]);
        if hit(w) {
            out.push_str("<mark>");
            out.push_str(&word);
            out.push_str("</mark>");
        } else {
            out.push_str(&word);
        }
        at = w.end;
    }
    out.push_str(&escape(&text[at..end]));
    if to < words.len() {
        out.push('…');
    }
    collapse_space(&out)
}

/// The snippet without markup (CSV).
pub fn plain(snippet: &str) -> String {
    snippet
        .replace("<mark>", "")
        .replace("</mark>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Line breaks and runs of blanks become one space.
fn collapse_space(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    #[test]
    fn marks_matches_and_cuts_a_window() {
        let text = format!(
            "{} Der Ausschuss beschließt den Ausbau der Fahrradstraße <Nord> einstimmig. {}",
            "Vorwort ".repeat(20),
            "Nachwort ".repeat(40)
        );
        let q = parse("Fahrrad").unwrap_or_else(|e| panic!("{e}"));
        let s = snippet(&text, &q);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>Fahrradstraße</mark> &lt;Nord&gt;"), "{s}");
        assert_eq!(plain(&s).matches("Fahrradstraße <Nord>").count(), 1);
    }

    #[test]
    fn title_only_matches_show_the_start() {
        let q = parse("Haushalt").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(snippet("Kurzer Text.", &q), "Kurzer Text.");
        assert_eq!(snippet("", &q), "");
    }
}
