//! Pictures drawn on the server as SVG: the result bar of a decision and the agreement
//! heatmap of factions. Both are embedded in the pages and served alone (`.svg`) for
//! articles; they carry a `<title>` and text labels, so they read without colour too.

use maud::{Markup, html};

use super::german;

const WIDTH: i64 = 640;
const ROW: i64 = 24;
const LABEL: i64 = 200;

/// Colours of the positions, with the text colour that stays legible on them.
fn colour(position: &str) -> (&'static str, &'static str) {
    match position {
        "yes" => ("#2e7d32", "#ffffff"),
        "no" => ("#c62828", "#ffffff"),
        "abstain" => ("#f9a825", "#000000"),
        "split" => ("#6a1b9a", "#ffffff"),
        _ => ("#9e9e9e", "#000000"),
    }
}

/// A coloured part of the result bar.
struct Segment {
    position: &'static str,
    x: i64,
    width: i64,
    label: String,
}

/// What a result bar shows.
pub struct VoteBar<'a> {
    pub title: &'a str,
    pub outcome: &'a str,
    pub method: &'a str,
    pub yes: Option<i64>,
    pub no: Option<i64>,
    pub abstain: Option<i64>,
    /// Faction name, position and the count where stated.
    pub factions: Vec<(String, String, Option<i64>)>,
}

impl VoteBar<'_> {
    /// The caption of the first row: counts where stated, else the method.
    fn summary(&self) -> String {
        let mut parts = vec![german::outcome(self.outcome).to_owned()];
        if self.method != "none" {
            parts.push(german::method(self.method).to_owned());
        }
        for (label, n) in [
            ("Ja", self.yes),
            ("Nein", self.no),
            ("Enthaltung", self.abstain),
        ] {
            if let Some(n) = n {
                parts.push(format!("{label} {n}"));
            }
        }
        parts.join(", ")
    }

    /// The coloured segments of the bar: counted votes in proportion, a unanimous
    /// decision in full, nothing when the minutes give neither.
    fn segments(&self) -> Vec<Segment> {
        let counted: Vec<(&'static str, i64)> = [
            ("yes", self.yes),
            ("no", self.no),
            ("abstain", self.abstain),
        ]
        .into_iter()
        .filter_map(|(p, n)| n.filter(|n| *n > 0).map(|n| (p, n)))
        .collect();
        let total: i64 = counted.iter().map(|(_, n)| n).sum();
        if total > 0 {
            let mut x = 0;
            let last = counted.len() - 1;
            return counted
                .into_iter()
                .enumerate()
                .map(|(i, (p, n))| {
                    let w = if i == last {
                        WIDTH - x
                    } else {
                        WIDTH * n / total
                    };
                    x += w;
                    Segment {
                        position: p,
                        x: x - w,
                        width: w,
                        label: format!("{} {n}", german::position(p)),
                    }
                })
                .collect();
        }
        if self.method == "unanimous" {
            return vec![Segment {
                position: "yes",
                x: 0,
                width: WIDTH,
                label: "einstimmig".to_owned(),
            }];
        }
        Vec::new()
    }

    pub fn render(&self, standalone: bool) -> Markup {
        let segments = self.segments();
        let height = ROW * 2 + 8 + ROW * self.factions.len() as i64;
        let summary = self.summary();
        html! {
            svg xmlns=[standalone.then_some("http://www.w3.org/2000/svg")]
                class="chart" role="img" width=(WIDTH) height=(height)
                viewBox=(format!("0 0 {WIDTH} {height}"))
                font-family="system-ui, sans-serif" font-size="13" {
                title { (self.title) ": " (summary) }
                text.ink x="0" y="16" fill="#1b1b1b" { (summary) }
                @if segments.is_empty() {
                    rect x="0" y=(ROW) width=(WIDTH) height=(ROW) fill="#eeeeee" {}
                    text x="8" y=(ROW + 16) fill="#000000" { "Keine Stimmenzahlen im Protokoll" }
                } @else {
                    @for s in &segments {
                        @let (fill, ink) = colour(s.position);
                        rect x=(s.x) y=(ROW) width=(s.width) height=(ROW) fill=(fill) {}
                        @if s.width > 60 {
                            text x=(s.x + 6) y=(ROW + 16) fill=(ink) { (s.label) }
                        }
                    }
                }
                @for (i, (name, position, n)) in self.factions.iter().enumerate() {
                    @let y = ROW * 2 + 8 + ROW * i as i64;
                    @let (fill, ink) = colour(position);
                    text.ink x="0" y=(y + 16) fill="#1b1b1b" { (name) }
                    rect x=(LABEL) y=(y + 2) width=(WIDTH - LABEL) height=(ROW - 4) fill=(fill) {}
                    text x=(LABEL + 6) y=(y + 16) fill=(ink) {
                        (german::position(position))
                        @if let Some(n) = n { " (" (n) ")" }
                    }
                }
            }
        }
    }
}

/// From a pale (no agreement) to a deep blue (full agreement): one hue, so the order
/// reads without a legend and for colour-blind readers.
fn blue(rate: f64) -> String {
    let mix = |low: f64, high: f64| (low + (high - low) * rate.clamp(0.0, 1.0)).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(238.0, 11.0),
        mix(243.0, 61.0),
        mix(251.0, 145.0)
    )
}

