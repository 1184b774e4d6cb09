//! Recognises the statements in which minutes record a decision, in the many shapes
//! councils print them: a result line (`- einstimmig beschlossen -`), a labelled result
//! (`Abstimmungsergebnis: einstimmig`, `Beratungsergebnis: -einstimmig-`), a result
//! bound to a paper (`Vorlage 2014/0007: Bei 7 Nein-Stimmen ... zugestimmt.`), a sentence
//! before the resolution (`Der Rat beschließt einstimmig wie folgt:`), a sentence after it
//! (`Der Beschlussvorschlag wird mehrheitlich angenommen.`) and a bare tally
//! (`Ja: 6, Nein: 3, Enthaltungen: 0`). What a statement says is read by the vote-phrase
//! parser; this module only decides whether a sentence records a decision at all.

use std::sync::LazyLock;

use regex::Regex;

use crate::ingest::votes::phrase::{self, Method, Outcome, Vote};

use super::recognize;

/// One statement about a decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The wording as printed, without its label and decoration.
    pub wording: String,
    pub vote: Vote,
    /// The statement carries a result label ("Abstimmungsergebnis:") or is a bare result
    /// line, rather than a sentence of the running text.
    pub labelled: bool,
    /// What was voted on, where the statement says so ("Änderungsantrag der SPD",
    /// "Vorlage 2014/0007").
    pub subject: Option<String>,
    /// The sentence announces the resolution text that follows ("... wie folgt:").
    pub opens_resolution: bool,
    /// The sentence runs on past the line ("... nimmt die Vorlage zur Kenntnis und
    /// vereinbart" before "- 1. Lesung -").
    pub open: bool,
}

impl Statement {
    /// Only numbers ("Ja: 9, Nein: 2"): the outcome stands in another statement.
    pub fn is_tally(&self) -> bool {
        self.vote.outcome.is_none()
    }
}

