//! `page-limit`, `page-limit-borderline` and `stored-pages-differ`.

use crate::count::paragraph_words;
use crate::document::{Document, Part};
use crate::layout::Layout;
use crate::report::{Diagnostic, Location, PageBasis, Pages, Severity};
use crate::rules::{Context, declare_check, plural};

declare_check! {
    /// The essay runs to more pages than the vacancy allows.
    ///
    /// ## What it does
    /// For a PDF, counts its pages exactly (from the page tree, never from a stored count). For a
    /// Word document, lays the text out as Word does (essaylint's own layout model: page size,
    /// margins, fonts and their real character widths, spacing, line breaking, footnotes) and
    /// reports the fill in fractional pages. It fails the essay only when the fill is over the limit
    /// by more than the model's margin of error; closer than that, `page-limit-borderline` warns
    /// instead. A page count stored in the file is never trusted alone: without a layout it only
    /// warns.
    ///
    /// ## Why
    /// The notices set the length in A4 pages ("maximum one A4 page", "maximum of 2 A4 pages"); the
    /// page is the binding limit for the two head posts, which set no word limit.
    ///
    /// ## How to fix
    /// Cut about the number of lines the message gives; the location shows the paragraph where the
    /// last allowed page ends. Do not shrink the margins or the font below a readable size to fit:
    /// reviewers notice.
    pub PAGE_LIMIT = ("EL003", "page-limit", Error);
}

declare_check! {
    /// The essay ends so close to the page limit that the layout model cannot decide.
    ///
    /// ## What it does
    /// essaylint's layout of a Word document agrees with LibreOffice's rendering to within a few
    /// hundredths of a page on its test essays, not to the line. When the text ends within that
    /// margin of the page limit (just under it or just over it), or the document uses fonts or
    /// features the model only approximates, this warning replaces a verdict the model cannot back.
    ///
    /// ## Why
    /// A wrong "fail" would make a candidate cut an essay that fits; a wrong "pass" would let an
    /// essay that spills onto another page through.
    ///
    /// ## How to fix
    /// Check the page count in Word itself (View > Print Layout, paper set to A4) or export a PDF
    /// and count its pages. To be safe, cut the few lines the message gives.
    pub PAGE_LIMIT_BORDERLINE = ("EL020", "page-limit-borderline", Warning);
}

