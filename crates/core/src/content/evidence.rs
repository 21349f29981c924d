//! Evidence that an essay addresses the elements of its question.
//!
//! The rule data models each question, never an essay. A competition defines **concepts**: named
//! lists of terms in English and French (`prc = ["PRC", "China", "Chinese", "Beijing", "RPC",
//! "Chine", "chinois*", "Pékin", …]`). Each element of a variant's question lists its
//! **evidence**: one or more findings that must all be made, each given as alternative **clues**,
//! a clue being two or more concepts that must all appear in one **passage** (a sentence, or two
//! consecutive sentences of one paragraph whose first names the clue's first concept, its
//! subject), each matched by different words. So "dialogue with the PRC" is shown by a passage
//! naming the PRC *and* a dialogue *and* what it brings or costs, never by a lone "China" in a
//! sentence about something else, and no element rests on a single word. Names of sections and
//! divisions (the competition's `ignore` list) are never evidence.
//!
//! Terms are matched on normalised words ([`super::normalize`]): case, accents, apostrophes and
//! plurals do not matter; a term's last word may end in `*` to match any ending (`coopér*`:
//! coopération, coopérer), a single word may start with `*` to match any beginning
//! (`je *rais`: je veillerais, je concentrerais); between the words of a term, up to two short
//! function words may stand (`maîtrise des armements` also matches "maîtrise de l'armement").
//!
//! A [`Scan`] of an essay against a competition's concepts [`Judged`] each [`Element`] of a
//! question: whether it is addressed, the passage that shows it, and how many separate passages do
//! (its strength). The rules gather the judged elements of a variant into its coverage, which
//! `prompt-coverage` and `variant-mismatch` read. This module knows questions only as elements:
//! nothing here depends on the rules.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use super::EssayText;
use super::normalize::{self, Token};
use serde::{Deserialize, Serialize};

/// Function words that may stand between the words of a term.
const GAP_WORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "for", "on", "in", "with", "its", "their", "our", "this",
    "these", "de", "du", "des", "la", "le", "les", "un", "une", "en", "au", "aux", "pour", "sur",
    "avec", "son", "sa", "ses", "leur", "leurs", "nos", "notre", "ce", "cette", "ces",
];
/// How many function words may stand between two words of a term.
const MAX_GAP: usize = 2;
/// The shortest stem a `*` may complete, so that `co*` cannot match half the language.
const MIN_AFFIX: usize = 3;
/// Passages beyond this many add nothing to an element's strength.
pub const STRENGTH_CAP: usize = 3;
/// When choosing the passage to quote, words of one concept beyond this many count for nothing.
const DENSITY_CAP: usize = 2;
/// At most this many words of a passage are quoted.
const EXCERPT_WORDS: usize = 40;

/// How one word of a term matches one word of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// The same word, plurals reduced ([`normalize::stem`]).
    Word(String),
    /// A word starting with this (folded).
    Prefix(String),
    /// A word ending with this (folded), longer than it.
    Suffix(String),
}

impl Piece {
    fn matches(&self, token: &Token) -> bool {
        match self {
            Piece::Word(stem) => token.stem == *stem,
            Piece::Prefix(p) => token.folded.starts_with(p.as_str()),
            Piece::Suffix(s) => token.folded.len() > s.len() && token.folded.ends_with(s.as_str()),
        }
    }
}

/// A term of a concept, compiled: a sequence of word matchers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pieces: Vec<Piece>,
}

impl Term {
    /// Compiles a term as the rule data writes it (`"NATO-Ukraine Council"`, `"coopér*"`,
    /// `"je *rais"`); the error says what is wrong with it.
    pub fn parse(term: &str) -> Result<Term, String> {
        let mut pieces = Vec::new();
        for chunk in term.split_whitespace() {
            let lead = chunk.starts_with('*');
            let trail = chunk.ends_with('*') && chunk.len() > 1;
            let core = chunk.trim_matches('*');
            if core.contains('*') {
                return Err(format!("term `{term}`: `*` may only start or end a word"));
            }
            if lead && trail {
                return Err(format!(
                    "term `{term}`: a word may not both start and end in `*`"
                ));
            }
            let tokens = normalize::tokens(core);
            let Some(last) = tokens.len().checked_sub(1) else {
                return Err(format!("term `{term}`: `{chunk}` has no letters"));
            };
            for (j, token) in tokens.into_iter().enumerate() {
                let piece = if lead && j == 0 {
                    Piece::Suffix(token.folded.into())
                } else if trail && j == last {
                    Piece::Prefix(token.folded.into())
                } else {
                    Piece::Word(token.stem.into())
                };
                if let Piece::Prefix(a) | Piece::Suffix(a) = &piece
                    && a.chars().count() < MIN_AFFIX
                {
                    return Err(format!(
                        "term `{term}`: `*` needs at least {MIN_AFFIX} letters beside it"
                    ));
                }
                pieces.push(piece);
            }
        }
        if pieces.is_empty() {
            return Err(format!("term `{term}` is empty"));
        }
        Ok(Term { pieces })
    }

