//! The handlers, and the middleware that authenticates, logs and counts every request.
//!
//! | route | answer |
//! |---|---|
//! | `POST /v1/check?post=…` | 200 the JSON report (as `essaylint check --format json`), 400, 401, 413, 415, 503 |
//! | `GET /v1/rules` | the rule data as JSON (the shape of `essaylint rules --toml`) |
//! | `GET /v1/explain` | every check: code, name, severity, summary, documentation |
//! | `GET /v1/explain/{name}` | one check, by name or code; 404 with the names |
//! | `GET /v1/openapi.json` | the OpenAPI document |
//! | `GET /metrics` | Prometheus metrics |
//! | `GET /healthz` | `{"status": "ok"}`, never behind the token |

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Json;
use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Path, RawQuery, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use utoipa::ToSchema;

use super::AppState;
use super::error::{ApiError, ErrorBody};
use super::metrics::{record_check, record_request};
use super::upload::{self, Class};
use crate::check::check_bytes;
use crate::render::json;
use crate::report::{Report, Verdict};
use crate::rules::data::VariantError;
use crate::rules::{CHECKS, CheckInfo, find_check};

/// The routes, with the token required on all but `/healthz`.
pub fn routes(state: Arc<AppState>) -> Router {
    let limits = &state.options.limits;
    let body_limit = usize::try_from(upload::body_allowance(limits, true)).unwrap_or(usize::MAX);
    let guarded = Router::new()
        .route(
            "/v1/check",
            post(check).layer(DefaultBodyLimit::max(body_limit)),
        )
        .route("/v1/rules", get(rules))
        .route("/v1/explain", get(explain_all))
        .route("/v1/explain/{name}", get(explain))
        .route("/v1/openapi.json", get(openapi))
        .route("/metrics", get(metrics))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            require_token,
        ));
    let router = Router::new()
        .route("/healthz", get(healthz))
        .merge(guarded)
        .method_not_allowed_fallback(method_not_allowed);
    let router = match &state.web_root {
        // The page's files at `/`; what is neither a route nor a file is the API's JSON 404.
        Some(root) => {
            use axum::handler::HandlerWithoutStateExt;
            use tower_http::set_header::SetResponseHeaderLayer;
            let files = tower_http::services::ServeDir::new(root)
                .append_index_html_on_directories(true)
                .not_found_service(not_found.into_service());
            // The same Content-Security-Policy the page's index.html declares: nothing it loads
            // may come from, or go to, another origin.
            let files = tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(WEB_CSP),
                ))
                .layer(SetResponseHeaderLayer::overriding(
                    header::X_CONTENT_TYPE_OPTIONS,
                    HeaderValue::from_static("nosniff"),
                ))
                .service(files);
            router.fallback_service(files)
        }
        None => router.fallback(not_found),
    };
    router.with_state(state)
}

/// The page's Content-Security-Policy, as `web/index.html` declares it.
const WEB_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

/// What a check answered, for the log line and the metrics.
#[derive(Debug, Clone)]
struct CheckOutcome {
    verdict: Verdict,
    format: String,
    upload_bytes: usize,
    class: Class,
    queued: Duration,
    check: Duration,
}

/// Logs one line per request (request id, route, status, verdict, sizes, timings; never a file's
/// name or text) and records the metrics.
pub async fn observe(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str())
        .to_owned();
    let method = request.method().clone();
    let id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let response = next.run(request).await;
    let elapsed = start.elapsed();
    let status = response.status().as_u16();
    let outcome = response.extensions().get::<CheckOutcome>();
    let verdict = match outcome.map(|o| o.verdict) {
        Some(Verdict::Pass) => "pass",
        Some(Verdict::Fail) => "fail",
        None => "none",
    };
    record_request(&route, status, verdict, elapsed);
    // Milliseconds to the microsecond: 0.006, not 0.0057280000000000005.
    let ms = |d: Duration| (d.as_secs_f64() * 1_000_000.0).round() / 1000.0;
    match outcome {
        Some(o) => tracing::info!(
            request_id = %id,
            method = %method,
            route = %route,
            status,
            verdict,
            format = %o.format,
            pool = o.class.name(),
            upload_bytes = o.upload_bytes,
            queued_ms = ms(o.queued),
            check_ms = ms(o.check),
            total_ms = ms(elapsed),
            "checked"
        ),
        None => tracing::info!(
            request_id = %id,
            method = %method,
            route = %route,
            status,
            total_ms = ms(elapsed),
            "answered"
        ),
    }
    response
}

/// 401 unless the request carries the token (when one is set).
async fn require_token(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    match &state.token {
        Some(token) if !token.admits(request.headers()) => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "this service needs `Authorization: Bearer TOKEN` with the token it was given",
        )
        .into_response(),
        _ => next.run(request).await,
    }
}