declare_check! {
    /// The page count Word stored in the file differs from essaylint's layout.
    ///
    /// ## What it does
    /// Compares the `Pages` that Microsoft Word wrote into the file when it last saved it
    /// (`docProps/app.xml`) with essaylint's own layout, and says so when they differ.
    ///
    /// ## Why
    /// Word's stored count is Word's own pagination at save time, but it goes stale when another
    /// program edits the file, and anyone can change it. A difference means one of the two is out
    /// of date, or the layout model has met something it does not handle.
    ///
    /// ## How to fix
    /// Open the file in Word, check the page count in the status bar, and save it again.
    pub STORED_PAGES_DIFFER = ("EL021", "stored-pages-differ", Info);
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(pages) = ctx.pages else {
        return;
    };
    stored_differs(ctx, pages, out);
    let Some(variant) = ctx.variant else {
        return;
    };
    let Some(max) = variant.max_pages else {
        return;
    };
    match pages.basis {
        PageBasis::Pdf | PageBasis::Render => exact(ctx, pages, max, out),
        PageBasis::Layout => {
            if let (Some(layout), Some(doc)) = (ctx.layout, ctx.doc) {
                laid_out(doc, layout, pages, max, out);
            }
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

fn stored_differs(ctx: &Context<'_>, pages: &Pages, out: &mut Vec<Diagnostic>) {
    let by_word = pages
        .stored_by
        .as_deref()
        .is_some_and(|a| a.contains("Microsoft") && a.contains("Word"));
    if pages.basis != PageBasis::Layout || !by_word || ctx.layout.is_none() {
        return;
    }
    if let (Some(stored), Some(count)) = (pages.stored, pages.count)
        && stored != count
    {
        out.push(STORED_PAGES_DIFFER.diagnostic(
            Severity::Info,
            // Say what the file claims: python-docx and others write "Microsoft … Word" too.
            format!(
                "the file says {} stored {} when it last saved it; essaylint's layout makes it {}",
                pages.stored_by.as_deref().unwrap_or("Word"),
                plural(u64::from(stored), "page", "pages"),
                plural(u64::from(count), "page", "pages")
            ),
            "the stored count goes stale when the file is edited elsewhere: check the page \
             count in Word's status bar",
            None,
        ));
    }
}

fn exact(ctx: &Context<'_>, pages: &Pages, max: u32, out: &mut Vec<Diagnostic>) {
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
    // A rendered Word document: the layout says where the text runs over.
    let (over_words, location) = match (ctx.layout, ctx.doc) {
        (Some(layout), Some(doc)) if pages.basis == PageBasis::Render => {
            let (_, words) = layout.over(max);
            (words, over_location(doc, layout, max))
        }
        _ => (over_words, location),
    };
    let amount = if over_words > 0 {
        let over_pages = if count > max + 1 {
            format!("pages {}-{count}", max + 1)
        } else {
            format!("page {count}")
        };
        format!(
            "cut the text on {over_pages} ({}), or about that much elsewhere",
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

fn laid_out(doc: &Document, layout: &Layout, pages: &Pages, max: u32, out: &mut Vec<Diagnostic>) {
    let limit = f64::from(max);
    let margin = layout.margin;
    let (lines_over, words_over) = layout.over(max);
    let location = over_location(doc, layout, max);
    let cut = format!(
        "cut about {} (~{})",
        plural(u64::from(lines_over), "line", "lines"),
        plural(words_over, "word", "words")
    );
    let why = if pages.approximations.is_empty() {
        String::new()
    } else {
        format!(" (approximate: {})", pages.approximations.join("; "))
    };
    if layout.fill > limit + margin {
        out.push(PAGE_LIMIT.diagnostic(
            Severity::Error,
            format!(
                "{:.2} pages by essaylint's layout{why}; the limit is {}",
                layout.fill,
                plural(u64::from(max), "page", "pages")
            ),
            format!("{cut}: the text runs past page {max} from the paragraph shown"),
            location,
        ));
    } else if layout.fill > limit - margin {
        let side = if layout.pages > max {
            format!(
                "over by about {}",
                plural(u64::from(lines_over), "line", "lines")
            )
        } else {
            "just within it".to_string()
        };
        out.push(PAGE_LIMIT_BORDERLINE.diagnostic(
            Severity::Warning,
            format!(
                "{:.2} pages by essaylint's layout{why}: {side}, closer to the {}-page limit than \
                 the model can decide",
                layout.fill, max
            ),
            if layout.pages > max {
                format!("check the page count in Word (A4 paper) or in an exported PDF; to be safe, {cut}")
            } else {
                "check the page count in Word (A4 paper) or in an exported PDF before sending"
                    .to_string()
            },
            location.filter(|_| layout.pages > max),
        ));
    }
}

/// The paragraph where page `max` ends, by the layout.
fn over_location(doc: &Document, layout: &Layout, max: u32) -> Option<Location> {
    layout.last_paragraph_on(max).map(|index| {
        let number = doc.paragraphs[..=index]
            .iter()
            .filter(|p| p.part == Part::Body)
            .count() as u32;
        Location {
            part: Some(Part::Body),
            paragraph: Some(number),
            excerpt: doc.paragraphs.get(index).map(|p| first_words(&p.text, 12)),
            highlight_label: Some(format!("page {max} ends in this paragraph")),
            ..Location::default()
        }
    })
}

fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut s = words.iter().take(n).copied().collect::<Vec<_>>().join(" ");
    if words.len() > n {
        s.push_str(" …");
    }
    s
}
