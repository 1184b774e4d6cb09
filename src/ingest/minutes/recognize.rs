//! Small recognisers for the building blocks of German council minutes. Each looks at
//! one line (or a few) and knows nothing about the document around it, so each can be
//! tested on its own against the layouts of many vendors and cities.

use std::sync::LazyLock;

use chrono::{NaiveDate, NaiveTime};
use regex::Regex;

pub(super) const MONTHS: [&str; 12] = [
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
];

re!(
    NUMERIC_DATE,
    r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})\b"
);
re!(
    LONG_DATE,
    r"(?i)\b(\d{1,2})\.\s*(januar|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|november|dezember)\s+(\d{4})\b"
);
re!(ISO_DATE, r"\b(\d{4})-(\d{2})-(\d{2})\b");

/// A date written in a line: `04.05.2021`, `4. Mai 2021`, `2021-05-04`.
pub fn date(line: &str) -> Option<NaiveDate> {
    if let Some(c) = LONG_DATE.captures(line) {
        let month_name = c[2].to_lowercase().replace("maerz", "märz");
        let month = MONTHS.iter().position(|m| *m == month_name)? as u32 + 1;
        return NaiveDate::from_ymd_opt(c[3].parse().ok()?, month, c[1].parse().ok()?);
    }
    if let Some(c) = NUMERIC_DATE.captures(line) {
        let mut year: i32 = c[3].parse().ok()?;
        if year < 100 {
            year += 2000;
        }
        return NaiveDate::from_ymd_opt(year, c[2].parse().ok()?, c[1].parse().ok()?);
    }
    let c = ISO_DATE.captures(line)?;
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

/// Lines that announce the meeting date, e.g. `am 04.05.2021`, `Sitzungstag: 12.03.2019`.
pub fn meeting_date(line: &str) -> Option<NaiveDate> {
    static CUE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)(\bam\b|\bvom\b|sitzungstag|sitzungsdatum|datum|\bsitzung\b.*\b(am|vom)\b)",
        )
        .expect("valid")
    });
    if CUE.is_match(line) { date(line) } else { None }
}

re!(TIME, r"(\d{1,2})\s?[:.]\s?(\d{2})\s*(Uhr)?");

/// A clock time such as `17:00 Uhr` or `17.00`.
pub fn time(text: &str) -> Option<NaiveTime> {
    let c = TIME.captures(text)?;
    NaiveTime::from_hms_opt(c[1].parse().ok()?, c[2].parse().ok()?, 0)
}

/// Which meeting time a line states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    Start(NaiveTime),
    End(NaiveTime),
}

re!(
    CLOCK,
    r"(?i)(?:\b|\d)(sitzungs)?(beginn|ende)(\s+der\s+(?:(?:nicht\s*)?öffentlichen\s+)?sitzung)?\s*:?\s*(?:um\s+)?(\d{1,2})\s?[:.]\s?(\d{2})"
);
// "14.00 - 21.15 Uhr", "19:00 Uhr bis 20:00 Uhr" anywhere in a header line.
re!(
    ANY_RANGE,
    r"(?i)\b(\d{1,2}[:.]\d{2})\s*(?:uhr)?\s*(?:-|–|bis)\s*(\d{1,2}[:.]\d{2})\s*uhr\b|^(\d{1,2}[:.]\d{2})\s*(?:uhr)?\s*(?:-|–|bis)\s*(\d{1,2}[:.]\d{2})\s*(?:uhr)?$"
);
// "Zeit: 16:30", "Uhrzeit:02:00 PM", "Datum: 03.03.2021, 09:00", "(2019-03-20 09:00:00)".
re!(
    START_LABEL,
    r"(?i)^(?:[-•]\s*)?(?:uhrzeit|zeit|sitzungszeit)\s*:?\s*(\d{1,2})[:.](\d{2})\s*(am|pm)?|\bdatum\b.*\d{4}\s*,\s*(\d{1,2})[:.](\d{2})\b|\d{4}-\d{2}-\d{2}[ T](\d{2}):(\d{2})"
);
// "eröffnet die Sitzung um 18:04 Uhr", "um 19.00 Uhr begann", "endet um 17:11 Uhr".
re!(
    OPENED_AT,
    r"(?i)\b(?:eröffne\w*|beginn\w*|begann)\b[^.]{0,80}?\bum\s+(\d{1,2})[:.](\d{2})\s*uhr|\bum\s+(\d{1,2})[:.](\d{2})\s*uhr\s+(?:begann|beginnt|eröffne)"
);
re!(
    CLOSED_AT,
    r"(?i)\b(?:schließt|schloss|beendet|endet|endete|geschlossen)\b[^.]{0,60}?\bum\s+(\d{1,2})[:.](\d{2})\s*uhr|\bum\s+(\d{1,2})[:.](\d{2})\s*uhr\s+(?:geschlossen|beendet)"
);

fn hm(h: Option<regex::Match>, m: Option<regex::Match>) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h?.as_str().parse().ok()?, m?.as_str().parse().ok()?, 0)
}

/// A meeting time stated in running text: "Der Vorsitzende eröffnet die Sitzung um
/// 18:04 Uhr", "Die öffentliche Sitzung endet um 17:11 Uhr".
pub fn clock_in_text(line: &str) -> Option<Clock> {
    if let Some(c) = OPENED_AT.captures(line) {
        return hm(c.get(1).or(c.get(3)), c.get(2).or(c.get(4))).map(Clock::Start);
    }
    let c = CLOSED_AT.captures(line)?;
    hm(c.get(1).or(c.get(3)), c.get(2).or(c.get(4))).map(Clock::End)
}
re!(
    RANGE,
    r"(?i)^(sitzungsdauer|dauer|zeit|uhrzeit|sitzungszeit)\s*:?\s*(?:von\s+)?(\d{1,2}[:.]\d{2})\s*(?:uhr)?\s*(?:-|–|bis)\s*(\d{1,2}[:.]\d{2})"
);
re!(
    BARE_LABEL,
    r"(?i)^(?:[-•]\s*)?(sitzungs)?(beginn|ende|uhrzeit|zeit)(\s+der\s+sitzung)?\s*:?$"
);
re!(
    BARE_TIME,
    r"(?i)^(?:[-•]\s*)?(\d{1,2})\s?[:.]\s?(\d{2})\s*(uhr)?$"
);

/// `Beginn: 17:00 Uhr`, `Sitzungsbeginn 18:30`, `Ende der Sitzung: 20.15 Uhr`,
/// `Beginn: 17.00 Uhr Ende: 18.17 Uhr`, `Sitzungsdauer: 15:00 - 17:10 Uhr`.
pub fn clocks(line: &str) -> Vec<Clock> {
    let mut out = Vec::new();
    if let Some(c) = RANGE.captures(line) {
        if let (Some(a), Some(b)) = (time(&c[2]), time(&c[3])) {
            out.push(Clock::Start(a));
            out.push(Clock::End(b));
        }
        return out;
    }
    let trimmed = line.trim_start();
    for c in CLOCK.captures_iter(trimmed) {
        // The first label must open the line (after a short lead such as "Öffentlicher
        // Teil:"): "zu Beginn der Sitzung um 17.05" in running text is no meeting time.
        let lead = c.get(0).map_or("", |m| &trimmed[..m.start()]);
        if out.is_empty() && (lead.len() > 24 || lead.to_lowercase().contains("zu ")) {
            continue;
        }
        let (Ok(h), Ok(m)) = (c[4].parse(), c[5].parse()) else {
            continue;
        };
        let Some(t) = NaiveTime::from_hms_opt(h, m, 0) else {
            continue;
        };
        out.push(if c[2].eq_ignore_ascii_case("beginn") {
            Clock::Start(t)
        } else {
            Clock::End(t)
        });
    }
    if out.is_empty()
        && let Some(c) = ANY_RANGE.captures(trimmed)
        && let (Some(a), Some(b)) = (
            time(c.get(1).or(c.get(3)).map_or("", |m| m.as_str())),
            time(c.get(2).or(c.get(4)).map_or("", |m| m.as_str())),
        )
    {
        out.push(Clock::Start(a));
        out.push(Clock::End(b));
    }
    if out.is_empty()
        && let Some(c) = START_LABEL.captures(trimmed)
        && let Some(mut t) = hm(
            c.get(1).or(c.get(4)).or(c.get(6)),
            c.get(2).or(c.get(5)).or(c.get(7)),
        )
    {
        if c.get(3)
            .is_some_and(|p| p.as_str().eq_ignore_ascii_case("pm"))
            && t.format("%H").to_string() != "12"
        {
            t += chrono::Duration::hours(12);
        }
        out.push(Clock::Start(t));
    }
    out
}

/// The first clock of a line (see [`clocks`]).
pub fn clock(line: &str) -> Option<Clock> {
    clocks(line).into_iter().next()
}

/// A label whose time stands on a later line (two-column layouts): `Beginn der Sitzung:`.
pub fn clock_label(line: &str) -> Option<bool> {
    BARE_LABEL
        .captures(line.trim())
        .map(|c| !c[2].eq_ignore_ascii_case("ende"))
}

/// A line holding only a time: `17:00 Uhr`.
pub fn bare_time(line: &str) -> Option<NaiveTime> {
    let c = BARE_TIME.captures(line.trim())?;
    NaiveTime::from_hms_opt(c[1].parse().ok()?, c[2].parse().ok()?, 0)
}

/// A time written with "Uhr" anywhere in a line: `..., 20.00 Uhr, in Escheburg`.
pub fn time_with_uhr(line: &str) -> Option<NaiveTime> {
    static UHR: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(\d{1,2})[:.](\d{2})\s*Uhr").expect("valid"));
    let c = UHR.captures(line)?;
    NaiveTime::from_hms_opt(c[1].parse().ok()?, c[2].parse().ok()?, 0)
}

re!(
    LOCATION,
    r"(?i)^(?:[-•]\s*)?(tagungsort|sitzungsort|ort|raum|sitzungsraum|tagungsraum|ort,\s*raum|im|in)\s*:\s*(.+)$"
);

/// A line that names where a meeting is held: a building or an address ("Ratssaal,
/// Rathaus, Friedensplatz 1, 44135 Dortmund", "Rathaus Hilzingen").
pub fn looks_like_place(line: &str) -> bool {
    static PLACE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(rathaus|saal|raum|gymnasium|schule|mensa|halle|haus\b|zentrum|gebäude|aula|foyer|feuerwehr|kreishaus|sitzungszimmer|\b\d{5}\b)")
            .expect("valid")
    });
    line.len() <= 160
        && PLACE.is_match(line)
        && date(line).is_none()
        && time(line).is_none()
        && !line.contains(':')
        && heading(line).is_none()
}

/// Whether a location label names the place ("Ort:") rather than the room ("Raum:").
pub fn location_label_is_place(line: &str) -> bool {
    line.trim_start_matches(['-', '•', ' '])
        .to_lowercase()
        .starts_with("ort")
}

