//! Every filter a client can send is served by an index: the plan of each list, count,
//! vote and motion statement the API runs, for each filter alone and in the usual
//! combinations, never scans a whole table. On SQLite a `SCAN` of a table is a full
//! scan; on PostgreSQL, asked with sequential scans priced out, a `Seq Scan` means that
//! no index can serve the statement at all.

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;
use ratsinfo::oparl::ObjectType;
use ratsinfo::store::read::{Cursor, ListFilter, Scope};
use ratsinfo::store::votes::{MotionFilter, VoteFilter};
use ratsinfo::store::{Sql, Store};

/// The list filters of OParl (`created_since`, ...), alone and as windows.
fn list_filters() -> Vec<(&'static str, ListFilter)> {
    let t = Some(1_700_000_000_000_000);
    let u = Some(1_800_000_000_000_000);
    vec![
        ("none", ListFilter::default()),
        (
            "created_since",
            ListFilter {
                created_since: t,
                ..Default::default()
            },
        ),
        (
            "created_until",
            ListFilter {
                created_until: u,
                ..Default::default()
            },
        ),
        (
            "created window",
            ListFilter {
                created_since: t,
                created_until: u,
                ..Default::default()
            },
        ),
        (
            "modified_since",
            ListFilter {
                modified_since: t,
                ..Default::default()
            },
        ),
        (
            "modified_until",
            ListFilter {
                modified_until: u,
                ..Default::default()
            },
        ),
        (
            "modified window",
            ListFilter {
                modified_since: t,
                modified_until: u,
                ..Default::default()
            },
        ),
    ]
}

/// The statements behind the filters of every OParl list, named for the report.
fn list_statements() -> Vec<(String, Sql)> {
    let mut out = Vec::new();
    for ty in ObjectType::ALL {
        let mut scopes = vec![if ty == ObjectType::Body {
            Scope::AllBodies
        } else {
            Scope::Body(1)
        }];
        match ty {
            ObjectType::Meeting => scopes.push(Scope::OrganizationMeetings(1)),
            ObjectType::Consultation => scopes.push(Scope::OrganizationConsultations(1)),
            _ => {}
        }
        for scope in scopes {
            // Unfiltered pages and wide windows walk the list in id order on purpose
            // (the page's LIMIT ends the walk); a filter that selects few objects is
            // found through its index, and so is every count.
            for (name, filter) in list_filters().into_iter().skip(1) {
                for cursor in [Cursor::Start, Cursor::After(5), Cursor::Before(50)] {
                    out.push((
                        format!("{} {scope:?} {name} {cursor:?}", ty.name()),
                        Store::list_statement(ty, scope, &filter, cursor, 100, true),
                    ));
                    if ratsinfo::store::renderings::stored(ty) {
                        out.push((
                            format!("rendered {} {scope:?} {name} {cursor:?}", ty.name()),
                            Store::rendered_list_statement(ty, scope, &filter, cursor, 100, true),
                        ));
                    }
                }
                out.push((
                    format!("count {} {scope:?} {name}", ty.name()),
                    Store::count_statement(ty, scope, &filter),
                ));
            }
        }
    }
    out
}

/// The statements behind every filter of the native votes and motions lists.
fn native_statements() -> Vec<(String, Sql)> {
    let mut out = Vec::new();
    let text = |s: &str| Some(s.to_owned());
    let votes: Vec<(&str, VoteFilter)> = vec![
        (
            "organization",
            VoteFilter {
                organization: Some(1),
                ..Default::default()
            },
        ),
        (
            "meeting",
            VoteFilter {
                meeting: Some(1),
                ..Default::default()
            },
        ),
        (
            "paper",
            VoteFilter {
                paper: Some(1),
                ..Default::default()
            },
        ),
        (
            "faction",
            VoteFilter {
                faction: Some(1),
                ..Default::default()
            },
        ),
        (
            "person",
            VoteFilter {
                person: Some(1),
                ..Default::default()
            },
        ),
        (
            "outcome",
            VoteFilter {
                outcome: text("adopted"),
                ..Default::default()
            },
        ),
        (
            "method",
            VoteFilter {
                method: text("unanimous"),
                ..Default::default()
            },
        ),
        (
            "from",
            VoteFilter {
                from: text("2021-01-01"),
                ..Default::default()
            },
        ),
        (
            "to",
            VoteFilter {
                to: text("2021-12-31"),
                ..Default::default()
            },
        ),
    ];
    for (name, filter) in votes {
        for body in [None, Some(1)] {
            for after in [None, Some(5)] {
                let f = VoteFilter {
                    body,
                    ..filter.clone()
                };
                out.push((
                    format!("votes {name} body={body:?} after={after:?}"),
                    Store::votes_statement(&f, after, 100),
                ));
            }
        }
    }
    let motions: Vec<(&str, MotionFilter)> = vec![
        (
            "originator",
            MotionFilter {
                originator: Some(1),
                ..Default::default()
            },
        ),
        (
            "paper_type",
            MotionFilter {
                paper_type: text("Antrag"),
                ..Default::default()
            },
        ),
        (
            "outcome",
            MotionFilter {
                outcome: text("adopted"),
                ..Default::default()
            },
        ),
        (
            "from",
            MotionFilter {
                from: text("2021-01-01"),
                ..Default::default()
            },
        ),
        (
            "to",
            MotionFilter {
                to: text("2021-12-31"),
                ..Default::default()
            },
        ),
    ];
    for (name, filter) in motions {
        let f = MotionFilter {
            body: Some(1),
            ..filter
        };
        for after in [None, Some(5)] {
            out.push((
                format!("motions {name} after={after:?}"),
                Store::motions_statement(&f, after, 100),
            ));
        }
    }
    out
}

