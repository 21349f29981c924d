//! `variant-mismatch`.

use std::collections::BTreeSet;

use crate::content::EssayText;
use crate::report::{Diagnostic, Severity};
use crate::rules::RuleSet;
use crate::rules::coverage::Coverage;
use crate::rules::data::{Competition, Variant};
use crate::rules::prompt_coverage::judgeable_text;
use crate::rules::{Context, declare_check};

declare_check! {
    /// The essay reads as if written for another essay variant of the same competition.
    ///
    /// ## What it does
    /// Judges the essay against the question of every variant of the competition, as
    /// `prompt-coverage` does for the variant checked, and warns when another variant's question
    /// is clearly better answered: more of its elements addressed, or as many but with much more
    /// evidence for the elements that set it apart. It names that variant, and says how many
    /// elements of each question the essay addresses and how strongly the elements that tell the
    /// two apart are evidenced (each counts up to three passages: 100% is three or more passages
    /// for every one of them). Texts of fewer than 100 words or more
    /// than about ten thousand, and essays in neither English nor French, are not judged.
    ///
    /// ## Why
    /// For the two head posts the question depends on the posts applied for: one essay for
    /// PASP0150 only, another for PASP0024 only, a third for both. Sending the essay written for
    /// another post, or for one post when you applied for both, answers a question you were not
    /// asked. This check is a heuristic: it is always a warning.
    ///
    /// ## How to fix
    /// Check that `--post` names every post you applied for, and that the file is the essay
    /// written for that combination of posts. `essaylint rules` summarises each variant's
    /// question.
    pub VARIANT_MISMATCH = ("EL013", "variant-mismatch", Warning);
}

/// Another variant is preferred only when it answers at least this share of its own elements.
pub(crate) const MIN_OTHER_FRACTION: f64 = 0.75;
/// With as many elements addressed, another variant is preferred only when its distinguishing
/// elements are this much more strongly evidenced (strength is 0 to 1).
pub(crate) const STRENGTH_MARGIN: f64 = 0.5;

/// How an essay answers one variant, compared with another.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Resemblance {
    /// Elements addressed.
    pub addressed: usize,
    /// Elements judged.
    pub total: usize,
    /// Strength of the elements the other variant does not share (0 to 1).
    pub distinctive: f64,
}

/// Compares two coverages on what tells them apart: each side's resemblance, measured on the
/// elements the other does not share.
pub(crate) fn compare(a: &Coverage<'_>, b: &Coverage<'_>) -> (Resemblance, Resemblance) {
    let shared: BTreeSet<&str> = a.ids().intersection(&b.ids()).copied().collect();
    let r = |c: &Coverage<'_>| Resemblance {
        addressed: c.addressed(),
        total: c.total(),
        distinctive: c.strength(&shared),
    };
    (r(a), r(b))
}

/// Whether `other` is clearly a better answer than `own`.
pub(crate) fn prefers(own: &Resemblance, other: &Resemblance) -> bool {
    if other.total == 0 || own.total == 0 {
        return false;
    }
    let own_fraction = own.addressed as f64 / own.total as f64;
    let other_fraction = other.addressed as f64 / other.total as f64;
    if other_fraction < MIN_OTHER_FRACTION {
        return false;
    }
    other_fraction > own_fraction
        || (other_fraction == own_fraction
            && other.distinctive - own.distinctive >= STRENGTH_MARGIN)
}

/// The posts of a variant, with their titles, for messages.
pub(crate) fn describe(competition: &Competition, variant_id: &str) -> String {
    let Some(v) = competition.variants.iter().find(|v| v.id == variant_id) else {
        return variant_id.to_string();
    };
    let titles: Vec<String> = v
        .posts
        .iter()
        .map(|p| {
            competition
                .posts
                .iter()
                .find(|q| q.id.eq_ignore_ascii_case(p))
                .map_or(p.clone(), |q| format!("{}, {}", q.id, q.title))
        })
        .collect();
    if v.posts.len() == 1 {
        format!("{} (only {})", v.id, titles.join(""))
    } else {
        format!("{} (all of: {})", v.id, titles.join("; "))
    }
}

/// `A and B`: a variant's posts, as a help names them whatever the shell.
pub(crate) fn post_list(variant: &Variant) -> String {
    variant.posts.join(" and ")
}

/// The variant an essay appears to answer, among every variant of a rule set.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Guess<'r> {
    /// Its competition.
    pub competition: &'r Competition,
    /// The variant.
    pub variant: &'r Variant,
    /// Elements of its question addressed.
    pub addressed: usize,
    /// Elements judged.
    pub total: usize,
}

