//! The essaylint command line: parses arguments, calls the library, renders, maps to an exit code.
//!
//! Exit status: 0 every file passes; 1 a file breaks a rule (an unreadable or wrong-type file
//! included); 2 the tool could not run (bad arguments, unknown post, a path that does not exist).

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use essaylint::check::{Options, check_bytes, read_bytes, report_reading};
use essaylint::limits::LimitArgs;
use essaylint::read::pdf::TextExtraction;
use essaylint::render::{human, json};
use essaylint::report::{Report, Severity};
use essaylint::rules::{CHECKS, RuleSet, find_check};
use miette::{IntoDiagnostic, WrapErr, miette};

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
    Human,
    Json,
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
        #[command(flatten)]
        limits: LimitArgs,
        /// Files to check; `-` reads standard input.
        #[arg(required = true, value_name = "FILE")]
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
        /// The job (`pdf-text`).
        job: String,
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
            eprintln!("{e:?}");
            ExitCode::from(2)
        }
    }
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

fn options(limits: &LimitArgs) -> Options {
    let pdf_text = match std::env::current_exe() {
        Ok(exe) => TextExtraction::Worker(exe),
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

/// Reads a file or standard input, at most `max + 1` bytes (enough to know it is too large).
fn read_input(path: &PathBuf, max: u64) -> miette::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(max + 1)
            .read_to_end(&mut bytes)
            .into_diagnostic()
            .wrap_err("cannot read standard input")?;
    } else {
        let file = std::fs::File::open(path)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot open {}", path.display()))?;
        if file.metadata().is_ok_and(|m| m.is_dir()) {
            return Err(miette!("{} is a folder, not a file", path.display()));
        }
        file.take(max + 1)
            .read_to_end(&mut bytes)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot read {}", path.display()))?;
    }
    Ok(bytes)
}

fn write_out(text: &str) -> miette::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes()).into_diagnostic()?;
    stdout.flush().into_diagnostic()
}

fn run(cli: Cli) -> miette::Result<u8> {
    match cli.command {
        Command::Check {
            posts,
            format,
            rules,
            render,
            limits,
            files,
        } => {
            let rules = load_rules(rules.as_ref())?;
            let resolved = rules.resolve(&posts)?;
            let mut options = options(&limits);
            if render == Render::Libreoffice {
                let soffice = essaylint::layout::libreoffice::find_soffice()
                    .ok_or(essaylint::layout::libreoffice::RenderError::NotFound)?;
                options.render_with = Some(soffice);
            }
            // Every path must exist before any is checked: a typo is "could not run", not a report.
            let mut inputs = Vec::new();
            for path in &files {
                inputs.push((path, read_input(path, options.limits.max_file_bytes)?));
            }
            let reports = inputs
                .iter()
                .map(|(path, bytes)| {
                    check_bytes(
                        &path.display().to_string(),
                        bytes,
                        resolved.as_ref(),
                        &options,
                    )
                })
                .collect();
            let report = Report::new(reports);
            match format {
                OutputFormat::Json => write_out(&(json::to_json(&report) + "\n"))?,
                OutputFormat::Human => write_out(&human::render(&report, color_wanted(format)))?,
            }
            Ok(if report.passes() { 0 } else { 1 })
        }
        Command::Count {
            format,
            files,
            show_text,
            limits,
        } => {
            let options = options(&limits);
            let mut reports = Vec::new();
            for path in &files {
                let bytes = read_input(path, options.limits.max_file_bytes)?;
                let reading = read_bytes(&bytes, &options);
                if show_text && let Some(doc) = &reading.document {
                    write_out(&human::render_text(doc))?;
                }
                let mut report = report_reading(&path.display().to_string(), &reading, None);
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
                for check in CHECKS {
                    text.push_str(&format!(
                        "{}  {:<22} {}\n",
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
                let severity = match check.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Info => "info",
                };
                write_out(&format!(
                    "{} {} (default severity: {severity})\n\n{}\n",
                    check.code,
                    check.name,
                    check
                        .doc
                        .lines()
                        .map(|l| l.strip_prefix(' ').unwrap_or(l))
                        .collect::<Vec<_>>()
                        .join("\n")
                ))?;
                Ok(0)
            }
        },
        Command::Serve(args) => {
            essaylint::serve::init_logging(args.log_format);
            let server = essaylint::serve::Server::bind(&args)?;
            if let Some(addr) = server.local_addr() {
                write_out(&format!("listening on http://{addr}\n"))?;
            }
            server.run()?;
            Ok(0)
        }
        Command::Worker { job } => match job.as_str() {
            "pdf-text" => Ok(u8::try_from(essaylint::worker::worker_main()).unwrap_or(2)),
            other => Err(miette!("unknown worker job `{other}`")),
        },
    }
}
