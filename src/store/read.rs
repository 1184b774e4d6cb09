//! Read queries: keyset-paginated lists with the OParl filters, single objects, and the
//! batched look-ups the renderer needs (children, links, back-references), each one
//! query per page rather than per object.

use super::rows::{CountRow, IdPair, LinkRow, SystemRow};
use super::{AnyRow, Reads, Result, Sql, Store};
use crate::oparl::ObjectType;
use crate::oparl::time::Micros;

/// The OParl list filters, inclusive bounds in stored microseconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct ListFilter {
    pub created_since: Option<Micros>,
    pub created_until: Option<Micros>,
    pub modified_since: Option<Micros>,
    pub modified_until: Option<Micros>,
}

/// Which objects a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The Body list of the System.
    AllBodies,
    /// One of the ten lists of a Body.
    Body(i64),
    /// `Organization.meeting`.
    OrganizationMeetings(i64),
    /// `Organization.consultation`.
    OrganizationConsultations(i64),
}

/// Keyset position: ids are immutable and increase with insertion, so a crawl that
/// runs while objects are inserted neither repeats nor skips existing objects.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cursor {
    Start,
    After(i64),
    Before(i64),
}

/// One page of rows and whether more exist in the direction of travel.
#[derive(Debug)]
pub struct RowPage<T> {
    pub rows: Vec<T>,
    /// More rows after the last one.
    pub has_next: bool,
    /// More rows before the first one.
    pub has_prev: bool,
}

impl<T> RowPage<T> {
    /// A forward page from `limit + 1` fetched rows: the extra row only signals more.
    pub fn forward(mut rows: Vec<T>, limit: i64, has_prev: bool) -> RowPage<T> {
        let has_next = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        RowPage {
            rows,
            has_next,
            has_prev,
        }
    }
}

/// How a list query should use its indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    /// Find the matches through the created/modified index (counts, narrow windows).
    ByFilter,
    /// Walk the list in id order and test the bounds on the way (wide windows). The
    /// bounds are written `t.created + 0 >= ...` so that no planner takes the created or
    /// modified index and then sorts a million rows.
    ById,
}

/// `FROM ... WHERE ...` of a list; `tombstones` includes deleted objects.
fn from_where(
    ty: ObjectType,
    scope: Scope,
    filter: &ListFilter,
    tombstones: bool,
    plan: Plan,
) -> Sql {
    let table = ty.table();
    let mut sql = Sql::new(format!(" FROM {table} t"));
    match scope {
        Scope::AllBodies => {
            sql.push(" WHERE 1 = 1");
        }
        Scope::Body(body) => {
            sql.push(" WHERE t.body_id = ").bind(body);
        }
        Scope::OrganizationMeetings(org) | Scope::OrganizationConsultations(org) => {
            sql.push(" JOIN link l ON l.src_type = ")
                .bind(ty.name())
                .push(" AND l.property = 'organization' AND l.src_id = t.id WHERE l.dst_id = ")
                .bind(org);
        }
    }
    if !tombstones {
        sql.push(" AND t.deleted = FALSE");
    }
    let bounds = [
        ("t.created", " >= ", filter.created_since),
        ("t.created", " <= ", filter.created_until),
        ("t.modified", " >= ", filter.modified_since),
        ("t.modified", " <= ", filter.modified_until),
    ];
    for (column, op, value) in bounds {
        if let Some(v) = value {
            let no_index = if plan == Plan::ById { " + 0" } else { "" };
            sql.push(" AND ")
                .push(column)
                .push(no_index)
                .push(op)
                .bind(v);
        }
    }
    sql
}

impl Store {
    /// The statement of a list page (see [`Store::list`]).
    pub fn list_statement(
        ty: ObjectType,
        scope: Scope,
        filter: &ListFilter,
        cursor: Cursor,
        limit: i64,
        few_matches: bool,
    ) -> Sql {
        Store::page_statement(ty, scope, filter, cursor, limit, few_matches, false)
    }

    /// The statement of a page of stored renderings (see [`Store::list_rendered`]).
    pub fn rendered_list_statement(
        ty: ObjectType,
        scope: Scope,
        filter: &ListFilter,
        cursor: Cursor,
        limit: i64,
        few_matches: bool,
    ) -> Sql {
        Store::page_statement(ty, scope, filter, cursor, limit, few_matches, true)
    }

