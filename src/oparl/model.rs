//! The OParl 1.1 wire format: one struct per object type, serialised exactly as the
//! specification demands (no `null`, no empty optional arrays, vendor extensions under
//! `ratsinfo:`) and deserialised leniently from foreign OParl JSON.
//!
//! Every property is optional in the struct; the renderer fills the mandatory ones for
//! live objects, and a tombstone is the `Default` value plus `id`, `type`, `created`,
//! `modified` and `deleted`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Declares an OParl object struct with the properties common to all types.
macro_rules! oparl_object {
    ($(#[$meta:meta])* $name:ident { $($body:tt)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
        #[serde(rename_all = "camelCase")]
        pub struct $name {
            /// Canonical URL of the object.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub id: Option<String>,
            /// OParl type URI, `https://schema.oparl.org/1.1/<Type>`.
            #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
            pub type_: Option<String>,
            $($body)*
            /// Licence URL of this object's data.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub license: Option<String>,
            /// Free keywords.
            #[serde(default, skip_serializing_if = "Vec::is_empty")]
            pub keyword: Vec<String>,
            /// HTML view of the object.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub web: Option<String>,
            /// Creation time, `yyyy-mm-ddThh:mm:ss+hh:mm`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #[schema(example = "2021-05-10T09:00:00+00:00")]
            pub created: Option<String>,
            /// Time of the last change, `yyyy-mm-ddThh:mm:ss+hh:mm`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #[schema(example = "2021-05-10T09:00:00+00:00")]
            pub modified: Option<String>,
            /// Present and `true` only on deleted objects (tombstones).
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub deleted: Option<bool>,
            /// The URL of this object on the system it was imported from.
            #[serde(rename = "ratsinfo:originalId", default, skip_serializing_if = "Option::is_none")]
            pub original_id: Option<String>,
            /// Provenance: where ratsinfo took this object from.
            #[serde(rename = "ratsinfo:source", default, skip_serializing_if = "Option::is_none")]
            #[schema(value_type = Option<Object>)]
            pub source: Option<serde_json::Value>,
        }
    };
}

/// The harvest state of a mirrored Body (`ratsinfo:sync`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SyncState {
    /// The System (or Body) URL harvested.
    pub source: String,
    /// Start of the last completed full harvest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_full_sync: Option<String>,
    /// Start of the last completed harvest of either kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_sync: Option<String>,
    /// Defects of the source met by the last run (all kinds together); details at
    /// `/api/v1/sources`.
    #[serde(default)]
    pub defects: u64,
}

/// The entry point of the OParl API.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct System {
    pub id: String,
    #[serde(rename = "type")]
    pub type_: String,
    /// Always `https://schema.oparl.org/1.1/`.
    pub oparl_version: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_oparl_versions: Vec<String>,
    /// URL of the paginated Body list.
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub web: Option<String>,
    pub created: String,
    pub modified: String,
}

oparl_object! {
    /// A Körperschaft: city, municipality or county.
    Body {
        /// How current the mirror is, for a Body harvested from another system.
        #[serde(rename = "ratsinfo:sync", default, skip_serializing_if = "Option::is_none")]
        pub sync: Option<SyncState>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub system: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "Stadt Bielefeld")]
        pub name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub short_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub website: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub license_valid_since: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub oparl_since: Option<String>,
        /// Amtlicher Gemeindeschlüssel, 8 digits.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "05711000")]
        pub ags: Option<String>,
        /// Regionalschlüssel, 12 digits.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub rgs: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub equivalent: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub contact_email: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub contact_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub organization: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub person: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub meeting: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub paper: Option<String>,
        /// All legislative terms (mandatory, may be empty; left out with `omit_internal`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub legislative_term: Option<Vec<LegislativeTerm>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub agenda_item: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub consultation: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub file: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub location_list: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub legislative_term_list: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub membership: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "Kreisfreie Stadt")]
        pub classification: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub location: Option<Location>,
    }
}

oparl_object! {
    /// A Wahlperiode.
    LegislativeTerm {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub body: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "Wahlperiode 2020–2025")]
        pub name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "2020-11-01")]
        pub start_date: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub end_date: Option<String>,
    }
}

oparl_object! {
    /// A committee, faction, party or administrative unit.
    Organization {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub body: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "Digitalisierungsausschuss")]
        pub name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub short_name: Option<String>,
        /// URLs of the memberships in this organization.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub membership: Vec<String>,
        /// URL of the list of this organization's meetings.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub meeting: Option<String>,
        /// URL of the list of this organization's consultations.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub consultation: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub post: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sub_organization_of: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "Gremium")]
        pub organization_type: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "Ausschuss")]
        pub classification: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub start_date: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub end_date: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub website: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub location: Option<Location>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub external_body: Option<String>,
    }
}

oparl_object! {
    /// A person: council member, staff, citizen member.
    Person {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub body: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "Bernd Vollmer")]
        pub name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub family_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub given_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "Herr")]
        pub form_of_address: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub affix: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub title: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub gender: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub phone: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub email: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub location: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub location_object: Option<Location>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub status: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub membership: Vec<Membership>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub life: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub life_source: Option<String>,
    }
}

