//! Test harness: a fresh database per test on either backend, the app in-process, and
//! a small client that speaks absolute OParl URLs.

use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::atomic::{AtomicU32, Ordering};

use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::HeaderMap;
use actix_web::test::{self, TestRequest};
use actix_web::web;
use ratsinfo::api::{AppState, SystemInfo, build_app};
use ratsinfo::store::Store;
use serde_json::Value;

pub const BASE: &str = "http://ratsinfo.test";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL server tests use; `.ci/run` makes sure it runs.
pub fn postgres_admin_url() -> String {
    std::env::var("RATSINFO_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    format!(
        "ratsinfo_t_{}_{}_{n}",
        std::process::id(),
        chrono::Utc::now().timestamp_micros()
    )
}

/// A fresh, empty, migrated database; dropped by [`TestDb::cleanup`].
pub struct TestDb {
    pub store: Store,
    /// The database URL, for a second process's view (another `Store`).
    pub url: String,
    backend: Backend,
    name: String,
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        let name = unique_name();
        let url = match backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("{name}.db"));
                format!("sqlite://{}", path.display())
            }
            Backend::Postgres => {
                let admin = Store::connect(&postgres_admin_url())
                    .await
                    .expect("PostgreSQL must be reachable for the tests (see .ci/run)");
                admin
                    .execute_raw(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                admin.close().await;
                let admin_url = postgres_admin_url();
                let base = admin_url
                    .rsplit_once('/')
                    .map(|(b, _)| b)
                    .unwrap_or(&admin_url);
                format!("{base}/{name}")
            }
        };
        let store = Store::open(&url)
            .await
            .expect("open and migrate the test database");
        TestDb {
            store,
            url,
            backend,
            name,
        }
    }

    /// Another process's view of this database: a pool of its own, and no ownership
    /// (its cleanup only closes the pool).
    pub async fn view(&self) -> TestDb {
        TestDb {
            store: Store::connect(&self.url).await.expect("a second pool"),
            url: self.url.clone(),
            backend: self.backend,
            name: String::new(),
        }
    }

    pub async fn cleanup(self) {
        self.store.close().await;
        if self.name.is_empty() {
            return;
        }
        match self.backend {
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("{}.db", self.name));
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Backend::Postgres => {
                if let Ok(admin) = Store::connect(&postgres_admin_url()).await {
                    let _ = admin
                        .execute_raw(&format!(
                            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                            self.name
                        ))
                        .await;
                    admin.close().await;
                }
            }
        }
    }
}

/// A response as the tests see it.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

type Call = Box<
    dyn Fn(Method, String, Vec<(String, String)>, Vec<u8>) -> Pin<Box<dyn Future<Output = Resp>>>,
>;

/// The app in-process over a store.
pub struct TestApp {
    pub db: TestDb,
    call: Call,
}

impl TestApp {
    pub async fn new(backend: Backend) -> TestApp {
        TestApp::over(TestDb::new(backend).await).await
    }

    /// A new app over this one's database: cold caches, for tests that change the
    /// database behind the app's back.
    pub async fn reopen(self) -> TestApp {
        TestApp::over(self.db).await
    }

    /// A second app over this one's database through a pool of its own, taking the data
    /// version as known for `ttl`: another replica of `serve`.
    pub async fn replica(&self, ttl: std::time::Duration) -> TestApp {
        TestApp::over_with(self.db.view().await, ttl).await
    }

    /// A second app over this one's database through a pool of its own, its state
    /// changed by `configure`.
    pub async fn twin(&self, configure: impl FnOnce(&mut AppState)) -> TestApp {
        TestApp::configured(self.db.view().await, configure).await
    }

    /// An app that takes the store's data version as known for `ttl`, as `serve` does.
    pub async fn with_version_ttl(backend: Backend, ttl: std::time::Duration) -> TestApp {
        TestApp::over_with(TestDb::new(backend).await, ttl).await
    }

    async fn over(db: TestDb) -> TestApp {
        TestApp::over_with(db, std::time::Duration::ZERO).await
    }

    async fn over_with(db: TestDb, ttl: std::time::Duration) -> TestApp {
        TestApp::configured(db, |state| state.version_ttl = ttl).await
    }

