//! The exact mode for those who have LibreOffice: the document rendered by `soffice --headless` to
//! PDF, and the PDF's pages counted.
//!
//! It costs about a second and a few hundred megabytes a file, so it is never the default; it is
//! how the layout model is measured. The document is written to a private temporary folder (mode
//! 0700, removed afterwards) with a private LibreOffice profile, so that nothing of the user's
//! LibreOffice is touched and concurrent runs do not share state; the candidate's text touches the
//! disk only there, and only because the user asked for this mode.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::document::PdfPage;
use crate::limits::Limits;
use crate::read::pdf::read_pdf;
use crate::read::pdf_text::TextExtraction;

/// Why a rendering could not be had.
#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
pub enum RenderError {
    /// No `soffice` was found.
    #[diagnostic(code(essaylint::render::not_found))]
    #[error(
        "LibreOffice (soffice) was not found: install it (Debian: apt-get install \
         libreoffice-writer-nogui) or set ESSAYLINT_SOFFICE to its path"
    )]
    NotFound,
    /// `ESSAYLINT_SOFFICE` names something that is not a file.
    #[diagnostic(code(essaylint::render::not_at_path))]
    #[error(
        "ESSAYLINT_SOFFICE is set to {}, which is not a file: set it to LibreOffice's soffice, or \
         unset it to search the PATH",
        .0.display()
    )]
    NotAtPath(PathBuf),
    /// The temporary folder or the run failed.
    #[error("LibreOffice could not be run: {0}")]
    Run(String),
    /// LibreOffice ran past the deadline and was stopped.
    #[error("LibreOffice did not finish within {0:?}")]
    Timeout(Duration),
    /// LibreOffice wrote no PDF (it could not open the document).
    #[error("LibreOffice could not convert the document to PDF")]
    NoOutput,
    /// The PDF it wrote could not be read.
    #[error("LibreOffice's PDF could not be read: {0}")]
    BadPdf(String),
}

/// Finds LibreOffice: `ESSAYLINT_SOFFICE`, else `soffice` or `libreoffice` on the `PATH`.
pub fn find_soffice() -> Result<PathBuf, RenderError> {
    if let Some(path) = std::env::var_os("ESSAYLINT_SOFFICE") {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(RenderError::NotAtPath(path))
        };
    }
    let paths = std::env::var_os("PATH").ok_or(RenderError::NotFound)?;
    std::env::split_paths(&paths)
        .flat_map(|dir| ["soffice", "libreoffice"].map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .ok_or(RenderError::NotFound)
}

/// Renders a .docx with LibreOffice and returns the pages of the PDF it writes.
pub fn render_pages(
    docx: &[u8],
    soffice: &Path,
    deadline: Duration,
) -> Result<Vec<PdfPage>, RenderError> {
    let run = |e: std::io::Error| RenderError::Run(e.to_string());
    // tempfile creates the folder with mode 0700 and removes it when dropped.
    let folder = tempfile::Builder::new()
        .prefix("essaylint-render-")
        .tempdir()
        .map_err(run)?;
    let input = folder.path().join("essay.docx");
    std::fs::write(&input, docx).map_err(run)?;
    let profile = folder.path().join("profile");
    let out = folder.path().join("out");
    let mut child = Command::new(soffice)
        .arg("--headless")
        .arg("--norestore")
        .arg("--nologo")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.to_string_lossy()
        ))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(run)?;
    let start = Instant::now();
    loop {
        match child.try_wait().map_err(run)? {
            Some(_) => break,
            None if start.elapsed() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RenderError::Timeout(deadline));
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    let mut pdf = Vec::new();
    std::fs::File::open(out.join("essay.pdf"))
        .map_err(|_| RenderError::NoOutput)?
        .read_to_end(&mut pdf)
        .map_err(run)?;
    let doc = read_pdf(&pdf, &Limits::default(), &TextExtraction::Skip)
        .map_err(|e| RenderError::BadPdf(e.to_string()))?;
    match doc.geometry {
        crate::document::Geometry::Pages(pages) => Ok(pages),
        crate::document::Geometry::Sections => Err(RenderError::NoOutput),
    }
}
