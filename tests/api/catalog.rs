//! The DCAT-AP.de catalogue on both backends, read with the Oxigraph project's RDF
//! parsers (oxjsonld, oxttl): JSON-LD and Turtle state the same triples, and the
//! mandatory and recommended properties of DCAT-AP.de are present and resolve.

use std::collections::{BTreeMap, BTreeSet};

use actix_web::http::Method;

use crate::helpers::{BASE, Backend, TestApp};
use crate::on_both_backends;
use ratsinfo::export::dump::{DumpOptions, dump};

/// Triples as (subject, predicate, object) in N-Triples spelling.
type Triples = BTreeSet<(String, String, String)>;

fn from_turtle(body: &[u8]) -> Triples {
    oxttl::TurtleParser::new()
        .for_slice(body)
        .map(|t| {
            let t = t.expect("valid Turtle");
            (
                t.subject.to_string(),
                t.predicate.to_string(),
                t.object.to_string(),
            )
        })
        .collect()
}

fn from_json_ld(body: &[u8]) -> Triples {
    oxjsonld::JsonLdParser::new()
        .for_slice(body)
        .map(|q| {
            let q = q.expect("valid JSON-LD");
            (
                q.subject.to_string(),
                q.predicate.to_string(),
                q.object.to_string(),
            )
        })
        .collect()
}

const RDF_TYPE: &str = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";

fn iri(s: &str) -> String {
    format!("<{s}>")
}

fn term(prefixed: &str) -> String {
    let (prefix, local) = prefixed.split_once(':').expect("prefixed name");
    let ns = match prefix {
        "dcat" => "http://www.w3.org/ns/dcat#",
        "dct" => "http://purl.org/dc/terms/",
        "dcatde" => "http://dcat-ap.de/def/dcatde/",
        "foaf" => "http://xmlns.com/foaf/0.1/",
        "vcard" => "http://www.w3.org/2006/vcard/ns#",
        "spdx" => "http://spdx.org/rdf/terms#",
        _ => panic!("unknown prefix {prefix}"),
    };
    format!("<{ns}{local}>")
}

struct Rdf(Triples);

impl Rdf {
    fn of_type(&self, class: &str) -> Vec<String> {
        let class = term(class);
        self.0
            .iter()
            .filter(|(_, p, o)| p == RDF_TYPE && *o == class)
            .map(|(s, _, _)| s.clone())
            .collect()
    }

    fn values(&self, subject: &str, predicate: &str) -> Vec<String> {
        let p = term(predicate);
        self.0
            .iter()
            .filter(|(s, pr, _)| s == subject && *pr == p)
            .map(|(_, _, o)| o.clone())
            .collect()
    }

    fn require(&self, subject: &str, predicates: &[&str]) {
        for p in predicates {
            assert!(!self.values(subject, p).is_empty(), "{subject} has no {p}");
        }
    }
}

/// The path of an IRI term of this instance.
fn local(term: &str) -> String {
    term.trim_start_matches('<')
        .trim_end_matches('>')
        .strip_prefix(BASE)
        .unwrap_or(term)
        .to_owned()
}

