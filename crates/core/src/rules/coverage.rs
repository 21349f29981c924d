//! How an essay covers a variant's question: the elements of the variant, each judged by a
//! [`Scan`] of the essay ([`crate::content::evidence`]), read by `prompt-coverage`,
//! `variant-mismatch` and `no-variant`.

use std::collections::BTreeSet;

use crate::content::evidence::{Judged, STRENGTH_CAP, Scan};
use crate::rules::data::Variant;

/// How an essay covers a variant's question.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage<'v> {
    /// The variant.
    pub variant: &'v Variant,
    /// Each element with evidence in the rule data, judged (elements without evidence cannot be
    /// judged and are left out).
    pub elements: Vec<Judged<'v>>,
}

impl Coverage<'_> {
    /// How many elements are addressed.
    pub fn addressed(&self) -> usize {
        self.elements.iter().filter(|e| e.addressed()).count()
    }

    /// How many elements were judged.
    pub fn total(&self) -> usize {
        self.elements.len()
    }

    /// The share of elements addressed (0 when none could be judged).
    pub fn fraction(&self) -> f64 {
        if self.elements.is_empty() {
            0.0
        } else {
            self.addressed() as f64 / self.elements.len() as f64
        }
    }

    /// How strongly the essay answers the elements whose ids are not in `except`: the mean over
    /// them of their strength, capped at [`STRENGTH_CAP`] passages, as a share of the cap (0 to 1).
    /// Leaving out the elements two variants share compares them on what tells them apart.
    pub fn strength(&self, except: &BTreeSet<&str>) -> f64 {
        let own: Vec<&Judged<'_>> = self
            .elements
            .iter()
            .filter(|e| !except.contains(e.element.id.as_str()))
            .collect();
        if own.is_empty() {
            return 0.0;
        }
        own.iter()
            .map(|e| e.strength.min(STRENGTH_CAP) as f64 / STRENGTH_CAP as f64)
            .sum::<f64>()
            / own.len() as f64
    }

    /// The ids of the judged elements.
    pub fn ids(&self) -> BTreeSet<&str> {
        self.elements
            .iter()
            .map(|e| e.element.id.as_str())
            .collect()
    }
}

/// How an essay covers a variant's question, as plain data for people (the browser page shows it
/// beside the report; it is not part of the versioned JSON report).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CoverageSummary {
    /// The variant's id.
    pub variant: String,
    /// How many elements the essay appears to address.
    pub addressed: usize,
    /// How many elements were judged.
    pub total: usize,
    /// Each judged element.
    pub elements: Vec<ElementSummary>,
}

/// One element of a question, judged.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ElementSummary {
    /// The element's id.
    pub id: String,
    /// What it is, in a phrase.
    pub summary: String,
    /// Whether the essay appears to address it.
    pub addressed: bool,
    /// The essay's passages that show it (empty when it is not addressed).
    pub passages: Vec<String>,
}

impl Coverage<'_> {
    /// The coverage as plain data.
    pub fn summary(&self) -> CoverageSummary {
        CoverageSummary {
            variant: self.variant.id.clone(),
            addressed: self.addressed(),
            total: self.total(),
            elements: self
                .elements
                .iter()
                .map(|e| ElementSummary {
                    id: e.element.id.clone(),
                    summary: e.element.summary.clone(),
                    addressed: e.addressed(),
                    passages: e.passages.clone(),
                })
                .collect(),
        }
    }
}

impl Scan<'_> {
    /// Judges every element of a variant that has evidence.
    pub fn coverage<'v>(&self, variant: &'v Variant) -> Coverage<'v> {
        let elements = variant
            .elements
            .iter()
            .filter(|e| !e.evidence.is_empty())
            .map(|element| self.judge(element))
            .collect();
        Coverage { variant, elements }
    }
}
