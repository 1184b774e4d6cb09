//! Ingest: sources → domain objects in the store, transactional and idempotent.

/// A regular expression compiled once, on first use: `re!(NAME, r"pattern");`. Defined
/// before the modules below, so each of them can use it.
macro_rules! re {
    ($vis:vis $name:ident, $pattern:expr) => {
        $vis static $name: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new($pattern).expect("valid pattern"));
    };
}

pub mod generate;
pub mod harvest;
pub mod minutes;
pub mod oparl_json;
pub mod votes;
pub mod writer;

pub use writer::Counts;

/// Errors of the ingest layer, each naming the input it is about.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{file}: {message}")]
    Input { file: String, message: String },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Minutes(#[from] minutes::MinutesError),
}
