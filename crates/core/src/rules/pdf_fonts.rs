//! `pdf-fonts-not-embedded`.

use crate::document::Format;
use crate::report::{Diagnostic, Severity};
use crate::rules::{Context, declare_check, plural};

declare_check! {
    /// The PDF uses fonts that are not embedded in it.
    ///
    /// ## What it does
    /// Looks at every font the pages use (directly, through form XObjects, and the descendant of
    /// each composite font) and lists those whose descriptor carries no font program
    /// (`/FontFile`, `/FontFile2` or `/FontFile3`). Type 3 fonts, drawn from the file itself, and
    /// the standard 14 fonts (Times, Helvetica and Courier in four styles, Symbol and
    /// ZapfDingbats), which every PDF reader must supply, are not reported.
    ///
    /// ## Why
    /// A font that is not in the file is replaced by whatever the reviewer's computer has: the
    /// essay looks different from what you sent, lines may overrun, and characters the substitute
    /// lacks show as boxes. Portals that convert or archive submissions (PDF/A) may reject it.
    ///
    /// ## How to fix
    /// Export the PDF again with fonts embedded. Word: File > Save As > PDF > Options, tick
    /// "PDF/A compliant" (which embeds every font; Windows: "ISO 19005-1 compliant (PDF/A)"), and
    /// check that File > Options > Save does not stop fonts from being embedded. LibreOffice:
    /// File > Export as PDF > General, tick "Archive (PDF/A, ISO 19005)". In Acrobat: Print
    /// Production > Preflight > "Embed missing fonts". If a font cannot be embedded (its licence
    /// forbids it), use another font.
    pub PDF_FONTS_NOT_EMBEDDED = ("EL034", "pdf-fonts-not-embedded", Warning);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(doc) = ctx.doc else {
        return;
    };
    let fonts = &doc.hygiene.fonts_not_embedded;
    if doc.format != Format::Pdf || fonts.is_empty() {
        return;
    }
    let names: Vec<&str> = fonts.iter().map(String::as_str).collect();
    out.push(PDF_FONTS_NOT_EMBEDDED.diagnostic(
        Severity::Warning,
        format!(
            "{} not embedded: {}",
            plural(names.len() as u64, "font is", "fonts are"),
            names.join(", ")
        ),
        "export the PDF again as PDF/A, which embeds every font (Word: Save As > PDF > Options > \
         PDF/A compliant; LibreOffice: Export as PDF > Archive (PDF/A))",
        None,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::rules::test_support::run_on;

    #[test]
    fn lists_the_fonts() {
        let mut doc = Document::new(Format::Pdf);
        assert!(run_on(&doc, check).is_empty());
        doc.hygiene.fonts_not_embedded.insert("ArialMT".into());
        doc.hygiene.fonts_not_embedded.insert("Calibri".into());
        let got = run_on(&doc, check);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].severity, Severity::Warning);
        assert_eq!(got[0].message, "2 fonts are not embedded: ArialMT, Calibri");
    }
}