re!(
    LABEL,
    r"(?i)^(?:abstimmungsergebnis(?:se)?|beratungsergebnis|ergebnis(?:\s+der\s+abstimmung)?|beschlussergebnis|abstimmung|votum|entscheidung|ergebnis/beschluss|beschluss(?:fassung|art)?|empfehlung|abstimmungsverhalten)(?:\s+[IVX\d]{1,4}\.?)?\s*(?:\([^)]*\))?\s*:\s*(.+)$"
);
re!(
    SUBJECT_PREFIX,
    r"(?i)^((?:(?:beschluss)?vorlage|drucksache|ds|antrag|änderungsantrag|ergänzungsantrag|zusatzantrag|hauptantrag|tagesordnungspunkt|top|punkt|ziffer|beschlusspunkt|zu)\b[^:]{0,80}?)\s*:\s*(.+)$"
);
re!(
    VERB,
    r"(?i)\b(beschließt|beschliesst|beschließen|beschlossen|beschloss|fasst|fasste|fassten|fassen|stimmt|stimmte|stimmen|lehnte|bestätigte|vertagte|wählte|festgelegt|spricht|sprach|sprechen|zugestimmt|angenommen|abgelehnt|lehnt|lehnen|empfiehlt|empfehlen|empfohlen|genehmigt|genehmigen|bestätigt|bestätigen|festgestellt|stellt|kenntnis|nimmt|nehmen|vertagt|zurückgestellt|zurückgezogen|zieht|abgesetzt|verwiesen|überwiesen|überweist|überweißt|verweist|gewählt|wählt|einverstanden|erteilt|billigt|gebilligt|ablehnung|zustimmung|einvernehmen|entsprochen)\b"
);
re!(
    METHOD_CUE,
    r"(?i)(einstimmig|einvernehmlich|mehrheitlich|mit\s+(großer\s+)?mehrheit|stimmenmehrheit|enthaltung|gegenstimme|ja-stimme|nein-stimme|jastimme|neinstimme|dafür|dagegen|ohne\s+gegenstimme|\d+\s*:\s*\d+|\bja\b|\bnein\b|geheim|namentlich|gegen\s+die\s+stimme)"
);
// Sentences that talk about a vote without recording one.
re!(
    NOT_A_RECORD,
    r"(?i)(\?\s*$|ruft\b.*\babstimmung|\bstellt\b[^.]*\bzur\s+abstimmung|zur\s+abstimmung\s+(auf|stellt|gestellt)|\blässt\b.*\babstimm|\bbittet\b|\bhabe\b|\bhätte\b|\bwürde\b|\bwären?\b|in\s+(seiner|ihrer|der)\s+sitzung\s+(vom|am)|\bwird\s+abgestimmt|\babstimmen\s+werden|\bnächsten\s+sitzung\b|\bvorschlag\s+der\s+verwaltung\s+lautet|\bsofern\b|\bwenn\b|\bdient\s+zur\s+kenntnis|^(herr|frau)\s+(dr\.\s+)?\S+(\s+\S+)?\s+(stimmt|lehnt|empfiehlt|nimmt|befürwortet|beschließt)\b|die\s+wahl\s+(angenommen|an\b)|\bteilt(e)?\b.*\bmit\b)"
);
// Words of a resolution's content, of plans, of advice ("seitens der Amtsverwaltung
// empfohlen, sich ... zu einigen") or of a rule ("Gewählt ist, wer ..."): no record unless
// the sentence also states how the vote went ("wurde mit sieben Ja-Stimmen angenommen und
// soll ...").
re!(
    WEAK_NOT_A_RECORD,
    r"(?i)(\bsoll(en|te|ten)?\b|\bmöge\b|wird\s+gebeten|wird\s+beauftragt|werden\s+beauftragt|wird\s+ermächtigt|\bbereits\b|\bkünftig\b|\bbeantragt\b|\bvorgeschlagen\b|\bgeplant\b|\bwill\b|\bwollen\b|\bkönnen?\b|\bmüssen?\b|\bseitens\s+der\s+\p{L}*verwaltung\b|\bempfohlen,\s+(sich\s+)?[^.]*\bzu\s+\p{L}+|\bist,\s+wer\b)"
);
re!(
    STATED_VOTE,
    r"(?i)(einstimmig|einvernehmlich|mehrheitlich|stimmen|enthaltung|gegenstimme).*\b(angenommen|beschlossen|abgelehnt|zugestimmt|festgelegt)\b|\b(wird|wurde|werden|wurden)\s+(\w+\s+){0,3}(vertagt|abgesetzt|zurückgestellt|zurückgezogen|beschlossen|angenommen|abgelehnt|zugestimmt)\b"
);
re!(TIMES, r"(?i)\b(\d+)\s*x\s+");
re!(DASHES, r"^[-–—]+\s*(.*?)\s*[-–—]*$");
re!(
    OPENS,
    r"(?i)(wie\s+folgt|folgende[nr]?\s+(beschluss|beschlussempfehlung|empfehlung|beschlüsse)|beschließt|beschliesst|empfiehlt|fasst)\s*:\s*$"
);
re!(
    AMENDMENT,
    r"(?i)\b((?:änderungs|ergänzungs|zusatz|geschäftsordnungs|abänderungs|alternativ)antrag\w*(?:\s+(?:der|des|von)\s+[^,.;:]{1,60})?)"
);

/// Words that make a short line a result, as `recognize::result` knows them.
fn bare(line: &str) -> Option<String> {
    recognize::result(line)
}

