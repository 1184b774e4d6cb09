//! The attendance list: who took part, in which role and for which group, and who was
//! absent. Minutes print it one person a line or as runs on one line ("Frau A, Herr B",
//! "M. Wolter, N. Heide – E. Friesen", "1. Jens Meyer 2. Armin Bock"), under labels
//! ("Als stimmberechtigt waren anwesend:", "An der Sitzung nahm nicht teil:"), role
//! headings ("Schriftführung", "Stadtverordnetenvorsteher") and group headings ("SPD",
//! "Stadtverordnete CDU-Fraktion"), with the role, group or absence before or after each
//! name ("Ausschussvorsitzender Klaus Kaschke", "Daniel Iliev, Bürgermeister", "Herr
//! Krause –Vertreter-", "Kinder, Annerose entschuldigt", "Lübke, Dominic (SPD)anwesend").

use super::parse::{Attendee, LIST_MARK, Lines, Minutes, Role, Warning};
use super::recognize::PersonName;

/// Where a list stands: the role and group the last label or heading gave.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Section {
    pub role: Role,
    pub group: Option<String>,
    /// A legend said that names in parentheses were absent (Hannover).
    pub parenthesized_absent: bool,
}

impl Default for Section {
    fn default() -> Section {
        Section {
            role: Role::Member,
            group: None,
            parenthesized_absent: false,
        }
    }
}

re!(
    ROLE_MINUTES,
    r"(?i)^(schriftführ(ung|er|erin)|protokollführ(ung|er|erin)|protokoll)\s*:?$"
);
re!(
    ROLE_ADMIN,
    r"(?i)^((von|seitens)\s+der\s+verwaltung|verwaltung)\s*:?$"
);
re!(
    ROLE_GUEST,
    r"(?i)^(als\s+)?(gäste|gast|sachverständige|sachkundige\s+einwohner.*)\s*:?$"
);
re!(ROLE_CHAIR, r"(?i)^(vorsitz|vorsitzende[r]?)\s*:?$");
re!(ROLE_MEMBERS, r"(?i)^(.*\s)?\w*mitglied(er)?\b[^.]*:?$");
// A label and what follows it on its line: "Anwesend: Frau Gaethke, Herr Gemski".
re!(LABEL, r"^([^:]{2,90}?)\s*:\s*(.*)$");
re!(
    LABEL_WORD,
    r"(?i)\b(anwesend\w*|fehl(t|en|te|ten|end)|entschuldigt|abwesend|verhindert|zugegen)$"
);
// Only with a colon: "Ferner nehmen an der Sitzung teil:" ("Allgemeiner Teil" is a title).
re!(LABEL_WORD_COLON, r"(?i)\b(teilnehm\w*|teil)$");
re!(
    LABEL_START,
    r"(?i)^(anwesend\w*|anwesenheit\w*|teilnehmer\w*|teilnehmende|sitzungsteilnehmer\w*|abwesend|entschuldigt|es\s+fehl\w*|nicht\s+anwesend)\b"
);
re!(
    ABSENT_WORDS,
    r"(?i)(fehl(t|en|te|ten|end)\b|entschuldigt|abwesend|nicht\s+anwesend|nicht\s+teil|verhindert)"
);
// A note in parentheses that says when someone came or left: "(bis 18:30 Uhr)", "(ab TOP 4)".
re!(
    TIME_NOTE,
    r"(?i)\s*\((?:ab|bis|von|zu|seit|nur|TOP|\d{1,2}[.:]\d{2})\b[^)]*\)|\s+(?:ab|bis)\s+(?:TOP\s*\d+(?:\.\d+)*|\d{1,2}[.:]\d{2}(?:\s*Uhr)?)|\s+\d{1,2}[:.]\d{2}\s*(?:-|–|bis)\s*\d{1,2}[:.]\d{2}(?:\s*Uhr)?"
);
// Said of the person at the end of an entry: "entschuldigt", "(e)", "anwesend".
re!(
    STATUS_END,
    r"(?i)[\s,]*(\(e\)|\(entschuldigt\)|\bentschuldigt|\bfehlt|\bverhindert|\bnicht\s+anwesend|\babwesend|anwesend|\bx)\s*$"
);
// "1. Jens Meyer 2. Armin Bock": an enumeration run together on one line.
re!(ENUMERATOR, r"(?:^|\s)\d{1,2}\.\s+");
// A dash between two parts of an entry or between two runs of names ("Herr Krause
// –Vertreter-", "J. Klepatz – E. Friesen"), not inside a name ("Bode-Nohr").
re!(DASH, r"\s+[-–—]{1,2}(?:\s+|$)|\s+[-–—](\p{Lu})");
re!(
    VERB,
    r"(?i)\b(sind|waren|ist|war|wird|werden|nahm|nahmen)\b"
);
re!(
    LEGEND,
    r"(?i)^\((?:verhindert|entschuldigt|abwesend|fehlend|nicht\s+anwesend)[^)]*\)$"
);
re!(PARENTHESIZED, r"^\(([^()]+)\)(.*)$");
// A letter enumerating a part of the list: "A. Die Mitglieder des Rates:".
re!(LETTER_MARK, r"^(?:[A-Z]|[IVX]{1,4})\.\s+");