    /// Where the term matches when its first word is `tokens[i]`: the index past its last word.
    fn match_at(&self, tokens: &[Token], i: usize) -> Option<usize> {
        let (first, rest) = self.pieces.split_first()?;
        if !first.matches(tokens.get(i)?) {
            return None;
        }
        let mut pos = i + 1;
        'pieces: for piece in rest {
            for gap in 0..=MAX_GAP {
                let at = pos + gap;
                let token = tokens.get(at)?;
                if piece.matches(token) {
                    pos = at + 1;
                    continue 'pieces;
                }
                if !GAP_WORDS.contains(&token.folded.as_str()) {
                    return None;
                }
            }
            return None;
        }
        Some(pos)
    }
}

/// A competition's concepts, compiled, with the names whose words are never evidence.
#[derive(Debug, Clone)]
pub struct Matcher {
    concepts: BTreeMap<String, Vec<Term>>,
    ignore: Vec<Term>,
    /// Every term by what its first word needs, so that a scan tries at each word only the terms
    /// that can start there.
    index: FirstWordIndex,
    /// The same for the ignored names.
    ignore_index: FirstWordIndex,
}

/// A term's place in [`Matcher::concepts`]: the concept's rank in name order, the term's rank.
type TermRef = (usize, usize);

/// Terms by their first word: whole words by stem, `word*` by the first [`MIN_AFFIX`] characters
/// of the beginning it needs, `*word` by the last [`MIN_AFFIX`] of the ending.
///
/// Hashed with FxHash: the keys are the rule data's, and a lookup with an essay's word never
/// inserts, so there is nothing for a hostile text to flood.
#[derive(Debug, Clone, Default)]
struct FirstWordIndex {
    words: FxHashMap<String, Vec<TermRef>>,
    prefixes: FxHashMap<String, Vec<TermRef>>,
    suffixes: FxHashMap<String, Vec<TermRef>>,
}

fn first_chars(s: &str, n: usize) -> Option<&str> {
    // Most words are ASCII: then the first `n` bytes are the first `n` characters.
    if let Some(head) = s.as_bytes().get(..n)
        && head.is_ascii()
    {
        return s.get(..n);
    }
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    (s[..end].chars().count() == n).then(|| &s[..end])
}

fn last_chars(s: &str, n: usize) -> Option<&str> {
    let last = n.checked_sub(1)?;
    // An ASCII byte is a whole character (never part of a longer one's encoding), so `n` ASCII
    // bytes at the end are the last `n` characters.
    if let Some(start) = s.len().checked_sub(n)
        && s.as_bytes()[start..].is_ascii()
    {
        return s.get(start..);
    }
    let start = s.char_indices().rev().nth(last).map(|(i, _)| i)?;
    Some(&s[start..])
}

impl FirstWordIndex {
    fn new<'t>(concepts: impl IntoIterator<Item = &'t Vec<Term>>) -> Self {
        let mut index = FirstWordIndex::default();
        for (c, terms) in concepts.into_iter().enumerate() {
            for (t, term) in terms.iter().enumerate() {
                let (map, key) = match term.pieces.first() {
                    Some(Piece::Word(stem)) => (&mut index.words, Some(stem.as_str())),
                    Some(Piece::Prefix(p)) => (&mut index.prefixes, first_chars(p, MIN_AFFIX)),
                    Some(Piece::Suffix(x)) => (&mut index.suffixes, last_chars(x, MIN_AFFIX)),
                    None => continue,
                };
                if let Some(key) = key {
                    map.entry(key.to_string()).or_default().push((c, t));
                }
            }
        }
        index
    }

    /// The terms whose first word may match `token`, in concept and term order.
    fn candidates(&self, token: &Token, out: &mut Vec<TermRef>) {
        out.clear();
        if let Some(found) = self.words.get(token.stem.as_str()) {
            out.extend_from_slice(found);
        }
        if let Some(found) =
            first_chars(&token.folded, MIN_AFFIX).and_then(|k| self.prefixes.get(k))
        {
            out.extend_from_slice(found);
        }
        if let Some(found) = last_chars(&token.folded, MIN_AFFIX).and_then(|k| self.suffixes.get(k))
        {
            out.extend_from_slice(found);
        }
        out.sort_unstable();
    }
}

