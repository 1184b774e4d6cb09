//! Bearer tokens of the write API and the audit trail of what they wrote. A token is
//! 256 random bits shown once; only its SHA-256 is stored, so a copy of the database
//! gives nobody a usable token.

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::FromRow;
use subtle::ConstantTimeEq;

use super::{Result, Sql, Store, StoreError, Tx};
use crate::oparl::time::now;

/// What a token may do; `admin` may do everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenScope {
    Import,
    Harvest,
    Admin,
}

impl TokenScope {
    pub const ALL: [TokenScope; 3] = [TokenScope::Import, TokenScope::Harvest, TokenScope::Admin];

    pub fn name(self) -> &'static str {
        match self {
            TokenScope::Import => "import",
            TokenScope::Harvest => "harvest",
            TokenScope::Admin => "admin",
        }
    }

    pub fn parse(name: &str) -> Option<TokenScope> {
        TokenScope::ALL.into_iter().find(|s| s.name() == name)
    }

    /// Whether a token of this scope may do what `needed` guards.
    pub fn allows(self, needed: TokenScope) -> bool {
        self == TokenScope::Admin || self == needed
    }
}

#[derive(Debug, Clone, FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub scope: String,
    hash: String,
    pub created: i64,
    pub last_used: Option<i64>,
    pub revoked: Option<i64>,
}

impl TokenRow {
    pub fn scope(&self) -> Option<TokenScope> {
        TokenScope::parse(&self.scope)
    }
}

/// One recorded write.
#[derive(Debug, Clone, FromRow, Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub token_name: String,
    pub action: String,
    /// JSON array of the ids (URLs) written.
    pub objects: String,
    pub detail: Option<String>,
}

/// Tokens look like `ri_` and 64 hex digits, so that secret scanners and people can
/// tell them apart from other secrets.
const PREFIX: &str = "ri_";

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn digest(secret: &str) -> String {
    hex(&Sha256::digest(secret.as_bytes()))
}

/// A new secret from the operating system's random source.
fn new_secret() -> Result<String> {
    let mut bits = [0u8; 32];
    getrandom::fill(&mut bits)
        .map_err(|e| StoreError::Conflict(format!("no random source for a token: {e}")))?;
    Ok(format!("{PREFIX}{}", hex(&bits)))
}

impl Store {
    /// Creates a token and returns its secret, which is not stored and cannot be shown
    /// again. Names are unique, revoked tokens' names included (the audit names them).
    pub async fn create_token(&self, name: &str, scope: TokenScope) -> Result<String> {
        let secret = new_secret()?;
        let mut sql = Sql::new("SELECT * FROM api_token WHERE name = ");
        sql.bind(name);
        if self.fetch_optional::<TokenRow>(sql).await?.is_some() {
            return Err(StoreError::Conflict(format!(
                "a token named {name:?} exists (names stay taken after revocation, for the audit trail)"
            )));
        }
        let mut sql = Sql::new("INSERT INTO api_token (name, scope, hash, created) VALUES (");
        sql.bind(name)
            .push(", ")
            .bind(scope.name())
            .push(", ")
            .bind(digest(&secret))
            .push(", ")
            .bind(now())
            .push(")");
        let mut tx = self.begin().await?;
        tx.execute(sql).await?;
        tx.commit_bookkeeping().await?;
        Ok(secret)
    }

    pub async fn tokens(&self) -> Result<Vec<TokenRow>> {
        self.fetch_all(Sql::new("SELECT * FROM api_token ORDER BY id"))
            .await
    }

    /// Revokes the token of this name; whether a live one existed.
    pub async fn revoke_token(&self, name: &str) -> Result<bool> {
        let mut sql = Sql::new("UPDATE api_token SET revoked = ");
        sql.bind(now())
            .push(" WHERE revoked IS NULL AND name = ")
            .bind(name);
        let mut tx = self.begin().await?;
        let n = tx.execute(sql).await?;
        tx.commit_bookkeeping().await?;
        Ok(n > 0)
    }

    /// The live token whose secret this is. The row is found by the digest; the
    /// digests are then compared in constant time as well, so that no timing of the
    /// comparison depends on how much of a guess is right.
    pub async fn authenticate(&self, secret: &str) -> Result<Option<TokenRow>> {
        if !secret.starts_with(PREFIX) {
            return Ok(None);
        }
        let hash = digest(secret);
        let mut sql = Sql::new("SELECT * FROM api_token WHERE revoked IS NULL AND hash = ");
        sql.bind(hash.as_str());
        let row: Option<TokenRow> = self.fetch_optional(sql).await?;
        Ok(row.filter(|r| bool::from(r.hash.as_bytes().ct_eq(hash.as_bytes()))))
    }

    /// Audit entries, newest first, older than the entry `before` when given.
    pub async fn audit_entries(&self, before: Option<i64>, limit: i64) -> Result<Vec<AuditRow>> {
        let mut sql = Sql::new("SELECT * FROM audit");
        if let Some(before) = before {
            sql.push(" WHERE id < ").bind(before);
        }
        sql.push(" ORDER BY id DESC LIMIT ").bind(limit);
        self.fetch_all(sql).await
    }
}

impl Store {
    /// Records a write that committed on its own (a harvest's many transactions, a
    /// subscription) in a transaction of its own.
    pub async fn record(
        &self,
        token: &str,
        action: &str,
        objects: &[String],
        detail: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        tx.audit(token, action, objects, detail).await?;
        Ok(tx.commit_bookkeeping().await?)
    }
}

impl Tx {
    /// Records a write in its own transaction: the entry commits with the write, or
    /// neither does. Also marks the token used.
    pub async fn audit(
        &mut self,
        token: &str,
        action: &str,
        objects: &[String],
        detail: Option<&str>,
    ) -> Result<()> {
        let at = now();
        let mut sql =
            Sql::new("INSERT INTO audit (at, token_name, action, objects, detail) VALUES (");
        sql.bind(at)
            .push(", ")
            .bind(token)
            .push(", ")
            .bind(action)
            .push(", ")
            .bind(serde_json::to_string(objects).unwrap_or_else(|_| "[]".to_owned()))
            .push(", ")
            .bind(detail)
            .push(")");
        self.execute(sql).await?;
        let mut sql = Sql::new("UPDATE api_token SET last_used = ");
        sql.bind(at).push(" WHERE name = ").bind(token);
        self.execute(sql).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_and_secrets() {
        assert!(TokenScope::Admin.allows(TokenScope::Import));
        assert!(TokenScope::Import.allows(TokenScope::Import));
        assert!(!TokenScope::Import.allows(TokenScope::Harvest));
        assert!(!TokenScope::Harvest.allows(TokenScope::Admin));
        let a = new_secret().expect("random");
        let b = new_secret().expect("random");
        assert_ne!(a, b);
        assert_eq!(a.len(), PREFIX.len() + 64);
        assert_eq!(digest(&a).len(), 64);
    }
}