/// The variant whose question an essay answers best, when it answers at least
/// [`MIN_OTHER_FRACTION`] of one: the highest share of elements addressed; between competitions,
/// the stronger evidence; within a competition, the variant for more posts (an essay for both
/// posts also answers each post's question).
pub(crate) fn guess<'r>(rules: &'r RuleSet, text: &EssayText) -> Option<Guess<'r>> {
    let none = BTreeSet::new();
    let mut best: Option<(f64, f64, usize, Guess<'r>)> = None;
    for competition in &rules.competitions {
        let Some(matcher) = competition.matcher() else {
            continue;
        };
        let scan = matcher.scan(text);
        let coverages: Vec<Coverage<'r>> = competition
            .variants
            .iter()
            .map(|v| scan.coverage(v))
            .filter(|c| c.total() > 0)
            .collect();
        let Some(top) = coverages.iter().map(Coverage::fraction).reduce(f64::max) else {
            continue;
        };
        let tied: Vec<&Coverage<'r>> = coverages.iter().filter(|c| c.fraction() == top).collect();
        let strength = tied.iter().map(|c| c.strength(&none)).fold(0.0, f64::max);
        let Some(pick) = tied.into_iter().max_by_key(|c| c.variant.posts.len()) else {
            continue;
        };
        let candidate = Guess {
            competition,
            variant: pick.variant,
            addressed: pick.addressed(),
            total: pick.total(),
        };
        let key = (top, strength, pick.variant.posts.len());
        if top >= MIN_OTHER_FRACTION
            && best
                .as_ref()
                .is_none_or(|(f, s, _, _)| (key.0, key.1) > (*f, *s))
        {
            best = Some((key.0, key.1, key.2, candidate));
        }
    }
    best.map(|(_, _, _, g)| g)
}

fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(competition), Some(variant)) = (ctx.competition, ctx.variant) else {
        return;
    };
    if competition.variants.len() < 2 {
        return;
    }
    // Without an analysis from the caller (unit tests), scan here.
    let own_text;
    let own_scan;
    let scan = match ctx.content {
        Some(analysis) => match &analysis.scan {
            Some(scan) => scan,
            None => return,
        },
        None => {
            let Some(text) = judgeable_text(ctx) else {
                return;
            };
            own_text = text;
            let Some(matcher) = competition.matcher() else {
                return;
            };
            own_scan = matcher.scan(&own_text);
            &own_scan
        }
    };
    let own = scan.coverage(variant);
    let best = competition
        .variants
        .iter()
        .filter(|w| w.id != variant.id)
        .filter_map(|w| {
            let theirs = scan.coverage(w);
            let (a, b) = compare(&own, &theirs);
            prefers(&a, &b).then_some((w, a, b))
        })
        .max_by(|x, y| {
            let key = |(_, a, b): &(_, Resemblance, Resemblance)| {
                (
                    b.addressed as f64 / b.total as f64 - a.addressed as f64 / a.total as f64,
                    b.distinctive - a.distinctive,
                )
            };
            key(x)
                .partial_cmp(&key(y))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    let Some((other, mine, theirs)) = best else {
        return;
    };
    out.push(VARIANT_MISMATCH.diagnostic(
        Severity::Warning,
        format!(
            "the essay reads as written for variant {} rather than {}: it addresses {} of the \
             {} elements of that question and {} of the {} of the {} question; the evidence \
             for the elements that tell them apart is {} against {}",
            describe(competition, &other.id),
            variant.id,
            theirs.addressed,
            theirs.total,
            mine.addressed,
            mine.total,
            variant.id,
            percent(theirs.distinctive),
            percent(mine.distinctive),
        ),
        format!(
            "check that the posts given are every post you applied for ({} if that is what \
             you applied for) and that this is the essay written for them",
            post_list(other),
        ),
        None,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Format, Paragraph, Part};
    use crate::rules::no_variant;

    /// Essays written for these tests (`src/content/testdata`), one per variant and language the
    /// shared corpus lacks: a PASP0024 essay in English, a PASP0150 essay and a two-post essay in
    /// French, and an officer essay in French.
    const C_EN: &str = include_str!("../content/testdata/c_en_policy_east.txt");
    const B_FR: &str = include_str!("../content/testdata/b_fr_russie.txt");
    const D_FR: &str = include_str!("../content/testdata/d_fr_deux_postes.txt");
    const A_FR: &str = include_str!("../content/testdata/a_fr_partenariats.txt");

    fn doc(text: &str) -> Document {
        let mut doc = Document::new(Format::Docx);
        doc.paragraphs = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| Paragraph::plain(Part::Body, l))
            .collect();
        doc
    }

    fn run(posts: &[&str], text: &str) -> Vec<Diagnostic> {
        let rules = RuleSet::builtin();
        let posts: Vec<String> = posts.iter().map(|s| s.to_string()).collect();
        let resolved = rules.resolve(&posts).expect("posts");
        let doc = doc(text);
        let ctx = Context {
            format: Format::Docx,
            doc: Some(&doc),
            read_error: None,
            counts: None,
            pages: None,
            layout: None,
            content: None,
            rules: Some(&rules),
            variant: resolved.as_ref().map(|r| r.variant),
            competition: resolved.as_ref().map(|r| r.competition),
        };
        let mut out = Vec::new();
        check(&ctx, &mut out);
        crate::rules::prompt_coverage::check(&ctx, &mut out);
        no_variant::check(&ctx, &mut out);
        out
    }

    fn names(out: &[Diagnostic]) -> Vec<&'static str> {
        out.iter().map(|d| d.name).collect()
    }

    #[test]
    fn essays_checked_against_their_own_variant_pass() {
        assert_eq!(names(&run(&["PASP0024"], C_EN)), [] as [&str; 0]);
        assert_eq!(names(&run(&["PASP0150"], B_FR)), [] as [&str; 0]);
        assert_eq!(
            names(&run(&["PASP0150", "PASP0024"], D_FR)),
            [] as [&str; 0]
        );
        assert_eq!(names(&run(&["officer-gps"], A_FR)), [] as [&str; 0]);
    }

    #[test]
    fn an_essay_for_another_post_is_named() {
        let out = run(&["PASP0150"], C_EN);
        let mismatch = out
            .iter()
            .find(|d| d.name == "variant-mismatch")
            .expect("variant-mismatch");
        assert_eq!(mismatch.severity, Severity::Warning);
        assert_eq!(
            mismatch.message,
            "the essay reads as written for variant PASP0024 (only PASP0024, Head, Policy East \
             Section) rather than PASP0150: it addresses 4 of the 4 elements of that question \
             and 3 of the 4 of the PASP0150 question; the evidence for the elements that tell \
             them apart is 100% against 17%"
        );
        assert!(
            mismatch
                .help
                .contains("(PASP0024 if that is what you applied for)")
        );
        // The French Russia essay sent for Policy East, or for both posts.
        for posts in [&["PASP0024"][..], &["PASP0150", "PASP0024"][..]] {
            let out = run(posts, B_FR);
            let mismatch = out.iter().find(|d| d.name == "variant-mismatch");
            assert!(
                mismatch.is_some_and(|d| d.message.contains("variant PASP0150 (only PASP0150")),
                "{posts:?}: {out:?}"
            );
        }
    }

    #[test]
    fn an_essay_for_both_posts_matches_each() {
        // It answers each post's question too: no mismatch, whichever was checked.
        for posts in [&["PASP0150"][..], &["PASP0024"][..]] {
            assert!(
                !names(&run(posts, D_FR)).contains(&"variant-mismatch"),
                "{posts:?}"
            );
        }
    }

    #[test]
    fn without_a_post_the_variant_answered_is_named() {
        let said = |text: &str| {
            run(&[], text)
                .into_iter()
                .find(|d| d.name == "no-variant")
                .map(|d| d.message)
                .unwrap_or_default()
        };
        assert!(said(C_EN).contains("appears to answer the question for PASP0024 (only"));
        assert!(said(B_FR).contains("appears to answer the question for PASP0150 (only"));
        assert!(said(D_FR).contains("appears to answer the question for PASP0150+PASP0024 (all"));
        assert!(said(A_FR).contains("appears to answer the question for officer-gps"));
        // Too little text: no guess.
        assert_eq!(
            said("A title\nA line about Russia and its war."),
            "no post given: the file was checked, but no vacancy's limits were applied"
        );
    }

    #[test]
    fn a_better_answer_needs_more_elements_or_much_stronger_evidence() {
        let r = |addressed, total, distinctive| Resemblance {
            addressed,
            total,
            distinctive,
        };
        assert!(prefers(&r(3, 4, 0.2), &r(4, 4, 0.9)));
        assert!(
            !prefers(&r(4, 4, 0.5), &r(4, 4, 0.9)),
            "as many, not much stronger"
        );
        assert!(
            prefers(&r(4, 4, 0.3), &r(4, 4, 0.9)),
            "as many, much stronger"
        );
        assert!(
            !prefers(&r(1, 4, 0.0), &r(2, 4, 0.5)),
            "the other is not answered either"
        );
        assert!(!prefers(&r(4, 4, 1.0), &r(3, 4, 1.0)));
    }
}