/// `Gremium: Stadtrat`, `Gremium:Ratsversammlung`.
pub fn organization_label(line: &str) -> Option<String> {
    static GREMIUM: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:[-•]\s*)?gremium\s*:\s*(.+?)(?:\s{2,}.*|\s+\p{Lu}\w+:.*)?$")
            .expect("valid")
    });
    // "Protokoll: Gemeinderat der Landeshauptstadt StuttgartNiederschrift Nr.": the
    // body whose minutes these are, with the next field glued on.
    static PROTOKOLL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"^Protokoll\s*:\s*((?i:{BODY_WORDS})\b.*?)\s*$")).expect("valid")
    });
    if let Some(c) = PROTOKOLL.captures(line.trim()) {
        let body = first_column(&c[1]).trim_end_matches([',', ' ']);
        return (!body.is_empty()).then(|| body.to_owned());
    }
    GREMIUM
        .captures(line.trim())
        .map(|c| c[1].trim().to_owned())
}

/// `Tagungsort: Großer Saal im Neuen Rathaus`.
pub fn location(line: &str) -> Option<String> {
    // "TagungsortBernau bei Berlin, ...": a table's label cell glued to its value; "...
    // vom 12.11.2015 Ort: Aula der Grundschule Süd-West Tag: 12.11.2015": a header run
    // together, the place ending at the next label.
    static GLUED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:[-•]\s*)?(?:Tagungsort|Sitzungsort|Sitzungsraum|Tagungsraum)(\p{Lu}.+)$")
            .expect("valid")
    });
    static INLINE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s(?:Ort|Sitzungsort|Tagungsort)\s*:\s*(\S.*?)(?:\s+\p{Lu}\p{L}+\s*:\s|\s*$)")
            .expect("valid")
    });
    LOCATION
        .captures(line)
        .map(|c| c[2].trim().to_owned())
        .or_else(|| GLUED.captures(line).map(|c| c[1].trim().to_owned()))
        .or_else(|| INLINE.captures(line).map(|c| c[1].trim().to_owned()))
}

/// A title saying that the document is an extract of minutes: "Auszug aus der
/// Niederschrift", "Beschlussauszug", "Protokollauszug".
pub fn extract_title(line: &str) -> bool {
    static EXTRACT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(auszug\s+aus\s+(der|dem|einer)\b.*\b(niederschrift|protokoll|sitzung|beschlussbuch)|(beschluss|protokoll|niederschrifts?|sitzungs)auszug\b)")
            .expect("valid")
    });
    EXTRACT.is_match(line)
}

/// The place a title line names after its date: "... am Dienstag, dem 29.09.2020, im
/// Ratssaal".
pub fn location_in_title(line: &str) -> Option<String> {
    static PLACE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:\d{4}|Uhr)\s*,?\s*(?:im|in\s+der|in\s+dem|in)\s+(\p{Lu}[^,;]*?|großen\s[^,;]*?|kleinen\s[^,;]*?)\s*(?:[,;]|\.$|$)")
            .expect("valid")
    });
    let c = PLACE.captures(line)?;
    let place = c.get(1)?;
    // "im Neuen Rathaus, Plenarsaal, Rathausplatz 1, 01067 Dresden": with an address,
    // or a room after the building ("in Osterrade, Feuerwehrgerätehaus"), the rest of the
    // line is the place.
    let rest = line[place.start()..].trim().trim_end_matches(['.', ',']);
    let added = rest.get(place.as_str().trim().len()..).unwrap_or_default();
    Some(
        if rest.chars().any(|ch| ch.is_ascii_digit()) || looks_like_place(added) {
            rest.to_owned()
        } else {
            place.as_str().trim().to_owned()
        },
    )
}

/// The organization a title names: `über die Sitzung des Digitalisierungsausschusses`.
pub fn organization_in_title(line: &str) -> Option<String> {
    static TITLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)sitzung\s+(des|der)\s+(.+?)(\s+(am|vom)\s+.*)?$").expect("valid")
    });
    let c = TITLE.captures(line)?;
    let article = c[1].to_lowercase();
    let name = c[2].trim().trim_end_matches([',', ':']);
    // Drop a leading ordinal ("12. Sitzung" is before; "des 3. Ausschusses" is rare).
    let mut words: Vec<String> = name.split_whitespace().map(str::to_owned).collect();
    if article == "des" {
        // Genitive of the head noun: Ausschusses -> Ausschuss, Rates -> Rat, Beirats -> Beirat.
        if let Some(first) = words.first_mut() {
            *first = nominative(first);
        }
    }
    let joined = words.join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// A council or committee named without "Sitzung" before it, as title lines that run on
/// print it: "des Gemeinderates Nalbach am 11.04.2019", "über die 6.
/// Stadtverordnetenversammlung am 25. Februar 2015".
pub fn council_in_title(line: &str) -> Option<String> {
    static COUNCIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|\b(?:des|der|die)\s+)(?:\d+\.\s+)?((?:gemeinderat|stadtrat|kreistag|stadtverordnetenversammlung|gemeindevertretung|bezirksvertretung|bezirksversammlung|ortsbeirat|ortschaftsrat|ratsversammlung|\p{L}*ausschuss)\w*(?:\s+(?:der\s+(?:stadt|gemeinde)\s+)?\p{Lu}[\p{L}-]+)?)\.?(?:\s+(?:am|vom)\b|\s*$)")
            .expect("valid")
    });
    let c = COUNCIL.captures(line.trim())?;
    let mut words: Vec<String> = c[1].split_whitespace().map(str::to_owned).collect();
    if let Some(first) = words.first_mut() {
        *first = nominative(first);
    }
    Some(words.join(" "))
}

fn nominative(word: &str) -> String {
    for (genitive, base) in [
        ("ausschusses", "ausschuss"),
        ("rates", "rat"),
        ("rats", "rat"),
        ("beirates", "beirat"),
        ("beirats", "beirat"),
        ("kreistages", "kreistag"),
        ("kreistags", "kreistag"),
        ("gemeinderates", "gemeinderat"),
        ("stadtrates", "stadtrat"),
        ("gemeinderats", "gemeinderat"),
        ("stadtrats", "stadtrat"),
        ("ortschaftsrates", "ortschaftsrat"),
        ("ortsbeirates", "ortsbeirat"),
    ] {
        if let Some(stem) = word.to_lowercase().strip_suffix(genitive) {
            let keep = word.len() - genitive.len();
            let _ = stem;
            let mut out = word[..keep].to_owned();
            // Keep the capitalisation of the original head noun.
            let tail = &word[keep..keep + base.len()];
            out.push_str(tail);
            return out;
        }
    }
    word.to_owned()
}

/// An agenda item heading: number and the rest of the line (maybe empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub number: String,
    pub title: String,
    /// `Ö`/`N` prefix, where the layout marks public and non-public items.
    pub public: Option<bool>,
    pub style: HeadingStyle,
    /// The title of a page of one item ("16.09.2019 - 8.1 ..."): the meeting's header
    /// follows it.
    pub page_title: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeadingStyle {
    /// `Zu Punkt 3.2`
    ZuPunkt,
    /// `TOP 5`, `TOP Ö 5:`, `Zu TOP 5`
    Top,
    /// `Punkt 5:`, `Tagesordnungspunkt 5`
    Punkt,
    /// `Ö 5 Title`, `N 2.1 Title`
    Prefixed,
    /// `5. Title`, `5.1 Title`
    Numbered,
    /// `Beschluss-Nr.: 15-234-2023`: the blocks of a published list of resolutions.
    Resolution,
}

re!(H_ZU_PUNKT, r"^Zu\s+Punkt\s+(\d+(?:\.\d+)*)\.?\s*(.*)$");
re!(
    H_TOP,
    r"(?i)^(?:zu\s+)?TOP\s*(Ö|N|NÖ)?\s*(\d+(?:\.\d+)*)\.?\s*[:.)\-–]?\s*(.*)$"
);
re!(
    H_PUNKT,
    r"^(?:Tagesordnungs)?[Pp]unkt\s+(\d+(?:\.\d+)*)\.?\s*[:.\-–]?\s*(.*)$"
);
re!(
    H_PREFIXED,
    r"^(?:[-•]\s*)?(Ö|N)\s?(\d+(?:\.\d+)*)\.?(?:\s+(\S.*))?$"
);
re!(
    H_NUMBERED,
    r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\p{Lu}.*|\d{1,2}\.\s+\p{Lu}.*|[-–]|\p{Ll}.*)$"
);
re!(H_LETTERED, r"^(\d{1,2})\.\s+([a-z])\)\s+(\p{Lu}.*)$");
re!(H_RESOLUTION, r"^Beschluss-?Nr\.?\s*:?\s*(\d[\w/.-]*)$");
// The title of an ALLRIS item page: "16.09.2019 - 8.1 13. Änderungssatzung ...".
re!(
    H_DATED,
    r"^\d{1,2}\.\d{1,2}\.\d{4}\s+-\s+(Ö|N)?\s*(\d+(?:\.\d+)*)\.?\s+(\S.*)$"
);

/// Recognises the heading styles of the common vendors; numbers without the zeros a
/// layout pads them with ("02." is item 2).
pub fn heading(line: &str) -> Option<Heading> {
    heading_as_printed(line).map(|mut h| {
        h.number = unpadded(&h.number);
        h
    })
}

