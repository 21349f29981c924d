//! Bombs and limits: every crafted file is built here, in code, and checked through the real CLI
//! (`check --format json -`, the file on stdin) for its exact outcome, within the 10 s deadline and
//! 300 MiB for the process and its PDF worker together.
//!
//! Zip bombs (one entry, many, overlapping entries, lying declared sizes, 100,000 entries), billion
//! laughs and external entities (never expanded, never fetched), nesting a million deep (elements,
//! PDF arrays and dictionaries), huge attribute values, PDF decompression bombs, page-tree cycles, a
//! lying `/Count`, broken cross-reference tables, password-protected files of both formats, and
//! every limit hit through its own option, named in the report.

mod support;

use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::time::Duration;

use essaylint::limits::Limits;
use essaylint::read::ReadError;
use essaylint::read::docx::read_docx;
use support::*;

const MIB: usize = 1024 * 1024;

/// A `document.xml` of one paragraph whose text is `len` spaces and a word: deflates to almost
/// nothing.
fn spacious_document(len: usize) -> Vec<u8> {
    let mut xml = document_xml("<w:p><w:r><w:t xml:space=\"preserve\">SPACES</w:t></w:r></w:p>");
    xml = xml.replace("SPACES", &format!("{}word", " ".repeat(len)));
    xml.into_bytes()
}

// ---------------------------------------------------------------------------------------------
// Zip bombs

#[test]
fn a_one_entry_zip_bomb_is_refused_on_its_declared_size() {
    let bomb = docx(&spacious_document(17 * MIB));
    assert!(bomb.len() < 100 * 1024, "{} bytes", bomb.len());
    let run = check_cli(&bomb, &[]);
    run.assert_bounded("one-entry bomb");
    run.assert_limit("one-entry bomb", "max-part-mb");
    assert!(
        run.message("unreadable")
            .is_some_and(|m| m.contains("declares")),
        "{:?}",
        run.message("unreadable")
    );
}

/// Rewrites the declared uncompressed size of `name` in its local header and central directory
/// entry.
fn lie_about_size(zip: &mut [u8], name: &str, size: u32) -> usize {
    let mut patched = 0;
    let name = name.as_bytes();
    let mut i = 0;
    while i + 46 < zip.len() {
        let sig = &zip[i..i + 4];
        if sig == b"PK\x03\x04" {
            let len = usize::from(u16::from_le_bytes([zip[i + 26], zip[i + 27]]));
            if zip.get(i + 30..i + 30 + len) == Some(name) {
                zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
                patched += 1;
            }
        } else if sig == b"PK\x01\x02" {
            let len = usize::from(u16::from_le_bytes([zip[i + 28], zip[i + 29]]));
            if zip.get(i + 46..i + 46 + len) == Some(name) {
                zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
                patched += 1;
            }
        }
        i += 1;
    }
    patched
}

