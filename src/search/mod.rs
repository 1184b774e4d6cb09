//! Full-text search: the analysis of German text and the query language, shared by the
//! index (kept by the store as objects are written) and the search endpoint.

pub mod analyze;
pub mod query;
pub mod snippet;
