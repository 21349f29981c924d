//! `not-official-language`.

use crate::content::language;
use crate::report::{Diagnostic, Severity};
use crate::rules::{Context, declare_check};

declare_check! {
    /// The essay is written in neither English nor French, NATO's official languages.
    ///
    /// ## What it does
    /// Names the language of the essay's text (main text, text boxes and notes) with a trigram
    /// language detector, and warns when it is confidently neither English nor French. The
    /// language is also given in every file's report (`language`: `en`, `fr`, or another ISO
    /// 639-1 code); with fewer than 20 words, or when the detector is not confident, it is not
    /// named and nothing is reported.
    ///
    /// ## Why
    /// The vacancy notices accept applications in NATO's two official languages only, English and
    /// French; an essay in another language will not be read.
    ///
    /// ## How to fix
    /// Write the essay in English or French. If it is in English or French and the check named
    /// another language, check that the file holds the essay and not, for instance, a translation
    /// or a draft left in the document.
    pub NOT_OFFICIAL_LANGUAGE = ("EL014", "not-official-language", Warning);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(doc) = ctx.doc else {
        return;
    };
    let found = match ctx.content {
        Some(analysis) => analysis.language,
        None => language::of_document(doc),
    };
    let Some(found) = found else {
        return;
    };
    if found.is_official() {
        return;
    }
    out.push(NOT_OFFICIAL_LANGUAGE.diagnostic(
        Severity::Warning,
        format!(
            "the essay appears to be written in {} ({}), not in English or French",
            found.name, found.code
        ),
        "NATO accepts essays in its official languages only: write it in English or French",
        None,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format, Paragraph, Part};

    fn run(text: &str) -> Vec<Diagnostic> {
        let mut doc = Document::new(Format::Docx);
        doc.paragraphs.push(Paragraph::plain(Part::Body, text));
        crate::rules::test_support::run_on(&doc, check)
    }

    #[test]
    fn english_and_french_pass() {
        assert_eq!(
            run(
                "NATO is and will remain a Euro-Atlantic security organisation, yet over two \
                 decades it has built partnerships with countries of the Indo-Pacific region."
            ),
            []
        );
        assert_eq!(
            run(
                "L'OTAN est et restera une organisation de sécurité euro-atlantique, mais elle a \
                 noué depuis vingt ans des partenariats avec des pays de la région indo-pacifique."
            ),
            []
        );
    }

    #[test]
    fn another_language_is_named() {
        let out = run(
            "Die NATO ist und bleibt eine euro-atlantische Sicherheitsorganisation. In \
                       den letzten zwei Jahrzehnten hat sie jedoch umfangreiche Partnerschaften \
                       mit Ländern im indopazifischen Raum aufgebaut.",
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].name, "not-official-language");
        assert_eq!(
            out[0].message,
            "the essay appears to be written in German (de), not in English or French"
        );
    }

    #[test]
    fn too_little_text_says_nothing() {
        assert_eq!(run("Kurzer Titel auf Deutsch"), []);
    }
}
