//! Reads the German forms in which minutes record a decision: "einstimmig
//! beschlossen", "bei 3 Gegenstimmen (AfD) und 2 Enthaltungen (FDP) beschlossen",
//! "Mehrheitlich abgelehnt (2 JA, 39 Nein, 1 Enthaltung)", "gegen die Stimmen der
//! Fraktion X", "zurückgezogen", "1. Lesung". What a phrase does not state stays
//! unknown; nothing is guessed.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Adopted,
    AdoptedAmended,
    Rejected,
    Withdrawn,
    Noted,
    Postponed,
    Referred,
    FirstReading,
    Elected,
    NoVote,
}

impl Outcome {
    pub const ALL: [Outcome; 10] = [
        Outcome::Adopted,
        Outcome::AdoptedAmended,
        Outcome::Rejected,
        Outcome::Withdrawn,
        Outcome::Noted,
        Outcome::Postponed,
        Outcome::Referred,
        Outcome::FirstReading,
        Outcome::Elected,
        Outcome::NoVote,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Adopted => "adopted",
            Outcome::AdoptedAmended => "adopted_amended",
            Outcome::Rejected => "rejected",
            Outcome::Withdrawn => "withdrawn",
            Outcome::Noted => "noted",
            Outcome::Postponed => "postponed",
            Outcome::Referred => "referred",
            Outcome::FirstReading => "first_reading",
            Outcome::Elected => "elected",
            Outcome::NoVote => "no_vote",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }

    /// Whether the outcome passes the motion.
    pub fn adopted(self) -> bool {
        matches!(
            self,
            Outcome::Adopted | Outcome::AdoptedAmended | Outcome::Elected
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Unanimous,
    ShowOfHands,
    Counted,
    RollCall,
    Secret,
    None,
}

impl Method {
    pub const ALL: [Method; 6] = [
        Method::Unanimous,
        Method::ShowOfHands,
        Method::Counted,
        Method::RollCall,
        Method::Secret,
        Method::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Unanimous => "unanimous",
            Method::ShowOfHands => "show_of_hands",
            Method::Counted => "counted",
            Method::RollCall => "roll_call",
            Method::Secret => "secret",
            Method::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Yes,
    No,
    Abstain,
    Split,
}

impl Position {
    pub fn as_str(self) -> &'static str {
        match self {
            Position::Yes => "yes",
            Position::No => "no",
            Position::Abstain => "abstain",
            Position::Split => "split",
        }
    }

    pub fn parse(s: &str) -> Option<Position> {
        [
            Position::Yes,
            Position::No,
            Position::Abstain,
            Position::Split,
        ]
        .into_iter()
        .find(|p| p.as_str() == s)
    }
}

/// Vote counts; `None` where the minutes do not state a number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct Counts {
    pub yes: Option<u32>,
    pub no: Option<u32>,
    pub abstain: Option<u32>,
    pub absent: Option<u32>,
}

impl Vote {
    /// The outcome the phrase states or, for a bare tally, the one its numbers give.
    pub fn outcome_or_tally(&self) -> Option<Outcome> {
        self.outcome.or(match (self.counts.yes, self.counts.no) {
            (Some(yes), Some(no)) if yes > no => Some(Outcome::Adopted),
            (Some(yes), Some(no)) if yes + no > 0 => Some(Outcome::Rejected),
            _ => None,
        })
    }
}

impl Counts {
    pub fn any(&self) -> bool {
        self.yes.is_some() || self.no.is_some() || self.abstain.is_some() || self.absent.is_some()
    }
}

/// A faction's position as the phrase states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FactionPosition {
    /// The faction as written ("AfD", "Fraktion Bündnis 90/Die Grünen").
    pub faction: String,
    pub position: Position,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

/// A decision as one phrase records it. `outcome` is `None` for phrases that give
/// only the tally ("Ja: 9, Nein: 2"): the result then stands on another line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vote {
    pub outcome: Option<Outcome>,
    pub method: Method,
    pub counts: Counts,
    pub factions: Vec<FactionPosition>,
}