/// Where a concept matched: sentence index, and a token range in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    sentence: usize,
    start: usize,
    end: usize,
}

impl Hit {
    fn overlaps(&self, other: &Hit) -> bool {
        self.sentence == other.sentence && self.start < other.end && other.start < self.end
    }
}

impl Matcher {
    /// Compiles concepts as the rule data gives them (name → terms), and the names to ignore.
    pub fn new(
        concepts: &BTreeMap<String, Vec<String>>,
        ignore: &[String],
    ) -> Result<Matcher, String> {
        let mut compiled = BTreeMap::new();
        for (name, terms) in concepts {
            if terms.is_empty() {
                return Err(format!("concept `{name}` has no terms"));
            }
            let terms = terms
                .iter()
                .map(|t| Term::parse(t).map_err(|e| format!("concept `{name}`: {e}")))
                .collect::<Result<Vec<_>, _>>()?;
            compiled.insert(name.clone(), terms);
        }
        let ignore = ignore
            .iter()
            .map(|t| Term::parse(t).map_err(|e| format!("ignored name: {e}")))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Matcher {
            index: FirstWordIndex::new(compiled.values()),
            ignore_index: FirstWordIndex::new([&ignore]),
            concepts: compiled,
            ignore,
        })
    }

    /// Whether a concept of this name exists.
    pub fn has(&self, concept: &str) -> bool {
        self.concepts.contains_key(concept)
    }

    /// Finds every concept in every sentence of an essay, except on the words of ignored names.
    pub fn scan<'t>(&self, text: &'t EssayText) -> Scan<'t> {
        let masked: Vec<Vec<bool>> = text
            .sentences
            .iter()
            .map(|sentence| {
                let mut masked = vec![false; sentence.tokens.len()];
                let mut candidates = Vec::new();
                for (i, token) in sentence.tokens.iter().enumerate() {
                    self.ignore_index.candidates(token, &mut candidates);
                    for &(_, t) in &candidates {
                        if let Some(end) = self.ignore[t].match_at(&sentence.tokens, i) {
                            masked[i..end].iter_mut().for_each(|m| *m = true);
                        }
                    }
                }
                masked
            })
            .collect();
        let terms: Vec<&Vec<Term>> = self.concepts.values().collect();
        let mut per_concept: Vec<Vec<Vec<Hit>>> =
            vec![vec![Vec::new(); text.sentences.len()]; terms.len()];
        let mut candidates = Vec::new();
        for (s, sentence) in text.sentences.iter().enumerate() {
            for (i, token) in sentence.tokens.iter().enumerate() {
                self.index.candidates(token, &mut candidates);
                for &(c, t) in &candidates {
                    if let Some(end) = terms[c][t].match_at(&sentence.tokens, i)
                        && !masked[s][i..end].iter().any(|&m| m)
                    {
                        per_concept[c][s].push(Hit {
                            sentence: s,
                            start: i,
                            end,
                        });
                    }
                }
            }
        }
        let hits: BTreeMap<String, Vec<Vec<Hit>>> =
            self.concepts.keys().cloned().zip(per_concept).collect();
        Scan { text, hits }
    }
}

/// A concept's hits in each sentence of an essay.
type HitsBySentence = Vec<Vec<Hit>>;

/// How well a passage shows a finding: a single sentence first, then its density.
type Rank = (bool, usize);

/// One thing a question asks the essay to address, with the evidence that shows it is addressed
/// (read from the rule data; the module docs say how evidence is found).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Element {
    /// Stable id within the variant; variants of a competition that share an element share its id.
    pub id: String,
    /// What it is, in a phrase.
    pub summary: String,
    /// The findings that together show the element is addressed; all must be made. An element
    /// without evidence is not judged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// One finding that shows an element is addressed: a passage (a sentence, or two of one