/// "02" -> "2", "03.01" -> "3.1", "2.0" stays.
fn unpadded(number: &str) -> String {
    number
        .split('.')
        .map(|part| match part.trim_start_matches('0') {
            // "0" stays "0", and "0a" keeps its zero.
            "" => "0",
            t if !t.starts_with(|c: char| c.is_ascii_digit()) => part,
            t => t,
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn heading_as_printed(line: &str) -> Option<Heading> {
    let public_of = |p: Option<&str>| match p {
        Some("Ö") => Some(true),
        Some("N") | Some("NÖ") => Some(false),
        _ => None,
    };
    if let Some(c) = H_ZU_PUNKT.captures(line) {
        return Some(Heading {
            number: c[1].to_owned(),
            title: c[2].trim().to_owned(),
            public: None,
            style: HeadingStyle::ZuPunkt,
            page_title: false,
        });
    }
    if let Some(c) = H_TOP.captures(line) {
        // "TOP 11.1, 14.4 werden zurückgezogen": a list of items in a sentence.
        // "TOP 14 wird erweitert": a sentence about an item.
        if c[3].starts_with([',', '/']) || c[3].chars().next().is_some_and(char::is_lowercase) {
            return None;
        }
        let public = public_of(c.get(1).map(|m| m.as_str()));
        return Some(Heading {
            number: c[2].to_owned(),
            title: c[3].trim().to_owned(),
            public,
            style: HeadingStyle::Top,
            page_title: false,
        });
    }
    if let Some(c) = H_PUNKT.captures(line) {
        return Some(Heading {
            number: c[1].to_owned(),
            title: c[2].trim().to_owned(),
            public: None,
            style: HeadingStyle::Punkt,
            page_title: false,
        });
    }
    if let Some(c) = H_DATED.captures(line) {
        return Some(Heading {
            number: c[2].to_owned(),
            title: c[3].trim().trim_end_matches("...").trim().to_owned(),
            public: public_of(c.get(1).map(|m| m.as_str())),
            style: HeadingStyle::Top,
            page_title: true,
        });
    }
    if let Some(c) = H_PREFIXED.captures(line) {
        let public = public_of(Some(&c[1]));
        return Some(Heading {
            number: c[2].to_owned(),
            title: c.get(3).map_or("", |m| m.as_str()).trim().to_owned(),
            public,
            style: HeadingStyle::Prefixed,
            page_title: false,
        });
    }
    if let Some(c) = H_LETTERED.captures(line) {
        return Some(Heading {
            number: format!("{}{}", &c[1], &c[2]),
            title: c[3].trim().to_owned(),
            public: None,
            style: HeadingStyle::Numbered,
            page_title: false,
        });
    }
    if let Some(c) = H_RESOLUTION.captures(line) {
        return Some(Heading {
            number: c[1].to_owned(),
            title: String::new(),
            public: None,
            style: HeadingStyle::Resolution,
            page_title: false,
        });
    }
    // Long enough for a table row with its Drucksache, short enough to skip paragraphs.
    if line.chars().count() <= 300
        && let Some(c) = H_NUMBERED.captures(line)
        // A lower-case title only under a sub-number ("3.1 soweit rechtzeitig eingehend").
        && (c[2].chars().next().is_some_and(|ch| !ch.is_lowercase()) || c[1].contains('.'))
    {
        return Some(Heading {
            number: c[1].to_owned(),
            title: c[2].trim().to_owned(),
            public: None,
            style: HeadingStyle::Numbered,
            page_title: false,
        });
    }
    None
}

/// The next lettered sub-item after "1a": "b) Feststellung der Tagesordnung" is "1b".
pub fn letter_heading(prev: Option<&str>, line: &str) -> Option<Heading> {
    static LETTER: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^([a-z])\)\s+(\p{Lu}.*)$").expect("valid"));
    let prev = prev?;
    let last = prev.chars().last().filter(char::is_ascii_lowercase)?;
    let c = LETTER.captures(line)?;
    let letter = c[1].chars().next()?;
    (letter as u32 == last as u32 + 1).then(|| Heading {
        number: format!("{}{letter}", &prev[..prev.len() - 1]),
        title: c[2].trim().to_owned(),
        public: None,
        style: HeadingStyle::Numbered,
        page_title: false,
    })
}

/// Whether `next` can follow `prev` in an agenda: 3 -> 4, 3 -> 3.1, 3.7 -> 4, 3.1 -> 3.2.
pub fn follows(prev: Option<&str>, next: &str) -> bool {
    // "2.0" is the heading of 2.1, 2.2, ...; "1a" is a sub-item of 1 (Lübeck: "1. a)").
    let parse = |s: &str| {
        let mut parts = s
            .trim_end_matches(|c: char| c.is_ascii_lowercase())
            .split('.')
            .map(|p| p.parse::<u32>().ok())
            .collect::<Option<Vec<u32>>>()?;
        while parts.len() > 1 && parts.last() == Some(&0) {
            parts.pop();
        }
        Some(parts)
    };
    let letter = |s: &str| s.chars().last().filter(char::is_ascii_lowercase);
    let Some(n) = parse(next) else { return false };
    let Some(prev) = prev else {
        return n.first().is_some_and(|f| *f <= 1);
    };
    let Some(p) = parse(prev) else { return false };
    // "1a" -> "1b".
    if let (Some(a), Some(b)) = (letter(prev), letter(next)) {
        return n == p && b as u32 == a as u32 + 1;
    }
    // A child: prev + ".1".
    if n.len() == p.len() + 1 && n[..p.len()] == p[..] && n[p.len()] == 1 {
        return true;
    }
    // A sibling or an ancestor's sibling: same prefix, last part + 1.
    (1..=p.len()).any(|depth| {
        n.len() == depth && n[..depth - 1] == p[..depth - 1] && n[depth - 1] == p[depth - 1] + 1
    })
}

/// Public or non-public part markers.
pub fn part_marker(line: &str) -> Option<bool> {
    static PART: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(nicht[\s-]?)?öffentliche[rn]?\s+(sitzung|teil|sitzungsteil)\s*:?$")
            .expect("valid")
    });
    let c = PART.captures(line.trim())?;
    Some(c.get(1).is_none())
}

/// A line that separates sections without content, e.g. `-.-.-`.
pub fn separator(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3
        && t.chars()
            .all(|c| matches!(c, '-' | '.' | '*' | '_' | '=' | ' ' | '–'))
}

/// Page furniture from PDF extraction: `- 2 -`, `Seite 2 von 7`, `2/7`.
pub fn page_furniture(line: &str) -> bool {
    static PAGE: LazyLock<Regex> = LazyLock::new(|| {
        // "2/7" is a page; "427/2009" is a paper.
        Regex::new(r"(?i)^(-\s*\d+\s*-|seite\s+\d+(\s*(von|/)\s*\d+)?|\d{1,3}\s*/\s*\d{1,3}|\d+)$")
            .expect("valid")
    });
    PAGE.is_match(line.trim())
}

// "2017/2018": a span of years, not a paper number.
re!(YEAR_SPAN, r"^(19|20)\d{2}[/-](19|20)?\d{2}$");

/// The labels of a paper's type, as a regex fragment: `Vorlage-Art`, `Drucksachenart`, ...
const PAPER_TYPE_LABELS: &str =
    r"vorlage-?art|vorlagenart|drucksache-?art|drucksachenart|art\s+der\s+vorlage";

/// A paper (Drucksache) reference in a line, in the spellings councils use.
pub fn paper_references(line: &str) -> Vec<String> {
    static REFS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        [
            r"(?i)drucksache[n]?(?:n?nummer|-nr\.?|\s+nr\.?)?\s*:?\s*(\d{1,5}(?:-\d{1,3})?/\d{4}(?:-\d{4})?|\d{3,6}-\d{2}\b)",
            r"(?i)\bDS(?:\s*-?\s*nr\.?)?\s*:?\s*(\d{1,5}(?:-\d{1,3})?/\d{4}(?:-\d{4})?)",
            r"(?i)\bbeschlussvorlage\s*[-–:]\s*(\d{1,5}/\d{4})",
            r"^\s*([A-Za-zÄÖÜäöü]{1,5}/\d{4}/\d{1,5})\s*$",
            r"(?i)\bvorlagen?(?:-?nr\.?|nummer)?\s*:?\s*(\d{4}/\d{1,5}|\d{1,5}/\d{4}|[A-Z]{1,4}/\d{4}/\d{1,5})",
            r"(?i)\bvorl\.-nr\.?\s*:?\s*(\S+\d)",
            // "des interfraktionellen Antrags Nr. 285/2019", "CDU-Antrag Nr. 287/2019".
            r"(?i)\b(?:antrag|antrags|anfrage)\s+nr\.?\s*:?\s*(\d{1,5}/\d{2,4})\b",
            // "GRDrs 604/2019": a Gemeinderatsdrucksache.
            r"\bGRDrs\.?\s*(\d{1,5}/\d{4})\b",
            r"\b(VO/\d{4}/\d{1,5})\b",
        ]
        .iter()
        .map(|p| Regex::new(p).expect("valid"))
        .collect()
    });
    // Spellings without a fixed prefix: a number after a paper word, in parentheses,
    // or alone in a line or table cell ("(BV-P/07/0048)", "Drs. 20-1432", "A0619/12").
    static ID: &str = r"(?:[A-Z]{1,4}-?[A-Z]{0,2}/)?[A-Z]{0,2}-?\d{1,5}(?:[-/][A-Z0-9]{1,5}){1,2}";
    static LOOSE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        [
            format!(r"(?i)\b(?:\w*vorlage|drucksachen?|drs\.|drucks\.|ds|vorlagen?-?nr\.?|vorlagennummer|vorschlag)(?:\s*-?\s*nr\.?)?(?:\s*[-:–]\s*|\s+)(?:DS/)?({ID}|[A-Z]{{1,3}}/\d{{2,5}}|[A-Z]{{1,3}}-\d{{3,5}})\b"),
            format!(r"\(({ID})\)"),
            format!(r"^\s*(?:[-–]\s*)?({ID})\s*$"),
            format!(r"\S\s{{3,}}({ID})\s*$"),
            r"\b([A-Z]\d{4}/\d{2})\b".to_owned(),
            // A line that is only a lettered number between dashes: "- SG 0058/2009 -".
            r"^\s*[-–]?\s*((?:[A-Z]{1,4})\s\d{1,5}/\d{2,4})\s*[-–]?\s*$".to_owned(),
        ]
        .iter()
        .map(|p| Regex::new(p).expect("valid"))
        .collect()
    });
    let mut found: Vec<String> = Vec::new();
    for (k, re) in LOOSE.iter().enumerate() {
        for c in re.captures_iter(line) {
            let r = c[1].to_owned();
            // "2017/2018" is a span of years unless a paper word stands before it.
            if k > 0 && YEAR_SPAN.is_match(&r) || !r.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            if !found
                .iter()
                .any(|f| f.contains(&r) || r.contains(f.as_str()))
            {
                found.push(r);
            }
        }
    }
    // "8.2 V/EF 84 Herr Karl-Heinz Obser", "9.1 V/P 99": a lettered code after the item
    // number (Einwohnerfragen, Petitionen).
    if let Some(c) = CODE_AFTER_NUMBER.captures(line)
        && !found.iter().any(|f| f == &c[1])
    {
        found.push(c[1].to_owned());
    }
    for re in REFS.iter() {
        for c in re.captures_iter(line) {
            let r = c[1].to_owned();
            if !found
                .iter()
                .any(|f| f.contains(&r) || r.contains(f.as_str()))
            {
                found.push(r);
            }
        }
    }
    found
}

/// The paper type and originator a title starts with: `Anfrage SPD - Serviceportal`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaperTitle {
    pub paper_type: String,
    pub originator: Option<String>,
    pub name: String,
}

pub const PAPER_TYPES: [&str; 14] = [
    "Dringlichkeitsantrag",
    "Änderungsantrag",
    "Ergänzungsantrag",
    "Bürgerantrag",
    "Einwohnerantrag",
    "Antrag",
    "Große Anfrage",
    "Kleine Anfrage",
    "Anfrage",
    "Mitteilungsvorlage",
    "Informationsvorlage",
    "Beschlussvorlage",
    "Mitteilung",
    "Anregung",
];

pub fn paper_title(title: &str) -> Option<PaperTitle> {
    static SPLIT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(.*?)\s+[-–]\s+(.+)$").expect("valid"));
    let t = title.trim();
    let paper_type = PAPER_TYPES.iter().find(|p| {
        t.strip_prefix(**p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ':', '-', '–']))
    })?;
    let rest = t[paper_type.len()..].trim_start_matches([' ', ':']);
    let (originator, name) = match SPLIT.captures(rest) {
        Some(c) => (c[1].trim().to_owned(), c[2].trim().to_owned()),
        None if rest.starts_with(['-', '–']) => (
            String::new(),
            rest.trim_start_matches(['-', '–', ' ']).to_owned(),
        ),
        None => (String::new(), rest.to_owned()),
    };
    let originator = originator
        .trim_start_matches("der ")
        .trim_start_matches("des ")
        .trim()
        .trim_end_matches(['-', '–'])
        .trim();
    Some(PaperTitle {
        paper_type: (*paper_type).to_owned(),
        originator: (!originator.is_empty()).then(|| originator.to_owned()),
        name: if name.is_empty() { t.to_owned() } else { name },
    })
}

re!(
    CODE_AFTER_NUMBER,
    r"^\d{1,2}(?:\.\d{1,2})*\.?\s+([A-Z]{1,2}/[A-Z]{1,3}\s?\d{1,5}(?:/\d{2})?)(?:\s|$)"
);

