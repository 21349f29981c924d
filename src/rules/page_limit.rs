//! `page-limit`.

use crate::count::paragraph_words;
use crate::report::{Diagnostic, Location, PageBasis, Severity};
use crate::rules::{Context, declare_check, plural};

declare_check! {
    /// The essay runs to more pages than the vacancy allows.
    ///
    /// ## What it does
    /// For a PDF, counts its pages exactly (from the page tree, never from a stored count). For a
    /// Word document, compares the page count essaylint can establish with the limit: until
    /// essaylint's own layout model is in place this is the count Word (or another program) stored
    /// in the file when it was last saved, which may be stale or edited, so it only warns. An error
    /// never rests on a stored count alone.
    ///
    /// ## Why
    /// The notices set the length in A4 pages ("maximum one A4 page", "maximum of 2 A4 pages"); the
    /// page is the binding limit for the two head posts, which set no word limit.
    ///
    /// ## How to fix
    /// Shorten the text by about the amount the message gives, or check the page count in Word
    /// (View > Print Layout, or File > Export > PDF) with the paper set to A4. Do not shrink the
    /// margins or the font below a readable size to fit: reviewers notice.
    pub PAGE_LIMIT = ("EL003", "page-limit", Error);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(variant), Some(pages)) = (ctx.variant, ctx.pages) else {
        return;
    };
    let Some(max) = variant.max_pages else {
        return;
    };
    match pages.basis {
        PageBasis::Pdf | PageBasis::Layout | PageBasis::Render => {
            let Some(count) = pages.count.filter(|&c| c > max) else {
                return;
            };
            // Words on the pages past the limit, where the text says which page it is on.
            let over_words: u64 = ctx
                .doc
                .map(|doc| {
                    doc.paragraphs
                        .iter()
                        .filter(|p| p.page.is_some_and(|n| n > max))
                        .map(|p| paragraph_words(p.label.as_deref(), &p.text).joining)
                        .sum()
                })
                .unwrap_or(0);
            let first_over = ctx.doc.and_then(|doc| {
                doc.paragraphs
                    .iter()
                    .find(|p| p.page == Some(max + 1) && !p.text.trim().is_empty())
            });
            let location = first_over.map(|p| Location {
                page: Some(max + 1),
                excerpt: Some(first_words(&p.text, 12)),
                ..Location::default()
            });
            let amount = if over_words > 0 {
                format!(
                    "cut the text on page{} {}-{count} ({}), or about that much elsewhere",
                    if count > max + 1 { "s" } else { "" },
                    max + 1,
                    plural(over_words, "word", "words")
                )
            } else {
                format!(
                    "cut {} of content",
                    plural(u64::from(count - max), "page", "pages")
                )
            };
            out.push(PAGE_LIMIT.diagnostic(
                Severity::Error,
                format!(
                    "{}; the limit is {}",
                    plural(u64::from(count), "page", "pages"),
                    plural(u64::from(max), "page", "pages")
                ),
                amount,
                location,
            ));
        }
        PageBasis::Stored => {
            let Some(stored) = pages.stored.filter(|&c| c > max) else {
                return;
            };
            let by = pages
                .stored_by
                .as_deref()
                .map(|a| format!(" by {a}"))
                .unwrap_or_default();
            out.push(PAGE_LIMIT.diagnostic(
                Severity::Warning,
                format!(
                    "the file says it has {} (stored{by} when last saved); the limit is {}",
                    plural(u64::from(stored), "page", "pages"),
                    plural(u64::from(max), "page", "pages")
                ),
                "a stored page count can be stale: open the file in Word with A4 paper, check the \
                 page count in the status bar, and shorten the text if it is over",
                None,
            ));
        }
        PageBasis::None => {}
    }
}

fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut s = words.iter().take(n).copied().collect::<Vec<_>>().join(" ");
    if words.len() > n {
        s.push_str(" …");
    }
    s
}
