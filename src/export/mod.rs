//! Exports: what is written to files rather than served request by request. Bulk dumps
//! (`ratsinfo dump`) reuse the API's renderer, so a dumped object is byte for byte what
//! the API serves.

pub mod dump;
