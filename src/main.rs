//! The essaylint command line: parses arguments, calls the library, renders, maps to an exit code.
//!
//! Exit status: 0 every file passes; 1 a file breaks a rule (an unreadable or wrong-type file
//! included); 2 the tool could not run (bad arguments, unknown post, a path that does not exist).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use essaylint::batch;
use essaylint::check::TextExtraction;
use essaylint::check::{Options, read_bytes, report_reading};
use essaylint::limits::LimitArgs;
use essaylint::render::{human, json};
use essaylint::report::{Report, Severity};
use essaylint::rules::{CHECKS, RuleSet, find_check};
use essaylint::worker::Capped;
use miette::{IntoDiagnostic, WrapErr, miette};

/// mimalloc: a check makes many small allocations (XML names, attribute values, tokens) and a few
/// large ones (inflated parts); the system allocator spent more time on them than on the parsing.
/// [`Capped`] counts what a forked PDF text pass allocates, to hold it to its memory limit.
#[global_allocator]
static ALLOCATOR: Capped<mimalloc::MiMalloc> = Capped(mimalloc::MiMalloc);

#[derive(Parser)]
#[command(
    name = "essaylint",
    version,
    about = "Checks an essay (.docx or .pdf) against a vacancy's rules before you send it: words as \
             Word counts them, pages, paper, file type."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutputFormat {
    /// For people: each file's findings, and a summary after several.
    Human,
    /// One JSON report for the whole run, files in the order given.
    Json,
    /// JSON Lines: one report per file, written as each file finishes.
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Render {
    /// essaylint's own layout model.
    Layout,
    /// LibreOffice (`soffice --headless`), in a private profile and temporary folder.
    Libreoffice,
}

#[derive(Subcommand)]
enum Command {
    /// Check files against the essay variant for the posts applied for.
    Check {
        /// A post applied for (repeat for several): officer-gps, PASP0150, PASP0024.
        #[arg(long = "post", value_name = "POST")]
        posts: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
        /// Load vacancy rules from this TOML file instead of the built-in ones.
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
        /// How Word documents' pages are counted: essaylint's layout model (fast, the default), or
        /// a rendering by LibreOffice (exact, about a second a file; needs `soffice`).
        #[arg(long, value_enum, default_value = "layout")]
        render: Render,
        /// How many files to check at once [default: the number of processors].
        #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1024))]
        jobs: Option<u32>,
        #[command(flatten)]
        limits: LimitArgs,
        /// Files or folders to check (folders are searched, with their subfolders, for .docx,
        /// .pdf and other document files); `-` reads standard input.
        #[arg(required = true, value_name = "PATH")]
        files: Vec<PathBuf>,
    },
    /// Count words by part and pages, with no rules (a candidate's `wc`).
    Count {
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: OutputFormat,
        /// Also print the text that was read, paragraph by paragraph, with its part (to see what
        /// was counted). Printed to standard output only.
        #[arg(long)]
        show_text: bool,
        #[command(flatten)]
        limits: LimitArgs,
        /// Files to count; `-` reads standard input.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// List the competitions, posts, essay variants and their limits.
    Rules {
        /// Print the rule data as TOML (the shape `--rules` accepts) instead of a summary.
        #[arg(long)]
        toml: bool,
        /// Load vacancy rules from this TOML file instead of the built-in ones.
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
    },
    /// Explain a check: what it does, why, and how to fix what it reports. No name lists them all.
    Explain {
        /// A check's name (word-limit) or code (EL001).
        name: Option<String>,
    },
    /// Serve checks over HTTP for a portal: `POST /v1/check` answers with the JSON report `check
    /// --format json` writes. Prints `listening on http://ADDR` on standard output once ready; logs
    /// go to standard error. Stops on SIGTERM after answering the requests in flight.
    Serve(essaylint::serve::ServeArgs),
    /// Internal: the sandboxed PDF text worker.
    #[command(hide = true)]
    Worker {
        /// The job (`pdf-text`, or `pdf-text-pool` for a warm worker of a pool).
        job: String,
        /// A warm worker's processor-time allowance for each file, in seconds.
        #[arg(long, default_value_t = 5)]
        cpu_secs: u64,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprint!("{}", render_error(e.as_ref()));
            ExitCode::from(2)
        }
    }
}

/// An error for people: its message, causes and help, without the diagnostic code line
/// (`essaylint::unknown_post`) that miette prints above a coded diagnostic; codes are for
/// programs, and a program reads the JSON.
fn render_error(error: &dyn miette::Diagnostic) -> String {
    /// The diagnostic with its code hidden.
    struct Uncoded<'a>(&'a dyn miette::Diagnostic);
    impl std::fmt::Debug for Uncoded<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            std::fmt::Debug::fmt(self.0, f)
        }
    }
    impl std::fmt::Display for Uncoded<'_> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            std::fmt::Display::fmt(self.0, f)
        }
    }
    impl std::error::Error for Uncoded<'_> {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.0.source()
        }
    }
    impl miette::Diagnostic for Uncoded<'_> {
        fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
            self.0.help()
        }
        fn severity(&self) -> Option<miette::Severity> {
            self.0.severity()
        }
        fn source_code(&self) -> Option<&dyn miette::SourceCode> {
            self.0.source_code()
        }
        fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
            self.0.labels()
        }
        fn related<'b>(
            &'b self,
        ) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
            self.0.related()
        }
        fn diagnostic_source(&self) -> Option<&dyn miette::Diagnostic> {
            self.0.diagnostic_source()
        }
    }
    let mut out = String::new();
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    if handler.render_report(&mut out, &Uncoded(error)).is_err() {
        out = format!("error: {error}\n");
    }
    out
}

