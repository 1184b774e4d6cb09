//! Integration tests: every case runs against SQLite and PostgreSQL.

mod behaviour;
mod conformance;
mod helpers;
mod minutes;
mod oparl_checks;
