//! `/catalog`: a DCAT-AP.de catalogue of what this instance publishes, for open-data
//! portals (GovData and the state and city portals harvest DCAT-AP.de). One dataset per
//! body with its distributions: the OParl API (with the API as a `dcat:DataService`),
//! a whole-list CSV per list, and each file of the bulk dump with size and SHA-256.
//! JSON-LD by default, Turtle on `Accept: text/turtle`; anything else is a 406.

pub mod rdf;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, route, web};

use self::rdf::{Graph, Term};
use crate::api::AppState;
use crate::api::error::ApiError;
use crate::oparl::ObjectType;
use crate::oparl::model::Error as ErrorBody;
use crate::oparl::time::format_micros;
use crate::store::read::{Cursor, ListFilter, Scope};
use crate::store::rows::BodyRow;

/// The DCAT-AP.de licence URI of a licence URL, where it has one.
pub fn dcatde_license(url: &str) -> Option<&'static str> {
    let u = url.trim_end_matches('/').to_ascii_lowercase();
    let u = u
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.");
    Some(match u {
        "creativecommons.org/licenses/by/4.0" | "dcat-ap.de/def/licenses/cc-by/4.0" => {
            "http://dcat-ap.de/def/licenses/cc-by/4.0"
        }
        "creativecommons.org/licenses/by-sa/4.0" | "dcat-ap.de/def/licenses/cc-by-sa/4.0" => {
            "http://dcat-ap.de/def/licenses/cc-by-sa/4.0"
        }
        "creativecommons.org/publicdomain/zero/1.0" | "dcat-ap.de/def/licenses/cc-zero" => {
            "http://dcat-ap.de/def/licenses/cc-zero"
        }
        "govdata.de/dl-de/by-2-0" | "dcat-ap.de/def/licenses/dl-by-de/2.0" => {
            "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
        }
        "govdata.de/dl-de/zero-2-0" | "dcat-ap.de/def/licenses/dl-zero-de/2.0" => {
            "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"
        }
        "opendatacommons.org/licenses/odbl/1.0" | "dcat-ap.de/def/licenses/odbl" => {
            "http://dcat-ap.de/def/licenses/odbl"
        }
        _ => return None,
    })
}

const FILE_TYPE: &str = "http://publications.europa.eu/resource/authority/file-type/";
const MEDIA_TYPE: &str = "https://www.iana.org/assignments/media-types/";

/// How the client wants the catalogue: JSON-LD or Turtle.
fn negotiate(req: &HttpRequest) -> Result<bool, ApiError> {
    let (accept, ranges) = crate::api::accept_ranges(req).unwrap_or(("*/*", vec!["*/*"]));
    let any = |types: &[&str]| ranges.iter().any(|r| types.contains(r));
    if any(&["text/turtle"]) {
        return Ok(true);
    }
    if any(&[
        "application/ld+json",
        "application/json",
        "application/*",
        "*/*",
    ]) {
        return Ok(false);
    }
    Err(ApiError::NotAcceptable {
        detail: "The catalogue is offered as application/ld+json and text/turtle.".to_owned(),
        debug: format!("Accept: {accept}"),
    })
}

/// Files of the bulk dump, from its manifest (when one is served).
fn dump_files(state: &AppState) -> Option<(String, Vec<serde_json::Value>)> {
    let dir = state.dump_dir.as_ref()?;
    let text = std::fs::read(dir.join("manifest.json")).ok()?;
    let manifest: serde_json::Value = serde_json::from_slice(&text).ok()?;
    let generated = manifest["generated"].as_str()?.to_owned();
    Some((
        generated,
        manifest["files"].as_array().cloned().unwrap_or_default(),
    ))
}