    /// A new app over this one's database, its state changed by `configure` (for
    /// settings of `serve` such as the dump folder).
    pub async fn reopen_with(self, configure: impl FnOnce(&mut AppState)) -> TestApp {
        TestApp::configured(self.db, configure).await
    }

    async fn configured(db: TestDb, configure: impl FnOnce(&mut AppState)) -> TestApp {
        let mut state = AppState::new(db.store.clone(), BASE, SystemInfo::default());
        configure(&mut state);
        let state = web::Data::new(state);
        let service = Rc::new(test::init_service(build_app(state)).await);
        let call: Call = Box::new(move |method, path, headers, body| {
            let service = service.clone();
            Box::pin(async move {
                let mut req = TestRequest::default().method(method).uri(&path);
                for header in headers {
                    req = req.insert_header(header);
                }
                if !body.is_empty() {
                    req = req.set_payload(body);
                }
                let req = req.to_request();
                let res: ServiceResponse<_> = match service.call(req).await {
                    Ok(r) => r,
                    Err(e) => panic!("service error for {path}: {e}"),
                };
                let status = res.status().as_u16();
                let headers = res.headers().clone();
                let body = test::read_body(res).await.to_vec();
                Resp {
                    status,
                    headers,
                    body,
                }
            })
        });
        TestApp { db, call }
    }

    /// The app with the demo dataset loaded.
    pub async fn with_demo(backend: Backend) -> TestApp {
        let app = TestApp::new(backend).await;
        ratsinfo::ingest::oparl_json::load_demo(&app.db.store)
            .await
            .expect("demo loads");
        app
    }

    /// The app with the hand-transcribed OParl JSON of the same meeting loaded.
    pub async fn with_oparl_fixture(backend: Backend) -> TestApp {
        let app = TestApp::new(backend).await;
        let report =
            ratsinfo::ingest::oparl_json::load_paths(&app.db.store, &[oparl_fixture_path()])
                .await
                .expect("fixture loads");
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        app
    }

    pub fn store(&self) -> &Store {
        &self.db.store
    }

    /// GET an absolute URL of this server, or a path.
    pub async fn get(&self, url: &str) -> Resp {
        self.request(Method::GET, url).await
    }

    pub async fn request(&self, method: Method, url: &str) -> Resp {
        self.request_with(method, url, &[]).await
    }

    /// A request with extra headers.
    pub async fn request_with(&self, method: Method, url: &str, headers: &[(&str, &str)]) -> Resp {
        self.send(method, url, headers, Vec::new()).await
    }

    /// A request with extra headers and a body.
    pub async fn send(
        &self,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> Resp {
        let path = url.strip_prefix(BASE).unwrap_or(url).to_owned();
        assert!(path.starts_with('/'), "URL outside this server: {url}");
        let headers = headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        (self.call)(method, path, headers, body).await
    }

    pub async fn get_json(&self, url: &str) -> Value {
        let r = self.get(url).await;
        assert_eq!(
            r.status,
            200,
            "GET {url}: {}",
            String::from_utf8_lossy(&r.body)
        );
        r.json()
    }

    pub async fn cleanup(self) {
        self.db.cleanup().await;
    }
}

/// Runs each named `async fn(Backend)` on both backends as separate tests.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[actix_web::test] async fn $name() { super::$name($crate::helpers::Backend::Sqlite).await })*
        }
        mod postgres {
            $(#[actix_web::test] async fn $name() { super::$name($crate::helpers::Backend::Postgres).await })*
        }
    };
}

/// Writes JSON fixtures into a fresh temporary folder.
pub fn fixture_dir(files: &[(&str, Value)]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(unique_name());
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (name, value) in files {
        std::fs::write(
            dir.join(name),
            serde_json::to_vec_pretty(value).expect("json"),
        )
        .expect("write fixture");
    }
    dir
}

fn oparl_fixture_path() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/oparl/bielefeld-digitalisierungsausschuss-2021-05-04.json")
}

/// The OParl JSON fixture as parsed JSON, for tests that load variations of it.
pub fn demo_objects() -> Vec<Value> {
    let text = std::fs::read_to_string(oparl_fixture_path()).expect("fixture exists");
    serde_json::from_str(&text).expect("fixture is JSON")
}
