//! The limits as command-line options, shared by `check`, `count` and `serve`; the limits
//! themselves are the core's plain data ([`Limits`]).

use std::time::Duration;

pub use essaylint_core::limits::{Limit, Limits};

const MIB: u64 = 1024 * 1024;

/// The limits as command-line options, shared by `check`, `count` and `serve`. Each option left out
/// keeps the default of [`Limits::default`]; the option's name is the [`Limit::name`] that a report
/// gives when a file runs into it.
#[derive(Debug, Clone, Default, clap::Args)]
#[command(next_help_heading = "Limits (each bounds what a hostile file can cost)")]
pub struct LimitArgs {
    /// Largest file accepted, in MiB [default: 25].
    #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_upload_mb: Option<u64>,
    /// Most entries in a .docx zip [default: 10000].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub max_zip_entries: Option<u64>,
    /// Largest inflated part of a .docx, or inflated PDF stream, in MiB [default: 16].
    #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_part_mb: Option<u64>,
    /// Largest total inflated bytes read from one .docx, in MiB [default: 64].
    #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=16384))]
    pub max_inflated_mb: Option<u64>,
    /// Most paragraphs in one document [default: 100000].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub max_paragraphs: Option<u64>,
    /// Deepest XML element nesting [default: 512].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_xml_depth: Option<u64>,
    /// Most XML events in one part [default: 20000000].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_xml_events: Option<u64>,
    /// Most objects in a PDF [default: 2000000].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
    pub max_pdf_objects: Option<u64>,
    /// Most pages in a PDF [default: 10000].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub max_pdf_pages: Option<u64>,
    /// Largest text the PDF text worker may return, in MiB [default: 64].
    #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=4096))]
    pub max_pdf_text_mb: Option<u64>,
    /// Address-space limit of the PDF text worker process, in MiB [default: 256].
    #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u64).range(32..=65_536))]
    pub worker_memory_mb: Option<u64>,
    /// Processor-time limit of the PDF text worker, in seconds [default: 5].
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub worker_cpu_secs: Option<u64>,
    /// Wall-clock limit of the PDF text worker, in seconds [default: 8].
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub worker_wall_secs: Option<u64>,
}

impl LimitArgs {
    /// The limits these options ask for, each left-out option at its default.
    pub fn limits(&self) -> Limits {
        let d = Limits::default();
        let count = |v: Option<u64>, default: usize| {
            v.map_or(default, |v| usize::try_from(v).unwrap_or(usize::MAX))
        };
        Limits {
            max_file_bytes: self.max_upload_mb.map_or(d.max_file_bytes, |v| v * MIB),
            max_zip_entries: count(self.max_zip_entries, d.max_zip_entries),
            max_part_bytes: self.max_part_mb.map_or(d.max_part_bytes, |v| v * MIB),
            max_total_inflated_bytes: self
                .max_inflated_mb
                .map_or(d.max_total_inflated_bytes, |v| v * MIB),
            max_paragraphs: count(self.max_paragraphs, d.max_paragraphs),
            max_xml_depth: count(self.max_xml_depth, d.max_xml_depth),
            max_xml_events: self.max_xml_events.unwrap_or(d.max_xml_events),
            max_pdf_objects: count(self.max_pdf_objects, d.max_pdf_objects),
            max_pdf_pages: count(self.max_pdf_pages, d.max_pdf_pages),
            max_pdf_text_bytes: self
                .max_pdf_text_mb
                .map_or(d.max_pdf_text_bytes, |v| v * MIB),
            worker_memory_bytes: self
                .worker_memory_mb
                .map_or(d.worker_memory_bytes, |v| v * MIB),
            worker_cpu: self
                .worker_cpu_secs
                .map_or(d.worker_cpu, Duration::from_secs),
            worker_wall: self
                .worker_wall_secs
                .map_or(d.worker_wall, Duration::from_secs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        limits: LimitArgs,
    }

    #[test]
    fn options_left_out_keep_the_defaults() {
        let cli = Cli::try_parse_from(["x"]).expect("parses");
        assert_eq!(cli.limits.limits(), Limits::default());
    }

    #[test]
    fn options_set_their_limit_in_bytes_or_seconds() {
        let cli = Cli::try_parse_from([
            "x",
            "--max-upload-mb",
            "2",
            "--max-part-mb",
            "3",
            "--max-zip-entries",
            "50",
            "--worker-wall-secs",
            "1",
        ])
        .expect("parses");
        let limits = cli.limits.limits();
        assert_eq!(limits.max_file_bytes, 2 * MIB);
        assert_eq!(limits.max_part_bytes, 3 * MIB);
        assert_eq!(limits.max_zip_entries, 50);
        assert_eq!(limits.worker_wall, Duration::from_secs(1));
        assert_eq!(limits.max_paragraphs, Limits::default().max_paragraphs);
    }

    #[test]
    fn a_limit_of_zero_is_refused() {
        assert!(Cli::try_parse_from(["x", "--max-upload-mb", "0"]).is_err());
    }

    #[test]
    fn every_limit_name_is_an_option() {
        use clap::CommandFactory;
        let cmd = Cli::command();
        let longs: Vec<_> = cmd.get_arguments().filter_map(|a| a.get_long()).collect();
        for limit in [
            Limit::FileBytes,
            Limit::ZipEntries,
            Limit::PartBytes,
            Limit::TotalInflatedBytes,
            Limit::Paragraphs,
            Limit::XmlDepth,
            Limit::XmlEvents,
            Limit::PdfObjects,
            Limit::PdfPages,
            Limit::PdfTextBytes,
            Limit::WorkerMemory,
            Limit::WorkerCpu,
            Limit::WorkerWall,
        ] {
            assert!(
                longs.contains(&limit.name()),
                "{} has no option",
                limit.name()
            );
        }
    }
}
