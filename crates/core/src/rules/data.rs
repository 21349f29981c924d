//! The vacancy rules as data: competitions, their posts, and one essay variant per set of posts.
//!
//! The built-in rules (`rules/vacancies.toml`, compiled in) cover the two recruitments in the
//! notices; `--rules FILE` loads another file of the same shape so a portal can add vacancies
//! without a new build.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::evidence::Matcher;
pub use crate::content::evidence::{Element, Evidence};
use serde::{Deserialize, Serialize};

use crate::document::Format;

const BUILTIN: &str = include_str!("../../rules/vacancies.toml");
/// The same data as JSON, made by `build.rs`: quicker to load at every start.
const BUILTIN_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/vacancies.json"));

/// All the rules in force.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct RuleSet {
    /// Competitions (recruitments), each with its posts and essay variants.
    #[serde(rename = "competition")]
    pub competitions: Vec<Competition>,
}

/// One recruitment.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Competition {
    /// Stable id.
    pub id: String,
    /// Title for people.
    pub title: String,
    /// Where the rules come from (the notice).
    #[serde(default)]
    pub source: Option<String>,
    /// The posts of the competition.
    #[serde(rename = "post")]
    pub posts: Vec<Post>,
    /// The essay variants, one per set of posts.
    #[serde(rename = "variant")]
    pub variants: Vec<Variant>,
    /// Concepts the evidence of its elements names: each a list of terms, in English and French,
    /// any of which shows the concept (see [`crate::content::evidence`] for how terms match).
    #[serde(
        default,
        rename = "concept",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub concepts: BTreeMap<String, Vec<String>>,
    /// Names (of sections, posts, divisions) whose words are never evidence: "the Russia Policy
    /// Coordination Section" is not a policy on Russia nor its coordination. Terms as in concepts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// The concepts compiled, on first use (so once per rule set, not once per essay).
    #[serde(skip)]
    compiled: CompiledConcepts,
}

/// A competition's [`Matcher`], built once. It is derived data: equality and debug output ignore it.
#[derive(Clone, Default)]
struct CompiledConcepts(std::sync::OnceLock<Option<Matcher>>);

impl PartialEq for CompiledConcepts {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for CompiledConcepts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CompiledConcepts")
    }
}

/// A post a candidate applies for.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Post {
    /// Id given with `--post` (matched case-insensitively).
    pub id: String,
    /// Title for people.
    pub title: String,
}

/// The essay asked of a candidate who applied for exactly `posts`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Variant {
    /// Stable id (`officer-gps`, `PASP0150+PASP0024`).
    pub id: String,
    /// The set of posts this variant is for.
    pub posts: Vec<String>,
    /// Accepted formats: `docx`, `pdf`.
    pub formats: Vec<String>,
    /// Word limit, if any.
    #[serde(default)]
    pub max_words: Option<u64>,
    /// Limit on characters without spaces (Word's "Characters (no spaces)"), if any.
    #[serde(default)]
    pub max_characters: Option<u64>,
    /// Limit on characters with spaces (Word's "Characters (with spaces)"), if any.
    #[serde(default)]
    pub max_characters_with_spaces: Option<u64>,
    /// Page limit, if any.
    #[serde(default)]
    pub max_pages: Option<u32>,
    /// Required paper: `A4` or `Letter`.
    pub paper: String,
    /// The question, summarised.
    pub question: String,
    /// What the question asks the essay to address.
    #[serde(default, rename = "element")]
    pub elements: Vec<Element>,
}

impl Variant {
    /// Whether a limit rests on the text: a word or character limit, which cannot be checked when
    /// the text cannot be read.
    pub fn limits_text(&self) -> bool {
        self.max_words.is_some()
            || self.max_characters.is_some()
            || self.max_characters_with_spaces.is_some()
    }

    /// Whether a file format is accepted.
    pub fn accepts(&self, format: Format) -> bool {
        self.formats.iter().any(|f| f == format.as_str())
    }
}

impl Competition {
    /// The competition's concepts compiled for matching; `None` when they do not compile (rules
    /// are validated when loaded, so only a rule set built in code can lack one).
    pub fn matcher(&self) -> Option<&Matcher> {
        self.compiled
            .0
            .get_or_init(|| Matcher::new(&self.concepts, &self.ignore).ok())
            .as_ref()
    }

    /// Checks that the concepts compile and that every clue names at least two known concepts,
    /// so that no element is ever judged on a single word.
    fn validate_evidence(&self) -> Result<(), String> {
        let matcher = Matcher::new(&self.concepts, &self.ignore)
            .map_err(|e| format!("competition `{}`: {e}", self.id))?;
        for v in &self.variants {
            for e in &v.elements {
                for evidence in &e.evidence {
                    if evidence.any.is_empty() {
                        return Err(format!(
                            "element `{}` of `{}` has evidence with no clue",
                            e.id, v.id
                        ));
                    }
                    for clue in &evidence.any {
                        let distinct: BTreeSet<&String> = clue.iter().collect();
                        if distinct.len() < 2 {
                            return Err(format!(
                                "element `{}` of `{}`: a clue must name at least two different \
                                 concepts, so that no element rests on a single word",
                                e.id, v.id
                            ));
                        }
                        if let Some(unknown) = clue.iter().find(|c| !matcher.has(c)) {
                            return Err(format!(
                                "element `{}` of `{}` names concept `{unknown}`, which competition \
                                 `{}` does not define",
                                e.id, v.id, self.id
                            ));
                        }
                    }
                }
            }
        }
        // The matcher just compiled is the one checks use: keep it.
        let _ = self.compiled.0.set(Some(matcher));
        Ok(())
    }
}

