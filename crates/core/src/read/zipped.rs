//! A bounded view of an OPC package (the zip inside a .docx).
//!
//! Every part is read whole into memory, but only after its declared inflated size passed
//! [`Limits::max_part_bytes`], and while inflating the actual bytes are bounded again (a zip's
//! declared sizes can lie), as is the total across parts ([`Limits::max_total_inflated_bytes`]).

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

pub(crate) use crate::limits::human_bytes;
use crate::limits::{Limit, Limits};
use crate::read::ReadError;

/// An open package.
pub(crate) struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    /// The zip's bytes, from which a part's compressed data is inflated in one call.
    bytes: &'a [u8],
    limits: &'a Limits,
    inflated: u64,
}

#[cfg(all(feature = "native-inflate", not(target_arch = "wasm32")))]
thread_local! {
    /// libdeflate's whole-buffer inflater, for parts whose size is known (nearly all of them), one
    /// per thread: setting one up (zeroing its tables) costs as much as inflating a small part.
    static WHOLE: std::cell::RefCell<Option<libdeflater::Decompressor>> =
        const { std::cell::RefCell::new(None) };
    /// Whether libdeflate is used on this thread (see [`use_native_inflate`]).
    static NATIVE: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Whether, on this thread, zip parts are inflated by libdeflate when the `native-inflate`
/// feature has it (the default) or by zlib-rs alone, as without the feature and on WebAssembly.
/// For tests and benchmarks that compare the two inflaters in one build; a no-op without the
/// feature.
pub fn use_native_inflate(native: bool) {
    #[cfg(all(feature = "native-inflate", not(target_arch = "wasm32")))]
    NATIVE.with(|n| n.set(native));
    #[cfg(not(all(feature = "native-inflate", not(target_arch = "wasm32"))))]
    let _ = native;
}

thread_local! {
    /// zlib-rs inflaters, for parts read in pieces and data libdeflate refused, kept for the next
    /// part on this thread: setting one up also costs more than inflating a small part.
    static STREAMING: std::cell::RefCell<Vec<flate2::Decompress>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The most streaming inflaters a thread keeps.
const KEPT_STREAMING: usize = 4;

/// A zlib-rs inflater for a raw deflate stream, set up afresh or taken from this thread's.
pub(crate) fn streaming_inflater() -> flate2::Decompress {
    let kept = STREAMING.with(|kept| kept.try_borrow_mut().ok().and_then(|mut k| k.pop()));
    match kept {
        Some(mut inflater) => {
            inflater.reset(false);
            inflater
        }
        None => flate2::Decompress::new(false),
    }
}

/// Gives an inflater back for the next part read on this thread.
pub(crate) fn keep_streaming_inflater(inflater: flate2::Decompress) {
    STREAMING.with(|kept| {
        if let Ok(mut kept) = kept.try_borrow_mut()
            && kept.len() < KEPT_STREAMING
        {
            kept.push(inflater);
        }
    });
}

fn zip_problem(e: ZipError) -> ReadError {
    match e {
        ZipError::UnsupportedArchive(what) if what.to_lowercase().contains("password") => {
            ReadError::Encrypted
        }
        other => ReadError::BadZip {
            detail: other.to_string(),
        },
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

/// A name [`normalise`] leaves as it is (no empty, `.` or `..` segment), which is nearly every
/// entry's: such a name is compared without building its normal form.
fn is_normal(name: &str) -> bool {
    name.split('/').all(|s| !matches!(s, "" | "." | ".."))
}

/// An entry's name as [`normalise`] makes it, borrowed when it is already normal.
fn normalised(name: &str) -> std::borrow::Cow<'_, str> {
    if is_normal(name) {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(normalise(name))
    }
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
            bytes,
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
                .is_some_and(|n| n.is_ok_and(|n| normalised(&n).eq_ignore_ascii_case(&wanted)))
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
                        !n.ends_with('/') && matches(&normalised(&n).to_ascii_lowercase())
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
        // The entry's header, without setting up its inflation.
        let declared = self
            .archive
            .by_index_raw(index)
            .map_err(zip_problem)?
            .size();
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
        if let Some(out) = self.inflate_directly(index, cap) {
            let out = out.map_err(|detail| ReadError::Inflate {
                part: name.to_string(),
                detail: detail.to_string(),
            })?;
            self.inflated += out.len() as u64;
            return Ok(Some(out));
        }
        let mut file = self.archive.by_index(index).map_err(zip_problem)?;
        // Reserve only what was declared (bounded above): a lying size costs nothing up front.
        let mut out = Vec::with_capacity(usize::try_from(declared.min(cap)).unwrap_or(0));
        let read = (&mut file)
            .take(cap.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|e| ReadError::Inflate {
                part: name.to_string(),
                detail: e.to_string(),
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

/// A part's compressed data, for a reader that inflates it as far as it needs.
pub(crate) struct RawPart {
    /// The deflated data, or the part itself when stored.
    pub(crate) data: Vec<u8>,
    /// Whether the data is deflated (otherwise stored).
    pub(crate) deflated: bool,
    /// The inflated size the zip declares, within the part limit and what is left of the total.
    pub(crate) declared: u64,
    /// The checksum of the inflated data the zip declares.
    pub(crate) crc: u32,
}

impl<'a> Package<'a> {
    /// The compressed data of a stored or deflated, unencrypted part whose declared size is within
    /// the limits, its size counted against the total as if inflated whole; `None` for anything
    /// else (no such part, a size over a limit, encryption, another method), which
    /// [`Package::read`] then reads and judges.
    pub(crate) fn raw_part(&mut self, name: &str) -> Option<RawPart> {
        let index = self.index_of(name)?;
        let cap = self.limits.max_part_bytes.min(
            self.limits
                .max_total_inflated_bytes
                .saturating_sub(self.inflated),
        );
        let (data, deflated, declared, crc) = self.entry_data(index, cap)?;
        let data = data.to_vec();
        self.inflated += declared;
        Some(RawPart {
            data,
            deflated,
            declared,
            crc,
        })
    }

    /// The compressed data of a stored or deflated, unencrypted entry declared at most `cap`
    /// bytes inflated, with whether it is deflated, its declared size and checksum; `None` for
    /// anything else.
    fn entry_data(&mut self, index: usize, cap: u64) -> Option<(&'a [u8], bool, u64, u32)> {
        let file = self.archive.by_index_raw(index).ok()?;
        let declared = file.size();
        if file.encrypted() || declared > cap {
            return None;
        }
        let deflated = match file.compression() {
            zip::CompressionMethod::Deflated => true,
            zip::CompressionMethod::Stored => false,
            _ => return None,
        };
        let crc = file.crc32();
        let start = usize::try_from(file.data_start()?).ok()?;
        let length = usize::try_from(file.compressed_size()).ok()?;
        let bytes: &'a [u8] = self.bytes;
        let data = bytes.get(start..start.checked_add(length)?)?;
        Some((data, deflated, declared, crc))
    }

    /// Gives back what [`Package::raw_part`] counted, for a part then read whole after all.
    pub(crate) fn uncount(&mut self, bytes: u64) {
        self.inflated = self.inflated.saturating_sub(bytes);
    }

    /// The usual case made quick: a stored or deflated, unencrypted entry whose data inflates to
    /// exactly its declared size, at most `cap`, with the right checksum, inflated from the zip's
    /// bytes into a buffer of that size in one call. `None` for anything else (a lying size, an
    /// encrypted entry, another method), which the streaming reader then reads and judges as it
    /// always has; `Some(Err)` for data that is damaged either way.
    fn inflate_directly(&mut self, index: usize, cap: u64) -> Option<Result<Vec<u8>, String>> {
        let (data, deflated, declared, crc) = self.entry_data(index, cap)?;
        let size = usize::try_from(declared).ok()?;
        let out = match deflated {
            false if data.len() == size => data.to_vec(),
            false => return None,
            // libdeflate first: it inflates a whole buffer of known size faster than zlib-rs
            // streams one. Anything but a clean stream of the declared size, to the byte, goes on
            // to zlib-rs, so that damaged data is judged, and described, as it always was.
            true => match inflate_whole(data, size) {
                Some(out) => out,
                None => {
                    let mut inflater = streaming_inflater();
                    // One byte more than declared: room to see a stream that runs past its size.
                    let mut out = Vec::with_capacity(size + 1);
                    let status =
                        inflater.decompress_vec(data, &mut out, flate2::FlushDecompress::Finish);
                    keep_streaming_inflater(inflater);
                    match status {
                        Ok(flate2::Status::StreamEnd) if out.len() == size => out,
                        // Longer or shorter than declared: the streaming reader decides.
                        Ok(_) => return None,
                        Err(e) => return Some(Err(e.to_string())),
                    }
                }
            },
        };
        if crc32fast::hash(&out) != crc {
            return Some(Err("its checksum does not match its data".into()));
        }
        Some(Ok(out))
    }
}

/// `data` inflated by libdeflate into exactly `size` bytes; `None` when the stream is damaged or
/// inflates to any other size.
#[cfg(all(feature = "native-inflate", not(target_arch = "wasm32")))]
fn inflate_whole(data: &[u8], size: usize) -> Option<Vec<u8>> {
    if !NATIVE.with(std::cell::Cell::get) {
        return None;
    }
    WHOLE.with(|whole| {
        let mut whole = whole.try_borrow_mut().ok()?;
        let whole = whole.get_or_insert_with(libdeflater::Decompressor::new);
        let mut out = vec![0; size];
        match whole.deflate_decompress(data, &mut out) {
            Ok(n) if n == size => Some(out),
            _ => None,
        }
    })
}

/// Without libdeflate (the `native-inflate` feature off, and on WebAssembly) every part goes to
/// zlib-rs, which inflates the same bytes and judges damage the same way.
#[cfg(not(all(feature = "native-inflate", not(target_arch = "wasm32"))))]
fn inflate_whole(_data: &[u8], _size: usize) -> Option<Vec<u8>> {
    None
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

    /// A zip of `(name, content, method)` entries.
    fn zip_of(entries: &[(&str, &[u8], zip::CompressionMethod)]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content, method) in entries {
            let options = zip::write::SimpleFileOptions::default().compression_method(*method);
            zip.start_file(*name, options).expect("entry");
            zip.write_all(content).expect("content");
        }
        zip.finish().expect("zip").into_inner()
    }

    /// Overwrites a 4-byte field of every local and central header (offsets from the signature).
    fn patch(zip: &mut [u8], local: usize, central: usize, value: u32) {
        for i in 0..zip.len().saturating_sub(4) {
            let offset = match &zip[i..i + 4] {
                [0x50, 0x4b, 0x03, 0x04] => local,
                [0x50, 0x4b, 0x01, 0x02] => central,
                _ => continue,
            };
            zip[i + offset..i + offset + 4].copy_from_slice(&value.to_le_bytes());
        }
    }

    fn read_one(zip: &[u8]) -> Result<Option<Vec<u8>>, ReadError> {
        let limits = Limits::default();
        let mut package = Package::open(zip, &limits)?;
        package.read("a.xml")
    }

    const TEXT: &[u8] = b"<a>the same words, again and again, the same words, again and again</a>";

    #[test]
    fn stored_and_deflated_parts_read_whole() {
        for method in [
            zip::CompressionMethod::Stored,
            zip::CompressionMethod::Deflated,
        ] {
            let zip = zip_of(&[("a.xml", TEXT, method), ("b.xml", b"<b/>", method)]);
            let limits = Limits::default();
            let mut package = Package::open(&zip, &limits).expect("opens");
            assert_eq!(package.read("a.xml").expect("reads").as_deref(), Some(TEXT));
            // The inflater is reused for the next part.
            assert_eq!(
                package.read("b.xml").expect("reads").as_deref(),
                Some(&b"<b/>"[..])
            );
            assert_eq!(package.inflated, TEXT.len() as u64 + 4);
        }
    }

    #[test]
    fn a_wrong_checksum_is_damage() {
        let mut zip = zip_of(&[("a.xml", TEXT, zip::CompressionMethod::Deflated)]);
        patch(&mut zip, 14, 16, 0x1234_5678);
        let err = read_one(&zip).expect_err("checksum");
        assert!(matches!(err, ReadError::Inflate { .. }), "{err}");
    }

    #[test]
    fn a_declared_size_that_lies_is_left_to_the_streaming_reader() {
        // Declared smaller than the data: not read directly, and not taken at its word either.
        let mut zip = zip_of(&[("a.xml", TEXT, zip::CompressionMethod::Deflated)]);
        patch(&mut zip, 22, 24, 10);
        let limits = Limits::default();
        let mut package = Package::open(&zip, &limits).expect("opens");
        assert!(package.inflate_directly(0, u64::MAX).is_none());
        let streamed = package.read("a.xml");
        assert!(
            !matches!(streamed, Ok(Some(ref out)) if out.len() == 10),
            "{streamed:?}"
        );
    }

    #[test]
    fn damaged_deflate_data_is_damage() {
        let mut zip = zip_of(&[("a.xml", TEXT, zip::CompressionMethod::Deflated)]);
        // The compressed data starts after the 30-byte local header and the name.
        let start = 30 + "a.xml".len();
        for b in &mut zip[start..start + 6] {
            *b = 0xff;
        }
        let err = read_one(&zip).expect_err("damaged");
        assert!(matches!(err, ReadError::Inflate { .. }), "{err}");
    }

    #[test]
    #[cfg(feature = "native-inflate")]
    fn libdeflate_reads_every_bundled_part_as_the_zip_crate_streams_it() {
        let limits = Limits::default();
        let mut parts = 0;
        for (path, bytes) in crate::read::bundled_docx(&["real"]) {
            let Ok(mut package) = Package::open(&bytes, &limits) else {
                continue;
            };
            for index in 0..package.archive.len() {
                let Some((data, true, declared, _)) = package.entry_data(index, u64::MAX) else {
                    continue;
                };
                let mut streamed = Vec::new();
                package
                    .archive
                    .by_index(index)
                    .expect("entry")
                    .read_to_end(&mut streamed)
                    .expect("streams");
                let size = usize::try_from(declared).expect("size");
                let whole = inflate_whole(data, size);
                assert_eq!(whole.as_ref(), Some(&streamed), "{}", path.display());
                parts += 1;
            }
        }
        assert!(parts > 50, "only {parts} parts");
    }

    #[test]
    fn damage_is_described_by_zlib_as_before() {
        let mut zip = zip_of(&[("a.xml", TEXT, zip::CompressionMethod::Deflated)]);
        let start = 30 + "a.xml".len();
        for b in &mut zip[start..start + 6] {
            *b = 0xff;
        }
        let limits = Limits::default();
        let mut package = Package::open(&zip, &limits).expect("opens");
        let (data, _, declared, _) = package.entry_data(0, u64::MAX).expect("entry");
        // libdeflate refuses it, and the message is zlib-rs's.
        assert!(inflate_whole(data, declared as usize).is_none());
        let mut zlib = flate2::Decompress::new(false);
        let expected = zlib
            .decompress_vec(
                data,
                &mut Vec::with_capacity(256),
                flate2::FlushDecompress::Finish,
            )
            .expect_err("damaged")
            .to_string();
        let err = read_one(&zip).expect_err("damaged").to_string();
        assert!(err.ends_with(&expected), "{err} / {expected}");
    }

    #[test]
    fn names_already_normal_are_compared_as_they_are() {
        for name in [
            "word/document.xml",
            "/word/document.xml",
            "word//document.xml",
            "./word/./document.xml",
            "word/x/../document.xml",
            "word/",
            "",
            "..",
            "[Content_Types].xml",
            "a",
        ] {
            assert_eq!(normalised(name), normalise(name), "{name}");
            if is_normal(name) {
                assert_eq!(normalise(name), name, "normalising changes nothing");
            }
        }
    }

    #[test]
    fn a_kept_inflater_starts_the_next_stream_afresh() {
        use std::io::Write;
        let deflate = |text: &[u8]| {
            let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(text).expect("deflate");
            e.finish().expect("deflate")
        };
        let long: Vec<u8> = (0..20_000u32).flat_map(|i| i.to_le_bytes()).collect();
        // Left in the middle of one stream, then given back.
        let mut inflater = streaming_inflater();
        let mut out = Vec::with_capacity(100);
        inflater
            .decompress_vec(&deflate(&long), &mut out, flate2::FlushDecompress::None)
            .expect("inflates");
        assert_eq!(out.len(), 100);
        keep_streaming_inflater(inflater);
        // The next one taken on this thread reads a new stream from its start.
        let mut inflater = streaming_inflater();
        let mut out = Vec::with_capacity(TEXT.len() + 1);
        let status = inflater
            .decompress_vec(&deflate(TEXT), &mut out, flate2::FlushDecompress::Finish)
            .expect("inflates");
        assert_eq!(status, flate2::Status::StreamEnd);
        assert_eq!(out, TEXT);
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human_bytes(4 * 1024 * 1024 * 1024), "4.0 GiB");
        assert_eq!(human_bytes(64 * 1024 * 1024), "64 MiB");
        assert_eq!(human_bytes(12), "12 bytes");
    }
}
