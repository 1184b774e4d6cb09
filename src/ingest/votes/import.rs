//! Writes the VoteEvents of one meeting: one per agenda item whose outcome the minutes
//! record, with the positions of factions and persons where the minutes (or a
//! unanimous vote) establish them. Positions carry their basis, so nothing derived
//! passes for stated.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use super::phrase::{Method, Position, Vote};
use crate::ingest::writer::Writer;
use crate::oparl::ObjectType;
use crate::store::rows::IdRow;
use crate::store::write::{Outcome as Upsert, Record};
use crate::store::{Arg, Result, Sql};

/// A present voting member of the committee and the faction they sit for.
#[derive(Debug, Clone, Copy)]
pub struct Voter {
    pub person: i64,
    pub faction: Option<i64>,
}

/// One decision to record.
#[derive(Debug, Clone)]
pub struct Decision {
    pub origin: String,
    pub agenda_item: i64,
    pub papers: Vec<i64>,
    pub question: Option<String>,
    pub result_text: String,
    /// What the minutes state of the vote (outcome, method, counts, factions).
    pub vote: Vote,
    pub source: String,
}

/// The meeting the decisions belong to.
#[derive(Debug, Clone)]
pub struct Sitting {
    pub body: i64,
    pub meeting: i64,
    pub organization: i64,
    pub date: String,
    pub voters: Vec<Voter>,
    /// The agenda items the source speaks for (an extract), where not all of the
    /// meeting's: votes of other items are left alone.
    pub only_items: Option<Vec<i64>>,
}

