//! `prompt-coverage`.

use crate::content::{EssayText, language};
use crate::report::{Diagnostic, Severity};
use crate::rules::coverage::Coverage;
use crate::rules::data::{Competition, Variant};
use crate::rules::{Context, declare_check};

declare_check! {
    /// The essay does not appear to address every element its question asks for.
    ///
    /// ## What it does
    /// Looks, in the essay's text (main text, text boxes and notes), for evidence of each element
    /// the variant's question asks for: for the officer post, the benefits and the challenges of
    /// NATO's Indo-Pacific partnerships and of its dialogue with the PRC, the areas of future
    /// cooperation with the partners and with the PRC, and the candidate's own experience; for the
    /// two head posts, the named challenges of the post or posts applied for and how the candidate
    /// would address them. It names each element it finds no evidence for and, for each one it
    /// does find, quotes the passage that shows it. Evidence is a passage (a sentence, or two of
    /// one paragraph) where several concepts of the element appear together, in English or
    /// French, whatever the case, accents or plurals: a single word never counts. Texts of fewer
    /// than 100 words or of more than about ten thousand (no essay of these vacancies), and
    /// essays in neither English nor French, are not judged.
    ///
    /// ## Why
    /// Each essay variant asks specific things, and a reviewer reads the essay against them. An
    /// essay that leaves one out, or answers another variant's question, loses marks however well
    /// it is written. This check is a heuristic: it is always a warning, never an error.
    ///
    /// ## How to fix
    /// Read the question again (`essaylint rules` summarises it) and make sure the essay addresses
    /// each element named, in so many words. If it does and the check missed it, the quoted
    /// passages show what it looks for: say it plainly in one sentence. If it names most elements,
    /// check that you attached the essay written for this vacancy and these posts.
    pub PROMPT_COVERAGE = ("EL012", "prompt-coverage", Warning);
}

/// Below this many words an essay is not judged: it is a fragment or the wrong file.
pub(crate) const MIN_WORDS: usize = 100;

/// The essay text of a context, when it is long enough, not longer than any essay, and in a
/// language the evidence is written for (English or French, or not known).
pub(crate) fn judgeable_text(ctx: &Context<'_>) -> Option<EssayText> {
    let doc = ctx.doc?;
    judgeable(doc, language::of_document(doc))
}

/// The essay text of a document whose language is already known, when it can be judged.
pub(crate) fn judgeable(
    doc: &crate::document::Document,
    language: Option<language::Language>,
) -> Option<EssayText> {
    if language.is_some_and(|l| !l.is_official()) {
        return None;
    }
    let text = EssayText::of(doc);
    (text.words() >= MIN_WORDS && !text.truncated).then_some(text)
}

/// The coverage of the checked variant, when it can be judged.
pub(crate) fn coverage_of<'v>(
    text: &EssayText,
    competition: &Competition,
    variant: &'v Variant,
) -> Option<Coverage<'v>> {
    // The rules were validated on load; a matcher that does not compile judges nothing.
    let matcher = competition.matcher()?;
    let coverage = matcher.scan(text).coverage(variant);
    (coverage.total() > 0).then_some(coverage)
}