/// The role of a label that opens or switches a part of the list, and the text after
/// it on the same line: "Als stimmberechtigt waren anwesend:", "Entschuldigt fehlten:",
/// "An der Sitzung konnten nicht teilnehmen: Herr Holländer, ...", "Vom Magistrat waren
/// anwesend:", "Weiterhin sind anwesend:", "Anwesenheitsliste". A count is not a list
/// ("Anwesend: 11").
pub(super) fn label(l: &str) -> Option<(Role, String)> {
    let l = l.trim();
    let (head, rest) = match LABEL.captures(l) {
        Some(c) => (c[1].trim().to_owned(), c[2].trim().to_owned()),
        None => (l.to_owned(), String::new()),
    };
    let words = head.split_whitespace().count();
    // "davon anwesend: 12", "Anzahl der Anwesenden:": counts of a vote table.
    let lower = head.to_lowercase();
    if lower.starts_with("davon") || lower.contains("anzahl") || lower.contains("zahl der") {
        return None;
    }
    if words == 0
        || words > 9
        || head.chars().any(|c| c.is_ascii_digit())
        || head.ends_with('.')
        || rest.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let colon = l.contains(':') && LABEL.is_match(l);
    // "Anwesenheit, Feststellung der Beschlussfähigkeit" is an agenda title.
    if !colon && head.contains(',') {
        return None;
    }
    let starts = LABEL_START.is_match(&head);
    let ends = LABEL_WORD.is_match(&head);
    let ends_colon = ends || LABEL_WORD_COLON.is_match(&head);
    // Without a colon a label says so in a sentence ("Weiterhin sind anwesend"), so that
    // "Jannik Bettinger entschuldigt" stays a person.
    let sentence = VERB.is_match(&head);
    if !(head.starts_with(char::is_uppercase) || starts)
        || !(starts || colon && ends_colon || !colon && ends && sentence && words <= 6)
    {
        return None;
    }
    let t = head.to_lowercase();
    let role = if ABSENT_WORDS.is_match(&t) {
        Role::Absent
    } else if t.contains("verwaltung") || t.contains("magistrat") || t.contains("dezernent") {
        Role::Administration
    } else if t.contains("schriftführ") || t.contains("protokoll") {
        Role::MinuteTaker
    } else if [
        "gäste",
        "gast",
        "ferner",
        "außerdem",
        "ausserdem",
        "weiter",
        "zusätzlich",
    ]
    .iter()
    .any(|w| t.contains(w))
    {
        Role::Guest
    } else if t.contains("vorsitz") {
        Role::Chair
    } else {
        Role::Member
    };
    Some((role, rest))
}