    fn page_statement(
        ty: ObjectType,
        scope: Scope,
        filter: &ListFilter,
        cursor: Cursor,
        limit: i64,
        few_matches: bool,
        rendered: bool,
    ) -> Sql {
        // Tombstones only for synchronising clients (OParl 1.1, "Gelöschte Objekte").
        let plan = if few_matches {
            Plan::ByFilter
        } else {
            Plan::ById
        };
        // The page's ids first: for a narrow window they come from the covering
        // (body_id, modified, id) index and only ids are sorted, not whole rows.
        let mut sql = Sql::new("SELECT t.id");
        let rest = from_where(ty, scope, filter, filter.modified_since.is_some(), plan);
        sql.push(&rest.text);
        sql.args = rest.args;
        let backwards = matches!(cursor, Cursor::Before(_));
        match cursor {
            Cursor::Start => {}
            Cursor::After(id) => {
                sql.push(" AND t.id > ").bind(id);
            }
            Cursor::Before(id) => {
                sql.push(" AND t.id < ").bind(id);
            }
        }
        let order = if few_matches { "t.id + 0" } else { "t.id" };
        let direction = if backwards { " DESC" } else { "" };
        sql.push(&format!(" ORDER BY {order}{direction}"));
        sql.push(" LIMIT ").bind(limit + 1);
        let select = if rendered {
            format!(
                "SELECT t.id, r.json FROM {} t LEFT JOIN {} r ON r.id = t.id",
                ty.table(),
                super::renderings::table(ty)
            )
        } else {
            format!("SELECT t.* FROM {} t", ty.table())
        };
        let mut page = Sql::new(format!("{select} WHERE t.id IN ("));
        page.push(&sql.text);
        page.args = sql.args;
        page.push(&format!(") ORDER BY t.id{direction}"));
        page
    }

    /// The statement that counts a list (see [`Store::count`]).
    pub fn count_statement(ty: ObjectType, scope: Scope, filter: &ListFilter) -> Sql {
        let mut sql = Sql::new("SELECT COUNT(*) AS n");
        // Tombstones only for synchronising clients (OParl 1.1, "Gelöschte Objekte").
        let rest = from_where(
            ty,
            scope,
            filter,
            filter.modified_since.is_some(),
            Plan::ByFilter,
        );
        sql.push(&rest.text);
        sql.args = rest.args;
        sql
    }

    /// What the database would do for a statement, one line per step: how a test holds
    /// every filter to an index.
    pub async fn plan(&self, sql: Sql) -> Result<Vec<String>> {
        Ok(self.pool.plan(sql).await?)
    }

    /// See [`Reads::list`].
    pub async fn list<T: AnyRow + HasId>(
        &self,
        ty: ObjectType,
        scope: Scope,
        filter: &ListFilter,
        cursor: Cursor,
        limit: i64,
        few_matches: bool,
    ) -> Result<RowPage<T>> {
        self.reads()
            .list(ty, scope, filter, cursor, limit, few_matches)
            .await
    }

    /// See [`Reads::list_rendered`].
    pub async fn list_rendered(
        &self,
        ty: ObjectType,
        scope: Scope,
        filter: &ListFilter,
        cursor: Cursor,
        limit: i64,
        few_matches: bool,
    ) -> Result<RowPage<RenderedRow>> {
        self.reads()
            .list_rendered(ty, scope, filter, cursor, limit, few_matches)
            .await
    }

    /// The number of objects in a list (with its filters).
    pub async fn count(&self, ty: ObjectType, scope: Scope, filter: &ListFilter) -> Result<i64> {
        let sql = Store::count_statement(ty, scope, filter);
        Ok(self
            .fetch_optional::<CountRow>(sql)
            .await?
            .map_or(0, |r| r.n))
    }

    /// The last change anywhere in a list's scope (tombstones included, filters
    /// ignored): any insert, update or deletion in the scope moves it. Served by the
    /// (body_id, modified) index.
    pub async fn last_modified(&self, ty: ObjectType, scope: Scope) -> Result<Option<i64>> {
        #[derive(sqlx::FromRow)]
        struct Max {
            m: Option<i64>,
        }
        let mut sql = Sql::new("SELECT MAX(t.modified) AS m");
        let rest = from_where(ty, scope, &ListFilter::default(), true, Plan::ByFilter);
        sql.push(&rest.text);
        sql.args = rest.args;
        Ok(self.fetch_optional::<Max>(sql).await?.and_then(|r| r.m))
    }

