//! Atom 1.0 (RFC 4287) documents, written directly: a feed is a handful of elements,
//! and escaping is the only subtle part.

use crate::oparl::time::format_micros;

/// Text for XML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An RFC 3339 time as Atom wants it; OParl's form already is one.
fn time(micros: i64) -> String {
    format_micros(micros)
}

pub struct Entry {
    /// A permanent id: the object's API URL.
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    pub published: i64,
    pub updated: i64,
    /// The page for people, where there is one.
    pub html: Option<String>,
    /// The object in the API.
    pub json: String,
    /// `Drucksache`, `Sitzung`, `Abstimmung`: an Atom category.
    pub category: &'static str,
}

pub struct Feed<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub author: &'a str,
    /// The page the feed follows, where there is one.
    pub html: Option<&'a str>,
    /// When nothing is in the feed: the time it is as of.
    pub empty_updated: i64,
    pub entries: &'a [Entry],
}

impl Feed<'_> {
    pub fn render(&self) -> String {
        let updated = self
            .entries
            .iter()
            .map(|e| e.updated)
            .max()
            .unwrap_or(self.empty_updated);
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"de\">\n");
        x.push_str(&format!("  <id>{}</id>\n", escape(self.id)));
        x.push_str(&format!("  <title>{}</title>\n", escape(self.title)));
        x.push_str(&format!("  <updated>{}</updated>\n", time(updated)));
        x.push_str(&format!(
            "  <author><name>{}</name></author>\n",
            escape(self.author)
        ));
        x.push_str(&format!(
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
            escape(self.id)
        ));
        if let Some(html) = self.html {
            x.push_str(&format!(
                "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                escape(html)
            ));
        }
        x.push_str(
            "  <generator uri=\"https://github.com/ratsinfo/ratsinfo\">ratsinfo</generator>\n",
        );
        for e in self.entries {
            x.push_str("  <entry>\n");
            x.push_str(&format!("    <id>{}</id>\n", escape(&e.id)));
            x.push_str(&format!("    <title>{}</title>\n", escape(&e.title)));
            x.push_str(&format!(
                "    <published>{}</published>\n",
                time(e.published)
            ));
            x.push_str(&format!("    <updated>{}</updated>\n", time(e.updated)));
            x.push_str(&format!(
                "    <category term=\"{}\"/>\n",
                escape(e.category)
            ));
            if let Some(html) = &e.html {
                x.push_str(&format!(
                    "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
                    escape(html)
                ));
            }
            x.push_str(&format!(
                "    <link rel=\"{}\" type=\"application/json\" href=\"{}\"/>\n",
                if e.html.is_some() {
                    "related"
                } else {
                    "alternate"
                },
                escape(&e.json)
            ));
            if let Some(s) = e.summary.as_deref().filter(|s| !s.trim().is_empty()) {
                x.push_str(&format!("    <summary>{}</summary>\n", escape(s)));
            }
            x.push_str("  </entry>\n");
        }
        x.push_str("</feed>\n");
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_forbidden_characters_dropped() {
        assert_eq!(
            escape("Rat & \"Verwaltung\" <Antrag>\u{1}'"),
            "Rat &amp; &quot;Verwaltung&quot; &lt;Antrag&gt;&apos;"
        );
    }

    #[test]
    fn an_empty_feed_is_still_complete() {
        let feed = Feed {
            id: "http://x.test/feeds/bodies/1.atom",
            title: "Stadt X",
            author: "ratsinfo",
            html: None,
            empty_updated: 0,
            entries: &[],
        }
        .render();
        for element in [
            "<id>",
            "<title>",
            "<updated>1970-01-01T00:00:00+00:00",
            "<author>",
            "rel=\"self\"",
        ] {
            assert!(feed.contains(element), "{element}: {feed}");
        }
    }
}