#[test]
fn a_zip_bomb_lying_about_its_size_is_stopped_while_inflating() {
    let mut bomb = docx(&spacious_document(40 * MIB));
    assert_eq!(lie_about_size(&mut bomb, "word/document.xml", 2000), 2);
    let run = check_cli(&bomb, &[]);
    run.assert_bounded("lying sizes");
    // Either the inflation cap stops it (limit max-part-mb) or the zip layer notices the lie
    // first; both are `unreadable`, and nothing near 40 MiB is ever held.
    let message = run.message("unreadable").expect("unreadable");
    assert!(
        message.contains("(limit max-part-mb)") || message.contains("could not be inflated"),
        "{message}"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn many_entries_together_hit_the_total_inflated_limit() {
    // Five parts of 15 MiB, each under the 16 MiB part limit, 75 MiB together: past the 64 MiB
    // total at the fifth part read.
    let part = spacious_document(15 * MIB);
    let mut parts = docx_parts(&part);
    parts.push((
        "word/_rels/document.xml.rels",
        NOTE_RELS.as_bytes().to_vec(),
    ));
    for name in [
        "word/footnotes.xml",
        "word/endnotes.xml",
        "word/comments.xml",
        "word/header1.xml",
    ] {
        parts.push((name, part.clone()));
    }
    let entries: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let bomb = zip_of(&entries);
    let run = check_cli(&bomb, &[]);
    run.assert_bounded("many entries");
    run.assert_limit("many entries", "max-inflated-mb");
}

/// A zip of `parts`, then one entry `kernel`, whose central directory also lists each of
/// `aliases` pointing at the kernel's local entry (the "better zip bomb": overlapping entries make
/// one compressed kernel count many times).
fn overlapping_zip(parts: &[(&str, &[u8])], kernel: &[u8], aliases: &[&str]) -> Vec<u8> {
    let mut entries = parts.to_vec();
    entries.push(("kernel", kernel));
    let zip = zip_of(&entries);
    let u16_at = |i: usize| usize::from(u16::from_le_bytes([zip[i], zip[i + 1]]));
    let u32_at = |i: usize| u32::from_le_bytes(zip[i..i + 4].try_into().expect("4 bytes")) as usize;
    let eocd = zip.len() - 22;
    assert_eq!(&zip[eocd..eocd + 4], b"PK\x05\x06");
    let (count, cd_start) = (u16_at(eocd + 10), u32_at(eocd + 16));
    let mut out = zip[..cd_start].to_vec();
    let mut at = cd_start;
    let mut kernel_entry = Vec::new();
    for _ in 0..count {
        let len = 46 + u16_at(at + 28) + u16_at(at + 30) + u16_at(at + 32);
        let entry = &zip[at..at + len];
        if &entry[46..46 + u16_at(at + 28)] == b"kernel" {
            kernel_entry = entry[..46].to_vec();
        }
        out.extend_from_slice(entry);
        at += len;
    }
    for alias in aliases {
        let mut entry = kernel_entry.clone();
        entry[28..30].copy_from_slice(&(alias.len() as u16).to_le_bytes());
        entry[30..34].copy_from_slice(&[0; 4]); // no extra field, no comment
        entry.extend_from_slice(alias.as_bytes());
        out.extend_from_slice(&entry);
    }
    let cd_len = out.len() - cd_start;
    let total = (count + aliases.len()) as u16;
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
    out.extend_from_slice(&total.to_le_bytes());
    out.extend_from_slice(&total.to_le_bytes());
    out.extend_from_slice(&(cd_len as u32).to_le_bytes());
    out.extend_from_slice(&(cd_start as u32).to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

/// `word/_rels/document.xml.rels` naming footnotes, endnotes, comments and a header.
const NOTE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="r2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes" Target="endnotes.xml"/><Relationship Id="r3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="r4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>"#;

#[test]
fn overlapping_entries_do_not_multiply_past_the_limits() {
    // One 15 MiB kernel, stored once, listed as the document and four parts it refers to.
    let kernel = spacious_document(15 * MIB);
    let mut parts = docx_parts(b"");
    parts.truncate(2);
    parts.push((
        "word/_rels/document.xml.rels",
        NOTE_RELS.as_bytes().to_vec(),
    ));
    let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let aliases = [
        "word/document.xml",
        "word/footnotes.xml",
        "word/endnotes.xml",
        "word/comments.xml",
        "word/header1.xml",
    ];
    let bomb = overlapping_zip(&parts, &kernel, &aliases);
    assert!(bomb.len() < 200 * 1024, "{} bytes", bomb.len());
    let run = check_cli(&bomb, &[]);
    run.assert_bounded("overlapping entries");
    // The total of what is inflated is bounded however often one kernel is listed.
    run.assert_limit("overlapping entries", "max-inflated-mb");
}

#[test]
fn a_hundred_thousand_entries_are_refused_by_count() {
    let document = document_xml(&para("One entry among many."));
    let mut parts = docx_parts(document.as_bytes());
    let names: Vec<String> = (0..100_000).map(|i| format!("word/media/{i}")).collect();
    for name in &names {
        parts.push((name.as_str(), Vec::new()));
    }
    let entries: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let zip = zip_of(&entries);
    let run = check_cli(&zip, &[]);
    run.assert_bounded("100,000 entries");
    run.assert_limit("100,000 entries", "max-zip-entries");
    assert!(
        run.message("unreadable")
            .is_some_and(|m| m.contains("100003 entries")),
        "{:?}",
        run.message("unreadable")
    );
}

// ---------------------------------------------------------------------------------------------
// Entities

#[test]
fn billion_laughs_is_never_expanded() {
    let mut dtd = String::from("<!DOCTYPE w:document [<!ENTITY lol0 \"lol\">");
    for i in 1..10 {
        let refs = format!("&lol{};", i - 1).repeat(10);
        dtd.push_str(&format!("<!ENTITY lol{i} \"{refs}\">"));
    }
    dtd.push(']');
    dtd.push('>');
    let xml = document_xml(&para("&lol9;")).replacen("?>", &format!("?>{dtd}"), 1);
    let run = check_cli(&docx(xml.as_bytes()), &[]);
    run.assert_bounded("billion laughs");
    let message = run.message("unreadable").expect("unreadable");
    assert!(message.contains("DTD"), "{message}");
    assert!(run.peak_kib < 100 * 1024, "{} KiB", run.peak_kib);
}

/// An external entity pointing at a local listener: the listener must never see a connection.
#[test]
fn external_entities_are_never_fetched() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
    listener.set_nonblocking(true).expect("non-blocking");
    let url = format!("http://{}/leak", listener.local_addr().expect("address"));
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let secret = passwd.lines().next().unwrap_or("root:x:0:0").to_owned();
    let dtds = [
        format!("<!DOCTYPE w:document [<!ENTITY x SYSTEM \"{url}\">]>"),
        "<!DOCTYPE w:document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>".to_owned(),
        format!("<!DOCTYPE w:document [<!ENTITY % p SYSTEM \"{url}\"> %p;]>"),
        format!("<!DOCTYPE w:document SYSTEM \"{url}\">"),
    ];
    for dtd in &dtds {
        let xml = document_xml(&para("before &x; after")).replacen("?>", &format!("?>{dtd}"), 1);
        let run = check_cli(&docx(xml.as_bytes()), &[]);
        run.assert_bounded(dtd);
        assert!(run.names().contains(&"unreadable".to_owned()), "{dtd}");
        assert!(!run.json.to_string().contains(&secret), "{dtd}: file read");
        assert!(!run.stderr.contains(&secret), "{dtd}: file read");
    }
    // The package's own parts are read first, by the sniffer: a DTD there is refused too.
    let types = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE Types [<!ENTITY x SYSTEM \"{url}\">]><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"&x;\"/></Types>"
    );
    let mut parts = docx_parts(document_xml(&para("text")).as_bytes());
    parts[0].1 = types.into_bytes();
    parts[1].1 =
        format!("<?xml version=\"1.0\"?><!DOCTYPE Relationships SYSTEM \"{url}\"><Relationships/>")
            .into_bytes();
    let entries: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let run = check_cli(&zip_of(&entries), &[]);
    run.assert_bounded("DTD in the package parts");
    match listener.accept() {
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
        Ok((mut stream, _)) => {
            let mut request = String::new();
            let _ = stream.read_to_string(&mut request);
            panic!("an external entity was fetched: {request}");
        }
        Err(e) => panic!("accept: {e}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Nesting

/// Runs `f` on a thread with a small stack, so that recursion on the file's depth would overflow
/// it (and abort the test binary) rather than pass by luck on a large main stack.
fn on_small_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn_scoped(scope, f)
            .expect("thread")
            .join()
            .expect("no panic")
    })
}

#[test]
fn a_million_deep_elements_do_not_overflow_the_stack() {
    const DEPTH: usize = 1_000_000;
    // With the depth limit lifted, the reader must still not recurse: every nesting it knows
    // (unknown elements, content controls, tables in tables, insertions, text boxes) a million deep.
    let nestings: [(&str, &str); 5] = [
        ("<a>", "</a>"),
        ("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>"),
        ("<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>"),
        ("<w:ins>", "</w:ins>"),
        (
            "<w:r><w:pict><v:shape xmlns:v=\"urn:schemas-microsoft-com:vml\"><v:textbox><w:txbxContent><w:p>",
            "</w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>",
        ),
    ];
    let unlimited = Limits {
        max_xml_depth: usize::MAX,
        max_xml_events: u64::MAX,
        max_part_bytes: u64::MAX,
        max_total_inflated_bytes: u64::MAX,
        ..Limits::default()
    };
    for (open, close) in nestings {
        let levels = DEPTH / open.matches('<').count();
        let body = format!(
            "<w:p>{}<w:r><w:t>deep</w:t></w:r>{}</w:p>",
            open.repeat(levels),
            close.repeat(levels)
        );
        let bytes = docx(document_xml(&body).as_bytes());
        // In process, on a 256 KiB stack, no depth limit.
        let result = on_small_stack(|| read_docx(&bytes, &unlimited).map(|d| d.paragraphs.len()));
        assert!(
            !matches!(result, Err(ReadError::Limit { .. })),
            "{open}: {result:?}"
        );
        // Through the CLI, with the default limits, 100,000 deep: refused by depth, named.
        let levels = 100_000 / open.matches('<').count();
        let body = format!(
            "<w:p>{}<w:r><w:t>deep</w:t></w:r>{}</w:p>",
            open.repeat(levels),
            close.repeat(levels)
        );
        let bytes = docx(document_xml(&body).as_bytes());
        let run = check_cli(&bytes, &[]);
        run.assert_bounded(open);
        run.assert_limit(open, "max-xml-depth");
    }
}

#[test]
fn a_million_deep_pdf_arrays_and_dictionaries_end_cleanly() {
    const DEPTH: usize = 1_000_000;
    let nestings: [(&[u8], &[u8]); 3] = [(b"[", b"]"), (b"<< /A ", b">>"), (b"[", b"")];
    for (open, close) in nestings {
        let mut deep = open.repeat(DEPTH);
        deep.extend_from_slice(&close.repeat(DEPTH));
        // In an object the page refers to, and in the page's content stream (which the worker's
        // content parser reads).
        let mut objects = text_pdf_objects("Nested");
        objects[2] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R >> >> /Deep 6 0 R >>"
            .to_vec();
        objects.push(deep.clone());
        let run = check_cli(&pdf_of(&objects, ""), &[]);
        run.assert_bounded("deep object");
        assert_eq!(run.file()["pages"]["count"], 1, "{}", run.json);

        let mut content = b"BT /F1 12 Tf 72 720 Td (Nested) Tj ET\n".to_vec();
        content.extend_from_slice(&deep);
        let mut objects = text_pdf_objects("Nested");
        objects[3] = stream("", &content);
        let run = check_cli(&pdf_of(&objects, ""), &[]);
        run.assert_bounded("deep content stream");
        assert_eq!(run.file()["pages"]["count"], 1, "{}", run.json);
    }
}

// ---------------------------------------------------------------------------------------------
// Huge values

#[test]
fn huge_attribute_values_are_read_within_bounds() {
    let huge = "A".repeat(4 * MIB);
    let body = format!(
        "<w:p w:rsidR=\"{huge}\"><w:pPr><w:pStyle w:val=\"{huge}\"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii=\"{huge}\"/></w:rPr><w:t>Three words here</w:t></w:r></w:p>"
    );
    let run = check_cli(&docx(document_xml(&body).as_bytes()), &[]);
    run.assert_bounded("huge attributes");
    assert_eq!(run.file()["counts"]["words"], 3, "{}", run.json);
    assert_eq!(run.code, 0, "{}", run.json);
}

// ---------------------------------------------------------------------------------------------
// PDF bombs and lies

#[test]
fn a_pdf_object_stream_bomb_hits_the_part_limit() {
    // A compressed object stream (PDF 1.5) that inflates to 32 MiB: lopdf inflates object
    // streams while loading, bounded by max-part-mb.
    let bomb = zlib_of_repeated(b' ', 32 * MIB);
    let mut objects = text_pdf_objects("Bomb");
    objects.push(stream(
        "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
        &bomb,
    ));
    let run = check_cli(&pdf_of(&objects, ""), &[]);
    run.assert_bounded("object stream bomb");
    run.assert_limit("object stream bomb", "max-part-mb");
}

#[test]
fn a_pdf_content_stream_bomb_is_stopped_by_a_worker_limit() {
    // The page's content inflates to 1 GiB: the worker, not the parent, pays for it, and dies at
    // its memory, processor or wall-clock limit.
    let bomb = zlib_of_repeated(b' ', 1024 * MIB);
    let mut objects = text_pdf_objects("Bomb");
    objects[3] = stream("/Filter /FlateDecode", &bomb);
    let run = check_cli(&pdf_of(&objects, ""), &["--post", "officer-gps"]);
    run.assert_bounded("content stream bomb");
    let message = run.message("unreadable").expect("unreadable");
    assert!(
        ["worker-memory-mb", "worker-cpu-secs", "worker-wall-secs"]
            .iter()
            .any(|limit| message.contains(&format!("(limit {limit})"))),
        "{message}"
    );
    assert_eq!(run.file()["pages"]["count"], 1);
}

#[test]
fn page_tree_cycles_and_a_lying_count_give_the_real_pages() {
    let objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        // The root lists a page, itself, and a middle node that lists the root again.
        b"<< /Type /Pages /Kids [3 0 R 2 0 R 4 0 R] /Count 1000000000 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] >>".to_vec(),
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 5 0 R 4 0 R] /Count 2147483647 >>".to_vec(),
        b"<< /Type /Page /Parent 4 0 R /MediaBox [0 0 595.28 841.89] >>".to_vec(),
    ];
    let run = check_cli(&pdf_of(&objects, ""), &[]);
    run.assert_bounded("page-tree cycle");
    assert_eq!(run.file()["pages"]["count"], 2, "{}", run.json);
    assert_eq!(run.file()["pages"]["size"]["name"], "A4");
}

#[test]
fn broken_cross_reference_tables_are_rebuilt_or_refused() {
    let good = pdf_of(&text_pdf_objects("Broken xref"), "");
    let text = String::from_utf8(good.clone()).expect("ASCII");
    let xref_at = text.find("xref\n").expect("xref");
    // Every offset wrong, the table cut short, the startxref pointing nowhere, no table at all.
    let shifted = {
        let (head, table) = text.split_at(xref_at);
        let table = table.replace(" 00000 n", "9 00000 n");
        format!("{head}{table}")
    };
    let cut = format!(
        "{}trailer\n<< /Root 1 0 R >>\n%%EOF\n",
        &text[..xref_at + 10]
    );
    let nowhere = text.replace(&format!("startxref\n{xref_at}"), "startxref\n999999999");
    let none = format!("{}%%EOF\n", &text[..xref_at]);
    for (what, pdf) in [
        ("shifted offsets", shifted),
        ("cut table", cut),
        ("startxref nowhere", nowhere),
        ("no table", none),
    ] {
        let run = check_cli(pdf.as_bytes(), &[]);
        run.assert_bounded(what);
        // lopdf rebuilds the table by scanning the file for objects: the one page is found.
        assert_eq!(run.file()["pages"]["count"], 1, "{what}: {}", run.json);
    }
}

#[test]
fn password_protected_files_of_both_formats_are_unreadable() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real");
    for name in ["encrypted.docx", "password.pdf"] {
        let run = check_file(&root.join(name), &[]);
        run.assert_bounded(name);
        let message = run.message("unreadable").expect("unreadable");
        assert!(message.contains("password"), "{name}: {message}");
        assert_eq!(run.code, 1);
    }
}