/// A line that only names a role: "Schriftführung", "Von der Verwaltung:", "Vorsitz",
/// "Ratsmitglieder:", "Stadtverordnetenvorsteher", "B. Von der Verwaltung:".
pub(super) fn role_heading(l: &str) -> Option<Role> {
    let l = LETTER_MARK.replace(l.trim(), "");
    if l.split_whitespace().count() > 8
        || l.ends_with('.')
        || l.contains(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let l = l.trim_start_matches("der ").trim_start_matches("die ");
    if ROLE_MINUTES.is_match(l) {
        return Some(Role::MinuteTaker);
    } else if ROLE_ADMIN.is_match(l) {
        return Some(Role::Administration);
    } else if ROLE_GUEST.is_match(l) {
        return Some(Role::Guest);
    } else if ROLE_CHAIR.is_match(l) {
        return Some(Role::Chair);
    } else if ROLE_MEMBERS.is_match(l) {
        return Some(Role::Member);
    }
    let words: Vec<&str> = l.trim_end_matches(':').split_whitespace().collect();
    if !words.is_empty() && words.len() <= 4 && words.iter().all(|w| role_word(w)) {
        return Some(role_of(&words).unwrap_or(Role::Member));
    }
    None
}

/// A group heading: "CDU", "Bündnis 90/Die Grünen", "Stadtverordnete SPD-Fraktion".
fn group_heading(l: &str) -> Option<String> {
    let l = l.trim().trim_end_matches(':').trim();
    if l.is_empty() || l.len() > 60 || l.ends_with('.') {
        return None;
    }
    let words: Vec<&str> = l.split_whitespace().collect();
    let skip = words
        .iter()
        .take_while(|w| role_word(w) && !looks_like_group(w))
        .count();
    let rest = words[skip..].join(" ");
    (!rest.is_empty() && looks_like_group(&rest)).then_some(rest)
}

/// Words that make a short text a faction or group name rather than a person: a party's
/// letters ("CDU", "AfD", "GRÜNE/B90") or a group word.
pub(super) fn looks_like_group(text: &str) -> bool {
    const WORDS: [&str; 16] = [
        "fraktion",
        "gruppe",
        "bündnis",
        "freie",
        "wähler",
        "partei",
        "linke",
        "grüne",
        "grünen",
        "einzelmitglied",
        "piraten",
        "liste",
        "wählergemeinschaft",
        "fraktionslos",
        "parteilos",
        "union",
    ];
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && words.iter().any(|w| {
            let lower = w.to_lowercase();
            WORDS.iter().any(|g| {
                lower.split(['-', '/']).any(|part| part == *g) || lower.ends_with("fraktion")
            }) || party_letters(w)
        })
}

/// A party's letters: "CDU", "AfD", "GRÜNE/B90", "BfB" (but not "Klaus-Hermann").
fn party_letters(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    let upper = w.chars().filter(|c| c.is_uppercase()).count();
    upper >= 2
        && upper * 2 >= letters
        && w.chars().all(|c| c.is_alphanumeric() || "/-.&".contains(c))
}

const ADDRESS: [&str; 5] = ["Herr", "Herrn", "Frau", "Herren", "Damen"];

/// Whether a text holds a form of address ("Herr", "Frau", "Herren").
fn addressed(text: &str) -> bool {
    text.split_whitespace().any(|w| ADDRESS.contains(&w))
}
const TITLES: [&str; 9] = [
    "Dr.",
    "Prof.",
    "Dr.-Ing.",
    "Dipl.-Ing.",
    "med.",
    "rer.",
    "nat.",
    "h.c.",
    "Dres.",
];
const PARTICLES: [&str; 12] = [
    "von", "van", "de", "der", "den", "zu", "ten", "ter", "di", "da", "del", "vom",
];
/// Lower-case words that stand before a role: "als Vorsitzender", "stellv. Mitglied".
const ROLE_LEAD: [&str; 19] = [
    "als",
    "stimmberechtigte",
    "stimmberechtigter",
    "stimmberechtigt",
    "stellv.",
    "stellvertr.",
    "stellvertretender",
    "stellvertretende",
    "wählbarer",
    "wählbare",
    "sachkundiger",
    "sachkundige",
    "beratendes",
    "beratende",
    "ehrenamtlicher",
    "ehrenamtliche",
    "hauptamtlicher",
    "hauptamtliche",
    "verw.",
];
/// Endings of the nouns for offices and functions ("Ausschussvorsitzender",
/// "Rechnungsamtsleiterin", "Gemeindevertreter"), longer than the ending itself, so that
/// "Meister" or "Rat" stays a name.
const ROLE_ENDINGS: [&str; 45] = [
    "vorsitzender",
    "beauftragter",
    "beauftragte",
    "vorsitzende",
    "mitglied",
    "mitglieder",
    "vertreter",
    "vertreterin",
    "meister",
    "meisterin",
    "leiter",
    "leiterin",
    "angestellter",
    "angestellte",
    "praktikant",
    "praktikantin",
    "rat",
    "rätin",
    "räte",
    "beigeordneter",
    "beigeordnete",
    "führer",
    "führerin",
    "führung",
    "bürger",
    "bürgerin",
    "vorsteher",
    "vorsteherin",
    "verordneter",
    "verordnete",
    "kämmerer",
    "kämmerin",
    "dezernent",
    "dezernentin",
    "referent",
    "referentin",
    "sekretär",
    "sekretärin",
    "bearbeiter",
    "bearbeiterin",
    "protokollant",
    "protokollantin",
    "abgeordneter",
    "abgeordnete",
    "beirat",
];
/// Function words that are also whole words: "Vorsitzender", "Senator", "Gast".
const ROLE_WORDS: [&str; 32] = [
    "angestellter",
    "angestellte",
    "vorsitzender",
    "vorsitzende",
    "vorsitz",
    "mitglied",
    "mitglieder",
    "vertreter",
    "vertreterin",
    "senator",
    "senatorin",
    "gast",
    "gäste",
    "verwaltung",
    "protokoll",
    "beigeordneter",
    "beigeordnete",
    "dezernent",
    "dezernentin",
    "ratsherr",
    "ratsfrau",
    "landrat",
    "landrätin",
    "auszubildender",
    "auszubildende",
    "einwohner",
    "einwohnerin",
    "sachverständiger",
    "sachverständige",
    "presse",
    "bürgermeister",
    "bürgermeisterin",
];

/// An office, function or rank before or after a name: "Bürgermeister", "Gemeinderat",
/// "als", "stellv.", "OB", "StR", "LStRD`in", "Verwaltung/Protokollführer".
fn role_word(w: &str) -> bool {
    let w = w.trim_end_matches([':', ',']);
    let lower = w.to_lowercase();
    if ROLE_LEAD.contains(&lower.as_str()) || ROLE_WORDS.contains(&lower.as_str()) {
        return true;
    }
    if ADDRESS.contains(&w) || TITLES.contains(&w) || initial(w) {
        return false;
    }
    // Ranks and their abbreviations: "OB", "StR", "LVB", "VfW", "Rm", "sB".
    let upper = w.chars().filter(|c| c.is_uppercase()).count();
    if (upper >= 2 && w.chars().count() <= 6 && w.chars().all(char::is_alphabetic))
        || ["Rm", "sB", "BM", "StR", "StD", "StK"].contains(&w)
        || w.contains('`')
        // "VG-Verwaltung", "Ortsbürgermeister-Stellvertreter".
        || w.rsplit_once('-').is_some_and(|(head, last)| !head.is_empty() && role_word(last))
        // "Verwaltung/Protokollführer" (but not "N/A").
        || w.contains('/') && w.split('/').any(|part| part.chars().count() >= 3 && role_word(part))
        || (w.ends_with('.') && w.chars().count() > 3 && w.chars().next().is_some_and(char::is_uppercase))
    {
        return true;
    }
    // Endings that are also surnames count only inside a longer word.
    const SURNAMES: [&str; 6] = ["meister", "rat", "bürger", "führer", "leiter", "räte"];
    ROLE_ENDINGS.iter().any(|e| {
        lower.ends_with(e) && (lower.chars().count() > e.chars().count() || !SURNAMES.contains(e))
    }) || lower.starts_with("verwaltungs")
}

/// The role that function words give: "Protokollführer", "Vorsitzender" (but not a
/// "stellv. Vorsitzender"), "Rechnungsamtsleiterin", "Gäste".
pub(super) fn role_of(words: &[&str]) -> Option<Role> {
    let t = words.join(" ").to_lowercase();
    if t.contains("protokoll") || t.contains("schriftführ") {
        Some(Role::MinuteTaker)
    } else if t.contains("vorsitz") && !t.contains("stellv") {
        Some(Role::Chair)
    } else if [
        "verwaltung",
        "leiter",
        "angestellt",
        "dezernent",
        "sachbearbeit",
        "praktikant",
        "auszubild",
        "amtmann",
        "amtsrat",
        "referent",
        "sekretär",
        "kämmer",
        "mitarbeiter",
        "beamt",
    ]
    .iter()
    .any(|w| t.contains(w))
    {
        Some(Role::Administration)
    } else if t.contains("gast") || t.contains("gäste") || t.contains("presse") {
        Some(Role::Guest)
    } else {
        None
    }
}

/// "M.", "H.-J.": an initial of a given name.
fn initial(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    // "II." enumerates a part of the list.
    let roman = letters.len() >= 2 && letters.iter().all(|c| "IVX".contains(*c));
    !roman
        && w.ends_with('.')
        && !letters.is_empty()
        && letters.len() <= 2
        && letters.iter().all(|c| c.is_uppercase())
        && w.chars().all(|c| c.is_alphabetic() || c == '.' || c == '-')
}

/// Capitalised words that are not names: the nouns of headers and agendas.
fn not_a_name(w: &str) -> bool {
    const WORDS: [&str; 45] = [
        "Stadt",
        "Gemeinde",
        "Amt",
        "Kreis",
        "Landkreis",
        "Rathaus",
        "Sitzung",
        "Saal",
        "Teil",
        "Tagesordnung",
        "Niederschrift",
        "Protokoll",
        "Beginn",
        "Ende",
        "Uhr",
        "Ort",
        "Datum",
        "Öffentlicher",
        "Öffentliche",
        "Nichtöffentlicher",
        "Zuhörer",
        "Fraktion",
        "Gruppe",
        "Die",
        "Der",
        "Das",
        "Den",
        "Dem",
        "Des",
        "Und",
        "Mit",
        "Für",
        "Von",
        "Im",
        "In",
        "Am",
        "Zum",
        "Zur",
        "Bei",
        "Gesamt",
        "Nicht",
        "Keine",
        "Alle",
        "Bereich",
        "Abteilung",
    ];
    let lower = w.to_lowercase();
    WORDS.contains(&w)
        || [
            "ungen",
            "heit",
            "keit",
            "schaft",
            "ation",
            "ität",
            "nisse",
            "ismus",
            "blatt",
            "zeitung",
            "verlag",
            "anzeiger",
            "kurier",
            "rundschau",
            "nachrichten",
            "boten",
            "amt",
            "verband",
            "saal",
            "betriebe",
            "werke",
            "verein",
            "gemeinde",
            "büro",
        ]
        .iter()
        .any(|e| lower.ends_with(e))
        || (lower.ends_with("ung") && lower.chars().count() >= 8)
}

/// A word of a name: "Hans-Peter", "Brüntrup", "O'Neill".
fn name_word(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && w.chars().count() >= 2
        && w.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
        && !w.ends_with('-')
        && !role_word(w)
        && !not_a_name(w)
        && !looks_like_group(w)
        && !ADDRESS.contains(&w)
}

/// One person of the list, as an entry reads it.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    name: PersonName,
    /// Function words around the name, which may give the role.
    roles: Vec<String>,
    group: Option<String>,
    unit: Option<String>,
    absent: bool,
    /// "Herren Driessen, Magdanz": the form of address covers the names that follow.
    plural: bool,
}

