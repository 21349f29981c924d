//! `page-size`.

use crate::report::{Diagnostic, Severity};
use crate::rules::{Context, declare_check};

declare_check! {
    /// The paper is not the size the vacancy asks for.
    ///
    /// ## What it does
    /// Reads the paper size of every page (PDF) or section (Word), and compares it with the
    /// vacancy's paper (A4, 210 × 297 mm, within 2 points). A landscape A4 page is still A4. A Word
    /// document that states no paper size at all gets a warning, since Word then uses the
    /// computer's default (US Letter in the United States, A4 elsewhere).
    ///
    /// ## Why
    /// The limits are in A4 pages. An essay on US Letter paper (216 × 279 mm) is laid out on a
    /// shorter, wider page: its page count says nothing about how many A4 pages it fills, and it
    /// prints with odd margins on A4.
    ///
    /// ## How to fix
    /// In Word: Layout > Size > A4, then check the page count again. In LibreOffice: Format > Page
    /// Style > Page > Format: A4. In Google Docs: File > Page setup > Paper size: A4. Then export
    /// the PDF again if you send a PDF.
    pub PAGE_SIZE = ("EL004", "page-size", Error);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(variant), Some(pages)) = (ctx.variant, ctx.pages) else {
        return;
    };
    let wrong: Vec<_> = pages
        .sizes
        .iter()
        .filter(|s| s.name != variant.paper)
        .collect();
    let unstated = ctx
        .doc
        .is_some_and(|d| !d.sections.is_empty() && d.sections.iter().all(|s| !s.size_given));
    let fix = format!(
        "set the paper to {p}: Layout > Size > {p} in Word (Format > Page Style in LibreOffice, \
         File > Page setup in Google Docs), then check the page count again",
        p = variant.paper
    );
    if unstated {
        out.push(PAGE_SIZE.diagnostic(
            Severity::Warning,
            format!(
                "the document does not state its paper size; Word will use the computer's default \
                 (US Letter in the US, A4 elsewhere), and the vacancy asks for {}",
                variant.paper
            ),
            fix,
            None,
        ));
        return;
    }
    if wrong.is_empty() {
        return;
    }
    let described: Vec<String> = wrong
        .iter()
        .map(|s| {
            let name = match s.name.as_str() {
                "Letter" => "US Letter",
                "A4" => "A4",
                _ => "a non-standard size",
            };
            format!("{name} ({:.1} × {:.1} mm)", s.width_mm, s.height_mm)
        })
        .collect();
    out.push(PAGE_SIZE.diagnostic(
        Severity::Error,
        format!(
            "the paper is {}; the vacancy asks for {}",
            described.join(" and "),
            variant.paper
        ),
        fix,
        None,
    ));
}
