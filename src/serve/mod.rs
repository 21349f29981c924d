//! `essaylint serve`: the portal's pre-upload check, an HTTP service on the same engine as the CLI.
//!
//! The service renders the one way through over HTTP; it has no checking logic of its own:
//!
//! ```text
//! request → auth → posts → admission (permit) → body → check_bytes (blocking pool) → render::json
//! ```
//!
//! - [`routes`]: the handlers. `POST /v1/check` answers with exactly what
//!   `essaylint check --format json` prints for one file (the same [`crate::render::json::to_json`]),
//!   whether the essay passes or fails; the other routes serve the rule data, the checks'
//!   documentation, health, metrics and the OpenAPI document.
//! - [`upload`]: reading an upload (a raw body or the `file` field of a multipart form) under the
//!   upload limit, and admission: a permit from one of two semaphores (PDFs, whose text is
//!   extracted by a worker process of up to `--worker-memory-mb`, and everything else) taken
//!   *before* the body is read whole, so that memory is bounded by the permits, not by the callers.
//! - [`auth`]: the bearer token (`--token-file`), compared in constant time.
//! - [`metrics`]: Prometheus metrics through the `metrics` facade.
//! - [`openapi`]: the OpenAPI document, generated from the handlers by utoipa.
//! - [`schemas`]: the schemas the handlers name that are not the service's own types (the
//!   report, the rule data, the upload form).
//! - [`error`]: the JSON error body of every non-200 answer.
//!
//! The service is stateless: it keeps nothing between requests, writes nothing to disk, and logs
//! (with `tracing`, to stderr) a request id, the verdict, sizes and timings, never a file's text or
//! name. It stops on SIGTERM or SIGINT after the requests in flight have been answered.

pub mod auth;
pub mod error;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod schemas;
pub mod upload;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, Request};
use tower_http::request_id::{MakeRequestId, RequestId};

use crate::check::Options;
use crate::check::TextExtraction;
use crate::limits::{LimitArgs, Limits};
use crate::rules::RuleSet;
use crate::worker::WorkerPool;

/// The options of `essaylint serve`.
#[derive(Debug, Clone, clap::Args)]
#[command(mut_arg("worker_memory_mb", |arg| arg.help(
    "Address-space limit of the PDF text worker process, in MiB [default: 128 for the service]"
)))]
pub struct ServeArgs {
    /// Address and port to listen on. Loopback unless told otherwise; port 0 picks a free port
    /// (the line `listening on http://ADDR` on standard output says which).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Answer only requests with `Authorization: Bearer TOKEN`, TOKEN being this file's content
    /// (surrounding white space removed). Every route but `/healthz` then needs it.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Most uploads read and checked at once, other than PDFs [default: 2 × the number of CPUs].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=4096))]
    pub max_concurrent: Option<u32>,
    /// Most PDFs read and checked at once, and so the number of warm text worker processes, each
    /// of up to `--worker-memory-mb` [default: the number of CPUs].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub max_concurrent_pdf: Option<u32>,
    /// Most uploads waiting for a permit; past it the service answers 503 at once.
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub max_queue: u32,
    /// Deadline of one request, waiting, reading and checking together, in seconds; past it the
    /// service answers 503 with `Retry-After`.
    #[arg(long, value_name = "SECS", default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout_secs: u64,
    /// Load vacancy rules from this TOML file instead of the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Log format on standard error.
    #[arg(long, value_enum, default_value = "json")]
    pub log_format: LogFormat,
    /// Also serve this folder's files at `/`: the candidate's page, as `scripts/build-web.sh`
    /// builds it into `web/dist`. The page is static and checks files in the browser; it is served
    /// without the token, as `/healthz` is.
    #[arg(long, value_name = "DIR")]
    pub web_root: Option<PathBuf>,
    /// The limits, as for `check`; `--max-upload-mb` is the size past which an upload is answered
    /// 413 before it is read whole. One default differs: `--worker-memory-mb` is 128 for the
    /// service (see [`SERVE_WORKER_MEMORY_BYTES`]).
    #[command(flatten)]
    pub limits: LimitArgs,
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    /// One JSON object per line (for a log collector).
    Json,
    /// One line of text per event (for people).
    Text,
}