/// Reads a name with the words around it: "Ausschussvorsitzender Klaus-Dieter Kaschke",
/// "Herr Dr. Simon Lange", "Fachbereichscontrolling Frau Reichenauer", "M. Wolter",
/// "Herr Boehlke vom Ortsamt Burglesum". `single` lets one name word stand alone (a
/// surname after "Herren ..." or before a comma and the given name).
fn person(text: &str, single: bool) -> Option<Entry> {
    person_at(text, single).or_else(|| {
        // "Bothel Ratsherr Böhling (CDU)", "Samtgemeinde Bothel Protokollführerin Bassen":
        // the previous person's place or office runs into the next entry.
        let words: Vec<&str> = text.split_whitespace().collect();
        let at = (1..words.len().saturating_sub(1)).find(|&k| {
            role_word(words[k])
                && !role_word(words[k - 1])
                && name_word(words[k + 1])
                && !ROLE_LEAD.contains(&words[k].to_lowercase().as_str())
        })?;
        person_at(&words[at..].join(" "), single)
    })
}

fn person_at(text: &str, single: bool) -> Option<Entry> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut entry = Entry {
        name: PersonName {
            form_of_address: None,
            title: Vec::new(),
            status: None,
            given_name: None,
            family_name: String::new(),
        },
        roles: Vec::new(),
        group: None,
        unit: None,
        absent: false,
        plural: false,
    };
    let mut i = 0;
    // A department before the form of address: "Stadtplanung Herren Schnabel".
    if let Some(at) = words.iter().position(|w| ADDRESS.contains(w))
        && at > 0
        && words[..at].iter().all(|w| {
            role_word(w)
                || w.chars().next().is_some_and(char::is_uppercase) && !w.ends_with(['.', ','])
        })
    {
        let (roles, unit): (Vec<&str>, Vec<&str>) = words[..at].iter().partition(|w| role_word(w));
        entry.roles.extend(roles.iter().map(|w| (*w).to_owned()));
        if !unit.is_empty() && roles.is_empty() {
            entry.unit = Some(unit.join(" "));
        }
        i = at;
    }
    let mut named_by = false;
    while let Some(w) = words.get(i) {
        if ADDRESS.contains(w) {
            entry.name.form_of_address = Some(
                if *w == "Frau" || *w == "Damen" {
                    "Frau"
                } else {
                    "Herr"
                }
                .to_owned(),
            );
            entry.plural = *w == "Herren" || *w == "Damen";
            named_by = true;
        } else if TITLES.contains(w) {
            if *w == "med." || *w == "rer." || *w == "nat." || *w == "h.c." {
                if let Some(last) = entry.name.title.last_mut() {
                    last.push(' ');
                    last.push_str(w);
                }
            } else {
                entry.name.title.push((*w).to_owned());
            }
            named_by = true;
        } else if role_word(w)
            || (w.ends_with('.') && w.trim_end_matches('.').chars().all(|c| c.is_ascii_digit()))
        {
            if super::recognize::OFFICES.contains(w) {
                entry.name.status = Some((*w).to_owned());
            }
            entry.roles.push((*w).to_owned());
            named_by = true;
        } else {
            break;
        }
        i += 1;
    }
    // The name: given names or initials, particles, the family name.
    let mut names = Vec::new();
    while let Some(w) = words.get(i) {
        let w = w.trim_end_matches(',');
        // "von der Lieth": particles, then the family name.
        let particle = PARTICLES.contains(&w)
            && !names.is_empty()
            && words[i + 1..]
                .iter()
                .find(|n| !PARTICLES.contains(n))
                .is_some_and(|n| name_word(n));
        let nobility = ["Freiherr", "Freifrau", "Graf", "Gräfin"].contains(&w) && !names.is_empty();
        if !(name_word(w) || initial(w) || particle || nobility) {
            break;
        }
        names.push(w);
        i += 1;
    }
    let real = names.iter().filter(|w| name_word(w)).count();
    if real == 0 || names.len() > 5 || !names.last().is_some_and(|w| name_word(w)) {
        return None;
    }
    if real < 2 && !named_by && !single && !names.iter().any(|w| initial(w)) {
        return None;
    }
    // What may follow a name: "vom Ortsamt Burglesum", "als Vorsitzender", functions.
    let rest = &words[i..];
    if let Some(first) = rest.first() {
        let connector = [
            "vom", "von", "der", "des", "aus", "für", "bei", "beim", "im", "als", "und",
        ]
        .contains(first);
        // "Herr Holger Hüttel DIE LINKE.", "Herr Klaus Peche B.I.S. / FBM".
        let group = rest.join(" ");
        if !connector && looks_like_group(&group) && role_of(rest).is_none() {
            entry.group = Some(group.trim_end_matches('.').to_owned());
        } else if connector {
            entry.roles.extend(rest.iter().map(|w| (*w).to_owned()));
        } else if rest.iter().all(|w| role_word(w)) {
            entry.roles.extend(rest.iter().map(|w| (*w).to_owned()));
        } else if [
            "Bereich",
            "Abteilung",
            "Amt",
            "Fachbereich",
            "Fachdienst",
            "Referat",
            "Dezernat",
            "Stabsstelle",
            "Büro",
        ]
        .contains(first)
        {
            // "Frau Heitsch Bereich Rats- und Bezirksratsangelegenheiten".
            entry.unit = Some(rest.join(" "));
        } else if rest
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) && (role_word(w) || not_a_name(w)))
        {
            // "Herr Wolf Architekturbüro": the office the person comes from.
            entry.unit = Some(rest.join(" "));
        } else {
            return None;
        }
    }
    // "von Oldershausen": particles belong to the family name.
    let mut family_from = names.len() - 1;
    while family_from > 0 && PARTICLES.contains(&names[family_from - 1]) {
        family_from -= 1;
    }
    entry.name.family_name = names[family_from..].join(" ");
    let given = names[..family_from].join(" ");
    entry.name.given_name = (!given.is_empty()).then_some(given);
    Some(entry)
}

