//! Exports: what leaves the instance other than as an answer to a request. Bulk dumps
//! (`ratsinfo dump`) reuse the API's renderer, so a dumped object is byte for byte what
//! the API serves.

pub mod dump;
pub mod webhooks;