/// The posts of `?post=A&post=B`; 400 for any other parameter.
fn posts_of(query: Option<&str>) -> Result<Vec<String>, ApiError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.unwrap_or("")).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("the query string is not valid: {e}"),
            )
        })?;
    let mut posts = Vec::new();
    for (key, value) in pairs {
        if key != "post" {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                format!(
                    "unknown query parameter `{key}`: the only one is `post` (repeat it for several posts)"
                ),
            ));
        }
        posts.push(value);
    }
    Ok(posts)
}

/// 400 for posts that name no variant, with the valid posts.
fn variant_error(error: VariantError) -> ApiError {
    let message = error.to_string();
    let valid = match error {
        VariantError::UnknownPost { valid, .. } | VariantError::MixedCompetitions { valid, .. } => {
            valid
        }
        VariantError::NoSuchVariant { .. } => Vec::new(),
    };
    let mut api = ApiError::new(StatusCode::BAD_REQUEST, message);
    api.1.valid_posts = Some(valid);
    api
}

/// Check an essay.
///
/// The body is the file itself (any content type), or a `multipart/form-data` form with the file
/// in the field `file`. The answer is the JSON report `essaylint check --format json` writes for
/// that one file, with `path` the form's filename, or `upload` for a raw body; 200 whether the
/// essay passes or fails (see `files[0].verdict`).
#[utoipa::path(
    post,
    path = "/v1/check",
    tag = "check",
    params(
        ("post" = Option<Vec<String>>, Query, explode = true,
         description = "A post applied for; repeat for several (`?post=PASP0150&post=PASP0024`). None: no variant's limits are applied."),
    ),
    request_body(
        description = "The essay (.docx or .pdf), as the raw body or as the field `file` of a multipart form",
        content(
            (super::schemas::RawUpload = "application/octet-stream"),
            (super::schemas::UploadForm = "multipart/form-data"),
        ),
    ),
    responses(
        (status = 200, description = "The report for the upload, passing or failing", body = super::schemas::ReportSchema),
        (status = 400, description = "An unknown post, posts that name no variant, a bad query or form", body = ErrorBody),
        (status = 401, description = "The token is required and was not given", body = ErrorBody),
        (status = 413, description = "The upload is larger than `--max-upload-mb`", body = ErrorBody),
        (status = 415, description = "The upload is empty", body = ErrorBody),
        (status = 503, description = "Saturated, or past the request deadline; retry after `Retry-After` seconds", body = ErrorBody,
         headers(("Retry-After" = u32, description = "Seconds to wait"))),
    ),
    security(("bearer" = [])),
)]
pub async fn check(
    State(state): State<Arc<AppState>>,
    RawQuery(query): RawQuery,
    request: Request,
) -> Result<Response, ApiError> {
    let deadline = state.request_timeout;
    match tokio::time::timeout(deadline, check_upload(state, query, request)).await {
        Ok(answer) => answer,
        Err(_) => Err(ApiError::unavailable(format!(
            "the request did not finish within {} s (request-timeout-secs); retry shortly",
            deadline.as_secs()
        ))),
    }
}

async fn check_upload(
    state: Arc<AppState>,
    query: Option<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let posts = posts_of(query.as_deref())?;
    // The posts are judged before a byte of the body is read.
    let variant = state.rules.resolve(&posts).map_err(variant_error)?;
    let received = upload::receive(request, &state.options.limits, &state.admission).await?;
    let upload::Received {
        name,
        bytes,
        class,
        permit,
        queued,
    } = received;
    let shared = state.clone();
    let checked = tokio::task::spawn_blocking(move || {
        // The permit is held until the check is over, even when the caller has gone.
        let _permit = permit;
        let start = Instant::now();
        let report = check_bytes(
            &name,
            &bytes,
            shared.rules,
            variant.as_ref(),
            &shared.options,
        );
        let elapsed = start.elapsed();
        let verdict = report.verdict;
        let format = report.format.clone();
        let body = json::to_json(&Report::new(vec![report])) + "\n";
        (body, verdict, format, bytes.len(), elapsed)
    })
    .await;
    let Ok((body, verdict, format, upload_bytes, elapsed)) = checked else {
        tracing::error!("the check of an upload panicked");
        return Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "essaylint failed while checking this file; this is a bug in essaylint",
        ));
    };
    record_check(&format, upload_bytes, elapsed);
    let mut response = ([(header::CONTENT_TYPE, JSON)], body).into_response();
    response.extensions_mut().insert(CheckOutcome {
        verdict,
        format,
        upload_bytes,
        class,
        queued,
        check: elapsed,
    });
    Ok(response)
}