async fn build(state: &AppState) -> Result<Graph, ApiError> {
    let urls = &state.urls;
    let base = urls.base();
    let catalog_url = format!("{base}/catalog");
    let license = state.system.license.clone();
    let license_term = Term::Iri(dcatde_license(&license).unwrap_or(&license).to_owned());
    let attribution = format!("{} (ratsinfo)", state.system.name);
    let mut g = Graph::default();
    let bodies = state
        .store
        .list::<BodyRow>(
            ObjectType::Body,
            Scope::AllBodies,
            &ListFilter::default(),
            Cursor::Start,
            1000,
            false,
        )
        .await?
        .rows;
    let system = state.store.system().await?;
    let publisher = format!("{catalog_url}#publisher");
    let service = format!("{catalog_url}#oparl");
    g.add(&catalog_url, "rdf:type", Term::Name("dcat:Catalog"))
        .add(&catalog_url, "dct:title", Term::Text(format!("{}: Ratsinformationen als offene Daten", state.system.name)))
        .add(&catalog_url, "dct:description", Term::Text(
            "Gremien, Sitzungen, Tagesordnungen, Drucksachen, Beschlüsse und Abstimmungen, über eine OParl-1.1-Schnittstelle, als CSV und als Gesamtabzug.".to_owned(),
        ))
        .add(&catalog_url, "dct:publisher", Term::Iri(publisher.clone()))
        .add(&catalog_url, "foaf:homepage", Term::Iri(format!("{base}/")))
        .add(&catalog_url, "dct:language", Term::Iri("http://publications.europa.eu/resource/authority/language/DEU".to_owned()))
        .add(&catalog_url, "dct:license", license_term.clone())
        .add(&catalog_url, "dct:modified", Term::Typed(format_micros(system.modified.max(system.created)), "xsd:dateTime"))
        .add(&catalog_url, "dcat:service", Term::Iri(service.clone()));
    g.add(&publisher, "rdf:type", Term::Name("foaf:Organization"))
        .add(
            &publisher,
            "foaf:name",
            Term::Str(state.system.name.clone()),
        );
    if let Some(site) = &state.system.website {
        g.add(&publisher, "foaf:homepage", Term::Iri(site.clone()));
    }
    g.add(&service, "rdf:type", Term::Name("dcat:DataService"))
        .add(
            &service,
            "dct:title",
            Term::Text("OParl-1.1-Schnittstelle".to_owned()),
        )
        .add(&service, "dcat:endpointURL", Term::Iri(urls.system()))
        .add(
            &service,
            "dcat:endpointDescription",
            Term::Iri(format!("{base}/openapi.json")),
        )
        .add(
            &service,
            "dct:conformsTo",
            Term::Iri("https://schema.oparl.org/1.1/".to_owned()),
        )
        .add(&service, "dct:license", license_term.clone());
    let dumps = dump_files(state);
    for body in bodies {
        let id = body.id;
        let name = body
            .name
            .clone()
            .unwrap_or_else(|| format!("Körperschaft {id}"));
        let dataset = format!("{catalog_url}/bodies/{id}");
        g.add(&catalog_url, "dcat:dataset", Term::Iri(dataset.clone()));
        g.add(&service, "dcat:servesDataset", Term::Iri(dataset.clone()));
        let body_publisher = format!("{dataset}#publisher");
        let contact = format!("{dataset}#contact");
        g.add(&dataset, "rdf:type", Term::Name("dcat:Dataset"))
            .add(&dataset, "dct:title", Term::Text(format!("Ratsinformationen {name}")))
            .add(&dataset, "dct:description", Term::Text(format!(
                "Gremien, Personen, Sitzungen, Tagesordnungen, Drucksachen, Beschlüsse und Abstimmungen von {name} (OParl 1.1)."
            )))
            .add(&dataset, "dct:identifier", Term::Str(urls.object(ObjectType::Body, id)))
            .add(&dataset, "dct:publisher", Term::Iri(body_publisher.clone()))
            .add(&dataset, "dcat:contactPoint", Term::Iri(contact.clone()))
            .add(&dataset, "dcat:landingPage", Term::Iri(format!("{base}/")))
            .add(&dataset, "dcat:theme", Term::Iri("http://publications.europa.eu/resource/authority/data-theme/GOVE".to_owned()))
            .add(&dataset, "dct:accrualPeriodicity", Term::Iri("http://publications.europa.eu/resource/authority/frequency/IRREG".to_owned()))
            .add(&dataset, "dct:issued", Term::Typed(format_micros(body.created), "xsd:dateTime"))
            .add(&dataset, "dct:license", license_term.clone());
        for keyword in [
            "Ratsinformationssystem",
            "OParl",
            "Sitzungen",
            "Drucksachen",
            "Beschlüsse",
            "Abstimmungen",
        ] {
            g.add(&dataset, "dcat:keyword", Term::Text(keyword.to_owned()));
        }
        g.add(&body_publisher, "rdf:type", Term::Name("foaf:Organization"))
            .add(&body_publisher, "foaf:name", Term::Str(name.clone()));
        if let Some(site) = &body.website {
            g.add(&body_publisher, "foaf:homepage", Term::Iri(site.clone()));
        }
        g.add(&contact, "rdf:type", Term::Name("vcard:Organization"))
            .add(
                &contact,
                "vcard:fn",
                Term::Str(
                    body.contact_name
                        .clone()
                        .or(state.system.contact_name.clone())
                        .unwrap_or_else(|| name.clone()),
                ),
            );
        if let Some(mail) = body
            .contact_email
            .clone()
            .or(state.system.contact_email.clone())
        {
            g.add(
                &contact,
                "vcard:hasEmail",
                Term::Iri(format!("mailto:{mail}")),
            );
        }
        // The political geocoding of German open data: the Regionalschlüssel.
        if let Some(rgs) = body
            .rgs
            .as_deref()
            .filter(|r| r.len() == 12 && r.bytes().all(|b| b.is_ascii_digit()))
        {
            let place = format!("http://dcat-ap.de/def/politicalGeocoding/regionalKey/{rgs}");
            g.add(&dataset, "dct:spatial", Term::Iri(place.clone()))
                .add(&dataset, "dcatde:politicalGeocodingURI", Term::Iri(place))
                .add(
                    &dataset,
                    "dcatde:politicalGeocodingLevelURI",
                    Term::Iri(
                        "http://dcat-ap.de/def/politicalGeocoding/Level/municipality".to_owned(),
                    ),
                );
        }
        if let Some(ags) = body.ags.as_deref().filter(|a| a.len() == 8) {
            g.add(
                &dataset,
                "dcatde:politicalGeocodingURI",
                Term::Iri(format!(
                    "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{ags}"
                )),
            );
        }
        let (first, last) = state.store.meeting_span(id).await?;
        if let (Some(first), Some(last)) = (first, last) {
            let period = format!("{dataset}#temporal");
            g.add(&dataset, "dct:temporal", Term::Iri(period.clone()))
                .add(&period, "rdf:type", Term::Name("dct:PeriodOfTime"))
                .add(
                    &period,
                    "dcat:startDate",
                    Term::Typed(first.chars().take(10).collect(), "xsd:date"),
                )
                .add(
                    &period,
                    "dcat:endDate",
                    Term::Typed(last.chars().take(10).collect(), "xsd:date"),
                );
        }
        let mut modified = body.modified;
        for ty in [
            ObjectType::Meeting,
            ObjectType::Paper,
            ObjectType::Person,
            ObjectType::Organization,
        ] {
            if let Some(m) = state.store.last_modified(ty, Scope::Body(id)).await? {
                modified = modified.max(m);
            }
        }
        g.add(
            &dataset,
            "dct:modified",
            Term::Typed(format_micros(modified), "xsd:dateTime"),
        );
        let distribution = |g: &mut Graph,
                            key: &str,
                            title: String,
                            access: String,
                            format: &str,
                            media: &str|
         -> String {
            let d = format!("{dataset}#{key}");
            g.add(&dataset, "dcat:distribution", Term::Iri(d.clone()))
                .add(&d, "rdf:type", Term::Name("dcat:Distribution"))
                .add(&d, "dct:title", Term::Text(title))
                .add(&d, "dcat:accessURL", Term::Iri(access))
                .add(&d, "dct:format", Term::Iri(format!("{FILE_TYPE}{format}")))
                .add(
                    &d,
                    "dcat:mediaType",
                    Term::Iri(format!("{MEDIA_TYPE}{media}")),
                )
                .add(&d, "dct:license", license_term.clone())
                .add(
                    &d,
                    "dcatde:licenseAttributionByText",
                    Term::Str(attribution.clone()),
                );
            d
        };
        let api = distribution(
            &mut g,
            "oparl",
            "OParl-1.1-Schnittstelle".to_owned(),
            urls.object(ObjectType::Body, id),
            "JSON",
            "application/json",
        );
        g.add(&api, "dcat:accessService", Term::Iri(service.clone()))
            .add(
                &api,
                "dct:conformsTo",
                Term::Iri("https://schema.oparl.org/1.1/".to_owned()),
            );
        for ty in [
            ObjectType::Paper,
            ObjectType::Meeting,
            ObjectType::AgendaItem,
            ObjectType::Person,
            ObjectType::Organization,
            ObjectType::Membership,
            ObjectType::Consultation,
        ] {
            let list = urls.body_list_of(id, ty);
            let csv = format!("{list}?format=csv&all=true");
            let d = distribution(
                &mut g,
                &format!("csv-{}", ty.segment()),
                format!("{} als CSV", german_list(ty)),
                csv.clone(),
                "CSV",
                "text/csv",
            );
            g.add(&d, "dcat:downloadURL", Term::Iri(csv)).add(
                &d,
                "dct:conformsTo",
                Term::Iri(format!("{list}.csv-metadata.json")),
            );
        }
        if let Some((generated, files)) = &dumps {
            for file in files {
                let Some(path) = file["path"].as_str() else {
                    continue;
                };
                if !path.starts_with(&format!("{id}/")) {
                    continue;
                }
                let (format, media) = match file["mediaType"].as_str() {
                    Some("text/csv") => ("CSV", "text/csv"),
                    Some("application/vnd.sqlite3") => ("BIN", "application/vnd.sqlite3"),
                    _ => ("JSON", "application/json"),
                };
                let url = format!("{base}/dumps/{path}");
                let d = distribution(
                    &mut g,
                    &format!("dump-{}", path.replace('/', "-")),
                    format!("Gesamtabzug: {path}"),
                    url.clone(),
                    format,
                    media,
                );
                g.add(&d, "dcat:downloadURL", Term::Iri(url)).add(
                    &d,
                    "dct:modified",
                    Term::Typed(generated.clone(), "xsd:dateTime"),
                );
                if path.ends_with(".gz") {
                    g.add(
                        &d,
                        "dcat:compressFormat",
                        Term::Iri(format!("{MEDIA_TYPE}application/gzip")),
                    );
                }
                if let Some(bytes) = file["bytes"].as_u64() {
                    g.add(
                        &d,
                        "dcat:byteSize",
                        Term::Typed(bytes.to_string(), "xsd:nonNegativeInteger"),
                    );
                }
                if let Some(sha) = file["sha256"].as_str() {
                    let checksum = format!("{d}-checksum");
                    g.add(&d, "spdx:checksum", Term::Iri(checksum.clone()))
                        .add(&checksum, "rdf:type", Term::Name("spdx:Checksum"))
                        .add(
                            &checksum,
                            "spdx:algorithm",
                            Term::Name("spdx:checksumAlgorithm_sha256"),
                        )
                        .add(
                            &checksum,
                            "spdx:checksumValue",
                            Term::Typed(sha.to_owned(), "xsd:hexBinary"),
                        );
                }
            }
        }
    }
    Ok(g)
}