/// A surname before the comma of "Müller, Hans": one name, perhaps with titles or
/// particles ("Prof. Dr. Emeis", "de Vries").
fn surname(text: &str) -> Option<(Vec<String>, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let titles: Vec<String> = words
        .iter()
        .take_while(|w| TITLES.contains(w))
        .map(|w| (*w).to_owned())
        .collect();
    let rest = &words[titles.len()..];
    let (last, particles) = rest.split_last()?;
    // Before the comma and a given name a function word is a surname: "Gast, Klaus".
    let surname_word = |w: &str| {
        w.starts_with(char::is_uppercase)
            && w.chars().count() >= 2
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && !ADDRESS.contains(&w)
            && !not_a_name(w)
            && !looks_like_group(w)
    };
    (surname_word(last) && particles.iter().all(|p| PARTICLES.contains(p)))
        .then(|| (titles, rest.join(" ")))
}

/// Given names after the comma of "Müller, Hans": one to three names, perhaps after
/// titles ("Martensen, Dr. Hartwig").
fn given_names(text: &str) -> Option<(Vec<String>, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let titles: Vec<String> = words
        .iter()
        .take_while(|w| TITLES.contains(w))
        .map(|w| (*w).to_owned())
        .collect();
    let rest = &words[titles.len()..];
    (!rest.is_empty() && rest.len() <= 3 && rest.iter().all(|w| name_word(w) || initial(w)))
        .then(|| (titles, rest.join(" ")))
}

/// Splits outside parentheses and quotes.
fn split_outside(text: &str, sep: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '(' | '„' | '“' if c == '(' || depth == 0 => depth += 1,
            ')' | '“' | '”' if depth > 0 => depth -= 1,
            _ => {}
        }
        if c == sep && depth == 0 {
            parts.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A piece of an entry between commas, with its notes in parentheses taken out.
struct Piece {
    core: String,
    notes: Vec<String>,
    absent: bool,
}

fn piece(text: &str) -> Piece {
    let mut absent = false;
    let mut text = text.trim().to_owned();
    if let Some(c) = STATUS_END.captures(&text.clone()) {
        let status = c[1].to_lowercase();
        absent = status != "anwesend" && status != "x";
        text.truncate(c.get(0).map_or(text.len(), |m| m.start()));
    }
    let mut notes = Vec::new();
    let mut core = String::new();
    let mut depth = 0;
    let mut note = String::new();
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                if depth > 1 {
                    note.push(c);
                }
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    notes.push(std::mem::take(&mut note).trim().to_owned());
                } else {
                    note.push(c);
                }
            }
            _ if depth > 0 => note.push(c),
            _ => core.push(c),
        }
    }
    let core = core.trim().trim_matches(['-', '–', '—']).trim().to_owned();
    if notes.iter().any(|n| {
        let n = n.to_lowercase();
        n == "e" || n.starts_with("entschuldigt") || n == "fehlt"
    }) {
        absent = true;
    }
    Piece {
        core,
        notes,
        absent,
    }
}

impl Entry {
    /// Takes in a piece that is about this person: its absence and its notes in
    /// parentheses.
    fn absorb(&mut self, p: &Piece) {
        self.absent |= p.absent;
        for n in &p.notes {
            self.note(n, true);
        }
    }

    /// Takes in a note: a status, a function, a group in parentheses or a unit.
    fn note(&mut self, note: &str, in_parentheses: bool) {
        let n = note.trim().trim_matches(['-', '–', '—', ',']).trim();
        if n.is_empty() {
            return;
        }
        let lower = n.to_lowercase();
        if [
            "e",
            "entschuldigt",
            "fehlt",
            "verhindert",
            "abwesend",
            "nicht anwesend",
        ]
        .contains(&lower.as_str())
        {
            self.absent = true;
            return;
        }
        let words: Vec<&str> = n.split_whitespace().collect();
        let has_role = words.iter().any(|w| role_word(w)) || role_of(&words).is_some();
        if in_parentheses && looks_like_group(n) && role_of(&words).is_none() {
            self.group.get_or_insert_with(|| n.to_owned());
        } else if in_parentheses
            && !has_role
            && !n.chars().any(|c| c.is_ascii_digit())
            && words.len() <= 5
        {
            self.group.get_or_insert_with(|| n.to_owned());
        } else if has_role {
            self.roles.extend(words.iter().map(|w| (*w).to_owned()));
        } else if !in_parentheses && self.group.is_none() && looks_like_group(n) && words.len() <= 2
        {
            self.group = Some(n.to_owned());
        }
    }
}