/// Why the service could not start or stopped with an error.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum ServeError {
    /// The rules file could not be read.
    #[error("cannot read the rules file {path}")]
    #[diagnostic(code(essaylint::serve::rules))]
    RulesFile {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The `--web-root` folder has no page.
    #[error("{} has no index.html", path.display())]
    #[diagnostic(
        code(essaylint::serve::web_root),
        help("build the page with scripts/build-web.sh and pass --web-root web/dist")
    )]
    WebRoot {
        /// The folder.
        path: PathBuf,
    },
    /// The rules file is not valid.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Rules(#[from] crate::rules::data::RulesError),
    /// The token file could not be read, or holds no token.
    #[error("cannot use the token file {path}: {reason}")]
    #[diagnostic(code(essaylint::serve::token))]
    TokenFile {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The path of the running executable, needed for the PDF text worker, is unknown.
    #[error("cannot find the essaylint executable for the PDF text worker: {0}")]
    #[diagnostic(code(essaylint::serve::exe))]
    Exe(#[source] std::io::Error),
    /// The address could not be bound.
    #[error("cannot listen on {addr}")]
    #[diagnostic(code(essaylint::serve::bind))]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The metrics recorder could not be installed.
    #[error("cannot set up metrics: {0}")]
    #[diagnostic(code(essaylint::serve::metrics))]
    Metrics(String),
    /// The runtime or the server failed.
    #[error("the server failed")]
    #[diagnostic(code(essaylint::serve::io))]
    Io(#[from] std::io::Error),
}

/// What every request shares: read-only after start, so the service stays stateless.
#[derive(Debug)]
pub struct AppState {
    /// The rules in force, for the life of the process (a resolved variant borrows them).
    pub rules: &'static RuleSet,
    /// How files are checked: the limits, and PDF text in the sandboxed worker.
    pub options: Options,
    /// The bearer token, when one is required.
    pub token: Option<auth::Token>,
    /// Admission: permits and the waiting queue.
    pub admission: upload::Admission,
    /// The deadline of one request.
    pub request_timeout: Duration,
    /// The rule data as JSON, rendered once.
    pub rules_json: String,
    /// The OpenAPI document, rendered once.
    pub openapi_json: String,
    /// Renders the metrics.
    pub metrics: metrics::Metrics,
    /// The folder served at `/` (`--web-root`), when one is.
    pub web_root: Option<PathBuf>,
}

/// A bound, not yet running, service: binding first lets the caller learn the port (with `:0`)
/// before serving.
pub struct Server {
    listener: std::net::TcpListener,
    state: Arc<AppState>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("addr", &self.local_addr())
            .finish_non_exhaustive()
    }
}

/// The service's default address-space limit of a PDF text worker, lower than the CLI's 256 MiB:
/// a hostile PDF grows its worker to the limit, and a service must stay within its memory whatever
/// arrives (server and worker together under 300 MiB, measured in `docs/service-load.md`). Every
/// PDF of the test corpus, essays and real documents, extracts the same text at 128 MiB as at
/// 256 MiB; `--worker-memory-mb` sets another.
pub const SERVE_WORKER_MEMORY_BYTES: u64 = 128 * 1024 * 1024;

/// Default permits for uploads other than PDFs: checks are CPU-bound (a few milliseconds each), so
/// more than the CPUs adds no throughput; twice as many lets one request read its body while
/// another computes. Each permit may hold one upload (up to `--max-upload-mb`) in memory.
fn default_max_concurrent() -> u32 {
    let cpus = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
    u32::try_from(cpus * 2).unwrap_or(u32::MAX).max(2)
}

/// Default permits for PDFs, one warm text worker each: one per CPU, since extraction is
/// CPU-bound.
fn default_max_concurrent_pdf() -> u32 {
    let cpus = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    u32::try_from(cpus).unwrap_or(u32::MAX).max(1)
}

impl Server {
    /// Loads the rules and the token, and binds the address. Installs the metrics recorder.
    pub fn bind(args: &ServeArgs) -> Result<Server, ServeError> {
        let rules = match &args.rules {
            None => RuleSet::builtin(),
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).map_err(|source| ServeError::RulesFile {
                        path: path.clone(),
                        source,
                    })?;
                RuleSet::from_toml(&text)?
            }
        };
        let rules: &'static RuleSet = Box::leak(Box::new(rules));
        if let Some(root) = &args.web_root
            && !root.join("index.html").is_file()
        {
            return Err(ServeError::WebRoot { path: root.clone() });
        }
        let token = args
            .token_file
            .as_ref()
            .map(|path| auth::Token::from_file(path))
            .transpose()?;
        let exe = std::env::current_exe().map_err(ServeError::Exe)?;
        let mut limits: Limits = args.limits.limits();
        if args.limits.worker_memory_mb.is_none() {
            limits.worker_memory_bytes = SERVE_WORKER_MEMORY_BYTES;
        }
        let max_concurrent_pdf = args
            .max_concurrent_pdf
            .unwrap_or_else(default_max_concurrent_pdf);
        // One warm worker per PDF permit: a PDF never waits for a worker, only for its permit.
        let pool = WorkerPool::new(exe, max_concurrent_pdf as usize);
        let options = Options {
            limits,
            pdf_text: TextExtraction::Pool(Arc::new(pool)),
            render_with: None,
        };
        let admission = upload::Admission::new(
            args.max_concurrent.unwrap_or_else(default_max_concurrent),
            max_concurrent_pdf,
            args.max_queue,
        );
        let rules_json = serde_json::to_string_pretty(rules)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        let openapi_json = openapi::document(rules, token.is_some());
        let state = AppState {
            rules,
            options,
            token,
            admission,
            request_timeout: Duration::from_secs(args.request_timeout_secs),
            rules_json,
            openapi_json,
            metrics: metrics::Metrics::install()?,
            web_root: args.web_root.clone(),
        };
        let listener =
            std::net::TcpListener::bind(args.addr).map_err(|source| ServeError::Bind {
                addr: args.addr,
                source,
            })?;
        listener.set_nonblocking(true)?;
        Ok(Server {
            listener,
            state: Arc::new(state),
        })
    }

    /// The address the service listens on.
    pub fn local_addr(&self) -> Option<SocketAddr> {
        self.listener.local_addr().ok()
    }

    /// Serves until SIGTERM or SIGINT, then lets the requests in flight finish and returns.
    /// `ready` is called once the signal handlers are installed, just before the first request is
    /// accepted: a readiness line printed there promises that a SIGTERM sent after it is handled.
    pub fn run(self, ready: impl FnOnce(Option<SocketAddr>)) -> Result<(), ServeError> {
        // Checks run on the blocking pool, at most one per permit: a pool of that size whose
        // threads never retire reuses the same threads, and so the same allocator caches, rather
        // than growing new ones under churn.
        let admission = &self.state.admission;
        let checks = (admission.max_concurrent as usize) + (admission.max_concurrent_pdf as usize);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("essaylint-serve")
            .max_blocking_threads(checks + 2)
            .thread_keep_alive(Duration::from_secs(24 * 3600))
            .build()?;
        runtime.block_on(async move {
            let addr = self.listener.local_addr().ok();
            let listener = tokio::net::TcpListener::from_std(self.listener)?;
            self.state.metrics.spawn_upkeep();
            let app = router(self.state);
            // The handlers exist before anyone is told the service is ready.
            let shutdown = shutdown_signal()?;
            ready(addr);
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
        })?;
        tracing::info!("stopped");
        // Blocking checks were awaited by their requests; nothing is left running but idle threads.
        runtime.shutdown_timeout(Duration::from_secs(1));
        Ok(())
    }
}

/// Sets up logging to standard error: JSON lines or text, filtered by `RUST_LOG` (default `info`).
pub fn init_logging(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false);
    // A second initialisation (a library user that set up its own) keeps the first.
    let _ = match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
        LogFormat::Text => builder.with_ansi(false).compact().try_init(),
    };
}

/// Installs the SIGTERM (what an orchestrator sends) and SIGINT (Ctrl-C) handlers, and returns
/// what resolves on either.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => {},
            _ = interrupt.recv() => {},
        }
        tracing::info!("shutting down: finishing the requests in flight");
    })
}

/// Request ids: a per-process prefix (the start time) and a counter, unless the caller sent a
/// usable `x-request-id` (tower-http keeps it).
#[derive(Clone, Debug)]
struct Counter {
    prefix: Arc<str>,
    next: Arc<AtomicU64>,
}

impl MakeRequestId for Counter {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}

/// The routes and the layers around them.
pub fn router(state: Arc<AppState>) -> Router {
    use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};

    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let ids = Counter {
        prefix: format!("{started:x}").into(),
        next: Arc::new(AtomicU64::new(1)),
    };
    routes::routes(state)
        .layer(axum::middleware::from_fn(routes::observe))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(ids))
}
