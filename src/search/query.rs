//! The query language journalists know from web search: words (all must occur),
//! `"exact phrase"`, `-exclude`, `prefix*` and `OR` between two alternatives.
//!
//! Parsed once into [`Query`]; the store turns that into FTS5 or `tsquery` syntax, so
//! no user text ever reaches an engine's own parser.

use super::analyze;

/// Longest query accepted, in characters.
pub const MAX_LEN: usize = 500;
/// Most words and phrases in one query.
pub const MAX_ATOMS: usize = 20;
/// Shortest explicit prefix (`ra*` would match half the index).
pub const MIN_PREFIX: usize = 2;
/// Terms at least this long also match as prefix, for compounds (`Fahrrad` finds
/// `Fahrradstraße`).
pub const IMPLICIT_PREFIX: usize = 4;

/// A parsed query: every group must match, no excluded atom may.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub all: Vec<Vec<Atom>>,
    pub none: Vec<Atom>,
}

/// A word or a phrase, as terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    Term { term: String, prefix: Prefix },
    Phrase(Vec<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    /// Only the term itself.
    Exact,
    /// The term or a longer word starting with it (compounds); the term ranks higher.
    Compound,
    /// Written with `*`: any word starting with it.
    Explicit,
}

/// Why a query cannot be run, with the 1-based character position it refers to.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at position {position})")]
pub struct QueryError {
    pub position: usize,
    pub message: String,
}

fn error(position: usize, message: impl Into<String>) -> QueryError {
    QueryError {
        position,
        message: message.into(),
    }
}

/// One lexical piece of the query.
#[derive(Debug)]
enum Piece {
    Or,
    /// A word or phrase and its other spellings (none: only stop words).
    Atom {
        negated: bool,
        atoms: Vec<Atom>,
    },
}

/// Parses a query; errors name the position of the fault.
pub fn parse(input: &str) -> Result<Query, QueryError> {
    let length = input.chars().count();
    if input.trim().is_empty() {
        return Err(error(1, "The query is empty."));
    }
    if length > MAX_LEN {
        return Err(error(
            MAX_LEN + 1,
            format!("The query is longer than {MAX_LEN} characters."),
        ));
    }
    let pieces = lex(input)?;
    let atoms = pieces
        .iter()
        .filter(|(_, p)| matches!(p, Piece::Atom { .. }))
        .count();
    if atoms > MAX_ATOMS {
        return Err(error(
            1,
            format!("The query has more than {MAX_ATOMS} words."),
        ));
    }
    let mut all: Vec<Vec<Atom>> = Vec::new();
    let mut none = Vec::new();
    let mut join_next = false;
    let mut dropped = false;
    for (i, (position, piece)) in pieces.iter().enumerate() {
        match piece {
            Piece::Or => {
                let before = i.checked_sub(1).map(|j| &pieces[j].1);
                let after = pieces.get(i + 1).map(|p| &p.1);
                let operand =
                    |p: Option<&Piece>| matches!(p, Some(Piece::Atom { negated: false, .. }));
                if !operand(before) || !operand(after) {
                    return Err(error(
                        *position,
                        "OR needs a word or phrase on both sides (and cannot join an exclusion).",
                    ));
                }
                join_next = true;
            }
            Piece::Atom { negated, atoms } => {
                let joined = std::mem::take(&mut join_next);
                if atoms.is_empty() {
                    dropped = true;
                    continue;
                }
                if *negated {
                    none.extend(atoms.iter().cloned());
                } else if joined && let Some(group) = all.last_mut() {
                    group.extend(atoms.iter().cloned());
                } else {
                    all.push(atoms.clone());
                }
            }
        }
    }
    if all.is_empty() {
        let message = if !none.is_empty() {
            "The query only excludes: give at least one word to look for."
        } else if dropped {
            "The query has only words too common to search for (der, und, ...)."
        } else {
            "The query has no word to look for."
        };
        return Err(error(1, message));
    }
    Ok(Query { all, none })
}