/// The decision statement a line or sentence makes, if any.
pub fn statement(text: &str) -> Option<Statement> {
    // "3 x Ja-Stimmen, 1 x Enthaltung"
    let text = TIMES.replace_all(text, "$1 ");
    let t = text.trim();
    if t.is_empty() || t.len() > 600 {
        return None;
    }
    // "Vorlage 2014/0007: Bei 7 Nein-Stimmen ... zugestimmt."
    if let Some(c) = SUBJECT_PREFIX.captures(t)
        && !LABEL.is_match(t)
        && let Some(mut s) = statement(&c[2])
    {
        s.subject = Some(c[1].trim().to_owned());
        s.labelled = true;
        return Some(s);
    }
    if let Some(c) = LABEL.captures(t) {
        let value = undecorate(&c[1]);
        // "Beschluss: Der Rat beschließt die Satzung." is the resolution, not its result.
        let is_resolution_label =
            t.to_lowercase().starts_with("beschluss") || t.to_lowercase().starts_with("empfehlung");
        if let Some(vote) = phrase::parse(&value)
            && (!is_resolution_label
                || bare(t).is_some()
                || vote.method != Method::None
                || value.len() <= 60)
        {
            return Some(Statement {
                subject: amendment(&value),
                opens_resolution: OPENS.is_match(&value),
                open: false,
                wording: value,
                vote,
                labelled: true,
            });
        }
        return None;
    }
    if let Some(wording) = bare(t) {
        let vote = phrase::parse(&wording)?;
        return Some(Statement {
            subject: None,
            opens_resolution: false,
            open: false,
            wording,
            vote,
            labelled: true,
        });
    }
    // A paragraph of several sentences: the one that records the decision.
    let sentences = sentences(t);
    if sentences.len() > 1 {
        return sentences.into_iter().find_map(statement);
    }
    let inner = undecorate(t);
    if NOT_A_RECORD.is_match(&inner) && !inner.to_lowercase().contains("stellt fest")
        || WEAK_NOT_A_RECORD.is_match(&inner) && !STATED_VOTE.is_match(&inner)
    {
        return None;
    }
    let vote = phrase::parse(&inner)?;
    let has_verb = VERB.is_match(&inner);
    let has_method = METHOD_CUE.is_match(&inner);
    // A bare tally ("Ja: 6, Nein: 3") or a sentence with a verb of deciding.
    if vote.outcome.is_none() {
        if !vote.counts.any() || inner.len() > 160 {
            return None;
        }
    } else if !(has_verb || has_method && inner.len() <= 80) {
        return None;
    }
    Some(Statement {
        subject: amendment(&inner),
        opens_resolution: OPENS.is_match(&inner),
        open: inner.chars().last().is_some_and(char::is_alphanumeric),
        wording: inner.trim_end_matches('.').to_owned(),
        vote,
        labelled: false,
    })
}

/// Splits running text into sentences at a full stop after a word (not after a number
/// or an abbreviation such as "Nr." or "Dr.") that is followed by a capital letter.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (k, &(i, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next_is_capital = chars.get(k + 1).is_some_and(|(_, c)| *c == ' ')
            && chars.get(k + 2).is_some_and(|(_, c)| c.is_uppercase());
        let word: String = chars[..k]
            .iter()
            .rev()
            .take_while(|(_, c)| c.is_alphabetic())
            .map(|(_, c)| *c)
            .collect();
        let word: String = word.chars().rev().collect();
        let is_word = word.chars().count() >= 3
            && word.chars().last().is_some_and(char::is_lowercase)
            && !recognize::ABBREVIATIONS.contains(&word.as_str());
        if next_is_capital && is_word {
            out.push(text[from..=i].trim());
            from = i + 1;
        }
    }
    out.push(text[from..].trim());
    out.retain(|s| !s.is_empty());
    out
}

/// "-einstimmig-", "– einstimmig beschlossen –": the words inside the dashes.
fn undecorate(text: &str) -> String {
    let t = text.trim();
    match DASHES.captures(t) {
        Some(c) if !c[1].is_empty() => c[1].trim().to_owned(),
        _ => t.to_owned(),
    }
}

fn amendment(text: &str) -> Option<String> {
    AMENDMENT
        .captures(text)
        .map(|c| c[1].trim().trim_end_matches(" wird").to_owned())
}

/// Words that make a sentence look like a decision: used to warn about what was not
/// understood.
pub fn looks_like_decision(text: &str) -> bool {
    static CUE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(einstimmig|mehrheitlich|enthaltung|gegenstimme|ja-stimme|nein-stimme|abstimmungsergebnis|beratungsergebnis|beschlossen|abgelehnt|zugestimmt)")
            .expect("valid")
    });
    CUE.is_match(text) && !NOT_A_RECORD.is_match(text) && !WEAK_NOT_A_RECORD.is_match(text)
}