async fn the_catalogue_meets_dcat_ap_de_in_json_ld_and_turtle(backend: Backend) {
    let app = TestApp::with_demo(backend).await;
    let root = std::env::temp_dir().join(format!(
        "ratsinfo-catalog-{}-{}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    ));
    let out = root.join("latest");
    let manifest = dump(
        app.store(),
        &DumpOptions {
            out: out.clone(),
            public_url: BASE.to_owned(),
            license: "https://creativecommons.org/licenses/by/4.0/".to_owned(),
        },
        |_, _| {},
    )
    .await
    .expect("dump");
    let app = app.reopen_with(|s| s.dump_dir = Some(out.clone())).await;
    let json = app.get("/catalog").await;
    assert_eq!(json.status, 200);
    assert_eq!(json.header("content-type"), Some("application/ld+json"));
    let ttl = app
        .request_with(Method::GET, "/catalog", &[("accept", "text/turtle")])
        .await;
    assert_eq!(
        ttl.header("content-type"),
        Some("text/turtle; charset=utf-8")
    );
    assert!(ttl.header("vary").is_some_and(|v| v.contains("Accept")));
    let triples = from_json_ld(&json.body);
    assert_eq!(
        triples,
        from_turtle(&ttl.body),
        "both serialisations state the same triples"
    );
    let rdf = Rdf(triples);
    // Catalogue: title, description, exactly one publisher, datasets.
    let catalogs = rdf.of_type("dcat:Catalog");
    assert_eq!(catalogs, vec![iri(&format!("{BASE}/catalog"))]);
    let catalog = &catalogs[0];
    rdf.require(
        catalog,
        &[
            "dct:title",
            "dct:description",
            "dct:publisher",
            "dcat:dataset",
            "dct:license",
        ],
    );
    assert_eq!(rdf.values(catalog, "dct:publisher").len(), 1);
    for agent in rdf.values(catalog, "dct:publisher") {
        rdf.require(&agent, &["foaf:name"]);
    }
    // Datasets: one per body, with DCAT-AP.de's recommended properties.
    let datasets = rdf.of_type("dcat:Dataset");
    assert_eq!(datasets.len(), 1);
    let dataset = &datasets[0];
    rdf.require(
        dataset,
        &[
            "dct:title",
            "dct:description",
            "dct:publisher",
            "dcat:contactPoint",
            "dcat:distribution",
            "dcat:keyword",
            "dcat:theme",
            "dct:spatial",
            "dct:temporal",
            "dct:accrualPeriodicity",
            "dct:modified",
            "dcatde:politicalGeocodingURI",
            "dcatde:politicalGeocodingLevelURI",
        ],
    );
    assert!(
        rdf.values(dataset, "dcatde:politicalGeocodingURI")
            .contains(&iri(
                "http://dcat-ap.de/def/politicalGeocoding/regionalKey/057110000000"
            ))
    );
    let period = &rdf.values(dataset, "dct:temporal")[0];
    assert_eq!(
        rdf.values(period, "dcat:startDate"),
        vec!["\"2021-05-04\"^^<http://www.w3.org/2001/XMLSchema#date>".to_owned()]
    );
    for contact in rdf.values(dataset, "dcat:contactPoint") {
        rdf.require(&contact, &["vcard:fn"]);
    }
    // Distributions: access URL and a DCAT-AP.de licence each; every URL resolves.
    let distributions = rdf.values(dataset, "dcat:distribution");
    let sizes: BTreeMap<String, (u64, String)> = manifest
        .files
        .iter()
        .map(|f| (format!("/dumps/{}", f.path), (f.bytes, f.sha256.clone())))
        .collect();
    let mut dump_files = 0;
    for d in &distributions {
        rdf.require(
            d,
            &["dcat:accessURL", "dct:license", "dct:format", "dct:title"],
        );
        assert_eq!(
            rdf.values(d, "dct:license"),
            vec![iri("http://dcat-ap.de/def/licenses/cc-by/4.0")]
        );
        let access = local(&rdf.values(d, "dcat:accessURL")[0]);
        let resp = app.get(&access).await;
        assert_eq!(resp.status, 200, "{access}");
        if let Some((bytes, sha)) = sizes.get(&access) {
            dump_files += 1;
            assert_eq!(resp.body.len() as u64, *bytes, "{access}");
            assert_eq!(
                rdf.values(d, "dcat:byteSize"),
                vec![format!(
                    "\"{bytes}\"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>"
                )]
            );
            let checksum = &rdf.values(d, "spdx:checksum")[0];
            assert_eq!(
                rdf.values(checksum, "spdx:checksumValue"),
                vec![format!(
                    "\"{sha}\"^^<http://www.w3.org/2001/XMLSchema#hexBinary>"
                )]
            );
            assert_eq!(
                rdf.values(checksum, "spdx:algorithm"),
                vec![term("spdx:checksumAlgorithm_sha256")]
            );
        }
    }
    assert_eq!(
        dump_files,
        manifest.files.len(),
        "every dump file is a distribution"
    );
    // The API as a data service.
    let services = rdf.of_type("dcat:DataService");
    assert_eq!(services.len(), 1);
    rdf.require(
        &services[0],
        &["dct:title", "dcat:endpointURL", "dcat:servesDataset"],
    );
    assert_eq!(
        rdf.values(&services[0], "dcat:endpointURL"),
        vec![iri(&format!("{BASE}/oparl/v1.1/system"))]
    );
    // What cannot be negotiated is a 406 problem.
    let refused = app
        .request_with(
            Method::GET,
            "/catalog",
            &[("accept", "application/rdf+xml")],
        )
        .await;
    assert_eq!(refused.status, 406);
    assert_eq!(refused.json()["status"], 406);
    app.cleanup().await;
    let _ = std::fs::remove_dir_all(&root);
}

on_both_backends!(the_catalogue_meets_dcat_ap_de_in_json_ld_and_turtle);