// ---------------------------------------------------------------------------------------------
// Every limit: configurable, and named where it is hit

#[test]
fn every_limit_is_an_option_named_in_the_report() {
    let essay = docx(
        document_xml(&format!(
            "{}{}",
            para("A short essay of two paragraphs."),
            para("<w:tab/>With <w:b/>some</w:t></w:r><w:r><w:t> runs.")
        ))
        .as_bytes(),
    );
    let big_pdf = {
        let mut objects = text_pdf_objects("x");
        let text = format!("BT /F1 12 Tf 72 720 Td ({}) Tj ET", "word ".repeat(300_000));
        objects[3] = stream("", text.as_bytes());
        pdf_of(&objects, "")
    };
    let small_pdf = pdf_of(&text_pdf_objects("Small"), "");
    let mut nested = String::new();
    for _ in 0..20 {
        nested.push_str("<w:sdt><w:sdtContent>");
    }
    nested.push_str(&para("deep"));
    for _ in 0..20 {
        nested.push_str("</w:sdtContent></w:sdt>");
    }
    let nested = docx(document_xml(&nested).as_bytes());
    let two_mib = docx(&spacious_document(2 * MIB));
    let mut upload = essay.clone();
    upload.resize(MIB + 10, 0); // junk after the zip: still a zip, now over 1 MiB
    let two_pages = pdf_of(
        &[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R 4 0 R] >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R >>".to_vec(),
        ],
        "",
    );
    let cases: Vec<(&str, &str, &[u8])> = vec![
        ("max-upload-mb", "1", &upload),
        ("max-zip-entries", "2", &essay),
        ("max-part-mb", "1", &two_mib),
        ("max-inflated-mb", "1", &two_mib),
        ("max-paragraphs", "1", &essay),
        ("max-xml-depth", "10", &nested),
        ("max-xml-events", "10", &essay),
        ("max-pdf-objects", "3", &small_pdf),
        ("max-pdf-pages", "1", &two_pages),
        ("max-pdf-text-mb", "1", &big_pdf),
    ];
    for (limit, value, bytes) in cases {
        let option = format!("--{limit}");
        let run = check_cli(bytes, &[&option, value, "--post", "officer-gps"]);
        run.assert_bounded(limit);
        run.assert_limit(limit, limit);
        // The default lets the same file through.
        let run = check_cli(bytes, &["--post", "officer-gps"]);
        assert!(
            !run.message("unreadable")
                .is_some_and(|m| m.contains(&format!("(limit {limit})"))),
            "{limit} at its default: {}",
            run.json
        );
    }
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "fault injection is compiled into debug builds only"
)]
fn the_worker_limits_are_options_named_in_the_report() {
    let pdf = pdf_of(&text_pdf_objects("Worker"), "");
    for (limit, value, fault) in [
        ("worker-wall-secs", "1", "hang"),
        ("worker-cpu-secs", "1", "spin"),
        ("worker-memory-mb", "64", "alloc"),
    ] {
        let option = format!("--{limit}");
        let run = run_cli(
            &[
                "check",
                "--format",
                "json",
                "--post",
                "officer-gps",
                &option,
                value,
                "-",
            ],
            Some(&pdf),
            &[("ESSAYLINT_WORKER_FAULT", fault)],
        );
        run.assert_bounded(limit);
        run.assert_limit(limit, limit);
        assert!(
            run.elapsed < Duration::from_secs(6),
            "{limit}: {:?}",
            run.elapsed
        );
    }
}
