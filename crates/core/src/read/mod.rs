//! Readers: bytes of a sniffed file in, one [`Document`](crate::document::Document) out.
//!
//! A reader never counts and never judges; it fills the model. What it cannot read it says with a
//! [`ReadError`], which the check turns into an `unreadable` diagnostic while the rest of the report
//! still comes out.

pub mod docx;
pub(crate) mod opc;
pub mod pdf;
mod pdf_hygiene;
mod pdf_info;
mod pdf_load;
mod pdf_running;
pub mod pdf_text;
pub(crate) mod xml;
pub(crate) mod zipped;

pub use zipped::use_native_inflate;

use crate::limits::Limit;

/// Why a file could not be read. Messages name what is wrong, never the file's text; each kind
/// has a stable code and tells the candidate what to do. Every kind but [`ReadError::Io`] is the
/// submission's problem, reported as an `unreadable` diagnostic.
#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
pub enum ReadError {
    /// The file runs past one of essaylint's resource limits.
    #[error("{detail} (limit {})", limit.name())]
    #[diagnostic(
        code(essaylint::read::limit),
        help(
            "the file is far larger or more complex than an essay needs: save the essay again from your word processor as a new file, without embedded objects"
        )
    )]
    Limit {
        /// Which limit.
        limit: Limit,
        /// What was found, with the figures.
        detail: String,
    },
    /// The file needs a password to open.
    #[error("the file is protected with a password to open it")]
    #[diagnostic(
        code(essaylint::read::encrypted),
        help(
            "remove the password: in Word, File > Info > Protect Document > Encrypt with Password; for a PDF, save or print it again without a password to open it"
        )
    )]
    Encrypted,
    /// The zip container of a Word document is damaged (truncated, a bad central directory).
    #[error("the zip container is damaged: {detail}")]
    #[diagnostic(
        code(essaylint::read::bad_zip),
        help(
            "the file is damaged: open the essay in your word processor, save it again under a new name (File > Save As), and attach the new file"
        )
    )]
    BadZip {
        /// What the zip reader found wrong.
        detail: String,
    },
    /// A part of the zip could not be inflated (damaged data, a wrong checksum).
    #[error("{part} could not be inflated from the zip: {detail}")]
    #[diagnostic(
        code(essaylint::read::inflate),
        help(
            "the file is damaged: open the essay in your word processor, save it again under a new name (File > Save As), and attach the new file"
        )
    )]
    Inflate {
        /// The part's name in the zip.
        part: String,
        /// What went wrong.
        detail: String,
    },
    /// A part is neither UTF-8 nor UTF-16 text.
    #[error("{part} is not valid UTF-8 or UTF-16 text")]
    #[diagnostic(
        code(essaylint::read::not_text),
        help(
            "the file is damaged: open the essay in your word processor, save it again under a new name (File > Save As), and attach the new file"
        )
    )]
    NotText {
        /// The part's name.
        part: String,
    },
    /// A part's XML is malformed.
    #[error("{part} is not well-formed XML near byte {position}: {detail}")]
    #[diagnostic(
        code(essaylint::read::malformed_xml),
        help(
            "the file is damaged: open the essay in your word processor, save it again under a new name (File > Save As), and attach the new file"
        )
    )]
    MalformedXml {
        /// The part's name.
        part: String,
        /// The byte offset in the part where the parser stopped.
        position: u64,
        /// What the parser found wrong.
        detail: String,
    },
    /// A part declares a DTD, which Word refuses and essaylint never expands.
    #[error(
        "{part} declares a DTD (<!DOCTYPE …>); Word refuses such files and essaylint never expands their entities"
    )]
    #[diagnostic(
        code(essaylint::read::dtd),
        help(
            "the file is damaged: open the essay in your word processor, save it again under a new name (File > Save As), and attach the new file"
        )
    )]
    Dtd {
        /// The part's name.
        part: String,
    },
    /// A part ends before its elements are closed.
    #[error("{part} ends before its elements are closed (the file is truncated or damaged)")]
    #[diagnostic(
        code(essaylint::read::truncated_xml),
        help(
            "the file is damaged: open the essay in your word processor, save it again under a new name (File > Save As), and attach the new file"
        )
    )]
    TruncatedXml {
        /// The part's name.
        part: String,
    },
    /// The package has no main document part.
    #[error("the package has no main document part ({part}); it is not a complete Word document")]
    #[diagnostic(
        code(essaylint::read::missing_main_part),
        help(
            "the file is damaged: open the essay in your word processor, save it again under a new name (File > Save As), and attach the new file"
        )
    )]
    MissingMainPart {
        /// The main part's name, as the package relationships give it.
        part: String,
    },
    /// A PDF's structure is broken: no header, no readable cross-reference table, no catalog or
    /// page tree, or a parser failure.
    #[error("{detail}")]
    #[diagnostic(
        code(essaylint::read::broken_pdf),
        help(
            "the file is damaged: open the essay in your word processor, save it again under a new name (File > Save As), and attach the new file"
        )
    )]
    BrokenPdf {
        /// What is broken.
        detail: &'static str,
    },
    /// The file could not be read from disk (permissions, a folder, an I/O error): a shell's
    /// problem, reported in the same place so that the rest of the report still comes out.
    #[error("the file could not be read: {0}")]
    #[diagnostic(
        code(essaylint::read::io),
        help(
            "check that the path names the essay file and that you may read it, then check again"
        )
    )]
    Io(String),
    /// The shell running the check stopped it before it finished: it ran past the shell's
    /// deadline, or the check itself failed (a bug). The browser page reports this when its Web
    /// Worker misses the deadline or traps; the rest of the report still comes out.
    #[error("the check was stopped: {reason}")]
    #[diagnostic(
        code(essaylint::read::stopped),
        help(
            "an essay never takes this long or this much memory to check: save the essay again from your word processor as a new file (File > Save As) and check the new file; if it fails again, report it with this message"
        )
    )]
    Stopped {
        /// Why, in a sentence for people ("it took longer than 10 s").
        reason: String,
    },
}

