//! HTTP: the OParl face (`/oparl/v1.1`), the native face (`/api/v1`), file downloads,
//! the OpenAPI document with Swagger UI, and the pages for people, all built by
//! [`build_app`] for `main` and tests.

pub mod caching;
pub mod catalog;
pub mod error;
pub mod feeds;
pub mod files;
pub mod limits;
pub mod native;
pub mod observe;
pub mod oparl;
pub mod ops;
pub mod pages;
pub mod response_cache;
pub mod urls;
pub mod write;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Compress, Condition, DefaultHeaders, from_fn};
use actix_web::{App, HttpRequest, HttpResponse, web};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use self::error::ApiError;
use self::oparl::render::Renderer;
use self::urls::Urls;
use self::write::BearerScheme;
use crate::oparl::NAMESPACE;
use crate::oparl::model::System;
use crate::oparl::time::format_micros;
use std::collections::HashMap;
use std::sync::Mutex;

use crate::oparl::ObjectType;
use crate::store::Store;
use crate::store::read::{ListFilter, Scope};

/// What the System object says about this instance.
#[derive(Debug, Clone)]
pub struct SystemInfo {
    pub name: String,
    pub license: String,
    pub contact_email: Option<String>,
    pub contact_name: Option<String>,
    pub website: Option<String>,
}

impl Default for SystemInfo {
    fn default() -> Self {
        SystemInfo {
            name: "ratsinfo".to_owned(),
            license: "https://creativecommons.org/licenses/by/4.0/".to_owned(),
            contact_email: None,
            contact_name: None,
            website: None,
        }
    }
}

/// Shared by all handlers.
pub struct AppState {
    /// What the read endpoints read: the database, or a read replica of it
    /// (`serve --read-database-url`).
    pub store: Store,
    /// The primary database: the write API writes and authenticates here, so that a
    /// revoked token or a running harvest is seen at once.
    pub writes: Store,
    pub urls: Urls,
    pub system: SystemInfo,
    /// `totalElements` of lists, valid while the list's last change stays the same.
    counts: Mutex<HashMap<CountKey, (Option<i64>, i64)>>,
    /// Rendered OParl responses, valid while their object or list is unchanged.
    pub responses: response_cache::ResponseCache,
    /// How long the store's data version may be taken as known without asking. Zero
    /// (the default) asks on every request; `serve` uses one second, so that cached
    /// responses are answered without any query and writes by another process (an
    /// import, a harvest) are seen within that second.
    pub version_ttl: std::time::Duration,
    version: Mutex<Option<(std::time::Instant, i64)>>,
    /// The bulk dump served at `/dumps/` (see `export::dump`).
    pub dump_dir: Option<std::path::PathBuf>,
    /// The largest minutes file the write API takes, in bytes.
    pub max_upload_bytes: usize,
    /// Per-client request limits (`serve --rate-limit`); None: unlimited.
    pub rate_limit: Option<limits::RateLimit>,
    /// Whether the store's renderings are current (0: not asked yet, 1: yes, 2: no).
    renderings: std::sync::atomic::AtomicU8,
}

/// Default of `serve --max-upload-mb`.
pub const DEFAULT_MAX_UPLOAD_BYTES: usize = 50 * 1024 * 1024;

type CountKey = (ObjectType, Scope, ListFilter);

/// Entries kept before the count cache starts over (a few hundred bytes each).
const COUNT_CACHE_ENTRIES: usize = 10_000;

impl AppState {
    pub fn new(store: Store, public_url: &str, system: SystemInfo) -> AppState {
        AppState {
            writes: store.clone(),
            store,
            urls: Urls::new(public_url),
            system,
            counts: Mutex::new(HashMap::new()),
            responses: response_cache::ResponseCache::default(),
            version_ttl: std::time::Duration::ZERO,
            version: Mutex::new(None),
            dump_dir: None,
            max_upload_bytes: DEFAULT_MAX_UPLOAD_BYTES,
            rate_limit: None,
            renderings: std::sync::atomic::AtomicU8::new(0),
        }
    }

    /// Renders every object on each read, as for a store whose renderings are stale.
    pub fn disable_renderings(&mut self) {
        self.renderings = std::sync::atomic::AtomicU8::new(2);
    }

    /// Whether objects of `ty` are served from the store's renderings: they are kept
    /// for the type and follow this build's representation (asked once).
    pub async fn serves_renderings(&self, ty: ObjectType) -> Result<bool, ApiError> {
        use std::sync::atomic::Ordering;
        if !crate::store::renderings::stored(ty) {
            return Ok(false);
        }
        match self.renderings.load(Ordering::Relaxed) {
            1 => Ok(true),
            2 => Ok(false),
            _ => {
                let current = self.store.renderings_current().await?;
                self.renderings
                    .store(if current { 1 } else { 2 }, Ordering::Relaxed);
                Ok(current)
            }
        }
    }

    /// The store's data version, read at most once per `version_ttl`.
    pub async fn data_version(&self) -> Result<i64, ApiError> {
        if !self.version_ttl.is_zero()
            && let Ok(known) = self.version.lock()
            && let Some((at, v)) = *known
            && at.elapsed() < self.version_ttl
        {
            return Ok(v);
        }
        let v = self.store.data_version().await?;
        if let Ok(mut known) = self.version.lock() {
            *known = Some((std::time::Instant::now(), v));
        }
        Ok(v)
    }