fn german_list(ty: ObjectType) -> &'static str {
    match ty {
        ObjectType::Paper => "Drucksachen",
        ObjectType::Meeting => "Sitzungen",
        ObjectType::AgendaItem => "Tagesordnungspunkte",
        ObjectType::Person => "Personen",
        ObjectType::Organization => "Gremien und Fraktionen",
        ObjectType::Membership => "Mitgliedschaften",
        ObjectType::Consultation => "Beratungen",
        _ => "Objekte",
    }
}

/// The DCAT-AP.de catalogue of this instance: JSON-LD, or Turtle with `Accept: text/turtle`.
#[utoipa::path(
    get,
    path = "/catalog",
    tag = "Catalogue",
    responses(
        (status = 200, description = "A DCAT-AP.de catalogue: one dataset per body with the OParl API, CSV lists and dump files as distributions", content((Object = "application/ld+json"), (String = "text/turtle"))),
        (status = 406, description = "Neither JSON-LD nor Turtle is acceptable", body = ErrorBody, content_type = "application/json")
    )
)]
#[route("/catalog", method = "GET", method = "HEAD")]
pub async fn catalog(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let turtle = negotiate(&req)?;
    let graph = build(&state).await?;
    let mut response = HttpResponse::Ok();
    response.insert_header((header::VARY, HeaderValue::from_static("Accept")));
    if turtle {
        response.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/turtle; charset=utf-8"),
        ));
        return Ok(response.body(graph.turtle()));
    }
    response.insert_header((
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/ld+json"),
    ));
    let body = serde_json::to_vec(&graph.json_ld()).map_err(|e| ApiError::Render(e.to_string()))?;
    Ok(response.body(body))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(catalog);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licence_urls_map_to_dcatde_uris() {
        assert_eq!(
            dcatde_license("https://creativecommons.org/licenses/by/4.0/"),
            Some("http://dcat-ap.de/def/licenses/cc-by/4.0")
        );
        assert_eq!(
            dcatde_license("https://www.govdata.de/dl-de/by-2-0"),
            Some("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
        );
        assert_eq!(dcatde_license("https://example.org/my-licence"), None);
    }
}
