//! A small RDF graph and its two serialisations, JSON-LD and Turtle, written from the
//! same triples so that both always say the same. Predicates and classes are compact
//! IRIs over the fixed prefixes below.

use serde_json::{Map, Value, json};

pub const PREFIXES: [(&str, &str); 10] = [
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("dct", "http://purl.org/dc/terms/"),
    ("dcatde", "http://dcat-ap.de/def/dcatde/"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
    ("vcard", "http://www.w3.org/2006/vcard/ns#"),
    ("spdx", "http://spdx.org/rdf/terms#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("adms", "http://www.w3.org/ns/adms#"),
];

#[derive(Debug, Clone, PartialEq)]
pub enum Term {
    Iri(String),
    /// A compact IRI over [`PREFIXES`] (`dcat:Dataset`).
    Name(&'static str),
    /// Text in German.
    Text(String),
    /// A plain string.
    Str(String),
    /// A literal with a datatype given as a compact IRI (`xsd:date`).
    Typed(String, &'static str),
}

#[derive(Debug, Default)]
pub struct Graph {
    triples: Vec<(String, &'static str, Term)>,
}

/// An IRI safe between `<` and `>`: the few characters Turtle forbids there are
/// percent-encoded.
fn iri(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\' | ' ' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c if (c as u32) <= 0x20 => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn literal(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Graph {
    pub fn add(&mut self, subject: &str, predicate: &'static str, object: Term) -> &mut Self {
        self.triples.push((iri(subject), predicate, object));
        self
    }

    /// The subjects in the order they first appear, each with its triples.
    fn subjects(&self) -> Vec<(&str, Vec<(&'static str, &Term)>)> {
        let mut out: Vec<(&str, Vec<(&'static str, &Term)>)> = Vec::new();
        for (s, p, o) in &self.triples {
            match out.iter_mut().find(|(subject, _)| subject == s) {
                Some((_, list)) => list.push((p, o)),
                None => out.push((s, vec![(p, o)])),
            }
        }
        out
    }

    pub fn turtle(&self) -> String {
        let mut out = String::new();
        for (prefix, ns) in PREFIXES {
            out.push_str(&format!("@prefix {prefix}: <{ns}> .\n"));
        }
        for (subject, list) in self.subjects() {
            out.push_str(&format!("\n<{subject}>"));
            for (i, (p, o)) in list.iter().enumerate() {
                let sep = if i == 0 { "\n    " } else { " ;\n    " };
                let predicate = if *p == "rdf:type" { "a" } else { p };
                let object = match o {
                    Term::Iri(i) => format!("<{}>", iri(i)),
                    Term::Name(n) => (*n).to_owned(),
                    Term::Text(t) => format!("{}@de", literal(t)),
                    Term::Str(t) => literal(t),
                    Term::Typed(t, ty) => format!("{}^^{ty}", literal(t)),
                };
                out.push_str(&format!("{sep}{predicate} {object}"));
            }
            out.push_str(" .\n");
        }
        out
    }

    pub fn json_ld(&self) -> Value {
        let context: Map<String, Value> = PREFIXES
            .iter()
            .map(|(p, ns)| ((*p).to_owned(), Value::String((*ns).to_owned())))
            .collect();
        let mut nodes = Vec::new();
        for (subject, list) in self.subjects() {
            let mut node = Map::new();
            node.insert("@id".to_owned(), json!(subject));
            for (p, o) in list {
                let value = match o {
                    Term::Name(n) if p == "rdf:type" => json!(n),
                    Term::Iri(i) => json!({"@id": iri(i)}),
                    Term::Name(n) => json!({"@id": n}),
                    Term::Text(t) => json!({"@value": t, "@language": "de"}),
                    Term::Str(t) => json!(t),
                    Term::Typed(t, ty) => json!({"@value": t, "@type": ty}),
                };
                let key = if p == "rdf:type" { "@type" } else { p };
                match node.get_mut(key) {
                    Some(Value::Array(values)) => values.push(value),
                    _ => {
                        node.insert(key.to_owned(), Value::Array(vec![value]));
                    }
                }
            }
            nodes.push(Value::Object(node));
        }
        json!({"@context": Value::Object(context), "@graph": nodes})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_iris_are_escaped_for_turtle() {
        let mut g = Graph::default();
        g.add(
            "https://x.test/a b",
            "dct:title",
            Term::Text("Rat \"Nord\"\nneu".into()),
        );
        let ttl = g.turtle();
        assert!(ttl.contains("<https://x.test/a%20b>"), "{ttl}");
        assert!(
            ttl.contains("dct:title \"Rat \\\"Nord\\\"\\nneu\"@de ."),
            "{ttl}"
        );
    }
}