/// Splits the query into words, phrases and `OR`, with their positions.
fn lex(input: &str) -> Result<Vec<(usize, Piece)>, QueryError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        let negated = chars[i] == '-';
        if negated {
            i += 1;
            if i >= chars.len() || chars[i].is_whitespace() {
                return Err(error(
                    start + 1,
                    "A '-' must stand right before the word it excludes.",
                ));
            }
        }
        if chars[i] == '"' {
            let open = i;
            let Some(close) = chars[open + 1..].iter().position(|c| *c == '"') else {
                return Err(error(open + 1, "This quote is not closed."));
            };
            let text: String = chars[open + 1..open + 1 + close].iter().collect();
            i = open + close + 2;
            if chars.get(i) == Some(&'*') {
                return Err(error(
                    i + 1,
                    "A phrase cannot end in '*'; put it on a word.",
                ));
            }
            let terms = analyze::terms(&text);
            let atom = match terms.len() {
                0 => None,
                1 => terms.into_iter().next().map(|term| Atom::Term {
                    term,
                    prefix: Prefix::Exact,
                }),
                _ => Some(Atom::Phrase(terms)),
            };
            out.push((
                start + 1,
                Piece::Atom {
                    negated,
                    atoms: Vec::from_iter(atom),
                },
            ));
            continue;
        }
        let word_start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
            i += 1;
        }
        let word: String = chars[word_start..i].iter().collect();
        if word == "OR" && !negated {
            out.push((start + 1, Piece::Or));
            continue;
        }
        out.push((
            start + 1,
            Piece::Atom {
                negated,
                atoms: spellings(&word, word_start)?,
            },
        ));
    }
    Ok(out)
}

/// A word and, where it spells an umlaut as `ae`, `oe` or `ue` (as typed on keyboards
/// without them), the word with the umlaut: `Waermeversorgung` also looks for
/// `Wärmeversorgung`. The index folds `ä` to `a`, so only the query needs both.
fn spellings(word: &str, at: usize) -> Result<Vec<Atom>, QueryError> {
    let mut atoms = Vec::from_iter(word_atom(word, at)?);
    let lower = word.to_lowercase();
    if ["ae", "oe", "ue"].iter().any(|p| lower.contains(p)) {
        let umlauts = word
            .replace("ae", "ä")
            .replace("oe", "ö")
            .replace("ue", "ü")
            .replace("Ae", "Ä")
            .replace("Oe", "Ö")
            .replace("Ue", "Ü");
        if let Some(other) = word_atom(&umlauts, at)?
            && !atoms.contains(&other)
        {
            atoms.push(other);
        }
    }
    Ok(atoms)
}

/// A word as written (without a leading `-`), at character index `at`.
fn word_atom(word: &str, at: usize) -> Result<Option<Atom>, QueryError> {
    let explicit = word.ends_with('*');
    let body = word.trim_end_matches('*');
    if let Some(star) = body.chars().position(|c| c == '*') {
        return Err(error(at + star + 1, "A '*' can only end a word."));
    }
    if explicit {
        let spans: Vec<(usize, usize)> = analyze::spans(body).collect();
        let [(s, e)] = spans.as_slice() else {
            return Err(error(
                at + 1,
                "A prefix with '*' must be one word of letters or digits.",
            ));
        };
        let folded = analyze::fold(&body[*s..*e]);
        if folded.chars().count() < MIN_PREFIX {
            return Err(error(
                at + 1,
                format!("A prefix needs at least {MIN_PREFIX} letters before '*'."),
            ));
        }
        return Ok(Some(Atom::Term {
            term: folded,
            prefix: Prefix::Explicit,
        }));
    }
    let terms = analyze::terms(body);
    Ok(match terms.len() {
        0 => None,
        // `24-1095`, `2014/0007`: one written word of several terms is a phrase.
        1 => terms.into_iter().next().map(|term| {
            let compound = term.chars().count() >= IMPLICIT_PREFIX
                && !term.chars().any(|c| c.is_ascii_digit());
            Atom::Term {
                term,
                prefix: if compound {
                    Prefix::Compound
                } else {
                    Prefix::Exact
                },
            }
        }),
        _ => Some(Atom::Phrase(terms)),
    })
}

impl Query {
    /// The atoms a result is highlighted for.
    pub fn positive(&self) -> impl Iterator<Item = &Atom> {
        self.all.iter().flatten()
    }

    /// The query in SQLite FTS5 syntax (terms are letters and digits only, quoted).
    pub fn fts5(&self) -> String {
        fn atom(a: &Atom) -> String {
            match a {
                Atom::Term {
                    term,
                    prefix: Prefix::Exact,
                } => format!("\"{term}\""),
                Atom::Term {
                    term,
                    prefix: Prefix::Compound,
                } => {
                    format!("(\"{term}\" OR \"{term}\"*)")
                }
                Atom::Term {
                    term,
                    prefix: Prefix::Explicit,
                } => format!("\"{term}\"*"),
                Atom::Phrase(terms) => format!("\"{}\"", terms.join(" ")),
            }
        }
        let mut out = self
            .all
            .iter()
            .map(|g| {
                let alts: Vec<String> = g.iter().map(atom).collect();
                if alts.len() == 1 {
                    alts.join("")
                } else {
                    format!("({})", alts.join(" OR "))
                }
            })
            .collect::<Vec<_>>()
            .join(" AND ");
        for a in &self.none {
            out.push_str(" NOT ");
            out.push_str(&atom(a));
        }
        out
    }