/// The persons who brought a paper, where the line names them after its code:
/// "8.2 V/EF 84 Herr Karl-Heinz Obser".
pub fn originator_after_code(line: &str) -> Option<String> {
    let c = CODE_AFTER_NUMBER.captures(line)?;
    let rest = line[c.get(0)?.end()..].trim();
    let first = rest.split(',').next()?.trim();
    person_name(first)
        .filter(|n| n.given_name.is_some() || n.form_of_address.is_some())
        .map(|_| rest.trim_end_matches(',').to_owned())
}

/// Words that say a paper is one without saying which kind.
pub const GENERIC_PAPER_TYPES: [&str; 2] = ["Vorlage", "Drucksache"];

/// The paper type written right before a reference: "siehe Vorlage Nr. 423/2009",
/// "Beschlussvorlage - 23/2012", "Drs. 20-1432".
pub fn type_before(text: &str) -> Option<String> {
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(Dringlichkeitsantrag|Änderungsantrag|Antrag|Anfrage|Mitteilungsvorlage|Informationsvorlage|Beschlussvorlage|Vorlage|Drucksache|Drs\.|Drucks\.|DS|Petition)s?\s*(?:-?\s*Nr\.?\s*:?)?\s*[-–:]?\s*(?:DS/|DS\s+)?$")
            .expect("valid")
    });
    let c = BEFORE.captures(text)?;
    Some(match &c[1] {
        "Drs." | "Drucks." | "DS" => "Drucksache".to_owned(),
        t => t.to_owned(),
    })
}

/// A word that names a faction or party.
static PARTY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)({PARTIES})")).expect("valid"));

/// Abbreviations whose full stop ends no sentence.
pub(super) const ABBREVIATIONS: [&str; 15] = [
    "Abs", "Nr", "Dr", "Str", "bzw", "ggf", "vgl", "inkl", "gem", "Ziff", "Anl", "ca", "usw",
    "Prof", "evtl",
];

/// The kinds of motion a faction or member brings, as a regex fragment.
const MOTION_KINDS: &str = r"(?:Änderungs|Ergänzungs|Zusatz|Dringlichkeits|Prüf)?[Aa]ntrag|Anfrage";

/// Words that name a faction or party, as a regex fragment.
const PARTIES: &str = r"fraktion|gruppe|cdu|csu|spd|fdp|afd|grün|linke|freie\s+wähler|\bfw\b|ödp|piraten|\bbsw\b|volt|wählergemeinschaft|\bwg\b|uwg|bündnis";

/// A motion or question that a line of an item opens with, by a faction or party and without a
/// number: "1.         Antrag CDU, Stelle Stadtpolizei (Anlage 2) ...", "Änderungsantrag der
/// Grünen zum CDU-Antrag", "Anfrage der Fraktion Die Linke zu ...". The originator must name
/// a group (a party, a Fraktion, a Gruppe), so that "Antrag auf Vertagung" is none.
pub fn leading_motion(line: &str) -> Option<(String, String)> {
    static LEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\d{1,2}\.\s+|[a-z]\)\s+|[-•]\s+)?(Dringlichkeitsantrag|Änderungsantrag|Ergänzungsantrag|Zusatzantrag|Prüfantrag|Antrag|Anfrage)\s+(?:(?:der|des|von\s+der)\s+)?(\p{Lu}[\p{L}/.-]*(?:\s+(?:\d{2}/)?\p{Lu}[\p{L}/.-]*){0,3}?)\s*(?:,|:|\s+vom\b|\s+zu[mr]?\b|\s+betr|\s+\(|\s+[-–]\s|$)")
            .expect("valid")
    });
    let c = LEADING.captures(line.trim())?;
    let originator = c[2].trim_end_matches(['.', ',']).to_owned();
    PARTY
        .is_match(&originator)
        .then(|| (c[1].to_owned(), originator))
}

/// A motion a member moves in the meeting, by name and without a number: "Herr
/// Stadtverordneter Neuhäuser stellt gemäß Geschäftsordnung den Antrag auf Vertagung",
/// "Vor Eintritt in die Beratung stellt Marktgemeinderatsmitglied Karl-Josef Wenninger einen
/// ... Antrag zur Geschäftsordnung auf Vertagung des Tagesordnungspunktes", "Von
/// Marktgemeinderatsmitglied Peter Ringlstetter wird Antrag auf namentliche Abstimmung ...
/// gestellt". The motion's kind as written and the member's name.
pub fn motion_by_member(line: &str) -> Option<(String, String)> {
    static MOVES: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(?:stellt|gestellt|stellte)\b").expect("valid"));
    static MEMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:\b(?:Herrn?|Frau)\s+(?:\p{Lu}\p{L}*(?:mitglied|verordnete[rn]?|vertreter(?:in)?|ratsherr|ratsfrau|rat|rätin)\s+)?|\b\p{Lu}\p{L}*(?:mitglied|verordnete[rn]?|vertreter(?:in)?|ratsherr|ratsfrau|rat|rätin)\s+)(\p{Lu}[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]+){0,2})\b")
            .expect("valid")
    });
    static MOTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b((?:Änderungs|Ergänzungs|Zusatz|Geschäftsordnungs|Dringlichkeits)?[Aa]ntrag(?:\s+(?:zur|zum|auf)\s+[^.,:;]+?)?)(?:\s+(?:über|gestellt|vor|von|den|die|das|dem)\b|\s*[.,:;]|\s*$)")
            .expect("valid")
    });
    if !MOVES.is_match(line) {
        return None;
    }
    let member = MEMBER.captures(line)?;
    let name = member.get(1)?;
    let motion = MOTION.captures(&line[name.end()..])?;
    Some((motion[1].trim().to_owned(), name.as_str().to_owned()))
}

/// Motions a faction or group brings, wherever a line names them: "teilt mit, dass ein
/// Antrag der CSU-Fraktion vorliegt, den Tagesordnungspunkt 5 in nichtöffentlicher Sitzung zu
/// behandeln", "Die CDU-Fraktion zieht ihren Antrag auf Hinzuziehung ... zurück", "dem Antrag
/// der Fraktion Bündnis 90/Die Grünen (Freigabe des Prüfberichts ...)". The motion as its kind
/// and what it asks for, where the line says it, and the group.
pub fn motions_by_group(line: &str) -> Vec<(String, String)> {
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&[r"\b(", MOTION_KINDS, r")\s+(?:der|des)\s+(\p{Lu}[^,(.;:]*?)(?:\s+vom\s+\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\s+vom\s+\d{1,2}\.\s+\p{L}+\s+\d{4})?(?:\s*[,(.;:]|\s+(?:auf|zur|zum|zu|betr\.?|betreffend|vorliegt|vor|ab|zurück|wird|werden|ist|und|nicht|mit|nach|in|im|an)\b|\s*$)"].concat())
            .expect("valid")
    });
    static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?:^|[.:]\s+)(?:Die|Der)\s+(\S*(?:Fraktion|Gruppe)\S*(?:\s+(?:\p{{Lu}}|\d)[\p{{L}}/.0-9-]*){{0,3}})\s+\p{{Ll}}+\s+(?:ihren|seinen)\s+({MOTION_KINDS})\b"))
            .expect("valid")
    });
    // "Rh. Pott (OP) erläutert den Antrag seiner Fraktion": the speaker's group.
    static SPEAKER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"\((\p{{Lu}}[^()]{{0,40}})\)\s+\p{{Ll}}+\s+(?:den|einen|die|eine)\s+({MOTION_KINDS})\s+(?:seiner|ihrer)\s+(?:Fraktion|Gruppe|Partei)\b"))
            .expect("valid")
    });
    // Abbreviations whose full stop ends no sentence ("bzw.", "z. B.").
    static ABBREVIATION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"\b({}|z\.\s?B|u\.\s?a|d\.\s?h)\.",
            ABBREVIATIONS.join("|")
        ))
        .expect("valid")
    });
    let text = ABBREVIATION.replace_all(line, |c: &regex::Captures| c[0].replace('.', "\u{2024}"));
    let mut found: Vec<(String, String, usize)> = Vec::new();
    for c in AFTER.captures_iter(&text) {
        let (Some(kind), Some(group)) = (c.get(1), c.get(2)) else {
            continue;
        };
        let group_text = group.as_str().trim();
        if group_text.len() > 60 || !PARTY.is_match(group_text) {
            continue;
        }
        found.push((kind.as_str().to_owned(), group_text.to_owned(), group.end()));
    }
    // The group first: what the motion asks for follows its kind, or the whole phrase.
    for (re, content_after_match) in [(&*SUBJECT, false), (&*SPEAKER, true)] {
        for c in re.captures_iter(&text) {
            let (Some(whole), Some(group), Some(kind)) = (c.get(0), c.get(1), c.get(2)) else {
                continue;
            };
            let at = if content_after_match {
                whole.end()
            } else {
                kind.end()
            };
            found.push((kind.as_str().to_owned(), group.as_str().to_owned(), at));
        }
    }
    found
        .into_iter()
        .map(|(kind, group, at)| {
            let motion = match motion_content(&text[at..]) {
                Some(content) if content.starts_with('(') => format!("{kind} {content}"),
                Some(content) if content.starts_with(',') => format!("{kind}{content}"),
                Some(content) => format!("{kind} {content}"),
                None => kind,
            };
            (
                motion.replace('\u{2024}', "."),
                group.replace('\u{2024}', "."),
            )
        })
        .collect()
}

/// What a motion asks for, right after the words that name it: "(Freigabe des
/// Prüfberichts ...)", "auf Hinzuziehung von ... zur Sitzung" (up to "zurück"), ", den
/// Tagesordnungspunkt 5 in nichtöffentlicher Sitzung zu behandeln".
fn motion_content(rest: &str) -> Option<String> {
    static CONTENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:\s+vom\s+[\d.\s]+?\d)?(?:\s+\p{Ll}+)?\s*(?:(\([^)]{8,}\))|(?:^|\s)((?:auf|zur|zum)\s+[^.;:]+?)(?:\s+(?:zurück|ab|an|vor|fest|gestellt|abstimmen)\b|\s*[.;:,]|\s*$)|(,\s+(?:den|die|das|dem|über|im|in|zu|ihn|sie|es)\b[^.;:]*?\b(?:zu\s+\p{Ll}+|\p{Ll}+zu\p{Ll}+en))\b)")
            .expect("valid")
    });
    let c = CONTENT.captures(rest)?;
    c.get(1)
        .or(c.get(2))
        .or(c.get(3))
        .map(|m| m.as_str().trim_end().to_owned())
}

/// The party or faction glued before a paper word right before a reference:
/// "der CDU-Antrag Nr. 287/2019".
pub fn originator_before(text: &str) -> Option<String> {
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|\s)(\p{Lu}[\p{L}/]*(?:-\p{Lu}[\p{L}/]*)*)-(?:Antrag|Änderungsantrag|Ergänzungsantrag|Anfrage)s?\s*(?:Nr\.?\s*:?)?\s*$")
            .expect("valid")
    });
    BEFORE.captures(text).map(|c| c[1].to_owned())
}

