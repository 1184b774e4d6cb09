//! The `ratsinfo` command line: parses arguments and dispatches into the library.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use actix_web::{HttpServer, web};
use clap::{Parser, Subcommand};
use ratsinfo::api::limits::RateLimit;
use ratsinfo::api::{AppState, SystemInfo, build_app, openapi};
use ratsinfo::export::dump::{DumpOptions, dump};
use ratsinfo::ingest::generate::{Scale, generate};
use ratsinfo::ingest::harvest::{HarvestOptions, harvest};
use ratsinfo::ingest::minutes::{ImportOptions, import_minutes};
use ratsinfo::ingest::oparl_json::{LoadReport, load_demo, load_paths};
use ratsinfo::oparl::time::format_micros;
use ratsinfo::store::Store;
use ratsinfo::store::tokens::TokenScope;
use ratsinfo::store::webhooks::NewWebhook;
use tracing_subscriber::EnvFilter;

#[derive(Debug, Parser)]
#[command(
    name = "ratsinfo",
    version,
    about = "Council proceedings as open data: an OParl 1.1 API"
)]
struct Cli {
    /// Database: sqlite://FILE (created if missing) or postgres://USER@HOST/DB.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://ratsinfo.db",
        global = true
    )]
    database_url: String,
    /// Log lines as text for people or as JSON objects for log collectors (each line of
    /// a request then carries its `request_id`).
    #[arg(
        long,
        env = "RATSINFO_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "RATSINFO_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// The public base URL; every OParl id is built from it.
        #[arg(
            long,
            env = "RATSINFO_PUBLIC_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        public_url: String,
        /// Load the demo dataset (real minutes of a Bielefeld committee) before serving.
        #[arg(long)]
        demo: bool,
        /// Name of this system in the OParl System object.
        #[arg(long, env = "RATSINFO_NAME", default_value = "ratsinfo")]
        name: String,
        /// Licence URL of the data.
        #[arg(
            long,
            env = "RATSINFO_LICENSE",
            default_value = "https://creativecommons.org/licenses/by/4.0/"
        )]
        license: String,
        /// Contact e-mail for API questions.
        #[arg(long, env = "RATSINFO_CONTACT_EMAIL")]
        contact_email: Option<String>,
        /// Serve the bulk dump in this folder at /dumps/ (written by `ratsinfo dump
        /// --out DIR`, or by the schedule of --dump-every).
        #[arg(long, env = "RATSINFO_DUMP_DIR")]
        dump_dir: Option<PathBuf>,
        /// Write the dump into --dump-dir at start and then every this many hours, in
        /// the background (never on the request path).
        #[arg(long, env = "RATSINFO_DUMP_EVERY", requires = "dump_dir")]
        dump_every: Option<u64>,
        /// The largest minutes file `POST /api/v1/imports/minutes` takes, in MB.
        #[arg(long, env = "RATSINFO_MAX_UPLOAD_MB", default_value_t = 50)]
        max_upload_mb: usize,
        /// Requests a second per client, on average (0: no limit). Clients are told
        /// with RateLimit-* headers and get 429 with Retry-After beyond it.
        #[arg(long, env = "RATSINFO_RATE_LIMIT", default_value_t = 50)]
        rate_limit: u32,
        /// Requests a client may make at once before the average applies.
        #[arg(long, env = "RATSINFO_RATE_BURST", default_value_t = 200)]
        rate_burst: u32,
        /// A reverse proxy whose X-Forwarded-For names the client (repeatable, or
        /// comma-separated), e.g. 127.0.0.1 for nginx on the same machine.
        #[arg(long, env = "RATSINFO_TRUSTED_PROXY", value_delimiter = ',')]
        trusted_proxy: Vec<std::net::IpAddr>,
        /// Seconds a client has to send a request's head (slow clients are cut off).
        #[arg(long, default_value_t = 10)]
        request_timeout: u64,
        /// Seconds an idle keep-alive connection stays open.
        #[arg(long, default_value_t = 30)]
        keep_alive: u64,
        /// A read replica of the (PostgreSQL) database: the read endpoints read there,
        /// the write API, imports and jobs use --database-url.
        #[arg(long, env = "RATSINFO_READ_DATABASE_URL")]
        read_database_url: Option<String>,
    },
    /// Bearer tokens of the write API (`/api/v1/imports`, `/harvests`, `/objects`).
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Write a bulk dump: per body JSON Lines (gzip) and CSV per type, a SQLite file,
    /// and manifest.json with counts and SHA-256 sums.
    Dump {
        /// The dump folder; replaced only when the new dump is complete.
        #[arg(long, default_value = "dump")]
        out: PathBuf,
        /// The public base URL the ids are built from (as `serve --public-url`).
        #[arg(
            long,
            env = "RATSINFO_PUBLIC_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        public_url: String,
        /// Licence URL of the data (named in the manifest).
        #[arg(
            long,
            env = "RATSINFO_LICENSE",
            default_value = "https://creativecommons.org/licenses/by/4.0/"
        )]
        license: String,
    },
    /// Webhooks: POSTs signed with HMAC-SHA256 to a URL for every new or changed paper,
    /// meeting or decision that matches a filter; `serve` delivers them.
    Webhook {
        #[command(subcommand)]
        action: WebhookAction,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Import minutes (Niederschriften: text or PDF) into OParl objects.
    ImportMinutes {
        /// Minutes files (UTF-8 or Windows-1252 text, or PDF with a text layer).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The body (municipality) the meetings belong to, e.g. "Stadt Bielefeld".
        #[arg(long)]
        body: String,
        /// The committee, when the minutes do not name it.
        #[arg(long)]
        organization: Option<String>,
        /// The meeting's date (YYYY-MM-DD), for the page of one item that prints none;
        /// it wins over a date the minutes print.
        #[arg(long, value_parser = parse_date)]
        date: Option<chrono::NaiveDate>,
        /// Parse only; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the extracted structure as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Generate a deterministic synthetic council (for benchmarks and tests).
    Generate {
        /// tiny (tests), town (~2,500 objects), small (~5,000 papers), city (~100,000), metropolis (~1,000,000).
        #[arg(long, value_enum, default_value = "small")]
        scale: Scale,
        /// Seed of the generator; the same seed gives the same council.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Mirror a foreign OParl 1.0/1.1 server: everything on the first run, changes after.
    Harvest {
        /// The System (or Body) URL of the source.
        url: String,
        /// Only this Body: its id URL or the last segment of it.
        #[arg(long)]
        body: Option<String>,
        /// Requests in flight at once.
        #[arg(long, default_value_t = 4)]
        concurrency: usize,
        /// Pause after each request, in milliseconds (be kind to slow servers).
        #[arg(long, default_value_t = 0)]
        delay: u64,
        /// Crawl everything and delete what the source no longer has.
        #[arg(long)]
        full: bool,
        /// Time limit of one request, in seconds.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
        /// Safety overlap of incremental runs, in seconds, subtracted from the last sync.
        #[arg(long, default_value_t = 3600)]
        overlap: u64,
        /// Print the report as JSON on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Rebuild the search index from the stored objects (after an upgrade; `serve`
    /// does it by itself when the index is missing or stale).
    Reindex,
    /// Render every object's stored OParl JSON afresh (after an upgrade that changes
    /// the representation; `serve` says when it is due).
    Rerender,
    /// Load OParl JSON objects (files or folders; .json, .jsonl, .jsonl.gz) idempotently.
    LoadOparl {
        /// JSON files or folders holding them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum TokenAction {
    /// Create a token and print its secret (shown this once; only a hash is stored).
    Create {
        /// A name for the audit trail, e.g. the person or system using it.
        #[arg(long)]
        name: String,
        /// What it may do: import (minutes uploads and withdrawals), harvest, or admin
        /// (everything, and reading /api/v1/audit).
        #[arg(long, value_parser = ["import", "harvest", "admin"])]
        scope: String,
    },
    /// List the tokens (names, scopes, last use; never secrets).
    List,
    /// Revoke a token by name; writes with it get 401 from then on.
    Revoke { name: String },
}

#[derive(Debug, Subcommand)]
enum WebhookAction {
    /// Subscribe a URL.
    Add {
        /// Where deliveries are POSTed.
        #[arg(long)]
        url: String,
        /// The secret of the X-Ratsinfo-Signature HMAC (at least 16 characters).
        #[arg(long, env = "RATSINFO_WEBHOOK_SECRET")]
        secret: String,
        /// Only these kinds, comma-separated: Paper, Meeting, VoteEvent.
        #[arg(long = "type")]
        kinds: Option<String>,
        /// Only this body (id).
        #[arg(long)]
        body: Option<i64>,
        /// Only this committee (id): its meetings and decisions.
        #[arg(long)]
        organization: Option<i64>,
        /// Only papers of this type, e.g. Antrag.
        #[arg(long)]
        paper_type: Option<String>,
    },
    /// List the subscriptions with their deliveries.
    List,
    /// Remove a subscription and what is queued for it.
    Remove { id: i64 },
}

/// A calendar date on the command line: `2021-05-04`.
fn parse_date(value: &str) -> Result<chrono::NaiveDate, String> {
    ratsinfo::oparl::time::parse_date(value)
        .ok_or_else(|| format!("{value:?} is not a date of the form YYYY-MM-DD"))
}

fn print_report(report: &LoadReport) {
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    for e in &report.errors {
        eprintln!("error: {e}");
    }
    let c = &report.counts;
    eprintln!(
        "{} file(s), {} object(s): {} created, {} updated, {} unchanged, {} deleted; {} rejected file(s)",
        report.files,
        report.objects,
        c.created,
        c.updated,
        c.unchanged,
        c.deleted,
        report.errors.len()
    );
}

/// Rebuilds the search index with a progress bar on standard error.
async fn reindex(store: &Store) -> Result<(), String> {
    let started = std::time::Instant::now();
    let mut bar = Progress::new("search index");
    let n = store
        .rebuild_search(|done, total| bar.show(done, total))
        .await
        .map_err(|e| format!("rebuilding the search index: {e}"))?;
    bar.finish();
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "search index: {n} object(s) in {secs:.1} s ({:.0} objects/s)",
        n as f64 / secs.max(0.001)
    );
    Ok(())
}

/// Re-renders the stored renderings with a progress bar on standard error.
async fn rerender(store: &Store) -> Result<(), String> {
    let started = std::time::Instant::now();
    let mut bar = Progress::new("renderings");
    let changed = store
        .rerender(|done, total| bar.show(done, total))
        .await
        .map_err(|e| format!("rendering: {e}"))?;
    bar.finish();
    eprintln!(
        "renderings: {changed} changed in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A one-line progress bar on a terminal; a line per tenth otherwise (logs).
struct Progress {
    what: &'static str,
    terminal: bool,
    shown: u64,
}

impl Progress {
    fn new(what: &'static str) -> Progress {
        use std::io::IsTerminal;
        Progress {
            what,
            terminal: std::io::stderr().is_terminal(),
            shown: u64::MAX,
        }
    }

    fn show(&mut self, done: u64, total: u64) {
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        if self.terminal {
            if percent != self.shown {
                let filled = (percent / 5) as usize;
                eprint!(
                    "\r{}: [{}{}] {percent:>3}% ({done}/{total})",
                    self.what,
                    "#".repeat(filled),
                    "-".repeat(20 - filled)
                );
            }
        } else if percent / 10 != self.shown / 10 || self.shown == u64::MAX {
            eprintln!("{}: {percent}% ({done}/{total})", self.what);
        }
        self.shown = percent;
    }

    fn finish(&self) {
        if self.terminal {
            eprintln!();
        }
    }
}

/// Writes a dump and reports it on standard error.
async fn write_dump(store: &Store, options: &DumpOptions) -> Result<(), String> {
    let started = std::time::Instant::now();
    let manifest = dump(store, options, |what, rows| {
        tracing::debug!(what, rows, "dumped");
    })
    .await
    .map_err(|e| e.to_string())?;
    let rows: u64 = manifest.bodies.iter().flat_map(|b| b.counts.values()).sum();
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "dump: {} body(ies), {rows} object(s), {} file(s) in {} ({secs:.1} s, {:.0} objects/s)",
        manifest.bodies.len(),
        manifest.files.len() + 1,
        options.out.display(),
        rows as f64 / secs.max(0.001)
    );
    Ok(())
}

async fn run(cli: Cli) -> Result<(), String> {
    let open = || async {
        Store::open(&cli.database_url)
            .await
            .map_err(|e| format!("{}: {e}", cli.database_url))
    };
    match cli.command {
        Command::Reindex => {
            let store = open().await?;
            reindex(&store).await?;
        }
        Command::Rerender => {
            let store = open().await?;
            rerender(&store).await?;
        }
        Command::Openapi => {
            let json = openapi().to_pretty_json().map_err(|e| e.to_string())?;
            println!("{json}");
        }
        Command::Migrate => {
            open().await?;
            eprintln!("migrations applied to {}", cli.database_url);
        }
        Command::ImportMinutes {
            files,
            body,
            organization,
            date,
            dry_run,
            json,
        } => {
            let options = ImportOptions {
                body,
                organization,
                date,
            };
            let store = if dry_run { None } else { Some(open().await?) };
            let failed = import_minutes(store.as_ref(), &files, &options, json).await;
            if failed > 0 {
                return Err(format!("{failed} file(s) not imported"));
            }
        }
        Command::Generate { scale, seed } => {
            let store = open().await?;
            let g = generate(&store, scale, seed)
                .await
                .map_err(|e| e.to_string())?;
            eprintln!(
                "generated {} objects in {:.1} s ({:.0} objects/s) into {}",
                g.objects,
                g.seconds,
                g.objects as f64 / g.seconds.max(0.001),
                cli.database_url
            );
        }
        Command::Harvest {
            url,
            body,
            concurrency,
            delay,
            full,
            timeout,
            overlap,
            json,
        } => {
            let store = open().await?;
            let mut options = HarvestOptions::new(&url);
            options.body = body;
            options.full = full;
            options.overlap = Duration::from_secs(overlap);
            options.client.concurrency = concurrency.max(1);
            options.client.delay = Duration::from_millis(delay);
            options.client.timeout = Duration::from_secs(timeout.max(1));
            options.progress = true;
            let report = harvest(&store, &options).await.map_err(|e| e.to_string())?;
            eprint!("{}", report.render());
            if json {
                let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
                println!("{text}");
            }
        }
        Command::LoadOparl { paths } => {
            let store = open().await?;
            let report = load_paths(&store, &paths)
                .await
                .map_err(|e| e.to_string())?;
            print_report(&report);
            if !report.errors.is_empty() {
                return Err(format!("{} file(s) rejected", report.errors.len()));
            }
        }
        Command::Webhook { action } => {
            let store = open().await?;
            match action {
                WebhookAction::Add {
                    url,
                    secret,
                    kinds,
                    body,
                    organization,
                    paper_type,
                } => {
                    let hook = NewWebhook {
                        url,
                        secret,
                        kinds,
                        body_id: body,
                        organization_id: organization,
                        paper_type,
                    };
                    if let Some(problem) = hook.problem() {
                        return Err(format!("--{problem}"));
                    }
                    let id = store.add_webhook(&hook).await.map_err(|e| e.to_string())?;
                    eprintln!(
                        "webhook {id} added; `ratsinfo serve` delivers to {}",
                        hook.url
                    );
                }
                WebhookAction::List => {
                    let counts = store
                        .delivery_counts(ratsinfo::export::webhooks::MAX_ATTEMPTS)
                        .await
                        .map_err(|e| e.to_string())?;
                    for h in store.webhooks().await.map_err(|e| e.to_string())? {
                        let c = counts.get(&h.id).copied().unwrap_or_default();
                        println!(
                            "{}\t{}\ttypes={}\tbody={}\torganization={}\tpaper_type={}\t{}/{} delivered",
                            h.id,
                            h.url,
                            h.kinds.as_deref().unwrap_or("all"),
                            h.body_id.map_or("all".to_owned(), |b| b.to_string()),
                            h.organization_id
                                .map_or("all".to_owned(), |o| o.to_string()),
                            h.paper_type.as_deref().unwrap_or("all"),
                            c.delivered,
                            c.total
                        );
                    }
                }
                WebhookAction::Remove { id } => {
                    if !store.remove_webhook(id).await.map_err(|e| e.to_string())? {
                        return Err(format!("there is no webhook {id}"));
                    }
                    eprintln!("webhook {id} removed");
                }
            }
        }
        Command::Token { action } => {
            let store = open().await?;
            match action {
                TokenAction::Create { name, scope } => {
                    let scope = TokenScope::parse(&scope)
                        .ok_or_else(|| format!("--scope {scope:?}: import, harvest or admin"))?;
                    let name = name.trim();
                    if name.is_empty() {
                        return Err("--name: a name is needed for the audit trail".to_owned());
                    }
                    let secret = store
                        .create_token(name, scope)
                        .await
                        .map_err(|e| e.to_string())?;
                    eprintln!(
                        "token {name:?} ({} scope) created; it is shown this once:",
                        scope.name()
                    );
                    println!("{secret}");
                }
                TokenAction::List => {
                    for t in store.tokens().await.map_err(|e| e.to_string())? {
                        println!(
                            "{}\t{}\tcreated {}\tlast used {}\t{}",
                            t.name,
                            t.scope,
                            format_micros(t.created),
                            t.last_used.map_or("never".to_owned(), format_micros),
                            t.revoked.map_or("active".to_owned(), |r| format!(
                                "revoked {}",
                                format_micros(r)
                            ))
                        );
                    }
                }
                TokenAction::Revoke { name } => {
                    if !store.revoke_token(&name).await.map_err(|e| e.to_string())? {
                        return Err(format!("there is no active token named {name:?}"));
                    }
                    eprintln!("token {name:?} revoked");
                }
            }
        }
        Command::Dump {
            out,
            public_url,
            license,
        } => {
            let store = open().await?;
            let options = DumpOptions {
                out,
                public_url,
                license,
            };
            write_dump(&store, &options).await?;
        }
        Command::Serve {
            bind,
            public_url,
            demo,
            name,
            license,
            contact_email,
            dump_dir,
            dump_every,
            max_upload_mb,
            rate_limit,
            rate_burst,
            trusted_proxy,
            request_timeout,
            keep_alive,
            read_database_url,
        } => {
            let store = open().await?;
            if !store
                .search_index_current()
                .await
                .map_err(|e| e.to_string())?
            {
                eprintln!(
                    "The search index is missing or was built by an older version: rebuilding."
                );
                reindex(&store).await?;
            }
            if !store
                .renderings_current()
                .await
                .map_err(|e| e.to_string())?
            {
                tracing::warn!(
                    "the stored renderings are missing or follow an older representation: \
                     objects are rendered on each read until `ratsinfo rerender` has run \
                     (then restart)"
                );
            }
            if demo {
                let counts = load_demo(&store).await.map_err(|e| e.to_string())?;
                tracing::info!(
                    created = counts.created,
                    updated = counts.updated,
                    unchanged = counts.unchanged,
                    "demo dataset loaded (Bielefeld minutes of 2021-05-04)"
                );
            }
            if let (Some(dir), Some(hours)) = (dump_dir.clone(), dump_every) {
                let options = DumpOptions {
                    out: dir,
                    public_url: public_url.clone(),
                    license: license.clone(),
                };
                let store = store.clone();
                let every = Duration::from_secs(hours.max(1) * 3600);
                actix_web::rt::spawn(async move {
                    loop {
                        if let Err(e) = write_dump(&store, &options).await {
                            tracing::error!(error = %e, "scheduled dump failed; the previous dump stays served");
                        }
                        actix_web::rt::time::sleep(every).await;
                    }
                });
            }
            actix_web::rt::spawn(ratsinfo::export::webhooks::run(
                store.clone(),
                ratsinfo::api::urls::Urls::new(&public_url),
                Duration::from_secs(2),
            ));
            let system = SystemInfo {
                name,
                license,
                contact_email,
                ..SystemInfo::default()
            };
            let mut state = AppState::new(store, &public_url, system);
            if let Some(url) = &read_database_url {
                // A replica is not migrated from here: it follows its primary.
                state.store = Store::connect(url)
                    .await
                    .map_err(|e| format!("--read-database-url {url}: {e}"))?;
                tracing::info!("reads go to the replica; writes to --database-url");
            }
            state.version_ttl = Duration::from_secs(1);
            state.dump_dir = dump_dir;
            state.max_upload_bytes = max_upload_mb.max(1).saturating_mul(1024 * 1024);
            state.rate_limit = RateLimit::new(rate_limit, rate_burst).map(|mut rl| {
                // The demo is one person on a laptop: their own browser is not limited.
                rl.exempt_loopback = demo;
                rl.trusted_proxies = trusted_proxy;
                rl
            });
            let state = web::Data::new(state);
            let listener =
                TcpListener::bind(&bind).map_err(|e| format!("cannot listen on {bind}: {e}"))?;
            tracing::info!(
                "serving {public_url}/oparl/v1.1/system on {bind}; docs at {public_url}/docs/"
            );
            HttpServer::new(move || build_app(state.clone()))
                // Slow clients (slowloris) are cut off: the head must arrive within the
                // request timeout, idle connections close after keep-alive, and a
                // closing connection gets a few seconds to flush.
                .client_request_timeout(Duration::from_secs(request_timeout.max(1)))
                .keep_alive(Duration::from_secs(keep_alive))
                .client_disconnect_timeout(Duration::from_secs(5))
                .listen(listener)
                .map_err(|e| e.to_string())?
                .run()
                .await
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

#[actix_web::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Text => logs.init(),
        // One object per line; the request span's fields (request_id, method, path)
        // are on every line logged inside it.
        LogFormat::Json => logs.json().with_current_span(true).init(),
    }
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
