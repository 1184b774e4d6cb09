//! OParl 1.1: the object types, their wire format and the date formats.

pub mod model;
pub mod time;

/// The OParl namespace; type URIs are this plus the type name.
pub const NAMESPACE: &str = "https://schema.oparl.org/1.1/";
pub const ERROR_TYPE: &str = "https://schema.oparl.org/1.1/Error";

/// The eleven stored OParl object types (System is served from configuration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectType {
    Body,
    LegislativeTerm,
    Organization,
    Person,
    Membership,
    Meeting,
    AgendaItem,
    Paper,
    Consultation,
    File,
    Location,
}

impl ObjectType {
    pub const ALL: [ObjectType; 11] = [
        ObjectType::Body,
        ObjectType::LegislativeTerm,
        ObjectType::Organization,
        ObjectType::Person,
        ObjectType::Membership,
        ObjectType::Meeting,
        ObjectType::AgendaItem,
        ObjectType::Paper,
        ObjectType::Consultation,
        ObjectType::File,
        ObjectType::Location,
    ];

    /// The OParl type name, e.g. `AgendaItem`.
    pub fn name(self) -> &'static str {
        match self {
            ObjectType::Body => "Body",
            ObjectType::LegislativeTerm => "LegislativeTerm",
            ObjectType::Organization => "Organization",
            ObjectType::Person => "Person",
            ObjectType::Membership => "Membership",
            ObjectType::Meeting => "Meeting",
            ObjectType::AgendaItem => "AgendaItem",
            ObjectType::Paper => "Paper",
            ObjectType::Consultation => "Consultation",
            ObjectType::File => "File",
            ObjectType::Location => "Location",
        }
    }

    /// The full type URI, e.g. `https://schema.oparl.org/1.1/Paper`.
    pub fn uri(self) -> String {
        format!("{NAMESPACE}{}", self.name())
    }

    /// Accepts the 1.1 and the 1.0 type URIs (1.0 had some lower-case spellings).
    pub fn from_uri(uri: &str) -> Option<ObjectType> {
        let name = uri
            .strip_prefix("https://schema.oparl.org/1.1/")
            .or_else(|| uri.strip_prefix("https://schema.oparl.org/1.0/"))
            .or_else(|| uri.strip_prefix("http://schema.oparl.org/1.0/"))?;
        ObjectType::ALL
            .into_iter()
            .find(|t| t.name().eq_ignore_ascii_case(name))
    }

    /// The database table.
    pub fn table(self) -> &'static str {
        match self {
            ObjectType::Body => "body",
            ObjectType::LegislativeTerm => "legislative_term",
            ObjectType::Organization => "organization",
            ObjectType::Person => "person",
            ObjectType::Membership => "membership",
            ObjectType::Meeting => "meeting",
            ObjectType::AgendaItem => "agenda_item",
            ObjectType::Paper => "paper",
            ObjectType::Consultation => "consultation",
            ObjectType::File => "file",
            ObjectType::Location => "location",
        }
    }

    /// The URL path segment of the object collection, e.g. `agenda-items`.
    pub fn segment(self) -> &'static str {
        match self {
            ObjectType::Body => "bodies",
            ObjectType::LegislativeTerm => "legislative-terms",
            ObjectType::Organization => "organizations",
            ObjectType::Person => "persons",
            ObjectType::Membership => "memberships",
            ObjectType::Meeting => "meetings",
            ObjectType::AgendaItem => "agenda-items",
            ObjectType::Paper => "papers",
            ObjectType::Consultation => "consultations",
            ObjectType::File => "files",
            ObjectType::Location => "locations",
        }
    }

    /// By type name, e.g. `AgendaItem`.
    pub fn from_name(name: &str) -> Option<ObjectType> {
        ObjectType::ALL.into_iter().find(|t| t.name() == name)
    }

    pub fn from_segment(segment: &str) -> Option<ObjectType> {
        ObjectType::ALL.into_iter().find(|t| t.segment() == segment)
    }

    /// A lower-case noun for messages.
    pub fn noun(self) -> &'static str {
        match self {
            ObjectType::Body => "body",
            ObjectType::LegislativeTerm => "legislative term",
            ObjectType::Organization => "organization",
            ObjectType::Person => "person",
            ObjectType::Membership => "membership",
            ObjectType::Meeting => "meeting",
            ObjectType::AgendaItem => "agenda item",
            ObjectType::Paper => "paper",
            ObjectType::Consultation => "consultation",
            ObjectType::File => "file",
            ObjectType::Location => "location",
        }
    }
}