/// paragraph) where every concept of one of its clues appears.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Evidence {
    /// What the finding shows, in a phrase, when an element needs several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shows: Option<String>,
    /// Alternative clues, each a list of at least two concept names of the competition.
    pub any: Vec<Vec<String>>,
}

/// An essay scanned for a competition's concepts.
#[derive(Debug, Clone)]
pub struct Scan<'t> {
    text: &'t EssayText,
    hits: BTreeMap<String, Vec<Vec<Hit>>>,
}

/// One element of a question, judged.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged<'v> {
    /// The element.
    pub element: &'v Element,
    /// For an addressed element, the passage that shows each of its findings (in the order of its
    /// evidence); empty when it is not addressed.
    pub passages: Vec<String>,
    /// How many separate passages show it (for several findings, the fewest of any).
    pub strength: usize,
}

impl Judged<'_> {
    /// Whether the essay appears to address the element.
    pub fn addressed(&self) -> bool {
        self.strength > 0
    }
}

impl<'t> Scan<'t> {
    /// Judges one element: every finding of its evidence must be made.
    pub fn judge<'v>(&self, element: &'v Element) -> Judged<'v> {
        let mut passages = Vec::new();
        let mut strength = usize::MAX;
        for evidence in &element.evidence {
            let (first, count) = self.find(&evidence.any);
            strength = strength.min(count);
            match first {
                Some(passage) => passages.push(passage),
                None => break,
            }
        }
        if strength == 0 || strength == usize::MAX {
            passages.clear();
            strength = 0;
        }
        Judged {
            element,
            passages,
            strength,
        }
    }

    /// Finds a finding: the passage that shows it best, and how many separate passages do.
    /// Passages are walked left to right; a sentence that holds a clue alone is one passage, else
    /// it and the next sentence of its paragraph are (unless the next one holds it alone), and the
    /// next passage starts after it. The passage quoted is a single sentence where one will do,
    /// then the one where the clue's concepts are named by the most words (at most
    /// [`DENSITY_CAP`] per concept, so a list of names does not win), the first of equals.
    fn find(&self, clues: &[Vec<String>]) -> (Option<String>, usize) {
        let sentences = &self.text.sentences;
        // Each clue's concepts' hits, looked up once; a clue naming an unknown concept never holds.
        let resolved: Vec<(&Vec<String>, Vec<&HitsBySentence>)> = clues
            .iter()
            .filter_map(|clue| {
                let hits: Option<Vec<_>> = clue.iter().map(|c| self.hits.get(c)).collect();
                hits.map(|h| (clue, h))
            })
            .collect();
        let holds = |window: &[usize]| {
            resolved
                .iter()
                .find_map(|(clue, hits)| holds(hits, window).map(|h| (*clue, h)))
        };
        let mut best: Option<(Rank, Vec<usize>, Vec<Hit>)> = None;
        let mut count = 0;
        let mut i = 0;
        while i < sentences.len() {
            let mut found = holds(&[i]).map(|f| (vec![i], f));
            if found.is_none()
                && i + 1 < sentences.len()
                && sentences[i + 1].paragraph == sentences[i].paragraph
                && holds(&[i + 1]).is_none()
            {
                found = holds(&[i, i + 1]).map(|f| (vec![i, i + 1], f));
            }
            let Some((window, (clue, hits))) = found else {
                i += 1;
                continue;
            };
            count += 1;
            let rank = (window.len() == 1, self.density(clue, &window));
            if best.as_ref().is_none_or(|(r, _, _)| rank > *r) {
                best = Some((rank, window.clone(), hits));
            }
            i += window.len();
        }
        // Line breaks (every line of a PDF) and tabs become spaces, so a quote is one line.
        let passage = best.map(|(_, window, hits)| {
            self.excerpt(&window, &hits)
                .split(['\n', '\t', '\r'])
                .collect::<Vec<_>>()
                .join(" ")
        });
        (passage, count)
    }

    /// How many different words of a window name each concept of a clue, at most
    /// [`DENSITY_CAP`] each, summed.
    fn density(&self, clue: &[String], window: &[usize]) -> usize {
        clue.iter()
            .map(|concept| {
                let mut words = BTreeSet::new();
                for &s in window {
                    let hits = self.hits.get(concept).and_then(|h| h.get(s));
                    for hit in hits.into_iter().flatten() {
                        words.extend((hit.start..hit.end).map(|t| (s, t)));
                    }
                }
                words.len().min(DENSITY_CAP)
            })
            .sum()
    }

    /// Quotes a window around its hits, at most [`EXCERPT_WORDS`] words where it can.
    fn excerpt(&self, window: &[usize], hits: &[Hit]) -> String {
        let sentences: Vec<&super::Sentence> =
            window.iter().map(|&s| &self.text.sentences[s]).collect();
        let words: usize = sentences.iter().map(|s| s.tokens.len()).sum();
        if words <= EXCERPT_WORDS {
            return sentences
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
        }
        // Number the window's words in order, find the span the hits cover, and widen it evenly.
        let mut flat: Vec<(usize, usize)> = Vec::new(); // (sentence position in window, token)
        for (w, s) in sentences.iter().enumerate() {
            flat.extend((0..s.tokens.len()).map(|t| (w, t)));
        }
        let index = |h: &Hit| -> (usize, usize) {
            let w = window.iter().position(|&s| s == h.sentence).unwrap_or(0);
            let base = flat.iter().position(|&(fw, _)| fw == w).unwrap_or(0);
            (base + h.start, base + h.end.saturating_sub(1))
        };
        let lo = hits.iter().map(|h| index(h).0).min().unwrap_or(0);
        let hi = hits.iter().map(|h| index(h).1).max().unwrap_or(0);
        let spare = EXCERPT_WORDS.saturating_sub(hi - lo + 1) / 2;
        let from = lo.saturating_sub(spare);
        let to = (hi + spare).min(flat.len() - 1);
        let mut out = String::new();
        if from > 0 {
            out.push('…');
        }
        for (w, s) in sentences.iter().enumerate() {
            let in_range: Vec<usize> = (0..s.tokens.len())
                .filter(|&t| {
                    let k = flat.iter().position(|&p| p == (w, t)).unwrap_or(0);
                    (from..=to).contains(&k)
                })
                .collect();
            let (Some(&a), Some(&b)) = (in_range.first(), in_range.last()) else {
                continue;
            };
            let start = if a == 0 { 0 } else { s.tokens[a].start };
            let end = if b + 1 == s.tokens.len() {
                s.text.len()
            } else {
                s.tokens[b].end
            };
            if !out.is_empty() && !out.ends_with('…') {
                out.push(' ');
            }
            out.push_str(&s.text[start..end]);
        }
        if to + 1 < flat.len() {
            out.push('…');
        }
        out
    }
}