pub(crate) fn check(ctx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let (Some(competition), Some(variant)) = (ctx.competition, ctx.variant) else {
        return;
    };
    let coverage = match ctx.content {
        Some(analysis) => analysis
            .scan
            .as_ref()
            .map(|scan| scan.coverage(variant))
            .filter(|c| c.total() > 0),
        None => judgeable_text(ctx).and_then(|text| coverage_of(&text, competition, variant)),
    };
    let Some(coverage) = coverage else {
        return;
    };
    let missing: Vec<&str> = coverage
        .elements
        .iter()
        .filter(|e| !e.addressed())
        .map(|e| e.element.summary.as_str())
        .collect();
    if missing.is_empty() {
        return;
    }
    let message = format!(
        "the essay does not appear to address {} of the {} elements of the {} question: {}",
        missing.len(),
        coverage.total(),
        variant.id,
        missing.join("; ")
    );
    let mut help = String::from(
        "make sure the essay addresses each element named, in so many words (a heuristic: it \
         looks for the element's key ideas together in a sentence or two, in English or French); \
         if it addresses almost none, check that this is the essay for these posts",
    );
    let found: Vec<_> = coverage.elements.iter().filter(|e| e.addressed()).collect();
    if !found.is_empty() {
        help.push_str("\naddressed:");
        for e in found {
            help.push_str(&format!(
                "\n- {}: “{}”",
                e.element.id,
                e.passages.join("” … “")
            ));
        }
    }
    out.push(PROMPT_COVERAGE.diagnostic(Severity::Warning, message, help, None));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::EssayText;
    use crate::content::evidence::Matcher;
    use crate::document::{Document, Format, Paragraph, Part};
    use crate::rules::RuleSet;

    fn doc(paragraphs: &[&str]) -> Document {
        let mut doc = Document::new(Format::Docx);
        doc.paragraphs = paragraphs
            .iter()
            .map(|p| Paragraph::plain(Part::Body, *p))
            .collect();
        doc
    }

    fn run(rules: &RuleSet, posts: &[&str], doc: &Document) -> Vec<Diagnostic> {
        let posts: Vec<String> = posts.iter().map(|s| s.to_string()).collect();
        let resolved = rules.resolve(&posts).expect("posts").expect("variant");
        let ctx = Context {
            format: Format::Docx,
            doc: Some(doc),
            read_error: None,
            counts: None,
            pages: None,
            layout: None,
            content: None,
            rules: None,
            variant: Some(resolved.variant),
            competition: Some(resolved.competition),
        };
        let mut out = Vec::new();
        check(&ctx, &mut out);
        out
    }

    const OFFICER: &[&str] = &[
        "Partnerships with the Indo-Pacific bring NATO a clear benefit: Japan and Australia see \
         threats that Allies do not, and their insight strengthens our own assessments.",
        "The challenges are real. Some Allies worry that an Indo-Pacific agenda will divert \
         scarce resources from the Euro-Atlantic area.",
        "The dialogue with the PRC is a useful channel, even when relations are difficult, \
         because it lets NATO state its positions without intermediaries.",
        "In the coming years NATO should focus its cooperation with Indo-Pacific partners on \
         cyber defence, maritime security and emerging technologies.",
        "With China, the priority should be arms control and risk reduction.",
        "In my experience of building a dialogue with Asian partners, trust grows from small \
         practical projects rather than grand declarations, and it takes patience and consistent \
         messages over many years of work with the same counterparts in several capitals.",
    ];

    #[test]
    fn an_essay_that_answers_every_element_passes() {
        let rules = RuleSet::builtin();
        assert_eq!(run(&rules, &["officer-gps"], &doc(OFFICER)), []);
    }

    #[test]
    fn missing_elements_are_named_and_found_ones_quoted() {
        let rules = RuleSet::builtin();
        let without_prc: Vec<&str> = OFFICER
            .iter()
            .copied()
            .filter(|p| !p.contains("China"))
            .collect();
        let out = run(&rules, &["officer-gps"], &doc(&without_prc));
        assert_eq!(out.len(), 1, "{out:?}");
        let d = &out[0];
        assert_eq!((d.name, d.severity), ("prompt-coverage", Severity::Warning));
        assert_eq!(
            d.message,
            "the essay does not appear to address 1 of the 6 elements of the officer-gps \
             question: the most important areas of future cooperation with the PRC"
        );
        assert!(
            d.help
                .contains("\n- cooperation-partners: “In the coming years NATO should focus"),
            "{}",
            d.help
        );
        assert!(
            d.help.contains("\n- own-experience: “In my experience"),
            "{}",
            d.help
        );
    }

    /// Whether the built-in evidence of one element holds in a text (one paragraph per `\n\n`).
    fn addressed(variant: &str, element: &str, text: &str) -> bool {
        let rules = RuleSet::builtin();
        let (competition, v) = rules
            .competitions
            .iter()
            .find_map(|c| c.variants.iter().find(|v| v.id == variant).map(|v| (c, v)))
            .expect("variant");
        let element = v
            .elements
            .iter()
            .find(|e| e.id == element)
            .expect("element");
        let matcher = Matcher::new(&competition.concepts, &competition.ignore).expect("matcher");
        let paragraphs: Vec<&str> = text.split("\n\n").collect();
        let text = EssayText::from_paragraphs(&paragraphs);
        matcher.scan(&text).judge(element).addressed()
    }

    /// Every element of every variant, with a passage in English and one in French that address
    /// it, and near misses in both languages that must not: the right words about something
    /// else, or one concept without the others.
    const CASES: &[(&str, &str, &[&str], &[&str])] = &[
        (
            "officer-gps",
            "benefits",
            &[
                "Working with Japan and Australia gives NATO a real advantage: their assessment \
                 of military activity in the region.",
                "Le principal atout de ces partenariats pour l'OTAN est l'expertise du Japon et \
                 de l'Australie sur les menaces hybrides.",
            ],
            &[
                "Japan and Australia have been NATO's partners in the Indo-Pacific since 2010.",
                "L'OTAN entretient des partenariats avec le Japon et l'Australie depuis 2010.",
            ],
        ),
        (
            "officer-gps",
            "challenges",
            &[
                "The main challenge is that some Allies worry an Indo-Pacific agenda will divert \
                 resources from Europe.",
                "Le principal défi tient aux divergences entre Alliés sur l'engagement de l'OTAN \
                 dans l'Indo-Pacifique.",
            ],
            &[
                "The Indo-Pacific is home to more than half of the world's population.",
                "La région indo-pacifique concentre une part croissante de l'économie mondiale.",
            ],
        ),
        (
            "officer-gps",
            "prc-dialogue",
            &[
                "The dialogue with the PRC is hard, because Beijing uses the talks to criticise \
                 NATO.",
                "Le dialogue avec la Chine reste utile, car il permet d'exposer directement les \
                 positions des Alliés.",
            ],
            &[
                // A single "China" in a sentence about something else.
                "China is a growing factor, as its economic weight reshapes supply chains and \
                 creates risks for Allies.",
                "La Chine soutient l'effort de guerre russe, ce qui représente un risque pour les \
                 Alliés.",
                // Dialogue and benefit, but with another country, and China next.
                "The dialogue with Japan is a valuable channel for NATO. China, meanwhile, keeps \
                 expanding its arsenal.",
            ],
        ),
        (
            "officer-gps",
            "cooperation-partners",
            &[
                "In the coming years, NATO should prioritise cyber defence and maritime security \
                 with its Indo-Pacific partners.",
                "À l'avenir, la coopération avec les partenaires indo-pacifiques devrait porter \
                 sur la cyberdéfense et la sécurité maritime.",
            ],
            &[
                "Japan has invested heavily in its own defence since 2015.",
                "Le Japon a beaucoup investi dans sa propre défense depuis 2015.",
            ],
        ),
        (
            "officer-gps",
            "cooperation-prc",
            &[
                "With China, NATO should focus on arms control and risk reduction.",
                "Avec la RPC, le dialogue devrait porter sur la maîtrise des armements et la \
                 réduction des risques.",
            ],
            &[
                "Allies should watch China's nuclear build-up closely.",
                "Les Alliés devraient suivre de près le renforcement nucléaire de la Chine.",
                // Areas of cooperation with a partner, then China in a sentence of its own.
                "NATO should cooperate with Japan on arms control. China, for its part, keeps \
                 expanding its arsenal.",
            ],
        ),
        (
            "officer-gps",
            "own-experience",
            &[
                "In my previous post I negotiated a cooperation programme with the Republic of \
                 Korea.",
                "J'ai négocié un programme de coopération avec la République de Corée.",
            ],
            &[
                "Experience shows that partnerships need patience.",
                "L'expérience montre que les partenariats demandent de la patience.",
            ],
        ),
        (
            "PASP0150",
            "team-management",
            &[
                "I would set clear priorities for the team and share the workload fairly.",
                "Je fixerais des priorités claires à l'équipe et répartirais équitablement la \
                 charge de travail.",
            ],
            &[
                "Crisis management is one of NATO's core tasks.",
                "La gestion des crises fait partie des tâches fondamentales de l'OTAN.",
            ],
        ),
        (
            "PASP0150",
            "russia-security-situation",
            &[
                "NATO's policy towards Russia must take account of a security environment that \
                 keeps deteriorating.",
                "La politique de l'OTAN à l'égard de la Russie doit tenir compte d'un \
                 environnement de sécurité qui se dégrade.",
            ],
            &[
                "I studied Russian at university before joining the foreign service.",
                // The section's name is not a policy on Russia.
                "The Russia Policy Coordination Section works at a time of war.",
                "La Section de coordination de la politique à l'égard de la Russie travaille en \
                 temps de guerre.",
            ],
        ),
        (
            "PASP0150",
            "russia-oversight",
            &[
                "I would ensure close coordination of all policy work on Russia across the \
                 International Staff.",
                "Je veillerais à la cohérence des travaux sur la Russie dans l'ensemble de \
                 l'Organisation.",
            ],
            &[
                "The Russia Policy Coordination Section is at the heart of NATO's work.",
                "La Section de coordination de la politique à l'égard de la Russie est au cœur \
                 des travaux de l'OTAN.",
            ],
        ),
        (
            "PASP0150",
            "how-to-address",
            &[
                "To address this challenge, I would introduce a monthly planning meeting.",
                "Pour relever ce défi, je mettrais en place une réunion mensuelle de \
                 planification.",
            ],
            &[
                "The challenge has been addressed by previous Heads of Section.",
                "Ce défi a été relevé par les chefs de section précédents.",
            ],
        ),
        (
            "PASP0024",
            "partners-policy",
            &[
                "NATO's support for Moldova's resilience must take account of constant Russian \
                 pressure.",
                "Le soutien à la résilience de la Moldavie doit tenir compte de la pression russe \
                 constante.",
            ],
            &[
                "Moldova is a small country between Romania and Ukraine.",
                "La Moldavie est un petit pays situé entre la Roumanie et l'Ukraine.",
                // The Section's name is no policy towards the partners.
                "The Policy East Section deals with a war.",
            ],
        ),
        (
            "PASP0024",
            "ukraine-oversight",
            &[
                "I would oversee the work of the NATO-Ukraine Council and follow up every \
                 commitment.",
                "Je superviserais les travaux du Conseil OTAN-Ukraine et le suivi des \
                 engagements pris.",
            ],
            &[
                "Russia's war against Ukraine has changed European security.",
                "La guerre de la Russie contre l'Ukraine a bouleversé la sécurité européenne.",
                // The name alone, twice, is still one concept.
                "The NATO-Ukraine Council met; the NATO-Ukraine Council will meet again.",
            ],
        ),
        (
            "PASP0150+PASP0024",
            "partners-and-russia-policy",
            &[
                "NATO's support for Moldova's resilience must take account of constant Russian \
                 pressure.\n\nNATO's policy towards Russia must take account of a security \
                 environment that keeps deteriorating.",
                "Le soutien à la résilience de la Moldavie doit tenir compte de la pression russe \
                 constante.\n\nLa politique de l'OTAN à l'égard de la Russie doit tenir compte \
                 d'un environnement de sécurité qui se dégrade.",
            ],
            &[
                // Russia alone, or the partners alone: half of the challenge.
                "NATO's policy towards Russia must take account of a security environment that \
                 keeps deteriorating.",
                "Le soutien à la résilience de la Moldavie doit tenir compte de la pression russe \
                 constante.",
            ],
        ),
        (
            "PASP0150+PASP0024",
            "russia-and-ukraine-oversight",
            &[
                "I would ensure close coordination of all policy work on Russia.\n\nI would \
                 oversee the work of the NATO-Ukraine Council and follow up every commitment.",
                "Je veillerais à la cohérence des travaux sur la Russie.\n\nJe superviserais les \
                 travaux du Conseil OTAN-Ukraine et le suivi des engagements pris.",
            ],
            &[
                "I would ensure close coordination of all policy work on Russia.",
                "Je superviserais les travaux du Conseil OTAN-Ukraine et le suivi des \
                 engagements pris.",
            ],
        ),
    ];

    #[test]
    fn every_element_has_evidence_in_english_and_french_and_resists_near_misses() {
        let rules = RuleSet::builtin();
        for v in rules.competitions.iter().flat_map(|c| &c.variants) {
            for e in &v.elements {
                assert!(!e.evidence.is_empty(), "{} {} has no evidence", v.id, e.id);
                let tested = CASES.iter().any(|(cv, ce, _, _)| {
                    *ce == e.id
                        && (*cv == v.id || e.id == "team-management" || e.id == "how-to-address")
                });
                assert!(tested, "{} {} has no test case", v.id, e.id);
            }
        }
        let mut failures = Vec::new();
        for (variant, element, hits, misses) in CASES {
            for text in *hits {
                if !addressed(variant, element, text) {
                    failures.push(format!("{variant} {element} missed: {text}"));
                }
            }
            for text in *misses {
                if addressed(variant, element, text) {
                    failures.push(format!("{variant} {element} wrongly found in: {text}"));
                }
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn china_named_in_passing_is_no_answer_on_the_prc() {
        // An officer essay written for this test: partnerships, benefits, challenges and future
        // cooperation with the partners, the candidate's experience, and China only as an
        // economic fact.
        let text = include_str!("../content/testdata/a_en_near_miss.txt");
        let paragraphs: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let out = run(&RuleSet::builtin(), &["officer-gps"], &doc(&paragraphs));
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(
            out[0].message,
            "the essay does not appear to address 2 of the 6 elements of the officer-gps \
             question: the dialogue with the PRC itself: what it brings NATO or what makes it \
             hard; the most important areas of future cooperation with the PRC"
        );
    }

    #[test]
    fn short_texts_long_texts_and_other_languages_are_not_judged() {
        let rules = RuleSet::builtin();
        let filler = "The weather in Brussels was mild and the trains ran on time. ";
        let essay = filler.repeat(10);
        assert_eq!(
            run(&rules, &["PASP0150"], &doc(&[&essay]))
                .iter()
                .map(|d| d.name)
                .collect::<Vec<_>>(),
            ["prompt-coverage"]
        );
        let book = vec![essay.as_str(); 200];
        assert_eq!(
            run(&rules, &["PASP0150"], &doc(&book)),
            [],
            "a book is not judged"
        );
        assert_eq!(
            run(&rules, &["PASP0150"], &doc(&["A short note on Russia."])),
            []
        );
        let german = "Die NATO ist und bleibt eine euro-atlantische Sicherheitsorganisation, und \
                      ihre Partnerschaften im indopazifischen Raum sind wichtig für die Zukunft. ";
        assert_eq!(
            run(&rules, &["officer-gps"], &doc(&[&german.repeat(6)])),
            []
        );
    }
}
