//! Integration tests: every case runs against SQLite and PostgreSQL.

mod behaviour;
mod catalog;
mod conformance;
mod csv_lists;
mod dumps;
mod feeds;
mod harvest;
mod helpers;
mod layouts;
mod minutes;
mod minutes_lines;
mod native;
mod oparl_checks;
mod operations;
mod pages;
mod plans;
mod recall;
mod renderings;
mod robustness;
mod search;
mod votes;
mod webhooks;
