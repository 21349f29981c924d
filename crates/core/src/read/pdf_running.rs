//! Running headers and footers in a PDF's text.
//!
//! A PDF has no parts: a word processor's header and footer become lines of text on every page.
//! Word leaves its headers and footers out of the word count, so a line that runs at the head or
//! the foot of every page is taken out of the body here and reported apart, as
//! [`Part::HeadersFooters`](crate::document::Part::HeadersFooters).
//!
//! A line is running when:
//! - it is among the first (or last) [`MAX_RUNNING_LINES`] lines of text of every page that has
//!   text, at the same position on each, with more text on each page, and the document has at least
//!   two such pages; lines are compared with their digits ignored, so "Page 3" and "Page 4" are the
//!   same line; or
//! - it holds only the page's own number ("3", "- 3 -", "Page 3", "3 of 5", "3/5"), at the head or
//!   the foot of every page with text, on a document of any length.
//!
//! A header or footer that appears on one page only (a one-page essay with a header, or a header on
//! the first page alone) cannot be told from a title or a closing line, and stays counted.

/// How many lines at each end of a page can be a running header or footer.
pub const MAX_RUNNING_LINES: usize = 2;

/// Where on its page a running line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    /// The first lines of a page.
    Head,
    /// The last lines of a page.
    Foot,
}

/// One page's text split into its running lines and the rest.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SplitPage {
    /// The running header lines, top first.
    pub head: Vec<String>,
    /// The body text, the running lines taken out (line breaks kept).
    pub body: String,
    /// The running footer lines, top first.
    pub foot: Vec<String>,
}

/// Splits each page's text (`pages[i]` is page `i + 1`) into running lines and body.
pub fn split_running(pages: &[String]) -> Vec<SplitPage> {
    let lines: Vec<Vec<&str>> = pages
        .iter()
        .map(|text| {
            text.lines()
                .map(str::trim)
                .filter(|line| !line.is_empty())
                .collect()
        })
        .collect();
    let with_text: Vec<usize> = (0..pages.len()).filter(|&i| !lines[i].is_empty()).collect();
    let head = running_count(&lines, &with_text, End::Head);
    let foot = running_count(&lines, &with_text, End::Foot);
    pages
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let page_lines = &lines[i];
            // A page of only running lines keeps none in its body.
            let head = head.min(page_lines.len());
            let foot = foot.min(page_lines.len() - head);
            if head == 0 && foot == 0 {
                return SplitPage {
                    body: text.clone(),
                    ..SplitPage::default()
                };
            }
            SplitPage {
                head: page_lines[..head].iter().map(|l| l.to_string()).collect(),
                body: body_without(text, head, foot),
                foot: page_lines[page_lines.len() - foot..]
                    .iter()
                    .map(|l| l.to_string())
                    .collect(),
            }
        })
        .collect()
}

/// How many lines at `end` of every page with text are running lines.
fn running_count(lines: &[Vec<&str>], with_text: &[usize], end: End) -> usize {
    let Some(&first) = with_text.first() else {
        return 0;
    };
    let at = |page: usize, k: usize| -> Option<&str> {
        let page_lines = &lines[page];
        match end {
            End::Head => page_lines.get(k).copied(),
            End::Foot => page_lines
                .len()
                .checked_sub(k + 1)
                .and_then(|i| page_lines.get(i))
                .copied(),
        }
    };
    let mut count = 0;
    for k in 0..MAX_RUNNING_LINES {
        let repeated = with_text.len() >= 2
            && at(first, k).is_some_and(|line| {
                let key = without_digits(line);
                // A line holding only digits and punctuation is a page number: it must be one.
                !key.chars().all(|c| !c.is_alphabetic())
                    && with_text.iter().all(|&page| {
                        // The same line alone on every page is the text itself, not a header.
                        lines[page].len() > k + 1
                            && at(page, k).is_some_and(|l| without_digits(l) == key)
                    })
            });
        let numbered = with_text
            .iter()
            .all(|&page| at(page, k).is_some_and(|l| is_page_number(l, page + 1)));
        if repeated || numbered {
            count += 1;
        } else {
            break;
        }
    }
    // Lines that ran at the head cannot also be taken at the foot of a one-line page; the caller
    // clamps per page.
    count
}