// A whole word: "keine Enthaltung" is none, not "eine".
const NUMBER: &str =
    r"\b(\d+|keine[rn]?|eine[rnm]?|ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)";

fn number(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse() {
        return Some(n);
    }
    Some(match word {
        "keine" | "keiner" | "keinen" => 0,
        "ein" | "eine" | "einer" | "einem" | "einen" => 1,
        "zwei" => 2,
        "drei" => 3,
        "vier" => 4,
        "fünf" => 5,
        "sechs" => 6,
        "sieben" => 7,
        "acht" => 8,
        "neun" => 9,
        "zehn" => 10,
        "elf" => 11,
        "zwölf" => 12,
        _ => return None,
    })
}

/// Number-first ("6 Ja-Stimmen") and label-first ("Ja-Stimmen: 14", "dafür: 6") forms.
struct Tally {
    number_first: Regex,
    label_first: Regex,
}

impl Tally {
    fn new(labels: &str) -> Tally {
        Tally {
            // "6 Ja-Stimmen", "11 mal Ja", "3 x Nein".
            number_first: Regex::new(&format!(r"{NUMBER}\s*(?:(?:mal|x)\s+)?-?\s*(?:{labels})\b"))
                .expect("valid"),
            label_first: Regex::new(&format!(r"(?:^|[\s:;,(/])(?:{labels})\s*[:=]?\s+(\d+)|(?:^|[\s:;,(/])(?:{labels})\s*[:=]\s*(\d+)")).expect("valid"),
        }
    }
}

static YES: LazyLock<Tally> = LazyLock::new(|| {
    Tally::new(
        r"ja-stimmen|jastimmen|ja|für-stimmen|dafür|stimmen dafür|zustimmungen|zustimmung|pro-stimmen",
    )
});
static NO: LazyLock<Tally> = LazyLock::new(|| {
    Tally::new(
        r"nein-stimmen|neinstimmen|neinstimme|nein-stimme|nein|gegenstimmen|gegenstimme|stimmen dagegen|dagegen",
    )
});
static ABSTAIN: LazyLock<Tally> = LazyLock::new(|| {
    Tally::new(r"stimmenthaltungen|stimmenthaltung|enthaltungen|enthaltung|enth\.")
});
re!(
    RATIO,
    r"(?:stimmenverhältnis(?:\s+von)?\s*|^|mit\s+)(\d+)\s*(?::|zu|gegen)\s*(\d+|eine[rnm]?|ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)\b(?:\s+stimmen)?"
);
re!(ABSENT, r"(\d+)\s*(abwesend|nicht anwesend)");
// "Die Mehrheit sprach sich für eine namentliche Abstimmung aus."
re!(
    SPRICHT_SICH_FUER,
    r"\b(spricht|sprach|sprechen|sprachen)\s+sich\b.*\bfür\b.*\baus\b"
);
re!(CLOCK_LIKE, r"^\d{1,2}:\d{2}(\s*uhr)?$");
// Separable verbs: "lehnt den Antrag ... ab", "stimmt dem Entwurf ... zu".
re!(LEHNT_AB, r"\blehn(t|en|te|ten)\b.*\bab\b");
re!(STIMMT_ZU, r"\bstimm(t|en|te|ten)\b.*\bzu\b");
re!(NO_AGAINST, r"ohne gegenstimme");

/// The tally of one kind, in the form the phrase uses throughout.
fn count(tally: &Tally, t: &str, label_first: bool) -> Option<u32> {
    if label_first {
        let c = tally.label_first.captures(t)?;
        return c
            .get(1)
            .or_else(|| c.get(2))
            .and_then(|m| number(m.as_str()));
    }
    tally.number_first.captures(t).and_then(|c| number(&c[1]))
}