/// The persons of a run between dashes: "Frau Gaethke (Vorsitzende), Frau Dr. Enkelmann",
/// "Behrens, Walter, Handewitt", "Herren Driessen, Magdanz". None when the run does not
/// start with a person.
fn run(text: &str, plural_before: bool) -> Option<Vec<Entry>> {
    let mut pieces: Vec<Piece> = Vec::new();
    for p in split_outside(text, ',') {
        // "Ortsvorsteher Stefan Jäckle und Stefan Rill": two persons.
        let words: Vec<&str> = p.split_whitespace().collect();
        let addresses: Vec<usize> = words
            .iter()
            .enumerate()
            .filter(|(_, w)| ADDRESS.contains(w))
            .map(|(k, _)| k)
            .collect();
        let parts: Vec<&str> = p.split(" und ").collect();
        if addresses.len() < 2
            && parts.len() == 2
            && parts
                .iter()
                .all(|x| person(&piece(x).core, false).is_some())
        {
            pieces.extend(parts.into_iter().map(piece));
            continue;
        }
        // "Vorsitzender Herr Boehlke vom Ortsamt Protokoll Frau Tietjen": each form of
        // address opens a person; the function words before it are that person's.
        if addresses.len() >= 2 {
            let mut from = 0;
            for &k in &addresses[1..] {
                let mut cut = k;
                while cut > from + 1
                    && role_word(words[cut - 1])
                    && !looks_like_group(words[cut - 1])
                {
                    cut -= 1;
                }
                pieces.push(piece(&words[from..cut].join(" ")));
                from = cut;
            }
            pieces.push(piece(&words[from..].join(" ")));
            continue;
        }
        pieces.push(piece(&p));
    }
    let mut out: Vec<Entry> = Vec::new();
    let mut plural = plural_before;
    let mut i = 0;
    while i < pieces.len() {
        let p = &pieces[i];
        // "Müller, Hans[, Ort]": the surname first.
        if !addressed(&p.core)
            && let Some((mut titles, family)) = surname(&p.core)
            && let Some(next) = pieces.get(i + 1)
            && let Some((more, given)) = given_names(&next.core)
        {
            titles.extend(more);
            let mut e = person(&given, true)?;
            e.name.title = titles;
            e.name.family_name = family;
            e.name.given_name = Some(given);
            e.absorb(p);
            e.absorb(next);
            i += 2;
            // What follows the given name up to the next person is about this one: a
            // place of residence, a function ("Kolvenbach, Bernd, Euskirchen").
            while let Some(more) = pieces.get(i) {
                let next_pair = surname(&more.core).is_some()
                    && pieces
                        .get(i + 1)
                        .is_some_and(|n| given_names(&n.core).is_some());
                if next_pair || addressed(&more.core) {
                    break;
                }
                let words: Vec<&str> = more.core.split_whitespace().collect();
                if role_of(&words).is_some() {
                    e.roles.extend(words.iter().map(|w| (*w).to_owned()));
                }
                e.absorb(more);
                i += 1;
            }
            out.push(e);
            continue;
        }
        // "Herr Lugwoski, Leiter Bauamt", "Herr Jan Frers, Immobilien Bremen": after a
        // person with a form of address, a part without one (or a title) is about them.
        let about_last = out
            .last()
            .is_some_and(|e| e.name.form_of_address.is_some() && !plural)
            && !p
                .core
                .split_whitespace()
                .any(|w| ADDRESS.contains(&w) || TITLES.contains(&w));
        // "Peter Behrmann, Vorsitzender Seniorenbeirat Wesselburen": in a list of given
        // and family names, a part with one name is about the person before it.
        let full_names = out
            .first()
            .is_some_and(|e| e.name.given_name.is_some() && e.name.form_of_address.is_none());
        if let Some(mut e) = person(&p.core, plural && !out.is_empty())
            .filter(|e| !(about_last || full_names && e.name.given_name.is_none()))
        {
            if e.name.form_of_address.is_none() && plural {
                e.name.form_of_address = Some("Herr".to_owned());
            }
            if e.plural {
                plural = true;
            } else if p
                .core
                .split_whitespace()
                .any(|w| ["Herr", "Herrn", "Frau"].contains(&w))
            {
                plural = false;
            }
            e.absorb(p);
            out.push(e);
        } else if let Some(last) = out.last_mut() {
            // "Daniel Iliev, Bürgermeister", "Kolvenbach, Bernd, Euskirchen".
            last.note(&p.core, false);
            last.absorb(p);
        } else {
            return None;
        }
        i += 1;
    }
    (!out.is_empty()).then_some(out)
}

/// The persons on one line of the list, or None when the line does not start with one.
fn entries(line: &str) -> Option<Vec<Entry>> {
    let line = LIST_MARK.replace(line.trim(), "");
    let line = TIME_NOTE.replace_all(&line, "");
    let mut all: Vec<Entry> = Vec::new();
    // Cells of a table or a two-column layout: "Michèl Patryas   entschuldigt".
    let cells: Vec<&str> = line
        .split('\t')
        .flat_map(|c| c.split("   "))
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    // "Ratsmitglied       Heiko Heymann": a function in a column of its own.
    let mut prefix: Option<&str> = None;
    let columns = cells.len();
    for (k, cell) in cells.into_iter().enumerate() {
        let words: Vec<&str> = cell.split_whitespace().collect();
        if k + 1 < columns
            && person(cell, false).is_none()
            && words
                .last()
                .is_some_and(|w| role_word(w) && !looks_like_group(w))
        {
            prefix = Some(cell);
            continue;
        }
        let joined;
        let cell = match prefix.take() {
            Some(p) => {
                joined = format!("{} {cell}", p.split_whitespace().last().unwrap_or_default());
                joined.as_str()
            }
            None => cell,
        };
        if let Some(last) = all.last_mut()
            && STATUS_END.find(cell).is_some_and(|m| m.start() == 0)
        {
            let status = cell.trim().to_lowercase();
            last.absent |= !status.starts_with("anwesend") && status != "x";
            continue;
        }
        // "1. Bürgermeister Jens Meyer 2. Armin Bock": split at each number.
        let items: Vec<String> = if ENUMERATOR.find_iter(cell).count() >= 2 {
            ENUMERATOR
                .split(cell)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        } else {
            vec![ENUMERATOR.replace(cell, "").trim().to_owned()]
        };
        for item in items {
            let mut plural = false;
            let mut rest = item.as_str();
            let mut first = true;
            loop {
                // The next dash that separates parts: "Herr Krause –Vertreter-".
                let (segment, after) = match DASH.captures(rest) {
                    Some(c) => {
                        let all = c.get(0).map_or(0..0, |m| m.range());
                        // "–Vertreter-": the next part starts at the glued letter.
                        let next = c.get(1).map_or(all.end, |g| g.start());
                        (&rest[..all.start], &rest[next..])
                    }
                    None => (rest, ""),
                };
                let segment = segment.trim().trim_end_matches(['-', '–']);
                if !segment.is_empty() {
                    match run(segment, plural) {
                        Some(found) => {
                            plural = found.last().is_some_and(|e| e.plural);
                            all.extend(found);
                        }
                        None if first => return (!all.is_empty()).then_some(all),
                        // "– Amt für Organisation, IT und Zentrale Leistungen": a unit.
                        None => {
                            if let Some(last) = all.last_mut() {
                                let words: Vec<&str> = segment.split_whitespace().collect();
                                if words.iter().all(|w| role_word(w)) || role_of(&words).is_some() {
                                    last.roles.extend(words.iter().map(|w| (*w).to_owned()));
                                } else if let Some(c) = STATUS_END.captures(segment)
                                    && c.get(0).is_some_and(|m| m.start() == 0)
                                {
                                    last.absent = true;
                                } else {
                                    last.unit.get_or_insert_with(|| segment.to_owned());
                                }
                            }
                        }
                    }
                }
                first = false;
                if after.trim().is_empty() {
                    break;
                }
                rest = after;
            }
        }
    }
    (!all.is_empty()).then_some(all)
}

