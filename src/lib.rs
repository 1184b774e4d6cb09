//! ratsinfo: council proceedings as open data.
//!
//! Data flows sources → ingest → store → api: [`ingest`] turns minutes, foreign OParl
//! servers and generated councils into stored objects, [`store`] keeps them on SQLite or
//! PostgreSQL, [`api`] serves them as OParl 1.1 and the native face, and [`export`]
//! sends what leaves unasked (dumps, webhooks). [`metrics`] counts across all of them.

pub mod api;
pub mod export;
pub mod ingest;
pub mod metrics;
pub mod oparl;
pub mod search;
pub mod store;