/// Why rule data could not be loaded.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum RulesError {
    /// Not valid TOML of the expected shape.
    #[error("the rules file is not valid: {0}")]
    #[diagnostic(
        code(essaylint::rules::parse),
        help("compare it with `essaylint rules --toml`, which prints the built-in rules")
    )]
    Parse(String),
    /// Valid TOML that contradicts itself.
    #[error("the rules file is inconsistent: {0}")]
    #[diagnostic(code(essaylint::rules::invalid))]
    Invalid(String),
}

/// Why a set of posts does not name a variant.
#[derive(Debug, Clone, PartialEq, thiserror::Error, miette::Diagnostic)]
pub enum VariantError {
    /// A post id that no competition has.
    #[error("unknown post `{post}`")]
    #[diagnostic(code(essaylint::unknown_post), help("valid posts: {}", valid.join(", ")))]
    UnknownPost {
        /// What was given.
        post: String,
        /// Every valid post id.
        valid: Vec<String>,
    },
    /// Posts from two competitions at once.
    #[error(
        "posts `{first}` and `{second}` belong to different competitions; check one competition at a time"
    )]
    #[diagnostic(code(essaylint::mixed_competitions), help("valid posts: {}", valid.join(", ")))]
    MixedCompetitions {
        /// A post of one competition.
        first: String,
        /// A post of another.
        second: String,
        /// Every valid post id.
        valid: Vec<String>,
    },
    /// A combination of posts the competition defines no essay for.
    #[error("competition `{competition}` has no essay variant for the posts {posts:?}")]
    #[diagnostic(code(essaylint::no_such_variant), help("variants: {}", variants.join(", ")))]
    NoSuchVariant {
        /// The competition.
        competition: String,
        /// The posts given.
        posts: Vec<String>,
        /// The variants it has.
        variants: Vec<String>,
    },
}

/// A variant resolved from the posts applied for.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved<'a> {
    /// The competition.
    pub competition: &'a Competition,
    /// The variant.
    pub variant: &'a Variant,
}

impl RuleSet {
    /// The built-in rules.
    pub fn builtin() -> RuleSet {
        // The built-in file is tested (`builtin_rules_load`, which also compiles and checks its
        // evidence); failing here is a build defect. Its concepts are compiled when first used, so
        // that a check pays only for its own competition's.
        serde_json::from_str::<RuleSet>(BUILTIN_JSON)
            .map_err(|e| RulesError::Parse(e.to_string()))
            .and_then(|rules| rules.validate(false).map(|()| rules))
            .unwrap_or_else(|e| panic!("built-in rules are invalid: {e}"))
    }