    /// The query as a PostgreSQL `tsquery` literal.
    pub fn tsquery(&self) -> String {
        fn atom(a: &Atom) -> String {
            match a {
                Atom::Term {
                    term,
                    prefix: Prefix::Exact,
                } => format!("'{term}'"),
                Atom::Term {
                    term,
                    prefix: Prefix::Compound,
                } => format!("('{term}' | '{term}':*)"),
                Atom::Term {
                    term,
                    prefix: Prefix::Explicit,
                } => format!("'{term}':*"),
                Atom::Phrase(terms) => {
                    let quoted: Vec<String> = terms.iter().map(|t| format!("'{t}'")).collect();
                    format!("({})", quoted.join(" <-> "))
                }
            }
        }
        let mut parts: Vec<String> = self
            .all
            .iter()
            .map(|g| {
                let alts: Vec<String> = g.iter().map(atom).collect();
                format!("({})", alts.join(" | "))
            })
            .collect();
        parts.extend(self.none.iter().map(|a| format!("!{}", atom(a))));
        parts.join(" & ")
    }
}

/// Whether a term of a text matches an atom of the query (for highlighting).
pub fn matches(atom: &Atom, term: &str) -> bool {
    match atom {
        Atom::Term {
            term: t,
            prefix: Prefix::Exact,
        } => term == t,
        Atom::Term { term: t, .. } => term.starts_with(t.as_str()),
        Atom::Phrase(terms) => terms.iter().any(|t| t == term),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(word: &str) -> String {
        analyze::term(word).unwrap_or_default()
    }

    #[test]
    fn words_phrases_exclusions_and_alternatives() {
        let q = parse(r#"Radweg "Hauptstraße Nord" -Parkplatz Grüne OR SPD"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(q.all.len(), 3);
        assert_eq!(
            q.all[1],
            vec![Atom::Phrase(vec![t("Hauptstraße"), t("Nord")])]
        );
        assert_eq!(q.all[2].len(), 2, "Grüne OR SPD is one group");
        assert_eq!(q.none.len(), 1);
        assert_eq!(
            q.fts5(),
            format!(
                "(\"{r}\" OR \"{r}\"*) AND \"{h} nord\" AND ((\"{g}\" OR \"{g}\"*) OR \"spd\") NOT (\"{p}\" OR \"{p}\"*)",
                r = t("Radweg"),
                h = t("Hauptstraße"),
                g = t("Grüne"),
                p = t("Parkplatz")
            )
        );
        assert!(
            q.tsquery()
                .contains(&format!("('{h}' <-> 'nord')", h = t("Hauptstraße")))
        );
    }

    #[test]
    fn references_are_phrases_and_prefixes_are_folded() {
        let q = parse("2014/0007 Fahrrä*").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            q.all[0],
            vec![Atom::Phrase(vec!["2014".into(), "0007".into()])]
        );
        assert_eq!(
            q.all[1],
            vec![Atom::Term {
                term: "fahrra".into(),
                prefix: Prefix::Explicit
            }]
        );
    }

    #[test]
    fn faults_name_their_position() {
        let cases = [
            ("Radweg \"Haupt", 8, "not closed"),
            ("", 1, "empty"),
            ("der die das", 1, "too common"),
            ("-Parkplatz", 1, "only excludes"),
            ("OR Radweg", 1, "OR needs"),
            ("Radweg OR", 8, "OR needs"),
            ("Radweg OR -Bus", 8, "OR needs"),
            ("a*", 1, "at least 2"),
            ("Rad*weg", 4, "can only end"),
            ("Rad -", 5, "right before"),
        ];
        for (input, position, message) in cases {
            let e = parse(input)
                .err()
                .unwrap_or_else(|| panic!("{input:?} parsed"));
            assert_eq!(e.position, position, "{input:?}: {e}");
            assert!(e.message.contains(message), "{input:?}: {e}");
        }
        let long = "Wort ".repeat(120);
        assert!(parse(&long).is_err());
        let many = (0..30)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(parse(&many).is_err());
    }

    #[test]
    fn umlauts_typed_as_two_letters_find_both_spellings() {
        let q = parse("Waermeversorgung").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(q.all.len(), 1);
        assert!(q.all[0].contains(&Atom::Term {
            term: t("Wärmeversorgung"),
            prefix: Prefix::Compound
        }));
        assert_eq!(parse("Wärme").map(|q| q.all[0].len()), Ok(1));
    }

    #[test]
    fn stop_words_inside_a_query_are_dropped() {
        let q = parse("Antrag der SPD").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(q.all.len(), 2);
    }
}