const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// The rule data: competitions, posts, essay variants and their limits and questions.
#[utoipa::path(
    get,
    path = "/v1/rules",
    tag = "rules",
    responses(
        (status = 200, description = "The rule data, the shape `essaylint rules --toml` prints, as JSON", body = super::schemas::RulesSchema),
        (status = 401, description = "The token is required and was not given", body = ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn rules(State(state): State<Arc<AppState>>) -> Response {
    ([(header::CONTENT_TYPE, JSON)], state.rules_json.clone()).into_response()
}

/// A check's documentation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckDoc {
    /// Stable code (`EL001`).
    pub code: String,
    /// Stable kebab-case name (`word-limit`).
    pub name: String,
    /// The severity it usually reports with: `error`, `warning` or `info`.
    pub severity: String,
    /// The first line of the documentation.
    pub summary: String,
    /// The documentation (Markdown): what it does, why, how to fix what it reports.
    pub doc: String,
}

impl From<&CheckInfo> for CheckDoc {
    fn from(check: &CheckInfo) -> CheckDoc {
        CheckDoc {
            code: check.code.to_owned(),
            name: check.name.to_owned(),
            severity: check.severity.as_str().to_owned(),
            summary: check.summary().to_owned(),
            doc: check.doc_markdown(),
        }
    }
}

/// Every check, in the order they run.
#[utoipa::path(
    get,
    path = "/v1/explain",
    tag = "rules",
    responses(
        (status = 200, description = "Every check", body = [CheckDoc]),
        (status = 401, description = "The token is required and was not given", body = ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn explain_all() -> Json<Vec<CheckDoc>> {
    Json(CHECKS.iter().map(CheckDoc::from).collect())
}

/// One check's documentation, as `essaylint explain NAME`.
#[utoipa::path(
    get,
    path = "/v1/explain/{name}",
    tag = "rules",
    params(("name" = String, Path, description = "A check's name (`word-limit`) or code (`EL001`)")),
    responses(
        (status = 200, description = "The check", body = CheckDoc),
        (status = 401, description = "The token is required and was not given", body = ErrorBody),
        (status = 404, description = "No check has that name; `valid_checks` lists them", body = ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn explain(Path(name): Path<String>) -> Result<Json<CheckDoc>, ApiError> {
    match find_check(&name) {
        Some(check) => Ok(Json(CheckDoc::from(check))),
        None => {
            let mut error = ApiError::new(
                StatusCode::NOT_FOUND,
                format!("no check is called `{name}`"),
            );
            error.1.valid_checks = Some(CHECKS.iter().map(|c| c.name.to_owned()).collect());
            Err(error)
        }
    }
}

/// The service's health.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` while the service answers.
    pub status: String,
}

/// Liveness and readiness: the service answers. Never behind the token.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "service",
    responses((status = 200, description = "The service answers", body = Health)),
)]
pub async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok".to_owned(),
    })
}

/// Prometheus metrics, in the text exposition format.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "service",
    responses(
        (status = 200, description = "Prometheus text format 0.0.4", body = String, content_type = "text/plain"),
        (status = 401, description = "The token is required and was not given", body = ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        state.metrics.render(),
    )
        .into_response()
}

/// This document.
#[utoipa::path(
    get,
    path = "/v1/openapi.json",
    tag = "service",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of the service", body = Object),
        (status = 401, description = "The token is required and was not given", body = ErrorBody),
    ),
    security(("bearer" = [])),
)]
pub async fn openapi(State(state): State<Arc<AppState>>) -> Response {
    ([(header::CONTENT_TYPE, JSON)], state.openapi_json.clone()).into_response()
}

/// A route asked with a method it does not take (`GET /v1/check`): JSON, as every other error.
async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "this route does not take that method; see /v1/openapi.json",
    )
}

async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such route; see /v1/openapi.json")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posts_come_from_repeated_parameters() {
        assert_eq!(
            posts_of(Some("post=PASP0150&post=PASP0024")).expect("valid"),
            ["PASP0150", "PASP0024"]
        );
        assert!(posts_of(None).expect("valid").is_empty());
        let error = posts_of(Some("posts=PASP0150")).expect_err("unknown parameter");
        assert_eq!(error.0, StatusCode::BAD_REQUEST);
    }

    #[test]
    fn unknown_posts_list_the_valid_ones() {
        let rules = crate::rules::RuleSet::builtin();
        let error = rules
            .resolve(&["nope".to_owned()])
            .expect_err("unknown post");
        let api = variant_error(error);
        assert_eq!(api.0, StatusCode::BAD_REQUEST);
        assert_eq!(
            api.1.valid_posts.as_deref(),
            Some(rules.post_ids().as_slice())
        );
    }
}