fn color_wanted(format: OutputFormat) -> bool {
    format == OutputFormat::Human
        && std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

fn load_rules(path: Option<&PathBuf>) -> miette::Result<RuleSet> {
    match path {
        None => Ok(RuleSet::builtin()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot read the rules file {}", path.display()))?;
            Ok(RuleSet::from_toml(&text)?)
        }
    }
}

/// A check of one file touches a few megabytes once: in transparent huge pages (which mimalloc asks
/// for), each first touch zeroes 2 MiB, and each write after the PDF sandbox forks splits a huge page
/// shared with the child before copying 4 KiB of it. Measured on a two-page PDF, the run took
/// about a millisecond less in small pages. A long batch or the service keeps them.
fn without_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl with PR_SET_THP_DISABLE takes a flag and touches no memory; failure (an old
    // kernel) only leaves huge pages on.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn options(limits: &LimitArgs) -> Options {
    let pdf_text = match std::env::current_exe() {
        Ok(exe) => TextExtraction::Fork(exe),
        // Without a path to ourselves there is no sandbox; say nothing of the text rather than
        // parse a hostile PDF in process.
        Err(_) => TextExtraction::Skip,
    };
    Options {
        pdf_text,
        limits: limits.limits(),
        ..Options::default()
    }
}

/// A progress bar on standard error, for people: only in human output, for more than one file,
/// when both standard output and standard error are terminals.
fn progress_bar(format: OutputFormat, files: usize) -> Option<indicatif::ProgressBar> {
    if format != OutputFormat::Human
        || files < 2
        || !std::io::stdout().is_terminal()
        || !std::io::stderr().is_terminal()
    {
        return None;
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} checking {pos}/{len} files [{bar:30}] {elapsed} (eta {eta})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
}

/// Writes to standard output. A closed pipe (`essaylint check DIR | head -1`) is not a failure:
/// the output stops quietly and the run ends with the exit code its results earned, as ripgrep's
/// does.
fn write_out(text: &str) -> miette::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.into_diagnostic(),
    }
}