    /// One object by id, tombstones included.
    pub async fn get<T: AnyRow>(&self, ty: ObjectType, id: i64) -> Result<Option<T>> {
        let mut sql = Sql::new(format!("SELECT t.* FROM {} t WHERE t.id = ", ty.table()));
        sql.bind(id);
        self.fetch_optional(sql).await
    }

    /// Objects by id (tombstones included), in id order.
    pub async fn get_many<T: AnyRow>(&self, ty: ObjectType, ids: &[i64]) -> Result<Vec<T>> {
        self.reads().get_many(ty, ids).await
    }

    /// See [`Reads::children`].
    pub async fn children<T: AnyRow>(
        &self,
        ty: ObjectType,
        column: &str,
        parents: &[i64],
        order_by: &str,
    ) -> Result<Vec<T>> {
        self.reads().children(ty, column, parents, order_by).await
    }

    /// See [`Reads::referrers`].
    pub async fn referrers(
        &self,
        ty: ObjectType,
        column: &str,
        targets: &[i64],
    ) -> Result<Vec<IdPair>> {
        self.reads().referrers(ty, column, targets).await
    }

    /// See [`Reads::links`].
    pub async fn links(&self, src: ObjectType, src_ids: &[i64]) -> Result<Vec<LinkRow>> {
        self.reads().links(src, src_ids).await
    }

    /// The latest live meetings of an organization, newest first (for its page).
    pub async fn latest_meetings_of(
        &self,
        organization: i64,
        limit: i64,
    ) -> Result<Vec<super::rows::MeetingRow>> {
        let mut sql = Sql::new(
            "SELECT t.* FROM meeting t JOIN link l ON l.src_type = 'Meeting' \
             AND l.property = 'organization' AND l.src_id = t.id WHERE t.deleted = FALSE AND l.dst_id = ",
        );
        sql.bind(organization)
            .push(" ORDER BY t.start_at IS NULL, t.start_at DESC, t.id DESC LIMIT ")
            .bind(limit);
        self.fetch_all(sql).await
    }

    pub async fn system(&self) -> Result<SystemRow> {
        let row = self
            .fetch_optional::<SystemRow>(Sql::new(
                "SELECT created, modified FROM system WHERE id = 1",
            ))
            .await?;
        Ok(row.unwrap_or(SystemRow {
            created: 0,
            modified: 0,
        }))
    }
}

