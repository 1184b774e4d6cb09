//! Integration tests: every case runs against SQLite and PostgreSQL.

mod behaviour;
mod conformance;
mod helpers;
mod layouts;
mod minutes;
mod native;
mod oparl_checks;
mod votes;
