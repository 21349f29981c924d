//! Prometheus metrics (`GET /metrics`), recorded through the `metrics` facade and rendered by
//! `metrics-exporter-prometheus`.
//!
//! - `essaylint_http_requests_total{route, status, verdict}`: answers, by route, HTTP status and,
//!   for checks answered 200, the verdict (`pass`, `fail`; `none` otherwise).
//! - `essaylint_http_request_duration_seconds{route}`: a histogram of the time from the request to
//!   its answer's headers.
//! - `essaylint_check_duration_seconds{format}`: a histogram of the check alone.
//! - `essaylint_upload_bytes`: a histogram of upload sizes.
//! - `essaylint_queued_requests`: uploads waiting for a permit now.
//! - `essaylint_admitted_uploads{pool}`: uploads holding a permit now (being read or checked), by
//!   pool (`pdf`, `other`).
//! - `essaylint_worker_failures_total{reason}`: PDF text workers that failed, by reason (recorded by
//!   [`crate::worker`]).

use std::time::Duration;

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use super::ServeError;

/// Answers by route, status and verdict.
pub const REQUESTS: &str = "essaylint_http_requests_total";
/// Request latency.
pub const REQUEST_SECONDS: &str = "essaylint_http_request_duration_seconds";
/// Check latency.
pub const CHECK_SECONDS: &str = "essaylint_check_duration_seconds";
/// Upload sizes.
pub const UPLOAD_BYTES: &str = "essaylint_upload_bytes";
/// Uploads waiting for a permit.
pub const QUEUED: &str = "essaylint_queued_requests";
/// Uploads holding a permit, by pool.
pub const ADMITTED: &str = "essaylint_admitted_uploads";

/// Latency buckets, in seconds: a Word check takes milliseconds, a PDF tens of them, a hostile
/// file up to the worker's wall-clock limit.
const SECONDS_BUCKETS: &[f64] = &[
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];
/// Size buckets, in bytes: 16 KiB to 32 MiB.
const BYTES_BUCKETS: &[f64] = &[
    16_384.0,
    65_536.0,
    262_144.0,
    1_048_576.0,
    4_194_304.0,
    16_777_216.0,
    33_554_432.0,
];

/// Renders the metrics recorded in this process.
pub struct Metrics {
    handle: PrometheusHandle,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Metrics {
    /// Installs the Prometheus recorder as the process's metrics recorder.
    pub fn install() -> Result<Metrics, ServeError> {
        let error = |e: metrics_exporter_prometheus::BuildError| ServeError::Metrics(e.to_string());
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".to_owned()), SECONDS_BUCKETS)
            .map_err(error)?
            .set_buckets_for_metric(Matcher::Full(UPLOAD_BYTES.to_owned()), BYTES_BUCKETS)
            .map_err(error)?
            .build_recorder();
        let handle = recorder.handle();
        metrics::set_global_recorder(recorder).map_err(|e| ServeError::Metrics(e.to_string()))?;
        describe();
        Ok(Metrics { handle })
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        self.handle.render()
    }

    /// Drains histogram buffers now and then, as the exporter asks of its users.
    pub fn spawn_upkeep(&self) {
        let handle = self.handle.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(5));
            loop {
                tick.tick().await;
                handle.run_upkeep();
            }
        });
    }
}

fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        REQUESTS,
        "HTTP answers by route, status and verdict (pass, fail; none when no report)"
    );
    describe_histogram!(
        REQUEST_SECONDS,
        Unit::Seconds,
        "Time from a request to its answer"
    );
    describe_histogram!(CHECK_SECONDS, Unit::Seconds, "Time to check one upload");
    describe_histogram!(UPLOAD_BYTES, Unit::Bytes, "Sizes of the uploads checked");
    describe_gauge!(QUEUED, "Uploads waiting for a permit");
    describe_gauge!(
        ADMITTED,
        "Uploads holding a permit (being read or checked), by pool"
    );
    describe_counter!(
        crate::worker::FAILURES_METRIC,
        "PDF text workers that failed, by reason"
    );
}

/// Records one answer.
pub fn record_request(route: &str, status: u16, verdict: &'static str, elapsed: Duration) {
    metrics::counter!(
        REQUESTS,
        "route" => route.to_owned(),
        "status" => status.to_string(),
        "verdict" => verdict
    )
    .increment(1);
    metrics::histogram!(REQUEST_SECONDS, "route" => route.to_owned()).record(elapsed.as_secs_f64());
}

/// Records one check.
pub fn record_check(format: &str, bytes: usize, elapsed: Duration) {
    metrics::histogram!(CHECK_SECONDS, "format" => format.to_owned()).record(elapsed.as_secs_f64());
    metrics::histogram!(UPLOAD_BYTES).record(bytes as f64);
}
