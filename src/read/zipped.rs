//! A bounded view of an OPC package (the zip inside a .docx).
//!
//! Every part is read whole into memory, but only after its declared inflated size passed
//! [`Limits::max_part_bytes`], and while inflating the actual bytes are bounded again (a zip's
//! declared sizes can lie), as is the total across parts ([`Limits::max_total_inflated_bytes`]).

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use crate::limits::{Limit, Limits};
use crate::read::ReadError;

/// An open package.
pub(crate) struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    limits: &'a Limits,
    inflated: u64,
}

fn zip_problem(e: ZipError) -> ReadError {
    match e {
        ZipError::UnsupportedArchive(what) if what.to_lowercase().contains("password") => {
            ReadError::Encrypted
        }
        other => ReadError::Corrupt(format!("the zip container is damaged: {other}")),
    }
}

/// Normalises an OPC part name for lookup: no leading slash, `.` and `..` segments resolved.
pub(crate) fn normalise(name: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for segment in name.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

/// Resolves a relationship target against the folder of the part that holds the relationship.
pub(crate) fn resolve_target(source_part: &str, target: &str) -> String {
    if target.starts_with('/') {
        return normalise(target);
    }
    let folder = match source_part.rfind('/') {
        Some(i) => &source_part[..i],
        None => "",
    };
    normalise(&format!("{folder}/{target}"))
}

impl<'a> Package<'a> {
    /// Opens the zip, checking the entry count.
    pub(crate) fn open(bytes: &'a [u8], limits: &'a Limits) -> Result<Self, ReadError> {
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(zip_problem)?;
        if archive.len() > limits.max_zip_entries {
            return Err(ReadError::Limit {
                limit: Limit::ZipEntries,
                detail: format!(
                    "the zip holds {} entries, more than the {} allowed",
                    archive.len(),
                    limits.max_zip_entries
                ),
            });
        }
        Ok(Package {
            archive,
            limits,
            inflated: 0,
        })
    }

    /// The entry index for a part name, matched as OPC does (case-insensitively, no leading slash).
    fn index_of(&self, name: &str) -> Option<usize> {
        let wanted = normalise(name);
        if let Some(i) = self.archive.index_for_name(&wanted) {
            return Some(i);
        }
        (0..self.archive.len()).find(|&i| {
            self.archive
                .name_for_index(i)
                .is_some_and(|n| n.is_ok_and(|n| normalise(&n).eq_ignore_ascii_case(&wanted)))
        })
    }

    /// The limits this package is read under.
    pub(crate) fn limits(&self) -> &'a Limits {
        self.limits
    }

    /// Whether the package holds a part of this name.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.index_of(name).is_some()
    }

    /// Whether any entry's name starts with `prefix` (case-insensitive).
    pub(crate) fn has_prefix(&self, prefix: &str) -> bool {
        let prefix = prefix.to_ascii_lowercase();
        (0..self.archive.len()).any(|i| {
            self.archive
                .name_for_index(i)
                .is_some_and(|n| n.is_ok_and(|n| n.to_ascii_lowercase().starts_with(&prefix)))
        })
    }

    /// How many entries' names, normalised and lower-cased, satisfy `matches` (a folder entry's name
    /// ends in `/`). Bounded by [`Limits::max_zip_entries`], checked when the package was opened.
    pub(crate) fn count_names(&self, matches: impl Fn(&str) -> bool) -> usize {
        (0..self.archive.len())
            .filter(|&i| {
                self.archive.name_for_index(i).is_some_and(|n| {
                    n.is_ok_and(|n| {
                        !n.ends_with('/') && matches(&normalise(&n).to_ascii_lowercase())
                    })
                })
            })
            .count()
    }

    /// Reads a whole part, or `None` when there is no such part.
    pub(crate) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ReadError> {
        let Some(index) = self.index_of(name) else {
            return Ok(None);
        };
        let max_part = self.limits.max_part_bytes;
        let remaining_total = self
            .limits
            .max_total_inflated_bytes
            .saturating_sub(self.inflated);
        let mut file = self.archive.by_index(index).map_err(zip_problem)?;
        let declared = file.size();
        if declared > max_part {
            return Err(ReadError::Limit {
                limit: Limit::PartBytes,
                detail: format!(
                    "{name} declares {} once inflated, more than the {} allowed for one part",
                    human_bytes(declared),
                    human_bytes(max_part)
                ),
            });
        }
        let cap = max_part.min(remaining_total);
        // Reserve only what was declared (bounded above): a lying size costs nothing up front.
        let mut out = Vec::with_capacity(usize::try_from(declared.min(cap)).unwrap_or(0));
        let read = (&mut file)
            .take(cap.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|e| {
                ReadError::Corrupt(format!("{name} could not be inflated from the zip: {e}"))
            })?;
        let read = read as u64;
        if read > cap {
            let (limit, allowed) = if cap == max_part {
                (Limit::PartBytes, max_part)
            } else {
                (
                    Limit::TotalInflatedBytes,
                    self.limits.max_total_inflated_bytes,
                )
            };
            return Err(ReadError::Limit {
                limit,
                detail: format!(
                    "{name} inflates to more than {} (declared {})",
                    human_bytes(allowed),
                    human_bytes(declared)
                ),
            });
        }
        self.inflated += read;
        Ok(Some(out))
    }
}

/// "64 MiB", "4.0 GiB", "312 bytes".
pub(crate) fn human_bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = KIB * 1024;
    const GIB: u64 = MIB * 1024;
    match n {
        n if n >= GIB => format!("{:.1} GiB", n as f64 / GIB as f64),
        n if n >= MIB => format!("{} MiB", n / MIB),
        n if n >= KIB => format!("{} KiB", n / KIB),
        n => format!("{n} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_relative_to_their_source() {
        assert_eq!(
            resolve_target("word/document.xml", "footnotes.xml"),
            "word/footnotes.xml"
        );
        assert_eq!(
            resolve_target("word/document.xml", "/word/x.xml"),
            "word/x.xml"
        );
        assert_eq!(
            resolve_target("word/document.xml", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human_bytes(4 * 1024 * 1024 * 1024), "4.0 GiB");
        assert_eq!(human_bytes(64 * 1024 * 1024), "64 MiB");
        assert_eq!(human_bytes(12), "12 bytes");
    }
}