/// Whether `later` restates or completes the decision `earlier` (the same vote printed
/// twice: a `Beschluss:` header and its tally, "fasst folgenden Beschluss:" and the
/// result line after the resolution) rather than recording another.
pub fn restates(earlier: &Statement, later: &Statement) -> bool {
    if later.subject.is_some() && later.subject != earlier.subject {
        return false;
    }
    let (a, b) = (&earlier.vote, &later.vote);
    // "Der Ausschuss fasst folgenden Beschluss:" only says that a decision follows.
    let announces = !earlier.labelled
        && a.method == Method::None
        && a.outcome == Some(Outcome::Adopted)
        && b.outcome.is_some_and(Outcome::adopted);
    let outcome_fits = announces
        || only_how(later)
        || earlier.open
        || match (a.outcome, b.outcome) {
            (Some(x), Some(y)) => {
                // "Beschlussart: mit Änderungen beschlossen" and the sentence "Der Antrag
                // wurde ... angenommen" below it: one vote, the header says it better.
                x == y || earlier.labelled && !later.labelled && x.adopted() && y.adopted()
            }
            _ => true,
        };
    // Two sentences of the running text that each record a whole decision ("Die
    // Dringlichkeit ... wird einstimmig anerkannt." / "Die so geänderte Tagesordnung wird
    // einstimmig genehmigt.") are two votes, unless the text repeats itself word for word.
    let sentence = |s: &Statement| !s.labelled && !s.is_tally() && !s.open;
    if sentence(earlier)
        && sentence(later)
        && !announces
        && earlier.wording.trim_end_matches(['.', ' '])
            != later.wording.trim_end_matches(['.', ' '])
    {
        return false;
    }
    let fits = |x: Option<u32>, y: Option<u32>| x.is_none() || y.is_none() || x == y;
    outcome_fits
        && fits(a.counts.yes, b.counts.yes)
        && fits(a.counts.no, b.counts.no)
        && fits(a.counts.abstain, b.counts.abstain)
}

/// A result that only says how the vote went ("einstimmig", "mehrheitlich"): the outcome
/// it implies gives way to the one stated before it.
fn only_how(s: &Statement) -> bool {
    let w = s.wording.trim().trim_end_matches(['.', '!']).to_lowercase();
    matches!(
        w.as_str(),
        "einstimmig" | "mehrheitlich" | "einvernehmlich" | "einmütig" | "mit mehrheit"
    )
}

