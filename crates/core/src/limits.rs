//! Resource limits applied to everything read from a file.
//!
//! Every number here bounds work or memory that a hostile file could otherwise make unbounded. Past a
//! limit the reader stops and the report says `unreadable`, naming the limit (its [`Limit::name`]) so
//! that a portal operator knows which setting to raise if a real essay ever hits it.

use std::time::Duration;

/// The limits in force for one check. [`Limits::default`] documents each default.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Largest file accepted at all (default 25 MiB; an essay is tens of kilobytes, and a portal's
    /// upload limit is usually lower).
    pub max_file_bytes: u64,
    /// Most entries in a .docx zip (default 10,000; Word writes a few dozen).
    pub max_zip_entries: usize,
    /// Largest inflated size of one part read from a .docx, or of one PDF stream inflated while
    /// reading the PDF's structure (default 16 MiB: an essay's main part is about 100 KB, and the
    /// largest real document in the test corpus, a 180-page report, 12.6 MB); for a .docx it is
    /// checked on the declared size before inflating and on the actual bytes while inflating.
    pub max_part_bytes: u64,
    /// Largest total inflated bytes read from one .docx (default 64 MiB).
    pub max_total_inflated_bytes: u64,
    /// Most paragraphs in one document, all parts together (default 100,000: a two-page essay has
    /// a few dozen, a 300-page book a few thousand). Each costs memory in the model and the layout.
    pub max_paragraphs: usize,
    /// Deepest XML element nesting (default 512; Word's own documents stay under 50).
    pub max_xml_depth: usize,
    /// Most XML events in one part (default 20,000,000).
    pub max_xml_events: u64,
    /// Most objects in a PDF (default 2,000,000).
    pub max_pdf_objects: usize,
    /// Most pages in a PDF (default 10,000).
    pub max_pdf_pages: usize,
    /// Largest text the PDF text worker may return (default 64 MiB).
    pub max_pdf_text_bytes: u64,
    /// Address-space limit of the PDF text worker process (default 256 MiB of virtual memory, so
    /// that the worker and the process that runs it stay under 300 MiB together).
    pub worker_memory_bytes: u64,
    /// CPU-time limit of the PDF text worker (default 5 s).
    pub worker_cpu: Duration,
    /// Wall-clock limit of the PDF text worker (default 8 s).
    pub worker_wall: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 25 * 1024 * 1024,
            max_zip_entries: 10_000,
            max_part_bytes: 16 * 1024 * 1024,
            max_total_inflated_bytes: 64 * 1024 * 1024,
            max_paragraphs: 100_000,
            max_xml_depth: 512,
            max_xml_events: 20_000_000,
            max_pdf_objects: 2_000_000,
            max_pdf_pages: 10_000,
            max_pdf_text_bytes: 64 * 1024 * 1024,
            worker_memory_bytes: 256 * 1024 * 1024,
            worker_cpu: Duration::from_secs(5),
            worker_wall: Duration::from_secs(8),
        }
    }
}

/// Which limit a file ran into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// [`Limits::max_file_bytes`]
    FileBytes,
    /// [`Limits::max_zip_entries`]
    ZipEntries,
    /// [`Limits::max_part_bytes`]
    PartBytes,
    /// [`Limits::max_total_inflated_bytes`]
    TotalInflatedBytes,
    /// [`Limits::max_paragraphs`]
    Paragraphs,
    /// [`Limits::max_xml_depth`]
    XmlDepth,
    /// [`Limits::max_xml_events`]
    XmlEvents,
    /// [`Limits::max_pdf_objects`]
    PdfObjects,
    /// [`Limits::max_pdf_pages`]
    PdfPages,
    /// [`Limits::max_pdf_text_bytes`]
    PdfTextBytes,
    /// [`Limits::worker_memory_bytes`]
    WorkerMemory,
    /// [`Limits::worker_cpu`]
    WorkerCpu,
    /// [`Limits::worker_wall`]
    WorkerWall,
}

impl Limit {
    /// The limit's name as reports and settings say it: the command-line option (and service
    /// setting) that raises it, without its dashes.
    pub fn name(self) -> &'static str {
        match self {
            Limit::FileBytes => "max-upload-mb",
            Limit::ZipEntries => "max-zip-entries",
            Limit::PartBytes => "max-part-mb",
            Limit::TotalInflatedBytes => "max-inflated-mb",
            Limit::Paragraphs => "max-paragraphs",
            Limit::XmlDepth => "max-xml-depth",
            Limit::XmlEvents => "max-xml-events",
            Limit::PdfObjects => "max-pdf-objects",
            Limit::PdfPages => "max-pdf-pages",
            Limit::PdfTextBytes => "max-pdf-text-mb",
            Limit::WorkerMemory => "worker-memory-mb",
            Limit::WorkerCpu => "worker-cpu-secs",
            Limit::WorkerWall => "worker-wall-secs",
        }
    }
}

/// "64 MiB", "4.0 GiB", "312 bytes".
pub fn human_bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = KIB * 1024;
    const GIB: u64 = MIB * 1024;
    match n {
        n if n >= GIB => format!("{:.1} GiB", n as f64 / GIB as f64),
        n if n >= MIB => format!("{} MiB", n / MIB),
        n if n >= KIB => format!("{} KiB", n / KIB),
        n => format!("{n} bytes"),
    }
}
