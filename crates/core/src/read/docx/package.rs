//! The package around the parts: relationships between parts, and what the package holds besides
//! text (a VBA project, embedded objects, external relationships; ECMA-376 Part 2).

use crate::document::{Document, ExternalTarget, Hygiene};
use crate::read::ReadError;
use crate::read::opc::Relationship;
use crate::read::zipped::Package;

/// The relationships part of `part` (`word/_rels/document.xml.rels` for `word/document.xml`).
pub(super) fn rels_name_for(part: &str) -> String {
    match part.rfind('/') {
        Some(i) => format!("{}/_rels/{}.rels", &part[..i], &part[i + 1..]),
        None => format!("_rels/{part}.rels"),
    }
}

/// Relationship types are URIs ending in the kind (`…/relationships/footnotes`); transitional,
/// strict and the `metadata/core-properties` form all end the same way.
pub(super) fn rel_is(rel: &Relationship, kind: &str) -> bool {
    !rel.external && rel.kind.rsplit('/').next() == Some(kind)
}

/// The bytes of the first internal part `rels` relate of `kind`, if there is one.
pub(super) fn read_rel(
    package: &mut Package<'_>,
    rels: &[Relationship],
    kind: &str,
) -> Result<Option<Vec<u8>>, ReadError> {
    match rels.iter().find(|r| rel_is(r, kind)) {
        Some(rel) => package.read(&rel.target),
        None => Ok(None),
    }
}

/// What the package holds besides text: a VBA project, embedded objects, and the main document's
/// external relationships (ECMA-376 Part 2 §9.3: `TargetMode="External"`).
pub(super) fn read_package_hygiene(
    package: &Package<'_>,
    rels: &[Relationship],
    package_rels: &[Relationship],
    doc: &mut Document,
) {
    let kind_of = |rel: &Relationship| rel.kind.rsplit('/').next().unwrap_or("").to_string();
    let hygiene = &mut doc.hygiene;
    hygiene.macros = package.count_names(|name| name.ends_with("vbaproject.bin")) > 0
        || rels
            .iter()
            .chain(package_rels)
            .any(|r| kind_of(r).eq_ignore_ascii_case("vbaProject"));
    let embedded_parts = package.count_names(|name| name.starts_with("word/embeddings/"));
    let embedded_rels = rels
        .iter()
        .filter(|r| !r.external && matches!(kind_of(r).as_str(), "oleObject" | "package"))
        .count();
    let embedded = if embedded_parts > 0 {
        embedded_parts
    } else {
        embedded_rels
    };
    hygiene.embedded_objects = u32::try_from(embedded).unwrap_or(u32::MAX);
    for rel in rels.iter().filter(|r| r.external) {
        let kind = kind_of(rel);
        let count = hygiene.external_by_kind.entry(kind.clone()).or_insert(0);
        *count = count.saturating_add(1);
        if (*count as usize) <= Hygiene::MAX_TARGETS_PER_KIND {
            hygiene.external_targets.push(ExternalTarget {
                kind,
                target: shorten(&rel.target),
            });
        }
    }
}

/// A value from the file, trimmed and cut to [`Hygiene::MAX_TARGET_CHARS`] characters.
pub(super) fn shorten(value: &str) -> String {
    let value = value.trim();
    if value.chars().count() <= Hygiene::MAX_TARGET_CHARS {
        value.to_string()
    } else {
        let mut cut: String = value.chars().take(Hygiene::MAX_TARGET_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_shortened() {
        let long = "x".repeat(500);
        let short = shorten(&long);
        assert_eq!(short.chars().count(), Hygiene::MAX_TARGET_CHARS);
        assert!(short.ends_with('…'));
        assert_eq!(shorten("  kept  "), "kept");
    }
}