/// The batched look-ups of the renderer, on the pool or inside a write transaction.
impl Reads<'_> {
    /// A page of a list, ordered by id.
    ///
    /// `few_matches` says the filter selects few objects (the caller knows the count):
    /// then the matches are found by the filter's index and sorted (`t.id + 0` keeps the
    /// planner from walking the whole list in id order for a narrow `modified_since`
    /// window); otherwise the list is walked in id order (see [`Plan`]).
    pub async fn list<T: AnyRow + HasId>(
        &self,
        ty: ObjectType,
        scope: Scope,
        filter: &ListFilter,
        cursor: Cursor,
        limit: i64,
        few_matches: bool,
    ) -> Result<RowPage<T>> {
        let sql = Store::list_statement(ty, scope, filter, cursor, limit, few_matches);
        self.page(sql, cursor, limit).await
    }

    /// A page of a list as its stored renderings, in list order; `json` is None for
    /// an object without one.
    pub async fn list_rendered(
        &self,
        ty: ObjectType,
        scope: Scope,
        filter: &ListFilter,
        cursor: Cursor,
        limit: i64,
        few_matches: bool,
    ) -> Result<RowPage<RenderedRow>> {
        let sql = Store::rendered_list_statement(ty, scope, filter, cursor, limit, few_matches);
        self.page(sql, cursor, limit).await
    }

    /// Runs a page statement (`limit + 1` rows) and tells whether more exist each way.
    async fn page<T: AnyRow>(&self, sql: Sql, cursor: Cursor, limit: i64) -> Result<RowPage<T>> {
        let backwards = matches!(cursor, Cursor::Before(_));
        let mut rows: Vec<T> = self.fetch_all(sql).await?;
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        if backwards {
            rows.reverse();
        }
        Ok(match cursor {
            Cursor::Start => RowPage {
                rows,
                has_next: more,
                has_prev: false,
            },
            Cursor::After(_) => RowPage {
                rows,
                has_next: more,
                has_prev: true,
            },
            Cursor::Before(_) => RowPage {
                rows,
                has_next: true,
                has_prev: more,
            },
        })
    }

    /// Objects by id (tombstones included), in id order.
    pub async fn get_many<T: AnyRow>(&self, ty: ObjectType, ids: &[i64]) -> Result<Vec<T>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(format!("SELECT t.* FROM {} t WHERE t.id IN ", ty.table()));
        sql.bind_list(ids).push(" ORDER BY t.id");
        Ok(self.fetch_all(sql).await?)
    }

    /// Live children whose `column` points at one of `parents`, ordered by `order_by`.
    pub async fn children<T: AnyRow>(
        &self,
        ty: ObjectType,
        column: &str,
        parents: &[i64],
        order_by: &str,
    ) -> Result<Vec<T>> {
        if parents.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(format!(
            "SELECT t.* FROM {} t WHERE t.deleted = FALSE AND t.{column} IN ",
            ty.table()
        ));
        sql.bind_list(parents)
            .push(&format!(" ORDER BY {order_by}"));
        Ok(self.fetch_all(sql).await?)
    }

    /// Pairs (column value, id) of live objects of `ty` whose `column` is one of `targets`:
    /// the back-references of the targets. Ordered by the column first, so that the
    /// column's index serves the order too: ordered by id alone, SQLite's planner may
    /// prefer scanning the table in id order when the column is mostly NULL.
    pub async fn referrers(
        &self,
        ty: ObjectType,
        column: &str,
        targets: &[i64],
    ) -> Result<Vec<IdPair>> {
        if targets.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(format!(
            "SELECT t.{column} AS a, t.id AS b FROM {} t WHERE t.deleted = FALSE AND t.{column} IN ",
            ty.table()
        ));
        sql.bind_list(targets)
            .push(&format!(" ORDER BY t.{column}, t.id"));
        Ok(self.fetch_all(sql).await?)
    }

    /// Array references of the given sources, in their stored order.
    pub async fn links(&self, src: ObjectType, src_ids: &[i64]) -> Result<Vec<LinkRow>> {
        if src_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new("SELECT src_id, property, dst_id FROM link WHERE src_type = ");
        sql.bind(src.name())
            .push(" AND src_id IN ")
            .bind_list(src_ids)
            .push(" ORDER BY src_id, property, position");
        Ok(self.fetch_all(sql).await?)
    }

    /// Pairs (target, source) of live sources whose `property` links to one of `targets`.
    pub async fn link_referrers(
        &self,
        src: ObjectType,
        property: &str,
        targets: &[i64],
    ) -> Result<Vec<IdPair>> {
        if targets.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(format!(
            "SELECT l.dst_id AS a, l.src_id AS b FROM link l JOIN {} t ON t.id = l.src_id \
             WHERE t.deleted = FALSE AND l.src_type = ",
            src.table()
        ));
        sql.bind(src.name())
            .push(" AND l.property = ")
            .bind(property)
            .push(" AND l.dst_id IN ")
            .bind_list(targets)
            .push(" ORDER BY l.src_id");
        Ok(self.fetch_all(sql).await?)
    }
}

/// An object of a list page and its stored rendering.
#[derive(Debug, sqlx::FromRow)]
pub struct RenderedRow {
    pub id: i64,
    pub json: Option<String>,
}

/// Rows whose id drives keyset pagination.
pub trait HasId {
    fn id(&self) -> i64;
    /// Time of the last change, stored microseconds.
    fn modified(&self) -> i64;
    /// A tombstone.
    fn deleted(&self) -> bool;
}

impl HasId for super::rows::BodyRow {
    fn id(&self) -> i64 {
        self.id
    }

    fn modified(&self) -> i64 {
        self.modified
    }

    fn deleted(&self) -> bool {
        self.deleted
    }
}

impl<T: super::rows::HasMeta> HasId for T {
    fn id(&self) -> i64 {
        self.meta().id
    }

    fn modified(&self) -> i64 {
        self.meta().modified
    }

    fn deleted(&self) -> bool {
        self.meta().deleted
    }
}

#[derive(Debug, sqlx::FromRow)]
struct BytesRow {
    bytes: Vec<u8>,
}

impl Store {
    /// The stored bytes of a file that ratsinfo serves itself.
    pub async fn file_content(&self, file_id: i64) -> Result<Option<Vec<u8>>> {
        let mut sql = Sql::new("SELECT bytes FROM file_content WHERE file_id = ");
        sql.bind(file_id);
        Ok(self.fetch_optional::<BytesRow>(sql).await?.map(|r| r.bytes))
    }
}