re!(
    AGAINST_FACTION,
    r"gegen (?:die|eine) stimmen? (?:der|des|von|aus der)\s+(.+?)(?:\s+(?:beschlossen|abgelehnt|angenommen|zugestimmt|empfohlen|bei|und bei|sowie bei)\b|[.;)]|$)"
);
re!(
    AGAINST_NAMED,
    r"\bgegen (?:die |den )?((?:[\w/ -]*?fraktion[\w/ -]*?|[\w/ -]*?\b(?:cdu|csu|spd|fdp|afd|grüne|grünen|linke)\b[\w/ -]*?)(?:,? und (?:die |der |frau |herr(?:n)? )?[\w/ ,-]*?)?)(?:\s+(?:beschlossen|abgelehnt|zugestimmt|zurückgestellt|angenommen|bei|und bei)\b|[.;)]|$)"
);
re!(
    ABSTAIN_FACTION,
    r"bei (?:\w+ )?(?:stimm)?enthaltung(?:en)? (?:der|des|von|aus der)\s+(.+?)(?:\s+(?:beschlossen|abgelehnt|angenommen|zugestimmt|empfohlen|und gegen|gegen)\b|[.;)]|$)"
);
re!(
    FOR_FACTION,
    r"mit (?:den )?stimmen (?:der|des|von)\s+(.+?)(?:\s+(?:beschlossen|abgelehnt|angenommen|zugestimmt|empfohlen|gegen|bei)\b|[.;)]|$)"
);
re!(
    COUNT_FACTION_NO,
    r"(\d+|eine[rnm]?|ein|zwei|drei|vier|fünf|sechs)\s*(?:gegenstimmen?|nein-stimmen|nein)\s*\(([^)]+)\)"
);
re!(
    COUNT_FACTION_ABSTAIN,
    r"(\d+|eine[rnm]?|ein|zwei|drei|vier|fünf|sechs)\s*(?:stimm)?enthaltung(?:en)?\s*\(([^)]+)\)"
);

re!(
    TALLY_FACTIONS,
    r"(?:(\d+)\s*-?\s*)?(ja-stimmen|jastimmen|ja|dafür|nein-stimmen|neinstimmen|nein|dagegen|gegenstimmen|gegenstimme|enthaltungen|enthaltung|enth\.)\s*[:=]?\s*(?:\d+\s*)?(?:stimmen?\s*)?\(([^)]+)\)"
);