/// Whether every concept of a clue (given by its hits, sentence by sentence) appears in a window,
/// each on different words; the hits chosen when it does. In two sentences, the clue's first
/// concept (its subject) must be named in the first: a sentence may refer back to what the one
/// before it named ("Beijing rejects our view. Still, this channel matters"), not to what the next
/// one will.
fn holds(clue: &[&HitsBySentence], window: &[usize]) -> Option<Vec<Hit>> {
    // Most windows lack a concept: say so before building anything.
    for (k, per_sentence) in clue.iter().enumerate() {
        let sentences = if k == 0 { &window[..1] } else { window };
        if sentences
            .iter()
            .all(|&s| per_sentence.get(s).is_none_or(Vec::is_empty))
        {
            return None;
        }
    }
    let mut candidates: Vec<Vec<Hit>> = Vec::with_capacity(clue.len());
    for (k, per_sentence) in clue.iter().enumerate() {
        let sentences = if k == 0 { &window[..1] } else { window };
        let hits: Vec<Hit> = sentences
            .iter()
            .flat_map(|&s| per_sentence.get(s).into_iter().flatten().copied())
            .collect();
        candidates.push(hits);
    }
    // Fewest candidates first, so the search is short.
    candidates.sort_by_key(Vec::len);
    let mut chosen = Vec::with_capacity(candidates.len());
    assign(&candidates, &mut chosen).then_some(chosen)
}