/// The bundled .docx files of these `fixtures/` folders, with their bytes: for tests that read
/// every one.
#[cfg(test)]
pub(crate) fn bundled_docx(folders: &[&str]) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let fixtures = crate::test_fixtures();
    let mut out = Vec::new();
    for folder in folders {
        for entry in std::fs::read_dir(fixtures.join(folder)).expect("fixtures") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "docx") {
                let bytes = std::fs::read(&path).expect("fixture");
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use miette::Diagnostic;

    /// The reports carry these messages: each kind reads as the free-form message it replaced.
    #[test]
    fn messages_codes_and_help() {
        let part = || "word/document.xml".to_string();
        let cases = [
            (
                ReadError::BadZip {
                    detail: "invalid Zip archive: Invalid zip header".into(),
                },
                "the zip container is damaged: invalid Zip archive: Invalid zip header",
                "essaylint::read::bad_zip",
            ),
            (
                ReadError::Inflate {
                    part: part(),
                    detail: "corrupt deflate stream".into(),
                },
                "word/document.xml could not be inflated from the zip: corrupt deflate stream",
                "essaylint::read::inflate",
            ),
            (
                ReadError::NotText { part: part() },
                "word/document.xml is not valid UTF-8 or UTF-16 text",
                "essaylint::read::not_text",
            ),
            (
                ReadError::MalformedXml {
                    part: part(),
                    position: 42,
                    detail: "ill-formed document".into(),
                },
                "word/document.xml is not well-formed XML near byte 42: ill-formed document",
                "essaylint::read::malformed_xml",
            ),
            (
                ReadError::Dtd { part: part() },
                "word/document.xml declares a DTD (<!DOCTYPE …>); Word refuses such files and \
                 essaylint never expands their entities",
                "essaylint::read::dtd",
            ),
            (
                ReadError::TruncatedXml { part: part() },
                "word/document.xml ends before its elements are closed (the file is truncated or \
                 damaged)",
                "essaylint::read::truncated_xml",
            ),
            (
                ReadError::MissingMainPart { part: part() },
                "the package has no main document part (word/document.xml); it is not a complete \
                 Word document",
                "essaylint::read::missing_main_part",
            ),
            (
                ReadError::BrokenPdf {
                    detail: "the PDF has no document catalog",
                },
                "the PDF has no document catalog",
                "essaylint::read::broken_pdf",
            ),
            (
                ReadError::Io("permission denied".into()),
                "the file could not be read: permission denied",
                "essaylint::read::io",
            ),
        ];
        for (error, message, code) in cases {
            assert_eq!(error.to_string(), message);
            assert_eq!(error.code().map(|c| c.to_string()).as_deref(), Some(code));
            let help = error.help().map(|h| h.to_string()).unwrap_or_default();
            assert!(help.len() > 40, "{code}: {help}");
        }
    }
}