oparl_object! {
    /// A person's membership in an organization.
    Membership {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub person: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub organization: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "Vorsitzender")]
        pub role: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub voting_right: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub start_date: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub end_date: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub on_behalf_of: Option<String>,
    }
}

oparl_object! {
    /// A Sitzung.
    Meeting {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "durchgeführt")]
        pub meeting_state: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub cancelled: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "2021-05-04T17:00:00+02:00")]
        pub start: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub end: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub location: Option<Location>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub organization: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub participant: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub invitation: Option<File>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub results_protocol: Option<File>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub verbatim_protocol: Option<File>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub auxiliary_file: Vec<File>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub agenda_item: Vec<AgendaItem>,
    }
}

oparl_object! {
    /// A Tagesordnungspunkt.
    AgendaItem {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub meeting: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "3.2")]
        pub number: Option<String>,
        /// 0-based position within the meeting's agenda.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub order: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub public: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub consultation: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "einstimmig beschlossen")]
        pub result: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub resolution_text: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub resolution_file: Option<File>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub auxiliary_file: Vec<File>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub start: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub end: Option<String>,
        /// Texts of the item from the minutes: the question of an Anfrage, the answer of
        /// the administration, follow-up questions and who asked them, motion texts.
        #[serde(rename = "ratsinfo:text", default, skip_serializing_if = "Vec::is_empty")]
        pub texts: Vec<ItemText>,
        /// URL of the decision taken under this item (native API).
        #[serde(rename = "ratsinfo:voteEvent", default, skip_serializing_if = "Option::is_none")]
        pub vote_event: Option<String>,
        /// Summary of that decision.
        #[serde(rename = "ratsinfo:vote", default, skip_serializing_if = "Option::is_none")]
        pub vote: Option<VoteSummary>,
    }
}

/// The decision on an agenda item in brief; counts appear only where the minutes state them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct VoteSummary {
    #[schema(example = "adopted")]
    pub outcome: String,
    #[schema(example = "unanimous")]
    pub method: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub yes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abstain: Option<i64>,
}

/// One text of an agenda item, as the minutes give it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ItemText {
    /// `question`, `answer`, `followUpQuestion`, `motion` or `communication`.
    #[schema(example = "answer")]
    pub kind: String,
    /// Who asked or answered, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "Verwaltung")]
    pub by: Option<String>,
    pub text: String,
}

oparl_object! {
    /// A Drucksache (Vorlage, Antrag, Anfrage, ...).
    Paper {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub body: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "1387/2020-2025")]
        pub reference: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub date: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "Anfrage")]
        pub paper_type: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub related_paper: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub superordinated_paper: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub subordinated_paper: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub main_file: Option<File>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub auxiliary_file: Vec<File>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub location: Vec<Location>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub originator_person: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub under_direction_of: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub originator_organization: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub consultation: Vec<Consultation>,
    }
}

oparl_object! {
    /// A Beratung of a paper in a meeting.
    Consultation {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub paper: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub agenda_item: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub meeting: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub organization: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub authoritative: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "Beschlussfassung")]
        pub role: Option<String>,
    }
}

oparl_object! {
    /// A document (PDF, text, ...).
    File {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub file_name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(example = "application/pdf")]
        pub mime_type: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub date: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub size: Option<i64>,
        /// Deprecated in OParl 1.1; kept when a source provides it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sha1_checksum: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sha512_checksum: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub text: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub access_url: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub download_url: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub external_service_url: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub master_file: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub derivative_file: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub file_license: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub meeting: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub agenda_item: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub paper: Vec<String>,
    }
}

oparl_object! {
    /// An address or place.
    Location {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub description: Option<String>,
        /// A GeoJSON Feature, coordinates as [longitude, latitude].
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(value_type = Option<Object>)]
        pub geojson: Option<serde_json::Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub street_address: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub room: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub postal_code: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub sub_locality: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub locality: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub bodies: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub organizations: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub persons: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub meetings: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub papers: Vec<String>,
    }
}

/// One page of an external list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Page<T> {
    pub data: Vec<T>,
    pub pagination: Pagination,
    pub links: Links,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    /// Number of objects in the whole list (with the filters applied).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_elements: Option<i64>,
    /// The page size: the same on every page but the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elements_per_page: Option<i64>,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Links {
    pub first: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
    #[serde(rename = "self")]
    pub self_: String,
    /// Present on every page but the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

/// An OParl Error object that is also an RFC 9457 problem details object.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Error {
    /// `https://schema.oparl.org/1.1/Error`
    #[serde(rename = "type")]
    #[schema(example = "https://schema.oparl.org/1.1/Error")]
    pub type_: String,
    /// Short summary of the problem kind.
    #[schema(example = "Not Found")]
    pub title: String,
    /// HTTP status code.
    #[schema(example = 404)]
    pub status: u16,
    /// What went wrong with this request.
    #[schema(example = "There is no paper with id 42.")]
    pub detail: String,
    /// OParl: message for end users.
    #[schema(example = "There is no paper with id 42.")]
    pub message: String,
    /// OParl: technical detail.
    #[schema(example = "GET /oparl/v1.1/papers/42")]
    pub debug: String,
}
