//! ratsinfo: council proceedings as open data.
//!
//! Data flows sources → ingest → store → api: [`ingest`] turns OParl JSON (and later
//! minutes and foreign servers) into stored objects, [`store`] keeps them on SQLite or
//! PostgreSQL, and [`api`] serves them as OParl 1.1.

pub mod api;
pub mod export;
pub mod ingest;
pub mod oparl;
pub mod search;
pub mod store;