/// A paper named anywhere in a line, with its originator where the line gives one:
/// "Antrag der SPD-Fraktion vom 12.03.2021", "Anfrage der Stadträtin X (Die Linke) zu ...",
/// "Einreicher: SPD-Fraktion", "Initiator:Fraktion Die Linke".
pub fn paper_mention(line: &str) -> Option<PaperTitle> {
    static MENTION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"\b(\p{Lu}\p{Ll}+vorlage|Dringlichkeitsantrag|Änderungsantrag|Ergänzungsantrag|Zusatzantrag|Bürgerantrag|Einwohnerantrag|Prüfantrag|Antrag|Anträge|Große Anfrage|Kleine Anfrage|Anfrage|Mitteilungsvorlage|Informationsvorlage|Beschlussvorlage|Verwaltungsvorlage|Verwaltungsvorschlag|Vorlage|Drucksache|Drs\.|Drucks\.|Mitteilung|Anregung|Petition|Resolution|Vortrag|Eingabe)(?:\b|\B)(?:\s+(?:der|des|von\s+der|von\s+den|vom|von)\s+(\p{Lu}[^,:;–]*?)(?:\s+vom\s+\d|\s+(?:betr\.|betreffend|zu[mr]?|bzgl\.|hinsichtlich|über|wegen|für|auf|zur)\s|\s*[,:;–]|\s+-\s|\s*$|\s+\(|\.|\s+(?:Nr\.?\s*:?\s*)?[A-Z]{0,4}[-/]?\d))?",
        )
        .expect("valid")
    });
    static BY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:einreicher|initiator|antragsteller(?:in)?|eingereicht\s+von|zusatz)\s*:\s*(\S.*?)\s*$")
            .expect("valid")
    });
    if let Some(c) = MENTION.captures(line) {
        let paper_type = match &c[1] {
            "Anträge" => "Antrag",
            "Drs." | "Drucks." => "Drucksache",
            t => t,
        };
        // "Vorlage des Ersten Nachtragshaushaltes" names what the paper is about, not
        // who brought it: an originator must be an actor.
        let originator = c
            .get(2)
            .map(|m| m.as_str().trim())
            .filter(|o| !o.is_empty() && o.len() <= 120 && is_actor(o))
            .map(actor_nominative);
        return Some(PaperTitle {
            paper_type: paper_type.to_owned(),
            originator,
            name: line.trim().to_owned(),
        });
    }
    let c = BY.captures(line)?;
    // "Zusatz: BE: Oberbürgermeister": who reports on the paper (Berichterstatter).
    let by = c[1].trim();
    if by.starts_with("BE:") || by.to_lowercase().starts_with("berichterstatt") {
        return None;
    }
    Some(PaperTitle {
        paper_type: String::new(),
        originator: Some(by.to_owned()),
        name: line.trim().to_owned(),
    })
}

/// Whether a text names someone who can bring a paper: a faction or party, a person, an
/// office or a body ("der SPD-Fraktion", "des Oberbürgermeisters", "der Stadträtin X",
/// "des Referats Städtebau", "des Ortsbeirates").
pub fn is_actor(text: &str) -> bool {
    static ACTOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?i)({PARTIES}|partei|bürgermeister|verwaltung|magistrat|referat|dezernat|\bamt|ämter|fachbereich|fachdienst|ausschuss|beirat|\brat(e?s)?\b|vorstand|landrat|präsident|stadtverordnete|gemeindevertreter|ratsmitglied|ratsherr|ratsfrau|stadträt|stadtrat|gemeinderät|bezirksverordnete|einwohner|bürger|ortsvorsteher|abgeordnete|mitglied|\bherrn?\b|\bfrau\b|kämmerer|kämmerin|dezernent|beigeordnete|geschäftsführ|leitung|büro|kreistag|gemeinderat|stadtvertretung|ortsgemeinde|kirchengemeinde|verein|initiative|schule|elternrat|jugendrat|seniorenbeirat)"))
            .expect("valid")
    });
    ACTOR.is_match(text)
}

/// The nominative of an office or body in the genitive: "Referats Städtebau" is
/// "Referat Städtebau", "Oberbürgermeisters" is "Oberbürgermeister".
fn actor_nominative(text: &str) -> String {
    let mut words: Vec<String> = text.split_whitespace().map(str::to_owned).collect();
    if let Some(first) = words.first_mut() {
        for (genitive, base) in [
            ("meisters", "meister"),
            ("referats", "referat"),
            ("referates", "referat"),
            ("dezernats", "dezernat"),
            ("magistrats", "magistrat"),
            ("vorstands", "vorstand"),
            ("vorstandes", "vorstand"),
            ("amtes", "amt"),
            ("landrats", "landrat"),
            ("präsidenten", "präsident"),
        ] {
            if first.to_lowercase().ends_with(genitive) {
                let keep = first.len() - genitive.len() + base.len();
                first.truncate(keep);
                break;
            }
        }
        *first = nominative(first);
    }
    words.join(" ")
}

/// A result line as written: `- einstimmig beschlossen -`, `zurückgezogen`,
/// `Abstimmungsergebnis: einstimmig`, `-1. Lesung -`.
pub fn result(line: &str) -> Option<String> {
    static DASHED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[-–]\s*([^-–].*?)\s*[-–]$").expect("valid"));
    static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(abstimmungsergebnis|ergebnis|beschlussergebnis|ergebnis/beschluss|beschluss)\s*:\s*(.+)$")
            .expect("valid")
    });
    static BARE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^((einstimmig|mehrheitlich|abweichend vom beschlussvorschlag( einstimmig| mehrheitlich)?|ungeändert|geändert|wie vorgeschlagen)( so)? (beschlossen|abgelehnt|zugestimmt|empfohlen)|einstimmig|einstimmig bei \d+ (enthaltung|enthaltungen|gegenstimme|gegenstimmen)|beschlossen|abgelehnt|zurückgezogen|zurückgestellt|vertagt|kenntnisnahme|zur kenntnis genommen|\d\.\s*lesung|keine abstimmung|ohne abstimmung|von der tagesordnung abgesetzt|abgesetzt|verwiesen)\.?$").expect("valid")
    });
    let t = line.trim();
    if separator(t) {
        return None;
    }
    if let Some(c) = DASHED.captures(t) {
        let inner = c[1].trim();
        if BARE.is_match(inner) || inner.len() <= 80 && inner.contains("beschlossen") {
            return Some(inner.to_owned());
        }
    }
    if let Some(c) = LABELLED.captures(t) {
        let value = c[2].trim();
        // "Beschluss: ..." is a result only when worded like one; a longer text after
        // it is the resolution itself.
        if !c[1].eq_ignore_ascii_case("beschluss")
            || BARE.is_match(value)
            || value.len() <= 40 && !value.ends_with(':')
        {
            return Some(value.trim_end_matches('.').to_owned());
        }
    }
    BARE.is_match(t).then(|| t.trim_end_matches('.').to_owned())
}

/// A person as written in an attendance list or a sentence.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PersonName {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub form_of_address: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub title: Vec<String>,
    /// Office words before the name, e.g. "Stadtkämmerer", "Bürgermeister".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    pub family_name: String,
}

impl PersonName {
    /// "Dr. Simon Lange", "Eichler".
    pub fn display(&self) -> String {
        let mut parts: Vec<&str> = self.title.iter().map(String::as_str).collect();
        if let Some(g) = &self.given_name {
            parts.push(g);
        }
        parts.push(&self.family_name);
        parts.join(" ")
    }
}

const TITLES: [&str; 6] = [
    "Dr.",
    "Prof.",
    "Dr.-Ing.",
    "Dipl.-Ing.",
    "Dr. med.",
    "Prof. Dr.",
];
/// Offices that stand before a name and become the person's `status`.
pub(super) const OFFICES: [&str; 16] = [
    "Oberbürgermeister",
    "Oberbürgermeisterin",
    "Bürgermeister",
    "Bürgermeisterin",
    "Stadtkämmerer",
    "Stadtkämmerin",
    "Beigeordneter",
    "Beigeordnete",
    "Stadtrat",
    "Stadträtin",
    "Stadtdirektor",
    "Stadtdirektorin",
    "Senator",
    "Senatorin",
    "Landrat",
    "Landrätin",
];

/// Function words and abbreviations before a name that are not part of it.
const PREFIXES: [&str; 24] = [
    "Gemeindevertreter",
    "Gemeindevertreterin",
    "Stadtverordneter",
    "Stadtverordnete",
    "Ratsmitglied",
    "Ratsherr",
    "Ratsfrau",
    "Bezirksratsherr",
    "Bezirksratsfrau",
    "Kreistagsabgeordneter",
    "Kreistagsabgeordnete",
    "Rm",
    "sB",
    "BM",
    "OB",
    "StR",
    "stellv.",
    "stellvertretender",
    "stellvertretende",
    "Erster",
    "Erste",
    "Zweiter",
    "Zweite",
    "Architekt",
];

fn is_ordinal(w: &str) -> bool {
    w.strip_suffix('.')
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// Parses a name: `Herr Dr. Simon Lange`, `Frau Anke Welp`, `Herr Stadtkämmerer Kaschel`,
/// `Müller, Hans` (with or without the form of address).
pub fn person_name(text: &str) -> Option<PersonName> {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let mut name = PersonName {
        form_of_address: None,
        title: Vec::new(),
        status: None,
        given_name: None,
        family_name: String::new(),
    };
    if let Some(first) = words.first()
        && ["Herr", "Herrn", "Frau"].contains(first)
    {
        name.form_of_address = Some(if *first == "Frau" { "Frau" } else { "Herr" }.to_owned());
        words.remove(0);
    }
    loop {
        match words.first() {
            Some(w) if TITLES.contains(w) || *w == "med." => {
                if *w == "med." {
                    if let Some(last) = name.title.last_mut() {
                        last.push_str(" med.");
                    }
                } else {
                    name.title.push((*w).to_owned());
                }
                words.remove(0);
            }
            Some(w) if OFFICES.contains(w) => {
                name.status = Some((*w).to_owned());
                words.remove(0);
            }
            Some(w) if PREFIXES.contains(w) || is_ordinal(w) => {
                words.remove(0);
            }
            // "BM Frau Dr. Blunk": the form of address after an abbreviation.
            Some(w) if name.form_of_address.is_none() && ["Herr", "Herrn", "Frau"].contains(w) => {
                name.form_of_address = Some(if *w == "Frau" { "Frau" } else { "Herr" }.to_owned());
                words.remove(0);
            }
            _ => break,
        }
    }
    if words.is_empty() || words.len() > 4 {
        return None;
    }
    let looks_like_name = |w: &&str| {
        let w = w.trim_end_matches(',');
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
    };
    if !words.iter().all(looks_like_name) {
        return None;
    }
    if let Some(comma) = words.iter().position(|w| w.ends_with(',')) {
        // "Müller, Hans"
        name.family_name = words[..=comma].join(" ").trim_end_matches(',').to_owned();
        let given = words[comma + 1..].join(" ");
        name.given_name = (!given.is_empty()).then_some(given);
    } else {
        name.family_name = words.pop().unwrap_or_default().to_owned();
        let given = words.join(" ");
        name.given_name = (!given.is_empty()).then_some(given);
    }
    Some(name)
}

/// The council words a deciding body is named with, as a regex fragment.
const BODY_WORDS: &str = r"(?:\p{L}*gemeinderat|stadtrat|kreistag|rat|stadtverordnetenversammlung|gemeindevertretung|stadtvertretung|bezirksvertretung|bezirksversammlung|\p{L}*beirat|ortschaftsrat|ratsversammlung|bürgerschaft|magistrat|(?:\p{L}+-\s+und\s+)?\p{L}*ausschuss)(?:es|s)?";
/// "der Landgemeinde Georgenthal", "der Stadt Chemnitz" after a council word.
const BODY_OF: &str = r"(?:\s+(?:der|des)\s+(?:[\p{L}]+-\s+und\s+)?(?:Stadt|Gemeinde|Landgemeinde|Ortsgemeinde|Marktgemeinde|Verbandsgemeinde|Samtgemeinde|Einheitsgemeinde|Hansestadt|Landeshauptstadt|Kreisstadt|Kreises|Landkreises|Marktes|Amtes)\s+\p{Lu}[\p{L}-]+)?";

/// A council or committee that a header line names anywhere: "Kreistag 24. September
/// 2008", "Stadtvertretung Kröpelin", "des Rates der Gemeinde Kalefeld am 14.06.2018",
/// "der Gemeinderatssitzung vom 5. Mai". The head noun in the nominative, the rest as
/// printed.
pub fn council_mentioned(line: &str) -> Option<String> {
    static COUNCIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?i)\b({BODY_WORDS})(?:sitzung)?\b({BODY_OF})")).expect("valid")
    });
    static HEADER_WORDS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)sitzung|niederschrift|protokoll|tagesordnung|auszug").expect("valid")
    });
    let c = COUNCIL.captures(line)?;
    // A header line, or a line that starts with the council ("Stadtvertretung Kröpelin"),
    // not "Erster Stadtrat Ewald Seidler teilt mit".
    let starts = c
        .get(0)
        .is_some_and(|m| line[..m.start()].trim().is_empty());
    if !starts && !HEADER_WORDS.is_match(line) {
        return None;
    }
    let head = nominative(&c[1]);
    let mut chars = head.chars();
    let head: String = chars
        .next()
        .map(|f| f.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    // "Gemeinderat Walkertshofen, 18.05.2021": the place that follows the council.
    let place = if c[2].is_empty() {
        PLACE_AFTER
            .captures(&line[c.get(0).map_or(0, |m| m.end())..])
            .map(|p| p[1].to_owned())
            .filter(|p| !NOT_A_PLACE.is_match(p) && !MONTHS.contains(&p.to_lowercase().as_str()))
            .map(|p| format!(" {p}"))
            .unwrap_or_default()
    } else {
        String::new()
    };
    Some(format!("{head}{}{place}", &c[2]))
}