/// Not factions: individuals and offices named in a faction list.
fn is_person(name: &str) -> bool {
    let lower = name.to_lowercase();
    [
        "herr",
        "frau",
        "ob",
        "oberbürgermeister",
        "einzel",
        "ratsmitglied",
        "rm ",
        "mit der stimme",
        "stimmen der",
        "stimme der",
        "bürgermeister",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

/// "5 CDU" -> (Some(5), "CDU").
fn counted_name(name: &str) -> (Option<u32>, String) {
    let mut words = name.split_whitespace();
    match words.next().and_then(|w| w.parse::<u32>().ok()) {
        Some(n) => (Some(n), words.collect::<Vec<_>>().join(" ")),
        None => (None, name.to_owned()),
    }
}

/// Splits "SPD und der FDP" into factions as written in the original text.
fn factions(original: &str, lower_span: (usize, usize)) -> Vec<String> {
    let span = original.get(lower_span.0..lower_span.1).unwrap_or_default();
    span.split([',', ';'])
        .flat_map(|p| p.split(" und "))
        .flat_map(|p| p.split(" sowie "))
        .map(|p| {
            let p = p.split('(').next().unwrap_or_default().trim();
            let p = p
                .trim_start_matches("der ")
                .trim_start_matches("des ")
                .trim_start_matches("die ")
                .trim_start_matches("den ");
            let p = p
                .trim_start_matches("Fraktion ")
                .trim_start_matches("fraktion ")
                .trim_start_matches("Gruppe ")
                .trim_start_matches("gruppe ");
            let p = p.trim_end_matches('.').trim();
            let p = p
                .strip_suffix("-Fraktion")
                .or_else(|| p.strip_suffix("-fraktion"))
                .or_else(|| p.strip_suffix(" Fraktion"))
                .unwrap_or(p);
            p.trim().to_owned()
        })
        .filter(|p| !p.is_empty() && p.len() <= 60 && !is_person(p))
        .collect()
}

/// Parses one decision phrase; `None` when it records no decision.
pub fn parse(text: &str) -> Option<Vote> {
    // Lower-casing keeps byte offsets for ASCII and German letters used here, so spans
    // found in the lower-cased text map back to the original where lengths agree.
    let original = text.trim();
    let t = original.to_lowercase();
    let same_offsets = t.len() == original.len();
    let source = if same_offsets { original } else { t.as_str() };

    // "Ja 1 Nein 7 Enthaltung 1" and "Ja-Stimmen: 14 Nein-Stimmen: 4": labels first.
    let label_first = YES.label_first.is_match(&t) && !YES.number_first.is_match(&t)
        || NO.label_first.is_match(&t)
            && !NO.number_first.is_match(&t)
            && !YES.number_first.is_match(&t)
        // "Abstimmung: Enthaltungen: 2": the only count printed.
        || ABSTAIN.label_first.is_match(&t)
            && !ABSTAIN.number_first.is_match(&t)
            && !YES.number_first.is_match(&t)
            && !NO.number_first.is_match(&t);
    let mut counts = Counts {
        yes: count(&YES, &t, label_first),
        no: count(&NO, &t, label_first),
        abstain: count(&ABSTAIN, &t, label_first),
        absent: ABSENT.captures(&t).and_then(|c| number(&c[1])),
    };
    if counts.no.is_none() && NO_AGAINST.is_match(&t) {
        counts.no = Some(0);
    }
    if counts.abstain.is_none()
        && (t.contains("ohne enthaltung") || t.contains("ohne stimmenthaltung"))
    {
        counts.abstain = Some(0);
    }
    if counts.yes.is_none()
        && counts.no.is_none()
        && let Some(c) = RATIO.captures(t.trim()).filter(|c| {
            c.get(0).is_some_and(|m| {
                // A bare "18:30" is a clock time, not a tally.
                m.start() == 0 && !CLOCK_LIKE.is_match(t.trim())
                    || m.as_str().starts_with("mit") && m.as_str().ends_with("stimmen")
                    || m.as_str().contains("stimmenverhältnis")
            })
        })
    {
        counts.yes = number(&c[1]);
        counts.no = number(&c[2]);
    }

    let has = |w: &str| t.contains(w);
    let adopted_word = [
        "beschlossen",
        "zugestimmt",
        "angenommen",
        "empfohlen",
        "einverstanden",
        "genehmigt",
        "beschließt",
        "beschloss",
        "bestätigte",
        "festgelegt",
        "stimmt zu",
        "stimmen zu",
        "bestätigt",
        "bestätigen",
        "erteilt",
        "annahme",
        "entsprochen",
    ]
    .iter()
    .any(|w| has(w))
        || (has("fasst") || has("fasste")) && has("beschluss")
        || SPRICHT_SICH_FUER.is_match(&t)
        || STIMMT_ZU.is_match(&t);
    let majority = has("mehrheitlich")
        || has("mit mehrheit")
        || has("mit großer mehrheit")
        || has("stimmenmehrheit")
        || has("handzeichen");
    let unanimous = has("einstimmig") || has("einvernehmlich");
    let outcome = if has("zurückgezogen") || has("zieht") && has("zurück") {
        Some(Outcome::Withdrawn)
    } else if has("1. lesung") || has("erste lesung") {
        Some(Outcome::FirstReading)
    } else if has("vertagt")
        || has("zu vertagen")
        || has("vertagung")
        || has("zurückgestellt")
        || has("abgesetzt")
        || has("absetzung")
        || has("verschoben")
    {
        Some(Outcome::Postponed)
    } else if has("verwiesen")
        || has("überwiesen")
        || has("überweist")
        || has("überweißt")
        || has("verweisung")
        || has("zu verweisen")
        || has("ohne votum")
    {
        Some(Outcome::Referred)
    } else if has("keine abstimmung")
        || has("ohne abstimmung")
        || has("ohne beschlussfassung")
        || has("abstimmung") && (has("entfällt") || has("erübrigt"))
        || has("nicht behandelt")
    {
        Some(Outcome::NoVote)
    } else if (has("gewählt") || has(" wählt ")) && !has("nicht gewählt") {
        Some(Outcome::Elected)
    } else if has("abgelehnt")
        || has("nicht angenommen")
        || has("nicht zugestimmt")
        || has("nicht entsprochen")
        || has("nicht gewählt")
        || LEHNT_AB.is_match(&t)
    {
        Some(Outcome::Rejected)
    } else if (has("abweichend")
        || has("geändert beschlossen") && !has("ungeändert")
        || has("mit änderung")
        || has("ergänzt beschlossen")
        || has("modifiziert"))
        && (adopted_word || unanimous || majority)
    {
        Some(Outcome::AdoptedAmended)
    } else if has("kenntnis") {
        Some(Outcome::Noted)
    } else if adopted_word
        || unanimous && !has("keine einstimmigkeit")
        || majority && !has("durchgeführt")
    {
        Some(Outcome::Adopted)
    } else {
        None
    };

    let mut factions_found = Vec::new();
    for (re, position) in [
        (&*COUNT_FACTION_NO, Position::No),
        (&*COUNT_FACTION_ABSTAIN, Position::Abstain),
    ] {
        for c in re.captures_iter(&t) {
            let Some(span) = c.get(2) else { continue };
            let n = number(&c[1]);
            let names = factions(source, (span.start(), span.end()));
            let single = names.len() == 1;
            for name in names {
                let (own, name) = counted_name(&name);
                if name.is_empty()
                    || factions_found
                        .iter()
                        .any(|p: &FactionPosition| p.faction == name)
                {
                    continue;
                }
                let count = own.or(if single { n } else { None });
                factions_found.push(FactionPosition {
                    faction: name,
                    position,
                    count,
                });
            }
        }
    }
    // "10 Ja-Stimmen (5 CDU, 4 SPD, 1 FDP)", "dagegen: 5 (3 SPD, 1 PRO NRW)".
    for c in TALLY_FACTIONS.captures_iter(&t) {
        let label = &c[2];
        let position = if label.starts_with("ja") || label == "dafür" {
            Position::Yes
        } else if label.starts_with("enth") {
            Position::Abstain
        } else {
            Position::No
        };
        let Some(span) = c.get(3) else { continue };
        let names = factions(source, (span.start(), span.end()));
        let total = c.get(1).and_then(|m| number(m.as_str()));
        let single = names.len() == 1;
        for name in names {
            let (n, name) = counted_name(&name);
            if name.is_empty()
                || is_person(&name)
                || factions_found
                    .iter()
                    .any(|p: &FactionPosition| p.faction == name)
            {
                continue;
            }
            let count = n.or(if single { total } else { None });
            factions_found.push(FactionPosition {
                faction: name,
                position,
                count,
            });
        }
    }
    // "gegen die Stimmen der X": X voted against the decision taken; when that decision
    // was a rejection, X voted for the motion.
    let against = if outcome == Some(Outcome::Rejected) {
        Position::Yes
    } else {
        Position::No
    };
    for (re, position) in [
        (&*AGAINST_FACTION, against),
        (&*AGAINST_NAMED, against),
        (&*ABSTAIN_FACTION, Position::Abstain),
        (&*FOR_FACTION, Position::Yes),
    ] {
        for c in re.captures_iter(&t) {
            let Some(span) = c.get(1) else { continue };
            for f in factions(source, (span.start(), span.end())) {
                if !factions_found
                    .iter()
                    .any(|p: &FactionPosition| p.faction == f)
                {
                    factions_found.push(FactionPosition {
                        faction: f,
                        position,
                        count: None,
                    });
                }
            }
        }
    }

    let method = if has("namentlich") {
        Method::RollCall
    } else if has("geheim") && !has("auf geheime abstimmung") {
        Method::Secret
    } else if unanimous && !has("keine einstimmigkeit") {
        Method::Unanimous
    } else if counts.yes.is_some()
        || counts.abstain.is_some_and(|n| n > 0)
        || counts.no.is_some_and(|n| n > 0)
    {
        Method::Counted
    } else if majority || !factions_found.is_empty() {
        Method::ShowOfHands
    } else {
        Method::None
    };
    if outcome.is_none() && method == Method::None && !counts.any() {
        return None;
    }
    Some(Vote {
        outcome,
        method,
        counts,
        factions: factions_found,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Vote {
        parse(text).unwrap_or_else(|| panic!("no vote in {text:?}"))
    }

    #[test]
    fn times_and_none_are_counts() {
        let c = parse("Abstimmungsergebnis zu 47052014: 11 mal Ja, 10 mal Nein, keine Enthaltung")
            .map(|v| v.counts);
        assert_eq!(
            c.map(|c| (c.yes, c.no, c.abstain)),
            Some((Some(11), Some(10), Some(0)))
        );
        // "keine" is no "eine": without a count of its own, none is read.
        assert_eq!(
            v("ohne Gegenstimmen, keine Enthaltungen, beschlossen")
                .counts
                .abstain,
            Some(0)
        );
        assert_eq!(
            v("mit 7 Ja-Stimmen und einer Stimmenthaltung bestätigt")
                .counts
                .abstain,
            Some(1)
        );
    }

    #[test]
    fn the_forms_of_the_issue() {
        let a = v("einstimmig beschlossen");
        assert_eq!(
            (a.outcome, a.method, a.counts),
            (Some(Outcome::Adopted), Method::Unanimous, Counts::default())
        );
        let b = v("bei 3 Gegenstimmen (AfD) und 2 Enthaltungen (FDP) beschlossen");
        assert_eq!(
            (b.outcome, b.method, b.counts.no, b.counts.abstain),
            (Some(Outcome::Adopted), Method::Counted, Some(3), Some(2))
        );
        assert_eq!(
            b.factions,
            vec![
                FactionPosition {
                    faction: "AfD".into(),
                    position: Position::No,
                    count: Some(3)
                },
                FactionPosition {
                    faction: "FDP".into(),
                    position: Position::Abstain,
                    count: Some(2)
                },
            ]
        );
        let c = v("mit 6 Ja-Stimmen, 2 Nein-Stimmen und 1 Enthaltung");
        assert_eq!(
            (
                c.outcome_or_tally(),
                c.counts.yes,
                c.counts.no,
                c.counts.abstain
            ),
            (Some(Outcome::Adopted), Some(6), Some(2), Some(1))
        );
        let d = v("Mehrheitlich abgelehnt (2 JA, 39 Nein, 1 Enthaltung)");
        assert_eq!(
            (
                d.outcome,
                d.method,
                d.counts.yes,
                d.counts.no,
                d.counts.abstain
            ),
            (
                Some(Outcome::Rejected),
                Method::Counted,
                Some(2),
                Some(39),
                Some(1)
            )
        );
        let e = v("mehrheitlich gegen die Stimmen der Fraktion Die Linke beschlossen");
        assert_eq!(
            e.factions,
            vec![FactionPosition {
                faction: "Die Linke".into(),
                position: Position::No,
                count: None
            }]
        );
        let f = v("einstimmig bei Stimmenthaltung der Gruppe BfB beschlossen");
        assert_eq!(f.factions[0].position, Position::Abstain);
        assert_eq!(
            v("abweichend vom Beschlussvorschlag einstimmig beschlossen").outcome,
            Some(Outcome::AdoptedAmended)
        );
        assert_eq!(v("zurückgezogen").outcome, Some(Outcome::Withdrawn));
        assert_eq!(v("vertagt").outcome, Some(Outcome::Postponed));
        assert_eq!(v("zur Kenntnis genommen").outcome, Some(Outcome::Noted));
        assert_eq!(v("Kenntnisnahme").method, Method::None);
        assert_eq!(v("1. Lesung").outcome, Some(Outcome::FirstReading));
        assert_eq!(v("keine Abstimmung").outcome, Some(Outcome::NoVote));
        assert_eq!(parse("Herr Meier erläutert die Vorlage."), None);
    }
}