/// The files to check or count: every path given, folders searched. None at all is an error
/// ("could not run"), for `check` and `count` alike.
fn inputs_of(files: &[PathBuf]) -> miette::Result<Vec<PathBuf>> {
    let inputs = batch::expand(files)?;
    if inputs.is_empty() {
        return Err(miette!(
            help = "folders are searched for .docx, .pdf and other document files",
            "no document files were found in {}",
            files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    Ok(inputs)
}

fn run(cli: Cli) -> miette::Result<u8> {
    match cli.command {
        Command::Check {
            posts,
            format,
            rules,
            render,
            jobs,
            limits,
            files,
        } => {
            if files.len() == 1 {
                without_huge_pages();
            }
            let mut options = options(&limits);
            // One file: read it now and, when it is a PDF, start its text in the sandbox, which
            // then reads it while this process loads the rules and reads the structure.
            let inputs = inputs_of(&files);
            let lone = match &inputs {
                Ok(inputs) if inputs.len() == 1 => Some(batch::Lone::start(&inputs[0], &options)),
                _ => None,
            };
            let rules = load_rules(rules.as_ref())?;
            let resolved = rules.resolve(&posts)?;
            if render == Render::Libreoffice {
                let soffice = essaylint::libreoffice::find_soffice()?;
                options.render_with = Some(soffice);
            }
            // Every path must exist before any is checked: a typo is "could not run", not a report.
            let inputs = inputs?;
            let jobs = jobs.map_or_else(
                || std::thread::available_parallelism().map_or(1, usize::from),
                |j| j as usize,
            );
            let progress = progress_bar(format, inputs.len());
            let stdout = std::sync::Mutex::new(std::io::stdout());
            let reports = batch::check_paths(
                &inputs,
                lone,
                &rules,
                resolved.as_ref(),
                &options,
                jobs,
                |_, file| {
                    if let Some(bar) = &progress {
                        bar.inc(1);
                    }
                    if format == OutputFormat::Jsonl {
                        let line = json::file_line(file) + "\n";
                        if let Ok(mut out) = stdout.lock() {
                            // A closed pipe ends the output, not the checks: the exit code still counts.
                            let _ = out.write_all(line.as_bytes()).and_then(|()| out.flush());
                        }
                    }
                },
            );
            if let Some(bar) = progress {
                bar.finish_and_clear();
            }
            let report = Report::new(reports);
            match format {
                OutputFormat::Json => write_out(&(json::to_json(&report) + "\n"))?,
                OutputFormat::Jsonl => {}
                OutputFormat::Human => write_out(&human::render(
                    &report,
                    color_wanted(format),
                    human::terminal_width(),
                ))?,
            }
            Ok(if report.passes() { 0 } else { 1 })
        }
        Command::Count {
            format,
            files,
            show_text,
            limits,
        } => {
            if files.len() == 1 {
                without_huge_pages();
            }
            let options = options(&limits);
            let mut reports = Vec::new();
            for path in &inputs_of(&files)? {
                let reading = match batch::read_input(path, options.limits.max_file_bytes) {
                    Ok(bytes) => read_bytes(&bytes, &options),
                    Err(e) => essaylint::check::Reading {
                        format: essaylint::document::Format::Unknown,
                        document: None,
                        error: Some(essaylint::read::ReadError::Io(e.to_string())),
                    },
                };
                if show_text && let Some(doc) = &reading.document {
                    write_out(&human::render_text(doc))?;
                }
                // Counting applies no rules: an empty rule set guesses no variant.
                let mut report = report_reading(
                    &path.display().to_string(),
                    &reading,
                    &RuleSet::default(),
                    None,
                );
                // Counting applies no rules: keep only what says the file could not be counted.
                report
                    .diagnostics
                    .retain(|d| matches!(d.name, "unreadable" | "file-type" | "no-text"));
                reports.push(report);
            }
            let report = Report::new(reports);
            let failed = report
                .files
                .iter()
                .any(|f| f.diagnostics.iter().any(|d| d.severity == Severity::Error));
            match format {
                OutputFormat::Json => write_out(&(json::to_json(&report) + "\n"))?,
                OutputFormat::Jsonl => {
                    let lines: String = report
                        .files
                        .iter()
                        .map(|f| json::file_line(f) + "\n")
                        .collect();
                    write_out(&lines)?
                }
                OutputFormat::Human => write_out(&human::render_counts(&report))?,
            }
            Ok(u8::from(failed))
        }
        Command::Rules { toml, rules } => {
            if toml && rules.is_none() {
                write_out(RuleSet::builtin_toml())?;
                return Ok(0);
            }
            let rules = load_rules(rules.as_ref())?;
            if toml {
                let text = ::toml::to_string_pretty(&rules).into_diagnostic()?;
                write_out(&text)?;
            } else {
                write_out(&human::render_rules(&rules))?;
            }
            Ok(0)
        }
        Command::Explain { name } => match name {
            None => {
                let mut text = String::new();
                let width = CHECKS.iter().map(|c| c.name.len()).max().unwrap_or(0);
                for check in CHECKS {
                    text.push_str(&format!(
                        "{}  {:<width$} {}\n",
                        check.code,
                        check.name,
                        check.summary()
                    ));
                }
                write_out(&text)?;
                Ok(0)
            }
            Some(name) => {
                let check = find_check(&name).ok_or_else(|| {
                    miette!(
                        help = format!(
                            "checks: {}",
                            CHECKS.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
                        ),
                        "no check is called `{name}`"
                    )
                })?;
                write_out(&format!(
                    "{} {} (default severity: {})\n\n{}\n",
                    check.code,
                    check.name,
                    check.severity.as_str(),
                    check.doc_markdown()
                ))?;
                Ok(0)
            }
        },
        Command::Serve(args) => {
            essaylint::serve::init_logging(args.log_format);
            let server = essaylint::serve::Server::bind(&args)?;
            // The readiness line is printed only once a SIGTERM would be handled.
            server.run(|addr| {
                if let Some(addr) = addr {
                    let _ = write_out(&format!("listening on http://{addr}\n"));
                }
            })?;
            Ok(0)
        }
        Command::Worker { job, cpu_secs } => match job.as_str() {
            "pdf-text" => Ok(u8::try_from(essaylint::worker::worker_main()).unwrap_or(2)),
            essaylint::worker::pool::JOB => {
                Ok(u8::try_from(essaylint::worker::pool::pool_worker_main(cpu_secs)).unwrap_or(2))
            }
            other => Err(miette!("unknown worker job `{other}`")),
        },
    }
}