    /// The number of objects in a list. Counting is proportional to the list, so the
    /// result is kept until the list's last change (a cheap index look-up) moves.
    pub async fn count(
        &self,
        ty: ObjectType,
        scope: Scope,
        filter: &ListFilter,
        last_modified: Option<i64>,
    ) -> Result<i64, ApiError> {
        let key = (ty, scope, filter.clone());
        if let Ok(cache) = self.counts.lock()
            && let Some((stamp, n)) = cache.get(&key)
            && *stamp == last_modified
        {
            return Ok(*n);
        }
        let n = self.store.count(ty, scope, filter).await?;
        if let Ok(mut cache) = self.counts.lock() {
            if cache.len() >= COUNT_CACHE_ENTRIES {
                cache.clear();
            }
            cache.insert(key, (last_modified, n));
        }
        Ok(n)
    }

    pub fn renderer(&self, omit_internal: bool) -> Renderer<'_> {
        Renderer {
            reads: self.store.reads(),
            urls: &self.urls,
            omit_internal,
        }
    }

    /// The System object and its last change (stored microseconds).
    pub async fn system_object(&self) -> Result<(System, i64), ApiError> {
        let row = self.store.system().await?;
        let modified = row.modified.max(row.created);
        let system = System {
            id: self.urls.system(),
            type_: format!("{NAMESPACE}System"),
            oparl_version: NAMESPACE.to_owned(),
            other_oparl_versions: Vec::new(),
            body: self.urls.body_list(),
            name: Some(self.system.name.clone()),
            contact_email: self.system.contact_email.clone(),
            contact_name: self.system.contact_name.clone(),
            website: self.system.website.clone(),
            vendor: Some("https://github.com/ratsinfo/ratsinfo".to_owned()),
            product: Some("https://github.com/ratsinfo/ratsinfo".to_owned()),
            license: Some(self.system.license.clone()),
            web: Some(format!("{}/", self.urls.base())),
            created: format_micros(row.created),
            modified: format_micros(modified),
        };
        Ok((system, modified))
    }
}

#[derive(OpenApi)]
#[openapi(
    modifiers(&BearerScheme),
    info(
        title = "ratsinfo",
        description = "Council proceedings as open data: an OParl 1.1 API (`/oparl/v1.1`).\n\n\
            Every list is keyset-paginated: follow `links.next`. Errors are OParl Error objects \
            that are also RFC 9457 problem details.",
        license(name = "AGPL-3.0-or-later")
    ),
    tags(
        (name = "OParl", description = "The OParl 1.1 interface"),
        (name = "Votes", description = "Decisions, votes and motions read from minutes (native, beyond OParl)"),
        (name = "Search", description = "Full-text search over papers, agenda items, meetings, persons, organizations and votes"),
        (name = "Statistics", description = "Analyses over decisions, with their coverage"),
        (name = "Catalogue", description = "A DCAT-AP.de catalogue of the published data, for open-data portals"),
        (name = "Feeds", description = "Atom feeds of new and changed papers, meetings and decisions; iCalendar files of meetings"),
        (name = "Files", description = "File contents"),
        (name = "Sources", description = "Harvested source systems and how current their mirrors are"),
        (name = "Operations", description = "Health, readiness and Prometheus metrics for operators"),
        (name = "Writes", description = "Uploads of minutes, harvests and withdrawals, with a bearer token (`ratsinfo token create`); every write is audited")
    )
)]
struct ApiDoc;

/// The OpenAPI document, collected from the registered handlers.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes)
        .split_for_parts();
    api
}

fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    oparl::endpoints::configure(cfg);
    native::configure(cfg);
    feeds::configure(cfg);
    catalog::configure(cfg);
    files::configure(cfg);
    ops::configure(cfg);
    write::configure(cfg);
}

/// The `Accept` header as sent and its media ranges without parameters (`q` is not
/// weighed: every representation offered is as good as the others); None without one.
pub(crate) fn accept_ranges(req: &HttpRequest) -> Option<(&str, Vec<&str>)> {
    let accept = req
        .headers()
        .get(actix_web::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())?;
    let ranges = accept
        .split(',')
        .map(|r| r.split(';').next().unwrap_or_default().trim())
        .collect();
    Some((accept, ranges))
}

async fn not_found(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::not_found(
        "There is nothing at this address.",
        format!("{} {}", req.method(), req.path()),
    ))
}

/// The application: routes, documentation, CORS and compression.
pub fn build_app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let dumps = state.dump_dir.clone();
    let limited = state.rate_limit.is_some();
    let (app, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .app_data(state)
        .configure(routes)
        .split_for_parts();
    app.configure(pages::configure)
        .configure(|cfg| files::dumps(cfg, dumps))
        .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", api))
        .default_service(web::to(not_found))
        .wrap(Condition::new(limited, from_fn(limits::limit)))
        .wrap(Compress::default())
        .wrap(from_fn(caching::conditional))
        .wrap(
            DefaultHeaders::new()
                .add(("Access-Control-Allow-Origin", "*"))
                .add(("X-Content-Type-Options", "nosniff")),
        )
        .wrap(from_fn(observe::observe))
}