/// The line with every run of digits as `#` and its spaces collapsed, lower-cased.
fn without_digits(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut digits = false;
    let mut space = false;
    for c in line.chars() {
        if c.is_ascii_digit() {
            if !digits {
                out.push('#');
            }
            digits = true;
            space = false;
            continue;
        }
        digits = false;
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
            continue;
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
}

/// Whether `line` holds only the number `page`: "3", "- 3 -", "Page 3", "p. 3", "3 of 5", "3/5",
/// "Page 3 of 5".
fn is_page_number(line: &str, page: usize) -> bool {
    let lower = line.to_lowercase();
    let mut rest =
        lower.trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    for prefix in ["page", "pg.", "p."] {
        if let Some(after) = rest.strip_prefix(prefix) {
            rest = after.trim_start();
            break;
        }
    }
    let digits_end = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if digits_end == 0 || digits_end > 6 || rest[..digits_end].parse::<usize>() != Ok(page) {
        return false;
    }
    let tail = rest[digits_end..].trim();
    if tail.is_empty() {
        return true;
    }
    let of = tail
        .strip_prefix("of")
        .or_else(|| tail.strip_prefix('/'))
        .map(str::trim);
    of.is_some_and(|total| {
        !total.is_empty() && total.len() <= 6 && total.chars().all(|c| c.is_ascii_digit())
    })
}

/// `text` without its first `head` and last `foot` non-empty lines.
fn body_without(text: &str, head: usize, foot: usize) -> String {
    let total = text.lines().filter(|l| !l.trim().is_empty()).count();
    let mut seen = 0;
    let mut out: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            out.push(line);
            continue;
        }
        seen += 1;
        if seen > head && seen <= total - foot {
            out.push(line);
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn a_header_and_a_numbered_footer_on_every_page_run() {
        let split = split_running(&pages(&[
            "Jane Doe — essay\n\nFirst paragraph.\nStill first.\n\nPage 1 of 2\n",
            "Jane Doe — essay\n\nSecond page text.\n\nPage 2 of 2\n",
        ]));
        assert_eq!(split[0].head, ["Jane Doe — essay"]);
        assert_eq!(split[0].foot, ["Page 1 of 2"]);
        assert_eq!(split[1].foot, ["Page 2 of 2"]);
        assert!(split[0].body.contains("First paragraph.\nStill first."));
        assert!(!split[1].body.contains("Jane Doe"));
        assert!(!split[1].body.contains("Page 2"));
    }

    /// A lone page number runs on a one-page document too: it is the page's own number.
    #[test]
    fn a_page_number_alone_runs_on_one_page() {
        let split = split_running(&pages(&["Title\n\nText of the essay.\n\n1\n"]));
        assert_eq!(split[0].foot, ["1"]);
        assert!(split[0].head.is_empty(), "a title is not a header");
        assert_eq!(split[0].body.trim(), "Title\n\nText of the essay.");
    }

    /// A header on one page cannot be told from a title: it stays in the body.
    #[test]
    fn a_line_on_one_page_only_stays() {
        let split = split_running(&pages(&["Candidate 4711\n\nText.\n"]));
        assert!(split[0].head.is_empty());
        assert_eq!(split[0].body, "Candidate 4711\n\nText.\n");
    }

    /// Different first lines, or a number that is not the page's, are body text.
    #[test]
    fn lines_that_differ_or_count_something_else_stay() {
        let split = split_running(&pages(&[
            "Introduction\nText one.\n2022\n",
            "Conclusion\nText two.\n2023\n",
        ]));
        assert!(split.iter().all(|p| p.head.is_empty() && p.foot.is_empty()));
        let split = split_running(&pages(&["Text.\n7\n", "More.\n7\n"]));
        assert!(
            split.iter().all(|p| p.foot.is_empty()),
            "the same number on every page is not a page number"
        );
    }

    #[test]
    fn page_numbers_in_their_usual_forms() {
        for (line, page) in [
            ("3", 3),
            ("- 3 -", 3),
            ("– 12 –", 12),
            ("Page 3", 3),
            ("page 3 of 5", 3),
            ("3/5", 3),
            ("p. 3", 3),
        ] {
            assert!(is_page_number(line, page), "{line}");
        }
        for (line, page) in [
            ("4", 3),
            ("Page", 1),
            ("3 apples", 3),
            ("", 1),
            ("99999999", 1),
        ] {
            assert!(!is_page_number(line, page), "{line}");
        }
    }

    /// The same line alone on every page (a slide title, a scanned page's caption) is the text.
    #[test]
    fn a_line_alone_on_every_page_is_text() {
        let split = split_running(&pages(&[
            "Background
",
            "Background
",
            "Background
",
        ]));
        assert!(split.iter().all(|p| p.head.is_empty() && p.foot.is_empty()));
    }

    /// Pages without text (a scanned page) neither break nor decide the pattern.
    #[test]
    fn pages_without_text_are_skipped() {
        let split = split_running(&pages(&["Name\nA.\n", "", "Name\nB.\n"]));
        assert_eq!(split[0].head, ["Name"]);
        assert!(split[1].head.is_empty());
        assert_eq!(split[2].head, ["Name"]);
    }

    /// A page that holds only its running lines keeps an empty body, and nothing is taken twice.
    #[test]
    fn a_page_of_running_lines_only() {
        let split = split_running(&pages(&["Name\nText.\n1\n", "Name\n2\n"]));
        assert_eq!(split[1].head, ["Name"]);
        assert_eq!(split[1].foot, ["2"]);
        assert!(split[1].body.trim().is_empty());
    }
}