/// The decision two statements of one vote give together: the outcome of the result
/// line, the counts and factions of either.
pub fn combine(earlier: &Statement, later: &Statement) -> Statement {
    let (a, b) = (&earlier.vote, &later.vote);
    let precedence = |m: Method| match m {
        Method::RollCall => 5,
        Method::Secret => 4,
        Method::Unanimous => 3,
        Method::Counted => 2,
        Method::ShowOfHands => 1,
        Method::None => 0,
    };
    let mut factions = a.factions.clone();
    for f in &b.factions {
        if !factions.iter().any(|g| g.faction == f.faction) {
            factions.push(f.clone());
        }
    }
    // A result line says the outcome better than the sentence before it, unless it only
    // says how ("Abstimmungsergebnis: einstimmig" under "Die Angelegenheit wird vertagt").
    let later_says = (later.labelled && !earlier.labelled || earlier.open) && !only_how(later);
    let vote = Vote {
        outcome: if later_says {
            b.outcome.or(a.outcome)
        } else {
            a.outcome.or(b.outcome)
        },
        method: if precedence(b.method) > precedence(a.method) {
            b.method
        } else {
            a.method
        },
        counts: phrase::Counts {
            yes: a.counts.yes.or(b.counts.yes),
            no: a.counts.no.or(b.counts.no),
            abstain: a.counts.abstain.or(b.counts.abstain),
            absent: a.counts.absent.or(b.counts.absent),
        },
        factions,
    };
    let wording = if earlier.is_tally() || (later_says && !later.is_tally()) {
        later.wording.clone()
    } else {
        earlier.wording.clone()
    };
    Statement {
        wording,
        vote,
        labelled: earlier.labelled || later.labelled,
        subject: earlier.subject.clone().or_else(|| later.subject.clone()),
        opens_resolution: earlier.opens_resolution,
        open: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Outcome, method and the yes, no and abstain counts a statement reads.
    type Read = (
        Option<Outcome>,
        Method,
        Option<u32>,
        Option<u32>,
        Option<u32>,
    );

    fn s(text: &str) -> Option<Read> {
        statement(text).map(|s| {
            (
                s.vote.outcome,
                s.vote.method,
                s.vote.counts.yes,
                s.vote.counts.no,
                s.vote.counts.abstain,
            )
        })
    }

    #[test]
    fn the_shapes_of_the_issue() {
        use Method::{Counted, Unanimous};
        use Outcome::*;
        assert_eq!(
            s("Ohne weitere Beratungen beschließt der Rat einstimmig wie folgt:"),
            Some((Some(Adopted), Unanimous, None, None, None))
        );
        assert_eq!(
            s("Nach kurzer Beratung fasst der Ausschuss bei 2 Enthaltungen folgenden Beschluss:"),
            Some((Some(Adopted), Counted, None, None, Some(2)))
        );
        assert_eq!(
            s("Der Rat beschließt mit 6 Ja-Stimmen, 2 Nein-Stimmen und 1 Enthaltung:"),
            Some((Some(Adopted), Counted, Some(6), Some(2), Some(1)))
        );
        assert_eq!(
            s("Beratungsergebnis: -einstimmig-"),
            Some((Some(Adopted), Unanimous, None, None, None))
        );
        let v = statement(
            "Vorlage 2014/0007: Bei 7 Nein-Stimmen und 8 Enthaltungen mehrheitlich zugestimmt.",
        )
        .expect("statement");
        assert_eq!(v.subject.as_deref(), Some("Vorlage 2014/0007"));
        assert_eq!(
            (v.vote.outcome, v.vote.counts.no, v.vote.counts.abstain),
            (Some(Adopted), Some(7), Some(8))
        );
        assert_eq!(
            s("keine Abstimmung"),
            Some((Some(NoVote), Method::None, None, None, None))
        );
        assert!(
            statement("Der Rat beschließt einstimmig wie folgt:")
                .is_some_and(|s| s.opens_resolution)
        );
        assert!(statement("Ja: 6, Nein: 3, Enthaltungen: 0").is_some_and(|s| s.is_tally()));
    }

    #[test]
    fn allris_and_sessionnet_item_page_labels() {
        use Outcome::*;
        // Lüneburg (ALLRIS to020), Berlin Mitte, Kleinmachnow (SessionNet to0050).
        assert_eq!(
            s("Beschlussart: zur Kenntnis genommen"),
            Some((Some(Noted), Method::None, None, None, None))
        );
        assert_eq!(
            s("Beschlussart: mit Änderungen im Ausschuss beschlossen").map(|r| r.0),
            Some(Some(AdoptedAmended))
        );
        assert_eq!(
            s("Abstimmung: Enthaltungen: 2"),
            Some((None, Method::Counted, None, None, Some(2)))
        );
        let header =
            statement("Beschlussart: mit Änderungen im Ausschuss beschlossen").expect("header");
        let sentence = statement("Der Antrag wurde einstimmig bei 2 Enthaltungen angenommen")
            .expect("sentence");
        assert!(restates(&header, &sentence));
        let both = combine(&header, &sentence);
        assert_eq!(
            (both.vote.outcome, both.vote.counts.abstain),
            (Some(AdoptedAmended), Some(2))
        );
        // A sentence first and a different result line after it stay two votes.
        let first = statement("Diesem Antrag wird einstimmig zugestimmt.").expect("first");
        let later = statement("geändert beschlossen").expect("later");
        assert!(!restates(&first, &later));
    }

    #[test]
    fn talk_about_a_vote_is_no_decision() {
        for line in [
            "Der Vorsitzende ruft zur Abstimmung auf.",
            "Herr Meier erläutert den Antrag.",
            "Die Verwaltung wird beauftragt, die Planung fortzusetzen.",
            "Über den Antrag wird in der nächsten Sitzung abgestimmt.",
            "Der Bauausschuss habe die Vorlage bereits einstimmig beschlossen.",
            "Soll der Antrag angenommen werden?",
            "Herr Müller stimmt dem Vorschlag der Verwaltung zu.",
            // Advice and a rule of the election (Probsteierhagen).
            "So wird seitens der Amtsverwaltung empfohlen, sich auf gütlichem Wege zu einigen.",
            "Gewählt ist, wer mehr Ja-Stimmen auf sich vereint.",
        ] {
            assert_eq!(statement(line), None, "{line}");
        }
    }

    #[test]
    fn a_restated_vote_combines() {
        let header = statement("Beschluss: mehrheitlich beschlossen").expect("header");
        let tally = statement("Abstimmung: Ja: 6, Nein: 3, Enthaltungen: 0").expect("tally");
        assert!(restates(&header, &tally));
        let both = combine(&header, &tally);
        assert_eq!(both.wording, "mehrheitlich beschlossen");
        assert_eq!(
            (both.vote.counts.yes, both.vote.counts.no, both.vote.method),
            (Some(6), Some(3), Method::Counted)
        );
        let amendment =
            statement("Der Änderungsantrag der SPD-Fraktion wird mehrheitlich abgelehnt.")
                .expect("amendment");
        assert!(!restates(&header, &amendment));
    }
}