/// The step of a plan that reads a whole table, if any.
fn full_scan(backend: Backend, plan: &[String]) -> Option<String> {
    let steps: Vec<&str> = plan.iter().map(|s| s.trim()).collect();
    // Subqueries SQLite runs first and then reads back ("CO-ROUTINE p", "MATERIALIZE p").
    let derived: Vec<&str> = steps
        .iter()
        .filter_map(|s| {
            s.strip_prefix("CO-ROUTINE ")
                .or_else(|| s.strip_prefix("MATERIALIZE "))
        })
        .collect();
    steps.iter().enumerate().find_map(|(k, step)| {
        let scan = match backend {
            // "SCAN t" and "SCAN t USING INDEX ..." walk every row, and so does a range
            // of the row id ("rowid>?"); "SCAN CONSTANT ROW" and the scans of a
            // subquery's result are no table reads.
            Backend::Sqlite => {
                step.starts_with("SCAN ")
                    && !step.starts_with("SCAN CONSTANT")
                    && !step.contains("SUBQUERY")
                    && !step.starts_with("SCAN (")
                    && !step
                        .strip_prefix("SCAN ")
                        .is_some_and(|name| derived.contains(&name))
                    || step.contains("(rowid>?)")
                    || step.contains("(rowid<?)")
            }
            // A sequential scan, or a walk of the whole primary key (no "Index Cond"
            // under it: every row is read and tested).
            Backend::Postgres => {
                step.contains("Seq Scan")
                    || step.contains("_pkey")
                        && !steps
                            .get(k + 1)
                            .is_some_and(|next| next.contains("Index Cond: ("))
            }
        };
        scan.then(|| (*step).to_owned())
    })
}

async fn scans(app: &TestApp, backend: Backend, all: &[(String, Sql)]) -> Vec<String> {
    let mut scans = Vec::new();
    for (name, sql) in all {
        let plan = app
            .store()
            .plan(sql.clone())
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}\n{}", sql.text));
        if let Some(step) = full_scan(backend, &plan) {
            scans.push(format!("{name}: {step}\n    {}", sql.text));
        }
    }
    scans
}

async fn every_filter_is_served_by_an_index(backend: Backend) {
    let app = TestApp::new(backend).await;
    // The detector itself: a filter on an unindexed column is reported.
    let mut unindexed = Sql::new("SELECT t.id FROM paper t WHERE t.name = ");
    unindexed.bind("Haushalt").push(" ORDER BY t.id");
    let control = scans(&app, backend, &[("control".to_owned(), unindexed)]).await;
    assert_eq!(control.len(), 1, "a scan of paper by name is a full scan");
    let lists = list_statements();
    assert!(lists.len() > 200, "the statements of every list and filter");
    let found = scans(&app, backend, &lists).await;
    assert!(
        found.is_empty(),
        "{} of {} list statements scan a table:\n{}",
        found.len(),
        lists.len(),
        found.join("\n")
    );
    // Every filter of the native votes and motions lists too: a paper, faction or
    // person through that table's index, a date window through (date, id), the
    // method and outcome through their own.
    {
        let native = native_statements();
        let found: Vec<String> = scans(&app, backend, &native).await;
        assert!(
            found.is_empty(),
            "{} of {} native statements scan a table:\n{}",
            found.len(),
            native.len(),
            found.join("\n")
        );
    }
}

on_both_backends!(every_filter_is_served_by_an_index);