re!(PLACE_AFTER, r"^\s+(\p{Lu}[\p{L}-]+)(?:\s*[,(]|\s+\d|\s*$)");
// Words after a council that are no place: a weekday or a word of the header.
re!(
    NOT_A_PLACE,
    r"(?i)^(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|sitzung|niederschrift|protokoll|tagesordnung|beschluss)$"
);

/// The body that a sentence of an extract names as deciding, where no header names the
/// committee: the approval of "der Niederschrift der Sitzung des Stadtrates" (a body
/// approves its own minutes), a vote reported "durch den Werksausschuss mit sieben
/// JA-Stimmen", and the subject of a decision ("Der Gemeinderat der Landgemeinde X
/// beschließt", "Ohne Aussprache beschließt der Rat"). The rank says how sure the
/// sentence is (lower is surer), so that a whole document can pick the best one.
pub fn deciding_body(line: &str) -> Option<(u8, String)> {
    static MINUTES_OF: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?i)niederschrift\s+(?:über\s+)?(?:die|der)\s+(?:\S+\s+){{0,2}}sitzung\s+(?:des|der)\s+({BODY_WORDS}{BODY_OF})\b")).expect("valid")
    });
    static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?i)\b(?:durch\s+den|durch\s+die|vom|von\s+der)\s+({BODY_WORDS}{BODY_OF})\s+(?:mit|einstimmig|mehrheitlich|bei|ohne)\b")).expect("valid")
    });
    static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?:^|[.:]\s+|\b(?:beschließt|beschliesst|beschloss|fasst|fasste|empfiehlt|stimmt|nimmt)\s+)(?:der|die|Der|Die)\s+((?i:{BODY_WORDS}){BODY_OF})\s+(?:\S+\s+){{0,3}}?(?:beschließt|beschliesst|beschloss|beschlossen|nimmt|nahm|stimmt|stimmte|lehnt|lehnte|empfiehlt|empfahl|fasst|fasste|befürwortet|billigt|genehmigt|bestätigt|wählt|wählte|stellt|stellte|einstimmig|mehrheitlich|mit|bei)\b")).expect("valid")
    });
    let (rank, c) = if let Some(c) = MINUTES_OF.captures(line) {
        (0, c)
    } else if let Some(c) = REPORTED.captures(line) {
        (1, c)
    } else {
        (2, SUBJECT.captures(line)?)
    };
    let mut words: Vec<String> = c[1].split_whitespace().map(str::to_owned).collect();
    let first = words.first_mut()?;
    *first = nominative(first);
    let mut chars = first.chars();
    let head = chars.next()?;
    *first = head.to_uppercase().chain(chars).collect();
    Some((rank, words.join(" ")))
}

/// The number an item page gives its item in a label: `TOP: Ö 4.2`; `None` inside for a
/// label whose number stands on a later line (`TOP:` / `63`).
pub fn item_label(line: &str) -> Option<Option<(String, Option<bool>)>> {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:TOP|Tagesordnungspunkt)\s*:\s*(?:(Ö|N|NÖ)\s*)?(\d{1,3}(?:\.\d{1,3})*[a-z]?)?\s*(?:\s\p{Lu}\p{Ll}+\s*:.*)?$",
        )
        .expect("valid")
    });
    let c = LABEL.captures(line.trim())?;
    let public = c.get(1).map(|p| p.as_str() == "Ö");
    Some(c.get(2).map(|n| (n.as_str().to_owned(), public)))
}

/// A bare item number on a line of its own: `63`, `2a`, `4.2`, `Ö 7.7` (with whether the
/// prefix marks it public).
pub fn bare_item_number(line: &str) -> Option<(String, Option<bool>)> {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:(Ö|N|NÖ)\s*)?(\d{1,3}(?:\.\d{1,3})*[a-z]?)\.?$").expect("valid")
    });
    let c = NUMBER.captures(line.trim())?;
    Some((c[2].to_owned(), c.get(1).map(|p| p.as_str() == "Ö")))
}

/// A paper-type label whose value stands on the next line: `- Vorlageart:`.
pub fn paper_type_label(line: &str) -> bool {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(r"(?i)^(?:[-•]\s*)?(?:{PAPER_TYPE_LABELS})\s*:?$")).expect("valid")
    });
    LABEL.is_match(line.trim())
}

/// The subject line of an item page: `Betreff: Wettbewerbsverfahren ...`, `Betr.: | ... |`,
/// `Auszug - Haushaltssatzung ...`.
pub fn subject_label(line: &str) -> Option<String> {
    static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:(?:betreff|betr\.|gegenstand)\s*:|auszug\s+[-–])\s*(\S.*?)\s*$")
            .expect("valid")
    });
    SUBJECT
        .captures(line)
        .map(|c| c[1].trim_matches(['|', ' ']).to_owned())
        .filter(|s| !s.is_empty())
}

/// The title an extract prints for its item: "Auszug - Sanierung des ...".
pub fn strip_extract_prefix(title: &str) -> &str {
    static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:auszug|beschlussauszug|protokollauszug)\s*[-–:]\s*").expect("valid")
    });
    match PREFIX.find(title) {
        Some(m) => title[m.end()..].trim(),
        None => title,
    }
}

/// The official result an ALLRIS page prints beside the committee:
/// `Gremium: Sportausschuss Beschlussart: mit Änderungen im Ausschuss beschlossen`. The
/// part of the line from the label on.
pub fn result_kind_label(line: &str) -> Option<&str> {
    static KIND: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\bbeschlussart\s*:\s*\S").expect("valid"));
    KIND.find(line).map(|m| line[m.start()..].trim())
}

/// What a paper's own labels say about it, as ALLRIS prints them with the columns of the
/// original and the current version glued ("Drucksache-Art:AntragBeschluss",
/// "Initiator:Fraktion der CDUBezirksverordnetenversammlung Mitte",
/// "Status:öffentlichVorlage-Art:Beschlussvorlage"): the type and the originator of
/// the original version.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PaperLabels {
    pub paper_type: Option<String>,
    pub originator: Option<String>,
}

pub fn paper_labels(line: &str) -> PaperLabels {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(&format!(
            r"(?i)({PAPER_TYPE_LABELS}|initiator(?:in)?|einreicher(?:in)?|antragsteller(?:in)?|verfasser(?:in)?)\s*:\s*"
        ))
        .expect("valid")
    });
    static NEXT_LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:\s{2,}|\s+\p{Lu}[\p{L}/-]+\s*:|\p{Ll}\p{Lu}[\p{L}/-]*:)").expect("valid")
    });
    let mut out = PaperLabels::default();
    for c in LABEL.captures_iter(line) {
        let (Some(label), Some(whole)) = (c.get(1), c.get(0)) else {
            continue;
        };
        let rest = &line[whole.end()..];
        let end = NEXT_LABEL
            .find(rest)
            // "…öffentlichVorlage-Art:": the value ends before the glued label's first letter.
            .map(|m| {
                let s = m.as_str();
                if s.starts_with(char::is_lowercase) {
                    m.start() + s.chars().next().map_or(0, char::len_utf8)
                } else {
                    m.start()
                }
            })
            .unwrap_or(rest.len());
        let value = first_column(rest[..end].trim());
        if value.is_empty() {
            continue;
        }
        if label.as_str().to_lowercase().contains("art") {
            out.paper_type.get_or_insert_with(|| value.to_owned());
        } else {
            out.originator.get_or_insert_with(|| value.to_owned());
        }
    }
    out
}

/// The first of two values a text layer glued together: "AntragBeschluss" is "Antrag",
/// "Fraktion der CDUBezirksverordnetenversammlung Mitte" is "Fraktion der CDU".
fn first_column(value: &str) -> &str {
    let chars: Vec<(usize, char)> = value.char_indices().collect();
    for k in 1..chars.len() {
        let (at, c) = chars[k];
        let prev = chars[k - 1].1;
        let next_lower = chars.get(k + 1).is_some_and(|(_, n)| n.is_lowercase());
        let upper_run = k >= 2 && chars[k - 2].1.is_uppercase();
        if c.is_uppercase()
            && (prev.is_lowercase() || prev.is_uppercase() && upper_run && next_lower)
        {
            return value[..at].trim();
        }
    }
    value
}

