//! Renderers: a [`Report`](essaylint_core::report::Report) in, text out. Only renderers and `main`
//! produce output; no stage before them prints. The JSON is the core's; the terminal report is the
//! CLI's.

pub mod human;
pub use essaylint_core::render::json;
