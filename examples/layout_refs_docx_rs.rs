//! Writes the docx-rs part of the layout reference set (`scripts/layout_refs/make.py`): essays as a
//! Rust program using the docx-rs crate writes them, with its own defaults where the program does
//! not set a property.
//!
//! `cargo run --example layout_refs_docx_rs -- OUT_DIR`

use std::path::{Path, PathBuf};

use docx_rs::{
    AlignmentType, Docx, Footer, Header, LineSpacing, LineSpacingType, PageMargin, PageNum,
    Paragraph, Run, RunFonts,
};

fn essay(name: &str) -> (String, Vec<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/essays/text")
        .join(format!("{name}.txt"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut blocks = text
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(str::to_owned);
    let title = blocks.next().unwrap_or_default();
    (title, blocks.collect())
}

/// What a document sets.
struct Variant {
    font: &'static str,
    /// Half-points.
    size: usize,
    /// Line spacing in 240ths of a line (`auto`), or exact points.
    line: Line,
    /// Space after a paragraph, twips.
    after: u32,
    justify: bool,
    header_footer: bool,
    /// A4 with 2.54 cm margins, or docx-rs's own page.
    a4: bool,
}

enum Line {
    Auto(i32),
    Exact(i32),
}

fn write(out: &Path, name: &str, source: &str, v: &Variant) {
    let (title, paragraphs) = essay(source);
    let run = |text: &str, size: usize, bold: bool| {
        let run = Run::new()
            .add_text(text)
            .fonts(
                RunFonts::new()
                    .ascii(v.font)
                    .hi_ansi(v.font)
                    .east_asia(v.font),
            )
            .size(size);
        if bold { run.bold() } else { run }
    };
    let spacing = |after: u32| {
        let spacing = LineSpacing::new().before(0).after(after);
        match v.line {
            Line::Auto(l) => spacing.line(l).line_rule(LineSpacingType::Auto),
            Line::Exact(twips) => spacing.line(twips).line_rule(LineSpacingType::Exact),
        }
    };
    let mut doc = Docx::new().add_paragraph(
        Paragraph::new()
            .add_run(run(&title, v.size + 8, true))
            .line_spacing(spacing(v.after * 2)),
    );
    for text in &paragraphs {
        let mut p = Paragraph::new()
            .add_run(run(text, v.size, false))
            .line_spacing(spacing(v.after));
        if v.justify {
            p = p.align(AlignmentType::Both);
        }
        doc = doc.add_paragraph(p);
    }
    if v.a4 {
        doc = doc.page_size(11906, 16838).page_margin(PageMargin {
            top: 1440,
            left: 1440,
            bottom: 1440,
            right: 1440,
            header: 708,
            footer: 708,
            gutter: 0,
        });
    }
    if v.header_footer {
        doc = doc
            .header(
                Header::new().add_paragraph(
                    Paragraph::new()
                        .add_run(run("Candidate: A. N. Example", v.size, false))
                        .align(AlignmentType::Right),
                ),
            )
            .footer(
                Footer::new().add_paragraph(
                    Paragraph::new()
                        .add_page_num(PageNum::new())
                        .align(AlignmentType::Center),
                ),
            );
    }
    let path = out.join(format!("{name}.docx"));
    let file = std::fs::File::create(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    doc.build()
        .pack(file)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn main() {
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("fixtures/layout/docx-rs"));
    std::fs::create_dir_all(&out).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    let base = || Variant {
        font: "Calibri",
        size: 22,
        line: Line::Auto(276),
        after: 160,
        justify: false,
        header_footer: false,
        a4: true,
    };
    let documents: [(&str, &str, Variant); 8] = [
        ("calibri11_480", "a_en_480", base()),
        ("calibri11_1000", "b_en_1000", base()),
        (
            "times12_fr_490",
            "a_fr_490",
            Variant {
                font: "Times New Roman",
                size: 24,
                line: Line::Auto(240),
                ..base()
            },
        ),
        (
            "arial11_justified_1500",
            "d_en_1500",
            Variant {
                font: "Arial",
                justify: true,
                ..base()
            },
        ),
        (
            "exact14_520",
            "a_en_520",
            Variant {
                line: Line::Exact(280),
                ..base()
            },
        ),
        (
            "header_footer_1000",
            "b_en_1000",
            Variant {
                header_footer: true,
                ..base()
            },
        ),
        (
            "cambria11_docx_rs_page_495",
            "a_en_495_footnote",
            Variant {
                font: "Cambria",
                a4: false,
                ..base()
            },
        ),
        (
            "double_480",
            "a_en_480",
            Variant {
                line: Line::Auto(480),
                after: 0,
                ..base()
            },
        ),
    ];
    for (name, source, variant) in &documents {
        write(&out, name, source, variant);
    }
}
