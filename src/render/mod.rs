//! Renderers: a [`Report`](crate::report::Report) in, text out. Only renderers and `main` produce
//! output; no stage before them prints.

pub mod human;
pub mod json;