    /// The text of the built-in rules file.
    pub fn builtin_toml() -> &'static str {
        BUILTIN
    }

    /// Loads rules from TOML text and checks they are consistent.
    pub fn from_toml(text: &str) -> Result<RuleSet, RulesError> {
        Self::parse(text, true)
    }

    fn parse(text: &str, evidence: bool) -> Result<RuleSet, RulesError> {
        let rules: RuleSet = toml::from_str(text).map_err(|e| RulesError::Parse(e.to_string()))?;
        rules.validate(evidence)?;
        Ok(rules)
    }

    fn validate(&self, evidence: bool) -> Result<(), RulesError> {
        let mut posts = BTreeSet::new();
        for c in &self.competitions {
            for p in &c.posts {
                if !posts.insert(p.id.to_ascii_lowercase()) {
                    return Err(RulesError::Invalid(format!(
                        "post `{}` is defined twice",
                        p.id
                    )));
                }
            }
            let mut sets = BTreeSet::new();
            for v in &c.variants {
                let set: BTreeSet<String> =
                    v.posts.iter().map(|p| p.to_ascii_lowercase()).collect();
                if set.is_empty() {
                    return Err(RulesError::Invalid(format!(
                        "variant `{}` names no post",
                        v.id
                    )));
                }
                for p in &v.posts {
                    if !c.posts.iter().any(|q| q.id.eq_ignore_ascii_case(p)) {
                        return Err(RulesError::Invalid(format!(
                            "variant `{}` names post `{p}`, which competition `{}` does not have",
                            v.id, c.id
                        )));
                    }
                }
                if !sets.insert(set) {
                    return Err(RulesError::Invalid(format!(
                        "two variants of `{}` are for the same posts",
                        c.id
                    )));
                }
                for f in &v.formats {
                    if f != "docx" && f != "pdf" {
                        return Err(RulesError::Invalid(format!(
                            "variant `{}` accepts `{f}`; essaylint reads docx and pdf",
                            v.id
                        )));
                    }
                }
                if !matches!(v.paper.as_str(), "A4" | "Letter") {
                    return Err(RulesError::Invalid(format!(
                        "variant `{}` asks for paper `{}`; use A4 or Letter",
                        v.id, v.paper
                    )));
                }
            }
            if evidence {
                c.validate_evidence().map_err(RulesError::Invalid)?;
            }
        }
        Ok(())
    }

    /// Every post id, in rule order.
    pub fn post_ids(&self) -> Vec<String> {
        self.competitions
            .iter()
            .flat_map(|c| c.posts.iter().map(|p| p.id.clone()))
            .collect()
    }

    /// The variant for the set of posts a candidate applied for; `Ok(None)` when no post is given.
    pub fn resolve(&self, posts: &[String]) -> Result<Option<Resolved<'_>>, VariantError> {
        let mut competition: Option<(&Competition, &str)> = None;
        let mut canonical: BTreeSet<&str> = BTreeSet::new();
        for given in posts {
            let found = self.competitions.iter().find_map(|c| {
                c.posts
                    .iter()
                    .find(|p| p.id.eq_ignore_ascii_case(given.trim()))
                    .map(|p| (c, p.id.as_str()))
            });
            let Some((c, id)) = found else {
                return Err(VariantError::UnknownPost {
                    post: given.clone(),
                    valid: self.post_ids(),
                });
            };
            match competition {
                Some((first, first_post)) if first.id != c.id => {
                    return Err(VariantError::MixedCompetitions {
                        first: first_post.to_string(),
                        second: id.to_string(),
                        valid: self.post_ids(),
                    });
                }
                None => competition = Some((c, id)),
                _ => {}
            }
            canonical.insert(id);
        }
        let Some((competition, _)) = competition else {
            return Ok(None);
        };
        let variant = competition.variants.iter().find(|v| {
            v.posts.len() == canonical.len()
                && v.posts
                    .iter()
                    .all(|p| canonical.iter().any(|c| c.eq_ignore_ascii_case(p)))
        });
        match variant {
            Some(variant) => Ok(Some(Resolved {
                competition,
                variant,
            })),
            None => Err(VariantError::NoSuchVariant {
                competition: competition.id.clone(),
                posts: canonical.iter().map(|s| s.to_string()).collect(),
                variants: competition.variants.iter().map(|v| v.id.clone()).collect(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posts(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn builtin_rules_load() {
        let rules = RuleSet::from_toml(BUILTIN).expect("built-in rules are valid");
        assert_eq!(
            rules.post_ids(),
            vec!["officer-gps", "PASP0150", "PASP0024"]
        );
        // `builtin` defers compiling the evidence this validated, and is otherwise the same.
        assert_eq!(RuleSet::builtin(), rules);
        for competition in &RuleSet::builtin().competitions {
            assert!(competition.matcher().is_some(), "{}", competition.id);
        }
    }

    #[test]
    fn variants_follow_the_set_of_posts() {
        let rules = RuleSet::builtin();
        let id = |p: &[&str]| {
            rules
                .resolve(&posts(p))
                .expect("resolves")
                .map(|r| r.variant.id.clone())
        };
        assert_eq!(id(&[]), None);
        assert_eq!(id(&["officer-gps"]).as_deref(), Some("officer-gps"));
        assert_eq!(id(&["pasp0150"]).as_deref(), Some("PASP0150"));
        assert_eq!(id(&["PASP0024"]).as_deref(), Some("PASP0024"));
        assert_eq!(
            id(&["PASP0024", "pasp0150"]).as_deref(),
            Some("PASP0150+PASP0024")
        );
        assert_eq!(
            id(&["PASP0024", "PASP0024"]).as_deref(),
            Some("PASP0024"),
            "a post given twice is one post"
        );
        let officer = rules
            .resolve(&posts(&["officer-gps"]))
            .expect("ok")
            .expect("some");
        assert_eq!(officer.variant.max_words, Some(500));
        assert_eq!(officer.variant.max_pages, Some(1));
        assert!(officer.variant.accepts(Format::Docx));
        assert!(!officer.variant.accepts(Format::Pdf));
    }

    #[test]
    fn unknown_and_mixed_posts_are_refused() {
        let rules = RuleSet::builtin();
        assert!(matches!(
            rules.resolve(&posts(&["PASP9999"])),
            Err(VariantError::UnknownPost { .. })
        ));
        assert!(matches!(
            rules.resolve(&posts(&["officer-gps", "PASP0150"])),
            Err(VariantError::MixedCompetitions { .. })
        ));
    }

    #[test]
    fn inconsistent_rules_are_refused() {
        let bad = BUILTIN.replace("formats = [\"docx\"]", "formats = [\"odt\"]");
        assert!(matches!(
            RuleSet::from_toml(&bad),
            Err(RulesError::Invalid(_))
        ));
        assert!(matches!(
            RuleSet::from_toml("competition = 3"),
            Err(RulesError::Parse(_))
        ));
    }
}