/// A paper number opening the title line of an item page: "2014/284 Haushaltssatzung
/// ...", "1265/II Sanierung des ...".
pub fn leading_reference(line: &str) -> Option<String> {
    static LEADING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^((?:[A-Z]{1,4}/){0,3}\d{1,5}[-/](?:\d{1,5}|[IVX]{1,5}|[A-Z]{1,3})(?:/\d{1,5}){0,2})\s+\p{Lu}").expect("valid")
    });
    let c = LEADING.captures(line.trim())?;
    (!YEAR_SPAN.is_match(&c[1])).then(|| c[1].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn dates_in_the_forms_minutes_use() {
        for (line, expected) in [
            ("am 04.05.2021", d(2021, 5, 4)),
            ("Sitzungstag: 12.03.2019", d(2019, 3, 12)),
            ("am Dienstag, 12. März 2019", d(2019, 3, 12)),
            ("vom 1.2.21", d(2021, 2, 1)),
            ("Sitzung am 2019-11-05", d(2019, 11, 5)),
            ("am 31.02.2021", None),
        ] {
            assert_eq!(meeting_date(line), expected, "{line}");
        }
        assert_eq!(meeting_date("Drucksache 1387/2020-2025"), None);
    }

    #[test]
    fn meeting_times() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default();
        assert_eq!(clock("Beginn: 17:00 Uhr"), Some(Clock::Start(t(17, 0))));
        assert_eq!(clock("Sitzungsbeginn 18:30"), Some(Clock::Start(t(18, 30))));
        assert_eq!(
            clock("Ende der Sitzung: 20.15 Uhr"),
            Some(Clock::End(t(20, 15)))
        );
        assert_eq!(clock("Ende: 18:35 Uhr"), Some(Clock::End(t(18, 35))));
        assert_eq!(clock("Sitzungspause:"), None);
        assert_eq!(clock("Ende 2021 geplant"), None);
    }

    #[test]
    fn locations() {
        assert_eq!(
            location("Tagungsort: Großer Saal im Neuen Rathaus").as_deref(),
            Some("Großer Saal im Neuen Rathaus")
        );
        assert_eq!(
            location("Sitzungsort: Rathaus, Raum 101").as_deref(),
            Some("Rathaus, Raum 101")
        );
        assert_eq!(location("Ortsteil Mitte"), None);
    }

    #[test]
    fn organization_from_titles() {
        for (line, org) in [
            (
                "über die Sitzung des Digitalisierungsausschusses",
                "Digitalisierungsausschuss",
            ),
            (
                "Niederschrift über die 12. Sitzung des Rates der Stadt Bielefeld",
                "Rat der Stadt Bielefeld",
            ),
            (
                "Protokoll der Sitzung der Bezirksvertretung Mitte am 04.05.2021",
                "Bezirksvertretung Mitte",
            ),
            (
                "über die Sitzung des Ausschusses für Umwelt und Klimaschutz",
                "Ausschuss für Umwelt und Klimaschutz",
            ),
        ] {
            assert_eq!(organization_in_title(line).as_deref(), Some(org), "{line}");
        }
    }

    #[test]
    fn headings_of_several_layouts() {
        let h = |line: &str| heading(line).map(|h| (h.number, h.title, h.public, h.style));
        use HeadingStyle::*;
        assert_eq!(
            h("Zu Punkt 3.2"),
            Some(("3.2".into(), "".into(), None, ZuPunkt))
        );
        assert_eq!(
            h("Zu Punkt 3.3 Anfrage Bündnis 90/Die GRÜNEN - Apps"),
            Some((
                "3.3".into(),
                "Anfrage Bündnis 90/Die GRÜNEN - Apps".into(),
                None,
                ZuPunkt
            ))
        );
        assert_eq!(
            h("TOP 5: Haushalt 2021"),
            Some(("5".into(), "Haushalt 2021".into(), None, Top))
        );
        assert_eq!(
            h("TOP Ö 5 Haushalt"),
            Some(("5".into(), "Haushalt".into(), Some(true), Top))
        );
        assert_eq!(
            h("TOP N 2.1"),
            Some(("2.1".into(), "".into(), Some(false), Top))
        );
        assert_eq!(h("Zu TOP 7"), Some(("7".into(), "".into(), None, Top)));
        assert_eq!(
            h("Punkt 5: Bebauungsplan"),
            Some(("5".into(), "Bebauungsplan".into(), None, Punkt))
        );
        assert_eq!(
            h("Tagesordnungspunkt 12"),
            Some(("12".into(), "".into(), None, Punkt))
        );
        assert_eq!(
            h("Ö 3 Bericht der Verwaltung"),
            Some((
                "3".into(),
                "Bericht der Verwaltung".into(),
                Some(true),
                Prefixed
            ))
        );
        assert_eq!(
            h("5. Bericht der Verwaltung"),
            Some(("5".into(), "Bericht der Verwaltung".into(), None, Numbered))
        );
        assert_eq!(
            h("5.1 Anfrage der SPD"),
            Some(("5.1".into(), "Anfrage der SPD".into(), None, Numbered))
        );
        assert_eq!(h("Der Rat beschließt"), None);
        assert_eq!(h("2021 wurde beschlossen"), None);
    }

    #[test]
    fn agenda_number_sequences() {
        assert!(follows(None, "1"));
        assert!(follows(Some("1"), "2"));
        assert!(follows(Some("2"), "2.1"));
        assert!(follows(Some("2.1"), "3"));
        assert!(follows(Some("3.7"), "4"));
        assert!(follows(Some("3.1"), "3.2"));
        assert!(!follows(Some("3"), "5"));
        assert!(!follows(Some("3"), "1"));
        assert!(!follows(None, "7"));
        assert!(follows(Some("1.3.1"), "2.0"));
        assert!(follows(Some("1.0"), "1.1"));
        assert!(follows(Some("1a"), "1b"));
        assert!(follows(Some("1b"), "2"));
        assert!(!follows(Some("1a"), "1c"));
    }

    #[test]
    fn parts_separators_and_page_furniture() {
        assert_eq!(part_marker("Öffentliche Sitzung:"), Some(true));
        assert_eq!(part_marker("Nichtöffentliche Sitzung"), Some(false));
        assert_eq!(part_marker("Nicht öffentlicher Teil"), Some(false));
        assert_eq!(part_marker("Öffentlicher Teil"), Some(true));
        assert_eq!(part_marker("Die öffentliche Sitzung beginnt"), None);
        assert!(separator("-.-.-"));
        assert!(!separator("- einstimmig beschlossen -"));
        for line in ["- 2 -", "Seite 2 von 7", "Seite 3", "2/7", "12"] {
            assert!(page_furniture(line), "{line}");
        }
        assert!(!page_furniture("- einstimmig -"));
    }

    #[test]
    fn paper_references_in_many_spellings() {
        for (line, expected) in [
            ("Drucksachennummer: 1387/2020-2025", "1387/2020-2025"),
            ("Drucksachenummer: 1362/2020-2025", "1362/2020-2025"),
            (
                "Sachstand Chatbot, Drucksache 8738/2014-2020, Beschluss DA/20190612/Ö4.2",
                "8738/2014-2020",
            ),
            ("siehe DS 64/2021", "64/2021"),
            ("Vorlage 2014/0007", "2014/0007"),
            ("Vorlage: 2019/0123", "2019/0123"),
            ("Drucksache Nr. 123/2019", "123/2019"),
            ("  Drucksachen-Nr.: 187/04-2017", "187/04-2017"),
            ("- SG 0058/2009 -", "SG 0058/2009"),
            ("Vorlage VO/2020/123", "VO/2020/123"),
        ] {
            assert_eq!(paper_references(line), vec![expected.to_owned()], "{line}");
        }
        assert!(paper_references("Drucksachenummer:").is_empty());
        assert!(paper_references("am 04.05.2021 um 17:00").is_empty());
    }

    #[test]
    fn places_glued_to_their_label_or_run_into_a_header() {
        assert_eq!(
            location("TagungsortBernau bei Berlin, Hussitenstraße 1, Stadthalle Bernau").as_deref(),
            Some("Bernau bei Berlin, Hussitenstraße 1, Stadthalle Bernau")
        );
        assert_eq!(
            location("Niederschrift der 14. Ratssitzung vom 12.11.2015 Ort: Aula der Grundschule Süd-West, Wilhelm-Koenen-Str. 33 Tag: 12.11.2015").as_deref(),
            Some("Aula der Grundschule Süd-West, Wilhelm-Koenen-Str. 33")
        );
        assert_eq!(location("Ortsbeirat Mitte"), None);
        // The room after the building, on the line of the time.
        assert_eq!(
            location_in_title("Ende: 20:31 Uhr in Osterrade, Feuerwehrgerätehaus").as_deref(),
            Some("Osterrade, Feuerwehrgerätehaus")
        );
        assert_eq!(
            location_in_title("am 12.03.2019, 19:00 Uhr im Ratssaal, anschließend Ortsbegehung")
                .as_deref(),
            Some("Ratssaal")
        );
    }

    #[test]
    fn motions_a_member_moves() {
        assert_eq!(
            motion_by_member(
                "Herr Stadtverordneter Neuhäuser stellt gemäß Geschäftsordnung den Antrag auf Vertagung."
            ),
            Some(("Antrag auf Vertagung".to_owned(), "Neuhäuser".to_owned()))
        );
        assert_eq!(
            motion_by_member(
                "Vor Eintritt in die Beratung stellt Marktgemeinderatsmitglied Karl-Josef Wenninger einen in der Anlage zur Sitzungsniederschrift beigefügten Antrag zur Geschäftsordnung auf Vertagung des Tagesordnungspunktes."
            ),
            Some((
                "Antrag zur Geschäftsordnung auf Vertagung des Tagesordnungspunktes".to_owned(),
                "Karl-Josef Wenninger".to_owned()
            ))
        );
        assert_eq!(
            motion_by_member(
                "Von Marktgemeinderatsmitglied Peter Ringlstetter wird Antrag auf namentliche Abstimmung über den Geschäftsordnungsantrag von Herrn Wenninger gestellt."
            ),
            Some((
                "Antrag auf namentliche Abstimmung".to_owned(),
                "Peter Ringlstetter".to_owned()
            ))
        );
        assert_eq!(
            motion_by_member(
                "Herr Stadtverordneter Ruppel stellt den ausgeteilten Änderungsantrag."
            ),
            Some(("Änderungsantrag".to_owned(), "Ruppel".to_owned()))
        );
        assert_eq!(
            motion_by_member(
                "Herr Köneke stellte den Antrag den Rat der Stadt Burgdorf auf 32 Abgeordnete zu reduzieren."
            ),
            Some(("Antrag".to_owned(), "Köneke".to_owned()))
        );
        // Talk about a motion, not one moved here.
        assert_eq!(
            motion_by_member("Der Antrag auf Vertagung ist somit angenommen."),
            None
        );
        assert_eq!(
            motion_by_member("Herr Meier erläutert den Antrag der Verwaltung."),
            None
        );
    }

    #[test]
    fn motions_a_group_brings_mid_sentence() {
        let m = |l: &str| motions_by_group(l);
        assert_eq!(
            m(
                "Erster Bürgermeister Karl Kolb teilt mit, dass ein Antrag der CSU-Fraktion vorliegt, den Tagesordnungspunkt 5 in nichtöffentlicher Sitzung zu behandeln."
            ),
            vec![(
                "Antrag, den Tagesordnungspunkt 5 in nichtöffentlicher Sitzung zu behandeln"
                    .to_owned(),
                "CSU-Fraktion".to_owned()
            )]
        );
        assert_eq!(
            m("Die CDU-Fraktion zieht ihren Antrag auf Hinzuziehung von Vertreterinnen bzw. Vertretern der Kommunalaufsicht zur Sitzung zurück."),
            vec![(
                "Antrag auf Hinzuziehung von Vertreterinnen bzw. Vertretern der Kommunalaufsicht zur Sitzung".to_owned(),
                "CDU-Fraktion".to_owned()
            )]
        );
        assert_eq!(
            m(
                "BM Forster teilt mit, dass dem Antrag der Fraktion Bündnis 90/Die Grünen (Freigabe des Prüfberichts für die Öffentlichkeit) nicht entsprochen werden kann."
            ),
            vec![(
                "Antrag (Freigabe des Prüfberichts für die Öffentlichkeit)".to_owned(),
                "Fraktion Bündnis 90/Die Grünen".to_owned()
            )]
        );
        assert_eq!(
            m(
                "Der Ausschuss lehnt den Antrag der SPD-Fraktion vom 17.06.2021 zum Erlass einer Baumschutzsatzung ab."
            ),
            vec![(
                "Antrag zum Erlass einer Baumschutzsatzung".to_owned(),
                "SPD-Fraktion".to_owned()
            )]
        );
        assert_eq!(
            m("Rh. Pott (OP) erläutert den Antrag seiner Fraktion."),
            vec![("Antrag".to_owned(), "OP".to_owned())]
        );
        // A motion of the administration or of a person is no group's.
        assert!(m("Herr Meier erläutert den Antrag der Verwaltung.").is_empty());
        assert!(m("Der Antrag des Herrn Müller wird abgelehnt.").is_empty());
    }

    #[test]
    fn an_originator_is_someone_who_can_bring_a_paper() {
        let originator = |l: &str| paper_mention(l).and_then(|p| p.originator);
        assert_eq!(
            originator("2. Vorlage des Ersten Nachtragshaushaltes 2008"),
            None
        );
        assert_eq!(
            originator("Mitteilungsvorlage des Referats Städtebau, Wohnen und Umwelt").as_deref(),
            Some("Referat Städtebau")
        );
        assert_eq!(
            originator("Antrag der SPD-Fraktion vom 12.03.2021").as_deref(),
            Some("SPD-Fraktion")
        );
        assert_eq!(originator("Zusatz: BE: Oberbürgermeister"), None);
    }

    #[test]
    fn paper_types_and_originators_from_titles() {
        let p = |t: &str| paper_title(t).map(|p| (p.paper_type, p.originator, p.name));
        assert_eq!(
            p("Anfrage SPD - Serviceportal der Stadt Bielefeld"),
            Some((
                "Anfrage".into(),
                Some("SPD".into()),
                "Serviceportal der Stadt Bielefeld".into()
            ))
        );
        assert_eq!(
            p("Anfrage Bündnis 90/Die GRÜNEN - Apps in Bielefeld"),
            Some((
                "Anfrage".into(),
                Some("Bündnis 90/Die GRÜNEN".into()),
                "Apps in Bielefeld".into()
            ))
        );
        assert_eq!(
            p("Antrag FDP - SAP Management und Planung"),
            Some((
                "Antrag".into(),
                Some("FDP".into()),
                "SAP Management und Planung".into()
            ))
        );
        assert_eq!(
            p("Mitteilung - Information zu laufenden Projekten"),
            Some((
                "Mitteilung".into(),
                None,
                "Information zu laufenden Projekten".into()
            ))
        );
        assert_eq!(
            p("Antrag der CDU-Fraktion – Radwege"),
            Some((
                "Antrag".into(),
                Some("CDU-Fraktion".into()),
                "Radwege".into()
            ))
        );
        assert_eq!(p("Anträge"), None);
        assert_eq!(p("Mitteilungen"), None);
    }

    #[test]
    fn result_lines_as_written() {
        for (line, expected) in [
            ("- einstimmig beschlossen -", Some("einstimmig beschlossen")),
            (
                "- abweichend vom Beschlussvorschlag einstimmig beschlossen -",
                Some("abweichend vom Beschlussvorschlag einstimmig beschlossen"),
            ),
            ("-1. Lesung -", Some("1. Lesung")),
            ("zurückgezogen", Some("zurückgezogen")),
            ("Kenntnisnahme", Some("Kenntnisnahme")),
            (
                "Abstimmungsergebnis: 10 Ja, 2 Nein, 1 Enthaltung",
                Some("10 Ja, 2 Nein, 1 Enthaltung"),
            ),
            ("mehrheitlich abgelehnt", Some("mehrheitlich abgelehnt")),
            ("-.-.-", None),
            ("Der Antrag wurde intensiv diskutiert.", None),
        ] {
            assert_eq!(result(line).as_deref(), expected, "{line}");
        }
    }

    #[test]
    fn person_names() {
        let n = person_name("Herr Dr. Simon Lange").expect("name");
        assert_eq!(
            (
                n.form_of_address.as_deref(),
                n.title.clone(),
                n.given_name.as_deref(),
                n.family_name.as_str()
            ),
            (Some("Herr"), vec!["Dr.".to_owned()], Some("Simon"), "Lange")
        );
        let n = person_name("Herr Stadtkämmerer Kaschel").expect("name");
        assert_eq!(
            (n.status.as_deref(), n.given_name, n.family_name.as_str()),
            (Some("Stadtkämmerer"), None, "Kaschel")
        );
        let n = person_name("Müller, Hans").expect("name");
        assert_eq!(
            (n.given_name.as_deref(), n.family_name.as_str()),
            (Some("Hans"), "Müller")
        );
        let n = person_name("Frau Selçuk Solmaz").expect("name");
        assert_eq!(n.family_name, "Solmaz");
        let n = person_name("Gemeindevertreter Dr. Samir Hanafi").expect("name");
        assert_eq!(
            (
                n.title.clone(),
                n.given_name.as_deref(),
                n.family_name.as_str()
            ),
            (vec!["Dr.".to_owned()], Some("Samir"), "Hanafi")
        );
        let n = person_name("BM Frau Dr. Blunk").expect("name");
        assert_eq!(
            (n.form_of_address.as_deref(), n.family_name.as_str()),
            (Some("Frau"), "Blunk")
        );
        let n = person_name("1. stellv. Bürgermeister Hans-Jürgen Pfeiffer").expect("name");
        assert_eq!(
            (n.status.as_deref(), n.family_name.as_str()),
            (Some("Bürgermeister"), "Pfeiffer")
        );
        assert_eq!(person_name("Erster Bürgermeister"), None);
        assert_eq!(person_name("Von der Verwaltung:"), None);
        assert_eq!(person_name("Herr"), None);
    }

    #[test]
    fn item_pages_labels() {
        assert_eq!(
            item_label("TOP: Ö 4.2"),
            Some(Some(("4.2".to_owned(), Some(true))))
        );
        assert_eq!(item_label("TOP:"), Some(None));
        // ALLRIS puts the next label of the header row beside the number.
        assert_eq!(
            item_label("TOP: Ö 10 Beschluss:V/STR/20/1146/14"),
            Some(Some(("10".to_owned(), Some(true))))
        );
        assert_eq!(item_label("TOP 4 Bericht"), None);
        assert_eq!(bare_item_number("2a"), Some(("2a".to_owned(), None)));
        assert_eq!(
            heading("02. Bauantrag").map(|h| h.number).as_deref(),
            Some("2")
        );
        assert_eq!(
            heading("TOP 03.01 Bericht").map(|h| h.number).as_deref(),
            Some("3.1")
        );
        assert_eq!(
            heading("2.0 Beschlüsse").map(|h| h.number).as_deref(),
            Some("2.0")
        );
        assert_eq!(
            bare_item_number("Ö 7.7"),
            Some(("7.7".to_owned(), Some(true)))
        );
        assert!(paper_type_label("- Vorlageart:"));
        assert_eq!(
            subject_label("Betr.: | Satzung zur 1. Änderung |").as_deref(),
            Some("Satzung zur 1. Änderung")
        );
        assert_eq!(
            subject_label("Auszug - Haushaltssatzung 2015").as_deref(),
            Some("Haushaltssatzung 2015")
        );
        assert_eq!(
            result_kind_label("Gremium: Sportausschuss Beschlussart: zur Kenntnis genommen"),
            Some("Beschlussart: zur Kenntnis genommen")
        );
        assert_eq!(
            leading_reference("2014/284 Haushaltssatzung und Haushaltsplan 2015;").as_deref(),
            Some("2014/284")
        );
        assert_eq!(
            leading_reference("1265/II Sanierung des Tribünengebäudes").as_deref(),
            Some("1265/II")
        );
        assert_eq!(
            leading_reference("V/STR/20/1146/14 Jahresrechnung 2012").as_deref(),
            Some("V/STR/20/1146/14")
        );
        assert_eq!(leading_reference("2019/2020 Haushalt"), None);
    }

    #[test]
    fn motions_opening_a_line() {
        let m = leading_motion;
        assert_eq!(
            m("1.         Antrag CDU, Stelle Stadtpolizei (Anlage 2) wird behandelt."),
            Some(("Antrag".to_owned(), "CDU".to_owned()))
        );
        assert_eq!(
            m("Änderungsantrag der Grünen zum CDU-Antrag"),
            Some(("Änderungsantrag".to_owned(), "Grünen".to_owned()))
        );
        assert_eq!(
            m("4.         Antrag Die Linke, Erhöhung Gewerbesteuerhebesatz (Anlage 12)."),
            Some(("Antrag".to_owned(), "Die Linke".to_owned()))
        );
        assert_eq!(m("Antrag auf Vertagung der Beratung"), None);
        assert_eq!(m("Antrag Zuschuss, Sportverein"), None);
        assert_eq!(m("Der Antrag der CDU wird abgelehnt."), None);
    }

    #[test]
    fn glued_allris_paper_labels() {
        let l = paper_labels("Status:öffentlichVorlage-Art:Beschlussvorlage");
        assert_eq!(l.paper_type.as_deref(), Some("Beschlussvorlage"));
        let l = paper_labels("Drucksache-Art:AntragBeschluss");
        assert_eq!(l.paper_type.as_deref(), Some("Antrag"));
        let l = paper_labels("Initiator:Fraktion der CDUBezirksverordnetenversammlung Mitte");
        assert_eq!(l.originator.as_deref(), Some("Fraktion der CDU"));
        let l = paper_labels("Initiator:Fraktion BÜNDNIS 90/DIE GRÜNEN");
        assert_eq!(
            l.originator.as_deref(),
            Some("Fraktion BÜNDNIS 90/DIE GRÜNEN")
        );
        assert_eq!(
            paper_labels("Der Antrag wird angenommen."),
            PaperLabels::default()
        );
        assert_eq!(
            originator_before("der CDU-Antrag Nr. ").as_deref(),
            Some("CDU")
        );
    }

    #[test]
    fn the_body_a_decision_names() {
        let body = deciding_body;
        assert_eq!(
            body(
                "Entscheidung über Einwendungen gegen die Niederschrift der Sitzung des Stadtrates - öffentlich - vom 07.03.2018"
            ),
            Some((0, "Stadtrat".to_owned()))
        );
        assert_eq!(
            body(
                "Die Beschlussvorlage 049/2021 wurde durch den Werksausschuss mit sieben JA-Stimmen angenommen."
            ),
            Some((1, "Werksausschuss".to_owned()))
        );
        assert_eq!(
            body(
                "Der Gemeinderat der Landgemeinde Georgenthal beschließt in seiner Sitzung am 27.08.2024:"
            ),
            Some((2, "Gemeinderat der Landgemeinde Georgenthal".to_owned()))
        );
        assert_eq!(
            body("Ohne weitere Beratungen beschließt der Rat einstimmig wie folgt:"),
            Some((2, "Rat".to_owned()))
        );
        assert_eq!(body("Der Bürgermeister eröffnet die Sitzung."), None);
        assert_eq!(body("Das Rathaus wird saniert."), None);
    }
}
