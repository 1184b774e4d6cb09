//! Canonical URLs: every id and link is built here from the configured public URL, so
//! each object has exactly one spelling.

use crate::oparl::ObjectType;

pub const OPARL_PREFIX: &str = "/oparl/v1.1";

#[derive(Debug, Clone)]
pub struct Urls {
    base: String,
}

impl Urls {
    /// `public_url` like `https://ratsinfo.example.org`; a trailing slash is dropped.
    pub fn new(public_url: &str) -> Urls {
        Urls {
            base: public_url.trim_end_matches('/').to_owned(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn system(&self) -> String {
        format!("{}{OPARL_PREFIX}/system", self.base)
    }

    pub fn body_list(&self) -> String {
        format!("{}{OPARL_PREFIX}/bodies", self.base)
    }

    pub fn object(&self, ty: ObjectType, id: i64) -> String {
        format!("{}{OPARL_PREFIX}/{}/{id}", self.base, ty.segment())
    }

    pub fn objects(&self, ty: ObjectType, ids: impl IntoIterator<Item = i64>) -> Vec<String> {
        ids.into_iter().map(|id| self.object(ty, id)).collect()
    }

    /// A list of a Body: `/oparl/v1.1/bodies/{id}/{segment}`.
    pub fn body_list_of(&self, body: i64, ty: ObjectType) -> String {
        format!("{}{OPARL_PREFIX}/bodies/{body}/{}", self.base, ty.segment())
    }

    /// A list of an Organization (meetings or consultations).
    pub fn organization_list_of(&self, org: i64, ty: ObjectType) -> String {
        format!(
            "{}{OPARL_PREFIX}/organizations/{org}/{}",
            self.base,
            ty.segment()
        )
    }

    /// The file served inline.
    pub fn file_access(&self, id: i64) -> String {
        format!("{}/files/{id}/access", self.base)
    }

    /// The file served as an attachment.
    pub fn file_download(&self, id: i64) -> String {
        format!("{}/files/{id}/download", self.base)
    }

    /// A native API path: `/api/v1/{path}`.
    pub fn native(&self, path: &str) -> String {
        format!("{}/api/v1/{path}", self.base)
    }

    /// A vote event of the native API.
    pub fn vote(&self, id: i64) -> String {
        self.native(&format!("votes/{id}"))
    }
}
