//! Renderers: a [`Report`](crate::report::Report) in, text out. The core renders the versioned JSON;
//! the text for people is drawn by the shells (the CLI's terminal report, the browser page).

pub mod json;
