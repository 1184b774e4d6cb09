//! Integration tests: every case runs against SQLite and PostgreSQL.

mod behaviour;
mod conformance;
mod helpers;
mod oparl_checks;