/// Whether a line belongs to a list: persons, or a role or group heading.
pub(super) fn lists(l: &str) -> bool {
    is_persons(l) || role_heading(l).is_some() || group_heading(l).is_some()
}

/// Whether a label line also names persons after its colon.
pub(super) fn has_rest(l: &str) -> bool {
    label(l).is_some_and(|(_, rest)| is_persons(&rest))
}

/// Whether a label opens the line with its first word ("Anwesend:", "Teilnehmer",
/// "Entschuldigt fehlten:"), strong enough to open a list inside an item page.
pub(super) fn strong_label(l: &str) -> bool {
    LABEL_START.is_match(l.trim()) && label(l).is_some()
}

/// Whether a line is a run of persons: "1. Behrens, Walter, Handewitt" under
/// "Teilnehmer:" is a member, not agenda item 1.
pub(super) fn is_persons(line: &str) -> bool {
    entries(line).is_some()
}

/// Whether a line opens a part of the list or names a person in one, so that it does
/// not continue the line before it ("als Ausschussmitglieder Herr Dr. Brock",
/// "von der Verwaltung", "stellvertr. Ausschussvorsitzender Ralf Koberg").
pub(super) fn opens_entry(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or_default();
    label(line).is_some()
        || role_heading(line).is_some()
        || ROLE_LEAD.contains(&first) && is_persons(line)
}

