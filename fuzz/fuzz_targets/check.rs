//! The whole check of an arbitrary byte string: sniff, read, count, layout, content analysis, every
//! rule, and both renderers, against a variant. PDF text is skipped (the worker is its own target).
#![no_main]

use std::sync::OnceLock;

use essaylint::check::{Options, check_bytes};
use essaylint::check::TextExtraction;
use essaylint::report::Verdict;
use essaylint::rules::RuleSet;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    let rules = RULES.get_or_init(RuleSet::builtin);
    let options = Options {
        pdf_text: TextExtraction::Skip,
        ..Options::default()
    };
    let posts = ["PASP0150".to_owned()];
    let variant = rules.resolve(&posts).expect("a built-in post");
    let report = check_bytes("fuzz", data, rules, variant.as_ref(), &options);
    if matches!(
        report.format.as_str(),
        "empty" | "unknown" | "image" | "text"
    ) {
        assert_eq!(
            report.verdict,
            Verdict::Fail,
            "a non-document fails file-type"
        );
    }
    let _ = essaylint::render::json::file_to_json(&report);
    let whole = essaylint::report::Report::new(vec![report]);
    let _ = essaylint::render::human::render(&whole, false);
});
