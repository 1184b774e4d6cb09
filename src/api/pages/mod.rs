//! Pages for people: server-rendered HTML over the same store and renderer as the two
//! APIs, so a page never shows what the public API would not (non-public items stay
//! redacted). German interface text, no script; every page links its JSON twin and
//! gets the same ETag and 304 handling as the API (the `caching` middleware).
//!
//! Paths mirror the OParl ones without the prefix (`/meetings/1` beside
//! `/oparl/v1.1/meetings/1`), votes mirror the native face (`/votes/1`).

mod german;
mod landing;
mod layout;
mod lookup;
mod meeting;
mod organization;
mod paper;
mod person;
mod search;
mod svg;
mod vote;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError, web};
use maud::{Markup, html};

pub use self::german::kind as kind_label;
use self::layout::Frame;
pub use self::lookup::organization_name;
use crate::api::AppState;
use crate::api::error::ApiError;

pub fn configure(cfg: &mut web::ServiceConfig) {
    fn get_and_head<F, Args>(cfg: &mut web::ServiceConfig, path: &str, handler: F)
    where
        F: actix_web::Handler<Args> + Clone,
        Args: actix_web::FromRequest + 'static,
        F::Output: actix_web::Responder + 'static,
    {
        cfg.service(
            web::resource(path)
                .route(web::get().to(handler.clone()))
                .route(web::head().to(handler)),
        );
    }
    get_and_head(cfg, "/", landing::page);
    get_and_head(cfg, "/search", search::page);
    get_and_head(cfg, "/meetings/{id}", meeting::page);
    get_and_head(cfg, "/agenda-items/{id}", meeting::agenda_item);
    get_and_head(cfg, "/papers/{id}", paper::page);
    get_and_head(cfg, "/persons/{id}", person::page);
    get_and_head(cfg, "/organizations/{id}", organization::page);
    get_and_head(
        cfg,
        "/organizations/{id}/agreement.svg",
        organization::heatmap_svg,
    );
    get_and_head(cfg, "/agreement.svg", organization::heatmap_svg_all);
    get_and_head(cfg, "/votes/{id}", vote::page);
}

/// A page's content and what its frame and headers need.
pub struct Html {
    pub title: String,
    pub content: Markup,
    /// The JSON twin: an OParl object or a native resource.
    pub alternate: Option<String>,
    /// The Atom feed that follows what the page shows.
    pub feed: Option<String>,
    /// The words to show in the search box.
    pub query: String,
    /// The last change of what the page shows, for `Last-Modified`.
    pub modified: Option<i64>,
    pub status: StatusCode,
}

impl Html {
    pub fn new(title: impl Into<String>, content: Markup) -> Html {
        Html {
            title: title.into(),
            content,
            alternate: None,
            feed: None,
            query: String::new(),
            modified: None,
            status: StatusCode::OK,
        }
    }

    pub fn alternate(mut self, url: String) -> Html {
        self.alternate = Some(url);
        self
    }

    pub fn feed(mut self, path: String) -> Html {
        self.feed = Some(path);
        self
    }

    pub fn modified(mut self, micros: i64) -> Html {
        self.modified = Some(micros);
        self
    }
}

/// The one place where page results become HTTP: a page, or an error page in German
/// with the status the API would give.
fn respond(state: &AppState, result: Result<Html, ApiError>) -> HttpResponse {
    let html = result.unwrap_or_else(|e| error_page(&e));
    let oparl = state.urls.system();
    let frame = Frame {
        site: &state.system.name,
        title: &html.title,
        alternate: html.alternate.as_deref(),
        feed: html.feed.as_deref(),
        query: &html.query,
        license: &state.system.license,
        oparl: &oparl,
    };
    let body = layout::page(&frame, html.content).into_string();
    let mut response = HttpResponse::build(html.status);
    response.insert_header((
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    ));
    if let Some(url) = &html.alternate
        && let Ok(link) = HeaderValue::from_str(&format!(
            "<{url}>; rel=\"alternate\"; type=\"application/json\""
        ))
    {
        response.insert_header((header::LINK, link));
    }
    if let Some(date) = html.modified.and_then(crate::api::caching::http_date) {
        response.insert_header((header::LAST_MODIFIED, date));
    }
    response.body(body)
}

/// An SVG picture, served alone for embedding.
fn svg_response(markup: Markup) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("image/svg+xml; charset=utf-8"),
        ))
        .body(markup.into_string())
}

fn error_page(e: &ApiError) -> Html {
    let status = e.status_code();
    if status.is_server_error() {
        // Logs the cause, as the API does; the page shows none of it.
        let _ = e.error_response();
    }
    let (title, text) = match status {
        StatusCode::NOT_FOUND => (
            "Nicht gefunden",
            "Diese Seite gibt es nicht, oder der Eintrag wurde gelöscht.".to_owned(),
        ),
        StatusCode::BAD_REQUEST => (
            "Anfrage nicht verständlich",
            match e {
                ApiError::BadRequest { detail, .. } => detail.clone(),
                _ => String::new(),
            },
        ),
        _ => (
            "Fehler",
            "Die Seite konnte gerade nicht erstellt werden. Bitte später erneut versuchen."
                .to_owned(),
        ),
    };
    let mut html = Html::new(
        title,
        html! {
            h1 { (title) }
            p.notice { (text) }
            p { a href="/" { "Zur Startseite" } }
        },
    );
    html.status = status;
    html
}

/// `404` for a page id that names nothing.
fn missing(what: &str, raw: &str) -> ApiError {
    ApiError::not_found(
        format!("Es gibt keine {what} mit der Nummer {raw}."),
        format!("{what} {raw:?}"),
    )
}
