//! Minutes (Niederschriften) → OParl objects: text extraction, small recognisers, the
//! structure parser, and the import into the store.

mod attendance;
mod clean;
pub mod decisions;
pub mod fidelity;
pub mod import;
pub mod parse;
pub mod recognize;
mod tables;
pub mod text;

pub use import::{ImportOptions, MinutesError, import_file, import_file_audited, import_minutes};