/// One line inside the attendance list: a label, persons, a group or role heading.
pub(super) fn line(m: &mut Minutes, no: usize, l: &str, section: &mut Section) {
    // "(verhindert waren)": the names in parentheses below were absent.
    if LEGEND.is_match(l) {
        section.parenthesized_absent = true;
        return;
    }
    if section.parenthesized_absent
        && let Some(c) = PARENTHESIZED.captures(l)
    {
        let mut inner = Section {
            role: Role::Absent,
            ..section.clone()
        };
        line(m, no, &format!("{}{}", &c[1], &c[2]), &mut inner);
        return;
    }
    // "I. Stimmberechtigte Mitglieder:", "B. Von der Verwaltung:": a part of the list.
    if LETTER_MARK.is_match(l)
        && label(l).is_none()
        && let Some(role) = role_heading(l)
    {
        if section.role != Role::Absent {
            section.role = role;
        }
        section.group = None;
        return;
    }
    if let Some((role, rest)) = label(l) {
        *section = Section {
            role,
            group: None,
            parenthesized_absent: section.parenthesized_absent,
        };
        if !rest.is_empty() {
            line(m, no, &rest, section);
        }
        return;
    }
    if let Some(found) = entries(l) {
        for e in found {
            let role = if e.absent || section.role == Role::Absent {
                Role::Absent
            } else {
                let words: Vec<&str> = e.roles.iter().map(String::as_str).collect();
                role_of(&words).unwrap_or(section.role)
            };
            let group = e.group.or_else(|| section.group.clone());
            m.attendees.push(Attendee {
                name: e.name,
                role,
                group: if matches!(role, Role::Member | Role::Chair | Role::Absent) {
                    group
                } else {
                    None
                },
                unit: e.unit,
                lines: Lines::at(no),
            });
        }
        return;
    }
    if let Some(group) = group_heading(l) {
        section.group = Some(group);
        if section.role == Role::Chair {
            section.role = Role::Member;
        }
        return;
    }
    if let Some(role) = role_heading(l) {
        // "Abwesend" / "Magistratsmitglieder": a part of the absent stays absent.
        if section.role != Role::Absent {
            section.role = role;
        }
        section.group = None;
        return;
    }
    m.warnings.push(Warning {
        line: no,
        message: format!("not understood in the attendance list: {l:?}"),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(l: &str) -> Vec<String> {
        entries(l)
            .unwrap_or_default()
            .into_iter()
            .map(|e| {
                format!(
                    "{}|{}{}{}",
                    e.name.given_name.unwrap_or_default(),
                    e.name.family_name,
                    e.group.map(|g| format!("|{g}")).unwrap_or_default(),
                    if e.absent { "|absent" } else { "" }
                )
            })
            .collect()
    }

    #[test]
    fn runs_of_persons_on_one_line() {
        assert_eq!(
            names(
                "Frau Gaethke (Vorsitzende der Stadtverordnetenversammlung), Frau Dr. Enkelmann, Herr Gemski"
            ),
            ["|Gaethke", "|Enkelmann", "|Gemski"]
        );
        assert_eq!(
            names("M. Hornhues, H. Lürßen – E. Friesen, B. Punkenburg –"),
            ["M.|Hornhues", "H.|Lürßen", "E.|Friesen", "B.|Punkenburg"]
        );
        assert_eq!(
            names("1. Bürgermeister Jens Meyer 2. Armin Bock 3. Herbert Bredthauer"),
            ["Jens|Meyer", "Armin|Bock", "Herbert|Bredthauer"]
        );
        assert_eq!(
            names("Holger von der Lieth, Gleichstellungsbeauftragte Bärbel Köster"),
            ["Holger|von der Lieth", "Bärbel|Köster"]
        );
        assert_eq!(
            names("Seniorenbeirat Herren Driessen, Magdanz"),
            ["|Driessen", "|Magdanz"]
        );
        assert_eq!(
            names("Ortsvorsteher Stefan Jäckle und Stefan Rill, entschuldigt"),
            ["Stefan|Jäckle", "Stefan|Rill|absent"]
        );
    }

    #[test]
    fn one_person_with_what_surrounds_the_name() {
        assert_eq!(
            names("8. Klömmer, Thomas, Erfde (bis 18:30 Uhr)"),
            ["Thomas|Klömmer"]
        );
        assert_eq!(
            names("Peddinghaus, Dirk, Sollerup (entschuldigt)"),
            ["Dirk|Peddinghaus|absent"]
        );
        assert_eq!(
            names("Dr. Burmeister, Herbert (DIE LINKE)anwesend"),
            ["Herbert|Burmeister|DIE LINKE"]
        );
        assert_eq!(names("Daniel Iliev, Bürgermeister"), ["Daniel|Iliev"]);
        assert_eq!(names("Johannes Beyer, Erster Stadtrat"), ["Johannes|Beyer"]);
        assert_eq!(names("Herr Krause –Vertreter-"), ["|Krause"]);
        assert_eq!(
            names("Dr. Bernhard Hertel -Bürgermeister-"),
            ["Bernhard|Hertel"]
        );
        assert_eq!(names("Vogel, Dirk entschuldigt"), ["Dirk|Vogel|absent"]);
        assert_eq!(
            names("Michèl Patryas   entschuldigt"),
            ["Michèl|Patryas|absent"]
        );
        assert_eq!(names("Rm Münch (Offensive D.)"), ["|Münch|Offensive D."]);
        assert_eq!(names("LStRD`in Seybusch"), ["|Seybusch"]);
        assert_eq!(
            names("Philip Freiherr von Oldershausen"),
            ["Philip Freiherr|von Oldershausen"]
        );
        assert_eq!(names("Herr Wolf Architekturbüro"), ["|Wolf"]);
        assert_eq!(names("Herr Rissmann SPD/FDP"), ["|Rissmann|SPD/FDP"]);
    }

    #[test]
    fn lists_that_cities_print_in_their_own_way() {
        // A collapsed text layer: each form of address opens a person, the group follows.
        assert_eq!(
            names(
                "Oberbürgermeister Herr Ralf Poschmann und 30 Stadträte Herr Thomas Klaube CDU Herr Holger Hüttel DIE LINKE. Herr Klaus Peche B.I.S. / FBM"
            ),
            [
                "Ralf|Poschmann",
                "Thomas|Klaube|CDU",
                "Holger|Hüttel|DIE LINKE",
                "Klaus|Peche|B.I.S. / FBM"
            ]
        );
        // The place of one entry runs into the office of the next.
        assert_eq!(
            names(
                "Ratsvorsitzender Hestermann (CDU) - Samtgemeindebürgermeister Eberle - Bothel Ratsherr Böhling (CDU)"
            ),
            ["|Hestermann|CDU", "|Eberle", "|Böhling|CDU"]
        );
        // A function in a column of its own.
        assert_eq!(names("Ratsmitglied       Heiko Heymann"), ["Heiko|Heymann"]);
        assert_eq!(
            names("Frau Heitsch Bereich Rats- und Bezirksratsangelegenheiten"),
            ["|Heitsch"]
        );
        assert_eq!(
            names(
                "1. Siegfried Annies, Amtswehrführer 2. Peter Behrmann, Vorsitzender Seniorenbeirat Wesselburen"
            ),
            ["Siegfried|Annies", "Peter|Behrmann"]
        );
    }

    #[test]
    fn what_is_not_a_person() {
        for l in [
            "1. Eröffnung, Begrüßung und Feststellung der Beschlussfähigkeit",
            "Herr Boehlke eröffnet die 19. Sitzung des Beirates",
            "Stadt Niddatal",
            "15 Zuschauer",
            "Teil A",
            "Bestätigte Tagesordnung",
            "4. Anfragen, Mitteilungen",
            "II. Nicht stimmberechtigt:",
            "Weilheimer Tagblatt",
            "Samtgemeinde Bothel",
        ] {
            assert!(entries(l).is_none(), "{l}");
        }
    }

    #[test]
    fn labels_and_headings() {
        assert_eq!(
            label("Als stimmberechtigt waren anwesend:").map(|l| l.0),
            Some(Role::Member)
        );
        assert_eq!(
            label("Entschuldigt fehlten:").map(|l| l.0),
            Some(Role::Absent)
        );
        assert_eq!(
            label("An der Sitzung nahm nicht teil:").map(|l| l.0),
            Some(Role::Absent)
        );
        assert_eq!(
            label("Vom Magistrat waren anwesend:").map(|l| l.0),
            Some(Role::Administration)
        );
        assert_eq!(
            label("Weiterhin sind anwesend:").map(|l| l.0),
            Some(Role::Guest)
        );
        assert_eq!(label("Anwesend: 11"), None);
        assert_eq!(label("Der Vorsitzende begrüßt die Anwesenden."), None);
        assert_eq!(
            role_heading("Stadtverordnetenvorsteher"),
            Some(Role::Member)
        );
        assert_eq!(
            role_heading("B. Von der Verwaltung:"),
            Some(Role::Administration)
        );
        assert_eq!(
            group_heading("Stadtverordnete SPD-Fraktion").as_deref(),
            Some("SPD-Fraktion")
        );
        assert_eq!(
            group_heading("Bündnis 90/Die Grünen").as_deref(),
            Some("Bündnis 90/Die Grünen")
        );
        assert_eq!(group_heading("Teil A"), None);
    }
}