/// One pair of factions of the heatmap: decisions together and agreements.
pub struct Pair {
    pub a: usize,
    pub b: usize,
    pub together: usize,
    pub agreements: usize,
}

/// How often factions voted alike: a square per pair, darker for more agreement.
pub fn heatmap(title: &str, names: &[String], pairs: &[Pair], standalone: bool) -> Markup {
    const CELL: i64 = 44;
    let n = names.len() as i64;
    let label = names
        .iter()
        .map(|s| s.chars().count() as i64 * 7 + 12)
        .max()
        .unwrap_or(40)
        .min(220);
    let top = label * 7 / 10 + 8;
    let (width, height) = (label + CELL * n + 8, top + CELL * n + 4);
    let cell = |a: usize, b: usize| {
        pairs
            .iter()
            .find(|p| (p.a, p.b) == (a.min(b), a.max(b)))
            .filter(|p| p.together > 0)
    };
    html! {
        svg xmlns=[standalone.then_some("http://www.w3.org/2000/svg")]
            class="chart" role="img" width=(width) height=(height)
            viewBox=(format!("0 0 {width} {height}"))
            font-family="system-ui, sans-serif" font-size="12" {
            title { (title) }
            @for (i, name) in names.iter().enumerate() {
                @let x = label + CELL * i as i64 + CELL / 2;
                text.ink x=(x) y=(top - 6) fill="#1b1b1b"
                    transform=(format!("rotate(-45 {x} {})", top - 6)) { (name) }
                text.ink x=(label - 6) y=(top + CELL * i as i64 + CELL / 2 + 4) fill="#1b1b1b"
                    text-anchor="end" { (name) }
            }
            @for a in 0..names.len() {
                @for b in 0..names.len() {
                    @let (x, y) = (label + CELL * b as i64, top + CELL * a as i64);
                    @if a == b {
                        rect x=(x) y=(y) width=(CELL - 2) height=(CELL - 2) fill="#f5f5f5" {}
                    } @else if let Some(p) = cell(a, b) {
                        @let rate = p.agreements as f64 / p.together as f64;
                        @let ink = if rate > 0.55 { "#ffffff" } else { "#000000" };
                        rect x=(x) y=(y) width=(CELL - 2) height=(CELL - 2) fill=(blue(rate)) {
                            title {
                                (names[a]) " und " (names[b]) ": " (p.agreements) " von "
                                (p.together) " Entscheidungen gleich"
                            }
                        }
                        text x=(x + CELL / 2 - 1) y=(y + CELL / 2 + 4) text-anchor="middle" fill=(ink) {
                            (format!("{:.0} %", rate * 100.0))
                        }
                    } @else {
                        rect x=(x) y=(y) width=(CELL - 2) height=(CELL - 2) fill="#ffffff" stroke="#dddddd" {}
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(
        yes: Option<i64>,
        no: Option<i64>,
        abstain: Option<i64>,
        method: &'static str,
    ) -> VoteBar<'static> {
        VoteBar {
            title: "Beschluss",
            outcome: "adopted",
            method,
            yes,
            no,
            abstain,
            factions: vec![("SPD".into(), "yes".into(), Some(4))],
        }
    }

    #[test]
    fn counted_votes_fill_the_bar_in_proportion() {
        let b = bar(Some(6), Some(2), Some(0), "counted");
        let segments = b.segments();
        assert_eq!(segments.len(), 2, "a zero count draws nothing");
        assert_eq!(segments[0].width, WIDTH * 6 / 8);
        assert_eq!(segments[1].x, segments[0].width);
        assert_eq!(segments.iter().map(|s| s.width).sum::<i64>(), WIDTH);
        let svg = b.render(true).into_string();
        assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("Ja 6") && svg.contains("Nein 2"));
        assert!(svg.contains("SPD") && svg.contains("Ja (4)"));
    }

    #[test]
    fn without_counts_only_unanimity_is_drawn() {
        assert_eq!(
            bar(None, None, None, "unanimous").segments()[0].label,
            "einstimmig"
        );
        let none = bar(None, None, None, "show_of_hands");
        assert!(none.segments().is_empty());
        assert!(
            none.render(false)
                .into_string()
                .contains("Keine Stimmenzahlen")
        );
    }

    #[test]
    fn heatmap_labels_each_pair_with_its_rate() {
        let names = vec!["CDU".to_owned(), "SPD".to_owned(), "FDP".to_owned()];
        let pairs = [Pair {
            a: 0,
            b: 1,
            together: 4,
            agreements: 3,
        }];
        let svg = heatmap("Übereinstimmung", &names, &pairs, true).into_string();
        assert_eq!(svg.matches("75 %").count(), 2, "both halves of the matrix");
        assert!(svg.contains("CDU und SPD: 3 von 4"));
        assert!(!svg.contains("NaN"));
        assert_eq!(blue(0.0), "#eef3fb");
        assert_eq!(blue(1.0), "#0b3d91");
    }
}
