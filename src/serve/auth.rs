//! The bearer token: `--token-file FILE`, then `Authorization: Bearer TOKEN` on every request but
//! `/healthz`.
//!
//! The comparison takes the same time whatever the token sent shares with the right one
//! (`subtle::ConstantTimeEq`), so that timing does not reveal it byte by byte; only its length
//! could be learnt, and a token of 32 random bytes or more makes that worthless.

use std::path::Path;

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use subtle::ConstantTimeEq;

use super::ServeError;

/// The token a caller must present.
pub struct Token(Vec<u8>);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret.
        f.write_str("Token(…)")
    }
}

impl Token {
    /// Reads the token from a file: its content with surrounding white space removed; it must not
    /// be empty.
    pub fn from_file(path: &Path) -> Result<Token, ServeError> {
        let text = std::fs::read_to_string(path).map_err(|e| ServeError::TokenFile {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        Token::new(text.trim()).ok_or_else(|| ServeError::TokenFile {
            path: path.to_path_buf(),
            reason: "the file holds no token".to_owned(),
        })
    }

    /// A token from its text; `None` when it is empty or holds characters a header cannot carry.
    pub fn new(text: &str) -> Option<Token> {
        let ok = !text.is_empty() && text.bytes().all(|b| b.is_ascii_graphic());
        ok.then(|| Token(text.as_bytes().to_vec()))
    }

    /// Whether the request carries `Authorization: Bearer <this token>`.
    pub fn admits(&self, headers: &HeaderMap) -> bool {
        let Some(value) = headers.get(AUTHORIZATION) else {
            return false;
        };
        let value = value.as_bytes();
        // The scheme is case-insensitive (RFC 9110 §11.1).
        let Some(scheme) = value.get(..7) else {
            return false;
        };
        if !scheme.eq_ignore_ascii_case(b"bearer ") {
            return false;
        }
        let sent = value[7..].trim_ascii();
        bool::from(sent.ct_eq(&self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            AUTHORIZATION,
            HeaderValue::from_str(value).expect("a header value"),
        );
        headers
    }

    #[test]
    fn only_the_right_bearer_token_is_admitted() {
        let token = Token::new("s3cret-token").expect("a token");
        assert!(token.admits(&headers("Bearer s3cret-token")));
        assert!(token.admits(&headers("bearer s3cret-token")));
        assert!(!token.admits(&headers("Bearer s3cret-toke")));
        assert!(!token.admits(&headers("Bearer s3cret-token2")));
        assert!(!token.admits(&headers("Basic s3cret-token")));
        assert!(!token.admits(&headers("Bearer")));
        assert!(!token.admits(&HeaderMap::new()));
    }

    #[test]
    fn empty_tokens_are_refused() {
        assert!(Token::new("").is_none());
        assert!(Token::new("a b").is_none());
        assert_eq!(
            format!("{:?}", Token::new("x").expect("a token")),
            "Token(…)"
        );
    }
}