/// Chooses one hit per concept, no two on the same words.
fn assign(candidates: &[Vec<Hit>], chosen: &mut Vec<Hit>) -> bool {
    let Some((first, rest)) = candidates.split_first() else {
        return true;
    };
    for hit in first {
        if chosen.iter().any(|c| c.overlaps(hit)) {
            continue;
        }
        chosen.push(*hit);
        if assign(rest, chosen) {
            return true;
        }
        chosen.pop();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term_matches(term: &str, text: &str) -> bool {
        let term = Term::parse(term).expect("term parses");
        let tokens = normalize::tokens(text);
        (0..tokens.len()).any(|i| term.match_at(&tokens, i).is_some())
    }

    /// The first and last characters of a word, with and without the ASCII shortcut, agree with
    /// their definition by characters.
    #[test]
    fn first_and_last_characters_by_definition() {
        for word in [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "défense",
            "sécurité",
            "été",
            "ßé",
            "日本語です",
            "nato",
        ] {
            let chars: Vec<char> = word.chars().collect();
            for n in 0..6 {
                let first: Option<String> = (chars.len() >= n).then(|| chars[..n].iter().collect());
                let last: Option<String> =
                    (n > 0 && chars.len() >= n).then(|| chars[chars.len() - n..].iter().collect());
                assert_eq!(
                    first_chars(word, n).map(str::to_owned),
                    first,
                    "first {n} of {word}"
                );
                assert_eq!(
                    last_chars(word, n).map(str::to_owned),
                    last,
                    "last {n} of {word}"
                );
            }
        }
    }

    #[test]
    fn terms_match_across_case_accents_apostrophes_and_plurals() {
        assert!(term_matches(
            "NATO-Ukraine Council",
            "the NATO–Ukraine council met"
        ));
        assert!(term_matches(
            "NATO-Ukraine Council",
            "the NATO Ukraine Council met"
        ));
        assert!(term_matches(
            "Conseil OTAN-Ukraine",
            "au sein du conseil OTAN‑Ukraine"
        ));
        assert!(term_matches("gestion d'équipe", "la gestion d’equipe"));
        assert!(term_matches("gestion d'équipe", "la gestion de l'équipe"));
        assert!(term_matches(
            "People's Republic of China",
            "the People’s Republic of China"
        ));
        assert!(term_matches("partnership", "Partnerships matter"));
        assert!(term_matches("policy", "NATO's policies"));
        assert!(term_matches("coopér*", "la coopération"));
        assert!(term_matches("coopér*", "coopérer avec"));
        assert!(term_matches("ukrain*", "le soutien ukrainien"));
        assert!(term_matches("je *rais", "je veillerais à"));
        assert!(term_matches("je *rais", "j'aurais"));
        assert!(!term_matches("je *rais", "je rais"));
        assert!(!term_matches("arms control", "arms and more control"));
        assert!(!term_matches(
            "Republic of Korea",
            "Republic of Moldova and Korea"
        ));
    }

    #[test]
    fn bad_terms_are_refused() {
        assert!(Term::parse("co*").is_err());
        assert!(Term::parse("a*b").is_err());
        assert!(Term::parse("*abc*").is_err());
        assert!(Term::parse("—").is_err());
        assert!(Term::parse("  ").is_err());
    }

    fn matcher(concepts: &[(&str, &[&str])]) -> Matcher {
        let map = concepts
            .iter()
            .map(|(n, t)| (n.to_string(), t.iter().map(|s| s.to_string()).collect()))
            .collect();
        Matcher::new(&map, &["Russia Policy Coordination Section".to_string()])
            .expect("concepts compile")
    }

    fn element(clues: &[&[&str]]) -> Element {
        Element {
            id: "e".into(),
            summary: "e".into(),
            evidence: vec![Evidence {
                shows: None,
                any: clues
                    .iter()
                    .map(|c| c.iter().map(|s| s.to_string()).collect())
                    .collect(),
            }],
        }
    }

    #[test]
    fn a_clue_needs_every_concept_on_different_words() {
        let m = matcher(&[
            ("ukraine", &["Ukraine", "ukrain*"]),
            ("nuc", &["NATO-Ukraine Council"]),
        ]);
        let e = element(&[&["ukraine", "nuc"]]);
        // "NATO-Ukraine Council" alone cannot be both concepts.
        let text = EssayText::from_paragraphs(&["The NATO-Ukraine Council met."]);
        assert!(!m.scan(&text).judge(&e).addressed());
        let text = EssayText::from_paragraphs(&["For Ukraine, the NATO-Ukraine Council matters."]);
        assert!(m.scan(&text).judge(&e).addressed());
    }

    #[test]
    fn names_are_not_evidence() {
        let m = matcher(&[
            ("russia", &["Russia"]),
            ("policy", &["policy"]),
            ("oversight", &["coordinat*"]),
        ]);
        let e = element(&[&["russia", "policy", "oversight"]]);
        let name =
            EssayText::from_paragraphs(&["I apply to the Russia Policy Coordination Section."]);
        assert!(!m.scan(&name).judge(&e).addressed());
        let said = EssayText::from_paragraphs(&[
            "In the Russia Policy Coordination Section, I would coordinate our policy on Russia.",
        ]);
        assert!(m.scan(&said).judge(&e).addressed());
    }

    #[test]
    fn in_two_sentences_the_subject_comes_first() {
        let m = matcher(&[
            ("prc", &["China"]),
            ("dialogue", &["dialogue"]),
            ("benefit", &["valuable"]),
        ]);
        let e = element(&[&["prc", "dialogue", "benefit"]]);
        let back = EssayText::from_paragraphs(&[
            "China rejects our view. Still, the dialogue is valuable.",
        ]);
        assert!(m.scan(&back).judge(&e).addressed());
        let forward = EssayText::from_paragraphs(&[
            "The dialogue with Japan is valuable. China, meanwhile, expands its arsenal.",
        ]);
        assert!(!m.scan(&forward).judge(&e).addressed());
    }

    #[test]
    fn the_passage_quoted_is_the_densest() {
        let m = matcher(&[("a", &["alpha"]), ("b", &["beta"])]);
        let e = element(&[&["a", "b"]]);
        let text =
            EssayText::from_paragraphs(&["Alpha, then beta.", "Alpha, beta and alpha again."]);
        assert_eq!(
            m.scan(&text).judge(&e).passages,
            ["Alpha, beta and alpha again."]
        );
    }

    #[test]
    fn passages_are_a_sentence_or_two_of_one_paragraph() {
        let m = matcher(&[("a", &["alpha"]), ("b", &["beta"])]);
        let e = element(&[&["a", "b"]]);
        let two = EssayText::from_paragraphs(&["Alpha here. Beta there."]);
        let judged = m.scan(&two).judge(&e);
        assert_eq!(judged.strength, 1);
        assert_eq!(judged.passages, ["Alpha here. Beta there."]);
        let apart = EssayText::from_paragraphs(&["Alpha here. Gamma. Beta there."]);
        assert!(!m.scan(&apart).judge(&e).addressed());
        let paragraphs = EssayText::from_paragraphs(&["Alpha here.", "Beta there."]);
        assert!(!m.scan(&paragraphs).judge(&e).addressed());
        let three = EssayText::from_paragraphs(&["Alpha beta. Alpha beta. X.", "Alpha and beta."]);
        assert_eq!(m.scan(&three).judge(&e).strength, 3);
    }

    #[test]
    fn every_finding_of_an_element_must_be_made() {
        let m = matcher(&[("a", &["alpha"]), ("b", &["beta"]), ("c", &["gamma"])]);
        let mut e = element(&[&["a", "b"]]);
        e.evidence.push(Evidence {
            shows: None,
            any: vec![vec!["a".into(), "c".into()]],
        });
        let one = EssayText::from_paragraphs(&["Alpha beta."]);
        assert!(!m.scan(&one).judge(&e).addressed());
        let both = EssayText::from_paragraphs(&["Alpha beta.", "Gamma alpha."]);
        let judged = m.scan(&both).judge(&e);
        assert_eq!(judged.passages, ["Alpha beta.", "Gamma alpha."]);
    }

    #[test]
    fn long_passages_are_quoted_around_their_evidence() {
        let m = matcher(&[("a", &["alpha"]), ("b", &["beta"])]);
        let e = element(&[&["a", "b"]]);
        let filler = "word ".repeat(60);
        let text = format!("{filler}alpha and beta {filler}end.");
        let text = EssayText::from_paragraphs(&[&text]);
        let passage = &m.scan(&text).judge(&e).passages[0];
        assert!(
            passage.starts_with('…') && passage.ends_with('…'),
            "{passage}"
        );
        assert!(passage.contains("alpha and beta"));
        assert!(passage.split_whitespace().count() <= EXCERPT_WORDS + 1);
    }
}
