//! Schemas the handlers' OpenAPI attributes name that are not Rust types of the service: the
//! report (whose JSON Schema is `schema/report.v2.json`), the rule data and the upload form. The
//! handlers name them in their attributes and the OpenAPI document lists them, so both use this
//! module and neither needs the other for them.

use std::borrow::Cow;

use utoipa::openapi::{ObjectBuilder, RefOr, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

/// Stands for the report's JSON Schema (`schema/report.v2.json`), put in place
/// when the OpenAPI document is written.
pub struct ReportSchema;

impl PartialSchema for ReportSchema {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some("replaced by schema/report.v2.json"))
            .into()
    }
}

impl ToSchema for ReportSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Report")
    }
}

/// The rule data (the shape `essaylint rules --toml` prints, as JSON).
pub struct RulesSchema;

impl PartialSchema for RulesSchema {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "The rule data: `competition`, a list of competitions, each with its `post`s, \
                 `variant`s (posts, formats, max_words, max_characters, max_characters_with_spaces, \
                 max_pages, paper, question, elements), \
                 `concept`s and `ignore` list; the shape `essaylint rules --toml` prints.",
            ))
            .property(
                "competition",
                utoipa::openapi::schema::ArrayBuilder::new()
                    .items(ObjectBuilder::new().schema_type(Type::Object)),
            )
            .required("competition")
            .into()
    }
}

impl ToSchema for RulesSchema {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Rules")
    }
}

/// The multipart form of `POST /v1/check`.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The essay; its filename becomes the report's `path`. Any bytes; an empty file is answered
    /// 415.
    #[schema(value_type = String, format = Binary, min_length = 1)]
    file: Vec<u8>,
}

/// The raw body of `POST /v1/check`: the essay's bytes, at least one (an empty body is answered
/// 415).
pub struct RawUpload;

impl PartialSchema for RawUpload {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Binary,
            )))
            .min_length(Some(1))
            .description(Some("The essay's bytes (.docx or .pdf)"))
            .into()
    }
}

impl ToSchema for RawUpload {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("RawUpload")
    }
}
