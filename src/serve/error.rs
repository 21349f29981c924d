//! The JSON body of every answer but 200: `{"error": {"status": 413, "message": "…", …}}`.
//!
//! A 400 for posts lists the valid ones (`valid_posts`); a 404 for a check lists the checks
//! (`valid_checks`); a 503 says when to retry (`retry_after_secs`, also the `Retry-After` header).

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// An error answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// What went wrong, for people and programs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// The HTTP status, repeated.
    pub status: u16,
    /// A sentence for people.
    pub message: String,
    /// The valid post ids (a 400 for posts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_posts: Option<Vec<String>>,
    /// The valid check names (a 404 for a check).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_checks: Option<Vec<String>>,
    /// Seconds to wait before retrying (a 503).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_secs: Option<u32>,
}

/// An answer other than 200, rendered as [`ErrorBody`].
#[derive(Debug, Clone)]
pub struct ApiError(pub StatusCode, pub ErrorDetail);

impl ApiError {
    /// An error with only a status and a message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError(
            status,
            ErrorDetail {
                status: status.as_u16(),
                message: message.into(),
                valid_posts: None,
                valid_checks: None,
                retry_after_secs: None,
            },
        )
    }

    /// 503 with `Retry-After`.
    pub fn unavailable(message: impl Into<String>) -> ApiError {
        let mut error = ApiError::new(StatusCode::SERVICE_UNAVAILABLE, message);
        error.1.retry_after_secs = Some(RETRY_AFTER_SECS);
        error
    }
}

/// What a 503 asks a caller to wait: a check takes milliseconds, so a second is plenty for a
/// queue to drain.
pub const RETRY_AFTER_SECS: u32 = 1;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let ApiError(status, detail) = self;
        let retry = detail.retry_after_secs;
        let mut response = (status, Json(ErrorBody { error: detail })).into_response();
        if let Some(secs) = retry {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}
