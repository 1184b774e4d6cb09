//! Rows as stored, one struct per table; the API renders them into OParl objects.

use sqlx::FromRow;

/// Columns every object table has.
#[derive(Debug, Clone, FromRow)]
pub struct Meta {
    pub id: i64,
    pub body_id: i64,
    pub origin: String,
    pub created: i64,
    pub modified: i64,
    pub deleted: bool,
    pub source: Option<String>,
    pub license: Option<String>,
    pub keyword: Option<String>,
    pub web: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct BodyRow {
    pub id: i64,
    pub origin: String,
    pub created: i64,
    pub modified: i64,
    pub deleted: bool,
    pub source: Option<String>,
    pub license: Option<String>,
    pub keyword: Option<String>,
    pub web: Option<String>,
    pub name: Option<String>,
    pub short_name: Option<String>,
    pub website: Option<String>,
    pub license_valid_since: Option<String>,
    pub oparl_since: Option<String>,
    pub ags: Option<String>,
    pub rgs: Option<String>,
    pub equivalent: Option<String>,
    pub contact_email: Option<String>,
    pub contact_name: Option<String>,
    pub classification: Option<String>,
    pub location_id: Option<i64>,
}

#[derive(Debug, Clone, FromRow)]
pub struct LegislativeTermRow {
    #[sqlx(flatten)]
    pub meta: Meta,
    pub name: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct OrganizationRow {
    #[sqlx(flatten)]
    pub meta: Meta,
    pub name: Option<String>,
    pub short_name: Option<String>,
    pub post: Option<String>,
    pub sub_organization_of: Option<i64>,
    pub organization_type: Option<String>,
    pub classification: Option<String>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub website: Option<String>,
    pub location_id: Option<i64>,
    pub external_body: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct PersonRow {
    #[sqlx(flatten)]
    pub meta: Meta,
    pub name: Option<String>,
    pub family_name: Option<String>,
    pub given_name: Option<String>,
    pub form_of_address: Option<String>,
    pub affix: Option<String>,
    pub title: Option<String>,
    pub gender: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub location_id: Option<i64>,
    pub status: Option<String>,
    pub life: Option<String>,
    pub life_source: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct MembershipRow {
    #[sqlx(flatten)]
    pub meta: Meta,
    pub person_id: i64,
    pub organization_id: Option<i64>,
    pub role: Option<String>,
    pub voting_right: Option<bool>,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub on_behalf_of: Option<i64>,
}

#[derive(Debug, Clone, FromRow)]
pub struct MeetingRow {
    #[sqlx(flatten)]
    pub meta: Meta,
    pub name: Option<String>,
    pub meeting_state: Option<String>,
    pub cancelled: Option<bool>,
    pub start_at: Option<String>,
    pub end_at: Option<String>,
    pub location_id: Option<i64>,
    pub invitation_id: Option<i64>,
    pub results_protocol_id: Option<i64>,
    pub verbatim_protocol_id: Option<i64>,
}

#[derive(Debug, Clone, FromRow)]
pub struct AgendaItemRow {
    #[sqlx(flatten)]
    pub meta: Meta,
    pub meeting_id: i64,
    pub number: Option<String>,
    pub position: i64,
    pub name: Option<String>,
    pub public: Option<bool>,
    pub result: Option<String>,
    pub resolution_text: Option<String>,
    pub resolution_file_id: Option<i64>,
    pub start_at: Option<String>,
    pub end_at: Option<String>,
    pub texts: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct PaperRow {
    #[sqlx(flatten)]
    pub meta: Meta,
    pub name: Option<String>,
    pub reference: Option<String>,
    pub date: Option<String>,
    pub paper_type: Option<String>,
    pub main_file_id: Option<i64>,
}

#[derive(Debug, Clone, FromRow)]
pub struct ConsultationRow {
    #[sqlx(flatten)]
    pub meta: Meta,
    pub paper_id: i64,
    pub agenda_item_id: Option<i64>,
    pub meeting_id: Option<i64>,
    pub authoritative: Option<bool>,
    pub role: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct FileRow {
    #[sqlx(flatten)]
    pub meta: Meta,
    pub name: Option<String>,
    pub file_name: Option<String>,
    pub mime_type: Option<String>,
    pub date: Option<String>,
    pub size: Option<i64>,
    pub sha1_checksum: Option<String>,
    pub sha512_checksum: Option<String>,
    pub text: Option<String>,
    pub access_url: Option<String>,
    pub download_url: Option<String>,
    pub external_service_url: Option<String>,
    pub master_file_id: Option<i64>,
    pub file_license: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct LocationRow {
    #[sqlx(flatten)]
    pub meta: Meta,
    pub description: Option<String>,
    pub geojson: Option<String>,
    pub street_address: Option<String>,
    pub room: Option<String>,
    pub postal_code: Option<String>,
    pub sub_locality: Option<String>,
    pub locality: Option<String>,
}

/// A row of the generic `link` table.
#[derive(Debug, Clone, FromRow)]
pub struct LinkRow {
    pub src_id: i64,
    pub property: String,
    pub dst_id: i64,
}

/// A pair of ids, e.g. (child, parent) for back-references.
#[derive(Debug, Clone, FromRow)]
pub struct IdPair {
    pub a: i64,
    pub b: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct IdRow {
    pub id: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct CountRow {
    pub n: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct SystemRow {
    pub created: i64,
    pub modified: i64,
}

/// Any row that has the common metadata.
pub trait HasMeta {
    fn meta(&self) -> &Meta;
}

macro_rules! has_meta {
    ($($t:ty),*) => { $(impl HasMeta for $t { fn meta(&self) -> &Meta { &self.meta } })* };
}
has_meta!(
    LegislativeTermRow,
    OrganizationRow,
    PersonRow,
    MembershipRow,
    MeetingRow,
    AgendaItemRow,
    PaperRow,
    ConsultationRow,
    FileRow,
    LocationRow
);
