//! The frame of every page: head with the machine-readable twin, the search box, and a
//! footer with the ways into the data. One small stylesheet, no script.

use maud::{DOCTYPE, Markup, PreEscaped, html};

/// Readable on a phone and on a desktop, in light and dark surroundings.
const STYLE: &str = r#"
:root{color-scheme:light dark;--ink:#1b1b1b;--muted:#5a5a5a;--line:#d6d6d6;--accent:#0b5cad;--bg:#fff;--soft:#f4f6f8}
@media (prefers-color-scheme:dark){:root{--ink:#e8e8e8;--muted:#a8a8a8;--line:#444;--accent:#7db4ff;--bg:#151515;--soft:#222}}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:var(--bg)}
a{color:var(--accent)}
header,main,footer{max-width:60rem;margin:0 auto;padding:0 1rem}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding-top:.75rem;padding-bottom:.75rem;border-bottom:1px solid var(--line)}
header .site{font-weight:700;font-size:1.15rem;text-decoration:none;color:var(--ink)}
form.search{display:flex;flex:1 1 18rem;gap:.4rem}
form.search input[type=search]{flex:1;min-width:0;padding:.45rem .6rem;font:inherit;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--ink)}
button{padding:.45rem .9rem;font:inherit;border:0;border-radius:4px;background:var(--accent);color:#fff;cursor:pointer}
h1{font-size:1.6rem;line-height:1.25;margin:1.2rem 0 .4rem}
h2{font-size:1.2rem;margin:1.6rem 0 .5rem}
.meta{color:var(--muted);margin:.2rem 0}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
.table{overflow-x:auto}
ol.results,ul.plain{list-style:none;padding:0}
ol.results li{padding:.6rem 0;border-bottom:1px solid var(--line)}
.kind{display:inline-block;font-size:.8rem;padding:0 .4rem;border-radius:3px;background:var(--soft);color:var(--muted);margin-right:.4rem}
mark{background:#ffe58a;color:#000}
.facets{display:flex;flex-wrap:wrap;gap:.3rem 1.5rem;font-size:.95rem}
.facets ul{list-style:none;padding:0;margin:.2rem 0}
.notice{padding:.6rem .8rem;border-left:4px solid #c62828;background:var(--soft)}
.counts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;padding:0;list-style:none}
.counts li strong{display:block;font-size:1.4rem}
.item{border-top:1px solid var(--line);padding:.6rem 0}
.item h3{font-size:1.05rem;margin:.2rem 0}
.outcome{font-weight:600}
.differs{font-weight:600;color:#c62828}
svg.chart{max-width:100%;height:auto}
svg.chart .ink{fill:var(--ink)}
blockquote{margin:.4rem 0;padding-left:.8rem;border-left:3px solid var(--line);white-space:pre-line}
nav.pages{display:flex;gap:1rem;margin:1rem 0}
footer{margin-top:2rem;padding-top:.8rem;padding-bottom:2rem;border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}
"#;

/// What the frame needs to know about the page inside it.
pub struct Frame<'a> {
    pub site: &'a str,
    pub title: &'a str,
    /// The same content for machines (`<link rel="alternate">`).
    pub alternate: Option<&'a str>,
    /// The Atom feed of what the page shows.
    pub feed: Option<&'a str>,
    /// The words in the search box.
    pub query: &'a str,
    pub license: &'a str,
    pub oparl: &'a str,
}

pub fn page(frame: &Frame<'_>, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="de" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (frame.title) " – " (frame.site) }
                @if let Some(url) = frame.alternate {
                    link rel="alternate" type="application/json" href=(url);
                }
                @if let Some(url) = frame.feed {
                    link rel="alternate" type="application/atom+xml" title="Atom-Feed" href=(url);
                }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    a.site href="/" { (frame.site) }
                    form.search action="/search" method="get" role="search" {
                        input #q type="search" name="q" value=(frame.query)
                            placeholder="Suchen: Radweg, \"Haushalt 2024\", Schul*" aria-label="Suchbegriffe";
                        button type="submit" { "Suchen" }
                    }
                }
                main { (content) }
                footer {
                    "Daten: " a href=(frame.oparl) { "OParl-Schnittstelle" } " · "
                    a href="/docs/" { "API-Dokumentation" } " · "
                    a href="/openapi.json" { "OpenAPI" } " · "
                    "Lizenz der Daten: " a href=(frame.license) { (frame.license) }
                    @if let Some(url) = frame.alternate {
                        " · " a href=(url) { "dieser Inhalt als JSON" }
                    }
                    @if let Some(url) = frame.feed {
                        " · " a href=(url) { "Atom-Feed" }
                    }
                }
            }
        }
    }
}