/// A faction name reduced for matching: "Fraktion Bündnis 90/Die Grünen", "Bündnis
/// 90/DIE GRÜNEN" and "GRÜNE" should meet.
fn faction_key(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut s = lower
        .replace("-fraktion", " ")
        .replace("fraktion", " ")
        .replace("gruppe", " ");
    for article in ["der ", "die ", "des "] {
        if s.trim_start().starts_with(article) {
            s = s.trim_start()[article.len()..].to_owned();
        }
    }
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

fn matches_faction(written: &str, known: &str) -> bool {
    let (a, b) = (faction_key(written), faction_key(known));
    !a.is_empty()
        && !b.is_empty()
        && (a == b || (a.len() >= 3 && b.contains(&a)) || (b.len() >= 3 && a.contains(&b)))
}

/// (organization, position, count, basis) for the factions of a decision.
fn positions(
    vote: &Vote,
    factions: &[(i64, String)],
    present: &[i64],
) -> Vec<(i64, Position, Option<u32>, &'static str)> {
    let mut out: Vec<(i64, Position, Option<u32>, &'static str)> = Vec::new();
    for fp in &vote.factions {
        if let Some((id, _)) = factions
            .iter()
            .find(|(_, name)| matches_faction(&fp.faction, name))
            && !out.iter().any(|(o, ..)| o == id)
        {
            out.push((*id, fp.position, fp.count, "stated"));
        }
    }
    let unanimous = vote.method == Method::Unanimous
        && vote.counts.abstain.unwrap_or(0) == 0
        && vote.counts.no.unwrap_or(0) == 0;
    // "gegen die Stimmen der X" on a show of hands: the other factions present carried it.
    let others_yes = vote.method == Method::ShowOfHands
        && vote.outcome.is_some_and(|o| o.adopted())
        && !out.is_empty()
        && out.iter().all(|(_, p, ..)| *p == Position::No);
    if unanimous || others_yes {
        let basis = if unanimous { "unanimous" } else { "implied" };
        for id in present {
            if !out.iter().any(|(o, ..)| o == id) {
                out.push((*id, Position::Yes, None, basis));
            }
        }
    }
    out.sort_by_key(|(id, ..)| *id);
    out
}

async fn factions_of_body(w: &mut Writer<'_>, body: i64) -> Result<Vec<(i64, String)>> {
    #[derive(sqlx::FromRow)]
    struct F {
        id: i64,
        name: Option<String>,
    }
    let mut sql = Sql::new(
        "SELECT id, name FROM organization WHERE deleted = FALSE AND organization_type = 'Fraktion' AND body_id = ",
    );
    sql.bind(body).push(" ORDER BY id");
    let rows: Vec<F> = w.tx.fetch_all(sql).await?;
    Ok(rows
        .into_iter()
        .filter_map(|f| f.name.map(|n| (f.id, n)))
        .collect())
}

/// Writes the decisions of a sitting; returns how many vote events changed. Vote events
/// of the meeting that are no longer decided are tombstoned.
pub async fn write_decisions(
    w: &mut Writer<'_>,
    sitting: &Sitting,
    decisions: &[Decision],
) -> Result<u64> {
    let factions = factions_of_body(w, sitting.body).await?;
    let mut present: Vec<i64> = sitting.voters.iter().filter_map(|v| v.faction).collect();
    present.sort_unstable();
    present.dedup();
    let mut keep = Vec::new();
    let mut changed = 0;
    for d in decisions {
        // A decision is recorded only when its outcome is known.
        let vote = &d.vote;
        let Some(outcome) = vote.outcome_or_tally() else {
            continue;
        };
        let faction_positions = positions(vote, &factions, &present);
        // Individual votes only where certain: everyone present voted yes.
        let person_votes: Vec<&Voter> =
            if vote.method == Method::Unanimous && vote.counts.abstain.unwrap_or(0) == 0 {
                sitting.voters.iter().collect()
            } else {
                Vec::new()
            };
        let count = |c: Option<u32>| Arg::Int(c.map(i64::from));
        let columns: Vec<(&'static str, Arg)> = vec![
            ("body_id", sitting.body.into()),
            ("agenda_item_id", d.agenda_item.into()),
            ("meeting_id", sitting.meeting.into()),
            ("organization_id", sitting.organization.into()),
            ("date", sitting.date.clone().into()),
            ("question", d.question.clone().into()),
            ("result_text", d.result_text.clone().into()),
            ("outcome", outcome.as_str().into()),
            ("method", vote.method.as_str().into()),
            ("yes", count(vote.counts.yes)),
            ("no", count(vote.counts.no)),
            ("abstain", count(vote.counts.abstain)),
            ("absent", count(vote.counts.absent)),
        ];
        let mut hasher = Sha256::new();
        hasher.update(format!(
            "{columns:?}|{:?}|{faction_positions:?}|{:?}",
            d.papers,
            person_votes
                .iter()
                .map(|v| (v.person, v.faction))
                .collect::<Vec<_>>()
        ));
        let content_hash: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let mut all_columns = columns;
        all_columns.push(("source", d.source.clone().into()));
        let record = Record {
            table: "vote_event",
            origin: d.origin.clone(),
            columns: all_columns,
            content_hash,
        };
        let up = w.tx.upsert(&record, w.now).await?;
        keep.push(up.id);
        if up.outcome == Upsert::Unchanged {
            continue;
        }
        changed += 1;
        w.tx.set_named_links("VoteEvent", up.id, "paper", &d.papers)
            .await?;
        for table in ["faction_position", "person_vote"] {
            let mut del = Sql::new(format!("DELETE FROM {table} WHERE vote_event_id = "));
            del.bind(up.id);
            w.tx.execute(del).await?;
        }
        for (org, position, n, basis) in &faction_positions {
            let mut ins = Sql::new(
                "INSERT INTO faction_position (vote_event_id, organization_id, position, count, basis) VALUES (",
            );
            ins.bind(up.id)
                .push(", ")
                .bind(*org)
                .push(", ")
                .bind(position.as_str())
                .push(", ")
                .bind(Arg::Int(n.map(i64::from)))
                .push(", ")
                .bind(*basis)
                .push(")");
            w.tx.execute(ins).await?;
        }
        let mut seen = HashMap::new();
        for v in person_votes {
            if seen.insert(v.person, ()).is_some() {
                continue;
            }
            let mut ins = Sql::new(
                "INSERT INTO person_vote (vote_event_id, person_id, vote, faction_id, basis) VALUES (",
            );
            ins.bind(up.id)
                .push(", ")
                .bind(v.person)
                .push(", 'yes', ")
                .bind(Arg::Int(v.faction))
                .push(", 'unanimous')");
            w.tx.execute(ins).await?;
        }
        // The agenda item shows its vote (ratsinfo:vote), and is embedded in the meeting.
        w.tx.touch(ObjectType::AgendaItem, d.agenda_item, w.now)
            .await?;
        w.tx.touch(ObjectType::Meeting, sitting.meeting, w.now)
            .await?;
    }
    let mut retire =
        Sql::new("UPDATE vote_event SET deleted = TRUE, content_hash = 'deleted', modified = ");
    retire
        .bind(w.now)
        .push(" WHERE deleted = FALSE AND meeting_id = ")
        .bind(sitting.meeting);
    if !keep.is_empty() {
        retire.push(" AND id NOT IN ").bind_list(&keep);
    }
    if let Some(items) = &sitting.only_items {
        if items.is_empty() {
            return Ok(changed);
        }
        retire.push(" AND agenda_item_id IN ").bind_list(items);
    }
    retire.push(" RETURNING id");
    let retired: Vec<IdRow> = w.tx.fetch_all(retire).await?;
    changed += retired.len() as u64;
    w.tx.changed_all("vote_event", retired.into_iter().map(|r| r.id));
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::votes::phrase;

    #[test]
    fn faction_names_meet_across_spellings() {
        assert!(matches_faction(
            "Fraktion Bündnis 90/Die Grünen",
            "Bündnis 90/DIE GRÜNEN"
        ));
        assert!(matches_faction("AfD-Fraktion", "AfD"));
        assert!(matches_faction("der FDP", "FDP"));
        assert!(matches_faction("Gruppe BfB", "BfB"));
        assert!(!matches_faction("SPD", "CDU"));
        assert!(!matches_faction("", "CDU"));
    }

    #[test]
    fn unanimous_votes_give_every_present_faction_yes() {
        let vote = phrase::parse("einstimmig beschlossen").expect("vote");
        let p = positions(&vote, &[(1, "CDU".into()), (2, "SPD".into())], &[1, 2]);
        assert_eq!(
            p,
            vec![
                (1, Position::Yes, None, "unanimous"),
                (2, Position::Yes, None, "unanimous")
            ]
        );
        let vote =
            phrase::parse("mehrheitlich gegen die Stimmen der SPD beschlossen").expect("vote");
        let p = positions(&vote, &[(1, "CDU".into()), (2, "SPD".into())], &[1, 2]);
        assert_eq!(
            p,
            vec![
                (1, Position::Yes, None, "implied"),
                (2, Position::No, None, "stated")
            ]
        );
        let vote = phrase::parse("Kenntnisnahme").expect("vote");
        assert!(positions(&vote, &[(1, "CDU".into())], &[1]).is_empty());
    }
}
