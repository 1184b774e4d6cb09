//! Votes: the decision phrases of minutes read as structured votes. Separate from the
//! minutes layout parser: this reads one sentence, whatever layout it came from.

pub mod import;
pub mod phrase;
